"""Notebook 03: loss functions and their gradients (all means over the batch)."""

import numpy as np


def binary_cross_entropy(y, y_hat, eps=1e-9):
    """Mean binary cross-entropy, in nats.

    y: array of shape (N,) or (N, 1), labels in {0, 1}.
    y_hat: array with N entries, predicted probabilities of class 1.
    eps: y_hat is clipped to [eps, 1 - eps] so that log(0) never happens.
    Returns a float.
    """
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


def binary_cross_entropy_grad(y, y_hat, eps=1e-9):
    """Gradient of the mean BCE with respect to y_hat.

    Same arguments as ``binary_cross_entropy``; returns an array shaped like y_hat.
    """
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (p - y) / (p * (1.0 - p)) / y_hat.size


def softmax(z):
    """Row-wise softmax, stable for large logits.

    z: array of shape (N, K), logits.
    Returns an array of shape (N, K) whose rows are probability vectors.
    """
    z = np.asarray(z, dtype=np.float64)
    # Subtracting each row's max leaves softmax unchanged and keeps exp() <= 1.
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def categorical_cross_entropy(Y, P, eps=1e-9):
    """Mean categorical cross-entropy over rows, in nats.

    Y: array of shape (N, K), one-hot labels.
    P: array of shape (N, K), predicted probabilities (rows sum to 1).
    Returns a float.
    """
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.mean(np.sum(Y * np.log(P), axis=-1)))


def mse(y, y_hat):
    """Mean squared error over all entries.

    y, y_hat: arrays with the same number of entries.
    Returns a float.
    """
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.mean((y - y_hat) ** 2))


def mse_grad(y, y_hat):
    """Gradient of the MSE with respect to y_hat, shaped like y_hat."""
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return 2.0 * (y_hat - y) / y_hat.size


def softmax_cross_entropy_grad(Y, Z):
    """Gradient of the mean categorical cross-entropy of softmax(Z) with respect to the logits Z.

    Y: array of shape (N, K), one-hot labels. Z: array of shape (N, K), logits.
    Returns dZ, an array of shape (N, K): (softmax(Z) - Y) / N, in nats per unit of logit.
    """
    Z = np.asarray(Z, dtype=np.float64)
    # Softmax's Jacobian diag(p) - p p^T times -Y / P collapses to P - Y (each row of Y sums to 1).
    return (softmax(Z) - np.asarray(Y, dtype=np.float64)) / Z.shape[0]
