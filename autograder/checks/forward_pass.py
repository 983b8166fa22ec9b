"""Checks for notebook 04: He initialisation and the forward pass."""

import numpy as np

from autograder.aliasing import later_entry_values
from autograder.checking import (
    NOT_REPRODUCIBLE_HINT,
    call,
    call_isolated,
    expect_array,
    expect_close,
    expect_keys,
    expect_parts,
    expect_true,
    expect_zeros,
    fail,
    hint_line,
    hint_on_failure,
    known_hint,
    passed,
    results_on_other_cases,
    siblings,
    spread_hint,
    with_other_cases,
)
from autograder.fingerprints import Clues, Hypothesis, activations_of
from autograder.known_values import known_values
from autograder.source_facts import operator, present

NB = "forward_pass"
PARAM_KEYS = ("W1", "b1", "W2", "b2")
CACHE_KEYS = ("z1", "a1", "z2")


def _params_of(kv):
    return {k: kv[k] for k in PARAM_KEYS}


def _init(init_params, n_in, n_hidden, n_out, seed):
    __tracebackhide__ = True
    label = f"init_params({n_in}, {n_hidden}, n_out={n_out}, seed={seed})"
    params = expect_keys(call_isolated(init_params, n_in, n_hidden, n_out=n_out, seed=seed,
                                       label=label), label, PARAM_KEYS)
    shapes = {"W1": (n_hidden, n_in), "b1": (n_hidden,), "W2": (n_out, n_hidden), "b2": (n_out,)}
    sizes = Clues(sizes={"n_in": n_in, "n_hidden": n_hidden, "n_out": n_out})
    for key, shape in shapes.items():
        expect_array(params[key], f"{label}[{key!r}]", shape=shape, clues=sizes)
    return params, label


def check_init_params(init_params):
    """Shapes, zero biases, He-normal spread, seeded and reproducible, no symmetry."""
    __tracebackhide__ = True
    params, label = _init(init_params, 3, 5, 1, 0)
    # The properties say what is wrong; a catalogued mistake's weights say why. The catalogue
    # stores W1 alone, and its hints speak of every weight: they stand only when W2 agrees.
    with hint_on_failure(lambda: _catalogued_weights_hint(params, label)):
        _init_properties(init_params, params, label)
    # The same call again, before the defaults are blamed for a difference it may show itself.
    again, _ = _init(init_params, 3, 5, 1, 0)
    expect_true(all(np.array_equal(again[k], params[k]) for k in PARAM_KEYS),
                f"{label} called twice gave different weights." + _unreproducible_hint(init_params))
    # The signature's defaults, n_out=1 and seed=0 (train calls init_params(D, hidden, seed=seed)).
    label = "init_params(3, 5)"
    default = expect_keys(call_isolated(init_params, 3, 5, label=label), label, PARAM_KEYS)
    for key in PARAM_KEYS:
        expect_array(default[key], f"{label}[{key!r}]", shape=params[key].shape)
        expect_true(np.array_equal(default[key], params[key]),
                    f"{label}[{key!r}] differs from init_params(3, 5, n_out=1, seed=0)[{key!r}]: the "
                    "defaults are n_out=1 and seed=0, as in the signature.")
    passed("init_params", "shapes, zero biases, He-normal spread, reproducible per seed, defaults n_out=1 "
                          "and seed=0")


def _unreproducible_hint(init_params) -> str:
    """Why two calls with seed 0 differ: seed 0 alone (other seeds repeat: 0 taken for "no seed",
    ``seed or None``, ``if seed:``), or the draws are not from a generator made from the seed."""
    seven, _ = _init(init_params, 3, 5, 1, 7)
    again, _ = _init(init_params, 3, 5, 1, 7)
    if all(np.array_equal(seven[k], again[k]) for k in PARAM_KEYS):
        return hint_line("fp.not_reproducible", "two calls with seed = 0 give different weights, while two "
                                                "with seed = 7 give the same: 0 is taken for \"no seed\" "
                                                "(`seed or None` and `if seed:` read 0 as false); test "
                                                "`seed is None` instead, or pass the seed on as it is.")
    return hint_line("fp.not_reproducible", NOT_REPRODUCIBLE_HINT)


