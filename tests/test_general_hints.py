"""General hints of structure, data handling, training and errors: each names its slip when proven, and
only then.

Every mechanism is tried on made-up functions (none is an entry of any set of
mistakes): a slip it must name, a near miss it must not, and a right answer written
differently that must pass with no hint. The checks run in this process, on their
small stored cases.
"""

import copy

import numpy as np
import pytest
from blanks import call_failure as failure
from blanks import mistakes_of, run_check

from autograder.checking import CheckFailed, call, call_isolated
from autograder.fingerprints import Clues, explain
from autograder.returns import none_hint
from autograder.rows import coverage, overlap, pairs, same_order
from autograder.sequences import history_slips, layers_off_by_one, loss_curve
from autograder.truth_tables import TABLES, other_gate
from solutions import perceptron as P
from solutions import training as T
from solutions import what_next as W
from solutions.perceptron import perceptron


def passes(blank, impl, capsys):
    run_check(blank, impl)
    out = capsys.readouterr().out
    assert "✓" in out and "[mistake:" not in out


# --------------------------------------------------------------------------
# A function that returns None
# --------------------------------------------------------------------------

def _no_return(x):
    y = np.maximum(x, 0.0)  # noqa: F841 (the slip: computed, never returned)


def _last_line_dropped(x):
    np.maximum(x, 0.0)


def _return_in_loop(x):
    for row in x[x > 100]:
        return row


def _returns_in_place_sort(x):
    return list(x).sort()


@pytest.mark.parametrize("fn, words", [
    (_no_return, "no `return` statement"),
    (_last_line_dropped, "write `return np.maximum(x, 0.0)`"),
    (_return_in_loop, "inside a `for` loop"),
    (_returns_in_place_sort, "`list(x).sort()`, which changes its object in place"),
])
def test_a_none_is_explained_from_the_functions_own_source(fn, words):
    found = failure(fn, np.array([-1.0, 2.0]))
    assert found.mistakes == ("fp.no_return",) and "returned None" in str(found) and words in str(found)


def test_a_function_that_returns_on_every_path_is_not_told_about_none():
    def relu(x):
        if x.ndim == 0:
            return np.maximum(x, 0.0)
        else:
            return np.where(x > 0, x, 0.0)

    assert call(relu, np.array([-1.0, 2.0]), label="relu(x)").tolist() == [0.0, 2.0]


def test_a_none_through_a_wrapper_is_read_from_the_wrapped_source():
    def wrapper(x):
        return _return_in_loop(x)

    wrapper.__wrapped__ = _return_in_loop
    assert "inside a `for` loop" in none_hint(wrapper)[1]
    assert none_hint(lambda x: None)[0] == "fp.no_return"  # no def to read: the fact alone


def test_minibatches_collected_and_never_returned_are_named(capsys):
    def iterate_minibatches(X, y, batch_size, rng):
        order = rng.permutation(len(X))
        batches = [(X[order[s:s + batch_size]], y[order[s:s + batch_size]])  # noqa: F841
                   for s in range(0, len(X), batch_size)]

    found, text = mistakes_of("iterate_minibatches", iterate_minibatches)
    assert found == ("fp.no_return",) and "no `return` statement" in text


# --------------------------------------------------------------------------
# Keys, indices, whole numbers, names
# --------------------------------------------------------------------------

def _copy_layers(params):
    out = {}
    for layer in range(1, 4):
        out[f"W{layer}"] = params[f"W{layer}"]
    return out


def test_a_loop_one_layer_too_far_is_named_from_the_dicts_keys():
    found = failure(_copy_layers, {"W1": 1, "b1": 1, "W2": 2, "b2": 2})
    assert found.mistakes == ("fp.off_by_one",)
    assert "`params` has the keys W1, b1, W2, b2 and no 'W3'" in str(found)
    assert "range(1, L + 1)" in str(found)


def test_a_constant_key_is_not_called_a_loop():
    def last_activation(cache):
        return cache["a2"]

    found = failure(last_activation, {"z1": 1, "a1": 1, "z2": 2})
    assert found.mistakes == ("err.missing_key",) and "loop" not in str(found)


def test_a_gradient_read_under_the_parameters_name_is_told_the_d_prefix():
    found = failure(lambda grads: grads["W1"], {"dW1": 1.0, "db1": 2.0})
    assert found.mistakes == ("err.missing_key",) and "it holds 'dW1'" in str(found)


def test_a_key_error_from_no_dict_on_the_line_gets_no_key_hint():
    def pops(d):
        return d.pop("x")

    assert failure(pops, {"y": 1}).mistakes == ()


@pytest.mark.parametrize("fn, arg", [
    (lambda x: sum(x[i] for i in range(len(x) + 1)), np.ones(3)),
    (lambda x: [x[i + 1] - x[i] for i in range(len(x))], [1.0, 2.0, 4.0]),
])
def test_an_index_one_past_the_end_is_off_by_one(fn, arg):
    found = failure(fn, arg)
    assert found.mistakes == ("fp.off_by_one",) and "one past the end" in str(found)


def test_an_index_far_outside_is_no_off_by_one():
    found = failure(lambda x: x[7], np.ones(3))
    assert found.mistakes == ("err.index",) and "0 to 2" in str(found)


def test_a_float_slice_bound_names_the_float():
    def first_part(X, fraction=0.2):
        n_first = fraction * len(X)
        return X[:n_first]

    found = failure(first_part, np.ones((50, 2)))
    assert found.mistakes == ("err.float_index",) and "n_first = 10.0" in str(found)


def test_a_float_array_of_indices_is_named_and_a_string_index_is_no_float():
    def rows(X):
        picked = np.array([0.0, 2.0])
        return X[picked]

    found = failure(rows, np.ones((4, 2)))
    assert found.mistakes == ("err.float_index",) and "picked, a float array" in str(found)
    assert failure(lambda X: X["first"], np.ones((4, 2))).mistakes == ()


def test_a_typo_is_named_with_the_notebooks_own_name():
    namespace = {"np": np, "sigmoid": lambda z: 1 / (1 + np.exp(-z))}
    exec("def grad(z):\n    return sigmod(z) * (1 - sigmoid(z))", namespace)
    found = failure(namespace["grad"], np.ones(2))
    assert found.mistakes == ("err.name_not_defined",) and "defines `sigmoid`" in str(found)


def test_a_function_of_another_notebook_is_named_with_its_notebook():
    namespace = {"np": np}
    exec("def forward_layer(x):\n    return relu(x)", namespace)
    found = failure(namespace["forward_layer"], np.ones(2))
    assert found.mistakes == ("err.name_not_defined",) and "02_activations" in str(found)


def test_a_hidden_data_global_is_still_a_global_and_a_typo_is_not():
    namespace = {"np": np, "X_train": np.ones(3)}
    exec("def f(x):\n    return x + X_train\n\ndef g(x):\n    return x + X_trian", namespace)
    with pytest.raises(CheckFailed, match="uses a global variable"):
        call_isolated(namespace["f"], np.ones(3), label="f(x)")
    with pytest.raises(CheckFailed) as info:
        call_isolated(namespace["g"], np.ones(3), label="g(x)")
    assert "uses a global variable" not in str(info.value)
    assert info.value.mistakes == ("err.name_not_defined",)


# --------------------------------------------------------------------------
# Dicts of numbered layers
# --------------------------------------------------------------------------

LAYERS = ("W1", "b1", "W2", "b2", "W3", "b3")


@pytest.mark.parametrize("keys, words", [
    (["W1", "b1", "W2", "b2"], "the last layer is missing"),
    ([*LAYERS, "W4", "b4"], "one layer too many"),
    (["W0", "b0", "W1", "b1", "W2", "b2"], "numbered from 0"),
    (["W0", "b0", *LAYERS], "a layer 0 besides"),
])
def test_layers_off_by_one(keys, words):
    found = layers_off_by_one(keys, LAYERS, "params")
    assert found.mistake_ids == ("fp.off_by_one",) and words in found.text


@pytest.mark.parametrize("keys", [["W1", "b1", "W2", "b2", "W3"], ["w1", "b1", "w2", "b2", "w3", "b3"],
                                  ["W1", "b1", "W3", "b3"], ["W0", *LAYERS],
                                  ["W0", "b0", "W2", "b2", "W3", "b3"]])
def test_keys_that_are_no_loop_count_are_not_off_by_one(keys):
    assert layers_off_by_one(keys, LAYERS) is None


def test_deep_parameters_one_layer_short_are_named():
    def init_deep_params(layer_sizes, seed=0):
        params = W.init_deep_params(layer_sizes, seed)
        last = len(layer_sizes) - 1
        return {k: v for k, v in params.items() if k not in (f"W{last}", f"b{last}")}

    found, text = mistakes_of("init_deep_params", init_deep_params)
    assert found == ("fp.off_by_one",) and "the last layer is missing" in text


# --------------------------------------------------------------------------
# Rows of minibatches and splits
# --------------------------------------------------------------------------

