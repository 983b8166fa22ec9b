"""Checks for notebook 07: deep networks, momentum and Adam, and the three-class softmax classifier.

The classifier is checked in two steps: its loss and gradients, then its training loop.

Networks of any depth use the course's naming: W1..WL and b1..bL, a cache with
z1..zL and a1..a{L-1}, gradients dW1..dWL and db1..dbL. When a value is wrong,
the checks look for the fingerprint of a common slip (a forgotten bias, a
missing (1 - beta), no bias correction, ...) and name it.
"""

import itertools

import numpy as np

from autograder import data
from autograder.aliasing import later_entry_values
from autograder.checking import (
    NOT_REPRODUCIBLE_HINT,
    CheckFailed,
    all_close,
    call,
    call_isolated,
    expect_array,
    expect_close,
    expect_int,
    expect_keys,
    expect_length,
    expect_number,
    expect_parts,
    expect_true,
    expect_zeros,
    fail,
    flat_labels_fact,
    hint_line,
    ignores_argument,
    not_reproducible,
    passed,
    show,
    siblings,
    spread_hint,
    with_other_cases,
)
from autograder.containers import expect_own_containers
from autograder.fingerprints import (
    Clues,
    Hypothesis,
    activations_of,
    fact,
    order_hint,
    swapped_weights,
    weight_operands,
)
from autograder.gradcheck import numerical_param_gradients, rel_error
from autograder.known_values import known_values
from autograder.optimizer_state import corrected_stored, correction_slips, counter_kept
from autograder.optimizer_variants import adam_forms, adam_state_forms, momentum_forms
from autograder.sequences import history_slips, params_match
from autograder.time_budget import ENDLESS_LOOP, call_within_budget, time_limit
from autograder.updates import learning_rate, unchanged

NB = "what_next"
GRAD_TOL = 1e-7
HISTORY_KEYS = ("loss", "val_loss", "acc", "val_acc")
#: The run the softmax target grades: CS231n's network (100 ReLU units, step size 1, reg 1e-3).
SOFTMAX_TARGET_RUN = {"hidden": 100, "lr": 1.0, "epochs": 300, "reg": 1e-3, "seed": 0}
#: Held-out accuracy the softmax target demands; calibrated in notebook 07, section 7.6.
SOFTMAX_THRESHOLD = 0.94
#: Seconds the softmax target allows for one call of ``softmax_classifier_train``.
SOFTMAX_TIME_BUDGET = 60
#: Seconds the check of ``softmax_classifier_train`` allows for its short run (30 epochs on 30
#: points): the reference takes 3.3 ms (2026-12-02, load 4), so 20 s, the budget of the other
#: checks' short runs, is thousands of times that, and far below the grader's cell limit.
CHECK_RUN_BUDGET = 20


# --------------------------------------------------------------------------
# Networks of any depth: names of their parts
# --------------------------------------------------------------------------

def _depth(kv) -> int:
    """Number of layers L of a stored network (keys W1..WL)."""
    return sum(1 for k in kv if k.startswith("W") and k[1:].isdigit())


def _param_keys(n_layers: int) -> tuple:
    return tuple(f"{p}{i}" for i in range(1, n_layers + 1) for p in ("W", "b"))


def _cache_keys(n_layers: int) -> tuple:
    """z1, a1, z2, a2, ..., zL: in the order the forward pass computes them."""
    keys = []
    for i in range(1, n_layers + 1):
        keys.append(f"z{i}")
        if i < n_layers:
            keys.append(f"a{i}")
    return tuple(keys)


def _grad_keys(n_layers: int) -> tuple:
    """dWL, dbL, ..., dW1, db1: in the order backprop computes them."""
    return tuple(f"{p}{i}" for i in range(n_layers, 0, -1) for p in ("dW", "db"))


def _entry(part, key):
    """part[key] when part is a dict holding it, else None (an output not yet checked, matching nothing)."""
    return part.get(key) if isinstance(part, dict) else None


def _params_of(kv) -> dict:
    return {k: kv[k] for k in _param_keys(_depth(kv))}


def _hidden(n_layers: int) -> str:
    n = n_layers - 1
    return f"{n} hidden layer{'s' if n > 1 else ''}"


# --------------------------------------------------------------------------
# init_deep_params
# --------------------------------------------------------------------------

def _init(init_deep_params, sizes, seed):
    __tracebackhide__ = True
    label = f"init_deep_params({sizes}, seed={seed})"
    n_layers = len(sizes) - 1
    params = expect_keys(call_isolated(init_deep_params, list(sizes), seed=seed, label=label), label,
                         _param_keys(n_layers))
    named = Clues(sizes={f"layer_sizes[{i}]": size for i, size in enumerate(sizes)})
    for i in range(1, n_layers + 1):
        expect_array(params[f"W{i}"], f"{label}['W{i}']", shape=(sizes[i], sizes[i - 1]), clues=named)
        expect_array(params[f"b{i}"], f"{label}['b{i}']", shape=(sizes[i],), clues=named)
    return params, label


def _other_sizes(init_deep_params):
    """Each layer's sample spread, fan-in and fan-out from a call of other sizes (300 -> 600 -> 100)."""
    __tracebackhide__ = True
    sizes = [300, 600, 100]
    other, _ = _init(init_deep_params, sizes, 7)
    return [other["W1"].std(), other["W2"].std()], sizes[:-1], sizes[1:]


def _other_draw_orders(sizes: list[int], seed: int, layer: int) -> list[Hypothesis]:
    """W{layer} (an array of shape (sizes[layer], sizes[layer - 1])) under the other orders of drawing the
    layers from one generator (W3, W2, W1 from the output back, ...): each layer takes the next numbers
    of the one stream, so W{layer}'s numbers are fixed by how many are drawn before it. Orders that draw
    as many first (W2 or W3 before W1, of one size) give the same numbers, and are named together.
    sizes: the layer sizes; seed: the generator's."""
    n = len(sizes) - 1
    counts = {i: sizes[i] * sizes[i - 1] for i in range(1, n + 1)}
    right = sum(counts[j] for j in range(1, layer))
    stream = np.random.default_rng(seed).standard_normal(sum(counts.values()))
    by_start: dict[int, list[str]] = {}
    for k in range(n):
        for before in itertools.combinations([j for j in range(1, n + 1) if j != layer], k):
            drawn = " and ".join(f"W{j}" for j in before) or "no other layer"
            by_start.setdefault(sum(counts[j] for j in before), []).append(
                f"{drawn} {'are' if len(before) > 1 else 'is'} drawn")
    found = []
    for start, ways in by_start.items():
        if start == right:
            continue  # the right numbers, whatever the order that gives them
        value = np.sqrt(2.0 / sizes[layer - 1]) * stream[start:start + counts[layer]].reshape(
            sizes[layer], sizes[layer - 1])
        said = (f"W{layer} holds the numbers one generator gives once {', or once '.join(ways)}: your "
                "layers are drawn in another order (from the output back, or some other). Each layer takes "
                "the next numbers of the stream: draw W1 first, then W2, and on to the output.")
        found.append(Hypothesis("init.draw_order", said, value))
    return found


