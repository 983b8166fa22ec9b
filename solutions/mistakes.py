"""The catalogue of known mistakes: small buggy variants of the reference.

Instructor side only, like the rest of ``solutions``: these are near-solutions.
Each entry is a real function whose code can replace its blank's solution cell
(``Variant.code``, the function renamed to the blank): it uses only names that
notebook defines (np, its given cells, other blanks of the same notebook). A
constants blank (gates, hyperparameters) is a function without parameters whose
body assigns the constants and ends with ``return locals()``.

Two kinds of entries:

- ``@diagnosed(notebook, blank, hint)``: the ``autograder`` recognises the
  mistake from data, each mutant's outputs on the fixture inputs
  (``autograder/fixtures/mistakes.npz``, written by ``python -m nncourse.fixtures``),
  and shows ``hint`` after "Hint:". The students' package never sees this code.
- ``@mistake(notebook, blank, phrase)``: the check's own message names the
  mistake (a warning, a shape, a property); ``phrase`` is words it contains.
"""

import ast
import importlib
import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from solutions.activations import leaky_relu, relu, sigmoid, tanh
from solutions.backprop import backward, sgd_step
from solutions.forward_pass import init_params
from solutions.losses import binary_cross_entropy, categorical_cross_entropy, softmax
from solutions.perceptron import AND_B, AND_W, OR_B, OR_W, perceptron
from solutions.training import accuracy, forward

#: blanks that are constants, not functions: blank -> the names its cell assigns
CONSTANTS: dict[str, tuple[str, ...]] = {
    "gates": ("AND_W", "AND_B", "OR_W", "OR_B", "NAND_W", "NAND_B"),
    "hyperparameters": ("HIDDEN", "LR", "EPOCHS"),
}


def cell_code(fn: Callable, blank: str) -> str:
    """The source of ``fn`` as the solution cell of ``blank``: renamed, undecorated, no docstring.

    For a constants blank, only the body's assignments (the final ``return`` dropped).
    """
    node = ast.parse(textwrap.dedent(inspect.getsource(fn))).body[0]
    body = node.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and len(body) > 1:
        body = body[1:]
    if blank in CONSTANTS:
        return ast.unparse(ast.Module(body=[s for s in body if not isinstance(s, ast.Return)],
                                      type_ignores=[]))
    node.name, node.decorator_list, node.body = blank, [], body
    return ast.unparse(node)


@dataclass(frozen=True)
class Variant:
    """A hand-written implementation of one blank that can replace its solution cell.

    id: "<blank>.<function name>"; blank: the blank (its solution cell's grade_id);
    notebook: the ``solutions`` module that mirrors the notebook; fn: the function.
    """

    id: str
    blank: str
    notebook: str
    fn: Callable

    @property
    def code(self) -> str:
        """The solution cell's source when this variant is injected."""
        return cell_code(self.fn, self.blank)

    def names(self) -> frozenset[str]:
        """Every name the code reads (the blanks it calls are among them)."""
        return frozenset(n.id for n in ast.walk(ast.parse(self.code))
                         if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load))

    def load(self):
        """What the notebook defines once the cell has run: the function, or a dict of the constants.

        The code runs in a copy of the reference module's namespace, which holds
        the same names as the notebook (np, the other blanks, the given functions).
        """
        namespace = dict(vars(importlib.import_module(f"solutions.{self.notebook}")))
        exec(compile(self.code, f"<{self.id}>", "exec"), namespace)
        if self.blank in CONSTANTS:
            return {name: namespace[name] for name in CONSTANTS[self.blank]}
        return namespace[self.blank]


@dataclass(frozen=True)
class Mistake(Variant):
    """A catalogued mistake.

    hint: words the check's message must contain when it catches the mistake;
    diagnosed: True when the autograder names it from its stored outputs (then
    ``hint`` is the whole one-line hint it shows), False when the check's own
    message does.
    """

    hint: str
    diagnosed: bool = False


MISTAKES: list[Mistake] = []


def mistake(notebook: str, blank: str, hint: str, diagnosed: bool = False) -> Callable[[Callable], Callable]:
    """Register the decorated function as a buggy variant of ``blank`` that the check names."""
    def register(fn: Callable) -> Callable:
        MISTAKES.append(Mistake(f"{blank}.{fn.__name__}", blank, notebook, fn, hint, diagnosed))
        return fn
    return register


def diagnosed(notebook: str, blank: str, hint: str) -> Callable[[Callable], Callable]:
    """Register a buggy variant that the autograder recognises from its outputs, showing ``hint``."""
    return mistake(notebook, blank, hint, diagnosed=True)


# --- notebook 01: the perceptron, the gates, the learning rule, XOR -----------

@mistake("perceptron", "perceptron", "use >= rather than >")
def strict_inequality(x, w, b):
    return 1 if np.dot(w, x) + b > 0 else 0


@diagnosed("perceptron", "perceptron",
           "you leave out the bias: the unit fires when w·x + b >= 0, so add b before comparing with 0.")
def ignores_bias(x, w, b):
    return 1 if np.dot(w, x) >= 0 else 0


@mistake("perceptron", "perceptron", "Return 1 or 0")
def returns_bool(x, w, b):
    return np.dot(w, x) + b >= 0


@diagnosed("perceptron", "gates",
           "your OR needs both inputs on, like AND: its bias is too negative. OR must fire as soon "
           "as one input is on, so w·x + b >= 0 already for x = (0, 1).")
def or_copies_and_bias():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -1.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@diagnosed("perceptron", "gates",
           "your NAND outputs 1 for every input: NAND is NOT AND, so its weights and bias are "
           "the negatives of AND's.")
def nand_with_and_weights():
    AND_W = np.array([1.0, 1.0])
    AND_B = -1.5
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([1.0, 1.0])
    NAND_B = 1.5
    return locals()


@mistake("perceptron", "gates", "lies exactly on the line")
def and_on_the_line():
    AND_W = np.array([1.0, 1.0])
    AND_B = -2.0
    OR_W = np.array([1.0, 1.0])
    OR_B = -0.5
    NAND_W = np.array([-1.0, -1.0])
    NAND_B = 1.5
    return locals()


