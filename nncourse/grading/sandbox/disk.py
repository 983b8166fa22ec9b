"""The kernel's disk wall: every slot's writable folders on a tmpfs of its own, bounded in bytes
and in files (inodes), mounted in the grading worker's own mount namespace.

Before 2026-12-02 a kernel's home, working folder and run folder were plain folders under the
host's ``/tmp``, on the root filesystem; only one file's size was bounded (``RLIMIT_FSIZE``). A
cell wrote 25 files of 60 MiB in 9 s, another 105,000 files in 8 s (outside test): one student
could fill the host. Now (:class:`.box.Sandbox`):

* the sandbox's folder (``own_home_folder``) is a small tmpfs of its own (:data:`TOP_BYTES`,
  :data:`TOP_FILES`: the fork server's socket, the audit FIFOs, the slots' mount points);
* each slot has a tmpfs of ``Limits.disk_mb`` MiB and ``Limits.disk_files`` files, whose
  ``home``, ``notebook`` and ``run`` folders are bound at the slot's usual paths; a kernel that
  writes past it gets ``ENOSPC`` ("No space left on device") and the grader says why
  (:func:`full_words`). Bound by construction: nothing is scanned.

The mounts live in the worker's own mount namespace (:func:`enter_own_mount_namespace`, the
first thing ``worker.main`` does; a grader that is not root makes a user namespace for it, its
own uid mapped to itself). The host sees an empty folder; nothing a student wrote ever reaches
the host's disk, and everything ends with the worker's last process, however it dies (the
outside test of 2026-12-02 found a student's preprocessed notebook and hidden inputs, 0644,
left in ``notebook-1`` by a worker killed while it prepared the next slot).

tmpfs pages are memory (or swap): a slot costs only what its kernel wrote, at most
``disk_mb``; the watchdog's memory sum does not see them (they are not mapped).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import stat
import time
from pathlib import Path

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
_MS_NOSUID, _MS_NODEV, _MS_BIND, _MS_REC, _MS_PRIVATE = 0x2, 0x4, 0x1000, 0x4000, 1 << 18
_MNT_DETACH = 0x2
TOP_BYTES = 8 * 1024 * 1024
"""Size of the sandbox folder's own tmpfs (sockets, FIFOs, mount points: no kernel writes it)."""
TOP_FILES = 4096
NO_SPACE = os.strerror(28)
"""``ENOSPC``'s message, "No space left on device", as a kernel's cell shows it."""

_own_namespace = False


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def enter_own_mount_namespace() -> bool:
    """Move this process into a mount namespace of its own, where nothing it mounts reaches the
    host (a grader that is not root: in a user namespace too, its uid and gid mapped to
    themselves). Must run before the process starts a thread (``unshare`` refuses otherwise).
    True once done; False where the kernel refuses it (the sandbox then keeps plain folders)."""
    global _own_namespace
    if _own_namespace:
        return True
    uid, gid = os.getuid(), os.getgid()
    libc = _libc()
    try:
        _check(libc.unshare(CLONE_NEWNS | (0 if uid == 0 else CLONE_NEWUSER)), "unshare")
        if uid != 0:
            Path("/proc/self/setgroups").write_text("deny")
            Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
            Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
        _check(libc.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None), "mount --make-rprivate /")
    except OSError:
        return False
    _own_namespace = True
    return True


def can_mount() -> bool:
    """Whether this process can mount the disk walls: only in its own mount namespace, where the
    mounts end with it. A sandbox made in a process that did not enter one (a test's, in-process)
    keeps plain folders: a mount on the host would outlive a killed process, with what it holds."""
    return _own_namespace


def mount_tmpfs(folder: Path, size_bytes: int, files: int, mode: int = 0o711) -> None:
    """Mount a tmpfs of SIZE_BYTES and FILES inodes (its root folder counts as one) on FOLDER."""
    options = f"size={size_bytes},nr_inodes={files},mode={mode:o}".encode()
    _check(_libc().mount(b"tmpfs", str(folder).encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV, options),
           f"mount tmpfs on {folder}")


def bind(source: Path, target: Path) -> None:
    """Bind SOURCE at TARGET (both folders)."""
    _check(_libc().mount(str(source).encode(), str(target).encode(), None, _MS_BIND, None),
           f"bind {source} at {target}")


def unmount(folder: Path) -> None:
    """Detach FOLDER's mount and every mount under it (nothing if it is not a mount point)."""
    _libc().umount2(str(folder).encode(), _MNT_DETACH)


def full_words(folder: Path, size_bytes: int, files: int) -> str | None:
    """What a student reads when the tmpfs holding FOLDER is full (of bytes or of files); None
    while there is room."""
    try:
        fs = os.statvfs(folder)
    except OSError:
        return None
    if fs.f_bavail == 0 or fs.f_favail == 0:
        return limit_words(size_bytes, files)
    return None


def limit_words(size_bytes: int, files: int) -> str:
    """The disk limit in words, for the feedback."""
    return (f"the kernel's disk limit ({size_bytes // (1024 * 1024)} MiB or {files} files, for its "
            "home and working folder together) was reached")


def _writable(path: str) -> None:
    """Let the owner list and remove what a folder holds (a student may chmod 000 its own)."""
    with contextlib.suppress(OSError):
        os.chmod(path, stat.S_IRWXU)


def empty(folder: Path, mode: int) -> None:
    """Remove everything in FOLDER, keep the folder itself (it may be a mount point) with MODE;
    make it if missing."""
    folder = Path(folder)
    if not folder.is_dir() or folder.is_symlink():
        with contextlib.suppress(FileNotFoundError):
            folder.unlink()
        folder.mkdir(mode=mode)
    _writable(str(folder))

    def retry(function, path, _exc) -> None:
        _writable(os.path.dirname(path))
        _writable(path)
        with contextlib.suppress(OSError):
            (shutil.rmtree if os.path.isdir(path) and not os.path.islink(path) else os.unlink)(path)

    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, onerror=retry)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
    os.chmod(folder, mode)  # whatever the umask


def remove_once_gone(folder: Path, pid: int, seconds: float = 10.0) -> None:
    """Remove FOLDER (the host's, once its mounts are detached) after process PID has exited: a
    child in a session of its own outlives the worker's process group, and removes the folder
    when no thread of the worker can make anything in it any more."""
    ready_r, ready_w = os.pipe()
    if os.fork() != 0:
        os.close(ready_w)
        os.read(ready_r, 1)  # the child is in its own session: the worker's group may be killed
        os.close(ready_r)
        return
    try:  # pragma: no cover - the child
        os.setsid()
        os.close(ready_w)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.01)
        unmount(folder)
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os._exit(0)


def in_own_namespace() -> bool:
    """Whether :func:`enter_own_mount_namespace` has been done in this process."""
    return _own_namespace


__all__ = ["NO_SPACE", "can_mount", "empty", "enter_own_mount_namespace", "full_words",
           "in_own_namespace", "limit_words", "mount_tmpfs", "remove_once_gone", "unmount"]
