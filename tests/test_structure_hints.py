"""Hints of structure, loops and returns: a dict's keys, a reduction over every axis, a generator that
returns, a sequence of the wrong length by a factor, a history frozen in every epoch, a float constant.

Every mechanism is tried on made-up functions (none is an entry of any set of mistakes): a
slip it must name, a near miss it must not, and a right answer written differently that
must pass with no hint. The checks run in this process, on their small stored cases.
"""

import numpy as np
import pytest
from blanks import call_failure as failure
from blanks import mistakes_of, run_check

from autograder.checking import CheckFailed, expect_array, expect_int
from autograder.diagnosis import size_for_size
from autograder.dict_keys import key_hint
from autograder.generators import returned_batch
from autograder.reductions import not_reduced, one_number, reshaped
from autograder.sequences import frozen_history, length_factor
from solutions.activations import sigmoid
from solutions.backprop import backward, sgd_step
from solutions.forward_pass import forward, init_params
from solutions.losses import binary_cross_entropy
from solutions.training import accuracy


def passes(blank, impl, capsys):
    run_check(blank, impl)
    out = capsys.readouterr().out
    assert "✓" in out and "[mistake:" not in out


# --------------------------------------------------------------------------
# Dict keys
# --------------------------------------------------------------------------

CACHE = ("z1", "a1", "z2", "a2", "z3")
GRADS = ("dW2", "db2", "dW1", "db1")


def test_keys_in_another_case_are_named_pair_by_pair():
    found = key_hint(("Z1", "A1", "Z2", "A2", "Z3"), CACHE, "cache")
    assert found.mistake_ids == ("fp.key_case",) and "'Z1' for 'z1'" in found.text
    assert "case-sensitive" in found.text


def test_parameter_names_where_gradients_belong_are_the_d_prefix():
    found = key_hint(("W2", "b2", "W1", "b1"), GRADS, "grads")
    assert found.mistake_ids == ("fp.key_prefix",) and "'W1' for 'dW1'" in found.text


def test_the_first_layer_missing_is_a_loop_that_stops_short_of_it():
    found = key_hint(("dW2", "db2"), GRADS, "grads")
    assert found.mistake_ids == ("fp.off_by_one",) and "range(L, 1, -1)" in found.text
    assert "layer 1's dW1, db1 is missing" in found.text
    middle = key_hint(("dW3", "db3", "dW1", "db1"), ("dW3", "db3", "dW2", "db2", "dW1", "db1"), "grads")
    assert middle.mistake_ids == ("fp.missing_layer",) and "layer 2's dW2, db2 is missing" in middle.text


def test_a_cache_of_unequal_families_one_layer_short_or_numbered_from_0():
    short = key_hint(("z1", "a1", "z2", "a2"), CACHE, "cache")
    assert short.mistake_ids == ("fp.off_by_one",) and "the last layer's z3 is missing" in short.text
    assert "computed after the loop" in short.text  # the keys alone do not tell the loop's bound
    zero = key_hint(("z0", "a0", "z1", "a1", "z2"), CACHE, "cache")
    assert zero.mistake_ids == ("fp.off_by_one",) and "numbered from 0" in zero.text


def test_keys_that_match_no_slip_say_nothing():
    assert key_hint(("weights", "biases"), ("W1", "b1"), "params") is None
    assert key_hint(("Z1", "a1", "Z2", "x"), CACHE, "cache") is None  # one case, but also an unrelated key
    assert key_hint(("Z1", "A1", "Z2", "A2", "Z3", "x"), CACHE, "cache") is None  # every case, and one more
    assert key_hint(("z1", "a1", "z2", "a2", "z3", "a3"), CACHE, "cache") is None  # one extra, not a layer
    assert key_hint(CACHE[::-1], CACHE, "cache") is None  # the same keys in another order


def _renamed(fn, rename):
    def wrapped(*args, **kwargs):
        out = fn(*args, **kwargs)
        if isinstance(out, tuple):
            return (out[0], {rename(k): v for k, v in out[1].items()})
        return {rename(k): v for k, v in out.items()}
    return wrapped


