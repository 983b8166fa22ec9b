"""What the class report says, computed from the students' results (no HTML, no plots here).

* scores per notebook and in total (for the distribution plots);
* per graded cell: mean points, share of students who passed it, and the diagnosed
  mistakes (:mod:`.mistakes`) with their counts, students and hint, most frequent first;
* the students needing attention (a notebook crashed, timed out, missing or invalid, a cheat
  flag, grader errors, late work) with the reasons and their feedback pages;
* late work (:mod:`.late`) and the similarity flags (:mod:`.similarity`), for the instructor.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote

from ..status import CellStatus, NotebookStatus
from .mistakes import Mistake
from .results import StudentResult
from .similarity import SimilarityFlag


def feedback_href(student: str, notebook: str) -> str:
    """The relative link from ``report.html`` to STUDENT's feedback page on NOTEBOOK, URL-encoded:
    a name holding ``#``, ``?`` or ``%`` would otherwise end the path early (a fragment, a query)."""
    return f"feedback/{quote(student, safe='')}/{quote(notebook, safe='')}.html"


#: Cell statuses that put a student on the attention list, with the words for them.
ATTENTION_CELLS = {CellStatus.TIMEOUT: "timed out", CellStatus.CRASHED: "crashed"}
#: Notebook statuses that put a student on the attention list.
ATTENTION_NOTEBOOKS = {
    NotebookStatus.MISSING: "missing",
    NotebookStatus.INVALID: "unreadable file",
    NotebookStatus.WRONG_ASSIGNMENT: "another assignment's notebook",
    NotebookStatus.CRASHED: "could not be graded",
}


@dataclass(frozen=True)
class MistakeCount:
    """One diagnosed mistake in one cell, and who made it."""

    mistake: str
    hint: str
    students: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.students)


@dataclass(frozen=True)
class CellSummary:
    """One graded cell across the class."""

    notebook: str
    cell: str
    max_points: float
    mean_points: float
    passed_share: float
    """Share of the students with full points, in [0, 1]."""
    mistakes: tuple[MistakeCount, ...]
    """Most frequent first."""

    @property
    def mean_share(self) -> float:
        return self.mean_points / self.max_points if self.max_points else 1.0


@dataclass(frozen=True)
class Attention:
    """A student the instructor should look at, why, and their feedback pages (relative links)."""

    student: str
    reasons: tuple[str, ...]
    pages: tuple[tuple[str, str], ...]
    """(notebook, ``feedback/<student>/<notebook>.html``)."""


@dataclass
class ClassData:
    """Everything the class report shows."""

    assignment: str
    max_score: float
    notebook_max: dict[str, float]
    totals: dict[str, float]
    """Student -> total score (after any late penalty)."""
    notebook_scores: dict[str, list[float]]
    """Notebook -> every student's score on it."""
    cells: list[CellSummary]
    attention: list[Attention]
    late: list[StudentResult] = field(default_factory=list)
    """Students with a late penalty or lateness, latest first."""
    deadline: str | None = None
    similarity: list[SimilarityFlag] = field(default_factory=list)
    cheat_flags: list[tuple[str, str, str]] = field(default_factory=list)
    """(student, notebook, flag code and detail) of the cheat scan and the grader's events."""

    @property
    def top_mistakes(self) -> list[tuple[CellSummary, MistakeCount]]:
        """Every (cell, mistake) of the class, most frequent first."""
        pairs = [(cell, m) for cell in self.cells for m in cell.mistakes]
        return sorted(pairs, key=lambda p: (-p[1].count, p[0].notebook, p[0].cell, p[1].mistake))


def class_mistakes(results: list[StudentResult]) -> list[Mistake]:
    """Every (student, cell, mistake) of RESULTS, in the students' and the cells' order."""
    return [
        Mistake(r.student, nb.name, cell.grade_id, mistake, cell.hint)
        for r in results
        for nb in r.notebooks.values()
        for cell in nb.cells
        for mistake in cell.mistakes
    ]


