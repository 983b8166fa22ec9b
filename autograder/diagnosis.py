"""Name the student's likely mistake from what their code returned.

Two sources, neither of which contains solution code:
- the catalogue of known mistakes: the output each catalogued buggy variant
  produces on the fixture inputs (``fixtures/mistakes.npz``), with its hint
  (``fixtures/mistakes.json``); generated on the instructor's side;
- generic fingerprints (``fingerprints``) of the student's output against the
  expected one, spoken only when proven: a sign flip, a factor of N, a missing
  bias, another activation, ...; and recognisable wrong shapes.

A hint carries the ids of the mistakes it names (``Diagnosis.mistake_ids``),
"fp.<name>" for a fingerprint, the catalogue's id otherwise.
"""

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np

from autograder.captured import allclose as _allclose
from autograder.captured import array_equal as _array_equal
from autograder.captured import asarray as _asarray
from autograder.captured import isclose as _isclose
from autograder.captured import ndarray as _ndarray
from autograder.captured import type_ as _type
from autograder.fingerprints import (
    Clues,
    Diagnosis,
    distinct_magnitudes,
    explain,
    transpose_causes,
    wrong_operand,
)
from autograder.source_facts import REDUCTION, calls, kept, keyword, present

FIXTURES = Path(__file__).parent / "fixtures"


@lru_cache(maxsize=1)
def _catalogue() -> tuple[dict, dict]:
    """(outputs, hints): outputs[key] is a list of (mistake id, array)."""
    arrays, hints = {}, {}
    npz, meta = FIXTURES / "mistakes.npz", FIXTURES / "mistakes.json"
    if npz.exists() and meta.exists():
        hints = json.loads(meta.read_text())
        with np.load(npz) as data:
            for name in data.files:
                # stored as "<output key>::<mistake id>"
                key, _, mistake_id = name.partition("::")
                arrays.setdefault(key, []).append((mistake_id, data[name]))
    return arrays, hints


def known_mistake(key: str | None, got: np.ndarray) -> Diagnosis | None:
    """The catalogued mistake whose output on this fixture equals ``got``, with its id."""
    if key is None:
        return None
    outputs, hints = _catalogue()
    for mistake_id, value in outputs.get(key, []):
        if value.shape == got.shape and _allclose(got, value, rtol=1e-7, atol=1e-12,
                                                    equal_nan=True):
            hint = hints.get(mistake_id, {}).get("hint")
            return Diagnosis((mistake_id,), hint) if hint else None
    return None


def known_mistake_all(outputs: dict[str, np.ndarray | None], failing: str | None = None) -> Diagnosis | None:
    """The catalogued mistake whose stored outputs match every one of ``outputs`` (key -> got) it has.

    For checks that see several outputs at once: one output can match two
    mistakes (errors of 4 in every epoch), all of them together rarely do; one wrong output
    like a mistake's is not that mistake when the call's other outputs are right.
    failing: the output that is wrong; only a mistake stored for it can be named.
    A value of None (an output that is not an array of numbers) matches nothing.
    """
    stored, hints = _catalogue()
    matches: dict[str, bool] = {}
    for key, got in outputs.items():
        for mistake_id, value in stored.get(key, []):
            same = got is not None and value.shape == got.shape and bool(
                _allclose(got, value, rtol=1e-7, atol=1e-12, equal_nan=True))
            matches[mistake_id] = matches.get(mistake_id, True) and same
    if failing is not None:
        own = {mistake_id for mistake_id, _ in stored.get(failing, [])}
        matches = {i: ok for i, ok in matches.items() if i in own}
    named = [i for i, ok in matches.items() if ok]
    if len(named) != 1:
        return None
    hint = hints.get(named[0], {}).get("hint")
    return Diagnosis((named[0],), hint) if hint else None


def wrong_shape_values(got: np.ndarray, expected: np.ndarray, clues: Clues) -> Diagnosis | None:
    """A wrong-shaped value explained entry for entry: a product with another operand (``clues.operands``).

    Proven like any fingerprint: the fit is exact (see ``fingerprints.wrong_operand``)
    and the entries hold two magnitudes at least.
    """
    if clues.operands is None or _type(got) is not _ndarray:
        return None
    found = wrong_operand(got, expected, clues.operands)
    if found is None or distinct_magnitudes(got, got) < 2:
        return None
    return Diagnosis((found.mistake_id,), found.hint)


def input_itself(got: np.ndarray, inputs: Mapping[str, np.ndarray], subject: str) -> Diagnosis | None:
    """fp.returns_input for a wrong-shaped value that is one of the call's INPUTS entry for entry
    (a cache's a1 that holds X): proven by the equality, on two magnitudes at least."""
    for name, x in inputs.items():
        x = _asarray(x) if _type(x) is _ndarray else None
        if x is None or x.shape != got.shape or x.dtype.kind not in "fiu":
            continue
        if distinct_magnitudes(got, got) >= 2 and bool(_array_equal(got, x)):
            return Diagnosis(("fp.returns_input",), f"`{subject}` is the input {name} itself, unchanged "
                                                    f"(shape {x.shape}): what is stored there is the input, "
                                                    "not the value the blank computes from it.")
    return None


