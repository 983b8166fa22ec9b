"""Random inputs for the hidden tests: one generator per blank, or a property test where none fits.

A *case generator* takes a ``numpy.random.Generator`` and returns
``[(args, kwargs), ...]``: the calls on which ``autograder.hidden`` compares a
student's function with the reference. A *property test* takes the student's
function and a Generator and checks what must hold (``init_params``: shapes
and reproducibility; ``train_val_split``: a partition; ``iterate_minibatches``: an
epoch that covers every point once), for blanks whose
outputs depend on choices the notebook leaves open. The registry
(``autograder.blanks``) names each blank's generator or property test.

Only inputs live here; expected outputs come from ``solutions`` at grading time.
"""

import importlib
from collections.abc import Callable, Iterator

import numpy as np

from autograder.checking import call, call_isolated, expect_array, expect_keys, expect_true
from autograder.checks.training import _minibatch_problems, _rows, _split, minibatch_epoch

#: the calls a hidden test makes: [(args, kwargs), ...]
Cases = list[tuple[tuple, dict]]
REFERENCE_PACKAGE = "solutions"
"""The instructor's package the expected outputs come from."""


def reference(module: str):
    """The instructor's ``solutions.<module>``; a clear error where it is absent."""
    try:
        return importlib.import_module(f"{REFERENCE_PACKAGE}.{module}")
    except ModuleNotFoundError as exc:
        raise RuntimeError("hidden tests need the instructor's `solutions` package "
                           "(an editable install of the course repository)") from exc


#: The magnitudes of the sweep: every size from where the activations bend to where float64 stops
#: telling them apart (tanh(20) is 1.0), no farther (a sum of exponentials stays finite)
SWEEP = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0, 12.0, 15.0, 20.0, 30.0)


def _sweep(rng) -> np.ndarray:
    """Both signs of every magnitude of ``SWEEP``, each a little off (up to 5%): shape (2, 16).

    Random arrays of scale 4 hold one entry past 6 or none; a clip or a cut-off shows on one entry
    at best there, and one entry proves nothing (``fingerprints._saturated``). The sweep holds
    several beyond every threshold up to 20.
    """
    size = np.asarray(SWEEP) * (1.0 + rng.uniform(0.0, 0.05, size=len(SWEEP)))
    return np.stack([size, -size[::-1]])


def _arrays(rng, scale=4.0) -> Iterator[np.ndarray]:
    for shape in [(int(rng.integers(1, 9)),), tuple(rng.integers(1, 6, size=2)), (2, 3, 4)]:
        yield rng.normal(0, scale, size=shape)
    yield _sweep(rng)


def _network(rng, n=None, d=None, h=None):
    nn = reference("forward_pass")
    n = n or int(rng.integers(1, 12))
    d = d or int(rng.integers(1, 5))
    h = h or int(rng.integers(1, 9))
    params = nn.init_params(d, h, 1, seed=int(rng.integers(1_000)))
    params["b1"] = rng.normal(0, 0.5, size=h)
    params["b2"] = rng.normal(0, 0.5, size=1)
    X = rng.normal(0, 1, size=(n, d))
    y = (rng.uniform(size=n) < 0.5).astype(float)
    return X, y, params


def _probabilities(rng, n):
    y = (rng.uniform(size=n) < 0.5).astype(float)
    return y, rng.uniform(0.01, 0.99, size=n)


def elementwise_cases(rng: np.random.Generator) -> Cases:
    """Arrays of 1, 2 and 3 dimensions (activations and their derivatives), then a sweep of sizes up to
    30 (``_sweep``). Never an exact 0: the lesson leaves the slope at the kink a convention the
    checks never test (notebook 02)."""
    return [((x,), {}) for x in _arrays(rng)]


def leaky_cases(rng: np.random.Generator) -> Cases:
    """The same arrays, each with a random alpha."""
    return [((x,), {"alpha": float(rng.uniform(0.01, 0.5))}) for x in _arrays(rng)]


def loss_pair_cases(rng: np.random.Generator) -> Cases:
    """Labels y and probabilities y_hat of random lengths."""
    return [(_probabilities(rng, int(rng.integers(1, 20))), {}) for _ in range(3)]


def _rows_far_apart(rng: np.random.Generator, k: int) -> np.ndarray:
    """Scores of 2 to 5 rows, each shifted by its own +-800 or 0, two rows 1,600 apart: a softmax that
    subtracts one maximum for the whole batch (np.max(z)) gets nan on the rows far below it."""
    n = int(rng.integers(2, 6))
    shifts = rng.choice([0.0, 800.0, -800.0], size=(n, 1))
    shifts[:2] = [[800.0], [-800.0]]
    return rng.normal(0, 3, size=(n, k)) + rng.permutation(shifts)


