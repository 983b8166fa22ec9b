"""Correct implementations that differ from the reference: the grader must be fair to them.

Instructor side only; one module per notebook. At least two per blank, written
the way students do: loops instead of vectorised code, another valid eps,
np.where instead of np.maximum, sigmoid through tanh, in-place updates on
copies. Like the mistakes, each is a real function whose code can replace its
blank's solution cell (``Variant.code``), using only names its notebook
defines; every one must pass its check, its hidden tests and the real nbgrader
autograde with full marks. Imported here in teaching order, the order of
``ALTERNATIVES``.
"""

import importlib

from autograder.blanks import notebooks
from solutions.variants import ALTERNATIVES, Variant

for _module in notebooks().values():
    importlib.import_module(f"solutions.alternatives.{_module}")

__all__ = ["ALTERNATIVES", "Variant"]
