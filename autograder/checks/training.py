"""Checks for notebook 06: the split, predictions, accuracy, the training loop, the spiral target."""

import numpy as np

from autograder import data
from autograder.checking import (
    all_close,
    call,
    call_isolated,
    expect_array,
    expect_close,
    expect_int,
    expect_keys,
    expect_number,
    expect_true,
    fail,
    ignores_argument,
    passed,
    show,
)
from autograder.fingerprints import Clues, order_hint
from autograder.known_values import known_values
from autograder.time_budget import call_within_budget

NB = "training"
PARAM_KEYS = ("W1", "b1", "W2", "b2")
HISTORY_KEYS = ("loss", "val_loss", "acc", "val_acc")
#: Validation data handed to ``train`` by the spiral target (monitoring only).
VALIDATION_SEED = 7_777
#: Held-out accuracy the spiral target demands; calibrated in notebook 06.
SPIRAL_THRESHOLD = 0.66
#: Seconds the spiral target allows for one call of ``train``.
SPIRAL_TIME_BUDGET = 60


def _split(train_val_split, X, y, val_fraction, seed):
    __tracebackhide__ = True
    label = f"train_val_split(X, y, val_fraction={val_fraction}, seed={seed})"
    parts = call_isolated(train_val_split, X, y, val_fraction=val_fraction, seed=seed, label=label)
    if not isinstance(parts, tuple) or len(parts) != 4:
        fail(f"{label} should return a tuple X_train, X_val, y_train, y_val; got {show(parts)}.")
    names = ("X_train", "X_val", "y_train", "y_val")
    for name, part in zip(names, parts, strict=True):
        expect_array(part, f"{name} from {label}", kind="any")
    n = len(X)
    rows = {"X_train": n - val_fraction * n, "X_val": val_fraction * n, "y_train": n - val_fraction * n,
            "y_val": val_fraction * n}
    def kind_fits(i, v):
        return v.ndim == (2 if names[i][0] == "X" else 1)

    # Parts of the right kinds in place but with the other part's rows: a wrong val_fraction
    # explains that as well as an exchange of train and val, so only a mix of kinds speaks.
    kinds_in_place = all(kind_fits(i, v) for i, v in enumerate(parts))
    order = None if kinds_in_place else order_hint(
        parts, names, lambda i, v: kind_fits(i, v) and abs(len(v) - rows[names[i]]) < 1)
    if order:
        fail(f"{label} returned its parts in the wrong order.\n{order.line()}")
    X_tr, X_va, y_tr, y_va = parts
    n_val = len(X_va)
    expect_true(abs(n_val - val_fraction * n) < 1,
                f"{label}: X_val has {n_val} rows; expected about val_fraction * N = "
                f"{val_fraction * n:g} of the {n} rows.")
    expect_true(X_tr.shape == (n - n_val, X.shape[1]) and y_tr.shape == (n - n_val,)
                and y_va.shape == (n_val,),
                f"{label}: shapes X_train {X_tr.shape}, X_val {X_va.shape}, y_train {y_tr.shape}, "
                f"y_val {y_va.shape} do not add up to X {X.shape}, y {y.shape}.")
    return parts, label


