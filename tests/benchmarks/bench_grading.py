"""Benchmark: plain sequential ``nbgrader autograde`` against ``nncourse grade --workers N``.

Run with ``make bench`` (or ``python tests/benchmarks/bench_grading.py --students 40``).
It builds a class (every third student perfect, the others a mix of untouched
notebooks, half-done work and typical mistakes; ``--reference-class``: every student
hands in the reference), and on the same machine in the same run it

1. measures the machine's parallel ceiling (:func:`parallel_capacity`, before and after);
2. grades it with plain sequential nbgrader (which runs every cell, tagged or not);
3. grades it with ``nncourse grade`` (skip-when-grading cells left out), then again
   with skipping on but the sandbox's walls off (``--unsafe-no-sandbox``), then with
   skipping off, and prints each wall time, its ratio to nbgrader and the
   sandbox's cost (walls on over walls off; issue 16's goal: at most 3% slower);
4. checks that all the gradebooks hold the same score on every graded cell (and as
   many graded cells);
5. prints, per notebook, the cell time and kernel start of both ``nncourse`` runs (from
   the autograded notebooks' timing metadata, :func:`~nncourse.grading.execute.timing`),
   and the profile of one worker grading one reference student in-process
   (``--profile-only`` runs just that): kernel start, cell time, nbgrader's own overhead
   and the feedback pages' time.

Not a test: timings on a shared machine are noisy, so nothing here asserts speed.

``--scheduler`` also grades the class on Dask (``--scheduler local``, the default when the
flag is given bare: a ``LocalCluster`` of WORKERS one-thread workers started here;
``--scheduler tcp://HOST:PORT``: a running cluster), in the same run as the local pool,
and prints the ratio of the two wall times (ROUNDS alternating rounds: pool, Dask, pool...)
and the bytes each student's kept outputs weigh (what a Dask task sends back).
``--variants`` chooses the runs (comma-separated, default all: ``sequential``, ``skipping-on``,
``prestart-off`` (skipping on, every kernel started when its notebook comes), ``no-sandbox``,
``skipping-off``, ``profile``); ``--no-sequential`` leaves out plain nbgrader.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nbgrader.api import Gradebook

from nncourse import notebooks as nbs
from nncourse.demo import NAIVE_SIGMOID, SEED_BUG, SUMMED_BCE
from nncourse.grading import GradingOptions, grade, sandbox
from nncourse.grading.course import nbgrader_env, prepare_course
from nncourse.grading.execute import timing
from nncourse.grading.skipping import is_tagged


def profile(i: int) -> dict:
    """Notebooks of student i: a realistic mix of complete, partial and buggy work."""
    names = nbs.notebook_names()
    solved = {n: nbs.solved_release(n) for n in names}
    blank = {n: nbs.read(nbs.RELEASE_DIR / f"{n}.ipynb") for n in names}
    kind = i % 6
    if kind in (0, 3):
        return solved
    if kind == 1:
        return blank
    if kind == 2:
        return {n: solved[n] if k < len(names) // 2 else blank[n] for k, n in enumerate(names)}
    bug = {4: ("05_backprop", "backward", SEED_BUG), 5: ("02_activations", "sigmoid", NAIVE_SIGMOID)}
    name, blank_id, code = bug.get(kind, ("03_losses", "binary_cross_entropy", SUMMED_BCE))
    return {**solved, name: nbs.with_solution(solved[name], blank_id, code)}


def build_class(folder: Path, students: int, reference: bool = False) -> Path:
    """STUDENTS submissions in FOLDER: the mix of :func:`profile`, or all the reference (REFERENCE)."""
    solved = {n: nbs.solved_release(n) for n in nbs.notebook_names()} if reference else None
    for i in range(students):
        nbs.write_submission(folder / f"student{i:03d}", solved or profile(i))
    return folder


def sequential_nbgrader(submissions: Path, work: Path) -> tuple[float, dict, Path]:
    """Plain nbgrader: generate the assignment, then one `nbgrader autograde` over everyone.

    Returns the wall time, the scores and the course folder (its ``autograded/``)."""
    course = nbs.copy_course(work)
    env = nbgrader_env()
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", nbs.ASSIGNMENT, "--force"],
                   cwd=course, check=True, capture_output=True, env=env)
    shutil.copytree(submissions, course / "submitted")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", nbs.ASSIGNMENT], cwd=course,
                   check=True, capture_output=True, env=env)
    return time.perf_counter() - start, scores(course / "gradebook.db"), course


def tagged_cells_run(autograded: Path) -> tuple[int, int]:
    """(tagged cells with outputs or an execution count, tagged cells) in the notebooks under AUTOGRADED."""
    ran = total = 0
    for path in autograded.glob("*/*/*.ipynb"):
        for cell in nbs.read(path).cells:
            if cell.cell_type == "code" and is_tagged(cell):
                total += 1
                ran += bool(cell.outputs or cell.execution_count)
    return ran, total


def per_notebook_seconds(autograded: Path) -> dict[str, dict[str, float]]:
    """notebook -> mean seconds (kernel_start, cells, kernel_stop) over the students under AUTOGRADED."""
    sums: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    for path in autograded.glob("*/*/*.ipynb"):
        seconds = timing(nbs.read(path))
        if not seconds:
            continue
        total = sums.setdefault(path.stem, {})
        for key, value in seconds.items():
            total[key] = total.get(key, 0.0) + value
        counts[path.stem] = counts.get(path.stem, 0) + 1
    return {name: {k: v / counts[name] for k, v in total.items()} for name, total in sorted(sums.items())}


def nbgrader_overhead(result, autograded: Path) -> float:
    """Mean seconds per notebook a worker spent in nbgrader itself: the student's grading time
    minus its notebooks' kernel starts, stops and cells."""
    spent = measured = 0.0
    notebooks = 0
    for student in result.students:
        if student.seconds is None:
            continue
        spent += student.seconds
        for path in (autograded / student.student).glob("*/*.ipynb"):
            measured += sum(timing(nbs.read(path)).values())
            notebooks += 1
    return (spent - measured) / max(notebooks, 1)


