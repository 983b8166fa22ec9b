"""The fork server seen from the sandbox: start it, wait until it listens, stop it.

What runs inside the server is :mod:`.forkserver`; how jupyter_client asks it for a
kernel is :mod:`.provisioner`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .launcher import FROM_ENVIRONMENT, POLICY_VARIABLE, boot_command, environment

BOOT_COMMAND = boot_command("main")
"""The ``python -c`` program that runs the server."""

logger = logging.getLogger(__name__)


class ForkServerProcess:
    """The fork server of one sandbox, listening on SOCKET, run with POLICY from folder BASE.

    BEFORE_START runs before every start (the sandbox makes the kernel home the server's
    imports read from). ``socket`` becomes None when the server cannot start here.
    """

    def __init__(
        self,
        base: Path,
        policy: dict[str, Any],
        socket: Path,
        before_start: Callable[[], None],
        walls: list[str] = (),
    ) -> None:
        self.base = base
        self.policy = policy
        self.walls = list(walls)
        """The :func:`~.walls.bwrap_command` prefix the server runs behind (empty: none)."""
        self.socket: Path | None = socket
        self.process: subprocess.Popen | None = None
        self._before_start = before_start

    def start(self) -> None:
        """Start the :mod:`.forkserver` (it imports its modules while the worker sets up)."""
        self._before_start()
        with contextlib.suppress(FileNotFoundError):
            self.socket.unlink()
        # 0600: a kernel inherits this file as its stderr and must not reopen it to read
        # what earlier kernels wrote
        log = os.open(self.base / "kernel.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with open(log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    *self.walls,
                    sys.executable,
                    "-c",
                    BOOT_COMMAND,
                    FROM_ENVIRONMENT,  # the policy is in its environment: no file inside the walls
                    str(self.socket),
                    # the server dies with this worker (PR_SET_PDEATHSIG); behind the walls
                    # with bubblewrap, its parent, which dies with the worker
                    "0" if self.walls else str(os.getpid()),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=log,
                env={**environment(self.policy), POLICY_VARIABLE: json.dumps(self.policy)},
                cwd=self.base,
            )

    def await_listening(self, seconds: float = 30.0) -> None:
        """Wait until the fork server listens (restarted if it died); give up after SECONDS.

        Kernels then start the ordinary way (see :mod:`.provisioner`).
        """
        if self.socket is None:
            return
        if self.process is None or self.process.poll() is not None:
            self.start()
        deadline = time.monotonic() + seconds
        while not self.socket.exists():
            if self.process.poll() is not None:  # it cannot start here: stop trying
                self.socket = None
                return
            if time.monotonic() > deadline:
                logger.warning("no fork server listening after %.0f s; kernels start as usual", seconds)
                return
            time.sleep(0.02)

    def stop(self) -> None:
        """Ask the server to exit (closing its stdin), killing it after 5 s."""
        server, self.process = self.process, None
        if server is None:
            return
        server.stdin.close()  # the server's signal to exit
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            logger.warning("the fork server did not exit within 5 s of its stdin closing; killing it")
            server.kill()
            server.wait()
