"""Row identities: which rows a data-handling function returned, against the rows it was given.

The checks of minibatches and of the train/validation split hand the student rows
that carry their own identity (X[:, 0] is the row's index; labels that name their
row where the check can choose them). The rows returned, matched by value, prove
what happened, with no guess at the code:

- fp.rows_dropped: rows that appear in no batch (or no part); when the missing rows
  are exactly the last, partial batch's worth, that batch was dropped;
- fp.with_replacement: some rows twice and others never, in as many rows as given:
  indices drawn with replacement (rng.choice(N, N), rng.integers), or a new order per batch;
- fp.wrapped_batch: every row once, then the last batch filled up with the epoch's first rows
  again (indices read past the end wrap round);
- fp.split_overlap: rows in both the training and the validation part;
- fp.pairs_broken: labels that no longer belong to their rows; with labels that name
  their rows, whether y kept its original order or followed another shuffle;
- fp.not_shuffled: the rows in their original order;
- fp.same_order_every_epoch: two epochs drawn from one generator in the same order.
Each returns a Diagnosis, or None when the rows prove nothing of the kind.
"""

from collections.abc import Sequence

import numpy as np

from autograder.captured import array_equal as _array_equal
from autograder.captured import asarray as _asarray
from autograder.fingerprints import Diagnosis
from autograder.source_facts import calls, kept

#: the remedy for labels that left their rows
_ONE_ORDER = ("Shuffle X and y with the same permutation: index both with one array of indices, X[order], "
              "y[order].")


def _ids(parts: Sequence[np.ndarray]) -> np.ndarray:
    if not len(parts):
        return np.zeros(0, int)
    return np.concatenate([_asarray(p).ravel() for p in parts]).astype(int)


def coverage(parts: Sequence[np.ndarray], n: int, batch_size: int | None = None,
             what: str = "your batches") -> Diagnosis | None:
    """Rows missing or repeated: parts are the row ids of each batch (or part), n the rows given.

    batch_size: for minibatches, the size asked for (a dropped last batch is named as such);
    None for the parts of a split.
    """
    promise = "every row must appear exactly once per epoch" if batch_size else \
        "every row must land in exactly one part"
    ids = _ids(parts)
    counts = np.bincount(ids[(ids >= 0) & (ids < n)], minlength=n)
    missing, repeated = int((counts == 0).sum()), int((counts > 1).sum())
    if not missing and not repeated:
        return None
    if missing and not repeated:
        said = f"{what} hold {len(ids)} of the {n} rows, each once; {missing} rows are in none"
        sizes = [len(p) for p in parts]
        if batch_size and n % batch_size == missing and sizes and all(s == batch_size for s in sizes):
            return Diagnosis(("fp.rows_dropped",), f"{said}: exactly the last, partial batch ({missing} "
                                                   f"rows, N % batch_size = {n} % {batch_size}) is dropped. "
                                                   "Keep it: the last batch holds the rows left over "
                                                   "(range(0, N, batch_size) reaches them).")
        return Diagnosis(("fp.rows_dropped",), f"{said}: {promise}; look at where the slices start and "
                                               "end (a slice off by one drops a row).")
    wrapped = _wrapped(parts, ids, n, batch_size, what) if not missing else None
    if wrapped:
        return wrapped
    if len(ids) == n and missing and repeated:
        within = any(len(np.unique(_asarray(p).astype(int))) < len(p) for p in parts)
        place = " (some within one batch)" if within and batch_size else ""
        # a row twice in one batch proves a draw with replacement; across batches only, a new
        # order drawn for each batch gives the same picture
        drawn = ("the indices are drawn with replacement (rng.choice(N, N) or rng.integers)",
                 calls("choice", "integers", "randint", "random_integers", "sample"))
        reordered = ("a new order is drawn for every batch", calls("permutation", "shuffle", "argsort"))
        # a repeat within one batch proves the draw; across batches the causes are examples (slices
        # that overlap give it too), and only those the code has the calls for are named
        causes = kept([drawn] if place else [drawn, reordered])
        cause = "" if not causes else f": {causes[0]}" if place else f": for example {', or '.join(causes)}"
        return Diagnosis(("fp.with_replacement",), f"{promise}; {what} hold {n} rows, but {repeated} "
                                                   f"rows appear more than once{place} and {missing} "
                                                   f"never{cause}. Shuffle them once per epoch, "
                                                   "rng.permutation(N), and cut that order into slices.")
    return None