@diagnosed("perceptron", "train_perceptron",
           "you never update the bias: b moves with every update too, b = b + lr * (y - prediction).")
def never_updates_bias(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            step = lr * (y_i - perceptron(x_i, w, b))
            if step != 0:
                w = w + step * x_i
                n_wrong += 1
        errors.append(n_wrong)
    return w, b, errors


@diagnosed("perceptron", "train_perceptron",
           "errors[k] must count the mistakes of epoch k alone: reset the counter to 0 at the "
           "start of every epoch.")
def errors_not_reset(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
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


@diagnosed("perceptron", "train_perceptron",
           "you ignore lr: scale every update by the learning rate, w = w + lr * (y - prediction) * x.")
def ignores_lr(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float64)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
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


@diagnosed("perceptron", "xor",
           "your xor is OR alone: no single perceptron separates XOR. Feed OR(x) and NAND(x) "
           "into a second layer that ANDs them.")
def xor_is_or(x):
    return perceptron(x, OR_W, OR_B)


@diagnosed("perceptron", "xor",
           "your network computes AND: its hidden layer must hold OR and NAND (not AND), "
           "combined by an AND.")
def hidden_and_instead_of_nand(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, AND_W, AND_B)])
    return perceptron(hidden, AND_W, AND_B)


@mistake("perceptron", "xor", "network of perceptrons")
def lookup_table(x):
    return int(x[0] != x[1])


# --- notebook 02: activations and their derivatives ---------------------------

@mistake("activations", "sigmoid", "exp of a large number overflows")
def naive_sigmoid(x):
    return 1 / (1 + np.exp(-np.asarray(x, dtype=np.float64)))


@diagnosed("activations", "sigmoid",
           "for x >= 0 you return e^-|x| / (1 + e^-|x|), which is sigmoid(-x): that form is right "
           "only for x < 0; for x >= 0 use 1 / (1 + e^-x).")
def one_branch_only(x):
    e = np.exp(-np.abs(np.asarray(x, dtype=np.float64)))
    return e / (1.0 + e)


@diagnosed("activations", "sigmoid",
           "sigmoid(x) = (1 + tanh(x / 2)) / 2: you left out the halving of x inside tanh.")
def tanh_without_half(x):
    return 0.5 * (1.0 + np.tanh(np.asarray(x, dtype=np.float64)))


@diagnosed("activations", "sigmoid_grad",
           "you apply s (1 - s) to x itself: the formula needs s = sigmoid(x), so compute s first.")
def sigmoid_grad_of_output(x):
    return x * (1 - x)


@diagnosed("activations", "sigmoid_grad",
           "1 - s**2 is the pattern of tanh's derivative: sigmoid's is s * (1 - s), with s = sigmoid(x).")
def tanh_pattern(x):
    return 1.0 - sigmoid(x) ** 2


@mistake("activations", "sigmoid_grad", "exp of a large number overflows")
def exp_form_overflows(x):
    e = np.exp(-np.asarray(x, dtype=np.float64))
    return e / (1.0 + e) ** 2


@diagnosed("activations", "tanh",
           "your tanh is sigmoid(x), which lies in (0, 1): tanh lies in (-1, 1). Use np.tanh "
           "(or 2 * sigmoid(2x) - 1).")
def tanh_as_sigmoid(x):
    return sigmoid(x)


@diagnosed("activations", "tanh",
           "2 * sigmoid(x) - 1 is tanh(x / 2): tanh(x) = 2 * sigmoid(2x) - 1, so double x inside.")
def missing_double(x):
    return 2.0 * sigmoid(x) - 1.0


@mistake("activations", "tanh", "works elementwise on arrays")
def math_tanh(x):
    import math

    return math.tanh(x)


@diagnosed("activations", "tanh_grad",
           "tanh_grad computes 1 - x**2: the derivative is 1 - tanh(x)**2, so apply tanh to x first.")
def tanh_grad_of_input(x):
    return 1.0 - np.asarray(x, dtype=np.float64) ** 2


@diagnosed("activations", "tanh_grad",
           "square tanh: the derivative is 1 - tanh(x)**2, not 1 - tanh(x).")
def tanh_not_squared(x):
    return 1.0 - tanh(x)


@diagnosed("activations", "tanh_grad",
           "t * (1 - t) is the pattern of sigmoid's derivative: tanh's is 1 - t**2, with t = tanh(x).")
def sigmoid_pattern(x):
    t = tanh(x)
    return t * (1.0 - t)


@diagnosed("activations", "relu",
           "np.abs turns negative inputs positive: relu sets them to 0 (np.maximum(0, x)).")
def relu_abs(x):
    return np.abs(np.asarray(x, dtype=np.float64))


@mistake("activations", "relu", "in place")
def relu_in_place(x):
    x = np.asarray(x, dtype=np.float64)
    x[x < 0] = 0.0
    return x


@diagnosed("activations", "relu",
           "np.minimum keeps the negative part: relu keeps the positive part, with np.maximum.")
def relu_minimum(x):
    return np.minimum(0.0, np.asarray(x, dtype=np.float64))


@diagnosed("activations", "relu",
           "relu returns exactly 0 for negative inputs: you give them a small slope, which is "
           "leaky ReLU.")
def relu_leaks(x):
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(0.01 * x, x)


@diagnosed("activations", "relu_grad",
           "relu_grad returns relu(x) itself: the derivative of relu is a step, 1 where x > 0 "
           "and 0 elsewhere.")
def relu_grad_returns_relu(x):
    return relu(x)


@mistake("activations", "relu_grad", ".astype(float)")
def relu_grad_boolean(x):
    return np.asarray(x) > 0


@diagnosed("activations", "relu_grad",
           "your step is flipped: relu's slope is 1 for x > 0 and 0 for x < 0.")
def relu_grad_flipped(x):
    return (np.asarray(x, dtype=np.float64) < 0).astype(np.float64)


@diagnosed("activations", "relu_grad",
           "relu is flat for x < 0, so its slope there is 0, not 1.")
def relu_grad_all_ones(x):
    return np.ones_like(np.asarray(x, dtype=np.float64))


