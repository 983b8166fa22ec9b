"""The twelfth set of unseen mistakes (and correct alternatives), written blind by helper H21t.

Written on 2026-12-02 (session 21) by helper H21t, from: the student notebooks
(``notebooks/neural_networks/*.ipynb``), the reference answers (``solutions/perceptron.py``,
``activations.py``, ``losses.py``, ``forward_pass.py``, ``backprop.py``, ``training.py``,
``what_next.py``), ``solutions/blind_set.py``, the registry of blanks (``autograder/blanks.py``),
the eleventh set's docstring, imports and decorators as the format to copy, the one-line
``source=`` strings of the earlier sets (to stay clear of slips already written), and public
reports of students' slips found with the search tool (GitHub issues and pull requests, Stack
Overflow mirrors, DeepLearning.AI threads, tutorials and exercise sites).

Not read: ``autograder/`` beyond ``blanks.py``, ``nncourse/`` (beyond the two dicts of
``nncourse/mutants.py`` this set is added to), ``tests/`` (beyond the lists of
``tests/test_unseen_set.py`` it is added to), ``solutions/mistakes/``, ``docs/``, the README past
its first section, nor the code or ``truth=`` of the earlier sets (the first three entries of the
eleventh set were seen while its format was copied; see the helper's report). Neither
``nncourse mutants`` nor the grader was run on these entries; each was only run on small inputs in
plain Python, to see a mistake differ from the reference and an alternative agree with it.

There is no labelling vocabulary for this set: every mistake carries ``truth=("unnamed",)``, and
the lead's blind judge rules each hint by reading the slip in its ``source=``. (Since that label
carries no judgement, it was written with the code; the second commit only completed this docstring.)

82 mistakes cover all 37 blanks (at least 8 per notebook: 01 9, 02 14, 03 14, 04 8, 05 8, 06 15,
07 14, so at most 15 of 82 in any one); 29 of their ``source=`` strings cite where the slip is
reported, the other 53 say "written blind". About 22 only show on some inputs (ties, N = 1, integer
inputs, large magnitudes, mixed (N,) / (N, 1) shapes, seed 0, a second call or epoch) and about 22
are written the student's way. 24 correct alternatives cover every notebook module (01 2, 02 7,
03 5, 04 2, 05 2, 06 2, 07 4); each agreed with the reference to 1e-10 on the inputs tried.
One entry, ``sgd_step_in_place``, returns the right values and is wrong only in changing the
caller's params (the docstring's "neither input is modified").

Each mistake is one slip, about half of them in the reference's own code and half in a function
written the way a student would (loops, Python lists, temporaries, calls to the student's other
functions). Many only show on some inputs (N = 1, ties, integer inputs, a missing class, large
magnitudes, a second call). ``source=`` says the slip in plain words, then where it is reported,
or "written blind".

``nncourse mutants --unseen twelfth`` grades it. Once measured, the file is frozen: it must not be
edited after its first measurement; a miss may lead to a general fingerprint, never to an edit here.
"""

import math

import numpy as np

from solutions.activations import leaky_relu_grad, relu, relu_grad, sigmoid, tanh
from solutions.backprop import backward, sgd_step
from solutions.blind_set import BlindSet
from solutions.forward_pass import forward, init_params
from solutions.losses import binary_cross_entropy, categorical_cross_entropy, softmax
from solutions.perceptron import AND_B, AND_W, NAND_B, NAND_W, OR_B, OR_W, perceptron
from solutions.training import accuracy, train
from solutions.what_next import predict_classes, softmax_classifier_loss

TWELFTH = BlindSet("twelfth")
UNSEEN_TWELFTH, UNSEEN_TWELFTH_ALTERNATIVES = TWELFTH.mistakes, TWELFTH.alternatives

# ---------------------------------------------------------------- 01 perceptron

@TWELFTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                 source="np.heaviside(w . x + b, 0.5) as the step: heaviside's second argument is its "
                        "value at exactly 0, so a point on the line gives the float 0.5, not 1 (only on "
                        "ties; written blind)")
def perceptron_heaviside_half(x, w, b):
    return np.heaviside(np.dot(w, x) + b, 0.5)


@TWELFTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                 source="total = w[i] * x[i] inside the loop where total += was meant: each feature "
                        "overwrites the sum, so only the last weighted input and the bias count "
                        "(written blind)")
def perceptron_loop_overwrites_sum(x, w, b):
    total = 0.0
    for i in range(len(w)):
        total = w[i] * x[i]
    total += b
    if total >= 0:
        return 1
    return 0


@TWELFTH.mistake("perceptron", "gates", truth=("unnamed",),
                 source="NAND built as the negation of OR instead of AND (NAND_B = 0.5): one input on "
                        "already gives 0, so the gate computes NOR (written blind)")
def gates_nand_negates_or():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 0.5
    return locals()


@TWELFTH.mistake("perceptron", "gates", truth=("unnamed",),
                 source="AND_B = -1.0 reasoning 'both inputs are needed, so subtract one': with the "
                        "step's >= 0 a single input on lands exactly on the line and fires, so AND "
                        "computes OR (written blind)")
def gates_and_bias_minus_one():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.0
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@TWELFTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                 source="the bias update indented inside the loop over the weights, so each mistake "
                        "moves b once per feature (D times) instead of once per point (reported in "
                        "github.com/trustyai-explainability/trustyai-explainability/pull/26, 'updating "
                        "the bias unit once for every feature')")
def train_perceptron_bias_per_feature(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = [0.0] * X.shape[1]
    b = 0.0
    errors = []
    for _ in range(epochs):
        wrong = 0
        for i in range(len(X)):
            err = y[i] - perceptron(X[i], np.array(w), b)
            if err != 0:
                wrong += 1
                for j in range(len(w)):
                    w[j] += lr * err * X[i][j]
                    b += lr * err
        errors.append(wrong)
    return np.array(w), b, errors


@TWELFTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                 source="b = b - step: the bias treated as a threshold that moves against the weights, "
                        "so a missed positive raises the bar instead of lowering it (threshold versus "
                        "bias sign, github.com/neuroph/neuroph/issues/48)")
