"""Exceptions and warnings as fingerprints: what an error raised by student code proves, and what to do.

An exception's type and text prove an operation and, often, the shapes it was
given; they do not prove why those shapes came about. Each hint here says only
what the exception (and the operands it names) establishes:

- err.array_truth: an ``if``/``and``/``or``/``not``/``max()`` asked an array for one True/False;
- err.math_module: a function taking one number (``math.exp``, ``float()``) given an array; the
  failing line says whether it is the math module;
- err.list_arithmetic: arithmetic on a Python list (a scalar operation on a sequence);
- err.keepdims: an elementwise operation between an array and the same array reduced
  over its last axis without ``keepdims`` (the shapes show it: (N, K) with (N,));
- err.broadcast: shapes that do not broadcast, named as they are;
- err.matmul_shapes: ``a @ b`` or ``np.dot(a, b)`` with a.shape[-1] != b.shape[0]; the operands' shapes are
  read from the failing line of the student's frame when its operands are plain names,
  subscripts and ``.T``, and a proven remedy is named (``b.T`` or ``a.T`` fits);
- err.square_broadcast: among the operands of a failing product, an (N, N) array while the
  frame holds both an (N,) and an (N, 1) array: the broadcast that made it;
- err.missing_key: a dict subscripted on the failing line lacks the key; the hint names the dict,
  the keys it has, and a key it holds that differs only by case or a "d" prefix (dW1 for W1);
- err.index: an index outside its axis (the axis's size named);
- fp.off_by_one: the same two errors when the index (or the key's layer number) is one past the
  end (index n of an axis of size n, W3 of a dict that holds W1, W2) or 0 where numbering starts at 1:
  the index one too far, or the array (dict) one too small: both are named, the error proves neither;
- err.float_index: a float where a whole number belongs (an index, a slice bound, a size, range()),
  with the float-valued names of the failing line;
- err.array_as_index: an array where one whole number belongs; a reduction (np.max, np.sum) given
  an array as its second positional argument, which NumPy reads as the axis, is named as such;
- err.name_not_defined: a name that is not defined where the function runs (the notebook's own
  names that differ by a typo, or the notebook of the course that defines it, are named);
  err.local_before_assignment: a local variable read before any assignment reached it;
- err.plain_number: a NumPy attribute or method (.astype, .shape) asked of a Python bool, float
  or int (a comparison of plain numbers, a float input);
- err.unhashable_array: an array used as a dict key or set member (a set comprehension where a
  dict one belongs);
- err.none_value: a None used as a value: the failing frame's names that hold None, a parameter
  (the caller's None: a first step's state) told apart from a local (a function that returns nothing).
Warnings: warn.log_zero, warn.divide_by_zero, warn.exp_overflow.
Every result is (mistake id, hint text), or None when nothing is proven.
"""

import ast
import inspect
import linecache
import re
import textwrap
import traceback
import types
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from autograder.captured import isinstance_ as _isinstance
from autograder.captured import ndarray as _ndarray
from autograder.captured import type_ as _type
from autograder.source_facts import AXIS_REDUCTION, calls, kept, operator, worded

_PACKAGE = str(Path(__file__).resolve().parent)
_BROADCAST = re.compile(r"shapes \(([\d, ]*)\) \(([\d, ]*)\)")
_MATMUL_SIZES = re.compile(r"size (\d+) is different from (\d+)")
_OUT_OF_BOUNDS = re.compile(r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)")
_FLOAT_INDEX = re.compile(r"slice indices must be integers|'float' object cannot be interpreted as an "
                          r"integer|expected a sequence of integers or a single integer, got '[\d.e+-]*\.|"
                          r"only integers, slices|arrays used as indices must be of integer")
_NUMBERED = re.compile(r"^(\D*?)(\d+)$")


def exception_hint(exc: BaseException) -> tuple[str, str] | None:
    """(mistake id, hint) for an exception raised by student code, when its text proves a slip.

    When it is raised inside another of the student's functions than the one called, the hint
    also says so: that function may be right, and what it was given wrong.
    """
    found = _slip_of(exc)
    if found is None:
        return None
    mistake_id, text, *cause = found  # (id, text) or (id, text, footprint, fact): a cause to judge
    text = worded(text, cause[1], cause[0]) if cause else text
    if not text:
        return None
    return mistake_id, text + _callee_words(exc.__traceback__)


def _callee_words(tb: TracebackType | None) -> str:
    """" The error is raised inside `loss`, called by `train`: ..." when the student's innermost
    function is not the outermost one (the one the check called)."""
    named = _callee_chain(tb)
    if not named:
        return ""
    inner, caller = named[-1], named[-2]
    return (f" The error is raised inside `{inner}`, called by `{caller}`: if `{inner}` passed its own "
            f"checks, look at the arguments `{caller}` gives it.")


def _callee_chain(tb: TracebackType | None) -> list[str]:
    """The student's function names, outermost first, when the innermost is not the one the check
    called (an error raised in a function the blank calls); [] otherwise."""
    named = [f.f_code.co_name for f in _student_frames(tb) if not f.f_code.co_name.startswith("<")]
    return named if len(named) >= 2 and named[-1] != named[0] else []


