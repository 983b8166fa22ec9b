"""What the real-notebook corpus (tests/test_corpus.py) cannot show, on the toy assignment.

The corpus covers every failure mode of issue 5 on the course's own notebooks;
this batch adds a memory bomb spread over many forked processes (which only the
sandbox's watchdog can stop) and a memory hoard after a large reservation of address
space, and checks that no sandboxed process outlives the batch.
"""

from __future__ import annotations

import json
import os
import time

import adversarial
import pytest
import toycourse as T
from nbgrader.api import Gradebook

from nncourse.grading.sandbox import UID_RANGE
from nncourse.grading.sandbox.procfs import pids, proc_alive, proc_parent, proc_uid

pytestmark = pytest.mark.nbgrader

NOTEBOOKS = ("01_basics", "02_vectors")
# student -> (total, {grade_id: status}) ; the cells not listed passed
EXPECTED = {
    "good": (6, {}),
    "bombs": (3, {"test_add": "crashed", "test_mean": "error"}),
    "reserver": (5, {"test_add": "crashed"}),
}
CLASS = adversarial.CLASS


@pytest.fixture(scope="module")
def batch(tmp_path_factory, toy_release, grade_toy):
    subs = adversarial.build_class(toy_release, tmp_path_factory.mktemp("adversarial"))
    # No cell here is meant to time out: the bombs are stopped by the memory limit and the
    # watchdog. The toy options' 5 s let a bomb still growing on a loaded machine end as a
    # timeout instead (CI, 2026-12-02); 30 s costs nothing while nothing hangs.
    return grade_toy(subs, cell_timeout=30)


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


def _parent(pid: str) -> str:
    return proc_parent(pid) or "0"  # "0": the process is gone


def test_no_sandbox_process_outlives_the_batch(batch):
    """None of our kernels' processes is left, and none was orphaned (e.g. fork bomb children)."""
    if os.geteuid() != 0:
        pytest.skip("the private sandbox user needs root")
    low, high = UID_RANGE
    me = str(os.getpid())

    def ours_or_orphaned(pid: str) -> bool:
        # Other graders (another xdist worker) may run now: their live kernels descend from
        # them, not from us, and are left alone; an orphan (parent 1) is nobody's.
        parent = _parent(pid)
        for _ in range(50):
            if parent in ("0", "1", me):
                break
            parent = _parent(parent)
        return parent == me or _parent(pid) == "1"

    suspects = [
        pid for pid in pids() if low <= (proc_uid(pid) or 0) < high and ours_or_orphaned(pid)
    ]
    # Another grader's kill of a fork bomb orphans its children for a few milliseconds; a
    # process that outlived a batch is still there seconds later.
    deadline = time.monotonic() + 3
    while suspects and time.monotonic() < deadline:
        time.sleep(0.1)
        suspects = [pid for pid in suspects if proc_alive(pid) and ours_or_orphaned(pid)]
    assert suspects == []


def test_the_batch_itself_succeeded(batch):
    assert batch.ok, batch.failures
    assert len(batch.students) == len(CLASS)


def test_memory_spread_over_processes_is_stopped_and_explained(batch):
    words = _events(_student(batch, "bombs"), "01_basics")
    assert "memory limit exceeded" in words and "restarted" in words


def test_memory_filled_after_reserving_address_space_is_stopped_by_the_memory_limit(batch):
    """The watchdog's limit comes before RLIMIT_AS however much address space the kernel holds
    untouched (adversarial.RESERVED_ADDRESS_SPACE_MB): the student reads the memory limit, not a
    MemoryError that depends on what was reserved (sandbox.limits.ADDRESS_RESERVE_MB)."""
    words = _events(_student(batch, "reserver"), "01_basics")
    assert "memory limit exceeded" in words and "restarted" in words, words


def test_nothing_is_lost(batch):
    """Every notebook of every student: a gradebook record, a results entry, a feedback page."""
    results = json.loads((batch.out_dir / "results.json").read_text())["students"]
    with Gradebook(f"sqlite:///{batch.out_dir / 'gradebook.db'}") as gb:
        for student in CLASS:
            for notebook in NOTEBOOKS:
                record = gb.find_submission_notebook(notebook, T.ASSIGNMENT, student)
                assert all(g.auto_score is not None for g in record.grades), (student, notebook)
                assert results[student]["notebooks"][notebook]["status"]
                page = batch.out_dir / "feedback" / student / f"{notebook}.html"
                assert page.exists(), page
            assert gb.find_student(student).score == results[student]["score"]


