"""The :class:`Sandbox` of one grading worker: a kernelspec, a private user, a clean home, a watchdog.

It puts together the parts of this package (see its docstring for what bounds what):
it makes the policy and writes the kernelspec (:mod:`.kernelspec`), starts the fork server
(:mod:`.forkserver_process`) behind the walls (:mod:`.walls`), picks a free private
uid, hands the student's folder to it, watches each kernel (:mod:`.watchdog`) and
kills what is left between kernels (:mod:`.kill`).

Behind the walls, the kernel cannot see the student's folder in the grader's
course copy (its neighbours are the gradebook, ``source/`` and other students).
:meth:`Sandbox.prepare` copies that folder's files into the sandbox's own
``notebook`` folder, the one student's files only, and returns it: the kernel
runs there. The kernel's connection file and ``ipc`` sockets go in its ``run``
folder (:meth:`Sandbox.kernel_manager_settings`). Both are emptied between kernels.

Behind the walls, in a worker that entered its own mount namespace
(:func:`.disk.enter_own_mount_namespace`), the sandbox's folder is a small tmpfs and each
slot's ``home``, ``notebook`` and ``run`` folders are one tmpfs of ``Limits.disk_mb`` MiB and
``Limits.disk_files`` files (:mod:`.disk`): a kernel cannot fill the host, and nothing of a
student's is ever on the host's disk. Folders are emptied in place (they are mount points).

With ``slots=2`` (``GradingOptions.prestart_kernel``, behind the walls with a private
user), the sandbox has two slots (:class:`Slot`), each with its own private uid, home,
notebook and run folder (0700, the slot's uid's) and kernelspec, so that the next
notebook's kernel can start in one slot while the current notebook runs in the other
(:mod:`..prestart`). What acts on "the kernel" (:meth:`Sandbox.prepare`,
:meth:`Sandbox.kill_all`, the watchdog, :meth:`Sandbox.release`) acts on the current
slot (:meth:`Sandbox.use_slot`) only; :meth:`Sandbox.close` on every slot.
"""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import disk, provisioner, walls
from .forkserver_process import ForkServerProcess
from .kernelspec import KERNEL_NAME, make_policy, write_kernelspec
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


def _free_uid(taken: Iterable[int] = ()) -> int:
    used = {proc_uid(pid) for pid in pids()} | set(taken)
    while True:
        uid = random.randrange(*UID_RANGE)
        if uid not in used:
            return uid


@dataclass(frozen=True)
class Slot:
    """Where one kernel of a sandbox runs: its user, folders and kernelspec.

    Slot 0 has the names a one-slot sandbox always had (``home``, ``notebook``, ``run``,
    ``KERNEL_NAME``); slot N > 0 adds ``-N`` to each.
    """

    index: int
    uid: int | None
    """The slot's private user (None: the grader's own)."""
    home: Path
    notebook_folder: Path
    """Behind the walls: where the kernel runs, on a copy of the student's files."""
    run_folder: Path
    """Behind the walls: the kernel's connection file and ``ipc`` sockets."""
    kernel_name: str
    given_folder: Path
    """Behind the walls: files the grader gives the kernel to read and never to change
    (:meth:`Sandbox.give`): the grader's, not the slot user's, and read-only in a kernel
    of the grader's own uid."""


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


def _chown_tree(root: Path, uid: int) -> None:
    os.chown(root, uid, uid)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), uid, uid)


