"""The hidden tests' comparison outside the kernel, its fallback in the kernel, and the runtime audit.

The whole route (real nbgrader, real kernels in the sandbox, the audit hook in the
fork server's children) is exercised by ``tests/test_corpus.py``; these tests pin
the parts: the data codec, the verdicts, the in-kernel fallback, and the audit
hook in a real interpreter writing to a real channel.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import nbformat
import numpy as np
import pytest
from nbformat import NotebookNode

from autograder import hidden, trusted
from autograder.answers import ANSWER_MIME, INPUTS_ENV, Opaque, decode, encode
from autograder.checking import CheckFailed
from autograder.trusted import HiddenCall, draw, hidden_calls
from nncourse.grading.integrity import audit
from nncourse.grading.integrity.audit_hook import CONFIG_ENV
from nncourse.grading.integrity.reference import Expected, verdict


def test_values_survive_the_codec_with_their_types():
    values = [np.arange(6.0).reshape(2, 3), np.float32(1.5), np.int64(3), 2, 0.1, float("nan"), True,
              None, "s", (1, [2.0]), {"W1": np.ones((2, 2)), 3: np.array([1, 0])}]
    for value in values:
        back = decode(json.loads(json.dumps(encode(value))))
        assert type(back) is type(value), value
        if isinstance(value, np.ndarray):
            assert back.dtype == value.dtype and np.array_equal(back, value)
    assert np.isnan(decode(encode(float("nan"))))


def test_anything_else_comes_back_as_an_opaque_value_that_equals_nothing():
    class AlwaysEqual:
        def __eq__(self, other):
            return True

    back = decode(encode(AlwaysEqual()))
    assert isinstance(back, Opaque) and type(back).__name__ == "AlwaysEqual"
    with pytest.raises(CheckFailed):
        hidden.compare(back, np.zeros(3), "x")
    with pytest.raises(ValueError):
        decode({"kind": "array", "dtype": "|O", "shape": [1], "data": ""})  # no objects, ever


def test_the_hidden_calls_of_a_test_cell_in_order():
    source = 'check_x(x)\n### BEGIN HIDDEN TESTS\nhidden_check("sigmoid", sigmoid, seed=11)\n' \
             'hidden_check("init_params", init_params, seed=3)\nhidden_check("relu", relu, 12)\n'
    assert hidden_calls(source) == [HiddenCall("sigmoid", 11), HiddenCall("relu", 12)]  # properties stay


def _answer(call: HiddenCall, outputs: list) -> NotebookNode:
    data = {"blank": call.blank, "seed": call.seed, "seal": [], "outputs": [encode(o) for o in outputs]}
    return NotebookNode(output_type="display_data", data={ANSWER_MIME: data}, metadata={})


def _state(outputs: dict) -> Expected:
    return Expected(checks=trusted, outputs=outputs)


def _run_student(call: HiddenCall, fn) -> tuple[list, list]:
    cases, expected = draw(call)
    return [fn(*a, **k) for a, k in cases], expected


def test_right_answers_pass_and_a_wrong_one_fails_with_the_hint():
    call = HiddenCall("sigmoid", 11)
    right, expected = _run_student(call, lambda x: 1 / (1 + np.exp(-x)))
    outputs = verdict([_answer(call, right)], [call], _state({call.key: expected}))
    assert [o.output_type for o in outputs] == ["stream"]
    assert outputs[0].text == hidden.passed_line("sigmoid") + "\n"
    wrong, _ = _run_student(call, lambda x: 1 / (1 + np.exp(x)))  # a sign flip
    outputs = verdict([_answer(call, wrong)], [call], _state({call.key: expected}))
    assert outputs[-1].output_type == "error" and outputs[-1].ename == "CheckFailed"
    assert "has the wrong values" in outputs[-1].evalue and "expected:" in outputs[-1].evalue
    assert "[mistake: fp.complement]" in outputs[-1].evalue  # the fingerprint's hint reaches the student


def test_a_missing_malformed_or_foreign_answer_fails_the_cell():
    call, other = HiddenCall("sigmoid", 11), HiddenCall("relu", 12)
    right, expected = _run_student(call, lambda x: 1 / (1 + np.exp(-x)))
    expected_of = _state({call.key: expected})
    printed = NotebookNode(output_type="stream", name="stdout", text="✓ sigmoid (hidden tests): right\n")
    for outputs in ([], [printed], [_answer(other, right)],
                    [NotebookNode(output_type="display_data", data={ANSWER_MIME: {"blank": "sigmoid"}})]):
        judged = verdict(outputs, [call], expected_of)
        assert judged[-1].output_type == "error", outputs
    stopped = NotebookNode(output_type="error", ename="NameError", evalue="x", traceback=[])
    assert verdict([stopped], [call], expected_of) == [stopped]  # the kernel stopped before it: as is


def test_in_kernel_fallback_compares_with_the_reference(monkeypatch):
    monkeypatch.delenv(INPUTS_ENV, raising=False)
    hidden.hidden_check("sigmoid", lambda x: 1 / (1 + np.exp(-x)), seed=11)
    with pytest.raises(CheckFailed, match="wrong values"):
        hidden.hidden_check("sigmoid", lambda x: 1 / (1 + np.exp(x)), seed=11)


def test_with_the_grader_the_kernel_sends_outputs_and_never_imports_the_reference(tmp_path):
    call = HiddenCall("sigmoid", 11)
    cases, _ = draw(call)
    inputs = tmp_path / "inputs.json"
    inputs.write_text(json.dumps({call.key: [[encode(a), encode(k)] for a, k in cases]}))
    script = textwrap.dedent("""
        import sys
        import numpy as np
        from autograder.hidden import hidden_check
        hidden_check("sigmoid", lambda x: 1 / (1 + np.exp(-x)), seed=11)
        print("REFERENCE IMPORTED" if any(m.startswith("solutions") for m in sys.modules) else "CLEAN")
    """)
    env = dict(os.environ, **{INPUTS_ENV: str(inputs)})
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert ANSWER_MIME in run.stdout and run.stdout.strip().endswith("CLEAN")
    assert "right on fresh random inputs" not in run.stdout  # the kernel learns no verdict


ATTACKS = """
import importlib, os, socket, subprocess, glob, gc, ctypes
compile("pass", "/tmp/ipykernel_1/cell.py", "exec")
exec(compile("x = 1", "/tmp/ipykernel_1/cell.py", "exec"))  # the first cell: the hook arms
for attempt in (
    lambda: importlib.import_module("".join(reversed("snoitulos"))),
    lambda: open(os.path.join(REFERENCE, "losses.py")).read(),
    lambda: socket.socket().connect(("127.0.0.1", 9)),
    lambda: subprocess.run(["true"]),
    lambda: glob.glob(HERE + "/**/gradebook.db", recursive=True),
    lambda: ctypes.CDLL(None),
    lambda: gc.get_objects(),
):
    try:
        attempt()
    except Exception as exc:
        print(type(exc).__name__)
