"""What a Dask worker's machine must share with the grading client, and the differences named.

A student graded on another machine must get the score this machine would give, so a
worker is refused (:mod:`.dask_plugin`) unless it has:

* every package of ``uv.lock`` that applies to its platform, at the locked version
  (:func:`nncourse.lock.instructor_pins`, computed on the client, which has the lock);
* the same grader: the hash of the grading engine's sources (:func:`..store.grader_hash`);
* the same Python (major.minor), since kernels run the course's code with it.

The course itself travels with the plugin, checked by its sha256 (:mod:`.dask_transfer`).
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from importlib import metadata

from packaging.markers import default_environment

from ...lock import Pin, instructor_pins
from ..store import grader_hash


@dataclass(frozen=True)
class Expected:
    """The client's environment: the lock's pins, its grader hash and Python version."""

    pins: tuple[Pin, ...]
    grader: str
    python: str


def _python() -> str:
    return ".".join(platform.python_version_tuple()[:2])


def expected() -> Expected:
    """This (the client's) environment as the workers must match it."""
    return Expected(tuple(instructor_pins()), grader_hash(), _python())


def differences(wanted: Expected) -> list[str]:
    """What differs between WANTED and the environment this runs in, one phrase each (empty: none)."""
    found = []
    if _python() != wanted.python:
        found.append(f"Python {_python()} (the client runs {wanted.python})")
    environment = default_environment()
    for pin in wanted.pins:
        if not pin.applies(environment):
            continue
        try:
            installed = metadata.version(pin.name)
        except metadata.PackageNotFoundError:
            found.append(f"{pin.name} is not installed (uv.lock pins {pin.version})")
            continue
        if installed != pin.version:
            found.append(f"{pin.name} {installed} is installed, uv.lock pins {pin.version}")
    if grader_hash() != wanted.grader:
        found.append(
            "the grader's sources (nncourse/grading) differ from the client's: "
            "check out the same commit of the course repository on this host"
        )
    return found
