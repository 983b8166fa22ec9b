"""The hidden tests' reference comparison, done by the grader: the reference never enters the kernel.

Two nbgrader preprocessors around the execute preprocessor (``nbconfig.py``),
driven by the course's *trusted checks* module, loaded by its name
(``GradingOptions.trusted_checks``, ``autograder.trusted`` for this course; the
engine itself imports no course package):

* :class:`HiddenInputs`, before it: asks the module for the hidden checks of each
  test cell (the cells RestoreTrackedCells has put back, so the calls are the
  instructor's), has it draw each one's inputs and compute the reference's outputs
  here, in the grading worker, and writes the inputs (data only) to a file, named to
  the kernel by the module's ``INPUTS_ENV``: behind the walls one the kernel can read
  and never change (:meth:`~..sandbox.Sandbox.give`), else in the notebook's folder. The kernel
  then only calls the student's function and sends the outputs back as an output
  of the module's ``ANSWER_MIME`` (under :data:`GRADER_DATA_MIME`, which the output
  cap leaves alone). It also opens the runtime audit's channel (:mod:`.audit`).
* :class:`TrustedComparison`, after it: takes the answers out of each test cell,
  has the module judge them (the in-kernel check's messages and hints) and writes
  the verdict where the answer stood: the passed line, or, at the first failure, a
  ``CheckFailed`` error output, with nothing of the cell's after it, as if the check
  had raised in the kernel. nbgrader then scores the cell as before: an error
  output makes it 0. A hidden check that sent no answer (the kernel stopped early
  without an error, or the student's code replaced the check) and answers that do
  not decode fail the cell with a message saying so. It then keeps the audit's
  findings, and those of student cells that printed hidden test lines, in the
  notebook's metadata.

What a kernel can do with this: read its own inputs (it is given them anyway
when its function is called), and print anything, including fake answers; an
answer passes only if it equals the reference, which the kernel never sees.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import Bool, Unicode

from .. import prestart, sandbox
from ..options import GradingOptions
from . import audit, forfeit
from .audit_hook import CONFIG_ENV
from .hidden import hidden_lines
from .redact import redact_text

INPUTS_FILE = ".nncourse-hidden-inputs.json"
"""Name of the inputs file, in the notebook's folder (the one folder every kernel sees)."""
GRADER_DATA_MIME = "application/vnd.nncourse.grader-data"
"""Prefix of the MIME types of outputs that are the grader's data (a course's answers), not printing."""
RESOURCE = "nncourse_hidden"
"""Key of this module's state in nbconvert's resources, from one preprocessor to the other."""
SLOT_ENVIRONMENT = "nncourse_slot_environment"
"""Key, in nbconvert's resources, of what a kernel pre-started in a sandbox slot is told
(a :data:`~..prestart.SlotEnvironment`, for the execute preprocessor)."""
FAILURE = "CheckFailed"
"""``ename`` of the error output a failing comparison writes (the check library's own exception)."""


