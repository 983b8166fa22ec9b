"""Benchmark: what the runtime audit's import wall costs each import in a graded kernel.

``python tests/benchmarks/bench_import_wall.py [--hook FILE] [--repeat 2000]`` starts an
interpreter like a grading kernel (the audit hook of FILE installed, default this checkout's
``nncourse/grading/integrity/audit_hook.py``, its first cell run so the hook is armed; ``--hook
none``: no hook), its working folder a temporary notebook folder, and times, median of REPEAT:

- ``stdlib``: ``import colorsys`` after dropping it from ``sys.modules`` (found and loaded again:
  a module of the installation, the guard's search and the shadow look-up);
- ``own``: the same for a module of the notebook's own folder (not the installation's: the guard
  lets it pass);
- ``missing``: an import of a name nobody provides (the whole search, nothing loaded);
- ``cached``: ``import numpy`` already imported (no finder runs, no audit event);
- ``open``: ``open`` of a small data file in the notebook's folder;
- ``cell``: the start of a notebook cell (an empty one), where the hook checks the guard, the
  modules of ``autograder`` and NumPy, the check library's functions and IPython's machinery.

Pass ``--hook`` the file of another revision (``git show main:nncourse/.../audit_hook.py >
/tmp/old.py``) to compare before and after. It prints microseconds; nothing asserts speed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PROGRAM = """
import importlib.util, json, os, statistics, sys, time
sys.path.remove('')
HOOK = {hook!r}
if HOOK != 'none':
    spec = importlib.util.spec_from_file_location('audit_hook', HOOK)
    module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module); module.install()
import numpy, autograder, autograder.checks
sys.path.insert(0, '')
CELL = compile('pass', '/tmp/ipykernel_1/cell.py', 'exec')
exec(compile('pass', '/tmp/ipykernel_1/cell.py', 'exec'))  # the first cell: the hook arms
open('helpers_own.py', 'w').write('X = 1\\n')
open('data.txt', 'w').write('x')

def timed(statement, before=None):
    code = compile(statement, '<bench>', 'exec')
    times = []
    for _ in range({repeat}):
        if before:
            before()
        start = time.perf_counter()
        try:
            exec(code, {{'CELL': CELL}})
        except ImportError:
            pass
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6

drop = lambda name: (lambda: sys.modules.pop(name, None))
print(json.dumps({{
    'stdlib': timed('import colorsys', drop('colorsys')),
    'own': timed('import helpers_own', drop('helpers_own')),
    'missing': timed('import no_such_module_anywhere'),
    'cached': timed('import numpy'),
    'open': timed('open("data.txt").close()'),
    'cell': timed('exec(CELL)'),
}}))
"""


def measure(hook: str, repeat: int) -> dict[str, float]:
    """Median microseconds per operation in an interpreter with HOOK (or ``none``)."""
    from nncourse.grading.integrity import audit
    from nncourse.grading.integrity.audit_hook import CONFIG_ENV

    hook = hook if hook == "none" else os.path.abspath(hook)
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    env = dict(os.environ)
    channel = None
    if hook != "none":
        channel = audit.Channel.open(folder)
        env[CONFIG_ENV] = os.environ.pop(CONFIG_ENV)
    run = subprocess.run([sys.executable, "-c", PROGRAM.format(hook=hook, repeat=repeat)], cwd=folder,
                         env=env, capture_output=True, text=True, timeout=600)
    if run.returncode:
        raise SystemExit(run.stderr[-3000:])
    if channel is not None:
        channel.close([])
    return json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hook", default=str(ROOT / "nncourse/grading/integrity/audit_hook.py"))
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    figures = measure(args.hook, args.repeat)
    print(f"hook: {args.hook}")
    for name, micros in figures.items():
        print(f"  {name:8s} {micros:9.1f} us")


if __name__ == "__main__":
    main()
