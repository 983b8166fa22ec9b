"""A zip of submissions is extracted within bounds (a zip bomb never fills the grader's disk).

A member of zeros deflates a thousand times: a 200 KB zip may hold 200 MiB, a 1 MB zip 20 GB.
Each member is extracted at most up to ``options.MAX_FILE_BYTES`` (the largest file the grader
reads), all of them up to ``--max-zip-mb``, and at most ``options.MAX_ZIP_MEMBERS`` of them; what
is not extracted is listed with the reason among the unmatched files, and the rest is graded.
"""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import nbformat
import pytest
import toycourse as T

from nncourse import cli
from nncourse.grading import collect
from nncourse.grading.options import MAX_FILE_BYTES
from nncourse.grading.status import NotebookStatus

pytestmark = pytest.mark.nbgrader

MIB = 2**20


def _written_bytes() -> int:
    """Bytes this process has written so far (``wchar``: files, pipes, all)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    raise AssertionError("no wchar in /proc/self/io")


def _zeros(zf: zipfile.ZipFile, name: str, size: int) -> None:
    """A member NAME of SIZE zero bytes (it deflates about a thousand times)."""
    with zf.open(name, "w", force_zip64=True) as member:
        block = bytes(8 * MIB)
        for start in range(0, size, len(block)):
            member.write(block[: size - start])


def _notebook(toy_release: Path) -> str:
    return nbformat.writes(T.submission(toy_release)["01_basics.ipynb"])


def test_a_zip_bomb_member_is_listed_and_the_class_graded(tmp_path, toy_course, toy_release, capsys):
    """Through ``nncourse grade``: a member of 200 MiB of zeros (in a zip of 0.2 MB) beside the
    student's notebook is not extracted, is listed with the reason, and costs no disk; the notebook
    is graded (one student: the run's cost is the point, not the class)."""
    text = _notebook(toy_release)
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        _zeros(zf, "eve/data.bin", MAX_FILE_BYTES + 72 * MIB)
        zf.writestr("eve/01_basics.ipynb", text)
    assert archive.stat().st_size < MIB
    out = tmp_path / "out"
    before = _written_bytes()
    status = cli.main(["grade", str(archive), "--out", str(out), "--course", str(toy_course),
                       "--assignment", T.ASSIGNMENT, "--workers", "1", "--timeout", "10"])
    written = _written_bytes() - before
    said = capsys.readouterr()
    assert status == 1, said.err[-2000:]  # 1, as for every file left out: one is listed under failures
    print(f"the grader wrote {written / MIB:.1f} MiB for a zip holding {MAX_FILE_BYTES / MIB + 72:.0f} MiB")
    assert written < 32 * MIB, written
    results = json.loads((out / "results.json").read_text())
    for student in ("eve",):
        assert results["students"][student]["notebooks"]["01_basics"]["status"] == NotebookStatus.GRADED
    listed = "\n".join(results["unmatched_files"])
    assert "eve/data.bin (not extracted: larger than 128 MiB uncompressed" in listed, listed[-2000:]
    assert "zip member eve/data.bin (not extracted: larger than 128 MiB" in said.out, said.out[-3000:]


def _zip(archive: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return archive


def test_the_total_bound_keeps_the_notebooks_first(tmp_path):
    """Past ``--max-zip-mb`` members are listed, not extracted; the notebooks come first, so a data
    file early in the zip never pushes a notebook out."""
    archive = _zip(tmp_path / "class.zip", {
        "eve/a.bin": bytes(700 * 1024),
        "eve/b.bin": bytes(700 * 1024),
        "eve/01_basics.ipynb": b"{}" + b" " * (200 * 1024),
        "eve/c.txt": b"small",
    })
    dest = tmp_path / "x"
    refused = collect.extract_zip(archive, dest, max_total=MIB)
    assert refused == ["eve/b.bin (not extracted: the zip's files would take more than 1 MiB "
                       "uncompressed; --max-zip-mb sets that bound)"]
    assert sorted(p.name for p in (dest / "eve").iterdir()) == ["01_basics.ipynb", "a.bin", "c.txt"]


def test_past_the_member_count_one_line_says_how_many(tmp_path, monkeypatch):
    monkeypatch.setattr(collect, "MAX_ZIP_MEMBERS", 3)
    archive = _zip(tmp_path / "class.zip", {f"eve/{i}.txt": b"x" for i in range(5)})
    dest = tmp_path / "x"
    refused = collect.extract_zip(archive, dest)
    assert refused == ["2 members from eve/3.txt on (not extracted: the zip holds 5 members; at most 3 "
                       "are extracted)"]
    assert len(list((dest / "eve").iterdir())) == 3


def _lie_about_size(archive: Path, declared: int) -> None:
    """Make the zip's headers (local and central) declare DECLARED bytes for its one member."""
    data = bytearray(archive.read_bytes())
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, declared)
    struct.pack_into("<I", data, central + 24, declared)
    archive.write_bytes(bytes(data))


def test_a_member_larger_than_its_header_says_is_never_read_whole(tmp_path):
    """The header's size is never trusted: a member declaring 1 KB that inflates to 20 MiB is read
    no further than the declared size (its CRC then fails) and leaves no file behind."""
    archive = _zip(tmp_path / "class.zip", {"eve/data.bin": bytes(20 * MIB)})
    _lie_about_size(archive, 1024)
    dest = tmp_path / "x"
    before = _written_bytes()
    (refused,) = collect.extract_zip(archive, dest)
    assert _written_bytes() - before < MIB
    assert refused.startswith("eve/data.bin (not extracted: Bad CRC-32"), refused
    assert not (dest / "eve" / "data.bin").exists()
