"""A pipeline's inner quantity with one factor too many or too few: every output wrong through one slip.

A backward pass computes its outputs (dW1, db1, dW2, db2) from one inner
quantity (the output error dz2) through fixed linear steps. A slip in that
inner quantity (the sigmoid's slope multiplied in again, after a loss whose
gradient already holds it) makes every output wrong, and no single output's
fingerprint names it: dW2 is no simple function of the expected dW2.

The check gives the steps (``downstream``: inner quantity -> outputs, linear in
it) and the variants a slip would make of them. The inner quantity itself is
not computed from any reference formula: it is recovered from the expected
outputs, the unique solution of the linear system downstream(inner) =
expected, which exists only when the outputs hold more equations than the inner
quantity has entries and the fit is exact. Each variant is then judged like any
fingerprint (``fingerprints.proves_everywhere``): it must explain every entry of
every output, with two magnitudes at least; one or two proven are named, more
say nothing.
"""

import math
from collections.abc import Callable, Mapping

import numpy as np

from autograder.captured import absolute as _abs
from autograder.captured import allclose as _allclose
from autograder.captured import asarray as _asarray
from autograder.captured import concatenate as _concatenate
from autograder.captured import errstate as _errstate
from autograder.captured import lstsq as _lstsq
from autograder.captured import matrix_rank as _matrix_rank
from autograder.captured import stack as _stack
from autograder.captured import zeros as _zeros
from autograder.fingerprints import ATOL, RTOL, Diagnosis, Hypothesis, name_all, proves_everywhere

Outputs = Mapping[str, np.ndarray]


def _flat(outputs: Outputs, keys: tuple[str, ...]) -> np.ndarray:
    return _concatenate([_asarray(outputs[k], dtype=np.float64).ravel() for k in keys])


def recover_inner(expected: Outputs, downstream: Callable[[np.ndarray], Outputs],
                  shape: tuple[int, ...]) -> np.ndarray | None:
    """The inner quantity (array of ``shape``) from which ``downstream`` gives ``expected``, if unique.

    downstream must be linear in its argument; its matrix is built column by
    column from unit arrays. None when the system is underdetermined (rank
    below the number of unknowns) or not solved exactly (the steps are not the
    ones that made ``expected``).
    """
    keys = tuple(expected)
    size = math.prod(shape)
    columns = []
    for i in range(size):
        unit = _zeros(size)
        unit[i] = 1.0
        columns.append(_flat(downstream(unit.reshape(shape)), keys))
    matrix = _stack(columns, axis=1)  # (equations, unknowns)
    if matrix.shape[0] <= size or _matrix_rank(matrix) < size:
        return None
    target = _flat(expected, keys)
    inner = _lstsq(matrix, target, rcond=None)[0]
    scale = float(_abs(target).max() or 1.0)
    if not _allclose(matrix @ inner, target, rtol=RTOL, atol=1e-9 * scale):
        return None
    return inner.reshape(shape)


def inner_slip(got: Outputs, expected: Outputs, downstream: Callable[[np.ndarray], Outputs],
               shape: tuple[int, ...], variants: Mapping[str, tuple[str, Callable[[np.ndarray], Outputs]]],
               rtol: float = RTOL, atol: float = ATOL) -> Diagnosis | None:
    """The hint naming the variant of the inner quantity that gives every output of ``got``, or None.

    got, expected: the outputs by name (same keys, same shapes); variants: by hint
    text, (mistake id, function of the recovered inner quantity giving the outputs
    under that slip).
    """
    keys = tuple(expected)
    if set(got) != set(keys) or any(_asarray(got[k]).shape != _asarray(expected[k]).shape for k in keys):
        return None
    inner = recover_inner(expected, downstream, shape)
    if inner is None:
        return None
    proven = []
    for hint, (mistake_id, outputs_of) in variants.items():
        with _errstate(all="ignore"):
            value = outputs_of(inner)
        cases = [(value[k], _asarray(got[k], dtype=np.float64), _asarray(expected[k], dtype=np.float64))
                 for k in keys]
        if proves_everywhere(cases, rtol, atol):
            proven.append(Hypothesis(mistake_id, hint, None, holds=True))
    return name_all(proven)
