"""Checks for notebook 02: four activations and their derivatives.

Every function must work elementwise on scalars and on arrays of any shape,
in float64. A derivative is judged on its own against stored values, then
against central differences of the student's own activation when that
activation is right.
"""

import numpy as np

from autograder.arguments import unused_parameter
from autograder.checking import (
    CheckFailed,
    all_close,
    call,
    call_isolated,
    expect_array,
    expect_close,
    expect_finite,
    expect_number,
    expect_true,
    fail,
    hint_line,
    mirrored,
    passed,
    show,
)
from autograder.fingerprints import Clues, Hypothesis, saturated_far_out
from autograder.formulas import probe_points
from autograder.gradcheck import elementwise_derivative, rel_error
from autograder.known_values import known_values
from autograder.source_facts import INTEGER_ARRAY, ROUNDED_INPUT, calls, reads

#: What an integer x leaves in the source: an array made like x, or a copy of it.
INTEGER_LIKE_FOOTPRINT = INTEGER_ARRAY | calls("copy", "astype")

NB = "activations"
BLANKS = ("sigmoid", "tanh", "relu", "leaky_relu",
          "sigmoid_grad", "tanh_grad", "relu_grad", "leaky_relu_grad")
GRAD_TOL = 1e-7
#: The leaky ReLU's alpha when the call passes none (the notebook's default).
DEFAULT_ALPHA = 0.1
#: The alpha the checks pass explicitly (``check_leaky_relu``): another value than the default.
LEAKY_ALPHA = 0.25
#: Each derivative in terms of its function's value s = f(x), as h(s, s): a student may write x
#: where s belongs in either place (the fingerprint "the input for the output").
IN_TERMS_OF_VALUE = {"sigmoid_grad": lambda a, b: a * (1.0 - b), "tanh_grad": lambda a, b: 1.0 - a * b}


#: Each blank's formula as the formula search writes it (``autograder.formulas``): what belongs.
FORMULAS = {"sigmoid": "1 / (1 + exp(-x))", "tanh": "tanh(x)", "relu": "max(x, 0)",
            "leaky_relu": "x where x > 0, alpha * x elsewhere",
            "sigmoid_grad": "sigmoid(x) * (1 - sigmoid(x))", "tanh_grad": "1 - tanh(x)**2",
            "relu_grad": "1 where x > 0, 0 elsewhere", "leaky_relu_grad": "1 where x > 0, alpha elsewhere"}


def _branches(name, x, alpha):
    """A piecewise blank's branches, each evaluated at every entry of x: {formula: values}, or {}."""
    one, zero = np.ones_like(x), np.zeros_like(x)
    return {"relu": {"x": x, "0": zero}, "leaky_relu": {"x": x, f"alpha * x (alpha = {alpha:g})": alpha * x},
            "relu_grad": {"1": one, "0": zero}, "leaky_relu_grad": {"1": one, "alpha": alpha * one}
            }.get(name, {})


def _at_alpha(name, x, alpha):
    """A leaky blank's right values at any alpha: its x > 0 branch where x > 0, its other branch elsewhere."""
    positive, negative = _branches(name, x, alpha).values()
    return np.where(x > 0, positive, negative)


def _label(name, alpha):
    return f"{name}(x)" if alpha is None else f"{name}(x, alpha={alpha})"


def _values_match(fn, name, case, alpha=None, own=None):
    """Judge fn on one stored case: array in -> float64 array of the same shape out.

    own: the student's activation when ``fn`` is its derivative (for "returns the function").
    """
    __tracebackhide__ = True
    kv = known_values(NB, name, case)
    kwargs = {} if alpha is None else {"alpha": alpha}
    label = _label(name, alpha)
    got = call_isolated(fn, kv["x"], label=label, **kwargs)
    expect_array(got, label, shape=kv["x"].shape, expected=kv["out"])
    if not all_close(got, kv["out"]):
        expect_close(got, kv["out"], label, inputs={"x": kv["x"], **kwargs},
                     mistake=f"{NB}:{name}/{case}/out", clues=_clues(fn, name, case, kwargs, own))
    return got


