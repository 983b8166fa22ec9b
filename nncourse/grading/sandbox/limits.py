"""The resource limits of one grading kernel, and how they become ``resource`` limits."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Resource limits of one grading kernel."""

    memory_mb: int = 2048
    """Resident memory of all the kernel's processes together (watchdog)."""
    address_space_mb: int = 4096
    """Virtual address space of one process (``RLIMIT_AS``); above memory_mb because
    numpy, OpenBLAS and threads reserve address space they never touch."""
    cpu_seconds: int = 900
    nproc: int = 64
    fsize_mb: int = 64
    nofile: int = 256
    disk_mb: int = 512
    """Bytes a kernel may write, home, working and run folder together (a tmpfs of this size per
    slot, :mod:`.disk`): memory only as far as it is used, at most this per slot."""
    disk_files: int = 100_000
    """Files and folders a kernel may make there (the tmpfs's inodes)."""

    @property
    def disk_bytes(self) -> int:
        """``disk_mb`` in bytes."""
        return self.disk_mb * MiB

    def rlimits(self) -> dict[str, int]:
        """The ``resource`` limits, by name, for the launcher policy."""
        return {
            "RLIMIT_AS": self.address_space_mb * MiB,
            "RLIMIT_CPU": self.cpu_seconds,
            "RLIMIT_NPROC": self.nproc,
            "RLIMIT_FSIZE": self.fsize_mb * MiB,
            "RLIMIT_NOFILE": self.nofile,
            "RLIMIT_CORE": 0,
        }
