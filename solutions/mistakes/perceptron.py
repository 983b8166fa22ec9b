"""Catalogued mistakes of notebook 01: the perceptron, the gates, the learning rule, XOR.

Registered in ``solutions.variants.MISTAKES`` in the order written here; see
``solutions.mistakes`` for what an entry is.
"""

import numpy as np

from solutions.perceptron import AND_B, AND_W, OR_B, OR_W, perceptron
from solutions.variants import diagnosed, mistake


@mistake("perceptron", "perceptron", "use >= rather than >")
def strict_inequality(x, w, b):
    return 1 if np.dot(w, x) + b > 0 else 0


@diagnosed("perceptron", "perceptron",
           "you leave out the bias: the unit fires when w·x + b >= 0, so add b before comparing with 0.")
def ignores_bias(x, w, b):
    return 1 if np.dot(w, x) >= 0 else 0


@mistake("perceptron", "perceptron", "Return 1 or 0")
def returns_bool(x, w, b):
    return np.dot(w, x) + b >= 0


@diagnosed("perceptron", "gates",
           "your OR needs both inputs on, like AND: its bias is too negative. OR must fire as soon "
           "as one input is on, so w·x + b >= 0 already for x = (0, 1).")
def or_copies_and_bias():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -1.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@diagnosed("perceptron", "gates",
           "your NAND outputs 1 for every input: NAND is NOT AND, so its weights and bias are "
           "the negatives of AND's.")
def nand_with_and_weights():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([1.0, 1.0])
    NAND_B = 1.5
    return locals()


@mistake("perceptron", "gates", "lies exactly on the line")
def and_on_the_line():
    AND_W = np.array([1.0, 1.0])
    AND_B = -2.0
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@diagnosed("perceptron", "train_perceptron",
           "you never update the bias: b moves with every update too, b = b + lr * (y - prediction).")
def never_updates_bias(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w = w + step * x_i
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@diagnosed("perceptron", "train_perceptron",
           "errors[k] must count the mistakes of epoch k alone: reset the counter to 0 at the "
           "start of every epoch.")
def errors_not_reset(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    n_wrong = 0
    for _ in range(epochs):
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w = w + step * x_i
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@diagnosed("perceptron", "train_perceptron",
           "you ignore lr: scale every update by the learning rate, w = w + lr * (y - prediction) * x.")
def ignores_lr(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = y_i - perceptron(x_i, w, b)
            if step != 0:
                w = w + step * x_i
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@diagnosed("perceptron", "xor",
           "your xor is OR alone: no single perceptron separates XOR. Feed OR(x) and NAND(x) "
           "into a second layer that ANDs them.")
def xor_is_or(x):
    return perceptron(x, OR_W, OR_B)


@diagnosed("perceptron", "xor",
           "your network computes AND: its hidden layer must hold OR and NAND (not AND), "
           "combined by an AND.")
def hidden_and_instead_of_nand(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, AND_W, AND_B)])
    return perceptron(hidden, AND_W, AND_B)


@mistake("perceptron", "xor", "network of perceptrons")
def lookup_table(x):
    return int(x[0] != x[1])
