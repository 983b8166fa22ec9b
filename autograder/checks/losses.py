"""Checks for notebook 03: BCE and its gradient, softmax, categorical CE and the softmax gradient, MSE."""

import numpy as np

from autograder.captured import ELEMENTWISE
from autograder.captured import asarray as _asarray
from autograder.checking import (
    all_close,
    call,
    call_isolated,
    diagnosis_line,
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
    show_inputs,
)
from autograder.diagnosis import input_itself
from autograder.fingerprints import Clues, Hypothesis, fact, log_base_factors
from autograder.gradcheck import numerical_gradient, rel_error
from autograder.known_values import known_values
from autograder.source_facts import INTEGER_ARRAY, REDUCTION, calls, reads

NB = "losses"
GRAD_TOL = 1e-7
#: The term of each gradient that applies to each label's entries, by group (``_label_groups``): where
#: y = 1 only -y / y_hat is left, where y = 0 only (1 - y) / (1 - y_hat). A gradient whose every entry
#: is one term has a wrong group when that term is wrong.
GRADIENT_TERMS = {"binary_cross_entropy_grad": {"y = 1": "the term -y / y_hat (the y = 1 term)",
                                                "y = 0": "the term (1 - y) / (1 - y_hat) (the y = 0 term)"}}


def _scalar_loss(fn, name, case, arg_names=("y", "y_hat")):
    """A loss on one stored case: a single float with the stored value."""
    __tracebackhide__ = True
    kv = known_values(NB, name, case)
    args = [kv[a] for a in arg_names]
    label = f"{name}({', '.join(arg_names)})"
    got = expect_number(call_isolated(fn, *args, label=label), label, expected=kv["out"])
    expect_close(got, kv["out"], label, inputs=dict(zip(arg_names, args, strict=True)),
                 mistake=f"{NB}:{name}/{case}/out", n=len(args[0]),
                 clues=Clues(related=[*log_base_factors(np.float64(kv["out"]), f"your {name}"),
                                      *_reduction_orders(name, *args), *_term_operands(name, *args),
                                      *_one_example(name, *args), *_predictions_as_labels(name, *args),
                                      *_term_reductions(name, *args), *_other_error_measures(name, *args),
                                      *_probabilities_as_logits(name, *args),
                                      *_every_prediction_at_a_bound(name, *args)]))
    return got


#: the clip's bound of the notebook's binary cross-entropy (its default eps)
CLIP_EPS = 1e-9


def _every_prediction_at_a_bound(name, *args) -> list[Hypothesis]:
    """The loss with every prediction at one bound of the clip (eps or 1 - eps), whatever y_hat is:
    np.clip(y_hat, 1 - eps, eps) (bounds exchanged) gives its upper bound everywhere."""
    if name != "binary_cross_entropy":
        return []
    y = np.asarray(args[0], dtype=np.float64).ravel()
    found = []
    for bound, words in ((CLIP_EPS, "eps"), (1 - CLIP_EPS, "1 - eps")):
        losses = _example_losses(name, y, np.full(y.shape, bound))
        found.append(Hypothesis("fp.clip_bound_everywhere", f"your loss is that of every prediction at "
                                                            f"{words}, whatever y_hat is: the clip gives "
                                                            "one bound everywhere (np.clip(y_hat, 1 - eps, "
                                                            "eps), its bounds exchanged, does), where "
                                                            "np.clip(y_hat, eps, 1 - eps) keeps the "
                                                            "predictions between them.",
                                np.float64(losses.mean()), computed=True))
    return found


def _example_losses(name, *args) -> np.ndarray | None:
    """Each example's loss, shape (N,), whose mean the loss is; None for a loss of another form."""
    log = ELEMENTWISE["np.log"]
    with np.errstate(all="ignore"):
        if name == "mse":
            y, y_hat = (np.asarray(a, dtype=np.float64).ravel() for a in args)
            return (y_hat - y) ** 2
        if name == "binary_cross_entropy":
            y, p = (np.asarray(a, dtype=np.float64).ravel() for a in args)
            return -(y * log(p) + (1 - y) * log(1 - p))
        if name == "categorical_cross_entropy":
            Y, P = (np.asarray(a, dtype=np.float64) for a in args)
            return -(Y * log(P)).sum(axis=1)
    return None


#: The labels a loss reads when it takes them from its own predictions, by loss: P's largest entry in
#: each row (one-hot), or y_hat rounded at 0.5.
_PREDICTED_LABELS = {
    "categorical_cross_entropy": (lambda P: np.eye(P.shape[1])[P.argmax(axis=1)],
                                  "the predicted class of each row (P's largest entry, P.argmax(axis=1))",
                                  "take log P at each row's true class: -mean(sum(Y * log(P), axis=1))"),
    "binary_cross_entropy": (lambda p: (p >= 0.5).astype(np.float64), "the predictions rounded at 0.5",
                             "the labels are y: -mean(y * log(y_hat) + (1 - y) * log(1 - y_hat))"),
}


