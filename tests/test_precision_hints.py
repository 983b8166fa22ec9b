"""Hints that claim no more than their proof (session 17, the sixth set's wrong hints).

Each test runs a blank's real check (or the error explainer) on a made-up implementation whose
slip an earlier hint over-claimed about: a fix the code already has, a fact about one array stated
for all, a cause list that left out the real cause, an exchange proven in one direction only, an
edit proposed in a function the blank merely calls. The old claim must be gone and the proven fact
still there.
"""

import numpy as np
from blanks import call_failure as raised
from blanks import mistakes_of

from autograder.boundaries import probe_step
from autograder.sequences import frozen_history, one_entry_for_all
from solutions import activations as A
from solutions import forward_pass as F
from solutions import perceptron as P
from solutions import training as T
from solutions import what_next as W

# --------------------------------------------------------------------------
# A boundary claim proven on probes either side of it
# --------------------------------------------------------------------------


def test_a_threshold_moved_off_zero_is_named_and_not_told_to_use_greater_or_equal():
    def perceptron(x, w, b):
        return 1 if np.dot(w, x) + b >= 0.3 else 0  # the comparison is already >=

    found, text = mistakes_of("perceptron", perceptron)
    assert found == ("fp.threshold_shifted",)
    assert "0.3" in text and "rather than >" not in text


def test_a_strict_step_at_zero_is_still_named():
    def perceptron(x, w, b):
        return 1 if np.dot(w, x) + b > 0 else 0

    found, _ = mistakes_of("perceptron", perceptron)
    assert found == ("perceptron.strict_inequality",)


def test_the_boundary_probe_tells_a_strict_step_from_a_moved_one():
    assert probe_step(lambda s: int(s > 0)).strict
    moved = probe_step(lambda s: int(s >= 0.7))
    assert not moved.strict and abs(moved.threshold - 0.7) < 1e-6
    assert probe_step(lambda s: int(s >= 0)).threshold is None  # right: nothing to claim
    assert probe_step(lambda s: int(abs(s) > 2)).threshold is None  # not a step: no threshold claimed


# --------------------------------------------------------------------------
# A fact about one array is not stated for all
# --------------------------------------------------------------------------



def _shuffling_perceptron(rng_of):
    """train_perceptron visiting the points in an order drawn from ``rng_of()`` every epoch."""
    def train_perceptron(X, y, lr=1.0, epochs=20):
        X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
        w, b, errors, rng = np.zeros(X.shape[1]), 0.0, [], rng_of()
        for _ in range(epochs):
            n_wrong = 0
            for i in rng.permutation(len(X)):
                step = lr * (y[i] - P.perceptron(X[i], w, b))
                if step != 0:
                    w, b, n_wrong = w + step * X[i], b + step, n_wrong + 1
            errors.append(n_wrong)
        return w, b, errors
    return train_perceptron


def test_a_perceptron_that_shuffles_is_told_it_draws_and_no_probe_is_trusted():
    """The eighth set's shuffle each epoch (np.random.permutation) was told, on some draws, that it
    updates on points already right: a probe of a random function proves nothing."""
    found, text = mistakes_of("train_perceptron", _shuffling_perceptron(lambda: np.random))
    assert found == ("fp.not_reproducible",) and "already classified right" not in text


def test_a_seeded_shuffle_is_among_the_causes_of_an_update_on_a_right_point():
    """Drawn from a fixed seed, the order is the same every call: the probe speaks, and its causes
    include the order the points are visited in."""
    for seed in range(40):  # a seed whose order makes the two-point probe change (w, b)
        seeded = _shuffling_perceptron(lambda s=seed: np.random.default_rng(s))
        found, text = mistakes_of("train_perceptron", seeded)
        if "fp.update_when_right" in found:
            assert "not visited in the order given" in text
            return
    raise AssertionError("no seed made the single-update probe speak")

