"""Checks for notebook 05: backward (gradients of the mean BCE) and sgd_step."""

from autograder import diagnosis
from autograder.arguments import unused_parameter
from autograder.captured import asarray as _asarray
from autograder.captured import exp as _exp
from autograder.captured import floor as _floor
from autograder.captured import ndarray as _ndarray
from autograder.captured import rint as _rint
from autograder.checking import (
    CheckFailed,
    all_close,
    call,
    call_isolated,
    expect_array,
    expect_close,
    expect_keys,
    fail,
    flat_labels_fact,
    hint_line,
    not_reproducible,
    passed,
    siblings,
    with_other_cases,
)
from autograder.dict_keys import exchanged_entries
from autograder.fingerprints import Clues, Hypothesis, explain, tag, weight_operands
from autograder.gradcheck import numerical_param_gradients, rel_error
from autograder.known_values import known_values
from autograder.parts import Part, other_parts_hints
from autograder.pipelines import inner_slip
from autograder.quantities import named_sizes
from autograder.updates import step_sizes, unchanged

NB = "backprop"
PARAM_KEYS = ("W1", "b1", "W2", "b2")
GRAD_KEYS = ("dW1", "db1", "dW2", "db2")
CACHE_KEYS = ("z1", "a1", "z2")
GRAD_TOL = 1e-7
#: The two learning rates sgd_step is called with: the right updates differ, so an unused lr shows.
LEARNING_RATES = (0.1, 2.0)
LAYER_HINT = ("dW2 and db2 are right but the first layer's gradients are not: the slip is "
              "in passing the gradient back, dz1 = (dz2 @ W2) * relu'(z1), then dW1 = dz1.T @ X "
              "and db1 = dz1.sum(axis=0).")
#: when one of the first layer's two gradients is right, the hint says which and points at the other
ONE_OF_LAYER_HINT = {
    "dW1": ("dW2, db2 and db1 are right; only dW1 is not. db1 sums the same dz1 that dW1 needs, so the "
            "slip is in dW1 itself: dW1 = dz1.T @ X, with the masked dz1 = (dz2 @ W2) * relu'(z1) "
            "that db1 sums."),
    "db1": ("dW2, db2 and dW1 are right; only db1 is not. dW1 = dz1.T @ X uses the same dz1, so the slip is "
            "in db1 itself: db1 = dz1.sum(axis=0), the masked dz1 summed over the batch."),
}


def _inputs(kv):
    params = {k: kv[k] for k in PARAM_KEYS}
    cache = {k: kv[k] for k in CACHE_KEYS}
    return kv["X"], kv["y"], params, cache


def _grads_of(backward, X, y, params, cache, label, expected=None):
    """The gradients backward returns, checked for keys and shapes; expected: the right ones, if known."""
    __tracebackhide__ = True
    grads = expect_keys(call_isolated(backward, X, y, params, cache, label=label), label, GRAD_KEYS)
    exchanged = exchanged_entries(grads, expected, "grads") if expected is not None else None
    if exchanged:
        fail(f"grads from {label} has two gradients in each other's places.\n{exchanged.line()}")
    for key in GRAD_KEYS:
        expect_array(grads[key], f"grads[{key!r}] from {label}", shape=params[key[1:]].shape,
                     batch=len(X), expected=None if expected is None else expected[key],
                     clues=Clues(operands=weight_operands(key, X, cache)))
    return grads


def weight_decay(key: str, got, expected, params: dict) -> list[Hypothesis]:
    """[expected + c * W] for a weight's gradient (dW1, dW2) that holds an extra multiple of its own
    weights, c fitted to the difference: a weight decay reg * W that the loss has no term for."""
    name = key[1:]
    if not key.startswith("dW") or name not in params or type(got) is not _ndarray \
            or got.shape != expected.shape:
        return []
    W = _asarray(params[name], dtype=float)
    scale = float((W * W).sum())
    c = float(((got - expected) * W).sum() / scale) if scale else 0.0
    if c == 0 or len({round(abs(float(w)), 12) for w in W.ravel()}) < 3:
        return []
    return [Hypothesis("fp.weight_decay", f"`{key}` is the expected gradient plus {c:.6g} * {name}: a "
                                          f"weight decay reg * {name} (reg = {c:.6g}) is added, where this "
                                          "loss has no penalty term and its gradient none: return the "
                                          "loss's gradient alone.", expected + c * W)]


