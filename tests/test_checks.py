"""The check library: the reference and every alternative pass, every catalogued mistake fails its own."""

import numpy as np
import pytest
from blanks import CHECKS, REFERENCE, run_check

from autograder import checks as C
from autograder import hidden
from autograder.checking import CheckFailed, expect_close, expect_shape
from solutions import activations as A
from solutions import forward_pass as F
from solutions import losses as L
from solutions.alternatives import ALTERNATIVES
from solutions.mistakes import MISTAKES
from solutions.unseen_mistakes_fifth import UNSEEN_FIFTH_ALTERNATIVES
from solutions.unseen_mistakes_fourth import UNSEEN_FOURTH_ALTERNATIVES
from solutions.unseen_mistakes_sixth import UNSEEN_SIXTH_ALTERNATIVES

#: checks that print more than one line: the spiral target also confirms the hyperparameters
#: (and trains for ~15 s; the solution-notebook tests run it)
MULTI_LINE = {"hyperparameters"}


@pytest.mark.parametrize("blank", sorted(set(CHECKS) - MULTI_LINE))
def test_reference_passes_and_confirms_in_one_line(blank, capfd):
    run_check(blank, REFERENCE[blank])
    out, err = capfd.readouterr()
    assert err == ""
    assert out.startswith("✓ ") and out.count("\n") == 1, out


def test_every_blank_has_a_catalogued_mistake():
    assert set(CHECKS) <= {m.blank for m in MISTAKES}


@pytest.mark.parametrize("m", MISTAKES, ids=lambda m: m.id)
def test_mistake_fails_its_check_quietly(m, capfd):
    with pytest.raises(CheckFailed) as info:
        run_check(m.blank, m.load())
    assert capfd.readouterr().err == "", "a check wrote to stderr (nbgrader scores that cell 0)"
    assert m.hint in str(info.value), f"expected hint {m.hint!r} in:\n{info.value}"
    if m.diagnosed:
        assert f"Hint: {m.hint}" in str(info.value), "a diagnosed mistake's hint follows 'Hint:'"


#: every correct answer written another way: the catalogue's and those written with the blind sets
EVERY_ALTERNATIVE = [*ALTERNATIVES, *UNSEEN_FOURTH_ALTERNATIVES, *UNSEEN_FIFTH_ALTERNATIVES,
                     *UNSEEN_SIXTH_ALTERNATIVES]


@pytest.mark.parametrize("alt", EVERY_ALTERNATIVE, ids=lambda a: a.id)
def test_alternative_passes_its_check_and_hidden_tests(alt, capfd):
    impl = alt.load()
    run_check(alt.blank, impl)
    if alt.blank in hidden.CASES or alt.blank in hidden.PROPERTIES:
        hidden.hidden_check(alt.blank, impl, seed=1234)
    out, err = capfd.readouterr()
    assert err == "" and "✓" in out, (out, err)


def test_seed_bug_is_named_with_expected_and_got():
    bug = next(m for m in MISTAKES if m.id == "backward.divides_by_n_twice")
    with pytest.raises(CheckFailed) as info:
        run_check("backward", bug.fn)
    message = str(info.value)
    assert "exactly N times too small: you divide by N twice" in message
    assert "expected:" in message and "got:" in message and "grads['dW1']" in message


def test_gradient_check_names_the_analytic_to_numerical_ratio():
    bug = next(m for m in MISTAKES if m.id == "backward.divides_by_n_twice")
    with pytest.raises(CheckFailed, match="Analytic against numerical gradient: your gradients are "
                                          "exactly N times too small"):
        C.check_backward_numerically(bug.load(), F.forward, L.binary_cross_entropy)


@pytest.mark.parametrize("got, shape, message", [
    (np.array([1.0, -2.0, 3.0]) / 3, None, "N = 3 times too small: you divide by N twice"),
    (np.array([1.0, -2.0, 3.0]) * 3, None, "N = 3 times too large"),
    (-np.array([1.0, -2.0, 3.0]), None, "opposite sign"),
    (np.ones((3, 2)), (2, 3), "transpose of the expected shape"),
])
def test_generic_fingerprints_need_no_catalogue(got, shape, message):
    with pytest.raises(CheckFailed, match=message):
        if shape:
            expect_shape(got, "dW", shape)
        expect_close(got, np.array([1.0, -2.0, 3.0]), "dW", mistake="nowhere:none/none/dW", n=3)


def test_stub_raises_not_implemented_unchanged():
    def sigmoid(x):
        raise NotImplementedError()

    with pytest.raises(NotImplementedError):
        C.check_sigmoid(sigmoid)


