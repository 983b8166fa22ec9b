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
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.captured import allclose as _allclose
from autograder.captured import asarray as _asarray
from autograder.checking import (
    call,
    call_isolated,
    expect_array,
    expect_keys,
    expect_true,
    fail,
    hint_line,
    show,
    spread_hint,
)
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


@dataclass(frozen=True)
class Edge:
    """A corner of a blank's contract that random draws never reach: what its inputs are, and what the
    notebook asks there. A function right on every ordinary case and wrong on an edge has its slip
    there, and the hint says so (``hidden.edge_failure``).

    name: the hint's id, "edge.<name>"; where: the inputs, "on integer inputs"; asks: what the
    notebook's contract asks of them, with where it says so.
    """

    name: str
    where: str
    asks: str
    #: (a test of (got, expected, the case's args), the words for the cause it proves): said only where
    #: the failure's values show that cause (J26c: a cause the edge only suggests was wrong)
    cause: tuple[Callable[[Any, Any, tuple], bool], str] | None = None


def _times_columns(got: Any, expected: Any, args: tuple) -> bool:
    """GOT is K times EXPECTED, K the columns of the case's first array."""
    try:
        k = np.shape(args[0])[1]
        return bool(_allclose(_asarray(got, dtype=float), k * _asarray(expected, dtype=float),
                              rtol=1e-9, atol=1e-12))
    except (IndexError, TypeError, ValueError):
        return False


class TaggedCases(list):
    """Cases whose tail holds edges: ``edges`` maps a case's index to its :class:`Edge`. The ordinary
    cases come first, so every one has run when an edge is reached."""

    edges: dict[int, Edge]

    def __init__(self, cases: Cases, edges: list[tuple[Edge, tuple, dict]] = ()) -> None:
        super().__init__(cases)
        self.edges = {}
        for edge, args, kwargs in edges:
            self.edges[len(self)] = edge
            self.append((args, kwargs))


def edges_of(cases: Cases) -> dict[int, Edge]:
    """The index -> :class:`Edge` of CASES's edge cases ({} for plain cases)."""
    return getattr(cases, "edges", {})


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


INTEGER_INPUT = Edge("integer_input", "on an integer array (the whole numbers -5 to 5 but 0)",
                     "the same values as for the equal floats, as float64 (notebook 2 asks for float64 "
                     "arrays: a buffer made like an int input, or an int input kept, holds ints)")
TINY_INPUT = Edge("tiny_input", "on inputs of tiny size (|x| from 1e-300 to 1e-7, never 0)",
                  "the formula applied as to any other x: 1e-7 is positive and -1e-7 negative (only x = 0 "
                  "exactly is the kink, and the checks never test it)")


def _elementwise_edges(rng) -> list[tuple[Edge, tuple, dict]]:
    whole = rng.permutation(np.r_[-5:0, 1:6])
    tiny = np.array([1e-7, -1e-7, 3e-12, -3e-12, 1e-300, -1e-300])
    return [(INTEGER_INPUT, (whole,), {}), (TINY_INPUT, (tiny,), {})]


def elementwise_cases(rng: np.random.Generator) -> Cases:
    """Arrays of 1, 2 and 3 dimensions (activations and their derivatives), then a sweep of sizes up to
    30 (``_sweep``); then the edges: an integer array and tiny inputs. Never an exact 0: the lesson
    leaves the slope at the kink a convention the checks never test (notebook 02)."""
    return TaggedCases([((x,), {}) for x in _arrays(rng)], _elementwise_edges(rng))


def leaky_cases(rng: np.random.Generator) -> Cases:
    """The same arrays, each with a random alpha below 1 (notebook 2's "small slope": the catalogue's
    np.maximum(x, alpha * x) is right for alpha <= 1 only); the same edges."""
    cases = [((x,), {"alpha": float(rng.uniform(0.01, 0.5))}) for x in _arrays(rng)]
    edges = [(edge, args, {"alpha": float(rng.uniform(0.01, 0.5))})
             for edge, args, _ in _elementwise_edges(rng)]
    return TaggedCases(cases, edges)


def loss_pair_cases(rng: np.random.Generator) -> Cases:
    """Labels y and probabilities y_hat of random lengths."""
    return [(_probabilities(rng, int(rng.integers(1, 20))), {}) for _ in range(3)]


