"""What a submission is, attacked through the real ``nncourse grade`` (the outside test of 2026-12-02).

One hostile class is graded once (module fixture) and read by several tests: two copies of one
notebook, a copy beside the assignment folder, a stray package, an unreadable timestamp, a folder
whose name starts with a dot and holds a newline, and a notebook at the top of the class folder
that is no student's. The LMS zips (nbgrader's own naming with ids holding ``_``, ``.`` and
``-``; Canvas; Moodle) are read by :func:`collect.find_submissions` for each naming, and one is
collected; a zip of no student must fail the command with a message.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import nbformat
import pytest
import toycourse as T

from nncourse import cli
from nncourse.grading import collect
from nncourse.grading.course import read_layout
from nncourse.grading.status import IntakeFlag, NotebookStatus

pytestmark = pytest.mark.nbgrader

DEADLINE = "2026-12-01T23:59"
STUDENT = ".dot_name"
"""The hostile student's id: its folder is ``.dot<newline>name``."""


def _grade(submissions: Path, out: Path, toy_course: Path, *flags: str) -> int:
    return cli.main(["grade", str(submissions), "--out", str(out), "--course", str(toy_course),
                     "--assignment", T.ASSIGNMENT, "--workers", "1", "--timeout", "10", *flags])


def _blank(toy_release: Path) -> nbformat.NotebookNode:
    return nbformat.read(toy_release / "01_basics.ipynb", as_version=4)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, toy_course, toy_release):
    """The hostile class, graded once: (exit status, results.json, summary.txt, out folder).

    One student, so one kernel: its folder's name starts with a dot and holds a newline, and it
    hands in 01_basics three times over (a blank flat copy, the solved one in the assignment
    folder, a browser-renamed copy there that also holds a cell pasted from 02_vectors, which once
    made the matching grade it as 02_vectors "by elimination"), an ``autograder/`` package and
    garbage in ``timestamp.txt``. A notebook at the top of the class is no student's.
    """
    root = tmp_path_factory.mktemp("hostile")
    subs = root / "class"
    solved = T.submission(toy_release)["01_basics.ipynb"]
    pasted = nbformat.from_dict(solved)
    pasted.cells.append(nbformat.read(toy_release / "02_vectors.ipynb", as_version=4).cells[0])
    dot = subs / ".dot\nname"
    T.write_student(dot, {"01_basics.ipynb": _blank(toy_release)})
    T.write_student(dot / T.ASSIGNMENT, {"01_basics.ipynb": solved, "01_basics (1).ipynb": pasted})
    (dot / T.ASSIGNMENT / "autograder").mkdir()
    (dot / T.ASSIGNMENT / "autograder" / "__init__.py").write_text("x = 1\n")
    (dot / T.ASSIGNMENT / "timestamp.txt").write_text("not a date at all\n")
    nbformat.write(solved, subs / "whose.ipynb")  # no student's
    (subs / ".DS_Store").write_bytes(b"\0")  # the OS's: skipped quietly
    out = root / "out"
    status = _grade(subs, out, toy_course, "--deadline", DEADLINE, "--late-penalty-per-day", "50")
    results = json.loads((out / "results.json").read_text())
    return status, results, (out / "summary.txt").read_text(), out


def test_a_dot_and_newline_folder_gets_a_row_under_a_safe_id(hostile):
    _, results, summary, out = hostile
    assert list(results["students"]) == [STUDENT]
    assert (out / "grades.csv").read_text().splitlines()[1].startswith(f"{STUDENT},")
    renamed = results["students"][STUDENT]
    assert renamed["notebooks"]["01_basics"]["status"] == NotebookStatus.GRADED, summary
    assert IntakeFlag.FOLDER_RENAMED in renamed["flags"]
    assert "'.dot\\nname' cannot be a student id" in renamed["notebooks"]["01_basics"]["notices"][0]
    assert "could not grade" not in summary


