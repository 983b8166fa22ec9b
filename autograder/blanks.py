"""The registry of blanks: one row per exercise, the table every other list of blanks comes from.

A *blank* is a solution cell of a source notebook (its nbgrader grade_id is
the blank's name). Its row names the notebook, the ``solutions`` module that
holds its reference (under the same name, or the constants of a constants
blank), the check its test cell calls, and its hidden tests. Derived from
it: ``autograder.hidden``'s tables, ``nncourse.notebooks.SOLUTION_MODULES``
(the solutions mirror), ``nncourse.mutants.CALLS``, ``solutions.variants.CONSTANTS``
and ``tests/blanks.py``. ``tests/test_blanks.py`` fails when a notebook has a
blank this table lacks, or the table a blank no notebook has, or a row
disagrees with its notebook. ``docs/adding-a-blank.md`` walks through a new row.

Names and references only: no solution code (this package ships to students).
"""

from collections.abc import Callable
from dataclasses import dataclass

from autograder import checks as C
from autograder import hidden_cases as H


@dataclass(frozen=True)
class Blank:
    """One blank of one notebook.

    name: the grade_id of its solution cell; also the reference's name in
        ``solutions.<module>`` (for a function blank).
    notebook: its source notebook, without .ipynb ("02_activations").
    module: the ``solutions`` module that mirrors the notebook; also the name
        of its known values, ``autograder/fixtures/<module>.npz``.
    check: the check its test cell calls. A function blank's cell calls
        ``check(<name>, *check_uses)``; a constants blank's cell
        ``check(*check_uses, *constants)``.
    check_uses: other blanks whose implementation the check also receives.
    cell: the grade_id of the test cell that calls ``check``.
    constants: for a constants blank, the names its cell assigns, in the order
        the check takes them; empty for a function blank.
    calls: the blanks of the same notebook that its reference code calls.
    hidden: its hidden tests' case generator (``autograder.hidden_cases``),
        compared against the reference; or None.
    properties: its hidden property test instead, where outputs depend on
        choices the notebook leaves open; or None.
    uses_globals: its hidden tests let it read the notebook's globals (xor
        reads the gates' weights); otherwise it sees only its arguments.
    runner: it has a fixture case runner in ``nncourse.fixtures.RUNNERS``, so
        its catalogued mistakes can be recognised from stored outputs.
    """

    name: str
    notebook: str
    module: str
    check: Callable
    check_uses: tuple[str, ...] = ()
    cell: str = ""
    constants: tuple[str, ...] = ()
    calls: tuple[str, ...] = ()
    hidden: Callable | None = None
    properties: Callable | None = None
    uses_globals: bool = False
    runner: bool = True

    def __post_init__(self) -> None:
        if not self.cell:
            object.__setattr__(self, "cell", f"test_{self.name}")


def _row(notebook: str, module: str) -> Callable[..., Blank]:
    """A constructor for the rows of one notebook: ``row(name, check, **other fields)``."""
    def row(name: str, check: Callable, **fields) -> Blank:
        return Blank(name, notebook, module, check, **fields)
    return row


_01 = _row("01_perceptron", "perceptron")
_02 = _row("02_activations", "activations")
_03 = _row("03_losses", "losses")
_04 = _row("04_forward_pass", "forward_pass")
_05 = _row("05_backprop", "backprop")
_06 = _row("06_spiral_training", "training")
_07 = _row("07_what_next", "what_next")

