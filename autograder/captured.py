"""The NumPy functions and builtins the check library uses, captured once, genuine even if rebound.

The checks, the fingerprints and the diagnosis judge a student's results inside
the student's own kernel, after the notebook's code has run. A notebook that
rebinds ``np.allclose``, ``np.isclose``, ``isinstance`` or ``print`` (on
purpose or by accident) must not change how its results are judged or
reported, so every module of the check library takes these names from here.
They are bound when ``autograder`` is first imported, which may be after student
code ran (notebooks 01 to 03 import NumPy alone before their first blank): so each
NumPy name is taken where NumPy itself defines it (``genuine``: a Python function of
NumPy's own files, or an object of its compiled core), never trusted from the ``np``
namespace a notebook can rebind; a name found rebound at import is recorded in
:data:`REBOUND` (``checking`` reports it to the grader with later replacements, see
``checking._report_tampering``).
"""

import builtins
import copy
import inspect
import os
import sys
from typing import Any

import numpy as np

_NUMPY_DIR = os.path.dirname(os.path.abspath(np.__file__)) + os.sep
_CORE = sys.modules["numpy._core._multiarray_umath"]
_DISPATCHER = _CORE._ArrayFunctionDispatcher
#: the public names (np.allclose, ...) that were not NumPy's own when this module was imported
REBOUND: list[str] = []


def _is_numpys(obj: Any) -> bool:
    """Whether ``obj`` is NumPy's own: a function or class of NumPy's files, or of its compiled core."""
    if type(obj) is _DISPATCHER:  # NumPy 2's wrapper of a public function: judged by what it wraps
        return _is_numpys(obj.__wrapped__)
    code = getattr(obj, "__code__", None)  # a Python function's own code (a wrapper's is its own file)
    if code is not None:
        return os.path.abspath(code.co_filename).startswith(_NUMPY_DIR)
    if isinstance(obj, type) and obj.__module__ != "builtins":
        try:
            return os.path.abspath(inspect.getfile(obj)).startswith(_NUMPY_DIR)
        except TypeError:  # a class of the compiled core (np.ndarray)
            return getattr(_CORE, obj.__name__, None) is obj
    name = getattr(obj, "__name__", None)
    return isinstance(name, str) and getattr(_CORE, name, None) is obj  # a ufunc or a C function


def genuine(name: str, public: Any) -> Any:
    """NumPy's own object for ``public`` (np.<name> as found now): itself when it is NumPy's, else the
    object of that name that a module of NumPy's still holds (a notebook rebinds ``np.<name>``, not
    the module that defines it)."""
    if _is_numpys(public):
        return public
    for module_name, module in sorted(sys.modules.items()):
        found = getattr(module, name, None) if module_name.startswith("numpy.") and module else None
        if found is not None and _is_numpys(found):
            return found
    return public  # NumPy itself was changed: nothing genuine is left to take


def _np(name: str, owner: Any = np) -> Any:
    public = getattr(owner, name)
    if not _is_numpys(public):
        REBOUND.append(f"{owner.__name__}.{name}")
    return genuine(name, public)


ndarray = np.ndarray
float64 = np.dtype(np.float64)

asarray = _np("asarray")
isfinite = _np("isfinite")
absolute = _np("abs")
argmax = _np("argmax")
array_equal = _np("array_equal")
allclose = _np("allclose")
isclose = _np("isclose")
array2string = _np("array2string")
unravel_index = _np("unravel_index")
errstate = _np("errstate")
broadcast_to = _np("broadcast_to")
median = _np("median")
where = _np("where")
full = _np("full")
sqrt = _np("sqrt")
sign = _np("sign")
concatenate = _np("concatenate")
lstsq = _np("lstsq", np.linalg)
matrix_rank = _np("matrix_rank", np.linalg)
shares_memory = _np("shares_memory")
floor = _np("floor")
zeros = _np("zeros")
stack = _np("stack")
exp = _np("exp")
trunc = _np("trunc")
rint = _np("rint")
maximum = _np("maximum")
#: Elementwise functions a formula may hold in place of the one it names (``fingerprints``).
ELEMENTWISE = {f"np.{name}": _np(name) for name in (
    "tan", "tanh", "sin", "cos", "arctan", "exp", "expm1", "log", "log10", "log2", "log1p", "sqrt", "abs",
    "square", "sign")}

type_ = builtins.type
isinstance_ = builtins.isinstance
issubclass_ = builtins.issubclass
print_ = builtins.print
float_ = builtins.float
repr_ = builtins.repr
deepcopy = copy.deepcopy
