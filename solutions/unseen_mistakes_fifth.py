"""A fifth set of mistakes, written blind: the untuned measurement of session 16's general fingerprints.

The second, third and fourth sets (``solutions.unseen_mistakes``,
``solutions.unseen_mistakes_blind``, ``solutions.unseen_mistakes_fourth``) were read
while fingerprints were being written, so their scores no longer say how the hints
do on mistakes nobody prepared for. This one was written on 2026-12-02 by helper
H16f, working only from the student notebooks (each blank as a student sees it),
the reference solutions, the correct answers of ``solutions.alternatives`` and
public reports of the slips (Stack Overflow, the DeepLearning.AI forum, GitHub
threads); without reading the fingerprints, checks, diagnosis, hints, the
catalogue or the earlier sets' entries (their one-line ``source=`` strings only,
to stay clear of duplicates), and without ever running ``nncourse mutants`` on it.
``nncourse mutants --unseen fifth`` grades it. Once measured, the file is frozen:
a miss may lead to a general fingerprint, never to an edit here.

A mistake is its blank's reference carrying a single slip, in a student's own
words and names; ``source`` states the slip and where it is reported, or
"written blind". A throwaway script (not kept) confirmed that every one returns
something other than the reference on ordinary inputs, or raises, and that every
entry of ``UNSEEN_FIFTH_ALTERNATIVES`` (a correct answer written another way, which
must score full marks with no hint) matches the reference: np.allclose at
rtol 1e-7, same shape and dtype, several inputs each.

``truth`` holds the ids a correct hint may carry. The code was committed with it
empty ("fifth set: code, written blind"); the ids were filled in afterwards by
reading each entry against the vocabulary's texts ("fifth set: labels"), with no
other change. ("unnamed",) means no id names the slip: any hint is wrong there,
and silence is right.
"""

from collections.abc import Callable

import numpy as np

from solutions.activations import relu, sigmoid, tanh
from solutions.backprop import backward, sgd_step
from solutions.forward_pass import forward, init_params
from solutions.losses import binary_cross_entropy, categorical_cross_entropy, softmax
from solutions.perceptron import AND_B, AND_W, NAND_B, NAND_W, OR_B, OR_W, perceptron
from solutions.training import accuracy, train
from solutions.unseen_mistakes import UnseenMistake
from solutions.variants import Variant
from solutions.what_next import predict_classes, softmax_classifier_loss

UNSEEN_FIFTH: list[UnseenMistake] = []
UNSEEN_FIFTH_ALTERNATIVES: list[Variant] = []


def _registering(registry: list, make: Callable[[Callable], Variant]) -> Callable[[Callable], Callable]:
    """A decorator that appends ``make(fn)`` to ``registry`` and leaves ``fn`` as it is."""
    def register(fn: Callable) -> Callable:
        registry.append(make(fn))
        return fn
    return register


