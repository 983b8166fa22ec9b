"""A wrong shape that proves how a value was reduced: over every axis, or with an axis kept or lost.

A gradient of a bias, a mean over the batch, a per-unit sum: each reduces over
one axis. A shape check that fails shows which reduction was written instead,
and the values prove it where the check knows the expected ones:

- fp.all_axes: one number where an array of several entries belongs (the fact; np.sum,
  np.mean, np.max or np.argmax without axis= as the usual makers); proven further when the
  number is the sum (or the mean) of every expected entry (a reduction over every axis, of the
  result itself or of the batch it reduces: both fixes named), or, where one entry belongs,
  that entry itself;
- fp.reshaped, fp.kept_batch_axis (``not_reduced``): an array where one number belongs, proven
  the right number in one entry, or entries whose mean (or sum) is the right number;
- fp.reshaped: the right values in another shape of the same size ((n, 1) where (n,)
  belongs, (1, n) where (n,) belongs): keepdims=True, or a reshape, keeps or drops an axis;
  where a shape's own hint names the slip (``diagnosis.shape_hint``: a column, a kept batch
  axis), that hint keeps its id and is told the values are right (``shape_fact``).
The hint names the part as the check does ("grads['db1']"), what it is, then the fix.
"""

import math

import numpy as np

from autograder.captured import allclose as _allclose
from autograder.captured import asarray as _asarray
from autograder.captured import isinstance_ as _isinstance
from autograder.captured import ndarray as _ndarray
from autograder.captured import type_ as _type
from autograder.fingerprints import ATOL, RTOL, Diagnosis, distinct_magnitudes
from autograder.source_facts import AXIS_REDUCTION, REDUCTION, calls, kept, keyword, present, statement


def _axis_words(shape: tuple) -> str:
    """The reduction that gives ``shape`` from a batch of rows: axis=0, with keepdims for a row (1, n)."""
    if len(shape) == 2 and shape[0] == 1:
        return "axis=0, keepdims=True (one value per column, kept as a row of shape (1, n))"
    if len(shape) == 2 and shape[1] == 1:
        return "axis=1, keepdims=True (one value per row, kept as a column)"
    return "axis=0 (one value per column, over the batch's rows)"


def one_number(got: object, shape: tuple, part: str, expected: object = None) -> Diagnosis | None:
    """"fp.all_axes" when ``got`` is a single number (Python, NumPy scalar, 0-d array) where an array of
    ``shape`` belongs.

    part: the part as the check names it ("grads['db1']"); expected: the right value (of ``shape``),
    when the check knows it.
    """
    if _type(got) is _ndarray and got.ndim == 0:
        got = got[()]
    if _isinstance(got, bool | np.bool_) or not _isinstance(got, int | float | np.integer | np.floating):
        return None
    shape = tuple(shape)
    if not shape:
        return None
    value = float(got)
    size = math.prod(shape)
    fix = f"reduce over the batch only: {_axis_words(shape)}"
    e = None
    if expected is not None:
        try:
            e = _asarray(expected, dtype=np.float64)
        except (TypeError, ValueError):
            e = None
    right = e is not None and e.shape == shape and size == 1
    if right and _allclose(value, e.ravel()[0], rtol=RTOL, atol=ATOL):
        said = f"{part} is the number {value:.6g}, the right value, where an array of shape {shape} belongs"
        # the right value in the wrong shape: only the makers the code has are named (a product
        # is a REDUCTION too, but never makes a scalar of a batch of one)
        makers = kept([(f"np.sum or np.mean without axis= reduce every axis ({fix})", AXIS_REDUCTION),
                       (".squeeze() drops every axis of length 1, the batch axis too when N = 1 (.ravel() "
                        "keeps it)", calls("squeeze")),
                       ("float() and .item() make a plain number of it", calls("float", "item"))])
        # a whole reduction (db2 = np.sum(dz2)) is the slip of "every axis"; otherwise one entry's shape
        slip = "fp.all_axes" if present(AXIS_REDUCTION) else "fp.reshaped"
        return Diagnosis((slip,), f"{said}: {'; or '.join(makers)}." if makers else f"{said}.")
    if size < 2:
        return None
    said = f"{part} is one number ({value:.6g}) where an array of shape {shape} ({size} entries) belongs"
    if e is not None and e.shape == shape and distinct_magnitudes(e, e) >= 2:
        for name, total in (("sum", float(e.sum())), ("mean", float(e.mean()))):
            if _allclose(value, total, rtol=RTOL, atol=ATOL):
                # what was reduced is not known: the expected array itself, or the batch it comes from
                # np.mean of N times the values is their sum too: the call is not named
                return Diagnosis(("fp.all_axes",), f"{said}, and it is the {name} of every entry of the "
                                                   f"expected {part}: a reduction over every axis made it "
                                                   "(np.sum, or np.mean, which also divides by the "
                                                   "count). If the result is itself a reduction (over "
                                                   f"the batch), {fix}; if it is not, the result keeps "
                                                   f"its {size} entries: take the reduction out (keeping "
                                                   "any 1/N it stood for as a division).", REDUCTION,
                                 f"{said}, and it is the {name} of every entry of the expected {part}.")
    # how the one number was made is not proven: the fact, and the usual makers the code can have
    makers = kept([("np.sum, np.mean, np.max or np.argmax without axis=", REDUCTION),
                   ("one entry picked out", statement("subscript"))])
    made = f" A call that returns one number for a whole array made it ({', or '.join(makers)});" if makers \
        else ""
    return Diagnosis(("fp.all_axes",), f"{said}.{made} the result keeps one value per entry: {shape}.")


