"""The grader's own faults: killed, interrupted or out of disk (issue 21), on the toy course.

The grader is the real ``nncourse grade`` command, run as a process of its own so that it
can be killed. What it starts (workers, fork servers, kernels) is found by walking
``/proc`` from its pid while it runs. A run killed with SIGKILL is run again with the same
command: it keeps the students the killed run finished, grades only the others, and its
outputs equal those of an uninterrupted run.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import toycourse as T
from conftest import toy_options
from reporting import report_figure

from nncourse.grading import ReuseMode, api, grade
from nncourse.grading.atomic import TEMPORARY_MARK, DiskFull, tree_bytes
from nncourse.grading.sandbox.procfs import pids, proc_alive, proc_parent

pytestmark = pytest.mark.nbgrader

#: Each of abe's answers sleeps until the cell limit (CELL_SECONDS) stops it: abe is still being
#: graded when the grader is killed (a short student would end on its own within that time).
SLOW = {grade_id: f"import time\ntime.sleep(60)\n{answer}" for grade_id, answer in T.GOOD.items()}
CLASS = {
    "abe": SLOW,
    "ada": T.GOOD,
    "bob": T.SHALLOW,
    "cyd": {**T.GOOD, "add": "def add(a, b):\n    raise ValueError('nope')"},
    "dee": {**T.GOOD, "mean": "def mean(x):\n    return 0.0"},
    "eli": T.GOOD,
    "fay": {**T.GOOD, "square": "def square(x):\n    return x * 2"},
}
STORE = ".graded"
#: the cell limit: the toy course's cells take milliseconds, abe's sleep until it (3 s: 4 cells make
#: abe's 12 s; it was 5 s, 20 s, and the file's nine runs of abe cost a minute more of CI)
CELL_SECONDS = 3
LOCK_FILE = api.LOCK_FILE


@pytest.fixture(scope="module")
def submissions(tmp_path_factory, toy_release) -> Path:
    root = tmp_path_factory.mktemp("class")
    for student, answers in CLASS.items():
        T.write_student(root / student / T.ASSIGNMENT, T.submission(toy_release, answers))
    return root


def _command(submissions: Path, out: Path, course: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "nncourse",
        "grade",
        str(submissions),
        "--out",
        str(out),
        "--course",
        str(course),
        "--assignment",
        T.ASSIGNMENT,
        "--workers",
        "2",
        "--timeout",
        str(CELL_SECONDS),
        "--notebook-timeout",
        "40",
    ]


def _start_time(pid: str) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _signals_as_a_background_job() -> None:
    """The grader's signals as a parent may leave them: SIGINT ignored (a shell's background job,
    a process started by a Jupyter kernel) and SIGINT and SIGTERM blocked. Until 2026-12-02 the
    grader inherited an ignored SIGINT and ran to the end (seen twice in full CI runs)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})


class Grader:
    """``nncourse grade`` running in the background: its output lines and every process it started."""

    def __init__(self, command: list[str]) -> None:
        self.proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
            preexec_fn=_signals_as_a_background_job,
        )
        self.lines: list[str] = []
        self.started: dict[str, tuple[str | None, str]] = {}
        """pid -> (start time, command line) of every descendant seen."""
        self._stop = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._watch, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)

    def _watch(self) -> None:
        me = str(self.proc.pid)
        while not self._stop.is_set():
            family = {me}
            for pid in sorted(pids(), key=int):
                if pid not in family and proc_parent(pid) in family:
                    family.add(pid)
            for pid in family - {me}:
                if pid not in self.started:
                    self.started[pid] = (_start_time(pid), _cmdline(pid))
            time.sleep(0.05)

    def progress(self) -> list[str]:
        """The progress lines (``[3/6] ada: 4 s ok``) printed so far."""
        return [line for line in self.lines if line.lstrip().startswith("[")]

    def wait_for_progress(self, count: int, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while len(self.progress()) < count:
            assert self.proc.poll() is None, f"the grader ended early: {self.proc.stderr.read()}"
            assert time.monotonic() < deadline, f"no {count} students graded in {seconds} s"
            time.sleep(0.05)

    def alive(self) -> list[str]:
        """The command lines of the processes it started that are still alive."""
        return [
            cmd for pid, (start, cmd) in self.started.items() if proc_alive(pid) and _start_time(pid) == start
        ]

    def stop_watching(self) -> None:
        self._stop.set()
        time.sleep(0.1)

    def finish(self, seconds: float = 600) -> tuple[int, str, str]:
        """Wait for the end; its exit status, output and error output."""
        self.proc.wait(timeout=seconds)
        self.stop_watching()
        time.sleep(0.1)  # the reader thread takes the last lines
        return self.proc.returncode, "".join(self.lines), self.proc.stderr.read()


def _nothing_left_within(grader: Grader, seconds: float, figure: str | None = None) -> list[str]:
    """What is still alive after at most SECONDS; FIGURE: print how long they took to go (a figure,
    never an assertion: the machine is shared)."""
    start = time.monotonic()
    deadline = start + seconds
    while grader.alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    if figure:
        report_figure("a killed grader's processes (time until none is left)",
                      f"{figure}: {time.monotonic() - start:.2f} s (at most {seconds:g} s allowed)")
    return grader.alive()


def _results(out: Path) -> dict:
    """results.json without the seconds each student took (they differ between any two runs)."""
    results = json.loads((out / "results.json").read_text())
    for student in results["students"].values():
        student.pop("seconds")
    return results


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, submissions, toy_course) -> Path:
    out = tmp_path_factory.mktemp("uninterrupted")
    code, stdout, stderr = Grader(_command(submissions, out, toy_course)).finish()
    assert code == 0, stdout + stderr
    assert f"graded {len(CLASS)} students\n" in stdout
    return out