def _clues(fn, name, case, kwargs, own) -> Clues:
    """What a wrong elementwise output can be: at -x, another stored activation, a step, the function."""
    x, expected = known_values(NB, name, case)["x"], known_values(NB, name, case)["out"]
    clues = Clues(inputs={"x": x}, mirrored=mirrored(fn, x, expected, _label(name, kwargs.get("alpha")),
                                                     **kwargs),
                  factors={"x": x}, piecewise=(x, _branches(name, x, kwargs.get("alpha", DEFAULT_ALPHA))),
                  groups={"x < 0": x < 0, "x > 0": x > 0})
    try:  # the second probe of the formula search: the student's function at other points
        second = probe_points()
        there = call(fn, second, label=_label(name, kwargs.get("alpha")), **kwargs)
        clues.formula = (x, FORMULAS[name], [(second, there)])
    except (AssertionError, NotImplementedError, TypeError, ValueError):
        pass
    if not kwargs:
        clues.related += _clipped_far_out(fn, name, x, expected)
    clues.related += _whole_number_input(name, x, kwargs.get("alpha", DEFAULT_ALPHA))
    if name.startswith("leaky_relu"):
        alpha = kwargs.get("alpha", DEFAULT_ALPHA)
        other = LEAKY_ALPHA if alpha == DEFAULT_ALPHA else DEFAULT_ALPHA
        clues.related.append(unused_parameter(fn, (x,), "alpha", (alpha, other),
                                              lambda a: _at_alpha(name, x, a), _label(name, alpha), name))
    for other in BLANKS:
        for other_case in ("grid", "alpha"):
            try:
                stored = known_values(NB, other, other_case)
            except KeyError:
                continue
            if (other, other_case) == (name, case) or not _same(stored["x"], x):
                continue
            if other == name:
                clues.related.append(Hypothesis("fp.ignores_argument", "your values are those of the "
                                                "default alpha: use the alpha argument you are given.",
                                                stored["out"]))
            elif other.endswith("_grad") == name.endswith("_grad"):
                clues.related.append(Hypothesis("fp.wrong_activation", f"your values are those of "
                                                f"{other}: {name} is another function.", stored["out"]))
    clues.related += _relatives(name, x, kwargs.get("alpha", DEFAULT_ALPHA if "leaky" in name else 1.0))
    if not name.endswith("_grad"):
        for fires, test in ((x >= 0, "x >= 0"), (x > 0, "x > 0")):
            clues.related.append(Hypothesis("fp.step_function", f"your values are a step: 1 where {test} "
                                            f"and 0 elsewhere, a comparison's result, where {name}(x) "
                                            "takes other values.", fires.astype(float)))
    if own is not None:
        try:
            function = name.removesuffix("_grad")
            own_values = call(own, x, label=function + "(x)", **kwargs)
            clues.related.append(Hypothesis("fp.function_for_derivative", f"your {name} returns the "
                                            f"function {function}(x) itself, not its "
                                            "derivative.", own_values))
            clues.factors = {**clues.factors, f"{function}(x)": own_values}
            if name in IN_TERMS_OF_VALUE:
                clues.of_value = (function, IN_TERMS_OF_VALUE[name], own_values, x)
            if _own_is_right(own, function):  # a wrong activation would make each of these a guess
                clues.related += _compositions(own, function, name, x, expected, own_values, kwargs)
                clues.related += _finite_differences(own, function, name, x, own_values, kwargs)
        except (AssertionError, NotImplementedError, TypeError, ValueError):
            pass
    return clues


#: How an input can lose its fractions before a function sees it, and what does that
_ROUNDINGS = (("truncated toward 0", np.trunc, "an integer cast: np.asarray(x, dtype=int), x.astype(int)"),
              ("rounded down", np.floor, "np.floor(x), or x // 1"),
              ("rounded to the nearest whole number", np.rint, "np.round(x), round(x)"))