def _batches(order_of):
    """An iterate_minibatches whose order of rows (X's and y's) comes from order_of(n, rng)."""
    def iterate_minibatches(X, y, batch_size, rng):
        x_order, y_order, stop = order_of(len(X), rng, batch_size)
        for start in range(0, stop, batch_size):
            yield X[x_order[start:start + batch_size]], y[y_order[start:start + batch_size]]
    return iterate_minibatches


def _one(order):
    return order, order


@pytest.mark.parametrize("order_of, mistake, words", [
    (lambda n, rng, b: (*_one(rng.permutation(n)), n - n % b), "fp.rows_dropped", "last, partial batch"),
    (lambda n, rng, b: (*_one(rng.integers(0, n, size=n)), n), "fp.with_replacement", "with replacement"),
    (lambda n, rng, b: (rng.permutation(n), rng.permutation(n), n), "fp.pairs_broken", "different orders"),
    (lambda n, rng, b: (rng.permutation(n), np.arange(n), n), "fp.pairs_broken", "y keeps its original"),
    (lambda n, rng, b: (*_one(np.arange(n)), n), "fp.not_shuffled", "original order"),
    (lambda n, rng, b: (*_one(np.random.default_rng(5).permutation(n)), n), "fp.ignores_argument",
     "rng argument has no effect"),
    (lambda n, rng, b: (*_one(copy.deepcopy(rng).permutation(n)), n), "fp.same_order_every_epoch",
     "same order"),
])
def test_minibatch_rows_prove_the_slip(order_of, mistake, words):
    found, text = mistakes_of("iterate_minibatches", _batches(order_of))
    assert found == (mistake,) and words in text


def _reshuffled_for_every_batch(X, y, batch_size, rng):
    for start in range(0, len(X), batch_size):
        order = rng.permutation(len(X))  # a new order for each batch: no row twice in one batch
        yield X[order[start:start + batch_size]], y[order[start:start + batch_size]]


def test_repeats_across_batches_only_name_both_causes():
    found, text = mistakes_of("iterate_minibatches", _reshuffled_for_every_batch)
    assert found == ("fp.with_replacement",)
    # the causes are examples, and only those this code can have: it draws no indices with replacement
    assert "for example a new order is drawn for every batch" in text
    assert "drawn with replacement (rng.choice" not in text
    # a row twice within one batch proves the draw with replacement
    first_row_only = _batches(lambda n, rng, b: (*_one(np.zeros(n, dtype=int)), n))
    _, text = mistakes_of("iterate_minibatches", first_row_only)
    assert "(some within one batch)" in text and "either" not in text, text


def _last_batch_padded_from(start_of):
    """An iterate_minibatches whose last batch is filled up to batch_size from start_of(order, extra)."""
    def iterate_minibatches(X, y, batch_size, rng):
        order = rng.permutation(len(X))
        extra = -len(X) % batch_size
        order = np.concatenate([order, start_of(order, extra)])  # made up: a full last batch
        for start in range(0, len(order), batch_size):
            yield X[order[start:start + batch_size]], y[order[start:start + batch_size]]
    return iterate_minibatches


def test_a_last_batch_filled_up_with_the_epoch_s_first_rows_is_a_wrap_round():
    found, text = mistakes_of("iterate_minibatches", _last_batch_padded_from(lambda order, k: order[:k]))
    assert found == ("fp.wrapped_batch",), text
    assert "filled up to batch_size = 5 with the first 2 rows" in text and "with replacement" not in text


def test_a_last_batch_filled_up_with_other_rows_is_no_wrap_round():
    found, text = mistakes_of("iterate_minibatches", _last_batch_padded_from(lambda order, k: order[-k:]))
    assert "fp.wrapped_batch" not in found, text


def test_minibatches_cut_by_array_split_pass_with_no_hint(capsys):
    def iterate_minibatches(X, y, batch_size, rng):
        order = rng.permutation(len(X))
        for part in np.array_split(order, range(batch_size, len(X), batch_size)):
            yield X[part], y[part]

    passes("iterate_minibatches", iterate_minibatches, capsys)


def test_rows_that_prove_nothing_say_nothing():
    assert coverage([np.arange(5), np.arange(5, 9)], 9, 5) is None  # every row once
    assert coverage([np.array([0, 1, 1]), np.array([2, 3, 4, 4])], 4, 3) is None  # more rows than given
    assert pairs([np.arange(4)], [np.arange(4)], 4) is None
    assert pairs([np.arange(4)], [np.array([0, 0, 1, 1])], 4) is None  # labels naming no single row
    assert overlap(np.arange(3), np.arange(3, 6), 6) is None
    assert same_order(np.arange(4), np.array([1, 0, 2, 3]), "f") is None


def _split(make_parts):
    def train_val_split(X, y, val_fraction=0.2, seed=0):
        rng = np.random.default_rng(seed)
        n_val = round(val_fraction * len(X))
        return make_parts(X, y, rng, n_val)
    return train_val_split


@pytest.mark.parametrize("make_parts, mistake, words", [
    (lambda X, y, rng, k: (lambda o, p: (X[o[k:]], X[o[:k]], y[p[k:]], y[p[:k]]))(
        rng.permutation(len(X)), rng.permutation(len(X))), "fp.pairs_broken", "different orders"),
    (lambda X, y, rng, k: (lambda o: (X[o[k:]], X[o[:k]], y[k:], y[:k]))(rng.permutation(len(X))),
     "fp.pairs_broken", "y keeps its original order"),
    (lambda X, y, rng, k: (lambda o: (X[o[k - 1:-1]], X[o[:k]], y[o[k - 1:-1]], y[o[:k]]))(
        rng.permutation(len(X))), "fp.split_overlap", "in both the training and the validation"),
    (lambda X, y, rng, k: (lambda o: (X[o[:k]], X[o[k:]], y[o[:k]], y[o[k:]]))(rng.permutation(len(X))),
     "fp.split_sizes", "exchanged"),
    (lambda X, y, rng, k: (X[k:], X[:k], y[k:], y[:k]), "fp.not_shuffled", "original order"),
])
def test_split_rows_prove_the_slip(make_parts, mistake, words):
    found, text = mistakes_of("train_val_split", _split(make_parts))
    assert found == (mistake,) and words in text


def test_a_split_by_a_boolean_mask_passes_with_no_hint(capsys):
    def train_val_split(X, y, val_fraction=0.2, seed=0):
        scores = np.random.default_rng(seed).random(len(X))
        val = np.zeros(len(X), dtype=bool)
        val[np.argsort(scores)[:round(val_fraction * len(X))]] = True
        return X[~val], X[val], y[~val], y[val]

    passes("train_val_split", train_val_split, capsys)


# --------------------------------------------------------------------------
# Training loops and the search
# --------------------------------------------------------------------------

