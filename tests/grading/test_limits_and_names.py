"""Attacks of the outside test of 2026-12-02 (rows 4, 5, 6, 8) on the grader's limits and names.

* every numeric option has a range, and a value out of it (``--timeout 0``, which switched the
  limit off) is refused by the real command line with exit 2 and one line;
* a student's name as long as a file name may be (255 bytes, multi-byte, holding ``#``, ``?``
  and ``%``) is graded like any other: every file built from it fits, and the class report's
  links to its feedback pages, URL-encoded, lead to those pages;
* a student whose results cannot be written is recorded with the reason; the others are graded;
* a notebook made large by its saved outputs is graded (outputs never change a score); a file
  too large to parse safely is refused with a message that says to clear the outputs.

One grading run of the toy course (two students) covers the last three.
"""

from __future__ import annotations

import csv
import dataclasses
import errno
import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import nbformat
import pytest
import toycourse as T

from nncourse.cli import main as cli_main
from nncourse.grading import collect
from nncourse.grading.atomic import NAME_MAX, bounded_name, temporary_name
from nncourse.grading.options import LIMIT_RANGES, RANGES, GradingOptions, OptionError
from nncourse.grading.sandbox import Limits
from nncourse.grading.sandbox.limits import ADDRESS_RESERVE_MB
from nncourse.grading.status import ReuseMode
from nncourse.grading.store import ResultStore

#: 255 bytes of UTF-8: 11 of ASCII with the three characters a URL reads as its own, 122 of 'Ж' (2 each).
HOSTILE = "team#3?100%" + "Ж" * 122
UNWRITABLE = "bob"
#: Small stand-ins for the two size limits, so that the test writes megabytes, not hundreds.
NOTEBOOK_LIMIT, FILE_LIMIT = 1 << 20, 4 << 20


def _numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_every_numeric_option_and_limit_has_a_range():
    defaults = GradingOptions()
    numeric = {f.name for f in dataclasses.fields(defaults) if _numeric(getattr(defaults, f.name))}
    assert numeric == set(RANGES)
    assert {f.name for f in dataclasses.fields(Limits)} == set(LIMIT_RANGES)


@pytest.mark.parametrize(
    ("flag", "value", "words"),
    [
        ("--timeout", "0", "--timeout 0: must be from 1 to 86400 seconds"),
        ("--timeout", "-5", "--timeout -5: must be from 1"),
        ("--notebook-timeout", "0", "--notebook-timeout 0: must be from 1"),
        ("--workers", "0", "--workers 0: must be from 1"),
        ("--connect-timeout", "0", "--connect-timeout 0: must be from 0.1"),
        ("--late-penalty-per-day", "nan", "--late-penalty-per-day nan: must be from 0 to 100 percent"),
        ("--late-penalty-cap", "101", "--late-penalty-cap 101: must be from 0 to 100 percent"),
        ("--late-grace-minutes", "-1", "--late-grace-minutes -1: must be from 0"),
    ],
)
def test_an_option_out_of_range_is_refused_in_one_line_before_any_work(tmp_path, capsys, flag, value, words):
    code = cli_main(["grade", str(tmp_path), "--out", str(tmp_path / "out"), flag, value])
    error = capsys.readouterr().err
    assert code == 2, error
    lines = error.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"nncourse grade: {words}"), error
    assert not (tmp_path / "out").exists()


def test_limits_and_options_without_a_flag_are_checked_too():
    with pytest.raises(OptionError, match=r"^limits\.memory_mb 0: must be from 1 to"):
        GradingOptions(limits=Limits(memory_mb=0))
    with pytest.raises(OptionError, match=r"^max_restarts -1: must be from 0"):
        GradingOptions(max_restarts=-1)
    with pytest.raises(OptionError, match=r"^limits\.cpu_seconds -1: "):
        GradingOptions.from_json({**GradingOptions().to_json(), "limits": {"cpu_seconds": -1}})


def test_an_address_space_limit_too_close_to_the_memory_limit_is_refused_with_the_numbers():
    """Below memory_mb + ADDRESS_RESERVE_MB, which limit a kernel filling memory meets first depends
    on what its libraries reserve (test_robustness's reserver): refused, saying what to set."""
    least = 2048 + ADDRESS_RESERVE_MB
    said = (rf"^limits\.address_space_mb 4096 is less than limits\.memory_mb 2048 \+ {ADDRESS_RESERVE_MB} MiB"
            rf".* Set address_space_mb to {least} or more")
    with pytest.raises(OptionError, match=said):
        GradingOptions(limits=Limits(address_space_mb=4096))
    with pytest.raises(OptionError, match=r"memory_mb to 4096 or less"):
        GradingOptions(limits=Limits(memory_mb=4097, address_space_mb=4096 + ADDRESS_RESERVE_MB))
    assert GradingOptions(limits=Limits(memory_mb=4096, address_space_mb=4096 + ADDRESS_RESERVE_MB))
    assert Limits().address_space_mb == Limits().memory_mb + ADDRESS_RESERVE_MB  # the defaults agree


