"""Generic fingerprints: each names its slip when proven, and only then.

Every fingerprint has a test that fails when the fingerprint is removed; the
rules of proof (every entry explained, two magnitudes at least, two names at
most, the catalogue first) have tests of their own.
"""

import types

import numpy as np
import pytest
from blanks import run_check

from autograder import checks as C
from autograder import diagnosis
from autograder import fingerprints as fp
from autograder.checking import CheckFailed, ignores_argument, spread_hint
from autograder.fingerprints import Clues, Hypothesis, explain
from solutions import activations as A
from solutions import forward_pass as F
from solutions import perceptron as P
from solutions import training as T
from solutions import what_next as W

E = np.array([[0.2, -1.5, 3.0], [0.7, 2.25, -0.4]])  # many magnitudes, no two alike
X = np.array([[-1.0, 2.0, 0.5], [3.0, -0.25, 1.5]])


def ids(got, expected=E, clues=None):
    found = explain(got, expected, clues)
    return found.mistake_ids if found else ()


@pytest.mark.parametrize("mistake_id, got, clues", [
    ("fp.zeros", np.zeros_like(E), None),
    ("fp.sign_flip", -E, None),
    ("fp.complement", 1 - E, None),
    ("fp.constant", np.full_like(E, 0.3), Clues(inputs={"x": X})),
    ("fp.returns_input", X, Clues(inputs={"x": X})),
    ("fp.mirrored_input", E[::-1], Clues(mirrored=E[::-1])),
    ("fp.times_n", 7 * E, Clues(n=7)),
    ("fp.over_n", E / 7, Clues(n=7)),
    ("fp.times_2", 2 * E, None),
    ("fp.half", E / 2, None),
    ("fp.shift", E + 0.125, None),
    ("fp.missing_term", E - np.array([0.5, -1.0, 2.0]), Clues(terms={"b": np.array([0.5, -1.0, 2.0])})),
    ("fp.flipped_term", E - 2 * np.array([0.5, -1.0, 2.0]), Clues(terms={"b": np.array([0.5, -1.0, 2.0])})),
    ("fp.repeated_term", E + np.array([0.5, -1.0, 2.0]), Clues(terms={"b": np.array([0.5, -1.0, 2.0])})),
    ("fp.flipped_step", 2 * X - E, Clues(start=X)),
    ("fp.labels_for_probabilities", np.array([0.0, 1.0, 1.0, 0.0]), None),
])
def test_each_fingerprint_names_its_slip(mistake_id, got, clues):
    expected = np.array([0.2, 0.9, 0.6, 0.45]) if mistake_id == "fp.labels_for_probabilities" else E
    assert ids(got, expected, clues) == (mistake_id,)


def test_transpose_of_a_square_matrix():
    square = np.array([[1.0, 2.0], [3.0, 4.5]])
    assert ids(square.T, square) == ("fp.transpose",)


def test_normalised_over_the_wrong_axis_and_over_the_whole_array():
    u = np.exp(np.array([[0.1, 1.2, -0.3], [2.0, 0.4, 0.9], [-1.0, 0.0, 0.5]]))
    rows = u / u.sum(axis=1, keepdims=True)
    assert ids(u / u.sum(axis=0, keepdims=True), rows) == ("fp.wrong_axis",)
    assert ids(u / u.sum(), rows) == ("fp.wrong_axis",)


def test_the_wrong_hidden_activation_is_named():
    z = np.array([[-1.0, 0.5], [2.0, -0.3]])
    clues = Clues(related=fp.activations_of(z, "a1", "relu"))
    assert ids(np.tanh(z), np.maximum(z, 0), clues) == ("fp.wrong_activation",)
    assert "tanh(z)" in explain(np.tanh(z), np.maximum(z, 0), clues).text


def test_a_constant_speaks_only_for_an_elementwise_output():
    assert ids(np.full_like(E, 0.3)) == ()


def test_one_entry_proves_nothing():
    """The issue's example: a ratio measured on a single logit is no evidence."""
    assert explain(np.array([0.9]), np.array([0.474])) is None
    assert explain(np.array([1.89689 * 0.474]), np.array([0.474])) is None


def test_an_output_with_one_magnitude_proves_nothing():
    same = np.full(4, 0.5)
    assert explain(-same, same) is None


def test_a_hypothesis_must_explain_every_entry():
    got = -E.copy()
    got[0, 0] = 5.0
    assert explain(got, E) is None


def test_two_explanations_are_both_named_three_are_none():
    odd = np.array([-2.0, -0.5, 0.5, 1.0, 3.0])
    both = explain(-odd, odd, Clues(mirrored=-odd))
    assert both.mistake_ids == ("fp.sign_flip", "fp.mirrored_input") and "two slips" in both.text
    three = Clues(mirrored=-odd, related=[Hypothesis("x.other", "other", -odd)])
    assert explain(-odd, odd, three) is None


def test_a_description_gives_way_to_a_cause():
    b = np.array([0.25])
    assert ids(E - 0.25, E, Clues(terms={"the bias": b})) == ("fp.missing_term",)


def test_a_fact_of_the_check_speaks_when_it_holds():
    assert ids(E * 1.3, E, Clues(related=[fp.fact("x.fact", "a fact", True)])) == ("x.fact",)
    assert ids(E * 1.3, E, Clues(related=[fp.fact("x.fact", "a fact", False)])) == ()


def test_the_catalogue_beats_a_fingerprint():
    key, (mistake_id, stored) = next((k, pairs[0]) for k, pairs in diagnosis._catalogue()[0].items()
                                     if pairs[0][1].size > 1)
    found = diagnosis.diagnose(key, stored, -stored)  # a sign flip as well, by construction
    assert found.mistake_ids == (mistake_id,)


def test_parts_returned_in_the_wrong_order():
    names = ("X_train", "X_val", "y_train", "y_val")
    parts = (np.zeros((8, 2)), np.zeros(8), np.zeros((2, 2)), np.zeros(2))
    rows = {"X_train": 8, "X_val": 2, "y_train": 8, "y_val": 2}

    def fits(i, v):
        return v.ndim == (2 if names[i][0] == "X" else 1) and len(v) == rows[names[i]]

    found = fp.order_hint(parts, names, fits)
    assert found.mistake_ids == ("fp.return_order",)
    assert "(X_train, y_train, X_val, y_val)" in found.text
    assert fp.order_hint((parts[0], parts[2], parts[1], parts[3]), names, fits) is None


def test_a_per_sample_reduction_is_a_wrong_axis():
    assert diagnosis.shape_hint((7,), (5,), batch=7).mistake_ids == ("fp.wrong_axis",)
    assert diagnosis.shape_hint((7,), (5,)) is None


