"""Grading workers die with the grader, however the grader dies (SIGKILL included).

The grader makes one pipe (:func:`grader_end`) and keeps its write end for its
whole life; each worker inherits only the read end and watches it from a thread
(:func:`watch`). When the grader dies, the kernel closes its last write end and
the worker reads end-of-file at once: it kills its sandbox's processes (its
kernels and whatever they started, by private uid or session), its fork server,
and itself.

Why a pipe and not only ``PR_SET_PDEATHSIG``: the pool starts workers from its
threads, and a parent-death signal fires when the *thread* that forked exits,
not the process; and a worker killed by a signal could not clean up after its
kernels. The fork server and the kernels, whose parents are single-threaded or
start them from their main thread, use ``PR_SET_PDEATHSIG`` as well
(:func:`~..sandbox.launcher.die_with_parent`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

_pipe: tuple[int, int] | None = None
_lock = threading.Lock()


def grader_end() -> int:
    """The read end to hand to workers (``pass_fds``); the pipe is made once per grader process.

    Both ends are close-on-exec, so no other program the grader starts holds the write
    end (which would keep the workers alive after the grader).
    """
    global _pipe
    with _lock:
        if _pipe is None:
            _pipe = os.pipe()
        return _pipe[0]


def watch(fd: int, on_grader_death: Callable[[], None]) -> None:
    """In a worker: call ON_GRADER_DEATH (which should end the process) once FD reaches EOF."""

    def wait() -> None:
        while True:
            try:
                if not os.read(fd, 1):
                    break
            except InterruptedError:
                continue
            except OSError:
                break
        on_grader_death()

    threading.Thread(target=wait, name="lifeline", daemon=True).start()
