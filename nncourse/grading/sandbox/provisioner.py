"""jupyter_client's side of :mod:`.forkserver`: a kernel provisioner that asks it for kernels.

:class:`ForkedProvisioner` is jupyter_client's ``LocalProvisioner`` with one
change: ``launch_kernel`` sends the kernel's arguments, environment and folder
to the fork server instead of starting a new interpreter. What it gets back,
a :class:`ForkedKernel`, answers like the ``Popen`` object the local
provisioner keeps (``poll``, ``wait``, ``send_signal``, ``kill``), so
interrupts, restarts, shutdown and the sandbox's watchdog work unchanged. If
the server cannot be reached, the kernel is started the ordinary way.

Inside the walls (:mod:`.walls`) the server and its kernels have a PID namespace
of their own: the pid the server knows is not the host's. The kernel announces
itself on the connection, and the socket's credentials (``SO_PASSCRED``: the
kernel translates the sender's pid into the receiver's namespace) give the host
pid that signals, the watchdog and the kill paths use. The connection file, which
jupyter_client writes as root with mode 0600, is handed to the kernel's private
user (``kernel_uid``), which has no capability left to read it otherwise.

The sandbox kernelspec names it (``metadata.kernel_provisioner``);
:func:`register` makes the name known to jupyter_client in this process, without
an installed entry point (this package is not installed, only imported).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import signal
import socket
import struct
import time
from importlib.metadata import EntryPoint
from typing import Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning import KernelProvisionerFactory, LocalProvisioner
from traitlets import Integer, Unicode

from .procfs import proc_exit_status

PROVISIONER_NAME = "nncourse-forked"
UNKNOWN_EXIT = 255
"""Exit status reported when the server went away before the kernel's own status arrived."""
ANSWER_SECONDS = 30
"""How long a kernel request may wait for the server's answer (it comes in well under a second)."""

log = logging.getLogger(__name__)


def register() -> None:
    """Make :data:`PROVISIONER_NAME` loadable by jupyter_client in this process."""
    factory = KernelProvisionerFactory.instance()
    factory.provisioners[PROVISIONER_NAME] = EntryPoint(
        name=PROVISIONER_NAME,
        value=f"{__name__}:ForkedProvisioner",
        group=KernelProvisionerFactory.GROUP_NAME,
    )


def _kernel_args(cmd: list[str]) -> list[str] | None:
    """The ipykernel arguments of a sandbox kernel command (``... -- -m ipykernel_launcher ARGS``;
    bubblewrap's own ``--`` may come first)."""
    for at in range(len(cmd) - 2):
        if cmd[at : at + 3] == ["--", "-m", "ipykernel_launcher"]:
            return cmd[at + 3 :]
    return None


_CREDENTIALS = struct.Struct("3i")
"""``struct ucred``: pid, uid, gid."""


