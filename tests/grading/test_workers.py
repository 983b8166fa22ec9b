"""``--workers`` far above the cores (``--workers 999`` on a 2-core machine): never more local
workers than students to grade, and one line saying what the workers past the cores cost."""

from __future__ import annotations

import json
import os

import pytest
import toycourse as T

from nncourse import cli
from nncourse.grading.schedule import pool
from nncourse.grading.status import NotebookStatus

pytestmark = pytest.mark.nbgrader


def test_workers_far_above_the_cores_start_one_per_student_and_say_so(tmp_path, toy_course, toy_release,
                                                                     capsys, monkeypatch):
    started = []
    real = pool.WorkerProcess

    class Counted(real):  # the real worker, counted as it starts
        def __init__(self, *args, **kwargs):
            started.append(args[0])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pool, "WorkerProcess", Counted)
    subs = tmp_path / "class"
    for name in ("ada",):
        T.write_student(subs / name, {"01_basics.ipynb": T.submission(toy_release)["01_basics.ipynb"]})
    out = tmp_path / "out"
    status = cli.main(["grade", str(subs), "--out", str(out), "--course", str(toy_course),
                       "--assignment", T.ASSIGNMENT, "--workers", "999", "--timeout", "10"])
    said = capsys.readouterr()
    assert status == 0, said.out[-3000:] + said.err[-3000:]
    assert len(started) == 1
    lines = [line for line in said.out.splitlines() if line.startswith("--workers 999")]
    assert lines == [f"--workers 999 is more than this machine's {os.cpu_count()} cores: starting 1 (one per "
                     f"student at most); workers past {os.cpu_count()} share the cores, and each holds about "
                     f"{pool.WORKER_MEMORY_MB} MiB and kernels of up to 2048 MiB"], said.out[-3000:]
    results = json.loads((out / "results.json").read_text())
    for name in ("ada",):
        assert results["students"][name]["notebooks"]["01_basics"]["status"] == NotebookStatus.GRADED


def test_no_line_within_the_cores():
    options = pool.GradingOptions()
    assert pool.more_than_cores(2, 40, options, cores=2) is None
    assert pool.local_workers(2, 40) == 2 and pool.local_workers(999, 3) == 3
    assert pool.local_workers(4, 0) == 1
