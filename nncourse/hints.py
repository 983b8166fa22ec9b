"""The hints as a classifier: which mistakes a failure message names, and whether they are right.

Every hint the autograder shows ends with a tag, "[mistake: id1, id2]"
(``autograder.fingerprints.tag``). This module reads the hints back from a
message or an nbgrader feedback page and judges them against the mutant that
produced them:

- a catalogued mistake (``solutions.mistakes``) is named by a hint that carries
  its id or contains its hint words (a check's own message may name it too);
- an unseen mistake (``solutions.unseen_mistakes``) is named by a hint that
  carries one of its ``truth`` ids.

Precision is the share of the hints shown that name the right mistake; recall
the share of mutants named.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

TAG = re.compile(r"\[mistake: ([^\]]+)\]")


@dataclass(frozen=True)
class Shown:
    """One hint as shown: its text (from "Hint:" or the end of the previous hint) and its ids."""

    text: str
    ids: tuple[str, ...]


def normal(text: str) -> str:
    return " ".join(text.split())


def shown_hints(message: str) -> list[Shown]:
    """Every tagged hint in ``message``, in order."""
    message = normal(message)
    found, start = [], 0
    for match in TAG.finditer(message):
        chunk = message[start: match.start()]
        text = chunk.rsplit("Hint:", 1)[-1].strip()
        found.append(Shown(text, tuple(i.strip() for i in match.group(1).split(","))))
        start = match.end()
    return found


def is_right(variant, hint: Shown) -> bool:
    """Whether ``hint`` names the slip of ``variant`` (a catalogued or unseen mistake)."""
    truth = getattr(variant, "truth", None)
    if truth is not None:
        return bool(set(hint.ids) & set(truth))
    words = getattr(variant, "hint", "")  # an alternative has none: any hint is wrong for it
    return variant.id in hint.ids or (bool(words) and normal(words) in hint.text)


@dataclass
class Verdict:
    """What the hints of one mutant's failing cells said."""

    hints: list[Shown]
    right: list[Shown]
    named: bool  # a right hint, or a catalogued mistake's words in the message

    @property
    def wrong(self) -> list[Shown]:
        return [h for h in self.hints if h not in self.right]


def judge(variant, messages: Iterable[str]) -> Verdict:
    """Judge the hints in the failure messages (or feedback texts) of one mutant's own cells."""
    messages = [normal(m) for m in messages]
    hints = list(dict.fromkeys(h for m in messages for h in shown_hints(m)))
    right = [h for h in hints if is_right(variant, h)]
    hint = getattr(variant, "hint", "")
    words = (getattr(variant, "truth", None) is None and bool(hint)
             and any(normal(hint) in m for m in messages))
    return Verdict(hints, right, bool(right) or words)


@dataclass
class Score:
    """Precision and recall of the hints over a set of mutants."""

    mutants: int = 0
    named: int = 0
    hints: int = 0
    right: int = 0

    def add(self, verdict: Verdict) -> None:
        self.mutants += 1
        self.named += verdict.named
        self.hints += len(verdict.hints)
        self.right += len(verdict.right)

    @property
    def precision(self) -> float:
        return self.right / self.hints if self.hints else 1.0

    @property
    def recall(self) -> float:
        return self.named / self.mutants if self.mutants else 1.0


def table(scores: dict[str, Score], title: str) -> str:
    """Precision and recall per notebook, then the total."""
    total = Score()
    lines = [f"{title:<18} {'mutants':>7} {'named':>6} {'recall':>7} {'hints':>6} {'right':>6} "
             f"{'precision':>9}"]
    for notebook, s in sorted(scores.items()):
        for k in ("mutants", "named", "hints", "right"):
            setattr(total, k, getattr(total, k) + getattr(s, k))
        lines.append(_row(notebook, s))
    lines.append(_row("total", total))
    return "\n".join(lines)


def _row(name: str, s: Score) -> str:
    return (f"{name:<18} {s.mutants:>7} {s.named:>6} {100 * s.recall:>6.0f}% {s.hints:>6} {s.right:>6} "
            f"{100 * s.precision:>8.0f}%")
