"""Benchmark: the two costs that decide how far grading on a Dask cluster scales.

``python tests/benchmarks/bench_cluster.py --fragments 1000`` measures, on this machine:

1. **the gradebook merge**: the real course's assignment is generated (``prepare_course``),
   FRAGMENTS synthetic students get a full submission with every graded cell recorded
   (nbgrader's own ``Gradebook.add_submission``), each is exported as the fragment a worker
   sends back (:func:`~nncourse.grading.schedule.merge.export_student`), and
   :func:`~nncourse.grading.schedule.merge.merge_gradebooks` merges them all into the release
   gradebook: that last step alone is timed, as the client does it after a cluster run;
2. **Dask's per-task cost**: TASKS no-op tasks, each carrying a payload of a student's size
   (PAYLOAD_KB, the tar of 7 submitted notebooks) and returning one of an outputs' size, dealt
   one at a time per worker thread as :class:`~nncourse.grading.schedule.dask_pool.DaskPool`
   deals students, on a local 2-worker cluster: the wall time per task is the scheduler's
   and the transfer's share of one student.

It prints both figures; the README's "Grading on a cluster" section turns them into the
expected time for 1,000 students on 10 and 50 machines. Not a test: nothing asserts speed.
"""

import argparse
import os
import queue
import sqlite3
import tempfile
import time
from pathlib import Path

from nbgrader.api import Gradebook

from nncourse import notebooks as nbs
from nncourse.grading.course import prepare_course
from nncourse.grading.schedule.merge import export_student, merge_gradebooks


def merge_seconds(fragments: int, work: Path) -> tuple[float, int]:
    """Seconds to merge FRAGMENTS one-student gradebooks into the release gradebook; the grade rows."""
    course = prepare_course(nbs.ROOT, nbs.ASSIGNMENT, work / "course")
    master = course.gradebook
    worker = work / "worker.db"
    worker.write_bytes(master.read_bytes())
    students = [f"s{i:04d}" for i in range(fragments)]
    with Gradebook(f"sqlite:///{worker}") as gb:
        for student in students:
            gb.update_or_create_student(student)
            gb.add_submission(nbs.ASSIGNMENT, student)
    parts = {}
    for student in students:
        fragment = work / "fragments" / f"{student}.db"
        fragment.parent.mkdir(exist_ok=True)
        export_student(worker, student, fragment)
        parts[fragment] = [student]
    start = time.perf_counter()
    merge_gradebooks(master, parts)
    seconds = time.perf_counter() - start
    with sqlite3.connect(master) as con:
        rows = con.execute("SELECT COUNT(*) FROM grade").fetchone()[0]
    return seconds, rows


def _echo(payload: bytes, answer_kb: int) -> bytes:
    return os.urandom(answer_kb * 1024)


def task_seconds(tasks: int, payload_kb: int, answer_kb: int) -> float:
    """Wall seconds per no-op task dealt as students are, on a local 2-worker, 1-thread cluster."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        finished: queue.Queue = queue.Queue()
        payload = os.urandom(payload_kb * 1024)
        start = time.perf_counter()
        in_flight = 0
        for i in range(tasks):
            if in_flight == 2:
                finished.get().result()
                in_flight -= 1
            future = client.submit(_echo, payload, answer_kb, key=f"echo-{i}", pure=False)
            future.add_done_callback(finished.put)
            in_flight += 1
        while in_flight:
            finished.get().result()
            in_flight -= 1
        return (time.perf_counter() - start) / tasks * 2  # two workers: per task, per worker


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fragments", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=1000, help="Dask no-op tasks (0: the merge only)")
    parser.add_argument("--payload-kb", type=int, default=400)
    parser.add_argument("--answer-kb", type=int, default=1500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nncourse-bench-cluster-") as tmp:
        seconds, rows = merge_seconds(args.fragments, Path(tmp))
        print(f"merge: {args.fragments} fragments ({rows} grade rows) in {seconds:.2f} s "
              f"({seconds / args.fragments * 1000:.1f} ms per student)", flush=True)
    if not args.tasks:
        return 0
    per_task = task_seconds(args.tasks, args.payload_kb, args.answer_kb)
    print(f"Dask: {args.tasks} tasks ({args.payload_kb} KB in, {args.answer_kb} KB out) on 2 local workers: "
          f"{per_task * 1000:.1f} ms per task per worker")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