def train_perceptron_bias_wrong_sign(X, y, lr=1.0, epochs=20):
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
                b = b - step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@TWELFTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                 source="w = np.zeros_like(X[0]) with X left as given, then w += step * x_i: on an "
                        "integer X (the gates' truth table) w is an int array and the in-place add of a "
                        "float raises a casting error (only on integer inputs; written blind)")
def train_perceptron_int_weights(X, y, lr=1.0, epochs=20):
    X = np.asarray(X)
    w = np.zeros_like(X[0])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w += step * x_i
                b += step
                n_wrong += 1
        errors.append(n_wrong)
    return w.astype(np.float64), b, errors


@TWELFTH.mistake("perceptron", "xor", truth=("unnamed",),
                 source="the two hidden units combined with OR instead of AND at the output: OR(OR(x), "
                        "NAND(x)) is 1 for every input (written blind)")
def xor_output_or(x):
    hidden = [perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)]
    return perceptron(np.array(hidden), OR_W, OR_B)


@TWELFTH.mistake("perceptron", "xor", truth=("unnamed",),
                 source="NAND taken as 1 - OR(x) (that is NOR): AND(OR, NOR) is never 1, so xor "
                        "returns 0 everywhere (written blind)")
def xor_nand_as_not_or(x):
    or_out = perceptron(x, OR_W, OR_B)
    nand_out = 1 - perceptron(x, OR_W, OR_B)
    return perceptron(np.array([or_out, nand_out]), AND_W, AND_B)


# ---------------------------------------------------------------- 02 activations

@TWELFTH.mistake("activations", "sigmoid", truth=("unnamed",),
                 source="0.5 * (1 + tanh(x)) for the sigmoid: the identity needs tanh(x / 2), so the "
                        "curve is twice as steep (written blind)")
def sigmoid_tanh_without_half(x):
    return (0.5 * (1.0 + np.tanh(np.asarray(x, dtype=np.float64))))[()]


@TWELFTH.mistake("activations", "sigmoid", truth=("unnamed",),
                 source="an elementwise loop with math.exp(-v): fine for ordinary values, but "
                        "math.exp raises OverflowError for v below about -709 instead of returning 0 "
                        "(only on large negative inputs; exchangetuts.com/overflow-math-range-error-for-"
                        "log-or-exp-1640279524063155)")
def sigmoid_math_exp_loop(x):
    arr = np.asarray(x, dtype=np.float64)
    out = np.empty_like(arr)
    for idx, v in np.ndenumerate(arr):
        out[idx] = 1.0 / (1.0 + math.exp(-v))
    return out[()]


@TWELFTH.mistake("activations", "sigmoid_grad", truth=("unnamed",),
                 source="s * (1 - sigmoid(-x)): the student remembers 1 - s = sigmoid(-x) and applies it "
                        "once too often, returning s squared (written blind)")
def sigmoid_grad_squared(x):
    return sigmoid(x) * (1.0 - sigmoid(-np.asarray(x, dtype=np.float64)))


@TWELFTH.mistake("activations", "sigmoid_grad", truth=("unnamed",),
                 source="a central-difference derivative with a coarse step h = 0.1 instead of the "
                        "formula: off by about h^2 / 6 times the third derivative (written blind)")
def sigmoid_grad_coarse_difference(x):
    h = 0.1
    x = np.asarray(x, dtype=np.float64)
    return (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)


@TWELFTH.mistake("activations", "tanh", truth=("unnamed",),
                 source="tanh written with the student's sigmoid as 2 * sigmoid(x) - 1: the identity is "
                        "2 * sigmoid(2x) - 1, so the curve is half as steep (written blind)")
def tanh_from_sigmoid_no_double(x):
    return 2.0 * sigmoid(x) - 1.0


@TWELFTH.mistake("activations", "tanh", truth=("unnamed",),
                 source="x clipped to [-5, 5] 'to avoid overflow' before np.tanh: beyond 5 the output is "
                        "stuck at tanh(5) = 0.99991 (only on large magnitudes; written blind)")
def tanh_clipped_input(x):
    return np.tanh(np.clip(np.asarray(x, dtype=np.float64), -5.0, 5.0))[()]


@TWELFTH.mistake("activations", "tanh_grad", truth=("unnamed",),
                 source="1 - tanh(x ** 2): the square put on the input instead of on tanh (written blind)")
def tanh_grad_square_inside(x):
    return 1.0 - tanh(np.asarray(x, dtype=np.float64) ** 2)


@TWELFTH.mistake("activations", "tanh_grad", truth=("unnamed",),
                 source="1 / cosh(x): the derivative is sech squared, the square forgotten (written blind)")
def tanh_grad_sech_not_squared(x):
    return (1.0 / np.cosh(np.asarray(x, dtype=np.float64)))[()]


@TWELFTH.mistake("activations", "relu", truth=("unnamed",),
                 source="a list comprehension [max(0.0, v) for v in np.ravel(x)] turned back into an "
                        "array: right values, but a (N, K) input comes back flat (N * K,) and a scalar "
                        "as a length-1 array (only on non-1-D inputs; written blind)")
def relu_list_comprehension_flat(x):
    return np.array([max(0.0, float(v)) for v in np.ravel(x)])


@TWELFTH.mistake("activations", "relu_grad", truth=("unnamed",),
                 source="np.heaviside(x, 0.5) for the slope: the half-maximum convention gives 0.5 at "
                        "x = 0 where the lesson picks 0 (only at the kink; written blind)")
def relu_grad_heaviside_half(x):
    return np.heaviside(np.asarray(x, dtype=np.float64), 0.5)[()]


