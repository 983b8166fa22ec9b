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
