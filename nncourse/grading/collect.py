"""Submissions in, nbgrader's ``submitted/`` layout out, with a clear status per notebook.

Accepted inputs (:func:`collect`):

* a folder in nbgrader's layout: ``<student>/<assignment>/*.ipynb``;
* a folder of ``<student>/*.ipynb``;
* a zip file (e.g. downloaded from an LMS), extracted with nbgrader's own
  ``unzip``. Its notebooks are either in student folders as above, or flat,
  named by the LMS: each path is matched (``re.match`` on the absolute path, as
  nbgrader's ``FileNameCollectorPlugin`` and ``nbgrader zip_collect`` do) with a
  ``named_regexp`` giving ``student_id``, ``file_id`` and optionally
  ``timestamp``: one of :data:`LMS_PATTERNS` by name, or the instructor's own.
  The default, ``blackboard``, is nbgrader's documented example naming,
  ``<assignment>_<student>_attempt_<timestamp>_<notebook>.ipynb``, with a
  student id that may hold ``.`` and ``-``; the part before it that every file
  of the zip shares is the LMS's assignment name, and the rest belongs to the
  student id, so ``hw_ada_smith_...`` and ``hw_bob_smith_...`` are two students.
  Two files are one student's only when their student ids are equal. When a
  student's notebook comes twice, the later timestamp is graded and the other
  listed.

Nothing handed in vanishes. A file of a zip that matches no student is listed in
:attr:`ClassIntake.unmatched` (the run fails, and says which ``--zip-regexp`` would
match it); a class with no student at all is a :class:`SubmissionsError`. Every file
under a student's folder is graded or listed in ``ignored_files``, with the reason when
it is a notebook. A folder name nbgrader cannot use as a student id (a newline or
another control character, surrounding spaces, ``[``, a glob that matches another
student) is graded under a safe id, with a notice (:data:`IntakeFlag.FOLDER_RENAMED`).
Only the LMS's and the operating system's own folders at the top (:data:`SYSTEM_NAMES`)
are skipped.

Each notebook file is checked before nbgrader sees it, because nbgrader drops a
student's *whole* submission when one file is not a readable notebook:

* not JSON / not a notebook / a file larger than ``MAX_FILE_BYTES`` / cells larger than
  ``MAX_NOTEBOOK_BYTES`` once their outputs are left out -> ``invalid`` (not given to nbgrader).
  Saved outputs never count against the notebook limit (grading makes them again); the file
  limit is only a guard against files too large to parse safely;
* older nbformat (v3) -> converted to v4 and graded, with a notice;
* matched to the notebook of the assignment whose own cell ids it holds most of (ids
  several notebooks share never decide), rather than trusting the file name: a renamed
  copy (``01_x (1).ipynb``) is graded as the notebook it is, with a notice; a file whose
  ids belong to no notebook of the assignment -> ``wrong_assignment``; a notebook with no
  grading metadata at all but the right name is graded (its tests are put back) with a notice;
* two files of one notebook (a renamed copy, a flat copy beside
  ``<student>/<assignment>/``, an older attempt): one is graded, chosen in this
  order: the one in ``<student>/<assignment>/``, the one with the exact name, the
  newest; the others are listed and the student is told
  (:data:`IntakeFlag.DUPLICATE_COPY`);
* no file for a notebook -> ``missing``.

``timestamp.txt`` (``<student>/<assignment>/`` first, then ``<student>/``) must be a
date and time nbgrader reads (``2026-12-01 23:59:00 UTC``, ISO 8601...). One it cannot
read is not given to nbgrader (it would fail the whole notebook): the work is graded
without a timestamp, which the late policy treats as on time, and the student is
flagged :data:`IntakeFlag.BAD_TIMESTAMP` and told what was expected.

Only notebooks (and ``timestamp.txt``) are copied: other files in a student's
folder could shadow packages the tests import (a student's ``autograder.py``
sits first on the kernel's ``sys.path``); they are listed and flagged.

Only regular files are ever read (:func:`read_regular`: ``O_NOFOLLOW``, ``fstat``, a bound):
a symbolic link, a pipe, a socket or a device is listed with what it is, never opened, so a
link cannot leak a file the grader may read (``/etc/shadow``) nor ``/dev/zero`` exhaust its
memory; a student folder that is a link is no student (listed among the unmatched files). At
most :data:`MAX_TIMESTAMP_BYTES` of ``timestamp.txt`` are read, and no more than
:data:`SHOWN_CHARS` printable characters of any file are quoted back. A name that is not UTF-8
is listed with its bytes escaped (:func:`printable`). A zip is extracted by :func:`extract_zip`,
within bounds: which lists (among the unmatched files) the members whose paths would leave its
folder, any larger than :data:`~.options.MAX_FILE_BYTES` uncompressed (a zip of 1 MB may hold
gigabytes of zeros), those past ``--max-zip-mb`` in all and those past
:data:`~.options.MAX_ZIP_MEMBERS`.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import stat
import tempfile
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import nbformat
from nbformat.warnings import MissingIDFieldWarning
from nbgrader.utils import parse_utc

from . import events
from .course import Course
from .options import DEFAULT_ZIP_PATTERN, LMS_PATTERNS, MAX_FILE_BYTES, MAX_ZIP_MEMBERS, GradingOptions
from .report.feedback import add_notice
from .status import IntakeFlag, NotebookStatus

MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
"""The most a notebook's cells may hold, outputs left out (bytes of JSON)."""
CLEAR_OUTPUTS = (
    "clear its outputs (Kernel > Restart & Clear Output in Jupyter, or "
    "`jupyter nbconvert --clear-output --inplace FILE`) and submit it again: grading runs the "
    "notebook again and makes its outputs anew"
)
TIMESTAMP_FILE = "timestamp.txt"
TIMESTAMP_EXAMPLE = "2026-12-01 23:59:00 UTC"
"""A timestamp as nbgrader writes it (ISO 8601 is read too)."""
SYSTEM_NAMES = frozenset({"__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini", ".ipynb_checkpoints",
                          "__pycache__", ".Trashes", ".Spotlight-V100", ".fseventsd"})
