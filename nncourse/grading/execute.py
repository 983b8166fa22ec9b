"""``ResilientExecute``: nbgrader's Execute preprocessor that survives what students do.

Registered in place of :class:`nbgrader.preprocessors.Execute` in
``Autograde.autograde_preprocessors``. It runs the cells one by one like
Execute (same kernel, same outputs, same error-on-timeout) and adds:

* a per-notebook time budget (``notebook_timeout``): each cell gets
  ``min(timeout, time left)``; cells after the budget is spent are not run;
* recovery: when the kernel dies (``os._exit``, a crash, a sandbox limit) or a
  cell cannot be interrupted, the cell gets an error output saying so, the kernel
  is restarted and the cells that ran before are replayed silently (all but the
  ones that killed or hung the kernel), so later cells are still executed and
  graded. At most ``max_restarts`` times; then the remaining cells are marked
  as not run;
* a cap on the output a cell may produce (``max_output_chars``), applied while
  it arrives, so a print loop cannot fill the grader's memory; errors and a
  ``stderr`` marker are kept, so the cap never changes a score;
* a guard on partial-credit outputs: a graded cell whose result is NaN,
  infinite or outside ``[0, points]`` scores 0 with a message (nbgrader 0.9.6
  gives NaN full marks and crashes on values above the cell's points);
* every cell that is not executed gets an error output, so nbgrader never
  grades an unexecuted test cell as passed;
* the locked instructor cells tagged ``skip-when-grading`` that only draw or
  print are not run (``skip_tagged``), when :mod:`.skipping` finds that no later
  cell of this submission uses what they define; they are left without outputs
  and marked :attr:`~.status.NotRunCause.SKIPPED`.

What happened is recorded with :mod:`.events`; where the seconds went (kernel
starts, cells, kernel shutdown) under ``TIMING_KEY`` in the notebook's grading
metadata (:func:`timing`), for the benchmark's profile; when each kernel was asked for
and ready, and when the notebook began and ended, under ``CLOCK_KEY`` (:func:`clock`). When
a :mod:`.sandbox` is active in the process, kernels start in it and it is told which
folder the kernel may write to. With a two-slot sandbox, once a notebook's kernel is ready
the next notebook's is started in the other slot (:mod:`.prestart`), and the next notebook
takes it instead of starting one; a pre-started kernel that died is replaced by a fresh start.
"""

from __future__ import annotations

import copy
import math
import signal
import time
from pathlib import Path
from queue import Empty
from time import monotonic
from typing import Any

from nbclient.client import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_hook, run_sync
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer

from . import events, prestart, sandbox, skipping
from .integrity.reference import GRADER_DATA_MIME, SLOT_ENVIRONMENT
from .options import GradingOptions
from .status import ErrorName, EventKind, NotRunCause

#: tries at starting a kernel before a notebook's cells are given up as not run
START_ATTEMPTS = 2
#: how long a new kernel's IOPub may take to deliver the status of a request it answered before
#: another request is sent (ZeroMQ's late subscriber: the status was sent before IOPub joined);
#: the status of any request sent counts, so a slow one costs a spare request, never a start
IOPUB_PROOF_SECONDS = 0.05

_SIGNAL_WORDS = {
    signal.SIGXCPU: "it used up its CPU time limit",
    signal.SIGKILL: "it was killed (usually: out of memory)",
    signal.SIGSEGV: "it crashed (segmentation fault in compiled code)",
    signal.SIGABRT: "it aborted (a crash in compiled code)",
    signal.SIGXFSZ: "it wrote a file larger than the limit",
}


TIMING_KEY = "timing"
CLOCK_KEY = "clock"


def timing(nb: NotebookNode | dict[str, Any]) -> dict[str, float]:
    """Seconds NB spent starting kernels (its own, and the worker's share of starting the next
    notebook's early: ``kernel_prestart``), in its cells and stopping kernels (empty: not recorded)."""
    return dict(nb.get("metadata", {}).get(events.METADATA_KEY, {}).get(TIMING_KEY, {}))


