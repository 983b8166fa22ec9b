"""The import graph of nncourse/, read with ast: no cycles, and the engine imports no course code.

Every ``import`` counts, also those inside functions (a lazy import still ties two
modules together). An edge goes to the module named, or for ``from P import N`` to
the submodule ``P.N`` when there is one, else to ``P``. Importing ``a.b.c`` also runs ``a`` and
``a.b``'s ``__init__``; those implicit edges are left out, as import tools do,
since a package importing its own modules is what packages are for.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "nncourse"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((ROOT / PACKAGE).rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of KNOWN that module NAME (file PATH) imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            # `from P import N`: the submodule P.N when there is one, else P (N is a name in P)
            targets = [f"{stem}.{a.name}" if f"{stem}.{a.name}" in known else stem for a in node.names]
        else:
            continue
        for target in targets:
            # `import a.b.c` names a.b.c; keep the longest prefix that is one of ours
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the nncourse modules it imports."""
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of GRAPH as a path ``[a, b, ..., a]``, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_graph_is_read_at_all():
    graph = import_graph()
    assert "nncourse.demo" in graph["nncourse.cli"]  # a lazy import, inside a function
    assert "nncourse.grading.sandbox" in graph["nncourse.grading.execute"]  # from . import sandbox
    assert "nncourse.grading.schedule.protocol" in graph["nncourse.grading.schedule.worker"]


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_nncourse_has_no_import_cycles():
    assert find_cycle(import_graph()) is None


@pytest.mark.parametrize("module", sorted(m for m in _modules() if m.startswith("nncourse.grading")))
def test_the_grading_engine_imports_neither_autograder_nor_solutions(module):
    path = _modules()[module]
    for node in ast.walk(ast.parse(path.read_text())):
        names = (
            [a.name for a in node.names] if isinstance(node, ast.Import)
            else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
            else []
        )
        assert not any(n.split(".")[0] in ("autograder", "solutions") for n in names), (module, names)
