"""The thirteenth set of unseen mistakes (and correct alternatives), written blind by helper H24t.

Written on 2026-12-04 (session 24) by helper H24t, from: the student notebooks
(``notebooks/neural_networks/*.ipynb``, their solution cells' signatures and docstrings), the
reference answers (``solutions/perceptron.py``, ``activations.py``, ``losses.py``,
``forward_pass.py``, ``backprop.py``, ``training.py``, ``what_next.py``), ``solutions/blind_set.py``,
the registry of blanks (``autograder/blanks.py``), the twelfth set's docstring, imports and first
entries as the format to copy, the one-line ``source=`` strings of every earlier set (to stay clear
of slips already written), and public material found with the search tool (GitHub issues and pull
requests, library documentation, Stack Overflow mirrors, tutorials).

Not read: ``autograder/`` beyond ``blanks.py``, ``nncourse/``, ``tests/``, ``solutions/mistakes/``,
``docs/``, the README past its first section, nor the code or ``truth=`` of the earlier sets, with
these exceptions, stated in the helper's report: the twelfth set was read through its first ten
entries (not three) while its format was copied; listing the decorators of ``unseen_mistakes.py``,
``unseen_mistakes_blind.py``, ``unseen_mistakes_fourth.py`` and ``unseen_mistakes_fifth.py`` (to find
where their sources sit) showed their first two or three ``truth`` tuples; and the docstring of
``solutions/variants.Variant`` was read. Neither ``nncourse mutants`` nor the grader was run on these
entries; each was only run on small inputs in plain Python, to see a mistake differ from the
reference and an alternative agree with it to 1e-10.

There is no labelling vocabulary for this set: every mistake carries ``truth=("unnamed",)``, and
the lead's blind judge rules each hint by reading the slip in its ``source=``.

88 mistakes cover all 37 blanks (at least 8 per notebook: 01 11, 02 14, 03 15, 04 9, 05 9, 06 15,
07 15, so at most 15 of 88 in any one); 26 of their ``source=`` strings cite where the slip (or the
default or convention it comes from) is reported, the other 62 say "written blind". About 50 only
show on some inputs (ties and near-ties, N = 1, integer or list inputs, inputs in (0, 1), large
magnitudes, mixed (N,) / (N, 1) shapes, a first entry that is not positive, alpha > 1, lr != 1,
reg > 0, seed 0, exact halves in a rounding, a second call or second epoch, sigmoid runs, ten or
more layers) and about 40 are written the student's way (loops, Python lists, temporaries, module
state, calls to the student's other functions). 31 correct alternatives cover every notebook module
(01 4, 02 6, 03 6, 04 2, 05 3, 06 5, 07 5); each agreed with the reference to 1e-10 on the inputs
tried. Some mistakes return the right values and are wrong only in form or side effect:
``sigmoid_no_scalar_unwrap`` (a 0-d array for a scalar), ``forward_column_cache`` (a transposed
cache), ``forward_deep_relu_in_place`` (a cache overwritten in place).

Each mistake is one slip, about half of them in the reference's own code and half in a function
written the way a student would. ``source=`` says the slip in plain words, then where it is
reported, or "written blind".

``nncourse mutants --unseen thirteenth`` grades it. Once measured, the file is frozen: it must not be
edited after its first measurement; a miss may lead to a general fingerprint, never to an edit here.
"""

import itertools
import math

import numpy as np

from solutions.activations import leaky_relu, relu, relu_grad, sigmoid, sigmoid_grad, tanh
from solutions.backprop import backward, sgd_step
from solutions.blind_set import BlindSet
from solutions.forward_pass import forward, init_params
from solutions.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    categorical_cross_entropy,
    mse,
    softmax,
)
from solutions.perceptron import AND_B, AND_W, NAND_B, NAND_W, OR_B, OR_W, perceptron
from solutions.training import accuracy, predict, train
from solutions.what_next import forward_deep, predict_classes, softmax_classifier_loss

THIRTEENTH = BlindSet("thirteenth")
UNSEEN_THIRTEENTH, UNSEEN_THIRTEENTH_ALTERNATIVES = THIRTEENTH.mistakes, THIRTEENTH.alternatives

# ---------------------------------------------------------------- 01 perceptron

@THIRTEENTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                    source="'z >= 0 or np.isclose(z, 0)' to make the tie rule robust to rounding: "
                           "isclose's absolute tolerance 1e-8 makes a point just below the line (z = "
                           "-1e-9) fire (only on near-ties; written blind)")
def perceptron_isclose_tie(x, w, b):
    z = np.dot(w, x) + b
    return 1 if z >= 0 or np.isclose(z, 0.0) else 0


@THIRTEENTH.mistake("perceptron", "perceptron", truth=("unnamed",),
                    source="the bias trick done with the 1 appended to x but b put in front of w: every "
                           "weight meets the wrong feature and the bias multiplies x[0] (written blind)")
def perceptron_bias_trick_misaligned(x, w, b):
    x_aug = np.append(np.asarray(x, dtype=np.float64), 1.0)
    w_aug = np.insert(np.asarray(w, dtype=np.float64), 0, b)
    return 1 if np.dot(w_aug, x_aug) >= 0 else 0


@THIRTEENTH.mistake("perceptron", "gates", truth=("unnamed",),
                    source="AND_B, OR_B = -0.5, -1.5: the two biases unpacked in each other's order, so "
                           "AND computes OR and OR computes AND (tuple unpacking order; written blind)")
def gates_biases_unpacked_swapped():
    AND_W = np.array([1.0, 1.0])
    OR_W = np.array([1.0, 1.0])
    AND_B, OR_B = -0.5, -1.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@THIRTEENTH.mistake("perceptron", "gates", truth=("unnamed",),
                    source="AND_W normalised to [0.5, 0.5] 'so the weights sum to one' while AND_B stays "
                           "-1.5: even (1, 1) gives -0.5, so AND never fires (written blind)")
def gates_and_weights_normalised():
    AND_W = np.array([1.0, 1.0]) / 2
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@THIRTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                    source="errors.append(n_wrong) dedented out of the loop over epochs: the list holds "
                           "one count, the last epoch's, where one per epoch is asked (written blind)")
def train_perceptron_errors_after_loop(X, y, lr=1.0, epochs=20):
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


@THIRTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                    source="w = w + lr * step * x_i where step already holds lr * (y - prediction): the "
                           "learning rate applied twice to the weights, once to the bias (only for lr != "
                           "1; written blind)")
def train_perceptron_lr_twice(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w = w + lr * step * x_i
                b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@THIRTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                    source="n_wrong += abs(step): the size of each update counted where the number of "
                           "updated points is asked, lr per mistake (only for lr != 1; written blind)")
def train_perceptron_counts_step_size(X, y, lr=1.0, epochs=20):
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
                n_wrong += abs(step)
        errors.append(n_wrong)
    return w, b, errors


@THIRTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                    source="the weights kept in a mutable default argument state={} and updated in place: "
                           "the first call is right, a second call starts from the first call's weights "
                           "and bias (only from the second call; written blind)")