def test_a_training_loss_measured_on_the_validation_data_is_wrong_data():
    def train(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
        params, history = T.train(X, y, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs, seed=seed)
        return params, {**history, "loss": list(history["val_loss"])}

    found, text = mistakes_of("train", train)
    assert found == ("fp.wrong_data",) and "computed on X_val, y_val; compute it on X, y" in text


def test_a_history_recorded_after_the_update_is_one_late_and_on_time_is_nothing():
    right = {"loss": np.array([0.9, 0.7, 0.6, 0.55]), "val_loss": np.array([0.95, 0.8, 0.7, 0.66])}
    late = np.array([0.7, 0.6, 0.55, 0.52])
    found = explain(late, right["loss"], Clues(related=history_slips("loss", late, right)), generic=False)
    assert found.mistake_ids == ("fp.one_late",)
    other = np.array([0.9, 0.71, 0.6, 0.55])
    assert explain(other, right["loss"], Clues(related=history_slips("loss", other, right)),
                   generic=False) is None


def test_a_search_that_reports_training_accuracy_is_wrong_data():
    def grid_search(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
        val_acc, val_loss, best = T.grid_search(X_train, y_train, X_val, y_val, hiddens, lrs, epochs)
        for (i, j), _ in np.ndenumerate(val_acc):
            history = T.train(X_train, y_train, X_val, y_val, hidden=hiddens[i], lr=lrs[j], epochs=epochs)[1]
            val_acc[i, j] = history["acc"][best[i, j]]
        return val_acc, val_loss, best

    found, text = mistakes_of("grid_search", grid_search)
    assert found == ("fp.wrong_data",) and "*training* metric" in text


def test_a_search_whose_tables_are_transposed_is_named():
    found, text = mistakes_of("grid_search", lambda *a: tuple(t.T for t in T.grid_search(*a)))
    assert found == ("fp.transpose",) and "transpose of the expected one" in text
    # transposed shape, other values: the shape alone is no proof
    found, _ = mistakes_of("grid_search", lambda *a: tuple(t.T + 1 for t in T.grid_search(*a)))
    assert found == ()


def test_a_search_one_epoch_late_is_off_by_one():
    found, _ = mistakes_of("grid_search", lambda *a: (lambda r: (r[0], r[1], r[2] + 1))(T.grid_search(*a)))
    assert found == ("fp.off_by_one",)


# --------------------------------------------------------------------------
# Truth tables
# --------------------------------------------------------------------------

def test_all_sixteen_tables_have_a_name():
    assert len(TABLES) == 16 and len(set(TABLES.values())) == 16


@pytest.mark.parametrize("gate, w, b, mistake, words", [
    ("NAND", [1.0, 1.0], -1.5, "fp.complement", "the truth table of AND"),
    ("OR", [-1.0, -1.0], 0.5, "fp.complement", "Negate the weights and the bias"),
    ("AND", [1.0, 1.0], 0.5, "fp.constant", "always 1"),
    ("OR", [1.0, 0.0], -0.5, "fp.other_gate", "x1 (the first input copied)"),
])
def test_a_gate_computing_another_table_is_named(gate, w, b, mistake, words):
    gates = dict(AND_W=P.AND_W, AND_B=P.AND_B, OR_W=P.OR_W, OR_B=P.OR_B, NAND_W=P.NAND_W, NAND_B=P.NAND_B)
    gates[f"{gate}_W"], gates[f"{gate}_B"] = np.array(w), b
    found, text = mistakes_of("gates", gates)
    assert found == (mistake,) and words in text


def test_a_right_table_and_a_non_table_say_nothing():
    assert other_gate((0, 0, 0, 1), (0, 0, 0, 1), "AND", True, "AND_W, AND_B") is None
    assert other_gate((0, 2, 1, 1), (0, 1, 1, 1), "OR", True, "OR_W, OR_B") is None


def test_gates_with_other_margins_pass_with_no_hint(capsys):
    passes("gates", dict(AND_W=np.array([2.0, 3.0]), AND_B=-4.0, OR_W=np.array([3.0, 2.0]), OR_B=-1.0,
                         NAND_W=np.array([-0.5, -0.5]), NAND_B=0.7), capsys)


def test_an_xor_that_is_nor_names_the_table():
    def xor(x):
        return perceptron(np.array([perceptron(x, P.OR_W, P.OR_B)]), np.array([-1.0]), 0.5)

    found, text = mistakes_of("xor", xor)
    assert found == ("fp.other_gate",) and "NOR" in text


# --------------------------------------------------------------------------
# Update rules, parameter by parameter
# --------------------------------------------------------------------------

def _rule(update):
    """A train_perceptron whose update of (w, b) on each point is update(w, b, x, y, prediction, lr)."""
    def train_perceptron(X, y, lr=1.0, epochs=20):
        state = {"w": np.zeros(np.shape(X)[1]), "b": 0.0}

        def visit(x_i, y_i):  # one point: its update, and 1 when it was misclassified
            prediction = perceptron(x_i, state["w"], state["b"])
            state["w"], state["b"] = update(state["w"], state["b"], x_i, y_i, prediction, lr)
            return int(prediction != y_i)

        points = list(zip(np.asarray(X, dtype=np.float64), y, strict=True))
        errors = [sum(visit(x_i, y_i) for x_i, y_i in points) for _ in range(epochs)]
        return state["w"], state["b"], errors
    return train_perceptron


def _bias_per_feature(w, b, x, y, p, lr):
    for j in range(len(x)):
        w = w + (np.arange(len(x)) == j) * lr * (y - p) * x
        b = b + lr * (y - p)
    return w, b


@pytest.mark.parametrize("update, mistake, words", [
    (_bias_per_feature, "fp.repeated_update", "b's step is applied 3 times, once per input"),
    (lambda w, b, x, y, p, lr: (w + lr * (2 * y - 1) * x, b + lr * (2 * y - 1)), "fp.update_when_right",
     "already classified right"),
    (lambda w, b, x, y, p, lr: (w + lr * lr * (y - p) * x, b + lr * lr * (y - p)), "fp.lr_twice",
     "applied twice"),
])
def test_a_perceptron_rule_slip_is_named_per_parameter(update, mistake, words):
    found, text = mistakes_of("train_perceptron", _rule(update))
    assert mistake in found and words in text


def test_a_rule_that_no_slip_explains_names_none_of_them():
    found, _ = mistakes_of("train_perceptron", _rule(lambda w, b, x, y, p, lr: (w + lr * (y - p) * (x + 0.5),
                                                                               b + lr * (y - p))))
    assert not set(found) & {"fp.repeated_update", "fp.update_when_right", "fp.lr_twice", "fp.lr_missing"}


def test_a_vectorised_rule_passes_with_no_hint(capsys):
    def vectorised(w, b, x, y, p, lr):
        wb = np.append(w, b) + lr * (y - p) * np.append(x, 1.0)
        return wb[:-1], float(wb[-1])

    passes("train_perceptron", _rule(vectorised), capsys)


def test_an_optimizer_that_never_moves_one_parameter_names_it():
    def momentum_step(params, grads, velocity, lr, beta=0.9):
        new, vel = W.momentum_step(params, grads, velocity, lr, beta)
        return {**new, "W1": params["W1"].copy()}, vel

    found, text = mistakes_of("momentum_step", momentum_step)
    assert found == ("fp.not_updated",) and "params['W1'] is unchanged" in text


def test_an_adam_step_with_the_learning_rate_twice_is_named():
    def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        new, out = W.adam_step(params, grads, state, lr, beta1, beta2, eps)
        return {k: params[k] + lr * (new[k] - params[k]) for k in params}, out

    found, text = mistakes_of("adam_step", adam_step)
    assert found == ("fp.lr_twice",) and "applied twice" in text


# --------------------------------------------------------------------------
# The loss curve of the spiral target
# --------------------------------------------------------------------------

EPOCH = np.arange(400)


@pytest.mark.parametrize("loss, mistake", [
    (0.7 - 0.05 * np.log1p(EPOCH / 10), "fp.still_falling"),
    (np.r_[0.7 - 0.0002 * EPOCH[:200], 0.66 + 0.002 * EPOCH[:200]], "fp.diverging"),
    (np.r_[0.7, 0.69, np.full(398, np.inf)], "fp.diverging"),
])
def test_the_loss_curve_says_what_it_shows(loss, mistake):
    assert loss_curve(loss).mistake_ids == (mistake,)


@pytest.mark.parametrize("loss", [0.3 + 0.4 * np.exp(-EPOCH / 20) + 1e-3 * np.sin(EPOCH), np.full(400, 0.69),
                                  0.7 - 0.001 * EPOCH[:10]])
def test_a_settled_flat_or_short_curve_says_nothing(loss):
    assert loss_curve(loss) is None


def test_a_timid_learning_rate_is_proven_by_re_running_the_students_train():
    found, text = mistakes_of("hyperparameters", {"HIDDEN": 16, "LR": 1.0, "EPOCHS": 1000})
    assert found == ("fp.still_falling", "fp.lr_too_small") and "LR = 2 (2 times yours)" in text


def test_a_short_run_on_a_plateau_gets_no_curve_hint():
    found, _ = mistakes_of("hyperparameters", {"HIDDEN": 2, "LR": 2.0, "EPOCHS": 2000})
    assert found == ()


# --------------------------------------------------------------------------
# A hint claims only what it proves: the fact, and a cause only where the proof implies it
# (each test is a slip that used to get a wrong cause, and now gets a hint true of it)
# --------------------------------------------------------------------------

def test_an_if_on_an_elementwise_product_names_the_missing_sum_too():
    def perceptron_without_sum(x, w, b):
        return 1 if w * x + b >= 0 else 0

    found, text = mistakes_of("perceptron", perceptron_without_sum)
    assert found == ("err.array_truth",)
    assert "np.dot(w, x)" in text and "np.where" in text  # one number, or elementwise: both named


def test_np_max_of_zero_and_x_is_read_as_the_axis_and_names_np_maximum():
    def relu_with_max(x):
        return np.max(0, x)

    found, text = mistakes_of("relu", relu_with_max)
    assert found == ("err.array_as_index",)
    assert "is the axis" in text and "np.maximum(0, x)" in text and "len(x)" not in text


def test_a_division_by_zero_outside_a_loss_is_not_told_to_clip_y_hat():
    def bias_corrected(m, t):
        return m / (1 - 0.9 ** t)

    found = failure(bias_corrected, np.ones(3), 0)
    assert found.mistakes == ("warn.divide_by_zero",)
    assert "y_hat" not in str(found) and "clip" not in str(found) and "denominator" in str(found)


def test_a_one_hot_table_one_class_short_names_the_array_one_too_small():
    def one_hot(y):
        return np.eye(int(np.max(y)))[y]

    found = failure(one_hot, np.array([0, 1, 2]))
    assert found.mistakes == ("fp.off_by_one",)
    # no + 1 and no range in the code: "the index goes one step too far" is not its cause (2026-12-04)
    assert "one entry too small" in str(found) and "step too far" not in str(found), str(found)


def _forward_counting_keys(params, X):
    L = len(params)
    a = X
    for layer in range(1, L + 1):
        a = a @ params[f"W{layer}"].T + params[f"b{layer}"]
    return a


def test_a_layer_count_taken_from_the_dicts_keys_is_named():
    params = {"W1": np.ones((2, 2)), "b1": np.zeros(2), "W2": np.ones((2, 2)), "b2": np.zeros(2)}
    found = failure(_forward_counting_keys, params, np.ones((3, 2)))
    assert found.mistakes == ("fp.off_by_one",)
    assert "`L` = 4 is the number of keys of the dict, which holds 2 layers" in str(found)


def test_an_unused_learning_rate_names_a_dropped_returned_value_too():
    def descend(p, g, lr):
        p - lr * g  # the step is computed and dropped
        return p

    given = call(descend, np.ones(2), np.ones(2), 0.1, label="f(...)")
    from autograder.checking import ignores_argument

    found = ignores_argument(descend, (np.ones(2), np.ones(2)), {"lr": 0.1}, "lr", 0.05, given, "f(...)")
    assert found.holds and "a value computed from it is dropped" in found.hint


def test_stale_predictions_are_named_with_the_update_on_a_right_point():
    def train_predicting_up_front(X, y, lr=1.0, epochs=20):
        X = np.asarray(X, dtype=np.float64)
        w, b, errors = np.zeros(X.shape[1]), 0.0, []
        for _ in range(epochs):
            predictions = [perceptron(x_i, w, b) for x_i in X]  # made with the epoch's first weights
            n_wrong = 0
            for x_i, y_i, p_i in zip(X, y, predictions, strict=True):
                step = lr * (y_i - p_i)
                if step != 0:
                    w, b, n_wrong = w + step * x_i, b + step, n_wrong + 1
            errors.append(n_wrong)
        return w, b, errors

    found, text = mistakes_of("train_perceptron", train_predicting_up_front)
    assert "fp.update_when_right" in found and "stale weights" in text


def _xor_output_fed_x(x):
    hidden = np.array([perceptron(x, P.OR_W, P.OR_B), perceptron(x, P.NAND_W, P.NAND_B)])  # noqa: F841
    return perceptron(x, P.AND_W, P.AND_B)


def _xor_or_as_output(x):
    hidden = np.array([perceptron(x, P.OR_W, P.OR_B), perceptron(x, P.NAND_W, P.NAND_B)])
    return perceptron(hidden, P.OR_W, P.OR_B)


def test_an_xor_computing_and_with_the_right_hidden_layer_is_not_told_to_change_it():
    found, text = mistakes_of("xor", _xor_output_fed_x)
    assert found == ("fp.other_gate",) and "hidden layer must hold" not in text
    assert "hidden units compute OR and NAND" in text and "which are x itself" in text


def test_an_xor_with_a_constant_output_names_its_output_gate_not_its_inputs():
    found, text = mistakes_of("xor", _xor_or_as_output)
    assert found == ("fp.constant",) and "each input used" not in text
    assert "the output unit computes OR" in text and "must compute AND" in text


def test_all_zeros_in_one_part_of_a_result_names_that_part():
    from autograder.checking import expect_close

    with pytest.raises(CheckFailed) as info:
        expect_close(np.zeros((2, 2)), np.array([[1.0, 3.0], [2.0, 5.0]]),
                     "best_epochs from grid_search(X, y, ...)")
    assert info.value.mistakes == ("fp.zeros",)
    assert "`best_epochs` is 0 in every entry" in str(info.value) and "update" not in str(info.value)


def test_a_bias_added_after_the_activation_is_not_told_to_add_it():
    e = np.array([0.5, 1.5, -2.0, 3.25])
    b2 = np.array([0.25, -0.75, 0.5, 1.0])
    found = explain(e - b2, e, Clues(terms={"b2": b2}))
    assert found.mistake_ids == ("fp.missing_term",)
    assert "add it" not in found.text and "added at another place" in found.text


def test_storing_into_the_callers_dict_is_told_apart_from_writing_into_an_array():
    def sgd_storing(params, grads, lr):
        for name in params:
            params[name] = params[name] - lr * grads["d" + name]
        return params

    found, text = mistakes_of("sgd_step", sgd_storing)
    assert found == ("fp.in_place",) and "stores a new value under" in text and "a -= b" not in text


def test_a_momentum_step_with_the_old_velocity_names_a_step_made_from_zeros():
    def momentum_old_velocity(params, grads, velocity, lr, beta=0.9):
        if velocity is None:
            velocity = {name: np.zeros_like(p) for name, p in params.items()}
        new_params, new_velocity = {}, {}
        for name, p in params.items():
            new_params[name] = p - lr * velocity[name]
            new_velocity[name] = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        return new_params, new_velocity

    found, text = mistakes_of("momentum_step", momentum_old_velocity)
    assert "fp.not_updated" in found and "still zero" in text


# --------------------------------------------------------------------------
# Inputs or arguments left out (session 17)
# --------------------------------------------------------------------------

def test_a_perceptron_summing_only_its_first_inputs_is_named():
    def two_inputs(x, w, b):  # made up: the sum written out for two inputs
        return int(w[0] * x[0] + w[1] * x[1] + b >= 0)

    found, text = mistakes_of("perceptron", two_inputs)
    assert found == ("fp.missing_term",) and "first 2 inputs alone" in text
    found, _ = mistakes_of("perceptron", lambda x, w, b: int(w[1] * x[1] + w[2] * x[2] + b >= 0))
    assert found == ()  # the first input left out: no first-k sum gives it


def test_a_split_whose_size_ignores_val_fraction_is_named():
    def fixed_size(X, y, val_fraction=0.2, seed=0):  # made up: a quarter held out, whatever val_fraction
        order = np.random.default_rng(seed).permutation(len(X))
        n_val = len(X) // 4
        return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]

    def halved(X, y, val_fraction=0.2, seed=0):  # the fraction used, wrongly: not ignored
        order = np.random.default_rng(seed).permutation(len(X))
        n_val = round(val_fraction * len(X) / 2)
        return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]

    found, text = mistakes_of("train_val_split", fixed_size)
    assert found == ("fp.ignores_argument",) and "val_fraction has no effect" in text
    assert mistakes_of("train_val_split", halved)[0] == ()


