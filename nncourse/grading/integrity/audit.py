"""The grader's end of the runtime audit: the channel a kernel's audit hook writes to, and its flags.

:class:`Channel` makes a FIFO in a folder of its own, opens it for reading
before the notebook's kernel starts, and drains it in a thread while the
notebook runs. The kernel's start path installs the hook
(:mod:`.audit_hook`), which finds the FIFO and what to watch in the
``NNCOURSE_AUDIT`` environment variable the channel sets for the kernels
started while it is open. :meth:`Channel.close` turns what arrived into
findings: every record but the start and seal ones, and, as ``audit_channel``
findings, a kernel that never reported, a gap in a kernel's record numbers (a
record that never arrived) and an answer whose seal record is missing (the
channel went quiet). :func:`record` keeps the findings in the notebook's
metadata, where :func:`~.cheats.runtime_flags` reads them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path

from nbformat import NotebookNode

from .audit_hook import CONFIG_ENV

METADATA_KEY = "nncourse_audit"
"""Key, in the autograded notebook's metadata, of the audit findings (a list of dicts)."""
FIFO_NAME = "audit.fifo"
SECRET_PACKAGES = ("solutions",)
"""What the hook refuses by default: the course's trusted checks name their own reference packages
(a course's other secret packages are left to the static scan: its in-kernel tests may import them)."""


def _secret_dirs(packages: tuple[str, ...]) -> list[str]:
    """Where the secret packages live in this process, and the instructor sources beside them."""
    dirs = []
    for package in packages:
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(package)
            for location in (spec.submodule_search_locations or []) if spec else []:
                dirs += [location, str(Path(location).parent / "source")]
    return dirs


class Channel:
    """One notebook's audit FIFO, read by a thread of the grading worker."""

    def __init__(self, folder: Path, fd: int, config: dict) -> None:
        self.folder, self.fd, self.config = folder, fd, config
        self.lines: list[str] = []
        self._buffer = b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drain, name="audit-channel", daemon=True)
        self._thread.start()

    @classmethod
    def open(cls, notebook_folder: Path, grader_dirs: list[str] = (), allowed: list[str] = (),
             secret: tuple[str, ...] = SECRET_PACKAGES, under: Path | None = None,
             group: int | None = None, export: bool = True, protected: list[str] = ()) -> Channel:
        """A channel for the kernels of the notebook in NOTEBOOK_FOLDER; sets ``NNCOURSE_AUDIT``
        (unless not EXPORT: a pre-started kernel is given :attr:`config` itself).

        PROTECTED: files of the grader's in the kernel's folder (the hidden checks' inputs) that the
        kernel may read but not write, replace or remove (the hook refuses it and records it).

        UNDER: the folder to make the FIFO's folder in (default: the system's temp folder);
        behind the walls, the sandbox's own folder, the only one the kernels see. GROUP: only
        that group (a sandbox slot's private user) may reach the FIFO (default: anyone).
        """
        folder = Path(tempfile.mkdtemp(prefix="nncourse-audit-", dir=under))
        # the kernel's user may reach the FIFO, not list or replace it; with GROUP, no other
        # slot's kernel may reach it at all (nor write records into another student's channel)
        if group is not None:
            os.chown(folder, 0, group)
        os.chmod(folder, 0o711 if group is None else 0o710)
        fifo = folder / FIFO_NAME
        os.mkfifo(fifo, 0o622)
        os.chmod(fifo, 0o622)
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        config = {"fifo": str(fifo), "secret": list(secret), "secret_dirs": _secret_dirs(secret),
                  "grader_dirs": [str(d) for d in grader_dirs],
                  "allowed": [str(notebook_folder), *map(str, allowed)],
                  "protected": [str(f) for f in protected]}
        if export:
            os.environ[CONFIG_ENV] = json.dumps(config)
        return cls(folder, fd, config)

    def _drain(self) -> None:
        import select

        while True:
            readable, _, _ = select.select([self.fd], [], [], 0.1)
            chunk = b""
            if readable:
                with contextlib.suppress(BlockingIOError):
                    chunk = os.read(self.fd, 65536)
            if chunk:
                self._take(chunk)
                continue
            if self._stop.is_set():
                return  # close() reads what is left
            if readable:  # no writer now (between kernels): a new kernel may open it again
                self._stop.wait(0.05)

    def _take(self, chunk: bytes) -> None:
        self._buffer += chunk
        *lines, self._buffer = self._buffer.split(b"\n")
        self.lines += [line.decode("utf-8", "replace") for line in lines]

    def close(self, seals: list) -> list[dict]:
        """Stop reading and return the findings (SEALS: each answer's seal number list)."""
        os.environ.pop(CONFIG_ENV, None)
        self._stop.set()
        self._thread.join(timeout=5)
        with contextlib.suppress(OSError):
            while chunk := os.read(self.fd, 65536):
                self._take(chunk)
        os.close(self.fd)
        shutil.rmtree(self.folder, ignore_errors=True)
        return findings(self.lines, seals)


def findings(lines: list[str], seals: list) -> list[dict]:
    """The audit findings in LINES (the records that arrived) given the answers' SEALS."""
    out: list[dict] = []
    by_kernel: dict[int, list[int]] = {}
    seals_seen: set[int] = set()
    for line in lines:
        try:
            rec = json.loads(line)
            seq, pid, route = int(rec["seq"]), int(rec["pid"]), str(rec["route"])
        except (ValueError, KeyError, TypeError):
            out.append({"route": "audit_channel", "detail": "a malformed record on the audit channel",
                        "count": None})
            continue
        by_kernel.setdefault(pid, []).append(seq)
        if route == "seal":
            seals_seen.add(seq)
        elif route != "start":
            out.append({"route": route, "detail": str(rec.get("detail", "")), "count": rec.get("count")})
    if not by_kernel:
        out.append({"route": "audit_channel", "count": None,
                    "detail": "no kernel reported to the runtime audit"})
    for pid, seqs in by_kernel.items():
        if sorted(seqs) != list(range(len(seqs))) or 0 not in seqs:
            out.append({"route": "audit_channel", "count": None,
                        "detail": f"records of kernel {pid} are missing or repeated "
                                  "(the channel was tampered with)"})
    for seal in seals:
        if not seal or seal[0] not in seals_seen:
            out.append({"route": "audit_channel", "count": None,
                        "detail": "a hidden check's answer carries no seal the audit channel saw: it was "
                                  "printed by other code than the check, or while the channel was closed"})
            break
    return out


def record(nb: NotebookNode, found: list[dict]) -> None:
    """Keep FOUND in NB's metadata (:data:`METADATA_KEY`)."""
    nb.metadata[METADATA_KEY] = found
