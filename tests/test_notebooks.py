"""The notebooks as files: clean, mirrored by `solutions`, 100 points, students' copies current."""

import importlib
import inspect
import json
import subprocess
import sys

import pytest

from nncourse import notebooks as nbs

SOURCES = sorted(nbs.SOURCE_DIR.glob("*.ipynb"))
RELEASED = sorted(nbs.RELEASE_DIR.glob("*.ipynb"))
#: solutions functions that notebooks show as given code rather than as blanks
GIVEN = {"training": {"make_spiral"}, "what_next": {"predict_classes"}}
#: test cells without hidden tests, and why
NO_HIDDEN = {
    "test_gates": "the truth tables cover every input of a gate",
    "test_spiral_target": "it already scores on 10,000 unseen points",
}


def test_every_mirrored_notebook_exists():
    assert [p.stem for p in SOURCES] == sorted(nbs.SOLUTION_MODULES)
    assert [p.name for p in RELEASED] == [p.name for p in SOURCES]


@pytest.mark.parametrize("path", SOURCES + RELEASED, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        assert not cell.get("outputs") and not cell.get("execution_count"), cell.get("id")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_solution_regions_match_solutions_package(path):
    module = importlib.import_module(f"solutions.{nbs.SOLUTION_MODULES[path.stem]}")
    expected = nbs.definitions(inspect.getsource(module))
    in_notebook = {}
    for cell in nbs.solution_cells(nbs.read(path)):
        in_notebook.update(nbs.definitions(nbs.strip_markers(cell.source)))
    assert in_notebook, "no solution regions found"
    for name, dump in in_notebook.items():
        assert name in expected, f"{name} is a blank in {path.name} but not in {module.__name__}"
        assert dump == expected[name], f"{name} differs between {path.name} and {module.__name__}"
    public = {n for n in expected if not n.startswith("_")}
    missing = public - set(in_notebook) - GIVEN.get(module.__name__.split(".")[1], set())
    assert not missing, f"{module.__name__} has {missing}, which no blank of {path.name} holds"


def test_points_add_up_to_100():
    table = nbs.points_table()
    assert sum(c.max_points for cells in table.values() for c in cells) == 100


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_each_blank_has_its_own_checked_test_cell(path):
    nb = nbs.read(path)
    tests = [c for c in nb.cells if nbs.nbgrader_meta(c).get("grade")]
    for cell in nbs.solution_cells(nb):
        names = set(nbs.definitions(nbs.strip_markers(cell.source)))
        owner = nbs.nbgrader_meta(cell)["grade_id"]
        assert any(f"test_{owner}" == nbs.nbgrader_meta(t)["grade_id"] or
                   any(n in t.source for n in names) for t in tests), owner
    for test in tests:
        meta = nbs.nbgrader_meta(test)
        assert meta["locked"] and meta["points"] > 0
        assert "check_" in test.source, f"{meta['grade_id']} calls no autograder check"
        if meta["grade_id"] not in NO_HIDDEN:
            assert nbs.BEGIN_HIDDEN in test.source, f"{meta['grade_id']} has no hidden tests"


def test_student_notebooks_are_regenerated_from_source(tmp_path):
    course = nbs.copy_course(tmp_path)
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", nbs.ASSIGNMENT, "--force"],
                   cwd=course, check=True, capture_output=True)
    fresh = sorted((course / "notebooks" / nbs.ASSIGNMENT).glob("*.ipynb"))
    assert [p.name for p in fresh] == [p.name for p in RELEASED]
    for new, committed in zip(fresh, RELEASED, strict=True):
        assert json.loads(new.read_text()) == json.loads(committed.read_text()), (
            f"{committed.name} is stale: run `nncourse release`")


@pytest.mark.parametrize("path", RELEASED, ids=lambda p: p.stem)
def test_student_notebooks_hold_no_solution_or_hidden_test(path):
    text = path.read_text()
    assert nbs.BEGIN not in text and nbs.BEGIN_HIDDEN not in text and "hidden_check" not in text
    assert "raise NotImplementedError()" in text
