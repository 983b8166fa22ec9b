"""Drive one notebook in JupyterLab as a student would, and report what it shows.

`inspect_notebook` opens the notebook as the only tab, waits for the kernel, clicks
Run ▸ Run All Cells, optionally clicks nbgrader's Validate, moves every slider,
takes a screenshot and returns a `NotebookReport`.  It asserts nothing: judging
is `problems.py`'s job, so a broken notebook yields a report, not an exception.
"""

from __future__ import annotations

import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .lab_server import LabServer
from .report import Cell, NotebookReport, SliderMove, Validation

HARNESS_JS = Path(__file__).with_name("harness.js")


def install_harness(context: BrowserContext) -> None:
    """Make harness.js's helpers (window.e2e) available in every page of `context`."""
    context.add_init_script(path=HARNESS_JS)


@dataclass(frozen=True)
class Timeouts:
    """How long (seconds) to wait for each stage before giving up on it."""

    kernel_ready: float = 120
    run_all: float = 300
    validate: float = 300
    slider: float = 60  # the kernel's reaction to one slider step
    cell: float = 60  # one cell run with Shift+Enter
    output_change: float = 5  # the page to show that reaction, once the kernel is idle
    settle: float = 10  # images to load and widgets to render


@dataclass
class Stopwatch:
    """Wall time of each stage of a run, for the report (never asserted on)."""

    seconds: dict[str, float] = field(default_factory=dict)
    last: float = field(default_factory=time.monotonic)

    def lap(self, stage: str) -> None:
        now = time.monotonic()
        self.seconds[stage] = round(now - self.last, 2)
        self.last = now


def _wait_for(page: Page, script: str, arg: object, seconds: float) -> bool:
    """Wait until the JavaScript function `script`, given `arg`, returns truthy; False after `seconds`."""
    try:
        page.wait_for_function(script, arg=arg, timeout=seconds * 1000, polling=200)
        return True
    except PlaywrightTimeout:
        return False


def open_notebook(page: Page, server: LabServer, relpath: str, timeouts: Timeouts) -> None:
    """Show `relpath` as the only tab and wait until its kernel is idle.

    The first notebook loads JupyterLab (with `?reset`); later ones reuse the
    loaded page, closing the previous tab. If the page is unusable (a dialog
    left open, a crashed renderer), it is loaded afresh.
    """
    try:
        if not page.url.startswith(server.base_url):
            raise PlaywrightError("JupyterLab is not loaded in this page yet")
        for dialog in page.locator(".jp-Dialog").all():
            dialog.press("Escape")
        page.evaluate("path => e2e.openOnly(path)", relpath)
    except PlaywrightError:
        page.goto(server.notebook_url(relpath))
    page.locator(".jp-NotebookPanel").first.wait_for(timeout=timeouts.kernel_ready * 1000)
    # The toolbar's indicator may say idle while the kernel still starts; the status bar may not.
    page.locator("#jp-main-statusbar").get_by_text("| Idle").wait_for(timeout=timeouts.kernel_ready * 1000)


def run_all(page: Page) -> None:
    """Click Run ▸ Run All Cells (not "Restart Kernel and Run All Cells…")."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


VALIDATE_BUTTON = ".jp-NotebookPanel-toolbar jp-button.validate-button"


def validate_button_state(page: Page, timeouts: Timeouts) -> str:
    """enabled, disabled or missing: nbgrader's Validate button in the notebook toolbar."""
    button = page.locator(VALIDATE_BUTTON)
    try:
        button.wait_for(state="visible", timeout=timeouts.settle * 1000)
    except PlaywrightTimeout:
        return "missing"
    disabled = button.get_attribute("disabled") is not None or button.get_attribute("aria-disabled") == "true"
    return "disabled" if disabled else "enabled"


def click_validate(page: Page) -> None:
    """Click Validate; nbgrader saves the notebook and validates it on the server."""
    page.locator(VALIDATE_BUTTON).click()


def read_validation(page: Page, timeouts: Timeouts) -> Validation:
    """Wait for the dialog that Validate opens, read it and close it."""
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=timeouts.validate * 1000)
    title = dialog.locator(".jp-Dialog-header").inner_text().strip()
    message = dialog.locator(".jp-Dialog-body").inner_text().strip()
    classes = (dialog.locator("#validation-message").get_attribute("class") or "").split() \
        if dialog.locator("#validation-message").count() else []
    outcome = next((name for name in classes if name.startswith("validation-")), "error")
    dialog.locator(".jp-mod-accept").click()
    dialog.wait_for(state="detached")
    return Validation(title=title, outcome=outcome, message=message)


