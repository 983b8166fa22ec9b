"""The end-of-run summary: score distribution, hardest cells, submissions needing attention."""

from __future__ import annotations

import statistics
from collections import defaultdict

from .results import StudentResult


def distribution(results: list[StudentResult], bins: int = 10) -> list[tuple[str, int]]:
    """Counts of students per percentage band (``0-9%`` ... ``90-100%``)."""
    counts = [0] * bins
    for r in results:
        share = r.score / r.max_score if r.max_score else 0.0
        counts[min(bins - 1, int(share * bins))] += 1
    width = 100 // bins
    return [(f"{i * width}-{(i + 1) * width - 1 if i < bins - 1 else 100}%", c) for i, c in enumerate(counts)]


def hardest_cells(results: list[StudentResult], n: int = 5) -> list[tuple[str, float]]:
    """The N graded cells with the lowest mean share of their points, as (``notebook/cell``, share)."""
    shares: dict[str, list[float]] = defaultdict(list)
    for r in results:
        for nb in r.notebooks.values():
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


def render(results: list[StudentResult]) -> str:
    """The summary as plain text."""
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
    attention = needing_attention(results)
    lines += ["", f"Submissions needing attention: {len(attention)}"]
    lines += [f"  {student}: {reason}" for student, reason in attention]
    return "\n".join(lines)
