"""Catalogued mistakes of notebook 02: activations and their derivatives.

Registered in ``solutions.variants.MISTAKES`` in the order written here; see
``solutions.mistakes`` for what an entry is.
"""

import numpy as np

from solutions.activations import leaky_relu, relu, sigmoid, tanh
from solutions.variants import diagnosed, mistake


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
