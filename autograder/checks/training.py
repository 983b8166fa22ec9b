"""Checks for notebook 06: the split, predictions, accuracy, the training loop, the search, the spiral
target, minibatches."""

import itertools
import time

import numpy as np

from autograder import data, diagnosis, rows
from autograder.checking import (
    NOT_REPRODUCIBLE_HINT,
    Unfinished,
    all_close,
    call,
    call_isolated,
    expect_array,
    expect_close,
    expect_int,
    expect_keys,
    expect_length,
    expect_number,
    expect_true,
    fail,
    hint_line,
    ignores_argument,
    not_reproducible,
    passed,
    show,
    siblings,
    unset_names,
    without_data_globals,
)
from autograder.containers import expect_own_containers, shared_arrays, shared_arrays_hint
from autograder.fingerprints import Clues, Diagnosis, Hypothesis, order_hint
from autograder.generators import returned_batch
from autograder.known_values import known_values
from autograder.sequences import history_slips, loss_curve, params_match
from autograder.time_budget import ENDLESS_LOOP, call_within_budget, time_limit

NB = "training"
PARAM_KEYS = ("W1", "b1", "W2", "b2")
HISTORY_KEYS = ("loss", "val_loss", "acc", "val_acc")
#: Validation data handed to ``train`` by the spiral target (monitoring only).
VALIDATION_SEED = 7_777
#: Held-out accuracy the spiral target demands; calibrated in notebook 06.
SPIRAL_THRESHOLD = 0.66
#: Seconds the spiral target allows for one call of ``train``.
SPIRAL_TIME_BUDGET = 60
#: Seconds a check allows for one of its short training runs (check_train's 30 epochs, the search
#: check's 80-epoch runs: milliseconds each), before it names a loop that never ends.
CHECK_RUN_BUDGET = 20
#: The search notebook 06 runs before the student picks HIDDEN, LR and EPOCHS (and the
#: search ``nncourse.calibrate`` calibrates the target for): hidden sizes x learning rates,
#: each run at most ``epochs`` long and stopped early at its lowest validation loss.
SEARCH_BUDGET = {"hiddens": (8, 32, 64), "lrs": (0.5, 1.5, 3.0), "epochs": 1_000}


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
    exchanged = (abs(n_val - (1 - val_fraction) * n) < 1 and abs(len(X_tr) - val_fraction * n) < 1
                 and abs(val_fraction - 0.5) > 1 / n)
    expect_true(abs(n_val - val_fraction * n) < 1,
                f"{label}: X_val has {n_val} rows; expected about val_fraction * N = "
                f"{val_fraction * n:g} of the {n} rows."
                + (hint_line("fp.split_sizes", f"X_val holds {n_val} rows, the training part's size (1 - "
                            f"val_fraction) * N, where the check expected about val_fraction * N = "
                            f"{val_fraction * n:g}, the size your X_train has: the two parts are exchanged "
                            "(or val_fraction is taken as the training fraction). The validation part "
                            "holds round(val_fraction * N) rows.") if exchanged else
                   _entries_for_rows(X, val_fraction, n_val)
                   or _fraction_ignored(train_val_split, X, y, val_fraction, n_val)
                   or _count_drawn(train_val_split, X, y, val_fraction, n_val)
                   if abs(n_val - val_fraction * n) >= 1 else ""))
    shapes = {"X_train": (X_tr.shape, (n - n_val, X.shape[1])), "X_val": (X_va.shape, (n_val, X.shape[1])),
              "y_train": (y_tr.shape, (n - n_val,)), "y_val": (y_va.shape, (n_val,))}
    wrong = [(part, got, want) for part, (got, want) in shapes.items() if got != want]
    found = (diagnosis.flattened(wrong[0][1], wrong[0][2], wrong[0][0])
             or diagnosis.shape_hint(wrong[0][1], wrong[0][2], part=wrong[0][0])) if wrong else None
    expect_true(not wrong,
                f"{label}: shapes X_train {X_tr.shape}, X_val {X_va.shape}, y_train {y_tr.shape}, "
                f"y_val {y_va.shape} do not add up to X {X.shape}, y {y.shape}."
                + (f"\n{found.line()}" if found else ""))
    return parts, label


def _split_pairs_hint(train_val_split, X) -> str:
    """"\nHint: ..." for a split whose labels left their rows, proven on labels that name their row."""
    named = 1_000 + np.arange(len(X))
    try:
        X_tr, X_va, y_tr, y_va = call_isolated(train_val_split, X, named, val_fraction=0.2, seed=0,
                                               label="train_val_split(X, y naming each row)")
        found = rows.pairs([X_tr[:, 0], X_va[:, 0]], [np.asarray(y_tr) - 1_000, np.asarray(y_va) - 1_000],
                           len(X))
    except (AssertionError, NotImplementedError, TypeError, ValueError, IndexError):
        return ""
    return f"\n{found.line()}" if found else ""


def _entries_for_rows(X: np.ndarray, val_fraction: float, n_val: int) -> str:
    """The hint line when the held-out count is val_fraction times X's number of entries (N * D, X.size)
    where its number of rows (N) belongs; "" otherwise (or where N * D and N are one number)."""
    n, size = X.shape[0], X.size
    if size == n or n_val != round(val_fraction * size):
        return ""
    return hint_line("fp.size_for_count", f"X_val holds {n_val} rows = round(val_fraction * X.size): X.size "
                                          f"= N * D = {size} counts every entry of X, where its number of "
                                          f"points, len(X) = N = {n}, belongs; count the rows with len(X) or "
                                          "X.shape[0].")


