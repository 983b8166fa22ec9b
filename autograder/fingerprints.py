"""Generic fingerprints of a wrong output: which slip turns the expected values into the student's.

A fingerprint is a hypothesis: the output the student's code would give under
one named slip (the sign flipped, 1 - expected, a factor of N, a missing bias,
another activation, ...), built from the expected output, the call's inputs,
stored data and the student's own other functions; never from solution code.

A hypothesis speaks only when it is proven:
- it explains every entry of the student's output within the checks' tolerance;
- the entries it changes (where it differs from the expected output) have at
  least two different magnitudes: a ratio or a shift measured on one number
  proves nothing (a single wrong logit is "exactly 1.89689 times" anything).

When two proven hypotheses explain the same output the hint names both (each
is possible); with more than two it says nothing. No hint is better than a
wrong one. The catalogue of known mistakes (``diagnosis``) is consulted first.
"""

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from autograder.captured import ELEMENTWISE as _ELEMENTWISE
from autograder.captured import absolute as _abs
from autograder.captured import allclose as _allclose
from autograder.captured import asarray as _asarray
from autograder.captured import broadcast_to as _broadcast_to
from autograder.captured import concatenate as _concatenate
from autograder.captured import errstate as _errstate
from autograder.captured import floor as _floor
from autograder.captured import full as _full
from autograder.captured import isclose as _isclose
from autograder.captured import isfinite as _isfinite
from autograder.captured import lstsq as _lstsq
from autograder.captured import matrix_rank as _matrix_rank
from autograder.captured import median as _median
from autograder.captured import rint as _rint
from autograder.captured import sqrt as _sqrt
from autograder.captured import trunc as _trunc
from autograder.captured import where as _where
from autograder.source_facts import (
    INTEGER_ARRAY,
    INTEGER_DTYPE,
    MEAN,
    PRODUCT,
    REDUCTION,
    ROUNDING,
    SUM,
    THRESHOLD,
    Footprint,
    attribute,
    calls,
    constant,
    kept,
    keyword,
    operator,
    present,
    worded,
)

#: The tolerance of every comparison, the checks' (checking.py imports it) and the hypotheses'
#: (a hypothesis must explain every entry within it): float64 arithmetic done in a different
#: order differs by ~1e-16 relative; a real mistake is many orders larger.
RTOL = 1e-7
ATOL = 1e-12
#: Most hypotheses a hint may name at once; beyond, the output is ambiguous and says nothing.
MOST_NAMED = 2


@dataclass(frozen=True)
class Hypothesis:
    """A named slip and the output it would produce.

    mistake_id: stable id, "fp.<name>" for generic fingerprints; hint: what the
    student reads; value: the output under that slip (broadcast to the expected
    shape), or None for a fact the check proved on its own (``holds``), such as
    "the last layer's gradients are right and the earlier ones are not".
    """

    mistake_id: str
    hint: str
    value: np.ndarray | None
    #: a description (a shift, a factor) rather than a cause: it speaks only when nothing specific does
    fallback: bool = False
    #: for a fact the check established itself (value None): whether it holds
    holds: bool = False
    #: the value is computed from the call's inputs by a named formula (another order of a loss's
    #: reduction), not fitted to the output: one exact entry proves it (a loss is one number)
    computed: bool = False
    #: the descriptions this one makes redundant when both hold (a polynomial in s says more
    #: than "an affine map of the expected values")
    supersedes: tuple[str, ...] = ()
    #: for a hint that names a cause or a fix: what that cause must leave in the student's source
    #: (``source_facts``); when the source is known and it is absent, ``fact`` is shown instead
    footprint: Footprint | None = None
    #: the proven fact alone, shown when the footprint is absent; None: nothing is worth showing then
    fact: str | None = None

    def worded(self) -> str:
        """The hint as it may be shown (``source_facts.worded``): "" when nothing may be."""
        return worded(self.hint, self.fact, self.footprint)
    #: the value is a map of each expected entry alone (2e, e**2, 1 - e): an entry it leaves alone is a
    #: fixed point of that map (0 doubled, 1 squared), no evidence, so only the entries it changes count
    pointwise: bool = False
    #: the value must take two values at least over every input it is judged on (``Clues.also``
    #: included): 0/1 labels that are all 1 are as well a constant
    varied: bool = False


@dataclass(frozen=True)
class Diagnosis:
    """The hint shown for a wrong output: its text and the ids of the mistakes it names."""

    mistake_ids: tuple[str, ...]
    text: str
    #: what the cause or fix the text names must leave in the student's source, and the proven fact
    #: alone (None: nothing) shown in its place when it is absent (``source_facts.worded``)
    footprint: Footprint | None = None
    fact: str | None = None

    def __post_init__(self) -> None:
        # the one place a hint's words meet the student's source: the text shown is decided here
        if self.footprint is not None:
            object.__setattr__(self, "text", worded(self.text, self.fact, self.footprint))
            object.__setattr__(self, "footprint", None)

    def __bool__(self) -> bool:
        """False when nothing may be shown (a cause the source lacks, with no fact worth stating)."""
        return bool(self.text)

    def line(self) -> str:
        """The hint as the student reads it, ending with its machine-readable tag."""
        return f"Hint: {self.text} {tag(self.mistake_ids)}"


def tag(mistake_ids: Iterable[str]) -> str:
    """The marker that carries mistake ids in a message: "[mistake: id1, id2]"."""
    return f"[mistake: {', '.join(mistake_ids)}]"


@dataclass
class Clues:
    """What a check knows besides the expected output, for building hypotheses.

    n: the batch size N (for factors of N); inputs: the call's array inputs by
    name (an output equal to one of them is "returned unchanged");
    mirrored: the expected output at -x, for elementwise blanks (from stored data);
    terms: additive terms by name (biases) that could be missing or sign-flipped;
    start: for an update (p -> new p), the value it starts from: the step may go
    the wrong way, or the step alone be returned;
    related: further hypotheses the check builds from stored data or the
    student's own functions (another activation, the function instead of its
    derivative, a step of the wrong formula);
    also: the same code's results on other inputs, as (got, expected, clues):
    a second input for when this one has too few entries to prove anything
    (a batch of N = 1). A hypothesis must then explain those results too, the
    same slip with the same words, and its magnitudes are counted over all;
    factors: arrays by name (an input, the student's own function at the
    input) of which the output may lack one, or hold one too many: f or 1 - f;
    of_value: for a derivative written in terms of the function's value,
    (function name, formula h, f(x), x) where the derivative is h(f(x), f(x))
    (sigmoid: h(a, b) = a * (1 - b)), f the student's own function: x may be
    written where f(x) belongs in one occurrence or both;
    piecewise: for a piecewise blank, (x, {branch's formula: its value at every
    entry of x}): one branch applied everywhere; proven only where x has both signs;
    count_of: for a count (errors per epoch, correct labels), the number of items counted;
    operands: for a product D @ B (a weight gradient dz.T @ a_prev), (name of B,
    B, {name: another array with as many rows as B}): D @ A with the wrong operand;
    groups: groups of entries the inputs define, by name, as boolean masks of the
    output's shape ({"x < 0": ..., "x > 0": ...}, {"y = 0": ..., "y = 1": ...}):
    one group wrong in a way a fingerprint explains there, the others right
    (``autograder.groups``); group_terms: for a formula with one term per group
    (a loss gradient's y and 1 - y terms), each group's term in words: a group
    with the opposite sign, or zeros, is that term with the wrong sign, or missing;
    subject: the output's name as the hint gives it (``checking.expect_close`` sets it);
    formula: for an elementwise blank, (x, the formula that belongs in words, [(x2, the
    student's output at x2)]): the one formula of x a small grammar finds for the output
    (``autograder.formulas``), tried only when nothing else is proven;
    sizes: the call's named sizes ({"Y.shape[1]": 3}, ``quantities.named_sizes``; ``expect_close``
    fills them from its inputs): a factor of one of them, or of a ratio of two, names that size;
    by_key: for an output that is a dict of arrays (an update's new params), the clues of each entry
    by key, where they differ from these (``hidden.case_clues``: the entry's own start).
    """

    n: int | None = None
    inputs: Mapping[str, np.ndarray] = field(default_factory=dict)
    mirrored: np.ndarray | None = None
    terms: Mapping[str, np.ndarray] = field(default_factory=dict)
    start: np.ndarray | None = None
    related: list[Hypothesis] = field(default_factory=list)
    also: list[tuple[np.ndarray, np.ndarray, "Clues"]] = field(default_factory=list)
    factors: Mapping[str, np.ndarray] = field(default_factory=dict)
    of_value: tuple[str, Callable[[np.ndarray, np.ndarray], np.ndarray], np.ndarray, np.ndarray] | None = None
    piecewise: tuple[np.ndarray, Mapping[str, np.ndarray]] | None = None
    count_of: int | None = None
    operands: tuple[str, np.ndarray, Mapping[str, np.ndarray]] | None = None
    groups: Mapping[str, np.ndarray] = field(default_factory=dict)
    group_terms: Mapping[str, str] = field(default_factory=dict)
    #: how a hint names the output it judges ("best_epochs", "history['acc']"): one part of a
    #: result of several must be named, not called "your result"
    subject: str = "your result"
    sizes: Mapping[str, int] = field(default_factory=dict)
    formula: tuple[np.ndarray, str, list[tuple[np.ndarray, np.ndarray]]] | None = None
    by_key: Mapping[str, "Clues"] = field(default_factory=dict)


