"""Grade on a running Dask cluster: the client side (``nncourse grade --scheduler tcp://HOST:PORT``).

:class:`DaskPool` has the local :class:`~.pool.Pool`'s interface (``run(jobs, on_answer)``,
``graded_by``, ``feedback_errors``), so :mod:`..api` stores, merges and reports exactly as it
does for a local run. The unit of work is one student, one Dask task
(:func:`.dask_plugin.grade_student`):

* the course (the prepared course copy with its generated gradebook, and the course's
  Python packages) travels once, inside :class:`.dask_plugin.GradingPlugin`, as bytes;
* each student's notebooks travel as bytes in its task, and its kept outputs come back as
  bytes, unpacked here into a folder laid out like a worker's course copy, which
  :meth:`..store.ResultStore.save` keeps as it keeps a local worker's;
* students are dealt one at a time, no more in flight than the accepted workers have
  threads (those with most notebooks first), so a worker that dies was grading exactly the
  students it held, and only those are suspected.

Faults: Dask regrades the students of a worker that died on another worker. Dask counts a
death against every student the worker held, queued ones too; a student Dask gives up on
while another was running on the worker that died last is submitted again (at most
:data:`INNOCENT_RETRIES` times). A student whose grading killed a worker twice is ``crashed``
with that reason: the run sets the
scheduler's ``allowed_failures`` to :data:`ALLOWED_FAILURES` (1: one retry) and puts the
scheduler's own value back at the end. A scheduler that cannot be reached within
``connect_timeout`` seconds, or a cluster where no worker accepts the run, fails at once
with a message saying what to check. A worker whose environment differs is refused
(:mod:`.dask_env`) and its reason printed.

A cluster lost mid-run (:mod:`.cluster_loss`) ends the run as an interruption does, in one
line and its own exit status, keeping what is graded: the scheduler going away
(:class:`~.cluster_loss.SchedulerLost`), or no worker grading for ``worker_wait`` seconds
(:class:`~.cluster_loss.NoWorkers`; meanwhile a line says how to start one). Dask's own log
lines about these faults are said in the grader's words (:class:`_DaskWords`).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dask.config
from distributed import Client, Future, KilledWorker
from distributed.security import Security

from ..atomic import bounded_name
from ..options import GradingOptions
from ..store import course_packages
from . import dask_env, dask_transfer
from .cluster_loss import NoWorkers, SchedulerLost
from .dask_plugin import COURSE, PACKAGES, PLUGIN, TOPIC, GradingPlugin, grade_student
from .pool import GradedStudents, Job
from .protocol import GradeAnswer, decode_grade_answer

log = logging.getLogger(__name__)
ALLOWED_FAILURES = 1
#: times a student is submitted again when Dask gives up on it (KilledWorker) although it was not
#: the student running on the worker whose death was the last straw (it was queued there)
INNOCENT_RETRIES = 2
"""Worker deaths a student may cause before it is crashed, minus one (Dask's ``allowed-failures``)."""
ACCEPT_SECONDS = 120
"""How long to wait for the first worker to accept the run."""
STATUS_SECONDS = 30
"""Seconds between two lines saying what each worker does."""
ANSWER_SECONDS = 30
"""How long the start line waits for the other connected workers to accept or refuse the run
(each sets up the course first), so that the grading slots it counts are theirs too."""
NO_WORKER_NOTICE_SECONDS = 5
"""Seconds without a grading slot before the run says so (a nanny restarts a killed worker in
about this time)."""


def load_security(path: str | None, address: str) -> Security | None:
    """Dask's TLS settings from the YAML file PATH (``distributed: comm: tls: ...``), for ADDRESS."""
    if address.startswith("tls://") and not path:
        raise RuntimeError(
            f"--scheduler {address} needs --security FILE: a YAML file of Dask's TLS settings "
            "(distributed.comm.tls.ca-file, client.cert, client.key); see README 'Grading on a cluster'"
        )
    if not path:
        return None
    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"--security {path}: no such file")
    settings = dask.config.collect_yaml([str(file)])
    with dask.config.set(dask.config.merge(dask.config.config, *settings)):
        security = Security()
    if address.startswith("tls://") and not (security.tls_ca_file and security.tls_client_cert):
        raise RuntimeError(
            f"--security {path}: it sets no distributed.comm.tls.ca-file and client.cert (and client.key), "
            "which a tls:// scheduler needs"
        )
    return security


