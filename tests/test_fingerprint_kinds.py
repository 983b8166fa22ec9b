"""Five kinds of slip with a fingerprint of their own: each names its slip when proven, and only then.

Whole-number results, a derivative's wrong polynomial in its function's value,
another NumPy elementwise function, a loss's reduction and elementwise function
exchanged (or a log in another base), and a pipeline's inner quantity with one
factor too many or too few. Each is tried on made-up functions (none is an entry
of any set of mistakes): a slip it must name, a near miss or a case with too
little evidence it must not, a right answer written differently that must pass,
and an output two kinds explain. The checks run in this process, on their stored cases.
"""

import numpy as np
import pytest
from blanks import mistakes_of, run_check

from autograder.checking import CheckFailed, expect_array
from autograder.fingerprints import Clues, explain
from autograder.pipelines import inner_slip, recover_inner
from solutions import activations as A
from solutions import backprop as B
from solutions import losses as L

E = np.array([0.73, 1.5, 2.25, 3.0, -0.4])


def ids(got, expected=E, clues=None):
    found = explain(got, expected, clues)
    return found.mistake_ids if found else ()


def passes(blank, impl, capsys):
    run_check(blank, impl)
    out = capsys.readouterr().out
    assert "✓" in out and "[mistake:" not in out


# --------------------------------------------------------------------------
# 1. Whole-number results
# --------------------------------------------------------------------------

@pytest.mark.parametrize("rounding, words", [(np.floor, "rounded down"), (np.trunc, "rounded toward 0"),
                                             (np.rint, "rounded to the nearest")])
def test_values_rounded_to_whole_numbers_are_named_with_the_rounding(rounding, words):
    found = explain(rounding(E), E)
    assert found.mistake_ids == ("fp.whole_number",)
    assert words in found.text and "0.73 became" in found.text


def test_one_fraction_rounded_proves_nothing():
    one_fraction = np.array([0.73, 1.0, 2.0, 3.0])
    assert "fp.whole_number" not in ids(np.floor(one_fraction), one_fraction)
    assert ids(np.floor(E) + np.array([0, 0, 0, 0, 1e-3]), E) == ()  # off at one entry: nothing


def test_probabilities_rounded_to_zero_or_one_are_labels_and_all_zeros_are_zeros():
    prob = np.array([0.2, 0.9, 0.6, 0.45])
    assert ids(np.rint(prob), prob) == ("fp.labels_for_probabilities",)
    found = explain(np.zeros(4), prob)
    assert found.mistake_ids == ("fp.zeros",) and "divides with `//`" in found.text


def test_an_integer_dtype_names_the_rounding_the_values_prove():
    expected = np.array([[0.5, 1.25], [2.75, -0.75]])
    with pytest.raises(CheckFailed) as info:
        expect_array(np.trunc(expected).astype(int), "dW", shape=(2, 2), expected=expected)
    assert info.value.mistakes == ("fp.whole_number",) and "dtype int" in str(info.value)
    with pytest.raises(CheckFailed) as info:
        expect_array(np.array([[3, 1], [2, 2]]), "dW", shape=(2, 2), expected=expected)
    assert info.value.mistakes == ()  # integers, but no rounding of these values


# --------------------------------------------------------------------------
# 2. A derivative's polynomial in s = f(x)
# --------------------------------------------------------------------------

def test_a_derivative_with_the_wrong_polynomial_in_its_value_is_named_term_by_term():
    ids_, message = mistakes_of("sigmoid_grad", lambda x: A.sigmoid(x) * (1 + A.sigmoid(x)))
    assert ids_ == ("fp.flipped_term",)
    assert "s + s**2 = s*(1 + s) where s - s**2 = s*(1 - s) belongs" in message
    assert "the sign of the s**2 term" in message
    ids_, message = mistakes_of("tanh_grad", lambda x: (1 - A.tanh(x)) ** 2)
    assert ids_ == ("fp.wrong_polynomial",) and "1 - 2*s + s**2 = (1 - s)**2 where" in message
    ids_, message = mistakes_of("tanh_grad", lambda x: 1 - A.tanh(x) * 2)
    assert ids_ == ("fp.missing_square",) and "`* 2` typed for `** 2`" in message


def test_a_polynomial_fit_needs_five_values_of_s():
    for s in (np.array([0.25, 0.5]), np.array([0.2, 0.4, 0.6, 0.8])):  # 2 or 4 values: too few
        clues = Clues(of_value=("sigmoid", lambda a, b: a * (1 - b), s, s))
        assert ids(s + s ** 2, s * (1 - s), clues) == ()
    s = np.linspace(0.1, 0.9, 7)
    clues = Clues(of_value=("sigmoid", lambda a, b: a * (1 - b), s, s))
    assert ids(s + s ** 2, s * (1 - s), clues) == ("fp.flipped_term",)
    assert ids(s + s ** 2 + 1e-4 * s ** 3, s * (1 - s), clues) == ()  # no exact polynomial


def test_a_slip_another_fingerprint_names_is_not_called_a_polynomial(capsys):
    # 1 - s(1 - s) is the complement: its own name, not "the polynomial 1 - s + s**2"
    complement = mistakes_of("sigmoid_grad", lambda x: 1 - A.sigmoid(x) * (1 - A.sigmoid(x)))[0]
    assert complement == ("fp.complement",)
    # the right derivative in another form passes
    passes("sigmoid_grad", lambda x: np.exp(-np.logaddexp(0.0, -x) - np.logaddexp(0.0, x)), capsys)


# --------------------------------------------------------------------------
# 3. Another NumPy elementwise function
# --------------------------------------------------------------------------

