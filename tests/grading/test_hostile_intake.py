"""The grader's faults the outside tester H19i found (2026-12-02), each attacked.

1-2. ``timestamp.txt`` (and every file the grader reads from a submission) is read only as a
     regular file, never through a symbolic link, never a pipe or a device, and never without
     bound; what is not read is flagged with a reason that quotes at most a short prefix.
4.   A notebook of deeply nested JSON is ``invalid``; the rest of the class is graded.
5.   An LMS zip member with ``../`` or an absolute path is listed, not extracted; the rest graded.
6.   A file name that is not UTF-8 never breaks the class report or the terminal.
7.   A read-only ``--out``: one line naming the folder and "read-only", exit status 2.
8.   Two graders on one ``--out``: the second refuses at once (exit 2); the lock dies with its holder.
9.   ``nncourse grade /nonexistent`` says what is missing, before any work.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
import toycourse as T

from nncourse import cli
from nncourse.grading import api, collect
from nncourse.grading.course import read_layout
from nncourse.grading.status import IntakeFlag, NotebookStatus

pytestmark = pytest.mark.nbgrader

SECRET = "root:$6$not-really-a-hash:20228:0:99999:7:::\nsecond-line-of-the-secret\n"


def _grade(submissions: Path, out: Path, toy_course: Path, *flags: str) -> int:
    return cli.main(["grade", str(submissions), "--out", str(out), "--course", str(toy_course),
                     "--assignment", T.ASSIGNMENT, "--workers", "1", "--timeout", "10", *flags])


@pytest.fixture
def course(fresh_course):
    return read_layout(fresh_course, T.ASSIGNMENT)


def _solved(toy_release: Path) -> dict:
    return {"01_basics.ipynb": T.submission(toy_release)["01_basics.ipynb"]}


def _intake(tmp_path: Path, course, files: dict[str, object]) -> collect.StudentIntake:
    """One student 'eve' whose folder holds FILES (name -> callable(path) that makes it)."""
    folder = tmp_path / "class" / "eve"
    folder.mkdir(parents=True)
    for name, make in files.items():
        make(folder / name)
    (found,) = collect.collect(tmp_path / "class", course, tmp_path / "scratch").students
    return found


def _notices(intake: collect.StudentIntake) -> str:
    return " ".join(n for nb in intake.notebooks.values() for n in nb.notices)


def test_a_timestamp_symlink_is_never_followed_nor_its_target_quoted(tmp_path, course, toy_release):
    secret = tmp_path / "shadow"
    secret.write_text(SECRET)
    solved = _solved(toy_release)["01_basics.ipynb"]
    intake = _intake(tmp_path, course, {
        "01_basics.ipynb": lambda p: nbformat.write(solved, p),
        "timestamp.txt": lambda p: p.symlink_to(secret),
    })
    told = _notices(intake)
    assert IntakeFlag.BAD_TIMESTAMP in intake.flags
    assert "root:" not in told and "second-line" not in told, told
    assert "a symbolic link" in told
    assert "timestamp.txt (a symbolic link)" in intake.ignored_files
    assert intake.notebooks["01_basics"].status == NotebookStatus.SUBMITTED


def test_a_fifo_timestamp_or_notebook_is_flagged_and_listed_never_skipped(tmp_path, course, toy_release):
    solved = _solved(toy_release)["01_basics.ipynb"]
    intake = _intake(tmp_path, course, {
        "01_basics.ipynb": lambda p: nbformat.write(solved, p),
        "02_vectors.ipynb": os.mkfifo,
        "timestamp.txt": os.mkfifo,
    })
    assert IntakeFlag.BAD_TIMESTAMP in intake.flags
    assert "a named pipe" in _notices(intake)
    assert "timestamp.txt (a named pipe)" in intake.ignored_files
    assert "02_vectors.ipynb (a named pipe)" in intake.ignored_files
    assert intake.notebooks["01_basics"].status == NotebookStatus.SUBMITTED


def test_a_huge_timestamp_is_read_within_a_bound_and_quoted_short(tmp_path, course, toy_release):
    solved = _solved(toy_release)["01_basics.ipynb"]

    def huge(p: Path) -> None:
        p.write_text("A" * 100 + "\x1b[31m" + "B" * (1 << 20))

    intake = _intake(tmp_path, course, {"01_basics.ipynb": lambda p: nbformat.write(solved, p),
                                        "timestamp.txt": huge})
    told = _notices(intake)
    assert IntakeFlag.BAD_TIMESTAMP in intake.flags
    assert "A" * (collect.SHOWN_CHARS + 1) not in told and "\x1b" not in told and "B" * 10 not in told


@pytest.mark.parametrize("target", ["/dev/zero", "sparse"])
def test_an_endless_timestamp_costs_no_memory(tmp_path, target):
    """/dev/zero behind the link, or a 4 GiB sparse file: read under a 1 GiB address-space limit
    in a child process (before the fix the grader read /dev/zero to 24 GB and the OOM killer)."""
    stamp = tmp_path / "timestamp.txt"
    if target == "sparse":
        with open(stamp, "wb") as f:
            f.truncate(4 << 30)
    else:
        stamp.symlink_to(target)
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from pathlib import Path\n"
        "from nncourse.grading import collect\n"
        "i = collect.StudentIntake('z', {'a': collect.NotebookIntake('a')})\n"
        "print(collect._read_timestamp(Path(sys.argv[1]), i), [str(f) for f in i.flags])\n"
        "print(max(len(n) for n in i.notebooks['a'].notices))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(stamp)], capture_output=True, text=True,
                          timeout=120, cwd=T.REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    verdict, longest = done.stdout.splitlines()
    assert verdict == "None ['bad_timestamp']"
    assert int(longest) < 400


def test_a_symlinked_student_folder_is_not_a_student(tmp_path, course, toy_release):
    elsewhere = tmp_path / "elsewhere"
    T.write_student(elsewhere, _solved(toy_release))
    (elsewhere / "timestamp.txt").write_text(SECRET)
    subs = tmp_path / "class"
    T.write_student(subs / "ada", _solved(toy_release))
    (subs / "mallory").symlink_to(elsewhere)
    collected = collect.collect(subs, course, tmp_path / "scratch")
    assert [i.student for i in collected.students] == ["ada"]
    assert collected.unmatched == ["mallory (a symbolic link)"]


def test_deeply_nested_json_is_invalid_with_a_reason(tmp_path):
    path = tmp_path / "01_basics.ipynb"
    path.write_text("[" * 200000 + "]" * 200000)
    cand = collect._read(path)
    assert cand.nb is None and "nested too deeply" in cand.error
    path.write_text('{"cells": ' + "[" * 200000 + "]" * 200000 + "}")
    assert collect._read(path).nb is None


def _zip(archive: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(archive, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return archive


def test_a_zip_member_outside_its_folder_is_listed_and_the_rest_collected(tmp_path, course, toy_release):
    escape = tmp_path / "escaped"
    text = nbformat.writes(_solved(toy_release)["01_basics.ipynb"])
    archive = _zip(tmp_path / "slip.zip", {
        "ada/01_basics.ipynb": text,
        "bob/01_basics.ipynb": text,
        f"../../../../{escape.relative_to('/')}/01_basics.ipynb": text,
        f"{escape}/abs/01_basics.ipynb": text,
        "bob/../../01_basics.ipynb": text,
    })
    collected = collect.collect(archive, course, tmp_path / "scratch")
    assert [i.student for i in collected.students] == ["ada", "bob"]
    assert all(i.notebooks["01_basics"].status == NotebookStatus.SUBMITTED for i in collected.students)
    assert len(collected.unmatched) == 3
    assert all("(not extracted: its path leaves the zip's folder)" in u for u in collected.unmatched)
    assert not escape.exists() and not (tmp_path / "01_basics.ipynb").exists()


def _write_bytes_name(folder: Path, name: bytes, data: bytes) -> None:
    with open(os.fsencode(folder) + b"/" + name, "wb") as f:
        f.write(data)


def test_a_name_that_is_not_utf8_is_escaped(tmp_path, course, toy_release):
    folder = tmp_path / "class" / "eve"
    T.write_student(folder, _solved(toy_release))
    _write_bytes_name(folder, b"\xff.ipynb", b"{}")
    _write_bytes_name(folder, b"notes\xfe.txt", b"x")
    (intake,) = collect.collect(tmp_path / "class", course, tmp_path / "scratch").students
    listed = "\n".join(intake.ignored_files)
    listed.encode("utf-8")  # no surrogate left
    assert "\\xff.ipynb" in listed and "notes\\xfe.txt" in listed


def test_one_class_of_hostile_files_is_graded_whole(tmp_path, toy_course, toy_release, capsys):
    """Through ``nncourse grade``: a perfect student beside a deeply nested notebook, a timestamp
    linked to a secret, and a file name that is not UTF-8: everyone graded, report written, the
    secret nowhere in the outputs, and the last line names a report that exists."""
    secret = tmp_path / "shadow"
    secret.write_text(SECRET)
    subs = tmp_path / "class"
    T.write_student(subs / "ada", _solved(toy_release))
    T.write_student(subs / "eve", _solved(toy_release))
    (subs / "eve" / "timestamp.txt").symlink_to(secret)
    _write_bytes_name(subs / "eve", b"\xff.ipynb", b"{}")
    (subs / "deep").mkdir()
    (subs / "deep" / "01_basics.ipynb").write_text("[" * 200000 + "]" * 200000)
    out = tmp_path / "out"
    status = _grade(subs, out, toy_course)
    said = capsys.readouterr()
    assert status == 0, said.out[-3000:] + said.err[-3000:]
    results = json.loads((out / "results.json").read_text())
    assert results["students"]["deep"]["notebooks"]["01_basics"]["status"] == NotebookStatus.INVALID
    assert results["students"]["ada"]["notebooks"]["01_basics"]["status"] == NotebookStatus.GRADED
    assert results["students"]["eve"]["notebooks"]["01_basics"]["status"] == NotebookStatus.GRADED
    assert (out / "report.html").is_file() and len((out / "mistakes.csv").read_text().splitlines()) >= 1
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".txt"):
            assert "second-line" not in path.read_text(errors="replace"), path
    assert "\\xff.ipynb" in (out / "report.html").read_text()
    assert said.out.rstrip().splitlines()[-1] == f"class report: {out / 'report.html'}"
    assert "3 students graded" in said.out
    assert "graded 2 students; 1 with no notebook to grade (scored 0)" in said.out
    assert len(said.err) < 5000, said.err[-2000:]


def test_a_second_grader_on_one_out_refuses_at_once(tmp_path, toy_course, toy_release, capsys):
    subs = tmp_path / "class"
    T.write_student(subs / "ada", _solved(toy_release))
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys, time\n"
         f"fd = os.open({str(out / api.LOCK_FILE)!r}, os.O_RDWR | os.O_CREAT)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX); os.write(fd, b'4242\\n'); print('held', flush=True)\n"
         "time.sleep(600)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        start = time.monotonic()
        status = _grade(subs, out, toy_course)
        took = time.monotonic() - start
        err = capsys.readouterr().err
        assert status == 2, err
        assert "another nncourse grade (pid 4242) is writing to" in err and str(out) in err
        assert len(err.strip().splitlines()) == 1 and took < 5, (took, err)
        assert not (out / "grades.csv").exists()
    finally:
        holder.kill()
        holder.wait()
    fd = api.lock_output(out)  # the kernel freed the dead holder's lock
    try:
        with pytest.raises(api.OutputError, match="another nncourse grade"):
            api.lock_output(out)
    finally:
        os.close(fd)
    fcntl.flock(os.open(out / api.LOCK_FILE, os.O_RDWR), fcntl.LOCK_EX | fcntl.LOCK_NB)


@pytest.fixture
def read_only(tmp_path):
    """A read-only tmpfs (root only), with one finished-looking output folder in it."""
    mount = tmp_path / "ro"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root and mount to make a read-only file system")
    try:
        (mount / "done" / ".graded").mkdir(parents=True)
        (mount / "done" / "grades.csv").write_text("student\n")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize(("where", "flags"), [("new/out", ()), ("done", ("--fresh",))])
def test_a_read_only_out_is_one_line_and_status_2(read_only, tmp_path, toy_course, toy_release, capsys,
                                                   where, flags):
    subs = tmp_path / "class"
    T.write_student(subs / "ada", _solved(toy_release))
    status = _grade(subs, read_only / where, toy_course, *flags)
    err = capsys.readouterr().err
    assert status == 2, err
    assert err.strip().splitlines() == [err.strip()] and "read-only" in err and str(read_only / where) in err


def test_a_missing_submissions_folder_is_named_before_any_work(tmp_path, toy_course, capsys):
    start = time.monotonic()
    status = _grade(tmp_path / "nonexistent", tmp_path / "out", toy_course)
    err = capsys.readouterr().err
    assert status == 2 and "nonexistent does not exist" in err, err
    assert time.monotonic() - start < 5 and not (tmp_path / "out").exists()


def test_a_class_report_that_fails_is_one_short_line_and_never_named_as_written(
    tmp_path, toy_course, toy_release, capsys, monkeypatch
):
    """The class report failed on a surrogate before the names were escaped: its 95 KB page was
    dumped on the terminal (the error's repr) and the last line named a report that did not exist."""
    page = "<html>" + "x" * 100_000 + "\udcff</html>"

    def broken(*args, **kwargs):
        page.encode("utf-8")

    monkeypatch.setattr(api, "write_class_report", broken)
    subs = tmp_path / "class"
    T.write_student(subs / "ada", _solved(toy_release))
    out = tmp_path / "out"
    status = _grade(subs, out, toy_course)
    said = capsys.readouterr()
    assert status == 1
    assert len(said.out) + len(said.err) < 10_000, "the page must not reach the terminal"
    assert "the class report (report.html, mistakes.csv) could not be written: UnicodeEncodeError" in said.out
    last = said.out.rstrip().splitlines()[-1]
    assert "report.html" not in last or "was not written" in last, last
    assert not (out / "report.html").exists()
    assert (out / "grades.csv").is_file()