@TWELFTH.mistake("activations", "relu_grad", truth=("unnamed",),
                 source="relu_grad returns the student's own leaky_relu_grad(x) with its default alpha "
                        "('ReLU is leaky ReLU'), so negative inputs get slope 0.1 instead of 0 "
                        "(written blind)")
def relu_grad_calls_leaky(x):
    return leaky_relu_grad(x)


@TWELFTH.mistake("activations", "leaky_relu", truth=("unnamed",),
                 source="alpha ignored and 0.01 hard-coded, the slope Keras and PyTorch default to, "
                        "while the notebook's default is 0.1 (github.com/RoboticsClubIITJ/ML-DL-"
                        "implementation/issues/73, "
                        "'directly assumes it to be 0.01')")
def leaky_relu_hardcoded_001(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, x, 0.01 * x)[()]


@TWELFTH.mistake("activations", "leaky_relu_grad", truth=("unnamed",),
                 source="np.where(x >= 0, 1.0, alpha * x): the function's value on the negative side "
                        "written where its slope alpha belongs (written blind)")
def leaky_relu_grad_alpha_times_x(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, 1.0, alpha * x)[()]


@TWELFTH.mistake("activations", "leaky_relu_grad", truth=("unnamed",),
                 source="relu_grad(x) + alpha, reading 'leaky = ReLU plus a little': positive inputs "
                        "get slope 1 + alpha (written blind)")
def leaky_relu_grad_relu_plus_alpha(x, alpha=0.1):
    return relu_grad(x) + alpha


# ---------------------------------------------------------------- 03 losses

@TWELFTH.mistake("losses", "binary_cross_entropy", truth=("unnamed",),
                 source="a loop with math.log and no clipping: right in the open interval, but a "
                        "prediction of exactly 0 or 1 raises 'math domain error' instead of using eps "
                        "(only on saturated predictions; the clip is the advice of "
                        "community.deeplearning.ai/t/logistic-loss-function-divide-by-zero-encountered-"
                        "in-log/192184)")
def binary_cross_entropy_loop_no_clip(y, y_hat, eps=1e-9):
    labels = np.ravel(y)
    probs = np.ravel(y_hat)
    total = 0.0
    for yi, pi in zip(labels, probs, strict=True):
        total += yi * math.log(pi) if yi == 1 else (1 - yi) * math.log(1 - pi)
    return -total / len(labels)


@TWELFTH.mistake("losses", "binary_cross_entropy", truth=("unnamed",),
                 source="the positive term averaged and the negative term summed: -(mean(y log p) + "
                        "sum((1 - y) log(1 - p))), the mean applied to only half the loss (written blind)")
def binary_cross_entropy_half_mean(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-(np.mean(y * np.log(p)) + np.sum((1.0 - y) * np.log(1.0 - p))))


@TWELFTH.mistake("losses", "binary_cross_entropy_grad", truth=("unnamed",),
                 source="y flattened with ravel while y_hat keeps its (N, 1) shape: (N, 1) - (N,) "
                        "broadcasts to an (N, N) gradient (only when y_hat is a column; written blind)")
def binary_cross_entropy_grad_broadcast(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1.0 - eps)
    return (p - y) / (p * (1.0 - p)) / y.size


@TWELFTH.mistake("losses", "binary_cross_entropy_grad", truth=("unnamed",),
                 source="the gradient built in a Python list with append and returned as that list, "
                        "not an array shaped like y_hat (wrong return structure; written blind)")
def binary_cross_entropy_grad_python_list(y, y_hat, eps=1e-9):
    labels = np.ravel(y)
    probs = np.ravel(y_hat)
    n = len(probs)
    grads = []
    for yi, pi in zip(labels, probs, strict=True):
        p = min(max(float(pi), eps), 1.0 - eps)
        grads.append((p - yi) / (p * (1.0 - p)) / n)
    return grads


@TWELFTH.mistake("losses", "softmax", truth=("unnamed",),
                 source="the stability shift taken per column, z - z.max(axis=0): a constant per class "
                        "is not a constant per row, so every row's probabilities change (written blind)")