#: every blank, in teaching order (notebook by notebook, cell by cell)
BLANKS: tuple[Blank, ...] = (
    _01("perceptron", C.check_perceptron, hidden=H.perceptron_cases),
    _01("gates", C.check_gates, constants=("AND_W", "AND_B", "OR_W", "OR_B", "NAND_W", "NAND_B")),
    _01("train_perceptron", C.check_train_perceptron, calls=("perceptron",), hidden=H.separable_cases),
    _01("xor", C.check_xor, calls=("perceptron", "gates"), hidden=H.xor_cases, uses_globals=True),
    _02("sigmoid", C.check_sigmoid, hidden=H.elementwise_cases),
    _02("sigmoid_grad", C.check_sigmoid_grad, check_uses=("sigmoid",), calls=("sigmoid",),
        hidden=H.elementwise_cases),
    _02("tanh", C.check_tanh, hidden=H.elementwise_cases),
    _02("tanh_grad", C.check_tanh_grad, check_uses=("tanh",), calls=("tanh",), hidden=H.elementwise_cases),
    _02("relu", C.check_relu, hidden=H.elementwise_cases),
    _02("relu_grad", C.check_relu_grad, check_uses=("relu",), hidden=H.elementwise_cases),
    _02("leaky_relu", C.check_leaky_relu, hidden=H.leaky_cases),
    _02("leaky_relu_grad", C.check_leaky_relu_grad, check_uses=("leaky_relu",), hidden=H.leaky_cases),
    _03("binary_cross_entropy", C.check_binary_cross_entropy, hidden=H.clipped_loss_cases),
    _03("binary_cross_entropy_grad", C.check_binary_cross_entropy_grad, check_uses=("binary_cross_entropy",),
        hidden=H.clipped_loss_cases),
    _03("softmax", C.check_softmax, hidden=H.softmax_cases),
    _03("categorical_cross_entropy", C.check_categorical_cross_entropy, hidden=H.one_hot_cases),
    _03("softmax_cross_entropy_grad", C.check_softmax_cross_entropy_grad,
        check_uses=("softmax", "categorical_cross_entropy"), calls=("softmax",),
        hidden=H.one_hot_logit_cases),
    _03("mse", C.check_mse, hidden=H.mse_cases),
    _03("mse_grad", C.check_mse_grad, check_uses=("mse",), hidden=H.mse_cases),
    _04("init_params", C.check_init_params, properties=H.init_params_properties),
    _04("forward", C.check_forward, hidden=H.forward_cases),
    _05("backward", C.check_backward, hidden=H.backward_cases),
    _05("sgd_step", C.check_sgd_step, hidden=H.sgd_cases),
    _06("train_val_split", C.check_train_val_split, properties=H.split_properties, runner=False),
    _06("predict", C.check_predict, hidden=H.predict_cases),
    _06("accuracy", C.check_accuracy, hidden=H.accuracy_cases),
    _06("train", C.check_train, calls=("accuracy",), hidden=H.train_cases),
    _06("grid_search", C.check_grid_search, check_uses=("train",), calls=("train",), hidden=H.grid_cases,
        runner=False),
    _06("hyperparameters", C.check_spiral_accuracy, check_uses=("train", "predict"),
        cell="test_spiral_target", constants=("HIDDEN", "LR", "EPOCHS"), runner=False),
    _06("iterate_minibatches", C.check_iterate_minibatches, properties=H.minibatch_properties, runner=False),
    _07("init_deep_params", C.check_init_deep_params, hidden=H.init_deep_cases, runner=False),
    _07("forward_deep", C.check_forward_deep, hidden=H.forward_deep_cases, runner=False),
    _07("backward_deep", C.check_backward_deep, check_uses=("forward_deep", "binary_cross_entropy"),
        hidden=H.backward_deep_cases, runner=False),
    _07("momentum_step", C.check_momentum_step, hidden=H.momentum_cases, runner=False),
    _07("adam_step", C.check_adam_step, hidden=H.adam_cases, runner=False),
    _07("softmax_classifier_loss", C.check_softmax_classifier_loss, hidden=H.softmax_loss_cases,
        runner=False),
    _07("softmax_classifier_train", C.check_softmax_classifier_train, calls=("softmax_classifier_loss",),
        hidden=H.softmax_train_cases, runner=False),
)

#: blank name -> its row
BY_NAME: dict[str, Blank] = {b.name: b for b in BLANKS}
#: constants blanks: blank -> the names its cell assigns
CONSTANTS: dict[str, tuple[str, ...]] = {b.name: b.constants for b in BLANKS if b.constants}


def notebooks() -> dict[str, str]:
    """notebook -> the ``solutions`` module that mirrors it, in teaching order."""
    return {b.notebook: b.module for b in BLANKS}