def _catalogued_weights_hint(params, label: str) -> str:
    """"\nHint: ..." for the small call's weights: the catalogued mistake W1 matches when W2 agrees with it,
    else the fact of which weight arrays are all zeros (a fact about one array is not stated for all)."""
    zero = [key for key in ("W1", "W2") if not np.asarray(params[key]).any()]
    if len(zero) == 1:
        other = "W2" if zero == ["W1"] else "W1"
        example = " (a scale that rounds to 0, such as an integer division 2 // fan_in, gives that)" \
            if present(operator("//")) else ""
        return hint_line("fp.zeros", f"{label}[{zero[0]!r}] is all zeros, while {other!r} is not: the "
                                     f"spread used for {zero[0]} is 0{example}; draw it with "
                                     "rng.normal(0, np.sqrt(2 / fan_in)).")
    return known_hint(f"{NB}:init_params/small/W1", params["W1"])


def _other_sizes(init_params):
    """Each layer's sample spread, fan-in and fan-out from a call of other sizes (300 -> 600 -> 100)."""
    __tracebackhide__ = True
    other, _ = _init(init_params, 300, 600, 100, 7)
    return [other["W1"].std(), other["W2"].std()], (300, 600), (600, 100)


def _init_properties(init_params, params, label):
    __tracebackhide__ = True
    for key in ("b1", "b2"):
        expect_zeros(params[key], f"{label}[{key!r}]")
    # Large layers make the sample spread a sharp estimate: with 200,000 draws
    # the standard deviation is within 1% of its true value (about 7 sigma).
    big, label = _init(init_params, 400, 500, 400, 7)
    for key, fan_in in (("W1", 400), ("W2", 500)):
        w = big[key]
        want = np.sqrt(2.0 / fan_in)
        # The spread first: the mean's tolerance is set for the right spread, so weights of
        # another scale fail it by their scale alone, and the spread's message says why.
        ratio = w.std() / want
        if abs(ratio - 1) >= 0.01:  # the hint is worked out only for a wrong spread
            fail(f"{label}[{key!r}] should have standard deviation sqrt(2 / fan_in) = "
                 f"sqrt(2 / {fan_in}) = {want:.5f} (He initialisation); got {w.std():.5f}."
                 # the catalogue first: ``hinted`` adds its hint when the small W1 is a known mistake's
                 + ("" if _catalogued_weights_hint(params, label) else
                    spread_hint([big["W1"].std(), big["W2"].std()], (400, 500), (500, 400),
                                weights=[big["W1"], big["W2"]], again=lambda: _other_sizes(init_params))))
        expect_true(abs(w.mean()) < 0.02 * want,
                    f"{label}[{key!r}] should have mean 0; its mean is {w.mean():.4g}.")
        kurt = ((w - w.mean()) ** 4).mean() / w.var() ** 2
        expect_true(abs(kurt - 3) < 0.1, f"{label}[{key!r}] does not look normally distributed "
                                         f"(kurtosis {kurt:.2f}, a normal has 3): use rng.normal."
                    + (hint_line("fp.uniform_for_normal", f"the kurtosis of {label}[{key!r}] is "
                                 f"{kurt:.2f}, a uniform draw's (1.8, on any interval): its weights come "
                                 "from rng.uniform (He-uniform, or a uniform of the right spread), where "
                                 "He-normal's draw belongs: use rng.normal(0, np.sqrt(2 / n_in), size=...).")
                       if abs(kurt - 1.8) < 0.05 else ""))
    again, _ = _init(init_params, 400, 500, 400, 7)
    expect_true(all(np.array_equal(big[k], again[k]) for k in PARAM_KEYS),
                "init_params with the same seed gave different weights."
                + hint_line("fp.not_reproducible", NOT_REPRODUCIBLE_HINT))
    other, _ = _init(init_params, 400, 500, 400, 8)
    expect_true(not np.array_equal(big["W1"], other["W1"]),
                "init_params gave the same weights for seeds 7 and 8."
                + hint_line("fp.ignores_argument", "your init_params gives the same weights for seed = 7 "
                                                   "and seed = 8: the argument seed is not used (a seed "
                                                   "hard-coded, such as np.random.default_rng(0)?); create "
                                                   "the generator from it, np.random.default_rng(seed)."))
    expect_true(len(np.unique(big["W1"][:, 0])) == 500,
                "hidden units start with identical weights: they would stay identical forever.")


_LAYER_INPUTS = {"z1": ("X", "W1", "b1"), "z2": ("a1", "W2", "b2")}
"""Each pre-activation's input, weights and bias: z = input @ W.T + b."""


