"""The :class:`Sandbox` of one grading worker: a kernelspec, a private user, a clean home, a watchdog.

It puts together the parts of this package (see its docstring for what bounds what):
it writes the policy and kernelspec (:mod:`.kernelspec`), starts the fork server
(:mod:`.forkserver_process`) behind the walls (:mod:`.walls`), picks a free private
uid, hands the student's folder to it, watches each kernel (:mod:`.watchdog`) and
kills what is left between kernels (:mod:`.kill`).

Behind the walls, the kernel cannot see the student's folder in the grader's
course copy (its neighbours are the gradebook, ``source/`` and other students).
:meth:`Sandbox.prepare` copies that folder's files into the sandbox's own
``notebook`` folder, the one student's files only, and returns it: the kernel
runs there. The kernel's connection file and ``ipc`` sockets go in its ``run``
folder (:meth:`Sandbox.kernel_manager_settings`). Both are emptied between kernels.
"""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import provisioner, walls
from .forkserver_process import ForkServerProcess
from .kernelspec import write_kernelspec, write_policy
from .kill import kill_session, kill_uid
from .launcher import become
from .limits import Limits
from .procfs import live_of_session, live_of_uid, pids, proc_uid
from .watchdog import Watchdog

UID_RANGE = (1_800_000_000, 1_900_000_000)
"""Private uids are drawn from this range (a process of such a uid is a sandboxed one)."""
HOME_PREFIX = "nncourse-kernel-home-"
"""Name prefix of the temp folders holding the kernel homes."""


