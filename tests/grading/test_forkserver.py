"""Kernels forked by the sandbox's fork server are sandboxed, independent, real ipykernels.

Each test starts kernels through jupyter_client with the sandbox kernelspec, as
the grader does, and asks the kernel about itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from jupyter_client.manager import KernelManager
from load import busy_machine
from nbformat.v4 import new_code_cell, new_notebook
from reporting import report_figure

from nncourse.grading import sandbox
from nncourse.grading.execute import ResilientExecute
from nncourse.grading.sandbox import forkserver_process
from nncourse.grading.sandbox.procfs import proc_alive, proc_parent
from nncourse.grading.sandbox.provisioner import ForkedKernel
from nncourse.grading.status import ErrorName


@pytest.fixture
def box(tmp_path, monkeypatch):
    box = sandbox.Sandbox(tmp_path / "box", pythonpath=[])
    monkeypatch.setenv("JUPYTER_PATH", box.env["JUPYTER_PATH"])
    yield box
    box.close()


class Kernel:
    """A kernel started with the sandbox kernelspec in WORKDIR; ``run`` returns what it printed."""

    def __init__(self, box: sandbox.Sandbox, workdir) -> None:
        workdir.mkdir(exist_ok=True)
        folder = box.prepare(workdir)
        self.km = KernelManager(kernel_name=sandbox.KERNEL_NAME, **box.kernel_manager_settings())
        self.km.start_kernel(cwd=str(folder))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    @property
    def process(self):
        return self.km.provisioner.process

    def run(self, code: str) -> tuple[str, list[dict]]:
        """Execute CODE; its stdout, and its display outputs' data."""
        out, displays = [], []

        def hook(msg):
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] in ("display_data", "execute_result"):
                displays.append(msg["content"]["data"])

        reply = self.kc.execute_interactive(code, timeout=60, output_hook=hook)
        assert reply["content"]["status"] == "ok", reply["content"]
        return "".join(out), displays

    def interrupt_loop(self) -> None:
        """Run an endless cell, interrupt it, and wait until the kernel is idle again.

        After a cell fails, ipykernel aborts every execute request that reached
        it before it finished handling the failure (``stop_on_error``, on by
        default for a client). It handles the failure before it reports idle, so
        a request sent after that idle is never aborted; one sent straight after
        the reply may be, when the kernel is slow (a loaded machine).
        """
        msg_id = self.kc.execute("import time\nprint('looping', flush=True)\nwhile True: time.sleep(0.01)")
        while True:  # SIGINT is ignored until the cell runs: wait for its first line
            msg = self.kc.get_iopub_msg(timeout=30)
            if msg["msg_type"] == "stream" and "looping" in msg["content"]["text"]:
                break
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=30)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        while True:
            msg = self.kc.get_iopub_msg(timeout=30)
            if (
                msg["msg_type"] == "status"
                and msg["parent_header"].get("msg_id") == msg_id
                and msg["content"]["execution_state"] == "idle"
            ):
                return

    def exit_status(self, code: str, seconds: float) -> tuple[int | None, float]:
        """Execute CODE, which ends the kernel; its exit status and how long it took to arrive."""
        start = time.monotonic()
        self.kc.execute(code)
        status = self.process.wait(timeout=seconds)
        return status, time.monotonic() - start

    def facts(self) -> dict:
        text, _ = self.run(
            "import json, os, resource, sys\n"
            "print(json.dumps({'uid': os.getuid(), 'pid': os.getpid(), 'sid': os.getsid(0),\n"
            "  'pgid': os.getpgid(0), 'cwd': os.getcwd(), 'home': os.environ.get('HOME'),\n"
            "  'as': resource.getrlimit(resource.RLIMIT_AS)[0],\n"
            "  'nproc': resource.getrlimit(resource.RLIMIT_NPROC)[0],\n"
            "  'limits': {name: resource.getrlimit(getattr(resource, name)) for name in\n"
            "             ('RLIMIT_CPU', 'RLIMIT_FSIZE', 'RLIMIT_NOFILE', 'RLIMIT_CORE', 'RLIMIT_AS')},\n"
            "  'grader_modules': sorted(m for m in sys.modules if m.startswith('nncourse')),\n"
            "  'numpy_preloaded': 'numpy' in sys.modules, 'random': __import__('numpy').random.random()}))"
        )
        return json.loads(text)

    def stop(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def _namespace_pids(pid: int) -> list[int]:
    """PID's pid in each PID namespace it is in, the host's first (``NSpid`` of /proc/PID/status)."""
    with open(f"/proc/{pid}/status") as fh:
        line = next(line for line in fh if line.startswith("NSpid:"))
    return [int(n) for n in line.split()[1:]]


def test_a_forked_kernel_has_the_sandbox_s_user_limits_session_and_folders(box, tmp_path):
    kernel = Kernel(box, tmp_path / "work")
    try:
        assert isinstance(kernel.process, ForkedKernel), "the kernel was not forked by the server"
        pid = kernel.process.pid
        facts = kernel.facts()
        pids = _namespace_pids(pid)
    finally:
        kernel.stop()
    assert facts["numpy_preloaded"]
    # behind the walls the kernel has a PID namespace of its own: the host pid that
    # jupyter_client signals is the same process, seen from outside (NSpid: host first)
    assert pids == [pid, facts["pid"]]
    assert facts["sid"] == facts["pid"] == facts["pgid"], "the kernel must lead its own session"
    if box.uid is not None:
        assert facts["uid"] == box.uid
    assert facts["as"] == box.limits.address_space_mb * sandbox.MiB
    if box.uid is not None:
        assert facts["nproc"] == box.limits.nproc
    # CPU time, file size, open files, core dumps: soft = hard, so student code cannot raise them
    wanted = {name: [value, value] for name, value in box.limits.rlimits().items() if name in facts["limits"]}
    assert facts["limits"] == wanted, (facts["limits"], wanted)
    assert facts["cwd"] == str(box.notebook_folder), "the kernel runs on a copy, behind the walls"
    assert facts["home"] == str(box.home)
    assert facts["grader_modules"] == [], "the fork server's own modules must not reach the kernel"


def test_forked_kernels_do_not_share_state(box, tmp_path):
    first = Kernel(box, tmp_path / "a")
    try:
        first.run("import numpy as np\nnp.secret = 42")
        one = first.facts()
    finally:
        first.stop()
    second = Kernel(box, tmp_path / "b")
    try:
        text, _ = second.run("import numpy as np\nprint(hasattr(np, 'secret'))")
        two = second.facts()
    finally:
        second.stop()
    assert text.strip() == "False"
    assert one["pid"] != two["pid"]
    assert one["random"] != two["random"], "each kernel must seed NumPy's global generator afresh"


def test_plots_show_inline_in_a_forked_kernel(box, tmp_path):
    kernel = Kernel(box, tmp_path / "work")
    try:
        _, displays = kernel.run("import matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0])\nplt.show()")
    finally:
        kernel.stop()
    assert any("image/png" in data for data in displays), displays


def test_interrupt_and_exit_status_reach_jupyter_client(box, tmp_path):
    kernel = Kernel(box, tmp_path / "work")
    try:
        kernel.interrupt_loop()
        status, _ = kernel.exit_status("import os\nos._exit(3)", seconds=30)
        assert status == 3
        assert not kernel.km.is_alive()
    finally:
        kernel.stop()


def test_a_killed_forked_kernel_reports_the_signal(box, tmp_path):
    kernel = Kernel(box, tmp_path / "work")
    try:
        os.kill(kernel.process.pid, signal.SIGKILL)
        assert kernel.process.wait(timeout=30) == -signal.SIGKILL
    finally:
        kernel.stop()


def test_a_kernel_that_dies_while_its_server_is_stopped_is_seen_dead(box, tmp_path):
    """The exit status comes from the server once it reaps the kernel; a server that is stopped,
    busy or starved of CPU must not keep a dead kernel alive for jupyter_client (nbclient would
    wait out the cell's time limit on a kernel the watchdog had killed)."""
    kernel = Kernel(box, tmp_path / "work")
    server = int(proc_parent(str(kernel.process.pid)))
    os.kill(server, signal.SIGSTOP)
    try:
        os.kill(kernel.process.pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while kernel.km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not kernel.km.is_alive(), "a dead kernel looked alive while its server was stopped"
        assert kernel.process.poll() == -signal.SIGKILL
    finally:
        os.kill(server, signal.SIGCONT)
        kernel.stop()


def test_kernels_start_the_ordinary_way_when_the_server_is_gone(box, tmp_path):
    box.fork_server.process.kill()
    box.fork_server.process.wait()
    box.fork_socket.unlink(missing_ok=True)
    box.fork_server.await_listening = lambda: None  # keep it dead for this kernel
    kernel = Kernel(box, tmp_path / "work")
    try:
        assert isinstance(kernel.process, subprocess.Popen)
        facts = kernel.facts()
    finally:
        kernel.stop()
    if box.uid is not None:
        assert facts["uid"] == box.uid
    assert facts["as"] == box.limits.address_space_mb * sandbox.MiB


def test_the_server_is_restarted_if_it_died_and_stops_with_the_sandbox(box, tmp_path):
    box.fork_server.process.kill()
    box.fork_server.process.wait()
    kernel = Kernel(box, tmp_path / "work")  # prepare() starts a new server
    try:
        assert isinstance(kernel.process, ForkedKernel)
    finally:
        kernel.stop()
    server = box.fork_server.process
    box.close()
    assert server.poll() is not None
    assert not box.own_home_folder.exists()


def test_a_new_watch_forgets_the_kill_reason_of_the_kernel_before(box):
    """A pre-started kernel's slot is cleared before the kernel ahead of it is killed: the reason the
    watchdog left for that kill must not become the next kernel's cause of death."""
    box.kill_reason = "its memory passed the limit"  # what a breach leaves (Sandbox._on_breach)
    box.start_watch(None)
    try:
        assert box.kill_reason is None
    finally:
        box.stop_watch()


def test_a_server_that_cannot_start_is_given_up_and_kernels_still_start(tmp_path, monkeypatch):
    monkeypatch.setattr(forkserver_process, "BOOT_COMMAND", "raise SystemExit(3)")
    box = sandbox.Sandbox(tmp_path / "box", pythonpath=[])
    monkeypatch.setenv("JUPYTER_PATH", box.env["JUPYTER_PATH"])
    try:
        kernel = Kernel(box, tmp_path / "work")
        try:
            assert isinstance(kernel.process, subprocess.Popen)
            assert kernel.run("print(6 * 7)")[0].strip() == "42"
        finally:
            kernel.stop()
        assert box.fork_socket is None, "a server that dies before it listens is not restarted"
    finally:
        box.close()


# -- exit statuses on a loaded machine ------------------------------------------

STRESS_KERNELS = 3
"""Kernels per case in the stress test (each case is one way for a kernel to end)."""
STRESS_INTERRUPTS = 30
"""Interrupted cells per kernel, each followed by a cell that must run, before the kernel exits."""
STATUS_DEADLINE = 5.0
"""Seconds an exit status may take to arrive: a delivered one takes milliseconds, a lost one never comes."""


def test_exit_statuses_arrive_promptly_on_a_loaded_machine(box, tmp_path):
    """Interrupt-then-exit, plain os._exit and SIGKILL, repeated beside two busy processes.

    Every cell sent after an interrupt must run (not be aborted), and every exit
    status must reach jupyter_client within STATUS_DEADLINE.
    """

    def interrupted_then(kernel: Kernel) -> tuple[int | None, float]:
        for attempt in range(STRESS_INTERRUPTS):
            kernel.interrupt_loop()
            ignore = lambda msg: None  # outputs are not the point
            reply = kernel.kc.execute_interactive("print('still here')", timeout=30, output_hook=ignore)
            assert reply["content"]["status"] == "ok", (
                f"the cell after interrupt {attempt + 1} did not run: {reply['content']}"
            )
        return kernel.exit_status("import os\nos._exit(3)", STATUS_DEADLINE)

    def exits(kernel: Kernel) -> tuple[int | None, float]:
        return kernel.exit_status("import os\nos._exit(5)", STATUS_DEADLINE)

    def killed(kernel: Kernel) -> tuple[int | None, float]:
        start = time.monotonic()
        os.kill(kernel.process.pid, signal.SIGKILL)
        return kernel.process.wait(timeout=STATUS_DEADLINE), time.monotonic() - start

    cases = {"interrupt, then os._exit(3)": (interrupted_then, 3), "os._exit(5)": (exits, 5),
             "SIGKILL": (killed, -signal.SIGKILL)}
    slowest: dict[str, float] = {}
    with busy_machine():
        for name, (end, expected) in cases.items():
            for i in range(STRESS_KERNELS):
                kernel = Kernel(box, tmp_path / f"{len(slowest)}-{i}")
                try:
                    status, took = end(kernel)
                finally:
                    kernel.stop()
                assert status == expected, f"{name}, kernel {i + 1}: status {status} in {STATUS_DEADLINE} s"
                slowest[name] = max(slowest.get(name, 0.0), took)
    report_figure(
        "exit statuses under load (slowest of each case)",
        ", ".join(f"{name}: {took * 1000:.0f} ms" for name, took in slowest.items()),
    )


def test_grading_reports_a_crash_by_its_exit_status_on_a_loaded_machine(box, tmp_path):
    """The grading path (ResilientExecute on forked kernels) names os._exit(3) under load.

    If the exit status were lost, the kernel would look alive and the cell would end
    as a timeout after CELL_TIMEOUT: the death words and the absence of a timeout
    show that no such wait happened.
    """
    cell_timeout = 60
    with busy_machine():
        for attempt in range(3):
            workdir = tmp_path / f"nb{attempt}"
            workdir.mkdir()
            nb = new_notebook(cells=[new_code_cell("y = 41"), new_code_cell("import os\nos._exit(3)"),
                                     new_code_cell("print(y + 1)")])
            nb.metadata["kernelspec"] = {"name": sandbox.KERNEL_NAME, "display_name": "sandbox",
                                         "language": "python"}
            start = time.monotonic()
            grader = ResilientExecute(timeout=cell_timeout)
            sandbox.activate(box)  # as a grading worker does: the kernel's folder, its transport
            try:
                nb, _ = grader.preprocess(nb, {"metadata": {"path": str(workdir)}})
            finally:
                sandbox.activate(None)
            took = time.monotonic() - start
            errors = [o for o in nb.cells[1].outputs if o.output_type == "error"]
            assert [o.ename for o in errors] == [ErrorName.KERNEL_DIED], nb.cells[1].outputs
            assert "exited with status 3 (what os._exit(3) does)" in errors[0].evalue
            assert not any(o.get("ename") == ErrorName.TIMEOUT for c in nb.cells for o in c.outputs)
            assert nb.cells[2].outputs[0].text == "42\n", "the cell after the crash must still be graded"
            report_figure("exit statuses under load (slowest of each case)",
                          f"graded notebook with os._exit(3), attempt {attempt + 1}: {took:.1f} s")


ORPHAN_MAKER = """
import json, os, sys, time
from pathlib import Path
from jupyter_client.manager import KernelManager
from nncourse.grading import sandbox
box = sandbox.Sandbox(Path(sys.argv[1]) / "box", pythonpath=[])
os.environ.update(box.env)
work = Path(sys.argv[1]) / "work"
work.mkdir()
folder = box.prepare(work)
km = KernelManager(kernel_name=sandbox.KERNEL_NAME, **box.kernel_manager_settings())
km.start_kernel(cwd=str(folder))
print(json.dumps({"server": box.fork_server.process.pid, "kernel": km.provisioner.process.pid,
                  "home": str(box.own_home_folder)}), flush=True)
time.sleep(600)
"""


def test_the_fork_server_and_its_kernels_die_with_the_process_that_started_them(tmp_path):
    """PR_SET_PDEATHSIG: a worker killed by SIGKILL (no clean-up of its own) leaves nothing."""
    starter = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_MAKER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    facts = json.loads(starter.stdout.readline())
    started = [facts["server"], facts["kernel"]]
    try:
        assert all(proc_alive(str(pid)) for pid in started)
        os.kill(starter.pid, signal.SIGKILL)  # only the starter: nothing else is told
        starter.wait()
        deadline = time.monotonic() + 5
        while any(proc_alive(str(pid)) for pid in started) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in started if proc_alive(str(pid))] == []
    finally:
        for pid in started:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(facts["home"], ignore_errors=True)
