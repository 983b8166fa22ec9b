"""The class report's plots, drawn with matplotlib and returned as ``data:image/png`` URIs.

Drawn with :class:`matplotlib.figure.Figure` and the Agg canvas directly (no ``pyplot``:
no global state, no display needed). The PNGs carry no software version or date, so
the same class gives the same bytes (an incremental run's report equals a full run's).
"""

from __future__ import annotations

import base64
import io
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

BINS = 10
"""Bars per histogram: one per tenth of the maximum score."""
DPI = 100
COLOR = "#3b6ea5"


def png_uri(figure: Figure) -> str:
    """FIGURE as a ``data:image/png;base64,...`` URI."""
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def histogram(
    scores: list[float], max_score: float, title: str, size: tuple[float, float] = (3.1, 2.0)
) -> str:
    """The distribution of SCORES (points, out of MAX_SCORE) as a PNG URI: a bar per tenth of
    the points, or per point when there are fewer than ten."""
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.add_subplot()
    top = max_score or 1.0
    bins = max(1, min(BINS, math.ceil(top)))
    edges = [top * i / bins for i in range(bins + 1)]
    axes.hist([min(max(s, 0.0), top) for s in scores], bins=edges, color=COLOR, edgecolor="white")
    axes.set_xlim(0, top)
    axes.set_title(title, fontsize=10)
    axes.set_xlabel(f"points (of {max_score:g})", fontsize=8)
    axes.set_ylabel("students", fontsize=8)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.tick_params(labelsize=8)
    return png_uri(figure)


def mistake_bars(labels: list[str], counts: list[int], students: int) -> str:
    """The most frequent mistakes as horizontal bars (share of the STUDENTS), as a PNG URI."""
    figure = Figure(figsize=(11.0, 0.24 * len(labels) + 0.7), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, [c / students * 100 for c in counts], color=COLOR)
    axes.set_yticks(positions, labels, fontsize=8)
    axes.set_xlabel("% of the class", fontsize=8)
    axes.set_xlim(0, 100)
    axes.tick_params(labelsize=8)
    for y, count in zip(positions, counts, strict=True):
        axes.text(count / students * 100 + 1, y, str(count), va="center", fontsize=8)
    return png_uri(figure)