def softmax_cases(rng: np.random.Generator) -> Cases:
    """Score matrices, some shifted by +-800 (a softmax must not overflow), and one whose rows are shifted
    each by its own amount (each row's own maximum must be subtracted)."""
    return [((rng.normal(0, 3, size=(int(rng.integers(1, 6)), int(rng.integers(2, 6))))
              + rng.choice([0.0, 800.0, -800.0]),), {}) for _ in range(3)] + [
        ((_rows_far_apart(rng, int(rng.integers(2, 6))),), {})]


def one_hot_cases(rng: np.random.Generator) -> Cases:
    """One-hot labels Y and row-stochastic probabilities P."""
    cases = []
    for _ in range(3):
        n, k = int(rng.integers(1, 8)), int(rng.integers(2, 6))
        z = rng.normal(size=(n, k))
        P = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        cases.append(((np.eye(k)[rng.integers(0, k, size=n)], P), {}))
    return cases


def one_hot_logit_cases(rng: np.random.Generator) -> Cases:
    """One-hot labels Y and logits Z, some shifted by +-800 (the softmax inside must not overflow), one
    with its rows shifted each by its own amount (each row's own maximum subtracted)."""
    cases = []
    for _ in range(3):
        n, k = int(rng.integers(1, 8)), int(rng.integers(2, 6))
        Z = rng.normal(0, 3, size=(n, k)) + rng.choice([0.0, 800.0, -800.0])
        cases.append(((np.eye(k)[rng.integers(0, k, size=n)], Z), {}))
    Z = _rows_far_apart(rng, int(rng.integers(2, 6)))
    cases.append(((np.eye(Z.shape[1])[rng.integers(0, Z.shape[1], size=len(Z))], Z), {}))
    return cases


def perceptron_cases(rng: np.random.Generator) -> Cases:
    """Single points x with weights w and a bias b, of 1 to 5 inputs; one exactly on the line
    (w . x + b = 0: fires) and one a hair below it (-1e-9: does not; a tolerance in the step is
    a slip random points never show)."""
    cases = []
    for _ in range(8):
        d = int(rng.integers(1, 6))
        cases.append(((rng.normal(size=d), rng.normal(size=d), float(rng.normal())), {}))
    cases.append(((np.array([1.0, 1.0]), np.array([0.5, 0.5]), -1.0), {}))
    cases.append(((np.array([1.0]), np.array([1.0]), -1.0 - 1e-9), {}))
    return cases


def separable_cases(rng: np.random.Generator) -> Cases:
    """Linearly separable point sets, with a random lr and number of epochs; one of integer 0/1 inputs."""
    cases = []
    for _ in range(2):
        X = rng.integers(-3, 4, size=(12, 2)).astype(float)
        w = rng.normal(size=2)
        y = (X @ w + 0.3 >= 0).astype(float)
        cases.append(((X, y), {"lr": float(rng.choice([0.5, 1.0])), "epochs": int(rng.integers(5, 30))}))
    # and once with integer inputs and labels, as a student writes a truth table (weights started as
    # np.zeros_like(X[0]) are ints then, and truncate lr = 0.5 steps)
    X = rng.integers(0, 2, size=(8, 3))
    score = X @ rng.normal(size=3)
    y = (score >= np.median(score)).astype(int)  # both labels, split by a plane
    cases.append(((X, y), {"lr": 0.5, "epochs": int(rng.integers(5, 30))}))
    return cases


def xor_cases(rng: np.random.Generator) -> Cases:
    """The four corners as arrays, and one as a list."""
    return [((np.array(x),), {}) for x in ([0, 0], [0, 1], [1, 0], [1, 1])] + [(([1, 0],), {})]


def forward_cases(rng: np.random.Generator) -> Cases:
    """Random two-layer networks with non-zero biases, and their inputs."""
    return [((X, params), {}) for X, _, params in (_network(rng) for _ in range(3))]


def backward_cases(rng: np.random.Generator) -> Cases:
    """Random networks, labels and the reference forward pass's cache."""
    fp = reference("forward_pass")
    cases = []
    for _ in range(3):
        X, y, params = _network(rng)
        cases.append(((X, y, params, fp.forward(X, params)[1]), {}))
    return cases


def sgd_cases(rng: np.random.Generator) -> Cases:
    """Random parameters, gradients and learning rates; one gradient all 0."""
    cases = []
    for _ in range(2):
        _, _, params = _network(rng)
        grads = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
        cases.append(((params, grads, float(rng.uniform(0.01, 3))), {}))
    # a gradient of exactly 0 (a dead unit's): its parameter is still updated, by nothing
    cases[0][0][1]["db1"] = np.zeros_like(cases[0][0][1]["db1"])
    return cases


