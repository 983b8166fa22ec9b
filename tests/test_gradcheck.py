"""Every analytic derivative in the reference agrees with central differences to < 1e-7."""

import numpy as np
import pytest

from autograder.gradcheck import (
    elementwise_derivative,
    numerical_gradient,
    numerical_param_gradients,
    rel_error,
)
from nncourse.fixtures_what_next import NETWORKS, deep_network
from solutions import activations as A
from solutions import backprop as B
from solutions import forward_pass as F
from solutions import losses as L
from solutions import what_next as W

TOL = 1e-7


def test_rel_error_is_relative_and_symmetric():
    assert rel_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert rel_error(1.0, 1.1) == pytest.approx(0.1 / 2.1)
    assert rel_error(1e-12, 0.0) == pytest.approx(1e-4)  # floored denominator


def test_numerical_gradient_of_a_quadratic_and_leaves_input_alone():
    A_ = np.array([[3.0, 1.0], [1.0, 2.0]])
    x = np.array([0.5, -1.0])
    before = x.copy()
    grad = numerical_gradient(lambda v: 0.5 * v @ A_ @ v, x)
    assert rel_error(grad, A_ @ x) < 1e-9
    assert np.array_equal(x, before)


@pytest.mark.parametrize("fn, grad", [
    (A.sigmoid, A.sigmoid_grad), (A.tanh, A.tanh_grad), (A.relu, A.relu_grad),
    (A.leaky_relu, A.leaky_relu_grad)])
def test_activation_derivatives(fn, grad):
    x = np.random.default_rng(0).uniform(-3, 3, size=(4, 6))
    x = x[np.abs(x) > 1e-3]  # off the kink of relu
    assert rel_error(grad(x), elementwise_derivative(fn, x)) < TOL


@pytest.mark.parametrize("loss, grad", [
    (L.binary_cross_entropy, L.binary_cross_entropy_grad), (L.mse, L.mse_grad)])
def test_loss_gradients(loss, grad):
    rng = np.random.default_rng(1)
    y = (rng.uniform(size=9) < 0.5).astype(float)
    y_hat = rng.uniform(0.05, 0.95, size=9)
    assert rel_error(grad(y, y_hat), numerical_gradient(lambda p: loss(y, p), y_hat)) < TOL


@pytest.mark.parametrize("n", [1, 2, 7, 32])
def test_backward_against_central_differences(n):
    rng = np.random.default_rng(n)
    X = rng.normal(size=(n, 3))
    y = (rng.uniform(size=n) < 0.5).astype(float)
    params = F.init_params(3, 6, seed=n)
    params["b1"] = rng.normal(0, 0.3, size=6)
    _, cache = F.forward(X, params)
    analytic = B.backward(X, y, params, cache)
    numeric = numerical_param_gradients(
        lambda p: L.binary_cross_entropy(y, F.forward(X, p)[0]), params)
    for key in analytic:
        assert rel_error(analytic[key], numeric[key]) < TOL, key



def _deep_gradients(X, y, params, activation):
    _, cache = W.forward_deep(X, params, activation)
    analytic = W.backward_deep(X, y, params, cache, activation)
    numeric = numerical_param_gradients(
        lambda p: L.binary_cross_entropy(y, W.forward_deep(X, p, activation)[0]), params)
    assert sorted(analytic) == sorted(numeric)
    return analytic, numeric


@pytest.mark.parametrize("case", ["h1", "h2", "h3", "single", "sigmoid"])
def test_deep_backward_elementwise_on_well_conditioned_networks(case):
    """The course's measure (largest elementwise relative error) on the networks the checks store.

    That measure is meaningful only where an entry stands well above the central
    differences' rounding noise (about 1e-11 here), so these networks have no
    entry between 0 (a unit that is off for every sample) and 1e-3.
    """
    d, hidden, n, seed = NETWORKS[case]
    X, y, params = deep_network(d, hidden, n, seed)
    analytic, numeric = _deep_gradients(X, y, params, "sigmoid" if case == "sigmoid" else "relu")
    entries = np.abs(np.concatenate([g.ravel() for g in analytic.values()]))
    assert entries[entries > 0].min() > 1e-3
    for key in analytic:
        assert rel_error(analytic[key], numeric[key]) < TOL, key


@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
@pytest.mark.parametrize("hidden", [[6], [5, 4], [4, 5, 3]], ids=["1 hidden", "2 hidden", "3 hidden"])
@pytest.mark.parametrize("n", [1, 9, 32])
def test_deep_backward_on_random_networks(hidden, activation, n):
    """Norm-wise relative error |a - n| / (|a| + |n|) per parameter, robust to tiny entries."""
    rng = np.random.default_rng([n, len(hidden)])
    X = rng.normal(size=(n, 3))
    y = (rng.uniform(size=n) < 0.5).astype(float)
    params = W.init_deep_params([3, *hidden, 1], seed=n + len(hidden))
    for key in params:
        if key.startswith("b"):
            params[key] = rng.normal(0, 0.3, size=params[key].shape)
    analytic, numeric = _deep_gradients(X, y, params, activation)
    for key in analytic:
        a, b = analytic[key], numeric[key]
        assert np.linalg.norm(a - b) / max(1e-12, np.linalg.norm(a) + np.linalg.norm(b)) < TOL, key
