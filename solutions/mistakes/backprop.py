"""Catalogued mistakes of notebook 05: backpropagation and the SGD step.

Registered in ``solutions.variants.MISTAKES`` in the order written here; see
``solutions.mistakes`` for what an entry is.
"""

import numpy as np

from solutions.activations import sigmoid
from solutions.variants import diagnosed, mistake


@diagnosed("backprop", "backward",
           "your gradients are exactly N times too small: you divide by N twice (once in dL/dz2 "
           "and once again in dW and db). Divide only once.")
def divides_by_n_twice(X, y, params, cache):
    """The lesson's own bug: the 1/N of the mean applied in dL/dz2 and again in dW."""
    n = X.shape[0]
    dz2 = (sigmoid(cache["z2"]) - np.reshape(y, (-1, 1))) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X / n, "db1": dz1.mean(axis=0),
            "dW2": dz2.T @ cache["a1"] / n, "db2": dz2.mean(axis=0)}


@diagnosed("backprop", "backward",
           "your gradients are exactly N times too large: the loss is a mean, so "
           "dL/dz2 = (y_hat - y) / N. Divide by N once.")
def never_divides_by_n(X, y, params, cache):
    dz2 = sigmoid(cache["z2"]) - np.reshape(y, (-1, 1))
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0),
            "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@diagnosed("backprop", "backward",
           "dz1 misses the ReLU derivative: multiply dL/da1 = dz2 @ W2 by relu'(z1) = (z1 > 0).")
def drops_relu_derivative(X, y, params, cache):
    n = X.shape[0]
    dz2 = (sigmoid(cache["z2"]) - np.reshape(y, (-1, 1))) / n
    dz1 = dz2 @ params["W2"]
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0),
            "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@mistake("backprop", "backward", "transpose of the expected shape")
def wrong_transpose(X, y, params, cache):
    n = X.shape[0]
    dz2 = (sigmoid(cache["z2"]) - np.reshape(y, (-1, 1))) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": X.T @ dz1, "db1": dz1.sum(axis=0),
            "dW2": cache["a1"].T @ dz2, "db2": dz2.sum(axis=0)}


@mistake("backprop", "backward", "sum over the batch")
def bias_gradient_not_summed(X, y, params, cache):
    n = X.shape[0]
    dz2 = (sigmoid(cache["z2"]) - np.reshape(y, (-1, 1))) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1, "dW2": dz2.T @ cache["a1"], "db2": dz2}


@diagnosed("backprop", "backward",
           "every gradient has the opposite sign: dL/dz2 = (y_hat - y) / N, not (y - y_hat) / N.")
def backward_sign_flipped(X, y, params, cache):
    n = X.shape[0]
    dz2 = (np.reshape(y, (-1, 1)) - sigmoid(cache["z2"])) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0),
            "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@diagnosed("backprop", "sgd_step",
           "you add the gradient: gradient descent steps against it, p - lr * dp.")
def gradient_ascent(params, grads, lr):
    return {k: p + lr * grads["d" + k] for k, p in params.items()}


@mistake("backprop", "sgd_step", "in place")
def sgd_in_place(params, grads, lr):
    for k in params:
        params[k] -= lr * grads["d" + k]
    return params


@diagnosed("backprop", "sgd_step",
           "you ignore lr: the step is the gradient scaled by the learning rate, p - lr * dp.")
def sgd_ignores_lr(params, grads, lr):
    return {k: p - grads["d" + k] for k, p in params.items()}


@diagnosed("backprop", "sgd_step",
           "you divide by lr: the step is the learning rate times the gradient, p - lr * dp.")
def sgd_divides_by_lr(params, grads, lr):
    return {k: p - grads["d" + k] / lr for k, p in params.items()}
