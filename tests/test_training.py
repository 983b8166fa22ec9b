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


@pytest.mark.parametrize("hidden, epochs, reruns", [(21, 2000, 0), (16, 1000, 5)])
def test_only_a_short_run_is_re_run_to_prove_why_it_fell_short(hidden, epochs, reruns):
    """README: a run still falling is re-run only when HIDDEN x EPOCHS <= RERUN_WORK (a failing cell
    must not train for minutes); 21 x 2000 = 42,000 is over it, 16 x 1000 = 16,000 under it."""
    from autograder.checking import CheckFailed
    from autograder.checks.training import EPOCH_FACTORS, LR_FACTORS, RERUN_WORK, check_spiral_accuracy

    assert (hidden * epochs > RERUN_WORK) == (reruns == 0)
    assert reruns in (0, len(LR_FACTORS) + len(EPOCH_FACTORS))
    runs = []

    def counted_train(*args, **kwargs):
        runs.append(kwargs.get("lr", args[5] if len(args) > 5 else None))
        return training.train(*args, **kwargs)

    with pytest.raises(CheckFailed) as failed:  # lr 0.001: far from the target, the loss still falling
        check_spiral_accuracy(counted_train, training.predict, hidden, 0.001, epochs)
    assert "fp.still_falling" in str(failed.value)
    assert len(runs) == 1 + reruns, runs


def test_a_failing_spiral_target_prints_no_pass_line_for_its_hyperparameters(capsys):
    """The target checks HIDDEN, LR and EPOCHS first: their ✓ above its own failure read as a pass."""
    from autograder.checking import CheckFailed
    from autograder.checks.training import check_hyperparameters, check_spiral_accuracy

    with pytest.raises(CheckFailed):
        check_spiral_accuracy(training.train, training.predict, 2, 0.05, 5)
    assert "✓" not in capsys.readouterr().out
    check_hyperparameters(2, 0.05, 5)  # the hyperparameters' own cell still says they are fine
    assert "✓ hyperparameters" in capsys.readouterr().out