def _fraction_ignored(train_val_split, X, y, val_fraction, n_val) -> str:
    """The hint line when the split holds out as many rows at another val_fraction, whose size differs.

    The other fraction: 0.5 or 0.3, whichever is further from val_fraction (their sizes differ for N >= 5).
    """
    other = 0.3 if val_fraction > 0.4 else 0.5
    if round(other * len(X)) == round(val_fraction * len(X)):
        return ""
    try:
        parts = call_isolated(train_val_split, X, y, val_fraction=other, seed=0,
                              label=f"train_val_split(X, y, val_fraction={other}, seed=0)")
        held_out = len(parts[1])
    except (AssertionError, TypeError, IndexError):
        return ""
    if held_out != n_val:
        return ""
    rows = "row" if n_val == 1 else "rows"
    return hint_line("fp.ignores_argument", f"your split holds out {n_val} {rows} of N = {len(X)} both for "
                     f"val_fraction={val_fraction} and for val_fraction={other}: the argument val_fraction "
                     "has no effect on the sizes (a size or a fraction is hard-coded in its place, or it is "
                     "not passed on); hold out round(val_fraction * len(X)) rows.")


def _count_drawn(train_val_split, X, y, val_fraction, n_val) -> str:
    """The hint line when the number held out changes with the seed (a random mask, rng.random(N) <
    val_fraction, holds out about val_fraction * N points, a different number for each seed)."""
    counts = {n_val}
    for seed in (1, 2, 3, 4):
        try:
            parts = call_isolated(train_val_split, X, y, val_fraction=val_fraction, seed=seed,
                                  label=f"train_val_split(X, y, val_fraction={val_fraction}, seed={seed})")
            counts.add(len(parts[1]))
        except (AssertionError, TypeError, IndexError):
            return ""
    if len(counts) == 1:
        return ""
    return hint_line("fp.random_count", f"your split holds out {', '.join(map(str, sorted(counts)[:-1]))} or "
                     f"{max(counts)} rows for the seeds 0 to 4: "
                     "the number changes with the seed, so it is drawn (a random mask such as rng.random(N) "
                     "< val_fraction keeps each point with that chance, about val_fraction * N in all). "
                     "Shuffle the indices (rng.permutation(N)) and hold out the first "
                     "round(val_fraction * N).")


def check_train_val_split(train_val_split):
    """Every point exactly once, rows and labels kept together, shuffled, seeded."""
    __tracebackhide__ = True
    n = 50
    X = np.stack([np.arange(n, dtype=float), np.arange(n, dtype=float) ** 2], axis=1)
    y = np.arange(n) % 2
    (X_tr, X_va, y_tr, y_va), label = _split(train_val_split, X, y, 0.2, 0)
    ids = np.concatenate([X_tr[:, 0], X_va[:, 0]])
    if not np.array_equal(np.sort(ids), np.arange(n)):
        found = rows.overlap(X_tr[:, 0], X_va[:, 0], n) or rows.coverage([X_tr[:, 0], X_va[:, 0]], n,
                                                                         what="the two parts")
        fail(f"{label}: every point must land in exactly one part; train and validation "
             f"together hold the rows {np.sort(ids).astype(int).tolist()}."
             + (f"\n{found.line()}" if found else ""))
    if not (np.array_equal(y_tr, X_tr[:, 0].astype(int) % 2)
            and np.array_equal(y_va, X_va[:, 0].astype(int) % 2)):
        fail(f"{label}: labels no longer match their rows: shuffle X and y with the same "
             "permutation (index both with one array of indices)." + _split_pairs_hint(train_val_split, X))
    ordered = X_va[:, 0].tolist()
    if ordered in (list(range(len(ordered))), list(range(n - len(ordered), n))):
        unshuffled = (rows.not_shuffled(ids, "train_val_split")
                      or rows.not_shuffled(np.concatenate([X_va[:, 0], X_tr[:, 0]]), "train_val_split"))
        fail(f"{label}: the validation set is the first or last rows in order; shuffle first "
             "(the spiral data is sorted by class, so an unshuffled split is all one class)."
             + (f"\n{unshuffled.line()}" if unshuffled else ""))
    (_, X_va2, _, _), _ = _split(train_val_split, X, y, 0.2, 0)
    expect_true(np.array_equal(X_va, X_va2), f"{label} gave different splits on two calls."
                                             + hint_line("fp.not_reproducible", NOT_REPRODUCIBLE_HINT))
    (_, X_va3, _, _), label3 = _split(train_val_split, X, y, 0.2, 1)
    expect_true(not np.array_equal(X_va, X_va3), f"{label3} gave the same split as seed=0: "
                                                 "use the seed argument."
                + hint_line("fp.ignores_argument", "your split is the same for seed=0 and seed=1: the seed "
                            "argument has no effect. Make the generator from it, "
                            "np.random.default_rng(seed)."))
    # round(val_fraction * N) exactly (the docstring's promise), where truncating and rounding up
    # disagree with it: 0.3 * 7 = 2.1 holds out 2 rows, 0.4 * 7 = 2.8 holds out 3.
    for val_fraction in (0.3, 0.4):
        (_, X_va, _, _), label = _split(train_val_split, X[:7], y[:7], val_fraction, 0)
        want = round(val_fraction * 7)
        expect_true(len(X_va) == want, f"{label} with N = 7: X_val has {len(X_va)} rows; the validation "
                                       f"part holds round(val_fraction * N) = round({val_fraction * 7:g}) = "
                                       f"{want} rows (int() truncates and ceil rounds up: use round).")
    passed("train_val_split", "every point once, rows and labels together, shuffled and seeded, "
                              "round(val_fraction * N) held out")


def _params_of(kv):
    return {k: kv[k] for k in PARAM_KEYS}


def _logit_thresholded(kv, threshold) -> Hypothesis:
    """The labels of the logit z2 compared with the threshold, where the probability sigmoid(z2) belongs.

    z2 of shape (N,) from the stored network: relu(X @ W1.T + b1) @ W2.T + b2 (the forward pass of
    notebook 04, written out here: the stored case keeps only the labels).
    """
    z1 = kv["X"] @ kv["W1"].T + kv["b1"]
    z2 = (np.maximum(z1, 0.0) @ kv["W2"].T + kv["b2"]).ravel()
    return Hypothesis("fp.logit_thresholded", f"your labels are those of the logit z2 compared with the "
                                              f"threshold ({threshold}), where the probability y_hat = "
                                              "sigmoid(z2) belongs: threshold forward's y_hat, not "
                                              "cache['z2'].", (z2 >= threshold).astype(np.float64))