def profile_one_worker(work: Path, skip_tagged: bool = True) -> dict:
    """One worker, in this process, grading one reference student: where each second goes."""
    from nncourse.grading.schedule.pool import worker_root
    from nncourse.grading.schedule.worker import Worker

    course = prepare_course(nbs.ROOT, nbs.ASSIGNMENT, work / "course")
    start = time.perf_counter()
    worker = Worker(worker_root(course.root, 0), GradingOptions(workers=1, skip_tagged=skip_tagged),
                    [str(nbs.ROOT)])
    box = sandbox.active()
    if box is not None and box.fork_server is not None:
        box.fork_server.await_listening()  # once per worker, while a real worker says it is ready
    ready = time.perf_counter() - start
    student = work / "class" / "reference"
    nbs.write_submission(student, {n: nbs.solved_release(n) for n in nbs.notebook_names()})
    start, cpu = time.perf_counter(), time.process_time()
    answer = worker.grade("reference", student / nbs.ASSIGNMENT)
    graded, grade_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    worker.feedback("reference")
    feedback, feedback_cpu = time.perf_counter() - start, time.process_time() - cpu
    autograded = worker.root / "autograded" / "reference" / nbs.ASSIGNMENT
    notebooks = {p.stem: timing(nbs.read(p)) for p in sorted(autograded.glob("*.ipynb"))}
    return {"ready": ready, "grade": graded, "feedback": feedback, "ok": answer.ok, "notebooks": notebooks,
            "grade_cpu": grade_cpu, "feedback_cpu": feedback_cpu}


