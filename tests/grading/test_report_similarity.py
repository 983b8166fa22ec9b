"""Similarity flags (nncourse/grading/report/similarity.py) on a synthetic class, and its normalisation.

The synthetic class: each independent student composes their answer to two blanks from
interchangeable formulations of each step (324 and 216 combinations), with their own
variable names, comments and spacing, as students writing alone do. A copier takes another
student's answer, renames every variable, reorders the statements that can be reordered
and rewrites the comments. The measurement is the flag rate on copied pairs and on
independent pairs, over several seeded classes; the thresholds below are what it must
keep (the figures measured are in the README, "Class report").
"""

from __future__ import annotations

import random
from itertools import combinations

import pytest

from nncourse.grading import GradingOptions
from nncourse.grading.report.similarity import Blank, flag_pairs, normalise, similarity, weights

NAMES = ["x", "data", "arr", "values", "m", "a", "inp", "X_", "matrix", "feats", "z", "v", "q", "tmp"]
MEANS = ["{x}.mean(axis=0)", "np.mean({x}, axis=0)", "{x}.sum(axis=0) / len({x})"]
STDS = ["{x}.std(axis=0)", "np.std({x}, axis=0)", "np.sqrt((({x} - {mu}) ** 2).mean(axis=0))"]
CONVERT = [
    "",
    "{x} = np.asarray({x}, dtype=float)",
    "{x} = np.array({x}, dtype=np.float64)",
    "{x} = {x}.astype(float)",
]
GUARD = ["", "{sd}[{sd} == 0] = 1", "{sd} = np.where({sd} == 0, 1.0, {sd})"]
RETURN = [
    "return ({x} - {mu}) / {sd}",
    "{out} = ({x} - {mu}) / {sd}\n    return {out}",
    "{out} = {x} - {mu}\n    return {out} / {sd}",
]
REFERENCE_STD = """def standardize(X):
    X = np.asarray(X, dtype=float)
    mu = X.mean(axis=0)
    sigma = X.std(axis=0)
    sigma[sigma == 0] = 1
    return (X - mu) / sigma
"""
STUB_STD = "def standardize(X):\n    # YOUR CODE HERE\n    raise NotImplementedError()"

LOSS = ["np.mean(({p} - {t}) ** 2)", "((({p} - {t}) ** 2).sum()) / {t}.size", "np.square({p} - {t}).mean()"]
FLATTEN = [
    "",
    "{p}, {t} = np.ravel({p}), np.ravel({t})",
    "{p} = np.asarray({p}).reshape(-1)\n    {t} = np.asarray({t}).reshape(-1)",
]
CHECK = [
    "",
    "assert {p}.shape == {t}.shape",
    "if {p}.shape != {t}.shape:\n        raise ValueError('shapes differ')",
]
CAST = [
    "return float({r})",
    "return {r}",
    "{o} = float({r})\n    return {o}",
    "return float(np.asarray({r}))",
]
REFERENCE_MSE = """def mse(y_pred, y_true):
    y_pred, y_true = np.ravel(y_pred), np.ravel(y_true)
    return float(np.mean((y_pred - y_true) ** 2))
"""
STUB_MSE = "def mse(y_pred, y_true):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
COMMENTS = ["", "  # per feature", "  # avoid dividing by zero", "  # the formula", "  # done"]


def _names(rng: random.Random, k: int) -> list[str]:
    return rng.sample(NAMES, k)


def _comment(rng: random.Random) -> str:
    return rng.choice(COMMENTS)


def _standardize(rng: random.Random) -> tuple[str, list[list[str]]]:
    """An independent answer to `standardize`, and its statements in groups that may be reordered."""
    x, mu, sd, out = _names(rng, 4)
    f = dict(x=x, mu=mu, sd=sd, out=out)
    std = rng.choice(STDS)
    mean_line = f"{mu} = {rng.choice(MEANS).format(**f)}"
    std_line = f"{sd} = {std.format(**f)}"
    # the mean and the std are independent unless the std uses the mean
    stats = [[mean_line, std_line]] if "{mu}" not in std else [[mean_line], [std_line]]
    groups = [[c] for c in [rng.choice(CONVERT).format(**f)] if c] + stats
    groups += [[g] for g in [rng.choice(GUARD).format(**f)] if g]
    groups.append([rng.choice(RETURN).format(**f)])
    return f"def standardize({x}):", groups