def softmax_shift_by_column_max(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@TWELFTH.mistake("losses", "softmax", truth=("unnamed",),
                 source="a row loop writing into result = np.zeros_like(z): on integer logits the "
                        "result array is int and every probability is truncated to 0 (only on integer "
                        "inputs; splunktool.com/in-python-calculate-the-softmax-of-an-array-columnwise-"
                        "using-numpy)")
def softmax_loop_zeros_like(z):
    z = np.asarray(z)
    result = np.zeros_like(z)
    for i in range(z.shape[0]):
        row = np.exp(z[i] - np.max(z[i]))
        result[i] = row / np.sum(row)
    return result


@TWELFTH.mistake("losses", "categorical_cross_entropy", truth=("unnamed",),
                 source="the probability picked at P.argmax(axis=1), the predicted class, instead of "
                        "at Y's label: the wrong variable, so the loss ignores the labels (written blind)")
def categorical_cross_entropy_predicted_class(Y, P, eps=1e-9):
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    rows = np.arange(P.shape[0])
    return float(-np.mean(np.log(P[rows, P.argmax(axis=1)])))


@TWELFTH.mistake("losses", "categorical_cross_entropy", truth=("unnamed",),
                 source="a loop over rows summing -y . log p, then total / len(Y[0]): divided by the "
                        "number of classes K instead of the number of rows N (written blind)")
def categorical_cross_entropy_divides_by_k(Y, P, eps=1e-9):
    total = 0.0
    for y_row, p_row in zip(np.asarray(Y, dtype=np.float64), np.asarray(P, dtype=np.float64), strict=True):
        total -= np.sum(y_row * np.log(np.clip(p_row, eps, 1.0)))
    return float(total / len(Y[0]))


@TWELFTH.mistake("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
                 source="only the diagonal of softmax's Jacobian, p (1 - p), multiplied by -y / p: the "
                        "off-diagonal -p_i p_j terms dropped, giving -(1 - p) y / N "
                        "(datascience.stackexchange.com/questions/64746)")
def softmax_cross_entropy_grad_diagonal_only(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    P = softmax(Z)
    return P * (1.0 - P) * (-Y / P) / Z.shape[0]


@TWELFTH.mistake("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
                 source="(softmax(Z) - Y) / Z.shape[1]: divided by the number of classes K instead of "
                        "the batch size N (written blind)")
def softmax_cross_entropy_grad_divides_by_k(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return (softmax(Z) - np.asarray(Y, dtype=np.float64)) / Z.shape[1]


@TWELFTH.mistake("losses", "mse", truth=("unnamed",),
                 source="no ravel before the difference: a (N, 1) target minus a (N,) prediction "
                        "broadcasts to (N, N), summed and divided by len(y) (only on mixed shapes; "
                        "written blind)")
def mse_no_ravel(y, y_hat):
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return float(np.sum((y - y_hat) ** 2) / len(y))


@TWELFTH.mistake("losses", "mse", truth=("unnamed",),
                 source="np.linalg.norm(y - y_hat) / N: the Euclidean norm, not its square, divided by "
                        "N (written blind)")
def mse_norm_not_squared(y, y_hat):
    d = np.asarray(y, dtype=np.float64).ravel() - np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.linalg.norm(d) / d.size)


@TWELFTH.mistake("losses", "mse_grad", truth=("unnamed",),
                 source="2 * (y_hat - y) // N: floor division typed for true division, every entry "
                        "rounded down to a whole number (written blind)")
def mse_grad_floor_division(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return 2.0 * (y_hat - y) // y_hat.size


@TWELFTH.mistake("losses", "mse_grad", truth=("unnamed",),
                 source="2 * (y - y_hat) / N: the derivative taken with respect to the target y, the "
                        "sign of the gradient flipped (written blind)")
def mse_grad_wrt_target(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return 2.0 * (y - y_hat) / y_hat.size


# ---------------------------------------------------------------- 04 forward pass

@TWELFTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                 source="each layer scaled by its fan-out, sqrt(2 / n_hidden) for W1 and sqrt(2 / n_out) "
                        "for W2, instead of its fan-in (github.com/mnielsen/neural-networks-and-deep-"
                        "learning/"
                        "issues/30, 'np.sqrt(1/n_out) ... should be n_in')")
def init_params_fan_out(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_out), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@TWELFTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                 source="the variance 2 / n_in passed as normal()'s scale, which is a standard deviation: "
                        "the weights are sqrt(2 / n_in) times too small (variance versus standard "
                        "deviation, github.com/cs231n/cs231n.github.io/issues/148)")
def init_params_variance_as_scale(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, 2.0 / n_in, size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, 2.0 / n_hidden, size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@TWELFTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                 source="b2 = np.zeros(1) hard-coded because the network 'has one output': wrong shape "
                        "whenever n_out > 1, as in notebook 07's three classes (only for n_out > 1; "
                        "written blind)")
def init_params_b2_fixed_size(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in))
    W2 = rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(1)}


@TWELFTH.mistake("forward_pass", "forward", truth=("unnamed",),
                 source="the cache's z2 holds the sigmoid's output instead of its input, so backprop "
                        "applies the sigmoid again (outputs cached as inputs, "
                        "github.com/DrBigMau/LSTM-from-Scratch-in-Python/issues/1)")