def _operand_slips(key: str, kv) -> list[Hypothesis]:
    """A layer fed another array of the network, or given another layer's bias (computed from the
    stored arrays; a bias of another size broadcasts, so its shape tells as much as its values)."""
    source, weights, bias = _LAYER_INPUTS[key]
    found = []
    if key == "z2":  # the activation skipped on the way: the output layer fed z1
        found.append(Hypothesis("fp.missing_activation", "z2 is computed from z1, where a1 = relu(z1) "
                                "belongs: the hidden activation is skipped on the way to the output "
                                "layer.", kv["z1"] @ kv[weights].T + kv[bias]))
    for other in ("b1", "b2"):
        if other != bias:
            found.append(Hypothesis("fp.wrong_operand", f"{key} adds {other}, another layer's bias, where "
                                    f"{bias} belongs.", kv[source] @ kv[weights].T + kv[other]))
    if key == "z1":  # an activation put on the inputs as well: the layer sees f(X), not X
        for act, f in zip(("relu", "tanh", "sigmoid"), activations_of(kv["X"], "X", "none"), strict=True):
            said = (f"z1 is computed from {act}(X), where the inputs X themselves belong: {act} is applied "
                    "to the data before the first layer. An activation follows a layer (a1 = relu(z1)); the "
                    "inputs go in as they are.")
            found.append(Hypothesis("fp.activation_on_input", said, f.value @ kv[weights].T + kv[bias]))
    return found


def _operand_shape_hint(key: str, got, kv) -> str:
    """The hint line when KEY has a wrong shape that another layer's bias (or input) explains."""
    g = np.asarray(got) if isinstance(got, np.ndarray) else None
    if g is None or g.shape == kv[key].shape:
        return ""
    for slip in _operand_slips(key, kv):
        if slip.value is not None and slip.value.shape == g.shape and np.allclose(g, slip.value):
            return hint_line(slip.mistake_id, f"{key} has shape {g.shape}, where {kv[key].shape} belongs: "
                             + slip.hint)
    return ""


def _forward_clues(key: str, kv) -> Clues:
    """Biases that a wrong z1 or z2 may lack or subtract, another layer's operands; what a wrong
    a1 may have skipped."""
    if key in _LAYER_INPUTS:  # a slip of another shape is told by the shape check (_operand_shape_hint)
        same_shape = [s for s in _operand_slips(key, kv) if s.value.shape == kv[key].shape]
        bias = _LAYER_INPUTS[key][2]
        return Clues(terms={f"the bias {bias}": kv[bias]}, related=same_shape)
    return Clues(related=[Hypothesis("fp.missing_activation", "a1 equals z1: apply the hidden "
                                                              "activation (ReLU) to z1.", kv["z1"]),
                          *activations_of(kv["z1"], "a1", "relu")])


def _output_clues(kv, also=()) -> Clues:
    """y_hat with the output activation missing or another one in its place, from the stored z2.

    also: forward's results on the other cases, as ``Clues.also``: a batch of N = 1 proves
    nothing on its own, and a batch whose z2 are all positive cannot tell a ReLU from nothing.
    """
    z2 = kv["z2"].ravel()
    return Clues(also=also, related=[
        Hypothesis("fp.missing_activation", "y_hat equals z2: apply the sigmoid to the output logit.", z2),
        Hypothesis("fp.wrong_activation", "y_hat is 0.5 wherever z2 < 0: a ReLU is applied to the output "
                                          "logit before the sigmoid; the output layer has the sigmoid "
                                          "alone.", np.where(z2 > 0, kv["y_hat"], 0.5)),
        # on a case where z2 > 0 everywhere, relu(z2) is z2: both are then named
        Hypothesis("fp.wrong_activation", "y_hat is relu(z2): the hidden layer's activation is applied "
                                          "to the output logit, where the sigmoid belongs.",
                   np.maximum(z2, 0.0)),
        # tanh rescaled to (0, 1): (tanh(z) + 1) / 2 is sigmoid(2 z), probabilities pushed from 0.5
        Hypothesis("fp.wrong_activation", "y_hat is (tanh(z2) + 1) / 2, which is sigmoid(2 * z2): tanh "
                                          "rescaled to (0, 1) is not the sigmoid of z2; apply the sigmoid "
                                          "itself to the output logit.", (np.tanh(z2) + 1.0) / 2.0)])


CASES = ("batch", "single")


def _outputs(result) -> dict:
    """forward's result as its outputs by name (y_hat and the cache's arrays)."""
    y_hat, cache = result
    return {"y_hat": y_hat, **{k: cache[k] for k in CACHE_KEYS}}