def train_perceptron_state_default(X, y, lr=1.0, epochs=20, state={}):  # noqa: B006
    X = np.asarray(X, dtype=np.float64)
    w = state.setdefault("w", np.zeros(X.shape[1]))
    b = state.get("b", 0.0)
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for i in range(len(X)):
            err = y[i] - perceptron(X[i], w, b)
            if err != 0:
                w += lr * err * X[i]
                b += lr * err
                n_wrong += 1
        errors.append(n_wrong)
    state["b"] = b
    return w.copy(), b, errors


@THIRTEENTH.mistake("perceptron", "train_perceptron", truth=("unnamed",),
                    source="np.zeros(X.shape[1]) on X as given: a nested Python list (the truth table "
                           "typed by hand) has no .shape, AttributeError (only on list inputs; written "
                           "blind)")
def train_perceptron_list_has_no_shape(X, y, lr=1.0, epochs=20):
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            x_i = np.asarray(x_i, dtype=np.float64)
            err = y_i - perceptron(x_i, w, b)
            if err != 0:
                w = w + lr * err * x_i
                b = b + lr * err
                wrong += 1
        errors.append(wrong)
    return w, b, errors


@THIRTEENTH.mistake("perceptron", "xor", truth=("unnamed",),
                    source="the NAND unit fed the complemented inputs 1 - x 'to negate it': NAND(not a, "
                           "not b) is OR(a, b), so the network computes AND(OR, OR) = OR and (1, 1) gives "
                           "1 (written blind)")
def xor_nand_of_complement(x):
    x = np.asarray(x)
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(1 - x, NAND_W, NAND_B)])
    return perceptron(hidden, AND_W, AND_B)


@THIRTEENTH.mistake("perceptron", "xor", truth=("unnamed",),
                    source="the four-NAND XOR, NAND(NAND(a, n), NAND(b, n)) with n = NAND(a, b), typed "
                           "with a in both inner gates: the result is a AND NOT b, so (0, 1) gives 0 (the "
                           "construction of math.stackexchange 'construct XOR gate using only 4 NAND "
                           "gates', one letter copied)")
def xor_four_nand_copy_slip(x):
    a, b = x[0], x[1]

    def nand(p, q):
        return perceptron(np.array([p, q]), NAND_W, NAND_B)

    n = nand(a, b)
    return nand(nand(a, n), nand(a, n))


@THIRTEENTH.alternative("perceptron", "perceptron")
def perceptron_loop_sum(x, w, b):
    total = b
    for w_i, x_i in zip(w, x, strict=True):
        total += w_i * x_i
    return int(total >= 0)


@THIRTEENTH.alternative("perceptron", "gates")
def gates_doubled():
    AND_W = np.array([2.0, 2.0])
    AND_B = -3.0
    OR_W = np.array([2.0, 2.0])
    OR_B = -1.0
    NAND_W = np.array([-2.0, -2.0])
    NAND_B = 3.0
    return locals()


@THIRTEENTH.alternative("perceptron", "gates")
def gates_nand_negates_and():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W, NAND_B = -AND_W, -AND_B
    return locals()


@THIRTEENTH.alternative("perceptron", "xor")
def xor_or_minus_and(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, AND_W, AND_B)])
    return perceptron(hidden, np.array([1.0, -1.0]), -0.5)


# ---------------------------------------------------------------- 02 activations

@THIRTEENTH.mistake("activations", "sigmoid", truth=("unnamed",),
                    source="the stable two-branch np.where returned without [()]: right values, but a "
                           "scalar input gives a 0-d array where a float64 scalar is asked (only on scalar "
                           "inputs; written blind)")
def sigmoid_no_scalar_unwrap(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@THIRTEENTH.mistake("activations", "sigmoid", truth=("unnamed",),
                    source="x clipped to [-10, 10] before 1 / (1 + e^-x) 'because the sigmoid is flat out "
                           "there': sigmoid(12) comes back as sigmoid(10), off by 4e-5 (only on large "
                           "magnitudes; written blind)")
def sigmoid_clipped_at_ten(x):
    x = np.clip(np.asarray(x, dtype=np.float64), -10.0, 10.0)
    return (1.0 / (1.0 + np.exp(-x)))[()]


@THIRTEENTH.mistake("activations", "sigmoid_grad", truth=("unnamed",),
                    source="from sigmoid(x) = (1 + tanh(x / 2)) / 2, the derivative written 0.5 * (1 - "
                           "tanh(x / 2)^2): the inner 1/2 of the chain rule dropped, twice the true slope "
                           "(written blind)")
def sigmoid_grad_tanh_chain_half(x):
    return 0.5 * (1.0 - tanh(np.asarray(x, dtype=np.float64) / 2.0) ** 2)


_SIGMOID_CACHE = {}


@THIRTEENTH.mistake("activations", "sigmoid_grad", truth=("unnamed",),
                    source="sigmoid(x) cached in a module dict on the first call 'to save recomputing it': "
                           "every later call reuses the first input's sigmoid whatever x is (only from the "
                           "second call; written blind)")
def sigmoid_grad_memoised(x):
    if "s" not in _SIGMOID_CACHE:
        _SIGMOID_CACHE["s"] = sigmoid(x)
    s = _SIGMOID_CACHE["s"]
    return s * (1.0 - s)


@THIRTEENTH.mistake("activations", "tanh", truth=("unnamed",),
                    source="2 * sigmoid(2x) + 1: the identity's minus one typed as plus one, outputs in "
                           "(1, 3) (written blind)")
def tanh_sigmoid_plus_one(x):
    return 2.0 * sigmoid(2.0 * np.asarray(x, dtype=np.float64)) + 1.0


@THIRTEENTH.mistake("activations", "tanh", truth=("unnamed",),
                    source="a math.tanh loop writing into out = np.empty_like(np.asarray(x)): an integer "
                           "input gives an int buffer and tanh(1) = 0.76 is stored as 0 (only on integer "
                           "inputs; written blind)")
def tanh_int_buffer_loop(x):
    arr = np.asarray(x)
    out = np.empty_like(arr)
    for i, v in enumerate(arr.flat):
        out.flat[i] = math.tanh(v)
    return out[()]


@THIRTEENTH.mistake("activations", "tanh_grad", truth=("unnamed",),
                    source="np.where(|x| > 5, 0, 1 - tanh(x)^2) 'since tanh is saturated there': the slope "
                           "1.8e-4 at x = 5 and beyond set to 0 (only on large magnitudes; written blind)")
def tanh_grad_saturation_cutoff(x):
    x = np.asarray(x, dtype=np.float64)
    return np.where(np.abs(x) > 5.0, 0.0, 1.0 - np.tanh(x) ** 2)[()]


@THIRTEENTH.mistake("activations", "relu", truth=("unnamed",),
                    source="np.vectorize(lambda v: max(0, v)): vectorize takes its output dtype from the "
                           "first element, and max(0, -0.5) is the int 0, so every output is truncated to "
                           "an integer (only when the first entry is not positive; "
                           "github.com/numpy/numpy/issues/14936 and /18239 'np.vectorize interaction with "
                           "max infers wrong otype')")
def relu_vectorize_max(x):
    return np.vectorize(lambda v: max(0, v))(x)


@THIRTEENTH.mistake("activations", "relu", truth=("unnamed",),
                    source="ReLU6, min(max(0, x), 6), for the ReLU: outputs capped at 6 (only for x > 6; "
                           "tf.nn.relu6 'Computes Rectified Linear 6: min(max(features, 0), 6)', "
                           "tensorflow.org/api_docs/python/tf/nn/relu6)")
def relu_capped_at_six(x):
    return np.minimum(np.maximum(0.0, np.asarray(x, dtype=np.float64)), 6.0)[()]


@THIRTEENTH.mistake("activations", "relu_grad", truth=("unnamed",),
                    source="np.asarray(x, dtype=int) > 0, the dtype copied from the perceptron's labels: "
                           "inputs in (0, 1) are truncated to 0 and get slope 0 (only on inputs in (0, 1); "
                           "written blind)")
def relu_grad_int_cast(x):
    return (np.asarray(x, dtype=np.int64) > 0).astype(np.float64)[()]


@THIRTEENTH.mistake("activations", "leaky_relu", truth=("unnamed",),
                    source="np.maximum(alpha * x, x): equal to the leaky ReLU only for 0 <= alpha <= 1, "
                           "for alpha > 1 the negative side keeps x and the positive side gets alpha * x "
                           "(github.com/tensorflow/tensorflow/issues/24566 'leaky_relu - buggy when alpha "
                           "> 1 or alpha < 0')")
def leaky_relu_max_form(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(alpha * x, x)[()]


@THIRTEENTH.mistake("activations", "leaky_relu", truth=("unnamed",),
                    source="def leaky_relu(x, alpha=0.2): TensorFlow's default slope typed into the "
                           "signature, so a call without alpha uses 0.2 where the notebook's default is "
                           "0.1 (tf.nn.leaky_relu(features, alpha=0.2), "
                           "tensorflow.org/api_docs/python/tf/nn/leaky_relu)")
def leaky_relu_tf_default(x, alpha=0.2):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, x, alpha * x)[()]


@THIRTEENTH.mistake("activations", "leaky_relu", truth=("unnamed",),
                    source="np.where(x >= 0, x, alpha) * x: the * x meant for the negative branch put "
                           "after the call, so positive inputs come out squared (written blind)")
def leaky_relu_where_times_x(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return (np.where(x >= 0, x, alpha) * x)[()]


@THIRTEENTH.mistake("activations", "leaky_relu_grad", truth=("unnamed",),
                    source="relu_grad(x) + alpha * (1 - relu_grad(x)), built on the student's ReLU slope, "
                           "which picks 0 at the kink: at x = 0 the leaky slope comes out alpha where the "
                           "lesson's is 1 (only at x = 0; written blind)")
def leaky_relu_grad_from_relu_grad(x, alpha=0.1):
    r = relu_grad(x)
    return r + alpha * (1.0 - r)


@THIRTEENTH.alternative("activations", "sigmoid")
def sigmoid_logaddexp(x):
    return np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=np.float64)))[()]


