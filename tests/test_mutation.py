"""Mutation testing through the real grading pipeline: strict on every mistake, fair to every alternative.

Every catalogued mutant is injected into a submission, autograded and given
feedback as students get it: by ``nncourse grade`` (nbgrader's Autograde and
GenerateFeedback in the course's workers, kernels behind the walls; ``nncourse.mutants``,
packed several per submission). It
must lose points on its own blank's cells and show its hint there; no cell that
no mutant reaches may lose a point; every alternative gets full marks.
"""

import pytest
from reporting import report_figure

from nncourse import mutants as mut
from solutions.alternatives import ALTERNATIVES
from solutions.mistakes import MISTAKES

pytestmark = pytest.mark.nbgrader


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    report = mut.run(tmp_path_factory.mktemp("mutants"), jobs=2)
    lines = mut.table(report).splitlines()
    summary = next(i for i, line in enumerate(lines) if line.startswith("notebook") and "submissions" in line)
    for line in lines[summary:]:  # the per-notebook summary, the totals, the hints as a classifier
        report_figure("mutation testing", line)
    return report


def test_every_mutant_was_graded(report):
    runnable = {m.id for m in MISTAKES if mut.notebook_of(m.notebook)}
    assert sorted(o.variant.id for o in report.mutants) == sorted(runnable)


def test_every_mutant_loses_points_on_its_own_cells(report):
    missed = [f"{o.variant.id} ({o.notebook} {mut.student(o.round)})" for o in report.mutants if not o.caught]
    assert not missed, f"mutants that kept full marks: {missed}"


def test_mutants_show_their_hint_in_the_feedback_of_their_cell(report):
    hinted, total = report.hinted
    without = [o.variant.id for o in report.mutants if o.caught and not o.hint_shown]
    assert hinted >= 0.9 * total, f"{hinted}/{total} with their hint; without: {without}"


def test_cells_no_mutant_reaches_keep_full_marks(report):
    assert not report.collateral, "\n".join(report.collateral)


def test_every_alternative_gets_full_marks(report):
    judged = report.alternatives_by_id()
    assert set(judged) == {a.id for a in ALTERNATIVES if mut.notebook_of(a.notebook)}
    unfair = {i: [f"{o.notebook} {mut.student(o.round)}: lost {o.lost:g}" for o in runs if o.lost]
              for i, runs in judged.items() if any(o.lost for o in runs)}
    assert not unfair, unfair


def test_report_meets_the_bar(report):
    assert report.ok, mut.table(report)


def test_every_hint_shown_names_the_mutants_own_mistake(report):
    """Precision 100%: no hint points at another mistake (ids read from the feedback's tags)."""
    wrong = {o.variant.id: [(h.ids, h.text) for h in o.verdict.wrong]
             for o in report.mutants if o.verdict.wrong}
    assert not wrong, wrong
    scores = report.classifier()
    below = {nb: f"{s.right}/{s.hints}" for nb, s in scores.items() if s.precision < 1}
    assert not below, f"notebooks with hint precision below 100% (right/shown): {below}"
    assert sum(s.hints for s in scores.values()) > 0


def test_every_mutant_is_named_by_the_classifier(report):
    """Recall 100% on the catalogue: a tagged hint names it, or the check's message has its words."""
    unnamed = [o.variant.id for o in report.mutants if o.caught and not o.verdict.named]
    assert not unnamed, unnamed


def test_alternatives_show_no_hint(report):
    assert not report.hinted_alternatives, report.hinted_alternatives