def check_init_deep_params(init_deep_params):
    """Shapes, zero biases, He-normal spread per layer, the seeded draws in layer order."""
    __tracebackhide__ = True
    kv = known_values(NB, "init_deep_params", "3layers")
    params, label = _init(init_deep_params, kv["layer_sizes"].tolist(), int(kv["seed"]))
    for key, value in params.items():
        if key.startswith("b"):
            expect_zeros(value, f"{label}[{key!r}]")
    # With 120,000 draws per layer the sample spread is within 1% of the true one (about 5 sigma).
    sizes = [300, 400, 300]
    big, big_label = _init(init_deep_params, sizes, 7)
    stds = [big[f"W{i}"].std() for i in (1, 2)]
    for i in (1, 2):
        w, n_in, n_out = big[f"W{i}"], sizes[i - 1], sizes[i]
        want = np.sqrt(2.0 / n_in)
        # The spread first: the mean's tolerance is set for the right spread (see init_params).
        if abs(w.std() / want - 1) >= 0.01:  # the hint is worked out only for a wrong spread
            fail(f"{big_label}['W{i}'] (n_in = {n_in}, n_out = {n_out}) should have standard deviation "
                 f"sqrt(2 / n_in) = {want:.5f} (He initialisation); got {w.std():.5f}."
                 + spread_hint(stds, sizes[:-1], sizes[1:], weights=[big["W1"], big["W2"]],
                               again=lambda: _other_sizes(init_deep_params)))
        expect_true(abs(w.mean()) < 0.02 * want, f"{big_label}['W{i}'] should have mean 0; "
                                                 f"its mean is {w.mean():.4g}.")
    for case in ("3layers", "4layers"):
        kv = known_values(NB, "init_deep_params", case)
        params, label = _init(init_deep_params, kv["layer_sizes"].tolist(), int(kv["seed"]))
        for i in range(1, len(kv["layer_sizes"])):
            key = f"W{i}"
            if not all_close(params[key], kv[key]):
                sizes_, seed_ = kv["layer_sizes"].tolist(), int(kv["seed"])
                # What a generator made anew from the seed draws first for this layer: proven entry by
                # entry, where "W1 right, a later layer wrong" alone would not tell why.
                fresh = np.random.default_rng(seed_).normal(0.0, np.sqrt(2.0 / sizes_[i - 1]),
                                                            size=(sizes_[i], sizes_[i - 1]))
                later = [Hypothesis("init.generator_per_layer", f"{key} holds the first draws of a generator "
                                    "made anew from the seed: create the generator once, before the loop, "
                                    "and draw every layer from it in turn.", fresh)] if i > 1 else []
                unseeded = not_reproducible(init_deep_params, (sizes_,), {"seed": seed_}, params, label)
                orders = _other_draw_orders(sizes_, seed_, i)
                expect_close(params[key], kv[key], f"{label}[{key!r}]",
                             clues=Clues(related=[*later, *orders, unseeded]),
                             mistake=f"{NB}:init_deep_params/{case}/{key}",
                             seen=siblings(f"{NB}:init_deep_params/{case}", params, key))
    again, _ = _init(init_deep_params, sizes, 7)
    expect_true(all(np.array_equal(big[k], again[k]) for k in big),
                "init_deep_params with the same seed gave different weights."
                + hint_line("fp.not_reproducible", NOT_REPRODUCIBLE_HINT))
    other, _ = _init(init_deep_params, sizes, 8)
    expect_true(not np.array_equal(big["W1"], other["W1"]),
                "init_deep_params gave the same weights for seeds 7 and 8: use the seed argument.")
    passed("init_deep_params", "shapes, zero biases, He-normal spread, seeded draws in layer order")


# --------------------------------------------------------------------------
# forward_deep
# --------------------------------------------------------------------------

def _forward_clues(key, kv, params, activation) -> Clues:
    """The slips a wrong cache entry may show: a missing bias, a skipped or ignored activation."""
    i = int(key[1:])
    if key.startswith("z"):
        related = [Hypothesis("fp.missing_term", f"z{i} lacks the bias: z{i} = a{i - 1} @ "
                                                 f"W{i}.T + b{i} (with a0 = X).", kv[key] - params[f"b{i}"])]
        if i > 1:  # the layer fed the previous pre-activation: the activation computed but not passed on
            related.append(Hypothesis("fp.missing_activation", f"z{i} is computed from z{i - 1}, where "
                                      f"a{i - 1}, the activation of z{i - 1}, belongs: each layer takes the "
                                      f"previous layer's activation, z{i} = a{i - 1} @ W{i}.T + b{i}.",
                                      kv[f"z{i - 1}"] @ params[f"W{i}"].T + params[f"b{i}"]))
        return Clues(related=related)
    z = kv[f"z{i}"]
    related = [Hypothesis("fp.missing_activation", f"a{i} equals z{i}: apply the hidden activation to "
                                                   "every hidden layer.", z)]
    if activation == "sigmoid":
        related.append(Hypothesis("fp.ignores_argument", f"with activation='sigmoid' the hidden layers use "
                                  f"sigmoid: a{i} = sigmoid(z{i}); yours is relu(z{i}).",
                                  np.where(z > 0, z, 0.0)))
        related += [h for h in activations_of(z, f"a{i}", "sigmoid") if "relu" not in h.hint]
    else:
        related += activations_of(z, f"a{i}", "relu")
    return Clues(related=related)


DEEP_CASES = ("h1", "h2", "h3", "single")
"""The stored cases of forward_deep and backward_deep with the default activation (ReLU)."""


def _deep_outputs(result) -> dict:
    """forward_deep's result as its outputs by name (y_hat and the cache's arrays)."""
    y_hat, cache = result
    return {**cache, "y_hat": y_hat}


def _forward_inputs(case: str) -> tuple:
    """forward_deep's arguments on a stored case: (X, params)."""
    kv = known_values(NB, "forward_deep", case)
    return kv["X"], _params_of(kv)


def _forward_case(forward_deep, case, activation=None):
    __tracebackhide__ = True
    kv = known_values(NB, "forward_deep", case)
    X, params = kv["X"], _params_of(kv)
    n_layers, n = _depth(kv), X.shape[0]
    kwargs = {} if activation is None else {"activation": activation}
    label = (f"forward_deep(X, params{''.join(f', {k}={v!r}' for k, v in kwargs.items())}) with "
             f"{_hidden(n_layers)}, N = {n}")
    result = call_isolated(forward_deep, X, params, label=label, **kwargs)
    # a catalogued mistake named from this case must explain the other ReLU cases too
    others = {} if activation else {
        f"{NB}:forward_deep/{c}": _forward_inputs(c) for c in DEEP_CASES if c != case}
    expect_parts(result, label, ("y_hat", "cache"), (np.ndarray, dict))
    y_hat, cache = result
    cache = expect_keys(cache, f"cache from {label}", _cache_keys(n_layers))
    expect_array(y_hat, f"y_hat from {label}", shape=(n,))
    for key in _cache_keys(n_layers):
        what = f"cache[{key!r}] from {label}"
        expect_array(cache[key], what, shape=kv[key].shape, expected=kv[key], clues=Clues(inputs={"X": X}))
        if not all_close(cache[key], kv[key]):
            clues = _forward_clues(key, kv, params, activation)
            clues.related += later_entry_values(key, cache, kv, _cache_keys(n_layers))
            seen = siblings(f"{NB}:forward_deep/{case}", {**cache, "y_hat": y_hat}, key)
            expect_close(cache[key], kv[key], what, mistake=f"{NB}:forward_deep/{case}/{key}",
                         clues=clues, seen=with_other_cases(seen, forward_deep, others, label, _deep_outputs))
    if not all_close(y_hat, kv["y_hat"]):
        # The cache is right here, so the slip is in the output step.
        z = kv[f"z{n_layers}"].ravel()
        output = "the cache is right, so the slip is in the output: y_hat = sigmoid(zL).ravel()"
        expect_close(y_hat, kv["y_hat"], f"y_hat from {label}", mistake=f"{NB}:forward_deep/{case}/y_hat",
                     clues=Clues(related=[
                         Hypothesis("fp.wrong_activation", f"{output}, with no ReLU on the output layer "
                                    "(yours is 0.5 wherever zL < 0).", np.where(z > 0, kv["y_hat"], 0.5)),
                         Hypothesis("fp.missing_activation", f"{output}; yours is zL itself.", z),
                         # on a case where zL > 0 everywhere, relu(zL) is zL: both are then named
                         Hypothesis("fp.wrong_activation", f"{output}; yours is relu(zL), the hidden "
                                    "layers' activation.", np.maximum(z, 0.0))]))
    return n_layers