@THIRTEENTH.alternative("activations", "sigmoid_grad")
def sigmoid_grad_mirror(x):
    x = np.asarray(x, dtype=np.float64)
    return sigmoid(x) * sigmoid(-x)


@THIRTEENTH.alternative("activations", "tanh_grad")
def tanh_grad_from_sigmoid_grad(x):
    return 4.0 * sigmoid_grad(2.0 * np.asarray(x, dtype=np.float64))


@THIRTEENTH.alternative("activations", "relu_grad")
def relu_grad_heaviside(x):
    return np.heaviside(np.asarray(x, dtype=np.float64), 0.0)[()]


@THIRTEENTH.alternative("activations", "leaky_relu")
def leaky_relu_two_relus(x, alpha=0.1):
    return relu(x) - alpha * relu(-np.asarray(x, dtype=np.float64))


@THIRTEENTH.alternative("activations", "leaky_relu_grad")
def leaky_relu_grad_power(x, alpha=0.1):
    return np.power(float(alpha), (np.asarray(x, dtype=np.float64) < 0).astype(np.float64))[()]


# ---------------------------------------------------------------- 03 losses

@THIRTEENTH.mistake("losses", "binary_cross_entropy", truth=("unnamed",),
                    source="def binary_cross_entropy(y, y_hat, eps=1e-7): Keras' fuzz factor typed as the "
                           "default, so a confident wrong prediction costs -log(1e-7) = 16.1 where the "
                           "notebook's eps gives 20.7 (only where the clip acts; keras.config.epsilon() "
                           "1e-07, tensorflow.org/api_docs/python/tf/keras/backend/set_epsilon)")
def binary_cross_entropy_keras_eps(y, y_hat, eps=1e-7):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


@THIRTEENTH.mistake("losses", "binary_cross_entropy", truth=("unnamed",),
                    source="np.log(y_hat + eps) for the positive term and no guard on log(1 - y_hat): a "
                           "prediction of exactly 1 for a label 0 gives log(0) = -inf, an infinite loss "
                           "(only at y_hat = 1; eps added inside one log as in "
                           "github.com/maxvfischer/keras-image-segmentation-loss-functions/pull/1 'Loss "
                           "going NaN because of log(0)')")
def binary_cross_entropy_eps_in_one_log(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.asarray(y_hat, dtype=np.float64).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-np.mean(y * np.log(p + eps) + (1.0 - y) * np.log(1.0 - p)))


@THIRTEENTH.mistake("losses", "binary_cross_entropy", truth=("unnamed",),
                    source="no clip, the infinities 'cleaned up' with np.nan_to_num: a confident wrong "
                           "prediction's -inf becomes -1.8e308, so the loss is astronomically large where "
                           "the clipped loss gives 20.7 / N (only at y_hat = 0 or 1; written blind)")
def binary_cross_entropy_nan_to_num(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.asarray(y_hat, dtype=np.float64).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.nan_to_num(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))
    return float(-np.mean(terms))


@THIRTEENTH.mistake("losses", "binary_cross_entropy_grad", truth=("unnamed",),
                    source="eps added to the denominator instead of clipping, (y_hat - y) / (y_hat (1 - "
                           "y_hat) + eps) / N: a right prediction of exactly 0 gets slope 0 where the "
                           "clipped formula gives 1 / N (only at y_hat = 0 or 1; written blind)")
