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
- ``correction_slips``: the step with another correction of m or v: the power put
  on the difference, (1 - beta)**t for 1 - beta**t (the same at t = 1, so only a
  later step shows it), or no correction, of one moment or both.
"""

import itertools

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
                                                   "return t + 1 in the new state.", got_t == given_t)


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


def correction_slips(key: str, p: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float,
                     beta1: float, beta2: float, eps: float) -> list[Hypothesis]:
    """params[key] after a step whose bias corrections of m and v are not 1 - beta**t (one or both).

    p, m, v: arrays of one shape, the parameter before the step and the moments after it;
    t: the step count of this step (from 1). A slip that gives the right step at this t (any at
    t = 1 for the power) is left out: its value is the right one.
    """
    p, m, v = (_asarray(a, dtype=np.float64) for a in (p, m, v))
    corrections = {"m": {"1 - beta1**t": 1.0 - beta1 ** t, "(1 - beta1)**t": (1.0 - beta1) ** t, "none": 1.0},
                   "v": {"1 - beta2**t": 1.0 - beta2 ** t, "(1 - beta2)**t": (1.0 - beta2) ** t, "none": 1.0}}
    for options in corrections.values():  # a correction that is the right number at this t is the right one
        right_value = next(iter(options.values()))
        for words in [w for w, c in list(options.items())[1:] if _isclose(c, right_value)]:
            del options[words]
    found = []
    for (m_words, cm), (v_words, cv) in itertools.product(corrections["m"].items(), corrections["v"].items()):
        if (m_words, v_words) == ("1 - beta1**t", "1 - beta2**t"):
            continue
        wrong = [(name, words) for name, words, ok in (("m", m_words, m_words.startswith("1 - ")),
                                                        ("v", v_words, v_words.startswith("1 - "))) if not ok]
        powers = [name for name, words in wrong if words != "none"]
        said = "; ".join(f"{name} is divided by {words}" if words != "none" else f"{name} is not corrected"
                         for name, words in wrong)
        if powers:
            mistake_id = "fp.power_on_difference"
            cause = ("The power belongs on beta alone: 1 - beta**t (beta to the power t, then 1 minus it), "
                     "not (1 - beta)**t")
        else:
            mistake_id = "adam.no_bias_correction"
            cause = "Divide m by (1 - beta1**t) and v by (1 - beta2**t), with t counting steps from 1"
        found.append(Hypothesis(mistake_id, f"params[{key!r}] is the step with other bias corrections at t = "
                                            f"{t}: {said}. {cause}.",
                                p - lr * (m / cm) / (_sqrt(v / cv) + eps)))
    return found
