"""A fourth set of mistakes, written blind: the one untuned measurement of the general fingerprints.

Why a fourth set: the second (``solutions.unseen_mistakes``) and third
(``solutions.unseen_mistakes_blind``) sets have been looked at while fingerprints
were written, so they no longer measure how the hints generalise. This set was
written on 2026-12-01 by a helper (H15f) who had not read the fingerprints, the
checks, the diagnosis, the hints, the catalogue (``solutions.mistakes``) or the
entries of the second and third sets (only their one-line ``source=`` strings, to
avoid duplicates), and who never ran ``nncourse mutants`` on it. It was written
from the student notebooks (the blanks as a student sees them), the reference
solutions and public reports of the same slips. It must not be edited after its
first measurement: a miss is fixed (if at all) by a general fingerprint, never by
changing this file. Graded by ``nncourse mutants --unseen fourth``.

Each mistake is the blank's reference with ONE slip, written as a student would
write it; its ``source`` says the slip in plain words and where such a slip is
reported ("written blind" where no report was looked up). Each was checked, by a
throwaway script, to give another output than the reference on typical inputs, or
to raise. ``UNSEEN_FOURTH_ALTERNATIVES`` are correct answers written differently,
checked against the reference (np.allclose at rtol 1e-7, same dtype and shape, on
several inputs): they must get full marks and no hint.

``truth`` lists every id a right hint may carry; it was left empty while the code
was written (commit "fourth set: code, written blind") and filled in afterwards
from each entry's code against the ids' texts (commit "fourth set: labels"),
changing nothing else. ("unnamed",) marks an entry whose slip no id names: a hint
there is always wrong, and no hint is the right answer.
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

UNSEEN_FOURTH: list[UnseenMistake] = []
UNSEEN_FOURTH_ALTERNATIVES: list[Variant] = []


def fourth(notebook: str, blank: str, truth: tuple[str, ...], source: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a fourth-set mistake of ``blank`` (id "<blank>.fourth_<name>")."""
    def register(fn: Callable) -> Callable:
        UNSEEN_FOURTH.append(UnseenMistake(f"{blank}.fourth_{fn.__name__}", blank, notebook, fn, hint="",
                                           diagnosed=False, truth=truth, source=source))
        return fn
    return register


