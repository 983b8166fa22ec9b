"""The eleventh set of unseen mistakes (and correct alternatives), written blind by helper H20t.

Written on 2026-12-02 (session 20) by helper H20t, from: the student notebooks
(``notebooks/neural_networks/*.ipynb``), the reference answers (``solutions/perceptron.py``,
``activations.py``, ``losses.py``, ``forward_pass.py``, ``backprop.py``, ``training.py``,
``what_next.py``), ``solutions/variants.py``, ``solutions/blind_set.py``,
``solutions/alternatives/``, the registry of blanks (``autograder/blanks.py``), the tenth set's
docstring, imports and decorators as the format to copy, the one-line ``source=`` strings of the
earlier sets (to stay clear of duplicates), and public reports of students' slips found with the
search tool (GitHub issues and pull requests, Stack Overflow and its mirrors, DeepLearning.AI and
numpy-discussion threads, tutorials and library docs).

Not read: ``autograder/`` beyond ``blanks.py``, ``nncourse/`` (beyond the two dicts of
``nncourse/mutants.py`` this set is added to), ``tests/`` (beyond the lists of
``tests/test_unseen_set.py`` it is added to), ``solutions/mistakes/``, ``docs/``, the README past
its first section, nor the code or ``truth=`` of the earlier sets (a few of the tenth's entries
were seen while its format was copied; see the helper's report). Neither ``nncourse mutants`` nor
the grader was run on these entries; each was only run on small inputs in plain Python, to see a
mistake differ from the reference and an alternative agree with it.

There is no labelling vocabulary for this set: every mistake carries ``truth=("unnamed",)``, and
the lead's blind judge rules each hint by reading the slip in its ``source=``. (Since that label
carries no judgement, it was written with the code; the second commit only completed this docstring.)

83 mistakes cover all 37 blanks (at least 8 per notebook, at most 15 of 83 in any one); 28 of their
``source=`` strings cite where the slip is reported, the other 55 say "written blind". 25 correct
alternatives cover every notebook module; each agreed with the reference to 1e-10 on the inputs tried.

Each mistake is one slip, about half of them in the reference's own code and half in a function
written the way a student would (loops, temporaries, calls to the student's other functions).
``source=`` says the slip in plain words, then where it is reported, or "written blind".

``nncourse mutants --unseen eleventh`` grades it. Once measured, the file is frozen: it must not be
edited after its first measurement; a miss may lead to a general fingerprint, never to an edit here.
"""

import numpy as np

from solutions.activations import relu, sigmoid, sigmoid_grad, tanh
from solutions.backprop import backward, sgd_step
from solutions.blind_set import BlindSet
from solutions.forward_pass import forward, init_params
from solutions.losses import binary_cross_entropy, categorical_cross_entropy, softmax
from solutions.perceptron import AND_B, AND_W, NAND_B, NAND_W, OR_B, OR_W, perceptron
from solutions.training import accuracy, train
from solutions.what_next import predict_classes, softmax_classifier_loss

ELEVENTH = BlindSet("eleventh")
UNSEEN_ELEVENTH, UNSEEN_ELEVENTH_ALTERNATIVES = ELEVENTH.mistakes, ELEVENTH.alternatives

# ---------------------------------------------------------------- 01 perceptron

@ELEVENTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                  source="the step taken as round(sigmoid(w . x + b)): Python 3's round sends 0.5 to the "
                         "even 0, so a point exactly on the line gives 0 where the step gives 1 (banker's "
                         "rounding, makemeengr.com/?p=98681 'round(0.5) and round(-0.5) are 0')")
def perceptron_rounded_sigmoid(x, w, b):
    return round(1.0 / (1.0 + np.exp(-(np.dot(w, x) + b))))


@ELEVENTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                  source="for i in range(len(w) - 1): the loop over the weighted inputs stops one short, so "
                         "the last feature never counts (off by one; written blind)")
def perceptron_loop_drops_last_input(x, w, b):
    total = b
    for i in range(len(w) - 1):
        total += w[i] * x[i]
    if total >= 0:
        return 1
    return 0


@ELEVENTH.mistake("perceptron", "gates", truth=("unnamed",),
                  source="OR_B = -1.5: AND's bias copied to the OR line, so one input on stays below the "
                         "line and OR computes AND (written blind)")
def gates_or_with_and_bias():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -1.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@ELEVENTH.mistake("perceptron", "gates", truth=("unnamed",),
                  source="OR_B = 0.0 reasoning 'any input on makes the sum positive': with the step's >= 0, "
                         "(0, 0) lands exactly on the line and OR fires there too (written blind)")
def gates_or_zero_bias():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = 0.0
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@ELEVENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                  source="the learning rate accepted but never used, step = y - prediction: right for the "
                         "default lr = 1, wrong for any other "
                         "(github.com/microsoft/AI-For-Beginners/issues/242 'there is no learning rate in "
                         "the train function')")
def train_perceptron_lr_unused(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = y_i - perceptron(x_i, w, b)
            if step != 0:
                w = w + step * x_i
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@ELEVENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                  source="if error > 0: count += 1: only the points predicted 0 that should be 1 are "
                         "counted, the updates that push the line the other way are not (written blind)")
def train_perceptron_counts_one_side(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        count = 0
        for i in range(len(X)):
            error = y[i] - perceptron(X[i], w, b)
            w = w + lr * error * X[i]
            b = b + lr * error
            if error > 0:
                count += 1
        errors.append(count)
    return w, b, errors


@ELEVENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                  source="error = prediction - target: the difference taken the other way round, so every "
                         "update moves the line away from the misclassified point (sign; written blind)")
def train_perceptron_error_reversed(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (perceptron(x_i, w, b) - y_i)
            if step != 0:
                w = w + step * x_i
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@ELEVENTH.mistake("perceptron", "xor", truth=("unnamed",),
                  source="XOR wired as NAND(AND(x), OR(x)): the right three gates in the wrong places, (0, "
                         "0) gives NAND(0, 0) = 1 (written blind)")
def xor_nand_of_and_or(x):
    h_and = perceptron(x, AND_W, AND_B)
    h_or = perceptron(x, OR_W, OR_B)
    return perceptron(np.array([h_and, h_or]), NAND_W, NAND_B)


@ELEVENTH.mistake("perceptron", "xor", truth=("unnamed",),
                  source="the output unit's weighted sum returned without its step, np.dot(AND_W, hidden) + "
                         "AND_B: a float such as -0.5 or 0.5 where the int 0 or 1 is asked (written blind)")
def xor_output_without_step(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)])
    return np.dot(AND_W, hidden) + AND_B


