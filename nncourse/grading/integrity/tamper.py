"""``RestoreTrackedCells``: put a submitted notebook's graded and locked cells back in place.

nbgrader 0.9.6 restores the *source* of locked cells from the gradebook
(``OverwriteCells``, by checksum) and drops the metadata of duplicated ids
(``DeduplicateIds``, keeping the last copy). It does not restore the order of
moved cells; its ``add_missing_cells`` option re-adds deleted grade cells but
raises ``KeyError`` when the cell before a deleted one is a locked cell or was
deleted too; a cell whose metadata says ``grade`` where the gradebook has none
crashes ``OverwriteCells``; metadata with an unknown id or an old schema makes
the whole submission fail.

This preprocessor runs first in ``Autograde.sanitize_preprocessors`` (before
nbgrader's own, which still run and find nothing left to fix) and, against the
gradebook's record of the notebook ("tracked" cells: solution, grade and
locked cells):

* strips nbgrader metadata whose id the gradebook does not know;
* resets each tracked cell's nbgrader flags (grade, solution, locked, points,
  task) to the gradebook's;
* keeps only the last copy of a duplicated id (as ``DeduplicateIds`` would);
* restores the original order of tracked cells: a tracked cell moves with the
  untracked cells that follow it (the student's own helper cells);
* re-inserts deleted grade, task and locked cells after the block of the
  tracked cell before them in the original (at the end when the notebook has
  no tracked cell left, i.e. its metadata was stripped);
* notes edited locked cells (``OverwriteCells`` restores their source).

Each change is recorded with :mod:`.events` so the feedback can tell the
student.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.nbgraderformat import MetadataValidator
from nbgrader.preprocessors import NbGraderPreprocessor, OverwriteCells

from .. import events
from ..status import EventKind
from .hidden import strip_hidden


class _Truth:
    """The gradebook's record of one notebook's tracked cells, in original order."""

    def __init__(self, gb: Gradebook, notebook: str, assignment: str) -> None:
        record = gb.find_notebook(notebook, assignment)
        self.source = {
            cell.name: SimpleNamespace(
                name=cell.name,
                cell_type=cell.cell_type,
                locked=cell.locked,
                source=cell.source,
                checksum=cell.checksum,
            )
            for cell in record.source_cells
        }
        self.order = {name: i for i, name in enumerate(self.source)}
        self.points = {cell.name: float(cell.max_score) for cell in record.grade_cells}
        self.solution = {cell.name for cell in record.solution_cells}
        self.task = {cell.name for cell in record.task_cells}

    def flags(self, name: str) -> dict[str, Any]:
        flags = {
            "grade": name in self.points,
            "solution": name in self.solution,
            "locked": bool(self.source[name].locked),
            "task": name in self.task,
        }
        if name in self.points:
            flags["points"] = self.points[name]
        return flags

    def restorable(self, name: str) -> bool:
        """Whether a deleted cell NAME is put back (answers are not: they may live elsewhere)."""
        return name not in self.solution and (
            name in self.points or name in self.task or self.source[name].locked
        )


@functools.lru_cache(maxsize=64)
def _truth(db_url: str, notebook: str, assignment: str) -> _Truth:
    """The gradebook's record (it does not change while a course copy is graded)."""
    with Gradebook(db_url) as gb:
        return _Truth(gb, notebook, assignment)


def _label(truth: _Truth, name: str) -> str:
    kind = "test cell" if name in truth.points and name not in truth.solution else "cell"
    return f"{kind} '{name}'"


