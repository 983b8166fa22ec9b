"""The grading engine's words for what happened: one ``StrEnum`` per kind of status.

Every status the engine writes (``results.json``, ``grades.csv``, the worker
protocol, the autograded notebook's metadata and error outputs) is a member of one
of these enums. They are ``str`` subclasses, so they compare equal to, and
serialise as, their plain values: a new status is one new member here.

* :class:`NotebookStatus`: what became of one notebook of a submission;
* :class:`CellStatus`: why one graded cell scored what it did;
* :class:`EventKind`: what the grading preprocessors recorded (see :mod:`.events`);
* :class:`ErrorName`: the ``ename`` of the error outputs the grader writes itself;
* :class:`ReuseMode`: when a run reuses the students an earlier run kept (see :mod:`.store`);
* :class:`IntakeFlag`: what :mod:`.collect` found wrong with a student's files as handed in;
* :data:`SKIP_TAG`: the cell tag of instructor cells grading leaves out (see :mod:`.skipping`).
"""

from __future__ import annotations

from enum import StrEnum

SKIP_TAG = "skip-when-grading"
"""Cell tag of a locked instructor cell that only draws or prints: the grader does not run it."""


class NotebookStatus(StrEnum):
    """One notebook of a submission: set by :mod:`.collect`, then by the grading workers."""

    SUBMITTED = "submitted"
    """Found and readable: handed to nbgrader."""
    MISSING = "missing"
    INVALID = "invalid"
    """Not JSON, not a notebook, or too large."""
    WRONG_ASSIGNMENT = "wrong_assignment"
    GRADED = "graded"
    """nbgrader autograded it."""
    CRASHED = "crashed"
    """nbgrader could not grade it (its scores are recorded as 0)."""


class CellStatus(StrEnum):
    """One graded cell, as :mod:`.report.results` tells it."""

    PASSED = "passed"
    """Full points."""
    FAILED = "failed"
    """An assertion failed, or partial credit."""
    ERROR = "error"
    """Any other exception, output on stderr, or an invalid score."""
    TIMEOUT = "timeout"
    """The cell, or the notebook's time budget, ran out of time."""
    CRASHED = "crashed"
    """The kernel died in or before the cell, or nbgrader could not grade the notebook."""
    MISSING = "missing"
    """The notebook was missing, unreadable or another assignment's, or the cell was not found."""


class EventKind(StrEnum):
    """What the grading preprocessors (:mod:`.execute`, :mod:`.integrity.tamper`) record."""

    KERNEL_DIED = "kernel_died"
    KERNEL_START_FAILED = "kernel_start_failed"
    TIMEOUT = "timeout"
    """A cell ran out of time (interrupted, or not even that)."""
    NOTEBOOK_TIMEOUT = "notebook_timeout"
    DISK_FULL = "disk_full"
    """A cell filled the kernel's disk wall (:mod:`.sandbox.disk`)."""
    OUTPUT_TRUNCATED = "output_truncated"
    INVALID_SCORE = "invalid_score"
    CELL_RESTORED = "cell_restored"
    CELL_MISSING = "cell_missing"
    CELL_DUPLICATE = "cell_duplicate"
    CELL_MOVED = "cell_moved"


class ErrorName(StrEnum):
    """The ``ename`` of an error output :mod:`.execute` writes into a cell."""

    NOT_RUN = "NotRun"
    """The cell was not run (see :class:`NotRunCause` for why)."""
    KERNEL_DIED = "KernelDied"
    TIMEOUT = "CellTimeoutError"
    """nbclient's own name for a cell that ran out of time."""
    INVALID_SCORE = "InvalidScore"


class NotRunCause(StrEnum):
    """Why a cell was not run, kept in the cell's grading metadata (see :mod:`.events`)."""

    TIME_LIMIT = "time_limit"
    """The notebook's time budget was used up."""
    KERNEL = "kernel"
    """The kernel could not be (re)started, or was restarted too often."""
    SKIPPED = "skipped"
    """Tagged :data:`SKIP_TAG` and safe to leave out (never a graded cell, see :mod:`.skipping`)."""

    @property
    def cell_status(self) -> CellStatus:
        """The status of a cell not run for this cause."""
        return CellStatus.TIMEOUT if self is NotRunCause.TIME_LIMIT else CellStatus.CRASHED


class ReuseMode(StrEnum):
    """When ``grade`` reuses the finished students kept in the output folder (:mod:`.store`)."""

    RESUME = "resume"
    """Only when the last run there was interrupted (the default)."""
    INCREMENTAL = "incremental"
    """Also after a finished run: only new or changed submissions are graded."""
    FRESH = "fresh"
    """Never: everyone is graded again."""


class IntakeFlag(StrEnum):
    """A student-level flag set by :mod:`.collect` (in ``grades.csv``'s and ``results.json``'s flags).

    The reason is told to the student as a notice on each notebook of theirs that was graded.
    """

    BAD_TIMESTAMP = "bad_timestamp"
    """``timestamp.txt`` (or the LMS file name's timestamp) could not be read: graded without one."""
    DUPLICATE_COPY = "duplicate_copy"
    """Two or more files are one notebook: one was graded, the others are in ``ignored_files``."""
    FOLDER_RENAMED = "folder_renamed"
    """The folder's name cannot be a student id (a newline, a control character, ``[``): graded
    under a safe id, told in the notices."""