def one_entry_of(got: np.ndarray, expected: np.ndarray, subject: str) -> Diagnosis | None:
    """"fp.one_entry": a value of one entry that is the expected array's first (or last) entry, where that
    entry is the only one of its value (an index [0] taken to flatten, a loop that returns on its
    first pass). got: any shape of size 1; expected: 2+ entries."""
    e = _asarray(expected, dtype=np.float64).ravel()
    if _type(got) is not _ndarray or got.size != 1 or e.size < 2 or got.dtype.kind not in "fiu":
        return None
    value = float(_asarray(got, dtype=np.float64).ravel()[0])
    for where, k in (("first", 0), ("last", -1)):
        alike = _isclose(e, value, rtol=1e-12, atol=1e-15)
        if alike[k] and int(alike.sum()) == 1:
            said = (f"`{subject}` holds one number, {value:.6g}, the {where} of the {e.size} expected "
                    f"entries, where all of them belong: only one is kept (an index [{k}] taken to flatten a "
                    "column, a loop that returns on its first or last pass). Keep every entry: .ravel() "
                    "flattens a column.")
            return Diagnosis(("fp.one_entry",), said)
    return None


#: the shape is proven, not where it was lost: an input reshaped to the other's shape gives it too
_OR_KEEP = (", or, where the blank asks for the shape of one of its inputs, bring the other input to "
            "that shape (not the reverse).")


def shape_hint(got: tuple, expected: tuple, batch: int | None = None,
               part: str = "the result", sizes: Mapping[str, int] | None = None) -> Diagnosis | None:
    """Explain a wrong shape when it has a recognisable cause; batch: the batch size N, when known;
    part: the array's name as the student wrote it (cache['z2']), so that the fix names it;
    sizes: the call's sizes by the names the student passes them under ({"n_hidden": 5}), for an
    axis whose length is another of them (``size_for_size``)."""
    found = None
    if batch is not None and len(expected) == 1 and got == (batch,) and expected[0] != batch:
        said = f"you get one value per sample (N = {batch})"
        found = ("fp.wrong_axis", f"{said}: sum over the batch, axis=0, not over the units."
                 if present(REDUCTION) else f"{said}, where one value per unit belongs.")
    elif len(got) == 2 and got == expected[::-1] and got != expected:
        causes = transpose_causes()  # only the causes the student's code can have
        check = f": check for {causes.strip(' ()')}" if causes else ""
        found = ("fp.transpose", f"this is the transpose of the expected shape{check} (a weight matrix W has "
                 "shape (n_out, n_in)).")
    elif len(expected) == 1 and got == (expected[0], 1):
        found = ("fp.column", f"{part} is a column (N, 1) where a flat array (N,) is expected: use "
                 f".ravel() on it{_OR_KEEP}")
    elif len(expected) == 2 and expected[1] == 1 and got == (expected[0],):
        found = ("fp.flat", f"{part} is a flat (N,) array where a column (N, 1) is expected: use "
                 f".reshape(-1, 1) on it{_OR_KEEP}")
    elif len(got) == 2 and got[0] == got[1] and expected in ((got[0],), (got[0], 1)):
        found = ("fp.broadcast", "an (N,) array combined with an (N, 1) array broadcasts to (N, N): "
                 "bring both to the same shape first (for example with .ravel()).")
    elif len(expected) == 1 and len(got) == 2 and got[1] == expected[0] and batch is not None \
            and got[0] in (1, batch):
        found = ("fp.kept_batch_axis", "you kept the batch axis: sum over the batch with .sum(axis=0).")
    elif len(got) == 1 and len(expected) == 2 and got[0] != expected[0] * expected[1] \
            and (flat := flattened(got, expected, part)) is not None:
        # every entry, flat, is ``reductions``' to tell from the values (the right ones reshaped)
        found = (flat.mistake_ids[0], flat.text)
    elif (k := _extra_batch_axis(got, expected, batch)) is not None:
        found = ("fp.broadcast", f"{part} has shape {got}: the expected {expected} with one more axis of N = "
                 f"{batch} (axis {k}), as if every sample met every other. An (N, 1) array combined with an "
                 "(N,) one broadcasts to (N, N), and so does an (N, 1, 1) one, which y[:, None] makes of a "
                 "y that is (N, 1) already; the products after it carry the extra axis along. Bring y and "
                 "every per-sample array to one shape first: y.reshape(-1, 1) works for (N,) and (N, 1) "
                 "alike.")
    elif len(expected) == 1 and got == (1, expected[0]):
        # no batch in this call: a kept batch axis is no cause here, only the row is proven
        found = ("fp.row", f"{part} is a row (1, {expected[0]}) where a flat array ({expected[0]},) is "
                 f"expected: make it with the shape ({expected[0]},) (np.zeros({expected[0]}), not "
                 f"np.zeros((1, {expected[0]}))), or use .ravel() on it.")
    return Diagnosis((found[0],), found[1]) if found else (size_for_size(got, expected, sizes or {}, part)
                                                           or _max_for_maximum(got, expected, part))


