"""The fourteenth set of unseen mistakes (and correct alternatives), written blind by helper H25f.

Written on 2026-12-04 (session 25) by helper H25f, from: the student notebooks
(``notebooks/neural_networks/*.ipynb``: their markdown, solution cells' signatures and docstrings), the
reference answers (``solutions/perceptron.py``, ``activations.py``, ``losses.py``, ``forward_pass.py``,
``backprop.py``, ``training.py``, ``what_next.py``), ``solutions/blind_set.py``, the registry of blanks
(``autograder/blanks.py``), the thirteenth set's module docstring, imports and first entries as the
format to copy, the one-line ``source=`` strings of every earlier set (to stay clear of slips already
written; they were pulled out with a small AST script that printed only each entry's blank and
source), and public material found with the search tool (GitHub issues and pull requests, library
documentation, Q&A mirrors).

Not read: ``autograder/`` beyond ``blanks.py``, ``nncourse/``, ``tests/``, ``solutions/mistakes/``,
``docs/``, the README past its first section, the code or ``truth=`` of the earlier sets (beyond the
thirteenth's first entries), anything under /work/briefs or /tmp. Neither ``nncourse mutants`` nor the
grader was run on these entries; each was only run in plain Python on small inputs against the
reference, to see a mistake differ from it (in its output, or in a change to its inputs) and an
alternative agree with it to 1e-10. The two ``hyperparameters`` mistakes were checked by training with
them on the lesson data and scoring on a fresh spiral of the same distribution (not the held-out
points, which were not read).

There is no labelling vocabulary for this set: every mistake carries ``truth=("unnamed",)``, and the
lead's blind judge rules each hint by reading the slip in its ``source=``. The constants blanks
(``gates``, ``hyperparameters``) are written as the thirteenth set writes ``gates``: a function that
assigns the cell's names and returns ``locals()``.

82 mistakes cover all 37 blanks (01 10, 02 13, 03 13, 04 9, 05 8, 06 15, 07 14, so at most 15 of 82 in
any one notebook); 7 of their ``source=`` strings cite where the slip (or the default or convention it
comes from) is reported, the other 75 say "written blind". About 35 only show on some inputs (ties
and near-ties, N = 1, integer or list inputs, column (N, 1) inputs, 2-D inputs with several columns,
saturated predictions, huge logit gaps, x = 0, alpha > 1, thresholds other than 0.5, reg > 0, calls
that rely on a default, a second call, non-zero biases, sigmoid runs, batch sizes that do not divide
N), and about 40 are written the student's way (loops, Python lists, temporaries, module state, calls
to the student's other functions). Some mistakes return the right values and are wrong only in a side
effect on their inputs: ``leaky_relu_in_place``, ``binary_cross_entropy_clip_in_place``,
``forward_transposes_params``, ``sgd_step_zeroes_grads``, ``momentum_step_updates_callers_dict``.
39 correct alternatives cover every notebook module (01 4, 02 8, 03 7, 04 3, 05 4, 06 6, 07 7); each
agreed with the reference to 1e-10 on the inputs tried, edge shapes included.

Each mistake is one slip, about half of them in the reference's own code and half in a function
written the way a student would. ``source=`` says the slip in plain words, then where it is
reported, or "written blind".

``nncourse mutants --unseen fourteenth`` grades it. Once measured, the file is frozen: it must not be
edited after its first measurement; a miss may lead to a general fingerprint, never to an edit here.
"""

import copy
import itertools
import math

import numpy as np

from solutions.activations import leaky_relu, relu, relu_grad, sigmoid, sigmoid_grad, tanh
from solutions.backprop import backward, sgd_step
from solutions.blind_set import BlindSet
from solutions.forward_pass import forward, init_params
from solutions.losses import binary_cross_entropy, categorical_cross_entropy, softmax
from solutions.perceptron import AND_B, AND_W, NAND_B, NAND_W, OR_B, OR_W, perceptron, train_perceptron
from solutions.training import accuracy, predict, train
from solutions.what_next import predict_classes, softmax_classifier_loss

FOURTEENTH = BlindSet("fourteenth")
UNSEEN_FOURTEENTH, UNSEEN_FOURTEENTH_ALTERNATIVES = FOURTEENTH.mistakes, FOURTEENTH.alternatives


# ---------------------------------------------------------------- 01 perceptron

@FOURTEENTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                    source="the weighted sum built in a loop with the return indented into it: the unit "
                           "decides after the first feature, w[0] x[0] + b, and the other features never "
                           "count (only where a later feature changes the side; written blind)")
def perceptron_return_in_loop(x, w, b):
    z = b
    for i in range(len(x)):
        z += w[i] * x[i]
        return 1 if z >= 0 else 0
    return 1 if z >= 0 else 0


@FOURTEENTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                    source="x = np.rint(x) 'because the gates take 0/1 inputs': every input rounded to a "
                           "whole number before the weighted sum, so a point such as (0.4, 0.4) is taken as "
                           "the origin (only on non-binary inputs; written blind)")
def perceptron_rounds_inputs(x, w, b):
    x = np.rint(np.asarray(x, dtype=np.float64))
    return 1 if np.dot(w, x) + b >= 0 else 0


@FOURTEENTH.mistake("perceptron", "gates", truth=("unnamed",),
                    source="AND_W = [1, 1, -1.5] with AND_B = 0: the bias folded into the weights as a "
                           "third entry (the 'bias trick'), while the unit still takes two inputs and a "
                           "separate b, so np.dot raises 'shapes (3,) and (2,) not aligned' (written blind)")
def gates_and_bias_trick():
    AND_W = np.array([1.0, 1.0, -1.5])
    AND_B = 0.0
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@FOURTEENTH.mistake("perceptron", "gates", truth=("unnamed",),
                    source="NAND_B = 2.0 reasoning 'fires unless both inputs are on, so the bias is the "
                           "number of inputs': (1, 1) gives -2 + 2 = 0, lands on the line and the >= 0 step "
                           "fires, so NAND is 1 everywhere (written blind)")
def gates_nand_bias_two():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 2.0
    return locals()


@FOURTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                    source="the epoch's predictions computed for every point before the loop over points (a "
                           "batch habit), then the updates applied point by point with those stale "
                           "predictions: a point already fixed by an earlier update is updated again "
                           "(written blind)")
def train_perceptron_stale_predictions(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        preds = [perceptron(x_i, w, b) for x_i in X]
        n_wrong = 0
        for x_i, y_i, p_i in zip(X, y, preds, strict=True):
            step = lr * (y_i - p_i)
            if step != 0:
                w = w + step * x_i
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@FOURTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                    source="def train_perceptron(X, y, lr=0.1, epochs=20): the learning rate's default "
                           "typed as the usual 0.1, so a call without lr returns weights and bias a tenth "
                           "of the asked ones (the line found is the same; only for calls without lr; "
                           "written blind)")
