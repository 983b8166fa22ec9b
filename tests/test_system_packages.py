""".ci/install-system-packages: silent when everything is installed; one clear line when it cannot install.

The "cannot install" case runs the script as a user who is not root and has no sudo (root
runs it as ``nobody``; anyone else runs it with no sudo on PATH), with a list naming a
package that does not exist, so the real packages are never touched.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

SCRIPT = ".ci/install-system-packages"
TOOLS = ("bash", "dpkg-query", "sed", "id", "dirname", "env")


def test_nothing_to_do_prints_nothing_and_costs_nothing(repo_root):
    start = time.monotonic()
    done = subprocess.run([str(repo_root / SCRIPT)], capture_output=True, text=True)
    seconds = time.monotonic() - start
    assert (done.returncode, done.stdout, done.stderr) == (0, "", ""), (done, f"{seconds:.2f} s")


def test_without_root_or_sudo_it_says_what_to_run(repo_root):
    # Not pytest's tmp_path: `nobody` must reach it (pytest's base folder is private).
    with tempfile.TemporaryDirectory() as folder:
        run_without_root(repo_root, Path(folder))


def run_without_root(repo_root: Path, tmp_path: Path) -> None:
    (tmp_path / "packages.txt").write_text("# a comment\nnncourse-no-such-package  # why\n")
    bin_dir = tmp_path / "bin"  # the tools the script uses, and no sudo
    bin_dir.mkdir()
    for tool in TOOLS:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    tmp_path.chmod(0o755)
    env = {"PATH": str(bin_dir), "SYSTEM_PACKAGES_FILE": str(tmp_path / "packages.txt")}
    command = [str(bin_dir / "bash"), str(repo_root / SCRIPT)]
    if os.geteuid() == 0:
        command = [shutil.which("runuser"), "-u", "nobody", "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    assert done.returncode == 1, done
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"missing Debian packages: nncourse-no-such-package; install them as root: sudo {repo_root / SCRIPT}"]