def not_reduced(got: np.ndarray, part: str, expected: float) -> Diagnosis | None:
    """An array where one number belongs, proven by its values: the right number in an array of one
    entry ("fp.reshaped"), or entries whose mean (or sum) is the right number: that reduction is
    missing ("fp.kept_batch_axis": one value per sample where their mean belongs).

    part: the number as the check names it ("mse(y, y_hat)"); expected: the right number.
    """
    try:
        g, e = _asarray(got, dtype=np.float64), float(expected)
    except (TypeError, ValueError):
        return None
    if not g.size or not np.isfinite(g).all() or e == 0.0:
        return None  # nothing to reduce, or a 0 that many slips give
    if g.size == 1:
        if not _allclose(g.ravel()[0], e, rtol=RTOL, atol=ATOL):
            return None
        return Diagnosis(("fp.reshaped",), f"{part} holds the right value, {e:.6g}, in an array of shape "
                                           f"{g.shape} where a plain number belongs: take the number out of "
                                           "it (float(...), or index its one entry), or find where an axis "
                                           "of length 1 came in.")
    if distinct_magnitudes(g, g) < 2:
        return None  # entries of one size: their mean is a coincidence too easily
    for name, total, call in (("mean", float(g.mean()), "np.mean"), ("sum", float(g.sum()), "np.sum")):
        if _allclose(total, e, rtol=RTOL, atol=ATOL):
            said = f"{part} is an array of shape {g.shape}, one value per entry, and their {name} is"
            return Diagnosis(("fp.kept_batch_axis",),
                             f"{said} the right number: the {name} over them is missing ({call} of the "
                             "array is the result).")
    return None


def _one_unit_axis_more(longer: tuple, shorter: tuple) -> bool:
    """Whether SHORTER is LONGER with one axis of length 1 taken out."""
    return any(longer[i] == 1 and longer[:i] + longer[i + 1:] == tuple(shorter) for i in range(len(longer)))


