"""Per-student results from the merged gradebook, the autograded notebooks and the intake.

Scores come from the gradebook only (nbgrader's numbers). The autograded
notebook tells *why* a cell scored what it did (its error output, or the
grader's events), the intake tells what happened to files, and :mod:`.cheats`
adds flags. Written as ``results.json`` and ``grades.csv``.

Cell statuses are :class:`~..status.CellStatus`: ``failed`` is an assertion
(``AssertionError`` and the subclasses named in ``FAILURE_NAMES``) or partial
credit; a cell the grader did not run is ``timeout`` or ``crashed`` by the cause
recorded in its metadata (:func:`.events.not_run_cause`).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from .. import atomic, collect, events
from ..course import Course, NotebookLayout
from ..integrity import cheats
from ..integrity.redact import short_traceback
from ..sandbox.walls import WALLED
from ..schedule.protocol import GradeAnswer
from ..status import CellStatus, ErrorName, NotebookStatus, NotRunCause
from .feedback import notices
from .mistakes import diagnosed

FAILURE_NAMES = frozenset({"AssertionError", "CheckFailed"})


@dataclass
class CellResult:
    grade_id: str
    points: float
    max_points: float
    status: CellStatus
    message: str = ""
    """One line for the student."""
    error: dict[str, str] | None = None
    """``ename``, ``evalue`` and a short redacted ``traceback``."""
    flags: list[str] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)
    """The ids of the mistakes the check diagnosed (its ``[mistake: id]`` tags, :mod:`.mistakes`)."""
    hint: str = ""
    """The hint text of those mistakes, as the student read it."""


@dataclass
class NotebookResult:
    name: str
    status: NotebookStatus
    score: float
    max_score: float
    file: str | None = None
    message: str = ""
    events: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    cells: list[CellResult] = field(default_factory=list)


@dataclass
class StudentResult:
    student: str
    score: float
    max_score: float
    notebooks: dict[str, NotebookResult]
    flags: list[str] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)
    seconds: float | None = None
    errors: dict[str, str] = field(default_factory=dict)
    """Grader-side errors (nbgrader tracebacks), for the instructor."""
    submitted_at: str | None = None
    """The submission's timestamp (nbgrader's ``timestamp.txt`` or the LMS zip's), ISO 8601 UTC."""
    late_minutes: float | None = None
    """Minutes past the deadline beyond the grace period (0: on time; None: no deadline or no timestamp)."""
    late_penalty: float = 0.0
    """Points taken off ``score`` for lateness (:mod:`.late`); ``score`` is after the penalty."""
    late_seconds: float | None = None
    """Seconds past the deadline itself, grace included (0: on time; None: no deadline or no timestamp)."""
    late_days: int = 0
    """Started days late beyond the grace period, the days the penalty counts (0: on time)."""
    late_note: str = ""
    """The lateness and its penalty in words (:func:`.late.lateness_note`); empty when on time."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _scores(gb: Gradebook, assignment: str, student: str, notebook: str) -> dict[str, tuple[float, float]]:
    try:
        submission = gb.find_submission_notebook(notebook, assignment, student)
    except MissingEntry:
        return {}
    return {g.name: (float(g.score or 0.0), float(g.max_score or 0.0)) for g in submission.grades}


def cell_status(
    cell: nbformat.NotebookNode,
    points: float,
    max_points: float,
    layout: NotebookLayout,
    secret: tuple[str, ...],
) -> tuple[CellStatus, str, dict | None]:
    """The status of an autograded CELL that scored POINTS of MAX_POINTS, the line the student
    sees, and its first error (redacted with LAYOUT's hidden lines and the SECRET packages)."""
    outputs = cell.get("outputs", [])
    errors = [o for o in outputs if o.get("output_type") == "error"]
    if errors:
        names = [e.get("ename", "") for e in errors]
        first = errors[0]
        if ErrorName.NOT_RUN in names:
            first = errors[names.index(ErrorName.NOT_RUN)]
            status = (events.not_run_cause(cell) or NotRunCause.KERNEL).cell_status
        elif ErrorName.KERNEL_DIED in names:
            first, status = errors[names.index(ErrorName.KERNEL_DIED)], CellStatus.CRASHED
        elif ErrorName.TIMEOUT in names:
            first, status = errors[names.index(ErrorName.TIMEOUT)], CellStatus.TIMEOUT
        elif first.get("ename") in FAILURE_NAMES:
            status = CellStatus.FAILED
        else:
            status = CellStatus.ERROR
        error = {
            "ename": first.get("ename", ""),
            "evalue": first.get("evalue", ""),
            "traceback": short_traceback(first.get("traceback", []), set(layout.hidden), secret),
        }
        return status, f"{error['ename']}: {error['evalue']}".rstrip(": "), error
    stderr = [o for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    if stderr and points < max_points:
        text = "".join(o.get("text", "") for o in stderr)[:500]
        return CellStatus.ERROR, f"the cell wrote to stderr, which scores 0: {text.strip()}", None
    if points >= max_points:
        return CellStatus.PASSED, "", None
    return CellStatus.FAILED, f"partial credit: {points:g} of {max_points:g}", None


def _graded_notebook(
    path: Path, layout: NotebookLayout, scores: dict[str, tuple[float, float]], secret: tuple[str, ...]
) -> tuple[list[CellResult], list[dict]]:
    nb = nbformat.read(path, as_version=4)
    by_id = {events.grade_id_of(c): c for c in nb.cells if events.grade_id_of(c)}
    recorded = events.read(nb)
    cells = []
    for spec in layout.cells:
        points, max_points = scores.get(spec.grade_id, (0.0, spec.max_points))
        cell = by_id.get(spec.grade_id)
        flags = sorted({e["kind"] for e in recorded if e.get("grade_id") == spec.grade_id})
        if cell is None:
            cells.append(
                CellResult(
                    spec.grade_id, points, max_points, CellStatus.MISSING, "cell not found", flags=flags
                )
            )
            continue
        if not spec.autograded:
            status = CellStatus.PASSED if points >= max_points else CellStatus.FAILED
            cells.append(
                CellResult(spec.grade_id, points, max_points, status, "manually graded", flags=flags)
            )
            continue
        status, message, error = cell_status(cell, points, max_points, layout, secret)
        mistakes, hint = diagnosed(message) if status != CellStatus.PASSED else ([], "")
        cells.append(
            CellResult(spec.grade_id, points, max_points, status, message, error, flags, mistakes, hint)
        )
    return cells, recorded


def _release_flags(course: Course, layout: NotebookLayout, secret: tuple[str, ...]) -> list[cheats.Flag]:
    """What the cheat scan finds in the released notebook itself (its starter code: not the student's)."""
    path = course.release_dir / f"{layout.name}.ipynb"
    if not path.exists():
        return []
    nb = nbformat.read(path, as_version=4)
    return cheats.scan_notebook(nb, secret_packages=secret, test_names=layout.test_names)


def build_results(
    course: Course,
    intakes: list[collect.StudentIntake],
    answers: dict[str, GradeAnswer],
    autograded: Path,
    secret_packages: tuple[str, ...] = ("solutions",),
) -> list[StudentResult]:
    """One :class:`StudentResult` per student (AUTOGRADED: ``<student>/<assignment>/*.ipynb``)."""
    results = []
    baselines = {
        name: _release_flags(course, layout, secret_packages) for name, layout in course.notebooks.items()
    }
    with Gradebook(course.db_url) as gb:
        for intake in intakes:
            answer = answers.get(intake.student) or GradeAnswer(intake.student)
            graded = answer.notebooks
            notebooks: dict[str, NotebookResult] = {}
            for name, layout in course.notebooks.items():
                entry = intake.notebooks[name]
                scores = _scores(gb, course.assignment, intake.student, name)
                score = sum(p for p, _ in scores.values())
                result = NotebookResult(
                    name,
                    entry.status,
                    score,
                    layout.max_points,
                    entry.file,
                    entry.message,
                    notices=list(entry.notices),
                )
                path = autograded / intake.student / course.assignment / f"{name}.ipynb"
                if entry.status == NotebookStatus.SUBMITTED:
                    submitted = (
                        course.root / "submitted" / intake.student / course.assignment / f"{name}.ipynb"
                    )
                    flags = cheats.without_baseline(
                        cheats.scan_notebook(
                            nbformat.read(submitted, as_version=4),
                            secret_packages=secret_packages,
                            test_names=layout.test_names,
                        ),
                        baselines[name],
                    )
                    result.flags = [f.to_json() for f in flags]
                    if graded.get(name) == NotebookStatus.GRADED and path.exists():
                        result.status = NotebookStatus.GRADED
                        result.cells, recorded = _graded_notebook(path, layout, scores, secret_packages)
                        result.events = [e["message"] for e in recorded]
                        autograded_nb = nbformat.read(path, as_version=4)
                        result.notices = notices(autograded_nb)
                        result.flags += [f.to_json() for f in cheats.runtime_flags(autograded_nb)]
                        result.flags += [
                            {"code": k, "cell": None, "detail": ""}
                            for k in sorted({e["kind"] for e in recorded})
                        ]
                    else:
                        result.status = NotebookStatus.CRASHED
                        result.message = (
                            "The grader could not grade this notebook; your instructor has been told."
                        )
                if not result.cells:
                    status = (
                        CellStatus.CRASHED if result.status == NotebookStatus.CRASHED else CellStatus.MISSING
                    )
                    result.cells = [
                        CellResult(
                            c.grade_id,
                            scores.get(c.grade_id, (0.0, c.max_points))[0],
                            c.max_points,
                            status,
                            result.message,
                        )
                        for c in layout.cells
                    ]
                if result.status not in (NotebookStatus.SUBMITTED, NotebookStatus.GRADED):
                    result.flags.append({"code": result.status, "cell": None, "detail": result.message})
                notebooks[name] = result
            codes = sorted(
                {f["code"] for nb in notebooks.values() for f in nb.flags}
                | ({"ignored_files"} if intake.ignored_files else set())
                | set(intake.flags)
            )
            results.append(
                StudentResult(
                    intake.student,
                    sum(nb.score for nb in notebooks.values()),
                    course.max_points,
                    notebooks,
                    codes,
                    intake.ignored_files,
                    answer.seconds,
                    answer.errors,
                )
            )
    return results


def write_results(
    results: list[StudentResult],
    out_dir: Path,
    course: Course,
    sandbox: str = WALLED,
    unmatched: list[str] | tuple[str, ...] = (),
) -> tuple[Path, Path]:
    """Write ``results.json`` and ``grades.csv`` in OUT_DIR (each atomically); return their paths.

    SANDBOX says how the kernels ran (``GradingOptions.sandbox_record``): in both files,
    so that grades obtained with ``--unsafe-no-sandbox`` say so wherever they go. UNMATCHED: the
    files that belong to no student (:attr:`..collect.ClassIntake.unmatched`), in ``results.json``.
    """
    as_json = atomic.write_text(
        out_dir / "results.json",
        json.dumps(
            {
                "assignment": course.assignment,
                "sandbox": sandbox,
                "max_score": course.max_points,
                "notebooks": {n: nb.max_points for n, nb in course.notebooks.items()},
                "students": {r.student: r.to_json() for r in results},
                "unmatched_files": list(unmatched),
            },
            indent=1,
        ),
    )
    table = io.StringIO(newline="")
    writer = csv.writer(table)
    writer.writerow(["student", *course.notebooks, "total", "max", "flags", "late_penalty", "sandbox"])
    for r in results:
        writer.writerow(
            [
                r.student,
                *(f"{r.notebooks[n].score:g}" for n in course.notebooks),
                f"{r.score:g}",
                f"{r.max_score:g}",
                ";".join(r.flags),
                f"{r.late_penalty:g}",
                sandbox,
            ]
        )
    as_csv = atomic.write_text(out_dir / "grades.csv", table.getvalue())
    return as_json, as_csv
