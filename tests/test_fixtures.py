"""The stored known values are what the reference computes today, to the last few bits."""

import ast
import json
from pathlib import Path

import numpy as np
import pytest
from reproducible import same_values

from autograder import known_values, signature_defaults
from nncourse import fixtures

ROOT = Path(__file__).resolve().parent.parent

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


def test_the_stored_notebook_defaults_are_the_reference_s():
    stored = json.loads(signature_defaults.SIGNATURES_JSON.read_text())
    assert stored == fixtures.notebook_defaults(), "run `make fixtures`"


def _notebook_defaults(path) -> dict[str, dict]:
    """Every top-level function's literal defaults in the code cells of the notebook at PATH."""
    found = {}
    for cell in json.loads(path.read_text())["cells"]:
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse("".join(cell["source"]))
        except SyntaxError:
            continue  # a cell of IPython magics
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.args.defaults:
                names = [a.arg for a in node.args.args][-len(node.args.defaults):]
                pairs = zip(names, node.args.defaults, strict=True)
                found[node.name] = {n: ast.literal_eval(d) for n, d in pairs
                                    if isinstance(d, ast.Constant | ast.UnaryOp)}
    return found


def test_the_student_notebooks_give_the_defaults_the_checks_hold_them_to():
    """``autograder.signature_defaults`` names a default that differs from the notebook's: the table must
    be what the student's notebook shows, not only what the reference says."""
    shown = {}
    for path in sorted((ROOT / "notebooks" / "neural_networks").glob("*.ipynb")):
        shown.update(_notebook_defaults(path))
    stored = json.loads(signature_defaults.SIGNATURES_JSON.read_text())
    assert stored, "no defaults stored"
    for blank, defaults in stored.items():
        assert shown.get(blank) == defaults, (blank, shown.get(blank), defaults)
