"""What the student's source contains, so that a hint never proposes a change the code cannot contain.

A fingerprint proves a FACT about the output ("your values are N times too large");
the CAUSE it then names ("you sum where the mean belongs") is an inference, true only
if the code has the construct that cause needs. Each hint that names a cause or a fix
declares that construct as a ``Footprint``: general and syntactic (an operator, a
comparison, a call by any of its names, a keyword argument, an attribute, a constant, a
statement). The rule, here and nowhere else (``worded``, ``kept``): when the student's
source is known and a cause's footprint is absent from it, the hint keeps its proven
fact alone (or says nothing when the fact alone would not help); when the footprint is
present, or no source is known, the hint is unchanged.

Where the source comes from: a check receives the student's function; ``studying`` (the
check wrappers of ``autograder.checks`` and ``hidden.hidden_check``) makes it the subject
of the hints written meanwhile. Its text is read with ``inspect.getsource`` (ipykernel
keeps each cell's text in linecache), with the text of the student's other functions it
calls (names resolved in its globals to functions of its own module, two levels deep) and
of the student's functions the check was given. It is parsed once, on the first hint that
asks, only when a check has failed. Any failure to read or parse it means "no source":
never an error, never a line on stderr.
"""

import ast
import contextlib
import contextvars
import inspect
import textwrap
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

_PACKAGE = str(Path(__file__).resolve().parent)
#: how many levels of the student's own functions called by the subject are read with it
CALL_DEPTH = 2

_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
              ast.Pow: "**", ast.MatMult: "@"}
_COMPARISONS = {ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<=", ast.Eq: "==", ast.NotEq: "!=",
                ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}


@dataclass(frozen=True)
class Footprint:
    """What a cause must leave in the source: any one of ``tokens`` (see ``SourceFacts.tokens``).

    Built with the constructors below and combined with ``|`` (either footprint will do).
    """

    tokens: frozenset[str]

    def __or__(self, other: "Footprint") -> "Footprint":
        return Footprint(self.tokens | other.tokens)

    def found_in(self, facts: "SourceFacts") -> bool:
        return bool(self.tokens & facts.tokens)


def calls(*names: str) -> Footprint:
    """A call by any of these names, however it is spelled: np.sum(x), x.sum(), sum(x) are all "sum"."""
    return Footprint(frozenset(f"call:{n}" for n in names))


def operator(*symbols: str) -> Footprint:
    """A binary operator ("+", "-", "*", "/", "//", "%", "**", "@"), or "unary -" (a negation)."""
    return Footprint(frozenset(f"op:{s}" for s in symbols))


def compares(*symbols: str) -> Footprint:
    """A comparison (">", ">=", "<", "<=", "==", "!=", "is", "in", ...)."""
    return Footprint(frozenset(f"cmp:{s}" for s in symbols))


def keyword(*names: str) -> Footprint:
    """A keyword argument of any call (axis=, keepdims=, dtype=, size=)."""
    return Footprint(frozenset(f"kw:{n}" for n in names))


def attribute(*names: str) -> Footprint:
    """An attribute read (.T, .shape, .size, .copy)."""
    return Footprint(frozenset(f"attr:{n}" for n in names))


def constant(*values: float | str) -> Footprint:
    """A literal: a number (0.5, 2, 100; 2 and 2.0 are one) or a string (a dict key)."""
    return Footprint(frozenset(_constant_token(v) for v in values))


def statement(*kinds: str) -> Footprint:
    """A statement or construct: "break", "continue", "loop", "return in loop", "yield", "if",
    "augmented assignment", "in place on argument" (x[...] = ..., x += ... or x.fill on a parameter),
    "subscript" (x[i], d['W1']), "subscript store" (x[...] = ...), "float literal" (2.0, 3e2), "global",
    "append in if" (a list's .append under an if), "append outside loop" (an .append no loop encloses)."""
    return Footprint(frozenset(f"stmt:{k}" for k in kinds))


def dtype(*names: str) -> Footprint:
    """An array made with, or cast to, one of these dtypes (dtype=int, .astype(np.int64)); "?" is a
    dtype the source computes."""
    return Footprint(frozenset(f"dtype:{n}" for n in names))


def reads(*names: str) -> Footprint:
    """A name read anywhere (a variable, a function passed on, a module's name)."""
    return Footprint(frozenset(f"name:{n}" for n in names))