# The three misses and its misleading hint, through the real checks.

def test_a_sigmoid_of_the_negated_input_is_named():
    def sigmoid(x):
        return A.sigmoid(-np.asarray(x, dtype=np.float64))

    with pytest.raises(CheckFailed) as info:
        run_check("sigmoid", sigmoid)
    assert set(info.value.mistakes) == {"fp.complement", "fp.mirrored_input"}


def test_a_derivative_that_returns_the_function_is_named():
    with pytest.raises(CheckFailed) as info:
        run_check("tanh_grad", lambda x: A.tanh(x))
    assert info.value.mistakes == ("fp.function_for_derivative",)


def test_a_perceptron_that_subtracts_its_bias_is_named():
    with pytest.raises(CheckFailed) as info:
        run_check("perceptron", lambda x, w, b: 1 if np.dot(w, x) - b >= 0 else 0)
    assert info.value.mistakes == ("fp.flipped_term",)


def test_relu_on_the_output_logit_is_never_a_constant_factor():
    def forward(X, params):
        z1 = X @ params["W1"].T + params["b1"]
        a1 = A.relu(z1)
        z2 = a1 @ params["W2"].T + params["b2"]
        return A.sigmoid(A.relu(z2)).ravel(), {"z1": z1, "a1": a1, "z2": z2}

    with pytest.raises(CheckFailed) as info:
        run_check("forward", forward)
    assert "times the expected" not in str(info.value)
    # N = 1 alone proves nothing; with the batch case run before it (all z2 > 0 there) it does.
    assert info.value.mistakes == ("fp.wrong_activation",)
    assert F.forward  # the reference is importable next to it


def test_the_right_answer_and_a_near_miss_of_relu_on_the_logit_get_no_hint():
    def forward(X, params, off=1e-3):
        y_hat, cache = F.forward(X, params)
        return np.where(cache["z2"].ravel() > 0, y_hat, 0.5 + off), cache

    run_check("forward", F.forward)
    with pytest.raises(CheckFailed) as info:
        run_check("forward", forward)
    assert info.value.mistakes == ()


# A second input, for an output with too few entries (Clues.also).

ONE_E, ONE_GOT = np.array([0.3]), np.array([0.6])  # one entry: "2 times" is no evidence
MORE_E = np.array([0.25, 1.5, -0.75])


def test_a_second_input_proves_what_one_entry_cannot():
    assert explain(ONE_GOT, ONE_E) is None
    also = Clues(also=[(2 * MORE_E, MORE_E, Clues())])
    assert ids(ONE_GOT, ONE_E, also) == ("fp.times_2",)


def test_a_second_input_that_contradicts_the_slip_silences_it():
    near = 2 * MORE_E
    near[1] *= 1.001
    for other in (near, MORE_E, -MORE_E):  # a near miss, the right answer, another slip
        assert ids(2 * E, E, Clues(also=[(other, MORE_E, Clues())])) == ()


def test_unchanged_entries_of_the_second_input_count_only_for_the_slip_that_leaves_them():
    """Relu on the logit leaves z2 > 0 alone: there the right answer is the evidence."""
    z2 = np.array([0.8, 1.9, 0.2])

    def clues(y, z, also=()):
        return Clues(also=list(also), related=[Hypothesis("x.relu_logit", "relu on the logit",
                                                          np.where(z > 0, y, 0.5))])
    single_e, single_z = np.array([0.26]), np.array([-1.0])
    assert ids(np.array([0.5]), single_e, clues(single_e, single_z)) == ()
    batch = (A.sigmoid(z2), A.sigmoid(z2), clues(A.sigmoid(z2), z2))
    assert ids(np.array([0.5]), single_e, clues(single_e, single_z, [batch])) == ("x.relu_logit",)


# An argument the student's function never uses (its own function, called again).

