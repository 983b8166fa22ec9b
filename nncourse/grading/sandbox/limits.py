"""The resource limits of one grading kernel, and how they become ``resource`` limits."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024
ADDRESS_RESERVE_MB = 4096
"""Address space a kernel may hold beyond ``memory_mb`` without touching it: the room
``address_space_mb`` must leave above ``memory_mb`` (:meth:`Limits.problem`).

A forked kernel holds 776 MiB of address space at its start and 48 MiB of memory (measured
2026-12-04): NumPy, OpenBLAS and ipykernel's threads reserve what they never touch, each
thread's malloc arena 64 MiB more. With ``RLIMIT_AS`` 4096 MiB over 2048 MiB of memory, which
limit a growing kernel met first depended on those reservations: with 1.4 GB more reserved, a
kernel filling memory got a ``MemoryError`` at 2032 MiB and was never stopped as over the memory
limit; CI once saw such a kernel still alive at its cell's timeout (2026-12-03). With this room
the watchdog's limit comes first whatever the kernel's libraries reserve, and ``RLIMIT_AS``
stays what stops one huge allocation at once.
"""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one grading kernel."""

    memory_mb: int = 2048
    """Resident memory of all the kernel's processes together (watchdog)."""
    address_space_mb: int = 2048 + ADDRESS_RESERVE_MB
    """Virtual address space of one process (``RLIMIT_AS``): at least ``memory_mb`` +
    :data:`ADDRESS_RESERVE_MB`, because numpy, OpenBLAS and threads reserve address space they
    never touch."""
    cpu_seconds: int = 900
    nproc: int = 64
    fsize_mb: int = 64
    nofile: int = 256
    disk_mb: int = 512
    """Bytes a kernel may write, home, working and run folder together (a tmpfs of this size per
    slot, :mod:`.disk`): memory only as far as it is used, at most this per slot."""
    disk_files: int = 100_000
    """Files and folders a kernel may make there (the tmpfs's inodes)."""

    def problem(self) -> str | None:
        """Why these limits contradict each other, in words for the instructor (None: they do not)."""
        least = self.memory_mb + ADDRESS_RESERVE_MB
        if self.address_space_mb >= least:
            return None
        return (f"limits.address_space_mb {self.address_space_mb} is less than limits.memory_mb "
                f"{self.memory_mb} + {ADDRESS_RESERVE_MB} MiB of address space a kernel reserves and "
                f"never touches: a kernel filling memory would meet a MemoryError, or not, depending "
                f"on what its libraries reserve, before the memory limit. Set address_space_mb to "
                f"{least} or more (or memory_mb to {self.address_space_mb - ADDRESS_RESERVE_MB} or less).")

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
