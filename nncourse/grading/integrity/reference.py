"""The hidden tests' reference comparison, done by the grader: the reference never enters the kernel.

Two nbgrader preprocessors around the execute preprocessor (``nbconfig.py``):

* :class:`HiddenInputs`, before it: finds every ``hidden_check(blank, fn, seed=...)``
  of the notebook's test cells (the cells RestoreTrackedCells has put back, so
  the calls are the instructor's), draws each one's inputs from its seed, computes
  the expected outputs with ``solutions`` here, in the grading worker, and writes
  the inputs (data only, :mod:`autograder.answers`) to a file the kernel reads;
  ``NNCOURSE_HIDDEN_INPUTS`` tells the kernel where. The kernel then only calls
  the student's function and sends the outputs back as an output of MIME type
  ``ANSWER_MIME`` (``autograder.hidden``).
* :class:`TrustedComparison`, after it: takes the answers out of each test cell,
  compares them with the expected outputs using ``autograder.hidden.compare``
  (the same type, shape, value checks and hints the in-kernel check gives) and
  writes the verdict where the answer stood: the passed line, or, at the first
  failure, a ``CheckFailed`` error output, with nothing after it, as if the
  check had raised in the kernel. nbgrader then scores the cell as before: an
  error output makes it 0. A hidden check that sent no answer (the kernel
  stopped early without an error, or the student's code replaced the check)
  and answers that do not decode fail the cell with a message saying so.

What a kernel can do with this: read its own inputs (it is given them anyway
when its function is called), and print anything, including fake answers; an
answer passes only if it equals the reference, which the kernel never sees.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import Bool

from autograder.answers import ANSWER_MIME, INPUTS_ENV, decode, encode
from autograder.checking import CheckFailed
from autograder.hidden import CASES, compare, passed_line
from autograder.hidden_cases import reference

from .. import sandbox
from . import audit
from .hidden import hidden_lines
from .redact import redact_text

INPUTS_FILE = ".nncourse-hidden-inputs.json"
"""Name of the inputs file, in the notebook's folder (the one folder every kernel sees)."""
RESOURCE = "nncourse_hidden"
"""Key of this module's state in nbconvert's resources, from one preprocessor to the other."""
FAILURE = "CheckFailed"
"""``ename`` of the error output a failing comparison writes (the check library's own exception)."""


@dataclass(frozen=True)
class HiddenCall:
    """One ``hidden_check(blank, fn, seed=...)`` in a test cell."""

    blank: str
    seed: int

    @property
    def key(self) -> str:
        return f"{self.blank}:{self.seed}"


def hidden_calls(source: str) -> list[HiddenCall]:
    """The ``hidden_check`` calls of SOURCE whose blank compares with the reference, in order.

    Property-tested blanks are left out: they are judged in the kernel.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    calls = []
    for node in sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)),
                       key=lambda n: (n.lineno, n.col_offset)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name != "hidden_check" or not node.args:
            continue
        seed = node.args[2] if len(node.args) > 2 else next(
            (k.value for k in node.keywords if k.arg == "seed"), None)
        blank = node.args[0]
        if (isinstance(blank, ast.Constant) and isinstance(seed, ast.Constant)
                and isinstance(seed.value, int) and blank.value in CASES):
            calls.append(HiddenCall(blank.value, seed.value))
    return calls


def _is_test_cell(cell: NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


@dataclass
class Expected:
    """What the grader drew and computed for one notebook, before its kernel starts."""

    outputs: dict[str, list] = field(default_factory=dict)
    """``HiddenCall.key`` -> the reference's output on each case."""
    inputs_file: Path | None = None
    channel: audit.Channel | None = None


def draw(call: HiddenCall) -> tuple[list, list]:
    """CALL's cases (as the kernel must receive them) and the reference's outputs on them.

    The reference runs first on each case, as in the in-kernel check, so a
    reference that changes its arguments hands the student the same values.
    """
    module, make_cases = CASES[call.blank]
    ref = getattr(reference(module), call.blank)
    cases = make_cases(np.random.default_rng(call.seed))
    expected = [ref(*args, **kwargs) for args, kwargs in cases]
    return cases, expected