class ForkedKernel:
    """A kernel forked by the server, with the part of ``subprocess.Popen`` provisioners use."""

    stdin = stdout = stderr = None

    def __init__(self, conn: socket.socket, pid: int) -> None:
        self._conn = conn
        self._buffer = b""
        self._sender: int | None = None
        """The host pid of the process that sent the bytes read last (its socket credentials)."""
        self.pid = pid
        self.returncode: int | None = None

    @classmethod
    def launch(
        cls, socket_path: str, args: list[str], env: dict[str, str], cwd: str, slot: int = 0
    ) -> ForkedKernel:
        """Ask the server at SOCKET_PATH for a kernel in SLOT (its user and home, :mod:`.box`);
        raises OSError if it does not give one."""
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
            conn.settimeout(ANSWER_SECONDS)
            conn.connect(socket_path)
            conn.sendall((json.dumps({"args": args, "env": env, "cwd": cwd, "slot": slot}) + "\n").encode())
            kernel = cls(conn, 0)
            answer = kernel._next_message(timeout=ANSWER_SECONDS)  # ends early if the server closes
            if answer is None:
                raise TimeoutError(f"the fork server did not answer within {ANSWER_SECONDS} s")
            if "pid" not in answer:
                raise ConnectionError(f"the fork server gave no kernel: {answer}")
        except BaseException:
            conn.close()
            raise
        # the kernel sent this line itself: its credentials hold its pid on this side
        kernel.pid = kernel._sender or int(answer["pid"])
        return kernel

    def _next_message(self, timeout: float | None) -> dict | None:
        """The next JSON line from the server, or None (nothing within TIMEOUT, or closed: b'')."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self._conn], [], [], left)
            if not ready:
                return None
            chunk, ancillary, _, _ = self._conn.recvmsg(65536, socket.CMSG_SPACE(_CREDENTIALS.size))
            if not chunk:
                raise EOFError
            for level, kind, data in ancillary:
                if (level, kind) == (socket.SOL_SOCKET, socket.SCM_CREDENTIALS):
                    self._sender = _CREDENTIALS.unpack(data[: _CREDENTIALS.size])[0]
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def _update(self, timeout: float | None) -> None:
        if self.returncode is not None:
            return
        try:
            message = self._next_message(timeout)
        except (EOFError, OSError, ValueError):
            # the server is gone: the kernel (now init's child) is over once it is no more
            if not _alive(self.pid):
                self.returncode = UNKNOWN_EXIT
                self._conn.close()
            elif timeout:
                time.sleep(min(timeout, 0.1))
            return
        if message is not None and "exit" in message:
            self.returncode = int(message["exit"])
            self._conn.close()
        elif message is None and (status := proc_exit_status(str(self.pid))) is not None:
            # dead, and the server has not reaped it yet (busy, stopped or starved of CPU): the
            # grader must not wait on the server to see a death (the watchdog's kill, say)
            self.returncode = status
            self._conn.close()

    def poll(self) -> int | None:
        """The exit status, or None while the kernel runs."""
        self._update(timeout=0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait for the kernel to exit (at most TIMEOUT seconds); its exit status."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                break
            self._update(timeout=left if left is not None else 1.0)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        """Send SIGNUM to the kernel (not to its group; the provisioner does that)."""
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _alive(pid: int) -> bool:
    """Whether PID exists (an orphan's zombie counts, briefly: init reaps it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ForkedProvisioner(LocalProvisioner):  # type: ignore[misc]
    """LocalProvisioner whose kernels come from the fork server at ``socket``."""

    socket = Unicode("", help="The fork server's Unix socket.").tag(config=True)
    kernel_uid = Integer(-1, help="The private user the connection file is handed to (-1: none).").tag(
        config=True
    )
    slot = Integer(0, help="The sandbox slot whose user and home the fork server gives the kernel.").tag(
        config=True
    )

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        """LocalProvisioner's (it writes the connection file), then the file given to ``kernel_uid``."""
        kwargs = await super().pre_launch(**kwargs)
        connection_file = getattr(self.parent, "connection_file", "")
        if self.kernel_uid >= 0 and connection_file:
            os.chown(connection_file, self.kernel_uid, self.kernel_uid)
        return kwargs

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        """Fork the kernel from the server; start it the ordinary way if that fails."""
        args = _kernel_args(cmd)
        if args is None or not self.socket:
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        try:
            self.process = ForkedKernel.launch(self.socket, args, env, cwd, self.slot)
        except (OSError, EOFError, ValueError) as exc:
            self.log.warning("fork server unavailable (%s); starting the kernel with a new interpreter", exc)
            return await super().launch_kernel(cmd, **kwargs)
        self.pid = self.process.pid
        self.pgid = self.process.pid  # the child made its own session before the server answered
        self.cwd = cwd
        return self.connection_info

    async def kill(self, restart: bool = False) -> None:
        """SIGKILL the kernel's group, then wait for its exit status (it comes in milliseconds).

        jupyter_client polls a killed kernel every 0.1 s; waiting here spares that on
        every notebook.
        """
        await super().kill(restart)
        if isinstance(self.process, ForkedKernel) and self.process.wait(timeout=1.0) is None:
            log.warning("kernel %s: no exit status within 1 s of SIGKILL", self.process.pid)