def _other_cuts(kv, threshold: float) -> list[Hypothesis]:
    """The labels of y_hat cut at 1 - threshold (1 - y_hat compared with it, class 0's probability), or
    with the sides exchanged (1 where y_hat < threshold). Only at a threshold other than 0.5 does the
    first differ from the right labels but for ties."""
    z1 = kv["X"] @ kv["W1"].T + kv["b1"]
    y_hat = 1.0 / (1.0 + np.exp(-(np.maximum(z1, 0.0) @ kv["W2"].T + kv["b2"]).ravel()))
    found = [Hypothesis("fp.flipped_labels", "your labels are 1 where y_hat < threshold: the two sides of "
                        "the threshold are exchanged (class 1 is where y_hat >= threshold).",
                        (y_hat < threshold).astype(np.float64))]
    if threshold != 0.5:
        found.append(Hypothesis("fp.complement_threshold", f"your labels are those of y_hat cut at 1 - "
                                f"threshold = {1 - threshold:g}: 1 - y_hat (the probability of class 0) is "
                                "compared with the threshold, where y_hat itself belongs: predict 1 where "
                                "y_hat >= threshold.", (y_hat > 1 - threshold).astype(np.float64)))
    return found


def check_predict(predict):
    """Int labels of shape (N,) from the stored network, at two thresholds."""
    __tracebackhide__ = True
    kv = known_values(NB, "predict", "main")
    for threshold in (0.5, 0.3):
        label = f"predict(X, params, threshold={threshold})"
        got = call_isolated(predict, kv["X"], _params_of(kv), threshold=threshold, label=label)
        expect_array(got, label, shape=(len(kv["X"]),), kind="int")
        expect_close(got, kv[f"labels@{threshold}"], label,
                     mistake=f"{NB}:predict/main/labels@{threshold}",
                     clues=Clues(related=[_logit_thresholded(kv, threshold), *_other_cuts(kv, threshold)]))
    label = "predict(X, params) with the default threshold (0.5)"
    got = call_isolated(predict, kv["X"], _params_of(kv), label=label)
    expect_array(got, label, shape=(len(kv["X"]),), kind="int")
    expect_close(got, kv["labels@0.5"], label)
    _single_point(predict, kv)
    passed("predict", "int labels (N,), threshold honoured, (1,) for a single point")


def _single_point(predict, kv):
    """A batch of one point gives one label, shape (1,): the batch's first label."""
    __tracebackhide__ = True
    label = "predict(X[:1], params): a batch of a single point"
    got = call_isolated(predict, kv["X"][:1], _params_of(kv), label=label)
    if np.shape(got) == ():
        fail(f"{label} returned shape (), a single number, where shape (1,) belongs (one label per row)."
             + hint_line("fp.batch_axis_dropped", "for N = 1 the batch axis is dropped: np.squeeze drops "
                         "every axis of length 1, the batch's too when there is one point (so do .item() "
                         "and [0, 0]); .ravel() or .reshape(-1) keeps one label per row."))
    expect_array(got, label, shape=(1,), kind="int")
    expect_close(got, kv["labels@0.5"][:1], label)


def _accuracy_clues(accuracy, y_true, y_pred) -> Clues:
    """A second input for a wrong accuracy: one number proves no slip, two do.

    accuracy(y, y) is 1 whatever y: the student's result there, next to the
    stored case, lets a factor (a percentage) be proven over two magnitudes.
    """
    try:
        perfect = expect_number(call_isolated(accuracy, y_true, y_true.copy(), label="accuracy(y, y)"),
                                "accuracy(y, y)")
    except (AssertionError, NotImplementedError, TypeError, ValueError):
        return Clues(related=_one_class_rates(y_true, y_pred))
    return Clues(related=_one_class_rates(y_true, y_pred),
                 also=[(perfect, 1.0, Clues(related=_one_class_rates(y_true, y_true)))])


#: The rates of one class an accuracy can be taken as: (which examples are counted, its name).
_ONE_CLASS = {"the examples whose true label is 1": (lambda t, p: t, "the recall"),
              "the examples predicted 1": (lambda t, p: p, "the precision")}


def _one_class_rates(y_true, y_pred) -> list[Hypothesis]:
    """An accuracy that counts one class only: the fraction of the examples whose true label (or
    prediction) is 1 that match. Computed from the labels (0/1), for the stored case and for
    accuracy(y, y), where both are 1 as accuracy is."""
    t, p = (np.ravel(np.asarray(a, dtype=np.float64)) for a in (y_true, y_pred))
    if t.shape != p.shape or not (np.isin(t, (0.0, 1.0)).all() and np.isin(p, (0.0, 1.0)).all()):
        return []
    found = []
    for counted, (of, name) in _ONE_CLASS.items():
        total = of(t, p).sum()
        if total:
            found.append(Hypothesis("fp.one_class_rate", f"your accuracy counts only {counted}: it is the "
                                                         f"fraction of them that match ({name}), where "
                                                         "accuracy is the fraction of all N labels that "
                                                         "match, 0s included: np.mean(y_true == y_pred) on "
                                                         "labels of one shape.",
                                    np.float64((t * p).sum() / total), computed=True))
    values = [float(h.value) for h in found]
    # as many true 1s as predicted 1s: the two rates are one number, and which one it is is unknown
    found = found if len(set(values)) == len(values) or (t == p).all() else []
    classes = np.unique(t)
    if len(classes) > 1:  # one class: the balanced accuracy is the accuracy itself
        balanced = np.mean([np.mean(p[t == c] == c) for c in classes])
        found.append(Hypothesis("fp.balanced_accuracy", "your accuracy is the mean over the classes of "
                                                        "each class's rate of matches (the balanced "
                                                        "accuracy, which weighs a rare class as much as a "
                                                        "common one), where accuracy is the fraction of "
                                                        "all N labels that match: np.mean(y_true == "
                                                        "y_pred).", np.float64(balanced), computed=True))
    return found


