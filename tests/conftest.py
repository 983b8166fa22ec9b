"""Shared pytest configuration: paths, environment, and figures reported at the end of a run."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reporting import REPORTS

ROOT = Path(__file__).resolve().parent.parent
# nbgrader runs `alembic` by name: make the venv's bin/ visible to subprocesses.
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
# Skip a 2.6 s grammar build in jsonschema that notebooks never need (see nncourse/__init__.py).
sys.modules.setdefault("rfc3987_syntax", None)


#: the files that take longest (whole graded classes, browsers), heaviest first: run first, so
#: that `pytest -n 2 --dist loadfile` deals them out early instead of ending on one of them
#: while the other worker idles (measured from `--durations` of a clean CI run). The Makefile
#: passes --no-loadscope-reorder: xdist otherwise sorts files by their number of tests, which
#: put these few-test files last (until 2026-12-02 this order was never applied)
HEAVIEST_FIRST = (  # worker-seconds per file, 2026-12-02 (--durations=0, clean clone, helpers running)
    "grading/test_interruption.py",  # 149
    "e2e/test_notebooks.py",  # 148
    "test_nbgrader_pipeline.py",  # 136
    "test_cli.py",  # 102
    "test_corpus.py",  # 84
    "e2e/test_student_bundle.py",  # 79
    "grading/test_dask_loss.py",  # 55 (idle machine, later run)
    "grading/test_dask.py",  # 62
    "grading/test_sandbox_walls.py",  # 61
    "grading/test_disk_limits.py",  # 28 (idle machine, later run)
    "grading/test_import_shadowing.py",  # ~25 (H20f)
    "test_mutation.py",  # 42 (through nncourse grade)
    "e2e/test_selftest.py",  # 38
    "grading/test_forkserver.py",  # 36
    "e2e/test_feedback_page.py",  # ~30 (a graded class and Chromium, 2026-12-03)
    "grading/test_equivalence.py",  # 26
    "test_data.py",  # 26
    "grading/test_execute.py",  # 25
    "test_release.py",  # 16
    "grading/test_robustness.py",  # 14
    "test_lesson_claims.py",  # 12
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {ROOT / "tests" / name: position for position, name in enumerate(HEAVIEST_FIRST)}
    items.sort(key=lambda item: rank.get(Path(item.fspath), len(rank)))  # stable: the rest keep order


def _controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    if _controller(session.config) and REPORTS.exists():
        for old in REPORTS.glob("*.txt"):
            old.unlink()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    if not _controller(config) or not REPORTS.exists():
        return
    for path in sorted(REPORTS.glob("*.txt")):
        terminalreporter.section(path.stem)
        for line in path.read_text().splitlines():
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
