"""Hints from exceptions, sequences, seeds and aliasing: each names its slip when proven, and only then.

Every test of a hint has a silence test next to it: a near miss (another
exception, other shapes, a wrong but deterministic result, a step left out)
that must not get that hint. They run the real checks in this process, on
small stored cases.
"""

import numpy as np
import pytest
from blanks import call_failure as raised
from blanks import mistakes_of

from autograder.checking import not_reproducible
from autograder.error_hints import exception_hint
from autograder.sequences import off_by_one
from solutions import activations as A
from solutions import perceptron as P
from solutions import training as T
from solutions import what_next as W

# --------------------------------------------------------------------------
# Exceptions
# --------------------------------------------------------------------------

def test_an_if_on_an_array_is_the_ambiguous_truth_value():
    found, text = mistakes_of("relu_grad", lambda x: 1.0 if x > 0 else 0.0)
    assert found == ("err.array_truth",)
    assert "np.where" in text


def test_pythons_max_on_an_array_is_the_ambiguous_truth_value_too():
    assert raised(lambda x: max(x, 0.0), np.array([-1.0, 2.0])).mistakes == ("err.array_truth",)


def test_a_value_error_of_another_kind_gets_no_truth_value_hint():
    assert raised(lambda x: np.reshape(x, (3,)), np.array([1.0, 2.0])).mistakes == ()


def test_a_math_function_on_an_array_is_named_as_the_line_shows():
    import math

    on_math = raised(lambda x: math.exp(x), np.ones(3))
    on_float = raised(lambda x: float(x), np.ones(3))
    assert on_math.mistakes == on_float.mistakes == ("err.math_module",)
    assert "the math module takes a single number" in str(on_math)
    assert "float(), int()" in str(on_float) and "the math module takes" not in str(on_float)


def test_arithmetic_on_a_list():
    assert exception_hint(_exception(lambda: [1.0, 2.0] * 0.5))[0] == "err.list_arithmetic"
    assert exception_hint(_exception(lambda: [1.0, 2.0] / 2))[0] == "err.list_arithmetic"
    assert exception_hint(_exception(lambda: "a" / 2)) is None  # not a list: nothing proven


def _exception(thunk):
    try:
        thunk()
    except Exception as exc:  # the exception itself is what is judged
        return exc
    raise AssertionError("no exception")


def test_a_reduction_without_keepdims_is_proven_by_the_shapes():
    found = exception_hint(_exception(lambda: np.ones((5, 4)) / np.ones((5, 4)).sum(axis=1)))
    assert found[0] == "err.keepdims" and "(5, 4)" in found[1] and "(5,)" in found[1]


def test_shapes_that_are_no_reduction_get_the_shapes_alone():
    found = exception_hint(_exception(lambda: np.ones((3, 4)) + np.ones(2)))
    assert found[0] == "err.broadcast" and "keepdims" not in found[1] and "(3, 4) and (2,)" in found[1]


def _product(A_, B_):
    return A_ @ B_


@pytest.mark.parametrize("a, b, remedy", [
    ((5, 3), (4, 3), "A_ @ B_.T"),
    ((3, 5), (3, 4), "A_.T @ B_"),
])
def test_a_product_names_the_operands_and_the_transpose_that_fits(a, b, remedy):
    failure = raised(_product, np.ones(a), np.ones(b))
    assert failure.mistakes == ("err.matmul_shapes",)
    assert f"`A_` has shape {a}" in str(failure) and f"`{remedy}`" in str(failure)


def test_a_product_that_no_transpose_fixes_names_no_transpose():
    failure = raised(_product, np.ones((5, 3)), np.ones((2, 6)))
    assert failure.mistakes == ("err.matmul_shapes",) and ".T` has matching" not in str(failure)


def _dot_product(r_, s_):
    return np.dot(r_, s_)


def test_np_dot_of_two_columns_names_their_shapes_and_the_sum_of_products():
    """np.dot's own error text ("not aligned") is a product's too; before 2026-12-04 it had no hint."""
    failure = raised(_dot_product, np.ones((6, 1)), np.ones((6, 1)))
    assert failure.mistakes == ("err.matmul_shapes",), str(failure)
    assert "`r_` has shape (6, 1)" in str(failure) and "np.dot(a, b) of 2-d arrays" in str(failure)
    assert "np.sum(r_ * s_)" in str(failure)


