"""The two-spiral data: the generator, a fixed held-out set, and its Bayes ceiling.

The generator is the lesson's own (not a blank), so students may use it freely.
Graded accuracy is always measured on ``heldout_spiral()``, drawn with a seed
that no notebook uses for training.
"""

from functools import lru_cache

import numpy as np

#: The lesson's training data: ``make_spiral(**SEED_DATA)``.
SEED_DATA = {"n_per_class": 150, "noise": 0.15, "seed": 42}
#: Seed of the held-out set; distinct from every training seed in the course.
HELDOUT_SEED = 20_261_127
HELDOUT_PER_CLASS = 5_000


def spiral_arms(t, cls):
    """Noise-free spiral: points of class ``cls`` at positions t in [0, 1].

    t: array of shape (M,). Returns an array of shape (M, 2).
    """
    angle = t * 3 * np.pi + cls * np.pi
    return np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1)


def make_spiral(n_per_class=100, noise=0.1, seed=0):
    """Two interleaved spirals with Gaussian noise, exactly as in the lesson.

    Returns ``(X, y)``: X of shape (2 * n_per_class, 2), float64; y of shape
    (2 * n_per_class,), int labels with class 0 first.
    """
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 1, n_per_class)
    X = np.vstack([spiral_arms(t, 0), spiral_arms(t, 1)])
    X = X + rng.normal(0, noise, (2 * n_per_class, 2))
    y = np.repeat([0, 1], n_per_class)
    return X, y


def seed_spiral():
    """The lesson's training set, ``make_spiral(150, 0.15, 42)``: X (300, 2), y (300,)."""
    return make_spiral(**SEED_DATA)


@lru_cache(maxsize=4)
def _heldout(noise):
    X, y = make_spiral(HELDOUT_PER_CLASS, noise, HELDOUT_SEED)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


def heldout_spiral(noise=SEED_DATA["noise"]):
    """A large held-out sample (10,000 points) of the same distribution.

    Returns read-only arrays X (10000, 2) and y (10000,).
    """
    return _heldout(float(noise))


def class_densities(X, noise, n_grid=2_000):
    """Likelihood of each point under each class's spiral, p(x | class).

    A class is its arm at a uniform position t in [0, 1] plus isotropic Gaussian
    noise, so p(x | c) is the average over t of a 2-D normal density.
    X: array of shape (M, 2). Returns an array of shape (M, 2).
    """
    t = (np.arange(n_grid) + 0.5) / n_grid
    out = np.empty((len(X), 2))
    for cls in range(2):
        arm = spiral_arms(t, cls)
        for start in range(0, len(X), 1_000):
            chunk = X[start:start + 1_000]
            d2 = ((chunk[:, None, :] - arm[None, :, :]) ** 2).sum(axis=-1)
            out[start:start + 1_000, cls] = np.exp(-d2 / (2 * noise**2)).mean(axis=1)
    return out / (2 * np.pi * noise**2)


def bayes_accuracy(noise, n_samples=20_000, seed=0):
    """Best accuracy any classifier can reach on this distribution (Monte Carlo).

    Equal class priors, so the Bayes rule picks the class of larger likelihood
    and is right with probability max(p0, p1) / (p0 + p1) at each point.
    Standard error is below 0.003 with the default 20,000 samples.
    """
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, 1, n_samples)
    cls = rng.integers(0, 2, n_samples)
    X = np.where(cls[:, None] == 0, spiral_arms(t, 0), spiral_arms(t, 1))
    X = X + rng.normal(0, noise, X.shape)
    p = class_densities(X, noise)
    return float(np.mean(p.max(axis=1) / p.sum(axis=1)))


# --------------------------------------------------------------------------
# CS231n's three-class spiral (notebook 07)
# --------------------------------------------------------------------------

#: Notebook 07's training data: ``make_cs231n_spiral(**CS231N_DATA)`` (3 classes x 100 points).
CS231N_DATA = {"n_per_class": 100, "n_classes": 3, "noise": 0.2, "seed": 231}
#: Seed of its validation set (what training reports) and of its held-out test set (what is graded).
CS231N_VALIDATION_SEED = 2_310
CS231N_HELDOUT_SEED = 23_100_231
CS231N_HELDOUT_PER_CLASS = 2_000


def make_cs231n_spiral(n_per_class=100, n_classes=3, noise=0.2, seed=0):
    """CS231n's spiral, seeded: ``n_classes`` arms of ``n_per_class`` points each.

    For class j: radius r = linspace(0, 1, n), angle t = linspace(4j, 4(j + 1), n)
    plus Gaussian noise of standard deviation ``noise`` (radians), and the point
    is (r sin t, r cos t). Returns ``(X, y)``: X of shape (n_classes * n, 2),
    float64; y of shape (n_classes * n,), int labels 0..n_classes-1, class 0 first.
    """
    rng = np.random.default_rng(seed)
    X = np.zeros((n_per_class * n_classes, 2))
    y = np.zeros(n_per_class * n_classes, dtype=int)
    for j in range(n_classes):
        ix = slice(n_per_class * j, n_per_class * (j + 1))
        r = np.linspace(0.0, 1.0, n_per_class)
        t = np.linspace(j * 4, (j + 1) * 4, n_per_class) + rng.standard_normal(n_per_class) * noise
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[ix] = j
    return X, y


def cs231n_spiral():
    """Notebook 07's training set, ``make_cs231n_spiral(100, 3, 0.2, 231)``: X (300, 2), y (300,)."""
    return make_cs231n_spiral(**CS231N_DATA)


def cs231n_validation():
    """A validation sample of the same distribution (3 x 100 points, another seed)."""
    return make_cs231n_spiral(100, CS231N_DATA["n_classes"], CS231N_DATA["noise"], CS231N_VALIDATION_SEED)


@lru_cache(maxsize=1)
def _heldout_cs231n():
    X, y = make_cs231n_spiral(CS231N_HELDOUT_PER_CLASS, CS231N_DATA["n_classes"], CS231N_DATA["noise"],
                              CS231N_HELDOUT_SEED)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


def heldout_cs231n_spiral():
    """The graded held-out set of the three-class spiral: read-only X (6000, 2) and y (6000,)."""
    return _heldout_cs231n()
