"""Mutation testing of the grader through the real nbgrader pipeline (``nncourse mutants``).

Every catalogued mistake (``solutions.mistakes``) must lose points on its own
blank's graded cells, with its hint in the nbgrader feedback of that cell, and
leave every other cell untouched; every alternative correct implementation
(``solutions.alternatives``) must get full marks.

How it stays cheap: a *submission* (one notebook of one fake student) carries
one variant per blank, as many as fit together. A mutant never shares a
submission with a mutant upstream or downstream of it (the dependency table:
``CALLS``, ``SPECIAL_CELLS`` and each variant's own calls; no call is ignored: a
callee used "for its history only" still fails the cell when it raises),
so each graded cell sees at most one mistake; an alternative is judged only
where no mutant reaches its cells. For plain nbgrader, code cells after a
notebook's last graded cell are dropped from submissions: they cannot change a
score (students may delete them too) and notebook 06 spends ~15 s there. So are
the cells tagged ``skip-when-grading`` that ``nncourse grade`` leaves out too
(``grading.skipping`` decides, on the submission itself, as the grader does).
``nncourse grade`` gets the whole released notebook (``handed_in``): it puts
back any cell a submission lacks, so dropping cells would only cost it time.

Two engines grade the submissions, one student per round:
- ``nncourse`` (the default): the course's own grader, ``nncourse grade``
  (:func:`nncourse.grading.grade`): nbgrader's Autograde and GenerateFeedback
  converters in ``jobs`` workers, kernels behind the sandbox's walls, hidden checks
  compared in the worker; what an instructor runs, so what students see. About twice
  as fast as plain nbgrader here (the catalogue in clean-clone CI: 55 s against 120 s;
  kernels pre-started, no process per student).
- ``nbgrader``: plain ``nbgrader autograde`` + ``generate_feedback``, ``jobs``
  processes side by side, each on its own copy of the course (``build_courses``,
  ``grade_course``); hidden checks compared in the kernel. For a machine without
  bubblewrap, or to compare the two.

Pipeline: ``plan`` -> ``build_class`` or ``build_courses`` -> ``grade_class`` or
``grade_course`` -> ``collect`` (gradebook scores, feedback HTML per cell) ->
``evaluate`` -> ``Report``.
"""

import argparse
import html
import inspect
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import nbformat

from autograder.blanks import BLANKS
from nncourse import hints
from nncourse import notebooks as nbs
from nncourse.fixtures import build_all
from nncourse.grading import skipping
from nncourse.mistake_fixtures import catalogued_twins
from solutions.alternatives import ALTERNATIVES
from solutions.mistakes import CONSTANTS, MISTAKES, Mistake, Variant
from solutions.unseen_mistakes import UNSEEN
from solutions.unseen_mistakes_blind import UNSEEN_BLIND
from solutions.unseen_mistakes_eighth import UNSEEN_EIGHTH, UNSEEN_EIGHTH_ALTERNATIVES
from solutions.unseen_mistakes_eleventh import UNSEEN_ELEVENTH, UNSEEN_ELEVENTH_ALTERNATIVES
from solutions.unseen_mistakes_fifteenth import UNSEEN_FIFTEENTH, UNSEEN_FIFTEENTH_ALTERNATIVES
from solutions.unseen_mistakes_fifth import UNSEEN_FIFTH, UNSEEN_FIFTH_ALTERNATIVES
from solutions.unseen_mistakes_fourteenth import UNSEEN_FOURTEENTH, UNSEEN_FOURTEENTH_ALTERNATIVES
from solutions.unseen_mistakes_fourth import UNSEEN_FOURTH, UNSEEN_FOURTH_ALTERNATIVES
from solutions.unseen_mistakes_ninth import UNSEEN_NINTH, UNSEEN_NINTH_ALTERNATIVES
from solutions.unseen_mistakes_seventh import UNSEEN_SEVENTH, UNSEEN_SEVENTH_ALTERNATIVES
from solutions.unseen_mistakes_sixteenth import UNSEEN_SIXTEENTH, UNSEEN_SIXTEENTH_ALTERNATIVES
from solutions.unseen_mistakes_sixth import UNSEEN_SIXTH, UNSEEN_SIXTH_ALTERNATIVES
from solutions.unseen_mistakes_tenth import UNSEEN_TENTH, UNSEEN_TENTH_ALTERNATIVES
from solutions.unseen_mistakes_thirteenth import UNSEEN_THIRTEENTH, UNSEEN_THIRTEENTH_ALTERNATIVES
from solutions.unseen_mistakes_twelfth import UNSEEN_TWELFTH, UNSEEN_TWELFTH_ALTERNATIVES

