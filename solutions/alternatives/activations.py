"""Correct alternatives for notebook 02: activations and their derivatives.

Registered in ``solutions.variants.ALTERNATIVES`` in the order written here.
"""

import numpy as np

from solutions.activations import sigmoid, tanh
from solutions.variants import alternative


@alternative("activations", "sigmoid")
def sigmoid_through_tanh(x):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=np.float64)))


@alternative("activations", "sigmoid")
def sigmoid_clipped(x):
    x = np.clip(np.asarray(x, dtype=np.float64), -500.0, 500.0)
    return 1.0 / (1.0 + np.exp(-x))


@alternative("activations", "sigmoid_grad")
def sigmoid_grad_symmetric(x):
    return sigmoid(x) * sigmoid(-np.asarray(x, dtype=np.float64))


@alternative("activations", "sigmoid_grad")
def sigmoid_grad_direct(x):
    e = np.exp(-np.abs(np.asarray(x, dtype=np.float64)))
    return e / (1.0 + e) ** 2


@alternative("activations", "tanh")
def tanh_from_sigmoid(x):
    return 2.0 * sigmoid(2.0 * np.asarray(x, dtype=np.float64)) - 1.0


@alternative("activations", "tanh")
def tanh_stable_exp(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-2.0 * np.abs(x))
    return np.sign(x) * (1.0 - e) / (1.0 + e)


@alternative("activations", "tanh_grad")
def tanh_grad_factored(x):
    t = tanh(x)
    return (1.0 - t) * (1.0 + t)


@alternative("activations", "tanh_grad")
def tanh_grad_sech(x):
    return 1.0 / np.cosh(np.asarray(x, dtype=np.float64)) ** 2


@alternative("activations", "relu")
def relu_where(x):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, 0.0)


@alternative("activations", "relu")
def relu_loop(x):
    x = np.asarray(x, dtype=np.float64)
    return np.array([max(v, 0.0) for v in x.ravel()]).reshape(x.shape)


@alternative("activations", "relu_grad")
def relu_grad_where(x):
    return np.where(np.asarray(x, dtype=np.float64) > 0, 1.0, 0.0)


@alternative("activations", "relu_grad")
def relu_grad_heaviside(x):
    return np.heaviside(np.asarray(x, dtype=np.float64), 0.0)


@alternative("activations", "leaky_relu")
def leaky_relu_maximum(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(x, alpha * x)


@alternative("activations", "leaky_relu")
def leaky_relu_on_a_copy(x, alpha=0.1):
    out = np.array(x, dtype=np.float64)
    out[out < 0] *= alpha
    return out


@alternative("activations", "leaky_relu_grad")
def leaky_relu_grad_ones_on_a_copy(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    slope = np.ones_like(x)
    slope[x < 0] = alpha
    return slope


@alternative("activations", "leaky_relu_grad")
def leaky_relu_grad_where(x, alpha=0.1):
    return np.where(np.asarray(x, dtype=np.float64) > 0, 1.0, alpha)
