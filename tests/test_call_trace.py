"""The call trace (``autograder/call_trace.py``): each kind of difference on made-up blanks, its limits,
its safety, the stored reference traces, and the wiring into a real check."""

import inspect
import json
import signal
import textwrap
import time

import numpy as np
import pytest

from autograder import call_trace as T
from autograder.checking import CheckFailed


def init(n_in, n_hidden, n_out=1, seed=0):
    """A made-up parameter maker: every number it is given shows in its result."""
    return {"W": np.full((n_hidden, n_in), seed + 1.0), "b": np.arange(float(n_out))}


def step(params, lr):
    return {"W": params["W"] - lr, "b": params["b"] - lr}


def loss(params, X):
    return float(np.sum(X @ params["W"].T) + np.sum(params["b"]))


def loss_squared(params, X):
    return loss(params, X) ** 2


#: the made-up registry: the helpers a blank may call
HELPERS = {"init": init, "step": step, "loss": loss, "loss_squared": loss_squared}

REFERENCE = """
def fit(X, hidden, lr=0.1, epochs=3, seed=0):
    params = init(X.shape[1], hidden, seed=seed)
    losses = []
    for _ in range(epochs):
        losses.append(loss(params, X))
        params = step(params, lr)
    return params, losses
"""

ARGS = (np.arange(6.0).reshape(3, 2),)
KWARGS = {"hidden": 4, "lr": 0.1, "epochs": 3, "seed": 5}


def blank(source: str, helpers=HELPERS):
    """The function ``fit`` defined by ``source`` in a namespace of its own that holds the helpers."""
    namespace = {"np": np, **helpers}
    exec(textwrap.dedent(source), namespace)
    return namespace["fit"]


def reference_calls() -> list[T.Call]:
    return T.reference_trace(blank(REFERENCE), ARGS, dict(KWARGS), "fit", HELPERS)


def finding(source: str, helpers=HELPERS) -> T.Finding | None:
    tracer = T.Tracer(reference=reference_calls(), blank="fit")
    return T.trace(blank(source, helpers), ARGS, dict(KWARGS), tracer, helpers)


def mutant(old: str, new: str) -> str:
    assert old in REFERENCE
    return REFERENCE.replace(old, new)


def test_the_reference_trace_records_every_call_in_order_with_bound_arguments():
    calls = reference_calls()
    assert [c.helper for c in calls] == ["init", "loss", "step", "loss", "step", "loss", "step"]
    first = calls[0].args
    assert list(first) == ["n_in", "n_hidden", "n_out", "seed"]  # bound by init's own signature
    assert first["n_out"][0] is False and first["seed"][0] is True  # a default, and a passed value
    assert first["seed"][2] == ["n", 5.0]
    # sources: the blank's argument, and the previous step's result (the state carried)
    assert calls[1].args["X"][1] == ["in", "X"]
    assert calls[4].args["params"][1] == ["out", "step", 1, -1, 0]


def test_a_correct_blank_written_otherwise_has_no_finding():
    other = """
    def fit(X, hidden, lr=0.1, epochs=3, seed=0):
        p = init(n_in=X.shape[1], n_hidden=hidden, n_out=1, seed=seed)
        out = []
        for _ in range(epochs):
            out.append(loss(p, X.copy()))
            p = step(lr=lr, params=p)
        return p, out
    """
    assert finding(other) is None


def test_two_arguments_exchanged():
    found = finding(mutant("init(X.shape[1], hidden", "init(hidden, X.shape[1]"))
    assert found.mistake_ids == ("fp.arguments_exchanged",)
    assert "n_in = 4 (your hidden) and n_hidden = 2" in found.text
    assert "init(n_in, n_hidden, n_out, seed)" in found.text


def test_a_value_passed_by_position_into_the_parameter_before_its_own():
    found = finding(mutant("hidden, seed=seed)", "hidden, seed)"))
    assert found.mistake_ids == ("fp.argument_misplaced",)
    assert "n_out = 5 (your seed)" in found.text and "seed left at its default 0" in found.text


def test_an_argument_left_at_its_default_names_the_blanks_own_argument():
    found = finding(mutant("hidden, seed=seed)", "hidden)"))
    assert found.mistake_ids == ("fp.default_left", "fp.ignores_argument")
    assert "seed keeps its default 0" in found.text
    assert "seed = 5, the value of {blank}'s own argument seed, belongs: it is not passed on" in found.text


def test_a_number_that_only_equals_an_argument_is_not_named_after_it():
    assert finding(mutant("hidden, seed=seed)", "hidden, 1, seed=seed)")) is None  # n_out = 1: no difference
    calls = T.reference_trace(blank(REFERENCE), ARGS, {**KWARGS, "seed": 1}, "fit", HELPERS)
    # n_out = 1 = seed, but not seed: re-run with seed = 2, it stays 1
    assert len(calls[0].args["n_out"]) == 3
    assert calls[0].args["seed"][3] == "seed" and calls[0].args["n_hidden"][3] == "hidden"
    assert calls[2].args["lr"][3] == "lr"


