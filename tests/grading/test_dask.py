"""Grading on a real Dask cluster: a ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1.

* the cluster's gradebook equals sequential ``nbgrader autograde`` cell by cell, and its
  results.json and feedback pages equal a local run's; a worker whose environment differs from
  uv.lock (here: numpy's recorded version) is refused with a message naming it, and leaves;
* Dask workers killed with SIGKILL mid-batch: their students are regraded elsewhere, none lost,
  none counted twice; a student whose grading kills a worker twice is ``crashed`` with the reason;
* an unreachable scheduler fails before any work, with a message saying what to check.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import toycourse as T
from conftest import toy_options
from distributed import Client
from test_equivalence import CLASS, _submitted
from test_interruption import _files, _results

from nncourse.cli import main as cli_main
from nncourse.grading import grade
from nncourse.grading.schedule.dask_pool import connect
from nncourse.lock import instructor_pins

pytestmark = pytest.mark.nbgrader
DASK = Path(sys.executable).with_name("dask")


class Cluster:
    """A scheduler and workers started here (each in a session of its own), stopped by their ids."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.procs: dict[str, subprocess.Popen] = {}
        self.scheduler_file = folder / "scheduler.json"
        self._start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", "0",
                    "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(self.scheduler_file))
        deadline = time.monotonic() + 120
        while not self.scheduler_file.exists():
            assert time.monotonic() < deadline, self.log("scheduler")
            time.sleep(0.2)
        self.address = json.loads(self.scheduler_file.read_text())["address"]

    def _start(self, name: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "wb")  # closed when this process exits
        self.procs[name] = subprocess.Popen(
            [str(DASK), *args], stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PATH": f"{DASK.parent}{os.pathsep}{os.environ['PATH']}", **(env or {})},
        )
        return self.procs[name]

    def start_worker(self, name: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        return self._start(name, "worker", "--scheduler-file", str(self.scheduler_file), "--nthreads", "1",
                           "--host", "127.0.0.1", "--no-dashboard",
                           "--local-directory", str(self.folder / name), env=env)

    def wait_for_workers(self, count: int) -> None:
        with Client(self.address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(count, timeout=180)

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = Cluster(tmp_path_factory.mktemp("dask"))
    try:
        cluster.start_worker("a")
        cluster.start_worker("b")
        cluster.wait_for_workers(2)
        yield cluster
    finally:
        cluster.stop()


def _other_numpy(folder: Path) -> dict[str, str]:
    """An environment where numpy is recorded at a version uv.lock does not pin (its metadata first)."""
    info = folder / "numpy-1.0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: numpy\nVersion: 1.0.0\n")
    return {"PYTHONPATH": os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")])}


def test_cluster_grades_like_nbgrader_and_the_local_run_and_refuses_a_different_worker(
    cluster, toy_course, toy_release, tmp_path, grade_toy
):
    subs = _submitted(toy_release, tmp_path / "submitted")
    odd = cluster.start_worker("odd", env=_other_numpy(tmp_path / "odd-site"))
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

    # the cell-by-cell reference: one sequential `nbgrader autograde` of the same class
    sequential = Path(shutil.copytree(toy_course, tmp_path / "sequential"))
    shutil.copytree(subs, sequential / "submitted")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               PYTHONPATH=str(sequential))
    subprocess.run([sys.executable, "-m", "nbgrader", "autograde", T.ASSIGNMENT], cwd=sequential, env=env,
                   check=True, capture_output=True)
    expected = T.gradebook_scores(sequential / "gradebook.db")
    assert len(expected) == len(CLASS) * 4
    assert T.gradebook_scores(on_dask.out_dir / "gradebook.db") == expected

    local = grade_toy(subs, tmp_path / "local")
    assert local.ok, local.failures
    assert _results(on_dask.out_dir) == _results(local.out_dir)
    assert (on_dask.out_dir / "grades.csv").read_text() == (local.out_dir / "grades.csv").read_text()
    for folder in ("feedback", "autograded"):
        assert _files(on_dask.out_dir / folder) == _files(local.out_dir / folder)
    for page in _files(on_dask.out_dir / "feedback"):
        ours, theirs = (out / "feedback" / page for out in (on_dask.out_dir, local.out_dir))
        assert ours.read_bytes() == theirs.read_bytes(), page


class Killer:
    """Kills (SIGKILL) the Dask worker grading a student, as many times as PLAN says for that student."""

    def __init__(self, address: str, plan: dict[str, int]) -> None:
        self.address, self.plan = address, plan
        self.kills: Counter[str] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        killed: set[str] = set()
        with Client(self.address, timeout=60, set_as_default=False) as client:
            while not self._stop.is_set():
                for worker, keys in client.processing().items():
                    # keys: nncourse-grade-<student>-<run>
                    students = [str(key).split("-")[2] for key in keys]
                    victims = [s for s in students if self.kills[s] < self.plan.get(s, 0)]
                    if worker in killed or not victims:
                        continue
                    time.sleep(1.0)  # mid-student: its notebooks are being run
                    pid = client.run(os.getpid, workers=[worker])[worker]
                    os.kill(pid, signal.SIGKILL)
                    killed.add(worker)
                    for student in victims:
                        self.kills[student] += 1
                time.sleep(0.2)

    def stop(self) -> Counter[str]:
        self._stop.set()
        self._thread.join(60)
        return self.kills


def test_killed_workers_lose_no_student_and_a_student_killing_twice_is_crashed(
    cluster, toy_course, toy_release, tmp_path
):
    plan = {"ivan": 1, "mallory": 5}  # ivan's worker is killed once; mallory's each time
    students = {"ada": T.GOOD, "ivan": T.GOOD, "mallory": T.GOOD, "bob": T.SHALLOW, "cat": T.GOOD}
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
