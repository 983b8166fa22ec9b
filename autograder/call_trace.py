"""Hints from how a blank calls the student's other blanks: its call trace against the reference's.

A training loop, a search or a deeper network calls the student's other functions
(``init_params``, ``forward``, ``backward``, ``sgd_step``, a loss, ``train``...). A slip
there (arguments in another order, a seed passed into ``n_out``, a keyword left at its
default, the wrong variable reused, a call made once per epoch where once belongs)
leaves an output that is just "some other training run": no fingerprint of the output
names it. The calls do.

- **The trace** (``trace``): the blank re-run on the first input its check gave it,
  through a copy of the function whose globals (a copy of the notebook's, data globals
  hidden as ``checking.call_isolated`` hides them) hold recording wrappers in place of
  its helpers: the registered blanks (``autograder.blanks``) its code reads as globals.
  Each wrapper calls through unchanged and records the call's arguments as bound by the
  helper's own signature (defaults applied, which ones were passed), each summarised
  cheaply (``summary``: shapes, sums and a weighted sum of arrays, scalars as they are),
  where each came from (``source``: the blank's own argument of that name, or the result
  of an earlier traced call), and the call's result. The kernel's namespace is never
  changed: the wrappers live only in the copy's globals.
- **The reference trace**, stored by the instructor's fixture build
  (``nncourse.trace_fixtures``: ``fixtures/call_traces.json``, the first call's
  arguments in ``fixtures/call_traces.npz``), in the same form.
- **The diff** (``Tracer``, online): the student's calls in order, each against the
  reference's call of the same helper with the same index. A call whose result agrees
  is passed over (an argument that differs harmlessly is no cause). The first whose
  result differs is explained by its arguments, when exactly one explanation fits
  (``explain_call``): two arguments exchanged (each holds the other's value, both
  ways), a value passed by position into the parameter before the one it was meant for
  (that one left at its default), an argument left at its default where the reference
  passes one, one number that differs (a seed, a learning rate that changes between
  calls), or one argument taken from another source (the latest call's result where the
  reference passes the one before, a stale result where the reference carries the
  update; the result of a call the reference does not make: a helper called again, its
  result used). A call the reference does not make is recorded and passed over; at the
  end of a run that returned, the counts are compared (``explain_counts``: a helper called
  k times as often, or fewer times, or never, or another helper in its place), calls that
  only compute an earlier call again left out (a value recomputed is no cause). A result
  that differs while every argument agrees (a wrong helper) ends the trace silently.

The hint is shown where the check has none, and replaces one that explains an error where it
was raised (``err.*``, or any generic id when the student's code raised: the trace names what
led there, which a fix at the raising line would not); a catalogued mistake's hint, a check's
own and a fingerprint proven on the output are kept. The trace runs
only once a check has failed: one extra run of the blank at most, stopped at the first
difference. Nothing here writes to stderr.
"""

import contextlib
import dis
import functools
import inspect
import io
import json
import types
import zlib
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from autograder.captured import asarray as _asarray
from autograder.captured import isinstance_ as _isinstance
from autograder.captured import ndarray as _ndarray
from autograder.captured import type_ as _type
from autograder.checking import visible_globals
from autograder.fingerprints import Diagnosis
from autograder.source_facts import calls, current

FIXTURES = Path(__file__).parent / "fixtures"
TRACES_JSON = FIXTURES / "call_traces.json"
TRACES_NPZ = FIXTURES / "call_traces.npz"
#: Summaries agree within this relative tolerance: sums of float64 arithmetic done in another order
#: differ by ~1e-15; any real difference of an argument is far larger.
RTOL = 1e-6
#: Items of a list or tuple summarised one by one; a longer one is summarised as an array.
LIST_ITEMS = 64
#: A traced run that makes this many times as many calls as the reference is stopped: no count
#: is worth waiting for.
COUNT_FACTOR = 50
#: Ids of the hints that explain an error where it was raised, not its cause (``err.*``, and the
#: generic ids an error's hint may carry, ``fp.*``, when the student's code raised): a trace's
#: finding replaces them. A hint proven on the output, a catalogued mistake's and a check's own
#: are kept.
ERROR_PREFIX = "err."
FINGERPRINT_PREFIX = "fp."


class _Stop(BaseException):
    """Ends a traced run once its first difference is known (not an Exception: the student's
    ``except Exception`` does not swallow it)."""


# --------------------------------------------------------------------------
# Summaries
# --------------------------------------------------------------------------

