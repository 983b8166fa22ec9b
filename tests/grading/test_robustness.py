"""Every failure mode of issue 5 on the toy assignment, graded in one batch with real kernels.

One ``grade()`` run over a class where each student breaks one thing (see
``adversarial.CLASS``); the assertions check each student's scores, statuses,
events and flags, and that nothing is lost: every notebook has a gradebook
record, a results entry and a feedback page.
"""

from __future__ import annotations

import json
import os

import adversarial
import pytest
import toycourse as T
from nbgrader.api import Gradebook

from nncourse.grading.sandbox import _UID_RANGE, _pids, _proc_uid

pytestmark = pytest.mark.nbgrader

NOTEBOOKS = ("01_basics", "02_vectors")
# student -> (total, {grade_id: status}) ; the cells not listed passed
EXPECTED = {
    "good": (6, {}),
    "loops": (2, {"test_square": "timeout", "test_mean": "timeout"}),
    "bombs": (3, {"test_add": "crashed", "test_mean": "error"}),
    "invalid_renamed": (3, {"test_add": "missing", "test_square": "missing"}),
    "wrong_v3": (3, {"test_add": "missing", "test_square": "missing"}),
    "missing_huge": (3, {"test_add": "missing", "test_square": "missing"}),
    "tamper_dup": (5, {"test_add": "failed"}),
    "deleted_nan": (2, {"test_square": "failed", "test_mean": "failed"}),
    "exit_cheat": (5, {"test_add": "crashed"}),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory, toy_release, grade_toy):
    subs = adversarial.build_class(toy_release, tmp_path_factory.mktemp("adversarial"))
    return grade_toy(subs)


def _student(batch, name):
    return next(s for s in batch.students if s.student == name)


def _events(student, notebook):
    return " ".join(student.notebooks[notebook].events)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scores_and_statuses(batch, name):
    total, special = EXPECTED[name]
    student = _student(batch, name)
    statuses = {c.grade_id: c.status for nb in student.notebooks.values() for c in nb.cells}
    assert student.score == total, statuses
    for grade_id, status in statuses.items():
        assert status == special.get(grade_id, "passed"), (grade_id, statuses)


def test_fork_bomb_and_input_fail_only_their_cells(batch):
    student = _student(batch, "fork_input")
    cells = {c.grade_id: c for nb in student.notebooks.values() for c in nb.cells}
    assert cells["test_square"].status in ("crashed", "timeout")  # killed by a limit, or interrupted
    assert cells["test_mean"].status == "error" and "StdinNotImplementedError" in cells["test_mean"].message
    assert student.score == 2  # the cells after the bomb were still graded