def _predictions_as_labels(name, *args) -> list[Hypothesis]:
    """The loss with the labels taken from the predictions instead of the labels argument (the wrong
    variable: the loss never reads its labels). Computed from the stored call's arrays; only where
    the predicted labels differ from the true ones, else it would be the right value."""
    if name not in _PREDICTED_LABELS:
        return []
    labels_of, what, fix = _PREDICTED_LABELS[name]
    truth, predictions = (np.asarray(a, dtype=np.float64) for a in args)
    if name == "binary_cross_entropy":
        truth, predictions = truth.ravel(), predictions.ravel()
    predicted = labels_of(predictions)
    if predicted.shape != truth.shape or np.array_equal(predicted, truth):
        return []
    losses = _example_losses(name, predicted, predictions)
    return [Hypothesis("fp.predictions_as_labels", f"your {name} is the loss with {what} as the labels: "
                                                   f"it never reads the true labels; {fix}.",
                       np.float64(losses.mean()), computed=True)]


def _probabilities_as_logits(name, *args) -> list[Hypothesis]:
    """The categorical cross-entropy of softmax(P): the probabilities given taken as logits (the
    from_logits confusion), a softmax applied to them again. Computed, with each row shifted by its max."""
    if name != "categorical_cross_entropy":
        return []
    Y, P = (np.asarray(a, dtype=np.float64) for a in args)
    if P.ndim != 2:
        return []
    with np.errstate(all="ignore"):
        e = ELEMENTWISE["np.exp"](P - P.max(axis=1, keepdims=True))
        Q = e / e.sum(axis=1, keepdims=True)
        value = -np.mean(np.sum(Y * ELEMENTWISE["np.log"](Q), axis=1))
    said = ("your categorical_cross_entropy is that of softmax(P): the probabilities P are taken as logits "
            "and a softmax is applied to them again, which flattens every row. P is already a softmax's "
            "output: take its log as it is.")
    return [Hypothesis("fp.probabilities_as_logits", said, np.float64(value), computed=True)]


def _one_example(name, *args) -> list[Hypothesis]:
    """The loss of one example (the first or the last) where the mean over all belongs.

    A running total reset inside the loop (``total = 0`` in the loop body, or ``total = term``
    where ``total += term`` belongs) keeps only the last example; a ``return`` inside the loop only
    the first. Computed from the stored call's arrays: one exact number proves it (N >= 2).
    """
    losses = _example_losses(name, *args)
    if losses is None or losses.size < 2:
        return []
    n = losses.size
    found = []
    for index, which, how in ((-1, "last", "a running total reset or overwritten inside the loop "
                                            "(total = 0 in the loop's body, or = where += belongs)"),
                              (0, "first", "a return inside the loop, or a loop that stops after one pass")):
        found += [Hypothesis("fp.one_example", f"your {name} is the {which} example's loss divided by "
                                               f"N = {n}: only one example is counted, from {how}; add "
                                               "every example's loss, then divide by N.",
                             np.float64(losses[index] / n), computed=True),
                  Hypothesis("fp.one_example", f"your {name} is the {which} example's loss alone: only one "
                                               f"example is counted, from {how}; the loss is the mean over "
                                               f"all N = {n} examples.",
                             np.float64(losses[index]), computed=True)]
    if name == "mse":
        d = (np.asarray(args[1], dtype=np.float64) - np.asarray(args[0], dtype=np.float64)).ravel()
        found.append(Hypothesis("fp.centred", "your mse is the variance of the differences (np.var "
                                              "subtracts their mean first), so a prediction off by the same "
                                              "amount everywhere would score 0: the mse is the mean of the "
                                              "squared differences themselves, mean((y_hat - y)**2).",
                                np.float64(d.var()), computed=True))
    return found


#: The binary cross-entropy's two terms, as (label factor, log's argument), in words and as functions
#: of (y, y_hat): -mean(y * log(y_hat) + (1 - y) * log(1 - y_hat)).
_BCE_PIECES = {"y": lambda y, p: y, "(1 - y)": lambda y, p: 1.0 - y}
_BCE_LOGS = {"log(y_hat)": lambda y, p: p, "log(1 - y_hat)": lambda y, p: 1.0 - p}
_BCE_RIGHT = (("y", "log(y_hat)"), ("(1 - y)", "log(1 - y_hat)"))


def _term_operands(name, *args) -> list[Hypothesis]:
    """The binary cross-entropy with its two terms built from other pieces: each term's label factor
    (y or 1 - y) and log (of y_hat or 1 - y_hat) chosen otherwise, one number each (``computed``).

    args: the stored (y, y_hat). The terms are unordered (a + b is b + a); the captured np.log.
    """
    if name != "binary_cross_entropy":
        return []
    log = ELEMENTWISE["np.log"]
    y, p = (np.asarray(a, dtype=np.float64).ravel() for a in args)
    terms = [(f, g) for f in _BCE_PIECES for g in _BCE_LOGS]
    right = " + ".join(f"{f} * {g}" for f, g in _BCE_RIGHT)
    found = []
    with np.errstate(all="ignore"):
        for i, first in enumerate(terms):
            for second in terms[i:]:
                if {first, second} == set(_BCE_RIGHT):
                    continue
                pair = (first, second)
                value = -np.mean(sum(_BCE_PIECES[f](y, p) * log(_BCE_LOGS[g](y, p)) for f, g in pair))
                mine = " + ".join(f"{f} * {g}" for f, g in pair)
                found.append(Hypothesis("fp.wrong_term", f"your binary_cross_entropy is -mean({mine}), "
                                                         f"where -mean({right}) belongs: each label's term "
                                                         "takes its own probability, y with log(y_hat) and "
                                                         "1 - y with log(1 - y_hat).", np.float64(value),
                                        computed=True))
    return found