def _wrapped(parts: Sequence[np.ndarray], ids: np.ndarray, n: int, batch_size: int | None,
             what: str) -> Diagnosis | None:
    """"fp.wrapped_batch": every row once, then the last batch filled up to batch_size with the rows the
    epoch began with (the order read past its end wraps round to its start).

    ids: the row ids of all parts in order; proven when the first n are the n rows and the rest
    repeat the first ones in order.
    """
    extra = len(ids) - n
    if not batch_size or extra <= 0 or not n % batch_size or len(parts[-1]) != batch_size:
        return None
    if len(np.unique(ids[:n])) != n or not _array_equal(ids[n:], ids[:extra]):
        return None
    return Diagnosis(("fp.wrapped_batch",),
                     f"{what} hold every one of the {n} rows and then {extra} more: the last batch is filled "
                     f"up to batch_size = {batch_size} with the first {extra} rows of the epoch again, where "
                     f"it holds only the {n % batch_size} rows left over (N % batch_size = {n} % "
                     f"{batch_size}). The indices wrap round past the end (for example np.take(..., "
                     "mode='wrap'), or an index taken % N); let the last batch be smaller: "
                     "order[start:start + batch_size] stops at the end by itself.")


def overlap(train: np.ndarray, val: np.ndarray, n: int) -> Diagnosis | None:
    """Rows in both parts of a split: train, val are the row ids of each part, n the rows given."""
    both = np.intersect1d(_asarray(train).astype(int), _asarray(val).astype(int))
    if not len(both):
        return None
    covered = len(np.union1d(train, val))
    rows = f"{len(both)} rows are" if len(both) > 1 else "1 row is"
    within = [name for name, part in (("training", train), ("validation", val))
              if len(np.unique(_asarray(part).astype(int))) < len(part)]
    if within:
        # a row twice inside one part: the order the parts are cut from repeats rows (two slices of a
        # permutation overlap, but never repeat a row inside one), so the cut is not the slip
        return Diagnosis(("fp.split_overlap", "fp.with_replacement"),
                         f"{rows} in both the training and the validation part, and the "
                         f"{' and the '.join(within)} part{'s hold' if len(within) > 1 else ' holds'} "
                         f"some row more than once ({covered} distinct rows of the {n} in all): "
                         "the order the parts are cut from is no permutation (indices drawn with "
                         "replacement, rng.choice(N, N) or rng.integers, where rng.permutation(N) "
                         "belongs). A validation row must never be trained on.")
    return Diagnosis(("fp.split_overlap",), f"{rows} in both the training and the validation "
                                            f"part ({covered} of the {n} rows in all): a validation row "
                                            "must never be trained on. Take the two parts from one "
                                            "shuffled order, order[:n_val] and order[n_val:], which "
                                            "share no row.")


def pairs(x_ids: Sequence[np.ndarray], y_ids: Sequence[np.ndarray], n: int) -> Diagnosis | None:
    """Labels that left their rows: x_ids, y_ids are, per batch or part, the row each X row and each
    label comes from (labels that name their row). None when the pairs hold or prove nothing."""
    xs, ys = _ids(x_ids), _ids(y_ids)
    if len(xs) != len(ys) or _array_equal(xs, ys):
        return None
    said = "the labels no longer match their rows"
    if not _array_equal(np.sort(ys), np.sort(xs)):
        return None
    in_order = all(len(p) < 2 or bool((np.diff(_asarray(p).astype(int)) == 1).all()) for p in y_ids)
    if in_order and not _array_equal(xs, np.sort(xs)):
        return Diagnosis(("fp.pairs_broken",), f"{said}: X is shuffled and y keeps its original order. "
                                               f"{_ONE_ORDER}")
    return Diagnosis(("fp.pairs_broken",), f"{said}: X and y are each shuffled, but with different orders "
                                           f"(two permutations, or rng.shuffle called on each). {_ONE_ORDER}")


def not_shuffled(order: np.ndarray, what: str) -> Diagnosis | None:
    """The rows in their original order (order: the row ids as returned, n of them)."""
    order = _asarray(order).astype(int)
    if len(order) < 2 or not _array_equal(order, np.arange(len(order))):
        return None
    return Diagnosis(("fp.not_shuffled",), f"{what} returns the rows in their original order 0, 1, 2, ...: "
                                           "shuffle first (the spiral data is sorted by class, so unshuffled "
                                           "rows come one class after the other).")


def same_order(first: np.ndarray, second: np.ndarray, what: str) -> Diagnosis | None:
    """Two epochs from one generator in the same order: the generator never advances the shuffle."""
    first, second = _asarray(first).astype(int), _asarray(second).astype(int)
    if len(first) < 2 or first.shape != second.shape or not _array_equal(first, second):
        return None
    return Diagnosis(("fp.same_order_every_epoch",), f"{what}: two epochs drawn with the same rng came in "
                                                     "the same order: each epoch must draw a new order "
                                                     "from rng itself (rng.permutation(N)), not from a new "
                                                     "generator or a copy of it made inside the function.")
