"""Sequence fingerprints: a recorded sequence (a history, errors per epoch, a dict of numbered layers)
of the wrong length, or one that does not change while the loop runs.

A loop written ``range(1, epochs)`` records one entry too few; one that also records
before the first epoch, or runs ``range(epochs + 1)``, one too many (fp.off_by_one).
Proven like any fingerprint: the length is off by exactly one AND the student's entries
are the expected ones with the first or the last dropped (or with one entry more at the
start or the end), entry for entry, over 2+ different magnitudes.

The length may also be off by a factor (fp.length_factor): one entry every k epochs
(the append under ``if epoch % k == 0``), proven when the entries are the expected ones
at every k-th epoch; or k entries per epoch (an append inside the loop over the
minibatches), proven entry for entry when one of each k is the expected one, else
stated from the length alone. A history whose entries are all the first epoch's value
while the expected ones change (fp.constant, ``frozen_history``) records a value that does
not follow the updated parameters.
"""

import re
from collections.abc import Mapping

import numpy as np

from autograder.captured import allclose as _allclose
from autograder.captured import asarray as _asarray
from autograder.captured import full as _full
from autograder.captured import isclose as _isclose
from autograder.captured import isfinite as _isfinite
from autograder.captured import where as _where
from autograder.fingerprints import ATOL, RTOL, Diagnosis, Hypothesis, distinct_magnitudes
from autograder.source_facts import kept, operator, statement, worded

_NUMBERED = re.compile(r"^(\D*?)(\d+)$")


def off_by_one(got: object, expected: object, what: str = "the sequence") -> Diagnosis | None:
    """"fp.off_by_one" when ``got`` (E +- 1,) is ``expected`` (E,) with one entry less or more.

    what: how the student reads the sequence ("history['loss']").
    """
    try:
        g, e = _asarray(got, dtype=np.float64), _asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if g.ndim != 1 or e.ndim != 1 or abs(len(g) - len(e)) != 1 or min(len(g), len(e)) < 2:
        return None
    short, long_ = (g, e) if len(g) < len(e) else (e, g)
    if distinct_magnitudes(short, short) < 2:
        return None
    ends = [name for name, part in (("last", long_[:-1]), ("first", long_[1:]))
            if _allclose(short, part, rtol=RTOL, atol=ATOL)]
    if len(ends) != 1:
        return None
    if len(g) < len(e):
        said = (f"{what} has {len(g)} entries where {len(e)} belong, and they are the expected ones "
                f"without the {ends[0]}")
        # a loop's bound is named only where a loop is: a slice or an early exit drops an entry too
        text = worded(f"{said}: a loop one iteration short (range(1, n) runs n - 1 times; range(n) runs n).",
                      f"{said}.", statement("loop"))
    else:
        said = (f"{what} has {len(g)} entries where {len(e)} belong, and without its {ends[0]} entry it is "
                "the expected one")
        text = worded(f"{said}: a loop one iteration long, or an entry recorded once too often "
                      "(range(n + 1), or an extra record before or after the loop).", f"{said}.",
                      statement("loop"))
    return Diagnosis(("fp.off_by_one",), text)


def _epochs(starts: list[int], unit: str) -> str:
    """"epochs 0, 100, 200" (the first three and the last when there are more)."""
    shown = [str(i) for i in starts] if len(starts) <= 4 else [*map(str, starts[:3]), "...", str(starts[-1])]
    return f"{unit}s {', '.join(shown)}"


