"""Generate the reference call traces: ``autograder/fixtures/call_traces.json`` and ``.npz``.

Instructor side only (imports ``solutions``). For every blank whose reference reads other
registered blanks as globals (``autograder.call_trace.helper_names``: the training loop's
``init_params``, ``forward``, ...; found from the code, not listed), the blank's own check
is run on the reference through a wrapper that keeps the first call's arguments; the
reference is then traced on them (``autograder.call_trace.trace``, the code the student
side runs). Stored: the check's name, those arguments (arrays in the ``.npz``) and the
reference's calls, summarised. ``python -m nncourse.fixtures`` (``make fixtures``) writes
them with the other fixtures; ``tests/test_call_trace.py`` fails while they are stale.
"""

import contextlib
import copy
import functools
import importlib
import io
import json
from pathlib import Path

import numpy as np

from autograder.blanks import BLANKS, BY_NAME, Blank
from autograder.call_trace import (
    TRACES_JSON,
    TRACES_NPZ,
    encode,
    helper_names,
    reference_returns,
    reference_trace,
)
from nncourse.case_runners import reference


def _reference(name: str):
    blank = BY_NAME[name]
    return reference(importlib.import_module(f"solutions.{blank.module}"), name)


def first_call(blank: Blank, fn) -> tuple[tuple, dict]:
    """The arguments of the first call the blank's check makes of ``fn`` (copies)."""
    seen: list = []

    @functools.wraps(fn)
    def recording(*args, **kwargs):
        if not seen:
            seen.append(copy.deepcopy((args, kwargs)))
        return fn(*args, **kwargs)

    with contextlib.redirect_stdout(io.StringIO()):
        blank.check(recording, *(_reference(u) for u in blank.check_uses))
    if not seen:
        raise RuntimeError(f"the check of {blank.name} never called it: no call to trace")
    return seen[0]


def callers() -> list[Blank]:
    """The function blanks whose reference calls other registered blanks."""
    return [b for b in BLANKS if not b.constants and helper_names(_reference(b.name), BY_NAME)]


def build() -> tuple[dict, dict[str, np.ndarray]]:
    """(the JSON's contents, the arrays of the first calls' arguments by key)."""
    traces, arrays = {}, {}
    for blank in callers():
        fn = _reference(blank.name)
        args, kwargs = first_call(blank, fn)
        calls = reference_trace(fn, args, kwargs, blank.name, BY_NAME, hide_data=not blank.uses_globals)
        returns = reference_returns(fn, args, kwargs, blank.name, BY_NAME, hide_data=not blank.uses_globals)
        traces[blank.name] = {"check": blank.check.__name__,
                              "args": encode(tuple(args), f"{blank.name}/args", arrays),
                              "kwargs": encode(dict(kwargs), f"{blank.name}/kwargs", arrays),
                              "calls": [c.to_json() for c in calls], "returns": returns}
    return traces, arrays


def text(traces: dict) -> str:
    """The JSON file's text (keys in the order built: a call's arguments in its signature's order)."""
    return json.dumps(traces, indent=None, separators=(",", ":")) + "\n"


def write(target_json: Path = TRACES_JSON, target_npz: Path = TRACES_NPZ) -> list[Path]:
    traces, arrays = build()
    target_json.write_text(text(traces))
    np.savez(target_npz, **arrays)
    return [target_json, target_npz]
