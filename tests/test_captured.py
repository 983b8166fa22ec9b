"""The check library judges with NumPy's own functions, even where a notebook rebound them first.

Notebooks 01 to 03 import NumPy alone before their first blank, so student code can run
before ``autograder`` is first imported. Each test runs in a fresh interpreter, where the
rebinding happens before the import, as it would in such a notebook.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                          text=True, env={"PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_a_clean_kernel_has_nothing_rebound():
    assert run("""
        import autograder.captured as c, numpy as np
        print(c.REBOUND, c.allclose is np.allclose, c.where is np.where, c.ELEMENTWISE["np.abs"] is np.abs)
    """) == ["[] True True True"]


def test_numpy_rebound_before_the_first_import_is_not_what_judges():
    out = run("""
        import functools
        import numpy as np
        real_allclose, real_where = np.allclose, np.where
        np.allclose = lambda *a, **k: True                       # "everything matches"
        np.isfinite = np.frompyfunc(lambda x: True, 1, 1)        # a ufunc, but not NumPy's
        np.where = functools.wraps(real_where)(lambda *a: real_where(*a))  # wraps the real one
        import autograder.captured as c
        from blanks import mistakes_of
        import autograder.checking as ck
        print(c.allclose is real_allclose, c.where is real_where, c.isfinite is np._core.umath.isfinite)
        print(mistakes_of("relu", lambda x: x)[0])
        ck._report_tampering()
    """)
    assert out[0] == "True True True"
    assert out[1] == "('fp.returns_input',)"  # not the catalogue's relu_abs, as with np.allclose always True
    assert out[2].endswith("replaced numpy.allclose, numpy.isfinite, numpy.where")
