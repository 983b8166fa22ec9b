"""The course copy a grading run works in, and what its gradebook says about the assignment.

:func:`prepare_course` copies the course's ``nbgrader_config.py`` and
``source/`` (the assignment's folder and the top-level files, e.g. headers) into
a temporary folder and runs the real ``nbgrader generate_assignment`` there,
which writes the release notebooks and a fresh gradebook. Nothing is written
into the course folder itself.

:func:`read_layout` reads the assignment's notebooks and graded cells back from
that gradebook.
"""

from __future__ import annotations

import ast
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbgrader
from nbgrader.api import Gradebook

from .integrity.cheats import python_source
from .integrity.hidden import hidden_lines
from .nbconfig import CONFIG_FILE, load_course_config


class CourseError(RuntimeError):
    """The course or assignment cannot be prepared for grading."""


def nbgrader_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for processes that run nbgrader: this venv's ``bin`` first on PATH.

    nbgrader runs ``alembic`` by name when it creates a gradebook.
    """
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra or {})
    return env


@dataclass(frozen=True)
class GradedCell:
    """A graded cell of the assignment."""

    grade_id: str
    max_points: float
    autograded: bool
    """False for manually graded answers (solution cells with points)."""


@dataclass(frozen=True)
class NotebookLayout:
    """One notebook of the assignment as the gradebook records it."""

    name: str
    cells: tuple[GradedCell, ...]
    cell_ids: frozenset[str]
    """Every tracked cell id (solution, graded, locked)."""
    hidden: frozenset[str] = field(default_factory=frozenset)
    """Lines of the notebook's hidden tests (see :func:`.integrity.hidden.hidden_lines`)."""
    test_names: frozenset[str] = field(default_factory=frozenset)
    """Names read by its test cells (for the shadowing check of :mod:`.cheats`)."""
    test_imports: frozenset[str] = field(default_factory=frozenset)
    """The top-level packages its test cells import (``import solutions``, ``from solutions.x import f``)."""

    @property
    def max_points(self) -> float:
        return sum(cell.max_points for cell in self.cells)


@dataclass(frozen=True)
class Course:
    """A prepared course copy."""

    root: Path
    assignment: str
    notebooks: dict[str, NotebookLayout]

    @property
    def release_dir(self) -> Path:
        """The released (student) notebooks of the assignment."""
        cfg = load_course_config(self.root)
        return self.root / cfg.CourseDirectory.get("release_directory", "release") / self.assignment

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"

    @property
    def gradebook(self) -> Path:
        return self.root / "gradebook.db"

    @property
    def max_points(self) -> float:
        return sum(nb.max_points for nb in self.notebooks.values())


def _source_directory(course_source: Path) -> str:
    cfg = load_course_config(course_source)
    return cfg.CourseDirectory.get("source_directory", "source")