def _term_reductions(name, *args) -> list[Hypothesis]:
    """The binary cross-entropy with one of its two terms summed over the examples and the other
    averaged (``-(mean(y * log(y_hat)) + sum((1 - y) * log(1 - y_hat)))``, or the reverse); computed."""
    if name != "binary_cross_entropy":
        return []
    log = ELEMENTWISE["np.log"]
    y, p = (np.asarray(a, dtype=np.float64).ravel() for a in args)
    with np.errstate(all="ignore"):
        terms = {"y * log(y_hat)": y * log(p), "(1 - y) * log(1 - y_hat)": (1 - y) * log(1 - p)}
    found = []
    for summed, averaged in (tuple(terms), tuple(terms)[::-1]):
        found.append(Hypothesis("fp.term_reduction", f"your binary_cross_entropy sums the {summed} term "
                                                     f"over the examples and averages the {averaged} term: "
                                                     "both are averaged, as one mean of each example's "
                                                     "loss, -mean(y * log(y_hat) + (1 - y) * "
                                                     "log(1 - y_hat)).",
                                np.float64(-(terms[summed].sum() + terms[averaged].mean())), computed=True))
    # each class averaged on its own, the two means added: a class-balanced loss (both classes present)
    if (y == 1).any() and (y == 0).any():
        ones, zeros = terms["y * log(y_hat)"][y == 1], terms["(1 - y) * log(1 - y_hat)"][y == 0]
        balanced = -(ones.mean() + zeros.mean())
        found.append(Hypothesis("fp.class_means", "your binary_cross_entropy averages each class on its "
                                                  "own (the y = 1 examples' term over them, the y = 0 "
                                                  "examples' over those) and adds the two means, a "
                                                  "class-balanced loss: the blank's is one mean over all N "
                                                  "examples, -mean(y * log(y_hat) + (1 - y) * "
                                                  "log(1 - y_hat)).",
                                np.float64(balanced), computed=True))
    return found


_ROOT_OR_ABS = "no root, no absolute value"
#: Other measures of the differences an mse can be taken as: (what it is, its value from (y, y_hat) flat,
#: what to do instead)
_ERROR_MEASURES = (
    ("the square root of the mean of the squared differences (the RMSE)",
     lambda y, y_hat: np.sqrt(np.mean((y_hat - y) ** 2)), _ROOT_OR_ABS),
    ("the length of the difference vector divided by N, sqrt(sum(d**2)) / N",
     lambda y, y_hat: np.sqrt(np.sum((y_hat - y) ** 2)) / y.size, _ROOT_OR_ABS),
    ("the mean of the absolute differences (the MAE)",
     lambda y, y_hat: np.mean(np.abs(y_hat - y)), _ROOT_OR_ABS),
    *((f"the mean of the difference of the squares, mean({a}**2 - {b}**2)", value,
       "the square of a difference is not a difference of squares: (y_hat - y)**2 = y_hat**2 - 2 * y_hat "
       "* y + y**2; subtract first, then square")
      for a, b, value in (("y", "y_hat", lambda y, y_hat: np.mean(y ** 2 - y_hat ** 2)),
                          ("y_hat", "y", lambda y, y_hat: np.mean(y_hat ** 2 - y ** 2)))),
)


def _other_error_measures(name, *args) -> list[Hypothesis]:
    """An mse taken as another measure of the differences (a root, a norm, absolute values, the squares
    subtracted); computed."""
    if name != "mse":
        return []
    y, y_hat = (np.asarray(a, dtype=np.float64).ravel() for a in args)
    values = [float(value(y, y_hat)) for _, value, _ in _ERROR_MEASURES]
    # with 0/1 labels y**2 is y: a formula with y**2 is as well the one with y alone
    binary = bool(np.isin(y, (0.0, 1.0)).all())
    # two measures of one value (N = 1, or differences of one size) would be named as one of them
    return [Hypothesis("fp.other_error_measure", f"your mse is {what}"
                       + (" (with these 0/1 labels y**2 = y: equally the same formula with y where y**2 is)"
                          if binary and "y**2" in what else "")
                       + ", where the mse is the mean of the squared differences themselves, mean((y_hat - "
                       f"y)**2): {advice}.", np.float64(v), computed=True)
            for i, ((what, _, advice), v) in enumerate(zip(_ERROR_MEASURES, values, strict=True))
            if not any(np.isclose(v, w) for j, w in enumerate(values) if j != i)]


