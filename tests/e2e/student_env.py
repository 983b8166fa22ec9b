"""A student's environment, made exactly as the bundle's README says, cached outside the clone.

The README's install commands run unchanged in bash, in the bundle folder, with ``HOME``
pointing into the cache, so its ``~/nn-course-env`` lands in
``~/.cache/nncourse/student-venv-<key>/home/`` (``XDG_CACHE_HOME`` moves it).  The key hashes
the bundle's requirements.txt (the students' share of uv.lock) and the commands, so CI builds
the environment once per change of either.  A cached environment is used only after its
installed packages are found to be exactly the lock's pins; otherwise it is built again.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from packaging.utils import canonicalize_name

from nncourse.lock import Pin
from nncourse.release import install_commands

CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nncourse"
DEV_BIN = str(Path(sys.executable).parent)
# What `python -m venv` puts in every environment by itself, beside the pins.
SEEDED = {"pip"}
UNUSED_DAYS = 3
# Run in the student's Python: what is installed, and the values environment markers test
# there (packaging is among the pins: jupyterlab needs it).
INSPECT = """
import json
from importlib.metadata import distributions
from packaging.markers import default_environment
print(json.dumps({"env": default_environment(),
                  "installed": {d.metadata["Name"]: d.version for d in distributions()}}))
"""

def cache_key(requirements: str, commands: list[str]) -> str:
    """The cache folder's key: what decides what the README's commands install."""
    digest = hashlib.sha256(requirements.encode())
    digest.update("\n".join(commands).encode())
    return digest.hexdigest()[:16]


def mismatches(pins: list[Pin], python: Path) -> list[str]:
    """How the packages installed for `python` differ from `pins` (empty: exactly the pins)."""
    done = subprocess.run([str(python), "-c", INSPECT], capture_output=True, text=True)
    if done.returncode != 0:
        return [f"{python} does not run: {done.stderr.strip()[-300:]}"]
    seen = json.loads(done.stdout)
    wanted = {canonicalize_name(pin.name): pin.version for pin in pins if pin.applies(seen["env"])}
    have = {canonicalize_name(name): version for name, version in seen["installed"].items()}
    found = [f"{name}=={version} is pinned but not installed" for name, version in wanted.items()
             if name not in have]
    found += [f"{name} {have[name]} is installed, the pin is {version}" for name, version in wanted.items()
              if name in have and have[name] != version]
    found += [f"{name} {version} is installed but not pinned" for name, version in have.items()
              if name not in wanted and name not in SEEDED]
    return sorted(found)


@contextmanager
def _locked(path: Path, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive lock on `path` (two runs never build or prune one folder at once).

    Yields whether the lock is held: always with `wait`, else only if it was free.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True


def _prune(keep: Path) -> None:
    """Remove the other cached environments unused for UNUSED_DAYS (about 0.5 GB each)."""
    for folder in CACHE.glob("student-venv-*"):
        if folder == keep or not folder.is_dir():
            continue
        used = folder / "verified"
        if used.exists() and time.time() - used.stat().st_mtime < UNUSED_DAYS * 86400:
            continue
        lock_file = folder.with_name(folder.name + ".lock")
        with _locked(lock_file, wait=False) as free:
            if free:
                shutil.rmtree(folder, ignore_errors=True)


def _student_shell_environment(home: Path) -> dict[str, str]:
    """The environment the README's commands run in: a new HOME, none of the course venv."""
    env = {name: value for name, value in os.environ.items()
           if name not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != DEV_BIN)
    env["HOME"] = str(home)
    # The same files as from the real home's pip cache (pip checks the pinned hashes anyway).
    env.setdefault("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    return env


def _install(bundle: Path, commands: list[str], folder: Path) -> Path:
    """Run the README's commands; return the bin/ folder of the environment they activate."""
    home = folder / "home"
    home.mkdir(parents=True)
    log = folder / "install.log"
    script = "\n".join([*commands, f'printf %s "$VIRTUAL_ENV" > {folder / "venv-path"}'])
    with log.open("w") as out:
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=bundle, stdout=out,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              env=_student_shell_environment(home))
    if done.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        raise AssertionError(f"the bundle README's install commands failed ({done.returncode}):\n{tail}")
    venv = (folder / "venv-path").read_text()
    if not venv:
        raise AssertionError("the bundle README's install commands activate no virtual environment")
    return Path(venv) / "bin"


def student_environment(bundle: Path, pins: list[Pin]) -> tuple[Path, bool]:
    """The bin/ folder of a student environment for `bundle`, and whether it came from the cache.

    Fails (AssertionError) when the README's commands fail or install anything but exactly
    `pins` (the lock's student share), whether just built or found in the cache.
    """
    requirements = (bundle / "requirements.txt").read_text()
    commands = install_commands((bundle / "README.md").read_text())
    folder = CACHE / f"student-venv-{cache_key(requirements, commands)}"
    verified = folder / "verified"
    with _locked(folder.with_name(folder.name + ".lock")):
        if verified.exists():
            bin_dir = Path(verified.read_text())
            if not mismatches(pins, bin_dir / "python"):
                verified.touch()  # its last use, for _prune
                return bin_dir, True
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        bin_dir = _install(bundle, commands, folder)
        wrong = mismatches(pins, bin_dir / "python")
        if wrong:
            raise AssertionError("the student environment is not what the lock pins:\n  "
                                 + "\n  ".join(wrong))
        verified.write_text(str(bin_dir))
    _prune(keep=folder)
    return bin_dir, False
