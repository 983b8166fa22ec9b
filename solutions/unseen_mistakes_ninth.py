"""A ninth set of mistakes, written blind: the untuned measurement of session 18's general fingerprints.

The second to eighth sets (``solutions.unseen_mistakes``, ``solutions.unseen_mistakes_blind``,
``solutions.unseen_mistakes_fourth``, ``solutions.unseen_mistakes_fifth``,
``solutions.unseen_mistakes_sixth``, ``solutions.unseen_mistakes_seventh``,
``solutions.unseen_mistakes_eighth``) have all been looked at while fingerprints were being
written, so their scores no longer say how the hints do on mistakes nobody prepared for.
This one's code was written on 2026-12-02 by helper H18i, working only from the student
notebooks (each blank as a student sees it), the reference solutions, the registry of
blanks, the correct answers of ``solutions.alternatives`` and public reports of the slips
(GitHub issue threads, the DeepLearning.AI community forum, Stack Overflow and similar
question-and-answer pages, tutorials), found with the library's search; without reading
the fingerprints, checks, diagnosis, hints, the catalogue or the earlier sets' entries
(their one-line ``source=`` strings only, to stay clear of duplicates), and without ever
running ``nncourse mutants`` on it. ``nncourse mutants --unseen ninth`` grades it. Once
measured, the file is frozen: it must not be edited after its first measurement; a miss
may lead to a general fingerprint, never to an edit here.

Like the eighth, it is spread over the whole course as an outside tester would write it:
every blank at least once, every notebook at least 8 mistakes and none more than a fifth
of the set, and a wide mix of kinds (formulas, signs, shapes and axes, broadcasting,
dtypes and integer division, loops and off-by-one indices, data handling, training loops,
how a blank calls the student's other functions, state carried between calls, returned
structures, mutation of inputs, numerical stability, Python pitfalls). More than a third
come from real reports; their ``source`` names the address or the thread's title.

Each mistake is the reference of its blank with one slip put in, written as a student
would write it (their names, their style); its ``source`` says the slip in plain words and
where such a slip is reported, or "written blind". Before the first commit, a throwaway
script (not kept) ran every mistake and its reference on ordinary inputs (each mistake
returned something else, or raised, or changed its input) and every entry of
``UNSEEN_NINTH_ALTERNATIVES``, a correct answer written another way that must get full
marks and no hint (each matched: np.allclose at rtol 1e-7, same shapes and dtypes, on
several inputs).

``truth`` lists the ids a right hint may carry. It was left empty in the first commit
("ninth set: code, written blind") and filled in by the second ("ninth set: labels"),
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
from solutions.training import accuracy, train
from solutions.unseen_mistakes import UnseenMistake
from solutions.unseen_mistakes_fifth import _registering  # the fifth set's; that file is frozen
from solutions.variants import Variant
from solutions.what_next import predict_classes, softmax_classifier_loss

#: the ninth set's mistakes, in teaching order
UNSEEN_NINTH: list[UnseenMistake] = []
#: correct answers written another way: full marks and no hint expected
UNSEEN_NINTH_ALTERNATIVES: list[Variant] = []


def ninth(notebook: str, blank: str, truth: tuple[str, ...], source: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a ninth-set mistake of ``blank`` (id "<blank>.ninth_<name>")."""
    return _registering(UNSEEN_NINTH, lambda fn: UnseenMistake(
        f"{blank}.ninth_{fn.__name__}", blank, notebook, fn, hint="", diagnosed=False, truth=truth,
        source=source))


