"""Notebook 07: the three-class spiral, the softmax target's calibration, the optimisers' maths,
and the catalogued mistakes as they will run inside the notebook."""

import inspect
import textwrap

import numpy as np
import pytest
from blanks import run_check

from autograder import data
from autograder.blanks import BLANKS
from autograder.checking import CheckFailed
from autograder.checks import what_next as checks
from nncourse import notebooks as nbs
from solutions import what_next as W
from solutions.mistakes import MISTAKES

NOTEBOOK = "07_what_next"


def _cs231n_recipe(n, k, noise, seed):
    """CS231n's generator as printed in its case study, with its global randn seeded."""
    rng = np.random.default_rng(seed)
    X = np.zeros((n * k, 2))
    y = np.zeros(n * k, dtype="uint8")
    for j in range(k):
        ix = range(n * j, n * (j + 1))
        r = np.linspace(0.0, 1, n)
        t = np.linspace(j * 4, (j + 1) * 4, n) + rng.standard_normal(n) * noise
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[ix] = j
    return X, y


@pytest.mark.parametrize("n, k, noise, seed", [(100, 3, 0.2, 231), (7, 4, 0.0, 1), (5, 2, 0.5, 9)])
def test_three_class_spiral_is_cs231ns(n, k, noise, seed):
    X, y = data.make_cs231n_spiral(n, k, noise, seed)
    X_ref, y_ref = _cs231n_recipe(n, k, noise, seed)
    assert X.dtype == np.float64 and X.shape == (n * k, 2) and y.shape == (n * k,)
    assert np.array_equal(X, X_ref) and np.array_equal(y, y_ref.astype(int))
    assert np.allclose(np.hypot(X[:n, 0], X[:n, 1]), np.linspace(0, 1, n))  # radius r = linspace(0, 1)


def test_heldout_three_class_set_is_large_read_only_and_new():
    X, y = data.heldout_cs231n_spiral()
    assert X.shape == (6_000, 2) and np.bincount(y).tolist() == [2_000] * 3
    with pytest.raises(ValueError):
        X[0, 0] = 1.0
    X_train, _ = data.cs231n_spiral()
    X_val, _ = data.cs231n_validation()
    # Every arm starts at r = 0, the origin, in every sample; no other point repeats.
    away = np.hypot(X[:, 0], X[:, 1]) > 0
    for other in (X_train, X_val):
        assert not (np.abs(X[away, None, :] - other[None, :, :]).sum(-1) < 1e-12).any()


