"""Figures that tests report (timings), printed together at the end of a run.

One file per section under ``.test-reports/``; the controlling pytest process
prints them (see conftest.py), so they survive pytest-xdist's workers.
"""

from pathlib import Path

REPORTS = Path(__file__).resolve().parent.parent / ".test-reports"


def report_figure(section: str, line: str) -> None:
    """Add ``line`` under ``section`` in the figures printed at the end of the run."""
    REPORTS.mkdir(exist_ok=True)
    with (REPORTS / f"{section}.txt").open("a") as fh:
        fh.write(line.rstrip("\n") + "\n")