def fifth(notebook: str, blank: str, truth: tuple[str, ...], source: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a fifth-set mistake of ``blank`` (id "<blank>.fifth_<name>")."""
    return _registering(UNSEEN_FIFTH, lambda fn: UnseenMistake(
        f"{blank}.fifth_{fn.__name__}", blank, notebook, fn, hint="", diagnosed=False,
        truth=truth, source=source))


def fifth_alternative(notebook: str, blank: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a correct answer of ``blank`` (id "<blank>.fifth_<name>")."""
    return _registering(UNSEEN_FIFTH_ALTERNATIVES,
                        lambda fn: Variant(f"{blank}.fifth_{fn.__name__}", blank, notebook, fn))


# --- notebook 01 ---------------------------------------------------------------

@fifth("perceptron", "perceptron", ("perceptron.strict_inequality",),
       "a strict > where the lesson's rule is >= 0: a point on the line gives 0, not 1 (the tie rule "
       "of the notebook; written blind)")
def strict_threshold(x, w, b):
    return 1 if np.dot(w, x) + b > 0 else 0


@fifth("perceptron", "perceptron", ("fp.repeated_term",),
       "np.sum(w * x + b): the bias broadcast into every term of the sum, so it is added once per "
       "feature (written blind)")
def bias_in_every_term(x, w, b):
    total = np.sum(w * np.asarray(x) + b)
    return 1 if total >= 0 else 0


@fifth("perceptron", "gates", ("gates.or_copies_and_bias", "fp.other_gate"),
       "OR given AND's bias, OR_B = -1.5, a line copied and only the name changed: OR behaves as AND "
       "(written blind)")
def or_copied_from_and():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -1.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@fifth("perceptron", "gates", ("fp.other_gate", "fp.flipped_term", "fp.constant"),
       "OR_B = +0.5: the sign of OR's bias flipped, so the unit fires at (0, 0) too, 1 everywhere "
       "(written blind)")
def or_bias_positive():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = 0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@fifth("perceptron", "train_perceptron", ("fp.flipped_step",),
       "error = prediction - target, the whole update reversed for w and b: the rule pushes the line "
       "the wrong way (the sign of (t - o) in Rosenblatt's rule; written blind)")
def error_reversed(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            error = perceptron(x_i, w, b) - y_i
            if error != 0:
                w = w + lr * error * x_i
                b = b + lr * error
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@fifth("perceptron", "train_perceptron", ("unnamed",),
       "errors.append indented into the loop over points: one entry per point, a running count, not one "
       "per epoch (written blind)")
def errors_appended_per_point(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w = w + step * x_i
                b = b + step
                n_wrong += 1
            errors.append(n_wrong)
    return w, b, errors


@fifth("perceptron", "train_perceptron", ("unnamed",),
       "training stopped early, 'if n_wrong == 0: break', once an epoch makes no mistake: the errors "
       "list is shorter than epochs (the usual convergence test of perceptron tutorials; written blind)")
def stops_when_converged(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w = w + step * x_i
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
        if n_wrong == 0:
            break
    return w, b, errors


@fifth("perceptron", "xor", ("unnamed",),
       "the hidden layer returned, the output unit never applied: a pair (OR, NAND) where one int "
       "belongs (written blind)")
def hidden_layer_returned(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)])
    return hidden


@fifth_alternative("perceptron", "perceptron")
def product_summed(x, w, b):
    activation = np.sum(np.multiply(w, x)) + b
    return int(activation >= 0)


@fifth_alternative("perceptron", "xor")
def or_minus_and(x):
    # OR fires on three corners, AND on one of them: the difference is 1 exactly where XOR is
    return perceptron(x, OR_W, OR_B) - perceptron(x, AND_W, AND_B)


# --- notebook 02 ---------------------------------------------------------------

@fifth("activations", "sigmoid", ("fp.flipped_term",),
       "1 / (1 - np.exp(-x)): a minus typed for the plus in the denominator (written blind)")
def minus_in_denominator(x):
    x = np.asarray(x, dtype=np.float64)
    return 1.0 / (1.0 - np.exp(-x))


@fifth("activations", "sigmoid", ("err.math_module",),
       "math.exp for np.exp: 'TypeError: only length-1 arrays can be converted to Python scalars' on an "
       "array (stackoverflow.com questions 'only size-1 arrays can be converted to Python scalars' on "
       "sigmoid functions)")
def math_exp(x):
    import math
    return 1 / (1 + math.exp(-x))


@fifth("activations", "sigmoid_grad", ("fp.sign_flip",),
       "-s * (1 - s): the minus of the inner derivative of e^-x kept in the chain rule, a negative slope "
       "(written blind)")
def chain_rule_minus_kept(x):
    s = sigmoid(x)
    return -s * (1.0 - s)


@fifth("activations", "tanh", ("unnamed",),
       "the exponential definition (e^x - e^-x) / (e^x + e^-x): inf / inf = nan beyond |x| of about 710 "
       "(stackoverflow.com 'RuntimeWarning: overflow encountered in exp' with hand-written tanh)")
def exponential_definition(x):
    x = np.asarray(x, dtype=np.float64)
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))


@fifth("activations", "tanh_grad", ("fp.missing_square",),
       "1 - np.tanh(x ** 2): the square put inside the tanh (written blind)")
def square_inside(x):
    return 1.0 - tanh(np.asarray(x, dtype=np.float64) ** 2)


@fifth("activations", "relu", ("fp.function_for_derivative",),
       "(x > 0) * 1.0: the ReLU's slope returned where the ReLU belongs (relu vs relu2deriv confusion, "
       "the mirror of the third set's slip; written blind)")
def slope_for_relu(x):
    x = np.asarray(x, dtype=np.float64)
    return (x > 0) * 1.0


@fifth("activations", "relu_grad", ("unnamed",),
       "np.heaviside(x, 1): the second argument is the value at x = 0, where the lesson picks 0 "
       "(numpy.org heaviside docs 'x2: the value of the function when x1 is 0'; written blind)")
def heaviside_one_at_kink(x):
    return np.heaviside(np.asarray(x, dtype=np.float64), 1.0)[()]


