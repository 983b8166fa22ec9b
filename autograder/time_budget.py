"""A wall-clock budget for one slow student call (a training run), with a clear message when spent.

The accuracy targets train the student's network inside the graded cell, and the
checks of every blank that trains (``train``, ``grid_search``, ``train_perceptron``)
run the student's loop. An alarm interrupts that call at the budget, so the cell
ends with a message that says what to change (or what the likely cause is: a loop
that never ends) instead of hanging the student's kernel or hitting the grader's
cell timeout, which would only say that the cell took too long. Unix only
(SIGALRM), like the grader.
"""

import contextlib
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

from autograder.checking import call, fail, hint_line

HINT_RUN_BUDGET = 2.0
"""Seconds a second run of a student's function made only for a hint may take (the call trace's
run of a failed blank, the rerun that asks whether a result is reproducible): the reference's
runs take 43 ms at most (grid_search's traced run, 2026-12-02). Past it the run is stopped, there
is no hint and the check's failure stands, so a slow loop never runs twice to the cell's limit."""


class _OverBudget(BaseException):
    """Raised by the alarm inside the student's call.

    A BaseException, so that neither ``call``'s handler (which turns an
    ``Exception`` into "your code raised ...") nor a student's own
    ``except Exception`` swallows it.
    """


def _raise_over_budget(signum, frame):
    raise _OverBudget


#: What a check that runs a short training loop says when it is over budget: the runs it makes
#: take well under a second, so a loop that never ends is the likely cause.
ENDLESS_LOOP = ("fp.endless_loop", "these few epochs on a few dozen points take well under a second, so the "
                "likely cause is a loop that never ends, such as `while epoch < epochs:` whose counter is "
                "never increased (no `epoch += 1`), or a `while` that waits for a loss or an error count "
                "that never comes. Loop with `for epoch in range(epochs):`, which cannot forget the step, "
                "then run your cell and this one again.")


@contextlib.contextmanager
def _alarm(budget: float) -> Iterator[None]:
    """``_OverBudget`` is raised in the block after ``budget`` seconds of wall time.

    Nested alarms: an outer alarm still running is re-armed with what is left of it when the
    block ends (at least a millisecond, so that it still fires). Outside the main thread (no
    signals there) the block runs without a limit.
    """
    try:
        previous = signal.signal(signal.SIGALRM, _raise_over_budget)
    except ValueError:  # not the main thread: signals cannot be used
        yield
        return
    outer, _ = signal.setitimer(signal.ITIMER_REAL, budget)
    start = time.perf_counter()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.perf_counter() - start), 1e-3))


@contextlib.contextmanager
def time_limit(budget: float, label: str, advice: str | tuple[str, str]) -> Iterator[None]:
    """The block is stopped after ``budget`` seconds of wall time, failing with
    "<label> took more than the <budget> s budget<advice>".

    advice: the text after the budget, with its own leading punctuation; or (mistake id, text), the
    likely cause as the failure's hint (a tagged hint: the call traces do not re-run the call).
    Nested limits and threads: as :func:`_alarm`.
    """
    __tracebackhide__ = True
    try:
        with _alarm(budget):
            yield
    except _OverBudget:
        said = f"{label} took more than the {budget:g} s budget"
        fail(f"{said}{advice}" if isinstance(advice, str) else f"{said}.{hint_line(*advice)}")


def run_within(budget: float, fn: Callable, *args: Any, **kwargs: Any) -> tuple[bool, Any]:
    """``fn(*args, **kwargs)`` stopped after ``budget`` seconds of wall time, for a call whose result
    is only a bonus (a hint): (True, its result), or (False, None) once stopped; nothing fails.
    What ``fn`` raises is raised."""
    try:
        with _alarm(budget):
            return True, fn(*args, **kwargs)
    except _OverBudget:  # also when the alarm fired as fn returned: the budget was spent
        return False, None


def call_within_budget(budget: float, advice: str, fn: Callable, *args: Any, label: str,
                       **kwargs: Any) -> tuple[Any, float]:
    """``call(fn, *args, label=label, **kwargs)``, stopped after ``budget`` seconds of wall time.

    Returns (the call's result, seconds it took). Past the budget the check
    fails with "<label> took more than the <budget> s budget" followed by
    ``advice``, what to change, with its own leading punctuation (". Use fewer
    EPOCHS ..."). The previous SIGALRM handler is restored either way.
    """
    __tracebackhide__ = True
    start = time.perf_counter()
    with time_limit(budget, label, advice):
        result = call(fn, *args, label=label, **kwargs)
    return result, time.perf_counter() - start