def test_only_w1_at_zero_is_not_called_all_weights_at_zero():
    def init_params(n_in, n_hidden, n_out=1, seed=0):
        params = F.init_params(n_in, n_hidden, n_out, seed)
        return {**params, "W1": np.zeros_like(params["W1"])}

    found, text = mistakes_of("init_params", init_params)
    assert found == ("fp.zeros",)
    assert "['W1'] is all zeros, while 'W2' is not" in text and "all weights" not in text


def test_every_weight_at_zero_keeps_the_catalogued_hint():
    def init_params(n_in, n_hidden, n_out=1, seed=0):
        return {k: np.zeros_like(v) for k, v in F.init_params(n_in, n_hidden, n_out, seed).items()}

    found, _ = mistakes_of("init_params", init_params)
    assert found == ("init_params.zero_weights",)


# --------------------------------------------------------------------------
# An exchange needs both directions; one dict under two names is another fact
# --------------------------------------------------------------------------


def test_one_dict_for_both_moments_is_not_called_an_exchange():
    def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        new, out = W.adam_step(params, grads, state, lr, beta1, beta2, eps)
        both = dict(out["v"])  # one dict, stored as both moments
        return new, {"t": out["t"], "m": both, "v": both}

    found, text = mistakes_of("adam_step", adam_step)
    assert found == ("fp.aliased",)
    assert "one and the same dict" in text and "exchanged" not in text


def test_moments_exchanged_both_ways_are_still_named():
    def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        new, out = W.adam_step(params, grads, state, lr, beta1, beta2, eps)
        return new, {"t": out["t"], "m": out["v"], "v": out["m"]}

    found, text = mistakes_of("adam_step", adam_step)
    assert found == ("fp.return_order",) and "exchanged" in text


# --------------------------------------------------------------------------
# A KeyError's fix in both directions; an index one too large among its causes
# --------------------------------------------------------------------------