def summary(value: Any) -> list:
    """A cheap, JSON-able summary of a value, equal (``same``) for equal values computed in another order.

    Arrays: ["a", shape, sum, weighted sum] of their entries as float64 (the weights fixed,
    1 + (i mod 7) / 7, so that a permutation of the entries shows); numbers ["n", value];
    dicts ["d", {key: summary}]; lists and tuples ["l", [summaries]]; None ["none"];
    strings ["s", text]; a random generator ["rng", its state's hash]; anything else its type.
    """
    if value is None:
        return ["none"]
    if _isinstance(value, bool | np.bool_):
        return ["n", float(bool(value))]
    if _isinstance(value, int | float | np.integer | np.floating):
        return ["n", float(value)]
    if _isinstance(value, str):
        return ["s", value]
    if _type(value) is _ndarray:
        return _array_summary(value)
    if _isinstance(value, Mapping):
        return ["d", {str(k): summary(v) for k, v in value.items()}]
    if _isinstance(value, list | tuple):
        if len(value) <= LIST_ITEMS:
            return ["l", [summary(v) for v in value]]
        try:
            return _array_summary(_asarray(value, dtype=np.float64))
        except (TypeError, ValueError):
            return ["o", f"{_type(value).__name__} of {len(value)}"]
    if _isinstance(value, np.random.Generator):
        return ["rng", zlib.crc32(repr(value.bit_generator.state).encode())]  # stable across processes
    return ["o", _type(value).__name__]


