"""The fifteenth set of unseen mistakes (and correct alternatives), written blind by helper H26f.

Written on 2026-12-06 (session 26) by helper H26f, from: the student notebooks
(``notebooks/neural_networks/*.ipynb``: their markdown, solution cells' signatures and docstrings), the
reference answers (``solutions/perceptron.py``, ``activations.py``, ``losses.py``, ``forward_pass.py``,
``backprop.py``, ``training.py``, ``what_next.py``), ``solutions/blind_set.py``, the ``UnseenMistake``
dataclass of ``solutions/unseen_mistakes.py``, the registry of blanks (``autograder/blanks.py``), the
README's first section, the fourteenth set's module docstring, imports and first entries as the format
to copy, the one-line ``source=`` strings of every earlier set (to stay clear of slips already written;
they were pulled out with a small AST script that printed only each entry's blank and source), and
public material found with the search tool (GitHub issues and pull requests, library documentation,
Q&A mirrors).

Not read: ``autograder/`` beyond ``blanks.py``, ``nncourse/``, ``tests/``, ``solutions/mistakes/``,
``solutions/alternatives/``, ``docs/``, the README past its first section, the code or ``truth=`` of
the earlier sets (beyond the fourteenth's first entries), anything under /work/briefs but this set's
brief, anything under /tmp but this helper's scratch directory. Neither ``nncourse mutants`` nor the
grader nor pytest was run on these entries; each was only run in plain Python on small inputs against
the reference, to see a mistake differ from it (in its output, in a warning or error it raises, or in a
change to its inputs) and an alternative agree with it to 1e-10 without a warning. The two
``hyperparameters`` mistakes were checked by training with them on the lesson data and scoring on a
fresh spiral of the same distribution (not the held-out points, which were not read).

There is no labelling vocabulary for this set: every mistake carries ``truth=("unnamed",)``, and the
lead's blind judge rules each hint by reading the slip in its ``source=``. The constants blanks
(``gates``, ``hyperparameters``) are written as the fourteenth set writes them: a function that assigns
the cell's names and returns ``locals()``. Every entry uses only ``np``, Python's builtins and names the
notebook itself defines (the student's other functions or the given ones); state kept between calls
lives in a mutable default argument, and a module needed in one entry is imported inside it.

83 mistakes cover all 37 blanks (01 11, 02 13, 03 13, 04 8, 05 8, 06 15, 07 15, so at most 15 of 83 in
any one notebook); 14 of their ``source=`` strings cite where the slip (or the formula, default or
convention it comes from) is reported, the other 69 say "written blind". About 30 only show on some
inputs (Python lists, scalars, integer labels, column (N, 1) or 2-D inputs, N = 1 or N == H, large
magnitudes, alpha = 0, some but not all entries negative, predictions of exactly 0 or 1, long batches,
non-zero biases, reg > 0, lr != 1, calls that rely on a default, second calls, batch sizes that do not
divide N, unbalanced labels, deeper networks), and about 40 are written the student's way (loops,
Python lists, temporaries, mutable defaults, calls to the student's other functions). Some mistakes
return the right values and are wrong only in a warning, a type, a tie or a side effect:
``sigmoid_where_both_branches``, ``tanh_grad_sech_via_cosh``, ``gates_integer_weights``,
``gates_nand_bias_on_the_line``, ``sgd_step_shared_default_dict`` (and ``backward_mask_overwrites_a1``
also writes into the caller's cache). 38 correct alternatives cover every notebook module (01 5, 02 7,
03 7, 04 3, 05 3, 06 6, 07 7); each agreed with the reference to 1e-10 on the inputs tried, edge shapes
included, with NumPy's default error state (overflow, divide and invalid warn; underflow is ignored).

Each mistake is one slip, about half of them in the reference's own code and half in a function
written the way a student would. ``source=`` says the slip in plain words, then where it is
reported, or "written blind".

``nncourse mutants --unseen fifteenth`` grades it. Once measured, the file is frozen: it must not be
edited after its first measurement; a miss may lead to a general fingerprint, never to an edit here.
"""

import numpy as np

from solutions.activations import leaky_relu, relu, sigmoid, tanh
from solutions.backprop import backward, sgd_step
from solutions.blind_set import BlindSet
from solutions.forward_pass import forward, init_params
from solutions.losses import binary_cross_entropy, categorical_cross_entropy, softmax
from solutions.perceptron import AND_B, AND_W, NAND_B, NAND_W, OR_B, OR_W, perceptron
from solutions.training import accuracy, predict, train
from solutions.what_next import predict_classes, softmax_classifier_loss

FIFTEENTH = BlindSet("fifteenth")
UNSEEN_FIFTEENTH, UNSEEN_FIFTEENTH_ALTERNATIVES = FIFTEENTH.mistakes, FIFTEENTH.alternatives


# ---------------------------------------------------------------- 01 perceptron

@FIFTEENTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                   source="np.where(np.dot(w, x) + b >= 0, 1, 0) as the step: the right 0 or 1, but as a "
                          "0-d NumPy array, where the notebook asks for a Python int, 'not a boolean and "
                          "not an array' (written blind)")
def perceptron_where_zero_d(x, w, b):
    return np.where(np.dot(w, x) + b >= 0, 1, 0)


@FIFTEENTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                   source="x.dot(w) + b: the array method called on the input, which the notebook says "
                          "may arrive as a Python list, so a list raises AttributeError: 'list' object "
                          "has no attribute 'dot' (only on list inputs; written blind)")
def perceptron_dot_method_on_x(x, w, b):
    return 1 if x.dot(w) + b >= 0 else 0


@FIFTEENTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                   source="np.outer(w, x).sum() + b: the outer product summed where the inner product "
                          "belongs, every weight times every feature, (sum w)(sum x) + b (written blind)")
def perceptron_outer_product_sum(x, w, b):
    return 1 if np.outer(w, x).sum() + b >= 0 else 0


@FIFTEENTH.mistake("perceptron", "gates", truth=("unnamed",),
                   source="the weights typed without decimal points, np.array([1, 1]) and np.array([-1, "
                          "-1]): integer arrays where the notebook asks for float arrays of shape (2,) "
                          "(the truth tables are right; written blind)")
def gates_integer_weights():
    AND_W = np.array([1, 1])
    AND_B = -1.5
    OR_W = np.array([1, 1])
    OR_B = -0.5
    NAND_W = np.array([-1, -1])
    NAND_B = 1.5
    return locals()


@FIFTEENTH.mistake("perceptron", "gates", truth=("unnamed",),
                   source="OR_W = np.array([[1.0, 1.0]]) with double brackets: a (1, 2) row matrix where "
                          "a vector of shape (2,) is asked, so np.dot gives a one-element array, not a "
                          "number (the gate still fires right; written blind)")
def gates_or_weights_row_matrix():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([[1.0, 1.0]])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@FIFTEENTH.mistake("perceptron", "gates", truth=("unnamed",),
                   source="NAND_B = 1.0, 'fires unless the sum reaches 1': the corners (0, 1) and (1, 0) "
                          "land exactly on NAND's line, -1 + 1 = 0, and fire only through the tie rule, "
                          "which the notebook rules out (the truth table is right; written blind)")
