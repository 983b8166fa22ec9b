"""A generator blank given a function that returns: what the returned value proves, and its source's why.

A blank that yields (iterate_minibatches) hands out one batch per step of a loop.
Written with ``return`` in place of ``yield``, the call gives a single tuple, the
batch the loop reached first (a ``return`` ends the function there), or all the
points at once. The value proves which: a pair of arrays (not an iterator of pairs)
whose rows are rows of the inputs, with their own labels (the same row index in
every input), counted against the batch size. The function's source (parsed, never
run again) then says where the ``return`` sits. The hint ("fp.return_for_yield")
says what the call returned first, then the source's fact.
"""

import ast
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from autograder.captured import array_equal as _array_equal
from autograder.captured import asarray as _asarray
from autograder.captured import isinstance_ as _isinstance
from autograder.captured import ndarray as _ndarray
from autograder.fingerprints import Diagnosis
from autograder.returns import definition_of, own_nodes


def _rows_of(part: np.ndarray, whole: np.ndarray) -> list[int] | None:
    """The row index in ``whole`` of every row of ``part`` (rows compared exactly), or None."""
    if part.ndim != whole.ndim or part.shape[1:] != whole.shape[1:] or not len(part):
        return None
    where: dict[bytes, int] = {}
    for i, row in enumerate(_asarray(whole, order="C")):
        where.setdefault(row.tobytes(), i)
    found = [where.get(row.tobytes()) for row in _asarray(part, dtype=whole.dtype, order="C")]
    return None if any(i is None for i in found) else found


def _source_fact(fn: Callable, name: str) -> str:
    """What the source shows about the ``return``: inside a loop (and no yield), or no loop at all."""
    definition = definition_of(fn)
    if definition is None:
        return f"write {name} with `yield` inside a loop over the batches: each `yield` hands out one batch."
    nodes = list(own_nodes(definition))  # no yield among them: a function with one returns a generator
    in_loop = [n for n, around in nodes if _isinstance(n, ast.Return) and n.value is not None
               and any(_isinstance(a, ast.For | ast.While) for a in around)]
    if in_loop:
        return ("a `return` inside the loop over the batches (line "
                f"{in_loop[0].lineno - definition.lineno + 1} of the function) ends the function at its "
                "first batch; `yield` hands out each batch in turn and goes on with the loop.")
    return ("it has no `yield`: a function that returns gives one value; write `yield` inside a loop over "
            "the batches, one batch per step.")


def returned_batch(result: object, inputs: Sequence[np.ndarray], batch_size: int, fn: Callable,
                   name: str) -> Diagnosis | None:
    """"fp.return_for_yield" when ``result`` is one tuple of batches of ``inputs``, not an iterator of them.

    result: what the call returned (before any iteration); inputs: the arrays batched together
    (X of shape (N, D), y of shape (N,)); batch_size: the batch size asked for; fn: the student's
    function (its source says where the return is); name: the blank's name.
    Proven when the result is a tuple or list of len(inputs) arrays, each holding rows of its input
    at the same row indices (each label with its own row): one batch (batch_size rows), or all N.
    A list of pairs (every batch at once) is iterable as a generator is: it gives no hint.
    """
    if _isinstance(result, Iterator) or not _isinstance(result, tuple | list) or len(result) != len(inputs):
        return None
    parts = [_asarray(p) if _isinstance(p, _ndarray) else None for p in result]
    if any(p is None or p.ndim == 0 for p in parts):
        return None
    n = len(inputs[0])
    indices = _rows_of(parts[0], _asarray(inputs[0]))
    if indices is None or any(len(p) != len(indices) or not _array_equal(p, _asarray(x)[indices])
                              for p, x in zip(parts[1:], inputs[1:], strict=True)):
        return None
    m = len(indices)
    pair = "(X_batch, y_batch)" if len(inputs) == 2 else "tuple of batches"
    if m == batch_size and m < n:
        said = (f"{name} returned one {pair} pair, a batch of {m} of the {n} points, not a generator of "
                "batches (iterating over it gives its arrays, not batches): ")
        return Diagnosis(("fp.return_for_yield",), said + _source_fact(fn, name))
    if m == n and len(set(indices)) == n:
        said = (f"{name} returned one {pair} pair holding all {n} points, not a generator of batches of "
                f"{batch_size}: ")
        return Diagnosis(("fp.return_for_yield",), said + "cut the shuffled points into slices of batch_size "
                         "and yield each one inside a loop over the batch starts.")
    return None
