"""The sandbox's walls, tried from inside a grading kernel: each must hold, and each must fall without them.

One student of a toy class (``prober``) answers ``add`` with code that tries every
wall and prints what it reached; a second student (``other``) is graded in the
same batch, so that the prober has a neighbour to look for. The class is graded
twice with the same submissions: behind bubblewrap's walls (the default) and with
``unsafe_no_sandbox``, the limits and the private user only. Every test asserts
the wall holds in the first run and fails in the second: a test that cannot fail
would show nothing.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
import toycourse
from conftest import toy_options

from nncourse import cli
from nncourse.grading import grade
from nncourse.grading.sandbox import walls

MARK = "WALLS-PROBE:"
NOTEBOOK = "01_basics.ipynb"
"""The notebook whose ``add`` the prober answers with the probe."""
PROBE = '''
import glob, json, os, socket, subprocess

def _reads(path):
    try:
        with open(path, "rb") as fh:
            return len(fh.read()) > 0
    except OSError:
        return False

def _found(pattern):
    return sorted(glob.glob(pattern, recursive=True))

def _connects(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(3)
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"stolen")
        return True
    except OSError:
        return False
    finally:
        s.close()

def _writes(path):
    try:
        with open(path, "w") as fh:
            fh.write("written from a kernel")
        return True
    except OSError:
        return False

paths = json.loads({paths!r})
report = {{
    "reference": _reads(paths["reference"]),
    "source": bool(_found(paths["course"] + "/source/**/*.ipynb")),
    "gradebooks": _found(paths["work"] + "/**/gradebook.db") + _found(paths["course"] + "/gradebook.db"),
    "other_student": _found(paths["work"] + "/**/other/**/*.ipynb")
    + _found(paths["submissions"] + "/other/*"),
    "host_tmp": _reads(paths["host_tmp_file"]),
    "home_file": _reads(paths["home_file"]),
    "tcp": _connects(paths["port"]),
    "grader_process": os.path.exists("/proc/%d" % paths["grader_pid"]),
    "wrote_host_tmp": _writes(paths["host_tmp_write"]),
}}
subprocess.Popen(["sleep", "600", paths["orphan_tag"]], start_new_session=True)
print({mark!r} + json.dumps(report))

def add(a, b):
    return a + b
'''


class Listener:
    """A TCP listener on the host's loopback that records every connection it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(3)
                try:
                    self.received.append(conn.recv(100))
                except OSError:
                    self.received.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@dataclass
class Tried:
    """What the prober's kernel reached in one graded run, and what the host saw."""

    report: dict
    connections: list[bytes]
    written: bool
    orphans: list[str]
    grades: list[dict]
    results: dict


def _orphans(tag: str) -> list[str]:
    found = subprocess.run(["pgrep", "-f", tag], capture_output=True, text=True)
    return found.stdout.split()


