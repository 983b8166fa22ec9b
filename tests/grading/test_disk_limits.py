"""The kernel's disk wall (``--disk-limit``, ``--disk-files``; :mod:`nncourse.grading.sandbox.disk`),
through the real ``nncourse grade``.

Before 2026-12-02 a kernel's home and working folder were plain folders on the host's root
filesystem, bounded only per file (``RLIMIT_FSIZE``): a cell wrote 1.5 GiB in 9 s, another
105,000 files in 8 s, and scored full marks. Here the limit is set low (32 MiB, 1,000 files) so
the test is cheap: a student writing files of 4 MiB in its home and working folder, and one making
empty files, get the cell failed with "No space left on device" and a feedback line naming the
limit; the host's free space does not drop by the 200 MiB the first tries to write; the perfect
students graded next, in the slots they used, score full and find an empty home. Also as a grader
that is not root (``nobody``, on the toy course: one slot, kernels by the launcher).
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import pytest
import toycourse
from as_user import grade_as

from nncourse import cli
from nncourse.grading.sandbox import MiB
from nncourse.notebooks import ASSIGNMENT, solved_release, with_solution, write_submission

pytestmark = pytest.mark.nbgrader

LIMIT_MB = 32
FILES = 1000
FLAGS = ("--disk-limit", str(LIMIT_MB), "--disk-files", str(FILES))
MARK = "DISK-PROBE "
ATTEMPT_MB = 200
"""What the filler tries to write: far past the limit, small for the host's disk (77 GB free)."""
FILL_BYTES = f'''
import os
block = b"x" * (4 << 20)
written = 0
try:
    for n in range({ATTEMPT_MB // 4}):  # half in the home, half in the working folder
        where = os.path.expanduser("~") if n % 2 else os.getcwd()
        with open(os.path.join(where, f"fill-{{n}}.bin"), "wb") as f:
            f.write(block)
        written += len(block)
finally:
    print("{MARK}" + str(written))
'''
FILL_FILES = f'''
import os
folder = os.path.join(os.path.expanduser("~"), "many")
os.makedirs(folder, exist_ok=True)
made = 0
try:
    for made in range(20_000):
        open(os.path.join(folder, str(made)), "w").close()
finally:
    print("{MARK}" + str(made))
'''
LOOK = f'''
import json, os
def _tree(top):
    return sorted(os.path.relpath(os.path.join(d, n), top) for d, ds, fs in os.walk(top) for n in ds + fs)
_fs = os.statvfs(os.path.expanduser("~"))
print("{MARK}" + json.dumps({{"home": _tree(os.path.expanduser("~")), "cwd": _tree(os.getcwd()),
      "used_bytes": (_fs.f_blocks - _fs.f_bfree) * _fs.f_frsize, "used_files": _fs.f_files - _fs.f_ffree}}))
'''
STUDENTS = {"a_fills_bytes": FILL_BYTES, "b_fills_files": FILL_FILES, "c_next": LOOK, "d_next": LOOK}
"""Graded in this order on one worker: a and c in slot 0, b and d in slot 1 (the pre-started
kernel's); with one slot (not root) all in the same."""
FILL_THEN_DIE = '''
import os
try:
    with open(os.path.expanduser("~/fill.bin"), "wb") as f:
        while True:
            f.write(b"x" * (1 << 20))
except OSError:
    os._exit(1)
'''
DYING = {"e_fills_then_dies": FILL_THEN_DIE, "f_dies": "import os\nos._exit(1)\n"}
"""Graded after them (real course only): a kernel that fills the wall and dies, and one that only
dies. Until 2026-12-02 the first restarted in its full slot: every later cell failed ("No usable
temporary directory"), 0/14 against the second's 9/14 (the outside test H20p)."""


class FreeSpace:
    """The least free space of the host's temp folder's filesystem while grading (sampled)."""

    def __init__(self) -> None:
        self.before = self._free()
        self.least = self.before
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    @staticmethod
    def _free() -> int:
        fs = os.statvfs(tempfile.gettempdir())
        return fs.f_bavail * fs.f_frsize

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.least = min(self.least, self._free())

    def stop(self) -> int:
        """Stop sampling; the largest drop seen, in bytes."""
        self._stop.set()
        self._thread.join()
        return self.before - self.least