class RestoreTrackedCells(NbGraderPreprocessor):
    """Repair a submission's tracked cells against the gradebook and record what changed."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        """Restore NB's tracked cells (see the module docstring)."""
        info = resources["nbgrader"]
        truth = _truth(info["db_url"], info["notebook"], info["assignment"])
        self._transform = OverwriteCells(parent=self).missing_cell_transform
        self._strip_unknown(nb, truth)
        self._deduplicate(nb, truth)
        self._reset_flags(nb, truth)
        self._note_edits(nb, truth)
        self._reorder(nb, truth)
        self._insert_missing(nb, truth)
        return nb, resources

    def _strip_unknown(self, nb: NotebookNode, truth: _Truth) -> None:
        for index, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader")
            if meta is None:
                continue
            name = meta.get("grade_id")
            if name in truth.source:
                continue
            del cell.metadata["nbgrader"]
            if name is not None:
                events.add(
                    nb,
                    EventKind.CELL_RESTORED,
                    f"Cell {index + 1} carried the grading id '{name}', which this notebook does not "
                    "have; it runs as an ordinary cell.",
                    cell=index + 1,
                )

    def _deduplicate(self, nb: NotebookNode, truth: _Truth) -> None:
        seen: set[str] = set()
        for index in range(len(nb.cells) - 1, -1, -1):
            cell = nb.cells[index]
            name = events.grade_id_of(cell)
            if name is None:
                continue
            if name in seen:
                del cell.metadata["nbgrader"]
                events.add(
                    nb,
                    EventKind.CELL_DUPLICATE,
                    f"Cell {index + 1} was a copy of {_label(truth, name)}; only the last copy is "
                    "graded, this one runs as an ordinary cell.",
                    cell=index + 1,
                    grade_id=name,
                )
            seen.add(name)

    def _reset_flags(self, nb: NotebookNode, truth: _Truth) -> None:
        for index, cell in enumerate(nb.cells):
            name = events.grade_id_of(cell)
            if name is None:
                continue
            meta = cell.metadata["nbgrader"]
            wanted = truth.flags(name)
            if "points" not in wanted:
                meta.pop("points", None)
            changed = [key for key, value in wanted.items() if meta.get(key) != value]
            meta.update(wanted)
            meta["schema_version"] = MetadataValidator.schema_version
            if changed:
                events.add(
                    nb,
                    EventKind.CELL_RESTORED,
                    f"The grading settings ({', '.join(changed)}) of {_label(truth, name)} had been "
                    "changed; they were restored.",
                    cell=index + 1,
                    grade_id=name,
                )

    def _note_edits(self, nb: NotebookNode, truth: _Truth) -> None:
        for index, cell in enumerate(nb.cells):
            name = events.grade_id_of(cell)
            if name is None or not truth.source[name].locked:
                continue
            original = truth.source[name]
            if cell.cell_type != original.cell_type or cell.source != strip_hidden(original.source):
                events.add(
                    nb,
                    EventKind.CELL_RESTORED,
                    f"{_label(truth, name).capitalize()} (cell {index + 1}) had been edited; the "
                    "original was restored before grading.",
                    cell=index + 1,
                    grade_id=name,
                )

    @staticmethod
    def _blocks(nb: NotebookNode) -> list[list[NotebookNode]]:
        """NB's cells cut before each tracked cell (the first block may be untracked)."""
        blocks: list[list[NotebookNode]] = [[]]
        for cell in nb.cells:
            if events.grade_id_of(cell) is not None:
                blocks.append([])
            blocks[-1].append(cell)
        return [block for block in blocks if block]

    def _reorder(self, nb: NotebookNode, truth: _Truth) -> None:
        blocks = self._blocks(nb)

        def rank(block: list[NotebookNode]) -> int:
            name = events.grade_id_of(block[0])
            return -1 if name is None else truth.order[name]

        ordered = sorted(blocks, key=rank)
        if ordered == blocks:
            return
        nb.cells = [cell for block in ordered for cell in block]
        moved = [events.grade_id_of(a[0]) for a, b in zip(blocks, ordered, strict=True) if a is not b]
        names = ", ".join(f"'{name}'" for name in moved if name)
        events.add(
            nb,
            EventKind.CELL_MOVED,
            f"Cells had been moved ({names}); the original order was restored before grading.",
        )

    def _insert_missing(self, nb: NotebookNode, truth: _Truth) -> None:
        present = {events.grade_id_of(cell) for cell in nb.cells}
        missing = [name for name in truth.source if name not in present and truth.restorable(name)]
        if not missing:
            return
        blocks = self._blocks(nb)
        stripped = not present - {None}  # no tracked cell left: append everything after the student's code
        for name in missing:
            cell = self._restored_cell(truth, name)
            before = [
                i
                for i, block in enumerate(blocks)
                if (events.grade_id_of(block[0]) or "") in truth.order
                and truth.order[events.grade_id_of(block[0])] < truth.order[name]
            ]
            position = len(blocks) if stripped else before[-1] + 1 if before else 0
            blocks.insert(position, [cell])
        nb.cells = [cell for block in blocks for cell in block]
        for name in missing:
            index = next(i for i, cell in enumerate(nb.cells) if events.grade_id_of(cell) == name)
            events.add(
                nb,
                EventKind.CELL_MISSING,
                f"{_label(truth, name).capitalize()} was missing from your notebook; it was put back "
                f"from the original (cell {index + 1}) before grading.",
                cell=index + 1,
                grade_id=name,
            )

    def _restored_cell(self, truth: _Truth, name: str) -> NotebookNode:
        source = truth.source[name]
        if name in truth.points or name in truth.task:
            cell = self._transform(
                source,
                truth.points.get(name, 0),
                is_solution=name in truth.solution,
                is_task=name in truth.task,
            )
            cell.source = source.source
        else:
            cell = NotebookNode(
                cell_type=source.cell_type,
                source=source.source,
                metadata=NotebookNode(
                    editable=False,
                    deletable=False,
                    nbgrader=NotebookNode(
                        truth.flags(name), grade_id=name, schema_version=MetadataValidator.schema_version
                    ),
                ),
            )
            if source.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        cell = nbformat.from_dict(cell)
        cell.metadata.nbgrader["checksum"] = source.checksum
        return cell