def check_accuracy(accuracy):
    """A float in [0, 1]; labels of shape (N,) or (N, 1) alike."""
    __tracebackhide__ = True
    kv = known_values(NB, "accuracy", "main")
    y_true, y_pred = kv["y_true"], kv["y_pred"]
    for a, b, case, note in ((y_true, y_pred, "main", ""),
                             (y_true.reshape(-1, 1), y_pred, "column", " with y_true (N, 1)"),
                             (y_true, y_pred.astype(float), "float", " with float predictions")):
        label = "accuracy(y_true, y_pred)" + note
        got = expect_number(call_isolated(accuracy, a, b, label=label), label, expected=kv["out"])
        expect_close(got, kv["out"], label, inputs={"y_true": a, "y_pred": b},
                     mistake=f"{NB}:accuracy/{case}/out",
                     clues=None if all_close(got, kv["out"]) else _accuracy_clues(accuracy, y_true, y_pred))
    passed("accuracy", "fraction of matching labels, any label shape")


def check_train(train):
    """Parameters and per-epoch history of a short stored run."""
    __tracebackhide__ = True
    kv = known_values(NB, "train", "small")
    hidden, lr, epochs, seed = (int(kv["hidden"]), float(kv["lr"]), int(kv["epochs"]), int(kv["seed"]))
    label = f"train(X, y, X_val, y_val, hidden={hidden}, lr={lr}, epochs={epochs}, seed={seed})"
    args, kwargs = (kv["X"], kv["y"], kv["X_val"], kv["y_val"]), dict(hidden=hidden, lr=lr, epochs=epochs,
                                                                       seed=seed)
    with time_limit(CHECK_RUN_BUDGET, label, ENDLESS_LOOP):
        result = call_isolated(train, *args, label=label, **kwargs)
    if not isinstance(result, tuple) or len(result) != 2:
        fail(f"{label} should return a tuple (params, history); got {show(result)}.")
    params, history = result
    expect_keys(params, f"params from {label}", PARAM_KEYS)
    expect_keys(history, f"history from {label}", HISTORY_KEYS)
    expect_own_containers(history, "history", f"history from {label}")
    outputs = {**{k: history[k] for k in HISTORY_KEYS}, **{k: params[k] for k in PARAM_KEYS}}
    for key in HISTORY_KEYS:
        values = history[key]
        what = f"history[{key!r}] from {label}"
        expect_length(values, kv[key], what)
        got = np.array([expect_number(v, f"{what}[{i}]") for i, v in enumerate(values)])
        # Both change every epoch after the first with lr, and from the first with the seed and
        # the hidden size (another network from the start).
        ignored = [] if all_close(got, kv[key]) else [
            ignores_argument(train, args, kwargs, arg, other, result, label)
            for arg, other in (("lr", lr / 2), ("seed", seed + 1), ("hidden", hidden + 3))] + [
            not_reproducible(train, args, kwargs, result, label)] + history_slips(
            key, got, kv, updates_right=params_match(params, kv, PARAM_KEYS))
        expect_close(got, kv[key], what + " (each entry measured before that epoch's update)",
                     mistake=f"{NB}:train/small/{key}", clues=Clues(related=ignored),
                     seen=siblings(f"{NB}:train/small", outputs, key))
    for key in PARAM_KEYS:
        what = f"params[{key!r}] from {label}"
        expect_array(params[key], what, shape=kv[key].shape, expected=kv[key])
        expect_close(params[key], kv[key], what, mistake=f"{NB}:train/small/{key}",
                     seen=siblings(f"{NB}:train/small", outputs, key))
    passed("train", f"{epochs} epochs reproduce the stored parameters and history")


def _search_data():
    """A small, noisy spiral for the search check: 56 training and 24 validation points.

    Noisy enough (0.3) that its runs stop early at epochs spread over the budget, apart
    from the epochs of best validation accuracy and of lowest training loss.
    """
    X, y = data.make_spiral(40, 0.3, 606)
    order = np.random.default_rng(6).permutation(len(X))
    return X[order[:56]], y[order[:56]], X[order[56:]], y[order[56:]]


def _expected_search(train, X, y, X_val, y_val, hiddens, lrs, epochs):
    """What a search over the student's own ``train`` finds, with the tables of the likely
    slips: the last epoch, the epoch of best validation accuracy, of lowest training loss."""
    __tracebackhide__ = True
    shape = (len(hiddens), len(lrs))
    tables = {name: np.zeros(shape) for name in ("val_acc", "val_loss", "best_epochs", "final_acc",
                                                 "top_acc_epochs", "train_loss_epochs", "train_acc",
                                                 "train_loss")}
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            label = f"train(X, y, X_val, y_val, hidden={hidden}, lr={lr}, epochs={epochs})"
            with time_limit(CHECK_RUN_BUDGET, f"The check of grid_search runs your train first, and {label}",
                            ENDLESS_LOOP):
                result = call_isolated(train, X, y, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs,
                                       label=label)
            history = result[1] if isinstance(result, tuple) and len(result) == 2 else None
            if not isinstance(history, dict) or any(len(history.get(k, ())) != epochs for k in HISTORY_KEYS):
                fail(f"The check of grid_search runs your train first, and {label} does not return "
                     "(params, history) with one history entry per epoch: fix train (Exercise 4) first.")
            val_loss, val_acc = np.asarray(history["val_loss"]), np.asarray(history["val_acc"])
            best = int(np.argmin(val_loss))
            tables["val_acc"][i, j], tables["val_loss"][i, j] = val_acc[best], val_loss[best]
            tables["best_epochs"][i, j] = best
            tables["final_acc"][i, j] = val_acc[-1]
            tables["top_acc_epochs"][i, j] = int(np.argmax(val_acc))
            tables["train_loss_epochs"][i, j] = int(np.argmin(history["loss"]))
            tables["train_acc"][i, j] = history["acc"][best]
            tables["train_loss"][i, j] = history["loss"][best]
    return tables