#: the sets of mistakes outside the catalogue that ``--unseen`` can measure, by name
UNSEEN_SETS: dict[str, list[Mistake]] = {"second": UNSEEN, "blind": UNSEEN_BLIND, "fourth": UNSEEN_FOURTH,
                                         "fifth": UNSEEN_FIFTH, "sixth": UNSEEN_SIXTH,
                                         "seventh": UNSEEN_SEVENTH, "eighth": UNSEEN_EIGHTH,
                                         "ninth": UNSEEN_NINTH, "tenth": UNSEEN_TENTH,
                                         "eleventh": UNSEEN_ELEVENTH, "twelfth": UNSEEN_TWELFTH,
                                         "thirteenth": UNSEEN_THIRTEENTH, "fourteenth": UNSEEN_FOURTEENTH,
                                         "fifteenth": UNSEEN_FIFTEENTH, "sixteenth": UNSEEN_SIXTEENTH}
#: correct answers written with a set, graded with it: each must get full marks and show no hint
UNSEEN_ALTERNATIVES: dict[str, list[Variant]] = {"fourth": UNSEEN_FOURTH_ALTERNATIVES,
                                                 "fifth": UNSEEN_FIFTH_ALTERNATIVES,
                                                 "sixth": UNSEEN_SIXTH_ALTERNATIVES,
                                                 "seventh": UNSEEN_SEVENTH_ALTERNATIVES,
                                                 "eighth": UNSEEN_EIGHTH_ALTERNATIVES,
                                                 "ninth": UNSEEN_NINTH_ALTERNATIVES,
                                                 "tenth": UNSEEN_TENTH_ALTERNATIVES,
                                                 "eleventh": UNSEEN_ELEVENTH_ALTERNATIVES,
                                                 "twelfth": UNSEEN_TWELFTH_ALTERNATIVES,
                                                 "thirteenth": UNSEEN_THIRTEENTH_ALTERNATIVES,
                                                 "fourteenth": UNSEEN_FOURTEENTH_ALTERNATIVES,
                                                 "fifteenth": UNSEEN_FIFTEENTH_ALTERNATIVES,
                                                 "sixteenth": UNSEEN_SIXTEENTH_ALTERNATIVES}

#: The most notebook submissions the mutation test may grade (each costs a kernel and
#: ~1-3 s of a worker): a larger catalogue must pack better, or raise this knowingly (CI time).
SUBMISSION_BUDGET = 52

# --------------------------------------------------------------------------
# The dependency table
# --------------------------------------------------------------------------

#: blank -> the blanks of the same notebook that its reference code calls (the
#: registry's ``Blank.calls``; ``tests/test_mutants_plan.py`` re-derives it from the
#: notebooks' solution cells). A variant's own calls are read from its code (``Variant.names``).
CALLS: dict[str, frozenset[str]] = {b.name: frozenset(b.calls) for b in BLANKS if b.calls}

#: graded cells that are not "test_<their blank>": grade_id -> (the blank they grade,
#: other blanks whose result decides their score). Every other graded cell grades the
#: blank of its name only: a *_grad cell also receives the activation, but skips its
#: numerical part while that activation is wrong.
SPECIAL_CELLS: dict[str, tuple[str, tuple[str, ...]]] = {
    "test_gradient_check": ("backward", ()),
    "test_spiral_target": ("hyperparameters", ("train", "predict")),
    "test_softmax_target": ("softmax_classifier_train", ()),
}


#: blank -> a correct variant used in place of the reference wherever the blank has
#: nothing else to carry: the reference hyperparameters train the spiral for ~15 s, twice.
QUICK_FILLERS: dict[str, str] = {"hyperparameters": "hyperparameters.small_and_quick"}


@dataclass(frozen=True)
class Cell:
    """A graded cell: its grade_id, the blank it grades, other blanks it runs."""

    grade_id: str
    owner: str
    uses: tuple[str, ...] = ()


@cache
def source(notebook: str) -> nbformat.NotebookNode:
    """The instructor's notebook (read once; copy before changing)."""
    return nbs.read(nbs.SOURCE_DIR / f"{notebook}.ipynb")


@cache
def blanks(notebook: str) -> tuple[str, ...]:
    """The notebook's blanks: the grade_ids of its solution cells, in order."""
    return tuple(nbs.nbgrader_meta(c)["grade_id"] for c in nbs.solution_cells(source(notebook)))


@cache
def cells(notebook: str) -> tuple[Cell, ...]:
    """The notebook's graded cells with the blank each one grades."""
    found = []
    for graded in nbs.graded_cells(notebook, source(notebook)):
        owner, uses = SPECIAL_CELLS.get(graded.grade_id, (graded.grade_id.removeprefix("test_"), ()))
        found.append(Cell(graded.grade_id, owner, uses))
    return tuple(found)


def blank_of(name: str, notebook_blanks: Iterable[str]) -> str | None:
    """The blank a global name belongs to: a function blank, or a constant of a constants blank."""
    notebook_blanks = set(notebook_blanks)
    if name in notebook_blanks:
        return name
    return next((b for b, names in CONSTANTS.items() if name in names and b in notebook_blanks), None)


