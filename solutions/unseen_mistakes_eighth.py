"""An eighth set of mistakes, written blind: the one untuned measurement of the whole course.

The second to seventh sets (``solutions.unseen_mistakes``, ``solutions.unseen_mistakes_blind``,
``solutions.unseen_mistakes_fourth``, ``solutions.unseen_mistakes_fifth``,
``solutions.unseen_mistakes_sixth``, ``solutions.unseen_mistakes_seventh``) have all been read
while fingerprints were being written, so their scores no longer say how the hints do on
mistakes nobody prepared for. This one's code was written on 2026-12-02 by helper H18h,
working only from the student notebooks (each blank as a student sees it), the reference
solutions, the registry of blanks, the correct answers of ``solutions.alternatives`` and
public reports of the slips (Stack Overflow and similar question-and-answer pages, the
DeepLearning.AI and fast.ai forums, GitHub issue threads, tutorials); without reading the
fingerprints, checks, diagnosis, hints, the catalogue or the earlier sets' entries (their
one-line ``source=`` strings only, to stay clear of duplicates), and without ever running
``nncourse mutants`` on it. ``nncourse mutants --unseen eighth`` grades it. Once measured,
the file is frozen: it must not be edited after its first measurement; a miss may lead to
a general fingerprint, never to an edit here.

Unlike the sixth (notebooks 05 to 07) and the seventh (formula and shape slips), it is
spread over the whole course as an outside tester would write it: every blank at least
once, every notebook at least 8 mistakes and none more than a fifth of the set, and a
wide mix of kinds (formulas, signs, shapes and axes, broadcasting, dtypes, loops and
off-by-one indices, data handling, training loops, how a blank calls the student's other
functions, state carried between calls, returned structures, mutation of inputs,
numerical stability, Python pitfalls). More than a third come from real reports found
with the library's search; their ``source`` names the address or the thread's title.

Each mistake is the reference of its blank with one slip put in, written as a student
would write it (their names, their style); its ``source`` says the slip in plain words and
where such a slip is reported, or "written blind". Before the first commit, a throwaway
script (not kept) ran every mistake and its reference on ordinary inputs (each mistake
returned something else, or raised, or changed its input) and every entry of
``UNSEEN_EIGHTH_ALTERNATIVES``, a correct answer written another way that must get full
marks and no hint (each matched: np.allclose at rtol 1e-7, same shapes and dtypes, on
several inputs).

``truth`` lists the ids a right hint may carry. It was left empty in the first commit
("eighth set: code, written blind") and filled in by the second ("eighth set: labels"),
which changed nothing else, by reading each entry's code against the texts of the
labelling vocabulary the lead gave for session 18 and, for catalogue ids, the catalogued
mistakes of the same blank. ("unnamed",): no id names the slip, so silence is the right
answer there and any hint counts against precision.
"""

from collections.abc import Callable

import numpy as np

from solutions.activations import relu, sigmoid, tanh
from solutions.backprop import backward, sgd_step
from solutions.forward_pass import forward, init_params
from solutions.losses import binary_cross_entropy, categorical_cross_entropy, softmax
from solutions.perceptron import AND_B, AND_W, NAND_B, NAND_W, OR_B, OR_W, perceptron
from solutions.training import accuracy, predict, train
from solutions.unseen_mistakes import UnseenMistake
from solutions.unseen_mistakes_fifth import _registering  # the fifth set's; that file is frozen
from solutions.variants import Variant
from solutions.what_next import predict_classes, softmax_classifier_loss

#: the eighth set's mistakes, in teaching order
UNSEEN_EIGHTH: list[UnseenMistake] = []
#: correct answers written another way: full marks and no hint expected
UNSEEN_EIGHTH_ALTERNATIVES: list[Variant] = []


