"""Slips the twelfth and thirteenth sets left silent, each named by a general mechanism, and only when
proven.

An output that stops changing beyond some x (the input or the output clipped), a derivative
computed as a difference quotient of the student's own function, one branch of a piecewise
function that is one wrong number where one number belongs, a Python list returned where
an array belongs, and a bias that starts at one nonzero number. Each is tried on made-up
functions (none is an entry of any set of mistakes): a slip it must name, a near miss it must
not, and a right answer written differently that must pass without a hint. The checks run in
this process, on their stored cases.
"""

import numpy as np
import pytest
from blanks import REFERENCE, mistakes_of, run_check

from autograder.checking import CheckFailed
from autograder.fingerprints import Clues, explain
from solutions import activations as A
from solutions import losses as L


def _f(x):
    return np.asarray(x, dtype=np.float64)


def passes(blank, impl, capsys):
    run_check(blank, impl)
    out = capsys.readouterr().out
    assert "✓" in out and "[mistake:" not in out


# --- 1. an output clipped: the values stop changing beyond some x -------------------------------

def _sigmoid_capped(x):
    return np.minimum(A.sigmoid(_f(x)), 0.99)


def _tanh_clipped_both_sides(x):
    return np.tanh(np.clip(_f(x), -4.0, 4.0))


def _tanh_doubled_far_out(x):
    x = _f(x)
    return np.where(np.abs(x) > 5, 2 * np.tanh(x), np.tanh(x))


def _tanh_clipped_far_beyond_float64(x):
    return np.tanh(np.clip(_f(x), -40.0, 40.0))


@pytest.mark.parametrize(("impl", "words"),
                         [(_sigmoid_capped, "for x >= 6 every value is 0.99"),
                          (_tanh_clipped_both_sides, "for x <= -6 every value is -0.999329")])
def test_an_output_that_stops_changing_beyond_some_x_is_called_clipped(impl, words):
    found, text = mistakes_of("sigmoid" if impl is _sigmoid_capped else "tanh", impl)
    assert found == ("fp.saturated",), text
    assert words in text and "clipped" in text, text


def test_values_that_go_on_changing_far_out_are_no_clip():
    found, text = mistakes_of("tanh", _tanh_doubled_far_out)
    assert "fp.saturated" not in found, text


def test_a_clip_beyond_where_float64_changes_passes(capsys):
    passes("tanh", _tanh_clipped_far_beyond_float64, capsys)


def test_one_clipped_value_or_a_wrong_value_nearer_zero_proves_no_clip():
    x = np.array([-3.0, -1.0, 0.5, 2.0, 4.0])
    expected = np.tanh(x)
    one = expected.copy()
    one[-1] = 0.9  # one wrong entry: a single number repeats nothing
    nearer = expected.copy()
    nearer[[3, 4]] = 0.4  # a clip above x = 2 on its own ...
    nearer[1] = 0.0  # ... but x = -1 is wrong where x = -3, farther out, is right: no clip
    for got in (one, nearer):
        found = explain(got, expected, Clues(inputs={"x": x}))
        assert found is None or "fp.saturated" not in found.mistake_ids, found


def _relu_capped_at_nine(x):
    return np.minimum(np.maximum(_f(x), 0.0), 9.0)  # made up: only x = 12 of the grid lies past 9


def test_a_clip_one_grid_entry_shows_is_proven_with_the_stored_huge_x():
    """The grid holds one entry past 9 (x = 12), which alone proves nothing; the stored x = 40, 745
    and 1000 of the blank's extreme case prove it. Before 2026-12-04 this was silent."""
    found, text = mistakes_of("relu", _relu_capped_at_nine)
    assert found == ("fp.saturated",), text
    assert "every value is 9" in text and "clipped" in text, text


def _relu_doubled_far_out(x):
    x = _f(x)
    return np.where(x > 9, 2 * x, np.maximum(x, 0.0))  # made up: wrong past 9, but still changing


def test_a_wrong_value_past_the_grid_that_goes_on_changing_is_no_clip():
    found, text = mistakes_of("relu", _relu_doubled_far_out)
    assert "fp.saturated" not in found, text