def _slip_of(exc: BaseException) -> tuple | None:
    """(mistake id, hint) proven by the exception's text and the failing line; or (mistake id, hint,
    footprint, fact) for a hint that names a cause the student's source must show (``source_facts``)."""
    message = str(exc)
    if _isinstance(exc, ValueError) and "truth value of an array" in message:
        return ("err.array_truth", "an `if`, `and`, `or`, `not` or Python's max()/min() needs a single "
                "True/False, and got an array of several values. Either the condition should be one "
                "number and a reduction is missing before the comparison (a sum, np.dot(w, x) where "
                "w * x gives one product per entry), or the function is meant elementwise and the "
                "`if` must become NumPy's (np.where(cond, a, b), np.maximum(x, 0), & and | for and/or): "
                "which one depends on whether the result should be one number or one per entry.")
    if _isinstance(exc, TypeError) and "arrays can be converted to Python scalars" in message:
        frame = _student_frame(exc.__traceback__)
        line = _line(frame) if frame is not None else ""
        if "math." in line:
            return ("err.math_module", "a function of the math module takes a single number: use its "
                    "NumPy version (np.tanh, np.exp, ...), which works elementwise on arrays.")
        # float(x), int(x) and the math module raise the same error: the line tells which.
        return ("err.math_module", "a function that takes a single number (float(), int(), or one of "
                "the math module) was given an array: use NumPy's version (np.exp, np.tanh, "
                ".astype(float)), which works elementwise on arrays.")
    if _isinstance(exc, TypeError) and ("can't multiply sequence" in message
                                         or ("unsupported operand" in message and "'list'" in message)):
        return ("err.list_arithmetic", "arithmetic on a Python list: a list does not compute elementwise "
                "(* repeats it, / and - are not defined). Convert it first with np.asarray(...).")
    if _isinstance(exc, ValueError) and "could not be broadcast" in message:
        return _broadcast_hint(message)
    if _isinstance(exc, ValueError) and (("matmul" in message and "mismatch" in message)
                                         or "not aligned" in message):  # "not aligned": np.dot's words
        return _matmul_hint(exc)
    if _isinstance(exc, KeyError) and exc.args:
        return _key_hint(exc)
    if _isinstance(exc, IndexError) and ("out of bounds" in message or "index out of range" in message):
        return _index_hint(exc)
    if _isinstance(exc, IndexError) and "only integers, slices" in message:
        found = _key_on_array_hint(exc)
        if found:
            return found
    if _isinstance(exc, TypeError | IndexError) and _FLOAT_INDEX.search(message):
        return _float_index_hint(exc)
    if _isinstance(exc, TypeError) and "only integer scalar arrays can be converted" in message:
        return _array_as_index_hint(exc)
    if _isinstance(exc, OverflowError):
        # NumPy gives inf (and a warning) where Python's floats and the math module raise
        return ("err.overflow", f"{message}: a Python number grew past the largest float (about 1.8e308), "
                "which math.exp, math.e ** x and float ** raise for, where NumPy returns inf: use NumPy's "
                "np.exp, in a form that never overflows (for the sigmoid, 1 / (1 + np.exp(-x)) split by the "
                "sign of x, or np.exp(-np.logaddexp(0, -x))).")
    if _isinstance(exc, UnboundLocalError):
        return ("err.local_before_assignment", f"{message}: the function reads this variable before any "
                "assignment to it has run (it is assigned later, or only in a branch or loop that did not "
                "run); give it its first value before it is used.")
    if _isinstance(exc, NameError) and getattr(exc, "name", None):
        return _name_hint(exc)
    if _isinstance(exc, TypeError | AttributeError) and "NoneType" in message:
        return _none_hint(exc)
    plain = _PLAIN_NUMBER.search(message) if _isinstance(exc, AttributeError) else None
    if plain:
        return ("err.plain_number", f"{message}: a plain Python {plain.group(1)} has no NumPy methods or "
                "attributes. A comparison of Python numbers (x > 0 with a float x) gives a bool, not an "
                "array, and a float input stays a float: make the value an array first (np.asarray(x)), "
                "or use NumPy's functions (np.where, np.maximum), which take numbers and arrays alike.")
    if _isinstance(exc, TypeError | ValueError) and "boolean array indexing assignment" in message:
        return ("err.mask_assignment", f"{message}: x[mask] = value stores into the entries the mask "
                "selects, so the value must be one number or hold one entry per selected entry; a whole "
                "array of x's shape (such as alpha * x) does not fit. Select the same entries on the right, "
                "x[mask] = alpha * x[mask], or build the result at once, np.where(mask, a, b).")
    listed = _LIST_ATTRIBUTE.search(message) if _isinstance(exc, AttributeError) else None
    if listed:
        return ("err.list_attribute", f"{message}: a Python {listed.group(1)} has none of an array's "
                f"methods or attributes (.{listed.group(2)}, .shape, .T, .astype). An argument may arrive "
                "as a list (a point typed by hand, [1, 0]): convert it first, x = np.asarray(x, "
                "dtype=float), or use NumPy's functions (np.dot(w, x)), which take lists and arrays "
                "alike.")
    arity = _ARITY.search(message) if _isinstance(exc, TypeError) else None
    if arity and _student_frame(exc.__traceback__) is None:  # raised by the call itself, not inside it
        return ("err.signature", f"{message}: your function is called as the notebook's signature "
                "says, and it takes its arguments differently. Keep the signature of the exercise (its "
                "names, their number and order, its defaults) and unpack inside the function what you "
                "need (x1, x2 = x).")
    if _isinstance(exc, TypeError) and "unhashable type: 'numpy.ndarray'" in message:
        return ("err.unhashable_array", f"{message}: an array was used as a dict key or put in a set. "
                "Braces with no `key:` make a set, {expr for name in ...}; a dict comprehension is "
                "{name: expr for name in ...}. To look something up by an array's values, use a key "
                "such as a name or a tuple.")
    return None


#: "'list' object has no attribute 'dot'": a Python list where an array was expected
_LIST_ATTRIBUTE = re.compile(r"^'(list|tuple)' object has no attribute '(\w+)'")
#: a call whose arguments the function's signature does not take (too few, too many, unknown names)
_ARITY = re.compile(r"missing \d+ required (positional|keyword-only) argument|takes \d+ positional "
                    r"arguments? but \d+ (were|was) given|got an unexpected keyword argument")
#: "'bool' object has no attribute 'astype'": a Python scalar where an array was expected
_PLAIN_NUMBER = re.compile(r"^'(bool|float|int)' object has no attribute '\w+'")


def _none_hint(exc: BaseException) -> tuple[str, str] | None:
    """err.none_value: a None used as a value (subscripted, called, added to, its attribute read).

    The failing frame's names that hold None are named; a parameter among them was given None by
    the caller (a first step's state: velocity=None, state=None), a local one was never given a
    value (a function that returns nothing assigned to it, or a branch that left it None).
    """
    frame = _student_frame(exc.__traceback__)
    if frame is None:
        return None
    # a parameter of the function, or of the function a comprehension or inner function runs in
    parameters = {name for f in _student_frames(exc.__traceback__)
                  for name in f.f_code.co_varnames[:f.f_code.co_argcount + f.f_code.co_kwonlyargcount]}
    nones = [name for name, value in frame.f_locals.items() if value is None and not name.startswith("_")]
    if not nones:
        return None
    given = [n for n in nones if n in parameters]
    made = [n for n in nones if n not in parameters]
    said = f"{exc}: a value is None where an array or a dict belongs."
    parts = []
    if given:
        names = ", ".join(f"`{n}`" for n in given)
        parts.append(f"{names} {'is' if len(given) == 1 else 'are'} None as the caller passed "
                     f"{'it' if len(given) == 1 else 'them'}: a first step is called with no state yet "
                     f"(None), so make it when it is None (if {given[0]} is None: {given[0]} = ...)")
    if made:
        names = ", ".join(f"`{n}`" for n in made)
        parts.append(f"{names} {'holds' if len(made) == 1 else 'hold'} None here: assigned the result of "
                     "a function that returns nothing (an in-place method such as .sort(), or a function "
                     "without `return`), or left None by a branch that did not run")
    return ("err.none_value", f"{said} {'; '.join(parts)}.")


