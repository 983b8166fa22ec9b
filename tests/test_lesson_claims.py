"""What the notebooks' prose states about an experiment is what their code measures.

Each test runs a notebook's own cells (the given code, the reference solutions in its
source, then the experiment's cell) in this process, and checks the claim the text
around that cell makes, so that text and code cannot drift apart.
"""

import contextlib
import functools
import io
import re

import matplotlib
import numpy as np
import pytest

from autograder.checks.training import SEARCH_BUDGET, SPIRAL_THRESHOLD
from nncourse import notebooks as nbs
from nncourse.calibrate import linear_baseline, reference_accuracies
from solutions import training
from solutions.activations import sigmoid as reference_sigmoid
from solutions.backprop import backward

matplotlib.use("Agg")

NOTEBOOKS_WITH_A_GIVEN_SIGMOID = {
    "04_forward_pass": "activations",
    "05_backprop": "network",
    "06_spiral_training": "network",
    "07_what_next": "network",
}


def cells_of(name: str) -> dict:
    """The cells of a source notebook, by cell id."""
    return {cell.id: cell for cell in nbs.read(nbs.SOURCE_DIR / f"{name}.ipynb").cells}


@functools.cache
def run_up_to(name: str, last_id: str, skip: tuple[str, ...] = ()) -> tuple[dict, dict]:
    """Run the code cells of `name` up to `last_id` included, except graded tests and `skip`.

    Returns the namespace and what each cell printed, by cell id.
    """
    namespace: dict = {}
    printed: dict = {}
    for cell in nbs.read(nbs.SOURCE_DIR / f"{name}.ipynb").cells:
        if cell.cell_type != "code" or nbs.nbgrader_meta(cell).get("grade") or cell.id in skip:
            continue
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(cell.source, namespace)
        matplotlib.pyplot.close("all")
        printed[cell.id] = output.getvalue()
        if cell.id == last_id:
            return namespace, printed
    raise KeyError(last_id)


def test_float64_sigmoid_limits_stated_in_notebook_3():
    text = cells_of("03_losses")["md-05"].source
    assert "36.7" in text and "8.5 \\times 10^{-17}" in text and "-745" in text
    # 1 + e^-z rounds to 1 once e^-z is below half the float spacing above 1, 2^-53.
    assert reference_sigmoid(36.7) < 1.0 and reference_sigmoid(36.8) == 1.0 == reference_sigmoid(37.0)
    assert reference_sigmoid(-37.0) == pytest.approx(8.533e-17, rel=1e-3)
    assert reference_sigmoid(-745.0) > 0.0 and reference_sigmoid(-746.0) == 0.0


def test_squared_error_and_cross_entropy_are_both_proper():
    q = np.linspace(0.001, 0.999, 999)
    for p in (0.1, 0.3, 0.7):
        expected_bce = -(p * np.log(q) + (1 - p) * np.log(1 - q))
        expected_brier = p * (1 - q) ** 2 + (1 - p) * q**2
        assert q[np.argmin(expected_bce)] == pytest.approx(p, abs=1e-3)
        assert q[np.argmin(expected_brier)] == pytest.approx(p, abs=1e-3)


def test_the_tanh_shortcut_loses_what_notebook_4_says():
    text = cells_of("04_forward_pass")["md-05"].source
    assert "5.55 \\times 10^{-17}" in text and "8.53 \\times 10^{-17}" in text and "z = -38" in text
    shortcut = 0.5 * (1.0 + np.tanh(0.5 * np.array([-37.0, -38.0])))
    assert shortcut[0] == pytest.approx(5.55e-17, rel=1e-3) and shortcut[1] == 0.0
    assert reference_sigmoid(-37.0) == pytest.approx(8.53e-17, rel=1e-3)


@pytest.mark.parametrize("name", sorted(NOTEBOOKS_WITH_A_GIVEN_SIGMOID))
def test_given_sigmoid_is_stable(name):
    namespace: dict = {}
    exec(cells_of(name)["imports"].source, namespace)
    exec(cells_of(name)[NOTEBOOKS_WITH_A_GIVEN_SIGMOID[name]].source, namespace)
    z = np.array([-1000.0, -745.0, -37.0, -1.0, 0.0, 2.5, 37.0, 1000.0])
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is fine
        got = namespace["sigmoid"](z)
    np.testing.assert_allclose(got, reference_sigmoid(z), rtol=1e-15, atol=0)