def _whole_number_input(name: str, x: np.ndarray, alpha: float) -> list[Hypothesis]:
    """A piecewise blank applied to x with its fractions lost first (an integer cast of x): the blank's
    right values at trunc(x), floor(x) or rint(x), which its branches give at any point.

    x: the case's input, any shape; alpha: the leaky blanks' slope. Roundings that give the same
    values here are named together: the values cannot tell them apart.
    """
    if not _branches(name, x, alpha):
        return []
    tried = [(how, causes, _at_alpha(name, rounding(x), alpha)) for how, rounding, causes in _ROUNDINGS]
    found, done = [], []
    for _, _, value in tried:
        if any(np.array_equal(value, v) for v in done):
            continue
        done.append(value)
        same = [(how, causes) for how, causes, v in tried if np.array_equal(v, value)]
        hows = " or ".join(how for how, _ in same)
        causes = "; ".join(causes for _, causes in same)
        fact = f"your values are {name} of x {hows}."
        said = (f"your values are {name} of x {hows}: x lost its fractions before {name} saw it ({causes}), "
                "so every x between two whole numbers is judged as one of them; keep x in floats.")
        # a two-level derivative of a rounded x is a step moved to 1 (or 0.5) on these points: only code
        # that rounds or casts can be told so, and the values alone prove no rounding
        found.append(Hypothesis("fp.rounded_input", said, value, footprint=ROUNDED_INPUT,
                                fact=None if name.endswith("_grad") else fact))
    return found


def _clipped_far_out(fn: object, name: str, x: np.ndarray, expected: np.ndarray) -> list[Hypothesis]:
    """A clip that the case shows on one entry, proven with the stored huge |x| (``saturated_far_out``).

    x, expected: the failing case's arrays, any one shape; the blank's "extreme" case, where it has
    one, holds the points beyond.
    """
    try:
        far = known_values(NB, name, "extreme")
    except KeyError:
        return []
    points = np.concatenate([x.ravel(), far["x"].ravel()])
    try:
        there = np.asarray(call(fn, points, label=_label(name, None)), dtype=np.float64)
    except (AssertionError, NotImplementedError, TypeError, ValueError):
        return []
    if there.shape != points.shape:
        return []
    found = saturated_far_out(there, np.concatenate([expected.ravel(), far["out"].ravel()]), points)
    return [found] if found else []


def _compositions(own, function, name, x, expected, own_values, kwargs) -> list[Hypothesis]:
    """A derivative composed with the student's own (right) function: at f(x) where x belongs, f of it.

    own: the student's activation ``function``, right on its own stored values (``_own_is_right``).
    The derivative at another point p comes from its formula in terms of the value, h(f(p), f(p)).
    """
    twice = call(own, own_values, label=f"{function}({function}(x))", **kwargs)
    # "applied once too often" is a cause: only for code that calls the function (the values alone
    # are the fact, which another formula can give)
    calls_it = calls(function) | reads(function)
    found = [Hypothesis("fp.composed", f"your {name} is {function} applied to the right derivative: "
                                       f"{function} once too often.",
                        call(own, expected, label=f"{function}({name}(x))", **kwargs),
                        footprint=calls_it,
                        fact=f"your {name} equals {function} applied to the right derivative.")]
    if all_close(twice, own_values):
        return found  # applied twice is applied once (ReLU): "returns the function" says it all
    found.append(Hypothesis("fp.composed", f"your {name} is {function}({function}(x)): {function} applied "
                                           "twice, where its derivative belongs.", twice,
                            footprint=calls_it,
                            fact=f"your {name} equals {function}({function}(x)), where its derivative "
                                 "belongs."))
    if name in IN_TERMS_OF_VALUE:
        found.append(Hypothesis("fp.composed", f"your {name} is the derivative taken at {function}(x) "
                                               f"where x belongs: {function} is applied twice. The "
                                               f"derivative takes the input x (the pre-activation); "
                                               f"s = {function}(x) is computed once, inside it.",
                                IN_TERMS_OF_VALUE[name](twice, twice), footprint=calls_it,
                                fact=f"your {name} equals the derivative taken at {function}(x) where x "
                                     "belongs."))
    return found