"""Files and folders an OS, an archiver or Jupyter adds at the top of a class: never a student."""
CHECKPOINTS = ".ipynb_checkpoints"
FOLDER_HINT = "a file at the top of the class belongs to no student: move it into <student>/ and grade again"
_UNSAFE_ID = re.compile(r"[\x00-\x1f\x7f\[\ud800-\udfff]")
"""Characters nbgrader cannot have in a student id: its path regexp's ``.`` stops at a newline,
and its glob reads ``[`` as a character class; a surrogate stands for a byte of a name that is not
UTF-8, which no report, gradebook or terminal can write."""
MAX_TIMESTAMP_BYTES = 4096
"""The most of ``timestamp.txt`` read (nbgrader writes about 30 bytes)."""
NOT_EXTRACTED = "not extracted"
"""How a zip member that was not extracted is listed (with the reason) among the unmatched files."""
SHOWN_CHARS = 40
"""The most of a file's content ever quoted back (printable characters only)."""


def printable(name: str) -> str:
    """NAME as any report or terminal can write it: bytes that are not UTF-8 (surrogates) as ``\\xff``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


class NotRegular(OSError):
    """A submitted file that is a symbolic link, a pipe, a device...: never read."""


def read_regular(path: Path, limit: int) -> bytes:
    """At most LIMIT + 1 bytes of PATH, a regular file (never through a symbolic link, never a pipe
    or a device, which could leak another file or never end): :class:`NotRegular` otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        if exc.errno == 40:  # ELOOP: the last part is a symbolic link
            raise NotRegular("a symbolic link") from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(_kind(mode))
        chunks, left = [], limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class SubmissionsError(RuntimeError):
    """The submissions cannot be graded at all (no student in them, a bad ``--zip-regexp``)."""


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
    """Files not graded, relative to the student's folder; a notebook's says why, in brackets."""
    timestamp: str | None = None
    flags: list[IntakeFlag] = field(default_factory=list)

    @property
    def to_grade(self) -> list[str]:
        return [n for n, nb in self.notebooks.items() if nb.status == NotebookStatus.SUBMITTED]

    def tell(self, notice: str) -> None:
        """Add NOTICE to every notebook of the student (the student reads it in their feedback)."""
        for entry in self.notebooks.values():
            entry.notices.append(notice)


@dataclass
class StudentFolder:
    """One student's files as found: FOLDER holds them all (a copy, for a flat LMS zip)."""

    folder: Path
    name: str
    """The name the student handed in under (the folder's, or the LMS file names' student id)."""
    older: list[Path] = field(default_factory=list)
    """Earlier attempts of an LMS zip, superseded by a later timestamp."""


