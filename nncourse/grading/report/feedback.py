"""Student feedback: nbgrader's feedback pages, made safe and explained.

:class:`FeedbackNotes` is added to ``GenerateFeedback.preprocessors``. In the
feedback copy only (the autograded notebook is untouched) it

* removes hidden test regions from graded cells and redacts tracebacks
  (:mod:`.redact`), so neither hidden tests nor reference code leak;
* puts a "What happened while grading" cell at the top that tells, in plain
  words, the :mod:`.events` recorded for the notebook (kernel restarts, timeouts,
  restored cells, truncated output) and any notice given by the caller;
* gives each cell the grader left out (tagged ``skip-when-grading``) one line
  saying it was not run, in place of its outputs.

:func:`write_notice_page` writes the page of a notebook that could not be
graded at all (missing, unreadable, another assignment's).

:class:`FeedbackExporter` is the ``GenerateFeedback.exporter_class``: nbconvert's
``HTMLExporter`` without its BeautifulSoup pass, which re-parses every page to
add ``alt`` text to images and ``tabindex`` to JupyterLab cells. That pass took
more than half of each page's time (0.29 s a page with it, 0.14 s without), and nbgrader's
feedback template is the classic one, which has no JupyterLab cells; the
``alt`` text is added here by a pattern instead. It also makes the student's own HTML inert
(:mod:`.inert`): an allowlist for markdown and HTML outputs, and a content policy in the page.
"""

from __future__ import annotations

import copy
import html
import re
from pathlib import Path
from typing import Any, ClassVar

from jinja2 import pass_context
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, List, Unicode

from .. import atomic, events
from ..integrity.hidden import hidden_lines, strip_hidden
from ..integrity.redact import redact_output, redact_traceback
from ..status import NotRunCause
from . import inert

NOTICES_KEY = "notices"
MISSING_ALT = "No description has been provided for this image"
"""What nbconvert's HTMLExporter writes as the ``alt`` of an image that has none."""
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)", re.IGNORECASE)
#: Long lines of a failed check's message (its hint) wrap in the page instead of scrolling sideways.
SKIPPED_LINE = "Not run while grading: this cell only draws or prints. Run it in Jupyter to see its output.\n"
"""The one line a skipped cell shows in the feedback."""
WRAP_ERRORS_CSS = ("<style>div.output_error pre, div.output_stderr pre "
                   "{white-space: pre-wrap; overflow-wrap: anywhere;}</style>")


def add_notice(nb: NotebookNode, message: str) -> None:
    """Record a notice (not tied to a cell) to show at the top of NB's feedback."""
    nb.metadata.setdefault(events.METADATA_KEY, {}).setdefault(NOTICES_KEY, []).append(message)


def notices(nb: NotebookNode | dict) -> list[str]:
    """The notices recorded with :func:`add_notice`."""
    return list(nb.get("metadata", {}).get(events.METADATA_KEY, {}).get(NOTICES_KEY, []))


def explanation(nb: NotebookNode) -> str | None:
    """The markdown telling the student what happened while NB was graded, or None."""
    items = notices(nb) + [event["message"] for event in events.read(nb)]
    if not items:
        return None
    lines = ["### What happened while grading this notebook", ""]
    lines += [f"- {html.escape(item)}" for item in items]
    return "\n".join(lines)


