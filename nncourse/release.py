"""``nncourse release``: regenerate the student notebooks, check them, bundle them for students.

The student notebooks are made by the real ``nbgrader generate_assignment``
in a throwaway course folder, so releasing never writes a gradebook into the
repository.
"""

import json
import shutil
import tempfile
from pathlib import Path

from nncourse import lock
from nncourse import notebooks as nbs
from nncourse.grading.course import prepare_course

BUNDLE_MARKER = ".nncourse-bundle"
ENVIRONMENT = "~/nn-course-env"
# nbgrader's JupyterLab plugins for instructors (and for an exchange, which the bundle does
# not use); only Validate stays.  Its server extensions for them go too.
INSTRUCTOR_PLUGINS = ("create-assignment", "formgrader", "course-list", "assignment-list", "menu")
INSTRUCTOR_SERVER_EXTENSIONS = ("formgrader", "course_list", "assignment_list")
INSTALL_COMMANDS = [
    f"python3 -m venv {ENVIRONMENT}",
    f". {ENVIRONMENT}/bin/activate",
    "python -m pip install -r requirements.txt",
    "jupyter labextension disable --level=sys_prefix "
    + " ".join(f"@jupyter/nbgrader:{name}" for name in INSTRUCTOR_PLUGINS),
    *(f"jupyter server extension disable --sys-prefix nbgrader.server_extensions.{name}"
      for name in INSTRUCTOR_SERVER_EXTENSIONS),
]
INSTALL_HEADING = "## Install (once)"
STUDENT_README = f"""\
# Neural networks from scratch: your notebooks

{INSTALL_HEADING}

You need Python 3.11 or newer. In a terminal, in this folder, make an environment for the
course and install into it the exact versions the course was tested with:

```sh
{chr(10).join(INSTALL_COMMANDS)}
```

On Windows, make the environment with `py -m venv %USERPROFILE%\\nn-course-env` and activate
it with `%USERPROFILE%\\nn-course-env\\Scripts\\activate`; the other lines are the same.
The last lines hide nbgrader's instructor tools, which you do not need; its Validate button stays.

## Work

1. Each time, activate the environment (`. {ENVIRONMENT}/bin/activate`) and start JupyterLab
   in this folder:  `jupyter lab`
2. Open `01_perceptron.ipynb` and work through the notebooks in order.

Each exercise is a cell marked `# YOUR CODE HERE`: replace `raise NotImplementedError()`
with your code, then run the check cell below it. A passing check prints a line starting
with ✓; a failing one says what it expected and what it got. **Validate** in the notebook's
toolbar runs every check of the notebook. The `autograder` folder holds those checks; keep it
next to the notebooks.
"""

# nbgrader's Validate runs the notebook with nbclient, which can sleep through a cell's reply
# for its whole timeout (autograder/kernel_client.py); Validate reads this file from the folder
# JupyterLab was started in.  The server does not have that folder on its path: the file puts it
# there, so that the bundled autograder is found.
STUDENT_NBGRADER_CONFIG = """\
\"\"\"nbgrader settings for the Validate button (read from the folder where you start JupyterLab).\"\"\"

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the autograder folder beside it

c = get_config()  # noqa: F821 - given by nbgrader when it reads this file
c.AsyncKernelManager.client_class = "autograder.kernel_client.PromptKernelClient"
# Validate cuts every line of a failure at Validator.width (90 by default) with "...": a check's
# hint and its [mistake: ...] tag are longer, so the lines are shown whole
c.Validator.width = 10_000
"""


def install_commands(readme: str) -> list[str]:
    """The shell commands of the install section of a bundle README (its first ``sh`` block)."""
    section = readme.split(INSTALL_HEADING, 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


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

    The requirements pin the students' share of uv.lock (see ``nncourse.lock``).

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
    (out / "nbgrader_config.py").write_text(STUDENT_NBGRADER_CONFIG)
    (out / "requirements.txt").write_text(lock.student_requirements())
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
