"""`nncourse release`: student notebooks current, and a bundle that leaks nothing."""

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
from leaks import flat, hidden_test_lines, secret_solution_lines, variant_bodies
from nbclient import NotebookClient
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from autograder.blanks import notebooks
from autograder.kernel_client import PromptKernelManager
from nncourse import lock, release
from nncourse import notebooks as nbs
from solutions.alternatives import ALTERNATIVES
from solutions.mistakes import MISTAKES

pytestmark = pytest.mark.nbgrader


def nncourse(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "nncourse", *args], capture_output=True, text=True,
                          cwd=cwd)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "students"
    done = nncourse("release", "--check", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def bundle_texts(folder) -> dict[str, str]:
    texts = {}
    for path in folder.rglob("*"):
        if path.is_file():
            raw = path.read_bytes().decode("utf-8", errors="replace")
            if path.suffix == ".ipynb":
                raw = "\n".join("".join(c["source"]) for c in json.loads(raw)["cells"])
            texts[str(path.relative_to(folder))] = flat(raw)
    return texts


def leaked(secret: set[str], text: str) -> bool:
    """More than half of a region's secret lines (one, for a one-line region) appear in ``text``."""
    lines = set(text.splitlines())
    return bool(secret) and 2 * len(secret & lines) > len(secret)


def test_check_says_up_to_date_and_bundle_has_what_students_need(bundle):
    names = sorted(p.name for p in bundle.glob("*.ipynb"))
    assert names == sorted(p.name for p in nbs.RELEASE_DIR.glob("*.ipynb"))
    assert (bundle / "autograder" / "checks" / "__init__.py").exists()
    for module in notebooks().values():  # every notebook's known values, from the registry of blanks
        assert (bundle / "autograder" / "fixtures" / f"{module}.npz").exists(), module
    assert (bundle / "README.md").exists() and (bundle / "requirements.txt").exists()
    assert not list(bundle.rglob("__pycache__"))


def test_bundle_pins_the_lock_and_every_course_dependency(bundle):
    """requirements.txt is the lock's student share, and pins each of pyproject's dependencies in range."""
    pins = lock.read_pins((bundle / "requirements.txt").read_text())
    assert pins == lock.read_pins(lock.student_requirements())
    project = tomllib.loads((nbs.ROOT / "pyproject.toml").read_text())["project"]
    versions = {canonicalize_name(pin.name): pin.version for pin in pins}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in versions, f"{name} is a course dependency but the bundle does not pin it"
        assert requirement.specifier.contains(versions[name]), (name, versions[name], line)


def test_bundle_holds_no_solution_code_hidden_tests_or_catalogue(bundle):
    texts = bundle_texts(bundle)
    assert not [p for p in texts if p.startswith(("solutions", "nncourse")) or ("mistake" in p
                and p.endswith(".py"))]
    leaks = [(gid, path) for gid, lines in secret_solution_lines().items()
             for path, text in texts.items() if leaked(lines, text)]
    assert not leaks, leaks[:5]
    hidden = [(line, path) for line in hidden_test_lines() for path, text in texts.items()
              if line in text]
    assert not hidden, hidden[:5]
    variants = [(v.id, path) for v in MISTAKES + ALTERNATIVES for body in variant_bodies(v)
                for path, text in texts.items() if body in text and not path.endswith(".ipynb")]
    assert not variants, variants[:5]


def test_the_leak_search_finds_a_planted_solution(bundle, tmp_path):
    planted = tmp_path / "copy"
    release.write_bundle(bundle, planted)
    region = nbs.region_text(nbs.solution_cells(nbs.read(nbs.SOURCE_DIR / "05_backprop.ipynb"))[0].source)
    (planted / "autograder" / "notes.py").write_text(region)
    texts = bundle_texts(planted)
    assert leaked(secret_solution_lines()["05_backprop/backward"], texts["autograder/notes.py"])
    assert not leaked(secret_solution_lines()["05_backprop/backward"], texts["autograder/gradcheck.py"])


def test_bundle_notebook_runs_on_the_bundled_autograder(bundle):
    nb = nbs.read(bundle / "01_perceptron.ipynb")
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                   kernel_manager_class=PromptKernelManager,
                   resources={"metadata": {"path": str(bundle)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors and errors[0].ename == "NotImplementedError", errors[:1]
    where = nncourse("--help", cwd=bundle)  # the CLI itself is not in the bundle...
    assert where.returncode == 0
    probe = subprocess.run([sys.executable, "-c", "import autograder; print(autograder.__file__)"],
                           cwd=bundle, capture_output=True, text=True, check=True)
    assert probe.stdout.startswith(str(bundle)), probe.stdout  # ...but its autograder is what runs


def test_stale_notebooks_are_named(tmp_path):
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for path in nbs.RELEASE_DIR.glob("*.ipynb"):
        (fresh / path.name).write_text(path.read_text())
    nb = nbformat.read(str(fresh / "03_losses.ipynb"), as_version=4)
    nb.cells[0].source += "\nAn edit."
    nbformat.write(nb, str(fresh / "03_losses.ipynb"))
    (fresh / "01_perceptron.ipynb").unlink()
    assert release.stale(fresh) == ["01_perceptron.ipynb", "03_losses.ipynb"]


def test_bundle_refuses_to_overwrite_other_folders(tmp_path):
    (tmp_path / "thesis.tex").write_text("precious")
    with pytest.raises(FileExistsError):
        release.write_bundle(nbs.RELEASE_DIR, tmp_path)
    assert (tmp_path / "thesis.tex").read_text() == "precious"


def test_the_bundle_s_validate_finds_the_bundled_kernel_client(bundle, tmp_path):
    """Validate reads the bundle's nbgrader_config.py; the client it names comes from the bundle."""
    probe = (
        "import inspect\n"
        "from traitlets.config.loader import PyFileConfigLoader\n"
        "from traitlets.utils.importstring import import_item\n"
        f"cfg = PyFileConfigLoader('nbgrader_config.py', path={str(bundle)!r}).load_config()\n"
        "print(inspect.getfile(import_item(cfg.AsyncKernelManager.client_class)))"
    )
    run = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert Path(run.stdout.strip()).is_relative_to(bundle / "autograder"), run.stdout


def test_validate_in_the_bundle_shows_a_hint_whole(bundle, tmp_path):
    """nbgrader validate cuts each line at Validator.width (90) unless the bundle's config widens it."""
    nb = nbs.read(bundle / "01_perceptron.ipynb")
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "perceptron":
            cell.source = "def perceptron(x, w, b):\n    return 1 if np.dot(w, x) - b >= 0 else 0\n"
    nbformat.write(nb, str(bundle / "wrong_perceptron.ipynb"))
    try:
        nbgrader = str(Path(sys.executable).parent / "nbgrader")
        done = subprocess.run([nbgrader, "validate", "wrong_perceptron.ipynb"], cwd=bundle,
                              capture_output=True, text=True, timeout=300)
    finally:
        (bundle / "wrong_perceptron.ipynb").unlink()
    hints = [line.strip() for line in done.stdout.splitlines() if line.strip().startswith("Hint:")]
    assert hints and all(line.endswith("]") and "[mistake: " in line for line in hints), done.stdout
    assert max(len(line) for line in hints) > 90  # long enough that the default width would cut it
