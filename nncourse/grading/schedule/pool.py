"""Run grading workers in parallel and hand them students one at a time.

Each of the N workers (:mod:`.worker`) is a separate Python process with its own
copy of the course folder and of the freshly generated gradebook (nbgrader
grades one student at a time and its sqlite gradebook is not meant for
concurrent writers, nbgrader issue #174). Students are dealt from one queue, so
a slow submission does not hold up a whole shard; those with the most notebooks
go first, so that a long submission does not start last and leave the other
workers idle at the end.

Each student's feedback pages are written right after it is graded, so a student is
complete when ON_ANSWER hears of it (and can be kept, :mod:`..store`).

A worker that dies, or does not answer within the student's deadline, is
killed (its process group and its sandbox user's processes) and replaced; the
student it was grading is reported as crashed and the others carry on. The
pool remembers which worker graded which student, for :mod:`.merge`.

Workers die with the grader (:mod:`.lifeline`). If the caller is interrupted
(Ctrl-C) or ON_ANSWER raises (e.g. the disk is full), no more students are dealt,
every worker is killed with its kernels, and the exception propagates.
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..course import nbgrader_env
from ..options import GradingOptions
from ..sandbox import HOME_PREFIX, PACKAGE_PARENT, kill_uid
from . import lifeline
from .protocol import (
    FeedbackAnswer,
    FeedbackRequest,
    GradeAnswer,
    GradeRequest,
    Message,
    Setup,
    decode_feedback_answer,
    decode_grade_answer,
    decode_ready,
    encode,
)

log = logging.getLogger(__name__)
Answer = GradeAnswer | FeedbackAnswer


@dataclass
class Job:
    """One student to grade."""

    student: str
    submitted: Path
    notebooks: int


class WorkerProcess:
    """A running :mod:`.worker` process and the pipe to it."""

    def __init__(self, root: Path, options: GradingOptions, log_file: Path, pythonpath: list[str]) -> None:
        self.root = root
        env = nbgrader_env(
            {"PYTHONPATH": os.pathsep.join([PACKAGE_PARENT, os.environ.get("PYTHONPATH", "")])}
        )
        self._log = open(log_file, "ab")  # closed in close()
        lifeline_fd = lifeline.grader_end()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "nncourse.grading.schedule.worker", "--lifeline", str(lifeline_fd)],
            pass_fds=(lifeline_fd,),
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            start_new_session=True,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self._send(Setup(str(root), options.to_json(), list(pythonpath)))
        line = self._receive(timeout=120)
        ready = decode_ready(line) if line else None
        if ready is None or not ready.ready:
            self.close()
            raise RuntimeError(f"grading worker in {root} did not start; see {log_file}")
        self.uids = list(ready.uids)
        home = ready.home
        self.home = home if home and Path(home).name.startswith(HOME_PREFIX) else None

    def _read(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _send(self, message: Message) -> None:
        self.proc.stdin.write(encode(message))
        self.proc.stdin.flush()

    def _receive(self, timeout: float) -> str | None:
        """The worker's next line; None if it died (its pipe closed) or said nothing for TIMEOUT seconds."""
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            log.warning("grading worker in %s gave no answer within %.0f s", self.root, timeout)
            return None

    def grade(self, job: Job, timeout: float) -> GradeAnswer | None:
        """The worker's answer for JOB, or None if it died or timed out."""
        try:
            self._send(GradeRequest(job.student, str(job.submitted)))
        except (BrokenPipeError, OSError):
            return None
        line = self._receive(timeout)
        return decode_grade_answer(line) if line else None

    def feedback(self, timeout: float, student: str = "*") -> FeedbackAnswer | None:
        """Have the worker write the feedback of STUDENT (``*``: all its students); its answer, or None."""
        try:
            self._send(FeedbackRequest(student))
        except (BrokenPipeError, OSError):
            return None
        line = self._receive(timeout)
        return decode_feedback_answer(line) if line else None

    def close(self, kill: bool = False) -> None:
        """Stop the worker (at once if KILL) and everything its kernels left."""
        if not kill and self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                log.warning("grading worker in %s did not stop within 30 s; killing it", self.root)
                kill = True
        if kill or self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        for uid in getattr(self, "uids", []):
            kill_uid(uid)
        if getattr(self, "home", None):
            shutil.rmtree(self.home, ignore_errors=True)  # the worker's own close() may not have run
        self._log.close()


def worker_root(master: Path, index: int) -> Path:
    """A fresh copy of the course folder MASTER for worker INDEX (without any submission)."""
    root = master.parent / "workers" / f"w{index}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(master, root, ignore=shutil.ignore_patterns("submitted", "autograded", "feedback"))
    return root