def check_train_val_split(train_val_split):
    """Every point exactly once, rows and labels kept together, shuffled, seeded."""
    __tracebackhide__ = True
    n = 50
    X = np.stack([np.arange(n, dtype=float), np.arange(n, dtype=float) ** 2], axis=1)
    y = np.arange(n) % 2
    (X_tr, X_va, y_tr, y_va), label = _split(train_val_split, X, y, 0.2, 0)
    ids = np.concatenate([X_tr[:, 0], X_va[:, 0]])
    expect_true(np.array_equal(np.sort(ids), np.arange(n)),
                f"{label}: every point must land in exactly one part; train and validation "
                f"together hold the rows {np.sort(ids).astype(int).tolist()}.")
    expect_true(np.array_equal(y_tr, X_tr[:, 0].astype(int) % 2)
                and np.array_equal(y_va, X_va[:, 0].astype(int) % 2),
                f"{label}: labels no longer match their rows: shuffle X and y with the same "
                "permutation (index both with one array of indices).")
    ordered = X_va[:, 0].tolist()
    expect_true(ordered not in (list(range(len(ordered))), list(range(n - len(ordered), n))),
                f"{label}: the validation set is the first or last rows in order; shuffle first "
                "(the spiral data is sorted by class, so an unshuffled split is all one class).")
    (_, X_va2, _, _), _ = _split(train_val_split, X, y, 0.2, 0)
    expect_true(np.array_equal(X_va, X_va2), f"{label} gave different splits on two calls: "
                                             "seed a generator with np.random.default_rng(seed).")
    (_, X_va3, _, _), label3 = _split(train_val_split, X, y, 0.2, 1)
    expect_true(not np.array_equal(X_va, X_va3), f"{label3} gave the same split as seed=0: "
                                                 "use the seed argument.")
    _split(train_val_split, X[:7], y[:7], 0.3, 0)
    passed("train_val_split", "every point once, rows and labels together, shuffled and seeded")


def _params_of(kv):
    return {k: kv[k] for k in PARAM_KEYS}


def check_predict(predict):
    """Int labels of shape (N,) from the stored network, at two thresholds."""
    __tracebackhide__ = True
    kv = known_values(NB, "predict", "main")
    for threshold in (0.5, 0.3):
        label = f"predict(X, params, threshold={threshold})"
        got = call_isolated(predict, kv["X"], _params_of(kv), threshold=threshold, label=label)
        expect_array(got, label, shape=(len(kv["X"]),), kind="int")
        expect_close(got, kv[f"labels@{threshold}"], label,
                     mistake=f"{NB}:predict/main/labels@{threshold}")
    passed("predict", "int labels (N,), threshold honoured")


def check_accuracy(accuracy):
    """A float in [0, 1]; labels of shape (N,) or (N, 1) alike."""
    __tracebackhide__ = True
    kv = known_values(NB, "accuracy", "main")
    y_true, y_pred = kv["y_true"], kv["y_pred"]
    for a, b, case, note in ((y_true, y_pred, "main", ""),
                             (y_true.reshape(-1, 1), y_pred, "column", " with y_true (N, 1)"),
                             (y_true, y_pred.astype(float), "float", " with float predictions")):
        label = "accuracy(y_true, y_pred)" + note
        got = expect_number(call_isolated(accuracy, a, b, label=label), label)
        expect_close(got, kv["out"], label, inputs={"y_true": a, "y_pred": b},
                     mistake=f"{NB}:accuracy/{case}/out")
    passed("accuracy", "fraction of matching labels, any label shape")


def check_train(train):
    """Parameters and per-epoch history of a short stored run."""
    __tracebackhide__ = True
    kv = known_values(NB, "train", "small")
    hidden, lr, epochs, seed = (int(kv["hidden"]), float(kv["lr"]), int(kv["epochs"]), int(kv["seed"]))
    label = f"train(X, y, X_val, y_val, hidden={hidden}, lr={lr}, epochs={epochs}, seed={seed})"
    args, kwargs = (kv["X"], kv["y"], kv["X_val"], kv["y_val"]), dict(hidden=hidden, lr=lr, epochs=epochs,
                                                                       seed=seed)
    result = call_isolated(train, *args, label=label, **kwargs)
    if not isinstance(result, tuple) or len(result) != 2:
        fail(f"{label} should return a tuple (params, history); got {show(result)}.")
    params, history = result
    expect_keys(params, f"params from {label}", PARAM_KEYS)
    expect_keys(history, f"history from {label}", HISTORY_KEYS)
    for key in HISTORY_KEYS:
        values = history[key]
        expect_true(len(values) == epochs, f"history[{key!r}] from {label} should have one entry "
                                           f"per epoch ({epochs}); got {len(values)}.")
        what = f"history[{key!r}] from {label}"
        got = np.array([expect_number(v, f"{what}[{i}]") for i, v in enumerate(values)])
        # Both change every epoch after the first with lr, and from the first with the seed.
        ignored = [] if all_close(got, kv[key]) else [
            ignores_argument(train, args, kwargs, arg, other, result, label)
            for arg, other in (("lr", lr / 2), ("seed", seed + 1))]
        expect_close(got, kv[key], what + " (each entry measured before that epoch's update)",
                     mistake=f"{NB}:train/small/{key}", clues=Clues(related=ignored))
    for key in PARAM_KEYS:
        what = f"params[{key!r}] from {label}"
        expect_array(params[key], what, shape=kv[key].shape)
        expect_close(params[key], kv[key], what, mistake=f"{NB}:train/small/{key}")
    passed("train", f"{epochs} epochs reproduce the stored parameters and history")


