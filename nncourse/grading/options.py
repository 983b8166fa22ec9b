"""Settings of a grading run (one frozen dataclass, JSON-serialisable for the workers)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any

from .sandbox import Limits, walls
from .status import ReuseMode

DEFAULT_ASSIGNMENT = "neural_networks"


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
    sandbox: bool = True
    """Run kernels with resource limits (and a private uid when root)."""
    unsafe_no_sandbox: bool = False
    """Run kernels without bubblewrap's walls (:mod:`.sandbox.walls`); limits and private uid
    stay. Without it, grading stops where bubblewrap is missing or refused. Recorded in
    ``grades.csv`` and ``results.json``."""
    kernel_packages: tuple[str, ...] = ("autograder",)
    """The course packages a kernel sees behind the walls (read-only), besides the Python installation."""
    reference_in_kernel: bool = True
    """Whether the hidden tests import the reference (``secret_packages``) inside the kernel, which
    then sees it behind the walls too. Transitional: False once the comparison runs in the
    grading worker (issue 16, the reference outside the kernel)."""
    limits: Limits = field(default_factory=Limits)
    secret_packages: tuple[str, ...] = ("solutions",)
    """Reference packages: flagged when students touch them, hidden in tracebacks."""
    zip_regexp: str | None = None
    """``FileNameCollectorPlugin.named_regexp`` for zip files from an LMS (see :mod:`.collect`)."""
    startup_seconds: int = 120
    """Slack per student, on top of its notebooks' time limits, before its worker is killed."""
    reuse: ReuseMode = ReuseMode.RESUME
    """When the students an earlier run kept in the output folder are reused (:mod:`.store`)."""

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
