"""Which formula of x an elementwise output is: a search over a small grammar of the blank's vocabulary.

For an elementwise blank (an activation, its derivative) a wrong formula is often
the right one with one piece moved: 1 - tanh(x**2) for 1 - tanh(x)**2,
1 / (1 - exp(-x)) for the sigmoid. The search enumerates expressions in x built
from the blank's vocabulary (negation, square, exp, log, tanh, sigmoid,
max(., 0), 1 - ., 1 + ., 1 / .) up to ``DEPTH`` operations deep, then the
products of two expressions up to two deep (s * (1 - s)) and 1 minus them, and
keeps those whose values are the student's at every probe point.

It speaks only when it proves one formula:
- every entry is explained within the checks' tolerance, on the stored input and
  on a second probe input the check evaluated the student's function on;
- the probes hold ``FEWEST_POINTS`` distinct points and the output two magnitudes;
- every expression that explains them has the same values at all probe points
  (one formula up to equality there, named by its shortest form), and it is not
  the expected one. Two formulas that differ there: ambiguous, nothing said.
It runs last (``fingerprints.explain``): only when no other hypothesis is proven.
Cost: 9 ms on the tanh_grad grid (2026-12-02; the expressions are evaluated as the rows of one
array per level, the last level and the products without telling equal values apart).
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from autograder.captured import ELEMENTWISE as _ELEMENTWISE
from autograder.captured import absolute as _abs
from autograder.captured import asarray as _asarray
from autograder.captured import errstate as _errstate
from autograder.captured import isfinite as _isfinite
from autograder.captured import where as _where
from autograder.fingerprints import ATOL, RTOL, Hypothesis, distinct_magnitudes

#: How many operations deep the unary expressions go (1 - tanh(x**2) is three).
DEPTH = 4
#: How deep each factor of a product may be (sigmoid(x) * (1 - sigmoid(x)): two).
PRODUCT_DEPTH = 2
#: The fewest distinct probe points for a formula to be proven by its values there.
FEWEST_POINTS = 8

_exp, _log, _tanh = _ELEMENTWISE["np.exp"], _ELEMENTWISE["np.log"], _ELEMENTWISE["np.tanh"]


def _atom(text: str) -> str:
    """text, parenthesised unless it is x, a number or one function call."""
    if text == "x" or text.replace(".", "").isdigit():
        return text
    if text[0].isalpha() and text.endswith(")") and _closes_at_end(text, text.index("(")):
        return text
    return f"({text})"


def _closes_at_end(text: str, start: int) -> bool:
    """Whether the parenthesis opened at ``start`` closes at the last character."""
    depth = 0
    for i, ch in enumerate(text[start:], start):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return i == len(text) - 1
    return False


def _factor(text: str) -> str:
    """text as a factor of a product: parenthesised unless it is an atom or a power of one."""
    return text if _atom(text) == text or (text.endswith("**2") and _atom(text[:-3]) == text[:-3]) \
        else f"({text})"


def _no_sum(text: str) -> str:
    """text, parenthesised when it is a sum or difference at its top level (for "1 - (a - b)")."""
    return f"({text})" if (" - " in text or " + " in text) and _atom(text) != text else text


#: (how the operation is written around its argument, what it computes on an array of rows)
OPS: tuple[tuple[Callable[[str], str], Callable[[np.ndarray], np.ndarray]], ...] = (
    (lambda t: f"-{_atom(t)}", lambda v: -v),
    (lambda t: f"{_atom(t)}**2", lambda v: v * v),
    (lambda t: f"exp({t})", _exp),
    (lambda t: f"log({t})", _log),
    (lambda t: f"tanh({t})", _tanh),
    (lambda t: f"sigmoid({t})", lambda v: 1.0 / (1.0 + _exp(-v))),
    (lambda t: f"max({t}, 0)", lambda v: _where(v > 0, v, 0.0)),
    (lambda t: f"1 - {_no_sum(t)}", lambda v: 1.0 - v),
    (lambda t: f"1 + {_no_sum(t)}", lambda v: 1.0 + v),
    (lambda t: f"1 / {_atom(t)}", lambda v: 1.0 / v),
)


@dataclass(frozen=True)
class _Expr:
    """An expression: its text and how to compute it (operation indices applied in turn from x)."""

    text: str
    path: tuple[int, ...]


def _apply(path: tuple[int, ...], x: np.ndarray) -> np.ndarray:
    v = x
    for op in path:
        v = OPS[op][1](v)
    return v


def _expressions(x: np.ndarray, depth: int) -> tuple[list[_Expr], np.ndarray, list[int]]:
    """Every unary expression up to ``depth`` deep, one per distinct value on x (its shortest form first).

    x: array of shape (n,). Returns the expressions, their values (shape (len, n)) and the
    indices of the deepest ones (those the next operation extends).
    """
    exprs, rows, seen = [_Expr("x", ())], [x], {_key(x)}
    frontier = [0]
    for _ in range(depth):
        block = np.stack([rows[i] for i in frontier])
        added = []
        for k, (fmt, fn) in enumerate(OPS):
            values = fn(block)
            finite = _isfinite(values).all(axis=1)
            for j in np.nonzero(finite)[0]:
                key = _key(values[j])
                if key in seen:
                    continue
                seen.add(key)
                parent = exprs[frontier[j]]
                exprs.append(_Expr(fmt(parent.text), (*parent.path, k)))
                rows.append(values[j])
                added.append(len(rows) - 1)
        frontier = added
        if not frontier:
            break
    return exprs, np.stack(rows), frontier


def _key(value: np.ndarray) -> bytes:
    """A value's identity to 9 significant digits (float64 noise of another order of operations aside)."""
    return (value.round(9) + 0.0).tobytes()  # + 0.0: -0.0 and 0.0 are one value


