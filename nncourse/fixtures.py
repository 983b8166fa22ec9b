"""Generate ``autograder/fixtures/*.npz``: stored inputs and reference outputs.

Instructor side only (imports ``solutions``). Run ``python -m nncourse.fixtures``
(``make fixtures``) after changing a solution or a case; a test fails while the
stored files differ from what this module generates.

Every blank has a *case runner* in ``RUNNERS``: it calls one implementation of
the blank the way the blank's check does, on the stored inputs, and yields what
the check compares, under the keys "<blank>/<case>/<name>". The reference's
outputs are stored next to the inputs (here); each catalogued mistake's outputs
go to ``mistakes.npz`` (``nncourse.mistake_fixtures``), from the same runners.
"""

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from autograder.checks.perceptron import CORNERS, TRUTH_TABLES, _gate_outputs
from solutions import activations, backprop, forward_pass, losses, perceptron, training
from solutions.mistakes import CONSTANTS

FIXTURES = Path(__file__).resolve().parent.parent / "autograder" / "fixtures"

#: (implementation, stored values) -> (key, output) pairs, in the order the check compares them
Runner = Callable[[Any, Mapping[str, np.ndarray]], Iterator[tuple[str, Any]]]
#: blank -> its case runner
RUNNERS: dict[str, Runner] = {}


def runner(*blanks: str) -> Callable[[Runner], Runner]:
    """Register the decorated function as the case runner of ``blanks``."""
    def register(fn: Runner) -> Runner:
        RUNNERS.update(dict.fromkeys(blanks, fn))
        return fn
    return register


def reference(module: ModuleType, blank: str) -> Any:
    """The reference implementation of a blank: its function, or a dict of its constants."""
    if blank in CONSTANTS:
        return {name: getattr(module, name) for name in CONSTANTS[blank]}
    return getattr(module, blank)


def _with_outputs(values: dict[str, np.ndarray], module: ModuleType, blanks: tuple[str, ...]):
    """``values`` (the inputs) plus every reference output of ``blanks``."""
    for blank in blanks:
        values.update((key, np.asarray(out)) for key, out in RUNNERS[blank](reference(module, blank), values))
    return values


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _away_from_zero(x: np.ndarray, gap: float = 0.05) -> np.ndarray:
    """Move values off the kinks of relu and leaky relu so central differences are exact."""
    return np.where(np.abs(x) < gap, np.sign(x + 1e-300) * gap + x, x)


# --------------------------------------------------------------------------
# Notebook 01: the perceptron
# --------------------------------------------------------------------------

PERCEPTRON_BLANKS = ("perceptron", "gates", "train_perceptron", "xor")


def perceptron_cases() -> dict[str, np.ndarray]:
    rng = _rng(101)
    xs = [[1.0, 1.0], [0.0, 0.0], [0.5, -2.0], [2.0, 1.0], [1.0, 2.0, 3.0], [-1.0, 0.5]]
    ws = [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0], [0.5, -1.0], [1.0, -1.0, 0.5], [2.0, 2.0]]
    bs = [-2.0, 0.0, 1.0, -1.0, -0.5, 1.0]  # the first two lie exactly on the boundary
    for _ in range(6):
        xs.append(list(rng.normal(size=2)))
        ws.append(list(rng.normal(size=2)))
        bs.append(float(rng.normal()))
    width = max(len(x) for x in xs)

    def pad(v):
        return v + [0.0] * (width - len(v))

    values = {"perceptron/table/x": np.array([pad(v) for v in xs]),
              "perceptron/table/w": np.array([pad(v) for v in ws]), "perceptron/table/b": np.array(bs)}
    return _with_outputs(values, perceptron, PERCEPTRON_BLANKS)


@runner("perceptron")
def _run_perceptron(perceptron_, v):
    rows = zip(v["perceptron/table/x"], v["perceptron/table/w"], v["perceptron/table/b"], strict=True)
    yield "perceptron/table/out", np.array([perceptron_(x, w, float(b)) for x, w, b in rows])


@runner("gates")
def _run_gates(gates, v):
    for gate in ("AND", "OR", "NAND"):
        yield f"gates/{gate.lower()}/table", np.array(_gate_outputs(gates[f"{gate}_W"], gates[f"{gate}_B"]))


