"""The reference network learns the spiral; the lesson's loop, as printed, does not."""

import pytest

from autograder import data
from autograder.checks.training import spiral_accuracy
from nncourse import notebooks as nbs
from nncourse.calibrate import linear_baseline
from solutions import training
from solutions.mistakes.backprop import divides_by_n_twice


def test_reference_beats_the_linear_baseline_on_heldout_data():
    baseline = linear_baseline()
    assert 0.55 < baseline < 0.65
    target_text = next(c.source for c in nbs.read(nbs.SOURCE_DIR / "06_spiral_training.ipynb").cells
                       if c.source.startswith("## 6.5 The target"))
    assert f"logistic regression, reaches **{baseline:.3f}**" in target_text  # what section 6.5 states
    accs = [spiral_accuracy(training.train, training.predict, training.HIDDEN, training.LR,
                            training.EPOCHS, time_budget=300)[0]]
    print(f"linear baseline {baseline:.3f}; reference {accs}")
    assert min(accs) > baseline + 0.05
    assert max(accs) < data.bayes_accuracy(0.15, n_samples=8_000) + 0.01


def test_lessons_loop_with_the_double_division_stays_at_chance():
    """The seed's loop: lr 0.05, 2000 epochs, gradients divided by N twice."""
    X, y = data.seed_spiral()
    params = training.init_params(2, 16, seed=99)
    for _ in range(2000):
        _, cache = training.forward(X, params)
        params = training.sgd_step(params, divides_by_n_twice(X, y, params, cache), 0.05)
    acc = training.accuracy(y, training.predict(X, params))
    assert acc == pytest.approx(0.5, abs=0.05)
    fixed = training.init_params(2, 16, seed=99)
    for _ in range(2000):
        _, cache = training.forward(X, fixed)
        fixed = training.sgd_step(fixed, training.backward(X, y, fixed, cache), 0.05)
    assert training.accuracy(y, training.predict(X, fixed)) > acc + 0.1
