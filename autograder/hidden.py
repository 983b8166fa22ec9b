"""Hidden tests: a student's function against the reference on fresh random inputs.

They run inside ``### BEGIN HIDDEN TESTS`` blocks, which nbgrader removes from
the students' notebooks:

    hidden_check("sigmoid", sigmoid, seed=11)

The inputs are drawn from the given seed by the blank's case generator
(``autograder.hidden_cases``, named in the registry ``autograder.blanks``); the
expected outputs come from the instructor's ``solutions`` package, so nothing
here holds an answer. Where the comparison happens depends on who grades:

* **Outside the kernel** (``nncourse grade``): the grader sets
  ``NNCOURSE_HIDDEN_INPUTS`` (:data:`autograder.answers.INPUTS_ENV`) to a file of
  the inputs it drew itself. The kernel calls the student's function on them and
  hands the outputs back as data (:func:`emit_answers`); it never imports
  ``solutions`` and learns nothing, not even pass or fail. The grader compares
  (``nncourse.grading.integrity.reference``) with :func:`compare`, this module's,
  and writes the cell's verdict. The variable cannot unlock the other mode: a
  kernel that unsets it finds no ``solutions`` (the sandbox and the runtime audit
  refuse it) and the grader, which knows it compares, fails a cell that sent no answers.
* **In the kernel** (plain ``nbgrader autograde`` on an instructor's machine, the
  variable unset): the reference is imported here and compared on the spot, as
  formgrader users have always had it. It trusts the kernel, so it is for
  instructors' own runs, not for grading students' work in bulk.

Property tests (:data:`PROPERTIES`: ``init_params``, ``train_val_split``) stay in
the kernel in both modes: they check what must hold (shapes, reproducibility, a
partition), need no reference output, and so have nothing to hide. So does the
spiral notebook's accuracy target, which is a threshold, not a reference.
"""

import dataclasses
import inspect
import json
import os
import sys
from collections.abc import Callable

import numpy as np

from autograder import changed_defaults, signature_defaults
from autograder.answers import ANSWER_MIME, INPUTS_ENV, decode, encode
from autograder.blanks import BLANKS
from autograder.captured import errstate as _errstate
from autograder.captured import isclose as _isclose
from autograder.captured import ndarray as _ndarray
from autograder.checking import (
    CheckFailed,
    Clues,
    call,
    call_isolated,
    expect_array,
    expect_close,
    expect_int,
    expect_keys,
    expect_number,
    expect_true,
    fail,
    hint_line,
    passed,
    passed_text,
    show,
)
from autograder.dict_keys import exchanged_entries
from autograder.hidden_cases import Cases, edges_of, reference
from autograder.source_facts import studying


def compare(got, expected, what: str, clues: Clues | None = None) -> None:
    """Type, then shape, then values, recursively through tuples, lists and dicts.

    clues: what the case tells the fingerprints (:func:`case_clues`), never shown in the message.
    """
    __tracebackhide__ = True
    if isinstance(expected, dict):
        expect_keys(got, what, tuple(expected))
        exchanged = exchanged_entries(got, expected, what)
        if exchanged:
            fail(f"{what} has two entries in each other's places.\n{exchanged.line()}")
        for key in expected:
            entry = clues.by_key.get(key, clues) if clues else None
            compare(got[key], expected[key], f"{what}[{key!r}]", entry)
    elif isinstance(expected, tuple | list):
        expect_true(isinstance(got, tuple | list) and len(got) == len(expected),
                    f"{what} should be a {type(expected).__name__} of {len(expected)} items; "
                    f"got {show(got)}.")
        # an item's entries start from no input entry that can be told by keys alone (momentum's new
        # params and its velocity both hold params' keys): no start inside a tuple
        inner = dataclasses.replace(clues, by_key={}) if clues else None
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            compare(g, e, f"{what}[{i}]", inner)
    elif isinstance(expected, np.ndarray):
        kind = "int" if expected.dtype.kind in "iu" else "float64"
        expect_array(got, what, shape=expected.shape, kind=kind)
        expect_close(got, expected, what, clues=clues)
    elif isinstance(expected, int | np.integer):
        expect_close(expect_int(got, what, allowed=(int(expected),), expected=int(expected)), expected, what,
                     clues=clues)
    else:
        expect_close(expect_number(got, what), expected, what, clues=clues)


