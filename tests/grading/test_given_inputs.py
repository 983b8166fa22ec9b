"""The hidden checks' inputs cannot be changed by a kernel, by any route: a wall, not a scan.

The grader draws the hidden checks' inputs and hands them to the kernel in a file
(``integrity/reference.py``). The audit hook refuses every way Python has of changing it, but a
child process or ``ctypes`` is not Python: in the second outside test of 2026-12-02 a perfect 04
whose first cell rewrote the file from a shell lost its hidden checks' points (flagged only
``spawns_process``). Behind the walls the file is now the grader's, in a folder of the grader's
(``Sandbox.give``): a private user cannot write, rename, remove or re-mode it however it tries.

One run of the real ``nncourse grade`` on the real 04 for each case: behind the walls, where every
attempt fails and the student keeps full marks, and with ``--unsafe-no-sandbox`` (no walls), where
the same attempts succeed and the hidden checks fail: the test could not pass without the wall.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from as_user import grade_as

from nncourse.notebooks import ASSIGNMENT, ROOT, graded_cells, solved_release, with_solution, write_submission

pytestmark = pytest.mark.nbgrader

NOTEBOOK = "04_forward_pass"
FIRST_BLANK = "init_params"
MARK = "GIVEN-INPUTS:"

#: every attempt runs outside the audit hook's reach (a shell, libc), then says what became of the
#: file; the student's answers are the reference's, so only the file can cost them points
ATTEMPTS = r'''
import ctypes, json, os, subprocess
_path = os.environ["NNCOURSE_HIDDEN_INPUTS"]
_folder = os.path.dirname(_path)
_before = open(_path).read()
_said = {}
def _shell(name, script):
    run = subprocess.run(["/bin/sh", "-c", script, "sh", _path, _folder], capture_output=True)
    _said[name] = run.returncode == 0
_shell("overwrite", 'printf "{}" > "$1"')
_shell("append", 'printf "x" >> "$1"')
_shell("chmod", 'chmod 666 "$1"')
_shell("remove_and_replace", 'rm -f "$1" && printf "{}" > "$1"')
_shell("rename", 'mv "$1" "$1.moved"')
_shell("folder_renamed", 'mv "$2" "$2.moved" && mkdir "$2" && printf "{}" > "$1"')
_shell("truncate", 'truncate -s 0 "$1"')
_libc = ctypes.CDLL(None, use_errno=True)
_fd = _libc.open(_path.encode(), os.O_WRONLY | os.O_TRUNC)
_said["libc_open_for_writing"] = _fd >= 0
_said["libc_unlink"] = _libc.unlink(_path.encode()) == 0
_now = open(_path).read() if os.path.exists(_path) else None
print("__MARK__" + json.dumps({"changed": sorted(k for k, v in _said.items() if v),
                               "same": _now == _before}))
'''.replace("__MARK__", MARK)


def _grade(root: Path, *flags: str, user: int | None = None) -> tuple[dict, Path]:
    """The two students graded by the real ``nncourse grade`` into ROOT/out (as USER: see as_user)."""
    perfect = solved_release(NOTEBOOK)
    solution = next(c.source for c in perfect.cells
                    if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == FIRST_BLANK)
    subs = root / "submissions"
    write_submission(subs / "aa_perfect", {NOTEBOOK: perfect})
    write_submission(subs / "ab_changes_the_inputs",
                     {NOTEBOOK: with_solution(perfect, FIRST_BLANK, ATTEMPTS + solution)})
    out = root / "out"
    if user is not None:
        home, tmp = root / "home", root / "tmp"
        home.mkdir()
        tmp.mkdir()
        grade_as(user, root, subs, out, ROOT, home=home, tmp=tmp, flags=flags, assignment=ASSIGNMENT)
        return json.loads((out / "results.json").read_text())["students"], out
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    command = [sys.executable, "-m", "nncourse", "grade", str(subs), "--out", str(out),
               "--workers", "1", "--timeout", "30", *flags]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return json.loads((out / "results.json").read_text())["students"], out


def _printed(out: Path) -> dict:
    path = out / "autograded" / "ab_changes_the_inputs" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            text = "".join(output.get("text", ""))
            if MARK in text:
                return json.loads(re.search(re.escape(MARK) + r"(.*)", text).group(1))
    raise AssertionError("the attempts printed nothing: did the cell run?")


@pytest.fixture(scope="module")
def walled(tmp_path_factory) -> tuple[dict, Path]:
    if os.geteuid() != 0:
        pytest.skip("the private user of each kernel needs a grader that is root")
    return _grade(tmp_path_factory.mktemp("walled"))


@pytest.fixture(scope="module")
def not_root() -> tuple[dict, Path]:
    """Behind the walls, graded as ``nobody``: each kernel runs as the grader's own uid, so it owns
    what the grader writes; its walls bind the given file's folder read-only."""
    if os.geteuid() != 0:
        pytest.skip("running the grader as another user needs root (CI runs as root: there this runs)")
    base = Path(tempfile.mkdtemp(prefix="nncourse-given-not-root-"))  # pytest's temp folder is root's, 0700
    try:
        os.chmod(base, 0o755)
        yield _grade(base, user=pwd.getpwnam("nobody").pw_uid)
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def unwalled(tmp_path_factory) -> tuple[dict, Path]:
    return _grade(tmp_path_factory.mktemp("unwalled"), "--unsafe-no-sandbox")


def _entry(results: dict, student: str) -> dict:
    return results[student]["notebooks"][NOTEBOOK]


FULL = sum(cell.max_points for cell in graded_cells(NOTEBOOK))


def _unchanged_at_full_marks(results: dict, out: Path) -> None:
    assert _printed(out) == {"changed": [], "same": True}
    entry = _entry(results, "ab_changes_the_inputs")
    assert entry["score"] == FULL, [c["message"][:300] for c in entry["cells"]]
    codes = {f["code"] for f in entry["flags"]}
    assert {"spawns_process", "ctypes"} <= codes, entry["flags"]
    assert "monkeypatch" not in codes, entry["flags"]
    assert _entry(results, "aa_perfect")["score"] == FULL


def test_no_route_outside_python_changes_the_hidden_inputs_behind_the_walls(walled, unwalled):
    """Behind the walls a shell and libc change nothing of the file (and the student keeps full
    marks); without them the same attempts rewrite it (the test can fail)."""
    _unchanged_at_full_marks(*walled)
    results, out = unwalled
    printed = _printed(out)
    assert "overwrite" in printed["changed"] and not printed["same"], printed
    assert _entry(results, "ab_changes_the_inputs")["score"] < FULL
    assert _entry(results, "aa_perfect")["score"] == FULL


def test_a_grader_that_is_not_root_gives_the_same_wall(not_root):
    """A grader that is not root runs its kernels as itself (the file is the kernel's uid's too):
    the kernel's walls bind the file's folder read-only, so the same attempts change nothing."""
    _unchanged_at_full_marks(*not_root)
