"""Hidden tests never reach a student's feedback, even when the student's own code prints them back.

IPython keeps every cell it ran, hidden test blocks included (nbgrader runs them in the
student's kernel). A solution cell that runs after a test cell can print them through
``In``, ``_ih`` or ``%history``: the feedback page must not show them, by any of these routes.
"""

from __future__ import annotations

import pytest
import toycourse as T

pytestmark = pytest.mark.nbgrader

# the square blank runs after test_add, whose hidden block imports the reference
PRINTS_HISTORY = (
    "def square(x):\n"
    "    return x * x\n"
    "print(In)\n"
    "print(_ih[-2])\n"
    "get_ipython().run_line_magic('history', '')\n"
    "from IPython.display import display\n"
    # a route other than text/*: JavaScript, which the page embeds as is
    "display({'application/javascript': 'console.log(' + repr(In) + ')'}, raw=True)\n"
    "In[-2]"
)
HIDDEN_TEXT = ("toy_solutions", "ref(5, 7)", "BEGIN HIDDEN TESTS")


def test_history_printed_by_a_student_does_not_show_hidden_tests(tmp_path, toy_release, grade_toy):
    answers = {**T.GOOD, "square": PRINTS_HISTORY}
    T.write_student(tmp_path / "subs" / "curious", T.submission(toy_release, answers))
    result = grade_toy(tmp_path / "subs")
    assert result.ok, result.failures
    page = (result.out_dir / "feedback" / "curious" / "01_basics.html").read_text()
    assert "assert add(1, 2) == 3" in page, "the history was not printed: the test shows nothing"
    leaked = [text for text in HIDDEN_TEXT if text in page]
    assert leaked == [], f"hidden test text in the feedback page: {leaked}"
    assert "&lt;hidden test line&gt;" in page
    student = next(s for s in result.students if s.student == "curious")
    assert student.score == 6, "printing the history must not change a score"
