"""Hidden tests: a student's function against the reference on fresh random inputs.

They run inside ``### BEGIN HIDDEN TESTS`` blocks, which nbgrader removes from
the students' notebooks, and need the instructor's ``solutions`` package:

    hidden_check("sigmoid", sigmoid, seed=11)

The inputs are drawn from the given seed by the blank's case generator
(``autograder.hidden_cases``, named in the registry ``autograder.blanks``); the
expected outputs come from ``solutions`` at grading time, so nothing here holds
an answer.
"""

from collections.abc import Callable

import numpy as np

from autograder.blanks import BLANKS
from autograder.checking import (
    call,
    call_isolated,
    expect_array,
    expect_close,
    expect_int,
    expect_keys,
    expect_number,
    expect_true,
    fail,
    passed,
    show,
)
from autograder.hidden_cases import Cases, reference


def compare(got, expected, what: str) -> None:
    """Type, then shape, then values, recursively through tuples, lists and dicts."""
    __tracebackhide__ = True
    if isinstance(expected, dict):
        expect_keys(got, what, tuple(expected))
        for key in expected:
            compare(got[key], expected[key], f"{what}[{key!r}]")
    elif isinstance(expected, tuple | list):
        expect_true(isinstance(got, tuple | list) and len(got) == len(expected),
                    f"{what} should be a {type(expected).__name__} of {len(expected)} items; "
                    f"got {show(got)}.")
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            compare(g, e, f"{what}[{i}]")
    elif isinstance(expected, np.ndarray):
        kind = "int" if expected.dtype.kind in "iu" else "float64"
        expect_array(got, what, shape=expected.shape, kind=kind)
        expect_close(got, expected, what)
    elif isinstance(expected, int | np.integer):
        expect_close(expect_int(got, what, allowed=(int(expected),)), expected, what)
    else:
        expect_close(expect_number(got, what), expected, what)


def against_reference(student: Callable, ref: Callable, cases: Cases, label: str,
                      isolated: bool = True) -> None:
    """Run both on every case and compare; the student's code sees copies only.

    isolated: hide the notebook's global arrays from the student's function
    (off for blanks that are meant to use global constants, like xor's gates).
    """
    __tracebackhide__ = True
    run = call_isolated if isolated else call
    for args, kwargs in cases:
        expected = ref(*args, **kwargs)
        got = run(student, *args, label=label, **kwargs)
        compare(got, expected, f"{label} on a hidden random input")


#: blanks whose hidden tests compare with the reference: blank -> (solutions module, case generator)
CASES: dict[str, tuple[str, Callable]] = {b.name: (b.module, b.hidden) for b in BLANKS if b.hidden}
#: blanks whose hidden tests check properties instead: blank -> property test
PROPERTIES: dict[str, Callable] = {b.name: b.properties for b in BLANKS if b.properties}
#: blanks built on the notebook's constants (xor uses the gates' weights)
USES_GLOBAL_CONSTANTS = {b.name for b in BLANKS if b.uses_globals}


def hidden_check(blank: str, fn: Callable, seed: int) -> None:
    """Judge ``fn`` against the reference (or by properties) on inputs drawn from ``seed``."""
    __tracebackhide__ = True
    rng = np.random.default_rng(seed)
    if blank in PROPERTIES:
        PROPERTIES[blank](fn, rng)
    elif blank in CASES:
        module, make_cases = CASES[blank]
        ref = getattr(reference(module), blank)
        against_reference(fn, ref, make_cases(rng), label=f"{blank}(...)",
                          isolated=blank not in USES_GLOBAL_CONSTANTS)
    else:
        fail(f"no hidden test is defined for {blank!r}")
    passed(f"{blank} (hidden tests)", "right on fresh random inputs")
