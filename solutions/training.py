"""Notebook 06: the spiral data, a train/validation split, and the training loop."""

import numpy as np

from solutions.backprop import backward, sgd_step
from solutions.forward_pass import forward, init_params
from solutions.losses import binary_cross_entropy

#: The hyperparameters of the reference run (calibrated by ``nncourse.calibrate``).
HIDDEN = 64
LR = 2.5
EPOCHS = 7_000


def make_spiral(n_per_class=100, noise=0.1, seed=0):
    """Two interleaved spirals, exactly as in the lesson.

    Returns ``(X, y)``: X of shape (2 * n_per_class, 2), y of shape
    (2 * n_per_class,) with int labels 0 and 1 (class 0 first).
    """
    rng = np.random.default_rng(seed)
    X, y = [], []
    for cls in range(2):
        t = np.linspace(0, 1, n_per_class)
        angle = t * 3 * np.pi + cls * np.pi
        r = t
        X.append(np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1))
        y.extend([cls] * n_per_class)
    X = np.vstack(X) + rng.normal(0, noise, (2 * n_per_class, 2))
    y = np.array(y)
    return X, y


def train_val_split(X, y, val_fraction=0.2, seed=0):
    """Shuffle, then hold out round(val_fraction * N) points for validation.

    X: array of shape (N, D); y: array of shape (N,).
    Returns ``X_train, X_val, y_train, y_val``; together they hold every point once.
    """
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round(val_fraction * len(X))
    val, tr = order[:n_val], order[n_val:]
    return X[tr], X[val], y[tr], y[val]


def predict(X, params, threshold=0.5):
    """Class labels: 1 where the predicted probability is >= threshold.

    X: array of shape (N, D). Returns an int array of shape (N,).
    """
    y_hat, _ = forward(X, params)
    return (y_hat >= threshold).astype(int)


def accuracy(y_true, y_pred):
    """Fraction of labels that agree, as a float in [0, 1]."""
    return float(np.mean(np.ravel(y_true) == np.ravel(y_pred)))


def train(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    """Full-batch gradient descent on the mean BCE.

    X: (N, D) and y: (N,) training data; X_val, y_val: validation data.
    hidden: hidden units; lr: learning rate; epochs: number of full-batch steps.
    seed: seed for ``init_params``.
    Returns ``(params, history)``. history has the lists loss, val_loss, acc and
    val_acc, one entry per epoch, measured before that epoch's update.
    """
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history