def test_a_file_of_no_student_is_listed_and_fails_the_run(hostile):
    status, results, summary, _ = hostile
    assert status == 1, summary
    assert results["unmatched_files"] == ["whose.ipynb"]
    assert "whose.ipynb: matches no student" in summary
    assert ".DS_Store" not in summary


def test_copies_of_one_notebook_grade_one_and_list_the_others(hostile):
    """The assignment folder's copy with the exact name is graded; the renamed copy is never
    graded as another notebook; the flat copy and the package are listed."""
    dot = hostile[1]["students"][STUDENT]
    basics, vectors = dot["notebooks"]["01_basics"], dot["notebooks"]["02_vectors"]
    graded = f"{T.ASSIGNMENT}/01_basics.ipynb"
    assert (basics["status"], basics["file"]) == (NotebookStatus.GRADED, graded)
    assert vectors["status"] == NotebookStatus.MISSING, "the copy of 01 is never graded as another notebook"
    assert dot["ignored_files"] == [
        f"01_basics.ipynb (another copy of 01_basics; '{graded}' was graded)",
        f"{T.ASSIGNMENT}/01_basics (1).ipynb (another copy of 01_basics; '{graded}' was graded)",
        f"{T.ASSIGNMENT}/autograder/",
    ]
    told = " ".join(basics["notices"])
    assert f"'{T.ASSIGNMENT}/01_basics (1).ipynb' was not" in told and "'01_basics.ipynb' was not" in told
    assert IntakeFlag.DUPLICATE_COPY in dot["flags"] and "ignored_files" in dot["flags"]


def test_an_unreadable_timestamp_is_flagged_told_and_the_work_graded_on_time(hostile):
    _, results, summary, _ = hostile
    dot = results["students"][STUDENT]
    assert dot["notebooks"]["01_basics"]["status"] == NotebookStatus.GRADED, summary
    assert IntakeFlag.BAD_TIMESTAMP in dot["flags"]
    told = " ".join(dot["notebooks"]["01_basics"]["notices"])
    assert "timestamp.txt could not be read" in told and "'not a date at all'" in told
    assert collect.TIMESTAMP_EXAMPLE in told
    assert (dot["submitted_at"], dot["late_minutes"], dot["late_penalty"]) == (None, None, 0)
    assert f"{STUDENT}:" not in summary.partition("Grader failures:")[2]


def _write_zip(archive: Path, names: dict[str, nbformat.NotebookNode]) -> Path:
    with zipfile.ZipFile(archive, "w") as zf:
        for name, nb in names.items():
            zf.writestr(name, nbformat.writes(nb))
    return archive


@pytest.fixture
def course(fresh_course):
    return read_layout(fresh_course, T.ASSIGNMENT)


@pytest.mark.parametrize(
    ("zip_regexp", "names", "expected"),
    [
        (None, ["hw_ada_smith_attempt_2026-12-01-10-00-00_01_basics.ipynb",
                "hw_bob_smith_attempt_2026-12-01-11-00-00_01_basics.ipynb",
                "hw_mary-jane_attempt_2026-12-01-10-00-00_01_basics.ipynb",
                "hw_ada.smith_attempt_2026-12-01-10-00-00_02_vectors.ipynb"],
         {"ada_smith", "bob_smith", "mary-jane", "ada.smith"}),
        ("canvas", ["smithada_12345_67890_01_basics.ipynb", "smithada_late_12345_67891_02_vectors.ipynb",
                    "lovelacebob_222_333_01_basics.ipynb"], {"smithada", "lovelacebob"}),
        ("moodle", ["Ada Smith_12345_assignsubmission_file_01_basics.ipynb",
                    "Bob Jones_777_assignsubmission_file_/02_vectors.ipynb"], {"Ada Smith", "Bob Jones"}),
    ],
    ids=["nbgrader-blackboard", "canvas", "moodle"],
)
def test_each_lms_naming_gives_one_student_per_student(tmp_path, toy_release, zip_regexp, names, expected):
    nb = T.submission(toy_release)["01_basics.ipynb"]
    archive = _write_zip(tmp_path / "lms.zip", dict.fromkeys(names, nb))
    found, unmatched, _ = collect.find_submissions(archive, T.ASSIGNMENT, tmp_path / "scratch", zip_regexp)
    assert {f.name for f in found.values()} == expected
    assert unmatched == []


