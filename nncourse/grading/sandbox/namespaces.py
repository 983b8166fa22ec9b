"""A forked kernel's own IPC and network namespaces: what one kernel leaves there, the next never meets.

Behind the walls (:mod:`.walls`) the fork server and every kernel it forks share
one bubblewrap view per grading worker. The files a kernel can write are its own
folders, emptied between kernels (:class:`.box.Sandbox`); ``/tmp`` and ``/dev/shm``
are root's and read-only to the private user. Two things outlive a process and
are not files:

* System V shared memory, message queues and semaphores, and POSIX message
  queues: they belong to the IPC namespace, not to a process, and stay until
  removed;
* abstract Unix sockets (and anything else bound in the network namespace):
  they die with their process, but two kernels alive at once (a kernel
  started while another still runs) would share them.

So each forked kernel, still root with ``CAP_SYS_ADMIN`` and before it becomes
the private user, unshares a new IPC namespace and a new network namespace and
brings up its loopback (as ``bwrap --unshare-net`` does). The namespaces end
with the kernel's last process; nothing is scanned or wiped. The kernel then
drops every capability (:func:`.launcher.become`).

The launcher path needs none of this: each such kernel has a bubblewrap of its own.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import socket
import struct

CLONE_NEWIPC = 0x08000000
CLONE_NEWNET = 0x40000000
_SIOCGIFFLAGS = 0x8913
_SIOCSIFFLAGS = 0x8914
_IFF_UP = 0x1
_IFREQ = struct.Struct("16sH14x")
"""``struct ifreq`` with its flags member (40 bytes)."""


def _unshare(flags: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(flags) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"unshare(IPC, network): {os.strerror(err)}")


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        flags = _IFREQ.unpack(fcntl.ioctl(sock, _SIOCGIFFLAGS, _IFREQ.pack(b"lo", 0)))[1]
        fcntl.ioctl(sock, _SIOCSIFFLAGS, _IFREQ.pack(b"lo", flags | _IFF_UP))


def enter_own() -> None:
    """Move this process into a new IPC and a new network namespace (loopback up).

    Needs ``CAP_SYS_ADMIN`` (and ``CAP_NET_ADMIN`` for the loopback): the fork server
    keeps both for this (:class:`.box.Sandbox`); raises OSError without them.
    """
    _unshare(CLONE_NEWIPC | CLONE_NEWNET)
    _loopback_up()