def case_clues(ref: Callable, args: tuple, kwargs: dict) -> Clues:
    """A hidden case's array inputs by REF's parameter names: for the fingerprints that need the input
    (an output clipped beyond some x, the input returned unchanged), as the visible checks give them.
    Random inputs of scale 4 reach where a visible check's grid stops (a ReLU capped at 6). An entry
    of a dict input that no other dict input shares a key with is the start of the output's entry
    of that key (``Clues.by_key``: an update's step is judged from it)."""
    try:
        bound = inspect.signature(ref).bind(*args, **kwargs).arguments
    except (TypeError, ValueError):
        return Clues()
    arrays = {k: v for k, v in bound.items() if isinstance(v, np.ndarray)}
    # a dict of arrays in (params) whose key one dict alone holds: an entry out by that key is an
    # update of that entry (sgd_step's new params['W1'] starts from params['W1'])
    holders: dict[str, list[np.ndarray]] = {}
    for value in bound.values():
        if isinstance(value, dict):
            for key, entry in value.items():
                if isinstance(entry, np.ndarray):
                    holders.setdefault(key, []).append(entry)
    by_key = {key: Clues(inputs=arrays, start=entries[0])
              for key, entries in holders.items() if len(entries) == 1}
    return Clues(inputs=arrays, by_key=by_key)


def against_reference(student: Callable, ref: Callable, cases: Cases, label: str,
                      isolated: bool = True) -> None:
    """Run both on every case and compare; the student's code sees copies only.

    isolated: hide the notebook's global arrays from the student's function
    (off for blanks that are meant to use global constants, like xor's gates).
    """
    __tracebackhide__ = True
    run = call_isolated if isolated else call
    failures: Failures = {}
    for i, (args, kwargs) in enumerate(cases):
        expected = ref(*args, **kwargs)
        try:
            got = run(student, *args, label=label, **kwargs)
        except CheckFailed as exc:  # the function raised or warned: the later cases would not say more
            failures[i] = exc
            break
        failures.update(failure(got, expected, case_label(label, cases, i), case_clues(ref, args, kwargs), i))
    raise_telling(failures, cases)


#: the failing cases of a hidden check: case index -> its CheckFailed
Failures = dict[int, CheckFailed]


def case_label(label: str, cases: Cases, i: int) -> str:
    """How case I of CASES is named in a message: a random input, or the edge it is."""
    edge = edges_of(cases).get(i)
    return f"{label} {edge.where}" if edge else f"{label} on a hidden random input"


def failure(got, expected, what: str, clues: Clues | None = None, index: int = 0) -> Failures:
    """{INDEX: the CheckFailed of ``compare``}, or {} where GOT matches."""
    try:
        compare(got, expected, what, clues)
    except CheckFailed as exc:
        exc.values = (got, expected)  # what an edge's cause is tested on (``edge_failure``)
        return {index: exc}
    return {}


def raise_telling(failures: Failures, cases: Cases = ()) -> None:
    """Raise what FAILURES (the failing cases of CASES) tell: where every ordinary case passed and only
    edges fail, the first edge's failure with the edge named (:func:`edge_failure`); else the first
    failure whose message names a mistake, else the first: every case is a true failure, and one may
    hold what a fingerprint needs (a clip shows on the sweep of sizes, not on a random array with one
    entry past it)."""
    __tracebackhide__ = True
    if failures:
        found = edge_failure(failures, cases)
        raise found or next((f for f in failures.values() if f.mistakes), next(iter(failures.values())))


def _failing_entries(got, expected, args: tuple) -> str:
    """" It fails at the inputs 1e-07 and 3e-12, and is right at the others." for an elementwise edge
    case (an output of its input's shape) wrong at some entries only; "" otherwise."""
    x = args[0] if args else None
    # the captured functions: the student's notebook may have rebound np.isclose
    if not all(type(v) is _ndarray for v in (got, expected, x)) \
            or not got.shape == expected.shape == x.shape:
        return ""
    with _errstate(all="ignore"):
        wrong = ~_isclose(got.astype(float), expected.astype(float), rtol=1e-7, atol=1e-12)
    if not wrong.any() or wrong.all():
        return ""
    at = [f"{v:g}" for v in x[wrong].ravel()[:6]]
    listed = ", ".join(at[:-1]) + f" and {at[-1]}" if len(at) > 1 else at[0]
    return f" It fails at the input{'s' if len(at) > 1 else ''} {listed}, and is right at the others."


