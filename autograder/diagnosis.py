"""Name the student's likely mistake from what their code returned.

Two sources, neither of which contains solution code:
- the catalogue of known mistakes: the output each catalogued buggy variant
  produces on the fixture inputs (``fixtures/mistakes.npz``), with its hint
  (``fixtures/mistakes.json``); generated on the instructor's side;
- generic fingerprints of the student's output against the expected one: a
  constant ratio of N, 1/N or -1, a transposed shape, a broadcast (N, N).
"""

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

FIXTURES = Path(__file__).parent / "fixtures"
# Captured before student code runs (see checking.py).
_allclose = np.allclose
_isclose = np.isclose


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


def known_mistake(key: str | None, got: np.ndarray) -> str | None:
    """Hint of the catalogued mistake whose output on this fixture equals ``got``."""
    if key is None:
        return None
    outputs, hints = _catalogue()
    for mistake_id, value in outputs.get(key, []):
        if value.shape == got.shape and _allclose(got, value, rtol=1e-7, atol=1e-12,
                                                    equal_nan=True):
            return hints.get(mistake_id, {}).get("hint")
    return None


def ratio_hint(got: np.ndarray, expected: np.ndarray, n: int | None = None) -> str | None:
    """Recognise got == c * expected for a telling constant c."""
    if got.shape != expected.shape or not np.isfinite(got).all():
        return None
    mask = np.abs(expected) > 1e-12
    if not mask.any():
        return None
    if _allclose(got, 0.0, atol=1e-15):
        return "your result is all zeros: is a term missing, or an update never applied?"
    ratios = got[mask] / expected[mask]
    r = float(np.median(ratios))
    if not _allclose(ratios, r, rtol=1e-6) or not _allclose(got[~mask], 0, atol=1e-12):
        return None
    if n is not None and n > 1 and _isclose(r, 1.0 / n):
        return (f"your values are exactly N = {n} times too small: you divide by N twice "
                "(the mean's 1/N is already in dL/dz; divide only once).")
    if n is not None and n > 1 and _isclose(r, n):
        return (f"your values are exactly N = {n} times too large: you sum over the batch "
                "but never divide by N (the loss is a mean).")
    if _isclose(r, -1.0):
        return "your values have the opposite sign: check the sign of the gradient or the update."
    if _isclose(r, 2.0) or _isclose(r, 0.5):
        return f"your values are exactly {r:g} times the expected ones: a factor of 2 slipped in or out."
    return f"your values are exactly {r:.6g} times the expected ones: a constant factor is off."


def shape_hint(got: tuple, expected: tuple) -> str | None:
    """Explain a wrong shape when it has a recognisable cause."""
    if len(got) == 2 and got == expected[::-1] and got != expected:
        return ("this is the transpose of the expected shape: check the order of the "
                "matrix product (a weight matrix W has shape (n_out, n_in)).")
    if len(expected) == 1 and got == (expected[0], 1):
        return "you return a column (N, 1) where a flat array (N,) is expected: use .ravel()."
    if len(expected) == 2 and expected[1] == 1 and got == (expected[0],):
        return "you return a flat (N,) array where a column (N, 1) is expected: use .reshape(-1, 1)."
    if len(got) == 2 and got[0] == got[1] and expected in ((got[0],), (got[0], 1)):
        return ("an (N,) array combined with an (N, 1) array broadcasts to (N, N): "
                "bring both to the same shape first (for example with .ravel()).")
    if len(expected) == 1 and len(got) == 2 and got[1] == expected[0]:
        return "you kept the batch axis: sum over the batch with .sum(axis=0)."
    return None


def diagnose(key: str | None, got: np.ndarray, expected: np.ndarray, n: int | None = None) -> str | None:
    """The best hint for a wrong value: a catalogued mistake first, then a fingerprint."""
    return known_mistake(key, got) or ratio_hint(got, expected, n)
