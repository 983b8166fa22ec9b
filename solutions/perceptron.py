"""Notebook 01: the perceptron, logic gates and the perceptron learning rule."""

import numpy as np


def perceptron(x, w, b):
    """Step unit: 1 if ``w . x + b >= 0``, else 0.

    x: array-like of shape (D,), one input point.
    w: array of shape (D,), weights.
    b: float, bias.
    Returns the int 0 or 1.
    """
    return 1 if np.dot(w, x) + b >= 0 else 0


AND_W = np.array([1.0, 1.0])
AND_B = -1.5
OR_W = np.array([1.0, 1.0])
OR_B = -0.5
NAND_W = np.array([-1.0, -1.0])
NAND_B = 1.5


def train_perceptron(X, y, lr=1.0, epochs=20):
    """Perceptron learning rule, one point at a time, starting from zero weights.

    X: array of shape (N, D), inputs.
    y: array of shape (N,), labels in {0, 1}.
    Returns ``(w, b, errors)``: w of shape (D,), b a float, and ``errors`` a list
    of length ``epochs`` whose k-th entry counts the points misclassified (and
    so updated) during epoch k.
    """
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w = w + step * x_i
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


def xor(x):
    """XOR as a two-layer network of perceptrons: AND(OR(x), NAND(x)).

    x: array-like of shape (2,) with entries in {0, 1}.
    Returns the int 0 or 1.
    """
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)])
    return perceptron(hidden, AND_W, AND_B)
