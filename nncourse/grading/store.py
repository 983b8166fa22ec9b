"""Finished students kept in the output folder: how a run resumes, and how it regrades only changes.

As soon as a student is graded (feedback included), its results are kept in
``OUT/.graded/<student>/``: ``gradebook.db`` (its rows, :func:`.merge.export_student`),
``autograded/`` (the autograded notebooks), ``feedback/`` (the pages) and
``record.json`` (the worker's answer and the hash of the submission it graded). Each
is written under a temporary name and renamed into place (:mod:`.atomic`), so a kept
student is complete or absent.

A kept student is reused only when everything that decides its grade is the same:

* its submission (:func:`submission_hash`: the collected notebooks' names and bytes);
* the run's fingerprint (:func:`run_fingerprint`): the course release (config, sources,
  nbgrader's version, the course's own Python packages that kernels import, such as
  the check library), the grader (every source file of this package) and the options
  that change scores (everything but the number of workers).

``OUT/.graded/run.json`` holds the fingerprint and whether the run that wrote the store
finished. ``release.db`` is the gradebook ``generate_assignment`` made for that release:
a rerun grades against that very gradebook, so the kept rows' ids still match.

When kept students are reused (:class:`~.status.ReuseMode`):

* ``resume`` (the default): only if the last run in this folder was interrupted;
* ``incremental``: also after a finished run (only new or changed submissions are graded);
* ``fresh``: never.

Whatever is reused, the outputs are built from the kept students in one way, so a
resumed or incremental run writes what a full run would.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from pathlib import Path
from typing import Any

import nbgrader

from . import atomic
from .course import Course, source_fingerprint
from .options import UNSCORED, GradingOptions
from .schedule.merge import export_student
from .schedule.protocol import GradeAnswer, decode_grade_answer, encode
from .status import ReuseMode

log = logging.getLogger(__name__)
STORE = ".graded"
_OWN_FILES = ("run.json", "release.db")
GRADER_PACKAGE = Path(__file__).resolve().parent
_SKIP = ("__pycache__", ".ipynb_checkpoints")


def _hash_files(digest: Any, root: Path, files: list[Path]) -> None:
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")


def _python_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.py") if not any(part in _SKIP for part in p.parts)]


def course_packages(course_source: Path) -> list[Path]:
    """The course's top-level Python packages (what kernels may import: the check library,
    the reference solutions), the grader's own excepted."""
    return sorted(
        p
        for p in course_source.iterdir()
        if (p / "__init__.py").is_file() and p.resolve() != GRADER_PACKAGE.parent.resolve()
    )


def grader_hash() -> str:
    """Hash of every source file of the grading engine (this package): the grader's version."""
    digest = hashlib.sha256()
    _hash_files(digest, GRADER_PACKAGE, _python_files(GRADER_PACKAGE))
    return digest.hexdigest()


def run_fingerprint(course_source: Path, options: GradingOptions) -> str:
    """Hash of the course release, the grader's version and the score-changing OPTIONS."""
    course_source = Path(course_source).resolve()
    digest = hashlib.sha256(source_fingerprint(course_source, options.assignment).encode())
    for package in course_packages(course_source):
        _hash_files(digest, course_source, _python_files(package))
    digest.update(nbgrader.__version__.encode())
    digest.update(grader_hash().encode())
    settings = {k: v for k, v in options.to_json().items() if k not in UNSCORED}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()


def submission_hash(folder: Path) -> str:
    """Hash of the names and bytes of every file under FOLDER (a student's collected submission)."""
    digest = hashlib.sha256()
    if folder.is_dir():
        _hash_files(digest, folder, [p for p in folder.rglob("*") if p.is_file()])
    return digest.hexdigest()