def binary_cross_entropy_grad_eps_denominator(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return (y_hat - y) / (y_hat * (1.0 - y_hat) + eps) / y_hat.size


@THIRTEENTH.mistake("losses", "binary_cross_entropy_grad", truth=("unnamed",),
                    source="the gradient computed on the raw y_hat and then clipped to [-1/eps, 1/eps]: "
                           "clipping the result does not undo 0 / 0, so a right prediction of exactly 0 or "
                           "1 gives nan (only at y_hat = 0 or 1; written blind)")
def binary_cross_entropy_grad_clips_result(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        grad = (y_hat - y) / (y_hat * (1.0 - y_hat)) / y_hat.size
    return np.clip(grad, -1.0 / eps, 1.0 / eps)


@THIRTEENTH.mistake("losses", "softmax", truth=("unnamed",),
                    source="each row's minimum subtracted for stability where its maximum belongs: exp() "
                           "still overflows once a row spans more than about 709, inf / inf = nan (only on "
                           "rows with a large spread; written blind)")
def softmax_shift_by_min(z):
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z - z.min(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)


@THIRTEENTH.mistake("losses", "softmax", truth=("unnamed",),
                    source="e / e.max(axis=-1, keepdims=True): the max of the stability line copied into "
                           "the normalisation, so the largest entry of each row is 1 and the rows do not "
                           "sum to 1 (written blind)")
def softmax_normalised_by_max(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.max(axis=-1, keepdims=True)


@THIRTEENTH.mistake("losses", "categorical_cross_entropy", truth=("unnamed",),
                    source="a loop 'for i in range(len(Y))' summing each row's -y . log p, then total / i: "
                           "the loop variable ends at N - 1, so the mean divides by one fewer (and N = 1 "
                           "divides by zero) (written blind)")
def categorical_cross_entropy_divides_by_last_index(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    total = 0.0
    i = 0
    for i in range(len(Y)):
        total += -np.dot(Y[i], np.log(P[i]))
    return float(total / i)


@THIRTEENTH.mistake("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
                    source="CS231n's dscores[range(N), y] -= 1 written as P[labels] -= 1: the labels index "
                           "rows, so whole rows lose 1 and the true classes are never touched (written "
                           "blind)")
def softmax_cross_entropy_grad_labels_as_rows(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    P = softmax(Z)
    labels = np.asarray(Y).argmax(axis=1)
    P[labels] -= 1.0
    return P / Z.shape[0]


@THIRTEENTH.mistake("losses", "softmax_cross_entropy_grad", truth=("unnamed",),
                    source="(softmax(Z) - Y) * (1 // N): the 1/N written with floor division, 0 for any "
                           "batch of two or more (right only for N = 1; written blind)")
def softmax_cross_entropy_grad_floor_div(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return (softmax(Z) - np.asarray(Y, dtype=np.float64)) * (1 // Z.shape[0])


@THIRTEENTH.mistake("losses", "mse", truth=("unnamed",),
                    source="np.mean((y - y_hat) ** 2, axis=0) on arrays shaped alike: a (N,) pair gives a "
                           "scalar, but (N, 1) columns give a (1,) array where a float is asked (only on "
                           "column inputs; written blind)")
def mse_mean_axis_zero(y, y_hat):
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64).reshape(y.shape)
    return np.mean((y - y_hat) ** 2, axis=0)


@THIRTEENTH.mistake("losses", "mse", truth=("unnamed",),
                    source="np.dot(r, r) / len(r) for the residual r: right for (N,) vectors, 'objects are "
                           "not aligned' for (N, 1) columns (only on column inputs; "
                           "stackoverflow.com/questions/15680593 'np.dot(b, b) ... ValueError: objects are "
                           "not aligned')")
def mse_dot_of_residual(y, y_hat):
    y = np.asarray(y, dtype=np.float64)
    r = y - np.asarray(y_hat, dtype=np.float64).reshape(y.shape)
    return float(np.dot(r, r) / len(r))


@THIRTEENTH.mistake("losses", "mse", truth=("unnamed",),
                    source="np.mean(y ** 2 - y_hat ** 2): the square of the difference expanded as the "
                           "difference of the squares, which can be negative and is 0 for y_hat = -y "
                           "(written blind)")
def mse_difference_of_squares(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.mean(y ** 2 - y_hat ** 2))


@THIRTEENTH.mistake("losses", "mse_grad", truth=("unnamed",),
                    source="2 * (y_hat - y) / len(y_hat): len counts rows, so a (N, K) prediction with K > "
                           "1 is divided by N where its N * K entries belong (only on 2-D inputs with "
                           "several columns; written blind)")
def mse_grad_len_for_size(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return 2.0 * (y_hat - y) / len(y_hat)


@THIRTEENTH.mistake("losses", "mse_grad", truth=("unnamed",),
                    source="a numerical gradient from the student's mse that nudges every entry of y_hat "
                           "at once: the central difference gives one number, the sum of all the partial "
                           "derivatives, broadcast to every entry (written blind)")
def mse_grad_nudges_all_at_once(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    h = 1e-6
    slope = (mse(y, y_hat + h) - mse(y, y_hat - h)) / (2 * h)
    return slope * np.ones_like(y_hat)


@THIRTEENTH.alternative("losses", "binary_cross_entropy")
def binary_cross_entropy_two_means(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p)) - np.mean((1.0 - y) * np.log1p(-p)))


@THIRTEENTH.alternative("losses", "binary_cross_entropy_grad")
def binary_cross_entropy_grad_two_terms(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return ((1.0 - y) / (1.0 - p) - y / p) / y_hat.size


@THIRTEENTH.alternative("losses", "softmax")
def softmax_logsumexp(z):
    z = np.asarray(z, dtype=np.float64)
    m = z.max(axis=-1, keepdims=True)
    lse = m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    return np.exp(z - lse)


@THIRTEENTH.alternative("losses", "categorical_cross_entropy")
def categorical_cross_entropy_true_class(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.asarray(P, dtype=np.float64)
    picked = P[np.arange(len(Y)), Y.argmax(axis=1)]
    return float(-np.mean(np.log(np.clip(picked, eps, 1.0))))


@THIRTEENTH.alternative("losses", "softmax_cross_entropy_grad")
def softmax_cross_entropy_grad_cs231n(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    dZ = softmax(Z)
    dZ[np.arange(len(Z)), np.asarray(Y).argmax(axis=1)] -= 1.0
    return dZ / len(Z)


@THIRTEENTH.alternative("losses", "mse")
def mse_norm_squared(y, y_hat):
    r = np.asarray(y, dtype=np.float64).ravel() - np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.linalg.norm(r) ** 2 / r.size)


# ---------------------------------------------------------------- 04 forward pass

@THIRTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                    source="every weight initialised to zero, the 'best guess in expectation': every "
                           "hidden unit computes the same output and gets the same gradient, and with ReLU "
                           "nothing moves ('Pitfall: all zero initialization', "
                           "cs231n.github.io/neural-networks-2)")
def init_params_all_zero(n_in, n_hidden, n_out=1, seed=0):
    return {"W1": np.zeros((n_hidden, n_in)), "b1": np.zeros(n_hidden),
            "W2": np.zeros((n_out, n_hidden)), "b2": np.zeros(n_out)}


@THIRTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                    source="np.random.default_rng(seed or None): 0 is falsy, so the default seed 0 becomes "
                           "None and draws fresh entropy, other weights on every call (only for seed 0; "
                           "github.com/bcollazo/catanatron/pull/254 'honor seed=0 by checking if seed is "
                           "none instead of using or operator')")
def init_params_seed_or_none(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed or None)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


_RNGS = {}


@THIRTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                    source="one generator per seed created once and kept in a module-level dict: the first "
                           "call is right, a second call with the same seed continues the stream and gets "
                           "other weights (only from the second call; a single module-level default_rng as "
                           "in github.com/CAREamics/careamics/pull/67 'Global RNG generator')")
def init_params_module_rng(n_in, n_hidden, n_out=1, seed=0):
    if seed not in _RNGS:
        _RNGS[seed] = np.random.default_rng(seed)
    rng = _RNGS[seed]
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@THIRTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                    source="np.random.RandomState(seed).normal(...): the legacy Mersenne-Twister generator "
                           "where default_rng(seed) (PCG64) is asked, the right spread but other numbers "
                           "(numpy's compatibility notes on RandomState vs Generator, "
                           "runebook.dev/en/docs/numpy/reference/random/compatibility)")
def init_params_random_state(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.RandomState(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@THIRTEENTH.mistake("forward_pass", "init_params", truth=("unnamed",),
                    source="b1 = rng.normal(0.0, 0.0, n_hidden), 'a normal with zero spread' drawn between "
                           "W1 and W2: the biases are zero but the draw advances the generator, so W2 gets "
                           "other numbers (written blind)")
def init_params_zero_spread_bias_draw(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in))
    b1 = rng.normal(0.0, 0.0, n_hidden)
    W2 = rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": np.zeros(n_out)}


@THIRTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                    source="the column-per-example layout W1 @ X.T + b1[:, None] kept in the cache: y_hat "
                           "is right, but z1 and a1 are (H, N) and z2 is (1, N) where (N, H) and (N, 1) "
                           "are asked (written blind)")
def forward_column_cache(X, params):
    z1 = params["W1"] @ X.T + params["b1"][:, None]
    a1 = relu(z1)
    z2 = params["W2"] @ a1 + params["b2"][:, None]
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@THIRTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                    source="the hidden layer's activation taken from notebook 2's list one line too low, "
                           "leaky_relu(z1) where the lesson's is ReLU: negative pre-activations leak "
                           "through (written blind)")
def forward_leaky_hidden(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = leaky_relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@THIRTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                    source="the output written inline as np.exp(z2) / (1 + np.exp(z2)): right for ordinary "
                           "logits, inf / inf = nan once z2 passes about 709 (only on large magnitudes; "
                           "written blind)")
def forward_inline_sigmoid_overflow(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    with np.errstate(over="ignore", invalid="ignore"):
        y_hat = (np.exp(z2) / (1.0 + np.exp(z2))).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@THIRTEENTH.mistake("forward_pass", "forward", truth=("unnamed",),
                    source="relu(X) @ W1.T + b1: the ReLU put on the inputs as well, so negative input "
                           "features (half the spiral's coordinates) are zeroed before the first layer "
                           "(written blind)")
def forward_relu_on_inputs(X, params):
    z1 = relu(X) @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@THIRTEENTH.alternative("forward_pass", "init_params")
def init_params_standard_normal_scaled(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_hidden, n_in)) * np.sqrt(2.0 / n_in)
    W2 = rng.standard_normal((n_out, n_hidden)) * np.sqrt(2.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@THIRTEENTH.alternative("forward_pass", "forward")
def forward_row_loop(X, params):
    rows_z1, rows_a1, rows_z2 = [], [], []
    for x in X:
        z1 = params["W1"] @ x + params["b1"]
        a1 = np.maximum(z1, 0.0)
        rows_z1.append(z1)
        rows_a1.append(a1)
        rows_z2.append(params["W2"] @ a1 + params["b2"])
    z2 = np.array(rows_z2)
    return sigmoid(z2[:, 0]), {"z1": np.array(rows_z1), "a1": np.array(rows_a1), "z2": z2}


# ---------------------------------------------------------------- 05 backprop

@THIRTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                    source="the ReLU mask taken as z1 >= 0: slope 1 at the kink, where the lesson picks 0, "
                           "so a hidden unit sitting exactly at 0 passes gradient (only where some z1 is "
                           "exactly 0, e.g. a point at the origin with zero biases; written blind)")
def backward_mask_at_kink(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] >= 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@THIRTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                    source="dz2 built by the chain rule from the student's own functions, "
                           "binary_cross_entropy_grad(y, y_hat) * sigmoid_grad(z2): equal to (y_hat - y) / "
                           "N in the middle, but the gradient's clip breaks the cancellation once |z2| > "
                           "20.7 (only on large logits; written blind)")
def backward_chain_through_clipped_grad(X, y, params, cache):
    z2 = cache["z2"]
    y_hat = sigmoid(z2)
    dz2 = binary_cross_entropy_grad(np.asarray(y, dtype=np.float64).reshape(-1, 1), y_hat) * sigmoid_grad(z2)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@THIRTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                    source="y = y[:, None] to make the labels a column: right for a (N,) y, but a (N, 1) y "
                           "becomes (N, 1, 1) and sigmoid(z2) - y broadcasts to (N, N, 1) (only on column "
                           "labels; written blind)")
def backward_newaxis_on_any_y(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64)[:, None]
    dz2 = (sigmoid(cache["z2"]) - y) / n
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@THIRTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                    source="the output error kept as a (N,) vector, sigmoid(z2).ravel() - y.ravel(): the "
                           "hidden gradients come out right through np.outer, but dW2 is (H,) and db2 a "
                           "0-d scalar where (1, H) and (1,) are asked (written blind)")