def test_np_dot_of_unlike_matrices_gets_the_transpose_that_fits_not_the_columns_words():
    failure = raised(_dot_product, np.ones((5, 3)), np.ones((4, 3)))
    assert failure.mistakes == ("err.matmul_shapes",) and "`r_ @ s_.T`" in str(failure)
    assert "np.sum" not in str(failure)


def test_a_product_of_calls_is_not_evaluated_again_and_gets_the_rule():
    calls = []

    def f(x):
        calls.append(1)
        return np.ones(x)

    failure = raised(lambda: f((5, 3)) @ f((4, 2)))
    assert failure.mistakes == ("err.matmul_shapes",) and len(calls) == 2
    assert "`f((5, 3))` has shape" not in str(failure) and "print the shapes" in str(failure)
    assert "a.shape[-1] = 3, b.shape[0] = 4" in str(failure)


def _square_then_product(p, t, W_):
    d = p - t
    return d @ W_


def test_an_n_by_n_operand_next_to_flat_and_column_arrays_is_the_broadcast():
    failure = raised(_square_then_product, np.ones((6, 1)), np.arange(6.0), np.ones((1, 3)))
    assert failure.mistakes == ("err.square_broadcast",) and "`t` of shape (6,)" in str(failure)


def test_a_square_operand_without_the_flat_and_column_pair_is_no_broadcast():
    failure = raised(_square_then_product, np.ones((6, 6)), np.zeros((6, 6)), np.ones((1, 3)))
    assert failure.mistakes == ("err.matmul_shapes",)


def test_labels_left_flat_in_backward_deep_are_proven_by_a_retry_with_a_column():
    def backward_deep(X, y, params, cache, activation="relu"):
        L = len(params) // 2
        residual = A.sigmoid(cache[f"z{L}"]) - y  # y of shape (N,) makes it (N, N)
        back = residual @ params[f"W{L}"]  # fine for (N, 1) labels: (N, 1) @ (1, H)
        assert back.shape[0] == X.shape[0]
        return W.backward_deep(X, y, params, cache, activation)

    found, text = mistakes_of("backward_deep", backward_deep)
    assert found == ("fp.broadcast",) and "right for labels y of shape (N, 1)" in text


def test_a_backward_deep_that_fails_for_both_label_shapes_gets_no_label_hint():
    def backward_deep(X, y, params, cache, activation="relu"):
        return W.backward_deep(X, np.ravel(y), params, cache, activation) | {"dW1": cache["z1"] @ X}

    found, _ = mistakes_of("backward_deep", backward_deep)
    assert "fp.broadcast" not in found


# --------------------------------------------------------------------------
# Sequences one entry short or long
# --------------------------------------------------------------------------

SEQ = np.array([0.9, 0.7, 0.55, 0.5, 0.48])


@pytest.mark.parametrize("got, end", [(SEQ[:-1], "last"), (SEQ[1:], "first")])
def test_a_sequence_one_entry_short(got, end):
    found = off_by_one(got, SEQ, "history['loss']")
    assert found.mistake_ids == ("fp.off_by_one",) and f"without the {end}" in found.text


def test_a_sequence_one_entry_long():
    found = off_by_one(np.append(SEQ, 0.47), SEQ)
    assert found.mistake_ids == ("fp.off_by_one",) and "one iteration long" in found.text


@pytest.mark.parametrize("got", [SEQ[:-2], SEQ[:-1] * 1.01, np.full(4, 0.5)])
def test_other_lengths_other_entries_and_constants_are_not_off_by_one(got):
    assert off_by_one(got, SEQ if got.size != 4 or got[0] != 0.5 else np.full(5, 0.5)) is None


