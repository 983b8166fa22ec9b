"""The sandbox's watchdog: a thread that kills a kernel's processes past the memory or process limit.

``RLIMIT_AS`` bounds one process and ``RLIMIT_NPROC`` slows a fork bomb, but only a
watcher sees all of a kernel's processes together: every ``poll_seconds`` it sums
their threads and their proportional set size (pages that forks share count once).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from .limits import Limits, MiB
from .procfs import proc_memory, proc_tasks

log = logging.getLogger(__name__)


def breach(limits: Limits, members: list[str]) -> str | None:
    """Why the processes MEMBERS (pids) break LIMITS, in words, or None if they do not."""
    tasks = sum(proc_tasks(pid) for pid in members)
    if tasks >= limits.nproc:  # a fork bomb stalls at RLIMIT_NPROC: it never exceeds it
        return (
            f"process limit reached ({len(members)} processes, {tasks} with their threads; "
            f"the limit is {limits.nproc})"
        )
    memory = sum(proc_memory(pid) for pid in members)
    if memory > limits.memory_mb * MiB:
        return f"memory limit exceeded ({memory // MiB} MiB > {limits.memory_mb} MiB)"
    return None


class Watchdog:
    """Checks MEMBERS() against LIMITS every POLL_SECONDS; calls ON_BREACH(reason) when broken."""

    def __init__(
        self,
        limits: Limits,
        poll_seconds: float,
        members: Callable[[], list[str]],
        on_breach: Callable[[str], None],
    ) -> None:
        self.limits = limits
        self.poll_seconds = poll_seconds
        self._members = members
        self._on_breach = on_breach
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def start(self) -> None:
        """Start watching (stops an earlier watch first)."""
        self.stop()
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="sandbox-watchdog", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the watching thread."""
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                reason = breach(self.limits, self._members())
                if reason:
                    self._on_breach(reason)
            except Exception:  # a watchdog that stops watching lets the next hoard through
                log.exception("the sandbox's watchdog could not check or kill the kernel; it goes on")
