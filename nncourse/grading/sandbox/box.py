"""The grading kernel's sandbox: resource limits, a private user, a watchdog.

A :class:`Sandbox` belongs to one grading worker process and serves every kernel
that worker starts, one at a time. It writes a kernelspec (``KERNEL_NAME``) in a
private ``JUPYTER_PATH`` whose argv runs :mod:`nncourse.grading.launcher`, which
applies the :class:`Limits` and, when the grader runs as root, switches to a
private uid before exec'ing ipykernel.

No cgroups are needed. What bounds what:

* memory of one process: ``RLIMIT_AS`` (a ``MemoryError`` in the student's cell);
* memory of all the kernel's processes: the watchdog sums their proportional
  set size (pages that forks share count once) and kills them all past
  ``memory_mb``;
* processes (fork bombs): ``RLIMIT_NPROC`` on the private uid stops the growth
  (it counts threads too), and the watchdog kills everything once the kernel's
  processes and threads reach ``nproc`` (which also covers the no-root case,
  where the kernel's session is watched instead of a uid);
* CPU time per process: ``RLIMIT_CPU``; file size: ``RLIMIT_FSIZE``; open files:
  ``RLIMIT_NOFILE``; core dumps: off.

Between kernels, every process of the private uid is killed and its home
emptied, so nothing a student leaves running or on disk reaches the next one.

Kernels are forked by a :mod:`.forkserver` that has ipykernel, numpy and
matplotlib imported already (``fork_server=True``, the default): the same
policy is applied in the child as by the launcher, and a kernel starts in a
fraction of the time. The kernelspec names the :mod:`.provisioner` that asks
the server; if the server is unavailable, the launcher starts the kernel.

The private user writes only its home and the student's folder. It can read
the course files only where they are world-readable, except when the Python
installation is not (pyenv under ``/root``): then the kernel keeps
``CAP_DAC_READ_SEARCH`` and can read any file, as a root kernel can (see
:mod:`.launcher`). Without root, kernels run as the grader's user, with the
limits (``RLIMIT_NPROC`` relative to the user's processes) and the watchdog on
the kernel's session.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import provisioner
from .launcher import become, environment

KERNEL_NAME = "nncourse-sandbox"
_LAUNCHER = Path(__file__).with_name("launcher.py")
_UID_RANGE = (1_800_000_000, 1_900_000_000)
_ENV_KEEP = (
    "PATH",
    "LANG",
    "LC_",
    "PYTHONPATH",
    "PYTHONHASHSEED",
    "OPENBLAS_",
    "OMP_",
    "MKL_",
    "JPY_",
    "NBGRADER_",
    "TZ",
    "NNCOURSE_",
)
MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Resource limits of one grading kernel."""

    memory_mb: int = 2048
    """Resident memory of all the kernel's processes together (watchdog)."""
    address_space_mb: int = 4096
    """Virtual address space of one process (``RLIMIT_AS``); above memory_mb because
    numpy, OpenBLAS and threads reserve address space they never touch."""
    cpu_seconds: int = 900
    nproc: int = 64
    fsize_mb: int = 64
    nofile: int = 256

    def rlimits(self) -> dict[str, int]:
        """The ``resource`` limits, by name, for the launcher policy."""
        return {
            "RLIMIT_AS": self.address_space_mb * MiB,
            "RLIMIT_CPU": self.cpu_seconds,
            "RLIMIT_NPROC": self.nproc,
            "RLIMIT_FSIZE": self.fsize_mb * MiB,
            "RLIMIT_NOFILE": self.nofile,
            "RLIMIT_CORE": 0,
        }


def _proc_uid(pid: str) -> int | None:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


def _proc_session(pid: str) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return int(fields[3])
    except (OSError, IndexError, ValueError):
        return None


def _proc_alive(pid: str) -> bool:
    """False for zombies (dead, waiting to be reaped) and vanished processes."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def _proc_rss(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _proc_memory(pid: str) -> int:
    """Proportional set size (a page shared by N processes counts 1/N), else resident size."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return _proc_rss(pid)


def _proc_tasks(pid: str) -> int:
    """Threads of process PID (``RLIMIT_NPROC`` counts threads, not processes)."""
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return 0