CASES = ("batch", "single")


def _gradients(grads) -> dict:
    """backward's result as its outputs by name (the four gradients)."""
    return {k: grads[k] for k in GRAD_KEYS}


def _backward_case(backward, case, column_labels=False):
    __tracebackhide__ = True
    kv = known_values(NB, "backward", case)
    X, y, params, cache = _inputs(kv)
    if column_labels:
        y = y.reshape(-1, 1)
    n = X.shape[0]
    label = f"backward(X, y, params, cache) with N = {n}" + (", y of shape (N, 1)" if column_labels else "")
    try:
        grads = _grads_of(backward, X, y, params, cache, label, expected=kv)
    except CheckFailed as exc:
        if column_labels:
            raise

        def right_with_column():
            again = call_isolated(backward, X, y.reshape(-1, 1), params, cache, label=label)
            return all(all_close(again[k], kv[k]) for k in GRAD_KEYS)
        raise flat_labels_fact(exc, right_with_column) from exc.__cause__
    failures, parts = {}, {}
    keys = {key: f"{NB}:backward/{case}/{key}" for key in GRAD_KEYS}
    # the sizes a gradient may be divided by where N belongs (X.size = N * D is D times too many)
    sizes = named_sizes({"X": X})
    # the other stored case's arguments: a catalogued mistake must explain that case too
    others = {f"{NB}:backward/{c}": _inputs(known_values(NB, "backward", c)) for c in CASES if c != case}
    for key in GRAD_KEYS:
        # a catalogued mistake is named only if it explains the other gradients too
        seen = with_other_cases(siblings(f"{NB}:backward/{case}", {k: grads[k] for k in GRAD_KEYS}, key),
                                backward, others, label, _gradients)
        decay = weight_decay(key, grads[key], kv[key], params)
        try:
            expect_close(grads[key], kv[key], f"grads[{key!r}] from {label}", mistake=keys[key], n=n,
                         clues=Clues(operands=weight_operands(key, X, cache), sizes=sizes, related=decay),
                         seen=seen)
        except CheckFailed as exc:
            failures[key] = str(exc)
            parts[key] = Part(grads[key], kv[key], keys[key], n,
                              Clues(operands=weight_operands(key, X, cache), sizes=sizes), seen=seen)
    if failures:
        first = next(iter(failures))
        message = failures[first]
        message += other_parts_hints({k: p for k, p in parts.items() if k != first}, message)
        if "Hint:" not in message:
            slip = _output_error_slip(grads, kv, X, params, cache)
            message += f"\n{slip.line()}" if slip else ""
        if set(failures) <= {"dW1", "db1"} and "Hint:" not in message:
            only = ONE_OF_LAYER_HINT.get(first) if len(failures) == 1 else None
            message += hint_line("backprop.first_layer", only or LAYER_HINT)
        fail(message + f"\n(Wrong: {', '.join(failures)}; right: "
             f"{', '.join(k for k in GRAD_KEYS if k not in failures) or 'none'}.)")


def _downstream(X, params, cache, mask=None):
    """The gradients from the output error dz2 (N, 1), through the network's fixed linear steps.

    mask: what dz1 = (dz2 @ W2) * mask multiplies by, ReLU's slope (z1 > 0) unless given.
    Used on the error recovered from the stored gradients (``pipelines.recover_inner``).
    """
    mask = (cache["z1"] > 0) if mask is None else mask

    def gradients(dz2):
        dz1 = (dz2 @ params["W2"]) * mask
        return {"dW1": dz1.T @ X, "db1": dz1.sum(axis=0), "dW2": dz2.T @ cache["a1"], "db2": dz2.sum(axis=0)}
    return gradients


