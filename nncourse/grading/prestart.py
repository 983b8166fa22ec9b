"""The pre-started kernel: the next notebook's kernel, started in the other sandbox slot while
the current notebook runs (``GradingOptions.prestart_kernel``).

A grading worker's sandbox has two slots behind the walls (:class:`~.sandbox.box.Slot`: a
private uid, home, notebook and run folder, kernelspec each). Once the current notebook's
kernel is ready (:class:`~.execute.ResilientExecute`), :func:`start` clears the other slot
and asks the fork server for a kernel there: only the fork (milliseconds); the kernel's own
set-up runs while the current notebook's cells do. What a kernel is told when it starts
depends on its slot only, never on the notebook it will run: its audit channel (opened now,
for that slot: :meth:`~.integrity.audit.Channel.open`), its hidden inputs' path (the slot's
notebook folder) and its folder. The next notebook then takes the spare
(:func:`promise`, by :class:`~.integrity.reference.HiddenInputs`, which hands the spare's
channel to the notebook; :func:`take`, by the execute preprocessor, once the student's files
and hidden inputs are in the slot's folder and before any cell runs).

A spare that died or was killed before use is replaced by a fresh start in the same slot
(the notebook is graded as without a spare); a spare promised to a notebook that never ran
is discarded, its channel being that notebook's; a spare left at the end is killed with
every slot (:meth:`~.sandbox.box.Sandbox.close`). One spare per process, like the sandbox
(:func:`~.sandbox.activate`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nbclient.util import ensure_async, run_sync

from .integrity import audit
from .integrity.audit_hook import CONFIG_ENV
from .sandbox.box import Sandbox, Slot

log = logging.getLogger(__name__)

SlotEnvironment = Callable[[Slot], "tuple[dict[str, str], audit.Channel | None]"]
"""What a kernel started in a slot is told (environment entries) and the audit channel it
reports to; given by :class:`~.integrity.reference.HiddenInputs`."""


@dataclass
class Spare:
    """A kernel started in a slot before its notebook came."""

    slot: Slot
    km: Any
    """Its jupyter_client kernel manager (started, not yet waited for)."""
    channel: audit.Channel | None
    """The audit channel it reports to (None without the runtime audit)."""
    started: float
    """When it was asked of the fork server (``time.time()``, seconds)."""
    promised: bool = False
    """Whether a notebook's HiddenInputs took its channel (the notebook must take the kernel)."""

    def alive(self) -> bool:
        """Whether the kernel still runs."""
        try:
            return bool(run_sync(ensure_async)(self.km.is_alive()))
        except Exception:
            return False


_SPARE: Spare | None = None


def held() -> Spare | None:
    """The spare of this process, if any."""
    return _SPARE


def start(box: Sandbox, manager: Callable[[str], Any], extra_arguments: list[str],
          environment: SlotEnvironment | None) -> Spare | None:
    """Start a spare in BOX's other slot, unless one is held or BOX has one slot; the spare.

    MANAGER(kernel_name) makes a kernel manager as the execute preprocessor does;
    EXTRA_ARGUMENTS are its kernel arguments; ENVIRONMENT tells what the slot's kernel is
    told (None: the grader's environment without any notebook's audit channel). A spare
    that cannot start is logged and left out: the next notebook starts its own kernel.
    """
    global _SPARE
    slot = box.other_slot()
    if _SPARE is not None or slot is None:
        return _SPARE
    box.clear_slot(slot)
    env = {k: v for k, v in os.environ.items() if k != CONFIG_ENV}
    channel = None
    if environment is not None:
        entries, channel = environment(slot)
        env.update(entries)
    started = time.time()
    km = manager(slot.kernel_name)
    for name, value in box.kernel_manager_settings(slot).items():
        setattr(km, name, value)
    try:
        run_sync(_start_kernel)(km, extra_arguments, env, str(box.kernel_folder(slot)))
    except Exception as exc:
        log.warning("the next kernel could not be started early (%s); it will start when needed", exc)
        if channel is not None:
            channel.close([])
        box.kill_all(slot)
        return None
    _SPARE = Spare(slot, km, channel, started)
    return _SPARE


async def _start_kernel(km: Any, extra_arguments: list[str], env: dict[str, str], cwd: str) -> None:
    await ensure_async(km.start_kernel(extra_arguments=extra_arguments, env=env, cwd=cwd))


def promise() -> Spare | None:
    """The spare, promised to the notebook about to run (its channel is that notebook's).

    A spare already promised belongs to a notebook that never ran (it failed before its
    cells): it is discarded, and None returned.
    """
    if _SPARE is not None and _SPARE.promised:
        discard()
    if _SPARE is not None:
        _SPARE.promised = True
    return _SPARE


def take(box: Sandbox) -> Spare | None:
    """The spare for the notebook about to run in BOX's current slot, given up by this module.

    It must have been promised to that notebook (or have no channel), and be in that slot;
    any other spare is discarded.
    """
    global _SPARE
    spare = _SPARE
    if spare is None:
        return None
    if spare.slot != box.slot or not (spare.promised or spare.channel is None):
        discard(box)
        return None
    _SPARE = None
    return spare


def discard(box: Sandbox | None = None) -> None:
    """Kill the spare and close its channel (its slot's processes too, with BOX)."""
    global _SPARE
    spare, _SPARE = _SPARE, None
    if spare is None:
        return
    with contextlib.suppress(Exception):
        run_sync(_shutdown)(spare.km)
    if box is not None:
        box.kill_all(spare.slot)
    if spare.channel is not None and not spare.promised:
        spare.channel.close([])


async def _shutdown(km: Any) -> None:
    await ensure_async(km.shutdown_kernel(now=True))
