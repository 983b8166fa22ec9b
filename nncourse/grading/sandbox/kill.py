"""Killing every sandboxed process: all of a private uid's, or all of a kernel's session.

Both wait until the killed processes are reaped (see :func:`wait_reaped`), because a
killed process still counts towards the next kernel's ``RLIMIT_NPROC`` until then.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable

from .procfs import live_of_session, pids, proc_alive, proc_parent, proc_session, proc_uid


def kill_uid(uid: int) -> None:
    """SIGKILL every process of UID (the grader must be root).

    ``kill(-1)`` run as that user reaches all its processes at once, even those a
    fork bomb creates meanwhile; it is repeated while any is left. Then it waits
    until they are reaped (see :func:`wait_reaped`).
    """
    for _ in range(5):
        if not any(proc_uid(pid) == uid and proc_alive(pid) for pid in pids()):
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
    wait_reaped(lambda pid: proc_uid(pid) == uid)


def kill_session(session: int) -> None:
    """SIGKILL every process of SESSION (a kernel's, when there is no private uid)."""
    for _ in range(5):
        members = live_of_session(session)
        if not members:
            break
        for pid in members:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.05)
    wait_reaped(lambda pid: proc_session(pid) == session)


def wait_reaped(owned: Callable[[str], bool], seconds: float = 5.0) -> None:
    """Wait (at most SECONDS) until no OWNED process is left, zombies included.

    A killed process counts towards ``RLIMIT_NPROC`` until its parent (often
    init, for a fork bomb's orphans) reaps it: a kernel started earlier cannot
    start its threads. Zombies of this process are left to the code that
    started them.
    """
    me = str(os.getpid())
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(owned(pid) and (proc_alive(pid) or proc_parent(pid) != me) for pid in pids()):
            return
        time.sleep(0.05)
