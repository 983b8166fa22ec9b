"""Catalogued mistakes of notebook 06: the split, predictions, accuracy, the loop, the target.

Registered in ``solutions.variants.MISTAKES`` in the order written here; see
``solutions.mistakes`` for what an entry is.
"""

import numpy as np

from solutions.backprop import backward, sgd_step
from solutions.forward_pass import init_params
from solutions.losses import binary_cross_entropy
from solutions.training import accuracy, forward
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