def _parent(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[1]
    except OSError:
        return "0"


def test_no_sandbox_process_outlives_the_batch(batch):
    """None of our kernels' processes is left, and none was orphaned (e.g. fork bomb children)."""
    if os.geteuid() != 0:
        pytest.skip("the private sandbox user needs root")
    low, high = _UID_RANGE
    me = str(os.getpid())
    leftovers = []
    for pid in _pids():
        if not low <= (_proc_uid(pid) or 0) < high:
            continue  # other graders may run concurrently: only orphans and our own descendants count
        chain, parent = [], _parent(pid)
        while parent not in ("0", "1", me) and len(chain) < 50:
            chain.append(parent)
            parent = _parent(parent)
        if parent in ("1", me):
            leftovers.append(pid)
    assert leftovers == []


def test_the_batch_itself_succeeded(batch):
    assert batch.ok, batch.failures
    assert len(batch.students) == len(adversarial.CLASS)


def test_kernel_death_is_explained_and_recovered(batch):
    words = _events(_student(batch, "exit_cheat"), "01_basics")
    assert "kernel died while running cell" in words and "status 3" in words
    assert "restarted" in words
    assert "memory limit exceeded" in _events(_student(batch, "bombs"), "01_basics")


def test_timeouts_are_explained(batch):
    assert "did not finish within" in _events(_student(batch, "loops"), "01_basics")
    stubborn = _events(_student(batch, "loops"), "02_vectors")
    assert "could not be interrupted" in stubborn and "restarted" in stubborn


def test_tampering_is_restored_and_told(batch):
    assert "had been edited" in _events(_student(batch, "tamper_dup"), "01_basics")
    assert "was missing from your notebook" in _events(_student(batch, "deleted_nan"), "01_basics")
    moved = _events(_student(batch, "tamper_dup"), "02_vectors")
    assert "copy of test cell 'test_mean'" in moved and "original order was restored" in moved


def test_file_problems_have_clear_statuses(batch):
    invalid = _student(batch, "invalid_renamed").notebooks
    assert invalid["01_basics"].status == "invalid" and "not valid JSON" in invalid["01_basics"].message
    assert invalid["02_vectors"].status == "graded"
    assert "02_vectors (1).ipynb" in " ".join(invalid["02_vectors"].notices)
    wrong = _student(batch, "wrong_v3").notebooks
    assert wrong["01_basics"].status == "wrong_assignment"
    assert "old format" in " ".join(wrong["02_vectors"].notices)
    assert _student(batch, "missing_huge").notebooks["01_basics"].status == "missing"


def test_output_is_capped(batch):
    out = batch.out_dir / "autograded" / "missing_huge" / T.ASSIGNMENT / "02_vectors.ipynb"
    assert out.stat().st_size < 200_000
    assert "output_truncated" in _student(batch, "missing_huge").flags


def test_cheats_are_flagged_and_still_graded(batch):
    cheater = _student(batch, "exit_cheat")
    assert {"reads_reference", "monkeypatch", "custom_equality"} <= set(cheater.flags)
    assert cheater.notebooks["02_vectors"].score == 3
    assert _student(batch, "good").flags == []


def test_nothing_is_lost(batch):
    """Every notebook of every student: a gradebook record, a results entry, a feedback page."""
    results = json.loads((batch.out_dir / "results.json").read_text())["students"]
    with Gradebook(f"sqlite:///{batch.out_dir / 'gradebook.db'}") as gb:
        for student in adversarial.CLASS:
            for notebook in NOTEBOOKS:
                record = gb.find_submission_notebook(notebook, T.ASSIGNMENT, student)
                assert all(g.auto_score is not None for g in record.grades), (student, notebook)
                assert results[student]["notebooks"][notebook]["status"]
                page = batch.out_dir / "feedback" / student / f"{notebook}.html"
                assert page.exists(), page
            assert gb.find_student(student).score == results[student]["score"]


def test_feedback_explains_and_hides_hidden_tests(batch):
    page = (batch.out_dir / "feedback" / "exit_cheat" / "01_basics.html").read_text()
    assert "What happened while grading" in page and "kernel died" in page
    for student in adversarial.CLASS:
        for notebook in NOTEBOOKS:
            if (student, notebook) == ("exit_cheat", "02_vectors"):
                continue  # the cheater's own code names toy_solutions
            text = (batch.out_dir / "feedback" / student / f"{notebook}.html").read_text()
            assert "toy_solutions" not in text and "BEGIN HIDDEN TESTS" not in text, (student, notebook)
    missing = (batch.out_dir / "feedback" / "missing_huge" / "01_basics.html").read_text()
    assert "No file was submitted" in missing


def test_results_never_show_hidden_tests(batch):
    for student in batch.students:
        for nb in student.notebooks.values():
            for cell in nb.cells:
                if cell.error:
                    assert "ref(" not in cell.error["traceback"], cell.error
                    assert "toy_solutions" not in cell.error["traceback"]


def test_grades_csv(batch):
    rows = (batch.out_dir / "grades.csv").read_text().splitlines()
    assert rows[0] == "student,01_basics,02_vectors,total,max,flags"
    by_student = {r.split(",")[0]: r.split(",") for r in rows[1:]}
    assert by_student["good"][1:5] == ["3", "3", "6", "6"]
    assert "monkeypatch" in by_student["exit_cheat"][5]
    assert "Submissions needing attention" in batch.summary
