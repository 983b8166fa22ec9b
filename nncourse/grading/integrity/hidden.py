"""Hidden test regions of a test cell: the markers, and the one parser of them.

nbgrader's ``ClearHiddenTests`` removes the lines from one holding ``HIDDEN_BEGIN``
to one holding ``HIDDEN_END`` (markers included) when it releases a notebook;
:func:`regions` reads a cell's source the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum

HIDDEN_BEGIN = "BEGIN HIDDEN TESTS"
HIDDEN_END = "END HIDDEN TESTS"


class Line(StrEnum):
    """Where a source line stands with respect to the hidden regions."""

    BEGIN = "begin"
    END = "end"
    HIDDEN = "hidden"
    VISIBLE = "visible"


def regions(source: str) -> Iterator[tuple[str, Line]]:
    """Each line of SOURCE with its :class:`Line` kind, by nbgrader's rules."""
    hidden = False
    for line in source.split("\n"):
        if HIDDEN_BEGIN in line:
            hidden = True
            yield line, Line.BEGIN
        elif HIDDEN_END in line:
            hidden = False
            yield line, Line.END
        else:
            yield line, Line.HIDDEN if hidden else Line.VISIBLE


def strip_hidden(source: str) -> str:
    """SOURCE without its hidden test regions (as nbgrader releases it)."""
    return "\n".join(line for line, kind in regions(source) if kind is Line.VISIBLE)


def hidden_lines(sources: Iterable[str]) -> set[str]:
    """The stripped, non-empty lines inside hidden test regions of SOURCES (markers included)."""
    return {
        line.strip()
        for source in sources
        for line, kind in regions(source)
        if kind is not Line.VISIBLE and line.strip()
    }