def predict_cases(rng: np.random.Generator) -> Cases:
    """Random networks and inputs, with a random threshold."""
    return [((X, params), {"threshold": float(rng.uniform(0.2, 0.8))})
            for X, _, params in (_network(rng, n=30) for _ in range(2))]


def accuracy_cases(rng: np.random.Generator) -> Cases:
    """Random 0/1 labels and predictions of random lengths."""
    cases = []
    for _ in range(3):
        n = int(rng.integers(1, 40))
        cases.append(((rng.integers(0, 2, size=n), rng.integers(0, 2, size=n)), {}))
    return cases


def train_cases(rng: np.random.Generator) -> Cases:
    """A short training run on a small spiral with random hyperparameters."""
    from autograder.data import make_spiral

    X, y = make_spiral(int(rng.integers(8, 20)), 0.15, int(rng.integers(1_000)))
    X_val, y_val = make_spiral(6, 0.15, int(rng.integers(1_000)))
    kwargs = {"hidden": int(rng.integers(2, 10)), "lr": float(rng.uniform(0.1, 1.0)),
              "epochs": int(rng.integers(5, 25)), "seed": int(rng.integers(100))}
    return [((X, y, X_val, y_val), kwargs)]


def grid_cases(rng: np.random.Generator) -> Cases:
    """A small search: 1-2 hidden sizes x 2-3 learning rates, a few dozen epochs, a small spiral."""
    from autograder.data import make_spiral

    X, y = make_spiral(int(rng.integers(8, 16)), 0.15, int(rng.integers(1_000)))
    X_val, y_val = make_spiral(5, 0.15, int(rng.integers(1_000)))
    hiddens = tuple(int(h) for h in rng.integers(2, 9, size=int(rng.integers(1, 3))))
    lrs = tuple(float(lr) for lr in rng.uniform(0.2, 4.0, size=int(rng.integers(2, 4))))
    return [((X, y, X_val, y_val, hiddens, lrs, int(rng.integers(10, 40))), {})]


def _deep_network(rng):
    """A random network of 1 to 3 hidden layers with non-zero biases, inputs, labels, activation."""
    sizes = [int(rng.integers(1, 5)), *(int(h) for h in rng.integers(1, 7, size=int(rng.integers(1, 4)))), 1]
    params = reference("what_next").init_deep_params(sizes, seed=int(rng.integers(1_000)))
    for key in params:
        if key.startswith("b"):
            params[key] = rng.normal(0, 0.5, size=params[key].shape)
    n = int(rng.integers(1, 12))
    X = rng.normal(0, 1, size=(n, sizes[0]))
    y = (rng.uniform(size=n) < 0.5).astype(float)
    return X, y, params, str(rng.choice(["relu", "sigmoid"]))


def init_deep_cases(rng: np.random.Generator) -> Cases:
    """Random layer sizes (2 to 5 layers) and seeds."""
    return [(([int(v) for v in rng.integers(1, 9, size=int(rng.integers(2, 6)))],),
             {"seed": int(rng.integers(1_000))}) for _ in range(3)]


def forward_deep_cases(rng: np.random.Generator) -> Cases:
    """Random networks of 1 to 3 hidden layers, with relu or sigmoid."""
    networks = (_deep_network(rng) for _ in range(3))
    return [((X, params), {"activation": act}) for X, _, params, act in networks]


def backward_deep_cases(rng: np.random.Generator) -> Cases:
    """Random deep networks, labels and the reference forward pass's cache."""
    cases = []
    for _ in range(3):
        X, y, params, act = _deep_network(rng)
        cache = reference("what_next").forward_deep(X, params, act)[1]
        cases.append(((X, y, params, cache), {"activation": act}))
    return cases


def _optimizer_inputs(rng):
    _, _, params, _ = _deep_network(rng)
    grads = {"d" + k: rng.normal(size=v.shape) * 10.0 ** rng.uniform(-3, 1, size=v.shape)
             for k, v in params.items()}
    return params, grads


def momentum_cases(rng: np.random.Generator) -> Cases:
    """A first step (velocity None) and a later one, random lr and beta."""
    cases = []
    for first in (True, False):
        params, grads = _optimizer_inputs(rng)
        velocity = None if first else {k: rng.normal(size=v.shape) for k, v in params.items()}
        cases.append(((params, grads, velocity, float(rng.uniform(0.01, 1))),
                      {"beta": float(rng.uniform(0.5, 0.99))}))
    return cases


