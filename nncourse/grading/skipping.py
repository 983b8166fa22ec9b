"""Which ``skip-when-grading`` cells a notebook may safely leave out at grading time.

An instructor tags a cell :data:`~.status.SKIP_TAG` when it only draws or prints
(a plot, a demo, an explorer): grading does not need it, and running it costs
seconds per student. Leaving it out is safe only when nothing after it depends on
it, so this module decides it from the code, statically, with :mod:`ast`:

* a tagged cell must be a locked instructor cell (``locked``, not graded, not a
  solution): the student cannot change what it does, and it scores nothing;
* the names it *affects* are every name it binds at the notebook's top level
  (assignments, augmented and annotated ones, ``del``, ``for`` / ``with`` /
  ``except`` / ``match`` targets, walrus, ``def`` / ``class``, imports,
  ``global`` declarations in its functions), plus the base name of every
  attribute or item it stores into (``params["W1"] = ...`` changes ``params``);
* no later cell that still runs may mention one of them (a load, a store into it,
  a ``del``, a ``global``, anywhere in the cell, functions included);
* IPython ``%`` magics and ``!`` shell lines, ``from m import *`` and code that
  does not parse are not reasoned about: a cell tagged with them is refused, and
  a later cell with them blocks every skip before it.

What the static check cannot see (a function that changes its argument in place,
the global random generator) is covered by ``nncourse validate``, which grades the
solutions with and without skipping and requires the same score on every cell.

The grader (:mod:`.execute`) asks :func:`skippable` about each submitted notebook
and runs a tagged cell anyway when the student's own later cells use one of its
names; ``nncourse validate`` reports :func:`problems` on the source notebooks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass

from nbformat import NotebookNode

from .status import SKIP_TAG


class Unanalysable(ValueError):
    """A cell whose code the static check does not reason about (magics, shell lines, ``import *``)."""


@dataclass(frozen=True)
class SkipProblem:
    """Why tagged cell ``cell`` (1-based position) cannot be skipped, for the instructor."""

    cell: int
    message: str

    def __str__(self) -> str:
        return f"cell {self.cell}: {self.message}"


def is_tagged(cell: NotebookNode) -> bool:
    """Whether CELL carries the ``skip-when-grading`` tag."""
    return SKIP_TAG in cell.get("metadata", {}).get("tags", [])


def _parse(source: str) -> ast.Module:
    """The cell's code as a module; raises :class:`Unanalysable` for IPython syntax or ``import *``."""
    for number, line in enumerate(source.splitlines(), 1):
        if line.lstrip().startswith(("%", "!")):
            raise Unanalysable(f"line {number} is an IPython magic or shell line ({line.strip()[:40]!r})")
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise Unanalysable(f"it does not parse as Python ({exc.msg}, line {exc.lineno})") from exc
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
            raise Unanalysable(f"line {node.lineno} imports * (the names it defines are unknown)")
    return tree


def _target_names(target: ast.AST) -> set[str]:
    """Names a store target affects: ``a``, ``a, *b``, and the base of ``a.x`` / ``a[i]``."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_target_names(t) for t in target.elts)) if target.elts else set()
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    if isinstance(target, (ast.Attribute, ast.Subscript)):
        return _target_names(target.value)
    return set()  # a call or a literal: stores into nothing named


class _Bindings(ast.NodeVisitor):
    """Collects the top-level names a cell affects (see the module docstring)."""

    def __init__(self, inner_globals: bool = True) -> None:
        self.names: set[str] = set()
        self.inner_globals = inner_globals
        """Whether names declared ``global`` in the functions met count (not for a function's locals)."""

    def _targets(self, *targets: ast.AST | None) -> None:
        for target in targets:
            if target is not None:
                self.names |= _target_names(target)

    def visit_Assign(self, node: ast.Assign) -> None:
        self._targets(*node.targets)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign | ast.AnnAssign | ast.For | ast.NamedExpr) -> None:
        """One ``target``: ``x += 1``, ``x: int = 1``, ``for x in`` (async too), ``x := 1``."""
        self._targets(node.target)
        self.generic_visit(node)

    visit_AnnAssign = visit_For = visit_AsyncFor = visit_NamedExpr = visit_AugAssign

    def visit_Delete(self, node: ast.Delete) -> None:
        self._targets(*node.targets)

    def visit_withitem(self, node: ast.withitem) -> None:
        self._targets(node.optional_vars)
        self.generic_visit(node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler | ast.MatchAs | ast.MatchStar) -> None:
        """``except E as name``, ``case P as name``, ``case [*name]``: a plain name, maybe None."""
        if node.name:
            self.names.add(node.name)
        self.generic_visit(node)

    visit_MatchAs = visit_MatchStar = visit_ExceptHandler

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        if node.rest:
            self.names.add(node.rest)
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            self.names.add(alias.asname or alias.name.split(".")[0])

    visit_ImportFrom = visit_Import

    def _scope(self, node: ast.AST) -> None:
        """A function, lambda or class: its own names are local, except those it declares global."""
        if not self.inner_globals:
            return
        for inner in ast.walk(node):
            if isinstance(inner, ast.Global):
                self.names |= set(inner.names)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.names.add(node.name)
        for expression in [*node.decorator_list, *getattr(node, "bases", []),
                           *getattr(getattr(node, "args", None), "defaults", [])]:
            self.visit(expression)  # evaluated in the cell's scope
        self._scope(node)

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._scope(node)


