"""Catalogued mistakes of notebook 06: the split, predictions, accuracy, the loop, the search, the
target, minibatches.

Registered in ``solutions.variants.MISTAKES`` in the order written here; see
``solutions.mistakes`` for what an entry is.
"""

import numpy as np

from solutions.backprop import backward, sgd_step
from solutions.forward_pass import init_params
from solutions.losses import binary_cross_entropy
from solutions.training import accuracy, forward, train
from solutions.variants import diagnosed, mistake


@mistake("training", "train_val_split", "shuffle first")
def split_without_shuffle(X, y, val_fraction=0.2, seed=0):
    n_val = round(val_fraction * len(X))
    return X[n_val:], X[:n_val], y[n_val:], y[:n_val]


@mistake("training", "train_val_split", "same permutation")
def split_shuffles_separately(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    X, y = X[rng.permutation(len(X))], y[rng.permutation(len(y))]
    n_val = round(val_fraction * len(X))
    return X[n_val:], X[:n_val], y[n_val:], y[:n_val]


@mistake("training", "train_val_split", "default_rng(seed)")
def split_unseeded(X, y, val_fraction=0.2, seed=0):
    order = np.random.permutation(len(X))
    n_val = round(val_fraction * len(X))
    return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]


@mistake("training", "train_val_split", "expected about val_fraction * N")
def split_holds_out_training_share(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round((1 - val_fraction) * len(X))
    return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]


@diagnosed("training", "predict",
           "you ignore the threshold argument: compare y_hat with threshold, not with 0.5.")
def predict_ignores_threshold(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return (y_hat >= 0.5).astype(int)


@mistake("training", "predict", ".astype(int)")
def predict_boolean(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return y_hat >= threshold


@diagnosed("training", "predict",
           "your labels are flipped: predict 1 where y_hat >= threshold, 0 below.")
def predict_inverted(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return (y_hat < threshold).astype(int)


@mistake("training", "predict", "use .ravel()")
def predict_column(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return (y_hat >= threshold).astype(int).reshape(-1, 1)


@diagnosed("training", "accuracy",
           "you return the number of matching labels: divide by N to get a fraction (np.mean does both).")
def accuracy_counts(y_true, y_pred):
    return float(np.sum(np.ravel(y_true) == np.ravel(y_pred)))


@diagnosed("training", "accuracy",
           "with y_true of shape (N, 1) and y_pred of shape (N,), == broadcasts to an (N, N) table: "
           "flatten both with .ravel() first.")
def accuracy_without_ravel(y_true, y_pred):
    return float(np.mean(y_true == y_pred))


@diagnosed("training", "accuracy",
           "that is the error rate: accuracy is the fraction of labels that agree, y_true == y_pred.")
def error_rate(y_true, y_pred):
    return float(np.mean(np.ravel(y_true) != np.ravel(y_pred)))


@diagnosed("training", "train",
           "you never update the biases: step every parameter, b1 and b2 included (pass the "
           "whole dict through sgd_step).")
def never_updates_biases(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        grads = backward(X, y, params, cache)
        params = {**params, "W1": params["W1"] - lr * grads["dW1"],
                  "W2": params["W2"] - lr * grads["dW2"]}
    return params, history


@diagnosed("training", "train",
           "history must be measured before each epoch's update: compute the losses and "
           "accuracies first, then call sgd_step.")
def records_after_update(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        _, cache = forward(X, params)
        params = sgd_step(params, backward(X, y, params, cache), lr)
        y_hat, _ = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
    return params, history


@diagnosed("training", "train",
           "val_loss comes from the training data: evaluate forward(X_val, params) against y_val.")
def validates_on_training_data(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y, y_hat))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y, y_hat >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@mistake("training", "grid_search", "the validation accuracy of the last epoch")
def search_keeps_the_last_epoch(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.full((len(hiddens), len(lrs)), epochs)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            val_acc[i, j], val_loss[i, j] = history["val_acc"][-1], history["val_loss"][-1]
    return val_acc, val_loss, best_epochs


@mistake("training", "grid_search", "the epoch of highest validation accuracy")
def search_stops_at_the_best_accuracy(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    shape = (len(hiddens), len(lrs))
    val_acc, val_loss, best_epochs = np.zeros(shape), np.zeros(shape), np.zeros(shape, dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)[1]
            best = int(np.argmax(history["val_acc"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@mistake("training", "grid_search", "the epoch of lowest *training* loss")
def search_stops_on_the_training_loss(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    tables = [np.zeros((len(hiddens), len(lrs))) for _ in range(3)]
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            stop = int(np.argmin(history["loss"]))
            for table, value in zip(tables, (history["val_acc"][stop], history["val_loss"][stop], stop),
                                    strict=True):
                table[i, j] = value
    return tables[0], tables[1], tables[2].astype(int)


@mistake("training", "grid_search", "one too large everywhere")
def search_counts_the_epoch_from_one(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    results = {}
    for hidden in hiddens:
        for lr in lrs:
            history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)[1]
            best = int(np.argmin(history["val_loss"]))
            results[hidden, lr] = (history["val_acc"][best], history["val_loss"][best], best + 1)
    grid = np.array([[results[h, lr] for lr in lrs] for h in hiddens])
    return grid[..., 0], grid[..., 1], grid[..., 2].astype(int)


@mistake("training", "grid_search", "one row per hidden size")
def search_transposed(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    histories = [[train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)[1]
                  for hidden in hiddens] for lr in lrs]  # one row per learning rate
    stops = np.array([[int(np.argmin(h["val_loss"])) for h in row] for row in histories])
    val_acc = np.array([[h["val_acc"][s] for h, s in zip(row, r, strict=True)]
                        for row, r in zip(histories, stops, strict=True)])
    val_loss = np.array([[min(h["val_loss"]) for h in row] for row in histories])
    return val_acc, val_loss, stops


@mistake("training", "hyperparameters", "Try more epochs")
def too_few_epochs():
    HIDDEN = 64
    LR = 2.0
    EPOCHS = 100
    return locals()


@mistake("training", "hyperparameters", "LR should be in (0, 10]")
def learning_rate_out_of_range():
    HIDDEN = 16
    LR = 50.0
    EPOCHS = 300
    return locals()


@mistake("training", "hyperparameters", "HIDDEN should be an int")
def hidden_as_float():
    HIDDEN = 16.0
    LR = 2.0
    EPOCHS = 300
    return locals()


@mistake("training", "iterate_minibatches", "original order")
def minibatches_in_order(X, y, batch_size, rng):
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


@mistake("training", "iterate_minibatches", "left over")
def minibatches_drop_the_rest(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X) - batch_size + 1, batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


@mistake("training", "iterate_minibatches", "labels no longer match their rows")
def minibatches_shuffle_separately(X, y, batch_size, rng):
    X, y = X[rng.permutation(len(X))], y[rng.permutation(len(y))]
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


@mistake("training", "iterate_minibatches", "exactly once per epoch")
def minibatches_with_replacement(X, y, batch_size, rng):
    for start in range(0, len(X), batch_size):
        batch = rng.integers(0, len(X), size=min(batch_size, len(X) - start))
        yield X[batch], y[batch]


@mistake("training", "iterate_minibatches", "use the rng argument")
def minibatches_fixed_seed(X, y, batch_size, rng):
    order = np.random.default_rng(0).permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]
