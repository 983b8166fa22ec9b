"""``nncourse export``: a graded class's totals as an LMS's grade-import CSV.

Reads ``DIR/results.json`` (the totals after any late penalty) and a roster CSV that maps
our student ids (the submission folders' names) to the LMS's; writes FILE in the format of
one LMS, and ``FILE.report.txt`` beside it, which lists (and the command prints) every
graded student missing from the roster and every roster entry without a submission: they
are never dropped silently. Neither kind gets a row: a row with no LMS id cannot be
imported, and a 0 for an absent submission is the instructor's decision, not ours.

The roster: a header row with ``student`` (our id) and ``lms_id`` (the LMS's id, see each
format), optionally ``name``, ``email``, ``section`` and ``login``; UTF-8, comma-separated.

Each format follows the LMS's documentation of its grade import:

* **canvas**: Canvas's Gradebook import ("How do I import grades in the Gradebook?" in the
  Canvas Instructor Guide), as Ohio State's guide to it states the required columns
  ("Import CSV File for Carmen Grades",
  https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades):
  the student's name or Canvas ``ID`` or ``SIS User ID`` (one is required; ``lms_id`` goes in
  ``ID``), ``SIS Login ID``, ``Section``, then one column per assignment, headed by its name;
  a new name creates a new assignment, so to update an existing one pass its header exactly as
  Canvas's own export spells it (``--column``). Scores are points.
* **moodle**: Moodle's "Grade import", CSV file (https://docs.moodle.org/311/en/Grade_import):
  a header row, comma-separated, UTF-8; at import the user is identified by mapping one
  column ("Map from") to a user field ("Map to"): ``ID number`` to ``useridnumber`` (our
  ``lms_id``), or ``Email address`` to ``useremail``; the grade column is mapped to a grade item.
* **blackboard**: Blackboard Learn's Grade Center, "Uploading or Downloading Grade Center
  Items for Working Offline",
  http://library.blackboard.com/ref/3ea64795-6ecc-4abd-b595-0a9a8dfdec94/Content/_instructor_grade_center/grade_center_upload_download.htm):
  a header row, one record per line; the student's unique identifier is the ``Username``
  column (our ``lms_id``); a column is matched by its Column ID (a header ending ``|12345``,
  ``--column``), else a new column is created; in a comma-delimited .csv every field is
  enclosed in quotation marks.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from nncourse.grading import atomic

FORMATS = ("canvas", "moodle", "blackboard")
ROSTER_REQUIRED = ("student", "lms_id")
ROSTER_OPTIONAL = ("name", "email", "section", "login")
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_COLUMNS = ("ID number", "Email address")
BLACKBOARD_COLUMNS = ("Last Name", "First Name", "Username")


class ExportError(ValueError):
    """The roster or the results cannot be exported (the message says what to fix)."""


@dataclass(frozen=True)
class RosterEntry:
    student: str
    lms_id: str
    name: str = ""
    email: str = ""
    section: str = ""
    login: str = ""


@dataclass
class Export:
    """What :func:`export` wrote and what it could not match."""

    file: Path
    report: Path
    rows: int
    not_in_roster: list[str] = field(default_factory=list)
    """Graded students the roster does not name (no row: no LMS id)."""
    no_submission: list[str] = field(default_factory=list)
    """Roster entries (``student``) with no graded submission (no row)."""

    @property
    def lines(self) -> list[str]:
        """The companion report, also printed by the command."""
        lines = [f"{self.rows} grades written to {self.file}"]
        lines.append(f"graded but not in the roster (no row written): {len(self.not_in_roster)}")
        lines += [f"  {s}" for s in self.not_in_roster]
        lines.append(f"in the roster but no submission (no row written): {len(self.no_submission)}")
        lines += [f"  {s}" for s in self.no_submission]
        return lines


def read_roster(path: Path) -> dict[str, RosterEntry]:
    """Our student id -> the roster's entry. Raises :class:`ExportError` on a malformed roster."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExportError(f"the roster {path} does not exist") from None
    except UnicodeDecodeError:
        raise ExportError(f"the roster {path} is not UTF-8 text: save it as CSV UTF-8") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in ROSTER_REQUIRED if c not in header]
    if missing:
        raise ExportError(
            f"the roster {path} has no {' or '.join(missing)} column (its header is {header}); it needs "
            f"{', '.join(ROSTER_REQUIRED)} and may have {', '.join(ROSTER_OPTIONAL)}"
        )
    roster: dict[str, RosterEntry] = {}
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not row["student"] and not row["lms_id"]:
            continue
        if not row["student"] or not row["lms_id"]:
            raise ExportError(f"{path}, line {line}: both student and lms_id are needed, got {row}")
        if row["student"] in roster:
            raise ExportError(f"{path}, line {line}: student {row['student']!r} is listed twice")
        roster[row["student"]] = RosterEntry(
            row["student"], row["lms_id"], *(row.get(c, "") for c in ROSTER_OPTIONAL)
        )
    return roster