@runner("train_perceptron")
def _run_train_perceptron(train_perceptron, v):
    for gate in ("and", "or", "xor"):
        y = np.array(TRUTH_TABLES[gate.upper()], dtype=np.float64)
        w, b, errors = train_perceptron(CORNERS, y, lr=1.0, epochs=20)
        yield f"train_perceptron/{gate}/errors", np.array(errors, dtype=np.float64)
        yield f"train_perceptron/{gate}/w", w
        yield f"train_perceptron/{gate}/b", np.array(b)
    # from zero weights lr only rescales (w, b): the check compares lr = 0.5 with lr = 1
    w, b, _ = train_perceptron(CORNERS, np.array(TRUTH_TABLES["AND"], dtype=np.float64), lr=0.5, epochs=20)
    yield "train_perceptron/lr/wb", np.append(w, b)


@runner("xor")
def _run_xor(xor, v):
    yield "xor/corners/out", np.array([xor(x) for x in CORNERS])


# --------------------------------------------------------------------------
# Notebook 02: activations
# --------------------------------------------------------------------------

ACTIVATION_BLANKS = ("sigmoid", "sigmoid_grad", "tanh", "tanh_grad",
                     "relu", "relu_grad", "leaky_relu", "leaky_relu_grad")


def activation_cases() -> dict[str, np.ndarray]:
    rng = _rng(202)
    grid = np.array([[-6.0, -2.5, -1.0, -0.3], [0.0, 0.3, 1.0, 2.5], [6.0, -12.0, 12.0, 0.7]])
    # |x| <= 3, where central differences of a saturating tanh keep ~1e-10 accuracy
    smooth_grid = _away_from_zero(rng.uniform(-3.0, 3.0, size=(3, 5)))
    huge = np.array([-1e308, -1000.0, -745.0, -40.0, 40.0, 745.0, 1000.0, 1e308])
    values = {}
    for name in ACTIVATION_BLANKS:
        # derivatives are sampled off the kink x = 0, where relu has no derivative
        x = smooth_grid if name.endswith("_grad") else grid
        values[f"{name}/grid/x"] = x
        values[f"{name}/scalar/x"] = np.array(-1.3)
        if name.startswith("leaky"):
            values[f"{name}/alpha/x"] = x
        if name.startswith("sigmoid"):
            values[f"{name}/extreme/x"] = huge
    return _with_outputs(values, activations, ACTIVATION_BLANKS)


def _activation_runner(name: str) -> Runner:
    def run(fn, v):
        yield f"{name}/grid/out", fn(v[f"{name}/grid/x"])
        yield f"{name}/scalar/out", np.array(fn(float(v[f"{name}/scalar/x"])))
        if f"{name}/alpha/x" in v:
            yield f"{name}/alpha/out", fn(v[f"{name}/alpha/x"], alpha=0.25)
        if f"{name}/extreme/x" in v:
            yield f"{name}/extreme/out", fn(v[f"{name}/extreme/x"])
    return run


RUNNERS.update({name: _activation_runner(name) for name in ACTIVATION_BLANKS})


# --------------------------------------------------------------------------
# Notebook 03: losses
# --------------------------------------------------------------------------

LOSS_BLANKS = ("binary_cross_entropy", "binary_cross_entropy_grad", "mse", "mse_grad",
               "softmax", "categorical_cross_entropy")


def loss_cases() -> dict[str, np.ndarray]:
    rng = _rng(303)
    y = np.array([1, 0, 1, 1, 0, 0, 1, 0], dtype=float)
    y_hat = rng.uniform(0.05, 0.95, size=8)
    values = {}
    for name in LOSS_BLANKS[:4]:
        values[f"{name}/basic/y"] = y
        values[f"{name}/basic/y_hat"] = y_hat
    values["binary_cross_entropy/extreme/y"] = np.array([1.0, 0.0, 1.0, 0.0])
    values["binary_cross_entropy/extreme/y_hat"] = np.array([0.0, 1.0, 1.0, 0.0])
    z_cases = {"basic": rng.normal(0, 2, size=(5, 3)), "single": rng.normal(0, 2, size=(1, 4)),
               "large": np.array([[1000.0, 999.0, 990.0], [-1000.0, 0.0, 1000.0]])}
    for case, z in z_cases.items():
        values[f"softmax/{case}/z"] = z
    values["categorical_cross_entropy/basic/Y"] = np.eye(3)[[0, 2, 1, 1, 0]]
    values["categorical_cross_entropy/basic/P"] = losses.softmax(rng.normal(0, 1.5, size=(5, 3)))
    values["categorical_cross_entropy/zeros/Y"] = np.eye(3)[[0, 2]]
    values["categorical_cross_entropy/zeros/P"] = np.array([[0.0, 1.0, 0.0], [0.2, 0.3, 0.5]])
    return _with_outputs(values, losses, LOSS_BLANKS)


