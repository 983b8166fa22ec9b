"""The judging rules of problems.py on hand-made reports: no browser, milliseconds.

These run with the fast tests (no `e2e` marker); the browser self-tests in
test_selftest.py prove that real pages produce such reports.
"""

from __future__ import annotations

import pytest

from .problems import Minimum, expects_plot, expects_widget, solution_problems, student_problems
from .report import Cell, NotebookReport, Output, SliderMove, Validation

CHECK_META = {"grade": True, "solution": False, "grade_id": "c", "points": 1}
PASSED = Validation(title="Validation Results", outcome="validation-success", message="Success!")


def code(index: int, source: str = "pass", *, ran: bool = True, **shown) -> Cell:
    return Cell(index=index, type="code", source=source, execution_count=index if ran else None, **shown)


def error(ename: str) -> Output:
    return Output(type="error", ename=ename, evalue="boom")


def stdout(text: str) -> Output:
    return Output(type="stream", name="stdout", text=text)


def report(*cells: Cell, validation: Validation | None = PASSED, button: str = "enabled") -> NotebookReport:
    return NotebookReport(path="nb.ipynb", cells=list(cells), validate_button=button, validation=validation)


@pytest.mark.parametrize(("source", "plot"), [
    ("plt.plot(x, y)\nplt.show()", True),
    ("fig, ax = plt.subplots()\nax.scatter(x, y)", True),
    ("plot_decision_boundary(model, X, y)", True),
    ("def draw():\n    plt.plot(x, y)", False),  # defined, not run
    ("%matplotlib inline\nimport matplotlib.pyplot as plt", False),
    ("show(3)", False),  # only plt.show counts
])
def test_expects_plot_reads_top_level_calls(source, plot):
    assert expects_plot(source) is plot


@pytest.mark.parametrize(("source", "widget"), [
    ("interact(f, a=(0, 3))", True),
    ("@interact(n=(1, 5))\ndef f(n):\n    print(n)", True),
    ("w = widgets.IntSlider(3)\ndisplay(w)", True),
    ("def f():\n    interact(g, a=1)", False),
])
def test_expects_widget_reads_top_level_calls_and_decorators(source, widget):
    assert expects_widget(source) is widget


def test_student_notebook_without_exercises_must_run_through():
    assert student_problems(report(code(0, "plt.plot(x)", images=1), code(1), validation=None)) == []


def test_student_notebook_stopping_at_its_first_blank_is_fine():
    nb = report(code(0, "plt.plot(x)", images=1), code(1, "raise NotImplementedError()"),
                code(2, "check()", outputs=[error("NotImplementedError")]), code(3, ran=False),
                validation=None)
    assert student_problems(nb) == []


@pytest.mark.parametrize(("cells", "expected"), [
    ([code(0, outputs=[error("ValueError")]), code(1, "raise NotImplementedError()", ran=False)],
     "raised before the first blank"),
    ([code(0, "raise NotImplementedError()"), code(1, outputs=[error("NameError")])],
     "not the NotImplementedError"),
    ([code(0, "raise NotImplementedError()"), code(1)], "did not stop at the first blank"),
    ([code(0, "x = 1", nbgrader={"solution": True})], "no blank"),
    ([code(0, outputs=[error("KeyError")])], "cell 0 raised KeyError"),  # a notebook without exercises
    ([code(0, ran=False), code(1, "raise NotImplementedError()", outputs=[error("NotImplementedError")])],
     "did not run"),
])
def test_student_notebook_problems(cells, expected):
    problems = student_problems(report(*cells, validation=None))
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(("cell", "expected"), [
    (code(0, "plt.plot(x)"), "shows no image"),
    (code(0, "plt.plot(x)", images=1, broken_images=1), "did not load"),
    (code(0, "fig", images=0, outputs=[Output(type="execute_result", text="<Figure size 640x480 with 1 Axes>",
                                              mimes=("text/plain",))]), "figure as text"),
    (code(0, "interact(f, a=1)", widget_outputs=1, widget_views=0), "0 rendered"),
    (code(0, "interact(f, a=1)"), "builds a widget but shows none"),
    (code(0, widget_outputs=1, widget_views=1, widget_errors=["Error displaying widget"]), "widget error"),
    (code(0, slider_moves=[SliderMove("a", kernel_ran=False, changed=False)]), "ran nothing in the kernel"),
    (code(0, slider_moves=[SliderMove("a", kernel_ran=True, changed=False)]), "did not change the output"),
    (code(0, slider_moves=[SliderMove("a", kernel_ran=True, changed=True, error="ValueError: x")]),
     "showed an error"),
])
def test_rendering_problems_are_reported_for_both_kinds(cell, expected):
    blank = code(1, "raise NotImplementedError()", outputs=[error("NotImplementedError")])
    for problems in (student_problems(report(cell, blank)), solution_problems(report(cell))):
        assert any(expected in problem for problem in problems), problems


def test_solution_notebook_that_runs_confirms_and_validates_is_fine():
    nb = report(code(0, "plt.plot(x)", images=1),
                code(1, "check()", nbgrader=CHECK_META, outputs=[stdout("✓ check: fine\n")]))
    assert solution_problems(nb, Minimum(images=1)) == []


@pytest.mark.parametrize(("nb", "expected"), [
    (report(code(0, outputs=[error("AssertionError")])), "raised AssertionError"),
    (report(code(0, ran=False)), "did not run"),
    (report(code(0, "check()", nbgrader=CHECK_META, outputs=[stdout("all good\n")])),
     "printed no line starting with ✓"),
    (report(code(0), validation=Validation("Validation Results", "validation-failed", "cell 3 failed")),
     "Validate reported validation-failed"),
    (report(code(0), validation=None), "Validate was not run"),
    (report(code(0), button="missing"), "Validate button is missing"),
])
def test_solution_notebook_problems(nb, expected):
    problems = solution_problems(nb)
    assert any(expected in problem for problem in problems), problems


def test_minimum_shown_catches_a_lost_plot_or_slider():
    problems = solution_problems(report(code(0)), Minimum(images=1, sliders=1))
    assert any("0 image(s), expected at least 1" in p for p in problems), problems
    assert any("0 slider(s), expected at least 1" in p for p in problems), problems