def _pids() -> list[str]:
    return [entry for entry in os.listdir("/proc") if entry.isdigit()]


def _python_paths() -> list[str]:
    """The interpreter and the folders its kernels import from."""
    paths = sysconfig.get_paths()
    return [
        os.path.realpath(sys.executable),
        paths["stdlib"],
        paths["platstdlib"],
        paths["purelib"],
        paths["platlib"],
    ]


def _world_readable(paths: list[str]) -> bool:
    """Whether another user can read PATHS: search on every ancestor, read (and search) on each."""
    for path in map(Path, paths):
        if not path.exists():
            continue
        for folder in path.resolve().parents:
            if not folder.stat().st_mode & stat.S_IXOTH:
                return False
        need = stat.S_IROTH | (stat.S_IXOTH if path.is_dir() else 0)
        if path.resolve().stat().st_mode & need != need:
            return False
    return True


def _can_switch_user() -> bool:
    """Whether the launcher's switch to a private user works here (a forked trial)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            become(_UID_RANGE[1], _UID_RANGE[1])
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _free_uid() -> int:
    used = {_proc_uid(pid) for pid in _pids()}
    while True:
        uid = random.randrange(*_UID_RANGE)
        if uid not in used:
            return uid


_ACTIVE: Sandbox | None = None

# The fork server is started with -c (so its sys.path[0] is '' like a kernel's, and is dropped
# as ipykernel_launcher drops it); this package is found without staying on the kernel's path.
PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])
"""The folder holding the nncourse package (put on the path of the processes it starts)."""
_FORK_SERVER_BOOT = (
    f"import sys; sys.path.append({PACKAGE_PARENT!r}); from nncourse.grading import forkserver; "
    f"sys.path.remove({PACKAGE_PARENT!r}); forkserver.main(sys.argv[1:])"
)


HOME_PREFIX = "nncourse-kernel-home-"


def _matplotlib_font_cache() -> Path | None:
    """matplotlib's font list cache (built now if missing), to seed each kernel's home with."""
    try:
        import matplotlib
        from matplotlib import font_manager
    except ImportError:
        return None
    name = f"fontlist-v{font_manager.FontManager.__version__}.json"
    path = Path(matplotlib.get_cachedir()) / name
    return path if path.is_file() else None


def activate(box: Sandbox | None) -> None:
    """Make BOX the sandbox of the kernels this process starts (None: plain kernels)."""
    global _ACTIVE
    _ACTIVE = box


def active() -> Sandbox | None:
    """The sandbox set with :func:`activate`, if any."""
    return _ACTIVE


class Sandbox:
    """Kernelspec, private user and watchdog of one grading worker."""

    def __init__(
        self,
        base: Path,
        limits: Limits = Limits(),
        *,
        pythonpath: list[str] = (),
        poll_seconds: float = 0.25,
        private_user: bool | None = None,
        fork_server: bool = True,
    ) -> None:
        self.base = Path(base)
        self.limits = limits
        self.poll_seconds = poll_seconds
        if private_user is None:
            private_user = os.geteuid() == 0 and _can_switch_user()
        self.uid = _free_uid() if private_user else None
        # Under a private user, the home must not sit in the grader's private (0700) folders:
        # access(2) checks with the real uid and without CAP_DAC_READ_SEARCH, so matplotlib
        # would find it unwritable and warn on stderr at every import. Its parent is ours and
        # only traversable, so the kernel cannot swap the home for a link. The fork server's
        # socket sits beside it (a short path: Unix socket paths are limited to 107 bytes).
        self.own_home_folder = Path(tempfile.mkdtemp(prefix=HOME_PREFIX))
        """The temp folder holding the home and the fork server's socket (removed by :meth:`close`)."""
        os.chmod(self.own_home_folder, 0o711)
        self.home = self.own_home_folder / "home"
        self.jupyter_path = self.base / "jupyter"
        self._pythonpath = [str(p) for p in pythonpath]
        self._watch: threading.Thread | None = None
        self._stop = threading.Event()
        self._kernel_pid: int | None = None
        self.kill_reason: str | None = None
        self._font_cache = _matplotlib_font_cache()
        self.fork_socket = self.own_home_folder / "forkserver.sock" if fork_server else None
        self._fork_server: subprocess.Popen | None = None
        self._write_kernelspec()
        if self.fork_socket is not None:
            provisioner.register()
            self._start_fork_server()

    # -- setup ---------------------------------------------------------------
    def _write_kernelspec(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        os.chmod(self.base, 0o711)
        policy_file = self.base / "policy.json"
        pythonpath = os.pathsep.join([*self._pythonpath, os.environ.get("PYTHONPATH", "")]).strip(os.pathsep)
        policy = {
            "limits": self.limits.rlimits(),
            "uid": self.uid,
            "gid": self.uid,
            "read_all": not _world_readable([*_python_paths(), *self._pythonpath]),
            "nproc_extra": self.limits.nproc,
            "home": str(self.home),
            "log": str(self.base / "kernel.log"),
            "env_keep": list(_ENV_KEEP),
            "env": {"PYTHONPATH": pythonpath} if pythonpath else {},
        }
        policy_file.write_text(json.dumps(policy, indent=1))
        self._policy = policy
        spec_dir = self.jupyter_path / "kernels" / KERNEL_NAME
        spec_dir.mkdir(parents=True, exist_ok=True)
        spec = {
            "argv": [
                sys.executable,
                "-S",
                "-E",
                str(_LAUNCHER),
                str(policy_file),
                "--",
                "-m",
                "ipykernel_launcher",
                "-f",
                "{connection_file}",
            ],
            "display_name": "Python 3 (grading sandbox)",
            "language": "python",
            "interrupt_mode": "signal",
        }
        if self.fork_socket is not None:
            spec["metadata"] = {
                "kernel_provisioner": {
                    "provisioner_name": provisioner.PROVISIONER_NAME,
                    "config": {"socket": str(self.fork_socket)},
                }
            }
        (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))

    @property
    def env(self) -> dict[str, str]:
        """Environment entries a process needs to find the sandbox kernelspec."""
        return {"JUPYTER_PATH": str(self.jupyter_path)}

    def _start_fork_server(self) -> None:
        """Start the :mod:`.forkserver` (it imports its modules while the worker sets up)."""
        self._fresh_home()  # matplotlib reads its config folder there when the server imports it
        with contextlib.suppress(FileNotFoundError):
            self.fork_socket.unlink()
        with open(self.base / "kernel.log", "ab") as log:
            self._fork_server = subprocess.Popen(
                [sys.executable, "-c", _FORK_SERVER_BOOT, str(self.base / "policy.json"),
                 str(self.fork_socket)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=log,
                env=environment(self._policy),
                cwd=self.base,
            )

    def _await_fork_server(self, seconds: float = 30.0) -> None:
        """Wait until the fork server listens (restarted if it died); give up after SECONDS.

        Kernels then start the ordinary way (see :mod:`.provisioner`).
        """
        if self.fork_socket is None:
            return
        if self._fork_server is None or self._fork_server.poll() is not None:
            self._start_fork_server()
        deadline = time.monotonic() + seconds
        while not self.fork_socket.exists():
            if self._fork_server.poll() is not None:  # it cannot start here: stop trying
                self.fork_socket = None
                return
            if time.monotonic() > deadline:
                return
            time.sleep(0.02)

    def _stop_fork_server(self) -> None:
        server, self._fork_server = self._fork_server, None
        if server is None:
            return
        server.stdin.close()  # the server's signal to exit
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    # -- per kernel ----------------------------------------------------------
    def _fresh_home(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)
        self.home.mkdir(mode=0o700)
        if self._font_cache is not None:
            # matplotlib would rebuild it in the empty home: 0.5 s per kernel
            (self.home / ".matplotlib").mkdir()
            shutil.copy(self._font_cache, self.home / ".matplotlib" / self._font_cache.name)

    def prepare(self, workdir: Path) -> None:
        """Make a clean home and hand WORKDIR (the student's folder) to the kernel user."""
        self.kill_all()
        self._await_fork_server()  # before the home is emptied: the server may still be importing
        self._fresh_home()
        self.kill_reason = None
        if self.uid is not None:
            _chown_tree(self.home, self.uid)
            _chown_tree(Path(workdir), self.uid)

    def close(self) -> None:
        """Kill what is left, stop the fork server and remove the kernel home (when the worker is done)."""
        self.stop_watch()
        self.kill_all()
        self._stop_fork_server()
        shutil.rmtree(self.own_home_folder, ignore_errors=True)

    def release(self, workdir: Path) -> None:
        """Kill what the kernel left behind and take WORKDIR back from the kernel user."""
        self.stop_watch()
        self.kill_all()
        if self.uid is not None:
            _chown_tree(Path(workdir), 0)
            os.chmod(Path(workdir).parent, 0o700)

    def members(self) -> list[str]:
        """Pids of the sandboxed processes: the private uid's, or the kernel's session."""
        if self.uid is not None:
            return [pid for pid in _pids() if _proc_uid(pid) == self.uid and _proc_alive(pid)]
        if self._kernel_pid is None:
            return []
        return [pid for pid in _pids() if _proc_session(pid) == self._kernel_pid and _proc_alive(pid)]

    def kill_all(self) -> None:
        """SIGKILL every sandboxed process."""
        if self.uid is not None:
            kill_uid(self.uid)
            return
        for _ in range(5):
            pids = self.members()
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.05)
        session = self._kernel_pid
        if session is not None:
            _wait_reaped(lambda pid: _proc_session(pid) == session)

    # -- watchdog ------------------------------------------------------------
    def start_watch(self, kernel_pid: int | None) -> None:
        """Watch the kernel (and its children) until :meth:`stop_watch`."""
        self.stop_watch()
        self._kernel_pid = kernel_pid
        self._stop.clear()
        self._watch = threading.Thread(target=self._watch_loop, name="sandbox-watchdog", daemon=True)
        self._watch.start()

    def stop_watch(self) -> None:
        """Stop the watchdog thread."""
        if self._watch is not None:
            self._stop.set()
            self._watch.join()
            self._watch = None

    def _watch_loop(self) -> None:
        limit = self.limits.memory_mb * MiB
        while not self._stop.wait(self.poll_seconds):
            pids = self.members()
            tasks = sum(_proc_tasks(pid) for pid in pids)
            reason = None
            if tasks >= self.limits.nproc:  # a fork bomb stalls at RLIMIT_NPROC: it never exceeds it
                reason = (
                    f"process limit reached ({len(pids)} processes, {tasks} with their threads; "
                    f"the limit is {self.limits.nproc})"
                )
            else:
                memory = sum(_proc_memory(pid) for pid in pids)
                if memory > limit:
                    reason = f"memory limit exceeded ({memory // MiB} MiB > {self.limits.memory_mb} MiB)"
            if reason:
                self.kill_reason = reason
                self.kill_all()


