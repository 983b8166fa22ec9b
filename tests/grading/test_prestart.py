"""The pre-started kernel (``nncourse/grading/prestart.py``), with real nbgrader, kernels and bwrap.

One grading worker runs in this process on the toy course (as a worker process would:
:class:`~nncourse.grading.schedule.worker.Worker`), so that a test can see its sandbox's slots
and its spare between students. What is checked comes from the grader's own records (each
notebook's ``clock``: when it began and ended, when each kernel was asked for and ready),
never from sleeps. The walls between the two slots are tried from a kernel in
``test_sandbox_walls.py``; that no spare outlives its worker process, there too.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from pathlib import Path

import nbformat
import pytest
import toycourse
from conftest import toy_options

from nncourse.grading import prestart, sandbox
from nncourse.grading.course import prepare_course
from nncourse.grading.execute import clock
from nncourse.grading.integrity import audit
from nncourse.grading.integrity.reference import HiddenInputs
from nncourse.grading.sandbox import UID_RANGE, kill_uid
from nncourse.grading.sandbox.procfs import live_of_uid
from nncourse.grading.schedule.pool import worker_root
from nncourse.grading.schedule.worker import Worker

# nbgrader's autograde warns so in any worker; pytest would make it an error here
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
NOTEBOOKS = ("01_basics", "02_vectors")
FULL = {"01_basics": {"test_add": 1.0, "test_square": 2.0},
        "02_vectors": {"test_mean": 2.0, "test_normalize": 1.0}}


@pytest.fixture(scope="module")
def worker(toy_course, toy_release, tmp_path_factory):
    """A walled grading worker in this process (two slots), closed as a worker process closes."""
    saved = dict(os.environ)
    work = tmp_path_factory.mktemp("prestart")
    course = prepare_course(toy_course, toycourse.ASSIGNMENT, work / "course")
    graded = Worker(worker_root(course.root, 0), toy_options(workers=1, cell_timeout=30), [str(toy_course)])
    box = sandbox.active()
    try:
        assert box is not None and len(box.slots) == 2, "behind the walls as root: two slots"
        graded.work, graded.release = work, toy_release
        yield graded
    finally:
        prestart.discard(box)
        box.close()
        sandbox.activate(None)
        os.environ.clear()
        os.environ.update(saved)


def _grade(worker, student: str, answers: dict[str, str] = toycourse.GOOD):
    submission = toycourse.submission(worker.release, answers)
    folder = toycourse.write_student(worker.work / "class" / student, submission)
    answer = worker.grade(student, folder)
    assert answer.errors == {}, answer.errors
    graded = worker.root / "autograded" / student / toycourse.ASSIGNMENT
    return {name: nbformat.read(graded / f"{name}.ipynb", as_version=4) for name in NOTEBOOKS}


def _scores(nbs: dict[str, nbformat.NotebookNode]) -> dict[str, dict[str, float]]:
    """Points of each graded cell, read as nbgrader does: an error output scores 0."""
    scores = {}
    for name, nb in nbs.items():
        scores[name] = {}
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution"):
                failed = any(o.output_type == "error" for o in cell.get("outputs", []))
                scores[name][meta["grade_id"]] = 0.0 if failed else float(meta["points"])
    return scores


def _findings(nb: nbformat.NotebookNode) -> list[dict]:
    return list(nb.metadata.get(audit.METADATA_KEY, []))


def test_the_next_kernel_starts_while_the_current_notebook_runs(worker):
    """After the first notebook, every kernel is the spare, asked for before the notebook
    before it ended, in the other slot; the scores are the same as without (full marks)."""
    first, second = _grade(worker, "ann"), _grade(worker, "bob")
    notebooks = [first[n] for n in NOTEBOOKS] + [second[n] for n in NOTEBOOKS]
    clocks = [clock(nb) for nb in notebooks]
    for before, after in itertools.pairwise(clocks):
        (kernel,) = after["kernels"]
        assert kernel["prestarted"], after
        assert kernel["asked"] < before["ended"] <= after["began"], (before, after)
        assert kernel["slot"] != before["kernels"][-1]["slot"], "slots alternate"
        assert "ready" in kernel
    assert _scores(first) == _scores(second) == FULL
    assert all(_findings(nb) == [] for nb in notebooks), [_findings(nb) for nb in notebooks]


def test_a_spare_killed_before_use_is_replaced_and_the_student_graded_normally(worker):
    _grade(worker, "cid")
    spare = prestart.held()
    assert spare is not None and spare.alive()
    kill_uid(spare.slot.uid)
    assert live_of_uid(spare.slot.uid) == []
    graded = _grade(worker, "dee")
    kernels = clock(graded["01_basics"])["kernels"]
    assert [(k["prestarted"], "failed" in k, "ready" in k) for k in kernels] == [
        (True, True, False), (False, False, True)], kernels
    assert kernels[0]["slot"] == kernels[1]["slot"] == spare.slot.index
    assert _scores(graded) == FULL
    assert all(_findings(nb) == [] for nb in graded.values()), [_findings(nb) for nb in graded.values()]
    assert clock(graded["02_vectors"])["kernels"][0]["prestarted"], "and a spare again for the next"


def test_a_kernel_restarted_mid_notebook_keeps_its_slot_and_the_spare_stays(worker):
    """A cell that kills its kernel: the restart is a fresh kernel in the same slot (the spare,
    in the other slot, is not touched), the later cells are graded, and the next notebook
    takes the spare."""
    _grade(worker, "eli")
    spare = prestart.held()
    dying = {**toycourse.GOOD, "add": "import os\nos._exit(3)"}
    graded = _grade(worker, "fay", dying)
    kernels = clock(graded["01_basics"])["kernels"]
    assert [k["prestarted"] for k in kernels] == [True, False], kernels
    assert kernels[0]["slot"] == kernels[1]["slot"] == spare.slot.index
    assert _scores(graded) == {**FULL, "01_basics": {"test_add": 0.0, "test_square": 2.0}}
    after = clock(graded["02_vectors"])["kernels"]
    assert after[0]["prestarted"] and "ready" in after[0] and after[0]["slot"] != spare.slot.index


def test_the_audit_flags_a_spare_that_never_reported(worker, monkeypatch):
    """A spare told no audit channel (as if its hook never ran) writes nothing: the notebook it
    serves is flagged, while the one before it, whose kernel reported, is not."""
    prestart.discard(sandbox.active())
    told = HiddenInputs._slot_environment

    def silent(self, state, box, slot):
        env, channel = told(self, state, box, slot)
        env.pop(audit.CONFIG_ENV)
        return env, channel

    monkeypatch.setattr(HiddenInputs, "_slot_environment", silent)
    graded = _grade(worker, "gus")
    assert not clock(graded["01_basics"])["kernels"][0]["prestarted"]
    assert _findings(graded["01_basics"]) == []
    assert clock(graded["02_vectors"])["kernels"][0]["prestarted"]
    assert [f["detail"] for f in _findings(graded["02_vectors"]) if f["route"] == "audit_channel"] == [
        "no kernel reported to the runtime audit"]
    prestart.discard(sandbox.active())  # told nothing: no later test may take it


def _writes_fifo(fifo: str, uid: int) -> bool:
    """Whether UID (switched to in a forked child, as a kernel is) can write a record to FIFO."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.write(fd, b'{"seq": 0, "pid": 1, "route": "reads_reference"}\n')
            os._exit(0)
        except OSError:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def test_a_slot_s_audit_channel_is_out_of_the_other_slot_s_reach():
    """A spare's channel is open while the other slot's student runs: that student must not
    write records into it (to get the next student flagged). Only the slot's own user may."""
    own, other = UID_RANGE[0] + 17, UID_RANGE[0] + 18
    under = Path(tempfile.mkdtemp(prefix="nncourse-prestart-test-"))
    os.chmod(under, 0o711)
    try:
        walled = audit.Channel.open(under, under=under, group=own, export=False)
        assert _writes_fifo(walled.config["fifo"], own)
        assert not _writes_fifo(walled.config["fifo"], other)
        assert [f["route"] for f in walled.close([])] == ["reads_reference"], "the own record arrived"
        open_to_all = audit.Channel.open(under, under=under, export=False)  # the one-slot channel
        assert _writes_fifo(open_to_all.config["fifo"], other), "the probe can fail"
        open_to_all.close([])
    finally:
        shutil.rmtree(under, ignore_errors=True)
