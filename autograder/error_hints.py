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
- err.matmul_shapes: ``a @ b`` with a.shape[-1] != b.shape[0]; the operands' shapes are
  read from the failing line of the student's frame when its operands are plain names,
  subscripts and ``.T``, and a proven remedy is named (``b.T`` or ``a.T`` fits);
- err.square_broadcast: among the operands of a failing product, an (N, N) array while the
  frame holds both an (N,) and an (N, 1) array: the broadcast that made it.
Warnings: warn.log_zero, warn.divide_by_zero, warn.exp_overflow.
Every result is (mistake id, hint text), or None when nothing is proven.
"""

import ast
import linecache
import re
import traceback
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from autograder.captured import isinstance_ as _isinstance
from autograder.captured import ndarray as _ndarray
from autograder.captured import type_ as _type

_PACKAGE = str(Path(__file__).resolve().parent)
_BROADCAST = re.compile(r"shapes \(([\d, ]*)\) \(([\d, ]*)\)")
_MATMUL_SIZES = re.compile(r"size (\d+) is different from (\d+)")


def exception_hint(exc: BaseException) -> tuple[str, str] | None:
    """(mistake id, hint) for an exception raised by student code, when its text proves a slip."""
    message = str(exc)
    if _isinstance(exc, ValueError) and "truth value of an array" in message:
        return ("err.array_truth", "an `if`, `and`, `or`, `not` or Python's max()/min() needs a single "
                "True/False, and got an array of several values: write it elementwise with NumPy "
                "(np.where(x > 0, x, 0), np.maximum(x, 0), & and | for and/or).")
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
    if _isinstance(exc, ValueError) and "matmul" in message and "mismatch" in message:
        return _matmul_hint(exc)
    return None


def warning_hint(message: str) -> tuple[str, str] | None:
    """(mistake id, hint) for a warning whose message points at one common slip."""
    if "log" in message:
        return ("warn.log_zero", "log(0) is -inf: clip probabilities to [eps, 1 - eps] with np.clip "
                "before taking the log.")
    if "divide by zero" in message:
        return ("warn.divide_by_zero", "a division by zero: clip the values you divide by (such as y_hat "
                "and 1 - y_hat) to [eps, 1 - eps] first.")
    if "overflow" in message and "exp" in message:
        return ("warn.exp_overflow", "exp of a large number overflows float64 (exp(710) is already inf): "
                "rearrange so that exp only sees numbers <= 0, e.g. exp(-|x|), or subtract the row's max.")
    return None


def _shape(text: str) -> tuple[int, ...]:
    return tuple(int(s) for s in text.replace(" ", "").split(",") if s)


def _broadcast_hint(message: str) -> tuple[str, str]:
    """err.keepdims when one shape is the other without its last axis, else the shapes as they are."""
    found = _BROADCAST.search(message)
    if found:
        a, b = _shape(found.group(1)), _shape(found.group(2))
        for full, reduced in ((a, b), (b, a)):
            if len(full) >= 2 and reduced == full[:-1]:
                return ("err.keepdims", f"an array of shape {full} combined with one of shape {reduced}, "
                        f"which is {full} without its last axis, as a reduction such as e.sum(axis=1) "
                        "gives: keep the reduced axis with keepdims=True so that each row is divided "
                        "by its own value.")
        shapes = f"{a} and {b}"
    else:
        shapes = "two shapes"
    return ("err.broadcast", f"an elementwise operation got arrays of shapes {shapes}, which do not "
            "broadcast (each axis, counted from the right, must be equal or 1): print the shapes of "
            "the operands on the line the traceback shows and reshape the one that is not what you meant.")


def _matmul_hint(exc: BaseException) -> tuple[str, str]:
    """err.matmul_shapes with the operands' shapes when the failing line shows them, else the rule."""
    rule = "a @ b needs a.shape[-1] == b.shape[0]"
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
    square = _square_from_broadcast(frame, (a, b))
    if square:
        return ("err.square_broadcast", f"{said}. {square}")
    if a.ndim == 2 and b.ndim == 2 and a.shape[-1] == b.shape[-1]:
        return ("err.matmul_shapes", f"{said}; `{left} @ {right}.T` has matching sizes: check where a .T "
                "is needed (a weight matrix W has shape (n_out, n_in)).")
    if a.ndim == 2 and b.ndim == 2 and a.shape[0] == b.shape[0]:
        return ("err.matmul_shapes", f"{said}; `{left}.T @ {right}` has matching sizes: check where a .T "
                "is needed.")
    return ("err.matmul_shapes", f"{said}; neither operand's .T fits: one of them is not the array you "
            "meant, or has the wrong shape (print the shapes where each is made).")


def _student_frame(tb: TracebackType | None) -> FrameType | None:
    """The innermost frame outside the check library and NumPy: where the student's line failed."""
    found = None
    for frame, _ in traceback.walk_tb(tb):
        name = frame.f_code.co_filename
        if not name.startswith(_PACKAGE) and "/numpy/" not in name:
            found = frame
    return found


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
        if _isinstance(node, ast.BinOp) and _isinstance(node.op, ast.MatMult):
            left, right = _value_of(node.left, frame), _value_of(node.right, frame)
            if left is None or right is None:
                continue
            a, b = left[1], right[1]
            if a.ndim >= 1 and b.ndim >= 1 and a.shape[-1] != b.shape[-2 if b.ndim >= 2 else 0]:
                clashing.append((left, right))
    return clashing[0] if len(clashing) == 1 else None


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
