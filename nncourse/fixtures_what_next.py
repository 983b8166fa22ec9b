"""Stored inputs and reference outputs for notebook 07 (``autograder/fixtures/what_next.npz``).

Instructor side only. Registered in ``nncourse.fixtures.GENERATORS``, so
``python -m nncourse.fixtures`` writes it with the others.
Keys are "<blank>/<case>/<name>", as everywhere; parameters keep their names
(W1, b1, ...), gradients theirs (dW1, ...), and an optimizer's outputs carry
the name of the call that produced them after an "@".
"""

import numpy as np

from autograder import data
from solutions import forward_pass, what_next

#: the stored networks, by case (1, 2 and 3 hidden layers, one point, sigmoid hidden layers):
#: (inputs D, hidden widths, batch N, seed); seeds picked so that no unit sits near the ReLU kink
#: and every non-zero gradient entry exceeds 1e-3 (a well-conditioned gradient check).
NETWORKS = {"h1": (3, [5], 7, 701), "h2": (3, [5, 4], 7, 716), "h3": (3, [4, 5, 3], 7, 714),
            "single": (2, [4, 3], 1, 730), "sigmoid": (3, [5, 4], 7, 791)}
#: the optimizer calls the checks replay: name -> keyword arguments
MOMENTUM_CALLS = {"first": {"velocity": None, "lr": 0.1, "beta": 0.9},
                  "later": {"lr": 0.1, "beta": 0.9},
                  "beta": {"lr": 0.5, "beta": 0.5}}
ADAM_CALLS = {"first": {"state": None, "lr": 0.01},
              "later": {"lr": 0.01},
              "custom": {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}}
#: the stored short run of softmax_classifier_train
SOFTMAX_RUN = {"hidden": 6, "lr": 0.5, "epochs": 30, "reg": 0.05, "seed": 3}


def deep_network(d: int, hidden: list[int], n: int, seed: int) -> tuple[np.ndarray, np.ndarray, dict]:
    """A network with non-zero biases (so a forgotten bias shows), inputs and labels."""
    rng = np.random.default_rng(seed)
    params = what_next.init_deep_params([d, *hidden, 1], seed=seed)
    for key in params:
        if key.startswith("b"):
            params[key] = rng.normal(0, 0.5, size=params[key].shape)
    X = rng.normal(0, 1, size=(n, d))
    y = (rng.uniform(size=n) < 0.5).astype(float)
    return X, y, params


def _prefixed(prefix: str, values: dict, suffix: str = "") -> dict[str, np.ndarray]:
    return {f"{prefix}/{k}{suffix}": np.asarray(v) for k, v in values.items()}


def _deep_cases() -> dict[str, np.ndarray]:
    values = {}
    for sizes, seed in (([3, 5, 4, 1], 0), ([2, 3, 3, 3, 2], 5)):
        case = f"{len(sizes) - 1}layers"
        values[f"init_deep_params/{case}/layer_sizes"] = np.array(sizes)
        values[f"init_deep_params/{case}/seed"] = np.array(seed)
        values.update(_prefixed(f"init_deep_params/{case}", what_next.init_deep_params(sizes, seed)))
    for case, (d, hidden, n, seed) in NETWORKS.items():
        X, y, params = deep_network(d, hidden, n, seed)
        activation = "sigmoid" if case == "sigmoid" else "relu"
        y_hat, cache = what_next.forward_deep(X, params, activation)
        # Central differences and stored ReLU masks are exact only away from the kink.
        zs = [v for k, v in cache.items() if k.startswith("z")]
        assert min(np.abs(z).min() for z in zs) > 1e-3, f"{case}: a unit sits on the ReLU kink"
        grads = what_next.backward_deep(X, y, params, cache, activation)
        entries = np.abs(np.concatenate([g.ravel() for g in grads.values()]))
        assert entries[entries > 0].min() > 1e-3, f"{case}: a tiny gradient entry; pick another seed"
        shared = {"X": X, **params, **cache}
        values.update(_prefixed(f"forward_deep/{case}", {**shared, "y_hat": y_hat}))
        values.update(_prefixed(f"backward_deep/{case}", {**shared, "y": y, **grads}))
    return values


def _optimizer_inputs(rng: np.random.Generator) -> tuple[dict, dict]:
    """Parameters, and gradients whose entries span 1e-4 to 1e2 in size and both signs."""
    _, _, params = deep_network(3, [4], 1, 710)
    grads = {}
    for key, p in params.items():
        size = 10.0 ** rng.uniform(-4, 2, size=p.shape)
        grads["d" + key] = size * rng.choice([-1.0, 1.0], size=p.shape)
    return params, grads