def test_a_canvas_zip_under_the_default_fails_naming_the_option(tmp_path, toy_course, toy_release, capsys):
    nb = T.submission(toy_release)["01_basics.ipynb"]
    archive = _write_zip(tmp_path / "canvas.zip", {"smithada_12345_67890_01_basics.ipynb": nb})
    status = _grade(archive, tmp_path / "out", toy_course)
    said = capsys.readouterr().err
    assert status == 2, said
    assert "smithada_12345_67890_01_basics.ipynb" in said and "--zip-regexp canvas" in said


def test_an_lms_zip_keeps_every_student_and_lists_what_it_does_not_grade(course, tmp_path, toy_release):
    """The outside's zip: two students whose ids end alike (ada_smith, bob_smith), an id with '-' and
    an earlier attempt, and a file no pattern reads: each a student, the attempt and the file listed
    (the command fails on an unmatched file: test_a_file_of_no_student_is_listed_and_fails_the_run)."""
    solved, blank = T.submission(toy_release)["01_basics.ipynb"], _blank(toy_release)
    archive = _write_zip(tmp_path / "class.zip", {
        "hw_ada_smith_attempt_2026-12-01-10-00-00_01_basics.ipynb": solved,
        "hw_bob-smith_attempt_2026-12-01-09-00-00_01_basics.ipynb": blank,
        "hw_bob-smith_attempt_2026-12-01-10-00-00_01_basics.ipynb": solved,
        "hw_bob_smith_attempt_2026-12-01-11-00-00_01_basics.ipynb": blank,
        "notes_from_ta.ipynb": blank,
    })
    collected = collect.collect(archive, course, tmp_path / "scratch")
    students = {i.student: i for i in collected.students}
    assert sorted(students) == ["ada_smith", "bob-smith", "bob_smith"]
    assert collected.unmatched == ["notes_from_ta.ipynb"] and "--zip-regexp" in collected.hint
    bob = students["bob-smith"]
    assert bob.ignored_files == [
        "hw_bob-smith_attempt_2026-12-01-09-00-00_01_basics.ipynb (an earlier attempt; the latest was graded)"
    ]
    assert bob.timestamp.startswith("2026-12-01 10:00:00")
    assert all(i.notebooks["01_basics"].status == NotebookStatus.SUBMITTED for i in students.values())


def test_a_file_is_the_notebook_of_its_own_cell_ids_never_of_shared_ones(tmp_path):
    """The real course's 02 and 07 share ``imports`` and ``code-31``: a copy of 02 was once graded as
    07 for them. Shared ids never make a file another notebook; only its name can, then."""
    from nncourse.grading.course import Course, NotebookLayout

    course = Course(tmp_path, "a", {
        "02_activations": NotebookLayout("02_activations", (), frozenset({"imports", "code-31", "sigmoid"})),
        "07_what_next": NotebookLayout("07_what_next", (), frozenset({"imports", "code-31", "next"})),
    })

    def belongs(name: str, ids: set[str]) -> str | None:
        candidate = collect._Candidate(tmp_path / name, nbformat.v4.new_notebook(), ids)
        return collect._belongs_to(candidate, course)

    assert belongs("02_activations (1).ipynb", {"imports", "code-31", "sigmoid"}) == "02_activations"
    assert belongs("07_what_next.ipynb", {"imports", "sigmoid"}) == "02_activations"
    assert belongs("07_what_next.ipynb", {"imports", "code-31"}) == "07_what_next"
    assert belongs("scratch.ipynb", {"imports", "code-31"}) is None
    assert belongs("02_activations.ipynb", set()) == "02_activations"
