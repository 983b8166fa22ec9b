"""``nncourse export``: each LMS's grade-import CSV, checked against the rules its documentation
states (cited in nncourse/export.py), and the students the roster and the results do not share."""

from __future__ import annotations

import csv
import io
import json

import pytest

from nncourse.cli import main
from nncourse.export import ExportError, export, read_roster

TOTALS = {"ada": 100.0, "bob": 72.5, "cy": 0.0, "dora": 88.0}
ROSTER = (
    "student,lms_id,name,email,section,login\n"
    'ada,1001,"Lovelace, Ada",ada@uni.example,S1,alovelace\n'
    "bob,1002,Bob Stone,bob@uni.example,S2,bstone\n"
    "cy,1003,Cy Young,cy@uni.example,S1,cyoung\n"
    "eve,1005,Eve Moreau,eve@uni.example,S2,emoreau\n"
)


@pytest.fixture
def graded(tmp_path):
    out = tmp_path / "results"
    out.mkdir()
    students = {s: {"student": s, "score": v, "max_score": 100.0} for s, v in TOTALS.items()}
    (out / "results.json").write_text(
        json.dumps({"assignment": "neural_networks", "max_score": 100.0, "students": students})
    )
    (tmp_path / "roster.csv").write_text(ROSTER)
    return out


def _table(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_canvas_has_the_identity_columns_then_the_assignment(graded, tmp_path):
    done = export(graded, "canvas", tmp_path / "roster.csv", tmp_path / "canvas.csv")
    header, *rows = _table(done.file)
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "neural_networks"]
    assert rows == [
        ["Lovelace, Ada", "1001", "", "alovelace", "S1", "100"],
        ["Bob Stone", "1002", "", "bstone", "S2", "72.5"],
        ["Cy Young", "1003", "", "cyoung", "S1", "0"],
    ]


def test_canvas_updates_an_existing_column_by_its_own_header(graded, tmp_path):
    done = export(graded, "canvas", tmp_path / "roster.csv", tmp_path / "c.csv", column="NN (4521)")
    assert _table(done.file)[0][-1] == "NN (4521)"


def test_moodle_has_a_header_and_a_column_to_map_users_by(graded, tmp_path):
    done = export(graded, "moodle", tmp_path / "roster.csv", tmp_path / "moodle.csv")
    header, *rows = _table(done.file)
    assert header == ["ID number", "Email address", "neural_networks"]
    assert [r[0] for r in rows] == ["1001", "1002", "1003"]
    assert rows[1] == ["1002", "bob@uni.example", "72.5"]
    assert all(len(r) == len(header) for r in rows)


def test_blackboard_quotes_every_field_and_identifies_by_username(graded, tmp_path):
    done = export(graded, "blackboard", tmp_path / "roster.csv", tmp_path / "bb.csv")
    lines = done.file.read_text().splitlines()
    assert lines[0] == '"Last Name","First Name","Username","neural_networks"'
    assert lines[1] == '"Lovelace","Ada","1001","100"'
    assert lines[2] == '"Stone","Bob","1002","72.5"'
    for line in lines:
        assert all(f.startswith('"') and f.endswith('"') for f in line.split(","))


@pytest.mark.parametrize("fmt", ["canvas", "moodle", "blackboard"])
def test_nobody_is_dropped_silently(graded, tmp_path, fmt):
    done = export(graded, fmt, tmp_path / "roster.csv", tmp_path / f"{fmt}.csv")
    assert done.not_in_roster == ["dora"] and done.no_submission == ["eve"]
    report = done.report.read_text()
    assert "graded but not in the roster (no row written): 1\n  dora" in report
    assert "in the roster but no submission (no row written): 1\n  eve" in report
    assert "dora" not in done.file.read_text() and "1005" not in done.file.read_text()


def test_the_command_prints_who_is_missing_and_fails(graded, tmp_path, capsys):
    code = main(["export", str(graded), "--format", "moodle", "--roster", str(tmp_path / "roster.csv"),
                 "--out", str(tmp_path / "m.csv")])
    printed = capsys.readouterr().out
    assert code == 1 and "  dora" in printed and "  eve" in printed and "m.csv.report.txt" in printed


def test_a_roster_without_lms_ids_is_refused_clearly(tmp_path):
    (tmp_path / "r.csv").write_text("student,name\nada,Ada\n")
    with pytest.raises(ExportError, match="has no lms_id column"):
        read_roster(tmp_path / "r.csv")


def test_a_student_listed_twice_is_refused(tmp_path):
    (tmp_path / "r.csv").write_text("student,lms_id\nada,1\nada,2\n")
    with pytest.raises(ExportError, match="line 3: student 'ada' is listed twice"):
        read_roster(tmp_path / "r.csv")


def test_a_roster_saved_by_excel_with_a_bom_is_read(tmp_path):
    (tmp_path / "r.csv").write_bytes("\ufeffstudent,lms_id\nada,1\n".encode())
    assert read_roster(tmp_path / "r.csv")["ada"].lms_id == "1"


def test_no_results_says_to_grade_first(tmp_path, capsys):
    (tmp_path / "r.csv").write_text("student,lms_id\nada,1\n")
    code = main(["export", str(tmp_path), "--format", "canvas", "--roster", str(tmp_path / "r.csv"),
                 "--out", str(tmp_path / "x.csv")])
    assert code == 2 and "run `nncourse grade" in capsys.readouterr().err