def eighth(notebook: str, blank: str, truth: tuple[str, ...], source: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as an eighth-set mistake of ``blank`` (id "<blank>.eighth_<name>")."""
    return _registering(UNSEEN_EIGHTH, lambda fn: UnseenMistake(
        f"{blank}.eighth_{fn.__name__}", blank, notebook, fn, hint="", diagnosed=False,
        truth=truth, source=source))


def eighth_alternative(notebook: str, blank: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a correct answer of ``blank`` (id "<blank>.eighth_<name>")."""
    return _registering(UNSEEN_EIGHTH_ALTERNATIVES, lambda fn: Variant(f"{blank}.eighth_{fn.__name__}", blank,
                                                                       notebook, fn))


# --- Notebook 01: the perceptron ---------------------------------------------------------------

@eighth("perceptron", "perceptron", truth=("fp.threshold_shifted",),
        source="np.mean(w * x) + b: the mean of the weighted inputs where their sum belongs, so the "
               "weighted sum is divided by the number of features before the bias is added (written blind)")
def mean_of_products(x, w, b):
    activation = np.mean(np.multiply(w, x)) + b
    return 1 if activation >= 0 else 0


@eighth("perceptron", "perceptron", truth=("fp.wrong_activation",),
        source="max(0, w . x + b): the ReLU of the activation returned where the step's 0 or 1 belongs "
               "(the later notebooks' unit written into the first; written blind)")
def relu_of_activation(x, w, b):
    z = np.dot(w, x) + b
    return max(0.0, z)


@eighth("perceptron", "perceptron", truth=("unnamed",),
        source="np.dot(w, x) * b: a star typed for the plus, the bias multiplies the weighted sum "
               "(written blind)")
def bias_multiplied(x, w, b):
    return 1 if np.dot(w, x) * b >= 0 else 0


@eighth("perceptron", "gates", truth=("unnamed",),
        source="AND_W = [2.0, -1.0], AND_B = -1.0: weights guessed by hand, the (1, 0) corner fires "
               "(Stack Overflow 'What are the weights and bias for the AND perceptron?', "
               "exchangetuts.com/index.php/what-are-the-weights-and-bias-for-the-and-perceptron-1763703602737181)")
def and_weights_by_hand():
    AND_W = np.array([2.0, -1.0])
    AND_B = -1.0
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@eighth("perceptron", "gates", truth=("fp.other_gate",),
        source="AND_W = [2, 2], AND_B = -1: a single input already clears the bias, so the unit "
               "computes OR (codespeedy.com 'Perceptron Algorithm for AND Logic with 2-bit binary input "
               "in Python': its printed output shows AND(0, 1) = 1)")
def and_bias_too_small():
    AND_W = np.array([2.0, 2.0])
    AND_B = -1.0
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@eighth("perceptron", "gates", truth=("unnamed",),
        source="OR_W = [1.0, 0.0]: the second weight left at zero, so OR only looks at the first input "
               "and (0, 1) gives 0 (written blind)")
def or_ignores_second_input():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 0.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@eighth("perceptron", "gates", truth=("fp.other_gate", "fp.constant"),
        source="NAND_B = 2.5: the bias set past the sum of the two weights, so even (1, 1) stays "
               "above the line and NAND fires everywhere (written blind)")
def nand_bias_too_large():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 2.5
    return locals()


@eighth("perceptron", "train_perceptron", truth=("unnamed",),
        source="the step written inline with a strict 'if z > 0', so from zero weights the first points "
               "are predicted 0, not 1, and the run takes other updates (Stack Overflow 'Perceptron "
               "single layered', stackoverflow.com/questions/15963858: 'def dirac(z): if z > 0')")
def inline_strict_step(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            guess = 1 if np.dot(w, x_i) + b > 0 else 0
            step = lr * (y_i - guess)
            if step != 0:
                w = w + step * x_i
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@eighth("perceptron", "train_perceptron", truth=("fp.ignores_argument", "fp.last_value"),
        source="one pass over the points only, the loop over epochs never written: errors has one "
               "entry and most runs stop before they separate (Stack Overflow 'Perceptron single "
               "layered', stackoverflow.com/questions/15963858: 'you give each training case exactly "
               "one chance')")
def single_pass(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    mistakes = 0
    for x_i, y_i in zip(X, y, strict=True):
        step = lr * (y_i - perceptron(x_i, w, b))
        if step != 0:
            w = w + step * x_i
            b = b + step
            mistakes += 1
    errors.append(mistakes)
    return w, b, errors


@eighth("perceptron", "train_perceptron", truth=("fp.not_reproducible",),
        source="the points visited in a fresh np.random.permutation every epoch, as many tutorials "
               "do, where the lesson visits them in order: other updates, other weights (written blind)")
def shuffled_each_epoch(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for i in np.random.permutation(len(X)):
            step = lr * (y[i] - perceptron(X[i], w, b))
            if step != 0:
                w = w + step * X[i]
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@eighth("perceptron", "train_perceptron", truth=("unnamed",),
        source="n_wrong += step: the signed step added to the count, so a point pushed up and one "
               "pushed down cancel and the epoch's count can be negative (written blind)")
def signed_count(X, y, lr=1.0, epochs=20):
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
                n_wrong += step
        errors.append(n_wrong)
    return w, b, errors


@eighth("perceptron", "xor", truth=("fp.other_gate", "fp.complement"),
        source="OR(x) ^ NAND(x): the two hidden units combined with Python's ^ where the AND unit "
               "belongs, so (0, 0) and (1, 1) give 1 (written blind)")
def caret_of_hidden_units(x):
    h_or = perceptron(x, OR_W, OR_B)
    h_nand = perceptron(x, NAND_W, NAND_B)
    return h_or ^ h_nand


@eighth("perceptron", "xor", truth=("fp.zeros", "fp.constant", "fp.other_gate"),
        source="NAND built by negating OR's weights and bias, perceptron(x, -OR_W, -OR_B): that is "
               "NOR, which fires only at (0, 0), so AND(OR, NOR) is 0 everywhere (written blind)")
def nand_as_negated_or(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, -OR_W, -OR_B)])
    return perceptron(hidden, AND_W, AND_B)


# --- Notebook 02: activations --------------------------------------------------------------------

@eighth("activations", "sigmoid", truth=("fp.other_formula", "fp.wrong_function"),
        source="1 / np.exp(-x): the '1 +' of the denominator lost, so s = e^x (DeepLearning.AI forum "
               "community.deeplearning.ai/t/week-2-exercise-4-optional-assignment-sigmoid-derivative/32339: "
               "'Your implementation of s is 1 / e^-x ... equivalent to e^x')")
def one_plus_lost(x):
    x = np.asarray(x, dtype=np.float64)
    return (1.0 / np.exp(-x))[()]


@eighth("activations", "sigmoid", truth=("sigmoid.tanh_without_half", "fp.other_formula"),
        source="0.5 * (1 + tanh(x)): the identity sigmoid(x) = (1 + tanh(x / 2)) / 2 with the "
               "halving of x lost (written blind)")
def tanh_identity_half_lost(x):
    x = np.asarray(x, dtype=np.float64)
    return (0.5 * (1.0 + np.tanh(x)))[()]


@eighth("activations", "sigmoid_grad",
        truth=("fp.missing_square", "fp.missing_factor", "fp.other_formula", "fp.wrong_function"),
        source="np.exp(-x) / (1 + np.exp(-x)): the quotient rule's e^-x / (1 + e^-x)^2 with the square "
               "of the denominator lost (written blind)")
def square_of_denominator_lost(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-x)
    return (e / (1.0 + e))[()]


@eighth("activations", "sigmoid_grad", truth=("fp.composed",),
        source="s = sigmoid(x), then sigmoid(s) * (1 - sigmoid(s)): the derivative taken at the "
               "activation instead of at the input, the sigmoid applied twice (written blind)")
def sigmoid_applied_twice(x):
    s = sigmoid(x)
    return sigmoid(s) * (1.0 - sigmoid(s))


@eighth("activations", "tanh", truth=("fp.wrong_function", "fp.other_formula"),
        source="np.arctanh for np.tanh: the inverse function picked from the autocompletion list, "
               "nan outside (-1, 1) (written blind)")
def arctanh_picked(x):
    return np.arctanh(np.asarray(x, dtype=np.float64))[()]


@eighth("activations", "tanh", truth=("fp.wrong_function", "fp.other_formula"),
        source="(e^x - e^-x) / 2: the numerator of the definition copied and the denominator "
               "e^x + e^-x replaced by 2, which is sinh (written blind)")
def sinh_written(x):
    x = np.asarray(x, dtype=np.float64)
    return ((np.exp(x) - np.exp(-x)) / 2.0)[()]


@eighth("activations", "tanh_grad", truth=("tanh_grad.sigmoid_pattern", "fp.wrong_polynomial"),
        source="t * (1 - t) with t = tanh(x): the sigmoid's s (1 - s) pattern copied to tanh "
               "(written blind)")
def sigmoid_pattern(x):
    t = tanh(x)
    return t * (1.0 - t)


@eighth("activations", "tanh_grad", truth=("fp.wrong_polynomial", "fp.affine"),
        source="1 + tanh(x) ** 2: a plus typed for the minus (written blind)")
def plus_for_minus(x):
    return 1.0 + tanh(x) ** 2


@eighth("activations", "relu", truth=("fp.whole_number",),
        source="np.maximum(0, x).astype(int): the cast of the step function kept, so every positive "
               "input is truncated to an integer (written blind)")
def cast_to_int(x):
    return np.maximum(0, np.asarray(x, dtype=np.float64)).astype(int)[()]


@eighth("activations", "relu", truth=("relu.relu_leaks", "fp.wrong_activation"),
        source="np.maximum(0.01 * x, x): the leaky ReLU written where the plain one is asked, "
               "negative inputs scaled instead of zeroed (written blind)")
def leaky_for_plain(x):
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(0.01 * x, x)[()]


@eighth("activations", "relu_grad", truth=("fp.in_place",),
        source="x[x <= 0] = 0; x[x > 0] = 1; return x: the slope written into the caller's array "
               "(the accepted answer of Stack Overflow 'Implement Relu derivative in python numpy', "
               "techhelpnotes.com/machine-learning-implement-relu-derivative-in-python-numpy-2/)")
def mask_written_in_place(x):
    x = np.asarray(x, dtype=np.float64)
    x[x <= 0] = 0
    x[x > 0] = 1
    return x[()]


@eighth("activations", "relu_grad", truth=("fp.whole_number",),
        source="np.greater(z, 0).astype(int): an int array of 0 and 1 where float64 is asked (the "
               "second answer of Stack Overflow 'Implement Relu derivative in python numpy', "
               "techhelpnotes.com/machine-learning-implement-relu-derivative-in-python-numpy-2/)")
def int_slope(x):
    z = np.asarray(x, dtype=np.float64)
    return np.greater(z, 0).astype(int)[()]


@eighth("activations", "leaky_relu", truth=("fp.wrong_activation",),
        source="x = relu(x) first, then the leaky branch: the negatives are already zero when alpha "
               "is applied, so this is a plain ReLU (github.com/tflearn/tflearn/pull/784 'Fix Leaky "
               "ReLU activation')")
def relu_applied_first(x, alpha=0.1):
    x = relu(x)
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, x, alpha * x)[()]


@eighth("activations", "leaky_relu", truth=("leaky_relu.alpha_on_positive_side",),
        source="sum < 0 ? 0 : alpha * sum: the two branches exchanged, zero on the negative side and "
               "alpha * x on the positive one (github.com/BrainJS/brain.js/issues/560 'Problem(?) of "
               "leaky ReLU Implementation')")
def branches_exchanged(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x < 0, 0.0, alpha * x)[()]


@eighth("activations", "leaky_relu_grad", truth=("fp.one_group", "fp.flipped_term"),
        source="np.where(x >= 0, 1.0, -alpha): the slope on the negative side given a minus sign "
               "(written blind)")
def negative_alpha_slope(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, 1.0, -alpha)[()]


@eighth("activations", "leaky_relu_grad", truth=("unnamed",),
        source="def leaky_relu_grad(x, alpha=0.01): the usual 0.01 typed into the derivative's "
               "signature, so a call without alpha uses another slope than the function's 0.1 "
               "(written blind; such default mismatches are reported in github.com/jinyu121/DW2TF/issues/2 "
               "'Leaky ReLU: Different defaults for alpha between darknet and TF')")
def default_alpha_changed(x, alpha=0.01):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, 1.0, alpha)[()]


