"""The end-of-run summary: score distribution, hardest cells, the most common diagnosed mistakes,
late work and the submissions needing attention; ``report.html`` (:mod:`.page`) says it all at length."""

from __future__ import annotations

import statistics
from collections import defaultdict

from ..status import NotebookStatus
from .classdata import ClassData
from .results import StudentResult

COMMON_MISTAKES = 5
"""Mistakes the summary names."""


def distribution(results: list[StudentResult], bins: int = 10) -> list[tuple[str, int]]:
    """Counts of students per percentage band (``0-9%`` ... ``90-100%``)."""
    counts = [0] * bins
    for r in results:
        share = r.score / r.max_score if r.max_score else 0.0
        counts[min(bins - 1, int(share * bins))] += 1
    width = 100 // bins
    return [(f"{i * width}-{(i + 1) * width - 1 if i < bins - 1 else 100}%", c) for i, c in enumerate(counts)]


def unsubmitted_notebooks(results: list[StudentResult]) -> list[str]:
    """The notebooks nobody handed in (every student's is ``missing``), in the course's order."""
    names = dict.fromkeys(name for r in results for name in r.notebooks)
    handed = {nb.name for r in results for nb in r.notebooks.values() if nb.status != NotebookStatus.MISSING}
    return [name for name in names if name not in handed]


def hardest_cells(results: list[StudentResult], n: int = 5) -> list[tuple[str, float]]:
    """The N graded cells with the lowest mean share of their points, as (``notebook/cell``, share).

    The cells of notebooks nobody handed in are left out: all at 0%, they said nothing of what
    was hard and filled the list (the outside test of 2026-12-02)."""
    shares: dict[str, list[float]] = defaultdict(list)
    nobody = set(unsubmitted_notebooks(results))
    for r in results:
        for nb in r.notebooks.values():
            if nb.name in nobody:
                continue
            for cell in nb.cells:
                if cell.max_points:
                    shares[f"{nb.name}/{cell.grade_id}"].append(cell.points / cell.max_points)
    means = sorted((statistics.fmean(v), k) for k, v in shares.items())
    return [(k, m) for m, k in means[:n]]


def needing_attention(results: list[StudentResult]) -> list[tuple[str, str]]:
    """(student, reason) for flagged submissions or ones with grading trouble."""
    rows = []
    for r in results:
        reasons = list(r.flags)
        if r.errors:
            reasons.append("grader errors")
        if reasons:
            rows.append((r.student, ", ".join(reasons)))
    return rows


def common_mistakes(report: ClassData, n: int = COMMON_MISTAKES) -> list[str]:
    """The N most frequent diagnosed mistakes, a line each: ``31% (12) <notebook>/<cell>: <id>: <hint>``."""
    students = len(report.totals) or 1
    return [
        f"{m.count / students:.0%} ({m.count}) {cell.notebook}/{cell.cell}: {m.mistake}"
        + (f": {m.hint}" if m.hint else "")
        for cell, m in report.top_mistakes[:n]
    ]


def render(results: list[StudentResult], report: ClassData | None = None) -> str:
    """The summary as plain text (REPORT adds the mistakes, late work and similarity lines)."""
    if not results:
        return "No submissions were found."
    totals = [r.score for r in results]
    top = results[0].max_score
    lines = [
        f"{len(results)} students graded; mean {statistics.fmean(totals):.2f} / {top:g}, "
        f"median {statistics.median(totals):g}, min {min(totals):g}, max {max(totals):g}",
        "",
        "Score distribution:",
    ]
    lines += [f"  {band:>8}  {'#' * count} {count}" for band, count in distribution(results)]
    lines += ["", "Hardest cells (mean share of points):"]
    lines += [f"  {name}: {share:.0%}" for name, share in hardest_cells(results)]
    nobody = unsubmitted_notebooks(results)
    if nobody:
        lines.append(f"  (left out: {', '.join(nobody)}, which nobody handed in)")
    if report is not None:
        lines += ["", "Most common mistakes (share of the class):"]
        lines += [f"  {line}" for line in common_mistakes(report)] or ["  none diagnosed"]
        if report.deadline is not None or report.late:
            lines += ["", f"Late work (deadline {report.deadline or 'none'}): {len(report.late)}"]
            lines += [
                f"  {r.student}: {r.late_note or f'{r.late_penalty:g} points off'}"
                for r in report.late
            ]
        if report.similarity:
            lines += [
                "",
                f"Similar answers (instructor only, see report.html): {len(report.similarity)} pairs",
            ]
            lines += [
                f"  {a} and {b}: excess similarity {f.score:.2f}"
                for f in report.similarity
                for a, b in [f.students]
            ]
    attention = needing_attention(results)
    lines += ["", f"Submissions needing attention: {len(attention)}"]
    lines += [f"  {student}: {reason}" for student, reason in attention]
    return "\n".join(lines)
