"""A numeric argument that has no effect: the student's function called at two values of it.

For a blank with a numeric parameter (alpha, lr, beta, ...) the check knows the
right output at any value of it (``expected_at``). The student's own function
is called at two values, on the same input: when its output is identical where
the right outputs differ, the argument is not used (the fact
"fp.ignores_argument"). When that fixed output is the right one at some value
(the function's own default, or a common constant such as 0.01), the hint names
it: that value is probably hard-coded where the argument belongs.
"""

import inspect
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from autograder.checking import all_close, call_isolated, ignores_argument
from autograder.fingerprints import Hypothesis, distinct_magnitudes, fact

#: Values often typed in place of a parameter (leaky ReLU's 0.01, a learning rate of 0.1, 1...).
COMMON_CONSTANTS = (0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 1.0)


def _default(fn: Callable, name: str) -> float | None:
    """The default value of ``fn``'s parameter ``name``, when it has a numeric one."""
    try:
        default = inspect.signature(fn).parameters[name].default
    except (KeyError, TypeError, ValueError):
        return None
    return float(default) if isinstance(default, int | float) and not isinstance(default, bool) else None


def unused_parameter(fn: Callable, args: tuple, name: str, values: tuple[float, float],
                     expected_at: Callable[[float], np.ndarray], label: str, what: str,
                     constants: Iterable[float] = COMMON_CONSTANTS,
                     part: Callable[[Any], Any] | None = None) -> Hypothesis:
    """The fact "``fn`` ignores its numeric argument ``name``", naming the value hard-coded in its place.

    args: the call's other (positional) arguments; values: two values of the
    argument at which the right outputs differ; expected_at(v): the right output
    at value v (an array of the output's shape); label: the call as the student
    reads it; what: the blank's name, for the hint; part: for a result of several
    parts (a dict), the part ``expected_at`` gives (``lambda new: new["W1"]``).
    Holds when the student's outputs at both values are identical, entry for entry.
    """
    first, second = values
    unused = fact("fp.ignores_argument", "", False)
    if all_close(expected_at(first), expected_at(second)):
        return unused  # the argument does not change the right output here: nothing to learn
    try:
        given = call_isolated(fn, *args, label=label, **{name: first})
    except (AssertionError, NotImplementedError, TypeError, ValueError):
        return unused
    if not ignores_argument(fn, args, {name: first}, name, second, given, label).holds:
        return unused
    # the fact is "no effect": whether name is left out, replaced by a number, or scales entries
    # already made 0 before it applies, the outputs cannot tell (without a fixed value found)
    hint = (f"your {what} gives the same output for {name} = {first:g} and {name} = {second:g}: {name} "
            "has no effect on it.")
    try:
        judged = given if part is None else part(given)
    except (KeyError, IndexError, TypeError):
        judged = None
    hint += _fixed_value_words(fn, name, judged, expected_at, constants) or \
        (f" For example {name} is not in the formula, a fixed value stands where it belongs, what "
         f"{name} multiplies is already 0 when it is applied (made 0 by an earlier step), or the result "
         f"computed with {name} is replaced afterwards (by the value it started from, or a later line).")
    return fact("fp.ignores_argument", hint, True)


def _fixed_value_words(fn: Callable, name: str, given: Any, expected_at: Callable[[float], np.ndarray],
                       constants: Iterable[float]) -> str:
    """" Its output is the one for alpha = 0.01: ..." when the fixed output is right at one value; else ""."""
    try:
        given = np.asarray(given, dtype=np.float64)
    except (TypeError, ValueError):
        return ""
    if given.ndim == 0 or not np.isfinite(given).all():
        return ""
    if distinct_magnitudes(given, given) < 2:
        return ""  # one number fits too many values to name one
    default = _default(fn, name)
    for value in dict.fromkeys([*([default] if default is not None else []), *constants]):
        at = np.asarray(expected_at(value), dtype=np.float64)
        if at.shape == given.shape and all_close(given, at):
            if value == default:
                return (f" Its output is the right one for {name} = {value:g}, your function's default: "
                        f"the default is used where the argument {name} belongs.")
            return (f" Its output is the right one for {name} = {value:g}: is {value:g} hard-coded where "
                    f"{name} belongs? Use the argument {name}.")
    return ""