def proves(value: np.ndarray, got: np.ndarray, expected: np.ndarray,
           rtol: float = RTOL, atol: float = ATOL, pointwise: bool = False) -> bool:
    """Whether ``value`` explains every entry of ``got`` and differs from ``expected`` in 2+ magnitudes.

    pointwise: the value is a map of each expected entry alone (``Hypothesis.pointwise``): the
    magnitudes are then counted over the entries it changes only.
    """
    try:
        value = _broadcast_to(_asarray(value, dtype=np.float64), expected.shape)
    except ValueError:
        return False
    if got.shape != expected.shape or not _isfinite(got).all() or not _isfinite(value).all():
        return False
    if not _allclose(got, value, rtol=rtol, atol=atol):
        return False
    changed = ~_isclose(value, expected, rtol=rtol, atol=atol)
    if pointwise:
        return bool(changed.any()) and distinct_magnitudes(expected[changed], value[changed]) >= 2
    return bool(changed.any()) and distinct_magnitudes(expected, value) >= 2


def proves_everywhere(cases: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
                      rtol: float = RTOL, atol: float = ATOL, pointwise: bool = False) -> bool:
    """``proves`` over several inputs at once: cases are (value, got, expected), one per input.

    Each value must explain its got; some entry must change; the 2+ magnitudes
    may come from different inputs (one wrong entry here, the unchanged ones there).
    """
    flat_value, flat_got, flat_expected = [], [], []
    for value, got, expected in cases:
        try:
            value = _broadcast_to(_asarray(value, dtype=np.float64), expected.shape)
        except ValueError:
            return False
        flat_value.append(value.ravel())
        flat_got.append(got.ravel() if got.shape == expected.shape else None)
        flat_expected.append(expected.ravel())
    if any(g is None for g in flat_got):
        return False
    return proves(np.concatenate(flat_value), np.concatenate(flat_got), np.concatenate(flat_expected),
                  rtol, atol, pointwise)


def proves_computed(value: np.ndarray, got: np.ndarray, expected: np.ndarray,
                    rtol: float = RTOL, atol: float = ATOL) -> bool:
    """Whether a value computed by a named formula explains every entry of ``got``, one entry sufficing.

    A formula fixed before the output is seen (the log of the mean where the mean of the
    logs belongs) is not fitted to it: an exact match of one number to 7 digits is no chance
    (unlike a ratio or a shift measured on it). It must still differ from the expected value.
    """
    try:
        value = _broadcast_to(_asarray(value, dtype=np.float64), expected.shape)
    except ValueError:
        return False
    if got.shape != expected.shape or not got.size or not _isfinite(got).all() or not _isfinite(value).all():
        return False
    return bool(_allclose(got, value, rtol=rtol, atol=atol)) and bool(
        (~_isclose(value, expected, rtol=rtol, atol=atol)).any())


def distinct_magnitudes(expected: np.ndarray, got: np.ndarray) -> int:
    """How many different (|expected|, |got|) pairs the entries hold (to 6 significant digits).

    One pair, however many entries, fits any constant ratio or shift: it proves nothing.
    """
    pairs = {(_magnitude(e), _magnitude(g)) for e, g in zip(_asarray(expected).ravel(), _asarray(got).ravel(),
                                                            strict=True)}
    return len(pairs)


def _magnitude(value: float) -> float:
    """|value| rounded to 6 significant digits: float64 noise must not make two magnitudes of one."""
    value = abs(float(value))
    return float(f"{value:.6g}") if value else 0.0


#: the fewest distinct sizes among the expected entries for one size with their signs to prove the
#: sizes were dropped (two entries of one size and sign are explained by many slips)
SIGN_ONLY_SIZES = 3


def _sign_only(got: np.ndarray, e: np.ndarray, subject: str) -> list[Hypothesis]:
    """[the hypothesis that GOT is one size c with the signs of the expected entries, c sign(e)], where
    the expected entries have both signs and SIGN_ONLY_SIZES distinct sizes or more; [] otherwise."""
    if got.shape != e.shape or not e.size or not _isfinite(got).all() or not _isfinite(e).all():
        return []
    c = float(_abs(got).max())
    sizes = np.unique(np.round(_abs(e[e != 0]), 12))
    # both signs: one size with one sign is a constant, fp.constant's to name
    if c == 0 or len(sizes) < SIGN_ONLY_SIZES or not ((e > 0).any() and (e < 0).any()):
        return []
    return [Hypothesis("fp.sign_only", f"{subject} is +-{c:.6g} with the sign of each expected entry: only "
                                       "the sign of a difference is kept, not its size (np.sign, or an "
                                       "absolute error's slope, where the difference itself belongs).",
                       c * np.sign(e))]