def move_sliders(page: Page, relpath: str, cell: Cell, timeouts: Timeouts) -> list[SliderMove]:
    """Move each slider of a cell one step; report whether the cell's output followed."""
    cell_node = page.locator(".jp-Notebook .jp-Cell").nth(cell.index)
    area = cell_node.locator(".jp-Cell-outputArea")
    moves = []
    for slider in cell_node.locator(".widget-slider").all():
        handle = slider.locator('.noUi-handle[role="slider"]').first
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        before = area.evaluate("area => e2e.snapshot(area)")
        page.evaluate("path => e2e.watchKernel(path)", relpath)
        handle.press("ArrowLeft" if at_max else "ArrowRight")
        kernel_ran = _wait_for(page, "() => e2e.kernelCycled()", None, timeouts.slider)
        changed = kernel_ran and _wait_for(page, "([area, before]) => e2e.snapshot(area) !== before",
                                           [area.element_handle(), before], timeouts.output_change)
        moves.append(SliderMove(
            label=slider.locator(".widget-label").first.inner_text().strip(),
            kernel_ran=kernel_ran, changed=changed, error=area.evaluate("area => e2e.traceback(area)")))
    return moves


def type_into_cell(page: Page, index: int, code: str) -> None:
    """Replace the code of cell `index` with `code`, through its editor, as a student pastes it.

    `insert_text` sends the text as one input (a paste), so the editor's auto-indent does not
    indent the pasted lines a second time, as typing them key by key would.
    """
    editor = page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(code)


def run_cells_from(page: Page, relpath: str, index: int, count: int, timeouts: Timeouts = Timeouts()) -> bool:
    """Run `count` cells from cell `index` with Shift+Enter, as a student does; False if they hang."""
    page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-InputPrompt").click()
    for offset in range(count):
        page.keyboard.press("Shift+Enter")
        if not _wait_for(page, "([path, i]) => e2e.cellRan(path, i)", [relpath, index + offset],
                         timeouts.cell):
            return False
    return True


def clear_and_save(page: Page, relpath: str) -> None:
    """Clear the open notebook's outputs and save it (what a later `inspect_notebook` opens)."""
    page.evaluate("path => e2e.clearAndSave(path)", relpath)


def read_cells(page: Page, relpath: str) -> list[Cell]:
    """Every cell of the open notebook, as the page shows it now."""
    return [Cell.from_json(data) for data in page.evaluate("path => e2e.readCells(path)", relpath)]


def take_screenshot(page: Page, path: Path) -> None:
    """Save what the page shows now as a PNG at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path)


def inspect_notebook(page: Page, server: LabServer, relpath: str, *, validate: bool,
                     screenshot: Path, timeouts: Timeouts = Timeouts(),
                     keep_kernel: bool = False) -> NotebookReport:
    """Open `relpath` as the page's only tab, Run All (and Validate), and report what it shows.

    The server's kernels are shut down afterwards, unless `keep_kernel` (then the caller
    goes on in the notebook, and shuts them down).
    """
    clock = Stopwatch()
    shot_taken = False
    try:
        open_notebook(page, server, relpath, timeouts)
        clock.lap("open")
        button = validate_button_state(page, timeouts)
        run_all(page)
        if validate and button == "enabled":
            click_validate(page)  # validates on the server while the page's kernel runs
        if not _wait_for(page, "path => e2e.runFinished(path)", relpath, timeouts.run_all):
            raise TimeoutError(f"Run All did not finish within {timeouts.run_all} s")
        clock.lap("run_all")
        validation = read_validation(page, timeouts) if validate and button == "enabled" else None
        clock.lap("validate")
        _wait_for(page, "path => e2e.settled(path)", relpath, timeouts.settle)
        cells = read_cells(page, relpath)
        clock.lap("read")
        for cell in cells:
            if cell.ran:
                cell.slider_moves = move_sliders(page, relpath, cell, timeouts)
        clock.lap("sliders")
        _wait_for(page, "path => e2e.kernelIdle(path)", relpath, timeouts.settle)
        page.evaluate("path => e2e.frameForScreenshot(path)", relpath)
        take_screenshot(page, screenshot)
        shot_taken = True
        clock.lap("screenshot")
        return NotebookReport(path=relpath, cells=cells, validate_button=button, validation=validation,
                              screenshot=screenshot, seconds=clock.seconds)
    finally:
        if not shot_taken:  # keep a picture of what went wrong, if the page still answers
            with suppress(PlaywrightError):
                take_screenshot(page, screenshot)
        if not (keep_kernel and shot_taken):
            server.shut_down_kernels()