def test_a_deep_forward_pass_feeding_each_layer_the_previous_pre_activation_is_named():
    def forward_deep(X, params, activation="relu"):  # made up: z passed on where a belongs
        n_layers, cache, previous = len(params) // 2, {}, X
        for layer in range(1, n_layers + 1):
            z = previous @ params[f"W{layer}"].T + params[f"b{layer}"]
            cache[f"z{layer}"] = z
            if layer < n_layers:
                cache[f"a{layer}"] = np.maximum(z, 0) if activation == "relu" else 1 / (1 + np.exp(-z))
            previous = z
        return 1 / (1 + np.exp(-z.ravel())), cache

    found, text = mistakes_of("forward_deep", forward_deep)
    assert found == ("fp.missing_activation",) and "z2 is computed from z1" in text


def test_labels_of_the_logit_compared_with_the_threshold_are_named():
    def predict(X, params, threshold=0.5):  # made up: the logit thresholded
        z1 = X @ params["W1"].T + params["b1"]
        return ((np.maximum(z1, 0) @ params["W2"].T + params["b2"]).ravel() >= threshold).astype(int)

    found, text = mistakes_of("predict", predict)
    assert found == ("fp.logit_thresholded",) and "the logit z2" in text
    found, _ = mistakes_of("predict", lambda X, params, threshold=0.5: np.zeros(len(X), dtype=int))
    assert "fp.logit_thresholded" not in found