def backward_output_error_as_vector(X, y, params, cache):
    n = X.shape[0]
    dz2 = (sigmoid(cache["z2"]).ravel() - np.asarray(y, dtype=np.float64).ravel()) / n
    dW2 = dz2 @ cache["a1"]
    db2 = dz2.sum()
    dz1 = np.outer(dz2, params["W2"][0]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dW2, "db2": db2}


@THIRTEENTH.mistake("backprop", "backward", truth=("unnamed",),
                    source="(sigmoid(z2) - y) // n: floor division typed for the mean's 1/N, so each "
                           "output error in (-1, 1) is rounded down to -1 or 0 (written blind)")
def backward_floor_division(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) // n
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@THIRTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                    source="each gradient clipped to [-1, 1] 'against exploding gradients' before the "
                           "step: unchanged for small gradients, capped for large ones (only where |g| > "
                           "1; the elementwise clip of torch.nn.utils.clip_grad_value_, docs.pytorch.org)")
def sgd_step_clips_gradients(params, grads, lr):
    return {name: p - lr * np.clip(grads["d" + name], -1.0, 1.0) for name, p in params.items()}


@THIRTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                    source="p - lr * (g + 5e-4 * p): the weight decay of the usual SGD recipes added to "
                           "every step, biases included, where the plain p - lr * dp is asked (written "
                           "blind)")
def sgd_step_weight_decay(params, grads, lr):
    return {name: p - lr * (grads["d" + name] + 5e-4 * p) for name, p in params.items()}


@THIRTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                    source="'if not np.any(g): continue' to skip parameters with nothing to learn: a "
                           "gradient that is exactly zero (a dead unit's, or db at a symmetric point) "
                           "drops its parameter from the returned dict (only for an all-zero gradient; "
                           "written blind)")
def sgd_step_skips_zero_gradients(params, grads, lr):
    new = {}
    for name, p in params.items():
        g = grads["d" + name]
        if not np.any(g):
            continue
        new[name] = p - lr * g
    return new


@THIRTEENTH.mistake("backprop", "sgd_step", truth=("unnamed",),
                    source="return ((name, p - lr * g) for ...): the dict() around the generator "
                           "forgotten, so a generator of pairs comes back where a dict keyed like params "
                           "is asked (written blind)")
def sgd_step_returns_generator(params, grads, lr):
    return ((name, p - lr * grads["d" + name]) for name, p in params.items())


