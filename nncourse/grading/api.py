"""``grade()``: grade a class's submissions with nbgrader, in parallel, in a temporary course copy.

Steps (each in its own module):

1. :mod:`.course` copies the course config and sources to a temporary folder
   and runs the real ``nbgrader generate_assignment`` (fresh gradebook);
2. :mod:`.collect` turns the submissions (folder or zip) into nbgrader's
   ``submitted/`` layout and decides what cannot be graded at all;
3. :mod:`.schedule.pool` grades the students with N :mod:`.schedule.worker`
   processes, each running nbgrader's ``Autograde`` and ``GenerateFeedback`` in
   its own course copy, with the grading preprocessors of :mod:`.nbconfig`;
4. :mod:`.schedule.merge` copies each student's gradebook rows into the master gradebook as
   soon as the student is graded and kept (the kept students of an earlier run first), so
   the merge does not wait for the slowest worker;
5. :mod:`.report.results` and :mod:`.report.summary` write ``results.json``,
   ``grades.csv`` and ``summary.txt`` (after the late policy of :mod:`.report.late`);
   :mod:`.report.classreport` writes ``mistakes.csv`` and the class report ``report.html``;
   feedback pages land in ``feedback/<student>/``.

Each finished student is kept in ``OUT/.graded/`` as soon as it is graded (:mod:`.store`),
and the outputs are built from those kept students only, so an interrupted run resumes
where it stopped and an incremental one regrades only what changed. Every output is
written under a temporary name and renamed into place (:mod:`.atomic`).

Every setting is a field of :class:`~.options.GradingOptions`, with its default.
See ``docs/architecture.md`` for the path of one submission through these modules.

Output folder: ``grades.csv``, ``results.json``, ``summary.txt``, ``mistakes.csv``, ``report.html``,
``gradebook.db`` (the merged nbgrader gradebook), ``autograded/`` (nbgrader's
layout) and ``feedback/<student>/<notebook>.html``.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import atomic
from . import collect as collect_mod
from .course import Course, prepare_course, unseen_imports
from .options import GradingOptions
from .report.classreport import write_class_report
from .report.feedback import write_notice_page
from .report.late import add_late_notices, apply_late_policy, check_policy
from .report.results import StudentResult, build_results, write_results
from .report.summary import render
from .sandbox import require_walls
from .schedule.cluster_loss import ClusterLost
from .schedule.merge import merge_gradebooks, zero_notebooks
from .schedule.pool import Job, Pool, local_workers, more_than_cores
from .schedule.protocol import GradeAnswer
from .status import EventKind, NotebookStatus
from .store import ResultStore, run_fingerprint, submission_hash

log = logging.getLogger("nncourse.grading")
REPO_ROOT = Path(__file__).resolve().parents[2]
FEEDBACK_ERROR = "feedback"
"""The key of a student's feedback error in :attr:`GradeAnswer.errors`."""
STORE_ERROR = "*"
"""The key, in :attr:`GradeAnswer.errors`, of why a graded student could not be kept (all its notebooks)."""
MERGED = "merged.db"
"""The master gradebook while the workers grade (in the run's work folder): the release gradebook
with each finished student merged in; it becomes the course's gradebook once they are done (the
workers copy the course's, which must hold no student)."""
LOCK_FILE = ".nncourse-grade.lock"
"""In the output folder: held (``flock``) by the one ``nncourse grade`` writing there, for its whole
run; the kernel frees it when that process ends, however it ends. It holds the holder's pid."""


class OutputError(RuntimeError):
    """The output folder cannot be used: read-only, not writable, or another grader is writing there."""