def warning_hint(message: str) -> tuple[str, str] | None:
    """(mistake id, hint) for a warning whose message points at one common slip."""
    function = _WARNED_IN.search(message)
    function = function.group(1) if function else ""
    if "divide by zero" in message and function and function not in _DIVISIONS and "log" not in function:
        # numpy names the function whose input met its pole (arctanh at ±1): that function's own
        # warning, not a denominator's
        return ("warn.pole", f"np.{function} returned an infinite value: one of its inputs is where "
                f"{function} itself is infinite ({_POLES.get(function, 'a pole of the function')}). The "
                f"warning is np.{function}'s own: check that {function} is the function this formula "
                "needs, and print its inputs on these values.")
    if "log" in message:
        return ("warn.log_zero", "log(0) is -inf: the argument of a log reached 0. Where it is a "
                "probability, clip it to [eps, 1 - eps] with np.clip before taking the log.")
    if "divide by zero" in message:
        # Only the zero is proven: which denominator it was, and why it reached 0, the warning
        # does not tell (a probability of exactly 0 or 1, a counter still at 0, an empty count...).
        return ("warn.divide_by_zero", "a division by zero: some denominator was exactly 0. The warning "
                "does not say which: print each denominator of your function on these inputs (look "
                "for a value that is 0 at an edge case) and find the one that is 0.")
    if "overflow" in message and "exp" in message:
        return ("warn.exp_overflow", "exp of a large number overflows float64 (exp(710) is already inf): "
                "rearrange so that exp only sees numbers <= 0: in a softmax, subtract the row's max "
                "first; in a sigmoid, use exp(-|x|) with one formula per sign of x; in a tanh, "
                "sign(x) * (1 - exp(-2|x|)) / (1 + exp(-2|x|)), or np.tanh itself.")
    return None


#: "divide by zero encountered in arctanh": the NumPy function the warning names
_WARNED_IN = re.compile(r"encountered in (?:scalar )?(\w+)")
#: the functions whose "divide by zero" is a denominator's
_DIVISIONS = ("divide", "true_divide", "floor_divide", "reciprocal", "remainder", "fmod", "divmod", "power")
#: where an elementwise function is infinite, for the words of ``warn.pole``
_POLES = {"arctanh": "at x = 1 and x = -1"}


def _shape(text: str) -> tuple[int, ...]:
    return tuple(int(s) for s in text.replace(" ", "").split(",") if s)


def _broadcast_hint(message: str) -> tuple:
    """err.keepdims when one shape is the other without its last axis, else the shapes as they are."""
    found = _BROADCAST.search(message)
    if found:
        a, b = _shape(found.group(1)), _shape(found.group(2))
        for full, reduced in ((a, b), (b, a)):
            if len(full) >= 2 and reduced == full[:-1]:
                said = (f"an array of shape {full} combined with one of shape {reduced}, which is {full} "
                        "without its last axis")
                # keepdims is a fix only for code that reduces: labels of shape (N,) make (N,) too
                return ("err.keepdims", f"{said}, as a reduction such as e.sum(axis=1) gives: keep the "
                        "reduced axis with keepdims=True so that each row is divided by its own value.",
                        AXIS_REDUCTION, f"{said}: print the shapes of the operands on the line the traceback "
                        "shows and find where each is made.")
        shapes = f"{a} and {b}"
        product = _product_of(a, b)
    else:
        shapes, product = "two shapes", None
    said = (f"an elementwise operation got arrays of shapes {shapes}, which do not broadcast (each axis, "
            "counted from the right, must be equal or 1)")
    # Two matrices that a matrix product would take are as often the right arrays under the wrong
    # operation as the wrong arrays: name both, the operation only where the code multiplies elementwise.
    elementwise = [("the operation is elementwise (* or np.multiply) where a matrix product belongs: "
                    f"{product}", operator("*") | calls("multiply"))] if product else []
    # two right arrays combined too early (summed before each is reduced) give this error as well
    reduced_first = [("the two are right but combined before each is reduced (np.sum(a + b) where np.sum(a) "
                      "+ np.sum(b) belongs)", calls("sum", "mean"))]
    causes = ["one of them is not the array you meant", *kept(elementwise), *kept(reduced_first)]
    return ("err.broadcast", f"{said}: print the shapes of the operands on the line the traceback shows "
            f"and find where each is made. For example {', or '.join(causes)}."
            if len(causes) > 1 else f"{said}: print the shapes of the operands on the line the traceback "
            "shows and find where each is made: one of them is not the array you meant.")


def _product_of(a: tuple[int, ...], b: tuple[int, ...]) -> str | None:
    """How two matrices of shapes a and b make a matrix product (A @ B, A @ B.T, A.T @ B), or None."""
    if len(a) != 2 or len(b) != 2:
        return None
    for words, inner in (("A @ B", a[1] == b[0]), ("A @ B.T", a[1] == b[1]), ("A.T @ B", a[0] == b[0])):
        if inner:
            return f"with A of shape {a} and B of shape {b}, {words} is defined"
    return None


def _matmul_hint(exc: BaseException) -> tuple[str, str]:
    """err.matmul_shapes with the operands' shapes when the failing line shows them, else the rule."""
    rule = "a @ b needs a.shape[-1] == b.shape[0]"
    if "not aligned" in str(exc):
        rule = "np.dot(a, b) of 2-d arrays is the matrix product a @ b, which needs a.shape[-1] == b.shape[0]"
    sizes = _MATMUL_SIZES.search(str(exc))
    frame = _student_frame(exc.__traceback__)
    product = _failing_product(frame) if frame is not None else None
    if product is None:
        # NumPy's words: "size <b.shape[0]> is different from <a.shape[-1]>"
        differ = f" (here a.shape[-1] = {sizes.group(2)}, b.shape[0] = {sizes.group(1)})" if sizes else ""
        return ("err.matmul_shapes", f"{rule}{differ}: print the shapes of both operands of the product "
                "on the line the traceback shows (a weight matrix W has shape (n_out, n_in)).")
    (left, a), (right, b) = product
    said = f"`{left}` has shape {a.shape} and `{right}` has shape {b.shape}: {rule}"
    columns = a.ndim == 2 and a.shape[1] == 1 and a.shape[0] > 1
    if columns and a.shape == b.shape:
        # the dot product of two flat (N,) vectors is a sum of products; of two columns it is no product
        return ("err.matmul_shapes", f"{said}, and both are columns (N, 1): their matrix product is not "
                f"defined. The dot product of two flat (N,) vectors is the sum of the entries' products; "
                f"for columns write np.sum({left} * {right}), which works for any shape (or flatten "
                "both with .ravel() first).")
    square = _square_from_broadcast(frame, (a, b))
    if square:
        return ("err.square_broadcast", f"{said}. {square}")
    if _callee_chain(exc.__traceback__):
        # the line is in a function the blank calls, which may be right: its arrays are described,
        # and no edit of its expression is proposed (the callee words point at the arguments)
        return ("err.matmul_shapes", f"{said}. {_reversed_operand(left, a, right, b)}".rstrip())
    if a.ndim == 2 and b.ndim == 2 and right.endswith(".T") and a.shape[-1] == b.shape[-1]:
        # the code transposes a weight already: undoing that .T fits the sizes, and is the fix where
        # an error passes back (dz @ W), not where a layer runs forward (a @ W.T with another W)
        weight = right[:-2]
        return ("err.matmul_shapes", f"{said}; `{left} @ {weight}` has matching sizes. Either the .T does "
                "not belong (passing an error back is dz @ W, with no .T), or, in a forward step (a @ W.T, "
                f"W of shape (n_out, n_in)), `{weight}` is not the weight of the layer `{left}` feeds "
                "(another layer's).")
    if a.ndim == 2 and b.ndim == 2 and a.shape[-1] == b.shape[-1]:
        return ("err.matmul_shapes", f"{said}; `{left} @ {right}.T` has matching sizes: check where a .T "
                "is needed (a weight matrix W has shape (n_out, n_in)).")
    if a.ndim == 2 and b.ndim == 2 and a.shape[0] == b.shape[0]:
        return ("err.matmul_shapes", f"{said}; `{left}.T @ {right}` has matching sizes: check where a .T "
                "is needed.")
    return ("err.matmul_shapes", f"{said}; neither operand's .T fits: one of them is not the array you "
            "meant, or has the wrong shape (print the shapes where each is made).")


