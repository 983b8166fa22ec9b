"""Default arguments a call changed: state a function carries from one call into the next.

A default is made once, when ``def`` runs, so ``def train(..., history={"loss": []})`` that
appends to it hands the next call the lists of the one before: the first call is right and the
second is not. ``checking.call`` takes a :func:`snapshot` of a function's mutable defaults
(lists, dicts, sets, arrays) before each call and :func:`note` compares after it; a check that
then fails says so (:func:`pending_hint`), proven by the values themselves. Nothing is said on
a check that passes: a function may keep a cache in a default, but no blank needs one, and only
a failure needs a cause.
"""

from __future__ import annotations

from typing import Any

from autograder.captured import array_equal as _array_equal
from autograder.captured import deepcopy as _deepcopy
from autograder.captured import isinstance_ as _isinstance
from autograder.captured import ndarray as _ndarray
from autograder.captured import type_ as _type

_MUTABLE = (list, dict, set, _ndarray)
_PLAIN = (int, float, complex, str, bytes, bool, type(None))
_changed: dict[str, list[str]] = {}
"""The functions whose calls changed a default since the last check ended: name -> parameter names."""
_left_state: set[Any] = set()
"""The code of every function a call of which changed a default, for the kernel's life."""
_started_from_state: set[str] = set()
"""The functions called, since the last check ended, with defaults an earlier call had changed."""


def _defaults(fn: Any) -> dict[str, Any]:
    """FN's parameters with mutable defaults, by name (positional and keyword-only)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return {}
    found: dict[str, Any] = {}
    positional = getattr(fn, "__defaults__", None) or ()
    if _isinstance(positional, tuple) and positional:
        names = code.co_varnames[:code.co_argcount][-len(positional):]
        found.update(zip(names, positional, strict=False))
    keyword = getattr(fn, "__kwdefaults__", None) or {}
    if _type(keyword) is dict:
        found.update(keyword)
    return {name: value for name, value in found.items() if _type(value) in _MUTABLE}


def snapshot(fn: Any) -> dict[str, Any]:
    """Deep copies of FN's mutable defaults, by parameter name ({} when there are none)."""
    if getattr(fn, "__code__", None) in _left_state:
        _started_from_state.add(str(getattr(fn, "__name__", "your function")))
    try:
        return {name: _deepcopy(value) for name, value in _defaults(fn).items()}
    except Exception:  # a default that cannot be copied proves nothing either way
        return {}


def _same(a: Any, b: Any) -> bool:
    """Whether A and B hold the same values; True where it cannot tell (no claim is made then)."""
    if _type(a) is not _type(b):
        return False
    if _type(a) is _ndarray:
        return a.shape == b.shape and a.dtype == b.dtype and bool(_array_equal(a, b))
    if _type(a) is dict:
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if _type(a) in (list, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if _type(a) is set or _type(a) in _PLAIN:
        return bool(a == b)
    return True


def note(fn: Any, before: dict[str, Any]) -> None:
    """Record the defaults of FN that differ from BEFORE (its :func:`snapshot`) after a call."""
    if not before:
        return
    now = _defaults(fn)
    names = [name for name, old in before.items() if name in now and not _same(old, now[name])]
    if names:
        _left_state.add(fn.__code__)
        own = _changed.setdefault(str(getattr(fn, "__name__", "your function")), [])
        own += [name for name in names if name not in own]


def pending_hint() -> tuple[str, str, bool] | None:
    """(mistake id, hint, whether it replaces the check's own hint) for the defaults changed during
    the check now failing, or None. It replaces it when a call started from what an earlier call
    left in its defaults: that state is then the proven cause, and a hint read from the output
    alone (60 entries for 30 epochs: "an append inside an inner loop") would be a guess."""
    if not _changed:
        return None
    said = "; ".join(f"{fn} changed the default of {', '.join(f'`{n}`' for n in names)}"
                     for fn, names in _changed.items())
    return ("fp.default_changed", f"{said} while it ran: a default value is made once, when `def` runs, "
            "and every call that leaves it out shares it, so the next call starts from what this one "
            "left there. Use None as the default and make a new one inside the function "
            "(if history is None: history = {...}).", bool(_started_from_state & _changed.keys()))


def forget() -> None:
    """Start the next check with nothing recorded (what calls left in defaults is kept)."""
    _changed.clear()
    _started_from_state.clear()
