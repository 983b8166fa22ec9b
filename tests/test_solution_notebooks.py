"""Each solution notebook runs top to bottom in a real kernel: no error, no stderr, every check confirms."""

import time

import nbformat
import pytest
from load import reply_lags
from nbclient import NotebookClient
from reporting import report_figure

from autograder.kernel_client import PromptKernelManager
from nncourse import notebooks as nbs

TIMEOUT = 180


@pytest.mark.nbgrader
@pytest.mark.parametrize("name", nbs.notebook_names())
def test_solution_notebook_runs_clean(name, tmp_path):
    nb = nbs.read(nbs.SOURCE_DIR / f"{name}.ipynb")
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3",
                            kernel_manager_class=PromptKernelManager,
                            resources={"metadata": {"path": str(tmp_path)}})
    lags = reply_lags(client)
    start = time.perf_counter()
    client.execute()
    report_figure("solution notebooks executed with nbclient",
                  f"{name:<22} {time.perf_counter() - start:6.1f} s (longest unread reply {max(lags):.2f} s)")
    # a reply read late by about the timeout lost its wake-up (see tests/test_kernel_client.py)
    assert max(lags) < TIMEOUT / 2, f"a reply waited {max(lags):.1f} s unread"
    for cell in nb.cells:
        streams = [o for o in cell.get("outputs", []) if o.output_type == "stream"]
        assert not [o for o in streams if o.name == "stderr"], (cell.id, streams)
        if nbs.nbgrader_meta(cell).get("grade"):
            text = "".join(o.text for o in streams)
            assert text.startswith("✓ ") and "✗" not in text, (cell.id, text)
            assert text.count("✓ ") == text.count("\n"), (cell.id, text)
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert images, "no plot rendered as an image"
    assert nbformat.validate(nb) is None