def check_grid_search(grid_search, train):
    """The (H, R) tables of validation accuracy, loss and early-stopping epoch, over the student's train."""
    __tracebackhide__ = True
    X, y, X_val, y_val = _search_data()
    hiddens, lrs, epochs = (4, 16), (0.3, 1.0, 3.0), 80
    label = f"grid_search(X_train, y_train, X_val, y_val, hiddens={hiddens}, lrs={lrs}, epochs={epochs})"
    start = time.perf_counter()
    tables = _expected_search(train, X, y, X_val, y_val, hiddens, lrs, epochs)
    # the search makes the same runs of the same train: a few times their time is plenty
    seconds = time.perf_counter() - start
    budget = round(max(CHECK_RUN_BUDGET, 5 * seconds))
    cause = (f"your train made the same {len(hiddens) * len(lrs)} runs in {seconds:.1f} s, so the likely "
             "cause is a loop of grid_search's that never ends (a `while` over the pairs whose index is "
             "never increased). Loop with `for i, hidden in enumerate(hiddens):` and `for j, lr in "
             "enumerate(lrs):`, train each pair once, then run your cell and this one again.")
    with time_limit(budget, label, ("fp.endless_loop", cause)):
        result = call_isolated(grid_search, X, y, X_val, y_val, hiddens, lrs, epochs, label=label)
    names = ("val_acc", "val_loss", "best_epochs")
    if not isinstance(result, tuple) or len(result) != 3:
        fail(f"{label} should return a tuple (val_acc, val_loss, best_epochs); got {show(result)}.")
    shape = (len(hiddens), len(lrs))
    got = {name: expect_array(table, f"{name} from {label}", kind="any")
           for name, table in zip(names, result, strict=True)}
    # every table the transpose of its expected one, entry for entry: filled at [j, i] (the grid is
    # 2 x 3, so a transpose shows in the shape, and its values prove it)
    transposed = all(got[n].shape == shape[::-1] and all_close(got[n].T, tables[n]) for n in names)
    for name in names:
        expect_true(got[name].shape == shape,
                    f"{name} from {label} has shape {got[name].shape}; expected {shape}: one row per "
                    "hidden size, one column per learning rate ([i, j] for hiddens[i], lrs[j])."
                    + (hint_line("fp.transpose", "each of your three tables is the transpose of the "
                                 "expected one, entry for entry: rows and columns are exchanged, the "
                                 "learning rate's index on the rows (tables made (len(lrs), "
                                 "len(hiddens)) and filled at [j, i], or transposed). The tables hold "
                                 "one row per hidden size and one column per learning rate: fill [i, j] "
                                 "for hiddens[i], lrs[j].")
                       if transposed else ""))
    best_epochs = expect_array(got["best_epochs"], f"best_epochs from {label}", shape=shape, kind="int")
    if np.array_equal(best_epochs, tables["best_epochs"] + 1):
        fail(f"best_epochs from {label} is off by one."
             + hint_line("fp.off_by_one", "your best_epochs is one too large everywhere: history[...][k] "
                         "is measured before update k, so the epoch of "
                         "lowest validation loss is its index k, the number of updates made before it "
                         "(np.argmin gives it; no + 1)."))
    for slip, mistake_id, words in (
            ("top_acc_epochs", "fp.wrong_metric", "the epoch of highest validation accuracy (on a few "
                                                  "validation points it is mostly noise)"),
            ("train_loss_epochs", "fp.wrong_data", "the epoch of lowest *training* loss: the selection "
                                                   "is made on the training data")):
        slipped = np.array_equal(best_epochs, tables[slip])
        if slipped and not np.array_equal(tables[slip], tables["best_epochs"]):
            fail(f"best_epochs from {label} is not the epoch of lowest validation loss."
                 + hint_line(mistake_id, f"your best_epochs is {words}: stop early at the lowest "
                             "validation loss, np.argmin(history['val_loss'])."))
    last_epoch = all_close(got["val_acc"], tables["final_acc"])
    if last_epoch and not np.array_equal(tables["final_acc"], tables["val_acc"]):
        fail(f"val_acc from {label} is not the validation accuracy at the epoch of lowest validation loss."
             + hint_line("fp.last_epoch", "your val_acc holds the validation accuracy of the last epoch: "
                         "take it at the epoch of lowest validation loss, history['val_acc'][best]."))
    for name, train_name in (("val_acc", "train_acc"), ("val_loss", "train_loss")):
        on_training = all_close(got[name], tables[train_name]) and not all_close(tables[train_name],
                                                                                 tables[name])
        if on_training:
            fail(f"{name} from {label} is not the validation metric at the selected epoch."
                 + hint_line("fp.wrong_data", f"your {name} equals the *training* metric at that epoch, "
                             f"history[{train_name.replace('train_', '')!r}][best]: take "
                             f"history[{name!r}][best], measured on the validation data."))
    expect_close(best_epochs, tables["best_epochs"], f"best_epochs from {label} (the epoch of lowest "
                 "validation loss of each run)")
    for name in ("val_loss", "val_acc"):
        expect_close(got[name], tables[name], f"{name} from {label} (at the epoch of lowest validation loss)")
    passed("grid_search", f"{shape[0]} x {shape[1]} tables of validation accuracy, loss and "
                          "early-stopping epoch")


def check_hyperparameters(HIDDEN, LR, EPOCHS, announce: bool = True):
    """Types and sane ranges of the student's chosen hyperparameters.

    announce: print the passed line (the spiral target checks them first, silently: a ✓ above
    its own failure would read as a pass).
    """
    __tracebackhide__ = True
    unset = [name for name, value in (("HIDDEN", HIDDEN), ("LR", LR), ("EPOCHS", EPOCHS)) if value is None]
    if unset:
        raise unset_names(unset, "hyperparameters")
    exchanged = _exchanged_hyperparameters({"HIDDEN": HIDDEN, "LR": LR, "EPOCHS": EPOCHS})
    if exchanged:
        fail(exchanged)
    hidden = expect_int(HIDDEN, "HIDDEN", allowed=range(1, 513), chosen=True)
    lr = expect_number(LR, "LR")
    epochs = expect_int(EPOCHS, "EPOCHS", allowed=range(1, 50_001), chosen=True)
    expect_true(0 < lr <= 10, f"LR should be in (0, 10]; got {lr}.")
    if announce:
        passed("hyperparameters", f"HIDDEN = {hidden}, LR = {lr:g}, EPOCHS = {epochs}")
    return hidden, lr, epochs


