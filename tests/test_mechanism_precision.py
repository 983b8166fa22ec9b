"""Hints whose proof implies less than they claimed (session 18, the eighth set's wrong hints).

Each test runs a mechanism (or a blank's real check) on a made-up implementation whose slip an
earlier hint over-claimed about, by its mechanism rather than its entry: a type hint that called a
wrong value right, a shape tuple's index read as an array axis, a function's own warning read as
a denominator's, a fixed point of a slip counted as evidence, two scalars of equal value, a state
update judged from a zero state, a step's invariance to scale, a function the formula needs called
"another", a lost effect called a lost argument, a constant called labels, a batch axis where no
batch is, one list under four keys read as four records. The old claim must be gone, and the
proven fact still said.
"""

import numpy as np
import pytest
from blanks import call_failure, mistakes_of

from autograder.checking import CheckFailed, expect_int
from autograder.containers import shared_containers
from autograder.diagnosis import shape_hint
from autograder.error_hints import warning_hint
from autograder.fingerprints import explain, swapped_weights
from autograder.rows import overlap
from autograder.updates import learning_rate
from solutions import activations as A
from solutions import forward_pass as F
from solutions import perceptron as P
from solutions import training as T
from solutions import what_next as W
from solutions.perceptron import perceptron

# --------------------------------------------------------------------------
# 1. A type hint endorses a value only when it is the expected one
# --------------------------------------------------------------------------


def test_a_whole_float_is_called_right_apart_from_its_type_only_when_it_equals_the_expected_value():
    with pytest.raises(CheckFailed) as wrong:
        expect_int(0.0, "out", (-1, 0, 1), expected=1)
    assert "Write out = 0" not in str(wrong.value) and wrong.value.mistakes == ()
    assert "not the expected one" in str(wrong.value)
    with pytest.raises(CheckFailed) as right:
        expect_int(0.0, "out", (-1, 0, 1), expected=0)
    assert right.value.mistakes == ("err.float_index",) and "Write out = 0" in str(right.value)
    with pytest.raises(CheckFailed) as unknown:  # neither known nor the student's choice: no endorsement
        expect_int(3.0, "count", range(5))
    assert "Write count = 3" not in str(unknown.value)


def test_a_perceptron_returning_wrong_floats_is_not_told_its_value_is_right():
    def perceptron(x, w, b):
        return 0.0 if np.dot(w, x) + b >= 0 else 1.0  # a float, and every value wrong

    found, text = mistakes_of("perceptron", perceptron)
    assert "err.float_index" not in found and "Write perceptron" not in text

    def perceptron_float(x, w, b):
        return 1.0 if np.dot(w, x) + b >= 0 else 0.0  # right values, as floats

    found, text = mistakes_of("perceptron", perceptron_float)
    assert found == ("err.float_index",) and "Write perceptron" in text


# --------------------------------------------------------------------------
# 2. Error text read as it is: a shape tuple's index, a warning's function
# --------------------------------------------------------------------------


def test_a_shape_index_out_of_range_names_the_arrays_dimensions_not_an_axis_or_a_loop():
    def count(y):
        return y.shape[1]

    found = call_failure(count, np.arange(5.0))
    assert found.mistakes == ("fp.fewer_axes",)
    text = str(found)
    assert "y.shape[1]" in text and "ndim 1" in text and "(5,)" in text
    assert "axis of size" not in text and "range(n + 1)" not in text


def test_a_warning_of_arctanh_is_arctanhs_own_and_a_divide_warning_is_a_denominators():
    pole = warning_hint("divide by zero encountered in arctanh")
    assert pole[0] == "warn.pole" and "arctanh" in pole[1] and "denominator" not in pole[1]
    assert warning_hint("divide by zero encountered in divide")[0] == "warn.divide_by_zero"
    assert warning_hint("divide by zero encountered in scalar divide")[0] == "warn.divide_by_zero"
    assert warning_hint("divide by zero encountered in log")[0] == "warn.log_zero"


# --------------------------------------------------------------------------
# 3. Degenerate probes: fixed points, coincident scalars, a zero state
# --------------------------------------------------------------------------


