"""A wall-clock budget for one slow student call (a training run), with a clear message when spent.

The accuracy targets train the student's network inside the graded cell. An
alarm interrupts that call at the budget, so the cell ends with a message that
says what to change instead of hitting the grader's cell timeout, which would
only say that the cell took too long. Unix only (SIGALRM), like the grader.
"""

import signal
import time
from collections.abc import Callable
from typing import Any

from autograder.checking import call, fail


class _OverBudget(BaseException):
    """Raised by the alarm inside the student's call.

    A BaseException, so that neither ``call``'s handler (which turns an
    ``Exception`` into "your code raised ...") nor a student's own
    ``except Exception`` swallows it.
    """


def _raise_over_budget(signum, frame):
    raise _OverBudget


def call_within_budget(budget: float, advice: str, fn: Callable, *args: Any, label: str,
                       **kwargs: Any) -> tuple[Any, float]:
    """``call(fn, *args, label=label, **kwargs)``, stopped after ``budget`` seconds of wall time.

    Returns (the call's result, seconds it took). Past the budget the check
    fails with "<label> took more than the <budget> s budget" followed by
    ``advice``, what to change, with its own leading punctuation (". Use fewer
    EPOCHS ..."). The previous SIGALRM handler is restored either way.
    """
    __tracebackhide__ = True
    previous = signal.signal(signal.SIGALRM, _raise_over_budget)
    signal.setitimer(signal.ITIMER_REAL, budget)
    start = time.perf_counter()
    try:
        result = call(fn, *args, label=label, **kwargs)
    except _OverBudget:
        fail(f"{label} took more than the {budget} s budget{advice}")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return result, time.perf_counter() - start