def test_a_cut_off_slope_is_a_clip_where_far_out_the_true_slope_is_zero_too():
    """A slope set to 0 beyond |x| = 4 is right again at x = 30, where 1 - tanh(x)^2 is 0 in float64:
    a right entry beyond the wrong ones that has the same value does not refute the cut-off (before
    2026-12-04 it did)."""
    x = np.array([-30.0, -6.0, -4.5, -1.0, 0.5, 2.0, 5.0, 7.0, 30.0])
    expected = 1.0 - np.tanh(x) ** 2
    got = np.where(np.abs(x) > 4, 0.0, expected)
    found = explain(got, expected, Clues(inputs={"x": x}))
    assert found is not None and found.mistake_ids == ("fp.saturated",), found
    still = got.copy()
    still[-1] = 1e-3  # far out it changes again: no cut-off
    found = explain(still, expected, Clues(inputs={"x": x}))
    assert found is None or "fp.saturated" not in found.mistake_ids, found


def _sigmoid_clipped_at_eight(x):
    return A.sigmoid(np.clip(_f(x), -8.0, 8.0))  # made up: the grid's 12 is the only entry past 8


def test_a_hidden_sweep_of_sizes_proves_a_clip_that_random_arrays_show_once(monkeypatch):
    """The hidden elementwise cases end with a sweep of sizes up to 30, and a failing hidden check shows
    the first failing case whose message names a mistake, in the kernel and in the grader. Before
    2026-12-04 the first failing case was shown, a random array with one entry past the clip."""
    from autograder import trusted
    from autograder.answers import INPUTS_ENV, encode
    from autograder.hidden import hidden_check

    monkeypatch.delenv(INPUTS_ENV, raising=False)
    call = trusted.HiddenCall("sigmoid", 201)
    cases, drawn = trusted.draw(call)
    outputs = [_sigmoid_clipped_at_eight(*args, **kwargs) for args, kwargs in cases]
    wrong = [i for i, (o, e) in enumerate(zip(outputs, drawn.expected, strict=True)) if not np.allclose(o, e)]
    assert len(wrong) >= 2, wrong  # a random array fails first, the sweep after it
    with pytest.raises(CheckFailed) as in_kernel:
        hidden_check("sigmoid", _sigmoid_clipped_at_eight, seed=201)
    assert in_kernel.value.mistakes == ("fp.saturated",), str(in_kernel.value)
    said = trusted.judge(call, {"blank": "sigmoid", "seed": 201, "outputs": [encode(o) for o in outputs]},
                         drawn)
    assert said is not None and "[mistake: fp.saturated]" in said, said


def test_the_grader_judges_the_cases_it_drew_and_draws_none_again():
    """``judge`` reads the cases ``draw`` made (kept in its Drawn), not a second draw from the seed: here
    one case of its own where the seed draws four (before 2026-12-04 the redraw refused the answer)."""
    from autograder import trusted
    from autograder.answers import encode

    x = np.array([[0.5, 2.0, 9.5, 11.0, 13.0], [-0.5, -2.0, -9.5, -11.0, -13.0]])
    drawn = trusted.Drawn(cases=[((x,), {})], expected=[A.sigmoid(x)])
    call = trusted.HiddenCall("sigmoid", 201)
    answer = {"blank": "sigmoid", "seed": 201, "outputs": [encode(_sigmoid_clipped_at_eight(x))]}
    said = trusted.judge(call, answer, drawn)
    assert said is not None and "[mistake: fp.saturated]" in said and "x >= 9.5" in said, said
    right = {"blank": "sigmoid", "seed": 201, "outputs": [encode(A.sigmoid(x))]}
    assert trusted.judge(call, right, drawn) is None


def test_a_hidden_failure_with_no_hint_anywhere_shows_the_first_failing_case(monkeypatch):
    from autograder.answers import INPUTS_ENV
    from autograder.hidden import hidden_check

    monkeypatch.delenv(INPUTS_ENV, raising=False)

    def sigmoid_off_past_three(x):  # made up: wrong past |x| = 3, by an amount that changes with x
        x = _f(x)
        return np.where(np.abs(x) > 3, A.sigmoid(x) * (1 + 1e-3 * np.sin(x)), A.sigmoid(x))

    with pytest.raises(CheckFailed) as info:
        hidden_check("sigmoid", sigmoid_off_past_three, seed=201)
    assert info.value.mistakes == () and "on a hidden random input" in str(info.value)
    assert "(2, 16)" not in str(info.value)  # the first failing case is a random array, not the sweep