@pytest.fixture(scope="module")
def spiral_training():
    # code-20 trains the graded setting (and draws it), code-bayes-map trains it on all the data, code-24
    # estimates the Bayes ceiling: not needed here
    return run_up_to("06_spiral_training", "code-sgd",
                     skip=("code-20", "code-24", "code-bayes-map"))


def test_the_search_picks_the_reference_setting_within_its_stated_budget(spiral_training):
    printed = spiral_training[1]["code-search"]
    picked = re.search(r"hidden = (\d+), lr = ([\d.]+), stopped at epoch (\d+)", printed)
    reference = (training.HIDDEN, training.LR, training.EPOCHS)
    assert (int(picked[1]), float(picked[2]), int(picked[3])) == reference, printed
    assert re.search(r"9 runs of at most 1000 epochs", printed), printed
    assert SEARCH_BUDGET == {"hiddens": (8, 32, 64), "lrs": (0.5, 1.5, 3.0), "epochs": 1_000}
    for cell in ("md-search", "md-21"):
        assert "3 hidden sizes × 3 learning rates, each run at most 1,000 epochs" in cells_of(
            "06_spiral_training")[cell].source
    cells = cells_of("06_spiral_training")
    exercise = cells["md-17"].source + cells["md-pick"].source
    assert not re.search(r"\b(64|849|3\.0)\b", exercise), "Exercise 5 gives the answer away"


def test_the_target_is_calibrated_on_the_searched_setting():
    """Section 6.5's figures: the picked setting over init seeds 0..9, on the held-out set."""
    rows = reference_accuracies(training.HIDDEN, training.LR, training.EPOCHS)
    accs = np.array([acc for _, acc, _ in rows])
    text = cells_of("06_spiral_training")["md-21"].source
    assert f"from **{accs.min():.3f} to {accs.max():.3f}** (mean {accs.mean():.3f})" in text, accs
    assert f"sits {accs.min() - SPIRAL_THRESHOLD:.3f} below the worst of those seeds" in text
    baseline = linear_baseline()
    assert f"logistic regression, reaches **{baseline:.3f}**" in text
    assert f"and {100 * (SPIRAL_THRESHOLD - baseline):.1f} points above the linear model" in text
    assert SPIRAL_THRESHOLD <= accs.min() - 0.01


def test_minibatches_beat_the_full_batch_on_the_same_epochs(spiral_training):
    rows = re.findall(r"(full batch|batches of 32), lr ([\d.]+): +(\d+) updates, final training loss "
                      r"([\d.]+), held-out accuracy ([\d.]+)", spiral_training[1]["code-sgd"])
    runs = {name: (int(updates), float(loss), float(acc)) for name, _, updates, loss, acc in rows}
    assert runs["full batch"][0] == 300 and runs["batches of 32"][0] == 3_000, runs
    assert runs["batches of 32"][1] < runs["full batch"][1] - 0.03, runs
    assert runs["batches of 32"][2] > runs["full batch"][2] + 0.03, runs
    text = cells_of("06_spiral_training")["md-sgd-compare"].source
    assert "300 passes over the 300 lesson points" in text and "3,000 in all" in text
    assert "nine of 32 points and one of 12" in text and 9 * 32 + 12 == 300


def test_large_learning_rate_plateau_is_the_clip(spiral_training):
    printed = spiral_training[1]["code-26"]
    rows = dict(re.findall(r"lr = +(\d+): final loss ([\d.]+), 32 of 32 hidden units dead", printed))
    plateau = -0.5 * np.log(1e-9)
    assert float(rows["200"]) == pytest.approx(plateau, abs=1e-4), printed
    assert float(rows["20"]) == pytest.approx(2.47, abs=0.005), printed
    text = cells_of("06_spiral_training")["md-27"].source
    assert "10.36" in text and "2.47" in text and f"{-np.log(1e-9):.2f}" in text


def test_unscaled_inputs_reach_nan_when_the_text_says(spiral_training):
    printed = spiral_training[1]["code-28"]
    line = next(row for row in printed.splitlines() if "inputs x 100:" in row)
    first_loss = float(re.search(r"training loss ([\d.]+) at epoch 0", line).group(1))
    first_nan = int(re.search(r"first nan at epoch (\d+)", line).group(1))
    assert first_loss > 5 * np.log(2), line
    assert 150 <= first_nan < 170, line
    assert "about 160 epochs" in cells_of("06_spiral_training")["md-27"].source


