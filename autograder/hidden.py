"""Hidden tests: a student's function against the reference on fresh random inputs.

They run inside ``### BEGIN HIDDEN TESTS`` blocks, which nbgrader removes from
the students' notebooks, and need the instructor's ``solutions`` package:

    hidden_check("sigmoid", sigmoid, seed=11)

The inputs are drawn here from the given seed; the expected outputs come from
``solutions`` at grading time, so nothing here holds an answer.
"""

import importlib
from collections.abc import Callable, Iterator

import numpy as np

from autograder.checking import (
    call,
    call_isolated,
    expect_array,
    expect_close,
    expect_int,
    expect_keys,
    expect_number,
    expect_true,
    fail,
    passed,
    show,
)
from autograder.checks.training import _split

Case = tuple[tuple, dict]


def reference(module: str):
    """The instructor's ``solutions.<module>``; a clear error where it is absent."""
    try:
        return importlib.import_module(f"solutions.{module}")
    except ModuleNotFoundError as exc:
        raise RuntimeError("hidden tests need the instructor's `solutions` package "
                           "(an editable install of the course repository)") from exc


def compare(got, expected, what: str) -> None:
    """Type, then shape, then values, recursively through tuples, lists and dicts."""
    __tracebackhide__ = True
    if isinstance(expected, dict):
        expect_keys(got, what, tuple(expected))
        for key in expected:
            compare(got[key], expected[key], f"{what}[{key!r}]")
    elif isinstance(expected, tuple | list):
        expect_true(isinstance(got, tuple | list) and len(got) == len(expected),
                    f"{what} should be a {type(expected).__name__} of {len(expected)} items; "
                    f"got {show(got)}.")
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            compare(g, e, f"{what}[{i}]")
    elif isinstance(expected, np.ndarray):
        kind = "int" if expected.dtype.kind in "iu" else "float64"
        expect_array(got, what, shape=expected.shape, kind=kind)
        expect_close(got, expected, what)
    elif isinstance(expected, int | np.integer):
        expect_close(expect_int(got, what, allowed=(int(expected),)), expected, what)
    else:
        expect_close(expect_number(got, what), expected, what)


def against_reference(student: Callable, ref: Callable, cases: list[Case], label: str,
                      isolated: bool = True) -> None:
    """Run both on every case and compare; the student's code sees copies only.

    isolated: hide the notebook's global arrays from the student's function
    (off for blanks that are meant to use global constants, like xor's gates).
    """
    __tracebackhide__ = True
    run = call_isolated if isolated else call
    for args, kwargs in cases:
        expected = ref(*args, **kwargs)
        got = run(student, *args, label=label, **kwargs)
        compare(got, expected, f"{label} on a hidden random input")


# --------------------------------------------------------------------------
# Random inputs, one generator per blank
# --------------------------------------------------------------------------

def _arrays(rng, scale=4.0) -> Iterator[np.ndarray]:
    for shape in [(int(rng.integers(1, 9)),), tuple(rng.integers(1, 6, size=2)), (2, 3, 4)]:
        yield rng.normal(0, scale, size=shape)


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


def _elementwise(rng):
    return [((x,), {}) for x in _arrays(rng)]


def _leaky(rng):
    return [((x,), {"alpha": float(rng.uniform(0.01, 0.5))}) for x in _arrays(rng)]


def _loss_pair(rng):
    return [(_probabilities(rng, int(rng.integers(1, 20))), {}) for _ in range(3)]


def _softmax(rng):
    return [((rng.normal(0, 3, size=(int(rng.integers(1, 6)), int(rng.integers(2, 6))))
              + rng.choice([0.0, 800.0, -800.0]),), {}) for _ in range(3)]


def _one_hot(rng):
    cases = []
    for _ in range(3):
        n, k = int(rng.integers(1, 8)), int(rng.integers(2, 6))
        z = rng.normal(size=(n, k))
        P = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        cases.append(((np.eye(k)[rng.integers(0, k, size=n)], P), {}))
    return cases


def _perceptron(rng):
    cases = []
    for _ in range(8):
        d = int(rng.integers(1, 6))
        cases.append(((rng.normal(size=d), rng.normal(size=d), float(rng.normal())), {}))
    return cases


def _separable(rng):
    cases = []
    for _ in range(2):
        X = rng.integers(-3, 4, size=(12, 2)).astype(float)
        w = rng.normal(size=2)
        y = (X @ w + 0.3 >= 0).astype(float)
        cases.append(((X, y), {"lr": float(rng.choice([0.5, 1.0])), "epochs": int(rng.integers(5, 30))}))
    return cases


def _xor(rng):
    return [((np.array(x),), {}) for x in ([0, 0], [0, 1], [1, 0], [1, 1])] + [(([1, 0],), {})]


def _forward(rng):
    return [((X, params), {}) for X, _, params in (_network(rng) for _ in range(3))]


def _backward(rng):
    fp = reference("forward_pass")
    cases = []
    for _ in range(3):
        X, y, params = _network(rng)
        cases.append(((X, y, params, fp.forward(X, params)[1]), {}))
    return cases


def _sgd(rng):
    cases = []
    for _ in range(2):
        _, _, params = _network(rng)
        grads = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
        cases.append(((params, grads, float(rng.uniform(0.01, 3))), {}))
    return cases


def _predict(rng):
    return [((X, params), {"threshold": float(rng.uniform(0.2, 0.8))})
            for X, _, params in (_network(rng, n=30) for _ in range(2))]