#: The steps a student may take for a derivative approximated by a difference quotient
DIFFERENCE_STEPS = (0.5, 0.1, 0.05, 0.01, 1e-3)


def _own_is_right(own, function: str) -> bool:
    """Whether the student's own activation ``function`` gives its stored values (the grid's)."""
    stored = known_values(NB, function, "grid")
    return all_close(call(own, stored["x"], label=function + "(x)"), stored["out"])


def _finite_differences(own, function, name, x, own_values, kwargs) -> list[Hypothesis]:
    """The derivative as a difference quotient of the student's own (right) ``function``: a step too
    coarse.

    x, own_values: arrays of shape (R, C), the input and own(x). Each quotient is a formula fixed
    before the output is seen (central or forward, at a step of ``DIFFERENCE_STEPS``), not fitted
    to it; the checks' tolerance is far below the error of any of these steps. Of a wrong function
    (a floored relu), a quotient's steps can fall on the points checked by chance: a 0/1 slope with
    its own slip matched one (the thirteenth set's integer-cast relu_grad beside a floored relu): so
    ``own`` must be right on its own stored values (``_own_is_right``) for these to be tried.
    """
    found = []
    for h in DIFFERENCE_STEPS:
        after = call(own, x + h, label=f"{function}(x + {h:g})", **kwargs)
        before = call(own, x - h, label=f"{function}(x - {h:g})", **kwargs)
        for kind, quotient, formula in (
                ("central", (after - before) / (2 * h), f"({function}(x + h) - {function}(x - h)) / (2h)"),
                ("forward", (after - own_values) / h, f"({function}(x + h) - {function}(x)) / h")):
            found.append(Hypothesis("fp.finite_difference", f"your {name} is the {kind} difference {formula} "
                                    f"with h = {h:g}, an approximation of the derivative, off by an amount "
                                    "that grows with h: return the exact derivative's formula (a difference "
                                    "quotient is how a gradient is checked, not computed).", quotient))
    return found


def _same(a, b) -> bool:
    return a.shape == b.shape and bool((a == b).all())


def _scalar_works(fn, name):
    """A Python float in, a single number out."""
    __tracebackhide__ = True
    kv = known_values(NB, name, "scalar")
    x = float(kv["x"])
    got = expect_number(call(fn, x, label=f"{name}({x})"), f"{name}({x})")
    expect_close(got, kv["out"], f"{name}({x})", mistake=f"{NB}:{name}/scalar/out")


#: Integer inputs, as a student writes them to try a function (np.array([-2, -1, 1, 2])): off the
#: kink x = 0, where the derivatives' conventions differ.
INT_X = np.array([[-3, -1, 2], [1, 4, -2]])
#: Why an integer x changes the values: an array made like x has x's dtype.
INTEGER_LIKE = ("an array made like x (np.ones_like(x), np.zeros_like(x), np.empty_like(x), x.copy()) takes "
                "x's integer dtype when x holds ints, so a fraction stored into it (alpha, a sigmoid value) "
                "is truncated to a whole number, and `*=` a float refuses to run. Make it a float array "
                "(np.ones_like(x, dtype=float), x.astype(float)), or build the result with np.where(x > 0, "
                "..., ...).")