def test_killed_grader_leaves_nothing_running_and_the_rerun_resumes(
    tmp_path, submissions, toy_course, uninterrupted
):
    out = tmp_path / "out"
    command = _command(submissions, out, toy_course)
    grader = Grader(command)
    grader.wait_for_progress(2)
    assert not any("abe:" in line for line in grader.progress())
    commands = [cmd for _, cmd in grader.started.values()]
    assert any("nncourse.grading.schedule.worker" in c for c in commands), commands
    assert any("forkserver" in c for c in commands), commands  # the fork server and its kernels
    os.kill(grader.proc.pid, signal.SIGKILL)
    grader.proc.wait()
    grader.stop_watching()
    assert _nothing_left_within(grader, 5, "SIGKILL while grading") == []

    kept = sorted(p.parent.name for p in (out / STORE).glob("*/record.json"))
    assert len(kept) >= 2, kept
    assert not (out / "grades.csv").exists() and not (out / "results.json").exists()
    records = {s: (out / STORE / s / "record.json").stat().st_mtime_ns for s in kept}

    code, stdout, stderr = Grader(command).finish()
    assert code == 0, stdout + stderr
    assert f"graded {len(CLASS) - len(kept)} students; {len(kept)} kept from an earlier run" in stdout
    assert len([line for line in stdout.splitlines() if line.lstrip().startswith("[")]) == len(CLASS) - len(
        kept
    )
    # the kept students were not graded again: their records are the killed run's
    assert {s: (out / STORE / s / "record.json").stat().st_mtime_ns for s in kept} == records

    assert (out / "grades.csv").read_text() == (uninterrupted / "grades.csv").read_text()
    assert _results(out) == _results(uninterrupted)
    assert T.gradebook_scores(out / "gradebook.db") == T.gradebook_scores(uninterrupted / "gradebook.db")
    assert len(T.gradebook_scores(out / "gradebook.db")) == len(CLASS) * 4
    for folder in ("feedback", "autograded"):
        assert _files(out / folder) == _files(uninterrupted / folder)
    assert not list(out.glob(f"**/{TEMPORARY_MARK}*"))


