"""Catalogued mistakes of notebook 07: deeper networks, momentum and Adam, softmax on three classes.

Registered in ``solutions.variants.MISTAKES`` in the order written here; see
``solutions.mistakes`` for what an entry is. Self-contained: each mutant uses
only names that notebook 07 defines (np, relu, sigmoid, softmax,
categorical_cross_entropy, init_params, predict_classes, and its own
softmax_classifier_loss), so it can replace the blank's solution region as it
stands. Most training-loop mutants compute their gradients inline, so that the
mutation test can pack them with the loss function's mutants.
"""

import numpy as np

from solutions.activations import relu, sigmoid
from solutions.forward_pass import init_params
from solutions.losses import categorical_cross_entropy, softmax
from solutions.variants import mistake
from solutions.what_next import predict_classes, softmax_classifier_loss


@mistake("what_next", "init_deep_params", "Xavier")
def xavier_scale(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[i - 1], layer_sizes[i]
        params[f"W{i}"] = rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_out, n_in))
        params[f"b{i}"] = np.zeros(n_out)
    return params


@mistake("what_next", "init_deep_params", "fan-in")
def scale_by_fan_out(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[i - 1], layer_sizes[i]
        params[f"W{i}"] = rng.normal(0.0, np.sqrt(2.0 / n_out), size=(n_out, n_in))
        params[f"b{i}"] = np.zeros(n_out)
    return params


@mistake("what_next", "init_deep_params", "transpose")
def transposed_weights(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[i - 1], layer_sizes[i]
        params[f"W{i}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
        params[f"b{i}"] = np.zeros(n_out)
    return params


@mistake("what_next", "init_deep_params", "create the generator once")
def generator_per_layer(layer_sizes, seed=0):
    params = {}
    for i in range(1, len(layer_sizes)):
        rng = np.random.default_rng(seed)
        n_in, n_out = layer_sizes[i - 1], layer_sizes[i]
        params[f"W{i}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{i}"] = np.zeros(n_out)
    return params


@mistake("what_next", "forward_deep", "lacks the bias")
def deep_forward_without_bias(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    n_layers = len(params) // 2
    cache, a = {}, X
    for i in range(1, n_layers + 1):
        z = a @ params[f"W{i}"].T
        cache[f"z{i}"] = z
        if i < n_layers:
            a = act(z)
            cache[f"a{i}"] = a
    return sigmoid(cache[f"z{n_layers}"]).ravel(), cache


@mistake("what_next", "forward_deep", "no ReLU on the output layer")
def relu_before_output_sigmoid(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    n_layers = len(params) // 2
    cache, a = {}, X
    for i in range(1, n_layers + 1):
        z = a @ params[f"W{i}"].T + params[f"b{i}"]
        cache[f"z{i}"] = z
        if i < n_layers:
            a = act(z)
            cache[f"a{i}"] = a
    return sigmoid(relu(cache[f"z{n_layers}"])).ravel(), cache


@mistake("what_next", "forward_deep", "activation='sigmoid'")
def ignores_activation(X, params, activation="relu"):
    n_layers = len(params) // 2
    cache, a = {}, X
    for i in range(1, n_layers + 1):
        z = a @ params[f"W{i}"].T + params[f"b{i}"]
        cache[f"z{i}"] = z
        if i < n_layers:
            a = relu(z)
            cache[f"a{i}"] = a
    return sigmoid(cache[f"z{n_layers}"]).ravel(), cache


@mistake("what_next", "forward_deep", "missing")
def stops_one_layer_early(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    n_layers = len(params) // 2
    cache, a = {}, X
    for i in range(1, n_layers):
        cache[f"z{i}"] = a @ params[f"W{i}"].T + params[f"b{i}"]
        a = act(cache[f"z{i}"])
        cache[f"a{i}"] = a
    return sigmoid(a @ params[f"W{n_layers}"].T + params[f"b{n_layers}"]).ravel(), cache


@mistake("what_next", "forward_deep", ".ravel()")
def column_output(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    n_layers = len(params) // 2
    cache, a = {}, X
    for i in range(1, n_layers + 1):
        z = a @ params[f"W{i}"].T + params[f"b{i}"]
        cache[f"z{i}"] = z
        if i < n_layers:
            a = act(z)
            cache[f"a{i}"] = a
    return sigmoid(cache[f"z{n_layers}"]), cache


@mistake("what_next", "backward_deep", "divide by N twice")
def divides_by_n_in_every_layer(X, y, params, cache, activation="relu"):
    n_layers, n = len(params) // 2, X.shape[0]
    dz = (sigmoid(cache[f"z{n_layers}"]) - np.reshape(y, (-1, 1))) / n
    grads = {}
    for i in range(n_layers, 0, -1):
        a_prev = X if i == 1 else cache[f"a{i - 1}"]
        grads[f"dW{i}"] = dz.T @ a_prev
        grads[f"db{i}"] = dz.sum(axis=0)
        if i > 1:
            z = cache[f"z{i - 1}"]
            slope = (z > 0) if activation == "relu" else sigmoid(z) * (1 - sigmoid(z))
            dz = (dz @ params[f"W{i}"]) * slope / n
    return grads


@mistake("what_next", "backward_deep", "never divide by N")
def deep_never_divides_by_n(X, y, params, cache, activation="relu"):
    n_layers = len(params) // 2
    dz = sigmoid(cache[f"z{n_layers}"]) - np.reshape(y, (-1, 1))
    grads = {}
    for i in range(n_layers, 0, -1):
        a_prev = X if i == 1 else cache[f"a{i - 1}"]
        grads[f"dW{i}"] = dz.T @ a_prev
        grads[f"db{i}"] = dz.sum(axis=0)
        if i > 1:
            z = cache[f"z{i - 1}"]
            slope = (z > 0) if activation == "relu" else sigmoid(z) * (1 - sigmoid(z))
            dz = (dz @ params[f"W{i}"]) * slope
    return grads


@mistake("what_next", "backward_deep", "passing the gradient back")
def forgets_relu_mask(X, y, params, cache, activation="relu"):
    n_layers, n = len(params) // 2, X.shape[0]
    dz = (sigmoid(cache[f"z{n_layers}"]) - np.reshape(y, (-1, 1))) / n
    grads = {}
    for i in range(n_layers, 0, -1):
        a_prev = X if i == 1 else cache[f"a{i - 1}"]
        grads[f"dW{i}"] = dz.T @ a_prev
        grads[f"db{i}"] = dz.sum(axis=0)
        if i > 1:
            dz = dz @ params[f"W{i}"]
    return grads


@mistake("what_next", "backward_deep", "you kept the batch axis")
def bias_gradient_per_sample(X, y, params, cache, activation="relu"):
    n_layers, n = len(params) // 2, X.shape[0]
    dz = (sigmoid(cache[f"z{n_layers}"]) - np.reshape(y, (-1, 1))) / n
    grads = {}
    for i in range(n_layers, 0, -1):
        a_prev = X if i == 1 else cache[f"a{i - 1}"]
        grads[f"dW{i}"] = dz.T @ a_prev
        grads[f"db{i}"] = dz
        if i > 1:
            z = cache[f"z{i - 1}"]
            slope = (z > 0) if activation == "relu" else sigmoid(z) * (1 - sigmoid(z))
            dz = (dz @ params[f"W{i}"]) * slope
    return grads


@mistake("what_next", "backward_deep", "sigmoid's slope")
def relu_mask_for_sigmoid(X, y, params, cache, activation="relu"):
    n_layers, n = len(params) // 2, X.shape[0]
    dz = (sigmoid(cache[f"z{n_layers}"]) - np.reshape(y, (-1, 1))) / n
    grads = {}
    for i in range(n_layers, 0, -1):
        a_prev = X if i == 1 else cache[f"a{i - 1}"]
        grads[f"dW{i}"] = dz.T @ a_prev
        grads[f"db{i}"] = dz.sum(axis=0)
        if i > 1:
            dz = (dz @ params[f"W{i}"]) * (cache[f"z{i - 1}"] > 0)
    return grads


@mistake("what_next", "momentum_step", "(1 - beta)")
def classic_momentum(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {k: np.zeros_like(p) for k, p in params.items()}
    new_velocity = {k: beta * velocity[k] + grads["d" + k] for k in params}
    return {k: p - lr * new_velocity[k] for k, p in params.items()}, new_velocity


@mistake("what_next", "momentum_step", "not the raw gradient")
def steps_with_the_gradient(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {k: np.zeros_like(p) for k, p in params.items()}
    new_velocity = {k: beta * velocity[k] + (1 - beta) * grads["d" + k] for k in params}
    return {k: p - lr * grads["d" + k] for k, p in params.items()}, new_velocity


@mistake("what_next", "momentum_step", "keys of params")
def velocity_keyed_like_grads(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {"d" + k: np.zeros_like(p) for k, p in params.items()}
    new_velocity = {"d" + k: beta * velocity["d" + k] + (1 - beta) * grads["d" + k] for k in params}
    return {k: p - lr * new_velocity["d" + k] for k, p in params.items()}, new_velocity


@mistake("what_next", "momentum_step", "honour the beta argument")
def fixed_beta(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {k: np.zeros_like(p) for k, p in params.items()}
    new_velocity = {k: 0.9 * velocity[k] + 0.1 * grads["d" + k] for k in params}
    return {k: p - lr * new_velocity[k] for k, p in params.items()}, new_velocity


@mistake("what_next", "adam_step", "bias correction")
def adam_without_bias_correction(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                 "v": {k: np.zeros_like(p) for k, p in params.items()}}
    m = {k: beta1 * state["m"][k] + (1 - beta1) * grads["d" + k] for k in params}
    v = {k: beta2 * state["v"][k] + (1 - beta2) * grads["d" + k] ** 2 for k in params}
    new = {k: p - lr * m[k] / (np.sqrt(v[k]) + eps) for k, p in params.items()}
    return new, {"t": state["t"] + 1, "m": m, "v": v}


@mistake("what_next", "adam_step", "outside the square root")
def adam_eps_inside_sqrt(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                 "v": {k: np.zeros_like(p) for k, p in params.items()}}
    t = state["t"] + 1
    m = {k: beta1 * state["m"][k] + (1 - beta1) * grads["d" + k] for k in params}
    v = {k: beta2 * state["v"][k] + (1 - beta2) * grads["d" + k] ** 2 for k in params}
    new = {k: p - lr * (m[k] / (1 - beta1**t)) / np.sqrt(v[k] / (1 - beta2**t) + eps)
           for k, p in params.items()}
    return new, {"t": t, "m": m, "v": v}


@mistake("what_next", "adam_step", "squared gradient")
def adam_v_of_gradient(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                 "v": {k: np.zeros_like(p) for k, p in params.items()}}
    t = state["t"] + 1
    m = {k: beta1 * state["m"][k] + (1 - beta1) * grads["d" + k] for k in params}
    v = {k: beta2 * state["v"][k] + (1 - beta2) * grads["d" + k] for k in params}
    new = {k: p - lr * (m[k] / (1 - beta1**t)) / (np.sqrt(v[k] / (1 - beta2**t)) + eps)
           for k, p in params.items()}
    return new, {"t": t, "m": m, "v": v}


@mistake("what_next", "adam_step", "Increment t")
def adam_forgets_to_count(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                 "v": {k: np.zeros_like(p) for k, p in params.items()}}
    t = state["t"] + 1
    m = {k: beta1 * state["m"][k] + (1 - beta1) * grads["d" + k] for k in params}
    v = {k: beta2 * state["v"][k] + (1 - beta2) * grads["d" + k] ** 2 for k in params}
    new = {k: p - lr * (m[k] / (1 - beta1**t)) / (np.sqrt(v[k] / (1 - beta2**t)) + eps)
           for k, p in params.items()}
    return new, {"t": state["t"], "m": m, "v": v}


@mistake("what_next", "adam_step", "did not change")
def adam_returns_old_moments(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                 "v": {k: np.zeros_like(p) for k, p in params.items()}}
    t = state["t"] + 1
    m = {k: beta1 * state["m"][k] + (1 - beta1) * grads["d" + k] for k in params}
    v = {k: beta2 * state["v"][k] + (1 - beta2) * grads["d" + k] ** 2 for k in params}
    new = {k: p - lr * (m[k] / (1 - beta1**t)) / (np.sqrt(v[k] / (1 - beta2**t)) + eps)
           for k, p in params.items()}
    return new, {"t": t, "m": state["m"], "v": state["v"]}


@mistake("what_next", "softmax_classifier_loss", "(reg / 2)")
def penalty_without_half(X, y, params, reg=0.0):
    n, k = X.shape[0], params["W2"].shape[0]
    Y = np.eye(k)[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    loss = categorical_cross_entropy(Y, P) + reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return float(loss), grads


@mistake("what_next", "softmax_classifier_loss", "adds reg * W1 to dW1")
def penalty_missing_from_gradients(X, y, params, reg=0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    hidden = np.maximum(0.0, X @ W1.T + b1)
    probs = softmax(hidden @ W2.T + b2)
    rows = np.arange(len(y))
    loss = -np.mean(np.log(probs[rows, y])) + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    probs[rows, y] -= 1.0
    d_scores = probs / len(y)
    d_hidden = (d_scores @ W2) * (hidden > 0)
    return float(loss), {"dW1": d_hidden.T @ X, "db1": d_hidden.sum(axis=0),
                         "dW2": d_scores.T @ hidden, "db2": d_scores.sum(axis=0)}


@mistake("what_next", "softmax_classifier_loss", "the biases")
def biases_penalised(X, y, params, reg=0.0):
    Y = np.zeros((len(X), params["W2"].shape[0]))
    Y[np.arange(len(X)), y] = 1.0
    z1 = X @ params["W1"].T + params["b1"]
    P = softmax(relu(z1) @ params["W2"].T + params["b2"])
    loss = categorical_cross_entropy(Y, P) + 0.5 * reg * sum(np.sum(v**2) for v in params.values())
    dz2 = (P - Y) / len(X)
    back = {"W2": dz2.T @ relu(z1), "b2": dz2.sum(axis=0)}
    dz1 = dz2 @ params["W2"] * (z1 > 0)
    back.update(W1=dz1.T @ X, b1=dz1.sum(axis=0))
    return float(loss), {"d" + name: g + reg * params[name] for name, g in back.items()}


@mistake("what_next", "softmax_classifier_loss", "never divide by N")
def gradients_summed_over_the_batch(X, y, params, reg=0.0):
    grads = {"d" + name: reg * p if name[0] == "W" else np.zeros_like(p) for name, p in params.items()}
    loss = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    for x_i, y_i in zip(X, y, strict=True):
        z1 = params["W1"] @ x_i + params["b1"]
        a1 = relu(z1)
        p = softmax((params["W2"] @ a1 + params["b2"])[None, :])[0]
        loss -= np.log(p[y_i]) / len(X)
        p[y_i] -= 1.0  # the slip: the per-example gradient is never divided by N
        d1 = (params["W2"].T @ p) * (z1 > 0)
        grads["dW2"] += np.outer(p, a1)
        grads["db2"] += p
        grads["dW1"] += np.outer(d1, x_i)
        grads["db1"] += d1
    return float(loss), grads


@mistake("what_next", "softmax_classifier_loss", "params['W2'].shape[0]")
def classes_counted_from_labels(X, y, params, reg=0.0):
    onehot = np.eye(int(y.max()) + 1)[y]
    hidden = relu(X @ params["W1"].T + params["b1"])
    P = softmax(hidden @ params["W2"].T + params["b2"])
    d_out = (P - onehot) / X.shape[0]
    d_hid = np.where(hidden > 0, d_out @ params["W2"], 0.0)
    penalty = reg / 2 * (np.sum(np.square(params["W1"])) + np.sum(np.square(params["W2"])))
    return categorical_cross_entropy(onehot, P) + float(penalty), {
        "dW1": d_hid.T @ X + reg * params["W1"], "db1": np.sum(d_hid, axis=0),
        "dW2": d_out.T @ hidden + reg * params["W2"], "db2": np.sum(d_out, axis=0)}


@mistake("what_next", "softmax_classifier_train", "without the penalty")
def penalty_in_history(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    n, k = X.shape[0], int(np.max(y)) + 1
    Y, Y_val = np.eye(k)[y], np.eye(k)[y_val]
    params = init_params(X.shape[1], hidden, k, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        z1 = X @ params["W1"].T + params["b1"]
        a1 = relu(z1)
        P = softmax(a1 @ params["W2"].T + params["b2"])
        P_val = softmax(relu(X_val @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"])
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(categorical_cross_entropy(Y, P) + penalty)
        history["val_loss"].append(categorical_cross_entropy(Y_val, P_val))
        history["acc"].append(float(np.mean(P.argmax(axis=1) == y)))
        history["val_acc"].append(float(np.mean(P_val.argmax(axis=1) == y_val)))
        dz2 = (P - Y) / n
        dz1 = (dz2 @ params["W2"]) * (z1 > 0)
        grads = {"W1": dz1.T @ X + reg * params["W1"], "b1": dz1.sum(axis=0),
                 "W2": dz2.T @ a1 + reg * params["W2"], "b2": dz2.sum(axis=0)}
        params = {name: p - lr * grads[name] for name, p in params.items()}
    return params, history


@mistake("what_next", "softmax_classifier_train", "reg = 0")
def reg_not_passed_on(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params)
        history["loss"].append(loss)
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@mistake("what_next", "softmax_classifier_train", "before that epoch's update")
def history_after_update(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    n, k = X.shape[0], int(np.max(y)) + 1
    Y, Y_val = np.eye(k)[y], np.eye(k)[y_val]
    params = init_params(X.shape[1], hidden, k, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        z1 = X @ params["W1"].T + params["b1"]
        a1 = relu(z1)
        P = softmax(a1 @ params["W2"].T + params["b2"])
        dz2 = (P - Y) / n
        dz1 = (dz2 @ params["W2"]) * (z1 > 0)
        grads = {"W1": dz1.T @ X + reg * params["W1"], "b1": dz1.sum(axis=0),
                 "W2": dz2.T @ a1 + reg * params["W2"], "b2": dz2.sum(axis=0)}
        params = {name: p - lr * grads[name] for name, p in params.items()}
        P = softmax(relu(X @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"])
        P_val = softmax(relu(X_val @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"])
        history["loss"].append(categorical_cross_entropy(Y, P))
        history["val_loss"].append(categorical_cross_entropy(Y_val, P_val))
        history["acc"].append(float(np.mean(P.argmax(axis=1) == y)))
        history["val_acc"].append(float(np.mean(P_val.argmax(axis=1) == y_val)))
    return params, history


@mistake("what_next", "softmax_classifier_train", "compute it on X_val")
def validation_on_training_data(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    n, k = X.shape[0], int(np.max(y)) + 1
    Y = np.eye(k)[y]
    params = init_params(X.shape[1], hidden, k, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        z1 = X @ params["W1"].T + params["b1"]
        a1 = relu(z1)
        P = softmax(a1 @ params["W2"].T + params["b2"])
        history["loss"].append(categorical_cross_entropy(Y, P))
        history["val_loss"].append(categorical_cross_entropy(Y, P))
        history["acc"].append(float(np.mean(P.argmax(axis=1) == y)))
        history["val_acc"].append(float(np.mean(P.argmax(axis=1) == y)))
        dz2 = (P - Y) / n
        dz1 = (dz2 @ params["W2"]) * (z1 > 0)
        grads = {"W1": dz1.T @ X + reg * params["W1"], "b1": dz1.sum(axis=0),
                 "W2": dz2.T @ a1 + reg * params["W2"], "b2": dz2.sum(axis=0)}
        params = {name: p - lr * grads[name] for name, p in params.items()}
    return params, history
