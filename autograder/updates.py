"""Update rules as fingerprints: how the student's step differs from the rule's, parameter by parameter.

An update moves a parameter p from its start p0 by a step s: p = p0 + s (a perceptron
rule, an SGD, momentum or Adam step). On a stored sample the check knows p0 and s, so
each slip is a value of its own, built per parameter (so the hint names it):

- fp.repeated_update: p = p0 + k * s, the step applied k times (k = D, once per feature:
  the update sits inside a loop over the inputs; or k = N, once per point);
- fp.lr_twice / fp.lr_missing: p = p0 + lr * s or p0 + s / lr, the learning rate applied
  twice or not at all (to every parameter: one expression of the step);
and one fact, from two calls that differ by one point only:
- fp.update_when_right: the result changes when a point the rule leaves alone (classified
  right) is added: the update is applied also when the prediction is right, or the prediction
  is made with stale weights (both named: the fact proves neither alone).
The sign of the step and a step left out are the fingerprints' own (``Clues.terms``,
``Clues.start``). Every hypothesis is judged as any other (``fingerprints.explain``).
"""

from collections.abc import Mapping

import numpy as np

from autograder.captured import asarray as _asarray
from autograder.fingerprints import Hypothesis, fact
from autograder.source_facts import statement


def _f64(a) -> np.ndarray:
    return _asarray(a, dtype=np.float64)


def repeated(start: np.ndarray, steps: Mapping[str, np.ndarray],
             counts: Mapping[str, int]) -> list[Hypothesis]:
    """One parameter's step applied k times, the others right (start: the parameters before the update,
    as one vector; steps: each parameter's step by name, a vector of start's shape that is 0 outside
    that parameter).

    counts: the repetitions that can happen, by what they count ("once per feature": D).
    """
    right = _f64(start) + sum(_f64(s) for s in steps.values())
    return [Hypothesis("fp.repeated_update", f"{name}'s step is applied {k} times, {words}, where once "
                                             "belongs: move its update out of the inner loop.",
                       right + (k - 1) * _f64(step), footprint=statement("loop"),
                       fact=f"{name}'s step is applied {k} times, {words}, where once belongs.")
            for name, step in steps.items() for words, k in counts.items() if k > 1]


def learning_rate(start: np.ndarray, expected: np.ndarray, lr: float,
                  what: str = "the step", scalars: Mapping[str, float] | None = None) -> list[Hypothesis]:
    """The learning rate applied twice, or not at all, to the whole step expected - start (lr != 1).

    scalars: the call's other numbers by how the code writes them ({"1 - beta": 0.1}); a factor
    of lr that one of them equals on this call is that one's as much as lr's: both are named.
    """
    if lr in (0.0, 1.0):
        return []
    start, expected = _f64(start), _f64(expected)
    step = expected - start
    same = [name for name, value in (scalars or {}).items() if abs(value - lr) <= 1e-12 * max(1.0, abs(lr))]
    twice = (f"{what} is lr = {lr:g} times too small, lr * lr * ...: the learning rate is applied twice "
             "(once in the step, once more in the update).")
    if same:  # a degenerate probe: the factor proves only its value, which several quantities have here
        names = " or ".join(same)
        twice = (f"{what} is {lr:g} times too small: a factor of {lr:g} is applied once more than it "
                 f"belongs. On this call lr = {names} = {lr:g}, so the extra factor is lr or {names}: "
                 f"look for either of them applied twice.")
    return [Hypothesis("fp.lr_twice", twice, start + lr * step),
            Hypothesis("fp.lr_missing", f"{what} is 1 / lr = {1 / lr:g} times too large: the learning rate "
                                        "is missing from the update.", start + step / lr)]


def unchanged(start: np.ndarray, what: str, causes: str, fix: str) -> Hypothesis:
    """"fp.not_updated": the parameter comes back as it went in (start: its value before the update).

    what: the parameter as the hint names it; causes: how a step can come to nothing here; fix: the update.
    """
    # an update that changes nothing ignores every argument: "lr has no effect" is its consequence
    return Hypothesis("fp.not_updated", f"{what} is unchanged. Either no step is applied to it, or {causes}; "
                                        f"{fix}.", start,
                      supersedes=("fp.ignores_argument", "fp.returns_input"))


def step_sizes(start: np.ndarray, expected: np.ndarray, sizes: Mapping[str, int], lr: float,
               what: str = "the step") -> list[Hypothesis]:
    """The step divided (or multiplied) by a size of the gradient: p0 + s / size, a mean taken again
    where the gradient is already one ("fp.over_size"), or p0 + size * s ("fp.times_size").

    sizes: the gradient's sizes by how the code writes them (``quantities.named_sizes``); a factor
    that lr also gives (size = 1 / lr) or that two sizes share names none of them.
    """
    start, expected = _f64(start), _f64(expected)
    step = expected - start
    factors: dict[float, list[str]] = {}
    for expr, size in sizes.items():
        factors.setdefault(float(size), []).append(expr)
    found = []
    for size, exprs in factors.items():
        if len(exprs) > 1 or any(abs(k - lr) <= 1e-12 * k for k in (size, 1.0 / size)):
            continue
        found += [Hypothesis("fp.over_size", f"{what} is divided by {exprs[0]} = {size:g}: the gradient is "
                                             "already the mean over the batch; the update is p - lr * dp "
                                             "with nothing more.", start + step / size, fallback=True),
                  Hypothesis("fp.times_size", f"{what} is {exprs[0]} = {size:g} times too large: the update "
                                              "is p - lr * dp with nothing more.", start + step * size,
                             fallback=True)]
    return found


def update_when_right(alone, with_right_point, what: str) -> Hypothesis:
    """The fact: the result changed when a point the rule leaves alone was added after the others.

    alone, with_right_point: the student's results (arrays) without and with that point.
    """
    a, b = _f64(alone), _f64(with_right_point)
    changed = a.shape == b.shape and not bool((a == b).all())
    return fact("fp.update_when_right", f"{what} change on a point that is already classified right "
                                        "by the weights in place when it is reached. For example the "
                                        "update is applied also when the prediction is right (its step "
                                        "lr * (y - prediction) must be 0 then), the prediction is made "
                                        "with stale weights (all predictions of an epoch computed before "
                                        "its updates, not each with the current w and b just before its "
                                        "own update), or the points are not visited in the order given "
                                        "(a shuffle: the added point is then not the last).", changed)