def test_a_number_that_changes_between_calls():
    found = finding(mutant("params = step(params, lr)", "params = step(params, lr)\n        lr = lr / 2"))
    assert found.mistake_ids == ("fp.argument_value",)
    assert "lr = 0.05 where lr = 0.1 (your lr) belongs (call 2 of step; the earlier ones agree): its value " \
           "changes from one call to the next" in found.text


def test_state_not_carried_is_an_argument_from_another_source():
    found = finding(mutant("params = step(params, lr)", "new_params = step(params, lr)"))
    assert found.mistake_ids == ("fp.wrong_argument",)
    assert "calls loss with params = what init(2, 4, 1, 5) returned, where params = what step(init(...), " \
           "0.1) returned belongs (call 2 of loss" in found.text


def test_a_result_changed_in_place_before_it_is_passed_on():
    found = finding(mutant("losses.append(loss(params, X))",
                           "params['b'] -= 1\n        losses.append(loss(params, X))"))
    assert found.mistake_ids == ("fp.in_place",)
    assert "passes params = what init(2, 4, 1, 5) returned to loss, but that array was changed in place " \
           "after init returned it" in found.text


def test_a_call_made_once_per_epoch_where_once_belongs():
    source = REFERENCE.replace("    params = init(X.shape[1], hidden, seed=seed)\n", "").replace(
        "for _ in range(epochs):\n",
        "for _ in range(epochs):\n        params = init(X.shape[1], hidden, seed=seed)\n")
    found = finding(source)
    assert found.mistake_ids == ("fp.call_count",)
    assert "calls init again (call 2 of init, which the blank calls once) and passes what init(2, 4, 1, 5) " \
           "returned to loss as params, where params = what step(init(...), 0.1) returned belongs" \
        in found.text


def test_a_loop_one_step_too_long_is_a_count():
    found = finding(mutant("for _ in range(epochs):", "for _ in range(2 * epochs):"))
    assert found.mistake_ids == ("fp.call_count",)
    assert "calls loss 6 times where the blank calls it 3 times on this input (2 times as many" in found.text


def test_a_helper_applied_to_its_own_result():
    helpers = {"squash": lambda x: x / (1.0 + np.abs(x))}
    x = np.linspace(-2.0, 3.0, 6)
    reference = T.reference_trace(blank("def fit(x):\n    s = squash(x)\n    return s * (1 - s)\n", helpers),
                                  (x,), {}, "fit", helpers)
    tracer = T.Tracer(reference=reference, blank="fit")
    found = T.trace(blank("def fit(x):\n    x = squash(x)\n    return x * (1 - squash(x))\n", helpers),
                    (x,), {}, tracer, helpers)
    assert found.mistake_ids == ("fp.composed",)
    assert "calls squash again on what squash returned: squash is applied twice, squash(squash(...))" \
        in found.text


def test_a_value_computed_again_is_no_difference():
    assert finding(mutant("losses.append(loss(params, X))",
                          "loss(params, X)\n        losses.append(-loss(params, X))")) is None


def test_a_helper_never_called_proves_nothing():
    # the work may be done another way (inline here), and the failure lie elsewhere
    assert finding(mutant("losses.append(loss(params, X))",
                          "losses.append(float(np.sum(X @ params['W'].T) + np.sum(params['b'])))")) is None


def test_another_helper_in_its_place():
    found = finding(mutant("loss(params, X)", "loss_squared(params, X)"))
    assert found.mistake_ids == ("fp.wrong_helper",)
    assert "calls loss_squared (3 times) and never loss" in found.text


def test_a_wrong_helper_proves_nothing_about_the_calls():
    wrong_step = {**HELPERS, "step": lambda params, lr: {"W": params["W"] + lr, "b": params["b"]}}
    assert finding(REFERENCE, wrong_step) is None


def test_two_unrelated_differences_in_one_call_say_nothing():
    assert finding(mutant("init(X.shape[1], hidden, seed=seed)",
                          "init(X.shape[1], hidden + 1, 3, seed=seed)")) is None


def test_a_run_that_raises_before_any_difference_says_nothing():
    assert finding(mutant("return params, losses", "raise ValueError('late')")) is None


def test_the_namespace_is_unchanged_and_nothing_reaches_stderr(capfd):
    fn = blank(mutant("losses.append(loss(params, X))", "losses.append(loss(params, X)); 1 / 0"))
    before = dict(fn.__globals__)
    tracer = T.Tracer(reference=reference_calls(), blank="fit")
    assert T.trace(fn, ARGS, dict(KWARGS), tracer, HELPERS) is None
    assert fn.__globals__ == before and fn.__globals__["loss"] is loss
    assert capfd.readouterr().err == ""