def _matches(values: np.ndarray, got: np.ndarray) -> np.ndarray:
    """Which rows of values (shape (m, n)) equal got (shape (n,)) within the checks' tolerance."""
    return (_abs(values - got) <= ATOL + RTOL * _abs(got)).all(axis=-1)


def _candidates(x: np.ndarray, got: np.ndarray) -> list[tuple[str, Callable[[np.ndarray], np.ndarray]]]:
    """Every expression (text, its function) whose values on x are got's, unary ones then products.

    The expressions up to DEPTH - 1 deep are kept (distinct values only); the last operation is
    applied to all of the deepest at once and only its matches are kept (no need to tell them apart).
    """
    exprs, values, deepest = _expressions(x, DEPTH - 1)
    found = [(e.text, lambda v, p=e.path: _apply(p, v)) for e, hit in zip(exprs, _matches(values, got),
                                                                          strict=True) if hit]
    block = values[deepest]
    for k, (fmt, fn) in enumerate(OPS):
        for j in np.nonzero(_matches(fn(block), got))[0]:
            e = exprs[deepest[j]]
            found.append((fmt(e.text), lambda v, p=(*e.path, k): _apply(p, v)))
    shallow = [i for i, e in enumerate(exprs) if len(e.path) <= PRODUCT_DEPTH]
    factors = values[shallow]
    products = factors[:, None, :] * factors[None, :, :]  # (m, m, n): every pair, both orders
    for fmt, post in ((None, None), OPS[7]):  # a * b, and 1 - a * b
        table = products if post is None else post(products)
        for i, j in zip(*np.nonzero(_matches(table, got)), strict=True):
            if j < i:
                continue  # a * b and b * a are one formula
            a, b = exprs[shallow[i]], exprs[shallow[j]]
            text = f"{_factor(a.text)} * {_factor(b.text)}"
            found.append((text if fmt is None else fmt(text),
                          lambda v, p=a.path, q=b.path, f=post: (
                              _apply(p, v) * _apply(q, v) if f is None else f(_apply(p, v) * _apply(q, v)))))
    return found


def formula_hypothesis(got: np.ndarray, expected: np.ndarray, formula, subject: str) -> Hypothesis | None:
    """The one formula of x that gives the student's values at every probe point, or None.

    got, expected: the output on the stored input x (any shape, x's); formula: ``Clues.formula``,
    (x, the formula that belongs in words, [(x2, the student's output at x2), ...]).
    """
    x, meant, others = formula
    probes = [(_asarray(x, dtype=np.float64).ravel(), _asarray(got, dtype=np.float64).ravel())]
    probes += [(_asarray(a, dtype=np.float64).ravel(), _asarray(g, dtype=np.float64).ravel())
               for a, g in others]
    if any(a.shape != g.shape or not _isfinite(g).all() for a, g in probes):
        return None
    points = np.concatenate([a for a, _ in probes])
    if len(set(points.tolist())) < FEWEST_POINTS or distinct_magnitudes(expected, got) < 2:
        return None
    if len(set(np.concatenate([g for _, g in probes]).tolist())) <= 2:
        return None  # a step's two levels: many formulas of the grammar have them, none is the code's
    with _errstate(all="ignore"):
        candidates = _candidates(*probes[0])
        proven = []
        for text, fn in candidates:
            if all(_matches(fn(a)[None, :], g)[0] for a, g in probes[1:]):
                proven.append((text, np.concatenate([fn(a) for a, _ in probes])))
    if not proven:
        return None
    first = proven[0][1]
    if not all(_matches(v[None, :], first)[0] for _, v in proven[1:]):
        return None  # two formulas that differ at some probe point: either could be the student's
    if _matches(first[None, :probes[0][0].size], _asarray(expected, dtype=np.float64).ravel())[0]:
        return None  # the expected formula itself: nothing to name
    text = min((t for t, _ in proven), key=len)
    if text == meant:
        return None  # the words of the formula that belongs: "equals f where f belongs" says nothing
    mistake_id, words = "fp.other_formula", "compare your formula with it piece by piece (which operation " \
                                            "applies to what)"
    if text.replace("**2", "") == meant.replace("**2", ""):
        # the same formula but for where a square is: lost, one too many, or put on another operand
        mine, right = text.count("**2"), meant.count("**2")
        mistake_id = "fp.missing_square"
        words = ("the same pieces, but the square (**2) is on another operand" if mine == right else
                 "the same formula with a square (**2) where none belongs" if mine > right else
                 "the same formula with its square (**2) missing")
    return Hypothesis(mistake_id, f"{subject} equals {text} at every point checked, where {meant} belongs: "
                                  f"{words}.", _asarray(got, dtype=np.float64))


def probe_points() -> np.ndarray:
    """The second probe input of an elementwise blank: points unlike the stored grids, none at a kink."""
    return np.array([-3.7, -2.2, -1.35, -0.61, -0.17, 0.23, 0.52, 1.08, 1.91, 2.85, 4.4])