class Slot:
    """One worker position: a course root and the process serving it, started on demand and
    replaced when it dies."""

    def __init__(self, root: Path, options: GradingOptions, pythonpath: list[str]) -> None:
        self.root, self.options, self.pythonpath = root, options, pythonpath
        self.log_file = root.parent / f"{root.name}.log"
        self.process: WorkerProcess | None = None

    def _call(self, ask: Callable[[WorkerProcess], Answer | None], what: str) -> Answer | None:
        try:
            if self.process is None:
                self.process = WorkerProcess(self.root, self.options, self.log_file, self.pythonpath)
            answer = ask(self.process)
        except Exception as exc:
            log.error("worker %s failed on %s: %s", self.root.name, what, exc)
            answer = None
        if answer is None:
            self.close(kill=True)
        return answer

    def grade(self, job: Job) -> GradeAnswer | None:
        return self._call(lambda p: p.grade(job, self.options.student_deadline(job.notebooks)), job.student)

    def feedback(self, student: str) -> FeedbackAnswer | None:
        return self._call(lambda p: p.feedback(self.options.startup_seconds + 30, student), "feedback")

    def grade_with_feedback(self, job: Job) -> tuple[GradeAnswer, dict[str, str] | None]:
        """Grade JOB, then write its feedback: the answer, and the feedback's errors (empty: the
        pages were written; None: the worker died or passed the deadline, and the answer says so)."""
        answer = self.grade(job)
        if answer is None:
            died = f"the grading worker died or exceeded its deadline; see {self.log_file}"
            return GradeAnswer(job.student, errors={"*": died}), None
        feedback = self.feedback(job.student) or FeedbackAnswer({"*": "the worker died"})
        return answer, feedback.errors

    def close(self, kill: bool = False) -> None:
        if self.process is not None:
            process, self.process = self.process, None
            process.close(kill=kill)


class GradedStudents:
    """What a pool (this one, or :class:`.dask_pool.DaskPool`) tells :mod:`..api` of its students."""

    def __init__(self) -> None:
        self.graded_by: dict[str, Path] = {}
        """Student -> the course copy (a worker's, or one unpacked from a Dask task) holding its outputs."""
        self.feedback_errors: dict[str, dict[str, str]] = {}
        """Student -> errors of its feedback run (empty: the pages were written)."""
        self.graded_on: dict[str, str] = {}
        """Student -> the machine that graded it, when that is not this one (:mod:`.dask_pool`)."""


WORKER_MEMORY_MB = 200
"""What one local worker holds besides its kernels (PSS, toy course, 2026-12-02: 334, 520 and 717 MiB
for 1, 2 and 3 workers)."""


def local_workers(asked: int, students: int) -> int:
    """The local workers a run starts: as ASKED, never more than the STUDENTS to grade (a worker
    grades one student at a time, so more would only start and stop), and at least one."""
    return max(1, min(asked, students))


def more_than_cores(
    asked: int, students: int, options: GradingOptions, cores: int | None = None
) -> str | None:
    """One line for the instructor when ASKED workers are more than this machine's CORES (None
    otherwise): how many are started, and what the ones past the cores cost."""
    cores = cores or os.cpu_count() or 1
    if asked <= cores:
        return None
    count = local_workers(asked, students)
    return (f"--workers {asked} is more than this machine's {cores} cores: starting {count} "
            f"(one per student at most); workers past {cores} share the cores, and each holds about "
            f"{WORKER_MEMORY_MB} MiB and kernels of up to {options.limits.memory_mb} MiB")


class Pool(GradedStudents):
    """N workers grading a queue of students."""

    def __init__(self, master: Path, options: GradingOptions, pythonpath: list[str] = ()) -> None:
        super().__init__()
        self.master = master
        self.options = options
        self.pythonpath = list(pythonpath)

    def run(
        self, jobs: list[Job], on_answer: Callable[[Job, GradeAnswer], None]
    ) -> dict[str, GradeAnswer]:
        """Grade JOBS; call ON_ANSWER(job, answer) as each finishes; return answers by student.

        On an exception in the caller's thread (e.g. Ctrl-C) or in ON_ANSWER, every worker
        is killed before it propagates: workers and kernels run in sessions of their own
        and would not see the terminal's signal.
        """
        todo: queue.Queue[Job] = queue.Queue()
        for job in sorted(jobs, key=lambda j: -j.notebooks):  # stable: ties keep their order
            todo.put(job)
        answers: dict[str, GradeAnswer] = {}
        lock = threading.Lock()
        stop = threading.Event()
        failures: list[BaseException] = []
        count = local_workers(self.options.workers, len(jobs))
        slots = [Slot(worker_root(self.master, i), self.options, self.pythonpath) for i in range(count)]

        def grade_one(slot: Slot, job: Job) -> None:
            answer, feedback_errors = slot.grade_with_feedback(job)
            with lock:
                if feedback_errors is not None:
                    self.graded_by[job.student] = slot.root
                    self.feedback_errors[job.student] = feedback_errors
                answers[job.student] = answer
                if not stop.is_set():
                    on_answer(job, answer)

        def serve(slot: Slot) -> None:
            try:
                while not stop.is_set():
                    try:
                        job = todo.get_nowait()
                    except queue.Empty:
                        break
                    grade_one(slot, job)
            except BaseException as exc:  # ON_ANSWER failed: stop the whole run
                failures.append(exc)
                stop.set()
            finally:
                # Killed even when done: the worker is idle (its students' rows are committed and
                # kept), and killing its group, its uid and its home is the whole clean-up, while a
                # polite exit waits for the worker and its fork server to tear down their
                # interpreters (2.7-5 s on a busy machine), which held up the end of every run.
                slot.close(kill=True)

        threads = [
            threading.Thread(target=serve, args=(slot,), name=f"grader-{slot.root.name}") for slot in slots
        ]
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                while thread.is_alive() and not stop.is_set():
                    thread.join(0.2)
        except BaseException as exc:
            failures.insert(0, exc)
        if failures:
            stop.set()
            for slot in slots:
                slot.close(kill=True)
            for thread in threads:
                thread.join(30)
            raise failures[0]
        return answers
