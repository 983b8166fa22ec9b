"""The course's side of the grader's hidden-test comparison: run in the grading worker, never in a kernel.

``nncourse grade`` names this module in ``GradingOptions.trusted_checks`` and
loads it by that name (its engine, ``nncourse.grading.integrity.reference``,
knows no course). It tells the engine which calls of a test cell are hidden
checks (:func:`hidden_calls`), draws their inputs and the reference's outputs
(:func:`draw`, with ``solutions``, kept as a :class:`Drawn`), and judges a kernel's answer
(:func:`judge`, with ``autograder.hidden.compare``: the in-kernel check's
messages and hints). Students receive ``autograder`` but not ``solutions``, so
this module is inert on their machines.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.answers import ANSWER_MIME, INPUTS_ENV, decode, encode
from autograder.checking import CheckFailed
from autograder.hidden import CASES, case_clues, case_label, failure, passed_line, raise_telling
from autograder.hidden_cases import REFERENCE_PACKAGE, reference

__all__ = [
    "ANSWER_MIME",
    "INPUTS_ENV",
    "REFERENCE_PACKAGES",
    "Drawn",
    "HiddenCall",
    "draw",
    "encode_cases",
    "hidden_calls",
    "judge",
    "passed_line",
]

REFERENCE_PACKAGES = (REFERENCE_PACKAGE,)
"""What a grading kernel must never import or read: the runtime audit refuses it."""


@dataclass(frozen=True)
class HiddenCall:
    """One ``hidden_check(blank, fn, seed=...)`` in a test cell."""

    blank: str
    seed: int

    @property
    def key(self) -> str:
        return f"{self.blank}:{self.seed}"


def hidden_calls(source: str) -> list[HiddenCall]:
    """The ``hidden_check`` calls of SOURCE whose blank compares with the reference, in order.

    Property-tested blanks are left out: they are judged in the kernel.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    calls = []
    for node in sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)),
                       key=lambda n: (n.lineno, n.col_offset)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name != "hidden_check" or not node.args:
            continue
        seed = node.args[2] if len(node.args) > 2 else next(
            (k.value for k in node.keywords if k.arg == "seed"), None)
        blank = node.args[0]
        if (isinstance(blank, ast.Constant) and isinstance(seed, ast.Constant)
                and isinstance(seed.value, int) and blank.value in CASES):
            calls.append(HiddenCall(blank.value, seed.value))
    return calls


@dataclass(frozen=True)
class Drawn:
    """What :func:`draw` made for one hidden call and :func:`judge` reads: its cases (``[(args, kwargs),
    ...]``, the inputs the kernel was given) and the reference's output on each, in order. The engine
    keeps it between the two and never looks inside."""

    cases: list
    expected: list


def draw(call: HiddenCall) -> tuple[list, Drawn]:
    """CALL's cases (as the kernel must receive them), and them with the reference's outputs on them.

    The reference runs first on each case, as in the in-kernel check, so a
    reference that changes its arguments hands the student the same values.
    """
    module, make_cases = CASES[call.blank]
    ref = getattr(reference(module), call.blank)
    cases = make_cases(np.random.default_rng(call.seed))
    expected = [ref(*args, **kwargs) for args, kwargs in cases]
    return cases, Drawn(cases, expected)


def encode_cases(cases: list) -> list:
    """CASES as the kernel reads them (``autograder.hidden``): ``[[args, kwargs], ...]`` encoded."""
    return [[encode(args), encode(kwargs)] for args, kwargs in cases]


def judge(call: HiddenCall, answer: Any, drawn: Drawn) -> str | None:
    """None when ANSWER (the kernel's data for CALL) equals the reference's outputs DRAWN holds; else the
    student's message."""
    label = f"{call.blank}(...)"
    try:
        asked = [call.blank, call.seed]
        if not isinstance(answer, dict) or [answer.get("blank"), answer.get("seed")] != asked:
            raise ValueError("it answers another check")
        got = [decode(o) for o in answer["outputs"]]
    except (ValueError, KeyError, TypeError) as exc:
        return (f"{label}: the answers of this hidden check are missing or malformed ({exc}); "
                "did the notebook replace hidden_check?")
    if len(got) != len(drawn.expected):
        return (f"{label}: {len(got)} answers for {len(drawn.expected)} hidden inputs; "
                "did the notebook replace hidden_check?")
    module, _ = CASES[call.blank]
    ref = getattr(reference(module), call.blank)  # its signature names the inputs for the fingerprints
    failures = {}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        for i, (g, e, (args, kwargs)) in enumerate(zip(got, drawn.expected, drawn.cases, strict=True)):
            what = case_label(label, drawn.cases, i)
            failures.update(failure(g, e, what, case_clues(ref, args, kwargs), i))
    try:
        raise_telling(failures, drawn.cases)
    except CheckFailed as exc:
        return str(exc)
    return None