@diagnosed("activations", "leaky_relu",
           "you apply alpha on the positive side: leaky_relu is x for x >= 0 and alpha * x for x < 0.")
def alpha_on_positive_side(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, alpha * x, x)


@diagnosed("activations", "leaky_relu",
           "you ignore the alpha argument: scale negative inputs by alpha, not by a fixed 0.1.")
def leaky_ignores_alpha(x, alpha=0.1):
    x = np.asarray(x, dtype=np.float64)
    return np.where(x >= 0, x, 0.1 * x)


@diagnosed("activations", "leaky_relu",
           "np.maximum(alpha, x) cuts x off at the constant alpha: the negative side is alpha "
           "times x, not alpha.")
def maximum_with_alpha(x, alpha=0.1):
    return np.maximum(alpha, np.asarray(x, dtype=np.float64))


@diagnosed("activations", "leaky_relu_grad",
           "you ignore the alpha argument: the slope for x < 0 is alpha, not a fixed 0.1.")
def leaky_grad_ignores_alpha(x, alpha=0.1):
    return np.where(np.asarray(x, dtype=np.float64) >= 0, 1.0, 0.1)


@diagnosed("activations", "leaky_relu_grad",
           "that is relu's derivative: leaky relu's slope for x < 0 is alpha, not 0.")
def leaky_grad_zero_on_negative(x, alpha=0.1):
    return (np.asarray(x, dtype=np.float64) > 0).astype(np.float64)


@diagnosed("activations", "leaky_relu_grad",
           "leaky_relu_grad returns leaky_relu(x) itself: the derivative is 1 for x >= 0 and "
           "alpha for x < 0.")
def leaky_grad_returns_leaky(x, alpha=0.1):
    return leaky_relu(x, alpha)


@diagnosed("activations", "leaky_relu_grad",
           "your two slopes are swapped: 1 for x >= 0, alpha for x < 0.")
def leaky_grad_swapped(x, alpha=0.1):
    return np.where(np.asarray(x, dtype=np.float64) >= 0, alpha, 1.0)


# --- notebook 03: losses and their gradients ----------------------------------

@mistake("losses", "binary_cross_entropy", "clip probabilities")
def bce_without_clipping(y, y_hat, eps=1e-9):
    y, p = np.ravel(y).astype(float), np.ravel(y_hat).astype(float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


@diagnosed("losses", "binary_cross_entropy",
           "you sum over the batch: the loss is a mean, so divide by N (np.mean).")
def bce_summed(y, y_hat, eps=1e-9):
    y, p = np.ravel(y).astype(float), np.clip(np.ravel(y_hat).astype(float), eps, 1 - eps)
    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))


@diagnosed("losses", "binary_cross_entropy",
           "your loss is negative: cross-entropy is minus the mean log-likelihood, "
           "-mean(y log p + (1 - y) log(1 - p)).")
def bce_sign_flipped(y, y_hat, eps=1e-9):
    y, p = np.ravel(y).astype(float), np.clip(np.ravel(y_hat).astype(float), eps, 1 - eps)
    return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


@diagnosed("losses", "binary_cross_entropy",
           "with y of shape (N, 1) and y_hat of shape (N,), y * log(y_hat) broadcasts to an (N, N) "
           "table: flatten both with .ravel() first.")
def bce_without_ravel(y, y_hat, eps=1e-9):
    y = np.asarray(y, dtype=np.float64)
    p = np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


@diagnosed("losses", "binary_cross_entropy_grad",
           "you never divide by N: the loss is a mean, so every entry of its gradient carries 1/N.")
