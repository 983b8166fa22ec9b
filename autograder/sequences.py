"""Sequence fingerprints: a recorded sequence (a history, errors per epoch) one entry short or long.

A loop written ``range(1, epochs)`` records one entry too few; one that also records
before the first epoch, or runs ``range(epochs + 1)``, one too many. Proven like any
fingerprint: the length is off by exactly one AND the student's entries are the
expected ones with the first or the last dropped (or with one entry more at the
start or the end), entry for entry, over 2+ different magnitudes.
"""

import numpy as np

from autograder.captured import allclose as _allclose
from autograder.captured import asarray as _asarray
from autograder.fingerprints import ATOL, RTOL, Diagnosis, distinct_magnitudes


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
