"""Correct alternatives for notebook 05: backpropagation and the SGD step.

Registered in ``solutions.variants.ALTERNATIVES`` in the order written here.
"""

import numpy as np

from solutions.activations import sigmoid
from solutions.variants import alternative


@alternative("backprop", "backward")
def backward_through_y_hat(X, y, params, cache):
    n = len(X)
    y_hat = sigmoid(cache["z2"])
    d_y_hat = (y_hat - np.reshape(y, y_hat.shape)) / (y_hat * (1.0 - y_hat)) / n
    dz2 = d_y_hat * y_hat * (1.0 - y_hat)
    dz1 = (dz2 @ params["W2"]) * (cache["a1"] > 0)
    return {"dW1": dz1.T @ X, "db1": np.sum(dz1, axis=0),
            "dW2": dz2.T @ cache["a1"], "db2": np.sum(dz2, axis=0)}


@alternative("backprop", "backward")
def backward_sample_loop(X, y, params, cache):
    n = len(X)
    grads = {"d" + k: np.zeros_like(v) for k, v in params.items()}
    for x_i, y_i, z1_i, a1_i, z2_i in zip(X, np.ravel(y), cache["z1"], cache["a1"], cache["z2"],
                                          strict=True):
        dz2 = (sigmoid(z2_i) - y_i) / n
        dz1 = (dz2 @ params["W2"]) * (z1_i > 0)
        grads["dW2"] += np.outer(dz2, a1_i)
        grads["db2"] += dz2
        grads["dW1"] += np.outer(dz1, x_i)
        grads["db1"] += dz1
    return grads


@alternative("backprop", "sgd_step")
def sgd_in_place_on_copies(params, grads, lr):
    new = {k: v.copy() for k, v in params.items()}
    for k in new:
        new[k] -= lr * grads["d" + k]
    return new


@alternative("backprop", "sgd_step")
def sgd_loop(params, grads, lr):
    new = {}
    for name in params:
        new[name] = np.subtract(params[name], lr * grads["d" + name])
    return new