def test_the_small_training_set_overfits(spiral_training):
    namespace, _ = spiral_training
    h = {key: np.array(values) for key, values in namespace["h"].items()}
    assert len(namespace["y_few"]) == 30 and np.bincount(namespace["y_few"]).tolist() == [15, 15]
    assert h["acc"][-1] > 0.745 + 0.1, "training accuracy does not pass the Bayes ceiling"
    assert h["loss"][-1] < h["loss"][0] / 3
    assert np.argmin(h["val_loss"]) < 20, "validation loss is not lowest within the first few epochs"
    assert h["val_loss"][-1] > 2 * h["val_loss"].min(), "validation loss does not climb"
    assert h["val_acc"][-1] < h["val_acc"].max() - 0.05, "validation accuracy does not end lower"


RACE_ROW = re.compile(r"^\s*(?P<label>\S.*?)\s+(?P<params>\d+)\s+(?P<loss>[\d.]+) ± (?P<loss_sd>[\d.]+)\s+"
                      r"(?P<reached>\d+) ± (?P<reached_sd>\d+)(?: \((?P<never>\d) never\))?\s+"
                      r"(?P<train>[\d.]+) ± (?P<train_sd>[\d.]+)\s+(?P<held>[\d.]+) ± (?P<held_sd>[\d.]+)$")


def race_rows(printed: str) -> dict:
    """label -> the row of a race's table: params, and mean and spread of each column (floats)."""
    rows = {}
    for line in printed.splitlines():
        match = RACE_ROW.match(line)
        if match:
            row = {k: float(v) for k, v in match.groupdict().items() if k != "label" and v is not None}
            rows[match["label"]] = {"never": 0.0, **row}
    return rows


def stated_spreads(text: str) -> list[str]:
    """Every "mean ± spread" the prose states."""
    return re.findall(r"\d+(?:\.\d+)? ± \d+(?:\.\d+)?", text)


@pytest.fixture(scope="module")
def races():
    namespace, printed = run_up_to("07_what_next", "code-race-depth")
    return namespace, printed


def test_notebook_7_races_average_five_seeds(races):
    namespace, printed = races
    assert list(namespace["SEEDS"]) == [0, 1, 2, 3, 4]
    assert len(race_rows(printed["code-24"])) == 3 and len(race_rows(printed["code-race-depth"])) == 3
    text = cells_of("07_what_next")["md-22"].source
    assert "five initialisation seeds" in text and "300 full-batch epochs" in text
    assert namespace["EPOCHS"] == 300


def test_notebook_7_optimiser_race_matches_the_text(races):
    _, printed = races
    table = race_rows(printed["code-24"])
    gd, momentum, adam = table["GD (lr 2)"], table["momentum (lr 5)"], table["Adam (lr 0.02)"]
    text = cells_of("07_what_next")["md-25"].source
    assert text.startswith("**Reading the first race.** Three things") and text.count("\n- **") == 3
    stated = stated_spreads(text)
    assert len(stated) == 8 and all(s in printed["code-24"] for s in stated), (stated, printed["code-24"])
    # much faster, by more than the spread; one GD seed never reaches the target
    for fast in (momentum, adam):
        assert 2 * fast["reached"] < gd["reached"]
        assert fast["reached"] + fast["reached_sd"] < gd["reached"] - gd["reached_sd"]
    assert gd["never"] == 1 and momentum["never"] == adam["never"] == 0
    # spikes: the largest rise from one epoch to the next, per optimiser
    rises = {label.strip(): [float(r) for r in rest.split(", ")]
             for label, rest in re.findall(r"^\s*(.+?): largest rise .* per seed: (.+)$", printed["code-24"],
                                           re.M)}
    assert max(rises["momentum (lr 5)"]) == pytest.approx(0.295, abs=5e-4)
    assert max(rises["GD (lr 2)"]) == pytest.approx(0.115, abs=5e-4)
    assert max(rises["Adam (lr 0.02)"]) <= 0.004
    assert "0.295 for momentum and 0.115 for GD, against at most 0.004 for Adam" in text
    # the lowest training loss and highest training accuracy buy no held-out accuracy
    assert adam["loss"] < momentum["loss"] < gd["loss"] and adam["train"] > momentum["train"] > gd["train"]
    gap = momentum["held"] - adam["held"]
    assert gap == pytest.approx(0.005, abs=1e-9) and gap <= max(momentum["held_sd"], adam["held_sd"]) + 1e-9
    assert gd["held"] < min(momentum["held"], adam["held"]) and "a difference of 0.005" in text


