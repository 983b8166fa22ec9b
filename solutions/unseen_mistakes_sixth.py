"""A sixth set of mistakes, written blind: the untuned measurement of session 17's general fingerprints.

The second to fifth sets (``solutions.unseen_mistakes``, ``solutions.unseen_mistakes_blind``,
``solutions.unseen_mistakes_fourth``, ``solutions.unseen_mistakes_fifth``) have all been
read while fingerprints were being written, so their scores no longer say how the
hints do on mistakes nobody prepared for. This one's code was written on 2026-12-02
by helper H17f, working only from the student notebooks (each blank as a student sees
it), the reference solutions, the registry of blanks, the correct answers of
``solutions.alternatives`` and public reports of the slips (the DeepLearning.AI
community forum, GitHub issue threads, Stack Overflow and similar question-and-answer
pages); without reading the fingerprints, checks, diagnosis,
hints, the catalogue or the earlier sets' entries (their one-line ``source=``
strings only, to stay clear of duplicates), and without ever running ``nncourse
mutants`` on it. ``nncourse mutants --unseen sixth`` grades it. Once measured, the
file is frozen: a miss may lead to a general fingerprint, never to an edit here.

It leans on the later notebooks (05 to 07: training loops, optimisers, minibatches,
the search, deeper networks) and on slips in how a blank *calls* the student's other
functions (argument order, keyword defaults, a variable reused), in the handling of
hyperparameters, in state carried from one call or epoch to the next, and in the
shapes of returned structures.

Each mistake is the reference of its blank with one slip put in, written as a student
would write it (their names, their style); its ``source`` says the slip in plain words and
where such a slip is reported, or "written blind". Before the first commit, a throwaway
script (not kept) ran every mistake and its reference on ordinary inputs (each mistake
returned something else, or raised) and every entry of ``UNSEEN_SIXTH_ALTERNATIVES``, a
correct answer written another way that must get full marks and no hint (each matched:
np.allclose at rtol 1e-7, same shapes and dtypes, on several inputs).

``truth`` lists the ids a right hint may carry. It was left empty in the first commit
("sixth set: code, written blind") and filled in by the second ("sixth set: labels"),
which changed nothing else, by reading each entry's code against the texts of
the labelling vocabulary the lead gave for session 17 and, for catalogue ids, the catalogued mistakes of the
same blank. ("unnamed",): no id names the slip, so silence is the right answer there
and any hint counts against precision.
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

#: the sixth set's mistakes, in teaching order
UNSEEN_SIXTH: list[UnseenMistake] = []
#: correct answers written another way: full marks and no hint expected
UNSEEN_SIXTH_ALTERNATIVES: list[Variant] = []


def sixth(notebook: str, blank: str, truth: tuple[str, ...], source: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a sixth-set mistake of ``blank`` (id "<blank>.sixth_<name>")."""
    return _registering(UNSEEN_SIXTH, lambda fn: UnseenMistake(
        f"{blank}.sixth_{fn.__name__}", blank, notebook, fn, hint="", truth=truth, source=source))