def forward_caches_output_as_z2(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    a2 = sigmoid(a1 @ params["W2"].T + params["b2"])
    return a2.ravel(), {"z1": z1, "a1": a1, "z2": a2}


@TWELFTH.mistake("forward_pass", "forward", truth=("unnamed",),
                 source="the sigmoid applied twice, once to make a2 and again to make y_hat, so every "
                        "probability is squeezed into (0.5, 0.73) (double sigmoid, "
                        "github.com/jianlin-cheng/DProQA/issues/3)")
def forward_double_sigmoid(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    a2 = sigmoid(z2)
    return sigmoid(a2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@TWELFTH.mistake("forward_pass", "forward", truth=("unnamed",),
                 source="a loop over the samples whose temporaries z1, a1, z2 are overwritten each time: "
                        "y_hat is right but the cache holds only the last sample's rows (state of the "
                        "loop returned; written blind)")
def forward_loop_cache_last_sample(X, params):
    outputs = []
    for i in range(X.shape[0]):
        z1 = params["W1"] @ X[i] + params["b1"]
        a1 = relu(z1)
        z2 = params["W2"] @ a1 + params["b2"]
        outputs.append(float(sigmoid(z2[0])))
    return np.array(outputs), {"z1": z1, "a1": a1, "z2": z2}


@TWELFTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                 source="the biases set to the small constant 0.01 'so every ReLU starts active', where "
                        "the lesson asks for zeros (the option mentioned in "
                        "cs231n.github.io/neural-networks-2/#init, 'a small constant value such as 0.01')")
def init_params_bias_001(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.full(n_hidden, 0.01),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.full(n_out, 0.01),
    }


@TWELFTH.mistake("forward_pass", "forward", truth=("unnamed",),
                 source="z2 = z1 @ W2.T + b2: the output layer fed the hidden pre-activations instead of "
                        "the ReLU outputs a1, so the ReLU has no effect on y_hat (z computed from the "
                        "previous z, github.com/deeplearning4j/deeplearning4j/issues/3191)")
def forward_output_from_z1(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = z1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


# ---------------------------------------------------------------- 05 backprop

@TWELFTH.mistake("backprop", "backward", truth=("unnamed",),
                 source="the 1/N put on the weight gradients only, dW = (dz.T @ a) / N, while the bias "
                        "gradients are plain sums, N times too large (written blind)")
def backward_mean_on_weights_only(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = sigmoid(cache["z2"]) - y
    dW2 = dz2.T @ cache["a1"] / n
    db2 = dz2.sum(axis=0)
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    dW1 = dz1.T @ X / n
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@TWELFTH.mistake("backprop", "backward", truth=("unnamed",),
                 source="a per-sample loop for i in range(1, n), counting from 1 out of MATLAB habit: "
                        "the first sample never contributes (off by one; written blind)")
def backward_loop_skips_first(X, y, params, cache):
    n = X.shape[0]
    y = np.ravel(y)
    grads = {"dW1": np.zeros_like(params["W1"]), "db1": np.zeros_like(params["b1"]),
             "dW2": np.zeros_like(params["W2"]), "db2": np.zeros_like(params["b2"])}
    for i in range(1, n):
        dz2 = (sigmoid(cache["z2"][i]) - y[i]) / n
        grads["dW2"] += np.outer(dz2, cache["a1"][i])
        grads["db2"] += dz2
        dz1 = (params["W2"].T @ dz2) * (cache["z1"][i] > 0)
        grads["dW1"] += np.outer(dz1, X[i])
        grads["db1"] += dz1
    return grads


@TWELFTH.mistake("backprop", "backward", truth=("unnamed",),
                 source="y_hat recomputed as sigmoid(a1 @ W2.T) without b2 instead of read from the "
                        "cache: right while b2 is still zero, wrong after the first update (only for "
                        "b2 != 0; written blind)")
def backward_recomputes_without_b2(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["a1"] @ params["W2"].T) - y) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@TWELFTH.mistake("backprop", "backward", truth=("unnamed",),
                 source="return dW1, db1, dW2, db2: a tuple in place of the dict with keys dW1..db2 "
                        "(wrong return structure; written blind)")
def backward_returns_tuple(X, y, params, cache):
    g = backward(X, y, params, cache)
    return g["dW1"], g["db1"], g["dW2"], g["db2"]


@TWELFTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                 source="params[name] -= lr * grads['d' + name] in place, then return params: the "
                        "caller's dict and arrays are changed too (aliasing; github.com/pytorch/pytorch/"
                        "issues/51794, "
                        "'params shouldn't be modified behind the user's back')")
def sgd_step_in_place(params, grads, lr):
    for name in params:
        params[name] -= lr * grads["d" + name]
    return params


@TWELFTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                 source="a loop over grads writing new[key] = params[key[1:]] - lr * grads[key]: the new "
                        "dict is keyed dW1, db1, ... instead of W1, b1, ... (wrong keys; written blind)")
def sgd_step_gradient_keys(params, grads, lr):
    new = {}
    for key in grads:
        new[key] = params[key[1:]] - lr * grads[key]
    return new


@TWELFTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                 source="only the weights updated, the biases copied unchanged (bias never trained, "
                        "github.com/mattm/simple-neural-network/issues/5 'there is no update to bias')")
def sgd_step_skips_biases(params, grads, lr):
    return {name: (p - lr * grads["d" + name]) if name.startswith("W") else p.copy()
            for name, p in params.items()}


@TWELFTH.mistake("backprop", "backward", truth=("unnamed",),
                 source="the ReLU mask taken as a1 >= 0 from the cached output: a ReLU output is never "
                        "negative, so the mask is all ones and dead units still pass gradient "
                        "(relu2deriv with >= on the output, "
                        "github.com/iamtrask/Grokking-Deep-Learning/pull/13)")
