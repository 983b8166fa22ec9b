"""The adversarial corpus (``tests/corpus``) graded on the real course in one ``nncourse grade`` batch.

One module-scoped run of the real command line (two workers, the default
sandbox limits) over every student of ``corpus.students.CORPUS``; the tests
then read what an instructor gets: ``results.json``, ``grades.csv``, the merged
nbgrader gradebook, the autograded notebooks and the feedback pages.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from corpus.build import Student, notebook_for, write
from corpus.students import BY_NAME, CORPUS
from nbgrader.api import Gradebook

from autograder.answers import ANSWER_MIME
from nncourse.grading.sandbox import UID_RANGE
from nncourse.grading.sandbox.procfs import pids, proc_alive, proc_parent, proc_uid
from nncourse.notebooks import ASSIGNMENT, ROOT, notebook_names

pytestmark = pytest.mark.nbgrader

#: Seconds per cell. The cells of 01 and 03 take well under a second, but a memory bomb takes
#: seconds to reach its limit on a loaded machine (10 s was too short there, 2026-12-02); 20 s
#: leaves a wide margin, while the two students that loop cost three timeouts between them.
CELL_TIMEOUT = 20
NOTEBOOKS = notebook_names()
STUDENTS = sorted(BY_NAME)


@dataclass
class Batch:
    """What one ``nncourse grade`` run left behind."""

    out: Path
    run: subprocess.CompletedProcess
    results: dict
    """results.json's ``students``."""
    csv: dict[str, dict[str, str]]
    """grades.csv rows by student."""

    def notebook(self, student: str, notebook: str) -> dict:
        return self.results[student]["notebooks"][notebook]

    def feedback(self, student: str, notebook: str) -> str:
        """The feedback page's text (tags dropped, entities decoded)."""
        page = (self.out / "feedback" / student / f"{notebook}.html").read_text()
        return html.unescape(re.sub(r"<[^>]+>", "", page))

    def autograded(self, student: str, notebook: str) -> nbformat.NotebookNode:
        return nbformat.read(self.out / "autograded" / student / ASSIGNMENT / f"{notebook}.ipynb", 4)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Batch:
    root = tmp_path_factory.mktemp("corpus")
    submissions = write(root / "submissions", CORPUS)
    out = root / "out"
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    command = [sys.executable, "-m", "nncourse", "grade", str(submissions), "--out", str(out)]
    command += ["--workers", "2", "--timeout", str(CELL_TIMEOUT)]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    results, rows = {}, {}
    if (out / "results.json").exists():  # else the first test shows the command's output
        results = json.loads((out / "results.json").read_text())["students"]
        with (out / "grades.csv").open() as fh:
            rows = {row["student"]: row for row in csv.DictReader(fh)}
    return Batch(out, run, results, rows)


