"""A third set of mistakes, written blind: a measurement of the hints that nobody has tuned to.

Why a third set: the second set (``solutions.unseen_mistakes``) has been looked at
while fingerprints were written, so it no longer measures how the hints generalise.
This set was written on 2026-12-01 by a helper who had not read the fingerprints,
the checks, the diagnosis, the catalogue or the second set's entries (only their
one-line ``source=`` strings, to avoid duplicates), and before running
``nncourse mutants`` on it. It must not be edited after its first measurement:
a miss is fixed (if at all) by a general fingerprint, never by changing this file.

Where the slips come from: errors reported in public threads and issues
(DeepLearning.AI community threads, CS231n and EECS498 assignment repositories,
"neural network from scratch" and ML-library issue trackers, Stack Overflow),
rewritten for this course's blanks as a student would write them: the reference
with one slip. Each entry's ``source`` says the slip and where it is reported.

``truth`` lists every id a right hint may carry: the writer's ``fp.*`` ids, and
(added on 2026-12-01 by a second helper, before reading any measurement or any
hint the checks give these entries, judged from each entry's code against the
ids' own texts) the catalogued mistake (``solutions.mistakes``) or check id
(``init.xavier``, ``momentum.*``, ``adam.*``, ``what_next.*``, ``backprop.*``,
``warn.*``) whose hint names the same slip in the same blank. Catalogue ids of
another blank were left out (their hints speak of another function), and so were
ids whose text would misstate what the entry did (``gates.nand_with_and_weights``
says "outputs 1 for every input", ``backprop.sigmoid_slope`` says "not the ReLU's
mask"). Only ``truth`` changed, never the code. An entry whose slip no id names
has ("unnamed",): there a hint is always wrong and no hint is the right answer.
Graded like the second set, through nbgrader, by ``nncourse mutants --unseen blind``.
"""

from collections.abc import Callable

import numpy as np

from solutions.activations import relu, sigmoid
from solutions.backprop import backward, sgd_step
from solutions.forward_pass import forward, init_params
from solutions.losses import binary_cross_entropy, categorical_cross_entropy, softmax
from solutions.perceptron import AND_B, AND_W, OR_B, OR_W, perceptron
from solutions.training import accuracy, train
from solutions.unseen_mistakes import UnseenMistake
from solutions.what_next import predict_classes, softmax_classifier_loss

UNSEEN_BLIND: list[UnseenMistake] = []