def _integer_input_works(fn, name, alpha=None):
    """fn on an integer array gives what it gives on the same values as floats (already judged right)."""
    __tracebackhide__ = True
    kwargs = {} if alpha is None else {"alpha": alpha}
    label = _label(name, alpha) + " with x an integer array"
    floats = call(fn, INT_X.astype(float), label=_label(name, alpha), **kwargs)
    said = f"x = {INT_X.tolist()} holds ints (as np.array([-2, -1, 1, 2]) does)"
    try:
        got = call(fn, INT_X, label=label, **kwargs)
    except CheckFailed as exc:
        cause = exc.__cause__
        if cause is None or isinstance(cause, CheckFailed):
            raise
        text = str(exc).split("\nHint:", 1)[0]
        raise CheckFailed(f"{text}\n{said}; the same values as floats work."
                          + hint_line("fp.integer_input", f"your {name} fails on an integer array and works "
                                      f"on floats: {INTEGER_LIKE}", INTEGER_LIKE_FOOTPRINT,
                                      f"your {name} fails on an integer array and works on floats."))\
            from cause
    try:
        values = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        values = None
    if values is None or values.shape != INT_X.shape or not all_close(values, floats):
        fail(f"{label}: {said}; your {name} gives {show(got)}, and on the same values as floats "
             f"{show(floats)}. A function of numbers must give the same values whatever their dtype."
             + hint_line("fp.integer_input", f"your {name} gives other values for an integer array than "
                         f"for the same floats: {INTEGER_LIKE}", INTEGER_LIKE_FOOTPRINT,
                         f"your {name} gives other values for an integer array than for the same floats."))


def _check_activation(fn, name, alpha=None, own=None):
    __tracebackhide__ = True
    _values_match(fn, name, "grid", own=own)
    _scalar_works(fn, name)
    if alpha is not None:
        _values_match(fn, name, "alpha", alpha=alpha, own=own)
    _integer_input_works(fn, name, alpha)


def _slope_matches(grad_fn, fn, name, grad_name, alpha=None):
    """grad_fn agrees with central differences of the student's own fn.

    Returns a note for the confirmation line.
    """
    __tracebackhide__ = True
    kv = known_values(NB, grad_name, "grid")
    kwargs = {} if alpha is None else {"alpha": alpha}
    try:
        _values_match(fn, name, "grid")
    except (AssertionError, NotImplementedError):
        return f"numerical check not run: your {name} itself is not right yet"
    x = kv["x"]  # stored away from kinks, so central differences are exact enough
    analytic = call(grad_fn, x, label=_label(grad_name, alpha), **kwargs)
    numeric = elementwise_derivative(lambda v: call(fn, v, label=_label(name, alpha), **kwargs), x)
    err = rel_error(analytic, numeric)
    expect_true(err < GRAD_TOL,
                f"{grad_name} disagrees with the slope of your {name} measured by central "
                f"differences: relative error {err:.2e} (should be < {GRAD_TOL:g}).")
    return f"matches central differences of your {name} (rel. error {err:.1e})"


def _check_derivative(grad_fn, fn, name, grad_name, alpha=None):
    __tracebackhide__ = True
    _check_activation(grad_fn, grad_name, alpha, own=fn)
    if fn is None:
        return "values right"
    return "values right; " + _slope_matches(grad_fn, fn, name, grad_name, alpha)


def _extreme_values(fn, name):
    """Finite and right, with no warning, for the stored huge |x| (±1e308 for sigmoid, ±1000 for
    the others): an activation meets any pre-activation a network produces, and a textbook
    formula with exp() overflows beyond |x| = 709."""
    __tracebackhide__ = True
    kv = known_values(NB, name, "extreme")
    what = f"{name}(x) for huge |x|"
    got = call(fn, kv["x"], label=what)
    expect_array(got, what, shape=kv["x"].shape)
    expect_finite(got, what, {"x": kv["x"]})
    expect_close(got, kv["out"], what, inputs={"x": kv["x"]}, mistake=f"{NB}:{name}/extreme/out")


def check_sigmoid(sigmoid):
    """Values, scalars, and no overflow or warning for any finite float64."""
    __tracebackhide__ = True
    _check_activation(sigmoid, "sigmoid")
    _extreme_values(sigmoid, "sigmoid")
    passed("sigmoid", "values right, scalars work, no overflow even at x = ±1e308")


