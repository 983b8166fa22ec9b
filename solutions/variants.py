"""What a variant is: hand-written code for one blank that can replace its solution cell.

Instructor side only. The machinery behind the mistake catalogue
(``solutions.mistakes``) and the alternative answers (``solutions.alternatives``):
``Variant`` and ``Mistake``, the decorators that register them (``@mistake``,
``@diagnosed``, ``@alternative``), and the registries they fill, ``MISTAKES``
and ``ALTERNATIVES``, in the order the modules are imported and written.

Each entry is a real function whose code can replace its blank's solution cell
(``Variant.code``, the function renamed to the blank): it uses only names that
notebook defines (np, its given cells, other blanks of the same notebook), modules, and
values defined beside it in its own file, which the cell then carries above the function
as a student's cell would (``import math``, ``_CACHE = {}``: :func:`carried_lines`). A
constants blank (gates, hyperparameters) is a function without parameters whose
body assigns the constants and ends with ``return locals()``.
"""

import ast
import importlib
import inspect
import linecache
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from autograder.blanks import CONSTANTS

__all__ = ["ALTERNATIVES", "CONSTANTS", "MISTAKES", "Mistake", "Variant", "alternative", "cell_code",
           "diagnosed", "mistake"]


def cell_code(fn: Callable, blank: str, notebook: str | None = None) -> str:
    """The source of ``fn`` as the solution cell of ``blank``: renamed, undecorated, no docstring.

    For a constants blank, only the body's assignments (the final ``return`` dropped). With
    NOTEBOOK (the ``solutions`` module that mirrors it), the lines :func:`carried_lines` says the
    cell needs come first.
    """
    node = ast.parse(textwrap.dedent(inspect.getsource(fn))).body[0]
    body = node.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and len(body) > 1:
        body = body[1:]
    if blank in CONSTANTS:
        return ast.unparse(ast.Module(body=[s for s in body if not isinstance(s, ast.Return)],
                                      type_ignores=[]))
    node.name, node.decorator_list, node.body = blank, [], body
    carried = carried_lines(fn, notebook) if notebook else []
    return "\n".join([*carried, ast.unparse(node)])


def carried_lines(fn: Callable, notebook: str) -> list[str]:
    """What a student's cell holding ``fn`` would write above it: an import of each module it
    reads, and each value of its own file it reads that notebook NOTEBOOK does not define (a
    module-level cache, a constant).

    Without them the graded cell raises a NameError the entry never had (the thirteenth set's
    ``math.tanh`` loop and module-level caches, 2026-12-04). Names of the notebook's namespace
    (np, the blanks, the given functions) and imported functions (another notebook's blank: a
    real NameError there, each notebook running on its own) are not carried.
    """
    node = ast.parse(textwrap.dedent(inspect.getsource(fn))).body[0]
    node.decorator_list = []  # the set's registration, not the cell's
    stored = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    stored |= {a.arg for a in ast.walk(node) if isinstance(a, ast.arg)}
    read = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - stored
    defined = set(vars(importlib.import_module(f"solutions.{notebook}")))
    own = ast.parse(inspect.getsource(inspect.getmodule(fn))).body
    lines = []
    for name in sorted(read):
        value = fn.__globals__.get(name)
        if inspect.ismodule(value) and name != "np":
            lines.append(f"import {value.__name__}" + ("" if value.__name__ == name else f" as {name}"))
        elif name in fn.__globals__ and name not in defined:
            lines += [ast.unparse(s) for s in own if isinstance(s, ast.Assign | ast.AnnAssign)
                      and name in {t.id for t in ast.walk(s) if isinstance(t, ast.Name)
                                   and isinstance(t.ctx, ast.Store)}]
    return lines


@dataclass(frozen=True)
class Variant:
    """A hand-written implementation of one blank that can replace its solution cell.

    id: "<blank>.<function name>"; blank: the blank (its solution cell's grade_id);
    notebook: the ``solutions`` module that mirrors the notebook; fn: the function.
    """

    id: str
    blank: str
    notebook: str
    fn: Callable

    @property
    def code(self) -> str:
        """The solution cell's source when this variant is injected."""
        return cell_code(self.fn, self.blank, self.notebook)

    def names(self) -> frozenset[str]:
        """Every name the code reads (the blanks it calls are among them)."""
        return frozenset(n.id for n in ast.walk(ast.parse(self.code))
                         if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load))

    def load(self):
        """What the notebook defines once the cell has run: the function, or a dict of the constants.

        The code runs in a copy of the reference module's namespace, which holds
        the same names as the notebook (np, the other blanks, the given functions).
        """
        namespace = dict(vars(importlib.import_module(f"solutions.{self.notebook}")))
        filename = f"<{self.id}>"
        # Registered as IPython registers a notebook cell, so that tracebacks (and the
        # check library's reading of a failing line) see the code as in a kernel.
        linecache.cache[filename] = (len(self.code), None, self.code.splitlines(True), filename)
        exec(compile(self.code, filename, "exec"), namespace)
        if self.blank in CONSTANTS:
            return {name: namespace[name] for name in CONSTANTS[self.blank]}
        return namespace[self.blank]


@dataclass(frozen=True)
class Mistake(Variant):
    """A catalogued mistake.

    hint: words the check's message must contain when it catches the mistake;
    diagnosed: True when the autograder names it from its stored outputs (then
    ``hint`` is the whole one-line hint it shows), False when the check's own
    message does.
    """

    hint: str
    diagnosed: bool = False


MISTAKES: list[Mistake] = []


def mistake(notebook: str, blank: str, hint: str, diagnosed: bool = False) -> Callable[[Callable], Callable]:
    """Register the decorated function as a buggy variant of ``blank`` that the check names."""
    def register(fn: Callable) -> Callable:
        MISTAKES.append(Mistake(f"{blank}.{fn.__name__}", blank, notebook, fn, hint, diagnosed))
        return fn
    return register


def diagnosed(notebook: str, blank: str, hint: str) -> Callable[[Callable], Callable]:
    """Register a buggy variant that the autograder recognises from its outputs, showing ``hint``."""
    return mistake(notebook, blank, hint, diagnosed=True)


ALTERNATIVES: list[Variant] = []


def alternative(notebook: str, blank: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a correct variant of ``blank``."""
    def register(fn: Callable) -> Callable:
        ALTERNATIVES.append(Variant(f"{blank}.{fn.__name__}", blank, notebook, fn))
        return fn
    return register
