"""Gradebook writes outside nbgrader's converters: merging worker gradebooks, zero records.

Every worker starts from a copy of the master gradebook written by
``generate_assignment``, so the assignment, notebook and cell rows are the same
everywhere, and ``nbgrader autograde`` adds only per-student rows. Those are
read from each worker gradebook and inserted into the master, table by table in
foreign-key order: ``student``, ``submitted_assignment``, ``submitted_notebook``,
``grade``, ``comment``, all parts in one transaction. Row ids are uuids, so rows
from different workers never collide; each student is taken only from the worker
that graded it last.

:func:`export_student` writes one student's rows to a small gradebook of its own
(with the ids of the shared tables, so :func:`merge_gradebooks` still checks that
it comes from the same generated assignment): that is how :mod:`..store` keeps a
finished student.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

# table -> the WHERE clause choosing the rows of the students in temp table _students (in a source gradebook)
_ROWS = {
    "student": "id IN (SELECT id FROM _students)",
    "submitted_assignment": "student_id IN (SELECT id FROM _students)",
    "submitted_notebook": "assignment_id IN (SELECT id FROM main.submitted_assignment"
    " WHERE student_id IN (SELECT id FROM _students))",
    "grade": "notebook_id IN (SELECT sn.id FROM main.submitted_notebook sn"
    " JOIN main.submitted_assignment sa ON sn.assignment_id = sa.id"
    " WHERE sa.student_id IN (SELECT id FROM _students))",
    "comment": "notebook_id IN (SELECT sn.id FROM main.submitted_notebook sn"
    " JOIN main.submitted_assignment sa ON sn.assignment_id = sa.id"
    " WHERE sa.student_id IN (SELECT id FROM _students))",
}
_SHARED = ("assignment", "notebook", "base_cell")


class MergeError(RuntimeError):
    """A worker gradebook does not come from the same generated assignment."""


def _columns(con: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [row[1] for row in con.execute(f"PRAGMA {schema}.table_info({table})")]


def merge_gradebooks(master: Path, parts: dict[Path, Iterable[str]]) -> None:
    """Copy the rows of the given students from each worker gradebook into MASTER.

    PARTS maps a worker gradebook to the students to take from it. Everything is copied in
    one transaction: one commit however many parts (it was one per part: 1,000 one-student
    parts took 131 s on a loaded machine), and all or nothing, so a part that does not come
    from MASTER's generated assignment (:class:`MergeError`) leaves MASTER as it was.

    MASTER is the run's own scratch copy (``OUT/gradebook.db`` is copied from it once the
    run is over), so its commits skip the fsync (``synchronous = OFF``): a killed run loses
    nothing it would keep, since finished students are kept in :mod:`..store` and merged
    again on resume.
    """
    con = sqlite3.connect(master, isolation_level=None)  # transactions by hand: one for all parts
    try:
        con.execute("PRAGMA synchronous = OFF")
        shared = {table: set(con.execute(f"SELECT id FROM {table}")) for table in _SHARED}
        columns = {table: _columns(con, "main", table) for table in _ROWS}
        con.execute("BEGIN")
        try:
            for part, students in parts.items():
                students = sorted(set(students))
                if not students:
                    continue
                for table, rows in _student_rows(part, students, shared, columns).items():
                    verb = "INSERT OR REPLACE" if table == "student" else "INSERT"
                    marks = ", ".join("?" * len(columns[table]))
                    con.executemany(
                        f"{verb} INTO {table} ({', '.join(columns[table])}) VALUES ({marks})", rows
                    )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()


def _student_rows(
    part: Path, students: list[str], shared: dict[str, set], columns: dict[str, list[str]]
) -> dict[str, list[tuple]]:
    """Table -> the rows of STUDENTS in the gradebook PART, in the master's COLUMNS order,
    after checking that PART's shared tables hold the master's ids (SHARED)."""
    src = sqlite3.connect(part)
    try:
        for table in _SHARED:
            if set(src.execute(f"SELECT id FROM {table}")) != shared[table]:
                raise MergeError(f"{part}: table {table} differs from the master gradebook")
        src.execute("CREATE TEMP TABLE _students (id TEXT PRIMARY KEY)")
        src.executemany("INSERT INTO _students VALUES (?)", [(s,) for s in students])
        return {
            table: src.execute(
                f"SELECT {', '.join(columns[table])} FROM main.{table} WHERE {where}"
            ).fetchall()
            for table, where in _ROWS.items()
        }
    finally:
        src.close()


def export_student(gradebook: Path, student: str, dest: Path) -> None:
    """Write STUDENT's rows of GRADEBOOK (and the shared tables' ids) to the new sqlite file DEST.

    DEST can be merged like a worker's gradebook: ``merge_gradebooks(master, {DEST: [STUDENT]})``.
    sqlite's "database or disk is full" is raised as the ``OSError`` (``ENOSPC``) it stands for.
    """
    con = sqlite3.connect(gradebook)
    try:
        con.execute("ATTACH DATABASE ? AS f", (str(dest),))
        con.execute("CREATE TEMP TABLE _students (id TEXT PRIMARY KEY)")
        con.execute("INSERT INTO _students VALUES (?)", (student,))
        for table in _SHARED:
            con.execute(f"CREATE TABLE f.{table} AS SELECT id FROM main.{table}")
        for table, where in _ROWS.items():
            con.execute(f"CREATE TABLE f.{table} AS SELECT * FROM main.{table} WHERE {where}")
        con.commit()
        con.execute("DETACH DATABASE f")
    except sqlite3.OperationalError as exc:
        if "full" in str(exc):
            raise OSError(errno.ENOSPC, f"{dest}: {exc}") from exc
        raise
    finally:
        con.close()


def zero_notebooks(db_url: str, assignment: str, student: str, notebooks: Iterable[str]) -> None:
    """Give NOTEBOOKS of STUDENT a recorded score of 0 (nbgrader's rule for a missing notebook).

    Creates the student and the submission when nbgrader never got that far.
    """
    with Gradebook(db_url) as gb:
        gb.update_or_create_student(student)
        try:
            gb.find_submission(assignment, student)
        except MissingEntry:
            # nbgrader queries while it builds the submission; an autoflush then would flush the
            # half-built object (SQLAlchemy warns, and the add along Assignment.submissions is lost)
            with gb.db.no_autoflush:
                gb.add_submission(assignment, student)
        for name in notebooks:
            submission = gb.find_submission_notebook(name, assignment, student)
            for grade in submission.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        gb.db.commit()
