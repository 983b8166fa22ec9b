"""The pool and its worker processes, on their own: real processes, no nbgrader grading.

Each test starts real ``python -m nncourse.grading.schedule.worker`` processes
(without the sandbox) in a bare course folder. The requests are chosen so that
nbgrader never gets to autograde anything: what is tested is the pool's and the
protocol's own work (answers for every job, dead workers replaced, errors
answered instead of killing the worker).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nncourse.grading import GradingOptions
from nncourse.grading.schedule.pool import Job, Pool, WorkerProcess, worker_root
from nncourse.grading.schedule.protocol import FeedbackAnswer, GradeAnswer

OPTIONS = GradingOptions(assignment="toy", workers=2, sandbox=False)


def _course(root: Path, config: str = "") -> Path:
    root.mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(f"c = get_config()\n{config}")
    return root


@pytest.fixture
def worker(tmp_path):
    """A worker whose nbgrader cannot even build a GenerateFeedback (a bad config value)."""
    root = _course(tmp_path / "w0", "c.GenerateFeedback.force = 'not a bool'\n")
    (root / "autograded").mkdir()  # there is something to write feedback for
    process = WorkerProcess(root, OPTIONS, tmp_path / "w0.log", [])
    yield process
    process.close()


def test_a_failing_feedback_request_is_answered_and_the_worker_survives(worker):
    answer = worker.feedback(timeout=60)
    assert isinstance(answer, FeedbackAnswer), "the worker died on a feedback request"
    assert "TraitError" in answer.errors["*"]
    assert worker.proc.poll() is None
    again = worker.feedback(timeout=60)
    assert again is not None and again.errors.keys() == {"*"}


def test_a_failing_grade_request_is_answered_for_its_student(worker, tmp_path):
    answer = worker.grade(Job("ada", tmp_path / "no such folder", 1), timeout=60)
    assert answer == GradeAnswer("ada", {}, answer.errors, 0)
    assert "FileNotFoundError" in answer.errors["*"] and not answer.ok


def test_every_job_is_answered_and_feedback_runs_for_each_graded_student(tmp_path):
    master = _course(tmp_path / "course")
    (master / "submitted" / "old").mkdir(parents=True)
    jobs = [Job(f"s{i}", tmp_path / "missing" / f"s{i}", i) for i in range(3)]
    seen: list[str] = []
    pool = Pool(master, OPTIONS)
    answers = pool.run(jobs, lambda job, answer: seen.append(job.student))

    assert sorted(answers) == sorted(seen) == ["s0", "s1", "s2"]
    assert all(a.student == s and "*" in a.errors for s, a in answers.items())
    workers = {pool.graded_by[s] for s in answers}
    assert workers <= {master.parent / "workers" / "w0", master.parent / "workers" / "w1"}
    assert pool.feedback_errors == {s: {} for s in answers}  # nothing autograded: no pages
    assert not (master.parent / "workers" / "w0" / "submitted").exists()


def test_one_worker_takes_the_students_with_the_most_notebooks_first(tmp_path):
    master = _course(tmp_path / "course")
    jobs = [Job(name, tmp_path / "missing", n) for name, n in (("few", 1), ("most", 7), ("some", 3))]
    seen: list[str] = []
    Pool(master, GradingOptions(assignment="toy", workers=1, sandbox=False)).run(
        jobs, lambda job, answer: seen.append(job.student)
    )
    assert seen == ["most", "some", "few"]


def test_a_worker_past_its_deadline_is_replaced(tmp_path):
    master = _course(tmp_path / "course")
    # a job of 0 notebooks with no slack: its deadline is 0 s, so the pool gives up on the worker
    hurried = GradingOptions(assignment="toy", workers=1, sandbox=False, startup_seconds=0)
    jobs = [Job("late", tmp_path / "missing", 0), Job("next", tmp_path / "missing", 0)]
    pool = Pool(master, hurried)
    answers = pool.run(jobs, lambda job, answer: None)
    assert answers.keys() == {"late", "next"}, "a job was lost with the worker given up on"
    late = answers["late"]
    assert late.seconds is None and "died or exceeded its deadline" in late.errors["*"]
    assert "late" not in pool.graded_by  # its gradebook rows, if any, are not to be merged
    assert "late" not in pool.feedback_errors  # no feedback asked of a worker given up on


def test_worker_root_is_a_copy_of_the_course_without_submissions(tmp_path):
    master = _course(tmp_path / "course")
    for folder in ("submitted/ada", "autograded/ada", "feedback/ada", "source/toy"):
        (master / folder).mkdir(parents=True)
    root = worker_root(master, 3)
    assert root == tmp_path / "workers" / "w3"
    assert (root / "nbgrader_config.py").exists() and (root / "source" / "toy").is_dir()
    assert not any((root / f).exists() for f in ("submitted", "autograded", "feedback"))


def test_protocol_messages_are_one_json_line_each_and_read_back_typed():
    from nncourse.grading.schedule.protocol import (
        FeedbackRequest,
        GradeRequest,
        decode_grade_answer,
        decode_request,
        encode,
    )
    from nncourse.grading.status import NotebookStatus

    answer = GradeAnswer("ada", {"01": NotebookStatus.GRADED, "02": NotebookStatus.CRASHED}, {"02": "x"}, 1.5)
    line = encode(answer)
    assert line.endswith("\n") and line.count("\n") == 1 and '"01": "graded"' in line
    back = decode_grade_answer(line)
    assert back == answer and back.notebooks["02"] is NotebookStatus.CRASHED and not back.ok
    assert decode_request(encode(FeedbackRequest())) == FeedbackRequest()
    assert decode_request(encode(GradeRequest("bo", "/s/bo"))) == GradeRequest("bo", "/s/bo")