@dataclass
class ClassIntake:
    """The whole class after collection."""

    students: list[StudentIntake]
    unmatched: list[str] = field(default_factory=list)
    """Files that belong to no student (an LMS zip's names the pattern does not match)."""
    hint: str = ""
    """What to pass so that the unmatched files are read (e.g. ``--zip-regexp canvas``)."""


@dataclass
class _Candidate:
    path: Path
    nb: nbformat.NotebookNode | None
    ids: set[str]
    error: str = ""
    converted_from: int | None = None
    shown: str = ""
    """The file's name as the student knows it (relative to their folder)."""
    in_layout: bool = False
    """In ``<student>/<assignment>/`` (nbgrader's layout)."""


def _bytes_without_outputs(raw: dict) -> int:
    """Bytes of the notebook RAW (parsed JSON) as JSON, its cells' outputs left out."""
    cells = raw.get("cells")
    if isinstance(cells, list):
        raw = {**raw, "cells": [{k: v for k, v in c.items() if k != "outputs"} if isinstance(c, dict) else c
                                for c in cells]}
    return len(json.dumps(raw))


def _read(path: Path) -> _Candidate:
    try:
        size = os.lstat(path).st_size
        data = b"" if size > MAX_FILE_BYTES else read_regular(path, MAX_FILE_BYTES)
    except NotRegular as exc:
        return _Candidate(path, None, set(), f"it is {exc} (only regular files are read)")
    except OSError as exc:
        return _Candidate(path, None, set(), f"it could not be read ({exc.strerror or type(exc).__name__})")
    size = max(size, len(data))
    if size > MAX_FILE_BYTES:
        return _Candidate(
            path, None, set(),
            f"the file is too large ({size // 2**20} MiB; the limit is {MAX_FILE_BYTES // 2**20} MiB); "
            f"{CLEAR_OUTPUTS}",
        )
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _Candidate(path, None, set(), f"it is not valid JSON ({exc})")
    except RecursionError:
        return _Candidate(path, None, set(), "it is not a notebook: its JSON is nested too deeply to read")
    if not isinstance(raw, dict) or ("cells" not in raw and "worksheets" not in raw):
        return _Candidate(path, None, set(), "it is JSON but not a Jupyter notebook")
    try:
        source_size = _bytes_without_outputs(raw)
    except (RecursionError, ValueError):
        return _Candidate(path, None, set(), "it is not a notebook: its JSON is nested too deeply to read")
    if source_size > MAX_NOTEBOOK_BYTES:
        return _Candidate(
            path, None, set(),
            f"its cells are too large even without their outputs ({source_size // 2**20} MiB; the "
            f"limit is {MAX_NOTEBOOK_BYTES // 2**20} MiB)",
        )
    version = raw.get("nbformat")
    try:
        with warnings.catch_warnings():
            # cells without ids get nbformat's own (it warns on the instructor's terminal otherwise)
            warnings.simplefilter("ignore", MissingIDFieldWarning)
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


def _own_ids(course: Course) -> dict[str, frozenset[str]]:
    """Each notebook's cell ids that no other notebook of the assignment has (``imports`` is shared)."""
    seen = Counter(i for layout in course.notebooks.values() for i in layout.cell_ids)
    return {
        n: frozenset(i for i in layout.cell_ids if seen[i] == 1) for n, layout in course.notebooks.items()
    }


def _belongs_to(cand: _Candidate, course: Course) -> str | None:
    """The notebook whose own cell ids CAND holds most of (then all its ids, then its name), or None.

    A file holding none of a notebook's own ids (no grading metadata, or only ids several
    notebooks share) belongs to the notebook its name names, if any.
    """
    layouts, own = course.notebooks, _own_ids(course)
    best = max(layouts, key=lambda n: (len(cand.ids & own[n]), len(cand.ids & layouts[n].cell_ids),
                                       cand.path.stem == n))
    if cand.ids & own[best]:
        return best
    if cand.path.stem in layouts and (not cand.ids or cand.ids & layouts[cand.path.stem].cell_ids):
        return cand.path.stem
    return None


def _preference(name: str):
    """Sort key of the copies of notebook NAME: the first is graded (see the module docstring)."""

    def key(cand: _Candidate) -> tuple:
        return (not cand.in_layout, cand.path.stem != name, -cand.path.lstat().st_mtime, cand.shown)

    return key