def reshaped(got: np.ndarray, shape: tuple, part: str, expected: object) -> Diagnosis | None:
    """"fp.reshaped" when ``got`` holds the expected values, entry for entry, in another shape of one size."""
    try:
        g, e = _asarray(got, dtype=np.float64), _asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    shape = tuple(shape)
    if g.shape == shape or e.shape != shape or g.size != e.size or g.size < 2:
        return None
    if not _allclose(g.ravel(), e.ravel(), rtol=RTOL, atol=ATOL) or distinct_magnitudes(e, e) < 2:
        return None
    to_shape = f".reshape({', '.join(str(s) for s in shape)})"
    # an axis is kept or reduced away only if it has length 1: one of length k would change the size
    if g.ndim == len(shape) + 1 and _one_unit_axis_more(g.shape, shape):
        drop = "drop keepdims=True (or .ravel() the result)" if present(keyword("keepdims")) else \
            ".ravel() the result"
        cause = f"an axis is kept that belongs reduced away: {drop}"
    elif g.ndim + 1 == len(shape) and _one_unit_axis_more(shape, g.shape):
        cause = "an axis the blank keeps is reduced away: " + (
            f"keepdims=True keeps it (or {to_shape})" if present(REDUCTION) else f"{to_shape} keeps it")
    elif g.ndim == 1:
        cause = (f"the entries come out flat, in order: give the result the shape {shape} ({to_shape}; "
                 "an elementwise result keeps its input's shape, np.reshape(out, np.shape(x)))")
    else:
        cause = f"reshape it to {shape}"
    return Diagnosis(("fp.reshaped",), f"{part} holds the expected values, entry for entry, in shape "
                                       f"{g.shape} where {shape} belongs: {cause}.")


#: shape hints whose fix is a reshape of the same entries (flat <-> column): right only for right values
_RESHAPE_FIXES = ("fp.flat", "fp.column")


def _values_differ(got: np.ndarray, expected: object) -> bool:
    """Whether ``got``'s entries, in order, are proven not the expected ones (same size, not close)."""
    try:
        g, e = _asarray(got, dtype=np.float64), _asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return expected is not None and g.size == e.size and not _allclose(g.ravel(), e.ravel(), rtol=RTOL,
                                                                         atol=ATOL)


def one_row(got: np.ndarray, shape: tuple, part: str, expected: object) -> Diagnosis | None:
    """"fp.one_row" when ``got`` is one row (the first or the last) of the expected (N, ...) array:
    a loop over the samples that stores each pass's result, keeping the last (or the first)."""
    try:
        g, e = _asarray(got, dtype=np.float64), _asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if e.shape != tuple(shape) or e.ndim < 2 or len(e) < 2 or g.shape != e.shape[1:] or g.size < 2:
        return None
    rows = [i for i in (0, len(e) - 1) if _allclose(g, e[i], rtol=RTOL, atol=ATOL)]
    if len(rows) != 1 or distinct_magnitudes(g, g) < 2:
        return None  # no row, or a first and a last row alike: which one it is is unknown
    which = "first" if rows[0] == 0 else "last"
    return Diagnosis(("fp.one_row",), f"{part} has shape {g.shape}: it is the {which} row of the expected "
                                      f"{e.shape} array, one sample's where one row per sample belongs. "
                                      "A loop over the samples that stores its result each pass keeps only "
                                      f"the {which}: compute it on the whole batch at once, or collect every "
                                      "row (np.stack).")


def shape_fact(got: np.ndarray, shape: tuple, part: str, expected: object,
               by_shape: Diagnosis | None) -> Diagnosis | None:
    """The hint for a wrong shape: the shape's own (by_shape), told that the values are right when they
    are (``reshaped``), or ``reshaped`` alone; expected: the right value, or None when unknown."""
    values = reshaped(got, shape, part, expected) if expected is not None else None
    if values is None and expected is not None:
        values = one_row(got, shape, part, expected)
    if values is not None and values.mistake_ids == ("fp.one_row",):
        return values  # the row it holds says more than the shape's own hint
    if values is None and by_shape is not None and by_shape.mistake_ids[0] in _RESHAPE_FIXES \
            and _values_differ(got, expected):
        # the shape's fix (a reshape) would leave the wrong values: the shape is the fact, no fix
        return Diagnosis(by_shape.mistake_ids, f"{part} has shape {tuple(got.shape)} where {tuple(shape)} "
                                               "belongs, and its values are not the expected ones in "
                                               "either shape: it holds another array than the blank asks "
                                               "for, so a reshape alone will not fix it.")
    if values is None or by_shape is None:
        return by_shape or values
    said = f"{part} holds the expected values, entry for entry, in shape {tuple(got.shape)}"
    return Diagnosis(by_shape.mistake_ids, f"{said} where {tuple(shape)} belongs: {by_shape.text}")