def _train_ignoring_lr(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    return T.train(X, y, X_val, y_val, hidden=hidden, lr=0.1, epochs=epochs, seed=seed)


def _train_with_a_larger_lr(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    return T.train(X, y, X_val, y_val, hidden=hidden, lr=1.5 * lr, epochs=epochs, seed=seed)


def test_an_ignored_argument_is_named():
    with pytest.raises(CheckFailed) as info:
        run_check("train", _train_ignoring_lr)
    assert info.value.mistakes == ("fp.ignores_argument",)
    assert "lr=" in str(info.value)


def _train_with_its_own_hidden_size(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    return T.train(X, y, X_val, y_val, hidden=12, lr=lr, epochs=epochs, seed=seed)  # made up: 12 typed


def test_an_ignored_hidden_size_is_named():
    with pytest.raises(CheckFailed) as info:
        run_check("train", _train_with_its_own_hidden_size)
    assert info.value.mistakes == ("fp.ignores_argument",)
    assert "the argument hidden has no effect" in str(info.value)


def test_an_argument_used_wrongly_is_not_ignored():
    with pytest.raises(CheckFailed) as info:
        run_check("train", _train_with_a_larger_lr)
    assert "fp.ignores_argument" not in info.value.mistakes


def test_the_ignored_argument_fact_holds_only_for_identical_results():
    def scaled(x, k=2.0):
        return {"y": np.asarray(x) * k}

    def fixed(x, k=2.0):
        return {"y": np.asarray(x) * 3.0}

    x = np.array([1.0, 2.0])
    for fn, holds in ((fixed, True), (scaled, False)):
        given = fn(x, k=5.0)
        assert ignores_argument(fn, (x,), {"k": 5.0}, "k", 4.0, given, "fn(x)").holds is holds


# The first update of the perceptron rule, term by term.

def _perceptron_rule(bias_step=1.0):
    """The reference rule with b moved by bias_step times the step.

    Written as the reference run on c = b / bias_step, which moves by the step
    itself while the unit fires on w·x + bias_step * c.
    """
    rule = P.train_perceptron
    scaled = types.FunctionType(rule.__code__, {**rule.__globals__, "perceptron": lambda x, w, c:
                                                P.perceptron(x, w, bias_step * c)},
                                rule.__name__, rule.__defaults__)

    def train_perceptron(X, y, lr=1.0, epochs=20):
        w, c, errors = scaled(X, y, lr=lr, epochs=epochs)
        return w, bias_step * c, errors
    return train_perceptron


def test_a_bias_updated_with_the_wrong_sign_is_named():
    run_check("train_perceptron", _perceptron_rule())  # the rule as written here is right
    with pytest.raises(CheckFailed) as info:
        run_check("train_perceptron", _perceptron_rule(bias_step=-1.0))
    assert info.value.mistakes == ("fp.flipped_term",)


def test_a_bias_updated_with_another_slip_is_not_a_flipped_sign():
    with pytest.raises(CheckFailed) as info:
        run_check("train_perceptron", _perceptron_rule(bias_step=3.0))
    assert "fp.flipped_term" not in info.value.mistakes


# The spread of initial weights: a statistic, proven over layers of different sizes.

FAN_IN, FAN_OUT = np.array([300.0, 400.0]), np.array([400.0, 300.0])


@pytest.mark.parametrize("mistake_id, stds", [
    ("init.xavier", np.sqrt(1 / FAN_IN)),
    ("init.fan_out", np.sqrt(2 / FAN_OUT)),
    ("init.variance_as_std", 2 / FAN_IN),
    ("fp.unscaled_init", np.ones(2)),  # the generator's default scale, no He factor
])
def test_a_wrong_initial_spread_is_named(mistake_id, stds):
    noisy = stds * np.array([1.006, 0.993])  # the sample spread of 120,000 draws is within 1%
    assert f"[mistake: {mistake_id}]" in spread_hint(noisy, FAN_IN, FAN_OUT)


def test_the_right_spread_a_near_miss_and_a_shift_get_no_spread_hint():
    he = np.sqrt(2 / FAN_IN)
    assert spread_hint(he, FAN_IN, FAN_OUT) == ""
    assert spread_hint(np.sqrt(1 / FAN_IN) * 1.05, FAN_IN, FAN_OUT) == ""  # 5% from Xavier: not proven
    # a statistic has no "constant shift" to name
    assert spread_hint(he + 0.25, FAN_IN, FAN_OUT) == ""
    # one layer's spread, or layers of one size, cannot tell Xavier from a factor
    assert spread_hint(np.sqrt(1 / FAN_IN[:1]), FAN_IN[:1], FAN_OUT[:1]) == ""


# General fingerprints for the slips the second set left unnamed: each on a case other than its
# unseen mistake (a synthetic output or another blank), and silent on a near miss.

PROB = np.array([[0.2, 0.7, 0.45], [0.9, 0.35, 0.6]])  # probabilities, no two alike
GRID = np.array([-2.0, -0.75, -0.1, 0.3, 1.2, 2.5])  # both signs, no zero


def _named(blank, impl):
    with pytest.raises(CheckFailed) as info:
        run_check(blank, impl)
    return info.value.mistakes


def _off_at_one_entry(value, by=1e-3):
    near = np.array(value, dtype=np.float64, copy=True)
    near.flat[0] += by
    return near


def test_a_factor_missing_from_a_product_or_one_too_many():
    factors = Clues(factors={"y_hat": PROB})
    assert ids(E / PROB, E, factors) == ("fp.missing_factor",)  # got * y_hat = expected
    assert ids(E * (1 - PROB), E, factors) == ("fp.missing_factor",)  # (1 - y_hat) one too many
    assert ids(_off_at_one_entry(E * (1 - PROB)), E, factors) == ()


def test_a_derivative_with_its_function_as_a_factor_too_many_is_named():
    """sigmoid_grad = s**2 (1 - s): the student's own sigmoid, once too often."""
    assert "fp.missing_factor" in _named("sigmoid_grad", lambda x: A.sigmoid(x) ** 2 * (1 - A.sigmoid(x)))


def test_the_input_where_the_functions_value_belongs():
    assert _named("tanh_grad", lambda x: 1 - np.asarray(x) * A.tanh(x)) == ("fp.input_for_output",)
    assert _named("sigmoid_grad", lambda x: np.asarray(x) * (1 - A.sigmoid(x))) == ("fp.input_for_output",)
    assert _named("tanh_grad", lambda x: _off_at_one_entry(1 - np.asarray(x) * A.tanh(x))
                  if np.ndim(x) else 1 - x * A.tanh(x)) == ()
    # x everywhere (1 - x**2) is catalogued: the catalogue's hint comes first
    assert _named("tanh_grad", lambda x: 1 - np.asarray(x) ** 2) == ("tanh_grad.tanh_grad_of_input",)


def test_a_square_lost_or_one_too_many():
    positive = np.abs(E) + 0.1
    assert ids(np.sqrt(positive), positive) == ("fp.missing_square",)
    assert ids(positive ** 2, positive) == ("fp.missing_square",)
    assert ids(_off_at_one_entry(np.sqrt(positive)), positive) == ()
    assert "fp.missing_square" in _named("sigmoid_grad", lambda x: np.sqrt(A.sigmoid(x) * (1 - A.sigmoid(x))))


def test_one_branch_applied_everywhere_needs_both_signs():
    elu = np.where(GRID > 0, GRID, np.expm1(GRID))
    branches = Clues(piecewise=(GRID, {"exp(x) - 1": np.expm1(GRID), "x": GRID}))
    assert ids(np.expm1(GRID), elu, branches) == ("fp.one_branch",)
    assert ids(_off_at_one_entry(np.expm1(GRID)), elu, branches) == ()
    negative = -np.abs(GRID)
    one_sign = Clues(piecewise=(negative, {"2 * x": 2 * negative}))
    assert ids(2 * negative, np.where(negative > 0, negative, 0.5 * negative), one_sign) != ("fp.one_branch",)


def test_a_normalisation_left_out_per_row_or_column():
    u = np.exp(np.array([[0.1, 1.2, -0.3], [2.0, 0.4, 0.9], [-1.0, 0.0, 0.5]]))
    columns = u / u.sum(axis=0, keepdims=True)
    assert ids(u, columns) == ("fp.not_normalised",)
    assert ids(_off_at_one_entry(u), columns) == ()
    assert ids(2 * columns, columns) == ("fp.times_2",)  # one factor for all: a factor, named as such


def test_the_row_sum_check_of_softmax_carries_the_hint():
    def softmax(z):
        return np.exp(np.asarray(z, dtype=np.float64) - 1.0)  # never normalised, no max subtracted

    with pytest.raises(CheckFailed) as info:
        run_check("softmax", softmax)
    assert "every row should sum to 1" in str(info.value)
    assert info.value.mistakes == ("fp.not_normalised",)


def test_a_product_with_the_wrong_operand():
    rng = np.random.default_rng(3)
    D, B, A_ = rng.normal(size=(4, 6)), rng.normal(size=(6, 3)), rng.normal(size=(6, 5))
    operands = Clues(operands=("B", B, {"A": A_}))
    assert diagnosis.wrong_shape_values(D @ A_, D @ B, operands).mistake_ids == ("fp.wrong_operand",)
    assert diagnosis.wrong_shape_values(_off_at_one_entry(D @ A_), D @ B, operands) is None
    # as many unknowns as equations: any output fits some left factor, so nothing is proven
    wide = Clues(operands=("B", rng.normal(size=(9, 3)), {"A": rng.normal(size=(9, 5))}))
    assert diagnosis.wrong_shape_values(rng.normal(size=(4, 5)), rng.normal(size=(4, 3)), wide) is None
    D, B, C = rng.normal(size=(3, 4)), rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    same = Clues(operands=("B", B, {"C": C}))  # the same shape: judged by the values alone
    assert ids(D @ C, D @ B, same) == ("fp.wrong_operand",)
    assert ids(_off_at_one_entry(D @ C), D @ B, same) == ()


def test_a_deep_weight_gradient_from_the_pre_activation_is_the_wrong_operand():
    def backward_deep(X, y, params, cache, activation="relu"):
        grads = W.backward_deep(X, y, params, cache, activation)
        L = len(params) // 2
        # dW_L from z_{L-1} where a_{L-1} belongs: the same output error dz_L, another operand
        dz = (A.sigmoid(cache[f"z{L}"]) - np.asarray(y, dtype=np.float64).reshape(-1, 1)) / len(X)
        grads[f"dW{L}"] = dz.T @ cache[f"z{L - 1}"]
        return grads

    assert "fp.wrong_operand" in _named("backward_deep", backward_deep)


def test_a_percentage_needs_two_inputs_when_it_is_one_number():
    assert ids(100 * PROB, PROB) == ("fp.percent",)
    assert explain(np.array(86.9), np.array(0.869)) is None  # one number proves nothing
    two = Clues(also=[(np.array(100.0), np.array(1.0), Clues())])
    assert ids(np.array(86.9), np.array(0.869), two) == ("fp.percent",)
    assert ids(np.array(86.9), np.array(0.869), Clues(also=[(np.array(99.0), np.array(1.0), Clues())])) == ()


def test_the_weights_of_an_average_exchanged():
    v, g = np.array([0.5, -1.25, 2.0]), np.array([-0.3, 0.8, 1.7])
    clues = Clues(related=[fp.swapped_weights("your velocity", "beta", 0.8, v, "v", g, "g")])
    assert ids(0.2 * v + 0.8 * g, 0.8 * v + 0.2 * g, clues) == ("fp.swapped_weights",)
    assert ids(_off_at_one_entry(0.2 * v + 0.8 * g), 0.8 * v + 0.2 * g, clues) == ()


def test_adams_first_moment_with_its_weights_exchanged_is_named():
    def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        if state is None:
            state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                     "v": {k: np.zeros_like(p) for k, p in params.items()}}
        t = state["t"] + 1
        m = {k: (1 - beta1) * state["m"][k] + beta1 * grads["d" + k] for k in params}
        v = {k: beta2 * state["v"][k] + (1 - beta2) * grads["d" + k] ** 2 for k in params}
        new = {k: p - lr * (m[k] / (1 - beta1**t)) / (np.sqrt(v[k] / (1 - beta2**t)) + eps)
               for k, p in params.items()}
        return new, {"t": t, "m": m, "v": v}

    assert _named("adam_step", adam_step) == ("fp.swapped_weights",)


def test_every_item_counted():
    e = np.array([3.0, 1.0, 0.0, 0.0])
    assert ids(np.full(4, 5.0), e, Clues(count_of=5)) == ("fp.counts_all",)
    assert ids(np.array([5.0, 5.0, 5.0, 4.0]), e, Clues(count_of=5)) == ()
    assert ids(np.full(4, 5.0), np.full(4, 5.0), Clues(count_of=5)) == ()  # nothing fewer: not wrong


# General fingerprints of values (issue 15, the blind set's unnamed kinds): one group of entries
# wrong, a reciprocal, an affine relabelling, an argument without effect, one part of several
# wrong, a composition with the student's own functions. Each on made-up functions, each silent
# on a near miss, on too little evidence and on a right answer written another way.

SIGNS = Clues(groups={"x < 0": GRID < 0, "x > 0": GRID > 0})
ELU = np.where(GRID > 0, GRID, np.expm1(GRID))


def _message(blank, impl):
    with pytest.raises(CheckFailed) as info:
        run_check(blank, impl)
    return str(info.value)


def test_one_group_wrong_is_named_with_its_group():
    wrong = np.where(GRID > 0, GRID, -np.expm1(GRID))  # the x < 0 branch with the wrong sign
    found = explain(wrong, ELU, SIGNS)
    assert found.mistake_ids == ("fp.one_group",)
    assert "where x < 0 are wrong" in found.text and "opposite sign" in found.text
    assert ids(_off_at_one_entry(wrong, by=-1e-3), ELU, SIGNS) == ()  # the other group not right
    other = np.where(GRID > 0, 2 * GRID, -np.expm1(GRID))  # both groups wrong
    assert ids(other, ELU, SIGNS) == ()


def test_one_group_needs_two_magnitudes_in_it_to_name_a_cause():
    e = np.array([-0.5, -0.5, 0.3, 1.2])
    got = np.array([0.5, 0.5, 0.3, 1.2])  # one wrong magnitude: a sign, a shift, a factor of -1 alike
    found = explain(got, e, Clues(groups={"x < 0": e < 0, "x > 0": e > 0}))
    # no cause is named, only the values there: 0.5 where -0.5 belongs
    assert found.mistake_ids == ("fp.one_group_level",), found
    assert "every value is 0.5 where -0.5 belongs" in found.text and "sign" not in found.text, found.text


def test_a_slip_of_the_whole_output_is_named_as_such_not_as_a_group():
    relu = np.maximum(GRID, 0.0)
    assert ids(-relu, relu, SIGNS) == ("fp.sign_flip",)  # x < 0 unchanged (0), yet a sign flip


def test_two_explanations_of_one_group_are_both_named():
    # another activation's values: the same as the sign flip where x < 0, other ones where x > 0
    other = Hypothesis("fp.wrong_activation", "your values are those of another function.",
                       np.where(GRID > 0, 5.0, -np.expm1(GRID)))
    wrong = np.where(GRID > 0, GRID, -np.expm1(GRID))
    found = explain(wrong, ELU, Clues(groups=SIGNS.groups, related=[other]))
    assert found.mistake_ids == ("fp.one_group",) and "two slips" in found.text
    third = Hypothesis("fp.returns_input", "a third.", np.where(GRID > 0, 7.0, -np.expm1(GRID)))
    assert ids(wrong, ELU, Clues(groups=SIGNS.groups, related=[other, third])) == ()


def test_one_branch_of_a_made_up_leaky_relu_wrong_is_named():
    def leaky_relu(x, alpha=0.1):
        x = np.asarray(x, dtype=np.float64)
        return np.where(x > 0, x, -alpha * x)  # the negative side mirrored

    message = _message("leaky_relu", leaky_relu)
    assert "[mistake: fp.one_group]" in message and "where x < 0 are wrong" in message


def test_the_y_1_term_of_a_loss_gradient_with_the_wrong_sign_is_named():
    def bce_grad(y, y_hat, eps=1e-9):
        y_hat = np.asarray(y_hat, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
        p = np.clip(y_hat, eps, 1 - eps)
        return (y / p + (1 - y) / (1 - p)) / y_hat.size  # the y = 1 term's minus lost

    message = _message("binary_cross_entropy_grad", bce_grad)
    assert "[mistake: fp.flipped_term]" in message and "-y / y_hat (the y = 1 term) has the wrong sign" \
        in message


def test_the_true_class_of_a_softmax_gradient_wrong_is_named():
    from solutions import losses as L

    def grad(Y, Z):
        g = (L.softmax(Z) - Y) / np.shape(Z)[0]
        return np.where(np.asarray(Y) == 1, 2 * g, g)  # the true class counted twice

    message = _message("softmax_cross_entropy_grad", grad)
    assert "[mistake: fp.one_group]" in message and "Y = 1 (the true class) are wrong" in message


def test_a_reciprocal_is_named():
    assert ids(1 / E, E) == ("fp.reciprocal",)
    assert ids(_off_at_one_entry(1 / E), E) == ()
    assert explain(np.array([1 / 0.3]), np.array([0.3])) is None  # one entry proves nothing
    assert _named("sigmoid_grad", lambda x: 1 / (A.sigmoid(x) * (1 - A.sigmoid(x)))) == ("fp.reciprocal",)


def test_an_affine_map_of_real_values_is_named_and_its_special_cases_keep_their_names():
    assert ids(2 * E - 1, E) == ("fp.affine",)
    assert ids(0.5 * E + 0.5, E) == ("fp.affine",)
    assert ids(1.3 * E + 0.5, E) == ()  # not simple constants: a fit of two parameters names nothing
    assert ids(_off_at_one_entry(2 * E - 1), E) == ()
    assert ids(1 - E, E) == ("fp.complement",) and ids(-E, E) == ("fp.sign_flip",)
    assert ids(E + 0.5, E) == ("fp.shift",) and ids(2 * E, E) == ("fp.times_2",)
    two = np.array([0.25, 0.25, 0.75])  # two distinct values only, one of them held once
    assert ids(2 * two - 1, two) == ()


def test_labels_in_the_other_convention_need_every_label_twice():
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    assert ids(2 * y - 1, y) == ("fp.signed_labels",)
    assert ids(y, 2 * y - 1) == ("fp.signed_labels",)  # the reverse: 0/1 where -1/+1 belong
    assert ids(np.array([-1.0, 1.0]), np.array([0.0, 1.0])) == ()  # two entries: any map is affine
    assert ids(np.array([-1.0, 1.0, 1.0, 1.0]), np.array([0.0, 1.0, 1.0, 1.0])) == ()  # one 0 only
    assert ids(np.array([-1.0, 1.0, 0.0, 1.0]), np.array([0.0, 1.0, 0.0, 1.0])) == ()  # not consistent
    assert "fp.signed_labels" in _named("relu_grad", lambda x: np.sign(np.asarray(x, dtype=np.float64)))


def test_an_argument_without_effect_names_the_value_fixed_in_its_place():
    from autograder.arguments import unused_parameter

    x = np.array([-2.0, 0.5, 3.0])

    def fixed(x, k=2.0):
        return 3.0 * np.asarray(x)

    def used(x, k=2.0):
        return k * np.asarray(x)

    def at(k):
        return k * x

    found = unused_parameter(fixed, (x,), "k", (2.0, 5.0), at, "f(x)", "f", constants=(3.0,))
    assert found.holds and "k = 2 and k = 5" in found.hint and "is 3 hard-coded" in found.hint
    assert "hard-coded" not in unused_parameter(fixed, (x,), "k", (2.0, 5.0), at, "f(x)", "f", ()).hint
    assert not unused_parameter(used, (x,), "k", (2.0, 5.0), at, "f(x)", "f").holds
    assert not unused_parameter(fixed, (x,), "k", (2.0, 5.0), lambda k: x, "f(x)", "f").holds  # no effect due


def test_a_hard_coded_alpha_or_learning_rate_is_named():
    def leaky_relu(x, alpha=0.1):
        x = np.asarray(x, dtype=np.float64)
        return np.where(x > 0, x, 0.05 * x)

    message = _message("leaky_relu", leaky_relu)
    assert "[mistake: fp.ignores_argument]" in message and "is 0.05 hard-coded" in message
    message = _message("sgd_step", lambda params, grads, lr: {k: p - 0.05 * grads["d" + k]
                                                              for k, p in params.items()})
    assert "[mistake: fp.ignores_argument]" in message and "is 0.05 hard-coded" in message
    assert message.count("fp.ignores_argument") == 1  # a fact about the function, named once
    run_check("leaky_relu", lambda x, alpha=0.1: np.maximum(x, alpha * np.asarray(x, dtype=np.float64)))


def test_every_wrong_part_of_a_result_is_explained_by_its_part():
    from solutions import backprop as B

    def backward(X, y, params, cache):
        grads = dict(B.backward(X, y, params, cache))
        grads["dW1"] = grads["dW1"] + 1e-3 * np.arange(grads["dW1"].size).reshape(grads["dW1"].shape)
        grads["db1"] = 2 * grads["db1"]  # proven on its own, though dW1 is reported first
        return grads

    message = _message("backward", backward)
    assert "grads['dW1']" in message.splitlines()[0]
    assert "Hint: db1: your values are exactly 2 times" in message and "[mistake: fp.times_2]" in message

    def unexplained(X, y, params, cache):
        grads = dict(B.backward(X, y, params, cache))
        for key in ("dW1", "db1"):
            grads[key] = grads[key] + 1e-3 * np.arange(grads[key].size).reshape(grads[key].shape)
        return grads

    with pytest.raises(CheckFailed) as info:  # parts that prove nothing add nothing
        run_check("backward", unexplained)
    assert info.value.mistakes == ("backprop.first_layer",)


def test_a_derivative_taken_at_the_functions_value_is_named():
    def sigmoid_grad(x):
        s = A.sigmoid(A.sigmoid(x))  # the slope at the activation where the pre-activation belongs
        return s * (1 - s)

    assert _named("sigmoid_grad", sigmoid_grad) == ("fp.composed",)
    assert _named("tanh_grad", lambda x: A.tanh(A.tanh(x))) == ("fp.composed",)
    def wrong_sigmoid(x):
        return A.sigmoid(x) + 0.01

    def on_the_wrong_sigmoid(x):
        s = wrong_sigmoid(wrong_sigmoid(x))
        return s * (1 - s)

    with pytest.raises(CheckFailed) as info:  # a wrong sigmoid of the student's own: nothing built on it
        C.check_sigmoid_grad(on_the_wrong_sigmoid, wrong_sigmoid)
    assert "fp.composed" not in info.value.mistakes
    run_check("sigmoid_grad", lambda x: A.sigmoid(x) - A.sigmoid(x) ** 2)  # right, in another form


def test_a_softmax_applied_to_probabilities_is_named():
    from solutions import losses as L

    assert _named("softmax_cross_entropy_grad",
                  lambda Y, Z: (L.softmax(L.softmax(Z)) - Y) / np.shape(Z)[0]) == ("fp.composed",)


def test_a_loss_term_with_the_wrong_sign_or_missing_is_named_by_its_label():
    def bce_grad(second):
        """The gradient with its y = 0 term times ``second`` (1 is right)."""
        def grad(y, y_hat, eps=1e-9):
            y_hat = np.asarray(y_hat, dtype=np.float64)
            y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
            p = np.clip(y_hat, eps, 1 - eps)
            return (-y / p + second * (1 - y) / (1 - p)) / y_hat.size
        return grad

    message = _message("binary_cross_entropy_grad", bce_grad(-1.0))
    assert "[mistake: fp.flipped_term]" in message and "(the y = 0 term) has the wrong sign" in message
    # the term left out: here "times y" explains the whole output first; the groups alone name the term
    y = np.array([1.0, 0.0, 0.0, 1.0, 0.0, 1.0])
    e = np.array([-0.8, 0.3, 1.7, -2.5, 0.45, -1.1])
    terms = Clues(groups={"y = 0": y == 0, "y = 1": y == 1}, group_terms={"y = 0": "the y = 0 term",
                                                                        "y = 1": "the y = 1 term"})
    found = explain(np.where(y == 0, 0.0, e), e, terms)
    assert found.mistake_ids == ("fp.missing_term",) and "the y = 0 term is missing" in found.text
    assert ids(np.where(y == 0, 0.0, e), e, Clues(groups=terms.groups)) == ("fp.one_group",)
    assert "Hint:" not in _message("binary_cross_entropy_grad", bce_grad(-1.01))  # a near miss
    run_check("binary_cross_entropy_grad", bce_grad(1.0))  # the right gradient, written this way


def test_a_seed_without_effect_is_named():
    def init_params(n_in, n_hidden, n_out=1, seed=0):
        return F.init_params(n_in, n_hidden, n_out, seed=3)

    assert _named("init_params", init_params) == ("fp.ignores_argument",)


def test_zeros_are_no_lost_square():
    """sign(0) * sqrt(e) is 0: zeros must not pass for the square roots of positive values."""
    assert ids(np.zeros_like(PROB), PROB) == ("fp.zeros",)


def test_the_labels_term_of_a_softmax_gradient_missing_is_named():
    from solutions import losses as L

    message = _message("softmax_cross_entropy_grad", lambda Y, Z: L.softmax(Z) / np.shape(Z)[0])
    assert "[mistake: fp.missing_term]" in message
    assert "the expected ones without the labels' term -Y / N" in message


def test_a_reciprocal_that_another_slip_explains_too_names_both():
    found = explain(1 / E, E, Clues(mirrored=1 / E))
    assert set(found.mistake_ids) == {"fp.reciprocal", "fp.mirrored_input"} and "two slips" in found.text


def test_a_perceptron_in_the_minus_one_plus_one_convention_is_named():
    def perceptron(x, w, b):
        return int(np.sign(np.dot(w, x) + b) or 1)  # -1 below the boundary, +1 on and above it

    assert _named("perceptron", perceptron) == ("fp.signed_labels",)
    assert _named("perceptron", lambda x, w, b: -1) == ()  # a constant: no map is proven


def test_a_catalogued_mistake_is_named_only_when_it_explains_every_output_of_the_call():
    """One gradient like a catalogued mistake's is not that mistake when the others are right.

    never_divides_by_n makes all four gradients N times too large; a backward that forgets 1/N
    in db1 alone matched its db1 and was told "your gradients are exactly N times too large"
    (eleventh set, blind), in the check and in the gradient check.
    """
    from solutions import backprop as B

    def backward(X, y, params, cache):
        grads = dict(B.backward(X, y, params, cache))
        grads["db1"] = grads["db1"] * X.shape[0]
        return grads

    from autograder.checks import check_backward_numerically
    from solutions import forward_pass as F
    from solutions import losses as L

    for run in (lambda: run_check("backward", backward),
                lambda: check_backward_numerically(backward, F.forward, L.binary_cross_entropy)):
        with pytest.raises(CheckFailed) as info:
            run()
        assert "backward.never_divides_by_n" not in info.value.mistakes, str(info.value)
        assert "fp.times_n" in info.value.mistakes, str(info.value)
    # the catalogued mistake itself is still named by its own hint
    from solutions.mistakes.backprop import never_divides_by_n
    assert _named("backward", never_divides_by_n) == ("backward.never_divides_by_n",)


def test_one_wrong_gradient_of_the_first_layer_is_told_apart_from_both():
    from solutions import backprop as B

    def unmasked_dW1(X, y, params, cache):
        grads = dict(B.backward(X, y, params, cache))
        n = X.shape[0]
        dz2 = (B.sigmoid(cache["z2"]) - np.asarray(y, dtype=np.float64).reshape(-1, 1)) / n
        grads["dW1"] = (dz2 @ params["W2"]).T @ X  # the unmasked da1 where the masked dz1 belongs
        return grads

    message = _message("backward", unmasked_dW1)
    assert "only dW1 is not" in message and "first layer's gradients are not" not in message, message


def test_a_loss_that_counts_one_example_is_named_with_which_one():
    """A running total reset inside the loop keeps the last example; a return in the loop the first."""
    def bce_last(y, y_hat):  # made up for the test
        for y_i, p_i in zip(y, y_hat, strict=True):
            total = 0.0
            total += -(y_i * np.log(p_i) + (1 - y_i) * np.log(1 - p_i))
        return total / len(y)

    def mse_first(y, y_hat):
        for y_i, p_i in zip(y, y_hat, strict=True):
            return (p_i - y_i) ** 2

    def cce_last(Y, P):
        for row in range(len(Y)):
            loss = -np.sum(Y[row] * np.log(P[row]))
        return loss

    assert _named("binary_cross_entropy", bce_last) == ("fp.one_example",)
    message = _message("mse", mse_first)
    assert "fp.one_example" in message and "the first example's loss alone" in message, message
    assert "the last example's loss alone" in _message("categorical_cross_entropy", cce_last)
    # another slip is not called one example's loss
    assert "fp.one_example" not in _message("binary_cross_entropy",
                                            lambda y, y_hat: -np.mean(y * np.log(y_hat)))


def test_an_mse_taken_as_the_variance_of_the_differences_is_named():
    assert _named("mse", lambda y, y_hat: np.var(np.asarray(y) - np.asarray(y_hat))) == ("fp.centred",)
    assert "fp.centred" not in _message("mse", lambda y, y_hat: np.mean(np.abs(np.asarray(y) - y_hat)))


def _stable_softmax(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_a_softmax_gradient_that_keeps_its_pieces_wrong_is_named():
    """The 1 taken off at the predicted class, or dL/dP returned where dL/dZ is asked."""
    def at_prediction(Y, Z):  # made up for the test
        dZ = _stable_softmax(Z)
        dZ[np.arange(len(Z)), Z.argmax(axis=1)] -= 1
        return dZ / len(Z)

    def wrt_probabilities(Y, Z):
        return -Y / _stable_softmax(Z) / len(Z)

    assert _named("softmax_cross_entropy_grad", at_prediction) == ("fp.wrong_class",)
    assert _named("softmax_cross_entropy_grad", wrt_probabilities) == ("fp.wrong_variable",)
    # a gradient without its 1 / N is not called either
    message = _message("softmax_cross_entropy_grad", lambda Y, Z: _stable_softmax(Z) - Y)
    assert "fp.wrong_class" not in message and "fp.wrong_variable" not in message


def test_a_penalty_that_leaves_one_weight_matrix_out_is_named_with_which():
    from solutions import what_next as W

    def w1_unpenalised(X, y, params, reg=0.0):  # made up for the test
        loss, grads = W.softmax_classifier_loss(X, y, params, reg=reg)
        return loss - 0.5 * reg * np.sum(params["W1"] ** 2), grads

    message = _message("softmax_classifier_loss", w1_unpenalised)
    assert "[mistake: fp.missing_term]" in message and "W1's |W1|^2 is left out" in message, message


def test_a_row_never_filled_is_named_and_not_called_unnormalised():
    """A loop over rows that stops one short leaves a row of zeros: no multiple of its expected row
    (eleventh set, blind: "divided by a number other than its own sum")."""
    from solutions import losses as L

    def softmax(z):  # made up for the test
        z = np.asarray(z, dtype=np.float64)
        if z.ndim == 1:
            return L.softmax(z)
        out = np.zeros_like(z)
        for i in range(len(z) - 1):
            out[i] = L.softmax(z[i])
        return out

    message = _message("softmax", softmax)
    assert "[mistake: fp.left_unfilled]" in message and "fp.not_normalised" not in message, message


def test_hyperparameters_that_fit_each_other_s_names_are_called_exchanged():
    """HIDDEN, LR, EPOCHS = 64, 849, 3.0 (unpacked in another order) was told "write EPOCHS = 3"."""
    from autograder.checks.training import check_hyperparameters

    with pytest.raises(CheckFailed) as info:
        check_hyperparameters(64, 849, 3.0, announce=False)
    assert info.value.mistakes == ("fp.exchanged_values",) and "Write EPOCHS = 3" not in str(info.value)
    assert "849 fits EPOCHS" in str(info.value) and "3.0 fits LR" in str(info.value)
    with pytest.raises(CheckFailed) as info:  # a float count alone is still that, not an exchange
        check_hyperparameters(64, 3.0, 849.0, announce=False)
    assert info.value.mistakes == ("err.float_index",)
    check_hyperparameters(64, 3, 849, announce=False)  # an int rate fits LR: no exchange claimed


def test_an_empty_last_batch_and_a_count_per_array_are_named():
    """range(0, N + 1, batch_size) yields an empty batch when batch_size divides N; t += 1 inside
    the loop over the parameters counts once per array (eleventh set, blind: no hint)."""
    def iterate_minibatches(X, y, batch_size, rng):  # made up for the test
        order = rng.permutation(len(X))
        for start in range(0, len(X) + 1, batch_size):
            rows = order[start:start + batch_size]
            yield X[rows], y[rows]

    assert "fp.empty_batch" in _message("iterate_minibatches", iterate_minibatches)

    def adam_step(params, grads, state=None, lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8):
        state = state or {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                          "v": {k: np.zeros_like(p) for k, p in params.items()}}
        t, new, m, v = state["t"], {}, {}, {}
        for k, p in params.items():
            t += 1  # once per array
            g = grads["d" + k]
            m[k] = beta1 * state["m"][k] + (1 - beta1) * g
            v[k] = beta2 * state["v"][k] + (1 - beta2) * g ** 2
            new[k] = p - lr * (m[k] / (1 - beta1 ** t)) / (np.sqrt(v[k] / (1 - beta2 ** t)) + eps)
        return new, {"t": t, "m": m, "v": v}

    message = _message("adam_step", adam_step)
    assert "[mistake: fp.count_per_item]" in message and "once per parameter array" in message, message


def test_a_loss_that_broadcasts_its_unlike_shaped_pair_is_named():
    """Right on y and y_hat of one shape, (N,) against (N, 1) it averages the (N, N) table: proven by
    the student's own loss on that table."""
    def mse_as_given(y, y_hat):
        return float(np.mean((np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)) ** 2))

    def bce_as_given(y, y_hat):
        p = np.clip(np.asarray(y_hat, dtype=float), 1e-12, 1 - 1e-12)
        y = np.asarray(y, dtype=float)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))

    message = _message("mse", mse_as_given)
    assert "fp.broadcast_pair" in message and "tables they broadcast to" in message, message
    # where the catalogue has the same slip stored, its own hint is shown, not the generic one
    assert _named("binary_cross_entropy", bce_as_given) == ("binary_cross_entropy.bce_without_ravel",)
    # a loss wrong in another way on unlike shapes is not called a broadcast
    assert "fp.broadcast_pair" not in _message(
        "mse", lambda y, y_hat: float(np.mean((np.ravel(y) - np.ravel(y_hat)) ** 2))
        + (0.0 if np.shape(y) == np.shape(y_hat) else 0.1))


def test_a_loss_that_takes_its_labels_from_its_predictions_is_named():
    def cce_predicted(Y, P):
        P = np.clip(np.asarray(P, dtype=float), 1e-12, 1.0)
        return float(-np.mean(np.log(np.take_along_axis(P, P.argmax(axis=1)[:, None], axis=1))))

    def bce_rounded(y, y_hat):
        p = np.clip(np.ravel(y_hat).astype(float), 1e-12, 1 - 1e-12)
        guess = (p >= 0.5).astype(float)
        return float(-np.mean(guess * np.log(p) + (1 - guess) * np.log(1 - p)))

    assert _named("categorical_cross_entropy", cce_predicted) == ("fp.predictions_as_labels",)
    assert _named("binary_cross_entropy", bce_rounded) == ("fp.predictions_as_labels",)
    assert "fp.predictions_as_labels" not in _message(
        "categorical_cross_entropy", lambda Y, P: float(-np.mean(np.sum(Y * np.log(P + 0.5), axis=1))))


def test_a_softmax_whose_rows_depend_on_each_other_is_named_and_one_wrong_row_by_row_is_not():
    def shift_by_column(z):
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def centred_by_column(z):
        e = np.exp(z - z.mean(axis=0, keepdims=True) - 1.0)
        return e / e.sum(axis=1, keepdims=True)

    for softmax in (shift_by_column, centred_by_column):
        message = _message("softmax", softmax)
        assert "fp.rows_mixed" in message and "replacing row 0 alone" in message, message
    assert "fp.rows_mixed" not in _message("softmax", lambda z: _stable_softmax(np.asarray(z) / 2))


def test_a_bce_with_one_term_summed_and_the_other_averaged_is_named():
    def bce_mixed(y, y_hat):
        y, p = np.ravel(y).astype(float), np.clip(np.ravel(y_hat).astype(float), 1e-12, 1 - 1e-12)
        return float(-(np.sum(y * np.log(p)) + np.mean((1 - y) * np.log(1 - p))))

    message = _message("binary_cross_entropy", bce_mixed)
    assert "fp.term_reduction" in message and "sums the y * log(y_hat) term" in message, message


def test_an_mse_taken_as_another_measure_of_the_error_is_named():
    def rmse(y, y_hat):
        return float(np.sqrt(np.mean((np.ravel(y) - np.ravel(y_hat)) ** 2)))

    def mae(y, y_hat):
        return float(np.mean(np.abs(np.ravel(y) - np.ravel(y_hat))))

    def norm_over_n(y, y_hat):
        d = np.ravel(y) - np.ravel(y_hat)
        return float(np.linalg.norm(d) / d.size)

    # catalogued: their own hints beat the generic one
    assert (_named("mse", rmse), _named("mse", mae)) == (("mse.mse_rooted",), ("mse.mse_without_square",))
    assert _named("mse", norm_over_n) == ("fp.other_error_measure",)
    assert "divided by N" in _message("mse", norm_over_n)


def test_an_mse_of_the_squares_subtracted_is_named_with_its_algebra():
    def squares_subtracted(y, y_hat):  # made up: y_hat**2 - y**2, the other order of the set's slip
        return float(np.sum(np.ravel(y_hat) ** 2 - np.ravel(y) ** 2) / np.size(y))

    assert _named("mse", squares_subtracted) == ("fp.other_error_measure",)
    assert "not a difference of squares" in _message("mse", squares_subtracted)


def test_an_accuracy_of_one_class_is_named_and_which_class_it_counts():
    def precision(y_true, y_pred):
        t, p = np.ravel(y_true).astype(float), np.ravel(y_pred).astype(float)
        return float(np.sum(t * p) / np.sum(p))

    message = _message("accuracy", precision)
    assert "fp.one_class_rate" in message and "the examples predicted 1" in message, message
    assert "fp.one_class_rate" not in _message(
        "accuracy", lambda y_true, y_pred: float(np.mean(np.ravel(y_true) == np.ravel(y_pred))) * 0.9)


def _softmax_grad_taking_off(take_off):
    def softmax_cross_entropy_grad(Y, Z):  # made up: the 1 taken off by take_off(P, labels)
        Z = np.asarray(Z, dtype=np.float64)
        e = np.exp(Z - Z.max(axis=1, keepdims=True))
        P = e / e.sum(axis=1, keepdims=True)
        take_off(P, np.argmax(Y, axis=1))
        return P / len(Z)
    return softmax_cross_entropy_grad


def test_labels_that_index_whole_rows_are_named():
    def rows_once(P, labels):
        P[np.unique(labels)] -= 1.0

    found = _named("softmax_cross_entropy_grad", _softmax_grad_taking_off(rows_once))
    assert found == ("fp.labels_index_rows",)


def test_rows_taken_off_once_per_label_are_not_that_slip():
    """np.subtract.at takes 1 off a row once for every label naming it: other values where labels repeat."""
    def rows_per_label(P, labels):
        np.subtract.at(P, labels, 1.0)

    found = _named("softmax_cross_entropy_grad", _softmax_grad_taking_off(rows_per_label))
    assert "fp.labels_index_rows" not in found


def test_an_activation_put_on_the_inputs_is_named():
    def forward(X, params):  # made up: the inputs squashed by tanh before the first layer
        X = np.tanh(np.asarray(X, dtype=np.float64))
        z1 = X @ params["W1"].T + params["b1"]
        a1 = np.maximum(z1, 0.0)
        z2 = a1 @ params["W2"].T + params["b2"]
        return (1 / (1 + np.exp(-z2))).ravel(), {"z1": z1, "a1": a1, "z2": z2}

    assert _named("forward", forward) == ("fp.activation_on_input",)
    assert "from tanh(X)" in _message("forward", forward)


def _backward_with_output_error(error_of):
    def backward(X, y, params, cache):  # made up: the output error computed by error_of(y_hat - y, N)
        n = X.shape[0]
        s = 1 / (1 + np.exp(-cache["z2"]))
        dz2 = error_of(s - np.asarray(y, dtype=np.float64).reshape(-1, 1), n)
        dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
        return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}
    return backward


def test_an_output_error_floored_by_integer_division_is_named():
    found = _named("backward", _backward_with_output_error(lambda d, n: np.floor_divide(d, n)))
    assert found == ("fp.whole_number",)


def test_an_error_floored_before_the_mean_is_not_that_slip():
    found = _named("backward", _backward_with_output_error(lambda d, n: (d // 1) / n))
    assert "fp.whole_number" not in found or "dz2 rounded down" not in _message(
        "backward", _backward_with_output_error(lambda d, n: (d // 1) / n))
