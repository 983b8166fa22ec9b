"""Kernel launcher: apply resource limits, drop privileges, then exec the real kernel.

The grading kernelspec's argv is ``python -S -E launcher.py - -- -m ipykernel_launcher
-f {connection_file}``. This file is run as a script by path, without ``site`` (fast), so
it uses the standard library only.

The policy comes in the environment variable :data:`POLICY_VARIABLE` (``-``), or from a JSON
file named in place of ``-`` (the tests' launchers). :func:`read_policy` takes the variable out of
the environment before anything else runs: no file of the grader's is bound inside the walls
for it, and nothing the kernel starts inherits it. A process's initial environment
(``/proc/PID/environ``) is readable only by its own user, and the kernel's is built anew
(:func:`environment`), so the kernel cannot read it from its launcher or from bubblewrap.

The policy (made by :mod:`nncourse.grading.sandbox`) holds:

* ``limits``: ``{"RLIMIT_AS": bytes, "RLIMIT_CPU": seconds, ...}`` applied with
  ``resource.setrlimit`` (soft = hard, so student code cannot raise them);
* ``uid``/``gid``: when set (the grader runs as root), the kernel runs as that
  otherwise unused user. ``RLIMIT_NPROC`` counts processes per real uid and root
  ignores it, so a private uid is what makes the process limit bite. It cannot
  write anything it does not own;
* ``read_all``: when the interpreter lives where only root can read (pyenv under
  ``/root``), the kernel keeps one capability, ``CAP_DAC_READ_SEARCH`` (read any
  file), as an ambient capability;
* ``nproc_extra``: without a private uid, ``RLIMIT_NPROC`` is set to the user's
  current process count plus this;
* ``home``: a private, emptied-per-kernel folder for ``HOME``, ``TMPDIR``,
  ``IPYTHONDIR`` and ``MPLCONFIGDIR``;
* ``env_keep``: prefixes of environment variables passed to the kernel; the rest
  are dropped;
* ``log``: the file the kernel's stderr is appended to. Its stdin and stdout are
  ``/dev/null``: they are the grading worker's, which speaks to its parent
  through them.

After the switch of user the kernel asks for SIGKILL when its parent dies
(:func:`die_with_parent`), so no kernel outlives the process that started it.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import sys


def _user_process_count(uid: int) -> int:
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count


_PR_SET_PDEATHSIG = 1
_PR_SET_KEEPCAPS = 8
_PR_CAP_AMBIENT = 47
_PR_CAP_AMBIENT_RAISE = 2
_CAP_DAC_READ_SEARCH = 2
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def become(uid: int, gid: int, read_all: bool = True) -> None:
    """Switch to UID/GID; with READ_ALL keep only CAP_DAC_READ_SEARCH, also across the coming exec."""
    libc = ctypes.CDLL(None, use_errno=True)
    _check(libc.prctl(_PR_SET_KEEPCAPS, 1, 0, 0, 0), "prctl(PR_SET_KEEPCAPS)")
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    bit = (1 << _CAP_DAC_READ_SEARCH) if read_all else 0
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)(_CapData(bit, bit, bit), _CapData(0, 0, 0))
    _check(libc.capset(ctypes.byref(header), data), "capset")
    if not read_all:
        return
    _check(
        libc.prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_RAISE, _CAP_DAC_READ_SEARCH, 0, 0),
        "prctl(PR_CAP_AMBIENT_RAISE)",
    )


def die_with_parent(parent: int) -> None:
    """Have the kernel killed when PARENT (the process that started it) dies; exit if it has.

    Set after the switch of user because a change of effective uid clears the setting
    (prctl(2)). The parent that counts is the *thread* that forked: the worker starts
    kernels from its main thread and the fork server has only one. If PARENT died
    before the call, the signal will never come, hence the check of ``getppid``.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    _check(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl(PR_SET_PDEATHSIG)")
    if os.getppid() != parent:
        os._exit(1)


POLICY_VARIABLE = "NNCOURSE_SANDBOX_POLICY"
"""The environment variable the policy comes in (JSON), when the launcher's argument is ``-``."""
FROM_ENVIRONMENT = "-"


def read_policy(source: str) -> dict:
    """The policy in the JSON file SOURCE or, when SOURCE is ``-``, in :data:`POLICY_VARIABLE`,
    which is removed from the environment (no process started from here inherits it)."""
    if source == FROM_ENVIRONMENT:
        return json.loads(os.environ.pop(POLICY_VARIABLE))
    with open(source) as fh:
        return json.load(fh)


def environment(policy: dict) -> dict[str, str]:
    keep = tuple(policy.get("env_keep", ()))
    env = {k: v for k, v in os.environ.items() if k.startswith(keep) and k != POLICY_VARIABLE}
    # ipykernel exits when its parent seems gone (getppid() == 1), which inside the
    # walls' PID namespace is bubblewrap's init from the start; die_with_parent does that job
    env.pop("JPY_PARENT_PID", None)
    # One BLAS thread per kernel: graders run a kernel per core, and the
    # process limit counts threads.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    home = policy["home"]
    env.update(
        HOME=home,
        TMPDIR=home,
        IPYTHONDIR=os.path.join(home, ".ipython"),
        MPLCONFIGDIR=os.path.join(home, ".matplotlib"),
        PYTHONNOUSERSITE="1",
    )
    env.update(policy.get("env", {}))
    return env


def _redirect(log: str | None) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    if log:
        os.dup2(os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), 2)