def print_profile(prof: dict) -> None:
    notebooks = prof["notebooks"]
    measured = sum(sum(t.values()) for t in notebooks.values())
    count = max(len(notebooks), 1)
    print(f"{'notebook':<22} {'kernel start':>12} {'cells':>7} {'kernel stop':>11}")
    for name, t in notebooks.items():
        print(f"{name:<22} {t['kernel_start']:>10.2f} s {t['cells']:>5.2f} s {t['kernel_stop']:>9.2f} s")
    totals = {k: sum(t[k] for t in notebooks.values()) for k in ("kernel_start", "cells", "kernel_stop")}
    print(f"{'total':<22} {totals['kernel_start']:>10.2f} s {totals['cells']:>5.2f} s "
          f"{totals['kernel_stop']:>9.2f} s")
    print(f"the worker (course copy, sandbox, fork server's imports) was ready after {prof['ready']:.2f} s")
    print(f"one student: {prof['grade'] + prof['feedback']:.2f} s = cells {totals['cells']:.2f} + kernel "
          f"starts {totals['kernel_start']:.2f} + kernel stops {totals['kernel_stop']:.2f} + nbgrader "
          f"{prof['grade'] - measured:.2f} ({(prof['grade'] - measured) / count:.2f} per notebook) + "
          f"feedback pages {prof['feedback']:.2f} ({prof['feedback'] / count:.2f} per notebook)"
          f"{'' if prof['ok'] else '  (GRADING FAILED)'}")
    # the worker's own CPU (kernels are other processes): less at the mercy of a busy machine than walls
    print(f"the worker's own CPU time: grading {prof['grade_cpu']:.2f} s, feedback pages "
          f"{prof['feedback_cpu']:.2f} s")


def run_profile(skip_tagged: bool = True) -> dict:
    """:func:`profile_one_worker` in a child process (the worker's sandbox changes its environment)."""
    command = [sys.executable, __file__, "--profile-only", "--json"] + ([] if skip_tagged else ["--no-skip"])
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def scores(db: Path) -> dict:
    """(student, notebook, cell) -> score, from an nbgrader gradebook."""
    out = {}
    with Gradebook(f"sqlite:///{db}") as gb:
        for student in gb.students:
            submission = gb.find_submission(nbs.ASSIGNMENT, student.id)
            for nb in submission.notebooks:
                for g in nb.grades:
                    out[(student.id, nb.name, g.name)] = g.score
    return out


SPIN = (
    "import time; "
    "t = time.perf_counter(); sum(i * i for i in range(15_000_000)); print(time.perf_counter() - t)"
)


