"""The grading engine: nbgrader autograde in parallel, sandboxed and tamper-proof.

    from nncourse.grading import grade
    result = grade("submissions.zip", "grading_out", workers=2)
    print(result.summary)

See :mod:`nncourse.grading.api` for the steps and the output folder.
"""

from .api import GradingResult, Progress, grade
from .options import GradingOptions
from .sandbox import Limits

__all__ = ["GradingOptions", "GradingResult", "Limits", "Progress", "grade"]
