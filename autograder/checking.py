"""What every check shares: calling student code safely, and judging its result.

A check goes type -> shape -> values -> gradient -> properties and stops at the
first problem with a message that names the variable and shows expected
against got. Nothing here writes to stderr: nbgrader gives 0 points to a cell
with any stderr output, so warnings raised by student code are caught and
turned into a failure message instead.
"""

import contextlib
import dataclasses
import inspect
import io
import math
import re
import traceback
import types
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NoReturn

import numpy as np

from autograder import changed_defaults, diagnosis, signature_defaults

# Captured before any student code runs (see autograder/captured.py): a notebook
# that later rebinds np.allclose, isinstance or print cannot change how results
# are judged or reported.
from autograder.captured import REBOUND, genuine
from autograder.captured import absolute as _abs
from autograder.captured import allclose as _allclose
from autograder.captured import argmax as _argmax
from autograder.captured import array2string as _array2string
from autograder.captured import array_equal as _array_equal
from autograder.captured import asarray as _asarray
from autograder.captured import deepcopy as _deepcopy
from autograder.captured import errstate as _errstate
from autograder.captured import float64 as _float64
from autograder.captured import float_ as _float
from autograder.captured import isfinite as _isfinite
from autograder.captured import isinstance_ as _isinstance
from autograder.captured import issubclass_ as _issubclass
from autograder.captured import ndarray as _ndarray
from autograder.captured import print_ as _print
from autograder.captured import repr_ as _repr
from autograder.captured import type_ as _type
from autograder.captured import unravel_index as _unravel_index
from autograder.dict_keys import key_hint
from autograder.error_hints import exception_hint, hidden_global_hint, warning_hint
from autograder.fingerprints import (
    ATOL,
    RTOL,
    Clues,
    Diagnosis,
    Hypothesis,
    explain,
    fact,
    init_spreads,
    order_hint,
    whole_numbers,
)
from autograder.quantities import named_sizes
from autograder.reductions import not_reduced, one_number, shape_fact
from autograder.returns import none_hint
from autograder.sequences import appended_once, length_factor, off_by_one, one_entry_for_all
from autograder.source_facts import Footprint, dtype, operator, statement, subject_function
from autograder.spreads import scale_candidates, uniform_draw

_WATCHED = {
    "numpy.allclose": (np, "allclose"),
    "numpy.isclose": (np, "isclose"),
    "numpy.array_equal": (np, "array_equal"),
    "numpy.testing.assert_allclose": (np.testing, "assert_allclose"),
    "numpy.testing.assert_array_equal": (np.testing, "assert_array_equal"),
}
# NumPy's own functions, even where a notebook rebound them before the check library was imported
_ORIGINALS = {name: genuine(attr, getattr(owner, attr)) for name, (owner, attr) in _WATCHED.items()}
INTEGRITY_PREFIX = "⚠ autograder integrity:"


_TAG = re.compile(r"\[mistake: ([^\]]+)\]")
_PACKAGE = str(__import__("pathlib").Path(__file__).resolve().parent)


class CheckFailed(AssertionError):
    """A check found a problem; its message is what the student reads.

    In a notebook it renders as its message alone (``_render_traceback_``), not
    as a traceback through the check library; when student code raised, the
    frames of the student's own code are kept above the message.
    """

    @property
    def mistakes(self) -> tuple[str, ...]:
        """Ids of the mistakes its hints name ("fp.sign_flip", a catalogue id, ...), in order."""
        return tuple(i.strip() for ids in _TAG.findall(str(self)) for i in ids.split(","))

    def _render_traceback_(self) -> list[str]:
        """What IPython shows for this exception: the student's frames, if any, then the message."""
        lines = []
        cause = self.__cause__
        if cause is not None and not _isinstance(cause, CheckFailed):
            frames = [f for f in traceback.extract_tb(cause.__traceback__)
                      if not f.filename.startswith(_PACKAGE)]
            if frames:
                lines += ["Traceback (in your code):", *(
                    line.rstrip("\n") for line in traceback.format_list(frames))]
                lines.append(f"{_type(cause).__name__}: {cause}")
                lines.append("")
        lines.append(f"\x1b[0;31m{_type(self).__name__}\x1b[0m: {self}")
        return lines


