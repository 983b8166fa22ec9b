"""Correct implementations that differ from the reference: the grader must be fair to them.

Instructor side only. At least two per blank, written the way students do:
loops instead of vectorised code, another valid eps, np.where instead of
np.maximum, sigmoid through tanh, in-place updates on copies. Like the
mistakes, each is a real function whose code can replace its blank's solution
cell (``Variant.code``), using only names its notebook defines; every one must
pass its check, its hidden tests and the real nbgrader autograde with full marks.
"""

from collections.abc import Callable

import numpy as np

from solutions.activations import relu, sigmoid, tanh
from solutions.backprop import backward, sgd_step
from solutions.forward_pass import init_params
from solutions.losses import binary_cross_entropy, categorical_cross_entropy, softmax
from solutions.mistakes import Variant
from solutions.perceptron import AND_B, AND_W, NAND_B, NAND_W, OR_B, OR_W, perceptron
from solutions.training import accuracy, forward

ALTERNATIVES: list[Variant] = []


def alternative(notebook: str, blank: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a correct variant of ``blank``."""
    def register(fn: Callable) -> Callable:
        ALTERNATIVES.append(Variant(f"{blank}.{fn.__name__}", blank, notebook, fn))
        return fn
    return register


# --- notebook 01 ---------------------------------------------------------------

@alternative("perceptron", "perceptron")
def perceptron_loop(x, w, b):
    total = b
    for w_i, x_i in zip(w, x, strict=True):
        total += w_i * x_i
    return int(total >= 0)


@alternative("perceptron", "perceptron")
def perceptron_matmul(x, w, b):
    return int(np.asarray(w, dtype=np.float64) @ np.asarray(x, dtype=np.float64) + b >= 0)


@alternative("perceptron", "gates")
def gates_halved():
    AND_W = np.array([0.5, 0.5])
    AND_B = -0.75
    OR_W = np.array([0.5, 0.5])
    OR_B = -0.25
    NAND_W = np.array([-0.5, -0.5])
    NAND_B = 0.75
    return locals()


@alternative("perceptron", "gates")
def gates_wide_margins():
    AND_W = np.array([2.0, 2.0])
    AND_B = -3.0
    OR_W = np.array([3.0, 3.0])
    OR_B = -1.0
    NAND_W = np.array([-2.0, -2.0])
    NAND_B = 3.0
    return locals()


@alternative("perceptron", "train_perceptron")
def train_perceptron_indexed(X, y, lr=1.0, epochs=20):
    X = np.array(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        errors.append(0)
        for i in range(len(X)):
            prediction = perceptron(X[i], w, b)
            if prediction != y[i]:
                w += lr * (y[i] - prediction) * X[i]
                b += lr * (y[i] - prediction)
                errors[-1] += 1
    return w, b, errors


@alternative("perceptron", "train_perceptron")
def train_perceptron_inline_step(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            error = y_i - (1 if x_i @ w + b >= 0 else 0)
            w = w + lr * error * x_i
            b = b + lr * error
            wrong += int(error != 0)
        errors.append(wrong)
    return w, b, errors


@alternative("perceptron", "xor")
def xor_from_a_list(x):
    h1 = perceptron(x, OR_W, OR_B)
    h2 = perceptron(x, NAND_W, NAND_B)
    return perceptron([h1, h2], AND_W, AND_B)


@alternative("perceptron", "xor")
def xor_or_and_not_and(x):
    both = perceptron(x, AND_W, AND_B)
    either = perceptron(x, OR_W, OR_B)
    return perceptron(np.array([either, both]), np.array([1.0, -1.0]), -0.5)


# --- notebook 02 ---------------------------------------------------------------

@alternative("activations", "sigmoid")
def sigmoid_through_tanh(x):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=np.float64)))


@alternative("activations", "sigmoid")
def sigmoid_clipped(x):
    x = np.clip(np.asarray(x, dtype=np.float64), -500.0, 500.0)
    return 1.0 / (1.0 + np.exp(-x))


@alternative("activations", "sigmoid_grad")
def sigmoid_grad_symmetric(x):
    return sigmoid(x) * sigmoid(-np.asarray(x, dtype=np.float64))


@alternative("activations", "sigmoid_grad")
def sigmoid_grad_direct(x):
    e = np.exp(-np.abs(np.asarray(x, dtype=np.float64)))
    return e / (1.0 + e) ** 2


@alternative("activations", "tanh")
def tanh_from_sigmoid(x):
    return 2.0 * sigmoid(2.0 * np.asarray(x, dtype=np.float64)) - 1.0


@alternative("activations", "tanh")
def tanh_stable_exp(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-2.0 * np.abs(x))
    return np.sign(x) * (1.0 - e) / (1.0 + e)


@alternative("activations", "tanh_grad")
def tanh_grad_factored(x):
    t = tanh(x)
    return (1.0 - t) * (1.0 + t)


@alternative("activations", "tanh_grad")
def tanh_grad_sech(x):
    return 1.0 / np.cosh(np.asarray(x, dtype=np.float64)) ** 2


@alternative("activations", "relu")
def relu_where(x):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, 0.0)


@alternative("activations", "relu")
def relu_loop(x):
    x = np.asarray(x, dtype=np.float64)
    return np.array([max(v, 0.0) for v in x.ravel()]).reshape(x.shape)


@alternative("activations", "relu_grad")
def relu_grad_where(x):
    return np.where(np.asarray(x, dtype=np.float64) > 0, 1.0, 0.0)


@alternative("activations", "relu_grad")
def relu_grad_heaviside(x):
    return np.heaviside(np.asarray(x, dtype=np.float64), 0.0)


@alternative("activations", "leaky_relu")
def leaky_relu_maximum(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(x, alpha * x)


@alternative("activations", "leaky_relu")
def leaky_relu_on_a_copy(x, alpha=0.1):
    out = np.array(x, dtype=np.float64)
    out[out < 0] *= alpha
    return out


@alternative("activations", "leaky_relu_grad")
def leaky_relu_grad_ones_on_a_copy(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    slope = np.ones_like(x)
    slope[x < 0] = alpha
    return slope


@alternative("activations", "leaky_relu_grad")
def leaky_relu_grad_where(x, alpha=0.1):
    return np.where(np.asarray(x, dtype=np.float64) > 0, 1.0, alpha)


# --- notebook 03 ---------------------------------------------------------------

@alternative("losses", "binary_cross_entropy")
def bce_loop(y, y_hat, eps=1e-12):
    y, y_hat = np.ravel(y), np.ravel(y_hat)
    total = 0.0
    for label, p in zip(y, y_hat, strict=True):
        p = min(max(float(p), eps), 1.0 - eps)
        total -= label * np.log(p) + (1 - label) * np.log(1.0 - p)
    return float(total / len(y))


@alternative("losses", "binary_cross_entropy")
def bce_where(y, y_hat, eps=1e-12):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(np.where(y == 1, np.log(p), np.log(1.0 - p))))


@alternative("losses", "binary_cross_entropy_grad")
def bce_grad_two_terms(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.reshape(y, y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return -(y / p - (1.0 - y) / (1.0 - p)) / y_hat.size


@alternative("losses", "binary_cross_entropy_grad")
def bce_grad_where(y, y_hat, eps=1e-12):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return np.where(np.reshape(y, y_hat.shape) == 1, -1.0 / p, 1.0 / (1.0 - p)) / y_hat.size


@alternative("losses", "softmax")
def softmax_rows_loop(z):
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    for i, row in enumerate(z):
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
    return out


@alternative("losses", "softmax")
def softmax_logsumexp(z):
    z = np.asarray(z, dtype=np.float64)
    m = z.max(axis=1, keepdims=True)
    log_total = m + np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    return np.exp(z - log_total)


@alternative("losses", "categorical_cross_entropy")
def cce_true_class(Y, P, eps=1e-12):
    P = np.asarray(P, dtype=np.float64)
    picked = P[np.arange(len(P)), np.argmax(Y, axis=1)]
    return float(-np.mean(np.log(np.clip(picked, eps, 1.0))))


@alternative("losses", "categorical_cross_entropy")
def cce_sum_over_n(Y, P, eps=1e-9):
    logs = np.log(np.clip(np.asarray(P, dtype=np.float64), eps, 1.0))
    return float(-np.sum(np.asarray(Y) * logs) / len(Y))


@alternative("losses", "mse")
def mse_loop(y, y_hat):
    y, y_hat = np.ravel(y), np.ravel(y_hat)
    total = 0.0
    for a, b in zip(y, y_hat, strict=True):
        total += (float(a) - float(b)) ** 2
    return total / len(y)


@alternative("losses", "mse")
def mse_dot(y, y_hat):
    d = np.ravel(y_hat).astype(np.float64) - np.ravel(y).astype(np.float64)
    return float(d @ d / d.size)


@alternative("losses", "mse_grad")
def mse_grad_scaled(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return (y_hat - np.reshape(y, y_hat.shape)) * (2.0 / y_hat.size)


@alternative("losses", "mse_grad")
def mse_grad_subtract(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return 2 * np.subtract(y_hat, np.reshape(y, np.shape(y_hat))) / np.size(y_hat)


# --- notebook 04 ---------------------------------------------------------------

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


# --- notebook 05 ---------------------------------------------------------------

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


# --- notebook 06 ---------------------------------------------------------------

@alternative("training", "train_val_split")
def split_validation_at_the_end(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_train = len(X) - round(val_fraction * len(X))
    return X[order[:n_train]], X[order[n_train:]], y[order[:n_train]], y[order[n_train:]]


@alternative("training", "train_val_split")
def split_by_mask(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    val = rng.choice(len(X), size=round(val_fraction * len(X)), replace=False)
    is_val = np.zeros(len(X), dtype=bool)
    is_val[val] = True
    return X[~is_val], X[val], y[~is_val], y[val]


@alternative("training", "predict")
def predict_where(X, params, threshold=0.5):
    return np.where(forward(X, params)[0] >= threshold, 1, 0)


@alternative("training", "predict")
def predict_loop(X, params, threshold=0.5):
    probabilities, _ = forward(X, params)
    return np.array([1 if p >= threshold else 0 for p in probabilities], dtype=int)


@alternative("training", "accuracy")
def accuracy_count_over_size(y_true, y_pred):
    y_true, y_pred = np.ravel(y_true), np.ravel(y_pred)
    return np.sum(y_true == y_pred) / y_true.size


@alternative("training", "accuracy")
def accuracy_loop(y_true, y_pred):
    pairs = list(zip(np.ravel(y_true), np.ravel(y_pred), strict=True))
    return sum(1 for t, p in pairs if t == p) / len(pairs)


@alternative("training", "train")
def train_with_in_place_updates(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = {k: v.copy() for k, v in init_params(X.shape[1], hidden, 1, seed=seed).items()}
    history = {key: [] for key in ("loss", "val_loss", "acc", "val_acc")}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val = forward(X_val, params)[0]
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, (y_hat >= 0.5).astype(int)))
        history["val_acc"].append(accuracy(y_val, (y_hat_val >= 0.5).astype(int)))
        grads = backward(X, y, params, cache)
        for name in params:
            params[name] -= lr * grads["d" + name]
    return params, history


@alternative("training", "train")
def train_history_as_rows(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    rows = []
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        rows.append((binary_cross_entropy(y, y_hat), binary_cross_entropy(y_val, y_hat_val),
                     float(np.mean((y_hat >= 0.5) == y)), float(np.mean((y_hat_val >= 0.5) == y_val))))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    loss, val_loss, acc, val_acc = (list(column) for column in zip(*rows, strict=True))
    return params, {"loss": loss, "val_loss": val_loss, "acc": acc, "val_acc": val_acc}


@alternative("training", "hyperparameters")
def small_and_quick():
    HIDDEN = 16
    LR = 2.0
    EPOCHS = 2000
    return locals()


@alternative("training", "hyperparameters")
def gentle_and_longer():
    HIDDEN = 16
    LR = 1.0
    EPOCHS = 3000
    return locals()


# --- notebook 07 ---------------------------------------------------------------

@alternative("what_next", "init_deep_params")
def init_deep_standard_normal(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1: layer + 1]
        params[f"W{layer}"] = rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@alternative("what_next", "init_deep_params")
def init_deep_weights_first(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(0.0, np.sqrt(2.0 / layer_sizes[i]), size=(layer_sizes[i + 1], layer_sizes[i]))
               for i in range(len(layer_sizes) - 1)]
    params = {}
    for i, W in enumerate(weights, start=1):
        params["W" + str(i)] = W
        params["b" + str(i)] = np.zeros(W.shape[0])
    return params


@alternative("what_next", "forward_deep")
def forward_deep_output_apart(X, params, activation="relu"):
    act = {"relu": relu, "sigmoid": sigmoid}[activation]
    n_layers = sum(1 for key in params if key.startswith("W"))
    cache, a = {}, X
    for layer in range(1, n_layers):
        cache[f"z{layer}"] = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        a = act(cache[f"z{layer}"])
        cache[f"a{layer}"] = a
    cache[f"z{n_layers}"] = a @ params[f"W{n_layers}"].T + params[f"b{n_layers}"]
    return sigmoid(cache[f"z{n_layers}"])[:, 0], cache


@alternative("what_next", "forward_deep")
def forward_deep_inline_activations(X, params, activation="relu"):
    n_layers = len(params) // 2
    cache = {}
    a = np.asarray(X, dtype=np.float64)
    for layer in range(1, n_layers + 1):
        z = (params[f"W{layer}"] @ a.T).T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer == n_layers:
            break
        a = np.maximum(z, 0.0) if activation == "relu" else 0.5 * (1.0 + np.tanh(0.5 * z))
        cache[f"a{layer}"] = a
    return 0.5 * (1.0 + np.tanh(0.5 * cache[f"z{n_layers}"].ravel())), cache


@alternative("what_next", "backward_deep")
def backward_deep_slopes_from_activations(X, y, params, cache, activation="relu"):
    n_layers, n = len(params) // 2, len(X)
    inputs = [X] + [cache[f"a{layer}"] for layer in range(1, n_layers)]
    dz = (sigmoid(cache[f"z{n_layers}"]) - np.reshape(y, (-1, 1))) / n
    grads = {}
    for layer in range(n_layers, 0, -1):
        a_prev = inputs[layer - 1]
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = np.sum(dz, axis=0)
        if layer > 1:
            slope = (a_prev > 0) if activation == "relu" else a_prev * (1.0 - a_prev)
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@alternative("what_next", "backward_deep")
def backward_deep_einsum(X, y, params, cache, activation="relu"):
    n_layers = len(params) // 2
    dz = (sigmoid(cache[f"z{n_layers}"]) - np.asarray(y, dtype=np.float64).reshape(-1, 1)) / X.shape[0]
    grads = {}
    for layer in reversed(range(1, n_layers + 1)):
        a_prev = cache[f"a{layer - 1}"] if layer > 1 else X
        grads[f"dW{layer}"] = np.einsum("nj,nk->jk", dz, a_prev)
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            if activation == "relu":
                slope = np.where(z > 0, 1.0, 0.0)
            else:
                slope = sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@alternative("what_next", "momentum_step")
def momentum_comprehensions(params, grads, velocity, lr, beta=0.9):
    previous = velocity if velocity is not None else {k: np.zeros_like(p) for k, p in params.items()}
    v = {k: beta * previous[k] + (1.0 - beta) * grads["d" + k] for k in params}
    return {k: params[k] - lr * v[k] for k in params}, v


@alternative("what_next", "momentum_step")
def momentum_in_place_on_copies(params, grads, velocity, lr, beta=0.9):
    new_params, new_velocity = {}, {}
    for k, p in params.items():
        v = np.zeros_like(p) if velocity is None else velocity[k].copy()
        v *= beta
        v += (1.0 - beta) * grads["d" + k]
        new_velocity[k] = v
        new_params[k] = p.copy()
        new_params[k] -= lr * v
    return new_params, new_velocity


@alternative("what_next", "adam_step")
def adam_comprehensions(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    zeros = {k: np.zeros_like(p) for k, p in params.items()}
    t = 1 if state is None else state["t"] + 1
    m_old = zeros if state is None else state["m"]
    v_old = zeros if state is None else state["v"]
    m = {k: beta1 * m_old[k] + (1.0 - beta1) * grads["d" + k] for k in params}
    v = {k: beta2 * v_old[k] + (1.0 - beta2) * grads["d" + k] * grads["d" + k] for k in params}
    new = {k: params[k] - lr * (m[k] / (1.0 - beta1**t)) / (np.sqrt(v[k] / (1.0 - beta2**t)) + eps)
           for k in params}
    return new, {"t": t, "m": m, "v": v}


@alternative("what_next", "adam_step")
def adam_loop_with_copies(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = (0 if state is None else state["t"]) + 1
    new_params, new_m, new_v = {}, {}, {}
    for name in params:
        g = grads["d" + name]
        m = np.zeros_like(g) if state is None else state["m"][name].copy()
        v = np.zeros_like(g) if state is None else state["v"][name].copy()
        m = beta1 * m + (1.0 - beta1) * g
        v = beta2 * v + (1.0 - beta2) * g**2
        step = lr * (m / (1.0 - beta1**t)) / (np.sqrt(v / (1.0 - beta2**t)) + eps)
        new_params[name], new_m[name], new_v[name] = params[name] - step, m, v
    return new_params, {"t": t, "m": new_m, "v": new_v}


@alternative("what_next", "softmax_classifier_train")
def softmax_train_in_place(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    n, k = len(X), int(y.max()) + 1
    Y = np.zeros((n, k))
    Y[np.arange(n), y] = 1.0
    Y_val = np.eye(k)[y_val]
    params = {name: p.copy() for name, p in init_params(X.shape[1], hidden, k, seed=seed).items()}
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        z1 = X @ params["W1"].T + params["b1"]
        a1 = np.maximum(z1, 0.0)
        P = softmax(a1 @ params["W2"].T + params["b2"])
        P_val = softmax(relu(X_val @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"])
        history["loss"].append(categorical_cross_entropy(Y, P))
        history["val_loss"].append(categorical_cross_entropy(Y_val, P_val))
        history["acc"].append(float(np.mean(np.argmax(P, axis=1) == y)))
        history["val_acc"].append(float(np.mean(np.argmax(P_val, axis=1) == y_val)))
        dz2 = (P - Y) / n
        dz1 = (dz2 @ params["W2"]) * (z1 > 0)
        steps = {"W1": dz1.T @ X + reg * params["W1"], "b1": dz1.sum(axis=0),
                 "W2": dz2.T @ a1 + reg * params["W2"], "b2": dz2.sum(axis=0)}
        for name in params:
            params[name] -= lr * steps[name]
    return params, history


@alternative("what_next", "softmax_classifier_train")
def softmax_train_with_helpers(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    n_classes = int(np.max(y)) + 1

    def probabilities(p, inputs):
        hidden_out = relu(inputs @ p["W1"].T + p["b1"])
        return hidden_out, softmax(hidden_out @ p["W2"].T + p["b2"])

    Y, Y_val = np.eye(n_classes)[y], np.eye(n_classes)[y_val]
    params = init_params(X.shape[1], hidden, n_classes, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        a1, P = probabilities(params, X)
        _, P_val = probabilities(params, X_val)
        for key, value in (("loss", categorical_cross_entropy(Y, P)),
                           ("val_loss", categorical_cross_entropy(Y_val, P_val)),
                           ("acc", float(np.mean(P.argmax(axis=1) == y))),
                           ("val_acc", float(np.mean(P_val.argmax(axis=1) == y_val)))):
            history[key].append(value)
        dz2 = (P - Y) / len(X)
        dz1 = (dz2 @ params["W2"]) * (a1 > 0)
        grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
                 "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history
