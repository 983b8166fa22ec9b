"""What happened to a notebook while it was graded, stored in the notebook itself.

The grading preprocessors (:mod:`.tamper`, :mod:`.execute`) append events to the
notebook's metadata under ``METADATA_KEY``; the autograded notebook carries
them to :mod:`.results` and :mod:`.feedback`, which put them in plain words
before the student. An event is a dict::

    {"kind": "kernel_died", "cell": 7, "grade_id": "test_add", "message": "..."}

``cell`` is the 1-based position in the autograded notebook (None for the
notebook as a whole); ``message`` is written for the student.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode

METADATA_KEY = "nncourse_grading"

# Event kinds
KERNEL_DIED = "kernel_died"
KERNEL_START_FAILED = "kernel_start_failed"
TIMEOUT = "timeout"
NOTEBOOK_TIMEOUT = "notebook_timeout"
RESTARTED = "kernel_restarted"
NOT_RUN = "not_run"
OUTPUT_TRUNCATED = "output_truncated"
INVALID_SCORE = "invalid_score"
CELL_RESTORED = "cell_restored"
CELL_MISSING = "cell_missing"
CELL_DUPLICATE = "cell_duplicate"
CELL_MOVED = "cell_moved"


def add(
    nb: NotebookNode, kind: str, message: str, *, cell: int | None = None, grade_id: str | None = None
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