def _reduction_orders(name, *args) -> list[Hypothesis]:
    """A loss with its reduction (the mean) and its elementwise function (square, log) in the other order.

    args: the stored call's arrays (y, y_hat) or (Y, P); the values are computed from them by the
    named formula (``Hypothesis.computed``: one exact number proves it). The captured np.log: a
    notebook may rebind NumPy's.
    """
    log = ELEMENTWISE["np.log"]
    with np.errstate(all="ignore"):
        if name == "mse":
            y, y_hat = (np.asarray(a, dtype=np.float64).ravel() for a in args)
            d = y_hat - y
            return [Hypothesis("fp.reduction_order", "your mse is the square of the mean difference, "
                                                     "(mean(y_hat - y))**2: the mean of the squared "
                                                     "differences, mean((y_hat - y)**2), belongs; square "
                                                     "each difference before the mean.",
                               np.float64(d.mean() ** 2), computed=True)]
        if name == "binary_cross_entropy":
            y, p = (np.asarray(a, dtype=np.float64).ravel() for a in args)
            m, q = y.mean(), p.mean()
            return [Hypothesis("fp.reduction_order", "your binary_cross_entropy takes the means of y and "
                                                     "y_hat before the log: the mean of each example's "
                                                     "loss, -mean(y*log(y_hat) + (1 - y)*log(1 - y_hat)), "
                                                     "belongs; take the logs entry by entry, then the mean.",
                               np.float64(-(m * log(q) + (1 - m) * log(1 - q))), computed=True),
                    Hypothesis("fp.reduction_order", "your binary_cross_entropy is the log of the mean "
                                                     "likelihood, where the mean of the logs belongs: take "
                                                     "the log of each example's probability, then the mean.",
                               np.float64(-log((y * p + (1 - y) * (1 - p)).mean())), computed=True)]
        if name == "categorical_cross_entropy":
            Y, P = (np.asarray(a, dtype=np.float64) for a in args)
            return [Hypothesis("fp.reduction_order", "your categorical_cross_entropy is the log of the mean "
                                                     "probability of the true class, where the mean of the "
                                                     "logs belongs: -mean(sum(Y * log(P), axis=1)).",
                               np.float64(-log((Y * P).sum(axis=1).mean())), computed=True),
                    Hypothesis("fp.reduction_order", "your categorical_cross_entropy takes the log of P "
                                                     "averaged over the rows: average each row's loss "
                                                     "-sum(Y * log(P)) instead.",
                               np.float64(-(Y * log(P.mean(axis=0))).sum(axis=1).mean()), computed=True)]
    return []


def _unlike_shapes(kv) -> tuple:
    """The stored case's (y, y_hat) shaped unlike each other: y (N,) with y_hat (N, 1), then the reverse.

    The losses promise labels of shape (N,) or (N, 1) whatever y_hat's shape (forward's z2 is a column):
    y and y_hat used as they come broadcast (N,) against (N, 1) to an (N, N) table.
    """
    y, y_hat = kv["y"], kv["y_hat"]
    return (y, y_hat.reshape(-1, 1)), (y.reshape(-1, 1), y_hat)


def _shapes_label(name, y, y_hat) -> str:
    return f"{name}(y, y_hat) with y of shape {y.shape} and y_hat of shape {y_hat.shape}"


def _loss_with_unlike_shapes(fn, name, mistakes=(None, None)):
    """A loss on the stored case with y and y_hat shaped unlike each other: the stored float each time.

    mistakes: the catalogue's key for each of the two calls of ``_unlike_shapes``, or None.
    """
    __tracebackhide__ = True
    kv = known_values(NB, name, "basic")
    # A form with catalogued outputs first, so that a catalogued mistake is named where it fails.
    for (y, y_hat), mistake in sorted(zip(_unlike_shapes(kv), mistakes, strict=True),
                                      key=lambda form: form[1] is None):
        label = _shapes_label(name, y, y_hat)
        got = expect_number(call(fn, y, y_hat, label=label), label, expected=kv["out"])
        related = [] if all_close(got, kv["out"]) else _broadcast_tables(fn, name, y, y_hat)
        expect_close(got, kv["out"], label, inputs={"y": y, "y_hat": y_hat}, mistake=mistake, n=y.size,
                     clues=Clues(related=related))


def _broadcast_tables(fn, name, y, y_hat) -> list[Hypothesis]:
    """y and y_hat used as they come, (N,) against (N, 1): the value the student's own loss gives on
    the two (N, N) tables they broadcast to. The loss was right on y and y_hat of one shape (the
    check before), so its value on the tables being the pair's proves the broadcast."""
    tables = [np.array(a) for a in np.broadcast_arrays(y, y_hat)]
    n = tables[0].shape[0]
    try:
        value = float(call(fn, *tables, label=f"{name} on the ({n}, {n}) tables y and y_hat broadcast to"))
    except (AssertionError, TypeError, ValueError):
        return []
    return [Hypothesis("fp.broadcast_pair", f"your {name} is right when y and y_hat have one shape, and "
                                            f"with y of shape {y.shape} and y_hat of shape {y_hat.shape} it "
                                            f"gives what it gives on the ({n}, {n}) tables they broadcast "
                                            f"to: y - y_hat pairs every label with every prediction. Make "
                                            "them one shape first (np.ravel both, or "
                                            "y.reshape(y_hat.shape)).",
                       np.float64(value), computed=True)]