def connect(options: GradingOptions) -> Client:
    """A client of OPTIONS.scheduler; RuntimeError, saying what to check, if it cannot be reached."""
    address = options.scheduler or ""
    if not address.startswith(("tcp://", "tls://")):
        raise RuntimeError(f"--scheduler {address!r}: expected tcp://HOST:PORT or tls://HOST:PORT")
    security = load_security(options.security, address)
    try:
        return Client(address, timeout=options.connect_timeout, security=security, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise RuntimeError(
            f"cannot reach the Dask scheduler at {address} within {options.connect_timeout:g} s ({exc}); "
            "is `dask scheduler` running there, is its port open from this machine"
            + (", and are the TLS certificates those of the cluster?" if security else "?")
        ) from None


def pack_course(master: Path, course_source: Path) -> bytes:
    """The course copy MASTER (no submissions) and COURSE_SOURCE's packages, as one tar."""
    entries = [
        (entry, f"{COURSE}/{entry.name}")
        for entry in sorted(master.iterdir())
        if entry.name not in ("submitted", "autograded", "feedback")
    ]
    entries += [(package, f"{PACKAGES}/{package.name}") for package in course_packages(course_source)]
    return dask_transfer.pack(entries)


class _Workers:
    """The workers that accepted or refused this run, as the plugin's events tell."""

    def __init__(self, run: str, notice: Callable[[str], None]) -> None:
        self.run, self.notice = run, notice
        self.accepted: dict[str, int] = {}
        """Worker address -> its threads (grading slots)."""
        self.refused: dict[str, str] = {}
        self.running: dict[str, str] = {}
        """Worker address -> the student it started last (the one a death of that worker blames)."""
        self._lock = threading.Lock()

    def hear(self, event: tuple[float, dict[str, Any]]) -> None:
        message = event[1]
        if not isinstance(message, dict) or message.get("run") != self.run:
            return  # another run's (the scheduler keeps every topic's history)
        with self._lock:
            if "refused" in message and message["worker"] not in self.refused:
                self.refused[message["worker"]] = message["refused"]
                worker, host, why = message["worker"], message["host"], message["refused"]
                self.notice(f"refused Dask worker {worker} on {host}: {why}")
            elif "accepted" in message:
                self.accepted[message["worker"]] = message["accepted"]
            elif "started" in message:
                self.running[message["worker"]] = message["started"]

    def answered(self, alive: set[str]) -> bool:
        """Whether every worker of ALIVE has accepted or refused the run."""
        with self._lock:
            return alive <= set(self.accepted) | set(self.refused)

    def last_ran(self, student: str) -> str | None:
        """The worker that said it started STUDENT last, if any."""
        with self._lock:
            return next((w for w, s in reversed(self.running.items()) if s == student), None)

    def was_running(self, worker: str, student: str) -> bool:
        """Whether STUDENT is the last student WORKER said it started."""
        with self._lock:
            return self.running.get(worker) == student

    def slots(self, alive: set[str]) -> int:
        with self._lock:
            return sum(n for address, n in self.accepted.items() if address in alive)


class _DaskWords(logging.Filter):
    """Dask's client log lines about a lost worker or scheduler, in the grader's words.

    ``Couldn't gather 1 keys, rescheduling ('nncourse-grade-ada-...',)``: the worker holding a
    graded student's outputs died before they reached this machine; Dask grades it again.
    ``Failed to reconnect to scheduler ...``: said by the run's last line
    (:class:`~.cluster_loss.SchedulerLost`), so dropped.
    """

    def __init__(self, notice: Callable[[str], None]) -> None:
        super().__init__()
        self.notice = notice
        self.students: dict[str, str] = {}
        """Task key -> its student."""
        self.workers: _Workers | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        if text.startswith("Failed to reconnect to scheduler"):
            return False
        if text.startswith("Couldn't gather") and len(record.args or ()) == 2:
            for key in record.args[1]:
                student = self.students.get(str(key), str(key))
                worker = (self.workers.last_ran(student) if self.workers else None) or "a Dask worker"
                self.notice(f"Dask worker {worker} died holding the graded outputs of {student} before "
                            f"they reached this machine; {student} is graded again")
            return False
        return True


class DaskPool(GradedStudents):
    """Students graded on the Dask cluster of OPTIONS.scheduler (see the module docstring)."""

    def __init__(
        self,
        client: Client,
        master: Path,
        options: GradingOptions,
        course_source: Path,
        notice: Callable[[str], None] = log.info,
    ) -> None:
        super().__init__()
        self.client = client
        """From :func:`connect`, made before the course is prepared so that a wrong address fails at once."""
        self.master = master
        self.options = options
        self.course_source = Path(course_source)
        self.notice = notice
        self.received = master.parent / "from-dask"
        self.words = _DaskWords(notice)
        client_log = logging.getLogger("distributed.client")
        for earlier in [f for f in client_log.filters if isinstance(f, _DaskWords)]:
            client_log.removeFilter(earlier)  # an earlier run's, in this process
        client_log.addFilter(self.words)  # left on: Dask logs the lost scheduler after the run ends

    def run(
        self, jobs: list[Job], on_answer: Callable[[Job, GradeAnswer], None]
    ) -> dict[str, GradeAnswer]:
        """Grade JOBS on the cluster; call ON_ANSWER(job, answer) as each finishes; answers by student.

        On any exception (Ctrl-C, ON_ANSWER failing), the students in flight are cancelled and the
        plugin removed from the workers (their grading processes stop) before it propagates.
        Raises :class:`~.cluster_loss.SchedulerLost` when the scheduler goes away (nothing can be
        removed then: the workers' folders go with their local dirs) and
        :class:`~.cluster_loss.NoWorkers` after ``worker_wait`` seconds with no grading slot.
        """
        client = self.client
        run = uuid.uuid4().hex[:12]
        workers = _Workers(run, self.notice)
        self.words.workers = workers
        futures: dict[Future, Job] = {}
        saved_failures = None
        try:
            saved_failures = client.run_on_scheduler(_set_allowed_failures, value=ALLOWED_FAILURES)
            client.subscribe_topic(TOPIC, workers.hear)
            course = pack_course(self.master, self.course_source)
            plugin = GradingPlugin(
                run, course, dask_transfer.digest(course), dask_env.expected(), self.options.to_json()
            )
            client.register_plugin(plugin, name=PLUGIN)
            self._wait_for_a_worker(client, workers)
            alive = self._alive(client)
            self.notice(
                f"Dask scheduler {self.options.scheduler}: {len(alive)} workers, "
                f"{workers.slots(alive)} grading slots accepted; dashboard {client.dashboard_link}"
            )
            todo = sorted(jobs, key=lambda j: -j.notebooks)  # stable: ties keep their order
            return self._deal(client, workers, run, todo, futures, on_answer)
        except (OSError, TimeoutError):  # a comm closed (CommClosedError is an OSError) or timed out
            if client.status != "running":
                raise self._lost() from None
            raise
        finally:
            if client.status == "running":  # else the scheduler is gone, and with it what to undo
                self._undo(client, list(futures), saved_failures)

    def _lost(self) -> SchedulerLost:
        """The scheduler is gone: close the client with Dask's logging silenced, and say so.

        Closing stops the client's reconnection, and Dask logs each of its cancelled coroutines
        with a traceback (distributed.utils, .batched, .client): the run's one line says it all.
        """
        loggers = [logging.getLogger(name) for name in ("distributed", "distributed.client", "tornado")]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.setLevel(logging.CRITICAL + 1)
        try:
            self.client.close(timeout=self.options.connect_timeout)
        except Exception:  # closing a client whose scheduler is gone may fail any way
            pass
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)
        return SchedulerLost(self.options.scheduler or "")

    @staticmethod
    def _undo(client: Client, in_flight: list[Future], saved_failures: int | None) -> None:
        """Cancel IN_FLIGHT, remove the plugin and put the scheduler's ``allowed_failures`` back."""
        if in_flight:
            client.cancel(in_flight, force=True)
        try:
            client.unregister_worker_plugin(PLUGIN)  # teardown: grading processes stop, course removed
        except Exception as exc:  # the workers may be gone; their folders go with their local dirs
            log.warning("could not remove the grading plugin from the workers: %s", exc)
        if saved_failures is not None:
            client.run_on_scheduler(_set_allowed_failures, value=saved_failures)

    @staticmethod
    def _alive(client: Client) -> set[str]:
        """The addresses of the workers the scheduler knows. A client that lost its scheduler answers
        with empty information (no "workers": a KeyError and a traceback in CI, 2026-12-04): that is
        the scheduler's loss, raised as the comm error the run turns into its one line."""
        info = client.scheduler_info(n_workers=-1)
        if "workers" in info:
            return set(info["workers"])
        if client.status == "running":
            return set()  # no worker known yet: the worker wait decides
        raise OSError("the Dask scheduler's information is gone: the connection to it was lost")

    def _wait_for_a_worker(self, client: Client, workers: _Workers) -> None:
        """Until a worker accepts the run, then until every connected one has answered (bounded).

        Each worker sets the course up before it accepts, and the first may answer seconds before
        the others: counting the slots then said "2 workers, 1 grading slots accepted" of a
        cluster whose two workers both graded (the outside test of 2026-12-02).
        """
        deadline = time.monotonic() + ACCEPT_SECONDS
        while workers.slots(self._alive(client)) == 0:
            if time.monotonic() > deadline:
                refused = "; ".join(f"{w}: {why}" for w, why in workers.refused.items())
                raise RuntimeError(
                    f"no Dask worker of {self.options.scheduler} accepted the run within {ACCEPT_SECONDS} s"
                    + (f" (refused: {refused})" if refused else " (are workers started and connected?)")
                )
            time.sleep(0.5)
        deadline = time.monotonic() + ANSWER_SECONDS
        while not workers.answered(self._alive(client)) and time.monotonic() < deadline:
            time.sleep(0.2)

    def _deal(
        self,
        client: Client,
        workers: _Workers,
        run: str,
        todo: list[Job],
        futures: dict[Future, Job],
        on_answer: Callable[[Job, GradeAnswer], None],
    ) -> dict[str, GradeAnswer]:
        answers: dict[str, GradeAnswer] = {}
        retried: dict[str, int] = {}
        finished: queue.Queue[Future] = queue.Queue()
        last_status = 0.0
        no_slot_since: float | None = None
        seen: set[str] = set()
        while todo or futures:
            alive = self._alive(client)
            self._say_deaths(seen - alive, workers, futures)
            seen = alive
            slots = workers.slots(alive)
            now = time.monotonic()
            if slots:
                if no_slot_since is not None and now - no_slot_since >= NO_WORKER_NOTICE_SECONDS:
                    self.notice(f"  Dask: {len(alive)} workers again, {slots} grading slots: grading goes on")
                no_slot_since = None
            elif no_slot_since is None:
                no_slot_since = now
            elif now - no_slot_since >= self.options.worker_wait:
                raise NoWorkers(self.options.scheduler or "", self.options.worker_wait)
            while todo and len(futures) < max(1, slots):
                job = todo.pop(0)
                submission = dask_transfer.pack([(job.submitted, ".")])
                key = f"nncourse-grade-{job.student}-{run}-{retried.get(job.student, 0)}"
                future = client.submit(grade_student, job.student, submission, job.notebooks, key=key,
                                       pure=False, retries=0)
                futures[future] = job
                self.words.students[str(future.key)] = job.student
                future.add_done_callback(finished.put)
            if no_slot_since is not None and now - no_slot_since >= NO_WORKER_NOTICE_SECONDS:
                if now - last_status >= STATUS_SECONDS or last_status < no_slot_since:
                    last_status = now
                    self.notice(self._no_worker_notice(len(answers), now - no_slot_since))
            elif now - last_status >= STATUS_SECONDS:
                last_status = now
                self.notice(self._status(client, futures, alive))
            try:
                done = [finished.get(timeout=2)]
            except queue.Empty:
                continue
            while not finished.empty():
                done.append(finished.get_nowait())
            for future in done:
                job = futures.pop(future)
                if self._innocent(job, future, workers) and retried.get(job.student, 0) < INNOCENT_RETRIES:
                    retried[job.student] = retried.get(job.student, 0) + 1
                    log.warning("%s was queued on a Dask worker that died grading another student: "
                                "submitted again", job.student)
                    todo.insert(0, job)
                    continue
                answer = self._answer(job, future)
                answers[job.student] = answer
                on_answer(job, answer)
        return answers

    def _say_deaths(self, gone: set[str], workers: _Workers, futures: dict[Future, Job]) -> None:
        """A line for each worker of GONE that was grading a student still in FUTURES (Dask regrades it)."""
        in_flight = {job.student for job in futures.values()}
        for worker in sorted(gone):
            student = workers.running.get(worker)
            if student in in_flight:
                self.notice(f"Dask worker {worker} died while grading {student}; {student} is graded again")

    def _no_worker_notice(self, graded: int, waited: float) -> str:
        """What to do when no worker grades: GRADED students of this run are done, WAITED s so far."""
        address = self.options.scheduler
        left = max(0.0, self.options.worker_wait - waited)
        return (f"  Dask: no worker grades for this run (all gone or refused): start one with `dask worker "
                f"{address}`, or press Ctrl-C to stop and keep what is graded ({graded} in this run); "
                f"the run stops by itself in {left:.0f} s (--worker-wait {self.options.worker_wait:g})")

    def _status(self, client: Client, futures: dict[Future, Job], alive: set[str]) -> str:
        students = {future.key: job.student for future, job in futures.items()}
        doing = {w: [students.get(k, str(k)) for k in keys] for w, keys in client.processing().items()}
        parts = [f"{w} grading {', '.join(doing[w])}" if doing.get(w) else f"{w} idle" for w in sorted(alive)]
        return f"  Dask: {len(alive)} workers: " + "; ".join(parts)

    @staticmethod
    def _innocent(job: Job, future: Future, workers: _Workers) -> bool:
        """Whether Dask gave up on JOB for a worker death while another student was running there."""
        error = future.exception() if future.status == "error" else None
        if not isinstance(error, KilledWorker):
            return False
        return not workers.was_running(error.last_worker.address, job.student)

    def _answer(self, job: Job, future: Future) -> GradeAnswer:
        """JOB's answer from its finished FUTURE; its outputs unpacked for the store."""
        if future.status == "finished":
            result = future.result()
            answer = decode_grade_answer(result["answer"])
            self.graded_on[job.student] = result["worker"]
            if result["feedback_errors"] is not None:
                folder = self.received / bounded_name(job.student, suffix=f"-{uuid.uuid4().hex[:8]}")
                dask_transfer.unpack(result["outputs"], folder)
                self.graded_by[job.student] = folder
                self.feedback_errors[job.student] = result["feedback_errors"]
            return answer
        error = future.exception() if future.status == "error" else None
        if isinstance(error, KilledWorker):
            reason = (
                f"grading {job.student} killed a Dask worker {ALLOWED_FAILURES + 1} times "
                f"(the last: {error.last_worker.address}); not retried"
            )
        elif error is not None:
            reason = f"the Dask task failed: {error!r}"
        elif future.status == "cancelled" and self.client.status != "running":
            raise self._lost()  # the client cancels every future when it loses the scheduler
        else:
            raise RuntimeError(f"the Dask scheduler lost the task of {job.student} ({future.status})")
        log.error("%s", reason)
        return GradeAnswer(job.student, errors={"*": reason})


def _set_allowed_failures(value: int, dask_scheduler: Any = None) -> int:
    """On the scheduler: set its ``allowed_failures`` to VALUE; return the one it had."""
    previous = dask_scheduler.allowed_failures
    dask_scheduler.allowed_failures = value
    return previous
