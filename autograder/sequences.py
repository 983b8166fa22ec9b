"""Sequence fingerprints: a recorded sequence (a history, errors per epoch, a dict of numbered layers)
one entry short or long.

A loop written ``range(1, epochs)`` records one entry too few; one that also records
before the first epoch, or runs ``range(epochs + 1)``, one too many. Proven like any
fingerprint: the length is off by exactly one AND the student's entries are the
expected ones with the first or the last dropped (or with one entry more at the
start or the end), entry for entry, over 2+ different magnitudes.
"""

import re
from collections.abc import Mapping

import numpy as np

from autograder.captured import allclose as _allclose
from autograder.captured import asarray as _asarray
from autograder.fingerprints import ATOL, RTOL, Diagnosis, Hypothesis, distinct_magnitudes

_NUMBERED = re.compile(r"^(\D*?)(\d+)$")


def off_by_one(got: object, expected: object, what: str = "the sequence") -> Diagnosis | None:
    """"fp.off_by_one" when ``got`` (E +- 1,) is ``expected`` (E,) with one entry less or more.

    what: how the student reads the sequence ("history['loss']").
    """
    try:
        g, e = _asarray(got, dtype=np.float64), _asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if g.ndim != 1 or e.ndim != 1 or abs(len(g) - len(e)) != 1 or min(len(g), len(e)) < 2:
        return None
    short, long_ = (g, e) if len(g) < len(e) else (e, g)
    if distinct_magnitudes(short, short) < 2:
        return None
    ends = [name for name, part in (("last", long_[:-1]), ("first", long_[1:]))
            if _allclose(short, part, rtol=RTOL, atol=ATOL)]
    if len(ends) != 1:
        return None
    if len(g) < len(e):
        text = (f"{what} has {len(g)} entries where {len(e)} belong, and they are the expected ones without "
                f"the {ends[0]}: a loop one iteration short (range(1, n) runs n - 1 times; range(n) runs n).")
    else:
        text = (f"{what} has {len(g)} entries where {len(e)} belong, and without its {ends[0]} entry it is "
                "the expected one: a loop one iteration long, or an entry recorded once too often "
                "(range(n + 1), or an extra record before or after the loop).")
    return Diagnosis(("fp.off_by_one",), text)


def _numbered(keys) -> dict[str, set[int]]:
    """{"W": {1, 2}, "b": {1, 2}} for the keys W1, b1, W2, b2 (keys that are not name + number left out)."""
    families: dict[str, set[int]] = {}
    for key in keys:
        found = _NUMBERED.match(key) if isinstance(key, str) else None
        if found and found.group(1):
            families.setdefault(found.group(1), set()).add(int(found.group(2)))
    return families


def layers_off_by_one(got_keys, expected_keys, what: str = "the dict") -> Diagnosis | None:
    """"fp.off_by_one" when a dict of numbered layers (W1, b1, ..., WL, bL) holds one layer too few or
    too many, or the layers numbered 0 to L - 1: a loop over the layers off by one.

    got_keys: the keys returned; expected_keys: the keys that belong (each family numbered 1..L).
    Proven from the keys alone: every family the same, shifted or cut by exactly one layer.
    """
    got, expected = _numbered(got_keys), _numbered(expected_keys)
    plain = {k for k in expected_keys if not any(k == f"{p}{n}" for p, ns in expected.items() for n in ns)}
    if not expected or set(got) != set(expected) or not plain <= set(got_keys):
        return None
    numbers = {frozenset(ns) for ns in expected.values()}
    shapes = {frozenset(ns) for ns in got.values()}
    if len(numbers) != 1 or len(shapes) != 1:
        return None  # the families disagree with each other: not one loop's count
    right, mine = sorted(next(iter(numbers))), sorted(next(iter(shapes)))
    if right != list(range(1, len(right) + 1)) or len(right) < 2:
        return None
    families = ", ".join(f"{p}{{l}}" for p in expected)
    say = (f"{what} holds the layers {mine[0]} to {mine[-1]} ({families}) where layers 1 to {right[-1]} "
           f"belong ({len(right)} layers, one per pair of consecutive layer sizes)")
    if mine == right[:-1]:
        return Diagnosis(("fp.off_by_one",), f"{say}: the last layer is missing, a loop over the layers one "
                                             "step short (range(1, L) runs L - 1 times; range(1, L + 1) "
                                             "runs L).")
    if mine == [*right, right[-1] + 1]:
        return Diagnosis(("fp.off_by_one",), f"{say}: one layer too many, a loop over the layers one step "
                                             "long (range(1, L + 2), or L counted from the sizes' length).")
    if mine == [n - 1 for n in right]:
        return Diagnosis(("fp.off_by_one",), f"{say}: the layers are numbered from 0; number them from 1 "
                                             "(range(1, L + 1), or f\"W{l + 1}\").")
    return None