def _gradient_with_unlike_shapes(fn, name):
    """A loss gradient on the stored case with y and y_hat shaped unlike each other: shaped like y_hat."""
    __tracebackhide__ = True
    kv = known_values(NB, name, "basic")
    for y, y_hat in _unlike_shapes(kv):
        label = _shapes_label(name, y, y_hat)
        got = call(fn, y, y_hat, label=label)
        expect_array(got, label, shape=y_hat.shape, expected=kv["out"].reshape(y_hat.shape))
        expect_close(got, kv["out"].reshape(y_hat.shape), label, inputs={"y": y, "y_hat": y_hat},
                     n=y_hat.size)


def _label_groups(labels, name, words=None):
    """The entries of each label, for a gradient with one term per label: {"y = 0": mask, "y = 1": mask}.

    words: how the student reads each group, by label, when not "<name> = <label>".
    """
    words = words or {0: f"{name} = 0", 1: f"{name} = 1"}
    return {words[label]: labels == label for label in (0, 1)}


def _gradient(fn, name, case, loss_fn, loss_name):
    """A loss gradient on one stored case, then against central differences of the student's loss."""
    __tracebackhide__ = True
    kv = known_values(NB, name, case)
    y, y_hat = kv["y"], kv["y_hat"]
    label = f"{name}(y, y_hat)"
    got = call_isolated(fn, y, y_hat, label=label)
    expect_array(got, label, shape=y_hat.shape, expected=kv["out"])
    expect_close(got, kv["out"], label, inputs={"y": y, "y_hat": y_hat},
                 mistake=f"{NB}:{name}/{case}/out", n=y_hat.size,
                 clues=Clues(factors={"y": y, "y_hat": y_hat}, groups=_label_groups(y, "y"),
                             group_terms=GRADIENT_TERMS.get(name, {}),
                             related=log_base_factors(kv["out"], f"your {name}")))
    if loss_fn is None:
        return "values right"
    try:
        _scalar_loss(loss_fn, loss_name, case)
    except (AssertionError, NotImplementedError):
        return f"values right (numerical check not run: your {loss_name} is not right yet)"
    numeric = numerical_gradient(lambda p: call(loss_fn, y, p, label=f"{loss_name}(y, y_hat)"), y_hat)
    err = rel_error(got, numeric)
    expect_true(err < GRAD_TOL, f"{name} disagrees with central differences of your {loss_name}: "
                                f"relative error {err:.2e} (should be < {GRAD_TOL:g}).")
    return f"values right; matches central differences of your {loss_name} (rel. error {err:.1e})"


def check_binary_cross_entropy(binary_cross_entropy):
    """Mean BCE: values, (N,) or (N, 1) labels, finite at y_hat = 0 or 1, a mean not a sum."""
    __tracebackhide__ = True
    _scalar_loss(binary_cross_entropy, "binary_cross_entropy", "basic")
    _loss_with_unlike_shapes(binary_cross_entropy, "binary_cross_entropy",
                             mistakes=(None, f"{NB}:binary_cross_entropy/column/out"))
    kv = known_values(NB, "binary_cross_entropy", "extreme")
    label = "binary_cross_entropy(y, y_hat) with y_hat exactly 0 or 1"
    got = expect_number(call(binary_cross_entropy, kv["y"], kv["y_hat"], label=label,
                             warning_advice=("warn.log_zero", "log(0) is -inf, on y_hat exactly 0 or 1: "
                                             "clip probabilities to [eps, 1 - eps] with np.clip before "
                                             "taking the log.")), label)
    expect_finite(np.array(got), label, {"y": kv["y"], "y_hat": kv["y_hat"]},
                  hint=("fp.unclipped_log", "log(0) is -inf: clip y_hat to [eps, 1 - eps] before "
                                            "taking logs."))
    expect_true(got > 10, f"{label} = {got}: a confident wrong prediction should cost a lot "
                          "(more than 10 nats with eps = 1e-9).")
    passed("binary_cross_entropy", "mean over the batch, (N,) and (N, 1) labels, finite at 0 and 1")


def check_binary_cross_entropy_grad(binary_cross_entropy_grad, binary_cross_entropy=None):
    """Gradient of the mean BCE with respect to y_hat: values, central differences, (N,) or (N, 1) labels."""
    __tracebackhide__ = True
    note = _gradient(binary_cross_entropy_grad, "binary_cross_entropy_grad", "basic",
                     binary_cross_entropy, "binary_cross_entropy")
    _gradient_with_unlike_shapes(binary_cross_entropy_grad, "binary_cross_entropy_grad")
    kv = known_values(NB, "binary_cross_entropy", "extreme")
    label = "binary_cross_entropy_grad(y, y_hat) with y_hat exactly 0 or 1"
    got = call(binary_cross_entropy_grad, kv["y"], kv["y_hat"], label=label,
               warning_advice=("warn.divide_by_zero", "a division by zero, on y_hat exactly 0 or 1: "
                               "the gradient divides by y_hat and by 1 - y_hat; clip the values you "
                               "divide by to [eps, 1 - eps] first."))
    expect_finite(got, label, {"y": kv["y"], "y_hat": kv["y_hat"]},
                  hint=("fp.unclipped_division", "clip y_hat to [eps, 1 - eps] here too."))
    passed("binary_cross_entropy_grad", note)


