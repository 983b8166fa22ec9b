"""The class outputs of one real grading run of the toy course: mistakes in results.json,
mistakes.csv, late work, similarity flags and report.html (its content; Chromium renders it
in tests/e2e/test_report.py).

One module-scoped run grades a class built to exercise every section: diagnosed mistakes
(checks that fail with the course's ``[mistake: id]`` tag), a late student, a missing
notebook, and two students who copied an unusual answer. (Cells that time out or crash are
the robustness batch's subject; their place on the attention list is tested on built results.)
"""

from __future__ import annotations

import csv
import json
import re

import pytest
import toycourse as T

from nncourse.grading.report.classdata import attention
from nncourse.grading.report.late import LatePolicyError, lateness
from nncourse.grading.report.mistakes import diagnosed
from nncourse.grading.report.results import CellResult, NotebookResult, StudentResult
from nncourse.grading.status import CellStatus, NotebookStatus

#: The message of a check that diagnosed a mistake, tagged as the course's checks tag them.
SUBTRACT = "'add(1, 2) returned -1. Hint: you subtracted b instead of adding it. [mistake: toy.subtract]'"
#: Three students' wrong answers that fail with it, each written their own way.
TAGGED_ADD = [
    f"def add(a, b):\n    raise AssertionError({SUBTRACT})",
    f"def add(x, y):\n    message = {SUBTRACT}\n    raise AssertionError(message)",
    f"def add(a, b):\n    assert a is None, {SUBTRACT}\n    return a - b",
]
TAGGED_SQUARE = (
    "def square(x):\n"
    "    raise AssertionError('square(2) returned 4.0 Hint: you doubled x. [mistake: toy.double, fp.scale]')"
)
#: An unusual right answer two students share (the second renamed, reordered and recommented).
ODD_NORMALIZE = (
    "def normalize(x):\n"
    "    arr = np.array(x, dtype=np.float64)  # a copy\n"
    "    squares = [value * value for value in arr]\n"
    "    length = sum(squares) ** 0.5\n"
    "    scale = 1.0 / length\n"
    "    return arr * scale\n"
)
COPIED_NORMALIZE = (
    "def normalize(v):\n"
    "    # normalise v\n"
    "    w = np.array(v, dtype=np.float64)\n"
    "    sq = [e * e for e in w]\n"
    "    n = sum(sq) ** 0.5\n"
    "    k = 1.0 / n\n"
    "    return w * k\n"
)
DEADLINE = "2026-11-30T23:59"

CLASS = {
    "ada": T.GOOD,
    "bea": {**T.GOOD, "add": TAGGED_ADD[0]},
    "cal": {**T.GOOD, "add": TAGGED_ADD[1], "square": TAGGED_SQUARE},
    "dee": {**T.GOOD, "add": TAGGED_ADD[2], "normalize": ODD_NORMALIZE},
    "eve": {**T.GOOD, "normalize": COPIED_NORMALIZE},
    "fay": T.GOOD,
    "gus": {**T.GOOD, **T.SHALLOW},
}
#: nbgrader's timestamp.txt, by student: gus is 1 day and 1 minute late, fay is on time.
TIMESTAMPS = {"gus": "2026-12-02 00:00:00.000000 UTC", "fay": "2026-11-30 20:00:00 UTC"}


@pytest.fixture(scope="module")
def graded(tmp_path_factory, toy_release, grade_toy):
    root = tmp_path_factory.mktemp("report-class")
    for student, answers in CLASS.items():
        folder = T.write_student(root / student / T.ASSIGNMENT, T.submission(toy_release, answers))
        if student in TIMESTAMPS:
            (folder / "timestamp.txt").write_text(TIMESTAMPS[student])
    # hal handed in the first notebook only
    basics = T.submission(toy_release, T.GOOD)
    T.write_student(root / "hal" / T.ASSIGNMENT, {"01_basics.ipynb": basics["01_basics.ipynb"]})
    return grade_toy(root, deadline=DEADLINE, late_penalty_per_day=10.0, late_penalty_cap=30.0)


@pytest.fixture(scope="module")
def results(graded):
    return json.loads((graded.out_dir / "results.json").read_text())["students"]


@pytest.fixture(scope="module")
def page(graded):
    return (graded.out_dir / "report.html").read_text()


def _cell(results, student, notebook, grade_id):
    (cell,) = [c for c in results[student]["notebooks"][notebook]["cells"] if c["grade_id"] == grade_id]
    return cell


def test_results_json_carries_the_mistake_ids_of_failed_cells(results):
    assert _cell(results, "bea", "01_basics", "test_add")["mistakes"] == ["toy.subtract"]
    square = _cell(results, "cal", "01_basics", "test_square")
    assert square["mistakes"] == ["toy.double", "fp.scale"]
    assert square["hint"] == "you doubled x."
    assert _cell(results, "ada", "01_basics", "test_add")["mistakes"] == []
    # a failure without a tag names no mistake
    shallow = _cell(results, "gus", "01_basics", "test_add")
    assert shallow["status"] == "failed" and shallow["mistakes"] == []


