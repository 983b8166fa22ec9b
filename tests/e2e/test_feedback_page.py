"""A student's own HTML in their feedback page runs nothing, fetches nothing and hides nothing,
in headless Chromium (nncourse/grading/report/inert.py).

Mallory's notebook (the toy course, graded by the real ``grade``: nbgrader autograde and
generate_feedback) carries the attacks of :data:`MARKDOWN` in a markdown cell of her own and
those of :data:`CODE` as outputs of a code cell: each payload that runs appends its name to
``window.__pwned``. Her page is compared with honest Alice's: it may ask for no more than hers
(the template's own requests), its score heading must be shown and on top, and what she wrote
must still be there as text. Each of the two walls is then attacked alone: the page with its
content policy cut out (the allowlist alone), and the page rendered with the allowlist off (the
policy alone, which stops scripts and fetches; a refresh is a navigation, which only the
allowlist stops, so that payload is left out of that page).
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import nbformat
import nbgrader
import pytest
from grading import toycourse as T
from traitlets.config import Config

from nncourse.grading import GradingOptions, Limits, grade
from nncourse.grading.report.feedback import FeedbackExporter

pytestmark = [pytest.mark.e2e, pytest.mark.nbgrader]

MARK = "window.__pwned = (window.__pwned || []).concat"
PIXEL = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082"
)).decode()
REFRESH = '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/away">\n\n'
MARKDOWN = (
    "My notes on the blanks.\n\n"
    f"<img src=x onerror=\"{MARK}(['img'])\">\n\n"
    "<style>h4, #toc {display: none !important}</style>\n\n"
    f"<script>{MARK}(['script'])</script>\n\n"
    f"<iframe src=\"javascript:parent.{MARK}(['iframe'])\"></iframe>\n\n"
    f"<svg><script>{MARK}(['svg'])</script></svg>\n\n"
    f"<details open ontoggle=\"{MARK}(['toggle'])\">x</details>\n\n"
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">\n\n'
    '<img src="http://127.0.0.1:9/beacon.png">\n\n'
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:white">Score: 99</div>\n\n'
    + REFRESH +
    '<base href="http://127.0.0.1:9/">\n\n'
    f"<form action=\"http://127.0.0.1:9/f\"><input autofocus onfocus=\"{MARK}(['focus'])\"></form>\n\n"
    f"[a link](javascript:{MARK}(['link']))\n"
)
CODE = (
    "from IPython.display import HTML, Markdown, display\n"
    f"display(HTML('<img src=x onerror=\"{MARK}([`html`])\"><style>h4{{visibility:hidden}}</style>'))\n"
    f"display(Markdown('<img src=x onerror=\"{MARK}([`markdown`])\">'))\n"
    f"display({{'application/javascript': \"{MARK}(['javascript'])\"}}, raw=True)\n"
    "display({'image/svg+xml': '<svg xmlns=\"http://www.w3.org/2000/svg\" "
    f"onload=\"{MARK}([`svg_output`])\"><script>{MARK}([`svg_script`])</script></svg>'}}, raw=True)\n"
    # nbconvert writes an image's width into the tag unquoted
    f"display({{'image/png': '{PIXEL}'}}, metadata={{'image/png': {{'width': "
    f"'1 onload={MARK}([`width`]) style=position:fixed;top:0;left:0;width:100%;height:100%'}}}}, raw=True)\n"
)
SHOWN_AS_TEXT = ("My notes on the blanks.", "<style>h4, #toc", "<script>", "<iframe")


def _class(root: Path, markdown: str) -> Path:
    """Grade Alice (right answers) and Mallory (right answers and the attacks); the output folder."""
    T.build_course(root / "course")
    T.release(root / "course")
    released = root / "course" / "notebooks" / T.ASSIGNMENT
    T.write_student(root / "subs" / "alice", T.submission(released))
    notebooks = T.submission(released)
    cells = notebooks["01_basics.ipynb"].cells
    cells.insert(1, nbformat.v4.new_markdown_cell(markdown))
    cells.insert(2, nbformat.v4.new_code_cell(CODE))
    T.write_student(root / "subs" / "mallory", notebooks)
    options = GradingOptions(assignment=T.ASSIGNMENT, workers=1, cell_timeout=10, notebook_timeout=60,
                             limits=Limits(memory_mb=1024, address_space_mb=5120, cpu_seconds=120,
                                           nproc=48, fsize_mb=16),
                             secret_packages=("toy_solutions",), reference_in_kernel=True)
    (root / "work").mkdir()
    result = grade(root / "subs", root / "out", options, course_source=root / "course",
                   work_dir=root / "work")
    assert result.ok, result.failures
    assert {s.student: s.score for s in result.students} == {"alice": 6.0, "mallory": 6.0}
    return root / "out"


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    return _class(tmp_path_factory.mktemp("feedback_attacks"), MARKDOWN)


def _visit(context, path: Path) -> dict:
    """What PATH does in Chromium: scripts that ran, requests the browser let through (as paths
    relative to the page's folder where they are files), where it ended up, and its score heading."""
    asked: list[str] = []
    blocked: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: asked.append(request.url))
    page.on("requestfailed", lambda request: blocked.append(request.url)
            if request.failure and "csp" in request.failure else None)
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_timeout(500)  # a refresh of 0 s, autofocus, a toggle: each has had its turn
        heading = page.evaluate("""(() => {
            const h = document.querySelector('h4');
            if (!h) return null;
            const box = h.getBoundingClientRect(), style = getComputedStyle(h);
            const top = document.elementFromPoint(box.x + 5, box.y + box.height / 2);
            return {text: h.textContent.trim(), display: style.display, visibility: style.visibility,
                    on_top: h === top || h.contains(top)};
        })()""")
        return {
            "ran": page.evaluate("window.__pwned || []"),
            "fetched": sorted({_relative(u, path) for u in asked} - {_relative(u, path) for u in blocked}),
            "url": page.url,
            "heading": heading,
            "text": page.evaluate("document.body.innerText"),
        }
    finally:
        page.close()


