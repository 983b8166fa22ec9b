"""A notebook that shadows the course's modules (its check library, NumPy) gets nothing and is flagged.

The outside tester's student of 2026-12-02 wrote a fake ``autograder/`` package into the kernel's
working folder (every name a no-op that prints "values right") and dropped the cached modules
without naming ``sys.modules``; the next test cells imported the fake: a blank 04 scored 4/11
(``test_init_params``, a check that runs only in the kernel) and a blank 06 10/19, with no flag.
Now every module the installation provides resolves to the installation's own file in a graded
kernel, and the attempt is flagged ``monkeypatch``, which forfeits the notebook's test cells
(``nncourse/grading/integrity/audit_hook.py``, the import wall).

One run of the real ``nncourse grade`` on the real course, notebook 04 (small), for the tester's
student, the plain shadowing, a ``sys.path.insert`` variant, a fake NumPy, a module object put
into ``sys.modules``, and a perfect and a blank student beside them.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nncourse.notebooks import (
    RELEASE_DIR,
    ROOT,
    graded_cells,
    read,
    solved_release,
    with_solution,
    write_submission,
)

pytestmark = pytest.mark.nbgrader

NOTEBOOK = "04_forward_pass"
FIRST_BLANK = "init_params"
"""The notebook's first solution cell, where the students below put their code (before the stub)."""
FORFEIT = "this notebook changes the course's checks"

FAKE = '''
import os, pathlib, sys
def fake_package(folder, name, modules):
    """A package NAME in FOLDER whose every attribute is a no-op that claims success."""
    pkg = pathlib.Path(folder) / name
    pkg.mkdir(parents=True, exist_ok=True)
    stub = ("def __getattr__(name):\\n    if name.startswith('__'):\\n        raise AttributeError(name)\\n"
            "    return lambda *a, **k: print('\\u2713 ' + name + ': values right') or True\\n")
    for module in modules:
        try:
            (pkg / f"{module}.py").write_text(stub)
        except OSError as exc:
            print("not written:", type(exc).__name__)
def drop(top):
    modules = vars(sys)["mod" + "ules"]  # without naming sys.modules, as the tester did
    for key in [k for k in list(modules) if k.split(".")[0] == top]:
        modules.pop(key)
'''
AUTOGRADER = "'auto' + 'grader', ['__init__', 'checks', 'hidden', 'trusted']"
STUB = "\n"  # the cell's own stub follows
CHILD = f"fake_package(os.getcwd(), {AUTOGRADER})\n"

STUDENTS = {
    # the outside tester's: a fake check library in the working folder, the cached modules dropped
    "tester_fake_package_and_drop": f"fake_package(os.getcwd(), {AUTOGRADER})\ndrop('autograder')\n",
    # the same without the drop: the fake waits for the first import of a submodule
    "fake_package_no_drop": f"fake_package(os.getcwd(), {AUTOGRADER})\n",
    # the fake in the home folder, put first on sys.path
    "fake_package_on_sys_path": (f"lib = os.path.expanduser('~/lib')\nfake_package(lib, {AUTOGRADER})\n"
                                 "sys.path.insert(0, lib)\ndrop('autograder')\n"),
    # a fake NumPy (its comparisons pass anything) in the folder, NumPy and the checks dropped
    "fake_numpy": ("fake_package(os.getcwd(), 'num' + 'py', ['__init__', 'testing'])\n"
                   "drop('autograder')\ndrop('numpy')\n"),
    # the fake written by a child process (no audit hook there, so no write is seen), then the
    # checks dropped and imported again: only the import wall stands between them and the fake
    "fake_package_written_by_a_child_process": (
        f"import subprocess\nsubprocess.run([sys.executable, '-c', {FAKE + CHILD!r}], check=True)\n"
        "drop('autograder')\n"),
    # no file at all: a module object of its own put into sys.modules in place of the checks
    "module_object_in_sys_modules": (
        "import types\nfake = types.ModuleType('autograder.checks')\n"
        "fake.__getattr__ = lambda name: (lambda *a, **k: print('values right'))\n"
        "vars(sys)['mod' + 'ules']['autograder.checks'] = fake\n"),
    # no import at all: a check replaced in its module's dict (no assignment a scan reads)
    "check_replaced_in_the_module_dict": (
        "import autograder.checks\n"
        "vars(vars(autograder)['checks'])['check_init_params'] = lambda *a, **k: print('values right')\n"),
    # the second outside test (H20p): the modules' class swapped, vars(module) left as it was
    "module_class_replaced": (
        "import autograder.checks, autograder.hidden\n"
        "class _M(type(sys)):\n"
        "    def __getattribute__(self, n):\n"
        "        if n.startswith('check_') or n == 'hidden_check':\n"
        "            return lambda *a, **k: print('values right')\n"
        "        return super().__getattribute__(n)\n"
        "for _m in (sys.modules['autograder.checks'], sys.modules['autograder.hidden']):\n"
        "    _m.__class__ = _M\n"),
}

