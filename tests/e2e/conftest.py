"""Session-wide fixtures: one `jupyter lab` and one headless Chromium for the suite.

The server's root is a temporary folder holding copies of the student and
solution notebook folders (``student/`` and ``solution/``) and of the course's
nbgrader_config.py, which nbgrader's Validate reads from the server's working
folder.  One page loads JupyterLab once; each notebook then replaces the
previous tab, and its kernel is shut down afterwards.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, sync_playwright
from reporting import report_figure

from . import settings
from .lab_server import LabServer, copy_notebook_folder
from .notebook_page import inspect_notebook, install_harness
from .report import NotebookReport

FOLDERS = {"student": settings.STUDENT_DIR, "solution": settings.SOLUTION_DIR}
TIMINGS = "e2e seconds per notebook"  # the section of the closing figures


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """A running `jupyter lab` whose root holds copies of the notebook folders."""
    server = LabServer(tmp_path_factory.mktemp("lab"))
    for name, folder in FOLDERS.items():
        if folder.is_dir():
            copy_notebook_folder(folder, server.root / name)
    config = settings.REPO / "nbgrader_config.py"
    if config.exists():
        server.root.mkdir(parents=True, exist_ok=True)
        shutil.copy(config, server.root / config.name)
    with server:
        yield server


@pytest.fixture(scope="session")
def browser_context() -> Iterator[BrowserContext]:
    """One headless Debian Chromium (never a downloaded one) with one shared context."""
    if not settings.CHROMIUM.exists():
        pytest.fail(f"{settings.CHROMIUM} not found: run `sudo {settings.INSTALL_SYSTEM_PACKAGES}` "
                    "(or set E2E_CHROMIUM)", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=settings.CHROMIUM, args=settings.CHROMIUM_FLAGS)
        context = browser.new_context(viewport=settings.VIEWPORT)
        install_harness(context)
        yield context
        context.close()
        browser.close()


@pytest.fixture(scope="session")
def lab_page(browser_context: BrowserContext) -> Iterator[Page]:
    """One JupyterLab page for the whole suite; each notebook replaces the previous tab."""
    page = browser_context.new_page()
    yield page
    page.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the one screenshot per course notebook goes (E2E_SCREENSHOT_DIR or a temp folder)."""
    return settings.SCREENSHOT_DIR or tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def inspect(lab: LabServer, lab_page: Page) -> Callable[..., NotebookReport]:
    """`inspect(relpath, screenshot, validate=...)`: run a notebook under the lab root and report."""

    def run(relpath: str, screenshot: Path, *, validate: bool) -> NotebookReport:
        report = inspect_notebook(lab_page, lab, relpath, validate=validate, screenshot=screenshot)
        report_figure(TIMINGS, report.timing())
        return report

    return run