def _accuracy(rng):
    cases = []
    for _ in range(3):
        n = int(rng.integers(1, 40))
        cases.append(((rng.integers(0, 2, size=n), rng.integers(0, 2, size=n)), {}))
    return cases


def _train(rng):
    from autograder.data import make_spiral

    X, y = make_spiral(int(rng.integers(8, 20)), 0.15, int(rng.integers(1_000)))
    X_val, y_val = make_spiral(6, 0.15, int(rng.integers(1_000)))
    kwargs = {"hidden": int(rng.integers(2, 10)), "lr": float(rng.uniform(0.1, 1.0)),
              "epochs": int(rng.integers(5, 25)), "seed": int(rng.integers(100))}
    return [((X, y, X_val, y_val), kwargs)]


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


def _init_deep(rng):
    return [(([int(v) for v in rng.integers(1, 9, size=int(rng.integers(2, 6)))],),
             {"seed": int(rng.integers(1_000))}) for _ in range(3)]


def _forward_deep(rng):
    networks = (_deep_network(rng) for _ in range(3))
    return [((X, params), {"activation": act}) for X, _, params, act in networks]


def _backward_deep(rng):
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


def _momentum(rng):
    cases = []
    for first in (True, False):
        params, grads = _optimizer_inputs(rng)
        velocity = None if first else {k: rng.normal(size=v.shape) for k, v in params.items()}
        cases.append(((params, grads, velocity, float(rng.uniform(0.01, 1))),
                      {"beta": float(rng.uniform(0.5, 0.99))}))
    return cases


def _adam(rng):
    cases = []
    for first in (True, False):
        params, grads = _optimizer_inputs(rng)
        state = None if first else {"t": int(rng.integers(1, 50)),
                                    "m": {k: rng.normal(size=v.shape) for k, v in params.items()},
                                    "v": {k: rng.uniform(0.01, 2, size=v.shape) for k, v in params.items()}}
        cases.append(((params, grads, state, float(rng.uniform(0.001, 0.1))),
                      {"beta1": float(rng.uniform(0.5, 0.95)), "beta2": float(rng.uniform(0.9, 0.9999))}))
    return cases


def _softmax_train(rng):
    from autograder.data import make_cs231n_spiral

    k = int(rng.integers(2, 5))
    X, y = make_cs231n_spiral(int(rng.integers(4, 12)), k, 0.2, int(rng.integers(1_000)))
    X_val, y_val = make_cs231n_spiral(3, k, 0.2, int(rng.integers(1_000)))
    kwargs = {"hidden": int(rng.integers(2, 10)), "lr": float(rng.uniform(0.1, 1.0)),
              "epochs": int(rng.integers(3, 15)), "reg": float(rng.uniform(0, 0.1)),
              "seed": int(rng.integers(100))}
    return [((X, y, X_val, y_val), kwargs)]


#: blanks built on the notebook's constants (xor uses the gates' weights)
USES_GLOBAL_CONSTANTS = {"xor"}

#: blank -> (solutions module, random cases from a Generator)
CASES: dict[str, tuple[str, Callable]] = {
    "perceptron": ("perceptron", _perceptron),
    "train_perceptron": ("perceptron", _separable),
    "xor": ("perceptron", _xor),
    "sigmoid": ("activations", _elementwise), "sigmoid_grad": ("activations", _elementwise),
    "tanh": ("activations", _elementwise), "tanh_grad": ("activations", _elementwise),
    "relu": ("activations", _elementwise), "relu_grad": ("activations", _elementwise),
    "leaky_relu": ("activations", _leaky), "leaky_relu_grad": ("activations", _leaky),
    "binary_cross_entropy": ("losses", _loss_pair), "binary_cross_entropy_grad": ("losses", _loss_pair),
    "mse": ("losses", _loss_pair), "mse_grad": ("losses", _loss_pair),
    "softmax": ("losses", _softmax), "categorical_cross_entropy": ("losses", _one_hot),
    "forward": ("forward_pass", _forward),
    "backward": ("backprop", _backward), "sgd_step": ("backprop", _sgd),
    "predict": ("training", _predict), "accuracy": ("training", _accuracy),
    "train": ("training", _train),
    "init_deep_params": ("what_next", _init_deep),
    "forward_deep": ("what_next", _forward_deep), "backward_deep": ("what_next", _backward_deep),
    "momentum_step": ("what_next", _momentum), "adam_step": ("what_next", _adam),
    "softmax_classifier_train": ("what_next", _softmax_train),
}


def _init_params_properties(init_params, rng) -> None:
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


def _split_properties(train_val_split, rng) -> None:
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


PROPERTIES: dict[str, Callable] = {
    "init_params": _init_params_properties,
    "train_val_split": _split_properties,
}


def hidden_check(blank: str, fn: Callable, seed: int) -> None:
    """Judge ``fn`` against the reference (or by properties) on inputs drawn from ``seed``."""
    __tracebackhide__ = True
    rng = np.random.default_rng(seed)
    if blank in PROPERTIES:
        PROPERTIES[blank](fn, rng)
    elif blank in CASES:
        module, make_cases = CASES[blank]
        ref = getattr(reference(module), blank)
        against_reference(fn, ref, make_cases(rng), label=f"{blank}(...)",
                          isolated=blank not in USES_GLOBAL_CONSTANTS)
    else:
        fail(f"no hidden test is defined for {blank!r}")
    passed(f"{blank} (hidden tests)", "right on fresh random inputs")