class HiddenInputs(Preprocessor):
    """Before execution: the hidden inputs for the kernel, the expected outputs for the grader."""

    enabled = Bool(True)

    runtime_audit = Bool(True, help="Open the runtime audit channel for the notebook's kernels.").tag(
        config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        state = Expected()
        resources[RESOURCE] = state
        inputs: dict[str, list] = {}
        for cell in nb.cells:
            if not _is_test_cell(cell):
                continue
            for call in hidden_calls(cell.source):
                if call.key in state.outputs:
                    continue
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    cases, state.outputs[call.key] = draw(call)
                inputs[call.key] = [[encode(args), encode(kwargs)] for args, kwargs in cases]
        folder = Path(resources.get("metadata", {}).get("path") or ".").resolve()
        state.inputs_file = folder / INPUTS_FILE
        state.inputs_file.write_text(json.dumps(inputs))
        state.inputs_file.chmod(0o644)
        os.environ[INPUTS_ENV] = str(state.inputs_file)
        if self.runtime_audit:
            box = sandbox.active()
            kernel_home = [str(box.home)] if box is not None else [os.environ.get("HOME", "")]
            course = str(self.config.CourseDirectory.root)
            state.channel = audit.Channel.open(folder, grader_dirs=[course],
                                               allowed=[h for h in kernel_home if h])
        return nb, resources


def _answer(output: NotebookNode) -> dict | None:
    if output.get("output_type") not in ("display_data", "execute_result"):
        return None
    return output.get("data", {}).get(ANSWER_MIME)


def _error(message: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=FAILURE, evalue=message,
                        traceback=[f"\x1b[0;31m{FAILURE}\x1b[0m: {message}"])


def _stream(text: str) -> NotebookNode:
    return NotebookNode(output_type="stream", name="stdout", text=text + "\n")


def judge(call: HiddenCall, answer: Any, expected: list) -> str | None:
    """None when ANSWER (the kernel's data for CALL) equals EXPECTED; else the student's message."""
    label = f"{call.blank}(...)"
    try:
        asked = [call.blank, call.seed]
        if not isinstance(answer, dict) or [answer.get("blank"), answer.get("seed")] != asked:
            raise ValueError("it answers another check")
        got = [decode(o) for o in answer["outputs"]]
    except (ValueError, KeyError, TypeError) as exc:
        return (f"{label}: the answers of this hidden check are missing or malformed ({exc}); "
                "did the notebook replace hidden_check?")
    if len(got) != len(expected):
        return (f"{label}: {len(got)} answers for {len(expected)} hidden inputs; "
                "did the notebook replace hidden_check?")
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            for g, e in zip(got, expected, strict=True):
                compare(g, e, f"{label} on a hidden random input")
    except CheckFailed as exc:
        return str(exc)
    return None


def verdict(outputs: list[NotebookNode], calls: list[HiddenCall],
            expected: dict[str, list]) -> list[NotebookNode]:
    """A test cell's OUTPUTS with each answer replaced by its verdict (see the module docstring)."""
    result: list[NotebookNode] = []
    pending = list(calls)
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
        message = judge(call, answer, expected[call.key])
        if message is not None:
            return [*result, _error(message)]
        result.append(_stream(passed_line(call.blank)))
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
        os.environ.pop(INPUTS_ENV, None)
        if state.inputs_file is not None:
            with contextlib.suppress(OSError):
                state.inputs_file.unlink()
        seals = [a.get("seal") for c in nb.cells for o in c.get("outputs", []) if (a := _answer(o))]
        for cell in nb.cells:
            if cell.get("cell_type") != "code":
                continue
            calls = hidden_calls(cell.source) if _is_test_cell(cell) else []
            if calls:
                cell.outputs = verdict(cell.get("outputs", []), calls, state.outputs)
            else:  # an answer anywhere else is the student's own printing: it judges nothing
                cell.outputs = [o for o in cell.get("outputs", []) if _answer(o) is None]
        found = state.channel.close(seals) if state.channel is not None else []
        audit.record(nb, found + hidden_tests_read_back(nb))
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
