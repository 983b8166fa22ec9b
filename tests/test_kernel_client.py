"""The course's kernel client reads every reply at once, even while nbclient's Output widget talks.

The race (see autograder/kernel_client.py, nbclient#312): a cell whose widget
Output shows a plot makes nbclient send on the shell socket just as the kernel's
reply lands there; the reply's wake-up is lost and the cell completes only when the
client's timeout runs out. A reply's lag (sent by the kernel, read by the client)
tells a lost wake-up apart from a slow machine: normally milliseconds, after a
lost wake-up the whole timeout.
"""

from pathlib import Path

import pytest
from load import busy_machine, reply_lags
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook
from reporting import report_figure

from autograder.kernel_client import POLL_SLICE, PromptKernelClient, PromptKernelManager

pytestmark = pytest.mark.nbgrader  # real kernels

EXPLORER = (
    "import numpy as np\nimport matplotlib.pyplot as plt\nfrom ipywidgets import interact\n\n"
    "def explore(k=2):\n"
    "    fig, ax = plt.subplots(figsize=(5, 5))\n"
    "    ax.scatter(np.random.rand(3000), np.random.rand(3000), c=np.random.rand(3000), s=4)\n"
    "    plt.show()"
)
CELLS = 12
"""Explorer cells: with the plain client, about a third of them lost their reply's wake-up under load."""
TIMEOUT = 20
"""The client's cell timeout (s): what a lost wake-up costs with the plain client."""


def test_no_reply_waits_for_the_timeout_on_a_loaded_machine(tmp_path):
    nb = new_notebook(cells=[new_code_cell(EXPLORER)]
                      + [new_code_cell("interact(explore, k=(1, 5))") for _ in range(CELLS)])
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3",
                            kernel_manager_class=PromptKernelManager,
                            resources={"metadata": {"path": str(tmp_path)}})
    lags = reply_lags(client)
    with busy_machine():
        client.execute()
    assert len(lags) == CELLS + 1
    report_figure("kernel replies: the longest a reply waited unread",
                  f"{CELLS} explorer cells, loaded machine: {max(lags):.2f} s (poll slice {POLL_SLICE} s)")
    assert max(lags) < TIMEOUT / 2, f"a reply waited {max(lags):.1f} s unread: a lost wake-up (nbclient#312)"


def test_the_client_is_the_course_s_own():
    client = PromptKernelManager(kernel_name="python3").client()
    assert type(client.shell_channel).__name__ == "PromptChannel"
    assert type(client.iopub_channel).__name__ == "PromptChannel"


def test_grading_and_nbgrader_use_it():
    """The course's nbgrader_config.py gives every nbgrader Execute this client, grading's included."""
    from nbgrader.preprocessors import Execute

    from nncourse.grading import GradingOptions
    from nncourse.grading.execute import ResilientExecute
    from nncourse.grading.nbconfig import load_course_config, worker_config

    repo = Path(__file__).resolve().parents[1]
    for runner in (Execute(config=load_course_config(repo)),
                   ResilientExecute(config=worker_config(repo, GradingOptions()))):
        runner.kernel_name = "python3"
        manager = runner.create_kernel_manager()
        assert isinstance(manager.client(), PromptKernelClient), type(runner).__name__
