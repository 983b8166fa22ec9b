"""``grade()``: grade a class's submissions with nbgrader, in parallel, in a temporary course copy.

Steps (each in its own module):

1. :mod:`.course` copies the course config and sources to a temporary folder
   and runs the real ``nbgrader generate_assignment`` (fresh gradebook);
2. :mod:`.collect` turns the submissions (folder or zip) into nbgrader's
   ``submitted/`` layout and decides what cannot be graded at all;
3. :mod:`.schedule.pool` grades the students with N :mod:`.schedule.worker`
   processes, each running nbgrader's ``Autograde`` and ``GenerateFeedback`` in
   its own course copy, with the grading preprocessors of :mod:`.nbconfig`;
4. :mod:`.schedule.merge` copies the workers' gradebook rows into the master gradebook;
5. :mod:`.report.results` and :mod:`.report.summary` write ``results.json``,
   ``grades.csv`` and ``summary.txt``; feedback pages land in ``feedback/<student>/``.

Every setting is a field of :class:`~.options.GradingOptions`, with its default.
See ``docs/architecture.md`` for the path of one submission through these modules.

Output folder: ``grades.csv``, ``results.json``, ``summary.txt``,
``gradebook.db`` (the merged nbgrader gradebook), ``autograded/`` (nbgrader's
layout) and ``feedback/<student>/<notebook>.html``.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import collect as collect_mod
from .course import Course, prepare_course
from .options import GradingOptions
from .report.feedback import write_notice_page
from .report.results import StudentResult, build_results, write_results
from .report.summary import render
from .schedule.merge import merge_gradebooks, zero_notebooks
from .schedule.pool import Job, Pool
from .schedule.protocol import GradeAnswer
from .status import EventKind, NotebookStatus

log = logging.getLogger("nncourse.grading")
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Progress:
    """One student finished (passed to the ``progress`` callback)."""

    done: int
    total: int
    student: str
    seconds: float | None
    ok: bool

    @property
    def line(self) -> str:
        """One line for a terminal: ``[3/7] ada: 9 s ok``."""
        mark = "ok" if self.ok else "FAILURES"
        seconds = f"{self.seconds:.0f} s" if self.seconds is not None else "?"
        return f"  [{self.done}/{self.total}] {self.student}: {seconds} {mark}"


def print_progress(progress: Progress) -> None:
    """A ``progress`` callback for :func:`grade` that prints :attr:`Progress.line`."""
    print(progress.line, flush=True)


@dataclass
class GradingResult:
    """What :func:`grade` produced."""

    out_dir: Path
    students: list[StudentResult]
    summary: str
    failures: list[str] = field(default_factory=list)
    """Grader-side failures (a notebook nbgrader could not grade, a worker that died...)."""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1


def _copy_outputs(course: Course, graded_by: dict[str, Path], out_dir: Path) -> None:
    """Copy each student's autograded notebooks and feedback from the worker that graded it."""
    for student, root in graded_by.items():
        src = root / "autograded" / student
        if src.is_dir():
            shutil.copytree(src, out_dir / "autograded" / student, dirs_exist_ok=True)
        feedback = root / "feedback" / student / course.assignment
        if feedback.is_dir():
            dest = out_dir / "feedback" / student
            dest.mkdir(parents=True, exist_ok=True)
            for page in feedback.glob("*.html"):
                shutil.copy(page, dest / page.name)


def _settle(
    course: Course, intakes: list[collect_mod.StudentIntake], answers: dict[str, GradeAnswer], pool: Pool
) -> list[str]:
    """Zero-score the students nbgrader never finished; return the grader-side failures."""
    failures = []
    for intake in intakes:
        answer = answers.setdefault(intake.student, GradeAnswer(intake.student))
        if intake.student not in pool.graded_by:
            # never reached nbgrader (nothing gradable) or its worker died: record zeros
            for name in intake.to_grade:
                answer.notebooks[name] = NotebookStatus.CRASHED
            zero_notebooks(course.db_url, course.assignment, intake.student, list(course.notebooks))
        crashed = [n for n, s in answer.notebooks.items() if s != NotebookStatus.GRADED]
        if crashed:
            failures.append(f"{intake.student}: could not grade {', '.join(crashed)}")
    failures += [
        f"feedback of worker {root.name} failed: {err}"
        for root, errs in pool.feedback_errors.items()
        for err in errs.values()
    ]
    return failures


