"""Similarity flags: pairs of students whose answers are far more alike than the class's.

For each blank (solution cell, by grade id) every pair of students who wrote something is
compared after normalisation:

1. **names**: every name the cell binds (variables, arguments, loop targets, inner
   functions) becomes one placeholder, so renaming changes nothing; names it only reads
   (``np``, ``sigmoid``, builtins), attributes (``.shape``) and constants are kept: they
   are the substance;
2. **comments, docstrings and whitespace** disappear (the code is parsed with :mod:`ast`);
3. **AST shape**: a cell becomes the multiset of its normalised statements and
   sub-expressions (``ast.dump`` of each subtree), which is blind to reordered statements.

What every correct answer shares is discounted twice. A subtree weighs
``log((n + 1) / (df + 1))`` (``df``: how many of the blank's n answers contain it), and
nothing when the reference answer contains it, so a shared textbook line is no evidence and
a shared odd one is; a pair's similarity is the weighted Jaccard of their multisets, in
[0, 1]. Its **excess** is that similarity minus the larger of the two students' median
similarity to the rest of the class (some students write like everyone).

A pair's score is its mean excess over the blanks both answered. The pair is flagged when
that score is ``threshold`` robust standard deviations (median absolute deviation x 1.4826)
above the median pair of the class and at least :data:`MIN_EXCESS` (a class that all wrote
the same thing has no spread). The report shows the flagged pair's cells side by side
(:func:`difflib.HtmlDiff`), most alike first. Cells unchanged from the released stub, or
that do not parse, are left out.

Measured on a synthetic class (``tests/grading/test_report_similarity.py``): copied pairs
(renamed, reordered, recommented) against independently written ones; the README gives the
flag rates ("Class report").

Why not ``copydetect`` (or MOSS, JPlag): copydetect fingerprints token k-grams (winnowing)
per file against other files and one boilerplate file; it has no notion of a blank, of the
reference answer or of the class's median, which is what tells a shared idiom from a copy,
and adding a dependency to the lock was not open this session. The stdlib's :mod:`ast` and
:mod:`difflib` do it for cells of a few lines to a few dozen; the cost is quadratic in the
class size per blank.
"""

from __future__ import annotations

import ast
import copy
import math
import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

PLACEHOLDER = "_v"
MIN_EXCESS = 0.15
"""The least discounted similarity a flagged pair must have, whatever the class's spread."""
MAD_TO_SD = 1.4826
"""The median absolute deviation times this estimates a normal distribution's standard deviation."""
MAX_CODE_CHARS = 50_000
"""Cells longer than this are left out (a hostile cell must not stall the report)."""
MIN_STUDENTS = 4
"""Fewer answers than this to a blank give no class distribution to compare a pair with."""


@dataclass(frozen=True)
class Blank:
    """The answers to one blank."""

    notebook: str
    blank: str
    """The solution cell's grade id."""
    answers: dict[str, str]
    """Student -> the cell's code as submitted."""
    reference: str | None = None
    stub: str | None = None
    """The released cell: answers equal to it (after normalisation) are left out."""


@dataclass(frozen=True)
class Match:
    """What one blank says about a pair of students."""

    notebook: str
    blank: str
    similarity: float
    """Weighted similarity in [0, 1] (see the module)."""
    excess: float
    """Similarity minus the larger of the two students' median similarity to the class."""
    code: tuple[str, str]
    """The two cells as submitted."""


@dataclass(frozen=True)
class SimilarityFlag:
    """Two students whose answers are alike far beyond the class's."""

    students: tuple[str, str]
    score: float
    """Mean excess over the blanks both answered."""
    spread: float | None
    """SCORE in robust standard deviations above the class's median pair (None: no spread)."""
    matches: tuple[Match, ...]
    """Per blank, most alike first."""

    def to_json(self) -> dict:
        return {
            "students": list(self.students),
            "score": self.score,
            "spread": self.spread,
            "blanks": [
                {"notebook": m.notebook, "blank": m.blank, "similarity": m.similarity, "excess": m.excess}
                for m in self.matches
            ],
        }


