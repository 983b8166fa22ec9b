"""Initial weights of the wrong scale or the wrong distribution, from their measured spread.

He initialisation draws each layer's W, of shape (n_out, n_in), from a normal
distribution with mean 0 and standard deviation sqrt(2 / n_in). A slip changes the
scale (a constant outside the root, the variance for the standard deviation,
another size in the denominator, every layer given one layer's size) or the
distribution (a uniform draw on [0, 1) where the normal belongs).

- ``scale_candidates``: every scale built from the layer sizes and the constants 1
  and 2, c / sqrt(n), sqrt(c / n), c / n, with n each layer's fan-in or fan-out, or
  one size for every layer. Each is a vector of per-layer spreads, judged by
  ``fingerprints.explain`` like any hypothesis: every layer's sample spread within
  the tolerance, on layers whose spreads differ (``checking.spread_hint``).
  The slips ``fingerprints.init_spreads`` names in its own words (Xavier, fan-out,
  the variance, no scale) are left to it.
- ``uniform_draw``: every weight of every layer >= 0 and spread as evenly as a
  uniform draw on [0, a) (mean a / 2, standard deviation a / sqrt(12), the largest
  entry near a): rng.random or np.random.rand where a normal draw belongs.
"""

import math
from collections.abc import Sequence

import numpy as np

from autograder.captured import allclose as _allclose
from autograder.captured import asarray as _asarray
from autograder.fingerprints import Hypothesis, init_spreads

#: How closely a uniform draw's shape must show: mean / std = sqrt(3) and max / mean = 2, each within
#: 2%. With 120,000 draws or more both are within 0.5% (5 sigma); a half-normal |N(0, s)| has
#: mean / std 1.32 and a normal has negative entries.
UNIFORM_RTOL = 0.02
#: The fewest weights in a layer for the shape of its draw to say anything.
FEWEST_DRAWS = 10_000


def _forms(c: float, n: np.ndarray) -> dict[str, tuple[np.ndarray, str]]:
    """Each scale of the constant c and the per-layer sizes n: {formula in n: (spreads, what slipped)}."""
    k = f"{c:g}"
    return {f"{k} / sqrt(n)": (c / np.sqrt(n), f"the {k} stays outside the square root" if c != 1 else ""),
            f"sqrt({k} / n)": (np.sqrt(c / n), ""),
            f"{k} / n": (c / n, "no square root: the variance where the standard deviation belongs, "
                                "or the standard deviation applied twice (a draw of that scale "
                                "multiplied by it again: sqrt(c / n) * sqrt(c / n) = c / n)")}


def scale_candidates(n_in: Sequence[float], n_out: Sequence[float],
                     one_size: bool = True) -> list[Hypothesis]:
    """Every wrong He scale from the layer sizes, one hypothesis per distinct vector of spreads.

    n_in, n_out: array-likes of shape (L,), each layer's fan-in (W.shape[1]) and fan-out (W.shape[0]).
    one_size: also one layer's size for every layer (False when the layers are of two calls).
    Returns hypotheses whose values have shape (L,): each layer's standard deviation under that slip.
    """
    n_in, n_out = _asarray(n_in, dtype=np.float64), _asarray(n_out, dtype=np.float64)
    right = np.sqrt(2.0 / n_in)
    taken = [right] + [h.value for h in init_spreads(n_in, n_out)]  # named in their own words there
    found: list[Hypothesis] = []

    def add(value: np.ndarray, formula: str, slip: str) -> None:
        if any(_allclose(value, other, rtol=1e-9, atol=0.0) for other in taken):
            return
        taken.append(value)
        spreads = ", ".join(f"W{i}: {v:.4g}" for i, v in enumerate(value, 1))
        found.append(Hypothesis("fp.wrong_scale", f"your weights' standard deviations are {formula} "
                                                  f"({spreads}, to within the sampling error), where He "
                                                  "initialisation's sqrt(2 / n_in) belongs (n_in = "
                                                  f"W.shape[1], each layer's own fan-in){slip}: draw each "
                                                  "layer with rng.normal(0, np.sqrt(2 / n_in), size=...).",
                                value))

    for c in (1.0, 2.0):
        for sizes, size_words in ((n_in, "n_in, the fan-in"), (n_out, "n_out = W.shape[0], the fan-out")):
            for formula, (value, slip) in _forms(c, sizes).items():
                add(value, f"{formula} with n = {size_words}", f"; {slip}" if slip else "")
    add(np.sqrt(2.0 / (n_in + 1)), "sqrt(2 / (n_in + 1))",
        "; each layer counts one input more than it has (as if its bias were an input)")
    # one layer's size for every layer (a line copied from W1's): each layer needs its own fan-in
    for size in dict.fromkeys([*n_in.tolist(), *n_out.tolist()] if one_size else []):
        whose = [f"W{i}'s fan-in" for i, n in enumerate(n_in, 1) if n == size] or \
                [f"W{i}'s fan-out" for i, n in enumerate(n_out, 1) if n == size]
        add(np.full(n_in.shape, math.sqrt(2.0 / size)), f"sqrt(2 / {size:g}) in every layer",
            f"; {size:g} is {whose[0]}: every layer is scaled by that one size")
    return found


