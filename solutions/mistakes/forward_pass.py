"""Catalogued mistakes of notebook 04: initialisation and the forward pass.

Registered in ``solutions.variants.MISTAKES`` in the order written here; see
``solutions.mistakes`` for what an entry is.
"""

import numpy as np

from solutions.activations import relu, sigmoid
from solutions.variants import diagnosed, mistake


@diagnosed("forward_pass", "init_params",
           "all weights start at 0: every hidden unit then computes the same thing and gets the "
           "same gradient forever. Draw them at random, rng.normal(0, sqrt(2 / fan_in)).")
def zero_weights(n_in, n_hidden, n_out=1, seed=0):
    return {"W1": np.zeros((n_hidden, n_in)), "b1": np.zeros(n_hidden),
            "W2": np.zeros((n_out, n_hidden)), "b2": np.zeros(n_out)}


@mistake("forward_pass", "init_params", "not the variance")
def variance_as_std(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0.0, 2.0 / n_in, size=(n_hidden, n_in)), "b1": np.zeros(n_hidden),
            "W2": rng.normal(0.0, 2.0 / n_hidden, size=(n_out, n_hidden)), "b2": np.zeros(n_out)}


@diagnosed("forward_pass", "init_params",
           "He initialisation divides by fan_in, the number of inputs of the layer (n_in for W1, "
           "n_hidden for W2): you divide by its number of outputs.")
def scaled_by_fan_out(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_hidden, n_in)),
            "b1": np.zeros(n_hidden),
            "W2": rng.normal(0.0, np.sqrt(2.0 / n_out), size=(n_out, n_hidden)), "b2": np.zeros(n_out)}


@mistake("forward_pass", "init_params", "use rng.normal")
def he_uniform(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    a1, a2 = np.sqrt(6.0 / n_in), np.sqrt(6.0 / n_hidden)
    return {"W1": rng.uniform(-a1, a1, size=(n_hidden, n_in)), "b1": np.zeros(n_hidden),
            "W2": rng.uniform(-a2, a2, size=(n_out, n_hidden)), "b2": np.zeros(n_out)}


@diagnosed("forward_pass", "forward",
           "z1 misses the bias: add b1 after the matrix product (and b2 for z2).")
def forward_without_bias(X, params):
    z1 = X @ params["W1"].T
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@diagnosed("forward_pass", "forward",
           "y_hat is z2 itself: apply sigmoid to z2 to turn it into probabilities.")
def forward_without_sigmoid(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return z2.ravel(), {"z1": z1, "a1": a1, "z2": z2}


@mistake("forward_pass", "forward", "use .ravel()")
def forward_column_output(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2), {"z1": z1, "a1": a1, "z2": z2}


@mistake("forward_pass", "forward", "where a .T is needed")
def forward_missing_transpose(X, params):
    z1 = X @ params["W1"] + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"] + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}