class Unfinished(NotImplementedError):
    """Another blank, or a name the check needs, is still unfinished: one clean message, no traceback.

    Raised where student code under test reaches a *different* blank that is still its stub
    (xor calling the stub perceptron), or where a constants blank's names are still None. It
    is a NotImplementedError, and it is named so (``__name__``), so that the cell fails the
    way a stub's does: nbgrader scores it 0, and ``nncourse validate`` and the graders, which
    read the error's name, see the stub's NotImplementedError. Only its message is shown.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[0;31mNotImplementedError\x1b[0m: {self}"]


Unfinished.__name__ = "NotImplementedError"


def unset_names(unset: list[str], blank: str) -> Unfinished:
    """The clean message for a constants blank whose names are still None (the stub's first line)."""
    names = ", ".join(unset)
    verb = "is" if len(unset) == 1 else "are"
    return Unfinished(
        f"{names} {verb} still None: the {blank} cell has not set {'it' if len(unset) == 1 else 'them'}. "
        f"That cell's first line sets them all to None, so either the cell stopped before your values "
        "(its `raise NotImplementedError()` left in place: delete it), or your values went to other "
        f"names: assign these exact names ({names}), run the {blank} cell, then run this cell again.")


def hint_line(mistake_id: str, text: str, footprint: Footprint | None = None,
              fact: str | None = None) -> str:
    """"\nHint: ... [mistake: id]": a hint the check names itself, tagged with its mistake id.

    footprint, fact: for a text that names a cause or a fix, what that cause leaves in the
    student's source and the proven fact alone (``source_facts``): "" when neither may be shown.
    """
    hint = Diagnosis((mistake_id,), text, footprint, fact)
    return "\n" + hint.line() if hint else ""


def fail(message: str) -> NoReturn:
    """Stop the check with ``message`` (shown in the notebook and the feedback); a default argument
    the calls changed (:mod:`.changed_defaults`) is named when the message has no hint of its own."""
    __tracebackhide__ = True
    state = changed_defaults.pending_hint()
    changed_defaults.forget()
    if state is not None:
        mistake_id, text, replaces = state
        if replaces or "\nHint:" not in message:
            message = message.split("\nHint:")[0] + hint_line(mistake_id, text)
    differs = signature_defaults.pending_hint()
    signature_defaults.forget()
    if differs is not None and "\nHint:" not in message:
        message += hint_line(*differs)
    raise CheckFailed(message)


def passed_text(name: str, details: str) -> str:
    """The one-line confirmation of a passing check (the grader writes it too, for hidden checks)."""
    return f"✓ {name}: {details}"


def passed(name: str, details: str) -> None:
    """Print the one-line confirmation of a passing check."""
    changed_defaults.forget()
    signature_defaults.forget()
    _print(passed_text(name, details))
    _report_tampering()


def _report_tampering() -> None:
    """Print a marker the grader collects when comparison helpers were replaced.

    Watched: NumPy's comparison functions, and this module's own functions
    (replacing ``autograder.checking.fail`` would silence every check).
    """
    changed = [n for n, (o, a) in _WATCHED.items() if getattr(o, a) is not _ORIGINALS[n]]
    changed += [name for name in REBOUND if name not in changed]  # rebound before the library was imported
    module = globals()
    changed += [f"autograder.checking.{name}" for name, fn in _OWN.items() if module.get(name) is not fn]
    if changed:
        _print(f"{INTEGRITY_PREFIX} replaced {', '.join(changed)}")


# --------------------------------------------------------------------------
# Showing values
# --------------------------------------------------------------------------

def show(value: Any, prefix: str = "") -> str:
    """A short, readable rendering of a value for messages.

    prefix: the text printed before the value on its line, so that the rows of
    a matrix line up under each other.
    """
    if _type(value) is _ndarray:
        text = _array2string(value, precision=6, threshold=16, edgeitems=3, max_line_width=100,
                             prefix=prefix)
        return f"{text} (shape {value.shape}, dtype {value.dtype})"
    if _isinstance(value, Mapping):
        return "{" + ", ".join(f"{k!r}: {show_type(v)}" for k, v in value.items()) + "}"
    text = _repr(value)
    return text if len(text) <= 200 else text[:200] + " ..."


def show_type(value: Any) -> str:
    """Describe a value's type, with shape and dtype for arrays."""
    if _type(value) is _ndarray:
        return f"ndarray of shape {value.shape}, dtype {value.dtype}"
    return _type(value).__name__


def show_inputs(inputs: Mapping[str, Any]) -> str:
    """Indented ``name = value`` lines describing the inputs of a call."""
    return "".join(f"\n    {k} = {show(v, f'    {k} = ')}" for k, v in inputs.items())


# --------------------------------------------------------------------------
# Calling student code
# --------------------------------------------------------------------------

def call(fn: Callable, *args: Any, label: str, warning_advice: tuple[str, str] | None = None,
         **kwargs: Any) -> Any:
    """Call a student function the way every check needs to.

    The function receives deep copies of the arguments, so that a change made
    in place can be detected and reported; warnings and stderr are captured
    and become a failure; any exception other than the blank's own
    NotImplementedError is reported together with the call that raised it.
    label: the call as the student should read it, e.g. "sigmoid(x)"; warning_advice: the
    blank's own (mistake id, hint) for a warning on these inputs, where the check knows which
    value can reach the edge (y_hat exactly 0 or 1): the generic hint says only what any
    warning proves.
    """
    __tracebackhide__ = True
    if not callable(fn):
        fail(f"{label}: expected a function, got {show_type(fn)} {show(fn)}.")
    pristine = _deepcopy((args, kwargs))
    given = _deepcopy((args, kwargs))
    defaults = changed_defaults.snapshot(fn)
    signature_defaults.note(fn, label, given[0], given[1])
    entries = _entry_ids(given)
    stderr = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(stderr):
        warnings.simplefilter("always")
        with _errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
            try:
                result = fn(*given[0], **given[1])
            except NotImplementedError as exc:
                elsewhere = _unfinished_elsewhere(exc, fn, label)
                if elsewhere is None:
                    raise  # the blank is still the stub: the student sees it as is
                raise elsewhere from None
            except Exception as exc:
                hint = exception_hint(exc)
                raise CheckFailed(
                    f"{label} raised {_type(exc).__name__}: {exc}"
                    "\n(The traceback above shows where, in your code.)"
                    + (hint_line(*hint) if hint else "")
                ) from exc
    if caught:
        w = caught[0]
        # NumPy's floating-point warnings are RuntimeWarnings; any other (warnings.warn in the
        # student's code, a DeprecationWarning) says nothing about the arithmetic
        arithmetic = _issubclass(w.category, RuntimeWarning)
        hint = (warning_advice or warning_hint(str(w.message))) if arithmetic else None
        fail(f"{label} emitted a {w.category.__name__}: {w.message}"
             + (hint_line(*hint) if hint else "\n(A warning means the arithmetic went wrong: overflow, "
                                              "division by zero, 0/0. Fix the computation rather than "
                                              "silencing it.)" if arithmetic else
                "\n(A graded function must run silently: a warning is written to stderr, and a cell "
                "that writes to stderr scores 0. Remove the warnings.warn, or whatever raises it, "
                "from your function.)"))
    changed_defaults.note(fn, defaults)
    _check_unmodified(fn, pristine, given, label, entries)
    if result is None:  # every blank returns a value; the function's source tells why it did not
        fail(f"{label} returned None." + hint_line(*none_hint(fn)))
    return result


def _students_code(code: types.CodeType) -> bool:
    """Code of the notebook's (or a test's) own, not of this package nor of an installed library."""
    return not code.co_filename.startswith(_PACKAGE) and "site-packages" not in code.co_filename


def _unfinished_elsewhere(exc: NotImplementedError, fn: Callable, label: str) -> "Unfinished | None":
    """The clean message when ``exc`` comes from a function other than the blank under test; else None.

    The blank under test is the running check's own function (``source_facts.subject_function``),
    or ``fn`` itself outside a check. A NotImplementedError raised in that function's own code
    is its stub (left as it is: the blank is not written yet); one raised in another function
    of the student's, reached through it or called by the check itself, names that function.
    """
    if _isinstance(exc, Unfinished):
        return None  # already worded, by an inner call
    codes = []
    tb = exc.__traceback__
    while tb is not None:
        codes.append(tb.tb_frame.f_code)
        tb = tb.tb_next
    if not codes or not _students_code(codes[-1]):
        return None
    own = subject_function()
    if own is None:
        own = fn
    tested = {getattr(f, "__code__", None) for f in (own, getattr(own, "__wrapped__", None))} - {None}
    if codes[-1] in tested:
        return None
    stub = codes[-1].co_name
    chain = [c.co_name for c in codes if _students_code(c)]
    callers = [name for name in dict.fromkeys(chain[:-1]) if name != stub]
    tested_name = getattr(own, "__name__", None) or label
    from autograder.blanks import BY_NAME  # the registry imports the checks, which import this module
    blank = BY_NAME.get(stub)
    where = (f"its cell in {blank.notebook}.ipynb (`def {stub}(...)`)" if blank is not None
             else f"its cell (`def {stub}(...)`)")
    how = (f"your {' -> '.join(callers)} calls {stub}" if callers
           else f"the check of {tested_name} runs your {stub}")
    return Unfinished(
        f"{label}: {how}, and {stub} is still unfinished: it raises NotImplementedError (the stub's "
        f"`raise NotImplementedError()`, or one left above your code). Write {stub} in {where}, run "
        f"that cell, then run this cell again: {tested_name} cannot be checked before {stub} works.")


def flat_labels_fact(failure: CheckFailed, right_with_column: Callable[[], bool]) -> CheckFailed:
    """``failure`` of a call with labels y of shape (N,), its hint replaced when the cause is proven.

    right_with_column: runs the same call with y.reshape(-1, 1) and says whether every
    result is right. When student code raised with y of shape (N,) and gives the right
    results with (N, 1), the labels' shape is the cause (an (N,) array and an (N, 1)
    one broadcast to (N, N)), whatever the exception said further down.
    """
    cause = failure.__cause__
    if cause is None or _isinstance(cause, CheckFailed):
        return failure
    try:
        proven = right_with_column()
    except Exception:  # any failure of the retry leaves the cause unproven
        proven = False
    if not proven:
        return failure
    text = str(failure).split("\nHint:", 1)[0]
    new = CheckFailed(text + hint_line("fp.broadcast", "your code is right for labels y of shape (N, 1) "
                                       "and fails for y of shape (N,): an (N,) array combined with an "
                                       "(N, 1) array broadcasts to (N, N). Bring y to one shape first "
                                       "(y.reshape(-1, 1), or y_hat.ravel()) before subtracting."))
    new.__cause__ = cause
    return new


def _entry_ids(given: tuple) -> dict[tuple[Any, Any], int]:
    """The identity of every entry of every dict argument, by (position or keyword, key), before the call."""
    args, kwargs = given
    return {(where, key): id(value) for where, d in [*enumerate(args), *kwargs.items()]
            if _isinstance(d, dict) for key, value in d.items()}


def _check_unmodified(fn: Callable, pristine: tuple, given: tuple, label: str,
                      entries: Mapping[tuple[Any, Any], int]) -> None:
    """Fails when the call changed an argument: an array written into, or a dict given new entries.

    entries: ``_entry_ids`` before the call; an entry whose object changed was stored anew into
    the caller's dict (building new arrays does not help there), one that kept it was written into.
    """
    __tracebackhide__ = True
    names = _argument_names(fn, len(pristine[0]))
    pairs = [*zip(names, range(len(names)), pristine[0], given[0], strict=True)]
    pairs += [(k, k, pristine[1][k], given[1][k]) for k in pristine[1]]
    for name, position, before, after in pairs:
        where = _first_difference(before, after)
        if where is None:
            continue
        key = next((k for k in before if f"[{k!r}]" == where), None) if where else None
        if key is not None and id(after[key]) != entries.get((position, key)):
            fail(f"{label} changed its argument `{name}{where}`: it stores a new value under {key!r} in "
                 "the dict it was given (the array there is not written into), so the caller's dict "
                 "changes too."
                 + hint_line("fp.in_place", f"do not store into a dict you were given: callers still "
                             f"need it. Put the results in a new dict (`new = dict({name})`, or a dict "
                             f"comprehension) and return that, leaving `{name}` as it was."))
        fail(
            f"{label} changed its argument `{name}{where}` in place."
            + hint_line("fp.in_place", "do not change an argument in place: callers still need "
                        "their data. Build new arrays (`x = x.copy()`, `a = a - b` rather than "
                        "`a -= b`) instead of writing into the ones you were given.")
        )


def _argument_names(fn: Callable, n: int) -> list[str]:
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    return [params[i] if i < len(params) else f"#{i + 1}" for i in range(n)]


def _first_difference(before: Any, after: Any) -> str | None:
    """'' when ``after`` differs from ``before`` at top level, '[key]' inside a dict, else None."""
    if _type(before) is _ndarray:
        same = (_type(after) is _ndarray and after.shape == before.shape
                and _array_equal(after, before, equal_nan=True))
        return None if same else ""
    if _isinstance(before, dict):
        if _type(after) is not _type(before) or set(after) != set(before):
            return ""
        for key in before:
            if _first_difference(before[key], after[key]) is not None:
                return f"[{key!r}]"
        return None
    return None


HIDDEN_GLOBALS = "__hidden_by_the_check__"
"""Where, in the globals :func:`visible_globals` gives a student's function, the names it hid are."""


def visible_globals(namespace: dict[str, Any]) -> dict[str, Any]:
    """NAMESPACE (a function's globals) without the notebook's arrays and dicts, the names hidden
    kept under :data:`HIDDEN_GLOBALS` (a NameError on one of them is the check's doing, and its
    hint says so). Functions, modules and plain constants stay visible."""
    hidden = frozenset(k for k, v in namespace.items()
                       if _type(v) is _ndarray or (_isinstance(v, dict) and not k.startswith("__")))
    return {**{k: v for k, v in namespace.items() if k not in hidden}, HIDDEN_GLOBALS: hidden}


def without_data_globals(fn: Callable) -> Callable:
    """A copy of ``fn`` that cannot see the notebook's arrays and dicts (:func:`visible_globals`).

    If the function reads a global array (a notebook's ``X`` or ``params``) instead of its
    argument, the copy raises NameError and the check can say so.
    """
    if not _isinstance(fn, types.FunctionType):
        return fn
    kept = visible_globals(fn.__globals__)
    copy_ = types.FunctionType(fn.__code__, kept, fn.__name__, fn.__defaults__, fn.__closure__)
    copy_.__kwdefaults__ = fn.__kwdefaults__
    copy_.__dict__.update(fn.__dict__)  # its attributes too (``__wrapped__``: where its source is)
    return copy_


def mirrored(fn: Callable, x: np.ndarray, expected: np.ndarray, label: str,
             **kwargs: Any) -> np.ndarray | None:
    """The student's output on x when it equals the expected output at -x (the input's sign flipped inside).

    Evaluates the student's ``fn`` on -x: if that gives the expected f(x), the
    student computes f(-x); returns their output on x then (the proven
    "mirrored input" fingerprint), else None.
    """
    try:
        if all_close(call(fn, -x, label=label, **kwargs), expected):
            return call(fn, x, label=label, **kwargs)
    except (AssertionError, NotImplementedError, TypeError, ValueError):
        pass
    return None


def ignores_argument(fn: Callable, args: tuple, kwargs: Mapping[str, Any], name: str, other: Any,
                     given: Any, label: str) -> Hypothesis:
    """The fact "``fn`` ignores its argument ``name``": its result is the same at another value.

    given: the student's result at ``kwargs``; other: a value of ``name`` at
    which the right result differs (the check knows the argument matters).
    Holds when the student's result at ``other`` is identical, entry for entry:
    a hard-coded value, or the default used in place of the argument.
    """
    try:
        again = call_isolated(fn, *args, label=label, **{**kwargs, name: other})
        holds = _same_result(again, given)
    except (AssertionError, NotImplementedError, TypeError, ValueError):
        holds = False
    return fact("fp.ignores_argument", f"your result is the same for {name}={kwargs[name]!r} and "
                f"{name}={other!r}: the argument {name} has no effect. Either it is not used (a value "
                "hard-coded in its place, or it is not passed on to the call that needs it), or what it "
                "changes never reaches the result (a value computed from it is dropped, such as a "
                "function's returned value that is not assigned).", holds)


#: What to do when two calls with the same seed differ (the fact ``not_reproducible``, and checks
#: that compare two such calls themselves).
NOT_REPRODUCIBLE_HINT = ("two calls with the same seed gave different results: create the generator from "
                         "the seed, np.random.default_rng(seed), and draw everything from it (not from "
                         "np.random directly, nor from default_rng() without the seed).")


def not_reproducible(fn: Callable, args: tuple, kwargs: Mapping[str, Any], given: Any,
                     label: str) -> Hypothesis:
    """The fact "fp.not_reproducible": ``fn`` called again with the same arguments (seed included) differs.

    given: the student's result of that call. Holds when a second call returns a
    different result: the draws do not come from a generator made from the seed. The second call
    is stopped after ``time_budget.HINT_RUN_BUDGET`` seconds (then the fact does not hold).
    """
    from autograder.time_budget import HINT_RUN_BUDGET, run_within  # time_budget imports this module

    try:
        finished, again = run_within(HINT_RUN_BUDGET, call_isolated, fn, *args, label=label, **kwargs)
        holds = finished and not _same_result(again, given)  # a run past the budget proves nothing
    except (AssertionError, NotImplementedError, TypeError, ValueError):
        holds = False
    return fact("fp.not_reproducible", NOT_REPRODUCIBLE_HINT, holds)


def _same_result(a: Any, b: Any) -> bool:
    """Whether two results are identical: arrays entry for entry, dicts, tuples and lists item by item."""
    if _isinstance(a, Mapping) and _isinstance(b, Mapping):
        return set(a) == set(b) and all(_same_result(a[k], b[k]) for k in a)
    if _isinstance(a, tuple | list) and _isinstance(b, tuple | list):
        return len(a) == len(b) and all(_same_result(x, y) for x, y in zip(a, b, strict=True))
    try:
        x, y = _asarray(a, dtype=np.float64), _asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return x.shape == y.shape and bool(_array_equal(x, y, equal_nan=True))


def call_isolated(fn: Callable, *args: Any, label: str, **kwargs: Any) -> Any:
    """``call`` with the notebook's global arrays and dicts hidden from ``fn``."""
    __tracebackhide__ = True
    try:
        return call(without_data_globals(fn), *args, label=label, **kwargs)
    except CheckFailed as exc:
        cause = exc.__cause__
        hidden = getattr(cause, "name", None) in getattr(fn, "__globals__", {})  # a data global, hidden
        if _isinstance(cause, NameError) and "is not defined" in str(cause) and hidden:
            fail(f"{label} uses a global variable from the notebook ({cause})."
                 + hint_line(*hidden_global_hint(cause.name)))
        raise


# --------------------------------------------------------------------------
# Judging results: type, then shape, then values
# --------------------------------------------------------------------------

def _arrays_in_a_container(got: list | tuple, what: str, shape: tuple | None) -> str:
    """The hint line for a list or tuple of arrays where one array of SHAPE belongs: its rows, which
    np.array(...) stacks into it, where their stack has that shape (J26b: a list of rows); else
    several results, which stacking would not fix (J26a: np.where's index tuple, `return out,
    cache`). "" where the shape is not known: neither is proven."""
    if shape is None:
        return ""
    kind = _type(got).__name__
    try:
        stacked = np.shape(np.stack(got))
    except ValueError:  # arrays of different shapes do not stack
        stacked = None
    if stacked == tuple(shape):
        return hint_line("fp.python_list", f"`{subject_of(what)}` is a Python {kind} of {len(got)} arrays, "
                         f"the rows of the array of shape {tuple(shape)} that belongs: stack them into one "
                         "(np.array(...)), or select the rows at once (X[idx] with an array of indices).")
    return hint_line("fp.tuple_for_array", f"`{subject_of(what)}` is a Python {kind} of {len(got)} arrays "
                     "where one array belongs. np.where given a condition alone returns the indices where "
                     "it holds, as a tuple: pass the two values too, np.where(condition, a, b); a `return "
                     "out, cache` returns a pair: return the one array asked for. Stacking them with "
                     "np.array(...) gives no array of the shape asked for.")


def expect_array(got: Any, what: str, shape: tuple | None = None,
                 kind: str = "float64", batch: int | None = None,
                 expected: np.ndarray | None = None, clues: Clues | None = None) -> np.ndarray:
    """``got`` must be an ndarray (of ``shape`` when given) of the given kind.

    kind: "float64" (the course's numerics), "int" (labels) or "any";
    batch: the batch size N, to recognise a reduction over the wrong axis;
    expected, clues: for a wrong shape, the right value and what the check knows (``expect_shape``).
    """
    __tracebackhide__ = True
    if _type(got) is not _ndarray:
        reduced = one_number(got, shape, subject_of(what), expected) if shape is not None else None
        hint = f"\n{reduced.line()}" if reduced else ""
        if _isinstance(got, list | tuple) and got and all(_type(g) is _ndarray for g in got):
            hint = _arrays_in_a_container(got, what, shape)
        elif _isinstance(got, list | tuple):
            hint = hint_line("fp.python_list", f"`{subject_of(what)}` is a Python {_type(got).__name__}, not "
                             "an array: wrap it with np.array(...), or compute it with NumPy operations.")
        elif _isinstance(got, np.ndarray):
            hint = " Return a plain np.ndarray (np.asarray(...)), not a subclass."
        elif not hint and shape and _isinstance(got, int | float | np.integer | np.floating) \
                and not _isinstance(got, bool | np.bool_):
            hint = hint_line("fp.number_for_array", f"`{subject_of(what)}` is the single number {got!r} "
                             f"where an array of shape {shape} belongs: make it an array of that shape "
                             f"(np.zeros({shape[0] if len(shape) == 1 else shape}), np.full(...)), even "
                             "where it holds one entry.")
        fail(f"{what} should be a NumPy array (numpy.ndarray); got {show_type(got)}.{hint}")
    subject = f"`{subject_of(what)}`"
    if kind == "int" and got.dtype.kind not in "iu":
        hint = " Convert with .astype(int)." if got.dtype.kind in "bf" else ""
        finite = got.dtype.kind == "f" and _isfinite(got).all()
        if finite and got.size > 1 and ((got >= 0) & (got <= 1)).all() and not (got == got.round()).all():
            hint += hint_line("fp.probabilities_for_labels", "these are probabilities, not labels: "
                              "threshold them (y_hat >= threshold) to get 0/1 labels.")
        elif finite and (got == got.round()).all():
            hint = hint_line("fp.float_labels", f"{subject} holds whole numbers as floats ({got.dtype}): "
                             "labels are integers; convert with .astype(int).")
        elif got.dtype == bool:
            hint = hint_line("fp.bool_dtype", f"{subject} holds booleans (True/False), what a comparison "
                             "gives: convert with .astype(int) for 0/1 labels.")
        fail(f"{what} should hold integer labels; got dtype {got.dtype}.{hint}")
    if kind == "float64" and got.dtype != _float64:
        hint = ""
        if got.dtype == bool:
            hint = hint_line("fp.bool_dtype", f"{subject} holds booleans (True/False), what a comparison "
                             "gives: convert with .astype(float) for 0.0/1.0.")
        elif got.dtype.kind in "iu":
            hint = " Integer arithmetic loses the fractions: work in floats."
            if expected is not None:
                # the same words as the values' fingerprint: which rounding the integers are
                roundings = whole_numbers(expected, f"`{subject_of(what)}`")
                rounded = explain(got, expected, Clues(related=roundings), generic=False)
                hint += f"\n{rounded.line()}" if rounded else ""
        elif got.dtype.kind == "f":  # float32 (or float16): made so, by a dtype or a cast
            hint = hint_line("fp.low_precision", f"{subject} is {got.dtype}, which keeps about "
                             f"{7 if got.dtype == np.float32 else 3} significant digits: the course works in "
                             "float64 (about 16) for exact gradient checks. Drop the dtype=np."
                             f"{got.dtype} or .astype(np.{got.dtype}) that makes it (a cast back after it "
                             "is not the same: numbers drawn in float32 are other numbers).",
                             dtype("float32", "float16", "half", "single"),
                             f"{subject} is {got.dtype}, where float64 belongs.")
        fail(f"{what} should have dtype float64; got dtype {got.dtype}.{hint}")
    if shape is not None:
        expect_shape(got, what, shape, batch=batch, expected=expected, clues=clues)
    return got


def expect_shape(got: np.ndarray, what: str, shape: tuple, batch: int | None = None,
                 expected: np.ndarray | None = None, clues: Clues | None = None) -> None:
    """``got.shape`` must equal ``shape``; the message recognises common slips.

    expected: the right value, when the check knows it; with ``clues.operands``
    (the right operand of a product, the other arrays it could have been) it
    names a product taken with the wrong operand, whose shape is another; with
    ``clues.inputs``, a value that is one of the call's inputs, unchanged.
    """
    __tracebackhide__ = True
    shape = tuple(shape)
    if got.shape == shape:
        return
    hint = (diagnosis.wrong_shape_values(got, expected, clues) if expected is not None and clues else None) \
        or (diagnosis.input_itself(got, clues.inputs, subject_of(what)) if clues else None) \
        or (diagnosis.one_entry_of(got, expected, subject_of(what)) if expected is not None else None) \
        or (one_number(got, shape, subject_of(what), expected) if got.ndim == 0 else None) \
        or shape_fact(got, shape, subject_of(what), expected,
                      diagnosis.shape_hint(got.shape, shape, batch=batch, part=subject_of(what),
                                           sizes=clues.sizes if clues else None))
    fail(f"{what} has the wrong shape.\n    expected shape {shape}\n    got shape      {got.shape}"
         + (f"\n{hint.line()}" if hint else ""))


def expect_length(values: Any, expected: Any, what: str, unit: str = "epoch") -> None:
    """A recorded sequence must have one entry per ``unit``: as many as ``expected`` (shape (E,)).

    A length one off names the loop's off-by-one when the entries prove it
    (``sequences.off_by_one``: the expected ones with the first or last dropped or added);
    one off by a factor, the entries kept (``sequences.length_factor``).
    """
    __tracebackhide__ = True
    if _isinstance(values, int | float | np.number) or (_type(values) is _ndarray and values.ndim == 0):
        hint = one_entry_for_all(values, expected, subject_of(what), unit)
        fail(f"{what} should be a list with one entry per {unit} ({len(expected)}); got the single number "
             f"{values!r}." + (f"\n{hint.line()}" if hint else ""))
    if len(values) == len(expected):
        return
    try:
        numbers = [_float(v) for v in values]
    except (TypeError, ValueError):
        numbers = None
    hint = (off_by_one(numbers, expected, what) or length_factor(numbers, expected, what, unit)
            or appended_once(numbers, expected, what, unit) if numbers is not None else None)
    fail(f"{what} should have one entry per {unit} ({len(expected)}); got {len(values)}."
         + (f"\n{hint.line()}" if hint else ""))


def expect_number(got: Any, what: str, expected: float | None = None) -> float:
    """``got`` must be a single real number (Python or NumPy); returns it as a float.

    expected: the right number, when the check knows it: an array's values can then prove how it
    was left unreduced (``reductions.not_reduced``).
    """
    __tracebackhide__ = True
    if _type(got) is _ndarray and got.ndim == 0:
        got = got[()]
    if _isinstance(got, bool | np.bool_):
        fail(f"{what} should be a number; got the boolean {got!r}.")
    if _type(got) is _ndarray:
        proven = not_reduced(got, subject_of(what), expected) if expected is not None else None
        one = (hint_line("fp.array_for_number", f"`{subject_of(what)}` is an array of one entry, shape "
                         f"{got.shape}, where a number belongs: it was made as an array (np.zeros(1), a "
                         "slice, a product with a (1,) array). Start it as a number (0.0), or return "
                         "float(...) of its one entry.") if got.size == 1 else "")
        fail(f"{what} should be a single number; got an array of shape {got.shape}."
             + (f"\n{proven.line()}" if proven else one or
                " Did you forget to take the mean (np.mean) or to index the result?"))
    if not _isinstance(got, int | float | np.integer | np.floating):
        fail(f"{what} should be a number (float); got {show_type(got)} {show(got)}."
             + _wrong_kind_hint(got, what))
    return _float(got)


def expect_int(got: Any, what: str, allowed: tuple = (0, 1), expected: int | None = None,
               chosen: bool = False) -> int:
    """``got`` must be a Python or NumPy integer (not a bool) in ``allowed``.

    expected: the right value, when the check knows it; chosen: the value is the student's own
    choice (a hyperparameter), so any whole value in ``allowed`` is right. A float with a whole
    value is called right apart from its type only when it is (equal to ``expected``, or chosen
    and allowed); otherwise its type is the fact, and its value is not endorsed.
    """
    __tracebackhide__ = True
    if _isinstance(got, bool | np.bool_):
        fail(f"{what} should be the int 0 or 1; got the boolean {got!r}. "
             "Return 1 or 0 (for example `1 if ... else 0`).")
    if _type(got) is _ndarray:
        # a 0-d array holds one number and prints as one: what np.where and np.heaviside give for
        # a single point; its value is not endorsed, only its type named
        zero_d = (hint_line("fp.zero_d_array", f"{what} is a 0-d NumPy array ({show(got)}), one number "
                            "still wrapped in an array: np.where, np.heaviside and a comparison of arrays "
                            "give one for a single point. Return a Python int: int(...) of it, or "
                            "`1 if ... else 0`.") if got.ndim == 0 and got.dtype.kind in "iubf" else "")
        fail(f"{what} should be a single int; got an array of shape {got.shape}." + zero_d)
    if not _isinstance(got, int | np.integer):
        whole = _isinstance(got, float | np.floating) and _float(got).is_integer()
        right = whole and (int(got) == expected if expected is not None else chosen and int(got) in allowed)
        said = (f"{what} should be an int, and {what} = {got!r} is a float with a whole value: a count "
                "(epochs, units, a batch size) must be an int, and range() or an index refuses a float")
        # "write it as an int" is a fix for a float the code writes (849.0, 3e2, 600 / 2), not for a
        # float a computation returns (np.sign gives 0.0 where another value may belong); and only
        # for a value that is right but for its type
        fail(f"{what} should be an int; got {show_type(got)} {show(got)}." + _wrong_kind_hint(got, what)
             + (hint_line("err.float_index", f"{said}. Write {what} = {int(got)} ({got!r}, 3e2 and 600 / 2 "
                          "are floats).", statement("float literal") | operator("/"), f"{said}.")
                if right else "")
             + (f"\n{what} is a float where an int belongs, and its value is not the expected one "
                "either: a float is not the only slip here." if whole and expected is not None
                and not right else ""))
    if int(got) not in allowed:
        fail(f"{what} should be one of {allowed}; got {got!r}.")
    return int(got)


def _wrong_kind_hint(got: Any, what: str) -> str:
    """The hint line for a value of the wrong kind whose kind says how it came about: a generator (a
    comprehension in parentheses), a number written as text (in quotes), a tuple of results whose first
    is a number; "" otherwise."""
    if _isinstance(got, types.GeneratorType):
        return hint_line("fp.generator", f"{subject_of(what)} is a generator: a comprehension in "
                                         "parentheses, (... for ...), makes one, which is neither a dict, "
                                         "a list nor an array: use {k: v for ...} for a dict, [... for ...] "
                                         "for a list, or wrap it in dict(...), list(...) or np.array([...]).")
    if _isinstance(got, str):
        try:
            number = float(got.strip())
        except ValueError:
            return ""
        if math.isfinite(number):
            return hint_line("fp.number_as_text", f"{subject_of(what)} is the text {got!r}, in quotes: "
                                                  f"write the number without them ({got.strip()}).")
    first = got[0] if _isinstance(got, tuple) and len(got) >= 2 else None
    if _isinstance(first, int | float | np.integer | np.floating) and not _isinstance(first, bool | np.bool_):
        # a function of several results (a loss with its gradients) kept whole where its first belongs
        return hint_line("fp.whole_tuple", f"{subject_of(what)} is a tuple of {len(got)} whose first item is "
                                           f"the number {float(first):.6g}: all the results of a call that "
                                           "returns several (loss, grads = f(...)) are kept where the one "
                                           "number belongs. Take the number: f(...)[0], or unpack the "
                                           "results.")
    return ""


def expect_parts(got: Any, label: str, names: tuple[str, ...], kinds: tuple) -> tuple:
    """``got`` must be a tuple of one part per name; parts of other kinds in another order are named.

    names: the parts in order ("y_hat", "cache"); kinds: the type (or tuple of types) of each
    part, e.g. (np.ndarray, dict). Only an order the kinds single out is named (two dicts
    exchanged prove nothing here).
    """
    __tracebackhide__ = True
    if not _isinstance(got, tuple) or len(got) != len(names):
        fail(f"{label} should return a tuple ({', '.join(names)}); got {show(got)}.")
    order = order_hint(got, tuple(names), lambda i, value: _isinstance(value, kinds[i]))
    if order:
        fail(f"{label} returned its values in another order.\n{order.line()}")
    return got


def expect_keys(got: Any, what: str, keys: tuple) -> dict:
    """``got`` must be a dict with exactly these keys."""
    __tracebackhide__ = True
    if not _isinstance(got, dict):
        # a list of one entry per key: the values collected in a list where the dict belongs
        listed = _isinstance(got, list | tuple) and len(got) == len(keys) and len(keys) > 1
        fail(f"{what} should be a dict with keys {list(keys)}; got {show_type(got)}."
             + _wrong_kind_hint(got, what)
             + (hint_line("fp.list_for_dict", f"{subject_of(what)} is a {type(got).__name__} of "
                                               f"{len(got)} entries, one per key the blank asks for: "
                                               "return a dict keyed by name ({name: value for ...}) "
                                               "rather than a list of the values.") if listed else ""))
    missing = [k for k in keys if k not in got]
    extra = [k for k in got if k not in keys]
    if missing or extra:
        hint = key_hint(list(got), keys, what)
        fail(f"{what} should have the keys {list(keys)}; got {list(got)}."
             + (f"\n    missing: {missing}" if missing else "")
             + (f"\n    unexpected: {extra}" if extra else "")
             + (f"\n{hint.line()}" if hint else ""))
    return got


def expect_close(got: Any, expected: Any, what: str, *, inputs: Mapping[str, Any] | None = None,
                 rtol: float = RTOL, atol: float = ATOL, mistake: str | None = None,
                 n: int | None = None, clues: Clues | None = None,
                 seen: Mapping[str, Any] | None = None) -> None:
    """Values of ``got`` must match ``expected`` within rtol and atol.

    Call after the type and shape checks. On failure the message shows the
    inputs, expected and got, where they differ most, and a hint when the
    difference matches a known mistake.
    mistake: key of this output in the known-mistake catalogue, "<notebook>:<blank>/<case>/<name>",
    e.g. "backprop:backward/batch/dW1"; n: the batch size, for fingerprints such as
    "N times too small"; clues: what else the check knows (inputs, biases, the
    student's other functions, its own hypotheses) for the fingerprints; seen: the
    call's other outputs by catalogue key, which a catalogued mistake must match too.
    """
    __tracebackhide__ = True
    g = _asarray(got, dtype=np.float64)
    e = _asarray(expected, dtype=np.float64)
    ok = _abs(g - e) <= atol + rtol * _abs(e)
    ok = ok | (g == e)  # inf == inf counts as a match
    if ok.all():
        return
    lines = [f"{what} has the wrong values."]
    if inputs:
        lines.append("  inputs:" + show_inputs(inputs))
    lines.append(f"  expected: {show(e, '  expected: ') if e.ndim else repr(_float(e))}")
    lines.append(f"  got:      {show(g, '  got:      ') if g.ndim else repr(_float(g))}")
    if g.ndim:
        bad = ~ok
        first = _unravel_index(_argmax(bad), bad.shape)
        where = tuple(int(i) for i in first)
        lines.append(f"  {int(bad.sum())} of {bad.size} entries differ; first at index {where}: "
                     f"expected {_float(e[first])!r}, got {_float(g[first])!r}")
    if not _isfinite(g).all():
        lines.append("  your result contains NaN or inf: look for log(0), division by zero or overflow.")
    others = {k: _numbers_or_none(v) for k, v in seen.items()} if seen else None
    clues = clues or Clues()
    if clues.subject == Clues.subject:
        clues = dataclasses.replace(clues, subject=f"`{subject_of(what)}`")
    if inputs and not clues.sizes:
        clues = dataclasses.replace(clues, sizes=named_sizes(inputs))
    if inputs and not clues.inputs:  # what the message shows, the fingerprints may use
        arrays = {k: v for k, v in inputs.items() if _isinstance(v, np.ndarray)}
        clues = dataclasses.replace(clues, inputs=arrays)
    hint = diagnosis.diagnose(mistake, g, e, n=n, clues=clues, seen=others)
    if hint:
        lines.append(hint.line())
    fail("\n".join(lines))


def siblings(prefix: str, outputs: Mapping[str, Any], but: str) -> dict[str, Any]:
    """A call's other outputs by catalogue key ("<prefix>/<name>"), for ``expect_close(seen=...)``.

    A catalogued mistake is named from one wrong output only if its stored outputs match the
    call's others too: a backward with db1 alone N times too large is not the mistake that
    makes all four gradients N times too large.
    """
    return {f"{prefix}/{name}": value for name, value in outputs.items() if name != but}


class _OnFailure(Mapping):
    """A mapping made by MAKE the first time it is read: ``expect_close`` reads ``seen`` only
    when a value is wrong, so a right answer costs no second call."""

    def __init__(self, make: Callable[[], Mapping[str, Any]]) -> None:
        self._make, self._made = make, None

    def _values(self) -> Mapping[str, Any]:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __getitem__(self, key: str) -> Any:
        return self._values()[key]

    def __iter__(self):
        return iter(self._values())

    def __len__(self) -> int:
        return len(self._values())


#: what a call made only for a hint may raise without stopping the check (CheckFailed is an AssertionError)
_HINT_CALL_ERRORS = (AssertionError, NotImplementedError, TypeError, ValueError, KeyError, IndexError)


def _results_on(fn: Callable, cases: Mapping[str, tuple], label: str,
                read: Callable[[str, Any], Any]) -> list:
    """READ(case, FN's result) for each of CASES (name -> arguments), each call stopped at
    ``time_budget.HINT_RUN_BUDGET``; a call, or a reading, that fails or is stopped gives nothing."""
    from autograder.time_budget import HINT_RUN_BUDGET, run_within  # time_budget imports this module

    found = []
    for case, args in cases.items():
        try:
            finished, result = run_within(HINT_RUN_BUDGET, call_isolated, fn, *args, label=label)
            if finished:
                found.append(read(case, result))
        except _HINT_CALL_ERRORS:
            continue
    return found


def with_other_cases(seen: Mapping[str, Any], fn: Callable, cases: Mapping[str, tuple], label: str,
                     unpack: Callable[[Any], Mapping[str, Any]]) -> Mapping[str, Any]:
    """SEEN (a call's other outputs: :func:`siblings`) and FN's outputs on the check's other stored
    cases, for ``expect_close(seen=...)``: a catalogued mistake named from one case must explain
    the others too. A ReLU where the output's sigmoid belongs is "y_hat is z2 itself" on a
    batch whose every z2 is positive, never on the single point whose z2 is negative.

    cases: catalogue prefix ("<notebook>:<blank>/<case>") -> the arguments of that case;
    unpack: FN's result -> its outputs by name. The other calls are made only when a value is
    wrong (:func:`_results_on`); one that fails or returns something else adds nothing (the
    mistake is then judged on the outputs there are).
    """
    def make() -> dict[str, Any]:
        found = dict(seen)
        for prefix, outputs in _results_on(fn, cases, label, lambda case, result: (case, unpack(result))):
            found.update({f"{prefix}/{name}": value for name, value in outputs.items()})
        return found

    return _OnFailure(make)


class _ListOnFailure(Sequence):
    """A list made by MAKE the first time it is read (``Clues.also``, read only for a wrong value)."""

    def __init__(self, make: Callable[[], list]) -> None:
        self._make, self._made = make, None

    def _items(self) -> list:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __getitem__(self, index):
        return self._items()[index]

    def __len__(self) -> int:
        return len(self._items())


def results_on_other_cases(fn: Callable, cases: Mapping[str, tuple], label: str,
                           judged: Callable[[str, Any], tuple | None], before: Sequence = ()) -> Sequence:
    """BEFORE and FN's results on the check's other stored CASES (name -> arguments), as ``Clues.also``
    entries: a fingerprint proven on this case must explain those too, in the same words. A ReLU
    at the output reads as "y_hat equals z2" on a batch whose every z2 is positive, and only as
    relu(z2) on the point whose z2 is negative.

    judged: (case, FN's result) -> its (got, expected, clues), or None when it cannot be judged.
    The calls are made only when a value is wrong (:func:`_results_on`).
    """
    return _ListOnFailure(lambda: [*before, *filter(None, _results_on(fn, cases, label, judged))])


def _numbers_or_none(value: Any) -> np.ndarray | None:
    """``value`` as a float64 array, or None when it is not numbers (a sibling output not yet checked)."""
    try:
        return _asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None


def subject_of(what: str) -> str:
    """The output's name in a check's description: "best_epochs" for "best_epochs from grid_search(...)"."""
    return re.split(r" from | with | \(each| \(the", what, maxsplit=1)[0]


def known_hint(mistake: str, got: Any) -> str:
    """"\nHint: ..." naming the catalogued mistake whose output on this case equals ``got``, or ""."""
    try:
        g = _asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return ""
    hint = diagnosis.known_mistake(mistake, g)
    return f"\n{hint.line()}" if hint else ""


def diagnosis_line(mistake: str | None, got: Any, expected: Any, clues: Clues | None = None) -> str:
    """"\nHint: ..." for a wrong result that is not judged by expect_close (labels, a truth table), or ""."""
    try:
        g, e = _asarray(got, dtype=np.float64), _asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return ""
    hint = diagnosis.diagnose(mistake, g, e, clues=clues)
    return f"\n{hint.line()}" if hint else ""


#: How closely a wrong sample spread must match a slip's spread to be named: the spread of
#: 120,000+ draws is within 1% of the true one (about 5 sigma); the slips are 13% or more away.
SPREAD_RTOL = 0.03


def spread_hint(stds: Any, n_in: Any, n_out: Any, weights: Any = None,
                again: Callable[[], tuple[Any, Any, Any]] | None = None) -> str:
    """"\nHint: ..." naming the wrong He scale that gives every layer's sample spread, or "".

    stds, n_in, n_out: arrays of shape (L,), per layer: the sample standard
    deviation of W, its fan-in and its fan-out. Proven like any fingerprint:
    every layer explained, layers of different sizes. weights: the L weight
    matrices themselves, when the check has them: a uniform draw is named from their
    distribution first (its spread matches no normal's scale). again: another call with other
    sizes, giving (stds, n_in, n_out) of its layers; made when the first proves nothing, or when
    it gives every layer one spread, which a constant explains as well as any formula (Glorot's
    sqrt(2 / (n_in + n_out)) for layers of 400 -> 500 -> 400, or a hard-coded 0.047).
    """
    spreads = _asarray(stds, dtype=np.float64)
    if (spreads == 0).any():
        # a spread of 0 names no scale (and would divide by 0 in the search for one): the fact alone
        zero = [f"W{i}" for i, v in enumerate(spreads.ravel(), 1) if v == 0]
        drawn = "" if len(zero) == spreads.size else ", while the other layers are drawn"
        return hint_line("fp.zeros", f"{' and '.join(zero)} {'is' if len(zero) == 1 else 'are'} all one "
                         f"value (spread 0){drawn}: made with np.zeros, or a scale that is 0, where "
                         "rng.normal(0, np.sqrt(2 / n_in), size=...) belongs for every layer.")
    uniform = uniform_draw(weights) if weights is not None else None
    if uniform is not None:
        return "\n" + Diagnosis((uniform.mistake_id,), uniform.hint).line()
    one_magnitude = bool(np.all(np.abs(spreads / spreads.flat[0] - 1) < SPREAD_RTOL))
    alone = _scale_named(stds, n_in, n_out)
    # one spread in every layer is as well explained by a constant as by any formula of the sizes
    hint = None if one_magnitude and again is not None else alone
    if hint is None and again is not None:
        more = again()
        hint = _scale_named(*(np.concatenate([_asarray(a, dtype=np.float64), _asarray(b, dtype=np.float64)])
                              for a, b in zip((stds, n_in, n_out), more, strict=True)), one_size=False)
        # or the same explanation, in the same words but for its numbers, of each call on its own
        # ("sqrt(2 / n) in every layer, n = W1's fan-in" holds across calls, not as one formula)
        second = _scale_named(*more) if hint is None and alone is not None else None
        if second is not None and second.mistake_ids == alone.mistake_ids and \
                _without_numbers(second.text) == _without_numbers(alone.text):
            hint = alone
    return f"\n{hint.line()}" if hint else ""


def _without_numbers(text: str) -> str:
    return re.sub(r"\d+(\.\d+)?(e-?\d+)?", "#", text)


def _scale_named(stds: Any, n_in: Any, n_out: Any, one_size: bool = True) -> Diagnosis | None:
    n_in = _asarray(n_in, dtype=np.float64)
    return explain(_asarray(stds, dtype=np.float64), (2.0 / n_in) ** 0.5,
                   Clues(related=[*init_spreads(n_in, n_out), *scale_candidates(n_in, n_out, one_size)]),
                   rtol=SPREAD_RTOL, atol=0.0, generic=False)


def known_hint_all(outputs: Mapping[str, Any]) -> str:
    """"\nHint: ..." naming the one catalogued mistake that matches every output (key -> got) it stores."""
    try:
        arrays = {key: _asarray(got, dtype=np.float64) for key, got in outputs.items()}
    except (TypeError, ValueError):
        return ""
    hint = diagnosis.known_mistake_all(arrays)
    return f"\n{hint.line()}" if hint else ""


@contextlib.contextmanager
def hint_on_failure(hint: str | Callable[[], str]):
    """Append a hint line to a failure inside the block that has no hint of its own.

    hint: the line ("\nHint: ..." or ""), or a function giving it, called only on such a failure
    (a diagnosis costs nothing where the check passes).
    """
    try:
        yield
    except CheckFailed as exc:
        if "Hint:" in str(exc):
            raise
        line = hint() if callable(hint) else hint
        if not line:
            raise
        raise CheckFailed(str(exc) + line) from None


def hinted(mistake: str, got: Any):
    """Append the catalogued mistake's hint, when ``got`` is its output, to a failure inside the block."""
    return hint_on_failure(lambda: known_hint(mistake, got))


def expect_finite(got: np.ndarray, what: str, inputs: Mapping[str, Any] | None = None,
                  hint: tuple[str, str] | None = None) -> None:
    """Every entry of ``got`` must be finite (no NaN or inf); hint: (mistake id, text) to show if not."""
    __tracebackhide__ = True
    g = _asarray(got, dtype=np.float64)
    if _isfinite(g).all():
        return
    fail(f"{what} contains NaN or inf: {show(g) if g.ndim else repr(_float(g))}"
         + (show_inputs(inputs) if inputs else "") + (hint_line(*hint) if hint else ""))


def all_close(a: Any, b: Any, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """np.allclose as it was before student code ran."""
    return bool(_allclose(a, b, rtol=rtol, atol=atol))


def expect_true(condition: bool, message: str) -> None:
    """Fail with ``message`` unless ``condition`` holds."""
    __tracebackhide__ = True
    if not condition:
        fail(message)


def expect_zeros(value: np.ndarray, what: str) -> None:
    """``value`` (an array of any shape) must be all zeros: a bias as it starts.

    One nonzero number in every entry is a fixed starting value, said as such (a fact:
    the entries are shown); values that differ say nothing more than the message.
    """
    __tracebackhide__ = True
    if not value.any():
        return
    hint = ""
    if value.size >= 2 and _isfinite(value).all() and (value == value.flat[0]).all():
        hint = hint_line("fp.constant", f"every entry of `{subject_of(what)}` is {float(value.flat[0]):g}: a "
                         "fixed starting value where zeros belong (np.zeros(...) of that shape).")
    fail(f"{what} should be all zeros; got {show(value)}.{hint}")


#: This module's functions as imported, before any notebook code ran.
_OWN = {name: obj for name, obj in list(globals().items())
        if isinstance(obj, types.FunctionType | type) and obj.__module__ == __name__}