def _cache_key(course_source: Path, source_dir: str, assignment: str) -> str:
    """Hash of everything generate_assignment reads: the config, the sources, nbgrader's version."""
    digest = hashlib.sha256(f"{assignment}\0{nbgrader.__version__}\0".encode())
    files = [course_source / CONFIG_FILE] if (course_source / CONFIG_FILE).exists() else []
    files += sorted(p for p in (course_source / source_dir).rglob("*")
                    if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts)
    for path in files:
        digest.update(str(path.relative_to(course_source)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def source_fingerprint(course_source: Path, assignment: str) -> str:
    """Hash of what ``generate_assignment`` reads for ASSIGNMENT (config, sources, nbgrader's version)."""
    course_source = Path(course_source).resolve()
    return _cache_key(course_source, _source_directory(course_source), assignment)


def cache_root() -> Path | None:
    """Where generated courses are kept between runs (NNCOURSE_CACHE=off disables)."""
    setting = os.environ.get("NNCOURSE_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    return Path(setting) if setting else Path.home() / ".cache" / "nncourse" / "generated"


def prepare_course(course_source: Path, assignment: str, root: Path) -> Course:
    """A course folder at ROOT with ASSIGNMENT generated, as nbgrader generate_assignment makes it.

    Generating costs ~15 s (most of it nbgrader creating a gradebook), so the
    result is cached under :func:`cache_root`, keyed by a hash of the config and
    every source file: any change to them generates afresh.
    """
    course_source = Path(course_source).resolve()
    cache = cache_root()
    if cache is None:
        return _generate(course_source, assignment, root)
    cached = cache / _cache_key(course_source, _source_directory(course_source), assignment)
    if not (cached / "gradebook.db").exists():
        building = Path(tempfile.mkdtemp(prefix="building-", dir=_mkdir(cache)))
        try:
            _generate(course_source, assignment, building / "course")
            (building / "course").rename(cached)  # atomic: a concurrent run may win, which is fine
        except OSError:
            if not (cached / "gradebook.db").exists():
                raise
        finally:
            shutil.rmtree(building, ignore_errors=True)
    shutil.copytree(cached, root, dirs_exist_ok=True)
    return read_layout(root, assignment)


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _generate(course_source: Path, assignment: str, root: Path) -> Course:
    """Copy COURSE_SOURCE's config and sources to ROOT and generate ASSIGNMENT there."""
    source_dir = _source_directory(course_source)
    source = course_source / source_dir
    if not (source / assignment).is_dir():
        raise CourseError(f"no assignment folder {source / assignment}")
    root = Path(root)
    (root / source_dir).mkdir(parents=True, exist_ok=True)
    if (course_source / CONFIG_FILE).exists():
        shutil.copy(course_source / CONFIG_FILE, root / CONFIG_FILE)
    for entry in source.iterdir():
        if entry.is_file():
            shutil.copy(entry, root / source_dir / entry.name)
    shutil.copytree(
        source / assignment,
        root / source_dir / assignment,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    root = root.resolve()
    cmd = [
        sys.executable,
        "-m",
        "nbgrader",
        "generate_assignment",
        assignment,
        "--force",
        f"--CourseDirectory.root={root}",
        f"--CourseDirectory.db_url=sqlite:///{root / 'gradebook.db'}",
    ]
    done = subprocess.run(cmd, cwd=root, env=nbgrader_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise CourseError(f"nbgrader generate_assignment failed:\n{done.stdout}\n{done.stderr}")
    return read_layout(root, assignment)


def _tree(source: str) -> ast.AST | None:
    try:
        return ast.parse(python_source(source))
    except SyntaxError:
        return None


def _names_read(source: str) -> set[str]:
    tree = _tree(source)
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} if tree else set()


def _packages_imported(source: str) -> set[str]:
    """The top-level packages SOURCE imports (absolute imports only)."""
    tree = _tree(source)
    found = set()
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def unseen_imports(course: Course, course_source: Path, visible: tuple[str, ...]) -> dict[str, list[str]]:
    """The notebooks whose test cells import a package of the course folder (COURSE_SOURCE/<name>/ or
    <name>.py) that the kernels do not see (not in VISIBLE), with those packages."""
    local = {name for name in set().union(*(nb.test_imports for nb in course.notebooks.values()))
             if (course_source / name).is_dir() or (course_source / f"{name}.py").is_file()}
    unseen = local - set(visible)
    return {name: sorted(nb.test_imports & unseen) for name, nb in course.notebooks.items()
            if nb.test_imports & unseen}


def read_layout(root: Path, assignment: str) -> Course:
    """The layout of ASSIGNMENT from the gradebook in ROOT."""
    root = Path(root).resolve()
    notebooks: dict[str, NotebookLayout] = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        record = gb.find_assignment(assignment)
        for nb in sorted(record.notebooks, key=lambda n: n.name):
            order = {cell.name: i for i, cell in enumerate(nb.source_cells)}
            sources = {cell.name: cell.source or "" for cell in nb.source_cells}
            solutions = {cell.name for cell in nb.solution_cells}
            graded = sorted(nb.grade_cells, key=lambda c: order.get(c.name, len(order)))
            cells = tuple(GradedCell(c.name, float(c.max_score), c.name not in solutions) for c in graded)
            tests = [sources[c.name] for c in graded if c.name not in solutions and c.cell_type == "code"]
            names: set[str] = set()
            imported: set[str] = set()
            for test in tests:
                names |= _names_read(test)
                imported |= _packages_imported(test)
            notebooks[nb.name] = NotebookLayout(
                name=nb.name,
                cells=cells,
                cell_ids=frozenset(sources),
                hidden=frozenset(hidden_lines(tests)),
                test_names=frozenset(names),
                test_imports=frozenset(imported),
            )
    if not notebooks:
        raise CourseError(f"assignment {assignment!r} has no notebooks")
    return Course(root=root, assignment=assignment, notebooks=notebooks)
