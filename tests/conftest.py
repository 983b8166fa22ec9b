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
