"""The class report (nncourse/grading/report/page.py) in headless Chromium: it renders, every
image loads, and it makes no request but for the file itself, also with its
Content-Security-Policy removed (so the page's content, not the policy, is what asks for
nothing). The screenshot goes to E2E_SCREENSHOT_DIR (``make screenshots``: docs/screenshots/).

The class is synthetic but shaped like a real one: 40 students over the course's own blanks
(autograder/blanks.py), failing with mistakes and hints from the course's catalogue
(autograder/fixtures/mistakes.json), some late, one notebook missing, a copied pair.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from autograder import blanks
from nncourse.grading.report.classdata import class_data
from nncourse.grading.report.page import REPORT_HTML, write_page
from nncourse.grading.report.results import CellResult, NotebookResult, StudentResult
from nncourse.grading.report.similarity import Match, SimilarityFlag
from nncourse.grading.status import CellStatus, NotebookStatus

from . import settings

pytestmark = pytest.mark.e2e
CATALOGUE = json.loads((settings.REPO / "autograder" / "fixtures" / "mistakes.json").read_text())
COPIED = (
    """def sigmoid(x):
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    out[~pos] = np.exp(x[~pos]) / (1 + np.exp(x[~pos]))
    return out
""",
    """def sigmoid(z):
    z = np.asarray(z, dtype=float)
    # stable both ways
    res = np.empty_like(z)
    neg = z < 0
    res[neg] = np.exp(z[neg]) / (1 + np.exp(z[neg]))
    res[~neg] = 1 / (1 + np.exp(-z[~neg]))
    return res
""",
)


def synthetic_class(seed: int = 7, students: int = 40) -> list[StudentResult]:
    rng = random.Random(seed)
    by_blank: dict[str, list[tuple[str, str]]] = {}
    for mistake, entry in CATALOGUE.items():
        by_blank.setdefault(entry["blank"], []).append((mistake, entry["hint"]))
    results = []
    for i in range(students):
        skill = rng.random()
        notebooks = {}
        for name in sorted({b.notebook for b in blanks.BLANKS}):
            cells = []
            for blank in (b for b in blanks.BLANKS if b.notebook == name):
                if rng.random() < 0.35 + 0.6 * skill:
                    cells.append(CellResult(blank.cell, 2.0, 2.0, CellStatus.PASSED))
                elif by_blank.get(blank.name) and rng.random() < 0.7:
                    mistake, hint = rng.choice(by_blank[blank.name][:2])
                    cells.append(CellResult(blank.cell, 0.0, 2.0, CellStatus.FAILED, "CheckFailed",
                                            mistakes=[mistake], hint=hint))
                else:
                    cells.append(CellResult(blank.cell, 0.0, 2.0, CellStatus.ERROR, "NotImplementedError"))
            status = NotebookStatus.MISSING if i == 3 and name == "07_what_next" else NotebookStatus.GRADED
            if status == NotebookStatus.MISSING:
                cells = [CellResult(c.grade_id, 0.0, 2.0, CellStatus.MISSING) for c in cells]
            score = sum(c.points for c in cells)
            notebooks[name] = NotebookResult(name, status, score, 2.0 * len(cells), cells=cells)
        total = sum(nb.score for nb in notebooks.values())
        maximum = sum(nb.max_score for nb in notebooks.values())
        result = StudentResult(f"student{i:02d}", total, maximum, notebooks)
        if i % 13 == 5:
            result.submitted_at, result.late_minutes = "2026-12-02T09:30:00+00:00", 570.0
            result.late_penalty = round(0.1 * maximum, 2)
            result.score -= result.late_penalty
        results.append(result)
    return results


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    results = synthetic_class()
    notebook_max = {name: nb.max_score for name, nb in results[0].notebooks.items()}
    flag = SimilarityFlag(("student11", "student27"), 0.61, 9.4,
                          (Match("02_activations", "sigmoid", 1.0, 0.83, COPIED),))
    data = class_data(results, "neural_networks", notebook_max, [flag], deadline="2026-12-01T23:59")
    out = tmp_path_factory.mktemp("report")
    for r in results:
        for nb in r.notebooks:
            page = out / "feedback" / r.student / f"{nb}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"<p>{r.student}: {nb}</p>")
    return write_page(data, out)


def _open(context, path: Path) -> tuple[object, list[str]]:
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri(), wait_until="load")
    return page, requests


def test_the_report_renders_with_its_images_and_asks_for_nothing(browser_context, report, screenshot_dir):
    page, requests = _open(browser_context, report)
    try:
        headings = page.eval_on_selector_all("h2", "hs => hs.map(h => h.textContent)")
        assert headings[:4] == ["Score distribution", "What the class got wrong", "Per cell",
                                "Students needing attention (4)"]
        images = page.eval_on_selector_all(
            "img", "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.getBoundingClientRect().width])")
        assert len(images) == 1 + 7 + 1  # the total, a histogram per notebook, the mistakes chart
        assert all(done and natural > 0 and shown > 0 for done, natural, shown in images), images
        assert requests == [report.as_uri()], requests
        assert page.locator("table.diff").count() == 1  # the copied pair, side by side
        # the top of the page: the distributions and what the class got wrong
        page.screenshot(path=str(Path(screenshot_dir) / "report.png"), full_page=True,
                        clip={"x": 0, "y": 0, "width": settings.VIEWPORT["width"], "height": 1400})
    finally:
        page.close()


def test_without_its_security_policy_the_page_still_asks_for_nothing(browser_context, report, tmp_path):
    html = report.read_text()
    bare = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    assert bare != html
    copy = tmp_path / REPORT_HTML
    copy.write_text(bare)
    page, requests = _open(browser_context, copy)
    try:
        assert requests == [copy.as_uri()], requests
        assert page.evaluate("[...document.images].every(i => i.naturalWidth > 0)")
    finally:
        page.close()
