"""The catalogue of known mistakes: small buggy variants of the reference, one module per notebook.

Instructor side only, like the rest of ``solutions``: these are near-solutions.
Each entry is a function whose code can replace its blank's solution cell
(``solutions.variants`` says how). The modules are imported here in teaching
order, which is the order of ``MISTAKES`` (and of the stored fixtures).

Two kinds of entries:

- ``@diagnosed(notebook, blank, hint)``: the ``autograder`` recognises the
  mistake from data, each mutant's outputs on the fixture inputs
  (``autograder/fixtures/mistakes.npz``, written by ``python -m nncourse.fixtures``),
  and shows ``hint`` after "Hint:". The students' package never sees this code.
- ``@mistake(notebook, blank, phrase)``: the check's own message names the
  mistake (a warning, a shape, a property); ``phrase`` is words it contains.
"""

import importlib

from autograder.blanks import notebooks
from solutions.variants import CONSTANTS, MISTAKES, Mistake, Variant

for _module in notebooks().values():
    importlib.import_module(f"solutions.mistakes.{_module}")

__all__ = ["CONSTANTS", "MISTAKES", "Mistake", "Variant"]
