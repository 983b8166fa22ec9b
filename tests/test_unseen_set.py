"""The second set of mistakes is a fair measurement: outside the catalogue, wrong, and gradeable.

It is graded only by ``nncourse mutants --unseen`` (a measurement, never a bar);
these tests keep it honest: at least 40 mistakes, none of them a catalogued
mistake in disguise (same outputs on the fixtures), each one failing its check,
and none shipped to students.
"""

import numpy as np
import pytest
from blanks import CHECKS, run_check

from autograder import diagnosis
from autograder.checking import CheckFailed
from nncourse.fixtures import RUNNERS, build_all
from nncourse.mistake_fixtures import wrong_outputs
from nncourse.mutants import notebook_of
from solutions.mistakes import MISTAKES
from solutions.unseen_mistakes import UNSEEN


def test_at_least_forty_mistakes_in_every_notebook_but_gates_and_hyperparameters():
    assert len(UNSEEN) >= 40
    assert len({m.id for m in UNSEEN}) == len(UNSEEN)
    assert {notebook_of(m.notebook) for m in UNSEEN} == {notebook_of(m.notebook) for m in MISTAKES}
    assert all(m.truth and m.source for m in UNSEEN)


@pytest.fixture(scope="module")
def fixtures():
    return build_all()


@pytest.mark.parametrize("m", UNSEEN, ids=lambda m: m.id)
def test_no_unseen_mistake_is_a_catalogued_one(m, fixtures):
    """No catalogued mistake gives all of its stored outputs exactly as this one does."""
    stored = diagnosis._catalogue()[0]
    if m.blank not in RUNNERS:  # the catalogue stores outputs only for blanks with a case runner
        assert not [k for k in stored if k.startswith(f"{m.notebook}:{m.blank}/")]
        return
    got = {f"{m.notebook}:{key}": value for key, value in wrong_outputs(m, fixtures[m.notebook]).items()}
    for catalogued in {i for pairs in stored.values() for i, _ in pairs if i.startswith(f"{m.blank}.")}:
        mine = {key: value for key, pairs in stored.items() for i, value in pairs if i == catalogued}
        same = all(key in got and got[key].shape == value.shape
                   and np.allclose(got[key], value, rtol=1e-7, atol=1e-12, equal_nan=True)
                   for key, value in mine.items())
        assert not same, f"{m.id} gives every stored output of the catalogued {catalogued}"


@pytest.mark.parametrize("m", UNSEEN, ids=lambda m: m.id)
def test_every_unseen_mistake_fails_its_check(m):
    assert m.blank in CHECKS
    with pytest.raises(CheckFailed):
        run_check(m.blank, m.load())
