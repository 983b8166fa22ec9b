"""The student bundle, installed and used the way a student does.

`nncourse release --out` writes the bundle; the commands of its README install it into a
fresh venv outside the repository (cached by what it installs, see student_env.py); that
venv's `jupyter lab` serves the bundle folder; in Chromium, notebooks 01 and 06 must show
what a student needs (widgets that render and respond, Run All stopping at the first blank,
Validate) and none of nbgrader's instructor panels.  Then the reference code, pasted into
the first blank of 01 through the page, must make its check print ✓.  In 06 the widgets
come after the blanks, so the reference code goes into every blank of 06 (typed in the page,
saved): then every cell must run, every check print ✓ and the explorer's sliders redraw
the plot (what ipykernel<7 is for), in the student's environment.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page
from reporting import report_figure

from nncourse import lock
from nncourse import notebooks as nbs
from nncourse.release import INSTRUCTOR_PLUGINS

from . import settings
from .conftest import TIMINGS
from .lab_server import LabServer
from .notebook_page import (
    Timeouts,
    clear_and_save,
    inspect_notebook,
    open_notebook,
    read_cells,
    run_cells_from,
    type_into_cell,
)
from .problems import Minimum, describe, solution_problems, student_problems
from .report import CONFIRMATION, Cell
from .student_env import student_environment

pytestmark = pytest.mark.e2e

NOTEBOOKS = ["01_perceptron.ipynb", "06_spiral_training.ipynb"]
FILLED = "01_perceptron.ipynb"  # where the reference code goes into the first blank
SOLVED = "06_spiral_training.ipynb"  # every blank filled: its widgets come after them
VALIDATE_PLUGIN = "@jupyter/nbgrader:validate-assignment"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "students"
    done = subprocess.run([sys.executable, "-m", "nncourse", "release", "--check", "--out", str(out)],
                          capture_output=True, text=True, cwd=settings.REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture(scope="module")
def student_lab(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """`jupyter lab` from the student's venv, serving the bundle folder."""
    start = time.monotonic()
    bin_dir, cached = student_environment(bundle, lock.read_pins(lock.student_requirements()))
    where = "student environment (" + ("cached" if cached else "built") + ")"
    report_figure(TIMINGS, f"{where:<48} {time.monotonic() - start:6.1f} s")
    with LabServer(tmp_path_factory.mktemp("student-lab"), root=bundle, bin_dir=bin_dir) as server:
        yield server


def instructor_panels(page: Page) -> list[str]:
    """nbgrader's instructor plugins loaded in the page, and its Nbgrader menu if shown."""
    loaded = page.evaluate("ids => ids.filter(id => window.jupyterapp.hasPlugin(id))",
                           [f"@jupyter/nbgrader:{name}" for name in INSTRUCTOR_PLUGINS])
    menu = page.locator("#jp-menu-panel").get_by_role("menuitem", name="Nbgrader", exact=True)
    return loaded + (["the Nbgrader menu"] if menu.count() else [])


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_student_sees_a_working_notebook(name, student_lab, lab_page, tmp_path):
    """Widgets render and respond, Run All stops at the first blank, Validate is there, no instructor
    panel is."""
    report = inspect_notebook(lab_page, student_lab, name, validate=False,
                              screenshot=tmp_path / f"bundle-{Path(name).stem}.png", keep_kernel=True)
    report_figure(TIMINGS, report.timing(f"bundle/{name}"))
    try:
        problems = student_problems(report)
        problems += [f"instructor panel shown: {panel}" for panel in instructor_panels(lab_page)]
        if not lab_page.evaluate("id => window.jupyterapp.hasPlugin(id)", VALIDATE_PLUGIN):
            problems.append(f"{VALIDATE_PLUGIN} is not loaded")
        assert not problems, describe(report, problems)
        if name == FILLED:
            filled_check_passes(lab_page, name, report.cells)
    finally:
        student_lab.shut_down_kernels()


def reference_code(name: str, blank: Cell) -> str:
    """The reference code for a blank: its solution cell in the source notebook, markers removed."""
    grade_id = blank.nbgrader["grade_id"]
    source = nbs.read(nbs.SOURCE_DIR / name)
    reference = next(cell for cell in nbs.solution_cells(source)
                     if nbs.nbgrader_meta(cell)["grade_id"] == grade_id)
    return nbs.strip_markers(reference.source)


def filled_check_passes(page: Page, name: str, cells: list[Cell]) -> None:
    """Paste the reference code into the first blank, run it and its check: the check prints ✓."""
    blank = next(cell for cell in cells if cell.is_blank)
    type_into_cell(page, blank.index, reference_code(name, blank))
    assert run_cells_from(page, name, blank.index, 2), "the filled blank and its check did not finish running"
    after = read_cells(page, name)
    filled, check = after[blank.index], after[blank.index + 1]
    assert filled.error is None, f"the reference code raised {filled.error}"
    assert check.is_graded_check, f"cell {check.index} after the blank is not its check"
    assert any(line.startswith(CONFIRMATION) for line in check.stdout_lines()), check.outputs


def test_student_solves_notebook_06(student_lab, lab_page, tmp_path):
    """Every blank of 06 filled in through the page: then every cell runs, every check prints ✓ and
    the explorer's sliders redraw its plot, in the student's environment."""
    name = SOLVED
    open_notebook(lab_page, student_lab, name, Timeouts())
    for blank in (cell for cell in read_cells(lab_page, name) if cell.is_blank):
        type_into_cell(lab_page, blank.index, reference_code(name, blank))
    clear_and_save(lab_page, name)
    # No Validate here: it would run the notebook's training a second time, on the server
    # (the first test shows the button; the solution notebooks' e2e tests click it).
    report = inspect_notebook(lab_page, student_lab, name, validate=False,
                              screenshot=tmp_path / f"bundle-solved-{Path(name).stem}.png")
    report_figure(TIMINGS, report.timing(f"bundle/{name} (solved)"))
    problems = solution_problems(report, Minimum(sliders=1), validated=False)
    assert not problems, describe(report, problems)