def _softmax_classifier_loss(mask=True, scale=1.0):
    """A made-up softmax classifier's loss and gradients; mask: the ReLU's mask in dz1."""
    def loss_and_grads(X, y, params, reg=0.0):
        n, Y = X.shape[0], np.eye(params["W2"].shape[0])[y]
        z1 = X @ params["W1"].T + params["b1"]
        a1 = np.maximum(z1, 0)
        z2 = a1 @ params["W2"].T + params["b2"]
        P = np.exp(z2 - z2.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        dz2 = (P - Y) / n
        dz1 = scale * (dz2 @ params["W2"]) * ((z1 > 0) if mask else 1.0)
        loss = -np.mean(np.log(P[np.arange(n), y])) + 0.5 * reg * (np.sum(params["W1"] ** 2)
                                                                    + np.sum(params["W2"] ** 2))
        return loss, {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
                      "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return loss_and_grads


def test_a_softmax_classifier_without_the_relu_mask_is_named():
    found, text = mistakes_of("softmax_classifier_loss", _softmax_classifier_loss(mask=False))
    assert found == ("fp.missing_factor",) and "ReLU's mask left out" in text
    found, _ = mistakes_of("softmax_classifier_loss", _softmax_classifier_loss(scale=1.5))
    assert "fp.missing_factor" not in found


def test_two_indices_in_the_wrong_order_for_a_table_are_named_beside_the_off_by_one():
    """table[j, i] on a (2, 3) table, j running over 3: past the end, where table[i, j] is not
    (eleventh set, blind: told only "one step too far, or the array too small")."""
    def fill(table):
        for i in range(table.shape[0]):
            for j in range(table.shape[1]):
                table[j, i] = i + j
        return table

    found = failure(fill, np.zeros((2, 3)))
    assert found.mistakes == ("fp.indices_exchanged",) and "table[2, 0]" in str(found), str(found)
    # a square table exchanged gives no error at all; an index far past both axes is no exchange
    found = failure(lambda t: t[5, 0], np.zeros((2, 3)))
    assert found.mistakes == ("err.index",)


def _xor_with_a_complemented_unit(x):
    or_out = perceptron(x, P.OR_W, P.OR_B)
    not_or = 1 - perceptron(x, P.OR_W, P.OR_B)  # NOR, not NAND: what the output unit is given
    return perceptron(np.array([or_out, not_or]), P.AND_W, P.AND_B)


def test_an_xor_whose_unit_outputs_are_changed_is_read_by_what_its_output_unit_is_given():
    """The calls return OR and OR; the output unit is given OR and 1 - OR = NOR (twelfth set, J12a W):
    naming the calls' tables would send the student to weights that are not the slip."""
    _, text = mistakes_of("xor", _xor_with_a_complemented_unit)
    assert "compute OR and OR" not in text
    assert "the output unit is given OR and NOR of x" in text


def _relu_flat(x):
    return np.array([max(0.0, float(v)) for v in np.ravel(x)])


def test_right_values_come_out_flat_is_not_called_a_reduction():
    """(12,) where (3, 4) belongs holds every entry: nothing was reduced, so keepdims is no fix."""
    found, text = mistakes_of("relu", _relu_flat)
    assert "fp.reshaped" in found and "reduced away" not in text and "keepdims" not in text
    assert "the entries come out flat" in text


def _notebook_function(source: str, **names) -> object:
    """A function defined as a notebook cell defines it: in a namespace of its own with NAMES."""
    namespace = {"np": np, **names}
    exec(compile(source, "<cell>", "exec"), namespace)
    return next(v for k, v in namespace.items() if k not in names and k != "np" and callable(v))


def test_a_blank_further_down_the_same_notebook_is_named_as_not_run_yet():
    from autograder import blanks as B

    relu_grad = _notebook_function("def relu_grad(x):\n    return leaky_relu_grad(x)\n",
                                   check_relu_grad=B.BY_NAME["relu_grad"].check)
    found, text = mistakes_of("relu_grad", relu_grad)
    assert found == ("err.name_not_defined",), found
    assert "a blank of this notebook further down" in text and "typo" not in text
    assert "written in notebook" not in text


def test_a_blank_of_this_notebook_under_another_function_name_is_not_sent_to_another_notebook():
    from solutions import activations as A

    named_otherwise = _notebook_function("def my_relu_grad(x):\n    return leaky_relu_grad(x)\n",
                                         relu=A.relu, sigmoid=A.sigmoid)
    _, text = mistakes_of("relu_grad", named_otherwise)
    assert "a blank of this notebook whose cell has not run" in text and "written in notebook" not in text


def test_a_module_level_cache_the_check_hid_is_named_as_hidden_not_as_undefined():
    """A generator reads the notebook's dict only once iterated, outside call_isolated's own
    NameError handling: before 2026-12-04 the hint said "define it in a cell above", where it was
    (the thirteenth set's cached minibatch order)."""
    source = ("def iterate_minibatches(X, y, batch_size, rng):\n"
              "    if len(X) not in _ORDERS:\n"
              "        _ORDERS[len(X)] = rng.permutation(len(X))\n"
              "    order = _ORDERS[len(X)]\n"
              "    for start in range(0, len(X), batch_size):\n"
              "        yield X[order[start:start + batch_size]], y[order[start:start + batch_size]]\n")
    cached = _notebook_function(source, _ORDERS={})
    found, text = mistakes_of("iterate_minibatches", cached)
    assert found == ("err.name_not_defined",), found
    assert "`_ORDERS` is one of the notebook's arrays or dicts" in text and "check hides them" in text
    assert "define it in a cell above" not in text


def test_the_check_librarys_functions_are_never_a_typo_suggestion():
    from autograder import blanks as B

    uses_unknown = _notebook_function("def relu_grad(x):\n    return check_relu_gradient(x)\n",
                                      check_relu_grad=B.BY_NAME["relu_grad"].check)
    found, text = mistakes_of("relu_grad", uses_unknown)
    assert found == ("err.name_not_defined",) and "typo" not in text and "check_relu_grad`" not in text


def test_a_default_argument_a_call_changed_is_named_when_a_later_call_fails():
    """history as a mutable default: the first run is right and passes, the second starts from the
    first's lists and fails; the failure names the default the calls changed."""
    def train(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0,
              history={"loss": [], "val_loss": [], "acc": [], "val_acc": []}):  # noqa: B006
        params, fresh = T.train(X, y, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs, seed=seed)
        for key, values in fresh.items():
            history[key].extend(values)
        return params, history

    run_check("train", train)  # the first call is right
    found, text = mistakes_of("train", train)
    assert found == ("fp.default_changed",), text
    assert "train changed the default of `history`" in text and "Use None as the default" in text


def test_a_function_that_keeps_its_defaults_is_never_told_it_changed_them():
    def train(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0, history=None):
        params, fresh = T.train(X, y, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs, seed=seed)
        return params, {key: values[:-1] for key, values in fresh.items()}  # one epoch short

    _, text = mistakes_of("train", train)
    assert "default" not in text


def test_a_cache_that_holds_the_output_where_the_pre_activation_belongs_is_named():
    from solutions import forward_pass as F

    def forward(X, params):
        y_hat, cache = F.forward(X, params)
        return y_hat, {**cache, "z2": y_hat.reshape(-1, 1).copy()}

    found, text = mistakes_of("forward", forward)
    assert found == ("fp.output_cached",) and "store z2 before the sigmoid" in text, text


def test_an_output_that_is_one_row_of_the_batch_is_named_with_its_row():
    from solutions import forward_pass as F

    def forward(X, params):
        y_hat, cache = F.forward(X, params)
        return y_hat, {**cache, "a1": cache["a1"][0]}  # the first sample's row kept

    found, text = mistakes_of("forward", forward)
    assert found == ("fp.one_row",) and "the first row of the expected" in text, text


def test_a_softmax_that_fails_on_integer_logits_only_is_caught_and_named():
    def softmax(z):
        out = np.empty_like(z)  # an int array when z is one
        for i, row in enumerate(z):
            e = np.exp(row - np.max(row))
            out[i] = e / e.sum()
        return out

    found, text = mistakes_of("softmax", softmax)
    assert found == ("fp.integer_input",) and "the same logits as ints" in text, text


def test_a_predict_that_drops_the_batch_axis_of_a_single_point_is_caught_and_named():
    from solutions import forward_pass as F

    def predict(X, params, threshold=0.5):
        y_hat, _ = F.forward(X, params)
        return np.squeeze((y_hat >= threshold).astype(int))

    found, text = mistakes_of("predict", predict)
    assert found == ("fp.batch_axis_dropped",) and "returned shape ()" in text, text


# --------------------------------------------------------------------------
# The perceptron's learning rate where it does not belong
# --------------------------------------------------------------------------

def _perceptron_run(count, w_step):
    """A train_perceptron that adds count(lr) per mistake and moves w by w_step(lr, error, x)."""
    def train_perceptron(X, y, lr=1.0, epochs=20):
        X = np.asarray(X, dtype=np.float64)
        w, b, errors = np.zeros(X.shape[1]), 0.0, []
        for _ in range(epochs):
            wrong = 0
            for x_i, y_i in zip(X, y, strict=True):
                error = y_i - perceptron(x_i, w, b)
                if error:
                    w, b = w + w_step(lr, error, x_i), b + lr * error
                    wrong += count(lr)
            errors.append(wrong)
        return w, b, errors
    return train_perceptron


def test_a_count_of_mistakes_that_grows_with_lr_is_named():
    found, text = mistakes_of("train_perceptron", _perceptron_run(lambda lr: lr, lambda lr, e, x: lr * e * x))
    assert found == ("fp.count_scales_with_lr",), text
    assert "exactly half those at lr = 1" in text and "add 1 for each point" in text


def test_a_float_count_that_does_not_grow_with_lr_is_no_such_count():
    float_ones = _perceptron_run(lambda lr: 1.0, lambda lr, e, x: lr * e * x)
    found, text = mistakes_of("train_perceptron", float_ones)
    assert "fp.count_scales_with_lr" not in found, text


def test_lr_twice_in_w_s_update_alone_is_named_by_the_single_update():
    """The run at lr = 0.5 is no multiple of the run at lr = 1 then (w and b scale apart, so the line
    moves): only the single update shows the factor, and in w's part alone."""
    found, text = mistakes_of("train_perceptron",
                              _perceptron_run(lambda lr: 1, lambda lr, e, x: lr * lr * e * x))
    assert found == ("fp.lr_twice",), text
    assert "w's update is lr = 0.25 times too small" in text


# --------------------------------------------------------------------------
# A default of the notebook's signature retyped
# --------------------------------------------------------------------------

def _bce_with_default(eps):
    def binary_cross_entropy(y, y_hat, eps=eps):  # made up: the signature retyped with another eps
        y = np.asarray(y, dtype=np.float64).ravel()
        p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1 - eps)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    return binary_cross_entropy


def test_a_default_that_differs_from_the_notebook_s_and_fails_the_check_is_named():
    found, text = mistakes_of("binary_cross_entropy", _bce_with_default(1e-4))
    assert found == ("fp.default_differs",), text
    assert "default eps=0.0001 where the notebook's signature gives eps=1e-09" in text


def test_a_default_that_changes_no_checked_value_says_nothing(capsys):
    passes("binary_cross_entropy", _bce_with_default(1e-10), capsys)


def test_a_changed_default_that_the_failing_call_passes_is_no_cause():
    def train_perceptron(X, y, lr=0.5, epochs=20):  # made up: lr's default changed, and 2 per mistake
        X = np.asarray(X, dtype=np.float64)
        w, b, errors = np.zeros(X.shape[1]), 0.0, []
        for _ in range(epochs):
            wrong = 0
            for x_i, y_i in zip(X, y, strict=True):
                step = lr * (y_i - perceptron(x_i, w, b))
                if step:
                    w, b, wrong = w + step * x_i, b + step, wrong + 2
            errors.append(wrong)
        return w, b, errors

    with pytest.raises(CheckFailed) as info:
        run_check("train_perceptron", train_perceptron)
    # the first call passes lr=1.0 and epochs=20 itself: the default it did not use is not named
    assert "lr=1.0" in str(info.value).splitlines()[0], str(info.value)
    assert "fp.default_differs" not in info.value.mistakes, str(info.value)


# --------------------------------------------------------------------------
# Updates: a factor of the call's numbers, a clipped step, an extra batch axis
# --------------------------------------------------------------------------

def _momentum_velocity_times(factor):
    """A momentum_step that returns factor(lr, beta) times the right velocity (made up)."""
    def momentum_step(params, grads, velocity, lr, beta=0.9):
        if velocity is None:
            velocity = {k: np.zeros_like(p) for k, p in params.items()}
        v = {k: beta * velocity[k] + (1 - beta) * grads["d" + k] for k in params}
        return {k: params[k] - lr * v[k] for k in params}, {k: factor(lr, beta) * v[k] for k in params}
    return momentum_step


def test_a_result_that_is_a_number_of_the_call_times_the_expected_one_names_that_number():
    found, text = mistakes_of("momentum_step", _momentum_velocity_times(lambda lr, beta: lr))
    assert found == ("fp.missing_factor",), text
    assert "the expected one times lr" in text


def test_a_factor_that_is_none_of_the_call_s_numbers_names_none():
    found, text = mistakes_of("momentum_step", _momentum_velocity_times(lambda lr, beta: 0.37))
    assert "fp.missing_factor" not in found, text


def _sgd_clipped_at(limit):
    def sgd_step(params, grads, lr):  # made up: the gradient clipped to [-limit, limit] first
        return {k: p - lr * np.clip(grads["d" + k], -limit, limit) for k, p in params.items()}
    return sgd_step


def test_a_clipped_gradient_in_an_update_is_named_on_the_hidden_inputs(monkeypatch):
    """The visible case's gradients are small; the hidden case's reach past 1. Before 2026-12-04 a
    hidden dict output was judged without the entry it starts from."""
    from autograder.answers import INPUTS_ENV
    from autograder.hidden import hidden_check

    monkeypatch.delenv(INPUTS_ENV, raising=False)
    run_check("sgd_step", _sgd_clipped_at(1.0))  # the visible check passes it
    with pytest.raises(CheckFailed) as info:
        hidden_check("sgd_step", _sgd_clipped_at(1.0), seed=503)
    assert info.value.mistakes == ("fp.clipped_step",), str(info.value)


def test_a_step_scaled_down_everywhere_is_no_clip(monkeypatch):
    from autograder.answers import INPUTS_ENV
    from autograder.hidden import hidden_check

    monkeypatch.delenv(INPUTS_ENV, raising=False)

    def sgd_step(params, grads, lr):  # made up: a step that shrinks with the gradient's size
        return {k: p - lr * np.tanh(grads["d" + k]) for k, p in params.items()}

    with pytest.raises(CheckFailed) as info:
        hidden_check("sgd_step", sgd_step, seed=503)
    assert "fp.clipped_step" not in info.value.mistakes, str(info.value)


def test_a_gradient_with_an_extra_batch_axis_is_the_broadcast_of_samples_against_samples():
    def backward(X, y, params, cache):  # made up: (N,) labels made a column, and (N, 1) ones (N, 1, 1)
        n = X.shape[0]
        y = np.expand_dims(np.asarray(y, dtype=np.float64), -1)
        dz2 = (1 / (1 + np.exp(-cache["z2"])) - y) / n
        dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
        return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}

    found, text = mistakes_of("backward", backward)
    assert found == ("fp.broadcast",), text
    assert "with one more axis of N = " in text