def test_names_built_around_a_long_name_fit_and_stay_apart():
    for name in ("L" * 255, HOSTILE, "Ж" * 127 + "x"):
        built = bounded_name(name, ".partial-0123456789ab-", "-abcdef12")
        assert len(built.encode()) <= NAME_MAX
        assert built == bounded_name(name, ".partial-0123456789ab-", "-abcdef12")  # stable
        assert built.startswith(".partial-0123456789ab-" + name[:50]) and built.endswith("-abcdef12")
        assert len(temporary_name(Path("/x") / name).name.encode()) <= NAME_MAX
    assert bounded_name("L" * 254 + "a", "p-") != bounded_name("L" * 254 + "b", "p-")
    assert bounded_name("ada", "p-", ".x") == "p-ada.x"  # names that fit are left alone


def test_a_student_named_as_the_stores_own_files_gets_a_folder_of_its_own(tmp_path):
    store = ResultStore(tmp_path, "fingerprint", ReuseMode.RESUME)
    folders = {s: store.student_folder(s) for s in ("run.json", "release.db", ".partial-x", "ada")}
    assert folders["ada"] == store.folder / "ada"
    assert len({f.name for f in folders.values()} | {"run.json", "release.db"}) == 6
    assert not any(f.name.startswith(".partial-") for f in folders.values())


def _with_saved_output(nb: nbformat.NotebookNode, chars: int) -> nbformat.NotebookNode:
    """NB with CHARS characters of printed output saved in its first code cell."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    cell = next(c for c in nb.cells if c.cell_type == "code")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="y" * chars)]
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory, toy_release, grade_toy):
    """HOSTILE hands in 01_basics only (its 02 is missing, so the report links its pages), saved
    with twice the notebook limit of printed output; the limits are the small stand-ins. UNWRITABLE's
    results cannot be written into the output folder (the store refuses them, as a full
    permission error would)."""
    root = tmp_path_factory.mktemp("names-class")
    submission = T.submission(toy_release, T.GOOD)
    saved = _with_saved_output(submission["01_basics.ipynb"], 2 * NOTEBOOK_LIMIT)
    T.write_student(root / HOSTILE / T.ASSIGNMENT, {"01_basics.ipynb": saved})
    T.write_student(root / UNWRITABLE / T.ASSIGNMENT, submission)
    save = ResultStore.save

    def refusing(self, student, *args, **kwargs):
        if student == UNWRITABLE:
            raise PermissionError(errno.EACCES, "Permission denied", str(self.folder / student))
        return save(self, student, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(collect, "MAX_NOTEBOOK_BYTES", NOTEBOOK_LIMIT)
        patch.setattr(collect, "MAX_FILE_BYTES", FILE_LIMIT)
        patch.setattr(ResultStore, "save", refusing)
        return grade_toy(root)


def _rows(graded) -> dict[str, dict[str, str]]:
    with open(graded.out_dir / "grades.csv", newline="") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


def test_a_student_whose_results_cannot_be_written_is_recorded_and_the_batch_goes_on(graded):
    (failure,) = [f for f in graded.failures if "could not be kept" in f]
    assert failure.startswith(f"{UNWRITABLE}: its results could not be kept in "), failure
    assert "Permission denied" in failure
    assert graded.exit_code == 1
    assert _rows(graded)[UNWRITABLE]["total"] == "0"
    errors = json.loads((graded.out_dir / "results.json").read_text())["students"][UNWRITABLE]["errors"]
    assert "Permission denied" in errors["*"], errors
    assert failure in (graded.out_dir / "summary.txt").read_text()


def test_a_255_byte_name_is_graded_and_its_large_saved_output_does_not_count(graded):
    assert [f for f in graded.failures if not f.startswith(UNWRITABLE)] == []
    row = _rows(graded)[HOSTILE]  # the real name, not a shortened one
    assert (row["01_basics"], row["02_vectors"], row["total"]) == ("3", "0", "3")
    student = json.loads((graded.out_dir / "results.json").read_text())["students"][HOSTILE]
    assert student["notebooks"]["01_basics"]["status"] == "graded"
    assert (graded.out_dir / "feedback" / HOSTILE / "01_basics.html").is_file()


def test_the_reports_links_to_a_hostile_names_pages_open_them(graded):
    report = graded.out_dir / "report.html"
    links = [h for h in re.findall(r'href="([^"]+)"', report.read_text()) if h.startswith("feedback/")]
    # each student's 01_basics and 02_vectors (HOSTILE's missing one, bob's not kept: notice pages)
    assert len(links) == 4 and len([h for h in links if not h.startswith("feedback/bob/")]) == 2, links
    for link in links:
        # as a browser reads it: a raw '#' or '?' would start a fragment or a query
        url = urlparse(urljoin(report.resolve().as_uri(), link.replace("&amp;", "&")))
        assert (url.fragment, url.query) == ("", ""), link
        assert Path(unquote(url.path)).is_file(), link


def test_a_file_too_large_to_parse_is_refused_with_what_to_do(tmp_path, toy_release, monkeypatch):
    monkeypatch.setattr(collect, "MAX_FILE_BYTES", FILE_LIMIT)
    path = tmp_path / "01_basics.ipynb"
    basics = T.submission(toy_release, T.GOOD)["01_basics.ipynb"]
    nbformat.write(_with_saved_output(basics, FILE_LIMIT + 1), path)
    error = collect._read(path).error
    assert "the file is too large (4 MiB; the limit is 4 MiB)" in error
    assert "Kernel > Restart & Clear Output" in error and "jupyter nbconvert --clear-output" in error
