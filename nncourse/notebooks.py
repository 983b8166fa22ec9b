"""The course's notebooks as data: where they live, their blanks, their graded cells.

One place that knows the layout, used by the instructor commands and the tests.
"""

import ast
import shutil
from pathlib import Path

import nbformat

from autograder.blanks import notebooks
from nncourse.grading.course import GradedCell
from nncourse.grading.integrity.hidden import HIDDEN_BEGIN, HIDDEN_END

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "neural_networks"
SOURCE_DIR = ROOT / "source" / ASSIGNMENT
RELEASE_DIR = ROOT / "notebooks" / ASSIGNMENT
CONFIG = ROOT / "nbgrader_config.py"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = f"### {HIDDEN_BEGIN}", f"### {HIDDEN_END}"

#: notebook name -> the ``solutions`` module that mirrors it (from the registry of blanks)
SOLUTION_MODULES = notebooks()


def notebook_names(source_dir: Path = SOURCE_DIR) -> list[str]:
    """The assignment's notebooks, in teaching order (names without .ipynb)."""
    return sorted(p.stem for p in source_dir.glob("*.ipynb"))


def read(path: Path) -> nbformat.NotebookNode:
    """Read a notebook as nbformat v4."""
    return nbformat.read(str(path), as_version=4)


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def solution_cells(nb) -> list:
    """Code cells holding a blank (nbgrader solution cells)."""
    return [c for c in nb.cells if c.cell_type == "code" and nbgrader_meta(c).get("solution")]


def graded_cells(name: str, nb=None) -> list[GradedCell]:
    """The graded cells of one notebook, in order (as the grading engine records them)."""
    nb = nb if nb is not None else read(SOURCE_DIR / f"{name}.ipynb")
    return [GradedCell(meta["grade_id"], float(meta["points"]), not meta.get("solution", False))
            for meta in map(nbgrader_meta, nb.cells) if meta.get("grade")]


def points_table() -> dict[str, list[GradedCell]]:
    """notebook -> its graded cells, for every notebook of the assignment."""
    return {name: graded_cells(name) for name in notebook_names()}


def strip_markers(source: str) -> str:
    """A solution cell's code with the BEGIN/END SOLUTION marker lines removed."""
    return "\n".join(line for line in source.splitlines() if line.strip() not in (BEGIN, END))


def region_text(source: str) -> str:
    """Only the lines between the solution markers (what students must write)."""
    lines, inside = [], False
    for line in source.splitlines():
        if line.strip() == BEGIN:
            inside = True
        elif line.strip() == END:
            inside = False
        elif inside:
            lines.append(line)
    return "\n".join(lines)


def definitions(code: str) -> dict[str, str]:
    """Top-level functions and assigned names of some code, as comparable AST dumps.

    Docstrings are dropped (notebooks may word them differently); for a name
    assigned several times the last assignment counts.
    """
    found = {}
    for node in ast.parse(code).body:
        if isinstance(node, ast.FunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                body = body[1:]
            found[node.name] = ast.dump(ast.FunctionDef(
                name=node.name, args=node.args, body=body, decorator_list=node.decorator_list,
                returns=node.returns, type_params=[]))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = ast.dump(node.value)
    return found


def copy_course(dest: Path, notebooks: list[str] | None = None) -> Path:
    """A throwaway nbgrader course folder: the config and (some of) the source notebooks.

    The config locates everything relative to its own folder, so the copy is
    self-contained. Returns ``dest``.
    """
    src = dest / "source" / ASSIGNMENT
    src.mkdir(parents=True, exist_ok=True)
    shutil.copy(CONFIG, dest / CONFIG.name)
    for name in notebooks or notebook_names():
        shutil.copy(SOURCE_DIR / f"{name}.ipynb", src / f"{name}.ipynb")
    return dest


def with_solution(nb, grade_id: str, code: str):
    """A copy of ``nb`` whose solution cell ``grade_id`` holds ``code`` instead."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if nbgrader_meta(cell).get("grade_id") == grade_id:
            cell.source = code
            return nb
    raise KeyError(f"no cell {grade_id!r} in the notebook")


def solved_release(name: str, source_dir: Path = SOURCE_DIR, release_dir: Path = RELEASE_DIR):
    """The student notebook ``name`` with every blank filled in from the source notebook.

    This is what a perfect student hands in: the released cells (no hidden
    tests) and the reference code in each solution cell.
    """
    answers = {nbgrader_meta(c)["grade_id"]: c.source
               for c in solution_cells(read(source_dir / f"{name}.ipynb"))}
    nb = read(release_dir / f"{name}.ipynb")
    for cell in solution_cells(nb):
        cell.source = answers[nbgrader_meta(cell)["grade_id"]]
    return nb


def write_submission(folder: Path, notebooks: dict[str, object]) -> Path:
    """Write {name: notebook} as one student's ``<folder>/<assignment>/<name>.ipynb``."""
    dest = folder / ASSIGNMENT
    dest.mkdir(parents=True, exist_ok=True)
    for name, nb in notebooks.items():
        nbformat.write(nb, str(dest / f"{name}.ipynb"))
    return folder
