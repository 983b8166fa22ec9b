"""What the browser showed for one notebook: plain data the checkers judge.

`notebook_page.inspect_notebook` fills a `NotebookReport` from JupyterLab (the
notebook model for sources, execution counts and outputs; the page itself for
images, widgets and slider behaviour).  `problems.py` turns a report into a list
of problems, so the judging needs no browser and is cheap to test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

BLANK = "raise NotImplementedError()"
CONFIRMATION = "✓"


@dataclass
class Output:
    """One output of a code cell, as stored in the notebook model."""

    type: str  # stream, display_data, execute_result or error
    name: str | None = None  # stdout or stderr, for streams
    text: str = ""  # stream text, or text/plain of a display
    mimes: tuple[str, ...] = ()
    ename: str | None = None
    evalue: str | None = None


@dataclass
class SliderMove:
    """What happened when the harness moved one slider by one step."""

    label: str
    kernel_ran: bool  # the kernel went busy and idle again after the move
    changed: bool  # the cell's output (other than the slider itself) changed
    error: str | None = None  # a traceback shown in the output after the move


@dataclass
class Cell:
    """One cell: its source and nbgrader metadata, and what it shows after Run All."""

    index: int
    type: str
    source: str
    nbgrader: dict | None = None
    execution_count: int | None = None
    outputs: list[Output] = field(default_factory=list)
    images: int = 0  # loaded <img> in the output area, widget outputs included
    broken_images: int = 0
    widget_outputs: int = 0  # outputs of the widget-view mime type
    widget_views: int = 0  # rendered widget views
    widget_errors: list[str] = field(default_factory=list)
    slider_moves: list[SliderMove] = field(default_factory=list)

    @property
    def ran(self) -> bool:
        return self.execution_count is not None

    @property
    def error(self) -> Output | None:
        return next((out for out in self.outputs if out.type == "error"), None)

    @property
    def is_blank(self) -> bool:
        return self.type == "code" and BLANK in self.source

    @property
    def is_answer(self) -> bool:
        """An nbgrader answer cell (where the student version has its blanks)."""
        return self.type == "code" and bool((self.nbgrader or {}).get("solution"))

    @property
    def is_graded_check(self) -> bool:
        meta = self.nbgrader or {}
        return self.type == "code" and bool(meta.get("grade")) and not meta.get("solution")

    def stdout_lines(self) -> list[str]:
        return [line for out in self.outputs if out.type == "stream" and out.name == "stdout"
                for line in out.text.splitlines()]

    @classmethod
    def from_json(cls, data: dict) -> Cell:
        """A cell from the dictionary that the page's report script returns."""
        data = dict(data)
        data["outputs"] = [Output(**{**out, "mimes": tuple(out["mimes"])}) for out in data.get("outputs", [])]
        return cls(**data)


@dataclass
class Validation:
    """The dialog that nbgrader's Validate button opened."""

    title: str
    outcome: str  # validation-success, validation-failed, ... (the message's CSS class)
    message: str

    @property
    def succeeded(self) -> bool:
        return self.outcome == "validation-success"


@dataclass
class NotebookReport:
    """Everything the harness saw of one notebook after Run All."""

    path: str
    cells: list[Cell]
    validate_button: str  # enabled, disabled or missing
    validation: Validation | None = None
    screenshot: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each stage

    def code_cells(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.type == "code"]

    def timing(self, label: str | None = None) -> str:
        """One line for the run's closing figures: `label` (default: the path), the total and
        each stage's seconds."""
        stages = " ".join(f"{stage}={value:.1f}" for stage, value in self.seconds.items())
        return f"{label or self.path:<48} {sum(self.seconds.values()):6.1f} s  ({stages})"
