"""Merging worker gradebooks and zero records, on real nbgrader gradebooks (sqlite files)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook, MissingEntry

from nncourse.grading.schedule.merge import MergeError, merge_gradebooks, zero_notebooks

# nbgrader's own Gradebook.add_submission (also what zero_notebooks calls) autoflushes
# half-built rows under SQLAlchemy 2 and warns; the rows it commits are complete.
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")

ASSIGNMENT = "toy"
NOTEBOOKS = {"01_basics": {"test_add": 2.0, "test_mean": 1.0}, "02_vectors": {"test_norm": 3.0}}


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A gradebook as generate_assignment leaves it: the assignment, its notebooks and cells."""
    path = tmp_path_factory.mktemp("generated") / "gradebook.db"
    with Gradebook(_url(path)) as gb:
        gb.add_assignment(ASSIGNMENT)
        for notebook, cells in NOTEBOOKS.items():
            gb.add_notebook(notebook, ASSIGNMENT)
            for cell, points in cells.items():
                gb.add_grade_cell(cell, notebook, ASSIGNMENT, max_score=points, cell_type="code")
    return path


@pytest.fixture
def master(generated, tmp_path) -> Path:
    """A private copy of the generated gradebook (the master of one grading run)."""
    return Path(shutil.copy(generated, tmp_path / "gradebook.db"))


def _worker(master: Path, name: str, scores: dict[str, dict[str, float]]) -> Path:
    """A copy of MASTER in which students (-> {grade cell: score}) were autograded."""
    path = master.with_name(f"{name}.db")
    shutil.copy(master, path)
    with Gradebook(_url(path)) as gb:
        for student, by_cell in scores.items():
            gb.add_student(student)
            gb.add_submission(ASSIGNMENT, student)
            for notebook, cells in NOTEBOOKS.items():
                for cell in cells:
                    grade = gb.find_grade(cell, notebook, ASSIGNMENT, student)
                    grade.auto_score = by_cell.get(cell, 0.0)
            gb.db.commit()
    return path


def _scores(master: Path, student: str) -> dict[str, float]:
    with Gradebook(_url(master)) as gb:
        return {n: gb.find_submission_notebook(n, ASSIGNMENT, student).score for n in NOTEBOOKS}


def test_rows_of_each_worker_land_in_the_master(master):
    w0 = _worker(master, "w0", {"ada": {"test_add": 2.0, "test_norm": 3.0}})
    w1 = _worker(master, "w1", {"bo": {"test_mean": 1.0}, "cy": {}})
    merge_gradebooks(master, {w0: ["ada"], w1: ["bo", "cy"]})
    assert _scores(master, "ada") == {"01_basics": 2.0, "02_vectors": 3.0}
    assert _scores(master, "bo") == {"01_basics": 1.0, "02_vectors": 0.0}
    assert _scores(master, "cy") == {"01_basics": 0.0, "02_vectors": 0.0}


def test_only_the_students_named_for_a_worker_are_taken_from_it(master):
    # ada was graded twice (her first worker died): only the run the pool kept counts
    stale = _worker(master, "w0", {"ada": {"test_add": 2.0}})
    kept = _worker(master, "w1", {"ada": {"test_mean": 1.0}})
    merge_gradebooks(master, {stale: [], kept: ["ada"]})
    assert _scores(master, "ada") == {"01_basics": 1.0, "02_vectors": 0.0}


def test_a_gradebook_of_another_generation_is_refused(master, tmp_path):
    other = Path(shutil.copy(master, tmp_path / "other.db"))
    with Gradebook(_url(other)) as gb:
        gb.add_assignment("another")
        gb.add_student("ada")
        gb.add_submission("another", "ada")
    with pytest.raises(MergeError, match="table assignment differs"):
        merge_gradebooks(master, {other: ["ada"]})
    with Gradebook(_url(master)) as gb, pytest.raises(MissingEntry):
        gb.find_student("ada")


def test_zero_notebooks_records_a_zero_even_without_a_submission(master):
    zero_notebooks(_url(master), ASSIGNMENT, "dee", ["01_basics"])
    assert _scores(master, "dee") == {"01_basics": 0.0, "02_vectors": 0.0}
    with Gradebook(_url(master)) as gb:
        grades = gb.find_submission_notebook("01_basics", ASSIGNMENT, "dee").grades
        assert all(g.auto_score == 0 and not g.needs_manual_grade for g in grades)


def test_zero_notebooks_overrides_the_scores_nbgrader_left(master):
    graded = _worker(master, "w0", {"eve": {"test_add": 2.0, "test_norm": 3.0}})
    zero_notebooks(_url(graded), ASSIGNMENT, "eve", ["02_vectors"])
    assert _scores(graded, "eve") == {"01_basics": 2.0, "02_vectors": 0.0}


def test_a_merge_is_one_transaction_all_or_nothing(master, tmp_path):
    good = _worker(master, "w0", {"ada": {"test_add": 2.0}})
    other = Path(shutil.copy(master, tmp_path / "other.db"))
    with Gradebook(_url(other)) as gb:
        gb.add_assignment("another")
    with pytest.raises(MergeError):
        merge_gradebooks(master, {good: ["ada"], other: ["bo"]})
    with Gradebook(_url(master)) as gb, pytest.raises(MissingEntry):
        gb.find_student("ada")  # the good part, before the bad one, was not committed alone
    merge_gradebooks(master, {good: ["ada"]})
    assert _scores(master, "ada") == {"01_basics": 2.0, "02_vectors": 0.0}
