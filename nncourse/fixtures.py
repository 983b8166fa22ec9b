"""Generate ``autograder/fixtures/*.npz``: stored inputs and reference outputs.

Instructor side only (imports ``solutions``). Run ``python -m nncourse.fixtures``
(``make fixtures``) after changing a solution or a case; a test fails while the
stored files differ from what this module generates.
"""

from collections.abc import Callable
from pathlib import Path

import numpy as np

from solutions import activations, backprop, forward_pass, losses, perceptron, training

FIXTURES = Path(__file__).resolve().parent.parent / "autograder" / "fixtures"


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _away_from_zero(x: np.ndarray, gap: float = 0.05) -> np.ndarray:
    """Move values off the kinks of relu and leaky relu so central differences are exact."""
    return np.where(np.abs(x) < gap, np.sign(x + 1e-300) * gap + x, x)


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

    x = np.array([pad(v) for v in xs])
    w = np.array([pad(v) for v in ws])
    b = np.array(bs)
    out = np.array([perceptron.perceptron(xi, wi, bi) for xi, wi, bi in zip(x, w, b, strict=True)])
    values = {"perceptron/table/x": x, "perceptron/table/w": w, "perceptron/table/b": b,
              "perceptron/table/out": out}
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    for gate, y in (("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]), ("xor", [0, 1, 1, 0])):
        w_, b_, errors = perceptron.train_perceptron(corners, np.array(y, dtype=float))
        values[f"train_perceptron/{gate}/w"] = w_
        values[f"train_perceptron/{gate}/b"] = np.array(b_)
        values[f"train_perceptron/{gate}/errors"] = np.array(errors, dtype=float)
    return values


def activation_cases() -> dict[str, np.ndarray]:
    rng = _rng(202)
    grid = np.array([[-6.0, -2.5, -1.0, -0.3], [0.0, 0.3, 1.0, 2.5], [6.0, -12.0, 12.0, 0.7]])
    # |x| <= 3, where central differences of a saturating tanh keep ~1e-10 accuracy
    smooth_grid = _away_from_zero(rng.uniform(-3.0, 3.0, size=(3, 5)))
    functions: dict[str, Callable] = {
        "sigmoid": activations.sigmoid, "sigmoid_grad": activations.sigmoid_grad,
        "tanh": activations.tanh, "tanh_grad": activations.tanh_grad,
        "relu": activations.relu, "relu_grad": activations.relu_grad,
        "leaky_relu": activations.leaky_relu, "leaky_relu_grad": activations.leaky_relu_grad,
    }
    values = {}
    for name, fn in functions.items():
        # derivatives are sampled off the kink x = 0, where relu has no derivative
        x = smooth_grid if name.endswith("_grad") else grid
        values[f"{name}/grid/x"] = x
        values[f"{name}/grid/out"] = fn(x)
        values[f"{name}/scalar/x"] = np.array(-1.3)
        values[f"{name}/scalar/out"] = np.array(fn(-1.3))
    for name in ("leaky_relu", "leaky_relu_grad"):
        x = values[f"{name}/grid/x"]
        values[f"{name}/alpha/x"] = x
        values[f"{name}/alpha/out"] = functions[name](x, alpha=0.25)
    huge = np.array([-1e308, -1000.0, -745.0, -40.0, 40.0, 745.0, 1000.0, 1e308])
    for name in ("sigmoid", "sigmoid_grad"):
        values[f"{name}/extreme/x"] = huge
        values[f"{name}/extreme/out"] = functions[name](huge)
    return values


def loss_cases() -> dict[str, np.ndarray]:
    rng = _rng(303)
    y = np.array([1, 0, 1, 1, 0, 0, 1, 0], dtype=float)
    y_hat = rng.uniform(0.05, 0.95, size=8)
    values = {}
    for name, fn in (("binary_cross_entropy", losses.binary_cross_entropy),
                     ("binary_cross_entropy_grad", losses.binary_cross_entropy_grad),
                     ("mse", losses.mse), ("mse_grad", losses.mse_grad)):
        values[f"{name}/basic/y"] = y
        values[f"{name}/basic/y_hat"] = y_hat
        values[f"{name}/basic/out"] = np.asarray(fn(y, y_hat))
    values["binary_cross_entropy/extreme/y"] = np.array([1.0, 0.0, 1.0, 0.0])
    values["binary_cross_entropy/extreme/y_hat"] = np.array([0.0, 1.0, 1.0, 0.0])
    z_cases = {"basic": rng.normal(0, 2, size=(5, 3)), "single": rng.normal(0, 2, size=(1, 4)),
               "large": np.array([[1000.0, 999.0, 990.0], [-1000.0, 0.0, 1000.0]])}
    for case, z in z_cases.items():
        values[f"softmax/{case}/z"] = z
        values[f"softmax/{case}/out"] = losses.softmax(z)
    Y = np.eye(3)[[0, 2, 1, 1, 0]]
    P = losses.softmax(rng.normal(0, 1.5, size=(5, 3)))
    values["categorical_cross_entropy/basic/Y"] = Y
    values["categorical_cross_entropy/basic/P"] = P
    values["categorical_cross_entropy/basic/out"] = np.asarray(losses.categorical_cross_entropy(Y, P))
    P0 = np.array([[0.0, 1.0, 0.0], [0.2, 0.3, 0.5]])
    values["categorical_cross_entropy/zeros/Y"] = np.eye(3)[[0, 2]]
    values["categorical_cross_entropy/zeros/P"] = P0
    return values


def _network(seed: int, n: int, d: int = 3, h: int = 5) -> tuple[np.ndarray, np.ndarray, dict]:
    rng = _rng(seed)
    params = forward_pass.init_params(d, h, 1, seed=seed)
    # Non-zero biases so that a forgotten bias shows in the values.
    params["b1"] = rng.normal(0, 0.5, size=h)
    params["b2"] = rng.normal(0, 0.5, size=1)
    X = rng.normal(0, 1, size=(n, d))
    y = (rng.uniform(size=n) < 0.5).astype(float)
    return X, y, params


def forward_cases() -> dict[str, np.ndarray]:
    values = {}
    for case, seed, n in (("batch", 404, 7), ("single", 405, 1)):
        X, _, params = _network(seed, n)
        y_hat, cache = forward_pass.forward(X, params)
        values.update({f"forward/{case}/{k}": v for k, v in params.items()})
        values.update({f"forward/{case}/{k}": v for k, v in cache.items()})
        values[f"forward/{case}/X"] = X
        values[f"forward/{case}/y_hat"] = y_hat
    return values


def backprop_cases() -> dict[str, np.ndarray]:
    values = {}
    for case, seed, n in (("batch", 505, 7), ("single", 506, 1)):
        X, y, params = _network(seed, n)
        _, cache = forward_pass.forward(X, params)
        assert np.abs(cache["z1"]).min() > 1e-3, "a unit sits on the ReLU kink; pick another seed"
        grads = backprop.backward(X, y, params, cache)
        for group in (params, cache, grads):
            values.update({f"backward/{case}/{k}": v for k, v in group.items()})
        values[f"backward/{case}/X"] = X
        values[f"backward/{case}/y"] = y
    params = {k: values[f"backward/batch/{k}"] for k in ("W1", "b1", "W2", "b2")}
    grads = {k: values[f"backward/batch/{k}"] for k in ("dW1", "db1", "dW2", "db2")}
    values.update({f"sgd_step/main/{k}": v for k, v in {**params, **grads}.items()})
    for lr in (0.1, 2.0):
        new = backprop.sgd_step(params, grads, lr)
        values.update({f"sgd_step/main/{k}@{lr}": v for k, v in new.items()})
    return values


def training_cases() -> dict[str, np.ndarray]:
    values = {}
    X, y, params = _network(606, 25, d=2, h=6)
    values.update({f"predict/main/{k}": v for k, v in params.items()})
    values["predict/main/X"] = X
    for threshold in (0.5, 0.3):
        values[f"predict/main/labels@{threshold}"] = training.predict(X, params, threshold)
    rng = _rng(607)
    y_true = rng.integers(0, 2, size=23)
    y_pred = np.where(rng.uniform(size=23) < 0.7, y_true, 1 - y_true)
    values.update({"accuracy/main/y_true": y_true, "accuracy/main/y_pred": y_pred,
                   "accuracy/main/out": np.array(training.accuracy(y_true, y_pred))})
    X, y = training.make_spiral(20, 0.15, seed=608)
    X_val, y_val = training.make_spiral(10, 0.15, seed=609)
    run = {"hidden": 6, "lr": 0.5, "epochs": 30, "seed": 3}
    params, history = training.train(X, y, X_val, y_val, **run)
    values.update({f"train/small/{k}": np.array(v) for k, v in run.items()})
    values.update({"train/small/X": X, "train/small/y": y, "train/small/X_val": X_val,
                   "train/small/y_val": y_val})
    values.update({f"train/small/{k}": v for k, v in params.items()})
    values.update({f"train/small/{k}": np.array(v) for k, v in history.items()})
    return values


#: notebook fixture name -> generator of its stored values
GENERATORS: dict[str, Callable[[], dict[str, np.ndarray]]] = {
    "perceptron": perceptron_cases,
    "activations": activation_cases,
    "losses": loss_cases,
    "forward_pass": forward_cases,
    "backprop": backprop_cases,
    "training": training_cases,
}


def build_all() -> dict[str, dict[str, np.ndarray]]:
    """Every fixture file's contents, freshly computed from ``solutions``."""
    return {name: make() for name, make in GENERATORS.items()}


def write_all(target: Path = FIXTURES) -> list[Path]:
    """Write ``<target>/<name>.npz`` for every fixture; returns the paths written."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, values in build_all().items():
        path = target / f"{name}.npz"
        np.savez(path, **values)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(f"wrote {path.relative_to(FIXTURES.parent.parent)}")
