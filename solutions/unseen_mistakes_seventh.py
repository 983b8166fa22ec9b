"""A seventh set of mistakes, written blind: the untuned measurement of all of session 17's hint work.

The second to sixth sets (``solutions.unseen_mistakes``, ``solutions.unseen_mistakes_blind``,
``solutions.unseen_mistakes_fourth``, ``solutions.unseen_mistakes_fifth``,
``solutions.unseen_mistakes_sixth``) have all been read while fingerprints were being
written, so their scores no longer say how the hints do on mistakes nobody prepared for.
This one's code was written on 2026-12-02 (03:38-03:58 UTC) by helper H17g, working only
from the reference solutions, the registry of blanks (``autograder/blanks.py``), the
notebooks' blanks as a student sees them and what students commonly report on public
forums (CS231n, DeepLearning.AI, Stack Overflow and "neural network from scratch"
tutorials); without reading the fingerprints, checks, diagnosis, hints, the catalogue or
the earlier sets' entries (their one-line ``source=`` strings only, to stay clear of
duplicates), and without ever running ``nncourse mutants`` on it. ``nncourse mutants
--unseen seventh`` grades it. Once measured, the file is frozen: it must not be edited
after its first measurement; a miss may lead to a general fingerprint, never to an edit
here.

Like the sixth set it leans on the later notebooks (05 to 07: the training loop,
optimisers, minibatches, the search, deeper networks), on how a blank *calls* the
student's other functions (argument order, keyword defaults, a variable reused), on
hyperparameters, on state carried from one call or epoch to the next and on the shapes of
returned structures, while keeping formula slips, axes, dtypes, in-place mutation,
numerical stability and Python pitfalls in the mix.

Each mistake is the reference of its blank with one slip put in, written as a student
would write it (their names, their style); its ``source`` says the slip in plain words and
where such a slip is reported, or "written blind" (no thread was looked up in the time
given: every source here is "written blind" or names the kind of place that reports it).
Before the first commit a throwaway script (not kept) ran every mistake and its reference
on ordinary inputs (each mistake returned something else, or raised) and every entry of
``UNSEEN_SEVENTH_ALTERNATIVES``, a correct answer written another way that must get full
marks and no hint (each matched: np.allclose at rtol 1e-7, same shapes and dtypes, on
several inputs).

``truth`` lists the ids a right hint may carry. It was left empty in the first commit
("seventh set: code, written blind") and filled in by the second ("seventh set: labels"),
which changed nothing else. ("unnamed",): no id names the slip, so silence is the right
answer there and any hint counts against precision.
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
from solutions.unseen_mistakes_fifth import _registering  # the fifth set's; that file is frozen
from solutions.variants import Variant
from solutions.what_next import predict_classes, softmax_classifier_loss

#: the seventh set's mistakes, in teaching order
UNSEEN_SEVENTH: list[UnseenMistake] = []
#: correct answers written another way: full marks and no hint expected
UNSEEN_SEVENTH_ALTERNATIVES: list[Variant] = []


def seventh(notebook: str, blank: str, truth: tuple[str, ...], source: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a seventh-set mistake of ``blank`` (id "<blank>.seventh_<name>")."""
    return _registering(UNSEEN_SEVENTH, lambda fn: UnseenMistake(
        f"{blank}.seventh_{fn.__name__}", blank, notebook, fn, hint="", truth=truth, source=source))