def history_slips(key: str, got: np.ndarray, expected: Mapping[str, np.ndarray]) -> list[Hypothesis]:
    """Hypotheses for a wrong history entry (history[key], one value per epoch) of a training loop.

    expected: the right histories by key ("loss", "val_loss", "acc", "val_acc", shape (E,) each).
    - fp.one_late: each entry is the next epoch's: recorded after the update (the last entry,
      which no expected one follows, is the student's own);
    - fp.wrong_data: a validation metric equal to the training one (computed on X, y where
      X_val, y_val belong), or the reverse.
    """
    right = _asarray(expected[key], dtype=np.float64)
    got = _asarray(got, dtype=np.float64)
    found = [Hypothesis("fp.one_late", f"each entry of history[{key!r}] is the next epoch's value: it is "
                                       "recorded after that epoch's update; record the metrics before that "
                                       "epoch's update.", np.append(right[1:], got[-1:]))]
    other = key.removeprefix("val_") if key.startswith("val_") else f"val_{key}"
    if other in expected:
        data, belongs = (("X, y", "X_val, y_val") if key.startswith("val_") else ("X_val, y_val", "X, y"))
        found.append(Hypothesis("fp.wrong_data", f"history[{key!r}] equals history[{other!r}]: it is "
                                                 f"computed on {data}; compute it on {belongs}.",
                                _asarray(expected[other], dtype=np.float64)))
    return found


def loss_curve(loss, what: str = "history['loss']") -> Diagnosis | None:
    """What a training run's loss curve shows at its end, when it shows a run that did not settle.

    loss: the loss per epoch, shape (E,), E >= 20. Said only from the curve itself:
    - "fp.still_falling": lower in every one of the last tenth of the epochs: the run stopped
      while the loss was still going down (a cause is the caller's to prove, by a re-run);
    - "fp.diverging": the end is not finite, or 50% above the curve's lowest value, reached
      before the last tenth: the loss went down, then up.
    """
    try:
        values = _asarray([float(v) for v in loss], dtype=np.float64)
    except (TypeError, ValueError):
        return None
    n = len(values)
    if n < 20 or not np.isfinite(values[0]):
        return None
    k = max(2, n // 10)
    finite = values[np.isfinite(values)]
    lowest = int(np.argmin(np.where(np.isfinite(values), values, np.inf)))
    if not np.isfinite(values).all():
        first = int(np.argmin(np.isfinite(values)))
        return Diagnosis(("fp.diverging",), f"{what} is {values[first]} from epoch {first} on (it was "
                                            f"{values[lowest]:.4g} at epoch {lowest}): the loss overflowed, "
                                            "the steps overshoot; a smaller learning rate keeps it finite.")
    if values[-1] > 1.5 * finite.min() and lowest < n - k:
        return Diagnosis(("fp.diverging",), f"{what} went down to {values[lowest]:.4g} at epoch {lowest}, "
                                            f"then up to {values[-1]:.4g} at the last epoch ({n - 1}): the "
                                            "descent diverged, the steps overshoot; a smaller learning "
                                            "rate keeps the loss going down.")
    tail = values[-k - 1:]
    if (np.diff(tail) < 0).all() and values.max() > values[-1]:
        return Diagnosis(("fp.still_falling",), f"{what} was still falling when training stopped: from "
                                                f"{tail[0]:.4g} to {tail[-1]:.4g} over the last {k} of your "
                                                f"{n} epochs, lower in every one of them "
                                                f"({values[0]:.4g} at the first epoch): the run ends "
                                                "before the loss settles. "
                                                "Steps too small (the learning rate) or too few of them "
                                                "(the epochs) both look like this; a loss that fell only a "
                                                "little in all points at the learning rate first.")
    return None