def hypotheses(got: np.ndarray, expected: np.ndarray, clues: Clues) -> list[Hypothesis]:
    """Every generic hypothesis for this output, then the check's own ones (``clues.related``)."""
    e = expected
    below_one = ""
    # only an integer dtype the code names: an array made like another (np.zeros_like) is as often
    # of floats, and then the clause would be a cause the code does not have (J10a, tenth set)
    integer = kept([("divides with `//`", operator("//")),
                    ("fills an integer array (np.zeros(..., dtype=int), .astype(int))", INTEGER_DTYPE)])
    if e.size and _isfinite(e).all() and (_abs(e) < 1).all() and _fractions(e) >= MOST_WHOLE_COINCIDENCES \
            and integer:
        below_one = (" Every expected value is a fraction below 1: if your code "
                     f"{' or '.join(integer)}, that alone rounds them all down to 0.")
    found = [
        Hypothesis("fp.zeros", f"{clues.subject} is 0 in every entry, where the expected values are "
                               "not: print the values it is computed from to find the step where they "
                               f"become 0.{below_one}", np.zeros_like(e)),
        Hypothesis("fp.sign_flip", f"{clues.subject} has the opposite sign of the expected values in "
                                   "every entry: check the sign of the formula (a gradient, an update, a "
                                   "missing minus).", -e, pointwise=True),
        Hypothesis("fp.complement", "your values are 1 minus the expected ones: the two cases are swapped "
                                    "(for example sigmoid(-x) = 1 - sigmoid(x), or y and 1 - y exchanged).",
                   1.0 - e, pointwise=True),
    ]
    # "Does not depend on the input" is a claim only about an elementwise output (one entry
    # per input entry); a constant sequence or table can have many causes.
    elementwise = any(_asarray(x).shape == e.shape for x in clues.inputs.values())
    if elementwise and got.size and _allclose(got, got.flat[0], rtol=0, atol=0) and got.flat[0] != 0:
        found.append(Hypothesis("fp.constant", f"every entry of {clues.subject} is the same number "
                                               f"({float(got.flat[0]):.6g}): on these inputs it does not "
                                               "depend on the input.",
                                np.full(e.shape, got.flat[0])))
        found += _total_in_every_entry(e, clues.subject)
    found += _sign_only(got, e, clues.subject)
    for name, x in clues.inputs.items():
        x = _asarray(x)
        if x.shape == e.shape and x.dtype.kind in "fiub":
            found.append(Hypothesis("fp.returns_input", f"your result equals the input {name} unchanged: "
                                                        "the computation is never applied to it (or its "
                                                        "result is not returned).", x))
    if clues.mirrored is not None:
        found.append(Hypothesis("fp.mirrored_input", "your values are the expected ones at -x: the sign "
                                                     "of the input is flipped inside the formula.",
                                clues.mirrored))
    n = clues.n
    # a factor's hint names the output it is about when the check names one part of a result
    are = "your values are" if clues.subject == Clues.subject else f"{clues.subject} is"
    if n is not None and n > 1:
        found += [
            Hypothesis("fp.times_n", f"{are} exactly N = {n} times too large: you sum over the "
                                     "batch but never divide by N (a sum where the mean belongs).", n * e,
                       footprint=SUM, fact=f"{are} exactly N = {n} times too large.",
                       pointwise=True),
            Hypothesis("fp.over_n", f"{are} exactly N = {n} times too small: you divide by N "
                                    "twice, or take a mean where a sum belongs (the 1/N of the loss "
                                    "is already in dL/dz; divide only once).", e / n,
                       footprint=MEAN, fact=f"{are} exactly N = {n} times too small.",
                       pointwise=True),
            # a fixed factor, not one fitted to the output: an exact match on one number proves it
            Hypothesis("fp.n_minus_one", f"{clues.subject} is the expected value times N / (N - 1) = "
                                         f"{n}/{n - 1}: the sum is divided by N - 1 where N belongs (the "
                                         "sample variance's ddof=1); divide by N, as np.mean does.",
                       e * n / (n - 1), computed=True,
                       footprint=operator("-") | keyword("ddof") | calls("var", "std", "cov"),
                       fact=f"{clues.subject} is the expected value times N / (N - 1) = {n}/{n - 1}."),
        ]
    found += [
        Hypothesis("fp.times_2", f"{are} exactly 2 times the expected values: a factor of 2 "
                                 "slipped in (or a 1/2 out).", 2 * e, pointwise=True),
        Hypothesis("fp.half", f"{are} exactly half the expected values: a factor of 1/2 slipped "
                              "in (or a 2 out).", e / 2, pointwise=True),
    ]
    if e.ndim == 2 and e.shape[0] == e.shape[1] > 1:
        found.append(Hypothesis("fp.transpose", f"{clues.subject} is the transpose of the expected matrix: "
                                                f"its rows and columns are exchanged{transpose_causes()}.",
                                e.T))
    for name, t in clues.terms.items():
        t = _asarray(t, dtype=np.float64)
        found += [Hypothesis("fp.missing_term", f"your values are the expected ones without {name}: "
                                                f"{name} is not in this sum, either left out or added at "
                                                "another place (after an activation, to another "
                                                "variable).", e - t),
                  Hypothesis("fp.flipped_term", f"{name} has the wrong sign: your values are the expected "
                                                f"ones with -{name} instead of +{name}.", e - 2 * t),
                  Hypothesis("fp.repeated_term", f"{name} is counted twice: your values are the expected "
                                                 f"ones with 2 * {name} instead of {name} (added twice, or "
                                                 "applied once per item of a loop where once belongs).",
                             e + t)]
    if clues.start is not None:
        p = _asarray(clues.start, dtype=np.float64)
        found += [Hypothesis("fp.flipped_step", "your update goes the wrong way: you add the step where it "
                                                "is subtracted (descent goes against the gradient).",
                             2 * p - e, footprint=operator("+", "unary -") | calls("add"),
                             fact="your update goes the wrong way (descent goes against the gradient)."),
                  Hypothesis("fp.missing_term", "you return the step alone: add it to the value it updates "
                                                "(new = old - step).", e - p)]
    # labels are the probabilities thresholded, both 0 and 1 among them (here or on the check's other
    # inputs, ``varied``): a constant is no labelling
    if e.size and ((e > 0) & (e < 1)).all():
        found.append(Hypothesis("fp.labels_for_probabilities",
                                "you return 0/1 labels where probabilities are expected: drop the "
                                "threshold (the probability is the sigmoid's output itself).",
                                (e >= 0.5).astype(np.float64), footprint=THRESHOLD,
                                fact="you return 0/1 labels where probabilities are expected.", varied=True))
    if e.size and ((e >= 0) & (e <= 1)).all():
        found.append(Hypothesis("fp.percent", "your values are exactly 100 times the expected ones: a "
                                              "percentage where a fraction between 0 and 1 belongs; do not "
                                              "multiply by 100.", 100 * e,
                                footprint=constant(100) | calls("percentile"),
                                fact="your values are exactly 100 times the expected ones.", pointwise=True))
    found += whole_numbers(e, clues.subject)
    found += _decimals(got, e, clues.subject)
    found += _other_function(e, clues.inputs, clues.subject, clues.formula[1] if clues.formula else "")
    found += _polynomial_of_value(got, e, clues.of_value, clues.subject)
    found += _missing_square(got, e)
    found += _reciprocal(e)
    found += _affine(got, e)
    found += _missing_factor(e, clues.factors, clues.subject)
    found += _input_for_output(clues.of_value)
    found += _one_branch(clues.piecewise)
    found += _not_normalised(got, e)
    found += _counts_all(e, clues.count_of)
    found += _wrong_operand(got, e, clues.operands)
    found += _shift(got, e)
    found += _decay(got, e, clues.start, clues.subject)
    found += _clipped_step(got, e, clues.start)
    found += _wrong_axis(got, e)
    found += _saturated(got, e, clues.inputs)
    if clues.sizes:
        from autograder.quantities import size_factors  # builds on this module's Hypothesis

        found += size_factors(e, clues.sizes, clues.n, clues.subject)
    # a NumPy function whose values a hypothesis of the check names more specifically (tanh(x)
    # returned where its derivative belongs is "the function for its derivative") gives way to it
    own = [h.value for h in clues.related if h.value is not None and _asarray(h.value).shape == e.shape]
    found = [h for h in found if h.mistake_id != "fp.wrong_function"
             or not any(_allclose(h.value, v, rtol=RTOL, atol=ATOL) for v in own)]
    return found + list(clues.related)


#: How many expected entries must have a fraction for "rounded to a whole number" to be proven:
#: one rounded entry may be a coincidence of the formula; two (all others matching) are not.
MOST_WHOLE_COINCIDENCES = 2


def whole_numbers(e: np.ndarray, subject: str = "your result") -> list[Hypothesis]:
    """The expected values rounded down, toward 0 or to the nearest whole number: integer arithmetic.

    e: the expected values, any shape. Only where at least ``MOST_WHOLE_COINCIDENCES``
    of them have a fraction (the others are whole either way). One hypothesis per
    rounding (floor first: where it equals truncation the text says both).
    """
    e = _asarray(e, dtype=np.float64)
    if not e.size or not _isfinite(e).all():
        return []
    if _fractions(e) < MOST_WHOLE_COINCIDENCES:
        return []
    fractional = ~_isclose(e, _rint(e), rtol=0, atol=1e-9)
    i = int(np.argmax(fractional))  # an entry with a fraction, for the example
    integer = kept([("`//` where `/` belongs", operator("//")),
                    ("an array of integer dtype (np.zeros(..., dtype=int)) filled with floats",
                     INTEGER_ARRAY),
                    ("int()/.astype(int) of a fraction", calls("int") | INTEGER_DTYPE)])
    integer = f"integer arithmetic lost the fractions: {', or '.join(integer)}" if integer else ""
    rounding = "round()/np.round where no rounding belongs" if kept([("", ROUNDING)]) else ""
    roundings = [("rounded down to a whole number", _floor(e), integer),
                 ("rounded toward 0 to a whole number", _trunc(e), integer),
                 ("rounded to the nearest whole number", _rint(e), rounding)]
    if ((e > 0) & (e < 1)).all():
        roundings.pop()  # probabilities rounded to the nearest are 0/1 labels: fp.labels_for_probabilities
    found, done = [], []
    for _, value, _ in roundings:
        if any(_allclose(value, v, rtol=0, atol=0) for v in done) or not value.any():
            continue  # all zeros: "fp.zeros" names them, with this cause among its alternatives
        # every rounding that gives these same values, with its cause: the output cannot tell them apart
        same = [(h, c) for h, v, c in roundings if _allclose(value, v, rtol=0, atol=0)]
        done.append(value)
        hows = " (equally: ".join(h for h, _ in same) + ")" * (len(same) - 1)
        causes = "; or ".join(dict.fromkeys(c for _, c in same if c))
        found.append(Hypothesis("fp.whole_number", f"every value of {subject} is the expected one {hows} "
                                                   f"({e.flat[i]:.6g} became {value.flat[i]:.6g})"
                                                   + (f": {causes}." if causes else "."), value))
    return found


#: the decimals a value may be rounded to for display (round(acc, 2)); 0 is ``whole_numbers``'
ROUNDED_DECIMALS = (1, 2, 3, 4)


def _decimals(got: np.ndarray, e: np.ndarray, subject: str) -> list[Hypothesis]:
    """The expected values rounded to a few decimals (round(x, 2) for printing), at the fewest decimals
    that give ``got``: a formula fixed in advance (one of four), so one exact number proves it
    (``computed``), when the rounded value keeps two significant digits at least (a 0.5 is too common
    a number to prove a rounding) and differs from the expected one.
    """
    if not e.size or not _isfinite(e).all() or got.shape != e.shape or not _isfinite(got).all():
        return []
    if _allclose(got, e, rtol=RTOL, atol=ATOL):
        # right here (an input the rounding leaves alone, accuracy 1.0): consistent with every rounding
        return [_rounded(subject, k, e) for k in ROUNDED_DECIMALS]
    for k in ROUNDED_DECIMALS:
        value = _rint(e * 10**k) / 10**k
        digits = _abs(_rint(value * 10**k))
        if not _allclose(got, value, rtol=0, atol=1e-12) or _allclose(value, e, rtol=RTOL, atol=ATOL):
            continue
        if ((digits < 10) | (digits % 10 == 0)).any():
            return []
        return [_rounded(subject, k, value)]
    return []