def test_in_place_change_of_an_input_is_reported():
    def sigmoid(x):
        x *= -1
        np.exp(x, out=x)
        x += 1
        return 1 / x

    with pytest.raises(CheckFailed, match="changed its argument `x` in place"):
        C.check_sigmoid(sigmoid)


def test_reading_a_notebook_global_instead_of_the_argument_is_reported():
    namespace = {"np": np, "relu": A.relu, "sigmoid": A.sigmoid,
                 "params": F.init_params(3, 5, seed=0)}
    exec(
        "def forward(X, p):\n"
        "    z1 = X @ params['W1'].T + params['b1']\n"
        "    a1 = relu(z1)\n"
        "    z2 = a1 @ params['W2'].T + params['b2']\n"
        "    return sigmoid(z2).ravel(), {'z1': z1, 'a1': a1, 'z2': z2}\n",
        namespace,
    )
    with pytest.raises(CheckFailed, match="uses a global variable"):
        C.check_forward(namespace["forward"])


def test_warning_becomes_a_message_not_stderr(capfd):
    def softmax(z):
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    with pytest.raises(CheckFailed, match="RuntimeWarning: overflow"):
        C.check_softmax(softmax)
    assert capfd.readouterr().err == ""


def test_object_with_custom_eq_is_not_an_array():
    class AlwaysEqual(np.ndarray):
        def __eq__(self, other):
            return True

    def relu(x):
        return np.maximum(0.0, x).view(AlwaysEqual)

    with pytest.raises(CheckFailed, match="not a subclass"):
        C.check_relu(relu)


@pytest.mark.parametrize("value, message", [
    (True, "boolean"), (np.array([1]), "single int"), ("1", "should be an int"), (2, "one of")])
def test_perceptron_output_type_is_checked(value, message):
    with pytest.raises(CheckFailed, match=message):
        C.check_perceptron(lambda x, w, b: value)


def test_bce_grad_is_checked_with_labels_shaped_unlike_y_hat():
    """y (N,) with y_hat (N, 1), and the reverse: the docstring's promise, which training relies on."""
    def never_reshapes(y, y_hat, eps=1e-9):  # right whenever y and y_hat come in the same shape
        y_hat = np.asarray(y_hat, dtype=np.float64)
        p = np.clip(y_hat, eps, 1.0 - eps)
        return (p - np.asarray(y, dtype=np.float64)) / (p * (1.0 - p)) / y_hat.size

    with pytest.raises(CheckFailed) as failed:
        run_check("binary_cross_entropy_grad", never_reshapes)
    message = str(failed.value)
    assert "y of shape (8,) and y_hat of shape (8, 1)" in message and "(8, 8)" in message
    assert "[mistake: fp.broadcast]" in message


def _flattens_y_only_bce(y, y_hat, eps=1e-9):
    """Right for y (N,) or (N, 1) with y_hat (N,); y_hat (N, 1) against the flat y broadcasts to (N, N)."""
    p = np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1.0 - eps)
    y = np.ravel(np.asarray(y, dtype=np.float64))
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


def _flattens_y_only_mse(y, y_hat):
    y = np.ravel(np.asarray(y, dtype=np.float64))
    return float(np.mean((y - np.asarray(y_hat, dtype=np.float64)) ** 2))


def _never_reshapes_mse_grad(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return 2.0 * (y_hat - np.asarray(y, dtype=np.float64)) / y_hat.size


@pytest.mark.parametrize("blank, wrong", [("binary_cross_entropy", _flattens_y_only_bce),
                                          ("mse", _flattens_y_only_mse)])
def test_losses_are_checked_with_y_and_y_hat_shaped_unlike(blank, wrong):
    """y (N,) with y_hat (N, 1): BCE promises y_hat 'with N entries', MSE 'the same number of entries'."""
    run_check(blank, lambda y, y_hat: wrong(y, np.ravel(y_hat)))  # with y_hat flattened too, it is right
    with pytest.raises(CheckFailed) as failed:
        run_check(blank, wrong)
    assert f"{blank}(y, y_hat) with y of shape (8,) and y_hat of shape (8, 1)" in str(failed.value)


def test_mse_grad_is_checked_shaped_like_y_hat_with_labels_shaped_unlike():
    run_check("mse_grad", lambda y, y_hat: _never_reshapes_mse_grad(np.reshape(y, np.shape(y_hat)), y_hat))
    with pytest.raises(CheckFailed) as failed:
        run_check("mse_grad", _never_reshapes_mse_grad)
    message = str(failed.value)
    assert "mse_grad(y, y_hat) with y of shape (8,) and y_hat of shape (8, 1)" in message
    assert "(8, 8)" in message


def test_xor_is_checked_with_a_list():
    """x is array-like: an xor that calls array methods on x is right on arrays only."""
    from solutions import perceptron as P

    def xor(x):
        x = x.astype(np.float64)  # a list has no astype
        hidden = np.array([P.perceptron(x, P.OR_W, P.OR_B), P.perceptron(x, P.NAND_W, P.NAND_B)])
        return P.perceptron(hidden, P.AND_W, P.AND_B)

    with pytest.raises(CheckFailed, match=r"xor\(\[0, 0\]\) with x a list raised AttributeError"):
        run_check("xor", xor)


@pytest.mark.parametrize("count, rows", [(int, "2 rows"), (np.ceil, "3 rows")])
def test_split_holds_out_round_val_fraction_n(count, rows):
    """round(val_fraction * N) rows, as the docstring says: truncating or rounding up is caught at N = 7."""
    def split(X, y, val_fraction=0.2, seed=0):
        order = np.random.default_rng(seed).permutation(len(X))
        n_val = int(count(val_fraction * len(X)))  # right whenever val_fraction * N is whole
        return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]

    with pytest.raises(CheckFailed, match=rf"with N = 7: X_val has {rows}; .* = round\("):
        run_check("train_val_split", split)