def _reversed_operand(left: str, a: Any, right: str, b: Any) -> str:
    """"With `W` of shape (6, 2) (its sizes in the other order) the product would fit." for the operands
    whose reversed shape makes ``a @ b`` fit; both are named when both would, "" when neither."""
    fits = [(name, shape) for name, shape, ok in (
        (left, a.shape[::-1], a.ndim == 2 and a.shape[0] == (b.shape[-2] if b.ndim >= 2 else b.shape[0])),
        (right, b.shape[::-1], b.ndim == 2 and b.shape[1] == a.shape[-1]))
        if ok]
    if not fits:
        return ""
    named = " or ".join(f"`{name}` of shape {shape}" for name, shape in fits)
    return f"With {named} (its two sizes in the other order) the product would fit."


def _student_frames(tb: TracebackType | None) -> list[FrameType]:
    """The traceback's frames outside the check library and NumPy, outermost first."""
    return [frame for frame, _ in traceback.walk_tb(tb) if not _library(frame.f_code.co_filename)]


def _library(filename: str) -> bool:
    """Whether a frame's file is this package's or a library's: NumPy's Python files, its compiled
    Cython modules (named "numpy/random/_generator.pyx", relative), anything installed."""
    return (filename.startswith(_PACKAGE) or "/numpy/" in filename or filename.startswith("numpy/")
            or filename.endswith((".pyx", ".pxd")) or "site-packages" in filename)


def _student_frame(tb: TracebackType | None) -> FrameType | None:
    """The innermost frame outside the check library and NumPy: where the student's line failed."""
    frames = _student_frames(tb)
    return frames[-1] if frames else None


def _failing_product(frame: FrameType) -> tuple[tuple[str, Any], tuple[str, Any]] | None:
    """((text, value), (text, value)) of the one product ``a @ b`` on the frame's line whose sizes clash.

    Only operands made of names, constant subscripts and ``.T`` are evaluated (no call
    is made again); None when the line has no such product, or more than one clashes.
    """
    line = _line(frame)
    try:
        tree = ast.parse(line if not line.endswith(":") else line + " pass")
    except SyntaxError:
        return None
    clashing = []
    for node in ast.walk(tree):
        pair = _product_operands(node)
        if pair is None:
            continue
        left, right = _value_of(pair[0], frame), _value_of(pair[1], frame)
        if left is None or right is None:
            continue
        a, b = left[1], right[1]
        if a.ndim >= 1 and b.ndim >= 1 and a.shape[-1] != b.shape[-2 if b.ndim >= 2 else 0]:
            clashing.append((left, right))
    return clashing[0] if len(clashing) == 1 else None


def _product_operands(node: ast.AST) -> tuple[ast.expr, ast.expr] | None:
    """The two operands of ``a @ b`` or ``np.dot(a, b)`` (a @ b for 2-d operands, in other words), or None."""
    if _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.MatMult):
        return node.left, node.right
    if not _isinstance(node, ast.Call) or len(node.args) != 2 or node.keywords:
        return None
    name = node.func.attr if _isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    return (node.args[0], node.args[1]) if name == "dot" else None


def _line(frame: FrameType) -> str:
    """The source line the frame is at ("" when its code has no source, e.g. built with exec)."""
    return linecache.getline(frame.f_code.co_filename, frame.f_lineno, frame.f_globals).strip()


def _value_of(node: ast.expr, frame: FrameType) -> tuple[str, Any] | None:
    """(source text, array) of an operand built from names, constant subscripts and .T only."""
    for part in ast.walk(node):
        if not _isinstance(part, ast.Name | ast.Subscript | ast.Attribute | ast.Constant | ast.Load):
            return None
        if _isinstance(part, ast.Attribute) and part.attr != "T":
            return None
        if _isinstance(part, ast.Subscript) and not _isinstance(part.slice, ast.Constant):
            return None
    text = ast.unparse(node)
    try:
        value = eval(compile(ast.Expression(node), "<operand>", "eval"),  # only names, subscripts, .T
                     dict(frame.f_globals), dict(frame.f_locals))
    except Exception:  # an operand that cannot be read again is simply not shown
        return None
    return (text, value) if _type(value) is _ndarray else None


def _square_from_broadcast(frame: FrameType, operands: tuple[Any, ...]) -> str:
    """The (N,) and (N, 1) arrays of the frame when an operand is (N, N): they broadcast to it."""
    for op in operands:
        if op.ndim != 2 or op.shape[0] != op.shape[1] or op.shape[0] < 2:
            continue
        n = op.shape[0]
        arrays = {k: v for k, v in frame.f_locals.items() if _type(v) is _ndarray}
        flat = [k for k, v in arrays.items() if v.shape == (n,)]
        column = [k for k, v in arrays.items() if v.shape == (n, 1)]
        if flat and column:
            return (f"An operand of shape ({n}, {n}), and `{flat[0]}` of shape ({n},) next to "
                    f"`{column[0]}` of shape ({n}, 1): combined elementwise, an (N,) and an (N, 1) array "
                    f"broadcast to (N, N). Bring both to one shape first (`{flat[0]}.reshape(-1, 1)`).")
    return ""