def _try_the_walls(toy_course: Path, base: Path, unsafe: bool) -> Tried:
    release = toy_course / "notebooks" / toycourse.ASSIGNMENT
    subs, work, out = base / "subs", base / "work", base / "out"
    work.mkdir(parents=True)
    marker = tempfile.NamedTemporaryFile(prefix="nncourse-walls-host-", dir="/tmp", delete=False)
    marker.write(b"a host temp file")
    marker.close()
    os.chmod(marker.name, 0o644)
    write_target = Path(tempfile.gettempdir()) / f"nncourse-walls-written-{os.getpid()}-{int(unsafe)}"
    home_file = next(p for p in sorted(Path.home().iterdir()) if p.is_file() and os.access(p, os.R_OK))
    listener = Listener()
    tag = f"nncourse-walls-orphan-{os.getpid()}-{int(unsafe)}"
    paths = {
        "reference": str(toy_course / "toy_solutions" / "__init__.py"),
        "course": str(toy_course),
        "work": str(work),
        "submissions": str(subs),
        "host_tmp_file": marker.name,
        "home_file": str(home_file),
        "port": listener.port,
        "grader_pid": os.getpid(),
        "host_tmp_write": str(write_target),
        "orphan_tag": tag,
    }
    probe = PROBE.format(paths=json.dumps(paths), mark=MARK)
    # one notebook each and one worker: the walls are the point, not the class (it keeps the test short)
    probing = toycourse.submission(release, {**toycourse.GOOD, "add": probe})
    toycourse.write_student(subs / "prober", {NOTEBOOK: probing[NOTEBOOK]})
    toycourse.write_student(subs / "other", {NOTEBOOK: toycourse.submission(release)[NOTEBOOK]})
    options = toy_options(workers=1, cell_timeout=30, unsafe_no_sandbox=unsafe, reference_in_kernel=False)
    try:
        grade(subs, out, options, course_source=toy_course, work_dir=work)
    finally:
        listener.close()
        os.unlink(marker.name)
    written = write_target.exists()
    write_target.unlink(missing_ok=True)
    nb = nbformat.read(out / "autograded" / "prober" / toycourse.ASSIGNMENT / NOTEBOOK, as_version=4)
    texts = [o.get("text", "") for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    line = next(t for t in texts if MARK in t)
    report = json.loads(line.split(MARK, 1)[1])
    orphans = _orphans(tag)
    for pid in orphans:  # only when a wall failed; never leave them behind
        subprocess.run(["kill", "-9", pid], check=False)
    with (out / "grades.csv").open() as fh:
        grades = list(csv.DictReader(fh))
    results = json.loads((out / "results.json").read_text())
    return Tried(report, list(listener.received), written, orphans, grades, results)


@pytest.fixture(scope="session")
def walled(toy_course, tmp_path_factory) -> Tried:
    """The prober graded behind the walls."""
    return _try_the_walls(toy_course, tmp_path_factory.mktemp("walled"), unsafe=False)


@pytest.fixture(scope="session")
def unwalled(toy_course, tmp_path_factory) -> Tried:
    """The same class graded with --unsafe-no-sandbox (limits and private user only)."""
    return _try_the_walls(toy_course, tmp_path_factory.mktemp("unwalled"), unsafe=True)


def test_the_reference_cannot_be_read(walled, unwalled):
    assert not walled.report["reference"]
    assert unwalled.report["reference"], "without the walls the reference is readable: the test can fail"


def test_the_course_source_cannot_be_seen(walled, unwalled):
    assert not walled.report["source"]
    assert unwalled.report["source"]


def test_no_gradebook_can_be_found(walled, unwalled):
    assert walled.report["gradebooks"] == []
    assert unwalled.report["gradebooks"], "the grader's course copies hold gradebooks"


def test_another_student_s_files_cannot_be_found(walled, unwalled):
    assert walled.report["other_student"] == []
    assert unwalled.report["other_student"]


def test_the_host_s_temp_folder_and_home_cannot_be_read(walled, unwalled):
    assert not walled.report["host_tmp"] and not walled.report["home_file"]
    assert unwalled.report["host_tmp"] and unwalled.report["home_file"]


def test_the_host_s_loopback_cannot_be_reached(walled, unwalled):
    assert not walled.report["tcp"] and walled.connections == [], "the listener saw a kernel"
    assert unwalled.report["tcp"] and b"stolen" in unwalled.connections


def test_the_grader_s_processes_cannot_be_seen(walled, unwalled):
    assert not walled.report["grader_process"]
    assert unwalled.report["grader_process"]


def test_nothing_can_be_written_outside_the_kernel_s_folders(walled, unwalled):
    assert not walled.report["wrote_host_tmp"] and not walled.written
    assert unwalled.report["wrote_host_tmp"] and unwalled.written


def test_no_process_a_kernel_starts_outlives_it(walled, unwalled):
    """Held by the private user's kill between kernels, walls or not (the PID namespace adds
    that the kernel's view ends with the fork server)."""
    assert walled.orphans == [] and unwalled.orphans == []


def test_the_batch_says_how_its_kernels_ran(walled, unwalled):
    assert {row["sandbox"] for row in walled.grades} == {walls.WALLED}
    assert {row["sandbox"] for row in unwalled.grades} == {walls.UNWALLED}
    assert walled.results["sandbox"] == walls.WALLED and unwalled.results["sandbox"] == walls.UNWALLED


def test_grading_stops_with_a_clear_message_when_bubblewrap_is_missing(tmp_path, monkeypatch, capsys):
    """No bwrap on PATH: ``nncourse grade`` exits at once, naming the package and the way out."""
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))  # the venv only: no /usr/bin/bwrap
    status = cli.main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out")])
    said = capsys.readouterr().err
    assert status == 2, said
    assert "bubblewrap" in said and "apt-get install bubblewrap" in said
    assert "--unsafe-no-sandbox" in said
    assert not (tmp_path / "out").exists(), "nothing is graded, nothing is written"
