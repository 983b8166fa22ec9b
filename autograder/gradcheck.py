"""Numerical gradients by central differences, and the relative error used to judge them.

Everything runs in float64 with step h = 1e-5: the truncation error of a central
difference is O(h^2) ~ 1e-10 and the rounding error O(eps / h) ~ 1e-11, so a
correct analytic gradient agrees to a relative error far below 1e-7.
"""

from collections.abc import Callable, Mapping

import numpy as np

H = 1e-5


def rel_error(a, b) -> float:
    """Largest elementwise relative error |a - b| / max(1e-8, |a| + |b|) (CS231n's measure).

    a, b: arrays (or scalars) of the same shape. Returns a float >= 0.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def elementwise_derivative(f: Callable, x, h: float = H) -> np.ndarray:
    """d f(x_i) / d x_i for an elementwise function f, by central differences.

    x: array of any shape. Returns an array of the same shape.
    """
    x = np.asarray(x, dtype=np.float64)
    return (np.asarray(f(x + h), dtype=np.float64) - np.asarray(f(x - h), dtype=np.float64)) / (2 * h)


def numerical_gradient(f: Callable[[np.ndarray], float], x, h: float = H) -> np.ndarray:
    """Gradient of a scalar function of one array, perturbing one entry at a time.

    f: maps an array shaped like x to a float. x: array of any shape; it is not
    modified (f sees perturbed copies). Returns an array shaped like x.
    """
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    flat_x, flat_g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat_x.size):
        old = flat_x[i]
        flat_x[i] = old + h
        f_plus = float(f(x.copy()))
        flat_x[i] = old - h
        f_minus = float(f(x.copy()))
        flat_x[i] = old
        flat_g[i] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_param_gradients(
    loss: Callable[[dict], float], params: Mapping[str, np.ndarray], h: float = H
) -> dict[str, np.ndarray]:
    """Gradient of a scalar loss with respect to every array in a dict of parameters.

    loss: maps a params dict to a float. params: dict name -> array; not modified.
    Returns a dict "d" + name -> array shaped like params[name] (the naming of
    ``backward``'s grads).
    """
    base = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    grads = {}
    for name in base:
        def loss_of(value, name=name):
            return loss({**base, name: value})

        grads["d" + name] = numerical_gradient(loss_of, base[name], h)
    return grads
