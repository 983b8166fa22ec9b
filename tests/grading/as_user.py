"""The real ``nncourse grade`` run as an unprivileged user (tests only): a grader that is not root."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

import toycourse

from nncourse.grading.sandbox import walls


def grade_as(uid: int, base: Path, subs: Path, out: Path, course: Path, *, home: Path, tmp: Path,
             flags: tuple[str, ...] = (), assignment: str = toycourse.ASSIGNMENT) -> None:
    """The real ``nncourse grade`` of SUBS into OUT, run as the unprivileged user UID (HOME its home,
    TMP its TMPDIR), every file of BASE handed to it. The grader's interpreter may live under root's
    home (pyenv in /root): the user gets a mount namespace where ``/root`` holds only that, so it
    can run it; it keeps no capability (``setpriv``)."""
    gid = pwd.getpwuid(uid).pw_gid
    for path in [base, *base.rglob("*")]:
        os.lchown(path, uid, gid)
    needed = dict.fromkeys([*walls.python_installation(), str(toycourse.REPO)])
    under_root = [folder for folder in needed if folder == "/root" or folder.startswith("/root/")]
    made = {"/root"}  # the folders above each bound one made 0755, as the kernel's walls make them
    command = [
        "bwrap", "--dev-bind", "/", "/", "--perms", "0755", "--tmpfs", "/root",
        *[arg for folder in under_root for arg in walls.bind("--ro-bind", folder, made)],
        "--die-with-parent", "--",
        "setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--inh-caps=-all", "--",
        str(Path(sys.executable).parent / "nncourse"), "grade", str(subs), "--out", str(out),
        "--course", str(course), "--assignment", assignment, "--workers", "1", "--timeout", "30",
        *flags,
    ]
    env = {"HOME": str(home), "TMPDIR": str(tmp), "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
           "LANG": os.environ.get("LANG", "C.UTF-8"), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    run = subprocess.run(command, env=env, cwd=base, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"nncourse grade as uid {uid}: {run.returncode}\n{run.stdout}\n{run.stderr}"