# --------------------------------------------------------------------------
# Keys, indices, whole numbers and names: read from the failing line
# --------------------------------------------------------------------------

def _readable(node: ast.expr, frame: FrameType) -> Any:
    """The value of an expression built from names, constants, subscripts, ``.T``/``.shape``, + - * //.

    Nothing else is evaluated (no call is made again); raises ValueError for anything else.
    """
    allowed = (ast.Name, ast.Constant, ast.Subscript, ast.Attribute, ast.BinOp, ast.UnaryOp, ast.Load,
               ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.USub, ast.Tuple, ast.JoinedStr,
               ast.FormattedValue, ast.Slice)
    for part in ast.walk(node):
        if not _isinstance(part, allowed):
            raise ValueError("not a plain expression")
        if _isinstance(part, ast.Attribute) and part.attr not in ("T", "shape"):
            raise ValueError("not a plain attribute")
    return eval(compile(ast.Expression(node), "<operand>", "eval"),  # plain names and arithmetic only
                dict(frame.f_globals), dict(frame.f_locals))


def _line_tree(frame: FrameType) -> ast.AST | None:
    line = _line(frame)
    for text in (line, line + " pass", line.removeprefix("elif ").removeprefix("return ")):
        try:
            return ast.parse(text)
        except SyntaxError:
            continue
    return None


def _subscripts(frame: FrameType) -> list[tuple[str, Any, Any, bool]]:
    """(container's text, container, index value, index computed) of each readable subscript on the
    failing line; computed: the index is built from variables (f"W{l}", i + 1), not a constant."""
    tree = _line_tree(frame)
    found = []
    for node in ast.walk(tree) if tree is not None else ():
        if not _isinstance(node, ast.Subscript) or not _isinstance(node.ctx, ast.Load):
            continue  # a subscript assigned to makes its key; only one read can lack it
        try:
            container, index = _readable(node.value, frame), _readable(node.slice, frame)
        except Exception:  # a part that cannot be read again is simply not used
            continue
        computed = not _isinstance(node.slice, ast.Constant)
        found.append((ast.unparse(node.value), container, index, computed))
    return found


def _dicts_read_with_calls(frame: FrameType) -> list[tuple[str, dict]]:
    """(text, dict) of each readable dict on the failing line read with a key whose expression calls
    something (and so is not evaluated again): the candidates for a KeyError's dict."""
    tree = _line_tree(frame)
    found = []
    for node in ast.walk(tree) if tree is not None else ():
        if not _isinstance(node, ast.Subscript) or not _isinstance(node.ctx, ast.Load):
            continue
        if not any(_isinstance(part, ast.Call) for part in ast.walk(node.slice)):
            continue
        try:
            container = _readable(node.value, frame)
        except Exception:  # a part that cannot be read again is simply not used
            continue
        if _isinstance(container, dict):
            found.append((ast.unparse(node.value), container))
    return found


def _layer(key: Any) -> tuple[str, int] | None:
    """("W", 3) for "W3": a key of a numbered family (W1, b1, dW1, z2, ...)."""
    found = _NUMBERED.match(key) if _isinstance(key, str) else None
    return (found.group(1), int(found.group(2))) if found and found.group(1) else None


def _key_hint(exc: KeyError) -> tuple[str, str] | None:
    """The dict of the failing line that lacks the key: its keys, and what the key's name proves."""
    key = exc.args[0]
    frame = _student_frame(exc.__traceback__)
    if frame is None:
        return None
    dicts = [(text, c, computed) for text, c, index, computed in _subscripts(frame)
             if _isinstance(c, dict) and _isinstance(index, str) and index == key and key not in c]
    if not dicts:  # a key made by a call (name.replace("W", "dW")), which is never made again
        dicts = [(text, c, True) for text, c in _dicts_read_with_calls(frame) if key not in c]
    if len({text for text, _, _ in dicts}) != 1:
        return None
    name, held, computed = dicts[0]
    keys = [k for k in held if _isinstance(k, str)]
    said = f"`{name}` has the keys {', '.join(keys) or 'none'} and no {key!r}"
    same = [k for k in keys if k.lower() == key.lower()]
    prefixed = [k for k in keys if k == "d" + key or "d" + k == key]
    if same:
        return ("err.missing_key", f"{said}; it holds {same[0]!r}: keys are case-sensitive, write "
                f"{name}[{same[0]!r}].")
    if prefixed:
        gradient = prefixed[0] if prefixed[0].startswith("d") else key
        # which side is wrong, the key read or the keys the dict was built with, the error cannot tell
        return ("err.missing_key", f"{said}; it holds {prefixed[0]!r}: the key read and the dict's keys "
                f"differ by the 'd' of a gradient ({gradient} is the gradient of {gradient[1:]}). Either "
                f"read {name}[{prefixed[0]!r}], or `{name}` was built with the other family's keys (a "
                f"dict keyed like params holds {gradient[1:]!r}, one keyed like grads {gradient!r}): "
                f"check which keys the blank asks `{name}` to have.")
    layer = _layer(key)
    prefix, n = layer or ("", -1)
    numbers = sorted(found[1] for found in map(_layer, keys) if found and found[0] == prefix)
    # A loop is claimed only for a key built from a variable (f"W{l}"): a constant key is a choice.
    if computed and layer and numbers and numbers == list(range(1, len(numbers) + 1)):
        if n == numbers[-1] + 1:
            held_text = (f"only {prefix}1" if numbers[-1] == 1 else f"{prefix}1 to {prefix}{numbers[-1]}")
            holds = f"{said}: it holds {held_text}, and {prefix}{n} is one past the last."
            too_far = ("the loop runs one layer too far (layers are numbered 1 to L, range(1, L + 1): "
                       "its bound, or the L it uses, is too large"
                       f"{_key_count_words(frame, held, numbers[-1], name)})")
            # the error shows the key asked for, not which of its causes made it: none is claimed alone
            index = f"the key's number is one too large ({prefix}{{l}} where {prefix}{{l - 1}} belongs)"
            short = (f"the loop that fills `{name}` stops one layer short (range(1, L) gives layers 1 to "
                     "L - 1)" if _built_here(frame, name) else f"`{name}` was built with one layer too few")
            return ("fp.off_by_one", f"{holds} Possible causes, for example: {index}, {too_far}, or {short}.")
        if n == 0:
            loop = "a loop over range(L) starts at 0: loop over range(1, L + 1)"
            # a0 is the one a layer's input is taken as: layer 1's input is X, which no cache holds
            # (J26a: the loop alone was named where the loop was right)
            first = (f"asking for {prefix}{{l - 1}} at layer 1 reads {prefix}0, and the first layer's "
                     f"input is X itself (take X where l == 1); or {loop}") if prefix == "a" else loop
            return ("fp.off_by_one", f"{said}: layers are numbered from 1 ({prefix}1 to "
                    f"{prefix}{numbers[-1]}), so there is no {prefix}0. Either {first}.")
    return ("err.missing_key", f"{said}: print {name}.keys() where it is made and check which key "
            "you meant.")


