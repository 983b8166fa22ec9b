"""The mutation test's plan, without nbgrader: dependencies, packing, submissions, feedback parsing."""

import ast
import math
import textwrap

import numpy as np
import pytest

from nncourse import mutants as mut
from nncourse import notebooks as nbs
from nncourse.grading import skipping
from solutions.alternatives import ALTERNATIVES
from solutions.mistakes import MISTAKES, Mistake
from solutions.variants import Variant, carried_lines

PLAN = mut.plan_all()


def _reference_calls(notebook: str) -> dict[str, frozenset[str]]:
    """blank -> other blanks named in its solution region, read from the source notebook."""
    found = {}
    for cell in nbs.solution_cells(mut.source(notebook)):
        blank = nbs.nbgrader_meta(cell)["grade_id"]
        names = {n.id for n in ast.walk(ast.parse(textwrap.dedent(nbs.region_text(cell.source))))
                 if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        calls = {mut.blank_of(n, mut.blanks(notebook)) for n in names} - {None, blank}
        if calls:
            found[blank] = frozenset(calls)
    return found


def test_dependency_table_matches_the_notebooks():
    derived = {}
    for notebook in PLAN:
        derived |= _reference_calls(notebook)
    assert derived == mut.CALLS


def test_every_graded_cell_grades_a_blank_of_its_notebook():
    for notebook in PLAN:
        for cell in mut.cells(notebook):
            assert {cell.owner, *cell.uses} <= set(mut.blanks(notebook)), (notebook, cell)
    graded = {c.grade_id for nb in PLAN for c in mut.cells(nb)}
    assert set(mut.SPECIAL_CELLS) <= graded


def test_reach_follows_calls_of_the_reference_and_of_variants():
    perceptron_m = next(m for m in MISTAKES if m.id == "perceptron.strict_inequality")
    xor_cell = next(c for c in mut.cells("01_perceptron") if c.owner == "xor")
    assert mut.reach(xor_cell, {}, "01_perceptron") == {"xor", "perceptron", "gates"}
    lookup = next(m for m in MISTAKES if m.id == "xor.lookup_table")
    assert mut.reach(xor_cell, {"xor": lookup}, "01_perceptron") == {"xor"}
    assert not mut.judgeable("01_perceptron", {"perceptron": perceptron_m,
                                               "xor": next(m for m in MISTAKES if m.id == "xor.xor_is_or")})
    assert mut.judgeable("01_perceptron", {"perceptron": perceptron_m, "xor": lookup})



def test_a_callee_used_for_history_only_still_reaches_the_cell():
    """train calls accuracy only for its history, but an accuracy that raises fails the spiral
    target: the eighth set's accuracy.eighth_examples_in_columns cost the hyperparameters
    alternative that shared its submission 6 points, until no call was ignored."""
    spiral = next(c for c in mut.cells("06_spiral_training") if c.grade_id == "test_spiral_target")
    assert "accuracy" in mut.reach(spiral, {}, "06_spiral_training")
    accuracy_m = next(m for m in MISTAKES if m.blank == "accuracy")
    quick = next(a for a in ALTERNATIVES if a.id == mut.QUICK_FILLERS["hyperparameters"])
    assert not mut.judgeable("06_spiral_training", {"accuracy": accuracy_m, "hyperparameters": quick})

def _judged(notebook, round_):
    """The round without the quick fillers that a mutant reaches: those are not judged."""
    return {b: v for b, v in round_.items() if isinstance(v, Mistake)
            or not any(mut.affected(c, round_, notebook) for c in mut.own_cells(notebook, b))}


def test_every_variant_is_scheduled_and_every_round_judgeable():
    scheduled_mutants, judged_alternatives = [], set()
    for notebook, rounds in PLAN.items():
        for round_ in rounds:
            judged = _judged(notebook, round_)
            assert mut.judgeable(notebook, judged)
            assert set(round_) - set(judged) <= set(mut.QUICK_FILLERS)
            for blank, variant in judged.items():
                assert variant.blank == blank
                if isinstance(variant, Mistake):
                    scheduled_mutants.append(variant.id)
                else:
                    judged_alternatives.add(variant.id)
    runnable = [m.id for m in MISTAKES if mut.notebook_of(m.notebook)]
    assert sorted(scheduled_mutants) == sorted(runnable)
    assert judged_alternatives == {a.id for a in ALTERNATIVES if mut.notebook_of(a.notebook)}


def test_packing_keeps_the_pipeline_small():
    per_notebook = {nb: len(rounds) for nb, rounds in PLAN.items()}
    variants = sum(1 for rounds in PLAN.values() for r in rounds for _ in r)
    assert sum(per_notebook.values()) <= mut.SUBMISSION_BUDGET, per_notebook
    assert variants >= 2 * sum(per_notebook.values()), "submissions should carry several variants each"


def test_submission_replaces_solution_cells_and_drops_the_tail():
    round_ = PLAN["06_spiral_training"][0]
    nb = mut.submission("06_spiral_training", round_)
    sources = {nbs.nbgrader_meta(c).get("grade_id"): c.source for c in nb.cells}
    for blank, variant in round_.items():
        assert sources[blank] == variant.code
    assert nbs.nbgrader_meta(nb.cells[-1]).get("grade"), "the last cell is the last graded cell"
    original = {nbs.nbgrader_meta(c).get("grade_id"): c.source for c in mut.source("06_spiral_training").cells
                if nbs.nbgrader_meta(c).get("grade")}
    assert {k: sources[k] for k in original} == original, "graded cells travel unchanged"


def test_what_the_engine_gets_is_the_released_notebook_with_the_variants_code():
    """``nncourse grade`` restores missing cells: it gets every released cell, the blanks filled in."""
    round_ = PLAN["06_spiral_training"][0]
    nb = mut.handed_in("06_spiral_training", round_)
    released = nbs.read(nbs.RELEASE_DIR / "06_spiral_training.ipynb")
    assert [c.id for c in nb.cells] == [c.id for c in released.cells]
    reference = {nbs.nbgrader_meta(c)["grade_id"]: c.source
                 for c in nbs.solution_cells(mut.source("06_spiral_training"))}
    for cell in nbs.solution_cells(nb):
        grade_id = nbs.nbgrader_meta(cell)["grade_id"]
        assert cell.source == (round_[grade_id].code if grade_id in round_ else reference[grade_id])
    assert not any(nbs.BEGIN_HIDDEN in c.source for c in nb.cells), "hidden tests are not handed in"
    assert [c.source for c in nb.cells if not nbs.nbgrader_meta(c).get("solution")] == \
        [c.source for c in released.cells if not nbs.nbgrader_meta(c).get("solution")]


def test_submission_leaves_out_the_tagged_cells_that_grading_skips():
    """As ``nncourse grade`` does, decided on the submission (the variants' code, the kept cells).

    The first round of each notebook: the rule is the same for every round, and deciding costs ~0.1 s.
    """
    left_out = 0
    for notebook, rounds in PLAN.items():
        source = mut.source(notebook)
        last = max(i for i, c in enumerate(source.cells) if nbs.nbgrader_meta(c).get("grade"))
        for round_ in rounds[:1]:
            full = source
            for blank, variant in round_.items():
                full = nbs.with_solution(full, blank, variant.code)
            cells = full.cells[: last + 1]
            skipped = skipping.skippable(cells)
            kept = [c.id for c in mut.submission(notebook, round_).cells]
            assert kept == [c.id for i, c in enumerate(cells) if i not in skipped], (notebook, round_)
            for i in skipped:
                assert skipping.is_tagged(cells[i]) and not nbs.nbgrader_meta(cells[i]).get("grade")
                assert not nbs.nbgrader_meta(cells[i]).get("solution"), (notebook, cells[i].id)
            left_out += len(skipped)
    assert left_out, "no tagged cell is left out of any submission"


@pytest.mark.parametrize("page, expected", [
    ('<a name="test_x"></a><div>Score</div>\n<pre>Hint: use &gt;= rather\n than &gt;.</pre>'
     '<div class="cell border-box-sizing code_cell"><a name="test_y"></a><p>fine</p>',
     {"test_x": "Score Hint: use >= rather than >.", "test_y": "fine"}),
    # the course's own feedback pages (nncourse grade) give each cell an id
    ('<a name="test_x"></a><pre>no</pre><div id="cell-id=y" class="cell border-box-sizing code_cell">'
     '<p>teaching text</p><a name="test_y"></a><p>yes</p>',
     {"test_x": "no", "test_y": "yes"}),
])
def test_feedback_cells_are_split_by_anchor_and_unescaped(page, expected):
    assert mut.feedback_cells(page) == expected


_MEMO: dict = {}


def _tanh_by_loop_with_a_memo(x):
    """Reads a module (math) and a value beside it in this file (_MEMO), as a student's cell would
    define them above the function."""
    key = float(np.sum(x))
    if key not in _MEMO:
        _MEMO[key] = np.array([math.tanh(v) for v in np.ravel(x)]).reshape(np.shape(x))
    return _MEMO[key]


def test_an_entry_s_cell_carries_the_modules_and_file_values_it_reads():
    """Injected alone, the function raised a NameError its slip never had (the thirteenth set's
    math.tanh loop and module caches, 2026-12-04): the cell carries `import math` and `_MEMO`,
    not np (every notebook has it) nor the notebook's own names."""
    variant = Variant("tanh.loop_memo", "tanh", "activations", _tanh_by_loop_with_a_memo)
    assert carried_lines(variant.fn, variant.notebook) == ["_MEMO: dict = {}", "import math"]
    namespace = {"np": np}  # a notebook's first cell, nothing more
    exec(variant.code, namespace)
    x = np.array([-1.0, 0.0, 2.0])
    assert np.allclose(namespace["tanh"](x), np.tanh(x))