"""


def _hooked(tmp_path, code: str, notebook_folder=None,
            protected=()) -> tuple[subprocess.CompletedProcess, list[dict]]:
    """CODE run in an interpreter started like a grading kernel, with the hook; the findings.

    The kernel's own folder is NOTEBOOK_FOLDER (default TMP_PATH); TMP_PATH/course is the grader's;
    PROTECTED, the grader's files there the kernel may only read."""
    channel = audit.Channel.open(notebook_folder or tmp_path, grader_dirs=[str(tmp_path / "course")],
                                 protected=list(protected))
    config = os.environ.pop(CONFIG_ENV)
    hook = os.path.join(os.path.dirname(audit.__file__), "audit_hook.py")
    script = ("import importlib.util\n"  # by path, as the launcher runs it: stdlib only
              f"spec = importlib.util.spec_from_file_location('audit_hook', {hook!r})\n"
              "module = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(module)\n"
              "module.install()\n")
    reference = os.path.dirname(audit._secret_dirs(("solutions",))[0] + "/")
    script += f"REFERENCE = {reference!r}\nHERE = {str(tmp_path)!r}\n" + code
    run = subprocess.run([sys.executable, "-c", script], env=dict(os.environ, **{CONFIG_ENV: config}),
                         capture_output=True, text=True, timeout=120)
    return run, channel.close([])


def test_the_audit_hook_records_every_route_and_refuses_the_reference(tmp_path):
    run, found = _hooked(tmp_path, ATTACKS)
    assert run.returncode == 0, run.stderr
    refused = run.stdout.split()[:2]  # refused, not only seen (by name or by the file's path)
    assert set(refused) <= {"ModuleNotFoundError", "PermissionError"} and len(refused) == 2, run.stdout
    routes = {f["route"] for f in found}
    assert routes == {"reads_reference", "network", "spawns_process", "reads_grader_files", "ctypes",
                      "audit_channel"}, found


CHANGES_INPUTS = """
import os, pathlib, shutil
compile("pass", "/tmp/ipykernel_1/cell.py", "exec")
exec(compile("x = 1", "/tmp/ipykernel_1/cell.py", "exec"))  # the first cell: the hook arms
name = ".nncourse-hidden-inputs.json"
with open("mine.json", "w") as fh:  # the student's own file in the folder: theirs to write
    fh.write("{}")
for attempt in (
    lambda: open(name, "w").write("{}"),
    lambda: open(name, "r+").write("{}"),
    lambda: pathlib.Path(HERE, name).write_text("{}"),
    lambda: os.open(name, os.O_WRONLY | os.O_TRUNC),
    lambda: os.truncate(name, 0),
    lambda: os.remove(name),
    lambda: os.replace("mine.json", name),
    lambda: os.rename(name, "moved.json"),
    lambda: shutil.copy("mine.json", name),
    lambda: os.chmod(name, 0o666),
):
    try:
        attempt()
        print("CHANGED")
    except PermissionError:
        print("REFUSED")
print(open(name).read())
"""