def _is_test_cell(cell: NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


@dataclass
class Expected:
    """What the grader drew and computed for one notebook, before its kernel starts."""

    checks: Any = None
    """The course's trusted-checks module (``GradingOptions.trusted_checks``), None without one."""
    outputs: dict[str, list] = field(default_factory=dict)
    """A hidden call's ``key`` -> the reference's output on each case."""
    inputs_file: Path | None = None
    channel: audit.Channel | None = None

    def answer(self, output: NotebookNode) -> dict | None:
        """OUTPUT's answer data, if it is a hidden check's answer (the course's MIME type)."""
        if self.checks is None or output.get("output_type") not in ("display_data", "execute_result"):
            return None
        return output.get("data", {}).get(self.checks.ANSWER_MIME)

    def calls(self, cell: NotebookNode) -> list:
        """The hidden checks CELL makes, in order, when it is a test cell."""
        if self.checks is None or not _is_test_cell(cell):
            return []
        return self.checks.hidden_calls(cell.source)


def _inputs_path(box: sandbox.Sandbox | None, kernel_folder: Path, slot: sandbox.Slot | None = None) -> Path:
    """Where a kernel in KERNEL_FOLDER (in SLOT of BOX, default its current one) reads the hidden inputs:
    behind the walls, a file given to it (:meth:`~..sandbox.Sandbox.give`), otherwise one in its folder."""
    if box is not None and box.walled:
        return box.given_path(INPUTS_FILE, slot)
    return kernel_folder / INPUTS_FILE


class HiddenInputs(Preprocessor):
    """Before execution: the hidden inputs for the kernel, the expected outputs for the grader."""

    enabled = Bool(True)

    runtime_audit = Bool(True, help="Open the runtime audit channel for the notebook's kernels.").tag(
        config=True)
    trusted_checks = Unicode(GradingOptions.trusted_checks, help=(
        "Module of the course's trusted hidden checks, loaded by name ('' for none).")).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        state = Expected(checks=importlib.import_module(self.trusted_checks) if self.trusted_checks else None)
        resources[RESOURCE] = state
        inputs: dict[str, list] = {}
        for cell in nb.cells:
            for call in state.calls(cell):
                if call.key in state.outputs:
                    continue
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    cases, state.outputs[call.key] = state.checks.draw(call)
                inputs[call.key] = state.checks.encode_cases(cases)
        folder = Path(resources.get("metadata", {}).get("path") or ".").resolve()
        box = sandbox.active()
        walled = box is not None and box.walled
        # a kernel pre-started for this notebook was told its slot's inputs path and channel
        spare = prestart.promise()
        if box is not None:
            box.use_slot(spare.slot.index if spare else (box.other_slot() or box.slot).index)
        # Behind the walls the kernel runs on a copy of FOLDER and sees only the sandbox's own
        # folder: name what it sees.
        kernel_folder = box.notebook_folder if walled else folder
        if state.checks is not None:
            if walled:  # a file the kernel cannot change by any route (Sandbox.give)
                state.inputs_file = box.give(INPUTS_FILE, json.dumps(inputs))
            else:
                state.inputs_file = folder / INPUTS_FILE
                state.inputs_file.write_text(json.dumps(inputs))
                state.inputs_file.chmod(0o644)
            os.environ[state.checks.INPUTS_ENV] = str(_inputs_path(box, kernel_folder))
        if self.runtime_audit:
            if spare is not None and spare.channel is not None:
                state.channel = spare.channel
            else:
                state.channel = self._channel(state, box, kernel_folder)
            os.environ[CONFIG_ENV] = json.dumps(state.channel.config)  # for restarts, fresh starts
        if box is not None and len(box.slots) > 1:
            resources[SLOT_ENVIRONMENT] = lambda slot: self._slot_environment(state, box, slot)
        return nb, resources

    def _channel(self, state: Expected, box: sandbox.Sandbox | None, kernel_folder: Path,
                 slot: sandbox.Slot | None = None) -> audit.Channel:
        """The audit channel of a kernel running in KERNEL_FOLDER, in SLOT of BOX (default: its
        current slot; BOX None: no sandbox), not exported."""
        walled = box is not None and box.walled
        slot = slot or (box.slot if box is not None else None)
        kernel_home = [str(slot.home)] if slot is not None else [os.environ.get("HOME", "")]
        return audit.Channel.open(kernel_folder, grader_dirs=[str(self.config.CourseDirectory.root)],
                                  allowed=[h for h in kernel_home if h],
                                  secret=getattr(state.checks, "REFERENCE_PACKAGES", ()),
                                  under=box.own_home_folder if walled else None,
                                  group=slot.uid if walled and len(box.slots) > 1 else None,
                                  export=False,
                                  protected=[str(_inputs_path(box, kernel_folder, slot))]
                                  if state.checks else [])

    def _slot_environment(self, state: Expected, box: sandbox.Sandbox,
                          slot: sandbox.Slot) -> tuple[dict[str, str], audit.Channel | None]:
        """What a kernel pre-started in SLOT is told, and its channel (a prestart.SlotEnvironment)."""
        env: dict[str, str] = {}
        if state.checks is not None:
            env[state.checks.INPUTS_ENV] = str(_inputs_path(box, box.kernel_folder(slot), slot))
        channel = self._channel(state, box, box.kernel_folder(slot), slot) if self.runtime_audit else None
        if channel is not None:
            env[CONFIG_ENV] = json.dumps(channel.config)
        return env, channel


def _error(message: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=FAILURE, evalue=message,
                        traceback=[f"\x1b[0;31m{FAILURE}\x1b[0m: {message}"])


def _stream(text: str) -> NotebookNode:
    return NotebookNode(output_type="stream", name="stdout", text=text + "\n")


def verdict(outputs: list[NotebookNode], calls: list, state: Expected) -> list[NotebookNode]:
    """A test cell's OUTPUTS with each answer to CALLS replaced by its verdict (see the module docstring)."""
    result: list[NotebookNode] = []
    pending = list(calls)
    _answer = state.answer
    for i, output in enumerate(outputs):
        answer = _answer(output)
        if answer is None and output.get("output_type") == "error":
            # the kernel stopped here: the checks after it did not run; what the grader
            # wrote after the error (a time limit, a crash) stays
            return [*result, *(o for o in outputs[i:] if _answer(o) is None)]
        if answer is None:
            result.append(output)
            continue
        if not pending:
            return [*result, _error("an answer for a hidden check that this cell does not make")]
        call = pending.pop(0)
        message = state.checks.judge(call, answer, state.outputs[call.key])
        if message is not None:
            return [*result, _error(message)]
        result.append(_stream(state.checks.passed_line(call.blank)))
    if pending:
        missing = ", ".join(c.blank for c in pending)
        return [*result, _error(f"the hidden check of {missing} sent no answer: the cell ended without it. "
                                "Did the notebook replace hidden_check or stop the check?")]
    return result


class TrustedComparison(Preprocessor):
    """After execution: compare the kernel's answers with the reference, write each verdict."""

    enabled = Bool(True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        state: Expected = resources.pop(RESOURCE, None) or Expected()
        if state.inputs_file is not None:
            os.environ.pop(state.checks.INPUTS_ENV, None)
            with contextlib.suppress(OSError):
                state.inputs_file.unlink()
        seals = [a.get("seal") for c in nb.cells for o in c.get("outputs", []) if (a := state.answer(o))]
        for cell in nb.cells:
            if cell.get("cell_type") != "code":
                continue
            calls = state.calls(cell)
            if calls:
                cell.outputs = verdict(cell.get("outputs", []), calls, state)
            else:  # an answer anywhere else is the student's own printing: it judges nothing
                cell.outputs = [o for o in cell.get("outputs", []) if state.answer(o) is None]
        forfeit.errors_decide(nb)  # a failed test cell scores 0, whatever value it showed first (H20f)
        found = state.channel.close(seals) if state.channel is not None else []
        audit.record(nb, found + hidden_tests_read_back(nb))
        changed = forfeit.tampering(nb, found)
        if changed:
            forfeit.forfeit(nb, _error(forfeit.REASON.format(what="; ".join(changed)[:300])))
        return nb, resources


def hidden_tests_read_back(nb: NotebookNode) -> list[dict]:
    """Findings for the student cells whose outputs hold a line of a hidden test (found by content).

    However the student got them (``In``, ``_ih``, ``%history``, the history database),
    the lines printed are the proof; the feedback replaces them (``redact.py``).
    """
    hidden = hidden_lines(c.source for c in nb.cells if _is_test_cell(c))
    found = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or (meta and not meta.get("solution")):
            continue
        for output in cell.get("outputs", []):
            text = output.get("text", "") + "".join(
                str(v) for v in output.get("data", {}).values()) + "\n".join(output.get("traceback", []))
            if redact_text(text, hidden) != text:
                found.append({"route": "reads_hidden_tests", "count": cell.get("execution_count"),
                              "detail": "a student cell printed lines of the hidden tests"})
                break
    return found
