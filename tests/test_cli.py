"""`nncourse validate`, `grade` and `demo`, end to end on real kernels and real nbgrader."""

import csv
import json
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbgrader.api import Gradebook

from nncourse import notebooks as nbs
from nncourse.demo import CLASS

pytestmark = pytest.mark.nbgrader


def nncourse(*args):
    return subprocess.run([sys.executable, "-m", "nncourse", *args], capture_output=True, text=True)


@pytest.mark.parametrize("command", ["release", "validate", "grade", "export", "demo", "mutants"])
def test_every_command_explains_itself(command):
    done = nncourse(command, "--help")
    assert done.returncode == 0 and done.stdout.startswith("usage: nncourse"), done.stdout + done.stderr


def test_help_loads_none_of_the_grading_machinery():
    """The parser takes its defaults from grading/options.py alone: --help answers at once."""
    code = ("import sys; from nncourse.cli import build_parser; build_parser(); "
            "print([m for m in ('nbgrader', 'matplotlib', 'nbformat', 'nncourse.demo') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr


def test_validate_passes_on_the_course():
    done = nncourse("validate", "--notebooks", "01_perceptron")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "01_perceptron             12 / 12" in done.stdout and "valid:" in done.stdout


def test_validate_catches_a_broken_solution_and_a_stub_that_passes(tmp_path):
    course = tmp_path / "course"
    for part in ("source", "notebooks"):
        shutil.copytree(nbs.ROOT / part, course / part)
    shutil.copy(nbs.CONFIG, course / nbs.CONFIG.name)
    source = course / "source" / nbs.ASSIGNMENT / "01_perceptron.ipynb"
    source.write_text(source.read_text().replace("+ b >= 0 else 0", "+ b > 0 else 0"))
    stub = nbs.solved_release("01_perceptron")  # a "blank" that already holds the answers
    nbs.nbformat.write(stub, str(course / "notebooks" / nbs.ASSIGNMENT / "01_perceptron.ipynb"))
    done = nncourse("validate", "--course", str(course), "--notebooks", "01_perceptron")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "01_perceptron: the solution loses points in test_perceptron" in done.stdout
    assert "01_perceptron: test_gates passes on the stub" in done.stdout


def gradebook_scores(db):
    with Gradebook(f"sqlite:///{db}") as gb:
        return {(s.id, nb.name, g.name): g.score for s in gb.students
                for nb in gb.find_submission(nbs.ASSIGNMENT, s.id).notebooks for g in nb.grades}


def test_grade_cli_on_student_folders(tmp_path):
    folder = tmp_path / "class"
    for student, nb in (("amal", nbs.solved_release("01_perceptron")),
                        ("bo", nbs.read(nbs.RELEASE_DIR / "01_perceptron.ipynb"))):
        (folder / student).mkdir(parents=True)
        nbs.nbformat.write(nb, str(folder / student / "01_perceptron.ipynb"))  # <student>/*.ipynb
    out = tmp_path / "out"
    done = nncourse("grade", str(folder), "--out", str(out), "--workers", "2", "--timeout", "60")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[2/2]" in done.stdout and "Score distribution" in done.stdout
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").open())}
    assert float(rows["amal"]["01_perceptron"]) == 12 and float(rows["bo"]["01_perceptron"]) == 0
    assert float(rows["amal"]["max"]) == 100  # the other notebooks count as missing
    assert sorted(p.name for p in (out / "feedback" / "amal").glob("*.html"))[0] == "01_perceptron.html"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "out"
    # 20 s a cell: five times the longest reference cell (about 4 s), for a loaded machine; finn's
    # endless loop costs one such timeout
    done = nncourse("demo", "--out", str(out), "--workers", "2", "--timeout", "20")
    results = json.loads((out / "results.json").read_text())["students"]
    return done, out, results


def cell(results, student, notebook, grade_id):
    return next(c for c in results[student]["notebooks"][notebook]["cells"] if c["grade_id"] == grade_id)


def test_demo_prints_the_table_and_where_feedback_is(demo):
    done, _out, results = demo
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for heading in ("Score distribution", "Hardest cells", "needing attention", "feedback:"):
        assert heading in done.stdout
    assert sorted(results) == sorted(CLASS)
    assert results["ada"]["score"] == 100 and results["blake"]["score"] == 0


def test_demo_names_each_problem(demo):
    _, out, results = demo
    seed_bug = cell(results, "casey", "05_backprop", "test_backward")
    assert seed_bug["points"] == 0 and seed_bug["status"] == "failed"
    page = (out / "feedback" / "casey" / "05_backprop.html").read_text()
    assert "divide by N twice" in page or "divides by N twice" in page
    assert "overflow" in cell(results, "dana", "02_activations", "test_sigmoid")["message"]
    assert cell(results, "finn", "01_perceptron", "test_xor")["status"] == "timeout"
    assert cell(results, "finn", "01_perceptron", "test_perceptron")["points"] > 0  # graded past the loop
    died = cell(results, "gray", "03_losses", "test_softmax")
    assert died["status"] == "crashed" and died["points"] == 0
    assert cell(results, "gray", "03_losses", "test_binary_cross_entropy")["points"] > 0
    assert cell(results, "gray", "03_losses", "test_mse")["points"] > 0  # graded after the restart


def test_the_perfect_student_s_kernels_write_nothing_to_stderr(demo):
    """Warnings from the sandbox itself (say, an unwritable kernel home) would land in the
    student's feedback; the perfect student's notebooks must be clean."""
    _, out, _ = demo
    graded = sorted((out / "autograded" / "ada").glob("*/*.ipynb"))
    assert len(graded) == len(nbs.notebook_names())
    for path in graded:
        for cell in nbformat.read(path, as_version=4).cells:
            errs = [o.text for o in cell.get("outputs", []) if o.get("name") == "stderr"]
            assert not errs, (path.name, cell.source[:60], errs)


def test_results_json_agrees_with_the_gradebook(demo):
    _, out, results = demo
    book = gradebook_scores(out / "gradebook.db")
    seen = 0
    for student, record in results.items():
        for notebook, nb in record["notebooks"].items():
            for c in nb["cells"]:
                assert book[(student, notebook, c["grade_id"])] == c["points"], (student, notebook, c)
                seen += 1
    assert seen == len(book)
    totals = {r["student"]: float(r["total"]) for r in csv.DictReader((out / "grades.csv").open())}
    assert totals == {s: r["score"] for s, r in results.items()}


def test_demo_names_the_common_mistakes_and_ends_with_the_report(demo):
    done, out, results = demo
    mistakes = done.stdout.split("Most common mistakes (share of the class):", 1)[1].split("\n\n", 1)[0]
    assert "05_backprop/test_backward: backward.divides_by_n_twice" in mistakes
    assert "backward.divides_by_n_twice" in cell(results, "casey", "05_backprop", "test_backward")["mistakes"]
    assert done.stdout.rstrip().splitlines()[-1] == f"class report: {out / 'report.html'}"
    assert (out / "report.html").read_text().count('src="data:image/png;base64,') >= 2


def test_grade_exits_3_on_a_full_disk_and_says_what_to_free(tmp_path, monkeypatch, capsys):
    """The command's mapping of a full disk (tests/grading/test_interruption.py fills a real
    tmpfs and checks what grade() raises and keeps); here the exit status an instructor's
    script reads."""
    from nncourse import cli
    from nncourse.grading import api
    from nncourse.grading.atomic import DiskFull

    def full(*args, **kwargs):
        raise DiskFull(tmp_path / "out", needed=5 * 2**20, free=2**20)

    monkeypatch.setattr(api, "grade", full)
    status = cli.main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out")])
    said = capsys.readouterr().err
    assert status == 3, said
    assert f"no space left in {tmp_path / 'out'}" in said and "run the same command again" in said
