"""The stored known values are what the reference computes today, to the last few bits."""

import numpy as np
import pytest
from reproducible import same_values

from autograder import known_values
from nncourse import fixtures

FRESH = fixtures.build_all()



@pytest.mark.parametrize("name", sorted(FRESH))
def test_stored_fixtures_are_up_to_date(name):
    stored = known_values._load(name)
    fresh = FRESH[name]
    assert sorted(stored) == sorted(fresh), "run `make fixtures`"
    for key, value in fresh.items():
        assert same_values(stored[key], value), (
            f"{name}.npz[{key!r}] is stale: run `make fixtures`")


def test_fixtures_are_float64_or_int():
    for name in FRESH:
        for key, value in known_values._load(name).items():
            assert value.dtype.kind in "fi", (name, key, value.dtype)
            assert value.dtype.kind != "f" or value.dtype == np.float64, (name, key)