def _unchanged(got: np.ndarray, z: np.ndarray) -> str:
    """The hint line when softmax returns its input: a loop that rebinds its row (row = ...) writes
    nothing into the array it returns."""
    found = input_itself(got, {"z": z}, "softmax(z)")
    return ("\n" + found.line()) if found else ""


def check_softmax(softmax):
    """Row-wise softmax: values, rows sum to 1, stable for logits in the thousands."""
    __tracebackhide__ = True
    for case in ("basic", "single", "large"):
        kv = known_values(NB, "softmax", case)
        z = kv["z"]
        label = f"softmax(z) with z of shape {z.shape}" + (" and huge logits" if case == "large" else "")
        got = call_isolated(softmax, z, label=label)
        expect_array(got, label, shape=z.shape, expected=kv["out"])
        expect_finite(got, label, {"z": z},
                      hint=("fp.softmax_overflow", "exp(1000) overflows: subtract each row's max before "
                                                   "exponentiating."))
        sums = got.sum(axis=1)
        if not all_close(sums, 1.0, rtol=0, atol=1e-12):
            fail(f"{label}: every row should sum to 1; row sums are {sums}."
                 + (hint_line("fp.wrong_axis", "your columns sum to 1 and your rows do not: normalise "
                                                "over axis=1 (each row), with keepdims=True.", REDUCTION,
                              "your columns sum to 1 and your rows do not.")
                    if all_close(got.sum(axis=0), 1.0) else
                    diagnosis_line(f"{NB}:softmax/{case}/out", got, kv["out"]) or _unchanged(got, z)))
        mixed = [] if all_close(got, kv["out"]) else _rows_mixed(softmax, z, got)
        expect_close(got, kv["out"], label, inputs={"z": z}, mistake=f"{NB}:softmax/{case}/out",
                     clues=Clues(mirrored=mirrored(softmax, z, kv["out"], label), related=mixed))
    _rows_of_their_own(softmax, known_values(NB, "softmax", "large"))
    _integer_logits(softmax)
    passed("softmax", "rows are probability vectors, stable for huge logits, each row shifted by its own max")


def _rows_mixed(softmax, z, got) -> list[Hypothesis]:
    """"fp.rows_mixed", proven: the other rows' results change when the first row alone is replaced
    (a softmax of a row depends on that row only). Nothing for a batch of one row, or when the call
    fails."""
    if z.ndim != 2 or len(z) < 2:
        return []
    moved = z.copy()
    moved[0] = 2.0 * z[0][::-1] + 5.0
    try:
        again = _asarray(call(softmax, moved, label="softmax(z) with row 0 replaced"), dtype=np.float64)
    except (AssertionError, TypeError, ValueError):
        return []
    changed = again.shape == got.shape and not all_close(again[1:], got[1:])
    rows = f"rows 1 to {len(z) - 1}" if len(z) > 2 else "row 1"
    return [fact("fp.rows_mixed", f"one row's result depends on the other rows: replacing row 0 alone "
                                  f"changed {rows} (a softmax of a row depends on that row only). A max, a "
                                  "mean or a sum is taken over more than one row (down the columns, axis=0, "
                                  "or over the whole batch) where each row's own belongs: "
                                  "np.max(z, axis=1, keepdims=True), and the same axis for the sum.",
                 changed)]


#: Logits as ints, as a student may write them by hand.
INT_LOGITS = np.array([[2, 1, -1], [0, 3, 1]])


def _integer_logits(softmax):
    """Integer logits give what the same logits as floats give (the student's own softmax on the
    floats, already judged right): an array made like z (np.zeros_like(z)) is an int array too."""
    __tracebackhide__ = True
    label = f"softmax(z) with integer logits z = {INT_LOGITS.tolist()}"
    expected = _asarray(call(softmax, INT_LOGITS.astype(np.float64), label="softmax of the same logits as "
                             "floats"), dtype=np.float64)
    got = call_isolated(softmax, INT_LOGITS.copy(), label=label)
    said = "your softmax is right on float logits and not on the same logits as ints"
    expect_array(got, label, shape=INT_LOGITS.shape, kind="any", expected=expected)
    if not all_close(_asarray(got, dtype=np.float64), expected):
        fail(f"{label} has the wrong values: {show(got)} (dtype {np.asarray(got).dtype}), where the same "
             f"logits as floats give {show(expected)}."
             + hint_line("fp.integer_input", f"{said}: an array made like z (np.zeros_like(z), "
                         "np.empty_like(z)) takes z's int dtype, and every probability stored into it is "
                         "cut to 0; give it dtype=float (np.zeros(z.shape)), or compute on floats "
                         "(np.asarray(z, dtype=float)).", INTEGER_ARRAY, f"{said}."))


#: What a batch-wide shift does to rows whose maxima are far apart.
ONE_MAX = ("one maximum for the whole batch (np.max(z)) is subtracted from every row, so a row whose own "
           "maximum is far below it exponentiates only huge negative numbers: exp(-2000) is 0 in every "
           "entry, and the row is 0 / 0 (nan), or zeros. Subtract each row's own maximum: "
           "z - np.max(z, axis=1, keepdims=True).")


