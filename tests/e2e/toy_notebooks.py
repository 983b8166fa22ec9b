"""Toy course notebooks for the harness's self-tests, and ways to break them.

The real notebooks need not contain a widget or a failing cell for the self-tests
to prove that the harness notices one: each toy has a plot, a slider widget, an
nbgrader answer cell (a blank in the student version) with its graded check, and a
plot after the blank, like a course notebook.  `build` returns the student or
solution version, optionally broken in one of the ways listed in `BREAKAGES`.

Run as a script to write the good toys into a folder (two sub-folders,
``student/`` and ``solution/``)::

    .venv/bin/python tests/e2e/toy_notebooks.py /tmp/e2e-work/toys
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

STUDENT, SOLUTION = "student", "solution"

_IMPORTS = "import matplotlib.pyplot as plt\nimport numpy as np\nfrom ipywidgets import interact"
_PLOT = 'x = np.linspace(-1, 1, 50)\nplt.plot(x, x**2)\nplt.title("a parabola")\nplt.show()'
_WIDGET = (
    "def parabola(a=1.0):\n"
    '    print(f"a = {a}")\n'
    "    plt.plot(x, a * x**2)\n"
    "    plt.ylim(-3, 3)\n"
    "    plt.show()\n"
    "\n"
    "interact(parabola, a=(-3.0, 3.0, 0.5));"
)
_ANSWER = {
    SOLUTION: "def square(v):\n    ### BEGIN SOLUTION\n    return v * v\n    ### END SOLUTION",
    STUDENT: "def square(v):\n    # YOUR CODE HERE\n    raise NotImplementedError()",
}
_CHECK = 'assert square(3) == 9\nprint("✓ square: square(3) == 9")'
_AFTER_BLANK = 'plt.plot(x, square(x))\nplt.title("square(x)")\nplt.show()'

# name -> (index of the cell to edit, text in it, its replacement)
BREAKAGES = {
    # a plot that raises (x and y lengths differ)
    "plot_raises": (2, "plt.plot(x, x**2)", "plt.plot(x, x[:10])"),
    # a non-inline backend: plt.show() draws nothing in the notebook
    "plot_not_rendered": (1, "import matplotlib.pyplot",
                          'import matplotlib\nmatplotlib.use("Agg")\nimport matplotlib.pyplot'),
    # the slider is gone: the function is called once instead of through interact
    "widget_removed": (3, "interact(parabola, a=(-3.0, 3.0, 0.5));", "parabola(1.0)"),
    # the slider is shown but its output does not depend on its value (and draws
    # nothing: with ipykernel 7 a redrawn plot may differ between identical calls)
    "slider_ignored": (3, 'print(f"a = {a}")\n', 'print("a parabola")\n    return\n'),
    # the graded check runs but prints no confirmation
    "check_silent": (5, 'print("✓ square', 'print("square'),
    # the reference answer is wrong, so the graded check fails
    "answer_wrong": (4, "return v * v", "return v + v"),
    # the student version has no blank left
    "blank_filled": (4, "raise NotImplementedError()", "return v * v"),
}


def _nbgrader(grade_id: str, *, solution: bool, grade: bool) -> dict:
    """nbgrader cell metadata (schema version 3) for an answer or a check cell."""
    meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = 1
    return {"nbgrader": meta}


def build(kind: str, *breakages: str) -> nbformat.NotebookNode:
    """The toy notebook of `kind` (STUDENT or SOLUTION), broken by each of `breakages`."""
    cells = [
        new_markdown_cell("# Toy notebook\nA plot, a slider, and one exercise."),
        new_code_cell(_IMPORTS),
        new_code_cell(_PLOT),
        new_code_cell(_WIDGET),
        new_code_cell(_ANSWER[kind], metadata=_nbgrader("square", solution=True, grade=False)),
        new_code_cell(_CHECK, metadata=_nbgrader("square_check", solution=False, grade=True)),
        new_code_cell(_AFTER_BLANK),
    ]
    for breakage in breakages:
        index, old, new = BREAKAGES[breakage]
        if old not in cells[index].source:
            raise ValueError(f"breakage {breakage!r} does not apply to the {kind} toy")
        cells[index].source = cells[index].source.replace(old, new)
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


if __name__ == "__main__":
    root = Path(sys.argv[1])
    for kind in (STUDENT, SOLUTION):
        (root / kind).mkdir(parents=True, exist_ok=True)
        nbformat.write(build(kind), root / kind / "toy.ipynb")
        print(root / kind / "toy.ipynb")
