"""A real Dask cluster for tests: a ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from distributed import Client

from nncourse.grading.schedule.dask_plugin import TOPIC

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


@contextmanager
def running_cluster(folder: Path) -> Iterator[Cluster]:
    """A scheduler and two workers, stopped on the way out."""
    cluster = Cluster(folder)
    try:
        cluster.start_worker("a")
        cluster.start_worker("b")
        cluster.wait_for_workers(2)
        yield cluster
    finally:
        cluster.stop()


def other_numpy(folder: Path) -> dict[str, str]:
    """An environment where numpy is recorded at a version uv.lock does not pin (its metadata first)."""
    info = folder / "numpy-1.0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: numpy\nVersion: 1.0.0\n")
    return {"PYTHONPATH": os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")])}


class Killer:
    """Kills (SIGKILL) the Dask worker grading a student, as many times as PLAN says for that student.

    "Grading": the worker said it started the student (the plugin's ``started`` event), so a death
    is the student's own, never that of a student merely queued on the worker.
    """

    def __init__(self, address: str, plan: dict[str, int]) -> None:
        self.address, self.plan = address, plan
        self.kills: Counter[str] = Counter()
        self._started: queue.Queue[tuple[str, str]] = queue.Queue()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        self._ready.wait(60)

    def _hear(self, event: tuple[float, dict]) -> None:
        message = event[1]
        if isinstance(message, dict) and "started" in message:
            self._started.put((message["worker"], message["started"]))

    def _watch(self) -> None:
        with Client(self.address, timeout=60, set_as_default=False) as client:
            client.subscribe_topic(TOPIC, self._hear)
            self._ready.set()
            while not self._stop.is_set():
                try:
                    worker, student = self._started.get(timeout=0.2)
                except queue.Empty:
                    continue
                if self.kills[student] >= self.plan.get(student, 0):
                    continue
                time.sleep(1.0)  # mid-student: its notebooks are being run
                pid = client.run(os.getpid, workers=[worker])[worker]
                os.kill(pid, signal.SIGKILL)
                self.kills[student] += 1

    def stop(self) -> Counter[str]:
        self._stop.set()
        self._thread.join(60)
        return self.kills