def test_summaries_agree_for_values_computed_in_another_order_and_differ_otherwise():
    x = np.random.default_rng(0).normal(size=(5, 3))
    assert T.same(T.summary(x), T.summary(x * 3 / 3))
    assert not T.same(T.summary(x), T.summary(x[::-1]))  # the same entries, permuted
    assert not T.same(T.summary(x), T.summary(x.T))
    assert T.same(T.summary({"a": x, "n": 3}), T.summary({"n": 3.0, "a": x.copy()}))
    rng = np.random.default_rng(3)
    assert T.summary(rng) == ["rng", 1517922208]  # the same number in every process
    assert not T.same(T.summary(rng), T.summary(np.random.default_rng(4)))


def test_helpers_are_the_blanks_read_as_globals_not_attributes():
    namespace = {"np": np, "tanh": np.tanh, "loss": loss}
    exec("def f(x):\n    return np.tanh(x) + loss(x, x)\n", namespace)
    assert T.helper_names(namespace["f"], {"tanh": 0, "loss": 0}) == ["loss"]


# --------------------------------------------------------------------------
# The stored reference traces, and the wiring into the checks
# --------------------------------------------------------------------------

def test_stored_traces_are_up_to_date():
    from nncourse import trace_fixtures

    traces, arrays = trace_fixtures.build()
    stale = _rounding_apart(json.loads(T.TRACES_JSON.read_text()), json.loads(trace_fixtures.text(traces)))
    assert stale is None, f"call_traces.json differs at {stale}: run `make fixtures`"
    with np.load(T.TRACES_NPZ) as stored:
        assert sorted(stored.files) == sorted(arrays), "run `make fixtures`"
        for key, value in arrays.items():
            same = stored[key].shape == value.shape and stored[key].dtype == value.dtype and np.allclose(
                stored[key], value, rtol=ROUNDING, atol=ROUNDING_ATOL)
            assert same, f"call_traces.npz[{key!r}] is stale: `make fixtures`"


#: How far a stored number may be from the one built here: BLAS rounding (another CPU's kernels give
#: other last digits, 1e-16 relative; 2026-12-03 on an AMD EPYC), never a changed trace.
ROUNDING, ROUNDING_ATOL = 1e-12, 1e-15


def _rounding_apart(stored, built, path="") -> str | None:
    """The first path where STORED and BUILT (parsed JSON) differ by more than rounding, or None."""
    if isinstance(stored, bool) or isinstance(built, bool) or not (
            isinstance(stored, int | float) and isinstance(built, int | float)):
        if type(stored) is not type(built):
            return path or "/"
        if isinstance(stored, dict):
            if stored.keys() != built.keys():
                return path or "/"
            return next((p for k in stored
                         if (p := _rounding_apart(stored[k], built[k], f"{path}/{k}"))), None)
        if isinstance(stored, list):
            if len(stored) != len(built):
                return path or "/"
            return next((p for i, (a, b) in enumerate(zip(stored, built, strict=True))
                         if (p := _rounding_apart(a, b, f"{path}[{i}]"))), None)
        return None if stored == built else path or "/"
    return None if np.isclose(stored, built, rtol=ROUNDING, atol=ROUNDING_ATOL) else path or "/"


def test_every_blank_that_calls_others_has_its_check_wrapped():
    from autograder import checks
    from autograder.blanks import BY_NAME
    from nncourse import trace_fixtures

    callers = {b.name for b in trace_fixtures.callers()}
    assert {"train", "grid_search", "predict", "softmax_classifier_train"} <= callers
    for name in callers:
        check = getattr(checks, BY_NAME[name].check.__name__)
        assert getattr(check, "__call_trace_blank__", None) == name


def _train_variant(old: str, new: str):
    """The reference train with one call changed, in a namespace holding notebook 06's given functions."""
    from solutions import backprop, forward_pass, losses, training

    source = textwrap.dedent(inspect.getsource(training.train))
    assert old in source
    namespace = {"np": np, "init_params": forward_pass.init_params, "forward": forward_pass.forward,
                 "backward": backprop.backward, "sgd_step": backprop.sgd_step,
                 "binary_cross_entropy": losses.binary_cross_entropy, "accuracy": training.accuracy}
    exec(source.replace(old, new), namespace)
    return namespace["train"]


