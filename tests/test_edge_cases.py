"""Edges of a blank's contract: hidden cases random draws never reach, and the hint that names them.

A function right on every ordinary hidden case and wrong on an edge (an integer array, (N, K)
arrays, class labels beyond 0/1, predictions of exactly 0 and 1, a deeper network's names, huge
logits, 11 layers, a point given as a list, tiny inputs) is told which edge, and what the notebook
asks there (``hidden.edge_failure``), in the kernel and in the grader alike. Each slip below is
made up here (none is an entry of a set of mistakes); each has a right answer that must pass and,
where one exists, a near miss wrong on ordinary inputs too, which must not be told of an edge.
The property tests of ``init_params`` (spreads of layers with few inputs) and ``train_val_split``
(the held-out count, an exact half, the defaults) are attacked the same way.
"""

import numpy as np
import pytest
from blanks import mistakes_of

from autograder import trusted
from autograder.checking import CheckFailed
from autograder.hidden import hidden_check
from solutions import forward_pass as FP
from solutions import losses as L
from solutions import training as T
from solutions import what_next as W

SEED = 3


def told(blank, fn, seed=SEED):
    """The mistake ids the in-kernel hidden check of BLANK names for FN (() when it passes)."""
    try:
        hidden_check(blank, fn, seed)
    except CheckFailed as exc:
        return exc.mistakes, str(exc)
    return (), ""


def _mse_rows(y, y_hat):
    return float(np.sum((np.ravel(y) - np.ravel(y_hat)) ** 2) / len(y))


def _accuracy_by_difference(y_true, y_pred):
    return float(1 - np.mean(np.abs(np.asarray(y_true) - np.asarray(y_pred))))


def _relu_kept_type(x):
    return x * (x > 0)


def _relu_grad_with_tolerance(x):
    return (x > 1e-6).astype(float)


def _bce_grad_eps_below(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=float)
    return (y_hat - np.reshape(y, y_hat.shape)) / (y_hat * (1 - y_hat) + eps) / y_hat.size


def _sgd_four_names(params, grads, lr):
    return {k: params[k] - lr * grads["d" + k] for k in ("W1", "b1", "W2", "b2") if k in params}


