"""The kernel launcher on its own: a real ``python -S -E launcher.py POLICY -- ARGS`` process.

The launched program (in place of ipykernel) writes what it finds about itself to
a file, since the launcher points its stdin and stdout at /dev/null.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from nncourse.grading.sandbox import UID_RANGE, Limits
from nncourse.grading.sandbox.kernelspec import LAUNCHER, write_policy

LIMITS = Limits(memory_mb=512, address_space_mb=1536, cpu_seconds=77, nproc=40, fsize_mb=8, nofile=99)
REPORT = """
import json, os, resource, sys
names = ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CORE", "RLIMIT_NPROC")
facts = {
    "limits": {n: resource.getrlimit(getattr(resource, n)) for n in names},
    "uid": os.getuid(),
    "env": dict(os.environ),
    "umask": os.umask(0),
    "stdin": os.readlink("/proc/self/fd/0"),
    "stdout": os.readlink("/proc/self/fd/1"),
}
print("to the log", file=sys.stderr)
with open(sys.argv[1], "w") as fh:
    json.dump(facts, fh)
"""


def _launch(folder: Path, uid: int | None) -> tuple[dict, str]:
    """Run REPORT through the launcher with a policy for UID; its facts and its stderr log."""
    home = folder / "home"
    home.mkdir()
    if uid is not None:
        os.chown(home, uid, uid)
    policy = folder / "policy.json"
    write_policy(policy, LIMITS, uid, home, folder / "kernel.log", [])
    facts = folder / "facts.json"
    env = {**os.environ, "NNCOURSE_KEPT": "yes", "AWS_SECRET_ACCESS_KEY": "not for students"}
    subprocess.run(
        [sys.executable, "-S", "-E", str(LAUNCHER), str(policy), "--", "-c", REPORT, str(facts)],
        env=env, check=True, timeout=60,
    )
    return json.loads(facts.read_text()), (folder / "kernel.log").read_text()


@pytest.fixture
def folder():
    """A folder any user may write (a private uid cannot enter pytest's 0700 tmp folders)."""
    path = Path(tempfile.mkdtemp(prefix="nncourse-launcher-test-"))
    os.chmod(path, 0o777)
    yield path
    subprocess.run(["rm", "-rf", str(path)], check=True)


def test_the_policy_holds_in_the_launched_program(folder):
    facts, log = _launch(folder, uid=None)
    limits = {name: tuple(pair) for name, pair in facts["limits"].items()}
    mib = 1024 * 1024
    assert limits["RLIMIT_AS"] == (1536 * mib, 1536 * mib)  # soft = hard: the student cannot raise it
    assert limits["RLIMIT_CPU"] == (77, 77)
    assert limits["RLIMIT_FSIZE"] == (8 * mib, 8 * mib)
    assert limits["RLIMIT_NOFILE"] == (99, 99)
    assert limits["RLIMIT_CORE"] == (0, 0)
    # without a private uid the process limit is relative to the user's current processes
    assert limits["RLIMIT_NPROC"][0] > LIMITS.nproc
    assert facts["umask"] == 0o077
    assert facts["stdin"] == facts["stdout"] == os.devnull
    assert "to the log" in log


def test_the_environment_is_filtered_and_points_at_the_private_home(folder):
    facts, _ = _launch(folder, uid=None)
    env = facts["env"]
    assert env["NNCOURSE_KEPT"] == "yes" and "AWS_SECRET_ACCESS_KEY" not in env
    home = str(folder / "home")
    assert env["HOME"] == env["TMPDIR"] == home
    assert env["MPLCONFIGDIR"] == f"{home}/.matplotlib" and env["IPYTHONDIR"] == f"{home}/.ipython"
    assert env["OPENBLAS_NUM_THREADS"] == "1" and env["PYTHONNOUSERSITE"] == "1"


@pytest.mark.skipif(os.geteuid() != 0, reason="switching to a private user needs root")
def test_as_root_the_program_runs_as_the_private_user_with_the_process_limit(folder):
    uid = UID_RANGE[0] + 4242
    facts, _ = _launch(folder, uid=uid)
    assert facts["uid"] == uid
    assert tuple(facts["limits"]["RLIMIT_NPROC"]) == (LIMITS.nproc, LIMITS.nproc)