def _rounded(subject: str, k: int, value: np.ndarray) -> Hypothesis:
    # no value in the words: the same slip on another input must read the same (``Clues.also``)
    fact = f"{subject} is the expected value rounded to {k} decimal{'s' if k > 1 else ''}"
    return Hypothesis("fp.rounded", f"{fact}: return it unrounded (round only where it is printed).", value,
                      computed=True, footprint=ROUNDING | calls("format", "float"), fact=f"{fact}.")


def _fractions(e: np.ndarray) -> int:
    """How many entries of e (finite, float64) are not whole numbers."""
    return int((~_isclose(e, _rint(e), rtol=0, atol=1e-9)).sum())


def _other_function(e: np.ndarray, inputs: Mapping[str, np.ndarray], subject: str,
                    needed: str = "") -> list[Hypothesis]:
    """Another NumPy elementwise function of an input of the output's shape (np.tan for np.tanh).

    inputs: the call's arrays by name; only those of the output's shape and a float
    dtype are tried, at x and at -x. The functions are the captured ones (a notebook may
    rebind np.tan). Non-finite values (the log of a negative) prove nothing and are dropped.
    needed: the formula that belongs, in words ("1 / (1 + exp(-x))"), when the check gives it:
    a function that formula calls is no "other function"; only the fact is said then.
    """
    found = []
    for name, x in inputs.items():
        x = _asarray(x)
        if x.shape != e.shape or x.dtype.kind != "f" or len({float(v) for v in x.ravel()}) < 3:
            continue  # of an input of two values (0/1 labels), any two-valued output is "a function"
        with _errstate(all="ignore"):
            for fname, f in _ELEMENTWISE.items():
                for arg, value in ((name, f(x)), (f"-{name}", f(-x))):
                    if not _isfinite(value).all() or _allclose(value, e) or _allclose(value, x):
                        continue  # the input itself is "returned unchanged"'s to name
                    if _calls(needed, fname):  # the right function: what is done around it is not
                        found.append(Hypothesis("fp.wrong_function", f"{subject} equals {fname}({arg}) at "
                                                                     f"every entry, where {needed} belongs: "
                                                                     f"{fname} is in that formula, so the "
                                                                     "slip is in what is done around it "
                                                                     "(compare your expression with the "
                                                                     "formula piece by piece).", value))
                        continue
                    found.append(Hypothesis("fp.wrong_function", f"{subject} equals {fname}({arg}) at every "
                                                                 f"entry: {fname} is another function than "
                                                                 "the one this formula needs; check which "
                                                                 "NumPy function you call (np.tan is not "
                                                                 "np.tanh, np.log10 is not np.log).", value,
                                            footprint=calls(fname.rpartition(".")[2]),
                                            fact=f"{subject} equals {fname}({arg}) at every entry."))
    return found


def _calls(formula: str, fname: str) -> bool:
    """Whether the formula in words calls the NumPy function fname ("np.exp" in "1 / (1 + exp(-x))")."""
    called = re.escape(fname.removeprefix("np."))
    return bool(formula) and re.search(rf"(?<![\w.]){called}\(", formula) is not None


#: The coefficients a formula in the function's value may have: whole numbers and halves up to 4.
_POLY_COEFFICIENTS = tuple(k / 2 for k in range(-8, 9))
#: How many distinct values s must take for a polynomial of degree <= 2 in s to be proven.
POLY_MOST_DISTINCT = 5


def _polynomial_of_value(got: np.ndarray, e: np.ndarray, of_value, subject: str) -> list[Hypothesis]:
    """A derivative written in its function's value s = f(x) with the wrong polynomial: c0 + c1 s + c2 s**2.

    Fitted to the student's output by least squares, kept only when the fit is exact
    and every coefficient is a whole number or a half, on at least ``POLY_MOST_DISTINCT``
    distinct values of s; the hint compares it term by term with the expected polynomial
    (the formula of ``of_value`` at (s, s)). A description: it speaks when nothing
    specific does (a complement, a missing factor, the function for its derivative).
    """
    if of_value is None or got.shape != e.shape or not _isfinite(got).all():
        return []
    name, formula, f, _x = of_value
    s = _asarray(f, dtype=np.float64)
    if s.shape != got.shape or not _isfinite(s).all() or len(_unique(s)) < POLY_MOST_DISTINCT:
        return []
    mine, meant = _fit_poly(s, got), _fit_poly(s, _asarray(formula(s, s), dtype=np.float64))
    if mine is None or meant is None or mine == meant:
        return []
    value = mine[0] + mine[1] * s + mine[2] * s ** 2
    difference = _term_difference(mine, meant)
    # one term off names its slip: that term's sign flipped, or that term left out
    differ = [(a, b) for a, b in zip(mine, meant, strict=True) if a != b]
    mistake_id = "fp.wrong_polynomial"
    if meant[2] and not mine[2] and mine[0] == meant[0] and mine[1] - meant[1] == 2 * meant[2]:
        # c*s**2 became 2c*s, the rest alike: s * 2 typed where s ** 2 belongs
        mistake_id = "fp.missing_square"
        difference = (f"{_join_terms([(2 * meant[2], 's')])} where {_join_terms([(meant[2], 's**2')])} "
                      "belongs: `* 2` typed for `** 2`")
    elif len(differ) == 1 and differ[0][0] == -differ[0][1]:
        mistake_id = "fp.flipped_term"
    elif len(differ) == 1 and differ[0][0] == 0:
        mistake_id = "fp.missing_term"
    return [Hypothesis(mistake_id, f"{subject} is {_poly_words(mine)} where {_poly_words(meant)} "
                                              f"belongs, with s = {name}(x): {difference}.", value,
                       fallback=True, supersedes=("fp.affine", "fp.shift"))]


def _fit_poly(s: np.ndarray, values: np.ndarray) -> tuple[float, float, float] | None:
    """(c0, c1, c2) with values = c0 + c1 s + c2 s**2 exactly, each a whole number or a half; else None."""
    design = np.stack([np.ones(s.size), s.ravel(), s.ravel() ** 2], axis=1)
    coefficients = _lstsq(design, values.ravel(), rcond=None)[0]
    snapped = []
    for c in coefficients:
        near = min(_POLY_COEFFICIENTS, key=lambda k, c=c: abs(c - k))
        if abs(c - near) > 1e-6:
            return None
        snapped.append(float(near))
    fit = design @ np.array(snapped)
    if not _allclose(fit, values.ravel(), rtol=RTOL, atol=1e-10):
        return None
    return snapped[0], snapped[1], snapped[2]


def _poly_words(c: tuple[float, float, float]) -> str:
    """"s - s**2 = s*(1 - s)": the polynomial, and its factored form when it has no constant term."""
    terms = [(c[0], ""), (c[1], "s"), (c[2], "s**2")]
    text = _join_terms(terms)
    if c[0] == 0 and c[1] and c[2]:
        inner = _join_terms([(c[1], ""), (c[2], "s")])
        text += f" = s*({inner})"
    elif c[0] and c[2] in (1.0, -1.0):
        roots = _whole_roots(c)
        if roots is not None:
            high, low = max(roots), min(roots)
            s_minus = [f"({_join_terms([(1.0, 's'), (-r, '')])})" for r in (high, low)]
            if c[2] > 0 and high == low:
                base = [(high, ""), (-1.0, "s")] if high > 0 else [(-high, ""), (1.0, "s")]
                text += f" = ({_join_terms(base)})**2"
            elif c[2] > 0:
                text += f" = {s_minus[0]}*{s_minus[1]}"
            else:  # -(s - high)(s - low) = (high - s)(-low + s)
                other = _join_terms([(-low, ""), (1.0, "s")])
                text += f" = ({_join_terms([(high, ''), (-1.0, 's')])})*({other})"
    return text


def _whole_roots(c: tuple[float, float, float]) -> tuple[float, float] | None:
    """The roots of c0 + c1 s + c2 s**2 when both are whole numbers or halves (for a factored form)."""
    discriminant = c[1] ** 2 - 4 * c[0] * c[2]
    if discriminant < 0:
        return None
    root = math.sqrt(discriminant)
    r1, r2 = (-c[1] + root) / (2 * c[2]), (-c[1] - root) / (2 * c[2])
    if any(_snap(r) is None for r in (r1, r2)):
        return None
    return float(_snap(r1)), float(_snap(r2))


def _join_terms(terms) -> str:
    out = ""
    for k, power in terms:
        if not k:
            continue
        size = abs(k)
        body = _num(size) if not power else (power if size == 1 else f"{_num(size)}*{power}")
        out += (("-" if k < 0 else "") + body) if not out else (" - " if k < 0 else " + ") + body
    return out or "0"


def _term_difference(mine, meant) -> str:
    """Which terms differ, in words: a sign, a missing or extra term, a factor."""
    said = []
    for k, (a, b) in enumerate(zip(mine, meant, strict=True)):
        term = ("constant", "s", "s**2")[k]
        if a == b:
            continue
        if b and not a:
            said.append(f"the {term} term is missing")
        elif a and not b:
            said.append(f"{'an' if term == 's' else 'a'} {term} term that does not belong")
        elif a == -b:
            said.append(f"the sign of the {term} term")
        else:
            said.append(f"the {term} term has {_num(a)} where {_num(b)} belongs")
    return "; ".join(said)