# --- Notebook 03: losses ---------------------------------------------------------------------------

@eighth("losses", "binary_cross_entropy",
        truth=("fp.unclipped_log", "binary_cross_entropy.bce_without_clipping"),
        source="p = np.clip(y_hat, ...) computed, then np.log(y_hat) used: the clipped name never "
               "read, so a confident wrong prediction gives log(0) = -inf (written blind)")
def clipped_name_unused(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    p = np.clip(y_hat, eps, 1.0 - eps)  # noqa: F841 - the slip: computed, never read
    return float(-np.mean(y * np.log(y_hat) + (1.0 - y) * np.log(1.0 - y_hat)))


@eighth("losses", "binary_cross_entropy", truth=("fp.arguments_exchanged",),
        source="def binary_cross_entropy(y_hat, y, eps): the parameters in PyTorch's (input, target) "
               "order, so the labels are clipped and taken as probabilities (written blind; reported in "
               "github.com/isaaccorley/detcon-pytorch/issues/1 'Assignment bug in DetConBLoss and CE': "
               "passed (logits, labels) to a CE defined as (labels, logits))")
def parameters_in_torch_order(y_hat, y, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


@eighth("losses", "binary_cross_entropy_grad",
        truth=("fp.sign_flip", "binary_cross_entropy_grad.bce_grad_sign_flipped"),
        source="(y - p) / (p (1 - p)) / N: the residual taken as label minus prediction, the "
               "gradient points uphill (written blind)")
def residual_reversed(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (y - p) / (p * (1.0 - p)) / y_hat.size


@eighth("losses", "binary_cross_entropy_grad", truth=("fp.flat", "fp.reshaped"),
        source="both arrays flattened as in the loss, so a (N, 1) y_hat gets a (N,) gradient back "
               "(written blind)")
def flattened_like_the_loss(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return (p - y) / (p * (1.0 - p)) / p.size


@eighth("losses", "softmax", truth=("unnamed",),
        source="np.exp(z / z_sum): the division put inside the exponential, np.exp(y / np.sum(np.exp(y), "
               "axis=1, keepdims=True)) (Stack Overflow 'Softmax regression in python: operands could "
               "not be broadcast together with shapes (80,3) (80,)', softmax_2)")
def division_inside_exp(z):
    z = np.asarray(z, dtype=np.float64)
    total = np.sum(np.exp(z), axis=1, keepdims=True)
    return np.exp(z / total)


@eighth("losses", "softmax", truth=("unnamed",),
        source="z / z.max(axis=1): the row's max divided out where it should be subtracted, so the "
               "exponentials change and the rows no longer hold the softmax (written blind)")
def max_divided_out(z):
    z = np.asarray(z, dtype=np.float64)
    scaled = np.exp(z / z.max(axis=1, keepdims=True))
    return scaled / scaled.sum(axis=1, keepdims=True)


@eighth("losses", "categorical_cross_entropy", truth=("unnamed",),
        source="the binary formula applied to every class, -sum(Y log P + (1 - Y) log(1 - P)): each "
               "wrong class adds -log(1 - p) (fast.ai forum 'Cross entropy error: -log(1-1): INF', "
               "forums.fast.ai/t/cross-entropy-error-log-1-1-inf/1441)")
def binary_formula_per_class(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0 - eps)
    return float(-np.mean(np.sum(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P), axis=-1)))


@eighth("losses", "categorical_cross_entropy",
        truth=("fp.sign_flip", "categorical_cross_entropy.cce_sign_flipped"),
        source="np.mean(np.sum(Y * np.log(P), axis=1)) without the leading minus: a negative loss "
               "(github.com/cs231n/cs231n.github.io/pull/244 'The cross entropy loss should be "
               "-log(1/3)=1.1 instead of log(1/3)')")
def minus_lost(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(np.mean(np.sum(Y * np.log(P), axis=1)))


@eighth("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
        source="(softmax(Z) - Y).mean(axis=0): the mean over the batch taken where the division by N "
               "belongs, one (K,) row instead of a gradient per example (written blind)")
def averaged_over_rows(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return (softmax(Z) - np.asarray(Y, dtype=np.float64)).mean(axis=0)


@eighth("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
        source="softmax(Z) - Y / N: the parentheses left out, so only the labels are divided by N "
               "(operator precedence; written blind)")
def only_labels_divided(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    n = Z.shape[0]
    return softmax(Z) - np.asarray(Y, dtype=np.float64) / n


@eighth("losses", "mse", truth=("fp.broadcast",),
        source="np.mean((y - y_hat) ** 2) on the arrays as given: a (N,) against a (N, 1) broadcasts "
               "to (N, N) and the mean runs over every pair (written blind)")
def never_flattened(y, y_hat):
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return float(np.mean((y - y_hat) ** 2))


@eighth("losses", "mse", truth=("unnamed",),
        source="(y - y_hat) ^ 2: ^ typed for the power, 'TypeError: ufunc bitwise_xor not supported "
               "for the input types' on floats (kouhan.cn/en/article/00038316, the bitwise XOR for "
               "the exponent)")
def caret_for_power(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.mean((y - y_hat) ^ 2))


@eighth("losses", "mse", truth=("fp.missing_square",),
        source="np.linalg.norm(y - y_hat) / N: the length of the residual where the mean of its squares "
               "belongs, the root taken and never squared back (written blind)")
def norm_over_n(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.linalg.norm(y - y_hat) / y.size)


@eighth("losses", "mse_grad",
        truth=("fp.times_n", "fp.times_size", "mse_grad.mse_grad_not_averaged", "err.index"),
        source="2 * (Y_hat - Y) / Y.shape[1]: the number of columns taken as the number of samples, "
               "so a (N, 1) column is divided by 1 and a (N,) vector raises (microkeras "
               "mean_squared_error_derivative, microkeras.readthedocs.io/en/latest/Api_Reference/Losses/"
               "Mean_Squared_Error_Derivative/)")
def divided_by_columns(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return 2.0 * (y_hat - y) / y.shape[1]


@eighth("losses", "mse_grad", truth=("fp.broadcast",),
        source="y converted but never reshaped like y_hat: a (N,) y against a (N, 1) y_hat broadcasts "
               "the gradient to (N, N) (written blind)")
def labels_not_reshaped(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    return 2.0 * (y_hat - y) / y_hat.size


# --- Notebook 04: the forward pass -----------------------------------------------------------------

@eighth("forward_pass", "init_params", truth=("unnamed",),
        source="rng.normal(0, 1, size) * 0.01: DeepLearning.AI's 'multiply W by 0.01' where He's "
               "sqrt(2 / n_in) is asked (community.deeplearning.ai/t/week-4-assignment/63286)")
def times_point_zero_one(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, 1.0, size=(n_hidden, n_in)) * 0.01,
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 1.0, size=(n_out, n_hidden)) * 0.01,
        "b2": np.zeros(n_out),
    }


@eighth("forward_pass", "init_params", truth=("fp.reshaped",),
        source="b1 = np.zeros((1, n_hidden)): the row-vector bias of the X @ W + b tutorials where the "
               "course's b1 has shape (H,) (genai-systems-lab-ivory.vercel.app/gt/"
               "training-loop-from-scratch: 'b1 = np.zeros((1, d_h))')")
def row_biases(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros((1, n_hidden)),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros((1, n_out)),
    }


@eighth("forward_pass", "init_params", truth=("unnamed",),
        source="a second np.random.default_rng(seed) made for W2: the output layer's weights drawn "
               "from the start of the stream again instead of after W1's (written blind; reported in "
               "github.com/netket/netket/issues/241 'FFNN.init_random_parameters uses the same seed for "
               "all layers')")
def generator_per_layer(n_in, n_hidden, n_out=1, seed=0):
    first = np.random.default_rng(seed)
    W1 = first.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in))
    second = np.random.default_rng(seed)
    W2 = second.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@eighth("forward_pass", "init_params", truth=("unnamed",),
        source="rng.normal(..., size=(n_in, n_hidden)).T: drawn in the X @ W layout and transposed to "
               "fit, the right shapes but every weight in another place (written blind)")
def drawn_transposed(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_hidden)).T,
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_hidden, n_out)).T,
        "b2": np.zeros(n_out),
    }


