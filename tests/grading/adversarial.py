"""Toy submissions for the engine's own robustness batch (tests only).

The course's corpus (tests/corpus) covers the failure modes of issue 5 on the
real notebooks; this adds the one it cannot: a memory bomb spread over several
forked processes, which no per-process limit stops and only the sandbox's
watchdog does, and a memory hoard after a large reservation of address space, which the
watchdog must stop before ``RLIMIT_AS`` does. ``CLASS`` maps a student id to the edits it combines (at most
one per graded cell); everything else is the right answer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import toycourse as T

Edit = Callable[[dict], None]
"""Changes a student's notebooks (file name -> notebook) before they are written."""


def answer(grade_id: str, source: str) -> Edit:
    """Put SOURCE in solution cell GRADE_ID."""

    def edit(nbs: dict) -> None:
        for nb in nbs.values():
            for cell in nb.cells:
                if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
                    cell.source = source

    return edit


MEMORY_BOMB_PROCESSES = """import os, time
def add(a, b):
    for _ in range(4):
        if os.fork() == 0:
            block = bytearray(400 * 1024 * 1024)
            for i in range(0, len(block), 4096):
                block[i] = 1
            time.sleep(60)
            os._exit(0)
    time.sleep(30)
    return a + b"""

MEMORY_BOMB = "def mean(x):\n    block = bytearray(8 * 1024 ** 3)\n    return 0.0"

RESERVED_ADDRESS_SPACE_MB = 1500
"""What the reserver holds untouched: less than the room the limits leave (ADDRESS_RESERVE_MB), more
than the 2 GiB they left before 2026-12-04 minus the 776 MiB a kernel holds at its start."""

MEMORY_HOARD_AFTER_RESERVING = f"""import mmap, time
_reserved = mmap.mmap(-1, {RESERVED_ADDRESS_SPACE_MB} * 1024 * 1024)  # address space, never touched
def add(a, b):
    hoard = []
    while True:  # 100 MiB more every 0.1 s, touched, until something stops it
        hoard.append(b"x" * (100 * 1024 * 1024))
        time.sleep(0.1)"""
"""A kernel whose libraries reserve address space (here on purpose), then fill memory slowly: the
memory limit must stop it, as any other, whatever it reserved (before 2026-12-04 it met a
MemoryError at RLIMIT_AS first, and kept what it held)."""

CLASS: dict[str, list[Edit]] = {
    "good": [],
    "bombs": [answer("add", MEMORY_BOMB_PROCESSES), answer("mean", MEMORY_BOMB)],
    "reserver": [answer("add", MEMORY_HOARD_AFTER_RESERVING)],
}


def build_class(release: Path, root: Path, students: dict[str, list[Edit]] = CLASS) -> Path:
    """Write each student's folder under ROOT (``<student>/*.ipynb``); return ROOT."""
    for student, edits in students.items():
        nbs = T.submission(release)
        for edit in edits:
            edit(nbs)
        T.write_student(root / student, nbs)
    return root