def gates_nand_bias_on_the_line():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.0
    return locals()


@FIFTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                   source="w = np.zeros(len(X)): the weight vector sized by the number of points N where "
                          "the number of features D belongs, so np.dot(w, x) fails unless N == D (written "
                          "blind)")
def train_perceptron_weights_sized_by_points(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(len(X))
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


@FIFTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                   source="the learning rate put on the weight update only, w += lr (y - y_hat) x but b += "
                          "(y - y_hat): the bias moves by a whole unit whatever lr is (only for lr != 1; "
                          "written blind)")
def train_perceptron_lr_on_weights_only(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for i in range(len(X)):
            error = y[i] - perceptron(X[i], w, b)
            if error != 0:
                w = w + lr * error * X[i]
                b = b + error
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@FIFTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                   source="b = np.zeros(1), the bias started like the weights: it stays a one-element "
                          "array through the updates and comes back with shape (1,) where a float is "
                          "asked (written blind)")
def train_perceptron_bias_as_array(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = np.zeros(1)
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


@FIFTEENTH.mistake("perceptron", "xor", truth=("unnamed",),
                   source="the second hidden unit's line copied from the first and never edited, so the "
                          "hidden pair is (OR, OR): AND(OR, OR) is OR, and (1, 1) gives 1 (written blind)")
def xor_second_unit_copied(x):
    hidden = [perceptron(x, OR_W, OR_B), perceptron(x, OR_W, OR_B)]
    return perceptron(hidden, AND_W, AND_B)


@FIFTEENTH.mistake("perceptron", "xor", truth=("unnamed",),
                   source="def xor(x1, x2): the two inputs taken as two arguments, 'XOR of a and b', where "
                          "the notebook's xor takes one point x of shape (2,), so xor(x) raises 'missing "
                          "1 required positional argument' (written blind)")
def xor_two_arguments(x1, x2):
    x = [x1, x2]
    hidden = [perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)]
    return perceptron(hidden, AND_W, AND_B)


# ---------------------------------------------------------------- 02 activations

@FIFTEENTH.mistake("activations", "sigmoid", truth=("unnamed",),
                   source="np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x))): np.where "
                          "evaluates both branches on every entry, so beyond |x| = 709 one of them "
                          "overflows and NumPy warns, though the kept values are right (only on large "
                          "magnitudes; stackoverflow.com/questions/51976461, 'As both branches are "
                          "evaluated ... warnings are thrown')")
def sigmoid_where_both_branches(x):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, 1.0 / (1.0 + np.exp(-x)), np.exp(x) / (1.0 + np.exp(x)))[()]


@FIFTEENTH.mistake("activations", "sigmoid", truth=("unnamed",),
                   source="the stable sigmoid written for one number, 'if x >= 0: 1 / (1 + e^-x) else: e^x "
                          "/ (1 + e^x)': fine for a scalar, but any array of two or more entries raises "
                          "'The truth value of an array with more than one element is ambiguous' (only on "
                          "arrays; the scalar version in the question of stackoverflow.com/questions/"
                          "51976461)")
def sigmoid_scalar_if(x):
    if x >= 0:
        return np.float64(1.0 / (1.0 + np.exp(-x)))
    return np.float64(np.exp(x) / (1.0 + np.exp(x)))


@FIFTEENTH.mistake("activations", "sigmoid_grad", truth=("unnamed",),
                   source="np.exp(-x) * sigmoid(x) ** 2: the quotient rule's e^-x / (1 + e^-x)^2 rewritten "
                          "with the student's stable sigmoid; exact on paper, but below x = -709 exp(-x) "
                          "overflows to inf while sigmoid(x)^2 underflows to 0, so inf * 0 gives nan and "
                          "warnings (only on large negative inputs; written blind)")
def sigmoid_grad_exp_times_square(x):
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-x) * sigmoid(x) ** 2


@FIFTEENTH.mistake("activations", "tanh", truth=("unnamed",),
                   source="np.tanh(x.astype(np.float64)): the conversion written as a method of the input, "
                          "which a Python float (a scalar input) or a list does not have, AttributeError "
                          "(only on scalar or list inputs; written blind)")
def tanh_astype_on_input(x):
    return np.tanh(x.astype(np.float64))


@FIFTEENTH.mistake("activations", "tanh_grad", truth=("unnamed",),
                   source="the derivative as sech^2, 1 / np.cosh(x) ** 2: exact on paper, but cosh(x)^2 "
                          "overflows float64 once |x| passes about 355, so NumPy warns 'overflow "
                          "encountered' although 1 / inf = 0 is the right value (only on large "
                          "magnitudes; written blind)")
def tanh_grad_sech_via_cosh(x):
    x = np.asarray(x, dtype=np.float64)
    return 1.0 / np.cosh(x) ** 2


@FIFTEENTH.mistake("activations", "tanh_grad", truth=("unnamed",),
                   source="x = np.ravel(x) at the top, the flattening habit of the loss functions carried "
                          "into an elementwise derivative: a (N, K) input comes back as a flat (N * K,) "
                          "array and a scalar as a (1,) array (only on non-1-D inputs; written blind)")
def tanh_grad_flattens_input(x):
    x = np.ravel(np.asarray(x, dtype=np.float64))
    t = np.tanh(x)
    return 1.0 - t ** 2


@FIFTEENTH.mistake("activations", "relu", truth=("unnamed",),
                   source="np.log1p(np.exp(x)), softplus, the 'smooth ReLU', written where the ReLU itself "
                          "is asked: log 2 at 0, positive for negative inputs, and overflow warnings past "
                          "x = 709 (written blind)")
def relu_softplus(x):
    x = np.asarray(x, dtype=np.float64)
    return np.log1p(np.exp(x))[()]


@FIFTEENTH.mistake("activations", "relu", truth=("unnamed",),
                   source="return np.maximum(0, x), x: CS231n's relu_forward layout, which returns the "
                          "output and a cache for the backward pass, so a pair comes back where the "
                          "activation alone is asked (cs231n assignment layers.py, relu_forward 'Returns a "
                          "tuple of: out, cache', as copied in github.com/hmchen47/DataScience)")
def relu_returns_cache(x):
    x = np.asarray(x, dtype=np.float64)
    out = np.maximum(0.0, x)
    return out[()], x


@FIFTEENTH.mistake("activations", "relu_grad", truth=("unnamed",),
                   source="np.where(x > 0) with the two values 1.0 and 0.0 left out: with only a condition "
                          "np.where returns condition.nonzero(), a tuple of index arrays, not the slope "
                          "(numpy.where docs, 'If only condition is given, return condition.nonzero()')")
def relu_grad_where_one_argument(x):
    return np.where(np.asarray(x, dtype=np.float64) > 0)


@FIFTEENTH.mistake("activations", "leaky_relu", truth=("unnamed",),
                   source="x[x < 0] = alpha * x: the mask left off the right-hand side, so NumPy is asked "
                          "to put all N values into the masked places, ValueError 'NumPy boolean array "
                          "indexing assignment cannot assign ...' (only when some but not all entries are "
                          "negative; written blind)")
