"""The tenth set of unseen mistakes (and correct alternatives), written blind by helper H19t.

Written on 2026-12-02 (session 19) by helper H19t, from: the student notebooks
(``notebooks/neural_networks/*.ipynb``), the reference answers (``solutions/perceptron.py``,
``activations.py``, ``losses.py``, ``forward_pass.py``, ``backprop.py``, ``training.py``,
``what_next.py``), ``solutions/variants.py``, ``solutions/blind_set.py``,
``solutions/alternatives/``, the registry of blanks (``autograder/blanks.py``), the one-line
``source=`` strings of the earlier sets (to stay clear of duplicates), and public reports of
students' slips found with the search tool (GitHub issues and pull requests, Stack Overflow,
DeepLearning.AI and numpy-discussion threads, library docs).

Not read: ``autograder/`` beyond ``blanks.py``, ``nncourse/``, ``tests/``, ``solutions/mistakes/``,
``docs/``, the README past its first section, nor the code or ``truth=`` of the earlier sets;
neither ``nncourse mutants`` nor the grader was run on these entries. The ``truth=`` tuples were
filled in a second commit, after the code was committed, from the labelling vocabulary.

Each mistake is one slip, about half of them in the reference's own code and half in a function
written the way a student would (loops, temporaries, calls to the student's other functions).
``source=`` says the slip in plain words, then where it is reported, or "written blind".

``nncourse mutants --unseen tenth`` grades it. Once measured, the file is frozen: it must not be
edited after its first measurement; a miss may lead to a general fingerprint, never to an edit here.
"""

import numpy as np

from solutions.activations import relu, sigmoid, tanh
from solutions.backprop import backward, sgd_step
from solutions.blind_set import BlindSet
from solutions.forward_pass import forward, init_params
from solutions.losses import binary_cross_entropy, categorical_cross_entropy, softmax
from solutions.perceptron import AND_B, AND_W, NAND_B, NAND_W, OR_B, OR_W, perceptron
from solutions.training import accuracy, predict, train
from solutions.what_next import predict_classes, softmax_classifier_loss

TENTH = BlindSet("tenth")
UNSEEN_TENTH, UNSEEN_TENTH_ALTERNATIVES = TENTH.mistakes, TENTH.alternatives


# ---------------------------------------------------------------- 01 perceptron

@TENTH.mistake("perceptron", "perceptron", truth=("perceptron.strict_inequality",),
               source="the step written with a strict '> 0' where the lesson's unit fires at '>= 0', "
                      "so a point exactly on the line gives 0 (written blind)")
def perceptron_strict_step(x, w, b):
    return 1 if np.dot(w, x) + b > 0 else 0


@TENTH.mistake("perceptron", "perceptron", truth=("perceptron.returns_bool",),
               source="the comparison itself returned, a (numpy) bool True/False where the int 0 or 1 "
                      "is asked (written blind)")
def perceptron_returns_the_comparison(x, w, b):
    # weighted sum of the inputs plus the bias, then the step
    total = b
    for w_i, x_i in zip(w, x, strict=True):
        total = total + w_i * x_i
    return total >= 0


@TENTH.mistake("perceptron", "gates", truth=("fp.other_gate",),
               source="OR_W halved to [0.5, 0.5] but OR_B = -1.0: one input on gives 0.5 - 1 < 0, only "
                      "(1, 1) reaches the line, so OR computes AND (written blind)")
def gates_or_with_half_weights():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    # OR only needs one input on, so half weights are enough
    OR_W = np.array([0.5, 0.5])
    OR_B = -1.0
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@TENTH.mistake("perceptron", "gates", truth=("fp.aliased", "fp.constant"),
               source="OR_W = NAND_W = np.array([1.0, 1.0]) then NAND_W *= -1: a chained assignment "
                      "makes one array with two names, so negating NAND's weights negates OR's and OR "
                      "never fires (Stack Overflow 'Variables (Scalars and Matrices) Assignment in "
                      "Python', d11 = d = np.zeros(n), quoted in huggingface.co/datasets/nvidia/"
                      "Nemotron-CC-Math-v1)")
def gates_or_and_nand_one_array():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = NAND_W = np.array([1.0, 1.0])  # both start from unit weights
    OR_B = -0.5
    NAND_W *= -1  # NAND leans the other way
    NAND_B = 1.5
    return locals()


@TENTH.mistake("perceptron", "train_perceptron", truth=("train_perceptron.errors_not_reset",),
               source="n_wrong = 0 set once before the loop over epochs, never reset: errors holds "
                      "running totals of the updates, not each epoch's count (written blind)")
def train_perceptron_count_never_reset(X, y, lr=1.0, epochs=20):
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


@TENTH.mistake("perceptron", "train_perceptron", truth=("fp.repeated_update",),
               source="the bias update indented into the loop over the weights, so b moves once per "
                      "feature, D times per update (github.com/luisguiserrano/manning/issues/46 "
                      "'Perceptron notebook doesn't follow book': bias += ... inside 'for i in "
                      "range(len(weights))')")
