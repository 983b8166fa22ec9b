"""State carried between an optimizer's calls (``autograder/checks/what_next.py``): the state returned
is the one the step started from, and a first state whose count starts one ahead."""

import inspect
import textwrap

import numpy as np
import pytest

from autograder.checking import CheckFailed
from autograder.checks import check_adam_step, check_momentum_step
from solutions import what_next


def _variant(fn, old: str, new: str):
    """The reference ``fn`` with one line changed, defined in a namespace of its own."""
    source = textwrap.dedent(inspect.getsource(fn))
    assert old in source
    namespace = {"np": np}
    exec(source.replace(old, new), namespace)
    return namespace[fn.__name__]


def _ids(check, fn) -> tuple[str, ...]:
    with pytest.raises(CheckFailed) as failed:
        check(fn)
    return failed.value.mistakes


def test_a_momentum_step_returning_the_velocity_it_started_from():
    old_velocity = _variant(what_next.momentum_step, "return new_params, new_velocity",
                            "return new_params, velocity")
    assert "fp.not_updated" in _ids(check_momentum_step, old_velocity)


def test_an_adam_state_whose_count_starts_at_one():
    ahead = _variant(what_next.adam_step, 'state = {"t": 0,', 'state = {"t": 1,')
    assert _ids(check_adam_step, ahead) == ("fp.initial_state",)


def test_a_count_that_steps_by_two_is_not_blamed_on_the_first_state():
    by_two = _variant(what_next.adam_step, 't = state["t"] + 1', 't = state["t"] + 2')
    assert "fp.initial_state" not in _ids(check_adam_step, by_two)