def bce_grad_not_averaged(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    p = np.clip(y_hat, eps, 1 - eps)
    return (p - np.reshape(y, y_hat.shape)) / (p * (1 - p))


@diagnosed("losses", "binary_cross_entropy_grad",
           "the sign is flipped: the gradient is (y_hat - y) / (y_hat (1 - y_hat)) / N, positive "
           "where y_hat is above the label.")
def bce_grad_sign_flipped(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    p = np.clip(y_hat, eps, 1 - eps)
    return (np.reshape(y, y_hat.shape) - p) / (p * (1 - p)) / y_hat.size


@mistake("losses", "binary_cross_entropy_grad", "clip the values you divide by")
def bce_grad_without_clipping(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return (y_hat - np.reshape(y, y_hat.shape)) / (y_hat * (1 - y_hat)) / y_hat.size


@diagnosed("losses", "binary_cross_entropy_grad",
           "(y_hat - y) / N is the gradient with respect to the logit z (sigmoid and BCE together): "
           "here differentiate with respect to y_hat, (y_hat - y) / (y_hat (1 - y_hat)) / N.")
def bce_grad_with_respect_to_logit(y, y_hat, eps=1e-9):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return (y_hat - np.reshape(y, y_hat.shape)) / y_hat.size


@mistake("losses", "softmax", "subtract the row's max")
def softmax_without_shift(z):
    e = np.exp(np.asarray(z, dtype=np.float64))
    return e / e.sum(axis=1, keepdims=True)


@mistake("losses", "softmax", "normalise over axis=1")
def softmax_over_columns(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


@mistake("losses", "softmax", "keepdims=True")
def softmax_without_keepdims(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)


@diagnosed("losses", "softmax",
           "you divide by the sum of the whole array: divide each row by its own sum "
           "(axis=1, keepdims=True).")
def softmax_whole_array(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max())
    return e / e.sum()


@mistake("losses", "categorical_cross_entropy", "clip probabilities")
def cce_without_clipping(Y, P, eps=1e-9):
    return float(-np.mean(np.sum(Y * np.log(P), axis=1)))


@diagnosed("losses", "categorical_cross_entropy",
           "you sum over the examples too: the loss is the mean over rows of -sum_k Y log P.")
def cce_summed(Y, P, eps=1e-9):
    return float(-np.sum(Y * np.log(np.clip(P, eps, 1.0))))


@diagnosed("losses", "categorical_cross_entropy",
           "np.mean over all N x K entries also divides by the number of classes K: sum over the "
           "classes (axis=1), then average over the rows.")
def cce_mean_over_entries(Y, P, eps=1e-9):
    return float(-np.mean(Y * np.log(np.clip(P, eps, 1.0))))


@diagnosed("losses", "categorical_cross_entropy",
           "your loss is negative: take minus the mean log-probability of the true class.")
def cce_sign_flipped(Y, P, eps=1e-9):
    return float(np.mean(np.sum(Y * np.log(np.clip(P, eps, 1.0)), axis=1)))


@diagnosed("losses", "mse",
           "you average |y - y_hat| (the mean absolute error): square the differences instead.")
def mse_without_square(y, y_hat):
    return float(np.mean(np.abs(np.ravel(y) - np.ravel(y_hat))))


@diagnosed("losses", "mse",
           "you sum the squared differences: the MSE is their mean, so divide by N (np.mean).")
def mse_summed(y, y_hat):
    return float(np.sum((np.ravel(y) - np.ravel(y_hat)) ** 2))


@diagnosed("losses", "mse",
           "the course's MSE has no factor 1/2: it is mean((y - y_hat)**2).")
def mse_halved(y, y_hat):
    return float(0.5 * np.mean((np.ravel(y) - np.ravel(y_hat)) ** 2))


@diagnosed("losses", "mse",
           "that is the root mean squared error: drop the square root.")
def mse_rooted(y, y_hat):
    return float(np.sqrt(np.mean((np.ravel(y) - np.ravel(y_hat)) ** 2)))


@diagnosed("losses", "mse_grad",
           "you lost the 2: d/dy_hat (y_hat - y)**2 = 2 (y_hat - y), then divide by N.")
def mse_grad_without_two(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return (y_hat - np.reshape(y, y_hat.shape)) / y_hat.size


@diagnosed("losses", "mse_grad",
           "you never divide by N: the MSE is a mean, so its gradient carries a factor 1/N.")
def mse_grad_not_averaged(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return 2.0 * (y_hat - np.reshape(y, y_hat.shape))


@diagnosed("losses", "mse_grad",
           "the sign is flipped: the gradient is 2 (y_hat - y) / N, positive where y_hat is too large.")
def mse_grad_sign_flipped(y, y_hat):
    y_hat = np.asarray(y_hat, dtype=np.float64)
    return 2.0 * (np.reshape(y, y_hat.shape) - y_hat) / y_hat.size


# --- notebook 04: initialisation and the forward pass -------------------------

@diagnosed("forward_pass", "init_params",
           "all weights start at 0: every hidden unit then computes the same thing and gets the "
           "same gradient forever. Draw them at random, rng.normal(0, sqrt(2 / fan_in)).")
def zero_weights(n_in, n_hidden, n_out=1, seed=0):
    return {"W1": np.zeros((n_hidden, n_in)), "b1": np.zeros(n_hidden),
            "W2": np.zeros((n_out, n_hidden)), "b2": np.zeros(n_out)}


@mistake("forward_pass", "init_params", "not the variance")
def variance_as_std(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0.0, 2.0 / n_in, size=(n_hidden, n_in)), "b1": np.zeros(n_hidden),
            "W2": rng.normal(0.0, 2.0 / n_hidden, size=(n_out, n_hidden)), "b2": np.zeros(n_out)}


@diagnosed("forward_pass", "init_params",
           "He initialisation divides by fan_in, the number of inputs of the layer (n_in for W1, "
           "n_hidden for W2): you divide by its number of outputs.")
def scaled_by_fan_out(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_hidden, n_in)),
            "b1": np.zeros(n_hidden),
            "W2": rng.normal(0.0, np.sqrt(2.0 / n_out), size=(n_out, n_hidden)), "b2": np.zeros(n_out)}


@mistake("forward_pass", "init_params", "use rng.normal")
def he_uniform(n_in, n_hidden, n_out=1, seed=0):
    rng = np.random.default_rng(seed)
    a1, a2 = np.sqrt(6.0 / n_in), np.sqrt(6.0 / n_hidden)
    return {"W1": rng.uniform(-a1, a1, size=(n_hidden, n_in)), "b1": np.zeros(n_hidden),
            "W2": rng.uniform(-a2, a2, size=(n_out, n_hidden)), "b2": np.zeros(n_out)}


@diagnosed("forward_pass", "forward",
           "z1 misses the bias: add b1 after the matrix product (and b2 for z2).")
def forward_without_bias(X, params):
    z1 = X @ params["W1"].T
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


@diagnosed("forward_pass", "forward",
           "y_hat is z2 itself: apply sigmoid to z2 to turn it into probabilities.")
def forward_without_sigmoid(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return z2.ravel(), {"z1": z1, "a1": a1, "z2": z2}


@mistake("forward_pass", "forward", "use .ravel()")
def forward_column_output(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    return sigmoid(z2), {"z1": z1, "a1": a1, "z2": z2}


@mistake("forward_pass", "forward", "where a .T is needed")
def forward_missing_transpose(X, params):
    z1 = X @ params["W1"] + params["b1"]
    a1 = relu(z1)
    z2 = a1 @ params["W2"] + params["b2"]
    return sigmoid(z2).ravel(), {"z1": z1, "a1": a1, "z2": z2}


# --- notebook 05: backpropagation and the SGD step ----------------------------

@diagnosed("backprop", "backward",
           "your gradients are exactly N times too small: you divide by N twice (once in dL/dz2 "
           "and once again in dW and db). Divide only once.")
def divides_by_n_twice(X, y, params, cache):
    """The lesson's own bug: the 1/N of the mean applied in dL/dz2 and again in dW."""
    n = X.shape[0]
    dz2 = (sigmoid(cache["z2"]) - np.reshape(y, (-1, 1))) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X / n, "db1": dz1.mean(axis=0),
            "dW2": dz2.T @ cache["a1"] / n, "db2": dz2.mean(axis=0)}


@diagnosed("backprop", "backward",
           "your gradients are exactly N times too large: the loss is a mean, so "
           "dL/dz2 = (y_hat - y) / N. Divide by N once.")
def never_divides_by_n(X, y, params, cache):
    dz2 = sigmoid(cache["z2"]) - np.reshape(y, (-1, 1))
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0),
            "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@diagnosed("backprop", "backward",
           "dz1 misses the ReLU derivative: multiply dL/da1 = dz2 @ W2 by relu'(z1) = (z1 > 0).")
def drops_relu_derivative(X, y, params, cache):
    n = X.shape[0]
    dz2 = (sigmoid(cache["z2"]) - np.reshape(y, (-1, 1))) / n
    dz1 = dz2 @ params["W2"]
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0),
            "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@mistake("backprop", "backward", "transpose of the expected shape")
def wrong_transpose(X, y, params, cache):
    n = X.shape[0]
    dz2 = (sigmoid(cache["z2"]) - np.reshape(y, (-1, 1))) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": X.T @ dz1, "db1": dz1.sum(axis=0),
            "dW2": cache["a1"].T @ dz2, "db2": dz2.sum(axis=0)}