def _optimizer_cases() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(711)
    params, grads = _optimizer_inputs(rng)
    velocity = {k: rng.normal(0, 1, size=p.shape) for k, p in params.items()}
    m = {k: rng.normal(0, 1, size=p.shape) for k, p in params.items()}
    v = {k: rng.uniform(0.01, 4, size=p.shape) for k, p in params.items()}
    state = {"t": 3, "m": m, "v": v}
    values = {}
    for prefix in ("momentum_step/main", "adam_step/main"):
        values.update(_prefixed(prefix, {**params, **grads}))
    values.update(_prefixed("momentum_step/main", {f"vel_{k}": x for k, x in velocity.items()}))
    for name, call in MOMENTUM_CALLS.items():
        kwargs = {"velocity": velocity, **call}
        new, vel = what_next.momentum_step(params, grads, **kwargs)
        values.update(_prefixed("momentum_step/main", {f"new_{k}": x for k, x in new.items()}, f"@{name}"))
        values.update(_prefixed("momentum_step/main", {f"vel_{k}": x for k, x in vel.items()}, f"@{name}"))
    values["adam_step/main/t"] = np.array(state["t"])
    values.update(_prefixed("adam_step/main", {f"m_{k}": x for k, x in m.items()}))
    values.update(_prefixed("adam_step/main", {f"v_{k}": x for k, x in v.items()}))
    for name, call in ADAM_CALLS.items():
        new, out = what_next.adam_step(params, grads, **{"state": state, **call})
        values[f"adam_step/main/t@{name}"] = np.array(out["t"])
        values.update(_prefixed("adam_step/main", {f"new_{k}": x for k, x in new.items()}, f"@{name}"))
        values.update(_prefixed("adam_step/main", {f"m_{k}": x for k, x in out["m"].items()}, f"@{name}"))
        values.update(_prefixed("adam_step/main", {f"v_{k}": x for k, x in out["v"].items()}, f"@{name}"))
    return values


def _softmax_cases() -> dict[str, np.ndarray]:
    X, y = data.make_cs231n_spiral(10, 3, 0.2, seed=712)
    X_val, y_val = data.make_cs231n_spiral(5, 3, 0.2, seed=713)
    values = {"X": X, "y": y, "X_val": X_val, "y_val": y_val, **SOFTMAX_RUN}
    penalties = []  # each epoch's penalty (reg / 2)(|W1|^2 + |W2|^2), on the parameters it starts from
    loss = what_next.softmax_classifier_loss

    def recording(X_, y_, params_, reg=0.0):
        if reg:
            penalties.append(0.5 * reg * (np.sum(params_["W1"] ** 2) + np.sum(params_["W2"] ** 2)))
        return loss(X_, y_, params_, reg)

    what_next.softmax_classifier_loss = recording
    try:
        params, history = what_next.softmax_classifier_train(X, y, X_val, y_val, **SOFTMAX_RUN)
    finally:
        what_next.softmax_classifier_loss = loss
    values.update(params)
    values.update(history)
    values["penalty"] = np.array(penalties)
    # The same run without the penalty: a result equal to it means reg never reached the update.
    params, history = what_next.softmax_classifier_train(X, y, X_val, y_val, **{**SOFTMAX_RUN, "reg": 0.0})
    values.update({f"noreg_{k}": v for k, v in {**params, **history}.items()})
    return _prefixed("softmax_classifier_train/small", values)


#: the stored network of softmax_classifier_loss: (inputs D, hidden H, classes K, seed), its labels
#: (the first four lack the last class) and the penalty's strength
SOFTMAX_LOSS_NETWORK = (2, 5, 3, 720)
SOFTMAX_LOSS_LABELS = [0, 1, 1, 0, 2, 2, 1, 0]
SOFTMAX_LOSS_REG = 0.05


def _softmax_loss_cases() -> dict[str, np.ndarray]:
    d, h, k, seed = SOFTMAX_LOSS_NETWORK
    rng = np.random.default_rng(seed)
    params = forward_pass.init_params(d, h, k, seed=seed)
    params["b1"] = rng.normal(0, 0.5, size=h)  # non-zero biases: a penalised bias shows
    params["b2"] = rng.normal(0, 0.5, size=k)
    X = rng.normal(0, 1, size=(len(SOFTMAX_LOSS_LABELS), d))
    y = np.array(SOFTMAX_LOSS_LABELS)
    # Central differences are exact only away from the ReLU kink.
    assert np.abs(X @ params["W1"].T + params["b1"]).min() > 1e-3, "a unit sits on the ReLU kink"
    values = {"X": X, "y": y, "reg": np.array(SOFTMAX_LOSS_REG), "y_few": y[:4], **params}
    for case, reg in (("noreg", 0.0), ("reg", SOFTMAX_LOSS_REG)):
        loss, grads = what_next.softmax_classifier_loss(X, y, params, reg)
        values[f"loss@{case}"] = np.array(loss)
        values.update({f"{key}@{case}": g for key, g in grads.items()})
    values["loss@few"] = np.array(what_next.softmax_classifier_loss(X[:4], y[:4], params)[0])
    return _prefixed("softmax_classifier_loss/small", values)


def what_next_cases() -> dict[str, np.ndarray]:
    """Every stored value of notebook 07."""
    return {**_deep_cases(), **_optimizer_cases(), **_softmax_loss_cases(), **_softmax_cases()}
