"""A small nbgrader course for testing the grading engine (tests and benchmarks only).

``build_course(root)`` writes a course folder shaped like the real one: the
repository's ``nbgrader_config.py``, ``source/<assignment>/`` with two notebooks
carrying nbgrader metadata (solution cells, graded test cells with points and a
hidden test block that imports the reference package ``toy_solutions``).

``release(root)`` runs the real ``nbgrader generate_assignment`` and
``submission(...)`` fills the released notebooks' blanks with chosen answers to
make a student's submission.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
ASSIGNMENT = "toy_nn"
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"

REFERENCE = '''"""Reference answers of the toy assignment (never shown to students)."""

import numpy as np


def add(a, b):
    return a + b


def square(x):
    return x * x


def mean(x):
    return float(np.mean(x))


def normalize(x):
    x = np.asarray(x, dtype=float)
    return x / np.linalg.norm(x)
'''

#: The right answer of every solution cell, by grade id.
GOOD = {
    "add": "def add(a, b):\n    return a + b",
    "square": "def square(x):\n    return x * x",
    "mean": "def mean(x):\n    return float(np.mean(x))",
    "normalize": "def normalize(x):\n    x = np.asarray(x, dtype=float)\n    return x / np.linalg.norm(x)",
}
#: Answers that pass the visible tests but not the hidden ones.
SHALLOW = {
    "add": "def add(a, b):\n    return 3",
    "square": "def square(x):\n    return x * 2",
}


def _nb(cells: list, name: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = cells
    return nb


def _meta(
    grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False, points: float = 0
) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _solution(grade_id: str) -> nbformat.NotebookNode:
    body = GOOD[grade_id].splitlines()
    src = "\n".join([body[0], "    ### BEGIN SOLUTION", *body[1:], "    ### END SOLUTION"])
    return nbformat.v4.new_code_cell(src, metadata=_meta(grade_id, solution=True))


def _test(grade_id: str, points: float, visible: str, hidden: str) -> nbformat.NotebookNode:
    src = f"{visible}\n### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS"
    return nbformat.v4.new_code_cell(src, metadata=_meta(grade_id, grade=True, locked=True, points=points))


def _locked(grade_id: str, src: str, markdown: bool = False) -> nbformat.NotebookNode:
    make = nbformat.v4.new_markdown_cell if markdown else nbformat.v4.new_code_cell
    return make(src, metadata=_meta(grade_id, locked=True))


def notebooks() -> dict[str, nbformat.NotebookNode]:
    """The instructor (source) notebooks of the toy assignment, by file name."""
    basics = _nb(
        [
            _locked("intro", "# Basics\nWrite `add` and `square`.", markdown=True),
            _locked("imports", "import numpy as np"),
            _solution("add"),
            _test(
                "test_add",
                1,
                "assert add(1, 2) == 3",
                "from toy_solutions import add as ref\nassert add(5, 7) == ref(5, 7)",
            ),
            _solution("square"),
            _test(
                "test_square",
                2,
                "assert square(2) == 4",
                "from toy_solutions import square as ref\nassert square(3) == ref(3)",
            ),
        ],
        "01_basics",
    )
    vectors = _nb(
        [
            _locked("intro2", "# Vectors", markdown=True),
            _locked("imports2", "import numpy as np"),
            _solution("mean"),
            _test(
                "test_mean",
                2,
                "assert mean([1, 2, 3]) == 2.0",
                "import toy_solutions\nassert mean([4, 6]) == toy_solutions.mean([4, 6])",
            ),
            _solution("normalize"),
            _test(
                "test_normalize",
                1,
                "assert np.allclose(normalize([3, 4]), [0.6, 0.8])",
                "import toy_solutions as ref\nassert np.allclose(normalize([1, 1]), ref.normalize([1, 1]))",
            ),
        ],
        "02_vectors",
    )
    return {"01_basics.ipynb": basics, "02_vectors.ipynb": vectors}


def build_course(root: Path, assignment: str = ASSIGNMENT) -> Path:
    """Write the toy course folder at ROOT and return ROOT."""
    root = Path(root)
    src = root / "source" / assignment
    src.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    for name, nb in notebooks().items():
        nbformat.write(nb, src / name)
    (root / "toy_solutions").mkdir(exist_ok=True)
    (root / "toy_solutions" / "__init__.py").write_text(REFERENCE)
    return root


def release(root: Path, assignment: str = ASSIGNMENT) -> Path:
    """Run the real ``nbgrader generate_assignment`` in ROOT; return the release folder."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force"],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    return Path(root) / "notebooks" / assignment


def submission(release_dir: Path, answers: Mapping[str, str] = GOOD) -> dict[str, nbformat.NotebookNode]:
    """The released notebooks with each solution cell in ANSWERS filled in, by file name."""
    out = {}
    for path in sorted(Path(release_dir).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in answers:
                cell.source = answers[grade_id]
        out[path.name] = nb
    return out


def write_student(folder: Path, notebooks_by_name: Mapping[str, nbformat.NotebookNode]) -> Path:
    """Write a student's notebooks into FOLDER (created)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, nb in notebooks_by_name.items():
        nbformat.write(nb, folder / name)
    return folder


def gradebook_scores(db: Path, assignment: str = ASSIGNMENT) -> dict:
    """(student, notebook, grade id) -> (auto score, needs manual grade), from the gradebook DB."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{db}") as gb:
        return {
            (student.id, nb.name, grade.name): (grade.auto_score, grade.needs_manual_grade)
            for student in gb.students
            for nb in gb.find_submission(assignment, student.id).notebooks
            for grade in nb.grades
        }