def test_the_hidden_checks_inputs_cannot_be_changed_and_each_attempt_is_flagged(tmp_path):
    """The kernel reads the hidden checks' inputs from a file in its own folder, which it may write:
    the hook refuses every way of writing, replacing or removing that one file (the checks then run
    on the grader's inputs), and flags each attempt ``changes_hidden_inputs``; the student's own
    files beside it stay theirs. Before 2026-12-02 a notebook that rewrote it failed its hidden
    checks and nothing was flagged."""
    inputs = tmp_path / ".nncourse-hidden-inputs.json"
    inputs.write_text('{"sigmoid:11": []}')
    run, found = _hooked(tmp_path, "import os\nos.chdir(HERE)\n" + CHANGES_INPUTS, protected=[str(inputs)])
    assert run.returncode == 0, run.stderr
    said = run.stdout.strip().splitlines()
    assert said[:-1] == ["REFUSED"] * 10, run.stdout
    assert inputs.read_text() == '{"sigmoid:11": []}' == run.stdout.strip().splitlines()[-1]
    assert [f["route"] for f in found] == ["changes_hidden_inputs"] * 10, found
    assert (tmp_path / "mine.json").read_text() == "{}"


UNREACHABLE_REFERENCE = """
import importlib, sys
compile("pass", "/tmp/ipykernel_1/cell.py", "exec")
exec(compile("x = 1", "/tmp/ipykernel_1/cell.py", "exec"))  # the first cell: the hook arms
sys.modules.pop("solutions", None)
# as behind the walls: no finder can find the reference (only the hook's witness is left)
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ == "_ImportGuard"]
try:
    importlib.import_module("".join(reversed("snoitulos")) + ".losses")  # no "import" audit event
except ImportError as exc:
    print(type(exc).__name__)
"""


def test_an_import_of_the_reference_is_flagged_even_where_it_cannot_be_found(tmp_path):
    run, found = _hooked(tmp_path, UNREACHABLE_REFERENCE)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["ModuleNotFoundError"]
    assert [f["route"] for f in found] == ["reads_reference"], found


def test_closing_the_audit_channel_is_itself_flagged(tmp_path):
    code = ATTACKS.split("for attempt")[0] + textwrap.dedent("""
        for fd in range(3, 64):
            try:
                import stat
                if stat.S_ISFIFO(os.fstat(fd).st_mode):
                    os.close(fd)
            except OSError:
                pass
        try:
            socket.socket().connect(("127.0.0.1", 9))
        except OSError:
            pass
    """)
    run, found = _hooked(tmp_path, code)
    assert run.returncode == 0, run.stderr
    details = [f["detail"] for f in found if f["route"] == "audit_channel"]
    assert any("closed or replaced" in d for d in details), found
    assert "network" in {f["route"] for f in found}  # the hook reopened the channel and still reported


def test_a_kernel_that_never_reports_is_flagged(tmp_path):
    channel = audit.Channel.open(tmp_path)
    os.environ.pop(CONFIG_ENV)
    assert [f["route"] for f in channel.close([[0]])] == ["audit_channel", "audit_channel"]


PROBE = """
import socket
exec(compile("pass", "/tmp/ipykernel_1/cell.py", "exec"))  # a notebook cell runs: the hook arms
try:
    socket.socket().connect(("127.0.0.1", 9))
except OSError:
    pass
"""


def test_the_launcher_installs_the_hook_before_the_kernel_module_runs(tmp_path):
    """The start path without the fork server: launcher.py execs audit_hook.py, which runs ``-m MODULE``."""
    from nncourse.grading.sandbox import Limits
    from nncourse.grading.sandbox.kernelspec import LAUNCHER, write_policy

    (tmp_path / "home").mkdir()
    (tmp_path / "probe_kernel.py").write_text(PROBE)
    policy = tmp_path / "policy.json"
    write_policy(policy, Limits(), None, tmp_path / "home", tmp_path / "kernel.log", [str(tmp_path)])
    channel = audit.Channel.open(tmp_path)
    try:
        subprocess.run([sys.executable, "-S", "-E", str(LAUNCHER), str(policy), "--", "-m", "probe_kernel"],
                       check=True, timeout=120)
    finally:
        found = channel.close([])
    assert [f["route"] for f in found] == ["network"], (found, (tmp_path / "kernel.log").read_text())


def _record(seq: int, route: str, pid: int = 41) -> str:
    return json.dumps({"seq": seq, "pid": pid, "route": route, "detail": route})