def backward_mask_output_nonnegative(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dz1 = (dz2 @ params["W2"]) * (cache["a1"] >= 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


# ---------------------------------------------------------------- 06 training

@TWELFTH.mistake("training", "train_val_split", truth=("unnamed",),
                 source="'if seed:' guarding the seeding, so seed=0 (the default) is falsy and the "
                        "split is unseeded and changes from run to run (only for seed 0; the same "
                        "'if seed: np.random.seed(seed)' in github.com/Allenem/LeetCode's shuffle_data)")
def train_val_split_seed_zero_falsy(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed) if seed else np.random.default_rng()
    order = rng.permutation(len(X))
    n_val = round(val_fraction * len(X))
    val, tr = order[:n_val], order[n_val:]
    return X[tr], X[val], y[tr], y[val]


@TWELFTH.mistake("training", "train_val_split", truth=("unnamed",),
                 source="rng.permutation(order) called but its result thrown away, as if it shuffled in "
                        "place: the split takes the first points in their original order "
                        "(runebook.dev/en/docs/numpy/reference/random/generated/numpy.random.permutation)")
def train_val_split_permutation_discarded(X, y, val_fraction=0.2, seed=0):
    order = np.arange(len(X))
    np.random.default_rng(seed).permutation(order)
    n_val = round(val_fraction * len(X))
    val, tr = order[:n_val], order[n_val:]
    return X[tr], X[val], y[tr], y[val]


@TWELFTH.mistake("training", "train_val_split", truth=("unnamed",),
                 source="X and y shuffled with two separate permutations, which breaks the pairing of "
                        "points and labels (www.onenoughtone.com/problems/synchronized-data-permutation, "
                        "'if we shuffle X and y independently')")
def train_val_split_independent_shuffles(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    X_shuffled = X[rng.permutation(len(X))]
    y_shuffled = y[rng.permutation(len(y))]
    n_val = round(val_fraction * len(X))
    return X_shuffled[n_val:], X_shuffled[:n_val], y_shuffled[n_val:], y_shuffled[:n_val]


@TWELFTH.mistake("training", "predict", truth=("unnamed",),
                 source="the threshold compared with the logit cache['z2'] instead of the probability "
                        "y_hat: z2 >= 0.5 means a probability above 0.62 (wrong variable; written blind)")
def predict_threshold_on_logit(X, params, threshold=0.5):
    _, cache = forward(X, params)
    return (cache["z2"].ravel() >= threshold).astype(int)


@TWELFTH.mistake("training", "predict", truth=("unnamed",),
                 source="np.squeeze on the (N, 1) labels: for a single point (N = 1) it returns a 0-d "
                        "array of shape () instead of shape (1,) (only for N = 1; github.com/numpy/"
                        "numpy/issues/15313)")
def predict_squeeze(X, params, threshold=0.5):
    _, cache = forward(X, params)
    return np.squeeze((sigmoid(cache["z2"]) >= threshold).astype(int))


@TWELFTH.mistake("training", "accuracy", truth=("unnamed",),
                 source="np.mean(y_true == y_pred) without flattening: a (N, 1) column against a (N,) "
                        "row broadcasts to an (N, N) table of comparisons (only on mixed shapes; "
                        "pythoner.space/questions/exploring-the-distinctions-among-these-array-"
                        "configurations-in-numpy)")
def accuracy_no_ravel(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))


@TWELFTH.mistake("training", "accuracy", truth=("unnamed",),
                 source="sum(y_true * y_pred) / sum(y_true): the fraction of positives found (recall), "
                        "not the fraction of all labels that agree (accuracy that computes recall, "
                        "github.com/pytorch/examples/pull/416)")
def accuracy_is_recall(y_true, y_pred):
    t = np.ravel(y_true).astype(np.float64)
    p = np.ravel(y_pred).astype(np.float64)
    return float(np.sum(t * p) / np.sum(t))


@TWELFTH.mistake("training", "train", truth=("unnamed",),
                 source="the learning rate divided by N in sgd_step although backward already averages "
                        "over the batch: the mean taken twice, steps N times too small (written blind)")
def train_lr_divided_by_n(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr / len(X))
    return params, history


_SHARED_HISTORY = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}


@TWELFTH.mistake("training", "train", truth=("unnamed",),
                 source="the history as a mutable default argument, history={'loss': [], ...}: a second "
                        "call appends to the first call's lists (only from the second call; mutable "
                        "defaults, github.com/airbus/decomon/pull/16)")
def train_mutable_default_history(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0,
                                  history=_SHARED_HISTORY):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@TWELFTH.mistake("training", "grid_search", truth=("unnamed",),
                 source="the validation accuracy read at argmax(val_acc), the best-accuracy epoch, "
                        "instead of at the lowest-loss epoch best (wrong variable; written blind)")
def grid_search_acc_at_own_best(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j] = max(history["val_acc"])
            val_loss[i, j] = history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@TWELFTH.mistake("training", "grid_search", truth=("unnamed",),
                 source="the tables laid out learning rates by hidden sizes, shape (R, H), with "
                        "table[j][i]: consistent inside, but the transpose of the asked (H, R) "
                        "(written blind)")
def grid_search_transposed_tables(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = [[0.0] * len(hiddens) for _ in lrs]
    val_loss = [[0.0] * len(hiddens) for _ in lrs]
    best_epochs = [[0] * len(hiddens) for _ in lrs]
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[j][i] = history["val_acc"][best]
            val_loss[j][i] = history["val_loss"][best]
            best_epochs[j][i] = best
    return np.array(val_acc), np.array(val_loss), np.array(best_epochs, dtype=int)


@TWELFTH.mistake("training", "hyperparameters", truth=("unnamed",),
                 source="HIDDEN = 2 reasoning 'two classes, so two hidden units': too narrow a layer "
                        "to bend around two spirals (written blind)")
def hyperparameters_two_hidden():
    HIDDEN = 2
    LR = 3.0
    EPOCHS = 849
    return locals()


@TWELFTH.mistake("training", "hyperparameters", truth=("unnamed",),
                 source="LR = 0.001, Adam's usual default carried over to plain full-batch gradient "
                        "descent: in 849 epochs the network barely leaves its initialisation (written blind)")
def hyperparameters_adam_default_lr():
    HIDDEN = 64
    LR = 0.001
    EPOCHS = 849
    return locals()


@TWELFTH.mistake("training", "iterate_minibatches", truth=("unnamed",),
                 source="order = rng.shuffle(np.arange(N)): shuffle works in place and returns None, "
                        "so indexing with order fails (demo.materiamedica.net/demo6/?p=2501, 'WRONG — "
                        "shuffle returns None')")
def iterate_minibatches_shuffle_returns_none(X, y, batch_size, rng):
    order = rng.shuffle(np.arange(len(X)))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


@TWELFTH.mistake("training", "iterate_minibatches", truth=("unnamed",),
                 source="a fresh np.random.default_rng(0) made inside the function instead of using the "
                        "rng passed in: every epoch gets the same order and rng is never advanced (only "
                        "shows from the second epoch; www.simplified.guide/numpy/random-generator-seed, "
                        "'creating a new "
                        "generator with the same seed returns to the start')")
def iterate_minibatches_fresh_rng(X, y, batch_size, rng):
    order = np.random.default_rng(0).permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


# ---------------------------------------------------------------- 07 what next

@TWELFTH.mistake("what_next", "init_deep_params", truth=("unnamed",),
                 source="for layer in range(len(layer_sizes)) counting from 0: layer 0 reads "
                        "layer_sizes[-1] as its fan-in and adds W0, b0, shifting every draw (off by one; "
                        "written blind)")
def init_deep_params_from_zero(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@TWELFTH.mistake("what_next", "init_deep_params", truth=("unnamed",),
                 source="every layer scaled by sqrt(2 / layer_sizes[0]), the network's input width, "
                        "instead of its own fan-in (wrong variable; written blind)")
def init_deep_params_first_fan_in(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / layer_sizes[0]), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@TWELFTH.mistake("what_next", "forward_deep", truth=("unnamed",),
                 source="the hidden activation applied to the output layer too, then the sigmoid: "
                        "with ReLU every probability is at least 0.5 (written blind)")
def forward_deep_activation_on_output(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        a = act(z)
        if layer < L:
            cache[f"a{layer}"] = a
    return sigmoid(a).ravel(), cache


@TWELFTH.mistake("what_next", "forward_deep", truth=("unnamed",),
                 source="act = relu if activation == 'relu' else tanh: the student's tanh picked for "
                        "the 'sigmoid' option (only on sigmoid runs; written blind)")
def forward_deep_tanh_for_sigmoid(X, params, activation="relu"):
    act = relu if activation == "relu" else tanh
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer < L:
            a = act(z)
            cache[f"a{layer}"] = a
    return sigmoid(cache[f"z{L}"]).ravel(), cache


@TWELFTH.mistake("what_next", "backward_deep", truth=("unnamed",),
                 source="the sigmoid slope computed as sigmoid(a) (1 - sigmoid(a)) from the cached "
                        "activation a, which is already a sigmoid (only on sigmoid runs; the confusion "
                        "of github.com/rasmusbergpalm/DeepLearnToolbox/issues/165)")
def backward_deep_sigmoid_of_activation(X, y, params, cache, activation="relu"):
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
                s = sigmoid(cache[f"a{layer - 1}"])
                slope = s * (1.0 - s)
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@TWELFTH.mistake("what_next", "backward_deep", truth=("unnamed",),
                 source="dz divided by N again at every layer on the way down, so layer l's gradients "
                        "carry 1/N to the power L - l + 1 (written blind)")
def backward_deep_mean_every_layer(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = sigmoid(cache[f"z{L}"]) - y
    grads = {}
    for layer in range(L, 0, -1):
        dz = dz / n
        a_prev = X if layer == 1 else cache[f"a{layer - 1}"]
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            slope = (z > 0).astype(np.float64) if activation == "relu" else sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


_VELOCITY: dict = {}


@TWELFTH.mistake("what_next", "momentum_step", truth=("unnamed",),
                 source="the velocity kept in a module-level dict used whenever velocity is None: a new "
                        "run's first step starts from the last run's velocity instead of zeros (state "
                        "carried between calls; only from the second run; written blind)")
def momentum_step_global_velocity(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = _VELOCITY
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity.get(name, np.zeros_like(p)) + (1.0 - beta) * grads["d" + name]
        new_velocity[name] = v
        _VELOCITY[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@TWELFTH.mistake("what_next", "momentum_step", truth=("unnamed",),
                 source="beta and lr swapped: v = lr * v + (1 - lr) * g and p -= beta * v, the two "
                        "hyperparameters mixed up (written blind)")
def momentum_step_beta_lr_swapped(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = lr * velocity[name] + (1.0 - lr) * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - beta * v
    return new_params, new_velocity


@TWELFTH.mistake("what_next", "adam_step", truth=("unnamed",),
                 source="the step counter advanced twice, so the bias correction uses t + 1 and the "
                        "first step is corrected as if it were the second "
                        "(github.com/tensorflow/tensorflow/issues/35444, 'local_step has a value of 2')")
def adam_step_counter_twice(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        m_hat = m / (1.0 - beta1 ** (t + 1))
        v_hat = v / (1.0 - beta2 ** (t + 1))
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@TWELFTH.mistake("what_next", "adam_step", truth=("unnamed",),
                 source="the returned state keeps the old t: the local t is incremented but "
                        "state['t'] is passed on unchanged, so every later step is corrected as step "
                        "one (only from the second call; written blind)")
def adam_step_state_t_not_saved(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
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


@TWELFTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                 source="the one-hot built as Y = zeros((N, K)); Y[:, y] = 1: fancy indexing on the "
                        "columns sets, in every row, a 1 for each label present in the batch "
                        "(newbetuts.com/29831489, 'you need to "
                        "also define the rows')")
def softmax_classifier_loss_column_one_hot(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.zeros((n, params["W2"].shape[0]))
    Y[:, y] = 1.0
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@TWELFTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                 source="dW2 = dz2.T @ z1: the hidden layer's pre-activation used where its ReLU output "
                        "a1 belongs (wrong variable; differs wherever z1 < 0; written blind)")
def softmax_classifier_loss_dw2_from_z1(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ z1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@TWELFTH.mistake("what_next", "softmax_classifier_train", truth=("unnamed",),
                 source="the output layer updated first and the gradients recomputed with the new W2 "
                        "before updating W1, so the two layers do not step from the same point "
                        "(github.com/Bot-Academy/NeuralNetworkFromScratch/pull/3, 'weights of the hidden "
                        "layer were updated in a way that affects the update of the input layer')")
def softmax_classifier_train_sequential_layers(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3,
                                               seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = dict(params)
        params["W2"] = params["W2"] - lr * grads["dW2"]
        params["b2"] = params["b2"] - lr * grads["db2"]
        _, grads = softmax_classifier_loss(X, y, params, reg)
        params["W1"] = params["W1"] - lr * grads["dW1"]
        params["b1"] = params["b1"] - lr * grads["db1"]
    return params, history


@TWELFTH.mistake("what_next", "softmax_classifier_train", truth=("unnamed",),
                 source="the validation loss computed with the training reg, so val_loss includes the "
                        "weight penalty the history should leave out (only for reg > 0; written blind)")
def softmax_classifier_train_val_loss_with_penalty(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300,
                                                   reg=1e-3, seed=0):
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


# ---------------------------------------------------------------- alternatives (correct)

@TWELFTH.alternative("perceptron", "perceptron")
def perceptron_explicit_loop(x, w, b):
    total = float(b)
    for w_i, x_i in zip(w, x, strict=True):
        total += w_i * x_i
    return 1 if total >= 0 else 0


@TWELFTH.alternative("perceptron", "xor")
def xor_or_minus_and(x):
    # For bits, XOR = OR - AND: the two gates already in the notebook.
    return int(perceptron(x, OR_W, OR_B) - perceptron(x, AND_W, AND_B))


@TWELFTH.alternative("activations", "sigmoid")
def sigmoid_via_tanh_half(x):
    return (0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=np.float64))))[()]


@TWELFTH.alternative("activations", "sigmoid_grad")
def sigmoid_grad_symmetric_exp(x):
    e = np.exp(-np.abs(np.asarray(x, dtype=np.float64)))
    return (e / (1.0 + e) ** 2)[()]


@TWELFTH.alternative("activations", "tanh_grad")
def tanh_grad_factored(x):
    t = tanh(x)
    return (1.0 - t) * (1.0 + t)


@TWELFTH.alternative("activations", "relu")
def relu_half_sum_abs(x):
    x = np.asarray(x, dtype=np.float64)
    return ((x + np.abs(x)) / 2.0)[()]


@TWELFTH.alternative("activations", "relu_grad")
def relu_grad_heaviside_zero(x):
    return np.heaviside(np.asarray(x, dtype=np.float64), 0.0)[()]


@TWELFTH.alternative("activations", "leaky_relu")
def leaky_relu_relu_split(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return (np.maximum(x, 0.0) + alpha * np.minimum(x, 0.0))[()]


@TWELFTH.alternative("activations", "leaky_relu_grad")
def leaky_relu_grad_from_mask(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return (1.0 - (1.0 - alpha) * (x < 0)).astype(np.float64)[()]


@TWELFTH.alternative("losses", "binary_cross_entropy")
def binary_cross_entropy_where(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    # Labels are 0 or 1, so each point contributes exactly one of the two logs.
    return float(np.mean(np.where(y == 1.0, -np.log(p), -np.log(1.0 - p))))


@TWELFTH.alternative("losses", "softmax")
def softmax_log_sum_exp(z):
    z = np.asarray(z, dtype=np.float64)
    shifted = z - z.max(axis=-1, keepdims=True)
    return np.exp(shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True)))


@TWELFTH.alternative("losses", "categorical_cross_entropy")
def categorical_cross_entropy_label_pick(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    rows = np.arange(Y.shape[0])
    return float(-np.mean(np.log(P[rows, Y.argmax(axis=1)])))


@TWELFTH.alternative("losses", "softmax_cross_entropy_grad")
def softmax_cross_entropy_grad_subtract_one(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    dZ = softmax(Z)
    dZ[np.asarray(Y) == 1] -= 1.0
    return dZ / Z.shape[0]


@TWELFTH.alternative("losses", "mse")
def mse_dot(y, y_hat):
    d = np.asarray(y, dtype=np.float64).ravel() - np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.dot(d, d) / d.size)


@TWELFTH.alternative("forward_pass", "forward")
def forward_with_dot(X, params):
    z1 = np.dot(X, params["W1"].T) + params["b1"]
    a1 = np.maximum(z1, 0.0)
    z2 = np.dot(a1, params["W2"].T) + params["b2"]
    return sigmoid(z2)[:, 0], {"z1": z1, "a1": a1, "z2": z2}


@TWELFTH.alternative("forward_pass", "init_params")
def init_params_standard_normal(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_hidden, n_in)) * np.sqrt(2.0 / n_in)
    W2 = rng.standard_normal((n_out, n_hidden)) * np.sqrt(2.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@TWELFTH.alternative("backprop", "backward")
def backward_einsum(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dz1 = np.einsum("nk,kh->nh", dz2, params["W2"]) * (cache["a1"] > 0)
    return {"dW1": np.einsum("nh,nd->hd", dz1, X), "db1": dz1.sum(axis=0),
            "dW2": np.einsum("nk,nh->kh", dz2, cache["a1"]), "db2": dz2.sum(axis=0)}


@TWELFTH.alternative("backprop", "sgd_step")
def sgd_step_loop(params, grads, lr):
    new_params = {}
    for name in params:
        new_params[name] = params[name] - lr * grads["d" + name]
    return new_params


@TWELFTH.alternative("training", "accuracy")
def accuracy_count_nonzero(y_true, y_pred):
    a, b = np.ravel(y_true), np.ravel(y_pred)
    return np.count_nonzero(a == b) / a.size


@TWELFTH.alternative("training", "iterate_minibatches")
def iterate_minibatches_while(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    start = 0
    while start < len(order):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]
        start += batch_size


@TWELFTH.alternative("what_next", "momentum_step")
def momentum_step_comprehensions(params, grads, velocity, lr, beta=0.9):
    old = velocity or {name: np.zeros_like(p) for name, p in params.items()}
    new_velocity = {name: beta * old[name] + (1.0 - beta) * grads["d" + name] for name in params}
    return {name: p - lr * new_velocity[name] for name, p in params.items()}, new_velocity


@TWELFTH.alternative("what_next", "adam_step")
def adam_step_folded_correction(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    c1, c2 = 1.0 - beta1**t, np.sqrt(1.0 - beta2**t)
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m_new[name] = beta1 * state["m"][name] + (1.0 - beta1) * g
        v_new[name] = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        # m_hat / (sqrt(v_hat) + eps) with both corrections moved outside the square root.
        new_params[name] = p - lr * (c2 / c1) * m_new[name] / (np.sqrt(v_new[name]) + eps * c2)
    return new_params, {"t": t, "m": m_new, "v": v_new}


@TWELFTH.alternative("what_next", "softmax_classifier_loss")
def softmax_classifier_loss_index_subtract(X, y, params, reg=0.0):
    n = X.shape[0]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = np.maximum(z1, 0.0)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    rows = np.arange(n)
    loss = -np.mean(np.log(np.clip(P[rows, y], 1e-9, 1.0)))
    loss += 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = P.copy()
    dz2[rows, y] -= 1.0
    dz2 /= n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return float(loss), grads


@TWELFTH.alternative("what_next", "forward_deep")
def forward_deep_layer_list(X, params, activation="relu"):
    act = {"relu": relu, "sigmoid": sigmoid}[activation]
    n_layers = sum(1 for key in params if key.startswith("W"))
    cache, a = {}, X
    for layer in range(1, n_layers + 1):
        cache[f"z{layer}"] = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        if layer < n_layers:
            a = cache[f"a{layer}"] = act(cache[f"z{layer}"])
    return sigmoid(cache[f"z{n_layers}"]).ravel(), cache