def check_hyperparameters(HIDDEN, LR, EPOCHS):
    """Types and sane ranges of the student's chosen hyperparameters."""
    __tracebackhide__ = True
    if HIDDEN is None or LR is None or EPOCHS is None:
        raise NotImplementedError("set HIDDEN, LR and EPOCHS in the hyperparameters exercise first")
    hidden = expect_int(HIDDEN, "HIDDEN", allowed=range(1, 513))
    lr = expect_number(LR, "LR")
    epochs = expect_int(EPOCHS, "EPOCHS", allowed=range(1, 50_001))
    expect_true(0 < lr <= 10, f"LR should be in (0, 10]; got {lr}.")
    passed("hyperparameters", f"HIDDEN = {hidden}, LR = {lr:g}, EPOCHS = {epochs}")
    return hidden, lr, epochs


def spiral_accuracy(train, predict, hidden, lr, epochs, time_budget=SPIRAL_TIME_BUDGET):
    """Train on the lesson's spiral, score on the held-out set. Returns (accuracy, seconds)."""
    __tracebackhide__ = True
    X, y = data.seed_spiral()
    X_val, y_val = data.make_spiral(100, data.SEED_DATA["noise"], VALIDATION_SEED)
    label = f"train(X, y, X_val, y_val, hidden={hidden}, lr={lr}, epochs={epochs})"
    (params, _), seconds = call_within_budget(
        time_budget, ". Use fewer EPOCHS or HIDDEN units, and keep the loop vectorised (no Python "
        "loop over samples).", train, X, y, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs, label=label)
    X_test, y_test = data.heldout_spiral()
    labels = call(predict, np.array(X_test), params, label="predict(X_heldout, params)")
    expect_array(labels, "predict(X_heldout, params)", shape=y_test.shape, kind="any")
    return float(np.mean(labels.ravel() == y_test)), seconds


def check_spiral_accuracy(train, predict, HIDDEN, LR, EPOCHS, threshold=SPIRAL_THRESHOLD):
    """The student's train, with their hyperparameters, reaches the held-out accuracy target."""
    __tracebackhide__ = True
    hidden, lr, epochs = check_hyperparameters(HIDDEN, LR, EPOCHS)
    acc, seconds = spiral_accuracy(train, predict, hidden, lr, epochs)
    expect_true(acc >= threshold,
                f"Held-out accuracy {acc:.3f} is below the target {threshold:.2f} "
                f"(trained {seconds:.1f} s on make_spiral(150, 0.15, 42), scored on 10,000 "
                "unseen points). Try more epochs, a larger learning rate or more hidden units; "
                "watch the loss curve for divergence.")
    passed("spiral target", f"held-out accuracy {acc:.3f} >= {threshold:.2f} "
                            f"(Bayes ceiling about 0.745), trained in {seconds:.1f} s")


__all__ = [name for name in dir() if name.startswith("check_")]