def _relative(url: str, page: Path) -> str:
    prefix = page.parent.as_uri() + "/"
    return url[len(prefix):] if url.startswith(prefix) else url


def _assert_inert(seen: dict, honest: dict, page: Path) -> None:
    assert seen["ran"] == [], f"scripts of the student ran: {seen['ran']}"
    assert seen["url"] == page.as_uri(), f"the page went to {seen['url']}"
    assert set(seen["fetched"]) <= set(honest["fetched"]) | {page.name}, (
        f"asked for more than an honest page: {sorted(set(seen['fetched']) - set(honest['fetched']))}")
    heading = seen["heading"]
    assert heading and heading["text"].startswith("01_basics (Score: 3.0 / 3.0)"), heading
    shown = (heading["display"], heading["visibility"], heading["on_top"])
    assert shown == ("block", "visible", True), heading


def test_a_students_html_runs_nothing_fetches_nothing_and_hides_nothing(browser_context, graded):
    mallory, alice = (graded / "feedback" / who / "01_basics.html" for who in ("mallory", "alice"))
    honest = _visit(browser_context, alice)
    assert not [url for url in honest["fetched"] if "://" in url and url != alice.as_uri()], honest
    seen = _visit(browser_context, mallory)
    _assert_inert(seen, honest, mallory)
    missing = [text for text in SHOWN_AS_TEXT if text not in seen["text"]]
    assert missing == [], f"what the student wrote is not on the page: {missing}"
    assert "not run in the feedback page" in seen["text"], "the JavaScript output left no line"


def test_the_allowlist_alone_holds(browser_context, graded, tmp_path):
    page = graded / "feedback" / "mallory" / "01_basics.html"
    html = page.read_text()
    bare = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    assert bare != html, "the page has no content policy to cut out"
    copy = tmp_path / page.name
    copy.write_text(bare)
    honest = _visit(browser_context, graded / "feedback" / "alice" / "01_basics.html")
    _assert_inert(_visit(browser_context, copy), honest, copy)


def test_the_policy_alone_stops_scripts_and_fetches(browser_context, graded, tmp_path):
    autograded = graded / "autograded" / "mallory" / T.ASSIGNMENT / "01_basics.ipynb"
    notebook = nbformat.read(autograded, as_version=4)
    for cell in notebook.cells:  # the scores generate_feedback reads from the gradebook
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.metadata.nbgrader.score = cell.metadata.nbgrader.points
    notebook.cells[1].source = notebook.cells[1].source.replace(REFRESH, "")
    page = tmp_path / "01_basics.html"
    page.write_text(_render(notebook, sanitize_html=False))
    seen = _visit(browser_context, page)
    assert seen["ran"] == [], f"scripts of the student ran under the policy: {seen['ran']}"
    outside = [url for url in seen["fetched"] if "://" in url and url != page.as_uri()]
    assert outside == [], f"fetched under the policy: {outside}"
    # the test can fail: without the allowlist and the policy the same page runs the scripts
    bare = tmp_path / "bare.html"
    bare.write_text(_render(notebook, sanitize_html=False, content_policy=False))
    assert {"iframe", "html", "markdown"} <= set(_visit(browser_context, bare)["ran"])


def _render(notebook: nbformat.NotebookNode, **switches: bool) -> str:
    """NOTEBOOK's feedback page as nbgrader's generate_feedback configures its exporter."""
    formgrader = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    config = Config()
    config.HTMLExporter.template_name = "feedback"
    config.HTMLExporter.extra_template_basedirs = [str(formgrader / "templates")]
    config.HTMLExporter.extra_template_paths = [
        os.fspath(formgrader / "static" / "node_modules" / "bootstrap" / "dist" / "css")]
    exporter = FeedbackExporter(config=config, **switches)
    resources = {"nbgrader": {"notebook": "01_basics", "score": 3.0, "max_score": 3.0, "late_penalty": 0}}
    return exporter.from_notebook_node(notebook, resources=resources)[0]