def test_a_check_names_the_keys_it_finds_in_what_was_returned():
    found, text = mistakes_of("forward", _renamed(forward, str.upper))
    assert found == ("fp.key_case",) and "'Z1' for 'z1'" in text
    found, text = mistakes_of("backward", _renamed(backward, lambda k: k[1:]))
    assert found == ("fp.key_prefix",)


# --------------------------------------------------------------------------
# Reductions over every axis, an axis kept
# --------------------------------------------------------------------------

def _backward_with(db1):
    def backward_(X, y, params, cache):
        grads = backward(X, y, params, cache)
        n = X.shape[0]
        dz2 = (sigmoid(cache["z2"]) - np.asarray(y, dtype=np.float64).reshape(-1, 1)) / n
        dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
        return {**grads, "db1": db1(dz1)}
    return backward_


def test_a_sum_over_every_axis_is_one_number_proven_the_total():
    found, text = mistakes_of("backward", _backward_with(np.sum))
    assert found == ("fp.all_axes",) and "the sum of every entry" in text and "grads['db1']" in text


def test_a_total_of_the_expected_entries_names_both_fixes_and_an_unproven_number_no_axis():
    """The sum of every expected entry: a reduction of the batch (keep an axis) or of the result
    itself (drop it); which one, the number cannot tell. Any other number: no fix is claimed."""
    expected = np.array([0.5, -1.5, 2.0, 0.25])
    total = one_number(np.float64(expected.sum()), (4,), "mse_grad(y_hat, y)", expected)
    assert total.mistake_ids == ("fp.all_axes",)
    assert "axis=0" in total.text and "the result keeps its 4 entries: take the reduction out" in total.text
    assert "np.mean, which also divides by the count" in total.text  # mean(N * e) is sum(e) too
    other = one_number(np.float64(3.0), (4,), "predict(y_hat)", expected)
    assert other.mistake_ids == ("fp.all_axes",) and "np.argmax" in other.text
    assert "axis=0" not in other.text  # how it was made is not proven


def test_one_number_where_one_entry_belongs_is_right_but_a_scalar():
    found = one_number(np.float64(0.25), (1,), "db2", np.array([0.25]))
    assert found.mistake_ids == ("fp.all_axes",) and "the right value" in found.text
    assert one_number(np.float64(0.3), (1,), "db2", np.array([0.25])) is None  # one wrong number: nothing
    assert one_number(np.ones(3), (3,), "db1") is None  # an array is no number


def test_right_values_with_an_axis_kept_keep_the_shapes_own_hint():
    found, text = mistakes_of("backward", _backward_with(lambda d: d.sum(axis=0, keepdims=True)))
    assert found == ("fp.kept_batch_axis",) and "holds the expected values, entry for entry" in text


def test_wrong_values_in_another_shape_are_not_called_right():
    assert reshaped(np.array([[1.0, 2.0, 3.0]]), (3,), "db1", np.array([1.0, 2.0, 4.0])) is None
    _, text = mistakes_of("backward", _backward_with(lambda d: 2 * d.sum(axis=0, keepdims=True)))
    assert "holds the expected values" not in text


def test_a_bias_gradient_written_with_einsum_passes(capsys):
    passes("backward", _backward_with(lambda d: np.einsum("nh->h", d)), capsys)


# --------------------------------------------------------------------------
# A generator blank that returns
# --------------------------------------------------------------------------

def _returns_first_batch(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]
        return X[rows], y[rows]


