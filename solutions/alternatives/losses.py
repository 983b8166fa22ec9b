"""Correct alternatives for notebook 03: losses and their gradients.

Registered in ``solutions.variants.ALTERNATIVES`` in the order written here.
"""

import numpy as np

from solutions.variants import alternative


@alternative("losses", "binary_cross_entropy")
def bce_loop(y, y_hat, eps=1e-12):
    y, y_hat = np.ravel(y), np.ravel(y_hat)
    total = 0.0
    for label, p in zip(y, y_hat, strict=True):
        p = min(max(float(p), eps), 1.0 - eps)
        total -= label * np.log(p) + (1 - label) * np.log(1.0 - p)
    return float(total / len(y))


@alternative("losses", "binary_cross_entropy")
def bce_where(y, y_hat, eps=1e-12):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(np.where(y == 1, np.log(p), np.log(1.0 - p))))


@alternative("losses", "binary_cross_entropy_grad")
def bce_grad_two_terms(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.reshape(y, y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return -(y / p - (1.0 - y) / (1.0 - p)) / y_hat.size


@alternative("losses", "binary_cross_entropy_grad")
def bce_grad_where(y, y_hat, eps=1e-12):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return np.where(np.reshape(y, y_hat.shape) == 1, -1.0 / p, 1.0 / (1.0 - p)) / y_hat.size


@alternative("losses", "softmax")
def softmax_rows_loop(z):
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    for i, row in enumerate(z):
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
    return out


@alternative("losses", "softmax")
def softmax_logsumexp(z):
    z = np.asarray(z, dtype=np.float64)
    m = z.max(axis=1, keepdims=True)
    log_total = m + np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    return np.exp(z - log_total)


@alternative("losses", "categorical_cross_entropy")
def cce_true_class(Y, P, eps=1e-12):
    P = np.asarray(P, dtype=np.float64)
    picked = P[np.arange(len(P)), np.argmax(Y, axis=1)]
    return float(-np.mean(np.log(np.clip(picked, eps, 1.0))))


@alternative("losses", "categorical_cross_entropy")
def cce_sum_over_n(Y, P, eps=1e-9):
    logs = np.log(np.clip(np.asarray(P, dtype=np.float64), eps, 1.0))
    return float(-np.sum(np.asarray(Y) * logs) / len(Y))


@alternative("losses", "softmax_cross_entropy_grad")
def softmax_ce_grad_row_by_row(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    dZ = np.zeros_like(Z)
    for i, (z, y) in enumerate(zip(Z, Y, strict=True)):
        e = np.exp(z - z.max())
        dZ[i] = e / e.sum() - y
    return dZ / len(Z)


@alternative("losses", "softmax_cross_entropy_grad")
def softmax_ce_grad_log_sum_exp(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_P = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return (np.exp(log_P) - Y) / Z.shape[0]


@alternative("losses", "mse")
def mse_loop(y, y_hat):
    y, y_hat = np.ravel(y), np.ravel(y_hat)
    total = 0.0
    for a, b in zip(y, y_hat, strict=True):
        total += (float(a) - float(b)) ** 2
    return total / len(y)


@alternative("losses", "mse")
def mse_dot(y, y_hat):
    d = np.ravel(y_hat).astype(np.float64) - np.ravel(y).astype(np.float64)
    return float(d @ d / d.size)


@alternative("losses", "mse_grad")
def mse_grad_scaled(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return (y_hat - np.reshape(y, y_hat.shape)) * (2.0 / y_hat.size)


@alternative("losses", "mse_grad")
def mse_grad_subtract(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return 2 * np.subtract(y_hat, np.reshape(y, np.shape(y_hat))) / np.size(y_hat)
