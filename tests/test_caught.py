"""Wrong answers that used to get full marks, each now caught with a message that names the slip.

The outside tester's report (session 19): a softmax with one maximum for the whole batch, functions
built on ``np.*_like(x)`` that truncate for integer input, a training loop that never ends. Every
answer is written here (none is imported from the solutions' mistake sets); each test failed on
the code before these checks, and the right answers beside them still pass.
"""

import time

import numpy as np
import pytest

from autograder import checks as C
from autograder import hidden_cases as H
from autograder.checking import CheckFailed
from autograder.checks import perceptron as perceptron_checks
from autograder.checks import training as training_checks
from autograder.checks import what_next as what_next_checks
from solutions import activations, losses, perceptron, training, what_next

# --------------------------------------------------------------------------
# 1. softmax: each row's own maximum
# --------------------------------------------------------------------------


def softmax_one_max(z):
    e = np.exp(z - np.max(z))
    return e / e.sum(axis=1, keepdims=True)


def softmax_one_max_guarded(z):
    e = np.exp(z - z.max())
    return e / np.maximum(e.sum(axis=1, keepdims=True), 1e-300)


def softmax_row_max(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_the_slip_gives_nan_where_row_maxima_are_far_apart():
    with np.errstate(all="ignore"):
        assert np.isnan(softmax_one_max(np.array([[1000.0, 0.0], [0.0, -1000.0]]))).any()


@pytest.mark.parametrize("softmax", [softmax_one_max, softmax_one_max_guarded])
def test_one_maximum_for_the_batch_fails_and_says_each_rows_own(softmax):
    with pytest.raises(CheckFailed) as failed:
        C.check_softmax(softmax)
    text = str(failed.value)
    assert "maxima are far apart" in text
    assert "each row's own maximum" in text and "keepdims=True" in text
    assert failed.value.mistakes == ("fp.softmax_global_max",)


def test_a_softmax_shifted_by_each_rows_max_passes(capsys):
    C.check_softmax(softmax_row_max)
    C.check_softmax(losses.softmax)
    assert "✓ softmax" in capsys.readouterr().out


@pytest.mark.parametrize("seed", range(5))
def test_the_hidden_softmax_cases_hold_rows_far_apart(seed):
    """Some hidden case of softmax (and of the gradient that uses it) tells one maximum from each row's."""
    softmax_cases = H.softmax_cases(np.random.default_rng(seed))
    logit_cases = H.one_hot_logit_cases(np.random.default_rng(seed))
    with np.errstate(all="ignore"):
        assert any(not np.allclose(softmax_one_max(z), losses.softmax(z)) for (z,), _ in softmax_cases)
        assert any(not np.allclose(softmax_one_max(Z), losses.softmax(Z)) for (_, Z), _ in logit_cases)
    for (z,), _ in softmax_cases:
        assert np.isfinite(losses.softmax(z)).all()


# --------------------------------------------------------------------------
# 2. integer inputs
# --------------------------------------------------------------------------


def leaky_relu_grad_ones_like(x, alpha=0.1):
    g = np.ones_like(x)
    g[x < 0] = alpha
    return g


def leaky_relu_copy(x, alpha=0.1):
    x = np.asarray(x)
    y = x.copy()
    y[x < 0] *= alpha
    return y


def sigmoid_empty_like(x):
    x = np.asarray(x)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1 + e)
    return out[()]


def leaky_relu_grad_float(x, alpha=0.1):
    g = np.ones_like(x, dtype=float)
    g[np.asarray(x) < 0] = alpha
    return g


def relu_int_preserving(x):
    return np.maximum(0, x)  # an int array for int x: the right values


@pytest.mark.parametrize("check, answer, uses", [
    (C.check_leaky_relu_grad, leaky_relu_grad_ones_like, activations.leaky_relu),
    (C.check_leaky_relu, leaky_relu_copy, None),
    (C.check_sigmoid, sigmoid_empty_like, None),
])
def test_an_activation_wrong_for_integer_arrays_fails(check, answer, uses):
    with pytest.raises(CheckFailed) as failed:
        check(answer, *([uses] if uses else []))
    text = str(failed.value)
    assert "integer array" in text
    assert failed.value.mistakes == ("fp.integer_input",)


