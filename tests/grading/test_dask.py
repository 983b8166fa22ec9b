"""Grading on a real Dask cluster: a ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1.

* (in :mod:`test_equivalence`, which shares its reference runs) the cluster's gradebook equals
  sequential ``nbgrader autograde`` cell by cell, its results.json and feedback pages equal a local
  run's, and a worker whose environment differs from uv.lock is refused, naming the difference;
* Dask workers killed with SIGKILL mid-batch: their students are regraded elsewhere, none lost,
  none counted twice; a student whose grading kills a worker twice is ``crashed`` with the reason;
* an unreachable scheduler fails before any work, with a message saying what to check.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time

import pytest
import toycourse as T
from conftest import toy_options
from dask_cluster import DASK, Killer

from nncourse.cli import main as cli_main
from nncourse.grading import grade
from nncourse.grading.schedule.dask_pool import connect

pytestmark = pytest.mark.nbgrader


def test_killed_workers_lose_no_student_and_a_student_killing_twice_is_crashed(
    cluster, toy_course, toy_release, tmp_path
):
    plan = {"ivan": 1, "mallory": 5}  # ivan's worker is killed once; mallory's each time
    # The killer strikes 1 s after a worker starts a student: the killed students' grading must
    # still be running then (a toy student can be graded in under 1 s, and the kill would then
    # hit whoever the worker took next).
    busy = {**T.GOOD, "add": "import time\ntime.sleep(3)\n" + T.GOOD["add"]}
    students = {"ada": T.GOOD, "ivan": busy, "mallory": busy, "bob": T.SHALLOW, "cat": T.GOOD}
    for student, answers in students.items():
        T.write_student(tmp_path / "subs" / student / T.ASSIGNMENT, T.submission(toy_release, answers))
    killer = Killer(cluster.address, plan)
    seen = []
    try:
        result = grade(tmp_path / "subs", tmp_path / "out", toy_options(scheduler=cluster.address),
                       course_source=toy_course, progress=seen.append, work_dir=tmp_path)
    finally:
        kills = killer.stop()
    assert kills == {"ivan": 1, "mallory": 2}, kills

    # every student reported once, in the progress and in the outputs
    assert sorted(p.student for p in seen) == sorted(students)
    assert seen[-1].done == seen[-1].total == len(students)
    assert sorted(s.student for s in result.students) == sorted(students)
    scores = T.gradebook_scores(result.out_dir / "gradebook.db")
    assert len(scores) == len(students) * 4
    totals = {s.student: s.score for s in result.students}
    assert totals == {"ada": 6, "ivan": 6, "mallory": 0, "bob": 0, "cat": 6}

    assert [p.ok for p in seen if p.student == "mallory"] == [False]
    mallory = json.loads((result.out_dir / "results.json").read_text())["students"]["mallory"]
    assert {nb["status"] for nb in mallory["notebooks"].values()} == {"crashed"}
    assert "killed a Dask worker 2 times" in mallory["errors"]["*"], mallory["errors"]
    assert result.failures == ["mallory: could not grade 01_basics, 02_vectors"], result.failures
    # a student the grader could not grade fails the run: the exit status and the summary say so
    assert result.exit_code == 1
    summary = (result.out_dir / "summary.txt").read_text()
    assert "Grader failures:\n  mallory: could not grade 01_basics, 02_vectors" in summary, summary


def test_an_unreachable_scheduler_fails_at_once_before_any_work(tmp_path, toy_course, toy_release, capsys):
    T.write_student(tmp_path / "subs" / "ada" / T.ASSIGNMENT, T.submission(toy_release, T.GOOD))
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{free.getsockname()[1]}"  # closed when the block ends: nobody listens
    code = cli_main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--course",
                     str(toy_course), "--scheduler", address, "--connect-timeout", "3"])
    error = capsys.readouterr().err
    assert code == 2, error
    assert f"cannot reach the Dask scheduler at {address} within 3 s" in error
    assert "is `dask scheduler` running there" in error
    assert not (tmp_path / "out").exists()  # it failed before preparing the course or the output folder


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--scheduler", "127.0.0.1:8786"], "expected tcp://HOST:PORT or tls://HOST:PORT"),
        (["--scheduler", "tls://127.0.0.1:8786"], "needs --security FILE"),
        (["--scheduler", "tls://127.0.0.1:8786", "--security", "/nonexistent.yaml"], "no such file"),
    ],
)
def test_a_wrong_scheduler_address_is_said_clearly(tmp_path, flags, message, capsys):
    code = cli_main(["grade", str(tmp_path), "--out", str(tmp_path / "out"), *flags])
    assert code == 2
    assert message in capsys.readouterr().err


def test_tls_scheduler_is_reached_with_a_security_file_of_dask_settings(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    tls = ["--tls-ca-file", str(cert), "--tls-cert", str(cert), "--tls-key", str(key)]
    scheduler_file = tmp_path / "scheduler.json"
    security = tmp_path / "security.yaml"
    security.write_text(
        "distributed:\n  comm:\n    require-encryption: true\n    tls:\n"
        f"      ca-file: {cert}\n      client:\n        cert: {cert}\n        key: {key}\n"
    )
    with open(tmp_path / "scheduler.log", "wb") as log:
        scheduler = subprocess.Popen([str(DASK), "scheduler", "--protocol", "tls", "--host", "127.0.0.1",
                                      "--port", "0", "--dashboard-address", "127.0.0.1:0", "--scheduler-file",
                                      str(scheduler_file), *tls], stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not scheduler_file.exists():
            assert time.monotonic() < deadline and scheduler.poll() is None, scheduler_file
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tls://127.0.0.1:")
        with connect(toy_options(scheduler=address, security=str(security), connect_timeout=30)) as client:
            assert client.scheduler_info()["address"] == address
        with pytest.raises(RuntimeError, match="needs --security FILE"):
            connect(toy_options(scheduler=address))
        (tmp_path / "empty.yaml").write_text("distributed: {}\n")
        with pytest.raises(RuntimeError, match=r"sets no distributed\.comm\.tls\.ca-file"):
            connect(toy_options(scheduler=address, security=str(tmp_path / "empty.yaml")))
    finally:
        os.killpg(scheduler.pid, signal.SIGTERM)
        scheduler.wait(timeout=60)