def test_a_killed_rerun_leaves_the_previous_outputs_whole(tmp_path, submissions, toy_course, uninterrupted):
    """A run over a finished run's outputs, killed (SIGKILL) while it grades, changes none of them.

    ``--fresh`` regrades every student, so the run is still grading (abe's slow cells) when it is killed.
    """
    out = tmp_path / "out"
    shutil.copytree(uninterrupted, out)
    # the store and the lock file (its holder's pid) are the grader's own, not outputs
    outputs = [f for f in _files(out) if not f.startswith(f"{STORE}/") and f != LOCK_FILE]
    assert {"grades.csv", "results.json", "gradebook.db", "summary.txt"} <= set(outputs), outputs
    for folder in ("feedback/", "autograded/"):
        assert any(f.startswith(folder) for f in outputs), (folder, outputs)
    before = {f: (out / f).read_bytes() for f in outputs}
    grader = Grader([*_command(submissions, out, toy_course), "--fresh"])
    grader.wait_for_progress(1)  # one student graded, and kept in the store, while the others run
    os.kill(grader.proc.pid, signal.SIGKILL)
    grader.proc.wait()
    grader.stop_watching()
    assert _nothing_left_within(grader, 5) == []
    assert [f for f in _files(out) if not f.startswith(f"{STORE}/") and f != LOCK_FILE] == outputs, \
        "an output appeared or went"
    changed = [f for f in outputs if (out / f).read_bytes() != before[f]]
    assert not changed, changed


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_grader_stops_cleanly_with_a_message(tmp_path, submissions, toy_course, sig):
    out = tmp_path / "out"
    grader = Grader(_command(submissions, out, toy_course))
    grader.wait_for_progress(1)
    os.kill(grader.proc.pid, sig)
    code, stdout, stderr = grader.finish(seconds=60)
    assert _nothing_left_within(grader, 5, f"{sig.name}, after the grader's own exit") == []
    assert code == 128 + sig, stdout + stderr
    assert f"nncourse grade: {sig.name}: interrupted: " in stderr
    assert "Run the same command again" in stderr and "Traceback" not in stderr
    assert _nothing_left_within(grader, 5) == []
    assert not (out / "grades.csv").exists()
    assert len(list((out / STORE).glob("*/record.json"))) >= 1


@contextlib.contextmanager
def _small_disk(folder: Path, size_mb: int):
    folder.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.mark.parametrize("full_while", ["keeping a student", "writing the outputs"])
def test_a_full_disk_ends_the_run_clearly_and_leaves_earlier_outputs_intact(
    tmp_path, submissions, toy_course, full_while
):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    classes = {n: tmp_path / f"class{n}" for n in (2, 3)}
    for n, folder in classes.items():
        for student in [s for s in CLASS if CLASS[s] is not SLOW][:n]:
            shutil.copytree(submissions / student, folder / student)
    (tmp_path / "work").mkdir()
    with _small_disk(tmp_path / "disk", 16) as out:

        def run(students: int):
            return grade(
                classes[students],
                out,
                toy_options(reuse=ReuseMode.INCREMENTAL),
                course_source=toy_course,
                work_dir=tmp_path / "work",
            )

        first = run(2)
        assert first.ok, first.failures
        before = {name: (out / name).read_bytes() for name in ("grades.csv", "results.json", "gradebook.db")}
        pages = _files(out / "feedback")
        assert pages
        # The rerun keeps the two students and grades a third: leave no room for its results,
        # or room for them but not for the outputs of three students.
        one_student = tree_bytes(out / STORE / "ada")
        room = 32 * 1024 if full_while == "keeping a student" else one_student + 64 * 1024
        stats = os.statvfs(out)
        (out / "ballast").write_bytes(b"\0" * (stats.f_bavail * stats.f_frsize - room))

        with pytest.raises(DiskFull) as failure:
            run(3)
        message = str(failure.value)
        folder = out / STORE if full_while == "keeping a student" else out
        assert f"no space left in {folder}: " in message, message
        assert "needs about" in message and "MB is free" in message, message

        assert {name: (out / name).read_bytes() for name in before} == before
        assert _files(out / "feedback") == pages
        assert not list(out.glob(f"**/{TEMPORARY_MARK}*"))


def test_incremental_regrades_only_the_changed_student_and_equals_a_full_run(
    tmp_path, submissions, toy_release, grade_toy
):
    fast = [s for s in CLASS if CLASS[s] is not SLOW]
    class_ = tmp_path / "class"
    for student in fast:
        shutil.copytree(submissions / student, class_ / student)
    out = tmp_path / "out"
    first = grade_toy(class_, out, reuse=ReuseMode.INCREMENTAL)
    assert (first.graded, first.kept) == (len(fast), 0)

    changed = fast[1]  # bob: his shallow answers become right ones
    shutil.rmtree(class_ / changed)
    T.write_student(class_ / changed / T.ASSIGNMENT, T.submission(toy_release, T.GOOD))
    again = grade_toy(class_, out, reuse=ReuseMode.INCREMENTAL)
    assert (again.graded, again.kept) == (1, len(fast) - 1)
    assert next(s for s in again.students if s.student == changed).score == 6

    full = grade_toy(class_, tmp_path / "full", reuse=ReuseMode.FRESH)
    assert (full.graded, full.kept) == (len(fast), 0)
    assert (out / "grades.csv").read_text() == (full.out_dir / "grades.csv").read_text()
    assert _results(out) == _results(full.out_dir)
    assert T.gradebook_scores(out / "gradebook.db") == T.gradebook_scores(full.out_dir / "gradebook.db")