# --- 2. a derivative as a difference quotient of the student's own function ---------------------

def _tanh_grad_central(x):
    x = _f(x)
    return (np.tanh(x + 0.5) - np.tanh(x - 0.5)) / 1.0


def _sigmoid_grad_forward(x):
    x = _f(x)
    return (A.sigmoid(x + 0.01) - A.sigmoid(x)) / 0.01


def _tanh_grad_unlisted_step(x):
    x = _f(x)
    h = 0.2  # not a step of DIFFERENCE_STEPS: what the check cannot know, it does not claim
    return (np.tanh(x + h) - np.tanh(x - h)) / (2 * h)


@pytest.mark.parametrize(("blank", "impl", "words"),
                         [("tanh_grad", _tanh_grad_central, "central difference"),
                          ("sigmoid_grad", _sigmoid_grad_forward, "forward difference")])
def test_a_coarse_difference_quotient_is_named_with_its_step(blank, impl, words):
    found, text = mistakes_of(blank, impl)
    assert found == ("fp.finite_difference",), text
    assert words in text and ("h = 0.5" in text or "h = 0.01" in text), text


def test_a_difference_quotient_at_a_step_of_no_list_is_not_named():
    found, text = mistakes_of("tanh_grad", _tanh_grad_unlisted_step)
    assert "fp.finite_difference" not in found, text


def test_the_exact_derivative_passes(capsys):
    passes("tanh_grad", lambda x: 1 - np.tanh(_f(x)) ** 2, capsys)


# --- 3. one branch one wrong number: the values, said as a fact -----------------------------------

def _leaky_grad_positive_slope_wrong(x, alpha=0.1):
    return np.where(_f(x) > 0, 1.3, alpha)


def _leaky_grad_both_wrong(x, alpha=0.1):
    return np.where(_f(x) > 0, 1.3, 2 * alpha)


def test_a_branch_that_is_one_wrong_number_is_told_its_values():
    found, text = mistakes_of("leaky_relu_grad", _leaky_grad_positive_slope_wrong)
    assert found == ("fp.one_group_level",), text
    assert "where x > 0" in text and "every value is 1.3 where 1 belongs" in text, text


def test_both_branches_wrong_is_no_one_branch_fact():
    found, text = mistakes_of("leaky_relu_grad", _leaky_grad_both_wrong)
    assert "fp.one_group_level" not in found, text


# --- 4. a Python list where an array belongs -------------------------------------------------------

def test_a_list_returned_is_named_as_a_hint():
    found, text = mistakes_of("relu", lambda x: [max(v, 0.0) for v in _f(x).ravel()])
    assert found == ("fp.python_list",), text
    assert "is a Python list" in text, text


def test_an_array_from_a_list_passes(capsys):
    passes("relu", lambda x: np.array([max(v, 0.0) for v in _f(x).ravel()]).reshape(_f(x).shape), capsys)
    with pytest.raises(CheckFailed):
        run_check("relu", lambda x: np.array([max(v, 0.0) for v in _f(x).ravel()]))


# --- 5. a bias that starts at one nonzero number ---------------------------------------------------

def _init_with_biases(fill):
    def init_params(n_in, n_hidden, n_out=1, seed=0):
        rng = np.random.default_rng(seed)
        W1 = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in))
        W2 = rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden))
        return {"W1": W1, "b1": fill(n_hidden), "W2": W2, "b2": fill(n_out)}
    return init_params


def test_a_bias_filled_with_one_number_is_named_with_its_value():
    found, text = mistakes_of("init_params", _init_with_biases(lambda n: np.full(n, 0.5)))
    assert found == ("fp.constant",), text
    assert "is 0.5: a fixed starting value where zeros belong" in text, text


def test_a_bias_of_different_values_is_told_no_constant():
    found, text = mistakes_of("init_params", _init_with_biases(lambda n: np.linspace(0.1, 0.2, n)))
    assert "fp.constant" not in found and "should be all zeros" in text, text