def _rows_of_their_own(softmax, large):
    """Rows whose maxima are 2,000 apart: each is shifted by its own max, so each gets its own softmax.

    large: the stored huge-logit case; its first row [1000, 999, 990] is taken again 2,000 lower
    ([-1000, -1001, -1010]), whose softmax is the same (a softmax ignores a shift of its row).
    """
    __tracebackhide__ = True
    top = large["z"][:1]
    z = np.concatenate([top, top - 2000.0])
    expected = np.concatenate([large["out"][:1], large["out"][:1]])
    label = "softmax(z) with rows whose maxima are far apart (1000 and -1000)"
    proven = _per_row_right(softmax, z, expected)
    advice = ("fp.softmax_global_max", f"your softmax is right for each row alone and not for the two "
              f"together: {ONE_MAX}") if proven else None
    got = call_isolated(softmax, z, label=label, warning_advice=advice)
    expect_array(got, label, shape=z.shape, expected=expected)
    if advice and not all_close(got, expected):
        fail(f"{label} has the wrong values.\n  inputs:{show_inputs({'z': z})}\n  expected: "
             f"{show(expected, '  expected: ')}\n  got:      {show(got, '  got:      ')}"
             + hint_line(*advice))
    expect_close(got, expected, label, inputs={"z": z})


def _per_row_right(softmax, z, expected) -> bool:
    """Whether the student's softmax gives each row's right values when given that row alone."""
    try:
        return all(all_close(call(softmax, z[i:i + 1], label=f"softmax(z[{i}:{i + 1}])"), expected[i:i + 1])
                   for i in range(len(z)))
    except (AssertionError, NotImplementedError, TypeError, ValueError):
        return False


def check_categorical_cross_entropy(categorical_cross_entropy):
    """Mean over rows of -sum_k Y log P; finite when P has zeros."""
    __tracebackhide__ = True
    _scalar_loss(categorical_cross_entropy, "categorical_cross_entropy", "basic", ("Y", "P"))
    kv = known_values(NB, "categorical_cross_entropy", "zeros")
    label = "categorical_cross_entropy(Y, P) with P = 0 for a true class"
    got = expect_number(call(categorical_cross_entropy, kv["Y"], kv["P"], label=label,
                             warning_advice=("warn.log_zero", "log(0) is -inf, on P = 0 for a true "
                                             "class: clip probabilities to [eps, 1] with np.clip before "
                                             "taking the log.")), label)
    expect_finite(np.array(got), label, {"Y": kv["Y"], "P": kv["P"]},
                  hint=("fp.unclipped_log", "clip P to [eps, 1] before the log."))
    passed("categorical_cross_entropy", "mean over rows, finite when a probability is 0")


def _softmax_right(softmax) -> bool:
    """Whether the student's softmax gives its stored values on every stored case (quietly)."""
    try:
        stored = [known_values(NB, "softmax", case) for case in ("basic", "single", "large")]
        return all(all_close(call(softmax, kv["z"], label="softmax(z)"), kv["out"]) for kv in stored)
    except (AssertionError, NotImplementedError, TypeError, ValueError):
        return False


def _gradient_slips(Y, Z) -> list[Hypothesis]:
    """dL/dZ's slips that keep its pieces: the 1 taken off at the predicted class, or dL/dP returned.

    Y, Z: arrays of shape (N, K); P = softmax(Z) is written out here (shifted by each row's max).
    """
    exp = ELEMENTWISE["np.exp"]
    n = Z.shape[0]
    with np.errstate(all="ignore"):
        e = exp(Z - Z.max(axis=1, keepdims=True))
        P = e / e.sum(axis=1, keepdims=True)
        predicted = np.eye(Z.shape[1])[P.argmax(axis=1)]
        return [Hypothesis("fp.wrong_class", "your values are (P - onehot(argmax P)) / N: the 1 is taken off "
                                             "at the predicted class (the largest probability), where it "
                                             "belongs at the true class, (P - Y) / N.",
                           (P - predicted) / n),
                Hypothesis("fp.wrong_variable", "your values are -Y / P / N, the gradient with respect to "
                                                "the probabilities P; the blank asks for the gradient with "
                                                "respect to the logits Z: through the softmax it is "
                                                "(P - Y) / N.",
                           -Y / P / n),
                Hypothesis("fp.labels_index_rows",
                           "your values are P / N with 1 taken off every entry of the rows whose numbers are "
                           "labels (P[labels] -= 1): one index array selects whole rows. The 1 belongs at "
                           "one entry per row, its true class: P[np.arange(N), labels] -= 1, or P - Y.",
                           (P - _rows_of_labels(Y)) / n)]


def _rows_of_labels(Y: np.ndarray) -> np.ndarray:
    """1 on every entry of the rows whose numbers are among the labels Y.argmax(axis=1), else 0: what
    ``P[labels] -= 1`` takes off (each listed row once, as NumPy's fancy assignment does)."""
    rows = np.zeros_like(Y, dtype=np.float64)
    labels = Y.argmax(axis=1)
    rows[labels[labels < len(Y)]] = 1.0
    return rows


