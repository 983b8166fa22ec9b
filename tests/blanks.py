"""How to run the check of any blank on any implementation (tests only).

``run_check("sigmoid", impl)`` calls the notebook's check for that blank with
``impl`` in place of the reference, exactly as the test cell does.
"""

from collections.abc import Callable

from autograder import checks as C
from solutions import activations as A
from solutions import backprop as B
from solutions import forward_pass as F
from solutions import losses as L
from solutions import perceptron as P
from solutions import training as T

GATE_NAMES = ("AND_W", "AND_B", "OR_W", "OR_B", "NAND_W", "NAND_B")


def _gates(overrides: dict) -> None:
    values = {name: getattr(P, name) for name in GATE_NAMES} | overrides
    C.check_gates(*(values[name] for name in GATE_NAMES))


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
}

#: The reference implementation of every blank (gates: no overrides).
REFERENCE: dict[str, object] = {
    "gates": {},
    **{name: getattr(module, name) for module in (P, A, L, F, B, T)
       for name in CHECKS if hasattr(module, name) and callable(getattr(module, name))},
}


def run_check(blank: str, impl: object) -> None:
    """Run ``blank``'s check on ``impl``; raises when the check fails."""
    CHECKS[blank](impl)
