"""ResilientExecute on its own, with a plain kernel: recovery, budgets and the score guard."""

from __future__ import annotations

import json
import sys

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from nncourse.grading import events
from nncourse.grading.execute import START_ATTEMPTS, ResilientExecute
from nncourse.grading.status import ErrorName, EventKind, NotRunCause

pytestmark = pytest.mark.nbgrader  # real kernels


def _grade_cell(source, points=1, grade_id="t"):
    return new_code_cell(
        source,
        metadata={
            "nbgrader": {
                "grade": True,
                "grade_id": grade_id,
                "locked": True,
                "points": points,
                "solution": False,
                "schema_version": 3,
            }
        },
    )


def _run(cells, tmp_path, **traits):
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    pp = ResilientExecute(timeout=10, **traits)
    nb, _ = pp.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    return nb


def _enames(cell):
    return [o.ename for o in cell.outputs if o.output_type == "error"]


def test_kernel_death_restarts_and_replays(tmp_path):
    nb = _run(
        [new_code_cell("y = 41"), new_code_cell("import os\nos._exit(7)"), _grade_cell("print(y + 1)")],
        tmp_path,
    )
    assert _enames(nb.cells[1]) == [ErrorName.KERNEL_DIED]
    assert "status 7" in nb.cells[1].outputs[-1].evalue
    assert nb.cells[2].outputs[0].text == "42\n"  # y was restored by the replay
    assert [e["kind"] for e in events.read(nb)] == [EventKind.KERNEL_DIED]


def test_too_many_deaths_leave_the_rest_not_run(tmp_path):
    die = "import os\nos._exit(1)"
    nb = _run([new_code_cell(die), new_code_cell(die), _grade_cell("1")], tmp_path, max_restarts=1)
    assert _enames(nb.cells[1]) == [ErrorName.KERNEL_DIED]
    assert _enames(nb.cells[2]) == [ErrorName.NOT_RUN]
    assert events.not_run_cause(nb.cells[2]) is NotRunCause.KERNEL


def test_notebook_budget(tmp_path):
    sleep = "import time\ntime.sleep(1.5)"
    nb = _run([new_code_cell(sleep), new_code_cell(sleep), _grade_cell("1")], tmp_path, notebook_timeout=2)
    assert _enames(nb.cells[2]) == [ErrorName.NOT_RUN]
    assert "time limit" in nb.cells[2].outputs[0].evalue
    assert events.not_run_cause(nb.cells[2]) is NotRunCause.TIME_LIMIT
    assert EventKind.NOTEBOOK_TIMEOUT in {e["kind"] for e in events.read(nb)}


def test_invalid_partial_scores_score_zero(tmp_path):
    nb = _run(
        [
            _grade_cell("float('nan')", grade_id="a"),
            _grade_cell("5", points=2, grade_id="b"),
            _grade_cell("0.5", grade_id="c"),
        ],
        tmp_path,
    )
    assert _enames(nb.cells[0]) == [ErrorName.INVALID_SCORE]
    assert _enames(nb.cells[1]) == [ErrorName.INVALID_SCORE]
    assert nb.cells[2].outputs[0].data["text/plain"] == "0.5"


def test_output_cap_keeps_stderr_visible(tmp_path):
    src = "import sys\nfor i in range(2000):\n    print('x' * 100)\n    print('e' * 100, file=sys.stderr)"
    flood_then_fail = "print('x' * 300_000)\nraise AssertionError('wrong')"
    nb = _run([new_code_cell(src), _grade_cell(flood_then_fail)], tmp_path, max_output_chars=5000)
    text = {o.name: o.text for o in nb.cells[0].outputs if o.output_type == "stream"}
    assert len(text["stdout"]) < 6000 and "truncated by the grader" in text["stdout"]
    assert "stderr" in text  # a cell that wrote to stderr still scores 0 in nbgrader
    # a graded cell that floods its output and then fails keeps its error: nbgrader scores it 0
    assert _enames(nb.cells[1]) == ["AssertionError"], nb.cells[1].outputs
    assert sum(len(o.get("text", "")) for o in nb.cells[1].outputs) < 6000


def _kernelspec(jupyter_path, name: str, script: str) -> str:
    """A kernelspec NAME under JUPYTER_PATH that runs SCRIPT (then ipykernel) with this Python."""
    folder = jupyter_path / "kernels" / name
    folder.mkdir(parents=True)
    (folder / "start.py").write_text(script)
    spec = {"argv": [sys.executable, str(folder / "start.py"), "-f", "{connection_file}"],
            "display_name": name, "language": "python"}
    (folder / "kernel.json").write_text(json.dumps(spec))
    return name