@cache
def calls_of(variant: Variant, notebook_blanks: tuple[str, ...]) -> frozenset[str]:
    """The other blanks a variant's code calls."""
    found = {blank_of(name, notebook_blanks) for name in variant.names()}
    return frozenset(found - {None, variant.blank})


Round = dict[str, Variant]  # blank -> the variant its solution cell carries (absent: the reference)


def reach(cell: Cell, round_: Round, notebook: str) -> set[str]:
    """Every blank whose code runs when ``cell`` runs in a submission carrying ``round_``."""
    todo, seen = [cell.owner, *cell.uses], set()
    while todo:
        blank = todo.pop()
        if blank not in seen:
            seen.add(blank)
            variant = round_.get(blank)
            callees = calls_of(variant, blanks(notebook)) if variant else CALLS.get(blank, frozenset())
            todo.extend(callees)
    return seen


def mutated(round_: Round) -> set[str]:
    return {blank for blank, v in round_.items() if isinstance(v, Mistake)}


def own_cells(notebook: str, blank: str) -> list[Cell]:
    return [c for c in cells(notebook) if c.owner == blank]


def affected(cell: Cell, round_: Round, notebook: str) -> bool:
    """Whether some mutant of the round runs in ``cell``."""
    return bool(reach(cell, round_, notebook) & mutated(round_))


def judgeable(notebook: str, round_: Round) -> bool:
    """Each mutant's own cells see that mutant alone; no alternative's own cells see a mutant."""
    hit = mutated(round_)
    return all(reach(c, round_, notebook) & hit == ({blank} if blank in hit else set())
               for blank in round_ for c in own_cells(notebook, blank))


# --------------------------------------------------------------------------
# Packing variants into submissions
# --------------------------------------------------------------------------

def notebook_of(module: str) -> str | None:
    """The notebook mirrored by a ``solutions`` module, when its source notebook exists."""
    names = {m: nb for nb, m in nbs.SOLUTION_MODULES.items()}
    notebook = names.get(module)
    return notebook if notebook and (nbs.SOURCE_DIR / f"{notebook}.ipynb").exists() else None


def plan(notebook: str, mistakes: Iterable[Mistake] = MISTAKES,
         alternatives: Iterable[Variant] = ALTERNATIVES, tries: int = 60) -> list[Round]:
    """Rounds (one submission each) that give every mutant and alternative of ``notebook`` a turn.

    Greedy: each round visits the blanks in some order and gives each the first
    pending variant (mutants before alternatives) that keeps the round
    ``judgeable``; blanks left free take their quick filler. The first order puts
    the blanks with the most pending variants first; ``tries`` seeded random
    orders follow, and the plan with the fewest rounds wins.
    """
    variants = [v for v in [*mistakes, *alternatives] if notebook_of(v.notebook) == notebook]
    fillers = {b: next(a for a in alternatives if a.id == i) for b, i in QUICK_FILLERS.items()
               if b in blanks(notebook)}
    rng = random.Random(0)
    best = None
    for attempt in range(tries + 1):
        rank = {b: rng.random() if attempt else 0.0 for b in blanks(notebook)}
        rounds = _greedy(notebook, variants, fillers, rank, by_count=attempt % 2 == 0)
        if best is None or len(rounds) < len(best):
            best = rounds
    return best


def _greedy(notebook: str, variants: list[Variant], fillers: Mapping[str, Variant],
            rank: Mapping[str, float], by_count: bool) -> list[Round]:
    todo = {b: [v for v in variants if v.blank == b] for b in blanks(notebook)}
    rounds = []
    while any(todo.values()):
        round_: Round = {}
        for blank in sorted(todo, key=lambda b: (-len(todo[b]) if by_count else 0, rank[b])):
            fits = next((v for v in todo[blank] if judgeable(notebook, {**round_, blank: v})), None)
            if fits is not None:
                round_[blank] = fits
                todo[blank].remove(fits)
        for blank, filler in fillers.items():
            if blank not in round_:
                round_[blank] = filler
                if filler in todo[blank] and judgeable(notebook, round_):
                    todo[blank].remove(filler)
        rounds.append(round_)
    return rounds


def plan_all(mistakes: Iterable[Mistake] = MISTAKES,
             alternatives: Iterable[Variant] = ALTERNATIVES) -> dict[str, list[Round]]:
    """notebook -> its rounds, for every notebook that has a source notebook."""
    mistakes, alternatives = list(mistakes), list(alternatives)
    return {nb: plan(nb, mistakes, alternatives) for nb in nbs.notebook_names() if nb in nbs.SOLUTION_MODULES}


# --------------------------------------------------------------------------
# Building the course, grading it, reading the results
# --------------------------------------------------------------------------

def _filled(nb: nbformat.NotebookNode, round_: Round) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose solution cells hold the round's variants (the others unchanged)."""
    nb = nbformat.from_dict(nb)
    for cell in nbs.solution_cells(nb):
        variant = round_.get(nbs.nbgrader_meta(cell)["grade_id"])
        if variant is not None:
            cell.source = variant.code
    return nb