def test_notebook_7_depth_at_matched_size_matches_the_text(races):
    _, printed = races
    table = race_rows(printed["code-race-depth"])
    narrow, deep, wide = table["1 x 16"], table["3 x 16"], table["1 x 152"]
    assert (narrow["params"], deep["params"], wide["params"]) == (65, 609, 609)
    intro = cells_of("07_what_next")["md-race-depth"].source
    assert "16 \\cdot 16 + 16 = 272" in intro and "4h + 1 = 609" in intro and "h = 152" in intro
    text = cells_of("07_what_next")["md-race-depth-reading"].source
    stated = stated_spreads(text)
    assert len(stated) == 8 and all(s in printed["code-race-depth"] for s in stated), stated
    # at equal size the deep network trains faster, by many times the spread
    assert deep["loss"] + 3 * deep["loss_sd"] < wide["loss"] - 3 * wide["loss_sd"]
    assert 2 * deep["reached"] < wide["reached"]
    assert deep["reached"] + 3 * deep["reached_sd"] < wide["reached"]
    assert narrow["reached"] > wide["reached"] and narrow["never"] == 1 and "one seed never" in text
    # ... and fits the noise: training accuracy above the Bayes ceiling, held-out below the wide one
    assert deep["train"] > 0.745 + 0.1 and "0.745" in text
    gap = wide["held"] - deep["held"]
    assert gap == pytest.approx(0.027, abs=1e-9) and "a gap of 0.027" in text
    assert 3.5 < gap / max(deep["held_sd"], wide["held_sd"]) < 4.5
    assert "about four times the larger spread" in text


def test_notebook_7_vanishing_gradients_match_the_text():
    _, printed = run_up_to("07_what_next", "code-15")
    sigmoid_row = next(row for row in printed["code-15"].splitlines() if row.lstrip().startswith("sigmoid"))
    ratio = float(re.search(r"dW10 / dW1 = ([\d,.]+)", sigmoid_row).group(1).replace(",", ""))
    per_layer = float(re.search(r"a factor ([\d.]+) per hidden layer", sigmoid_row).group(1))
    assert 3 <= per_layer <= 4 and 10_000 <= ratio < 100_000, sigmoid_row
    assert "a factor of 3 to 4 per layer" in cells_of("07_what_next")["md-16"].source


def test_softmax_jacobian_of_notebook_3_is_what_the_text_derives():
    namespace, _ = run_up_to("03_losses", "code-softmax-jacobian")
    softmax, z, y = namespace["softmax"], namespace["z_row"], namespace["y_row"]
    p = softmax(z[None, :])[0]
    h = 1e-6
    numeric = np.stack([(softmax((z + h * e)[None, :])[0] - softmax((z - h * e)[None, :])[0]) / (2 * h)
                        for e in np.eye(len(z))], axis=1)  # numeric[k, j] = dp_k / dz_j
    np.testing.assert_allclose(namespace["jacobian"], numeric, rtol=0, atol=1e-9)
    np.testing.assert_allclose(namespace["jacobian"], np.diag(p) - np.outer(p, p), rtol=0, atol=1e-15)
    assert np.abs(namespace["jacobian"].sum(axis=0)).max() < 1e-15
    np.testing.assert_allclose(namespace["jacobian"].T @ (-y / p), p - y, rtol=0, atol=1e-15)
    text = cells_of("03_losses")["md-softmax-grad"].source
    assert "\\operatorname{diag}(p) - p\\,p^\\top" in text and "\\frac{1}{N}\\,(P - Y)" in text
    assert "every entry lies between $-1/N$ and $1/N$" in text


