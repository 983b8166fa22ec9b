"""A second set of mistakes, kept apart from the catalogue: a measurement of the hints, never a target.

Where they come from: the errors students most often report for CS231n's and
DeepLearning.AI's assignments in public forums and issue threads (DeepLearning.AI
community threads on "Wrong values for dW1", "W2 or dW2?", "1 - np.power(A1, 2)",
elementwise product instead of np.dot, missing 1/m; CS231n and ML-from-scratch
issues on softmax normalisation and gradients off by a factor of two; the
sigmoid written as 1 / (1 + exp(x)); the derivative that returns the function),
rewritten for this course's blanks. None of them is in ``solutions.mistakes``.

Each entry is a ``Variant`` of the same format as the catalogue, so that
``nncourse mutants --unseen`` grades it through nbgrader like a catalogued
mutant. ``truth`` lists the mistake ids that name the slip correctly (a
fingerprint "fp.<name>", a check's own hint id, or a catalogue id of the same
slip); a hint naming anything else counts against precision. Entries whose slip
no fingerprint names have the truth ("unnamed",): a hint there is always wrong,
and no hint is a miss. Written once, before measuring; a miss is fixed (if at
all) by a general fingerprint, never by editing this file.

One edit, recorded here: on 2026-12-01 the lead (not the fingerprints' author)
replaced the label ("unnamed",) of 12 entries by an id saying what their slip
is (a factor lost from a product, the input where the function's value
belongs, a square lost, one branch of a piecewise function applied everywhere,
never normalised, the initial scale left out, the wrong operand of a product,
a percentage for a fraction, the two weights of an average exchanged, every
item counted). "unnamed" had recorded "no fingerprint exists today", which
made those entries misses by construction whatever the hints became. The
labels were written before any fingerprint with those ids existed; one entry
(a single number, ``cce_log_outside``) stays "unnamed".
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from solutions.activations import relu, sigmoid, tanh
from solutions.backprop import backward, sgd_step
from solutions.forward_pass import init_params
from solutions.losses import binary_cross_entropy
from solutions.mistakes import Mistake
from solutions.perceptron import NAND_B, NAND_W, OR_B, OR_W, perceptron
from solutions.training import accuracy, forward


@dataclass(frozen=True)
class UnseenMistake(Mistake):
    """A mistake outside the catalogue.

    truth: the mistake ids a correct hint may name; source: where the slip is reported.
    """

    truth: tuple[str, ...] = ()
    source: str = ""


UNSEEN: list[UnseenMistake] = []


def unseen(notebook: str, blank: str, truth: tuple[str, ...], source: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as an unseen mistake of ``blank``."""
    def register(fn: Callable) -> Callable:
        UNSEEN.append(UnseenMistake(f"{blank}.unseen_{fn.__name__}", blank, notebook, fn, hint="",
                                    diagnosed=False, truth=truth, source=source))
        return fn
    return register


# --- notebook 01 ---------------------------------------------------------------

@unseen("perceptron", "perceptron", ("fp.flipped_term",), "perceptron with w·x - b (sign convention mix-up)")
def subtracts_bias(x, w, b):
    return 1 if np.dot(w, x) - b >= 0 else 0


@unseen("perceptron", "perceptron", ("fp.complement",), "labels inverted: fires below the line")
def fires_below(x, w, b):
    return 1 if np.dot(w, x) + b < 0 else 0


@unseen("perceptron", "train_perceptron", ("fp.flipped_term",), "bias updated with the wrong sign")
def bias_update_reversed(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w, b, n_wrong = w + step * x_i, b - step, n_wrong + 1
        errors.append(n_wrong)
    return w, b, errors


@unseen("perceptron", "train_perceptron", ("fp.counts_all",), "every point counted as an error")
def counts_every_point(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            w, b = w + step * x_i, b + step
        errors.append(len(X))
    return w, b, errors


@unseen("perceptron", "xor", ("fp.complement",), "NAND as the output gate: XNOR")
def xor_with_nand_output(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)])
    return perceptron(hidden, NAND_W, NAND_B)


# --- notebook 02 ---------------------------------------------------------------

@unseen("activations", "sigmoid", ("fp.mirrored_input", "fp.complement"), "1 / (1 + exp(x)): the minus lost")
def sigmoid_of_negated_input(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x < 0, 1.0 / (1.0 + e), e / (1.0 + e))[()]


@unseen("activations", "sigmoid", ("fp.wrong_activation",), "tanh used as the logistic sigmoid")
def sigmoid_is_tanh(x):
    return np.tanh(np.asarray(x, dtype=np.float64))[()]


@unseen("activations", "sigmoid", ("fp.step_function",), "Heaviside step where the sigmoid belongs")
def sigmoid_is_step(x):
    return (np.asarray(x, dtype=np.float64) >= 0).astype(np.float64)[()]