@pytest.mark.parametrize("check, answer, uses", [
    (C.check_leaky_relu_grad, leaky_relu_grad_float, activations.leaky_relu),
    (C.check_relu, relu_int_preserving, None),
    *[(getattr(C, f"check_{name}"), getattr(activations, name),
       getattr(activations, name.removesuffix("_grad")) if name.endswith("_grad") else None)
      for name in ("sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad", "leaky_relu",
                   "leaky_relu_grad")],
])
def test_activations_right_for_integer_arrays_pass(check, answer, uses, capsys):
    check(answer, *([uses] if uses else []))
    assert "✓" in capsys.readouterr().out


def train_perceptron_zeros_like(X, y, lr=1.0, epochs=20):
    """w = np.zeros_like(X[0]), updated with `w += ...`: refused for int X."""
    w, b, errors = np.zeros_like(X[0]), 0.0, []
    for _ in range(epochs):
        wrong = 0
        for x, target in zip(X, y, strict=True):
            out = perceptron.perceptron(x, w, b)
            if out != target:
                w += lr * (target - out) * x
                b += lr * (target - out)
                wrong += 1
        errors.append(wrong)
    return w, b, errors


def train_perceptron_float_start(X, y, lr=1.0, epochs=20):
    """The same with w = np.zeros(X.shape[1]): right for any X."""
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        wrong = 0
        for x, target in zip(X, y, strict=True):
            out = perceptron.perceptron(x, w, b)
            if out != target:
                w += lr * (target - out) * x
                b += lr * (target - out)
                wrong += 1
        errors.append(wrong)
    return w, b, errors


def train_perceptron_itemwise(X, y, lr=1.0, epochs=20):
    """w = np.zeros_like(X[0]), updated entry by entry: lr * x is truncated for int X."""
    w, b, errors = np.zeros_like(X[0]), 0.0, []
    for _ in range(epochs):
        wrong = 0
        for x, target in zip(X, y, strict=True):
            out = perceptron.perceptron(x, w, b)
            if out != target:
                for j in range(len(w)):
                    w[j] = w[j] + lr * (target - out) * x[j]
                b += lr * (target - out)
                wrong += 1
        errors.append(wrong)
    return w, b, errors


def test_the_notebook_gives_train_perceptron_float_corners():
    """What the notebook passes (its CORNERS are floats) is what the check's main runs pass; the
    integer corners are the ones a student writes by hand, np.array([[0, 0], ...])."""
    from nncourse import notebooks as nbs
    text = "".join(c.source for c in nbs.read(nbs.RELEASE_DIR / "01_perceptron.ipynb").cells)
    assert "CORNERS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)" in text
    assert perceptron_checks.CORNERS.dtype == float and perceptron_checks.INT_CORNERS.dtype.kind == "i"


@pytest.mark.parametrize("answer", [train_perceptron_zeros_like, train_perceptron_itemwise])
def test_weights_of_xs_integer_dtype_fail(answer):
    with pytest.raises(CheckFailed) as failed:
        C.check_train_perceptron(answer)
    text = str(failed.value)
    assert "X_int" in text and "as ints" in text
    assert failed.value.mistakes == ("fp.integer_input",)
    assert "np.zeros(X.shape[1])" in text


@pytest.mark.parametrize("answer", [train_perceptron_float_start, perceptron.train_perceptron])
def test_float_weights_pass_on_integer_corners(answer, capsys):
    C.check_train_perceptron(answer)
    assert "✓ train_perceptron" in capsys.readouterr().out


# --------------------------------------------------------------------------
# 3. train_val_split: which points are held out is the student's choice
# --------------------------------------------------------------------------