def edge_failure(failures: Failures, cases: Cases) -> CheckFailed | None:
    """The first failing edge's CheckFailed with a hint naming the edge, where FAILURES are edges of
    CASES alone: the function is right on every ordinary case, so its slip lies in that corner of the
    contract. None where an ordinary case fails too, or CASES has no edge or no ordinary case.

    The edge's hint is appended after any hint its own failure names (a value fingerprint of that
    case). It says which entries fail (for an elementwise case) and the edge's cause only where
    the failing values prove it (``Edge.cause``).
    """
    edges = edges_of(cases)
    if not edges or not failures or min(edges) == 0 or not set(failures) <= set(edges):
        return None
    first = min(failures)
    edge, exc = edges[first], failures[first]
    # a fact about the inputs tried, not about every input of that kind (J26c: a slip on [0, alpha)
    # showed on the tiny inputs alone, and "wrong only on tiny inputs" claimed more)
    text = (f"your function passes every ordinary hidden case and fails {edge.where}; there the notebook "
            f"asks for {edge.asks}.")
    values = getattr(exc, "values", None)
    args = cases[first][0]
    if values is not None:
        text += _failing_entries(*values, args)
    if edge.cause is not None and values is not None and edge.cause[0](*values, args):
        text += f" {edge.cause[1]}"
    found = CheckFailed(str(exc) + hint_line(f"edge.{edge.name}", text))
    found.__cause__ = exc.__cause__
    return found


#: blanks whose hidden tests compare with the reference: blank -> (solutions module, case generator)
CASES: dict[str, tuple[str, Callable]] = {b.name: (b.module, b.hidden) for b in BLANKS if b.hidden}
#: blanks whose hidden tests check properties instead: blank -> property test
PROPERTIES: dict[str, Callable] = {b.name: b.properties for b in BLANKS if b.properties}
#: blanks built on the notebook's constants (xor uses the gates' weights)
USES_GLOBAL_CONSTANTS = {b.name for b in BLANKS if b.uses_globals}


PASSED_DETAIL = "right on fresh random inputs"


def _passed_name(blank: str) -> str:
    return f"{blank} (hidden tests)"


def passed_line(blank: str) -> str:
    """The line a passing hidden check shows (the grader writes it when it compares outside)."""
    return passed_text(_passed_name(blank), PASSED_DETAIL)


SEAL_EVENT = "nncourse.seal"
"""Audit event raised with each answer: the runtime audit records it (it proves its channel was open)."""


def _given_cases(blank: str, seed: int, path: str) -> Cases:
    """The inputs the grader drew for BLANK and SEED, from its file at PATH."""
    try:
        with open(path) as fh:
            entry = json.load(fh)[f"{blank}:{seed}"]
        return [(tuple(decode(a)), decode(k)) for a, k in entry]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        fail(f"the hidden inputs for {blank} (seed {seed}) could not be read ({type(exc).__name__}); "
             "tell your instructor")


def emit_answers(blank: str, seed: int, outputs: list) -> None:
    """Hand OUTPUTS (one per case) to the grader as a display_data output of ANSWER_MIME."""
    from IPython.display import display

    seal: list[int] = []
    sys.audit(SEAL_EVENT, seal)  # the runtime audit, when present, appends its record number
    display({ANSWER_MIME: {"blank": blank, "seed": seed, "seal": seal[:1],
                           "outputs": [encode(o) for o in outputs]}}, raw=True)


def student_outputs(blank: str, fn: Callable, cases: Cases) -> list:
    """FN on every case, called as the in-kernel check calls it (copies, captured warnings)."""
    __tracebackhide__ = True
    run = call_isolated if blank not in USES_GLOBAL_CONSTANTS else call
    return [run(fn, *args, label=f"{blank}(...)", **kwargs) for args, kwargs in cases]


def hidden_check(blank: str, fn: Callable, seed: int) -> None:
    """Judge ``fn`` against the reference (or by properties) on inputs drawn from ``seed``."""
    __tracebackhide__ = True
    with studying(fn):  # its hints are judged against the student's source, as the visible checks'
        _hidden_check(blank, fn, seed)


def _hidden_check(blank: str, fn: Callable, seed: int) -> None:
    __tracebackhide__ = True
    rng = np.random.default_rng(seed)
    inputs = os.environ.get(INPUTS_ENV)
    if blank in PROPERTIES:
        PROPERTIES[blank](fn, rng)
    elif blank in CASES and inputs:
        emit_answers(blank, seed, student_outputs(blank, fn, _given_cases(blank, seed, inputs)))
        # the grader compares and writes the verdict; what these calls noted is no later check's
        changed_defaults.forget()
        signature_defaults.forget()
        return
    elif blank in CASES:
        module, make_cases = CASES[blank]
        ref = getattr(reference(module), blank)
        against_reference(fn, ref, make_cases(rng), label=f"{blank}(...)",
                          isolated=blank not in USES_GLOBAL_CONSTANTS)
    else:
        fail(f"no hidden test is defined for {blank!r}")
    passed(_passed_name(blank), PASSED_DETAIL)
