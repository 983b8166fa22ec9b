"""How long each check cell takes when a student runs it: the solved student notebooks under nbclient.

Run with ``python tests/benchmarks/check_cell_times.py``. Each released notebook, with
every blank filled in from the source (what a finished student has), runs in a plain
kernel, cell by cell; the script prints the seconds of every graded check cell (the
visible checks a student runs; the hidden tests are not in the released notebook) and
names those over ``LIMIT`` seconds. The spiral target trains a network, so it is
expected to be over: it is reported, not excused. Not a test: timings on a shared
machine are noisy, so nothing here asserts speed (the load average is printed).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from nbclient import NotebookClient

from nncourse import notebooks as nbs

LIMIT = 1.0
"""Seconds a check cell may take (the issue's goal), the spiral target excepted."""
EXPECTED_SLOW = {"test_spiral_target"}


def check_cell_seconds(name: str, folder: Path) -> list[tuple[str, float]]:
    """(grade id, seconds) of each graded check cell of the solved notebook NAME, run in FOLDER."""
    nb = nbs.solved_release(name)
    client = NotebookClient(nb, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(folder)}})
    found = []
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            start = time.perf_counter()
            client.execute_cell(cell, index)
            seconds = time.perf_counter() - start
            meta = nbs.nbgrader_meta(cell)
            if meta.get("grade") and not meta.get("solution"):
                found.append((meta["grade_id"], seconds))
    return found


def main() -> int:
    os.environ["PYTHONPATH"] = os.pathsep.join([str(nbs.ROOT), os.environ.get("PYTHONPATH", "")])
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    over = []
    with tempfile.TemporaryDirectory(prefix="nncourse-checks-") as tmp:
        for name in nbs.notebook_names():
            for grade_id, seconds in check_cell_seconds(name, Path(tmp)):
                mark = ""
                if seconds > LIMIT:
                    mark = "  (over 1 s: the spiral target)" if grade_id in EXPECTED_SLOW else "  OVER 1 s"
                    if grade_id not in EXPECTED_SLOW:
                        over.append(grade_id)
                print(f"{name:<22} {grade_id:<36} {seconds:6.2f} s{mark}", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("check cells over 1 s, besides the spiral target: " + (", ".join(over) or "none"))
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