def _printed(out: Path, student: str, notebook: str) -> str:
    """What STUDENT's kernel printed after MARK in NOTEBOOK."""
    nb = nbformat.read(out / "autograded" / student / ASSIGNMENT_OF[out] / f"{notebook}.ipynb", as_version=4)
    texts = [o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    return next(t for t in texts if MARK in t).split(MARK, 1)[1].splitlines()[0]


ASSIGNMENT_OF: dict[Path, str] = {}


def _prepended(nb: nbformat.NotebookNode, grade_id: str, code: str) -> nbformat.NotebookNode:
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return with_solution(nb, grade_id, code + "\n" + cell.source)


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The four students on the real course's 02_activations, graded by ``nncourse grade`` as root
    (two slots): (results.json, out folder, the host's largest drop of free space)."""
    if os.geteuid() != 0:
        pytest.skip("the grader as root: CI runs as root")
    root = tmp_path_factory.mktemp("disk")
    subs, out = root / "class", root / "out"
    for student, code in {**STUDENTS, **DYING}.items():
        write_submission(subs / student, {"02_activations": _prepended(solved_release("02_activations"),
                                                                         "sigmoid", code)})
    ASSIGNMENT_OF[out] = ASSIGNMENT
    space = FreeSpace()
    status = cli.main(["grade", str(subs), "--out", str(out), "--workers", "1", "--timeout", "60", *FLAGS])
    drop = space.stop()
    assert status == 0
    return json.loads((out / "results.json").read_text()), out, drop


@pytest.fixture(scope="module")
def not_root(toy_course):
    """The same students on the toy course, graded by ``nncourse grade`` run as ``nobody``."""
    if os.geteuid() != 0:
        pytest.skip("running the grader as another user needs root (CI runs as root: there this runs)")
    user = pwd.getpwnam("nobody").pw_uid
    base = Path(tempfile.mkdtemp(prefix="nncourse-disk-not-root-"))
    try:
        os.chmod(base, 0o755)
        release = toy_course / "notebooks" / toycourse.ASSIGNMENT
        subs, out, work, home = base / "subs", base / "out", base / "work", base / "home"
        for folder in (work, home):
            folder.mkdir()
        for student, code in STUDENTS.items():
            nb = toycourse.submission(release, {**toycourse.GOOD, "add": code + toycourse.GOOD["add"]})
            toycourse.write_student(subs / student, {"01_basics.ipynb": nb["01_basics.ipynb"]})
        course = Path(shutil.copytree(toy_course, base / "course"))
        ASSIGNMENT_OF[out] = toycourse.ASSIGNMENT
        space = FreeSpace()
        grade_as(user, base, subs, out, course, home=home, tmp=work, flags=FLAGS)
        drop = space.stop()
        yield json.loads((out / "results.json").read_text()), out, drop
    finally:
        if not os.environ.get("KEEPDISK"):
            shutil.rmtree(base, ignore_errors=True)


def _notebook(results: dict, student: str) -> tuple[str, dict]:
    entry = results["students"][student]
    name, notebook = next((n, nb) for n, nb in entry["notebooks"].items() if nb["status"] == "graded")
    return name, notebook


def _told_the_limit(results: dict, out: Path, student: str) -> None:
    name, notebook = _notebook(results, student)
    said = " ".join(notebook["events"])
    assert f"disk limit ({LIMIT_MB} MiB or {FILES} files" in said, (student, notebook)
    assert "No space left on device" in said
    page = (out / "feedback" / student / f"{name}.html").read_text()
    assert f"disk limit ({LIMIT_MB} MiB or {FILES} files" in page


@pytest.mark.parametrize("graded", ["real", "not_root"])
def test_writing_past_the_limit_fails_the_cell_with_the_limit_in_words(graded, request):
    results, out, _ = request.getfixturevalue(graded)
    name, _ = _notebook(results, "a_fills_bytes")
    written = int(_printed(out, "a_fills_bytes", name.removesuffix(".ipynb")))
    assert written <= LIMIT_MB * MiB, f"the kernel wrote {written / MiB:.0f} MiB, past {LIMIT_MB} MiB"
    _told_the_limit(results, out, "a_fills_bytes")


@pytest.mark.parametrize("graded", ["real", "not_root"])
def test_making_files_past_the_limit_fails_the_cell_with_the_limit_in_words(graded, request):
    results, out, _ = request.getfixturevalue(graded)
    name, _ = _notebook(results, "b_fills_files")
    made = int(_printed(out, "b_fills_files", name.removesuffix(".ipynb")))
    assert made < FILES, f"the kernel made {made} files past the {FILES}-file limit"
    _told_the_limit(results, out, "b_fills_files")


@pytest.mark.parametrize("graded", ["real", "not_root"])
def test_the_host_s_free_space_drops_by_less_than_the_limit(graded, request):
    _, _, drop = request.getfixturevalue(graded)
    print(f"largest drop of the host's free space while grading: {drop / MiB:.1f} MiB")
    # the filler tried 200 MiB; other processes of a shared machine write too: a margin, not a figure
    assert drop < (LIMIT_MB + 48) * MiB, f"the host lost {drop / MiB:.0f} MiB while grading"


@pytest.mark.parametrize("graded", ["real", "not_root"])
def test_the_next_student_on_the_slot_starts_empty(graded, request):
    results, out, _ = request.getfixturevalue(graded)
    for student in ("c_next", "d_next"):
        name, _ = _notebook(results, student)
        seen = json.loads(_printed(out, student, name.removesuffix(".ipynb")))
        print(f"{student}'s kernel at its first cell: {seen['used_bytes'] / MiB:.2f} MiB, "
              f"{seen['used_files']} files")
        left = [p for p in seen["home"] + seen["cwd"] if p.startswith(("fill-", "many"))]
        assert not left, f"{student} found the fillers' files: {left[:5]}"
        assert seen["used_bytes"] < 4 * MiB and seen["used_files"] < 100, (student, seen)


def test_the_perfect_students_graded_next_score_full(real):
    results, _, _ = real
    for student in ("c_next", "d_next"):
        _, notebook = _notebook(results, student)
        assert notebook["score"] == notebook["max_score"] > 0, (student, notebook["score"])
        assert not notebook["events"], notebook["events"]


def test_a_kernel_that_fills_the_wall_and_dies_restarts_on_an_empty_one(real):
    """The restarted kernel gets the slot as the first one found it (the student's files, an
    empty home): it scores what a kernel that only dies scores, and the student is told both."""
    results, _, _ = real
    _, filled = _notebook(results, "e_fills_then_dies")
    _, died = _notebook(results, "f_dies")
    assert 0 < died["score"] < died["max_score"], died
    failed = [c["message"][:200] for c in filled["cells"] if c["points"] < c["max_points"]]
    assert filled["score"] == died["score"], failed
    assert not [m for m in failed if "temporary directory" in m or "No space left" in m], failed
    said = " ".join(filled["events"])
    assert f"disk limit ({LIMIT_MB} MiB or {FILES} files" in said and "kernel died" in said, said


WORKER = '''
import os, sys, threading, time
from pathlib import Path
from nncourse.grading import sandbox
from nncourse.grading.sandbox import disk
from nncourse.grading.schedule import worker
disk.enter_own_mount_namespace()  # as worker.main does first
box = sandbox.Sandbox(Path(sys.argv[1]), pythonpath=[], slots=2)
sandbox.activate(box)
student = Path(sys.argv[2])
box.use_slot(1)
box.prepare(student)
print(box.own_home_folder, flush=True)
if sys.argv[3] == "lifeline":  # the grader dies while the main thread prepares the next slot
    threading.Timer(0.3, worker._end_with_the_grader).start()
    while True:
        box.prepare(student, cleared=True)
time.sleep(60)
'''


def _killed_worker(tmp_path: Path, how: str) -> Path:
    """A worker's sandbox, the student's files in slot 1, ended HOW (``sigkill``: SIGKILL from
    outside; ``lifeline``: the grader's end, seen by the worker while it keeps preparing);
    the sandbox's folder on the host, once the worker is gone."""
    student = tmp_path / "student"
    student.mkdir()
    (student / "02_activations.ipynb").write_text('{"a student": "notebook"}')
    (student / ".nncourse-hidden-inputs.json").write_text("{}")
    env = {**os.environ, "PYTHONPATH": str(toycourse.REPO)}
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(tmp_path / "box"), str(student), how],
                              stdout=subprocess.PIPE, text=True, env=env, start_new_session=True)
    folder = Path(worker.stdout.readline().strip())
    assert folder.name.startswith("nncourse-kernel-home-")
    if how == "sigkill":
        os.killpg(worker.pid, signal.SIGKILL)
    assert worker.wait(timeout=30) == -signal.SIGKILL
    time.sleep(1)  # what removes the folder once the worker is gone
    return folder


def test_a_killed_worker_leaves_no_student_file_on_the_host(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("a sandbox with a private user needs root (CI runs as root)")
    folder = _killed_worker(tmp_path, "sigkill")
    try:
        left = [str(p) for p in folder.rglob("*") if p.is_file()]
        assert not left, f"a SIGKILLed worker left the student's files on the host's disk: {left}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # an empty folder: nothing removes it but its reaper


def test_a_worker_ending_with_the_grader_leaves_nothing_even_while_preparing(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("a sandbox with a private user needs root (CI runs as root)")
    folder = _killed_worker(tmp_path, "lifeline")
    left = [str(p) for p in folder.rglob("*")] if folder.exists() else []
    existed = folder.exists()
    shutil.rmtree(folder, ignore_errors=True)
    assert not left, f"the worker's main thread made these after its sandbox was removed: {left}"
    assert not existed, "the sandbox's folder of a worker that ended with the grader was left"