def sixth_alternative(notebook: str, blank: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a correct answer of ``blank`` (id "<blank>.sixth_<name>")."""
    return _registering(UNSEEN_SIXTH_ALTERNATIVES, lambda fn: Variant(f"{blank}.sixth_{fn.__name__}", blank,
                                                                      notebook, fn))


# --- Notebook 01: the perceptron ---------------------------------------------------------------

@sixth("perceptron", "perceptron", truth=("unnamed",),
       source="np.dot(w, x + b): the bias added to the input inside the dot product, so it is "
              "weighted by every w_i and counted sum(w) times (written blind)")
def bias_inside_dot(x, w, b):
    return 1 if np.dot(w, x + b) >= 0 else 0


@sixth("perceptron", "perceptron", truth=("unnamed",),
       source="the step taken at 0.5, 'w . x + b >= 0.5': the probability threshold of a sigmoid "
              "unit carried over to the step unit (written blind)")
def threshold_one_half(x, w, b):
    activation = np.dot(w, x) + b
    return 1 if activation >= 0.5 else 0


@sixth("perceptron", "gates", truth=("fp.other_gate",),
       source="NAND_W = [-1.0, 1.0]: one of the two minus signs of NAND's weights forgotten, so "
              "(1, 1) still fires (written blind)")
def nand_one_sign_lost():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, 1.0])
    NAND_B = 1.5
    return locals()


@sixth("perceptron", "gates", truth=("fp.other_gate",),
       source="AND_B = -1.0: the bias taken as minus 'one input on', so (1, 0) and (0, 1) land "
              "exactly on the line and the >= 0 rule fires there: AND behaves as OR (written blind)")
def and_bias_minus_one():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.0
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@sixth("perceptron", "train_perceptron", truth=("fp.missing_factor",),
       source="w = w + step: the input x_i left out of the weight update, every weight moved by the "
              "same amount whatever the point (Rosenblatt's w += lr * (t - o) * x with the x lost; "
              "written blind)")
def input_left_out_of_update(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w = w + step
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@sixth("perceptron", "train_perceptron", truth=("fp.not_reproducible",),
       source="the weights started from np.random.rand, as most perceptron tutorials do, where the "
              "lesson starts from zero weights (unseeded, so another line every call; written blind)")
def random_start(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.random.rand(X.shape[1])
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


@sixth("perceptron", "train_perceptron", truth=("unnamed",),
       source="return w, b, n_wrong: the last epoch's count returned where the list of every "
              "epoch's count belongs (the variable next to it in the loop; written blind)")
def last_count_returned(X, y, lr=1.0, epochs=20):
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
    return w, b, n_wrong


@sixth("perceptron", "train_perceptron", truth=("fp.rows_dropped",),
       source="for i in range(len(X) - 1): the loop over points stops one short, the last point "
              "is never seen nor counted (off by one; written blind)")
def last_point_skipped(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for i in range(len(X) - 1):
            step = lr * (y[i] - perceptron(X[i], w, b))
            if step != 0:
                w = w + step * X[i]
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@sixth("perceptron", "xor", truth=("fp.other_gate", "fp.zeros", "fp.constant"),
       source="perceptron(x, NAND_W, AND_B): NAND called with AND's bias, a name completed wrongly: "
              "that unit never fires, so the output AND is 0 everywhere (written blind)")
def nand_called_with_and_bias(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, AND_B)])
    return perceptron(hidden, AND_W, AND_B)


@sixth_alternative("perceptron", "perceptron")
def bias_moved_to_the_right(x, w, b):
    return 1 if np.dot(w, x) >= -b else 0


@sixth_alternative("perceptron", "train_perceptron")
def indexed_loop(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        mistakes = 0
        for i in range(len(X)):
            error = y[i] - perceptron(X[i], w, b)
            if error != 0:
                w += lr * error * X[i]
                b += lr * error
                mistakes += 1
        errors.append(mistakes)
    return w, b, errors


@sixth_alternative("perceptron", "xor")
def python_and_of_the_hidden_units(x):
    h_or = perceptron(x, OR_W, OR_B)
    h_nand = perceptron(x, NAND_W, NAND_B)
    return int(h_or and h_nand)


# --- Notebook 02: activations ------------------------------------------------------------------

@sixth("activations", "sigmoid", truth=("unnamed",),
       source="np.asarray(x, dtype=np.float32): PyTorch's default float32 carried over, the result "
              "float32 and rounded to 7 digits where float64 is asked (written blind)")
def float32_input(x):
    x = np.asarray(x, dtype=np.float32)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))[()]


@sixth("activations", "sigmoid_grad", truth=("fp.composed",),
       source="x = sigmoid(x), then x * (1 - sigmoid(x)): the input overwritten by the activation "
              "and the sigmoid applied a second time in the second factor (a variable reused; "
              "written blind)")
def input_overwritten(x):
    x = sigmoid(x)
    return x * (1.0 - sigmoid(x))


@sixth("activations", "tanh", truth=("err.math_module", "tanh.math_tanh"),
       source="math.tanh for np.tanh: 'TypeError: only length-1 arrays can be converted to Python "
              "scalars' on any array (stackoverflow.com questions on math functions given numpy "
              "arrays)")
def math_tanh(x):
    import math
    return math.tanh(x)


@sixth("activations", "tanh_grad", truth=("fp.wrong_activation",),
       source="1 - sigmoid(x) ** 2: the sigmoid called where tanh belongs, the neighbouring "
              "function of the notebook (written blind)")
def sigmoid_called(x):
    return 1.0 - sigmoid(x) ** 2


@sixth("activations", "relu", truth=("unnamed",),
       source="np.clip(x, 0, 1): clip's upper bound given as 1, not None, so the ReLU is capped at 1 "
              "(a 'hard sigmoid'; written blind)")
def clipped_at_one(x):
    return np.clip(np.asarray(x, dtype=np.float64), 0, 1)[()]


@sixth("activations", "relu", truth=("relu.relu_minimum",),
       source="np.minimum(0, x) for np.maximum(0, x): the negative part kept and the positive part "
              "zeroed (written blind)")
def minimum_for_maximum(x):
    return np.minimum(0.0, np.asarray(x, dtype=np.float64))[()]


@sixth("activations", "relu_grad", truth=("fp.unclipped_division",),
       source="relu(x) / x as the slope: 1 for positives, 0 for negatives, but 0 / 0 = nan at the "
              "kink x = 0 (written blind)")
def ratio_of_relu_to_input(x):
    x = np.asarray(x, dtype=np.float64)
    return (np.maximum(0.0, x) / x)[()]


@sixth("activations", "leaky_relu", truth=("unnamed",),
       source="def leaky_relu(x, alpha=0.01): the default changed to the usual 0.01 in the "
              "signature, so every call without alpha uses the wrong slope (PyTorch's LeakyReLU "
              "default negative_slope=0.01; written blind)")
def default_alpha_changed(x, alpha=0.01):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, x, alpha * x)[()]


@sixth("activations", "leaky_relu", truth=("fp.one_group", "fp.sign_flip"),
       source="-alpha * x on the negative side: a minus put in front of the slope, so negative "
              "inputs come out positive (written blind)")
def negative_slope_negated(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, x, -alpha * x)[()]


@sixth("activations", "leaky_relu_grad", truth=("unnamed",),
       source="np.where(x > 0, 1.0, alpha): the strict > of the ReLU's slope copied, alpha at x = 0 "
              "where the lesson's leaky slope is 1 (written blind)")
def strict_at_the_kink(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1.0, alpha)[()]


@sixth_alternative("activations", "tanh_grad")
def one_minus_t_times_t(x):
    t = tanh(x)
    return 1.0 - t * t


@sixth_alternative("activations", "relu")
def clipped_below_at_zero(x):
    return np.clip(np.asarray(x, dtype=np.float64), 0.0, None)[()]


@sixth_alternative("activations", "leaky_relu")
def maximum_of_x_and_alpha_x(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(alpha * x, x)[()]


# --- Notebook 03: losses -----------------------------------------------------------------------

@sixth("losses", "binary_cross_entropy", truth=("fp.sign_flip", "binary_cross_entropy.bce_sign_flipped"),
       source="the leading minus forgotten: the mean log-likelihood returned, a negative 'loss' "
              "(community.deeplearning.ai/t/the-cost-function-sign-or/95595)")
def minus_forgotten(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


@sixth("losses", "binary_cross_entropy_grad", truth=("fp.missing_factor",),
       source="(p - y) / p * (1 - p): the parentheses around the denominator p (1 - p) left out, "
              "so (1 - p) multiplies instead of dividing (operator precedence; written blind)")
def denominator_parentheses_lost(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (p - y) / p * (1.0 - p) / y_hat.size


@sixth("losses", "softmax", truth=("unnamed",),
       source="z - max - log(sum(exp)): the log-softmax returned (CS231n computes log-probabilities "
              "for the loss) where the probabilities themselves are asked (written blind)")
def log_softmax_returned(z):
    z = np.asarray(z, dtype=np.float64)
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


@sixth("losses", "categorical_cross_entropy", truth=("fp.missing_factor",),
       source="-np.sum(np.log(P)) / N: the one-hot Y never multiplied in, the log of every class's "
              "probability summed, not only the true class's (written blind)")
def labels_left_out(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.sum(np.log(P)) / Y.shape[0])


@sixth("losses", "categorical_cross_entropy", truth=("unnamed",),
       source="-sum(P * log(Y)): the labels and the probabilities exchanged inside the formula, the "
              "clipped one-hot logged (cross-entropy's order H(p, q) confused; written blind)")
def labels_and_probabilities_exchanged(Y, P, eps=1e-9):
    P = np.asarray(P, dtype=np.float64)
    Y = np.clip(np.asarray(Y, dtype=np.float64), eps, 1.0)
    return float(-np.mean(np.sum(P * np.log(Y), axis=-1)))


@sixth("losses", "softmax_cross_entropy_grad", truth=("fp.wrong_operand", "fp.ignores_argument"),
       source="softmax(Y) - Y: the softmax called on the labels, the argument next to it, so the "
              "logits Z are never read (a call given the wrong variable; written blind)")
def softmax_of_the_labels(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    return (softmax(Y) - Y) / Z.shape[0]


@sixth("losses", "softmax_cross_entropy_grad", truth=("fp.one_group",),
       source="dP * P * (1 - P) with dP = -Y / P: only the diagonal of the softmax's Jacobian, as "
              "for a sigmoid, so every wrong class gets 0 where p_j / N belongs "
              "(newbe.dev 'numpy: calculate the derivative of the softmax function')")
def jacobian_diagonal_only(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    P = softmax(Z)
    dP = -Y / P / Z.shape[0]
    return dP * P * (1.0 - P)


@sixth("losses", "mse", truth=("fp.missing_square", "mse.mse_without_square"),
       source="np.mean(np.abs(y - y_hat)): the mean absolute error where the mean squared error is "
              "asked (MAE vs MSE; written blind)")
def absolute_error(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.mean(np.abs(y - y_hat)))


@sixth("losses", "mse", truth=("unnamed",),
       source="the sum of squares divided by N - 1: the sample variance's Bessel correction "
              "(np.var's ddof=1) carried over to a loss (written blind)")
def divided_by_n_minus_one(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.sum((y - y_hat) ** 2) / (len(y) - 1))


@sixth("losses", "mse_grad", truth=("fp.reshaped", "fp.flat"),
       source="y_hat reshaped like y, where y belongs reshaped like y_hat: the gradient comes back "
              "in the labels' shape, (N,) for a (N, 1) y_hat (written blind)")
def shaped_like_the_labels(y, y_hat):
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64).reshape(y.shape)
    return 2.0 * (y_hat - y) / y_hat.size


@sixth_alternative("losses", "binary_cross_entropy_grad")
def deeplearning_ai_form_averaged(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (-(y / p) + (1.0 - y) / (1.0 - p)) / y_hat.size


@sixth_alternative("losses", "softmax")
def sums_as_a_column(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=-1)[..., None])
    return e / np.sum(e, axis=-1)[..., None]


@sixth_alternative("losses", "categorical_cross_entropy")
def total_over_rows(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.sum(Y * np.log(P)) / Y.shape[0])


@sixth_alternative("losses", "mse")
def square_summed_over_size(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.square(y - y_hat).sum() / y.size)


# --- Notebook 04: the forward pass -------------------------------------------------------------

@sixth("forward_pass", "init_params", truth=("unnamed",),
       source="W2 drawn on the line before W1: the same two draws from the generator, but W1 now "
              "gets the second batch of numbers (the order 'W1 first, then W2' of the docstring; "
              "written blind)")
def w2_drawn_first(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W2 = rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden))
    W1 = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@sixth("forward_pass", "init_params", truth=("fp.ignores_argument",),
       source="np.random.default_rng(0): the seed hard-coded to 0, the seed argument never read, "
              "so every seed gives the same weights (written blind)")
def seed_hard_coded(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(0)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@sixth("forward_pass", "init_params", truth=("unnamed",),
       source="b2 = np.zeros(1): the output bias sized for the single output of the lesson's "
              "network, n_out ignored, a (1,) bias for a (n_out, H) W2 (written blind)")
def output_bias_of_one(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(1),
    }


@sixth("forward_pass", "init_params", truth=("fp.zeros", "fp.whole_number", "fp.unscaled_init"),
       source="np.sqrt(2 // n_in): floor division, 0 for any n_in above 2, so W1 is all zeros "
              "(and sqrt(1) = 1 for n_in = 2) (Python 3's // vs /; written blind)")
def floor_division_in_scale(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2 // n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@sixth("forward_pass", "forward", truth=("fp.wrong_activation",),
       source="a1 = sigmoid(z1): the sigmoid in the hidden layer too, where the lesson's hidden "
              "layer is ReLU (the output's activation copied up; written blind)")
def sigmoid_hidden_layer(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = sigmoid(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@sixth("forward_pass", "forward", truth=("fp.return_order", "fp.composed", "fp.flat"),
       source="the cache's 'z2' given the probabilities y_hat, the last variable computed, where "
              "the logit z2 belongs (written blind)")
def probability_cached_as_z2(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": y_hat}


@sixth("forward_pass", "forward", truth=("fp.missing_term", "forward.forward_without_bias"),
       source="z1 = X @ W1.T: the hidden layer's bias b1 left out (it is zero at initialisation, so "
              "the slip hides until the biases are trained; written blind)")
def hidden_bias_left_out(X, params):
    z1 = X @ params["W1"].T
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@sixth_alternative("forward_pass", "forward")
def weights_first_with_dot(X, params):
    z1 = np.dot(params["W1"], X.T).T + params["b1"]
    a1 = relu(z1)
    z2 = np.dot(params["W2"], a1.T).T + params["b2"]
    return sigmoid(z2).reshape(-1), {"z1": z1, "a1": a1, "z2": z2}


# --- Notebook 05: backpropagation --------------------------------------------------------------

@sixth("backprop", "backward", truth=("fp.wrong_activation", "fp.missing_activation"),
       source="dz2 = (z2 - y) / n: the logit from the cache used as the prediction, the sigmoid "
              "never applied (written blind)")
def logit_as_prediction(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (cache["z2"] - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@sixth("backprop", "backward", truth=("fp.wrong_operand", "fp.missing_activation"),
       source="dW2 = dz2.T @ z1: the hidden pre-activation where the activation a1 belongs "
              "(the wrong cache entry; written blind)")
def dw2_from_pre_activation(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["z1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@sixth("backprop", "backward", truth=("fp.affine",),
       source="m = X.shape[1]: DeepLearning.AI's count of examples, whose X holds them in columns, "
              "so the gradients are divided by the number of features D (DeepLearning.AI's assignments "
              "hold examples in columns, m = X.shape[1]; written blind)")
def examples_counted_on_axis_one(X, y, params, cache):
    m = X.shape[1]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / m
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@sixth("backprop", "backward", truth=("unnamed",),
       source="dz1 = np.maximum(da1, 0): the ReLU applied to the incoming gradient where the mask "
              "of z1 > 0 belongs (written blind)")
def relu_of_the_gradient(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = np.maximum(da1, 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@sixth("backprop", "backward", truth=("fp.key_prefix",),
       source="the gradients returned under the parameters' names, 'W1', 'b1'... where 'dW1', "
              "'db1'... are asked (written blind)")
def keyed_like_the_parameters(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@sixth("backprop", "sgd_step", truth=("fp.missing_layer",),
       source="return indented into the for loop: the new dict returned after its first "
              "parameter, W1 alone (written blind)")
def return_inside_the_loop(params, grads, lr):
    new_params = {}
    for name in params:
        new_params[name] = params[name] - lr * grads["d" + name]
        return new_params


@sixth("backprop", "sgd_step", truth=("fp.in_place",),
       source="grads[key] *= lr first, then p - grads[key]: the right step, but the caller's "
              "gradients are scaled in place (numpy's in-place operators on the caller's arrays; "
              "written blind)")
def gradients_scaled_in_place(params, grads, lr):
    for key in grads:
        grads[key] *= lr
    return {name: p - grads["d" + name] for name, p in params.items()}


@sixth("backprop", "sgd_step", truth=("unnamed",),
       source="a list [p - lr * g for ...] returned where a dict keyed like params is asked "
              "(the shape of the returned structure; written blind)")
def list_returned(params, grads, lr):
    return [p - lr * grads["d" + name] for name, p in params.items()]


@sixth_alternative("backprop", "backward")
def broadcast_for_the_single_output(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    # one output unit: (N, 1) @ (1, H) is the broadcast product (N, 1) * (1, H)
    da1 = dz2 * params["W2"]
    dz1 = da1 * (cache["a1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@sixth_alternative("backprop", "sgd_step")
def copies_updated_in_place(params, grads, lr):
    new_params = {name: p.copy() for name, p in params.items()}
    for name in new_params:
        new_params[name] -= lr * grads["d" + name]
    return new_params


# --- Notebook 06: training on the spiral -------------------------------------------------------

@sixth("training", "train_val_split", truth=("fp.rows_dropped", "fp.split_sizes"),
       source="order[n_val + 1:] for the training part: one point after the held-out ones dropped, "
              "in neither set (off by one in a slice; written blind)")
def one_point_lost(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round(val_fraction * len(X))
    val, tr = order[:n_val], order[n_val + 1:]
    return X[tr], X[val], y[tr], y[val]


@sixth("training", "predict", truth=("unnamed",),
       source="forward(params, X): the two arguments passed in the other order, so forward indexes "
              "the data with 'W1' (argument order in a call; written blind)")
def forward_arguments_swapped(X, params, threshold=0.5):
    y_hat, _ = forward(params, X)
    return (y_hat >= threshold).astype(int)


@sixth("training", "accuracy", truth=("unnamed",),
       source="round(accuracy, 2): the fraction rounded to two decimals for printing, inside the "
              "function (written blind)")
def rounded_for_printing(y_true, y_pred):
    acc = np.mean(np.ravel(y_true) == np.ravel(y_pred))
    return round(float(acc), 2)


@sixth("training", "train", truth=("err.matmul_shapes", "fp.transpose"),
       source="init_params(hidden, X.shape[1], 1, seed=seed): n_in and n_hidden passed in the "
              "other order, W1 of shape (D, H) (argument order in a call; written blind)")
def init_sizes_swapped(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(hidden, X.shape[1], 1, seed=seed)
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


@sixth("training", "train", truth=("err.broadcast", "fp.ignores_argument"),
       source="init_params(X.shape[1], hidden, seed): the seed passed by position, where the third "
              "parameter is n_out, so the network has seed (0) output units (keyword defaults; "
              "written blind)")
def seed_passed_as_n_out(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, seed)
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


@sixth("training", "train", truth=("unnamed",),
       source="lr *= 0.99 at the end of every epoch: a learning-rate decay nobody asked for, so the "
              "steps shrink and the run ends elsewhere (written blind, after the decay schedules of "
              "CS231n's training loops)")
def learning_rate_decayed(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
        lr *= 0.99
    return params, history


@sixth("training", "train", truth=("err.broadcast",),
       source="y_hat_val, cache = forward(X_val, params): the name cache reused for the validation "
              "pass, so backward gets the validation cache with the training X (a variable "
              "reused; written blind)")
def cache_overwritten_by_validation(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, cache = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@sixth("training", "train", truth=("fp.constant",),
       source="params = init_params(...) inside the epoch loop: the network restarted from its "
              "initial weights every epoch, so no step survives to the next (state carried "
              "between epochs; written blind)")
def restarted_every_epoch(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        params = init_params(X.shape[1], hidden, 1, seed=seed)
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@sixth("training", "train", truth=("fp.all_axes",),
       source="history['loss'] = binary_cross_entropy(...): assignment where append belongs, so "
              "each list is replaced by the last epoch's number (written blind)")
def history_assigned_not_appended(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"] = binary_cross_entropy(y, y_hat)
        history["val_loss"] = binary_cross_entropy(y_val, y_hat_val)
        history["acc"] = accuracy(y, y_hat >= 0.5)
        history["val_acc"] = accuracy(y_val, y_hat_val >= 0.5)
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@sixth("training", "grid_search", truth=("fp.ignores_argument",),
       source="train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr): epochs= left out of the "
              "call, so every run takes train's default 2000 epochs (keyword defaults; written "
              "blind)")
def epochs_not_passed(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@sixth("training", "grid_search", truth=("unnamed",),
       source="best_epochs = np.zeros((H, R)) without dtype=int: the epochs come back as floats "
              "where ints are asked (written blind)")
def epochs_table_of_floats(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)))
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@sixth("training", "grid_search", truth=("fp.wrong_data",),
       source="train(X_val, y_val, X_train, y_train, ...): the validation data passed first, so "
              "every run trains on the held-out points and is judged on the training ones "
              "(argument order in a call; written blind)")
def trained_on_validation(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_val, y_val, X_train, y_train, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@sixth("training", "grid_search", truth=("fp.aliased", "fp.return_order"),
       source="val_acc = val_loss = np.zeros((H, R)): a chained assignment makes one array with two "
              "names, so the losses written overwrite the accuracies (Python's chained assignment binds "
              "one object; written blind)")
def one_table_two_names(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@sixth("training", "hyperparameters", truth=(
           "fp.too_few_epochs", "fp.still_falling", "hyperparameters.too_few_epochs"),
       source="EPOCHS = 10: the value of a quick smoke-test run left in, far too few steps for the "
              "spiral (written blind)")
def smoke_test_epochs_left_in():
    HIDDEN = 64
    LR = 3.0
    EPOCHS = 10
    return locals()


@sixth("training", "iterate_minibatches", truth=(
           "fp.not_shuffled", "iterate_minibatches.minibatches_in_order"),
       source="X[start:start + batch_size] and y[...]: the shuffled order computed but the slices "
              "taken from the unshuffled data, so the batches come in the original order (written "
              "blind)")
def order_computed_not_used(X, y, batch_size, rng):
    order = rng.permutation(len(X))  # noqa: F841 (the slip: the order is never used)
    for start in range(0, len(X), batch_size):
        end = start + batch_size
        yield X[start:end], y[start:end]


@sixth("training", "iterate_minibatches", truth=("fp.off_by_one",),
       source="np.array_split(order, len(X) // batch_size): split into a number of batches, so the "
              "points are spread over equal-ish chunks larger than batch_size (numpy.org "
              "array_split docs: 'sub-arrays of size l//n + 1 and the rest of size l//n')")
def array_split_by_count(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for batch in np.array_split(order, len(X) // batch_size):
        yield X[batch], y[batch]


@sixth("training", "iterate_minibatches", truth=(
           "fp.same_order_every_epoch", "fp.ignores_argument", "iterate_minibatches.minibatches_fixed_seed"),
       source="rng = np.random.default_rng(0) inside the function: the generator passed in is "
              "replaced, so every epoch gets the same order and the caller's rng never advances "
              "(state carried between calls; written blind)")
def generator_reseeded(X, y, batch_size, rng):
    rng = np.random.default_rng(0)
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


@sixth_alternative("training", "train_val_split")
def shuffled_index_array(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    idx = np.arange(len(X))
    rng.shuffle(idx)
    n_val = round(val_fraction * len(X))
    return X[idx[n_val:]], X[idx[:n_val]], y[idx[n_val:]], y[idx[:n_val]]


@sixth_alternative("training", "accuracy")
def counted_in_a_loop(y_true, y_pred):
    correct = 0
    for t, p in zip(np.ravel(y_true), np.ravel(y_pred), strict=True):
        if t == p:
            correct += 1
    return correct / len(np.ravel(y_true))


@sixth_alternative("training", "grid_search")
def positional_train_call(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    shape = (len(hiddens), len(lrs))
    val_acc, val_loss = np.zeros(shape), np.zeros(shape)
    best_epochs = np.zeros(shape, dtype=int)
    for i in range(len(hiddens)):
        for j in range(len(lrs)):
            _, history = train(X_train, y_train, X_val, y_val, hiddens[i], lrs[j], epochs)
            losses = history["val_loss"]
            best = losses.index(min(losses))
            val_loss[i, j] = losses[best]
            val_acc[i, j] = history["val_acc"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@sixth_alternative("training", "iterate_minibatches")
def counted_batches(X, y, batch_size, rng):
    idx = rng.permutation(len(X))
    n_batches = int(np.ceil(len(X) / batch_size))
    for k in range(n_batches):
        chosen = idx[k * batch_size:(k + 1) * batch_size]
        yield X[chosen], y[chosen]


# --- Notebook 07: what next --------------------------------------------------------------------

@sixth("what_next", "init_deep_params", truth=("unnamed",),
       source="np.sqrt(2.0) / n_in: the root taken of the 2 alone, the fan-in left outside it, a "
              "spread of 1.41 / n where sqrt(2 / n) belongs (written blind)")
def root_of_two_only(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0) / n_in, size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@sixth("what_next", "init_deep_params", truth=("unnamed",),
       source="b{l} drawn with rng.normal like the weights: random biases where zeros are asked, and "
              "every later weight drawn from a shifted stream (written blind)")
def biases_drawn_too(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=n_out)
    return params


@sixth("what_next", "forward_deep", truth=("fp.return_order",),
       source="cache[f'z{layer}'] = a after the activation: the activations stored under the "
              "pre-activations' keys, so every hidden z in the cache is already ReLU'd (written "
              "blind)")
def activations_cached_as_z(X, params, activation="relu"):
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
            cache[f"z{layer}"] = a
    y_hat = sigmoid(cache[f"z{L}"]).ravel()
    return y_hat, cache


@sixth("what_next", "forward_deep", truth=("unnamed",),
       source="a = act(a @ W.T) + b: the bias added after the activation, outside the parentheses "
              "(written blind)")
def bias_after_activation(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L + 1):
        if layer < L:
            z = a @ params[f"W{layer}"].T
            cache[f"z{layer}"] = z
            a = act(z) + params[f"b{layer}"]
            cache[f"a{layer}"] = a
        else:
            cache[f"z{layer}"] = a @ params[f"W{layer}"].T + params[f"b{layer}"]
    y_hat = sigmoid(cache[f"z{L}"]).ravel()
    return y_hat, cache


@sixth("what_next", "forward_deep", truth=("fp.column", "forward_deep.column_output"),
       source="y_hat = sigmoid(z_L) without .ravel(): the (N, 1) column of the last layer returned "
              "where a vector of shape (N,) is asked (rank-1 vs column arrays; written blind)")
def output_left_as_column(X, params, activation="relu"):
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
    y_hat = sigmoid(cache[f"z{L}"])
    return y_hat, cache


@sixth("what_next", "backward_deep", truth=("err.missing_key",),
       source="a_prev = cache[f'a{layer}']: the layer's own activation where the previous layer's "
              "belongs, one index off, and no a{L} exists for the output layer (written blind)")
def own_activation_for_previous(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = X if layer == 1 else cache[f"a{layer}"]
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


@sixth("what_next", "backward_deep", truth=("err.matmul_shapes", "fp.wrong_operand"),
       source="dz @ params[f'W{layer - 1}']: the previous layer's weights used to pass the delta "
              "down, one index off (written blind)")
def weights_one_layer_down(X, y, params, cache, activation="relu"):
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
            dz = (dz @ params[f"W{layer - 1}"]) * slope
    return grads


@sixth("what_next", "backward_deep", truth=("fp.wrong_operand",),
       source="the delta passed down to the layer below before this layer's dW and db are taken: "
              "each layer's gradients computed from the next layer's delta (order of the steps in "
              "the loop; written blind)")
def delta_moved_before_gradients(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = X if layer == 1 else cache[f"a{layer - 1}"]
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            if activation == "relu":
                slope = (z > 0).astype(np.float64)
            else:
                slope = sigmoid(z) * (1.0 - sigmoid(z))
            dz_below = (dz @ params[f"W{layer}"]) * slope
            grads[f"dW{layer}"] = dz_below.T @ a_prev
            grads[f"db{layer}"] = dz_below.sum(axis=0)
            dz = dz_below
        else:
            grads[f"dW{layer}"] = dz.T @ a_prev
            grads[f"db{layer}"] = dz.sum(axis=0)
    return grads


@sixth("what_next", "momentum_step", truth=("momentum_step.steps_with_the_gradient",),
       source="the velocity computed and stored, but the step taken with the raw gradient, "
              "p - lr * g: plain gradient descent under a momentum name (written blind)")
def step_with_raw_gradient(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * grads["d" + name]
    return new_params, new_velocity


@sixth("what_next", "momentum_step", truth=(
           "err.missing_key", "fp.key_prefix", "momentum_step.velocity_keyed_like_grads"),
       source="the first velocity built from grads.items(): its keys are dW1, db1..., so "
              "velocity['W1'] raises a KeyError on the first step (written blind)")
def first_velocity_keyed_by_gradients(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(g) for name, g in grads.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@sixth("what_next", "momentum_step", truth=("fp.not_updated",),
       source="return new_params, velocity: the old velocity returned where the new one belongs, so "
              "the next call starts again from zeros (state carried between calls; written blind)")
def old_velocity_returned(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, velocity


@sixth("what_next", "adam_step", truth=("unnamed",),
       source="v = beta2 * v + (1 - beta1) * g ** 2: the first moment's line copied and beta1 left "
              "in the weight of the square (written blind)")
def beta1_weighs_the_square(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta1) * g**2
        m_hat = m / (1.0 - beta1**t)
        v_hat = v / (1.0 - beta2**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@sixth("what_next", "adam_step", truth=("unnamed",),
       source="the first state built with 't': 1, then t = state['t'] + 1: the count starts one "
              "step ahead, so the bias correction is too weak from the first step on (written "
              "blind)")
def count_starts_at_one(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 1, "m": {name: np.zeros_like(p) for name, p in params.items()},
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
    return new_params, {"t": t, "m": m_new, "v": v_new}


@sixth("what_next", "adam_step", truth=("fp.aliased", "fp.return_order"),
       source="m_new = v_new = {}: one dict under two names, so storing v overwrites m and the "
              "state's 'm' holds the second moments (Python chained assignment; written blind)")
def moments_share_one_dict(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params = {}
    m_new = v_new = {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        m_hat = m / (1.0 - beta1**t)
        v_hat = v / (1.0 - beta2**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@sixth("what_next", "softmax_classifier_loss", truth=("err.broadcast",),
       source="np.eye(len(y))[y]: the identity sized by the batch, not by the K classes, so the "
              "one-hot matrix is (N, N) against the (N, K) probabilities (written blind)")
def one_hot_sized_by_batch(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(len(y))[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@sixth("what_next", "softmax_classifier_loss", truth=("unnamed",),
       source="0.5 * reg * W in the gradient: the 1/2 of the penalty (reg / 2) |W|^2 kept in its "
              "derivative, where d/dW gives reg * W (written blind)")
def half_kept_in_the_gradient(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + 0.5 * reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + 0.5 * reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@sixth("what_next", "softmax_classifier_loss", truth=("unnamed",),
       source="categorical_cross_entropy(P, Y): the probabilities passed first, so the one-hot "
              "labels are clipped and logged (argument order in a call; written blind)")
def loss_arguments_in_the_other_order(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(P, Y) + float(penalty), grads


@sixth("what_next", "softmax_classifier_loss", truth=(
           "fp.times_n", "softmax_classifier_loss.gradients_summed_over_the_batch"),
       source="dscores = P - Y without the / N: CS231n's 'dscores /= num_examples' forgotten, every "
              "data gradient N times too large (cs231n.github.io/neural-networks-case-study)")
def scores_gradient_not_averaged(X, y, params, reg=0.0):
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = P - Y
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@sixth("what_next", "softmax_classifier_train", truth=("softmax_classifier_train.penalty_in_history",),
       source="softmax_classifier_loss(X_val, y_val, params, reg): the penalty passed to the "
              "validation loss too, where the history's val_loss is the cross-entropy alone "
              "(written blind)")
def penalty_in_validation_loss(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params, reg)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@sixth("what_next", "softmax_classifier_train", truth=("err.index",),
       source="init_params(X.shape[1], hidden, seed=seed): n_out left at its default 1, a single "
              "output unit for K classes, so the one-hot of any label above 0 is out of range "
              "(keyword defaults; written blind)")
def one_output_unit(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, seed=seed)
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


@sixth("what_next", "softmax_classifier_train", truth=("fp.wrong_data",),
       source="the validation accuracy computed on predict_classes(X_val, params) == y[:len(X_val)]: "
              "the training labels, cut to length, where y_val belongs (a line copied; written "
              "blind)")
def validation_against_training_labels(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3,
                                       seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y[:len(X_val)])))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@sixth_alternative("what_next", "init_deep_params")
def standard_normal_over_root(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[layer - 1:layer + 1]
        params[f"W{layer}"] = rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in / 2.0)
        params[f"b{layer}"] = np.zeros(fan_out)
    return params


@sixth_alternative("what_next", "forward_deep")
def output_layer_after_the_loop(X, params, activation="relu"):
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        a = relu(z) if activation == "relu" else sigmoid(z)
        cache[f"z{layer}"], cache[f"a{layer}"] = z, a
    cache[f"z{L}"] = a @ params[f"W{L}"].T + params[f"b{L}"]
    return sigmoid(cache[f"z{L}"])[:, 0], cache


@sixth_alternative("what_next", "backward_deep")
def sigmoid_slope_from_cached_activation(X, y, params, cache, activation="relu"):
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
            if activation == "relu":
                slope = (cache[f"z{layer - 1}"] > 0).astype(np.float64)
            else:
                slope = a_prev * (1.0 - a_prev)
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@sixth_alternative("what_next", "momentum_step")
def zero_velocity_as_scalars(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = dict.fromkeys(params, 0.0)
    new_params, new_velocity = {}, {}
    for name in params:
        new_velocity[name] = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_params[name] = params[name] - lr * new_velocity[name]
    return new_params, new_velocity


@sixth_alternative("what_next", "adam_step")
def corrections_computed_once(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = 1 if state is None else state["t"] + 1
    correction1, correction2 = 1.0 - beta1**t, 1.0 - beta2**t
    new_params, new_m, new_v = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        old_m = np.zeros_like(p) if state is None else state["m"][name]
        old_v = np.zeros_like(p) if state is None else state["v"][name]
        new_m[name] = beta1 * old_m + (1.0 - beta1) * g
        new_v[name] = beta2 * old_v + (1.0 - beta2) * g * g
        new_params[name] = p - lr * (new_m[name] / correction1) / (np.sqrt(new_v[name] / correction2) + eps)
    return new_params, {"t": t, "m": new_m, "v": new_v}


@sixth_alternative("what_next", "softmax_classifier_loss")
def cs231n_scores_gradient(X, y, params, reg=0.0):
    n = X.shape[0]
    hidden = np.maximum(0, X @ params["W1"].T + params["b1"])
    probs = softmax(hidden @ params["W2"].T + params["b2"])
    data_loss = -np.mean(np.log(np.clip(probs[np.arange(n), y], 1e-9, 1.0)))
    reg_loss = 0.5 * reg * (np.sum(params["W1"] * params["W1"]) + np.sum(params["W2"] * params["W2"]))
    dscores = probs.copy()
    dscores[np.arange(n), y] -= 1
    dscores /= n
    dhidden = dscores @ params["W2"]
    dhidden[hidden <= 0] = 0
    grads = {"dW1": dhidden.T @ X + reg * params["W1"], "db1": np.sum(dhidden, axis=0),
             "dW2": dscores.T @ hidden + reg * params["W2"], "db2": np.sum(dscores, axis=0)}
    return float(data_loss + reg_loss), grads
