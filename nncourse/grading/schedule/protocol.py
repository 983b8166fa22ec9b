"""The messages between the :mod:`.pool` and a :mod:`.worker`: one JSON object a line.

::

    pool -> worker   Setup            (first line)
    worker -> pool   Ready
    pool -> worker   GradeRequest     (a student)
    worker -> pool   GradeAnswer
    pool -> worker   FeedbackRequest  (for the student just graded)
    worker -> pool   FeedbackAnswer

Each message is a dataclass; :func:`encode` writes one line and the ``decode_*``
functions read one back, so neither side handles bare dicts.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from ..status import NotebookStatus


@dataclass(frozen=True)
class Setup:
    """The worker's course copy, the run's options (:meth:`.GradingOptions.to_json`), kernel path."""

    root: str
    options: dict[str, Any]
    pythonpath: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Ready:
    """The worker is set up; its sandbox's private uids (one per kernel slot) and kernel home, if any."""

    ready: bool = True
    uids: list[int] = field(default_factory=list)
    home: str | None = None


@dataclass(frozen=True)
class GradeRequest:
    """Grade STUDENT, whose notebooks are in the folder SUBMITTED."""

    student: str
    submitted: str


@dataclass
class GradeAnswer:
    """What became of each of the student's notebooks; nbgrader's errors by notebook (``*``: all)."""

    student: str
    notebooks: dict[str, NotebookStatus] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: float | None = None

    @property
    def ok(self) -> bool:
        """Every notebook was graded (and there was at least one)."""
        return bool(self.notebooks) and NotebookStatus.CRASHED not in self.notebooks.values()


@dataclass(frozen=True)
class FeedbackRequest:
    """Write the feedback pages of STUDENT (``*``: of every student graded so far)."""

    student: str = "*"
    feedback: bool = True


@dataclass(frozen=True)
class FeedbackAnswer:
    """Errors of the feedback run (empty when it worked)."""

    errors: dict[str, str] = field(default_factory=dict)
    feedback: bool = True


Message = Setup | Ready | GradeRequest | GradeAnswer | FeedbackRequest | FeedbackAnswer


def encode(message: Message) -> str:
    """MESSAGE as one JSON line (with its newline)."""
    return json.dumps(asdict(message)) + "\n"


def decode_setup(line: str) -> Setup:
    """The worker's first line."""
    return Setup(**json.loads(line))


def decode_ready(line: str) -> Ready:
    """The worker's first answer."""
    return Ready(**json.loads(line))


def decode_request(line: str) -> GradeRequest | FeedbackRequest:
    """A request line read by the worker (after its :class:`Setup`)."""
    data = json.loads(line)
    return FeedbackRequest(**data) if data.get("feedback") else GradeRequest(**data)


def decode_grade_answer(line: str) -> GradeAnswer:
    """A worker's answer to a :class:`GradeRequest`."""
    data = json.loads(line)
    data["notebooks"] = {name: NotebookStatus(s) for name, s in data.get("notebooks", {}).items()}
    return GradeAnswer(**data)


def decode_feedback_answer(line: str) -> FeedbackAnswer:
    """A worker's answer to a :class:`FeedbackRequest`."""
    return FeedbackAnswer(**json.loads(line))