def _built_here(frame: FrameType, name: str) -> bool:
    """NAME is a local the function made (not one of its arguments)."""
    code = frame.f_code
    arguments = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
    return name.isidentifier() and name in frame.f_locals and name not in arguments


def _source_of(frame: FrameType) -> str:
    """The source of the frame's function ("" when it has none, e.g. built with exec)."""
    try:
        return inspect.getsource(frame.f_code)
    except (OSError, TypeError):
        return ""


def _key_count_words(frame: FrameType, held: dict, layers: int, name: str) -> str:
    """"; `L` = 4 is the number of keys of the dict, ..." when a whole-number local counts the keys
    and the function's code takes len() of that dict (an equal number alone is a coincidence)."""
    if len(held) == layers or f"len({name})" not in _source_of(frame).replace(" ", ""):
        return ""
    counted = [k for k, v in frame.f_locals.items()
               if _type(v) is int and v == len(held) and not k.startswith("_")]
    if not counted:
        return ""
    return (f"; `{counted[0]}` = {len(held)} is the number of keys of the dict, which holds {layers} "
            "layers")


def _index_hint(exc: IndexError) -> tuple[str, str] | None:
    """An index past its axis: one past the end is a loop or index one too far."""
    message = str(exc)
    found = _OUT_OF_BOUNDS.search(message)
    frame = _student_frame(exc.__traceback__)
    if found:
        index, axis, size = (int(g) for g in found.groups())
        where = f"index {index} on an axis of size {size} (axis {axis})"
    else:
        lists = [(text, c, i) for text, c, i, _ in (_subscripts(frame) if frame is not None else [])
                 if _isinstance(c, list | tuple) and _isinstance(i, int) and not -len(c) <= i < len(c)]
        if len({text for text, _, _ in lists}) != 1:
            return None
        text, sequence, index = lists[0]
        if text.endswith(".shape"):
            return _shape_index_hint(text[:-len(".shape")], sequence, index)
        # a list's or tuple's position is no array axis: say what was indexed, not "axis 0"
        size = len(sequence)
        where = f"index {index} of {text}, a {type(sequence).__name__} of length {size}"
    exchanged = _exchanged_indices(frame) if found and frame is not None else None
    if exchanged is not None:
        text, pair, shape = exchanged
        return ("fp.indices_exchanged", f"{where}: {text}[{pair[0]}, {pair[1]}] is past the end of {text}, "
                f"of shape {shape}, where {text}[{pair[1]}, {pair[0]}] is not. Either the two indices are "
                f"in the wrong order for {text}'s rows and columns ({text}[row, column], the row running "
                "over the first axis), or an index goes one step too far.")
    if index == size:
        fact = f"{where}: indices run from 0 to {size - 1}, so {index} is one past the end."
        # each cause only where the code can hold it: a step too far needs a + 1 or a range from 1; an
        # index computed by division (k // m) points at its computation, not at the array's size
        tree = None if frame is None else _frame_tree(frame)  # None: no source, every cause stays possible
        far, small = (True, True) if tree is None else (_counts_one_more(tree), not _divides(tree))
        # indices np.where found: their number is the rows' (J26a: "one entry too small" was wrong there)
        if tree is not None and _axis_of_where(tree):
            return ("fp.where_axis", f"{fact} The index comes from np.where(condition) (or .nonzero()) "
                    "taken at one axis: with the condition alone it returns one array of indices per "
                    "axis, rows first, so [0] holds the rows where the condition holds and [1] the "
                    "columns. Check which axis your index is meant for (a one-hot row's class is its "
                    "column: Y.argmax(axis=1)).")
        causes = ([] if not far else ["the index goes one step too far (range(n + 1), range(1, n + 1) "
                                      "used as an index, x[i + 1] at the last i)"]) + (
            [] if not small else [f"the array is one entry too small on that axis (it was made with {size} "
                                  f"where {size + 1} belong: a count missing its + 1, a unit or a layer "
                                  "left out)"])
        if not causes:
            return ("fp.off_by_one", fact + " Print the index and the array's shape on the line the "
                    "traceback shows, and check how the index is computed.")
        said = f"Either {causes[0]}, or {causes[1]}" if len(causes) == 2 else f"Maybe {causes[0]}"
        return ("fp.off_by_one", f"{fact} {said}.")
    return ("err.index", f"{where}: valid indices run from 0 to {size - 1} (or -{size} to -1); print the "
            "index and the array's shape on the line the traceback shows.")


def _frame_tree(frame: FrameType) -> ast.AST | None:
    """The parsed source of the function FRAME runs (None when it cannot be read)."""
    try:
        return ast.parse(textwrap.dedent(inspect.getsource(frame.f_code)))
    except (OSError, TypeError, SyntaxError):
        return None


def _axis_of_where(tree: ast.AST) -> bool:
    """Whether the student's function takes one axis's indices of a one-argument np.where or a
    .nonzero() (np.where(c)[0], c.nonzero()[1])."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call) and isinstance(
                node.slice, ast.Constant) and isinstance(node.slice.value, int):
            func = node.value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if (name == "where" and len(node.value.args) == 1) or name in ("nonzero", "argwhere"):
                return True
    return False


def _divides(tree: ast.AST) -> bool:
    """Whether the student's function (its parsed source) computes a value by floor division or a
    remainder (k // m, k % m)."""
    return any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.FloorDiv | ast.Mod) for n in ast.walk(tree))


def _counts_one_more(tree: ast.AST) -> bool:
    """Whether the student's function (its parsed source) holds the cause of an index one step too far:
    a `+ 1` (in a range, an index or a size) or a range starting at 1."""
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub) and any(
                isinstance(v, ast.Constant) and v.value == 1 for v in (node.left, node.right)):
            return True
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"
                and len(node.args) >= 2 and isinstance(node.args[0], ast.Constant)
                and node.args[0].value == 1):
            return True
    return False


def _exchanged_indices(frame: FrameType) -> tuple[str, tuple[int, int], tuple[int, int]] | None:
    """A 2-D array read or written on the failing line at [i, j] out of bounds where [j, i] is in
    bounds: (its text, (i, j), its shape). Only one such subscript on the line, or None."""
    tree = _line_tree(frame)
    found = set()
    for node in ast.walk(tree) if tree is not None else ():
        if not (_isinstance(node, ast.Subscript) and _isinstance(node.slice, ast.Tuple)
                and len(node.slice.elts) == 2):
            continue
        try:
            array, pair = _readable(node.value, frame), _readable(node.slice, frame)
        except Exception:  # a part that cannot be read again is simply not used
            continue
        if _type(array) is not _ndarray or array.ndim != 2 or not all(_isinstance(i, int) for i in pair):
            continue
        if not _inside(array.shape, pair) and _inside(array.shape, pair[::-1]):
            found.add((ast.unparse(node.value), tuple(pair), array.shape))
    return found.pop() if len(found) == 1 else None