CLIPPED_PREDICTION = Edge("clipped_prediction", "on predictions of exactly 0 and 1 (y of both classes)",
                          "y_hat clipped to [eps, 1 - eps] before anything else (notebook 3): the loss and "
                          "its gradient are both evaluated at the clipped p, so both stay finite, and a "
                          "right prediction of exactly 0 or 1 still has the gradient at eps")


def clipped_loss_cases(rng: np.random.Generator) -> Cases:
    """The loss pairs, then the edge of predictions of exactly 0 and 1 (binary cross-entropy)."""
    y = np.array([0.0, 1.0, 0.0, 1.0, 1.0, 0.0])
    y_hat = np.array([0.0, 1.0, 1.0, 0.0, rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8)])
    order = rng.permutation(len(y))
    # eps given: where the clip is reached its size is the answer, and the signature's default is the
    # visible checks' to judge
    return TaggedCases(loss_pair_cases(rng), [(CLIPPED_PREDICTION, (y[order], y_hat[order]), {"eps": 1e-6})])


SEVERAL_COLUMNS = Edge("several_columns", "on (N, K) arrays of K = 3 columns",
                       "the mean over all N * K entries (notebook 3: the mean squared difference over all "
                       "entries)",
                       (_times_columns, "Yours is K = 3 times that: it divides by the N rows (len(y), "
                                        "y.shape[0]) where y.size = N * K counts the entries."))


WHOLE_NUMBERS = Edge("whole_numbers", "on integer arrays (whole-number targets and predictions)",
                     "the same values as for the equal floats, as float64: a buffer made like an int input "
                     "(np.zeros_like, np.empty_like) holds ints and truncates what is stored in it")


def mse_cases(rng: np.random.Generator) -> Cases:
    """The loss pairs and a pair of real-valued targets and predictions (a regression's: the edges
    then differ from the ordinary cases by their shape and dtype alone), then the edges of arrays of
    several columns (a mean over every entry) and of integer arrays (rounded predictions)."""
    n = int(rng.integers(2, 7))
    pair = (rng.normal(size=(n, 3)), rng.normal(size=(n, 3)))
    whole = (rng.integers(-3, 4, size=7), rng.integers(-3, 4, size=7))
    ordinary = [*loss_pair_cases(rng), ((rng.normal(size=n), rng.normal(size=n)), {})]
    return TaggedCases(ordinary, [(SEVERAL_COLUMNS, pair, {}), (WHOLE_NUMBERS, whole, {})])


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
    x = [float(v) for v in rng.normal(size=3)]
    return TaggedCases(cases, [(LIST_INPUT, (x, rng.normal(size=3), float(rng.normal())), {})])


LIST_INPUT = Edge("list_input", "on a point x given as a Python list",
                  "the same answer as for the array: x is array-like (the docstring), so convert it first "
                  "(np.asarray(x))")


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


HUGE_LOGITS = Edge("huge_logits", "on a network whose output logits reach +-800",
                   "probabilities of exactly 0 and 1 and finite values, with no overflow warning: notebook "
                   "2's stable sigmoid takes exp of -|z| only, so exp never sees a large positive number")


def _saturated_network(rng):
    """A random network whose output weights are scaled so that its logits z2 span about +-800."""
    X, y, params = _network(rng, n=6)
    z2 = reference("forward_pass").forward(X, params)[1]["z2"]
    scale = 800.0 / max(float(np.abs(z2 - z2.mean()).max()), 1e-3)
    params["W2"] = params["W2"] * scale
    params["b2"] = (params["b2"] - z2.mean()) * scale
    return X, y, params


def forward_cases(rng: np.random.Generator) -> Cases:
    """Random two-layer networks with non-zero biases, and their inputs; then one whose logits are
    huge."""
    cases = [((X, params), {}) for X, _, params in (_network(rng) for _ in range(3))]
    X, _, params = _saturated_network(rng)
    return TaggedCases(cases, [(HUGE_LOGITS, (X, params), {})])


def backward_cases(rng: np.random.Generator) -> Cases:
    """Random networks, labels and the reference forward pass's cache. No huge logits: the gradient
    through y_hat, (y_hat - y) / (y_hat (1 - y_hat)) times y_hat (1 - y_hat), is the lesson's too."""
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
    params, grads = _optimizer_inputs(rng, layers=3)
    return TaggedCases(cases, [(OTHER_NAMES, (params, grads, float(rng.uniform(0.01, 3))), {})])