def cell_summaries(results: list[StudentResult]) -> list[CellSummary]:
    """One :class:`CellSummary` per graded cell, in the notebooks' order."""
    cells: dict[tuple[str, str], list] = {}
    for r in results:
        for nb in r.notebooks.values():
            for cell in nb.cells:
                cells.setdefault((nb.name, cell.grade_id), []).append(cell)
    # One count per hint a student was shown, not per mistake id: a hint may name several ids
    # (fp.complement and fp.mirrored_input give the same values), and counting each id counted
    # the one student twice (the outside test of 2026-12-02). mistakes.csv keeps a row per id.
    shown: dict[tuple[str, str], dict[str, tuple[dict[str, None], list[str]]]] = defaultdict(dict)
    for r in results:
        for nb in r.notebooks.values():
            for cell in nb.cells:
                if cell.mistakes:
                    ids, students = shown[nb.name, cell.grade_id].setdefault(
                        cell.hint or " / ".join(cell.mistakes), ({}, []))
                    ids.update(dict.fromkeys(cell.mistakes))
                    students.append(r.student)
    summaries = []
    for (notebook, grade_id), graded in cells.items():
        counts = sorted(
            (
                MistakeCount(" / ".join(ids), hint if hint != " / ".join(ids) else "", tuple(students))
                for hint, (ids, students) in shown[notebook, grade_id].items()
            ),
            key=lambda c: (-c.count, c.mistake),
        )
        summaries.append(
            CellSummary(
                notebook,
                grade_id,
                graded[0].max_points,
                statistics.fmean(c.points for c in graded),
                sum(c.status == CellStatus.PASSED for c in graded) / len(graded),
                tuple(counts),
            )
        )
    return summaries


def attention(results: list[StudentResult]) -> list[Attention]:
    """The students needing attention, in the results' order."""
    rows = []
    for r in results:
        reasons = []
        for nb in r.notebooks.values():
            if nb.status in ATTENTION_NOTEBOOKS:
                reasons.append(f"{nb.name}: {ATTENTION_NOTEBOOKS[nb.status]}")
            for status, words in ATTENTION_CELLS.items():
                hit = [c.grade_id for c in nb.cells if c.status == status]
                if hit and nb.status not in ATTENTION_NOTEBOOKS:
                    reasons.append(f"{nb.name}: {', '.join(hit)} {words}")
            codes = sorted({f["code"] for f in nb.flags} - set(NotebookStatus))
            if codes:
                reasons.append(f"{nb.name}: flagged {', '.join(codes)}")
        if r.ignored_files:
            reasons.append(f"files left out: {', '.join(r.ignored_files)}")
        if r.errors:
            reasons.append("grader errors: " + "; ".join(sorted(r.errors)))
        if r.late_penalty:
            reasons.append(f"late: {r.late_penalty:g} points off")
        if reasons:
            pages = tuple((nb, feedback_href(r.student, nb)) for nb in r.notebooks)
            rows.append(Attention(r.student, tuple(reasons), pages))
    return rows


def class_data(
    results: list[StudentResult],
    assignment: str,
    notebook_max: dict[str, float],
    similarity: list[SimilarityFlag],
    deadline: str | None = None,
) -> ClassData:
    """The class report's content from RESULTS (NOTEBOOK_MAX: notebook -> its points)."""
    late = sorted(
        (r for r in results if r.late_days or r.late_penalty),
        key=lambda r: (-(r.late_seconds or 0), r.student),
    )
    return ClassData(
        assignment=assignment,
        max_score=sum(notebook_max.values()),
        notebook_max=dict(notebook_max),
        totals={r.student: r.score for r in results},
        notebook_scores={n: [r.notebooks[n].score for r in results] for n in notebook_max},
        cells=cell_summaries(results),
        attention=attention(results),
        late=late,
        deadline=deadline,
        similarity=similarity,
        cheat_flags=[
            (r.student, nb.name, f"{f['code']}" + (f": {f['detail']}" if f.get("detail") else ""))
            for r in results
            for nb in r.notebooks.values()
            for f in nb.flags
            if f["code"] not in set(NotebookStatus)
        ],
    )