def test_mistakes_csv_has_a_row_per_student_cell_and_mistake(graded):
    with (graded.out_dir / "mistakes.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["student", "notebook", "cell", "mistake", "hint"]
    got = sorted((r["student"], r["cell"], r["mistake"]) for r in rows)
    assert got == [
        ("bea", "test_add", "toy.subtract"),
        ("cal", "test_add", "toy.subtract"),
        ("cal", "test_square", "fp.scale"),
        ("cal", "test_square", "toy.double"),
        ("dee", "test_add", "toy.subtract"),
    ]
    hints = {r["hint"] for r in rows if r["mistake"] == "toy.subtract"}
    assert hints == {"you subtracted b instead of adding it."}


def test_late_work_is_penalised_by_the_policy(graded, results):
    gus, fay = results["gus"], results["fay"]
    # 2 started days late at 10% of 6 points a day
    assert gus["late_penalty"] == pytest.approx(1.2) and gus["late_minutes"] == pytest.approx(1441)
    assert gus["submitted_at"] == "2026-12-02T00:00:00+00:00"
    assert fay["late_penalty"] == 0 and fay["late_minutes"] == 0
    assert results["ada"]["late_minutes"] is None  # no timestamp: never penalised
    with (graded.out_dir / "grades.csv").open(newline="") as fh:
        rows = {r["student"]: r for r in csv.DictReader(fh)}
    raw = sum(nb["score"] for nb in gus["notebooks"].values())
    assert float(rows["gus"]["total"]) == pytest.approx(raw - 1.2)
    assert rows["gus"]["late_penalty"] == "1.2" and rows["ada"]["late_penalty"] == "0"
    assert "gus: 1 day 1 min late (day 2 of lateness), 1.2 points off" in graded.summary


def test_the_summary_names_the_most_common_mistakes(graded):
    lines = graded.summary.splitlines()
    first = lines.index("Most common mistakes (share of the class):") + 1
    assert lines[first].strip().startswith("38% (3) 01_basics/test_add: toy.subtract: you subtracted b")


def test_the_report_is_self_contained(page):
    assert page.startswith("<!DOCTYPE html>")
    sources = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert sources and all(s.startswith(("data:image/png;base64,", "feedback/", "#")) for s in sources)
    assert "<script" not in page and "@import" not in page and "url(" not in page


def test_the_report_plots_every_notebook_and_the_total(page):
    # the total, one histogram per notebook, the mistakes chart
    assert page.count('src="data:image/png;base64,') == 1 + 2 + 1


def test_the_report_gives_each_cell_its_mistakes_students_and_hint(page):
    cells = page.split("<h2>Per cell</h2>", 1)[1]
    row = re.search(r"<tr><td><code>01_basics/test_add</code>.*?</tr>", cells, re.S).group()
    assert "0.50 / 1" in row  # 4 of the 8 students passed it
    assert "toy.subtract</code> &times;3" in row and "bea, cal, dee" in row
    assert "you subtracted b instead of adding it." in row
    assert "50%</td>" in row


def test_the_report_lists_students_needing_attention_with_links(page, graded):
    section = page.split("Students needing attention", 1)[1].split("<h2>", 1)[0]
    assert "fay" not in section and "ada" not in section
    assert "hal" in section and "02_vectors: missing" in section
    assert "late: 1.2 points off" in section
    for link in re.findall(r'href="([^"]+)"', section):
        assert (graded.out_dir / link).is_file(), link


def test_the_report_flags_the_copied_pair_side_by_side(page):
    section = page.split("Similar answers", 1)[1].replace("&nbsp;", " ")
    assert "<b>dee</b> and <b>eve</b>" in section
    assert section.count("<details") == 1  # nobody else
    assert "sq = [e * e for e in w]" in section and "squares = [value * value for value in arr]" in section
    # only the blanks that make the pair stand out are shown: normalize, not their textbook add
    assert section.count('<table class="diff"') == 1


def test_the_deadline_is_checked_before_grading(grade_toy, tmp_path):
    with pytest.raises(LatePolicyError, match="not an ISO 8601 date"):
        grade_toy(tmp_path, deadline="next friday")


def test_lateness_counts_started_days_and_the_cap():
    assert lateness("2026-12-01 00:00:00 UTC", "2026-12-01T00:00", 10, 30, 0).penalty_percent == 0
    assert lateness("2026-12-01 00:01:00 UTC", "2026-12-01T00:00", 10, 30, 0).penalty_percent == 10
    assert lateness("2026-12-01 00:01:00 UTC", "2026-12-01T00:00", 10, 30, 5).penalty_percent == 0
    assert lateness("2026-12-09 00:00:00 UTC", "2026-12-01T00:00", 10, 30, 0).penalty_percent == 30
    # a deadline with a zone: 01:00+01:00 is midnight UTC
    assert lateness("2026-12-01 00:30:00 UTC", "2026-12-01T01:00+01:00", 10, 30, 0).late_minutes == 30
    assert lateness(None, "2026-12-01T00:00", 10, 30, 0).late_minutes is None


def test_timeouts_and_crashes_put_a_student_on_the_attention_list():
    def student(name, status):
        cells = [CellResult("test_a", 0, 1, status), CellResult("test_b", 1, 1, CellStatus.PASSED)]
        nb = NotebookResult("nb", NotebookStatus.GRADED, 1, 2, cells=cells)
        return StudentResult(name, 1, 2, {"nb": nb})

    rows = attention([student("t", CellStatus.TIMEOUT), student("c", CellStatus.CRASHED),
                      student("f", CellStatus.FAILED)])
    assert [(r.student, r.reasons) for r in rows] == [("t", ("nb: test_a timed out",)),
                                                      ("c", ("nb: test_a crashed",))]
    assert rows[0].pages == (("nb", "feedback/t/nb.html"),)


def test_a_hint_repeated_without_its_marker_is_read_once():
    # the shape of the course's gradient check: its own line ends with the hint, then the
    # value check's message repeats it after "Hint:"
    hint = "you divide by N twice. Divide only once."
    message = (f"CheckFailed: Gradient check: errors 7.5e-01.\nAnalytic against numerical gradient: {hint} "
               f"[mistake: backward.twice]\ngrads['dW1'] has the wrong values.\nHint: {hint} "
               "[mistake: backward.twice]\n(Wrong: dW1.)")
    assert diagnosed(message) == (["backward.twice"], hint)
    assert diagnosed("AssertionError: no hint here") == ([], "")