def _returns_everything(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    return X[order], y[order]


def _list_of_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    return [(X[order[s:s + batch_size]], y[order[s:s + batch_size]]) for s in range(0, len(X), batch_size)]


def test_a_return_inside_the_loop_hands_out_the_first_batch_only():
    found, text = mistakes_of("iterate_minibatches", _returns_first_batch)
    assert found == ("fp.return_for_yield",) and "a batch of 5 of the 23 points" in text
    assert "a `return` inside the loop" in text


def test_all_the_points_returned_at_once_is_no_generator_either():
    found, text = mistakes_of("iterate_minibatches", _returns_everything)
    assert found == ("fp.return_for_yield",) and "all 23 points" in text


def test_a_pair_of_other_rows_proves_nothing():
    X, y = np.arange(10.0).reshape(5, 2), np.arange(5)
    assert returned_batch((X[:2] + 0.5, y[:2]), (X, y), 2, _returns_first_batch, "f") is None
    assert returned_batch((X[:2], y[[1, 0]]), (X, y), 2, _returns_first_batch, "f") is None  # labels swapped
    assert returned_batch(iter([(X[:2], y[:2])]), (X, y), 2, _returns_first_batch, "f") is None


def test_a_list_of_every_batch_is_iterable_and_passes(capsys):
    passes("iterate_minibatches", _list_of_batches, capsys)


# --------------------------------------------------------------------------
# Sequences of the wrong length by a factor; a history frozen in every epoch
# --------------------------------------------------------------------------

SEQ = np.linspace(0.9, 0.2, 300) ** 1.5


def test_one_entry_every_k_epochs_is_named_with_its_epochs():
    found = length_factor(SEQ[::100], SEQ, "history['loss']")
    assert found.mistake_ids == ("fp.length_factor",) and "epochs 0, 100, 200" in found.text
    late = length_factor(SEQ[99::100], SEQ, "history['loss']")
    assert "epochs 99, 199, 299" in late.text and "(epoch + 1) % 100 == 0" in late.text


def test_k_entries_per_epoch_proven_or_stated_from_the_length():
    twice = length_factor(np.repeat(SEQ, 2), SEQ, "losses")
    assert twice.mistake_ids == ("fp.length_factor",) and "recorded 2 times" in twice.text
    per_batch = length_factor(np.random.default_rng(0).random(1200), SEQ, "losses")
    assert "exactly 4 per epoch" in per_batch.text


def test_one_entry_for_a_run_is_the_first_epochs_with_both_causes_named():
    found = length_factor(SEQ[:1], SEQ, "history['loss']")
    assert found.mistake_ids == ("fp.length_factor",) and "the expected one of epoch 0" in found.text
    assert "only at epoch 0" in found.text and "ends after its first epoch" in found.text
    assert length_factor(SEQ[1:2], SEQ) is None  # one entry, not the first epoch's: nothing proven


def test_the_first_epochs_only_name_the_bound_and_an_early_break_alike():
    found = length_factor(SEQ[:6], SEQ, "errors")
    assert found.mistake_ids == ("fp.length_factor",) and "epochs 0 to 5" in found.text
    assert "range(epochs)" in found.text and "`break`" in found.text


def test_lengths_and_entries_of_no_factor_say_nothing():
    assert length_factor(SEQ[::100] + 0.01, SEQ) is None  # the length of a factor, other entries
    assert length_factor(np.ones(450), SEQ) is None  # 1.5 entries per epoch
    assert length_factor(SEQ[:-1], SEQ) is None  # one short: off_by_one's


def test_a_loss_recorded_once_for_every_epoch_is_frozen():
    found = frozen_history(np.full(300, SEQ[0]), SEQ, "history['loss']", updates_right=True)
    assert found.mistake_id == "fp.constant" and "in all 300 epochs" in found.hint
    assert "the initial parameters'" in found.hint and "so the updates happen" in found.hint
    assert frozen_history(SEQ * 2, SEQ, "history['loss']") is None  # it changes: not frozen
    # one number, but not the first epoch's (an accuracy 0 throughout): other causes, no claim
    assert frozen_history(np.zeros(300), SEQ, "history['acc']") is None
    # the expected entries are one number too: nothing to tell
    assert frozen_history(np.full(3, 0.5), np.full(3, 0.5), "history['acc']") is None


def _train_with(record_every=1, frozen=False, dropped=False):
    def train(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
        params = init_params(X.shape[1], hidden, 1, seed=seed)
        history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
        first = forward(X, params)[0], forward(X_val, params)[0]
        for epoch in range(epochs):
            y_hat = forward(X, params)[0]
            y_hat_val = forward(X_val, params)[0]
            if frozen:
                y_hat, y_hat_val = first
            if epoch % record_every == 0:
                history["loss"].append(binary_cross_entropy(y, y_hat))
                history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
                history["acc"].append(accuracy(y, y_hat >= 0.5))
                history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
            step = sgd_step(params, backward(X, y, params, forward(X, params)[1]), lr)
            params = params if dropped else step
        return params, history
    return train


def test_the_training_check_names_a_history_of_every_tenth_epoch():
    found, text = mistakes_of("train", _train_with(record_every=10))
    assert found == ("fp.length_factor",) and "epochs 0, 10, 20" in text


def test_the_training_check_names_a_loss_computed_before_the_loop():
    found, text = mistakes_of("train", _train_with(frozen=True))
    assert "fp.constant" in found and "so the updates happen" in text


def test_an_update_whose_result_is_dropped_freezes_the_history_and_the_parameters():
    found, text = mistakes_of("train", _train_with(dropped=True))
    assert "fp.constant" in found and "assigned back" in text


def test_a_training_loop_written_with_epoch_counters_passes(capsys):
    passes("train", _train_with(record_every=1), capsys)


# --------------------------------------------------------------------------
# A float constant where a whole number belongs
# --------------------------------------------------------------------------

EPOCHS_AS_FLOAT = 3e2


def _loop(X, epochs=EPOCHS_AS_FLOAT):
    out = []
    for epoch in range(epochs):
        out.append(epoch)
    return out


def test_a_float_count_names_the_notebook_constant_it_came_from():
    found = failure(_loop, np.ones(3))
    assert found.mistakes == ("err.float_index",)
    assert "your notebook's EPOCHS_AS_FLOAT = 300.0" in str(found) and "set it as an int (300" in str(found)


def test_a_float_count_computed_in_the_function_names_no_constant():
    def loop(X):
        n = len(X) / 2
        return list(range(n))

    found = failure(loop, np.ones(4))
    assert found.mistakes == ("err.float_index",) and "notebook's" not in str(found)


def test_a_whole_float_where_an_int_count_belongs_is_told_to_be_written_as_an_int():
    with pytest.raises(CheckFailed) as info:
        expect_int(849.0, "EPOCHS", allowed=range(1, 50_001), chosen=True)
    assert info.value.mistakes == ("err.float_index",) and "Write EPOCHS = 849" in str(info.value)
    with pytest.raises(CheckFailed) as info:
        # not a whole number: no count to write
        expect_int(2.5, "EPOCHS", allowed=range(1, 50_001), chosen=True)
    assert info.value.mistakes == ()


# --------------------------------------------------------------------------
# A layer fed another array, another layer's bias; parts returned in another order
# --------------------------------------------------------------------------

def _layer(a, W, b):
    return a @ W.T + b


def _forward_with(z1_from, z2_from, order=("y_hat", "cache")):
    """A forward pass whose layers take their operands from the given functions of the arrays."""
    def forward_(X, params):
        arrays = {"X": X, **params}
        z1 = z1_from(arrays)
        a1 = np.maximum(z1, 0.0)
        arrays.update(z1=z1, a1=a1)
        z2 = z2_from(arrays)
        parts = {"y_hat": sigmoid(z2).ravel(), "cache": {"z1": z1, "a1": a1, "z2": z2}}
        return tuple(parts[name] for name in order)
    return forward_


RIGHT_Z1 = lambda v: _layer(v["X"], v["W1"], v["b1"])
RIGHT_Z2 = lambda v: _layer(v["a1"], v["W2"], v["b2"])


@pytest.mark.parametrize("z1_from, z2_from, mistake, words", [
    (RIGHT_Z1, lambda v: _layer(v["z1"], v["W2"], v["b2"]), "fp.missing_activation", "computed from z1"),
    (RIGHT_Z1, lambda v: _layer(v["a1"], v["W2"], v["b1"]), "fp.wrong_operand", "z2 adds b1"),
    (lambda v: _layer(v["X"], v["W1"], v["b2"]), RIGHT_Z2, "fp.wrong_operand", "z1 adds b2"),
])
def test_a_layer_fed_another_array_or_bias_is_named(z1_from, z2_from, mistake, words):
    found, text = mistakes_of("forward", _forward_with(z1_from, z2_from))
    assert found == (mistake,) and words in text, text


def test_values_returned_in_another_order_are_named_by_their_kinds():
    found, text = mistakes_of("forward", _forward_with(RIGHT_Z1, RIGHT_Z2, order=("cache", "y_hat")))
    assert found == ("fp.return_order",) and "you return (cache, y_hat)" in text, text


def test_a_forward_pass_with_einsum_layers_passes(capsys):
    def forward_(X, params):
        z1 = np.einsum("nd,hd->nh", X, params["W1"]) + params["b1"]
        a1 = np.where(z1 > 0, z1, 0.0)
        z2 = np.einsum("nh,oh->no", a1, params["W2"]) + params["b2"]
        return sigmoid(z2)[:, 0], {"z1": z1, "a1": a1, "z2": z2}

    passes("forward", forward_, capsys)


def test_a_perceptron_returning_errors_first_is_told_the_order():
    from solutions.perceptron import train_perceptron

    def train_(X, y, lr=1.0, epochs=20):
        w, b, errors = train_perceptron(X, y, lr=lr, epochs=epochs)
        return errors, b, w

    found, text = mistakes_of("train_perceptron", train_)
    assert found == ("fp.return_order",) and "you return (errors, b, w)" in text, text


def test_an_optimizer_step_returning_its_pair_exchanged_is_told_by_values_or_keys():
    from solutions.what_next import adam_step, momentum_step

    def momentum_(params, grads, velocity, lr, beta=0.9):
        new, vel = momentum_step(params, grads, velocity, lr, beta=beta)
        return vel, new  # the same keys: only the values tell

    def adam_(params, grads, state, lr=0.01, **kwargs):
        new, out = adam_step(params, grads, state, lr=lr, **kwargs)
        return out, new  # the keys tell

    found, text = mistakes_of("momentum_step", momentum_)
    assert found == ("fp.return_order",) and "you return (velocity, params)" in text, text
    found, text = mistakes_of("adam_step", adam_)
    assert found == ("fp.return_order",) and "you return (state, params)" in text, text


# --------------------------------------------------------------------------
# An array where one number belongs; an axis made with another size of the call
# --------------------------------------------------------------------------

def _mse_values(y, y_hat):
    return (np.asarray(y, dtype=float).ravel() - np.asarray(y_hat, dtype=float).ravel()) ** 2


def test_an_unreduced_loss_is_proven_by_the_mean_of_its_entries():
    found, text = mistakes_of("mse", _mse_values)
    assert found == ("fp.kept_batch_axis",) and "their mean is the right number" in text


def test_entries_whose_sum_is_the_number_say_sum_and_others_say_nothing():
    y_hat = np.array([0.2, 0.9, 0.4])
    expected = float(np.mean((y_hat - 1) ** 2))
    assert "their sum" in not_reduced((y_hat - 1) ** 2 / 3, "mse(y, y_hat)", expected).text
    assert not_reduced((y_hat - 1) ** 2 * 2, "mse(y, y_hat)", expected) is None  # neither reduction
    assert not_reduced(np.full(4, 0.5), "mse(y, y_hat)", 0.5) is None  # one size: a coincidence
    assert not_reduced(np.array([0.0, 0.0]), "mse(y, y_hat)", 0.0) is None  # a 0 many slips give


def test_the_right_number_in_one_entry_is_a_shape_not_a_value():
    found = not_reduced(np.array([0.361]), "mse(y, y_hat)", 0.361)
    assert found.mistake_ids == ("fp.reshaped",) and "holds the right value" in found.text
    assert not_reduced(np.array([0.3]), "mse(y, y_hat)", 0.361) is None


def test_squeeze_is_named_for_a_batch_of_one_only_where_the_code_squeezes(capsys):
    def squeezed(X, params):
        y_hat, cache = forward(X, params)
        return y_hat.squeeze(), cache

    def indexed(X, params):
        y_hat, cache = forward(X, params)
        return y_hat[0] if len(y_hat) == 1 else y_hat, cache

    found, text = mistakes_of("forward", squeezed)
    assert found == ("fp.reshaped",) and ".squeeze() drops every axis of length 1" in text
    found, text = mistakes_of("forward", indexed)
    assert found == ("fp.reshaped",) and "the right value" in text and "squeeze" not in text
    assert "np.sum" not in text  # a product is no reduction to a scalar: never named for forward


def test_an_axis_made_with_another_named_size_names_both():
    def b2_like_b1(n_in, n_hidden, n_out=1, seed=0):
        params = init_params(n_in, n_hidden, n_out=n_out, seed=seed)
        return {**params, "b2": np.zeros(n_hidden)}

    found, text = mistakes_of("init_params", b2_like_b1)
    assert found == ("fp.wrong_size",) and "5 = n_hidden entries where n_out = 1 belong" in text


def test_a_length_two_sizes_share_or_two_axes_wrong_name_no_size():
    sizes = {"n_in": 3, "n_hidden": 5, "n_out": 3}
    assert size_for_size((3,), (5,), sizes, "b1") is None  # 3 is n_in and n_out: neither is named
    assert size_for_size((3, 2), (5, 3), {"a": 3, "b": 5}, "W") is None  # two axes differ
    assert size_for_size((7,), (5,), sizes, "b1") is None  # 7 is no size of the call
    found = size_for_size((5, 3), (2, 3), {"n_in": 3, "n_hidden": 5, "n_out": 2}, "W2")
    assert found.text.startswith("W2 has 5 = n_hidden entries along axis 0 where n_out = 2 belong")


def test_gradients_divided_by_every_entry_of_x_name_the_feature_count():
    def over_x_size(X, y, params, cache):
        grads = backward(X, y, params, cache)
        n, entries = X.shape[0], X.size
        return {k: v * n / entries for k, v in grads.items()}

    found, text = mistakes_of("backward", over_x_size)
    assert found == ("fp.over_size",) and "divided by X.shape[1]" in text


def test_np_max_for_np_maximum_is_named_by_the_axis_it_reduced(capsys):
    found, text = mistakes_of("relu", lambda x: np.max(x, 0))
    assert found == ("fp.wrong_function",) and "np.maximum(x, 0)" in text and "without axis 0" in text
    found, _ = mistakes_of("relu", lambda x: np.sum(np.maximum(x, 0), 0))  # no max or min: not named
    assert "fp.wrong_function" not in found
    passes("relu", lambda x: np.maximum(x, 0.0), capsys)


def test_keys_missing_with_none_extra_are_named_when_nothing_says_why():
    """backward returning dW1, dW2, db2 without db1 (eleventh set, blind: no hint): the fact the keys
    prove is said; a dict whose missing keys another key may stand for still says nothing."""
    said = key_hint(("dW1", "dW2", "db2"), ("dW1", "db1", "dW2", "db2"), "grads")
    assert said.mistake_ids == ("fp.key_missing",) and "'db1' is missing" in said.text, said
    assert key_hint(("dW1", "dW2", "db2", "grad_b1"), ("dW1", "db1", "dW2", "db2"), "grads") is None


def test_a_dtype_that_a_comparison_or_a_rounding_gives_is_named_as_a_hint():
    """relu_grad returning x > 0 uncast, predict returning np.round(y_hat) (eleventh set, blind: the
    message said it, with no hint line): each now names what the values are; a float array of
    fractions where labels belong is still called probabilities."""
    cases = [(np.array([True, False]), "float64", "fp.bool_dtype"),
             (np.array([True, False]), "int", "fp.bool_dtype"),
             (np.array([1.0, 0.0, 1.0]), "int", "fp.float_labels"),
             (np.array([0.2, 0.9, 0.6]), "int", "fp.probabilities_for_labels")]
    for got, kind, mistake in cases:
        with pytest.raises(CheckFailed) as failed:
            expect_array(got, "labels from f(x)", shape=got.shape, kind=kind)
        assert failed.value.mistakes == (mistake,), (got, kind, str(failed.value))
        assert "`labels`" in str(failed.value) or mistake == "fp.probabilities_for_labels"


def test_a_wrong_shaped_value_that_is_an_input_unchanged_is_named():
    """forward_deep caching a before it is computed from z (eleventh set, blind: a shape alone):
    cache['a1'] is X; an array of X's shape that is not X says nothing of the kind."""
    from solutions.what_next import forward_deep

    def cached_too_early(X, params, activation="relu"):
        _, cache = forward_deep(X, params)
        return forward_deep(X, params)[0], {**cache, "a1": X}

    found, text = mistakes_of("forward_deep", cached_too_early)
    assert found == ("fp.returns_input",) and "is the input X itself" in text, text

    def wrong_but_not_x(X, params, activation="relu"):
        _, cache = forward_deep(X, params)
        return forward_deep(X, params)[0], {**cache, "a1": X + 1.0}

    found, _ = mistakes_of("forward_deep", wrong_but_not_x)
    assert "fp.returns_input" not in found
