"""Judge a `NotebookReport`: each function returns a list of problems (empty = good).

- `student_problems`: a student notebook after Run All.  Run All stops at the first
  error, so rendering is judged only on the cells that ran, which must all lie
  before that error; the error must be the NotImplementedError of the first blank
  (a cell containing ``raise NotImplementedError()``).  A notebook with nbgrader
  answer cells must have a blank; one without any must run without error.
- `solution_problems`: a solution (source) notebook: every cell runs, every graded
  check prints a "✓" line, Validate succeeds, and everything renders.

Rendering rules, for every cell that ran: a cell whose top-level code draws
(``plt.plot``, ``ax.scatter``, ``plot_*(...)``, ...) shows a loaded image; no
figure is shown as text; every widget output renders as a widget; a cell whose
top-level code builds a widget (``interact``, ``*Slider``) shows one; moving each
slider runs the kernel and changes the cell's output without a traceback.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .report import CONFIRMATION, Cell, NotebookReport

PLOT_CALLS = {"plot", "scatter", "imshow", "subplots", "figure", "hist", "contour", "contourf",
              "pcolormesh", "matshow"}
WIDGET_CALLS = {"interact", "interactive", "interact_manual"}
FIGURE_AS_TEXT = re.compile(r"<Figure size \d+(\.\d+)?x\d+(\.\d+)? with \d+ Axes>")


@dataclass(frozen=True)
class Minimum:
    """Least number of loaded images and sliders a whole notebook must show."""

    images: int = 0
    sliders: int = 0


def _call_name(call: ast.Call) -> tuple[str, str | None]:
    """(called name, name of the object it is called on) for ``f()`` / ``obj.f()``."""
    func = call.func
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else None
        return func.attr, owner
    if isinstance(func, ast.Name):
        return func.id, None
    return "", None


def _top_level_calls(source: str) -> list[tuple[str, str | None]]:
    """Calls that run when the cell runs (not those inside def, class or lambda bodies).

    Decorators count: ``@interact`` runs at definition time.  IPython magics and
    shell lines are ignored; a cell that still does not parse yields no calls.
    """
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    calls, todo = [], [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            todo.extend(node.decorator_list)
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Call):
            calls.append(_call_name(node))
        todo.extend(ast.iter_child_nodes(node))
    return calls


def expects_plot(source: str) -> bool:
    """Whether the cell's top-level code draws a matplotlib figure."""
    return any(name in PLOT_CALLS or name.startswith("plot_") or (name == "show" and owner == "plt")
               for name, owner in _top_level_calls(source))


def expects_widget(source: str) -> bool:
    """Whether the cell's top-level code builds an ipywidgets widget."""
    return any(name in WIDGET_CALLS or name.endswith("Slider") for name, _ in _top_level_calls(source))


def rendering_problems(cell: Cell) -> list[str]:
    """Problems with what one cell that ran shows: plots, widgets, sliders."""
    where = f"cell {cell.index}"
    found = []
    if expects_plot(cell.source) and cell.images == 0:
        found.append(f"{where} draws a plot but shows no image")
    if cell.broken_images:
        found.append(f"{where} shows {cell.broken_images} image(s) that did not load")
    if any(FIGURE_AS_TEXT.search(out.text) and not any(mime.startswith("image/") for mime in out.mimes)
           for out in cell.outputs if out.type != "error"):
        found.append(f"{where} shows a figure as text instead of an image")
    if cell.widget_views < cell.widget_outputs:
        found.append(f"{where} has {cell.widget_outputs} widget output(s) but {cell.widget_views} rendered")
    found += [f"{where} widget error: {message}" for message in cell.widget_errors]
    if expects_widget(cell.source) and cell.widget_views == 0:
        found.append(f"{where} builds a widget but shows none")
    for move in cell.slider_moves:
        slider = f"{where} slider {move.label!r}"
        if not move.kernel_ran:
            found.append(f"{slider}: moving it ran nothing in the kernel")
        elif not move.changed:
            found.append(f"{slider}: moving it did not change the output")
        if move.error:
            found.append(f"{slider}: moving it showed an error: {move.error}")
    return found


def _error_text(cell: Cell) -> str:
    error = cell.error
    return f"{error.ename}: {error.evalue}" if error else ""


def _validate_button_problems(report: NotebookReport) -> list[str]:
    if report.validate_button != "enabled":
        return [f"nbgrader's Validate button is {report.validate_button}"]
    return []


def student_problems(report: NotebookReport) -> list[str]:
    """Problems with a student notebook after Run All (see the module docstring)."""
    code = report.code_cells()
    found = _validate_button_problems(report)
    blank = next((cell for cell in code if cell.is_blank), None)
    first_error = next((cell for cell in code if cell.error), None)
    if blank is None:
        if any(cell.is_answer for cell in code):
            found.append("no blank: no nbgrader answer cell contains `raise NotImplementedError()`")
        if first_error:  # a notebook without exercises must run through
            found.append(f"cell {first_error.index} raised {_error_text(first_error)}")
    elif first_error is None:
        found.append(f"Run All did not stop at the first blank (cell {blank.index}): no cell raised")
    elif first_error.index < blank.index:
        found.append(f"cell {first_error.index} raised before the first blank (cell {blank.index}): "
                     f"{_error_text(first_error)}")
    elif first_error.error.ename != "NotImplementedError":
        found.append(f"Run All stopped at cell {first_error.index} with {_error_text(first_error)}, "
                     f"not the NotImplementedError of the first blank (cell {blank.index})")
    stop = first_error.index if first_error else len(report.cells)
    for cell in code:
        if cell.index <= stop and not cell.ran:
            found.append(f"cell {cell.index} (before Run All stopped) did not run")
        if cell.ran:
            found += rendering_problems(cell)
    return found


def solution_problems(report: NotebookReport, minimum: Minimum = Minimum(), *,
                      validated: bool = True) -> list[str]:
    """Problems with a solution notebook after Run All and (unless not `validated`) Validate."""
    found = _validate_button_problems(report)
    for cell in report.code_cells():
        if not cell.ran:
            found.append(f"cell {cell.index} did not run")
            continue
        if cell.error:
            found.append(f"cell {cell.index} raised {_error_text(cell)}")
        elif cell.is_graded_check and not any(line.startswith(CONFIRMATION) for line in cell.stdout_lines()):
            found.append(f"graded check in cell {cell.index} printed no line starting with {CONFIRMATION}")
        found += rendering_problems(cell)
    images = sum(cell.images for cell in report.cells)
    sliders = sum(len(cell.slider_moves) for cell in report.cells)
    if images < minimum.images:
        found.append(f"the notebook shows {images} image(s), expected at least {minimum.images}")
    if sliders < minimum.sliders:
        found.append(f"the notebook shows {sliders} slider(s), expected at least {minimum.sliders}")
    if validated and report.validation is None:
        found.append("Validate was not run")
    elif validated and not report.validation.succeeded:
        found.append(f"Validate reported {report.validation.outcome}: {report.validation.message}")
    return found


def describe(report: NotebookReport, problems: list[str]) -> str:
    """A failure message listing the problems found in one notebook."""
    lines = [f"{report.path}: {len(problems)} problem(s)", *(f"  - {p}" for p in problems),
             f"screenshot: {report.screenshot}", f"seconds per stage: {report.seconds}"]
    return "\n".join(lines)