@fifth("activations", "leaky_relu", ("leaky_relu.maximum_with_alpha",),
       "np.maximum(alpha, x): alpha itself where alpha * x belongs, a floor at 0.1 (written blind)")
def maximum_with_alpha(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(alpha, x)[()]


@fifth("activations", "leaky_relu_grad", ("leaky_relu_grad.leaky_grad_swapped",),
       "np.where(x < 0, 1.0, alpha): the condition reversed, slope 1 on the negative side (written blind)")
def condition_reversed(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x < 0, 1.0, alpha)[()]


@fifth_alternative("activations", "sigmoid_grad")
def sigmoid_times_mirror(x):
    # 1 - sigmoid(x) = sigmoid(-x), and both factors stay accurate far into the tails
    return sigmoid(x) * sigmoid(-np.asarray(x, dtype=np.float64))


@fifth_alternative("activations", "tanh_grad")
def difference_of_squares(x):
    t = tanh(x)
    return (1.0 - t) * (1.0 + t)


@fifth_alternative("activations", "relu")
def where_positive(x):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, 0.0)[()]


@fifth_alternative("activations", "relu_grad")
def heaviside_zero_at_kink(x):
    return np.heaviside(np.asarray(x, dtype=np.float64), 0.0)[()]


@fifth_alternative("activations", "leaky_relu_grad")
def negative_side_first(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x < 0, alpha, 1.0)[()]


# --- notebook 03 ---------------------------------------------------------------

@fifth("losses", "binary_cross_entropy", ("unnamed",),
       "log(p) in both terms, (1 - y) * np.log(p): the 1 - of the second log lost (DeepLearning.AI "
       "forum threads on 'Wrong value for cost' in compute_cost; written blind)")
def log_p_twice(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(p)))


@fifth("losses", "binary_cross_entropy", ("binary_cross_entropy.bce_without_ravel", "fp.broadcast"),
       "y and y_hat never flattened: a (N,) against a (N, 1) broadcasts to (N, N) and the mean runs over "
       "every pair (DeepLearning.AI forum 'cost shape (m, m)'; rank-1 arrays, C1 week 2)")
def not_flattened(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64)
    p = np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


@fifth("losses", "binary_cross_entropy_grad",
       ("binary_cross_entropy_grad.bce_grad_not_averaged", "fp.times_n"),
       "DeepLearning.AI's dAL = -(y / p - (1 - y) / (1 - p)) used as it stands: the gradient of the sum, "
       "the 1/N of the mean left out (community.deeplearning.ai L_model_backward threads)")
