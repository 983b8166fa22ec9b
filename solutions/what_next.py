"""Notebook 07: deeper networks, momentum and Adam, and a softmax classifier for three classes.

Shape convention (the course's): layer l has W{l} of shape (n_out, n_in) and
b{l} of shape (n_out,), so a batch A of shape (N, n_in) maps to A @ W.T + b.
A network with L layers has keys W1..WL and b1..bL; its hidden layers use
ReLU (or sigmoid, for the vanishing-gradient experiment) and its output a sigmoid.
"""

import numpy as np

from solutions.activations import relu, sigmoid
from solutions.forward_pass import init_params
from solutions.losses import categorical_cross_entropy, softmax


def init_deep_params(layer_sizes, seed=0):
    """He-normal weights and zero biases for a network of any depth.

    layer_sizes: [n_in, h1, ..., n_out], e.g. [2, 16, 16, 1] for two hidden layers.
    seed: seed for ``np.random.default_rng``; W1 is drawn first, then W2, and so on.
    Returns a dict W1..WL, b1..bL with W{l} of shape (layer_sizes[l], layer_sizes[l-1])
    and b{l} of shape (layer_sizes[l],), all float64.
    """
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


def forward_deep(X, params, activation="relu"):
    """Hidden layers with ReLU (or sigmoid), a sigmoid output.

    X: array of shape (N, D). params: dict W1..WL, b1..bL, with WL of shape (1, H).
    activation: "relu" or "sigmoid", for the hidden layers only.
    Returns ``(y_hat, cache)``: y_hat of shape (N,); cache a dict with z1..zL
    (pre-activations, zl of shape (N, n_l)) and a1..a{L-1} (hidden activations).
    """
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer < L:
            a = act(z)
            cache[f"a{layer}"] = a
    y_hat = sigmoid(cache[f"z{L}"]).ravel()
    return y_hat, cache


def backward_deep(X, y, params, cache, activation="relu"):
    """Gradients of the mean binary cross-entropy for a network of any depth.

    X: array of shape (N, D); y: array of shape (N,) or (N, 1), labels in {0, 1}.
    params: dict W1..WL, b1..bL; cache: from ``forward_deep`` with the same activation.
    Returns a dict dW1..dWL, db1..dbL with the shapes of W1..WL, b1..bL.
    """
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    # Sigmoid and BCE together: dL/dzL = (y_hat - y) / N, the only place 1/N enters.
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = X if layer == 1 else cache[f"a{layer - 1}"]
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            if activation == "relu":
                slope = (z > 0).astype(np.float64)
            else:
                slope = sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


def momentum_step(params, grads, velocity, lr, beta=0.9):
    """One step of gradient descent with momentum (velocity as a moving average).

    v <- beta * v + (1 - beta) * g, then p <- p - lr * v, for every parameter.
    params: dict of arrays; grads: dict "d" + name -> array; velocity: dict with
    the keys of params, or None for the first step (all zeros).
    Returns ``(new_params, new_velocity)``, new dicts; the inputs are unchanged.
    """
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step, with bias correction.

    state: None for the first step, else the state returned by the previous step:
    {"t": number of steps taken, "m": dict like params, "v": dict like params}.
    Returns ``(new_params, new_state)``, new dicts; the inputs are unchanged.
    """
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        m_hat = m / (1.0 - beta1**t)
        v_hat = v / (1.0 - beta2**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


def predict_classes(X, params):
    """Given in notebook 07: the class with the largest score of a two-layer ReLU network.

    X: (N, D); params: W1 (H, D), b1 (H,), W2 (K, H), b2 (K,). Returns int labels of shape (N,).
    """
    scores = relu(X @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"]
    return scores.argmax(axis=1)


def softmax_classifier_loss(X, y, params, reg=0.0):
    """Loss and gradients of a two-layer ReLU network with a softmax output (CS231n's split).

    X: (N, D); y: (N,) int labels 0..K-1; params: W1 (H, D), b1 (H,), W2 (K, H), b2 (K,),
    so that K = W2.shape[0] (a batch need not hold every class).
    reg: strength of the L2 penalty (reg / 2) (|W1|^2 + |W2|^2) on the weights (not the biases).
    Returns ``(loss, grads)``: loss, a float in nats, the mean categorical cross-entropy plus
    the penalty; grads, a dict dW1, db1, dW2, db2 with the shapes of W1, b1, W2, b2.
    """
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    # Softmax and cross-entropy together: dL/dscores = (P - Y) / N (notebook 3).
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


def softmax_classifier_train(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    """Full-batch gradient descent on ``softmax_classifier_loss``.

    X: (N, D) and y: (N,) int labels 0..K-1 (K = y.max() + 1); X_val, y_val: validation data.
    Minimises the mean categorical cross-entropy plus (reg / 2) (|W1|^2 + |W2|^2).
    Starts from ``init_params(D, hidden, K, seed=seed)``.
    Returns ``(params, history)``: params W1 (hidden, D), b1, W2 (K, hidden), b2;
    history the lists loss, val_loss (cross-entropy without the penalty), acc and
    val_acc, one entry per epoch, measured before that epoch's update.
    """
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        # The history records the data loss: the objective minus its penalty.
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history
