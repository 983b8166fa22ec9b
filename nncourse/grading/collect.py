"""Submissions in, nbgrader's ``submitted/`` layout out, with a clear status per notebook.

Accepted inputs (:func:`collect`):

* a folder in nbgrader's layout: ``<student>/<assignment>/*.ipynb``;
* a folder of ``<student>/*.ipynb``;
* a zip file (e.g. downloaded from an LMS), extracted with nbgrader's own
  ``unzip``. Its notebooks are either in student folders as above, or flat,
  named by the LMS: each path is matched with nbgrader's
  ``FileNameCollectorPlugin`` (as ``nbgrader zip_collect`` does) and a
  ``named_regexp`` giving ``student_id``, ``file_id`` and optionally
  ``timestamp``. The default, :data:`DEFAULT_ZIP_REGEXP`, is nbgrader's
  documented example: ``<anything>_<student>_attempt_<timestamp>_<notebook>.ipynb``.
  When a student's file comes twice, the later timestamp wins.

Each notebook file is checked before nbgrader sees it, because nbgrader drops a
student's *whole* submission when one file is not a readable notebook:

* not JSON / not a notebook / a file larger than ``MAX_FILE_BYTES`` / cells larger than
  ``MAX_NOTEBOOK_BYTES`` once their outputs are left out -> ``invalid`` (not given to nbgrader).
  Saved outputs never count against the notebook limit (grading makes them again); the file
  limit is only a guard against files too large to parse safely;
* older nbformat (v3) -> converted to v4 and graded, with a notice;
* matched to the assignment's notebooks by its nbgrader cell ids rather than
  trusting the file name: a renamed copy (``01_x (1).ipynb``) is graded as the
  notebook it is, with a notice; a file whose ids belong to no notebook of the
  assignment -> ``wrong_assignment``; a notebook with no grading metadata at
  all but the right name is graded (its tests are put back) with a notice;
* no file for a notebook -> ``missing``.

Only notebooks (and ``timestamp.txt``) are copied: other files in a student's
folder could shadow packages the tests import (a student's ``autograder.py``
sits first on the kernel's ``sys.path``); they are listed and flagged.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.plugins import FileNameCollectorPlugin
from nbgrader.utils import parse_utc, unzip

from . import events
from .course import Course
from .report.feedback import add_notice
from .status import NotebookStatus

MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
"""The most a notebook's cells may hold, outputs left out (bytes of JSON)."""
MAX_FILE_BYTES = 128 * 1024 * 1024
"""The largest notebook file read at all, outputs included: parsing takes about three times its
size in memory (a file of 125 MiB took 2.6 s and 385 MiB more of the grader's, 2026-12-02), so a
far larger one could exhaust the grader's memory."""
CLEAR_OUTPUTS = (
    "clear its outputs (Kernel > Restart & Clear Output in Jupyter, or "
    "`jupyter nbconvert --clear-output --inplace FILE`) and submit it again: grading runs the "
    "notebook again and makes its outputs anew"
)
DEFAULT_ZIP_REGEXP = r".*_(?P<student_id>\w+)_attempt_(?P<timestamp>[0-9\-]+)_(?P<file_id>\w+)"



@dataclass
class NotebookIntake:
    """What was found for one notebook of the assignment."""

    name: str
    status: NotebookStatus = NotebookStatus.MISSING
    file: str | None = None
    """The submitted file's name, when there was one."""
    message: str = ""
    """Plain words for the student and the instructor."""
    notices: list[str] = field(default_factory=list)


@dataclass
class StudentIntake:
    """One student's submission after collection."""

    student: str
    notebooks: dict[str, NotebookIntake]
    ignored_files: list[str] = field(default_factory=list)
    timestamp: str | None = None

    @property
    def to_grade(self) -> list[str]:
        return [n for n, nb in self.notebooks.items() if nb.status == NotebookStatus.SUBMITTED]


@dataclass
class _Candidate:
    path: Path
    nb: nbformat.NotebookNode | None
    ids: set[str]
    error: str = ""
    converted_from: int | None = None