@runner("binary_cross_entropy")
def _run_bce(bce, v):
    y, y_hat = v["binary_cross_entropy/basic/y"], v["binary_cross_entropy/basic/y_hat"]
    yield "binary_cross_entropy/basic/out", bce(y, y_hat)
    yield "binary_cross_entropy/column/out", bce(y.reshape(-1, 1), y_hat)


def _pointwise_loss_runner(name: str) -> Runner:
    def run(fn, v):
        yield f"{name}/basic/out", fn(v[f"{name}/basic/y"], v[f"{name}/basic/y_hat"])
    return run


RUNNERS.update({name: _pointwise_loss_runner(name)
                for name in ("binary_cross_entropy_grad", "mse", "mse_grad")})


@runner("softmax")
def _run_softmax(softmax, v):
    for case in ("basic", "single", "large"):
        yield f"softmax/{case}/out", softmax(v[f"softmax/{case}/z"])


@runner("categorical_cross_entropy")
def _run_cce(cce, v):
    yield "categorical_cross_entropy/basic/out", cce(v["categorical_cross_entropy/basic/Y"],
                                                      v["categorical_cross_entropy/basic/P"])


# --------------------------------------------------------------------------
# Notebooks 04 and 05: the forward pass, backprop and the SGD step
# --------------------------------------------------------------------------

PARAM_KEYS = ("W1", "b1", "W2", "b2")
GRAD_KEYS = ("dW1", "db1", "dW2", "db2")


def _network(seed: int, n: int, d: int = 3, h: int = 5) -> tuple[np.ndarray, np.ndarray, dict]:
    rng = _rng(seed)
    params = forward_pass.init_params(d, h, 1, seed=seed)
    # Non-zero biases so that a forgotten bias shows in the values.
    params["b1"] = rng.normal(0, 0.5, size=h)
    params["b2"] = rng.normal(0, 0.5, size=1)
    X = rng.normal(0, 1, size=(n, d))
    y = (rng.uniform(size=n) < 0.5).astype(float)
    return X, y, params


def _picked(v: Mapping[str, np.ndarray], prefix: str, keys: tuple[str, ...]) -> dict[str, np.ndarray]:
    return {k: v[f"{prefix}/{k}"] for k in keys}


def forward_cases() -> dict[str, np.ndarray]:
    values = {}
    for case, seed, n in (("batch", 404, 7), ("single", 405, 1)):
        X, _, params = _network(seed, n)
        values.update({f"forward/{case}/{k}": v for k, v in params.items()})
        values[f"forward/{case}/X"] = X
    return _with_outputs(values, forward_pass, ("init_params", "forward"))


@runner("init_params")
def _run_init_params(init_params, v):
    # the first call of the check; its properties, not its values, are graded
    yield "init_params/small/W1", init_params(3, 5, n_out=1, seed=0)["W1"]


@runner("forward")
def _run_forward(forward, v):
    for case in ("batch", "single"):
        y_hat, cache = forward(v[f"forward/{case}/X"], _picked(v, f"forward/{case}", PARAM_KEYS))
        for key in ("z1", "a1", "z2"):
            yield f"forward/{case}/{key}", cache[key]
        yield f"forward/{case}/y_hat", y_hat


def backprop_cases() -> dict[str, np.ndarray]:
    values = {}
    for case, seed, n in (("batch", 505, 7), ("single", 506, 1)):
        X, y, params = _network(seed, n)
        _, cache = forward_pass.forward(X, params)
        assert np.abs(cache["z1"]).min() > 1e-3, "a unit sits on the ReLU kink; pick another seed"
        for group in (params, cache):
            values.update({f"backward/{case}/{k}": v for k, v in group.items()})
        values[f"backward/{case}/X"] = X
        values[f"backward/{case}/y"] = y
    values = _with_outputs(values, backprop, ("backward",))
    # sgd_step steps from the batch case's parameters along its reference gradients
    values.update({f"sgd_step/main/{k}": values[f"backward/batch/{k}"] for k in PARAM_KEYS + GRAD_KEYS})
    return _with_outputs(values, backprop, ("sgd_step",))


