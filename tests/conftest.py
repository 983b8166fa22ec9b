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
#: while the other worker idles (measured from `--durations` of a clean CI run)
HEAVIEST_FIRST = (
    "test_mutation.py",
    "test_cli.py",
    "test_corpus.py",
    "e2e/test_notebooks.py",
    "grading/test_interruption.py",
    "test_nbgrader_pipeline.py",
    "e2e/test_student_bundle.py",
    "grading/test_report.py",
    "grading/test_equivalence.py",
    "grading/test_dask.py",
    "grading/test_robustness.py",
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