def lock_output(out: Path) -> int:
    """Create OUT if needed and take its lock (:data:`LOCK_FILE`): the descriptor that holds it.

    Raises :class:`OutputError` at once when OUT is read-only or not writable, or when another
    grader holds the lock (never waits)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            what = "read-only" if exc.errno == errno.EROFS else "not writable by this user"
            raise OutputError(f"the output folder {out} is {what} ({exc.strerror}); nothing was graded: "
                              "give --out a folder that can be written") from None
        raise OutputError(f"the output folder {out} cannot be used: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            raise OutputError(f"another nncourse grade (pid {holder}) is writing to {out}; nothing was "
                              "graded: wait until it ends, or give another --out") from None
        raise OutputError(f"the output folder {out} cannot be locked: {exc.strerror or exc}") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


@dataclass(frozen=True)
class Progress:
    """One student finished (passed to the ``progress`` callback)."""

    done: int
    total: int
    student: str
    seconds: float | None
    ok: bool
    where: str | None = None
    """The Dask worker that graded it (None: this machine)."""

    @property
    def line(self) -> str:
        """One line for a terminal: ``[3/7] ada: 9 s ok`` (``... ok on tcp://10.0.0.7:40331`` on Dask)."""
        mark = "ok" if self.ok else "FAILURES"
        seconds = f"{self.seconds:.0f} s" if self.seconds is not None else "?"
        where = f" on {self.where}" if self.where else ""
        return f"  [{self.done}/{self.total}] {self.student}: {seconds} {mark}{where}"


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
    graded: int = 0
    """Students graded by this run."""
    kept: int = 0
    """Students reused as an earlier run in the same output folder kept them (:mod:`.store`)."""
    nothing_to_grade: int = 0
    """Students with a row but no notebook nbgrader could run (all missing, invalid or ignored)."""
    report: Path | None = None
    """The class report (``report.html``), or None when it could not be written."""

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1


class GradingInterrupted(Exception):
    """The run was interrupted (Ctrl-C, SIGTERM): FINISHED of TOTAL students are kept in STORE.

    LOST: the Dask cluster that could no longer grade (:mod:`.schedule.cluster_loss`), whose
    words and exit status (:attr:`exit_status`) replace the interruption's; None for a signal.
    """

    def __init__(self, finished: int, total: int, store: Path, lost: ClusterLost | None = None) -> None:
        self.finished, self.total, self.store, self.lost = finished, total, store, lost
        kept = f"{finished} of {total} students are graded and kept in {store}; no output was replaced"
        if lost is None:
            super().__init__(f"interrupted: {kept}. Run the same command again to grade the others.")
        else:
            super().__init__(f"{lost.why}: {kept}; {lost.what_to_do}.")

    @property
    def exit_status(self) -> int | None:
        """The exit status of a lost cluster (README "Grading on a cluster"); None for a signal."""
        return self.lost.exit_status if self.lost is not None else None


def _short(exc: BaseException, limit: int = 300) -> str:
    """EXC in one short line (a UnicodeEncodeError's repr holds the whole text it failed on)."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text if len(text) <= limit else text[:limit] + '...'}"


def _stage_outputs(
    course: Course, store: ResultStore, students: set[str], autograded: Path, feedback: Path
) -> None:
    """Copy each kept student's autograded notebooks and feedback pages into the staged folders."""
    autograded.mkdir()
    feedback.mkdir()
    for student in sorted(students):
        if store.autograded(student).is_dir():
            atomic.copy_folder(store.autograded(student), autograded / student)
        if store.feedback(student).is_dir():
            atomic.copy_folder(store.feedback(student), feedback / student)


def _settle(
    course: Course,
    intakes: list[collect_mod.StudentIntake],
    answers: dict[str, GradeAnswer],
    graded: set[str],
) -> list[str]:
    """Zero-score the students nbgrader never finished; return the grader-side failures."""
    failures = []
    for intake in intakes:
        answer = answers.setdefault(intake.student, GradeAnswer(intake.student))
        if intake.student not in graded:
            # never reached nbgrader (nothing gradable) or its worker died: record zeros
            for name in intake.to_grade:
                answer.notebooks[name] = NotebookStatus.CRASHED
            zero_notebooks(course.db_url, course.assignment, intake.student, list(course.notebooks))
        crashed = [n for n, s in answer.notebooks.items() if s != NotebookStatus.GRADED]
        if crashed:
            failures.append(f"{intake.student}: could not grade {', '.join(crashed)}")
        if FEEDBACK_ERROR in answer.errors:
            failures.append(f"{intake.student}: the feedback failed: {answer.errors[FEEDBACK_ERROR]}")
    return failures


def _notice_pages(results: list[StudentResult], feedback: Path, failures: list[str]) -> None:
    """A plain page in FEEDBACK/<student>/ for each notebook nbgrader wrote no feedback for."""
    for r in results:
        for nb in r.notebooks.values():
            page = feedback / r.student / f"{nb.name}.html"
            if not page.exists():
                if nb.status == NotebookStatus.GRADED:
                    failures.append(f"{r.student}: no feedback page for {nb.name}")
                write_notice_page(
                    page,
                    f"{nb.name}: not graded",
                    [nb.message, f"Score: {nb.score:g} / {nb.max_score:g}.", *nb.notices],
                )


def unseen_imports_notice(course: Course, course_source: Path, opts: GradingOptions) -> str | None:
    """The warning for hidden tests that import a package of the course folder the kernels do not
    see (each such test then fails with ModuleNotFoundError, and scores 0), with what to do; None
    when there are none. Told before anyone is graded; the grading goes on (a course may mean it)."""
    importing = unseen_imports(course, course_source, opts.kernel_visible_packages())
    if not importing:
        return None
    where = "; ".join(f"{name} imports {', '.join(packages)}" for name, packages in importing.items())
    packages = set().union(*map(set, importing.values()))
    if packages <= set(opts.secret_packages):
        fix = ("pass --reference-in-kernel (the kernels then see the reference read-only behind the "
               "walls, so a student's code can read it too), or compare the hidden checks in the grader "
               "as this course does (GradingOptions.trusted_checks; docs/architecture.md)")
    else:
        fix = (f"name them in GradingOptions.kernel_packages (the kernels see "
               f"{', '.join(opts.kernel_visible_packages())} of the course folder)")
    return (f"WARNING: the hidden tests import packages of the course folder that the student's kernel "
            f"does not see ({where}): every such test will fail and score 0. To grade them, {fix}.")


def grade(
    submissions: os.PathLike | str,
    out_dir: os.PathLike | str,
    options: GradingOptions | None = None,
    *,
    course_source: os.PathLike | str = REPO_ROOT,
    progress: Callable[[Progress], None] | None = None,
    work_dir: os.PathLike | str | None = None,
    keep_work: bool = False,
    notice: Callable[[str], None] | None = None,
) -> GradingResult:
    """Grade SUBMISSIONS (folder or zip) into OUT_DIR with OPTIONS (default: ``GradingOptions()``).

    COURSE_SOURCE is the course folder (its ``nbgrader_config.py`` and ``source/``).
    PROGRESS is called as each student finishes. The temporary course copy is made
    in WORK_DIR (default: the system temp folder) and removed unless KEEP_WORK. NOTICE is
    called with lines about the cluster when grading on Dask (OPTIONS.scheduler), or about local
    workers more than the cores (default: the log).
    """
    start = time.monotonic()
    opts = options or GradingOptions()
    check_policy(opts.deadline)
    if opts.walled:
        require_walls()  # before anything: no kernel may run unwalled unless asked for
    out = Path(out_dir)
    if not Path(submissions).exists():  # before the course is prepared (seconds) or OUT is made
        raise collect_mod.SubmissionsError(
            f"{submissions} does not exist: give a folder of student folders "
            "(<student>/<assignment>/*.ipynb or <student>/*.ipynb) or an LMS zip")
    client = None
    if opts.scheduler:
        # here, not at the top: distributed is needed (and imported) only to grade on a cluster
        from .schedule.dask_pool import DaskPool, connect

        client = connect(opts)  # an unreachable scheduler fails before any work, OUT not made
    try:
        lock = lock_output(out)  # before anything is written there: one grader per output folder
    except BaseException:
        if client is not None:
            client.close()
        raise
    try:
        atomic.remove_leftovers(out)  # a killed run's temporary copies; its outputs are whole
        work = Path(tempfile.mkdtemp(prefix="nncourse-grade-", dir=work_dir))
    except BaseException:
        os.close(lock)
        if client is not None:
            client.close()
        raise
    try:
        log.info("generating %s from %s in %s", opts.assignment, course_source, work)
        course = prepare_course(Path(course_source), opts.assignment, work / "course")
        if line := unseen_imports_notice(course, Path(course_source), opts):
            (notice or log.warning)(line)
        store = ResultStore(out, run_fingerprint(Path(course_source), opts), opts.reuse)
        store.open(course)  # before the workers copy the course: it may pin the gradebook
        collected = collect_mod.collect(Path(submissions), course, work / "scratch", opts.zip_regexp,
                                        opts.max_zip_mb * 2**20)
        intakes = collected.students
        submitted = {
            i.student: course.root / "submitted" / i.student / course.assignment
            for i in intakes
            if i.to_grade
        }
        hashes = {student: submission_hash(folder) for student, folder in submitted.items()}
        kept = {s: a for s in submitted if (a := store.kept(s, hashes[s])) is not None}
        jobs = [
            Job(i.student, submitted[i.student], len(i.to_grade)) for i in intakes if i.student in submitted
        ]
        jobs = [job for job in jobs if job.student not in kept]
        log.info(
            "%d students (%d kept from an earlier run), %d notebooks each, %s workers",
            len(intakes),
            len(kept),
            len(course.notebooks),
            local_workers(opts.workers, len(jobs)) if not opts.scheduler else f"Dask ({opts.scheduler})",
        )
        if not opts.scheduler and (line := more_than_cores(opts.workers, len(jobs), opts)):
            (notice or log.warning)(line)
        total = len(jobs) + len(kept)
        done = len(kept)
        graded = set(kept)
        not_kept: list[str] = []
        merged = atomic.copy_file(course.gradebook, work / MERGED)
        merge_gradebooks(merged, {store.gradebook(s): [s] for s in sorted(kept)})
        if opts.scheduler:
            pool = DaskPool(client, course.root, opts, Path(course_source).resolve(), notice or log.info)
        else:
            pool = Pool(course.root, opts, pythonpath=[str(Path(course_source).resolve())])

        def on_answer(job: Job, answer: GradeAnswer) -> None:
            nonlocal done
            done += 1
            if job.student in pool.graded_by:
                feedback_errors = pool.feedback_errors.get(job.student)
                if feedback_errors:
                    answer.errors[FEEDBACK_ERROR] = "; ".join(feedback_errors.values())
                try:
                    store.save(job.student, hashes[job.student], answer, pool.graded_by[job.student],
                               course.assignment)
                except atomic.DiskFull:
                    raise
                except OSError as exc:  # this student's files cannot be written: record it, go on
                    answer.errors[STORE_ERROR] = f"its results could not be kept in {store.folder}: {exc}"
                    not_kept.append(f"{job.student}: {answer.errors[STORE_ERROR]}")
                else:
                    merge_gradebooks(merged, {store.gradebook(job.student): [job.student]})
                    graded.add(job.student)
            log.info(
                "[%d/%d] %s graded in %ss%s",
                done,
                total,
                job.student,
                answer.seconds,
                "" if answer.ok else " (with failures)",
            )
            if progress is not None:
                progress(Progress(done, total, job.student, answer.seconds, answer.ok,
                                  pool.graded_on.get(job.student)))

        try:
            answers = {**kept, **pool.run(jobs, on_answer)}
        except KeyboardInterrupt:
            raise GradingInterrupted(len(graded), total, store.folder) from None
        except ClusterLost as lost:
            raise GradingInterrupted(len(graded), total, store.folder, lost) from None
        os.replace(merged, course.gradebook)  # every kept student is merged in it
        failures = _settle(course, intakes, answers, graded) + not_kept
        failures += [f"{name}: matches no student, so it was not graded; {collected.hint}"
                     if f"({collect_mod.NOT_EXTRACTED}: " not in name else f"zip member {name}"
                     for name in collected.unmatched]
        size = atomic.tree_bytes(store.folder)
        with (
            atomic.replacing(out / "autograded", size) as autograded,
            atomic.replacing(out / "feedback", size) as feedback,
        ):
            _stage_outputs(course, store, graded, autograded, feedback)
            results = build_results(course, intakes, answers, autograded, opts.secret_packages)
            apply_late_policy(results, {i.student: i.timestamp for i in intakes}, opts)
            failures += [
                f"{r.student}: the kernel could not start for {nb.name}"
                for r in results
                for nb in r.notebooks.values()
                if any(f["code"] == EventKind.KERNEL_START_FAILED for f in nb.flags)
            ]
            _notice_pages(results, feedback, failures)
            add_late_notices(results, feedback, opts)
        atomic.copy_file(course.gradebook, out / "gradebook.db")
        write_results(results, out, course, opts.sandbox_record, collected.unmatched)
        try:
            report = write_class_report(results, course, out / "autograded", out, opts)
        except atomic.DiskFull:
            raise
        except Exception as exc:  # the grades are written: a report that fails must not hide them
            log.error("the class report failed: %s", _short(exc), exc_info=log.isEnabledFor(logging.DEBUG))
            failures.append("the class report (report.html, mistakes.csv) could not be written: "
                            + _short(exc))
            report = None
        summary = render(results, report)
        if failures:
            summary += "\n\nGrader failures:\n" + "\n".join(f"  {f}" for f in failures)
        atomic.write_text(out / "summary.txt", summary + "\n")
        store.finish(graded)
        log.info("\n%s", summary)
        return GradingResult(
            out,
            results,
            summary,
            failures,
            round(time.monotonic() - start, 2),
            len(graded) - len(kept),
            len(kept),
            len(intakes) - len(submitted),
            out / "report.html" if report is not None else None,
        )
    finally:
        os.close(lock)
        if client is not None:
            client.close()
        if keep_work:
            log.info("work folder kept: %s", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