def apply_policy(policy: dict, parent: int) -> dict[str, str]:
    """Redirect the standard streams, set the limits and the umask, switch user (as POLICY says),
    then tie the process's life to PARENT's (:func:`die_with_parent`).

    Returns the kernel's environment, built from the current one. Used here before
    the exec, and by :mod:`.forkserver` in a forked kernel.
    """
    _redirect(policy.get("log"))
    uid, gid = policy.get("uid"), policy.get("gid")
    limits = dict(policy.get("limits", {}))
    if uid is None and "RLIMIT_NPROC" in limits:
        limits["RLIMIT_NPROC"] = _user_process_count(os.getuid()) + int(policy.get("nproc_extra", 64))
    for name, value in limits.items():
        resource.setrlimit(getattr(resource, name), (int(value), int(value)))
    os.umask(0o077)
    if uid is not None:
        become(uid, gid, bool(policy.get("read_all", True)))
    die_with_parent(parent)
    return environment(policy)


PACKAGE_PARENT = os.path.realpath(__file__).rsplit(os.sep, 4)[0]
"""The folder holding the nncourse package (put on the path of the processes started from here)."""


def boot_command(function: str) -> str:
    """The ``python -c`` program that runs ``forkserver.FUNCTION(sys.argv[1:])``. It is started
    with -c (so its sys.path[0] is '' like a kernel's, and is dropped as ipykernel_launcher drops
    it); this package is found without staying on the kernel's path."""
    return (f"import sys; sys.path.append({PACKAGE_PARENT!r}); "
            "from nncourse.grading.sandbox import forkserver; "
            f"sys.path.remove({PACKAGE_PARENT!r}); forkserver.{function}(sys.argv[1:])")


KERNEL_BOOT = boot_command("boot_kernel")
"""The program of an audited kernel on this path (the fork server's is ``boot_command("main")``)."""


def main(argv: list[str]) -> None:
    """Apply the policy (argv[0]: ``-`` or a file, :func:`read_policy`) and exec ``sys.executable``
    with the arguments after ``--``."""
    parent = os.getppid()  # first: the parent may die while the policy is read
    policy = read_policy(argv[0])
    kernel_argv = argv[argv.index("--") + 1 :]
    env = apply_policy(policy, parent)
    # issue 16 (H16b): the runtime audit hook goes in before the kernel runs any student code, after
    # ipykernel's own modules (forkserver.boot_kernel): their use of ctypes and uname is not the
    # student's (before 2026-12-02 this path flagged every notebook ctypes and spawns_process)
    if env.get("NNCOURSE_AUDIT") and kernel_argv[:2] == ["-m", "ipykernel_launcher"]:
        kernel_argv = ["-c", KERNEL_BOOT, *kernel_argv[2:]]
    elif env.get("NNCOURSE_AUDIT") and kernel_argv[:1] == ["-m"]:  # another module: the hook first
        kernel_argv = [os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                    "integrity", "audit_hook.py"), *kernel_argv]
    os.execve(sys.executable, [sys.executable, *kernel_argv], env)


if __name__ == "__main__":
    main(sys.argv[1:])