def fourth_alternative(notebook: str, blank: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a correct answer of ``blank`` (id "<blank>.fourth_<name>")."""
    def register(fn: Callable) -> Callable:
        UNSEEN_FOURTH_ALTERNATIVES.append(Variant(f"{blank}.fourth_{fn.__name__}", blank, notebook, fn))
        return fn
    return register


# --- notebook 01 ---------------------------------------------------------------

@fourth("perceptron", "perceptron", ("err.array_truth",),
        "w * x where np.dot(w, x) belongs: an elementwise product, never summed, so `if` meets an array "
        "('The truth value of an array with more than one element is ambiguous', stackoverflow.com "
        "questions on perceptron step functions)")
def elementwise_product(x, w, b):
    return 1 if w * x + b >= 0 else 0


@fourth("perceptron", "perceptron", ("fp.missing_term",),
        "the sum written out for two inputs, w[0] * x[0] + w[1] * x[1]: every feature past the second "
        "ignored (written blind, after the two-input gates of the lesson)")
def two_inputs_hard_coded(x, w, b):
    total = w[0] * x[0] + w[1] * x[1] + b
    return 1 if total >= 0 else 0


@fourth("perceptron", "gates", ("gates.and_on_the_line",),
        "AND_B = -2.0: AND fires at (1, 1) only through the tie rule, the corner sits on the line "
        "(the notebook's 'a gate that works only thanks to the tie rule is fragile'; written blind)")
def and_on_the_line():
    AND_W = np.array([1.0, 1.0])
    AND_B = -2.0
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@fourth("perceptron", "gates", ("fp.flipped_term", "fp.zeros", "fp.constant"),
        "NAND's weights negated but AND's bias kept, NAND_B = -1.5: the unit never fires "
        "(NAND as negated AND, Nielsen ch. 1; written blind)")
def nand_bias_sign_kept():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = -1.5
    return locals()


@fourth("perceptron", "train_perceptron", ("train_perceptron.errors_not_reset",),
        "the error counter set to 0 once, before the epoch loop: errors holds a running total, "
        "not the mistakes of each epoch (written blind)")
def errors_running_total(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    n_wrong = 0
    for _ in range(epochs):
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w = w + step * x_i
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@fourth("perceptron", "train_perceptron", ("unnamed",),
        "the epoch's predictions computed up front with the epoch's starting weights, then the updates: "
        "a batch rule where the lesson updates after each point (written blind)")
def epoch_predicted_up_front(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        predictions = [perceptron(x_i, w, b) for x_i in X]
        n_wrong = 0
        for x_i, y_i, pred in zip(X, y, predictions, strict=True):
            step = lr * (y_i - pred)
            if step != 0:
                w = w + step * x_i
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@fourth("perceptron", "xor", ("fp.constant",),
        "OR as the output gate, OR(OR(x), NAND(x)): one of the two hidden units always fires, so the output "
        "is 1 everywhere (written blind)")
def or_as_output(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)])
    return perceptron(hidden, OR_W, OR_B)


@fourth("perceptron", "xor", ("fp.wrong_operand",),
        "the hidden layer computed, then the output unit fed x instead of it: AND(x) (the wrong variable "
        "passed on; written blind)")
def output_fed_x(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)])  # noqa: F841
    return perceptron(x, AND_W, AND_B)


@fourth_alternative("perceptron", "perceptron")
def bias_on_the_right(x, w, b):
    return int(np.dot(w, x) >= -b)


# --- notebook 02 ---------------------------------------------------------------

@fourth("activations", "sigmoid", ("sigmoid.naive_sigmoid",),
        "the literal 1 / (1 + np.exp(-x)): 'RuntimeWarning: overflow encountered in exp' below x = -709 "
        "(stackoverflow.com/questions/40726490, stackoverflow.com/questions/47044541)")
def literal_formula(x):
    x = np.asarray(x, dtype=np.float64)
    return 1 / (1 + np.exp(-x))


@fourth("activations", "sigmoid", ("fp.one_branch", "sigmoid.naive_sigmoid"),
        "np.exp(x) / (1 + np.exp(x)) everywhere, the negative-side form used for every x: inf / inf = nan "
        "above x = 709 (stackoverflow.com/questions/40726490 answers on the two-branch sigmoid)")
def negative_branch_everywhere(x):
    x = np.asarray(x, dtype=np.float64)
    return np.exp(x) / (1 + np.exp(x))


@fourth("activations", "sigmoid_grad", ("fp.flipped_term",),
        "s * (1 + s): a plus typed for the minus (written blind)")
def plus_for_minus(x):
    s = sigmoid(x)
    return s * (1.0 + s)


@fourth("activations", "tanh", ("unnamed",),
        "np.tan for np.tanh: the circular tangent, one letter short (written blind, an autocompletion slip)")
def tan_for_tanh(x):
    return np.tan(np.asarray(x, dtype=np.float64))[()]


@fourth("activations", "tanh_grad", ("fp.missing_square",),
        "1 - tanh(x) * 2: the ** of the square typed as * (written blind)")
def times_two_for_squared(x):
    return 1.0 - tanh(x) * 2


@fourth("activations", "tanh_grad", ("unnamed",),
        "(1 - tanh(x)) ** 2: the parentheses around the difference, the square of 1 - t (written blind)")
def square_of_difference(x):
    return (1.0 - tanh(x)) ** 2


@fourth("activations", "relu", ("unnamed",),
        "np.max(0, x) for np.maximum(0, x): np.max reduces one array and reads x as its axis, a TypeError "
        "(geek-qa.imtqy.com/questions/220247 'np.max vs np.maximum')")
def np_max(x):
    return np.max(0, np.asarray(x, dtype=np.float64))


@fourth("activations", "relu", ("fp.in_place", "relu.relu_in_place"),
        "x[x < 0] = 0 on np.asarray(x): a float64 input is not copied, so the caller's array is zeroed in "
        "place (written blind)")
def zeroed_in_place(x):
    x = np.asarray(x, dtype=np.float64)
    x[x < 0] = 0
    return x[()]


@fourth("activations", "relu_grad", ("unnamed",),
        "np.sign(x) as the step: -1 for negative inputs where 0 belongs (written blind)")
def sign_for_step(x):
    return np.sign(np.asarray(x, dtype=np.float64))[()]


@fourth("activations", "leaky_relu", ("fp.missing_factor", "leaky_relu.maximum_with_alpha"),
        "np.where(x >= 0, x, alpha): the constant alpha where alpha * x belongs (written blind)")
def alpha_not_times_x(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, x, alpha)[()]


@fourth("activations", "leaky_relu_grad", ("unnamed",),
        "np.where(x >= 0, 1.0, alpha * x): the function's alpha * x copied into its slope (written blind)")
def alpha_times_x(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, 1.0, alpha * x)[()]


@fourth_alternative("activations", "sigmoid")
def through_logaddexp(x):
    # sigma(x) = exp(-log(1 + e^-x)); logaddexp never overflows.
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -x))[()]


@fourth_alternative("activations", "relu")
def clipped_below(x):
    return np.clip(np.asarray(x, dtype=np.float64), 0.0, None)[()]


@fourth_alternative("activations", "leaky_relu")
def slope_times_x(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return (x * np.where(x >= 0, 1.0, alpha))[()]


@fourth_alternative("activations", "leaky_relu_grad")
def mask_arithmetic(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return ((x >= 0) + alpha * (x < 0))[()]


# --- notebook 03 ---------------------------------------------------------------

@fourth("losses", "binary_cross_entropy", ("fp.unclipped_log", "binary_cross_entropy.bce_without_clipping"),
        "no clipping: log(0) = -inf at a confident wrong prediction, 'cost is nan/inf' "
        "(forums.fast.ai/t/cross-entropy-error-log-1-1-inf/1441)")
def never_clipped(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


@fourth("losses", "binary_cross_entropy", ("unnamed",),
        "np.log10 for the natural log: the loss in decimal digits, not nats (fast.ai forum 'Cross-Entropy: "
        "Using Natural Log vs Log10 and Sum vs Mean'; DeepLearning.AI 'Does Logistic Regression Cost "
        "Function Use log10 or ln?')")
def log10(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(y * np.log10(p) + (1.0 - y) * np.log10(1.0 - p)))


@fourth("losses", "binary_cross_entropy_grad", ("fp.broadcast",),
        "y converted but never reshaped like y_hat: a (N, 1) against a (N,) broadcasts to (N, N) "
        "(the notebook's broadcasting warning; written blind)")
def labels_kept_as_given(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (p - y) / (p * (1.0 - p)) / y_hat.size


@fourth("losses", "softmax", ("fp.wrong_axis", "softmax.softmax_over_columns"),
        "max and sum over axis=0: each column normalised, not each row (stackoverflow 'calculate the "
        "softmax of an array column-wise', splunktool.com/in-python-calculate-the-softmax-of-an-array-"
        "columnwise-using-numpy)")
def columns_normalised(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


@fourth("losses", "softmax", ("fp.in_place",),
        "z -= z.max(...) on np.asarray(z): the caller's logits shifted in place (written blind)")
def logits_shifted_in_place(z):
    z = np.asarray(z, dtype=np.float64)
    z -= z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@fourth("losses", "categorical_cross_entropy", ("fp.times_n", "categorical_cross_entropy.cce_summed"),
        "-np.sum(Y * log P): the total over the batch, never divided by N (fast.ai forum 'Sum vs Mean'; "
        "errorhandle.ai categorical cross-entropy loss = -np.sum(y_true * np.log(y_pred)))")
def total_not_mean(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.sum(Y * np.log(P)))


@fourth("losses", "categorical_cross_entropy",
        ("fp.unclipped_log", "categorical_cross_entropy.cce_without_clipping"),
        "no clipping: a probability of exactly 0 gives log 0 = -inf, and 0 * -inf = nan for a wrong class "
        "(errorhandle.ai 'How can I avoid log(0) in the implementation of the categorical cross-entropy')")
def log_of_zero(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.asarray(P, dtype=np.float64)
    return float(-np.mean(np.sum(Y * np.log(P), axis=-1)))


@fourth("losses", "softmax_cross_entropy_grad",
        ("fp.times_n", "softmax_cross_entropy_grad.softmax_ce_grad_not_averaged"),
        "softmax(Z) - Y without the / N (CS231n case study: 'dscores /= num_examples'; written blind)")
def not_averaged(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return softmax(Z) - np.asarray(Y, dtype=np.float64)


@fourth("losses", "softmax_cross_entropy_grad", ("softmax_cross_entropy_grad.softmax_ce_grad_over_entries",),
        "divided by Z.size, N * K entries, where the N rows belong (written blind)")
def divided_by_every_entry(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return (softmax(Z) - np.asarray(Y, dtype=np.float64)) / Z.size


@fourth("losses", "mse", ("unnamed",),
        "np.mean(y - y_hat) ** 2: the square of the mean error, the parentheses one place off "
        "(written blind)")
def square_of_mean(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.mean(y - y_hat) ** 2)


@fourth("losses", "mse_grad", ("fp.sign_flip", "mse_grad.mse_grad_sign_flipped"),
        "2 (y - y_hat) / N: the residual the wrong way round, the derivative of the inner term lost "
        "(written blind)")
def residual_reversed(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return 2.0 * (y - y_hat) / y_hat.size


@fourth("losses", "mse_grad", ("fp.half", "fp.missing_factor", "mse_grad.mse_grad_without_two"),
        "(y_hat - y) / N: the 2 of the square's derivative dropped (written blind)")
def two_dropped(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return (y_hat - y) / y_hat.size


@fourth_alternative("losses", "binary_cross_entropy")
def log1p_terms(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p)))


@fourth_alternative("losses", "softmax")
def row_totals_through_transpose(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp((z.T - z.max(axis=1)).T)
    return (e.T / e.sum(axis=1)).T


@fourth_alternative("losses", "categorical_cross_entropy")
def mean_per_class_then_sum(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.sum(np.mean(Y * np.log(P), axis=0)))


@fourth_alternative("losses", "softmax_cross_entropy_grad")
def one_subtracted_at_the_label(Y, Z):
    # CS231n's dscores[range(N), y] -= 1, with the labels read from the one-hot rows.
    dZ = softmax(np.asarray(Z, dtype=np.float64))
    dZ[np.asarray(Y) == 1] -= 1.0
    return dZ / len(dZ)


# --- notebook 04 ---------------------------------------------------------------

@fourth("forward_pass", "init_params", ("fp.missing_square", "init_params.variance_as_std"),
        "rng.normal(0, 2 / n_in): the variance 2/n passed where numpy takes the standard deviation "
        "(github.com/wiseodd/wiseodd.github.io/issues/4 'np.norm scale parameter should be standard "
        "deviation, not variance'; github.com/neuromorphs/tonic/pull/96)")
def variance_as_std(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, 2.0 / n_in, size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 2.0 / n_hidden, size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@fourth("forward_pass", "init_params", ("fp.column",),
        "biases as columns, np.zeros((n_hidden, 1)): DeepLearning.AI's b1 = np.zeros((n_h, 1)) in a course "
        "whose b1 has shape (H,) (written blind, from DL.AI's initialize_parameters)")
def column_biases(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros((n_hidden, 1)),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros((n_out, 1)),
    }


@fourth("forward_pass", "init_params", ("unnamed",),
        "np.random.seed(seed) and np.random.randn: the legacy global generator, other numbers than "
        "default_rng(seed) gives (DL.AI's np.random.seed(2); np.random.randn(n_h, n_x); written blind)")
def legacy_global_seed(n_in, n_hidden, n_out=1, seed=0):
    np.random.seed(seed)
    return {
        "W1": np.random.randn(n_hidden, n_in) * np.sqrt(2.0 / n_in),
        "b1": np.zeros(n_hidden),
        "W2": np.random.randn(n_out, n_hidden) * np.sqrt(2.0 / n_hidden),
        "b2": np.zeros(n_out),
    }


@fourth("forward_pass", "forward", ("err.matmul_shapes", "forward.forward_missing_transpose"),
        "X @ W1 + b1 with W1 of shape (H, D) untransposed: CS231n's (D, H) layout in a (n_out, n_in) course, "
        "'shapes not aligned' (written blind)")
def weights_untransposed(X, params):
    z1 = X @ params["W1"] + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"] + params["b2"]
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@fourth("forward_pass", "forward", ("unnamed",),
        "the cache keyed 'Z1', 'A1', 'Z2' as in DeepLearning.AI's forward_propagation, where z1, a1, z2 "
        "are asked (written blind)")
def capital_cache_keys(X, params):
    Z1 = X @ params["W1"].T + params["b1"]
    A1 = relu(Z1)
    Z2 = A1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(Z2).ravel()
    return y_hat, {"Z1": Z1, "A1": A1, "Z2": Z2}


@fourth("forward_pass", "forward", ("fp.missing_term",),
        "the output bias added after the sigmoid, sigmoid(a1 @ W2.T) + b2 (written blind)")
def output_bias_after_sigmoid(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T
    y_hat = (sigmoid(z2) + params["b2"]).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@fourth_alternative("forward_pass", "forward")
def einsum_layers(X, params):
    z1 = np.einsum("nd,hd->nh", X, params["W1"]) + params["b1"]
    a1 = relu(z1)
    z2 = np.einsum("nh,oh->no", a1, params["W2"]) + params["b2"]
    return sigmoid(z2).reshape(len(X)), {"z1": z1, "a1": a1, "z2": z2}


# --- notebook 05 ---------------------------------------------------------------

@fourth("backprop", "backward", ("unnamed",),
        "db2 = np.sum(dz2): a scalar where b2 has shape (1,), the axis left out (DL.AI's "
        "db2 = np.sum(dZ2, axis=1, keepdims=True) written without its arguments; written blind)")
def db2_scalar(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = np.sum(dz2)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@fourth("backprop", "backward", ("fp.times_n",),
        "the 1/N put on dW2 and db2 only, not on dz2: the first layer's gradients N times too large "
        "(DL.AI planar backward_propagation's 1/m on each line, one layer forgotten; written blind)")
def mean_on_output_layer_only(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = sigmoid(cache["z2"]) - y
    dW2 = dz2.T @ cache["a1"] / n
    db2 = dz2.sum(axis=0) / n
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@fourth("backprop", "backward", ("unnamed",),
        "the sigmoid's slope multiplied in at the output after BCE, (y_hat - y) * y_hat (1 - y_hat): the "
        "cancellation missed, MSE's chain rule on a BCE loss (written blind)")
def sigmoid_slope_again(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    y_hat = sigmoid(cache["z2"])
    dz2 = (y_hat - y) * y_hat * (1.0 - y_hat) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@fourth("backprop", "sgd_step", ("unnamed",),
        "grads[name] where grads['d' + name] belongs: KeyError 'W1' (written blind)")
def grads_by_param_name(params, grads, lr):
    return {name: p - lr * grads[name] for name, p in params.items()}


@fourth("backprop", "sgd_step", ("fp.in_place", "sgd_step.sgd_in_place"),
        "params[name] = params[name] - lr * grad in a loop: new arrays, but stored into the caller's dict, "
        "which is returned (written blind)")
def callers_dict_rebound(params, grads, lr):
    for name in params:
        params[name] = params[name] - lr * grads["d" + name]
    return params


@fourth("backprop", "sgd_step", ("unnamed",),
        "the new dict built and never returned: the function gives None (written blind)")
def never_returned(params, grads, lr):
    new_params = {name: p - lr * grads["d" + name] for name, p in params.items()}  # noqa: F841


@fourth_alternative("backprop", "backward")
def keepdims_then_reshaped(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["a1"] > 0)
    return {"dW1": dz1.T @ X,
            "db1": np.sum(dz1, axis=0, keepdims=True).reshape(params["b1"].shape),
            "dW2": dz2.T @ cache["a1"],
            "db2": np.sum(dz2, axis=0, keepdims=True).reshape(params["b2"].shape)}


@fourth_alternative("backprop", "sgd_step")
def loop_over_gradients(params, grads, lr):
    return {key[1:]: params[key[1:]] - lr * grad for key, grad in grads.items()}


# --- notebook 06 ---------------------------------------------------------------

@fourth("training", "train_val_split",
        ("fp.not_reproducible", "fp.ignores_argument", "train_val_split.split_unseeded"),
        "np.random.permutation(len(X)): the global generator, the seed argument never used, another split "
        "on every call (written blind)")
def seed_ignored(X, y, val_fraction=0.2, seed=0):
    order = np.random.permutation(len(X))
    n_val = round(val_fraction * len(X))
    val, tr = order[:n_val], order[n_val:]
    return X[tr], X[val], y[tr], y[val]


@fourth("training", "train_val_split", ("fp.return_order", "train_val_split.split_holds_out_training_share"),
        "tr, val = order[:n_val], order[n_val:]: the two slices exchanged, 20% kept for training "
        "(written blind)")
def slices_exchanged(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round(val_fraction * len(X))
    tr, val = order[:n_val], order[n_val:]
    return X[tr], X[val], y[tr], y[val]


@fourth("training", "train_val_split", ("fp.ignores_argument",),
        "n_val = len(X) // 5: the 20% hard-coded, val_fraction never read (written blind)")
def fifth_hard_coded(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = len(X) // 5
    val, tr = order[:n_val], order[n_val:]
    return X[tr], X[val], y[tr], y[val]


@fourth("training", "predict", ("unnamed",),
        "the threshold applied to the logit cache['z2'], not to the probability (written blind)")
def threshold_on_logit(X, params, threshold=0.5):
    _, cache = forward(X, params)
    return (cache["z2"].ravel() >= threshold).astype(int)


@fourth("training", "predict", ("unnamed",),
        "forward(X, params) >= threshold: the (y_hat, cache) pair compared with a number, a TypeError "
        "(written blind)")
def pair_compared(X, params, threshold=0.5):
    return (forward(X, params) >= threshold).astype(int)


@fourth("training", "accuracy", ("fp.broadcast", "accuracy.accuracy_without_ravel"),
        "np.mean(y_true == y_pred) without flattening: a (N, 1) against a (N,) compares every pair, (N, N) "
        "(errorhandle.ai 'difference of a (2,1) array and a vertical slice'; written blind)")
def not_flattened(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))


@fourth("training", "accuracy", ("fp.zeros",),
        "np.sum(matches) // len(y_true): floor division, 0 for anything below a perfect score "
        "(stackoverflow.com/questions/47044541 on integer division in numpy code; written blind)")
def floor_division(y_true, y_pred):
    matches = np.ravel(y_true) == np.ravel(y_pred)
    return np.sum(matches) // len(matches)


@fourth("training", "train", ("fp.ignores_argument", "fp.constant"),
        "sgd_step(params, grads, lr) called but its result dropped: the parameters never change "
        "(the notebook's 'returns a new dict'; written blind)")
def update_dropped(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@fourth("training", "train", ("fp.probabilities_for_labels", "fp.zeros"),
        "accuracy(y, y_hat) on the raw probabilities, never thresholded: almost no prediction equals its "
        "label (written blind)")
def accuracy_of_probabilities(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat))
        history["val_acc"].append(accuracy(y_val, y_hat_val))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@fourth("training", "train", ("fp.constant",),
        "the training forward pass done once, before the loop: every step's loss and gradient use the "
        "first epoch's cache (written blind)")
def forward_once(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    y_hat, cache = forward(X, params)
    for _ in range(epochs):
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@fourth("training", "grid_search", ("unnamed",),
        "np.argmax of the validation loss: the epoch of the worst loss picked (written blind)")
def argmax_of_loss(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmax(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@fourth("training", "grid_search", ("fp.zeros",),
        "the three tables copied from the best_epochs line, all dtype=int: every accuracy and loss "
        "truncated to an integer (taourl.com 'assigning a float to an integer dtype truncates'; "
        "errorhandle.ai 'NumPy arrays staying integers')")
def integer_tables(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)), dtype=int)
    val_loss = np.zeros((len(hiddens), len(lrs)), dtype=int)
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@fourth("training", "hyperparameters", ("unnamed",),
        "EPOCHS = 849.0, copied as a float from a printed table: range() refuses it, "
        "'float object cannot be interpreted as an integer' (written blind)")
def float_epochs():
    HIDDEN = 64
    LR = 3.0
    EPOCHS = 849.0
    return locals()


@fourth("training", "iterate_minibatches", ("iterate_minibatches.minibatches_shuffle_separately",),
        "X indexed by the shuffled batch, y sliced in the original order: labels no longer match their rows "
        "(written blind)")
def labels_sliced_in_order(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[start:start + batch_size]


@fourth("training", "iterate_minibatches", ("unnamed",),
        "return where yield belongs, inside the loop: only the first batch, and as one (X, y) pair, not "
        "a sequence of pairs (written blind)")
def return_for_yield(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        return X[batch], y[batch]


@fourth("training", "iterate_minibatches",
        ("iterate_minibatches.minibatches_fixed_seed", "fp.ignores_argument", "fp.not_reproducible"),
        "np.random.permutation: the rng argument never used, so the order is not the one rng gives and "
        "rng never advances (written blind)")
def rng_unused(X, y, batch_size, rng):
    order = np.random.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


@fourth_alternative("training", "train_val_split")
def split_at_n_val(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    val, tr = np.split(order, [round(val_fraction * len(X))])
    return X[tr], X[val], y[tr], y[val]


@fourth_alternative("training", "predict")
def comparison_times_one(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return (y_hat >= threshold) * 1


@fourth_alternative("training", "accuracy")
def one_minus_error_rate(y_true, y_pred):
    return float(1.0 - np.mean(np.ravel(y_true) != np.ravel(y_pred)))


@fourth_alternative("training", "iterate_minibatches")
def split_at_multiples(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    return [(X[batch], y[batch]) for batch in np.split(order, range(batch_size, len(X), batch_size))]


# --- notebook 07 ---------------------------------------------------------------

@fourth("what_next", "init_deep_params", ("init_deep_params.scale_by_fan_out",),
        "np.sqrt(2 / n_out): He's fan-in replaced by the layer's fan-out (written blind)")
def fan_out(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_out), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@fourth("what_next", "init_deep_params", ("init_deep_params.generator_per_layer",),
        "rng = np.random.default_rng(seed) inside the layer loop: every layer restarts the same stream "
        "(written blind)")
def generator_per_layer(layer_sizes, seed=0):
    params = {}
    for layer in range(1, len(layer_sizes)):
        rng = np.random.default_rng(seed)
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@fourth("what_next", "forward_deep", ("unnamed",),
        "L = len(params): the number of keys, twice the number of layers, so the loop asks for W{L/2 + 1} "
        "(DL.AI's L = len(parameters) // 2 without the // 2; written blind)")
def layers_counted_as_keys(X, params, activation="relu"):
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
    y_hat = sigmoid(cache[f"z{L}"]).ravel()
    return y_hat, cache


@fourth("what_next", "forward_deep", ("fp.missing_activation",),
        "each layer fed the previous pre-activation z: the activations cached but never passed on, a "
        "linear network (written blind)")
def activations_never_fed_forward(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    cache = {}
    z = X
    for layer in range(1, L + 1):
        z = z @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer < L:
            cache[f"a{layer}"] = act(z)
    y_hat = sigmoid(cache[f"z{L}"]).ravel()
    return y_hat, cache


@fourth("what_next", "backward_deep", ("fp.off_by_one",),
        "range(L, 1, -1): the loop stops before layer 1, dW1 and db1 never computed (off by one; written "
        "blind)")
def stops_before_first_layer(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    grads = {}
    for layer in range(L, 1, -1):
        a_prev = X if layer == 1 else cache[f"a{layer - 1}"]
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            if activation == "relu":
                slope = (z > 0).astype(np.float64)
            else:
                slope = sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@fourth("what_next", "backward_deep", ("fp.over_n", "backward_deep.divides_by_n_in_every_layer"),
        "the / N repeated at every layer on the way down: layer l's gradients shrunk by N once more per "
        "layer above it (the notebook's 'the one and only place where 1/N enters'; written blind)")
def mean_at_every_layer(X, y, params, cache, activation="relu"):
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
            if activation == "relu":
                slope = (z > 0).astype(np.float64)
            else:
                slope = sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope / n
    return grads


@fourth("what_next", "momentum_step", ("momentum_step.classic_momentum",),
        "CS231n's v = mu * v - lr * dx, then p + v: the learning rate folded into the velocity and the "
        "average's (1 - beta) gone (cs231n.github.io/neural-networks-3 'Momentum update')")
def cs231n_velocity(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] - lr * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p + v
    return new_params, new_velocity


@fourth("what_next", "momentum_step", ("fp.one_late",),
        "the step taken with the previous velocity, p - lr * velocity[name], and the new one only stored: "
        "the first step does not move (update order; written blind)")
def step_with_old_velocity(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        new_velocity[name] = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_params[name] = p - lr * velocity[name]
    return new_params, new_velocity


@fourth("what_next", "momentum_step", ("fp.in_place",),
        "velocity[name] = v: the caller's velocity dict overwritten and returned (written blind)")
def velocity_overwritten(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params = {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, velocity


@fourth("what_next", "adam_step", ("fp.missing_square", "adam_step.adam_v_of_gradient"),
        "g * 2 typed for g ** 2 in the second moment: v can turn negative, sqrt of it nan (written blind)")
def g_times_two(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g * 2
        m_hat = m / (1.0 - beta1**t)
        v_hat = v / (1.0 - beta2**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@fourth("what_next", "adam_step", ("unnamed",),
        "v corrected by 1 - beta1**t, the line copied from m's (github.com/eriklindernoren/ML-From-Scratch/"
        "issues/35 and github.com/ufal/npfl114/pull/79 on wrong bias-correction terms)")
def beta1_in_second_correction(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
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
        v_hat = v / (1.0 - beta1**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@fourth("what_next", "adam_step", ("fp.one_late",),
        "t used in the bias correction before it is incremented: 1 - beta**0 = 0 on the first step, a "
        "division by zero (github.com/deeplearning4j/nd4j/pull/1227 't should start from 1'; "
        "github.com/keras-team/keras/pull/10129)")
def t_incremented_after(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"]
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        m_hat = m / (1.0 - beta1**t)
        v_hat = v / (1.0 - beta2**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t + 1, "m": m_new, "v": v_new}


@fourth("what_next", "softmax_classifier_loss", ("unnamed",),
        "the int labels as a column, y.reshape(-1, 1), where the one-hot matrix belongs: P - y subtracts "
        "each label from every class (written blind)")
def labels_for_one_hot(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.asarray(y).reshape(-1, 1)
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@fourth("what_next", "softmax_classifier_loss", ("softmax_classifier_loss.penalty_without_half",),
        "CS231n assignment 1's penalty reg * sum(W * W), without the 1/2, next to this course's gradient "
        "reg * W (cs231n.github.io/neural-networks-case-study 'reg_loss = 0.5*reg*np.sum(W*W)' vs the "
        "assignment's; written blind)")
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


@fourth("what_next", "softmax_classifier_loss",
        ("softmax_classifier_loss.classes_counted_from_labels", "err.broadcast"),
        "K = np.max(y) + 1 read from the labels: a batch without the last class gets a one-hot matrix "
        "narrower than P (the notebook's 'a batch need not contain every class'; written blind)")
def classes_from_labels(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(np.max(y) + 1)[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@fourth("what_next", "softmax_classifier_train", ("unnamed",),
        "int(np.max(y)) output units, the + 1 forgotten: one class too few, the top label has no column "
        "(off by one; written blind)")
def one_class_short(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)), seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@fourth("what_next", "softmax_classifier_train", ("unnamed",),
        "the history recorded every 100th epoch only, as CS231n's loop prints 'if i % 1000 == 0': "
        "one entry per epoch asked (cs231n.github.io/neural-networks-case-study)")
def history_every_hundred(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for epoch in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        if epoch % 100 == 0:
            penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
            history["loss"].append(float(loss - penalty))
            history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
            history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
            history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@fourth_alternative("what_next", "init_deep_params")
def pairs_of_sizes(layer_sizes, seed=0):
    import itertools

    rng = np.random.default_rng(seed)
    params = {}
    for layer, (n_in, n_out) in enumerate(itertools.pairwise(layer_sizes), start=1):
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@fourth_alternative("what_next", "momentum_step")
def average_by_increment(params, grads, velocity, lr, beta=0.9):
    # v + (1 - beta) (g - v) is the same moving average as beta v + (1 - beta) g.
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v_old = np.zeros_like(p) if velocity is None else velocity[name]
        v = v_old + (1.0 - beta) * (grads["d" + name] - v_old)
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@fourth_alternative("what_next", "adam_step")
def corrections_in_the_step_size(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # Kingma and Ba's section 2 form: both corrections folded into the step size, eps rescaled to match.
    t = 1 if state is None else state["t"] + 1
    correction = np.sqrt(1.0 - beta2**t)
    step_size = lr * correction / (1.0 - beta1**t)
    new_params, new_m, new_v = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m_old = np.zeros_like(p) if state is None else state["m"][name]
        v_old = np.zeros_like(p) if state is None else state["v"][name]
        new_m[name] = beta1 * m_old + (1.0 - beta1) * g
        new_v[name] = beta2 * v_old + (1.0 - beta2) * g * g
        new_params[name] = p - step_size * new_m[name] / (np.sqrt(new_v[name]) + eps * correction)
    return new_params, {"t": t, "m": new_m, "v": new_v}