def _private_tree(root: Path) -> None:
    """The files under ROOT 0600 and its folders 0700 (ROOT itself keeps its mode): the student's
    notebook and hidden inputs are its kernel's only (0644 copies were found by the outside test
    of 2026-12-02)."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), 0o700)
        for name in filenames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                os.chmod(path, 0o600)


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
        slots: int = 1,
    ) -> None:
        """PYTHONPATH: folders on the kernel's path; PACKAGES: the names in them the kernel may
        import (the only ones it sees behind the walls). WALLED: kernels run inside
        :mod:`.walls` (False: ``--unsafe-no-sandbox``, limits and private user only).
        SLOTS: how many kernels may be alive at once (2: one pre-started for the next
        notebook); more than one only behind the walls with a fork server and a private
        user, where each slot can be walled off from the others (else 1, whatever is asked)."""
        self.base = Path(base)
        self.limits = limits
        self.walled = walled
        if private_user is None:
            private_user = os.geteuid() == 0 and _can_switch_user()
        uid = _free_uid() if private_user else None
        if walled and not private_user:
            # Every kernel is then the grader's uid. Forked kernels would share the fork server's
            # PID, mount, IPC and network namespaces: a process a kernel left in a new session, what
            # it left in IPC or an abstract socket, would meet the next student's kernel, and it
            # could ptrace the server (its parent, same uid) that forks every later one. Each kernel
            # gets walls of its own instead, which end with it (2026-12-02; about 1 s more per kernel).
            fork_server = False
        if not (walled and fork_server and private_user):
            slots = 1
        # Under a private user, the home must not sit in the grader's private (0700) folders:
        # access(2) checks with the real uid and without CAP_DAC_READ_SEARCH, so matplotlib
        # would find it unwritable and warn on stderr at every import. Its parent is ours and
        # only traversable, so the kernel cannot swap the home for a link. The fork server's
        # socket sits beside it (a short path: Unix socket paths are limited to 107 bytes).
        self.own_home_folder = Path(tempfile.mkdtemp(prefix=HOME_PREFIX))
        """The temp folder holding the home and the fork server's socket (removed by :meth:`close`)."""
        os.chmod(self.own_home_folder, 0o711)
        self.disk_bounded = walled and disk.can_mount()
        """Whether each slot's writable folders are a tmpfs of ``limits.disk_mb`` MiB and
        ``limits.disk_files`` files (:mod:`.disk`; behind the walls, where this process can mount)."""
        if self.disk_bounded:
            disk.mount_tmpfs(self.own_home_folder, disk.TOP_BYTES, disk.TOP_FILES)
        self.slots: list[Slot] = []
        """The kernel slots (one, or two with a pre-started kernel; see the module docstring)."""
        for index in range(slots):
            tail = f"-{index}" if index else ""
            if index:
                uid = _free_uid(taken=[s.uid for s in self.slots])
            self.slots.append(Slot(
                index, uid, self.own_home_folder / f"home{tail}", self.own_home_folder / f"notebook{tail}",
                self.own_home_folder / f"run{tail}", f"{KERNEL_NAME}{tail}",
                self.own_home_folder / f"given{tail}",
            ))
        if self.disk_bounded:
            for slot in self.slots:
                self._mount_slot_disk(slot)
        for slot in self.slots:
            self._make_given_folder(slot)
        self.slot = self.slots[0]
        """The slot of the current (or next) notebook's kernel (:meth:`use_slot`)."""
        self.jupyter_path = self.base / "jupyter"
        self._kernel_pid: int | None = None
        self.kill_reason: str | None = None
        self._font_cache = _matplotlib_font_cache()
        self._watchdog = Watchdog(limits, poll_seconds, self.members, self._on_breach)

        self.base.mkdir(parents=True, exist_ok=True)
        os.chmod(self.base, 0o711)
        bound = _package_paths(pythonpath, packages)
        # one policy per slot (the fork server's, slot 0's, holds every slot: ``slots``); handed
        # over in the environment, never as a file the kernel could see (launcher.read_policy)
        policies = [
            make_policy(
                limits,
                slot.uid,
                slot.home,
                None if walled else self.base / "kernel.log",
                [str(p) for p in pythonpath],
                walled=bound if walled else None,
                # behind the walls, as root: each kernel its own IPC and network namespace
                own_namespaces=walled and slot.uid is not None,
                slots=[{"uid": s.uid, "gid": s.uid, "home": str(s.home)} for s in self.slots],
            )
            for slot in self.slots
        ]
        policy = policies[0]
        socket = self.own_home_folder / "forkserver.sock" if fork_server else None
        server_walls: list[str] = []
        kernel_walls: dict[int, list[str]] = {}
        if walled:
            keep = ["CAP_SETUID", "CAP_SETGID"] if self.uid is not None else []
            if self.uid is not None and policy["read_all"]:
                keep.append("CAP_DAC_READ_SEARCH")
            view = dict(readable=bound, writable=[str(self.own_home_folder)])
            view.update(chdir=str(self.own_home_folder))
            # the fork server also makes each kernel's own namespaces (namespaces.py); the kernel
            # drops every capability when it becomes the private user
            unshare = ["CAP_SYS_ADMIN", "CAP_NET_ADMIN"] if policy["own_namespaces"] else []
            server_walls = walls.bwrap_command(**view, keep_caps=[*keep, *unshare], new_session=True)
            # a kernel started by the launcher has walls of its own, made as it starts: the sandbox's
            # folder read-only, only its slot's folders writable (a grader that is not root owns the
            # folder, and so would its kernels: what one left there would reach the next)
            for slot in self.slots:
                kernel_walls[slot.index] = walls.bwrap_command(
                    readable=[*bound, str(self.own_home_folder)],
                    writable=[str(slot.home), str(slot.notebook_folder), str(slot.run_folder)],
                    # a grader that is not root: in the student's folder, as a forked kernel is (before
                    # 2026-12-02 the sandbox folder, read-only: relative paths failed on this path only);
                    # as root bubblewrap could not enter the slot user's 0700 folder
                    chdir=str(slot.notebook_folder if slot.uid is None else self.own_home_folder),
                    keep_caps=keep, new_session=False)
        for slot, slot_policy in zip(self.slots, policies, strict=True):
            write_kernelspec(
                self.jupyter_path, slot_policy, socket, kernel_walls.get(slot.index, []),
                slot.uid if walled else None, name=slot.kernel_name, slot=slot.index,
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

    # -- the current slot ------------------------------------------------------
    @property
    def uid(self) -> int | None:
        """The current slot's private uid (None: the grader's own)."""
        return self.slot.uid

    @property
    def uids(self) -> list[int]:
        """Every slot's private uid (empty without a private user)."""
        return [s.uid for s in self.slots if s.uid is not None]

    @property
    def home(self) -> Path:
        """The current slot's kernel home."""
        return self.slot.home

    @property
    def notebook_folder(self) -> Path:
        """Behind the walls: where the current slot's kernel runs, on a copy of the student's files."""
        return self.slot.notebook_folder

    @property
    def run_folder(self) -> Path:
        """Behind the walls: the current slot's connection file and ``ipc`` sockets."""
        return self.slot.run_folder

    def use_slot(self, index: int) -> Slot:
        """Make slot INDEX the current one (the watchdog must be stopped); that slot."""
        self.slot = self.slots[index]
        return self.slot

    def other_slot(self) -> Slot | None:
        """The slot after the current one, for a pre-started kernel (None with one slot)."""
        if len(self.slots) < 2:
            return None
        return self.slots[(self.slot.index + 1) % len(self.slots)]

    @property
    def env(self) -> dict[str, str]:
        """Environment entries a process needs to find the sandbox kernelspec."""
        return {"JUPYTER_PATH": str(self.jupyter_path)}

    def _mount_slot_disk(self, slot: Slot) -> None:
        """SLOT's disk wall: one tmpfs (``.disk``, ``.disk-N``), its ``home``, ``notebook`` and ``run``
        folders bound at the slot's paths, so that the three share the one limit."""
        volume = self.own_home_folder / f".disk{'-' + str(slot.index) if slot.index else ''}"
        volume.mkdir(mode=0o711)
        disk.mount_tmpfs(volume, self.limits.disk_bytes, self.limits.disk_files)
        for folder in (slot.home, slot.notebook_folder, slot.run_folder):
            (volume / folder.name).mkdir(mode=0o700)
            folder.mkdir(mode=0o700)
            disk.bind(volume / folder.name, folder)

    def _make_given_folder(self, slot: Slot) -> None:
        """SLOT's folder of given files: the grader's, readable by the slot's user only (its group)."""
        slot.given_folder.mkdir(mode=0o700)
        if slot.uid is not None:
            os.chown(slot.given_folder, os.geteuid(), slot.uid)
        os.chmod(slot.given_folder, 0o750 if slot.uid is not None else 0o755)

    def give(self, name: str, text: str, slot: Slot | None = None) -> Path:
        """Put TEXT in a file NAME that SLOT's kernel (default: the current slot's) can read and never
        change; the file's path, the same inside the walls.

        The kernel can change what it owns, however it goes about it: a child process or
        ``ctypes`` gets past any check in the interpreter (the outside test of 2026-12-02). So the
        file is not the kernel's: the grader's, group-readable by the slot's private user, in a
        folder of the grader's, which a private user cannot write, rename or remove; a grader that
        is not root runs its kernels as itself, and their walls bind the sandbox's folder, where
        this one is, read-only. Written under a temporary name and renamed: a kernel pre-started
        in the slot never reads half a file.
        """
        slot = slot or self.slot
        path = slot.given_folder / name
        part = slot.given_folder / f".{name}.{uuid.uuid4().hex[:8]}"
        part.write_text(text)
        if slot.uid is not None:
            os.chown(part, os.geteuid(), slot.uid)
        os.chmod(part, 0o640 if slot.uid is not None else 0o644)
        os.replace(part, path)
        return path

    def given_path(self, name: str, slot: Slot | None = None) -> Path:
        """Where :meth:`give` puts NAME for SLOT's kernel (default: the current slot's)."""
        return (slot or self.slot).given_folder / name

    def disk_full_words(self) -> str | None:
        """What the student reads when the current slot's disk wall is full (None: there is room,
        or no wall)."""
        if not self.disk_bounded:
            return None
        return disk.full_words(self.home, self.limits.disk_bytes, self.limits.disk_files)

    # -- per kernel ----------------------------------------------------------
    def _fresh_home(self, slot: Slot | None = None) -> None:
        home = (slot or self.slot).home
        disk.empty(home, 0o700)  # emptied in place: with the disk wall it is a mount point
        if self._font_cache is not None:
            # matplotlib would rebuild it in the empty home: 0.5 s per kernel
            (home / ".matplotlib").mkdir()
            shutil.copy(self._font_cache, home / ".matplotlib" / self._font_cache.name)

    def _folder_modes(self) -> tuple[int, int]:
        """Modes of the notebook and run folders. With one slot, 0755 and 0711: root inside the
        walls (the fork server) has no capability to enter a folder it does not own (the forked
        child enters it once it is the kernel's user). With two, 0700: a slot's kernel must
        not reach the other's files, connection file or sockets."""
        return (0o700, 0o700) if len(self.slots) > 1 else (0o755, 0o711)

    def clear_slot(self, slot: Slot | None = None) -> None:
        """Kill what SLOT's user runs (default: the current slot); give it a clean home and,
        behind the walls, empty notebook and run folders (the kernel's own, kept in place
        from then on)."""
        slot = slot or self.slot
        self.kill_all(slot)
        if self.fork_server is not None:
            # before the home is emptied: the server may still be importing
            self.fork_server.await_listening()
        self._fresh_home(slot)
        if slot is self.slot:
            self.kill_reason = None
        if self.walled:
            notebook_mode, run_mode = self._folder_modes()
            disk.empty(slot.notebook_folder, notebook_mode)
            disk.empty(slot.run_folder, run_mode)
        if slot.uid is not None:
            _chown_tree(slot.home, slot.uid)
            if self.walled:
                _chown_tree(slot.notebook_folder, slot.uid)
                _chown_tree(slot.run_folder, slot.uid)

    def kernel_folder(self, slot: Slot | None = None) -> Path:
        """Behind the walls, the folder SLOT's kernel runs in (default: the current slot's)."""
        return (slot or self.slot).notebook_folder

    def prepare(self, workdir: Path, cleared: bool = False) -> Path:
        """Make a clean home, give the kernel WORKDIR's files; the folder the kernel must run in.

        Behind the walls, that is :attr:`notebook_folder`, holding a copy of WORKDIR's
        files; otherwise WORKDIR itself, handed to the kernel user. CLEARED: the slot was
        cleared (:meth:`clear_slot`) when its pre-started kernel started, which is still
        alive in it and must not be killed; only the files are added.
        """
        if not cleared:
            self.clear_slot()
        kernel_folder = Path(workdir)
        if self.walled:
            shutil.copytree(workdir, self.notebook_folder, symlinks=True, dirs_exist_ok=True)
            kernel_folder = self.notebook_folder
            _private_tree(kernel_folder)
        if self.uid is not None:
            _chown_tree(kernel_folder, self.uid)
        return kernel_folder

    def kernel_manager_settings(self, slot: Slot | None = None) -> dict[str, Any]:
        """KernelManager traits for the next kernel of SLOT (default: the current slot): behind
        the walls (no network), ZeroMQ's ``ipc`` transport in its run folder; otherwise none
        (jupyter_client's TCP)."""
        if not self.walled:
            return {}
        # short: socket paths < 108 bytes
        name = (slot or self.slot).run_folder / f"kernel-{uuid.uuid4().hex[:12]}"
        return {"transport": "ipc", "connection_file": f"{name}.json", "ip": f"{name}-ipc"}

    def close(self) -> None:
        """Kill what is left in every slot, stop the fork server and remove the kernel homes
        (when the worker is done)."""
        self.stop_watch()
        self.kill_every_slot()
        if self.fork_server is not None:
            self.fork_server.stop()
        if self.disk_bounded:
            disk.unmount(self.own_home_folder)
        shutil.rmtree(self.own_home_folder, ignore_errors=True)

    def release(self, workdir: Path) -> None:
        """Kill what the kernel left behind and take WORKDIR back from the kernel user."""
        self.stop_watch()
        self.kill_all()
        if self.walled:
            # the next student must find nothing of this one's
            notebook_mode, run_mode = self._folder_modes()
            disk.empty(self.notebook_folder, notebook_mode)
            disk.empty(self.run_folder, run_mode)
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

    def kill_all(self, slot: Slot | None = None) -> None:
        """SIGKILL every sandboxed process of SLOT (default: the current slot; never another's)."""
        uid = (slot or self.slot).uid
        if uid is not None:
            kill_uid(uid)
        elif self._kernel_pid is not None:
            kill_session(self._kernel_pid)

    def kill_every_slot(self) -> None:
        """SIGKILL every sandboxed process of every slot (the worker is done or gone)."""
        for uid in self.uids:
            kill_uid(uid)
        if not self.uids and self._kernel_pid is not None:
            kill_session(self._kernel_pid)

    # -- watchdog ------------------------------------------------------------
    def start_watch(self, kernel_pid: int | None) -> None:
        """Watch the kernel (and its children) until :meth:`stop_watch`; forget an earlier
        kernel's kill (a pre-started kernel's slot was cleared before that kill)."""
        self._watchdog.stop()
        self._kernel_pid = kernel_pid
        self.kill_reason = None
        self._watchdog.start()

    def stop_watch(self) -> None:
        """Stop the watchdog thread."""
        self._watchdog.stop()

    def _on_breach(self, reason: str) -> None:
        self.kill_reason = reason
        self.kill_all()
