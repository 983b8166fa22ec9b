"""Notebook 05: backpropagation through the 2-layer network, and one SGD step."""

import numpy as np

from solutions.activations import sigmoid


def backward(X, y, params, cache):
    """Gradients of the mean binary cross-entropy with respect to every parameter.

    X: array of shape (N, D); y: array of shape (N,) or (N, 1), labels in {0, 1}.
    params: dict W1 (H, D), b1 (H,), W2 (1, H), b2 (1,).
    cache: dict z1 (N, H), a1 (N, H), z2 (N, 1) from ``forward``.
    Returns a dict dW1, db1, dW2, db2 with the shapes of W1, b1, W2, b2.
    """
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    # Sigmoid followed by BCE: dL/dz2 = (y_hat - y), and the mean brings 1/N.
    # This is the only place to divide by N; every gradient below inherits it.
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def sgd_step(params, grads, lr):
    """One gradient-descent step, p <- p - lr * dp, returning new arrays.

    params: dict of arrays; grads: dict with a key "d" + name for each param.
    lr: learning rate (step size).
    Returns a new dict; neither input is modified.
    """
    return {name: p - lr * grads["d" + name] for name, p in params.items()}
