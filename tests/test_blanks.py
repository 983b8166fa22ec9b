"""The registry of blanks agrees with the notebooks, the solutions, the hidden tests and the fixtures.

Each test names the place a new blank must also reach (``docs/adding-a-blank.md``).
"""

import importlib
import re
from pathlib import Path

import pytest

from autograder.blanks import BLANKS, BY_NAME, notebooks
from nncourse import fixtures
from nncourse import notebooks as nbs
from nncourse.case_runners import RUNNERS
from solutions.alternatives import ALTERNATIVES
from solutions.mistakes import MISTAKES

SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"


def _test_cells(notebook: str) -> dict[str, str]:
    """grade_id -> source of every graded cell of a source notebook."""
    nb = nbs.read(nbs.SOURCE_DIR / f"{notebook}.ipynb")
    return {nbs.nbgrader_meta(c)["grade_id"]: c.source for c in nb.cells if nbs.nbgrader_meta(c).get("grade")}


def test_registry_lists_every_blank_of_every_notebook_in_order():
    in_notebooks = [(name, nbs.nbgrader_meta(cell)["grade_id"]) for name in nbs.notebook_names()
                    for cell in nbs.solution_cells(nbs.read(nbs.SOURCE_DIR / f"{name}.ipynb"))]
    in_registry = [(b.notebook, b.name) for b in BLANKS]
    assert not set(in_notebooks) - set(in_registry), "blanks missing from autograder/blanks.py"
    assert not set(in_registry) - set(in_notebooks), "autograder/blanks.py names blanks no notebook has"
    assert in_registry == in_notebooks, "autograder/blanks.py lists the blanks in another order"
    assert len(BY_NAME) == len(BLANKS), "two blanks share a name"


@pytest.mark.parametrize("blank", BLANKS, ids=lambda b: b.name)
def test_blank_has_its_reference_and_its_test_cell_calls_its_check(blank):
    module = importlib.import_module(f"solutions.{blank.module}")
    for name in blank.constants or (blank.name,):
        assert hasattr(module, name), f"solutions.{blank.module} has no {name}"
    assert blank.constants or callable(getattr(module, blank.name))
    args = (*blank.check_uses, *blank.constants) if blank.constants else (blank.name, *blank.check_uses)
    cells = _test_cells(blank.notebook)
    assert blank.cell in cells, f"{blank.notebook} has no graded cell {blank.cell}"
    assert f"{blank.check.__name__}({', '.join(args)})" in cells[blank.cell]


def test_hidden_tests_are_the_ones_the_notebooks_call():
    called = {name for b in BLANKS for source in [_test_cells(b.notebook).get(b.cell, "")]
              for name in re.findall(r'hidden_check\("(\w+)"', source)}
    registered = {b.name for b in BLANKS if b.hidden or b.properties}
    assert called == registered
    assert not [b.name for b in BLANKS if b.hidden and b.properties], "cases or properties, not both"


def test_case_runners_are_the_registry_ones():
    assert set(RUNNERS) == {b.name for b in BLANKS if b.runner}


def test_every_notebook_has_fixtures_and_every_runner_stored_outputs():
    fresh = fixtures.build_all()
    assert list(fresh) == list(notebooks().values())
    missing = [b.name for b in BLANKS if b.runner
               and not any(key.startswith(f"{b.name}/") for key in fresh[b.module])]
    assert not missing, f"no stored values for {missing}"


@pytest.mark.parametrize("catalogue", ["mistakes", "alternatives"])
def test_catalogue_has_one_module_per_notebook(catalogue):
    """A module the registry does not name would never be imported, and its entries never run."""
    found = {p.stem for p in (SOLUTIONS / catalogue).glob("*.py")} - {"__init__"}
    assert found == set(notebooks().values())


def test_every_variant_names_its_blank_and_that_blank_module():
    wrong = [v.id for v in MISTAKES + ALTERNATIVES if v.blank not in BY_NAME
             or BY_NAME[v.blank].module != v.notebook]
    assert not wrong
