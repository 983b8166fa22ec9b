"""Correct alternatives for notebook 01: the perceptron, the gates, the learning rule, XOR.

Registered in ``solutions.variants.ALTERNATIVES`` in the order written here.
"""

import numpy as np

from solutions.perceptron import AND_B, AND_W, NAND_B, NAND_W, OR_B, OR_W, perceptron
from solutions.variants import alternative


@alternative("perceptron", "perceptron")
def perceptron_loop(x, w, b):
    total = b
    for w_i, x_i in zip(w, x, strict=True):
        total += w_i * x_i
    return int(total >= 0)


@alternative("perceptron", "perceptron")
def perceptron_matmul(x, w, b):
    return int(np.asarray(w, dtype=np.float64) @ np.asarray(x, dtype=np.float64) + b >= 0)


@alternative("perceptron", "gates")
def gates_halved():
    AND_W = np.array([0.5, 0.5])
    AND_B = -0.75
    OR_W = np.array([0.5, 0.5])
    OR_B = -0.25
    NAND_W = np.array([-0.5, -0.5])
    NAND_B = 0.75
    return locals()


@alternative("perceptron", "gates")
def gates_wide_margins():
    AND_W = np.array([2.0, 2.0])
    AND_B = -3.0
    OR_W = np.array([3.0, 3.0])
    OR_B = -1.0
    NAND_W = np.array([-2.0, -2.0])
    NAND_B = 3.0
    return locals()


@alternative("perceptron", "train_perceptron")
def train_perceptron_indexed(X, y, lr=1.0, epochs=20):
    X = np.array(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        errors.append(0)
        for i in range(len(X)):
            prediction = perceptron(X[i], w, b)
            if prediction != y[i]:
                w += lr * (y[i] - prediction) * X[i]
                b += lr * (y[i] - prediction)
                errors[-1] += 1
    return w, b, errors


@alternative("perceptron", "train_perceptron")
def train_perceptron_inline_step(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            error = y_i - (1 if x_i @ w + b >= 0 else 0)
            w = w + lr * error * x_i
            b = b + lr * error
            wrong += int(error != 0)
        errors.append(wrong)
    return w, b, errors


@alternative("perceptron", "xor")
def xor_from_a_list(x):
    h1 = perceptron(x, OR_W, OR_B)
    h2 = perceptron(x, NAND_W, NAND_B)
    return perceptron([h1, h2], AND_W, AND_B)


@alternative("perceptron", "xor")
def xor_or_and_not_and(x):
    both = perceptron(x, AND_W, AND_B)
    either = perceptron(x, OR_W, OR_B)
    return perceptron(np.array([either, both]), np.array([1.0, -1.0]), -0.5)