#: patches of IPython's machinery that reports errors (the outside tester's h01 and h02): they earn
#: nothing (the worker judges), but they are patches of the machinery, flagged like the others
IPYTHON_PATCHES = {
    "ipython_custom_exception_handler": (
        "get_ipython().set_custom_exc((Exception,), lambda shell, etype, value, tb, tb_offset=None: None)\n"),
    "ipython_showtraceback_replaced": (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "InteractiveShell.showtraceback = lambda self, *a, **k: None\n"),
    # the second outside test (H20p): the test cells rewritten to `pass` before they run (4/11, no flag)
    "ipython_input_transformer_empties_the_checks": (
        "get_ipython().input_transformers_cleanup.append(\n"
        "    lambda lines: ['pass\\n'] if any('check_' in line for line in lines) else lines)\n"),
    "ipython_ast_transformer_empties_the_checks": (
        "import ast\n"
        "class _Empty(ast.NodeTransformer):\n"
        "    def visit_Module(self, node):\n"
        "        return ast.Module([ast.Pass()], []) if 'check_' in ast.unparse(node) else node\n"
        "get_ipython().ast_transformers.append(_Empty())\n"),
}

#: an honest perfect notebook that reloads the check library: the installation's own files run
#: again, nothing is replaced (the second outside test: it forfeited, 0/11)
RELOAD = "import importlib, autograder.checks, autograder.data\nimportlib.reload(autograder.checks)\n" \
         "importlib.reload(autograder.data)\n"

#: wrong answers that show each test cell's points as a value while the check runs: nbgrader read
#: the first value as the cell's partial credit and never saw the failed check after it (11/11)
SHOWN_POINTS = {
    "init_params": "import sys\ndef init_params(n_in, n_hidden, n_out=1, seed=0):\n"
                   "    sys.displayhook(4.0)\n    return {}\n",
    "forward": "import sys\ndef forward(X, params):\n    sys.displayhook(7.0)\n    return None, {}\n",
}


def _blank_with(code: str):
    """The released (blank) notebook with CODE put before the stub of its first solution cell."""
    nb = read(RELEASE_DIR / f"{NOTEBOOK}.ipynb")
    stub = next(c.source for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get(
        "grade_id") == FIRST_BLANK)
    return with_solution(nb, FIRST_BLANK, FAKE + code + STUB + stub)


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> tuple[dict, Path, subprocess.CompletedProcess]:
    root = tmp_path_factory.mktemp("shadowing")
    subs = root / "submissions"
    write_submission(subs / "aa_perfect", {NOTEBOOK: solved_release(NOTEBOOK)})
    write_submission(subs / "ab_blank", {NOTEBOOK: read(RELEASE_DIR / f"{NOTEBOOK}.ipynb")})
    perfect = solved_release(NOTEBOOK)
    solution = next(c.source for c in perfect.cells
                    if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == FIRST_BLANK)
    write_submission(subs / "ac_perfect_that_reloads",
                     {NOTEBOOK: with_solution(perfect, FIRST_BLANK, RELOAD + solution)})
    for name, code in {**STUDENTS, **IPYTHON_PATCHES}.items():
        write_submission(subs / name, {NOTEBOOK: _blank_with(code)})
    shown = read(RELEASE_DIR / f"{NOTEBOOK}.ipynb")
    for grade_id, code in SHOWN_POINTS.items():
        shown = with_solution(shown, grade_id, code)
    write_submission(subs / "points_shown_as_a_value", {NOTEBOOK: shown})
    out = root / "out"
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    command = [sys.executable, "-m", "nncourse", "grade", str(subs), "--out", str(out),
               "--workers", "2", "--timeout", "30"]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return json.loads((out / "results.json").read_text())["students"], out, run


