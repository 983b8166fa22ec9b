"""Notebook 06: the spiral data, a train/validation split, the training loop, the search, minibatches."""

import numpy as np

from solutions.backprop import backward, sgd_step
from solutions.forward_pass import forward, init_params
from solutions.losses import binary_cross_entropy

#: The hyperparameters the reference picks from its search (``grid_search`` over
#: ``autograder.checks.training.SEARCH_BUDGET``; calibrated by ``nncourse.calibrate``).
HIDDEN = 64
LR = 3.0
EPOCHS = 849


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


def grid_search(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    """Every (hidden, lr) pair trained once and stopped early at its lowest validation loss.

    X_train: (N, D), y_train: (N,), X_val: (M, D), y_val: (M,); hiddens: H hidden sizes;
    lrs: R learning rates; epochs: the most epochs a run may take. Each pair trains once,
    ``train(..., hidden=hidden, lr=lr, epochs=epochs)`` (its default seed).
    Returns ``(val_acc, val_loss, best_epochs)``, arrays of shape (H, R): best_epochs[i, j]
    is the epoch of lowest validation loss (an int: the number of updates made before it),
    val_loss[i, j] that loss and val_acc[i, j] the validation accuracy at that epoch.
    """
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


def iterate_minibatches(X, y, batch_size, rng):
    """One epoch of minibatches: every point exactly once, in an order shuffled by rng.

    X: array of shape (N, D); y: array of shape (N,); batch_size: points per batch;
    rng: a ``numpy.random.Generator``, advanced by the shuffle (so each epoch differs).
    Yields ``(X_batch, y_batch)`` of shapes (B, D) and (B,): B = batch_size, except
    the last batch, which holds the N % batch_size points left over (when that is not 0).
    """
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]