@mistake("backprop", "backward", "sum over the batch")
def bias_gradient_not_summed(X, y, params, cache):
    n = X.shape[0]
    dz2 = (sigmoid(cache["z2"]) - np.reshape(y, (-1, 1))) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1, "dW2": dz2.T @ cache["a1"], "db2": dz2}


@diagnosed("backprop", "backward",
           "every gradient has the opposite sign: dL/dz2 = (y_hat - y) / N, not (y - y_hat) / N.")
def backward_sign_flipped(X, y, params, cache):
    n = X.shape[0]
    dz2 = (np.reshape(y, (-1, 1)) - sigmoid(cache["z2"])) / n
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0),
            "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}


@diagnosed("backprop", "sgd_step",
           "you add the gradient: gradient descent steps against it, p - lr * dp.")
def gradient_ascent(params, grads, lr):
    return {k: p + lr * grads["d" + k] for k, p in params.items()}


@mistake("backprop", "sgd_step", "in place")
def sgd_in_place(params, grads, lr):
    for k in params:
        params[k] -= lr * grads["d" + k]
    return params


@diagnosed("backprop", "sgd_step",
           "you ignore lr: the step is the gradient scaled by the learning rate, p - lr * dp.")
def sgd_ignores_lr(params, grads, lr):
    return {k: p - grads["d" + k] for k, p in params.items()}


@diagnosed("backprop", "sgd_step",
           "you divide by lr: the step is the learning rate times the gradient, p - lr * dp.")
def sgd_divides_by_lr(params, grads, lr):
    return {k: p - grads["d" + k] / lr for k, p in params.items()}


# --- notebook 06: the split, predictions, accuracy, the loop, the target -------

@mistake("training", "train_val_split", "shuffle first")
def split_without_shuffle(X, y, val_fraction=0.2, seed=0):
    n_val = round(val_fraction * len(X))
    return X[n_val:], X[:n_val], y[n_val:], y[:n_val]


@mistake("training", "train_val_split", "same permutation")
def split_shuffles_separately(X, y, val_fraction=0.2, seed=0):
    rng = np.random.default_rng(seed)
    X, y = X[rng.permutation(len(X))], y[rng.permutation(len(y))]
    n_val = round(val_fraction * len(X))
    return X[n_val:], X[:n_val], y[n_val:], y[:n_val]


@mistake("training", "train_val_split", "default_rng(seed)")
def split_unseeded(X, y, val_fraction=0.2, seed=0):
    order = np.random.permutation(len(X))
    n_val = round(val_fraction * len(X))
    return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]