def uniform_draw(weights: Sequence[np.ndarray]) -> Hypothesis | None:
    """The fact: every layer's weights look drawn uniformly on [0, a), a >= 0 (None when not proven).

    weights: each layer's W (any shapes), FEWEST_DRAWS entries at least each. Returns a fact
    (``fingerprints.fact``-like, value None) that holds, naming each layer's a; None otherwise.
    """
    tops = []
    for w in weights:
        w = _asarray(w, dtype=np.float64).ravel()
        if w.size < FEWEST_DRAWS:
            return None
        if w.min() < 0:
            return symmetric_uniform_draw(weights)
        mean, std, top = float(w.mean()), float(w.std()), float(w.max())
        if not (std > 0 and abs(mean / std / math.sqrt(3.0) - 1) < UNIFORM_RTOL
                and abs(top / (2 * mean) - 1) < UNIFORM_RTOL):
            return None
        tops.append(top)
    if not tops:
        return None
    ranges = ", ".join(f"W{i} on [0, {a:.3g})" for i, a in enumerate(tops, 1))
    return Hypothesis("fp.uniform_for_normal", f"every weight is >= 0, spread evenly ({ranges}): a uniform "
                                               "draw (rng.random, np.random.rand) where a normal draw with "
                                               "mean 0 belongs; use rng.normal(0, np.sqrt(2 / n_in), "
                                               "size=...) (np.random.randn is the normal one).",
                      None, holds=True)


#: A uniform draw on [-a, a] has kurtosis 9/5 (a normal's is 3) and max |w| = a = sqrt(3) std.
UNIFORM_KURTOSIS = 1.8


def symmetric_uniform_draw(weights: Sequence[np.ndarray]) -> Hypothesis | None:
    """The fact: every layer's weights look drawn uniformly on [-a, a] (None when not proven).

    weights: each layer's W (any shapes), FEWEST_DRAWS entries at least each. Proven by the
    shape of the draw, not its scale: mean 0, kurtosis 1.8 and the largest |w| at sqrt(3)
    standard deviations, each within UNIFORM_RTOL (a normal's kurtosis is 3, its largest |w|
    of 100,000 draws about 4.4 standard deviations).
    """
    tops = []
    for w in weights:
        w = _asarray(w, dtype=np.float64).ravel()
        if w.size < FEWEST_DRAWS:
            return None
        std = float(w.std())
        if not std > 0:
            return None
        centred = w - w.mean()
        kurtosis = float((centred ** 4).mean() / std ** 4)
        top = float(np.abs(w).max())
        if not (abs(float(w.mean())) < UNIFORM_RTOL * std
                and abs(kurtosis / UNIFORM_KURTOSIS - 1) < UNIFORM_RTOL
                and abs(top / (math.sqrt(3.0) * std) - 1) < UNIFORM_RTOL):
            return None
        tops.append(top)
    ranges = ", ".join(f"W{i} on [-{a:.4g}, {a:.4g}]" for i, a in enumerate(tops, 1))
    return Hypothesis("fp.uniform_for_normal", f"your weights are spread evenly ({ranges}): a uniform draw "
                                               "(rng.uniform(-a, a)) where a normal draw belongs. A uniform "
                                               "draw's standard deviation is a / sqrt(3), not its bound a: "
                                               "use rng.normal(0, np.sqrt(2 / n_in), size=...).",
                      None, holds=True)