def adam_cases(rng: np.random.Generator) -> Cases:
    """A first step (state None) and a later one, random lr, beta1 and beta2."""
    cases = []
    for first in (True, False):
        params, grads = _optimizer_inputs(rng)
        state = None if first else {"t": int(rng.integers(1, 50)),
                                    "m": {k: rng.normal(size=v.shape) for k, v in params.items()},
                                    "v": {k: rng.uniform(0.01, 2, size=v.shape) for k, v in params.items()}}
        cases.append(((params, grads, state, float(rng.uniform(0.001, 0.1))),
                      {"beta1": float(rng.uniform(0.5, 0.95)), "beta2": float(rng.uniform(0.9, 0.9999))}))
    return cases


def softmax_loss_cases(rng: np.random.Generator) -> Cases:
    """Random two-layer softmax networks (2 to 5 classes) with non-zero biases, labels and penalties."""
    cases = []
    for _ in range(3):
        d, h, k, n = (int(rng.integers(low, high)) for low, high in ((1, 5), (1, 9), (2, 6), (1, 12)))
        params = reference("forward_pass").init_params(d, h, k, seed=int(rng.integers(1_000)))
        params["b1"] = rng.normal(0, 0.5, size=h)
        params["b2"] = rng.normal(0, 0.5, size=k)
        X = rng.normal(0, 1, size=(n, d))
        reg = float(rng.choice([0.0, rng.uniform(0, 0.1)]))
        cases.append(((X, rng.integers(0, k, size=n), params), {"reg": reg}))
    return cases


def softmax_train_cases(rng: np.random.Generator) -> Cases:
    """A short run of the softmax classifier on a small 2-4 class spiral."""
    from autograder.data import make_cs231n_spiral

    k = int(rng.integers(2, 5))
    X, y = make_cs231n_spiral(int(rng.integers(4, 12)), k, 0.2, int(rng.integers(1_000)))
    X_val, y_val = make_cs231n_spiral(3, k, 0.2, int(rng.integers(1_000)))
    kwargs = {"hidden": int(rng.integers(2, 10)), "lr": float(rng.uniform(0.1, 1.0)),
              "epochs": int(rng.integers(3, 15)), "reg": float(rng.uniform(0, 0.1)),
              "seed": int(rng.integers(100))}
    return [((X, y, X_val, y_val), kwargs)]


def init_params_properties(init_params: Callable, rng: np.random.Generator) -> None:
    """Right shapes for random sizes, and the same parameters for the same seed."""
    __tracebackhide__ = True
    for _ in range(3):
        d, h, k = (int(v) for v in rng.integers(1, 9, size=3))
        seed = int(rng.integers(1_000))
        label = f"init_params({d}, {h}, n_out={k}, seed={seed})"
        params = expect_keys(call_isolated(init_params, d, h, n_out=k, seed=seed, label=label), label,
                             ("W1", "b1", "W2", "b2"))
        for key, shape in {"W1": (h, d), "b1": (h,), "W2": (k, h), "b2": (k,)}.items():
            expect_array(params[key], f"{label}[{key!r}]", shape=shape)
        again = call(init_params, d, h, n_out=k, seed=seed, label=label)
        expect_true(all(np.array_equal(params[k_], again[k_]) for k_ in params),
                    f"{label} is not reproducible for a fixed seed.")


def split_properties(train_val_split: Callable, rng: np.random.Generator) -> None:
    """Every row lands in exactly one part, with its own label."""
    __tracebackhide__ = True
    for _ in range(3):
        n = int(rng.integers(5, 80))
        X = np.stack([np.arange(n, dtype=float), rng.normal(size=n)], axis=1)
        y = rng.integers(0, 2, size=n)
        (X_tr, X_va, y_tr, y_va), label = _split(train_val_split, X, y,
                                                 float(rng.choice([0.1, 0.25, 0.5])),
                                                 int(rng.integers(1_000)))
        ids = np.concatenate([X_tr[:, 0], X_va[:, 0]]).astype(int)
        expect_true(np.array_equal(np.sort(ids), np.arange(n)),
                    f"{label} on a hidden input: every point must land in exactly one part.")
        expect_true(np.array_equal(np.concatenate([y_tr, y_va]), y[ids]),
                    f"{label} on a hidden input: labels no longer match their rows.")


def minibatch_properties(iterate_minibatches: Callable, rng: np.random.Generator) -> None:
    """Random sizes and seeds: every row once per epoch, with its label, in batches of batch_size."""
    __tracebackhide__ = True
    for _ in range(3):
        n = int(rng.integers(1, 60))
        batch_size = int(rng.integers(1, n + 8))
        X, y = _rows(n, rng)
        batches, label = minibatch_epoch(iterate_minibatches, X, y, batch_size, int(rng.integers(1_000)))
        problem = _minibatch_problems(batches, label, X, y, batch_size)
        expect_true(problem is None, f"On a hidden input (N = {n}): {problem}")