# ---------------------------------------------------------------- 02 activations

@ELEVENTH.mistake("activations", "sigmoid", truth=("unnamed",),
                  source="1 / (1 - np.exp(-x)): a minus typed for the plus in the denominator, so outputs "
                         "leave (0, 1) and x = 0 divides by zero (written blind)")
def sigmoid_minus_in_denominator(x):
    x = np.asarray(x, dtype=np.float64)
    return (1.0 / (1.0 - np.exp(-x)))[()]


@ELEVENTH.mistake("activations", "sigmoid", truth=("unnamed",),
                  source="the stable two-branch sigmoid with e / (1 - e) on the negative side: one sign "
                         "typed wrong, so only negative inputs come out wrong (written blind)")
def sigmoid_negative_branch_minus(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 - e))[()]


@ELEVENTH.mistake("activations", "sigmoid_grad", truth=("unnamed",),
                  source="sigmoid(x) * (1 - sigmoid(-x)): the minus of 1 - s(x) moved into the argument, "
                         "which is s(x)^2, not s(x)(1 - s(x)) (written blind)")
def sigmoid_grad_minus_inside(x):
    return sigmoid(x) * (1.0 - sigmoid(-x))


@ELEVENTH.mistake("activations", "sigmoid_grad", truth=("unnamed",),
                  source="s ** 2 - s: the two terms of s - s^2 written the other way round, the derivative "
                         "negated (written blind)")
def sigmoid_grad_negated(x):
    s = sigmoid(x)
    return s ** 2 - s


@ELEVENTH.mistake("activations", "tanh", truth=("unnamed",),
                  source="np.tan for np.tanh: the circular tangent, one letter short, picked for the "
                         "hyperbolic one (github.com/lucidrains/flamingo-pytorch/pull/2 'fix typo: tan -> "
                         "tanh', 'use tan instead of tanh by mistake')")
def tanh_circular(x):
    return np.tan(np.asarray(x, dtype=np.float64))[()]


@ELEVENTH.mistake("activations", "tanh", truth=("unnamed",),
                  source="float(np.tanh(x)) to return 'a float': right for a scalar, 'TypeError: only size-1 "
                         "arrays can be converted to Python scalars' for any array "
                         "(stevenlohrenz.com/only-size-1-arrays-can-be-converted-to-python-scalars)")
def tanh_as_python_float(x):
    return float(np.tanh(x))


@ELEVENTH.mistake("activations", "tanh_grad", truth=("unnamed",),
                  source="1 - tanh(x ** 2): the square put on the input inside the call where it belongs on "
                         "tanh's output (written blind)")
def tanh_grad_square_inside(x):
    return 1.0 - tanh(x ** 2)


@ELEVENTH.mistake("activations", "tanh_grad", truth=("unnamed",),
                  source="via tanh(x) = 2 sigmoid(2x) - 1, the derivative taken as 2 * sigmoid_grad(2x): the "
                         "inner 2 of the chain rule forgotten, half of the true 4 * sigmoid_grad(2x) "
                         "(written blind)")
def tanh_grad_chain_rule_half(x):
    return 2.0 * sigmoid_grad(2.0 * np.asarray(x, dtype=np.float64))


@ELEVENTH.mistake("activations", "relu", truth=("unnamed",),
                  source="return x if x > 0 else 0: the scalar ternary, 'ValueError: The truth value of an "
                         "array with more than one element is ambiguous' on any array (Stack Overflow "
                         "70860771 'ValueError with ReLU function in python', whosebug.com/question/6393650)")
def relu_ternary(x):
    return x if x > 0 else 0


@ELEVENTH.mistake("activations", "relu", truth=("unnamed",),
                  source="np.abs(x): the ReLU remembered as 'make the input positive', so negative inputs "
                         "are flipped instead of zeroed (written blind)")
def relu_absolute_value(x):
    return np.abs(np.asarray(x, dtype=np.float64))[()]


@ELEVENTH.mistake("activations", "relu_grad", truth=("unnamed",),
                  source="np.clip(x, 0, 1) as the slope, 'the slope is 0 or 1, so clip to [0, 1]': inputs "
                         "between 0 and 1 come back as themselves (written blind)")
def relu_grad_clipped_input(x):
    return np.clip(np.asarray(x, dtype=np.float64), 0.0, 1.0)[()]


@ELEVENTH.mistake("activations", "relu_grad", truth=("unnamed",),
                  source="np.asarray(x) > 0 returned without a cast: a boolean array of True/False where "
                         "float64 slopes are asked (written blind)")
def relu_grad_boolean(x):
    return (np.asarray(x, dtype=np.float64) > 0)[()]


@ELEVENTH.mistake("activations", "leaky_relu", truth=("unnamed",),
                  source="0.1 * x typed on the negative side and the alpha argument never read: right for "
                         "the default, wrong for any other alpha "
                         "(github.com/RoboticsClubIITJ/ML-DL-implementation/issues/73, apache/tvm pull 1218 "
                         "'always hard coded to 0.1')")
def leaky_relu_alpha_ignored(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, x, 0.1 * x)[()]


@ELEVENTH.mistake("activations", "leaky_relu", truth=("unnamed",),
                  source="np.maximum(alpha, x): alpha put in the place of alpha * x, so every input below "
                         "alpha is raised to alpha (written blind)")
def leaky_relu_floor_at_alpha(x, alpha=0.1):
    return np.maximum(alpha, np.asarray(x, dtype=np.float64))[()]


@ELEVENTH.mistake("activations", "leaky_relu_grad", truth=("unnamed",),
                  source="np.where(x < 0, 1.0, alpha): the condition flipped to x < 0 and the two branches "
                         "left as they were, slope alpha on the positive side and 1 on the negative (written "
                         "blind)")
def leaky_relu_grad_condition_flipped(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x < 0, 1.0, alpha)[()]