def test_pre_activation_variance_follows_the_inputs_mean_square():
    """Notebook 4, section 4.3: Var z = n_in v E[a^2] (not Var a), and relu halves it."""
    rng = np.random.default_rng(4)
    n_in, v = 200, 2.0 / 200
    inputs = np.maximum(rng.normal(size=(100, n_in)), 0.0)  # ReLU outputs: mean 0.40, not 0
    # many weight draws: each unit's z has its own mean, symmetric only across units
    z = inputs @ rng.normal(0.0, np.sqrt(v), size=(n_in, 20_000))
    mean_square, variance = np.mean(inputs**2), np.var(inputs)
    assert np.var(z) == pytest.approx(n_in * v * mean_square, rel=0.03)
    assert np.var(z) > 1.2 * n_in * v * variance
    assert np.mean(np.maximum(z, 0.0) ** 2) == pytest.approx(np.var(z) / 2, rel=0.03)
    assert "**mean square**" in cells_of("04_forward_pass")["md-07"].source


def test_notebook_5_worked_example_is_what_backward_computes():
    """Section 5.2's hand computation: the loops, the matrix formulas and the reference agree."""
    namespace, printed = run_up_to("05_backprop", "code-index-example")
    lines = printed["code-index-example"]
    assert "loops:    dW2 = [0.25, 0.5], db2 = 0.0, dA1 = [[-0.25, 0.125], [0.25, -0.125]]" in lines, lines
    assert "matrices: dW2 = [[0.25, 0.5]], db2 = [0.0], dA1 = [[-0.25, 0.125], [0.25, -0.125]]" in lines
    # the same numbers from the reference backward, on a network whose hidden layer passes A1 through
    A1, W2 = namespace["A1_small"], namespace["W2_small"]
    params = {"W1": np.eye(2), "b1": np.zeros(2), "W2": W2, "b2": namespace["b2_small"]}
    cache = {"z1": A1, "a1": A1, "z2": A1 @ W2.T}
    grads = backward(A1, namespace["y_small"], params, cache)
    np.testing.assert_allclose(grads["dW2"], [[0.25, 0.5]])
    np.testing.assert_allclose(grads["db2"], [0.0])
    np.testing.assert_allclose(grads["dW1"], np.array([[-0.25, 0.125], [0.25, -0.125]]).T @ A1)
    text = cells_of("05_backprop")["md-index-derivation"].source
    for stated in ("= 0.25", "= 0.5", "db_2 = -\\tfrac14 + \\tfrac14 = 0",
                   "-0.25 & 0.125 \\\\ 0.25 & -0.125"):
        assert stated in text, stated


def test_notebook_4_activation_spread_follows_the_derivation():
    """Section 4.3: the factor per layer is sqrt(n_in v / 2), and only He keeps the scale."""
    _, printed = run_up_to("04_forward_pass", "code-he-spread")
    rows = {name: tuple(map(float, numbers)) for name, *numbers in re.findall(
        r"(std 0\.01|He|std 1\.0): factor per layer predicted ([\d.]+), measured ([\d.]+); RMS activation "
        r"after layer 1 ([\d.e+-]+), after layer 10 ([\d.e+-]+)", printed["code-he-spread"])}
    assert set(rows) == {"std 0.01", "He", "std 1.0"}, printed["code-he-spread"]
    for name, (predicted, measured, _, _) in rows.items():
        assert measured == pytest.approx(predicted, rel=0.05), name
    assert rows["std 0.01"][0] == pytest.approx(np.sqrt(100 * 0.01**2 / 2), rel=1e-3)
    assert 0.5 < rows["He"][3] < 2 and rows["std 0.01"][3] < 1e-11 and rows["std 1.0"][3] > 1e8
    assert rows["std 1.0"][3] / rows["std 0.01"][3] == pytest.approx(1e20, rel=0.01)
    text = cells_of("04_forward_pass")["md-he-reading"].source
    assert "$100^{10} = 10^{20}$" in text and "order $10^{-12}$" in text and "order $10^{8}$" in text
    derivation = cells_of("04_forward_pass")["md-he-derivation"].source
    assert "\\operatorname{Var} z = n_{in}\\, v\\, \\mathbb{E}[a^2]" in derivation


def test_notebook_1_hidden_space_makes_xor_separable():
    """Section 1.4's picture: where each corner lands, and one line then separates XOR."""
    namespace, printed = run_up_to("01_perceptron", "code-hidden-space")
    pattern = r"x = (\(\d, \d\)) -> h = \(OR, NAND\) = (\(\d, \d\))"
    landed = dict(re.findall(pattern, printed["code-hidden-space"]))
    assert landed == {"(0, 0)": "(0, 1)", "(0, 1)": "(1, 1)", "(1, 0)": "(1, 1)", "(1, 1)": "(1, 0)"}
    text = cells_of("01_perceptron")["md-hidden-space"].source
    assert "land on the same point, $h = (1, 1)$" in text and "$(0, 0)$ goes to $h = (0, 1)$" in text
    assert "$(1, 1)$ to $h = (1, 0)$" in text
    side = [float(namespace["AND_W"] @ h + namespace["AND_B"]) >= 0 for h in namespace["hidden_points"]]
    assert side == [False, True, True, False], "AND's line does not put the class-1 point alone"


