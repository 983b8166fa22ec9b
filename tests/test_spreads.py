"""Initial weights of a wrong scale or distribution (``autograder.spreads``): named when proven, only then."""

import itertools

import numpy as np
from blanks import mistakes_of

from autograder.checking import spread_hint
from autograder.spreads import scale_candidates, uniform_draw

FAN_IN, FAN_OUT = np.array([300.0, 400.0]), np.array([400.0, 300.0])
NOISE = np.array([1.006, 0.993])  # the sample spread of 120,000 draws is within 1%


def test_a_constant_outside_the_root_is_named():
    hint = spread_hint(2 / np.sqrt(FAN_IN) * NOISE, FAN_IN, FAN_OUT)
    assert "[mistake: fp.wrong_scale]" in hint and "2 / sqrt(n) with n = n_in" in hint
    assert "the 2 stays outside the square root" in hint


def test_one_size_for_every_layer_is_named_with_whose_size_it_is():
    hint = spread_hint(np.sqrt(2 / FAN_IN[0]) * np.ones(2) * NOISE, FAN_IN, FAN_OUT)
    assert "sqrt(2 / 300) in every layer" in hint and "300 is W1's fan-in" in hint


def test_a_scale_from_the_fan_out_is_named():
    hint = spread_hint(2 / np.sqrt(FAN_OUT) * NOISE, FAN_IN, FAN_OUT)
    assert "2 / sqrt(n) with n = n_out" in hint


def test_the_slips_with_words_of_their_own_are_not_candidates_twice():
    """Xavier's sqrt(1 / n_in) is init.xavier's alone: one hint, not two."""
    values = [h.value for h in scale_candidates(FAN_IN, FAN_OUT)]
    assert not any(np.allclose(v, np.sqrt(1 / FAN_IN)) for v in values)
    assert not any(np.allclose(v, np.sqrt(2 / FAN_IN)) for v in values)  # the right scale
    assert "[mistake: init.xavier]" in spread_hint(np.sqrt(1 / FAN_IN) * NOISE, FAN_IN, FAN_OUT)


def test_no_scale_is_named_for_a_spread_no_candidate_gives():
    assert spread_hint(np.sqrt(3 / FAN_IN), FAN_IN, FAN_OUT) == ""
    assert spread_hint(2 / np.sqrt(FAN_IN) * 1.05, FAN_IN, FAN_OUT) == ""  # 5% away: not proven


def test_a_uniform_draw_on_zero_to_a_is_named_and_no_other_draw_is():
    rng = np.random.default_rng(3)
    uniform = [rng.random((400, 300)) * 0.08, rng.random((300, 400)) * 0.07]
    assert uniform_draw(uniform).mistake_id == "fp.uniform_for_normal"
    assert "[mistake: fp.uniform_for_normal]" in spread_hint([w.std() for w in uniform], FAN_IN, FAN_OUT,
                                                             weights=uniform)
    normal = [rng.normal(0, 0.08, (400, 300)), rng.normal(0, 0.07, (300, 400))]
    assert uniform_draw(normal) is None
    assert uniform_draw([np.abs(w) for w in normal]) is None  # >= 0, but a half-normal's shape
    symmetric = uniform_draw([rng.uniform(-0.1, 0.1, (400, 300))])  # named in words of its own
    assert symmetric.mistake_id == "fp.uniform_for_normal" and "[-0.1, 0.1]" in symmetric.hint
    assert "a / sqrt(3), not its bound a" in symmetric.hint
    assert uniform_draw([rng.uniform(-0.1, 0.1, (400, 300)), normal[1]]) is None  # every layer, or none
    assert uniform_draw([rng.laplace(0, 0.05, (400, 300))]) is None  # symmetric, but not flat
    assert uniform_draw([np.clip(normal[0], -0.1, 0.1)]) is None  # a clipped normal is not flat either
    assert uniform_draw([w[:10, :10] for w in uniform]) is None  # too few draws to tell a shape


