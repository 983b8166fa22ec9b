"""Settings of a grading run (one frozen dataclass, JSON-serialisable for the workers).

Every numeric setting has its range here (:data:`RANGES`), checked when the options are made
(:meth:`GradingOptions.__post_init__`): a value out of range raises :class:`OptionError`, whose
message names the option as the command line spells it, the value and the range. A limit of 0
or less switched the limit off (``--timeout 0`` let an endless loop run on, the outside test of
2026-12-02), so no limit may be 0.
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .sandbox import Limits, walls
from .status import ReuseMode

DEFAULT_ASSIGNMENT = "neural_networks"
UNSCORED = ("workers", "prestart_kernel", "reuse", "scheduler", "security", "connect_timeout",
            "worker_wait", "deadline", "late_penalty_per_day", "late_penalty_cap", "late_grace_minutes",
            "similarity_threshold", "max_zip_mb")
"""Fields that never change what grading one student produces (what :mod:`.store` keeps): where
and how fast students are graded, and the class-wide policies applied after grading (lateness,
similarity), so changing a late policy re-reports a class without regrading it. (How much of a zip
is extracted changes only what a student handed in, which the store hashes anyway.)"""

MAX_FILE_BYTES = 128 * 1024 * 1024
"""The largest file of a submission the grader reads or extracts from a zip (a notebook, a
student's data file): parsing a notebook takes about three times its size in memory (a file of
125 MiB took 2.6 s and 385 MiB more of the grader's, 2026-12-02), so a far larger one could exhaust
the grader's memory, and a zip member of zeros that deflates to 1 MB could fill its disk."""
MAX_ZIP_MEMBERS = 100_000
"""The most members of a zip extracted (a class of 1000 students with 7 notebooks and a
``timestamp.txt`` each holds 8000): each is a file the grader makes, and a zip of empty members
costs about 100 bytes each while each extracted file costs an inode."""

LMS_PATTERNS = {
    "blackboard": r".*/(?P<lms_assignment>[^/]*)_(?P<student_id>[^_/]+)_attempt_(?P<timestamp>[0-9\-]+)_"
    r"(?P<file_id>[^/]+)$",
    "canvas": r".*/(?P<student_id>[^_/]+)(?:_late)?_(?P<canvas_user_id>\d+)_(?P<canvas_submission_id>\d+)_"
    r"(?P<file_id>[^/]+)$",
    "moodle": r".*/(?P<student_id>[^_/]+)_(?P<moodle_participant_id>\d+)_assignsubmission_file_/?"
    r"(?P<file_id>[^/]+)$",
}
"""``--zip-regexp`` by name: the file names of each LMS's "download all submissions" zip.

``blackboard`` (the default) is nbgrader's documented example naming,
``<assignment>_<student>_attempt_<YYYY-MM-DD-HH-MM-SS>_<file>``; ``canvas`` is
``<lastfirst>[_late]_<user id>_<submission id>_<file>``; ``moodle`` is
``<Full Name>_<participant id>_assignsubmission_file_[/]<file>``."""
DEFAULT_ZIP_PATTERN = "blackboard"


DAY_SECONDS = 24 * 3600


class OptionError(ValueError):
    """A setting out of its range (the message names the option, its value and the range)."""


@dataclass(frozen=True)
class Range:
    """The values a numeric setting accepts: LOW to HIGH inclusive, in UNIT; FLAG is how the
    command line spells it (None: no command-line option, the field's name is used)."""

    low: float
    high: float
    unit: str
    flag: str | None = None

    def check(self, name: str, value: float) -> None:
        """Raise :class:`OptionError` unless VALUE (of the setting NAME) is in range (NaN never is)."""
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and not math.isnan(value) and self.low <= value <= self.high:
            return
        shown = f"{value:g}" if isinstance(value, float) else repr(value)
        raise OptionError(
            f"{self.flag or name} {shown}: must be from {self.low:g} to {self.high:g} {self.unit}"
        )


RANGES: dict[str, Range] = {
    "workers": Range(1, 1024, "worker processes", "--workers"),
    "cell_timeout": Range(1, DAY_SECONDS, "seconds", "--timeout"),
    "notebook_timeout": Range(1, 7 * DAY_SECONDS, "seconds", "--notebook-timeout"),
    "max_restarts": Range(0, 100, "kernel restarts per notebook"),
    "max_output_chars": Range(100, 100_000_000, "characters per cell"),
    "startup_seconds": Range(0, DAY_SECONDS, "seconds"),
    "late_penalty_per_day": Range(0, 100, "percent", "--late-penalty-per-day"),
    "late_penalty_cap": Range(0, 100, "percent", "--late-penalty-cap"),
    "late_grace_minutes": Range(0, 365 * 24 * 60, "minutes", "--late-grace-minutes"),
    "similarity_threshold": Range(0.5, 1_000, "robust standard deviations"),
    "connect_timeout": Range(0.1, DAY_SECONDS, "seconds", "--connect-timeout"),
    "worker_wait": Range(1, 7 * DAY_SECONDS, "seconds", "--worker-wait"),
    "max_zip_mb": Range(1, 1024 * 1024, "MiB", "--max-zip-mb"),
}
"""The range of every numeric field of :class:`GradingOptions` (those of ``limits`` are in
:data:`LIMIT_RANGES`); a test checks that no numeric field is left out."""

LIMIT_RANGES: dict[str, Range] = {
    "memory_mb": Range(1, 1024 * 1024, "MiB"),
    "address_space_mb": Range(1, 1024 * 1024, "MiB"),
    "cpu_seconds": Range(1, 7 * DAY_SECONDS, "seconds"),
    "nproc": Range(1, 100_000, "processes"),
    "fsize_mb": Range(1, 1024 * 1024, "MiB"),
    "nofile": Range(16, 1_000_000, "open files"),
    "disk_mb": Range(16, 1024 * 1024, "MiB", "--disk-limit"),  # room for the notebook itself
    "disk_files": Range(64, 100_000_000, "files", "--disk-files"),
}
"""The range of every field of :class:`~.sandbox.Limits` (the kernel's resource limits)."""


@dataclass(frozen=True)
class GradingOptions:
    """How to grade: assignment, parallelism, time limits, sandbox, secrets."""

    assignment: str = DEFAULT_ASSIGNMENT
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    cell_timeout: int = 120
    """Seconds one cell may run before it is interrupted."""
    notebook_timeout: int = 600
    """Seconds all the cells of one notebook may take together."""
    max_restarts: int = 3
    """Kernel restarts per notebook (kernel death or an unstoppable cell)."""
    max_output_chars: int = 200_000
    """Output kept per cell while it runs."""
    skip_tagged: bool = True
    """Leave out the cells tagged ``skip-when-grading`` that are safe to leave out (:mod:`.skipping`)."""
    prestart_kernel: bool = True
    """Start the next notebook's kernel while the current notebook runs, in a second sandbox slot
    (its own private uid and folders: :mod:`.prestart`). Behind the walls with a private user
    only; elsewhere every kernel starts when its notebook comes."""
    sandbox: bool = True
    """Run kernels with resource limits (and a private uid when root)."""
    unsafe_no_sandbox: bool = False
    """Run kernels without bubblewrap's walls (:mod:`.sandbox.walls`); limits and private uid
    stay. Without it, grading stops where bubblewrap is missing or refused. Recorded in
    ``grades.csv`` and ``results.json``."""
    kernel_packages: tuple[str, ...] = ("autograder",)
    """The course packages a kernel sees behind the walls (read-only), besides the Python installation."""
    reference_in_kernel: bool = False
    """Whether the hidden tests import the reference (``secret_packages``) inside the kernel, which
    then sees it behind the walls too. Off for this course: its hidden checks are compared in the
    grading worker (``trusted_checks``, :mod:`.integrity.reference`). On for a course whose hidden
    tests call the reference themselves, as plain nbgrader courses do (the toy course of the tests)."""
    limits: Limits = field(default_factory=Limits)
    secret_packages: tuple[str, ...] = ("solutions",)
    """Reference packages: flagged when students touch them, hidden in tracebacks."""
    trusted_checks: str = "autograder.trusted"
    """Module of the course's hidden checks the grader compares (integrity/reference.py); "" for none."""
    zip_regexp: str | None = None
    """How a flat zip from an LMS names its files: a name of :data:`LMS_PATTERNS` (None:
    ``blackboard``, nbgrader's documented example) or a ``named_regexp`` as nbgrader's
    ``FileNameCollectorPlugin`` takes (see :mod:`.collect`)."""
    max_zip_mb: int = 8 * 1024
    """The most a zip of submissions may take once extracted, in MiB, all members together (each
    member is bounded by :data:`MAX_FILE_BYTES`, their number by :data:`MAX_ZIP_MEMBERS`): the members
    past it are listed, not extracted."""
    startup_seconds: int = 120
    """Slack per student, on top of its notebooks' time limits, before its worker is killed."""
    reuse: ReuseMode = ReuseMode.RESUME
    """When the students an earlier run kept in the output folder are reused (:mod:`.store`)."""
    deadline: str | None = None
    """The submission deadline, ISO 8601 (``2026-12-01T23:59``; UTC when no zone is given).
    None (the default): no late policy, timestamps are only shown. See :mod:`.report.late`."""
    late_penalty_per_day: float = 0.0
    """Percent of the maximum score taken off per started day (24 h) past the deadline."""
    late_penalty_cap: float = 100.0
    """The most that lateness can take off, in percent of the maximum score."""
    late_grace_minutes: int = 0
    """Minutes after the deadline that still count as on time."""
    similarity_threshold: float = 5.0
    """Flag a pair of students when their discounted similarity on a blank is this many robust
    standard deviations (median absolute deviation x 1.4826) above the class's (:mod:`.report.similarity`)."""
    scheduler: str | None = None
    """A running Dask scheduler (``tcp://HOST:PORT`` or ``tls://HOST:PORT``) to grade on, instead of
    local workers (:mod:`.schedule.dask_pool`)."""
    security: str | None = None
    """A YAML file of Dask's TLS settings (``distributed.comm.tls``), needed for ``tls://``."""
    connect_timeout: float = 10
    """Seconds to reach the Dask scheduler before giving up."""
    worker_wait: float = 600
    """Seconds a Dask run waits while no worker grades for it (all gone or refused) before it
    stops as an interruption does, keeping what is graded (:mod:`.schedule.dask_pool`)."""

    def __post_init__(self) -> None:
        for name, allowed in RANGES.items():
            allowed.check(name, getattr(self, name))
        for limit in fields(self.limits):
            LIMIT_RANGES[limit.name].check(f"limits.{limit.name}", getattr(self.limits, limit.name))
        if (problem := self.limits.problem()) is not None:
            raise OptionError(problem)

    @property
    def walled(self) -> bool:
        """Whether kernels run behind bubblewrap's walls."""
        return self.sandbox and not self.unsafe_no_sandbox

    @property
    def sandbox_record(self) -> str:
        """What ``grades.csv`` and ``results.json`` say of the kernels' sandbox."""
        return walls.WALLED if self.walled else walls.UNWALLED

    def kernel_visible_packages(self) -> tuple[str, ...]:
        """The course packages a kernel sees behind the walls."""
        return self.kernel_packages + (self.secret_packages if self.reference_in_kernel else ())

    def student_deadline(self, notebooks: int) -> float:
        """Seconds a worker may spend on one student before it is presumed stuck."""
        return notebooks * (self.notebook_timeout + 60) + self.startup_seconds

    def to_json(self) -> dict[str, Any]:
        """A JSON-compatible dict (see :meth:`from_json`)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GradingOptions:
        """Rebuild options written by :meth:`to_json`."""
        data = dict(data)
        data["limits"] = Limits(**data.get("limits", {}))
        data["secret_packages"] = tuple(data.get("secret_packages", ()))
        data["kernel_packages"] = tuple(data.get("kernel_packages", cls.kernel_packages))
        data["reuse"] = ReuseMode(data.get("reuse", ReuseMode.RESUME))
        return cls(**data)


DEMO_OPTIONS = GradingOptions(cell_timeout=10, notebook_timeout=180)
"""The demo's limits (``nncourse demo``): the longest reference cell takes about 4 s, and finn's
endless loop should cost seconds, not the two minutes of the real default."""
