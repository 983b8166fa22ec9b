"""Drive one notebook in JupyterLab as a student would, and report what it shows.

`inspect_notebook` opens the notebook in a fresh page, waits for the kernel, clicks
Run ▸ Run All Cells, optionally clicks nbgrader's Validate, moves every slider,
takes a screenshot and returns a `NotebookReport`.  It asserts nothing: judging
is `problems.py`'s job, so a broken notebook yields a report, not an exception.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .lab_server import LabServer
from .report import Cell, NotebookReport, SliderMove, Validation

# The notebook panel that `?reset` leaves as the only tab.
_PANEL_JS = """
function currentPanel(path) {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== path) {
    throw new Error(`the current tab is not ${path}`);
  }
  return panel;
}
"""

_RUN_FINISHED_JS = _PANEL_JS + """
(path) => {
  const panel = currentPanel(path);
  const code = panel.content.widgets.filter(cell => cell.model.type === 'code');
  if (code.length === 0) return true;
  const idle = panel.sessionContext.session?.kernel?.status === 'idle';
  const started = code.some(cell => cell.model.executionCount !== null);
  const running = code.some(cell => cell.model.executionState === 'running');
  return idle && started && !running;
}
"""

# Top-level outputs of a cell's output area.
_OUTPUTS_JS = """
function outputsOf(cell) {
  return [...cell.node.querySelectorAll(
    '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output')];
}
"""

_SETTLED_JS = _PANEL_JS + _OUTPUTS_JS + """
(path) => currentPanel(path).content.widgets.every(cell =>
  [...cell.node.querySelectorAll('.jp-Cell-outputArea img')].every(img => img.complete)
  && outputsOf(cell).every(out => out.textContent !== 'Loading widget...'))