def kill_uid(uid: int) -> None:
    """SIGKILL every process of UID (the grader must be root).

    ``kill(-1)`` run as that user reaches all its processes at once, even those a
    fork bomb creates meanwhile; it is repeated while any is left. Then it waits
    until they are reaped (see :func:`_wait_reaped`).
    """
    for _ in range(5):
        if not any(_proc_uid(pid) == uid and _proc_alive(pid) for pid in _pids()):
            break
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            try:
                os.setgid(uid)
                os.setuid(uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        time.sleep(0.05)
    _wait_reaped(lambda pid: _proc_uid(pid) == uid)


def _proc_parent(pid: str) -> str | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[1]
    except (OSError, IndexError):
        return None


def _wait_reaped(owned: Callable[[str], bool], seconds: float = 5.0) -> None:
    """Wait (at most SECONDS) until no OWNED process is left, zombies included.

    A killed process counts towards ``RLIMIT_NPROC`` until its parent (often
    init, for a fork bomb's orphans) reaps it: a kernel started earlier cannot
    start its threads. Zombies of this process are left to the code that
    started them.
    """
    me = str(os.getpid())
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(owned(pid) and (_proc_alive(pid) or _proc_parent(pid) != me) for pid in _pids()):
            return
        time.sleep(0.05)


def _chown_tree(root: Path, uid: int) -> None:
    os.chown(root, uid, uid)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), uid, uid)
