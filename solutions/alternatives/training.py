"""Correct alternatives for notebook 06: the split, predictions, accuracy, the loop, the search, the
target, minibatches.

Registered in ``solutions.variants.ALTERNATIVES`` in the order written here.
"""

import numpy as np

from solutions.backprop import backward, sgd_step
from solutions.forward_pass import init_params
from solutions.losses import binary_cross_entropy
from solutions.training import accuracy, forward, train
from solutions.variants import alternative


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


@alternative("training", "grid_search")
def search_with_lists(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    rows = {"acc": [], "loss": [], "stop": []}
    for hidden in hiddens:
        row = {"acc": [], "loss": [], "stop": []}
        for lr in lrs:
            history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)[1]
            stop = history["val_loss"].index(min(history["val_loss"]))
            row["acc"].append(history["val_acc"][stop])
            row["loss"].append(min(history["val_loss"]))
            row["stop"].append(stop)
        for key in rows:
            rows[key].append(row[key])
    return np.array(rows["acc"], dtype=float), np.array(rows["loss"], dtype=float), np.array(rows["stop"])


@alternative("training", "grid_search")
def search_over_the_product(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.empty((len(hiddens), len(lrs)))
    val_loss = np.empty((len(hiddens), len(lrs)))
    best_epochs = np.empty((len(hiddens), len(lrs)), dtype=np.int64)
    for i, j in np.ndindex(val_acc.shape):
        _, history = train(X_train, y_train, X_val, y_val, hidden=hiddens[i], lr=lrs[j], epochs=epochs)
        best_epochs[i, j] = np.argmin(history["val_loss"])
        val_acc[i, j] = history["val_acc"][best_epochs[i, j]]
        val_loss[i, j] = history["val_loss"][best_epochs[i, j]]
    return val_acc, val_loss, best_epochs


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


@alternative("training", "iterate_minibatches")
def minibatches_from_shuffled_copies(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    X_shuffled, y_shuffled = X[order], y[order]
    for start in range(0, len(X), batch_size):
        yield X_shuffled[start:start + batch_size], y_shuffled[start:start + batch_size]


@alternative("training", "iterate_minibatches")
def minibatches_as_a_list(X, y, batch_size, rng):
    indices = np.arange(len(X))
    rng.shuffle(indices)
    n_batches = -(-len(X) // batch_size)  # ceiling division
    return [(X[indices[i * batch_size:(i + 1) * batch_size]], y[indices[i * batch_size:(i + 1) * batch_size]])
            for i in range(n_batches)]