def submission(notebook: str, round_: Round) -> nbformat.NotebookNode:
    """The source notebook with each blank's solution cell replaced by its variant's code.

    Cells after the last graded cell are dropped (they cannot change a score), and so are the
    tagged cells that grading leaves out (``skipping.skippable``: nothing that still runs needs them),
    as ``nncourse grade`` does: plain nbgrader would spend seconds per submission drawing them.
    """
    nb = _filled(source(notebook), round_)
    last = max(i for i, c in enumerate(nb.cells) if nbs.nbgrader_meta(c).get("grade"))
    nb.cells = nb.cells[: last + 1]
    left_out = skipping.skippable(nb.cells)
    nb.cells = [c for i, c in enumerate(nb.cells) if i not in left_out]
    return nb


def student(i: int) -> str:
    return f"round{i + 1:02d}"


#: the engines that can grade the submissions (module docstring), the default first
ENGINES = ("nncourse", "nbgrader")


def handed_in(notebook: str, round_: Round) -> nbformat.NotebookNode:
    """What a student hands in: the released notebook, every blank holding the reference or the
    round's variant. Every cell kept: ``nncourse grade`` puts back what is missing and leaves out
    what is safe to leave out itself."""
    return _filled(nbs.solved_release(notebook), round_)


def build_class(folder: Path, rounds: Mapping[str, list[Round]]) -> Path:
    """The submissions as a class for ``nncourse grade``: student ``round<i>`` hands in round i
    of every notebook that has one, in nbgrader's ``<student>/<assignment>/*.ipynb`` layout."""
    for notebook, notebook_rounds in rounds.items():
        for i, round_ in enumerate(notebook_rounds):
            nbs.write_submission(folder / student(i), {notebook: handed_in(notebook, round_)})
    return folder


def grade_class(folder: Path, out: Path, jobs: int) -> Path:
    """Grade the class in ``folder`` with ``nncourse grade`` (``jobs`` workers) into ``out``; returns ``out``.

    A grader-side failure (a notebook the grader could not grade) stops the run: the table
    would otherwise count it as the mutant's doing.
    """
    from nncourse.grading import GradingOptions, grade

    result = grade(folder, out, GradingOptions(workers=jobs))
    if not result.ok:
        raise RuntimeError("nncourse grade failed:\n" + "\n".join(result.failures))
    return out


def build_courses(workdir: Path, rounds: Mapping[str, list[Round]], parts: int = 1) -> list[Path]:
    """Throwaway courses with the notebooks released, student ``round<i>`` submitting round i.

    The assignment is generated once and the course copied ``parts`` times; student i
    goes to copy i % parts, so that the copies can be graded side by side.
    """
    first = nbs.copy_course(workdir / "course1", [nb for nb, rs in rounds.items() if rs])
    _nbgrader(first, "generate_assignment", nbs.ASSIGNMENT, "--force")
    courses = [first, *(Path(shutil.copytree(first, workdir / f"course{k + 1}")) for k in range(1, parts))]
    for notebook, notebook_rounds in rounds.items():
        for i, round_ in enumerate(notebook_rounds):
            folder = courses[i % parts] / "submitted" / student(i) / nbs.ASSIGNMENT
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(submission(notebook, round_), str(folder / f"{notebook}.ipynb"))
    return courses


def _nbgrader(course: Path, *args: str) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{done.stderr[-4000:]}")


def grade_course(course: Path) -> None:
    """nbgrader autograde, then generate_feedback, for every submission of ``course``.

    The one place that runs the grader: swap in another engine here.
    """
    _nbgrader(course, "autograde", nbs.ASSIGNMENT, "--force")
    _nbgrader(course, "generate_feedback", nbs.ASSIGNMENT, "--force")


@dataclass(frozen=True)
class CellResult:
    """One graded cell of one submission: its score and its feedback as plain text."""

    score: float
    max_score: float
    feedback: str

    @property
    def lost(self) -> float:
        return self.max_score - self.score


#: a cell's opening tag; the course's own feedback pages also give it an id (``id="cell-id=..."``)
_CELL_START = re.compile(r'<div (?:id="[^"]*" )?class="cell border-box-sizing')


def feedback_cells(page: str) -> dict[str, str]:
    """grade_id -> the plain text of that graded cell in an nbgrader feedback page."""
    found = {}
    for anchor in re.finditer(r'<a name="([^"]+)"></a>', page):
        end = _CELL_START.search(page, anchor.end())
        chunk = page[anchor.end(): end.start() if end else len(page)]
        found[anchor.group(1)] = " ".join(html.unescape(re.sub(r"<[^>]+>", "", chunk)).split())
    return found