#: Footprints that several families share, built once (one place for each vocabulary's synonyms).
#: A sum: a reduction by any name, a product (which sums), or a loop that accumulates.
SUM = (calls("sum", "nansum", "cumsum", "einsum", "dot", "matmul", "inner", "tensordot", "trace")
       | operator("@") | statement("loop"))
#: A mean or a division by a count.
MEAN = calls("mean", "average", "nanmean", "divide", "true_divide") | operator("/")
#: A matrix product, by any spelling.
PRODUCT = operator("@") | calls("dot", "matmul", "einsum", "inner", "outer", "tensordot", "vdot")
#: A call that reduces an array along its axes (all of them when no axis= is given).
AXIS_REDUCTION = (calls("sum", "nansum", "mean", "average", "nanmean", "max", "min", "amax", "amin", "argmax",
                        "argmin", "prod", "std", "var", "norm", "logsumexp", "apply_along_axis")
                  | keyword("axis"))
#: A reduction along some axis (a sum, mean, max, ... by any spelling, or a product that sums).
REDUCTION = AXIS_REDUCTION | PRODUCT
#: An integer dtype given or cast to, or one taken from another array or computed (y.dtype).
INTEGER_DTYPE = dtype("int", "int8", "int16", "int32", "int64", "intp", "int_", "uint8", "uint16", "uint32",
                      "uint64", "uint", "i", "i4", "i8", "dtype", "?")
#: An array whose dtype may be an integer one: an integer dtype, an array made like another one
#: (np.zeros_like of integer labels), or a range.
INTEGER_ARRAY = INTEGER_DTYPE | calls("zeros_like", "ones_like", "empty_like", "full_like", "arange")
#: An edit of an array in place: an item assigned, an augmented assignment, an ``out=``, a mutating method.
IN_PLACE = (statement("subscript store", "augmented assignment", "in place on argument") | keyword("out")
            | calls("fill", "put", "place", "copyto", "sort", "shuffle"))
#: A rounding to some digits.
ROUNDING = calls("round", "around", "rint", "floor", "ceil", "trunc", "fix", "int", "astype")
#: What an input rounded or cast to integers before use leaves: a rounding call, an integer dtype, `//`
#: (not any .astype, which ROUNDING counts: astype(float) rounds nothing)
ROUNDED_INPUT = (calls("round", "around", "rint", "floor", "ceil", "trunc", "fix", "int") | INTEGER_DTYPE
                 | operator("//"))
#: A threshold: a comparison, or a function that makes one.
THRESHOLD = (compares(">", ">=", "<", "<=") | calls("round", "rint", "around", "where", "heaviside", "sign",
                                                    "astype", "int", "argmax", "greater", "greater_equal",
                                                    "less", "less_equal", "piecewise", "select"))


def _constant_token(value: float | str) -> str:
    if isinstance(value, str):
        return f"const:{value!r}"
    return f"const:{float(value)!r}"


class SourceFacts:
    """The syntactic facts of the student's source: a set of tokens.

    tokens: "call:<name>" (the last name of every callee: np.sum and x.sum are "call:sum"),
    "op:<symbol>", "cmp:<symbol>", "kw:<name>", "attr:<name>", "const:<value>", "name:<name>",
    "stmt:<kind>" (see ``statement``).
    """

    def __init__(self, trees: Sequence[ast.AST], parameters: Iterable[str]) -> None:
        self.parameters = frozenset(parameters)
        tokens: set[str] = set()
        for tree in trees:
            tokens |= _tokens(tree, self.parameters)
        self.tokens = frozenset(tokens)

    def has(self, footprint: Footprint) -> bool:
        return footprint.found_in(self)