def _mse(rng: random.Random) -> tuple[str, list[list[str]]]:
    p, t, r, o = _names(rng, 4)
    f = dict(p=p, t=t, o=o)
    groups = [[c] for c in [rng.choice(FLATTEN).format(**f)] if c]
    groups += [[c] for c in [rng.choice(CHECK).format(**f)] if c]
    loss = rng.choice(LOSS).format(**f)
    cast = rng.choice(CAST)
    if rng.random() < 0.5:
        groups.append([f"{r} = {loss}", cast.format(r=r, o=o)])
    else:
        groups.append([cast.format(r=loss, o=o)])
    return f"def mse({p}, {t}):", groups


def _render(header: str, groups: list[list[str]], rng: random.Random, indent: str = "    ") -> str:
    lines = [header + (rng.choice(["", "  # my answer"]))]
    if rng.random() < 0.3:
        lines.append(f'{indent}"""{rng.choice(["Standardise.", "Compute it.", "See the lesson."])}"""')
    for group in groups:
        for statement in group:
            first, *rest = statement.split("\n")
            lines.append(indent + first + _comment(rng))
            lines += rest
        if rng.random() < 0.3:
            lines.append("")
    return "\n".join(lines) + "\n"


def _copy(header: str, groups: list[list[str]], rng: random.Random) -> tuple[str, list[list[str]]]:
    """A copy: every variable renamed, independent statements swapped, comments rewritten (by _render)."""
    import ast

    code = _render(header, groups, random.Random(0))
    tree = ast.parse(code)
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    bound |= {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
    fresh = iter(rng.sample([f"{w}{i}" for w in ("val", "res", "my", "k") for i in range(9)], len(bound)))
    renames = {name: next(fresh) for name in sorted(bound)}

    def rename(text: str) -> str:
        import re

        return re.sub(r"\b[A-Za-z_][A-Za-z_0-9]*\b", lambda m: renames.get(m.group(), m.group()), text)

    new_groups = [[rename(s) for s in group] for group in groups]
    for group in new_groups:
        rng.shuffle(group)
    return rename(header), new_groups


BLANKS = {"standardize": (_standardize, REFERENCE_STD, STUB_STD), "mse": (_mse, REFERENCE_MSE, STUB_MSE)}


def synthetic_class(seed: int, independent: int = 34, copied_pairs: int = 3) -> tuple[dict, set]:
    """(blank -> student -> code, the copied pairs): INDEPENDENT students plus COPIED_PAIRS copiers."""
    rng = random.Random(seed)
    answers: dict[str, dict[str, str]] = {blank: {} for blank in BLANKS}
    copied = set()
    for i in range(independent):
        for blank, (make, *_) in BLANKS.items():
            header, groups = make(rng)
            answers[blank][f"s{i:02d}"] = _render(header, groups, rng)
    for j in range(copied_pairs):
        source = f"s{j:02d}"
        copier = f"c{j:02d}"
        for blank, (make, *_) in BLANKS.items():
            # regenerate the source's answer deterministically from its own seed, then copy it
            header, groups = make(random.Random(f"{seed}-{blank}-{source}"))
            answers[blank][source] = _render(header, groups, rng)
            answers[blank][copier] = _render(*_copy(header, groups, rng), rng)
        copied.add((source, copier) if source < copier else (copier, source))
    return answers, copied


def class_blanks(answers: dict) -> list[Blank]:
    return [Blank("nb", b, answers[b], reference, stub) for b, (_, reference, stub) in BLANKS.items()]


def measure(
    seeds: range, threshold: float = GradingOptions().similarity_threshold
) -> tuple[float, float, int, int]:
    """(flag rate on copied pairs, on independent pairs, copied pairs, independent pairs) over SEEDS."""
    hit = false = n_copied = n_independent = 0
    for seed in seeds:
        answers, copied = synthetic_class(seed)
        flagged = {f.students for f in flag_pairs(class_blanks(answers), threshold)}
        for pair in combinations(sorted(answers["mse"]), 2):
            if pair in copied:
                n_copied += 1
                hit += pair in flagged
            else:
                n_independent += 1
                false += pair in flagged
    return hit / n_copied, false / n_independent, n_copied, n_independent


def _alike(a: str, b: str) -> float:
    fa, fb = normalise(a, {"f"}), normalise(b, {"f"})
    return similarity(fa, fb, dict.fromkeys(fa.keys() | fb.keys(), 1.0))


def test_normalisation_ignores_names_comments_whitespace_and_docstrings():
    a = "def f(x):\n    '''Doc.'''\n    total = x.sum()  # sum\n    return total / len(x)\n"
    b = "def f(values):\n\n    s   = values.sum()\n    # mean\n    return s/len(values)\n"
    assert normalise(a, {"f"}) == normalise(b, {"f"})
    assert _alike(a, b) == 1.0


def test_normalisation_keeps_what_the_code_calls():
    assert _alike("def f(x):\n    return np.exp(x)\n", "def f(x):\n    return np.log(x)\n") < 0.5


def test_reordered_statements_stay_alike():
    a = "def f(x):\n    m = x.mean()\n    s = x.std()\n    return (x - m) / s\n"
    b = "def f(y):\n    q = y.std()\n    p = y.mean()\n    return (y - p) / q\n"
    assert _alike(a, b) == 1.0


def test_what_the_reference_contains_weighs_nothing():
    ref = normalise(REFERENCE_STD, {"standardize"})
    forms = {"a": ref, "b": normalise(REFERENCE_STD.replace("mu", "m"), {"standardize"})}
    assert set(weights(forms, ref).values()) == {0.0}


def test_answers_equal_to_the_reference_are_not_flagged():
    rng = random.Random(3)
    answers = {f"s{i}": _render(*_standardize(rng), rng) for i in range(20)}
    answers |= {f"r{i}": REFERENCE_STD.replace("mu", f"m{i}") for i in range(3)}
    flags = flag_pairs([Blank("nb", "standardize", answers, REFERENCE_STD, STUB_STD)], 4.0)
    assert not {s for f in flags for s in f.students} & {"r0", "r1", "r2"}


def test_a_copied_pair_is_flagged_with_its_cells():
    answers, copied = synthetic_class(0)
    flags = flag_pairs(class_blanks(answers), 4.0)
    pair = sorted(copied)[0]
    (flag,) = [f for f in flags if f.students == pair]
    assert {m.blank for m in flag.matches} == set(BLANKS)
    first = flag.matches[0]
    assert first.code == (answers[first.blank][pair[0]], answers[first.blank][pair[1]])


def test_stub_answers_are_left_out():
    answers = {f"s{i}": STUB_STD for i in range(10)}
    assert flag_pairs([Blank("nb", "standardize", answers, REFERENCE_STD, STUB_STD)], 4.0) == []


@pytest.fixture(scope="module")
def measured() -> tuple[float, float, int, int]:
    return measure(range(10))


def test_copied_pairs_are_flagged(measured):
    copied_rate, _, n_copied, _ = measured
    print(f"copied pairs flagged: {copied_rate:.1%} of {n_copied}")
    assert copied_rate >= 0.9


def test_independent_pairs_are_rarely_flagged(measured):
    _, independent_rate, _, n_independent = measured
    print(f"independent pairs flagged: {independent_rate:.2%} of {n_independent}")
    assert independent_rate <= 0.002


def test_a_class_that_all_wrote_the_same_answer_flags_nobody():
    same = "def standardize(X):\n    return (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-12)\n"
    answers = {f"s{i}": same.replace("X", f"X{i}") for i in range(10)}
    assert flag_pairs([Blank("nb", "standardize", answers, REFERENCE_STD, STUB_STD)], 5.0) == []


@pytest.mark.parametrize(
    "code",
    ["%timeit f()", "a\0b", "x = " + "(" * 300 + "1" + ")" * 300, "y = " + "-" * 5000 + "x",
     "x = 1\n" * 20_000],
    ids=["magic", "null byte", "too nested", "deep unary", "too long"],
)
def test_hostile_cells_are_left_out_not_raised(code):
    assert normalise(code) is None
