"""Benchmark: resuming a class whose grading was killed halfway, against a full run.

``python tests/benchmarks/bench_resume.py --students 40`` builds the toy course of
``tests/grading/toycourse.py`` and a class of STUDENTS (right answers, shallow answers and
two kinds of mistakes), then times three runs of the real ``nncourse grade`` command:

1. a full run into a fresh folder;
2. the same command into another folder, killed with SIGKILL once half the class is graded;
3. the same command again in that folder: it keeps the finished students and grades the rest.

It prints each wall time, how many students the rerun graded and kept, and checks that the
resumed ``grades.csv`` equals the full run's. Not a test: timings on a shared machine are
noisy, so nothing here asserts speed.

``--incremental`` times the other use of the same store instead: a full run, then one
student of the class changes their submission, then ``nncourse grade --incremental`` in the
same folder (it regrades that student only) against a full run of the changed class in a
fresh folder; it checks that both give the same grades.csv, mistakes.csv and report.html
(results.json differs only by the seconds each student took).
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "grading"))
import toycourse as T

ANSWERS = [
    T.GOOD,
    T.SHALLOW,
    {**T.GOOD, "add": "def add(a, b):\n    raise ValueError('nope')"},
    {**T.GOOD, "mean": "def mean(x):\n    return 0.0"},
]


def command(submissions: Path, out: Path, course: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "nncourse", "grade", str(submissions), "--out", str(out),
            "--course", str(course), "--assignment", T.ASSIGNMENT, "--workers", str(workers)]


def run(cmd: list[str], kill_after: int | None = None) -> tuple[float, str]:
    """Wall seconds and output of CMD; with KILL_AFTER, SIGKILL it after that many students."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if kill_after is not None and sum(x.lstrip().startswith("[") for x in lines) >= kill_after:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    return time.monotonic() - start, "".join(lines)


def incremental(root: Path, course: Path, release: Path, students: int, workers: int) -> None:
    """Time ``--incremental`` after 1 of STUDENTS changed, against a full regrade of the changed class."""
    full, _ = run(command(root / "class", root / "kept", course, workers))
    changed = root / "class" / "s000" / T.ASSIGNMENT
    T.write_student(changed, T.submission(release, ANSWERS[3]))  # s000 had the right answers
    inc, output = run([*command(root / "class", root / "kept", course, workers), "--incremental"])
    fresh, _ = run(command(root / "class", root / "fresh", course, workers))
    same = all((root / "kept" / name).read_text() == (root / "fresh" / name).read_text()
               for name in ("grades.csv", "mistakes.csv", "report.html"))
    graded = next((line for line in output.splitlines() if line.startswith("graded ")), "?")
    print(f"{students} students, {workers} workers, toy course (2 notebooks each); 1 student changed")
    print(f"  first full run:                       {full:6.1f} s")
    print(f"  --incremental after the change:       {inc:6.1f} s  ({graded})")
    print(f"  full run of the changed class:        {fresh:6.1f} s")
    print(f"  incremental / full: {inc / fresh:.2f} (saves {fresh - inc:.1f} s); "
          f"outputs equal to the full run's: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--incremental", action="store_true",
                        help="time --incremental after one student changed (see above)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-resume-") as tmp:
        root = Path(tmp)
        course = T.build_course(root / "course")
        release = T.release(course)
        for i in range(args.students):
            T.write_student(root / "class" / f"s{i:03d}" / T.ASSIGNMENT,
                            T.submission(release, ANSWERS[i % len(ANSWERS)]))
        if args.incremental:
            incremental(root, course, release, args.students, args.workers)
            return
        full, _ = run(command(root / "class", root / "full", course, args.workers))
        resumed_cmd = command(root / "class", root / "resumed", course, args.workers)
        killed, _ = run(resumed_cmd, kill_after=args.students // 2)
        time.sleep(1)
        resumed, output = run(resumed_cmd)
        same = (root / "full" / "grades.csv").read_text() == (root / "resumed" / "grades.csv").read_text()
        print(f"{args.students} students, {args.workers} workers, toy course (2 notebooks each)")
        print(f"  full run:                      {full:6.1f} s")
        print(f"  run killed at half the class:  {killed:6.1f} s")
        print(f"  rerun of the killed command:   {resumed:6.1f} s  ({output.strip().splitlines()[-2]})")
        print(f"  rerun / full: {resumed / full:.2f}; grades.csv equal to the full run's: {same}")


if __name__ == "__main__":
    main()