def parallel_capacity(workers: int, rounds: int = 3) -> float:
    """How many times the throughput of one CPU-bound process WORKERS of them get here (ideal: WORKERS).

    Shared virtual machines often give less than one core's worth per extra
    core; this is the ceiling for any parallel grader on this machine, now.
    """
    ratios = []
    for _ in range(rounds):
        alone = float(subprocess.run([sys.executable, "-c", SPIN], capture_output=True, text=True).stdout)
        start = time.perf_counter()
        spin = [sys.executable, "-c", SPIN]
        procs = [subprocess.Popen(spin, stdout=subprocess.DEVNULL) for _ in range(workers)]
        for proc in procs:
            proc.wait()
        ratios.append(workers * alone / (time.perf_counter() - start))
    return sorted(ratios)[len(ratios) // 2]


def compare_with_dask(submissions: Path, tmp: Path, workers: int, scheduler: str, rounds: int,
                      notebooks: int) -> bool:
    """Grade SUBMISSIONS with the local pool and on Dask, alternating, ROUNDS times each; print the ratio."""
    from distributed import LocalCluster

    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
        scheduler = cluster.scheduler_address
    try:
        times: dict[str, list[float]] = {"pool": [], "dask": []}
        same = True
        reference = None
        for r in range(rounds):
            for kind, options in (("pool", GradingOptions(workers=workers)),
                                  ("dask", GradingOptions(workers=workers, scheduler=scheduler))):
                out = tmp / f"{kind}-{r}"
                start = time.perf_counter()
                result = grade(submissions, out, options)
                times[kind].append(time.perf_counter() - start)
                print(f"round {r + 1}: {kind:4s} {times[kind][-1]:7.1f} s "
                      f"({times[kind][-1] / notebooks:.2f} s per notebook)", flush=True)
                got = scores(out / "gradebook.db")
                reference = reference or got
                same = same and got == reference and result.ok
        kept = [sum(f.stat().st_size for f in d.rglob("*") if f.is_file())
                for d in (tmp / "dask-0" / ".graded").iterdir() if d.is_dir()]
        pool, dask = sum(times["pool"]), sum(times["dask"])
        print(f"Dask/pool wall time: {dask / pool:.3f} ({dask:.1f} s / {pool:.1f} s over {rounds} rounds; "
              f"{(dask / pool - 1) * 100:+.1f}%)")
        print(f"kept outputs per student (what each task sends back): {sum(kept) / len(kept) / 1024:.0f} KB")
        print(f"scores identical across all runs: {same}")
        return same
    finally:
        if cluster is not None:
            cluster.close()
def print_cells_table(runs: dict[str, Path]) -> None:
    """Per notebook, mean kernel start and cell seconds of each grading run (autograded folders)."""
    tables = {label: per_notebook_seconds(folder) for label, folder in runs.items()}
    names = sorted(set().union(*tables.values()))
    header = "".join(f" {label + ': start':>20} {'cells':>7}" for label in tables)
    print(f"{'notebook (mean)':<22}{header}")
    for name in [*names, "total"]:
        row = ""
        for table in tables.values():
            if name == "total":
                t = {k: sum(v.get(k, 0.0) for v in table.values()) for k in ("kernel_start", "cells")}
            else:
                t = table.get(name, {"kernel_start": float("nan"), "cells": float("nan")})
            row += f" {t['kernel_start']:>18.2f} s {t['cells']:>5.2f} s"
        print(f"{name:<22}{row}")


OURS = {
    "skipping-on": {"skip_tagged": True},
    "prestart-off": {"skip_tagged": True, "prestart_kernel": False},
    "no-sandbox": {"skip_tagged": True, "unsafe_no_sandbox": True},
    "skipping-off": {"skip_tagged": False},
}
"""Our runs (``nncourse grade`` options besides the workers), in the order they run: the runs without
the pre-started kernel and without the walls right after the one they are compared with, so the
machine's load drifts least between them. (Without the walls no kernel is pre-started either.)"""
VARIANTS = ("sequential", *OURS, "profile")
"""What ``--variants`` chooses among: plain nbgrader, our runs, the one-worker profile."""


def kernel_start_per_notebook(autograded: Path) -> float:
    """Mean seconds a worker waited for a kernel per notebook, in the notebooks under AUTOGRADED."""
    starts = [timing(nbs.read(p)).get("kernel_start", 0.0) for p in autograded.glob("*/*/*.ipynb")]
    return sum(starts) / max(len(starts), 1)


def compare(label: str, reference: dict, other: dict) -> bool:
    same = other == reference
    print(f"scores identical to the reference run ({label}): {same} "
          f"({len(reference)} graded cells in the reference's gradebook, {len(other)} in this one)")
    if not same:
        diff = {k: (reference.get(k), other.get(k))
                for k in set(reference) | set(other) if reference.get(k) != other.get(k)}
        print(f"differences (reference, {label}): {dict(list(diff.items())[:10])}")
    return same


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scheduler", nargs="?", const="local", default=None,
                        help="also grade on Dask: 'local' (a LocalCluster of --workers) or tcp://HOST:PORT")
    parser.add_argument("--rounds", type=int, default=1, help="alternating pool/Dask rounds (--scheduler)")
    parser.add_argument("--no-sequential", action="store_true", help="skip plain nbgrader and its comparison")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help=f"comma-separated, which runs to make (default: all of {', '.join(VARIANTS)})")
    parser.add_argument("--reference-class", action="store_true",
                        help="every student hands in the reference (the solved notebooks)")
    parser.add_argument("--profile-only", action="store_true",
                        help="only profile one worker grading one reference student")
    parser.add_argument("--no-skip", action="store_true", help="(with --profile-only) skipping off")
    parser.add_argument("--json", action="store_true", help="(with --profile-only) print JSON")
    args = parser.parse_args(argv)
    variants = {v.strip() for v in args.variants.split(",") if v.strip()}
    if variants - set(VARIANTS):
        parser.error(f"unknown --variants {', '.join(sorted(variants - set(VARIANTS)))}; "
                     f"choose among {', '.join(VARIANTS)}")
    if args.no_sequential:
        variants.discard("sequential")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if args.profile_only:
        with tempfile.TemporaryDirectory(prefix="nncourse-profile-") as tmp:
            prof = profile_one_worker(Path(tmp), skip_tagged=not args.no_skip)
        if args.json:
            print(json.dumps(prof))
        else:
            print_profile(prof)
        return 0 if prof["ok"] else 1
    with tempfile.TemporaryDirectory(prefix="nncourse-bench-") as tmp:
        tmp = Path(tmp)
        submissions = build_class(tmp / "class", args.students, args.reference_class)
        notebooks = sum(len(list(p.glob("*/*.ipynb"))) for p in submissions.iterdir())
        kind = "every one the reference" if args.reference_class else "a mix of work"
        print(f"class: {args.students} students ({kind}), {notebooks} notebooks", flush=True)
        if args.scheduler:
            same = compare_with_dask(submissions, tmp, args.workers, args.scheduler, args.rounds, notebooks)
            if args.no_sequential:
                return 0 if same else 1
        before = parallel_capacity(args.workers)
        print(f"machine: {args.workers} CPU-bound processes run at {before:.2f}x the throughput of one "
              f"(ideal {args.workers}x)", flush=True)

        seq_scores = None
        if "sequential" in variants:
            seq_seconds, seq_scores, seq_course = sequential_nbgrader(submissions, tmp / "sequential")
            ran, tagged = tagged_cells_run(seq_course / "autograded")
            print(f"nbgrader autograde (sequential): {seq_seconds:7.1f} s "
                  f"({seq_seconds / notebooks:.2f} s per notebook; it ran {ran} of the {tagged} "
                  "skip-when-grading cells)", flush=True)

        runs, seconds, same = {}, {}, True
        for label, options in OURS.items():
            if label not in variants:
                continue
            out = tmp / label
            finished: list[float] = []
            start = time.perf_counter()
            result = grade(submissions, out, GradingOptions(workers=args.workers, **options),
                           progress=lambda _, done=finished: done.append(time.perf_counter()))
            seconds[label] = time.perf_counter() - start
            tail = start + seconds[label] - max(finished, default=start)
            runs[label] = out / "autograded"
            speed_up = f"speed-up {seq_seconds / seconds[label]:.2f}x; " if "sequential" in variants else ""
            print(f"nncourse grade --workers {args.workers}, {label}: {seconds[label]:7.1f} s "
                  f"({seconds[label] / notebooks:.2f} s per notebook, including generate_assignment); "
                  f"{speed_up}nbgrader overhead in the workers "
                  f"{nbgrader_overhead(result, out / 'autograded'):.2f} s per notebook; "
                  f"{tail:.1f} s after the last student (results, outputs)", flush=True)
            got = scores(out / "gradebook.db")
            if seq_scores is None:
                seq_scores = got  # no plain nbgrader: our runs must agree with the first of them
                print(f"(no sequential run: the reference for the scores is {label})")
            same = compare(label, seq_scores, got) and same and result.ok
        after = parallel_capacity(args.workers)
        print(f"the machine's ceiling measured before and after: {before:.2f}x, {after:.2f}x")
        if "sequential" in variants:
            ratios = ", ".join(f"{label}: {seq_seconds / t:.2f}x" for label, t in seconds.items())
            print(f"RATIO to sequential nbgrader: {ratios}; the ceiling {before:.2f}x / {after:.2f}x")
        if "skipping-on" in seconds and "prestart-off" in seconds:
            on, off = seconds["skipping-on"], seconds["prestart-off"]
            start_on, start_off = map(kernel_start_per_notebook, (runs["skipping-on"], runs["prestart-off"]))
            print(f"PRE-START: wall time with / without the pre-started kernel = {on / off:.3f} "
                  f"({on:.1f} s / {off:.1f} s); kernel start per notebook "
                  f"{start_on:.3f} s / {start_off:.3f} s")
        if "skipping-on" in seconds and "no-sandbox" in seconds:
            cost = seconds["skipping-on"] / seconds["no-sandbox"]
            print(f"SANDBOX COST: walls on / --unsafe-no-sandbox = {cost:.3f} ({(cost - 1) * 100:+.1f}%; "
                  f"{seconds['skipping-on']:.1f} s / {seconds['no-sandbox']:.1f} s; the goal: at most +3%)")
        if runs:
            print_cells_table(runs)
        if "profile" in variants:
            print("one worker, one reference student, in-process:")
            print_profile(run_profile())
        return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
