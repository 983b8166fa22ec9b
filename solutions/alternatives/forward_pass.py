"""Correct alternatives for notebook 04: initialisation and the forward pass.

Registered in ``solutions.variants.ALTERNATIVES`` in the order written here.
"""

import numpy as np

from solutions.activations import relu, sigmoid
from solutions.variants import alternative


@alternative("forward_pass", "init_params")
def init_standard_normal(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_hidden, n_in)) * np.sqrt(2.0 / n_in)
    W2 = rng.standard_normal((n_out, n_hidden)) * np.sqrt(2.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@alternative("forward_pass", "init_params")
def init_row_by_row(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for name, fan_in, fan_out in (("1", n_in, n_hidden), ("2", n_hidden, n_out)):
        params["W" + name] = np.array([rng.normal(0.0, np.sqrt(2.0 / fan_in), fan_in)
                                       for _ in range(fan_out)]).reshape(fan_out, fan_in)
        params["b" + name] = np.zeros(fan_out)
    return params


@alternative("forward_pass", "forward")
def forward_weights_first(X, params):
    z1 = (params["W1"] @ X.T).T + params["b1"]
    a1 = relu(z1)
    z2 = (params["W2"] @ a1.T).T + params["b2"]
    return sigmoid(z2)[:, 0], {"z1": z1, "a1": a1, "z2": z2}


@alternative("forward_pass", "forward")
def forward_sample_loop(X, params):
    z1 = np.array([params["W1"] @ x + params["b1"] for x in X]).reshape(len(X), -1)
    a1 = np.maximum(z1, 0.0)
    z2 = np.array([params["W2"] @ a + params["b2"] for a in a1]).reshape(len(X), 1)
    return sigmoid(z2).reshape(-1), {"z1": z1, "a1": a1, "z2": z2}