def test_another_numpy_function_of_the_input_is_named():
    ids_, message = mistakes_of("tanh", lambda x: np.arctan(x))
    assert ids_ == ("fp.wrong_function",) and "np.arctan(x)" in message
    x = np.array([0.5, 1.5, 2.5, 4.0])
    assert ids(np.log2(x), np.log(x), Clues(inputs={"x": x})) == ("fp.wrong_function",)
    assert ids(np.log2(x) + np.array([0, 0, 0, 1e-3]), np.log(x), Clues(inputs={"x": x})) == ()


def test_the_function_for_its_derivative_keeps_its_own_name():
    assert mistakes_of("tanh_grad", lambda x: np.tanh(x))[0] == ("fp.function_for_derivative",)


# --------------------------------------------------------------------------
# 4. A loss's reduction and elementwise function exchanged; a log in another base
# --------------------------------------------------------------------------

def test_the_square_of_the_mean_and_the_log_of_the_mean_are_named():
    ids_, message = mistakes_of("mse", lambda y, y_hat: float(np.mean(np.ravel(y_hat) - np.ravel(y)) ** 2))
    assert ids_ == ("fp.reduction_order",) and "square of the mean difference" in message
    log_of_mean = mistakes_of("categorical_cross_entropy",
                              lambda Y, P: float(-np.log(np.mean(np.sum(Y * P, axis=1)))))[0]
    assert log_of_mean == ("fp.reduction_order",)


def test_a_loss_in_another_log_base_is_named_by_its_constant():
    def bce_log2(y, y_hat):
        y, p = np.ravel(y), np.clip(np.ravel(y_hat), 1e-9, 1 - 1e-9)
        return float(-np.mean(y * np.log2(p) + (1 - y) * np.log2(1 - p)))
    ids_, message = mistakes_of("binary_cross_entropy", bce_log2)
    assert ids_ == ("fp.log_base",) and "1/ln 2 = 1.443" in message


def test_a_loss_near_a_named_variant_is_not_named(capsys):
    near = mistakes_of("mse", lambda y, y_hat: float(np.mean(np.ravel(y_hat) - np.ravel(y)) ** 2 * 1.001))[0]
    assert "fp.reduction_order" not in near
    passes("mse", lambda y, y_hat: float(np.square(np.subtract(np.ravel(y), np.ravel(y_hat))).sum()
                                         / np.size(y)), capsys)
    passes("binary_cross_entropy", lambda y, y_hat: L.binary_cross_entropy(y, y_hat), capsys)


# --------------------------------------------------------------------------
# 5. A pipeline's inner quantity with one factor too many or too few
# --------------------------------------------------------------------------

def _backward_with(slope_power=0, hidden_slope=None):
    def backward(X, y, params, cache):
        y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
        y_hat = A.sigmoid(cache["z2"])
        dz2 = (y_hat - y) * (y_hat * (1 - y_hat)) ** slope_power / X.shape[0]
        mask = (cache["z1"] > 0) if hidden_slope is None else hidden_slope(cache)
        dz1 = (dz2 @ params["W2"]) * mask
        return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}
    return backward


def test_the_sigmoids_slope_multiplied_in_again_or_divided_out_is_named(capsys):
    ids_, message = mistakes_of("backward", _backward_with(slope_power=1))
    assert ids_ == ("fp.missing_factor",) and "multiplied by the sigmoid's slope" in message
    ids_, message = mistakes_of("backward", _backward_with(slope_power=-1))
    assert ids_ == ("fp.missing_factor",) and "dL/dy_hat" in message
    ids_, _ = mistakes_of("backward", _backward_with(hidden_slope=lambda c: c["a1"]))
    assert ids_ == ("fp.function_for_derivative",)
    passes("backward", B.backward, capsys)


def test_an_inner_quantity_is_recovered_only_when_the_outputs_determine_it():
    a = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 4.0]])  # (3, 2)

    def too_few(inner):  # 2 equations for 3 unknowns: any inner fits
        return {"g": inner.T @ a}

    def enough(inner):  # 2 + 2 + 1 equations, rank 3
        return {"g": inner.T @ a, "h": inner.T @ a ** 2, "s": inner.sum(axis=0)}

    inner = np.array([[0.3], [-0.2], [0.7]])
    assert recover_inner(too_few(inner), too_few, (3, 1)) is None
    assert np.allclose(recover_inner(enough(inner), enough, (3, 1)), inner)
    q = np.array([[2.0], [0.5], [3.0]])
    variants = {"times q": ("fp.missing_factor", lambda d: enough(d * q)),
                "over q": ("fp.missing_factor", lambda d: enough(d / q))}
    found = inner_slip(enough(inner * q), enough(inner), enough, (3, 1), variants)
    assert found.mistake_ids == ("fp.missing_factor",) and found.text == "times q"
    near = {k: v + 1e-3 for k, v in enough(inner * q).items()}
    assert inner_slip(near, enough(inner), enough, (3, 1), variants) is None
    # two variants that give the same outputs are both named
    same = {"times q": variants["times q"], "q times": ("fp.other", lambda d: enough(q * d))}
    assert inner_slip(enough(inner * q), enough(inner), enough, (3, 1), same).mistake_ids == (
        "fp.missing_factor", "fp.other")


def test_floor_division_in_a_gradient_and_an_integer_activation_are_named():
    def mse_grad(y, y_hat):
        y_hat = np.asarray(y_hat, dtype=np.float64)
        return 2 * (y_hat - np.reshape(y, y_hat.shape)) // np.size(y_hat)
    ids_, message = mistakes_of("mse_grad", mse_grad)
    assert ids_ == ("fp.whole_number",) and "rounded down" in message
    ids_, message = mistakes_of("leaky_relu", lambda x, alpha=0.1: np.where(x > 0, x, alpha * x).astype(int))
    assert ids_ == ("fp.whole_number",) and "dtype int64" in message