def _can_switch_user() -> bool:
    """Whether the launcher's switch to a private user works here (a forked trial)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            become(UID_RANGE[1], UID_RANGE[1])
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _free_uid() -> int:
    used = {proc_uid(pid) for pid in pids()}
    while True:
        uid = random.randrange(*UID_RANGE)
        if uid not in used:
            return uid


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


def _package_paths(pythonpath: Iterable[str], packages: Iterable[str]) -> list[str]:
    """The folders (or modules) of PACKAGES: found in the PYTHONPATH folders, else where this
    process imports them from (a course folder without its own check library grades with the
    grader's, as the kernel's site-packages path finds it)."""
    found = []
    for name in packages:
        here = [candidate.resolve() for folder in map(Path, pythonpath)
                for candidate in (folder / name, folder / f"{name}.py") if candidate.exists()]
        if not here:
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin not in (None, "namespace"):
                origin = Path(spec.origin).resolve()
                here = [origin.parent if spec.submodule_search_locations else origin]
        found += map(str, here)
    return found


def _empty(folder: Path, mode: int) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=mode)
    os.chmod(folder, mode)  # whatever the umask


def _chown_tree(root: Path, uid: int) -> None:
    os.chown(root, uid, uid)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), uid, uid)


_ACTIVE: Sandbox | None = None


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
        packages: Iterable[str] = (),
        poll_seconds: float = 0.25,
        private_user: bool | None = None,
        fork_server: bool = True,
        walled: bool = True,
    ) -> None:
        """PYTHONPATH: folders on the kernel's path; PACKAGES: the names in them the kernel may
        import (the only ones it sees behind the walls). WALLED: kernels run inside
        :mod:`.walls` (False: ``--unsafe-no-sandbox``, limits and private user only)."""
        self.base = Path(base)
        self.limits = limits
        self.walled = walled
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
        self.notebook_folder = self.own_home_folder / "notebook"
        """Behind the walls: where the kernel runs, on a copy of the student's files."""
        self.run_folder = self.own_home_folder / "run"
        """Behind the walls: the kernel's connection file and ``ipc`` sockets."""
        self.jupyter_path = self.base / "jupyter"
        self._kernel_pid: int | None = None
        self.kill_reason: str | None = None
        self._font_cache = _matplotlib_font_cache()
        self._watchdog = Watchdog(limits, poll_seconds, self.members, self._on_breach)

        self.base.mkdir(parents=True, exist_ok=True)
        os.chmod(self.base, 0o711)
        policy_file = self.base / "policy.json"
        bound = _package_paths(pythonpath, packages)
        policy = write_policy(
            policy_file,
            limits,
            self.uid,
            self.home,
            None if walled else self.base / "kernel.log",
            [str(p) for p in pythonpath],
            walled=bound if walled else None,
            # behind the walls, as root: each kernel its own IPC and network namespace
            own_namespaces=walled and self.uid is not None,
        )
        socket = self.own_home_folder / "forkserver.sock" if fork_server else None
        server_walls: list[str] = []
        kernel_walls: list[str] = []
        if walled:
            keep = ["CAP_SETUID", "CAP_SETGID"] if self.uid is not None else []
            if self.uid is not None and policy["read_all"]:
                keep.append("CAP_DAC_READ_SEARCH")
            view = dict(readable=[str(policy_file), *bound], writable=[str(self.own_home_folder)])
            view.update(chdir=str(self.own_home_folder))
            # the fork server also makes each kernel's own namespaces (namespaces.py); the kernel
            # drops every capability when it becomes the private user
            unshare = ["CAP_SYS_ADMIN", "CAP_NET_ADMIN"] if policy["own_namespaces"] else []
            server_walls = walls.bwrap_command(**view, keep_caps=[*keep, *unshare], new_session=True)
            kernel_walls = walls.bwrap_command(**view, keep_caps=keep, new_session=False)
        write_kernelspec(
            self.jupyter_path, policy_file, socket, kernel_walls, self.uid if walled else None
        )
        self.fork_server = (
            ForkServerProcess(self.base, policy, socket, before_start=self._fresh_home, walls=server_walls)
            if socket
            else None
        )
        """The fork server kernels are forked from (None: every kernel starts a new interpreter)."""
        if self.fork_server is not None:
            provisioner.register()
            self.fork_server.start()

    @property
    def fork_socket(self) -> Path | None:
        """Where the fork server listens (None without one, or once it could not start)."""
        return self.fork_server.socket if self.fork_server is not None else None

    @property
    def env(self) -> dict[str, str]:
        """Environment entries a process needs to find the sandbox kernelspec."""
        return {"JUPYTER_PATH": str(self.jupyter_path)}

    # -- per kernel ----------------------------------------------------------
    def _fresh_home(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)
        self.home.mkdir(mode=0o700)
        if self._font_cache is not None:
            # matplotlib would rebuild it in the empty home: 0.5 s per kernel
            (self.home / ".matplotlib").mkdir()
            shutil.copy(self._font_cache, self.home / ".matplotlib" / self._font_cache.name)

    def prepare(self, workdir: Path) -> Path:
        """Make a clean home, give the kernel WORKDIR's files; the folder the kernel must run in.

        Behind the walls, that is :attr:`notebook_folder`, holding a copy of WORKDIR's
        files; otherwise WORKDIR itself, handed to the kernel user.
        """
        self.kill_all()
        if self.fork_server is not None:
            # before the home is emptied: the server may still be importing
            self.fork_server.await_listening()
        self._fresh_home()
        self.kill_reason = None
        kernel_folder = Path(workdir)
        if self.walled:
            # 0755 and 0711: root inside the walls (the fork server) has no capability to
            # enter a folder it does not own, and must reach the sockets and the kernel's folder
            _empty(self.notebook_folder, 0o755)
            shutil.copytree(workdir, self.notebook_folder, symlinks=True, dirs_exist_ok=True)
            _empty(self.run_folder, 0o711)
            kernel_folder = self.notebook_folder
        if self.uid is not None:
            _chown_tree(self.home, self.uid)
            _chown_tree(kernel_folder, self.uid)
            if self.walled:
                _chown_tree(self.run_folder, self.uid)
        return kernel_folder

    def kernel_manager_settings(self) -> dict[str, Any]:
        """KernelManager traits for the next kernel: behind the walls (no network), ZeroMQ's
        ``ipc`` transport in :attr:`run_folder`; otherwise none (jupyter_client's TCP)."""
        if not self.walled:
            return {}
        name = self.run_folder / f"kernel-{uuid.uuid4().hex[:12]}"  # short: socket paths < 108 bytes
        return {"transport": "ipc", "connection_file": f"{name}.json", "ip": f"{name}-ipc"}

    def close(self) -> None:
        """Kill what is left, stop the fork server and remove the kernel home (when the worker is done)."""
        self.stop_watch()
        self.kill_all()
        if self.fork_server is not None:
            self.fork_server.stop()
        shutil.rmtree(self.own_home_folder, ignore_errors=True)

    def release(self, workdir: Path) -> None:
        """Kill what the kernel left behind and take WORKDIR back from the kernel user."""
        self.stop_watch()
        self.kill_all()
        if self.walled:
            # the next student must find nothing of this one's
            _empty(self.notebook_folder, 0o755)
            _empty(self.run_folder, 0o711)
        elif self.uid is not None:
            _chown_tree(Path(workdir), 0)
            os.chmod(Path(workdir).parent, 0o700)

    def members(self) -> list[str]:
        """Pids of the sandboxed processes: the private uid's, or the kernel's session."""
        if self.uid is not None:
            return live_of_uid(self.uid)
        if self._kernel_pid is None:
            return []
        return live_of_session(self._kernel_pid)

    def kill_all(self) -> None:
        """SIGKILL every sandboxed process."""
        if self.uid is not None:
            kill_uid(self.uid)
        elif self._kernel_pid is not None:
            kill_session(self._kernel_pid)

    # -- watchdog ------------------------------------------------------------
    def start_watch(self, kernel_pid: int | None) -> None:
        """Watch the kernel (and its children) until :meth:`stop_watch`."""
        self._watchdog.stop()
        self._kernel_pid = kernel_pid
        self._watchdog.start()

    def stop_watch(self) -> None:
        """Stop the watchdog thread."""
        self._watchdog.stop()

    def _on_breach(self, reason: str) -> None:
        self.kill_reason = reason
        self.kill_all()