def _output_error_slip(grads, kv, X, params, cache):
    """Every gradient wrong through one slip in the output error dz2 or in the hidden layer's slope.

    The sigmoid's slope y_hat (1 - y_hat) multiplied into dz2 again (BCE's gradient through the
    sigmoid already cancels it), or divided out (dL/dy_hat where dL/dz2 belongs); ReLU's mask
    left out of dz1, or its output a1 where its slope belongs. The right dz2 is recovered from the
    stored gradients, not computed.
    """
    down = _downstream(X, params, cache)
    y_hat = 1.0 / (1.0 + _exp(-cache["z2"]))
    slope = y_hat * (1.0 - y_hat)
    variants = {
        "every gradient is what dz2 multiplied by the sigmoid's slope y_hat * (1 - y_hat) gives: that factor "
        "is one too many. With the BCE loss the slope cancels: dL/dz2 = (y_hat - y) / N already includes "
        "it (the chain rule's extra slope belongs to a loss like MSE).":
            ("fp.missing_factor", lambda dz2: down(dz2 * slope)),
        "every gradient is what dz2 divided by the sigmoid's slope y_hat * (1 - y_hat) gives: that is "
        "dL/dy_hat, the gradient with respect to the probability; dL/dz2 multiplies it by the slope "
        "(for BCE through the sigmoid, (y_hat - y) / N).":
            ("fp.missing_factor", lambda dz2: down(dz2 / slope)),
        "dW1 and db1 are what dz1 = dz2 @ W2 gives, without ReLU's slope: multiply by relu'(z1) = "
        "(z1 > 0) (the mask of the units that were active).":
            ("fp.missing_factor", lambda dz2: {**down(dz2), **_downstream(X, params, cache, 1.0)(dz2)}),
        "dW1 and db1 are what dz1 = (dz2 @ W2) * a1 gives: ReLU's output a1 where its slope relu'(z1) = "
        "(z1 > 0) belongs.":
            ("fp.function_for_derivative",
             lambda dz2: {**down(dz2), **_downstream(X, params, cache, cache["a1"])(dz2)}),
        # integer arithmetic in the output error: (y_hat - y) // N floors each error to -1 or 0
        "every gradient is what the output error dz2 rounded down to a whole number gives (each entry -1 "
        "or 0 here): `//` where `/` belongs ((y_hat - y) // N floors the quotient), or an integer array; "
        "divide with /.":
            ("fp.whole_number", lambda dz2: down(_floor(dz2))),
        # labels in the output error: round(y_hat) - y, where y = y_hat - N * dz2 from the right dz2
        "every gradient is what the output error round(y_hat) - y gives: the predicted labels (0/1) are "
        "used where the probabilities belong, so every point classified right contributes 0. The error "
        "is y_hat - y, with y_hat = sigmoid(z2) itself.":
            ("fp.labels_for_probabilities",
             lambda dz2: down((_rint(y_hat) - (y_hat - len(X) * dz2)) / len(X))),
    }
    expected = {k: kv[k] for k in GRAD_KEYS}
    return inner_slip({k: grads[k] for k in GRAD_KEYS}, expected, down, cache["z2"].shape, variants)


def check_backward(backward):
    """Stored gradients for N = 7 and N = 1, with labels of shape (N,) and (N, 1)."""
    __tracebackhide__ = True
    _backward_case(backward, "batch")
    _backward_case(backward, "batch", column_labels=True)
    _backward_case(backward, "single")
    passed("backward", "dW1, db1, dW2, db2 right for N = 7 and N = 1, labels (N,) or (N, 1)")


def check_backward_numerically(backward, forward, loss):
    """backward agrees with central differences of loss(y, forward(X, params)[0])."""
    __tracebackhide__ = True
    kv = known_values(NB, "backward", "batch")
    X, y, params, _ = _inputs(kv)

    def total_loss(p):
        y_hat, _ = call(forward, X, p, label="forward(X, params)")
        return call(loss, y, y_hat, label="loss(y, y_hat)")

    _, cache = call(forward, X, params, label="forward(X, params)")
    grads = _grads_of(backward, X, y, params, cache, "backward(X, y, params, cache)")
    numeric = numerical_param_gradients(total_loss, params)
    errors = {k: rel_error(grads[k], numeric[k]) for k in GRAD_KEYS}
    report = ", ".join(f"{k} {e:.1e}" for k, e in errors.items())
    bad = [k for k, e in errors.items() if not e < GRAD_TOL]
    if bad:
        summary = f"Gradient check: relative errors {report}; {', '.join(bad)} should be < {GRAD_TOL:g}."
        # The stored case's inputs: a catalogued mistake is named first. Central differences
        # agree with the true gradient to about 1e-9 (relative): a fingerprint must explain
        # the analytic gradient within that, not within 1e-7.
        # The catalogue must explain all four gradients, not one; a fingerprint speaks of its own key.
        catalogued = diagnosis.known_mistake_all({f"{NB}:backward/batch/{k}": grads[k] for k in GRAD_KEYS})
        proven = (explain(grads[k], numeric[k], Clues(n=len(X), subject=f"`{k}`"), rtol=1e-5, atol=1e-9)
                  for k in bad)
        ratio = catalogued or next(filter(None, proven), None)
        if ratio:
            summary += f"\nAnalytic against numerical gradient: {ratio.text} {tag(ratio.mistake_ids)}"
        try:
            _backward_case(backward, "batch")
        except CheckFailed as exc:
            fail(f"{summary}\n{exc}")
        fail(f"{summary} Your backward matches the stored gradients, so the forward or loss "
             "you passed in disagrees with it.")
    passed("gradient check", f"relative errors {report}")