def _bytes_without_outputs(raw: dict) -> int:
    """Bytes of the notebook RAW (parsed JSON) as JSON, its cells' outputs left out."""
    cells = raw.get("cells")
    if isinstance(cells, list):
        raw = {**raw, "cells": [{k: v for k, v in c.items() if k != "outputs"} if isinstance(c, dict) else c
                                for c in cells]}
    return len(json.dumps(raw))


def _read(path: Path) -> _Candidate:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return _Candidate(
            path, None, set(),
            f"the file is too large ({size // 2**20} MiB; the limit is {MAX_FILE_BYTES // 2**20} MiB); "
            f"{CLEAR_OUTPUTS}",
        )
    try:
        raw = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _Candidate(path, None, set(), f"it is not valid JSON ({exc})")
    if not isinstance(raw, dict) or ("cells" not in raw and "worksheets" not in raw):
        return _Candidate(path, None, set(), "it is JSON but not a Jupyter notebook")
    source_size = _bytes_without_outputs(raw)
    if source_size > MAX_NOTEBOOK_BYTES:
        return _Candidate(
            path, None, set(),
            f"its cells are too large even without their outputs ({source_size // 2**20} MiB; the "
            f"limit is {MAX_NOTEBOOK_BYTES // 2**20} MiB)",
        )
    version = raw.get("nbformat")
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
    except Exception as exc:
        return _Candidate(
            path, None, set(), f"it could not be read as a notebook ({type(exc).__name__}: {exc})"
        )
    nb.metadata.pop(events.METADATA_KEY, None)  # only the grader writes there
    for cell in nb.cells:
        cell.metadata.pop(events.METADATA_KEY, None)
    ids = {events.grade_id_of(cell) for cell in nb.cells} - {None}
    return _Candidate(path, nb, ids, converted_from=version if version != 4 else None)


def _match(candidates: list[_Candidate], course: Course) -> dict[str, _Candidate]:
    """Assign candidate files to the assignment's notebooks, by cell ids first, then by name."""
    layouts = course.notebooks
    pairs = sorted(
        (
            (len(c.ids & layouts[name].cell_ids), c.path.stem == name, i, name)
            for i, c in enumerate(candidates)
            if c.nb is not None
            for name in layouts
        ),
        reverse=True,
    )
    chosen: dict[str, _Candidate] = {}
    used: set[int] = set()
    for overlap, _, i, name in pairs:
        if overlap and i not in used and name not in chosen:
            chosen[name] = candidates[i]
            used.add(i)
    for i, c in enumerate(candidates):
        name = c.path.stem
        if i not in used and c.nb is not None and not c.ids and name in layouts and name not in chosen:
            chosen[name] = c
            used.add(i)
    return chosen


def intake_student(student: str, files: list[Path], course: Course, dest: Path) -> StudentIntake:
    """Check STUDENT's FILES and write the gradable notebooks to DEST (``submitted/<s>/<a>``)."""
    notebooks = {name: NotebookIntake(name) for name in course.notebooks}
    intake = StudentIntake(student, notebooks)
    candidates = []
    for path in sorted(files):
        if path.name == "timestamp.txt":
            intake.timestamp = path.read_text().strip()
        elif path.suffix == ".ipynb":
            candidates.append(_read(path))
        else:
            intake.ignored_files.append(path.name)
    chosen = _match(candidates, course)
    dest.mkdir(parents=True, exist_ok=True)
    for name, cand in chosen.items():
        entry = notebooks[name]
        entry.status, entry.file = NotebookStatus.SUBMITTED, cand.path.name
        if cand.path.stem != name:
            entry.notices.append(
                f"Your file '{cand.path.name}' was graded as {name}.ipynb (its cells are that notebook's)."
            )
        if cand.converted_from is not None:
            entry.notices.append(
                f"Your notebook was saved in an old format (nbformat {cand.converted_from}); "
                "it was converted before grading."
            )
        if not cand.ids:
            entry.notices.append(
                "Your notebook had lost its grading metadata; the tests were added back at its end."
            )
        for notice in entry.notices:
            add_notice(cand.nb, notice)
        nbformat.write(cand.nb, dest / f"{name}.ipynb")
    taken = {id(c) for c in chosen.values()}
    for cand in candidates:
        if id(cand) in taken:
            continue
        target = notebooks.get(cand.path.stem)
        if target is not None and target.status == NotebookStatus.MISSING:
            if cand.nb is None:
                target.status, target.file = NotebookStatus.INVALID, cand.path.name
                target.message = f"Your file '{cand.path.name}' could not be graded: {cand.error}."
            else:
                target.status, target.file = NotebookStatus.WRONG_ASSIGNMENT, cand.path.name
                target.message = (
                    f"Your file '{cand.path.name}' is not this assignment's {target.name}: none of "
                    "its graded cells belong to it (is it another assignment's notebook?)."
                )
        else:
            intake.ignored_files.append(cand.path.name)
    for entry in notebooks.values():
        if entry.status == NotebookStatus.MISSING:
            entry.message = f"No file was submitted for {entry.name}.ipynb."
    if intake.timestamp:
        (dest / "timestamp.txt").write_text(intake.timestamp)
    return intake


