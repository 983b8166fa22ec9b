"""The course notebooks in real JupyterLab: what students see after Run All.

One test per student notebook (notebooks/neural_networks/) and per solution
notebook (source/neural_networks/); E2E_STUDENT_DIR / E2E_SOLUTION_DIR point the
suite at other folders.  An empty folder is a failure, not a skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import settings
from .problems import Minimum, describe, solution_problems, student_problems

pytestmark = pytest.mark.e2e


def notebooks_in(folder: Path) -> list:
    """One parameter per notebook in `folder`, or a single `None` when there is none."""
    found = sorted(folder.glob("*.ipynb"))
    return [pytest.param(path, id=path.stem) for path in found] or [pytest.param(None, id="no-notebooks")]


def require(notebook: Path | None, folder: Path) -> Path:
    """The notebook, or a failure explaining that the folder holds none."""
    if notebook is None:
        pytest.fail(f"no notebooks (*.ipynb) in {folder}: generate them (nbgrader generate_assignment) "
                    "or point E2E_STUDENT_DIR / E2E_SOLUTION_DIR at a folder that has some")
    return notebook


@pytest.mark.parametrize("notebook", notebooks_in(settings.STUDENT_DIR))
def test_student_notebook(notebook, inspect, screenshot_dir):
    """Run All stops at the first blank; everything before it runs and renders; Validate is there."""
    notebook = require(notebook, settings.STUDENT_DIR)
    report = inspect(f"student/{notebook.name}", screenshot_dir / f"student-{notebook.stem}.png",
                     validate=False)
    problems = student_problems(report)
    assert not problems, describe(report, problems)


@pytest.mark.parametrize("notebook", notebooks_in(settings.SOLUTION_DIR))
def test_solution_notebook(notebook, inspect, screenshot_dir):
    """Every cell runs and renders, every graded check prints ✓, and Validate succeeds."""
    notebook = require(notebook, settings.SOLUTION_DIR)
    report = inspect(f"solution/{notebook.name}", screenshot_dir / f"solution-{notebook.stem}.png",
                     validate=True)
    problems = solution_problems(report, settings.MINIMUM_SHOWN.get(notebook.stem, Minimum()))
    assert not problems, describe(report, problems)
