"""The grading engine: nbgrader autograde in parallel, sandboxed and tamper-proof.

    from nncourse.grading import GradingOptions, grade
    result = grade("submissions.zip", "grading_out", GradingOptions(workers=2))
    print(result.summary)

See :mod:`nncourse.grading.api` for the steps and the output folder, and
``docs/architecture.md`` for the sub-packages: ``sandbox/`` (the kernel's limits),
``integrity/`` (tests restored, cheats flagged, hidden tests redacted), ``schedule/``
(worker processes and their gradebooks) and ``report/`` (results, summary, feedback).
"""

from .api import GradingInterrupted, GradingResult, Progress, grade, print_progress
from .options import GradingOptions
from .sandbox import Limits
from .status import ReuseMode

__all__ = [
    "GradingInterrupted",
    "GradingOptions",
    "GradingResult",
    "Limits",
    "Progress",
    "ReuseMode",
    "grade",
    "print_progress",
]
