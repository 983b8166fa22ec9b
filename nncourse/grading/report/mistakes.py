"""The diagnosed mistakes of the class: read from each failed cell's message, written as ``mistakes.csv``.

Every hint the course's checks show ends with a stable tag, ``[mistake: id1, id2]``
(``autograder.fingerprints.tag``). :func:`diagnosed` reads the ids and the hint text back
from a failed cell's message with :func:`nncourse.hints.shown_hints`, the one parser of that
tag, so ``results.json``, ``mistakes.csv`` and the class report agree on what was diagnosed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from nncourse.hints import shown_hints

from .. import atomic

MISTAKES_CSV = "mistakes.csv"
CSV_HEADER = ("student", "notebook", "cell", "mistake", "hint")


@dataclass(frozen=True)
class Mistake:
    """One diagnosed mistake in one student's graded cell."""

    student: str
    notebook: str
    cell: str
    """The graded (test) cell's grade id."""
    mistake: str
    """The catalogue's id (``05_backprop:backward/double_mean``) or a fingerprint's (``fp.<name>``)."""
    hint: str


def diagnosed(message: str) -> tuple[list[str], str]:
    """The mistake ids a cell's MESSAGE names, in order and without repeats, and their hint text.

    ``("AssertionError: ... Hint: you divided by N twice [mistake: a, b]")`` -> ``(["a", "b"],
    "you divided by N twice")``; a message with no tag -> ``([], "")``.
    """
    ids: list[str] = []
    texts: list[str] = []
    for shown in shown_hints(message):
        ids += [i for i in shown.ids if i not in ids]
        if shown.text and shown.text not in texts:
            texts.append(shown.text)
    # a hint without its "Hint:" marker comes with the sentence before it ("Analytic against
    # numerical gradient: <hint>"): when another text is its tail, that tail is the hint
    kept = [t for t in texts if not any(u != t and t.endswith(u) for u in texts)]
    return ids, " ".join(kept)


def write_mistakes(mistakes: list[Mistake], out_dir: Path) -> Path:
    """Write MISTAKES as ``OUT_DIR/mistakes.csv`` (a row per student, cell and mistake) atomically."""
    table = io.StringIO(newline="")
    writer = csv.writer(table)
    writer.writerow(CSV_HEADER)
    for m in mistakes:
        writer.writerow([m.student, m.notebook, m.cell, m.mistake, m.hint])
    return atomic.write_text(Path(out_dir) / MISTAKES_CSV, table.getvalue())