def _inside(shape: tuple, pair: tuple) -> bool:
    return all(0 <= i < n for i, n in zip(pair, shape, strict=True))


def _shape_index_hint(array: str, shape: tuple, index: int) -> tuple[str, str]:
    """``x.shape[k]`` past the end of the shape tuple: the array has fewer axes than the code assumes.

    shape: the array's shape as read on the failing line; index: k. No loop or size is at
    fault: ``.shape`` holds one entry per axis, so the array is ``len(shape)``-D where the
    code reads axis k.
    """
    return ("fp.fewer_axes", f"{array}.shape[{index}] reads axis {index}, but {array} has shape {shape}: "
            f"it has {len(shape)} ax{'i' if len(shape) == 1 else 'e'}s (ndim {len(shape)}), fewer than "
            f"the code assumes. Either {array} arrives with another shape than you expect (a flat (N,) "
            f"array where a column (N, 1) was assumed), or another axis is the one you need (N is "
            f"{array}.shape[0]).")


def _key_on_array_hint(exc: BaseException) -> tuple[str, str] | None:
    """"fp.arguments_exchanged": an argument that is an array indexed with a string key ('W1') while
    another argument of the same function is a dict holding that key: the two hold each other's values.

    Only arguments (the function's parameters) are compared: which side made the slip, the call's
    order or the name read, the error cannot tell, so the call's order is an example.
    """
    frame = _student_frame(exc.__traceback__)
    if frame is None:
        return None
    code = frame.f_code
    arguments = list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
    found = [(text, key) for text, c, key, _ in _subscripts(frame)
             if text in arguments and _type(c) is _ndarray and _isinstance(key, str)]
    if len({text for text, _ in found}) != 1:
        return None
    name, key = found[0]
    holders = [a for a in arguments if a != name and _isinstance(frame.f_locals.get(a), dict)
               and key in frame.f_locals[a]]
    if len(holders) != 1:
        return None
    array = frame.f_locals[name]
    return ("fp.arguments_exchanged", f"`{name}` is an array of shape {array.shape}, indexed with the key "
            f"{key!r}, while `{holders[0]}` is a dict that holds {key!r}: the two arguments hold each "
            f"other's values. For example the call passes them in the other order ({code.co_name} takes "
            f"({', '.join(arguments)}) in that order).")


def _float_index_hint(exc: BaseException) -> tuple[str, str] | None:
    """A float where a whole number belongs; the failing line's float-valued names, when readable.

    NumPy's "only integers, slices ..." and "slice indices must be integers" name no type: there
    the hint speaks only when the failing line holds a float-valued name (a string index is
    another slip); "'float' object ..." and "got '2.5'" prove a float themselves.
    """
    frame = _student_frame(exc.__traceback__)
    tree = _line_tree(frame) if frame is not None else None
    floats, values, matrices = [], [], []
    # Only names in an index or in a call's arguments (range(n), np.zeros(n)) can be the whole number.
    places = [n.slice for n in ast.walk(tree) if _isinstance(n, ast.Subscript)] if tree is not None else []
    places += [a for n in ast.walk(tree) if _isinstance(n, ast.Call)
               for a in (*n.args, *(k.value for k in n.keywords))
               if _isinstance(a, ast.Name | ast.BinOp | ast.UnaryOp | ast.Tuple | ast.List)] \
        if tree is not None else []  # a tuple of sizes too: size=(n_hidden, n_in)
    for node in (part for place in places for part in ast.walk(place)):
        if _isinstance(node, ast.Name):
            try:
                value = _readable(node, frame)
            except Exception:  # an unreadable name is simply not shown
                continue
            if _isinstance(value, float):
                floats.append(f"{node.id} = {float(value)!r}")
                values.append((node.id, float(value)))
            elif _type(value) is _ndarray and value.dtype.kind == "f":
                if value.ndim >= 2:
                    matrices.append(f"`{node.id}` is a float array of shape {value.shape}")
                floats.append(f"{node.id}, a float array" if value.ndim else f"{node.id} = {float(value)!r}")
    proven = "float" in str(exc) or "got '" in str(exc)
    if not floats and not proven:
        return None
    named = f" (on the failing line: {', '.join(dict.fromkeys(floats))})" if floats else ""
    constants = _constants_of(frame, values) if frame is not None else ""
    if matrices:
        # a matrix of floats is data, not positions: rounding it would index with its values
        return ("err.float_index", f"a float was used where a whole number belongs{named}. "
                f"{'; '.join(dict.fromkeys(matrices))}: indices are whole numbers, one per position, "
                "and a float matrix looks like data itself. If it holds rows where their positions "
                "belong, make the positions instead (a permutation of range(N), not of the rows); "
                "do not round it to int.")
    # a product that makes the float: one with a float-valued name in it (np.sqrt(2.0 / n_in) beside a
    # float size is not it)
    float_names = {n for n, _ in values}
    product = any(_isinstance(n, ast.BinOp) and any(_isinstance(m, ast.Name) and m.id in float_names
                                                    for m in ast.walk(n))
                  for place in places for n in ast.walk(place))
    given = _given_unchanged(frame, [name for name, _ in values]) if frame is not None else []
    if given and not product and not constants:
        # the float arrives as an argument the function never changes: it is made by the caller, where
        # a conversion would hide the slip (a learning rate passed where a size belongs)
        names = ", ".join(f"`{n}`" for n in given)
        cause = (f" {names} {'is a parameter' if len(given) == 1 else 'are parameters'} of "
                 f"`{frame.f_code.co_name}`, used as given: the float comes from its caller. Look at what "
                 "the caller passes there (which value, in which position) before converting anything.")
    else:
        cause = (" A product such as val_fraction * N is a float even when it is whole (0.2 * 50 = 10.0): "
                 "convert it with int(round(...)) (or use // for a whole division)." if product else
                 " Convert it where it is made: int(round(...)) for a number, // for a whole division, "
                 ".astype(int) for an array of positions.")
    return ("err.float_index", f"a float was used where a whole number belongs: an index, a slice bound, "
            f"a size or range(){named}.{constants}{cause}")


