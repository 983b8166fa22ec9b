"""Factors that are named sizes of the call (``autograder.quantities``): named when proven, only then."""

import numpy as np
from blanks import mistakes_of

from autograder.checking import CheckFailed, expect_close
from autograder.fingerprints import Clues, explain
from autograder.quantities import named_sizes, size_factors

Y = np.eye(3)[[0, 2, 1, 1, 0]]  # (N, K) = (5, 3)
E = np.array([[0.2, -1.5, 3.0], [0.7, 2.25, -0.4]])


def _ids(got, expected, sizes, n=None):
    found = explain(got, expected, Clues(sizes=sizes, n=n))
    return found.mistake_ids if found else ()


def test_the_sizes_of_a_call_by_the_expression_a_student_writes():
    sizes = named_sizes({"Y": Y, "y": np.zeros(4), "lr": 0.1, "(w, b) with lr=1.0": np.zeros((2, 7))})
    assert sizes == {"Y.shape[0]": 5, "Y.shape[1]": 3, "len(y)": 4}


def test_a_loss_divided_by_the_classes_where_the_rows_belong():
    """One number, a factor fixed before the output is seen: N / K to 7 digits is no chance."""
    found = explain(np.float64(0.84 * 5 / 3), np.float64(0.84), Clues(sizes=named_sizes({"Y": Y, "P": Y})))
    assert found.mistake_ids == ("fp.wrong_size",)
    assert "divided by Y.shape[1] = 3 where Y.shape[0] = 5 belongs" in found.text
    assert "P.shape" not in found.text  # P's axes are Y's: one quantity, named once


def test_times_and_divided_by_a_size():
    sizes = {"X.shape[1]": 3}
    assert _ids(3 * E, E, sizes) == ("fp.times_size",)
    assert _ids(E / 3, E, sizes) == ("fp.over_size",)
    assert _ids(E / 3.0001, E, sizes) == ()


def test_factors_with_ids_of_their_own_are_left_to_them():
    """2 is fp.times_2's, the batch size N fp.times_n's: never named twice."""
    assert _ids(2 * E, E, {"X.shape[1]": 2}) == ("fp.times_2",)
    assert _ids(5 * E, E, {"X.shape[0]": 5}, n=5) == ("fp.times_n",)


def test_two_sizes_alike_are_both_named_and_more_are_none():
    both = explain(3 * E, E, Clues(sizes={"X.shape[0]": 3, "W.shape[0]": 3}))
    assert both.mistake_ids == ("fp.times_size",)
    assert "X.shape[0] (equally W.shape[0])" in both.text
    # 4/2 = 6/3 = 2 is times_2's; 6/2 = 3 = the size 3 and the ratio 6/2: two descriptions, both named
    two = explain(3 * E, E, Clues(sizes={"A.shape[0]": 6, "A.shape[1]": 2, "B.shape[0]": 3}))
    assert set(two.mistake_ids) == {"fp.times_size", "fp.wrong_size"}
    # 12/4 = 6/2 = 3 (a size too): three descriptions of one factor, none named
    assert _ids(3 * E, E, {"A.shape[0]": 12, "A.shape[1]": 4, "B.shape[0]": 6, "B.shape[1]": 2,
                           "C.shape[0]": 3}) == ()


def test_a_factor_is_a_description_a_cause_speaks_first():
    got = 3 * E
    clues = Clues(sizes={"X.shape[1]": 3}, terms={"the bias b": -2 * E})  # E - b = 3 E
    assert explain(got, E, clues).mistake_ids == ("fp.missing_term",)


def test_an_array_needs_two_magnitudes():
    assert size_factors(E, {}) == []
    assert _ids(np.full(4, 1.5), np.full(4, 0.5), {"x.shape[0]": 3}) == ()


def test_expect_close_takes_the_sizes_from_its_inputs():
    try:
        expect_close(np.float64(0.84 * 5 / 3), np.float64(0.84), "loss(Y, P)", inputs={"Y": Y, "P": Y})
    except CheckFailed as failure:
        assert failure.mistakes == ("fp.wrong_size",)
    else:
        raise AssertionError("expect_close passed a wrong value")


def test_the_categorical_cross_entropy_over_the_classes_is_named_in_its_check():
    def mean_over_classes(Y, P):  # made up: the sum over N rows divided by K
        return -np.sum(Y * np.log(P)) / Y.shape[1]

    assert mistakes_of("categorical_cross_entropy", mean_over_classes)[0] == ("fp.wrong_size",)


def test_a_perceptron_bias_counted_once_per_input_is_named():
    def per_input(x, w, b):  # made up: b added to every term of the elementwise product
        return int(np.sum(np.asarray(x, dtype=float) * w + b) >= 0)

    ids, message = mistakes_of("perceptron", per_input)
    assert ids == ("fp.repeated_term",) and "w·x + 3*b" in message
    ids, _ = mistakes_of("perceptron", lambda x, w, b: int(np.dot(x, w) + 0.5 * b >= 0))
    assert ids == ()  # half the bias: no size of the call gives it


def test_a_factor_of_one_over_n_is_left_to_the_batch_size_whatever_its_rounding():
    """1/7 rounded to 12 digits differs from 1/7 by 1.4e-13 relative: it is still 1/N, never X.shape[0]."""
    found = size_factors(np.array([0.3, 1.7]), {"X.shape[0]": 7, "X.shape[1]": 3}, 7, "db1")
    sized = ("fp.over_size", "fp.times_size")
    by_n = [h for h in found if "X.shape[0] = 7" in h.hint and h.mistake_id in sized]
    assert not by_n, by_n
    assert any(h.mistake_id == "fp.over_size" and "X.shape[1] = 3" in h.hint for h in found)