@unseen("activations", "sigmoid_grad", ("fp.function_for_derivative",), "derivative returns the function")
def sigmoid_grad_is_sigmoid(x):
    return sigmoid(x)


@unseen("activations", "sigmoid_grad", ("fp.input_for_output",), "s * (1 - x): x where s belongs")
def sigmoid_grad_with_x(x):
    return sigmoid(x) * (1.0 - np.asarray(x, dtype=np.float64))


@unseen("activations", "tanh_grad", ("fp.function_for_derivative",), "derivative returns the function")
def tanh_grad_is_tanh(x):
    return tanh(x)


@unseen("activations", "relu", ("fp.returns_input",), "max forgotten: identity")
def relu_is_identity(x):
    return np.asarray(x, dtype=np.float64)[()]


@unseen("activations", "leaky_relu", ("fp.wrong_activation",), "plain ReLU where the leaky one belongs")
def leaky_relu_is_relu(x, alpha=0.1):
    return relu(x)


@unseen("activations", "tanh_grad", ("fp.sign_flip",), "tanh(x)**2 - 1: the terms exchanged")
def tanh_grad_reversed(x):
    return tanh(x) ** 2 - 1.0


@unseen("activations", "tanh_grad", ("fp.missing_square",), "1 / cosh(x): the square of sech lost")
def tanh_grad_sech(x):
    return 1.0 / np.cosh(np.asarray(x, dtype=np.float64))


@unseen("activations", "sigmoid_grad", ("fp.missing_factor",), "1 - sigmoid(x): half of the product")
def sigmoid_grad_one_minus(x):
    return 1.0 - sigmoid(x)


@unseen("activations", "leaky_relu_grad", ("fp.constant",), "slope 1 everywhere")
def leaky_relu_grad_ones(x, alpha=0.1):
    return np.ones_like(np.asarray(x, dtype=np.float64))[()]


@unseen("activations", "leaky_relu", ("fp.one_branch",), "alpha applied to every input")
def leaky_relu_scaled(x, alpha=0.1):
    return alpha * np.asarray(x, dtype=np.float64)[()]


# --- notebook 03 ---------------------------------------------------------------