def _given_unchanged(frame: FrameType, names: list[str]) -> list[str]:
    """The names among ``names`` that are parameters of the frame's function and that its source never
    assigns (they hold what the caller passed); [] when its source cannot be read."""
    code = frame.f_code
    parameters = set(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
    try:
        tree = ast.parse(textwrap.dedent(_source_of(frame)))
    except SyntaxError:
        return []
    if not tree.body:
        return []
    assigned = {node.id for node in ast.walk(tree) if _isinstance(node, ast.Name)
                and _isinstance(node.ctx, ast.Store)}
    return [n for n in dict.fromkeys(names) if n in parameters and n not in assigned]


def _constants_of(frame: FrameType, values: list[tuple[str, float]]) -> str:
    """" `epochs` = 300.0 is the value of your notebook's constant EPOCHS = 300.0: ..." for each whole float
    of the failing line that a local holds and a notebook constant (a float global of that value) set."""
    said, whole = [], [(n, v) for n, v in values if v.is_integer()]
    for name, value in whole:
        if name in frame.f_locals:  # a parameter or local: which notebook constant holds its value
            same = [k for k, v in frame.f_globals.items() if _type(v) is float and v == value
                    and not k.startswith("_") and k != name]
            if same:
                said.append(f"`{name}` = {value!r} is the value of your notebook's "
                            f"{', '.join(same)} = {value!r}")
        elif name in frame.f_globals:  # the notebook's constant itself on the failing line
            said.append(f"`{name}` is your notebook's constant, set to the float {value!r}")
    if not said:
        return ""
    return (f" {'; '.join(dict.fromkeys(said))}: set it as an int ({int(whole[0][1])}, not "
            f"{whole[0][1]!r}; 3e2 and 600 / 2 are floats too).")


#: NumPy reductions whose second positional parameter is the axis, and the elementwise function
#: of two arrays a reader may have meant (None: no single one).
_REDUCTIONS = {"max": "np.maximum", "amax": "np.maximum", "min": "np.minimum", "amin": "np.minimum",
               "sum": None, "mean": None, "prod": None}


def _array_as_index_hint(exc: BaseException) -> tuple[str, str]:
    """err.array_as_index; a reduction given an array as its second positional argument (the axis) named."""
    frame = _student_frame(exc.__traceback__)
    tree = _line_tree(frame) if frame is not None else None
    for node in ast.walk(tree) if tree is not None else ():
        if not (_isinstance(node, ast.Call) and _isinstance(node.func, ast.Attribute)
                and node.func.attr in _REDUCTIONS and len(node.args) >= 2):
            continue
        try:
            second = _readable(node.args[1], frame)
        except Exception:  # an argument that cannot be read again proves nothing
            continue
        if _type(second) is not _ndarray or second.ndim == 0:
            continue
        call, given, name = ast.unparse(node), ast.unparse(node.args[1]), node.func.attr
        said = (f"`{call}`: the second positional argument of np.{name} is the axis to reduce over, and "
                f"`{given}` is an array of shape {second.shape}, so NumPy tried to read it as an axis "
                f"number. np.{name} reduces the entries of one array")
        meant = _REDUCTIONS[name]
        if meant:
            pair = ", ".join(ast.unparse(a) for a in node.args[:2])
            return ("err.array_as_index", f"{said}; the elementwise {meant[3:]} of two arrays (or of an "
                    f"array and a number) is {meant}: {meant}({pair}).")
        return ("err.array_as_index", f"{said}: to combine two arrays entry by entry use the operator "
                "(+, *), and to reduce one array pass it alone (with axis= as a keyword).")
    return ("err.array_as_index", "an array was used where one whole number belongs (range(), an index, "
            "a slice bound, a size, or a reduction's axis): either a number was meant there (len(x), "
            "x.shape[0], or one entry of it), or the array was given to a parameter meant for a number "
            "(np.max(a, b) reads b as the axis; np.maximum(a, b) is elementwise).")


def hidden_global_hint(name: str) -> tuple[str, str]:
    """A function read NAME, one of the notebook's arrays or dicts the check hides from it."""
    return ("err.name_not_defined", f"`{name}` is one of the notebook's arrays or dicts, defined outside "
            "your function, and the check hides them: a function must work from its arguments alone, "
            "because the check calls it on inputs of its own, more than once. Make "
            f"`{name}` inside the function, or pass it in as an argument.")


def _name_hint(exc: NameError) -> tuple[str, str]:
    """A name not defined where the function runs: the blank of the course it names (of this notebook,
    further down or above; or of another notebook), a near name the student defined, or neither."""
    from autograder.blanks import BLANKS, BY_NAME  # the registry imports the checks, which import this
    from autograder.checking import HIDDEN_GLOBALS
    from autograder.undefined_names import near_name

    name = exc.name
    frame = _student_frame(exc.__traceback__)
    said = f"`{name}` is not defined where your function runs"
    names = frame.f_globals if frame is not None else {}
    if name in names.get(HIDDEN_GLOBALS, ()):
        return hidden_global_hint(name)
    blank, own = BY_NAME.get(name), BY_NAME.get(frame.f_code.co_name) if frame is not None else None
    # this notebook's blank: the function's own blank is of its notebook, or its other blanks are here
    here = blank is not None and (own.notebook == blank.notebook if own is not None else any(
        b.name in names for b in BLANKS if b.notebook == blank.notebook and b.name != name))
    if here and own is not None:
        order = [b.name for b in BLANKS]
        if order.index(blank.name) > order.index(own.name):
            return ("err.name_not_defined", f"{said}: `{name}` is a blank of this notebook further down, "
                    f"and a notebook runs top to bottom, so its cell has not run when {own.name}'s check "
                    f"calls your function: write {own.name} with what the cells above it define.")
        return ("err.name_not_defined", f"{said}: `{name}` is a blank above, and its cell has not run "
                "(or stopped with an error): run it, then this cell.")
    if here:
        return ("err.name_not_defined", f"{said}: `{name}` is a blank of this notebook whose cell has not "
                "run when this check calls your function: a notebook runs top to bottom, so a blank "
                "further down is not defined yet (use only what the cells above define), and one above "
                "must have run without an error.")
    if blank is not None:
        return ("err.name_not_defined", f"{said}: `{name}` is written in notebook {blank.notebook}, and "
                "each notebook runs on its own: define what you need in this notebook, or use what it "
                "already provides.")
    # the student's own names only: the check library's functions are nobody's typo
    own_names = [k for k, v in names.items()
                 if not (_type(v) is types.FunctionType and str(v.__module__).startswith("autograder"))]
    close = near_name(name, own_names)
    if close:
        return ("err.name_not_defined", f"{said}, and the notebook defines `{close}`: is `{name}` a "
                f"typo for `{close}`?")
    return ("err.name_not_defined", f"{said}: define it in a cell above and run that cell, or pass it "
            "in as an argument (a function sees its arguments, its own variables and the notebook's "
            "names).")