def leaky_relu_mask_assignment(x, alpha=0.1):
    x = np.array(x, dtype=np.float64)
    x[x < 0] = alpha * x
    return x[()]


@FIFTEENTH.mistake("activations", "leaky_relu", truth=("unnamed",),
                   source="alpha * (np.exp(x) - 1) on the negative side: the ELU's branch written for the "
                          "leaky ReLU's alpha * x, so negative inputs are bent towards -alpha instead of "
                          "scaled (written blind)")
def leaky_relu_elu_branch(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    negative = np.minimum(x, 0.0)
    return np.where(x >= 0, x, alpha * (np.exp(negative) - 1.0))[()]


@FIFTEENTH.mistake("activations", "leaky_relu_grad", truth=("unnamed",),
                   source="np.where(x >= 0, 1.0, 1.0 - alpha): the slope on the negative side taken as "
                          "'one minus the leak', 0.9 for the default alpha where alpha itself belongs "
                          "(written blind)")
def leaky_relu_grad_one_minus_alpha(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, 1.0, 1.0 - alpha)[()]


@FIFTEENTH.mistake("activations", "leaky_relu_grad", truth=("unnamed",),
                   source="the condition tested on the function's output, leaky_relu(x, alpha) >= 0, not "
                          "on x: the same sign for alpha > 0, but with alpha = 0 (leaky ReLU as plain "
                          "ReLU) every negative input's output is 0 >= 0 and gets slope 1 where 0 belongs "
                          "(only for alpha <= 0; written blind)")
def leaky_relu_grad_mask_from_output(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(leaky_relu(x, alpha) >= 0, 1.0, alpha)[()]


# ---------------------------------------------------------------- 03 losses

@FIFTEENTH.mistake("losses", "binary_cross_entropy", truth=("unnamed",),
                   source="DeepLearning.AI's cost with dot products on columns, -(y.T @ log p + (1 - y).T "
                          "@ log(1 - p)) / N, returned without np.squeeze: the right number inside a (1, 1) "
                          "array where a float is asked (community.deeplearning.ai/t/week3-programming-"
                          "assignment-4-4-compute-the-cost/18646, np.dot(v, v.T) gives array([[30]]))")
def binary_cross_entropy_column_dot(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    p = np.clip(np.asarray(y_hat, dtype=np.float64).reshape(-1, 1), eps, 1.0 - eps)
    n = y.shape[0]
    return -(y.T @ np.log(p) + (1.0 - y).T @ np.log(1.0 - p)) / n


@FIFTEENTH.mistake("losses", "binary_cross_entropy", truth=("unnamed",),
                   source="np.clip(y_hat, 1 - eps, eps): the two bounds in the wrong order; NumPy does not "
                          "check them and sets every entry to a_max = eps, so each prediction is scored as "
                          "1e-9 (numpy.clip docs, 'When a_min is greater than a_max, clip returns an array "
                          "in which all values are equal to a_max')")
def binary_cross_entropy_clip_bounds_reversed(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), 1.0 - eps, eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


@FIFTEENTH.mistake("losses", "binary_cross_entropy_grad", truth=("unnamed",),
                   source="the exact slope of the clipped loss, 0 wherever y_hat lies outside [eps, 1 - "
                          "eps]: the notebook asks for the formula at the clip instead, so that a prediction "
                          "stuck at exactly 0 or 1 still gets a push (only at y_hat = 0 or 1; written blind)")
def binary_cross_entropy_grad_flat_outside_clip(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    grad = (p - y) / (p * (1.0 - p)) / y_hat.size
    return np.where((y_hat < eps) | (y_hat > 1.0 - eps), 0.0, grad)


@FIFTEENTH.mistake("losses", "binary_cross_entropy_grad", truth=("unnamed",),
                   source="grad = np.zeros_like(y) filled entry by entry: the buffer takes the labels' "
                          "dtype, so with integer 0/1 labels every gradient entry is truncated toward 0 "
                          "(only on integer labels; written blind)")
def binary_cross_entropy_grad_label_buffer(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    grad = np.zeros_like(y)
    for idx in np.ndindex(y.shape):
        grad[idx] = (p[idx] - y[idx]) / (p[idx] * (1.0 - p[idx])) / y_hat.size
    return grad


@FIFTEENTH.mistake("losses", "softmax", truth=("unnamed",),
                   source="e / np.linalg.norm(e, axis=-1, keepdims=True): each row 'normalised' by its "
                          "Euclidean length, so the rows have unit length and do not sum to 1 (written "
                          "blind)")
def softmax_divided_by_norm(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / np.linalg.norm(e, axis=-1, keepdims=True)


@FIFTEENTH.mistake("losses", "softmax", truth=("unnamed",),
                   source="a loop 'for row in z: row = np.exp(row - row.max()); row = row / row.sum()', then "
                          "return z: assigning to the loop variable rebinds a name and writes nothing into "
                          "z, so the logits come back unchanged (pythonkb.com, 'changing the value of the "
                          "iteration variable does not affect the underlying data')")
def softmax_loop_rebinds_row(z):
    z = np.asarray(z, dtype=np.float64)
    for row in z:
        row = np.exp(row - row.max())
        row = row / row.sum()
    return z


@FIFTEENTH.mistake("losses", "categorical_cross_entropy", truth=("unnamed",),
                   source="-log(prod of the true-class probabilities) / N: the log of the likelihood where "
                          "the sum of the logs belongs; equal on paper, but for a long batch the product "
                          "underflows to 0 and the loss is inf (only on long batches or small "
                          "probabilities; written blind)")
def categorical_cross_entropy_log_of_product(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    p_true = np.sum(Y * P, axis=-1)
    return float(-np.log(np.prod(p_true)) / len(p_true))


@FIFTEENTH.mistake("losses", "categorical_cross_entropy", truth=("unnamed",),
                   source="np.log(np.clip(Y * P, eps, 1)) summed over each row: the one-hot multiplied in "
                          "before the log to 'pick the true class', so every wrong class's 0 is clipped to "
                          "eps and adds -log(eps) = 20.7 nats (written blind)")
def categorical_cross_entropy_onehot_inside_log(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.asarray(P, dtype=np.float64)
    return float(-np.mean(np.sum(np.log(np.clip(Y * P, eps, 1.0)), axis=-1)))


@FIFTEENTH.mistake("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
                   source="the softmax written inline as np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True) "
                          "instead of calling the student's softmax, as the notebook asks: no max "
                          "subtracted, so logits past 709 overflow to inf / inf = nan (only on huge "
                          "logits; written blind)")
def softmax_cross_entropy_grad_inline_softmax(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    e = np.exp(Z)
    P = e / e.sum(axis=1, keepdims=True)
    return (P - np.asarray(Y, dtype=np.float64)) / Z.shape[0]


@FIFTEENTH.mistake("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
                   source="CS231n's dZ[range(N), labels] -= 1 with labels = np.where(Y == 1)[0]: np.where "
                          "returns (rows, columns) and [0] is the row index, so row i loses 1 at column i, "
                          "not at its label (an IndexError once N > K; written blind)")
def softmax_cross_entropy_grad_where_rows(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    dZ = softmax(Z)
    labels = np.where(np.asarray(Y) == 1)[0]
    dZ[np.arange(Z.shape[0]), labels] -= 1.0
    return dZ / Z.shape[0]


@FIFTEENTH.mistake("losses", "mse", truth=("unnamed",),
                   source="np.mean(r @ r) for the residual r: the dot product already sums the squares, "
                          "and the mean of that one number is the number itself, so the sum of squares "
                          "comes back where the mean is asked (written blind)")
def mse_mean_of_dot(y, y_hat):
    r = np.asarray(y, dtype=np.float64).ravel() - np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.mean(r @ r))


@FIFTEENTH.mistake("losses", "mse", truth=("unnamed",),
                   source="Keras' mean_squared_error, mean(square(y_hat - y), axis=-1): a per-sample loss, "
                          "so (N,) vectors give one number but (N, 1) columns give an (N,) array of "
                          "squared errors where one float is asked (only on column or 2-D inputs; "
                          "github.com/keras-team/keras/issues/9307 'Keras loss function explained')")
def mse_keras_last_axis(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return np.mean(np.square(y_hat - y), axis=-1)


@FIFTEENTH.mistake("losses", "mse_grad", truth=("unnamed",),
                   source="np.sign(y_hat - y) / N: the slope of the mean absolute error written for the "
                          "mean squared error, so every entry gets +-1/N whatever the size of its "
                          "residual (written blind)")
def mse_grad_sign_of_residual(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return np.sign(y_hat - y) / y_hat.size


# ---------------------------------------------------------------- 04 forward pass

@FIFTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                   source="He's uniform variant, rng.uniform(-sqrt(6 / n_in), sqrt(6 / n_in)): the right "
                          "variance 2 / n_in, but uniform draws where the notebook asks for rng.normal "
                          "(tf.keras.initializers.he_uniform, 'limit is sqrt(6 / fan_in)')")
def init_params_he_uniform(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    limit1, limit2 = np.sqrt(6.0 / n_in), np.sqrt(6.0 / n_hidden)
    return {
        "W1": rng.uniform(-limit1, limit1, size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.uniform(-limit2, limit2, size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@FIFTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                   source="def init_params(n_in, n_hidden, n_out=2, seed=0): 'two classes, two outputs' "
                          "typed into the default, so a call without n_out builds W2 (2, H) and b2 (2,) "
                          "where the lesson's single sigmoid output is asked (only for calls without "
                          "n_out; written blind)")
def init_params_two_outputs_default(n_in, n_hidden, n_out=2, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@FIFTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                   source="'b2': 0.0, a plain number for 'the output's bias': a float where an (n_out,) "
                          "array is asked (broadcasting hides it in forward; written blind)")
def init_params_scalar_output_bias(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": 0.0,
    }


@FIFTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                   source="the seed stored in the dict too, 'seed': seed, 'for reproducibility': a fifth "
                          "entry beside W1, b1, W2, b2, which an update over every entry (sgd_step looks "
                          "up grads['dseed']) trips over (written blind)")
def init_params_seed_kept_in_dict(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }
    params["seed"] = seed
    return params


@FIFTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                   source="the hidden bias added inside the ReLU's call, relu(z1 + b1), after z1 = X @ W1.T "
                          "was computed and cached without it: y_hat is right, but the cached z1 lacks b1, "
                          "so backprop's mask is read from the wrong pre-activations (only for b1 != 0; "
                          "written blind)")
def forward_bias_inside_relu(X, params):
    z1 = X @ params["W1"].T
    a1 = relu(z1 + params["b1"])
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@FIFTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                   source="sigmoid(z2 - z2.max()): notebook 3's stability shift copied to the output, but "
                          "the sigmoid, unlike softmax, changes when its input is shifted, so every "
                          "probability is wrong (written blind)")
def forward_sigmoid_shifted_by_max(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2 - z2.max()).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@FIFTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                   source="y_hat = sigmoid(z2).T 'to turn the column into a vector': a (1, N) row where "
                          "shape (N,) is asked (written blind)")
def forward_output_transposed(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).T, {"z1": z1, "a1": a1, "z2": z2}


@FIFTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                   source="b1 reshaped to a column, b1.reshape(-1, 1), DeepLearning.AI's bias shape, then "
                          "added to the (N, H) rows: a broadcasting error unless N == H, and for N = 1 an "
                          "(H, H) table (written blind)")
def forward_bias_as_column(X, params):
    z1 = X @ params["W1"].T + params["b1"].reshape(-1, 1)
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


# ---------------------------------------------------------------- 05 backprop

@FIFTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                   source="dz2 = (y_hat - y) / (y_hat (1 - y_hat)) / N: notebook 3's gradient with respect "
                          "to the prediction used as the gradient with respect to the logit z2, the "
                          "sigmoid's slope never multiplied in (written blind)")
def backward_prediction_gradient_as_dz2(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    y_hat = sigmoid(cache["z2"])
    dz2 = (y_hat - y) / (y_hat * (1.0 - y_hat)) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dW2, "db2": db2}


@FIFTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                   source="reg * W added to dW1 and dW2 with CS231n's reg = 1e-3, the regularisation "
                          "gradient of its two-layer net copied, although notebook 5's loss has no "
                          "penalty (the 'dW2 += reg * W2' of cs231n.github.io/neural-networks-case-study)")
def backward_cs231n_weight_decay(X, y, params, cache):
    reg = 1e-3
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"] + reg * params["W2"]
    db2 = dz2.sum(axis=0)
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    dW1 = dz1.T @ X + reg * params["W1"]
    return {"dW1": dW1, "db1": dz1.sum(axis=0), "dW2": dW2, "db2": db2}


@FIFTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                   source="mask = cache['a1']; mask[mask > 0] = 1: the ReLU's slope built in place in the "
                          "cached activations, and dW2 = dz2.T @ cache['a1'] taken after it, so dW2 sees "
                          "the 0/1 mask instead of the activations and the caller's cache is changed "
                          "(written blind)")
def backward_mask_overwrites_a1(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    da1 = dz2 @ params["W2"]
    mask = cache["a1"]
    mask[mask > 0] = 1.0
    dz1 = da1 * mask
    dW2 = dz2.T @ cache["a1"]
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dW2, "db2": dz2.sum(axis=0)}


@FIFTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                   source="{'dW1': dW2, 'db1': db1, 'dW2': dW1, 'db2': db2}: the two weight gradients "
                          "returned under each other's names, each computed right (written blind)")
def backward_weight_keys_swapped(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW2, "db1": db1, "dW2": dW1, "db2": db2}


@FIFTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                   source="the ReLU mask recomputed as (X @ W1.T) > 0 with the hidden bias b1 left out, "
                          "instead of read from cache['z1']: right while b1 is zero, wrong once the "
                          "biases have been trained (only for b1 != 0; written blind)")
def backward_mask_without_bias(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    mask = (X @ params["W1"].T) > 0
    dz1 = (dz2 @ params["W2"]) * mask
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@FIFTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                   source="'if name in grads' added to the comprehension, tested with the parameter's own "
                          "name: the gradients are keyed 'dW1', 'db1', ..., so no name matches and an "
                          "empty dict comes back (written blind)")
def sgd_step_membership_on_wrong_key(params, grads, lr):
    return {name: p - lr * grads["d" + name] for name, p in params.items() if name in grads}


@FIFTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                   source="def sgd_step(params, grads, lr, new_params={}): the result dict is a mutable "
                          "default, made once, so every call fills and returns the same dict and the "
                          "caller's earlier 'new' parameters change with the next step (only from the "
                          "second call; effbot's Python FAQ 'Why are default values shared between "
                          "objects?')")
def sgd_step_shared_default_dict(params, grads, lr, new_params={}):  # noqa: B006
    for name, p in params.items():
        new_params[name] = p - lr * grads["d" + name]
    return new_params


@FIFTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                   source="new_params = dict(params) written inside the loop over the parameters: each "
                          "iteration starts again from the old dict, so only the last parameter (b2) comes "
                          "back stepped (written blind)")
def sgd_step_copy_inside_loop(params, grads, lr):
    new_params = {}
    for name, p in params.items():
        new_params = dict(params)
        new_params[name] = p - lr * grads["d" + name]
    return new_params


# ---------------------------------------------------------------- 06 training

@FIFTEENTH.mistake("training", "train_val_split", truth=("unnamed",),
                   source="mask = rng.random(N) < val_fraction: each point sent to validation with "
                          "probability val_fraction, a quick split of many tutorials, so the validation set "
                          "has a random size, not round(val_fraction * N) (written blind)")
def train_val_split_random_mask(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    to_val = rng.random(len(X)) < val_fraction
    return X[~to_val], X[to_val], y[~to_val], y[to_val]


@FIFTEENTH.mistake("training", "train_val_split", truth=("unnamed",),
                   source="the four sets built with list comprehensions, [X[i] for i in train_idx], and "
                          "returned as Python lists of rows where arrays of shape (N, D) and (N,) are "
                          "asked (written blind)")
def train_val_split_python_lists(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round(val_fraction * len(X))
    val_idx, train_idx = order[:n_val], order[n_val:]
    X_train = [X[i] for i in train_idx]
    X_val = [X[i] for i in val_idx]
    y_train = [y[i] for i in train_idx]
    y_val = [y[i] for i in val_idx]
    return X_train, X_val, y_train, y_val


@FIFTEENTH.mistake("training", "predict", truth=("unnamed",),
                   source="(y_hat >= threshold).astype(float), notebook 2's advice for slopes carried over: "
                          "float labels 0.0 and 1.0 where an int array is asked (written blind)")
def predict_float_labels(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return (y_hat >= threshold).astype(float)


@FIFTEENTH.mistake("training", "predict", truth=("unnamed",),
                   source="[1 if p >= threshold else 0 for p in y_hat]: the labels built in a list "
                          "comprehension and returned as a Python list, not an int array of shape (N,) "
                          "(written blind)")
def predict_list_comprehension(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return [1 if p >= threshold else 0 for p in y_hat]


@FIFTEENTH.mistake("training", "accuracy", truth=("unnamed",),
                   source="the accuracy of each class computed on its own and the class accuracies "
                          "averaged (balanced accuracy), where the fraction of all labels that agree is "
                          "asked (only on unbalanced labels; written blind)")
def accuracy_balanced(y_true, y_pred):
    y_true, y_pred = np.ravel(y_true), np.ravel(y_pred)
    per_class = [np.mean(y_pred[y_true == c] == c) for c in np.unique(y_true)]
    return float(np.mean(per_class))


@FIFTEENTH.mistake("training", "accuracy", truth=("unnamed",),
                   source="sum(a is b for a, b in zip(...)): 'is' tests identity, not equality, and two "
                          "NumPy scalars are never the same object, so no label ever matches and the "
                          "accuracy is 0 (written blind)")
def accuracy_identity_test(y_true, y_pred):
    pairs = list(zip(np.ravel(y_true), np.ravel(y_pred), strict=True))
    return sum(a is b for a, b in pairs) / len(pairs)


@FIFTEENTH.mistake("training", "train", truth=("unnamed",),
                   source="history keyed 'accuracy' and 'val_accuracy', Keras' names since 2.3, where the "
                          "notebook asks for 'acc' and 'val_acc' (github.com/fchollet/deep-learning-with-"
                          "python-notebooks/issues/119, 'should history key be accuracy and val_accuracy "
                          "instead of acc and val_acc?')")
def train_keras_history_keys(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "accuracy": [], "val_accuracy": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["accuracy"].append(accuracy(y, y_hat >= 0.5))
        history["val_accuracy"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@FIFTEENTH.mistake("training", "train", truth=("unnamed",),
                   source="'if epoch < epochs - 1:' around the update, because nothing is recorded after "
                          "the last one: the returned parameters are one step short of the epochs asked "
                          "(written blind)")
def train_last_update_skipped(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for epoch in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        if epoch < epochs - 1:
            params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@FIFTEENTH.mistake("training", "train", truth=("unnamed",),
                   source="the inputs standardised inside train with the training mean and standard "
                          "deviation (section 6.7's advice moved into the loop): the history changes, and "
                          "the returned parameters only fit standardised inputs, not the data as given "
                          "(written blind)")
def train_standardises_inputs(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    mean, std = X.mean(axis=0), X.std(axis=0)
    X, X_val = (X - mean) / std, (X_val - mean) / std
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
    return params, history


@FIFTEENTH.mistake("training", "grid_search", truth=("unnamed",),
                   source="for i, (hidden, lr) in enumerate(zip(hiddens, lrs)): zip pairs the two lists "
                          "position by position, so only the diagonal pairs are trained and every other "
                          "entry of the (H, R) tables stays 0, where every pair is asked (written blind)")
def grid_search_zip_pairs(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, (hidden, lr) in enumerate(zip(hiddens, lrs, strict=False)):
        _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
        best = int(np.argmin(history["val_loss"]))
        val_acc[i, i], val_loss[i, i] = history["val_acc"][best], history["val_loss"][best]
        best_epochs[i, i] = best
    return val_acc, val_loss, best_epochs


@FIFTEENTH.mistake("training", "grid_search", truth=("unnamed",),
                   source="val_loss[i, j] = history['loss'][best]: the training loss at the early-stopping "
                          "epoch recorded where the validation loss at that epoch belongs, the key one "
                          "word short (written blind)")
def grid_search_training_loss_recorded(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@FIFTEENTH.mistake("training", "hyperparameters", truth=("unnamed",),
                   source="LR = 0.5, the learning rate read off train's signature default instead of the "
                          "searched 3.0: in 849 full-batch steps the network stays under the target "
                          "(0.616 on a fresh spiral when tried, where 0.66 is needed; written blind)")
def hyperparameters_lr_from_train_default():
    HIDDEN = 64
    LR = 0.5
    EPOCHS = 849
    return locals()


@FIFTEENTH.mistake("training", "hyperparameters", truth=("unnamed",),
                   source="EPOCHS = 849, with a trailing comma left from splitting 'HIDDEN, LR, EPOCHS = "
                          "64, 3.0, 849' into three lines: EPOCHS is the tuple (849,), and range(EPOCHS) "
                          "raises 'tuple object cannot be interpreted as an integer' (the one-element tuple "
                          "of discuss.python.org/t/propose-review-of-single-element-tuple-handling-in-"
                          "python/44333)")
def hyperparameters_epochs_trailing_comma():
    HIDDEN = 64
    LR = 3.0
    EPOCHS = 849,
    return locals()


@FIFTEENTH.mistake("training", "iterate_minibatches", truth=("unnamed",),
                   source="yield X[batch], y[batch].reshape(-1, 1): the labels made a column 'to line up "
                          "with z2', as backward wants them, so y_batch has shape (B, 1) where (B,) is "
                          "asked (written blind)")
def iterate_minibatches_labels_as_column(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch].reshape(-1, 1)


@FIFTEENTH.mistake("training", "iterate_minibatches", truth=("unnamed",),
                   source="N // batch_size batches with the last one running to the end, order[k * B:]: "
                          "the N % batch_size left-over points are merged into the last full batch, which "
                          "then holds more than batch_size points, where a short batch of its own is asked "
                          "(only when batch_size does not divide N; written blind)")
def iterate_minibatches_remainder_merged(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    n_batches = max(1, len(X) // batch_size)
    for k in range(n_batches):
        batch = order[k * batch_size:(k + 1) * batch_size] if k < n_batches - 1 else order[k * batch_size:]
        yield X[batch], y[batch]


# ---------------------------------------------------------------- 07 what next

@FIFTEENTH.mistake("what_next", "init_deep_params", truth=("unnamed",),
                   source="init_params(layer_sizes[0], layer_sizes[1], layer_sizes[-1], seed=seed): "
                          "notebook 4's two-layer initialiser reused, right for one hidden layer, but the "
                          "extra hidden layers of a deeper network are never created (only for two or "
                          "more hidden layers; written blind)")
def init_deep_params_reuses_init_params(layer_sizes, seed=0):
    return init_params(layer_sizes[0], layer_sizes[1], layer_sizes[-1], seed=seed)


@FIFTEENTH.mistake("what_next", "init_deep_params", truth=("unnamed",),
                   source="the output layer's weights set to zeros 'so the first loss is exactly ln 2' "
                          "(notebook 5's sanity check), where every layer is to be He-drawn (written "
                          "blind)")
def init_deep_params_zero_output_layer(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    n_layers = len(layer_sizes) - 1
    for layer in range(1, n_layers + 1):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        if layer < n_layers:
            params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        else:
            params[f"W{layer}"] = np.zeros((n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@FIFTEENTH.mistake("what_next", "forward_deep", truth=("unnamed",),
                   source="each bias reshaped to a column, b.reshape(-1, 1), as DeepLearning.AI's deep "
                          "networks store it, then added to the (N, n_l) rows: a broadcasting error unless "
                          "N == n_l (and for N = 1 a square table) (written blind)")
def forward_deep_bias_as_column(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"].reshape(-1, 1)
        cache[f"z{layer}"] = z
        if layer < L:
            a = act(z)
            cache[f"a{layer}"] = a
    y_hat = sigmoid(cache[f"z{L}"]).ravel()
    return y_hat, cache


@FIFTEENTH.mistake("what_next", "forward_deep", truth=("unnamed",),
                   source="cache[f'a{layer - 1}'] = a: the hidden activations cached one index low, a0 .. "
                          "a{L-2}, so a1 holds the second hidden layer's output and the last hidden layer "
                          "has no a{L-1} (off by one in the keys; written blind)")
def forward_deep_activations_keyed_low(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer < L:
            a = act(z)
            cache[f"a{layer - 1}"] = a
    y_hat = sigmoid(cache[f"z{L}"]).ravel()
    return y_hat, cache


@FIFTEENTH.mistake("what_next", "backward_deep", truth=("unnamed",),
                   source="a_prev = cache[f'a{layer - 1}'] for every layer, layer 1 included, where A_0 is "
                          "X: the cache has no a0, so the first layer raises KeyError: 'a0' (written blind)")
def backward_deep_a0_from_cache(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = cache[f"a{layer - 1}"]
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            slope = (z > 0).astype(np.float64) if activation == "relu" else sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@FIFTEENTH.mistake("what_next", "backward_deep", truth=("unnamed",),
                   source="L = len(cache) // 2: the cache holds z1..zL and a1..a{L-1}, 2L - 1 entries, so "
                          "L comes out one short, the last hidden layer is taken for the output and dWL, "
                          "dbL are never computed (written blind)")
def backward_deep_layers_counted_from_cache(X, y, params, cache, activation="relu"):
    L = len(cache) // 2
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
            slope = (z > 0).astype(np.float64) if activation == "relu" else sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@FIFTEENTH.mistake("what_next", "momentum_step", truth=("unnamed",),
                   source="new_velocity['d' + name] = v: the velocity keyed like the gradients, 'dW1', "
                          "where the notebook says it has the keys of params ('W1', not 'dW1'), so the next "
                          "step's velocity['W1'] raises a KeyError (written blind)")
def momentum_step_velocity_keyed_like_grads(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_velocity["d" + name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@FIFTEENTH.mistake("what_next", "momentum_step", truth=("unnamed",),
                   source="p - lr * v / (1 - beta): the step scaled up by 1 / (1 - beta) 'to match "
                          "PyTorch's convention', which the notebook's note describes as the same method "
                          "with a larger learning rate, not as part of this update (written blind)")
def momentum_step_rescaled_by_one_minus_beta(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * v / (1.0 - beta)
    return new_params, new_velocity


@FIFTEENTH.mistake("what_next", "adam_step", truth=("unnamed",),
                   source="p - lr * m_hat / np.sqrt(v_hat) + eps: the parentheses around the denominator "
                          "left out, so eps is added to the parameter instead of the root, and a zero "
                          "gradient gives 0 / 0 = nan (written blind)")
def adam_step_eps_outside_parentheses(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
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
        new_params[name] = p - lr * m_hat / np.sqrt(v_hat) + eps
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@FIFTEENTH.mistake("what_next", "adam_step", truth=("unnamed",),
                   source="p - lr * g / (sqrt(v_hat) + eps): the raw gradient in the numerator where the "
                          "corrected first moment m_hat belongs, RMSprop with a bias-corrected v; m is "
                          "kept in the state but never used (written blind)")
def adam_step_raw_gradient_numerator(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        v_hat = v / (1.0 - beta2**t)
        new_params[name] = p - lr * g / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@FIFTEENTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                   source="the penalty's gradient reg * W added to dW1 and dW2 but the penalty itself "
                          "left out of the returned loss, the data loss alone (only for reg > 0; written "
                          "blind)")
def softmax_classifier_loss_penalty_not_in_loss(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P), grads


@FIFTEENTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                   source="0.5 * reg * np.sum(W1 ** 2) + np.sum(W2 ** 2): the parentheses around the two "
                          "sums left out, so W2's squares are added unscaled, even for reg = 0 (operator "
                          "precedence; written blind)")
def softmax_classifier_loss_penalty_precedence(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2)
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@FIFTEENTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                   source="dW2 = a1.T @ dscores: CS231n's case-study line, written for its (H, K) W2, "
                          "copied into a course whose W2 is (K, H), so adding reg * W2 fails to broadcast "
                          "unless H == K, and is transposed when it does (cs231n.github.io/neural-networks-"
                          "case-study, 'dW2 = np.dot(hidden_layer.T, dscores)')")
def softmax_classifier_loss_cs231n_dW2_layout(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": a1.T @ dz2 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@FIFTEENTH.mistake("what_next", "softmax_classifier_train", truth=("unnamed",),
                   source="p - lr * (dp + reg * p) for the weights: the weight decay added again in the "
                          "update, on top of the reg * W that softmax_classifier_loss already puts in its "
                          "gradients, so the penalty acts twice (only for reg > 0; written blind)")
def softmax_classifier_train_weight_decay_twice(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300,
                                                reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        new_params = {}
        for name, p in params.items():
            step = grads["d" + name] + (reg * p if name.startswith("W") else 0.0)
            new_params[name] = p - lr * step
        params = new_params
    return params, history


@FIFTEENTH.mistake("what_next", "softmax_classifier_train", truth=("unnamed",),
                   source="val_loss, grads = softmax_classifier_loss(X_val, y_val, params): the name grads "
                          "reused for the validation call, so the step that follows uses the validation "
                          "data's gradients (without the penalty) where the training gradients belong "
                          "(a variable reused; written blind)")
def softmax_classifier_train_grads_overwritten(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300,
                                               reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        val_loss, grads = softmax_classifier_loss(X_val, y_val, params)
        history["val_loss"].append(val_loss)
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


# ================================================================ correct alternatives

# ---------------------------------------------------------------- 01 perceptron

@FIFTEENTH.alternative("perceptron", "perceptron")
def perceptron_int_of_comparison(x, w, b):
    return int(np.dot(w, x) + b >= 0)


@FIFTEENTH.alternative("perceptron", "perceptron")
def perceptron_generator_sum(x, w, b):
    total = sum(w_i * x_i for w_i, x_i in zip(w, x, strict=True))
    return 1 if total + b >= 0 else 0


@FIFTEENTH.alternative("perceptron", "gates")
def gates_doubled_weights():
    AND_W = np.array([2.0, 2.0])
    AND_B = -3.0
    OR_W = np.array([2.0, 2.0])
    OR_B = -1.0
    NAND_W = np.array([-2.0, -2.0])
    NAND_B = 3.0
    return locals()


@FIFTEENTH.alternative("perceptron", "train_perceptron")
def train_perceptron_indexed_loop(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        count = 0
        for i in range(len(X)):
            error = y[i] - perceptron(X[i], w, b)
            if error != 0:
                w += lr * error * X[i]
                b += lr * error
                count += 1
        errors.append(count)
    return w, float(b), errors


@FIFTEENTH.alternative("perceptron", "xor")
def xor_hidden_as_list(x):
    hidden = [perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)]
    return perceptron(hidden, AND_W, AND_B)


# ---------------------------------------------------------------- 02 activations

@FIFTEENTH.alternative("activations", "sigmoid")
def sigmoid_logaddexp(x):
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -x))[()]


@FIFTEENTH.alternative("activations", "sigmoid_grad")
def sigmoid_grad_mirror(x):
    x = np.asarray(x, dtype=np.float64)
    return sigmoid(x) * sigmoid(-x)


@FIFTEENTH.alternative("activations", "tanh")
def tanh_expm1(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-2.0 * np.abs(x))
    return (np.sign(x) * -np.expm1(-2.0 * np.abs(x)) / (1.0 + e))[()]


@FIFTEENTH.alternative("activations", "tanh_grad")
def tanh_grad_factored(x):
    t = tanh(x)
    return (1.0 - t) * (1.0 + t)


@FIFTEENTH.alternative("activations", "relu_grad")
def relu_grad_heaviside(x):
    return np.heaviside(np.asarray(x, dtype=np.float64), 0.0)[()]


@FIFTEENTH.alternative("activations", "leaky_relu")
def leaky_relu_two_parts(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return (np.maximum(x, 0.0) + alpha * np.minimum(x, 0.0))[()]


@FIFTEENTH.alternative("activations", "leaky_relu_grad")
def leaky_relu_grad_negative_test(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x < 0, alpha, 1.0)[()]


# ---------------------------------------------------------------- 03 losses

@FIFTEENTH.alternative("losses", "binary_cross_entropy")
def binary_cross_entropy_pick_branch(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(np.log(np.where(y == 1, p, 1.0 - p))))


@FIFTEENTH.alternative("losses", "binary_cross_entropy_grad")
def binary_cross_entropy_grad_two_divisions(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (p - y) / p / (1.0 - p) / y_hat.size


@FIFTEENTH.alternative("losses", "softmax")
def softmax_log_sum_exp(z):
    z = np.asarray(z, dtype=np.float64)
    m = z.max(axis=-1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
    return np.exp(z - lse)


@FIFTEENTH.alternative("losses", "categorical_cross_entropy")
def categorical_cross_entropy_true_class(Y, P, eps=1e-9):
    p_true = np.sum(np.asarray(Y, dtype=np.float64) * np.asarray(P, dtype=np.float64), axis=-1)
    return float(-np.mean(np.log(np.clip(p_true, eps, 1.0))))


@FIFTEENTH.alternative("losses", "softmax_cross_entropy_grad")
def softmax_cross_entropy_grad_label_index(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    n = Z.shape[0]
    dZ = softmax(Z)
    dZ[np.arange(n), np.argmax(np.asarray(Y), axis=1)] -= 1.0
    return dZ / n


@FIFTEENTH.alternative("losses", "mse")
def mse_square_then_mean(y, y_hat):
    r = np.ravel(np.asarray(y, dtype=np.float64)) - np.ravel(np.asarray(y_hat, dtype=np.float64))
    return float(np.mean(np.square(r)))


@FIFTEENTH.alternative("losses", "mse_grad")
def mse_grad_scaled_residual(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return (y_hat - y) * (2.0 / y_hat.size)


# ---------------------------------------------------------------- 04 forward pass

@FIFTEENTH.alternative("forward_pass", "init_params")
def init_params_standard_normal(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_hidden, n_in)) * np.sqrt(2.0 / n_in)
    W2 = rng.standard_normal((n_out, n_hidden)) * np.sqrt(2.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@FIFTEENTH.alternative("forward_pass", "forward")
def forward_einsum(X, params):
    z1 = np.einsum("nd,hd->nh", X, params["W1"]) + params["b1"]
    a1 = relu(z1)
    z2 = np.einsum("nh,kh->nk", a1, params["W2"]) + params["b2"]
    return sigmoid(z2)[:, 0], {"z1": z1, "a1": a1, "z2": z2}


@FIFTEENTH.alternative("forward_pass", "forward")
def forward_lesson_transposes(X, params):
    z1 = (params["W1"] @ X.T).T + params["b1"]
    a1 = relu(z1)
    z2 = (params["W2"] @ a1.T).T + params["b2"]
    return sigmoid(z2).reshape(-1), {"z1": z1, "a1": a1, "z2": z2}


# ---------------------------------------------------------------- 05 backprop

@FIFTEENTH.alternative("backprop", "backward")
def backward_mean_on_each_line(X, y, params, cache):
    n = X.shape[0]
    y = np.reshape(y, (-1, 1))
    dz2 = sigmoid(cache["z2"]) - y
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X / n, "db1": dz1.sum(axis=0) / n,
            "dW2": dz2.T @ cache["a1"] / n, "db2": dz2.sum(axis=0) / n}


@FIFTEENTH.alternative("backprop", "backward")
def backward_broadcast_single_output(X, y, params, cache):
    y = np.asarray(y, dtype=np.float64).reshape(cache["z2"].shape)
    dz2 = (sigmoid(cache["z2"]) - y) / len(X)
    da1 = dz2 * params["W2"]
    dz1 = np.where(cache["a1"] > 0, da1, 0.0)
    return {"dW1": dz1.T @ X, "db1": np.sum(dz1, axis=0),
            "dW2": dz2.T @ cache["a1"], "db2": np.sum(dz2, axis=0)}


@FIFTEENTH.alternative("backprop", "sgd_step")
def sgd_step_deepcopy(params, grads, lr):
    import copy

    new_params = copy.deepcopy(params)
    for name in new_params:
        new_params[name] -= lr * grads["d" + name]
    return new_params


# ---------------------------------------------------------------- 06 training

@FIFTEENTH.alternative("training", "train_val_split")
def train_val_split_np_split(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    val, tr = np.split(order, [round(val_fraction * len(X))])
    return X[tr], X[val], y[tr], y[val]


@FIFTEENTH.alternative("training", "predict")
def predict_where_int(X, params, threshold=0.5):
    probabilities = forward(X, params)[0]
    return np.where(probabilities >= threshold, 1, 0)


@FIFTEENTH.alternative("training", "accuracy")
def accuracy_count_nonzero(y_true, y_pred):
    a, b = np.ravel(y_true), np.ravel(y_pred)
    return np.count_nonzero(a == b) / a.size


@FIFTEENTH.alternative("training", "train")
def train_with_predict(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
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


@FIFTEENTH.alternative("training", "grid_search")
def grid_search_product(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    import itertools

    shape = (len(hiddens), len(lrs))
    val_acc, val_loss, best_epochs = np.zeros(shape), np.zeros(shape), np.zeros(shape, dtype=int)
    for (i, hidden), (j, lr) in itertools.product(enumerate(hiddens), enumerate(lrs)):
        _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
        best = int(np.argmin(history["val_loss"]))
        val_acc[i, j] = history["val_acc"][best]
        val_loss[i, j] = history["val_loss"][best]
        best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@FIFTEENTH.alternative("training", "iterate_minibatches")
def iterate_minibatches_split_at_offsets(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    return [(X[batch], y[batch]) for batch in np.split(order, range(batch_size, len(X), batch_size))]


# ---------------------------------------------------------------- 07 what next

@FIFTEENTH.alternative("what_next", "init_deep_params")
def init_deep_params_pairwise(layer_sizes, seed=0):
    import itertools

    rng = np.random.default_rng(seed)
    params = {}
    for layer, (n_in, n_out) in enumerate(itertools.pairwise(layer_sizes), start=1):
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@FIFTEENTH.alternative("what_next", "forward_deep")
def forward_deep_lookup_table(X, params, activation="relu"):
    act = {"relu": relu, "sigmoid": sigmoid}[activation]
    n_layers = sum(1 for key in params if key.startswith("W"))
    cache, a = {}, X
    for layer in range(1, n_layers):
        cache[f"z{layer}"] = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        a = cache[f"a{layer}"] = act(cache[f"z{layer}"])
    cache[f"z{n_layers}"] = a @ params[f"W{n_layers}"].T + params[f"b{n_layers}"]
    return sigmoid(cache[f"z{n_layers}"])[:, 0], cache


@FIFTEENTH.alternative("what_next", "backward_deep")
def backward_deep_slope_from_activations(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    y = np.reshape(y, (-1, 1))
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


@FIFTEENTH.alternative("what_next", "momentum_step")
def momentum_step_scalar_start(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = dict.fromkeys(params, 0.0)
    new_velocity = {name: beta * velocity[name] + (1.0 - beta) * grads["d" + name] for name in params}
    new_params = {name: p - lr * new_velocity[name] for name, p in params.items()}
    return new_params, new_velocity


@FIFTEENTH.alternative("what_next", "adam_step")
def adam_step_get_defaults(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {}, "v": {}}
    t = state["t"] + 1
    m_new = {name: beta1 * state["m"].get(name, 0.0) + (1.0 - beta1) * grads["d" + name] for name in params}
    v_new = {name: beta2 * state["v"].get(name, 0.0) + (1.0 - beta2) * np.square(grads["d" + name])
             for name in params}
    new_params = {}
    for name, p in params.items():
        m_hat = m_new[name] / (1.0 - beta1**t)
        v_hat = v_new[name] / (1.0 - beta2**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_params, {"t": t, "m": m_new, "v": v_new}


@FIFTEENTH.alternative("what_next", "softmax_classifier_loss")
def softmax_classifier_loss_label_index(X, y, params, reg=0.0):
    n = X.shape[0]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    rows = np.arange(n)
    data_loss = float(-np.mean(np.log(np.clip(P[rows, y], 1e-9, 1.0))))
    penalty = 0.5 * reg * (np.sum(params["W1"] * params["W1"]) + np.sum(params["W2"] * params["W2"]))
    dscores = P.copy()
    dscores[rows, y] -= 1.0
    dscores /= n
    dhidden = dscores @ params["W2"]
    dhidden[z1 <= 0] = 0.0
    grads = {"dW1": dhidden.T @ X + reg * params["W1"], "db1": dhidden.sum(axis=0),
             "dW2": dscores.T @ a1 + reg * params["W2"], "db2": dscores.sum(axis=0)}
    return data_loss + float(penalty), grads


@FIFTEENTH.alternative("what_next", "softmax_classifier_train")
def softmax_classifier_train_data_loss_call(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3,
                                            seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {key: [] for key in ("loss", "val_loss", "acc", "val_acc")}
    for _ in range(epochs):
        _, grads = softmax_classifier_loss(X, y, params, reg)
        history["loss"].append(softmax_classifier_loss(X, y, params, reg=0.0)[0])
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params, reg=0.0)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = sgd_step(params, grads, lr)
    return params, history
