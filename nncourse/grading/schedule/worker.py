"""A grading worker: one process, one course copy, one gradebook copy, students one at a time.

Started by :mod:`.pool` as ``python -m nncourse.grading.schedule.worker``. It reads one
request per line on stdin and answers one line on stdout, in the messages of
:mod:`.protocol`: a :class:`~.protocol.Setup` first, then a
:class:`~.protocol.GradeRequest` per student, each followed by a
:class:`~.protocol.FeedbackRequest` for that student (so that a finished student is
complete, feedback included, and can be kept if the run is interrupted). Whatever one
request raises, the worker answers it (with the error) and serves the next.

The worker dies with the grader: it watches the pipe given as ``--lifeline FD``
(:mod:`.lifeline`) and, when the grader is gone, kills its sandbox and itself.

Grading a student is nbgrader's own ``Autograde`` converter (in-process, with
:mod:`.nbconfig`'s configuration), then ``GenerateFeedback`` for that student. When nbgrader
fails a student (it then deletes the whole autograded submission), each notebook
is autograded again on its own (``CourseDirectory.notebook_id``), so one broken
notebook costs only itself. A notebook that still fails is marked ``crashed``
and its grades are set to 0 in the gradebook (:func:`.merge.zero_notebooks`, as
nbgrader does for a missing notebook), so every submitted notebook has a record.

Kernels never see the worker's stdin/stdout (the launcher points them at
``/dev/null``); the worker also moves its own stdout aside so that nothing but
answers reaches the parent.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sqlite3
import sys
import time
from pathlib import Path
from typing import IO, Any

from nbgrader.converters import Autograde, GenerateFeedback
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import capture_log
from sqlalchemy import event
from sqlalchemy.engine import Engine
from traitlets.config import Config

from .. import prestart, sandbox
from ..nbconfig import worker_config
from ..options import GradingOptions
from ..sandbox import disk
from ..status import NotebookStatus
from . import lifeline
from .merge import zero_notebooks
from .protocol import (
    FeedbackAnswer,
    FeedbackRequest,
    GradeAnswer,
    GradeRequest,
    Ready,
    decode_request,
    decode_setup,
    encode,
)


def _commit_without_fsync(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous = OFF")


def commit_gradebook_without_fsync() -> None:
    """Have every sqlite connection nbgrader opens in this process commit without an fsync.

    nbgrader commits about 26 times per notebook (once per graded cell in ``SaveAutoGrades``,
    and in its other preprocessors), each commit an fsync of the journal and of the
    database: 181 commits, 0.89 s per student under cProfile on a loaded machine (0.04 s
    without the fsync). The only gradebook a worker opens is its course copy's, scratch in
    the run's temporary folder: with ``synchronous = OFF`` each commit still reaches the
    operating system, so a killed worker loses nothing committed (only a crash of the
    machine could, and that ends the run and its folder).
    A finished student is kept by :func:`.merge.export_student`, whose own connection
    keeps sqlite's durable default.
    """
    if not event.contains(Engine, "connect", _commit_without_fsync):
        event.listen(Engine, "connect", _commit_without_fsync)


class Worker:
    """Grades students in the course copy ROOT (already holding a generated gradebook)."""

    def __init__(self, root: Path, options: GradingOptions, pythonpath: list[str] = ()) -> None:
        self.root = Path(root).resolve()
        self.options = options
        self.assignment = options.assignment
        self.config: Config = worker_config(self.root, options)
        commit_gradebook_without_fsync()
        if options.sandbox:
            box = sandbox.Sandbox(
                self.root.parent / f"{self.root.name}-sandbox",
                options.limits,
                pythonpath=pythonpath,
                packages=options.kernel_visible_packages(),
                walled=options.walled,
                slots=2 if options.prestart_kernel else 1,
            )
            os.environ.update(box.env)
            sandbox.activate(box)

    def _coursedir(self, student: str, notebook: str = "*") -> CourseDirectory:
        coursedir = CourseDirectory(config=self.config)
        coursedir.root = str(self.root)
        coursedir.assignment_id = self.assignment
        coursedir.student_id = student
        coursedir.notebook_id = notebook
        return coursedir

    def _run(self, converter_cls: type, student: str, notebook: str = "*") -> dict[str, Any]:
        app = converter_cls(coursedir=self._coursedir(student, notebook), config=self.config)
        app.force = True
        if converter_cls is Autograde:
            app.create_student = True
        return capture_log(app)

    def feedback(self, student: str) -> FeedbackAnswer:
        """nbgrader's GenerateFeedback for STUDENT (``*``: every student autograded here)."""
        if not (self.root / "autograded" / ("" if student == "*" else student)).is_dir():
            return FeedbackAnswer()
        result = self._run(GenerateFeedback, student)
        return FeedbackAnswer({} if result["success"] else {"feedback": result.get("error", "")})

    def _autograded(self, student: str) -> Path:
        return self.root / "autograded" / student / self.assignment

    def grade(self, student: str, submitted: Path) -> GradeAnswer:
        """Autograde STUDENT, whose notebooks are in SUBMITTED (feedback comes later: :meth:`feedback`)."""
        start = time.monotonic()
        dest = self.root / "submitted" / student / self.assignment
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(submitted, dest)
        names = sorted(p.stem for p in dest.glob("*.ipynb"))
        errors: dict[str, str] = {}
        result = self._run(Autograde, student)
        if not result["success"] or not all(
            (self._autograded(student) / f"{n}.ipynb").exists() for n in names
        ):
            errors["*"] = result.get("error", "")
            for name in names:
                if not (self._autograded(student) / f"{name}.ipynb").exists():
                    retry = self._run(Autograde, student, name)
                    if not retry["success"]:
                        errors[name] = retry.get("error", "") or retry.get("log", "")
        status = {
            n: NotebookStatus.GRADED
            if (self._autograded(student) / f"{n}.ipynb").exists()
            else NotebookStatus.CRASHED
            for n in names
        }
        crashed = [n for n, s in status.items() if s == NotebookStatus.CRASHED]
        if not crashed:
            errors.pop("*", None)  # the notebooks that failed together passed on their own
        if crashed:
            zero_notebooks(self.config.CourseDirectory.db_url, self.assignment, student, crashed)
        return GradeAnswer(student, status, errors, round(time.monotonic() - start, 2))