class _Rename(ast.NodeTransformer):
    """Replace the names a cell binds by one placeholder; drop docstrings."""

    def __init__(self, bound: set[str]) -> None:
        self.bound = bound

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in self.bound:
            return ast.copy_location(ast.Name(PLACEHOLDER, node.ctx), node)
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        node.arg, node.annotation = PLACEHOLDER, None
        return node

    def _body(self, node: ast.AST) -> ast.AST:
        body = getattr(node, "body", [])
        if (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(getattr(body[0], "value", None), ast.Constant)
        ):
            if isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
        return self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node.returns = None
        if node.name in self.bound:
            node.name = PLACEHOLDER
        return self._body(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Expr(self, node: ast.Expr) -> ast.AST | None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return None  # a bare string: a comment in disguise
        return self.generic_visit(node)


def _bound_names(tree: ast.AST, keep: set[str]) -> set[str]:
    """Names TREE binds, except KEEP (the top-level functions every answer must define)."""
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
    return bound - keep


def _top_level_names(code: str) -> set[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}


def normalise(code: str, keep: set[str] = frozenset()) -> Counter | None:
    """CODE as the multiset of its normalised subtrees (see the module); None when it does not
    parse or has no statement. KEEP: names left as they are although the cell binds them (the
    blank's own function names, which every answer must define)."""
    if len(code) > MAX_CODE_CHARS:
        return None
    try:
        tree = ast.parse(code)
        tree = _Rename(_bound_names(tree, set(keep))).visit(tree)
        if not getattr(tree, "body", None):
            return None
        return Counter(
            _part(node)
            for node in ast.walk(tree)
            if isinstance(node, ast.stmt | ast.expr) and not isinstance(node, ast.Name)
        )
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        # not Python (a magic, a null byte) or nested past the parser's depth: left out as unparsable
        return None


BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")
"""The fields holding a compound statement's inner statements (each counted on its own)."""


def _part(node: ast.AST) -> str:
    """NODE as one subtree string; a compound statement by its header only, so that
    reordering the statements inside it changes one part, not the whole block."""
    if any(getattr(node, name, None) for name in BLOCKS):
        node = copy.copy(node)
        for name in BLOCKS:
            if getattr(node, name, None):
                setattr(node, name, [])
    return ast.dump(node, annotate_fields=False)


def weights(forms: dict[str, Counter], reference: Counter | None) -> dict[str, float]:
    """Each subtree's weight: ``log((n + 1) / (df + 1))`` over the N answers, 0 if the reference has it."""
    df: Counter = Counter()
    for form in forms.values():
        df.update(set(form))
    n = len(forms)
    shared = set(reference or ())
    return {part: 0.0 if part in shared else math.log((n + 1) / (count + 1)) for part, count in df.items()}


def similarity(a: Counter, b: Counter, weight: dict[str, float]) -> float:
    """Weighted Jaccard of two normalised cells, in [0, 1] (0 when neither has any weight)."""
    common = total = 0.0
    for part in a.keys() | b.keys():
        w = weight.get(part, 0.0)
        common += w * min(a[part], b[part])
        total += w * max(a[part], b[part])
    return common / total if total else 0.0


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def blank_matches(blank: Blank) -> dict[tuple[str, str], Match]:
    """Every pair of students who both answered BLANK (A < B), with its similarity and excess."""
    keep = _top_level_names(blank.reference or "") | _top_level_names(blank.stub or "")
    stub = normalise(blank.stub, keep) if blank.stub else None
    forms = {}
    for student, code in sorted(blank.answers.items()):
        form = normalise(code, keep)
        if form is not None and form != stub:
            forms[student] = form
    if len(forms) < MIN_STUDENTS:
        return {}
    weight = weights(forms, normalise(blank.reference, keep) if blank.reference else None)
    pairs = {(a, b): similarity(forms[a], forms[b], weight) for a, b in combinations(forms, 2)}
    others: dict[str, list[float]] = {s: [] for s in forms}
    for (a, b), value in pairs.items():
        others[a].append(value)
        others[b].append(value)
    typical = {s: _median(v) for s, v in others.items()}
    return {
        (a, b): Match(
            blank.notebook,
            blank.blank,
            round(value, 4),
            round(value - max(typical[a], typical[b]), 4),
            (blank.answers[a], blank.answers[b]),
        )
        for (a, b), value in pairs.items()
    }


def flag_pairs(blanks: list[Blank], threshold: float) -> list[SimilarityFlag]:
    """The pairs of students whose mean excess over BLANKS is THRESHOLD robust standard deviations
    above the class's median pair (and at least :data:`MIN_EXCESS`), highest first."""
    by_pair: dict[tuple[str, str], list[Match]] = {}
    for blank in blanks:
        for pair, match in blank_matches(blank).items():
            by_pair.setdefault(pair, []).append(match)
    if not by_pair:
        return []
    scores = {pair: statistics.fmean(m.excess for m in matches) for pair, matches in by_pair.items()}
    centre = statistics.median(scores.values())
    spread = MAD_TO_SD * statistics.median(abs(v - centre) for v in scores.values())
    flags = [
        SimilarityFlag(
            pair,
            round(score, 4),
            round((score - centre) / spread, 2) if spread else None,
            tuple(sorted(by_pair[pair], key=lambda m: (-m.similarity, m.notebook, m.blank))),
        )
        for pair, score in scores.items()
        if score >= MIN_EXCESS and score - centre >= threshold * spread
    ]
    return sorted(flags, key=lambda f: (-f.score, f.students))