def _case_inputs(case: str) -> tuple:
    """forward's arguments on a stored case: (X, params)."""
    kv = known_values(NB, "forward", case)
    return kv["X"], _params_of(kv)


def _forward_case(forward, case, earlier=()):
    """Judge forward on one stored case; returns (y_hat, kv). earlier: the cases run before."""
    __tracebackhide__ = True
    kv = known_values(NB, "forward", case)
    X, params = kv["X"], _params_of(kv)
    others = {f"{NB}:forward/{c}": _case_inputs(c) for c in CASES if c != case}
    n, h = X.shape[0], params["W1"].shape[0]
    label = "forward(X, params)"
    result = call_isolated(forward, X, params, label=label)
    y_hat, cache = expect_parts(result, label, ("y_hat", "cache"), (np.ndarray, dict))
    inputs = {"X": X, "params": params}
    # y_hat's shape comes from z2's: a z2 of another layer's shape explains a wrong y_hat too
    z2_hint = _operand_shape_hint("z2", cache.get("z2"), kv) if isinstance(cache, dict) else ""
    with hint_on_failure(z2_hint):
        expect_array(y_hat, f"y_hat from {label} with N = {n}", shape=(n,), expected=kv["y_hat"])
    cache = expect_keys(cache, f"cache from {label}", CACHE_KEYS)
    shapes = {"z1": (n, h), "a1": (n, h), "z2": (n, 1)}
    outputs = {**{k: cache[k] for k in CACHE_KEYS}, "y_hat": y_hat}
    for key in CACHE_KEYS:
        what = f"cache[{key!r}] from {label} with N = {n}"
        with hint_on_failure(_operand_shape_hint(key, cache[key], kv) if key in _LAYER_INPUTS else ""):
            expect_array(cache[key], what, shape=shapes[key], expected=kv[key], clues=Clues(inputs={"X": X}))
        clues = _forward_clues(key, kv)
        clues.related += later_entry_values(key, cache, kv, CACHE_KEYS)
        if key == "z2":  # the output after z2: a z2 that holds sigmoid(z2) holds y_hat's values
            clues.related.append(Hypothesis(
                "fp.output_cached", "cache['z2'] holds y_hat's values, the sigmoid already applied, "
                                    "where the pre-activation z2 = a1 @ W2.T + b2 belongs: store z2 "
                                    "before the sigmoid, and compute y_hat from it.",
                kv["y_hat"].reshape(-1, 1)))
        expect_close(cache[key], kv[key], what, inputs=inputs, mistake=f"{NB}:forward/{case}/{key}",
                     clues=clues, seen=with_other_cases(siblings(f"{NB}:forward/{case}", outputs, key),
                                                        forward, others, label, _outputs))
    def judged(other, result):
        other_kv = known_values(NB, "forward", other)
        y = result[0]
        same = isinstance(y, np.ndarray) and y.shape == other_kv["y_hat"].shape
        return (y, other_kv["y_hat"], _output_clues(other_kv)) if same else None

    later = CASES[CASES.index(case) + 1:]  # the earlier ones have run: their results are known
    also = results_on_other_cases(forward, {c: _case_inputs(c) for c in later}, label, judged,
                                  [(y, k["y_hat"], _output_clues(k)) for y, k in earlier])
    expect_close(y_hat, kv["y_hat"], f"y_hat from {label}", inputs=inputs,
                 mistake=f"{NB}:forward/{case}/y_hat", clues=_output_clues(kv, also),
                 seen=with_other_cases(siblings(f"{NB}:forward/{case}", outputs, "y_hat"),
                                       forward, others, label, _outputs))
    return y_hat, kv


def check_forward(forward):
    """y_hat (N,) and cache z1, a1 (N, H), z2 (N, 1) for odd N and for N = 1."""
    __tracebackhide__ = True
    earlier = []
    for case in CASES:
        earlier.append(_forward_case(forward, case, earlier))
    kv = known_values(NB, "forward", "batch")
    y_hat, _ = call(forward, kv["X"], _params_of(kv), label="forward(X, params)")
    expect_true(bool(((y_hat > 0) & (y_hat < 1)).all()), "y_hat should be probabilities in (0, 1).")
    passed("forward", "y_hat and cache right for a batch of 7 and for a single point")


__all__ = [name for name in dir() if name.startswith("check_")]