def test_a_slips_fixed_points_are_no_evidence_of_it():
    e = np.array([1.0, 0.1, 1.0, 0.1])  # 1 is a fixed point of squaring
    assert explain(np.array([1.0, 0.01, 1.0, 0.01]), e) is None
    found = explain(np.array([0.25, 0.01, 4.0]), np.array([0.5, 0.1, 2.0]))
    assert found is not None and found.mistake_ids == ("fp.missing_square",)  # the fact, proven, is kept
    # a 0 left alone by a factor is no second magnitude either
    assert explain(np.array([0.0, 1.4]), np.array([0.0, 0.7])) is None
    assert explain(np.array([0.0, 1.4, 0.6]), np.array([0.0, 0.7, 0.3])).mistake_ids == ("fp.times_2",)


def test_a_default_alpha_changed_is_not_called_a_square_too_many():
    def leaky_relu_grad(x, alpha=0.01):
        return np.where(np.asarray(x) > 0, 1.0, alpha)

    found, text = mistakes_of("leaky_relu_grad", leaky_relu_grad)
    assert "fp.missing_square" not in found and "square too many" not in text


def test_a_factor_equal_to_two_scalars_of_the_call_names_both():
    start, expected = np.array([1.0, 2.0]), np.array([0.5, 1.5])
    alone = learning_rate(start, expected, 0.1)[0]
    assert "the learning rate is applied twice" in alone.hint
    both = learning_rate(start, expected, 0.1, "the step", {"beta": 0.9, "1 - beta": 0.1})[0]
    assert both.mistake_id == "fp.lr_twice" and "1 - beta" in both.hint
    assert "the learning rate is applied twice" not in both.hint
    assert np.allclose(both.value, alone.value)


def test_one_minus_beta_applied_twice_in_the_step_is_not_called_the_learning_rate_twice():
    def momentum_step(params, grads, velocity, lr, beta=0.9):
        _, vel = W.momentum_step(params, grads, velocity, lr, beta)
        return {k: p - (1 - beta) * lr * vel[k] for k, p in params.items()}, vel

    _, text = mistakes_of("momentum_step", momentum_step)
    assert "the learning rate is applied twice" not in text and "1 - beta" in text


def test_a_moving_average_judged_from_a_zero_state_claims_only_the_gradients_weight():
    g = np.array([1.0, -2.0, 0.5])
    zero = swapped_weights("your velocity", "beta", 0.9, np.zeros(3), "v", g, "g")
    assert "(1 - beta) * v" not in zero.hint and "beta * g" in zero.hint
    assert np.allclose(zero.value, 0.9 * g)
    later = swapped_weights("your velocity", "beta", 0.9, np.ones(3), "v", g, "g")
    assert "(1 - beta) * v + beta * g" in later.hint  # from a non-zero state both weights are seen

    def momentum_step(params, grads, velocity, lr, beta=0.9):
        velocity = velocity or {k: np.zeros_like(p) for k, p in params.items()}
        vel = {k: velocity[k] + beta * grads["d" + k] for k in params}  # v + beta g
        return {k: p - lr * vel[k] for k, p in params.items()}, vel

    _, text = mistakes_of("momentum_step", momentum_step)
    assert "(1 - beta) * v + beta * g" not in text


# --------------------------------------------------------------------------
# 4. A step keeps only the sign of its pre-activation: every scaled cause is named
# --------------------------------------------------------------------------


def test_a_mean_of_the_products_in_a_perceptron_is_named_with_the_bias_counted_per_input():
    def perceptron(x, w, b):
        return 1 if np.mean(np.asarray(w) * np.asarray(x)) + b >= 0 else 0

    found, text = mistakes_of("perceptron", perceptron)
    assert found == ("fp.repeated_term",)
    assert "np.mean(w * x)" in text and "np.sum(w * x + b)" in text


# --------------------------------------------------------------------------
# 5. Causes only where the proof implies them
# --------------------------------------------------------------------------


def test_np_exp_is_not_called_another_function_where_the_formula_needs_it():
    def sigmoid(x):
        return 1.0 / np.exp(-np.asarray(x, dtype=np.float64))  # the "1 +" lost

    found, text = mistakes_of("sigmoid", sigmoid)
    assert found == ("fp.wrong_function",)
    assert "np.exp(x)" in text and "another function than" not in text