def ninth_alternative(notebook: str, blank: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a correct answer of ``blank`` (id "<blank>.ninth_<name>")."""
    return _registering(UNSEEN_NINTH_ALTERNATIVES, lambda fn: Variant(f"{blank}.ninth_{fn.__name__}", blank,
                                                                      notebook, fn))


# --- Notebook 01: the perceptron ---------------------------------------------------------------

@ninth("perceptron", "perceptron", truth=("fp.threshold_shifted", "fp.flipped_term"),
       source="1 if np.dot(w, x) >= b: the threshold form w . x >= theta written with the bias "
              "itself as theta, where theta = -b, so the bias's sign is flipped (written blind)")
def threshold_form_with_bias(x, w, b):
    return 1 if np.dot(w, x) >= b else 0


@ninth("perceptron", "perceptron", truth=("fp.signed_labels",),
       source="else -1: the +1/-1 outputs of Rosenblatt's unit, np.where(net_input >= 0.0, 1, -1), "
              "where the lesson's step gives 1 and 0 (the Perceptron class of rasbt's Python "
              "Machine Learning, ch. 2; github.com/rasbt/python-machine-learning-book/issues/27)")
def plus_minus_one_outputs(x, w, b):
    net_input = np.dot(w, x) + b
    return 1 if net_input >= 0 else -1


@ninth("perceptron", "gates", truth=("fp.other_gate",),
       source="OR_B = 0.5: the bias given a plus sign, so even (0, 0) is above the line and OR "
              "fires for every input (written blind)")
def or_bias_positive():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = 0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@ninth("perceptron", "gates", truth=("fp.other_gate",),
       source="NAND_B = 0.5: OR's bias magnitude reused for NAND, so only (0, 0) fires: the unit "
              "computes NOR (written blind)")
def nand_bias_from_or():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 0.5
    return locals()


@ninth("perceptron", "train_perceptron", truth=("unnamed",),
       source="errors counted as the points the weights misclassify at the end of each epoch, "
              "not the updates made during it (the two counts confused in "
              "github.com/rasbt/python-machine-learning-book/issues/27, 'misclassifications per "
              "epochs are misleading')")
def errors_counted_after_epoch(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w = w + step * x_i
                b = b + step
        errors.append(sum(1 for x_i, y_i in zip(X, y, strict=True) if perceptron(x_i, w, b) != y_i))
    return w, b, errors


@ninth("perceptron", "train_perceptron", truth=("fp.length_factor",),
       source="errors.append(mistakes) indented into the loop over points: one entry per point "
              "visited, a running count, epochs * N entries where one per epoch is asked "
              "(written blind)")
def append_inside_point_loop(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        mistakes = 0
        for xi, target in zip(X, y, strict=True):
            update = lr * (target - perceptron(xi, w, b))
            if update != 0:
                w = w + update * xi
                b = b + update
                mistakes += 1
            errors.append(mistakes)
    return w, b, errors


@ninth("perceptron", "train_perceptron", truth=("unnamed",),
       source="if n_wrong == 0: break: training stopped at the first epoch without an update "
              "('iterate until convergence', github.com/shogun-toolbox/shogun/pull/39), so errors "
              "is shorter than epochs")
def stops_when_converged(X, y, lr=1.0, epochs=20):
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
        if n_wrong == 0:
            break
    return w, b, errors


@ninth("perceptron", "xor", truth=("fp.other_gate",),
       source="perceptron(x, AND_W, AND_B) at the output: the input x passed to the output unit "
              "where the hidden pair belongs, so the network computes AND(x) (written blind)")
def output_unit_fed_the_input(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)])  # noqa: F841
    return perceptron(x, AND_W, AND_B)


@ninth("perceptron", "xor", truth=("fp.other_gate", "fp.complement"),
       source="the output unit given NAND's weights and bias: NAND(OR, NAND) is 1 at (0, 0) and "
              "(1, 1) and 0 elsewhere, XNOR-like where XOR belongs (written blind)")
def output_unit_is_nand(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)])
    return perceptron(hidden, NAND_W, NAND_B)


@ninth_alternative("perceptron", "perceptron")
def int_of_the_comparison(x, w, b):
    return int(np.dot(w, x) + b >= 0)


@ninth_alternative("perceptron", "gates")
def udacity_quiz_weights():
    AND_W = np.array([0.5, 0.5])
    AND_B = -0.6
    OR_W = np.array([0.5, 0.5])
    OR_B = -0.25
    NAND_W = np.array([-0.5, -0.5])
    NAND_B = 0.6
    return locals()


@ninth_alternative("perceptron", "train_perceptron")
def bias_as_an_extra_weight(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    X_aug = np.hstack([X, np.ones((X.shape[0], 1))])
    w_aug = np.zeros(X_aug.shape[1])
    errors = []
    for _ in range(epochs):
        count = 0
        for x_aug, target in zip(X_aug, y, strict=True):
            step = lr * (target - perceptron(x_aug[:-1], w_aug[:-1], w_aug[-1]))
            if step != 0:
                w_aug = w_aug + step * x_aug
                count += 1
        errors.append(count)
    return w_aug[:-1].copy(), w_aug[-1], errors


@ninth_alternative("perceptron", "xor")
def or_and_not_and(x):
    not_and = 1 - perceptron(x, AND_W, AND_B)
    return perceptron(np.array([perceptron(x, OR_W, OR_B), not_and]), AND_W, AND_B)


# --- Notebook 02: activations ------------------------------------------------------------------

@ninth("activations", "sigmoid", truth=("sigmoid.naive_sigmoid",),
       source="np.exp(x) / (1 + np.exp(x)): the other form of the logistic, which overflows to "
              "inf / inf = nan for large positive x (stackoverflow.com/questions/40726490 "
              "'Overflow Error in Python's numpy.exp function')")
def exp_over_one_plus_exp(x):
    x = np.asarray(x, dtype=np.float64)
    return (np.exp(x) / (1.0 + np.exp(x)))[()]


@ninth("activations", "sigmoid", truth=("fp.in_place",),
       source="np.clip(x, -500, 500, out=x) to keep exp() from overflowing: the right values, but "
              "the caller's array is clipped in place (the clipping advice of Stack Overflow "
              "'How to avoid an overflow in numpy.exp()', stackoverflow.com/questions/47044541, "
              "written with out=)")
def clips_input_in_place(x):
    x = np.asarray(x, dtype=np.float64)
    np.clip(x, -500, 500, out=x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))[()]


@ninth("activations", "sigmoid_grad", truth=("fp.input_for_output",),
       source="sigmoid(x) * (1 - x): the output form s (1 - s) half applied, the second factor "
              "taken at the input (written blind)")
def second_factor_at_input(x):
    s = sigmoid(x)
    return s * (1.0 - np.asarray(x, dtype=np.float64))


@ninth("activations", "sigmoid_grad", truth=("sigmoid_grad.exp_form_overflows",),
       source="np.exp(-x) / (1 + np.exp(-x)) ** 2: the quotient-rule form, exact on paper but "
              "inf / inf = nan for large negative x (written blind)")
def quotient_rule_overflows(x):
    x = np.asarray(x, dtype=np.float64)
    return (np.exp(-x) / (1.0 + np.exp(-x)) ** 2)[()]


@ninth("activations", "tanh", truth=("unnamed",),
       source="e = np.exp(2 * x); (e - 1) / (e + 1): the textbook quotient, inf / inf = nan once "
              "x passes about 355 (helpers.py quoted in github.com/andersbll/nnet/issues/4 "
              "'L2 regularization problem')")
def exp_quotient_overflows(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(2 * x)
    return ((e - 1) / (e + 1))[()]


@ninth("activations", "tanh_grad", truth=("fp.function_for_derivative",),
       source="tanh_d returns tanh itself: the derivative gives the function back "
              "(github.com/andersbll/nnet/issues/4: 'tanh_d ... seems to be the same as tanh')")
def returns_tanh_itself(x):
    return tanh(x)


@ninth("activations", "tanh_grad", truth=("tanh_grad.tanh_grad_of_input", "fp.input_for_output"),
       source="1 - np.power(x, 2): the derivative in terms of the activation, 1 - a^2, applied to "
              "the input z (community.deeplearning.ai/t/c1w3a1-backward-propagation-valueerror-"
              "operands-could-not-be-broadcast-together-with-shapes-7-9-9-7/31965: "
              "'np.multiply(1 - np.power(Z1, 2), ...)')")
def output_form_on_input(x):
    x = np.asarray(x, dtype=np.float64)
    return (1.0 - np.power(x, 2))[()]


@ninth("activations", "relu", truth=("err.array_as_index",),
       source="np.max(0, x) for np.maximum(0, x): the reduction called, with x taken as the axis "
              "argument, 'TypeError: only integer scalar arrays can be converted to a scalar "
              "index' (np.max vs np.maximum; written blind)")
def np_max_for_np_maximum(x):
    return np.max(0.0, np.asarray(x, dtype=np.float64))


@ninth("activations", "relu", truth=("unnamed",),
       source="return x[x > 0]: the boolean mask used to select, not to zero, so only the "
              "positive entries come back, a shorter flat array (written blind)")
def positive_entries_selected(x):
    x = np.asarray(x, dtype=np.float64)
    return x[x > 0]


@ninth("activations", "relu_grad", truth=("unnamed",),
       source="x >= 0: the slope taken as 1 at the kink too, where the lesson picks 0 "
              "(community.deeplearning.ai/t/regarding-derivative-of-relu-activation-function/115254, "
              "'A1 >= 0')")
def slope_one_at_zero(x):
    return (np.asarray(x, dtype=np.float64) >= 0).astype(np.float64)[()]


@ninth("activations", "leaky_relu", truth=("leaky_relu.maximum_with_alpha",),
       source="np.where(x >= 0, x, alpha): the slope itself put on the negative side, a constant "
              "alpha where alpha * x belongs (written blind)")
def alpha_as_value(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, x, alpha)[()]


@ninth("activations", "leaky_relu_grad", truth=("leaky_relu_grad.leaky_grad_zero_on_negative",),
       source="the plain ReLU's slope, 0 on the negative side: 'derivative function of leaky_relu "
              "is same as RELU' (github.com/scientific-computing/FKB/issues/15)")
def relu_slope_reused(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, 1.0, 0.0)[()]


@ninth("activations", "leaky_relu_grad",
       truth=("leaky_relu_grad.leaky_grad_ignores_alpha", "fp.ignores_argument"),
       source="the slope hard-coded as 0.01 and the alpha argument never read ('the backprop op "
              "for leaky relu doesn't use or take the alpha param', "
              "github.com/deeplearning4j/deeplearning4j/issues/8178)")
def alpha_never_read(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, 1.0, 0.01)[()]


@ninth_alternative("activations", "sigmoid")
def exp_of_minus_softplus(x):
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -x))[()]


@ninth_alternative("activations", "relu")
def where_positive(x):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, 0.0)[()]


@ninth_alternative("activations", "relu")
def half_of_x_plus_abs(x):
    x = np.asarray(x, dtype=np.float64)
    return ((x + np.abs(x)) / 2.0)[()]


@ninth_alternative("activations", "relu_grad")
def heaviside_zero_at_kink(x):
    return np.heaviside(np.asarray(x, dtype=np.float64), 0.0)[()]


@ninth_alternative("activations", "leaky_relu")
def relu_minus_scaled_relu_of_minus(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return (np.maximum(x, 0.0) - alpha * np.maximum(-x, 0.0))[()]


@ninth_alternative("activations", "leaky_relu_grad")
def ones_then_masked(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    slope = np.ones_like(x)
    slope[x < 0] = alpha
    return slope[()]


# --- Notebook 03: losses -----------------------------------------------------------------------

@ninth("losses", "binary_cross_entropy", truth=("fp.wrong_term",),
       source="(1 - y) * np.log(p): the second term copied from the first with its '1 -' lost "
              "inside the log, so a label 0 is scored by log(p) (written blind)")
def second_log_not_complemented(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(p)))


@ninth("losses", "binary_cross_entropy", truth=("binary_cross_entropy.bce_without_ravel", "fp.broadcast"),
       source="y_hat raveled but y left as given: a (N, 1) label column against the (N,) "
              "probabilities broadcasts to (N, N) and the mean runs over every pair (written blind)")
def labels_not_flattened(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64)
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


@ninth("losses", "binary_cross_entropy_grad",
       truth=("binary_cross_entropy_grad.bce_grad_not_averaged", "fp.times_n"),
       source="-(y / p - (1 - y) / (1 - p)) with no / N: DeepLearning.AI's dAL = -(np.divide(Y, AL) "
              "- np.divide(1 - Y, 1 - AL)), the derivative of one example's loss, where the "
              "loss here is a mean (C1W4 L_model_backward)")
def per_example_derivative(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return -(np.divide(y, p) - np.divide(1.0 - y, 1.0 - p))


@ninth("losses", "binary_cross_entropy_grad",
       truth=("binary_cross_entropy_grad.bce_grad_without_clipping", "fp.unclipped_division"),
       source="the clip left out of the gradient: (y_hat - y) / (y_hat (1 - y_hat)) / N divides "
              "by zero for a prediction of exactly 0 or 1, inf or nan where the loss's clipped "
              "slope belongs (written blind)")
def gradient_not_clipped(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return (y_hat - y) / (y_hat * (1.0 - y_hat)) / y_hat.size


@ninth("losses", "softmax", truth=("softmax.softmax_whole_array", "fp.wrong_axis"),
       source="e_x / e_x.sum(): the sum over the whole matrix, so the rows together sum to 1, "
              "not each row (stackoverflow.com/questions/34968722 'How to implement the Softmax "
              "function in Python', the asker's version)")
def normalised_over_whole_matrix(z):
    z = np.asarray(z, dtype=np.float64)
    e_x = np.exp(z - np.max(z))
    return e_x / e_x.sum()


@ninth("losses", "softmax", truth=("softmax.softmax_without_keepdims", "err.keepdims"),
       source="e / e.sum(axis=1) without keepdims=True: 'operands could not be broadcast "
              "together with shapes (80,3) (80,)', and for a square batch each column divided by "
              "another row's sum (Stack Overflow 'Softmax regression in python: operands could "
              "not be broadcast together')")
def keepdims_forgotten(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)


@ninth("losses", "softmax", truth=("fp.wrong_axis",),
       source="z - z.max(axis=0, keepdims=True): each column's max subtracted, a shift that "
              "differs along a row, so the rows' softmax changes (written blind)")
def column_max_subtracted(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@ninth("losses", "categorical_cross_entropy", truth=("fp.wrong_size", "fp.wrong_axis"),
       source="np.sum(Y * np.log(P), axis=0) then the mean: summed over the examples and "
              "averaged over the classes, total / K where total / N belongs (the axis=0 proposed "
              "in github.com/aymericdamien/TensorFlow-Examples/issues/329)")
def summed_over_examples(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.mean(np.sum(Y * np.log(P), axis=0)))


@ninth("losses", "categorical_cross_entropy", truth=("categorical_cross_entropy.cce_summed", "fp.times_n"),
       source="-np.sum(Y * np.log(P)) with no axis and no mean: the total over the batch where "
              "the mean is asked (github.com/hzy46/Deep-Learning-21-Examples/issues/7, "
              "reduce_sum without axis)")
def total_not_mean(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.sum(Y * np.log(P)))


@ninth("losses", "categorical_cross_entropy", truth=("err.float_index", "err.array_as_index"),
       source="P[np.arange(N), Y]: CS231n's integer-label indexing applied to the one-hot "
              "matrix, 'IndexError: arrays used as indices must be of integer (or boolean) type' "
              "(written blind)")
def integer_label_indexing_of_one_hot(Y, P, eps=1e-9):
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    N = P.shape[0]
    return float(-np.mean(np.log(P[np.arange(N), np.asarray(Y, dtype=np.float64)])))


@ninth("losses", "softmax_cross_entropy_grad", truth=("fp.wrong_size",),
       source="(softmax(Z) - Y) / Z.shape[1]: the count of examples read from the columns, as in "
              "the column-per-example layout, so the gradient is divided by K (written blind)")
def divided_by_classes(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return (softmax(Z) - np.asarray(Y, dtype=np.float64)) / Z.shape[1]


@ninth("losses", "softmax_cross_entropy_grad",
       truth=("softmax_cross_entropy_grad.softmax_ce_grad_sign_flipped", "fp.sign_flip"),
       source="(Y - softmax(Z)) / N: target minus prediction, the gradient's sign flipped "
              "(written blind)")
def target_minus_prediction(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return (np.asarray(Y, dtype=np.float64) - softmax(Z)) / Z.shape[0]


@ninth("losses", "mse", truth=("mse.mse_halved", "fp.half"),
       source="0.5 * np.mean((y - y_hat) ** 2): the half-MSE of the derivations that like a clean "
              "gradient, half the asked loss (written blind)")
def half_mse(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(0.5 * np.mean((y - y_hat) ** 2))


@ninth("losses", "mse_grad", truth=("fp.all_axes",),
       source="np.mean(2 * (y_hat - y)): the mean taken where the division by N belongs, one "
              "number where a gradient per entry is asked (written blind)")
def mean_of_the_gradient(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return np.mean(2.0 * (y_hat - y))


@ninth_alternative("losses", "binary_cross_entropy")
def where_on_the_label(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.mean(np.where(y == 1.0, np.log(p), np.log(1.0 - p))))


@ninth_alternative("losses", "softmax")
def exp_of_log_softmax(z):
    z = np.asarray(z, dtype=np.float64)
    m = z.max(axis=-1, keepdims=True)
    log_norm = m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    return np.exp(z - log_norm)


@ninth_alternative("losses", "categorical_cross_entropy")
def true_class_picked_by_argmax(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    picked = P[np.arange(P.shape[0]), Y.argmax(axis=-1)]
    return float(-np.mean(np.log(picked)))


@ninth_alternative("losses", "softmax_cross_entropy_grad")
def cs231n_log_probs(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    shifted = Z - np.max(Z, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    dZ = np.exp(log_probs) - np.asarray(Y, dtype=np.float64)
    dZ /= Z.shape[0]
    return dZ


@ninth_alternative("losses", "mse")
def dot_of_the_residual(y, y_hat):
    d = np.asarray(y, dtype=np.float64).ravel() - np.asarray(y_hat, dtype=np.float64).ravel()
    return float(np.dot(d, d) / d.size)


# --- Notebook 04: the forward pass -------------------------------------------------------------

@ninth("forward_pass", "init_params", truth=("fp.uniform_for_normal",),
       source="rng.random for rng.normal: uniform numbers in [0, 1) scaled by He's factor, every "
              "weight positive (np.random.rand vs np.random.randn; written blind)")
def uniform_for_normal(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.random((n_hidden, n_in)) * np.sqrt(2.0 / n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.random((n_out, n_hidden)) * np.sqrt(2.0 / n_hidden),
        "b2": np.zeros(n_out),
    }


@ninth("forward_pass", "init_params", truth=("fp.whole_number",),
       source="b1 = np.array([0] * n_hidden): a list of Python ints, so the biases are int64 "
              "where float64 is asked (written blind)")
def integer_hidden_biases(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.array([0] * n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@ninth("forward_pass", "init_params", truth=("unnamed",),
       source="W2 of shape (1, n_hidden): the lesson's single output unit written in, n_out "
              "ignored for the weights while b2 follows it (written blind)")
def one_output_row(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(1, n_hidden)),
        "b2": np.zeros(n_out),
    }


@ninth("forward_pass", "init_params", truth=("fp.list_for_dict",),
       source="return W1, b1, W2, b2: a tuple of the four arrays where a dict keyed by their "
              "names is asked (written blind)")
def tuple_returned(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in))
    b1 = np.zeros(n_hidden)
    W2 = rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden))
    b2 = np.zeros(n_out)
    return W1, b1, W2, b2


@ninth("forward_pass", "forward", truth=("forward.forward_column_output", "fp.column"),
       source="y_hat = sigmoid(z2) without .ravel(): the (N, 1) column returned where a vector "
              "of shape (N,) is asked (written blind)")
def column_returned(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2)
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@ninth("forward_pass", "forward", truth=("err.broadcast",),
       source="np.multiply(X, W1) for the matrix product: 'operands could not be broadcast "
              "together' (elementwise * where np.dot belongs, "
              "community.deeplearning.ai/t/course-1-week-2-exercise-5-propagate/119220)")
def elementwise_for_matmul(X, params):
    z1 = np.multiply(X, params["W1"]) + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@ninth("forward_pass", "forward", truth=("fp.missing_activation", "fp.wrong_operand"),
       source="z2 = z1 @ W2.T + b2: the pre-activation fed to the output layer, the ReLU computed "
              "and stored but never used (a variable one letter off; written blind)")
def preactivation_fed_forward(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = z1 @ params["W2"].T + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@ninth("forward_pass", "forward", truth=("fp.return_order",),
       source="return cache, y_hat: the pair returned in the other order (written blind)")
def pair_swapped(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return {"z1": z1, "a1": a1, "z2": z2}, sigmoid(z2).ravel()


@ninth("forward_pass", "forward", truth=("fp.wrong_activation",),
       source="a1 = np.tanh(z1): DeepLearning.AI's planar-data network, whose hidden layer is "
              "tanh, copied where the lesson's is ReLU (community.deeplearning.ai/t/c1w3a1-"
              "backward-propagation-valueerror-operands-could-not-be-broadcast-together-with-"
              "shapes-7-9-9-7/31965)")
def tanh_hidden_layer(X, params):
    Z1 = X @ params["W1"].T + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = A1 @ params["W2"].T + params["b2"]
    return sigmoid(Z2).ravel(), {"z1": Z1, "a1": A1, "z2": Z2}


@ninth_alternative("forward_pass", "init_params")
def standard_normal_scaled(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_hidden, n_in)) * np.sqrt(2.0 / n_in)
    W2 = rng.standard_normal((n_out, n_hidden)) * np.sqrt(2.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@ninth_alternative("forward_pass", "forward")
def einsum_layers(X, params):
    z1 = np.einsum("nd,hd->nh", X, params["W1"]) + params["b1"]
    a1 = relu(z1)
    z2 = np.einsum("nh,oh->no", a1, params["W2"]) + params["b2"]
    return sigmoid(z2)[:, 0], {"z1": z1, "a1": a1, "z2": z2}


# --- Notebook 05: backpropagation --------------------------------------------------------------

@ninth("backprop", "backward", truth=("fp.wrong_axis", "fp.kept_batch_axis"),
       source="db2 = dz2.sum(axis=1): the sum over the wrong axis, one number per example where "
              "one per output unit belongs (community.deeplearning.ai/t/exercise-7-linear-"
              "backward/241052: 'db = 1/m * np.sum(dZ, axis=0, keepdims=True)' in the other "
              "layout)")
def bias_gradient_wrong_axis(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=1)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dW2, "db2": db2}


@ninth("backprop", "backward", truth=("err.matmul_shapes",),
       source="da1 = dz2 @ params['W2'].T: the transpose of the X @ W layout kept, a (N, 1) "
              "against a (H, 1), 'matmul: mismatch in its core dimension' (written blind)")
def transposed_weights_sent_back(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    da1 = dz2 @ params["W2"].T
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@ninth("backprop", "backward", truth=("unnamed",),
       source="delta = error * dactivation(output): the squared-error delta (y_hat - y) "
              "y_hat (1 - y_hat) where sigmoid and cross-entropy together give y_hat - y "
              "(the propagateb of stackoverflow.com/questions/47044541 'How to avoid an overflow "
              "in numpy.exp()')")
def squared_error_delta(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    out = sigmoid(cache["z2"])
    dz2 = (out - y) * out * (1.0 - out) / n
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@ninth("backprop", "backward", truth=("fp.wrong_operand",),
       source="dW1 = dz1.T @ cache['a1']: the hidden activations used as the first layer's "
              "input, a (H, H) where W1 is (H, D) (written blind)")
def hidden_activations_as_input(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ cache["a1"], "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"],
            "db2": dz2.sum(axis=0)}


@ninth("backprop", "backward", truth=("fp.reshaped",),
       source="db1 = np.sum(dz1, axis=0, keepdims=True): DeepLearning.AI's keepdims kept, a "
              "(1, H) where b1 is (H,) (community.deeplearning.ai/t/trouble-understanding-b-"
              "vector-back-propagation/536725: 'db = (1/m) * np.sum(dZ, axis=1, keepdims=True)')")
def keepdims_on_hidden_bias(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": np.sum(dz1, axis=0, keepdims=True), "dW2": dz2.T @ cache["a1"],
            "db2": dz2.sum(axis=0)}


@ninth("backprop", "sgd_step", truth=("sgd_step.sgd_in_place", "fp.in_place"),
       source="new = params.copy(), then new[k] -= lr * g: dict.copy() is shallow, so the "
              "in-place -= writes into the caller's arrays (written blind)")
def shallow_copy_then_in_place(params, grads, lr):
    new = params.copy()
    for k in new:
        new[k] -= lr * grads["d" + k]
    return new


@ninth("backprop", "sgd_step", truth=("fp.key_prefix",),
       source="the new dict keyed by the gradients' names, {'dW1': ..., 'db1': ...}: the loop run "
              "over grads.items() and its keys kept (written blind)")
def keyed_by_gradient_names(params, grads, lr):
    return {name: params[name[1:]] - lr * g for name, g in grads.items()}


@ninth("backprop", "sgd_step", truth=("unnamed",),
       source="if name.startswith('W'): only the weights stepped, and the biases left out of the "
              "returned dict (written blind)")
def biases_dropped(params, grads, lr):
    return {name: p - lr * grads["d" + name] for name, p in params.items() if name.startswith("W")}


@ninth("backprop", "sgd_step", truth=("sgd_step.sgd_in_place", "fp.in_place"),
       source="new_params = params, then new_params[name] = p - lr * g: a second name for the "
              "same dict, so the caller's params are rebound to the stepped arrays (Python "
              "assignment does not copy; written blind)")
def alias_not_copy(params, grads, lr):
    new_params = params
    for name, p in params.items():
        new_params[name] = p - lr * grads["d" + name]
    return new_params


@ninth_alternative("backprop", "backward")
def mask_from_the_activation(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dZ2 = (sigmoid(cache["z2"]) - y) / n
    dZ1 = np.multiply(dZ2 @ params["W2"], np.int64(cache["a1"] > 0))
    return {"dW1": dZ1.T @ X, "db1": np.sum(dZ1, axis=0), "dW2": dZ2.T @ cache["a1"],
            "db2": np.sum(dZ2, axis=0)}


@ninth_alternative("backprop", "sgd_step")
def loop_over_keys(params, grads, lr):
    updated = {}
    for key in params:
        updated[key] = params[key] - lr * grads[f"d{key}"]
    return updated


# --- Notebook 06: training on the spiral -------------------------------------------------------

@ninth("training", "train_val_split", truth=("unnamed",),
       source="np.random.seed(seed); np.random.permutation(N): the legacy global generator, "
              "another order than default_rng(seed) gives (written blind)")
def legacy_global_permutation(X, y, val_fraction=0.2, seed=0):
    np.random.seed(seed)
    idx = np.random.permutation(len(X))
    n_val = round(val_fraction * len(X))
    return X[idx[n_val:]], X[idx[:n_val]], y[idx[n_val:]], y[idx[:n_val]]


@ninth("training", "train_val_split",
       truth=("train_val_split.split_holds_out_training_share", "fp.split_sizes"),
       source="val, tr = order[n_val:], order[:n_val]: the two slices exchanged, so the "
              "validation set holds 80% of the points and the training set 20% (written blind)")
def slices_exchanged(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round(val_fraction * len(X))
    val, tr = order[n_val:], order[:n_val]
    return X[tr], X[val], y[tr], y[val]


@ninth("training", "predict", truth=("fp.all_axes",),
       source="np.argmax(y_hat, axis=-1): the class picked by argmax, as predict_classes does for "
              "K scores, over a vector of N probabilities: one index comes back (written blind)")
def argmax_over_probabilities(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return np.argmax(y_hat, axis=-1)


@ninth("training", "accuracy", truth=("fp.percent",),
       source="np.mean(y_true == y_pred) * 100: a percentage where a fraction in [0, 1] is asked "
              "(DeepLearning.AI's logistic-regression model prints '100 - np.mean(np.abs(...)) * "
              "100 %')")
def percentage(y_true, y_pred):
    return float(np.mean(np.ravel(y_true) == np.ravel(y_pred)) * 100)


@ninth("training", "accuracy", truth=("fp.whole_number",),
       source="(y_true == y_pred).sum() // len(y_true): floor division, 0 unless every label is "
              "right (written blind)")
def floor_division(y_true, y_pred):
    correct = (np.ravel(y_true) == np.ravel(y_pred)).sum()
    return float(correct // len(np.ravel(y_true)))


@ninth("training", "train", truth=("fp.not_updated",),
       source="sgd_step(params, grads, lr) on its own line: the new dict it returns never "
              "assigned, so params never change and every epoch records the same numbers "
              "(written blind)")
def update_not_assigned(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
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
        sgd_step(params, grads, lr)
    return params, history


@ninth("training", "train", truth=("fp.arguments_exchanged",),
       source="binary_cross_entropy(y_hat_val, y_val): the validation loss's arguments in the "
              "other order, so the labels are clipped and taken as probabilities (argument order "
              "in a call; written blind)")
def val_loss_arguments_swapped(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_hat_val, y_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@ninth("training", "train", truth=("fp.off_by_one",),
       source="for epoch in range(1, epochs): counted from 1 to print 'epoch 1', so one step and "
              "one history entry too few (off by one; written blind)")
def counted_from_one(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for epoch in range(1, epochs):  # noqa: B007
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@ninth("training", "grid_search", truth=("grid_search.search_counts_the_epoch_from_one", "fp.shift"),
       source="best_epochs[i, j] = best + 1: the epoch counted from 1, one more than the number "
              "of updates before the lowest validation loss ('the best epoch ... is not "
              "consistent with the actual epoch in the training loop (index shift by 1)', "
              "github.com/StatsDLMathsRecomSys/Inductive-representation-learning-on-temporal-"
              "graphs/issues/14)")
def best_epoch_counted_from_one(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j], val_loss[i, j] = history["val_acc"][best], history["val_loss"][best]
            best_epochs[i, j] = best + 1
    return val_acc, val_loss, best_epochs


@ninth("training", "grid_search", truth=("grid_search.search_keeps_the_last_epoch", "fp.last_epoch"),
       source="val_acc[i, j] = history['val_acc'][-1]: the accuracy after the last epoch, not at "
              "the epoch of lowest validation loss (written blind)")
def last_epoch_accuracy(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    val_acc = np.zeros((len(hiddens), len(lrs)))
    val_loss = np.zeros((len(hiddens), len(lrs)))
    best_epochs = np.zeros((len(hiddens), len(lrs)), dtype=int)
    for i, hidden in enumerate(hiddens):
        for j, lr in enumerate(lrs):
            _, history = train(X_train, y_train, X_val, y_val, hidden=hidden, lr=lr, epochs=epochs)
            best = int(np.argmin(history["val_loss"]))
            val_acc[i, j] = history["val_acc"][-1]
            val_loss[i, j] = history["val_loss"][best]
            best_epochs[i, j] = best
    return val_acc, val_loss, best_epochs


@ninth("training", "hyperparameters", truth=("unnamed",),
       source="HIDDEN = 2: the hidden layer sized like the XOR network's two units, far too few "
              "to bend around two spirals (written blind)")
def two_hidden_units():
    HIDDEN = 2
    LR = 3.0
    EPOCHS = 849
    return locals()


@ninth("training", "iterate_minibatches",
       truth=("iterate_minibatches.minibatches_drop_the_rest", "fp.rows_dropped"),
       source="range(len(X) // batch_size) batches: the short last batch dropped, its points "
              "never yielded (the drop-last batcher of jamesmccaffrey.wordpress.com/2017/07/07/"
              "a-neural-network-mini-batcher/)")
def short_batch_dropped(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for k in range(len(X) // batch_size):
        batch = order[k * batch_size:(k + 1) * batch_size]
        yield X[batch], y[batch]


@ninth("training", "iterate_minibatches", truth=("unnamed",),
       source="yield X[batch], y: the labels passed whole next to each batch of points, the "
              "index left off the second array (written blind)")
def labels_not_batched(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y


@ninth_alternative("training", "accuracy")
def count_nonzero_over_size(y_true, y_pred):
    return float(np.count_nonzero(np.ravel(y_true) == np.ravel(y_pred)) / np.size(y_true))


@ninth_alternative("training", "predict")
def where_one_zero(X, params, threshold=0.5):
    probs, _ = forward(X, params)
    return np.where(probs >= threshold, 1, 0)


@ninth_alternative("training", "grid_search")
def first_minimum_by_min(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
    shape = (len(hiddens), len(lrs))
    val_acc, val_loss, best_epochs = np.zeros(shape), np.zeros(shape), np.zeros(shape, dtype=int)
    for i in range(len(hiddens)):
        for j in range(len(lrs)):
            _, h = train(X_train, y_train, X_val, y_val, hidden=hiddens[i], lr=lrs[j], epochs=epochs)
            best = min(range(len(h["val_loss"])), key=h["val_loss"].__getitem__)
            best_epochs[i, j] = best
            val_loss[i, j] = h["val_loss"][best]
            val_acc[i, j] = h["val_acc"][best]
    return val_acc, val_loss, best_epochs


@ninth_alternative("training", "iterate_minibatches")
def array_split_at_offsets(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for batch in np.array_split(order, range(batch_size, len(X), batch_size)):
        yield X[batch], y[batch]


# --- Notebook 07: what next --------------------------------------------------------------------

@ninth("what_next", "init_deep_params", truth=("unnamed",),
       source="for l in range(len(layer_sizes)): the loop started at 0, so layer_sizes[-1] wraps "
              "to the output size and an extra W0, b0 is drawn first, shifting every later weight "
              "(Python's negative index; written blind)")
def loop_from_zero(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(len(layer_sizes)):  # noqa: E741
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{l}"] = np.zeros(n_out)
    return params


@ninth("what_next", "init_deep_params", truth=("unnamed",),
       source="b{l} = np.zeros(n_in): each bias sized by the layer's input, not its output "
              "(written blind)")
def bias_sized_by_input(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_in)
    return params


@ninth("what_next", "forward_deep", truth=("forward_deep.relu_before_output_sigmoid", "fp.composed"),
       source="the hidden activation applied to every layer, the output's too, then the sigmoid: "
              "sigmoid(relu(z_L)), never below 0.5 (written blind)")
def activation_on_output_too(X, params, activation="relu"):
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


@ninth("what_next", "forward_deep", truth=("fp.wrong_activation",),
       source="def forward_deep(X, params, activation='sigmoid'): the experiment's setting typed "
              "as the default, so a call without activation= runs sigmoid hidden layers "
              "(keyword defaults; written blind)")
def sigmoid_default(X, params, activation="sigmoid"):
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
    return sigmoid(cache[f"z{L}"]).ravel(), cache


@ninth("what_next", "backward_deep", truth=("fp.composed",),
       source="the sigmoid's slope taken at the cached activation, sigmoid(a) (1 - sigmoid(a)), "
              "where it belongs at z: dactivation(self.layers[i]) applied to outputs "
              "(stackoverflow.com/questions/47044541 'How to avoid an overflow in numpy.exp()')")
def sigmoid_slope_at_activation(X, y, params, cache, activation="relu"):
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
                a = cache[f"a{layer - 1}"]
                slope = sigmoid(a) * (1.0 - sigmoid(a))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@ninth("what_next", "backward_deep", truth=("err.broadcast",),
       source="np.multiply(dz.T, a_prev) for dW: the elementwise product where the matrix "
              "product belongs, 'operands could not be broadcast together' "
              "(community.deeplearning.ai/t/exercise-7-linear-backward/241052: "
              "'dW = 1/m * np.multiply(A_prev, dZ)')")
def elementwise_weight_gradient(X, y, params, cache, activation="relu"):
    L = len(params) // 2
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz = (sigmoid(cache[f"z{L}"]) - y) / n
    grads = {}
    for layer in range(L, 0, -1):
        a_prev = X if layer == 1 else cache[f"a{layer - 1}"]
        grads[f"dW{layer}"] = np.multiply(dz.T, a_prev)
        grads[f"db{layer}"] = dz.sum(axis=0)
        if layer > 1:
            z = cache[f"z{layer - 1}"]
            slope = (z > 0).astype(np.float64) if activation == "relu" else sigmoid(z) * (1.0 - sigmoid(z))
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@ninth("what_next", "momentum_step", truth=("fp.sign_flip",),
       source="v = beta * v - (1 - beta) * g, then p + lr * v: the descent's minus moved into the "
              "velocity, the same step but the velocity returned with its sign flipped "
              "(github.com/IDSIA/brainstorm/issues/96 'MomentumStepper has error')")
def velocity_with_minus_inside(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] - (1.0 - beta) * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p + lr * v
    return new_params, new_velocity


@ninth("what_next", "momentum_step", truth=("unnamed",),
       source="velocity = past_velocity * momentum + learning_rate * gradient, then p - v: the "
              "learning rate folded into the velocity, so the stored velocity is lr times the "
              "asked one (github.com/fchollet/deep-learning-with-python-notebooks/issues/19)")
def learning_rate_inside_velocity(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + (1.0 - beta) * lr * grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - v
    return new_params, new_velocity


@ninth("what_next", "adam_step", truth=("unnamed",),
       source="m * (1 - beta1 ** t): the bias correction multiplied where it divides "
              "(github.com/karpathy/convnetjs/pull/70 'Fix adam optimizer': 'the bias estimates "
              "use division instead of multiplication')")
def bias_correction_multiplied(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        m_hat = m * (1.0 - beta1**t)
        v_hat = v * (1.0 - beta2**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@ninth("what_next", "adam_step", truth=("unnamed",),
       source="m / (1 - beta1): the bias correction without the power t, a constant factor "
              "where 1 - beta1^t belongs (github.com/eriklindernoren/ML-From-Scratch/issues/35 "
              "'Adam optimiser bias correction formula')")
def correction_without_power(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        new_params[name] = p - lr * (m / (1.0 - beta1)) / (np.sqrt(v / (1.0 - beta2)) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@ninth("what_next", "adam_step", truth=("adam_step.adam_without_bias_correction",),
       source="no bias correction at all, p - lr * m / (sqrt(v) + eps): 'two crucial steps are "
              "missing, namely the bias-corrected first moment estimate and the bias-corrected "
              "second raw moment estimate' (github.com/BVLC/caffe/issues/4224)")
def no_bias_correction(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {name: np.zeros_like(p) for name, p in params.items()},
                 "v": {name: np.zeros_like(p) for name, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        m = beta1 * state["m"][name] + (1.0 - beta1) * g
        v = beta2 * state["v"][name] + (1.0 - beta2) * g**2
        new_params[name] = p - lr * m / (np.sqrt(v) + eps)
        m_new[name], v_new[name] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}


@ninth("what_next", "softmax_classifier_loss", truth=("fp.flipped_term",),
       source="dW = X.T @ dscores / n - reg * W: the penalty's gradient subtracted, the weight "
              "decay pushing the weights up (github.com/andersbll/nnet/issues/4 'L2 "
              "regularization problem': '- self.weight_decay*self.W')")
def penalty_gradient_subtracted(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X - reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dz2.T @ a1 - reg * params["W2"], "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@ninth("what_next", "softmax_classifier_loss", truth=("fp.zeros", "fp.constant", "fp.all_axes"),
       source="db2 = np.sum(dscores): one sum over every class, broadcast to all the output "
              "biases ('it computes a single sum over all biases', "
              "github.com/rasbt/stat453-deep-learning-ss21/issues/5)")
def output_bias_single_sum(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dscores = (P - Y) / n
    dz1 = (dscores @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X + reg * params["W1"], "db1": dz1.sum(axis=0),
             "dW2": dscores.T @ a1 + reg * params["W2"],
             "db2": np.full(params["b2"].shape, np.sum(dscores))}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@ninth("what_next", "softmax_classifier_train", truth=("err.float_index", "err.array_as_index"),
       source="softmax_classifier_loss(X, np.eye(K)[y], params, reg): the labels one-hot encoded "
              "before the call, as categorical_cross_entropy wants them, where the loss takes "
              "int labels, 'IndexError: arrays used as indices must be of integer type' "
              "(written blind)")
def one_hot_passed_for_labels(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    K = int(np.max(y)) + 1
    params = init_params(X.shape[1], hidden, K, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    Y = np.eye(K)[y]
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, Y, params, reg)
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(float(loss - penalty))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history


@ninth_alternative("what_next", "forward_deep")
def column_layout_transposed_back(X, params, activation="relu"):
    L = len(params) // 2
    cache = {}
    A = X
    for l in range(1, L + 1):  # noqa: E741
        Z = (params[f"W{l}"] @ A.T).T + params[f"b{l}"]
        cache[f"z{l}"] = Z
        if l < L:
            A = relu(Z) if activation == "relu" else sigmoid(Z)
            cache[f"a{l}"] = A
    return sigmoid(cache[f"z{L}"]).ravel(), cache


@ninth_alternative("what_next", "momentum_step")
def velocity_as_a_lerp(params, grads, velocity, lr, beta=0.9):
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        old = np.zeros_like(p) if velocity is None else velocity[name]
        v = old + (1.0 - beta) * (grads["d" + name] - old)
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@ninth_alternative("what_next", "adam_step")
def state_read_with_defaults(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    state = state or {"t": 0, "m": {}, "v": {}}
    t = state["t"] + 1
    new_m, new_v, new_params = {}, {}, {}
    for name, p in params.items():
        g = grads["d" + name]
        new_m[name] = beta1 * state["m"].get(name, np.zeros_like(p)) + (1.0 - beta1) * g
        new_v[name] = beta2 * state["v"].get(name, np.zeros_like(p)) + (1.0 - beta2) * g**2
        m_hat = new_m[name] / (1.0 - beta1**t)
        v_hat = new_v[name] / (1.0 - beta2**t)
        new_params[name] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_params, {"t": t, "m": new_m, "v": new_v}


@ninth_alternative("what_next", "softmax_classifier_train")
def data_loss_computed_apart(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        _, grads = softmax_classifier_loss(X, y, params, reg)
        history["loss"].append(softmax_classifier_loss(X, y, params, 0.0)[0])
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history