def check_forward_deep(forward_deep):
    """y_hat (N,) and the cache z1..zL, a1..a{L-1} for 1, 2 and 3 hidden layers, ReLU or sigmoid."""
    __tracebackhide__ = True
    for case in DEEP_CASES:
        _forward_case(forward_deep, case)
    _forward_case(forward_deep, "sigmoid", activation="sigmoid")
    passed("forward_deep", "y_hat and cache right for 1, 2 and 3 hidden layers, N = 7 and N = 1, "
                           "ReLU and sigmoid")


# --------------------------------------------------------------------------
# backward_deep
# --------------------------------------------------------------------------

def _backward_inputs(kv):
    n_layers = _depth(kv)
    cache = {k: kv[k] for k in _cache_keys(n_layers)}
    return kv["X"], kv["y"], _params_of(kv), cache


def _grads_of(backward_deep, X, y, params, cache, label, expected=None, **kwargs):
    """The gradients backward_deep returns, checked for keys and shapes; expected: the right ones."""
    __tracebackhide__ = True
    n_layers = len(params) // 2
    result = call_isolated(backward_deep, X, y, params, cache, label=label, **kwargs)
    grads = expect_keys(result, label, _grad_keys(n_layers))
    for key in _grad_keys(n_layers):
        expect_array(grads[key], f"grads[{key!r}] from {label}", shape=params[key[1:]].shape,
                     batch=len(X), expected=None if expected is None else expected[key],
                     clues=Clues(operands=weight_operands(key, X, cache)))
    return grads


def _backward_case(backward_deep, case, column_labels=False, activation=None):
    __tracebackhide__ = True
    kv = known_values(NB, "backward_deep", case)
    X, y, params, cache = _backward_inputs(kv)
    n_layers, n = _depth(kv), X.shape[0]
    if column_labels:
        y = y.reshape(-1, 1)
    kwargs = {} if activation is None else {"activation": activation}
    label = (f"backward_deep(X, y, params, cache{''.join(f', {k}={v!r}' for k, v in kwargs.items())}) "
             f"with {_hidden(n_layers)}, N = {n}" + (", y of shape (N, 1)" if column_labels else ""))
    try:
        grads = _grads_of(backward_deep, X, y, params, cache, label, expected=kv, **kwargs)
    except CheckFailed as exc:
        if column_labels:
            raise

        def right_with_column():
            again = call_isolated(backward_deep, X, y.reshape(-1, 1), params, cache, label=label, **kwargs)
            return all(all_close(again[k], kv[k]) for k in _grad_keys(n_layers))
        raise flat_labels_fact(exc, right_with_column) from exc.__cause__
    failures = {}
    # a catalogued mistake named from this case must explain the other ReLU cases too
    others = {} if activation else {f"{NB}:backward_deep/{c}": _backward_inputs(
        known_values(NB, "backward_deep", c)) for c in DEEP_CASES if c != case}
    for key in _grad_keys(n_layers):
        try:
            expect_close(grads[key], kv[key], f"grads[{key!r}] from {label}",
                         mistake=f"{NB}:backward_deep/{case}/{key}", n=n,
                         clues=Clues(operands=weight_operands(key, X, cache)),
                         seen=with_other_cases(siblings(f"{NB}:backward_deep/{case}", grads, key),
                                               backward_deep, others, label, dict))
        except CheckFailed as exc:
            failures[key] = str(exc)
    if not failures:
        return
    message = next(iter(failures.values()))
    last = {f"dW{n_layers}", f"db{n_layers}"}
    if "Hint:" not in message and not failures.keys() & last:
        if activation == "sigmoid":
            # Proven: the ReLU cases passed before this one, and here the output layer is right;
            # the ReLU's mask only when the student's own gradients with 'relu' are these.
            relu_mask = ignores_argument(backward_deep, (X, y, params, cache), kwargs, "activation", "relu",
                                         grads, label).holds
            message += hint_line("backprop.sigmoid_slope", "your gradients with activation='sigmoid' are "
                                 "exactly those with activation='relu': the ReLU's mask is used for both. "
                                 "With the sigmoid the gradient passes back through the sigmoid's slope "
                                 "sigmoid(z) * (1 - sigmoid(z)).") if relu_mask else hint_line(
                                 "backprop.sigmoid_slope", "with the ReLU every gradient is right (checked "
                                 f"above); with activation='sigmoid' dW{n_layers} and db{n_layers} are right "
                                 "but earlier layers are not: look at the hidden activation's slope; the "
                                 "sigmoid's slope at z{l} is sigmoid(z{l}) * (1 - sigmoid(z{l})), the same "
                                 "as a{l} * (1 - a{l}).")
        else:
            message += hint_line("backprop.earlier_layers", f"the output layer's dW{n_layers} and "
                                 f"db{n_layers} are right but earlier layers are not: the slip is in "
                                 "passing the gradient back, dz{l} = (dz{l+1} @ W{l+1}) * relu'(z{l}), "
                                 "then dW{l} = dz{l}.T @ a{l-1} and db{l} = dz{l}.sum(axis=0).")
    fail(message + f"\n(Wrong: {', '.join(failures)}; right: "
         f"{', '.join(k for k in _grad_keys(n_layers) if k not in failures) or 'none'}.)")


def _numerical_check(backward_deep, forward_deep, loss) -> str:
    """Relative errors against central differences of loss(y, forward_deep(X, p)[0])."""
    __tracebackhide__ = True
    try:
        for case in ("h1", "h2", "h3"):
            _forward_case(forward_deep, case)
    except (AssertionError, NotImplementedError):
        return "numerical check not run: your forward_deep itself is not right yet"
    worst = {}
    for case in ("h1", "h2", "h3"):
        kv = known_values(NB, "backward_deep", case)
        X, y, params, _ = _backward_inputs(kv)
        n_layers = _depth(kv)

        def total_loss(p, X=X, y=y):
            y_hat, _ = call(forward_deep, X, p, label="forward_deep(X, params)")
            return call(loss, y, y_hat, label="loss(y, y_hat)")

        _, cache = call(forward_deep, X, params, label="forward_deep(X, params)")
        grads = _grads_of(backward_deep, X, y, params, cache, "backward_deep(X, y, params, cache)")
        numeric = numerical_param_gradients(total_loss, params)
        errors = {k: rel_error(grads[k], numeric[k]) for k in _grad_keys(n_layers)}
        bad = [k for k, e in errors.items() if not e < GRAD_TOL]
        expect_true(not bad, f"Gradient check with {_hidden(n_layers)}: relative errors "
                             + ", ".join(f"{k} {e:.1e}" for k, e in errors.items())
                             + f"; {', '.join(bad)} should be < {GRAD_TOL:g}.")
        worst[n_layers - 1] = max(errors.values())
    return "gradient check " + ", ".join(f"{h} hidden: {e:.0e}" for h, e in worst.items())


