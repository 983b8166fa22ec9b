"""A result of several parts (a dict of gradients, of parameters): every part explained on its own.

A check of such a result shows the first wrong part in full (expected against
got, and its hint). A slip often shows in another part only (dW1 right, db1
summed over the wrong axis; db D times too large), and one part's hint says
nothing about the others: so every other wrong part is diagnosed too, on its
own values (the catalogue first, then the fingerprints, each proven as
anywhere), and its hint is added, named by its part. Parts with the same hint
are named together; a part whose values prove nothing adds nothing.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from autograder import diagnosis
from autograder.captured import asarray as _asarray
from autograder.fingerprints import Clues, tag


@dataclass
class Part:
    """One wrong part of a result: its values, the right ones, and what the diagnosis needs.

    got, expected: arrays of one shape; mistake: its key in the catalogue
    ("backprop:backward/batch/db1"), or None; n: the batch size; clues: as for
    ``checking.expect_close``; seen: the result's other parts by catalogue key,
    which a catalogued mistake must match too (two mistakes may share one part's values).
    """

    got: np.ndarray
    expected: np.ndarray
    mistake: str | None = None
    n: int | None = None
    clues: Clues = field(default_factory=Clues)
    seen: dict[str, np.ndarray] = field(default_factory=dict)


def other_parts_hints(wrong: Mapping[str, Part], shown: str) -> str:
    """"\\nHint: db1: ..." lines for the wrong parts whose hint is proven and not already in ``shown``.

    wrong: the wrong parts by name, in the order they are reported; shown: the
    message so far (the first wrong part's, with its own hint).
    """
    by_hint: dict[tuple, list[str]] = {}
    for name, part in wrong.items():
        found = diagnosis.diagnose(part.mistake, _asarray(part.got, dtype=np.float64),
                                   _asarray(part.expected, dtype=np.float64), n=part.n, clues=part.clues,
                                   seen={k: _asarray(v, dtype=np.float64) for k, v in part.seen.items()})
        if found is not None:
            by_hint.setdefault((found.mistake_ids, found.text), []).append(name)
    lines = []
    for (ids, text), names in by_hint.items():
        if text in shown or all(f"{i}]" in shown or f"{i}," in shown for i in ids):
            continue  # the first part's own hint, or the same slip already named (a fact about the function)
        lines.append(f"\nHint: {' and '.join(names)}: {text} {tag(ids)}")
        shown += lines[-1]
    return "".join(lines)