UNITS_ROW = re.compile(r"^\s*(?P<name>constant 0\.5|He random): (?P<before>\d+) distinct hidden units "
                       r"before, (?P<after>\d+) after 50 steps \(to within 1e-8\); after: two units differ "
                       r"by (?P<closest>[\d.e+-]+) to (?P<farthest>[\d.e+-]+); loss [\d.]+$", re.M)


def test_notebook_4_constant_start_keeps_the_units_identical_up_to_round_off():
    """Section 4.5: the constant start's units stay copies of one (to 1e-8; round-off drifts them 1e-12
    to 1e-11, by the machine's BLAS: 2.8e-12 on an AMD EPYC, 2026-12-03, about 1e-11 before)."""
    namespace, printed = run_up_to("04_forward_pass", "code-16")
    rows = {m["name"]: m.groupdict() for m in UNITS_ROW.finditer(printed["code-16"])}
    assert set(rows) == {"constant 0.5", "He random"}, printed["code-16"]
    constant, random = rows["constant 0.5"], rows["He random"]
    assert (constant["before"], constant["after"]) == ("1", "1"), constant
    assert (random["before"], random["after"]) == ("8", "8"), random
    drift = float(constant["farthest"])
    assert 1e-12 < drift < 1e-10, constant  # "about 10^-11", far below the tolerance 1e-8
    assert float(random["closest"]) > 0.1  # "by tenths or more"
    assert float(random["closest"]) / drift >= 1e10  # "at least ten orders of magnitude"
    text = cells_of("04_forward_pass")["md-15"].source
    for stated in ("agree to within $10^{-8}$", "by tenths or more",
                   "about $10^{-12}$ to $10^{-11}$ after 50 steps", "at least ten orders of magnitude",
                   "exactly equal would split these copies apart"):
        assert stated in text, stated
    # the drift is round-off of the numerical gradients; exact equality splits the copies apart
    p = {"W1": np.full((8, 2), 0.5), "b1": np.zeros(8), "W2": np.full((1, 8), 0.5), "b2": np.zeros(1)}
    for _ in range(50):
        grads = namespace["numerical_param_gradients"](namespace["mean_bce"], p)
        p = {k: v - 0.5 * grads["d" + k] for k, v in p.items()}
    rows = namespace["unit_rows"](p)
    assert np.abs(rows - rows[0]).max() == pytest.approx(drift, rel=0.05)
    assert len(np.unique(rows, axis=0)) > 1
    assert namespace["distinct_units"](p) == 1


def test_notebook_6_shows_no_heldout_score_before_the_choice_is_graded():
    """Section 6.4: the held-out points stay untouched until the grading cell of section 6.5."""
    cells = nbs.read(nbs.SOURCE_DIR / "06_spiral_training.ipynb").cells
    grading = next(i for i, c in enumerate(cells) if c.id == "test_spiral_target")
    for cell in cells[:grading]:
        if cell.cell_type == "code" and cell.id != "imports":
            assert "heldout_spiral" not in cell.source and "X_test" not in cell.source, cell.id
    assert any("heldout_spiral()" in c.source for c in cells[grading + 1:] if c.cell_type == "code")
    text = cells_of("06_spiral_training")["md-17"].source
    assert "stay untouched until your choice is made" in text
    assert "every cell up to the grading cell of §6.5 reports validation scores only" in text


