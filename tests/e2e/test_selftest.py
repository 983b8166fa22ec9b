"""The harness notices broken notebooks: toy notebooks, good and broken, in the browser.

Each broken toy must yield exactly the kinds of problem its breakages cause:
every breakage is reported, and nothing else is, so the unbroken parts of each
toy (a plot, a working slider, a passing check) serve as the controls.  A
notebook that loses a widget, a plot or a passing check thus makes the real suite
fail too.  Breakages that do not interfere are combined in one toy to keep the
suite fast.
"""

from __future__ import annotations

import nbformat
import pytest

from .problems import Minimum, describe, solution_problems, student_problems
from .toy_notebooks import SOLUTION, STUDENT, build

pytestmark = pytest.mark.e2e

CASES = {
    # name: (kind, breakages, minimum shown, the problems expected: one substring each)
    "student-plot-raises": (STUDENT, ("plot_raises",), Minimum(), ["raised before the first blank"]),
    "student-no-blank-slider-ignored": (
        STUDENT, ("blank_filled", "slider_ignored"), Minimum(), ["no blank", "did not change the output"]),
    "solution-not-shown": (
        SOLUTION, ("plot_not_rendered", "check_silent"), Minimum(),
        ["draws a plot but shows no image", "printed no line starting with ✓"]),
    "solution-failing": (
        SOLUTION, ("answer_wrong", "widget_removed"), Minimum(sliders=1),
        ["raised AssertionError", "did not run", "Validate reported validation-failed",
         "0 slider(s), expected at least 1"]),
}


@pytest.mark.parametrize("case", CASES)
def test_harness_reports_exactly_the_breakages(case, lab, inspect, tmp_path):
    """A broken toy, run in the browser, yields every expected problem and no other."""
    kind, breakages, minimum, expected = CASES[case]
    relpath = f"selftest/{case}.ipynb"
    (lab.root / "selftest").mkdir(exist_ok=True)
    nbformat.write(build(kind, *breakages), lab.root / relpath)

    report = inspect(relpath, tmp_path / f"{case}.png", validate=kind == SOLUTION)
    problems = student_problems(report) if kind == STUDENT else solution_problems(report, minimum)

    message = describe(report, problems)
    missed = [text for text in expected if not any(text in problem for problem in problems)]
    unexplained = [problem for problem in problems if not any(text in problem for text in expected)]
    assert not missed, f"breakage not reported: {missed}\n{message}"
    assert not unexplained, f"problems no breakage explains: {unexplained}\n{message}"