@runner("backward")
def _run_backward(backward, v):
    for case in ("batch", "single"):
        p = f"backward/{case}"
        params, cache = _picked(v, p, PARAM_KEYS), _picked(v, p, ("z1", "a1", "z2"))
        grads = backward(v[f"{p}/X"], v[f"{p}/y"], params, cache)
        for key in GRAD_KEYS:
            yield f"{p}/{key}", grads[key]


@runner("sgd_step")
def _run_sgd_step(sgd_step, v):
    for lr in (0.1, 2.0):
        new = sgd_step(_picked(v, "sgd_step/main", PARAM_KEYS), _picked(v, "sgd_step/main", GRAD_KEYS), lr)
        for key in PARAM_KEYS:
            yield f"sgd_step/main/{key}@{lr}", new[key]


# --------------------------------------------------------------------------
# Notebook 06: predictions, accuracy, the training loop
# --------------------------------------------------------------------------

HISTORY_KEYS = ("loss", "val_loss", "acc", "val_acc")


def training_cases() -> dict[str, np.ndarray]:
    values = {}
    X, y, params = _network(606, 25, d=2, h=6)
    values.update({f"predict/main/{k}": v for k, v in params.items()})
    values["predict/main/X"] = X
    rng = _rng(607)
    y_true = rng.integers(0, 2, size=23)
    y_pred = np.where(rng.uniform(size=23) < 0.7, y_true, 1 - y_true)
    values.update({"accuracy/main/y_true": y_true, "accuracy/main/y_pred": y_pred})
    X, y = training.make_spiral(20, 0.15, seed=608)
    X_val, y_val = training.make_spiral(10, 0.15, seed=609)
    run = {"hidden": 6, "lr": 0.5, "epochs": 30, "seed": 3}
    values.update({f"train/small/{k}": np.array(v) for k, v in run.items()})
    values.update({"train/small/X": X, "train/small/y": y, "train/small/X_val": X_val,
                   "train/small/y_val": y_val})
    return _with_outputs(values, training, ("predict", "accuracy", "train"))


@runner("predict")
def _run_predict(predict, v):
    for threshold in (0.5, 0.3):
        yield f"predict/main/labels@{threshold}", predict(v["predict/main/X"],
                                                           _picked(v, "predict/main", PARAM_KEYS),
                                                           threshold=threshold)


@runner("accuracy")
def _run_accuracy(accuracy, v):
    y_true, y_pred = v["accuracy/main/y_true"], v["accuracy/main/y_pred"]
    yield "accuracy/main/out", accuracy(y_true, y_pred)
    yield "accuracy/column/out", accuracy(y_true.reshape(-1, 1), y_pred)
    yield "accuracy/float/out", accuracy(y_true, y_pred.astype(float))


@runner("train")
def _run_train(train, v):
    p = "train/small"
    params, history = train(v[f"{p}/X"], v[f"{p}/y"], v[f"{p}/X_val"], v[f"{p}/y_val"],
                            hidden=int(v[f"{p}/hidden"]), lr=float(v[f"{p}/lr"]),
                            epochs=int(v[f"{p}/epochs"]), seed=int(v[f"{p}/seed"]))
    for key in HISTORY_KEYS:
        yield f"{p}/{key}", np.array(history[key])
    for key in PARAM_KEYS:
        yield f"{p}/{key}", params[key]


#: notebook fixture name -> generator of its stored values
GENERATORS: dict[str, Callable[[], dict[str, np.ndarray]]] = {
    "perceptron": perceptron_cases,
    "activations": activation_cases,
    "losses": loss_cases,
    "forward_pass": forward_cases,
    "backprop": backprop_cases,
    "training": training_cases,
    "what_next": __import__("nncourse.fixtures_what_next").fixtures_what_next.what_next_cases,
}


def build_all() -> dict[str, dict[str, np.ndarray]]:
    """Every fixture file's contents, freshly computed from ``solutions``."""
    return {name: make() for name, make in GENERATORS.items()}


def write_all(target: Path = FIXTURES) -> list[Path]:
    """Write ``<target>/<name>.npz`` for every fixture, and the mistakes' catalogue; returns the paths."""
    from nncourse import mistake_fixtures

    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, values in build_all().items():
        path = target / f"{name}.npz"
        np.savez(path, **values)
        written.append(path)
    return written + mistake_fixtures.write(target)


if __name__ == "__main__":
    for path in write_all():
        print(f"wrote {path.relative_to(FIXTURES.parent.parent)}")
