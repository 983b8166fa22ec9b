"""Targeted changes to a perfect submission: one notebook's cells, or the files a student hands in.

A notebook edit takes and returns a notebook (the solved release of one of the
course's notebooks); a file edit changes the written ``<student>/<assignment>/``
folder (for what cannot be written as a valid notebook).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from nncourse.notebooks import nbgrader_meta, with_solution

NotebookEdit = Callable[[NotebookNode], NotebookNode]
FileEdit = Callable[[Path], None]


def _index(nb: NotebookNode, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("grade_id") == grade_id)


def answer(grade_id: str, code: str) -> NotebookEdit:
    """Put CODE in the solution cell GRADE_ID."""
    return lambda nb: with_solution(nb, grade_id, code)


def edit_test(grade_id: str, source: str, points: float) -> NotebookEdit:
    """Rewrite test cell GRADE_ID and its points (a student editing a locked cell and its metadata)."""

    def edit(nb: NotebookNode) -> NotebookNode:
        cell = nb.cells[_index(nb, grade_id)]
        cell.source = source
        cell.metadata.nbgrader.points = points
        return nb

    return edit


def delete_cell(grade_id: str) -> NotebookEdit:
    def edit(nb: NotebookNode) -> NotebookNode:
        del nb.cells[_index(nb, grade_id)]
        return nb

    return edit


def copy_cell(grade_id: str, to: int) -> NotebookEdit:
    """Insert a copy of cell GRADE_ID (metadata and all) at position TO."""

    def edit(nb: NotebookNode) -> NotebookNode:
        duplicate = copy.deepcopy(nb.cells[_index(nb, grade_id)])
        duplicate.id = f"copy-of-{grade_id}".replace("_", "-")
        nb.cells.insert(to, duplicate)
        return nb

    return edit


def move_cell(grade_id: str, before: str) -> NotebookEdit:
    """Move cell GRADE_ID just above cell BEFORE."""

    def edit(nb: NotebookNode) -> NotebookNode:
        cell = nb.cells.pop(_index(nb, grade_id))
        nb.cells.insert(_index(nb, before), cell)
        return nb

    return edit


# -- files --------------------------------------------------------------------------------------


def rename(name: str, new_name: str) -> FileEdit:
    """What a browser does to a second download: ``01_x.ipynb`` -> ``01_x (1).ipynb``."""
    return lambda folder: (folder / f"{name}.ipynb").rename(folder / new_name)


def truncate(name: str) -> FileEdit:
    """Cut the file in the middle (an interrupted upload): not valid JSON any more."""

    def edit(folder: Path) -> None:
        path = folder / f"{name}.ipynb"
        path.write_bytes(path.read_bytes()[:2000])

    return edit


def downgrade(name: str) -> FileEdit:
    """Save the notebook as nbformat 3 (an old Jupyter)."""

    def edit(folder: Path) -> None:
        path = folder / f"{name}.ipynb"
        nb = nbformat.read(path, as_version=4)
        path.write_text(json.dumps(nbformat.convert(nb, 3)))

    return edit


def foreign(name: str) -> FileEdit:
    """Replace the notebook by one of another assignment (graded cells that are not this one's)."""

    def edit(folder: Path) -> None:
        meta = {
            "grade": True,
            "grade_id": "test_kmeans",
            "locked": True,
            "points": 5,
            "schema_version": 3,
            "solution": False,
            "task": False,
        }
        nb = nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_markdown_cell("# Week 9: k-means"),
                nbformat.v4.new_code_cell(
                    "assert kmeans([[0.0]], 1) is not None", metadata={"nbgrader": meta}
                ),
            ]
        )
        nbformat.write(nb, folder / f"{name}.ipynb")

    return edit


def add_file(file_name: str, text: str) -> FileEdit:
    return lambda folder: (folder / file_name).write_text(text)