#: what each hyperparameter must be: its kind and range, in words and as a test of one value
HYPERPARAMETER_SLOTS = {
    "HIDDEN": ("a whole count from 1 to 512", lambda v: _whole_int(v) and 1 <= v <= 512),
    "LR": ("a rate in (0, 10]", lambda v: _real(v) and 0 < v <= 10),
    "EPOCHS": ("a whole count from 1 to 50,000", lambda v: _whole_int(v) and 1 <= v <= 50_000),
}


def _whole_int(v) -> bool:
    return isinstance(v, int | np.integer) and not isinstance(v, bool | np.bool_)


def _real(v) -> bool:
    return isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool | np.bool_)


def _exchanged_hyperparameters(values: dict) -> str:
    """The message when the values do not fit their own names but fit them in another order, or "".

    A value unpacked or assigned in the wrong order (HIDDEN, LR, EPOCHS = 64, 849, 3.0) gives a
    float count and a rate of 849: told apart, each looks like a slip of its own ("write EPOCHS = 3").
    """
    fits = {name: test for name, (_, test) in HYPERPARAMETER_SLOTS.items()}
    if all(fits[name](value) for name, value in values.items()):
        return ""
    names = list(values)
    for order in itertools.permutations(names):
        if list(order) != names and all(fits[slot](values[name])
                                        for slot, name in zip(order, names, strict=True)):
            moved = [(name, slot) for slot, name in zip(order, names, strict=True) if slot != name]
            said = " and ".join(f"{name} = {values[name]!r}" for name, _ in moved)
            fit = "; ".join(f"{values[name]!r} fits {slot} ({HYPERPARAMETER_SLOTS[slot][0]})"
                            for name, slot in moved)
            return (f"{said}: these do not fit their own names, but they fit each other's: {fit}."
                    + hint_line("fp.exchanged_values", "the values look exchanged: check the order in "
                                "which you assign or unpack them (HIDDEN, LR, EPOCHS = ...), and copy each "
                                "from the search's printout by its name."))
    return ""


def minibatch_epoch(iterate_minibatches, X, y, batch_size, seed):
    """One epoch of the student's minibatches as a list of pairs, and the label of the call.

    The iterator is drained inside the guarded call, so that a generator's body (which
    runs only when iterated) is guarded too.
    """
    __tracebackhide__ = True
    label = (f"iterate_minibatches(X, y, batch_size={batch_size}, "
             f"rng=np.random.default_rng({seed}))")
    student = without_data_globals(iterate_minibatches)
    returned = []  # what the call gave, before iterating (a tuple where a generator belongs)
    shared = []  # the yielded batches that are one block of memory

    def one_epoch(X, y, batch_size, rng):
        result = student(X, y, batch_size, rng)
        returned.append(result)
        if result is None or isinstance(result, np.ndarray) or not hasattr(result, "__iter__"):
            return result
        items = list(result)
        # measured here, on the objects yielded: the guarded call hands back copies of them
        xs = {f"X_batch {i}": item[0] for i, item in enumerate(items)
              if isinstance(item, tuple | list) and item}
        shared.extend(shared_arrays(xs))
        return items

    one_epoch.__wrapped__ = iterate_minibatches  # a None is explained from the student's own source
    batches = call_isolated(one_epoch, X, y, batch_size, np.random.default_rng(seed), label=label)
    aliased = shared_arrays_hint(shared, "Yield new arrays for each batch (X[idx] makes one), not views of "
                                 "a buffer that the next batch fills again: a training loop may keep the "
                                 "batches, and then every kept batch holds the last one's rows.")
    if aliased:
        fail(f"{label} yields batches that share their memory.\n{aliased.line()}")

    def hint():  # built only when the batches are not pairs
        found = returned_batch(returned[0], (X, y), batch_size, iterate_minibatches, "iterate_minibatches")
        return f"\n{found.line()}" if found else ""

    if not isinstance(batches, list):
        fail(f"{label} should yield (X_batch, y_batch) pairs (a `yield` inside a loop over the "
             f"batches); got {show(batches)}." + hint())
    for i, batch in enumerate(batches):
        if not isinstance(batch, tuple | list) or len(batch) != 2:
            fail(f"{label}: item {i} should be a pair (X_batch, y_batch); got {show(batch)}." + hint())
        expect_array(batch[0], f"X_batch {i} from {label}", kind="any")
        expect_array(batch[1], f"y_batch {i} from {label}", kind="any")
        xb, yb = batch
        if xb.ndim == 2 and xb.shape[1] == X.shape[1] and yb.ndim == 1:
            continue
        if xb.ndim == 1 and yb.ndim == 2 and yb.shape[1] == X.shape[1]:
            fail(f"{label}: batch {i} is (an array of shape {xb.shape}, one of shape {yb.shape}), where "
                 f"(X_batch of shape (k, {X.shape[1]}), y_batch of shape (k,)) belongs."
                 + hint_line("fp.return_order", "your batches are (y_batch, X_batch): the pair is yielded "
                             "in the other order, so a loop `for X_batch, y_batch in ...` gets the labels as "
                             "its inputs. Yield X[idx], y[idx]."))
        fail(f"{label}: batch {i} holds X_batch of shape {xb.shape} and y_batch of shape {yb.shape}; "
             f"expected (k, {X.shape[1]}) and (k,): rows of X and their labels.")
    return batches, label