def test_a_difference_quotient_of_the_students_own_wrong_function_is_not_named():
    """Beside a floored relu, a 0/1 slope with its own slip (x cast to int) equals that relu's central
    difference at h = 0.5 on every point checked: a coincidence of two slips, not the code (the
    thirteenth set's blind judge ruled the hint wrong, 2026-12-04). A quotient is claimed only of a
    function that gives its own stored values."""
    from autograder.blanks import BY_NAME

    def floored_relu(x):
        return np.floor(np.maximum(0.0, np.asarray(x, dtype=np.float64)))[()]

    def int_cast_slope(x):
        return (np.asarray(x, dtype=np.int64) > 0).astype(np.float64)[()]

    assert BY_NAME["relu_grad"].check_uses == ("relu",)
    with pytest.raises(CheckFailed) as info:
        BY_NAME["relu_grad"].check(int_cast_slope, floored_relu)
    assert "fp.finite_difference" not in info.value.mistakes, str(info.value)


def _sgd_with_decay(params, grads, lr):
    return {k: p - lr * grads["d" + k] - lr * 1e-3 * p for k, p in params.items()}


def _sgd_with_a_shrunk_gradient(params, grads, lr):
    return {k: p - lr * 0.999 * grads["d" + k] for k, p in params.items()}


def test_an_update_that_also_shrinks_its_parameter_is_named_as_a_weight_decay():
    """new = p - lr * g - c * p: one c > 0 fits every entry (a made-up decay, 1e-3; the thirteenth
    set's blind judge grouped SGD's 5e-4 and AdamW's 0.01 as silent). A step scaled instead (the
    difference proportional to g, not p) is no decay."""
    found, text = mistakes_of("sgd_step", _sgd_with_decay)
    assert found == ("fp.weight_decay",), text
    assert "minus 0.00" in text and "times the parameter it starts from" in text
    found, text = mistakes_of("sgd_step", _sgd_with_a_shrunk_gradient)
    assert "fp.weight_decay" not in found, text