"""

_READ_CELLS_JS = _PANEL_JS + _OUTPUTS_JS + """
(path) => {
  const WIDGET = 'application/vnd.jupyter.widget-view+json';
  const text = value => Array.isArray(value) ? value.join('') : (value ?? '');
  return currentPanel(path).content.widgets.map((cell, index) => {
    const model = cell.model;
    const report = {index, type: model.type, source: model.sharedModel.getSource(),
                    nbgrader: model.getMetadata('nbgrader') ?? null};
    if (model.type !== 'code') return report;
    const outputs = model.outputs.toJSON();
    const images = [...cell.node.querySelectorAll('.jp-Cell-outputArea img')];
    const shown = outputsOf(cell);
    return {...report,
      execution_count: model.executionCount ?? null,
      outputs: outputs.map(out => ({
        type: out.output_type, name: out.name ?? null,
        text: text(out.text ?? out.data?.['text/plain']), mimes: Object.keys(out.data ?? {}),
        ename: out.ename ?? null, evalue: out.evalue ?? null})),
      images: images.filter(img => img.complete && img.naturalWidth > 0).length,
      broken_images: images.filter(img => img.complete && img.naturalWidth === 0).length,
      widget_outputs: outputs.filter(out => WIDGET in (out.data ?? {})).length,
      widget_views: shown.filter(out => out.querySelector(':scope > .jupyter-widgets')).length,
      widget_errors: shown.map(out => out.textContent)
        .filter(t => t.startsWith('Error displaying widget') || t === 'Loading widget...'),
    };
  });
}
"""

# The cell's output as a student sees it, minus the sliders themselves (their
# position and readout change whenever they move).
_SNAPSHOT_JS = """
(area) => {
  window.__e2eSnapshot = node => {
    const copy = node.cloneNode(true);
    copy.querySelectorAll('.widget-slider').forEach(slider => slider.remove());
    return copy.innerHTML;
  };
  return window.__e2eSnapshot(area);
}
"""
_CHANGED_JS = "([area, before]) => window.__e2eSnapshot(area) !== before"

# The last line of the first traceback shown in the output area, if any.
_TRACEBACK_JS = """
(area) => {
  const shown = [...area.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')]
    .map(node => node.innerText).find(t => t.includes('Traceback'));
  return shown ? shown.trim().split('\\n').pop() : null;
}
"""

# Sets window.__e2eKernelCycle once the kernel has gone busy and then idle again.
_WATCH_KERNEL_JS = _PANEL_JS + """
(path) => {
  const kernel = currentPanel(path).sessionContext.session.kernel;
  if (window.__e2eWatch) window.__e2eWatch.kernel.statusChanged.disconnect(window.__e2eWatch.slot);
  window.__e2eKernelCycle = false;
  let busy = false;
  const slot = (_, status) => {
    if (status === 'busy') busy = true;
    else if (busy && status === 'idle') window.__e2eKernelCycle = true;
  };
  kernel.statusChanged.connect(slot);
  window.__e2eWatch = {kernel, slot};
}
"""

_SCROLL_TO_FIRST_PICTURE_JS = _PANEL_JS + """
(path) => {
  window.jupyterapp.shell.collapseLeft();
  const cells = currentPanel(path).content.widgets;
  const picture = cells.find(cell => cell.node.querySelector('.jp-Cell-outputArea img, .jupyter-widgets'));
  (picture ?? cells[0])?.node.scrollIntoView({block: 'start'});
}
"""


@dataclass(frozen=True)
class Timeouts:
    """How long to wait (seconds) for each stage; waiting longer is never a failure by itself."""

    kernel_ready: float = 120
    run_all: float = 300
    validate: float = 300
    slider: float = 60  # the kernel's reaction to one slider step
    settle: float = 10  # images to load and widgets to render


def _wait_for(page: Page, script: str, arg: object, seconds: float) -> bool:
    """Wait until `script(arg)` is truthy in the page; False if `seconds` pass first."""
    try:
        page.wait_for_function(script, arg=arg, timeout=seconds * 1000, polling=200)
        return True
    except PlaywrightTimeout:
        return False


def open_notebook(page: Page, server: LabServer, relpath: str, timeouts: Timeouts) -> None:
    """Load JupyterLab with only `relpath` open and wait until its kernel is idle."""
    page.goto(server.notebook_url(relpath))
    page.locator(".jp-NotebookPanel").first.wait_for(timeout=timeouts.kernel_ready * 1000)
    # The toolbar's indicator may say idle while the kernel still starts; the status bar may not.
    page.locator("#jp-main-statusbar").get_by_text("| Idle").wait_for(timeout=timeouts.kernel_ready * 1000)


def run_all(page: Page) -> None:
    """Click Run ▸ Run All Cells (not "Restart Kernel and Run All Cells…")."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def validate_button_state(page: Page) -> str:
    """enabled, disabled or missing: nbgrader's Validate button in the notebook toolbar."""
    button = page.locator(".jp-NotebookPanel-toolbar .validate-button jp-button")
    if button.count() == 0 or not button.first.is_visible():
        return "missing"
    return "disabled" if button.first.get_attribute("disabled") is not None else "enabled"


def click_validate(page: Page) -> None:
    """Click Validate; nbgrader saves the notebook and validates it on the server."""
    page.locator(".jp-NotebookPanel-toolbar .validate-button jp-button").click()


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
        before = area.evaluate(_SNAPSHOT_JS)
        page.evaluate(_WATCH_KERNEL_JS, relpath)
        handle.focus()
        handle.press("ArrowLeft" if at_max else "ArrowRight")
        kernel_ran = _wait_for(page, "() => window.__e2eKernelCycle", None, timeouts.slider)
        changed = kernel_ran and _wait_for(page, _CHANGED_JS, [area.element_handle(), before],
                                           timeouts.settle)
        moves.append(SliderMove(label=slider.locator(".widget-label").first.inner_text().strip(),
                                kernel_ran=kernel_ran, changed=changed, error=area.evaluate(_TRACEBACK_JS)))
    return moves


def take_screenshot(page: Page, path: Path) -> None:
    """Save what the page shows now as a PNG at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path)


def inspect_notebook(context: BrowserContext, server: LabServer, relpath: str, *, validate: bool,
                     screenshot: Path, timeouts: Timeouts = Timeouts()) -> NotebookReport:
    """Open `relpath` in a fresh page, Run All (and Validate), and report what it shows."""
    page = context.new_page()
    shot_taken = False
    try:
        open_notebook(page, server, relpath, timeouts)
        button = validate_button_state(page)
        run_all(page)
        if validate and button == "enabled":
            click_validate(page)  # validates on the server while the page's kernel runs
        if not _wait_for(page, _RUN_FINISHED_JS, relpath, timeouts.run_all):
            raise TimeoutError(f"Run All did not finish within {timeouts.run_all} s")
        validation = read_validation(page, timeouts) if validate and button == "enabled" else None
        _wait_for(page, _SETTLED_JS, relpath, timeouts.settle)
        cells = [Cell.from_json(data) for data in page.evaluate(_READ_CELLS_JS, relpath)]
        for cell in cells:
            if cell.ran:
                cell.slider_moves = move_sliders(page, relpath, cell, timeouts)
        page.evaluate(_SCROLL_TO_FIRST_PICTURE_JS, relpath)
        take_screenshot(page, screenshot)
        shot_taken = True
        return NotebookReport(path=relpath, cells=cells, validate_button=button,
                              validation=validation, screenshot=screenshot)
    finally:
        if not shot_taken:  # keep a picture of what went wrong, if the page still answers
            with suppress(PlaywrightError):
                take_screenshot(page, screenshot)
        page.close()
        server.shut_down_kernels()
