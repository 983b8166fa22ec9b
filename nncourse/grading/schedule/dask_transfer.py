"""Folders as bytes, to travel through Dask (no shared filesystem between client and workers).

A folder becomes one uncompressed tar (notebooks and sqlite files are small and
grading is CPU-bound, so compression would only cost time); :func:`unpack` refuses
members that would land outside the destination (tar's ``data`` filter).
"""

from __future__ import annotations

import hashlib
import io
import tarfile
from collections.abc import Iterable
from pathlib import Path

_SKIP = ("__pycache__", ".ipynb_checkpoints")


def pack(entries: Iterable[tuple[Path, str]]) -> bytes:
    """A tar of ENTRIES: each (path on disk, name in the archive); folders recursively, caches left out."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path, name in entries:
            if path.exists():
                tar.add(path, arcname=name, filter=lambda info: None if _skipped(info.name) else info)
    return buffer.getvalue()


def _skipped(name: str) -> bool:
    return any(part in _SKIP for part in Path(name).parts)


def unpack(data: bytes, dest: Path) -> Path:
    """Extract the tar DATA into DEST (created); DEST."""
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r") as tar:
        tar.extractall(dest, filter="data")
    return dest


def digest(data: bytes) -> str:
    """The sha256 of DATA, to check that what arrived is what was sent."""
    return hashlib.sha256(data).hexdigest()
