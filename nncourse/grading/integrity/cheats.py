"""Static scan of a submission's student cells for attempts to game the grader.

A flagged submission is still graded; the flags go to the instructor (results
and ``grades.csv``), not to the student's feedback. The exception: a notebook flagged
``monkeypatch`` or ``integrity`` changed the checks themselves, and ``forfeit.py`` scores its
test cells 0 with the reason. The scan reads the cells a
student may edit (solution cells and cells without nbgrader metadata) after
IPython's own input transformation (so ``!cmd`` and ``%magic`` are seen as the
calls they become), and flags:

``reads_reference``
    imports a reference package (``solutions``), or names it in a string.
``reads_grader_files``
    names the gradebook, the instructor's folders, notebook files or nbgrader.
``monkeypatch``
    assigns to, deletes or ``setattr``s something inside ``autograder``,
    ``numpy.testing``, numpy's comparison functions, ``builtins`` or
    ``sys.modules``.
``shadows_test_name``
    rebinds a name the test cells use that is not the student's to define: a
    builtin (``abs``, ``len``...) or a name imported by a locked cell (``np``).
``custom_equality``
    defines a class with comparison or numpy-dispatch methods (``__eq__``,
    ``__array_ufunc__``...), a way to pass equality checks with any value.
``dynamic_code``
    ``exec``/``eval``/``compile``/``__import__``/``importlib``/frame or
    ``gc`` introspection, ``ctypes``: ways around a static scan.
``shell``
    runs shell commands (``!cmd``, ``os.system``, ``subprocess``).

Flags from the graded notebook rather than the scan (:func:`runtime_flags`):

``integrity``
    a test cell printed a line of ``RUNTIME_MARKERS``: the course's check
    library found its comparison helpers replaced while the tests ran.
``reads_hidden_tests``
    a student cell's output holds lines of the hidden tests, found by content
    (``integrity/reference.py``): IPython's history printed back, for instance.
``reads_reference``, ``reads_grader_files``, ``network``, ``spawns_process``, ``ctypes``, ``audit_channel``,
``changes_hidden_inputs``
and ``monkeypatch`` at run time (a check's code replaced, a module of the installation shadowed)
    the runtime audit (``integrity/audit_hook.py``, in the kernel) saw the
    attempt while the notebook ran, whatever its spelling; the detail starts
    with "at run time:". Its findings are in the notebook's metadata
    (``integrity/audit.py``).
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterable
from dataclasses import dataclass

from nbformat import NotebookNode

from .audit import METADATA_KEY as AUDIT_METADATA_KEY

PROTECTED = (
    "autograder",
    "numpy.testing",
    "numpy.allclose",
    "numpy.isclose",
    "numpy.array_equal",
    "numpy.array_equiv",
    "numpy.all",
    "numpy.any",
    "numpy.abs",
    "builtins",
    "__builtins__",
    "sys.modules",
    "math.isclose",
    "unittest",
)
# Strings (not docstrings) that name the grader's files: gradebook, notebooks, nbgrader's folders.
GRADER_PATTERNS = {
    "the gradebook": re.compile(r"gradebook|[\w-]\.(db|sqlite3?)\b"),
    "a notebook file": re.compile(r"\.ipynb\b"),
    "nbgrader": re.compile(r"\bnbgrader\b"),
    "an instructor folder": re.compile(r"(^|[/\\.])(autograded|submitted|release|source)[/\\]"),
    "the hidden tests' marker": re.compile(r"begin hidden tests"),
}
DYNAMIC_CALLS = {"exec", "eval", "compile", "__import__", "globals"}
DYNAMIC_MODULES = ("importlib", "ctypes", "gc", "inspect", "pickle", "marshal", "types")
SHELL = (
    "os.system",
    "os.popen",
    "subprocess",
    "get_ipython.system",
    "get_ipython.getoutput",
    "pty",
    "os.exec",
    "os.spawn",
)
COMPARISON_DUNDERS = {
    "__eq__",
    "__ne__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__bool__",
    "__array_ufunc__",
    "__array_function__",
    "__array__",
    "__float__",
    "__abs__",
}
RUNTIME_MARKERS = ("⚠ autograder integrity:",)
"""Line prefixes the check library prints when it finds tampering (its ``INTEGRITY_PREFIX``)."""
_BUILTINS = set(dir(builtins)) - {"_", "__doc__", "__name__", "__package__", "__spec__", "__loader__"}


@dataclass(frozen=True)
class Flag:
    """One suspicious finding."""

    code: str
    cell: int
    detail: str

    def to_json(self) -> dict:
        return {"code": self.code, "cell": self.cell, "detail": self.detail}


def python_source(source: str) -> str:
    """SOURCE after IPython's input transformation (magics and ``!`` become calls)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:
        return source


