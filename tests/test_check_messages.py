"""A failed check reads as its message alone: in a real kernel, and in nbgrader's feedback page.

No frames of the check library (autograder/checking.py) and no grader paths;
when the student's own code raised, its frames stay above the message. The
mistake ids of the hints travel in the message, where the grader reads them.
"""

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_code_cell, new_notebook

from autograder.checking import CheckFailed, hint_line
from nncourse.grading.integrity.redact import strip_ansi
from nncourse.grading.report.feedback import WRAP_ERRORS_CSS, FeedbackExporter

HINT = hint_line("fp.sign_flip", "your values have the opposite sign: " + "a long line " * 20)
CELLS = {
    "fail": f"from autograder.checking import call, fail\nfail('y_hat has the wrong values.' + {HINT!r})",
    "student": "def f(x):\n    return x / 0\n\ncall(f, 1, label='f(1)')",
    "typo": ("def sigmod(x):\n    return x\n\n"
             "from autograder.checks import check_sigmoid\ncheck_sigmoid(sigmoid)"),
    "undefined": "check_sigmoid(softplus)",
}


@pytest.fixture(scope="module")
def executed():
    nb = new_notebook(cells=[new_code_cell(source) for source in CELLS.values()],
                      metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}})
    client = NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True)
    try:
        client.execute()
    except CellExecutionError:  # pragma: no cover - allow_errors keeps going
        pass
    return nb


def _error(cell) -> dict:
    (output,) = [o for o in cell.outputs if o.output_type == "error"]
    return output


def test_a_failed_check_shows_its_message_and_no_check_library_frames(executed):
    error = _error(executed.cells[0])
    text = strip_ansi("\n".join(error.traceback))
    assert "y_hat has the wrong values." in text and "[mistake: fp.sign_flip]" in text
    assert "checking.py" not in text and "autograder" not in text and "site-packages" not in text
    assert error.ename == "CheckFailed"


def test_the_students_own_frames_stay_when_their_code_raised(executed):
    text = strip_ansi("\n".join(_error(executed.cells[1]).traceback))
    assert "return x / 0" in text and "ZeroDivisionError" in text
    assert "f(1) raised ZeroDivisionError" in text
    assert "checking.py" not in text


def test_a_blank_defined_under_a_typo_is_named_in_the_check_cell(executed):
    """``def sigmod`` and the check cell's ``check_sigmoid(sigmoid)``: a NameError before any check
    runs (the outside tester's row 11); the traceback stays, with one line naming the typo."""
    error = _error(executed.cells[2])
    text = strip_ansi("\n".join(error.traceback))
    assert error.ename == "NameError" and "check_sigmoid(sigmoid)" in text
    assert "`sigmod` a typo for `sigmoid`" in text


def test_an_undefined_name_with_no_near_name_keeps_the_plain_traceback(executed):
    text = strip_ansi("\n".join(_error(executed.cells[3]).traceback))
    assert "NameError" in text and "softplus" in text and "typo" not in text


def test_the_feedback_page_shows_the_message_and_wraps_it(executed):
    page, _ = FeedbackExporter(template_name="classic").from_notebook_node(nbformat.from_dict(executed))
    assert "y_hat has the wrong values." in page and "[mistake: fp.sign_flip]" in page
    assert "checking.py" not in page
    assert WRAP_ERRORS_CSS in page and "pre-wrap" in WRAP_ERRORS_CSS


def test_the_mistake_ids_are_read_back_from_the_exception():
    exc = CheckFailed("wrong" + HINT + hint_line("a.b", "other"))
    assert exc.mistakes == ("fp.sign_flip", "a.b")
    assert CheckFailed("no hint").mistakes == ()
