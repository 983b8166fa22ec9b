"""One group of entries wrong, the others right: a fingerprint proven on that group alone.

The inputs split an output's entries into groups (``Clues.groups``): the sign
of x for an elementwise blank (the two branches of a piecewise function), the
label for a loss gradient (the y = 0 term and the y = 1 term), the true class
against the others for a softmax gradient. A slip in one branch or one term
leaves the other groups right and changes only its own group, often in a way a
fingerprint names there (the opposite sign, zeros, the input itself, another
activation's values); over the whole output no fingerprint fits.

Proof, group by group: every entry outside the group is right (entries in no
group too), and the fingerprint explains every entry of the group with two
magnitudes at least (``fingerprints.proves`` on the group's entries). Only the
fingerprints whose words describe values, not a cause tied to the whole output,
are tried on a group (``ON_A_GROUP``). A group where no fingerprint fits but every
entry is one wrong number where one number belongs (a slope of 1.1 where 1 belongs) is
said as that fact: on one level a shift and a factor cannot be told apart, the values can.
As everywhere, two proven explanations are both named and more say nothing.
Tried only when no fingerprint explains the whole output (``fingerprints.explain``).
"""

from dataclasses import replace

import numpy as np

from autograder.captured import allclose as _allclose
from autograder.captured import asarray as _asarray
from autograder.captured import broadcast_to as _broadcast_to
from autograder.captured import isfinite as _isfinite
from autograder.fingerprints import ATOL, RTOL, Clues, Diagnosis, Hypothesis, hypotheses, name_all, proves

#: The fingerprints that describe the values of a group: the others claim causes that a slip
#: confined to one group does not imply (a transpose, a normalisation, the batch mean).
ON_A_GROUP = frozenset({
    "fp.zeros", "fp.sign_flip", "fp.complement", "fp.constant", "fp.returns_input", "fp.mirrored_input",
    "fp.times_2", "fp.half", "fp.missing_factor", "fp.missing_square", "fp.reciprocal",
    "fp.input_for_output", "fp.function_for_derivative", "fp.wrong_activation", "fp.times_n", "fp.over_n",
})


def _restricted(value, mask: np.ndarray) -> np.ndarray | None:
    """``value`` (broadcast to the mask's shape) at the mask's entries, or None if it has another shape."""
    try:
        return _broadcast_to(_asarray(value, dtype=np.float64), mask.shape)[mask]
    except (TypeError, ValueError):
        return None


def _on_group(clues: Clues, mask: np.ndarray) -> Clues:
    """The clues restricted to one group's entries (those of the output's shape; the others dropped)."""
    def only(arrays):
        kept = {name: _restricted(a, mask) for name, a in arrays.items() if _asarray(a).shape == mask.shape}
        return {name: a for name, a in kept.items() if a is not None}

    # the hypothesis on the group's entries: its words, and the footprint its cause needs, kept
    related = [replace(h, value=_restricted(h.value, mask), holds=False, computed=False, supersedes=())
               for h in clues.related if h.value is not None and _restricted(h.value, mask) is not None]
    of_value = None
    if clues.of_value is not None:
        name, formula, f, x = clues.of_value
        f, x = _restricted(f, mask), _restricted(x, mask)
        of_value = None if f is None or x is None else (name, formula, f, x)
    mirrored = None if clues.mirrored is None else _restricted(clues.mirrored, mask)
    return Clues(n=clues.n, inputs=only(clues.inputs), mirrored=mirrored, factors=only(clues.factors),
                 related=related, of_value=of_value)


def group_hypotheses(got: np.ndarray, expected: np.ndarray, clues: Clues) -> list[Hypothesis]:
    """The proven "one group wrong" explanations of ``got``, as hypotheses of id "fp.one_group".

    got, expected: arrays of one shape; clues.groups: {group name: boolean mask of that shape}.
    Each hypothesis' value is the output it explains (the fingerprint on the group,
    the expected values elsewhere).
    """
    got = _asarray(got, dtype=np.float64)
    expected = _asarray(expected, dtype=np.float64)
    masks = {}
    for name, mask in clues.groups.items():
        mask = _asarray(mask, dtype=bool)
        if mask.shape == expected.shape and mask.any():
            masks[name] = mask
    if got.shape != expected.shape or len(masks) < 2:
        return []
    found = []
    for name, mask in masks.items():
        others = [other for other in masks if other != name]
        if not _allclose(got[~mask], expected[~mask], rtol=RTOL, atol=ATOL) \
                or _allclose(got[mask], expected[mask], rtol=RTOL, atol=ATOL):
            continue
        g, e = got[mask], expected[mask]
        proven: dict[str, Hypothesis] = {}
        for h in hypotheses(g, e, _on_group(clues, mask)):
            if h.mistake_id in ON_A_GROUP and h.mistake_id not in proven and h.value is not None \
                    and proves(h.value, g, e, pointwise=h.pointwise):
                proven[h.mistake_id] = h
        there = name_all(proven.values())  # two explanations: both named; more: this group says nothing
        if there is None:
            level = _one_level(g, e)
            if level is not None:
                value = expected.copy()
                value[mask] = g
                found.append(Hypothesis(
                    "fp.one_group_level", f"only the entries where {name} are wrong (where "
                    f"{' and where '.join(others)} your values are right); there every value is {level[0]} "
                    f"where {level[1]} belongs. Look at the part of your formula that applies where {name}.",
                    value))
            continue
        value = expected.copy()
        value[mask] = g
        term = _term_slip(name, others, clues.group_terms.get(name), there, value)
        if term is not None:
            found.append(term)
            continue
        found.append(Hypothesis("fp.one_group", f"only the entries where {name} are wrong (where "
                                                f"{' and where '.join(others)} your values are right); "
                                                f"there, {there.text} Look at the part of your formula "
                                                f"that applies where {name}.", value))
    return found


def _one_level(got: np.ndarray, expected: np.ndarray) -> tuple[str, str] | None:
    """(got's value, expected's value) when a group of 2+ entries is one wrong number where one belongs.

    No fingerprint can tell a shift from a factor on a single level (1.1 where 1 belongs is
    both + 0.1 and * 1.1), so the hint says the values alone: a fact, which points at the branch.
    """
    if got.size < 2 or not (_isfinite(got).all() and _isfinite(expected).all()):
        return None
    if not (_allclose(got, got[0], rtol=RTOL, atol=ATOL) and _allclose(expected, expected[0], rtol=RTOL,
                                                                        atol=ATOL)):
        return None
    return f"{float(got[0]):.6g}", f"{float(expected[0]):.6g}"


def _term_slip(name: str, others: list[str], term: str | None, there: Diagnosis,
               value: np.ndarray) -> Hypothesis | None:
    """A group's own term with the wrong sign, or missing, when the group has one (``Clues.group_terms``).

    Each entry of such a group is that term alone, so the opposite sign there is
    the term's sign, zeros there the term left out: the cause is proven.
    """
    if term is None or there.mistake_ids not in (("fp.sign_flip",), ("fp.zeros",)):
        return None
    rest = " and where ".join(others)
    if there.mistake_ids == ("fp.sign_flip",):
        return Hypothesis("fp.flipped_term", f"where {name} your values have the opposite sign, and where "
                                             f"{rest} they are right: {term} has the wrong sign.", value)
    return Hypothesis("fp.missing_term", f"where {name} your values are 0, and where {rest} they are right: "
                                         f"{term} is missing.", value)