def check_sigmoid_grad(sigmoid_grad, sigmoid=None):
    """sigmoid_grad(x) = sigmoid(x) (1 - sigmoid(x)), checked against stored values and slopes."""
    __tracebackhide__ = True
    note = _check_derivative(sigmoid_grad, sigmoid, "sigmoid", "sigmoid_grad")
    kv = known_values(NB, "sigmoid_grad", "extreme")
    got = call(sigmoid_grad, kv["x"], label="sigmoid_grad(x) for huge |x|")
    expect_finite(got, "sigmoid_grad(x) for huge |x|", {"x": kv["x"]})
    passed("sigmoid_grad", note)


def check_tanh(tanh):
    """tanh values on arrays and scalars, and for huge |x|."""
    __tracebackhide__ = True
    _check_activation(tanh, "tanh")
    _extreme_values(tanh, "tanh")
    passed("tanh", "values right on arrays and scalars, no overflow even at x = ±1000")


def check_tanh_grad(tanh_grad, tanh=None):
    """tanh_grad(x) = 1 - tanh(x)^2, the derivative with respect to the input x."""
    __tracebackhide__ = True
    passed("tanh_grad", _check_derivative(tanh_grad, tanh, "tanh", "tanh_grad"))


def _relatives(name: str, x: np.ndarray, alpha: float) -> list[Hypothesis]:
    """The ReLU family's other members where a ReLU or a leaky ReLU (or its slope) belongs: ELU
    (alpha (e^x - 1) below 0, at the alpha given), softplus log(1 + e^x) and SiLU x sigmoid(x), each
    a function of its own that other texts teach beside the ReLU."""
    if name not in ("relu", "leaky_relu", "relu_grad", "leaky_relu_grad"):
        return []
    with np.errstate(all="ignore"):
        sig = 1.0 / (1.0 + np.exp(-x))
        below = np.minimum(x, 0.0)
        if name.endswith("_grad"):
            forms = {f"the ELU's slope (1 where x >= 0, alpha e^x = {alpha:g} e^x elsewhere)":
                     np.where(x >= 0, 1.0, alpha * np.exp(below)),
                     "softplus's slope, the sigmoid 1 / (1 + e^-x)": sig}
        else:
            forms = {f"the ELU (x where x >= 0, alpha (e^x - 1) = {alpha:g} (e^x - 1) elsewhere)":
                     np.where(x >= 0, x, alpha * np.expm1(below)),
                     "softplus, log(1 + e^x)": np.logaddexp(0.0, x),
                     "SiLU (swish), x * sigmoid(x)": x * sig}
    meant = FORMULAS[name]
    return [Hypothesis("fp.wrong_activation", f"your values are those of {other}: another member of the "
                                              f"ReLU family, where {name} is {meant}.", value)
            for other, value in forms.items() if np.isfinite(value).all()]


def check_relu(relu):
    """relu values on arrays and scalars, and for huge |x|."""
    __tracebackhide__ = True
    _check_activation(relu, "relu")
    _extreme_values(relu, "relu")
    passed("relu", "values right on arrays and scalars, and at x = ±1000")


def check_relu_grad(relu_grad, relu=None):
    """relu_grad(x): 1 where x > 0, 0 where x < 0."""
    __tracebackhide__ = True
    passed("relu_grad", _check_derivative(relu_grad, relu, "relu", "relu_grad"))


def check_leaky_relu(leaky_relu):
    """leaky_relu values, with the default alpha = 0.1 and a given alpha."""
    __tracebackhide__ = True
    _check_activation(leaky_relu, "leaky_relu", alpha=LEAKY_ALPHA)
    _extreme_values(leaky_relu, "leaky_relu")
    passed("leaky_relu", "values right, alpha honoured, and at x = ±1000")


def check_leaky_relu_grad(leaky_relu_grad, leaky_relu=None):
    """leaky_relu_grad(x): 1 where x > 0, alpha where x < 0."""
    __tracebackhide__ = True
    note = _check_derivative(leaky_relu_grad, leaky_relu, "leaky_relu", "leaky_relu_grad", alpha=LEAKY_ALPHA)
    passed("leaky_relu_grad", note + "; alpha honoured")


__all__ = [name for name in dir() if name.startswith("check_")]
