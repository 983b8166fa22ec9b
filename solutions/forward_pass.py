"""Notebook 04: parameter initialisation and the forward pass of a 2-layer network.

Shape convention (the lesson's): a layer's W has shape (n_out, n_in), so a batch
X of shape (N, n_in) maps to X @ W.T + b of shape (N, n_out).
"""

import numpy as np

from solutions.activations import relu, sigmoid


def init_params(n_in, n_hidden, n_out=1, seed=0):
    """He-normal weights and zero biases, drawn W1 first, then W2.

    n_in: input features D; n_hidden: hidden units H; n_out: output units.
    seed: seed for ``np.random.default_rng``.
    Returns a dict: W1 (H, D), b1 (H,), W2 (n_out, H), b2 (n_out,), all float64.
    """
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


def forward(X, params):
    """ReLU hidden layer, sigmoid output.

    X: array of shape (N, D).
    params: dict from ``init_params`` with n_out = 1.
    Returns ``(y_hat, cache)``: y_hat of shape (N,), probabilities of class 1;
    cache a dict with z1 (N, H), a1 (N, H) and z2 (N, 1) for backprop.
    """
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}
