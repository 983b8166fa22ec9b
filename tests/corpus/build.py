"""Build adversarial students from the real notebooks, and what grading each must produce.

A :class:`Student` hands in the solved release of some of the course's notebooks
(:func:`nncourse.notebooks.solved_release`, a perfect answer) with targeted
edits, so every cell's expected outcome is known: the cells named in
``Student.cells`` get the given status and 0 points, every other cell of a
graded notebook passes with full points, and notebooks not handed in score 0.
The corpus itself is in :mod:`.students`.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from pathlib import Path

from nbformat import NotebookNode

from nncourse.notebooks import ASSIGNMENT, graded_cells, notebook_names, solved_release, write_submission

from .edits import FileEdit, NotebookEdit


@dataclass(frozen=True)
class Cell:
    """The expected outcome of a test cell that does not pass."""

    status: str
    """``failed``, ``error``, ``timeout`` or ``crashed`` (see nncourse.grading.report.results)."""
    phrase: str
    """Must appear in the cell's results.json message and in the notebook's feedback page."""


@dataclass(frozen=True)
class Student:
    """One adversarial submission and everything grading must report about it."""

    name: str
    modes: tuple[str, ...]
    """The failure modes it covers, in words."""
    notebooks: dict[str, tuple[NotebookEdit, ...]] = field(default_factory=dict)
    """The notebooks written for it: the solved release with these edits."""
    files: tuple[FileEdit, ...] = ()
    """Changes to its written folder (renames, broken files, extra files)."""
    cells: dict[str, Cell] = field(default_factory=dict)
    """``notebook/grade_id`` -> outcome, for the cells that do not pass."""
    statuses: dict[str, str] = field(default_factory=dict)
    """Notebook -> results.json status, where it is not ``graded`` (written) or ``missing``."""
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Notebook -> words that must be in its results.json entry and its feedback page."""
    flags: frozenset[str] = frozenset()
    """The student's flags in grades.csv besides ``missing`` (no student hands in every notebook)."""

    def status(self, notebook: str) -> str:
        """The notebook's expected results.json status."""
        default = "graded" if notebook in self.notebooks else "missing"
        return self.statuses.get(notebook, default)

    def expected_cells(self, notebook: str) -> dict[str, tuple[str, float]]:
        """grade_id -> (status, points) for every graded cell of NOTEBOOK."""
        graded = self.status(notebook) == "graded"
        expected = {}
        for cell, worth in points(notebook).items():
            special = self.cells.get(f"{notebook}/{cell}")
            if not graded:
                expected[cell] = ("missing", 0.0)
            elif special is not None:
                expected[cell] = (special.status, 0.0)
            else:
                expected[cell] = ("passed", worth)
        return expected

    def expected_score(self, notebook: str | None = None) -> float:
        """The score of NOTEBOOK, or of the whole assignment."""
        names = [notebook] if notebook else notebook_names()
        return sum(worth for name in names for _, worth in self.expected_cells(name).values())


@functools.cache
def points(notebook: str) -> dict[str, float]:
    """grade_id -> points of NOTEBOOK's graded cells (from its source notebook)."""
    return {cell.grade_id: cell.max_points for cell in graded_cells(notebook)}


@functools.cache
def _solved(name: str) -> NotebookNode:
    return solved_release(name)


def notebook_for(name: str, edits: tuple[NotebookEdit, ...]) -> NotebookNode:
    """The solved release of notebook NAME with EDITS applied (the one helper all variants use)."""
    nb = copy.deepcopy(_solved(name))
    for edit in edits:
        nb = edit(nb)
    return nb


def write(root: Path, students: list[Student]) -> Path:
    """Write each student's folder (``<root>/<student>/<assignment>/``); return ROOT."""
    for student in students:
        write_submission(
            root / student.name,
            {name: notebook_for(name, edits) for name, edits in student.notebooks.items()},
        )
        for edit in student.files:
            edit(root / student.name / ASSIGNMENT)
    return root