def linear_softmax_baseline(epochs=2_000, lr=1.0, reg=1e-3):
    """Held-out accuracy of a softmax classifier without a hidden layer (straight boundaries)."""
    X, y = data.cs231n_spiral()
    X_test, y_test = data.heldout_cs231n_spiral()
    Y = np.eye(3)[y]
    Wl, b = np.zeros((2, 3)), np.zeros(3)
    for _ in range(epochs):
        S = X @ Wl + b
        P = np.exp(S - S.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        dS = (P - Y) / len(y)
        Wl -= lr * (X.T @ dS + reg * Wl)
        b -= lr * dS.sum(axis=0)
    return float(np.mean((X_test @ Wl + b).argmax(axis=1) == y_test))


def _predict_classes(X, params):
    scores = np.maximum(X @ params["W1"].T + params["b1"], 0.0) @ params["W2"].T + params["b2"]
    return scores.argmax(axis=1)


def test_softmax_threshold_is_calibrated():
    """What notebook 07, section 7.9, reports: the reference over seeds 0-9 against the threshold.

    Run with -s to see the figures.
    """
    accs = [checks.softmax_accuracy(W.softmax_classifier_train, _predict_classes, seed=seed)[0]
            for seed in range(10)]
    base = linear_softmax_baseline()
    print(f"\nreference held-out accuracies: {np.round(accs, 4).tolist()}")
    print(f"min {min(accs):.4f}  mean {np.mean(accs):.4f}  max {max(accs):.4f}; linear {base:.4f}; "
          f"threshold {checks.SOFTMAX_THRESHOLD}")
    section = next(c.source for c in nbs.read(nbs.SOURCE_DIR / f"{NOTEBOOK}.ipynb").cells
                   if c.source.startswith("**The first loss.**"))
    # the figures section 7.9 states are the ones measured here
    assert f"**{min(accs):.3f} to {max(accs):.3f}** (mean {np.mean(accs):.3f})" in section
    assert f"reaches only **{base:.2f}**" in section
    assert checks.SOFTMAX_THRESHOLD <= min(accs) - 0.03
    assert checks.SOFTMAX_THRESHOLD >= base + 0.3
    assert 0.5 < base < 0.55


def test_target_fails_a_classifier_that_does_not_learn():
    def softmax_classifier_train(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
        return W.softmax_classifier_train(X, y, X_val, y_val, hidden, lr, 3, reg, seed)

    with pytest.raises(CheckFailed, match=r"below the target 0\.94"):
        checks.check_softmax_target(softmax_classifier_train, _predict_classes)


def _random_problem(seed):
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(size=(4, 3)), "b1": rng.normal(size=4)}
    grads = [{"d" + k: rng.normal(size=v.shape) * 10.0 ** rng.uniform(-4, 2, size=v.shape)
              for k, v in params.items()} for _ in range(5)]
    return params, grads


def test_momentum_is_heavy_ball_with_a_scaled_learning_rate():
    """Section 7.5: v = beta v + (1 - beta) g at lr is PyTorch's v = beta v + g at lr (1 - beta)."""
    params, grads = _random_problem(0)
    lr, beta = 0.3, 0.8
    ours, velocity = params, None
    theirs, v = params, {k: np.zeros_like(p) for k, p in params.items()}
    for g in grads:
        ours, velocity = W.momentum_step(ours, g, velocity, lr, beta=beta)
        v = {k: beta * v[k] + g["d" + k] for k in params}
        theirs = {k: p - lr * (1 - beta) * v[k] for k, p in theirs.items()}
    for key in params:
        assert np.allclose(ours[key], theirs[key], rtol=1e-12, atol=1e-12)


def test_adams_first_step_is_lr_times_the_sign_of_the_gradient():
    """Section 7.6: with bias correction the first step ignores the gradient's size."""
    params, grads = _random_problem(1)
    new, state = W.adam_step(params, grads[0], None, 0.01)
    assert state["t"] == 1
    for key in params:
        step = new[key] - params[key]
        assert np.allclose(step, -0.01 * np.sign(grads[0]["d" + key]), rtol=1e-3)


def _notebook_namespace():
    """What notebook 07 defines before its first blank: its imports and given cells."""
    nb = nbs.read(nbs.SOURCE_DIR / f"{NOTEBOOK}.ipynb")
    namespace = {}
    for cell in nb.cells:
        if nbs.nbgrader_meta(cell).get("grade_id") in ("imports", "network"):
            exec(cell.source, namespace)
    return namespace


NOTEBOOK_NAMESPACE = _notebook_namespace()
NOTEBOOK_BLANKS = frozenset(b.name for b in BLANKS if b.notebook == NOTEBOOK)


@pytest.mark.parametrize("m", [m for m in MISTAKES if m.notebook == "what_next"], ids=lambda m: m.id)
def test_mistake_runs_inside_the_notebook_and_is_named(m):
    """Each notebook-07 mutant, compiled in the notebook's namespace, fails its check with its hint."""
    source = textwrap.dedent(inspect.getsource(m.fn))
    source = "\n".join(line for line in source.splitlines() if not line.startswith("@"))
    namespace = dict(NOTEBOOK_NAMESPACE)
    # the other blanks it calls (the training loop calls the loss function), as the reference solves them
    namespace.update({name: getattr(W, name) for name in m.names() & NOTEBOOK_BLANKS})
    exec(source, namespace)
    with pytest.raises(CheckFailed) as info:
        run_check(m.blank, namespace[m.fn.__name__])
    assert m.hint in str(info.value)


def test_every_new_blank_has_three_mistakes():
    blanks = ("init_deep_params", "forward_deep", "backward_deep", "momentum_step", "adam_step",
              "softmax_classifier_loss", "softmax_classifier_train")
    counts = {b: sum(m.blank == b for m in MISTAKES) for b in blanks}
    assert min(counts.values()) >= 3, counts


def test_points_of_notebook_07():
    cells = nbs.graded_cells(NOTEBOOK)
    assert sum(c.max_points for c in cells) == 16
    assert [c.grade_id for c in cells] == [
        "test_init_deep_params", "test_forward_deep", "test_backward_deep", "test_momentum_step",
        "test_adam_step", "test_softmax_classifier_loss", "test_softmax_classifier_train",
        "test_softmax_target"]
    # the softmax classifier's 4 points: its loss and gradients 2, the loop 1, the held-out target 1
    assert [c.max_points for c in cells][-3:] == [2, 1, 1]


def _train_recording(loss_of_epoch):
    """softmax_classifier_train with history['loss'] = loss_of_epoch(loss, penalty before, after)."""
    def train(X, y, X_val, y_val, hidden=100, lr=1.0, epochs=300, reg=1e-3, seed=0):
        params = W.init_params(X.shape[1], hidden, int(np.max(y)) + 1, seed=seed)
        history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
        def penalty(p):
            return 0.5 * reg * (np.sum(p["W1"] ** 2) + np.sum(p["W2"] ** 2))
        for _ in range(epochs):
            loss, grads = W.softmax_classifier_loss(X, y, params, reg)
            before = penalty(params)
            history["val_loss"].append(W.softmax_classifier_loss(X_val, y_val, params)[0])
            history["acc"].append(float(np.mean(W.predict_classes(X, params) == y)))
            history["val_acc"].append(float(np.mean(W.predict_classes(X_val, params) == y_val)))
            params = {name: p - lr * grads["d" + name] for name, p in params.items()}
            history["loss"].append(float(loss_of_epoch(loss, before, penalty(params))))
        return params, history
    return train


def test_the_penalty_in_the_history_is_named_only_when_it_is_each_epochs_penalty():
    """history['loss'] larger than the cross-entropy is what other slips give too (the penalty of the
    updated weights subtracted: the thirteenth set's blind judge ruled that hint wrong, 2026-12-04):
    the hint speaks when the difference is each epoch's stored penalty."""
    with pytest.raises(CheckFailed) as kept:
        run_check("softmax_classifier_train", _train_recording(lambda loss, before, after: loss))
    assert "what_next.penalty_in_history" in kept.value.mistakes, str(kept.value)
    with pytest.raises(CheckFailed) as late:
        run_check("softmax_classifier_train", _train_recording(lambda loss, before, after: loss - after))
    assert "what_next.penalty_in_history" not in late.value.mistakes, str(late.value)


def test_a_penalty_of_norms_not_squared_is_named():
    """(reg / 2) * (|W1| + |W2|) with np.linalg.norm: the squares dropped (made up beside the catalogue's
    penalty slips; the thirteenth set's blind judge found it silent, 2026-12-04)."""
    def loss_with_norms(X, y, params, reg=0.0):
        loss, grads = W.softmax_classifier_loss(X, y, params, 0.0)
        penalty = 0.5 * reg * (np.linalg.norm(params["W1"]) + np.linalg.norm(params["W2"]))
        grads = {k: g + (reg * params[k[1:]] if k in ("dW1", "dW2") else 0) for k, g in grads.items()}
        return loss + penalty, grads

    with pytest.raises(CheckFailed) as info:
        run_check("softmax_classifier_loss", loss_with_norms)
    assert info.value.mistakes == ("what_next.penalty_norm_not_squared",), str(info.value)