def test_a_batch_axis_kept_in_front_is_not_called_a_broadcast():
    from autograder.diagnosis import shape_hint

    found = shape_hint((7, 5, 3), (5, 3), batch=7)
    assert found is None or "one more axis" not in found.text
    # a 2-d result with an extra axis of N: one result per sample (db = dz.T) gives it as well
    found = shape_hint((3, 5), (3,), batch=5)
    assert found is None or "one more axis" not in found.text


# --------------------------------------------------------------------------
# Other published forms of momentum and Adam
# --------------------------------------------------------------------------

def _momentum(step_of):
    """A momentum_step whose step is step_of(v_new, v_old, g, beta) (made up)."""
    def momentum_step(params, grads, velocity, lr, beta=0.9):
        old = velocity or {k: np.zeros_like(p) for k, p in params.items()}
        new = {k: beta * old[k] + (1 - beta) * grads["d" + k] for k in params}
        return ({k: params[k] - lr * step_of(new[k], old[k], grads["d" + k], beta) for k in params}, new)
    return momentum_step


def test_sutskever_s_form_of_nesterov_is_named_nesterov():
    """(1 + beta) v_new - beta v_old is beta v_new + (1 - beta) g written another way: the same values."""
    sutskever = _momentum(lambda new, old, g, beta: (1 + beta) * new - beta * old)
    found, text = mistakes_of("momentum_step", sutskever)
    assert found == ("momentum.nesterov",), text


def test_a_step_of_no_published_form_is_not_called_nesterov():
    found, text = mistakes_of("momentum_step", _momentum(lambda new, old, g, beta: 0.5 * (new + g)))
    assert "momentum.nesterov" not in found, text


def _adam(store_v, step):
    """An adam_step that stores store_v(v_old, v) and steps by step(p, m, v, t, lr, beta1, beta2, eps)."""
    def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        state = state or {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                          "v": {k: np.zeros_like(p) for k, p in params.items()}}
        t, new, ms, vs = state["t"] + 1, {}, {}, {}
        for k, p in params.items():
            g = grads["d" + k]
            ms[k] = beta1 * state["m"][k] + (1 - beta1) * g
            vs[k] = store_v(state["v"][k], beta2 * state["v"][k] + (1 - beta2) * g * g)
            new[k] = step(p, ms[k], vs[k], t, lr, beta1, beta2, eps)
        return new, {"t": t, "m": ms, "v": vs}
    return adam_step


def _lesson_step(p, m, v, t, lr, b1, b2, eps):
    return p - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)


def test_a_running_maximum_stored_as_v_is_amsgrad():
    found, text = mistakes_of("adam_step", _adam(lambda old, v: np.where(v > old, v, old), _lesson_step))
    assert found == ("adam.amsgrad_max",), text


def test_the_paper_s_shortcut_step_is_named_epsilon_hat():
    def shortcut(p, m, v, t, lr, b1, b2, eps):
        alpha = lr
        for _ in range(1):  # made up: the step size corrected once, then applied to the raw moments
            alpha = alpha * (1 - b2**t) ** 0.5 / (1 - b1**t)
        return p - alpha * m / (v**0.5 + eps)

    found, text = mistakes_of("adam_step", _adam(lambda old, v: v, shortcut))
    assert found == ("adam.epsilon_hat",), text


def test_a_running_minimum_is_no_amsgrad():
    found, text = mistakes_of("adam_step", _adam(lambda old, v: np.minimum(v, old), _lesson_step))
    assert "adam.amsgrad_max" not in found, text


# --------------------------------------------------------------------------
# The perceptron's tie rule and its bias trick
# --------------------------------------------------------------------------

def test_a_tie_rule_with_a_rounding_is_a_tolerance_named_by_the_point_a_hair_below_the_line():
    def perceptron(x, w, b):  # made up: ties made robust by rounding
        return 1 if round(float(np.dot(w, x) + b), 6) >= 0 else 0

    found, text = mistakes_of("perceptron", perceptron)
    assert found == ("fp.threshold_shifted",), text
    assert "w·x + b = -1e-09" in text and "A tie rule with a tolerance" in text


