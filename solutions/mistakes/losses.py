"""Catalogued mistakes of notebook 03: losses and their gradients.

Registered in ``solutions.variants.MISTAKES`` in the order written here; see
``solutions.mistakes`` for what an entry is.
"""

import numpy as np

from solutions.variants import diagnosed, mistake


@mistake("losses", "binary_cross_entropy", "clip probabilities")
def bce_without_clipping(y, y_hat, eps=1e-9):
    y, p = np.ravel(y).astype(float), np.ravel(y_hat).astype(float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


@diagnosed("losses", "binary_cross_entropy",
           "you sum over the batch: the loss is a mean, so divide by N (np.mean).")
def bce_summed(y, y_hat, eps=1e-9):
    y, p = np.ravel(y).astype(float), np.clip(np.ravel(y_hat).astype(float), eps, 1 - eps)
    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))


@diagnosed("losses", "binary_cross_entropy",
           "your loss is negative: cross-entropy is minus the mean log-likelihood, "
           "-mean(y log p + (1 - y) log(1 - p)).")
def bce_sign_flipped(y, y_hat, eps=1e-9):
    y, p = np.ravel(y).astype(float), np.clip(np.ravel(y_hat).astype(float), eps, 1 - eps)
    return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


@diagnosed("losses", "binary_cross_entropy",
           "with y of shape (N, 1) and y_hat of shape (N,), y * log(y_hat) broadcasts to an (N, N) "
           "table: flatten both with .ravel() first.")
def bce_without_ravel(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64)
    p = np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


@diagnosed("losses", "binary_cross_entropy_grad",
           "you never divide by N: the loss is a mean, so every entry of its gradient carries 1/N.")
def bce_grad_not_averaged(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    p = np.clip(y_hat, eps, 1 - eps)
    return (p - np.reshape(y, y_hat.shape)) / (p * (1 - p))


@diagnosed("losses", "binary_cross_entropy_grad",
           "the sign is flipped: the gradient is (y_hat - y) / (y_hat (1 - y_hat)) / N, positive "
           "where y_hat is above the label.")
def bce_grad_sign_flipped(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    p = np.clip(y_hat, eps, 1 - eps)
    return (np.reshape(y, y_hat.shape) - p) / (p * (1 - p)) / y_hat.size


@mistake("losses", "binary_cross_entropy_grad", "clip the values you divide by")
def bce_grad_without_clipping(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return (y_hat - np.reshape(y, y_hat.shape)) / (y_hat * (1 - y_hat)) / y_hat.size


@diagnosed("losses", "binary_cross_entropy_grad",
           "(y_hat - y) / N is the gradient with respect to the logit z (sigmoid and BCE together): "
           "here differentiate with respect to y_hat, (y_hat - y) / (y_hat (1 - y_hat)) / N.")
def bce_grad_with_respect_to_logit(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return (y_hat - np.reshape(y, y_hat.shape)) / y_hat.size


@mistake("losses", "softmax", "subtract the row's max")
def softmax_without_shift(z):
    e = np.exp(np.asarray(z, dtype=np.float64))
    return e / e.sum(axis=1, keepdims=True)


@mistake("losses", "softmax", "normalise over axis=1")
def softmax_over_columns(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


@mistake("losses", "softmax", "keepdims=True")
def softmax_without_keepdims(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)


@diagnosed("losses", "softmax",
           "you divide by the sum of the whole array: divide each row by its own sum "
           "(axis=1, keepdims=True).")
def softmax_whole_array(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max())
    return e / e.sum()


@mistake("losses", "categorical_cross_entropy", "clip probabilities")
def cce_without_clipping(Y, P, eps=1e-9):
    return float(-np.mean(np.sum(Y * np.log(P), axis=1)))


@diagnosed("losses", "categorical_cross_entropy",
           "you sum over the examples too: the loss is the mean over rows of -sum_k Y log P.")
def cce_summed(Y, P, eps=1e-9):
    return float(-np.sum(Y * np.log(np.clip(P, eps, 1.0))))


@diagnosed("losses", "categorical_cross_entropy",
           "np.mean over all N x K entries also divides by the number of classes K: sum over the "
           "classes (axis=1), then average over the rows.")
def cce_mean_over_entries(Y, P, eps=1e-9):
    return float(-np.mean(Y * np.log(np.clip(P, eps, 1.0))))


@diagnosed("losses", "categorical_cross_entropy",
           "your loss is negative: take minus the mean log-probability of the true class.")
def cce_sign_flipped(Y, P, eps=1e-9):
    return float(np.mean(np.sum(Y * np.log(np.clip(P, eps, 1.0)), axis=1)))


@diagnosed("losses", "softmax_cross_entropy_grad",
           "you never divide by N: the loss is a mean over the rows, so dL/dZ = (softmax(Z) - Y) / N.")
def softmax_ce_grad_not_averaged(Y, Z):
    e = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True) - Y


@diagnosed("losses", "softmax_cross_entropy_grad",
           "the sign is flipped: dL/dZ = (softmax(Z) - Y) / N, positive for the classes given too much "
           "probability.")
def softmax_ce_grad_sign_flipped(Y, Z):
    e = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return (Y - e / e.sum(axis=1, keepdims=True)) / len(Z)


@diagnosed("losses", "softmax_cross_entropy_grad",
           "you subtract the labels from the logits: the gradient is (P - Y) / N with the probabilities "
           "P = softmax(Z), not the logits Z.")
def softmax_ce_grad_logits_minus_labels(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return (Z - Y) / Z.shape[0]


@diagnosed("losses", "softmax_cross_entropy_grad",
           "you divide by N x K, the number of entries: the mean is over the N rows only, so divide by "
           "Z.shape[0].")
def softmax_ce_grad_over_entries(Y, Z):
    e = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True) - Y) / np.size(Z)


@diagnosed("losses", "mse",
           "you average |y - y_hat| (the mean absolute error): square the differences instead.")
def mse_without_square(y, y_hat):
    return float(np.mean(np.abs(np.ravel(y) - np.ravel(y_hat))))


@diagnosed("losses", "mse",
           "you sum the squared differences: the MSE is their mean, so divide by N (np.mean).")
def mse_summed(y, y_hat):
    return float(np.sum((np.ravel(y) - np.ravel(y_hat)) ** 2))


@diagnosed("losses", "mse",
           "the course's MSE has no factor 1/2: it is mean((y - y_hat)**2).")
def mse_halved(y, y_hat):
    return float(0.5 * np.mean((np.ravel(y) - np.ravel(y_hat)) ** 2))


@diagnosed("losses", "mse",
           "that is the root mean squared error: drop the square root.")
def mse_rooted(y, y_hat):
    return float(np.sqrt(np.mean((np.ravel(y) - np.ravel(y_hat)) ** 2)))


@diagnosed("losses", "mse_grad",
           "you lost the 2: d/dy_hat (y_hat - y)**2 = 2 (y_hat - y), then divide by N.")
def mse_grad_without_two(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return (y_hat - np.reshape(y, y_hat.shape)) / y_hat.size


@diagnosed("losses", "mse_grad",
           "you never divide by N: the MSE is a mean, so its gradient carries a factor 1/N.")
def mse_grad_not_averaged(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return 2.0 * (y_hat - np.reshape(y, y_hat.shape))


@diagnosed("losses", "mse_grad",
           "the sign is flipped: the gradient is 2 (y_hat - y) / N, positive where y_hat is too large.")
def mse_grad_sign_flipped(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return 2.0 * (np.reshape(y, y_hat.shape) - y_hat) / y_hat.size
