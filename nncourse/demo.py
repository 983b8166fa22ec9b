"""``nncourse demo`` (``make demo``): grade a small sample class end to end.

The class is built in a temporary folder from the course's own notebooks: a
perfect student, one who handed in two notebooks untouched, three with typical
mistakes (one of them the lesson's own bug, dividing the gradient by N twice),
one whose code never stops and one whose kernel dies.
"""

import tempfile
import time
from dataclasses import replace
from pathlib import Path

from nncourse import notebooks as nbs
from nncourse.grading import grade, print_progress
from nncourse.grading.options import DEMO_OPTIONS

SEED_BUG = '''def backward(X, y, params, cache):
    n = X.shape[0]
    dz2 = (sigmoid(cache["z2"]) - y.reshape(-1, 1)) / n
    dW2 = dz2.T @ cache["a1"] / n
    db2 = dz2.mean(axis=0)
    dz1 = (dz2 @ params["W2"]) * (cache["z1"] > 0)
    return {"dW1": dz1.T @ X / n, "db1": dz1.mean(axis=0), "dW2": dW2, "db2": db2}
'''
NAIVE_SIGMOID = '''def sigmoid(x):
    return 1 / (1 + np.exp(-x))
'''
SUMMED_BCE = '''def binary_cross_entropy(y, y_hat, eps=1e-9):
    y = np.ravel(y)
    p = np.clip(np.ravel(y_hat), eps, 1 - eps)
    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
'''
ENDLESS = '''def xor(x):
    hidden = np.array([perceptron(x, OR_W, OR_B), perceptron(x, NAND_W, NAND_B)])
    while hidden.sum() != 1:  # meant to "wait" for a hidden pattern that never changes
        pass
    return perceptron(hidden, AND_W, AND_B)
'''
DIES = '''def softmax(z):
    import os
    os._exit(1)
'''

BLANK_NOTEBOOKS = ("01_perceptron", "02_activations")
"""What blake hands in untouched: two notebooks show that every check fails on its blank; all
seven took 17 s of the 87 s the workers spent on the class (2026-12-01, load average 2-4)."""

#: student -> (notebook, blank, code, what it shows); None = every source notebook unchanged,
#: "blank" = BLANK_NOTEBOOKS as released
CLASS = {
    "ada": (None, None, None, "perfect: every blank filled in with the reference"),
    "blake": ("blank", None, None, "handed in notebooks 01 and 02 untouched"),
    "casey": ("05_backprop", "backward", SEED_BUG, "the lesson's bug: divides by N twice"),
    "dana": ("02_activations", "sigmoid", NAIVE_SIGMOID, "a sigmoid that overflows"),
    "eli": ("03_losses", "binary_cross_entropy", SUMMED_BCE, "sums the loss instead of averaging"),
    "finn": ("01_perceptron", "xor", ENDLESS, "an infinite loop in xor"),
    "gray": ("03_losses", "softmax", DIES, "kills its kernel (os._exit in softmax)"),
}


def build_class(folder: Path) -> Path:
    """Write the sample class in nbgrader's <student>/<assignment>/*.ipynb layout."""
    for student, (notebook, blank, code, _) in CLASS.items():
        if notebook is None:
            work = {name: nbs.solved_release(name) for name in nbs.notebook_names()}
        elif notebook == "blank":
            work = {name: nbs.read(nbs.RELEASE_DIR / f"{name}.ipynb") for name in BLANK_NOTEBOOKS}
        else:
            work = {notebook: nbs.with_solution(nbs.solved_release(notebook), blank, code)}
        nbs.write_submission(folder / student, work)
    return folder


def demo(workers: int | None = None, out: Path | None = None, timeout: int | None = None) -> int:
    """Build and grade the sample class; print the summary (with its most common mistakes), where
    the feedback is and, last, where the class report is.

    WORKERS and TIMEOUT (seconds per cell) override :data:`DEMO_OPTIONS`.
    """
    options = DEMO_OPTIONS
    if workers is not None:
        options = replace(options, workers=workers)
    if timeout is not None:
        options = replace(options, cell_timeout=timeout)
    with tempfile.TemporaryDirectory(prefix="nncourse-demo-") as tmp:
        submissions = build_class(Path(tmp) / "submissions")
        out = out or Path(tempfile.mkdtemp(prefix="nncourse-demo-out-"))
        print("sample class:")
        for student, (*_, story) in CLASS.items():
            print(f"  {student:<6} {story}")
        print(f"\ngrading with nbgrader in {workers or 'all'} workers "
              f"(cell timeout {options.cell_timeout} s) ...", flush=True)
        start = time.perf_counter()
        result = grade(submissions, out, options, progress=print_progress)
        print()
        print(result.summary)
        print(f"\ngraded {len(CLASS)} students in {time.perf_counter() - start:.0f} s")
        print(f"grades:   {out / 'grades.csv'}\nresults:  {out / 'results.json'}")
        print(f"mistakes: {out / 'mistakes.csv'}")
        print(f"feedback: {out / 'feedback'}/<student>/<notebook>.html")
        # last, so that it is what the instructor sees: the page that says it all
        print(f"\nclass report: {out / 'report.html'}")
        expected_ok = {s.student: s for s in result.students}["ada"].score == 100
        return 0 if expected_ok and len(result.students) == len(CLASS) else 1