def _entry(results: dict, student: str) -> dict:
    return results[student]["notebooks"][NOTEBOOK]


def _feedback(out: Path, student: str) -> str:
    page = (out / "feedback" / student / f"{NOTEBOOK}.html").read_text()
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_a_perfect_and_a_blank_student_beside_them_score_as_before(graded):
    results, _, _ = graded
    full = sum(cell.max_points for cell in graded_cells(NOTEBOOK))
    for student, score in (("aa_perfect", full), ("ab_blank", 0)):
        entry = _entry(results, student)
        assert entry["score"] == score, (student, [c["message"][:200] for c in entry["cells"]])
        assert not entry["flags"], (student, entry["flags"])
    reloads = _entry(results, "ac_perfect_that_reloads")
    assert reloads["score"] == full, [c["message"][:200] for c in reloads["cells"]]
    assert "monkeypatch" not in {f["code"] for f in reloads["flags"]}, reloads["flags"]


@pytest.mark.parametrize("student", sorted(STUDENTS))
def test_a_notebook_that_shadows_the_course_s_modules_earns_nothing_and_is_flagged(graded, student):
    results, out, _ = graded
    entry = _entry(results, student)
    cells = {c["grade_id"]: (c["status"], c["points"], c["message"][:160]) for c in entry["cells"]}
    assert entry["score"] == 0, cells  # before: the tester's scored 4/11 (test_init_params)
    codes = {f["code"] for f in entry["flags"]}
    assert "monkeypatch" in codes, entry["flags"]  # before: no flag at all
    said = " ".join(f["detail"] for f in entry["flags"] if f["code"] == "monkeypatch")
    assert "at run time:" in said and ("autograder" in said or "numpy" in said), said
    assert all(FORFEIT in message for _, _, message in cells.values()), cells
    page = _feedback(out, student)
    assert FORFEIT in page and "every test cell scores 0" in page


@pytest.mark.parametrize("student", sorted(IPYTHON_PATCHES))
def test_a_patch_of_ipython_s_error_reporting_earns_nothing_and_is_flagged(graded, student):
    results, _, _ = graded
    entry = _entry(results, student)
    assert entry["score"] == 0, [c["message"][:160] for c in entry["cells"]]
    said = [f["detail"] for f in entry["flags"] if f["code"] == "monkeypatch"]
    assert any("IPython's machinery changed" in d for d in said), entry["flags"]  # before: no flag
    assert all(FORFEIT in c["message"] for c in entry["cells"]), entry["cells"]


def test_a_value_a_test_cell_shows_is_never_its_score(graded):
    """Not import shadowing, found beside it: nbgrader's partial credit read before the verdict."""
    results, _, _ = graded
    entry = _entry(results, "points_shown_as_a_value")
    cells = {c["grade_id"]: (c["status"], c["points"]) for c in entry["cells"]}
    assert entry["score"] == 0, cells  # before: 11/11, both checks failed
    assert {status for status, _ in cells.values()} == {"failed"}, cells


# -- the wall's parts, in an interpreter started like a grading kernel (cheap) ---------------------

HOOKED = """import importlib.util, sys
sys.path.remove('')  # python -c put the working folder first; the kernel's start path has it later
spec = importlib.util.spec_from_file_location('audit_hook', {hook!r})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
module.install()
import numpy, autograder, autograder.data  # as the fork server and the notebook's first cell have them
sys.path.insert(0, '')  # as IPython has it: the notebook's folder first
def cell(code):
    exec(compile(code, '/tmp/ipykernel_1/cell.py', 'exec'), globals())
cell('pass')  # the first cell arms the hook
"""
#: a fake check library already in the notebook's folder (as a child process would leave it)
PLANTED = {"autograder/__init__.py": "FAKE = True\n", "autograder/checks.py": "FAKE = True\n",
           "numpy/__init__.py": "FAKE = True\n"}
WHERE = "cell('import autograder.checks as C, numpy.linalg as L; print(C.__file__, L.__file__)')\n"