def affected_names(source: str) -> set[str]:
    """The top-level names a cell's code binds or changes (raises :class:`Unanalysable`)."""
    visitor = _Bindings()
    visitor.visit(_parse(source))
    return visitor.names


def mentioned_names(source: str) -> set[str]:
    """Every global name a cell's code may read or change (raises :class:`Unanalysable`).

    Names at the cell's top level count wherever they appear; inside a function or
    lambda, only those that are not its own (parameters and names it binds, unless
    declared ``global``), as Python resolves them.
    """
    return _mentions(_parse(source).body)


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _arguments(args: ast.arguments) -> list[ast.arg]:
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *filter(None, [args.vararg, args.kwarg])]


def _mentions(nodes: list[ast.AST]) -> set[str]:
    """Names NODES mention, functions' own names excepted (see :func:`mentioned_names`)."""
    names: set[str] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, _FUNCTIONS):
            # defaults, decorators and annotations are evaluated where the function is defined
            stack += [*node.args.defaults, *filter(None, node.args.kw_defaults)]
            stack += [*getattr(node, "decorator_list", []), *filter(None, [getattr(node, "returns", None)])]
            stack += [a.annotation for a in _arguments(node.args) if a.annotation]
            names |= _free_names(node)
            continue
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names |= set(node.names)
        stack += ast.iter_child_nodes(node)
    return names


def _free_names(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """The names FUNCTION's body mentions that are not its own locals."""
    body = function.body if isinstance(function.body, list) else [function.body]
    declared: set[str] = set()
    stack = list(body)
    while stack:  # the function's own ``global`` statements (not those of functions inside it)
        node = stack.pop()
        if isinstance(node, ast.Global):
            declared |= set(node.names)
        elif not isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            stack += ast.iter_child_nodes(node)
    binder = _Bindings(inner_globals=False)
    for statement in body:
        binder.visit(statement)
    own = binder.names | {a.arg for a in _arguments(function.args)}
    return (_mentions(body) - own) | declared  # a name declared global is the cell's, bound or not


def tag_refusal(cell: NotebookNode) -> str | None:
    """Why CELL may not carry the tag at all (None: it may)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if cell.cell_type != "code":
        return "it is not a code cell"
    if meta.get("grade") or meta.get("solution"):
        return "it is graded or holds a blank: a graded or student-editable cell always runs"
    if not meta.get("locked"):
        return "it is not locked: the student could put code the later cells need in it"
    return None


def problems(cells: Iterable[NotebookNode]) -> list[SkipProblem]:
    """Every reason why a tagged cell of CELLS could not be skipped (empty: all can be).

    A tagged cell that must run makes the cells it uses needed too, so the set of
    skipped cells shrinks until no running cell after a skipped one mentions a name it
    affects.
    """
    cells = list(cells)
    found: list[SkipProblem] = []
    affected: dict[int, set[str]] = {}
    for index, cell in enumerate(cells):
        if not is_tagged(cell):
            continue
        refusal = tag_refusal(cell)
        if refusal:
            found.append(SkipProblem(index + 1, f"tagged {SKIP_TAG} but {refusal}"))
            continue
        try:
            affected[index] = affected_names(cell.source)
        except Unanalysable as exc:
            found.append(SkipProblem(index + 1, f"the static check does not reason about it: {exc}"))
    mentions: dict[int, set[str] | Unanalysable] = {}
    for index, cell in enumerate(cells):
        if cell.cell_type == "code":
            try:
                mentions[index] = mentioned_names(cell.source)
            except Unanalysable as exc:
                mentions[index] = exc
    skipped = set(affected)
    changed = True
    while changed:
        changed = False
        for index in sorted(skipped):
            reasons = _reasons(index, affected[index], mentions, skipped)
            if reasons:
                found += reasons
                skipped.discard(index)
                changed = True
    return sorted(found, key=lambda p: p.cell)


def _reasons(index: int, affected: set[str], mentions: dict[int, set[str] | Unanalysable],
             skipped: set[int]) -> list[SkipProblem]:
    """Why skipping cell INDEX is unsafe while the cells SKIPPED are left out."""
    reasons = []
    for later, names in sorted(mentions.items()):
        if later <= index or later in skipped:
            continue
        if isinstance(names, Unanalysable):
            reasons.append(SkipProblem(index + 1, f"cell {later + 1}, after it, is not analysable ({names})"))
            continue
        for name in sorted(affected & names):
            reasons.append(
                SkipProblem(index + 1, f"it defines or changes {name!r}, which cell {later + 1} uses"))
    return reasons


def skippable(cells: Iterable[NotebookNode]) -> set[int]:
    """The 0-based positions of the tagged cells that may be left out of this notebook."""
    cells = list(cells)
    blocked = {p.cell - 1 for p in problems(cells)}
    return {i for i, cell in enumerate(cells) if is_tagged(cell) and i not in blocked}