def _run_on(kernel: str, cells, tmp_path, **traits):
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
    work = tmp_path / "work"
    work.mkdir()
    nb, _ = ResilientExecute(**traits).preprocess(nb, {"metadata": {"path": str(work)}})
    return nb


_SLOW_KERNEL_INFO = """
import time
from ipykernel.ipkernel import IPythonKernel
from ipykernel.kernelapp import launch_new_instance

_answer = IPythonKernel.kernel_info_request
_asked = []

async def _late(self, *args):
    if not _asked:  # the first request (the readiness probe, which asks the language too), late
        time.sleep(6)  # longer than nbclient's 5 s shell poll, what a loaded machine can do
    _asked.append(1)
    return await _answer(self, *args)

IPythonKernel.kernel_info_request = _late
launch_new_instance()
"""

_FAILS_ONCE = """
import pathlib, sys
marker = pathlib.Path(__file__).with_name("started-once")
if not marker.exists():
    marker.touch()
    sys.exit(1)  # the first start fails, as a start can on a loaded machine
from ipykernel.kernelapp import launch_new_instance
launch_new_instance()
"""


_IOPUB_LOSES_FIRST_STATUSES = """
from ipykernel.kernelbase import Kernel
from ipykernel.kernelapp import launch_new_instance

_publish = Kernel._publish_status
_lost = []

def _late_subscriber(self, status, channel, parent=None):
    header = (parent or self.get_parent(channel) or {}).get("header", {})
    if header.get("msg_type") == "kernel_info_request" and len(_lost) < 6:
        _lost.append(status)  # the first 3 requests' busy and idle never reach the client
        return None
    return _publish(self, status, channel, parent)

Kernel._publish_status = _late_subscriber
launch_new_instance()
"""


@pytest.mark.parametrize(
    ("name", "script", "cell_timeout"),
    [
        # The kernel takes 6 s over its first kernel_info request (the readiness probe, which
        # also asks its language): longer than the 1 s cell timeout and than nbclient's 5 s shell
        # poll, after which nbclient's wait_for_reply gives up. It is part of a start, bounded by
        # startup_timeout, not by a cell's timeout.
        ("slow-kernel-info", _SLOW_KERNEL_INFO, 1),
        # What ZeroMQ's late subscriber looks like to the grader: the kernel answers kernel_info
        # on shell, but IOPub delivers nothing for it. The start asks again until IOPub brings
        # the idle status of one of its requests; it neither gives up nor trusts IOPub unproven.
        ("late-iopub", _IOPUB_LOSES_FIRST_STATUSES, 5),
    ],
)
def test_a_kernel_slow_to_be_ready_is_waited_for_not_given_up(
    tmp_path, monkeypatch, name, script, cell_timeout
):
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    kernel = _kernelspec(tmp_path / "jupyter", name, script)
    nb = _run_on(kernel, [_grade_cell("print(6 * 7)")], tmp_path, timeout=cell_timeout, startup_timeout=60)
    assert EventKind.KERNEL_START_FAILED not in {e["kind"] for e in events.read(nb)}
    assert nb.cells[0].outputs[0].text == "42\n"
    assert nb.metadata["language_info"]["name"] == "python"


def test_a_kernel_that_fails_to_start_once_is_started_again(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    kernel = _kernelspec(tmp_path / "jupyter", "fails-once", _FAILS_ONCE)
    nb = _run_on(kernel, [_grade_cell("print(6 * 7)")], tmp_path, timeout=10)
    assert (tmp_path / "jupyter" / "kernels" / kernel / "started-once").exists()  # it did fail once
    assert events.read(nb) == []
    assert nb.cells[0].outputs[0].text == "42\n"


def test_a_kernel_that_never_starts_gives_the_reasons_and_leaves_cells_not_run(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    kernel = _kernelspec(tmp_path / "jupyter", "never-starts", "import sys\nsys.exit(1)\n")
    nb = _run_on(kernel, [_grade_cell("print(1)")], tmp_path, timeout=10)
    (event,) = events.read(nb)
    assert event["kind"] == EventKind.KERNEL_START_FAILED
    # one reason per try
    assert event["message"].count("the kernel died before answering kernel_info") == START_ATTEMPTS
    assert _enames(nb.cells[0]) == [ErrorName.NOT_RUN]
