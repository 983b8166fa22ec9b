"""A Jupyter kernel client that never sleeps through a message: for every notebook runner of the course.

nbclient (and nbgrader's Execute and Validate, built on it) waits for a cell's
``execute_reply`` on the shell socket while, in the same event loop, its
mock Output widget sends ``comm_msg`` updates to the kernel on that same
socket (``nbclient.output_widget.OutputWidget._publish_msg``). A ZeroMQ
socket signals readiness through an edge-triggered file descriptor; the send
consumes the edge that the reply raised, so the waiting ``poll`` is never
woken. pyzmq polls once more when the timeout ends, finds the reply, and the
cell completes: late by exactly the client's ``timeout`` and without any error.
Notebook 06's explorer (``interact`` redrawing a plot into an Output widget)
hit it in about half of the runs on a loaded machine: 30 s, 120 s or 180 s
added, whatever the timeout was. Upstream: jupyter/nbclient#312 (open).

:class:`PromptKernelManager` gives nbclient a client whose shell and IOPub
channels poll in slices of :data:`POLL_SLICE` seconds, so a lost wake-up costs
at most one slice. Use it as ``kernel_manager_class`` of a ``NotebookClient``,
or through configuration (``c.Execute.kernel_manager_class``, as the course's
``nbgrader_config.py`` does).
"""

from __future__ import annotations

import logging
import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type

POLL_SLICE = 0.25
"""Seconds between two polls of a socket while waiting for a message."""

log = logging.getLogger(__name__)


class PromptChannel(AsyncZMQSocketChannel):
    """A channel whose ``get_msg`` re-polls every POLL_SLICE seconds until its timeout."""

    missed_wakeups = 0
    """Messages found only when a slice ran out (a wake-up the socket never gave), in this process."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:  # type: ignore[override]
        """The next message; raises ``queue.Empty`` if none arrives within TIMEOUT seconds."""
        assert self.socket is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            wait = POLL_SLICE if left is None else min(POLL_SLICE, left)
            start = time.monotonic()
            if await self.socket.poll(int(wait * 1000)):
                if wait > 0 and time.monotonic() - start >= wait:
                    # pyzmq's last poll(0) at the slice's end found it: the wake-up was lost
                    PromptChannel.missed_wakeups += 1
                    log.debug("a message was ready but not signalled; found after %.2f s", wait)
                return await self._recv()
            if left is not None and left <= wait:
                raise Empty


class PromptKernelClient(AsyncKernelClient):
    """AsyncKernelClient with :class:`PromptChannel` for the channels nbclient waits on."""

    shell_channel_class = Type(PromptChannel)  # type: ignore[assignment]
    iopub_channel_class = Type(PromptChannel)  # type: ignore[assignment]


class PromptKernelManager(AsyncKernelManager):
    """AsyncKernelManager whose clients are :class:`PromptKernelClient`."""

    client_class = DottedObjectName(f"{__name__}.PromptKernelClient")
    client_factory = Type(klass=PromptKernelClient)