def read_totals(out_dir: Path) -> tuple[str, float, dict[str, float]]:
    """(assignment, max score, student -> total) from ``OUT_DIR/results.json``."""
    path = Path(out_dir) / "results.json"
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise ExportError(f"{path} does not exist: run `nncourse grade ... --out {out_dir}` first") from None
    except json.JSONDecodeError as exc:
        raise ExportError(f"{path} is not valid JSON ({exc}); grade the class again") from None
    totals = {s: float(r["score"]) for s, r in data["students"].items()}
    return data["assignment"], float(data["max_score"]), totals


def _split_name(name: str) -> tuple[str, str]:
    """(last, first) from ``Last, First`` or ``First Last``."""
    if "," in name:
        last, first = (p.strip() for p in name.split(",", 1))
        return last, first
    first, _, last = name.rpartition(" ")
    return (last, first) if first else (name, "")


Entries = list[tuple[RosterEntry, float]]
"""(roster entry, points) per student to export."""


def _rows(fmt: str, column: str, entries: Entries) -> tuple[list[str], list[list[str]]]:
    if fmt == "canvas":
        header = [*CANVAS_COLUMNS, column]
        rows = [[e.name, e.lms_id, "", e.login, e.section, f"{score:g}"] for e, score in entries]
    elif fmt == "moodle":
        header = [*MOODLE_COLUMNS, column]
        rows = [[e.lms_id, e.email, f"{score:g}"] for e, score in entries]
    elif fmt == "blackboard":
        header = [*BLACKBOARD_COLUMNS, column]
        rows = [[*_split_name(e.name), e.lms_id, f"{score:g}"] for e, score in entries]
    else:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return header, rows


def render(fmt: str, column: str, entries: Entries) -> str:
    """The CSV text of FMT with the grade column COLUMN for ENTRIES (roster entry, points)."""
    header, rows = _rows(fmt, column, entries)
    table = io.StringIO(newline="")
    # Blackboard: "data in each column of comma-delimited files must be contained within a quote character"
    quoting = csv.QUOTE_ALL if fmt == "blackboard" else csv.QUOTE_MINIMAL
    writer = csv.writer(table, quoting=quoting, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return table.getvalue()


def export(out_dir: Path, fmt: str, roster_path: Path, file: Path, column: str | None = None) -> Export:
    """Write OUT_DIR's totals as FMT to FILE (and ``FILE.report.txt``) for the students of ROSTER_PATH.

    COLUMN: the grade column's header (default: the assignment's name).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    assignment, _, totals = read_totals(out_dir)
    roster = read_roster(roster_path)
    entries = [(roster[s], totals[s]) for s in sorted(totals) if s in roster]
    result = Export(
        Path(file),
        Path(f"{file}.report.txt"),
        len(entries),
        sorted(s for s in totals if s not in roster),
        sorted(s for s in roster if s not in totals),
    )
    atomic.write_text(result.file, render(fmt, column or assignment, entries))
    atomic.write_text(result.report, "\n".join(result.lines) + "\n")
    return result