def feedback_page(graded: Path, i: int, notebook: str) -> Path:
    """Round i's feedback page of ``notebook`` in a folder one engine graded: a course
    (nbgrader: ``feedback/<student>/<assignment>/``) or an output folder (``nncourse grade``:
    ``feedback/<student>/``)."""
    nested = graded / "feedback" / student(i) / nbs.ASSIGNMENT / f"{notebook}.html"
    return nested if (graded / "source").is_dir() else graded / "feedback" / student(i) / f"{notebook}.html"


def collect(graded: list[Path], rounds: Mapping[str, list[Round]]) -> dict[tuple[str, int, str], CellResult]:
    """(notebook, round, grade_id) -> result, from the gradebooks and the feedback pages.

    graded: the folders that hold a ``gradebook.db``; round i was graded in ``graded[i % len(graded)]``.
    """
    from nbgrader.api import Gradebook

    results = {}
    for k, folder in enumerate(graded):
        with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gb:
            for notebook, notebook_rounds in rounds.items():
                for i in range(k, len(notebook_rounds), len(graded)):
                    page = feedback_page(folder, i, notebook)
                    texts = feedback_cells(page.read_text(encoding="utf-8")) if page.exists() else {}
                    nb = gb.find_submission_notebook(notebook, nbs.ASSIGNMENT, student(i))
                    for grade in nb.grades:
                        results[notebook, i, grade.name] = CellResult(
                            float(grade.score), float(grade.max_score), texts.get(grade.name, ""))
    return results


# --------------------------------------------------------------------------
# Judging the outcome
# --------------------------------------------------------------------------

@dataclass
class Outcome:
    """What happened to one variant in the round that carried it."""

    variant: Variant
    notebook: str
    round: int
    lost: float = 0.0
    max_score: float = 0.0
    hint_shown: bool = False
    judged: bool = True  # False: an alternative that only served as a filler next to a mutant
    verdict: hints.Verdict | None = None  # the tagged hints of its own cells, judged

    @property
    def caught(self) -> bool:
        return self.lost > 0


@dataclass
class Report:
    """Every mutant's and alternative's outcome, plus cells hurt by a mutant of another blank."""

    mutants: list[Outcome] = field(default_factory=list)
    alternatives: list[Outcome] = field(default_factory=list)
    collateral: list[str] = field(default_factory=list)
    skipped: list[Mistake] = field(default_factory=list)
    submissions: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # phase -> wall time
    #: unseen mutant id -> the catalogued mistakes whose every stored output it gives (``in_disguise``)
    disguised: dict[str, list[str]] = field(default_factory=dict)

    def _share(self, outcomes: list[Outcome], ok) -> tuple[int, int]:
        return sum(1 for o in outcomes if ok(o)), len(outcomes)

    @property
    def caught(self) -> tuple[int, int]:
        return self._share(self.mutants, lambda o: o.caught)

    @property
    def hinted(self) -> tuple[int, int]:
        return self._share(self.mutants, lambda o: o.caught and o.hint_shown)

    @property
    def fair(self) -> tuple[int, int]:
        judged = self.alternatives_by_id()
        return sum(1 for runs in judged.values() if all(o.lost == 0 for o in runs)), len(judged)

    def classifier(self, leave_out: Iterable[str] = ()) -> dict[str, hints.Score]:
        """notebook -> precision and recall of the hints shown for its mutants, but those in ``leave_out``."""
        leave_out = set(leave_out)
        scores: dict[str, hints.Score] = {}
        for o in self.mutants:
            if o.variant.id not in leave_out:
                scores.setdefault(o.notebook, hints.Score()).add(o.verdict)
        return scores

    @property
    def hinted_alternatives(self) -> list[str]:
        """Alternatives whose own cells showed a hint (there must be none)."""
        return [f"{o.variant.id}: {[h.ids for h in o.verdict.hints]}" for o in self.alternatives
                if o.judged and o.verdict and o.verdict.hints]

    def alternatives_by_id(self) -> dict[str, list[Outcome]]:
        by_id: dict[str, list[Outcome]] = {}
        for o in self.alternatives:
            if o.judged:
                by_id.setdefault(o.variant.id, []).append(o)
        return by_id

    @property
    def ok(self) -> bool:
        """The bar: every mutant caught, 90% with their hint, every alternative fair, no collateral."""
        (c, n), (h, _), (f, m) = self.caught, self.hinted, self.fair
        return c == n and h >= 0.9 * n and f == m and not self.collateral


