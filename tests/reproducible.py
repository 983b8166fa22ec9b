"""Comparing stored known values with freshly computed ones, across machines."""

import numpy as np

#: How far a stored value may be from today's: a few units in the last place. BLAS picks
#: its kernels by CPU, so the same reference gives values that differ by ~1e-15 relative on
#: another machine; a stale fixture (a changed reference) is off by far more.
REPRODUCIBLE = {"rtol": 1e-12, "atol": 1e-15}


def same_values(stored, fresh) -> bool:
    """STORED equals FRESH in shape and dtype kind, and in value up to REPRODUCIBLE."""
    stored, fresh = np.asarray(stored), np.asarray(fresh)
    if stored.shape != fresh.shape or stored.dtype.kind != fresh.dtype.kind:
        return False
    if stored.dtype.kind != "f":
        return np.array_equal(stored, fresh)
    return np.allclose(stored, fresh, equal_nan=True, **REPRODUCIBLE)