def _student_folders(root: Path, assignment: str) -> dict[str, list[Path]]:
    """``<student>/<assignment>/*`` or ``<student>/*`` under ROOT, by student."""
    found: dict[str, list[Path]] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))):
        inner = folder / assignment if (folder / assignment).is_dir() else folder
        found[folder.name] = [p for p in inner.iterdir() if p.is_file()]
    return found


def _zip_files(extracted: Path, regexp: str) -> dict[str, list[Path]]:
    """Flat LMS files by student, via nbgrader's FileNameCollectorPlugin (newest timestamp wins)."""
    plugin = FileNameCollectorPlugin(named_regexp=regexp)
    best: dict[tuple[str, str], tuple[str, Path]] = {}
    for path in sorted(p for p in extracted.rglob("*") if p.is_file()):
        info = plugin.collect(str(path))
        if not info:
            continue
        stamp = info.get("timestamp") or ""
        key = (info["student_id"], info["file_id"])
        if key not in best or stamp >= best[key][0]:
            best[key] = (stamp, path)
    found: dict[str, list[Path]] = {}
    staging = Path(tempfile.mkdtemp(prefix="lms-", dir=extracted))
    for (student, file_id), (stamp, path) in best.items():
        folder = staging / student
        folder.mkdir(exist_ok=True)
        target = folder / f"{Path(file_id).stem}{path.suffix}"
        shutil.copy(path, target)
        found.setdefault(student, []).append(target)
        if stamp:
            try:
                (folder / "timestamp.txt").write_text(parse_utc(stamp).isoformat(" "))
            except ValueError:
                continue
            if folder / "timestamp.txt" not in found[student]:
                found[student].append(folder / "timestamp.txt")
    return found


def find_submissions(
    submissions: Path, assignment: str, scratch: Path, zip_regexp: str | None = None
) -> dict[str, list[Path]]:
    """The files of each student in SUBMISSIONS (a folder or a zip; see the module docstring)."""
    submissions = Path(submissions)
    if submissions.is_file():
        if not zipfile.is_zipfile(submissions):
            raise ValueError(f"{submissions} is neither a folder nor a zip file")
        extracted = scratch / "extracted"
        extracted.mkdir(parents=True, exist_ok=True)
        unzip(str(submissions), str(extracted), zip_ext=[submissions.suffix or ".zip"])
        roots = [p for p in extracted.iterdir() if not p.name.startswith((".", "__MACOSX"))]
        if len(roots) == 1 and roots[0].is_dir() and not list(roots[0].glob("*.ipynb")):
            extracted = roots[0]  # the zip holds one top folder
        if (
            zip_regexp is None
            and any(p.is_dir() for p in extracted.iterdir())
            and not list(extracted.glob("*.ipynb"))
        ):
            return _student_folders(extracted, assignment)
        return _zip_files(extracted, zip_regexp or DEFAULT_ZIP_REGEXP)
    if not submissions.is_dir():
        raise FileNotFoundError(submissions)
    return _student_folders(submissions, assignment)


def collect(
    submissions: Path, course: Course, scratch: Path, zip_regexp: str | None = None
) -> list[StudentIntake]:
    """Collect SUBMISSIONS into ``course.root/submitted`` and report per student and notebook."""
    files = find_submissions(submissions, course.assignment, scratch, zip_regexp)
    return [
        intake_student(student, paths, course, course.root / "submitted" / student / course.assignment)
        for student, paths in sorted(files.items())
    ]