def _why_graded(graded: _Candidate, other: _Candidate, name: str) -> str:
    """Which rule of :func:`_preference` put GRADED before OTHER, in the student's words."""
    if graded.in_layout and not other.in_layout:
        return "the copy in your assignment folder"
    if graded.path.stem == name != other.path.stem:
        return "the copy with the notebook's own name"
    if graded.path.lstat().st_mtime > other.path.lstat().st_mtime:
        return "the newest copy"
    return "the first by name"


def _match(candidates: list[_Candidate], course: Course, intake: StudentIntake) -> dict[str, _Candidate]:
    """The file graded for each notebook: its copies (cell ids first, then name), one chosen."""
    copies: dict[str, list[_Candidate]] = {}
    for cand in candidates:
        if cand.nb is not None and (name := _belongs_to(cand, course)) is not None:
            copies.setdefault(name, []).append(cand)
    chosen: dict[str, _Candidate] = {}
    for name, found in copies.items():
        found.sort(key=_preference(name))
        chosen[name] = found[0]
        for other in found[1:]:
            intake.notebooks[name].notices.append(
                f"You handed in more than one copy of {name}.ipynb: '{found[0].shown}' was graded "
                f"({_why_graded(found[0], other, name)}), '{other.shown}' was not. Hand in one copy, "
                f"named {name}.ipynb."
            )
            intake.ignored_files.append(
                f"{other.shown} (another copy of {name}; '{found[0].shown}' was graded)"
            )
            if IntakeFlag.DUPLICATE_COPY not in intake.flags:
                intake.flags.append(IntakeFlag.DUPLICATE_COPY)
    return chosen


def _quote(text: str) -> str:
    """At most :data:`SHOWN_CHARS` printable characters of TEXT, quoted (never more of a file)."""
    head = text[:SHOWN_CHARS]
    shown = "".join(c if c.isprintable() else "?" for c in head)
    return repr(shown + ("..." if len(text) > SHOWN_CHARS else ""))


def _read_timestamp(path: Path, intake: StudentIntake) -> str | None:
    """PATH's timestamp in nbgrader's format, or None (flagged and told) when it cannot be read.

    Only a regular file is read, never through a symbolic link, and at most
    :data:`MAX_TIMESTAMP_BYTES` of it; only a short printable prefix is ever quoted back."""
    try:
        data = read_regular(path, MAX_TIMESTAMP_BYTES)
    except NotRegular as exc:
        reason = f"it is {exc}, and only a regular file is read"
    except OSError as exc:
        reason = f"it could not be read: {exc.strerror or type(exc).__name__}"
    else:
        if len(data) > MAX_TIMESTAMP_BYTES:
            start = _quote(data.decode("utf-8", "replace"))
            reason = f"it holds more than {MAX_TIMESTAMP_BYTES} bytes; it starts {start}"
        else:
            try:
                text = data.decode("utf-8").strip()
            except UnicodeDecodeError:
                reason = f"it is not UTF-8 text; it starts {_quote(data.decode('utf-8', 'replace'))}"
            else:
                if not text:
                    return None
                try:
                    return parse_utc(text).isoformat(" ")
                except (ValueError, TypeError, OverflowError, RecursionError) as exc:
                    error = str(exc) or type(exc).__name__
                    reason = f"{_quote(text)}: {error if len(error) <= 80 else type(exc).__name__}"
    intake.flags.append(IntakeFlag.BAD_TIMESTAMP)
    intake.tell(
        f"Your {TIMESTAMP_FILE} could not be read as a date and time ({reason}); your work was "
        f"graded without it, as if on time, and your instructor has been told. A timestamp looks like "
        f"'{TIMESTAMP_EXAMPLE}' (as nbgrader writes it; ISO 8601 is read too)."
    )
    return None


def _shown(rel: Path, assignment: str, mixed: bool) -> str:
    """REL as listed for the student: without the leading assignment folder unless MIXED."""
    parts = rel.parts
    if not mixed and len(parts) > 1 and parts[0] == assignment:
        parts = parts[1:]
    return printable("/".join(parts))


