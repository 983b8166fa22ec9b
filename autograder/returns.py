"""A function that returned None: what its own source proves about why.

Every blank returns a value, so None is always a slip, and the function's source
(read with ``inspect``, parsed with ``ast``, never run again) says which one:

- no ``return`` with a value anywhere in it (its last line computes a value and drops it,
  or the result is printed instead of returned);
- ``return x.sort()``, ``return rng.shuffle(x)``, ``return print(...)``: the value of a call
  that changes its object in place (or prints) and returns None;
- every ``return`` with a value sits inside an ``if`` or a loop: when the condition does
  not hold or the loop does not run, the function ends without one.

The hint ("fp.no_return") says that the call returned None (proven by the value) and
then only the fact the source shows; with no source (a function built with exec)
it says the first alone.
"""

import ast
import inspect
import textwrap
from collections.abc import Callable

from autograder.captured import isinstance_ as _isinstance
from autograder.captured import type_ as _type

#: calls that change their object in place (or print) and return None
IN_PLACE = frozenset({"sort", "shuffle", "append", "extend", "update", "fill", "reverse", "insert",
                      "clear", "print", "resize", "setflags"})
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def definition_of(fn: Callable) -> ast.FunctionDef | None:
    """The ``def`` of ``fn`` from its source, or None (no source, or not a plain function)."""
    try:
        source = textwrap.dedent(inspect.getsource(inspect.unwrap(fn)))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError, IndentationError):
        return None
    for node in ast.walk(tree):
        if _isinstance(node, ast.FunctionDef) and node.name == getattr(inspect.unwrap(fn), "__name__", None):
            return node
    return None


def own_nodes(node: ast.AST, enclosing: tuple[ast.AST, ...] = ()):
    """(node, the statements enclosing it) for every node of a function's body, nested defs left out."""
    for child in ast.iter_child_nodes(node):
        if _isinstance(child, _NESTED):
            continue
        yield child, enclosing
        yield from own_nodes(child, (*enclosing, child))


def _call_name(node: ast.expr) -> str | None:
    if not _isinstance(node, ast.Call):
        return None
    return node.func.attr if _isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)


def none_hint(fn: Callable) -> tuple[str, str]:
    """("fp.no_return", hint) for ``fn``, one of whose calls returned None."""
    said = "your function returned None: "
    definition = definition_of(fn)
    if definition is None:
        return ("fp.no_return", said + "a function gives None when it ends without `return <value>`; "
                "end it with `return` and the result.")
    nodes = list(own_nodes(definition))
    if any(_isinstance(n, ast.Yield | ast.YieldFrom) for n, _ in nodes):
        return ("fp.no_return", said + "return the result with `return`.")
    valued = [(n, around) for n, around in nodes
              if _isinstance(n, ast.Return) and n.value is not None
              and not (_isinstance(n.value, ast.Constant) and n.value.value is None)]
    if not valued:
        last = definition.body[-1]
        if _isinstance(last, ast.Expr) and _call_name(last.value) == "print":
            return ("fp.no_return", said + "it prints its result but has no `return`: a printed value "
                    "is not returned; write `return` and the value instead of print(...).")
        if _isinstance(last, ast.Expr) and not _isinstance(last.value, ast.Constant):
            return ("fp.no_return", said + f"it has no `return`: its last line computes "
                    f"`{ast.unparse(last.value)}` and drops it; write `return {ast.unparse(last.value)}`.")
        return ("fp.no_return", said + "it has no `return` statement, and a function without one gives "
                "None: end it with `return` and the result.")
    dropped = [n for n, _ in valued if _call_name(n.value) in IN_PLACE]
    if dropped:
        call = ast.unparse(dropped[0].value)
        return ("fp.no_return", said + f"it returns the value of `{call}`, which changes its object in "
                "place (or prints) and gives None: make the change first, then return the object itself "
                "(or use a function that returns a new array: np.sort, rng.permutation).")
    if any(_isinstance(n, ast.Return) and n.value is None for n, _ in nodes):
        return ("fp.no_return", said + "a bare `return` (or the end of the function) gives None: return "
                "the result with `return <value>` on every path.")
    top_level = [n for n, around in valued if not any(_isinstance(a, ast.If | ast.For | ast.While | ast.Try)
                                                       for a in around)]
    if not top_level:
        _, around = valued[0]
        block = next(a for a in around if _isinstance(a, ast.If | ast.For | ast.While | ast.Try))
        kind = {ast.If: "an `if`", ast.For: "a `for` loop", ast.While: "a `while` loop",
                ast.Try: "a `try`"}[_type(block)]
        return ("fp.no_return", said + f"every `return` with a value is inside {kind} (line "
                f"{block.lineno - definition.lineno + 1} of the function), and this call ended the "
                "function without reaching one: put the final `return` after the loop (or the `if`), at "
                "the function's own level.")
    return ("fp.no_return", said + "a `return` gave None on this call: check the value each `return` "
            "returns.")
