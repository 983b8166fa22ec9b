"""How to run the check of any blank on any implementation (tests only).

``run_check("sigmoid", impl)`` calls the notebook's check for that blank with
``impl`` in place of the reference, exactly as the test cell does.
"""

from collections.abc import Callable

from autograder import checks as C
from nncourse.fixtures import reference
from solutions import activations as A
from solutions import backprop as B
from solutions import forward_pass as F
from solutions import losses as L
from solutions import perceptron as P
from solutions import training as T
from solutions import what_next as W
from solutions.mistakes import CONSTANTS


def _gates(values: dict) -> None:
    """Constants blank: ``values`` maps AND_W, AND_B, ..., NAND_B to the student's values."""
    C.check_gates(*(values[name] for name in CONSTANTS["gates"]))


def _hyperparameters(values: dict) -> None:
    """The spiral target with the reference train and predict and the given HIDDEN, LR, EPOCHS."""
    C.check_spiral_accuracy(T.train, T.predict, *(values[name] for name in CONSTANTS["hyperparameters"]))


CHECKS: dict[str, Callable] = {
    "perceptron": C.check_perceptron,
    "gates": _gates,
    "train_perceptron": C.check_train_perceptron,
    "xor": C.check_xor,
    "sigmoid": C.check_sigmoid,
    "sigmoid_grad": lambda f: C.check_sigmoid_grad(f, A.sigmoid),
    "tanh": C.check_tanh,
    "tanh_grad": lambda f: C.check_tanh_grad(f, A.tanh),
    "relu": C.check_relu,
    "relu_grad": lambda f: C.check_relu_grad(f, A.relu),
    "leaky_relu": C.check_leaky_relu,
    "leaky_relu_grad": lambda f: C.check_leaky_relu_grad(f, A.leaky_relu),
    "binary_cross_entropy": C.check_binary_cross_entropy,
    "binary_cross_entropy_grad": lambda f: C.check_binary_cross_entropy_grad(f, L.binary_cross_entropy),
    "softmax": C.check_softmax,
    "categorical_cross_entropy": C.check_categorical_cross_entropy,
    "mse": C.check_mse,
    "mse_grad": lambda f: C.check_mse_grad(f, L.mse),
    "init_params": C.check_init_params,
    "forward": C.check_forward,
    "backward": C.check_backward,
    "sgd_step": C.check_sgd_step,
    "train_val_split": C.check_train_val_split,
    "predict": C.check_predict,
    "accuracy": C.check_accuracy,
    "train": C.check_train,
    "hyperparameters": _hyperparameters,
    "init_deep_params": C.check_init_deep_params,
    "forward_deep": C.check_forward_deep,
    "backward_deep": lambda f: C.check_backward_deep(f, W.forward_deep, L.binary_cross_entropy),
    "momentum_step": C.check_momentum_step,
    "adam_step": C.check_adam_step,
    "softmax_classifier_train": C.check_softmax_classifier_train,
}

#: The reference implementation of every blank (a constants blank: a dict of its values).
REFERENCE: dict[str, object] = {
    "gates": reference(P, "gates"),
    "hyperparameters": reference(T, "hyperparameters"),
    **{name: getattr(module, name) for module in (P, A, L, F, B, T, W)
       for name in CHECKS if hasattr(module, name) and callable(getattr(module, name))},
}


def run_check(blank: str, impl: object) -> None:
    """Run ``blank``'s check on ``impl``; raises when the check fails."""
    CHECKS[blank](impl)