def _minibatch_problems(batches, label, X, y, batch_size):
    """The first broken promise of one epoch's batches, with its hint, or None.

    X[:, 0] holds each row's id and y - 1000 names each label's row (``_rows``).
    """
    n = len(X)
    sizes = [len(xb) for xb, _ in batches]
    expected = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    parts = [xb[:, 0] for xb, _ in batches]
    ids = np.concatenate(parts).astype(int) if batches else np.array([], int)
    found = rows.coverage(parts, n, batch_size)
    hint = f"\n{found.line()}" if found else ""
    if sum(sizes) < n and len(np.unique(ids)) == len(ids):
        return (f"{label} gave batches of sizes {sizes}, {sum(sizes)} points of {n}: the "
                f"{n - sum(sizes)} points left over after the full batches must come as a last, "
                f"smaller batch (expected sizes {expected})." + hint)
    if len(ids) != n or not np.array_equal(np.sort(ids), np.arange(n)):
        return (f"{label}: every point must appear exactly once per epoch; the batches hold "
                f"{len(ids)} rows, {len(np.unique(ids))} of them different, of the {n} points."
                # a draw with replacement leaves rows out; where none is left out it is no cause
                + (" Shuffle the indices once (rng.permutation(N)), then cut them into slices, rather "
                   "than drawing indices with replacement." if len(np.unique(ids)) < n else "") + hint)
    if sizes != expected:
        # the right batches and then one of no points: a range past the end (it shows when
        # batch_size divides N, where no smaller last batch is due)
        empty_last = sizes[:-1] == expected and sizes[-1] == 0
        short_first = len(expected) > 1 and sizes == [expected[-1], *expected[:-1]]
        # the full batches but the last, which takes the points left over too (5, 5, 5 + 3)
        merged = (n % batch_size > 0 and len(expected) > 2
                  and sizes == [*expected[:-2], expected[-2] + expected[-1]])
        return (f"{label} gave batches of sizes {sizes}; expected {expected}: batch_size points "
                "per batch, the points left over in a last, smaller batch."
                + (hint_line("fp.empty_batch", f"your batches are right, then one more of 0 points: the loop "
                             f"over the starts goes one step past the end (range(0, N + 1, batch_size) gives "
                             f"the start N = {n}, an empty slice); range(0, N, batch_size) stops there.")
                   if empty_last else "")
                + (hint_line("fp.batch_order", f"your short batch of the {n % batch_size} left over (N % "
                             "batch_size) comes first, then the full ones: the slices start at the "
                             "remainder. Start them at 0, range(0, N, batch_size), so that the short batch "
                             "is the last.")
                   if short_first else "")
                + (hint_line("fp.remainder_merged", f"your last batch holds {sizes[-1]} = {batch_size} + "
                             f"{n % batch_size} points: the {n % batch_size} left over (N % batch_size) are "
                             "put into the last full batch, where they form a last, smaller batch of their "
                             "own (cut at every start of range(0, N, batch_size), the last slice short).")
                   if merged else ""))
    for i, (xb, yb) in enumerate(batches):
        if xb.shape != (len(xb), X.shape[1]) or yb.shape != (len(xb),):
            return (f"{label}: batch {i} has X_batch {xb.shape} and y_batch {yb.shape}; expected "
                    f"({len(xb)}, {X.shape[1]}) and ({len(xb)},).")
    for i, (xb, yb) in enumerate(batches):
        if not np.array_equal(yb, y[xb[:, 0].astype(int)]):
            found = rows.pairs(parts, [np.asarray(b, dtype=float) - 1_000 for _, b in batches], n)
            return (f"{label}: in batch {i} the labels no longer match their rows: shuffle X and "
                    "y with the same permutation (index both with one array of indices)."
                    + (f"\n{found.line()}" if found else ""))
    return None


def _two_epochs(iterate_minibatches, X, y, batch_size, seed):
    """The row ids of two epochs drawn one after the other with one generator (as a training loop does)."""
    __tracebackhide__ = True
    student = without_data_globals(iterate_minibatches)

    def both(X, y, batch_size, rng):
        return [np.concatenate([np.asarray(xb)[:, 0] for xb, _ in student(X, y, batch_size, rng)])
                for _ in range(2)]

    both.__wrapped__ = iterate_minibatches
    return call_isolated(both, X, y, batch_size, np.random.default_rng(seed),
                         label=f"two epochs of iterate_minibatches(X, y, {batch_size}, rng)")


def _rows(n, rng=None):
    """X of shape (n, 2) whose first column is each row's id; labels y that identify the row."""
    second = rng.normal(size=n) if rng is not None else np.arange(n, dtype=float) ** 2
    return np.stack([np.arange(n, dtype=float), second], axis=1), 1_000 + np.arange(n)


def check_iterate_minibatches(iterate_minibatches):
    """Every point once per epoch, in batches of batch_size, shuffled by the rng given."""
    __tracebackhide__ = True
    X, y = _rows(23)
    batches, label = minibatch_epoch(iterate_minibatches, X, y, 5, 0)
    problem = _minibatch_problems(batches, label, X, y, 5)
    if problem:
        fail(problem)
    order = np.concatenate([xb[:, 0] for xb, _ in batches]).astype(int)
    unshuffled = rows.not_shuffled(order, "iterate_minibatches")
    expect_true(unshuffled is None,
                f"{label} returned the points in their original order: shuffle first (the spiral "
                "data is sorted by class, so unshuffled batches hold one class each)."
                + (f"\n{unshuffled.line()}" if unshuffled else ""))
    again, _ = minibatch_epoch(iterate_minibatches, X, y, 5, 0)
    expect_true(np.array_equal(np.concatenate([xb[:, 0] for xb, _ in again]).astype(int), order),
                f"{label} gave a different order on a second call with the same seed."
                + hint_line("fp.not_reproducible", "draw the shuffle from the rng argument "
                            "(rng.permutation), not from np.random: two generators made from the same "
                            "seed must give the same order."))
    other, label1 = minibatch_epoch(iterate_minibatches, X, y, 5, 1)
    expect_true(not np.array_equal(np.concatenate([xb[:, 0] for xb, _ in other]).astype(int), order),
                f"{label1} gave the same order as rng=np.random.default_rng(0): use the rng argument."
                + hint_line("fp.ignores_argument", "your order is the same for two generators of different "
                            "seeds: the rng argument has no effect. Shuffle with it (use the rng argument: "
                            "rng.permutation(N)), rather than with a generator of your own."))
    first, second = _two_epochs(iterate_minibatches, X, y, 5, 3)
    repeated = rows.same_order(first, second, "iterate_minibatches")
    expect_true(repeated is None, "iterate_minibatches(X, y, batch_size=5, rng), called twice with one "
                "rng = np.random.default_rng(3) as a training loop does, gave the same order both times."
                + (f"\n{repeated.line()}" if repeated else ""))
    for n, batch_size in ((7, 10), (6, 1), (12, 4)):
        X, y = _rows(n)
        batches, label = minibatch_epoch(iterate_minibatches, X, y, batch_size, 2)
        problem = _minibatch_problems(batches, label, X, y, batch_size)
        if problem:
            fail(problem)
    passed("iterate_minibatches", "every point once per epoch, batches of batch_size and the rest, "
                                  "shuffled by rng")