def answer(worker: Worker, request: GradeRequest | FeedbackRequest) -> GradeAnswer | FeedbackAnswer:
    """WORKER's answer to REQUEST; an exception becomes the answer's error (the worker survives
    whatever one student does)."""
    try:
        if isinstance(request, FeedbackRequest):
            return worker.feedback(request.student)
        return worker.grade(request.student, Path(request.submitted))
    except Exception as exc:
        if isinstance(request, FeedbackRequest):
            logging.exception("writing the feedback failed")
            return FeedbackAnswer({"*": repr(exc)})
        logging.exception("grading %s failed", request.student)
        return GradeAnswer(request.student, errors={"*": repr(exc)}, seconds=0)


def _protocol_streams() -> tuple[IO[str], IO[str]]:
    """Private copies of stdin/stdout for the protocol; the real fds go to /dev/null and stderr."""
    requests = os.fdopen(os.dup(0), "r")
    answers = os.fdopen(os.dup(1), "w")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return requests, answers


def _end_with_the_grader() -> None:
    """The grader is gone: kill the sandbox's processes, the fork server and this worker."""
    box = sandbox.active()
    if box is not None:
        box.stop_watch()
        box.kill_every_slot()
        # removed once this worker is gone: its main thread may still be making a slot's folders
        # (before 2026-12-02 one made after this removal was left behind)
        disk.remove_once_gone(box.own_home_folder, os.getpid())
    os.killpg(os.getpgrp(), signal.SIGKILL)  # this worker and its fork server (one group)


def main(argv: list[str]) -> None:
    """Serve grading requests (see the module docstring); ARGV: ``--lifeline FD``."""
    # first, while this process has one thread: the kernels' disk walls are mounted in a mount
    # namespace of this worker's, which ends with it (sandbox/disk.py)
    own_namespace = disk.enter_own_mount_namespace()
    if argv[:1] == ["--lifeline"]:
        lifeline.watch(int(argv[1]), _end_with_the_grader)
    requests, answers = _protocol_streams()
    logging.basicConfig(level=logging.INFO, format="[worker %(asctime)s] %(message)s")
    if not own_namespace:
        logging.warning("no mount namespace of this worker's own (unshare refused): the kernels' "
                        "disk is bounded per file only (RLIMIT_FSIZE), not by --disk-limit")
    setup = decode_setup(requests.readline())
    worker = Worker(Path(setup.root), GradingOptions.from_json(setup.options), setup.pythonpath)
    box = sandbox.active()
    home = str(box.own_home_folder) if box and box.own_home_folder else None
    answers.write(encode(Ready(uids=box.uids if box else [], home=home)))
    answers.flush()
    for line in requests:
        if not line.strip():
            continue
        answers.write(encode(answer(worker, decode_request(line))))
        answers.flush()
    if box is not None:
        prestart.discard(box)  # a kernel started for a notebook that never came
        box.close()


if __name__ == "__main__":
    main(sys.argv[1:])