def blind(notebook: str, blank: str, truth: tuple[str, ...], source: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a blind mistake of ``blank`` (id "<blank>.blind_<name>")."""
    def register(fn: Callable) -> Callable:
        UNSEEN_BLIND.append(UnseenMistake(f"{blank}.blind_{fn.__name__}", blank, notebook, fn, hint="",
                                          diagnosed=False, truth=truth, source=source))
        return fn
    return register


# --- notebook 01 ---------------------------------------------------------------

@blind("perceptron", "perceptron", ("fp.missing_term", "perceptron.ignores_bias"),
       "bias never added: w.x >= 0 (bias handling bugs: github.com/Elyx0/rosenblattperceptronjs/issues/1, "
       "github.com/mattm/simple-neural-network/pull/10)")
def bias_forgotten(x, w, b):
    return 1 if np.dot(w, x) >= 0 else 0


@blind("perceptron", "perceptron", ("unnamed",),
       "labels -1/+1 (Rosenblatt's convention in Raschka's book) where 0/1 belong "
       "(github.com/rasbt/python-machine-learning-book/issues/27)")
def minus_one_plus_one_labels(x, w, b):
    return 1 if np.dot(w, x) + b >= 0 else -1


@blind("perceptron", "gates", ("fp.complement",),
       "NAND given AND's weights and bias: the negation forgotten (NAND as a perceptron with negative "
       "weights, Nielsen, neuralnetworksanddeeplearning.com ch. 1)")
def nand_copied_from_and():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([1.0, 1.0])
    NAND_B = -1.5
    return locals()


@blind("perceptron", "train_perceptron", ("unnamed",),
       "bias updated inside the loop over features, D times per mistake "
       "(github.com/luisguiserrano/manning/issues/46, github.com/trustyai-explainability/"
       "trustyai-explainability/pull/26)")
def bias_updated_per_feature(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                for j in range(len(w)):
                    w[j] = w[j] + step * x_i[j]
                    b = b + step
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@blind("perceptron", "xor", ("xor.hidden_and_instead_of_nand",),
       "AND typed for NAND in the hidden layer: AND(OR(x), AND(x)) is AND (XOR from AND/OR/NAND, "
       "Nielsen ch. 1; github.com/neuroph/neuroph/issues/48 on perceptron gates)")
def and_typed_for_nand(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, AND_W, AND_B)])
    return perceptron(hidden, AND_W, AND_B)


# --- notebook 02 ---------------------------------------------------------------

@blind("activations", "sigmoid", ("unnamed",),
       "1/1 + np.exp(-x): the denominator's parentheses lost (techqa.club/v/q/"
       "how-to-get-numpy-exp-to-work-with-an-array-as-well-as-a-scalar-64217950)")
def parentheses_lost(x):
    x = np.asarray(x, dtype=np.float64)
    return 1 / 1 + np.exp(-x)


@blind("activations", "sigmoid_grad", ("fp.input_for_output", "sigmoid_grad.sigmoid_grad_of_output"),
       "x * (1 - x): the derivative written for the sigmoid's output, applied to its input "
       "(iamtrask's nonlin(x, deriv=True); github.com/scikit-learn/scikit-learn/issues/14244)")
def output_formula_on_input(x):
    x = np.asarray(x, dtype=np.float64)
    return x * (1 - x)


@blind("activations", "tanh", ("tanh.missing_double",),
       "2 * sigmoid(x) - 1, the 2x lost: tanh(x/2) (borogoves.eu NAPA sigmoid notes: ssig vs nsig)")
def two_sigmoid_minus_one(x):
    return 2 * sigmoid(x) - 1


@blind("activations", "tanh_grad", ("fp.input_for_output", "tanh_grad.tanh_grad_of_input"),
       "1 - x**2: DL.AI's (1 - np.power(A1, 2)) applied to Z1 "
       "(community.deeplearning.ai/t/wrong-values-for-dw1/85937)")
def one_minus_input_squared(x):
    x = np.asarray(x, dtype=np.float64)
    return 1 - x ** 2


@blind("activations", "relu", ("unnamed",),
       "x if x > 0 else 0: a scalar ReLU, 'truth value of an array is ambiguous' on arrays "
       "(stackoverflow.com/questions/70860771)")
def scalar_conditional(x):
    return x if x > 0 else 0


@blind("activations", "relu_grad", ("unnamed",),
       "positives set to 1, negatives left as x (github.com/hiive/mlrose/pull/5: "
       "'f'(x) is equal to x when x <= 0')")
def negatives_left_as_x(x):
    g = np.array(x, dtype=np.float64)
    g[g > 0] = 1.0
    return g


@blind("activations", "relu_grad", ("fp.function_for_derivative", "relu_grad.relu_grad_returns_relu"),
       "the ReLU itself where its slope belongs (github.com/iamtrask/Grokking-Deep-Learning/pull/13, "
       "relu vs relu2deriv)")
def relu_for_slope(x):
    return np.maximum(0.0, np.asarray(x, dtype=np.float64))


@blind("activations", "leaky_relu", ("fp.ignores_argument", "leaky_relu.leaky_ignores_alpha"),
       "alpha hard-coded to the usual 0.01 (cs231n.github.io/neural-networks-1 'a small constant'; "
       "github.com/uptake/numpynet/pull/35)")
def alpha_hard_coded(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, x, 0.01 * x)


@blind("activations", "leaky_relu_grad",
       ("fp.ignores_argument", "leaky_relu_grad.leaky_grad_zero_on_negative"),
       "the plain ReLU slope copied, alpha lost (github.com/tensorflow/playground/issues/19)")
def relu_slope_copied(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, 1.0, 0.0)


# --- notebook 03 ---------------------------------------------------------------

@blind("losses", "binary_cross_entropy", ("fp.times_n", "binary_cross_entropy.bce_summed"),
       "np.sum without the 1/m (community.deeplearning.ai/t/"
       "week-2-programming-exercise-cost-calculation/234194)")
def summed_not_averaged(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64).ravel()
    p = np.clip(np.asarray(y_hat, dtype=np.float64).ravel(), eps, 1.0 - eps)
    return float(-np.sum(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


@blind("losses", "binary_cross_entropy_grad", ("fp.flipped_term",),
       "-(y/p) - (1-y)/(1-p): the minus of DL.AI's dAL = -(Y/AL - (1-Y)/(1-AL)) distributed wrongly "
       "(community.deeplearning.ai/t/w3-ex-6-assertionerror-wrong-values-for-dw1/402919)")
def second_term_sign(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    p = np.clip(y_hat, eps, 1.0 - eps)
    return (-(y / p) - (1.0 - y) / (1.0 - p)) / y_hat.size


@blind("losses", "softmax", ("fp.softmax_overflow", "softmax.softmax_without_shift", "warn.exp_overflow"),
       "exp of the raw scores, no max subtracted (cs231n.github.io/linear-classify 'numeric stability'; "
       "github.com/linxiaow/EECS498-Deep-Learning-for-Vision/issues/2)")
def no_max_subtracted(z):
    e = np.exp(np.asarray(z, dtype=np.float64))
    return e / e.sum(axis=-1, keepdims=True)


@blind("losses", "categorical_cross_entropy",
       ("fp.wrong_axis", "categorical_cross_entropy.cce_mean_over_entries"),
       "np.mean over all N*K entries where the sum over classes belongs (CS231n case study: "
       "data_loss = np.sum(correct_logprobs)/num_examples; wekeepcoding 13489896)")
def mean_over_every_entry(Y, P, eps=1e-9):
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.mean(Y * np.log(P)))


@blind("losses", "softmax_cross_entropy_grad",
       ("fp.sign_flip", "softmax_cross_entropy_grad.softmax_ce_grad_sign_flipped"),
       "(Y - P) / N: the sign of p - 1 vs 1 - p confused (github.com/mantasu/cs231n/issues/10)")
def labels_minus_probabilities(Y, Z):
    Z = np.asarray(Z, dtype=np.float64)
    return (np.asarray(Y, dtype=np.float64) - softmax(Z)) / Z.shape[0]


@blind("losses", "mse", ("fp.half", "mse.mse_halved"),
       "the 1/2 of Nielsen's quadratic cost C = 1/2n sum |y - a|^2 kept "
       "(neuralnetworksanddeeplearning.com ch. 1; datascience.stackexchange.com/questions/27146)")
def half_convention(y, y_hat):
    y = np.asarray(y, dtype=np.float64).ravel()
    y_hat = np.asarray(y_hat, dtype=np.float64).ravel()
    return float(0.5 * np.mean((y - y_hat) ** 2))


@blind("losses", "mse_grad", ("fp.times_n", "mse_grad.mse_grad_not_averaged"),
       "2 (y_hat - y) without the 1/N of the mean (CS231n 'dscores /= num_examples # why?', "
       "python-pypi.wekeepcoding.com/article/13489896)")
def gradient_not_averaged(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return 2.0 * (y_hat - y)


# --- notebook 04 ---------------------------------------------------------------

@blind("forward_pass", "init_params", ("fp.ignores_argument",),
       "np.random.default_rng() with the seed left out: different weights every call "
       "(theneuralbase.com numpy-for-ml reproducible-experiments)")
def seed_left_out(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng()
    return {
        "W1": rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@blind("forward_pass", "init_params", ("init.xavier",),
       "Xavier's sqrt(1/n) where He's sqrt(2/n) is asked (cs231n.github.io/neural-networks-2: "
       "w = np.random.randn(n) * sqrt(2.0/n) for ReLU)")
def xavier_scale(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_hidden, n_in)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0.0, np.sqrt(1.0 / n_hidden), size=(n_out, n_hidden)),
        "b2": np.zeros(n_out),
    }


@blind("forward_pass", "forward", ("fp.column", "forward.forward_column_output"),
       "y_hat left as the (N, 1) column of z2 (rank-1 vs column arrays, "
       "github.com/zohaibterminator/deep-learning-specialization)")
def column_output(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2)
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


@blind("forward_pass", "forward", ("unnamed",),
       "a1 = z1 then a1[a1 < 0] = 0: the alias zeroes the cached z1 too "
       "(github.com/yangluo7/CAME/issues/2, an in-place op through an alias)")
def aliased_cache(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = z1
    a1[a1 < 0] = 0.0
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = sigmoid(z2).ravel()
    return y_hat, {"z1": z1, "a1": a1, "z2": z2}


# --- notebook 05 ---------------------------------------------------------------

@blind("backprop", "backward", ("fp.times_n", "backward.never_divides_by_n"),
       "the 1/m forgotten in every gradient (community.deeplearning.ai/t/"
       "course-1-week-3-planar-assignment-4-5-exercise-6-backward-propagation-error-for-dw1-values/63071)")
def one_over_m_forgotten(X, y, params, cache):
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = sigmoid(cache["z2"]) - y
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@blind("backprop", "backward",
       ("fp.function_for_derivative", "backward.drops_relu_derivative", "backprop.first_layer"),
       "da1 * relu(z1): the activation where its derivative belongs "
       "(community.deeplearning.ai/t/wrong-values-for-dw1/85937: 'you don't need to multiply by Z1')")
def relu_value_for_slope(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * relu(cache["z1"])
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@blind("backprop", "backward", ("fp.broadcast",),
       "y kept as (N,) against the (N, 1) output: y_hat - y broadcasts to (N, N) "
       "(errorhandle.ai 'difference of a (2,1) array and a vertical slice'; lynx-cortex broadcasting trap)")
def labels_not_reshaped(X, y, params, cache):
    n = X.shape[0]
    y = np.asarray(y, dtype=np.float64)
    dz2 = (sigmoid(cache["z2"]) - y) / n
    dW2 = dz2.T @ cache["a1"]
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ params["W2"]
    dz1 = da1 * (cache["z1"] > 0)
    dW1 = dz1.T @ X
    db1 = dz1.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@blind("backprop", "sgd_step", ("fp.in_place", "sgd_step.sgd_in_place"),
       "params[name] -= lr * grad: the caller's arrays updated in place "
       "(github.com/pytorch/pytorch/issues/69189, github.com/yangluo7/CAME/issues/2)")
def updated_in_place(params, grads, lr):
    for name in params:
        params[name] -= lr * grads["d" + name]
    return params


@blind("backprop", "sgd_step", ("fp.flipped_step", "sgd_step.gradient_ascent"),
       "p + lr * grad: the step added, gradient ascent (github.com/FluxML/Flux.jl/pull/1290: "
       "'update!(p, -η * grads[p]) will actually increase the loss')")
def step_added(params, grads, lr):
    return {name: p + lr * grads["d" + name] for name, p in params.items()}


# --- notebook 06 ---------------------------------------------------------------

@blind("training", "train_val_split", ("train_val_split.split_shuffles_separately",),
       "X and y shuffled by two different permutations: labels no longer match their rows "
       "(github.com/nmarincic/machineintelligence mini-batches: combine points with labels before "
       "shuffling; prashantdandriyal.medium.com shuffling numeric data)")
def shuffled_separately(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    X = X[rng.permutation(len(X))]
    y = y[rng.permutation(len(y))]
    n_val = round(val_fraction * len(X))
    return X[n_val:], X[:n_val], y[n_val:], y[:n_val]


@blind("training", "predict", ("fp.ignores_argument", "predict.predict_ignores_threshold"),
       "np.round(y_hat): the threshold argument never used, 0.5 always (codecademy logistic-regression "
       "thresholding; prof.lexailabs.com binary classification)")
def rounded(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return np.round(y_hat).astype(int)


@blind("training", "accuracy", ("fp.times_n", "accuracy.accuracy_counts"),
       "np.sum of the matches: a count where the fraction belongs "
       "(github.com/rasbt/python-machine-learning-book/issues/27: counts vs rates)")
def count_not_fraction(y_true, y_pred):
    return float(np.sum(np.ravel(y_true) == np.ravel(y_pred)))


@blind("training", "train", ("fp.one_late", "train.records_after_update"),
       "history recorded after the update, not before it (github.com/StatsDLMathsRecomSys/"
       "Inductive-representation-learning-on-temporal-graphs/issues/14: epoch index shifted by 1)")
def recorded_after_update(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        params = sgd_step(params, backward(X, y, params, cache), lr)
        y_hat, _ = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
    return params, history


@blind("training", "train", ("unnamed",),
       "range(1, epochs): one epoch fewer than asked (off-by-one epochs; "
       "github.com/quantling/JudiLing.jl/pull/127 on epoch counting)")
def one_epoch_short(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(1, epochs):
        y_hat, cache = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@blind("training", "grid_search", ("fp.wrong_data", "grid_search.search_stops_on_the_training_loss"),
       "the best epoch picked by the training loss, not the validation loss "
       "(github.com/citoverse/cito/issues/38: train_l where valid_l belongs)")
def best_by_training_loss(X_train, y_train, X_val, y_val, hiddens, lrs, epochs):
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


@blind("training", "hyperparameters", ("unnamed",),
       "a timid learning rate and few epochs: the spiral never learnt (CS231n case study tunes "
       "step_size = 1e-0; cs231n.github.io/neural-networks-3 'learning rate too low')")
def timid_learning_rate():
    HIDDEN = 8
    LR = 0.01
    EPOCHS = 100
    return locals()


@blind("training", "iterate_minibatches", ("iterate_minibatches.minibatches_drop_the_rest",),
       "the last, partial batch dropped (github.com/Lasagne/Lasagne/pull/683: iterate_minibatches "
       "drops the last half-filled batch; github.com/NervanaSystems/neon/issues/9)")
def last_batch_dropped(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X) - batch_size + 1, batch_size):
        batch = order[start:start + batch_size]
        yield X[batch], y[batch]


# --- notebook 07 ---------------------------------------------------------------

@blind("what_next", "init_deep_params", ("unnamed",),
       "range(1, len(layer_sizes) - 1): the output layer never created (DL.AI "
       "initialize_parameters_deep 'for l in range(1, L)', github.com/lehoangan2906/"
       "C1.-Neural-Networks-and-Deep-Learning)")
def output_layer_missing(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer in range(1, len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


@blind("what_next", "forward_deep",
       ("fp.ignores_argument", "fp.wrong_activation", "forward_deep.ignores_activation"),
       "ReLU in every hidden layer whatever activation= says (DL.AI L_model_forward: "
       "'[LINEAR->RELU]*(L-1)' hard-wired, github.com/SourceLink/depeLearning)")
def activation_argument_ignored(X, params, activation="relu"):
    L = len(params) // 2
    cache = {}
    a = X
    for layer in range(1, L + 1):
        z = a @ params[f"W{layer}"].T + params[f"b{layer}"]
        cache[f"z{layer}"] = z
        if layer < L:
            a = relu(z)
            cache[f"a{layer}"] = a
    y_hat = sigmoid(cache[f"z{L}"]).ravel()
    return y_hat, cache


@blind("what_next", "backward_deep", ("unnamed",),
       "the sigmoid's slope taken at the activation a, not at z: sigmoid applied twice (DL.AI "
       "sigmoid_backward(dA, activation_cache) given A; tech.apdaga.com week 4 assignment)")
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
                s = sigmoid(cache[f"a{layer - 1}"])
                slope = s * (1.0 - s)
            dz = (dz @ params[f"W{layer}"]) * slope
    return grads


@blind("what_next", "momentum_step",
       ("fp.missing_factor", "momentum.missing_one_minus_beta", "momentum_step.classic_momentum"),
       "v = beta * v + g: CS231n's momentum (v = mu * v - lr * dx) mixed with Ng's average, the (1 - beta) "
       "lost (cs231n.github.io/neural-networks-3 momentum update)")
def one_minus_beta_lost(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {name: np.zeros_like(p) for name, p in params.items()}
    new_params, new_velocity = {}, {}
    for name, p in params.items():
        v = beta * velocity[name] + grads["d" + name]
        new_velocity[name] = v
        new_params[name] = p - lr * v
    return new_params, new_velocity


@blind("what_next", "adam_step", ("adam.no_bias_correction", "adam_step.adam_without_bias_correction"),
       "no bias correction: m and v used raw (github.com/BVLC/caffe/issues/4224, "
       "github.com/oxiglade/mlx-rs/issues/301)")
def bias_correction_missing(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
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


@blind("what_next", "softmax_classifier_loss",
       ("fp.missing_term", "what_next.no_reg_in_grads",
        "softmax_classifier_loss.penalty_missing_from_gradients"),
       "the penalty in the loss but not its gradient reg * W (CS231n case study: 'dW += reg*W # "
       "regularization gradient'; bruceoutdoors.wordpress.com cs231n assignment 1 softmax)")
def regularisation_gradient_forgotten(X, y, params, reg=0.0):
    n = X.shape[0]
    Y = np.eye(params["W2"].shape[0])[y]
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    P = softmax(a1 @ params["W2"].T + params["b2"])
    penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    dz2 = (P - Y) / n
    dz1 = (dz2 @ params["W2"]) * (z1 > 0)
    grads = {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ a1, "db2": dz2.sum(axis=0)}
    return categorical_cross_entropy(Y, P) + float(penalty), grads


@blind("what_next", "softmax_classifier_train",
       ("what_next.penalty_in_history", "softmax_classifier_train.penalty_in_history"),
       "the history's loss recorded with the penalty in it (CS231n case study prints "
       "loss = data_loss + reg_loss; python-pypi.wekeepcoding.com/article/13489896)")
def penalty_in_history(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    params = init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        loss, grads = softmax_classifier_loss(X, y, params, reg)
        history["loss"].append(float(loss))
        history["val_loss"].append(softmax_classifier_loss(X_val, y_val, params)[0])
        history["acc"].append(float(np.mean(predict_classes(X, params) == y)))
        history["val_acc"].append(float(np.mean(predict_classes(X_val, params) == y_val)))
        params = {name: p - lr * grads["d" + name] for name, p in params.items()}
    return params, history