def test_init_params_with_the_2_outside_the_root_is_named_in_its_check():
    def two_outside(n_in, n_hidden, n_out=1, seed=0):  # made up for the test
        rng = np.random.default_rng(seed)
        return {"W1": rng.normal(0.0, 2.0 / np.sqrt(n_in), size=(n_hidden, n_in)), "b1": np.zeros(n_hidden),
                "W2": rng.normal(0.0, 2.0 / np.sqrt(n_hidden), size=(n_out, n_hidden)), "b2": np.zeros(n_out)}

    assert mistakes_of("init_params", two_outside)[0] == ("fp.wrong_scale",)


def test_init_deep_params_drawn_uniformly_is_named_in_its_check():
    def uniform(layer_sizes, seed=0):  # made up for the test
        rng = np.random.default_rng(seed)
        params = {}
        for i, (n_in, n_out) in enumerate(itertools.pairwise(layer_sizes), 1):
            params[f"W{i}"] = rng.random((n_out, n_in)) * np.sqrt(2.0 / n_in)
            params[f"b{i}"] = np.zeros(n_out)
        return params

    assert mistakes_of("init_deep_params", uniform)[0] == ("fp.uniform_for_normal",)


def test_glorot_is_named_from_a_second_call_when_the_first_gives_every_layer_one_spread():
    """400 -> 500 -> 400 gives Glorot's sqrt(2 / (n_in + n_out)) the same spread in both layers,
    which a hard-coded constant gives too; the check calls init_params again with other sizes
    and names it from all four layers (eleventh set, blind: no hint before)."""
    def glorot(n_in, n_hidden, n_out=1, seed=0):  # made up for the test
        rng = np.random.default_rng(seed)
        return {"W1": rng.normal(0.0, np.sqrt(2.0 / (n_in + n_hidden)), size=(n_hidden, n_in)),
                "b1": np.zeros(n_hidden),
                "W2": rng.normal(0.0, np.sqrt(2.0 / (n_hidden + n_out)), size=(n_out, n_hidden)),
                "b2": np.zeros(n_out)}

    first = [np.sqrt(2 / 900)] * 2
    second = ([np.sqrt(2 / 900), np.sqrt(2 / 700)], (300, 600), (600, 100))
    assert "init.glorot" in spread_hint(first, (400, 500), (500, 400), again=lambda: second)
    # a spread hard-coded to the same number gives the first call the same spreads: not Glorot
    constant = ([np.sqrt(2 / 900)] * 2, (300, 600), (600, 100))
    assert "init.glorot" not in spread_hint(first, (400, 500), (500, 400), again=lambda: constant)
    assert mistakes_of("init_params", glorot)[0] == ("init.glorot",)


def test_init_params_drawn_uniformly_with_he_s_spread_as_its_bound_is_named():
    def uniform_bound(n_in, n_hidden, n_out=1, seed=0):  # made up for the test
        rng = np.random.default_rng(seed)
        s1, s2 = np.sqrt(2.0 / n_in), np.sqrt(2.0 / n_hidden)
        return {"W1": rng.uniform(-s1, s1, size=(n_hidden, n_in)), "b1": np.zeros(n_hidden),
                "W2": rng.uniform(-s2, s2, size=(n_out, n_hidden)), "b2": np.zeros(n_out)}

    assert mistakes_of("init_params", uniform_bound)[0] == ("fp.uniform_for_normal",)


def test_one_size_for_every_layer_is_named_when_each_call_says_the_same_in_its_own_numbers():
    """W2 scaled by W1's fan-in: one spread per call (so one call proves nothing), but each call on
    its own reads "sqrt(2 / n) in every layer, n = W1's fan-in"; a constant does not."""
    first = ([np.sqrt(2 / 400)] * 2, (400, 500), (500, 400))
    by_inputs = ([np.sqrt(2 / 300)] * 2, (300, 600), (600, 100))
    hint = spread_hint(*first, again=lambda: by_inputs)
    assert "[mistake: fp.wrong_scale]" in hint and "W1's fan-in" in hint, hint
    constant = ([np.sqrt(2 / 400)] * 2, (300, 600), (600, 100))
    assert spread_hint(*first, again=lambda: constant) == ""