@eighth("forward_pass", "init_params", truth=("fp.key_case", "err.missing_key"),
        source="the dict keyed 'w1', 'b1', 'w2', 'b2' in lower case, where W1 and W2 are asked "
               "(written blind)")
def lowercase_keys(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "w1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "w2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@eighth("forward_pass", "forward", truth=("fp.missing_term",),
        source="relu(X @ W1.T) + b1: the hidden bias added after the activation (written blind)")
def hidden_bias_after_relu(X, params):
    z1 = X @ params["W1"].T
    a1 = relu(z1) + params["b1"]
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@eighth("forward_pass", "forward", truth=("fp.flat",),
        source="z2 flattened where it is computed, so the cache holds a (N,) logit where backprop "
               "expects the (N, 1) column (written blind)")
def logit_cached_flat(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = (a1 @ params["W2"].T + params["b2"]).ravel()
    y_hat = sigmoid(z2)
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@eighth("forward_pass", "forward", truth=("fp.constant", "fp.wrong_activation"),
        source="a softmax at the output, np.exp(z2) / np.exp(z2).sum(axis=1): over a single output "
               "unit every probability is 1 (written blind)")
def softmax_over_one_unit(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    scores = np.exp(z2)
    y_hat = (scores / scores.sum(axis=1, keepdims=True)).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@eighth("forward_pass", "forward", truth=("fp.complement",),
        source="the output's sigmoid written inline as 1 / (1 + np.exp(z2)), the minus of the "
               "exponent lost: every probability is 1 - sigmoid(z2) (written blind; the formula "
               "sigma(x) = 1 / (1 + e^x) is printed so in "
               "blog.youkuaiyun.com/houhuipeng/article/details/92383706)")
def inline_sigmoid_minus_lost(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = (1.0 / (1.0 + np.exp(z2))).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


# --- Notebook 05: backprop and SGD -----------------------------------------------------------------

@eighth("backprop", "backward", truth=("err.matmul_shapes",),
        source="dz2 @ params['W1']: the first layer's weights used to send the error back, a (N, 1) "
               "against a (H, D), 'matmul: mismatch in its core dimension' (written blind)")
def first_layer_weights_on_the_way_back(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W1"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@eighth("backprop", "backward", truth=("fp.over_n", "backward.divides_by_n_twice"),
        source="dz1 = da1 * mask / n: the 1/N divided in again at the hidden layer, on top of the one "
               "dz2 already carries, so dW1 and db1 are N times too small (written blind)")
def hidden_error_divided_again(X, y, params, cache):
    m = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / m
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0) / m
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@eighth("backprop", "backward", truth=("fp.in_place",),
        source="mask = cache['z1']; mask[mask > 0] = 1; mask[mask <= 0] = 0: the ReLU slope written "
               "into the cached pre-activation, the gradients right but the caller's cache destroyed "
               "(the accepted answer of Stack Overflow 'Implement Relu derivative in python numpy', "
               "techhelpnotes.com/machine-learning-implement-relu-derivative-in-python-numpy-2/)")
def relu_slope_written_into_cache(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    mask = cache["z1"]
    mask[mask > 0] = 1
    mask[mask <= 0] = 0
    dz1 = da1 * mask
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@eighth("backprop", "backward", truth=("fp.missing_term",),
        source="the output error taken from the activations, sigmoid(cache['a1'] @ W2.T) without the "
               "bias b2: the logit recomputed by hand and b2 forgotten (written blind)")
def logit_recomputed_without_bias(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    y_pred = sigmoid(cache["a1"] @ params["W2"].T)
    dz2 = (y_pred - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@eighth("backprop", "sgd_step", truth=("fp.sign_flip",),
        source="lr * grads['d' + name] - p: the two terms of the update written in the other order, "
               "every new parameter negated (written blind)")
def update_terms_exchanged(params, grads, lr):
    return {name: lr * grads["d" + name] - p for name, p in params.items()}


@eighth("backprop", "sgd_step", truth=("unnamed",),
        source="p - lr * np.mean(g): the gradient averaged to one number (the 1/N habit), so every "
               "entry of a parameter moves by the same amount (written blind)")
def gradient_averaged(params, grads, lr):
    new_params = {}
    for key in params:
        new_params[key] = params[key] - lr * np.mean(grads["d" + key])
    return new_params


@eighth("backprop", "sgd_step", truth=("unnamed",),
        source="p - lr * np.sign(g): only the sign of the gradient kept, a step of lr in every "
               "entry whatever the slope (written blind)")
def sign_of_gradient(params, grads, lr):
    return {name: value - lr * np.sign(grads["d" + name]) for name, value in params.items()}


@eighth("backprop", "sgd_step", truth=("fp.list_for_dict",),
        source="return new_params, grads: the gradients returned beside the new parameters, a pair "
               "where one dict is asked (written blind)")
def pair_returned(params, grads, lr):
    new_params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return new_params, grads


@eighth("backprop", "sgd_step", truth=("fp.in_place", "sgd_step.sgd_in_place"),
        source="np.subtract(p, lr * g, out=p): the update written into the caller's arrays through "
               "out=, a new dict returned around the same arrays (written blind)")
def subtract_out_in_place(params, grads, lr):
    updated = {}
    for name, p in params.items():
        updated[name] = np.subtract(p, lr * grads["d" + name], out=p)
    return updated


# --- Notebook 06: training on the spiral -----------------------------------------------------------

@eighth("training", "train_val_split", truth=("fp.with_replacement",),
        source="rng.choice(len(X), len(X)): choice draws with replacement by default, so some points "
               "appear twice and others never, in neither set (written blind; the replace=False pitfall of "
               "codegive.com/blog/numpy_sample_without_replacement.php)")
def drawn_with_replacement(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    order = rng.choice(len(X), len(X))
    n_val = round(val_fraction * len(X))
    val, tr = order[:n_val], order[n_val:]
    return X[tr], X[val], y[tr], y[val]


@eighth("training", "train_val_split", truth=("fp.split_overlap", "fp.split_sizes"),
        source="train = order, val = order[:n_val]: the held-out points never removed from the "
               "training set, so validation measures points the network trains on (written blind)")
def held_out_points_kept(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round(val_fraction * len(X))
    val_idx = order[:n_val]
    train_idx = order
    return X[train_idx], X[val_idx], y[train_idx], y[val_idx]


@eighth("training", "predict", truth=("predict.predict_boolean",),
        source="y_hat >= threshold returned as it is: a boolean array where int labels are asked "
               "(written blind)")
def booleans_returned(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return y_hat >= threshold


@eighth("training", "predict", truth=("fp.return_order",),
        source="forward(X, params)[1]: the cache picked from the returned pair where y_hat belongs, a "
               "dict compared with the threshold (written blind)")
def cache_picked(X, params, threshold=0.5):
    probs = forward(X, params)[1]
    return (probs >= threshold).astype(int)


@eighth("training", "accuracy", truth=("err.index",),
        source="np.sum(y_true == y_pred) / y_true.shape[1]: DeepLearning.AI's count of examples from "
               "the columns, an IndexError on a (N,) label vector (written blind)")
def examples_in_columns(y_true, y_pred):
    y_true = np.asarray(y_true)
    return float(np.sum(y_true == y_pred) / y_true.shape[1])


@eighth("training", "accuracy", truth=("unnamed",),
        source="for i in range(len(y_true) - 1): the last label never compared, the count divided by "
               "one fewer (off by one; written blind)")
def last_label_skipped(y_true, y_pred):
    y_true, y_pred = np.ravel(y_true), np.ravel(y_pred)
    correct = 0
    for i in range(len(y_true) - 1):
        if y_true[i] == y_pred[i]:
            correct += 1
    return correct / (len(y_true) - 1)


@eighth("training", "train", truth=("err.broadcast", "fp.wrong_data", "train.validates_on_training_data"),
        source="binary_cross_entropy(y, y_hat_val): the training labels passed with the validation "
               "predictions, a line copied and half edited (written blind)")
def validation_loss_with_training_labels(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@eighth("training", "train", truth=("fp.off_by_one",),
        source="for epoch in range(epochs + 1): one step too many, and one history entry too many "
               "(off by one; written blind)")
def one_epoch_too_many(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _epoch in range(epochs + 1):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@eighth("training", "train", truth=("fp.aliased", "fp.length_factor"),
        source="history = dict.fromkeys(['loss', 'val_loss', 'acc', 'val_acc'], []): one list shared "
               "by the four keys, so each holds every value appended to any (Stack Overflow 'Dictionary "
               "creation with fromkeys and mutable objects. A surprise', "
               "stackoverflow.com/questions/8174723)")
def history_from_fromkeys(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = dict.fromkeys(["loss", "val_loss", "acc", "val_acc"], [])  # noqa: RUF024 - the slip
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@eighth("training", "grid_search", truth=("fp.ignores_argument", "err.index"),
        source="for j, lr in enumerate(hiddens): the inner loop copied from the outer one, so the "
               "hidden sizes are tried as learning rates (written blind)")
def learning_rates_from_hiddens(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(hiddens):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@eighth("training", "grid_search", truth=("fp.wrong_metric", "grid_search.search_stops_at_the_best_accuracy"),
        source="val_acc[i, j] = max(history['val_acc']): the best accuracy of any epoch, not the "
               "accuracy at the epoch of lowest validation loss (written blind)")
def best_accuracy_of_any_epoch(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    H, R = len(hiddens), len(lrs)
    val_acc = np.zeros((H, R))
    val_loss = np.zeros((H, R))
    best_epochs = np.zeros((H, R), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, hist = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(hist["val_loss"]))
            val_loss[i, j] = hist["val_loss"][best]
            val_acc[i, j] = max(hist["val_acc"])
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@eighth("training", "hyperparameters",
        truth=("fp.lr_too_small", "fp.still_falling", "fp.too_few_epochs", "hyperparameters.too_few_epochs"),
        source="LR = 0.3: the decimal point one place off from the searched 3.0, so 849 full-batch "
               "steps are far too few for the spiral (written blind)")
def learning_rate_decimal_slip():
    HIDDEN = 64
    LR = 0.3
    EPOCHS = 849
    return locals()


@eighth("training", "iterate_minibatches", truth=("fp.rows_dropped", "fp.with_replacement"),
        source="for start in range(len(X) // batch_size): the batch's number used as its first index, "
               "so the slices overlap and most points are never reached (written blind)")
def batch_number_as_start(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(len(X) // batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


@eighth("training", "iterate_minibatches", truth=("fp.rows_dropped",),
        source="order[start:start + batch_size - 1]: the end of the slice taken as inclusive, so each "
               "batch holds one point too few and those points are never yielded (written blind)")
def slice_end_one_short(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start:start + batch_size - 1]
        yield X[idx], y[idx]


# --- Notebook 07: what next (deeper networks, optimisers, softmax classifier) ----------------------

@eighth("what_next", "init_deep_params", truth=("fp.column", "fp.reshaped"),
        source="b{l} = np.zeros((n_out, 1)): DeepLearning.AI's initialize_parameters_deep column "
               "biases where the course's b{l} has shape (n_out,) (tech.apdaga.com/2018/10/"
               "coursera-neural-networks-and-deep-learning-week-4a-assignment-solution.html)")
def column_biases(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros((n_out, 1))
    return params


@eighth("what_next", "init_deep_params",
        truth=("fp.wrong_scale", "init_deep_params.xavier_scale", "init.xavier"),
        source="W / np.sqrt(layer_dims[l - 1]): the notebook's own deep initialisation copied, a "
               "spread of sqrt(1 / n_in) where He's sqrt(2 / n_in) is asked (community.deeplearning.ai/"
               "t/week-4-assignment/63286: 'dividing W by the square root of the number of nodes')")
def divided_by_root_of_fan_in(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_sizes)):  # noqa: E741 - the student's name
        params["W" + str(l)] = (rng.standard_normal((layer_sizes[l], layer_sizes[l - 1]))
                                / np.sqrt(layer_sizes[l - 1]))
        params["b" + str(l)] = np.zeros(layer_sizes[l])
    return params


@eighth("what_next", "forward_deep", truth=("fp.wrong_activation",),
        source="act = relu if activation == 'sigmoid' else sigmoid: the test written the wrong way "
               "round, so each setting runs the other activation (written blind)")
def activation_test_inverted(X, params, activation="relu"):
    act = relu if activation == "sigmoid" else sigmoid
    L = len(params) // 2
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


@eighth("what_next", "forward_deep", truth=("fp.list_for_dict",),
        source="caches.append((a_prev, W, b, z)) and a list returned: DeepLearning.AI's L_model_forward "
               "cache structure where a dict keyed z1.., a1.. is asked (written blind)")
def list_of_layer_caches(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    caches = []
    A = X
    for layer in range(1, L + 1):
        W, b = params[f"W{layer}"], params[f"b{layer}"]
        Z = A @ W.T + b
        caches.append((A, W, b, Z))
        if layer < L:
            A = act(Z)
    y_hat = sigmoid(caches[-1][3]).ravel()
    return y_hat, caches


@eighth("what_next", "backward_deep", truth=("err.matmul_shapes",),
        source="for layer in reversed(range(1, L)): the loop starts one layer low, so the output "
               "error is used for layer L-1's weights and dW{L}, db{L} are never computed (written blind)")
def loop_starts_one_low(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    grads = {}
    for layer in reversed(range(1, L)):
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


@eighth("what_next", "backward_deep", truth=("fp.wrong_activation", "fp.ignores_argument"),
        source="if activation == 'ReLU': the name capitalised in the test, so the ReLU branch is never "
               "taken and a ReLU network gets the sigmoid's slope (written blind)")
def capitalised_activation_name(X, y, params, cache, activation="relu"):
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
            if activation == "ReLU":
                slope = (z > 0).astype(np.float64)
            else:
                slope = sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@eighth("what_next", "momentum_step", truth=("unnamed",),
        source="p - lr * (1 - beta) * v: the (1 - beta) applied a second time in the step, on top of "
               "the one inside the average (github.com/mdenil/dropout/issues/4 'Momentum bug': "
               "'stepped_param = param - (1.-mom) * learning_rate * gparam_mom')")
def one_minus_beta_twice(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * (1.0 - beta) * v
    return new_params, new_velocity


@eighth("what_next", "momentum_step", truth=("unnamed",),
        source="v = velocity + beta * g: the coefficient put on the gradient instead of the old "
               "velocity, which then never decays (github.com/ooples/AiDotNet/issues/2008 'ApplyMomentum "
               "applies the coefficient to the wrong term')")
def coefficient_on_wrong_term(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = velocity[name] + beta * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@eighth("what_next", "momentum_step", truth=("momentum_step.steps_with_the_gradient",),
        source="p + beta * v - lr * g: the velocity added as well as the plain gradient step, both "
               "updates at once (github.com/fchollet/deep-learning-with-python-notebooks/issues/289 "
               "'w = w + momentum * velocity - learning_rate * gradient should be just w += velocity?')")
def velocity_and_gradient_both(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        v = beta * velocity[name] + (1.0 - beta) * g
        new_velocity[name] = v
        new_params[name] = p + beta * v - lr * g
    return new_params, new_velocity


@eighth("what_next", "adam_step", truth=("unnamed",),
        source="def adam_step(..., beta1=0.999, beta2=0.9): the two defaults typed in each other's "
               "place, so a call with the defaults averages the gradient slowly and its square fast "
               "(written blind; reported in github.com/mila-iqia/blocks/issues/1159 'Adam moment "
               "parameterization is backwards': 0.999 put where the other beta belongs)")
def betas_exchanged_in_signature(params, grads, state, lr, beta1=0.999, beta2=0.9, eps=1e-8):
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
    return new_params, {"t": t, "m": m_new, "v": v_new}


@eighth("what_next", "adam_step", truth=("adam_step.adam_without_bias_correction",),
        source="m_hat / (np.sqrt(v) + eps): the second moment's bias correction computed but the raw v "
               "put under the root (bias-correction slips: github.com/karpathy/convnetjs/pull/107 "
               "'Fixed bias correction error in adam optimizer')")
def raw_v_under_the_root(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
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
        v_hat = v / (1.0 - beta2**t)  # noqa: F841 - the slip: computed, never read
        new_params[name] = p - lr * m_hat / (np.sqrt(v) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@eighth("what_next", "softmax_classifier_loss", truth=("unnamed",),
        source="np.sum(W) ** 2 in the penalty: the square of the sum of the weights where the sum of "
               "their squares belongs (written blind)")
def square_of_the_sum(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"]) ** 2 + np.sum(params["W2"]) ** 2)
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@eighth("what_next", "softmax_classifier_loss", truth=("unnamed",),
        source="2 * reg * W in the gradient next to the (reg / 2) |W|^2 penalty: the derivative of "
               "reg |W|^2 used, the penalty's convention mixed up (github.com/bruceoutdoors/CS231n/"
               "issues/8 'TwoLayerNet.loss: reg_loss compute error')")
def twice_the_penalty_gradient(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + 2 * reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + 2 * reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@eighth("what_next", "softmax_classifier_train", truth=("err.broadcast",),
        source="softmax_classifier_loss(X_val, y, params): the training labels passed with the "
               "validation inputs, one name left unedited (written blind)")
def val_loss_on_training_labels(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@eighth("what_next", "softmax_classifier_train",
        truth=("fp.wrong_data", "softmax_classifier_train.validation_on_training_data"),
        source="history['val_acc'] computed on predict_classes(X, params) == y: the training data "
               "measured twice, the validation accuracy never (written blind)")
def validation_accuracy_on_training_data(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3,
                                         seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        train_acc = float(np.mean(predict_classes(X, params) == y))
        history["acc"].append(train_acc)
        history["val_acc"].append(train_acc)
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


# --- Correct answers written another way: full marks and no hint -----------------------------------

@eighth_alternative("perceptron", "perceptron")
def summed_by_hand(x, w, b):
    total = b
    for weight, value in zip(w, x, strict=True):
        total += weight * value
    return int(total >= 0)


@eighth_alternative("perceptron", "gates")
def scaled_gates():
    AND_W = np.array([0.5, 0.5])
    AND_B = -0.75
    OR_W = np.array([2.0, 2.0])
    OR_B = -1.0
    NAND_W = np.array([-2.0, -2.0])
    NAND_B = 3.0
    return locals()


@eighth_alternative("perceptron", "train_perceptron")
def indexed_points(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    weights = np.zeros(X.shape[1])
    bias = 0.0
    errors = []
    for _ in range(epochs):
        wrong = 0
        for i in range(len(X)):
            delta = lr * (y[i] - perceptron(X[i], weights, bias))
            if delta != 0:
                weights = weights + delta * X[i]
                bias += delta
                wrong += 1
        errors.append(wrong)
    return weights, bias, errors


@eighth_alternative("perceptron", "xor")
def hidden_as_a_list(x):
    h = [perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)]
    return perceptron(np.array(h), AND_W, AND_B)


@eighth_alternative("activations", "sigmoid")
def through_logaddexp(x):
    x = np.asarray(x, dtype=np.float64)
    # log(1 + e^-x) computed without overflow, then sigma = e^-log(1 + e^-x)
    return np.exp(-np.logaddexp(0.0, -x))[()]


@eighth_alternative("activations", "sigmoid_grad")
def product_with_mirror(x):
    return sigmoid(x) * sigmoid(-np.asarray(x, dtype=np.float64))


@eighth_alternative("activations", "tanh_grad")
def factored_difference_of_squares(x):
    t = tanh(x)
    return (1.0 - t) * (1.0 + t)


@eighth_alternative("activations", "relu")
def half_of_x_plus_abs(x):
    x = np.asarray(x, dtype=np.float64)
    return ((x + np.abs(x)) / 2.0)[()]


@eighth_alternative("activations", "relu_grad")
def heaviside_zero_at_kink(x):
    return np.heaviside(np.asarray(x, dtype=np.float64), 0.0)[()]


@eighth_alternative("activations", "leaky_relu")
def maximum_of_both_lines(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(alpha * x, x)[()]


@eighth_alternative("activations", "leaky_relu_grad")
def ones_then_mask(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    slope = np.ones_like(x)
    slope[x < 0] = alpha
    return slope[()]


@eighth_alternative("losses", "binary_cross_entropy")
def per_example_loop(y, y_hat, eps=1e-9):
    labels = np.asarray(y, dtype=np.float64).ravel()
    probs = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    total = 0.0
    for label, prob in zip(labels, probs, strict=True):
        if label == 1:
            total += -np.log(prob)
        else:
            total += -np.log(1.0 - prob)
    return float(total / len(labels))


@eighth_alternative("losses", "binary_cross_entropy_grad")
def two_fractions(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (-y / p + (1.0 - y) / (1.0 - p)) / y_hat.size


@eighth_alternative("losses", "softmax")
def log_sum_exp(z):
    z = np.asarray(z, dtype=np.float64)
    shifted = z - z.max(axis=1, keepdims=True)
    return np.exp(shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True)))


@eighth_alternative("losses", "categorical_cross_entropy")
def correct_class_picked(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    picked = P[np.arange(len(Y)), Y.argmax(axis=1)]
    return float(-np.log(picked).mean())


@eighth_alternative("losses", "softmax_cross_entropy_grad")
def dscores_as_in_cs231n(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    num_examples = Z.shape[0]
    dscores = softmax(Z).copy()
    dscores[np.arange(num_examples), np.asarray(Y).argmax(axis=1)] -= 1.0
    return dscores / num_examples


@eighth_alternative("losses", "mse")
def square_of_difference(y, y_hat):
    diff = np.subtract(np.ravel(y), np.ravel(y_hat)).astype(np.float64)
    return float(np.square(diff).sum() / diff.size)


@eighth_alternative("losses", "mse_grad")
def factor_first(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    target = np.reshape(np.asarray(y, dtype=np.float64), y_hat.shape)
    return (2.0 / y_hat.size) * (y_hat - target)


@eighth_alternative("forward_pass", "init_params")
def scaled_standard_normal(n_in, n_hidden, n_out=1, seed=0):
    gen = np.random.default_rng(seed)
    W1 = np.sqrt(2.0 / n_in) * gen.standard_normal((n_hidden, n_in))
    W2 = np.sqrt(2.0 / n_hidden) * gen.standard_normal((n_out, n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@eighth_alternative("forward_pass", "forward")
def weights_on_the_left(X, params):
    z1 = (params["W1"] @ X.T).T + params["b1"]
    a1 = np.maximum(0.0, z1)
    z2 = (params["W2"] @ a1.T).T + params["b2"]
    return sigmoid(z2)[:, 0], {"z1": z1, "a1": a1, "z2": z2}


@eighth_alternative("backprop", "backward")
def mask_from_activations(X, y, params, cache):
    N = len(X)
    target = np.asarray(y, dtype=np.float64).reshape(N, 1)
    delta_out = (sigmoid(cache["z2"]) - target) / N
    delta_hidden = (delta_out * params["W2"]) * (cache["a1"] > 0)
    return {"dW1": delta_hidden.T @ X, "db1": delta_hidden.sum(axis=0),
            "dW2": delta_out.T @ cache["a1"], "db2": delta_out.sum(axis=0)}


@eighth_alternative("backprop", "sgd_step")
def loop_into_new_dict(params, grads, lr):
    stepped = {}
    for key, value in params.items():
        stepped[key] = value - lr * grads[f"d{key}"]
    return stepped


@eighth_alternative("training", "train_val_split")
def shuffle_then_slice(X, y, val_fraction=0.2, seed=0):
    perm = np.random.default_rng(seed).permutation(len(X))
    X_shuf, y_shuf = X[perm], y[perm]
    k = round(val_fraction * len(X))
    return X_shuf[k:], X_shuf[:k], y_shuf[k:], y_shuf[:k]


@eighth_alternative("training", "predict")
def where_one_zero(X, params, threshold=0.5):
    probs, _ = forward(X, params)
    return np.where(probs >= threshold, 1, 0)


@eighth_alternative("training", "accuracy")
def matches_over_count(y_true, y_pred):
    truth, guess = np.ravel(y_true), np.ravel(y_pred)
    return float(np.count_nonzero(truth == guess) / truth.size)


@eighth_alternative("training", "train")
def accuracy_through_predict(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {key: [] for key in ("loss", "val_loss", "acc", "val_acc")}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, forward(X_val, params)[0]))
        history["acc"].append(accuracy(y, predict(X, params)))
        history["val_acc"].append(accuracy(y_val, predict(X_val, params)))
        grads = backward(X, y, params, cache)
        params = sgd_step(params, grads, lr)
    return params, history


@eighth_alternative("training", "grid_search")
def index_of_the_minimum(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    shape = (len(hiddens), len(lrs))
    val_acc, val_loss = np.zeros(shape), np.zeros(shape)
    best_epochs = np.zeros(shape, dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, hist = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            lowest = min(hist["val_loss"])
            at = hist["val_loss"].index(lowest)
            val_acc[i, j], val_loss[i, j], best_epochs[i, j] = hist["val_acc"][at], lowest, at
    return val_acc, val_loss, best_epochs


@eighth_alternative("training", "iterate_minibatches")
def while_loop_batches(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    start = 0
    while start < len(order):
        chosen = order[start:start + batch_size]
        yield X[chosen], y[chosen]
        start += batch_size


@eighth_alternative("what_next", "init_deep_params")
def pairs_of_sizes(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    sizes = list(layer_sizes)
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):  # noqa: RUF007
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_out, fan_in))
        params[f"b{layer}"] = np.zeros(fan_out)
    return params


@eighth_alternative("what_next", "backward_deep")
def slopes_from_cached_activations(X, y, params, cache, activation="relu"):
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
            a = cache[f"a{layer - 1}"]
            slope = (a > 0).astype(np.float64) if activation == "relu" else a * (1.0 - a)
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@eighth_alternative("what_next", "momentum_step")
def average_as_a_correction(params, grads, velocity, lr, beta=0.9):
    old = velocity if velocity is not None else {k: np.zeros_like(p) for k, p in params.items()}
    new_velocity = {}
    for k in params:
        g = grads["d" + k]
        new_velocity[k] = g + beta * (old[k] - g)
    new_params = {k: params[k] - lr * new_velocity[k] for k in params}
    return new_params, new_velocity


@eighth_alternative("what_next", "adam_step")
def comprehension_adam(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = 1 if state is None else state["t"] + 1
    zeros = {k: np.zeros_like(p) for k, p in params.items()}
    m_old = zeros if state is None else state["m"]
    v_old = zeros if state is None else state["v"]
    m = {k: beta1 * m_old[k] + (1.0 - beta1) * grads["d" + k] for k in params}
    v = {k: beta2 * v_old[k] + (1.0 - beta2) * np.square(grads["d" + k]) for k in params}
    stepped = {k: params[k] - lr * (m[k] / (1.0 - beta1**t)) / (np.sqrt(v[k] / (1.0 - beta2**t)) + eps)
               for k in params}
    return stepped, {"t": t, "m": m, "v": v}
