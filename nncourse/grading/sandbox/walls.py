"""The sandbox's walls: the bubblewrap (``bwrap``) command a grading kernel runs inside.

A kernel sees a file system built for it, in its own mount, PID, network, IPC and
UTS namespaces (:func:`bwrap_command`):

* read-only: ``/usr`` (and the ``/bin``, ``/lib*`` links to it), a few files of
  ``/etc`` (the loader cache, the time zone), the Python installation (the venv
  and its base interpreter), the four modules of the grader its start path runs
  (:data:`KERNEL_MODULES`: launcher, fork server, namespaces, audit hook; nothing
  else of ``nncourse/``) and the course packages the kernel may import (``autograder``);
* writable: nothing but the sandbox's own folder (:attr:`.box.Sandbox.own_home_folder`):
  the kernel's home (also its ``TMPDIR``), the folder holding a copy of the one
  student's notebooks being graded, and the folder of the connection file and the
  ZeroMQ ``ipc`` sockets;
* a fresh ``/proc`` (of its PID namespace), a minimal ``/dev`` and an empty ``/tmp``,
  read-only like the rest of the tree (``--remount-ro``: also for a grader that is not
  root, whose user namespace makes them the kernel's own otherwise);
* no network: only a loopback of its own. Kernel and grader speak over ``ipc``
  sockets in the shared folder, not TCP.

Not there: ``solutions/``, ``source/``, the gradebook, the grader's course copy and
temp folders, other students, the host's ``/tmp``, ``/root`` and home folders.
Paths inside are the host's paths (each folder is bound where it is), so the
connection file, the sockets and the kernel's working folder need no translation.

Where bubblewrap is missing or refused, :func:`require` raises
:class:`SandboxUnavailable` with what to install or enable; grading stops then,
unless the instructor asked for ``--unsafe-no-sandbox``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

AUDIT_HOOK = str(Path(__file__).resolve().parent.parent / "integrity" / "audit_hook.py")
"""The runtime audit the kernels install before any student code (standard library only): the one
file of ``integrity/`` they see."""
KERNEL_MODULES = (*(str(Path(__file__).resolve().parent / f"{name}.py")
                    for name in ("launcher", "forkserver", "namespaces")), AUDIT_HOOK)
"""The grader's modules a kernel's start path runs (the launcher's script, the fork server's
``boot_command``, what they import): the only files of ``nncourse/`` bound inside the walls, each
read-only with its compiled copy. Without their packages' ``__init__.py`` the packages inside are
namespace packages, so importing the fork server runs nothing else of the grader's (its policy,
the scan's patterns, the rest of the sandbox stay out of sight)."""


def kernel_module_files() -> list[str]:
    """:data:`KERNEL_MODULES` and the compiled copies of them that exist (so that no kernel
    compiles them again: it could not write them)."""
    files = []
    for module in KERNEL_MODULES:
        files.append(module)
        compiled = importlib.util.cache_from_source(module)
        if os.path.isfile(compiled):
            files.append(compiled)
    return files
ETC_FILES = ("/etc/ld.so.cache", "/etc/localtime", "/etc/alternatives", "/etc/mime.types")
"""The few files of ``/etc`` a kernel reads (the dynamic loader's cache, the time zone)."""
INSTALL_HINT = (
    "install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`; "
    ".ci/install-system-packages does it)"
)
WALLED = "bubblewrap"
"""How ``grades.csv`` and ``results.json`` record kernels graded behind the walls."""
UNWALLED = "none (--unsafe-no-sandbox)"
"""How they record kernels graded without them."""
UNSAFE_HINT = "or grade without the sandbox with --unsafe-no-sandbox (grades.csv then says so)"


class SandboxUnavailable(RuntimeError):
    """Bubblewrap is missing, or the namespaces it needs are refused here."""


def bwrap_path() -> str | None:
    """The ``bwrap`` executable on PATH, or None."""
    return shutil.which("bwrap")