def _forward_inline_sigmoid(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = np.maximum(z1, 0.0)
    z2 = a1 @ params["W2"].T + params["b2"]
    return (np.exp(z2) / (1 + np.exp(z2)))[:, 0], {"z1": z1, "a1": a1, "z2": z2}


def _forward_deep_sorted(X, params, activation="relu"):
    names = sorted(k[1:] for k in params if k.startswith("W"))
    a, cache = X, {}
    for i, name in enumerate(names):
        z = a @ params["W" + name].T + params["b" + name]
        cache[f"z{i + 1}"] = z
        if i < len(names) - 1:
            a = np.maximum(z, 0.0) if activation == "relu" else 1 / (1 + np.exp(-z))
            cache[f"a{i + 1}"] = a
    return 1 / (1 + np.exp(-z[:, 0])), cache


@pytest.mark.parametrize("blank, slip, edge", [
    ("relu", _relu_kept_type, "edge.integer_input"),
    ("relu_grad", _relu_grad_with_tolerance, "edge.tiny_input"),
    ("mse", _mse_rows, "edge.several_columns"),
    ("accuracy", _accuracy_by_difference, "edge.class_labels"),
    ("binary_cross_entropy_grad", _bce_grad_eps_below, "edge.clipped_prediction"),
    ("sgd_step", _sgd_four_names, "edge.other_names"),
    ("forward", _forward_inline_sigmoid, "edge.huge_logits"),
])
def test_a_slip_only_an_edge_shows_is_told_that_edge(blank, slip, edge):
    ids, message = told(blank, slip)
    assert edge in ids, message
    assert "passes every ordinary hidden case" in message


def test_eleven_layers_tell_names_sorted_as_strings():
    ids, message = told("forward_deep", _forward_deep_sorted)
    assert "edge.many_layers" in ids, message


@pytest.mark.parametrize("blank, right", [
    ("relu", lambda x: np.maximum(x, 0.0)), ("relu_grad", lambda x: (np.asarray(x) > 0).astype(float)),
    ("mse", L.mse), ("accuracy", T.accuracy), ("binary_cross_entropy_grad", L.binary_cross_entropy_grad),
    ("sgd_step", lambda params, grads, lr: {k: v - lr * grads["d" + k] for k, v in params.items()}),
    ("forward", FP.forward), ("forward_deep", W.forward_deep),
])
def test_right_answers_pass_every_edge(blank, right, capsys):
    assert told(blank, right) == ((), "")
    assert "✓" in capsys.readouterr().out


def test_a_clip_of_its_own_size_is_right_where_eps_is_given():
    """The edge passes eps: a default of another size (1e-12) is the visible checks' to judge."""
    def bce_grad_other_default(y, y_hat, eps=1e-12):
        p = np.clip(np.asarray(y_hat, dtype=float), eps, 1 - eps)
        return (p - np.reshape(y, p.shape)) / (p * (1 - p)) / p.size

    assert told("binary_cross_entropy_grad", bce_grad_other_default) == ((), "")


def test_a_slip_wrong_on_ordinary_inputs_too_is_not_told_of_an_edge():
    ids, message = told("mse", lambda y, y_hat: 2 * _mse_rows(y, y_hat))
    assert ids or message
    assert not any(i.startswith("edge.") for i in ids), message


def test_the_grader_tells_the_same_edge_as_the_kernel():
    """Outside the kernel: the grader's judge on the student's outputs for the drawn cases."""
    call = trusted.HiddenCall("accuracy", SEED)
    cases, drawn = trusted.draw(call)
    outputs = [_accuracy_by_difference(*args, **kwargs) for args, kwargs in cases]
    from autograder.answers import encode
    message = trusted.judge(call, {"blank": "accuracy", "seed": SEED,
                                   "outputs": [encode(o) for o in outputs]}, drawn)
    assert message is not None and "[mistake: edge.class_labels]" in message
    right = [T.accuracy(*args, **kwargs) for args, kwargs in cases]
    assert trusted.judge(call, {"blank": "accuracy", "seed": SEED,
                                "outputs": [encode(o) for o in right]}, drawn) is None


def test_a_fan_in_counting_the_bias_is_caught_on_narrow_layers():
    def init_plus_one(n_in, n_hidden, n_out=1, seed=0):
        rng = np.random.default_rng(seed)
        return {"W1": rng.normal(0, np.sqrt(2 / (n_in + 1)), (n_hidden, n_in)), "b1": np.zeros(n_hidden),
                "W2": rng.normal(0, np.sqrt(2 / (n_hidden + 1)), (n_out, n_hidden)), "b2": np.zeros(n_out)}

    ids, message = told("init_params", init_plus_one)
    assert "fp.wrong_scale" in ids and "n_in + 1" in message, message
    assert told("init_params", FP.init_params) == ((), "")


def test_the_held_out_count_is_python_round_of_an_exact_half():
    def split_half_up(X, y, val_fraction=0.2, seed=0):
        idx = np.random.default_rng(seed).permutation(len(X))
        k = int(val_fraction * len(X) + 0.5)
        return X[idx[k:]], X[idx[:k]], y[idx[k:]], y[idx[:k]]

    ids, message = told("train_val_split", split_half_up)
    assert "fp.half_rounded_up" in ids, message
    assert told("train_val_split", T.train_val_split) == ((), "")


def test_a_split_default_retyped_is_caught_by_a_call_that_leaves_it():
    def split_quarter(X, y, val_fraction=0.25, seed=0):
        return T.train_val_split(X, y, val_fraction, seed)

    ids, message = told("train_val_split", split_quarter)
    assert "defaults" in message and "fp.default_differs" in ids, message


# --------------------------------------------------------------------------
# Three fingerprints the fifteenth set's silent list showed missing (session 26)
# --------------------------------------------------------------------------

def test_a_zero_d_array_for_an_int_is_named():
    def perceptron_where(x, w, b):
        return np.where(np.dot(w, np.asarray(x)) + b >= 0, 1, 0)

    ids, message = mistakes_of("perceptron", perceptron_where)
    assert "fp.zero_d_array" in ids, message


def test_a_difference_kept_by_its_sign_alone_is_named():
    def mse_grad_sign(y, y_hat):
        return np.sign(y_hat - y) / y_hat.size

    ids, message = mistakes_of("mse_grad", mse_grad_sign)
    assert "fp.sign_only" in ids, message
    # a factor keeps the sizes: named as a factor, not as a sign
    ids, message = mistakes_of("mse_grad", lambda y, y_hat: 3 * L.mse_grad(y, y_hat))
    assert "fp.sign_only" not in ids, message


def test_a_uniform_draw_of_the_right_spread_is_named_by_its_kurtosis():
    def init_he_uniform(n_in, n_hidden, n_out=1, seed=0):
        rng = np.random.default_rng(seed)
        a1, a2 = np.sqrt(6 / n_in), np.sqrt(6 / n_hidden)
        return {"W1": rng.uniform(-a1, a1, (n_hidden, n_in)), "b1": np.zeros(n_hidden),
                "W2": rng.uniform(-a2, a2, (n_out, n_hidden)), "b2": np.zeros(n_out)}

    ids, message = mistakes_of("init_params", init_he_uniform)
    assert "fp.uniform_for_normal" in ids, message


def test_a_tuple_of_arrays_is_not_told_to_be_wrapped():
    """np.array(...) of (out, cache) stacks them: the fix is for a container of numbers only."""
    ids, message = mistakes_of("relu", lambda x: (np.maximum(x, 0.0), x))
    assert "fp.tuple_for_array" in ids and "gives no array of the shape" in message, message
    ids, message = mistakes_of("relu", lambda x: [max(v, 0.0) for v in np.ravel(x)])
    assert "fp.python_list" in ids and "tuple_for_array" not in message, message


# --------------------------------------------------------------------------
# The wrong hints J26a found on the fifteenth set, mended in their mechanisms (session 26)
# --------------------------------------------------------------------------

def test_indices_from_np_where_are_named_by_their_axis_not_by_a_size():
    def grad_rows_for_labels(Y, Z):
        P = L.softmax(np.asarray(Z, dtype=float))
        rows = np.nonzero(np.asarray(Y))[0]
        P[np.arange(len(P)), rows] -= 1.0
        return P / len(P)

    ids, message = mistakes_of("softmax_cross_entropy_grad", grad_rows_for_labels)
    assert "fp.where_axis" in ids and "one entry too small" not in message, message


def test_a_missing_a0_names_x_as_the_first_layers_input():
    def backward_deep_reads_a0(X, y, params, cache, activation="relu"):
        layers = len(params) // 2
        dz = (1 / (1 + np.exp(-cache[f"z{layers}"])) - np.reshape(y, (-1, 1))) / len(X)
        grads = {}
        for layer in range(layers, 0, -1):
            grads[f"dW{layer}"] = dz.T @ cache[f"a{layer - 1}"]
            grads[f"db{layer}"] = dz.sum(axis=0)
            if layer > 1:
                dz = (dz @ params[f"W{layer}"]) * (cache[f"z{layer - 1}"] > 0)
        return grads

    ids, message = mistakes_of("backward_deep", backward_deep_reads_a0)
    assert "fp.off_by_one" in ids and "input is X itself" in message, message


def test_a_last_layer_missing_names_the_count_as_well_as_the_loop():
    def backward_deep_counts_cache(X, y, params, cache, activation="relu"):
        short = {k: v for k, v in params.items() if k[1:] != str(len(params) // 2)}
        return {k: v for k, v in W.backward_deep(X, y, params, cache, activation).items()
                if k[2:] != str(len(params) // 2)} if short else {}

    ids, message = mistakes_of("backward_deep", backward_deep_counts_cache)
    assert "fp.off_by_one" in ids and "one too small" in message and "one step short" in message, message


# --------------------------------------------------------------------------
# Kinds of slip the fifteenth set showed without a hint, named in general (session 26)
# --------------------------------------------------------------------------

def test_an_array_method_on_a_list_point_is_named():
    ids, message = mistakes_of("perceptron", lambda x, w, b: int(x.dot(w) + b >= 0))
    assert "err.list_attribute" in ids and "np.asarray" in message, message


def test_a_signature_that_takes_other_arguments_is_named():
    def xor_of_two(x1, x2):
        return int((x1 or x2) and not (x1 and x2))

    ids, message = mistakes_of("xor", xor_of_two)
    assert "err.signature" in ids, message
    # an arity error inside the student's own code is not the signature's
    def xor_calls_badly(x):
        return int(np.logical_xor(*x, 0, 1, 2))

    ids, _ = mistakes_of("xor", xor_calls_badly)
    assert "err.signature" not in ids


def test_keys_in_another_librarys_names_and_an_extra_key_are_named():
    from autograder.dict_keys import key_hint

    renamed = key_hint(["loss", "accuracy", "val_loss", "val_accuracy"],
                       ["loss", "val_loss", "acc", "val_acc"])
    assert renamed.mistake_ids == ("fp.key_renamed",) and "'val_accuracy' for 'val_acc'" in renamed.text
    extra = key_hint(["W1", "b1", "seed"], ["W1", "b1"])
    assert extra.mistake_ids == ("fp.key_extra",) and "'seed'" in extra.text
    # two missing keys one extra name could stand for: no pairing is proven
    unproven = key_hint(["accuracy"], ["acc", "accu"])
    assert unproven is None or unproven.mistake_ids != ("fp.key_renamed",)
    # layers are the numbering's to tell
    assert (key_hint(["W1", "W12"], ["W1", "W2"]) or extra).mistake_ids != ("fp.key_renamed",)


def test_a_number_for_a_one_entry_array_and_the_reverse_are_named():
    def init_scalar_b2(n_in, n_hidden, n_out=1, seed=0):
        return {**FP.init_params(n_in, n_hidden, n_out, seed), "b2": 0.0}

    ids, message = mistakes_of("init_params", init_scalar_b2)
    assert "fp.number_for_array" in ids, message

    def train_perceptron_array_bias(X, y, lr=1.0, epochs=20):
        from solutions.perceptron import train_perceptron
        w, b, errors = train_perceptron(X, y, lr, epochs)
        return w, np.array([b]), errors

    ids, message = mistakes_of("train_perceptron", train_perceptron_array_bias)
    assert "fp.array_for_number" in ids, message


def test_a_list_of_rows_is_told_to_be_stacked():
    """J26b: a list of the rows of the array asked for is fixed by stacking them; where the check does
    not know the shape (a split's parts), neither hint is proven, and none is given."""
    from solutions.backprop import backward

    def backward_rows_listed(X, y, params, cache):
        grads = backward(X, y, params, cache)
        return {**grads, "dW1": list(grads["dW1"])}

    ids, message = mistakes_of("backward", backward_rows_listed)
    assert "fp.python_list" in ids and "stack them" in message and "tuple_for_array" not in message, message

    def split_in_lists(X, y, val_fraction=0.2, seed=0):
        return tuple(list(part) for part in T.train_val_split(X, y, val_fraction, seed))

    ids, message = mistakes_of("train_val_split", split_in_lists)
    assert "fp.tuple_for_array" not in ids, message


def test_the_left_over_points_merged_into_the_last_batch_are_named():
    def batches_merged(X, y, batch_size, rng):
        idx = rng.permutation(len(X))
        starts = list(range(0, len(X) - batch_size + 1, batch_size))
        for i, start in enumerate(starts):
            stop = len(X) if i == len(starts) - 1 else start + batch_size
            yield X[idx[start:stop]], y[idx[start:stop]]

    ids, message = mistakes_of("iterate_minibatches", batches_merged)
    assert "fp.remainder_merged" in ids, message


def test_one_family_of_keys_numbered_off_by_one_is_named():
    from autograder.dict_keys import key_hint

    found = key_hint(["z1", "a0", "z2", "a1", "z3"], ["z1", "a1", "z2", "a2", "z3"], "cache")
    assert found.mistake_ids == ("fp.off_by_one",) and "'a0' for 'a1'" in found.text
    # both families moved is the numbering from 0, told in its own words
    both = key_hint(["z0", "a0", "z1"], ["z1", "a1", "z2"], "cache")
    assert "numbered from 0" in both.text


def test_a_held_out_count_that_changes_with_the_seed_is_named():
    def split_by_mask(X, y, val_fraction=0.2, seed=0):
        held = np.random.default_rng(seed).random(len(X)) < val_fraction
        return X[~held], X[held], y[~held], y[held]

    ids, message = mistakes_of("train_val_split", split_by_mask)
    assert "fp.random_count" in ids, message


def test_a_layer_of_zeros_is_named_as_zeros_with_no_warning(recwarn):
    def init_deep_zero_last(layer_sizes, seed=0):
        params = W.init_deep_params(layer_sizes, seed)
        last = len(layer_sizes) - 1
        return {**params, f"W{last}": np.zeros_like(params[f"W{last}"])}

    ids, message = mistakes_of("init_deep_params", init_deep_zero_last)
    assert "fp.zeros" in ids, message
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


@pytest.mark.parametrize("blank, relative", [
    ("leaky_relu", lambda x, alpha=0.1: np.where(x >= 0, x, alpha * np.expm1(np.minimum(x, 0)))),
    ("relu", lambda x: np.logaddexp(0.0, x)),
    ("relu", lambda x: x * (0.5 * (1 + np.tanh(x / 2)))),
    ("leaky_relu_grad", lambda x, alpha=0.1: np.where(x >= 0, 1.0, alpha * np.exp(np.minimum(x, 0)))),
])
def test_another_member_of_the_relu_family_is_named(blank, relative):
    ids, message = mistakes_of(blank, relative)
    assert "fp.wrong_activation" in ids and "ReLU family" in message, message


def test_a_balanced_accuracy_is_named():
    def balanced(y_true, y_pred):
        t, p = np.ravel(y_true), np.ravel(y_pred)
        return float(np.mean([np.mean(p[t == c] == c) for c in np.unique(t)]))

    ids, message = mistakes_of("accuracy", balanced)
    assert "fp.balanced_accuracy" in ids, message
    assert mistakes_of("accuracy", lambda t, p: float(np.mean(np.ravel(t) == np.ravel(p))) + 0.01)[0] \
        != ("fp.balanced_accuracy",)


def test_a_clip_with_its_bounds_exchanged_is_named():
    def bce_bounds_exchanged(y, y_hat, eps=1e-9):
        p = np.clip(np.ravel(y_hat), 1 - eps, eps)
        y = np.ravel(y)
        return float(np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p)))

    ids, message = mistakes_of("binary_cross_entropy", bce_bounds_exchanged)
    assert "fp.clip_bound_everywhere" in ids, message


def test_two_results_under_each_others_keys_are_named_in_both_checks():
    from solutions.backprop import backward

    def backward_swapped(X, y, params, cache):
        grads = backward(X, y, params, cache)
        return {**grads, "db1": grads["db2"], "db2": grads["db1"]}

    ids, message = mistakes_of("backward", backward_swapped)
    assert "fp.keys_exchanged" in ids, message
    ids, message = told("backward", backward_swapped)
    assert "fp.keys_exchanged" in ids, message
    # equal values under two keys prove nothing about which is which
    from autograder.dict_keys import exchanged_entries
    same = {"a": np.ones(2), "b": np.ones(2)}
    assert exchanged_entries(same, same) is None


def test_adams_eps_placed_elsewhere_is_named():
    def adam_eps_after_the_ratio(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        state = state or {"t": 0, "m": {k: np.zeros_like(v) for k, v in params.items()},
                          "v": {k: np.zeros_like(v) for k, v in params.items()}}
        t = state["t"] + 1
        m = {k: beta1 * state["m"][k] + (1 - beta1) * grads["d" + k] for k in params}
        v = {k: beta2 * state["v"][k] + (1 - beta2) * grads["d" + k] ** 2 for k in params}
        new = {k: params[k] - lr * (m[k] / (1 - beta1 ** t) / np.sqrt(v[k] / (1 - beta2 ** t)) + eps)
               for k in params}
        return new, {"t": t, "m": m, "v": v}

    ids, message = mistakes_of("adam_step", adam_eps_after_the_ratio)
    assert "adam.eps_placed" in ids, message


def _perceptron_trainer(update):
    """A train_perceptron whose update of (w, b) on each point is UPDATE(w, b, x, y, error, lr)."""
    def train(X, y, lr=1.0, epochs=20):
        X = np.asarray(X, dtype=float)
        w, b, errors = np.zeros(X.shape[1]), 0.0, []
        for _ in range(epochs):
            wrong = 0
            for x, target in zip(X, y, strict=True):
                err = target - (1 if w @ x + b >= 0 else 0)
                w, b = update(w, b, x, target, err, lr)
                wrong += err != 0
            errors.append(int(wrong))
        return w, float(b), errors
    return train


def test_a_bias_stepped_without_lr_is_named_from_two_learning_rates():
    train_bias_without_lr = _perceptron_trainer(lambda w, b, x, t, err, lr: (w + lr * err * x, b + err))
    ids, message = mistakes_of("train_perceptron", train_bias_without_lr)
    assert "fp.bias_without_lr" in ids, message


def test_a_penalty_factor_that_reaches_one_term_is_named():
    def loss_precedence(X, y, params, reg=0.0):
        loss, grads = W.softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        return loss - penalty + 0.5 * reg * np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2), grads

    ids, message = mistakes_of("softmax_classifier_loss", loss_precedence)
    assert "what_next.penalty_factors" in ids, message


def test_a_softmax_loop_that_writes_nothing_is_named_as_the_input_returned():
    def softmax_rebinding(z):
        z = np.asarray(z, dtype=float)
        for row in z:
            row = np.exp(row) / np.exp(row).sum()  # the slip: the name is rebound, z is untouched
        return z

    ids, message = mistakes_of("softmax", softmax_rebinding)
    assert "fp.returns_input" in ids, message


def test_a_mask_assignment_of_a_whole_array_is_named():
    def leaky_masked(x, alpha=0.1):
        x = np.array(x, dtype=float)
        x[x < 0] = alpha * x
        return x

    ids, message = mistakes_of("leaky_relu", leaky_masked)
    assert "err.mask_assignment" in ids, message


def test_every_weight_times_every_input_is_named():
    ids, message = mistakes_of("perceptron", lambda x, w, b: 1 if np.outer(w, x).sum() + b >= 0 else 0)
    assert "fp.every_pair" in ids, message


def test_a_weight_decay_added_to_the_gradients_is_named_with_its_size():
    from solutions.backprop import backward

    def backward_decayed(X, y, params, cache):
        grads = backward(X, y, params, cache)
        return {**grads, "dW1": grads["dW1"] + 0.01 * params["W1"], "dW2": grads["dW2"] + 0.01 * params["W2"]}

    ids, message = mistakes_of("backward", backward_decayed)
    assert "fp.weight_decay" in ids and "0.01" in message, message


def test_an_edge_names_the_entries_it_fails_at_and_a_cause_only_where_its_values_show_it():
    _, message = told("relu_grad", _relu_grad_with_tolerance)
    assert "fails at the inputs 1e-07, 3e-12 and 1e-300, and is right at the others" in message, message
    _, message = told("mse", _mse_rows)
    assert "K = 3 times that" in message, message

    def mse_halved_on_columns(y, y_hat):
        y, y_hat = np.asarray(y, dtype=float), np.asarray(y_hat, dtype=float)
        return L.mse(y, y_hat) / (2 if y.ndim == 2 else 1)

    ids, message = told("mse", mse_halved_on_columns)
    assert "edge.several_columns" in ids and "K = 3 times" not in message, message


def test_a_weight_step_times_the_label_is_not_told_as_a_step_left_out():
    train_label_for_input = _perceptron_trainer(
        lambda w, b, x, t, err, lr: (w + lr * err * t, b + lr * err))  # made up: the label where x belongs
    ids, message = mistakes_of("train_perceptron", train_label_for_input)
    assert "fp.weights_not_stepped" in ids and "the label y where the input x belongs" in message, message
