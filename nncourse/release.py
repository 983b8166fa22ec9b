"""``nncourse release``: regenerate the student notebooks, check them, bundle them for students.

The student notebooks are made by the real ``nbgrader generate_assignment``
in a throwaway course folder, so releasing never writes a gradebook into the
repository.
"""

import json
import shutil
import tempfile
from pathlib import Path

from nncourse import notebooks as nbs
from nncourse.grading.course import prepare_course

BUNDLE_MARKER = ".nncourse-bundle"
STUDENT_README = """\
# Neural networks from scratch: your notebooks

1. Install the packages (once):  `pip install -r requirements.txt`
2. Start JupyterLab in this folder:  `jupyter lab`
3. Open `01_perceptron.ipynb` and work through the notebooks in order.

Each exercise is a cell marked `# YOUR CODE HERE`: replace `raise NotImplementedError()`
with your code, then run the check cell below it. A passing check prints a line starting
with ✓; a failing one says what it expected and what it got. The `autograder` folder holds
those checks; keep it next to the notebooks.
"""
REQUIREMENTS = "numpy\nmatplotlib\nipywidgets\njupyterlab\n"


def generate(workdir: Path) -> Path:
    """The student notebooks as nbgrader generate_assignment makes them, in a course copy.

    Returns the new release folder (under ``workdir``); the repository is not touched.
    """
    course = prepare_course(nbs.ROOT, nbs.ASSIGNMENT, workdir / "course")
    return course.release_dir


def stale(fresh: Path, committed: Path = nbs.RELEASE_DIR) -> list[str]:
    """Names of notebooks that differ between two release folders (missing ones included)."""
    names = sorted({p.name for p in fresh.glob("*.ipynb")} | {p.name for p in committed.glob("*.ipynb")})
    out = []
    for name in names:
        a, b = fresh / name, committed / name
        if not (a.exists() and b.exists()) or json.loads(a.read_text()) != json.loads(b.read_text()):
            out.append(name)
    return out


def write_bundle(release: Path, out: Path) -> Path:
    """Write the student bundle: notebooks, the autograder package, a README, requirements.

    Refuses to overwrite a non-empty folder that is not an earlier bundle.
    """
    if out.exists() and any(out.iterdir()) and not (out / BUNDLE_MARKER).exists():
        raise FileExistsError(f"{out} is not empty and not an nncourse bundle; choose another --out")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for notebook in sorted(release.glob("*.ipynb")):
        shutil.copy(notebook, out / notebook.name)
    package = nbs.ROOT / "autograder"
    shutil.copytree(package, out / "autograder", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (out / "README.md").write_text(STUDENT_README)
    (out / "requirements.txt").write_text(REQUIREMENTS)
    (out / BUNDLE_MARKER).write_text("made by nncourse release --out\n")
    return out


def release(out: Path | None = None, check: bool = False) -> int:
    """Regenerate notebooks/ (or, with ``check``, only compare); optionally write a bundle."""
    with tempfile.TemporaryDirectory(prefix="nncourse-release-") as tmp:
        print(f"generating the student notebooks from {nbs.SOURCE_DIR.relative_to(nbs.ROOT)}/ ...",
              flush=True)
        fresh = generate(Path(tmp))
        differ = stale(fresh)
        if check:
            if differ:
                print(f"stale: {', '.join(differ)}\nrun `nncourse release` and commit notebooks/")
                return 1
            print(f"notebooks/{nbs.ASSIGNMENT}/ is up to date ({len(list(fresh.glob('*.ipynb')))} notebooks)")
        else:
            if nbs.RELEASE_DIR.exists():
                shutil.rmtree(nbs.RELEASE_DIR)
            shutil.copytree(fresh, nbs.RELEASE_DIR)
            status = f"updated: {', '.join(differ)}" if differ else "unchanged"
            print(f"wrote notebooks/{nbs.ASSIGNMENT}/ ({status})")
        if out is not None:
            write_bundle(fresh, out)
            print(f"student bundle: {out} (notebooks, autograder/, README.md, requirements.txt)")
    return 0