def test_a_training_loop_one_epoch_short_is_named():
    def train(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
        return T.train(X, y, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs - 1, seed=seed)

    found, text = mistakes_of("train", train)
    # this code has no loop of its own (its slip is `epochs - 1`): the fact, no loop bound to change
    # (a loop one short is named in tests/test_source_facts.py)
    assert found == ("fp.off_by_one",) and "without the last" in text and "range(1, n)" not in text


def test_a_perceptron_trained_one_epoch_too_long_is_named():
    def train_perceptron(X, y, lr=1.0, epochs=20):
        return P.train_perceptron(X, y, lr=lr, epochs=epochs + 1)

    found, text = mistakes_of("train_perceptron", train_perceptron)
    # no loop in this code (its slip is `epochs + 1`): the fact alone, no loop bound proposed
    assert found == ("fp.off_by_one",) and "without its last entry" in text and "iteration" not in text


# --------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------

def test_weights_drawn_without_the_seed_are_not_reproducible():
    def init_deep_params(layer_sizes, seed=0):
        rng = np.random.default_rng()
        return {k: (rng.normal(0.0, v.std(), size=v.shape) if k.startswith("W") else v)
                for k, v in W.init_deep_params(layer_sizes, seed).items()}

    found, text = mistakes_of("init_deep_params", init_deep_params)
    assert found == ("fp.not_reproducible",) and "np.random.default_rng(seed)" in text


def test_wrong_but_seeded_weights_are_reproducible():
    found, _ = mistakes_of("init_deep_params", lambda sizes, seed=0: W.init_deep_params(sizes, seed + 1))
    assert "fp.not_reproducible" not in found
    same = not_reproducible(W.init_deep_params, ([2, 3, 1],), {"seed": 4},
                            W.init_deep_params([2, 3, 1], 4), "init_deep_params")
    assert not same.holds


def test_the_rerun_that_asks_for_reproducibility_is_stopped_at_its_budget(monkeypatch):
    """The second call ``not_reproducible`` makes is only for a hint: past ``HINT_RUN_BUDGET`` it is
    stopped before its end, and the fact does not hold (before 2026-12-02 it ran as long as it took)."""
    import time

    from autograder import time_budget

    monkeypatch.setattr(time_budget, "HINT_RUN_BUDGET", 0.3)
    finished = []

    def slow_and_unseeded(x):
        time.sleep(1.0)
        finished.append(True)
        return np.random.default_rng().normal(size=3)

    assert not not_reproducible(slow_and_unseeded, (1,), {}, np.zeros(3), "slow_and_unseeded(1)").holds
    assert finished == []
    monkeypatch.setattr(time_budget, "HINT_RUN_BUDGET", 5)  # within the budget, the fact is proven
    assert not_reproducible(slow_and_unseeded, (1,), {}, np.zeros(3), "slow_and_unseeded(1)").holds


def test_a_later_layer_from_another_stream_is_not_a_generator_made_anew():
    def init_deep_params(layer_sizes, seed=0):
        params = W.init_deep_params(layer_sizes, seed)
        rng = np.random.default_rng(seed + 1)  # W1 right, the later layers from another stream
        return {k: (rng.normal(0.0, v.std(), size=v.shape) if k.startswith("W") and k != "W1" else v)
                for k, v in params.items()}

    found, _ = mistakes_of("init_deep_params", init_deep_params)
    assert "init.generator_per_layer" not in found


# --------------------------------------------------------------------------
# Aliasing
# --------------------------------------------------------------------------

def _forward_deep_editing(copy_after_store):
    def forward_deep(X, params, activation="relu"):
        L, cache, a = len(params) // 2, {}, X
        for layer in range(1, L + 1):
            z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
            cache[f"z{layer}"] = z
            if layer < L:
                a = z.copy() if copy_after_store else z
                z[z < 0] = 0.0  # edits the stored z (and a, when a is z)
                a = a if not copy_after_store else z.copy()
                cache[f"a{layer}"] = a
        return A.sigmoid(cache[f"z{L}"]).ravel(), cache
    return forward_deep


@pytest.mark.parametrize("shared", [True, False])
def test_a_cache_entry_edited_after_it_was_stored_is_aliased(shared):
    found, text = mistakes_of("forward_deep", _forward_deep_editing(copy_after_store=not shared))
    assert found == ("fp.aliased",)
    assert ("same array" in text) == shared


def test_a_two_layer_forward_with_its_activation_written_into_z1_is_aliased():
    def forward(X, params):
        z1 = X @ params["W1"].T + params["b1"]
        a1 = z1
        a1[a1 < 0] = 0.0
        z2 = a1 @ params["W2"].T + params["b2"]
        return A.sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}

    found, text = mistakes_of("forward", forward)
    assert found == ("fp.aliased",) and "same array" in text


