"""The class report's counts, through ``grade()`` (what ``nncourse grade`` runs) on the toy course:

* a hint that names two mistake ids (``toy.double, fp.scale``) is one mistake of one student in
  "Most common mistakes", not one per id (mistakes.csv keeps a row per id);
* "Hardest cells" leaves out the cells of a notebook nobody handed in, and says so.
"""

from __future__ import annotations

import csv

import pytest
import toycourse as T

pytestmark = pytest.mark.nbgrader

DOUBLED = (
    "def square(x):\n"
    "    raise AssertionError('square(2) returned 4.0 Hint: you doubled x. [mistake: toy.double, fp.scale]')"
)


@pytest.fixture(scope="module")
def graded(tmp_path_factory, toy_release, grade_toy):
    root = tmp_path_factory.mktemp("counts-class")
    for student, answers in {"ada": T.GOOD, "cal": {**T.GOOD, "square": DOUBLED}}.items():
        basics = T.submission(toy_release, answers)["01_basics.ipynb"]  # nobody hands in 02_vectors
        T.write_student(root / student / T.ASSIGNMENT, {"01_basics.ipynb": basics})
    return grade_toy(root)


def test_a_hint_naming_two_ids_counts_once(graded):
    lines = graded.summary.splitlines()
    first = lines.index("Most common mistakes (share of the class):") + 1
    assert lines[first] == "  50% (1) 01_basics/test_square: toy.double / fp.scale: you doubled x.", lines
    assert "fp.scale" not in lines[first + 1], lines
    with (graded.out_dir / "mistakes.csv").open(newline="") as fh:
        assert sorted(r["mistake"] for r in csv.DictReader(fh)) == ["fp.scale", "toy.double"]


def test_hardest_cells_leave_out_a_notebook_nobody_handed_in(graded):
    lines = graded.summary.splitlines()
    first = lines.index("Hardest cells (mean share of points):") + 1
    block = lines[first:lines.index("", first)]
    assert all(line.startswith("  01_basics/") for line in block[:-1]), block
    assert block[-1] == "  (left out: 02_vectors, which nobody handed in)", block
