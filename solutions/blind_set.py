"""A set of mistakes written blind, as one object: its mistakes, alternatives, and their decorators.

The fourth to ninth sets each wrote their own pair of registering decorators; from the
tenth on a set is ``TENTH = BlindSet("tenth")`` and its entries are decorated with
``@TENTH.mistake(...)`` and ``@TENTH.alternative(...)``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from solutions.unseen_mistakes import UnseenMistake
from solutions.variants import Variant


@dataclass
class BlindSet:
    """The mistakes and alternatives of one blind set, ids "<blank>.<name>_<function name>".

    name: the set's name, as ``nncourse mutants --unseen NAME`` takes it.
    """

    name: str
    mistakes: list[UnseenMistake] = field(default_factory=list)
    alternatives: list[Variant] = field(default_factory=list)

    def mistake(self, notebook: str, blank: str, truth: tuple[str, ...],
                source: str) -> Callable[[Callable], Callable]:
        """Register the decorated function as a mistake of ``blank`` in ``solutions.<notebook>``.

        truth: the ids a right hint may carry (("unnamed",): none does); source: the slip in
        plain words and where it is reported, or "written blind".
        """
        def register(fn: Callable) -> Callable:
            self.mistakes.append(UnseenMistake(self._id(blank, fn), blank, notebook, fn, hint="",
                                               diagnosed=False, truth=truth, source=source))
            return fn
        return register

    def alternative(self, notebook: str, blank: str) -> Callable[[Callable], Callable]:
        """Register the decorated function as a correct answer of ``blank``: full marks, no hint."""
        def register(fn: Callable) -> Callable:
            self.alternatives.append(Variant(self._id(blank, fn), blank, notebook, fn))
            return fn
        return register

    def _id(self, blank: str, fn: Callable) -> str:
        return f"{blank}.{self.name}_{fn.__name__}"