def test_an_activation_left_out_is_not_aliasing():
    def forward_deep(X, params, activation="relu"):
        y_hat, cache = W.forward_deep(X, params, activation)
        return y_hat, {k: (cache["z" + k[1:]] if k.startswith("a") else v) for k, v in cache.items()}

    found, _ = mistakes_of("forward_deep", forward_deep)
    assert "fp.aliased" not in found


# --------------------------------------------------------------------------
# A hint that states only what the check proved
# --------------------------------------------------------------------------

def test_the_sigmoid_backward_hint_claims_no_relu_mask():
    def backward_deep(X, y, params, cache, activation="relu"):
        if activation == "relu":
            return W.backward_deep(X, y, params, cache)
        # the slope taken at the activation a instead of at z
        shifted = {k: (A.sigmoid(v) if k.startswith("z") and k != f"z{len(params) // 2}" else v)
                   for k, v in cache.items()}
        return W.backward_deep(X, y, params, shifted, activation)

    found, text = mistakes_of("backward_deep", backward_deep)
    assert found == ("backprop.sigmoid_slope",) and "ReLU's mask" not in text
    assert "with the ReLU every gradient is right" in text


def test_the_relu_mask_under_the_sigmoid_is_named_when_the_students_relu_gradients_are_these():
    def backward_deep(X, y, params, cache, activation="relu"):
        return W.backward_deep(X, y, params, cache)  # the activation argument never used

    found, text = mistakes_of("backward_deep", backward_deep)
    assert found == ("backprop.sigmoid_slope",) and "the ReLU's mask is used for both" in text


# -- the hint says what the error proves, and no more (issue 15) ------------------------------


def _mean_gap(a, b):
    return np.mean(a - b)


