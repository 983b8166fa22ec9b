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
import pwd
import shutil
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
from as_user import grade_as
from conftest import toy_options

from nncourse import cli
from nncourse.grading import grade
from nncourse.grading.execute import clock
from nncourse.grading.sandbox import UID_RANGE, walls
from nncourse.grading.sandbox.procfs import live_of_uid

MARK = "WALLS-PROBE:"
LEFTOVER_MARK = "WALLS-LEFTOVERS:"
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
    "grader_files": [p for p in _found(paths["work"] + "/**") if os.path.isfile(p)],
    "work_folder": bool(_found(paths["work"])),
    "other_student": _found(paths["work"] + "/**/other/**/*.ipynb")
    + _found(paths["submissions"] + "/other/*"),
    "host_tmp": _reads(paths["host_tmp_file"]),
    "home_file": _reads(paths["home_file"]),
    "tcp": _connects(paths["port"]),
    "grader_process": os.path.exists("/proc/%d" % paths["grader_pid"]),
    "wrote_host_tmp": _writes(paths["host_tmp_write"]),
    "wrote_installation": [p for p in paths["installation_writes"] if _writes(p)],
    "grader_package": sorted(os.path.relpath(p, paths["grader_package"])
                             for p in _found(paths["grader_package"] + "/**") if _reads(p)),
}}
subprocess.Popen(["sleep", "600", paths["orphan_tag"]], start_new_session=True)
print({mark!r} + json.dumps(report))

def add(a, b):
    return a + b