def test_a_failing_check_gets_the_traces_hint_in_place_of_an_errors():
    from autograder.checks import check_train

    train = _train_variant("init_params(X.shape[1], hidden, 1", "init_params(hidden, X.shape[1], 1")
    with pytest.raises(CheckFailed) as failed:
        check_train(train)
    assert failed.value.mistakes == ("fp.arguments_exchanged",)  # the matmul error's hint replaced
    assert str(failed.value).count("Hint:") == 1
    assert "your train calls init_params with n_in = 6 (your hidden) and n_hidden = 2" in str(failed.value)
    assert isinstance(failed.value.__cause__, ValueError)  # the student's frames are still shown


def test_a_hint_proven_on_the_output_is_kept():
    from autograder.checks import check_train

    train = _train_variant("params = init_params(X.shape[1], hidden, 1, seed=seed)",
                           "params = init_params(X.shape[1], hidden, 1)")
    with pytest.raises(CheckFailed) as failed:
        check_train(train)
    assert failed.value.mistakes == ("fp.ignores_argument",)  # the check's probe of seed, not the trace


def test_the_traces_rerun_of_a_slow_blank_is_stopped_and_the_failure_stands(monkeypatch):
    """A slow train that fails is re-run by the trace for its hint: past ``HINT_RUN_BUDGET`` that run is
    stopped (it never reaches its end) and the check's own failure is raised, its hint unchanged."""
    from autograder import time_budget
    from autograder.checks import check_train

    monkeypatch.setattr(time_budget, "HINT_RUN_BUDGET", 0.3)
    train = _train_variant("init_params(X.shape[1], hidden, 1", "init_params(hidden, X.shape[1], 1")
    finished = []

    def slow_train(*args, **kwargs):
        time.sleep(1.0)  # a training loop far too long, on every call
        finished.append(True)
        return train(*args, **kwargs)

    with pytest.raises(CheckFailed) as failed:
        check_train(slow_train)
    assert len(finished) == 1  # the check's run; the trace's was stopped before its end
    assert failed.value.mistakes and all(m.startswith(T.ERROR_PREFIX) for m in failed.value.mistakes)
    assert "calls init_params" not in str(failed.value)
    assert isinstance(failed.value.__cause__, ValueError)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_result_kept_from_an_earlier_call_is_named_with_its_call():
    """fit returns what init made (its calls all agree with the reference's): the origin of the result
    tells, where no call differs. Before 2026-12-04 a run whose calls agreed said nothing."""
    tracer = T.Tracer(reference=reference_calls(), blank="fit",
                      returns=T.reference_returns(blank(REFERENCE), ARGS, dict(KWARGS), "fit", HELPERS))
    kept_first = mutant("    params = init(X.shape[1], hidden, seed=seed)\n",
                        "    params = init(X.shape[1], hidden, seed=seed)\n    first = params\n")
    found = T.trace(blank(kept_first.replace("return params, losses", "return first, losses")), ARGS,
                    dict(KWARGS), tracer, HELPERS)
    assert found is not None and found.mistake_ids == ("fp.earlier_result",), found
    assert "what init returned at its call 1, where the blank returns the result of its last call of step" \
        in found.text


def test_a_copy_of_the_final_result_proves_no_origin():
    tracer = T.Tracer(reference=reference_calls(), blank="fit",
                      returns=T.reference_returns(blank(REFERENCE), ARGS, dict(KWARGS), "fit", HELPERS))
    copied = mutant("return params, losses", "return dict(params), losses")
    assert T.trace(blank(copied), ARGS, dict(KWARGS), tracer, HELPERS) is None


def test_train_returning_an_earlier_epoch_s_params_is_named_though_its_calls_come_in_another_order():
    """The validation loss computed first puts the loss calls in another order than the reference's, so
    the trace's diff stops silent; a second run that only records tells where the result comes from."""
    from autograder.checks import check_train

    old = ('        history["loss"].append(binary_cross_entropy(y, y_hat))\n'
           '        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))\n'
           '        history["acc"].append(accuracy(y, y_hat >= 0.5))\n'
           '        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))\n'
           '        params = sgd_step(params, backward(X, y, params, cache), lr)\n'
           '    return params, history\n')
    new = ('        history["val_loss"].append(binary_cross_entropy(y_val, y_hat_val))\n'
           '        history["loss"].append(binary_cross_entropy(y, y_hat))\n'
           '        history["acc"].append(accuracy(y, y_hat >= 0.5))\n'
           '        history["val_acc"].append(accuracy(y_val, y_hat_val >= 0.5))\n'
           '        before = params  # made up: the parameters the last update started from, returned\n'
           '        params = sgd_step(params, backward(X, y, params, cache), lr)\n'
           '    return before, history\n')
    train = _train_variant(old, new)
    with pytest.raises(CheckFailed) as failed:
        check_train(train)
    assert failed.value.mistakes == ("fp.earlier_result",), str(failed.value)
    assert "what sgd_step returned at its call 29 of 30" in str(failed.value)
