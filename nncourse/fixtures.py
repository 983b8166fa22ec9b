"""Generate ``autograder/fixtures/*.npz``: stored inputs and reference outputs.

Instructor side only (imports ``solutions``). Run ``python -m nncourse.fixtures``
(``make fixtures``) after changing a solution or a case; a test fails while the
stored files differ from what this module generates.

Each notebook has a case generator here (``GENERATORS``, keyed by the
``solutions`` module that mirrors it): the stored inputs, plus the reference's
outputs on them, computed through each blank's case runner
(``nncourse.case_runners``). Each catalogued mistake's outputs go to
``mistakes.npz`` (``nncourse.mistake_fixtures``), from the same runners; the reference's
call traces to ``call_traces.json`` and ``.npz`` (``nncourse.trace_fixtures``); the blanks'
default arguments to ``signatures.json`` (``autograder.signature_defaults``).
"""

import importlib
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np

from autograder.blanks import BLANKS
from autograder.call_trace import TRACES_JSON, TRACES_NPZ
from autograder.signature_defaults import SIGNATURES_JSON, plain_defaults
from nncourse import mistake_fixtures, trace_fixtures
from nncourse.case_runners import ACTIVATION_BLANKS, GRAD_KEYS, PARAM_KEYS, RUNNERS, reference
from nncourse.fixtures_what_next import what_next_cases
from solutions import activations, backprop, forward_pass, losses, perceptron, training

FIXTURES = Path(__file__).resolve().parent.parent / "autograder" / "fixtures"


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
    # a hair below the line (w·x + b = -1e-9): a tie rule with a tolerance (np.isclose) fires there
    xs.append([0.5, 0.5])
    ws.append([1.0, 1.0])
    bs.append(-1.0 - 1e-9)
    width = max(len(x) for x in xs)

    def pad(v):
        return v + [0.0] * (width - len(v))

    values = {"perceptron/table/x": np.array([pad(v) for v in xs]),
              "perceptron/table/w": np.array([pad(v) for v in ws]), "perceptron/table/b": np.array(bs)}
    return _with_outputs(values, perceptron, PERCEPTRON_BLANKS)


# --------------------------------------------------------------------------
# Notebook 02: activations
# --------------------------------------------------------------------------

def activation_cases() -> dict[str, np.ndarray]:
    rng = _rng(202)
    grid = np.array([[-6.0, -2.5, -1.0, -0.3], [0.0, 0.3, 1.0, 2.5], [6.0, -12.0, 12.0, 0.7]])
    # |x| <= 3, where central differences of a saturating tanh keep ~1e-10 accuracy
    smooth_grid = _away_from_zero(rng.uniform(-3.0, 3.0, size=(3, 5)))
    huge = np.array([-1e308, -1000.0, -745.0, -40.0, 40.0, 745.0, 1000.0, 1e308])
    large = np.array([-1000.0, -745.0, -40.0, 40.0, 745.0, 1000.0])
    values = {}
    for name in ACTIVATION_BLANKS:
        # derivatives are sampled off the kink x = 0, where relu has no derivative
        x = smooth_grid if name.endswith("_grad") else grid
        values[f"{name}/grid/x"] = x
        values[f"{name}/scalar/x"] = np.array(-1.3)
        if name.startswith("leaky"):
            values[f"{name}/alpha/x"] = x
        # sigmoid (and its derivative) must stay finite and right for any float64; the other
        # activations where exp() overflows (|x| > 709), which their textbook formulas do.
        # Not tanh' = 1 - tanh^2: written as sech^2 it overflows harmlessly to the right 0.
        if name.startswith("sigmoid"):
            values[f"{name}/extreme/x"] = huge
        elif not name.endswith("_grad"):
            values[f"{name}/extreme/x"] = large
    return _with_outputs(values, activations, ACTIVATION_BLANKS)


# --------------------------------------------------------------------------
# Notebook 03: losses
# --------------------------------------------------------------------------

LOSS_BLANKS = ("binary_cross_entropy", "binary_cross_entropy_grad", "mse", "mse_grad",
               "softmax", "categorical_cross_entropy", "softmax_cross_entropy_grad")


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
    # logits of moderate size (every probability well above the CCE's clip, so central differences
    # see the unclipped loss), one row, and logits in the thousands
    logit_cases = {"basic": (rng.normal(0, 2, size=(6, 4)), [0, 3, 1, 1, 2, 3]),
                   "single": (rng.normal(0, 2, size=(1, 3)), [2]),
                   "large": (np.array([[1000.0, 999.0, 990.0], [-1000.0, 0.0, 1000.0]]), [1, 0])}
    for case, (Z, labels) in logit_cases.items():
        values[f"softmax_cross_entropy_grad/{case}/Z"] = Z
        values[f"softmax_cross_entropy_grad/{case}/Y"] = np.eye(Z.shape[1])[labels]
    return _with_outputs(values, losses, LOSS_BLANKS)


# --------------------------------------------------------------------------
# Notebooks 04 and 05: the forward pass, backprop and the SGD step
# --------------------------------------------------------------------------

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
        values.update({f"forward/{case}/{k}": v for k, v in params.items()})
        values[f"forward/{case}/X"] = X
    return _with_outputs(values, forward_pass, ("init_params", "forward"))


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


# --------------------------------------------------------------------------
# Notebook 06: predictions, accuracy, the training loop
# --------------------------------------------------------------------------

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


#: notebook fixture name -> generator of its stored values
GENERATORS: dict[str, Callable[[], dict[str, np.ndarray]]] = {
    "perceptron": perceptron_cases,
    "activations": activation_cases,
    "losses": loss_cases,
    "forward_pass": forward_cases,
    "backprop": backprop_cases,
    "training": training_cases,
    "what_next": what_next_cases,
}


def build_all() -> dict[str, dict[str, np.ndarray]]:
    """Every fixture file's contents, freshly computed from ``solutions``."""
    return {name: make() for name, make in GENERATORS.items()}


def notebook_defaults() -> dict[str, dict]:
    """Every function blank's plain defaults, as its notebook's signature gives them (the reference's
    is the same signature): ``autograder/fixtures/signatures.json`` (``autograder.signature_defaults``)."""
    found = {}
    for blank in BLANKS:
        if blank.constants:
            continue
        ref = reference(importlib.import_module(f"solutions.{blank.module}"), blank.name)
        defaults = plain_defaults(ref)
        if defaults:
            found[blank.name] = defaults
    return found


def write_all(target: Path = FIXTURES) -> list[Path]:
    """Write ``<target>/<name>.npz`` for every fixture, and the mistakes' catalogue; returns the paths."""
    target.mkdir(parents=True, exist_ok=True)
    fixtures = build_all()
    written = []
    for name, values in fixtures.items():
        path = target / f"{name}.npz"
        np.savez(path, **values)
        written.append(path)
    written += mistake_fixtures.write(target, fixtures)
    signatures = target / SIGNATURES_JSON.name
    signatures.write_text(json.dumps(notebook_defaults(), indent=1, sort_keys=True) + "\n")
    written.append(signatures)
    # the traces run the checks, which read the known values just written
    return written + trace_fixtures.write(target / TRACES_JSON.name, target / TRACES_NPZ.name)


if __name__ == "__main__":
    for path in write_all():
        print(f"wrote {path.relative_to(FIXTURES.parent.parent)}")