def _init_params_zero_seed_unseeded(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed if seed else None)  # made up: `if seed` reads 0 as "no seed"
    return {"W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)), "b1": np.zeros(n_hidden),
            "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)), "b2": np.zeros(n_out)}


def test_seed_zero_read_as_no_seed_is_named_and_the_defaults_are_not_blamed():
    """Two calls with seed 0 differ while two with seed 7 agree: before 2026-12-04 the check said
    the defaults were wrong (its first comparison of two seed-0 calls was the defaults'); the
    thirteenth set's `seed or None`."""
    found, text = mistakes_of("init_params", _init_params_zero_seed_unseeded)
    assert found == ("fp.not_reproducible",), text
    assert "seed = 7 give the same" in text and "the defaults are" not in text


_CACHED = {}


def _init_params_cached_generator(n_in, n_hidden, n_out=1, seed=0):
    rng = _CACHED.setdefault(seed, np.random.default_rng(seed))  # made up: one generator per seed, kept
    return {"W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)), "b1": np.zeros(n_hidden),
            "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)), "b2": np.zeros(n_out)}


def test_a_notebook_dict_the_check_hides_is_a_hint_not_only_a_message():
    found, text = mistakes_of("init_params", _init_params_cached_generator)
    assert found == ("err.name_not_defined",), text
    assert "uses a global variable" in text and "Make `_CACHED` inside the function" in text


def _tanh_grad_zero_far_out(x):
    x = np.asarray(x, dtype=np.float64)  # made up: "saturated" beyond |x| > 5, the slope set to 0
    return np.where(np.abs(x) > 5, 0.0, 1.0 - np.tanh(x) ** 2)[()]


def test_a_hidden_case_gives_the_fingerprints_its_inputs_in_the_kernel_and_in_the_grader(monkeypatch):
    """The visible grid stops at |x| = 3 and passes this slip; the hidden case of scale 4 reaches past
    5. Before 2026-12-04 a hidden failure was judged without its inputs, so a fingerprint of x (an
    output that stops changing beyond some x) could not speak there."""
    from autograder import trusted
    from autograder.answers import INPUTS_ENV, encode
    from autograder.hidden import hidden_check

    monkeypatch.delenv(INPUTS_ENV, raising=False)
    with pytest.raises(CheckFailed) as in_kernel:
        hidden_check("tanh_grad", _tanh_grad_zero_far_out, seed=11)
    assert in_kernel.value.mistakes == ("fp.saturated",), str(in_kernel.value)
    call = trusted.HiddenCall("tanh_grad", 11)
    cases, drawn = trusted.draw(call)
    outputs = [_tanh_grad_zero_far_out(*args, **kwargs) for args, kwargs in cases]
    said = trusted.judge(call, {"blank": "tanh_grad", "seed": 11, "outputs": [encode(o) for o in outputs]},
                         drawn)
    assert said is not None and "[mistake: fp.saturated]" in said, said
    assert "inputs:" not in said  # the hidden input stays hidden


def _sgd_pairs(params, grads, lr):
    return ((k, p - lr * grads["d" + k]) for k, p in params.items())  # made up: dict( ) forgotten


def _train_perceptron_counts_after_the_loop(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - (1 if w @ x_i + b >= 0 else 0))
            w, b, wrong = w + step * x_i, b + step, wrong + (step != 0)
    errors.append(wrong)  # made up: dedented out of the loop over epochs
    return w, b, errors


def test_a_value_of_the_wrong_kind_says_how_it_came_about():
    """A generator where a dict belongs (a comprehension in parentheses), a number written in quotes,
    a list holding only the last epoch's count (the append after the loop): before 2026-12-04 each
    failed with its type or length alone (the thirteenth set)."""
    found, text = mistakes_of("sgd_step", _sgd_pairs)
    assert found == ("fp.generator",) and "comprehension in parentheses" in text, text
    found, text = mistakes_of("hyperparameters", {**REFERENCE["hyperparameters"], "EPOCHS": "849"})
    assert found == ("fp.number_as_text",) and "without them (849)" in text, text
    found, text = mistakes_of("hyperparameters", {**REFERENCE["hyperparameters"], "EPOCHS": "many"})
    assert "fp.number_as_text" not in found, text
    found, text = mistakes_of("train_perceptron", _train_perceptron_counts_after_the_loop)
    assert found == ("fp.last_value",) and "after the loop over the epochs" in text, text


def _relu_grad_truncated(x):
    return (np.trunc(np.asarray(x, dtype=np.float64)) > 0).astype(np.float64)[()]  # made up: (0, 1) -> 0


def test_a_step_output_gets_no_formula_from_the_grammar():
    """A 0/1 output has two levels, which many formulas of the grammar reach on the points checked
    (1 - max(1 - x, 0) / (1 - x) is a step at 1): none of them is the code's, so none is named
    (the thirteenth set's second blind judge ruled such a hint wrong, 2026-12-04)."""
    found, text = mistakes_of("relu_grad", _relu_grad_truncated)
    assert "fp.other_formula" not in found, text


def _index_error_hint(source: str, call: str):
    import linecache

    from autograder.error_hints import exception_hint

    filename = f"<made-up cell {abs(hash(source))}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"np": np}
    exec(compile(source, filename, "exec"), namespace)
    with pytest.raises(IndexError) as info:
        eval(call, namespace)
    return exception_hint(info.value)


def test_an_index_one_past_the_end_names_only_causes_the_code_can_hold():
    """k // 3 on an axis of size 2: no + 1 and no range from 1 in the code, so neither "the index goes
    one step too far (range(n + 1))" nor "the array was made one too small" is offered (the
    thirteenth set's grid_search, judged wrong); a loop to n + 1 keeps both."""
    computed = "def place(table, k):\n    table[k // 3, k % 3] = 1.0\n    return table\n"
    mistake, text = _index_error_hint(computed, "place(np.zeros((2, 3)), 6)")
    assert mistake == "fp.off_by_one" and "one past the end" in text and "range(n + 1)" not in text, text
    looped = ("def fill(table):\n    for i in range(len(table) + 1):\n        table[i] = 1.0\n"
              "    return table\n")
    mistake, text = _index_error_hint(looped, "fill(np.zeros(3))")
    assert mistake == "fp.off_by_one" and "range(n + 1)" in text, text


def _recomputes_output_sigmoid_on_a_branch(X, params, activation="relu"):
    y_hat = forward_deep(X, params)  # noqa: F821 - made up; read as source, never run
    return y_hat if activation == "relu" else sigmoid(y_hat)  # noqa: F821


def _recomputes_output_only(X, params, activation="relu"):
    return forward_deep(X, params)  # noqa: F821 - made up; read as source, never run


def test_a_helper_is_said_never_called_only_where_the_code_has_no_call_of_it():
    """A traced run that calls forward_deep where the reference calls sigmoid: "never sigmoid" is said
    of code without a sigmoid call, not of code that calls it on another branch (the thirteenth set's
    second blind judge ruled that hint wrong, 2026-12-04)."""
    from collections import Counter
    from types import SimpleNamespace

    from autograder.call_trace import Tracer, explain_counts
    from autograder.source_facts import studying

    tracer = Tracer(reference=[SimpleNamespace(helper="sigmoid", place=0)])
    tracer._places = Counter({"forward_deep": 1})
    with studying(_recomputes_output_only):
        found = explain_counts(tracer)
    assert found is not None and found.mistake_ids == ("fp.wrong_helper",) and "never sigmoid" in found.text
    with studying(_recomputes_output_sigmoid_on_a_branch):
        assert explain_counts(tracer) is None


def _split_by_entries(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = int(np.rint(val_fraction * np.size(X)))  # made up: np.size counts N * D entries
    return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]


def test_a_count_of_entries_where_a_count_of_points_belongs_is_named():
    """The held-out part is val_fraction of N * D, not of N (the thirteenth set's X.size was silent)."""
    found, text = mistakes_of("train_val_split", _split_by_entries)
    assert found == ("fp.size_for_count",) and "X.size" in text and "len(X)" in text, text


# --- an array that holds one total (a sum or a mean) in every entry -----------------------------

def _bce_grad_nudged_all_at_once(y, y_hat):
    y_hat = _f(y_hat)  # made up: one central difference of the loss with every entry moved at once
    h = 1e-6
    slope = (L.binary_cross_entropy(y, y_hat + h) - L.binary_cross_entropy(y, y_hat - h)) / (2 * h)
    return np.full_like(y_hat, slope)


def _mse_grad_mean_everywhere(y, y_hat):
    y_hat = _f(y_hat)  # made up: the mean of the right gradient, spread
    return np.full_like(y_hat, np.mean(L.mse_grad(y, y_hat)))


def _mse_grad_one_number(y, y_hat):
    return np.full_like(_f(y_hat), 0.125)  # made up: a constant that is no total of the gradient


@pytest.mark.parametrize(("blank", "impl", "words"),
                         [("binary_cross_entropy_grad", _bce_grad_nudged_all_at_once, "is the sum of"),
                          ("mse_grad", _mse_grad_mean_everywhere, "is the mean of")])
def test_one_total_in_every_entry_is_named(blank, impl, words):
    """Before 2026-12-04 a loss gradient's check gave the fingerprints no inputs, so even "every entry is
    the same number" was silent there, and no fingerprint compared that number with the expected total."""
    found, text = mistakes_of(blank, impl)
    assert found == ("fp.total_in_every_entry",), text
    assert words in text and "the expected entries" in text, text


def test_a_constant_that_is_no_total_is_only_a_constant():
    found, text = mistakes_of("mse_grad", _mse_grad_one_number)
    assert found == ("fp.constant",), text


def test_a_function_of_two_valued_labels_proves_nothing():
    """np.sign(-y) of 0/1 labels is any output of 0s and -1s: it is no "other function" of y."""
    y = np.array([1.0, 0.0, 1.0, 0.0, 0.0, 1.0])
    expected = np.array([-0.3, 0.2, -0.05, 0.4, 0.1, -0.2])
    found = explain(np.floor(expected), expected, Clues(inputs={"y": y}))
    assert found is not None and "fp.wrong_function" not in found.mistake_ids, found


# --- an input that lost its fractions before a piecewise function saw it ------------------------

def test_a_relu_of_the_input_cast_to_int_is_named_with_the_roundings_it_cannot_tell_apart():
    def relu(x):  # made up: the input cast to int first
        return np.maximum(np.asarray(x).astype(int), 0).astype(np.float64)

    found, text = mistakes_of("relu", relu)
    # relu of a truncated x is the truncated relu: the output's rounding is as true, and named with it
    assert set(found) == {"fp.rounded_input", "fp.whole_number"}, text
    assert "x truncated toward 0 or rounded down" in text and "keep x in floats" in text, text


def test_a_leaky_relu_grad_of_the_rounded_input_is_named():
    def leaky_relu_grad(x, alpha=0.1):  # made up: x rounded to the nearest whole number first
        x = np.round(np.asarray(x, dtype=np.float64))
        return np.where(x > 0, 1.0, alpha)

    found, text = mistakes_of("leaky_relu_grad", leaky_relu_grad)
    assert found == ("fp.rounded_input",), text
    assert "rounded to the nearest whole number" in text, text