@THIRTEENTH.alternative("backprop", "backward")
def backward_mask_from_activation(X, y, params, cache):
    n = len(X)
    y_col = np.asarray(y, dtype=np.float64).reshape(n, 1)
    dz2 = (sigmoid(cache["z2"]) - y_col) / n
    dz1 = (dz2 * params["W2"]) * (cache["a1"] > 0)
    return {"dW1": (X.T @ dz1).T, "db1": np.sum(dz1, axis=0), "dW2": (cache["a1"].T @ dz2).T,
            "db2": np.sum(dz2, axis=0)}


@THIRTEENTH.alternative("backprop", "backward")
def backward_example_loop(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).ravel()
    grads = {"dW1": np.zeros_like(params["W1"]), "db1": np.zeros_like(params["b1"]),
             "dW2": np.zeros_like(params["W2"]), "db2": np.zeros_like(params["b2"])}
    for i in range(n):
        err = (sigmoid(cache["z2"][i]) - y[i]) / n
        grads["dW2"] += np.outer(err, cache["a1"][i])
        grads["db2"] += err
        dz1 = (params["W2"].T @ err) * (cache["z1"][i] > 0)
        grads["dW1"] += np.outer(dz1, X[i])
        grads["db1"] += dz1
    return grads


@THIRTEENTH.alternative("backprop", "sgd_step")
def sgd_step_copy_then_subtract(params, grads, lr):
    new = {}
    for name in params:
        new[name] = np.array(params[name], dtype=np.float64, copy=True)
        new[name] -= lr * grads["d" + name]
    return new


# ---------------------------------------------------------------- 06 spiral training

@THIRTEENTH.mistake("training", "train_val_split", truth=("unnamed",),
                    source="n_val = int(val_fraction * N + 0.5), rounding half up, where the lesson's "
                           "round() rounds halves to even: 0.25 * 10 = 2.5 holds out 3 points, not 2 (only "
                           "on exact halves; Python 3's 'round(2.5) == 2', "
                           "pythondiscord.com/pages/tags/round)")