def _array_summary(value: np.ndarray) -> list:
    try:
        x = _asarray(value, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        return ["o", f"ndarray of {value.dtype}"]
    weights = 1.0 + (np.arange(x.size) % 7) / 7.0
    with np.errstate(all="ignore"):
        return ["a", list(value.shape), float(np.sum(x)), float(np.dot(x, weights))]


def _close(a: float, b: float) -> bool:
    if a == b or (a != a and b != b):  # equal, or both NaN
        return True
    return abs(a - b) <= RTOL * max(abs(a), abs(b)) + 1e-12


def same(a: list, b: list) -> bool:
    """Whether two summaries describe the same value (numbers within ``RTOL``)."""
    if a[0] != b[0]:
        return False
    kind = a[0]
    if kind == "n":
        return _close(a[1], b[1])
    if kind == "a":
        return list(a[1]) == list(b[1]) and _close(a[2], b[2]) and _close(a[3], b[3])
    if kind == "d":
        return set(a[1]) == set(b[1]) and all(same(a[1][k], b[1][k]) for k in a[1])
    if kind == "l":
        return len(a[1]) == len(b[1]) and all(same(x, y) for x, y in zip(a[1], b[1], strict=True))
    return a == b


def shown(s: list) -> str:
    """A summary as the student reads it: a number as written, an array by its shape."""
    kind = s[0]
    if kind == "n":
        return f"{int(s[1])}" if float(s[1]).is_integer() and abs(s[1]) < 1e15 else f"{s[1]:g}"
    if kind == "a":
        return f"an array of shape {tuple(s[1])}"
    if kind == "d":
        return "a dict with keys " + str(list(s[1]))
    if kind == "l":
        return f"a sequence of {len(s[1])} items"
    if kind == "none":
        return "None"
    if kind == "s":
        return repr(s[1])
    return f"a {s[1]}" if kind == "o" else "a random generator"


# --------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------

def helper_names(fn: Callable, blanks: Mapping[str, object]) -> list[str]:
    """The registered blanks ``fn``'s code reads as globals (nested functions too), itself left out.

    Read from the bytecode's global loads, not ``co_names`` (which holds attribute names too:
    ``np.tanh`` is no call of the blank tanh).
    """
    names: list[str] = []

    def walk(code: types.CodeType) -> None:
        for ins in dis.get_instructions(code):
            read = ins.opname in ("LOAD_GLOBAL", "LOAD_NAME")
            if read and ins.argval in blanks and ins.argval not in names:
                names.append(ins.argval)
        for const in code.co_consts:
            if _isinstance(const, types.CodeType):
                walk(const)

    code = getattr(fn, "__code__", None)
    if code is not None:
        walk(code)
    return [n for n in names if n != getattr(fn, "__name__", None) and callable(fn.__globals__.get(n))]


@dataclass
class Call:
    """One call of a helper: its arguments by parameter name, and what it gave.

    args: name -> [passed (bool: given by the caller, not a default), source, summary], and in the
    reference's trace a fourth entry for a number proven to be the blank's number argument of that
    name (``nncourse.trace_fixtures.name_numbers``);
    source: ["in", the blank's parameter], ["out", helper, back, item, index] (the result of
    that helper's call ``back`` calls ago, 1 the latest, its ``index``-th; item: its index in a
    returned tuple, or -1 for the whole result) or None; out: the result's summary, ["raised", exception type]
    when it raised.
    """

    helper: str
    index: int
    args: dict[str, list]
    out: list | None = None
    place: int = 0  # its index among the helper's calls that are not repeats (-1 for a repeat)

    def to_json(self) -> dict:
        return {"helper": self.helper, "index": self.index, "place": self.place, "args": self.args,
                "out": self.out}

    @staticmethod
    def from_json(d: Mapping) -> "Call":
        return Call(d["helper"], d["index"], {k: list(v) for k, v in d["args"].items()}, d["out"], d["place"])


@dataclass
class Finding:
    """What the diff proved: a hint's ids and its text (the caller's name is filled in later)."""

    mistake_ids: tuple[str, ...]
    text: str


@dataclass
class Tracer:
    """Records a run's helper calls; compares each, as it comes, with the reference's (when given).

    reference: the reference trace's calls, or None to record only (the instructor's build).
    """

    reference: list[Call] | None = None
    blank: str = "the blank"
    calls: list[Call] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    inputs: dict[str, Any] = field(default_factory=dict)
    finding: Finding | None = None
    silent: bool = False  # the trace proved nothing and stopped
    #: (helper, index) of the calls the reference does not make (repeats, or its helper called more often)
    extra: set = field(default_factory=set)
    _places: Counter = field(default_factory=Counter)
    _diverged: bool = False
    _sources: dict[int, tuple] = field(default_factory=dict)
    _alive: list = field(default_factory=list)  # the objects whose ids are sources, kept alive
    #: where the run's result (each item of a returned tuple) came from, as ``_origin`` gives it: the
    #: blank's argument, a helper call's result, or None (made by the blank itself); the reference's
    #: (``returns``, stored) is compared with the student's (``returned``) once every call agrees
    returns: list | None = None
    returned: list | None = None

    def note_result(self, result: Any) -> None:
        """Record where RESULT (the blank's return value) came from, item by item for a tuple."""
        items = result if _isinstance(result, tuple) else (result,)
        self.returned = [_origin(self._source(item)) for item in items]

    def take_inputs(self, bound: Mapping[str, Any]) -> None:
        """The blank's own arguments (as it received them): each is a source by its name."""
        self.inputs = dict(bound)
        for name, value in bound.items():
            self._remember(value, ("in", name))

    def _remember(self, value: Any, source: tuple) -> None:
        if _type(value) is _ndarray or _isinstance(value, dict | list):
            self._alive.append(value)
            self._sources.setdefault(id(value), source)

    def _source(self, value: Any) -> list | None:
        found = self._sources.get(id(value))
        if found is None:
            return None
        if found[0] == "in":
            return list(found)
        _, helper, index, item = found
        return ["out", helper, self.counts[helper] - index, item, index]

    def wrap(self, name: str, fn: Callable) -> Callable:
        """A recording wrapper of helper ``fn`` (called ``name``): calls through unchanged."""
        try:
            signature = inspect.signature(fn)
        except (TypeError, ValueError):
            signature = None

        @functools.wraps(fn)
        def recorded(*args, **kwargs):
            if self.reference is not None and len(self.calls) > COUNT_FACTOR * (len(self.reference) + 2):
                self.silent = True  # far more calls than the reference makes: no count is worth waiting for
                raise _Stop
            call = Call(name, self.counts[name], self._bind(signature, args, kwargs))
            try:
                result = fn(*args, **kwargs)
            except Exception as exc:
                call.out = ["raised", _type(exc).__name__]
                self._record(call, None)
                raise
            call.out = summary(result)
            self._record(call, result)
            return result

        return recorded

    def _bind(self, signature: inspect.Signature | None, args: tuple, kwargs: dict) -> dict[str, list]:
        try:
            bound = signature.bind(*args, **kwargs) if signature is not None else None
        except TypeError:
            bound = None
        if bound is None:
            named = {f"#{i + 1}": v for i, v in enumerate(args)} | kwargs
            return {k: [True, self._source(v), summary(v)] for k, v in named.items()}
        passed = set(bound.arguments)
        bound.apply_defaults()
        return {k: [k in passed, self._source(v), summary(v)] for k, v in bound.arguments.items()}

    def _record(self, call: Call, result: Any) -> None:
        """Keep the call and its place: its index among the helper's calls that do not repeat the
        helper's previous call (arguments and result alike: a value computed again), or -1."""
        previous = next((c for c in reversed(self.calls) if c.helper == call.helper), None)
        repeat = previous is not None and _same_args(previous, call) and same_out(previous.out, call.out)
        self.calls.append(call)
        self.counts[call.helper] += 1
        if result is not None:
            self._remember(result, ("out", call.helper, call.index, -1))
            if _isinstance(result, tuple):
                for i, item in enumerate(result):
                    self._remember(item, ("out", call.helper, call.index, i))
        call.place = -1 if repeat else self._places[call.helper]
        self._places[call.helper] += 0 if repeat else 1
        if self.reference is None or self._diverged:
            return
        # Until a call repeats or goes beyond the reference's, both ways of matching calls (``finish``)
        # agree: the first result that differs is the finding, and the run can stop there.
        counterpart = next((c for c in self.reference if (c.helper, c.index) == (call.helper, call.index)),
                           None)
        if repeat or counterpart is None:
            self._diverged = True
        elif not same_out(call.out, counterpart.out):
            self.finding = explain_call(call, counterpart, self)
            self.silent = self.finding is None
            raise _Stop

    def finish(self, completed: bool) -> Finding | None:
        """The first difference from the reference, once the run ended (``completed``: it returned).

        Calls are matched by helper and index when the run made as many calls of each helper as
        the reference (or was cut short: its prefix is all there is); otherwise by place, repeats
        left out, so that a value computed twice shifts nothing.
        """
        if self.finding is not None or self.silent or self.reference is None:
            return self.finding
        by_index = not completed or Counter(c.helper for c in self.calls) == Counter(
            c.helper for c in self.reference)
        key = (lambda c: (c.helper, c.index)) if by_index else (lambda c: (c.helper, c.place))
        counterparts = {key(c): c for c in self.reference if by_index or c.place >= 0}
        self.extra = set() if by_index else {(c.helper, c.index) for c in self.calls
                                              if c.place < 0 or key(c) not in counterparts}
        for call in self.calls:
            counterpart = counterparts.get(key(call)) if by_index or call.place >= 0 else None
            if counterpart is not None and not same_out(call.out, counterpart.out):
                return explain_call(call, counterpart, self)
        if not completed:
            return None  # a run cut short says nothing about how many calls it would have made
        return explain_counts(self) or explain_returned(self)


def _same_args(a: Call, b: Call) -> bool:
    """The same values from the same places (a result made anew, even if equal, is another input)."""
    return set(a.args) == set(b.args) and all(
        _origin(a.args[k][1]) == _origin(b.args[k][1]) and same(a.args[k][2], b.args[k][2]) for k in a.args)


def _origin(source: list | None) -> list | None:
    """A source without its relative part: ["in", the blank's argument], or ["out", helper, call index,
    item] (a list, as it is stored in JSON)."""
    if source is None or source[0] == "in":
        return None if source is None else list(source)
    return ["out", source[1], source[4], source[3]]


def explain_returned(tracer: Tracer) -> Finding | None:
    """The run returned, as some item, the result of an earlier call of the helper whose last call's
    result the reference returns there (an earlier epoch's parameters), or that of another helper.

    The student's own last call of that helper is the one compared with (its calls may come in
    another order than the reference's, with other helpers between them: the origin still tells).
    """
    mine, theirs = tracer.returned or [], tracer.returns or []
    if len(mine) != len(theirs):
        return None
    for item, (got, want) in enumerate(zip(mine, theirs, strict=True)):
        if want is None or got is None or want[0] != "out" or got[0] != "out":
            continue  # made by the blank itself (a copy, a new dict) proves no origin
        helper, (_, got_helper, got_index, _) = want[1], got
        last = tracer.counts[helper] - 1
        if (got_helper, got_index) == (helper, last) or last < 0:
            continue
        part = f"item {item} of its result" if len(mine) > 1 else "its result"
        where = f"the result of its last call of {helper} (call {last + 1})"
        if got_helper == helper:
            said = (f"returns as {part} what {helper} returned at its call {got_index + 1} of {last + 1}, "
                    f"where the blank returns {where}: a value kept from an earlier step (a best-so-far "
                    "copy, a variable assigned before the loop's last pass) is returned where the final one "
                    "belongs.")
        else:
            said = (f"returns as {part} what {got_helper} returned at its call {got_index + 1}, where the "
                    f"blank returns {where}: return the value the last step produced.")
        return Finding(("fp.earlier_result",), "{blank} " + said)
    return None


def same_out(a: list | None, b: list | None) -> bool:
    return a is not None and b is not None and same(a, b)


def traced_copy(fn: types.FunctionType, tracer: Tracer, blanks: Mapping[str, object],
                hide_data: bool = True) -> types.FunctionType:
    """A copy of ``fn`` whose helpers are ``tracer``'s wrappers, and whose globals (with ``hide_data``)
    hide the notebook's arrays and dicts as ``checking.without_data_globals`` does, so that the run is
    the check's; ``fn`` and its globals are untouched."""
    kept = visible_globals(fn.__globals__) if hide_data else dict(fn.__globals__)
    for name in helper_names(fn, blanks):
        kept[name] = tracer.wrap(name, fn.__globals__[name])
    copy_ = types.FunctionType(fn.__code__, kept, fn.__name__, fn.__defaults__, fn.__closure__)
    copy_.__kwdefaults__ = fn.__kwdefaults__
    copy_.__dict__.update(fn.__dict__)
    return copy_


def trace(fn: types.FunctionType, args: tuple, kwargs: dict, tracer: Tracer,
          blanks: Mapping[str, object], hide_data: bool = True) -> Finding | None:
    """Run ``fn(*args, **kwargs)`` once with its helper calls recorded by ``tracer``; its finding.

    The call goes through ``checking.call`` (arguments deep-copied, warnings and stderr
    captured); whatever the student's code does, the run ends here.
    """
    from autograder.checking import CheckFailed, call  # checking imports nothing of this module

    copy_ = traced_copy(fn, tracer, blanks, hide_data)
    signature = inspect.signature(fn)

    def run(*a, **k):
        try:
            bound = signature.bind(*a, **k)
            bound.apply_defaults()
            tracer.take_inputs(bound.arguments)
        except TypeError:
            pass
        return copy_(*a, **k)

    run.__wrapped__ = fn
    completed = True
    try:
        tracer.note_result(call(run, *args, label=f"{fn.__name__}(...) traced", **kwargs))
    except _Stop:
        pass
    except CheckFailed as failure:  # raised in the student's code, or a result the call refused
        completed = failure.__cause__ is None
    except Exception:
        completed = False
    return tracer.finish(completed)


def reference_returns(fn: types.FunctionType, args: tuple, kwargs: dict, blank: str,
                      blanks: Mapping[str, object], hide_data: bool = True) -> list | None:
    """Where the reference's result on this input comes from, item by item (``Tracer.note_result``)."""
    tracer = Tracer(blank=blank)
    trace(fn, args, kwargs, tracer, blanks, hide_data)
    return tracer.returned


def _other(value: int | float) -> int | float:
    """Another value of a number argument, for the proof that an argument passes it on."""
    return value + 1 if _isinstance(value, int) else value * 1.25 + 0.125


def reference_trace(fn: types.FunctionType, args: tuple, kwargs: dict, blank: str,
                    blanks: Mapping[str, object], hide_data: bool = True) -> list[Call]:
    """The reference's calls on this input, each number argument named (its fourth entry) after the
    blank's number argument it is, proven: the reference re-run with that argument changed passes
    the changed value there. A number that only happens to equal an argument (K = 3 and seed = 3)
    gets no name. The instructor's build runs it (``nncourse.trace_fixtures``)."""
    def calls_of(a: tuple, k: dict) -> list[Call]:
        tracer = Tracer(blank=blank)
        trace(fn, a, k, tracer, blanks, hide_data)
        return tracer.calls

    calls = calls_of(args, kwargs)
    signature = inspect.signature(fn)
    kinds = {p.kind for p in signature.parameters.values()}
    if kinds & {inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD,
                inspect.Parameter.POSITIONAL_ONLY}:
        return calls
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    for name, value in bound.arguments.items():
        if _isinstance(value, bool) or not _isinstance(value, int | float):
            continue
        other = _other(value)
        again = {(c.helper, c.index): c for c in calls_of((), {**bound.arguments, name: other})}
        for call in calls:
            twin = again.get((call.helper, call.index))
            for key, arg in call.args.items():
                if twin is None or key not in twin.args or len(arg) > 3:
                    continue
                if same(arg[2], ["n", float(value)]) and same(twin.args[key][2], ["n", float(other)]):
                    arg.append(name)
    return calls


# --------------------------------------------------------------------------
# The diff
# --------------------------------------------------------------------------

def _arg_same(a: list, b: list) -> bool:
    """Two recorded arguments [passed, source, summary] hold the same value (where it came from only
    describes it: a value that is equal changes no result)."""
    return same(a[2], b[2])


def _signature_text(call: Call) -> str:
    return f"{call.helper}({', '.join(call.args)})"


def _described(arg: list, tracer: Tracer, calls: list[Call], name_from: list | None = None) -> str:
    """An argument as the student can find it in their code: the blank's argument by name, what a
    helper's call returned (that call shown by its arguments), or its value; calls: the trace it
    comes from (the student's or the reference's); name_from: the reference's argument whose proven
    name (``Call.args``' fourth entry: the blank's number it is) describes this value."""
    source, value = arg[1], arg[2]
    if source is not None and source[0] == "in":
        return f"its argument {source[1]}"
    if source is not None and source[0] == "out":
        _, helper, _, item, index = source
        made = next((c for c in calls if c.helper == helper and c.index == index), None)
        shown_call = f"{helper}({', '.join(_short(a) for a in made.args.values())})" if made else helper
        return f"what {shown_call} returned" if item < 0 else f"item {item} of what {shown_call} returned"
    named = (name_from or arg)[3] if len(name_from or arg) > 3 else None
    return f"{shown(value)}{f' (your {named})' if named else ''}"


def _short(arg: list) -> str:
    """One argument of a call shown inside another description: a name, a helper's result, a number."""
    source, value = arg[1], arg[2]
    if source is not None and source[0] == "in":
        return str(source[1])
    if source is not None and source[0] == "out":
        return f"{source[1]}(...)"
    return shown(value) if value[0] in ("n", "none", "s") else "..."


def explain_call(call: Call, reference: Call, tracer: Tracer) -> Finding | None:
    """Why this call's result differs from the reference's, from its arguments; None unless one
    explanation fits them all."""
    if set(call.args) != set(reference.args):
        return None
    differ = [k for k in call.args if not _arg_same(call.args[k], reference.args[k])]
    if not differ:
        return None
    sig = _signature_text(reference)
    nth = "" if call.index == 0 else f" (call {call.index + 1} of {call.helper}; the earlier ones agree)"
    s, r = call.args, reference.args
    mine, theirs = tracer.calls, tracer.reference or []

    def student(p: str, like: str | None = None) -> str:
        return _described(s[p], tracer, mine, r[like] if like else None)

    def belongs(p: str) -> str:
        return _described(r[p], tracer, theirs)

    pairs = _exchanged_pairs(differ, s, r)
    if pairs:
        said = "; ".join(f"{p} = {student(p, q)} and {q} = {student(q, p)}" for p, q in pairs)
        names = ", ".join(f"{p} and {q} exchanged" for p, q in pairs)
        return Finding(("fp.arguments_exchanged",),
                       f"{{blank}} calls {call.helper} with {said}{nth}: the other way round belongs "
                       f"({names}). Pass them in the order of its signature, {sig}, or by name.")
    if len(differ) == 2:
        for p, q in (differ, differ[::-1]):
            # the value meant for q passed by position into p (the parameter before it), q left at its default
            if s[p][0] and not s[q][0] and r[q][0] and same(s[p][2], r[q][2]) and not same(s[p][2], r[p][2]):
                return Finding(("fp.argument_misplaced",),
                               f"{{blank}} calls {call.helper} with {p} = {student(p, q)} and {q} left at "
                               f"its default {shown(s[q][2])}{nth}: the value meant for {q} lands in {p}, "
                               f"which comes first in {sig}; {p} = {belongs(p)} belongs there. Pass {q} by "
                               f"name ({q}=...).")
    if len(differ) != 1:
        return None
    p = differ[0]
    if not s[p][0] and r[p][0]:
        own = r[p][3] if len(r[p]) > 3 else None
        ids = ("fp.default_left", "fp.ignores_argument") if own else ("fp.default_left",)
        passes = (f"{shown(r[p][2])}, the value of {{blank}}'s own argument {own}, belongs: it is not "
                  "passed on" if own else f"{shown(r[p][2])} belongs")
        return Finding(ids, f"{{blank}} calls {call.helper} without {p}, so {p} keeps its default "
                            f"{shown(s[p][2])}{nth}, where {p} = {passes}. "
                            + (f"Pass it: {call.helper}(..., {p}={own})." if own else
                               f"Pass the {p} the blank describes."))
    if s[p][0] and not r[p][0] and s[p][2][0] == "n":
        return Finding(("fp.argument_value",),
                       f"{{blank}} calls {call.helper} with {p} = {shown(s[p][2])}{nth}, where the blank "
                       f"leaves {p} at its default {shown(r[p][2])} in this call. Leave it out here.")
    changed = _changed_since(s[p], mine)
    if changed:
        return Finding(("fp.in_place",),
                       f"{{blank}} passes {p} = {student(p)} to {call.helper}{nth}, but that array was "
                       "changed "
                       f"in place after {changed} returned it: it no longer holds {changed}'s result, which "
                       f"the blank passes. An in-place edit (-=, /=, x[...] = ...) of it, or of another name "
                       f"bound to it (b = a makes no copy), changed it: edit a copy (.copy()) instead.")
    if s[p][2][0] == "n" and r[p][2][0] == "n":
        return Finding(("fp.argument_value",),
                       f"{{blank}} calls {call.helper} with {p} = {shown(s[p][2])} where {p} = {belongs(p)} "
                       f"belongs{nth}" + (": its value changes from one call to the next, where the blank "
                                          f"passes the same {p} every time." if _drifts(call, p, tracer)
                                          else f". Pass {p} as the blank describes it."))
    if s[p][1] is not None and r[p][1] is not None:
        made_again = _extra_source(s[p][1], tracer)
        if made_again:
            helper, index = made_again
            want = sum(c.helper == helper for c in theirs)
            return Finding(("fp.call_count",),
                           f"{{blank}} calls {helper} again (call {index + 1} of {helper}, which the blank "
                           f"calls {_times(want)}) and passes {student(p)} to {call.helper} as {p}, where "
                           f"{p} = {belongs(p)} belongs{nth}: what the calls before it made is lost. Call "
                           f"{helper} as often as the blank describes, and carry on what the later calls "
                           "return.")
        if student(p) == belongs(p):
            return None  # the same description on both sides names no difference
        return Finding(("fp.wrong_argument",),
                       f"{{blank}} calls {call.helper} with {p} = {student(p)}, where {p} = {belongs(p)} "
                       f"belongs{nth}.")
    return None


def _changed_since(arg: list, calls: list[Call]) -> str:
    """The helper whose result ``arg`` is, when its value is no longer that result (an edit in place
    since), or ""."""
    source = arg[1]
    if source is None or source[0] != "out":
        return ""
    _, helper, _, item, index = source
    made = next((c for c in calls if c.helper == helper and c.index == index), None)
    if made is None or made.out is None or made.out[0] == "raised":
        return ""
    out = made.out if item < 0 else (made.out[1][item] if made.out[0] == "l" and item < len(made.out[1])
                                     else None)
    return helper if out is not None and not same(out, arg[2]) else ""


def _drifts(call: Call, p: str, tracer: Tracer) -> bool:
    """The reference passes one value of ``p`` in all its calls of this helper, and the student's
    earlier calls passed it too: the student's value changed on the way."""
    theirs = [c.args[p][2] for c in tracer.reference or () if c.helper == call.helper and p in c.args]
    earlier = [c.args[p][2] for c in tracer.calls if c.helper == call.helper and c.index < call.index
               and p in c.args]
    return bool(earlier) and all(same(v, theirs[0]) for v in theirs + earlier)


def _extra_source(source: list, tracer: Tracer) -> tuple[str, int] | None:
    """(helper, index) when ``source`` is the result of a call the reference does not make."""
    if source[0] != "out":
        return None
    helper, index = source[1], source[4]
    return (helper, index) if (helper, index) in tracer.extra else None


def _exchanged_pairs(differ: list[str], s: Mapping, r: Mapping) -> list[tuple[str, str]] | None:
    """The differing arguments as pairs, each holding the other's value (both ways), or None."""
    left, pairs = list(differ), []
    while left:
        p = left.pop(0)
        q = next((q for q in left if _arg_same(s[p], r[q]) and _arg_same(s[q], r[p])
                  and not same(r[p][2], r[q][2])), None)
        if q is None:
            return None
        left.remove(q)
        pairs.append((p, q))
    return pairs


def explain_counts(tracer: Tracer) -> Finding | None:
    """A helper called another number of times than the reference calls it, over a whole run.

    The student's calls are counted by place: a repeat (a value computed again) is no difference;
    a helper called fewer times, or more with new arguments, is.
    """
    counts, reference = tracer._places, tracer.reference or []
    expected = Counter(c.helper for c in reference if c.place >= 0)
    order = list(dict.fromkeys([c.helper for c in reference] + list(counts)))
    differ = [h for h in order if counts[h] != expected[h]]
    if not differ:
        return None
    never = [h for h in differ if counts[h] == 0]
    extra = [h for h in differ if expected[h] == 0]
    source = current()
    if len(never) == 1 and len(extra) == 1 and len(differ) == 2 and not (
            source is not None and source.has(calls(never[0]))):
        # "never" is said of the code only where its source has no call of it (on this run's path
        # or another's: a sigmoid network's branch is code too)
        # another helper can be a right route too (tanh's slope from sigmoid_grad): the fact, and where
        # to look, not an order to swap them
        return Finding(("fp.wrong_helper",),
                       f"{{blank}} calls {extra[0]} ({_times(counts[extra[0]])}) and never {never[0]}, "
                       f"which the blank calls {_times(expected[never[0]])}: the blank's route is through "
                       f"{never[0]}. Call {never[0]} where {extra[0]} is now, or, if {extra[0]} stands for "
                       "it on purpose, check each step of that route (its argument, its factors).")
    h = differ[0]
    got, want = counts[h], expected[h]
    if got == 0:
        return None  # work done another way (inline, through a function of the student's) proves nothing
    first_extra = next((c for c in tracer.calls if c.helper == h and c.place >= want), None)
    if first_extra is not None and any(a[1] is not None and a[1][0] == "out" and a[1][1] == h
                                       for a in first_extra.args.values()):
        return Finding(("fp.composed",),
                       f"{{blank}} calls {h} again on what {h} returned: {h} is applied twice, "
                       f"{h}({h}(...)), "
                       f"where the blank applies it once ({_times(got)} where {_times(want)} belongs on this "
                       f"input). Apply {h} once, and reuse its result rather than passing it through {h} "
                       "again.")
    ratio = max(got, want) / min(got, want)
    factor = ""
    if ratio.is_integer() and ratio > 1:
        k = int(ratio)
        named = [n for n, v in tracer.inputs.items() if _isinstance(v, int | np.integer)
                 and not _isinstance(v, bool | np.bool_) and v == k]
        factor = f" ({k} times as {'many' if got > want else 'few'}" + (
            f"; {k} is your {named[0]}" if len(named) == 1 else "") + ")"
    return Finding(("fp.call_count",),
                   f"{{blank}} calls {h} {_times(got)} where the blank calls it {_times(want)} on this "
                   f"input{factor}: call it as often as the blank describes.")


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


# --------------------------------------------------------------------------
# The stored reference traces, and the hint
# --------------------------------------------------------------------------

@lru_cache(maxsize=1)
def stored() -> dict:
    """blank -> {"check", "args", "kwargs", "calls"} of the reference trace (empty without the files)."""
    if not (TRACES_JSON.exists() and TRACES_NPZ.exists()):
        return {}
    with np.load(TRACES_NPZ) as data:
        arrays = {k: data[k] for k in data.files}
    traces = json.loads(TRACES_JSON.read_text())
    for entry in traces.values():
        entry["args"] = decode(entry["args"], arrays)
        entry["kwargs"] = decode(entry["kwargs"], arrays)
        entry["calls"] = [Call.from_json(c) for c in entry["calls"]]
    return traces


def encode(value: Any, key: str, arrays: dict[str, np.ndarray]) -> Any:
    """``value`` as JSON, its arrays stored in ``arrays`` under keys from ``key``; TypeError if it cannot
    be."""
    if _type(value) is _ndarray:
        arrays[key] = value
        return {"array": key}
    if _isinstance(value, bool | np.bool_):
        return {"bool": bool(value)}
    if _isinstance(value, int | np.integer):
        return {"int": int(value)}
    if _isinstance(value, float | np.floating):
        return {"float": float(value)}
    if value is None or _isinstance(value, str):
        return {"plain": value}
    if _isinstance(value, dict):
        return {"dict": {str(k): encode(v, f"{key}.{k}", arrays) for k, v in value.items()}}
    if _isinstance(value, list | tuple):
        return {_type(value).__name__: [encode(v, f"{key}.{i}", arrays) for i, v in enumerate(value)]}
    raise TypeError(f"cannot store an argument of type {_type(value).__name__} ({key})")


def decode(value: Any, arrays: Mapping[str, np.ndarray]) -> Any:
    """The inverse of ``encode``."""
    (kind, inner), = value.items()
    if kind == "array":
        return arrays[inner].copy()
    if kind in ("bool", "int", "float", "plain"):
        return inner
    if kind == "dict":
        return {k: decode(v, arrays) for k, v in inner.items()}
    items = [decode(v, arrays) for v in inner]
    return tuple(items) if kind == "tuple" else items


def call_hint(blank: str, fn: Any) -> Diagnosis | None:
    """The hint the student's ``fn`` (the blank ``blank``) earns by its calls, or None."""
    entry = stored().get(blank)
    if entry is None or not _isinstance(fn, types.FunctionType):
        return None
    from autograder.blanks import BY_NAME  # blanks imports the checks, which import this module

    tracer = Tracer(reference=entry["calls"], blank=blank, returns=entry.get("returns"))
    hide = not BY_NAME[blank].uses_globals
    with contextlib.redirect_stdout(io.StringIO()):  # what the run prints was printed by the check's run
        finding = trace(fn, entry["args"], entry["kwargs"], tracer, BY_NAME, hide_data=hide)
        if finding is None and tracer.silent and entry.get("returns"):
            # the calls differ in a way no single argument explains (another order of the helpers):
            # run again, recording only, for where the result comes from
            again = Tracer(blank=blank, returns=entry["returns"])
            trace(fn, entry["args"], entry["kwargs"], again, BY_NAME, hide_data=hide)
            finding = explain_returned(again)
    if finding is None:
        return None
    return Diagnosis(finding.mistake_ids, finding.text.replace("{blank}", f"your {blank}"))


def improved(failure: AssertionError, blank: str, fn: Any) -> AssertionError | None:
    """``failure`` with its hint replaced by the trace's, when the trace proves one and the failure's
    hint (if any) is generic; None to keep it as it is. The trace's run of ``fn`` is stopped after
    :data:`~autograder.time_budget.HINT_RUN_BUDGET` seconds (a slow training loop would otherwise
    take as long again)."""
    from autograder import time_budget  # here, as checking is: imported once a check has failed
    from autograder.checking import CheckFailed

    ids = failure.mistakes if _isinstance(failure, CheckFailed) else ()
    cause = failure.__cause__
    raised = cause is not None and not _isinstance(cause, CheckFailed)
    explains_error = all(i.startswith(ERROR_PREFIX) or (raised and i.startswith(FINGERPRINT_PREFIX))
                         for i in ids)
    if not explains_error:
        return None  # a catalogued mistake, the check's own diagnosis, or a fingerprint proven on the output
    try:
        finished, hint = time_budget.run_within(time_budget.HINT_RUN_BUDGET, call_hint, blank, fn)
    except Exception:
        return None
    if not finished or hint is None:
        return None  # a run past the budget is no hint: the check's failure stands
    text = str(failure).split("\nHint:", 1)[0]
    return CheckFailed(f"{text}\n{hint.line()}")


def with_call_traces(checks: Mapping[str, Any]) -> dict[str, Callable]:
    """The checks (name -> function) of the blanks with a stored reference trace, each wrapped so that a
    failure gets the trace's hint (``improved``); the blank's function is the check's first argument."""
    wrapped = {}
    for blank, entry in stored().items():
        check = checks.get(entry["check"])
        if check is None:
            continue
        wrapped[entry["check"]] = _traced_check(check, blank)
    return wrapped


def _traced_check(check: Callable, blank: str) -> Callable:
    @functools.wraps(check)
    def run(*args, **kwargs):
        __tracebackhide__ = True
        try:
            return check(*args, **kwargs)
        except AssertionError as failure:
            better = improved(failure, blank, args[0] if args else None)
            if better is None:
                raise
            raise better from failure.__cause__

    run.__call_trace_blank__ = blank
    return run