def train_val_split_last(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round(val_fraction * len(X))
    val, tr = order[len(X) - n_val:], order[:len(X) - n_val]
    return X[tr], X[val], y[tr], y[val]


def test_holding_out_the_last_of_the_shuffled_order_is_an_alternative(capsys):
    """The notebook says "take round(val_fraction * N) of them for validation and the rest for
    training": it does not fix which ones, so the last n_val of the order are as right as the first."""
    from nncourse import notebooks as nbs
    text = "".join(c.source for c in nbs.read(nbs.RELEASE_DIR / "06_spiral_training.ipynb").cells)
    assert "take `round(val_fraction * N)` of them for validation and the rest for training" in text
    C.check_train_val_split(train_val_split_last)
    assert "✓ train_val_split" in capsys.readouterr().out


# --------------------------------------------------------------------------
# 4. a loop that never ends: every check that trains has a budget
# --------------------------------------------------------------------------


def train_endless(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    epoch = 0
    while epoch < epochs:  # no epoch += 1
        _ = float(np.sum(X))
    return {}, {}


def train_perceptron_endless(X, y, lr=1.0, epochs=20):
    w, b, errors, epoch = np.zeros(X.shape[1]), 0.0, [], 0
    while epoch < epochs:  # no epoch += 1
        errors = [0]
    return w, b, errors


def grid_search_endless(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    i = 0
    while i < len(hiddens):  # no i += 1
        pass
    return None


def softmax_classifier_train_sleeping(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=100, reg=1e-3, seed=0):
    for _ in range(epochs):
        time.sleep(60)  # a loop far too long: each epoch a minute
    return {}, {}


@pytest.fixture
def short_budgets(monkeypatch):
    monkeypatch.setattr(training_checks, "CHECK_RUN_BUDGET", 1)
    monkeypatch.setattr(perceptron_checks, "CHECK_RUN_BUDGET", 1)
    monkeypatch.setattr(what_next_checks, "CHECK_RUN_BUDGET", 1)


@pytest.mark.parametrize("check, args", [
    (C.check_train, (train_endless,)),
    (C.check_train_perceptron, (train_perceptron_endless,)),
    (C.check_grid_search, (grid_search_endless, training.train)),
    (C.check_softmax_classifier_train, (softmax_classifier_train_sleeping,)),
])
def test_an_endless_loop_ends_with_a_message_naming_it(check, args, short_budgets):
    start = time.perf_counter()
    with pytest.raises(CheckFailed) as failed:
        check(*args)
    assert time.perf_counter() - start < 20
    text = str(failed.value)
    assert "s budget" in text and "never ends" in text
    assert failed.value.mistakes == ("fp.endless_loop",)
    assert "while" in text and "for " in text


def test_the_search_check_names_train_when_train_never_ends(short_budgets):
    def grid_search(*args):
        raise AssertionError("not reached: the check runs train first")

    with pytest.raises(CheckFailed, match=r"runs your train first, and train\(.*\) took more than the 1 s "
                                          r"budget\.\nHint: .*never ends.*\[mistake: fp.endless_loop\]"):
        C.check_grid_search(grid_search, train_endless)


def test_the_budgets_are_generous_and_leave_no_alarm(capsys):
    import signal
    C.check_train(training.train)
    C.check_train_perceptron(perceptron.train_perceptron)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler, None)
    C.check_softmax_classifier_train(what_next.softmax_classifier_train)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler, None)
    assert min(m.CHECK_RUN_BUDGET for m in (training_checks, perceptron_checks, what_next_checks)) >= 10
    assert capsys.readouterr().out.count("✓") == 3


@pytest.mark.parametrize("seed", range(5))
def test_the_hidden_perceptron_cases_hold_integer_inputs(seed):
    """A hidden case of integer 0/1 inputs, on which weights of X's dtype give another run."""
    cases = H.separable_cases(np.random.default_rng(seed))
    integer = [(args, kwargs) for args, kwargs in cases if args[0].dtype.kind == "i"]
    assert integer
    differ = False
    for args, kwargs in integer:
        w, b, errors = perceptron.train_perceptron(*args, **kwargs)
        assert w.dtype == float
        wi, bi, ei = train_perceptron_itemwise(*args, **kwargs)
        differ |= not (np.allclose(wi, w) and np.isclose(bi, b) and ei == errors)
    assert differ