def check_backward_deep(backward_deep, forward_deep=None, loss=None):
    """Stored gradients for 1, 2 and 3 hidden layers (ReLU and sigmoid), then central differences.

    forward_deep, loss: the notebook's own, for the numerical gradient check
    (run only when forward_deep is right).
    """
    __tracebackhide__ = True
    for case in DEEP_CASES:
        _backward_case(backward_deep, case)
    _backward_case(backward_deep, "h2", column_labels=True)
    _backward_case(backward_deep, "sigmoid", activation="sigmoid")
    note = "stored gradients right for 1, 2, 3 hidden layers"
    if forward_deep is not None and loss is not None:
        note += "; " + _numerical_check(backward_deep, forward_deep, loss)
    passed("backward_deep", note)


# --------------------------------------------------------------------------
# momentum_step and adam_step
# --------------------------------------------------------------------------

def _optimizer_inputs(blank):
    kv = known_values(NB, blank, "main")
    params = _params_of(kv)
    grads = {"d" + k: kv["d" + k] for k in params}
    return kv, params, grads


def _two_dicts(result, label, keys, names):
    __tracebackhide__ = True
    if not isinstance(result, tuple) or len(result) != 2:
        fail(f"{label} should return a tuple ({names[0]}, {names[1]}); got {show(result)}.")
    first, second = result
    if (isinstance(first, dict) and isinstance(second, dict) and not set(keys) <= set(first)
            and set(keys) <= set(second)):  # the keys single out the order
        fail(f"{label} returned its values in another order.\n" + hint_line(
            "fp.return_order", f"the second value has the keys of {names[0]} ({', '.join(keys)}): you "
            f"return ({names[1]}, {names[0]}); return ({names[0]}, {names[1]})."))
    expect_keys(first, f"{names[0]} from {label}", keys)
    return first, second


def _same_values(got, expected: dict) -> bool:
    """GOT is a dict with EXPECTED's keys and values (within the checks' tolerance)."""
    return (isinstance(got, dict) and set(got) == set(expected)
            and all(isinstance(got[k], np.ndarray) and got[k].shape == expected[k].shape
                    and all_close(got[k], expected[k]) for k in expected))


def check_momentum_step(momentum_step):
    """v = beta v + (1 - beta) g, then p - lr v: from zeros (velocity=None) and from a given velocity."""
    __tracebackhide__ = True
    kv, params, grads = _optimizer_inputs("momentum_step")
    keys = tuple(params)
    given = {k: kv[f"vel_{k}"] for k in keys}
    for name, (velocity, lr, beta) in {"first": (None, 0.1, 0.9), "later": (given, 0.1, 0.9),
                                       "beta": (given, 0.5, 0.5)}.items():
        label = (f"momentum_step(params, grads, {'None' if velocity is None else 'velocity'}, "
                 f"lr={lr}, beta={beta})")
        new, vel = _two_dicts(call_isolated(momentum_step, params, grads, velocity, lr, beta=beta,
                                            label=label), label, keys, ("params", "velocity"))
        # both dicts have params' keys: only their values can tell an exchanged pair
        right = ({k: kv[f"new_{k}@{name}"] for k in keys}, {k: kv[f"vel_{k}@{name}"] for k in keys})
        order = order_hint((new, vel), ("params", "velocity"),
                           lambda i, part, right=right: _same_values(part, right[i]))
        if order:
            fail(f"{label} returned its values in another order.\n{order.line()}")
        if isinstance(vel, dict) and set(vel) == {"d" + k for k in keys}:
            # the catalogue's own mistake: tagged with its id, not told as a generic key slip
            fail(f"velocity from {label} has the keys {list(vel)}: it should have the keys of "
                 f"params, {list(keys)}, so that velocity[name] goes with params[name]."
                 + hint_line("momentum_step.velocity_keyed_like_grads", "velocity is keyed like grads "
                             "('dW1'), and the update reads it by the keys of params ('W1'): build it "
                             "with the keys of params, {name: ... for name in params}."))
        expect_keys(vel, f"velocity from {label}", keys)
        outputs = {**{f"vel_{k}@{name}": vel[k] for k in keys},
                   **{f"new_{k}@{name}": new.get(k) for k in keys}}
        for key in keys:
            what = f"velocity[{key!r}] from {label}"
            expect_array(vel[key], what, shape=params[key].shape)
            expected = kv[f"vel_{key}@{name}"]
            before = np.zeros_like(params[key]) if velocity is None else velocity[key]
            # v = beta * v + g: from zeros, that is also a first velocity started at g itself
            missing = ("your velocity is beta * v + g: it is a moving average, v = beta * v + (1 - beta) "
                       "* g; "
                       "the (1 - beta) is missing." if velocity is not None else
                       f"your first velocity is the gradient g itself, 1 / (1 - beta) = {1 / (1 - beta):g} "
                       "times the expected (1 - beta) * g: either the (1 - beta) of the moving average "
                       "v = beta * v + (1 - beta) * g is missing, or the velocity starts at g where it "
                       "starts at zeros.")
            related = [Hypothesis("momentum.missing_one_minus_beta", missing,
                                  beta * np.asarray(before, dtype=np.float64) + grads["d" + key])]
            related.append(_state_not_carried(f"velocity[{key!r}]", "velocity", before, velocity is None))
            related.append(swapped_weights("your velocity", "beta", beta, before, "v", grads["d" + key], "g",
                                           others={"lr": lr}))
            if _steps_with(new, key, params[key], lr, vel[key]):  # and the step multiplies it by lr again
                related.append(Hypothesis("fp.lr_twice", "your velocity is beta * v + (1 - beta) * lr * g "
                                          "and your step p - lr * v: the learning rate is applied twice, "
                                          "once in the velocity and once in the step. The velocity averages "
                                          "the gradients alone, v = beta * v + (1 - beta) * g.",
                                          beta * before + (1 - beta) * lr * grads["d" + key],
                                          supersedes=("fp.missing_factor",)))  # names where lr is too
            if name == "beta":
                related.append(Hypothesis("fp.ignores_argument", f"your velocity was computed with beta = "
                                          f"0.9, not the beta = {beta} passed in: honour the beta argument.",
                                          kv[f"vel_{key}@later"]))
            expect_close(vel[key], expected, what, mistake=f"{NB}:momentum_step/main/vel_{key}@{name}",
                         clues=Clues(related=related, factors={"lr": lr, "beta": beta}),
                         seen=siblings(f"{NB}:momentum_step/main", outputs, f"vel_{key}@{name}"))
        for key in keys:
            what = f"params[{key!r}] from {label}"
            expect_array(new[key], what, shape=params[key].shape)
            p, g, expected = params[key], grads["d" + key], kv[f"new_{key}@{name}"]
            before = np.zeros_like(p) if velocity is None else velocity[key]
            swapped = swapped_weights("the velocity you step with", "beta", beta, before, "v", g, "g",
                                      others={"lr": lr})
            expect_close(new[key], expected, what, mistake=f"{NB}:momentum_step/main/new_{key}@{name}",
                         clues=Clues(start=p, related=[
                             Hypothesis("momentum.raw_gradient", "you stepped along the raw gradient: "
                                        "update with the velocity, p - lr * v, not the raw gradient.",
                                        p - lr * g),
                             Hypothesis(swapped.mistake_id, swapped.hint, p - lr * swapped.value),
                             *momentum_forms(key, p, g, kv[f"vel_{key}@{name}"], lr, beta),
                             *_step_slips(key, p, expected, lr, {"beta": beta, "1 - beta": 1 - beta})]),
                         seen=siblings(f"{NB}:momentum_step/main", outputs, f"new_{key}@{name}"))
    # The signature's default beta=0.9: the "later" call again, without it.
    label = "momentum_step(params, grads, velocity, lr=0.1) with the default beta (0.9)"
    new, vel = _two_dicts(call_isolated(momentum_step, params, grads, given, 0.1, label=label), label, keys,
                          ("params", "velocity"))
    for part, name, stored in ((vel, "velocity", "vel"), (new, "params", "new")):
        expect_keys(part, f"{name} from {label}", keys)
        for key in keys:
            what = f"{name}[{key!r}] from {label}"
            expect_array(part[key], what, shape=params[key].shape)
            expect_close(part[key], kv[f"{stored}_{key}@later"], what)
    passed("momentum_step", "moving-average velocity, p - lr * v, from zeros and from a given "
                            "velocity, beta honoured, beta=0.9 by default")