class ResultStore:
    """The kept students of the output folder OUT, for runs with FINGERPRINT."""

    def __init__(self, out: Path, fingerprint: str, mode: ReuseMode) -> None:
        self.folder = Path(out) / STORE
        self.fingerprint = fingerprint
        self.mode = mode

    def _state(self) -> dict[str, Any]:
        try:
            return json.loads((self.folder / "run.json").read_text())
        except (OSError, ValueError):
            return {}

    def open(self, course: Course) -> None:
        """Decide whether the kept students may be reused, then pin COURSE's gradebook.

        Reusable: COURSE's fresh gradebook is replaced by the release gradebook the kept
        students were graded against. Otherwise the store is emptied and starts from
        COURSE's gradebook. Either way the store is marked as an unfinished run.
        """
        state = self._state()
        reason = None
        if self.mode == ReuseMode.FRESH:
            reason = "--fresh"
        elif state.get("fingerprint") != self.fingerprint:
            reason = "the course release, the grader or the options changed" if state else None
        elif state.get("complete") and self.mode == ReuseMode.RESUME:
            reason = "the last run finished (use --incremental to reuse it)"
        reusable = reason is None and state and (self.folder / "release.db").is_file()
        if reusable:
            shutil.copyfile(self.folder / "release.db", course.gradebook)
        else:
            if reason and any(self.folder.glob("*/record.json")):
                log.warning("not reusing the students graded earlier: %s", reason)
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
            atomic.copy_file(course.gradebook, self.folder / "release.db")
        atomic.remove_leftovers(self.folder)
        self._write_state(complete=False)

    def _write_state(self, complete: bool) -> None:
        atomic.write_text(
            self.folder / "run.json", json.dumps({"fingerprint": self.fingerprint, "complete": complete})
        )

    def student_folder(self, student: str) -> Path:
        """Where STUDENT is kept: ``<this>/<student>``, unless that name is the store's own
        (``run.json``, ``release.db``, a temporary name), then ``<this>/~<hash of the name>``.
        The real name is in its ``record.json``."""
        if student in _OWN_FILES or student.startswith(atomic.TEMPORARY_MARK):
            return self.folder / f"~{atomic.name_digest(student)}"
        return self.folder / student

    def kept(self, student: str, submission: str) -> GradeAnswer | None:
        """STUDENT's kept answer, if it was graded from the submission with hash SUBMISSION."""
        try:
            record = json.loads((self.student_folder(student) / "record.json").read_text())
        except (OSError, ValueError):
            return None
        if record.get("submission") != submission:
            return None
        answer = decode_grade_answer(json.dumps(record["answer"]))
        return answer if answer.student == student else None

    def save(
        self, student: str, submission: str, answer: GradeAnswer, worker_root: Path, assignment: str
    ) -> None:
        """Keep STUDENT's results, as WORKER_ROOT (the course copy that graded it) holds them."""
        dest = self.student_folder(student)
        autograded = worker_root / "autograded" / student
        feedback = worker_root / "feedback" / student / assignment
        needed = sum(atomic.tree_bytes(p) for p in (autograded, feedback) if p.exists())
        with atomic.replacing(dest, needed) as tmp:
            tmp.mkdir()
            export_student(worker_root / "gradebook.db", student, tmp / "gradebook.db")
            if autograded.is_dir():
                atomic.copy_folder(autograded, tmp / "autograded" / student)
            if feedback.is_dir():
                atomic.copy_folder(feedback, tmp / "feedback")
            record = {"submission": submission, "answer": json.loads(encode(answer))}
            (tmp / "record.json").write_text(json.dumps(record))

    def gradebook(self, student: str) -> Path:
        return self.student_folder(student) / "gradebook.db"

    def autograded(self, student: str) -> Path:
        """``<kept folder>/autograded/<student>/<assignment>/*.ipynb``, nbgrader's autograded layout."""
        return self.student_folder(student) / "autograded" / student

    def feedback(self, student: str) -> Path:
        return self.student_folder(student) / "feedback"

    def finish(self, students: set[str]) -> None:
        """Drop kept students not in STUDENTS (no longer submitted); mark the run finished."""
        keep = {self.student_folder(s).name for s in students}
        for entry in self.folder.iterdir():
            if entry.is_dir() and entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)
        self._write_state(complete=True)