'''

LEFTOVERS = r"""
import ctypes, json, os, socket, subprocess, zlib

def _leftovers(mine, others, key_base):
    libc = ctypes.CDLL(None, use_errno=True)
    def keys(tag):
        at = key_base + zlib.crc32(tag.encode()) % 1000 * 4
        return {"sysv_shm": at, "sysv_msg": at + 1, "sysv_sem": at + 2}
    name = lambda tag: "nncourse-leftover-" + tag
    roots = ["/tmp", "/var/tmp", "/dev/shm", "/dev/mqueue", "/dev", "/run", "/", os.path.expanduser("~"),
             os.environ.get("TMPDIR", "/tmp"), os.getcwd()]
    roots += [os.path.dirname(r) for r in roots]
    def folders(depth=2):
        seen = set()
        for root in roots:
            todo = [(os.path.realpath(root), 0)]
            while todo:
                folder, level = todo.pop()
                skip = folder.startswith(("/proc", "/sys", "/usr")) or not os.path.isdir(folder)
                if folder in seen or skip:
                    continue
                seen.add(folder)
                yield folder
                if level < depth:
                    try:
                        below = [e.path for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
                        todo += [(path, level + 1) for path in below]
                    except OSError:
                        pass
    found = []
    for folder in folders():  # first look for what another student's kernel left
        for tag in others:
            if os.path.exists(os.path.join(folder, name(tag))):
                found.append("file " + os.path.join(folder, name(tag)))
    for tag in others:
        k = keys(tag)
        if libc.shmget(k["sysv_shm"], 0, 0) >= 0:
            found.append("sysv_shm")
        if libc.msgget(k["sysv_msg"], 0) >= 0:
            found.append("sysv_msg")
        if libc.semget(k["sysv_sem"], 0, 0) >= 0:
            found.append("sysv_sem")
        if libc.mq_open(("/" + name(tag)).encode(), os.O_RDWR) >= 0:
            found.append("posix_mq")
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect("\0" + name(tag))
            found.append("abstract_socket")
        except OSError:
            pass
        s.close()
    planted = []  # then leave something everywhere this kernel can write
    for folder in list(folders()):
        try:
            with open(os.path.join(folder, name(mine)), "w") as fh:
                fh.write("answers for a friend")
            planted.append(folder)
        except OSError:
            pass
    k = keys(mine)
    planted += [what for what, made in [
        ("sysv_shm", libc.shmget(k["sysv_shm"], 4096, 0o1666)),
        ("sysv_msg", libc.msgget(k["sysv_msg"], 0o1666)),
        ("sysv_sem", libc.semget(k["sysv_sem"], 1, 0o1666)),
        ("posix_mq", libc.mq_open(("/" + name(mine)).encode(), os.O_CREAT | os.O_RDWR, 0o666, None)),
    ] if made >= 0]
    subprocess.Popen(["python3", "-c", "import socket, time; s = socket.socket(socket.AF_UNIX); "
                      "s.bind('\\0' + %r); s.listen(); time.sleep(600)" % name(mine)], start_new_session=True)
    return {"found": found, "planted": planted}

print(__MARK__ + json.dumps(_leftovers(__MINE__, __OTHERS__, __KEY_BASE__)))
"""
"""Run by both students of the class: it looks for what the other's kernel left (files anywhere it
can write, System V and POSIX IPC objects, an abstract socket), then leaves its own. Whichever
student is graded second finds the first's leftovers, unless each kernel starts clean."""
STUDENTS = ("prober", "other")
CLEAN = "clean"
"""A third student, in the run of a grader that is not root only: the toy course's right answers."""

MATPLOTLIB_MARK = "WALLS-MATPLOTLIB:"
MATPLOTLIB = r"""
import json, os

def _matplotlib_folders():
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.texmanager import TexManager
    cache = matplotlib.get_cachedir()
    rebuilt = os.path.join(cache, "fontlist-rebuilt.json")
    try:  # what a font-cache rebuild writes (font_manager.json_dump would warn on stderr)
        with open(rebuilt, "w") as fh:
            json.dump([f.fname for f in font_manager.fontManager.ttflist], fh)
        wrote = True
    except OSError:
        wrote = False
    return {"home": os.path.expanduser("~"), "cachedir": cache, "configdir": matplotlib.get_configdir(),
            "tex_cache": str(TexManager._cache_dir), "wrote_cache": wrote}

print(__MARK__ + json.dumps(_matplotlib_folders()))
""".replace("__MARK__", repr(MATPLOTLIB_MARK))
"""Run by both students: where the kernel's matplotlib keeps its cache and config, and whether it
can write its cache (a font-cache rebuild)."""

SLOTS_MARK = "WALLS-SLOTS:"
SLOTS = r"""
import ctypes, glob, json, os, socket

def _slots(uid_range):
    from ipykernel.kernelapp import IPKernelApp
    me, mine = os.getuid(), os.getpid()
    def uid_of(pid):
        try:
            return os.stat("/proc/%s" % pid).st_uid
        except OSError:
            return None
    others = [int(p) for p in os.listdir("/proc") if p.isdigit()
              and uid_range[0] <= (uid_of(p) or -1) < uid_range[1] and uid_of(p) != me]
    libc = ctypes.CDLL(None, use_errno=True)
    def signals(pid):
        try:
            os.kill(pid, 0)
            return True
        except OSError:
            return False
    def ptraces(pid):
        if libc.ptrace(16, pid, None, None) == 0:  # PTRACE_ATTACH
            libc.ptrace(17, pid, None, None)  # PTRACE_DETACH
            return True
        return False
    def lists(folder):
        try:
            os.listdir(folder)
            return True
        except OSError:
            return False
    def writes_into(folder):
        target = os.path.join(folder, "nncourse-slot-probe")
        try:
            with open(target, "w") as fh:
                fh.write("from the other slot")
            os.unlink(target)
            return True
        except OSError:
            return False
    def connects(pattern):
        reached = False
        for path in glob.glob(pattern):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(path)
                reached = True
            except OSError:
                pass
            finally:
                s.close()
        return reached
    connection_file = IPKernelApp.instance().connection_file
    run = os.path.dirname(connection_file)
    base = os.path.dirname(run)
    own = {"run": run, "notebook": os.getcwd(), "home": os.path.expanduser("~")}
    other = {kind: [os.path.join(base, kind + tail) for tail in ("", "-1")
                    if os.path.join(base, kind + tail) != own[kind]] for kind in own}
    attacks = {"signal": any(signals(pid) for pid in others), "ptrace": any(ptraces(pid) for pid in others),
               "environ": any(_reads("/proc/%d/environ" % pid) for pid in others),
               "cwd": any(lists("/proc/%d/cwd" % pid) for pid in others)}
    for kind, folders in other.items():
        attacks["list_" + kind] = any(lists(f) for f in folders)
        attacks["write_" + kind] = any(writes_into(f) for f in folders)
    attacks["connection_file"] = any(_reads(p) for f in other["run"] for p in glob.glob(f + "/*.json"))
    attacks["sockets"] = any(connects(f + "/*-ipc-*") for f in other["run"])
    # (no control for ptrace or environ: a kernel that switched user is not dumpable, even by itself)
    control = {"signal": signals(mine), "connection_file": _reads(connection_file),
               "sockets": connects(run + "/*-ipc-*")}
    for kind, folder in own.items():
        control["list_" + kind], control["write_" + kind] = lists(folder), writes_into(folder)
    return {"other_kernels": len(others), "me": me,
            "uids": sorted({me} | {uid_of(p) for p in others} - {None}),
            "attacks": attacks, "control": control}

print(__MARK__ + json.dumps(_slots(__UID_RANGE__)))
"""
"""Run by the prober, after PROBE (whose ``_reads`` it uses): the kernel of the next notebook,
pre-started in the sandbox's other slot (``nncourse/grading/prestart.py``), is alive while the
prober runs. The prober tries to signal
and ptrace it, read its environment and folder, list and write the other slot's run, notebook
and home folders, read its connection file and connect to its sockets; the same attempts on its
own kernel and folders (``control``) must work, or the probe would prove nothing."""


def leftovers_probe(student: str, key_base: int) -> str:
    """The LEFTOVERS probe of STUDENT, looking for the other students' leftovers."""
    others = [s for s in STUDENTS if s != student]
    return (LEFTOVERS.replace("__MARK__", repr(LEFTOVER_MARK)).replace("__MINE__", repr(student))
            .replace("__OTHERS__", repr(others)).replace("__KEY_BASE__", str(key_base)))


def _remove_leftovers(key_base: int, planted: dict[str, list[str]]) -> None:
    """Remove what the students left on the host (only without the walls: behind them, the IPC
    objects end with each kernel's IPC namespace, and no file can be planted)."""
    import ctypes
    import zlib

    libc = ctypes.CDLL(None, use_errno=True)
    for student in STUDENTS:
        at = key_base + zlib.crc32(student.encode()) % 1000 * 4
        if (ident := libc.shmget(at, 0, 0)) >= 0:
            libc.shmctl(ident, 0, None)  # IPC_RMID
        if (ident := libc.msgget(at + 1, 0)) >= 0:
            libc.msgctl(ident, 0, None)
        if (ident := libc.semget(at + 2, 0, 0)) >= 0:
            libc.semctl(ident, 0, 0)
        libc.mq_unlink(f"/nncourse-leftover-{student}".encode())
        for folder in planted.get(student, []):
            if folder.startswith("/"):
                Path(folder, f"nncourse-leftover-{student}").unlink(missing_ok=True)


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
    leftovers: dict[str, dict]
    """Each student's LEFTOVERS report: what it found of the other's, what it planted."""
    slots: dict
    """The prober's SLOTS report: what it reached of the other slot's kernel and folders."""
    alive_after: dict[int, list[str]]
    """The processes of each private uid the prober saw, once grading has returned."""
    kernels: list[dict]
    """Every kernel the grader's own clock records, of every graded notebook (slot, pre-started)."""
    matplotlib_folders: dict[str, dict]
    """Each student's MATPLOTLIB report: its home, matplotlib's folders, whether it wrote its cache."""


def _orphans(tag: str) -> list[str]:
    found = subprocess.run(["pgrep", "-f", tag], capture_output=True, text=True)
    return found.stdout.split()


def _try_the_walls(toy_course: Path, base: Path, unsafe: bool, user: int | None = None) -> Tried:
    """Grade the class (prober and other) in BASE: as root with grade() or, with USER, with the real
    ``nncourse grade`` run as that unprivileged user (:func:`as_user.grade_as`) on its own copy of the course,
    its home holding a file of its own."""
    label = 2 if user is not None else int(unsafe)
    release = toy_course / "notebooks" / toycourse.ASSIGNMENT
    subs, work, out = base / "subs", base / "work", base / "out"
    work.mkdir(parents=True)
    if user is not None:
        toy_course = Path(shutil.copytree(toy_course, base / "course"))
        home = base / "home"
        home.mkdir()
        (home / "instructor-notes.txt").write_text("the instructor's own file")
        home_file = home / "instructor-notes.txt"
        work_pattern = str(work / "nncourse-grade-*")  # the CLI's work folder, made in its TMPDIR
    else:
        home_file = next(p for p in sorted(Path.home().iterdir()) if p.is_file() and os.access(p, os.R_OK))
        work_pattern = str(work)
    marker = tempfile.NamedTemporaryFile(prefix="nncourse-walls-host-", dir="/tmp", delete=False)
    marker.write(b"a host temp file")
    marker.close()
    os.chmod(marker.name, 0o644)
    write_target = Path(tempfile.gettempdir()) / f"nncourse-walls-written-{os.getpid()}-{label}"
    listener = Listener()
    tag = f"nncourse-walls-orphan-{os.getpid()}-{label}"
    paths = {
        "reference": str(toy_course / "toy_solutions" / "__init__.py"),
        "course": str(toy_course),
        "work": work_pattern,
        "submissions": str(subs),
        "host_tmp_file": marker.name,
        "home_file": str(home_file),
        "port": listener.port,
        "grader_pid": os.getpid(),
        "host_tmp_write": str(write_target),
        "orphan_tag": tag,
        "installation_writes": _installation_targets(label),
        "grader_package": str(Path(walls.__file__).resolve().parents[2]),
    }
    probe = PROBE.format(paths=json.dumps(paths), mark=MARK)
    # one notebook each and one worker: the walls are the point, not the class (it keeps the test short)
    key_base = 0x4E000000 + os.getpid() % 50_000 * 12_000 + label * 4_000
    slots = SLOTS.replace("__MARK__", repr(SLOTS_MARK)).replace("__UID_RANGE__", repr(list(UID_RANGE)))
    probing = toycourse.submission(
        release, {**toycourse.GOOD, "add": leftovers_probe("prober", key_base) + probe + slots + MATPLOTLIB})
    toycourse.write_student(subs / "prober", {NOTEBOOK: probing[NOTEBOOK]})
    other_add = leftovers_probe("other", key_base) + MATPLOTLIB + toycourse.GOOD["add"]
    other = toycourse.submission(release, {**toycourse.GOOD, "add": other_add})
    toycourse.write_student(subs / "other", {NOTEBOOK: other[NOTEBOOK]})
    if user is not None:  # a student who does nothing the audit flags (its kernel starts by the launcher)
        toycourse.write_student(subs / CLEAN, {NOTEBOOK: toycourse.submission(release)[NOTEBOOK]})
    options = toy_options(workers=1, cell_timeout=30, unsafe_no_sandbox=unsafe, reference_in_kernel=False)
    try:
        if user is None:
            grade(subs, out, options, course_source=toy_course, work_dir=work)
        else:
            grade_as(user, base, subs, out, toy_course, home=home, tmp=work)
    finally:
        listener.close()
        os.unlink(marker.name)
    written = write_target.exists()
    write_target.unlink(missing_ok=True)
    for target in paths["installation_writes"]:  # only when a wall failed; never leave them behind
        Path(target).unlink(missing_ok=True)
    report = _printed(out, "prober", MARK)
    slots_report = _printed(out, "prober", SLOTS_MARK)
    alive = {uid: live_of_uid(uid) for uid in slots_report["uids"]}  # the worker process has ended
    leftovers = {student: _printed(out, student, LEFTOVER_MARK) for student in STUDENTS}
    matplotlib_folders = {student: _printed(out, student, MATPLOTLIB_MARK) for student in STUDENTS}
    _remove_leftovers(key_base, {student: found["planted"] for student, found in leftovers.items()})
    orphans = _orphans(tag)
    for pid in orphans:  # only when a wall failed; never leave them behind
        subprocess.run(["kill", "-9", pid], check=False)
    with (out / "grades.csv").open() as fh:
        grades = list(csv.DictReader(fh))
    results = json.loads((out / "results.json").read_text())
    return Tried(report, list(listener.received), written, orphans, grades, results, leftovers,
                 slots_report, alive, _kernels(out), matplotlib_folders)


def _installation_targets(label: int) -> list[str]:
    """Files a kernel must not be able to create: in the check library (``autograder``), numpy
    and the interpreter's installation, which every later kernel on the host runs."""
    import numpy

    import autograder

    folders = [os.path.dirname(autograder.__file__), os.path.dirname(numpy.__file__),
               os.path.dirname(os.__file__), sys.prefix]
    return [os.path.join(folder, f"nncourse-walls-planted-{os.getpid()}-{label}") for folder in folders]


def _kernels(out: Path) -> list[dict]:
    """The kernels the grader recorded in the notebooks' clocks (``execute.clock``), every student."""
    return [kernel for path in sorted((out / "autograded").glob(f"*/{toycourse.ASSIGNMENT}/*.ipynb"))
            for kernel in clock(nbformat.read(path, as_version=4)).get("kernels", [])]


def _printed(out: Path, student: str, mark: str) -> dict:
    """The JSON STUDENT's kernel printed after MARK in its graded notebook."""
    nb = nbformat.read(out / "autograded" / student / toycourse.ASSIGNMENT / NOTEBOOK, as_version=4)
    texts = [o.get("text", "") for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    line = next(t for t in texts if mark in t)
    return json.loads(line.split(mark, 1)[1].splitlines()[0])


@pytest.fixture(scope="session")
def walled(toy_course, tmp_path_factory) -> Tried:
    """The prober graded behind the walls."""
    return _try_the_walls(toy_course, tmp_path_factory.mktemp("walled"), unsafe=False)


@pytest.fixture(scope="session")
def unwalled(toy_course, tmp_path_factory) -> Tried:
    """The same class graded with --unsafe-no-sandbox (limits and private user only)."""
    return _try_the_walls(toy_course, tmp_path_factory.mktemp("unwalled"), unsafe=True)


@pytest.fixture(scope="session")
def not_root(toy_course) -> Tried:
    """The same class graded behind the walls by the real ``nncourse grade`` run as ``nobody``: a
    grader that is not root (no private user, one slot)."""
    if os.geteuid() != 0:
        pytest.skip("running the grader as another user needs root (CI runs as root: there this runs)")
    user = pwd.getpwnam("nobody").pw_uid
    base = Path(tempfile.mkdtemp(prefix="nncourse-walls-not-root-"))  # pytest's temp folder is root's, 0700
    try:
        os.chmod(base, 0o755)
        yield _try_the_walls(toy_course, base, unsafe=False, user=user)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_the_reference_cannot_be_read(walled, unwalled):
    assert not walled.report["reference"]
    assert unwalled.report["reference"], "without the walls the reference is readable: the test can fail"


def test_the_course_source_cannot_be_seen(walled, unwalled):
    assert not walled.report["source"]
    assert unwalled.report["source"]


def test_no_gradebook_can_be_found(walled, unwalled):
    assert walled.report["gradebooks"] == []
    assert unwalled.report["gradebooks"], "the grader's course copies hold gradebooks"


def test_no_file_of_the_grader_s_work_folder_can_be_seen(walled, unwalled):
    """Nothing of the grader's work folder (course copies, scratch, stores, the sandbox's kernelspecs
    and logs), not even the folder: the launcher's policy (limits, uids, homes) comes in the
    environment, not as a file bound inside the walls (before 2026-12-02 the policy files were
    there, read-only). Without the walls, gradebooks, notebooks and the rest are all there to find."""
    assert walled.report["grader_files"] == [], walled.report["grader_files"]
    assert not walled.report["work_folder"], "the folder itself is not there either"
    found = unwalled.report["grader_files"]
    assert any(p.endswith(".ipynb") for p in found) and any(p.endswith("gradebook.db") for p in found), \
        "without the walls the work folder's files are there to find: the test can fail"


def _kernel_modules() -> set[str]:
    """The files a kernel may read of ``nncourse/``, relative to it."""
    return {str(Path(path).relative_to(Path(walls.__file__).resolve().parents[2]))
            for path in walls.KERNEL_MODULES}


def test_the_kernel_reads_only_the_grader_s_modules_it_starts_with(walled, unwalled):
    """Of the grader's own package, ``nncourse/``, a kernel reads only the modules its start path
    runs (the fork server, the launcher, the namespaces, the audit hook: ``walls.KERNEL_MODULES``):
    not the integrity policy, the scan's patterns, ``mutants.py`` nor the rest of the sandbox (before
    2026-12-02 all of ``nncourse/grading/sandbox/`` was bound, 13 modules)."""
    found = {p for p in walled.report["grader_package"] if "__pycache__" not in p}
    assert found == _kernel_modules(), sorted(found - _kernel_modules())
    assert {"mutants.py", "grading/integrity/cheats.py", "grading/sandbox/box.py"} <= set(
        unwalled.report["grader_package"]), "without the walls the package is readable: the test can fail"


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


def test_the_check_library_and_the_python_installation_are_read_only(walled, unwalled):
    """No kernel can plant a file in autograder/, numpy or the interpreter's folders, which the
    grader can write (so only the kernel's walls and its private user stop it). As root, the
    private user alone refuses these writes too, so the unwalled run does not fall here."""
    targets = [os.path.dirname(p) for p in _installation_targets(0)]
    assert all(os.access(folder, os.W_OK) for folder in targets), "the grader itself can write them"
    assert walled.report["wrote_installation"] == [], walled.report["wrote_installation"]
    assert unwalled.report["wrote_installation"] == [], unwalled.report["wrote_installation"]


def test_no_process_a_kernel_starts_outlives_it(walled, unwalled):
    """Held by the private user's kill between kernels, walls or not (the PID namespace adds
    that the kernel's view ends with the fork server)."""
    assert walled.orphans == [] and unwalled.orphans == []


def test_the_batch_says_how_its_kernels_ran(walled, unwalled):
    assert {row["sandbox"] for row in walled.grades} == {walls.WALLED}
    assert {row["sandbox"] for row in unwalled.grades} == {walls.UNWALLED}
    assert walled.results["sandbox"] == walls.WALLED and unwalled.results["sandbox"] == walls.UNWALLED


def test_nothing_a_kernel_leaves_reaches_the_next_student(walled, unwalled):
    """Both students leave files wherever they can write, System V and POSIX IPC objects and an
    abstract socket; the one graded second must find none of the first's. Without the walls the
    IPC objects (and files in the host's temp folders) outlive the kernel."""
    assert all(found["found"] == [] for found in walled.leftovers.values()), walled.leftovers
    assert any(found["found"] for found in unwalled.leftovers.values()), unwalled.leftovers


def _planted_outside_own_folders(tried: Tried) -> list[str]:
    planted = [p for found in tried.leftovers.values() for p in found["planted"] if p.startswith("/")]
    assert planted, "each kernel can write its home and notebook folder"
    return [p for p in planted if not (p.startswith(tempfile.gettempdir()) and "nncourse-kernel-home-" in p)]


def test_a_kernel_can_plant_nothing_outside_its_own_folders(walled, unwalled):
    """Behind the walls the only places a kernel can write are its home and notebook folder
    (emptied per kernel); IPC objects it can make, in an IPC namespace of its own."""
    assert _planted_outside_own_folders(walled) == []
    assert _planted_outside_own_folders(unwalled), "without the walls, the host's /tmp is writable"


def test_grading_stops_with_a_clear_message_when_bubblewrap_is_missing(tmp_path, monkeypatch, capsys):
    """No bwrap on PATH: ``nncourse grade`` exits at once, naming the package and the way out."""
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))  # the venv only: no /usr/bin/bwrap
    status = cli.main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out")])
    said = capsys.readouterr().err
    assert status == 2, said
    assert "bubblewrap" in said and "apt-get install bubblewrap" in said
    assert "--unsafe-no-sandbox" in said
    assert not (tmp_path / "out").exists(), "nothing is graded, nothing is written"


def test_grading_stops_with_a_clear_message_when_bubblewrap_is_refused(tmp_path, monkeypatch, capsys):
    """A bwrap that runs but cannot build the sandbox (user namespaces refused, as under some
    AppArmor or container profiles): exit status 2 before anything is graded, saying what to
    enable and the way out, with bwrap's own words."""
    fake = tmp_path / "bin"
    fake.mkdir()
    refusal = "echo 'bwrap: setting up uid map: Permission denied' >&2"
    (fake / "bwrap").write_text(f"#!/bin/sh\n{refusal}\nexit 1\n")
    (fake / "bwrap").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{Path(sys.executable).parent}")
    status = cli.main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out")])
    said = capsys.readouterr().err
    assert status == 2, said
    assert "setting up uid map: Permission denied" in said
    assert "user namespaces" in said and "--unsafe-no-sandbox" in said
    assert not (tmp_path / "out").exists(), "nothing is graded, nothing is written"


def test_a_kernel_cannot_reach_the_kernel_pre_started_in_the_other_slot(walled, unwalled):
    """Behind the walls the next notebook's kernel waits in the other slot while the prober runs:
    another private uid, 0700 folders. Nothing of it can be signalled, traced, read, listed,
    written or connected to, while the same attempts on the prober's own kernel work. Without
    the walls no kernel is pre-started (one slot)."""
    assert walled.slots["other_kernels"] >= 1, walled.slots
    assert [name for name, worked in walled.slots["attacks"].items() if worked] == []
    assert [name for name, worked in walled.slots["control"].items() if not worked] == []
    # Without the walls /proc is the host's, where the kernels of a parallel test are also seen:
    # the grader's own records say whether a kernel was pre-started, and in which slot.
    assert unwalled.kernels and not any(k["prestarted"] for k in unwalled.kernels), unwalled.kernels
    assert len({k["slot"] for k in unwalled.kernels}) == 1, unwalled.kernels
    assert any(k["prestarted"] for k in walled.kernels), walled.kernels


def test_no_kernel_of_either_slot_outlives_its_worker(walled, unwalled):
    """Once grading has returned, no process of the prober's uid or of the other slot's is left
    (the spare, pre-started for a notebook that never came, included)."""
    assert len(walled.alive_after) == 2, walled.slots["uids"]
    assert walled.alive_after == {uid: [] for uid in walled.alive_after}
    assert unwalled.alive_after[unwalled.slots["me"]] == []  # other uids may be a parallel test's


def test_each_kernel_s_matplotlib_writes_its_own_cache_in_either_slot(walled, unwalled):
    """matplotlib, imported once by the fork server, keeps each forked kernel's cache and config in
    that kernel's own home, which it can write, in the pre-started slot as in the first (before
    2026-12-02 a kernel of slot 1 inherited slot 0's folder, 0700 and another uid's). Without the
    walls there is one slot, whose kernels write their own home's."""
    homes = {Path(found["home"]).name for found in walled.matplotlib_folders.values()}
    assert homes == {"home", "home-1"}, f"the two students' kernels ran in both slots: {homes}"
    for tried in (walled, unwalled):
        for student, found in tried.matplotlib_folders.items():
            own = os.path.join(found["home"], ".matplotlib")
            assert (found["cachedir"], found["configdir"]) == (own, own), (student, found)
            assert found["tex_cache"] == os.path.join(own, "tex.cache"), (student, found)
            assert found["wrote_cache"], (student, found)



def _scores(tried: Tried) -> dict[str, dict]:
    """Each student's row of grades.csv but for how the kernels ran and the flags (which name the
    reference packages: the command line knows the course's, ``solutions``, not the toy's)."""
    return {row["student"]: {k: v for k, v in row.items() if k not in ("sandbox", "flags")}
            for row in tried.grades if row["student"] in STUDENTS}


def test_a_grader_that_is_not_root_scores_alike_with_one_slot(walled, not_root):
    """``nncourse grade`` run as an unprivileged user: the same scores as root's run, behind the
    walls, its kernels its own uid (no private user) in one slot, none pre-started."""
    assert _scores(not_root) == _scores(walled)
    assert {row["sandbox"] for row in not_root.grades} == {walls.WALLED}
    assert not_root.slots["me"] == pwd.getpwnam("nobody").pw_uid, "the kernel ran as the grader's own user"
    assert not_root.kernels and {k["slot"] for k in not_root.kernels} == {0}, not_root.kernels
    assert not any(k["prestarted"] for k in not_root.kernels), not_root.kernels
    assert not_root.slots["other_kernels"] == 0


def test_a_grader_that_is_not_root_keeps_the_same_walls(not_root):
    """Its kernels run as its own user, so only the walls stand between them and its files: its
    course copy (the reference, source/), its home, its work folder, the other student, the host's
    /tmp, network and processes. Each must hold as for root."""
    report = not_root.report
    reached = [name for name in ("reference", "source", "home_file", "host_tmp", "tcp", "grader_process",
                                 "work_folder", "wrote_host_tmp") if report[name]]
    assert reached == [], report
    assert report["gradebooks"] == report["grader_files"] == report["other_student"] == [], report
    assert not_root.connections == [] and not not_root.written and not_root.orphans == []
    assert {p for p in report["grader_package"] if "__pycache__" not in p} == _kernel_modules()


def test_a_grader_that_is_not_root_passes_nothing_from_one_kernel_to_the_next(not_root):
    """Every kernel is the grader's uid: what the first student's kernel leaves (files wherever it
    can write, IPC objects, an abstract socket served by a process in a new session) must not reach
    the second's. Before 2026-12-02 the second found all of them: forked kernels shared the fork
    server's tree, IPC, network and processes, and the tree's tmpfs was the grader's to write."""
    assert all(found["found"] == [] for found in not_root.leftovers.values()), not_root.leftovers
    assert _planted_outside_own_folders(not_root) == []


def test_a_grader_that_is_not_root_flags_nothing_a_student_did_not_do(not_root):
    """Its kernels start by the launcher, which imports ipykernel's own modules before the audit hook
    goes in, as the fork server does (their ctypes and uname are not the student's): before
    2026-12-02 every notebook on that path was flagged ``ctypes`` and ``spawns_process``."""
    clean = next(row for row in not_root.grades if row["student"] == CLEAN)
    assert clean["flags"] == "missing", clean  # its second notebook, not handed in: the only flag