def _dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a Name/Attribute chain (calls like ``get_ipython()`` keep their name)."""
    parts = []
    while isinstance(node, ast.Attribute | ast.Call):
        if isinstance(node, ast.Call):
            node = node.func
            continue
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def _aliases(trees: Iterable[ast.AST]) -> dict[str, str]:
    """Local name -> full module path, from the imports in TREES."""
    aliases: dict[str, str] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        aliases[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        aliases[top] = top
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def _resolve(name: str | None, aliases: dict[str, str]) -> str:
    if not name:
        return ""
    head, _, rest = name.partition(".")
    full = aliases.get(head, head)
    return f"{full}.{rest}" if rest else full


def _within(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _bound_names(node: ast.AST) -> set[str]:
    """Names a statement binds at cell level."""
    names: set[str] = set()
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        names.add(node.name)
    elif isinstance(node, ast.Import | ast.ImportFrom):
        names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    for target in [*getattr(node, "targets", []), getattr(node, "target", None)]:
        if target is not None:
            names |= {
                n.id for n in ast.walk(target) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
            }
    return names


class _CellScan:
    """Findings in one student cell."""

    def __init__(
        self, cell: int, aliases: dict[str, str], secret: tuple[str, ...], protected_names: set[str]
    ):
        self.cell, self.aliases, self.secret, self.protected_names = cell, aliases, secret, protected_names
        self.flags: list[Flag] = []

    def flag(self, code: str, detail: str) -> None:
        if not any(f.code == code and f.detail == detail for f in self.flags):
            self.flags.append(Flag(code, self.cell, detail))

    def scan(self, tree: ast.AST) -> list[Flag]:
        self.docstrings = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        for node in ast.walk(tree):
            self._imports(node)
            self._strings(node)
            self._assignments(node)
            self._calls(node)
            if isinstance(node, ast.ClassDef):
                dunders = {
                    item.name
                    for item in node.body
                    if isinstance(item, ast.FunctionDef | ast.Assign)
                    and getattr(item, "name", None) in COMPARISON_DUNDERS
                }
                if dunders:
                    self.flag("custom_equality", f"class {node.name} defines {', '.join(sorted(dunders))}")
        for stmt in getattr(tree, "body", []):
            for name in sorted(_bound_names(stmt) & self.protected_names):
                self.flag("shadows_test_name", f"rebinds '{name}', which the tests use")
        return self.flags

    def _imports(self, node: ast.AST) -> None:
        modules = []
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module]
        for module in modules:
            if _within(module, self.secret):
                self.flag("reads_reference", f"imports {module}")
            if _within(module, DYNAMIC_MODULES):
                self.flag("dynamic_code", f"imports {module}")
            if _within(module, ("nbgrader", "nbformat")):
                self.flag("reads_grader_files", f"imports {module}")
            if _within(module, ("subprocess", "pty")):
                self.flag("shell", f"imports {module}")

    def _strings(self, node: ast.AST) -> None:
        if (
            not (isinstance(node, ast.Constant) and isinstance(node.value, str))
            or id(node) in self.docstrings
        ):
            return
        text = node.value.lower()
        for secret in self.secret:
            if re.search(
                rf"(^\s*{re.escape(secret)}(\.|/|$))|/{re.escape(secret)}/|\b{re.escape(secret)}\.py\b", text
            ):
                self.flag("reads_reference", f"names {secret!r} in a string")
        for what, pattern in GRADER_PATTERNS.items():
            if pattern.search(text):
                self.flag("reads_grader_files", f"names {what} in a string")

    def _assignments(self, node: ast.AST) -> None:
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            base = target.value if isinstance(target, ast.Subscript) else target
            if isinstance(base, ast.Name) and not isinstance(target, ast.Subscript):
                continue  # plain names: see shadows_test_name
            name = _resolve(_dotted(base), self.aliases)
            if _within(name, PROTECTED) or name.split(".")[0] == "__builtins__":
                self.flag("monkeypatch", f"changes {name}")

    def _calls(self, node: ast.AST) -> None:
        if not isinstance(node, ast.Call):
            return
        name = _resolve(_dotted(node.func), self.aliases)
        if name in ("setattr", "delattr") and node.args:
            target = _resolve(_dotted(node.args[0]), self.aliases)
            if _within(target, PROTECTED):
                self.flag("monkeypatch", f"{name} on {target}")
        if name in DYNAMIC_CALLS:
            self.flag("dynamic_code", f"calls {name}")
        if _within(name, SHELL) or name.startswith(("os.exec", "os.spawn")):
            self.flag("shell", f"calls {name}")
        if name.endswith(("__dict__.update", "__setattr__")):
            self.flag("monkeypatch", f"calls {name}")


def _is_student_cell(cell: NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader")
    return cell.get("cell_type") == "code" and (not meta or bool(meta.get("solution")))


def without_baseline(flags: list[Flag], baseline: list[Flag]) -> list[Flag]:
    """FLAGS minus those the released notebook itself raises (its starter code)."""
    known = {(f.code, f.detail) for f in baseline}
    return [f for f in flags if (f.code, f.detail) not in known]


def scan_notebook(
    nb: NotebookNode, *, secret_packages: Iterable[str] = ("solutions",), test_names: Iterable[str] = ()
) -> list[Flag]:
    """The flags of NB's student cells. TEST_NAMES: the names the notebook's test cells read."""
    secret = tuple(secret_packages)
    parsed: list[tuple[int, ast.AST | None, bool]] = []
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        try:
            tree = ast.parse(python_source(cell.source))
        except SyntaxError:
            tree = None
        parsed.append((index + 1, tree, _is_student_cell(cell)))
    locked_trees = [tree for _, tree, student in parsed if tree is not None and not student]
    locked_imports = set(_aliases(locked_trees))
    aliases = _aliases(tree for _, tree, _ in parsed if tree is not None)
    protected_names = set(test_names) & (_BUILTINS | locked_imports)
    flags: list[Flag] = []
    for cell, tree, student in parsed:
        if not student:
            continue
        if tree is None:
            continue  # a syntax error fails on its own
        flags += _CellScan(cell, aliases, secret, protected_names).scan(tree)
    return flags


def _cell_of(nb: NotebookNode, count: int | None) -> int:
    """The 1-based index of NB's cell that ran as execution COUNT (0: not known)."""
    cells = [i + 1 for i, c in enumerate(nb.cells) if count is not None and c.get("execution_count") == count]
    return cells[-1] if cells else 0


def audit_flags(nb: NotebookNode) -> list[Flag]:
    """The runtime audit's findings kept in NB's metadata, one flag per route, detail and cell."""
    flags: list[Flag] = []
    for found in nb.get("metadata", {}).get(AUDIT_METADATA_KEY, []):
        flag = Flag(str(found.get("route")), _cell_of(nb, found.get("count")),
                    f"at run time: {found.get('detail', '')}")
        if flag not in flags:
            flags.append(flag)
    return flags


def runtime_flags(nb: NotebookNode, markers: tuple[str, ...] = RUNTIME_MARKERS) -> list[Flag]:
    """``integrity`` flags for the marker lines (see :data:`RUNTIME_MARKERS`) in NB's outputs,
    and the runtime audit's flags (:func:`audit_flags`)."""
    flags: list[Flag] = audit_flags(nb)
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") != "stream":
                continue
            for line in output.get("text", "").splitlines():
                flag = Flag("integrity", index + 1, line.strip())
                if line.startswith(markers) and flag not in flags:
                    flags.append(flag)
    return flags