def log_base_factors(e: np.ndarray, subject: str = "your result") -> list[Hypothesis]:
    """A loss (or its gradient) whose natural log is a log in another base: 1/ln 10 or 1/ln 2 times off."""
    e = _asarray(e, dtype=np.float64)
    ln10, ln2 = math.log(10.0), math.log(2.0)
    return [Hypothesis("fp.log_base", f"{subject} is exactly 1/ln {base} = {1 / ln:.3f} times the expected "
                                      f"value: {fname} where the natural log np.log belongs.", e / ln,
                       computed=True)
            for base, ln, fname in ((10, ln10, "np.log10"), (2, ln2, "np.log2"))]


def _missing_square(got: np.ndarray, e: np.ndarray) -> list[Hypothesis]:
    """got**2 = e (a square lost: got = ±sqrt(e), its signs the student's), or got = e**2 (one too many)."""
    found = []
    if got.shape == e.shape and e.size and (e >= 0).all() and _isfinite(got).all():
        # The student's signs, and + where they give 0: a 0 is no square root of a positive value.
        signs = _where(got < 0, -1.0, 1.0)
        found.append(Hypothesis("fp.missing_square", "your values squared are exactly the expected ones: "
                                                     "a square is missing (for example 1 / cosh(x) where "
                                                     "1 / cosh(x)**2 belongs).", signs * _sqrt(e),
                                pointwise=True))
    found.append(Hypothesis("fp.missing_square", "your values are exactly the expected ones squared: a "
                                                 "square too many (a **2 where none belongs).", e ** 2,
                            footprint=operator("**", "*") | calls("square", "power"),
                            fact="your values are exactly the expected ones squared.", pointwise=True))
    return found


def _reciprocal(e: np.ndarray) -> list[Hypothesis]:
    """got = 1 / e: a fraction upside down, or a denominator's parentheses lost (1/1 + b is 1 + b)."""
    if not e.size or not (_abs(e) > 1e-300).all():
        return []  # 1 / e would overflow (or divide by 0): no reciprocal to compare with
    return [Hypothesis("fp.reciprocal", "your values are exactly 1 divided by the expected ones: the "
                                        "fraction is upside down (numerator and denominator exchanged), or "
                                        "the parentheses around a denominator are lost (1/1 + np.exp(-x) "
                                        "computes 1 + e^-x; 1 / (1 + np.exp(-x)) is meant).", 1.0 / e,
                       footprint=operator("/", "**") | calls("reciprocal", "divide", "true_divide"),
                       fact="your values are exactly 1 divided by the expected ones.")]


#: The scales and offsets an affine relabelling may have: multiples of 1/2 up to 4 in size (2y - 1,
#: (y + 1) / 2, ...). Any two numbers fit some line through two values; simple ones name a convention.
_SIMPLE = tuple(k / 2 for k in range(-8, 9) if k)


def _affine(got: np.ndarray, e: np.ndarray) -> list[Hypothesis]:
    """got = a * e + b for simple a and b other than the ones with names of their own.

    Two parameters are fitted, so the fit proves something only with more
    values than parameters: three distinct expected values at least, or, for a
    two-valued output (0/1 labels), every entry of each value mapped to one same
    value, each value held by two entries at least. Left to their own names:
    a = 0 (a constant), a = 1 (a shift), b = 0 (a factor), a = -1, b = 1 (1 - e).
    """
    if got.shape != e.shape or got.size < 4 or not _isfinite(got).all() or not _isfinite(e).all():
        return []
    levels = _unique(e)
    if len(levels) == 2:
        u, v = levels
        at_u, at_v = _isclose(e, u), _isclose(e, v)
        if at_u.sum() < 2 or at_v.sum() < 2:
            return []
        p, q = float(got[at_u].flat[0]), float(got[at_v].flat[0])
        if not (_allclose(got[at_u], p) and _allclose(got[at_v], q)):
            return []
        a = (q - p) / (v - u)
        b = p - a * u
    elif len(levels) >= 3:
        lo, hi = levels[0], levels[-1]  # the two values farthest apart fix the line; proves() checks the rest
        g_lo, g_hi = float(got[_isclose(e, lo)].flat[0]), float(got[_isclose(e, hi)].flat[0])
        a = (g_hi - g_lo) / (hi - lo)
        b = g_lo - a * lo
    else:
        return []
    a, b = _snap(a), _snap(b)
    if a is None or b is None or b == 0 or a in (0.0, 1.0) or (a, b) == (-1.0, 1.0):
        return []
    value = a * e + b
    if len(levels) == 2 and set(levels) in ({0.0, 1.0}, {-1.0, 1.0}) and set(_unique(value)) in (
            {0.0, 1.0}, {-1.0, 1.0}):
        mapped = ", ".join(f"{_num(a * x + b)} where {_num(x)} belongs" for x in levels)
        convention = "-1/+1 values where 0/1 belong" if set(levels) == {0.0, 1.0} else \
            "0/1 values where -1/+1 belong"
        return [Hypothesis("fp.signed_labels", f"you give {mapped}: {convention} (the two conventions for "
                                               "two classes, or a sign where a 0/1 step belongs); use the "
                                               "values the blank asks for.", value)]
    words = f"{_num(a)} * expected {'+' if b > 0 else '-'} {_num(abs(b))}"
    return [Hypothesis("fp.affine", f"your values are exactly {words}: the right result rescaled and shifted "
                                    "(an affine map of it); look for a constant factor and a constant term "
                                    "that do not belong (-1/+1 where 0/1 belong is 2 * y - 1).", value,
                       fallback=True)]


def _unique(values: np.ndarray) -> list[float]:
    """The distinct values of an array, in increasing order (equal within the tolerance counted once)."""
    out: list[float] = []
    for v in sorted(float(x) for x in _asarray(values).ravel()):
        if not out or not _isclose(v, out[-1], rtol=RTOL, atol=ATOL):
            out.append(v)
    return out


def _snap(c: float) -> float | None:
    """c as one of the simple constants (or 0), when it is one within float64 noise; else None."""
    if abs(c) < 1e-9:
        return 0.0
    for simple in _SIMPLE:
        if abs(c - simple) <= 1e-9 * max(1.0, abs(simple)):
            return simple
    return None


def _num(c: float) -> str:
    return f"{c:g}"


def _missing_factor(e: np.ndarray, factors: Mapping[str, np.ndarray],
                    subject: str = "your result") -> list[Hypothesis]:
    """got * f = e (the factor f missing from a product) or got = e * f (one factor too many), f or 1 - f.

    factors: arrays of e's shape, or numbers of the call (lr, beta), by name. Numbers that are equal on
    this call (lr = 0.1 = 1 - beta) are one factor, named by all their names: the values cannot tell
    which one it is.
    """
    candidates: list[tuple[str, np.ndarray]] = []
    numbers: dict[str, tuple[float, list[str]]] = {}  # by the number to 12 digits (1 - 0.9 is 0.1)
    for name, f in factors.items():
        f = _asarray(f, dtype=np.float64)
        for words, value in ((name, f), (f"(1 - {name})", 1.0 - f)):
            if value.ndim == 0:  # a number of the call: the same factor in every entry
                if float(value) not in (0.0, 1.0) and (words == name or float(f) not in (0.0, 1.0)):
                    numbers.setdefault(f"{float(value):.12g}", (float(value), []))[1].append(words)
            elif value.shape == e.shape and _isfinite(value).all():
                candidates.append((words, value))
    candidates += [(" or ".join(names), _full(e.shape, number)) for number, names in numbers.values()]
    found = []
    # the array the check names, or "your values"
    said, verb, ones = ("your values", "are", "ones") if subject == Clues.subject else (subject, "is", "one")
    for words, value in candidates:
        # numbers equal on this call: one factor with several names, which the values cannot tell apart
        tie = " (they are equal on this call: the values cannot tell which)" if " or " in words else ""
        if (value != 0).all():
            found.append(Hypothesis("fp.missing_factor", f"{said} times {words} {verb} exactly the "
                                                         f"expected {ones}{tie}: the factor {words} is "
                                                         "missing from your product.", e / value))
        found.append(Hypothesis("fp.missing_factor", f"{said} {verb} exactly the expected {ones} times "
                                                     f"{words}{tie}: that factor is one too many (or it is "
                                                     "missing from a denominator).", e * value))
    return found


def _input_for_output(of_value) -> list[Hypothesis]:
    """A derivative h(f(x), f(x)) written with x where f(x) belongs: h(x, f), h(f, x) or h(x, x)."""
    if of_value is None:
        return []
    name, formula, f, x = of_value
    f, x = _asarray(f, dtype=np.float64), _asarray(x, dtype=np.float64)
    if f.shape != x.shape:
        return []
    words = (f"your values are the derivative's formula with the input x where {name}(x) belongs: write "
             f"it in terms of the function's value, s = {name}(x), in every place (x itself appears "
             "nowhere in it).")
    return [Hypothesis("fp.input_for_output", words, formula(a, b)) for a, b in ((x, f), (f, x), (x, x))]