def train_perceptron_default_lr_tenth(X, y, lr=0.1, epochs=20):
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


@FOURTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                    source="the mistake counted after the update, by predicting the point again with the "
                           "new weights: a point that one update fixes is not counted, so errors "
                           "undercounts the updates made (written blind)")
def train_perceptron_counts_after_update(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for i in range(len(X)):
            err = y[i] - perceptron(X[i], w, b)
            w = w + lr * err * X[i]
            b = b + lr * err
            if perceptron(X[i], w, b) != y[i]:
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@FOURTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                    source="for epoch in range(1, epochs): the epochs counted from 1 to print 'epoch 1', so "
                           "one epoch fewer is run and errors has epochs - 1 entries (off by one; written "
                           "blind)")
def train_perceptron_epochs_from_one(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _epoch in range(1, epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w = w + step * x_i
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@FOURTEENTH.mistake("perceptron", "xor", truth=("unnamed",),
                    source="XOR learned by one perceptron: train_perceptron run on the XOR truth table and "
                           "its line used, which no single line can separate, so some corners come out "
                           "wrong (Minsky and Papert's limit; the single-layer XOR failure discussed in "
                           "github.com/raymoo/NEET/issues/1)")
def xor_single_trained_perceptron(x):
    table = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    w, b, _ = train_perceptron(table, np.array([0, 1, 1, 0]))
    return perceptron(x, w, b)


_XOR_HIDDEN = []


@FOURTEENTH.mistake("perceptron", "xor", truth=("unnamed",),
                    source="the hidden pair (OR, NAND) computed once and kept in a module-level list 'to "
                           "build the network once': every later call reuses the first input's hidden "
                           "units, so xor returns the first call's answer (only from the second call; "
                           "written blind)")
def xor_hidden_cached(x):
    if not _XOR_HIDDEN:
        _XOR_HIDDEN.append(np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)]))
    return perceptron(_XOR_HIDDEN[0], AND_W, AND_B)


@FOURTEENTH.alternative("perceptron", "perceptron")
def perceptron_threshold_form(x, w, b):
    total = 0.0
    for w_i, x_i in zip(w, np.asarray(x, dtype=np.float64), strict=True):
        total += w_i * x_i
    return int(total + b >= 0)


@FOURTEENTH.alternative("perceptron", "gates")
def gates_tie_biases():
    AND_W = np.array([1.0, 1.0])
    AND_B = -2.0
    OR_W = np.array([1.0, 1.0])
    OR_B = -1.0
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.0
    return locals()


