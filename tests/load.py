"""A loaded machine for tests of races: busy processes that end by themselves."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime


@contextlib.contextmanager
def busy_machine(seconds: float = 180.0) -> Iterator[None]:
    """A busy loop on every core but one, each ending by itself after SECONDS at most.

    One core stays for the test and its kernel: loading every core slows the client
    as much as the kernel, and the races under test are between the two.
    """
    processes = max(1, (os.cpu_count() or 2) - 1)
    loop = f"import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end: pass"
    procs = [subprocess.Popen([sys.executable, "-c", loop]) for _ in range(processes)]
    try:
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def reply_lags(client) -> list[float]:
    """Seconds each cell's execute_reply waited, sent but unread, before CLIENT took it.

    Filled in as CLIENT (an nbclient ``NotebookClient``) runs cells. A reply is read
    within milliseconds; one whose wake-up was lost waits for the client's timeout.
    """
    lags: list[float] = []

    def on_cell_executed(cell, cell_index, execute_reply) -> None:
        sent = execute_reply["header"]["date"]
        lags.append((datetime.now(UTC) - sent).total_seconds())

    client.on_cell_executed = on_cell_executed
    return lags
