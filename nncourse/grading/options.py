"""Settings of a grading run (one frozen dataclass, JSON-serialisable for the workers)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any

from .sandbox import Limits
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
    skip_tagged: bool = True
    """Leave out the cells tagged ``skip-when-grading`` that are safe to leave out (:mod:`.skipping`)."""
    sandbox: bool = True
    """Run kernels with resource limits (and a private uid when root)."""
    limits: Limits = field(default_factory=Limits)
    secret_packages: tuple[str, ...] = ("solutions",)
    """Reference packages: flagged when students touch them, hidden in tracebacks."""
    zip_regexp: str | None = None
    """``FileNameCollectorPlugin.named_regexp`` for zip files from an LMS (see :mod:`.collect`)."""
    startup_seconds: int = 120
    """Slack per student, on top of its notebooks' time limits, before its worker is killed."""
    reuse: ReuseMode = ReuseMode.RESUME
    """When the students an earlier run kept in the output folder are reused (:mod:`.store`)."""

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
        data["reuse"] = ReuseMode(data.get("reuse", ReuseMode.RESUME))
        return cls(**data)