def _bias_trick(order):
    def perceptron(x, w, b):  # made up: the bias trick, b and the 1 placed by ORDER
        x, w = np.asarray(x, dtype=np.float64), np.asarray(w, dtype=np.float64)
        xs, ws = order(x, w, b)
        return 1 if np.dot(ws, xs) >= 0 else 0
    return perceptron


def test_a_bias_trick_with_the_one_in_front_and_b_at_the_end_is_out_of_line():
    found, text = mistakes_of("perceptron", _bias_trick(
        lambda x, w, b: (np.concatenate([[1.0], x]), np.concatenate([w, [b]]))))
    assert found == ("fp.bias_trick_misaligned",), text
    assert "[w, b]·[1, x]" in text


def test_a_bias_trick_in_line_passes(capsys):
    passes("perceptron", _bias_trick(lambda x, w, b: (np.concatenate([[1.0], x]), np.concatenate([[b], w]))),
           capsys)


def _softmax_train_recording(data_loss_of):
    """A softmax_classifier_train whose history['loss'] entry is data_loss_of(loss, params, new, reg)."""
    def softmax_classifier_train(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
        params = W.init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
        history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
        for _ in range(epochs):
            loss, grads = W.softmax_classifier_loss(X, y, params, reg)
            history["val_loss"].append(W.softmax_classifier_loss(X_val, y_val, params)[0])
            history["acc"].append(float(np.mean(W.predict_classes(X, params) == y)))
            history["val_acc"].append(float(np.mean(W.predict_classes(X_val, params) == y_val)))
            new = {k: p - lr * grads["d" + k] for k, p in params.items()}
            history["loss"].append(data_loss_of(loss, params, new, reg))
            params = new
        return params, history
    return softmax_classifier_train


def _half_reg_squares(p, reg):
    return 0.5 * reg * sum(float(np.sum(p[k] * p[k])) for k in ("W1", "W2"))


def test_the_penalty_taken_off_after_the_update_is_named():
    found, text = mistakes_of("softmax_classifier_train", _softmax_train_recording(
        lambda loss, old, new, reg: loss - _half_reg_squares(new, reg)))  # made up: the new weights' penalty
    assert found == ("what_next.penalty_after_update",), text


def test_the_penalty_taken_off_before_the_update_passes(capsys):
    passes("softmax_classifier_train", _softmax_train_recording(
        lambda loss, old, new, reg: loss - _half_reg_squares(old, reg)), capsys)


def test_layers_drawn_in_another_order_are_named_by_what_was_drawn_before():
    def init_deep_params(layer_sizes, seed=0):  # made up: the last layer drawn first, then the others
        rng = np.random.default_rng(seed)
        params = {}
        order = [len(layer_sizes) - 1, *range(1, len(layer_sizes) - 1)]
        for i in order:
            n_in, n_out = layer_sizes[i - 1], layer_sizes[i]
            params[f"W{i}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
            params[f"b{i}"] = np.zeros(n_out)
        return params

    found, text = mistakes_of("init_deep_params", init_deep_params)
    assert found == ("init.draw_order",), text
    assert "W1 holds the numbers one generator gives once W3 is drawn" in text


def test_layers_in_order_drawn_transposed_are_no_other_order():
    def init_deep_params(layer_sizes, seed=0):  # made up: each layer drawn (n_in, n_out), then transposed
        rng = np.random.default_rng(seed)
        params = {}
        for i in range(1, len(layer_sizes)):
            n_in, n_out = layer_sizes[i - 1], layer_sizes[i]
            params[f"W{i}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out)).T
            params[f"b{i}"] = np.zeros(n_out)
        return params

    found, text = mistakes_of("init_deep_params", init_deep_params)
    assert "init.draw_order" not in found, text


def test_a_hidden_check_answered_for_the_grader_leaves_no_default_for_the_next_check(tmp_path, monkeypatch):
    """In the grader's mode a hidden check only hands its outputs over (it neither passes nor fails):
    the defaults its calls noted must not reach the next check's failure."""
    import json

    from autograder import signature_defaults, trusted
    from autograder.answers import INPUTS_ENV
    from autograder.hidden import hidden_check

    call = trusted.HiddenCall("binary_cross_entropy", 301)
    cases, _ = trusted.draw(call)
    path = tmp_path / "inputs.json"
    path.write_text(json.dumps({call.key: trusted.encode_cases(cases)}))
    monkeypatch.setenv(INPUTS_ENV, str(path))
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: None)
    hidden_check("binary_cross_entropy", _bce_with_default(1e-4), seed=301)
    assert signature_defaults.pending_hint() is None


def test_a_changed_default_that_changes_nothing_the_check_saw_is_not_named():
    def binary_cross_entropy(y, y_hat, eps=1e-7):  # made up: eps changed, and a wrong offset besides
        y = np.asarray(y, dtype=np.float64).ravel()
        p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1 - eps)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))) + 0.0123

    found, text = mistakes_of("binary_cross_entropy", binary_cross_entropy)
    assert "fp.default_differs" not in found, text  # no y_hat of the first case reaches the clip


def test_a_changed_default_noted_by_one_check_never_reaches_the_next():
    def binary_cross_entropy(y, y_hat, eps=1e-7):  # made up: raises, so its check ends in the call itself
        raise ValueError("not yet")

    with pytest.raises(CheckFailed):
        run_check("binary_cross_entropy", binary_cross_entropy)
    _, text = mistakes_of("sigmoid", lambda x: 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float))) + 0.01)
    assert "binary_cross_entropy" not in text, text


def test_draw_orders_that_give_a_layer_the_same_numbers_are_named_together():
    from autograder.checks.what_next import _other_draw_orders

    texts = [h.hint for h in _other_draw_orders([2, 3, 3, 3, 2], 0, 1)]  # W2 and W3 hold 9 numbers each
    assert any("once W2 is drawn, or once W3 is drawn" in t for t in texts), texts
    assert len(texts) == len(set(texts))


def test_numbers_of_the_call_that_are_equal_are_one_factor_named_by_both():
    from autograder.fingerprints import _missing_factor

    e = np.array([0.3, -1.2, 2.0])
    texts = [h.hint for h in _missing_factor(e, {"lr": 0.1, "beta": 0.9})]
    assert any("times lr or (1 - beta)" in t for t in texts), texts
    assert not any("times lr:" in t or "times lr " in t.replace("lr or", "") for t in texts), texts


def test_a_step_moved_to_one_is_no_rounded_input():
    """relu_grad of a truncated x is a step at 1 on the stored points: code without a rounding or a cast
    gets no word of one (a threshold slip gives the same values)."""
    def relu_grad(x):  # made up: the step at 1
        return (np.asarray(x, dtype=np.float64) >= 1).astype(np.float64)

    found, text = mistakes_of("relu_grad", relu_grad)
    assert "fp.rounded_input" not in found, text


def test_a_start_is_given_to_an_update_s_entries_by_key_but_not_inside_a_tuple():
    from autograder.hidden import compare

    start, expected = np.array([1.0, -2.0, 3.5]), np.array([0.5, -1.0, 2.0])
    flipped = {"W": 2 * start - expected}  # the step taken the wrong way
    clues = Clues(by_key={"W": Clues(start=start)})
    with pytest.raises(CheckFailed) as top:
        compare(flipped, {"W": expected}, "f(...)", clues)
    assert "fp.flipped_step" in top.value.mistakes, str(top.value)
    with pytest.raises(CheckFailed) as inside:
        compare((flipped,), ({"W": expected},), "f(...)", clues)
    assert "fp.flipped_step" not in inside.value.mistakes, str(inside.value)


# --------------------------------------------------------------------------
# Kinds and shapes that say how they came about
# --------------------------------------------------------------------------

def test_a_float32_result_is_named_where_the_code_makes_it():
    def relu(x):  # made up: a cast to float32 to save memory
        return np.maximum(np.asarray(x), 0.0).astype(np.float32)

    found, text = mistakes_of("relu", relu)
    assert found == ("fp.low_precision",) and "float32" in text and "float64" in text, text
    # numbers drawn in float32 are other numbers: a cast back is offered as no fix (J25c ruled it wrong)
    assert "a cast back after it is not the same" in text and "convert with" not in text, text


def test_batches_yielded_labels_first_are_named_and_do_not_crash_the_check():
    def iterate_minibatches(X, y, batch_size, rng):  # made up: the pair in the other order
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            rows = order[start:start + batch_size]
            yield (y[rows], X[rows])

    found, text = mistakes_of("iterate_minibatches", iterate_minibatches)
    assert found == ("fp.return_order",) and "(y_batch, X_batch)" in text, text


def test_a_pair_of_results_kept_where_a_number_belongs_is_named():
    def accuracy(y_true, y_pred):  # made up: the accuracy and the count returned together
        right = int(np.sum(np.ravel(y_true) == np.ravel(y_pred)))
        return right / np.size(y_true), right

    found, text = mistakes_of("accuracy", accuracy)
    assert found == ("fp.whole_tuple",) and "a tuple of 2 whose first item is the number" in text, text


