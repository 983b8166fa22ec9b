"""What happened to a notebook while it was graded, stored in the notebook itself.

The grading preprocessors (:mod:`.tamper`, :mod:`.execute`) append events to the
notebook's metadata under ``METADATA_KEY``; the autograded notebook carries
them to :mod:`.results` and :mod:`.feedback`, which put them in plain words
before the student. An event is a dict::

    {"kind": "kernel_died", "cell": 7, "grade_id": "test_add", "message": "..."}

``cell`` is the 1-based position in the autograded notebook (None for the
notebook as a whole); ``message`` is written for the student. The kinds are
:class:`~.status.EventKind`.

A cell the grader did not run also carries the cause in its own metadata
(:func:`mark_not_run`), so that :mod:`.report.results` tells a timeout from a
crash without reading the words written for the student.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode

from .status import EventKind, NotRunCause

METADATA_KEY = "nncourse_grading"
NOT_RUN_KEY = "not_run"


def add(
    nb: NotebookNode, kind: EventKind, message: str, *, cell: int | None = None, grade_id: str | None = None
) -> None:
    """Append an event to NB's grading metadata."""
    store = nb.metadata.setdefault(METADATA_KEY, {})
    store.setdefault("events", []).append(
        {"kind": kind, "cell": cell, "grade_id": grade_id, "message": message}
    )


def read(nb: NotebookNode | dict[str, Any]) -> list[dict[str, Any]]:
    """The events recorded in NB (a notebook node or its JSON dict)."""
    return list(nb.get("metadata", {}).get(METADATA_KEY, {}).get("events", []))


def grade_id_of(cell: NotebookNode) -> str | None:
    """The nbgrader grade id of CELL, if any."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def mark_not_run(cell: NotebookNode, cause: NotRunCause) -> None:
    """Record in CELL's metadata that the grader did not run it, and why."""
    cell.metadata.setdefault(METADATA_KEY, {})[NOT_RUN_KEY] = cause.value


def not_run_cause(cell: NotebookNode | dict[str, Any]) -> NotRunCause | None:
    """Why the grader did not run CELL (None: it was run, or the cause was not recorded)."""
    value = cell.get("metadata", {}).get(METADATA_KEY, {}).get(NOT_RUN_KEY)
    return NotRunCause(value) if value in NotRunCause._value2member_map_ else None
