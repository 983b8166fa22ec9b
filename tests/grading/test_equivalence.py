"""The engines' gradebooks equal a sequential ``nbgrader autograde`` of the same class.

The local pool, and a real Dask cluster (a ``dask scheduler`` and two ``dask worker`` processes on
127.0.0.1, from :mod:`test_dask`), whose results.json and feedback pages must also equal the local
run's. The sequential run and the local run are made once and shared.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import toycourse as T
from conftest import toy_options
from dask_cluster import other_numpy
from test_interruption import _files, _results

from nncourse.grading import grade
from nncourse.grading.api import MERGED, GradingResult
from nncourse.grading.store import STORE
from nncourse.lock import instructor_pins

pytestmark = pytest.mark.nbgrader

CLASS = {
    "ada": T.GOOD,
    "bob": T.SHALLOW,
    "eve": {**T.GOOD, "add": "def add(a, b):\n    raise ValueError('nope')"},
    "fay": {
        **T.GOOD,
        "square": "import sys\ndef square(x):\n    print('hm', file=sys.stderr)\n    return x * x",
    },
}


def _submitted(release: Path, root: Path) -> Path:
    for student, answers in CLASS.items():
        T.write_student(root / student / T.ASSIGNMENT, T.submission(release, answers))
    return root


@dataclass
class GradedClass:
    """CLASS graded twice, once by sequential ``nbgrader autograde``, once by the local pool."""

    submissions: Path
    sequential_scores: dict
    local: GradingResult
    local_progress: list
    finished_so_far: list
    """At each progress report: (the students merged into the master gradebook, the students
    whose feedback pages are kept)."""


@pytest.fixture(scope="module")
def graded_class(toy_course, toy_release, tmp_path_factory, grade_toy) -> GradedClass:
    """The reference runs every engine here is compared with (shared: each costs a whole class)."""
    tmp_path = tmp_path_factory.mktemp("equivalence")
    subs = _submitted(toy_release, tmp_path / "submitted")

    sequential = Path(shutil.copytree(toy_course, tmp_path / "sequential"))
    shutil.copytree(subs, sequential / "submitted")
    env = dict(
        os.environ,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        PYTHONPATH=str(sequential),
    )
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", T.ASSIGNMENT],
        cwd=sequential,
        env=env,
        check=True,
        capture_output=True,
    )

    seen: list = []
    finished: list = []
    out, work = tmp_path / "out", tmp_path / "work"
    work.mkdir()

    def progress(report) -> None:
        seen.append(report)
        with sqlite3.connect(next(work.glob(f"nncourse-grade-*/{MERGED}"))) as merged:
            in_master = {row[0] for row in merged.execute("SELECT id FROM student")}
        with_pages = {p.parents[1].name for p in (out / STORE).glob("*/feedback/*.html")}
        finished.append((in_master, with_pages))

    parallel = grade_toy(subs, out, progress=progress, work_dir=work)
    return GradedClass(subs, T.gradebook_scores(sequential / "gradebook.db"), parallel, seen, finished)


def test_parallel_gradebook_equals_sequential_nbgrader(graded_class):
    parallel, seen, expected = graded_class.local, graded_class.local_progress, graded_class.sequential_scores
    assert parallel.ok and parallel.exit_code == 0, parallel.failures
    assert sorted(p.student for p in seen) == sorted(CLASS) and seen[-1].done == seen[-1].total == len(CLASS)
    assert len(expected) == len(CLASS) * 4
    assert T.gradebook_scores(parallel.out_dir / "gradebook.db") == expected
    totals = {s.student: s.score for s in parallel.students}
    assert totals == {"ada": 6, "bob": 0, "eve": 5, "fay": 4}


def test_each_student_is_merged_and_has_its_feedback_as_soon_as_it_is_graded(graded_class):
    reported = [p.student for p in graded_class.local_progress]
    for done, (in_master, with_pages) in enumerate(graded_class.finished_so_far, 1):
        so_far = set(reported[:done])
        assert in_master == so_far, f"after {done} students the master gradebook holds {in_master}"
        assert with_pages == so_far, f"after {done} students the feedback pages of {with_pages} are kept"
    assert len(graded_class.finished_so_far) == len(CLASS)


def test_cluster_grades_like_nbgrader_and_the_local_run_and_refuses_a_different_worker(
    cluster, graded_class, toy_course, tmp_path
):
    subs = graded_class.submissions
    odd = cluster.start_worker("odd", env=other_numpy(tmp_path / "odd-site"))
    cluster.wait_for_workers(3)

    notices, seen = [], []
    on_dask = grade(subs, tmp_path / "dask", toy_options(scheduler=cluster.address), course_source=toy_course,
                    progress=seen.append, notice=notices.append, work_dir=tmp_path)

    assert on_dask.ok, on_dask.failures
    locked = {p.version for p in instructor_pins() if p.name == "numpy"}
    refusals = [n for n in notices if n.startswith("refused Dask worker")]
    assert len(refusals) == 1, notices
    assert "numpy 1.0.0 is installed, uv.lock pins" in refusals[0]
    assert any(version in refusals[0] for version in locked), (refusals, locked)
    assert odd.wait(timeout=120) is not None  # the refused worker left the cluster (with its nanny)
    assert any(n.startswith(f"Dask scheduler {cluster.address}: ") and "dashboard http://" in n
               for n in notices), notices
    assert sorted(p.student for p in seen) == sorted(CLASS)
    assert all(p.where and p.where.startswith("tcp://127.0.0.1:") for p in seen), seen

    # cell by cell against one sequential `nbgrader autograde` of the same class, and the local run
    assert T.gradebook_scores(on_dask.out_dir / "gradebook.db") == graded_class.sequential_scores
    local = graded_class.local
    assert _results(on_dask.out_dir) == _results(local.out_dir)
    assert (on_dask.out_dir / "grades.csv").read_text() == (local.out_dir / "grades.csv").read_text()
    for folder in ("feedback", "autograded"):
        assert _files(on_dask.out_dir / folder) == _files(local.out_dir / folder)
    for page in _files(on_dask.out_dir / "feedback"):
        ours, theirs = (out / "feedback" / page for out in (on_dask.out_dir, local.out_dir))
        assert ours.read_bytes() == theirs.read_bytes(), page
