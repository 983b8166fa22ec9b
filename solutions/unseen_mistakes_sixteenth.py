"""The sixteenth set of unseen mistakes (and correct alternatives), written blind by helper H26g.

Written on 2026-12-06 (session 26) by helper H26g, from: the student notebooks
(``notebooks/neural_networks/*.ipynb``: their markdown, solution cells' signatures and docstrings), the
reference answers (``solutions/perceptron.py``, ``activations.py``, ``losses.py``, ``forward_pass.py``,
``backprop.py``, ``training.py``, ``what_next.py``), ``solutions/blind_set.py``, the ``UnseenMistake``
dataclass of ``solutions/unseen_mistakes.py`` (with the module docstring above it and, by the way, its
first two entries, which sit on the same screen), the registry of blanks (``autograder/blanks.py``), the
README's first section, the fifteenth set's module docstring, imports and first entries as the format to
copy, the one-line ``source=`` strings of every earlier set (to stay clear of slips already written;
they were pulled out with a small AST script that printed only each entry's blank and source), and
public material found with the search tool (GitHub issues and pull requests, library documentation,
Q&A and tutorial pages).

Not read: ``autograder/`` beyond ``blanks.py``, ``nncourse/``, ``tests/``, ``solutions/mistakes/``,
``solutions/alternatives/``, ``docs/``, the README past its first section, the code or ``truth=`` of
the earlier sets (beyond the fifteenth's first entries), anything under /work/briefs but this set's
brief, anything under /tmp but this helper's scratch directory. Neither ``nncourse mutants`` nor the
grader nor pytest was run on these entries; each was only run in plain Python on small inputs against
the reference, to see a mistake differ from it (in its output, its type or shape, an error it raises,
or a change to its inputs) and an alternative agree with it to 1e-10 without a warning. The two
``hyperparameters`` mistakes were checked by training with them on the lesson data,
``make_spiral(150, 0.15, 42)``, and scoring on a fresh spiral of the same distribution (not the
held-out points, which were not read).

There is no labelling vocabulary for this set: every mistake carries ``truth=("unnamed",)``, and the
lead's blind judge rules each hint by reading the slip in its ``source=``. The constants blanks
(``gates``, ``hyperparameters``) are written as the fourteenth set writes them: a function that assigns
the cell's names and returns ``locals()``. Every entry uses only ``np``, Python's builtins and names the
notebook itself defines (the student's other functions or the given ones), and ``itertools.pairwise``,
imported inside the one alternative that uses it; state kept between calls lives in a mutable default
argument.

81 mistakes cover all 37 blanks (01 11, 02 13, 03 13, 04 7, 05 7, 06 15, 07 15, so at most 15 of 81 in
any one notebook); 8 of their ``source=`` strings cite where the slip (or the formula, default or
convention it comes from) is reported, the other 73 say "written blind". About 35 only show on some
inputs (scalars, lists, 2-D or column inputs, integer targets, N = 1, large or tiny magnitudes,
predictions of exactly 1, thresholds other than 0.5, lr != 1, non-zero biases, reg > 0 or reg other
than its default, dicts in another key order, calls that rely on a default, second calls, batch sizes
whose remainder is small, labels above 1, validation sets missing a class, float64 inputs that are
not copied), and about 40 are written the student's way (loops, Python lists, temporaries, mutable
defaults, calls to the student's other functions). Some mistakes return the right values and are
wrong only in a type, a warning or a side effect: ``perceptron_astype_int_scalar``,
``gates_or_bias_one_element_array``, ``gates_or_weights_python_list``, ``train_perceptron_errors_as_array``,
``xor_prod_of_hidden_pair``, ``relu_grad_float32``, ``binary_cross_entropy_flips_predictions_in_place``,
``softmax_cross_entropy_grad_writes_into_labels``, ``backward_labels_reshaped_in_place`` and
``init_deep_params_pops_sizes``. 39 correct alternatives cover every notebook module (01 5, 02 8,
03 7, 04 3, 05 3, 06 6, 07 7); each agreed with the reference to 1e-10 on the inputs tried, edge shapes
included, with NumPy's default error state (overflow, divide and invalid warn; underflow is ignored).

Each mistake is one slip, about half of them in the reference's own code and half in a function
written the way a student would. ``source=`` says the slip in plain words, then where it is
reported, or "written blind".

``nncourse mutants --unseen sixteenth`` grades it. Once measured, the file is frozen: it must not be
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

SIXTEENTH = BlindSet("sixteenth")
UNSEEN_SIXTEENTH, UNSEEN_SIXTEENTH_ALTERNATIVES = SIXTEENTH.mistakes, SIXTEENTH.alternatives


# ---------------------------------------------------------------- 01 perceptron

@SIXTEENTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                   source="(np.dot(w, x) + b >= 0).astype(int): the array cast applied to the comparison's "
                          "NumPy bool gives a numpy.int64 scalar, not the Python int the notebook asks for "
                          "(the 0 or 1 is right; written blind)")
def perceptron_astype_int_scalar(x, w, b):
    return (np.dot(w, x) + b >= 0).astype(int)


@SIXTEENTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                   source="np.linalg.norm(w * x) + b: the length of the vector of weighted inputs where "
                          "their sum belongs, so every negative term w_i x_i counts as positive (written "
                          "blind)")
def perceptron_norm_of_weighted_inputs(x, w, b):
    return 1 if np.linalg.norm(np.multiply(w, x)) + b >= 0 else 0


@SIXTEENTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                   source="round(w . x + b) >= 0, the weighted sum rounded to a whole number 'to clean "
                          "float noise' before the comparison: a point up to half a unit below the line (z "
                          "= -0.4) rounds to 0 and fires (only for -0.5 <= z < 0; written blind)")
def perceptron_rounds_weighted_sum(x, w, b):
    return 1 if round(float(np.dot(w, x) + b)) >= 0 else 0


@SIXTEENTH.mistake("perceptron", "gates", truth=("unnamed",),
                   source="OR_B = np.array([-0.5]): the bias typed as a one-element array where the "
                          "notebook asks for a number, so w . x + b is a (1,) array, not a number (the "
                          "truth table is right; written blind)")
def gates_or_bias_one_element_array():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = np.array([-0.5])
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@SIXTEENTH.mistake("perceptron", "gates", truth=("unnamed",),
                   source="OR_W = [1.0, 1.0]: a Python list where the notebook asks for a float array of "
                          "shape (2,) (np.dot accepts the list, so the gate fires right; written blind)")
def gates_or_weights_python_list():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = [1.0, 1.0]
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@SIXTEENTH.mistake("perceptron", "gates", truth=("unnamed",),
                   source="OR's weights halved to [0.5, 0.5] 'so that one input on gives 0.5' while OR_B = "
                          "-0.5 is kept: the corners (0, 1) and (1, 0) land exactly on the line and fire "
                          "only through the tie rule, which the notebook rules out (the truth table is "
                          "right; written blind)")
def gates_or_weights_halved_bias_kept():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([0.5, 0.5])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@SIXTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                   source="on every mistake w += lr * x and b += lr, the sign of y - y_hat dropped: a point "
                          "wrongly predicted 1 pulls the line towards itself instead of pushing it away "
                          "(written blind)")
def train_perceptron_sign_of_error_dropped(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            if perceptron(x_i, w, b) != y_i:
                w = w + lr * x_i
                b = b + lr
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@SIXTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                   source="w = w + step * y_i: the label typed where the input x_i belongs in the weight "
                          "update, so every weight moves by the same amount whatever the point (a variable "
                          "one name off; written blind)")
def train_perceptron_label_for_input(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w = w + step * y_i
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@SIXTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                   source="return w, b, np.array(errors): the counts turned into a NumPy array 'for "
                          "plotting' where the notebook asks for a list with one entry per epoch (the "
                          "counts are right; written blind)")
def train_perceptron_errors_as_array(X, y, lr=1.0, epochs=20):
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
    return w, b, np.array(errors)


@SIXTEENTH.mistake("perceptron", "xor", truth=("unnamed",),
                   source="perceptron(hidden, AND_W, -AND_B): the output unit's bias typed with its sign "
                          "flipped, +1.5, so the output fires for every hidden pair and xor is 1 everywhere "
                          "(written blind)")
def xor_output_bias_sign_flipped(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)])
    return perceptron(hidden, AND_W, -AND_B)


@SIXTEENTH.mistake("perceptron", "xor", truth=("unnamed",),
                   source="np.prod of the hidden pair (OR, NAND) as the output, 'AND of bits is their "
                          "product': the right 0 or 1, but a numpy.int64 where an int is asked, and no "
                          "output perceptron (written blind)")
def xor_prod_of_hidden_pair(x):
    return np.prod([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)])


@SIXTEENTH.alternative("perceptron", "perceptron")
def perceptron_int_of_matmul(x, w, b):
    return int(w @ np.asarray(x, dtype=np.float64) + b >= 0)


@SIXTEENTH.alternative("perceptron", "gates")
def gates_doubled_weights():
    AND_W = np.array([2.0, 2.0])
    AND_B = -3.0
    OR_W = np.array([2.0, 2.0])
    OR_B = -1.0
    NAND_W = np.array([-2.0, -2.0])
    NAND_B = 3.0
    return locals()


@SIXTEENTH.alternative("perceptron", "train_perceptron")
def train_perceptron_index_loop(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        count = 0
        for i in range(len(X)):
            y_hat = perceptron(X[i], w, b)
            if y_hat != y[i]:
                w = w + lr * (y[i] - y_hat) * X[i]
                b = b + lr * (y[i] - y_hat)
                count += 1
        errors.append(count)
    return w, b, errors


@SIXTEENTH.alternative("perceptron", "xor")
def xor_hidden_as_list(x):
    hidden = [perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)]
    return perceptron(hidden, AND_W, AND_B)


@SIXTEENTH.alternative("perceptron", "xor")
def xor_nand_as_negated_and(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, -AND_W, -AND_B)])
    return perceptron(hidden, AND_W, AND_B)


# ---------------------------------------------------------------- 02 activations

@SIXTEENTH.mistake("activations", "sigmoid", truth=("unnamed",),
                   source="1 - 1 / (1 + e^x), the complement of sigmoid(-x): exact on paper, but e^x "
                          "overflows with a RuntimeWarning above x = 709, and below about x = -37 a "
                          "difference of two numbers next to 1 cancels to exactly 0 (only on large "
                          "magnitudes; written blind)")
def sigmoid_one_minus_complement(x):
    x = np.asarray(x, dtype=np.float64)
    return (1.0 - 1.0 / (1.0 + np.exp(x)))[()]


@SIXTEENTH.mistake("activations", "sigmoid", truth=("unnamed",),
                   source="the two-branch stable sigmoid written with e = np.exp(-x), the absolute value "
                          "left out: the negative branch e / (1 + e) is then sigmoid(-x) = 1 - sigmoid(x), "
                          "and exp overflows below x = -709 (only on negative inputs; written blind)")
def sigmoid_stable_form_without_abs(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-x)
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))[()]


@SIXTEENTH.mistake("activations", "sigmoid_grad", truth=("unnamed",),
                   source="np.diff(sigmoid(x)): NumPy's 'difference' routine taken for the derivative, the "
                          "differences between neighbouring outputs, one entry shorter than x and not the "
                          "slope at each input (a scalar raises; written blind)")
def sigmoid_grad_np_diff(x):
    return np.diff(sigmoid(x))


@SIXTEENTH.mistake("activations", "sigmoid_grad", truth=("unnamed",),
                   source="s = sigmoid(np.atleast_1d(x)) 'so that scalars behave like arrays': the values "
                          "are right, but a scalar input comes back as a (1,) array where a float64 scalar "
                          "is asked (only on scalar inputs; written blind)")
def sigmoid_grad_atleast_1d(x):
    s = sigmoid(np.atleast_1d(x))
    return s * (1.0 - s)


@SIXTEENTH.mistake("activations", "tanh", truth=("unnamed",),
                   source="tanh as 1 - 2 / (e^{2x} + 1), the rewrite of "
                          "github.com/triton-lang/triton/pull/8551 ('reimplement fast_tanhf() to avoid "
                          "overflow') applied to every x without its sign(x) and |x|: e^{2x} overflows with "
                          "a RuntimeWarning past x = 355, and near 0 a small tanh is computed as 1 minus "
                          "almost 1 (tanh(1e-10) comes out 1.00000008e-10)")
def tanh_one_minus_two_over(x):
    x = np.asarray(x, dtype=np.float64)
    return (1.0 - 2.0 / (np.exp(2.0 * x) + 1.0))[()]


@SIXTEENTH.mistake("activations", "tanh_grad", truth=("unnamed",),
                   source="1 - tanh(x) ^ 2: the caret typed for the power, which Python reads as bitwise "
                          "xor, 'TypeError: ufunc bitwise_xor not supported' on floats (written blind)")
def tanh_grad_caret_for_power(x):
    return 1.0 - tanh(x) ^ 2


@SIXTEENTH.mistake("activations", "tanh_grad", truth=("unnamed",),
                   source="np.gradient(tanh(x), x): NumPy's finite differences between neighbouring "
                          "entries, an approximation that is only near the slope on a sorted, finely spaced "
                          "vector such as the plot's linspace, and an error on a scalar (written blind)")
def tanh_grad_np_gradient(x):
    x = np.asarray(x, dtype=np.float64)
    return np.gradient(tanh(x), x)


@SIXTEENTH.mistake("activations", "relu", truth=("unnamed",),
                   source="x.clip(min=0), the array method called on the input as given: a Python float or "
                          "list has no .clip (AttributeError), and an integer array stays integer where "
                          "float64 is asked (only on scalar, list or integer inputs; written blind)")
def relu_clip_method_on_input(x):
    return x.clip(min=0)


@SIXTEENTH.mistake("activations", "relu_grad", truth=("unnamed",),
                   source="(x > 0).astype(np.float32): the notebook's advice to convert the booleans "
                          "followed with the single-precision type, so the 0/1 slopes come back float32 "
                          "where float64 is asked (written blind)")
def relu_grad_float32(x):
    return (np.asarray(x, dtype=np.float64) > 0).astype(np.float32)[()]


@SIXTEENTH.mistake("activations", "relu_grad", truth=("unnamed",),
                   source="np.array([1.0 if v > 0 else 0.0 for v in x]): a comprehension over the input, "
                          "right for a vector, but a 2-D input hands whole rows to the if ('truth value of "
                          "an array is ambiguous') and a scalar cannot be iterated (only on non-1-D inputs; "
                          "written blind)")
def relu_grad_list_comprehension(x):
    return np.array([1.0 if v > 0 else 0.0 for v in np.asarray(x, dtype=np.float64)])


@SIXTEENTH.mistake("activations", "leaky_relu", truth=("unnamed",),
                   source="np.where(x >= alpha, x, alpha * x): the branch test written against alpha "
                          "instead of 0, so inputs in [0, alpha) are scaled by alpha too (only on small "
                          "positive inputs; written blind)")
def leaky_relu_threshold_at_alpha(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= alpha, x, alpha * x)[()]


@SIXTEENTH.mistake("activations", "leaky_relu", truth=("unnamed",),
                   source="np.select([x < 0], [alpha * x]) with the positive branch left to the default: "
                          "numpy.select's default is 0 "
                          "(numpy.org/doc/stable/reference/generated/numpy.select), so every non-negative "
                          "input comes out 0")
def leaky_relu_select_default_zero(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.select([x < 0], [alpha * x])[()]


@SIXTEENTH.mistake("activations", "leaky_relu_grad", truth=("unnamed",),
                   source="def leaky_relu_grad(x, alpha): the default 0.1 dropped from the derivative's "
                          "signature, so a call without alpha, as the notebook's plots make, raises "
                          "'missing 1 required positional argument' (only on calls without alpha; written "
                          "blind)")
def leaky_relu_grad_no_default_alpha(x, alpha):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, 1.0, alpha)[()]


@SIXTEENTH.alternative("activations", "sigmoid")
def sigmoid_via_logaddexp(x):
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -x))[()]


@SIXTEENTH.alternative("activations", "sigmoid_grad")
def sigmoid_grad_times_mirror(x):
    return sigmoid(x) * sigmoid(-np.asarray(x, dtype=np.float64))


@SIXTEENTH.alternative("activations", "tanh")
def tanh_two_sigmoids(x):
    x = np.asarray(x, dtype=np.float64)
    return sigmoid(2.0 * x) - sigmoid(-2.0 * x)


@SIXTEENTH.alternative("activations", "tanh_grad")
def tanh_grad_difference_of_squares(x):
    t = tanh(x)
    return (1.0 - t) * (1.0 + t)


@SIXTEENTH.alternative("activations", "relu")
def relu_where(x):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, 0.0)[()]


@SIXTEENTH.alternative("activations", "relu_grad")
def relu_grad_heaviside(x):
    return np.heaviside(np.asarray(x, dtype=np.float64), 0.0)[()]


@SIXTEENTH.alternative("activations", "leaky_relu")
def leaky_relu_two_relus(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return relu(x) - alpha * relu(-x)


@SIXTEENTH.alternative("activations", "leaky_relu_grad")
def leaky_relu_grad_affine(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return (alpha + (1.0 - alpha) * (x >= 0))[()]


# ---------------------------------------------------------------- 03 losses

@SIXTEENTH.mistake("losses", "binary_cross_entropy", truth=("unnamed",),
                   source="each label-0 prediction flipped to 1 - y_hat 'so that one log serves both "
                          "classes', written into np.asarray(y_hat).ravel(): neither call copies a float64 "
                          "array, so the caller's predictions are overwritten (the loss is right; written "
                          "blind)")
def binary_cross_entropy_flips_predictions_in_place(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.asarray(y_hat, dtype=np.float64).ravel()
    p[y == 0] = 1.0 - p[y == 0]
    return float(-np.mean(np.log(np.clip(p, eps, 1.0 - eps))))


@SIXTEENTH.mistake("losses", "binary_cross_entropy", truth=("unnamed",),
                   source="def binary_cross_entropy(y, y_hat, eps=1e-15): scikit-learn's old log_loss "
                          "default (scikit-learn.org/1.0/modules/generated/sklearn.metrics.log_loss.html, "
                          "'eps float, default=1e-15') typed into the signature, so a confident wrong "
                          "prediction costs 34.5 nats where the notebook's 1e-9 gives 20.7 (only at "
                          "saturated predictions)")
def binary_cross_entropy_sklearn_eps(y, y_hat, eps=1e-15):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


@SIXTEENTH.mistake("losses", "binary_cross_entropy_grad", truth=("unnamed",),
                   source="np.clip(y_hat, eps, 1.0): the categorical loss's bounds [eps, 1] copied into the "
                          "binary gradient, so a prediction of exactly 1 divides by p (1 - p) = 0 and gives "
                          "inf or nan (only at y_hat = 1; written blind)")
def binary_cross_entropy_grad_clip_to_one(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0)
    return (p - y) / (p * (1.0 - p)) / y_hat.size


@SIXTEENTH.mistake("losses", "binary_cross_entropy_grad", truth=("unnamed",),
                   source="the gradient returned as .reshape(-1, 1) 'to line up with z2 in backprop': a "
                          "(N,) y_hat gets a (N, 1) gradient back where the notebook asks for y_hat's shape "
                          "(only on vector inputs; written blind)")
def binary_cross_entropy_grad_always_column(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return ((p - y) / (p * (1.0 - p)) / y_hat.size).reshape(-1, 1)


@SIXTEENTH.mistake("losses", "softmax", truth=("unnamed",),
                   source="the student's sigmoid applied to every logit, 'softmax is the sigmoid for "
                          "several classes': each entry squashed on its own, so a row's probabilities do "
                          "not sum to 1 (written blind)")
def softmax_sigmoid_per_logit(z):
    return sigmoid(np.asarray(z, dtype=np.float64))


@SIXTEENTH.mistake("losses", "softmax", truth=("unnamed",),
                   source="np.eye(K)[z.argmax(axis=1)]: the 'hard' max of the name, a one-hot of each row's "
                          "largest logit, where softmax spreads the probability over every class (written "
                          "blind)")
def softmax_hardmax_one_hot(z):
    z = np.asarray(z, dtype=np.float64)
    return np.eye(z.shape[1])[z.argmax(axis=1)]


@SIXTEENTH.mistake("losses", "categorical_cross_entropy", truth=("unnamed",),
                   source="-np.sum(Y * np.log(P), axis=-1) returned as it is, Keras' "
                          "categorical_crossentropy, which gives one loss per sample "
                          "(tensorflow.org/api_docs/python/tf/keras/losses/categorical_crossentropy: "
                          "'assert loss.shape == (2,)'): an (N,) array where the mean float is asked")
def categorical_cross_entropy_per_sample(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return -np.sum(Y * np.log(P), axis=-1)


@SIXTEENTH.mistake("losses", "categorical_cross_entropy", truth=("unnamed",),
                   source="the row-wise sum of Y * log P written as a matrix product, np.log(P) @ Y.T, then "
                          "averaged: an (N, N) table that scores every row's probabilities against every "
                          "row's label (right only for N = 1; written blind)")
def categorical_cross_entropy_matmul_all_pairs(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.mean(np.log(P) @ Y.T))


@SIXTEENTH.mistake("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
                   source="softmax(Z.T).T: the logits transposed into the column-per-example layout before "
                          "the student's row-wise softmax, so each class is normalised over the batch "
                          "instead of each example over the classes (written blind)")
def softmax_cross_entropy_grad_softmax_over_batch(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return (softmax(Z.T).T - np.asarray(Y, dtype=np.float64)) / Z.shape[0]


@SIXTEENTH.mistake("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
                   source="G = np.asarray(Y, dtype=float); G *= -1; G += softmax(Z); G /= N: the gradient "
                          "built in place on the labels, and asarray does not copy a float64 one-hot, so "
                          "the caller's Y is overwritten by the gradient (the values are right; written "
                          "blind)")
def softmax_cross_entropy_grad_writes_into_labels(Y, Z):
    G = np.asarray(Y, dtype=np.float64)
    G *= -1.0
    G += softmax(Z)
    G /= G.shape[0]
    return G


@SIXTEENTH.mistake("losses", "mse", truth=("unnamed",),
                   source="y = np.asarray(y, dtype=int): the classification labels' integer dtype carried "
                          "over to regression targets, so a target such as 0.7 is truncated to 0 before the "
                          "residual (only on non-integer targets; written blind)")
def mse_integer_targets(y, y_hat):
    y = np.asarray(y, dtype=int).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.mean((y - y_hat) ** 2))


@SIXTEENTH.mistake("losses", "mse_grad", truth=("unnamed",),
                   source="2 (y_hat - y) / (N - 1): the sample variance's N - 1 put into the gradient of a "
                          "mean, so every entry is N / (N - 1) too large and N = 1 divides by zero (written "
                          "blind)")
def mse_grad_divided_by_n_minus_one(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return 2.0 * (y_hat - y) / (y_hat.size - 1)


@SIXTEENTH.mistake("losses", "mse_grad", truth=("unnamed",),
                   source="(y_hat - y) / (N * sqrt(mse)): the gradient of the root mean squared error "
                          "written for the mean squared error, and 0 / 0 = nan when every prediction is "
                          "exact (written blind)")
def mse_grad_of_the_root(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    r = y_hat - y
    return r / (y_hat.size * np.sqrt(np.mean(r ** 2)))


@SIXTEENTH.alternative("losses", "binary_cross_entropy")
def binary_cross_entropy_where_branches(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(np.where(y == 1, np.log(p), np.log(1.0 - p))))


@SIXTEENTH.alternative("losses", "binary_cross_entropy_grad")
def binary_cross_entropy_grad_two_terms(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (-(y / p) + (1.0 - y) / (1.0 - p)) / y_hat.size


@SIXTEENTH.alternative("losses", "softmax")
def softmax_log_sum_exp(z):
    z = np.asarray(z, dtype=np.float64)
    m = z.max(axis=-1, keepdims=True)
    lse = m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    return np.exp(z - lse)


@SIXTEENTH.alternative("losses", "categorical_cross_entropy")
def categorical_cross_entropy_true_class_index(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.asarray(P, dtype=np.float64)
    picked = P[np.arange(len(Y)), Y.argmax(axis=1)]
    return float(-np.mean(np.log(np.clip(picked, eps, 1.0))))


@SIXTEENTH.alternative("losses", "softmax_cross_entropy_grad")
def softmax_cross_entropy_grad_subtract_at_labels(Y, Z):
    Y = np.asarray(Y, dtype=np.float64)
    dZ = softmax(Z)
    dZ[np.arange(len(Y)), Y.argmax(axis=1)] -= 1.0
    return dZ / len(Y)


@SIXTEENTH.alternative("losses", "mse")
def mse_squared_norm(y, y_hat):
    r = np.asarray(y, dtype=np.float64).ravel() - np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.dot(r, r) / r.size)


@SIXTEENTH.alternative("losses", "mse_grad")
def mse_grad_scaled_residual(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.reshape(np.asarray(y, dtype=np.float64), y_hat.shape)
    return (y_hat - y) * (2.0 / y_hat.size)


# ---------------------------------------------------------------- 04 forward pass

@SIXTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                   source="b1 = np.zeros_like(W1[0]): the hidden bias sized like one row of W1, which has "
                          "n_in entries, where b1 has one entry per hidden unit (right only when n_in == "
                          "n_hidden; written blind)")
def init_params_bias_like_a_row(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in))
    W2 = rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden))
    return {"W1": W1, "b1": np.zeros_like(W1[0]), "W2": W2, "b2": np.zeros(n_out)}


@SIXTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                   source="rng.normal(0, std, size) * std: two recipes merged, the He spread passed as the "
                          "scale and then multiplied in again as in randn(...) * std, so every weight has "
                          "spread 2 / n_in instead of sqrt(2 / n_in) (written blind)")
def init_params_he_factor_twice(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    std1, std2 = np.sqrt(2.0 / n_in), np.sqrt(2.0 / n_hidden)
    return {
        "W1": rng.normal(0.0, std1, size=(n_hidden, n_in)) * std1,
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, std2, size=(n_out, n_hidden)) * std2,
        "b2": np.zeros(n_out),
    }


@SIXTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                   source="rng.normal(0, std, n_hidden, n_in): the shape given as two positional numbers in "
                          "DeepLearning.AI's np.random.randn(n_h, n_x) habit, but normal's third argument "
                          "is size and it takes no fourth, a TypeError (written blind)")
def init_params_randn_style_shape(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / n_in), n_hidden, n_in)
    W2 = rng.normal(0.0, np.sqrt(2.0 / n_hidden), n_out, n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@SIXTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                   source="z1 = np.zeros_like(X) filled one hidden unit at a time: the buffer has X's shape "
                          "(N, D) and dtype where (N, H) floats are needed, an IndexError or a shape error "
                          "unless H == D (and integer inputs truncate the sums; written blind)")
def forward_buffer_like_inputs(X, params):
    W1, b1 = params["W1"], params["b1"]
    z1 = np.zeros_like(X)
    for j in range(len(b1)):
        z1[:, j] = X @ W1[j] + b1[j]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@SIXTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                   source="W1, b1, W2, b2 = params.values(): the four arrays unpacked by position, which "
                          "relies on the dict's insertion order, so a dict built in another order ('W1', "
                          "'W2', 'b1', 'b2') swaps weights and biases (only on such dicts; written blind)")
def forward_unpacks_dict_values(X, params):
    W1, b1, W2, b2 = params.values()
    z1 = X @ W1.T + b1
    a1 = relu(z1)
    z2 = a1 @ W2.T + b2
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@SIXTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                   source="a loop over the examples that appends float(sigmoid(z2)) to a list and returns "
                          "the list: the probabilities are right, but y_hat is a Python list where an array "
                          "of shape (N,) is asked (written blind)")
def forward_loop_returns_list(X, params):
    y_hat, z1s, a1s, z2s = [], [], [], []
    for x in X:
        z1 = params["W1"] @ x + params["b1"]
        a1 = relu(z1)
        z2 = params["W2"] @ a1 + params["b2"]
        z1s.append(z1)
        a1s.append(a1)
        z2s.append(z2)
        y_hat.append(float(sigmoid(z2)[0]))
    return y_hat, {"z1": np.array(z1s), "a1": np.array(a1s), "z2": np.array(z2s)}


@SIXTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                   source="z2 = a1 @ W2.T put in the cache, then z2 = z2 + b2 for the output: y_hat is "
                          "right, but the cached z2 lacks the output bias that backprop's sigmoid(z2) needs "
                          "(only once b2 != 0; written blind)")
def forward_caches_logit_before_bias(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T
    cache = {"z1": z1, "a1": a1, "z2": z2}
    z2 = z2 + params["b2"]
    return sigmoid(z2).ravel(), cache


@SIXTEENTH.alternative("forward_pass", "init_params")
def init_params_standard_normal_scaled(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_hidden, n_in)) * np.sqrt(2.0 / n_in)
    W2 = rng.standard_normal((n_out, n_hidden)) * np.sqrt(2.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@SIXTEENTH.alternative("forward_pass", "init_params")
def init_params_one_draw_split(n_in, n_hidden, n_out=1, seed=0):
    draws = np.random.default_rng(seed).standard_normal(n_hidden * n_in + n_out * n_hidden)
    W1 = draws[:n_hidden * n_in].reshape(n_hidden, n_in) * np.sqrt(2.0 / n_in)
    W2 = draws[n_hidden * n_in:].reshape(n_out, n_hidden) * np.sqrt(2.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@SIXTEENTH.alternative("forward_pass", "forward")
def forward_einsum(X, params):
    z1 = np.einsum("nd,hd->nh", X, params["W1"]) + params["b1"]
    a1 = relu(z1)
    z2 = np.einsum("nh,oh->no", a1, params["W2"]) + params["b2"]
    return sigmoid(z2)[:, 0], {"z1": z1, "a1": a1, "z2": z2}


# ---------------------------------------------------------------- 05 backprop

@SIXTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                   source="dz1 = da1 * (cache['z2'] > 0): the ReLU mask read from the output logit, one key "
                          "off, so each example's sign of z2 switches all its hidden units on or off "
                          "together (written blind)")
def backward_mask_from_output_logit(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z2"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@SIXTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                   source="db1 = da1.sum(axis=0): the hidden bias's gradient summed from the unmasked da1 "
                          "of the line above, while dW1 uses the masked dz1, so switched-off units still "
                          "get a bias gradient (only where some z1 <= 0; written blind)")
def backward_db1_from_unmasked(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": da1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@SIXTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                   source="y = np.asarray(y, dtype=float); y.shape = (-1, 1): the labels made a column by "
                          "setting .shape, and asarray does not copy a float64 vector, so the caller's y is "
                          "turned into a (N, 1) column too (the gradients are right; only on float64 "
                          "labels; written blind)")
def backward_labels_reshaped_in_place(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64)
    y.shape = (-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@SIXTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                   source="a1 recomputed as relu(cache['z1'] + params['b1']) for dW2, although z1 already "
                          "holds the bias: b1 is added twice (only once b1 != 0; written blind)")
def backward_hidden_bias_added_again(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    a1 = relu(cache["z1"] + params["b1"])
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ a1, "db2": dz2.sum(axis=0)}


@SIXTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                   source="for name, p in params.items(): p = p - lr * grads['d' + name], then return "
                          "params: the assignment rebinds the loop variable and writes nothing back, so the "
                          "old parameters come back unchanged ('Writing p = p - lr * g rebinds the local "
                          "name', prof.lexailabs.com/practice/build-nn-06-sgd-step)")
def sgd_step_rebinds_loop_variable(params, grads, lr):
    for name, p in params.items():
        p = p - lr * grads["d" + name]
    return params


@SIXTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                   source="{name: p - lr * g for name, p in params.items() for g in grads.values()}: two "
                          "for clauses in the comprehension, so every parameter is combined with every "
                          "gradient: a pair whose shapes do not broadcast raises ValueError, and otherwise "
                          "each name keeps the step of the last gradient, db2 (written blind)")
def sgd_step_two_for_clauses(params, grads, lr):
    return {name: p - lr * g for name, p in params.items() for g in grads.values()}


@SIXTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                   source="p - grads['d' + name] / lr: the learning rate divided where it multiplies, so a "
                          "small rate takes a huge step (right only for lr = 1; written blind)")
def sgd_step_divides_by_rate(params, grads, lr):
    return {name: p - grads["d" + name] / lr for name, p in params.items()}


@SIXTEENTH.alternative("backprop", "backward")
def backward_elementwise_single_output(X, y, params, cache):
    n = len(X)
    dz2 = (sigmoid(cache["z2"]) - np.reshape(y, (-1, 1))) / n
    dW2 = (dz2 * cache["a1"]).sum(axis=0, keepdims=True)
    dz1 = dz2 * params["W2"] * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dW2, "db2": dz2.sum(axis=0)}


@SIXTEENTH.alternative("backprop", "backward")
def backward_mask_from_activations(X, y, params, cache):
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / X.shape[0]
    dz1 = (dz2 @ params["W2"]) * (cache["a1"] > 0)
    return {"dW1": dz1.T @ X, "db1": np.sum(dz1, axis=0), "dW2": dz2.T @ cache["a1"],
            "db2": np.sum(dz2, axis=0)}


@SIXTEENTH.alternative("backprop", "sgd_step")
def sgd_step_loop_subtract(params, grads, lr):
    new_params = {}
    for name in params:
        new_params[name] = np.subtract(params[name], lr * grads["d" + name])
    return new_params


# ---------------------------------------------------------------- 06 spiral training

@SIXTEENTH.mistake("training", "train_val_split", truth=("unnamed",),
                   source="val = rng.permutation(N)[:n_val] and tr = rng.permutation(N)[n_val:]: two "
                          "different shuffles, one per set, so some points land in both sets and others in "
                          "neither (written blind)")
def train_val_split_two_permutations(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    n_val = round(val_fraction * len(X))
    val = rng.permutation(len(X))[:n_val]
    tr = rng.permutation(len(X))[n_val:]
    return X[tr], X[val], y[tr], y[val]


@SIXTEENTH.mistake("training", "train_val_split", truth=("unnamed",),
                   source="return X[tr], X[val], y[val], y[tr]: the two label sets returned in each other's "
                          "place, so y_train holds the validation labels and no longer matches X_train "
                          "(written blind)")
def train_val_split_label_sets_swapped(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round(val_fraction * len(X))
    val, tr = order[:n_val], order[n_val:]
    return X[tr], X[val], y[val], y[tr]


@SIXTEENTH.mistake("training", "predict", truth=("unnamed",),
                   source="(y_hat + threshold).astype(int), the 'add a half and truncate' rounding trick "
                          "with the threshold in the half's place: right for 0.5, but for threshold t it "
                          "labels 1 where y_hat >= 1 - t (only for threshold != 0.5; written blind)")
def predict_rounding_trick(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return (y_hat + threshold).astype(int)


@SIXTEENTH.mistake("training", "predict", truth=("unnamed",),
                   source="np.sign(y_hat - threshold).astype(int): the sign of the margin, labels -1 and +1 "
                          "(and 0 on the threshold) where the notebook's classes are 0 and 1 (written blind)")
def predict_sign_of_margin(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return np.sign(y_hat - threshold).astype(int)


@SIXTEENTH.mistake("training", "predict", truth=("unnamed",),
                   source="np.round(y_hat, 2) >= threshold: the probabilities rounded to two decimals 'as "
                          "printed' before the comparison, so 0.496 becomes 0.5 and is labelled 1 (only "
                          "within 0.005 below the threshold; written blind)")
def predict_rounds_probabilities_first(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return (np.round(y_hat, 2) >= threshold).astype(int)


@SIXTEENTH.mistake("training", "accuracy", truth=("unnamed",),
                   source="a 2 x 2 confusion matrix filled by the labels and its trace divided by N: right "
                          "for 0/1 labels, but any label above 1 indexes outside the table, IndexError "
                          "(only on labels 0..K-1 with K > 2; written blind)")
def accuracy_two_class_confusion(y_true, y_pred):
    t = np.ravel(y_true).astype(int)
    p = np.ravel(y_pred).astype(int)
    confusion = np.zeros((2, 2))
    for a, b in zip(t, p, strict=True):
        confusion[a, b] += 1
    return float(np.trace(confusion) / len(t))


@SIXTEENTH.mistake("training", "train", truth=("unnamed",),
                   source="return history, params: the pair returned in the other order from the "
                          "docstring's (params, history) (written blind)")
def train_returns_history_first(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
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
    return history, params


@SIXTEENTH.mistake("training", "train", truth=("unnamed",),
                   source="the update written by hand for the two weight matrices only, W1 -= lr dW1 and W2 "
                          "-= lr dW2: the biases never move, which the notebook's 'update every parameter, "
                          "biases included' rules out (written blind)")
def train_biases_never_stepped(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        grads = backward(X, y, params, cache)
        params["W1"] = params["W1"] - lr * grads["dW1"]
        params["W2"] = params["W2"] - lr * grads["dW2"]
    return params, history


@SIXTEENTH.mistake("training", "train", truth=("unnamed",),
                   source="history['loss'] += binary_cross_entropy(y, y_hat): += on a list extends it by an "
                          "iterable, and a float is not one, 'TypeError: float object is not iterable' "
                          "(append meant; written blind)")
def train_list_plus_equals_float(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"] += binary_cross_entropy(y, y_hat)
        history["val_loss"] += binary_cross_entropy(y_val, y_hat_val)
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@SIXTEENTH.mistake("training", "grid_search", truth=("unnamed",),
                   source="val_acc[i, j] = history['acc'][best]: the training accuracy at the "
                          "early-stopping epoch recorded where the validation accuracy belongs, the key one "
                          "prefix short (written blind)")
def grid_search_training_accuracy(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@SIXTEENTH.mistake("training", "grid_search", truth=("unnamed",),
                   source="for j, lr in enumerate(sorted(lrs)) 'so the heatmap reads from small to large': "
                          "column j then holds the j-th smallest rate, not lrs[j] (only when lrs is not "
                          "sorted; written blind)")
def grid_search_sorted_rates(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(sorted(lrs)):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@SIXTEENTH.mistake("training", "hyperparameters", truth=("unnamed",),
                   source="LR = -3.0: the minus of the update p - lr * dp carried into the rate, outside "
                          "the grading cell's (0, 10]; gradient ascent drives the weights until they "
                          "overflow, and the network ends at chance (0.5 on a fresh spiral when tried, with "
                          "overflow warnings; written blind)")
def hyperparameters_negative_rate():
    HIDDEN = 64
    LR = -3.0
    EPOCHS = 849
    return locals()


@SIXTEENTH.mistake("training", "hyperparameters", truth=("unnamed",),
                   source="HIDDEN = 64.0, copied as a float from the search's table, where the notebook "
                          "asks for an int: init_params's rng.normal(..., size=(64.0, 2)) raises 'float "
                          "object cannot be interpreted as an integer' (written blind)")
def hyperparameters_float_hidden():
    HIDDEN = 64.0
    LR = 3.0
    EPOCHS = 849
    return locals()


@SIXTEENTH.mistake("training", "iterate_minibatches", truth=("unnamed",),
                   source="range(round(N / batch_size)) batches: the number of batches rounded, not rounded "
                          "up, so a remainder of less than half a batch is never yielded (only when 0 < N % "
                          "batch_size < batch_size / 2; written blind)")
def iterate_minibatches_rounded_batch_count(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for k in range(round(len(X) / batch_size)):
        batch = order[k * batch_size:(k + 1) * batch_size]
        yield X[batch], y[batch]


@SIXTEENTH.mistake("training", "iterate_minibatches", truth=("unnamed",),
                   source="rng.choice(N, N, replace=False) for the shuffle, the two routines used as "
                          "substitutes (github.com/SMPyBandits/SMPyBandits/issues/2 'Use "
                          "numpy.random.permutation instead of numpy.random.choice when possible'): every "
                          "point once, but choice draws another order from rng than the rng.permutation(N) "
                          "the notebook asks for")
def iterate_minibatches_choice_for_permutation(X, y, batch_size, rng):
    order = rng.choice(len(X), size=len(X), replace=False)
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


@SIXTEENTH.alternative("training", "train_val_split")
def train_val_split_np_split(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    val, tr = np.split(order, [round(val_fraction * len(X))])
    return X[tr], X[val], y[tr], y[val]


@SIXTEENTH.alternative("training", "predict")
def predict_where(X, params, threshold=0.5):
    return np.where(forward(X, params)[0] >= threshold, 1, 0)


@SIXTEENTH.alternative("training", "accuracy")
def accuracy_count_nonzero(y_true, y_pred):
    t, p = np.ravel(y_true), np.ravel(y_pred)
    return float(np.count_nonzero(t == p) / t.size)


@SIXTEENTH.alternative("training", "train")
def train_with_predict(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {key: [] for key in ("loss", "val_loss", "acc", "val_acc")}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, forward(X_val, params)[0]))
        history["acc"].append(accuracy(y, predict(X, params)))
        history["val_acc"].append(accuracy(y_val, predict(X_val, params)))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@SIXTEENTH.alternative("training", "grid_search")
def grid_search_rates_outside(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    shape = (len(hiddens), len(lrs))
    val_acc, val_loss, best_epochs = np.zeros(shape), np.zeros(shape), np.zeros(shape, dtype=int)
    for j, lr in enumerate(lrs):
        for i, hidden in enumerate(hiddens):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            losses = history["val_loss"]
            best = losses.index(min(losses))
            val_acc[i, j] = history["val_acc"][best]
            val_loss[i, j] = losses[best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@SIXTEENTH.alternative("training", "iterate_minibatches")
def iterate_minibatches_array_split(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    return [(X[batch], y[batch]) for batch in np.array_split(order, range(batch_size, len(X), batch_size))]


# ---------------------------------------------------------------- 07 what next

@SIXTEENTH.mistake("what_next", "init_deep_params", truth=("unnamed",),
                   source="params['W' + layer]: a string joined to the int layer number with +, 'TypeError: "
                          "can only concatenate str (not \"int\") to str' (str(layer) or an f-string meant; "
                          "written blind)")
def init_deep_params_str_plus_int(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params["W" + layer] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params["b" + layer] = np.zeros(n_out)
    return params


@SIXTEENTH.mistake("what_next", "init_deep_params", truth=("unnamed",),
                   source="the sizes consumed with layer_sizes.pop(0) in a while loop: the weights are "
                          "right, but the caller's list is emptied (and a tuple of sizes has no pop; "
                          "written blind)")
def init_deep_params_pops_sizes(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    n_in = layer_sizes.pop(0)
    layer = 1
    while layer_sizes:
        n_out = layer_sizes.pop(0)
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
        n_in = n_out
        layer += 1
    return params


@SIXTEENTH.mistake("what_next", "forward_deep", truth=("unnamed",),
                   source="L = len(params) / 2: true division gives a float, and range(1, L + 1) raises "
                          "'float object cannot be interpreted as an integer' (the float in range() of "
                          "github.com/VITA-Group/ShapeMatchingGAN/issues/1, range(n_layers/2-1))")
def forward_deep_true_division_layers(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) / 2
    cache = {}
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer < L:
            a = act(z)
            cache[f"a{layer}"] = a
    return sigmoid(cache[f"z{L}"]).ravel(), cache


@SIXTEENTH.mistake("what_next", "forward_deep", truth=("unnamed",),
                   source="params[f'b{L}'] typed for params[f'b{layer}'] in the loop: every layer gets the "
                          "output's (1,) bias broadcast across its units instead of its own (only once the "
                          "biases are non-zero; written blind)")
def forward_deep_output_bias_everywhere(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{L}"]
        cache[f"z{layer}"] = z
        if layer < L:
            a = act(z)
            cache[f"a{layer}"] = a
    return sigmoid(cache[f"z{L}"]).ravel(), cache


@SIXTEENTH.mistake("what_next", "backward_deep", truth=("unnamed",),
                   source="the slope multiplied in under 'if layer > 2', one too high: the delta sent down "
                          "to the first hidden layer is never masked by its activation's slope, so dW1 and "
                          "db1 are wrong (written blind)")
def backward_deep_first_hidden_unmasked(X, y, params, cache, activation="relu"):
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
            slope = (z > 0).astype(np.float64) if activation == "relu" else sigmoid(z) * (1.0 - sigmoid(z))
            dz = dz @ params[f"W{layer}"]
            if layer > 2:
                dz = dz * slope
    return grads


@SIXTEENTH.mistake("what_next", "backward_deep", truth=("unnamed",),
                   source="def backward_deep(..., grads={}): the result dict is a mutable default made "
                          "once, so every call fills and returns the same dict: an earlier result changes "
                          "under its caller, and after a deeper network a shallower one's gradients keep "
                          "stale dW3, db3 (only from the second call; written blind)")
def backward_deep_shared_default_grads(X, y, params, cache, activation="relu", grads={}):  # noqa: B006
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    for layer in range(L, 0, -1):
        a_prev = X if layer == 1 else cache[f"a{layer - 1}"]
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            slope = (z > 0).astype(np.float64) if activation == "relu" else sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@SIXTEENTH.mistake("what_next", "momentum_step", truth=("unnamed",),
                   source="if velocity is None: velocity = params, 'a dict with the keys of params': the "
                          "first velocity starts at the weights themselves instead of zeros, so the first "
                          "step moves every parameter by lr * beta * p as well (written blind)")
def momentum_step_velocity_starts_at_params(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = params
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@SIXTEENTH.mistake("what_next", "momentum_step", truth=("unnamed",),
                   source="the velocity kept as a list in params' order and returned as that list: the "
                          "student's own loop works, but the notebook's velocity is a dict keyed like "
                          "params, and a dict passed back in is zipped by its key strings (written blind)")
def momentum_step_velocity_as_list(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = [np.zeros_like(p) for p in params.values()]
    new_params, new_velocity = {}, []
    for (name, p), v_old in zip(params.items(), velocity, strict=True):
        v = beta * v_old + (1.0 - beta) * grads["d" + name]
        new_velocity.append(v)
        new_params[name] = p - lr * v
    return new_params, new_velocity


@SIXTEENTH.mistake("what_next", "adam_step", truth=("unnamed",),
                   source="v = beta2 * v + (1 - beta2) * |g|: Adamax's absolute gradient (mxnet.apache.org "
                          "mxnet.optimizer.adamax, 'u = maximum(beta2 * u, abs(grad))') put in Adam's "
                          "second moment where g ** 2 belongs, so the step is scaled by sqrt(|g|)")
def adam_step_absolute_gradient_moment(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * np.abs(g)
        m_hat = m / (1.0 - beta1**t)
        v_hat = v / (1.0 - beta2**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@SIXTEENTH.mistake("what_next", "adam_step", truth=("unnamed",),
                   source="m = beta1 * g + (1 - beta1) * m: the two weights of the first moment's average "
                          "exchanged, so m follows the newest gradient and the bias correction then "
                          "inflates it ninefold on the first step (written blind)")
def adam_step_first_moment_weights_swapped(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * g + (1.0 - beta1) * state["m"][name]
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        m_hat = m / (1.0 - beta1**t)
        v_hat = v / (1.0 - beta2**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@SIXTEENTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                   source="0.5 * reg * (np.mean(W1 ** 2) + np.mean(W2 ** 2)): the mean of the squared "
                          "weights where their sum belongs, while the gradient keeps reg * W, so loss and "
                          "gradient disagree (only for reg > 0; written blind)")
def softmax_classifier_loss_mean_penalty(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.mean(params["W1"] ** 2) + np.mean(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@SIXTEENTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                   source="reg * np.sign(W) added to dW1 and dW2: the slope of an L1 penalty where the L2 "
                          "penalty (reg / 2) |W|^2 gives reg * W (only for reg > 0; written blind)")
def softmax_classifier_loss_l1_slope(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * np.sign(params["W1"]), "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * np.sign(params["W2"]), "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@SIXTEENTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                   source="scores = a1 @ W2.T with the output bias b2 left out of the scores (it is zero at "
                          "initialisation), so the loss and every gradient ignore b2 once it has moved "
                          "(only for b2 != 0; written blind)")
def softmax_classifier_loss_scores_without_bias(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T)
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@SIXTEENTH.mistake("what_next", "softmax_classifier_train", truth=("unnamed",),
                   source="the penalty subtracted for the history computed with the default strength 1e-3 "
                          "typed in, 0.5 * 1e-3 * (|W1|^2 + |W2|^2), whatever reg the call passes: the "
                          "recorded data loss is off for any other reg (only for reg != 1e-3; written blind)")
def softmax_classifier_train_default_strength_typed_in(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300,
                                                       reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * 1e-3 * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@SIXTEENTH.mistake("what_next", "softmax_classifier_train", truth=("unnamed",),
                   source="K = int(np.max(y_val)) + 1: the number of classes read from the validation "
                          "labels, a line copied, so a validation set without the top class builds one "
                          "output unit too few (only when y_val.max() < y.max(); written blind)")
def softmax_classifier_train_classes_from_validation(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300,
                                                     reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y_val)) + 1, seed=seed)
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


@SIXTEENTH.alternative("what_next", "init_deep_params")
def init_deep_params_zip_pairs(layer_sizes, seed=0):
    from itertools import pairwise

    rng = np.random.default_rng(seed)
    params = {}
    for layer, (n_in, n_out) in enumerate(pairwise(layer_sizes), start=1):
        params[f"W{layer}"] = rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@SIXTEENTH.alternative("what_next", "forward_deep")
def forward_deep_activation_table(X, params, activation="relu"):
    act = {"relu": relu, "sigmoid": sigmoid}[activation]
    n_layers = sum(1 for key in params if key.startswith("W"))
    cache, a = {}, X
    for layer in range(1, n_layers):
        cache[f"z{layer}"] = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        a = cache[f"a{layer}"] = act(cache[f"z{layer}"])
    cache[f"z{n_layers}"] = a @ params[f"W{n_layers}"].T + params[f"b{n_layers}"]
    return sigmoid(cache[f"z{n_layers}"]).ravel(), cache


@SIXTEENTH.alternative("what_next", "backward_deep")
def backward_deep_slopes_from_activations(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    dz = (sigmoid(cache[f"z{L}"]) - np.reshape(y, (-1, 1))) / len(X)
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = cache[f"a{layer - 1}"] if layer > 1 else X
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = np.sum(dz, axis=0)
        if layer > 1:
            slope = (a_prev > 0) if activation == "relu" else a_prev * (1.0 - a_prev)
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@SIXTEENTH.alternative("what_next", "momentum_step")
def momentum_step_ema_increment(params, grads, velocity, lr, beta=0.9):
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v_old = np.zeros_like(p) if velocity is None else velocity[name]
        v = v_old + (1.0 - beta) * (grads["d" + name] - v_old)
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@SIXTEENTH.alternative("what_next", "adam_step")
def adam_step_lazy_zero_state(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = 1 if state is None else state["t"] + 1
    old_m = {} if state is None else state["m"]
    old_v = {} if state is None else state["v"]
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m_new[name] = beta1 * old_m.get(name, 0.0) + (1.0 - beta1) * g
        v_new[name] = beta2 * old_v.get(name, 0.0) + (1.0 - beta2) * g * g
        step = (m_new[name] / (1.0 - beta1**t)) / (np.sqrt(v_new[name] / (1.0 - beta2**t)) + eps)
        new_params[name] = p - lr * step
    return new_params, {"t": t, "m": m_new, "v": v_new}


@SIXTEENTH.alternative("what_next", "softmax_classifier_loss")
def softmax_classifier_loss_integer_indexing(X, y, params, reg=0.0):
    n = X.shape[0]
    rows = np.arange(n)
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    data_loss = -np.mean(np.log(np.clip(P[rows, y], 1e-9, 1.0)))
    dscores = P.copy()
    dscores[rows, y] -= 1.0
    dscores /= n
    dhidden = dscores @ params["W2"]
    dhidden[z1 <= 0] = 0.0
    grads = {"dW1": dhidden.T @ X + reg * params["W1"], "db1": dhidden.sum(axis=0),
             "dW2": dscores.T @ a1 + reg * params["W2"], "db2": dscores.sum(axis=0)}
    penalty = 0.5 * reg * (np.sum(params["W1"] * params["W1"]) + np.sum(params["W2"] * params["W2"]))
    return float(data_loss + penalty), grads


@SIXTEENTH.alternative("what_next", "softmax_classifier_train")
def softmax_classifier_train_data_loss_call(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3,
                                            seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {key: [] for key in ("loss", "val_loss", "acc", "val_acc")}
    for _ in range(epochs):
        _, grads = softmax_classifier_loss(X, y, params, reg)
        history["loss"].append(softmax_classifier_loss(X, y, params, 0.0)[0])
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params, 0.0)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = sgd_step(params, grads, lr)
    return params, history