def _one_branch(piecewise) -> list[Hypothesis]:
    """One branch of a piecewise function applied to every entry (shown only where x has both signs).

    A branch that is a constant or x itself is left out: "a constant" and "the
    input unchanged" already name those outputs.
    """
    if piecewise is None:
        return []
    x, branches = piecewise
    x = _asarray(x, dtype=np.float64)
    if not ((x > 0).any() and (x < 0).any()):
        return []
    found = []
    for formula, value in branches.items():
        value = _asarray(value, dtype=np.float64)
        if value.shape != x.shape or _allclose(value, value.flat[0]) or _allclose(value, x):
            continue
        found.append(Hypothesis("fp.one_branch", f"your values are {formula} for every entry, on both "
                                                 "sides of 0: that formula is only one branch; pick each "
                                                 "entry's branch by its sign (np.where(x > 0, ..., ...)).",
                                value))
    return found


def _not_normalised(got: np.ndarray, e: np.ndarray) -> list[Hypothesis]:
    """e's rows (columns) sum to 1 and got's are e's times a factor of their own: never normalised.

    One factor for the whole array is left to the factors that name it (2, 1/2, N).
    """
    if e.ndim != 2 or got.shape != e.shape or min(e.shape) < 2 or not _isfinite(got).all():
        return []
    if not (_abs(e) > 1e-300).all() or _isclose(got.sum(), 1.0) or _allclose(got.sum(axis=0), 1.0) \
            or _allclose(got.sum(axis=1), 1.0):
        return []  # normalised, over another axis or the whole array: ``_wrong_axis`` names that
    found = []
    for axis, words in ((1, "row"), (0, "column")):
        if not _allclose(e.sum(axis=axis), 1.0):
            continue
        scale = (got / e).take([0], axis=axis)  # each slice's own factor, if the hypothesis holds
        empty = (got == 0).all(axis=axis)
        if empty.any() and not empty.all():
            # a slice of zeros is no multiple of its expected one: it was never filled
            where = ", ".join(str(i) for i in np.flatnonzero(empty))
            found.append(Hypothesis("fp.left_unfilled", f"{words} {where} of your result is all zeros, where "
                                    f"the other {words}s are right: it was never filled (a loop that stops "
                                    f"one {words} short, range(n - 1), or an array of zeros filled in part).",
                                    np.where(np.expand_dims(empty, axis), 0.0, e)))
            continue
        if _allclose(scale, scale.flat[0]):
            continue
        said = f"each {words} of your result is proportional to the expected one but does not sum to 1"
        fix = f"divide each {words} by its own sum (.sum(axis={axis}, keepdims=True))"
        # a division in the code: it divides by another number than the sum of what it divides
        # (exponentials of shifted logits over those of unshifted ones); none: never normalised
        found.append(Hypothesis("fp.not_normalised",
                                f"{said}: it is divided by a number other than its own sum (the "
                                "numerator and the sum must be of the same values); " + fix + "."
                                if present(MEAN) else f"{said}: it is never normalised; {fix}.", e * scale))
    return found


def _counts_all(e: np.ndarray, count_of: int | None) -> list[Hypothesis]:
    """A count that is the number of items wherever fewer items meet the condition: every item counted."""
    if count_of is None or not e.size or not (e < count_of).any():
        return []
    return [Hypothesis("fp.counts_all", f"every entry is {count_of}, the number of items: you count every "
                                        "item, not only those that meet the condition (count inside the "
                                        "if, for example only the misclassified points).",
                       _full(e.shape, float(count_of)))]


def _wrong_operand(got: np.ndarray, e: np.ndarray, operands) -> list[Hypothesis]:
    """Same-shape case of ``wrong_operand``: got = D @ A where e = D @ B."""
    if operands is None or got.shape != e.shape:
        return []
    found = wrong_operand(got, e, operands)
    return [] if found is None else [found]


def wrong_operand(got: np.ndarray, expected: np.ndarray,
                  operands: tuple[str, np.ndarray, Mapping[str, np.ndarray]]) -> Hypothesis | None:
    """got = D @ A where expected = D @ B: the right left factor D, another operand A (any shape of got).

    expected: array of shape (h, k_B); B: shape (N, k_B); got: shape (h, k_A),
    A: shape (N, k_A). D (h, N) is not known: it is fitted to expected and got
    at once, D @ [B | A] = [expected | got], and the hypothesis holds only when
    that system has more equations than unknowns (k_B + k_A > rank [B | A]) and
    the fit is exact: then no D but the one both products share explains them.
    Returns the hypothesis with value D @ A (``proves`` judges it as any other), or None.
    """
    right_name, right, others = operands
    got, e, right = (_asarray(a, dtype=np.float64) for a in (got, expected, right))
    if e.ndim != 2 or got.ndim != 2 or right.ndim != 2 or e.shape[1] != right.shape[1] \
            or got.shape[0] != e.shape[0] or not _isfinite(got).all():
        return None
    for name, other in others.items():
        other = _asarray(other, dtype=np.float64)
        if other.ndim != 2 or other.shape[0] != right.shape[0] or other.shape[1] != got.shape[1]:
            continue
        both = _concatenate([right, other], axis=1)  # (N, k_B + k_A)
        if both.shape[1] <= _matrix_rank(both):
            continue  # as many unknowns as equations: some D fits anything
        target = _concatenate([e, got], axis=1)
        d_t = _lstsq(both.T, target.T, rcond=None)[0]  # D.T, shape (N, h)
        fit = (both.T @ d_t).T
        if _allclose(fit, target, rtol=RTOL, atol=1e-9 * float(_abs(target).max() or 1.0)):
            return Hypothesis("fp.wrong_operand", f"your values are a product with {name} where "
                                                  f"{right_name} belongs (the right left factor, the wrong "
                                                  f"operand): multiply by {right_name} instead (a weight "
                                                  "gradient dW = dz.T @ a_prev takes its layer's input).",
                              (other.T @ d_t).T, footprint=PRODUCT,
                              fact=f"your values are a product with {name} where {right_name} belongs.")
    return None


def _shift(got: np.ndarray, e: np.ndarray) -> list[Hypothesis]:
    """got = e + c for a constant c (a description: it speaks only when nothing specific does)."""
    if got.shape != e.shape or not got.size or not _isfinite(got).all():
        return []
    found = []
    c = float(_median(got - e))
    if c != 0 and not _isclose(c, 1.0):
        found.append(Hypothesis("fp.shift", f"your values are the expected ones plus the constant "
                                            f"{c:.6g}: a term is added (or left out) that does not "
                                            "depend on the input.", e + c, fallback=True))
    # No "c times the expected values" for other c: a factor names no mistake (only N, 1/N, 2,
    # 1/2 and -1 do), and a hint must name one.
    return found


def _decay(got: np.ndarray, e: np.ndarray, start: np.ndarray | None, subject: str) -> list[Hypothesis]:
    """An update that also shrinks its parameter: got = e - c * p for one c > 0, p the value it
    starts from (a weight decay, as SGD recipes and AdamW add, where the blank asks for none).

    c is the one number that fits (least squares over every entry); the hint speaks only when it
    then explains every entry, as any hypothesis must.
    """
    if start is None:
        return []
    p = _asarray(start, dtype=np.float64)
    if p.shape != e.shape or got.shape != e.shape or not got.size or not _isfinite(got).all():
        return []
    scale = float((p * p).sum())
    c = float(((e - got) * p).sum()) / scale if scale else 0.0
    if not c > 0:
        return []
    are = "your values are" if subject == Clues.subject else f"{subject} is"
    return [Hypothesis("fp.weight_decay", f"{are} the update the blank asks for minus {c:.3g} times the "
                                          "parameter it starts from, in every entry: a weight decay "
                                          "(- c * p, as SGD recipes and AdamW add) this blank does not "
                                          "ask for; take it out.", e - c * p)]


def _total_in_every_entry(e: np.ndarray, subject: str) -> list[Hypothesis]:
    """Every entry the sum (or the mean) of the expected entries: one total spread over the array where
    each entry's own value belongs (a derivative of the whole sum, every entry nudged at once).

    e: 2+ entries that differ, so that neither total is one of them by construction.
    """
    if e.size < 2 or not _isfinite(e).all() or _allclose(e, e.flat[0], rtol=RTOL, atol=ATOL):
        return []
    total, mean = float(e.sum()), float(e.mean())
    return [Hypothesis("fp.total_in_every_entry",
                       f"every entry of {subject} is the {what} of the expected entries ({value:.6g}): one "
                       f"{what} over all of them is put in every place, where each entry's own value "
                       "belongs (of a gradient: a change of every entry at once measures the sum of all "
                       "the partial derivatives, not each one).",
                       _full(e.shape, value), supersedes=("fp.constant",))
            for what, value in (("sum", total), ("mean", mean))]


