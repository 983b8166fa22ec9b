"""A NameError in a notebook cell names the near name the notebook does define (``def sigmod``).

A check cell calls the student's function by its blank's name, ``check_sigmoid(sigmoid)``: when
the student defined ``sigmod``, the cell raises NameError before any check runs, so no check can
explain it. Importing ``autograder`` in a kernel gives IPython a handler for NameError that shows
the usual traceback and, when the notebook defines a name close to the missing one, one line
more. Outside IPython (plain Python, the grader's own processes) nothing is installed.
"""

import difflib
from collections.abc import Iterable

from autograder.captured import isinstance_ as _isinstance

#: How close a defined name must be to count as the one meant (difflib's ratio).
CUTOFF = 0.8


def near_name(name: str, defined: Iterable[str]) -> str | None:
    """The defined name closest to ``name`` (a typo of it, either way round), or None. Also the
    error hints' (``error_hints._name_hint``), for a name the student's own code misspells."""
    candidates = [k for k in defined if _isinstance(k, str) and not k.startswith("_") and k != name]
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=CUTOFF)
    return close[0] if close else None


def hint(name: str | None, defined: Iterable[str]) -> str | None:
    """The line added under the traceback, or None when no defined name is near."""
    near = near_name(name, defined) if name else None
    if near is None:
        return None
    return (f"Hint: `{name}` is not defined, and the notebook defines `{near}`: is `{near}` a typo "
            f"for `{name}`? A check calls your function by the name the blank gives it.")


def _handler(shell, etype, value, tb, tb_offset=None) -> None:
    # IPython shows nothing of a custom handler's result: the handler shows the error itself, as
    # showtraceback does (ipykernel sends it as the cell's error output, with ename and evalue)
    stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    line = hint(getattr(value, "name", None), list(shell.user_ns))
    shell._showtraceback(etype, value, [*stb, line] if line else stb)


def install() -> None:
    """Give the running IPython shell the NameError handler (nothing outside IPython, nothing when a
    handler for other exceptions is already set: it is not ours to replace)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or shell.custom_exceptions not in ((), (NameError,)):
        return
    shell.set_custom_exc((NameError,), _handler)