@unseen("losses", "softmax", ("fp.wrong_axis",), "normalised by the sum over the whole batch")
def softmax_global_sum(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum()


@unseen("losses", "softmax", ("fp.mirrored_input",), "exp(-z): the logits negated")
def softmax_of_negated_logits(z):
    z = -np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@unseen("losses", "softmax", ("fp.not_normalised",), "exponentials never normalised")
def softmax_unnormalised(z):
    z = np.asarray(z, dtype=np.float64)
    return np.exp(z - z.max(axis=-1, keepdims=True))


@unseen("losses", "binary_cross_entropy_grad", ("fp.missing_factor",), "(p - y) / p: the (1 - p) lost")
def bce_grad_half_denominator(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (p - y) / p / y_hat.size


@unseen("losses", "categorical_cross_entropy", ("unnamed",), "log of the sum, not sum of logs")
def cce_log_outside(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.mean(np.log(np.sum(Y * P, axis=-1) + np.sum(P, axis=-1))))


# --- notebook 04 ---------------------------------------------------------------

@unseen("forward_pass", "forward", ("fp.flipped_term",), "X @ W.T - b")
def forward_subtracts_bias(X, params):
    z1 = X @ params["W1"].T - params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@unseen("forward_pass", "forward", ("fp.wrong_activation",), "ReLU on the output logit, then the sigmoid")
def forward_relu_on_output(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(relu(z2)).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@unseen("forward_pass", "forward", ("fp.wrong_activation",), "tanh in the hidden layer (DL.AI planar)")
def forward_tanh_hidden(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = np.tanh(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@unseen("forward_pass", "forward", ("fp.labels_for_probabilities",), "y_hat thresholded to labels")
def forward_thresholds(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return (sigmoid(z2).ravel() >= 0.5).astype(np.float64), {"z1": z1, "a1": a1, "z2": z2}


@unseen("forward_pass", "forward", ("fp.missing_term",), "output bias b2 left out")
def forward_without_output_bias(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@unseen("forward_pass", "forward", ("fp.missing_activation",), "z1 stored as a1 in the cache")
def forward_caches_z1_as_a1(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": z1, "z2": z2}


@unseen("forward_pass", "init_params", ("fp.unscaled_init",), "unit standard deviation")
def init_unit_std(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0.0, 1.0, size=(n_hidden, n_in)), "b1": np.zeros(n_hidden),
            "W2": rng.normal(0.0, 1.0, size=(n_out, n_hidden)), "b2": np.zeros(n_out)}


# --- notebook 05 ---------------------------------------------------------------

@unseen("backprop", "backward", ("backprop.first_layer",), "dW2 where W2 belongs (DL.AI: 'W2 or dW2?')")
def backward_with_dW2(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    dz1 = (dz2 @ dW2) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dW2, "db2": dz2.sum(axis=0)}


@unseen("backprop", "backward", ("fp.wrong_axis",), "db summed over the wrong axis (axis=1)")
def backward_db_wrong_axis(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=1), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=1)}


@unseen("backprop", "backward", ("backprop.first_layer",), "sigmoid's slope in the ReLU hidden layer")
def backward_sigmoid_slope_hidden(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    s = sigmoid(cache["z1"])
    dz1 = (dz2 @ params["W2"]) * s * (1.0 - s)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@unseen("backprop", "backward", ("fp.over_n", "backward.divides_by_n_twice"),
        "db as a mean over the batch (1/m twice, DL.AI)")
def backward_db_mean(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.mean(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.mean(axis=0)}


@unseen("backprop", "backward", ("fp.wrong_operand",), "dW1 from a1 where X belongs")
def backward_dW1_from_a1(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ cache["a1"], "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"],
            "db2": dz2.sum(axis=0)}


@unseen("backprop", "sgd_step", ("fp.missing_term",), "returns the step -lr * dp, not the new parameter")
def sgd_returns_step(params, grads, lr):
    return {name: -lr * grads["d" + name] for name in params}


# --- notebook 06 ---------------------------------------------------------------

@unseen("training", "train_val_split", ("fp.return_order",), "returns X_train, y_train, X_val, y_val")
def split_in_sklearn_pairs(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round(val_fraction * len(X))
    val, tr = order[:n_val], order[n_val:]
    return X[tr], y[tr], X[val], y[val]


@unseen("training", "predict", ("fp.probabilities_for_labels",), "probabilities returned, no threshold")
def predict_probabilities(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return y_hat


@unseen("training", "accuracy", ("fp.percent",), "a percentage, not a fraction")
def accuracy_percent(y_true, y_pred):
    return float(100 * np.mean(np.ravel(y_true) == np.ravel(y_pred)))


@unseen("training", "train", ("fp.ignores_argument",), "the learning rate hard-coded")
def train_fixed_lr(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), 0.1)
    return params, history


# --- notebook 07 ---------------------------------------------------------------

@unseen("what_next", "momentum_step", ("fp.flipped_step", "fp.sign_flip"), "p + lr * v")
def momentum_ascent(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_velocity = {k: beta * velocity[k] + (1.0 - beta) * grads["d" + k] for k in params}
    return {k: p + lr * new_velocity[k] for k, p in params.items()}, new_velocity


@unseen("what_next", "momentum_step", ("fp.swapped_weights",), "beta and (1 - beta) exchanged")
def momentum_betas_swapped(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_velocity = {k: (1.0 - beta) * velocity[k] + beta * grads["d" + k] for k in params}
    return {k: p - lr * new_velocity[k] for k, p in params.items()}, new_velocity


@unseen("what_next", "backward_deep", ("fp.sign_flip",), "dz = y - y_hat at the output")
def backward_deep_reversed_error(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (y - sigmoid(cache[f"z{L}"])) / n
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = X if layer == 1 else cache[f"a{layer - 1}"]
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            slope = (z > 0).astype(np.float64) if activation == "relu" else sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@unseen("what_next", "forward_deep", ("fp.wrong_activation",), "sigmoid in every hidden layer by default")
def forward_deep_sigmoid_hidden(X, params, activation="relu"):
    L = len(params) // 2
    cache, a = {}, X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer < L:
            a = sigmoid(z)
            cache[f"a{layer}"] = a
    return sigmoid(cache[f"z{L}"]).ravel(), cache


@unseen("what_next", "adam_step", ("fp.return_order",), "m and v exchanged in the returned state")
def adam_moments_swapped(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                 "v": {k: np.zeros_like(p) for k, p in params.items()}}
    t = state["t"] + 1
    m = {k: beta1 * state["m"][k] + (1 - beta1) * grads["d" + k] for k in params}
    v = {k: beta2 * state["v"][k] + (1 - beta2) * grads["d" + k] ** 2 for k in params}
    new = {k: p - lr * (m[k] / (1 - beta1**t)) / (np.sqrt(v[k] / (1 - beta2**t)) + eps)
           for k, p in params.items()}
    return new, {"t": t, "m": v, "v": m}


@unseen("what_next", "backward_deep", ("fp.transpose",), "dW = a_prev.T @ dz: the transpose")
def backward_deep_transposed_dW(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = X if layer == 1 else cache[f"a{layer - 1}"]
        grads[f"dW{layer}"] = a_prev.T @ dz
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            slope = (z > 0).astype(np.float64) if activation == "relu" else sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@unseen("what_next", "init_deep_params", ("fp.unscaled_init",), "unit standard deviation in every layer")
def init_deep_unit_std(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(layer_sizes)):
        params[f"W{i}"] = rng.normal(0.0, 1.0, size=(layer_sizes[i], layer_sizes[i - 1]))
        params[f"b{i}"] = np.zeros(layer_sizes[i])
    return params
