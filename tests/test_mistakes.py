"""The catalogue of mistakes and alternatives: complete, injectable, and stored as up-to-date data.

Fast, no nbgrader: ``test_checks.py`` runs every variant through its check;
``test_mutation.py`` runs them through the real pipeline.
"""

import builtins
import json
import symtable
from collections import Counter

import numpy as np
import pytest
from reproducible import same_values

from autograder import diagnosis
from nncourse import fixtures, mistake_fixtures
from nncourse import mutants as mut
from nncourse import notebooks as nbs
from solutions.alternatives import ALTERNATIVES
from solutions.mistakes import CONSTANTS, MISTAKES

NOTEBOOKS = [nb for nb in nbs.notebook_names() if nb in nbs.SOLUTION_MODULES]
BLANKS = [(nb, blank) for nb in NOTEBOOKS for blank in mut.blanks(nb)]
VARIANTS = MISTAKES + ALTERNATIVES


def test_at_least_forty_mistakes_and_unique_ids():
    assert len(MISTAKES) >= 40
    ids = Counter(v.id for v in VARIANTS)
    assert not [i for i, n in ids.items() if n > 1]


@pytest.mark.parametrize("notebook, blank", BLANKS, ids=lambda x: x)
def test_every_blank_has_three_mistakes_and_two_alternatives(notebook, blank):
    module = nbs.SOLUTION_MODULES[notebook]
    assert len([m for m in MISTAKES if (m.notebook, m.blank) == (module, blank)]) >= 3
    assert len([a for a in ALTERNATIVES if (a.notebook, a.blank) == (module, blank)]) >= 2


def _given_names(notebook: str) -> set[str]:
    """Names the notebook binds at top level, in any code cell, plus Python's builtins."""
    names = set(dir(builtins))
    for cell in mut.source(notebook).cells:
        if cell.cell_type == "code":
            table = symtable.symtable(nbs.strip_markers(cell.source), "<cell>", "exec")
            names |= {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    return names


def _free_names(code: str) -> set[str]:
    """Global names the code reads: in the function's body, or at top level for constants."""
    table = symtable.symtable(code, "<variant>", "exec")
    scopes = [table, *table.get_children()]
    found = set()
    while scopes:
        scope = scopes.pop()
        scopes.extend(scope.get_children())
        found |= {s.get_name() for s in scope.get_symbols()
                  if s.is_referenced() and (s.is_global() or (scope is table and not s.is_assigned()))}
    return found


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_variant_is_injectable_into_its_notebook(variant):
    notebook = mut.notebook_of(variant.notebook)
    assert notebook, f"no source notebook mirrors solutions.{variant.notebook}"
    assert variant.blank in mut.blanks(notebook)
    missing = _free_names(variant.code) - _given_names(notebook)
    assert not missing, f"{variant.id} uses names its notebook does not define: {missing}"
    loaded = variant.load()
    if variant.blank in CONSTANTS:
        assert set(loaded) == set(CONSTANTS[variant.blank])
    else:
        assert loaded.__name__ == variant.blank and "solutions" not in variant.code


def test_free_names_see_through_local_variables():
    assert _free_names("def f(x):\n    y = np.abs(x)\n    return relu(y)\n") == {"np", "relu"}
    assert _free_names("A = np.zeros(2)\nB = -1.5\n") == {"np"}


@pytest.fixture(scope="module")
def catalogue():
    return mistake_fixtures.build(fixtures.build_all())


def test_stored_mistakes_are_up_to_date(catalogue):
    arrays, hints = catalogue
    stored = diagnosis._catalogue.__wrapped__()[0]
    flat = {f"{key}::{mistake_id}": value for key, pairs in stored.items() for mistake_id, value in pairs}
    assert sorted(flat) == sorted(arrays), "run `make fixtures`"
    for key, value in arrays.items():
        assert same_values(flat[key], value), f"mistakes.npz[{key!r}] is stale"
    assert json.loads((fixtures.FIXTURES / mistake_fixtures.JSON).read_text()) == hints


@pytest.mark.parametrize("m", [m for m in MISTAKES if m.diagnosed], ids=lambda m: m.id)
def test_diagnosed_mistake_has_stored_outputs_to_be_recognised_by(m, catalogue):
    arrays, hints = catalogue
    assert any(key.endswith(f"::{m.id}") for key in arrays), f"{m.id} leaves no wrong output to match"
    assert hints[m.id]["hint"] == m.hint


def test_catalogue_holds_data_only():
    """What ships is arrays and words: no code, and no hint for mistakes the checks name themselves."""
    hints = json.loads((fixtures.FIXTURES / mistake_fixtures.JSON).read_text())
    assert set(hints) == {m.id for m in MISTAKES if m.diagnosed}
    with np.load(fixtures.FIXTURES / mistake_fixtures.NPZ) as data:
        assert all(data[k].dtype == np.float64 for k in data.files)