def test_an_argument_made_moot_is_said_to_have_no_effect_not_to_be_unused():
    def leaky_relu(x, alpha=0.1):
        r = A.relu(x)  # zeroes the negatives before alpha scales them
        return np.where(r > 0, r, alpha * r)

    _, text = mistakes_of("leaky_relu", leaky_relu)
    assert "alpha is not used" not in text and "where a value is now fixed" not in text
    assert "has no effect" in text


def test_a_constant_output_is_not_called_labels():
    probabilities = np.array([0.6, 0.7, 0.9])
    found = explain(np.ones(3), probabilities)
    assert found is None or "fp.labels_for_probabilities" not in found.mistake_ids
    mixed = np.array([0.2, 0.7, 0.9, 0.4])
    assert explain(np.array([0.0, 1.0, 1.0, 0.0]), mixed).mistake_ids == ("fp.labels_for_probabilities",)

    def forward(X, params):
        y_hat, cache = F.forward(X, params)
        return np.ones_like(y_hat), cache  # a softmax over one unit: every probability 1

    found, text = mistakes_of("forward", forward)
    assert "fp.labels_for_probabilities" not in found and "drop the threshold" not in text


def test_a_row_bias_without_a_batch_is_a_row_not_a_kept_batch_axis():
    assert shape_hint((1, 4), (4,), batch=None).mistake_ids == ("fp.row",)
    assert shape_hint((1, 4), (4,), batch=8).mistake_ids == ("fp.kept_batch_axis",)

    def init_params(n_in, n_hidden, n_out=1, seed=0):
        params = F.init_params(n_in, n_hidden, n_out, seed)
        return {**params, "b1": np.zeros((1, n_hidden))}

    found, text = mistakes_of("init_params", init_params)
    assert found == ("fp.row",) and "batch" not in text


