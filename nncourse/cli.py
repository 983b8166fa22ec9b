"""``nncourse``: the instructor's command line (release, validate, grade, export, demo, mutants).

Every command prints --help, reports progress on long work, and exits non-zero
when something failed.
"""

import argparse
import logging
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _release(args: argparse.Namespace) -> int:
    from nncourse.release import release

    return release(out=args.out, check=args.check)


def _validate(args: argparse.Namespace) -> int:
    from nncourse.validate import validate

    return validate(workers=args.workers, keep=args.keep, course=args.course, notebooks=args.notebooks)


def _grade(args: argparse.Namespace) -> int:
    from nncourse.grading import GradingInterrupted, GradingOptions, ReuseMode, grade, print_progress
    from nncourse.grading.atomic import DiskFull
    from nncourse.grading.sandbox import Limits

    reuse = ReuseMode.FRESH if args.fresh else ReuseMode.INCREMENTAL if args.incremental else ReuseMode.RESUME
    options = GradingOptions(assignment=args.assignment, workers=args.workers, cell_timeout=args.timeout,
                             notebook_timeout=args.notebook_timeout, reuse=reuse, deadline=args.deadline,
                             late_penalty_per_day=args.late_penalty_per_day,
                             late_penalty_cap=args.late_penalty_cap,
                             late_grace_minutes=args.late_grace_minutes,
                             scheduler=args.scheduler, security=args.security,
                             connect_timeout=args.connect_timeout, worker_wait=args.worker_wait,
                             unsafe_no_sandbox=args.unsafe_no_sandbox, zip_regexp=args.zip_regexp,
                             reference_in_kernel=args.reference_in_kernel,
                             max_zip_mb=args.max_zip_mb,
                             limits=Limits(disk_mb=args.disk_limit, disk_files=args.disk_files))
    received: list[int] = []

    def on_terminate(signum: int, frame: object) -> None:
        received.append(signum)
        raise KeyboardInterrupt  # the same clean stop as Ctrl-C

    signal.signal(signal.SIGTERM, on_terminate)
    # SIGINT stops the run cleanly however the grader was started: a parent may have left it
    # ignored (a shell's background job, a kernel's process) or blocked, and a child inherits both
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        result = grade(args.submissions, args.out, options, course_source=args.course,
                       progress=print_progress, notice=lambda line: print(line, flush=True))
    except GradingInterrupted as exc:
        if exc.exit_status is not None:  # the Dask cluster went away: not a signal
            print(f"nncourse grade: {exc}", file=sys.stderr)
            return exc.exit_status
        name = signal.Signals(received[0] if received else signal.SIGINT).name
        print(f"nncourse grade: {name}: {exc}", file=sys.stderr)
        return 128 + (received[0] if received else signal.SIGINT)
    except DiskFull as exc:
        print(f"nncourse grade: {exc.strerror}", file=sys.stderr)
        return 3
    print(result.summary)
    reused = f"; {result.kept} kept from an earlier run" if result.kept else ""
    empty = (f"; {result.nothing_to_grade} with no notebook to grade (scored 0)"
             if result.nothing_to_grade else "")
    print(f"\ngraded {result.graded} students{reused}{empty}")
    if result.report is not None:
        print(f"wrote {args.out}/grades.csv, results.json, mistakes.csv and feedback/<student>/*.html "
              f"in {result.seconds:.0f} s")
        print(f"class report: {result.report}")
    else:
        print(f"wrote {args.out}/grades.csv, results.json and feedback/<student>/*.html in "
              f"{result.seconds:.0f} s; the class report (report.html, mistakes.csv) was not written: "
              "see Grader failures above")
    return result.exit_code


def _export(args: argparse.Namespace) -> int:
    from nncourse.export import ExportError, export

    try:
        done = export(args.dir, args.format, args.roster, args.out, args.column)
    except ExportError as exc:
        print(f"nncourse export: {exc}", file=sys.stderr)
        return 2
    print("\n".join(done.lines))
    print(f"this list is also in {done.report}")
    # a student left out is not a failure of the export, but it must not pass unseen in a script
    return 1 if done.not_in_roster or done.no_submission else 0


def _demo(args: argparse.Namespace) -> int:
    from nncourse.demo import demo

    return demo(workers=args.workers, out=args.out, timeout=args.timeout)


def _mutants(args: argparse.Namespace) -> int:
    from nncourse.mutants import main

    return main(args.rest)


