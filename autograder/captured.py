"""The NumPy functions and builtins the check library uses, captured once, before student code runs.

The checks, the fingerprints and the diagnosis judge a student's results inside
the student's own kernel, after the notebook's code has run. A notebook that
rebinds ``np.allclose``, ``np.isclose``, ``isinstance`` or ``print`` (on
purpose or by accident) must not change how its results are judged or
reported, so every module of the check library takes these names from here:
they are bound when ``autograder`` is imported, which the notebook does in its
first cell, before any student code. (``checking`` also reports a replaced
NumPy comparison to the grader, see ``checking._report_tampering``.)
"""

import builtins
import copy

import numpy as np

ndarray = np.ndarray
float64 = np.dtype(np.float64)

asarray = np.asarray
isfinite = np.isfinite
absolute = np.abs
argmax = np.argmax
array_equal = np.array_equal
allclose = np.allclose
isclose = np.isclose
array2string = np.array2string
unravel_index = np.unravel_index
errstate = np.errstate
broadcast_to = np.broadcast_to
median = np.median
where = np.where
full = np.full
sqrt = np.sqrt
sign = np.sign
concatenate = np.concatenate
lstsq = np.linalg.lstsq
matrix_rank = np.linalg.matrix_rank
shares_memory = np.shares_memory
floor = np.floor
zeros = np.zeros
stack = np.stack
exp = np.exp
trunc = np.trunc
rint = np.rint
#: Elementwise functions a formula may hold in place of the one it names (``fingerprints``).
ELEMENTWISE = {"np.tan": np.tan, "np.tanh": np.tanh, "np.sin": np.sin, "np.cos": np.cos,
               "np.arctan": np.arctan, "np.exp": np.exp, "np.expm1": np.expm1, "np.log": np.log,
               "np.log10": np.log10, "np.log2": np.log2, "np.log1p": np.log1p, "np.sqrt": np.sqrt,
               "np.abs": np.abs, "np.square": np.square, "np.sign": np.sign}

type_ = builtins.type
isinstance_ = builtins.isinstance
issubclass_ = builtins.issubclass
print_ = builtins.print
float_ = builtins.float
repr_ = builtins.repr
deepcopy = copy.deepcopy
