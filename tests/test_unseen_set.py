"""The second and third sets of mistakes are fair measurements: outside the catalogue, wrong, and gradeable.

It is graded only by ``nncourse mutants --unseen`` (a measurement, never a bar);
these tests keep it honest: at least 40 mistakes, none of them a catalogued
mistake in disguise (same outputs on the fixtures), each one failing its check,
and none shipped to students. The third set (``solutions.unseen_mistakes_blind``,
``nncourse mutants --unseen blind``), written without reading the checks, is held
to its structure: unique ids, every blank of the registry, at least 4 mistakes per
notebook, and truth ids the autograder can emit (found in its code at test time).
"""

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from blanks import CHECKS, run_check

import autograder
from autograder import diagnosis
from autograder.blanks import BLANKS, BY_NAME
from autograder.checking import CheckFailed
from nncourse.fixtures import RUNNERS, build_all
from nncourse.mistake_fixtures import wrong_outputs
from nncourse.mutants import notebook_of
from solutions.mistakes import MISTAKES
from solutions.unseen_mistakes import UNSEEN
from solutions.unseen_mistakes_blind import UNSEEN_BLIND


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


# --- the third set, written blind ------------------------------------------------

def _emittable_ids() -> set[str]:
    """Every mistake id the autograder can emit, read from its code now: the "fp.<name>" literals."""
    root = Path(autograder.__file__).parent
    return {found for path in root.rglob("*.py")
            for found in re.findall(r'"(fp\.[a-z0-9_]+)', path.read_text(encoding="utf-8"))}


def test_the_blind_set_has_forty_mistakes_over_every_blank():
    ids = [m.id for m in UNSEEN_BLIND]
    assert len(ids) >= 40
    assert len(set(ids)) == len(ids), "ids must be unique"
    per_notebook = Counter(m.notebook for m in UNSEEN_BLIND)
    assert set(per_notebook) == {b.module for b in BLANKS}
    assert min(per_notebook.values()) >= 4, per_notebook
    # every blank once before any twice
    assert {m.blank for m in UNSEEN_BLIND} == {b.name for b in BLANKS}
    assert all(m.source and m.truth for m in UNSEEN_BLIND)


def test_the_blind_set_names_real_blanks_and_ids_of_the_vocabulary():
    """Truth ids: those the autograder's code emits, or those the second set was labelled with.

    The labelling vocabulary names slips, not fingerprints: the lead gave the second set
    ids (a factor lost, the input where the output belongs, ...) before any fingerprint
    emitted them, so that a missing fingerprint shows as a miss, not as "unnamed".
    """
    emittable = _emittable_ids()
    assert len(emittable) >= 10, "too few ids found in the autograder: has their spelling moved?"
    vocabulary = emittable | {t for m in UNSEEN for t in m.truth if t.startswith("fp.")}
    for m in UNSEEN_BLIND:
        assert m.blank in BY_NAME, f"{m.id}: no blank {m.blank!r} in the registry"
        assert BY_NAME[m.blank].module == m.notebook, f"{m.id}: {m.blank} is not in solutions.{m.notebook}"
        assert m.truth == ("unnamed",) or not set(m.truth) - vocabulary, \
            f"{m.id}: truth {m.truth} names an id outside the vocabulary"
