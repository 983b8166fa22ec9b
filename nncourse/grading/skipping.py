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
  attribute or item it stores into (``params["W1"] = ...`` changes ``params``),
  plus IPython's history (``_``, ``Out``, ``_i``...), rebound after every cell;
* no later cell that still runs may *read* one of them before binding it itself
  (:func:`early_reads`). A later cell is followed statement by statement, in
  execution order, at its top level: ``fig, ax = plt.subplots()`` followed by
  ``ax.plot(...)`` reads nothing of the skipped cell's ``ax``. A name counts as
  bound only where every path binds it: a loop's body and target may run zero
  times, an ``if`` binds what both branches bind, a ``try`` or ``with`` body
  may stop at any statement, a ``match`` case may not match, ``x += 1`` and
  ``del x`` read ``x`` (unless bound before), a ``del`` unbinds; a walrus never
  counts as a binding. A function or lambda defined in the later cell reads its
  free names (and the names it declares ``global``) where it is defined: it may
  be called at any time after that, and only a name bound before the definition
  is safe for every call. A class body reads every name it mentions;
* no running cell *before* the skipped one may define a function or lambda that
  reads one of them when called (:func:`deferred_reads`): a later cell may call it;
* IPython ``%`` magics and ``!`` shell lines, ``from m import *``, code that reads
  names dynamically (``globals``, ``locals``, ``vars``, ``dir``, ``eval``,
  ``exec``, IPython's ``_3`` / ``_i3`` by cell number, which a skip shifts) and
  code that does not parse are not reasoned about: a cell tagged
  with them is refused, and any other running cell with them blocks every skip
  of the notebook (after it: it may read anything; before it: it may define
  anything).

What the static check cannot see (a function that changes its argument in place,
the global random generator) is covered by ``nncourse validate``, which grades the
solutions with and without skipping and requires the same score on every cell.

The grader (:mod:`.execute`) asks :func:`skippable` about each submitted notebook
and runs a tagged cell anyway when the student's own later cells use one of its
names; ``nncourse validate`` reports :func:`problems` on the source notebooks.
"""

from __future__ import annotations

import ast
import re
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
        if isinstance(node, ast.Name) and node.id in DYNAMIC_ACCESS:
            raise Unanalysable(f"line {node.lineno} uses {node.id} (it reads or binds names by string)")
        if isinstance(node, ast.Name) and re.fullmatch(r"_i?\d+", node.id):
            raise Unanalysable(f"line {node.lineno} uses {node.id} (IPython's history by cell number, "
                               "which a skipped cell shifts)")
    return tree


DYNAMIC_ACCESS = frozenset({"globals", "locals", "vars", "dir", "eval", "exec"})
"""Built-ins that read or bind global names the code does not spell out."""


def _target_names(target: ast.AST, bases: bool = True) -> set[str]:
    """Names a store target affects: ``a``, ``a, *b``, and (with BASES) the base of ``a.x`` / ``a[i]``.

    Without BASES: only the names it binds outright (a store into ``a[i]`` does not bind ``a``).
    """
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_target_names(t, bases) for t in target.elts)) if target.elts else set()
    if isinstance(target, ast.Starred):
        return _target_names(target.value, bases)
    if bases and isinstance(target, (ast.Attribute, ast.Subscript)):
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


IPYTHON_HISTORY = frozenset({"_", "__", "___", "_i", "_ii", "_iii", "_ih", "_oh", "In", "Out"})
"""Names IPython rebinds after every cell it runs (its last value, its inputs): a skipped cell
changes them too."""


def affected_names(source: str) -> set[str]:
    """The top-level names a cell's code binds or changes, IPython's history included
    (raises :class:`Unanalysable`)."""
    visitor = _Bindings()
    visitor.visit(_parse(source))
    return visitor.names | IPYTHON_HISTORY


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _arguments(args: ast.arguments) -> list[ast.arg]:
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *filter(None, [args.vararg, args.kwarg])]


def _mentions(nodes: list[ast.AST]) -> set[str]:
    """Every name NODES mention, loads and stores alike, except the own names of the functions in them.

    Names at their top level count wherever they appear; inside a function or lambda,
    only those that are not its own (parameters and names it binds, unless declared
    ``global``), as Python resolves them.
    """
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
        if isinstance(node, _COMPREHENSIONS):
            # its variables are its own, except in its first iterable, evaluated outside it
            first, *rest = node.generators
            stack.append(first.iter)
            inner = [*(g.target for g in node.generators), *first.ifs,
                     *(part for g in rest for part in (g.iter, *g.ifs)),
                     *(part for part in (getattr(node, "elt", None), getattr(node, "key", None),
                                         getattr(node, "value", None)) if part is not None)]
            names |= _mentions(inner) - set().union(*(_plain_names(g.target) for g in node.generators))
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


def _expression_reads(node: ast.AST | None) -> set[str]:
    """The global names evaluating NODE (an expression, or a statement's expressions) may read.

    A lambda reads its free names (it may be called at once); a comprehension's own
    variables are its own, except in its first iterable, evaluated outside it.
    """
    names: set[str] = set()
    stack = [node] if node is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Lambda):
            stack += [*node.args.defaults, *filter(None, node.args.kw_defaults)]
            names |= _free_names(node)
        elif isinstance(node, _COMPREHENSIONS):
            names |= _mentions([node])
        elif isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Store):  # a walrus's target: a store, never counted bound
                names.add(node.id)
        else:
            stack += ast.iter_child_nodes(node)
    return names


def _plain_names(target: ast.AST) -> set[str]:
    """The names a store target binds outright: ``a`` and ``a, *b``, not ``a.x`` or ``a[i]``."""
    return _target_names(target, bases=False)


def _deleted(nodes: list[ast.AST]) -> set[str]:
    """The names a ``del`` or ``except ... as`` anywhere in NODES may unbind (functions excepted)."""
    names: set[str] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Delete):
            names |= set().union(*(_plain_names(t) for t in node.targets))
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)  # Python deletes it when the handler ends
        if not isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            stack += ast.iter_child_nodes(node)
    return names


class _ReadsBeforeBinding:
    """Follows a cell's top-level statements in execution order (see :func:`early_reads`).

    Each ``_<statement>`` method takes the names bound on every path so far and
    returns those bound on every path after the statement, recording in ``reads``
    the names it may read while they are not.
    """

    def __init__(self) -> None:
        self.reads: set[str] = set()

    def block(self, statements: list[ast.stmt], bound: frozenset[str]) -> frozenset[str]:
        for statement in statements:
            handler = getattr(self, f"_{type(statement).__name__}", self._other)
            bound = handler(statement, bound)
        return bound

    def read(self, bound: frozenset[str], *nodes: ast.AST | None) -> None:
        for node in nodes:
            self.reads |= _expression_reads(node) - bound

    def _other(self, node: ast.stmt, bound: frozenset[str]) -> frozenset[str]:
        """An expression, ``assert``, ``raise``, ``pass``, ``break``...: reads, binds nothing."""
        self.read(bound, node)
        return bound

    def _Assign(self, node: ast.Assign, bound: frozenset[str]) -> frozenset[str]:
        self.read(bound, node.value, *node.targets)  # a target's loads: the base of ``a[i] = ...``
        return bound | set().union(*(_plain_names(t) for t in node.targets))

    def _AugAssign(self, node: ast.AugAssign, bound: frozenset[str]) -> frozenset[str]:
        self.read(bound, node.value, node.target)
        if isinstance(node.target, ast.Name) and node.target.id not in bound:
            self.reads.add(node.target.id)  # ``x += 1`` reads x (its Name is a store)
        return bound | _plain_names(node.target)

    def _AnnAssign(self, node: ast.AnnAssign, bound: frozenset[str]) -> frozenset[str]:
        self.read(bound, node.annotation, node.value, node.target)
        return bound | _plain_names(node.target) if node.value is not None else bound

    def _Delete(self, node: ast.Delete, bound: frozenset[str]) -> frozenset[str]:
        self.read(bound, *node.targets)
        names = set().union(*(_plain_names(t) for t in node.targets))
        self.reads |= names - bound  # deleting a name the cell did not bind changes the one before
        return bound - names

    def _For(self, node: ast.For | ast.AsyncFor, bound: frozenset[str]) -> frozenset[str]:
        """The body may run zero times; each pass starts with what every pass keeps bound."""
        self.read(bound, node.iter)
        head = bound - _deleted([*node.body, *node.orelse])
        self.read(head, node.target)
        self.block(node.body, head | _plain_names(node.target))
        self.block(node.orelse, head)
        return head

    _AsyncFor = _For

    def _While(self, node: ast.While, bound: frozenset[str]) -> frozenset[str]:
        head = bound - _deleted([*node.body, *node.orelse])
        self.read(head, node.test)
        self.block(node.body, head)
        self.block(node.orelse, head)
        return head

    def _If(self, node: ast.If, bound: frozenset[str]) -> frozenset[str]:
        self.read(bound, node.test)
        return self.block(node.body, bound) & self.block(node.orelse, bound)

    def _With(self, node: ast.With | ast.AsyncWith, bound: frozenset[str]) -> frozenset[str]:
        """A context manager may swallow an exception: the body's bindings are not sure after it."""
        for item in node.items:
            self.read(bound, item.context_expr, item.optional_vars)
            if item.optional_vars is not None:
                bound = bound | _plain_names(item.optional_vars)
        self.block(node.body, bound)
        return bound - _deleted(node.body)

    _AsyncWith = _With

    def _Try(self, node: ast.Try, bound: frozenset[str]) -> frozenset[str]:
        """The body may stop at any statement; a handler or ``finally`` starts from what it cannot undo."""
        low = bound - _deleted([node])
        paths = [self.block(node.orelse, self.block(node.body, bound))]
        for handler in node.handlers:
            self.read(low, handler.type)
            name = {handler.name} if handler.name else set()
            paths.append(self.block(handler.body, low | name) - name)
        self.block(node.finalbody, low)  # for its reads
        after = frozenset.intersection(*paths)
        return _ReadsBeforeBinding().block(node.finalbody, after)  # for its bindings only

    _TryStar = _Try

    def _Match(self, node: ast.Match, bound: frozenset[str]) -> frozenset[str]:
        """A case may not match: nothing it binds is sure after the statement."""
        self.read(bound, node.subject)
        for case in node.cases:
            captured = _Bindings(inner_globals=False)
            captured.visit(case.pattern)
            self.reads |= _mentions([case.pattern]) - captured.names - bound  # values and classes
            self.read(bound | captured.names, case.guard)
            self.block(case.body, bound | captured.names)
        return bound - _deleted([node])

    def _FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef,
                     bound: frozenset[str]) -> frozenset[str]:
        """Defaults, decorators and annotations read now; the body reads when called: counted now."""
        args = node.args
        self.read(bound, *args.defaults, *args.kw_defaults, *node.decorator_list, node.returns,
                  *(a.annotation for a in _arguments(args)))
        self.reads |= _free_names(node) - bound
        return bound | {node.name}

    _AsyncFunctionDef = _FunctionDef

    def _ClassDef(self, node: ast.ClassDef, bound: frozenset[str]) -> frozenset[str]:
        """A class body runs at once, in a scope of its own: every name it mentions counts."""
        self.read(bound, *node.decorator_list, *node.bases, *node.keywords)
        self.reads |= _mentions(node.body) - bound
        return bound | {node.name}

    def _Import(self, node: ast.Import | ast.ImportFrom, bound: frozenset[str]) -> frozenset[str]:
        return bound | {alias.asname or alias.name.split(".")[0] for alias in node.names}

    _ImportFrom = _Import

    def _Global(self, node: ast.Global | ast.Nonlocal, bound: frozenset[str]) -> frozenset[str]:
        self.reads |= set(node.names) - bound  # a no-op at top level; counted, to be safe
        return bound


def early_reads(source: str) -> set[str]:
    """The global names a cell may read, change in place or delete before it binds them itself.

    These are the names whose values, from the cells before, can change what the cell
    does (raises :class:`Unanalysable`). ``fig, ax = plt.subplots(); ax.plot(x)``
    reads ``plt`` and ``x``, not ``fig`` or ``ax``.
    """
    flow = _ReadsBeforeBinding()
    flow.block(_parse(source).body, frozenset())
    return flow.reads


def deferred_reads(source: str) -> set[str]:
    """The global names the functions and lambdas a cell defines read when they are called."""
    names: set[str] = set()
    stack = list(_parse(source).body)
    while stack:
        node = stack.pop()
        if isinstance(node, _FUNCTIONS):
            names |= _free_names(node)  # a function inside it is covered by its free names
        else:
            stack += ast.iter_child_nodes(node)
    return names


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
    uses: dict[int, _Uses | Unanalysable] = {}
    for index, cell in enumerate(cells):
        if cell.cell_type == "code":
            try:
                uses[index] = _Uses(early_reads(cell.source), deferred_reads(cell.source))
            except Unanalysable as exc:
                uses[index] = exc
    skipped = set(affected)
    changed = True
    while changed:
        changed = False
        for index in sorted(skipped):
            reasons = _reasons(index, affected[index], uses, skipped)
            if reasons:
                found += reasons
                skipped.discard(index)
                changed = True
    return sorted(found, key=lambda p: p.cell)


@dataclass(frozen=True)
class _Uses:
    """What a cell can take from the cells before it: at once (``early``), or when its functions run."""

    early: set[str]
    deferred: set[str]


def _reasons(index: int, affected: set[str], uses: dict[int, _Uses | Unanalysable],
             skipped: set[int]) -> list[SkipProblem]:
    """Why skipping cell INDEX is unsafe while the cells SKIPPED are left out."""
    reasons = []
    for other, found in sorted(uses.items()):
        if other == index or other in skipped:
            continue
        where = "after" if other > index else "before"
        if isinstance(found, Unanalysable):
            reasons.append(SkipProblem(index + 1,
                                       f"cell {other + 1}, {where} it, is not analysable ({found})"))
            continue
        for name in sorted(affected & (found.early if other > index else found.deferred)):
            how = (f"which cell {other + 1} uses" if other > index else
                   f"which a function of cell {other + 1}, before it, reads when called")
            reasons.append(SkipProblem(index + 1, f"it defines or changes {name!r}, {how}"))
    return reasons


def skippable(cells: Iterable[NotebookNode]) -> set[int]:
    """The 0-based positions of the tagged cells that may be left out of this notebook."""
    cells = list(cells)
    blocked = {p.cell - 1 for p in problems(cells)}
    return {i for i, cell in enumerate(cells) if is_tagged(cell) and i not in blocked}