def intake_student(
    student: str, found: StudentFolder, course: Course, dest: Path
) -> StudentIntake:
    """Check the files under FOUND.folder and write the gradable notebooks to DEST (``submitted/<s>/<a>``)."""
    notebooks = {name: NotebookIntake(name) for name in course.notebooks}
    intake = StudentIntake(student, notebooks)
    if student != found.name:
        intake.flags.append(IntakeFlag.FOLDER_RENAMED)
        intake.tell(
            f"Your folder's name {found.name!r} cannot be a student id for nbgrader; "
            f"your work was graded as {student!r}."
        )
    files = sorted(
        p.relative_to(found.folder) for p in found.folder.rglob("*") if p.is_symlink() or not p.is_dir()
    )
    layout = course.assignment
    flat = any(len(r.parts) == 1 for r in files)
    mixed = flat and any(len(r.parts) > 1 and r.parts[0] == layout for r in files)
    stamps = [
        r for r in files if r.name == TIMESTAMP_FILE and (len(r.parts) == 1 or r.parts == (layout, r.name))
    ]
    stamps.sort(key=lambda r: -len(r.parts))  # the assignment folder's first
    candidates = []
    folders_left_out: set[str] = set()
    for rel in files:
        path, shown = found.folder / rel, _shown(rel, layout, mixed)
        in_layout = len(rel.parts) == 2 and rel.parts[0] == layout
        mode = os.lstat(path).st_mode
        if stamps and rel == stamps[0]:
            intake.timestamp = _read_timestamp(path, intake)
            if not stat.S_ISREG(mode):
                intake.ignored_files.append(f"{shown} ({_kind(mode)})")
        elif not stat.S_ISREG(mode):
            intake.ignored_files.append(f"{shown} ({_kind(mode)})")
        elif path.suffix == ".ipynb" and CHECKPOINTS not in rel.parts:
            cand = _read(path)
            cand.shown, cand.in_layout = shown, in_layout
            candidates.append(cand)
        elif len(inner := rel.parts[1:] if rel.parts[0] == layout else rel.parts) > 1:
            # a package or a folder of files: listed once, as its top folder
            top = _shown(Path(*rel.parts[: len(rel.parts) - len(inner) + 1]), layout, mixed) + "/"
            if top not in folders_left_out:
                folders_left_out.add(top)
                intake.ignored_files.append(top)
        else:
            intake.ignored_files.append(shown)
    for path in found.older:
        intake.ignored_files.append(f"{printable(path.name)} (an earlier attempt; the latest was graded)")
    chosen = _match(candidates, course, intake)
    dest.mkdir(parents=True, exist_ok=True)
    for name, cand in chosen.items():
        entry = notebooks[name]
        entry.status, entry.file = NotebookStatus.SUBMITTED, cand.shown
        if cand.path.stem != name:
            entry.notices.append(
                f"Your file '{cand.shown}' was graded as {name}.ipynb (its cells are that notebook's)."
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
    taken = {id(c) for c in chosen.values()} | {
        id(c) for c in candidates if c.nb is not None and _belongs_to(c, course) is not None
    }
    for cand in candidates:
        if id(cand) in taken:
            continue
        target = notebooks.get(cand.path.stem)
        if target is not None and target.status == NotebookStatus.MISSING:
            if cand.nb is None:
                target.status, target.file = NotebookStatus.INVALID, cand.shown
                target.message = f"Your file '{cand.shown}' could not be graded: {cand.error}."
            else:
                target.status, target.file = NotebookStatus.WRONG_ASSIGNMENT, cand.shown
                target.message = (
                    f"Your file '{cand.shown}' is not this assignment's {target.name}: none of "
                    "its graded cells belong to it (is it another assignment's notebook?)."
                )
        elif cand.nb is None:
            intake.ignored_files.append(f"{cand.shown} (not graded: {cand.error})")
        else:
            intake.ignored_files.append(f"{cand.shown} (not graded: its cells belong to no notebook of "
                                        "this assignment)")
    for name, cand in chosen.items():
        for notice in notebooks[name].notices:
            add_notice(cand.nb, notice)
        nbformat.write(cand.nb, dest / f"{name}.ipynb")
    for entry in notebooks.values():
        if entry.status == NotebookStatus.MISSING:
            entry.message = f"No file was submitted for {entry.name}.ipynb."
    if intake.timestamp:
        (dest / TIMESTAMP_FILE).write_text(intake.timestamp)
    intake.ignored_files.sort()
    return intake


def _safe_ids(names: list[str]) -> dict[str, str]:
    """A student id nbgrader can use for each folder name in NAMES (the name itself when it can)."""
    ids: dict[str, str] = {}
    taken = set(names)
    for name in names:
        safe = _UNSAFE_ID.sub("_", name).strip()
        if any(c in safe for c in "*?") and any(o != name and fnmatch.fnmatchcase(o, safe) for o in names):
            safe = safe.replace("*", "_").replace("?", "_")  # a glob nbgrader would read as others too
        if safe != name:
            base, n = safe or "student", 2
            safe = base
            while safe in taken:
                safe, n = f"{base}-{n}", n + 1
            taken.add(safe)
        ids[name] = safe
    return ids


def _student_folders(root: Path) -> dict[str, StudentFolder]:
    """Each folder under ROOT is a student's (``<student>/<assignment>/*`` or ``<student>/*``)."""
    folders = sorted(p for p in root.iterdir()
                     if p.is_dir() and not p.is_symlink() and p.name not in SYSTEM_NAMES)
    ids = _safe_ids([p.name for p in folders])
    return {ids[p.name]: StudentFolder(p, p.name) for p in folders}


def _root_files(root: Path) -> list[str]:
    """The files at the top of a class folder: no student's (listed as unmatched)."""
    return sorted(printable(p.name) + (" (a symbolic link)" if p.is_symlink() else "")
                  for p in root.iterdir()
                  if (p.is_symlink() or not p.is_dir()) and p.name not in SYSTEM_NAMES)


def zip_pattern(zip_regexp: str | None) -> re.Pattern:
    """The compiled ``--zip-regexp``: a name of :data:`LMS_PATTERNS` or a regular expression."""
    text = LMS_PATTERNS.get(zip_regexp or DEFAULT_ZIP_PATTERN, zip_regexp)
    try:
        pattern = re.compile(text)
    except re.error as exc:
        raise SubmissionsError(f"--zip-regexp {zip_regexp!r} is not a regular expression ({exc}); give one "
                               f"of {', '.join(LMS_PATTERNS)} or a Python regexp") from None
    missing = {"student_id", "file_id"} - set(pattern.groupindex)
    if missing:
        raise SubmissionsError(f"--zip-regexp {zip_regexp!r} has no group {' or '.join(sorted(missing))}: it "
                               "needs (?P<student_id>...) and (?P<file_id>...), as nbgrader's zip_collect")
    return pattern


def _common_prefix(prefixes: set[str]) -> str:
    """The longest run of whole ``_``-separated words, each with its ``_``, that every prefix starts with."""
    common = []
    for column in zip(*(p.split("_") for p in prefixes), strict=False):
        if len(set(column)) != 1:
            break
        common.append(column[0])
    return "".join(word + "_" for word in common)


def _zip_files(extracted: Path, zip_regexp: str | None) -> tuple[dict[str, StudentFolder], list[str], str]:
    """Flat LMS files by student (newest timestamp wins), the files matching no student, and a hint."""
    pattern = zip_pattern(zip_regexp)
    files = sorted(p for p in extracted.rglob("*") if p.is_file() and not SYSTEM_NAMES & set(p.parts))
    matched: list[tuple[Path, dict[str, str]]] = []
    unmatched: list[Path] = []
    for path in files:
        match = pattern.match(str(path))
        if match and match["student_id"]:
            matched.append((path, match.groupdict()))
        else:
            unmatched.append(path)
    if "lms_assignment" in pattern.groupindex:
        # the part every file shares before the student id is the LMS's assignment name; the rest
        # is the student's (ada_smith), so names that differ there never merge into one student
        common = _common_prefix({info["lms_assignment"] for _, info in matched})
        for _, info in matched:
            info["student_id"] = (info["lms_assignment"] + "_")[len(common):] + info["student_id"]
    best: dict[tuple[str, str], tuple[str, Path]] = {}
    older: dict[str, list[Path]] = {}
    for path, info in matched:
        stamp, key = info.get("timestamp") or "", (info["student_id"], info["file_id"])
        if key in best:
            loser = min(best[key], (stamp, path))
            older.setdefault(key[0], []).append(loser[1])
            best[key] = max(best[key], (stamp, path))
        else:
            best[key] = (stamp, path)
    staging = Path(tempfile.mkdtemp(prefix="lms-", dir=extracted))
    ids = _safe_ids(sorted({student for student, _ in best}))
    found: dict[str, StudentFolder] = {}
    for (student, file_id), (stamp, path) in best.items():
        entry = found.setdefault(ids[student], StudentFolder(staging / ids[student], student,
                                                             older.get(student, [])))
        entry.folder.mkdir(exist_ok=True)
        name = file_id if file_id.endswith(path.suffix) else f"{file_id}{path.suffix}"
        target = entry.folder / Path(name).name
        if target.exists():  # two file ids with one name (a/x.ipynb, b/x.ipynb): keep both
            target = entry.folder / f"{target.stem} ({len(list(entry.folder.iterdir()))}){target.suffix}"
        shutil.copy(path, target)
        if stamp:
            (entry.folder / TIMESTAMP_FILE).write_text(stamp)  # read, and checked, by intake_student
    shown = [printable(str(p.relative_to(extracted))) for p in unmatched]
    return found, shown, _hint(unmatched, zip_regexp)


def _hint(unmatched: list[Path], zip_regexp: str | None) -> str:
    """Which ``--zip-regexp`` would read the UNMATCHED files, in words."""
    if not unmatched:
        return ""
    fits = [name for name, text in LMS_PATTERNS.items()
            if name != (zip_regexp or DEFAULT_ZIP_PATTERN) and all(re.match(text, str(p)) for p in unmatched)]
    expected = ", ".join(f"{n}: {LMS_PATTERNS[n]}" for n in LMS_PATTERNS)
    if fits:
        return f"they look like {fits[0]}'s file names: pass --zip-regexp {fits[0]}"
    return (
        "pass --zip-regexp with a Python regexp whose (?P<student_id>...) and (?P<file_id>...) groups "
        f"read them (matched against the whole path, as nbgrader zip_collect does); known: {expected}"
    )


def _unsafe_member(name: str) -> bool:
    """A zip member whose path would leave the folder it is extracted to (``../``, ``/etc/x``, ``C:``)."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


def _extracted_first(info: zipfile.ZipInfo) -> bool:
    """Whether a zip member is one the grader reads (a notebook, ``timestamp.txt``), which is
    extracted before the others, so that no data file can use up the zip's total bound before it."""
    return not (info.filename.endswith(".ipynb") or info.filename.rsplit("/", 1)[-1] == TIMESTAMP_FILE)


def _copy_at_most(src: IO[bytes], out: IO[bytes], limit: int) -> bool:
    """Copy SRC to OUT, never more than LIMIT bytes: False (OUT holding LIMIT + 1 bytes at most) when
    SRC holds more. Whatever a zip's header declares, the bytes are counted as they come."""
    left = limit + 1
    while left > 0 and (chunk := src.read(min(left, 1 << 20))):
        out.write(chunk)
        left -= len(chunk)
    return left > 0


def extract_zip(archive: Path, dest: Path, max_total: int | None = None) -> list[str]:
    """Extract ARCHIVE into DEST as nbgrader's ``unzip`` does (every member a plain file or folder;
    a symbolic link's entry becomes a file holding its target), within bounds, and return the
    members not extracted, each with the reason: those whose paths would leave DEST, any larger than
    :data:`MAX_FILE_BYTES` once uncompressed (no submitted file is read beyond it), those past
    MAX_TOTAL bytes in all (``--max-zip-mb``, the members the grader reads coming first), and those
    past the first :data:`MAX_ZIP_MEMBERS` (one line for them all)."""
    max_total = GradingOptions.max_zip_mb * 2**20 if max_total is None else max_total
    refused, left = [], max_total
    created: Path | None = None
    with zipfile.ZipFile(archive) as zf:
        members = sorted(zf.infolist(), key=_extracted_first)
        if len(members) > MAX_ZIP_MEMBERS:
            past = members[MAX_ZIP_MEMBERS:]
            refused.append(f"{len(past)} members from {printable(past[0].filename)} on ({NOT_EXTRACTED}: "
                           f"the zip holds {len(members)} members; at most {MAX_ZIP_MEMBERS} are extracted)")
            members = members[:MAX_ZIP_MEMBERS]
        for info in members:
            name = info.filename
            if _unsafe_member(name) or "\x00" in name:
                refused.append(f"{printable(name)} ({NOT_EXTRACTED}: its path leaves the zip's folder)")
                continue
            target = dest.joinpath(*[p for p in name.split("/") if p not in ("", ".")])
            too_large = (f"{printable(name)} ({NOT_EXTRACTED}: larger than {MAX_FILE_BYTES // 2**20} MiB "
                         "uncompressed; no submitted file is read beyond that)")
            over_total = (f"{printable(name)} ({NOT_EXTRACTED}: the zip's files would take more than "
                          f"{max_total // 2**20} MiB uncompressed; --max-zip-mb sets that bound)")
            try:
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                if info.file_size > MAX_FILE_BYTES:  # what the header declares refuses early...
                    refused.append(too_large)
                    continue
                if info.file_size > left:
                    refused.append(over_total)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "xb") as out:
                    created = target
                    whole = _copy_at_most(src, out, min(MAX_FILE_BYTES, left))  # ...but never binds
                created = None
                if not whole:
                    target.unlink()
                    refused.append(too_large if left >= MAX_FILE_BYTES else over_total)
                    continue
                left -= target.stat().st_size
            except (OSError, zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:
                # a member in the way of another (x and x/y), twice in the zip, encrypted, corrupt...
                if created is not None:  # what a corrupt member left half-written is no file handed in
                    created.unlink(missing_ok=True)
                    created = None
                why = getattr(exc, "strerror", None) or exc
                refused.append(f"{printable(name)} ({NOT_EXTRACTED}: {why})")
    return refused


def find_submissions(
    submissions: Path, assignment: str, scratch: Path, zip_regexp: str | None = None,
    max_zip_bytes: int | None = None,
) -> tuple[dict[str, StudentFolder], list[str], str]:
    """Each student's folder in SUBMISSIONS (a folder or a zip; see the module docstring), the files
    that belong to no student, and what to pass to read them. A zip is extracted into SCRATCH,
    MAX_ZIP_BYTES at most (None: ``--max-zip-mb``'s default)."""
    submissions = Path(submissions)
    if submissions.is_file():
        if not zipfile.is_zipfile(submissions):
            raise SubmissionsError(f"{submissions} is neither a folder nor a zip file")
        extracted = scratch / "extracted"
        extracted.mkdir(parents=True, exist_ok=True)
        refused = extract_zip(submissions, extracted, max_zip_bytes)
        roots = [p for p in extracted.iterdir() if p.name not in SYSTEM_NAMES]
        if len(roots) == 1 and roots[0].is_dir() and not list(roots[0].glob("*.ipynb")):
            extracted = roots[0]  # the zip holds one top folder
        if (
            zip_regexp is None
            and any(p.is_dir() and p.name not in SYSTEM_NAMES for p in extracted.iterdir())
            and not list(extracted.glob("*.ipynb"))
        ):
            return _student_folders(extracted), refused + _root_files(extracted), FOLDER_HINT
        found, unmatched, hint = _zip_files(extracted, zip_regexp)
        return found, refused + unmatched, hint
    if not submissions.is_dir():
        raise SubmissionsError(f"{submissions} does not exist: give a folder of student folders "
                               "(<student>/<assignment>/*.ipynb or <student>/*.ipynb) or an LMS zip")
    return _student_folders(submissions), _root_files(submissions), FOLDER_HINT


def collect(
    submissions: Path, course: Course, scratch: Path, zip_regexp: str | None = None,
    max_zip_bytes: int | None = None,
) -> ClassIntake:
    """Collect SUBMISSIONS into ``course.root/submitted`` and report per student and notebook
    (a zip is extracted into SCRATCH, MAX_ZIP_BYTES at most: :func:`extract_zip`).

    Raises :class:`SubmissionsError` when no student is found (naming the files that matched none).
    """
    found, unmatched, hint = find_submissions(submissions, course.assignment, scratch, zip_regexp,
                                              max_zip_bytes)
    if not found:
        listed = ", ".join(unmatched[:5]) + (f" and {len(unmatched) - 5} more" if len(unmatched) > 5 else "")
        raise SubmissionsError(
            f"no student's submission was found in {submissions}"
            + (f": {len(unmatched)} file(s) match no student ({listed}); {hint}" if unmatched else
               " (expected <student>/<assignment>/*.ipynb, <student>/*.ipynb or an LMS zip)")
        )
    students = [
        intake_student(student, folder, course, course.root / "submitted" / student / course.assignment)
        for student, folder in sorted(found.items())
    ]
    return ClassIntake(students, unmatched, hint)
