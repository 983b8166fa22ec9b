"""The class's answers to each blank, read back for the similarity flags (:mod:`.similarity`).

A blank is a solution cell (nbgrader ``solution: true``), known by its grade id. Three
versions of it are read: the students' (their autograded notebooks, where the cell is
exactly as submitted: nbgrader only runs it), the released stub (``release/``) and the
reference (the course's ``source/``, the lines between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` kept and the markers dropped, as ``generate_assignment`` reads them).
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from ..course import Course
from ..nbconfig import load_course_config
from .similarity import Blank

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def solution_cells(path: Path) -> dict[str, str]:
    """Grade id -> source of each solution cell of the notebook at PATH (empty if unreadable)."""
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return {}
    cells = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("solution") and meta.get("grade_id"):
            cells[meta["grade_id"]] = cell.get("source", "")
    return cells


def without_markers(source: str) -> str:
    """A source cell's code as the reference answer: the solution markers' lines dropped."""
    return "\n".join(line for line in source.splitlines() if line.strip() not in SOLUTION_MARKERS)


def class_blanks(course: Course, autograded: Path, students: list[str]) -> list[Blank]:
    """Every blank of COURSE with the answers of STUDENTS (AUTOGRADED: ``<student>/<assignment>/``)."""
    source_dir = load_course_config(course.root).CourseDirectory.get("source_directory", "source")
    blanks = []
    for name in course.notebooks:
        stubs = solution_cells(course.release_dir / f"{name}.ipynb")
        references = solution_cells(course.root / source_dir / course.assignment / f"{name}.ipynb")
        by_student = {
            s: solution_cells(autograded / s / course.assignment / f"{name}.ipynb") for s in students
        }
        for grade_id, stub in stubs.items():
            answers = {s: cells[grade_id] for s, cells in by_student.items() if grade_id in cells}
            reference = references.get(grade_id)
            blanks.append(
                Blank(name, grade_id, answers, without_markers(reference) if reference else None, stub)
            )
    return blanks