def _state_not_carried(what: str, name: str, before: np.ndarray, first: bool) -> Hypothesis:
    """An optimizer's returned state entry that is the one this step started from (zeros on a first
    step): the state computed in the step is not the one returned, so the next call starts over."""
    start = "the zeros a first step starts from (velocity=None)" if first else f"the {name} you were given"
    return Hypothesis("fp.not_updated", f"{what} is {start}: the state returned is the one before this "
                                        f"step. Return the {name} this step computes, so that the next call "
                                        "carries it on.", before, supersedes=("fp.returns_input",))


def _count_per_array(t: int, t_before: int, keys) -> str:
    """"\nHint: ..." when the count went up once per parameter array (len(keys) > 1), or ""."""
    if len(keys) < 2 or t - t_before != len(keys):
        return ""
    return hint_line("fp.count_per_item", f"state['t'] went from {t_before} to {t}, up by {len(keys)}: once "
                     f"per parameter array (there are {len(keys)}). The count is of steps: add 1 once per "
                     "call, outside the loop over the parameters, and correct every array with that t.")


def _first_count(adam_step, params, grads, given, t_first: int) -> str:
    """"\nHint: ..." when the first step (state=None) returns a count one ahead while a step from a given
    state counts right: the state made for the first step starts at t = 1, not 0, or ""."""
    if t_first != 2:
        return ""
    try:
        _, out = call_isolated(adam_step, params, grads, given, lr=0.01,
                               label="adam_step(params, grads, state)")
        later = int(out["t"])
    except (AssertionError, KeyError, TypeError, ValueError, IndexError):
        return ""
    if later != given["t"] + 1:
        return ""
    return hint_line("fp.initial_state", f"your first step returns t = 2, while from a state with t = "
                                         f"{given['t']} yours returns {later}, one more, as it should: the "
                                         "state your first step makes (state=None) starts the count at 1, "
                                         "and the step adds 1 again. Start it at t = 0, so that the first "
                                         "step is t = 1 (its bias correction divides by 1 - beta1**1).")


def _steps_with(new, key: str, p: np.ndarray, lr: float, velocity) -> bool:
    """Whether the student's new params[key] is p - lr * (their own velocity[key]), entry for entry."""
    try:
        got, v = np.asarray(new[key], dtype=np.float64), np.asarray(velocity, dtype=np.float64)
    except (KeyError, TypeError, ValueError):
        return False
    return got.shape == p.shape == v.shape and all_close(got, p - lr * v)


def _step_slips(key: str, p: np.ndarray, expected: np.ndarray, lr: float,
                scalars: dict[str, float] | None = None) -> list[Hypothesis]:
    """An optimizer's new params[key] with its step left out, or its learning rate twice or not at all
    (scalars: the call's other numbers by name, which lr may equal: ``updates.learning_rate``)."""
    return [unchanged(p, f"params[{key!r}]", "the step it takes is 0 on this call: made from a value that "
                      "is still zero here (the velocity or moment passed in, where the one just computed "
                      "belongs)", "return p - lr * (the new step) for every parameter"),
            *learning_rate(p, expected, lr, f"the step of params[{key!r}]", scalars)]


def _adam_first_steps(p, g, lr, beta1=0.9, beta2=0.999, eps=1e-8) -> list[Hypothesis]:
    """Parameters after a first Adam step (zero moments) under known slips.

    From zero moments the bias-corrected m_hat is g and v_hat is g**2, so the
    right first step is about lr * sign(g) whatever the size of g.
    """
    about = (f"from zero moments Adam's first step is about lr * sign(g) = {lr} * sign(g) for every "
             "entry, whatever the size of g (here from 1e-4 to 1e2); ")
    a = np.abs(g)
    return [
        Hypothesis("adam.no_bias_correction", about + "your first step is (1 - beta1) / sqrt(1 - beta2) "
                   "= 3.16 times lr: the bias correction is missing. Divide m by (1 - beta1**t) and v by "
                   "(1 - beta2**t), with t counting steps from 1.",
                   p - lr * (1 - beta1) * g / (np.sqrt(1 - beta2) * a + eps)),
        Hypothesis("adam.eps_inside_sqrt", about + "your steps shrink for small gradients: eps goes "
                   "outside the square root, m_hat / (np.sqrt(v_hat) + eps).",
                   p - lr * g / np.sqrt(g**2 + eps)),
        Hypothesis("adam.plain_gradient", about + "your step is lr * g, plain gradient descent: divide "
                   "m_hat by (np.sqrt(v_hat) + eps).", p - lr * g),
    ]



def _moments_mixed(out, moment: str, key: str, kv, name: str) -> list[Hypothesis]:
    """The two moments exchanged (each holds the other's values: both directions proven), or one dict
    stored as both (the same object: the moment written last is in both), as facts.

    out: the returned state; moment: "m" or "v"; key: the parameter; kv, name: the stored case.
    """
    other = "v" if moment == "m" else "m"
    if out[moment] is out[other]:
        return [fact("fp.aliased", "state['m'] and state['v'] are one and the same dict, so the moment "
                                   "written last is stored in both (for example `m = v = {}` gives two "
                                   "names to one dict): make a separate dict for each moment.", True)]
    try:
        exchanged = all(all_close(out[moment][k], kv[f"{other}_{k}@{name}"])
                        and all_close(out[other][k], kv[f"{moment}_{k}@{name}"]) for k in out[moment])
    except (KeyError, TypeError, ValueError):
        exchanged = False
    return [fact("fp.return_order", f"state[{moment!r}] holds the values of {other} and state[{other!r}] "
                                    f"those of {moment}: the two moments are exchanged.", exchanged)]