def _extra_batch_axis(got: tuple, expected: tuple, batch: int | None) -> int | None:
    """The axis k > 0 of length N whose removal leaves the expected shape, 2-d or more (one extra batch
    axis inside the result: a broadcast of samples against samples), or None. An extra axis 0 is the
    batch kept (one result per sample), which is another slip."""
    # a 2-d result with an extra axis can as well be one result per sample, transposed and not summed
    # (db = dz.T): only a 3-d result or more is a broadcast of samples against samples by its shape
    if batch is None or batch < 2 or len(expected) < 2 or len(got) != len(expected) + 1 or batch in expected:
        return None
    inner = [k for k in range(1, len(got)) if got[k] == batch and got[:k] + got[k + 1:] == expected]
    return inner[0] if len(inner) == 1 else None


def flattened(got: tuple, expected: tuple, part: str) -> Diagnosis | None:
    """"fp.flattened": a flat shape with more entries than any axis of the expected 2-d one (entries of a
    2-d array, not a value per row), where the code holds an operation that flattens; or None."""
    if len(got) != 1 or len(expected) != 2 or expected[1] < 2 or got[0] <= max(expected):
        return None
    causes = _flatteners()
    if not causes:
        return None
    said = f"{part} is flat ({got[0]} entries) where rows of {expected[1]} belong, shape {expected}"
    return Diagnosis(("fp.flattened",), f"{said}: something flattened it ({'; or '.join(causes)}). "
                                        "Select rows, X[idx] or np.delete(X, idx, axis=0).")


def _flatteners() -> list[str]:
    """The operations in the student's code that flatten a 2-d array unless given an axis (none: [])."""
    return kept([("np.delete(X, idx) without axis=0, which flattens X and deletes entries", calls("delete")),
                 ("np.append without axis", calls("append")), ("a .ravel() or .flatten()",
                                                               calls("ravel", "flatten"))])


def _max_for_maximum(got: tuple, expected: tuple, part: str) -> Diagnosis | None:
    """"fp.wrong_function": an axis lost where the code calls np.max or np.min, the reductions whose
    second argument is an axis (np.max(x, 0) reduces along axis 0; np.maximum(x, 0) is entrywise)."""
    axes = [k for k in range(len(expected)) if expected[:k] + expected[k + 1:] == got]
    # only a max or min whose axis is positional: a code that writes axis= reduces on purpose
    if len(got) + 1 != len(expected) or not axes or not present(calls("max", "min", "amax", "amin")) \
            or present(keyword("axis")):
        return None
    axis = f"axis {axes[0]}" if len(axes) == 1 else "an axis"
    return Diagnosis(("fp.wrong_function",), f"{part} has shape {got}, the shape {expected} without {axis}: "
                     "np.max and np.min reduce, reading a second argument as the axis (np.max(x, 0) is "
                     "the largest entry along axis 0); the entrywise maximum of x and 0 is np.maximum(x, 0) "
                     "(np.minimum for the minimum).")


def size_for_size(got: tuple, expected: tuple, sizes: Mapping[str, int], part: str) -> Diagnosis | None:
    """"fp.wrong_size" when one axis alone has the wrong length, and both lengths are sizes of the call.

    b2 of shape (5,) where (1,) belongs, from init_params(3, 5, n_out=1): 5 is n_hidden and 1 is
    n_out, so the array was made with n_hidden where n_out belongs (a copied line's size left as it
    was). Each length must be exactly one of the sizes: a length two sizes share names neither.
    """
    if len(got) != len(expected):
        return None
    axes = [i for i, (g, e) in enumerate(zip(got, expected, strict=True)) if g != e]
    if len(axes) != 1:
        return None
    axis = axes[0]
    used = [name for name, size in sizes.items() if size == got[axis]]
    meant = [name for name, size in sizes.items() if size == expected[axis]]
    if len(used) != 1 or len(meant) != 1:
        return None
    along = f" along axis {axis}" if len(got) > 1 else ""
    return Diagnosis(("fp.wrong_size",), f"{part} has {got[axis]} = {used[0]} entries{along} where "
                                         f"{meant[0]} = {expected[axis]} belong: it is made with the size "
                                         f"{used[0]} where {meant[0]} belongs.")


def diagnose(key: str | None, got: np.ndarray, expected: np.ndarray, n: int | None = None,
             clues: Clues | None = None, seen: dict[str, np.ndarray] | None = None) -> Diagnosis | None:
    """The best hint for a wrong value: a catalogued mistake first, then a proven fingerprint.

    seen: the call's other outputs by catalogue key; a catalogued mistake must match them too.
    """
    clues = clues or Clues()
    if n is not None and clues.n is None:
        clues.n = n
    known = known_mistake_all({key: got, **seen}, failing=key) if seen and key else known_mistake(key, got)
    return known or explain(got, expected, clues)
