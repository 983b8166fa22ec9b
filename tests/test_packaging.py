"""Students get `autograder` only: the wheel never carries solutions or instructor code."""

import subprocess
import sys
import zipfile

import pytest

from autograder.blanks import notebooks


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, repo_root):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
                    str(repo_root)], check=True, capture_output=True)
    (path,) = out.glob("*.whl")
    return path


def test_wheel_holds_autograder_only(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"autograder"}, top
    assert {f"autograder/fixtures/{module}.npz" for module in notebooks().values()} <= set(names)
    assert not [n for n in names if "solutions" in n or "nncourse/" in n or ("mistake" in n.lower()
                and n.endswith(".py"))]


def test_editable_install_sees_both_packages():
    import autograder
    import solutions

    assert autograder.__file__ and solutions.__file__
