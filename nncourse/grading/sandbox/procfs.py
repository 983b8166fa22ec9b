"""What ``/proc`` says about a process: owner, session, state, memory, threads, parent.

Pids are the strings ``/proc`` lists. Every reader answers for a process that has
vanished meanwhile (None, False or 0) instead of raising.
"""

from __future__ import annotations

import os


def pids() -> list[str]:
    """Every process id on the machine."""
    return [entry for entry in os.listdir("/proc") if entry.isdigit()]


def proc_uid(pid: str) -> int | None:
    """The uid owning process PID."""
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


def _stat_fields(pid: str) -> list[str]:
    """The fields of ``/proc/PID/stat`` after the command name (which may hold spaces and ')')."""
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().rsplit(")", 1)[1].split()


def proc_session(pid: str) -> int | None:
    """The session id of process PID."""
    try:
        return int(_stat_fields(pid)[3])
    except (OSError, IndexError, ValueError):
        return None


def proc_alive(pid: str) -> bool:
    """False for zombies (dead, waiting to be reaped) and vanished processes."""
    try:
        return _stat_fields(pid)[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


_EXIT_CODE_FIELD = 52 - 3
"""Where ``exit_code`` (stat's field 52, Linux 3.5+) is among the fields after the command name."""


def proc_exit_status(pid: str) -> int | None:
    """The exit status of PID if it is a zombie (dead, its parent yet to reap it), in
    ``Popen.returncode``'s convention (-N: killed by signal N); None if it is alive or gone."""
    try:
        fields = _stat_fields(pid)
        if fields[0] != "Z":
            return None
        return os.waitstatus_to_exitcode(int(fields[_EXIT_CODE_FIELD]))
    except (OSError, IndexError, ValueError):
        return None


def proc_parent(pid: str) -> str | None:
    """The parent's pid of process PID."""
    try:
        return _stat_fields(pid)[1]
    except (OSError, IndexError):
        return None


def _proc_rss(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def proc_memory(pid: str) -> int:
    """Bytes: proportional set size (a page shared by N processes counts 1/N), else resident size."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return _proc_rss(pid)


def proc_tasks(pid: str) -> int:
    """Threads of process PID (``RLIMIT_NPROC`` counts threads, not processes)."""
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return 0


def live_of_uid(uid: int) -> list[str]:
    """Pids of the live (not zombie) processes of UID."""
    return [pid for pid in pids() if proc_uid(pid) == uid and proc_alive(pid)]


def live_of_session(session: int) -> list[str]:
    """Pids of the live (not zombie) processes of session SESSION."""
    return [pid for pid in pids() if proc_session(pid) == session and proc_alive(pid)]
