"""Notebook 02: activation functions and their derivatives.

Every function works elementwise: a scalar gives a float64 scalar and an array
of any shape gives a float64 array of the same shape. Each ``*_grad`` is the
derivative with respect to the activation's *input* x.
"""

import numpy as np


def sigmoid(x):
    """Logistic sigmoid 1 / (1 + e^-x), without overflow for any finite float64.

    x: scalar or array of any shape.
    """
    x = np.asarray(x, dtype=np.float64)
    # e^-|x| lies in (0, 1], so neither branch can overflow.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))[()]


def sigmoid_grad(x):
    """d sigmoid / dx = sigmoid(x) * (1 - sigmoid(x))."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    """Hyperbolic tangent, outputs in (-1, 1)."""
    return np.tanh(np.asarray(x, dtype=np.float64))[()]


def tanh_grad(x):
    """d tanh / dx = 1 - tanh(x)^2."""
    return 1.0 - tanh(x) ** 2


def relu(x):
    """Rectified linear unit max(0, x)."""
    return np.maximum(0.0, np.asarray(x, dtype=np.float64))[()]


def relu_grad(x):
    """d relu / dx: 1 where x > 0, else 0 (we pick 0 at the kink x = 0)."""
    return (np.asarray(x, dtype=np.float64) > 0).astype(np.float64)[()]


def leaky_relu(x, alpha=0.1):
    """x where x >= 0, alpha * x elsewhere."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, x, alpha * x)[()]


def leaky_relu_grad(x, alpha=0.1):
    """d leaky_relu / dx: 1 where x >= 0, alpha elsewhere."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, 1.0, alpha)[()]