def train_val_split_round_half_up(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = int(val_fraction * len(X) + 0.5)
    val, tr = order[:n_val], order[n_val:]
    return X[tr], X[val], y[tr], y[val]


@THIRTEENTH.mistake("training", "train_val_split", truth=("unnamed",),
                    source="n_val = round(val_fraction * X.size): the number of entries N * D taken for "
                           "the number of points, so with D = 2 twice too many are held out (written "
                           "blind)")
def train_val_split_counts_entries(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round(val_fraction * np.asarray(X).size)
    val, tr = order[:n_val], order[n_val:]
    return X[tr], X[val], y[tr], y[val]


@THIRTEENTH.mistake("training", "predict", truth=("unnamed",),
                    source="the labels taken from the cached column, sigmoid(cache['z2']) >= threshold: "
                           "right values, but an (N, 1) array where shape (N,) is asked (written blind)")
def predict_from_cache_column(X, params, threshold=0.5):
    _, cache = forward(X, params)
    return (sigmoid(cache["z2"]) >= threshold).astype(int)


@THIRTEENTH.mistake("training", "predict", truth=("unnamed",),
                    source="int(y_hat >= threshold), written for one point: a batch of more than one "
                           "raises 'only length-1 arrays can be converted to Python scalars' (right only "
                           "for N = 1, and then an int, not an array; "
                           "akashmittal.com/only-length-1-arrays-can-be-converted-to-python-scalars)")
def predict_int_of_comparison(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return int(y_hat >= threshold)


@THIRTEENTH.mistake("training", "accuracy", truth=("unnamed",),
                    source="1 - np.mean(np.abs(y_true - y_pred)): the mean absolute error subtracted from "
                           "1, the accuracy only for 0/1 labels; for class labels 0..K-1 a label off by 2 "
                           "costs 2 (only on multi-class labels; DeepLearning.AI's 100 - mean|Y_pred - Y| "
                           "* 100 taken as a fraction; written blind)")
def accuracy_one_minus_mae(y_true, y_pred):
    y_true = np.ravel(y_true).astype(np.float64)
    y_pred = np.ravel(y_pred).astype(np.float64)
    return float(1.0 - np.mean(np.abs(y_true - y_pred)))


@THIRTEENTH.mistake("training", "accuracy", truth=("unnamed",),
                    source="sum(a == b for a, b in zip(y_true, y_pred)) / len(y_true) without flattening: "
                           "for a (N, 1) y_true each a is a one-element row, so the result is a (1,) "
                           "array, not a float (only on column inputs; written blind)")
def accuracy_zip_unflattened(y_true, y_pred):
    return sum(a == b for a, b in zip(y_true, y_pred, strict=True)) / len(y_true)


@THIRTEENTH.mistake("training", "train", truth=("unnamed",),
                    source="early stopping with no patience, 'if val_loss rose: break': the run stops at "
                           "the first uptick of the validation loss and the history is shorter than epochs "
                           "(only when val_loss rises; the patience=0 default of "
                           "keras.io/api/callbacks/early_stopping)")
def train_stops_at_first_uptick(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        if len(history["val_loss"]) > 1 and history["val_loss"][-1] > history["val_loss"][-2]:
            break
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@THIRTEENTH.mistake("training", "train", truth=("unnamed",),
                    source="the parameters of the epoch with the lowest validation loss kept and returned, "
                           "where the final parameters are asked (only when val_loss rises at some point; "
                           "Keras' restore_best_weights, keras.io/api/callbacks/early_stopping)")
def train_returns_best_params(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    best_loss, best_params = np.inf, params
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        val_loss = binary_cross_entropy(y_val, y_hat_val)
        if val_loss < best_loss:
            best_loss, best_params = val_loss, params
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(val_loss)
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return best_params, history


@THIRTEENTH.mistake("training", "grid_search", truth=("unnamed",),
                    source="the best epoch taken as the last index where val_loss equals its minimum: on a "
                           "plateau (lr = 0, or a loss that stops moving) the latest tied epoch is "
                           "reported, where np.argmin's first occurrence is asked (only on ties; numpy.org "
                           "argmin 'In case of multiple occurrences ... the first occurrence are "
                           "returned')")
def grid_search_last_tied_minimum(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            lowest = min(history["val_loss"])
            best = [k for k, v in enumerate(history["val_loss"]) if v == lowest][-1]
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@THIRTEENTH.mistake("training", "grid_search", truth=("unnamed",),
                    source="the pairs from itertools.product(hiddens, lrs) placed at row k // "
                           "len(hiddens), column k % len(hiddens): the divisor should be len(lrs), so the "
                           "tables are scrambled (or raise) whenever H != R (only when H != R; written "
                           "blind)")
def grid_search_product_index(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for k, (hidden, lr) in enumerate(itertools.product(hiddens, lrs)):
        i, j = k // len(hiddens), k % len(hiddens)
        _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
        best = int(np.argmin(history["val_loss"]))
        val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
        best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@THIRTEENTH.mistake("training", "hyperparameters", truth=("unnamed",),
                    source="EPOCHS = '849': the searched values pasted from a printed table with their "
                           "quotes, so range(EPOCHS) raises 'str object cannot be interpreted as an "
                           "integer' (written blind)")
def hyperparameters_epochs_string():
    HIDDEN = 64
    LR = 3.0
    EPOCHS = "849"
    return locals()


@THIRTEENTH.mistake("training", "hyperparameters", truth=("unnamed",),
                    source="LR = 3e-3 typed for 3e0: the exponent of the searched rate off by three, so "
                           "849 full-batch steps barely leave the initialisation (written blind)")
def hyperparameters_lr_exponent():
    HIDDEN = 64
    LR = 3e-3
    EPOCHS = 849
    return locals()


@THIRTEENTH.mistake("training", "iterate_minibatches", truth=("unnamed",),
                    source="the last batch filled up to batch_size by wrapping round to the first shuffled "
                           "points, np.take(order, ..., mode='wrap'): some points come twice in the epoch "
                           "and the last batch is not the N % batch_size left over (only when batch_size "
                           "does not divide N; 'batch wrapping at epoch boundaries', "
                           "github.com/mlcommons/training_policies/issues/93)")
def iterate_minibatches_wrap_last(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = np.take(order, np.arange(start, start + batch_size), mode="wrap")
        yield X[batch], y[batch]


@THIRTEENTH.mistake("training", "iterate_minibatches", truth=("unnamed",),
                    source="the batch indices drawn with rng.integers(0, N, size=N), with replacement: "
                           "some points repeat in the epoch and others are never yielded (the random_batch "
                           "of github.com/ageron/handson-ml2/issues/458, np.random.randint(len(X), "
                           "size=batch_size))")
def iterate_minibatches_with_replacement(X, y, batch_size, rng):
    order = rng.integers(0, len(X), size=len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


_ORDERS = {}


@THIRTEENTH.mistake("training", "iterate_minibatches", truth=("unnamed",),
                    source="the shuffled order computed on the first call and kept for the data's length: "
                           "the first epoch is right, every later epoch repeats its order and rng is never "
                           "advanced again (only from the second epoch; indices generated once outside the "
                           "epoch loop, github.com/leggedrobotics/rsl_rl/issues/26)")
def iterate_minibatches_order_cached(X, y, batch_size, rng):
    if len(X) not in _ORDERS:
        _ORDERS[len(X)] = rng.permutation(len(X))
    order = _ORDERS[len(X)]
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


@THIRTEENTH.alternative("training", "train_val_split")
def train_val_split_shuffle_in_place(X, y, val_fraction=0.2, seed=0):
    idx = np.arange(len(X))
    np.random.default_rng(seed).shuffle(idx)
    n_val = round(val_fraction * len(X))
    return X[idx[n_val:]], X[idx[:n_val]], y[idx[n_val:]], y[idx[:n_val]]


@THIRTEENTH.alternative("training", "predict")
def predict_where(X, params, threshold=0.5):
    y_hat = forward(X, params)[0]
    return np.where(y_hat >= threshold, 1, 0)


@THIRTEENTH.alternative("training", "accuracy")
def accuracy_count_nonzero(y_true, y_pred):
    y_true, y_pred = np.ravel(y_true), np.ravel(y_pred)
    return np.count_nonzero(y_true == y_pred) / y_true.size


@THIRTEENTH.alternative("training", "train")
def train_with_predict(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, seed=seed)
    history = {key: [] for key in ("loss", "val_loss", "acc", "val_acc")}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, forward(X_val, params)[0]))
        history["acc"].append(accuracy(y, predict(X, params)))
        history["val_acc"].append(accuracy(y_val, predict(X_val, params)))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@THIRTEENTH.alternative("training", "iterate_minibatches")
def iterate_minibatches_shuffled_copy(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    X_shuffled, y_shuffled = X[order], y[order]
    n_batches = -(-len(X) // batch_size)
    for k in range(n_batches):
        yield X_shuffled[k * batch_size:(k + 1) * batch_size], y_shuffled[k * batch_size:(k + 1) * batch_size]


# ---------------------------------------------------------------- 07 what next

@THIRTEENTH.mistake("what_next", "init_deep_params", truth=("unnamed",),
                    source="the layers drawn from the output back, for layer in reversed(range(1, L + 1)): "
                           "the right shapes and spreads, but W_L gets the first numbers of the stream "
                           "where W1 is drawn first (only for two or more layers; written blind)")
def init_deep_params_reversed_draws(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in reversed(range(1, len(layer_sizes))):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@THIRTEENTH.mistake("what_next", "init_deep_params", truth=("unnamed",),
                    source="n_in = n_out moved above the draw in a loop that carries the fan-in along: "
                           "every W{l} comes out square (n_out, n_out) and scaled by its own size (written "
                           "blind)")
def init_deep_params_fan_in_updated_early(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    n_in = layer_sizes[0]
    for layer in range(1, len(layer_sizes)):
        n_out = layer_sizes[layer]
        n_in = n_out
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@THIRTEENTH.mistake("what_next", "forward_deep", truth=("unnamed",),
                    source="the layers walked in sorted(key for key in params if key starts with 'W'): "
                           "lexicographic order puts W10 before W2, so a network of ten or more layers is "
                           "applied out of order (only for 10+ layers; github.com/drbh/nnli/pull/1 "
                           "'layer.10 sorted before layer.2')")
def forward_deep_sorted_keys(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    names = sorted(k for k in params if k.startswith("W"))
    cache = {}
    a = X
    for i, name in enumerate(names, start=1):
        z = a @ params[name].T + params["b" + name[1:]]
        cache[f"z{i}"] = z
        if i < len(names):
            a = act(z)
            cache[f"a{i}"] = a
    return sigmoid(cache[f"z{len(names)}"]).ravel(), cache


@THIRTEENTH.mistake("what_next", "forward_deep", truth=("unnamed",),
                    source="np.maximum(z, 0, out=z) for the ReLU 'to save memory' after z is cached: the "
                           "cached pre-activations lose their negative entries (y_hat is right; only ReLU "
                           "runs; written blind)")
def forward_deep_relu_in_place(X, params, activation="relu"):
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer < L:
            a = np.maximum(z, 0.0, out=z) if activation == "relu" else sigmoid(z)
            cache[f"a{layer}"] = a
    return sigmoid(cache[f"z{L}"]).ravel(), cache


@THIRTEENTH.mistake("what_next", "backward_deep", truth=("unnamed",),
                    source="the output error taken from the student's forward_deep(X, params) called "
                           "again, its activation left at the default 'relu': right for ReLU networks, "
                           "wrong for the sigmoid experiment (only on sigmoid runs; written blind)")
def backward_deep_recomputes_forward(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y_hat, _ = forward_deep(X, params)
    dz = (y_hat.reshape(-1, 1) - np.asarray(y, dtype=np.float64).reshape(-1, 1)) / n
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


@THIRTEENTH.mistake("what_next", "backward_deep", truth=("unnamed",),
                    source="the hidden activations collected in a list and layer l's input read as acts[l "
                           "- 2]: for layer 1 the index -1 wraps round to the last hidden activation "
                           "instead of X (Python's negative indexing; written blind)")
def backward_deep_activation_list_wraps(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    acts = [cache[f"a{layer}"] for layer in range(1, L)]
    dz = (sigmoid(cache[f"z{L}"]) - np.asarray(y, dtype=np.float64).reshape(-1, 1)) / n
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = acts[layer - 2] if acts else X
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            slope = (z > 0).astype(np.float64) if activation == "relu" else sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@THIRTEENTH.mistake("what_next", "momentum_step", truth=("unnamed",),
                    source="Nesterov's look-ahead step, p - lr * (beta * v + (1 - beta) * g) with the new "
                           "v, where the lesson's plain momentum steps p - lr * v (Nesterov momentum, "
                           "marko-kovacevic.com/blog/nesterov-momentum-in-deep-learning, after cs231n)")
def momentum_step_nesterov(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        v = beta * velocity[name] + (1.0 - beta) * g
        new_velocity[name] = v
        new_params[name] = p - lr * (beta * v + (1.0 - beta) * g)
    return new_params, new_velocity


@THIRTEENTH.mistake("what_next", "momentum_step", truth=("unnamed",),
                    source="new_velocity[name] = lr * v: the step stored as the velocity, so the first "
                           "step is right but the next call averages from a velocity lr times too small "
                           "(only from the second call, for lr != 1; written blind)")
def momentum_step_stores_step(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * grads["d" + name]
        step = lr * v
        new_params[name] = p - step
        new_velocity[name] = step
    return new_params, new_velocity


@THIRTEENTH.mistake("what_next", "adam_step", truth=("unnamed",),
                    source="the second moment stored as the running maximum, v = max(v_old, beta2 v_old + "
                           "(1 - beta2) g^2), AMSGrad's rule folded into Adam: the same until the squared "
                           "gradient falls, then the steps are too small (only from the second step, with "
                           "shrinking gradients; AMSGRAD, sony.github.io/nnabla-doc 'v_hat = max(v_hat, "
                           "v_t)')")
def adam_step_amsgrad_max(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {n: np.zeros_like(p) for n, p in params.items()},
                 "v": {n: np.zeros_like(p) for n, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = np.maximum(state["v"][name], beta2 * state["v"][name] + (1.0 - beta2) * g**2)
        new_params[name] = p - lr * (m / (1.0 - beta1**t)) / (np.sqrt(v / (1.0 - beta2**t)) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@THIRTEENTH.mistake("what_next", "adam_step", truth=("unnamed",),
                    source="the paper's 'more efficient' form, lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t) "
                           "and p - lr_t m / (sqrt(v) + eps): eps is no longer where the lesson puts it, "
                           "so steps differ for gradients near eps (only for tiny gradients; "
                           "github.com/tensorflow/tensorflow/issues/9047 'epsilon hat')")
def adam_step_epsilon_hat(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {n: np.zeros_like(p) for n, p in params.items()},
                 "v": {n: np.zeros_like(p) for n, p in params.items()}}
    t = state["t"] + 1
    lr_t = lr * np.sqrt(1.0 - beta2**t) / (1.0 - beta1**t)
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        new_params[name] = p - lr_t * m / (np.sqrt(v) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@THIRTEENTH.mistake("what_next", "adam_step", truth=("unnamed",),
                    source="AdamW's decoupled weight decay, p - lr * (m_hat / (sqrt(v_hat) + eps) + 0.01 "
                           "p), copied with PyTorch's default weight_decay = 0.01 where plain Adam is "
                           "asked (torch.optim.AdamW defaults, as listed in docs.mosaicml.com composer "
                           "DecoupledAdamW)")
def adam_step_adamw_decay(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {n: np.zeros_like(p) for n, p in params.items()},
                 "v": {n: np.zeros_like(p) for n, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        step = (m / (1.0 - beta1**t)) / (np.sqrt(v / (1.0 - beta2**t)) + eps)
        new_params[name] = p - lr * (step + 0.01 * p)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@THIRTEENTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                    source="the penalty written 0.5 * reg * (np.linalg.norm(W1) + np.linalg.norm(W2)): the "
                           "norms not squared, while the gradient keeps reg * W (only for reg > 0; written "
                           "blind)")
def softmax_classifier_loss_norm_not_squared(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.linalg.norm(params["W1"]) + np.linalg.norm(params["W2"]))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@THIRTEENTH.mistake("what_next", "softmax_classifier_loss", truth=("unnamed",),
                    source="the data loss as -mean(log(P[range(N), y])) with no clip: right for ordinary "
                           "scores, but a true class whose probability underflows to 0 gives an infinite "
                           "loss where the notebook's clipped cross-entropy gives 20.7 (only on very large "
                           "scores; written blind)")
def softmax_classifier_loss_unclipped_log(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    with np.errstate(divide="ignore"):
        data_loss = -np.mean(np.log(P[np.arange(n), y]))
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 + reg * params["W2"], "db2": dz2.sum(axis=0)}
    return float(data_loss + penalty), grads


@THIRTEENTH.mistake("what_next", "softmax_classifier_train", truth=("unnamed",),
                    source="softmax_classifier_loss(X, y, params, reg / 2): the (reg / 2) of the "
                           "docstring's penalty passed as the strength, so the function halves it again "
                           "and the weights are regularised half as much (only for reg > 0; written blind)")
def softmax_classifier_train_reg_halved(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3,
                                        seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg / 2)
        penalty = 0.25 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@THIRTEENTH.mistake("what_next", "softmax_classifier_train", truth=("unnamed",),
                    source="the penalty subtracted for the history computed after the update, from the new "
                           "weights: the recorded data loss is off by the change in the penalty (only for "
                           "reg > 0; written blind)")
def softmax_classifier_train_penalty_after_update(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300,
                                                  reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
    return params, history


@THIRTEENTH.alternative("what_next", "init_deep_params")
def init_deep_params_zip(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer, (n_in, n_out) in enumerate(itertools.pairwise(layer_sizes), start=1):
        params[f"W{layer}"] = rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@THIRTEENTH.alternative("what_next", "forward_deep")
def forward_deep_dispatch(X, params, activation="relu"):
    act = {"relu": relu, "sigmoid": sigmoid}[activation]
    n_layers = sum(1 for key in params if key.startswith("W"))
    cache = {}
    a = X
    for layer in range(1, n_layers):
        cache[f"z{layer}"] = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        a = cache[f"a{layer}"] = act(cache[f"z{layer}"])
    cache[f"z{n_layers}"] = a @ params[f"W{n_layers}"].T + params[f"b{n_layers}"]
    return sigmoid(cache[f"z{n_layers}"])[:, 0], cache


@THIRTEENTH.alternative("what_next", "backward_deep")
def backward_deep_slope_from_activations(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    dz = (sigmoid(cache[f"z{L}"]) - np.asarray(y, dtype=np.float64).reshape(-1, 1)) / len(X)
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = cache.get(f"a{layer - 1}", X) if layer > 1 else X
        grads[f"dW{layer}"] = dz.T @ a_prev
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            a = cache[f"a{layer - 1}"]
            slope = (a > 0).astype(np.float64) if activation == "relu" else a * (1.0 - a)
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@THIRTEENTH.alternative("what_next", "momentum_step")
def momentum_step_zero_scalars(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = dict.fromkeys(params, 0.0)
    new_velocity = {name: beta * velocity[name] + (1.0 - beta) * grads["d" + name] for name in params}
    return {name: params[name] - lr * new_velocity[name] for name in params}, new_velocity


@THIRTEENTH.alternative("what_next", "softmax_classifier_train")
def softmax_classifier_train_sgd_step(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        _, grads = softmax_classifier_loss(X, y, params, reg)
        history["loss"].append(softmax_classifier_loss(X, y, params)[0])
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = sgd_step(params, grads, lr)
    return params, history
