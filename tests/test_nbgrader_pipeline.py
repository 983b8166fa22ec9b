"""The real nbgrader pipeline in a throwaway course: generate, autograde, feedback.

A perfect student (the solution notebooks) must score 100/100; a student who
submits the released notebooks unchanged must score 0, every graded cell
failing on its blank's NotImplementedError and no other error anywhere.
"""

import html
import json
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbgrader.api import Gradebook

from nncourse import notebooks as nbs
from nncourse.grading.integrity.hidden import hidden_lines

pytestmark = pytest.mark.nbgrader


def nbgrader(course, *args):
    subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, check=True,
                   capture_output=True, text=True)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = nbs.copy_course(tmp_path_factory.mktemp("course"))
    nbgrader(course, "generate_assignment", nbs.ASSIGNMENT, "--force")
    for student, folder in (("perfect", course / "source"), ("blank", course / "notebooks")):
        shutil.copytree(folder / nbs.ASSIGNMENT, course / "submitted" / student / nbs.ASSIGNMENT)
    nbgrader(course, "autograde", nbs.ASSIGNMENT)
    nbgrader(course, "generate_feedback", nbs.ASSIGNMENT)
    return course


def scores(course, student):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission(nbs.ASSIGNMENT, student)
        cells = {(nb.name, g.name): (g.score, g.max_score)
                 for nb in submission.notebooks for g in nb.grades}
        return submission.score, submission.max_score, cells


def autograded_cells(course, student):
    for path in sorted((course / "autograded" / student / nbs.ASSIGNMENT).glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            yield path.stem, cell


def test_perfect_student_scores_100(course):
    score, max_score, cells = scores(course, "perfect")
    assert max_score == 100
    assert score == 100, {k: v for k, v in cells.items() if v[0] != v[1]}


def test_untouched_notebooks_score_0_failing_only_on_blanks(course):
    score, _, cells = scores(course, "blank")
    assert score == 0
    assert len(cells) == sum(len(v) for v in nbs.points_table().values())
    graded = 0
    for notebook, cell in autograded_cells(course, "blank"):
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        assert all(e["ename"] == "NotImplementedError" for e in errors), (notebook, cell["id"], errors)
        if cell["metadata"].get("nbgrader", {}).get("grade"):
            graded += 1
            assert errors, f"{notebook}/{cell['id']} did not fail on its blank"
    assert graded == len(cells)


@pytest.mark.parametrize("notebook", nbs.notebook_names())
def test_the_solution_runs_clean_top_to_bottom(course, notebook):
    """nbgrader ran every cell of the solution notebook in a real kernel: no error and nothing on
    stderr in any cell (nbgrader scores a graded cell that writes there 0), every graded check
    prints its confirmations and nothing else, the plots render as images, the result is valid."""
    nb = nbformat.read(course / "autograded" / "perfect" / nbs.ASSIGNMENT / f"{notebook}.ipynb", as_version=4)
    for cell in nb.cells:
        outputs = cell.get("outputs", [])
        assert not [o for o in outputs if o.output_type == "error"], (cell.id, outputs)
        streams = [o for o in outputs if o.output_type == "stream"]
        assert all(o.name == "stdout" for o in streams), (cell.id, streams)
        if nbs.nbgrader_meta(cell).get("grade"):
            text = "".join(o.text for o in streams)
            assert text.startswith("✓ ") and "✗" not in text, (cell.id, text)
            assert text.count("✓ ") == text.count("\n"), (cell.id, text)
    assert [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})], \
        "no plot rendered as an image"
    assert nbformat.validate(nb) is None


@pytest.mark.parametrize("student", ["perfect", "blank"])
def test_feedback_is_generated(course, student):
    pages = sorted((course / "feedback" / student / nbs.ASSIGNMENT).glob("*.html"))
    assert [p.stem for p in pages] == nbs.notebook_names()
    text = pages[0].read_text()
    assert "Score:" in text or "score" in text.lower()


@pytest.mark.parametrize("student", ["perfect", "blank"])
def test_plain_feedback_shows_no_hidden_test(course, student):
    """Plain `nbgrader generate_feedback` (the course's config) hides the hidden tests.

    nbgrader itself prints every graded cell's source, hidden regions included; the blank
    student's pages also hold the hidden checks' failures and their tracebacks.
    """
    for notebook in nbs.notebook_names():
        source = nbformat.read(course / "source" / nbs.ASSIGNMENT / f"{notebook}.ipynb", as_version=4)
        codes = (cell.source for cell in source.cells if cell.cell_type == "code")
        hidden = [line for line in hidden_lines(codes) if len(line) >= 8]
        page = (course / "feedback" / student / nbs.ASSIGNMENT / f"{notebook}.html").read_text()
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        assert "BEGIN HIDDEN TESTS" not in text, (student, notebook)
        shown = [line for line in hidden if line.strip() in text]
        assert not shown, (student, notebook, shown[:3])