OTHER_NAMES = Edge("other_names", "on the params of a deeper network (W1, b1, ..., W4, b4)",
                   "every parameter params holds stepped by its own gradient grads['d' + name]: the names "
                   "come from params' keys, not from a list of the two-layer network's four")


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
    n = int(rng.integers(8, 30))
    y_true = rng.integers(0, 4, size=n)
    y_pred = np.where(rng.uniform(size=n) < 0.5, y_true, rng.integers(0, 4, size=n))
    return TaggedCases(cases, [(CLASS_LABELS, (y_true, y_pred), {})])


CLASS_LABELS = Edge("class_labels", "on class labels 0 to 3 (not only 0 and 1)",
                    "the fraction of positions where the two labels are equal, whatever the labels are: a "
                    "difference, a product or a cast to bool counts agreements only for 0/1 labels")


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


MANY_LAYERS = Edge("many_layers", "on a network of 11 layers (W1 to W11)",
                   "the layers taken in the order 1, 2, ..., 11 (by number: names sorted as strings put "
                   "W10 and W11 before W2), each with its own weights")


def _deep_network(rng, hidden_layers: int | None = None):
    """A random network of 1 to 3 hidden layers (or HIDDEN_LAYERS) with non-zero biases, inputs, labels,
    activation."""
    depth = hidden_layers or int(rng.integers(1, 4))
    sizes = [int(rng.integers(1, 5)), *(int(h) for h in rng.integers(1, 7, size=depth)), 1]
    params = reference("what_next").init_deep_params(sizes, seed=int(rng.integers(1_000)))
    for key in params:
        if key.startswith("b"):
            params[key] = rng.normal(0, 0.5, size=params[key].shape)
    n = int(rng.integers(1, 12))
    X = rng.normal(0, 1, size=(n, sizes[0]))
    y = (rng.uniform(size=n) < 0.5).astype(float)
    return X, y, params, str(rng.choice(["relu", "sigmoid"]))


def init_deep_cases(rng: np.random.Generator) -> Cases:
    """Random layer sizes (2 to 5 layers) and seeds; then 11 layers."""
    cases = [(([int(v) for v in rng.integers(1, 9, size=int(rng.integers(2, 6)))],),
              {"seed": int(rng.integers(1_000))}) for _ in range(3)]
    sizes = [int(v) for v in rng.integers(1, 6, size=12)]
    return TaggedCases(cases, [(MANY_LAYERS, (sizes,), {"seed": int(rng.integers(1_000))})])


def forward_deep_cases(rng: np.random.Generator) -> Cases:
    """Random networks of 1 to 3 hidden layers, with relu or sigmoid; then one of 11 layers."""
    networks = (_deep_network(rng) for _ in range(3))
    cases = [((X, params), {"activation": act}) for X, _, params, act in networks]
    X, _, params, act = _deep_network(rng, hidden_layers=10)
    return TaggedCases(cases, [(MANY_LAYERS, (X, params), {"activation": act})])


def backward_deep_cases(rng: np.random.Generator) -> Cases:
    """Random deep networks, labels and the reference forward pass's cache; then one of 11 layers."""
    def case(network):
        X, y, params, act = network
        cache = reference("what_next").forward_deep(X, params, act)[1]
        return (X, y, params, cache), {"activation": act}

    cases = [case(_deep_network(rng)) for _ in range(3)]
    return TaggedCases(cases, [(MANY_LAYERS, *case(_deep_network(rng, hidden_layers=10)))])


def _optimizer_inputs(rng, layers: int | None = None):
    _, _, params, _ = _deep_network(rng, layers)
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
    _narrow_spreads(init_params, int(rng.integers(1_000)))


#: layers of 2 and 3 inputs and NARROW_DRAWS weights each: a sample spread within 0.3% of the true one
#: (1 sigma; the tolerance is 7), where a fan-in off by one (2 -> 3, 3 -> 4) moves it by 13% or more.
#: The visible check's layers have 400 and 500 inputs, where it moves by 0.1%.
NARROW_DRAWS = 60_000
SPREAD_TOLERANCE = 0.02