def _tokens(tree: ast.AST, parameters: frozenset[str]) -> set[str]:
    found: set[str] = set()
    loops = [n for n in ast.walk(tree) if isinstance(n, ast.For | ast.While | ast.comprehension)]
    in_loop = {id(inner) for loop in loops for inner in ast.walk(loop) if inner is not loop}
    in_if = {id(inner) for branch in ast.walk(tree) if isinstance(branch, ast.If)
             for inner in ast.walk(branch) if inner is not branch}
    for node in ast.walk(tree):
        kind = type(node)
        if kind is ast.Call:
            callee = node.func
            if isinstance(callee, ast.Name):
                found.add(f"call:{callee.id}")
            elif isinstance(callee, ast.Attribute):
                found.add(f"call:{callee.attr}")
                if callee.attr == "append":  # where a record is made: once, under a condition, per pass
                    found.add("stmt:append in if" if id(node) in in_if else "stmt:append")
                    if id(node) not in in_loop:
                        found.add("stmt:append outside loop")
                if callee.attr in ("fill", "sort", "resize", "itemset", "put", "update", "pop", "clear",
                                   "setdefault", "append", "extend") and _root(callee.value) in parameters:
                    found.add("stmt:in place on argument")
            found |= {f"kw:{k.arg}" for k in node.keywords if k.arg}
            # the dtype an array is made with or cast to: dtype=int, .astype(np.int64), dtype="int32"
            dtypes = [k.value for k in node.keywords if k.arg == "dtype"]
            if isinstance(callee, ast.Attribute) and callee.attr == "astype" and node.args:
                dtypes.append(node.args[0])
            found |= {f"dtype:{_dtype_name(d)}" for d in dtypes}
        elif kind is ast.BinOp:
            found.add(f"op:{_OPERATORS.get(type(node.op), '?')}")
        elif kind is ast.UnaryOp and isinstance(node.op, ast.USub):
            found.add("op:unary -")
        elif kind is ast.Compare:
            found |= {f"cmp:{_COMPARISONS.get(type(op), '?')}" for op in node.ops}
        elif kind is ast.Attribute:
            found.add(f"attr:{node.attr}")
        elif kind is ast.Constant and isinstance(node.value, int | float | str) \
                and not isinstance(node.value, bool):
            found.add(_constant_token(node.value))
            if isinstance(node.value, float):
                found.add("stmt:float literal")
            if isinstance(node.value, int | float) and not isinstance(node.value, bool):
                found.add(_constant_token(-node.value))  # -0.5 is USub(0.5): either sign matches
        elif kind is ast.Name:
            found.add(f"name:{node.id}")
        elif kind is ast.Subscript:
            found.add("stmt:subscript")
        elif kind is ast.Break:
            found.add("stmt:break")
        elif kind is ast.Continue:
            found.add("stmt:continue")
        elif kind in (ast.For, ast.While, ast.comprehension):
            found.add("stmt:loop")
        elif kind is ast.Return and id(node) in in_loop:
            found.add("stmt:return in loop")
        elif kind in (ast.Yield, ast.YieldFrom):
            found.add("stmt:yield")
        elif kind in (ast.If, ast.IfExp):
            found.add("stmt:if")
        elif kind is ast.Global:
            found.add("stmt:global")
        elif kind is ast.AugAssign:
            found.add("stmt:augmented assignment")
            found.add(f"op:{_OPERATORS.get(type(node.op), '?')}")
            if _root(node.target) in parameters:
                found.add("stmt:in place on argument")
        elif kind in (ast.Assign, ast.AnnAssign):
            targets = node.targets if kind is ast.Assign else [node.target]
            if any(isinstance(t, ast.Subscript) and not _keyed(t) for t in targets):
                found.add("stmt:subscript store")
            if any(isinstance(t, ast.Subscript) and _root(t) in parameters for t in targets):
                found.add("stmt:in place on argument")
    return found


def _dtype_name(node: ast.AST) -> str:
    """int for int, np.int64 -> int64, "float32" -> float32; "?" for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return "?"


def _keyed(target: ast.Subscript) -> bool:
    """Whether a subscript is a dict entry by a written key (d['W1'], d[f"W{l}"]): storing there
    builds a dict, it edits no array."""
    return isinstance(target.slice, ast.JoinedStr) or (isinstance(target.slice, ast.Constant)
                                                       and isinstance(target.slice.value, str))


def _root(node: ast.AST) -> str | None:
    """The name an expression starts from: x for x, x[0], x.T[1], x['W1'][...]."""
    while isinstance(node, ast.Subscript | ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


# --------------------------------------------------------------------------
# Reading the student's source
# --------------------------------------------------------------------------

def _is_students(fn: object) -> bool:
    """A plain Python function defined outside this package (the notebook's, or a test's module)."""
    if not isinstance(fn, types.FunctionType):
        return False
    filename = fn.__code__.co_filename
    return not filename.startswith(_PACKAGE) and "site-packages" not in filename


def _tree_of(fn: types.FunctionType) -> ast.AST:
    """The parsed source of ``fn``; raises (OSError, TypeError, SyntaxError) when it cannot be read."""
    return ast.parse(textwrap.dedent(inspect.getsource(fn)))


def _own_callees(fn: types.FunctionType, tree: ast.AST) -> list[types.FunctionType]:
    """The functions of ``fn``'s own module that its source calls or passes on by name."""
    module = fn.__module__
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            other = fn.__globals__.get(node.id)
            if other is not fn and _is_students(other) and other.__module__ == module:
                found.append(other)
    return found


