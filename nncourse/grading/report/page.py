"""The class report as one self-contained HTML page, ``OUT/report.html``.

Self-contained so that it opens offline and survives an LMS upload or an e-mail: the
plots are ``data:`` URIs (:mod:`.plots`), the CSS is inline, and there is no script, web
font, stylesheet link or remote image (tested in Chromium, ``tests/e2e/test_report.py``:
the page makes no request but its own). The only links are to the students' feedback
pages, relative to the output folder. Every text from a student (code, names, messages)
is escaped. The page is for the instructor: it names students and shows their code.
"""

from __future__ import annotations

import difflib
import html
import statistics
from pathlib import Path

from .. import atomic
from . import plots
from .classdata import ClassData

REPORT_HTML = "report.html"
TOP_MISTAKES = 12
"""Mistakes in the class-wide chart and table."""

CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 1180px;
       color: #1d232b; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 32px;
     border-bottom: 1px solid #d5dbe3; padding-bottom: 4px; }
.sub { color: #5a6572; margin-top: 0; }
.banner { background: #fff4d6; border: 1px solid #e6c766; padding: 6px 10px; border-radius: 4px; }
.plots { display: flex; flex-wrap: wrap; gap: 8px; } .plots img { border: 1px solid #e3e7ec; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #e3e7ec; }
th { background: #f3f5f8; font-weight: 600; } td.num { text-align: right; white-space: nowrap; }
code, pre { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
.hint { color: #38424d; } .students { color: #5a6572; font-size: 13px; }
.bar { display: inline-block; height: 10px; background: #3b6ea5; vertical-align: middle; }
table.diff { font: 12px/1.35 ui-monospace, "DejaVu Sans Mono", monospace; width: auto; }
table.diff td { border: none; padding: 0 4px; white-space: pre; }
.diff_add { background: #d8f5d8; } .diff_chg { background: #fff0b3; } .diff_sub { background: #f8d4d4; }
.diff_header { color: #8a939d; text-align: right; } .diff_next { display: none; }
details { margin: 4px 0 12px; } summary { cursor: pointer; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _percent(share: float) -> str:
    return f"{share:.0%}"


def _bar(share: float) -> str:
    return f'<span class="bar" style="width:{max(0.0, min(share, 1.0)) * 80:.0f}px"></span>'


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A table of ROWS (cells as HTML; one starting ``<num>`` is right-aligned) under HEADER."""
    out = ["<table><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"]
    for row in rows:
        cells = (
            f'<td class="num">{c.removeprefix("<num>")}</td>' if c.startswith("<num>") else f"<td>{c}</td>"
            for c in row
        )
        out.append("<tr>" + "".join(cells) + "</tr>")
    return [*out, "</table>"]


def _code(*parts: str) -> str:
    return "<code>" + "/".join(_e(p) for p in parts) + "</code>"


def _distribution(data: ClassData) -> list[str]:
    totals = list(data.totals.values())
    images = [
        plots.histogram(totals, data.max_score, "Total", size=(4.2, 2.0)),
        *(plots.histogram(data.notebook_scores[n], top, n) for n, top in data.notebook_max.items()),
    ]
    return [
        "<h2>Score distribution</h2>",
        '<div class="plots">',
        *(f'<img alt="score distribution" src="{uri}">' for uri in images),
        "</div>",
    ]


def _mistakes(data: ClassData, students: int) -> list[str]:
    top = data.top_mistakes[:TOP_MISTAKES]
    out = ["<h2>What the class got wrong</h2>"]
    if not top:
        return [*out, "<p>No diagnosed mistakes: every failed check was without a catalogued hint.</p>"]
    labels = [f"{cell.notebook}/{cell.cell}: {m.mistake}" for cell, m in top]
    chart = plots.mistake_bars(labels, [m.count for _, m in top], students)
    out.append(f'<img alt="most frequent mistakes" src="{chart}">')
    rows = [
        [
            _code(cell.notebook, cell.cell),
            _code(m.mistake),
            f"<num>{m.count} ({_percent(m.count / students)})",
            f'<span class="hint">{_e(m.hint)}</span>',
        ]
        for cell, m in top
    ]
    return out + _table(["cell", "mistake", "students", "hint shown"], rows)


def _cells(data: ClassData) -> list[str]:
    rows = []
    for cell in data.cells:
        found = "".join(
            f'<div>{_code(m.mistake)} &times;{m.count}: <span class="hint">{_e(m.hint)}</span>'
            f'<div class="students">{_e(", ".join(m.students))}</div></div>'
            for m in cell.mistakes
        )
        rows.append(
            [
                _code(cell.notebook, cell.cell),
                f"<num>{cell.mean_points:.2f} / {cell.max_points:g}",
                f"<num>{_bar(cell.passed_share)} {_percent(cell.passed_share)}",
                found,
            ]
        )
    return ["<h2>Per cell</h2>", *_table(["cell", "mean points", "passed", "diagnosed mistakes"], rows)]


def _attention(data: ClassData) -> list[str]:
    out = [f"<h2>Students needing attention ({len(data.attention)})</h2>"]
    if not data.attention:
        return [*out, "<p>None.</p>"]
    rows = [
        [
            _e(row.student),
            "<br>".join(_e(r) for r in row.reasons),
            " ".join(f'<a href="{_e(href)}">{_e(nb)}</a>' for nb, href in row.pages),
        ]
        for row in data.attention
    ]
    return out + _table(["student", "why", "feedback pages"], rows)


def _late(data: ClassData) -> list[str]:
    if data.deadline is None and not data.late:
        return []
    out = [f"<h2>Late work (deadline {_e(data.deadline or 'none')})</h2>"]
    if not data.late:
        return [*out, "<p>Every timestamped submission was on time.</p>"]
    rows = [
        [
            _e(r.student),
            _e(r.submitted_at),
            _e(r.late_note),
            f"<num>{r.late_penalty:g} points",
        ]
        for r in data.late
    ]
    return out + _table(["student", "submitted (UTC)", "late by", "penalty"], rows)


def _side_by_side(a: str, b: str, names: tuple[str, str]) -> str:
    return difflib.HtmlDiff(tabsize=4, wrapcolumn=70).make_table(
        a.splitlines(), b.splitlines(), _e(names[0]), _e(names[1])
    )


def _instructor(data: ClassData) -> list[str]:
    out = [
        "<h2>Cheat and similarity flags</h2>",
        '<p class="banner">For the instructor only: these are leads to look into, not verdicts.</p>',
        f"<h3>Cheat scan and grader events ({len(data.cheat_flags)})</h3>",
    ]
    if data.cheat_flags:
        rows = [[_e(s), _e(nb), _code(flag)] for s, nb, flag in data.cheat_flags]
        out += _table(["student", "notebook", "flag"], rows)
    else:
        out.append("<p>None.</p>")
    out.append(f"<h3>Similar answers ({len(data.similarity)} pairs)</h3>")
    if not data.similarity:
        return [*out, "<p>No pair stands out from the class.</p>"]
    for flag in data.similarity:
        a, b = flag.students
        spread = (
            f"{flag.spread:g} robust SD above the class" if flag.spread is not None else "no class spread"
        )
        out.append(
            f"<details open><summary><b>{_e(a)}</b> and <b>{_e(b)}</b>: excess similarity "
            f"{flag.score:.2f} ({spread})</summary>"
        )
        for m in (m for m in flag.matches if m.excess > 0):  # the blanks that set the pair apart
            out.append(
                f"<p><code>{_e(m.notebook)}/{_e(m.blank)}</code>: similarity {m.similarity:.2f}, "
                f"excess {m.excess:.2f}</p>"
            )
            out.append(_side_by_side(*m.code, flag.students))
        out.append("</details>")
    return out


def render_page(data: ClassData) -> str:
    """The report's HTML for DATA."""
    totals = list(data.totals.values())
    students = len(totals)
    if students:
        stats = (
            f"{students} students; mean {statistics.fmean(totals):.2f} / {data.max_score:g}, "
            f"median {statistics.median(totals):g}"
        )
    else:
        stats = "no submissions"
    body = [f"<h1>Class report: {_e(data.assignment)}</h1>", f'<p class="sub">{_e(stats)}</p>']
    if students:
        body += _distribution(data) + _mistakes(data, students) + _cells(data)
    body += _attention(data) + _late(data) + _instructor(data)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            # no request may leave the page: a policy that blocks anything but inline data
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
            "style-src 'unsafe-inline'\">",
            f"<title>Class report: {_e(data.assignment)}</title>",
            f"<style>{CSS}</style></head><body>",
            *body,
            "</body></html>",
        ]
    )


def write_page(data: ClassData, out_dir: Path) -> Path:
    """Write ``OUT_DIR/report.html`` atomically."""
    return atomic.write_text(Path(out_dir) / REPORT_HTML, render_page(data) + "\n")
