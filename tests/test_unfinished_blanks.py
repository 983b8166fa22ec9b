"""A check that reaches another blank still unfinished says which one, in one clean message.

The outside tester's finding 5 (session 19): xor's check with the perceptron still the stub, or
sigmoid_grad's with sigmoid the stub, showed a traceback through ``autograder/checks/...`` and a
bare NotImplementedError; gates left None showed the check's own ``raise``. Now the cell shows
one message (no frame of the check library) naming the unfinished blank and its cell, and it
still fails as a NotImplementedError (nbgrader scores it 0; ``nncourse validate`` reads the
name). The blank under test still being its stub fails exactly as before.
"""

import numpy as np
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from autograder import checks as C
from autograder.checking import CheckFailed, Unfinished
from nncourse.grading.integrity.redact import strip_ansi
from solutions import activations, training

STUB = "    raise NotImplementedError()\n"
GATES = ("AND_W, AND_B = np.array([1.0, 1.0]), -1.5\nOR_W, OR_B = np.array([1.0, 1.0]), -0.5\n"
         "NAND_W, NAND_B = np.array([-1.0, -1.0]), 1.5\n")
XOR = ("def xor(x):\n    h = np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)])\n"
       "    return perceptron(h, AND_W, AND_B)\n")


def perceptron_stub(x, w, b):
    raise NotImplementedError()


def sigmoid_stub(x):
    raise NotImplementedError()


def sigmoid_grad(x):
    s = sigmoid_stub(x)
    return s * (1 - s)


def _xor_namespace():
    namespace = {"np": np}
    exec(f"def perceptron(x, w, b):\n{STUB}\n" + GATES + XOR, namespace)
    return namespace["xor"]


def test_xor_with_the_perceptron_a_stub_names_the_perceptron():
    with pytest.raises(NotImplementedError) as raised:
        C.check_xor(_xor_namespace())
    error = raised.value
    assert isinstance(error, Unfinished) and type(error).__name__ == "NotImplementedError"
    text = str(error)
    assert "your xor calls perceptron" in text and "perceptron is still unfinished" in text
    assert "01_perceptron.ipynb" in text and "def perceptron" in text
    assert error._render_traceback_() == [f"\x1b[0;31mNotImplementedError\x1b[0m: {text}"]


def test_a_derivative_with_its_function_a_stub_names_the_function():
    with pytest.raises(Unfinished, match="your sigmoid_grad calls sigmoid_stub, and sigmoid_stub is still "
                                         "unfinished"):
        C.check_sigmoid_grad(sigmoid_grad, sigmoid_stub)


def test_the_search_with_train_a_stub_names_train():
    def train(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
        raise NotImplementedError()

    def grid_search(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
        return None

    with pytest.raises(Unfinished, match=r"the check of grid_search runs your train, and train is still "
                                         r"unfinished.*06_spiral_training\.ipynb"):
        C.check_grid_search(grid_search, train)


@pytest.mark.parametrize("check, blank", [(C.check_sigmoid, sigmoid_stub),
                                          (C.check_perceptron, perceptron_stub),
                                          (C.check_sigmoid_grad, sigmoid_stub)])
def test_the_blank_under_test_a_stub_fails_as_before(check, blank):
    """Its own bare NotImplementedError, as the stub raised it: not reworded."""
    with pytest.raises(NotImplementedError) as raised:
        check(blank, *([activations.sigmoid] if check is C.check_sigmoid_grad else []))
    assert type(raised.value) is NotImplementedError and str(raised.value) == ""


@pytest.mark.parametrize("given, unset", [
    ((None,) * 6, "AND_W, AND_B, OR_W, OR_B, NAND_W, NAND_B are still None"),
    ((np.array([1.0, 1.0]), -1.5, None, None, np.array([-1.0, -1.0]), 1.5), "OR_W, OR_B are still None"),
])
def test_gates_left_none_say_which_names_and_why(given, unset):
    with pytest.raises(Unfinished) as raised:
        C.check_gates(*given)
    text = str(raised.value)
    assert unset in text and "raise NotImplementedError()" in text and "other names" in text


def test_hyperparameters_left_none_and_train_a_stub_are_named():
    with pytest.raises(Unfinished, match="HIDDEN, LR, EPOCHS are still None"):
        C.check_spiral_accuracy(training.train, training.predict, None, None, None)
    with pytest.raises(Unfinished, match="EPOCHS is still None"):
        C.check_spiral_accuracy(training.train, training.predict, 16, 0.5, None)

    def train(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
        raise NotImplementedError()

    with pytest.raises(Unfinished, match="train is still unfinished"):
        C.check_spiral_accuracy(train, training.predict, 16, 0.5, 10)


def test_an_unfinished_blank_is_still_caught_where_checks_catch_a_stub():
    """Checks that probe quietly catch NotImplementedError: the reworded one is caught as well."""
    assert issubclass(Unfinished, NotImplementedError) and not issubclass(Unfinished, CheckFailed)


# --------------------------------------------------------------------------
# In a real kernel: what the student sees
# --------------------------------------------------------------------------

CELLS = {
    "xor": ("import numpy as np\nfrom autograder.checks import check_xor\n"
            f"def perceptron(x, w, b):\n{STUB}\n{GATES}{XOR}\ncheck_xor(xor)"),
    "gates_renamed": ("AND_W = AND_B = OR_W = OR_B = NAND_W = NAND_B = None\n"
                      "AND_WEIGHTS, AND_BIAS = np.array([1.0, 1.0]), -1.5\n"
                      "from autograder.checks import check_gates\n"
                      "check_gates(AND_W, AND_B, OR_W, OR_B, NAND_W, NAND_B)"),
    "sigmoid_grad": (f"def sigmoid(x):\n{STUB}\n"
                     "def sigmoid_grad(x):\n    s = sigmoid(x)\n    return s * (1 - s)\n\n"
                     "from autograder.checks import check_sigmoid_grad\n"
                     "check_sigmoid_grad(sigmoid_grad, sigmoid)"),
    "own_stub": "from autograder.checks import check_sigmoid\ncheck_sigmoid(sigmoid)",
}


@pytest.fixture(scope="module")
def executed():
    nb = new_notebook(cells=[new_code_cell(source) for source in CELLS.values()],
                      metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}})
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    return dict(zip(CELLS, nb.cells, strict=True))


def _error(cell) -> dict:
    (output,) = [o for o in cell.outputs if o.output_type == "error"]
    return output


@pytest.mark.parametrize("cell, says", [
    ("xor", ["your xor calls perceptron", "perceptron is still unfinished", "01_perceptron.ipynb"]),
    ("gates_renamed", ["AND_W, AND_B, OR_W, OR_B, NAND_W, NAND_B are still None", "other names"]),
    ("sigmoid_grad", ["your sigmoid_grad calls sigmoid", "sigmoid is still unfinished",
                      "02_activations.ipynb"]),
])
def test_the_cell_shows_one_clean_message_and_fails(executed, cell, says):
    error = _error(executed[cell])
    assert error.ename == "NotImplementedError"  # the cell fails as a stub's does: 0 points
    text = strip_ansi("\n".join(error.traceback))
    assert text.startswith("NotImplementedError: ") and len(error.traceback) == 1
    for words in says:
        assert words in text
    assert "autograder" not in text and "checks/" not in text and "site-packages" not in text
    assert "Traceback" not in text and "raise NotImplementedError(\"set" not in text


def test_the_cell_of_a_stub_under_test_fails_as_before(executed):
    error = _error(executed["own_stub"])
    assert error.ename == "NotImplementedError" and error.evalue == ""
