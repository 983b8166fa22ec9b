"""The grading kernel's sandbox: bubblewrap's walls, resource limits, a private user, a watchdog.

A :class:`Sandbox` (:mod:`.box`) belongs to one grading worker process and serves
every kernel that worker starts, one at a time per slot: with the pre-started kernel
(``GradingOptions.prestart_kernel``, :mod:`..prestart`) it has two slots, each with its
own private uid and folders, so that the next notebook's kernel can wait in one while
the current notebook runs in the other. It writes a kernelspec
(``KERNEL_NAME``, :mod:`.kernelspec`) in a private ``JUPYTER_PATH`` whose argv
runs :mod:`.launcher`, which applies the :class:`Limits` and, when the grader
runs as root, switches to a private uid before exec'ing ipykernel.

What a kernel can reach is bounded by :mod:`.walls`: it runs inside bubblewrap,
in its own mount, PID, network, IPC and UTS namespaces, and sees the Python
installation, the course package it imports and its own folders only (no
reference, no course source, no gradebook, no other student, no host ``/tmp`` or
home, no network). The fork server runs inside the walls, one per worker, so a
forked kernel keeps the fork server's speed; the one student's files are copied
into the sandbox's folder for each notebook (:meth:`Sandbox.prepare`).

No cgroups are needed (cgroup v1 memory and pids limits were measured and not
adopted: see ``docs/architecture.md``). What bounds what:

* memory of one process: ``RLIMIT_AS`` (a ``MemoryError`` in the student's cell), at least
  :data:`~.limits.ADDRESS_RESERVE_MB` above ``memory_mb`` so that a kernel filling memory meets
  the watchdog first, whatever address space its libraries reserve;
* memory of all the kernel's processes: the :mod:`.watchdog` sums their
  proportional set size (pages that forks share count once, :mod:`.procfs`) and
  kills them all past ``memory_mb``;
* processes (fork bombs): ``RLIMIT_NPROC`` on the private uid stops the growth
  (it counts threads too), and the watchdog kills everything once the kernel's
  processes and threads reach ``nproc`` (which also covers the no-root case,
  where the kernel's session is watched instead of a uid);
* CPU time per process: ``RLIMIT_CPU``; file size: ``RLIMIT_FSIZE``; open files:
  ``RLIMIT_NOFILE``; core dumps: off.
* what a kernel writes (home, working and run folder together): a tmpfs per slot of
  ``disk_mb`` MiB and ``disk_files`` files, mounted in the worker's own mount namespace
  (:mod:`.disk`; behind the walls), so ``ENOSPC`` and nothing on the host's disk.

Between kernels, every process of the private uid is killed (:mod:`.kill`) and
its home emptied, so nothing a student leaves running or on disk reaches the
next one; a forked kernel also gets an IPC and a network namespace of its own
(:mod:`.namespaces`), so neither do the IPC objects and abstract sockets it makes.

Kernels are forked by a :mod:`.forkserver` that has ipykernel, numpy and
matplotlib imported already (``fork_server=True``, the default; started and
stopped by :mod:`.forkserver_process`): the same policy is applied in the child
as by the launcher, and a kernel starts in a fraction of the time. The
kernelspec names the :mod:`.provisioner` that asks the server; if the server is
unavailable, the launcher starts the kernel. Behind the walls without a private user
(the grader is not root) there is no fork server: each kernel starts by the launcher
behind walls of its own, which end with it (forked kernels of one uid would share the
server's namespaces, and could trace it).

The private user writes only its home and the student's folder. Behind the
walls it keeps no capability: the folders bubblewrap makes above the bound ones
are world-searchable. Without the walls (``--unsafe-no-sandbox``) it can read the
course files only where they are world-readable, except when the Python
installation is not (pyenv under ``/root``): then the kernel keeps
``CAP_DAC_READ_SEARCH`` and can read any file, as a root kernel can (see
:mod:`.launcher`). Without root, kernels run as the grader's user, with the
limits (``RLIMIT_NPROC`` relative to the user's processes) and the watchdog on
the kernel's session.
"""

from . import disk
from .box import HOME_PREFIX, UID_RANGE, Sandbox, Slot, activate, active
from .kernelspec import KERNEL_NAME
from .kill import kill_uid
from .launcher import PACKAGE_PARENT
from .limits import Limits, MiB
from .walls import SandboxUnavailable
from .walls import require as require_walls

__all__ = [
    "HOME_PREFIX",
    "KERNEL_NAME",
    "PACKAGE_PARENT",
    "UID_RANGE",
    "Limits",
    "MiB",
    "Sandbox",
    "SandboxUnavailable",
    "Slot",
    "activate",
    "active",
    "disk",
    "kill_uid",
    "require_walls",
]
