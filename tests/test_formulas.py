"""The formula search of elementwise outputs (``autograder.formulas``): one formula proven, or nothing."""

import numpy as np
from blanks import mistakes_of

from autograder.fingerprints import Clues, explain
from autograder.formulas import formula_hypothesis, probe_points

X = np.array([[-2.5, -1.0, -0.3, 0.4], [0.9, 1.7, 2.2, 3.1]])
X2 = probe_points()


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def _found(f, meant_f, meant, x=X, x2=X2):
    return formula_hypothesis(f(x), meant_f(x), (x, meant, [(x2, f(x2))]), "`g(x)`")


def test_another_formula_of_x_is_named_next_to_the_one_that_belongs():
    found = _found(lambda v: 1 - sigmoid(v) ** 2, lambda v: 1 - np.tanh(v) ** 2, "1 - tanh(x)**2")
    assert found.mistake_id == "fp.other_formula"
    assert "equals 1 - sigmoid(x)**2 at every point checked, where 1 - tanh(x)**2 belongs" in found.hint


def test_a_square_on_another_operand_lost_or_added_is_a_square_slip():
    moved = _found(lambda v: np.exp(v ** 2), lambda v: np.exp(v) ** 2, "exp(x)**2")
    assert moved.mistake_id == "fp.missing_square" and "exp(x**2)" in moved.hint
    assert "on another operand" in moved.hint
    added = _found(lambda v: np.exp(v ** 2), lambda v: np.exp(v), "exp(x)")
    assert added.mistake_id == "fp.missing_square" and "where none belongs" in added.hint


def test_a_formula_the_second_probe_refutes_is_not_named():
    """On positive points max(x, 0)**2 and x**2 agree; the second probe, with negatives, tells them apart."""
    x = np.abs(X) + 0.1
    def student(v):  # x**2 on positive points only; something the grammar has no word for elsewhere
        return np.where(v > 0, v ** 2, 0.5 * v)
    assert _found(student, np.exp, "exp(x)", x=x) is None
    assert _found(lambda v: v ** 2, np.exp, "exp(x)", x=x).hint.count("x**2") == 1


def test_nothing_is_named_without_enough_points_or_for_the_formula_that_belongs():
    few = np.array([0.5, 1.5])
    assert formula_hypothesis(np.exp(few), np.tanh(few), (few, "tanh(x)", []), "g") is None
    assert _found(np.tanh, lambda v: np.tanh(v) + 1e-3 * (v > 3), "tanh(x)") is None  # its own words
    assert _found(lambda v: np.tanh(v) + 0.01 * np.sin(7 * v), np.tanh, "tanh(x)") is None  # no word for it


def test_the_search_runs_only_when_no_other_fingerprint_is_proven():
    e = np.tanh(X)
    clues = Clues(formula=(X, "tanh(x)", [(X2, -np.tanh(X2))]))
    assert explain(-e, e, clues).mistake_ids == ("fp.sign_flip",)  # -tanh(x) is the grammar's too
    assert explain(np.exp(X), e, clues) is None  # the second probe must show the same formula


def test_a_made_up_tanh_grad_with_the_sigmoid_is_named_in_its_check():
    def tanh_grad(x):  # made up: the sigmoid typed where tanh belongs
        return 1 - sigmoid(x) ** 2

    ids, message = mistakes_of("tanh_grad", tanh_grad)
    assert ids == ("fp.other_formula",) and "1 - sigmoid(x)**2" in message


def test_a_binary_cross_entropy_with_a_term_of_other_pieces_is_named():
    def both_logs_of_one_minus(y, y_hat):  # made up: 1 - y_hat in both logs
        y, y_hat = np.ravel(y), np.ravel(y_hat)
        return -np.mean(y * np.log(1 - y_hat) + (1 - y) * np.log(1 - y_hat))

    ids, message = mistakes_of("binary_cross_entropy", both_logs_of_one_minus)
    assert ids == ("fp.wrong_term",) and "-mean(y * log(1 - y_hat) + (1 - y) * log(1 - y_hat))" in message
    ids, _ = mistakes_of("binary_cross_entropy", lambda y, y_hat: 1.01 * -np.mean(
        np.ravel(y) * np.log(np.ravel(y_hat)) + (1 - np.ravel(y)) * np.log(1 - np.ravel(y_hat))))
    assert ids == ()
