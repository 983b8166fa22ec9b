"""How to run the check of any blank on any implementation (tests only).

``run_check("sigmoid", impl)`` calls the notebook's check for that blank with
``impl`` in place of the reference, exactly as the test cell does; both tables
come from the registry of blanks (``autograder.blanks``). ``mistakes_of`` and ``call_failure`` give the
hints (mistake ids) and message of a check, or of the checks' ``call``, that must fail.
"""

import importlib
from collections.abc import Callable
from functools import partial

import pytest

from autograder.blanks import BLANKS, BY_NAME, Blank
from autograder.checking import CheckFailed, call
from nncourse.case_runners import reference


def _solutions(blank: Blank):
    return importlib.import_module(f"solutions.{blank.module}")


#: The reference implementation of every blank (a constants blank: a dict of its values).
REFERENCE: dict[str, object] = {b.name: reference(_solutions(b), b.name) for b in BLANKS}


def _run(blank: Blank, impl: object) -> None:
    """The test cell's call: ``check(impl, *uses)``, or ``check(*uses, *constants)`` for constants."""
    uses = [REFERENCE[name] for name in blank.check_uses]
    if blank.constants:
        blank.check(*uses, *(impl[name] for name in blank.constants))
    else:
        blank.check(impl, *uses)


#: blank -> the check its test cell runs, taking the implementation to judge
CHECKS: dict[str, Callable] = {b.name: partial(_run, b) for b in BLANKS}


def run_check(blank: str, impl: object) -> None:
    """Run ``blank``'s check on ``impl``; raises when the check fails."""
    _run(BY_NAME[blank], impl)


def call_failure(fn: Callable, *args: object):
    """The CheckFailed that the checks' ``call`` raises for fn(*args) (it must raise one)."""
    with pytest.raises(CheckFailed) as info:
        call(fn, *args, label="f(...)")
    return info.value


def mistakes_of(blank: str, impl: object) -> tuple[tuple[str, ...], str]:
    """(the mistake ids its hints name, its message) of ``blank``'s check failing on ``impl``."""
    with pytest.raises(CheckFailed) as info:
        run_check(blank, impl)
    return info.value.mistakes, str(info.value)