def _step_clues(sgd_step, params, grads, key, rates, label) -> Clues:
    """What a wrong updated parameter may be: the step the wrong way or alone, lr unused or left out.

    rates: (the lr of this call, another lr at which the right update differs).
    """
    p, dp = params[key], grads["d" + key]
    lr = rates[0]
    return Clues(start=p, related=[
        unused_parameter(sgd_step, (params, grads), "lr", rates, lambda c: p - c * dp, label, "sgd_step",
                         part=lambda new: new[key]),
        Hypothesis("fp.ignores_argument", f"your step is the raw gradient: scale it by lr = {lr}.", p - dp),
        *step_sizes(p, p - lr * dp, named_sizes({"d" + key: dp}), lr, f"your step of {key}"),
        unchanged(p, f"{label}[{key!r}]", "the stepped value is replaced by the old one afterwards (the old "
                  "params copied or .update()d into the result after the step)",
                  "return p - lr * dp for every parameter")])


def check_sgd_step(sgd_step):
    """p - lr * dp for every parameter, as new arrays, inputs untouched."""
    __tracebackhide__ = True
    kv = known_values(NB, "sgd_step", "main")
    params = {k: kv[k] for k in PARAM_KEYS}
    grads = {k: kv[k] for k in GRAD_KEYS}
    for lr, other in zip(LEARNING_RATES, LEARNING_RATES[::-1], strict=True):
        label = f"sgd_step(params, grads, lr={lr})"
        new = expect_keys(call_isolated(sgd_step, params, grads, lr, label=label), label, PARAM_KEYS)
        for key in PARAM_KEYS:
            expect_array(new[key], f"{label}[{key!r}]", shape=params[key].shape)
        mistakes = {key: f"{NB}:sgd_step/main/{key}@{lr}" for key in PARAM_KEYS}
        failures, parts = {}, {}
        for key in PARAM_KEYS:
            expected = kv[f"{key}@{lr}"]
            if all_close(new[key], expected):
                continue
            clues = _step_clues(sgd_step, params, grads, key, (lr, other), label)
            try:
                expect_close(new[key], expected, f"{label}[{key!r}]",
                             inputs={key: params[key], "d" + key: grads["d" + key]},
                             mistake=mistakes[key], clues=clues,
                             seen={mistakes[k]: new[k] for k in PARAM_KEYS if k != key})
            except CheckFailed as exc:
                failures[key] = str(exc)
                parts[key] = Part(new[key], expected, mistakes[key], clues=clues,
                                  seen={mistakes[k]: new[k] for k in PARAM_KEYS if k != key})
        if failures:
            first = next(iter(failures))
            again = not_reproducible(sgd_step, (params, grads, lr), {}, new, label)
            if again.holds:  # state kept between calls: a match with any slip's values is a coincidence
                fail(failures[first].split("\nHint:")[0] + f"\n{label} called again gives other values."
                     + hint_line("fp.not_reproducible", "the same call gives other values the second time: "
                                 "your sgd_step keeps state between calls (a module-level counter or list, a "
                                 "default changed, a global updated); a step depends on params, grads and "
                                 "lr alone."))
            message = failures[first] + other_parts_hints({k: p for k, p in parts.items() if k != first},
                                                          failures[first])
            fail(message + f"\n(Wrong: {', '.join(failures)}; right: "
                 f"{', '.join(k for k in PARAM_KEYS if k not in failures) or 'none'}.)")
    passed("sgd_step", "p - lr * dp for every parameter; inputs left unchanged")


__all__ = [name for name in dir() if name.startswith("check_")]
