"""Fast tests of the grading engine's pure parts: redaction, cheat scan, summary, options."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from nncourse.grading import GradingOptions, Limits, events
from nncourse.grading.course import NotebookLayout
from nncourse.grading.execute import error_output
from nncourse.grading.integrity.cheats import scan_notebook, without_baseline
from nncourse.grading.integrity.hidden import hidden_lines, strip_hidden
from nncourse.grading.integrity.redact import HIDDEN_FRAME, HIDDEN_LINE, short_traceback
from nncourse.grading.report.results import CellResult, NotebookResult, StudentResult, cell_status
from nncourse.grading.report.summary import hardest_cells, needing_attention, render
from nncourse.grading.status import CellStatus, ErrorName, NotRunCause

TEST_SOURCE = (
    "assert add(1, 2) == 3\n### BEGIN HIDDEN TESTS\nfrom solutions import add as ref\n"
    "assert add(5, 7) == ref(5, 7)\n### END HIDDEN TESTS"
)
TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mAssertionError\x1b[0m                            Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[3], line 4\x1b[0m\n\x1b[1;32m      1\x1b[0m assert add(1, 2) == 3\n"
    "\x1b[1;32m      2\x1b[0m from solutions import add as ref\n"
    "\x1b[0;32m----> 4\x1b[0m \x1b[38;5;28;01massert\x1b[39;00m add(5, 7) == ref(5, 7)",
    "File \x1b[0;32m/work/main/solutions/basics.py:3\x1b[0m, in \x1b[0;36madd\x1b[0;34m(a, b)\x1b[0m\n"
    "\x1b[1;32m      2\x1b[0m \x1b[38;5;28;01mdef\x1b[39;00m add(a, b):\n"
    "\x1b[0;32m----> 3\x1b[0m     return secret_formula(a, b)",
    "\x1b[0;31mAssertionError\x1b[0m: ",
]


def test_strip_hidden_and_hidden_lines():
    assert strip_hidden(TEST_SOURCE) == "assert add(1, 2) == 3"
    lines = hidden_lines([TEST_SOURCE])
    assert "assert add(5, 7) == ref(5, 7)" in lines and "### BEGIN HIDDEN TESTS" in lines
    assert "assert add(1, 2) == 3" not in lines


def test_short_traceback_hides_hidden_tests_and_reference_frames():
    text = short_traceback(TRACEBACK, hidden_lines([TEST_SOURCE]), ["solutions"])
    assert "assert add(1, 2) == 3" in text
    assert "ref(5, 7)" not in text and "from solutions" not in text
    assert "secret_formula" not in text and "basics.py" not in text
    assert HIDDEN_LINE in text and HIDDEN_FRAME in text
    assert "\x1b[" not in text and text.endswith("AssertionError: ")


def _nb(*student_sources, locked=("import numpy as np",)):
    cells = [
        new_code_cell(
            src,
            metadata={
                "nbgrader": {
                    "grade_id": f"l{i}",
                    "locked": True,
                    "grade": False,
                    "solution": False,
                    "schema_version": 3,
                }
            },
        )
        for i, src in enumerate(locked)
    ]
    cells += [
        new_code_cell(
            src,
            metadata={
                "nbgrader": {
                    "grade_id": f"s{i}",
                    "solution": True,
                    "grade": False,
                    "locked": False,
                    "schema_version": 3,
                }
            },
        )
        for i, src in enumerate(student_sources)
    ]
    return new_notebook(cells=cells)


def _codes(*sources, **kw):
    return {f.code for f in scan_notebook(_nb(*sources), **kw)}


def test_honest_code_is_not_flagged():
    honest = (
        "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n\nclass Layer:\n    def __init__(self):\n"
        "        self.w = np.zeros(3)\n%matplotlib inline"
    )
    assert _codes(honest, test_names={"np", "sigmoid", "abs"}) == set()


def test_cheat_patterns_are_flagged():
    assert _codes("import solutions") == {"reads_reference"}
    assert _codes("from solutions.activations import sigmoid") == {"reads_reference"}
    assert "reads_reference" in _codes("m = __import__('solu' + 'tions')\nx = 'solutions'")
    assert _codes("np.allclose = lambda *a, **k: True") == {"monkeypatch"}
    assert _codes("import numpy.testing as npt\nnpt.assert_allclose = print") == {"monkeypatch"}
    assert _codes("import autograder.checks as C\nsetattr(C, 'check_add', print)") == {"monkeypatch"}
    assert _codes("import builtins\nbuiltins.abs = lambda x: 0") == {"monkeypatch"}
    assert _codes("__builtins__['abs'] = len") == {"monkeypatch"}
    assert _codes("class A:\n    def __eq__(self, o):\n        return True") == {"custom_equality"}
    assert _codes("open('../../gradebook.db').read()") == {"reads_grader_files"}
    assert _codes("!cat ../../source/x") >= {"shell"}
    assert "dynamic_code" in _codes("exec('x = 1')")
    assert _codes("np = None", test_names={"np"}) == {"shadows_test_name"}
    assert _codes("def abs(x):\n    return 0", test_names={"abs"}) == {"shadows_test_name"}
    assert _codes("def add(a, b):\n    return a + b", test_names={"add"}) == set()


def test_prose_is_not_flagged():
    prose = (
        'def backward(x):\n    """Returns dW1..dWL, db1..dbL; the solutions of the submitted source."""\n'
        "    print('my solutions are submitted')\n    return x"
    )
    assert _codes(prose) == set()


def test_release_baseline_is_subtracted():
    starter = "path = 'data/results.db'"
    flags = scan_notebook(_nb(starter))
    assert {f.code for f in flags} == {"reads_grader_files"}
    assert without_baseline(flags, scan_notebook(_nb(starter))) == []


def test_locked_cells_are_not_scanned():
    nb = _nb("x = 1", locked=("import solutions",))
    assert scan_notebook(nb) == []
    assert nbformat.validate(nb) is None


def _student(name, cells):
    nb = NotebookResult(
        "01", "graded", sum(c.points for c in cells), sum(c.max_points for c in cells), cells=cells
    )
    return StudentResult(
        name, nb.score, nb.max_score, {"01": nb}, flags=["monkeypatch"] if name == "c" else []
    )


def test_summary():
    results = [
        _student("a", [CellResult("t1", 1, 1, "passed"), CellResult("t2", 0, 2, "failed")]),
        _student("b", [CellResult("t1", 1, 1, "passed"), CellResult("t2", 2, 2, "passed")]),
        _student("c", [CellResult("t1", 0, 1, "error"), CellResult("t2", 0, 2, "timeout")]),
    ]
    assert hardest_cells(results, 1) == [("01/t2", 1 / 3)]
    assert needing_attention(results) == [("c", "monkeypatch")]
    text = render(results)
    assert "3 students graded" in text and "90-100%" in text and "c: monkeypatch" in text


def test_options_round_trip():
    options = GradingOptions(
        assignment="x", workers=3, limits=Limits(memory_mb=10), secret_packages=("a", "b")
    )
    assert GradingOptions.from_json(options.to_json()) == options
    assert options.student_deadline(2) > 2 * options.notebook_timeout


def _not_run_cell(words: str, cause: NotRunCause | None) -> nbformat.NotebookNode:
    cell = new_code_cell("1")
    cell.outputs = [error_output(ErrorName.NOT_RUN, f"this cell was not run: {words}")]
    if cause is not None:
        events.mark_not_run(cell, cause)
    return cell


def test_a_cell_not_run_is_a_timeout_or_a_crash_by_its_recorded_cause_not_its_words():
    layout = NotebookLayout("01", (), frozenset())
    cases = [
        ("the notebook's time limit (2 s) was used up", NotRunCause.TIME_LIMIT, CellStatus.TIMEOUT),
        ("the kernel was restarted 3 times already", NotRunCause.KERNEL, CellStatus.CRASHED),
        # the words are the student's to read; a kernel that failed on a time limit is still a crash
        ("the kernel could not start (TimeoutError: time limit)", NotRunCause.KERNEL, CellStatus.CRASHED),
        ("a reason from an older grader", None, CellStatus.CRASHED),
    ]
    for words, cause, expected in cases:
        status, message, error = cell_status(_not_run_cell(words, cause), 0.0, 1.0, layout, ())
        assert status == expected, (words, cause)
        assert error["ename"] == "NotRun" and message == f"NotRun: this cell was not run: {words}"


def test_statuses_serialise_as_their_plain_words():
    import json

    assert json.dumps({CellStatus.TIMEOUT: [ErrorName.NOT_RUN]}) == '{"timeout": ["NotRun"]}'
    assert f"{CellStatus.PASSED}" == "passed" and CellStatus("crashed") is CellStatus.CRASHED


def test_the_watchdog_names_the_limit_its_processes_break():
    import os

    from nncourse.grading.sandbox.watchdog import breach

    me = [str(os.getpid())]
    assert breach(Limits(), []) is None
    assert breach(Limits(), me) is None  # this test process is well within the defaults
    assert breach(Limits(nproc=1), me).startswith("process limit reached (1 processes")
    assert breach(Limits(memory_mb=1, nproc=10**6), me).startswith("memory limit exceeded (")


def test_the_watchdog_goes_on_watching_after_a_check_or_kill_fails():
    """An error in one poll (a kill that raised, a /proc read that failed) must not end the
    watching: the next hoard would go unchecked until the kernel restarts."""
    import threading

    from nncourse.grading.sandbox.watchdog import Watchdog

    calls = []
    killed = threading.Event()

    def on_breach(reason):
        calls.append(reason)
        if len(calls) == 1:
            raise OSError("fork failed")
        killed.set()

    dog = Watchdog(Limits(nproc=1), 0.01, lambda: [str(__import__("os").getpid())], on_breach)
    dog.start()
    try:
        assert killed.wait(5), calls
    finally:
        dog.stop()
    assert len(calls) >= 2 and calls[0].startswith("process limit reached")


def test_the_process_limit_counts_threads():
    """One process with many threads breaks the process limit, as RLIMIT_NPROC counts threads;
    once they end it no longer does."""
    import os
    import threading

    from nncourse.grading.sandbox.procfs import proc_tasks
    from nncourse.grading.sandbox.watchdog import breach

    me = [str(os.getpid())]
    base = proc_tasks(os.getpid())
    limits = Limits(nproc=base + 5, memory_mb=10**6)
    assert breach(limits, me) is None
    release = threading.Event()
    # 8 threads for a limit of 5 more: a thread of pytest's counted in base may end meanwhile
    threads = [threading.Thread(target=release.wait) for _ in range(8)]
    for thread in threads:
        thread.start()
    try:
        said = breach(limits, me)
        assert said is not None and said.startswith("process limit reached (1 processes, ")
        counted = int(said.split("processes, ")[1].split(" with their threads")[0])
        assert counted >= base + 5, said  # the threads are counted (others of pytest may come and go)
    finally:
        release.set()
        for thread in threads:
            thread.join()
    assert breach(limits, me) is None