def evaluate(rounds: Mapping[str, list[Round]], results: Mapping[tuple[str, int, str], CellResult]) -> Report:
    """Judge every round: the mutants, the alternatives, and the cells no mutant reaches."""
    report = Report()
    for notebook, notebook_rounds in rounds.items():
        for i, round_ in enumerate(notebook_rounds):
            for blank, variant in round_.items():
                own = [results[notebook, i, c.grade_id] for c in own_cells(notebook, blank)]
                outcome = Outcome(variant, notebook, i, lost=sum(r.lost for r in own),
                                  max_score=sum(r.max_score for r in own))
                if isinstance(variant, Mistake):
                    outcome.verdict = hints.judge(variant, [r.feedback for r in own if r.lost > 0])
                    words = any(r.lost > 0 and _normal(variant.hint) in r.feedback for r in own)
                    outcome.hint_shown = outcome.verdict.named if hasattr(variant, "truth") else words
                    report.mutants.append(outcome)
                else:
                    outcome.judged = not any(affected(c, round_, notebook)
                                             for c in own_cells(notebook, blank))
                    outcome.verdict = hints.judge(variant, [r.feedback for r in own])
                    report.alternatives.append(outcome)
            for cell in cells(notebook):
                result = results[notebook, i, cell.grade_id]
                if not affected(cell, round_, notebook) and result.lost > 0:
                    report.collateral.append(f"{notebook} {student(i)} {cell.grade_id}: lost {result.lost:g} "
                                             f"with no mutant upstream ({result.feedback[-300:]})")
    return report


def _normal(text: str) -> str:
    return " ".join(text.split())


def in_disguise(mistakes: Iterable[Mistake]) -> dict[str, list[str]]:
    """Unseen mistake id -> the catalogued mistakes it reproduces on every stored output.

    Only mistakes outside the catalogue (those with a ``truth``) are compared; such a
    mistake is "catalogued in disguise": its hint comes from the stored outputs, not
    from a generic fingerprint, so the table scores the others apart too.
    """
    unseen = [m for m in mistakes if getattr(m, "truth", None) is not None]
    if not unseen:
        return {}
    fixtures = build_all()
    return {m.id: twins for m in unseen if (twins := catalogued_twins(m, fixtures))}