def read(functions: Sequence[object]) -> SourceFacts | None:
    """The facts of these student functions and of the ones they call (``CALL_DEPTH`` levels).

    None when the first one is not a student's function or any source on the way cannot be
    read: a footprint that might sit in the unread part must not be judged absent.
    """
    if not functions or not _is_students(functions[0]):
        return None
    try:
        trees, seen, parameters = [], set(), set()
        level = [f for f in functions if _is_students(f)]
        for _ in range(CALL_DEPTH + 1):
            following = []
            for fn in level:
                if id(fn.__code__) in seen:
                    continue
                seen.add(id(fn.__code__))
                tree = _tree_of(fn)
                trees.append(tree)
                parameters |= set(inspect.signature(fn).parameters)
                following += _own_callees(fn, tree)
            level = following
        return SourceFacts(trees, parameters)
    except Exception:  # no source (built with exec, a C function, a lambda in a list...): the rule rests
        return None


class _Subject:
    """The functions a check judges, and their facts once read (read at most once per check)."""

    def __init__(self, functions: Sequence[object]) -> None:
        self.functions = functions
        self._facts: SourceFacts | None = None
        self._read = False

    def facts(self) -> SourceFacts | None:
        if not self._read:
            self._read = True
            self._facts = read(self.functions)
        return self._facts


_SUBJECT: contextvars.ContextVar[_Subject | None] = contextvars.ContextVar("source_subject", default=None)


@contextlib.contextmanager
def studying(*functions: object) -> Iterator[None]:
    """Within the block, hints are judged against the source of ``functions`` (the first is the blank's)."""
    token = _SUBJECT.set(_Subject(functions))
    try:
        yield
    finally:
        _SUBJECT.reset(token)


def judging(check: Callable) -> Callable:
    """``check`` with the student's functions among its arguments made the hints' subject."""
    import functools

    from autograder import signature_defaults  # state of a check's calls, cleared as each check starts

    @functools.wraps(check)
    def wrapper(*args, **kwargs):
        __tracebackhide__ = True
        given = [a for a in (*args, *kwargs.values()) if _is_students(a)]
        if not given or given[0] is not (args[0] if args else None):
            given = []  # a constants blank, or no function of the blank's own: no source to judge
        # what an earlier check's calls noted (a default it left to the student) is not this check's
        signature_defaults.forget()
        with studying(*given):
            return check(*args, **kwargs)
    return wrapper


def subject_function() -> object | None:
    """The blank's own function of the check running now (the first of ``studying``), or None."""
    subject = _SUBJECT.get()
    return subject.functions[0] if subject is not None and subject.functions else None


def current() -> SourceFacts | None:
    """The facts of the source the hints being written are about, or None when none is known."""
    subject = _SUBJECT.get()
    return subject.facts() if subject is not None else None


# --------------------------------------------------------------------------
# The rule
# --------------------------------------------------------------------------

def present(footprint: Footprint | None) -> bool:
    """Whether a cause with this footprint may be named: no footprint, no source known, or it is there."""
    if footprint is None:
        return True
    facts = current()
    return facts is None or facts.has(footprint)


def worded(hint: str, fact: str | None, footprint: Footprint | None) -> str:
    """The hint as it may be shown: whole when its cause may be named (``present``), else its proven
    fact alone ("" when the fact alone would not help a student: no hint at all)."""
    return hint if present(footprint) else (fact or "")


def kept(causes: Iterable[tuple[str, Footprint | None]]) -> list[str]:
    """The causes of a list whose footprints are in the source (all of them when no source is known)."""
    return [text for text, footprint in causes if present(footprint)]
