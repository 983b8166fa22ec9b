"""Where a step function fires: probes that separate a strict step from a shifted threshold.

A claim about the boundary of a step (w·x + b >= 0) needs points that tell it from its
neighbours: the stored points alone may have nothing between 0 and 0.5, so a strict step
(> 0) and a threshold moved to 0.5 give the same outputs there. ``probe_step`` calls the
student's own step on pre-activations s just below, on and just above 0, and finds where
it starts firing by bisection when that is elsewhere, so that each claim is proven:
- "strict": 0 at s = 0 and 1 just above it (and 0 just below);
- "shifted": a threshold t != 0, with 0 everywhere below t and 1 above it on a grid.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

#: how far from the boundary the probes just above and below it are (pre-activation units)
EPSILON = 1e-9
#: the range searched for a moved threshold (pre-activation units)
SEARCH_LIMIT = 1e3


@dataclass(frozen=True)
class StepBoundary:
    """What the probes proved: ``strict`` (fires above 0 but not at 0), or ``threshold``, the
    pre-activation where a monotone step starts firing when that is not 0 (None otherwise)."""

    strict: bool
    threshold: float | None


def probe_step(fires: Callable[[float], int | None]) -> StepBoundary:
    """Probe a step unit through ``fires(s)``: its output (0/1, None when unusable) at pre-activation s.

    s is in pre-activation units (w·x + b). About 60 calls at most.
    """
    below, on, above = fires(-EPSILON), fires(0.0), fires(EPSILON)
    strict = below == 0 and on == 0 and above == 1
    threshold = None
    if not strict and on == 0 and above == 0:
        threshold = _start(fires, EPSILON, SEARCH_LIMIT)
    elif below == 1:
        threshold = _start(fires, -SEARCH_LIMIT, -EPSILON)
    return StepBoundary(strict, threshold)


def _start(fires: Callable[[float], int | None], low: float, high: float) -> float | None:
    """The s in [low, high] where the step goes from 0 to 1, when it is monotone there (else None)."""
    if fires(low) != 0 or fires(high) != 1:
        return None
    for _ in range(60):
        if high - low <= 1e-9 * max(1.0, abs(high)):
            break
        middle = (low + high) / 2
        if fires(middle) == 1:
            high = middle
        else:
            low = middle
    # monotone: every grid point below the start is 0, every one above it 1
    grid = np.linspace(low - 10 * abs(low) - 1, high + 10 * abs(high) + 1, 21)
    if any(fires(float(s)) != int(s >= high) for s in grid if abs(s - high) > 1e-6 * max(1.0, abs(high))):
        return None
    return float(high)