def _notice_pages(results: list[StudentResult], out_dir: Path, failures: list[str]) -> None:
    """A plain page for each notebook nbgrader wrote no feedback for."""
    for r in results:
        for nb in r.notebooks.values():
            page = out_dir / "feedback" / r.student / f"{nb.name}.html"
            if not page.exists():
                if nb.status == NotebookStatus.GRADED:
                    failures.append(f"{r.student}: no feedback page for {nb.name}")
                write_notice_page(
                    page,
                    f"{nb.name}: not graded",
                    [nb.message, f"Score: {nb.score:g} / {nb.max_score:g}.", *nb.notices],
                )


def grade(
    submissions: os.PathLike | str,
    out_dir: os.PathLike | str,
    options: GradingOptions | None = None,
    *,
    course_source: os.PathLike | str = REPO_ROOT,
    progress: Callable[[Progress], None] | None = None,
    work_dir: os.PathLike | str | None = None,
    keep_work: bool = False,
) -> GradingResult:
    """Grade SUBMISSIONS (folder or zip) into OUT_DIR with OPTIONS (default: ``GradingOptions()``).

    COURSE_SOURCE is the course folder (its ``nbgrader_config.py`` and ``source/``).
    PROGRESS is called as each student finishes. The temporary course copy is made
    in WORK_DIR (default: the system temp folder) and removed unless KEEP_WORK.
    """
    start = time.monotonic()
    opts = options or GradingOptions()
    out = Path(out_dir)
    for stale in ("autograded", "feedback"):  # ours, from an earlier run
        shutil.rmtree(out / stale, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="nncourse-grade-", dir=work_dir))
    try:
        log.info("generating %s from %s in %s", opts.assignment, course_source, work)
        course = prepare_course(Path(course_source), opts.assignment, work / "course")
        intakes = collect_mod.collect(Path(submissions), course, work / "scratch", opts.zip_regexp)
        log.info(
            "%d students, %d notebooks each, %d workers", len(intakes), len(course.notebooks), opts.workers
        )
        jobs = [
            Job(i.student, course.root / "submitted" / i.student / course.assignment, len(i.to_grade))
            for i in intakes
            if i.to_grade
        ]
        total = len(jobs)
        done = 0

        def on_answer(job: Job, answer: GradeAnswer) -> None:
            nonlocal done
            done += 1
            log.info(
                "[%d/%d] %s graded in %ss%s",
                done,
                total,
                job.student,
                answer.seconds,
                "" if answer.ok else " (with failures)",
            )
            if progress is not None:
                progress(Progress(done, total, job.student, answer.seconds, answer.ok))

        pool = Pool(course.root, opts, pythonpath=[str(Path(course_source).resolve())])
        answers = pool.run(jobs, on_answer)
        parts: dict[Path, list[str]] = {}
        for student, root in pool.graded_by.items():
            parts.setdefault(root / "gradebook.db", []).append(student)
        log.info("merging %d worker gradebooks", len(parts))
        merge_gradebooks(course.gradebook, parts)

        failures = _settle(course, intakes, answers, pool)
        _copy_outputs(course, pool.graded_by, out)
        results = build_results(course, intakes, answers, out / "autograded", opts.secret_packages)
        failures += [
            f"{r.student}: the kernel could not start for {nb.name}"
            for r in results
            for nb in r.notebooks.values()
            if any(f["code"] == EventKind.KERNEL_START_FAILED for f in nb.flags)
        ]
        _notice_pages(results, out, failures)
        write_results(results, out, course)
        shutil.copy(course.gradebook, out / "gradebook.db")
        summary = render(results)
        if failures:
            summary += "\n\nGrader failures:\n" + "\n".join(f"  {f}" for f in failures)
        (out / "summary.txt").write_text(summary + "\n")
        log.info("\n%s", summary)
        return GradingResult(out, results, summary, failures, round(time.monotonic() - start, 2))
    finally:
        if keep_work:
            log.info("work folder kept: %s", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
