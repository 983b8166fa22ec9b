"""uv.lock agrees with pyproject.toml, and the check that says so fails when they part.

`uv lock --locked` is uv's own check (``make venv`` runs it too, through ``uv sync --locked``):
it fails when the lock was made from other requirements than pyproject.toml's, or when a
locked version falls outside them.  A lock that matches is checked ``--offline``: that needs
nothing but the lock.  A lock that does not match makes uv resolve again, which reads the
index's metadata; ``make venv`` fetches the locked wheels by URL only, so on a fresh machine
uv's cache has none of it, and those checks go to the package registry (reachable here).
"""

import shutil
import subprocess

import pytest

from nncourse import lock


def uv_lock_check(folder, offline: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([lock.uv_command(), "lock", "--locked", *(["--offline"] if offline else [])],
                          cwd=folder, capture_output=True, text=True)


def test_lock_matches_pyproject(repo_root):
    done = uv_lock_check(repo_root)
    assert done.returncode == 0, f"uv.lock does not match pyproject.toml: run `make lock`\n{done.stderr}"


@pytest.mark.parametrize(("old", "new", "named"), [
    ('"numpy>=1.26",', '"numpy>=1.26",\n    "rich>=13",', "needs to be updated"),  # one the lock lacks
    ('"numpy>=1.26"', '"numpy>=99"', "numpy"),  # the locked numpy outside the range
    ('"ipykernel>=6.29,<7"', '"ipykernel>=6.29,<6.32"', "needs to be updated"),  # a range changed
    ('    "nbclient>=0.10",\n', "", "needs to be updated"),  # a dependency dropped
])
def test_check_fails_when_pyproject_and_lock_disagree(repo_root, tmp_path, old, new, named):
    for name in ("pyproject.toml", "uv.lock", "README.md"):
        shutil.copy(repo_root / name, tmp_path / name)
    pyproject = (repo_root / "pyproject.toml").read_text()
    assert old in pyproject
    (tmp_path / "pyproject.toml").write_text(pyproject.replace(old, new, 1))
    done = uv_lock_check(tmp_path, offline=False)
    assert done.returncode != 0 and named in done.stderr, done.stderr


def test_read_pins_takes_exact_pins_with_hashes_and_markers():
    text = ("# a comment\nnumpy==2.4.6 ; python_full_version < '3.12' \\\n"
            "    --hash=sha256:00 \\\n    --hash=sha256:11\n    # via matplotlib\nsix==1.17.0\n")
    pins = lock.read_pins(text)
    assert pins == [lock.Pin("numpy", "2.4.6", 'python_full_version < "3.12"'), lock.Pin("six", "1.17.0")]
    assert pins[0].applies({"python_full_version": "3.11.7"})
    assert not pins[0].applies({"python_full_version": "3.12.1"})


@pytest.mark.parametrize("line", ["ipykernel", "ipykernel>=6.29,<7", "ipykernel==6.31.0,<7", "not a pin!"])
def test_read_pins_refuses_anything_but_one_exact_version(line):
    with pytest.raises(ValueError):
        lock.read_pins(line + "\n")