def test_an_answer_whose_seal_the_channel_never_saw_is_flagged():
    """A kernel that reported, and an answer it did not seal (printed by student code)."""
    lines = [_record(0, "start"), _record(1, "seal")]
    assert audit.findings(lines, [[1]]) == []
    found = audit.findings(lines, [[1], [7]])
    assert [f["route"] for f in found] == ["audit_channel"], found
    assert "no seal the audit channel saw" in found[0]["detail"]
    assert [f["route"] for f in audit.findings(lines, [[1], []])] == ["audit_channel"]  # no seal at all


def test_a_gap_or_a_repeat_in_a_kernels_records_and_a_malformed_record_are_flagged():
    start, seal = _record(0, "start"), _record(1, "seal")
    for lines in ([start, _record(2, "network")], [start, seal, seal], [_record(1, "network")]):
        details = [f["detail"] for f in audit.findings(lines, [])]
        assert any("missing or repeated" in d for d in details), (lines, details)
    assert audit.findings([start, _record(1, "network"), _record(0, "start", pid=42)], []) == [
        {"route": "network", "detail": "network", "count": None}]  # two kernels, each complete
    details = [f["detail"] for f in audit.findings([start, "{not json"], [])]
    assert details == ["a malformed record on the audit channel"], details


GRADER_FILES = """
import os, sqlite3, sys
compile("pass", "/tmp/ipykernel_1/cell.py", "exec")
exec(compile("x = 1", "/tmp/ipykernel_1/cell.py", "exec"))  # the first cell: the hook arms
gradebook = os.path.join(HERE, "course", "gradebook.db")
for attempt in (
    lambda: open(gradebook, "rb").read(),
    lambda: sqlite3.connect(gradebook).execute("select 1").fetchall(),
):
    try:
        attempt()
        print("WORKED")
    except Exception as exc:
        print(type(exc).__name__)
sys.addaudithook(lambda event, args: None)  # a second hook, to watch or to hide
"""


def test_a_gradebook_is_refused_by_open_and_by_sqlite_and_another_audit_hook_is_flagged(tmp_path):
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "gradebook.db").write_bytes(b"SQLite format 3\0")
    (tmp_path / "notebook").mkdir()
    run, found = _hooked(tmp_path, GRADER_FILES, notebook_folder=tmp_path / "notebook")
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[0] == "PermissionError", run.stdout  # the open is refused
    routes = [f["route"] for f in found]
    assert routes.count("reads_grader_files") >= 2, found  # the open and sqlite's own open
    assert "audit_channel" in routes, found  # sys.addaudithook


CODE_SWAPS = """
exec(compile("x = 1", "/tmp/ipykernel_1/cell.py", "exec"))  # the first cell: the hook arms
import autograder.checks.forward_pass as F
import numpy as np
def quiet(*args, **kwargs):
    return None
def own(x):
    return x
F.check_init_params.__code__ = quiet.__code__       # the check does nothing now
np.allclose.__wrapped__.__defaults__ = (1.0, 1.0, False)  # NumPy's comparison, loosened
own.__code__ = quiet.__code__                       # the student's own function: nobody's business
"""


def test_replacing_a_checks_or_numpys_code_is_seen_at_run_time_and_a_students_own_is_not(tmp_path):
    run, found = _hooked(tmp_path, CODE_SWAPS)
    assert run.returncode == 0, run.stderr
    details = sorted(f["detail"] for f in found if f["route"] == "monkeypatch")
    assert len(details) == 2, found
    assert "__code__ of autograder.checks.forward_pass.check_init_params" in details[0]
    assert "__defaults__ of numpy" in details[1]


def test_a_notebook_that_changed_the_checks_scores_0_on_every_test_cell():
    """Its verdicts cannot be trusted: each test cell's outputs become the forfeit's error."""
    from nncourse.grading.integrity import forfeit

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import autograder.checks as C\nC.check_init_params = print",
                                  metadata={"nbgrader": {"solution": True, "grade": False, "grade_id": "a"}}),
        nbformat.v4.new_code_cell("check_init_params(init_params)", outputs=[nbformat.v4.new_output(
            "stream", text="✓ init_params\n")], metadata={"nbgrader": {"grade": True, "solution": False,
                                                                       "grade_id": "t", "points": 4}})])
    changed = forfeit.tampering(nb, [])
    assert changed and "autograder.checks.check_init_params" in changed[0]
    assert forfeit.forfeit(nb, nbformat.v4.new_output("error", ename="CheckFailed", evalue="x",
                                                      traceback=[])) == 1
    assert nb.cells[1].outputs[0].output_type == "error"
    clean = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("def init_params(): pass")])
    assert forfeit.tampering(clean, [{"route": "network", "detail": "x"}]) == []
