"""Factors that are named quantities of the call: a size of an input, or a ratio of two sizes.

A wrong output that is exactly the expected one times a number the call itself
holds says which number slipped in: ``Y.shape[1]`` (the number of classes K) where
``Y.shape[0]`` (the batch size N) belongs makes a mean loss N / K times the right
one; an extra division by D = ``X.shape[1]`` makes it D times too small. The sizes
come from the call's inputs by name (``named_sizes``: every axis of every array
argument), so every check that passes its inputs to ``checking.expect_close``
gets these hypotheses without a line of its own.

Each hypothesis is a factor fixed before the output is seen (``Hypothesis.computed``:
one exact number, a loss, proves it to 7 digits; an array needs the usual two
magnitudes). Factors named elsewhere are left to their own ids: 2 and 1/2, 100,
-1 and, when the check names the batch size, N and 1/N. A factor that two
descriptions give (N = D) names both; one that more give names none.
Factors are descriptions (``Hypothesis.fallback``): a cause that a check names
(a missing term, another activation) speaks first.
"""

from collections.abc import Mapping

import numpy as np

from autograder.captured import asarray as _asarray
from autograder.captured import isinstance_ as _isinstance
from autograder.captured import ndarray as _ndarray
from autograder.captured import type_ as _type
from autograder.fingerprints import MOST_NAMED, Hypothesis

#: Factors with ids of their own (fp.times_2, fp.half, fp.percent, fp.sign_flip, ...): never named here.
_NAMED_ELSEWHERE = (1.0, 2.0, 0.5, 100.0, 0.01, -1.0)
#: The largest size a factor is built from: beyond, a "size" is a sample count no formula divides by twice.
LARGEST_SIZE = 10_000


def named_sizes(inputs: Mapping[str, object]) -> dict[str, int]:
    """Every axis size above 1 of every array argument, by the expression a student writes for it.

    inputs: the call's arguments by name (only names that are Python identifiers: a display label
    such as "(w, b) with lr=1.0" is no expression). A 1-D array's size is "len(y)", an axis of a
    higher one "Y.shape[1]". Returns {expression: size}, in argument order.
    """
    sizes: dict[str, int] = {}
    shapes: list[tuple[int, ...]] = []
    for name, value in inputs.items():
        if not (_isinstance(name, str) and name.isidentifier()) or _type(value) is not _ndarray:
            continue
        shape = _asarray(value).shape
        if shape in shapes:
            continue  # P's axes are Y's when P has Y's shape: one quantity, named once
        shapes.append(shape)
        for axis, size in enumerate(shape):
            if 1 < size <= LARGEST_SIZE:
                sizes[f"len({name})" if len(shape) == 1 else f"{name}.shape[{axis}]"] = int(size)
    return sizes


def size_factors(expected: np.ndarray, sizes: Mapping[str, int], n: int | None = None,
                 subject: str = "your result") -> list[Hypothesis]:
    """The expected values times a size, divided by one, or times a ratio of two: one hypothesis per factor.

    expected: the expected output, any shape; sizes: ``named_sizes`` of the call; n: the batch size
    when the check names it (its factors are fp.times_n's and fp.over_n's).
    """
    e = _asarray(expected, dtype=np.float64)
    if not sizes or not e.size:
        return []
    # every description of each factor: one factor may have several (N = D), a hint names at most two
    by_factor: dict[float, list[tuple[str, str]]] = {}
    exprs_by_size: dict[int, list[str]] = {}
    for expr, size in sizes.items():
        exprs_by_size.setdefault(size, []).append(expr)
    named = {s: " (equally ".join(exprs) + ")" * (len(exprs) - 1) for s, exprs in exprs_by_size.items()}
    values = "value" if e.size == 1 else "values"

    def add(factor: float, mistake_id: str, words: str) -> None:
        key = float(f"{factor:.12g}")
        # the key is rounded to 12 digits (up to 5e-13 relative): 1/7 must still be recognised as 1/N
        if any(abs(key - k) <= 1e-10 * abs(k) for k in _NAMED_ELSEWHERE):
            return
        if n is not None and n > 1 and any(abs(key - k) <= 1e-10 * k for k in (float(n), 1.0 / n)):
            return
        by_factor.setdefault(key, []).append((mistake_id, words))

    for size, expr in named.items():
        add(float(size), "fp.times_size", f"exactly {expr} = {size} times the expected {values}: a sum over "
                                          f"that axis where a mean belongs, or a factor {expr} that does "
                                          "not belong")
        add(1.0 / size, "fp.over_size", f"exactly the expected {values} divided by {expr} = {size}: a "
                                        f"division by {expr} (or a mean over that axis) that does not "
                                        "belong")
    for big, big_expr in named.items():
        for small, small_expr in named.items():
            if big != small:
                add(big / small, "fp.wrong_size", f"exactly {big}/{small} times the expected {values}: "
                                                  f"divided by {small_expr} = {small} where {big_expr} = "
                                                  f"{big} belongs (or multiplied by {_short(big_expr)} "
                                                  f"where {_short(small_expr)} belongs)")
    found = []
    for factor, descriptions in by_factor.items():
        if len(descriptions) > MOST_NAMED:
            continue  # too many sizes give this factor: it names none of them
        for mistake_id in dict.fromkeys(d[0] for d in descriptions):  # one hypothesis per id: both named
            words = "; or ".join(d[1] for d in descriptions if d[0] == mistake_id)
            found.append(Hypothesis(mistake_id, f"{subject} is {words}.", factor * e, fallback=True,
                                    computed=True))
    return found


def _short(expr: str) -> str:
    """The first of several expressions of one size (a second mention needs no "equally")."""
    return expr.split(" (equally ")[0]
