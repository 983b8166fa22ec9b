"""Case runners: how each blank's check calls an implementation on the stored inputs.

Instructor side only. A *case runner* (``RUNNERS[blank]``) calls one
implementation of the blank the way the blank's check does, on the stored
inputs, and yields what the check compares, under the keys
"<blank>/<case>/<name>". ``nncourse.fixtures`` runs the reference through them
(the stored outputs); ``nncourse.mistake_fixtures`` runs each catalogued
mistake (what the autograder recognises it by). The registry of blanks
(``autograder.blanks``, ``Blank.runner``) lists the blanks that have one.
"""

from collections.abc import Callable, Iterator, Mapping
from types import ModuleType
from typing import Any

import numpy as np

from autograder.blanks import CONSTANTS
from autograder.checks.perceptron import CORNERS, TRUTH_TABLES, _gate_outputs

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


# --------------------------------------------------------------------------
# Notebook 01: the perceptron
# --------------------------------------------------------------------------

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


@runner("softmax_cross_entropy_grad")
def _run_softmax_cross_entropy_grad(grad, v):
    for case in ("basic", "single", "large"):
        p = f"softmax_cross_entropy_grad/{case}"
        yield f"{p}/out", grad(v[f"{p}/Y"], v[f"{p}/Z"])


# --------------------------------------------------------------------------
# Notebooks 04 and 05: the forward pass, backprop and the SGD step
# --------------------------------------------------------------------------

PARAM_KEYS = ("W1", "b1", "W2", "b2")
GRAD_KEYS = ("dW1", "db1", "dW2", "db2")


def _picked(v: Mapping[str, np.ndarray], prefix: str, keys: tuple[str, ...]) -> dict[str, np.ndarray]:
    return {k: v[f"{prefix}/{k}"] for k in keys}


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
