"""The :class:`Sandbox` of one grading worker: a kernelspec, a private user, a clean home, a watchdog.

It puts together the parts of this package (see its docstring for what bounds what):
it writes the policy and kernelspec (:mod:`.kernelspec`), starts the fork server
(:mod:`.forkserver_process`), picks a free private uid, hands the student's folder
to it, watches each kernel (:mod:`.watchdog`) and kills what is left between
kernels (:mod:`.kill`).
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from pathlib import Path

from . import provisioner
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
        poll_seconds: float = 0.25,
        private_user: bool | None = None,
        fork_server: bool = True,
    ) -> None:
        self.base = Path(base)
        self.limits = limits
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
        self._kernel_pid: int | None = None
        self.kill_reason: str | None = None
        self._font_cache = _matplotlib_font_cache()
        self._watchdog = Watchdog(limits, poll_seconds, self.members, self._on_breach)

        self.base.mkdir(parents=True, exist_ok=True)
        os.chmod(self.base, 0o711)
        policy_file = self.base / "policy.json"
        policy = write_policy(
            policy_file, limits, self.uid, self.home, self.base / "kernel.log", [str(p) for p in pythonpath]
        )
        socket = self.own_home_folder / "forkserver.sock" if fork_server else None
        write_kernelspec(self.jupyter_path, policy_file, socket)
        self.fork_server = (
            ForkServerProcess(self.base, policy, socket, before_start=self._fresh_home) if socket else None
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

    def prepare(self, workdir: Path) -> None:
        """Make a clean home and hand WORKDIR (the student's folder) to the kernel user."""
        self.kill_all()
        if self.fork_server is not None:
            # before the home is emptied: the server may still be importing
            self.fork_server.await_listening()
        self._fresh_home()
        self.kill_reason = None
        if self.uid is not None:
            _chown_tree(self.home, self.uid)
            _chown_tree(Path(workdir), self.uid)

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
        if self.uid is not None:
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