def test_one_list_under_every_history_key_is_named_before_any_length():
    keys = ("loss", "val_loss", "acc", "val_acc")
    assert shared_containers(dict.fromkeys(keys, []))  # noqa: RUF024 (the slip itself) == [list(keys)]
    assert shared_containers({k: [] for k in keys}) == []

    def train(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
        params, history = T.train(X, y, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs, seed=seed)
        shared = dict.fromkeys(keys, [])  # noqa: RUF024 (the slip itself)
        for i in range(epochs):
            for k in keys:
                shared[k].append(history[k][i])
        return params, shared

    found, text = mistakes_of("train", train)
    assert found == ("fp.aliased",) and "times in each epoch" not in text and "dict.fromkeys" in text


def test_a_split_cut_from_an_order_with_repeats_is_not_told_to_cut_one_shuffled_order():
    repeats = np.array([3, 1, 3, 0, 1, 5, 2, 2, 9, 4])  # drawn with replacement: rows twice, some never
    found = overlap(repeats[4:], repeats[:4], 10)
    assert "fp.with_replacement" in found.mistake_ids and "order[:n_val]" not in found.text
    slices = np.random.default_rng(0).permutation(10)  # a permutation cut with overlapping slices
    found = overlap(slices[3:-1], slices[:4], 10)
    assert found.mistake_ids == ("fp.split_overlap",) and "order[:n_val]" in found.text


# --------------------------------------------------------------------------
# A gate's four 0/1 outputs are named by their table and the units read from the calls,
# before a generic description ("two cases swapped", "0 in every entry")
# --------------------------------------------------------------------------


def test_hidden_units_combined_without_a_perceptron_are_read_as_units_on_x():
    def xor(x):
        return perceptron(x, P.OR_W, P.OR_B) ^ perceptron(x, P.NAND_W, P.NAND_B)  # XNOR

    _, text = mistakes_of("xor", xor)
    assert "XNOR" in text and "OR and NAND of x" in text and "no call takes" in text
    assert "sigmoid" not in text and "feed it the hidden layer" not in text


def test_a_nand_written_as_a_negated_or_is_named_by_the_units_it_computes():
    def xor(x):
        hidden = np.array([perceptron(x, P.OR_W, P.OR_B), perceptron(x, -P.OR_W, -P.OR_B)])  # NOR
        return perceptron(hidden, P.AND_W, P.AND_B)

    _, text = mistakes_of("xor", xor)
    assert "OR and NOR of x" in text and "print the values it is computed from" not in text


def test_a_strict_step_written_inline_in_training_is_told_apart_from_no_update_at_all():
    def train_perceptron(X, y, lr=1.0, epochs=20):
        X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
        w, b, errors = np.zeros(X.shape[1]), 0.0, []
        for _ in range(epochs):
            wrong = 0
            for xi, yi in zip(X, y, strict=True):
                step = lr * (yi - (1 if np.dot(w, xi) + b > 0 else 0))  # strict: 0 on the boundary
                w, b, wrong = w + step * xi, b + step, wrong + (step != 0)
            errors.append(wrong)
        return w, b, errors

    found, text = mistakes_of("train_perceptron", train_perceptron)
    assert "perceptron.strict_inequality" in found and ">= rather than >" in text
    assert "`//`" not in text


def test_a_weight_that_equals_another_argument_of_the_call_names_both_readings():
    """lr = 0.1 = 1 - beta: v = lr * v + (1 - lr) * g gives the numbers of beta and 1 - beta exchanged
    (eleventh set, blind: lr and beta swapped was told only "the weights are exchanged")."""
    g = np.array([1.0, -2.0, 0.5])
    alone = swapped_weights("your velocity", "beta", 0.9, np.zeros(3), "v", g, "g", others={"lr": 0.01})
    assert "Or lr" not in alone.hint
    twin = swapped_weights("your velocity", "beta", 0.9, np.zeros(3), "v", g, "g", others={"lr": 0.1})
    assert "Or lr is used where beta belongs" in twin.hint and np.allclose(twin.value, 0.9 * g)

    def momentum_step(params, grads, velocity, lr, beta=0.9):  # lr and beta exchanged
        velocity = velocity or {k: np.zeros_like(p) for k, p in params.items()}
        vel = {k: lr * velocity[k] + (1 - lr) * grads["d" + k] for k in params}
        return {k: p - beta * vel[k] for k, p in params.items()}, vel

    _, text = mistakes_of("momentum_step", momentum_step)
    assert "lr is used where beta belongs" in text, text


def test_a_catalogued_mistake_named_from_one_case_must_explain_the_check_s_other_cases_too():
    """A ReLU at the output gives z2 itself on the stored batch, whose every z2 is positive: it was
    told the catalogue's "y_hat is z2 itself" (eleventh set, blind: W). The single point's z2 is
    negative, where relu(z2) is 0 and not z2: neither the catalogue's mistake nor the fingerprint
    "y_hat equals z2" is named (a fingerprint must explain the other case too, ``Clues.also``), and
    relu(z2), which explains both cases, is. A forward that really leaves the sigmoid out is still named."""
    def relu_at_the_output(X, params):
        z1 = X @ params["W1"].T + params["b1"]
        a1 = np.maximum(z1, 0)
        z2 = a1 @ params["W2"].T + params["b2"]
        return np.maximum(z2, 0).ravel(), {"z1": z1, "a1": a1, "z2": z2}

    _, text = mistakes_of("forward", relu_at_the_output)
    assert "y_hat is z2 itself" not in text, text
    assert "y_hat is relu(z2)" in text and "y_hat equals z2" not in text, text

    def no_sigmoid(X, params):
        _, cache = F.forward(X, params)
        return cache["z2"].ravel(), cache

    _, text = mistakes_of("forward", no_sigmoid)
    assert "y_hat is z2 itself" in text, text


def test_the_other_cases_are_called_only_when_a_value_is_wrong():
    """with_other_cases defers its calls: a right answer is called once per case, as before."""
    calls = []

    def counted(X, params):
        calls.append(len(X))
        return F.forward(X, params)

    from autograder.checks.forward_pass import check_forward
    check_forward(counted)
    assert calls == [7, 1, 7], calls


def test_labels_all_one_on_a_batch_are_named_when_another_case_holds_a_zero():
    """np.round(sigmoid(z2)) in forward gives all ones on the stored batch (every probability > 0.5),
    a constant as well as labels (eleventh set, blind: no hint); the single point's 0 tells them
    apart (``Hypothesis.varied`` over ``Clues.also``). A constant 1 everywhere is still not labels."""
    def rounded(X, params):
        y_hat, cache = F.forward(X, params)
        return np.round(y_hat), cache

    found, text = mistakes_of("forward", rounded)
    assert found == ("fp.labels_for_probabilities",), text