def _clipped_step(got: np.ndarray, e: np.ndarray, start: np.ndarray | None) -> list[Hypothesis]:
    """An update whose step stops growing beyond some size: the gradient (or the step) clipped, as
    recipes against exploding gradients do, where the blank steps by the whole gradient.

    start: the value the update starts from, of e's shape; the steps got - start and e - start are
    judged as ``_saturated`` judges an output against its input (each step is its own input).
    """
    if start is None:
        return []
    p = _asarray(start, dtype=np.float64)
    if p.shape != e.shape or got.shape != e.shape:
        return []
    found = _saturated(got - p, e - p, {"step": e - p})
    if not found:
        return []
    return [Hypothesis("fp.clipped_step", "your step stops growing beyond some size, where the expected one "
                                          "goes on growing with the gradient: the gradient (or the step) is "
                                          "clipped (np.clip, clip_grad_value_), which this update does not "
                                          "do; step by the whole gradient.", got.astype(np.float64))]


def saturated_far_out(got: np.ndarray, e: np.ndarray, x: np.ndarray, name: str = "x") -> Hypothesis | None:
    """``fp.saturated`` as a fact proven on more points than a failing case holds: GOT, E and X are
    one array each (the case's entries and stored ones farther out), so that a clip which one entry
    of the case shows (a ReLU capped at 6, where only x = 12 lies beyond) is proven by the others."""
    found = _saturated(_asarray(got, dtype=np.float64), _asarray(e, dtype=np.float64), {name: x})
    return replace(found[0], value=None, holds=True) if found else None


def _saturated(got: np.ndarray, e: np.ndarray, inputs: Mapping[str, np.ndarray]) -> list[Hypothesis]:
    """An elementwise output that stops changing beyond some x: the input or the output clipped or cut off.

    got, e: arrays of x's shape, x the call's one input of that shape. Proven when on each side
    of 0 (x > 0, x < 0) with wrong entries, some right ones lie nearer 0 than every wrong one, every
    entry from the nearest wrong one outwards has one value (a right one among them where the
    expected value has reached it: a slope set to 0 beyond |x| = 5 meets the true slope's 0 far
    out), and on some side 2+ wrong entries have it where the expected values differ: a formula of
    x would not repeat itself there.
    """
    same = [(name, _asarray(x, dtype=np.float64)) for name, x in inputs.items()
            if _asarray(x).shape == e.shape]
    if len(same) != 1 or got.shape != e.shape or not got.size or not _isfinite(got).all():
        return []
    name, x = same[0]
    wrong = ~_isclose(got, e, rtol=RTOL, atol=ATOL)
    if not wrong.any() or (wrong & (x == 0)).any():
        return []
    sides = []
    for above, side in ((True, x > 0), (False, x < 0)):
        bad = wrong & side
        if not bad.any():
            continue
        edge = _abs(x[bad]).min()
        beyond, g = side & (_abs(x) >= edge), got[bad]
        if not (side & (_abs(x) < edge)).any() or not _allclose(got[beyond], g[0], rtol=RTOL, atol=ATOL):
            return []  # all wrong, or one still changing out there: no clip
        if g.size >= 2 and len({f"{float(v):.9g}" for v in e[bad]}) >= 2:  # no np call a student could patch
            at = float(x[bad].min() if above else x[bad].max())
            sides.append(f"for {name} {'>=' if above else '<='} {at:.6g} every value is {float(g[0]):.6g}")
    if not sides:
        return []
    return [Hypothesis("fp.saturated", f"your values stop changing beyond some {name} ({'; '.join(sides)}), "
                                       "where the expected values go on changing: the input or the output is "
                                       "clipped (np.clip, a min/max) or cut off (np.where on the size of "
                                       f"{name}) where the formula needs neither.",
                       got.astype(np.float64))]


def _wrong_axis(got: np.ndarray, e: np.ndarray) -> list[Hypothesis]:
    """Normalised over the wrong axis: e's rows (columns) sum to 1, got's columns (rows) or all of got do."""
    if e.ndim != 2 or got.shape != e.shape or min(e.shape) < 2 or not _isfinite(got).all():
        return []
    if (_abs(e) > 1e-300).all() and _isclose(got.sum(), 1.0):
        for axis in (1, 0):
            if _allclose(e.sum(axis=axis), 1.0):
                # Same numerators, one denominator for the whole array: got / e is constant
                # along the axis each slice was normalised over.
                ratio = (got / e).take([0], axis=axis)
                part = "row" if axis == 1 else "column"
                return [Hypothesis("fp.wrong_axis", f"you normalise by the sum of the whole array: "
                                                    f"normalise each {part} "
                                                    f"with .sum(axis={axis}, keepdims=True).", e * ratio,
                                   footprint=REDUCTION,
                                   fact=f"your whole array sums to 1, where each {part} should.")]
    for axis, other, words in ((1, 0, "each column (axis=0) instead of each row (axis=1)"),
                               (0, 1, "each row (axis=1) instead of each column (axis=0)")):
        if not (_allclose(e.sum(axis=axis), 1.0) and _allclose(got.sum(axis=other), 1.0)):
            continue
        mask = _abs(e) > 1e-300
        if not mask.all():
            return []
        # Same numerators, other denominators: got / e is an outer product r_i * c_j.
        ratio = got / e
        rank_one = np.outer(ratio[:, 0], ratio[0, :]) / ratio[0, 0]
        return [Hypothesis("fp.wrong_axis", f"you normalise {words}: use axis={axis} with keepdims=True.",
                           e * rank_one, footprint=REDUCTION,
                           fact=f"your values are normalised over {words}.")]
    return []


def transpose_causes() -> str:
    """" (a product in the other order, ...)": the causes of a transposed array the student's code can have
    ("" when it has none of their constructs: the transpose is then the fact alone)."""
    causes = kept([("a product in the other order", PRODUCT),
                   ("a .T missing or one too many", PRODUCT | attribute("T")),
                   ("the two sizes exchanged where the array is made", keyword("size", "shape")
                    | calls("zeros", "ones", "empty", "full", "normal", "randn", "rand", "uniform",
                            "standard_normal", "reshape", "integers"))])
    if not causes:
        return ""
    listed = causes[0] if len(causes) == 1 else f"{', '.join(causes[:-1])}, or {causes[-1]}"
    return f" ({listed})"


def activations_of(z: np.ndarray, name: str, meant: str) -> list[Hypothesis]:
    """``name`` = f(z) for each hidden activation f other than ``meant`` ("relu", "tanh", "sigmoid")."""
    z = _asarray(z, dtype=np.float64)
    values = {"relu": np.where(z > 0, z, 0.0), "tanh": np.tanh(z),
              "sigmoid": np.exp(-np.logaddexp(0.0, -z))}  # logistic function, overflow-free
    return [Hypothesis("fp.wrong_activation", f"{name} is {other}(z): this layer uses {meant}.", value)
            for other, value in values.items() if other != meant]


def init_spreads(n_in: np.ndarray, n_out: np.ndarray) -> list[Hypothesis]:
    """The standard deviations of weights drawn with a wrong He scale, one entry per layer.

    n_in, n_out: arrays of shape (L,), each layer's fan-in and fan-out; the
    right spread is sqrt(2 / n_in). A layer's sample spread is compared, not
    its weights: the draws themselves are the generator's.
    """
    n_in, n_out = _asarray(n_in, dtype=np.float64), _asarray(n_out, dtype=np.float64)
    return [Hypothesis("init.xavier", "a variance of 1 / n_in is Xavier (Glorot) initialisation, made for "
                                      "tanh; He initialisation for ReLU uses 2 / n_in.", np.sqrt(1.0 / n_in)),
            Hypothesis("init.glorot", "sqrt(2 / (n_in + n_out)) is Glorot (Xavier) initialisation, which "
                                      "averages the fan-in and the fan-out (made for tanh and the sigmoid); "
                                      "He initialisation for ReLU uses the fan-in alone, sqrt(2 / n_in).",
                       np.sqrt(2.0 / (n_in + n_out))),
            Hypothesis("init.fan_out", "the spread depends on the layer's number of inputs n_in (W.shape[1], "
                                       "the fan-in), not on its outputs n_out.", np.sqrt(2.0 / n_out)),
            Hypothesis("init.variance_as_std", "np.sqrt(2 / n_in) is the standard deviation; rng.normal "
                                               "takes the standard deviation, not the variance. Or the "
                                               "standard deviation is applied twice: a draw of scale "
                                               "sqrt(2 / n_in) multiplied by it again has the spread "
                                               "2 / n_in too.", 2.0 / n_in),
            Hypothesis("fp.unscaled_init", "your weights have standard deviation 1: the scale is left "
                                           "out; draw them with standard deviation sqrt(2 / n_in) "
                                           "(rng.normal(0, np.sqrt(2 / n_in), size=...)).",
                       np.ones_like(n_in))]