@FOURTEENTH.alternative("perceptron", "train_perceptron")
def train_perceptron_in_place_updates(X, y, lr=1.0, epochs=20):
    X = np.array(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        count = 0
        for i in range(X.shape[0]):
            delta = lr * (y[i] - perceptron(X[i], w, b))
            if delta:
                w += delta * X[i]
                b += delta
                count += 1
        errors.append(count)
    return w, b, errors


@FOURTEENTH.alternative("perceptron", "xor")
def xor_nand_as_not_and(x):
    h_or = perceptron(x, OR_W, OR_B)
    h_nand = 1 - perceptron(x, AND_W, AND_B)
    return perceptron([h_nand, h_or], AND_W, AND_B)


# ---------------------------------------------------------------- 02 activations

@FOURTEENTH.mistake("activations", "sigmoid", truth=("unnamed",),
                    source="1 / 1 + np.exp(-x): the parentheses around the denominator left out, so the "
                           "division happens first and the result is 1 + e^-x, 2 at x = 0 (reported in "
                           "techqa.club/v/q/how-to-get-numpy-exp-to-work-with-an-array-as-well-as-a-"
                           "scalar-64217950, "
                           "'h = 1/1+np.exp(-z)')")
def sigmoid_missing_parentheses(x):
    x = np.asarray(x, dtype=np.float64)
    return (1 / 1 + np.exp(-x))[()]


@FOURTEENTH.mistake("activations", "sigmoid", truth=("unnamed",),
                    source="1 / (1 + math.e ** -x) on the input as given: for arrays numpy's power returns "
                           "inf and the result 0, but a Python float below about -709 raises "
                           "'OverflowError: Numerical result out of range' (only on large negative scalars; "
                           "written blind)")
def sigmoid_math_e_power(x):
    return 1 / (1 + math.e ** -x)


@FOURTEENTH.mistake("activations", "sigmoid_grad", truth=("unnamed",),
                    source="0.25 * (1 - tanh(x) ** 2) from sigmoid'(x) = sech^2(x / 2) / 4 with the halving "
                           "of x lost: right at 0, a curve twice as narrow elsewhere (written blind)")
def sigmoid_grad_tanh_unhalved(x):
    return 0.25 * (1.0 - tanh(x) ** 2)


@FOURTEENTH.mistake("activations", "tanh", truth=("unnamed",),
                    source="the stable trick of the sigmoid copied, e = exp(-2|x|) and (1 - e) / (1 + e), "
                           "without putting back the sign of x: tanh(|x|), so every negative input comes "
                           "out positive (written blind)")
def tanh_abs_no_sign(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-2.0 * np.abs(x))
    return ((1.0 - e) / (1.0 + e))[()]


@FOURTEENTH.mistake("activations", "tanh", truth=("unnamed",),
                    source="2 * (sigmoid(2x) - 1) for the identity 2 sigmoid(2x) - 1: the parenthesis "
                           "closed after the - 1, so the outputs lie in (-2, 0) and tanh(0) comes out -1 "
                           "(written blind)")
def tanh_identity_parenthesis(x):
    return 2.0 * (sigmoid(2.0 * np.asarray(x, dtype=np.float64)) - 1.0)


@FOURTEENTH.mistake("activations", "tanh_grad", truth=("unnamed",),
                    source="4 * sigmoid_grad(x) from tanh(x) = 2 sigmoid(2x) - 1: the outer factor 2 and "
                           "the chain rule's 2 kept, the inner 2x lost, so the slope is 4 s'(x) where 4 "
                           "s'(2x) belongs (right only at 0; written blind)")
def tanh_grad_four_sigmoid_grad(x):
    return 4.0 * sigmoid_grad(x)


@FOURTEENTH.mistake("activations", "relu", truth=("unnamed",),
                    source="np.maximum(np.zeros(len(x)), x): the zeros sized by len, the number of rows, so "
                           "a (N, K) input fails to broadcast unless N == K (and then every column is "
                           "compared with zeros, fine by luck) and a scalar raises 'len() of unsized "
                           "object' (written blind)")
def relu_zeros_of_len(x):
    return np.maximum(np.zeros(len(x)), x)


@FOURTEENTH.mistake("activations", "relu", truth=("unnamed",),
                    source="x * (x > 0) on the input as given: right for floats, but an integer input keeps "
                           "its int dtype where float64 is asked (only on integer inputs; written blind)")
def relu_mask_product_int(x):
    x = np.asarray(x)
    return (x * (x > 0))[()]


@FOURTEENTH.mistake("activations", "relu_grad", truth=("unnamed",),
                    source="x > 1e-6 'so that float noise near the kink counts as zero': small positive "
                           "inputs such as 1e-7 get slope 0 where the ReLU's slope is 1 (only on tiny "
                           "positive inputs; written blind)")
def relu_grad_tolerance(x):
    return (np.asarray(x, dtype=np.float64) > 1e-6).astype(np.float64)[()]


@FOURTEENTH.mistake("activations", "leaky_relu", truth=("unnamed",),
                    source="relu(x) + alpha * x, reading 'a ReLU plus a small leak': the negative side is "
                           "right, but positive inputs come out (1 + alpha) x (written blind)")
def leaky_relu_relu_plus_leak(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return (relu(x) + alpha * x)[()]


@FOURTEENTH.mistake("activations", "leaky_relu", truth=("unnamed",),
                    source="x[x < 0] *= alpha on np.asarray(x, dtype=float64), which does not copy a "
                           "float64 array: the right values, but the caller's array is scaled in place "
                           "(written blind)")
def leaky_relu_in_place(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 0:
        return x[()] if x >= 0 else alpha * x[()]
    x[x < 0] *= alpha
    return x


@FOURTEENTH.mistake("activations", "leaky_relu_grad", truth=("unnamed",),
                    source="leaky_relu(x, alpha) / x, the slope of a line through the origin: 1 and alpha "
                           "away from the kink, but 0 / 0 = nan at x = 0 where the lesson's slope is 1 "
                           "(only at x = 0; written blind)")
def leaky_relu_grad_ratio(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (leaky_relu(x, alpha) / x)[()]


@FOURTEENTH.mistake("activations", "leaky_relu_grad", truth=("unnamed",),
                    source="np.maximum(alpha, x >= 0): the slope as 'the larger of alpha and the ReLU's 0/1 "
                           "slope', right for alpha <= 1, but alpha > 1 gives alpha on the positive side "
                           "too (only for alpha > 1; written blind)")
def leaky_relu_grad_maximum(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(alpha, (x >= 0).astype(np.float64))[()]


@FOURTEENTH.alternative("activations", "sigmoid")
def sigmoid_logaddexp(x):
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -x))[()]


@FOURTEENTH.alternative("activations", "sigmoid_grad")
def sigmoid_grad_symmetric(x):
    return sigmoid(x) * sigmoid(-np.asarray(x, dtype=np.float64))


@FOURTEENTH.alternative("activations", "tanh")
def tanh_from_sigmoids(x):
    x = np.asarray(x, dtype=np.float64)
    return (sigmoid(2.0 * x) - sigmoid(-2.0 * x))[()]


@FOURTEENTH.alternative("activations", "tanh_grad")
def tanh_grad_factored(x):
    t = tanh(x)
    return (1.0 - t) * (1.0 + t)


@FOURTEENTH.alternative("activations", "relu")
def relu_half_sum(x):
    x = np.asarray(x, dtype=np.float64)
    return ((x + np.abs(x)) / 2.0)[()]


@FOURTEENTH.alternative("activations", "relu_grad")
def relu_grad_sign_of_relu(x):
    return np.sign(relu(x))


@FOURTEENTH.alternative("activations", "leaky_relu")
def leaky_relu_two_relus(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return (relu(x) - alpha * relu(-x))[()]


@FOURTEENTH.alternative("activations", "leaky_relu_grad")
def leaky_relu_grad_blend(x, alpha=0.1):
    neg = (np.asarray(x, dtype=np.float64) < 0).astype(np.float64)
    return (1.0 - (1.0 - alpha) * neg)[()]


# ---------------------------------------------------------------- 03 losses

@FOURTEENTH.mistake("losses", "binary_cross_entropy", truth=("unnamed",),
                    source="np.clip(y_hat, eps, 1 - eps, out=y_hat) to clip without a copy: the right loss, "
                           "but the caller's predictions at 0 or 1 are overwritten by eps and 1 - eps (only "
                           "when some y_hat is outside [eps, 1 - eps]; written blind)")
def binary_cross_entropy_clip_in_place(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64)
    p = np.clip(y_hat, eps, 1.0 - eps, out=y_hat).ravel()
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


@FOURTEENTH.mistake("losses", "binary_cross_entropy", truth=("unnamed",),
                    source="-mean(log p[y == 1]) - mean(log(1 - p)[y == 0]): each class averaged on its own "
                           "and the two means added, a class-balanced loss where the mean over all N points "
                           "is asked (twice the loss on a balanced batch, nan when a class is missing; "
                           "written blind)")
def binary_cross_entropy_per_class_means(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    pos = -np.mean(np.log(p[y == 1]))
    neg = -np.mean(np.log(1.0 - p[y == 0]))
    return float(pos + neg)


@FOURTEENTH.mistake("losses", "binary_cross_entropy_grad", truth=("unnamed",),
                    source="(y_hat - y) / (p (1 - p)) / N: the clipped p put in the denominator but the raw "
                           "y_hat left in the numerator, so a right prediction of exactly 0 or 1 gets slope "
                           "0 where the clipped formula gives about 1 / N (only at y_hat = 0 or 1; a "
                           "variable one name off; written blind)")
def binary_cross_entropy_grad_raw_numerator(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (y_hat - y) / (p * (1.0 - p)) / y_hat.size


@FOURTEENTH.mistake("losses", "binary_cross_entropy_grad", truth=("unnamed",),
                    source="N read as y_hat.shape[-1], the last axis: right for a (N,) y_hat, but a (N, 1) "
                           "column is divided by 1, N times the gradient of the mean (only on column "
                           "inputs; written blind)")
def binary_cross_entropy_grad_last_axis(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (p - y) / (p * (1.0 - p)) / y_hat.shape[-1]


@FOURTEENTH.mistake("losses", "softmax", truth=("unnamed",),
                    source="a loop 'for i in range(z.shape[1])' over the rows of a zeros_like result: the "
                           "number of classes K taken for the number of rows, so for N > K the last rows "
                           "stay zero and for N < K the loop raises an IndexError (wrong axis; written "
                           "blind)")
def softmax_loop_over_columns_count(z):
    z = np.asarray(z, dtype=np.float64)
    out = np.zeros_like(z)
    for i in range(z.shape[1]):
        e = np.exp(z[i] - np.max(z[i]))
        out[i] = e / np.sum(e)
    return out


@FOURTEENTH.mistake("losses", "softmax", truth=("unnamed",),
                    source="np.exp(z) - z.max(axis=-1, keepdims=True): the stability shift typed after the "
                           "exponential instead of inside it, so the rows are e^z minus the max, not a "
                           "softmax, and can go negative (parenthesis placement; written blind)")
def softmax_shift_outside_exp(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z) - z.max(axis=-1, keepdims=True)
    return e / e.sum(axis=-1, keepdims=True)


@FOURTEENTH.mistake("losses", "categorical_cross_entropy", truth=("unnamed",),
                    source="Y = np.clip(Y, eps, 1) where P belongs: the clip put on the labels, so a "
                           "probability of exactly 0 anywhere gives eps * log(0) = -inf and an infinite "
                           "loss (only when some P is 0; the wrong array clipped; written blind)")
def categorical_cross_entropy_clips_labels(Y, P, eps=1e-9):
    Y = np.clip(np.asarray(Y, dtype=np.float64), eps, 1.0)
    P = np.asarray(P, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-np.mean(np.sum(Y * np.log(P), axis=-1)))


@FOURTEENTH.mistake("losses", "categorical_cross_entropy", truth=("unnamed",),
                    source="P = softmax(P) first, the probabilities treated as logits (the from_logits "
                           "confusion): a second softmax flattens every row, so the loss is wrong whenever "
                           "P is not uniform (double softmax, github.com/tflearn/tflearn/pull/562 'Double "
                           "application of softmax')")
def categorical_cross_entropy_softmax_again(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(softmax(P), eps, 1.0)
    return float(-np.mean(np.sum(Y * np.log(P), axis=-1)))


@FOURTEENTH.mistake("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
                    source="the full softmax Jacobian applied to dL/dP = -Y / P, row by row: exact on "
                           "paper, but a true class whose probability underflows to 0 gives -1 / 0 and nan "
                           "(only when a logit gap passes about 745; written blind)")
def softmax_cross_entropy_grad_full_jacobian(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    P = softmax(Z)
    out = np.zeros_like(P)
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(P.shape[0]):
            J = np.diag(P[i]) - np.outer(P[i], P[i])
            out[i] = J @ (-Y[i] / P[i])
    return out / Z.shape[0]


@FOURTEENTH.mistake("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
                    source="(sigmoid(Z) - Y) / N: the binary network's output error y_hat - y carried over "
                           "with a sigmoid on each logit where the row's softmax belongs (sigmoid used for "
                           "softmax, github.com/hunkim/DeepLearningZeroToAll/issues/51 'Lab 09-5 Sigmoid "
                           "used instead of Softmax')")
def softmax_cross_entropy_grad_sigmoid(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return (sigmoid(Z) - np.asarray(Y, dtype=np.float64)) / Z.shape[0]


@FOURTEENTH.mistake("losses", "mse", truth=("unnamed",),
                    source="np.sum((y - y_hat) ** 2) / len(y) on the arrays as given: len counts rows, so a "
                           "(N, K) pair with K > 1 is divided by N where its N * K entries belong (only on "
                           "2-D inputs with several columns; written blind)")
def mse_len_rows(y, y_hat):
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64).reshape(y.shape)
    return float(np.sum((y - y_hat) ** 2) / len(y))


@FOURTEENTH.mistake("losses", "mse", truth=("unnamed",),
                    source="np.mean(y - y_hat ** 2): the parenthesis around the residual left out, so only "
                           "the prediction is squared (operator precedence; written blind)")
def mse_precedence(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.mean(y - y_hat ** 2))


@FOURTEENTH.mistake("losses", "mse_grad", truth=("unnamed",),
                    source="grad = np.zeros_like(y_hat) filled entry by entry: an integer y_hat (rounded "
                           "predictions) gives an int buffer, and every 2 (y_hat - y) / N is truncated "
                           "toward 0 (only on integer y_hat; written blind)")
def mse_grad_int_buffer(y, y_hat):
    y_hat = np.asarray(y_hat)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    grad = np.zeros_like(y_hat)
    n = y_hat.size
    for i in range(n):
        grad.flat[i] = 2.0 * (y_hat.flat[i] - y.flat[i]) / n
    return grad


@FOURTEENTH.alternative("losses", "binary_cross_entropy")
def binary_cross_entropy_dot(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-(np.dot(y, np.log(p)) + np.dot(1.0 - y, np.log(1.0 - p))) / len(y))


@FOURTEENTH.alternative("losses", "binary_cross_entropy_grad")
def binary_cross_entropy_grad_two_terms(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (-y / p + (1.0 - y) / (1.0 - p)) / y_hat.size


@FOURTEENTH.alternative("losses", "softmax")
def softmax_in_place_normalise(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    e /= np.sum(e, axis=-1, keepdims=True)
    return e


@FOURTEENTH.alternative("losses", "categorical_cross_entropy")
def categorical_cross_entropy_true_class(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.asarray(P, dtype=np.float64)
    p_true = np.clip(np.sum(Y * np.clip(P, eps, 1.0), axis=-1), eps, 1.0)
    return float(-np.mean(np.log(p_true)))


@FOURTEENTH.alternative("losses", "softmax_cross_entropy_grad")
def softmax_cross_entropy_grad_subtract_at_label(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    n = Z.shape[0]
    dZ = softmax(Z)
    dZ[np.arange(n), np.asarray(Y).argmax(axis=1)] -= 1.0
    return dZ / n


@FOURTEENTH.alternative("losses", "mse")
def mse_norm_squared(y, y_hat):
    r = np.asarray(y, dtype=np.float64).ravel() - np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.linalg.norm(r) ** 2 / r.size)


@FOURTEENTH.alternative("losses", "mse_grad")
def mse_grad_scaled_residual(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    residual = y_hat - np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return residual * 2.0 / residual.size


# ---------------------------------------------------------------- 04 forward pass

@FOURTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                    source="def init_params(n_in, n_hidden, n_out=1, seed=42): the seed's default typed as "
                           "the tutorials' 42, so a call without seed draws other weights than the asked "
                           "default_rng(0) (only for calls without seed; written blind)")
def init_params_default_seed_42(n_in, n_hidden, n_out=1, seed=42):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@FOURTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                    source="rng.standard_normal(shape, dtype=np.float32) * std 'to save memory': the "
                           "weights come back float32, drawn by another algorithm, so they are neither "
                           "float64 nor the numbers default_rng(seed).normal gives (written blind)")
def init_params_float32_draws(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_hidden, n_in), dtype=np.float32) * np.float32(np.sqrt(2.0 / n_in))
    W2 = rng.standard_normal((n_out, n_hidden), dtype=np.float32) * np.float32(np.sqrt(2.0 / n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@FOURTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                    source="W2's size typed (n_out, n_in), the W1 line copied and its second entry not "
                           "edited: the output weights meet D inputs where the hidden layer gives H (a "
                           "shape error in forward unless D == H; written blind)")
def init_params_w2_copied_size(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_in)),
        "b2": np.zeros(n_out),
    }


@FOURTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                    source="np.sqrt(2 / (n_in + 1)) and np.sqrt(2 / (n_hidden + 1)): the bias counted as "
                           "one more input in each layer's fan-in, so every weight is a little too small "
                           "(most visible for small layers: n_in = 2 gives sqrt(2/3) for 1; written blind)")
def init_params_fan_in_plus_bias(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / (n_in + 1)), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / (n_hidden + 1)), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@FOURTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                    source="y_hat = sigmoid(z2)[0]: the first row of the (N, 1) column taken to 'flatten' "
                           "it, a single probability of shape (1,) where N of them are asked (right only "
                           "for N = 1; written blind)")
def forward_first_row(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2)[0]
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@FOURTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                    source="return y_hat, (z1, a1, z2): the cache returned as a tuple of the three arrays "
                           "where a dict keyed z1, a1, z2 is asked, so backward's cache['z1'] raises (wrong "
                           "return structure; written blind)")
def forward_tuple_cache(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).ravel(), (z1, a1, z2)


@FOURTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                    source="params['W1'] = params['W1'].T stored back 'to avoid transposing twice': the "
                           "first call is right, but the caller's dict now holds the transpose and a second "
                           "call fails (or, when D == H, silently uses W1 transposed) (only from the second "
                           "call; written blind)")
def forward_transposes_params(X, params):
    params["W1"] = params["W1"].T
    params["W2"] = params["W2"].T
    z1 = X @ params["W1"] + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"] + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@FOURTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                    source="(tanh(z2) + 1) / 2 at the output, tanh rescaled to (0, 1) as a probability: "
                           "that is sigmoid(2 z2), every probability pushed away from 0.5 (written blind)")
def forward_rescaled_tanh_output(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = ((np.tanh(z2) + 1.0) / 2.0).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@FOURTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                    source="a1 = relu_grad(z1): the neighbouring function of notebook 2 called, the ReLU's "
                           "0/1 slope used as the hidden activations, so every active unit outputs 1 "
                           "whatever its input (a function name one word off; written blind)")
def forward_relu_grad_as_activation(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu_grad(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@FOURTEENTH.alternative("forward_pass", "init_params")
def init_params_one_stream(n_in, n_hidden, n_out=1, seed=0):
    draws = np.random.default_rng(seed).standard_normal(n_hidden * n_in + n_out * n_hidden)
    W1 = draws[:n_hidden * n_in].reshape(n_hidden, n_in) * np.sqrt(2.0 / n_in)
    W2 = draws[n_hidden * n_in:].reshape(n_out, n_hidden) * np.sqrt(2.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@FOURTEENTH.alternative("forward_pass", "forward")
def forward_per_example_loop(X, params):
    z1s, a1s, z2s = [], [], []
    for x in X:
        z1 = params["W1"] @ x + params["b1"]
        a1 = np.maximum(z1, 0.0)
        z1s.append(z1)
        a1s.append(a1)
        z2s.append(params["W2"] @ a1 + params["b2"])
    z2 = np.array(z2s)
    return sigmoid(z2).reshape(-1), {"z1": np.array(z1s), "a1": np.array(a1s), "z2": z2}


@FOURTEENTH.alternative("forward_pass", "forward")
def forward_lesson_layout(X, params):
    z1 = (params["W1"] @ X.T).T + params["b1"]
    a1 = np.where(z1 > 0, z1, 0.0)
    z2 = (params["W2"] @ a1.T).T + params["b2"]
    return sigmoid(z2)[:, 0], {"z1": z1, "a1": a1, "z2": z2}


# ---------------------------------------------------------------- 05 backprop

@FOURTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                    source="dz2 = 2 * (y_hat - y) / N: the factor 2 of notebook 3's MSE gradient carried "
                           "into the sigmoid-plus-cross-entropy output error, every gradient twice the "
                           "asked one (written blind)")
def backward_mse_factor_two(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = 2.0 * (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dW2, "db2": db2}


@FOURTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                    source="dz1 = dz2 * (z1 > 0): the output error masked and broadcast to the hidden layer "
                           "with the W2 factor of the chain rule left out, so every active unit gets the "
                           "same error whatever its outgoing weight (written blind)")
def backward_drops_w2(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dz1 = dz2 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@FOURTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                    source="np.round(sigmoid(z2)) - y: the predicted labels used in the output error, so "
                           "every correctly classified point contributes 0 and the rest +-1 / N (a "
                           "perceptron-style error in a gradient; written blind)")
def backward_rounded_prediction(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (np.round(sigmoid(cache["z2"])) - y) / n
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@FOURTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                    source="da1 = (dz2 * sigmoid_grad(z2)) @ W2: the output's sigmoid slope multiplied in "
                           "again when the error is sent back, although y_hat - y already includes it, so "
                           "the first layer's gradients are scaled by y_hat (1 - y_hat) (written blind)")
def backward_sigmoid_slope_twice(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    da1 = (dz2 * sigmoid_grad(cache["z2"])) @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@FOURTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                    source="g[...] = 0 after each step, the optimizer.zero_grad() habit of PyTorch: the "
                           "right new parameters, but the caller's gradient arrays are zeroed in place "
                           "(written blind)")
def sgd_step_zeroes_grads(params, grads, lr):
    new_params = {}
    for name, p in params.items():
        g = grads["d" + name]
        new_params[name] = p - lr * g
        g[...] = 0.0
    return new_params


_SGD_CALLS = [0]


@FOURTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                    source="a 1/t decay folded into the step, t counted in a module-level counter: the "
                           "first call is right, the k-th call steps with lr / k, and a new run inherits "
                           "the old count (only from the second call; state carried between calls; written "
                           "blind)")
def sgd_step_decay_counter(params, grads, lr):
    _SGD_CALLS[0] += 1
    lr_t = lr / _SGD_CALLS[0]
    return {name: p - lr_t * grads["d" + name] for name, p in params.items()}


@FOURTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                    source="(p - lr * g).astype(np.float32) 'to keep the arrays small': the step is right "
                           "to 7 digits, but the new parameters are float32 and rounded (written blind)")
def sgd_step_float32(params, grads, lr):
    return {name: (p - lr * grads["d" + name]).astype(np.float32) for name, p in params.items()}


@FOURTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                    source="for name in ('W1', 'b1', 'W2', 'b2'): the two-layer network's four names "
                           "hard-coded, so any other parameters (W3, b3 of a deeper net) are dropped, and a "
                           "dict without one of the four raises a KeyError (only on other keys; written "
                           "blind)")
def sgd_step_hardcoded_names(params, grads, lr):
    return {name: params[name] - lr * grads["d" + name] for name in ("W1", "b1", "W2", "b2")}


@FOURTEENTH.alternative("backprop", "backward")
def backward_broadcast_outer(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(n, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dz1 = dz2 * params["W2"] * (cache["a1"] > 0)
    return {"dW1": dz1.T @ X, "db1": np.sum(dz1, axis=0),
            "dW2": dz2.T @ cache["a1"], "db2": np.sum(dz2, axis=0)}


@FOURTEENTH.alternative("backprop", "backward")
def backward_per_example_sums(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).ravel()
    grads = {"d" + k: np.zeros_like(v, dtype=np.float64) for k, v in params.items()}
    for i in range(n):
        e = (sigmoid(cache["z2"][i]) - y[i]) / n
        grads["dW2"] += np.outer(e, cache["a1"][i])
        grads["db2"] += e
        d1 = (params["W2"].T @ e) * relu_grad(cache["z1"][i])
        grads["dW1"] += np.outer(d1, X[i])
        grads["db1"] += d1
    return grads


@FOURTEENTH.alternative("backprop", "sgd_step")
def sgd_step_deepcopy_in_place(params, grads, lr):
    new_params = copy.deepcopy(params)
    for name in new_params:
        new_params[name] -= lr * grads["d" + name]
    return new_params


@FOURTEENTH.alternative("backprop", "sgd_step")
def sgd_step_rebinding_copy(params, grads, lr):
    new_params = dict(params)
    for name, p in params.items():
        new_params[name] = p - lr * grads[f"d{name}"]
    return new_params


# ---------------------------------------------------------------- 06 spiral training

@FOURTEENTH.mistake("training", "train_val_split", truth=("unnamed",),
                    source="def train_val_split(X, y, val_fraction=0.25, seed=0): scikit-learn's default "
                           "test share typed as the default, so a call without val_fraction holds out a "
                           "quarter of the points where a fifth is asked (only for calls without "
                           "val_fraction; the 0.25 default of "
                           "scikit-learn.sourceforge.net/0.13/modules/generated/sklearn.cross_validation.train_test_split.html)")
def train_val_split_quarter_default(X, y, val_fraction=0.25, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round(val_fraction * len(X))
    val, tr = order[:n_val], order[n_val:]
    return X[tr], X[val], y[tr], y[val]


@FOURTEENTH.mistake("training", "train_val_split", truth=("unnamed",),
                    source="X_train = np.delete(X, val) without axis=0: np.delete flattens a 2-D array when "
                           "no axis is given, so the training set is a flat vector of the remaining "
                           "entries, not the remaining rows "
                           "(numpy.org/doc/2.1/reference/generated/numpy.delete.html: 'If axis is None, out "
                           "is a flattened array')")
def train_val_split_delete_flattens(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    val = order[:round(val_fraction * len(X))]
    return np.delete(X, val), X[val], np.delete(y, val), y[val]


@FOURTEENTH.mistake("training", "predict", truth=("unnamed",),
                    source="def predict(X, params, threshold=0): the logit's decision threshold 0 typed as "
                           "the default where it applies to probabilities, so every point is labelled 1 in "
                           "a call without threshold (written blind)")
def predict_logit_threshold_default(X, params, threshold=0):
    y_hat, _ = forward(X, params)
    return (y_hat >= threshold).astype(int)


@FOURTEENTH.mistake("training", "predict", truth=("unnamed",),
                    source="1 - y_hat < threshold, 'class 1 when class 0 is unlikely': the same as y_hat > "
                           "1 - threshold, right for the default 0.5 (but for ties), wrong for any other "
                           "threshold (only for threshold != 0.5; written blind)")
def predict_complement_threshold(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return ((1.0 - y_hat) < threshold).astype(int)


@FOURTEENTH.mistake("training", "accuracy", truth=("unnamed",),
                    source="np.mean(y_true[y_pred == 1] == 1): only the points predicted 1 scored, the "
                           "fraction of predicted positives that are right (precision), not the fraction of "
                           "all labels that agree (nan when nothing is predicted 1; written blind)")
def accuracy_precision(y_true, y_pred):
    y_true, y_pred = np.ravel(y_true), np.ravel(y_pred)
    return float(np.mean(y_true[y_pred == 1] == 1))


@FOURTEENTH.mistake("training", "accuracy", truth=("unnamed",),
                    source="y_true.astype(bool) == y_pred, to match the boolean y_hat >= 0.5 that train "
                           "passes: right for 0/1 labels, but every class above 0 becomes True, so on "
                           "labels 0..K-1 a 2 matches a predicted 1 (only on multi-class labels; written "
                           "blind)")
def accuracy_bool_labels(y_true, y_pred):
    return float(np.mean(np.ravel(y_true).astype(bool) == np.ravel(y_pred)))


@FOURTEENTH.mistake("training", "train", truth=("unnamed",),
                    source="the validation forward pass placed after the update: loss and acc are measured "
                           "before each step, val_loss and val_acc after it, one epoch ahead (order of two "
                           "lines; written blind)")
def train_validation_after_step(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
        y_hat_val, _ = forward(X_val, params)
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
    return params, history


@FOURTEENTH.mistake("training", "train", truth=("unnamed",),
                    source="backward(X_val, y_val, params, cache_val): the gradient taken on the validation "
                           "points, the names of the validation pass reused in the step, so the network "
                           "trains on the held-out data (written blind)")
def train_steps_on_validation(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, _ = forward(X, params)
        y_hat_val, cache_val = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X_val, y_val, params, cache_val), lr)
    return params, history


@FOURTEENTH.mistake("training", "train", truth=("unnamed",),
                    source="the history recorded under 'if epoch % 10 == 0', the logging habit of printing "
                           "every tenth epoch: a tenth of the entries where one per epoch is asked (written "
                           "blind)")
def train_records_every_tenth(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for epoch in range(epochs):
        y_hat, cache = forward(X, params)
        if epoch % 10 == 0:
            y_hat_val, _ = forward(X_val, params)
            history["loss"].append(binary_cross_entropy(y, y_hat))
            history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
            history["acc"].append(accuracy(y, y_hat >= 0.5))
            history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@FOURTEENTH.mistake("training", "grid_search", truth=("unnamed",),
                    source="train(..., seed=i) 'so each hidden size gets its own start': the row index "
                           "passed as the seed where the search trains every pair with train's default "
                           "seed, so every row after the first starts from other weights (written blind)")
def grid_search_seed_per_row(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs, seed=i)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@FOURTEENTH.mistake("training", "grid_search", truth=("unnamed",),
                    source="best = np.argmin(history['val_loss'][1:]) 'to skip the untrained epoch 0': the "
                           "index into the shortened list is one less than the epoch, so every table is "
                           "read one epoch early (written blind)")
def grid_search_skips_epoch_zero(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"][1:]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@FOURTEENTH.mistake("training", "hyperparameters", truth=("unnamed",),
                    source="LR = 30.0: a zero too many typed into the searched 3.0, so the first steps kill "
                           "the hidden units and the network ends at chance (held-out accuracy about 0.5 "
                           "when tried; written blind)")
def hyperparameters_lr_extra_zero():
    HIDDEN = 64
    LR = 30.0
    EPOCHS = 849
    return locals()


@FOURTEENTH.mistake("training", "hyperparameters", truth=("unnamed",),
                    source="HIDDEN = 6: the 4 of the searched 64 lost when copying, six units too few to "
                           "bend round the spirals (held-out accuracy about 0.62 when tried, under the 0.66 "
                           "target; written blind)")
def hyperparameters_hidden_digit_lost():
    HIDDEN = 6
    LR = 3.0
    EPOCHS = 849
    return locals()


@FOURTEENTH.mistake("training", "iterate_minibatches", truth=("unnamed",),
                    source="yield y[batch], X[batch]: the pair yielded labels first, where (X_batch, "
                           "y_batch) is asked, so a loop 'for Xb, yb in ...' trains on the labels (return "
                           "order; written blind)")
def iterate_minibatches_labels_first(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield y[batch], X[batch]


@FOURTEENTH.mistake("training", "iterate_minibatches", truth=("unnamed",),
                    source="the N % batch_size left-over points yielded first, starting the slices at the "
                           "remainder: every point once, but the short batch comes first where the asked "
                           "one is the last (only when batch_size does not divide N; written blind)")
def iterate_minibatches_remainder_first(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    rest = len(X) % batch_size
    if rest:
        yield X[order[:rest]], y[order[:rest]]
    for start in range(rest, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


@FOURTEENTH.alternative("training", "train_val_split")
def train_val_split_shuffled_arange(X, y, val_fraction=0.2, seed=0):
    idx = np.arange(len(X))
    np.random.default_rng(seed).shuffle(idx)
    n_val = round(val_fraction * len(X))
    return X[idx[n_val:]], X[idx[:n_val]], y[idx[n_val:]], y[idx[:n_val]]


@FOURTEENTH.alternative("training", "predict")
def predict_per_point_loop(X, params, threshold=0.5):
    labels = []
    for x in X:
        p, _ = forward(x[None, :], params)
        labels.append(1 if p[0] >= threshold else 0)
    return np.array(labels, dtype=int)


@FOURTEENTH.alternative("training", "accuracy")
def accuracy_count_nonzero(y_true, y_pred):
    a, b = np.ravel(y_true), np.ravel(y_pred)
    return np.count_nonzero(a == b) / a.size


@FOURTEENTH.alternative("training", "train")
def train_with_predict(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed)
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


@FOURTEENTH.alternative("training", "grid_search")
def grid_search_min_and_index(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    shape = (len(hiddens), len(lrs))
    val_acc, val_loss, best_epochs = np.zeros(shape), np.zeros(shape), np.zeros(shape, dtype=int)
    for (i, hidden), (j, lr) in itertools.product(enumerate(hiddens), enumerate(lrs)):
        history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)[1]
        losses = history["val_loss"]
        best = losses.index(min(losses))
        val_loss[i, j], val_acc[i, j], best_epochs[i, j] = losses[best], history["val_acc"][best], best
    return val_acc, val_loss, best_epochs


@FOURTEENTH.alternative("training", "iterate_minibatches")
def iterate_minibatches_list_of_splits(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    pieces = np.array_split(order, range(batch_size, len(X), batch_size))
    return [(X[piece], y[piece]) for piece in pieces if len(piece)]


# ---------------------------------------------------------------- 07 what next

@FOURTEENTH.mistake("what_next", "init_deep_params", truth=("unnamed",),
                    source="n_in, n_out = layer_sizes[layer], layer_sizes[layer - 1]: the pair unpacked in "
                           "the wrong order, so each W{l} is drawn (n_in, n_out), the transpose of the "
                           "asked shape, with the next layer's width as its fan-in (written blind)")
def init_deep_params_pair_swapped(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer], layer_sizes[layer - 1]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(layer_sizes[layer])
    return params


@FOURTEENTH.mistake("what_next", "init_deep_params", truth=("unnamed",),
                    source="the output layer scaled by Xavier's sqrt(1 / n_in) 'because it feeds a sigmoid, "
                           "not a ReLU', where the lesson uses He's sqrt(2 / n_in) for every layer (only "
                           "the last layer's weights differ; written blind)")
def init_deep_params_xavier_output(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    last = len(layer_sizes) - 1
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        gain = 1.0 if layer == last else 2.0
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(gain / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


_DEEP_CACHE = {}


@FOURTEENTH.mistake("what_next", "forward_deep", truth=("unnamed",),
                    source="the cache kept in a module-level dict and returned: a second call overwrites "
                           "the first call's cache, and after a deeper network a shallower one's cache "
                           "still holds the old z3, a2 (only from the second call; state carried between "
                           "calls; written blind)")
def forward_deep_module_cache(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        _DEEP_CACHE[f"z{layer}"] = z
        if layer < L:
            a = act(z)
            _DEEP_CACHE[f"a{layer}"] = a
    return sigmoid(_DEEP_CACHE[f"z{L}"]).ravel(), _DEEP_CACHE


@FOURTEENTH.mistake("what_next", "forward_deep", truth=("unnamed",),
                    source="the output layer written after the loop as a @ W{L}.T with its bias b{L} left "
                           "out: right while the biases are zero, wrong once b{L} has been trained (only "
                           "for b{L} != 0; written blind)")
def forward_deep_output_bias_lost(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        a = act(z)
        cache[f"a{layer}"] = a
    cache[f"z{L}"] = a @ params[f"W{L}"].T
    return sigmoid(cache[f"z{L}"]).ravel(), cache


@FOURTEENTH.mistake("what_next", "backward_deep", truth=("unnamed",),
                    source="def backward_deep(X, y, params, cache, activation='sigmoid'): the "
                           "vanishing-gradient experiment's setting left as the default, so a call without "
                           "activation= on a ReLU network uses the sigmoid's slope (keyword defaults; "
                           "written blind)")
def backward_deep_sigmoid_default(X, y, params, cache, activation="sigmoid"):
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
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@FOURTEENTH.mistake("what_next", "backward_deep", truth=("unnamed",),
                    source="the else branch given tanh's slope 1 - tanh(z)^2 where the sigmoid's s (1 - s) "
                           "belongs: ReLU runs are right, sigmoid runs get slopes up to four times too "
                           "large (only on sigmoid runs; written blind)")
def backward_deep_tanh_slope(X, y, params, cache, activation="relu"):
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
            slope = (z > 0).astype(np.float64) if activation == "relu" else 1.0 - np.tanh(z) ** 2
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@FOURTEENTH.mistake("what_next", "momentum_step", truth=("unnamed",),
                    source="def momentum_step(params, grads, velocity, lr, beta=0.99): the coefficient's "
                           "default typed as 0.99, so a call without beta averages over about a hundred "
                           "steps where ten are asked (only for calls without beta; written blind)")
def momentum_step_beta_default(params, grads, velocity, lr, beta=0.99):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@FOURTEENTH.mistake("what_next", "momentum_step", truth=("unnamed",),
                    source="velocity[name] = v: the new velocities stored into the dict the caller passed "
                           "and that dict returned, so the caller's old velocity is replaced (the arrays "
                           "are new, the dict is not; inputs modified; written blind)")
def momentum_step_updates_callers_dict(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {}
    new_params = {}
    for name, p in params.items():
        v = beta * velocity.get(name, 0.0) + (1.0 - beta) * grads["d" + name]
        velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, velocity


@FOURTEENTH.mistake("what_next", "adam_step", truth=("unnamed",),
                    source="def adam_step(..., eps=1e-7): Keras' default epsilon typed into the signature, "
                           "so a call without eps floors the denominator at 1e-7 where 1e-8 is asked (only "
                           "for small gradients; tf.keras.optimizers.Adam 'epsilon=1e-07', "
                           "tensorflow.org/versions/r2.7/api_docs/python/tf/keras/optimizers/Adam)")
def adam_step_keras_eps(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-7):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        new_params[name] = p - lr * (m / (1.0 - beta1**t)) / (np.sqrt(v / (1.0 - beta2**t)) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@FOURTEENTH.mistake("what_next", "adam_step", truth=("unnamed",),
                    source="v = beta2 * v + (1 - beta2) * m ** 2: the second moment fed the new first "
                           "moment instead of the gradient, a variable one line up, so the step is not "
                           "scaled by the gradient's own size (written blind)")
def adam_step_second_moment_of_m(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * m**2
        new_params[name] = p - lr * (m / (1.0 - beta1**t)) / (np.sqrt(v / (1.0 - beta2**t)) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@FOURTEENTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                    source="the penalty on both weight matrices but reg * W added to dW2 only: the loss "
                           "penalises W1, its gradient does not, so dW1 lacks the weight decay (only for "
                           "reg > 0; written blind)")
def softmax_classifier_loss_decay_w2_only(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@FOURTEENTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                    source="0.5 * reg * np.sum(W1 ** 2 + W2 ** 2): the two squared matrices added before "
                           "the sum, which broadcasts (H, D) against (K, H) and raises unless the shapes "
                           "happen to agree (written blind)")
def softmax_classifier_loss_penalty_broadcast(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * np.sum(params["W1"] ** 2 + params["W2"] ** 2)
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@FOURTEENTH.mistake("what_next", "softmax_classifier_train", truth=("unnamed",),
                    source="history['loss'] given loss - reg * (|W1|^2 + |W2|^2): the penalty subtracted "
                           "without its 1/2, so the recorded data loss is too small by the half penalty "
                           "(only for reg > 0; written blind)")
def softmax_classifier_train_full_penalty_removed(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300,
                                                  reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        penalty = reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@FOURTEENTH.mistake("what_next", "softmax_classifier_train", truth=("unnamed",),
                    source="history['val_loss'].append(softmax_classifier_loss(X_val, y_val, params)): the "
                           "(loss, grads) pair appended where its first element belongs, so val_loss is a "
                           "list of tuples (the [0] forgotten; written blind)")
def softmax_classifier_train_val_tuple(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params))
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@FOURTEENTH.alternative("what_next", "init_deep_params")
def init_deep_params_zip_pairs(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer, (n_in, n_out) in enumerate(itertools.pairwise(layer_sizes), start=1):
        params[f"W{layer}"] = rng.standard_normal((n_out, n_in)) * math.sqrt(2.0 / n_in)
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@FOURTEENTH.alternative("what_next", "forward_deep")
def forward_deep_counted_layers(X, params, activation="relu"):
    acts = {"relu": relu, "sigmoid": sigmoid}
    L = sum(1 for key in params if key.startswith("W"))
    cache = {}
    a = X
    for layer in range(1, L):
        cache[f"z{layer}"] = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        a = cache[f"a{layer}"] = acts[activation](cache[f"z{layer}"])
    cache[f"z{L}"] = a @ params[f"W{L}"].T + params[f"b{L}"]
    return sigmoid(cache[f"z{L}"]).reshape(-1), cache


@FOURTEENTH.alternative("what_next", "backward_deep")
def backward_deep_slope_from_activations(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / X.shape[0]
    grads = {}
    for layer in reversed(range(1, L + 1)):
        a_prev = cache[f"a{layer - 1}"] if layer > 1 else X
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = np.sum(dz, axis=0)
        if layer == 1:
            break
        a = cache[f"a{layer - 1}"]
        slope = (a > 0) if activation == "relu" else a * (1.0 - a)
        dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@FOURTEENTH.alternative("what_next", "momentum_step")
def momentum_step_fromkeys(params, grads, velocity, lr, beta=0.9):
    old = dict.fromkeys(params, 0.0) if velocity is None else velocity
    new_velocity = {name: beta * old[name] + (1.0 - beta) * grads["d" + name] for name in params}
    new_params = {name: params[name] - lr * new_velocity[name] for name in params}
    return new_params, new_velocity


@FOURTEENTH.alternative("what_next", "adam_step")
def adam_step_from_gradient_shapes(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = 1 if state is None else state["t"] + 1
    m_new, v_new, new_params = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m_old = np.zeros_like(g) if state is None else state["m"][name]
        v_old = np.zeros_like(g) if state is None else state["v"][name]
        m_new[name] = beta1 * m_old + (1.0 - beta1) * g
        v_new[name] = beta2 * v_old + (1.0 - beta2) * g * g
        step = (m_new[name] / (1.0 - beta1**t)) / (np.sqrt(v_new[name] / (1.0 - beta2**t)) + eps)
        new_params[name] = p - lr * step
    return new_params, {"t": t, "m": m_new, "v": v_new}


@FOURTEENTH.alternative("what_next", "softmax_classifier_loss")
def softmax_classifier_loss_indexed(X, y, params, reg=0.0):
    n = X.shape[0]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = np.maximum(z1, 0.0)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    rows = np.arange(n)
    data_loss = -np.mean(np.log(np.clip(P[rows, y], 1e-9, 1.0)))
    penalty = 0.5 * reg * (np.sum(params["W1"] * params["W1"]) + np.sum(params["W2"] * params["W2"]))
    dz2 = P.copy()
    dz2[rows, y] -= 1.0
    dz2 /= n
    dz1 = (dz2 @ params["W2"]) * (a1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return float(data_loss + penalty), grads


@FOURTEENTH.alternative("what_next", "softmax_classifier_train")
def softmax_classifier_train_data_loss_recomputed(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300,
                                                  reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        grads = softmax_classifier_loss(X, y, params, reg)[1]
        history["loss"].append(softmax_classifier_loss(X, y, params)[0])
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history