@mistake("training", "train_val_split", "expected about val_fraction * N")
def split_holds_out_training_share(X, y, val_fraction=0.2, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = round((1 - val_fraction) * len(X))
    return X[order[n_val:]], X[order[:n_val]], y[order[n_val:]], y[order[:n_val]]


@diagnosed("training", "predict",
           "you ignore the threshold argument: compare y_hat with threshold, not with 0.5.")
def predict_ignores_threshold(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return (y_hat >= 0.5).astype(int)


@mistake("training", "predict", ".astype(int)")
def predict_boolean(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return y_hat >= threshold


@diagnosed("training", "predict",
           "your labels are flipped: predict 1 where y_hat >= threshold, 0 below.")
def predict_inverted(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return (y_hat < threshold).astype(int)


@mistake("training", "predict", "use .ravel()")
def predict_column(X, params, threshold=0.5):
    y_hat, _ = forward(X, params)
    return (y_hat >= threshold).astype(int).reshape(-1, 1)


@diagnosed("training", "accuracy",
           "you return the number of matching labels: divide by N to get a fraction (np.mean does both).")
def accuracy_counts(y_true, y_pred):
    return float(np.sum(np.ravel(y_true) == np.ravel(y_pred)))


@diagnosed("training", "accuracy",
           "with y_true of shape (N, 1) and y_pred of shape (N,), == broadcasts to an (N, N) table: "
           "flatten both with .ravel() first.")
def accuracy_without_ravel(y_true, y_pred):
    return float(np.mean(y_true == y_pred))


@diagnosed("training", "accuracy",
           "that is the error rate: accuracy is the fraction of labels that agree, y_true == y_pred.")
def error_rate(y_true, y_pred):
    return float(np.mean(np.ravel(y_true) != np.ravel(y_pred)))


@diagnosed("training", "train",
           "you never update the biases: step every parameter, b1 and b2 included (pass the "
           "whole dict through sgd_step).")
def never_updates_biases(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
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
        params = {**params, "W1": params["W1"] - lr * grads["dW1"],
                  "W2": params["W2"] - lr * grads["dW2"]}
    return params, history


@diagnosed("training", "train",
           "history must be measured before each epoch's update: compute the losses and "
           "accuracies first, then call sgd_step.")
def records_after_update(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        _, cache = forward(X, params)
        params = sgd_step(params, backward(X, y, params, cache), lr)
        y_hat, _ = forward(X, params)
        y_hat_val, _ = forward(X_val, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))
    return params, history


@diagnosed("training", "train",
           "val_loss comes from the training data: evaluate forward(X_val, params) against y_val.")
def validates_on_training_data(X, y, X_val, y_val, hidden=16, lr=0.5, epochs=2000, seed=0):
    params = init_params(X.shape[1], hidden, 1, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        y_hat, cache = forward(X, params)
        history["loss"].append(binary_cross_entropy(y, y_hat))
        history["val_loss"].append(binary_cross_entropy(y, y_hat))
        history["acc"].append(accuracy(y, y_hat >= 0.5))
        history["val_acc"].append(accuracy(y, y_hat >= 0.5))
        params = sgd_step(params, backward(X, y, params, cache), lr)
    return params, history


@mistake("training", "hyperparameters", "Try more epochs")
def too_few_epochs():
    HIDDEN = 64
    LR = 2.0
    EPOCHS = 100
    return locals()


@mistake("training", "hyperparameters", "LR should be in (0, 10]")
def learning_rate_out_of_range():
    HIDDEN = 16
    LR = 50.0
    EPOCHS = 300
    return locals()


@mistake("training", "hyperparameters", "HIDDEN should be an int")
def hidden_as_float():
    HIDDEN = 16.0
    LR = 2.0
    EPOCHS = 300
    return locals()


# =============================================================================
# Notebook 07 (what_next): deeper networks, momentum and Adam, softmax on three classes.
# Self-contained: each mutant uses only names that notebook 07 defines (np, relu,
# sigmoid, softmax, categorical_cross_entropy, init_params), so it can replace the
# blank's solution region as it stands.
# =============================================================================


@mistake("what_next", "init_deep_params", "Xavier")
def xavier_scale(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[i - 1], layer_sizes[i]
        params[f"W{i}"] = rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_out, n_in))
        params[f"b{i}"] = np.zeros(n_out)
    return params


@mistake("what_next", "init_deep_params", "fan-in")
def scale_by_fan_out(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[i - 1], layer_sizes[i]
        params[f"W{i}"] = rng.normal(0.0, np.sqrt(2.0 / n_out), size=(n_out, n_in))
        params[f"b{i}"] = np.zeros(n_out)
    return params


@mistake("what_next", "init_deep_params", "transpose")
def transposed_weights(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[i - 1], layer_sizes[i]
        params[f"W{i}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
        params[f"b{i}"] = np.zeros(n_out)
    return params


@mistake("what_next", "init_deep_params", "create the generator once")
def generator_per_layer(layer_sizes, seed=0):
    params = {}
    for i in range(1, len(layer_sizes)):
        rng = np.random.default_rng(seed)
        n_in, n_out = layer_sizes[i - 1], layer_sizes[i]
        params[f"W{i}"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params[f"b{i}"] = np.zeros(n_out)
    return params


@mistake("what_next", "forward_deep", "lacks the bias")
def deep_forward_without_bias(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    n_layers = len(params) // 2
    cache, a = {}, X
    for i in range(1, n_layers + 1):
        z = a @ params[f"W{i}"].T
        cache[f"z{i}"] = z
        if i < n_layers:
            a = act(z)
            cache[f"a{i}"] = a
    return sigmoid(cache[f"z{n_layers}"]).ravel(), cache


@mistake("what_next", "forward_deep", "no ReLU on the output layer")
def relu_before_output_sigmoid(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    n_layers = len(params) // 2
    cache, a = {}, X
    for i in range(1, n_layers + 1):
        z = a @ params[f"W{i}"].T + params[f"b{i}"]
        cache[f"z{i}"] = z
        if i < n_layers:
            a = act(z)
            cache[f"a{i}"] = a
    return sigmoid(relu(cache[f"z{n_layers}"])).ravel(), cache


@mistake("what_next", "forward_deep", "activation='sigmoid'")
def ignores_activation(X, params, activation="relu"):
    n_layers = len(params) // 2
    cache, a = {}, X
    for i in range(1, n_layers + 1):
        z = a @ params[f"W{i}"].T + params[f"b{i}"]
        cache[f"z{i}"] = z
        if i < n_layers:
            a = relu(z)
            cache[f"a{i}"] = a
    return sigmoid(cache[f"z{n_layers}"]).ravel(), cache


@mistake("what_next", "forward_deep", "missing")
def stops_one_layer_early(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    n_layers = len(params) // 2
    cache, a = {}, X
    for i in range(1, n_layers):
        cache[f"z{i}"] = a @ params[f"W{i}"].T + params[f"b{i}"]
        a = act(cache[f"z{i}"])
        cache[f"a{i}"] = a
    return sigmoid(a @ params[f"W{n_layers}"].T + params[f"b{n_layers}"]).ravel(), cache


@mistake("what_next", "forward_deep", ".ravel()")
def column_output(X, params, activation="relu"):
    act = relu if activation == "relu" else sigmoid
    n_layers = len(params) // 2
    cache, a = {}, X
    for i in range(1, n_layers + 1):
        z = a @ params[f"W{i}"].T + params[f"b{i}"]
        cache[f"z{i}"] = z
        if i < n_layers:
            a = act(z)
            cache[f"a{i}"] = a
    return sigmoid(cache[f"z{n_layers}"]), cache


@mistake("what_next", "backward_deep", "divide by N twice")
def divides_by_n_in_every_layer(X, y, params, cache, activation="relu"):
    n_layers, n = len(params) // 2, X.shape[0]
    dz = (sigmoid(cache[f"z{n_layers}"]) - np.reshape(y, (-1, 1))) / n
    grads = {}
    for i in range(n_layers, 0, -1):
        a_prev = X if i == 1 else cache[f"a{i - 1}"]
        grads[f"dW{i}"] = dz.T @ a_prev
        grads[f"db{i}"] = dz.sum(axis=0)
        if i > 1:
            z = cache[f"z{i - 1}"]
            slope = (z > 0) if activation == "relu" else sigmoid(z) * (1 - sigmoid(z))
            dz = (dz @ params[f"W{i}"]) * slope / n
    return grads


@mistake("what_next", "backward_deep", "never divide by N")
def deep_never_divides_by_n(X, y, params, cache, activation="relu"):
    n_layers = len(params) // 2
    dz = sigmoid(cache[f"z{n_layers}"]) - np.reshape(y, (-1, 1))
    grads = {}
    for i in range(n_layers, 0, -1):
        a_prev = X if i == 1 else cache[f"a{i - 1}"]
        grads[f"dW{i}"] = dz.T @ a_prev
        grads[f"db{i}"] = dz.sum(axis=0)
        if i > 1:
            z = cache[f"z{i - 1}"]
            slope = (z > 0) if activation == "relu" else sigmoid(z) * (1 - sigmoid(z))
            dz = (dz @ params[f"W{i}"]) * slope
    return grads


@mistake("what_next", "backward_deep", "passing the gradient back")
def forgets_relu_mask(X, y, params, cache, activation="relu"):
    n_layers, n = len(params) // 2, X.shape[0]
    dz = (sigmoid(cache[f"z{n_layers}"]) - np.reshape(y, (-1, 1))) / n
    grads = {}
    for i in range(n_layers, 0, -1):
        a_prev = X if i == 1 else cache[f"a{i - 1}"]
        grads[f"dW{i}"] = dz.T @ a_prev
        grads[f"db{i}"] = dz.sum(axis=0)
        if i > 1:
            dz = dz @ params[f"W{i}"]
    return grads


@mistake("what_next", "backward_deep", "you kept the batch axis")
def bias_gradient_per_sample(X, y, params, cache, activation="relu"):
    n_layers, n = len(params) // 2, X.shape[0]
    dz = (sigmoid(cache[f"z{n_layers}"]) - np.reshape(y, (-1, 1))) / n
    grads = {}
    for i in range(n_layers, 0, -1):
        a_prev = X if i == 1 else cache[f"a{i - 1}"]
        grads[f"dW{i}"] = dz.T @ a_prev
        grads[f"db{i}"] = dz
        if i > 1:
            z = cache[f"z{i - 1}"]
            slope = (z > 0) if activation == "relu" else sigmoid(z) * (1 - sigmoid(z))
            dz = (dz @ params[f"W{i}"]) * slope
    return grads


@mistake("what_next", "backward_deep", "sigmoid's slope")
def relu_mask_for_sigmoid(X, y, params, cache, activation="relu"):
    n_layers, n = len(params) // 2, X.shape[0]
    dz = (sigmoid(cache[f"z{n_layers}"]) - np.reshape(y, (-1, 1))) / n
    grads = {}
    for i in range(n_layers, 0, -1):
        a_prev = X if i == 1 else cache[f"a{i - 1}"]
        grads[f"dW{i}"] = dz.T @ a_prev
        grads[f"db{i}"] = dz.sum(axis=0)
        if i > 1:
            dz = (dz @ params[f"W{i}"]) * (cache[f"z{i - 1}"] > 0)
    return grads


@mistake("what_next", "momentum_step", "(1 - beta)")
def classic_momentum(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {k: np.zeros_like(p) for k, p in params.items()}
    new_velocity = {k: beta * velocity[k] + grads["d" + k] for k in params}
    return {k: p - lr * new_velocity[k] for k, p in params.items()}, new_velocity


@mistake("what_next", "momentum_step", "not the raw gradient")
def steps_with_the_gradient(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {k: np.zeros_like(p) for k, p in params.items()}
    new_velocity = {k: beta * velocity[k] + (1 - beta) * grads["d" + k] for k in params}
    return {k: p - lr * grads["d" + k] for k, p in params.items()}, new_velocity


@mistake("what_next", "momentum_step", "keys of params")
def velocity_keyed_like_grads(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {"d" + k: np.zeros_like(p) for k, p in params.items()}
    new_velocity = {"d" + k: beta * velocity["d" + k] + (1 - beta) * grads["d" + k] for k in params}
    return {k: p - lr * new_velocity["d" + k] for k, p in params.items()}, new_velocity


@mistake("what_next", "momentum_step", "honour the beta argument")
def fixed_beta(params, grads, velocity, lr, beta=0.9):
    if velocity is None:
        velocity = {k: np.zeros_like(p) for k, p in params.items()}
    new_velocity = {k: 0.9 * velocity[k] + 0.1 * grads["d" + k] for k in params}
    return {k: p - lr * new_velocity[k] for k, p in params.items()}, new_velocity


@mistake("what_next", "adam_step", "bias correction")
def adam_without_bias_correction(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                 "v": {k: np.zeros_like(p) for k, p in params.items()}}
    m = {k: beta1 * state["m"][k] + (1 - beta1) * grads["d" + k] for k in params}
    v = {k: beta2 * state["v"][k] + (1 - beta2) * grads["d" + k] ** 2 for k in params}
    new = {k: p - lr * m[k] / (np.sqrt(v[k]) + eps) for k, p in params.items()}
    return new, {"t": state["t"] + 1, "m": m, "v": v}


@mistake("what_next", "adam_step", "outside the square root")
def adam_eps_inside_sqrt(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                 "v": {k: np.zeros_like(p) for k, p in params.items()}}
    t = state["t"] + 1
    m = {k: beta1 * state["m"][k] + (1 - beta1) * grads["d" + k] for k in params}
    v = {k: beta2 * state["v"][k] + (1 - beta2) * grads["d" + k] ** 2 for k in params}
    new = {k: p - lr * (m[k] / (1 - beta1**t)) / np.sqrt(v[k] / (1 - beta2**t) + eps)
           for k, p in params.items()}
    return new, {"t": t, "m": m, "v": v}


@mistake("what_next", "adam_step", "squared gradient")
def adam_v_of_gradient(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                 "v": {k: np.zeros_like(p) for k, p in params.items()}}
    t = state["t"] + 1
    m = {k: beta1 * state["m"][k] + (1 - beta1) * grads["d" + k] for k in params}
    v = {k: beta2 * state["v"][k] + (1 - beta2) * grads["d" + k] for k in params}
    new = {k: p - lr * (m[k] / (1 - beta1**t)) / (np.sqrt(v[k] / (1 - beta2**t)) + eps)
           for k, p in params.items()}
    return new, {"t": t, "m": m, "v": v}


@mistake("what_next", "adam_step", "Increment t")
def adam_forgets_to_count(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                 "v": {k: np.zeros_like(p) for k, p in params.items()}}
    t = state["t"] + 1
    m = {k: beta1 * state["m"][k] + (1 - beta1) * grads["d" + k] for k in params}
    v = {k: beta2 * state["v"][k] + (1 - beta2) * grads["d" + k] ** 2 for k in params}
    new = {k: p - lr * (m[k] / (1 - beta1**t)) / (np.sqrt(v[k] / (1 - beta2**t)) + eps)
           for k, p in params.items()}
    return new, {"t": state["t"], "m": m, "v": v}


@mistake("what_next", "adam_step", "did not change")
def adam_returns_old_moments(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    if state is None:
        state = {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
                 "v": {k: np.zeros_like(p) for k, p in params.items()}}
    t = state["t"] + 1
    m = {k: beta1 * state["m"][k] + (1 - beta1) * grads["d" + k] for k in params}
    v = {k: beta2 * state["v"][k] + (1 - beta2) * grads["d" + k] ** 2 for k in params}
    new = {k: p - lr * (m[k] / (1 - beta1**t)) / (np.sqrt(v[k] / (1 - beta2**t)) + eps)
           for k, p in params.items()}
    return new, {"t": t, "m": state["m"], "v": state["v"]}


@mistake("what_next", "softmax_classifier_train", "without the penalty")
def penalty_in_history(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    n, k = X.shape[0], int(np.max(y)) + 1
    Y, Y_val = np.eye(k)[y], np.eye(k)[y_val]
    params = init_params(X.shape[1], hidden, k, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        z1 = X @ params["W1"].T + params["b1"]
        a1 = relu(z1)
        P = softmax(a1 @ params["W2"].T + params["b2"])
        P_val = softmax(relu(X_val @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"])
        penalty = 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        history["loss"].append(categorical_cross_entropy(Y, P) + penalty)
        history["val_loss"].append(categorical_cross_entropy(Y_val, P_val))
        history["acc"].append(float(np.mean(P.argmax(axis=1) == y)))
        history["val_acc"].append(float(np.mean(P_val.argmax(axis=1) == y_val)))
        dz2 = (P - Y) / n
        dz1 = (dz2 @ params["W2"]) * (z1 > 0)
        grads = {"W1": dz1.T @ X + reg * params["W1"], "b1": dz1.sum(axis=0),
                 "W2": dz2.T @ a1 + reg * params["W2"], "b2": dz2.sum(axis=0)}
        params = {name: p - lr * grads[name] for name, p in params.items()}
    return params, history


@mistake("what_next", "softmax_classifier_train", "reg = 0")
def penalty_never_in_gradient(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    n, k = X.shape[0], int(np.max(y)) + 1
    Y, Y_val = np.eye(k)[y], np.eye(k)[y_val]
    params = init_params(X.shape[1], hidden, k, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        z1 = X @ params["W1"].T + params["b1"]
        a1 = relu(z1)
        P = softmax(a1 @ params["W2"].T + params["b2"])
        P_val = softmax(relu(X_val @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"])
        history["loss"].append(categorical_cross_entropy(Y, P))
        history["val_loss"].append(categorical_cross_entropy(Y_val, P_val))
        history["acc"].append(float(np.mean(P.argmax(axis=1) == y)))
        history["val_acc"].append(float(np.mean(P_val.argmax(axis=1) == y_val)))
        dz2 = (P - Y) / n
        dz1 = (dz2 @ params["W2"]) * (z1 > 0)
        grads = {"W1": dz1.T @ X, "b1": dz1.sum(axis=0), "W2": dz2.T @ a1, "b2": dz2.sum(axis=0)}
        params = {name: p - lr * grads[name] for name, p in params.items()}
    return params, history


@mistake("what_next", "softmax_classifier_train", "before that epoch's update")
def history_after_update(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    n, k = X.shape[0], int(np.max(y)) + 1
    Y, Y_val = np.eye(k)[y], np.eye(k)[y_val]
    params = init_params(X.shape[1], hidden, k, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        z1 = X @ params["W1"].T + params["b1"]
        a1 = relu(z1)
        P = softmax(a1 @ params["W2"].T + params["b2"])
        dz2 = (P - Y) / n
        dz1 = (dz2 @ params["W2"]) * (z1 > 0)
        grads = {"W1": dz1.T @ X + reg * params["W1"], "b1": dz1.sum(axis=0),
                 "W2": dz2.T @ a1 + reg * params["W2"], "b2": dz2.sum(axis=0)}
        params = {name: p - lr * grads[name] for name, p in params.items()}
        P = softmax(relu(X @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"])
        P_val = softmax(relu(X_val @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"])
        history["loss"].append(categorical_cross_entropy(Y, P))
        history["val_loss"].append(categorical_cross_entropy(Y_val, P_val))
        history["acc"].append(float(np.mean(P.argmax(axis=1) == y)))
        history["val_acc"].append(float(np.mean(P_val.argmax(axis=1) == y_val)))
    return params, history


@mistake("what_next", "softmax_classifier_train", "compute it on X_val")
def validation_on_training_data(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
    n, k = X.shape[0], int(np.max(y)) + 1
    Y = np.eye(k)[y]
    params = init_params(X.shape[1], hidden, k, seed=seed)
    history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for _ in range(epochs):
        z1 = X @ params["W1"].T + params["b1"]
        a1 = relu(z1)
        P = softmax(a1 @ params["W2"].T + params["b2"])
        history["loss"].append(categorical_cross_entropy(Y, P))
        history["val_loss"].append(categorical_cross_entropy(Y, P))
        history["acc"].append(float(np.mean(P.argmax(axis=1) == y)))
        history["val_acc"].append(float(np.mean(P.argmax(axis=1) == y)))
        dz2 = (P - Y) / n
        dz1 = (dz2 @ params["W2"]) * (z1 > 0)
        grads = {"W1": dz1.T @ X + reg * params["W1"], "b1": dz1.sum(axis=0),
                 "W2": dz2.T @ a1 + reg * params["W2"], "b2": dz2.sum(axis=0)}
        params = {name: p - lr * grads[name] for name, p in params.items()}
    return params, history