def build_parser() -> argparse.ArgumentParser:
    # the defaults are GradingOptions' own (and the demo's), never repeated here
    # (from options.py alone: the modules that do the work load nbgrader, matplotlib... and --help
    # would wait seconds for them)
    from nncourse.grading.options import (
        DEFAULT_ZIP_PATTERN,
        DEMO_OPTIONS,
        LMS_PATTERNS,
        MAX_FILE_BYTES,
        GradingOptions,
    )

    defaults = GradingOptions()
    parser = argparse.ArgumentParser(prog="nncourse", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    cpus = defaults.workers

    p = sub.add_parser("release", help="regenerate notebooks/ from source/ (and write a student bundle)",
                       description="Regenerate the student notebooks with nbgrader generate_assignment.")
    p.add_argument("--out", type=Path,
                   help="also write a student bundle here (notebooks, autograder, README, pins from uv.lock)")
    p.add_argument("--check", action="store_true", help="only check that notebooks/ is up to date (CI)")
    p.set_defaults(run=_release)

    p = sub.add_parser("validate", help="solutions must get full marks, blanks must fail on their stubs",
                       description="Grade the source notebooks (full marks expected) and the student "
                                   "notebooks (every graded cell must fail on its stub) with nbgrader.")
    p.add_argument("--workers", type=int, default=cpus)
    p.add_argument("--keep", type=Path, help="keep the grading output in this folder")
    p.add_argument("--course", type=Path, default=ROOT, help="course folder (default: this repository)")
    p.add_argument("--notebooks", nargs="+", metavar="NAME", help="only these notebooks (e.g. 01_perceptron)")
    p.set_defaults(run=_validate)

    p = sub.add_parser("grade", help="grade a class: submitted/ folder, student folders or an LMS zip",
                       description="Grade every student with nbgrader autograde in parallel; write "
                                   "grades.csv, results.json and feedback/<student>/*.html to --out.")
    p.add_argument("submissions", type=Path,
                   help="<student>/neural_networks/*.ipynb, <student>/*.ipynb, or a zip from an LMS")
    p.add_argument("--out", type=Path, required=True, help="folder for grades.csv, results.json, feedback/")
    p.add_argument("--workers", type=int, default=cpus,
                   help=f"parallel graders, one per student at most (default {cpus}, the cores)")
    p.add_argument("--timeout", type=int, default=defaults.cell_timeout,
                   help=f"seconds per cell (default {defaults.cell_timeout})")
    p.add_argument("--notebook-timeout", type=int, default=defaults.notebook_timeout,
                   help=f"seconds per notebook (default {defaults.notebook_timeout})")
    p.add_argument("--course", type=Path, default=ROOT, help="course folder (default: this repository)")
    p.add_argument("--assignment", default=defaults.assignment,
                   help=f"assignment to grade (default {defaults.assignment})")
    p.add_argument("--zip-regexp", default=defaults.zip_regexp, metavar="LMS|REGEXP",
                   help=f"how a flat LMS zip names its files: {', '.join(LMS_PATTERNS)} (default "
                        f"{DEFAULT_ZIP_PATTERN}: <assignment>_<student>_attempt_<timestamp>_<notebook>"
                        ".ipynb), "
                        "or a Python regexp with (?P<student_id>...) and (?P<file_id>...), as nbgrader "
                        "zip_collect's named_regexp; see README 'For instructors'")
    p.add_argument("--max-zip-mb", type=int, default=defaults.max_zip_mb, metavar="MIB",
                   help=f"the most a zip of submissions may take once extracted (default "
                        f"{defaults.max_zip_mb} MiB; each file at most {MAX_FILE_BYTES // 2**20} MiB): "
                        "the files past it are listed, not extracted")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="grade on this running Dask scheduler's workers instead of this machine "
                        "(tls://HOST:PORT with --security); see README 'Grading on a cluster'")
    p.add_argument("--security", metavar="FILE",
                   help="YAML file of Dask's TLS settings (distributed.comm.tls...), for tls://")
    p.add_argument("--connect-timeout", type=float, default=defaults.connect_timeout,
                   help=f"seconds to reach the Dask scheduler (default {defaults.connect_timeout:g})")
    p.add_argument("--disk-limit", type=int, default=defaults.limits.disk_mb, metavar="MiB",
                   help="what one kernel may write, home and working folder together (default "
                        f"{defaults.limits.disk_mb} MiB; memory, as a tmpfs, only as far as it is used)")
    p.add_argument("--disk-files", type=int, default=defaults.limits.disk_files, metavar="N",
                   help=f"files and folders one kernel may make (default {defaults.limits.disk_files})")
    p.add_argument("--worker-wait", type=float, default=defaults.worker_wait, metavar="SECONDS",
                   help="on Dask: how long to wait while no worker grades (all gone) before stopping "
                        "as Ctrl-C does, keeping what is graded, exit status 5 "
                        f"(default {defaults.worker_wait:g})")
    p.add_argument("--unsafe-no-sandbox", action="store_true",
                   help="run kernels without bubblewrap's walls (when it is missing or refused); they "
                        "can then read the course, the gradebook and the network. grades.csv says so")
    p.add_argument("--reference-in-kernel", action="store_true",
                   help="let the kernels import the reference packages (solutions), for a course whose "
                        "hidden tests import it themselves, as plain nbgrader courses do; a student's code "
                        "can then read it too (without it such a course stops with a message)")
    reuse = p.add_mutually_exclusive_group()
    reuse.add_argument("--incremental", action="store_true",
                       help="reuse the students an earlier finished run in --out graded, when their "
                            "submission, the course release and the grader are unchanged (an interrupted "
                            "run is always resumed this way)")
    reuse.add_argument("--fresh", action="store_true",
                       help="grade everyone again, even after an interrupted run")
    late = p.add_argument_group("late work (none by default; see nncourse/grading/report/late.py)")
    late.add_argument("--deadline", default=defaults.deadline,
                      help="ISO 8601 date and time, UTC unless a zone is given (e.g. 2026-12-01T23:59)")
    late.add_argument("--late-penalty-per-day", type=float, default=defaults.late_penalty_per_day,
                      metavar="PERCENT", help="percent of the maximum score off per started day late "
                                              f"(default {defaults.late_penalty_per_day:g})")
    late.add_argument("--late-penalty-cap", type=float, default=defaults.late_penalty_cap, metavar="PERCENT",
                      help=f"the most lateness takes off (default {defaults.late_penalty_cap:g} percent)")
    late.add_argument("--late-grace-minutes", type=int, default=defaults.late_grace_minutes,
                      metavar="MINUTES",
                      help=f"minutes late still on time (default {defaults.late_grace_minutes})")
    p.set_defaults(run=_grade)

    from nncourse.export import FORMATS

    p = sub.add_parser("export", help="write a graded class's totals as an LMS's grade-import CSV",
                       description="Write DIR/results.json's totals in Canvas's, Moodle's or Blackboard's "
                                   "grade-import CSV, matching students through a roster; students missing "
                                   "from either side are listed (and in OUT.report.txt).")
    p.add_argument("dir", type=Path, help="the --out folder of `nncourse grade`")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--roster", type=Path, required=True,
                   help="CSV with columns student (our id) and lms_id; optionally name, email, section, "
                        "login")
    p.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    p.add_argument("--column", help="the grade column's header (default: the assignment's name); "
                                    "give the LMS's own header to update an existing column")
    p.set_defaults(run=_export)

    p = sub.add_parser("demo", help="grade an embedded sample class and show the results",
                       description="Build a sample class (perfect, blank, typical mistakes, an infinite "
                                   "loop, a dying kernel) in a temporary folder and grade it.")
    p.add_argument("--workers", type=int, default=cpus)
    p.add_argument("--out", type=Path, help="where to write the results (default: a temporary folder)")
    p.add_argument("--timeout", type=int, default=DEMO_OPTIONS.cell_timeout,
                   help=f"seconds per cell (default {DEMO_OPTIONS.cell_timeout})")
    p.set_defaults(run=_demo)

    p = sub.add_parser("mutants", help="mutation testing report: mistakes caught, hints shown, fairness",
                       description="Grade every catalogued mistake and alternative implementation.",
                       add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(run=_mutants)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``nncourse`` script."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["mutants"]:
        # the mutation report has its own options; hand them over untouched
        from nncourse.mutants import main as mutants_main

        return mutants_main(argv[1:])
    from nncourse.grading.options import OptionError

    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except OptionError as exc:  # a setting out of range, a deadline that cannot be read: one line
        print(f"nncourse {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (FileExistsError, FileNotFoundError, RuntimeError) as exc:
        print(f"nncourse {args.command}: {exc}", file=sys.stderr)
        return 2
