"""Generate ``autograder/fixtures/mistakes.npz`` and ``mistakes.json``: what each mistake returns.

The ``autograder`` that students receive names a catalogued mistake from data,
never from code. For every mistake it diagnoses (``@diagnosed`` in
``solutions.mistakes``), the blank's case runner (``nncourse.case_runners.RUNNERS``)
runs the mutant, exactly as its notebook would define it, on the stored inputs.
Each output the check would find wrong (the reference's shape, other values) is
stored under "<notebook>:<blank>/<case>/<name>::<mistake id>", the key the
checks pass as ``mistake=``; ``mistakes.json`` maps mistake id -> blank and hint.
Written by ``python -m nncourse.fixtures``; a test keeps both files up to date.
"""

import copy
import json
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from autograder.checking import ATOL, RTOL
from nncourse.case_runners import RUNNERS
from solutions.mistakes import MISTAKES, Mistake

NPZ, JSON = "mistakes.npz", "mistakes.json"


def outputs_of(mistake: Mistake, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The mutant's outputs on its blank's cases, in check order, up to a call that fails.

    Returns key -> float64 array; outputs that are not numbers or arrays are left out.
    """
    if mistake.blank not in RUNNERS:
        raise KeyError(f"{mistake.id} is diagnosed from data, but {mistake.blank!r} has no case runner "
                       "in nncourse.case_runners.RUNNERS")
    found = {}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            for key, value in RUNNERS[mistake.blank](mistake.load(), copy.deepcopy(dict(inputs))):
                try:
                    found[key] = np.asarray(value, dtype=np.float64)
                except (TypeError, ValueError):
                    continue
        except Exception:  # a mutant may fail anywhere; what it returned so far counts
            pass
    return found


def wrong_outputs(mistake: Mistake, values: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The outputs a check would reject: the reference's shape, values outside the tolerance."""
    wrong = {}
    for key, got in outputs_of(mistake, values).items():
        expected = values.get(key)
        if expected is None or got.shape != expected.shape:
            continue
        if not np.allclose(got, expected.astype(np.float64), rtol=RTOL, atol=ATOL, equal_nan=True):
            wrong[key] = got
    return wrong


def build(fixtures: Mapping[str, Mapping[str, np.ndarray]]) -> tuple[dict, dict]:
    """(arrays for mistakes.npz, hints for mistakes.json), from the reference fixtures' inputs.

    fixtures: fixture name -> its stored values (``nncourse.fixtures.build_all()``).
    """
    arrays, hints = {}, {}
    for m in MISTAKES:
        if not m.diagnosed:
            continue
        for key, got in wrong_outputs(m, fixtures[m.notebook]).items():
            arrays[f"{m.notebook}:{key}::{m.id}"] = got
        hints[m.id] = {"blank": m.blank, "hint": m.hint}
    return arrays, hints


def write(target: Path, fixtures: Mapping[str, Mapping[str, np.ndarray]]) -> list[Path]:
    """Write ``build(fixtures)`` into ``target`` (``mistakes.npz``, ``mistakes.json``); returns the paths."""
    arrays, hints = build(fixtures)
    np.savez(target / NPZ, **arrays)
    (target / JSON).write_text(json.dumps(hints, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return [target / NPZ, target / JSON]


def catalogued_twins(mistake: Mistake, fixtures: Mapping[str, Mapping[str, np.ndarray]]) -> list[str]:
    """The catalogued mistakes whose every stored output ``mistake`` gives too: it is one of them in disguise.

    mistake: a mistake outside the catalogue (an unseen one); fixtures: notebook -> its stored
    inputs and expected outputs (``nncourse.fixtures.build_all()``). Compared with the same
    tolerance as the diagnosis (``autograder.diagnosis.known_mistake``). Empty when the blank has
    no case runner: the catalogue stores no outputs for it.
    """
    from autograder import diagnosis  # the students' reader of the stored outputs, one place

    if mistake.blank not in RUNNERS:
        return []
    stored = diagnosis._catalogue()[0]
    got = {f"{mistake.notebook}:{key}": value
           for key, value in wrong_outputs(mistake, fixtures[mistake.notebook]).items()}
    twins = []
    for catalogued in sorted({i for pairs in stored.values() for i, _ in pairs
                              if i.startswith(f"{mistake.blank}.")}):
        theirs = {key: value for key, pairs in stored.items() for i, value in pairs if i == catalogued}
        if all(key in got and got[key].shape == value.shape
               and np.allclose(got[key], value, rtol=1e-7, atol=1e-12, equal_nan=True)
               for key, value in theirs.items()):
            twins.append(catalogued)
    return twins