def spiral_accuracy(train, predict, hidden, lr, epochs, time_budget=SPIRAL_TIME_BUDGET):
    """Train on the lesson's spiral, score on the held-out set. Returns (accuracy, seconds)."""
    __tracebackhide__ = True
    acc, seconds, _ = _spiral_run(train, predict, hidden, lr, epochs, time_budget)
    return acc, seconds


def _spiral_run(train, predict, hidden, lr, epochs, time_budget=SPIRAL_TIME_BUDGET):
    """``spiral_accuracy`` and the run's history (whatever train returned as its second part)."""
    __tracebackhide__ = True
    X, y = data.seed_spiral()
    X_val, y_val = data.make_spiral(100, data.SEED_DATA["noise"], VALIDATION_SEED)
    label = f"train(X, y, X_val, y_val, hidden={hidden}, lr={lr}, epochs={epochs})"
    (params, history), seconds = call_within_budget(
        time_budget, ". Use fewer EPOCHS or HIDDEN units, and keep the loop vectorised (no Python "
        "loop over samples).", train, X, y, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs, label=label)
    X_test, y_test = data.heldout_spiral()
    labels = call(predict, np.array(X_test), params, label="predict(X_heldout, params)")
    expect_array(labels, "predict(X_heldout, params)", shape=y_test.shape, kind="any")
    return float(np.mean(labels.ravel() == y_test)), seconds, history


#: A run of the spiral target of at most this much work (HIDDEN x EPOCHS; 16 x 2,000 takes about 0.5 s)
#: may be re-run to prove why it fell short: the learning rate times each of LR_FACTORS, then the
#: epochs times each of EPOCH_FACTORS (at most 9 runs' worth of work, about 6 s, in a failing cell).
#: Work, not seconds, so that whether the proof is tried does not depend on the machine's load.
RERUN_WORK = 40_000
LR_FACTORS = (2, 4, 10)
EPOCH_FACTORS = (2, 4)


def _short_run_cause(train, predict, hidden, lr, epochs, threshold) -> tuple[str, str] | None:
    """(mistake id, text) when the student's own train, re-run with a larger learning rate or more
    epochs (the other settings theirs), reaches the target: a run too timid, proven by that run."""
    runs = [("fp.lr_too_small", (hidden, k * lr, epochs), f"LR = {k * lr:g} ({k} times yours)")
            for k in LR_FACTORS]
    runs += [("fp.too_few_epochs", (hidden, lr, k * epochs), f"EPOCHS = {k * epochs} ({k} times yours)")
             for k in EPOCH_FACTORS]
    for mistake_id, run, words in runs:
        try:
            acc, _ = spiral_accuracy(train, predict, *run, time_budget=SPIRAL_TIME_BUDGET)
        except (AssertionError, NotImplementedError, TypeError, ValueError):
            continue
        if acc >= threshold:
            rest = f"LR = {lr:g}" if mistake_id == "fp.too_few_epochs" else f"EPOCHS = {epochs}"
            remedy = "raise LR." if mistake_id == "fp.lr_too_small" else "train for more epochs."
            return mistake_id, (f"Your own train with {words}, {rest} and HIDDEN = {hidden} reaches "
                                f"{acc:.3f} >= {threshold:.2f}: with yours the run is too short to get "
                                f"there; {remedy}")
    return None


def check_spiral_accuracy(train, predict, HIDDEN, LR, EPOCHS, threshold=SPIRAL_THRESHOLD):
    """The student's train, with their hyperparameters, reaches the held-out accuracy target.

    Short of it, the loss curve says what it shows (``sequences.loss_curve``); a curve still
    falling in a short run is re-run with the learning rate times each of ``LR_FACTORS``, then
    the epochs times each of ``EPOCH_FACTORS``, to prove which would have reached the target.
    """
    __tracebackhide__ = True
    hidden, lr, epochs = check_hyperparameters(HIDDEN, LR, EPOCHS, announce=False)
    try:
        acc, seconds, history = _spiral_run(train, predict, hidden, lr, epochs)
    except Unfinished:
        raise
    except NotImplementedError as exc:  # train or predict (or a function of theirs) is still its stub
        tb = exc.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        names = tb.tb_frame.f_code.co_name
        raise Unfinished(f"The spiral target trains your train and scores with your predict, and {names} "
                         f"is still unfinished: it raises NotImplementedError (the stub's `raise "
                         f"NotImplementedError()`, or one left above your code). Write {names} in its cell "
                         "in 06_spiral_training.ipynb, run that cell, then run this cell again.") from None
    curve = loss_curve(history.get("loss", ()), f"history['loss'] with LR = {lr:g}, EPOCHS = {epochs}") \
        if acc < threshold and isinstance(history, dict) else None
    if curve and curve.mistake_ids == ("fp.still_falling",) and hidden * epochs <= RERUN_WORK:
        cause = _short_run_cause(train, predict, hidden, lr, epochs, threshold)
        if cause:  # one hint: what the curve is, then the cause the re-run proved
            curve = Diagnosis((*curve.mistake_ids, cause[0]), f"{curve.text} {cause[1]}")
    expect_true(acc >= threshold,
                f"Held-out accuracy {acc:.3f} is below the target {threshold:.2f} "
                f"(trained {seconds:.1f} s on make_spiral(150, 0.15, 42), scored on 10,000 "
                "unseen points). Try more epochs, a larger learning rate or more hidden units; "
                "watch the loss curve for divergence." + (f"\n{curve.line()}" if curve else ""))
    passed("spiral target", f"held-out accuracy {acc:.3f} >= {threshold:.2f} "
                            f"(Bayes ceiling about 0.745), trained in {seconds:.1f} s")


__all__ = [name for name in dir() if name.startswith("check_")]
