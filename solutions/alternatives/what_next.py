"""Correct alternatives for notebook 07: deeper networks, momentum and Adam, softmax on three classes.

Registered in ``solutions.variants.ALTERNATIVES`` in the order written here.
"""

import numpy as np

from solutions.activations import relu, sigmoid
from solutions.forward_pass import init_params
from solutions.losses import categorical_cross_entropy, softmax
from solutions.variants import alternative
from solutions.what_next import predict_classes, softmax_classifier_loss


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


@alternative("what_next", "softmax_classifier_loss")
def softmax_loss_log_probabilities(X, y, params, reg=0.0):
    n = len(X)
    hidden_out = np.maximum(X @ params["W1"].T + params["b1"], 0.0)
    scores = hidden_out @ params["W2"].T + params["b2"]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_P = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(n)
    loss = -np.mean(log_P[rows, y]) + reg / 2 * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    d_scores = np.exp(log_P)
    d_scores[rows, y] -= 1.0
    d_scores /= n
    d_hidden = d_scores @ params["W2"]
    d_hidden[hidden_out <= 0] = 0.0
    grads = {"dW2": d_scores.T @ hidden_out + reg * params["W2"], "db2": np.sum(d_scores, axis=0),
             "dW1": d_hidden.T @ X + reg * params["W1"], "db1": np.sum(d_hidden, axis=0)}
    return float(loss), grads


@alternative("what_next", "softmax_classifier_loss")
def softmax_loss_einsum(X, y, params, reg=0.0):
    W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
    Y = np.zeros((X.shape[0], W2.shape[0]))
    Y[np.arange(X.shape[0]), y] = 1.0
    z1 = np.einsum("nd,hd->nh", X, W1) + b1
    a1 = relu(z1)
    P = softmax(np.einsum("nh,kh->nk", a1, W2) + b2)
    penalty = 0.5 * reg * (np.einsum("ij,ij->", W1, W1) + np.einsum("ij,ij->", W2, W2))
    loss = categorical_cross_entropy(Y, P) + penalty
    dz2 = (P - Y) / X.shape[0]
    dz1 = np.einsum("nk,kh->nh", dz2, W2) * (z1 > 0)
    return float(loss), {"dW1": np.einsum("nh,nd->hd", dz1, X) + reg * W1, "db1": dz1.sum(axis=0),
                         "dW2": np.einsum("nk,nh->kh", dz2, a1) + reg * W2, "db2": dz2.sum(axis=0)}


@alternative("what_next", "softmax_classifier_train")
def softmax_train_two_loss_calls(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        history["loss"].append(softmax_classifier_loss(X, y, params)[0])  # reg = 0: the data loss
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        _, grads = softmax_classifier_loss(X, y, params, reg=reg)
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


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
