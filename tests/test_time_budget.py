"""The time budget of the accuracy targets: a slow training run ends with advice, not a timeout."""

import signal
import time

import pytest

from autograder.checking import CheckFailed
from autograder.checks.training import spiral_accuracy
from autograder.time_budget import call_within_budget
from solutions import training


def _slow(*args, **kwargs):
    time.sleep(5)


def _catches_everything(*args, **kwargs):
    try:
        time.sleep(5)
    except Exception:  # a student's blanket handler must not swallow the budget
        return "swallowed"
    return "slept"


@pytest.mark.parametrize("fn", [_slow, _catches_everything])
def test_a_call_over_budget_fails_with_the_advice_and_restores_the_handler(fn):
    before = signal.getsignal(signal.SIGALRM)
    start = time.perf_counter()
    with pytest.raises(CheckFailed) as failed:
        call_within_budget(0.2, ": go faster.", fn, 1, label="train(1)")
    assert time.perf_counter() - start < 4
    assert str(failed.value) == "train(1) took more than the 0.2 s budget: go faster."
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_call_within_budget_returns_its_result_and_time():
    result, seconds = call_within_budget(5, ".", lambda x: x + 1, 1, label="f(1)")
    assert result == 2 and 0 <= seconds < 5
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_spiral_target_names_its_budget():
    with pytest.raises(CheckFailed, match=r"took more than the 0.2 s budget\. Use fewer EPOCHS"):
        spiral_accuracy(_slow, training.predict, 4, 0.5, 10, time_budget=0.2)


def test_run_within_stops_a_call_without_failing_and_keeps_an_outer_limit():
    from autograder.time_budget import run_within, time_limit

    assert run_within(5, lambda x: x + 1, 1) == (True, 2)
    with pytest.raises(CheckFailed, match=r"outer took more than the 0\.6 s budget"):
        with time_limit(0.6, "outer", "."):
            assert run_within(0.1, _slow) == (False, None)
            time.sleep(5)  # the outer limit, re-armed, still ends this
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