# ---------------------------------------------------------------- 03 losses

@ELEVENTH.mistake("losses", "binary_cross_entropy", truth=("unnamed",),
                  source="np.maximum(y_hat, eps): y_hat kept away from 0 only, so a prediction of exactly 1 "
                         "for a label 0 still takes log(0) and the loss is inf (keras-team/keras pull 9 'Fix "
                         "categorical_crossentropy/binary_crossentropy with NaN value', inf returned)")
def binary_cross_entropy_clip_low_only(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.maximum(np.asarray(y_hat, dtype=np.float64).ravel(), eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


@ELEVENTH.mistake("losses", "binary_cross_entropy", truth=("unnamed",),
                  source="total = 0 set inside the loop over examples: the sum restarts each time, so only "
                         "the last example is scored, then divided by N (written blind)")
def binary_cross_entropy_total_reset(y, y_hat, eps=1e-9):
    y = np.ravel(y)
    y_hat = np.ravel(y_hat)
    for i in range(len(y)):
        total = 0.0
        p = min(max(y_hat[i], eps), 1 - eps)
        total += y[i] * np.log(p) + (1 - y[i]) * np.log(1 - p)
    return float(-total / len(y))


@ELEVENTH.mistake("losses", "binary_cross_entropy_grad", truth=("unnamed",),
                  source="(p - y) / (y (1 - y)): the labels put in the denominator where the probabilities "
                         "belong, 0 / 0 or x / 0 for every 0/1 label (a variable one name off; written "
                         "blind)")
def binary_cross_entropy_grad_labels_below(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (p - y) / (y * (1.0 - y)) / y_hat.size


@ELEVENTH.mistake("losses", "binary_cross_entropy_grad", truth=("unnamed",),
                  source="divided by y_hat.size and then again by len(y) 'for the mean': the 1/N applied "
                         "twice, the gradient N times too small (written blind)")
def binary_cross_entropy_grad_mean_twice(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    grad = (p - y) / (p * (1.0 - p)) / y_hat.size
    return grad / len(y)


@ELEVENTH.mistake("losses", "softmax", truth=("unnamed",),
                  source="z -= z.max(axis=-1, keepdims=True) in place for stability: the right "
                         "probabilities, but np.asarray does not copy, so the caller's logits are shifted "
                         "(the in-place 'z -= np.max(z, axis=1, keepdims=True)' of "
                         "github.com/frank690/sffresch-code's safe softmax)")
def softmax_shift_in_place(z):
    z = np.asarray(z, dtype=np.float64)
    z -= z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@ELEVENTH.mistake("losses", "softmax", truth=("unnamed",),
                  source="for i in range(len(z) - 1) over the rows of a zeros_like result: the last row is "
                         "never filled and comes back all zeros (off by one; written blind)")
def softmax_rows_loop_short(z):
    z = np.asarray(z, dtype=np.float64)
    out = np.zeros_like(z)
    for i in range(len(z) - 1):
        e = np.exp(z[i] - np.max(z[i]))
        out[i] = e / np.sum(e)
    return out


@ELEVENTH.mistake("losses", "categorical_cross_entropy", truth=("unnamed",),
                  source="np.log(P) with no clip: a probability of 0 on a wrong class gives 0 * log(0) = nan "
                         "even though that class does not count "
                         "(github.com/scikit-learn/scikit-learn/pull/12915 'x*log(y) is undefined when both "
                         "x and y are zero')")
def categorical_cross_entropy_unclipped(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.asarray(P, dtype=np.float64)
    return float(-np.mean(np.sum(Y * np.log(P), axis=-1)))


@ELEVENTH.mistake("losses", "categorical_cross_entropy", truth=("unnamed",),
                  source="labels = Y.argmax(axis=0): the true class read down the columns, K labels for N "
                         "rows, 'IndexError: shape mismatch' unless N == K, and wrong classes when it is "
                         "(wrong axis; written blind)")
def categorical_cross_entropy_labels_by_column(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    labels = Y.argmax(axis=0)
    return float(-np.mean(np.log(P[np.arange(len(P)), labels])))


@ELEVENTH.mistake("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
                  source="dZ[range(N), Z.argmax(axis=1)] -= 1: CS231n's subtraction at the label taken at "
                         "the predicted class, right only where every prediction is already correct (written "
                         "blind)")
def softmax_cross_entropy_grad_at_prediction(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    n = Z.shape[0]
    dZ = softmax(Z)
    dZ[np.arange(n), Z.argmax(axis=1)] -= 1.0
    return dZ / n


@ELEVENTH.mistake("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
                  source="-Y / softmax(Z) / N: the gradient with respect to the probabilities returned where "
                         "the gradient with respect to the logits is asked (the softmax's Jacobian never "
                         "applied; written blind)")
def softmax_cross_entropy_grad_wrt_probabilities(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return -np.asarray(Y, dtype=np.float64) / softmax(Z) / Z.shape[0]


@ELEVENTH.mistake("losses", "mse", truth=("unnamed",),
                  source="np.sqrt(np.mean((y - y_hat) ** 2)): the root mean squared error where the mean "
                         "squared error is asked (github.com/fastai/fastbook/pull/401 'Typo: use MSE instead "
                         "of RMSE', 'the mse function is actually a root mean squared error')")
def mse_root(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.sqrt(np.mean((y - y_hat) ** 2)))


@ELEVENTH.mistake("losses", "mse", truth=("unnamed",),
                  source="np.var(y - y_hat): the variance of the residuals subtracts their mean first, so a "
                         "prediction off by the same amount everywhere scores 0 (written blind)")
def mse_variance_of_residuals(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.var(y - y_hat))


@ELEVENTH.mistake("losses", "mse_grad", truth=("unnamed",),
                  source="y.reshape(-1, 1) whatever y_hat's shape: right for a (N, 1) y_hat, a (N, N) table "
                         "for a (N,) one (written blind)")
def mse_grad_labels_as_column(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    return 2.0 * (y_hat - y) / y_hat.size


@ELEVENTH.mistake("losses", "mse_grad", truth=("unnamed",),
                  source="np.clip(y_hat, eps, 1 - eps) copied from the cross-entropy's gradient: a "
                         "regression output above 1 or below 0 is clipped before the residual is taken "
                         "(written blind)")
def mse_grad_clipped_like_bce(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, 1e-9, 1.0 - 1e-9)
    return 2.0 * (p - y) / y_hat.size


# ---------------------------------------------------------------- 04 forward pass

@ELEVENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                  source="rng.normal(np.sqrt(2 / n_in), size=...): the spread passed as the first positional "
                         "argument, which is the mean loc, so the weights have mean sqrt(2/n) and spread 1 "
                         "(np.random.normal(loc, scale) misread, "
                         "github.com/ajwdewit/pcse_notebooks/issues/2)")
def init_params_spread_as_mean(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@ELEVENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                  source="Glorot's sqrt(2 / (fan_in + fan_out)) where He's sqrt(2 / fan_in) is asked for a "
                         "ReLU layer (github.com/davisking/dlib/issues/339 'Xavier initialization and ReLu'; "
                         "keras-team/keras pull 29's glorot_normal)")
def init_params_glorot(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / (n_in + n_hidden)), size=(n_hidden, n_in))
    W2 = rng.normal(0.0, np.sqrt(2.0 / (n_hidden + n_out)), size=(n_out, n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@ELEVENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                  source="2 / np.sqrt(n_in): the root taken of the fan-in alone, the 2 left outside it, a "
                         "spread sqrt(2) times He's sqrt(2 / n_in) (written blind)")
def init_params_two_over_root(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    scale1 = 2 / np.sqrt(n_in)
    scale2 = 2 / np.sqrt(n_hidden)
    params = {}
    params["W1"] = rng.normal(0.0, scale1, size=(n_hidden, n_in))
    params["b1"] = np.zeros(n_hidden)
    params["W2"] = rng.normal(0.0, scale2, size=(n_out, n_hidden))
    params["b2"] = np.zeros(n_out)
    return params


@ELEVENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                  source="rng.uniform(-s, s) with He's standard deviation s = sqrt(2 / n_in) used as the "
                         "bound: uniform weights, and a spread sqrt(3) times too small "
                         "(github.com/keras-team/keras/pull/372 'Standard deviation values were being passed "
                         "as scale values for uniform distributions')")
def init_params_uniform_with_std_bound(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    s1, s2 = np.sqrt(2.0 / n_in), np.sqrt(2.0 / n_hidden)
    return {
        "W1": rng.uniform(-s1, s1, size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.uniform(-s2, s2, size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@ELEVENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                  source="relu(z2) at the output: the hidden layer's activation used again where the sigmoid "
                         "belongs, so y_hat is not a probability (written blind)")
def forward_relu_output(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = relu(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@ELEVENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                  source="the cache keyed 'Z1', 'A1', 'Z2' in DeepLearning.AI's capitals where the lesson's "
                         "backward reads 'z1', 'a1', 'z2' (the cache = {'A1', 'A2', 'Z1', 'Z2'} of "
                         "community.deeplearning.ai/t/w3-a1-ex-6-backward-propagation-assertionerror-wrong-values-for-dw1/66727)")
def forward_capital_cache_keys(X, params):
    Z1 = np.dot(X, params["W1"].T) + params["b1"]
    A1 = relu(Z1)
    Z2 = np.dot(A1, params["W2"].T) + params["b2"]
    A2 = sigmoid(Z2)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2}
    return A2.ravel(), cache


@ELEVENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                  source="np.round(sigmoid(z2)): the probabilities rounded to 0/1 labels inside the forward "
                         "pass, where the loss needs them as probabilities (written blind)")
def forward_rounded_probabilities(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = np.round(sigmoid(z2)).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@ELEVENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                  source="X = (X - X.mean(axis=0)) / X.std(axis=0) at the top of forward, the "
                         "standardisation of a preprocessing tutorial moved into the network: every batch is "
                         "rescaled by its own statistics, and a batch of one divides by zero (written blind)")
def forward_standardises_batch(X, params):
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


# ---------------------------------------------------------------- 05 backprop

@ELEVENTH.mistake("backprop", "backward", truth=("unnamed",),
                  source="the hidden layer's slope taken as the sigmoid's s(z1)(1 - s(z1)) where the "
                         "lesson's hidden layer is a ReLU "
                         "(github.com/jeffheaton/encog-dotnet-core/issues/124 'Wrong derivative in RELU "
                         "Activation': 'the Sigmoid Derivative in the RELU class')")
def backward_sigmoid_slope_hidden(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    s = sigmoid(cache["z1"])
    dz1 = da1 * s * (1.0 - s)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@ELEVENTH.mistake("backprop", "backward", truth=("unnamed",),
                  source="the 1/m written on every gradient line, DeepLearning.AI style, and forgotten on "
                         "db1's line only, so db1 is N times too large (written blind)")
def backward_one_over_m_each_line(X, y, params, cache):
    m = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = sigmoid(cache["z2"]) - y
    dW2 = (1 / m) * np.dot(dz2.T, cache["a1"])
    db2 = (1 / m) * np.sum(dz2, axis=0)
    dz1 = np.dot(dz2, params["W2"]) * (cache["z1"] > 0)
    dW1 = (1 / m) * np.dot(dz1.T, X)
    db1 = np.sum(dz1, axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@ELEVENTH.mistake("backprop", "backward", truth=("unnamed",),
                  source="the returned dict lists dW1, dW2 and db2 but not db1: the hidden bias's gradient "
                         "forgotten, so the step has no gradient for b1 (wrong return structure; written "
                         "blind)")
def backward_db1_left_out(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@ELEVENTH.mistake("backprop", "backward", truth=("unnamed",),
                  source="dW1 = da1.T @ X: the masked dz1 computed on the line before but the unmasked da1 "
                         "used, so switched-off hidden units still get weight gradients (one variable name "
                         "off; written blind)")
def backward_dW1_from_unmasked(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": da1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@ELEVENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                  source="p - grads['d' + name]: the learning rate left out of the step, right only for lr = "
                         "1 (written blind)")
def sgd_step_lr_left_out(params, grads, lr):
    return {name: p - grads["d" + name] for name, p in params.items()}


@ELEVENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                  source="zip(params, grads) pairing the two dicts by position: right while both list their "
                         "keys in the same order, each parameter stepped with another's gradient when they "
                         "do not (dict order, github.com/AntreasAntoniou/HowToTrainYourMAMLPytorch/pull/12 "
                         "'Fix dictionary order dependent behavior')")
def sgd_step_zipped_dicts(params, grads, lr):
    new_params = {}
    for name, grad_name in zip(params, grads, strict=True):
        new_params[name] = params[name] - lr * grads[grad_name]
    return new_params


@ELEVENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                  source="the new dict filled in a loop and the return forgotten: the function returns None "
                         "(implicit return, engineersofai.com 'None and Implicit Return')")
def sgd_step_no_return(params, grads, lr):
    new_params = {}
    for name in params:
        new_params[name] = params[name] - lr * grads["d" + name]


@ELEVENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                  source="grads[name.replace('W', 'dW')]: the gradient's key made by replacing the W, which "
                         "works for the weights only, so 'b1' looks up grads['b1'] and raises a KeyError "
                         "(written blind)")
def sgd_step_key_by_replace(params, grads, lr):
    new_params = {}
    for name, p in params.items():
        new_params[name] = p - lr * grads[name.replace("W", "dW")]
    return new_params


# ---------------------------------------------------------------- 06 spiral training

@ELEVENTH.mistake("training", "train_val_split", truth=("unnamed",),
                  source="n_val = int(np.ceil(val_fraction * N)): rounded up where the lesson rounds, so 0.2 "
                         "* 11 = 2.2 holds out 3 points, not 2 (written blind)")
def train_val_split_ceil(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = int(np.ceil(val_fraction * len(X)))
    val, tr = order[:n_val], order[n_val:]
    return X[tr], X[val], y[tr], y[val]


@ELEVENTH.mistake("training", "train_val_split", truth=("unnamed",),
                  source="round(val_fraction * N, 0): with ndigits given, round returns a float, and a slice "
                         "with 3.0 raises 'slice indices must be integers' (Python's round docs quoted in "
                         "e-learn.cn/qa/answer/17365/44120.html: 'the same type as number' with ndigits)")
def train_val_split_round_to_float(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    idx = rng.permutation(len(X))
    n_val = round(val_fraction * len(X), 0)
    X_val, y_val = X[idx[:n_val]], y[idx[:n_val]]
    X_train, y_train = X[idx[n_val:]], y[idx[n_val:]]
    return X_train, X_val, y_train, y_val


@ELEVENTH.mistake("training", "predict", truth=("unnamed",),
                  source="y_hat > threshold: the strict comparison, so a probability exactly at the "
                         "threshold (0.5 from an all-zero network) is labelled 0 where >= labels it 1 "
                         "(written blind)")
def predict_strict(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return (y_hat > threshold).astype(int)


@ELEVENTH.mistake("training", "predict", truth=("unnamed",),
                  source="np.round(y_hat): the threshold ignored, 0.5 rounded to the even 0, and the labels "
                         "floats (numpy-discussion 'How to round to int', Robert Kern: 'Why does "
                         "numpy.round(a) return a float?', quoted in "
                         "huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1)")
def predict_rounded(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return np.round(y_hat)


@ELEVENTH.mistake("training", "accuracy", truth=("unnamed",),
                  source="np.mean(np.array_equal(y_true, y_pred)): array_equal answers one True/False for "
                         "the whole arrays, so the accuracy is 1.0 or 0.0 (application-architect.com "
                         "'np.array_equal() returns a single boolean, unlike == which returns an array of "
                         "booleans')")
def accuracy_array_equal(y_true, y_pred):
    return float(np.mean(np.array_equal(np.ravel(y_true), np.ravel(y_pred))))


@ELEVENTH.mistake("training", "accuracy", truth=("unnamed",),
                  source="np.mean(y_true != y_pred): the fraction of labels that disagree, the error rate, "
                         "where the fraction that agree is asked (github.com/luispedro/milk/pull/4 'Return "
                         "accuracy as fraction matched': 'it was computing the fraction missed')")
def accuracy_error_rate(y_true, y_pred):
    return float(np.mean(np.ravel(y_true) != np.ravel(y_pred)))


@ELEVENTH.mistake("training", "train", truth=("unnamed",),
                  source="init_params(X.shape[0], hidden, ...): the number of examples taken as the number "
                         "of features, W1 of shape (H, N), a matmul mismatch unless N == D (written blind)")
def train_examples_as_features(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[0], hidden, 1, seed=seed)
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


@ELEVENTH.mistake("training", "train", truth=("unnamed",),
                  source="history kept as a list with one (loss, val_loss, acc, val_acc) tuple per epoch, "
                         "where a dict of four lists is asked (wrong return structure; written blind)")
def train_history_of_tuples(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = []
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history.append((binary_cross_entropy(y, y_hat), binary_cross_entropy(y_val, y_hat_val),
                        accuracy(y, y_hat >= 0.5), accuracy(y_val, y_hat_val >= 0.5)))
        grads = backward(X, y, params, cache)
        params = sgd_step(params, grads, lr)
    return params, history


@ELEVENTH.mistake("training", "grid_search", truth=("unnamed",),
                  source="val_acc[j, i] = ...: the two loop indices written in the other order, an "
                         "IndexError once j passes the number of hidden sizes, a transposed table when the "
                         "grid is square (written blind)")
def grid_search_indices_swapped(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[j, i] = history["val_acc"][best]
            val_loss[j, i] = history["val_loss"][best]
            best_epochs[j, i] = best
    return val_acc, val_loss, best_epochs


@ELEVENTH.mistake("training", "grid_search", truth=("unnamed",),
                  source="best = np.argmax(history['val_acc']): the run stopped at its best validation "
                         "accuracy, where the lesson stops at its lowest validation loss, so all three "
                         "tables are read at another epoch (written blind)")
def grid_search_stop_at_best_accuracy(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmax(history["val_acc"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@ELEVENTH.mistake("training", "hyperparameters", truth=("unnamed",),
                  source="HIDDEN, LR, EPOCHS = 64, 849, 3.0: the three values unpacked in the order the "
                         "search printed them (hidden, epochs, lr), so LR is 849 and EPOCHS the float 3.0 "
                         "(two hyperparameters mixed up; written blind)")
def hyperparameters_unpacked_in_print_order():
    HIDDEN, LR, EPOCHS = 64, 849, 3.0
    return locals()


@ELEVENTH.mistake("training", "hyperparameters", truth=("unnamed",),
                  source="EPOCHS = 84: the last digit of the searched 849 lost when the number was copied "
                         "from the search's printout, a tenth of the steps the spiral needs (written blind)")
def hyperparameters_epochs_digit_lost():
    HIDDEN = 64
    LR = 3.0
    EPOCHS = 84
    return locals()


@ELEVENTH.mistake("training", "iterate_minibatches", truth=("unnamed",),
                  source="return X[batch], y[batch] inside the loop where yield belongs: a plain function "
                         "that hands back the first batch as a pair and stops (yield vs return, "
                         "w3docs.com/learn-python/python-generators)")
def iterate_minibatches_returns_first(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        return X[batch], y[batch]


@ELEVENTH.mistake("training", "iterate_minibatches", truth=("unnamed",),
                  source="range(0, N + 1, batch_size) 'so the last batch is included': when batch_size "
                         "divides N an extra empty batch of shape (0, D) is yielded "
                         "(github.com/scverse/annbatch/pull/132 'ChunkSampler yields empty splits')")
def iterate_minibatches_empty_last(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X) + 1, batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


# ---------------------------------------------------------------- 07 what next

@ELEVENTH.mistake("what_next", "init_deep_params", truth=("unnamed",),
                  source="init_params(n_in, n_out, seed=seed) called for each layer and its W1 kept: every "
                         "layer restarts the generator from the seed and draws an unused W2, so only the "
                         "first layer's weights are right (a call to the two-layer function; written blind)")
def init_deep_params_per_layer_init(layer_sizes, seed=0):
    params = {}
    for layer in range(1, len(layer_sizes)):
        two_layer = init_params(layer_sizes[layer - 1], layer_sizes[layer], seed=seed)
        params[f"W{layer}"] = two_layer["W1"]
        params[f"b{layer}"] = two_layer["b1"]
    return params


@ELEVENTH.mistake("what_next", "init_deep_params", truth=("unnamed",),
                  source="np.sqrt(2 / layer_sizes[0]) for every layer: the network's input size used as each "
                         "layer's fan-in (the wrong variable; written blind)")
def init_deep_params_input_fan_in(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / layer_sizes[0]), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@ELEVENTH.mistake("what_next", "forward_deep", truth=("unnamed",),
                  source="cache['a{l}'] = a written before a = act(z): each layer caches the activation it "
                         "received, so a1 is X and every cached activation is one layer late (order of two "
                         "lines; written blind)")
def forward_deep_cache_before_activation(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer < L:
            cache[f"a{layer}"] = a
            a = act(z)
    y_hat = sigmoid(cache[f"z{L}"]).ravel()
    return y_hat, cache


@ELEVENTH.mistake("what_next", "forward_deep", truth=("unnamed",),
                  source="the output layer computed after the loop over hidden layers and its z{L} never put "
                         "in the cache, which backward needs (written blind)")
def forward_deep_output_not_cached(X, params, activation="relu"):
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L):
        z = np.dot(a, params[f"W{layer}"].T) + params[f"b{layer}"]
        a = relu(z) if activation == "relu" else sigmoid(z)
        cache[f"z{layer}"] = z
        cache[f"a{layer}"] = a
    z_out = np.dot(a, params[f"W{L}"].T) + params[f"b{L}"]
    return sigmoid(z_out).ravel(), cache


@ELEVENTH.mistake("what_next", "backward_deep", truth=("unnamed",),
                  source="slope = (z > 0) whatever activation= says: the keyword accepted but the ReLU's "
                         "slope used for a sigmoid network too (written blind)")
def backward_deep_relu_slope_always(X, y, params, cache, activation="relu"):
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
            slope = (cache[f"z{layer - 1}"] > 0).astype(np.float64)
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@ELEVENTH.mistake("what_next", "backward_deep", truth=("unnamed",),
                  source="grads[f'dW{l - 1}']: the gradients keyed one layer low, dW0..dW{L-1} where "
                         "dW1..dWL are asked (off by one in the keys; written blind)")
def backward_deep_keys_one_low(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = X if layer == 1 else cache[f"a{layer - 1}"]
        grads[f"dW{layer - 1}"] = dz.T @ a_prev
        grads[f"db{layer - 1}"] = dz.sum(axis=0)
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            if activation == "relu":
                slope = (z > 0).astype(np.float64)
            else:
                slope = sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@ELEVENTH.mistake("what_next", "momentum_step", truth=("unnamed",),
                  source="v = (1 - beta) * v + beta * g: the two weights of the moving average exchanged, so "
                         "the velocity follows the newest gradient and forgets the past (written blind)")
def momentum_step_weights_exchanged(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = (1.0 - beta) * velocity[name] + beta * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@ELEVENTH.mistake("what_next", "momentum_step", truth=("unnamed",),
                  source="v = lr * v + (1 - lr) * g, then p - beta * v: the learning rate and the momentum "
                         "coefficient typed in each other's places (two hyperparameters mixed up; written "
                         "blind)")
def momentum_step_lr_and_beta_swapped(params, grads, velocity, lr, beta=0.9):
    new_params = {}
    new_velocity = {}
    for name in params:
        old = 0.0 if velocity is None else velocity[name]
        new_velocity[name] = lr * old + (1 - lr) * grads["d" + name]
        new_params[name] = params[name] - beta * new_velocity[name]
    return new_params, new_velocity


@ELEVENTH.mistake("what_next", "adam_step", truth=("unnamed",),
                  source="np.sqrt(v_hat + eps): the epsilon put under the root, a floor of 1e-4 where the "
                         "paper's sqrt(v_hat) + eps floors at 1e-8 (github.com/keras-team/keras/issues/17391 "
                         "'Adam (and other adaptive algorithms) use epsilon the wrong way')")
def adam_step_eps_under_root(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
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
        new_params[name] = p - lr * m_hat / np.sqrt(v_hat + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@ELEVENTH.mistake("what_next", "adam_step", truth=("unnamed",),
                  source="t += 1 inside the loop over parameters: the step count advances once per array, so "
                         "each parameter gets another bias correction and the state's t counts arrays "
                         "(github.com/flashlight/flashlight/issues/143 'Is this a mistake in "
                         "AdamOptimizer?': 'count_++ should be outside the for statement')")
def adam_step_count_per_parameter(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(v) for k, v in params.items()},
                 "v": {k: np.zeros_like(v) for k, v in params.items()}}
    t = state["t"]
    new_params, m_new, v_new = {}, {}, {}
    for name in params:
        t += 1
        g = grads["d" + name]
        m_new[name] = beta1 * state["m"][name] + (1 - beta1) * g
        v_new[name] = beta2 * state["v"][name] + (1 - beta2) * g * g
        m_hat = m_new[name] / (1 - beta1**t)
        v_hat = v_new[name] / (1 - beta2**t)
        new_params[name] = params[name] - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_params, {"t": t, "m": m_new, "v": v_new}


@ELEVENTH.mistake("what_next", "adam_step", truth=("unnamed",),
                  source="the new state returned with the old count, {'t': state['t'], ...}: the first step "
                         "is right, but every later step repeats the bias correction of step 1 (a step "
                         "counter that is never incremented, github.com/allenai/OLMo-core/pull/317 'the step "
                         "will not be incremented')")
def adam_step_count_not_advanced(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
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


@ELEVENTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                  source="the penalty and its gradient written for W2 only, (reg / 2) |W2|^2, W1 left out of "
                         "both (one of the two weight matrices forgotten; written blind)")
def softmax_classifier_loss_w1_unpenalised(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * np.sum(params["W2"] ** 2)
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@ELEVENTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                  source="exp_scores = np.exp(scores) without the row's max subtracted, as in CS231n's case "
                         "study: right for small scores, inf / inf = nan once a score passes about 709 "
                         "(shusei-e.github.io 'Softmax without Overflow', 'exp_x = np.exp(x)')")
def softmax_classifier_loss_unshifted_exp(X, y, params, reg=0.0):
    num_examples = X.shape[0]
    hidden = np.maximum(0, np.dot(X, params["W1"].T) + params["b1"])
    scores = np.dot(hidden, params["W2"].T) + params["b2"]
    exp_scores = np.exp(scores)
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    Y = np.eye(params["W2"].shape[0])[y]
    data_loss = categorical_cross_entropy(Y, probs)
    reg_loss = 0.5 * reg * (np.sum(params["W1"] * params["W1"]) + np.sum(params["W2"] * params["W2"]))
    dscores = (probs - Y) / num_examples
    dhidden = np.dot(dscores, params["W2"])
    dhidden[hidden <= 0] = 0
    grads = {"dW1": np.dot(dhidden.T, X) + reg * params["W1"], "db1": np.sum(dhidden, axis=0),
             "dW2": np.dot(dscores.T, hidden) + reg * params["W2"], "db2": np.sum(dscores, axis=0)}
    return data_loss + float(reg_loss), grads


@ELEVENTH.mistake("what_next", "softmax_classifier_train", truth=("unnamed",),
                  source="K = len(np.unique(y)): the classes counted from the labels present, one output "
                         "short (and the one-hot out of range) when a class is missing from the training "
                         "labels (github.com/yzhao062/pyod/issues/299, 'self._classes = len(np.unique(y))')")
def softmax_classifier_train_unique_classes(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3,
                                            seed=0):
    K = len(np.unique(y))
    params = init_params(X.shape[1], hidden, K, seed=seed)
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


@ELEVENTH.mistake("what_next", "softmax_classifier_train", truth=("unnamed",),
                  source="softmax_classifier_loss(X, y, params, lr): the learning rate passed in the "
                         "penalty's place, so the weights are regularised with strength lr (two "
                         "hyperparameters mixed up in a call; written blind)")
def softmax_classifier_train_lr_as_reg(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    n_classes = int(np.max(y)) + 1
    params = init_params(X.shape[1], hidden, n_classes, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        _, grads = softmax_classifier_loss(X, y, params, lr)
        data_loss, _ = softmax_classifier_loss(X, y, params)
        history["loss"].append(data_loss)
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        for name in params:
            params[name] = params[name] - lr * grads["d" + name]
    return params, history


# ================================================================ correct alternatives

@ELEVENTH.alternative("perceptron", "perceptron")
def perceptron_int_of_comparison(x, w, b):
    # a Python bool is an int subclass; int() makes it the plain 0 or 1
    return int(np.dot(w, x) + b >= 0)


@ELEVENTH.alternative("perceptron", "train_perceptron")
def train_perceptron_update_on_mistake(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        wrong = 0
        for i in range(len(X)):
            prediction = perceptron(X[i], w, b)
            if prediction != y[i]:
                w = w + lr * (y[i] - prediction) * X[i]
                b = b + lr * (y[i] - prediction)
                wrong += 1
        errors.append(wrong)
    return w, b, errors


@ELEVENTH.alternative("perceptron", "xor")
def xor_nand_first(x):
    # AND is symmetric in its two inputs, so the hidden pair may come in either order
    hidden = [perceptron(x, NAND_W, NAND_B), perceptron(x, OR_W, OR_B)]
    return perceptron(hidden, AND_W, AND_B)


@ELEVENTH.alternative("activations", "sigmoid")
def sigmoid_logaddexp(x):
    # 1 / (1 + e^-x) = exp(-log(1 + e^-x)); logaddexp computes log(e^0 + e^-x) without overflow
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -x))[()]


@ELEVENTH.alternative("activations", "tanh")
def tanh_from_expm1(x):
    # tanh|x| = (1 - e^-2|x|) / (1 + e^-2|x|), with expm1 keeping small inputs accurate
    x = np.asarray(x, dtype=np.float64)
    e = np.expm1(-2.0 * np.abs(x))
    return (np.sign(x) * -e / (2.0 + e))[()]


@ELEVENTH.alternative("activations", "relu")
def relu_where(x):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, 0.0)[()]


@ELEVENTH.alternative("activations", "relu_grad")
def relu_grad_heaviside(x):
    # heaviside's second argument is its value at 0: the lesson picks 0 at the kink
    return np.heaviside(np.asarray(x, dtype=np.float64), 0.0)[()]


@ELEVENTH.alternative("activations", "leaky_relu")
def leaky_relu_from_relu(x, alpha=0.1):
    # the positive part plus alpha times the negative part
    return relu(x) - alpha * relu(-np.asarray(x, dtype=np.float64))


@ELEVENTH.alternative("losses", "binary_cross_entropy")
def binary_cross_entropy_log1p(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p)))


@ELEVENTH.alternative("losses", "softmax")
def softmax_log_sum_exp(z):
    z = np.asarray(z, dtype=np.float64)
    shifted = z - z.max(axis=-1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return np.exp(shifted - log_norm)


@ELEVENTH.alternative("losses", "categorical_cross_entropy")
def categorical_cross_entropy_true_class(Y, P, eps=1e-9):
    # with one-hot rows only the true class's log-probability survives the sum
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    true_class = Y.argmax(axis=1)
    return float(-np.mean(np.log(P[np.arange(len(P)), true_class])))


@ELEVENTH.alternative("losses", "softmax_cross_entropy_grad")
def softmax_cross_entropy_grad_subtract_one(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    n = Z.shape[0]
    dZ = softmax(Z)
    dZ[np.arange(n), np.asarray(Y).argmax(axis=1)] -= 1.0
    return dZ / n


@ELEVENTH.alternative("losses", "mse")
def mse_dot(y, y_hat):
    residual = np.asarray(y, dtype=np.float64).ravel() - np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.dot(residual, residual) / residual.size)


@ELEVENTH.alternative("forward_pass", "init_params")
def init_params_standard_normal(n_in, n_hidden, n_out=1, seed=0):
    # standard normal draws scaled by He's spread: the same numbers as normal(0, spread)
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_hidden, n_in)) * np.sqrt(2.0 / n_in)
    W2 = rng.standard_normal((n_out, n_hidden)) * np.sqrt(2.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@ELEVENTH.alternative("forward_pass", "forward")
def forward_column_layout(X, params):
    # W1 @ X.T is the column-per-example product; transposed back it is X @ W1.T
    z1 = (params["W1"] @ X.T).T + params["b1"]
    a1 = np.maximum(z1, 0.0)
    z2 = (params["W2"] @ a1.T).T + params["b2"]
    return sigmoid(z2)[:, 0], {"z1": z1, "a1": a1, "z2": z2}


@ELEVENTH.alternative("backprop", "backward")
def backward_broadcast_single_output(X, y, params, cache):
    # with one output unit, dz2 @ W2 is the broadcast dz2 * W2, and a1 > 0 is the same mask as z1 > 0
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = (dz2 * cache["a1"]).sum(axis=0, keepdims=True)
    db2 = dz2.sum(axis=0)
    dz1 = dz2 * params["W2"] * (cache["a1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dW2, "db2": db2}


@ELEVENTH.alternative("backprop", "sgd_step")
def sgd_step_loop(params, grads, lr):
    new_params = {}
    for name in params:
        new_params[name] = params[name] - lr * grads["d" + name]
    return new_params


@ELEVENTH.alternative("training", "train_val_split")
def train_val_split_np_split(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    val, tr = np.split(order, [round(val_fraction * len(X))])
    return X[tr], X[val], y[tr], y[val]


@ELEVENTH.alternative("training", "accuracy")
def accuracy_count_nonzero(y_true, y_pred):
    agree = np.ravel(y_true) == np.ravel(y_pred)
    return np.count_nonzero(agree) / agree.size


@ELEVENTH.alternative("training", "grid_search")
def grid_search_list_index(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    shape = (len(hiddens), len(lrs))
    val_acc, val_loss, best_epochs = np.zeros(shape), np.zeros(shape), np.zeros(shape, dtype=int)
    for i in range(len(hiddens)):
        for j in range(len(lrs)):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hiddens[i], lr=lrs[j], epochs=epochs)
            # list.index finds the first epoch with the lowest loss, as argmin does
            best = history["val_loss"].index(min(history["val_loss"]))
            val_acc[i, j] = history["val_acc"][best]
            val_loss[i, j] = history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@ELEVENTH.alternative("training", "iterate_minibatches")
def iterate_minibatches_array_split(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    # cutting at batch_size, 2 * batch_size, ... leaves the remainder as the last piece
    for batch in np.array_split(order, np.arange(batch_size, len(X), batch_size)):
        yield X[batch], y[batch]


@ELEVENTH.alternative("what_next", "init_deep_params")
def init_deep_params_pairs(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    # itertools.pairwise is not among the notebook's names; zip of the two slices pairs the sizes
    for layer, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:], strict=True), start=1):  # noqa: RUF007
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@ELEVENTH.alternative("what_next", "backward_deep")
def backward_deep_slope_from_activations(X, y, params, cache, activation="relu"):
    # the slopes read from the cached activations: a > 0 for ReLU, a (1 - a) for the sigmoid
    L = len(params) // 2
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / X.shape[0]
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = X if layer == 1 else cache[f"a{layer - 1}"]
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            slope = (a_prev > 0) if activation == "relu" else a_prev * (1.0 - a_prev)
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@ELEVENTH.alternative("what_next", "momentum_step")
def momentum_step_interpolate(params, grads, velocity, lr, beta=0.9):
    # beta v + (1 - beta) g written as v moved a fraction (1 - beta) of the way towards g
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v_old = np.zeros_like(p) if velocity is None else velocity[name]
        v = v_old + (1.0 - beta) * (grads["d" + name] - v_old)
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@ELEVENTH.alternative("what_next", "adam_step")
def adam_step_square_and_power(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = 1 if state is None else state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        m_old = np.zeros_like(p) if state is None else state["m"][name]
        v_old = np.zeros_like(p) if state is None else state["v"][name]
        g = grads["d" + name]
        m_new[name] = beta1 * m_old + (1.0 - beta1) * g
        v_new[name] = beta2 * v_old + (1.0 - beta2) * np.square(g)
        m_hat = m_new[name] / (1.0 - np.power(beta1, t))
        v_hat = v_new[name] / (1.0 - np.power(beta2, t))
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_params, {"t": t, "m": m_new, "v": v_new}