class FeedbackNotes(NbGraderPreprocessor):
    """Hide hidden tests and reference frames; explain grading events (feedback only)."""

    secret_packages = List(
        Unicode(), ["solutions"], help="Packages whose source never appears in feedback tracebacks."
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        """Redact NB and put the explanation cell first."""
        hidden = hidden_lines(cell.source for cell in nb.cells if cell.cell_type == "code")
        for cell in nb.cells:
            if utils.is_grade(cell) and cell.cell_type == "code":
                visible = strip_hidden(cell.source)
                if visible != cell.source:
                    cell.source = visible.rstrip() + "\n# (hidden tests are not shown)"
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = redact_traceback(output.traceback, hidden, self.secret_packages)
                redact_output(output, hidden)
            if events.not_run_cause(cell) is NotRunCause.SKIPPED:
                cell.outputs = [NotebookNode(output_type="stream", name="stdout", text=SKIPPED_LINE)]
        text = explanation(nb)
        if text:
            nb.cells.insert(0, new_markdown_cell(text))
        return nb, resources


class FeedbackExporter(HTMLExporter):
    """HTMLExporter's page, with the missing ``alt`` texts added by a pattern and the student's
    HTML made inert (see the module)."""

    sanitize_html = Bool(True, help="Clean the HTML of markdown cells and outputs (:mod:`.inert`).").tag(
        config=True)
    content_policy = Bool(True, help="Put the policy of :mod:`.inert` in the page: no script, no fetch.").tag(
        config=True)

    _environments: ClassVar[dict[tuple, Any]] = {}
    """Jinja environments (with their compiled templates) by template set, for the process."""

    def _create_environment(self) -> Any:
        """One Jinja environment per template set in a process, not one per exporter.

        A worker writes each student's feedback as soon as the student is graded (so that a
        finished student is complete), with a new exporter each time; compiling the
        templates again for each student would cost more than rendering its pages. The two
        filters that depend on the notebook are registered again before each page.
        """
        key = (tuple(self.template_paths), self.template_extension, self.enable_async, self.sanitize_html)
        if key not in self._environments:
            environment = super()._create_environment()
            environment.filters["clean_html"] = inert.clean_html
            self._environments[key] = environment
        return self._environments[key]

    @pass_context
    def markdown2html(self, context: Any, source: str) -> str:
        """HTMLExporter's markdown filter, its HTML cleaned: nbgrader's feedback template renders
        markdown cells and comments with it and no ``clean_html`` after (:mod:`.inert`)."""
        page = HTMLExporter.markdown2html(self, context, source)
        return inert.clean_html(page) if self.sanitize_html else page

    def from_notebook_node(
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """Render NB as HTMLExporter does, give every ``<img>`` without ``alt`` one, wrap error lines,
        and make the student's HTML inert (:mod:`.inert`)."""
        if self.sanitize_html:
            nb = copy.deepcopy(nb)
            for cell in nb.cells:
                inert.inert_outputs(cell)
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name"))
        resources = self._init_resources(resources)
        # the two filters HTMLExporter.from_notebook_node registers before rendering
        highlight = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
        self.register_filter("highlight_code", highlight)
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
        )
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        page = page.replace("</head>", WRAP_ERRORS_CSS + "</head>", 1)
        page = inert.with_policy(page) if self.content_policy else page
        return _IMG_WITHOUT_ALT.sub(f'<img alt="{MISSING_ALT}"', page), resources


NOTICE_CLASS = "nncourse-notice"
"""The HTML class of a notice :func:`prepend_notice` puts at the top of a feedback page."""


def prepend_notice(page: Path, title: str, paragraphs: list[str]) -> Path:
    """Put a boxed notice (TITLE, PARAGRAPHS as plain text) at the top of the feedback PAGE, after
    its first ``<body>`` (nbgrader's pages hold a second one, the notebook's own), atomically."""
    text = page.read_text(encoding="utf-8")
    start = text.find("<body")
    end = text.find(">", start) + 1 if start >= 0 else 0
    box = (f'\n<div class="{NOTICE_CLASS}" style="border:2px solid #b45309;background:#fffbeb;'
           f'padding:0.5em 1em;margin:1em auto;max-width:60em;font-family:sans-serif">'
           f"<h2>{html.escape(title)}</h2>"
           + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + "</div>\n")
    return atomic.write_text(page, text[:end] + box + text[end:])


def write_notice_page(path: Path, title: str, paragraphs: list[str]) -> Path:
    """Write a small standalone HTML page at PATH (for notebooks nbgrader could not grade)."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}</style></head>\n"
        f"<body><h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n"
    )
    return atomic.write_text(path, page)
