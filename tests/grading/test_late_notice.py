"""A late student is told, through ``grade()`` (what ``nncourse grade`` runs): on every feedback
page, when the work was handed in, the deadline, how late (to the second, with the day it counts
as) and the points taken off the total, a cap said as a cap; ``grades.csv``'s ``flags`` carry
``late``; the summary says the same words. (Until 2026-12-02 the pages showed nothing, 1 s late
was "0.0 h late", and 24 h and 24 h 1 s were both "24.0 h", with 10 and 20 points off.)
"""

from __future__ import annotations

import csv
import html
import json

import pytest
import toycourse as T

from nncourse.grading.options import GradingOptions
from nncourse.grading.report.late import apply_late_policy, duration
from nncourse.grading.report.results import StudentResult

pytestmark = pytest.mark.nbgrader

DEADLINE = "2026-12-01T23:59"
#: nbgrader's timestamp.txt by student (the toy assignment is worth 6 points: 10% a day is 0.6)
STAMPS = {
    "on_time": "2026-12-01 23:59:00 UTC",
    "one_second": "2026-12-01 23:59:01 UTC",
    "one_day": "2026-12-02 23:59:00 UTC",
    "one_day_one_second": "2026-12-02 23:59:01 UTC",
    "nine_days": "2026-12-10 23:59:00 UTC",
    "blank_late": "2026-12-04 23:59:00 UTC",
}
#: the line each late student reads (and the summary's)
NOTES = {
    "one_second": "1 s late (day 1 of lateness), 0.6 points off",
    "one_day": "1 day late (day 1 of lateness), 0.6 points off",
    "one_day_one_second": "1 day 1 s late (day 2 of lateness), 1.2 points off",
    "nine_days": "9 days late (day 9 of lateness), 1.5 points off (capped at 25% of 6: 9 days would be 5.4)",
    "blank_late": "3 days late (day 3 of lateness), 0 points off (capped at the score: 0 of 1.5)",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory, toy_release, grade_toy):
    """The class graded by ``grade()``, the engine of ``nncourse grade``, with the toy course's options
    (the CLI has no flag for ``reference_in_kernel``, which the toy's hidden tests need to score)."""
    root = tmp_path_factory.mktemp("late-class")
    for student, stamp in STAMPS.items():
        answers = {} if student == "blank_late" else T.GOOD
        folder = T.write_student(root / "subs" / student / T.ASSIGNMENT, T.submission(toy_release, answers))
        (folder / "timestamp.txt").write_text(stamp)
    result = grade_toy(root / "subs", root / "out", deadline=DEADLINE, late_penalty_per_day=10.0,
                       late_penalty_cap=25.0)
    assert result.exit_code == 0, result.failures
    return root / "out"


def test_every_feedback_page_of_a_late_student_says_when_how_late_and_what_it_cost(out):
    results = json.loads((out / "results.json").read_text())["students"]
    for student, note in NOTES.items():
        pages = sorted((out / "feedback" / student).glob("*.html"))
        assert len(pages) == 2, pages
        r = results[student]
        for page in pages:
            text = html.unescape(page.read_text())
            assert (f"Handed in {STAMPS[student]}; the deadline was 2026-12-01 23:59:00 UTC: {note}."
                    in text), (page, text[:3000])
            if r["late_penalty"]:
                raw = r["score"] + r["late_penalty"]
                assert (f"it comes off your total for the assignment, not the scores on this page: your "
                        f"total is {raw:g} - {r['late_penalty']:g} = {r['score']:g} of 6.") in text
            raw_page = page.read_text()  # the notice is at the top: right after the first <body>
            top = raw_page.index(">", raw_page.index("<body")) + 1
            assert raw_page[top:].lstrip().startswith('<div class="nncourse-notice"'), raw_page[:top + 200]
        assert r["late_note"] == note
    for page in (out / "feedback" / "on_time").glob("*.html"):
        assert "Handed in" not in page.read_text()


def test_grades_csv_flags_the_late_students_and_the_summary_says_the_same_words(out):
    with (out / "grades.csv").open(newline="") as fh:
        flags = {row["student"]: row["flags"].split(";") for row in csv.DictReader(fh)}
    assert {s for s, f in flags.items() if "late" in f} == set(NOTES)
    summary = (out / "summary.txt").read_text()
    for student, note in NOTES.items():
        assert f"  {student}: {note}\n" in summary, summary
    assert " h late" not in summary


def test_a_grace_period_is_said_and_the_lateness_shown_is_the_real_one():
    options = GradingOptions(deadline=DEADLINE, late_penalty_per_day=10, late_penalty_cap=30,
                             late_grace_minutes=5)
    late, within = StudentResult("late", 14, 100, {}), StudentResult("within", 14, 100, {})
    stamps = {"late": "2026-12-04 23:59:00 UTC", "within": "2026-12-02 00:03:00 UTC"}
    apply_late_policy([late, within], stamps, options)
    assert late.late_note == ("3 days late (day 3 of lateness after the 5 min of grace), 14 points off "
                              "(capped at the score: 14 of 30)")
    assert within.late_note == "4 min after the deadline, within the 5 min of grace: on time"
    assert "late" in late.flags and "late" not in within.flags
    assert [duration(s) for s in (0, 1, 59, 3600, 86401, 2 * 86400 + 3 * 60)] == [
        "0 s", "1 s", "59 s", "1 h", "1 day 1 s", "2 days 3 min"]