def _narrow_spreads(init_params: Callable, seed: int) -> None:
    """He's sqrt(2 / n_in) on layers of few inputs: W1 of init_params(2, N, 1) and W2 of
    init_params(1, 3, N), each of NARROW_DRAWS weights."""
    __tracebackhide__ = True
    wide, narrow = NARROW_DRAWS // 2, NARROW_DRAWS // 3
    first = call_isolated(init_params, 2, wide, n_out=1, seed=seed, label=f"init_params(2, {wide}, ...)")
    second = call_isolated(init_params, 1, 3, n_out=narrow, seed=seed,
                           label=f"init_params(1, 3, n_out={narrow})")
    layers = [(f"init_params(2, {wide}, n_out=1, seed={seed})['W1']", first["W1"], 2, wide),
              (f"init_params(1, 3, n_out={narrow}, seed={seed})['W2']", second["W2"], 3, narrow)]
    stds = [float(np.std(w)) for _, w, _, _ in layers]
    for (label, w, fan_in, _), std in zip(layers, stds, strict=True):
        want = float(np.sqrt(2.0 / fan_in))
        if abs(std / want - 1) >= SPREAD_TOLERANCE:
            named = spread_hint(stds, [n for _, _, n, _ in layers], [m for *_, m in layers],
                                weights=[w for _, w, _, _ in layers])
            fail(f"{label} on a hidden input has standard deviation {std:.4f}, where He initialisation's "
                 f"sqrt(2 / n_in) = sqrt(2 / {fan_in}) = {want:.4f} belongs (n_in = {fan_in}, the layer's "
                 "number of inputs)." + named)


def split_properties(train_val_split: Callable, rng: np.random.Generator) -> None:
    """Every row lands in exactly one part, with its own label."""
    __tracebackhide__ = True
    for _ in range(3):
        n = int(rng.integers(5, 80))
        X = np.stack([np.arange(n, dtype=float), rng.normal(size=n)], axis=1)
        y = rng.integers(0, 2, size=n)
        val_fraction = float(rng.choice([0.1, 0.25, 0.5]))
        seed = int(rng.integers(1_000))
        (X_tr, X_va, y_tr, y_va), label = _split(train_val_split, X, y, val_fraction, seed)
        ids = np.concatenate([X_tr[:, 0], X_va[:, 0]]).astype(int)
        expect_true(np.array_equal(np.sort(ids), np.arange(n)),
                    f"{label} on a hidden input: every point must land in exactly one part.")
        expect_true(np.array_equal(np.concatenate([y_tr, y_va]), y[ids]),
                    f"{label} on a hidden input: labels no longer match their rows.")
        _expect_held_out(X_va, label, n, val_fraction)
    # an exact half, which Python's round takes to the even neighbour (round(2.5) = 2), and a call
    # that leaves val_fraction and seed to the signature's defaults (0.2 and 0)
    X, y = np.stack([np.arange(20.0), np.zeros(20)], axis=1), np.zeros(20, dtype=int)
    (_, X_va, _, _), label = _split(train_val_split, X[:10], y[:10], 0.25, int(rng.integers(1_000)))
    _expect_held_out(X_va, label, 10, 0.25)
    label = "train_val_split(X, y), its val_fraction and seed left to their defaults,"
    parts = call_isolated(train_val_split, X, y, label=label)
    expect_true(isinstance(parts, tuple) and len(parts) == 4 and hasattr(parts[1], "__len__"),
                f"{label} should return a tuple X_train, X_val, y_train, y_val; got {show(parts)}.")
    _expect_held_out(parts[1], label, 20, 0.2)


def _expect_held_out(X_val, label: str, n: int, val_fraction: float) -> None:
    """X_VAL, from LABEL's call on N rows, holds round(val_fraction * N) rows, as the docstring says."""
    __tracebackhide__ = True
    want = round(val_fraction * n)
    half_up = val_fraction * n % 1 == 0.5 and len(X_val) == math.ceil(val_fraction * n) != want
    half = (f"val_fraction * N = {val_fraction * n:g} is an exact half, and yours takes it up to "
            f"{len(X_val)}: Python's round takes an exact half to the even neighbour (round("
            f"{val_fraction * n:g}) = {want}), where int(x + 0.5) and ceil take it up; use round itself.")
    expect_true(len(X_val) == want,
                f"{label} on a hidden input of N = {n} rows: X_val has {len(X_val)} rows, where the "
                f"docstring holds out round(val_fraction * N) = round({val_fraction * n:g}) = {want}."
                + (hint_line("fp.half_rounded_up", half) if half_up else ""))


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