def run(workdir: Path, notebooks: Iterable[str] | None = None, jobs: int = 2,
        mistakes: Iterable[Mistake] = MISTAKES, alternatives: Iterable[Variant] = ALTERNATIVES,
        engine: str = ENGINES[0]) -> Report:
    """Plan, build, grade, collect and evaluate in ``workdir``; returns the report.

    jobs: workers (``nncourse``) or course copies graded side by side (``nbgrader``, one process each);
    mistakes, alternatives: the variants to grade (the catalogue, or ``--unseen``'s set);
    engine: one of :data:`ENGINES`.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r}: expected one of {', '.join(ENGINES)}")
    mistakes, alternatives = list(mistakes), list(alternatives)
    clock = [time.perf_counter()]

    def lap() -> float:
        clock.append(time.perf_counter())
        return clock[-1] - clock[-2]

    rounds = {nb: rs for nb, rs in plan_all(mistakes, alternatives).items()
              if rs and (notebooks is None or nb in notebooks)}
    seconds = {"plan": lap()}
    jobs = max(1, min(jobs, max(len(rs) for rs in rounds.values())))
    if engine == "nbgrader":
        graded = build_courses(workdir, rounds, jobs)
        seconds["generate"] = lap()
        with ThreadPoolExecutor(jobs) as pool:
            list(pool.map(grade_course, graded))
    else:
        folder = build_class(workdir / "class", rounds)
        seconds["generate"] = lap()
        graded = [grade_class(folder, workdir / "graded", jobs)]
    seconds["autograde + feedback"] = lap()
    report = evaluate(rounds, collect(graded, rounds))
    report.disguised = in_disguise(o.variant for o in report.mutants)
    seconds["collect"] = lap()
    report.skipped = [m for m in mistakes if notebook_of(m.notebook) is None]
    report.submissions = sum(len(rs) for rs in rounds.values())
    report.seconds = seconds
    return report


# --------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------

def _pct(share: tuple[int, int]) -> str:
    k, n = share
    return f"{k}/{n} ({100 * k / n:.0f}%)" if n else "0/0"


def table(report: Report) -> str:
    """The report as text: mutant -> caught? -> hint shown? -> points lost; alternative -> full marks?"""
    width = max([len(o.variant.id) for o in report.mutants + report.alternatives] + [10])
    lines = [f"{'mutant':<{width}}  {'notebook':<18} caught  hint  points lost",
             f"{'-' * width}  {'-' * 18} ------  ----  -----------"]
    for o in sorted(report.mutants, key=lambda o: (o.notebook, o.variant.id)):
        lines.append(f"{o.variant.id:<{width}}  {o.notebook:<18} {'yes' if o.caught else 'NO':<6}  "
                     f"{'yes' if o.hint_shown else 'no':<4}  {o.lost:g} / {o.max_score:g}")
    lines += ["", f"{'alternative':<{width}}  {'notebook':<18} {'full marks':<18}  hint",
              f"{'-' * width}  {'-' * 18} {'-' * 18}  ----"]
    for variant_id, runs in sorted(report.alternatives_by_id().items()):
        full = all(o.lost == 0 for o in runs)
        marks = (f"{'yes' if full else 'NO'} ({sum(o.max_score - o.lost for o in runs):g} / "
                 f"{sum(o.max_score for o in runs):g})")
        hinted = "YES" if any(o.verdict and o.verdict.hints for o in runs) else "no"
        lines.append(f"{variant_id:<{width}}  {runs[0].notebook:<18} {marks:<18}  {hinted}")
    lines += ["", summary(report)]
    lines += ["", f"mutants caught: {_pct(report.caught)}; with their hint: {_pct(report.hinted)}; "
                  f"alternatives at full marks: {_pct(report.fair)}",
              f"cells hurt without a mutant upstream: {len(report.collateral)}"]
    lines += [f"  {c}" for c in report.collateral]
    lines += ["", hints.table(report.classifier(), "hints as classifier")]
    if report.disguised:
        lines += [f"catalogued in disguise: {len(report.disguised)} of {len(report.mutants)} mutants give "
                  "every stored output of a catalogued mistake",
                  *(f"  {i} = {', '.join(twins)}" for i, twins in sorted(report.disguised.items())),
                  hints.table(report.classifier(leave_out=report.disguised), "uncatalogued only")]
    lines.append(f"alternatives showing a hint: {len(report.hinted_alternatives)}")
    lines += [f"  {a}" for a in report.hinted_alternatives]
    wrong = [f"  {o.variant.id}: {h.ids} {h.text[:160]}" for o in report.mutants for h in o.verdict.wrong]
    if wrong:
        lines += ["hints that name another mistake:", *wrong]
    if report.skipped:
        lines.append(f"not run: {len(report.skipped)} mutants of notebooks without a source notebook "
                     f"({', '.join(sorted({m.notebook for m in report.skipped}))})")
    phases = ", ".join(f"{k} {v:.0f} s" for k, v in report.seconds.items())
    lines.append(f"{report.submissions} notebook submissions graded in "
                 f"{sum(report.seconds.values()):.0f} s ({phases})")
    return "\n".join(lines)


def summary(report: Report) -> str:
    """One line per notebook: mutants caught and hinted, points they lost, alternatives at full marks."""
    lines = [f"{'notebook':<18} {'submissions':>11} {'caught':>8} {'hint':>8} {'lost':>6} {'fair':>6}"]
    by_alt = report.alternatives_by_id()
    for notebook in sorted({o.notebook for o in report.mutants + report.alternatives}):
        mine = [o for o in report.mutants if o.notebook == notebook]
        alts = [runs for runs in by_alt.values() if runs[0].notebook == notebook]
        subs = len({o.round for o in mine + report.alternatives if o.notebook == notebook})
        lines.append(f"{notebook:<18} {subs:>11} {sum(o.caught for o in mine):>3}/{len(mine):<4} "
                     f"{sum(o.caught and o.hint_shown for o in mine):>3}/{len(mine):<4} "
                     f"{sum(o.lost for o in mine):>6g} "
                     f"{sum(all(o.lost == 0 for o in r) for r in alts):>2}/{len(alts):<3}")
    return "\n".join(lines)


def plan_table(rounds: Mapping[str, list[Round]]) -> str:
    """The packing, one line per submission: which blank carries which variant."""
    lines = []
    for notebook, notebook_rounds in rounds.items():
        for i, round_ in enumerate(notebook_rounds):
            parts = [f"{'M' if isinstance(v, Mistake) else 'a'}:{v.id}" for v in round_.values()]
            lines.append(f"{notebook} {student(i)}: {', '.join(parts)}")
    lines.append(f"{sum(len(r) for r in rounds.values())} submissions")
    return "\n".join(lines)


def unseen_variants(name: str) -> tuple[list[Mistake], list[Variant]]:
    """What ``--unseen NAME`` grades: the set's mistakes; its own alternatives and the quick fillers."""
    fillers = [a for a in ALTERNATIVES if a.id in QUICK_FILLERS.values()]
    return UNSEEN_SETS[name], [*UNSEEN_ALTERNATIVES.get(name, []), *fillers]


def hints_record(report: Report) -> list[dict]:
    """Every graded variant with the hints its own cells showed, for a reader to judge (``--hints-json``).

    One dict per mutant or judged alternative: its id, blank, notebook, points lost of the
    cells it reached, its ``truth`` and ``source`` (unseen sets), and each hint shown with
    its ids and whether the labels credit it.
    """
    record = []
    for kind, outcomes in (("mutant", report.mutants), ("alternative", report.alternatives)):
        for o in outcomes:
            if not o.judged:
                continue
            verdict = o.verdict or hints.Verdict([], [], False)
            record.append({"kind": kind, "id": o.variant.id, "blank": o.variant.blank, "notebook": o.notebook,
                           "lost": o.lost, "max_score": o.max_score,
                           "truth": list(getattr(o.variant, "truth", ()) or ()),
                           "source": getattr(o.variant, "source", ""),
                           "hints": [{"text": h.text, "ids": list(h.ids), "credited": h in verdict.right}
                                     for h in verdict.hints]})
    return record


