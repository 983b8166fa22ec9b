"""Submission layouts (nbgrader's, per-student folders, LMS zips) and notebook intake."""

from __future__ import annotations

import zipfile
from pathlib import Path

import nbformat
import pytest
import toycourse as T

from nncourse.grading import collect
from nncourse.grading.course import read_layout

pytestmark = pytest.mark.nbgrader  # needs a generated gradebook


@pytest.fixture
def course(fresh_course):
    return read_layout(fresh_course, T.ASSIGNMENT)


def _statuses(intakes):
    return {i.student: {n: nb.status for n, nb in i.notebooks.items()} for i in intakes}


def test_layout_is_read_from_the_gradebook(course):
    assert list(course.notebooks) == ["01_basics", "02_vectors"]
    basics = course.notebooks["01_basics"]
    assert [(c.grade_id, c.max_points) for c in basics.cells] == [("test_add", 1), ("test_square", 2)]
    assert course.max_points == 6
    assert "from toy_solutions import add as ref" in basics.hidden
    assert {"add", "square"} <= basics.test_names


@pytest.mark.parametrize("nested", [True, False], ids=["submitted-layout", "student-folders"])
def test_folder_layouts(course, toy_release, tmp_path, nested):
    for student in ("ada", "bob"):
        folder = tmp_path / "in" / student / (T.ASSIGNMENT if nested else "")
        T.write_student(folder, T.submission(toy_release))
    (tmp_path / "in" / "bob" / (T.ASSIGNMENT if nested else "") / "autograder.py").write_text("x = 1")
    intakes = collect.collect(tmp_path / "in", course, tmp_path / "scratch").students
    assert _statuses(intakes) == {
        s: {"01_basics": "submitted", "02_vectors": "submitted"} for s in ("ada", "bob")
    }
    assert intakes[1].ignored_files == ["autograder.py"]
    submitted = course.root / "submitted" / "bob" / T.ASSIGNMENT
    assert sorted(p.name for p in submitted.iterdir()) == ["01_basics.ipynb", "02_vectors.ipynb"]


def test_lms_zip_with_nbgrader_file_names(course, toy_release, tmp_path):
    nbs = T.submission(toy_release)
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for student, stamp in (("ada", "2024-01-30-15-00-00"), ("bob", "2024-01-30-16-00-00")):
            for name, nb in nbs.items():
                zf.writestr(f"{T.ASSIGNMENT}_{student}_attempt_{stamp}_{name}", nbformat.writes(nb))
        # an older attempt of ada's first notebook: the newer one wins
        zf.writestr(f"{T.ASSIGNMENT}_ada_attempt_2024-01-29-10-00-00_01_basics.ipynb", "{broken")
    intakes = collect.collect(archive, course, tmp_path / "scratch").students
    assert _statuses(intakes) == {
        s: {"01_basics": "submitted", "02_vectors": "submitted"} for s in ("ada", "bob")
    }
    stamp = (course.root / "submitted" / "ada" / T.ASSIGNMENT / "timestamp.txt").read_text()
    assert stamp.startswith("2024-01-30 15:00:00")


def test_zip_of_student_folders(course, toy_release, tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, nb in T.submission(toy_release).items():
            zf.writestr(f"class/cy/{name}", nbformat.writes(nb))
    intakes = collect.collect(archive, course, tmp_path / "scratch").students
    assert _statuses(intakes) == {"cy": {"01_basics": "submitted", "02_vectors": "submitted"}}


def test_swapped_and_stripped_notebooks(course, toy_release, tmp_path):
    nbs = T.submission(toy_release)
    swapped = {"01_basics.ipynb": nbs["02_vectors.ipynb"], "02_vectors.ipynb": nbs["01_basics.ipynb"]}
    T.write_student(tmp_path / "in" / "swap", swapped)
    stripped = nbformat.from_dict(nbs["01_basics.ipynb"])
    for cell in stripped.cells:
        cell.metadata.pop("nbgrader", None)
    T.write_student(tmp_path / "in" / "strip", {"01_basics.ipynb": stripped})
    intakes = {i.student: i for i in collect.collect(tmp_path / "in", course, tmp_path / "scratch").students}
    swap = intakes["swap"].notebooks
    assert swap["01_basics"].file == "02_vectors.ipynb" and swap["01_basics"].status == "submitted"
    assert "graded as 01_basics.ipynb" in swap["01_basics"].notices[0]
    strip = intakes["strip"].notebooks
    assert strip["01_basics"].status == "submitted" and "grading metadata" in strip["01_basics"].notices[0]
    assert strip["02_vectors"].status == "missing"


def test_unreadable_files(course, tmp_path):
    folder = tmp_path / "in" / "zed"
    folder.mkdir(parents=True)
    (folder / "01_basics.ipynb").write_text("[1, 2]")
    (folder / "02_vectors.ipynb").write_bytes(b"\xff\xfe")
    (intake,) = collect.collect(tmp_path / "in", course, tmp_path / "scratch").students
    assert {n: nb.status for n, nb in intake.notebooks.items()} == {
        "01_basics": "invalid",
        "02_vectors": "invalid",
    }
    assert "not a Jupyter notebook" in intake.notebooks["01_basics"].message
    assert not list((course.root / "submitted" / "zed" / T.ASSIGNMENT).glob("*.ipynb"))


def test_neither_folder_nor_zip(course, tmp_path):
    (tmp_path / "x.txt").write_text("hi")
    with pytest.raises(collect.SubmissionsError):
        collect.collect(tmp_path / "x.txt", course, tmp_path / "scratch")
    assert Path(tmp_path / "x.txt").exists()
