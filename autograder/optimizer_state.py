"""State an optimizer carries between calls (Adam's t, m, v): the slips of what is stored and how it is used.

Adam keeps a step count t and two moving averages, m of the gradient and v of its
square, in a state that each call returns for the next. Its step corrects both for
their start at zero: m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t), and
p_new = p - lr * m_hat / (sqrt(v_hat) + eps). The slips, each a value (or a fact)
judged like any fingerprint:

- ``counter_kept``: the returned t is the t given: the count never advances, so
  every call corrects as if it were the first step;
- ``corrected_stored``: the state holds m_hat (v_hat) where the raw m (v) belongs:
  the correction is applied again, compounded, at every later call;
- ``correction_slips``: the step with another correction of m, of v or of both: the
  power put on the difference, (1 - beta)**t for 1 - beta**t (the same at t = 1, so
  only a later step shows it), the other moment's beta (1 - beta1**t for v), or none.
"""

import numpy as np

from autograder.captured import asarray as _asarray
from autograder.captured import isclose as _isclose
from autograder.captured import sqrt as _sqrt
from autograder.fingerprints import Hypothesis, fact


def counter_kept(got_t: int, given_t: int, what: str = "state['t']") -> Hypothesis:
    """The fact: the step count returned is the one given (holds only then, not for any other wrong t)."""
    return fact("adam_step.adam_forgets_to_count", f"{what} is {given_t}, the count you were given: t is "
                                                   "used but the new count is never stored, so every call "
                                                   "corrects its moments as if it were the first step; "
                                                   f"return the new count, {given_t + 1} here (the "
                                                   "count given plus one), in the new state.",
                got_t == given_t)


def corrected_stored(expected: np.ndarray, beta: float, t: int, moment: str, what: str) -> Hypothesis:
    """The state's moment is the bias-corrected one: expected / (1 - beta**t) where the raw expected belongs.

    expected: the raw moment after this step, any shape; moment: "m" or "v"; beta: its beta.
    """
    beta_name = "beta1" if moment == "m" else "beta2"
    return Hypothesis("fp.corrected_stored", f"{what} is {moment}_hat = {moment} / (1 - {beta_name}**t), the "
                                             f"bias-corrected moment, where the raw moving average {moment} "
                                             "belongs: store the raw one and correct a copy for the step "
                                             "only (stored, the correction compounds at every call).",
                      _asarray(expected, dtype=np.float64) / (1.0 - beta ** t))


#: The wrong bias corrections, by kind: (id, each moment's divisor in words as a function of its own
#: beta's name and the other's, what to do instead).
_CORRECTION_SLIPS = {
    "power": ("fp.power_on_difference", lambda own, other: f"(1 - {own})**t",
              "The power belongs on beta alone: 1 - beta**t (beta to the power t, then 1 minus it), not "
              "(1 - beta)**t"),
    "other beta": ("fp.other_beta", lambda own, other: f"1 - {other}**t",
                   "Each moment is corrected with its own beta: m by 1 - beta1**t, v by 1 - beta2**t"),
    "none": ("adam.no_bias_correction", lambda own, other: "",
             "Divide m by (1 - beta1**t) and v by (1 - beta2**t), with t counting steps from 1"),
}


def correction_slips(key: str, p: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float,
                     beta1: float, beta2: float, eps: float) -> list[Hypothesis]:
    """params[key] after a step whose bias correction of m, of v or of both is wrong in one way.

    p, m, v: arrays of one shape, the parameter before the step and the moments after it;
    t: the step count of this step (from 1). The ways (``_CORRECTION_SLIPS``): the power on the
    difference, (1 - beta)**t; the other moment's beta; no correction. A slip whose divisor is the
    right one at this t (the power at t = 1) is left out: its value is the right one.
    """
    p, m, v = (_asarray(a, dtype=np.float64) for a in (p, m, v))
    betas = {"beta1": beta1, "beta2": beta2}
    own = {"m": ("beta1", "beta2"), "v": ("beta2", "beta1")}

    def divisor(moment: str, kind: str | None) -> tuple[str, float]:
        mine, other = own[moment]
        if kind is None:
            return f"1 - {mine}**t", 1.0 - betas[mine] ** t
        words = _CORRECTION_SLIPS[kind][1](mine, other)
        value = {"power": (1.0 - betas[mine]) ** t, "other beta": 1.0 - betas[other] ** t, "none": 1.0}[kind]
        return words, value

    found = []
    for kind, (mistake_id, _, advice) in _CORRECTION_SLIPS.items():
        for wrong in (("m",), ("v",), ("m", "v")):
            parts = {moment: divisor(moment, kind if moment in wrong else None) for moment in ("m", "v")}
            if any(_isclose(parts[moment][1], divisor(moment, None)[1]) for moment in wrong):
                continue  # this slip gives the right divisor at this t: nothing to tell apart
            said = "; ".join(f"{moment} is divided by {parts[moment][0]}" if parts[moment][0]
                             else f"{moment} is not corrected" for moment in wrong)
            (_, cm), (_, cv) = parts["m"], parts["v"]
            found.append(Hypothesis(mistake_id, f"params[{key!r}] is the step with other bias corrections at "
                                                f"t = {t}: {said}. {advice}.",
                                    p - lr * (m / cm) / (_sqrt(v / cv) + eps)))
    return found
