"""The sandbox's kernelspec and the launcher policy it points to.

The policy (:func:`make_policy`) tells :mod:`.launcher` (and the :mod:`.forkserver`, which
applies the same policy) the limits, the private uid, the kernel's home and environment.
The kernelspec ``KERNEL_NAME`` hands it to the launcher in its environment (the kernelspec's
``env``, :data:`~.launcher.POLICY_VARIABLE`), not in a file: nothing of the grader's work
folder is bound inside the walls. When a fork server serves the sandbox, the kernelspec
names the :mod:`.provisioner` that asks it for kernels.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import sysconfig
from pathlib import Path
from typing import Any

from . import provisioner
from .launcher import FROM_ENVIRONMENT, POLICY_VARIABLE
from .limits import Limits

KERNEL_NAME = "nncourse-sandbox"
LAUNCHER = Path(__file__).with_name("launcher.py")
ENV_KEEP = (
    "PATH",
    "LANG",
    "LC_",
    "PYTHONPATH",
    "PYTHONHASHSEED",
    "OPENBLAS_",
    "OMP_",
    "MKL_",
    "JPY_",
    "NBGRADER_",
    "TZ",
    "NNCOURSE_",
)
"""Prefixes of the environment variables a kernel keeps; the launcher drops the rest."""


def _python_paths() -> list[str]:
    """The interpreter and the folders its kernels import from."""
    paths = sysconfig.get_paths()
    return [
        os.path.realpath(sys.executable),
        paths["stdlib"],
        paths["platstdlib"],
        paths["purelib"],
        paths["platlib"],
    ]


def _world_readable(paths: list[str], ancestors: bool = True) -> bool:
    """Whether another user can read PATHS: search on every ancestor (unless not ANCESTORS),
    read (and search) on each."""
    for path in map(Path, paths):
        if not path.exists():
            continue
        for folder in path.resolve().parents if ancestors else ():
            if not folder.stat().st_mode & stat.S_IXOTH:
                return False
        need = stat.S_IROTH | (stat.S_IXOTH if path.is_dir() else 0)
        if path.resolve().stat().st_mode & need != need:
            return False
    return True


def make_policy(
    limits: Limits,
    uid: int | None,
    home: Path,
    log: Path | None,
    pythonpath: list[str],
    walled: list[str] | None = None,
    own_namespaces: bool = False,
    slots: list[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The launcher policy (JSON-able).

    UID is the private user (None: the grader's own); PYTHONPATH folders are added
    to the kernel's ``PYTHONPATH`` and must be readable by the kernel user. WALLED:
    the kernel runs inside :mod:`.walls`, and these are the course folders bound
    there; the folders above them are bubblewrap's (world-searchable), so only they
    and the Python installation need to be readable. LOG None: the kernel keeps the
    standard error it inherits. OWN_NAMESPACES: each forked kernel unshares its own IPC
    and network namespaces (:mod:`.namespaces`). SLOTS: each slot's ``uid``, ``gid`` and
    ``home``, which the fork server applies in place of this policy's for a request that
    names its slot (:mod:`.box`).
    """
    joined = os.pathsep.join([*pythonpath, os.environ.get("PYTHONPATH", "")]).strip(os.pathsep)
    policy = {
        "limits": limits.rlimits(),
        "uid": uid,
        "gid": uid,
        "read_all": not (
            _world_readable([*_python_paths(), *walled], ancestors=False)
            if walled is not None
            else _world_readable([*_python_paths(), *pythonpath])
        ),
        "nproc_extra": limits.nproc,
        "home": str(home),
        "log": str(log) if log is not None else None,
        "env_keep": list(ENV_KEEP),
        "env": {"PYTHONPATH": joined} if joined else {},
        "own_namespaces": own_namespaces,
        "slots": list(slots),
    }
    return policy


def write_policy(policy_file: Path, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Write the :func:`make_policy` of ARGS and KWARGS to POLICY_FILE, for a launcher run with
    that file's name (the tests'; the sandbox hands its kernels the policy in the environment)."""
    policy = make_policy(*args, **kwargs)
    policy_file.write_text(json.dumps(policy, indent=1))
    return policy


def write_kernelspec(
    jupyter_path: Path,
    policy: dict[str, Any],
    fork_socket: Path | None,
    walls: list[str] = (),
    kernel_uid: int | None = None,
    name: str = KERNEL_NAME,
    slot: int = 0,
) -> None:
    """Write the kernelspec NAME under JUPYTER_PATH, whose launcher applies POLICY.

    With FORK_SOCKET, kernels are asked of the fork server listening there, for SLOT.
    WALLS is the :func:`~.walls.bwrap_command` prefix the launcher runs behind (empty:
    none); with KERNEL_UID, the connection file is handed to that user (:mod:`.provisioner`).
    """
    spec_dir = jupyter_path / "kernels" / name
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec: dict[str, Any] = {
        "argv": [
            *walls,
            sys.executable,
            "-S",
            "-E",
            str(LAUNCHER),
            FROM_ENVIRONMENT,
            "--",
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
        ],
        "display_name": "Python 3 (grading sandbox)",
        "language": "python",
        "interrupt_mode": "signal",
        # jupyter_client substitutes ${NAME} in the kernelspec's env (string.Template): $$ is a $
        "env": {POLICY_VARIABLE: json.dumps(policy).replace("$", "$$")},
    }
    if fork_socket is not None or kernel_uid is not None:
        spec["metadata"] = {
            "kernel_provisioner": {
                "provisioner_name": provisioner.PROVISIONER_NAME,
                "config": {
                    "socket": str(fork_socket or ""),
                    "kernel_uid": -1 if kernel_uid is None else kernel_uid,
                    "slot": slot,
                },
            }
        }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
