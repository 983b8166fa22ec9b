"""The spiral data: the lesson's generator, the held-out set and the Bayes ceiling."""

import numpy as np
import pytest

from autograder import data
from nncourse import notebooks as nbs
from solutions import training


def test_generator_is_the_lessons():
    for args in [(150, 0.15, 42), (10, 0.0, 1), (7, 0.3, 9)]:
        X, y = data.make_spiral(*args)
        X_ref, y_ref = training.make_spiral(*args)
        assert np.array_equal(X, X_ref) and np.array_equal(y, y_ref)
        assert X.dtype == np.float64 and X.shape == (2 * args[0], 2)


def test_heldout_is_large_read_only_and_unlike_the_training_data():
    X, y = data.heldout_spiral()
    assert X.shape == (10_000, 2) and y.shape == (10_000,) and np.bincount(y).tolist() == [5000, 5000]
    with pytest.raises(ValueError):
        X[0, 0] = 1.0
    X_train, _ = data.seed_spiral()
    # Same noise-free positions, different noise: no held-out point repeats a training point.
    assert not (np.abs(X[:, None, :] - X_train[None, ::10, :]).sum(-1) < 1e-12).any()


def _bayes_by_grid(noise, cells=220):
    """The same ceiling by a different route: integrate max(p0, p1) / 2 over a grid."""
    g = np.linspace(-1.0 - 6 * noise, 1.0 + 6 * noise, cells)
    xx, yy = np.meshgrid(g, g)
    p = data.class_densities(np.c_[xx.ravel(), yy.ravel()], noise, n_grid=600)
    return float((p.max(axis=1) / 2).sum() * (g[1] - g[0]) ** 2)


@pytest.mark.parametrize("noise, expected", [(0.05, 0.976), (0.1, 0.878), (0.15, 0.745)])
def test_bayes_accuracy(noise, expected):
    monte_carlo = data.bayes_accuracy(noise, n_samples=8_000)
    assert monte_carlo == pytest.approx(expected, abs=0.01)
    assert monte_carlo == pytest.approx(_bayes_by_grid(noise), abs=0.01)
    # notebook 6, section 6.6, states these ceilings
    ceiling_text = next(c.source for c in nbs.read(nbs.SOURCE_DIR / "06_spiral_training.ipynb").cells
                        if c.source.startswith("At noise 0.15 no classifier can beat"))
    assert f"{expected:.3f}" in ceiling_text


def test_bayes_rule_on_the_heldout_set_reaches_the_ceiling():
    X, y = data.heldout_spiral()
    p = data.class_densities(X, 0.15, n_grid=600)
    assert np.mean(p.argmax(axis=1) == y) == pytest.approx(0.745, abs=0.01)