def _momentum_keyed_by_gradients(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {key: np.zeros_like(g) for key, g in grads.items()}
    return {k: p - lr * velocity[k] for k, p in params.items()}, velocity


def test_a_velocity_keyed_like_the_gradients_is_not_told_to_read_the_gradient_key_alone():
    params, grads = {"W1": np.ones(2)}, {"dW1": np.ones(2)}
    error = raised(_momentum_keyed_by_gradients, params, grads, None, 0.1)
    assert error.mistakes == ("err.missing_key",)
    text = str(error)
    assert "read velocity['dW1']" in text and "built with the other family's keys" in text
    assert "keyed like params holds 'W1'" in text


def test_an_activation_index_one_too_large_is_among_the_causes_of_a_missing_key():
    def backward_deep(X, y, params, cache, activation="relu"):
        grads = {}
        for layer in range(2, 0, -1):
            grads[f"dW{layer}"] = cache[f"a{layer}"]  # a{layer} where a{layer - 1} belongs
        return grads

    cache = {"z1": np.ones((3, 2)), "a1": np.ones((3, 2)), "z2": np.ones((3, 1))}
    error = raised(backward_deep, np.ones((3, 2)), np.ones(3), {}, cache)
    text = str(error)
    assert error.mistakes == ("fp.off_by_one",)
    assert "the key's number is one too large" in text and "for example" in text
    assert "it holds only a1" in text and "Either the loop" not in text


# --------------------------------------------------------------------------
# Aliasing: one array under two keys is the fact, its ways are examples
# --------------------------------------------------------------------------


def test_an_activation_stored_under_the_pre_activation_key_is_not_blamed_on_an_in_place_edit():
    def forward_deep(X, params, activation="relu"):
        L, a, cache = len(params) // 2, X, {}
        for layer in range(1, L + 1):
            z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
            cache[f"z{layer}"] = z
            if layer < L:
                a = A.relu(z)
                cache[f"z{layer}"] = cache[f"a{layer}"] = a  # the new array stored under both keys
        return A.sigmoid(cache[f"z{L}"]).ravel(), cache

    found, text = mistakes_of("forward_deep", forward_deep)
    assert found == ("fp.aliased",)
    assert "one array is stored under both keys. For example" in text
    assert "changes z1 too. Make a new array" not in text  # the old claim, a cause stated as fact


# --------------------------------------------------------------------------
# A constant history: its causes are examples, and re-made parameters among them
# --------------------------------------------------------------------------


def test_a_frozen_history_with_wrong_final_parameters_lists_its_causes_as_examples():
    expected = np.array([0.9, 0.7, 0.6, 0.55])
    found = frozen_history(np.full(4, 0.9), expected, "history['loss']", updates_right=False)
    assert found is not None and found.mistake_id == "fp.constant"
    assert "For example" in found.hint and "init_params inside the loop" in found.hint
    assert "either the forward pass" not in found.hint


# --------------------------------------------------------------------------
# An error inside a function the blank calls: its arrays as they are, no edit of it proposed
# --------------------------------------------------------------------------


def _layer(X, W):
    return (W @ X.T).T


def _network(X, n_in, n_hidden):
    return _layer(X, np.ones((n_in, n_hidden)))  # the sizes in the other order: W is (D, H)


def test_a_product_that_fails_inside_a_called_function_proposes_no_transpose_there():
    error = raised(_network, np.ones((5, 2)), 2, 3)
    text = str(error)
    assert error.mistakes == ("err.matmul_shapes",)
    assert "`W` has shape (2, 3) and `X.T` has shape (2, 5)" in text
    assert "With `W` of shape (3, 2) (its two sizes in the other order) the product would fit" in text
    assert "check where a .T is needed" not in text
    assert "look at the arguments `_network` gives it" in text


# --------------------------------------------------------------------------
# A wrong shape's reshape proposed only for the right values, and the array named
# --------------------------------------------------------------------------


def test_a_flat_array_of_the_wrong_values_is_not_told_to_reshape():
    def forward(X, params):
        y_hat, cache = F.forward(X, params)
        return y_hat, {**cache, "z2": y_hat}  # the probabilities where the logit belongs

    found, text = mistakes_of("forward", forward)
    assert found == ("fp.flat",)
    assert "cache['z2'] has shape" in text and "a reshape alone will not fix it" in text
    assert ".reshape(-1, 1)" not in text


def test_a_flat_array_of_the_right_values_is_told_to_reshape_by_name():
    def forward(X, params):
        y_hat, cache = F.forward(X, params)
        return y_hat, {**cache, "z2": cache["z2"].ravel()}

    found, text = mistakes_of("forward", forward)
    assert "fp.flat" in found and "cache['z2'] is a flat (N,) array" in text and ".reshape(-1, 1)" in text


# --------------------------------------------------------------------------
# Part 2: the last value where the list belongs; a value rounded for printing
# --------------------------------------------------------------------------


def test_a_history_assigned_rather_than_appended_is_the_last_value_and_no_crash():
    def train(X, y, X_val, y_val, hidden=8, lr=0.5, epochs=100, seed=0):
        params, history = T.train(X, y, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs, seed=seed)
        return params, {**history, "val_loss": history["val_loss"][-1]}  # one number kept

    found, text = mistakes_of("train", train)
    assert found == ("fp.last_value",)
    assert "history['val_loss'] is one number" in text and "the last epoch's expected value" in text


def test_a_single_number_that_is_no_expected_entry_is_told_only_the_shape():
    found = one_entry_for_all(0.123, np.array([0.9, 0.7, 0.6]), "history['loss']")
    assert found is None
    assert one_entry_for_all(0.6, np.array([0.6, 0.6, 0.6]), "history['loss']") is None  # all equal
    assert one_entry_for_all(0.6, np.array([0.9, 0.7, 0.6]), "history['loss']") is not None


def test_a_perceptron_run_returning_its_last_count_fails_cleanly():
    def train_perceptron(X, y, lr=1.0, epochs=20):
        w, b, errors = P.train_perceptron(X, y, lr=lr, epochs=epochs)
        return w, b, errors[-1]

    _, text = mistakes_of("train_perceptron", train_perceptron)
    assert "should be a list with one entry per epoch" in text  # not a TypeError inside the check


def test_an_accuracy_rounded_to_four_decimals_is_named():
    def accuracy(y_true, y_pred):
        return round(T.accuracy(y_true, y_pred), 4)

    found, text = mistakes_of("accuracy", accuracy)
    assert found == ("fp.rounded",) and "rounded to 4 decimals" in text


def test_a_rounding_is_not_claimed_for_a_number_too_round_to_prove_it():
    from autograder.fingerprints import explain

    assert explain(np.array(0.5), np.array(0.5012)) is None or "rounded" not in explain(
        np.array(0.5), np.array(0.5012)).text
    found = explain(np.array(0.87), np.array(0.8695652173913043))
    assert found is not None and found.mistake_ids == ("fp.rounded",)


# --------------------------------------------------------------------------
# Part 2: the shape of a returned structure
# --------------------------------------------------------------------------


def test_a_dict_returned_after_its_first_key_is_named_with_its_causes_as_examples():
    def sgd_step(params, grads, lr):
        for name, p in params.items():
            return {name: p - lr * grads["d" + name]}  # the return inside the loop

    found, text = mistakes_of("sgd_step", sgd_step)
    assert found == ("fp.early_return",) and "only the first key" in text and "For example" in text


def test_keys_that_are_not_the_first_ones_are_not_called_an_early_return():
    from autograder.dict_keys import key_hint

    found = key_hint(["b1"], ["W1", "b1", "W2", "b2"], "new params")
    assert found is None or "fp.early_return" not in found.mistake_ids


def test_a_list_of_one_value_per_key_is_told_to_be_a_dict():
    def sgd_step(params, grads, lr):
        return [p - lr * grads["d" + name] for name, p in params.items()]

    found, _ = mistakes_of("sgd_step", sgd_step)
    assert found == ("fp.list_for_dict",)


def test_a_loss_divided_by_n_minus_one_is_named_on_one_number():
    def mse(y, y_hat):
        d = np.ravel(y_hat) - np.ravel(y)
        return float(np.sum(d**2) / (len(d) - 1))

    found, text = mistakes_of("mse", mse)
    assert found == ("fp.n_minus_one",) and "N / (N - 1)" in text


def test_a_factor_near_but_not_n_over_n_minus_one_is_not_named():
    from autograder.fingerprints import Clues, explain

    found = explain(np.array(0.5 * 8 / 7 * 1.001), np.array(0.5), Clues(n=8))
    assert found is None or "fp.n_minus_one" not in found.mistake_ids


# --------------------------------------------------------------------------
# Part 2: a call's arguments in the other order, proven inside the function called
# --------------------------------------------------------------------------


def _network_output(X, params):
    return X @ params["W1"].T


def test_arguments_that_hold_each_others_values_are_named_with_the_order_as_an_example():
    params = {"W1": np.ones((3, 2))}
    error = raised(lambda X, p: _network_output(p, X), np.ones((4, 2)), params)
    text = str(error)
    assert error.mistakes == ("fp.arguments_exchanged",)
    assert "`params` is an array of shape (4, 2), indexed with the key 'W1'" in text
    assert "`X` is a dict that holds 'W1'" in text and "For example the call passes them" in text


def test_a_string_key_on_an_array_with_no_dict_beside_it_claims_no_exchange():
    error = raised(_network_output, np.ones((4, 2)), np.ones((3, 2)))
    assert "fp.arguments_exchanged" not in error.mistakes


def test_a_fact_and_an_explanation_are_both_stated_never_offered_as_alternatives():
    """'two slips give exactly these values: (1) ...; or (2) ...' claimed that either slip alone
    explains the output; a fact (a probe: lr has no effect) holds beside the other, not instead."""
    import numpy as np

    from autograder.fingerprints import Hypothesis, fact, name_all

    both = name_all([fact("fp.ignores_argument", "lr has no effect.", True),
                     Hypothesis("fp.constant", "the loss never changes.", np.ones(3))])
    assert both.mistake_ids == ("fp.ignores_argument", "fp.constant")
    assert "two slips" not in both.text and "; or " not in both.text
    assert both.text.endswith("(1) lr has no effect; and (2) the loss never changes.")
    either = name_all([Hypothesis("fp.sign_flip", "the sign is flipped.", -np.ones(3)),
                       Hypothesis("fp.complement", "1 - expected.", -np.ones(3))])
    assert either.text == "two slips give exactly these values: (1) the sign is flipped; or (2) 1 - expected."


def test_a_flat_or_column_result_names_both_places_the_shape_can_be_fixed():
    """A result shaped like the wrong input (y_hat reshaped like y, where y must follow y_hat) is not
    fixed by reshaping the result alone: the hint names the other fix too."""
    from autograder.diagnosis import shape_hint

    for got, expected, words in (((8,), (8, 1), ".reshape(-1, 1) on it"), ((8, 1), (8,), ".ravel() on it")):
        hint = shape_hint(got, expected, part="mse_grad(y, y_hat)")
        assert words in hint.text and "bring the other input to that shape" in hint.text, hint.text


# --------------------------------------------------------------------------
# A broadcast error names the operation as well as the operands (the ninth set's two W, J9a)
# --------------------------------------------------------------------------

def _forward_multiplying(X, params):
    z1 = np.multiply(X, params["W1"]) + params["b1"]
    a1 = np.maximum(0, z1)
    y_hat = 1 / (1 + np.exp(-(a1 @ params["W2"].T + params["b2"])))
    return y_hat.ravel(), {"z1": z1, "a1": a1, "z2": np.log(y_hat / (1 - y_hat)), "y_hat": y_hat}


def _forward_adding(X, params):
    z1 = np.add(X, params["W1"]) + params["b1"]
    a1 = np.maximum(0, z1)
    y_hat = 1 / (1 + np.exp(-(a1 @ params["W2"].T + params["b2"])))
    return y_hat.ravel(), {"z1": z1, "a1": a1, "z2": np.log(y_hat / (1 - y_hat)), "y_hat": y_hat}


def test_an_elementwise_product_of_two_matrices_is_named_with_the_wrong_operand():
    """np.multiply(X, W1) on (7, 3) and (5, 3) was told only "one of them is not the array you meant":
    both are right, the operation is not. The hint names both causes, the matrix product it means."""
    found, text = mistakes_of("forward", _forward_multiplying)
    assert "err.broadcast" in found
    assert "not the array you meant" in text and "where a matrix product belongs" in text
    assert "A @ B.T" in text


def test_a_broadcast_error_without_an_elementwise_product_keeps_the_operands_alone():
    found, text = mistakes_of("forward", _forward_adding)
    assert "err.broadcast" in found
    assert "not the array you meant" in text and "matrix product belongs" not in text



def test_a_warning_of_the_students_own_is_not_explained_as_arithmetic():
    """The outside tester's warnings.warn("student debug") in tanh was told "the arithmetic went
    wrong: overflow, division by zero"; a UserWarning says nothing of the arithmetic."""
    import warnings

    def tanh(x):
        warnings.warn("student debug", stacklevel=1)
        return np.tanh(x)

    _, text = mistakes_of("tanh", tanh)
    assert "UserWarning" in text and "run silently" in text and "arithmetic" not in text


def test_an_overflow_warning_is_still_explained_as_arithmetic():
    def tanh(x):
        e = np.exp(2 * np.asarray(x, dtype=float) * 400)
        return (e - 1) / (e + 1)

    _, text = mistakes_of("tanh", tanh)
    assert "RuntimeWarning" in text and "run silently" not in text
    assert "in a tanh" in text, "the overflow's rearrangements name the blank's own function too"