def _fit_on_wrong_rows(X, X_val):
    return _mean_gap(X, X_val[: len(X_val) // 2])  # a correct helper given two different sets


def test_an_error_inside_another_function_of_the_student_names_it_and_its_caller():
    found = raised(_fit_on_wrong_rows, np.ones(6), np.ones(6))
    assert found.mistakes == ("err.broadcast",)
    text = str(found)
    assert "raised inside `_mean_gap`, called by `_fit_on_wrong_rows`" in text
    assert "reshape" not in text  # no reshape fixes arguments that are the wrong arrays


def test_an_error_in_the_function_called_names_no_caller():
    def gap(a, b):
        return np.mean(a - b)

    assert "raised inside" not in str(raised(gap, np.ones(6), np.ones(3)))


def _forward_filling_a_cache(params, X):
    cache, a = {}, X
    L = 2  # the number of layers, which also happens to be the number of keys of the cache
    for layer in range(1, L):  # one layer short
        cache[f"z{layer}"] = a @ params[f"W{layer}"].T
        cache[f"a{layer}"] = a = np.maximum(cache[f"z{layer}"], 0.0)
    return cache[f"z{L}"]


def test_a_dict_the_function_fills_one_layer_short_says_so_first_and_no_count_is_claimed():
    params = {"W1": np.ones((2, 2)), "W2": np.ones((1, 2))}
    found = raised(_forward_filling_a_cache, params, np.ones((3, 2)))
    assert found.mistakes == ("fp.off_by_one",)
    text = str(found)
    assert "the loop that fills `cache` stops one layer short" in text
    assert "the key's number is one too large" in text  # a cause among others, not claimed alone
    assert "number of keys" not in text  # L equals len(cache) by coincidence: the code never counts it


def _rows_as_indices(X):
    order = np.random.default_rng(0).permutation(X)  # shuffles the rows themselves
    return X[order[:2]]


def test_a_float_matrix_used_as_indices_is_called_data_and_never_told_to_be_rounded():
    found = raised(_rows_as_indices, np.arange(12.0).reshape(6, 2) + 0.5)
    assert found.mistakes == ("err.float_index",)
    text = str(found)
    assert "`order` is a float array of shape (6, 2)" in text and "do not round it" in text
    assert "val_fraction" not in text and ".astype(int)" not in text


def test_a_transposed_weight_that_does_not_fit_names_both_readings_never_a_bare_double_transpose():
    """a @ W.T with another layer's W (forward) and dz @ W.T where dz @ W belongs (backward) raise the
    same error; undoing the .T is the fix of the second only, so the hint says both."""
    def forward_with_first_weight(X, params):
        a1 = np.maximum(0, X @ params["W1"].T + params["b1"])
        z2 = a1 @ params["W1"].T + params["b2"]  # W1 where W2 belongs
        return z2

    def backward_with_extra_transpose(dz2, W2):
        return dz2 @ W2.T  # dz2 @ W2 belongs

    X, params = np.ones((3, 2)), {"W1": np.ones((4, 2)), "b1": np.zeros(4), "b2": np.zeros(1)}
    for fn, args, weight in ((forward_with_first_weight, (X, params), "params['W1']"),
                             (backward_with_extra_transpose, (np.ones((3, 1)), np.ones((1, 4))), "W2")):
        failure = raised(fn, *args)
        text = str(failure)
        assert failure.mistakes == ("err.matmul_shapes",), text
        assert "Either the .T does not belong" in text and f"`{weight}` is not the weight" in text
        assert ".T.T" not in text


def test_a_none_is_told_apart_a_state_the_caller_gave_from_a_value_that_returned_nothing():
    def momentum_without_a_first_state(params, grads, velocity, lr=0.01, beta=0.9):
        v = {k: beta * velocity[k] + (1 - beta) * grads["d" + k] for k in params}
        return {k: params[k] - lr * v[k] for k in params}, v

    found, text = mistakes_of("momentum_step", momentum_without_a_first_state)
    assert found == ("err.none_value",) and "`velocity` is None as the caller passed it" in text

    def sorted_in_place(x):
        order = list(x).sort()  # list.sort() returns None
        return order[0]

    failure = raised(sorted_in_place, np.array([2.0, 1.0]))
    assert failure.mistakes == ("err.none_value",)
    assert "`order` holds None here: assigned the result of a function that returns nothing" in str(failure)
    assert raised(lambda x: x.missing, np.ones(2)).mistakes == ()  # no None involved: no such hint


def test_a_numpy_method_on_a_plain_number_and_an_array_in_a_set_are_named():
    failure = raised(lambda x: (x > 0).astype(np.float64), -1.3)
    assert failure.mistakes == ("err.plain_number",) and "np.asarray(x)" in str(failure)
    found, text = mistakes_of("sgd_step", lambda params, grads, lr: {params[k] - lr * grads["d" + k]
                                                                     for k in params})
    assert found == ("err.unhashable_array",) and "{name: expr for name in ...}" in text
    assert raised(lambda x: x.nothing_here, np.ones(2)).mistakes == ()  # an array's own missing attribute


def test_a_key_made_by_a_call_still_names_the_dict_that_lacks_it():
    """grads[name.replace("W", "dW")] raises KeyError 'b1' (eleventh set, blind: no hint): the key is
    never made again (no call is repeated), but the error names it, and `grads` is the one dict on
    the line read with a made key; it holds 'db1'."""
    def sgd_step(params, grads, lr):
        return {name: p - lr * grads[name.replace("W", "dW")] for name, p in params.items()}

    params = {"W1": np.ones((2, 2)), "b1": np.zeros(2)}
    grads = {"dW1": np.ones((2, 2)), "db1": np.ones(2)}
    failed = raised(sgd_step, params, grads, 0.1)
    assert failed.mistakes == ("err.missing_key",), str(failed)
    assert "`grads` has the keys dW1, db1 and no 'b1'; it holds 'db1'" in str(failed)