def _kernel_like(folder: Path, code: str, plant: bool = True) -> tuple[subprocess.CompletedProcess, list]:
    """CODE run after HOOKED in FOLDER (the notebook's folder, holding PLANTED unless not PLANT);
    the audit's findings."""
    from nncourse.grading.integrity import audit
    from nncourse.grading.integrity.audit_hook import CONFIG_ENV

    for name, text in PLANTED.items() if plant else ():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    channel = audit.Channel.open(folder)
    config = os.environ.pop(CONFIG_ENV)
    hook = Path(audit.__file__).with_name("audit_hook.py")
    run = subprocess.run([sys.executable, "-c", HOOKED.format(hook=str(hook)) + code], cwd=folder,
                         env=dict(os.environ, **{CONFIG_ENV: config}), capture_output=True, text=True,
                         timeout=120)
    return run, channel.close([])


DROP_CHECKS = "[sys.modules.pop(k) for k in [k for k in sys.modules if k.startswith('autograder')]]\n"
ROUTES_AROUND_THE_GUARD = {
    "guard_class_changed": "type(sys.meta_path[0]).find_spec = lambda *a: None\n" + DROP_CHECKS,
    "dropped": "drop = [k for k in sys.modules if k.split('.')[0] in ('autograder', 'numpy')]\n"
               "[sys.modules.pop(k) for k in drop]\n",
    "importer_cache_poisoned": (
        "import importlib.machinery as M\n"
        "for entry in list(sys.path_importer_cache):\n"
        "    sys.path_importer_cache[entry] = M.FileFinder(HERE, (M.SourceFileLoader, ['.py']))\n"
        "[sys.modules.pop(k) for k in [k for k in sys.modules if k.startswith('autograder')]]\n"),
    "sys_audit_rebound": ("sys.audit = lambda *a: None\n" + DROP_CHECKS),
    "finder_put_first": (
        "import importlib.machinery as M\n"
        "sys.meta_path.insert(0, type('F', (), {'find_spec': staticmethod(lambda n, p=None, t=None: "
        "M.PathFinder.find_spec(n, [HERE]))})())\n"
        "[sys.modules.pop(k) for k in [k for k in sys.modules if k.startswith('autograder')]]\n"),
    "parent_path_extended": "autograder.__path__.insert(0, HERE + '/autograder')\n",
}


@pytest.mark.parametrize("route", sorted(ROUTES_AROUND_THE_GUARD))
def test_every_route_around_the_guard_still_imports_the_installation_s_modules_and_is_flagged(
        tmp_path, route):
    code = f"HERE = {str(tmp_path)!r}\n" + ROUTES_AROUND_THE_GUARD[route]
    run, found = _kernel_like(tmp_path, f"cell({code!r})\n" + WHERE)
    assert run.returncode == 0, run.stderr[-2000:]
    files = run.stdout.split()
    assert len(files) == 2 and not any(f.startswith(str(tmp_path)) for f in files), run.stdout
    assert "monkeypatch" in {f["route"] for f in found}, found


def test_the_guard_s_code_cannot_be_changed(tmp_path):
    code = ("guard = sys.meta_path[0]\n"
            "for change in (lambda: setattr(type(guard).find_spec, '__code__', (lambda: None).__code__),\n"
            "               lambda: setattr(type(guard).find_spec, '__defaults__', (None, None, print))):\n"
            "    try:\n        change()\n    except PermissionError:\n        print('refused')\n")
    run, found = _kernel_like(tmp_path, f"cell({code!r})\n", plant=False)
    assert run.stdout.split() == ["refused"] * 2, run.stdout + run.stderr[-2000:]
    assert [f["route"] for f in found] == ["monkeypatch"] * 2, found


def test_a_notebook_s_own_modules_and_the_installation_s_import_as_usual_without_a_flag(tmp_path):
    code = ("open(HERE + '/helpers.py', 'w').write('def twice(x):\\n    return 2 * x\\n')\n"
            "import helpers, json.decoder, numpy.linalg, autograder.checks, six.moves\n"
            "print(helpers.twice(2))\n")
    run, found = _kernel_like(tmp_path, f"HERE = {str(tmp_path)!r}\n" + f"cell({code!r})\n", plant=False)
    assert run.returncode == 0 and run.stdout.split() == ["4"], run.stdout + run.stderr[-2000:]
    assert not found, found