def seventh_alternative(notebook: str, blank: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a correct answer of ``blank`` (id "<blank>.seventh_<name>")."""
    return _registering(UNSEEN_SEVENTH_ALTERNATIVES,
                        lambda fn: Variant(f"{blank}.seventh_{fn.__name__}", blank, notebook, fn))


# --- Notebook 01: the perceptron ---------------------------------------------------------------

@seventh("perceptron", "perceptron", truth=("fp.signed_labels",),
         source="np.sign(w . x + b) as the step: -1 below the line and 0 on it, where the lesson's unit "
                "gives 0 and 1 (the sign activation of Rosenblatt's +-1 formulation; written blind)")
def sign_as_step(x, w, b):
    return np.sign(np.dot(w, x) + b)


@seventh("perceptron", "perceptron", truth=("err.index",),
         source="w[0] * x[0] + w[1] * x[1] + b: the sum written out for the two inputs of the gates, "
                "so any other number of features is wrong or raises (written blind)")
def two_inputs_written_out(x, w, b):
    total = w[0] * x[0] + w[1] * x[1] + b
    if total >= 0:
        return 1
    return 0


@seventh("perceptron", "gates", truth=("fp.other_gate",),
         source="AND_B = -2.5: the bias taken as minus the sum of the weights minus a half, so even "
                "(1, 1) stays below the line and AND never fires (written blind)")
def and_bias_too_low():
    AND_W = np.array([1.0, 1.0])
    AND_B = -2.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@seventh("perceptron", "gates", truth=("fp.other_gate",),
         source="NAND_W negated from AND's but NAND_B = -1.5 left as AND's: the unit never fires, "
                "NAND is 0 everywhere (half of 'negate AND' done; written blind)")
def nand_bias_not_negated():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = -1.5
    return locals()


@seventh("perceptron", "train_perceptron", truth=("fp.not_updated",),
         source="the bias never updated, b stays 0: only w learns, so the line is forced through the "
                "origin (a common 'perceptron from scratch' omission; written blind)")
def bias_never_learned(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    weights = np.zeros(X.shape[1])
    bias = 0.0
    errors = []
    for _ in range(epochs):
        mistakes = 0
        for xi, target in zip(X, y, strict=True):
            update = lr * (target - perceptron(xi, weights, bias))
            if update != 0:
                weights = weights + update * xi
                mistakes += 1
        errors.append(mistakes)
    return weights, bias, errors


@seventh("perceptron", "train_perceptron", truth=("fp.signed_labels",),
         source="the +-1 rule 'if y * (w . x + b) <= 0: w += lr * y * x' applied to 0/1 labels: a "
                "label 0 never moves the line and every class-0 point counts as an error (written blind)")
def plus_minus_one_rule_on_zero_one_labels(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        count = 0
        for i in range(len(X)):
            if y[i] * (np.dot(w, X[i]) + b) <= 0:
                w = w + lr * y[i] * X[i]
                b = b + lr * y[i]
                count += 1
        errors.append(count)
    return w, b, errors


@seventh("perceptron", "xor", truth=("fp.other_gate", "fp.constant"),
         source="the output unit given OR's weights and bias where AND belongs: OR(OR, NAND) is 1 for "
                "every input (written blind)")
def output_unit_is_or(x):
    h = np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)])
    return perceptron(h, OR_W, OR_B)


@seventh("perceptron", "xor", truth=("fp.other_gate",),
         source="'XOR is OR and not AND' half remembered: the hidden pair is (OR, AND), then AND of "
                "them, which is AND itself (written blind)")
def hidden_and_for_nand(x):
    or_out = perceptron(x, OR_W, OR_B)
    and_out = perceptron(x, AND_W, AND_B)
    return perceptron(np.array([or_out, and_out]), AND_W, AND_B)


# --- Notebook 02: activations ------------------------------------------------------------------

@seventh("activations", "sigmoid", truth=("fp.one_branch",),
         source="the stable two-branch sigmoid with the positive branch copied into the negative one: "
                "1 / (1 + e^-|x|) on both sides, so sigmoid(-x) comes out as sigmoid(x) (written blind)")
def both_branches_positive(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), 1.0 / (1.0 + e))[()]


@seventh("activations", "sigmoid", truth=("unnamed",),
         source="np.asarray(x, dtype=int): the inputs truncated to integers before the exponential "
                "(dtype copied from the perceptron's labels; written blind)")
def inputs_cast_to_int(x):
    x = np.asarray(x, dtype=int)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))[()]


@seventh("activations", "sigmoid_grad", truth=("fp.input_for_output",),
         source="x * (1 - x): the derivative in terms of the output applied to the input itself, as in "
                "tutorials whose sigmoid_derivative takes the already-activated value (Stack Overflow "
                "questions 'sigmoid derivative x * (1 - x)'; written blind)")
def output_form_on_input(x):
    x = np.asarray(x, dtype=np.float64)
    return x * (1.0 - x)


@seventh("activations", "tanh", truth=("fp.other_formula",),
         source="2 * sigmoid(x) - 1: the identity tanh(x) = 2 sigmoid(2x) - 1 with the 2x lost, so "
                "this is tanh(x / 2) (written blind)")
def two_sigmoid_minus_one(x):
    return 2.0 * sigmoid(x) - 1.0


@seventh("activations", "tanh_grad", truth=("fp.missing_square", "fp.wrong_polynomial"),
         source="1 - tanh(x) * 2: '* 2' typed for '** 2', doubling where squaring belongs (written blind)")
def times_two_for_squared(x):
    return 1.0 - tanh(x) * 2


@seventh("activations", "relu", truth=("fp.in_place",),
         source="x[x < 0] = 0; return x: the caller's array zeroed in place (and an int array stays "
                "int), the boolean-mask ReLU of many tutorials (written blind)")
def zeroed_in_place(x):
    x = np.asarray(x)
    x[x < 0] = 0
    return x


@seventh("activations", "relu_grad", truth=("fp.other_formula", "fp.wrong_function"),
         source="np.sign(x) as the slope: -1 for negative inputs where the ReLU is flat (written blind)")
def sign_as_slope(x):
    return np.sign(np.asarray(x, dtype=np.float64))[()]


@seventh("activations", "leaky_relu", truth=("err.array_truth",),
         source="max(alpha * x, x) with Python's built-in max: 'The truth value of an array with more "
                "than one element is ambiguous' on any array (Stack Overflow; written blind)")
def builtin_max(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return max(alpha * x, x)


@seventh("activations", "leaky_relu_grad", truth=("fp.function_for_derivative", "fp.one_group"),
         source="np.where(x >= 0, 1.0, alpha * x): the function's negative branch alpha * x copied "
                "into the derivative, where the slope is the constant alpha (written blind)")
def slope_times_input(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, 1.0, alpha * x)[()]


# --- Notebook 03: losses -----------------------------------------------------------------------

@seventh("losses", "binary_cross_entropy", truth=("fp.times_n", "fp.times_size"),
         source="-np.sum(...) without the division by m: the total log loss over the batch where the "
                "mean is asked (DeepLearning.AI forum 'compute_cost' threads; written blind)")
def summed_not_averaged(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.sum(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


@seventh("losses", "binary_cross_entropy", truth=("fp.log_base",),
         source="np.log10 for np.log: the loss in decimal digits, not in nats, 1 / ln 10 of the "
                "expected (written blind)")
def log_base_ten(y, y_hat, eps=1e-9):
    labels = np.asarray(y, dtype=np.float64).ravel()
    probs = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(labels * np.log10(probs) + (1.0 - labels) * np.log10(1.0 - probs)))


@seventh("losses", "binary_cross_entropy_grad", truth=("fp.missing_factor",),
         source="(p - y) / N: the gradient with respect to the logit (sigmoid and BCE combined) "
                "returned where the gradient with respect to y_hat is asked (written blind)")
def logit_gradient_returned(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (p - y) / y_hat.size


@seventh("losses", "softmax", truth=("fp.softmax_overflow",),
         source="np.exp(z) / np.exp(z).sum(...) with no max subtracted: overflow to inf / inf = nan "
                "for large logits (CS231n notes, 'Practical issues: Numeric stability'; written blind)")
def max_not_subtracted(z):
    z = np.asarray(z, dtype=np.float64)
    exps = np.exp(z)
    return exps / exps.sum(axis=-1, keepdims=True)


@seventh("losses", "softmax", truth=("fp.wrong_axis",),
         source="normalised over axis=0: each column sums to 1, the classes of one example do not "
                "(the axis of the column-per-example layout; written blind)")
def columns_normalised(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


@seventh("losses", "categorical_cross_entropy", truth=("fp.over_size", "fp.wrong_axis"),
         source="-np.mean(Y * np.log(P)): the mean over all N * K entries, so the loss is K times too "
                "small (Stack Overflow 'categorical cross entropy numpy mean vs sum'; written blind)")
def mean_over_every_entry(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.mean(Y * np.log(P)))


@seventh("losses", "softmax_cross_entropy_grad", truth=("fp.times_n", "fp.times_size"),
         source="softmax(Z) - Y without the / N: the gradient of the summed loss, where the loss is a "
                "mean over rows (written blind)")
def not_divided_by_rows(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return softmax(Z) - np.asarray(Y, dtype=np.float64)


@seventh("losses", "mse", truth=("fp.reduction_order",),
         source="np.mean(y - y_hat) ** 2: the square of the mean residual, the parenthesis closed too "
                "early (written blind)")
def square_of_mean(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.mean(y - y_hat) ** 2)


@seventh("losses", "mse_grad", truth=("fp.sign_flip",),
         source="2 * (y - y_hat) / N: the residual in the loss's order, so the gradient points uphill "
                "(sign of the inner derivative; written blind)")
def residual_order(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return 2.0 * (y - y_hat) / y_hat.size


@seventh("losses", "mse_grad", truth=("fp.half",),
         source="(y_hat - y) / N: the 2 dropped, the gradient of the half-MSE convention (1/2)(y - "
                "y_hat)^2 used for a loss without the half (written blind)")
def half_mse_convention(y, y_hat):
    pred = np.asarray(y_hat, dtype=np.float64)
    target = np.asarray(y, dtype=np.float64).reshape(pred.shape)
    return (pred - target) / pred.size


# --- Notebook 04: the forward pass -------------------------------------------------------------

@seventh("forward_pass", "init_params", truth=("fp.wrong_scale",),
         source="rng.normal(0, 2 / n_in): the variance 2 / n passed as the scale, which numpy reads "
                "as the standard deviation (std vs variance in He initialisation; written blind)")
def variance_as_scale(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, 2.0 / n_in, size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 2.0 / n_hidden, size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@seventh("forward_pass", "init_params", truth=("unnamed",),
         source="np.random.seed(seed) and np.random.randn: the legacy global generator, right spread "
                "but other numbers than default_rng(seed), and the global state changed (written blind)")
def legacy_global_seed(n_in, n_hidden, n_out=1, seed=0):
    np.random.seed(seed)
    W1 = np.random.randn(n_hidden, n_in) * np.sqrt(2.0 / n_in)
    W2 = np.random.randn(n_out, n_hidden) * np.sqrt(2.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@seventh("forward_pass", "init_params", truth=("fp.transpose",),
         source="W1 of shape (n_in, n_hidden) and W2 (n_hidden, n_out): the X @ W layout of most "
                "tutorials, the transpose of the lesson's (n_out, n_in) (written blind)")
def tutorial_layout(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


@seventh("forward_pass", "init_params", truth=("fp.wrong_scale",),
         source="np.sqrt(1 / n_in): Xavier/LeCun's scale where He's sqrt(2 / n_in) is asked, every "
                "weight 1 / sqrt(2) of the expected (written blind)")
def lecun_scale(n_in, n_hidden, n_out=1, seed=0):
    gen = np.random.default_rng(seed)
    W1 = gen.normal(0.0, np.sqrt(1.0 / n_in), size=(n_hidden, n_in))
    W2 = gen.normal(0.0, np.sqrt(1.0 / n_hidden), size=(n_out, n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@seventh("forward_pass", "forward", truth=("err.matmul_shapes",),
         source="X @ W1 + b1 with no transpose: 'matmul: Input operand 1 has a mismatch in its core "
                "dimension' unless D == H, the course's (n_out, n_in) layout forgotten (written blind)")
def w1_not_transposed(X, params):
    z1 = X @ params["W1"] + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@seventh("forward_pass", "forward", truth=("fp.return_order", "fp.missing_activation"),
         source="cache['a1'] = z1: the pre-activation stored under the activation's key, a one-letter "
                "slip in the dict literal (written blind)")
def cache_a1_is_z1(X, params):
    Z1 = X @ params["W1"].T + params["b1"]
    A1 = relu(Z1)
    Z2 = A1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(Z2).ravel()
    return y_hat, {"z1": Z1, "a1": Z1, "z2": Z2}


# --- Notebook 05: backprop ---------------------------------------------------------------------

@seventh("backprop", "backward", truth=("fp.all_axes",),
         source="db2 = dz2.sum(): summed over every axis, a 0-d scalar where b2 has shape (1,) (the "
                "axis=0 left out; written blind)")
def db2_scalar(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum()
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dW2, "db2": db2}


@seventh("backprop", "backward", truth=("fp.function_for_derivative",),
         source="dz1 = da1 * relu(z1): the ReLU's value multiplied in where its slope (z1 > 0) belongs "
                "(Stack Overflow 'backpropagation relu derivative'; written blind)")
def relu_value_for_slope(X, y, params, cache):
    m = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dZ2 = (sigmoid(cache["z2"]) - y) / m
    dW2 = dZ2.T @ cache["a1"]
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ params["W2"]
    dZ1 = dA1 * relu(cache["z1"])
    return {"dW1": dZ1.T @ X, "db1": dZ1.sum(axis=0), "dW2": dW2, "db2": db2}


@seventh("backprop", "backward", truth=("fp.times_n", "fp.times_size"),
         source="dz2 = sigmoid(z2) - y with no / N: the gradients of the summed loss, N times the mean's "
                "(DeepLearning.AI's 1/m forgotten; written blind)")
def no_batch_mean(X, y, params, cache):
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    delta_out = sigmoid(cache["z2"]) - y
    dW2 = delta_out.T @ cache["a1"]
    db2 = delta_out.sum(axis=0)
    delta_hidden = (delta_out @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": delta_hidden.T @ X, "db1": delta_hidden.sum(axis=0), "dW2": dW2, "db2": db2}


@seventh("backprop", "backward", truth=("err.square_broadcast",),
         source="y left as a (N,) vector: sigmoid(z2) (N, 1) minus y (N,) broadcasts to (N, N) and "
                "every gradient is built from that table (rank-1 arrays; written blind)")
def labels_not_reshaped(X, y, params, cache):
    n = X.shape[0]
    dz2 = (sigmoid(cache["z2"]) - np.asarray(y, dtype=np.float64)) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dW2, "db2": db2}


@seventh("backprop", "backward", truth=("fp.sign_flip",),
         source="dz2 = (y - y_hat) / N: the error taken as target minus output, so every gradient has "
                "the wrong sign (written blind)")
def error_target_minus_output(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (y - sigmoid(cache["z2"])) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dW2, "db2": db2}


@seventh("backprop", "backward", truth=("fp.transpose",),
         source="dW1 = X.T @ dz1: the (D, H) layout of the X @ W convention, the transpose of W1's "
                "(H, D) (written blind)")
def dw1_transposed(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": X.T @ dz1, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@seventh("backprop", "sgd_step", truth=("fp.flipped_step",),
         source="p + lr * dp: gradient ascent, the plus of 'moving along the gradient' (written blind)")
def plus_gradient(params, grads, lr):
    return {name: p + lr * grads["d" + name] for name, p in params.items()}


@seventh("backprop", "sgd_step", truth=("fp.in_place",),
         source="params[k] -= lr * grads['d' + k] in a loop, then return params: the caller's dict and "
                "arrays updated in place (written blind)")
def updated_in_place(params, grads, lr):
    for k in params:
        params[k] -= lr * grads["d" + k]
    return params


@seventh("backprop", "sgd_step", truth=("err.missing_key",),
         source="grads[name] for grads['d' + name]: the gradient looked up under the parameter's own "
                "name, a KeyError: 'W1' (written blind)")
def gradient_under_param_name(params, grads, lr):
    new_params = {}
    for name in params:
        new_params[name] = params[name] - lr * grads[name]
    return new_params


# --- Notebook 06: training on the spiral -------------------------------------------------------

@seventh("training", "train_val_split", truth=("fp.pairs_broken",),
         source="X and y shuffled with two separate permutations: the rows and their labels no longer "
                "match (Stack Overflow 'shuffle two numpy arrays in unison'; written blind)")
def separate_permutations(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    X_shuffled = X[rng.permutation(len(X))]
    y_shuffled = y[rng.permutation(len(y))]
    n_val = round(val_fraction * len(X))
    return X_shuffled[n_val:], X_shuffled[:n_val], y_shuffled[n_val:], y_shuffled[:n_val]


@seventh("training", "train_val_split", truth=("fp.return_order",),
         source="return X_train, y_train, X_val, y_val: the pairs grouped by set, where the lesson "
                "(like scikit-learn's train_test_split) returns X_train, X_val, y_train, y_val "
                "(written blind)")
def pairs_grouped_by_set(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round(val_fraction * len(X))
    val, tr = order[:n_val], order[n_val:]
    return X[tr], y[tr], X[val], y[val]


@seventh("training", "predict", truth=("fp.ignores_argument",),
         source="y_hat >= 0.5 hard-coded: the threshold argument accepted but never read (written blind)")
def threshold_ignored(X, params, threshold=0.5):
    probs, _ = forward(X, params)
    return (probs >= 0.5).astype(int)


@seventh("training", "predict", truth=("unnamed",),
         source="forward(X, params) >= threshold without unpacking the pair: 'TypeError: '>=' not "
                "supported between instances of 'tuple' and 'float'' (written blind)")
def tuple_not_unpacked(X, params, threshold=0.5):
    return (forward(X, params) >= threshold).astype(int)


@seventh("training", "accuracy", truth=("fp.times_n", "fp.times_size"),
         source="np.sum(y_true == y_pred): the number of correct labels where the fraction is asked "
                "(written blind)")
def count_not_fraction(y_true, y_pred):
    return float(np.sum(np.ravel(y_true) == np.ravel(y_pred)))


@seventh("training", "accuracy", truth=("fp.broadcast",),
         source="np.mean(y_true == y_pred) without ravel: a (N, 1) column against a (N,) vector "
                "broadcasts to (N, N) and the mean runs over every pair (written blind)")
def not_flattened(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))


@seventh("training", "train", truth=("fp.one_late",),
         source="the step taken before the history is recorded: each entry measured after that "
                "epoch's update, where 'before' is asked (order of update and record; written blind)")
def recorded_after_update(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        params = sgd_step(params, backward(X, y, params, cache), lr)
        y_hat, _ = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
    return params, history


@seventh("training", "train", truth=("fp.not_updated",),
         source="backward(X, y_hat, params, cache): the predictions passed where the labels belong, so "
                "dz2 = sigmoid(z2) - y_hat is 0 and nothing ever moves (a call given the wrong "
                "variable; written blind)")
def predictions_as_labels(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        grads = backward(X, y_hat, params, cache)
        params = sgd_step(params, grads, lr)
    return params, history


@seventh("training", "train", truth=("fp.probabilities_for_labels",),
         source="accuracy(y, y_hat): the probabilities passed to accuracy unthresholded, so almost no "
                "float equals its 0/1 label and both accuracies sit near 0 (written blind)")
def probabilities_to_accuracy(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    net = init_params(X.shape[1], hidden, 1, seed=seed)
    hist = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _epoch in range(epochs):
        out, cache = forward(X, net)
        out_val, _ = forward(X_val, net)
        hist["loss"].append(binary_cross_entropy(y, out))
        hist["val_loss"].append(binary_cross_entropy(y_val, out_val))
        hist["acc"].append(accuracy(y, out))
        hist["val_acc"].append(accuracy(y_val, out_val))
        net = sgd_step(net, backward(X, y, net, cache), lr)
    return net, hist


@seventh("training", "train", truth=("fp.ignores_argument",),
         source="init_params(X.shape[1], hidden): seed= left out of the call, so init_params's default "
                "seed 0 is used whatever seed train is given (keyword defaults; written blind)")
def seed_not_forwarded(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden)
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


@seventh("training", "grid_search", truth=("fp.wrong_metric",),
         source="np.argmin(history['val_acc']): the early stop taken at the lowest validation "
                "accuracy, the key next to val_loss (written blind)")
def argmin_of_accuracy(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_acc"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@seventh("training", "grid_search", truth=("err.float_index",),
         source="train(X_train, y_train, X_val, y_val, lr, hidden, epochs): the two hyperparameters "
                "passed by position in the loop's order, so hidden gets the learning rate and lr the "
                "hidden size (argument order in a call; written blind)")
def positional_hyperparameters_swapped(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    acc_table = np.zeros((len(hiddens), len(lrs)))
    loss_table = np.zeros((len(hiddens), len(lrs)))
    epoch_table = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i in range(len(hiddens)):
        for j in range(len(lrs)):
            _, hist = train(X_train, y_train, X_val, y_val, lrs[j], hiddens[i], epochs)
            k = int(np.argmin(hist["val_loss"]))
            acc_table[i, j] = hist["val_acc"][k]
            loss_table[i, j] = hist["val_loss"][k]
            epoch_table[i, j] = k
    return acc_table, loss_table, epoch_table


@seventh("training", "hyperparameters", truth=("fp.lr_too_small", "fp.still_falling"),
         source="LR = 0.001: Adam's usual default carried over to plain full-batch gradient descent, "
                "far too small a step for the spiral in 849 epochs (written blind)")
def adam_learning_rate():
    HIDDEN = 64
    LR = 0.001
    EPOCHS = 849
    return locals()


@seventh("training", "iterate_minibatches", truth=("fp.rows_dropped",),
         source="range(0, len(X) - batch_size, batch_size): the last batch (and, when N divides "
                "evenly, a full one) never yielded (off by one in the range; written blind)")
def last_batch_dropped(X, y, batch_size, rng):
    idx = rng.permutation(len(X))
    for start in range(0, len(X) - batch_size, batch_size):
        batch = idx[start:start + batch_size]
        yield X[batch], y[batch]


@seventh("training", "iterate_minibatches", truth=("fp.pairs_broken", "fp.in_place"),
         source="rng.shuffle(X); rng.shuffle(y): two in-place shuffles, so the labels no longer match "
                "their points and the caller's arrays are reordered (written blind)")
def shuffled_separately_in_place(X, y, batch_size, rng):
    rng.shuffle(X)
    rng.shuffle(y)
    for i in range(0, len(X), batch_size):
        yield X[i:i + batch_size], y[i:i + batch_size]


# --- Notebook 07: what next --------------------------------------------------------------------

@seventh("what_next", "init_deep_params", truth=("unnamed",),
         source="np.random.default_rng(seed) created inside the loop over layers: each layer restarts "
                "the stream, so every layer's weights begin with the same numbers (state carried "
                "between draws; written blind)")
def generator_per_layer(layer_sizes, seed=0):
    params = {}
    for i in range(1, len(layer_sizes)):
        rng = np.random.default_rng(seed)
        fan_in, fan_out = layer_sizes[i - 1], layer_sizes[i]
        params["W" + str(i)] = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_out, fan_in))
        params["b" + str(i)] = np.zeros(fan_out)
    return params


@seventh("what_next", "init_deep_params", truth=("fp.wrong_scale",),
         source="np.sqrt(2 / n_out): the spread taken from the layer's fan-out where He's rule uses "
                "its fan-in (written blind)")
def fan_out_scale(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_out), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@seventh("what_next", "forward_deep", truth=("err.missing_key",),
         source="L = len(params): the number of layers taken as the number of arrays, twice too many, "
                "so params['W3'] raises a KeyError for a two-layer net (DeepLearning.AI's "
                "'L = len(parameters) // 2' without the // 2; written blind)")
def layers_counted_as_arrays(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params)
    cache = {}
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer < L:
            a = act(z)
            cache[f"a{layer}"] = a
    return sigmoid(cache[f"z{L}"]).ravel(), cache


@seventh("what_next", "forward_deep", truth=("fp.ignores_argument", "fp.wrong_activation"),
         source="relu(z) in the loop whatever activation= says: the keyword accepted and never read, "
                "so the sigmoid experiment runs ReLU (written blind)")
def activation_keyword_ignored(X, params, activation="relu"):
    n_layers = len(params) // 2
    cache = {}
    A = X
    for k in range(1, n_layers + 1):
        Z = A @ params["W" + str(k)].T + params["b" + str(k)]
        cache["z" + str(k)] = Z
        if k < n_layers:
            A = relu(Z)
            cache["a" + str(k)] = A
    return sigmoid(cache["z" + str(n_layers)]).ravel(), cache


@seventh("what_next", "forward_deep", truth=("err.matmul_shapes",),
         source="cache[f'a{layer}'] = act(z) without reassigning a: every layer is fed X, so the "
                "second layer's product raises a shape mismatch (a variable not carried to the next "
                "iteration; written blind)")
def activation_not_carried(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer < L:
            cache[f"a{layer}"] = act(z)
    return sigmoid(cache[f"z{L}"]).ravel(), cache


@seventh("what_next", "backward_deep", truth=("fp.missing_layer",),
         source="for layer in range(L, 1, -1): the loop stops before layer 1, so dW1 and db1 are never "
                "computed (range's exclusive end; written blind)")
def first_layer_skipped(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    grads = {}
    for layer in range(L, 1, -1):
        a_prev = cache[f"a{layer - 1}"]
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = dz.sum(axis=0)
        z = cache[f"z{layer - 1}"]
        if activation == "relu":
            slope = (z > 0).astype(np.float64)
        else:
            slope = sigmoid(z) * (1.0 - sigmoid(z))
        dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@seventh("what_next", "backward_deep", truth=("fp.over_n", "fp.over_size"),
         source="db = dz.mean(axis=0): a mean over the batch on top of the / N already in dz, so every "
                "bias gradient is N times too small (written blind)")
def bias_gradient_averaged_twice(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = X if layer == 1 else cache[f"a{layer - 1}"]
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = dz.mean(axis=0)
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            slope = (z > 0).astype(np.float64) if activation == "relu" else sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@seventh("what_next", "momentum_step", truth=("fp.missing_factor",),
         source="v = beta * v + g: the classical (CS231n, Sutskever) momentum without the (1 - beta), "
                "where the lesson's velocity is a moving average (written blind)")
def classical_momentum(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {k: np.zeros_like(v) for k, v in params.items()}
    out_params, out_velocity = {}, {}
    for k, p in params.items():
        out_velocity[k] = beta * velocity[k] + grads["d" + k]
        out_params[k] = p - lr * out_velocity[k]
    return out_params, out_velocity


@seventh("what_next", "momentum_step", truth=("fp.one_late", "fp.not_updated"),
         source="p - lr * velocity[name]: the step taken with the old velocity, the new one only "
                "stored, so the first step does not move at all (order of update and use; written blind)")
def step_with_old_velocity(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        new_velocity[name] = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_params[name] = p - lr * velocity[name]
    return new_params, new_velocity


@seventh("what_next", "adam_step", truth=("unnamed",),
         source="the bias correction computed with state['t'], the count before this step: 1 - beta ** 0 "
                "= 0 on the first step, a division by zero (the increment applied after use; written blind)")
def correction_with_old_count(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                 "v": {k: np.zeros_like(p) for k, p in params.items()}}
    new_params, ms, vs = {}, {}, {}
    for k, p in params.items():
        g = grads["d" + k]
        m = beta1 * state["m"][k] + (1.0 - beta1) * g
        v = beta2 * state["v"][k] + (1.0 - beta2) * g**2
        m_hat = m / (1.0 - beta1 ** state["t"])
        v_hat = v / (1.0 - beta2 ** state["t"])
        new_params[k] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        ms[k], vs[k] = m, v
    return new_params, {"t": state["t"] + 1, "m": ms, "v": vs}


@seventh("what_next", "adam_step", truth=("fp.missing_square",),
         source="v = beta2 * v + (1 - beta2) * g: the gradient not squared in the second moment, so "
                "the root of a negative moment gives nan (written blind)")
def second_moment_not_squared(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g
        new_params[name] = p - lr * (m / (1.0 - beta1**t)) / (np.sqrt(v / (1.0 - beta2**t)) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@seventh("what_next", "adam_step", truth=("fp.in_place",),
         source="state['m'][name] = m written back into the state passed in: the right step and the "
                "right new state, but the caller's moments (and count) are changed in place (written blind)")
def state_updated_in_place(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    state["t"] += 1
    t = state["t"]
    new_params = {}
    for name, p in params.items():
        g = grads["d" + name]
        state["m"][name] = beta1 * state["m"][name] + (1.0 - beta1) * g
        state["v"][name] = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        m_hat = state["m"][name] / (1.0 - beta1**t)
        v_hat = state["v"][name] / (1.0 - beta2**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_params, state


@seventh("what_next", "softmax_classifier_loss", truth=("fp.repeated_term",),
         source="penalty reg * (|W1|^2 + |W2|^2) without the 1/2 while the gradient adds reg * W: the "
                "loss twice the asked penalty (CS231n's 0.5 * reg convention half kept; written blind)")
def penalty_without_half(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@seventh("what_next", "softmax_classifier_loss", truth=("unnamed",),
         source="the biases regularised too: every parameter in the penalty and reg * b added to db1 "
                "and db2, where the lesson penalises the weights only (written blind)")
def biases_regularised(X, y, params, reg=0.0):
    num = X.shape[0]
    onehot = np.eye(params["W2"].shape[0])[y]
    h_pre = X @ params["W1"].T + params["b1"]
    h = relu(h_pre)
    probs = softmax(h @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * sum(np.sum(p ** 2) for p in params.values())
    dscores = (probs - onehot) / num
    dh = (dscores @ params["W2"]) * (h_pre > 0)
    grads = {"dW1": dh.T @ X + reg * params["W1"], "db1": dh.sum(axis=0) + reg * params["b1"],
             "dW2": dscores.T @ h + reg * params["W2"], "db2": dscores.sum(axis=0) + reg * params["b2"]}
    return categorical_cross_entropy(onehot, probs) + float(penalty), grads


@seventh("what_next", "softmax_classifier_loss", truth=("err.broadcast",),
         source="np.eye(y.max() + 1)[y]: the number of classes read from the batch's labels, so a "
                "batch without the last class has a one-hot too narrow for the (N, K) scores (written blind)")
def classes_from_batch_labels(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(y.max() + 1)[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@seventh("what_next", "softmax_classifier_train", truth=("unnamed",),
         source="history['loss'] given the objective as returned, penalty included, where the history "
                "records the data loss (written blind)")
def penalty_left_in_history(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        history["loss"].append(float(loss))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@seventh("what_next", "softmax_classifier_train", truth=("unnamed",),
         source="loss, grads = softmax_classifier_loss(...) called once before the loop: every epoch "
                "steps with the first epoch's gradients (state not refreshed per epoch; written blind)")
def gradients_computed_once(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    _, grads = softmax_classifier_loss(X, y, params, reg)
    for _ in range(epochs):
        loss, _ = softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


# --- Alternatives: correct answers written another way -----------------------------------------

@seventh_alternative("perceptron", "perceptron")
def int_of_comparison(x, w, b):
    return int(np.dot(w, x) + b >= 0)


@seventh_alternative("activations", "sigmoid")
def via_tanh(x):
    x = np.asarray(x, dtype=np.float64)
    return 0.5 * (1.0 + np.tanh(0.5 * x))


@seventh_alternative("activations", "tanh")
def expm1_of_magnitude(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-2.0 * np.abs(x))
    return (np.sign(x) * -np.expm1(-2.0 * np.abs(x)) / (1.0 + e))[()]


@seventh_alternative("activations", "relu_grad")
def where_one_zero(x):
    return np.where(np.asarray(x, dtype=np.float64) > 0, 1.0, 0.0)[()]


@seventh_alternative("activations", "leaky_relu")
def masked_copy(x, alpha=0.1):
    out = np.array(x, dtype=np.float64)
    out[out < 0] *= alpha
    return out[()]


@seventh_alternative("losses", "binary_cross_entropy")
def dot_products(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-(y @ np.log(p) + (1.0 - y) @ np.log(1.0 - p)) / len(y))


@seventh_alternative("losses", "softmax")
def exp_of_log_softmax(z):
    z = np.asarray(z, dtype=np.float64)
    m = z.max(axis=-1, keepdims=True)
    lse = m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    return np.exp(z - lse)


@seventh_alternative("losses", "categorical_cross_entropy")
def sum_divided_by_rows(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.sum(Y * np.log(P)) / Y.shape[0])


@seventh_alternative("losses", "mse")
def residual_dot_itself(y, y_hat):
    d = np.asarray(y, dtype=np.float64).ravel() - np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.dot(d, d) / d.size)


@seventh_alternative("forward_pass", "forward")
def einsum_layers(X, params):
    z1 = np.einsum("nd,hd->nh", X, params["W1"]) + params["b1"]
    a1 = relu(z1)
    z2 = np.einsum("nh,oh->no", a1, params["W2"]) + params["b2"]
    return sigmoid(z2).reshape(-1), {"z1": z1, "a1": a1, "z2": z2}


@seventh_alternative("backprop", "backward")
def mask_from_activation(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dz1 = (dz2 @ params["W2"]) * (cache["a1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@seventh_alternative("backprop", "sgd_step")
def explicit_loop(params, grads, lr):
    updated = {}
    for key in params:
        updated[key] = params[key] - lr * grads["d" + key]
    return updated


@seventh_alternative("training", "predict")
def where_labels(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return np.where(y_hat >= threshold, 1, 0)


@seventh_alternative("training", "accuracy")
def count_over_length(y_true, y_pred):
    a, b = np.ravel(y_true), np.ravel(y_pred)
    return np.count_nonzero(a == b) / a.size


@seventh_alternative("training", "grid_search")
def positional_train_call(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    shape = (len(hiddens), len(lrs))
    val_acc, val_loss = np.zeros(shape), np.zeros(shape)
    best_epochs = np.zeros(shape, dtype=int)
    for i, h in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, hist = train(X_train, y_train, X_val, y_val, h, lr, epochs)
            losses = np.array(hist["val_loss"])
            best = int(losses.argmin())
            best_epochs[i, j] = best
            val_loss[i, j] = losses[best]
            val_acc[i, j] = hist["val_acc"][best]
    return val_acc, val_loss, best_epochs


@seventh_alternative("training", "iterate_minibatches")
def shuffle_once_then_slice(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    X_shuffled, y_shuffled = X[order], y[order]
    for start in range(0, len(X), batch_size):
        yield X_shuffled[start:start + batch_size], y_shuffled[start:start + batch_size]


@seventh_alternative("what_next", "init_deep_params")
def consecutive_sizes_by_index(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for k in range(len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[k], layer_sizes[k + 1]
        params[f"W{k + 1}"] = rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)
        params[f"b{k + 1}"] = np.zeros(n_out)
    return params


@seventh_alternative("what_next", "momentum_step")
def velocity_moved_toward_gradient(params, grads, velocity, lr, beta=0.9):
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        old = np.zeros_like(p) if velocity is None else velocity[name]
        v = old + (1.0 - beta) * (grads["d" + name] - old)
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@seventh_alternative("what_next", "adam_step")
def corrected_learning_rate(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = 1 if state is None else state["t"] + 1
    # Kingma and Ba's efficient form: the corrections folded into the step size, eps scaled to match.
    lr_t = lr * np.sqrt(1.0 - beta2**t) / (1.0 - beta1**t)
    eps_t = eps * np.sqrt(1.0 - beta2**t)
    new_params, ms, vs = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = (0.0 if state is None else beta1 * state["m"][name]) + (1.0 - beta1) * g
        v = (0.0 if state is None else beta2 * state["v"][name]) + (1.0 - beta2) * g * g
        new_params[name] = p - lr_t * m / (np.sqrt(v) + eps_t)
        ms[name], vs[name] = m, v
    return new_params, {"t": t, "m": ms, "v": vs}


@seventh_alternative("what_next", "softmax_classifier_loss")
def log_sum_exp_loss(X, y, params, reg=0.0):
    n = X.shape[0]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = np.maximum(z1, 0.0)
    scores = a1 @ params["W2"].T + params["b2"]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    data_loss = -log_probs[np.arange(n), y].mean()
    dscores = np.exp(log_probs)
    dscores[np.arange(n), y] -= 1.0
    dscores /= n
    dz1 = (dscores @ params["W2"]) * (z1 > 0)
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dscores.T @ a1 + reg * params["W2"], "db2": dscores.sum(axis=0)}
    return float(data_loss + penalty), grads