def test_notebook_6_ceilings_and_the_sampling_error_of_the_heldout_set(spiral_training):
    """Section 6.6: the ceilings the text states are within the printed Monte Carlo error, and the Bayes
    rule's held-out score above the ceiling is sampling error of 10,000 points."""
    namespace = dict(spiral_training[0])
    printed = {}
    for cell_id in ("code-24", "code-bayes-map"):
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(cells_of("06_spiral_training")[cell_id].source, namespace)
        matplotlib.pyplot.close("all")
        printed[cell_id] = output.getvalue()
    ceilings = {float(noise): (float(acc), float(error)) for noise, acc, error in re.findall(
        r"noise ([\d.]+): Bayes-optimal accuracy ([\d.]+) \(4,000 Monte Carlo samples: within ±([\d.]+), "
        r"two standard errors at most\)", printed["code-24"])}
    assert set(ceilings) == {0.15, 0.1, 0.05}, printed["code-24"]
    text = cells_of("06_spiral_training")["md-25"].source
    assert "no classifier can beat about **0.745**" in text
    assert "about 0.878 at noise 0.1 and 0.976 at noise 0.05" in text and "with 4,000 samples" in text
    for noise, stated in ((0.15, 0.745), (0.1, 0.878), (0.05, 0.976)):
        acc, error = ceilings[noise]
        assert error == pytest.approx(2 * 0.25 / np.sqrt(4_000), abs=5e-4)
        assert abs(acc - stated) <= error, (noise, acc, stated)
    line = printed["code-bayes-map"]
    bayes = float(re.search(r"Bayes rule ([\d.]+), your network", line)[1])
    match = re.search(r"on 10,000 points an accuracy of ([\d.]+) has a standard error of ([\d.]+); the Bayes "
                      r"rule's ([\d.]+) is ([\d.]+) standard errors from the ceiling", line)
    assert match, line
    ceiling, error, z = float(match[1]), float(match[2]), float(match[4])
    assert ceiling == pytest.approx(ceilings[0.15][0], abs=5e-4) and float(match[3]) == bayes
    assert error == pytest.approx(np.sqrt(ceiling * (1 - ceiling) / 10_000), abs=5e-5)
    assert bayes > ceiling and 0 < z < 2, line  # above the ceiling, by less than two standard errors
    assert "a standard error of about 0.004" in text and f"±{2 * error:.3f}" in text
    assert "less than two, so this set of 10,000 is slightly easier than average" in text


def test_notebook_7_learning_rates_are_the_sweeps_pick(races):
    """Section 7.7: each optimiser's rate is the lowest mean final loss over 1, 2 and 3 hidden layers of 16
    units, 500 epochs, seed 0, among the rates the text lists."""
    namespace, _ = races
    text = cells_of("07_what_next")["md-22"].source
    listed = re.search(r"chosen in a sweep \(GD from ([\d., ]+); momentum from ([\d., ]+); Adam from "
                       r"([\d., ]+)\) for the lowest final loss averaged over networks of 1, 2 and 3 hidden "
                       r"layers of 16 units trained for 500 epochs from seed 0", text)
    assert listed, text
    X, y = namespace["seed_spiral"]()
    for optimiser, rates in zip(("GD", "momentum", "Adam"), listed.groups(), strict=True):
        rates = [float(rate) for rate in rates.split(", ")]
        with np.errstate(all="ignore"):
            final = {lr: np.mean([namespace["train_deep"](X, y, [16] * depth, optimiser, lr, epochs=500,
                                                          seed=0)[0][-1] for depth in (1, 2, 3)])
                     for lr in rates}
        assert min(final, key=final.get) == namespace["OPTIMISERS"][optimiser], (optimiser, final)
    assert "GD 2.0, momentum 5.0 and Adam 0.02, chosen in a sweep" in text


def test_every_section_the_notebooks_cite_has_its_heading():
    """A reference such as §7.8 points at a heading '## 7.8 ...' of the course; the course has seven
    notebooks, the seventh an extension, and says what 'the lesson' is."""
    texts = {name: [c.source for c in nbs.read(nbs.SOURCE_DIR / f"{name}.ipynb").cells
                    if c.cell_type == "markdown"] for name in nbs.notebook_names()}
    headings = {m for cells in texts.values() for c in cells
                for m in re.findall(r"^## (\d+\.\d+) ", c, re.M)}
    cited = {(name, m) for name, cells in texts.items() for c in cells for m in re.findall(r"§(\d+\.\d+)", c)}
    assert {m for _, m in cited} <= headings, sorted((name, m) for name, m in cited if m not in headings)
    assert "7.8" in headings
    assert len(texts) == 7
    intro = cells_of("01_perceptron")["md-01"].source
    assert "Over six notebooks" in intro and "A seventh notebook is an extension" in intro
    assert "When the notebooks say *the lesson*, they mean that text" in intro