def dal_not_averaged(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return -(y / p - (1.0 - y) / (1.0 - p))


@fifth("losses", "softmax",
       ("softmax.softmax_without_keepdims", "err.keepdims", "err.broadcast", "fp.wrong_axis"),
       "e / e.sum(axis=1) without keepdims: (N, K) divided by (N,) lines the sums up with the columns, "
       "a ValueError unless N == K (stackoverflow.com/questions/34968722 'How to implement the Softmax "
       "function in Python', answers on keepdims)")
def sum_without_keepdims(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)


@fifth("losses", "categorical_cross_entropy", ("unnamed",),
       "-np.sum(Y * np.log(P)) / Y.shape[1]: divided by the number of classes K where the N rows belong "
       "(shape[1] for shape[0]; written blind)")
def divided_by_classes(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.sum(Y * np.log(P)) / Y.shape[1])


@fifth("losses", "softmax_cross_entropy_grad",
       ("softmax_cross_entropy_grad.softmax_ce_grad_logits_minus_labels",),
       "(Z - Y) / N: the softmax forgotten, the logits themselves minus the labels (written blind)")
def logits_minus_labels(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return (Z - np.asarray(Y, dtype=np.float64)) / Z.shape[0]


@fifth("losses", "mse", ("mse.mse_rooted",),
       "np.sqrt of the mean: the root mean squared error where the mean squared error is asked "
       "(RMSE vs MSE, stats.stackexchange.com questions; written blind)")
def root_mean_squared(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.sqrt(np.mean((y - y_hat) ** 2)))


@fifth("losses", "mse_grad", ("fp.constant", "fp.wrong_axis"),
       "2 * np.mean(y_hat - y): the mean taken where the division by N belongs, one scalar for the whole "
       "array (written blind)")
def mean_of_residuals(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return 2.0 * np.mean(y_hat - y)


@fifth_alternative("losses", "binary_cross_entropy")
def log_of_the_right_class(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    # labels are exactly 0 or 1, so only one of the two logs counts for each point
    return float(-np.mean(np.where(y == 1.0, np.log(p), np.log(1.0 - p))))


@fifth_alternative("losses", "softmax")
def through_logsumexp(z):
    z = np.asarray(z, dtype=np.float64)
    m = z.max(axis=1, keepdims=True)
    log_norm = m + np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))
    return np.exp(z - log_norm)


@fifth_alternative("losses", "categorical_cross_entropy")
def probability_of_the_label(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.asarray(P, dtype=np.float64)
    # one-hot rows: the sum picks each row's probability of its true class
    p_true = np.clip(np.sum(Y * P, axis=1), eps, 1.0)
    return float(-np.mean(np.log(p_true)))


@fifth_alternative("losses", "mse")
def residual_dot_itself(y, y_hat):
    d = np.asarray(y, dtype=np.float64).ravel() - np.asarray(y_hat, dtype=np.float64).ravel()
    return float(d @ d / d.size)


# --- notebook 04 ---------------------------------------------------------------

@fifth("forward_pass", "init_params", ("unnamed",),
       "2 / np.sqrt(n_in) where np.sqrt(2 / n_in) belongs: the 2 left outside the root "
       "(github.com/ageron/handson-ml/issues/353, 'I wrote 2 / np.sqrt(n_inputs) instead, by mistake')")
def two_outside_root(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, 2.0 / np.sqrt(n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 2.0 / np.sqrt(n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@fifth("forward_pass", "init_params", ("unnamed",),
       "W2 scaled by sqrt(2 / n_in), W1's line copied: the second layer's fan-in is n_hidden "
       "(written blind)")
def w2_scaled_by_n_in(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@fifth("forward_pass", "init_params", ("init_params.he_uniform",),
       "rng.random (uniform on [0, 1)) where a normal draw belongs: np.random.rand for np.random.randn, "
       "every weight positive (stackoverflow.com 'Differences between numpy.random.rand vs "
       "numpy.random.randn in Python')")
def uniform_for_normal(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.random((n_hidden, n_in)) * np.sqrt(2.0 / n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.random((n_out, n_hidden)) * np.sqrt(2.0 / n_hidden),
        "b2": np.zeros(n_out),
    }


@fifth("forward_pass", "forward", ("fp.missing_activation", "fp.wrong_operand"),
       "z1 fed to the output layer: a1 computed, then z2 = z1 @ W2.T + b2, the ReLU skipped on the way "
       "(the wrong variable passed on; written blind)")
def z1_to_output(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = z1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@fifth("forward_pass", "forward", ("fp.return_order",),
       "return cache, y_hat: the two values returned in the other order (written blind)")
def cache_first(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2).ravel()
    return {"z1": z1, "a1": a1, "z2": z2}, y_hat


@fifth("forward_pass", "forward", ("fp.wrong_operand",),
       "params['b1'] typed in the output layer: a (H,) bias added to the (N, 1) logit broadcasts to (N, H) "
       "(written blind)")
def b1_in_output_layer(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b1"]
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@fifth_alternative("forward_pass", "init_params")
def standard_normal_scaled(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_hidden, n_in)) * np.sqrt(2.0 / n_in)
    W2 = rng.standard_normal((n_out, n_hidden)) * np.sqrt(2.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@fifth_alternative("forward_pass", "forward")
def dot_and_mask(X, params):
    z1 = np.dot(X, params["W1"].T) + params["b1"]
    a1 = z1 * (z1 > 0)
    z2 = np.dot(a1, params["W2"].T) + params["b2"]
    y_hat = sigmoid(z2)[:, 0]
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


# --- notebook 05 ---------------------------------------------------------------

@fifth("backprop", "backward", ("fp.missing_factor", "fp.wrong_operand"),
       "the hidden delta taken from the output error, dz1 = dz2 * relu'(z1), the product with W2 "
       "forgotten: (N, 1) broadcast across the H units (stackoverflow.com/questions/46395467 "
       "'Backpropagation: why doesn't error approach zero', delta_hidden = error * sigmoid(hidden, True))")
def hidden_delta_from_output_error(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    dz1 = dz2 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@fifth("backprop", "backward", ("backward.wrong_transpose", "fp.transpose"),
       "dW2 = a1.T @ dz2: CS231n's (H, 1) layout, the transpose of W2's (1, H) (written blind)")
def dw2_transposed(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = cache["a1"].T @ dz2
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@fifth("backprop", "backward", ("unnamed",),
       "db1 = dz1.sum(axis=0, keepdims=True): a (1, H) row where b1 has shape (H,) (DeepLearning.AI's "
       "keepdims=True habit; written blind)")
def db1_kept_as_row(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@fifth("backprop", "backward", ("err.matmul_shapes",),
       "da1 = dz2 @ W2.T: W2 transposed on the way back, (N, 1) @ (H, 1), 'matmul: mismatch in its core "
       "dimension' (written blind)")
def w2_transposed_backwards(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"].T
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@fifth("backprop", "sgd_step", ("sgd_step.sgd_ignores_lr", "fp.lr_missing", "fp.ignores_argument"),
       "p - grads['d' + name]: the learning rate forgotten, a step of lr = 1 (written blind)")
def lr_forgotten(params, grads, lr):
    return {name: p - grads["d" + name] for name, p in params.items()}


@fifth("backprop", "sgd_step", ("err.missing_key",),
       "the new dict built by looping over grads: its keys are dW1, db1... where W1, b1... belong "
       "(written blind)")
def keyed_by_gradient_names(params, grads, lr):
    new_params = {}
    for name, g in grads.items():
        new_params[name] = params[name[1:]] - lr * g
    return new_params


@fifth("backprop", "sgd_step", ("sgd_step.sgd_in_place", "fp.in_place"),
       "params.copy() then new[name] -= lr * g: a shallow copy, so -= updates the caller's arrays in place "
       "(stackoverflow.com 'dict.copy() is shallow', numpy in-place operators on shared arrays)")
def shallow_copy_in_place(params, grads, lr):
    new_params = params.copy()
    for name in new_params:
        new_params[name] -= lr * grads["d" + name]
    return new_params


@fifth_alternative("backprop", "backward")
def one_over_n_per_gradient(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    # DeepLearning.AI's layout: dz2 unscaled, the 1/m written on each parameter's gradient
    dz2 = sigmoid(cache["z2"]) - y
    dW2 = (dz2.T @ cache["a1"]) / n
    db2 = np.sum(dz2, axis=0) / n
    dz1 = (dz2 @ params["W2"]) * (cache["a1"] > 0)
    dW1 = (dz1.T @ X) / n
    db1 = np.sum(dz1, axis=0) / n
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@fifth_alternative("backprop", "sgd_step")
def subtract_in_a_loop(params, grads, lr):
    new_params = {}
    for name in params:
        new_params[name] = np.subtract(params[name], lr * grads[f"d{name}"])
    return new_params


# --- notebook 06 ---------------------------------------------------------------

@fifth("training", "train_val_split", ("train_val_split.split_without_shuffle", "fp.not_shuffled"),
       "no shuffle: the first n_val points held out as they come, and the spiral data come sorted by "
       "class (github.com discussions of train_test_split(shuffle=False) on sorted data; written blind)")
def not_shuffled(X, y, val_fraction=0.2, seed=0):
    n_val = round(val_fraction * len(X))
    return X[n_val:], X[:n_val], y[n_val:], y[:n_val]


@fifth("training", "train_val_split", ("err.float_index",),
       "rng.permutation(X) where rng.permutation(len(X)) belongs: the rows themselves shuffled, then used "
       "as indices, 'IndexError: arrays used as indices must be of integer type' (numpy.org "
       "Generator.permutation docs: 'If x is an array, make a copy and shuffle the elements')")
def permutation_of_rows(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(X)
    n_val = round(val_fraction * len(X))
    val, tr = order[:n_val], order[n_val:]
    return X[tr], X[val], y[tr], y[val]


@fifth("training", "predict", ("unnamed",),
       "np.argmax(y_hat): the multi-class habit on a vector of probabilities, one index for the whole "
       "batch (written blind)")
def argmax_for_threshold(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return np.argmax(y_hat)


@fifth("training", "predict", ("predict.predict_inverted", "fp.complement"),
       "threshold >= y_hat: the operands swapped and the operator kept, so the labels are inverted "
       "(written blind)")
def comparison_reversed(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return (threshold >= y_hat).astype(int)


@fifth("training", "accuracy", ("accuracy.error_rate", "fp.complement"),
       "np.mean(y_true != y_pred): the error rate returned where the accuracy belongs (written blind)")
def error_rate(y_true, y_pred):
    return float(np.mean(np.ravel(y_true) != np.ravel(y_pred)))


@fifth("training", "train", ("train.validates_on_training_data", "fp.wrong_data", "err.broadcast"),
       "the validation forward pass fed X, a line copied: forward(X, params) for X_val, so the validation "
       "history compares y_val with the training outputs (written blind)")
def validation_on_training_inputs(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@fifth("training", "train", ("fp.ignores_argument",),
       "init_params(X.shape[1], 16, 1, seed=seed): the hidden size hard-coded to the default, the hidden "
       "argument never read (written blind)")
def hidden_hard_coded(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], 16, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@fifth("training", "train", ("unnamed",),
       "binary_cross_entropy(y_hat, y): the loss called with prediction first, PyTorch's "
       "loss_fn(input, target) order, so the labels are clipped and logged (pytorch.org BCELoss docs; "
       "discuss.pytorch.org threads on swapped loss arguments)")
def loss_arguments_swapped(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y_hat, y))
        history["val_loss"].append(binary_cross_entropy(y_hat_val, y_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@fifth("training", "grid_search", ("grid_search.search_keeps_the_last_epoch", "fp.last_epoch"),
       "history['val_acc'][-1] and history['val_loss'][-1]: the last epoch recorded, no early stop, while "
       "best_epochs holds the argmin (written blind)")
def last_epoch_recorded(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][-1], history["val_loss"][-1]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@fifth("training", "grid_search", ("grid_search.search_counts_the_epoch_from_one", "fp.shift"),
       "best_epochs[i, j] = best + 1: the epoch counted from 1, where the number of updates before it "
       "is asked (off by one; written blind)")
def epochs_counted_from_one(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best + 1
    return val_acc, val_loss, best_epochs


@fifth("training", "grid_search", ("grid_search.search_transposed", "fp.transpose"),
       "the tables filled at [j, i]: the learning rate's index on the rows, the hidden size's on the "
       "columns (written blind)")
def indices_exchanged(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(lrs), len(hiddens)))
    val_loss = np.zeros((len(lrs), len(hiddens)))
    best_epochs = np.zeros((len(lrs), len(hiddens)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[j, i], val_loss[j, i] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[j, i] = best
    return val_acc, val_loss, best_epochs


@fifth("training", "hyperparameters", ("unnamed",),
       "HIDDEN = 2: the network of the lesson's first figure, too narrow to bend around the spirals "
       "(written blind)")
def two_hidden_units():
    HIDDEN = 2
    LR = 3.0
    EPOCHS = 849
    return locals()


@fifth("training", "iterate_minibatches",
       ("iterate_minibatches.minibatches_with_replacement", "fp.with_replacement"),
       "rng.permutation called inside the loop: a fresh shuffle for every batch, so points repeat and "
       "others are never seen (written blind)")
def reshuffled_every_batch(X, y, batch_size, rng):
    for start in range(0, len(X), batch_size):
        order = rng.permutation(len(X))
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


@fifth("training", "iterate_minibatches", ("fp.rows_dropped",),
       "order[start:batch_size]: the end of the slice not offset by start, so every batch after the first "
       "is empty (written blind)")
def slice_end_not_offset(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:batch_size]
        yield X[batch], y[batch]


@fifth_alternative("training", "train_val_split")
def shuffle_then_slice(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(X))
    X_shuffled, y_shuffled = X[order], y[order]
    n_val = round(val_fraction * len(X))
    return X_shuffled[n_val:], X_shuffled[:n_val], y_shuffled[n_val:], y_shuffled[:n_val]


@fifth_alternative("training", "predict")
def where_one_zero(X, params, threshold=0.5):
    probabilities = forward(X, params)[0]
    return np.where(probabilities >= threshold, 1, 0)


@fifth_alternative("training", "accuracy")
def count_nonzero_over_size(y_true, y_pred):
    matches = np.ravel(y_true) == np.ravel(y_pred)
    return float(np.count_nonzero(matches) / matches.size)


@fifth_alternative("training", "grid_search")
def first_minimum_by_key(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    shape = (len(hiddens), len(lrs))
    val_acc, val_loss, best_epochs = np.zeros(shape), np.zeros(shape), np.zeros(shape, dtype=int)
    for i in range(len(hiddens)):
        for j in range(len(lrs)):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hiddens[i], lr=lrs[j], epochs=epochs)
            losses = history["val_loss"]
            # min() keeps the first of equal keys, as np.argmin does
            best = min(range(len(losses)), key=losses.__getitem__)
            val_acc[i, j] = history["val_acc"][best]
            val_loss[i, j] = losses[best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@fifth_alternative("training", "iterate_minibatches")
def while_loop(X, y, batch_size, rng):
    order = rng.permutation(X.shape[0])
    start = 0
    while start < X.shape[0]:
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]
        start += batch_size


# --- notebook 07 ---------------------------------------------------------------

@fifth("what_next", "init_deep_params", ("init_deep_params.transposed_weights", "fp.transpose"),
       "W{l} drawn with shape (n_in, n_out): CS231n's layout, the transpose of the course's "
       "(n_out, n_in) (written blind)")
def weights_transposed_shape(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@fifth("what_next", "init_deep_params", ("err.missing_key",),
       "for l in range(len(layer_sizes) - 1) with keys f'W{l}': the layers numbered from 0, W0..W{L-1} "
       "where W1..WL are asked (written blind)")
def keys_from_zero(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(len(layer_sizes) - 1):  # noqa: E741 (a student's l)
        n_in, n_out = layer_sizes[l], layer_sizes[l + 1]
        params[f"W{l}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{l}"] = np.zeros(n_out)
    return params


@fifth("what_next", "forward_deep", ("fp.wrong_activation",),
       "y_hat = act(z_L): the hidden layers' activation applied at the output too, ReLU outputs where "
       "probabilities belong (written blind)")
def hidden_activation_at_output(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer < L:
            a = act(z)
            cache[f"a{layer}"] = a
    y_hat = act(cache[f"z{L}"]).ravel()
    return y_hat, cache


@fifth("what_next", "forward_deep", ("forward_deep.stops_one_layer_early", "err.missing_key"),
       "for layer in range(1, L): the loop stops one layer short, so z{L} is never computed and "
       "cache['z' + str(L)] raises a KeyError (DeepLearning.AI's 'for l in range(1, L)' with the output "
       "layer meant to follow; written blind)")
def loop_one_layer_short(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer < L:
            a = act(z)
            cache[f"a{layer}"] = a
    y_hat = sigmoid(cache[f"z{L}"]).ravel()
    return y_hat, cache


@fifth("what_next", "backward_deep", ("err.broadcast", "fp.wrong_operand"),
       "the slope taken at z{layer} where z{layer - 1} belongs: the layer's own pre-activation, one index "
       "off (written blind)")
def slope_at_own_layer(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = X if layer == 1 else cache[f"a{layer - 1}"]
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            z = cache[f"z{layer}"]
            if activation == "relu":
                slope = (z > 0).astype(np.float64)
            else:
                slope = sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@fifth("what_next", "backward_deep", ("backward_deep.relu_mask_for_sigmoid", "fp.ignores_argument"),
       "the ReLU slope used whatever activation= says: the sigmoid branch never written (written blind)")
def relu_slope_always(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = X if layer == 1 else cache[f"a{layer - 1}"]
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            slope = (z > 0).astype(np.float64)
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@fifth("what_next", "momentum_step", ("fp.lr_twice",),
       "v = beta * v + (1 - beta) * lr * g, then p - lr * v: the learning rate applied twice, once in the "
       "velocity and once in the step (written blind)")
def lr_applied_twice(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * lr * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@fifth("what_next", "momentum_step", ("fp.return_order",),
       "return new_velocity, new_params: the pair returned in the other order (written blind)")
def pair_reversed(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_velocity, new_params


@fifth("what_next", "adam_step", ("unnamed",),
       "the bias-corrected m_hat and v_hat stored in the state, where the raw moments belong: the "
       "correction compounds from the second step on (written blind)")
def corrected_moments_stored(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        m_hat = m / (1.0 - beta1**t)
        v_hat = v / (1.0 - beta2**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m_hat, v_hat
    return new_params, {"t": t, "m": m_new, "v": v_new}


@fifth("what_next", "adam_step", ("unnamed",),
       "(1 - beta1) ** t for 1 - beta1 ** t in the bias correction: the power put on the difference "
       "(written blind)")
def power_of_the_difference(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        m_hat = m / (1.0 - beta1) ** t
        v_hat = v / (1.0 - beta2) ** t
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@fifth("what_next", "adam_step", ("adam_step.adam_forgets_to_count",),
       "the returned state keeps the old step count, 't': state['t']: t used, never stored, so every call "
       "corrects as if it were the first step (written blind)")
def step_count_not_stored(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        m_hat = m / (1.0 - beta1**t)
        v_hat = v / (1.0 - beta2**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": state["t"], "m": m_new, "v": v_new}


@fifth("what_next", "softmax_classifier_loss", ("unnamed",),
       "CS231n's dscores = probs, then dscores[range(N), y] -= 1: no copy, so P itself is changed and the "
       "loss computed from it afterwards is wrong (math.techqa.club 'backward propagation math: where does "
       "-1 come from', CS231n softmax_loss_vectorized uses softmax_output.copy())")
def probabilities_aliased(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dscores = P
    dscores[np.arange(n), y] -= 1
    dscores /= n
    dz1 = (dscores @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dscores.T @ a1 + reg * params["W2"], "db2": dscores.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@fifth("what_next", "softmax_classifier_loss", ("fp.missing_factor",),
       "dz1 = dz2 @ W2: the ReLU's mask forgotten on the way back, CS231n's 'dhidden[hidden_layer <= 0] = 0' "
       "left out (cs231n.github.io/neural-networks-case-study, backpropagate the ReLU non-linearity)")
def relu_mask_forgotten(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = dz2 @ params["W2"]
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@fifth("what_next", "softmax_classifier_train",
       ("softmax_classifier_train.reg_not_passed_on", "fp.ignores_argument"),
       "softmax_classifier_loss(X, y, params) without reg: the penalty never enters the gradients, the "
       "weights are not regularised (written blind)")
def reg_not_passed(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params)
        history["loss"].append(float(loss))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@fifth("what_next", "softmax_classifier_train",
       ("softmax_classifier_train.history_after_update", "fp.one_late"),
       "the accuracies recorded after the update, with the new parameters, the losses before it: the two "
       "halves of the history one epoch apart (written blind)")
def accuracy_after_update(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
    return params, history


@fifth_alternative("what_next", "forward_deep")
def activation_from_a_table(X, params, activation="relu"):
    act = {"relu": relu, "sigmoid": sigmoid}[activation]
    n_layers = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, n_layers):
        cache[f"z{layer}"] = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        a = cache[f"a{layer}"] = act(cache[f"z{layer}"])
    cache[f"z{n_layers}"] = a @ params[f"W{n_layers}"].T + params[f"b{n_layers}"]
    return sigmoid(cache[f"z{n_layers}"]).reshape(-1), cache


@fifth_alternative("what_next", "backward_deep")
def slope_by_where(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / X.shape[0]
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = cache[f"a{layer - 1}"] if layer > 1 else X
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = np.sum(dz, axis=0)
        if layer == 1:
            break
        z = cache[f"z{layer - 1}"]
        if activation == "relu":
            slope = np.where(z > 0, 1.0, 0.0)
        else:
            s = sigmoid(z)
            slope = s * (1.0 - s)
        dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@fifth_alternative("what_next", "momentum_step")
def two_comprehensions(params, grads, velocity, lr, beta=0.9):
    old = velocity if velocity is not None else {k: np.zeros(p.shape) for k, p in params.items()}
    new_velocity = {k: beta * old[k] + (1.0 - beta) * grads["d" + k] for k in params}
    new_params = {k: params[k] - lr * new_velocity[k] for k in params}
    return new_params, new_velocity


@fifth_alternative("what_next", "adam_step")
def square_root_as_power(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = 1 if state is None else state["t"] + 1
    m_new, v_new, new_params = {}, {}, {}
    for k, p in params.items():
        g = grads["d" + k]
        m_old = np.zeros(p.shape) if state is None else state["m"][k]
        v_old = np.zeros(p.shape) if state is None else state["v"][k]
        m_new[k] = beta1 * m_old + (1.0 - beta1) * g
        v_new[k] = beta2 * v_old + (1.0 - beta2) * g * g
        m_hat = m_new[k] / (1.0 - beta1**t)
        v_hat = v_new[k] / (1.0 - beta2**t)
        new_params[k] = p - lr * m_hat / (v_hat**0.5 + eps)
    return new_params, {"t": t, "m": m_new, "v": v_new}


@fifth_alternative("what_next", "softmax_classifier_loss")
def one_hot_by_assignment(X, y, params, reg=0.0):
    n = X.shape[0]
    K = params["W2"].shape[0]
    Y = np.zeros((n, K))
    Y[np.arange(n), y] = 1.0
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    dscores = P.copy()
    dscores[np.arange(n), y] -= 1.0
    dscores /= n
    dz1 = (dscores @ params["W2"]) * (a1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dscores.T @ a1 + reg * params["W2"], "db2": dscores.sum(axis=0)}
    penalty = 0.5 * reg * (np.sum(params["W1"] * params["W1"]) + np.sum(params["W2"] * params["W2"]))
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@fifth_alternative("what_next", "softmax_classifier_train")
def data_loss_from_a_second_call(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        _, grads = softmax_classifier_loss(X, y, params, reg)
        # reg = 0 gives the cross-entropy alone, which is what the history records
        history["loss"].append(softmax_classifier_loss(X, y, params)[0])
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history