def judge_input(record: list[dict], functions: Mapping[str, Callable], only: Collection[str] = ()) -> str:
    """A blind judge's reading of RECORD's mutants (``hints_record``), as Markdown: numbered, each with
    its blank, the writer's slip, its code, the points lost and every hint shown without its ids.

    FUNCTIONS: variant id -> its function. The code is whole from its ``def`` line on (the
    decorator, which holds the labels, is left out; docstrings and lines that begin with a quote
    stay). ONLY: these ids alone (empty: every mutant), numbered as in the whole set, so a
    ruling on a changed record keeps its number.
    """
    lines: list[str] = []
    mutants = [r for r in record if r["kind"] == "mutant"]
    for number, r in enumerate(mutants, 1):
        if only and r["id"] not in only:
            continue
        function = functions.get(r["id"])
        code = inspect.getsource(function).splitlines() if function is not None else ["(code not found)"]
        first = next((i for i, line in enumerate(code) if line.lstrip().startswith(("def ", "async "))), 0)
        lines += [f"## M{number:02d}: blank `{r['blank']}` (notebook {r['notebook']})", "",
                  f"Slip (the writer's words): {r['source']}", "",
                  "```python", textwrap.dedent("\n".join(code[first:])).strip(), "```", "",
                  f"Points lost: {r['lost']:g} of {r['max_score']:g}", ""]
        shown = [h["text"] for h in r["hints"]]
        for text, ids in zip(shown, (h["ids"] for h in r["hints"]), strict=True):
            for mistake_id in ids:  # the judge must not read the grader's name for it
                text = text.replace(mistake_id, "")
            text = re.sub(r"\s*\(mistake id[^)]*\)|\s*\[\s*\]", "", text)
            lines.append(f"- HINT: {text.strip()}")
        lines += ([] if shown else ["- (no hint shown)"]) + [""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``nncourse mutants``: run the mutation test and print its table; non-zero below the bar."""
    parser = argparse.ArgumentParser(prog="nncourse mutants", description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", nargs="+", metavar="NAME",
                        help="only these notebooks (e.g. 02_activations)")
    parser.add_argument("--plan", action="store_true",
                        help="print the submissions and exit, grading nothing")
    parser.add_argument("--keep", type=Path,
                        help="grade in this folder and keep it (default: a temporary one)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="grading workers side by side (default: %(default)s)")
    parser.add_argument("--engine", choices=ENGINES, default=ENGINES[0],
                        help="'nncourse' (the default: nncourse grade, kernels behind the sandbox's walls) "
                             "or 'nbgrader' (plain nbgrader autograde + generate_feedback, e.g. without "
                             "bubblewrap)")
    parser.add_argument("--unseen", nargs="?", const="second", choices=sorted(UNSEEN_SETS), metavar="SET",
                        help="measure the hints on mistakes outside the catalogue instead: recall and "
                             "precision, no bar. SET: 'second' (the default, solutions/unseen_mistakes.py) "
                             "or one written blind, solutions/unseen_mistakes_SET.py: "
                             f"{', '.join(s for s in UNSEEN_SETS if s != 'second')} (the README says when "
                             "and by whom each was written); the sets from 'fourth' on also grade their "
                             "alternatives")
    parser.add_argument("--hints-json", type=Path, metavar="PATH",
                        help="also write every variant's hints, whole, with its labels, to PATH (JSON)")
    parser.add_argument("--judge-input", type=Path, metavar="PATH",
                        help="with --unseen: also write the mutants for a blind judge to PATH (Markdown: "
                             "code, the writer's slip, the points lost, each hint without its ids)")
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv[1:] if argv[:1] == ["--"] else argv)  # `nncourse mutants -- --plan`
    # The unseen set is a measurement, never a bar: graded next to its own alternatives and the quick fillers.
    variants = unseen_variants(args.unseen) if args.unseen else (MISTAKES, ALTERNATIVES)
    if args.plan:
        print(plan_table({nb: rs for nb, rs in plan_all(*variants).items()
                          if args.notebooks is None or nb in args.notebooks}))
        return 0
    if args.keep:
        for old in [*args.keep.glob("course*"), args.keep / "class", args.keep / "graded"]:
            if old.is_dir():
                shutil.rmtree(old)
        report = run(args.keep, args.notebooks, args.jobs, *variants, engine=args.engine)
    else:
        with tempfile.TemporaryDirectory(prefix="nncourse-mutants-") as tmp:
            report = run(Path(tmp), args.notebooks, args.jobs, *variants, engine=args.engine)
    print(table(report))
    if args.hints_json:
        args.hints_json.write_text(json.dumps(hints_record(report), indent=1) + "\n", encoding="utf-8")
    if args.judge_input and args.unseen:
        functions = {v.id: v.fn for v in [*variants[0], *variants[1]]}
        args.judge_input.write_text(judge_input(hints_record(report), functions) + "\n", encoding="utf-8")
    return 0 if args.unseen or report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
