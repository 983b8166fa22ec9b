"""A Dask cluster lost mid-run, through the real ``nncourse grade`` (a subprocess) on 127.0.0.1.

* the scheduler killed (SIGKILL) mid-run: one line naming the scheduler, how many students are
  kept and how to resume, exit status 4, no traceback and none of Dask's own lines; run again on a
  new scheduler, the same command keeps those students and grades the others;
* every worker killed mid-run: a line saying how to start one (``dask worker ADDRESS``) or stop,
  then, after ``--worker-wait`` seconds, the same kind of line and exit status 5, what is graded kept;
* the start line counts the slots of every connected worker (both accepted: 2 slots).

Each test starts a cluster of its own (the module-scoped one of ``test_dask.py`` must survive).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import toycourse as T
from dask_cluster import Cluster

pytestmark = pytest.mark.nbgrader

NNCOURSE = Path(sys.executable).with_name("nncourse")
#: a student whose grading takes a few seconds: the cluster is lost while the class is being graded
BUSY = {**T.GOOD, "add": "import time\ntime.sleep(4)\n" + T.GOOD["add"]}


def _class(folder: Path, release: Path, count: int) -> Path:
    for index in range(count):
        T.write_student(folder / f"s{index}" / T.ASSIGNMENT, T.submission(release, BUSY))
    return folder


class _Grading:
    """``nncourse grade SUBS --out OUT --scheduler ADDRESS`` running, its output read line by line."""

    def __init__(self, subs: Path, out: Path, course: Path, address: str, *extra: str) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [str(NNCOURSE), "grade", str(subs), "--out", str(out), "--course", str(course), "--assignment",
             T.ASSIGNMENT, "--timeout", "30", "--scheduler", address, *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
            env={**os.environ, "PATH": f"{NNCOURSE.parent}{os.pathsep}{os.environ['PATH']}"},
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while not any(re.search(pattern, line) for line in self.lines):
            assert time.monotonic() < deadline and self.proc.poll() is None, self.text
            time.sleep(0.2)

    def finish(self, timeout: float = 300) -> int:
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            raise
        self._reader.join(30)
        return code

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _two_workers(folder: Path) -> Cluster:
    """A scheduler and two workers "a" and "b" on loopback, both connected."""
    folder.mkdir()
    cluster = Cluster(folder)
    try:
        cluster.start_worker("a")
        cluster.start_worker("b")
        cluster.wait_for_workers(2)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _kill(cluster: Cluster, name: str) -> None:
    os.killpg(cluster.procs[name].pid, signal.SIGKILL)
    cluster.procs[name].wait(30)


def _assert_in_grader_words(text: str) -> None:
    for dask_words in ("Traceback", "CommClosedError", "Failed to reconnect", "could not remove the grading",
                       "Couldn't gather", "lost the task of"):
        assert dask_words not in text, text


def test_a_scheduler_killed_mid_run_ends_in_one_line_and_the_same_command_resumes(
    tmp_path, toy_course, toy_release
):
    subs = _class(tmp_path / "subs", toy_release, 4)
    out = tmp_path / "out"
    cluster = _two_workers(tmp_path / "c1")
    try:
        grading = _Grading(subs, out, toy_course, cluster.address)
        grading.wait_for(r"\[1/4\]")
        _kill(cluster, "scheduler")
        code = grading.finish()
    finally:
        cluster.stop()
    text = grading.text
    assert f"{cluster.address}: 2 workers, 2 grading slots accepted" in text, text
    assert code == 4, text
    _assert_in_grader_words(text)
    last = grading.lines[-1]
    found = re.fullmatch(
        rf"nncourse grade: the Dask scheduler at {re.escape(cluster.address)} went away: (\d) of 4 students "
        rf"are graded and kept in {re.escape(str(out))}/\.graded; no output was replaced; start it again "
        r"and run the same command to resume\.", last)
    assert found, text
    kept = int(found.group(1))
    assert 1 <= kept < 4, text
    assert not (out / "grades.csv").exists()

    cluster = _two_workers(tmp_path / "c2")
    try:
        again = _Grading(subs, out, toy_course, cluster.address)
        assert again.finish() == 0, again.text
    finally:
        cluster.stop()
    assert f"graded {4 - kept} students; {kept} kept from an earlier run" in again.text, again.text
    rows = (out / "grades.csv").read_text().splitlines()
    assert sorted(row.split(",")[0] for row in rows[1:]) == ["s0", "s1", "s2", "s3"]


def test_every_worker_gone_says_what_to_do_then_stops_after_the_worker_wait(
    tmp_path, toy_course, toy_release
):
    subs = _class(tmp_path / "subs", toy_release, 4)
    out = tmp_path / "out"
    cluster = _two_workers(tmp_path / "c")
    try:
        grading = _Grading(subs, out, toy_course, cluster.address, "--worker-wait", "10")
        grading.wait_for(r"\[2/4\]")
        time.sleep(1.5)  # the next two students (4 s of sleep each) are being graded now
        _kill(cluster, "a")
        _kill(cluster, "b")
        grading.wait_for("no worker grades for this run", timeout=60)
        code = grading.finish(timeout=120)
    finally:
        cluster.stop()
    text = grading.text
    assert code == 5, text
    _assert_in_grader_words(text)
    assert "Dask: 0 workers: \n" not in text + "\n", text
    # the students the two workers were grading when they died are named (at least one was mid-student)
    assert re.search(r"Dask worker tcp://\S+ died while grading s\d; s\d is graded again", text), text
    assert (f"no worker grades for this run (all gone or refused): start one with `dask worker "
            f"{cluster.address}`, or press Ctrl-C to stop and keep what is graded") in text, text
    found = re.fullmatch(
        rf"nncourse grade: no Dask worker of {re.escape(cluster.address)} graded for 10 s \(--worker-wait\): "
        rf"(\d) of 4 students are graded and kept in {re.escape(str(out))}/\.graded; no output was "
        rf"replaced; start workers \(`dask worker {re.escape(cluster.address)}`\) and run the same command "
        r"to resume\.", grading.lines[-1])
    assert found and 2 <= int(found.group(1)) < 4, text
    assert len(list((out / ".graded").glob("s*"))) >= int(found.group(1))


def test_dasks_lost_result_line_is_said_in_the_graders_words():
    """The record Dask's client logs when the worker holding a finished student's outputs died before
    they were fetched (``distributed/client.py``'s own format and arguments), through DaskPool's filter."""
    import logging

    from nncourse.grading.schedule.dask_pool import _DaskWords, _Workers

    said: list[str] = []
    words = _DaskWords(said.append)
    words.workers = _Workers("run1", said.append)
    words.workers.hear((0.0, {"run": "run1", "worker": "tcp://127.0.0.1:4001", "started": "ada"}))
    words.students["nncourse-grade-ada-run1-0"] = "ada"  # as DaskPool records it when it submits
    key = "nncourse-grade-ada-run1-0"
    record = logging.LogRecord("distributed.client", logging.WARNING, "client.py", 2432,
                               "Couldn't gather %s keys, rescheduling %s", (1, (key,)), None)
    assert words.filter(record) is False  # the raw line is dropped ...
    assert said == ["Dask worker tcp://127.0.0.1:4001 died holding the graded outputs of ada before they "
                    "reached this machine; ada is graded again"]  # ... and said in the grader's words
    other = logging.LogRecord("distributed.client", logging.WARNING, "client.py", 1, "other", (), None)
    assert words.filter(other) is True