def test_init_params_defaults_are_checked():
    """n_out=1 and seed=0 by default: a default seed of None is unseeded, and only a call without it shows."""
    def init_params(n_in, n_hidden, n_out=1, seed=None):
        return F.init_params(n_in, n_hidden, n_out, seed=int(np.random.default_rng().integers(1, 2**31))
                             if seed is None else seed)

    with pytest.raises(CheckFailed, match=r"init_params\(3, 5\)\['W1'\] differs from init_params\(3, 5, "
                                          r"n_out=1, seed=0\)"):
        run_check("init_params", init_params)


def test_predict_default_threshold_is_checked():
    """threshold=0.5 by default: a predict whose default differs is right whenever a threshold is passed."""
    from solutions import training as T

    def predict(X, params, threshold=0.3):
        return T.predict(X, params, threshold)

    with pytest.raises(CheckFailed, match=r"predict\(X, params\) with the default threshold \(0\.5\)"):
        run_check("predict", predict)


def test_momentum_default_beta_is_checked():
    """beta=0.9 by default: a momentum_step whose default differs is right whenever beta is passed."""
    from solutions import what_next as W

    def momentum_step(params, grads, velocity, lr, beta=0.99):
        return W.momentum_step(params, grads, velocity, lr, beta)

    with pytest.raises(CheckFailed, match=r"with the default beta \(0\.9\)"):
        run_check("momentum_step", momentum_step)


def test_train_perceptron_defaults_are_checked():
    """lr=1.0 and epochs=20 by default: one whose default differs is right whenever they are passed."""
    from solutions import perceptron as P

    def train_perceptron(X, y, lr=1.0, epochs=10):
        return P.train_perceptron(X, y, lr, epochs)

    with pytest.raises(CheckFailed, match=r"train_perceptron\(X, y_AND\) with the defaults gave"):
        run_check("train_perceptron", train_perceptron)


def test_a_passing_check_never_diagnoses(monkeypatch, capfd):
    """Fingerprints, re-runs and hints cost nothing where the answer is right: the diagnosis runs
    only once a check has failed (README). Every name the check library binds to it raises here."""
    import sys

    from autograder import diagnosis, fingerprints

    def diagnosed(*args, **kwargs):
        raise AssertionError("a passing check ran the diagnosis")

    entry_points = {fingerprints.explain, diagnosis.diagnose}
    for name, module in list(sys.modules.items()):
        if name == "autograder" or name.startswith("autograder."):
            for attr in ("explain", "diagnose"):
                if getattr(module, attr, None) in entry_points:
                    monkeypatch.setattr(module, attr, diagnosed)
    for blank in sorted(set(CHECKS) - MULTI_LINE):
        run_check(blank, REFERENCE[blank])
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("blank", ["sigmoid", "mse", "forward", "train_val_split"])
def test_a_function_that_returns_none_is_explained_from_its_source_and_not_run_again(blank):
    """fp.no_return reads the source (parsed, never run again): the check's one call is the only one."""
    calls = []
    namespace = {"calls": calls}
    exec(f"def {blank}(*args, **kwargs):\n    calls.append(args)\n    result = 0\n", namespace)
    with pytest.raises(CheckFailed) as failed:
        run_check(blank, namespace[blank])
    assert "fp.no_return" in str(failed.value), str(failed.value)
    assert len(calls) == 1, f"{blank} was called {len(calls)} times"
