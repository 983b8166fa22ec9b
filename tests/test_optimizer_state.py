"""State an optimizer carries between calls (``autograder.optimizer_state``): each slip named in its check."""

import numpy as np
from blanks import mistakes_of

from autograder.fingerprints import Clues, explain
from autograder.optimizer_state import corrected_stored, correction_slips, counter_kept


def _adam(store_corrected=False, power_on=(), keep_t=False, beta1_for_v=False):
    """A made-up Adam step with the named slips (power_on: the moments corrected by (1 - beta)**t)."""
    def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        if state is None:
            state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                     "v": {k: np.zeros_like(p) for k, p in params.items()}}
        t = state["t"] + 1
        out = {"t": state["t"] if keep_t else t, "m": {}, "v": {}}
        new = {}
        for k, p in params.items():
            g = grads["d" + k]
            m = beta1 * state["m"][k] + (1 - beta1) * g
            v = beta2 * state["v"][k] + (1 - beta2) * g * g
            m_hat = m / ((1 - beta1) ** t if "m" in power_on else 1 - beta1 ** t)
            v_hat = v / ((1 - beta2) ** t if "v" in power_on else 1 - (beta1 if beta1_for_v else beta2) ** t)
            new[k] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
            out["m"][k], out["v"][k] = (m_hat, v_hat) if store_corrected else (m, v)
        return new, out
    return adam_step


def test_a_step_count_never_stored_is_named():
    ids, message = mistakes_of("adam_step", _adam(keep_t=True))
    assert ids == ("adam_step.adam_forgets_to_count",) and "never stored" in message
    assert not counter_kept(5, 3).holds and counter_kept(3, 3).holds  # another wrong t: not this slip


def test_the_corrected_moments_stored_are_named():
    ids, message = mistakes_of("adam_step", _adam(store_corrected=True))
    assert ids == ("fp.corrected_stored",) and "m_hat = m / (1 - beta1**t)" in message


def test_the_power_on_the_difference_is_named_from_a_later_step():
    ids, message = mistakes_of("adam_step", _adam(power_on=("m", "v")))
    assert ids == ("fp.power_on_difference",)
    assert "m is divided by (1 - beta1)**t; v is divided by (1 - beta2)**t" in message
    ids, message = mistakes_of("adam_step", _adam(power_on=("v",)))
    assert ids == ("fp.power_on_difference",) and "m is divided" not in message


def test_the_other_moments_beta_in_a_correction_is_named():
    ids, message = mistakes_of("adam_step", _adam(beta1_for_v=True))
    assert ids == ("fp.other_beta",) and "v is divided by 1 - beta1**t" in message


def test_no_correction_slip_at_the_first_step_where_the_power_changes_nothing():
    p, m, v = np.array([0.5, -1.0]), np.array([0.1, -0.2]), np.array([0.01, 0.04])
    slips = correction_slips("W", p, m, v, 1, 0.01, 0.9, 0.999, 1e-8)
    assert "fp.power_on_difference" not in {h.mistake_id for h in slips}  # (1 - b)**1 = 1 - b**1
    right = p - 0.01 * (m / 0.1) / (np.sqrt(v / 0.001) + 1e-8)
    assert explain(right + 1e-3 * np.array([1.0, 2.0]), right, Clues(related=slips)) is None


def test_a_stored_moment_is_not_called_corrected_when_it_is_not():
    m = np.array([0.3, -0.7, 1.1])
    h = corrected_stored(m, 0.9, 2, "m", "state['m']['W1']")
    assert explain(m * 1.5, m, Clues(related=[h])) is None
    assert explain(m / (1 - 0.81), m, Clues(related=[h])).mistake_ids == ("fp.corrected_stored",)


def _momentum(lr_in_velocity=False, lr_in_step=True):
    def momentum_step(params, grads, velocity, lr, beta=0.9):  # made up for the test
        velocity = velocity or {k: np.zeros_like(p) for k, p in params.items()}
        scale = lr if lr_in_velocity else 1.0
        v = {k: beta * velocity[k] + (1 - beta) * scale * grads["d" + k] for k in params}
        return {k: p - (lr if lr_in_step else 1.0) * v[k] for k, p in params.items()}, v
    return momentum_step


def test_the_learning_rate_in_the_velocity_and_the_step_is_named_twice():
    ids, message = mistakes_of("momentum_step", _momentum(lr_in_velocity=True))
    assert ids == ("fp.lr_twice",) and "once in the velocity and once in the step" in message
    # lr in the velocity only (p - v): the learning rate is applied once, "twice" would be false
    ids, _ = mistakes_of("momentum_step", _momentum(lr_in_velocity=True, lr_in_step=False))
    assert "fp.lr_twice" not in ids
