"""Writing into the output folder so that nothing is ever half-written.

Every file and folder the grader leaves in ``--out`` (``grades.csv``,
``results.json``, ``summary.txt``, ``gradebook.db``, ``autograded/``,
``feedback/`` and the kept students of :mod:`.store`) is first written under a
temporary name in the same folder (:func:`temporary_name`), flushed to disk and
then renamed into place: a rename within one file system is atomic, so a
reader, or a grader killed at any instant, sees the previous complete version or
the new complete one, never a truncated file.

A full disk (``ENOSPC``, a quota, or a file-size limit) is raised as
:class:`DiskFull`, which names the folder, the space the write needed and the
space free; the temporary copy is removed first, so nothing is left corrupt.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

TEMPORARY_MARK = ".partial-"
"""Temporary names start with this (see :func:`remove_leftovers`)."""
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
MB = 1024 * 1024
NAME_MAX = 255
"""The longest file name (one path component) Linux file systems take, in bytes of UTF-8."""
_DIGEST_CHARS = 12


class DiskFull(OSError):
    """A write into FOLDER failed for lack of space (NEEDED and FREE in bytes)."""

    def __init__(self, folder: Path, needed: int, free: int) -> None:
        self.folder, self.needed, self.free = Path(folder), needed, free
        super().__init__(
            errno.ENOSPC,
            f"no space left in {self.folder}: writing there needs about {_megabytes(needed)} "
            f"and {_megabytes(free)} is free; free at least {_megabytes(max(needed - free, 0) + MB)} "
            "and run the same command again (finished students are kept)",
        )


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def free_bytes(folder: Path) -> int:
    """Bytes an unprivileged writer may still use in FOLDER's file system."""
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


def tree_bytes(path: Path) -> int:
    """The size of a file, or of all the files under a folder (bytes)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def name_digest(name: str) -> str:
    """A short stable hash of NAME (hex), to tell apart names cut to the same beginning."""
    return hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:_DIGEST_CHARS]


def bounded_name(name: str, prefix: str = "", suffix: str = "") -> str:
    """``PREFIX + NAME + SUFFIX`` as one file name of at most :data:`NAME_MAX` bytes.

    A student's name can be as long as a file name (a submitted folder of 255 bytes), so any
    name built around it may be too long. Then NAME is cut (at a character, never inside a
    UTF-8 sequence) and ``~`` and a hash of the whole NAME are put after it: the result is
    stable (the same NAME gives the same file name), two names never share one, and the name
    still begins as the student's. Names that fit are returned unchanged.
    """
    whole = f"{prefix}{name}{suffix}"
    if len(whole.encode("utf-8", "surrogateescape")) <= NAME_MAX:
        return whole
    digest = name_digest(name)
    room = NAME_MAX - len(f"{prefix}~{digest}{suffix}".encode())
    head = name.encode("utf-8", "surrogateescape")[: max(room, 0)].decode("utf-8", "ignore")
    return f"{prefix}{head}~{digest}{suffix}"


def temporary_name(dest: Path) -> Path:
    """A fresh name beside DEST (same folder, so the final rename stays on one file system)."""
    return dest.with_name(bounded_name(dest.name, f"{TEMPORARY_MARK}{uuid.uuid4().hex[:12]}-"))


def _discard(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _fsync(path: Path) -> None:
    """Flush PATH's data (a file, or every file under a folder) and the folder entries to disk."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    for name in files:
        fd = os.open(name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def replacing(dest: Path, needed: int = 0) -> Iterator[Path]:
    """Yield a temporary path to write DEST's new version at; on success, rename it onto DEST.

    DEST may be a file or a folder (an existing folder is renamed aside, then removed).
    On any failure the temporary copy is removed and DEST is untouched; a full disk
    becomes :class:`DiskFull` (NEEDED: the expected size in bytes, for the message).
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(dest)
    try:
        yield tmp
        _fsync(tmp)
        if tmp.is_dir() and dest.is_dir():
            old = temporary_name(dest)
            os.rename(dest, old)  # a kill just here leaves no DEST: never a mixed one
            os.rename(tmp, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, dest)
    except OSError as exc:
        _discard(tmp)
        if exc.errno in _FULL and not isinstance(exc, DiskFull):
            raise DiskFull(dest.parent, needed, free_bytes(dest.parent)) from exc
        raise
    except BaseException:
        _discard(tmp)
        raise


def write_text(dest: Path, text: str) -> Path:
    """Write TEXT (UTF-8) at DEST atomically."""
    data = text.encode()
    with replacing(dest, len(data)) as tmp:
        tmp.write_bytes(data)
    return dest


def copy_file(src: Path, dest: Path) -> Path:
    """Copy the file SRC to DEST atomically."""
    with replacing(dest, Path(src).stat().st_size) as tmp:
        shutil.copyfile(src, tmp)
    return dest


def copy_folder(src: Path, dest: Path) -> None:
    """Copy the folder SRC to DEST (created), files' data only, stopping at the first error.

    Unlike ``shutil.copytree``, which gathers errors into one ``shutil.Error`` without an
    errno, a full disk surfaces as the ``OSError`` it is (see :func:`replacing`).
    """
    src, dest = Path(src), Path(dest)
    for folder, _, files in os.walk(src):
        target = dest / Path(folder).relative_to(src)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            shutil.copyfile(Path(folder) / name, target / name)


def remove_leftovers(folder: Path) -> None:
    """Remove the temporary copies a killed run left directly in FOLDER."""
    if folder.is_dir():
        for path in folder.glob(f"{TEMPORARY_MARK}*"):
            _discard(path)