def _softmax_twice(softmax, Y, Z) -> list:
    """dL/dZ = (P - Y) / N with P = softmax(softmax(Z)): the student's own softmax applied to probabilities.

    Only with the student's softmax right on its own stored cases; Y, Z: arrays of shape (N, K).
    """
    if softmax is None or not _softmax_right(softmax):
        return []
    try:
        twice = call(softmax, call(softmax, Z, label="softmax(Z)"), label="softmax(softmax(Z))")
    except (AssertionError, NotImplementedError, TypeError, ValueError):
        return []
    return [Hypothesis("fp.composed", "your values are (softmax(P) - Y) / N with P = softmax(Z): the softmax "
                                      "is applied twice, to probabilities; take it once, of the logits Z.",
                       (twice - Y) / Z.shape[0], footprint=calls("softmax") | reads("softmax"),
                       fact="your values are (softmax(P) - Y) / N with P = softmax(Z).")]


def _softmax_and_cce_right(softmax, categorical_cross_entropy) -> bool:
    """Whether the student's softmax and categorical CE give their stored values (quietly)."""
    try:
        for case in ("basic", "single", "large"):
            kv = known_values(NB, "softmax", case)
            if not all_close(call(softmax, kv["z"], label="softmax(z)"), kv["out"]):
                return False
        kv = known_values(NB, "categorical_cross_entropy", "basic")
        got = call(categorical_cross_entropy, kv["Y"], kv["P"], label="categorical_cross_entropy(Y, P)")
        return all_close(got, kv["out"])
    except (AssertionError, NotImplementedError, TypeError, ValueError):
        return False


def check_softmax_cross_entropy_grad(softmax_cross_entropy_grad, softmax=None,
                                     categorical_cross_entropy=None):
    """dL/dZ of the mean CCE of softmax(Z): values, finite for huge logits, central differences."""
    __tracebackhide__ = True
    name = "softmax_cross_entropy_grad"
    for case in ("basic", "single", "large"):
        kv = known_values(NB, name, case)
        Y, Z = kv["Y"], kv["Z"]
        label = f"{name}(Y, Z) with Z of shape {Z.shape}" + (" and huge logits" if case == "large" else "")
        got = call_isolated(softmax_cross_entropy_grad, Y, Z, label=label)
        expect_array(got, label, shape=Z.shape, expected=kv["out"])
        # nan or inf proves an overflow or a division by an underflowed probability, not which
        expect_finite(got, label, {"Y": Y, "Z": Z},
                      hint=("fp.softmax_overflow", "for huge logits either exp overflows (exp(1000) is inf: "
                            "use your stable softmax, which subtracts each row's max) or a probability "
                            "that underflows to 0 is divided by (-Y / P is -1 / 0): the gradient (P - Y) / N "
                            "needs no division by P."))
        if all_close(got, kv["out"]):
            continue  # the clues below call the student's softmax: only for a wrong gradient
        clues = Clues(groups=_label_groups(Y, "Y", {1: "Y = 1 (the true class)", 0: "Y = 0 (the other "
                                                                                    "classes)"}),
                      terms={"the labels' term -Y / N": -Y / Z.shape[0]},
                      related=[*_softmax_twice(softmax, Y, Z), *_gradient_slips(Y, Z)])
        expect_close(got, kv["out"], label, inputs={"Y": Y, "Z": Z}, mistake=f"{NB}:{name}/{case}/out",
                     n=Z.shape[0], clues=clues)
    if softmax is None or categorical_cross_entropy is None:
        passed(name, "values right")
        return
    if not _softmax_and_cce_right(softmax, categorical_cross_entropy):
        passed(name, "values right (numerical check not run: your softmax or categorical_cross_entropy "
                     "is not right yet)")
        return
    kv = known_values(NB, name, "basic")
    Y, Z = kv["Y"], kv["Z"]
    got = call(softmax_cross_entropy_grad, Y, Z, label=f"{name}(Y, Z)")
    def mean_cce(z):
        return call(categorical_cross_entropy, Y, call(softmax, z, label="softmax(Z)"),
                    label="categorical_cross_entropy(Y, softmax(Z))")

    numeric = numerical_gradient(mean_cce, Z)
    err = rel_error(got, numeric)
    expect_true(err < GRAD_TOL, f"{name} disagrees with central differences of your "
                                f"categorical_cross_entropy(Y, softmax(Z)): relative error {err:.2e} "
                                f"(should be < {GRAD_TOL:g}).")
    passed(name, "values right; matches central differences of your categorical_cross_entropy(Y, "
                 f"softmax(Z)) (rel. error {err:.1e}), finite for huge logits")


def check_mse(mse):
    """Mean squared error over all entries: values, y and y_hat of the same size in (N,) and (N, 1) shapes."""
    __tracebackhide__ = True
    _scalar_loss(mse, "mse", "basic")
    _loss_with_unlike_shapes(mse, "mse")
    passed("mse", "mean of squared differences, y and y_hat in (N,) or (N, 1) shapes")


def check_mse_grad(mse_grad, mse=None):
    """Gradient of the MSE with respect to y_hat: values, central differences, shaped like y_hat."""
    __tracebackhide__ = True
    note = _gradient(mse_grad, "mse_grad", "basic", mse, "mse")
    _gradient_with_unlike_shapes(mse_grad, "mse_grad")
    passed("mse_grad", f"{note}; shaped like y_hat for y (N,) or (N, 1)")


__all__ = [name for name in dir() if name.startswith("check_")]