def weight_operands(key: str, X: np.ndarray, cache: Mapping[str, np.ndarray]
                    ) -> tuple[str, np.ndarray, dict[str, np.ndarray]] | None:
    """``Clues.operands`` for a layer's weight gradient, "dW{l}" = dz{l}.T @ a{l-1} (a0 = X).

    X: array of shape (N, D); cache: the forward pass's z1, a1, ... of shape (N, .).
    The other operands: every array of the forward pass with N rows but the right one.
    None for a key that is no weight gradient.
    """
    if not (key.startswith("dW") and key[2:].isdigit()):
        return None
    layer = int(key[2:])
    arrays = {"X": X, **cache}
    right = "X" if layer == 1 else f"a{layer - 1}"
    if right not in arrays:
        return None
    n = _asarray(X).shape[0]
    others = {name: a for name, a in arrays.items()
              if name != right and _asarray(a).ndim == 2 and _asarray(a).shape[0] == n}
    return right, arrays[right], others


def swapped_weights(what: str, weight: str, a: float, u: np.ndarray, u_name: str, w: np.ndarray,
                    w_name: str, others: Mapping[str, float] | None = None) -> Hypothesis:
    """A convex combination a * u + (1 - a) * w with its two weights exchanged: (1 - a) * u + a * w.

    what: the value's name (the velocity, Adam's m); weight: the name of a (beta);
    u, w: arrays of the value's shape, and how the student reads them. From a zero u (a first
    step's state) the output shows only w's weight: u's is then not claimed. others: the call's
    other numbers by name (lr): one equal to 1 - a gives the same output used in a's place
    (lr = 0.1 = 1 - beta), so the hint then names both readings.
    """
    average = f"a moving average keeps {weight} * {u_name} + (1 - {weight}) * {w_name}"
    twin = next((name for name, x in (others or {}).items() if abs(float(x) - (1.0 - a)) <= 1e-12), None)
    either = "" if twin is None else (
        f" Or {twin} is used where {weight} belongs: on this call {twin} = {1.0 - a:g} = 1 - {weight}, so "
        "the two slips give the same numbers; look for both.")
    if not _asarray(u, dtype=np.float64).any():
        return Hypothesis("fp.swapped_weights", f"from a zero {u_name}, {what} is {weight} * {w_name}: "
                                                f"{w_name}'s weight is {weight} where (1 - {weight}) "
                                                f"belongs (a zero {u_name} shows nothing of its own "
                                                f"weight); {average}.{either}",
                          a * _asarray(w, dtype=np.float64))
    return Hypothesis("fp.swapped_weights", f"{what} is (1 - {weight}) * {u_name} + {weight} * {w_name}: "
                                            f"the two weights of the average are exchanged; "
                                            f"{average}.{either}",
                      (1.0 - a) * _asarray(u, dtype=np.float64) + a * _asarray(w, dtype=np.float64))


def explain(got: np.ndarray, expected: np.ndarray, clues: Clues | None = None,
            rtol: float = RTOL, atol: float = ATOL, generic: bool = True) -> Diagnosis | None:
    """The hint for ``got`` against ``expected``: the proven hypotheses, when one or two are.

    rtol, atol: how closely a hypothesis must explain each entry (the check's tolerance);
    generic: whether the generic hypotheses are tried too. Off for a statistic (a sample
    spread): "a constant shift" or "half the expected values" describe no slip there.
    """
    clues = clues or Clues()
    got = _asarray(got, dtype=np.float64)
    expected = _asarray(expected, dtype=np.float64)
    if got.shape != expected.shape:
        return None
    others = []  # the same code on other inputs: (got, expected, that input's hypotheses by slip)
    for g, e, c in clues.also:
        g, e = _asarray(g, dtype=np.float64), _asarray(e, dtype=np.float64)
        # the same subject, so that a hypothesis's words match across inputs
        c = replace(c or Clues(), subject=clues.subject)
        tried = hypotheses(g, e, c) if generic else c.related
        others.append((g, e, {(h.mistake_id, h.hint): h for h in tried if h.value is not None}))
    proven: dict[str, Hypothesis] = {}
    # one id, the first text proven: a slip may be worded twice (a first step's words and a later one's);
    # hypotheses whose causes differ under one id must group themselves (``_missing_factor``'s numbers)
    for h in hypotheses(got, expected, clues) if generic else clues.related:
        if h.mistake_id in proven:
            continue
        elsewhere = []
        if h.value is None:
            holds = h.holds
        elif h.computed and got.size == 1 and not others:
            holds = proves_computed(h.value, got, expected, rtol, atol)
        else:
            elsewhere = [(o[2].get((h.mistake_id, h.hint)), o[0], o[1]) for o in others]
            holds = all(o is not None for o, _, _ in elsewhere) and proves_everywhere(
                [(h.value, got, expected), *((o.value, g, e) for o, g, e in elsewhere)], rtol, atol,
                h.pointwise)
        if holds and h.varied:
            values = [h.value, *(o.value for o, _, _ in elsewhere)] if h.value is not None else []
            holds = len({float(v) for value in values for v in _asarray(value, dtype=np.float64).ravel()}) > 1
        if holds:
            proven[h.mistake_id] = h
    specific = [h for h in proven.values() if not h.fallback]
    if not specific and clues.groups and generic:
        from autograder.groups import group_hypotheses  # builds on this module's fingerprints

        grouped = group_hypotheses(got, expected, clues)
        if grouped:  # one group wrong in a named way: a cause, where a description fits the whole
            return name_all(grouped)
    if specific:
        # a cause that implies another (a parameter returned unchanged ignores lr too) names itself alone
        beaten = {i for h in specific for i in h.supersedes}
        return name_all(h for h in specific if h.mistake_id not in beaten)
    if not proven and clues.formula is not None and generic:
        from autograder.formulas import formula_hypothesis  # builds on this module's Hypothesis

        found = formula_hypothesis(got, expected, clues.formula, clues.subject)
        if found is not None:
            return name_all([found])
    outdone = {i for h in proven.values() for i in h.supersedes}
    return name_all(h for h in proven.values() if h.mistake_id not in outdone)


def name_all(proven: Iterable[Hypothesis]) -> Diagnosis | None:
    """One hint naming every proven hypothesis, when there are at most MOST_NAMED of them."""
    proven = list(proven)
    if not proven or len(proven) > MOST_NAMED:
        return None
    # each hint as the student's source allows it: a cause the code lacks leaves its fact, or nothing
    shown = [(h, h.worded()) for h in proven]
    reduced = {h.mistake_id for h, text in shown if text != h.hint}
    proven = [replace(h, hint=text, footprint=None) for h, text in shown if text]
    if not proven:
        return None
    if len(proven) == 1:
        return Diagnosis((proven[0].mistake_id,), proven[0].hint)
    if any(h.value is None or h.mistake_id in reduced for h in proven):
        # a fact (a probe, a property) is not an alternative to another explanation: both hold at
        # once, often from one slip, so neither is offered as the other's replacement
        text = "these values show two things at once (one slip can cause both): " + "; and ".join(
            f"({i}) {_clause(h.hint, i == len(proven))}" for i, h in enumerate(proven, 1))
    else:  # two values that each reproduce every entry: either slip gives exactly these values
        text = "two slips give exactly these values: " + "; or ".join(
            f"({i}) {_clause(h.hint, i == len(proven))}" for i, h in enumerate(proven, 1))
    return Diagnosis(tuple(dict.fromkeys(h.mistake_id for h in proven)), text)


def _clause(hint: str, last: bool) -> str:
    """A hint as one clause of a list: its full stop kept only at the end of the list."""
    return hint if last else hint.rstrip().rstrip(".")


def fact(mistake_id: str, hint: str, holds: bool, footprint: Footprint | None = None,
         alone: str | None = None) -> Hypothesis:
    """A hypothesis the check decided itself, from more than one output (see ``Hypothesis``);
    footprint, alone: for a hint that names a cause or fix, its footprint and its fact alone."""
    return Hypothesis(mistake_id, hint, None, holds=bool(holds), footprint=footprint, fact=alone)


def order_hint(parts: tuple, names: tuple[str, ...], fits) -> Diagnosis | None:
    """The values of a returned tuple are right but in another order.

    parts: what the student returned; names: the expected order; fits(i, value):
    whether ``value`` would pass as element i. Speaks when exactly one other
    order makes every element fit.
    """
    import itertools

    if len(parts) != len(names):
        return None
    if all(fits(i, v) for i, v in enumerate(parts)):
        return None
    orders = [p for p in itertools.permutations(range(len(parts)))
              if p != tuple(range(len(parts))) and all(fits(i, parts[j]) for i, j in enumerate(p))]
    if len(orders) != 1:
        return None
    given = ", ".join(names[orders[0].index(i)] for i in range(len(parts)))
    return Diagnosis(("fp.return_order",), f"the values are right but in the wrong order: you return "
                                           f"({given}); return ({', '.join(names)}).")