def check_adam_step(adam_step):
    """Moments, bias correction and step: the first step (state=None), a later one, custom betas and eps."""
    __tracebackhide__ = True
    kv, params, grads = _optimizer_inputs("adam_step")
    keys = tuple(params)
    given = {"t": int(kv["t"]), "m": {k: kv[f"m_{k}"] for k in keys}, "v": {k: kv[f"v_{k}"] for k in keys}}
    calls = {"first": (None, {"lr": 0.01}), "later": (given, {"lr": 0.01}),
             "custom": (given, {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6})}
    for name, (state, kwargs) in calls.items():
        label = (f"adam_step(params, grads, {'None' if state is None else 'state'}"
                 + "".join(f", {k}={v}" for k, v in kwargs.items()) + ")")
        try:
            result = call_isolated(adam_step, params, grads, state, label=label, **kwargs)
        except CheckFailed as exc:
            if "sqrt" not in str(exc):
                raise
            fail(str(exc).split("\nHint:")[0].split("\n(A warning")[0]
                 + hint_line("adam.v_of_gradient", "np.sqrt got a negative number, so your v_hat has "
                             "negative entries: in Adam, v is the moving average of the squared gradient, "
                             "g**2, which is never negative, so np.sqrt(v_hat) is always defined."))
        new, out = _two_dicts(result, label, keys, ("params", "state"))
        out = expect_keys(out, f"state from {label}", ("t", "m", "v"))
        t_before = 0 if state is None else state["t"]
        t = expect_int(out["t"], f"state['t'] from {label}", allowed=range(-1, 10**6))
        kept = counter_kept(t, t_before)
        expect_true(t == t_before + 1, f"state['t'] from {label} should be {t_before + 1} (it was "
                                       f"{t_before} before this step); got {t}. Increment t once per "
                                       "step and return it in the new state."
                                       + (hint_line(kept.mistake_id, kept.hint) if kept.holds else
                                          _count_per_array(t, t_before, keys) or
                                          _first_count(adam_step, params, grads, given, t)
                                          if state is None and t != t_before + 1 else
                                          _count_per_array(t, t_before, keys)))
        outputs = {f"{part}_{k}@{name}": _entry(source, k) for part, source in
                   (("m", out["m"]), ("v", out["v"]), ("new", new)) for k in keys}
        for moment in ("m", "v"):
            expect_keys(out[moment], f"state[{moment!r}] from {label}", keys)
            for key in keys:
                what = f"state[{moment!r}][{key!r}] from {label}"
                expect_array(out[moment][key], what, shape=params[key].shape)
                before = np.zeros_like(params[key]) if state is None else state[moment][key]
                expected = kv[f"{moment}_{key}@{name}"]
                stale = Hypothesis("adam.stale_moments", "it did not change: return the new moving "
                                   "averages m and v in the state, not the ones you were given.", before)
                swapped = _moments_mixed(out, moment, key, kv, name)
                beta = kwargs.get("beta1", 0.9) if moment == "m" else kwargs.get("beta2", 0.999)
                g = grads["d" + key] if moment == "m" else grads["d" + key] ** 2
                weights = swapped_weights(f"state[{moment!r}]", "beta1" if moment == "m" else "beta2", beta,
                                          before, moment, g, "g" if moment == "m" else "g**2",
                                          others={"lr": kwargs["lr"], "eps": kwargs.get("eps", 1e-8)})
                corrected = corrected_stored(expected, beta, t_before + 1, moment,
                                             f"state[{moment!r}][{key!r}]")
                forms = adam_state_forms(moment, key, before, expected, kv[f"m_{key}@{name}"],
                                         kwargs.get("beta2", 0.999))
                expect_close(out[moment][key], expected, what,
                             clues=Clues(related=[stale, *swapped, weights, corrected, *forms]),
                             mistake=f"{NB}:adam_step/main/{moment}_{key}@{name}",
                             seen=siblings(f"{NB}:adam_step/main", outputs, f"{moment}_{key}@{name}"))
        for key in keys:
            what = f"params[{key!r}] from {label}"
            expect_array(new[key], what, shape=params[key].shape)
            first = _adam_first_steps(params[key], grads["d" + key], kwargs["lr"]) if name == "first" else []
            hyper = (t_before + 1, kwargs["lr"], kwargs.get("beta1", 0.9), kwargs.get("beta2", 0.999),
                     kwargs.get("eps", 1e-8))
            moments = (kv[f"m_{key}@{name}"], kv[f"v_{key}@{name}"])
            first += correction_slips(key, params[key], *moments, *hyper)
            first += adam_forms(key, params[key], *moments, *hyper)
            expect_close(new[key], kv[f"new_{key}@{name}"], what,
                         clues=Clues(start=params[key], related=[
                             *first, *_step_slips(key, params[key], kv[f"new_{key}@{name}"], kwargs["lr"], {
                                 "1 - beta1": 1 - kwargs.get("beta1", 0.9),
                                 "1 - beta2": 1 - kwargs.get("beta2", 0.999)})]),
                         mistake=f"{NB}:adam_step/main/new_{key}@{name}",
                         seen=siblings(f"{NB}:adam_step/main", outputs, f"new_{key}@{name}"))
    passed("adam_step", "moments, bias correction and step right from state=None and from a given "
                        "state; beta1, beta2, eps honoured")


# --------------------------------------------------------------------------
# softmax_classifier_loss: the loss and its gradients, CS231n's split
# --------------------------------------------------------------------------

SOFTMAX_GRAD_KEYS = ("dW1", "db1", "dW2", "db2")


def _loss_and_grads(result, label):
    """The (loss, grads) a call returned: a float and a dict of the four gradients."""
    __tracebackhide__ = True
    if not isinstance(result, tuple) or len(result) != 2:
        fail(f"{label} should return a tuple (loss, grads); got {show(result)}.")
    loss = expect_number(result[0], f"loss from {label}")
    return loss, expect_keys(result[1], f"grads from {label}", SOFTMAX_GRAD_KEYS)


def _penalty(params, keys=("W1", "W2")) -> float:
    return float(sum(np.sum(params[k] ** 2) for k in keys))


def _penalty_factors(params, reg: float, data_loss: float) -> list[tuple[str, str, float]]:
    """The penalty with reg / 2 on one weight's |W|^2 and another factor (1, 1 / 2, reg, 0) on the other's:
    a factor that reaches one term alone (0.5 * reg * a + b is (0.5 * reg * a) + b). The pairs the
    usual slips name (no penalty, reg on both, one term left out) are theirs."""
    half = 0.5 * reg
    others = sorted({1.0, 0.5, reg, 0.0} - {half})
    pairs = [(half, c) for c in others] + [(c, half) for c in others]
    taken = {(reg, reg), (0.0, 0.0), (half, 0.0), (0.0, half)}
    found = []
    for first, second in pairs:
        if (first, second) in taken:
            continue
        form = f"{first:g} * |W1|^2 + {second:g} * |W2|^2"
        found.append(("what_next.penalty_factors", f"your penalty is {form} at reg = {reg:g}, where "
                      f"(reg / 2) * (|W1|^2 + |W2|^2) = {half:g} * (|W1|^2 + |W2|^2) belongs: the factor "
                      "reg / 2 reaches one term and not the other (0.5 * reg * a + b is (0.5 * reg * a) + b, "
                      "an operator's precedence); put the sum in parentheses.",
                      data_loss + first * _penalty(params, ("W1",)) + second * _penalty(params, ("W2",))))
    return found


