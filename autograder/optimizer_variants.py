"""Optimizer rules that are not the lesson's: other published forms of momentum and Adam, as values.

The lesson's momentum averages, v = beta v + (1 - beta) g, and steps p - lr v; its Adam
steps p - lr m_hat / (sqrt(v_hat) + eps). Tutorials and libraries teach other forms under
the same names, and a student who learnt one of them writes it where the blank asks for the
lesson's: the values are then that form's, exactly, and the form is worth naming. Each
function here gives the value of one parameter (or state entry) under each other form, from
the step's own inputs and the lesson's right moments, for the checks to judge as any
hypothesis (every entry explained, or nothing said):

- ``momentum.nesterov``: Nesterov's look-ahead, p - lr (beta v + (1 - beta) g) with the new v;
- ``adam.epsilon_hat``: the Adam paper's "efficient" order, lr_t = lr sqrt(1 - beta2**t) /
  (1 - beta1**t) and p - lr_t m / (sqrt(v) + eps), where eps meets the uncorrected v;
- ``adam.amsgrad_max``: AMSGrad's running maximum stored as v, max(v_before, v);
- ``adam.v_of_m``: v fed the new first moment squared, m**2, where g**2 belongs.
"""

import numpy as np

from autograder.captured import asarray as _asarray
from autograder.captured import errstate as _errstate
from autograder.captured import isfinite as _isfinite
from autograder.captured import maximum as _maximum
from autograder.captured import sqrt as _sqrt
from autograder.fingerprints import Hypothesis


def _f64(a) -> np.ndarray:
    return _asarray(a, dtype=np.float64)


def momentum_forms(key: str, p: np.ndarray, g: np.ndarray, v: np.ndarray, lr: float,
                   beta: float) -> list[Hypothesis]:
    """params[key] under the other forms of momentum. p, g, v: arrays of one shape, the parameter, its
    gradient and the right new velocity."""
    p, g, v = _f64(p), _f64(g), _f64(v)
    said = (f"params[{key!r}] is Nesterov's look-ahead step, p - lr * (beta * v + (1 - beta) * g) with the "
            "new v: the lesson's momentum steps by the velocity alone, p - lr * v.")
    return [Hypothesis("momentum.nesterov", said, p - lr * (beta * v + (1.0 - beta) * g))]


def adam_forms(key: str, p: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float, beta1: float,
               beta2: float, eps: float) -> list[Hypothesis]:
    """params[key] under the other forms of Adam's step. p, m, v: arrays of one shape, the parameter and
    the right moments after this step; t: this step's count, from 1."""
    p, m, v = _f64(p), _f64(m), _f64(v)
    lr_t = lr * float(_sqrt(1.0 - beta2 ** t)) / (1.0 - beta1 ** t)
    said = (f"params[{key!r}] is the step of the Adam paper's shortcut, lr_t = lr * sqrt(1 - beta2**t) / "
            "(1 - beta1**t) and p - lr_t * m / (sqrt(v) + eps): there eps meets the uncorrected v, so small "
            "gradients step differently. The lesson corrects both moments first: p - lr * m_hat / "
            "(sqrt(v_hat) + eps).")
    m_hat, v_hat = m / (1.0 - beta1 ** t), v / (1.0 - beta2 ** t)
    with _errstate(all="ignore"):  # a v_hat of 0 makes the forms without eps beside the root inf
        ratio = m_hat / _sqrt(v_hat)
        placed = {"p - lr * m_hat / np.sqrt(v_hat) + eps": p - lr * ratio + eps,
                  "p - (lr * m_hat / np.sqrt(v_hat) + eps)": p - lr * ratio - eps,
                  "p - lr * (m_hat / np.sqrt(v_hat) + eps)": p - lr * (ratio + eps)}
    # eps under the root is the first step's own hint (its sign-sized steps), not one of these
    return [Hypothesis("adam.epsilon_hat", said, p - lr_t * m / (_sqrt(v) + eps)),
            *(Hypothesis("adam.eps_placed", f"params[{key!r}] is {form}: eps stands elsewhere than beside "
                                            "the square root, where p - lr * m_hat / (np.sqrt(v_hat) + eps) "
                                            "belongs (its parentheses keep it in the denominator, outside "
                                            "the root).", value)
              for form, value in placed.items() if _isfinite(value).all())]


def adam_state_forms(moment: str, key: str, before: np.ndarray, expected: np.ndarray,
                     m: np.ndarray | None = None, beta2: float = 0.999) -> list[Hypothesis]:
    """state[moment][key] under the other forms: AMSGrad's running maximum for v, and v fed the new first
    moment m where the gradient belongs (none for m). before: the moment this step started from;
    expected: the right new moment; m: the right new first moment (for v), all of one shape."""
    if moment != "v":
        return []
    fed_m = [] if m is None else [Hypothesis(
        "adam.v_of_m", f"state['v'][{key!r}] is the moving average of m**2, the new first moment squared, "
                       "where the squared gradient g**2 belongs: v = beta2 * v + (1 - beta2) * g**2.",
        beta2 * _f64(before) + (1.0 - beta2) * _f64(m) ** 2)]
    said = (f"state['v'][{key!r}] is the larger of the v you were given and the new moving average, entry "
            "by entry: AMSGrad's running maximum, which the lesson's Adam does not keep. Store v = beta2 * v "
            "+ (1 - beta2) * g**2 itself.")
    return [Hypothesis("adam.amsgrad_max", said, _maximum(_f64(before), _f64(expected))), *fed_m]
