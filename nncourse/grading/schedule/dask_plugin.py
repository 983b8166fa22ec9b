"""On each Dask worker: what a local grading worker has, set up by a worker plugin; one task per student.

:class:`GradingPlugin` travels from the client to every Dask worker (those running now
and those that join later) with the course as bytes: the prepared course copy (release,
``nbgrader_config.py`` and the generated gradebook) and the course's own Python packages
that kernels import. Its ``setup``:

1. refuses the worker, naming every difference, when its environment is not the client's
   (:mod:`.dask_env`) or the course bytes arrived damaged: it says so on the event topic
   :data:`TOPIC` (the client prints it) and closes the worker and its nanny, so that it
   takes no student;
2. otherwise unpacks the course into the worker's local folder and makes one
   :class:`~.pool.Slot` per worker thread: each slot is a course copy served by one
   ``schedule/worker.py`` process, spoken to in :mod:`.protocol` exactly as the local
   pool does (same sandbox, fork server, deadline, lifeline), started on the first student.

:func:`grade_student` is the task: one student's submission (bytes) in; its answer, its
feedback errors and its kept outputs (gradebook rows from :func:`.merge.export_student`,
autograded notebooks, feedback pages: bytes) out. The gradebook and the reference stay
in the worker process and its course copy, outside the kernels, as on the client.

``teardown`` (the client unregisters the plugin at the end of the run) stops the grading
processes and removes the course. A Dask worker killed with SIGKILL takes its grading
processes with it (:mod:`.lifeline`).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import shutil
import socket
import tempfile
import uuid
from pathlib import Path
from typing import Any

from distributed import Reschedule, WorkerPlugin, get_worker

from ..atomic import bounded_name
from ..options import GradingOptions
from . import dask_env, dask_transfer
from .merge import export_student
from .pool import Job, Slot, worker_root
from .protocol import encode

log = logging.getLogger(__name__)
PLUGIN = "nncourse-grading"
"""The plugin's name on the workers."""
TOPIC = "nncourse-grading"
"""The Dask event topic where workers say they accepted or refused a run."""
COURSE = "course"
PACKAGES = "packages"


class GradingPlugin(WorkerPlugin):
    """Sets up grading for run RUN on a Dask worker (see the module docstring)."""

    name = PLUGIN

    def __init__(
        self, run: str, course: bytes, course_digest: str, expected: dask_env.Expected, options: dict
    ) -> None:
        self.run = run
        self.course = course
        self.course_digest = course_digest
        self.expected = expected
        self.options = options
        self.refused: str | None = None
        self.folder: Path | None = None
        self.slots: queue.Queue[Slot] = queue.Queue()
        """The free slots."""
        self.every_slot: list[Slot] = []
        self.assignment = GradingOptions.from_json(options).assignment

    def __getstate__(self) -> dict[str, Any]:
        # only what the client set travels; the worker builds the rest in setup()
        return {k: getattr(self, k) for k in ("run", "course", "course_digest", "expected", "options")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)

    def _event(self, worker: Any, **message: Any) -> None:
        worker.log_event(TOPIC, {"run": self.run, "worker": worker.address, "host": socket.gethostname(),
                                 **message})

    async def setup(self, worker: Any) -> None:
        problems = dask_env.differences(self.expected)
        if dask_transfer.digest(self.course) != self.course_digest:
            problems.append("the course arrived damaged (its sha256 differs from the client's)")
        if problems:
            self.refused = "; ".join(problems)
            log.error("refusing to grade: %s", self.refused)
            self._event(worker, refused=self.refused)
            # after setup returns, so that the scheduler hears the refusal before the worker goes
            asyncio.get_running_loop().call_later(
                1.0, lambda: asyncio.ensure_future(worker.close(nanny=True, reason="nncourse: refused"))
            )
            return
        self.folder = Path(tempfile.mkdtemp(prefix="nncourse-dask-", dir=worker.local_directory))
        dask_transfer.unpack(self.course, self.folder)
        master = self.folder / COURSE
        options = GradingOptions.from_json(self.options)
        pythonpath = [str(self.folder / PACKAGES)]
        for index in range(worker.state.nthreads):
            self.every_slot.append(Slot(worker_root(master, index), options, pythonpath))
            self.slots.put(self.every_slot[-1])
        self._event(worker, accepted=worker.state.nthreads)

    def teardown(self, worker: Any) -> None:
        # busy slots too: a run that stopped (Ctrl-C) leaves no student grading for nobody
        for slot in self.every_slot:
            slot.close(kill=True)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def grade(self, student: str, submission: bytes, notebooks: int) -> dict[str, Any]:
        """Grade STUDENT in a free slot (see :func:`grade_student`)."""
        slot = self.slots.get()
        incoming = self.folder / "incoming" / bounded_name(student, suffix=f"-{uuid.uuid4().hex[:8]}")
        try:
            dask_transfer.unpack(submission, incoming)
            answer, feedback_errors = slot.grade_with_feedback(Job(student, incoming, notebooks))
            outputs = b""
            if feedback_errors is not None:
                outputs = self._outputs(slot.root, student, incoming)
            else:
                answer.errors["*"] += f" (on Dask worker host {socket.gethostname()})"
            return {"answer": encode(answer), "feedback_errors": feedback_errors, "outputs": outputs,
                    "worker": get_worker().address}
        finally:
            shutil.rmtree(incoming, ignore_errors=True)
            self.slots.put(slot)

    def _outputs(self, root: Path, student: str, scratch: Path) -> bytes:
        """STUDENT's kept outputs in ROOT as :meth:`..store.ResultStore.save` reads a course copy."""
        fragment = scratch / "gradebook.db"
        export_student(root / "gradebook.db", student, fragment)
        entries = [
            (fragment, "gradebook.db"),
            (root / "autograded" / student, f"autograded/{student}"),
            (root / "feedback" / student / self.assignment, f"feedback/{student}/{self.assignment}"),
        ]
        data = dask_transfer.pack(entries)
        for folder in ("submitted", "autograded", "feedback"):
            shutil.rmtree(root / folder / student, ignore_errors=True)  # kept by the client now
        return data


def grade_student(student: str, submission: bytes, notebooks: int) -> dict[str, Any]:
    """The Dask task: grade STUDENT, whose notebooks SUBMISSION holds (a tar, :mod:`.dask_transfer`).

    Returns ``answer`` (a :class:`~.protocol.GradeAnswer` line), ``feedback_errors`` (None if
    the grading process died or passed the deadline), ``outputs`` (tar bytes, empty then) and
    ``worker`` (the Dask worker's address).
    """
    worker = get_worker()
    plugin = worker.plugins.get(PLUGIN)
    if plugin is None or plugin.refused is not None or plugin.folder is None:
        raise Reschedule()  # this worker is leaving (refused) or not set up: another takes the student
    # Told to the client, so that when this worker dies only the student it was running is blamed
    # (Dask counts a death against every task the worker held, queued ones too).
    worker.log_event(TOPIC, {"run": plugin.run, "worker": worker.address, "started": student})
    return plugin.grade(student, submission, notebooks)