def _expect_loss_with_penalty(loss, kv, params, reg, what) -> None:
    """The loss with the penalty; a wrong one is compared with the penalty's usual slips first."""
    __tracebackhide__ = True
    expected, data_loss = float(kv["loss@reg"]), float(kv["loss@noreg"])
    slips = (("what_next.penalty_without_half", "your penalty is reg * (|W1|^2 + |W2|^2), twice the "
              "course's: it is (reg / 2) * (|W1|^2 + |W2|^2), whose gradient is reg * W.",
              data_loss + reg * _penalty(params)),
             ("what_next.no_penalty_in_loss", "your loss is the cross-entropy alone: add the penalty "
              "(reg / 2) * (|W1|^2 + |W2|^2).", data_loss),
             ("what_next.biases_penalised", "your penalty includes the biases: only the weights W1 and W2 "
              "are penalised, (reg / 2) * (|W1|^2 + |W2|^2).",
              expected + 0.5 * reg * _penalty(params, ("b1", "b2"))),
             # np.linalg.norm is |W|, not |W|^2: the gradient reg * W is of the squared one
             ("what_next.penalty_norm_not_squared", "your penalty is (reg / 2) * (|W1| + |W2|), the norms "
              "not squared (np.linalg.norm gives |W|): the course's is (reg / 2) * (|W1|^2 + |W2|^2), "
              "whose gradient is reg * W.",
              data_loss + 0.5 * reg * sum(float(np.sqrt(_penalty(params, (k,)))) for k in ("W1", "W2"))),
             # one weight matrix forgotten (in the loss, and so most likely in its gradient too)
             *(("fp.missing_term", f"your penalty has {kept}'s term alone: {left}'s |{left}|^2 is left out. "
                "Both weight matrices are penalised, (reg / 2) * (|W1|^2 + |W2|^2), and each gets reg * W "
                "in its gradient.", data_loss + 0.5 * reg * _penalty(params, (kept,)))
               for kept, left in (("W1", "W2"), ("W2", "W1"))),
             *_penalty_factors(params, reg, data_loss))
    if not all_close(loss, expected):
        for mistake_id, hint, value in slips:
            if all_close(loss, value):
                fail(f"{what} has the wrong value.\n  expected: {expected!r}\n  got:      {loss!r}"
                     + hint_line(mistake_id, hint))
    expect_close(loss, expected, what)