def train_perceptron_bias_in_weight_loop(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        mistakes = 0
        for i in range(len(X)):
            prediction = perceptron(X[i], w, b)
            error = y[i] - prediction
            if error != 0:
                mistakes += 1
                for j in range(len(w)):
                    w[j] += lr * error * X[i][j]
                    b += lr * error
        errors.append(mistakes)
    return w, b, errors


@TENTH.mistake("perceptron", "train_perceptron", truth=("fp.whole_number",),
               source="w = np.zeros_like(X[0]) on the unconverted inputs: 0/1 integer data give an int "
                      "weight vector, and w += lr * error * x raises 'Cannot cast ufunc add output from "
                      "dtype(float64) to dtype(int64)' (exchangetuts.com 'How can I multiply column of "
                      "the int numpy array to the float digit and stays in int?')")
def train_perceptron_int_weights(X, y, lr=1.0, epochs=20):
    w = np.zeros_like(X[0])  # one weight per feature
    b = 0.0
    errors = []
    for _ in range(epochs):
        count = 0
        for x_i, target in zip(X, y, strict=True):
            out = perceptron(x_i, w, b)
            if out != target:
                w += lr * (target - out) * x_i
                b += lr * (target - out)
                count += 1
        errors.append(count)
    return w, b, errors


@TENTH.mistake("perceptron", "train_perceptron", truth=("fp.over_n",),
               source="errors.append(n_wrong / len(X)): each epoch's error rate, a fraction, where the "
                      "count of points updated is asked (written blind)")
def train_perceptron_error_rate(X, y, lr=1.0, epochs=20):
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
        errors.append(n_wrong / len(X))
    return w, b, errors


@TENTH.mistake("perceptron", "xor", truth=("fp.constant",),
               source="'either but not both' as (OR, AND) into an output unit with weights [1, -1] and "
                      "bias 0: with the >= step, (0, 0) and (1, 1) land on the line and fire, the output "
                      "is 1 everywhere (the output bias left at 0 where -0.5 belongs; written blind)")
def xor_either_but_not_both(x):
    either = perceptron(x, OR_W, OR_B)
    both = perceptron(x, AND_W, AND_B)
    # "either, but not both": +1 for either, -1 for both
    return perceptron(np.array([either, both]), np.array([1.0, -1.0]), 0.0)


@TENTH.mistake("perceptron", "xor", truth=("fp.other_gate",),
               source="perceptron(x, OR_W, NAND_B): the OR unit given NAND's bias, which clears the line "
                      "for every input, so the network computes AND(1, NAND(x)) = NAND(x) (written blind)")
def xor_or_with_nand_bias(x):
    hidden = np.array([perceptron(x, OR_W, NAND_B), perceptron(x, NAND_W, NAND_B)])
    return perceptron(hidden, AND_W, AND_B)


# ---------------------------------------------------------------- 02 activations

@TENTH.mistake("activations", "sigmoid", truth=("err.array_truth",),
               source="a loop 'for i, value in enumerate(x)' with an if on each value: right for a "
                      "vector, but a scalar cannot be iterated and a matrix hands a whole row to the if "
                      "(the input treated as a flat vector; written blind)")
def sigmoid_loop_over_entries(x):
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    for i, value in enumerate(x):
        if value >= 0:
            out[i] = 1.0 / (1.0 + np.exp(-value))
        else:
            out[i] = np.exp(value) / (1.0 + np.exp(value))
    return out


@TENTH.mistake("activations", "sigmoid", truth=("fp.complement", "fp.mirrored_input"),
               source="the stable sigmoid's two branches swapped, e/(1+e) for x >= 0 and 1/(1+e) below, "
                      "so every output is sigmoid(-x) = 1 - sigmoid(x) (github.com/hail-is/hail/pull/10606 "
                      "'[query] Fix the branches in logreg sigmoid': 'the branches of this function were "
                      "backwards')")
def sigmoid_branches_swapped(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, e / (1.0 + e), 1.0 / (1.0 + e))[()]


@TENTH.mistake("activations", "sigmoid_grad", truth=("unnamed",),
               source="the derivative estimated by a forward difference (sigmoid(x + h) - sigmoid(x)) / h "
                      "with h = 1e-5: off by about h/2 times the curvature, where the exact s (1 - s) is "
                      "asked (a numerical slope for the analytic one; written blind)")
def sigmoid_grad_forward_difference(x):
    h = 1e-5
    # slope of the curve between x and x + h
    return (sigmoid(np.asarray(x, dtype=np.float64) + h) - sigmoid(x)) / h


@TENTH.mistake("activations", "sigmoid_grad", truth=("fp.other_formula",),
               source="sigmoid(x) * sigmoid(1 - x): the second factor '1 - sigmoid(x)' typed as the "
                      "sigmoid of 1 - x (written blind)")
def sigmoid_grad_one_minus_inside(x):
    return sigmoid(x) * sigmoid(1.0 - x)


@TENTH.mistake("activations", "tanh", truth=("warn.exp_overflow",),
               source="np.sinh(x) / np.cosh(x): exact on paper, but both overflow to inf past |x| = 710 and "
                      "inf / inf = nan (github.com/BelfrySCAD/BOSL2/issues/1572 '[BUG] tanh returns nan for "
                      "some real inputs': tanh computed as sinh(x)/cosh(x))")
def tanh_sinh_over_cosh(x):
    x = np.asarray(x, dtype=np.float64)
    return (np.sinh(x) / np.cosh(x))[()]


@TENTH.mistake("activations", "tanh", truth=("fp.in_place",),
               source="np.tanh(x, out=x) to save an array: the right values, but np.asarray does not copy "
                      "a float64 array, so the caller's input is overwritten by its tanh (written blind)")
def tanh_in_place(x):
    x = np.asarray(x, dtype=np.float64)
    np.tanh(x, out=x)  # no need for a second array
    return x[()]


@TENTH.mistake("activations", "tanh_grad", truth=("fp.missing_square",),
               source="(1 - tanh(x)) ** 2: the parentheses around 1 - tanh(x), so the difference is squared "
                      "where only tanh is (written blind)")
def tanh_grad_square_outside(x):
    return (1.0 - tanh(x)) ** 2


@TENTH.mistake("activations", "tanh_grad", truth=("fp.missing_square", "warn.exp_overflow"),
               source="sech(x) = 2 / (e^x + e^-x) returned: the derivative remembered as sech^2 and the "
                      "square forgotten (written blind)")
def tanh_grad_sech_not_squared(x):
    x = np.asarray(x, dtype=np.float64)
    # d tanh / dx = sech(x)^2 = (2 / (e^x + e^-x))^2
    sech = 2.0 / (np.exp(x) + np.exp(-x))
    return sech[()]


@TENTH.mistake("activations", "relu", truth=("fp.whole_number",),
               source="(x + |x|) // 2: the halving written with floor division, so every positive output "
                      "is rounded down to a whole number (Python's // on floats; written blind)")
def relu_floor_halving(x):
    x = np.asarray(x, dtype=np.float64)
    # max(0, x) = (x + |x|) / 2
    return ((x + np.abs(x)) // 2)[()]


@TENTH.mistake("activations", "relu_grad", truth=("unnamed",),
               source="(x > 0).astype(np.float64) on the input as given: fine for arrays, but a Python "
                      "float compares to a plain bool, 'AttributeError: 'bool' object has no attribute "
                      "'astype'' (the np.asarray left out; written blind)")
def relu_grad_comparison_not_converted(x):
    return (x > 0).astype(np.float64)


@TENTH.mistake("activations", "leaky_relu", truth=("fp.all_axes",),
               source="np.max([alpha * x, x]) for np.maximum(alpha * x, x): the reduction over the stacked "
                      "pair returns the single largest number of the whole array (numpy.max vs the "
                      "elementwise maximum, github.com/ahmedfgad/NumPyCNN/issues/4 'A code error in relu "
                      "function')")
def leaky_relu_np_max(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.max([alpha * x, x])


@TENTH.mistake("activations", "leaky_relu_grad", truth=("fp.whole_number",),
               source="slope = np.ones_like(x) on the unconverted input: an integer input gives an int "
                      "array, so slope[x < 0] = alpha stores 0, not 0.1, and the result is int (the dtype "
                      "inherited by ones_like; written blind)")
def leaky_relu_grad_ones_like(x, alpha=0.1):
    x = np.asarray(x)
    slope = np.ones_like(x)
    slope[x < 0] = alpha
    return slope[()]


# ---------------------------------------------------------------- 03 losses

@TENTH.mistake("losses", "binary_cross_entropy", truth=("fp.off_by_one",),
               source="for i in range(1, len(y)): the loop over examples starts at 1, the first example "
                      "never scored but the total still divided by N (off by one; written blind)")
def binary_cross_entropy_skips_first(y, y_hat, eps=1e-9):
    y = np.ravel(y)
    y_hat = np.ravel(y_hat)
    total = 0.0
    for i in range(1, len(y)):
        p = min(max(float(y_hat[i]), eps), 1.0 - eps)
        if y[i] == 1:
            total -= np.log(p)
        else:
            total -= np.log(1.0 - p)
    return float(total / len(y))


@TENTH.mistake("losses", "binary_cross_entropy", truth=("fp.wrong_function",),
               source="np.log1p(p) for log(1 - p): log1p taken as 'the accurate log of one minus', but it "
                      "is log(1 + p), so a label 0 is scored by log(1 + p) (written blind)")
def binary_cross_entropy_log1p_plus(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    # log1p is the accurate log for the (1 - p) term
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log1p(p)))


@TENTH.mistake("losses", "binary_cross_entropy_grad", truth=("fp.one_group", "fp.times_n"),
               source="-y / p + (1 - y) / (1 - p) / n: the division by N binds to the second term only, the "
                      "first is left at one example's size (operator precedence; written blind)")
def binary_cross_entropy_grad_second_term_averaged(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    n = y_hat.size
    # d/dp of -[y log p + (1 - y) log(1 - p)], averaged over the batch
    return -y / p + (1.0 - y) / (1.0 - p) / n


@TENTH.mistake("losses", "binary_cross_entropy_grad", truth=("fp.flipped_term", "fp.one_group"),
               source="(-y / p - (1 - y) / (1 - p)) / N: the leading minus carried onto the second term, "
                      "whose derivative is +(1 - y) / (1 - p) (sign of one term; written blind)")
def binary_cross_entropy_grad_minus_distributed(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (-y / p - (1.0 - y) / (1.0 - p)) / y_hat.size


@TENTH.mistake("losses", "softmax", truth=("fp.wrong_axis", "warn.divide_by_zero"),
               source="z - z.max(): one maximum for the whole batch, so a row whose logits sit far below "
                      "another row's underflows to exp() = 0 everywhere and gives 0 / 0 = nan "
                      "(github.com/manassharma07/crysx_nn/issues/7: 'The maximum ... was supposed to be "
                      "calculated for each row and not just the whole 2d array')")
def softmax_global_max(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max())
    return e / e.sum(axis=-1, keepdims=True)


@TENTH.mistake("losses", "softmax", truth=("fp.not_normalised", "fp.softmax_overflow"),
               source="a loop over rows that shifts the numerator by the row's max but sums the unshifted "
                      "exponentials in the denominator, so each row is off by a factor e^(-max) (a "
                      "temporary used on one side only; written blind)")
def softmax_rows_unshifted_denominator(z):
    z = np.asarray(z, dtype=np.float64)
    out = np.zeros_like(z)
    for i in range(z.shape[0]):
        shifted = z[i] - np.max(z[i])  # keep exp() small
        out[i] = np.exp(shifted) / np.sum(np.exp(z[i]))
    return out


@TENTH.mistake("losses", "categorical_cross_entropy", truth=("fp.ignores_argument",),
               source="k = np.argmax(P[i]): each example scored at its most probable class, the "
                      "prediction's argmax where the label's belongs, so the loss ignores Y (written blind)")
def categorical_cross_entropy_predicted_class(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.asarray(P, dtype=np.float64)
    total = 0.0
    for i in range(len(Y)):
        k = np.argmax(P[i])  # the class of this example
        total -= np.log(max(P[i, k], eps))
    return float(total / len(Y))


@TENTH.mistake("losses", "categorical_cross_entropy", truth=("fp.log_base",),
               source="np.log2 for np.log: the loss in bits, 1 / ln 2 times the asked value in nats "
                      "(written blind)")
def categorical_cross_entropy_log2(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.mean(np.sum(Y * np.log2(P), axis=-1)))


@TENTH.mistake("losses", "softmax_cross_entropy_grad",
               truth=("softmax_cross_entropy_grad.softmax_ce_grad_over_entries", "fp.over_size",
                      "fp.wrong_size"),
               source="(softmax(Z) - Y) / Z.size: divided by the number of entries N * K where the number "
                      "of rows N belongs (github.com/victorlempitsky/Mate/issues/2 'Error in "
                      "SoftmaxLossLayer': numel where the batch size belongs)")
def softmax_cross_entropy_grad_over_size(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return (softmax(Z) - np.asarray(Y, dtype=np.float64)) / Z.size


@TENTH.mistake("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
               source="dZ[:, labels] -= 1: CS231n's dscores[range(N), y] -= 1 written with ':' for the row "
                      "index, so every row loses 1 at every label present in the batch (written blind)")
def softmax_cross_entropy_grad_all_rows_at_each_label(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    n = Z.shape[0]
    labels = np.argmax(Y, axis=1)
    dZ = softmax(Z)
    dZ[:, labels] -= 1.0  # CS231n: subtract 1 at the correct class
    return dZ / n


@TENTH.mistake("losses", "mse", truth=("fp.kept_batch_axis",),
               source="(y - y_hat) ** 2 returned without the mean: the array of squared errors where one "
                      "number is asked (github.com/keras-team/keras-core/issues/8 'Possible bug in MSE': "
                      "'returns (y_true - y_pred) ** 2 but shouldn't it be ops.mean(...)')")
def mse_no_mean(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return (y - y_hat) ** 2


@TENTH.mistake("losses", "mse", truth=("fp.reshaped",),
               source="a loop zip(y, y_hat) with only y flattened: for a (N, 1) y_hat each 'prediction' "
                      "is a one-element row, so the total and the result are a (1,) array, not a float "
                      "(written blind)")
def mse_loop_rows_of_column(y, y_hat):
    y = np.ravel(y)
    total = 0.0
    for target, pred in zip(y, y_hat, strict=True):
        total += (target - pred) ** 2
    return total / len(y)


@TENTH.mistake("losses", "mse_grad", truth=("fp.wrong_function",),
               source="np.gradient((y_hat - y) ** 2) / N: numpy's finite-difference slope along the array "
                      "taken for the derivative with respect to y_hat (a numpy function misread by its "
                      "name; written blind)")
def mse_grad_np_gradient(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return np.gradient((y_hat - y) ** 2) / y_hat.size


@TENTH.mistake("losses", "mse_grad", truth=("fp.in_place",),
               source="grad = np.asarray(y_hat); grad -= y; grad *= 2 / N: the right gradient, but asarray "
                      "did not copy the float64 y_hat, so the caller's predictions are overwritten (Stack "
                      "Overflow 'Are numpy arrays passed by reference?', "
                      "stackoverflow.com/questions/11585793: 'arr -= 3 ... does modify the array "
                      "referenced by arr in-place')")
def mse_grad_in_place_on_input(y, y_hat):
    grad = np.asarray(y_hat, dtype=np.float64)
    grad -= np.asarray(y, dtype=np.float64).reshape(grad.shape)
    grad *= 2.0 / grad.size
    return grad


# ---------------------------------------------------------------- 04 forward pass

@TENTH.mistake("forward_pass", "init_params", truth=("fp.wrong_scale",),
               source="one scale np.sqrt(2 / n_in) computed once and used for both layers: W2's spread "
                      "taken from the input size where its own fan-in n_hidden belongs (written blind)")
def init_params_w2_spread_from_inputs(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    scale = np.sqrt(2.0 / n_in)
    return {
        "W1": rng.normal(0.0, scale, size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, scale, size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@TENTH.mistake("forward_pass", "init_params", truth=("fp.not_reproducible", "fp.ignores_argument"),
               source="np.random.default_rng() without the seed: fresh entropy from the OS, other weights "
                      "on every call whatever seed is passed (github.com/oxwhirl/smacv2/pull/54 'fix use of "
                      "default_rng seeded with OS noise'; github.com/CederGroupHub/smol/issues/197)")
def init_params_unseeded_generator(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng()
    params = {}
    sizes = [n_in, n_hidden, n_out]
    for layer in (1, 2):
        fan_in, fan_out = sizes[layer - 1], sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_out, fan_in))
        params[f"b{layer}"] = np.zeros(fan_out)
    return params


@TENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
               source="'b2': np.zeros(n_hidden): the b1 line copied for b2 and its size not edited, a (H,) "
                      "bias for the (n_out,) output (written blind)")
def init_params_b2_sized_like_b1(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_hidden),
    }


@TENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
               source="the draws clipped at two standard deviations to imitate Keras' he_normal, 'a "
                      "truncated normal distribution' (rdrr.io/pkg/keras/man/initializer_he_normal.html), "
                      "where the lesson draws a plain normal: the tail weights are changed (written blind)")
def init_params_truncated_at_two_sigma(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    s1, s2 = np.sqrt(2.0 / n_in), np.sqrt(2.0 / n_hidden)
    W1 = rng.normal(0.0, s1, size=(n_hidden, n_in))
    W2 = rng.normal(0.0, s2, size=(n_out, n_hidden))
    # he_normal draws from a normal truncated at two standard deviations
    W1 = np.clip(W1, -2 * s1, 2 * s1)
    W2 = np.clip(W2, -2 * s2, 2 * s2)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@TENTH.mistake("forward_pass", "forward", truth=("fp.aliased",),
               source="a1 = z1 then a1[a1 < 0] = 0: the ReLU done in place on z1, so the cache's z1 has lost "
                      "its negative entries (community.deeplearning.ai/t/why-create-a-copy-of-z-before-"
                      "calculating-relu/61104: 'If you directly modify z ... you are modifying the global "
                      "data')")
def forward_relu_in_place(X, params):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    z1 = X @ W1.T + b1
    a1 = z1  # hidden activations
    a1[a1 < 0] = 0.0  # ReLU
    z2 = a1 @ W2.T + b2
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@TENTH.mistake("forward_pass", "forward", truth=("fp.wrong_operand",),
               source="z2 = a1 @ W2.T + params['b1']: the hidden bias added at the output, a (N, 1) plus a "
                      "(H,) broadcast to (N, H), so y_hat has N * H entries (a key one digit off; written "
                      "blind)")
def forward_b1_at_output(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b1"]
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@TENTH.mistake("forward_pass", "forward", truth=("fp.reshaped",),
               source="sigmoid(z2).squeeze() for .ravel(): a batch of one example loses its batch axis and "
                      "y_hat comes back 0-d where shape (1,) is asked (github.com/galsang/BiDAF-pytorch/"
                      "pull/26 'Fix a bug when batch_size = 1': '.squeeze() would lead to the loss of the "
                      "first dimension')")
def forward_squeeze(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2).squeeze()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@TENTH.mistake("forward_pass", "forward", truth=("err.broadcast",),
               source="the column-per-example layout W1 @ X.T + b1 with b1 left as a (H,) vector: it "
                      "broadcasts along the N columns, a shape error unless N == H (the bias not reshaped "
                      "to (H, 1); written blind)")
def forward_column_layout_bias(X, params):
    # the lecture's column layout: W @ X.T, one column per example
    Z1 = params["W1"] @ X.T + params["b1"]
    A1 = relu(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    y_hat = sigmoid(Z2).ravel()
    return y_hat, {"z1": Z1.T, "a1": A1.T, "z2": Z2.T}


# ---------------------------------------------------------------- 05 backprop

@TENTH.mistake("backprop", "backward", truth=("backward.bias_gradient_not_summed", "fp.kept_batch_axis"),
               source="db1 = dz1: the hidden bias's gradient left as the (N, H) table, never summed over "
                      "the batch (github.com/jimfleming/differentiation/issues/1 'Biases are being "
                      "broadcasted': 'both A and biases will receive a matrix of shape (4, 4)')")
def backward_bias_gradient_not_summed(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@TENTH.mistake("backprop", "backward", truth=("backward.drops_relu_derivative", "fp.missing_factor"),
               source="the ReLU mask taken as a1 >= 0, which holds everywhere since a ReLU output is never "
                      "negative, so the gradient also flows through the switched-off units (written blind)")
def backward_mask_from_activation_ge(X, y, params, cache):
    W2 = params["W2"]
    z2, a1 = cache["z2"], cache["a1"]
    m = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(m, 1)
    dz2 = (sigmoid(z2) - y) / m
    grads = {}
    grads["dW2"] = dz2.T @ a1
    grads["db2"] = np.sum(dz2, axis=0)
    da1 = dz2 @ W2
    dz1 = da1 * (a1 >= 0)  # ReLU passes the gradient where it was active
    grads["dW1"] = dz1.T @ X
    grads["db1"] = np.sum(dz1, axis=0)
    return grads


@TENTH.mistake("backprop", "backward", truth=("fp.over_size", "fp.wrong_size"),
               source="n = X.size: the batch size read as the number of entries N * D, so every gradient is "
                      "D times too small (written blind)")
def backward_divides_by_size(X, y, params, cache):
    n = X.size
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@TENTH.mistake("backprop", "backward", truth=("unnamed",),
               source="a loop over examples accumulating each one's outer products, with "
                      "dW1 = np.outer(...) where += belongs: only the last example's contribution to dW1 "
                      "survives (written blind)")
def backward_example_loop_overwrites_dW1(X, y, params, cache):
    n = X.shape[0]
    y = np.ravel(y)
    dW1 = np.zeros_like(params["W1"])
    db1 = np.zeros_like(params["b1"])
    dW2 = np.zeros_like(params["W2"])
    db2 = np.zeros_like(params["b2"])
    for i in range(n):
        # one example at a time: its error at the output, then back through the ReLU
        d2 = (sigmoid(cache["z2"][i]) - y[i]) / n  # shape (1,)
        dW2 += np.outer(d2, cache["a1"][i])
        db2 += d2
        d1 = (params["W2"].T @ d2) * (cache["z1"][i] > 0)  # shape (H,)
        dW1 = np.outer(d1, X[i])
        db1 += d1
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@TENTH.mistake("backprop", "sgd_step", truth=("fp.over_size",),
               source="p - lr * g / len(g): each gradient divided again by its length 'to average over the "
                      "batch', where backward already took the mean (written blind)")
def sgd_step_divides_by_length(params, grads, lr):
    new_params = {}
    for name in params:
        g = grads["d" + name]
        new_params[name] = params[name] - lr * g / len(g)  # average over the batch
    return new_params


@TENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
               source="{params[name] - lr * grads['d' + name] for name in params}: the 'name:' of the dict "
                      "comprehension left out, a set of arrays, 'TypeError: unhashable type: "
                      "numpy.ndarray' (written blind)")
def sgd_step_set_comprehension(params, grads, lr):
    return {params[name] - lr * grads["d" + name] for name in params}


@TENTH.mistake("backprop", "sgd_step", truth=("fp.returns_input", "fp.not_updated"),
               source="new_params.update(params) after the loop, meant to keep any entry without a gradient: "
                      "it writes every old parameter back over its stepped value, so nothing moves (order of "
                      "statements; written blind)")
def sgd_step_update_overwrites(params, grads, lr):
    new_params = {}
    for name, p in params.items():
        new_params[name] = p - lr * grads["d" + name]
    new_params.update(params)  # keep anything params holds without a gradient
    return new_params


@TENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
               source="new_params = np.copy(params): numpy's copy of a dict is a 0-d object array, and "
                      "new_params['W1'] = ... raises an IndexError (a numpy call on a Python container; "
                      "written blind)")
def sgd_step_np_copy(params, grads, lr):
    new_params = np.copy(params)  # do not touch the caller's parameters
    for name in params:
        new_params[name] = params[name] - lr * grads["d" + name]
    return new_params


# ---------------------------------------------------------------- 06 spiral training

@TENTH.mistake("training", "train_val_split", truth=("fp.off_by_one",),
               source="n_val = int(val_fraction * N): truncation where the lesson rounds, so 0.2 * 13 = 2.6 "
                      "holds out 2 points, not 3 (written blind)")
def train_val_split_truncated_count(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = int(val_fraction * len(X))
    val, tr = order[:n_val], order[n_val:]
    return X[tr], X[val], y[tr], y[val]


@TENTH.mistake("training", "train_val_split", truth=("unnamed",),
               source="the held-out points taken from the end of the shuffled order, idx[-n_val:], where "
                      "the lesson holds out the first n_val: other points in each set (written blind)")
def train_val_split_holdout_from_end(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    idx = np.arange(len(X))
    rng.shuffle(idx)
    n_val = round(val_fraction * len(X))
    X_train, X_val = X[idx[:-n_val]], X[idx[-n_val:]]
    y_train, y_val = y[idx[:-n_val]], y[idx[-n_val:]]
    return X_train, X_val, y_train, y_val


@TENTH.mistake("training", "predict", truth=("fp.logit_thresholded",),
               source="the cached logit z2 compared with the probability threshold: a score >= 0.5 where "
                      "sigmoid(z2) >= 0.5 (a score >= 0) belongs (written blind)")
def predict_thresholds_the_logit(X, params, threshold=0.5):
    _, cache = forward(X, params)
    scores = cache["z2"].ravel()
    return (scores >= threshold).astype(int)


@TENTH.mistake("training", "accuracy", truth=("unnamed",),
               source="y_true & y_pred for y_true == y_pred: the bitwise and counts only the 1s both share, "
                      "so a correct 0 scores nothing (written blind)")
def accuracy_bitwise_and(y_true, y_pred):
    correct = np.ravel(y_true) & np.ravel(y_pred)  # 1 where both agree
    return float(np.mean(correct))


@TENTH.mistake("training", "train", truth=("fp.over_n", "fp.argument_value"),
               source="sgd_step(..., lr / len(X)): the step size divided by N 'since the loss is a mean', "
                      "on top of the 1/N the gradients already carry (written blind)")
def train_lr_over_n(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    step = lr / len(X)  # the loss is a mean, so scale the step per example
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), step)
    return params, history


@TENTH.mistake("training", "train", truth=("fp.constant", "fp.call_count"),
               source="y_hat_val computed once before the loop: the validation loss and accuracy of the "
                      "initial weights recorded every epoch (state not refreshed per epoch; written blind)")
def train_validation_pass_once(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    y_hat_val, _ = forward(X_val, params)  # predictions on the held-out points
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        grads = backward(X, y, params, cache)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, predict(X, params)))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, grads, lr)
    return params, history


@TENTH.mistake("training", "grid_search",
               truth=("grid_search.search_stops_on_the_training_loss", "fp.wrong_data"),
               source="np.argmin(history['loss']): the early stop taken at the lowest training loss, "
                      "usually the last epoch, where the lowest validation loss is asked (written blind)")
def grid_search_training_loss(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@TENTH.mistake("training", "grid_search", truth=("fp.aliased",),
               source="the row lists made once before the outer loop: the same list appended for every "
                      "hidden size, so each row holds all H * R results and the tables are (H, H * R) "
                      "(Stack Overflow 'Why does foo.append(bar) affect all elements in a list of lists?', "
                      "newbetuts.com/6360286)")
def grid_search_rows_shared(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    acc_table, loss_table, epoch_table = [], [], []
    acc_row, loss_row, epoch_row = [], [], []
    for hidden in hiddens:
        for lr in lrs:
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            acc_row.append(history["val_acc"][best])
            loss_row.append(history["val_loss"][best])
            epoch_row.append(best)
        acc_table.append(acc_row)
        loss_table.append(loss_row)
        epoch_table.append(epoch_row)
    return np.array(acc_table), np.array(loss_table), np.array(epoch_table)


@TENTH.mistake("training", "hyperparameters", truth=("err.float_index",),
               source="EPOCHS = 8490 / 10: true division makes the epoch count the float 849.0, and "
                      "range(EPOCHS) raises 'TypeError: 'float' object cannot be interpreted as an integer' "
                      "(github.com/XifengGuo/DEC-keras/issues/1: epochs=epochs/2)")
def hyperparameters_epochs_divided():
    HIDDEN = 64
    LR = 3.0
    EPOCHS = 8490 / 10  # a tenth of the first, far too long, guess
    return locals()


@TENTH.mistake("training", "iterate_minibatches", truth=("fp.with_replacement",),
               source="rng.permutation drawn inside the loop, a fresh order for every batch: points repeat "
                      "within an epoch and others are never yielded (github.com/keras-team/keras/pull/2590 "
                      "'Fix initialization of index_array': 'the generator will repeat images, or omit "
                      "them during an epoch')")
def iterate_minibatches_fresh_order_per_batch(X, y, batch_size, rng):
    for start in range(0, len(X), batch_size):
        order = rng.permutation(len(X))
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


@TENTH.mistake("training", "iterate_minibatches", truth=("fp.aliased",),
               source="one preallocated batch buffer filled and yielded every step: each batch is a view of "
                      "the same array, so batches kept by the caller all show the last one's points "
                      "(numpy-discussion 'Python Lists in Combination with NumPy Arrays', 2010: the same "
                      "array appended twice)")
def iterate_minibatches_reused_buffer(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    X_buf = np.empty((batch_size, *X.shape[1:]), dtype=X.dtype)
    y_buf = np.empty((batch_size, *y.shape[1:]), dtype=y.dtype)
    for start in range(0, len(X), batch_size):
        idx = order[start:start + batch_size]
        k = len(idx)
        X_buf[:k] = X[idx]  # fill the preallocated batch, no new arrays per step
        y_buf[:k] = y[idx]
        yield X_buf[:k], y_buf[:k]


@TENTH.mistake("training", "iterate_minibatches", truth=("fp.pairs_broken",),
               source="X[batch] shuffled but y[start:start + batch_size] sliced in the original order: the "
                      "labels no longer belong to their points (github.com/DrexelChatbotGroup/DrexelChatbot/"
                      "issues/15 'Incomplete randomization': 'randomizes the order of the x data, but not "
                      "the y data')")
def iterate_minibatches_labels_unshuffled(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[start:start + batch_size]


# ---------------------------------------------------------------- 07 what next

@TENTH.mistake("what_next", "init_deep_params", truth=("fp.off_by_one",),
               source="for layer in range(1, len(layer_sizes) - 1): the range stops one layer early, so the "
                      "output layer's W and b are never drawn (off by one; written blind)")
def init_deep_params_stops_before_output(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@TENTH.mistake("what_next", "init_deep_params", truth=("fp.off_by_one",),
               source="enumerate(zip(sizes[:-1], sizes[1:])) without start=1: the layers keyed W0, b0, ... "
                      "where the course counts from W1 (written blind)")
def init_deep_params_enumerate_from_zero(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    fan_ins, fan_outs = layer_sizes[:-1], layer_sizes[1:]
    for i, (n_in, n_out) in enumerate(zip(fan_ins, fan_outs, strict=True)):
        params["W" + str(i)] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params["b" + str(i)] = np.zeros(n_out)
    return params


@TENTH.mistake("what_next", "forward_deep", truth=("fp.wrong_operand", "err.matmul_shapes"),
               source="the output layer written after the loop with params['W2'] and params['b2'], the "
                      "two-layer notebook's names, where W{L} and b{L} belong: right only when L = 2 "
                      "(written blind)")
def forward_deep_output_weights_hard_coded(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        a = act(z)
        cache[f"a{layer}"] = a
    z = a @ params["W2"].T + params["b2"]  # the output layer
    cache[f"z{L}"] = z
    return sigmoid(z).ravel(), cache


@TENTH.mistake("what_next", "forward_deep", truth=("fp.wrong_activation", "fp.off_by_one"),
               source="'if l < n_layers - 1' to pick the hidden activation: one too small, so the last "
                      "hidden layer gets the output's sigmoid instead of its ReLU (off by one in a "
                      "condition; written blind)")
def forward_deep_last_hidden_gets_sigmoid(X, params, activation="relu"):
    act = {"relu": relu, "sigmoid": sigmoid}[activation]
    n_layers = len([name for name in params if name.startswith("W")])
    cache = {}
    a = X
    for k in range(1, n_layers + 1):
        z = a @ params[f"W{k}"].T + params[f"b{k}"]
        cache[f"z{k}"] = z
        if k < n_layers - 1:
            a = act(z)
        else:
            a = sigmoid(z)  # the output unit is a probability
        if k < n_layers:
            cache[f"a{k}"] = a
    return a.ravel(), cache


@TENTH.mistake("what_next", "backward_deep", truth=("fp.wrong_operand", "err.matmul_shapes"),
               source="the delta passed down from the output error at every layer, dz_out @ W{l}, where the "
                      "running delta of the layer above belongs: right for two layers, wrong or a shape "
                      "error below (github.com/Kulbear/deep-learning-coursera/issues/27: 'shall change dAL "
                      "to grads[\"dA\" + str(l + 2)]')")
def backward_deep_output_error_every_layer(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz_out = (sigmoid(cache[f"z{L}"]) - y) / n
    dz = dz_out
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
            dz = (dz_out @ params[f"W{layer}"]) * slope
    return grads


@TENTH.mistake("what_next", "backward_deep", truth=("fp.off_by_one", "fp.wrong_operand", "err.broadcast"),
               source="the activation's slope taken at the layer's own pre-activation z{l} where the layer "
                      "below's z{l-1} belongs, one index off (github.com/dennybritz/nn-from-scratch/pull/3: "
                      "'It should be 1 - tanh^2(z1), rather than 1 - tanh^2(z2)')")
def backward_deep_slope_at_own_layer(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    grads = {}
    delta = (sigmoid(cache[f"z{L}"]) - y) / n
    for layer in reversed(range(1, L + 1)):
        inputs = cache[f"a{layer - 1}"] if layer > 1 else X
        grads[f"dW{layer}"] = delta.T @ inputs
        grads[f"db{layer}"] = delta.sum(axis=0)
        if layer == 1:
            break
        back = delta @ params[f"W{layer}"]
        z = cache[f"z{layer}"]
        if activation == "relu":
            slope = (z > 0).astype(np.float64)
        else:
            s = sigmoid(z)
            slope = s * (1.0 - s)
        delta = back * slope
    return grads


@TENTH.mistake("what_next", "momentum_step", truth=("fp.in_place",),
               source="v = velocity[name]; v *= beta; v += (1 - beta) * g: the right step and velocity, but "
                      "the in-place operators write into the caller's velocity arrays (Stack Overflow 'Are "
                      "numpy arrays passed by reference?', stackoverflow.com/questions/11585793)")
def momentum_step_velocity_in_place(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = velocity[name]
        v *= beta
        v += (1.0 - beta) * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@TENTH.mistake("what_next", "momentum_step", truth=("unnamed",),
               source="the first velocity started at the first gradient instead of zeros, so the first step "
                      "is lr * g where lr * (1 - beta) * g belongs (initialisation of v, cf. "
                      "github.com/zc911/MatrixSlow/pull/17 'Fix wrong initialization of v')")
def momentum_step_first_velocity_from_gradient(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        # start the running average at the first gradient
        velocity = {name: grads["d" + name] for name in params}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@TENTH.mistake("what_next", "adam_step", truth=("fp.corrected_stored",),
               source="m_new[name], v_new[name] = m_hat, v_hat: the bias-corrected moments stored in the "
                      "state where the raw ones belong, so the correction compounds from step to step "
                      "(github.com/frgfm/holocron/issues/1 'Inplace bias correction': 'bias correction is "
                      "made inplace so it affects exp_avg in the next steps')")
def adam_step_stores_corrected_moments(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
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


@TENTH.mistake("what_next", "adam_step", truth=("fp.power_on_difference",),
               source="v / (1 - beta2) ** t: the power applied to (1 - beta2) where 1 - beta2 ** t belongs; "
                      "the same on the first step, far too large a correction after (github.com/ufal/"
                      "npfl114/pull/79 '\"Adam bias correction\" slide correction': the power misplaced)")
def adam_step_power_outside(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {}, "v": {}}
        for name, p in params.items():
            state["m"][name] = np.zeros_like(p)
            state["v"][name] = np.zeros_like(p)
    t = state["t"] + 1
    m_new, v_new, new_params = {}, {}, {}
    for name in params:
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1 - beta1) * g
        v = beta2 * state["v"][name] + (1 - beta2) * g * g
        m_hat = m / (1 - beta1 ** t)
        v_hat = v / (1 - beta2) ** t
        new_params[name] = params[name] - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name] = m
        v_new[name] = v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@TENTH.mistake("what_next", "softmax_classifier_loss", truth=("fp.over_n",),
               source="db1 = dz1.mean(axis=0): a mean over the batch where the sum belongs, on top of the "
                      "1/N already in dz2, so db1 is N times too small (github.com/kvfrans/notes/issues/5: "
                      "'d_b1 = jnp.mean(d_h2, axis=1) should be d_b1 = jnp.sum(d_h2, axis=1)')")
def softmax_classifier_loss_bias_grad_mean(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.mean(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@TENTH.mistake("what_next", "softmax_classifier_loss", truth=("fp.missing_factor",),
               source="dhidden[hidden < 0] = 0 where CS231n's case study writes <= 0: a ReLU output is never "
                      "negative, so the gate never closes and the gradient flows through the switched-off "
                      "units (written blind)")
def softmax_classifier_loss_gate_never_applied(X, y, params, reg=0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N = X.shape[0]
    hidden = np.maximum(0, X @ W1.T + b1)
    scores = hidden @ W2.T + b2
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    data_loss = -np.mean(np.log(probs[np.arange(N), y]))
    reg_loss = 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW2 = dscores.T @ hidden + reg * W2
    db2 = dscores.sum(axis=0)
    dhidden = dscores @ W2
    dhidden[hidden < 0] = 0  # no gradient through switched-off units
    dW1 = dhidden.T @ X + reg * W1
    db1 = dhidden.sum(axis=0)
    return float(data_loss + reg_loss), {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@TENTH.mistake("what_next", "softmax_classifier_train", truth=("fp.all_axes",),
               source="np.argmax(scores_val) without axis=1: the flat index of the largest score in the "
                      "whole (M, K) table compared with every label, so val_acc is about 0 "
                      "(github.com/lisa-lab/DeepLearningTutorials/pull/15 'Fix argmax call in logreg "
                      "tutorial docs to include axis=1')")
def softmax_classifier_train_flat_argmax(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3,
                                         seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        scores_val = relu(X_val @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"]
        history["val_acc"].append(float(np.mean(np.argmax(scores_val) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@TENTH.mistake("what_next", "softmax_classifier_train",
               truth=("softmax_classifier_train.reg_not_passed_on", "fp.default_left", "fp.ignores_argument"),
               source="softmax_classifier_loss(X, y, params) without reg for the training call: one call "
                      "for the history's data loss and the step, so the weights never feel the weight decay "
                      "(the penalty's argument left out; written blind)")
def softmax_classifier_train_reg_never_passed(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3,
                                              seed=0):
    K = int(np.max(y)) + 1
    params = init_params(X.shape[1], hidden, K, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        data_loss, grads = softmax_classifier_loss(X, y, params)  # the loss without the penalty
        history["loss"].append(data_loss)
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        for name in params:
            params[name] = params[name] - lr * grads["d" + name]
    return params, history


# ================================================================ correct alternatives

@TENTH.alternative("perceptron", "perceptron")
def perceptron_heaviside(x, w, b):
    # the step function is numpy's heaviside, with the value 1 on the line itself
    return int(np.heaviside(np.dot(w, x) + b, 1.0))


@TENTH.alternative("perceptron", "gates")
def gates_uneven_margins():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.2
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.8
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.2
    return locals()


@TENTH.alternative("perceptron", "train_perceptron")
def train_perceptron_while_loop(X, y, lr=1.0, epochs=20):
    X = np.array(X, dtype=np.float64)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    epoch = 0
    while epoch < epochs:
        updates = 0
        for i in range(X.shape[0]):
            delta = lr * (y[i] - perceptron(X[i], w, b))
            if delta:
                w += delta * X[i]
                b += delta
                updates += 1
        errors.append(updates)
        epoch += 1
    return w, b, errors


@TENTH.alternative("perceptron", "xor")
def xor_hidden_in_other_order(x):
    nand = perceptron(x, NAND_W, NAND_B)
    either = perceptron(x, OR_W, OR_B)
    return perceptron([nand, either], AND_W, AND_B)


@TENTH.alternative("activations", "sigmoid")
def sigmoid_logaddexp(x):
    x = np.asarray(x, dtype=np.float64)
    # 1 / (1 + e^-x) = exp(-log(1 + e^-x)), and logaddexp never overflows
    return np.exp(-np.logaddexp(0.0, -x))[()]


@TENTH.alternative("activations", "sigmoid_grad")
def sigmoid_grad_named_factors(x):
    s = sigmoid(x)
    one_minus_s = 1.0 - s
    return one_minus_s * s


@TENTH.alternative("activations", "tanh_grad")
def tanh_grad_square_first(x):
    t = tanh(x)
    t = t * t
    return 1.0 - t


@TENTH.alternative("activations", "relu")
def relu_zero_the_negatives_of_a_copy(x):
    out = np.array(x, dtype=np.float64)  # np.array copies
    out[out < 0] = 0.0
    return out[()]


@TENTH.alternative("activations", "relu_grad")
def relu_grad_heaviside(x):
    return np.heaviside(np.asarray(x, dtype=np.float64), 0.0)[()]


@TENTH.alternative("activations", "leaky_relu")
def leaky_relu_two_parts(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return (np.maximum(x, 0.0) + alpha * np.minimum(x, 0.0))[()]


@TENTH.alternative("activations", "leaky_relu_grad")
def leaky_relu_grad_filled(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    slope = np.full(x.shape, float(alpha))
    slope[x >= 0] = 1.0
    return slope[()]


@TENTH.alternative("losses", "binary_cross_entropy")
def binary_cross_entropy_per_example(y, y_hat, eps=1e-9):
    y = np.ravel(y)
    y_hat = np.ravel(y_hat)
    total = 0.0
    for label, p in zip(y, y_hat, strict=True):
        p = min(max(float(p), eps), 1.0 - eps)
        total += -np.log(p) if label == 1 else -np.log(1.0 - p)
    return float(total / len(y))


@TENTH.alternative("losses", "softmax")
def softmax_row_by_row(z):
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    for i, row in enumerate(z):
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
    return out


@TENTH.alternative("losses", "categorical_cross_entropy")
def categorical_cross_entropy_true_class_probability(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.asarray(P, dtype=np.float64)
    p_true = np.sum(Y * P, axis=-1)  # one-hot rows pick the true class
    return float(-np.mean(np.log(np.clip(p_true, eps, 1.0))))


@TENTH.alternative("losses", "softmax_cross_entropy_grad")
def softmax_cross_entropy_grad_cs231n(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    n = Z.shape[0]
    dZ = softmax(Z)
    dZ[np.arange(n), np.argmax(Y, axis=1)] -= 1.0
    return dZ / n


@TENTH.alternative("losses", "mse")
def mse_dot_product(y, y_hat):
    d = np.ravel(np.asarray(y, dtype=np.float64)) - np.ravel(np.asarray(y_hat, dtype=np.float64))
    return float(d @ d / d.size)


@TENTH.alternative("losses", "mse_grad")
def mse_grad_scaled_difference(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    diff = y_hat - np.reshape(np.asarray(y, dtype=np.float64), y_hat.shape)  # a new array
    diff *= 2.0 / diff.size
    return diff


@TENTH.alternative("forward_pass", "init_params")
def init_params_layer_loop(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    sizes = [n_in, n_hidden, n_out]
    params = {}
    for layer in (1, 2):
        fan_in, fan_out = sizes[layer - 1], sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_out, fan_in))
        params[f"b{layer}"] = np.zeros(fan_out)
    return params


@TENTH.alternative("forward_pass", "forward")
def forward_named_dot(X, params):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    z1 = np.dot(X, W1.T) + b1
    a1 = relu(z1)
    z2 = np.dot(a1, W2.T) + b2
    return sigmoid(z2).reshape(-1), {"z1": z1, "a1": a1, "z2": z2}


@TENTH.alternative("backprop", "backward")
def backward_broadcast_single_output(X, y, params, cache):
    n = len(X)
    y = np.reshape(np.asarray(y, dtype=np.float64), (n, 1))
    dz2 = (sigmoid(cache["z2"]) - y) / n
    # one output unit: dz2 @ W2 is the (N, 1) column times the (1, H) row
    dz1 = dz2 * params["W2"] * (cache["a1"] > 0)
    return {"dW1": dz1.T @ X, "db1": np.sum(dz1, axis=0),
            "dW2": dz2.T @ cache["a1"], "db2": np.sum(dz2, axis=0)}


@TENTH.alternative("backprop", "sgd_step")
def sgd_step_copy_then_subtract(params, grads, lr):
    new_params = {name: p.copy() for name, p in params.items()}
    for name in new_params:
        new_params[name] -= lr * grads["d" + name]
    return new_params


@TENTH.alternative("training", "train_val_split")
def train_val_split_shuffled_index(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    idx = np.arange(len(X))
    rng.shuffle(idx)
    n_val = round(val_fraction * len(X))
    return X[idx[n_val:]], X[idx[:n_val]], y[idx[n_val:]], y[idx[:n_val]]


@TENTH.alternative("training", "predict")
def predict_where(X, params, threshold=0.5):
    probabilities, _ = forward(X, params)
    return np.where(probabilities >= threshold, 1, 0)


@TENTH.alternative("training", "accuracy")
def accuracy_counted(y_true, y_pred):
    y_true, y_pred = np.ravel(y_true), np.ravel(y_pred)
    correct = 0
    for t, p in zip(y_true, y_pred, strict=True):
        if t == p:
            correct += 1
    return correct / len(y_true)


@TENTH.alternative("training", "iterate_minibatches")
def iterate_minibatches_while(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    start = 0
    while start < len(X):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]
        start += batch_size


@TENTH.alternative("what_next", "init_deep_params")
def init_deep_params_zip(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    fan_ins, fan_outs = layer_sizes[:-1], layer_sizes[1:]
    for i, (n_in, n_out) in enumerate(zip(fan_ins, fan_outs, strict=True), start=1):
        params["W" + str(i)] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params["b" + str(i)] = np.zeros(n_out)
    return params


@TENTH.alternative("what_next", "forward_deep")
def forward_deep_dispatch(X, params, activation="relu"):
    act = {"relu": relu, "sigmoid": sigmoid}[activation]
    n_layers = len([name for name in params if name.startswith("W")])
    cache = {}
    a = X
    for k in range(1, n_layers + 1):
        z = a @ params[f"W{k}"].T + params[f"b{k}"]
        cache[f"z{k}"] = z
        if k < n_layers:
            a = act(z)
            cache[f"a{k}"] = a
    return sigmoid(cache[f"z{n_layers}"]).ravel(), cache


@TENTH.alternative("what_next", "momentum_step")
def momentum_step_reordered(params, grads, velocity, lr, beta=0.9):
    new_params, new_velocity = {}, {}
    for name in params:
        old = velocity[name] if velocity is not None else np.zeros_like(params[name])
        new_velocity[name] = old * beta + grads["d" + name] * (1.0 - beta)
        new_params[name] = params[name] - lr * new_velocity[name]
    return new_params, new_velocity


@TENTH.alternative("what_next", "adam_step")
def adam_step_np_power(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = 1 if state is None else state["t"] + 1
    new_params, new_m, new_v = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m_old = np.zeros_like(p) if state is None else state["m"][name]
        v_old = np.zeros_like(p) if state is None else state["v"][name]
        new_m[name] = beta1 * m_old + (1.0 - beta1) * g
        new_v[name] = beta2 * v_old + (1.0 - beta2) * np.square(g)
        m_hat = new_m[name] / (1.0 - np.power(beta1, t))
        v_hat = new_v[name] / (1.0 - np.power(beta2, t))
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_params, {"t": t, "m": new_m, "v": new_v}


@TENTH.alternative("what_next", "softmax_classifier_loss")
def softmax_classifier_loss_cs231n(X, y, params, reg=0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N = X.shape[0]
    hidden = np.maximum(0, X @ W1.T + b1)
    scores = hidden @ W2.T + b2
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    data_loss = -np.mean(np.log(np.clip(probs[np.arange(N), y], 1e-9, 1.0)))
    reg_loss = 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW2 = dscores.T @ hidden + reg * W2
    db2 = dscores.sum(axis=0)
    dhidden = dscores @ W2
    dhidden[hidden <= 0] = 0
    dW1 = dhidden.T @ X + reg * W1
    db1 = dhidden.sum(axis=0)
    return float(data_loss) + float(reg_loss), {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
