"""The grading engine: nbgrader autograde in parallel, sandboxed and tamper-proof.

    from nncourse.grading import GradingOptions, grade
    result = grade("submissions.zip", "grading_out", GradingOptions(workers=2))
    print(result.summary)

See :mod:`nncourse.grading.api` for the steps and the output folder, and
``docs/architecture.md`` for the sub-packages: ``sandbox/`` (the kernel's limits),
``integrity/`` (tests restored, cheats flagged, hidden tests redacted), ``schedule/``
(worker processes and their gradebooks) and ``report/`` (results, summary, feedback).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "GradingInterrupted": ".api",
    "GradingResult": ".api",
    "Progress": ".api",
    "grade": ".api",
    "print_progress": ".api",
    "GradingOptions": ".options",
    "Limits": ".sandbox",
    "ReuseMode": ".status",
}
"""Public name -> the submodule defining it. Imported on first use (PEP 562), so that a
light submodule (the feedback preprocessor that the course's ``nbgrader_config.py``
loads into every plain nbgrader command) does not pay for the engine's imports."""

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