def test_one_entry_kept_of_a_column_is_named_with_the_entry_it_is():
    def forward(X, params):  # made up: the loop over the samples returns on its first pass
        for row in np.atleast_2d(X):
            z1 = row @ params["W1"].T + params["b1"]
            a1 = np.maximum(z1, 0.0)
            z2 = a1 @ params["W2"].T + params["b2"]
            return 1 / (1 + np.exp(-z2)), {"z1": z1, "a1": a1, "z2": z2}

    found, text = mistakes_of("forward", forward)
    assert found == ("fp.one_entry",) and "the first of the 7 expected entries" in text, text


def test_a_split_whose_training_rows_come_out_flat_is_named_where_the_code_flattens():
    def train_val_split(X, y, val_fraction=0.2, seed=0):  # made up: np.append of the rows, no axis
        order = np.random.default_rng(seed).permutation(len(X))
        n_val = round(val_fraction * len(X))
        rows = np.array([]).reshape(0, X.shape[1])
        for i in order[n_val:]:
            rows = np.append(rows, X[i])
        return rows, X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]

    found, text = mistakes_of("train_val_split", train_val_split)
    assert found == ("fp.flattened",) and "np.append without axis" in text, text


# --------------------------------------------------------------------------
# More named forms: thresholds, batch order, labels in an error, halves, roundings, overflow
# --------------------------------------------------------------------------

def test_labels_of_y_hat_cut_at_one_minus_the_threshold_are_named():
    def predict(X, params, threshold=0.5):  # made up: class 1 when class 0's probability is small
        y_hat, _ = T.forward(X, params)
        return (y_hat >= 1 - threshold).astype(int)

    found, text = mistakes_of("predict", predict)
    assert found == ("fp.complement_threshold",) and "1 - threshold = 0.7" in text, text


def test_labels_cut_at_another_threshold_are_no_complement():
    def predict(X, params, threshold=0.5):  # made up: a threshold moved by 0.1
        y_hat, _ = T.forward(X, params)
        return (y_hat >= threshold + 0.1).astype(int)

    found, text = mistakes_of("predict", predict)
    assert "fp.complement_threshold" not in found, text


def test_the_short_batch_first_is_named():
    def iterate_minibatches(X, y, batch_size, rng):  # made up: the remainder's batch yielded first
        order = rng.permutation(len(X))
        r = len(X) % batch_size
        cuts = ([0] if r else []) + list(range(r, len(X), batch_size))
        for start, stop in zip(cuts, [*cuts[1:], len(X)], strict=True):
            yield X[order[start:stop]], y[order[start:stop]]

    found, text = mistakes_of("iterate_minibatches", iterate_minibatches)
    assert found == ("fp.batch_order",), text


def test_labels_in_the_output_error_are_named_through_every_gradient():
    def backward(X, y, params, cache):  # made up: the thresholded prediction in the output error
        n = X.shape[0]
        labels = (1 / (1 + np.exp(-cache["z2"])) > 0.5).astype(float)
        dz2 = (labels - np.asarray(y, dtype=float).reshape(-1, 1)) / n
        dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
        return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}

    found, text = mistakes_of("backward", backward)
    assert found == ("fp.labels_for_probabilities",) and "round(y_hat) - y" in text, text


def test_the_history_s_penalty_taken_off_without_its_half_is_named():
    found, text = mistakes_of("softmax_classifier_train", _softmax_train_recording(
        lambda loss, old, new, reg: loss - 2 * _half_reg_squares(old, reg)))  # made up: reg * |W|^2
    assert found == ("what_next.penalty_without_half_in_history",), text


def test_a_perceptron_of_rounded_inputs_is_named_where_the_code_rounds():
    def perceptron(x, w, b):  # made up: the inputs rounded to 0/1 "as the gates take"
        return int(np.dot(w, np.round(np.asarray(x, dtype=float))) + b >= 0)

    found, text = mistakes_of("perceptron", perceptron)
    assert found == ("fp.rounded_input",) and "np.rint(x)" in text, text


def test_an_overflow_of_a_python_float_is_named_with_numpy_s_way():
    import math

    from autograder.error_hints import exception_hint

    try:
        math.exp(1000.0)
    except OverflowError as exc:
        found = exception_hint(exc)
    assert found is not None and found[0] == "err.overflow" and "np.exp" in found[1]


def test_a_class_balanced_cross_entropy_is_named():
    def binary_cross_entropy(y, y_hat, eps=1e-9):  # made up: one mean per class, added
        y = np.ravel(y).astype(float)
        p = np.clip(np.ravel(y_hat).astype(float), eps, 1 - eps)
        return float(-(np.log(p[y == 1]).mean() + np.log(1 - p[y == 0]).mean()))

    found, text = mistakes_of("binary_cross_entropy", binary_cross_entropy)
    assert found == ("fp.class_means",), text


def test_a_cross_entropy_of_probabilities_taken_as_logits_is_named():
    def categorical_cross_entropy(Y, P, eps=1e-9):  # made up: the softmax applied again
        e = np.exp(P - P.max(axis=1, keepdims=True))
        Q = np.clip(e / e.sum(axis=1, keepdims=True), eps, 1.0)
        return float(-np.sum(Y * np.log(Q)) / len(Y))

    found, text = mistakes_of("categorical_cross_entropy", categorical_cross_entropy)
    assert found == ("fp.probabilities_as_logits",), text


def test_an_output_of_tanh_rescaled_is_named_as_sigmoid_of_twice_z2():
    def forward(X, params):  # made up: tanh rescaled to (0, 1) at the output
        z1 = X @ params["W1"].T + params["b1"]
        a1 = np.maximum(z1, 0.0)
        z2 = a1 @ params["W2"].T + params["b2"]
        return ((np.tanh(z2) + 1) / 2).ravel(), {"z1": z1, "a1": a1, "z2": z2}

    found, text = mistakes_of("forward", forward)
    assert found == ("fp.wrong_activation",) and "sigmoid(2 * z2)" in text, text


def test_a_second_moment_fed_the_first_moment_is_named():
    def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):  # made up: v of m**2
        state = state or {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                          "v": {k: np.zeros_like(p) for k, p in params.items()}}
        t, new, ms, vs = state["t"] + 1, {}, {}, {}
        for k, p in params.items():
            ms[k] = beta1 * state["m"][k] + (1 - beta1) * grads["d" + k]
            vs[k] = beta2 * state["v"][k] + (1 - beta2) * ms[k] ** 2
            new[k] = p - lr * (ms[k] / (1 - beta1**t)) / (np.sqrt(vs[k] / (1 - beta2**t)) + eps)
        return new, {"t": t, "m": ms, "v": vs}

    found, text = mistakes_of("adam_step", adam_step)
    assert found == ("adam.v_of_m",), text


# --------------------------------------------------------------------------
# The fourteenth set's blind judge (J25b): five hints ruled wrong, each mended generally
# --------------------------------------------------------------------------

def test_a_formula_with_y_squared_says_it_is_y_alone_for_0_1_labels():
    def mse(y, y_hat):  # made up: only the prediction squared (precedence)
        return float(np.sum(np.ravel(y) - np.ravel(y_hat) ** 2) / np.size(y))

    found, text = mistakes_of("mse", mse)
    assert found == ("fp.other_error_measure",) and "y**2 = y" in text, text


def test_nan_from_a_division_by_an_underflowed_probability_is_not_blamed_on_exp_alone():
    def softmax_cross_entropy_grad(Y, Z):  # made up: dL/dP = -Y / P through the softmax's Jacobian
        Z = np.asarray(Z, dtype=np.float64)
        e = np.exp(Z - Z.max(axis=1, keepdims=True))
        P = e / e.sum(axis=1, keepdims=True)
        with np.errstate(all="ignore"):
            dP = -Y / P / len(Z)
            return P * (dP - np.sum(P * dP, axis=1, keepdims=True))

    _, text = mistakes_of("softmax_cross_entropy_grad", softmax_cross_entropy_grad)
    assert "divided by" in text and "-Y / P" in text, text


def test_an_update_that_keeps_state_between_calls_is_named_not_matched_to_a_slip():
    calls = []

    def sgd_step(params, grads, lr):  # made up: lr decays with a count kept across calls
        calls.append(1)
        return {k: p - lr / len(calls) * grads["d" + k] for k, p in params.items()}

    found, text = mistakes_of("sgd_step", sgd_step)
    assert found == ("fp.not_reproducible",), text


def test_two_arrays_summed_before_they_are_reduced_is_named_among_the_broadcast_s_causes():
    def softmax_classifier_loss(X, y, params, reg=0.0):  # made up: the penalty's squares added first
        loss, grads = W.softmax_classifier_loss(X, y, params, 0.0)
        penalty = 0.5 * reg * np.sum(params["W1"] ** 2 + params["W2"] ** 2)
        return loss + penalty, grads

    found, text = mistakes_of("softmax_classifier_loss", softmax_classifier_loss)
    assert found == ("err.broadcast",) and "combined before each is reduced" in text, text
