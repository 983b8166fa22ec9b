"""The course's lock, ``uv.lock``: the exact versions that instructors, CI and students install.

uv writes the lock (``make lock``, ``make upgrade``) and installs it (``make venv``).  This
module exports the students' share of it, the packages ``[project.dependencies]`` need
without the ``dev`` extra, as a pip requirements file with hashes, and reads such a file back.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from nncourse import notebooks as nbs

LOCK = nbs.ROOT / "uv.lock"
HEADER = ("# Exact versions from the course's uv.lock, written by `nncourse release`: do not edit.\n"
          "# They are the versions the student test (tests/e2e/test_student_bundle.py) installs.\n")


def uv_command() -> str:
    """The uv executable: the course venv's own (pinned in the lock), else the first on PATH."""
    beside = Path(sys.executable).with_name("uv")
    found = str(beside) if beside.exists() else shutil.which("uv")
    if found is None:
        raise FileNotFoundError("uv not found: run `make venv` (it installs the version uv.lock pins)")
    return found


def _export(*extras: str) -> str:
    """``uv.lock`` as requirements.txt text (hashes, markers) for the project plus EXTRAS.

    ``--frozen`` exports the lock as it is (never re-resolves); ``--no-emit-project`` leaves the
    course package out, since the bundle carries ``autograder/`` as a folder.
    """
    extra_flags = [flag for extra in extras for flag in ("--extra", extra)]
    done = subprocess.run([uv_command(), "export", "--frozen", "--no-emit-project", "--no-header",
                           *extra_flags, "--format", "requirements.txt"],
                          cwd=nbs.ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def student_requirements() -> str:
    """The students' packages pinned as in ``uv.lock``: requirements.txt text with hashes and markers."""
    return HEADER + _export()


def instructor_pins() -> list[Pin]:
    """Every package an instructor's machine (a grading host) installs from ``uv.lock``, ``dev`` included."""
    return read_pins(_export("dev"))


@dataclass(frozen=True)
class Pin:
    """One line of a requirements file: ``name==version`` for the platforms ``marker`` selects."""

    name: str
    version: str
    marker: str | None = None

    def applies(self, environment: dict[str, str]) -> bool:
        """Whether pip installs this pin in a Python whose marker environment is ``environment``."""
        return self.marker is None or Requirement(f"{self.name}; {self.marker}").marker.evaluate(environment)


def read_pins(text: str) -> list[Pin]:
    """The pins of a requirements file; ValueError for any line that is not ``name==version``.

    Continuation lines are joined and ``--hash`` options dropped.
    """
    logical = text.replace("\\\n", " ")
    pins = []
    for line in logical.splitlines():
        line = line.split(" --hash", 1)[0].split("#", 1)[0].strip()
        if not line:
            continue
        try:
            requirement = Requirement(line)
        except InvalidRequirement as error:
            raise ValueError(f"not a requirement: {line!r} ({error})") from None
        exact = [spec for spec in requirement.specifier if spec.operator == "=="]
        if len(exact) != 1 or len(requirement.specifier) != 1:
            raise ValueError(f"not pinned to one version (name==version): {line!r}")
        pins.append(Pin(requirement.name, exact[0].version,
                        str(requirement.marker) if requirement.marker else None))
    return pins