def _unmasked(kv, params, reg, key) -> list[Hypothesis]:
    """dW1 or db1 with the ReLU's mask left out of dz1 (dz1 = dz2 @ W2), from the stored network.

    The forward pass and dz2 = (softmax(z2) - Y) / N are written out here from the stored X, y and
    params (the stored case keeps only the results); reg: the penalty's reg * W1 is kept in dW1.
    """
    if key not in ("dW1", "db1"):
        return []
    X, y = kv["X"], kv["y"]
    z1 = X @ params["W1"].T + params["b1"]
    z2 = np.maximum(z1, 0.0) @ params["W2"].T + params["b2"]
    p = np.exp(z2 - z2.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    dz2 = (p - np.eye(params["W2"].shape[0])[y]) / len(X)
    dz1 = dz2 @ params["W2"]  # (N, H): no (z1 > 0)
    value = dz1.T @ X + reg * params["W1"] if key == "dW1" else dz1.sum(axis=0)
    return [Hypothesis("fp.missing_factor", f"your {key} is the gradient with the ReLU's mask left out: "
                       "dz1 = dz2 @ W2, where (dz2 @ W2) * (z1 > 0) belongs (the ReLU passes the gradient "
                       "back only where its input was positive).", value)]


def _grad_clues(kv, params, reg, key, n) -> Clues:
    """A wrong gradient with the penalty: the penalty's reg * W missing or doubled, biases penalised."""
    name = key[1:]
    if name.startswith("W"):
        related = [Hypothesis("what_next.no_reg_in_grads", f"your {key} has no penalty term: the penalty "
                              f"(reg / 2) * |{name}|^2 adds reg * {name} to {key}.", kv[f"{key}@noreg"]),
                   Hypothesis("what_next.twice_reg_in_grads", f"your {key} adds 2 * reg * {name}: the "
                              f"derivative of (reg / 2) * |{name}|^2 is reg * {name}.",
                              kv[f"{key}@noreg"] + 2 * reg * params[name])]
    else:
        related = [Hypothesis("what_next.biases_penalised", f"your {key} adds reg * {name}: the biases "
                              "are not penalised, so their gradients have no penalty term.",
                              kv[f"{key}@reg"] + reg * params[name])]
    return Clues(n=n, related=related + _unmasked(kv, params, reg, key))


def check_softmax_classifier_loss(softmax_classifier_loss):
    """Loss and gradients with and without the penalty, a batch missing a class, a gradient check."""
    __tracebackhide__ = True
    kv = known_values(NB, "softmax_classifier_loss", "small")
    X, y, reg = kv["X"], kv["y"], float(kv["reg"])
    params = {k: kv[k] for k in ("W1", "b1", "W2", "b2")}
    n = X.shape[0]
    grads = {}
    for case, r in (("noreg", 0.0), ("reg", reg)):
        label = f"softmax_classifier_loss(X, y, params, reg={r:g})"
        loss, grads = _loss_and_grads(call_isolated(softmax_classifier_loss, X, y, params, reg=r,
                                                    label=label), label)
        if r:
            _expect_loss_with_penalty(loss, kv, params, r, f"loss from {label}")
        else:
            data_loss = float(kv["loss@noreg"])
            # a penalty term that reg does not scale shows at reg = 0 too
            for mistake_id, hint, value in _penalty_factors(params, 0.0, data_loss):
                if not all_close(loss, data_loss) and all_close(loss, value):
                    fail(f"loss from {label} has the wrong value.\n  expected: {data_loss!r}\n  got:      "
                         f"{loss!r}" + hint_line(mistake_id, hint))
            expect_close(loss, data_loss, f"loss from {label}")
        for key in SOFTMAX_GRAD_KEYS:
            what = f"grads[{key!r}] from {label}"
            expect_array(grads[key], what, shape=params[key[1:]].shape, expected=kv[f"{key}@{case}"])
            expect_close(grads[key], kv[f"{key}@{case}"], what,
                         clues=_grad_clues(kv, params, r, key, n) if r else
                         Clues(n=n, related=_unmasked(kv, params, 0.0, key)))
    # A batch without the last class: K is the number of rows of W2, not y.max() + 1.
    few = kv["y_few"]
    label = f"softmax_classifier_loss(X[:{len(few)}], y with labels {sorted(set(few.tolist()))} only, params)"
    try:
        loss_few, _ = _loss_and_grads(call_isolated(softmax_classifier_loss, X[:len(few)], few, params,
                                                    label=label), label)
    except CheckFailed as exc:
        fail(str(exc).split("\nHint:")[0]
             + hint_line("what_next.classes_from_labels", "your code worked on the full batch and fails "
                         "on a batch without the last class: take the number of classes K from "
                         "params['W2'].shape[0]: a batch need not contain every class, so "
                         "y.max() + 1 can be too small."))
    expect_close(loss_few, kv["loss@few"], f"loss from {label}")
    numeric = numerical_param_gradients(
        lambda p: call(softmax_classifier_loss, X, y, p, reg=reg, label="softmax_classifier_loss")[0], params)
    errors = {key: rel_error(grads[key], numeric[key]) for key in SOFTMAX_GRAD_KEYS}
    bad = [key for key, e in errors.items() if not e < GRAD_TOL]
    expect_true(not bad, f"Gradient check with reg={reg:g}: relative errors "
                         + ", ".join(f"{k} {e:.1e}" for k, e in errors.items())
                         + f"; {', '.join(bad)} should be < {GRAD_TOL:g}.")
    passed("softmax_classifier_loss", f"loss and gradients right with reg = 0 and {reg:g}, and for a batch "
                                      "missing a class; gradient check with the penalty "
                                      f"(worst rel. error {max(errors.values()):.0e})")


# --------------------------------------------------------------------------
# softmax_classifier_train and the three-class target
# --------------------------------------------------------------------------

NO_REG_HINT = ("your run is the one with reg = 0: pass reg on to softmax_classifier_loss(X, y, params, reg), "
               "whose penalty (reg / 2) * (|W1|^2 + |W2|^2) adds reg * W1 to dW1 and reg * W2 to dW2.")


def _history_clues(key, got, kv, history, history_params) -> Clues:
    """The slips a wrong history entry may show: no penalty, one epoch late, the wrong data, one number in
    every epoch (history_params: the run's final parameters)."""
    expected = kv[key]
    related = [Hypothesis("what_next.no_reg", NO_REG_HINT, kv[f"noreg_{key}"]),
               *history_slips(key, got, {k: kv[k] for k in HISTORY_KEYS},
                              updates_right=params_match(history_params, kv, ("W1", "b1", "W2", "b2")))]
    if key == "loss":  # each epoch's penalty, stored: larger alone is what other slips give too
        related.append(Hypothesis("what_next.penalty_in_history", "history['loss'] is the cross-entropy "
                                  "plus each epoch's penalty (reg / 2) * (|W1|^2 + |W2|^2): record the "
                                  "data loss alone, without the penalty.", expected + kv["penalty"]))
        twice = ("history['loss'] is the cross-entropy minus each epoch's penalty (reg / 2) * (|W1|^2 + "
                 "|W2|^2): the penalty taken off is reg * (|W1|^2 + |W2|^2), without its 1/2, twice the one "
                 "in the loss. Take off (reg / 2) * (...), or record the cross-entropy alone.")
        related.append(Hypothesis("what_next.penalty_without_half_in_history", twice,
                                  expected - kv["penalty"]))
        # the penalty taken off after the update: each epoch's is the next epoch's, the last the final one's
        after = np.append(kv["penalty"][1:], 0.5 * float(kv["reg"]) * _penalty(kv))
        related.append(Hypothesis("what_next.penalty_after_update", "history['loss'] is each epoch's loss "
                                  "with the penalty, minus the penalty of the weights after that epoch's "
                                  "update: the penalty taken off is computed after the step, from the new "
                                  "weights. Take off the penalty of the weights the loss was measured on "
                                  "(before the update), or record the cross-entropy alone.",
                                  expected + kv["penalty"] - after))
    return Clues(related=related)


def _train_label(run: dict) -> str:
    arguments = ", ".join(f"{k}={v}" for k, v in run.items())
    return f"softmax_classifier_train(X, y, X_val, y_val, {arguments})"


def check_softmax_classifier_train(softmax_classifier_train):
    """Parameters and per-epoch history of a short stored run on a small three-class spiral."""
    __tracebackhide__ = True
    kv = known_values(NB, "softmax_classifier_train", "small")
    run = {"hidden": int(kv["hidden"]), "lr": float(kv["lr"]), "epochs": int(kv["epochs"]),
           "reg": float(kv["reg"]), "seed": int(kv["seed"])}
    label = _train_label(run)
    with time_limit(CHECK_RUN_BUDGET, label, ENDLESS_LOOP):
        result = call_isolated(softmax_classifier_train, kv["X"], kv["y"], kv["X_val"], kv["y_val"],
                               label=label, **run)
    if not isinstance(result, tuple) or len(result) != 2:
        fail(f"{label} should return a tuple (params, history); got {show(result)}.")
    params, history = result
    expect_keys(params, f"params from {label}", ("W1", "b1", "W2", "b2"))
    expect_keys(history, f"history from {label}", HISTORY_KEYS)
    expect_own_containers(history, "history", f"history from {label}")
    outputs = {**{k: history[k] for k in HISTORY_KEYS}, **{k: params[k] for k in ("W1", "b1", "W2", "b2")}}
    for key in HISTORY_KEYS:
        values = history[key]
        what = f"history[{key!r}] from {label}"
        expect_length(values, kv[key], what)
        got = np.array([expect_number(v, f"{what}[{i}]") for i, v in enumerate(values)])
        if not all_close(got, kv[key]):
            clues = _history_clues(key, got, kv, history, params)
            data_args = (kv["X"], kv["y"], kv["X_val"], kv["y_val"])
            clues.related.append(not_reproducible(softmax_classifier_train, data_args, run, result, label))
            expect_close(got, kv[key], what + " (each entry measured before that epoch's update)",
                         clues=clues,
                         mistake=f"{NB}:softmax_classifier_train/small/{key}",
                         seen=siblings(f"{NB}:softmax_classifier_train/small", outputs, key))
    for key in ("W1", "b1", "W2", "b2"):
        what = f"params[{key!r}] from {label}"
        expect_array(params[key], what, shape=kv[key].shape, expected=kv[key])
        no_reg = all(all_close(params[k], kv[f"noreg_{k}"]) for k in ("W1", "W2"))
        expect_close(params[key], kv[key], what, clues=Clues(related=[fact("what_next.no_reg", NO_REG_HINT,
                                                                           no_reg)]),
                     mistake=f"{NB}:softmax_classifier_train/small/{key}",
                     seen=siblings(f"{NB}:softmax_classifier_train/small", outputs, key))
    passed("softmax_classifier_train", f"{run['epochs']} epochs reproduce the stored parameters "
                                       "and history")


def softmax_accuracy(softmax_classifier_train, predict_classes, time_budget=SOFTMAX_TIME_BUDGET,
                     **run):
    """Train on notebook 07's three-class spiral, score on its held-out set. Returns (accuracy, seconds)."""
    __tracebackhide__ = True
    run = {**SOFTMAX_TARGET_RUN, **run}
    X, y = data.cs231n_spiral()
    X_val, y_val = data.cs231n_validation()
    label = _train_label(run)
    result, seconds = call_within_budget(
        time_budget, ": keep the loop vectorised (no Python loop over samples).",
        softmax_classifier_train, X, y, X_val, y_val, label=label, **run)
    if not isinstance(result, tuple) or len(result) != 2:
        fail(f"{label} should return a tuple (params, history); got {show(result)}.")
    X_test, y_test = data.heldout_cs231n_spiral()
    labels = call(predict_classes, np.array(X_test), result[0], label="predict_classes(X_heldout, params)")
    expect_array(labels, "predict_classes(X_heldout, params)", shape=y_test.shape, kind="any")
    return float(np.mean(labels == y_test)), seconds


def check_softmax_target(softmax_classifier_train, predict_classes, threshold=SOFTMAX_THRESHOLD):
    """CS231n's run of the student's classifier reaches the held-out accuracy target."""
    __tracebackhide__ = True
    acc, seconds = softmax_accuracy(softmax_classifier_train, predict_classes)
    expect_true(acc >= threshold,
                f"Held-out accuracy {acc:.3f} is below the target {threshold:.2f} (trained "
                f"{seconds:.1f} s on the three-class spiral, scored on 6,000 unseen points). "
                "Check the gradient (P - Y) / N, the penalty's reg * W, and that every parameter "
                "is updated; history['loss'] should fall steadily.")
    passed("softmax target", f"held-out accuracy {acc:.3f} >= {threshold:.2f} (a linear softmax "
                             f"classifier reaches about 0.52), trained in {seconds:.1f} s")


__all__ = [name for name in dir() if name.startswith("check_")]