def length_factor(got: object, expected: object, what: str = "the sequence",
                  unit: str = "epoch") -> Diagnosis | None:
    """"fp.length_factor" when ``got`` has one entry every k ``unit``s, or k entries per ``unit``.

    got: the student's sequence, shape (M,); expected: one entry per unit, shape (E,).
    - M = ceil(E / k) and got is expected[j::k] for one offset j: one entry every k units,
      proven entry for entry over 2+ magnitudes;
    - M = k * E: got[j::k] is expected for one j (recorded k times per unit, proven), or, when
      no j fits, the fact of the length: k entries per unit (one per minibatch, say).
    """
    try:
        g, e = _asarray(got, dtype=np.float64), _asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if g.ndim != 1 or e.ndim != 1 or len(g) < 1 or len(e) < 2 or abs(len(g) - len(e)) < 2:
        return None
    if len(g) == 1:  # one entry: only its equality with the first epoch's is a fact
        if not _allclose(g[0], e[0], rtol=RTOL, atol=ATOL) or _allclose(e, e[0], rtol=RTOL, atol=ATOL):
            return None
        # the ways to record once, as examples, only those the code has the statements for
        ways = kept([(f"the value is recorded only at {unit} 0 (an append under a condition such as `if "
                      f"{unit} % 100 == 0`, true only at 0 in a run of {len(e)} {unit}s)",
                      statement("append in if")),
                     (f"the loop ends after its first {unit} (a `return` inside it)",
                      statement("return in loop", "break")),
                     (f"the append runs once, outside any loop (the loop over the {unit}s is missing, or "
                      f"the append comes after it)", statement("append outside loop"))])
        told = f" For example {', or '.join(ways)}." if ways else ""
        return Diagnosis(("fp.length_factor",), f"{what} has 1 entry for {len(e)} {unit}s, the expected one "
                         f"of {unit} 0.{told} Record one entry in every {unit}.")
    if len(g) < len(e):
        if _allclose(g, e[:len(g)], rtol=RTOL, atol=ATOL) and distinct_magnitudes(g, g) >= 2:
            ends = kept([(f"its bound (range({unit}s))", statement("loop")),
                         ("a `break` or `return` inside it that ends it early",
                          statement("break", "return in loop"))])
            said = (f"{what} has {len(g)} entries for {len(e)} {unit}s, the expected ones of {unit}s 0 to "
                    f"{len(g) - 1}")
            return Diagnosis(("fp.length_factor",), f"{said}: the loop stops after {len(g)} {unit}s; it must "
                             f"run all {len(e)}: {', or '.join(ends)}." if ends else f"{said}.")
        m, n = len(g), len(e)
        # g[0] is e[j] and g[1] is e[j + k]: the candidates come from the entries equal to those two
        firsts = _where(_isclose(e, g[0], rtol=RTOL, atol=ATOL))[0]
        seconds = _where(_isclose(e, g[1], rtol=RTOL, atol=ATOL))[0]
        if len(firsts) * len(seconds) > 10_000:
            return None  # entries repeated that often fit many steps: none is proven
        steps = {(int(j), int(i - j)) for j in firsts for i in seconds if i - j >= 2 and i - j > j}
        fits = [(j, k) for j, k in sorted(steps)
                if (n - j + k - 1) // k == m and _allclose(g, e[j::k], rtol=RTOL, atol=ATOL)]
        if len(fits) == 1 and distinct_magnitudes(g, g) >= 2:
            j, k = fits[0]
            at = list(range(j, len(e), k))
            condition = {0: f"{unit} % {k} == 0",
                         k - 1: f"({unit} + 1) % {k} == 0"}.get(j, f"{unit} % {k} == {j}")
            said = (f"{what} has {len(g)} entries for {len(e)} {unit}s: the entries of {_epochs(at, unit)} "
                    f"(one every {k} {unit}s), each the expected one. Record one entry in every {unit}")
            return Diagnosis(("fp.length_factor",), f"{said}: an append under a condition (`if {condition}`, "
                             f"the one that prints progress) records only every {k}th.",
                             statement("if") | operator("%"), f"{said}.")
        return None
    if len(g) % len(e):
        return None
    k = len(g) // len(e)
    fits = [j for j in range(k) if _allclose(g[j::k], e, rtol=RTOL, atol=ATOL)]
    if fits and distinct_magnitudes(e, e) >= 2:
        which = (f"entry {fits[0]} of every {k} is the expected one" if len(fits) == 1 else
                 f"entries {', '.join(map(str, fits))} of every {k} are the expected one")
        return Diagnosis(("fp.length_factor",), f"{what} has {len(g)} entries for {len(e)} {unit}s, {k} per "
                         f"{unit}, and {which}: the value is recorded {k} times in each {unit}; record it "
                         "once, at one place in the loop.")
    said = f"{what} has {len(g)} entries for {len(e)} {unit}s: exactly {k} per {unit}, where one belongs."
    return Diagnosis(("fp.length_factor",), f"{said} An append inside an inner loop (over the minibatches, "
                     f"the samples or the layers) gives {k} entries per {unit}; record once per {unit}, "
                     "after the inner loop.", statement("loop"), said)


def one_entry_for_all(got: object, expected: object, what: str, unit: str = "epoch") -> Diagnosis | None:
    """"fp.last_value" when a single number stands where one entry per ``unit`` belongs, and it is the
    last (or the first) expected entry: the list replaced by one value (assigned, not appended, or
    the loop's last value returned).

    got: the student's number; expected: shape (E,), E >= 2, whose entries are not all equal (else
    any entry would match and nothing is proven).
    """
    try:
        g, e = float(_asarray(got, dtype=np.float64)), _asarray(expected, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        return None
    if len(e) < 2 or _allclose(e, e[0], rtol=RTOL, atol=ATOL):
        return None
    at = [name for name, i in (("last", -1), ("first", 0)) if _isclose(g, e[i], rtol=RTOL, atol=ATOL)
          and not _isclose(e[i], e[-1 - i], rtol=RTOL, atol=ATOL)]
    if len(at) != 1 or int(_isclose(e, g, rtol=RTOL, atol=ATOL).sum()) != 1:
        return None  # the number is more than one entry: which one it is, is not proven
    return Diagnosis(("fp.last_value",), f"{what} is one number, {g:.6g}, the {at[0]} {unit}'s expected "
                                         f"value, where a list with one value per {unit} belongs: keep "
                                         f"every {unit}'s value (append it to the list in the loop, "
                                         "rather than assigning it) and return the list.")


def appended_once(got: object, expected: object, what: str, unit: str = "epoch") -> Diagnosis | None:
    """"fp.last_value" when a list of one entry stands where one per ``unit`` belongs (E >= 2) and that
    entry is the last expected one: the append runs once, after the loop, where it belongs inside.

    The cause is said where the source shows it (an .append no loop encloses); the value alone,
    where it is the last entry and no other (a count that ends in a run of 0s matches many).
    """
    try:
        g = [float(v) for v in got]
        e = _asarray(expected, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        return None
    if len(g) != 1 or len(e) < 2 or not _isclose(g[0], e[-1], rtol=RTOL, atol=ATOL):
        return None
    only_last = int(_isclose(e, g[0], rtol=RTOL, atol=ATOL).sum()) == 1
    fact = f"{what} holds one entry, {g[0]:.6g}, the last {unit}'s value, where one per {unit} belongs."
    return Diagnosis(("fp.last_value",), f"{what} holds one entry, {g[0]:.6g}, the last {unit}'s value: the "
                                         f"append runs once, after the loop over the {unit}s, where it "
                                         "belongs inside it (indent it one level deeper).",
                     statement("append outside loop"), fact if only_last else None)


def frozen_history(got: object, expected: object, what: str, unit: str = "epoch",
                   updates_right: bool | None = None) -> Hypothesis | None:
    """"fp.constant" for a history: ``got`` is the first ``unit``'s expected value in every ``unit``, while
    the ``expected`` entries change.

    got, expected: shape (E,), E >= 3; updates_right: whether the student's own final parameters
    are the expected ones (the updates happen, only the recording is stuck), when the check knows.
    Proven only when the one number is the first entry's expected value (the initial parameters'):
    another constant (a metric 0 in every epoch) has other causes, left to other hypotheses.
    A Hypothesis (its value the constant), judged like any other by ``fingerprints.explain``.
    """
    try:
        g, e = _asarray(got, dtype=np.float64), _asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if g.shape != e.shape or g.ndim != 1 or len(g) < 3 or not _isfinite(g).all():
        return None
    if not _allclose(g, e[0], rtol=RTOL, atol=ATOL) or _allclose(e, e[0], rtol=RTOL, atol=ATOL):
        return None
    text = (f"{what} is {g[0]:.6g} in all {len(g)} {unit}s, the first {unit}'s value (the initial "
            f"parameters'), where the expected entries change (from {e[0]:.6g} to {e[-1]:.6g}): the value "
            "recorded does not follow the updated parameters.")
    if updates_right:
        text += (" Your final parameters are the expected ones, so the updates happen; is the value "
                 "computed once, before the loop (or from a copy of the parameters made before it)?")
    else:
        # the causes are examples: the history alone cannot tell which one the code has
        text += (" Your final parameters are not the expected ones either." if updates_right is False else "")
        text += (" For example the forward pass (or the loss) is computed once, before the loop, the "
                 "update's result is not assigned back (params = step(...)), or the parameters are made "
                 "again in every epoch (init_params inside the loop).")
    return Hypothesis("fp.constant", text, _full(e.shape, g[0]))


def params_match(params: Mapping, expected: Mapping, keys) -> bool:
    """Whether params[k] is an array of expected[k]'s shape and values for every k of ``keys``
    (a training run's final parameters, for ``frozen_history``'s updates_right)."""
    try:
        return all(_asarray(params[k]).shape == _asarray(expected[k]).shape
                   and _allclose(_asarray(params[k], dtype=np.float64), expected[k], rtol=RTOL, atol=ATOL)
                   for k in keys)
    except (KeyError, TypeError, ValueError):
        return False


def _numbered(keys) -> dict[str, set[int]]:
    """{"W": {1, 2}, "b": {1, 2}} for the keys W1, b1, W2, b2 (keys that are not name + number left out)."""
    families: dict[str, set[int]] = {}
    for key in keys:
        found = _NUMBERED.match(key) if isinstance(key, str) else None
        if found and found.group(1):
            families.setdefault(found.group(1), set()).add(int(found.group(2)))
    return families


def layers_off_by_one(got_keys, expected_keys, what: str = "the dict") -> Diagnosis | None:
    """"fp.off_by_one" when a dict of numbered layers (W1, b1, ..., WL, bL) holds one layer too few or
    too many (at the end, or a layer 0 before layer 1), or the layers numbered 0 to L - 1: a loop over
    the layers off by one.

    got_keys: the keys returned; expected_keys: the keys that belong (each family numbered 1..L).
    Proven from the keys alone: every family the same, shifted or cut by exactly one layer.
    """
    got, expected = _numbered(got_keys), _numbered(expected_keys)
    plain = {k for k in expected_keys if not any(k == f"{p}{n}" for p, ns in expected.items() for n in ns)}
    if not expected or set(got) != set(expected) or not plain <= set(got_keys):
        return None
    numbers = {frozenset(ns) for ns in expected.values()}
    shapes = {frozenset(ns) for ns in got.values()}
    if len(numbers) != 1 or len(shapes) != 1:
        return None  # the families disagree with each other: not one loop's count
    right, mine = sorted(next(iter(numbers))), sorted(next(iter(shapes)))
    if right != list(range(1, len(right) + 1)) or len(right) < 2:
        return None
    families = ", ".join(f"{p}{{l}}" for p in expected)
    say = (f"{what} holds the layers {mine[0]} to {mine[-1]} ({families}) where layers 1 to {right[-1]} "
           f"belong ({len(right)} layers, one per pair of consecutive layer sizes)")
    loop = statement("loop")  # a loop's bound is named only where the code has a loop
    if mine == right[:-1]:
        # the loop's bound or the L it reaches: one too small either way (J26a, fifteenth set: L
        # counted from a cache's 2L - 1 entries was named as the loop alone)
        return Diagnosis(("fp.off_by_one",), f"{say}: the last layer is missing. Either a loop over the "
                                             "layers stops one step short (range(1, L) runs L - 1 times; "
                                             "range(1, L + 1) runs L), or the L it runs to is one too small "
                                             "(counted from a dict of other entries: a cache holds z1..zL "
                                             "and a1..a{L-1}, 2L - 1 of them, where len(params) // 2 is L).",
                         loop, f"{say}: the last layer is missing.")
    if mine == [*right, right[-1] + 1]:
        return Diagnosis(("fp.off_by_one",), f"{say}: one layer too many, a loop over the layers one step "
                                             "long (range(1, L + 2), or L counted from the sizes' length).",
                         loop, f"{say}: one layer too many.")
    if mine == [n - 1 for n in right]:
        return Diagnosis(("fp.off_by_one",), f"{say}: the layers are numbered from 0; number them from 1 "
                                             "(range(1, L + 1), or f\"W{l + 1}\").")
    if mine == [0, *right]:
        # every layer there and a layer 0 besides: the loop starts one step early, and its first
        # pass pairs the sizes' last entry (sizes[-1], Python's index -1) with the first
        return Diagnosis(("fp.off_by_one",), f"{say}: every layer is there and a layer 0 besides, a loop "
                                             "over the layers that starts one step early (range(L + 1), or "
                                             "range(len(sizes)), where range(1, L + 1) belongs; at l = 0, "
                                             "sizes[l - 1] is the last size).", loop,
                         f"{say}: a layer 0 besides the layers that belong.")
    return None


def history_slips(key: str, got: np.ndarray, expected: Mapping[str, np.ndarray],
                  updates_right: bool | None = None) -> list[Hypothesis]:
    """Hypotheses for a wrong history entry (history[key], one value per epoch) of a training loop.

    expected: the right histories by key ("loss", "val_loss", "acc", "val_acc", shape (E,) each);
    updates_right: whether the run's final parameters are the expected ones (``frozen_history``).
    - fp.constant: the first epoch's value in every epoch (``frozen_history``);
    - fp.one_late: each entry is the next epoch's: recorded after the update (the last entry,
      which no expected one follows, is the student's own);
    - fp.wrong_data: a validation metric equal to the training one (computed on X, y where
      X_val, y_val belong), or the reverse.
    """
    right = _asarray(expected[key], dtype=np.float64)
    got = _asarray(got, dtype=np.float64)
    found = [Hypothesis("fp.one_late", f"each entry of history[{key!r}] is the next epoch's value: it is "
                                       "recorded after that epoch's update; record the metrics before that "
                                       "epoch's update.", np.append(right[1:], got[-1:]))]
    other = key.removeprefix("val_") if key.startswith("val_") else f"val_{key}"
    if other in expected:
        data, belongs = (("X, y", "X_val, y_val") if key.startswith("val_") else ("X_val, y_val", "X, y"))
        found.append(Hypothesis("fp.wrong_data", f"history[{key!r}] equals history[{other!r}]: it is "
                                                 f"computed on {data}; compute it on {belongs}.",
                                _asarray(expected[other], dtype=np.float64)))
    frozen = frozen_history(got, right, f"history[{key!r}]", updates_right=updates_right)
    return found + ([frozen] if frozen else [])


def loss_curve(loss, what: str = "history['loss']") -> Diagnosis | None:
    """What a training run's loss curve shows at its end, when it shows a run that did not settle.

    loss: the loss per epoch, shape (E,), E >= 20. Said only from the curve itself:
    - "fp.still_falling": lower in every one of the last tenth of the epochs: the run stopped
      while the loss was still going down (a cause is the caller's to prove, by a re-run);
    - "fp.diverging": the end is not finite, or 50% above the curve's lowest value, reached
      before the last tenth: the loss went down, then up.
    """
    try:
        values = _asarray([float(v) for v in loss], dtype=np.float64)
    except (TypeError, ValueError):
        return None
    n = len(values)
    if n < 20 or not np.isfinite(values[0]):
        return None
    k = max(2, n // 10)
    finite = values[np.isfinite(values)]
    lowest = int(np.argmin(np.where(np.isfinite(values), values, np.inf)))
    if not np.isfinite(values).all():
        first = int(np.argmin(np.isfinite(values)))
        return Diagnosis(("fp.diverging",), f"{what} is {values[first]} from epoch {first} on (it was "
                                            f"{values[lowest]:.4g} at epoch {lowest}): the loss overflowed, "
                                            "the steps overshoot; a smaller learning rate keeps it finite.")
    if values[-1] > 1.5 * finite.min() and lowest < n - k:
        return Diagnosis(("fp.diverging",), f"{what} went down to {values[lowest]:.4g} at epoch {lowest}, "
                                            f"then up to {values[-1]:.4g} at the last epoch ({n - 1}): the "
                                            "descent diverged, the steps overshoot; a smaller learning "
                                            "rate keeps the loss going down.")
    tail = values[-k - 1:]
    if (np.diff(tail) < 0).all() and values.max() > values[-1]:
        return Diagnosis(("fp.still_falling",), f"{what} was still falling when training stopped: from "
                                                f"{tail[0]:.4g} to {tail[-1]:.4g} over the last {k} of your "
                                                f"{n} epochs, lower in every one of them "
                                                f"({values[0]:.4g} at the first epoch): the run ends "
                                                "before the loss settles. "
                                                "Steps too small (the learning rate) or too few of them "
                                                "(the epochs) both look like this; a loss that fell only a "
                                                "little in all points at the learning rate first.")
    return None