def clock(nb: NotebookNode | dict[str, Any]) -> dict[str, Any]:
    """When NB's grading began and ended and, for each kernel it used (restarts included), its
    sandbox slot, when it was asked for, when it was ready and whether it was pre-started
    (times: ``time.time()`` seconds; empty: not recorded)."""
    return dict(nb.get("metadata", {}).get(events.METADATA_KEY, {}).get(CLOCK_KEY, {}))


def error_output(ename: str, evalue: str) -> NotebookNode:
    """An nbformat error output with a one-line traceback."""
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def _content_size(content: dict[str, Any]) -> int:
    if "text" in content:
        return len(content["text"])
    return sum(len(str(v)) for v in content.get("data", {}).values())


class ResilientExecute(Execute):
    """nbgrader's Execute with a notebook budget, kernel recovery and an output cap."""

    notebook_timeout = Integer(
        GradingOptions.notebook_timeout,
        help="Seconds all the cells of one notebook may take together (<= 0: no limit)."
    ).tag(config=True)
    max_restarts = Integer(
        GradingOptions.max_restarts,
        help="Kernel restarts per notebook after a kernel death or an unstoppable cell."
    ).tag(config=True)
    max_output_chars = Integer(
        GradingOptions.max_output_chars,
        help="Characters of output kept per cell while it runs (-1: no limit)."
    ).tag(config=True)
    skip_tagged = Bool(
        GradingOptions.skip_tagged,
        help="Leave out the cells tagged skip-when-grading that nothing later needs."
    ).tag(config=True)

    # -- the notebook ----------------------------------------------------------
    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None) -> tuple[NotebookNode, Any]:
        """Execute NB's code cells, recovering from dead or stuck kernels."""
        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        budget = self.notebook_timeout if self.notebook_timeout > 0 else float("inf")
        self._deadline = monotonic() + budget
        self._history: list[int] = []
        self._culprits: set[int] = set()
        self._restarts = 0
        self._dead_reason: str | None = None
        """Why the cells left are not run (None while they are), in words for the student."""
        self._dead_cause: NotRunCause | None = None
        self._skipped = skipping.skippable(self.nb.cells) if self.skip_tagged else set()
        self._seconds = {"kernel_start": 0.0, "kernel_prestart": 0.0, "cells": 0.0, "kernel_stop": 0.0}
        self._clock: dict[str, Any] = {"began": time.time(), "kernels": []}
        self._slot_environment = (resources or {}).get(SLOT_ENVIRONMENT)
        workdir = self._workdir = Path((resources or {}).get("metadata", {}).get("path") or ".").resolve()
        box = sandbox.active()
        # a kernel started for this notebook while the last one ran, in this notebook's slot
        spare = prestart.take(box) if box is not None else None
        # where kernels run: behind the sandbox's walls, a copy of WORKDIR's files (before any
        # cell runs: a pre-started kernel has run none yet)
        self._kernel_folder = box.prepare(workdir, cleared=spare is not None) if box is not None else None
        try:
            reason = self._start_kernel(spare)
            if reason:
                self._give_up(NotRunCause.KERNEL, reason)
                events.add(self.nb, EventKind.KERNEL_START_FAILED, reason)
            for index in range(len(self.nb.cells)):
                self._run(index)
        finally:
            self._stop_kernel()
            if box is not None:
                box.release(workdir)
        self._clock["ended"] = time.time()
        self.nb.metadata.setdefault(events.METADATA_KEY, {})[TIMING_KEY] = {
            k: round(v, 3) for k, v in self._seconds.items()}
        self.nb.metadata[events.METADATA_KEY][CLOCK_KEY] = self._clock
        self.set_widgets_metadata()
        return self.nb, self.resources

    def _remaining(self) -> float:
        return self._deadline - monotonic()

    def _get_timeout(self, cell: NotebookNode | None) -> int | None:
        base = super()._get_timeout(cell)
        remaining = self._remaining()
        if remaining == float("inf"):
            return base
        remaining = max(1, math.ceil(remaining))
        return remaining if base is None else min(base, remaining)

    # -- kernels ---------------------------------------------------------------
    def _start_kernel(self, spare: prestart.Spare | None = None) -> str | None:
        """Start a kernel (take SPARE, pre-started for this notebook, if it is alive); return
        None, or why it could not start in ``START_ATTEMPTS`` tries.

        No student code has run when a kernel starts, so a failed start is the grader's trouble
        (a loaded machine, a fork server that died, a spare that was killed), never the
        student's: it is tried again before the notebook is given up. Once a kernel is ready,
        the next notebook's is started (:meth:`_prestart`).
        """
        reasons: list[str] = []
        started = monotonic()
        try:
            if spare is not None:
                reason = self._try_start_kernel(spare)
                if reason is None:
                    return None
                self.log.warning("The pre-started kernel could not be used (%s); starting another", reason)
            for attempt in range(1, START_ATTEMPTS + 1):
                reason = self._try_start_kernel()
                if reason is None:
                    return None
                self.log.warning("Kernel start %d of %d failed: %s", attempt, START_ATTEMPTS, reason)
                reasons.append(reason)
        finally:
            self._seconds["kernel_start"] += monotonic() - started
            if self.km is not None:
                self._prestart()
        return f"the Python kernel could not start ({'; then '.join(reasons)})"

    def _prestart(self) -> None:
        """Start the next notebook's kernel in the sandbox's other slot, if it has one (and none is held)."""
        box = sandbox.active()
        if box is None or len(box.slots) < 2 or prestart.held() is not None:
            return
        started = monotonic()
        try:
            prestart.start(box, self._kernel_manager, self.extra_arguments, self._slot_environment)
        except Exception as exc:  # the next notebook then starts its own kernel; this one goes on
            self.log.warning("The next kernel could not be started early: %s", exc)
        finally:
            self._seconds["kernel_prestart"] += monotonic() - started

    def _kernel_manager(self, kernel_name: str) -> Any:
        """A kernel manager for KERNEL_NAME, as nbclient's ``create_kernel_manager`` makes one."""
        return self.kernel_manager_class(kernel_name=kernel_name, config=self.config)

    def _try_start_kernel(self, spare: prestart.Spare | None = None) -> str | None:
        box = sandbox.active()
        if box is not None and spare is None:
            box.kill_all()  # what a previous kernel left (forks) must not eat this one's limits
            box.kill_reason = None
        record = {"slot": box.slot.index if box is not None else None, "prestarted": spare is not None,
                  "asked": spare.started if spare is not None else time.time()}
        self._clock["kernels"].append(record)
        try:
            if spare is not None:
                self.km = spare.km
                if not spare.alive():
                    raise DeadKernelError("it died before its notebook came")
            else:
                if box is not None:
                    self.kernel_name = box.slot.kernel_name
                self.km = self.create_kernel_manager()
                if box is not None:
                    for name, value in box.kernel_manager_settings().items():
                        setattr(self.km, name, value)
                self.start_new_kernel(**({"cwd": str(self._kernel_folder)} if self._kernel_folder else {}))
            if box is not None:
                box.start_watch(getattr(self.km.provisioner, "pid", None))
            self.kc = self.km.client()
            self.kc.start_channels()
            info = self._kernel_info()
            self.kc.allow_stdin = False
            run_sync(run_hook)(self.on_notebook_start, notebook=self.nb)
            self.nb.metadata["language_info"] = info["content"]["language_info"]
        except Exception as exc:  # a kernel that cannot start must not stop the grading
            self._stop_kernel()
            record["failed"] = f"{type(exc).__name__}: {exc}"
            return record["failed"]
        record["ready"] = time.time()
        return None

    def _kernel_info(self) -> dict[str, Any]:
        """The new kernel's ``kernel_info`` reply, once its IOPub channel is proven connected.

        In place of nbclient's ``start_new_kernel_client`` readiness wait (jupyter_client's
        ``wait_for_ready``), which ends with a fixed 0.2 s wait for IOPub to go quiet on every
        kernel start, and of its cell-timeout wait for a reply (a kernel slow to answer on a
        loaded machine looked like a kernel that could not start, and its notebook scored 0).
        IOPub is connected once it delivers the kernel's idle status for this very request:
        ipykernel publishes one after every shell request, after its reply. Until then
        (ZeroMQ's late subscriber: a PUB socket drops what it sends before the SUB side has
        joined) another request is sent, as ``wait_for_ready`` does, and the idle status of any
        of them proves the channel. Everything IOPub held before that status is the kernel's
        start-up and is dropped; nbclient takes a cell's outputs only from messages whose parent
        is that cell's request. Waits up to ``startup_timeout`` seconds in all.
        """
        return run_sync(self._async_kernel_info)()

    async def _async_kernel_info(self) -> dict[str, Any]:
        deadline = monotonic() + self.startup_timeout
        asked: set[str] = set()
        reply = None
        while deadline - monotonic() > 0:
            asked.add(self.kc.kernel_info())
            reply = reply or await self._reply_to(asked, deadline)
            if await self._idle_after(asked, min(deadline, monotonic() + IOPUB_PROOF_SECONDS)):
                return reply
        raise TimeoutError(f"no answer to kernel_info within {self.startup_timeout} s")

    async def _reply_to(self, asked: set[str], deadline: float) -> dict[str, Any]:
        """The shell reply to one of the requests ASKED (others are dropped); raises if the
        kernel dies or DEADLINE passes."""
        while (left := deadline - monotonic()) > 0:
            try:
                msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=min(left, 1.0)))
            except Empty:
                if not await ensure_async(self.kc.is_alive()):
                    raise DeadKernelError("the kernel died before answering kernel_info") from None
                continue
            if msg["parent_header"].get("msg_id") in asked:
                return msg
        raise TimeoutError(f"no answer to kernel_info within {self.startup_timeout} s")

    async def _idle_after(self, asked: set[str], deadline: float) -> bool:
        """Whether IOPub delivers the kernel's idle status for one of the requests ASKED before DEADLINE."""
        while (left := deadline - monotonic()) > 0:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=left))
            except Empty:
                return False
            if (msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") in asked
                    and msg["content"].get("execution_state") == "idle"):
                return True
        return False

    def _stop_kernel(self) -> None:
        started = monotonic()
        try:
            self._stop_kernel_now()
        finally:
            self._seconds["kernel_stop"] += monotonic() - started

    def _stop_kernel_now(self) -> None:
        box = sandbox.active()
        if box is not None:
            box.stop_watch()
        if self.km is not None:
            try:
                self._cleanup_kernel()
            except Exception as exc:
                self.log.warning("Kernel cleanup failed: %s", exc)
        self.km = None
        self.kc = None

    def _death_words(self) -> str:
        box = sandbox.active()
        if box is not None and box.kill_reason:
            return f"the grader stopped it: {box.kill_reason}"
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        code = process.poll() if process is not None else None
        if code is None:
            return "it stopped responding"
        if code < 0:
            return _SIGNAL_WORDS.get(-code, f"it was killed by signal {-code}")
        return f"the process exited with status {code} (what os._exit({code}) does)"

    # -- cells -----------------------------------------------------------------
    def _run(self, index: int) -> None:
        cell = self.nb.cells[index]
        if cell.cell_type != "code" or not cell.source.strip():
            return
        if index in self._skipped:
            cell.outputs = []
            cell.execution_count = None
            events.mark_not_run(cell, NotRunCause.SKIPPED)
            return
        if self._dead_reason:
            self._not_run(index)
            return
        if self._remaining() <= 0:
            self._give_up(NotRunCause.TIME_LIMIT, self._time_limit_words())
            events.add(
                self.nb,
                EventKind.NOTEBOOK_TIMEOUT,
                f"The notebook's time limit ({self.notebook_timeout} s) was used up before cell "
                f"{index + 1}; it and the cells after it were not run and score 0.",
                cell=index + 1,
            )
            self._not_run(index)
            return
        self._output_used = 0
        self._noted_streams: set[str] = set()
        self._cell_limit = self._get_timeout(cell)
        try:
            self._execute(cell, index, store_history=True)
        except CellTimeoutError:
            self._cell_failed(
                index,
                EventKind.TIMEOUT,
                ErrorName.TIMEOUT,
                f"cell {index + 1} did not finish within {self._limit_words()} and could not be interrupted",
            )
        except DeadKernelError:
            words = self._death_words()
            hint = " (the cell calls os._exit)" if "os._exit" in cell.source else ""
            self._cell_failed(
                index,
                EventKind.KERNEL_DIED,
                ErrorName.KERNEL_DIED,
                f"the kernel died while running cell {index + 1}{hint}: {words}",
            )
        else:
            if any(o.get("ename") == ErrorName.TIMEOUT for o in cell.outputs if o.output_type == "error"):
                self._culprits.add(index)
                self._cell_event(
                    index,
                    EventKind.TIMEOUT,
                    f"Cell {index + 1} did not finish within {self._limit_words()}; it was interrupted.",
                )
            else:
                self._history.append(index)
            self._tell_disk_full(index)
            self._guard_score(index)

    def _tell_disk_full(self, index: int) -> None:
        """Tell the student in plain words when cell INDEX filled the kernel's disk wall (the cell
        shows only ``OSError: [Errno 28] No space left on device``)."""
        box = sandbox.active()
        if box is None or not box.disk_bounded:
            return
        if any(e["kind"] == EventKind.DISK_FULL for e in events.read(self.nb)):
            return  # once per notebook: the wall stays full for the cells after it
        cell = self.nb.cells[index]
        said = any(sandbox.disk.NO_SPACE in str(o.get("text", "")) + str(o.get("evalue", ""))
                   + "".join(o.get("traceback", [])) for o in cell.outputs)
        words = box.disk_full_words() or (
            sandbox.disk.limit_words(box.limits.disk_bytes, box.limits.disk_files) if said else None)
        if words:
            self._cell_event(index, EventKind.DISK_FULL,
                             f"Cell {index + 1}: {words}, so writing failed with "
                             f"\"{sandbox.disk.NO_SPACE}\". "
                             "What the kernel wrote is removed when the notebook ends.")

    def _execute(self, cell: NotebookNode, index: int, store_history: bool) -> None:
        """nbclient's execute_cell, timed (replays count as cell time too)."""
        started = monotonic()
        try:
            self.execute_cell(cell, index, store_history=store_history)
        finally:
            self._seconds["cells"] += monotonic() - started

    def _limit_words(self) -> str:
        if self._cell_limit is not None and self._cell_limit < (self.timeout or 0):
            return f"the {self._cell_limit} s left of the notebook's time limit"
        return f"the time limit ({self._cell_limit} s)"

    def _cell_failed(self, index: int, kind: EventKind, ename: ErrorName, message: str) -> None:
        self._tell_disk_full(index)  # before the restart empties the wall
        cell = self.nb.cells[index]
        cell.outputs.append(error_output(ename, message))
        self._culprits.add(index)
        self._recover()
        outcome = (
            f"The kernel was restarted and the {len(self._history)} cells before it were re-run, "
            "so the cells after it were still graded."
            if not self._dead_reason
            else f"The cells after it were not run and score 0 ({self._dead_reason})."
        )
        self._cell_event(index, kind, f"{message[0].upper()}{message[1:]}. {outcome}")

    def _cell_event(self, index: int, kind: EventKind, message: str) -> None:
        """Record an event about cell INDEX (and its grade id, when it is graded)."""
        events.add(self.nb, kind, message, cell=index + 1, grade_id=events.grade_id_of(self.nb.cells[index]))

    def _recover(self) -> None:
        """Restart the kernel and replay the cells that ran fine, or mark the kernel dead."""
        self._stop_kernel()
        if self._restarts >= self.max_restarts:
            self._give_up(NotRunCause.KERNEL, f"the kernel was restarted {self._restarts} times already")
            return
        self._restarts += 1
        box = sandbox.active()
        if box is not None:
            # as the first kernel found it: a dead kernel's files (a disk wall it filled) must not
            # fail the cells after it; the earlier cells are re-run to make theirs again
            self._kernel_folder = box.prepare(self._workdir)
        reason = self._start_kernel()
        if reason:
            self._give_up(NotRunCause.KERNEL, reason)
            return
        for index in [i for i in self._history if i not in self._culprits]:
            if self._remaining() <= 0:
                self._give_up(NotRunCause.TIME_LIMIT, self._time_limit_words())
                return
            if not self._replay(index):
                self._give_up(NotRunCause.KERNEL, f"re-running cell {index + 1} after a restart failed too")
                self._stop_kernel()
                return

    def _replay(self, index: int) -> bool:
        """Re-run cell INDEX without touching its graded outputs; False if the kernel fails."""
        original = self.nb.cells[index]
        scratch = copy.deepcopy(original)
        self._output_used = 0
        try:
            self._execute(scratch, index, store_history=False)
        except (CellTimeoutError, DeadKernelError):
            return False
        finally:
            self.nb.cells[index] = original
        return True

    def _give_up(self, cause: NotRunCause, reason: str) -> None:
        """Run no more cells, for CAUSE, told to the student as REASON."""
        self._dead_cause, self._dead_reason = cause, reason

    def _time_limit_words(self) -> str:
        return f"the notebook's time limit ({self.notebook_timeout} s) was used up"

    def _not_run(self, index: int) -> None:
        cell = self.nb.cells[index]
        cell.outputs = [error_output(ErrorName.NOT_RUN, f"this cell was not run: {self._dead_reason}")]
        cell.execution_count = None
        events.mark_not_run(cell, self._dead_cause)

    def _guard_score(self, index: int) -> None:
        cell = self.nb.cells[index]
        if not utils.is_grade(cell) or utils.is_solution(cell):
            return
        points = float(cell.metadata["nbgrader"].get("points", 0))
        for i, output in enumerate(cell.outputs):
            if output.output_type != "execute_result":
                continue
            text = output.get("data", {}).get("text/plain", "")
            text = text[0] if isinstance(text, list) and len(text) == 1 else text
            try:
                value = float(text)
            except (TypeError, ValueError):
                return
            if math.isfinite(value) and 0 <= value <= points:
                return
            message = f"the test's score {text!r} is not a number between 0 and {points:g}"
            cell.outputs[i] = error_output(ErrorName.INVALID_SCORE, message)
            self._cell_event(index, EventKind.INVALID_SCORE, f"Cell {index + 1}: {message}; it scores 0.")
            return

    # -- output cap ------------------------------------------------------------
    def output(self, outs: list, msg: dict, display_id: str | None, cell_index: int) -> NotebookNode | None:
        """Keep a cell's output under ``max_output_chars`` as it arrives."""
        content = msg["content"]
        # a hidden check's answer is the grader's data, not the student's printing (integrity/reference.py)
        answer = any(mime.startswith(GRADER_DATA_MIME) for mime in content.get("data", {}))
        if msg["msg_type"] == "error" or answer or self.max_output_chars < 0:
            return super().output(outs, msg, display_id, cell_index)
        left = self.max_output_chars - getattr(self, "_output_used", 0)
        size = _content_size(content)
        if size <= left:
            self._output_used = getattr(self, "_output_used", 0) + size
            return super().output(outs, msg, display_id, cell_index)
        self._output_used = self.max_output_chars
        stream = content.get("name", "stdout") if msg["msg_type"] == "stream" else "stdout"
        if msg["msg_type"] == "stream" and left > 0:
            super().output(
                outs, {**msg, "content": {**content, "text": content["text"][:left]}}, display_id, cell_index
            )
        noted = getattr(self, "_noted_streams", set())
        if stream not in noted:
            noted.add(stream)
            self._noted_streams = noted
            note = (
                f"\n... output truncated by the grader (more than {self.max_output_chars} characters) ...\n"
            )
            outs.append(NotebookNode(output_type="stream", name=stream, text=note))
            if not any(
                e["kind"] == EventKind.OUTPUT_TRUNCATED and e["cell"] == cell_index + 1
                for e in events.read(self.nb)
            ):
                events.add(
                    self.nb,
                    EventKind.OUTPUT_TRUNCATED,
                    f"Cell {cell_index + 1} printed more than {self.max_output_chars} characters; "
                    "the rest of its output was dropped.",
                    cell=cell_index + 1,
                )
        return None