def _grade_id(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _results_text(entry: dict) -> str:
    """Everything results.json says about one notebook, as one string."""
    parts = [entry["message"], *entry["events"], *entry["notices"]]
    parts += [f["detail"] for f in entry["flags"]] + [c["message"] for c in entry["cells"]]
    return "\n".join(parts)


# -- the batch as a whole ---------------------------------------------------------------------------


def test_the_batch_finishes_and_accounts_for_every_submission(batch):
    """Student trouble is not grader trouble: exit code 0, every student in every output."""
    assert batch.run.returncode == 0, batch.run.stdout[-3000:] + batch.run.stderr[-3000:]
    assert "Grader failures" not in batch.run.stdout
    assert sorted(batch.results) == STUDENTS
    assert sorted(batch.csv) == STUDENTS
    handed_in = [s.name for s in CORPUS if any(s.status(n) == "graded" for n in NOTEBOOKS)]
    for name in handed_in:
        assert re.search(rf"\] {name}: \d+ s ok$", batch.run.stdout, re.M), name


@pytest.mark.parametrize("name", STUDENTS)
def test_every_notebook_has_a_gradebook_entry_a_status_and_a_feedback_page(batch, name):
    with Gradebook(f"sqlite:///{batch.out / 'gradebook.db'}") as gb:
        for notebook in NOTEBOOKS:
            record = gb.find_submission_notebook(notebook, ASSIGNMENT, name)
            assert all(g.score is not None for g in record.grades), notebook
            assert record.score == batch.notebook(name, notebook)["score"], notebook
            assert batch.notebook(name, notebook)["status"]
            assert batch.feedback(name, notebook).strip(), notebook
        assert gb.find_student(name).score == batch.results[name]["score"]


# -- each student: statuses, scores, flags, messages -----------------------------------------------


@pytest.mark.parametrize("name", STUDENTS)
def test_statuses_and_scores(batch, name):
    """Each cell as expected; every cell the student did not break passes with full points."""
    student: Student = BY_NAME[name]
    for notebook in NOTEBOOKS:
        entry = batch.notebook(name, notebook)
        assert entry["status"] == student.status(notebook), (notebook, entry["message"])
        got = {c["grade_id"]: (c["status"], c["points"]) for c in entry["cells"]}
        messages = {c["grade_id"]: c["message"][:200] for c in entry["cells"]}
        assert got == student.expected_cells(notebook), (notebook, messages)
        assert entry["score"] == student.expected_score(notebook), notebook
        assert batch.csv[name][notebook] == f"{student.expected_score(notebook):g}"
    assert batch.results[name]["score"] == student.expected_score()
    assert batch.csv[name]["total"] == f"{student.expected_score():g}"


@pytest.mark.parametrize("name", STUDENTS)
def test_flags(batch, name):
    """grades.csv flags exactly what the student did (``missing``: nobody hands in all seven)."""
    expected = BY_NAME[name].flags | {"missing"}
    assert set(batch.csv[name]["flags"].split(";")) == expected
    assert set(batch.results[name]["flags"]) == expected


@pytest.mark.parametrize("name", STUDENTS)
def test_messages_in_results_and_feedback(batch, name):
    """What happened is told in plain words, to the instructor (results.json) and the student."""
    student = BY_NAME[name]
    for notebook, phrases in student.phrases.items():
        told, page = _results_text(batch.notebook(name, notebook)), batch.feedback(name, notebook)
        for phrase in phrases:
            assert phrase in told, (notebook, phrase, told[:2000])
            assert phrase in page, (notebook, phrase)
    for key, cell in student.cells.items():
        notebook, grade_id = key.split("/")
        result = next(c for c in batch.notebook(name, notebook)["cells"] if c["grade_id"] == grade_id)
        assert cell.phrase in result["message"], (key, result["message"])
        assert cell.phrase in batch.feedback(name, notebook), key


# -- particular promises --------------------------------------------------------------------------


def test_kernel_death_names_the_test_cell(batch):
    nb = batch.autograded("crash_exit", "03_losses")
    position = 1 + next(i for i, c in enumerate(nb.cells) if _grade_id(c) == "test_softmax")
    events = batch.notebook("crash_exit", "03_losses")["events"]
    assert any(f"died while running cell {position}:" in e for e in events), events


def test_flagged_cheats_name_cells_and_what_they_did(batch):
    flags = batch.notebook("cheat_reference", "03_losses")["flags"]
    softmax_cell = 1 + next(
        i for i, c in enumerate(notebook_for("03_losses", ()).cells) if _grade_id(c) == "softmax"
    )
    assert {"code": "reads_reference", "cell": softmax_cell, "detail": "imports solutions.losses"} in flags
    patching = batch.notebook("cheat_patching", "03_losses")["flags"]
    integrity = [f["detail"] for f in patching if f["code"] == "integrity"]
    assert integrity and "numpy.allclose" in integrity[0], patching
    assert batch.results["cheat_patching"]["ignored_files"] == ["autograder.py"]
    summary = batch.run.stdout.split("Submissions needing attention")[1]
    for name in ("cheat_reference", "cheat_patching", "cheat_autograder"):
        assert re.search(rf"^  {name}: .*", summary, re.M), name


def test_flags_stay_with_the_instructor(batch):
    """Flags are in results.json and grades.csv, not in the student's feedback."""
    page = batch.feedback("cheat_autograder", "03_losses")
    assert "monkeypatch" not in page and "shadows_test_name" not in page


def test_output_is_capped_and_a_plot_is_kept(batch):
    by_id = {_grade_id(c): c for c in batch.autograded("side_effects", "03_losses").cells}
    printed = "".join(o.get("text", "") for o in by_id["test_categorical_cross_entropy"].outputs)
    assert printed.startswith("debug row 0:") and len(printed) < 50_000  # 1.2 MB were printed
    path = batch.out / "autograded" / "side_effects" / ASSIGNMENT / "03_losses.ipynb"
    assert path.stat().st_size < 1_000_000
    images = [o for o in by_id["test_softmax"].outputs if "image/png" in o.get("data", {})]
    assert images, by_id["test_softmax"].outputs


def test_feedback_and_results_never_show_hidden_tests_or_reference_code(batch):
    read = 0
    for name in STUDENTS:
        for notebook in NOTEBOOKS:
            page = batch.feedback(name, notebook)
            assert "BEGIN HIDDEN TESTS" not in page and "hidden_check(" not in page, (name, notebook)
            if name != "cheat_reference":  # whose own code names it
                assert "solutions" not in page, (name, notebook)
            for cell in batch.notebook(name, notebook)["cells"]:
                assert "hidden_check(" not in json.dumps(cell), (name, notebook)
            # the kernel's answers are the grader's data: taken out before feedback is written
            raw = (batch.out / "feedback" / name / f"{notebook}.html").read_text()
            assert ANSWER_MIME not in raw and "hidden-answer" not in raw, (name, notebook)
        for path in (batch.out / "autograded" / name).glob("**/*.ipynb"):
            outputs = [o for c in json.loads(path.read_text())["cells"] for o in c.get("outputs", [])]
            assert not [o for o in outputs if ANSWER_MIME in o.get("data", {})], path
            read += 1
    assert read >= len(STUDENTS), read


def test_no_sandboxed_process_is_left_behind(batch):
    """The fork bomb's children and the other kernels' processes are all gone."""
    if os.geteuid() != 0:
        pytest.skip("the private sandbox users need root")
    low, high = UID_RANGE
    sandboxed = [pid for pid in pids() if low <= (proc_uid(pid) or 0) < high and proc_alive(pid)]
    # other graders may run at the same time: only orphans count (our batch's command has exited)
    assert [pid for pid in sandboxed if proc_parent(pid) == "1"] == []