def python_installation() -> list[str]:
    """The folders a kernel's interpreter needs: the venv, its base interpreter (real paths)."""
    folders = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    folders.add(os.path.dirname(os.path.realpath(sys.executable)))
    return sorted(folders)


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(name):
            args += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            args += ["--ro-bind", name, name]
    for name in ETC_FILES:
        args += ["--ro-bind-try", name, name]
    # OpenBLAS and os.cpu_count read the CPU list; nothing else of /sys is there
    args += ["--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu"]
    return args


def bind(option: str, path: str, made: set[str]) -> list[str]:
    """OPTION (``--ro-bind``, ``--bind``) of PATH at PATH, after the folders above it.

    bubblewrap would make those 0700 (as root): the private user could not pass them.
    They are made 0755 and empty, so they show nothing of the host's.
    """
    args = []
    for folder in reversed(Path(path).parents):
        name = str(folder)
        if name in made or name in ("/", "/tmp"):
            continue
        made.add(name)
        args += ["--perms", "0755", "--dir", name]
    made.add(path)
    return [*args, option, path, path]


def bwrap_command(
    *,
    readable: Iterable[str],
    writable: Iterable[str],
    chdir: str,
    new_session: bool,
    keep_caps: Iterable[str] = (),
) -> list[str]:
    """The ``bwrap ... --`` prefix of a command run inside the walls.

    READABLE folders and files are bound read-only, WRITABLE ones read-write, each at
    its own path. NEW_SESSION: ``setsid`` inside (the fork server; a kernel started
    by the launcher is in a session of jupyter_client's making already, whose group
    receives its interrupts). KEEP_CAPS: the capabilities a root process inside keeps
    (the fork server's switch to the private user); all others are dropped.
    """
    bwrap = bwrap_path()
    if bwrap is None:
        raise SandboxUnavailable(f"bubblewrap (bwrap) is not on PATH: {INSTALL_HINT}, {UNSAFE_HINT}")
    args = [
        bwrap,
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--tmpfs",
        "/",
        *_system_binds(),
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--tmpfs",
        "/tmp",
    ]
    if new_session:
        args.append("--new-session")
    made: set[str] = set()
    for path in dict.fromkeys([*python_installation(), *kernel_module_files(), *readable]):
        args += bind("--ro-bind", path, made)
    for path in writable:
        args += bind("--bind", path, made)
    # Read-only, once everything is bound: the tmpfs root (with the folders made above the bound
    # ones), /tmp and /dev. As root only root could write them; a grader that is not root runs
    # bubblewrap in a user namespace where they are the grader's, so the kernel's, and what one
    # kernel left there would reach the next (2026-12-02).
    args += ["--remount-ro", "/", "--remount-ro", "/tmp", "--remount-ro", "/dev"]
    if os.geteuid() == 0:
        args += ["--cap-drop", "ALL"]
        for cap in keep_caps:
            args += ["--cap-add", cap]
    args += ["--chdir", chdir, "--"]
    return args


def require() -> None:
    """Raise :class:`SandboxUnavailable` unless bubblewrap runs a program inside the walls here."""
    command = bwrap_command(readable=[], writable=[], chdir="/", new_session=True)
    try:
        run = subprocess.run(
            [*command, os.path.realpath(sys.executable), "-S", "-c", "pass"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except OSError as exc:
        raise SandboxUnavailable(
            f"bubblewrap could not be run ({exc}): {INSTALL_HINT}, {UNSAFE_HINT}"
        ) from exc
    if run.returncode != 0:
        said = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit status {run.returncode}"
        raise SandboxUnavailable(
            f"bubblewrap cannot build the kernel's sandbox here ({said}). Run the grader as root, or "
            "allow unprivileged user namespaces (`sysctl kernel.unprivileged_userns_clone=1`, "
            "`sysctl user.max_user_namespaces=15000`; in a container: a seccomp/AppArmor profile that "
            f"allows unshare and mount), {UNSAFE_HINT}"
        )
