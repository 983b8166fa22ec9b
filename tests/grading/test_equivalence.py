"""The parallel engine's gradebook equals a sequential ``nbgrader autograde`` of the same class."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import toycourse as T

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


def test_parallel_gradebook_equals_sequential_nbgrader(toy_course, toy_release, tmp_path, grade_toy):
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

    seen = []
    parallel = grade_toy(subs, tmp_path / "out", progress=seen.append)

    assert parallel.ok and parallel.exit_code == 0, parallel.failures
    assert sorted(p.student for p in seen) == sorted(CLASS) and seen[-1].done == seen[-1].total == len(CLASS)
    expected = T.gradebook_scores(sequential / "gradebook.db")
    assert len(expected) == len(CLASS) * 4
    assert T.gradebook_scores(parallel.out_dir / "gradebook.db") == expected
    totals = {s.student: s.score for s in parallel.students}
    assert totals == {"ada": 6, "bob": 0, "eve": 5, "fay": 4}
