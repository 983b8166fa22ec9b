"""The notebook's default arguments: a check's call that left one to a default the student changed.

Each blank's signature is given by its notebook (``def binary_cross_entropy(y, y_hat,
eps=1e-9)``), and its defaults are part of the blank: a check that calls it without eps
judges the notebook's eps. A student who retypes the signature with another default (Keras'
1e-7) gets values the check calls wrong, with nothing in them to say why. ``checking.call``
hands every call to :func:`note`, which compares the defaults the call relied on with the
notebook's (stored by the instructor's fixture build, ``nncourse.fixtures``, in
``fixtures/signatures.json``: numbers, text, booleans and None only); a check that then fails
with no hint of its own names the difference (:func:`pending_hint`). A check that passes says
nothing: a default that changes no value checked is no slip.
"""

from __future__ import annotations

import contextlib
import inspect
import io as _io
import json
import re
import warnings as _warnings
from pathlib import Path
from typing import Any

from autograder.captured import deepcopy as _deepcopy
from autograder.captured import errstate as _errstate
from autograder.captured import type_ as _type

_redirect_stderr, _redirect_stdout = contextlib.redirect_stderr, contextlib.redirect_stdout

SIGNATURES_JSON = Path(__file__).resolve().parent / "fixtures" / "signatures.json"
"""blank -> {parameter: the notebook's default}, for every function blank."""

_PLAIN = (int, float, str, bool, type(None))
_LABEL_NAME = re.compile(r"^(\w+)\(")
_used: dict[tuple[str, str], tuple[Any, Any, Any, tuple, dict]] = {}
"""(blank, parameter) -> (the student's default, the notebook's, the function, and copies of the call's
arguments), for the calls since the last check ended."""


def _load() -> dict[str, dict[str, Any]]:
    try:
        return json.loads(SIGNATURES_JSON.read_text())
    except (OSError, ValueError):
        return {}  # no table, no claim


NOTEBOOK_DEFAULTS: dict[str, dict[str, Any]] = _load()


def plain_defaults(fn: Any) -> dict[str, Any]:
    """FN's parameters whose defaults are plain values (numbers, text, booleans, None), by name."""
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return {}
    return {p.name: p.default for p in parameters
            if p.default is not inspect.Parameter.empty and _type(p.default) in _PLAIN}


def _differs(mine: Any, notebook: Any) -> bool:
    if _type(mine) is bool or _type(notebook) is bool or mine is None or notebook is None:
        return mine is not notebook
    if _type(mine) in (int, float) and _type(notebook) in (int, float):
        return float(mine) != float(notebook)
    return bool(mine != notebook)


def note(fn: Any, label: str, args: tuple, kwargs: dict) -> None:
    """Record the defaults a call of FN (checked as LABEL, "binary_cross_entropy(y, y_hat) ...") left to
    the student where they differ from the notebook's signature of that blank."""
    match = _LABEL_NAME.match(label)
    notebook = NOTEBOOK_DEFAULTS.get(match.group(1)) if match else None
    if not notebook:
        return
    try:
        passed = inspect.signature(fn).bind_partial(*args, **kwargs).arguments
    except (TypeError, ValueError):
        return
    mine = plain_defaults(fn)
    for name, default in notebook.items():
        if name not in passed and name in mine and _differs(mine[name], default):
            try:
                copies = _deepcopy((args, kwargs))
            except Exception:  # arguments that cannot be copied cannot be tried again: no claim
                continue
            _used[(match.group(1), name)] = (mine[name], default, fn, *copies)


def _changes_the_call(fn: Any, args: tuple, kwargs: dict, name: str, default: Any) -> bool:
    """Whether FN on these arguments gives another value with the notebook's DEFAULT for NAME passed than
    with its own default: only then does the default reach what the check judged. Run quietly
    (copies, warnings and stderr swallowed); any failure is no proof."""
    from autograder.call_trace import same, summary  # call_trace imports checking, which imports this

    try:
        with _warnings.catch_warnings(), _redirect_stderr(_io.StringIO()), _redirect_stdout(_io.StringIO()), \
                _errstate(all="ignore"):
            _warnings.simplefilter("ignore")
            own = summary(fn(*_deepcopy(args), **_deepcopy(kwargs)))
            given = summary(fn(*_deepcopy(args), **_deepcopy(kwargs), **{name: default}))
    except Exception:
        return False
    return not same(own, given)


def pending_hint() -> tuple[str, str] | None:
    """(mistake id, hint) for the changed defaults the failing check's calls relied on, where passing the
    notebook's default changes the call's value; or None. Each call is tried again within the budget
    of a run made only for a hint (``time_budget.HINT_RUN_BUDGET``): past it, no claim."""
    from autograder import time_budget  # imports checking, which imports this module

    proven = []
    for (blank, name), (mine, notebook, fn, args, kwargs) in _used.items():
        finished, changes = time_budget.run_within(time_budget.HINT_RUN_BUDGET, _changes_the_call, fn, args,
                                                   kwargs, name, notebook)
        if finished and changes:
            proven.append(f"your {blank} has the default {name}={mine!r} where the notebook's signature "
                          f"gives {name}={notebook!r}")
    if not proven:
        return None
    return ("fp.default_differs", f"{'; '.join(proven)}, and the check's call leaves it to that default, "
            "which changes the value it gets. A default the notebook gives is part of the blank: keep the "
            "signature as the notebook writes it.")


def forget() -> None:
    """Start the next check afresh."""
    _used.clear()
