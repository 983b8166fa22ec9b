"""A real `jupyter lab` server in an isolated temporary folder, for the e2e suite.

The server listens on a free loopback port with a random token, serves only its
own root folder, and keeps its JupyterLab settings, workspaces, Jupyter config,
data and runtime folders and IPython profile in that temporary folder, so neither
a developer's own Jupyter set-up nor an earlier run changes what the tests see.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat

VENV_BIN = Path(sys.executable).parent

# JupyterLab settings that make runs repeatable: no news or update pop-up, and every
# cell attached to the page (the default windowing leaves off-screen cells unrendered).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """One `jupyter lab` process; see `start` and `stop` (or use it as a context manager).

    It serves `root` (default `<home>/root`) with the `jupyter` of `bin_dir` (default: this
    venv's), which also comes first on its PATH.
    """

    def __init__(self, home: Path, root: Path | None = None, bin_dir: Path = VENV_BIN) -> None:
        self.home = home
        self.root = root or home / "root"
        self.bin_dir = bin_dir
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.log_path = home / "jupyter-lab.log"
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, relpath: str) -> str:
        """The URL that opens `relpath` (relative to the root) in a reset workspace."""
        return f"{self.base_url}/lab/tree/{relpath}?reset&token={self.token}"

    def _write_settings(self) -> Path:
        settings = self.home / "lab-settings"
        for plugin, values in LAB_SETTINGS.items():
            path = settings / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        return settings

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        folders = {
            "JUPYTERLAB_SETTINGS_DIR": self._write_settings(),
            "JUPYTERLAB_WORKSPACES_DIR": self.home / "lab-workspaces",
            "JUPYTER_CONFIG_DIR": self.home / "jupyter-config",
            "JUPYTER_DATA_DIR": self.home / "jupyter-data",
            "JUPYTER_RUNTIME_DIR": self.home / "jupyter-runtime",
            "IPYTHONDIR": self.home / "ipython",
        }
        env.update({name: str(path) for name, path in folders.items()})
        # nbgrader's Validate runs `alembic` by name: the server's own venv comes first, and
        # a server from another venv must not find this one's programs.
        own = {str(VENV_BIN), str(self.bin_dir)}
        others = [p for p in env.get("PATH", "").split(os.pathsep) if p not in own]
        env["PATH"] = os.pathsep.join([str(self.bin_dir), *others])
        # The Makefile exports MPLBACKEND=Agg for scripts; kernels must keep the
        # inline backend, or plt.show() draws nothing in the notebook.
        env.pop("MPLBACKEND", None)
        return env

    def start(self, timeout: float = 90) -> None:
        """Start the server and wait until its REST API answers."""
        self.home.mkdir(parents=True, exist_ok=True)
        self.root.mkdir(parents=True, exist_ok=True)
        command = [
            str(self.bin_dir / "jupyter"), "lab", "--no-browser", "--allow-root",
            "--ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root}", f"--IdentityProvider.token={self.token}",
            # window.jupyterapp lets the harness read the notebook model (outputs, errors).
            "--LabApp.expose_app_in_browser=True",
        ]
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(command, cwd=self.root, env=self._environment(),
                                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "status")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.25)
        raise RuntimeError(f"jupyter lab did not answer within {timeout} s:\n{self.log_tail()}")

    def __enter__(self) -> LabServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API at /api/<path>; return the decoded JSON (or None)."""
        request = urllib.request.Request(f"{self.base_url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        """Stop every kernel session (a closed browser page leaves its kernel running)."""
        for session in self.api("GET", "sessions"):
            self.api("DELETE", f"sessions/{session['id']}")

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's log, for error messages."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, timeout: float = 20) -> None:
        """Shut the server (and its kernels) down cleanly; kill it if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.api("POST", "shutdown")
            self.process.wait(timeout=timeout)
        except (urllib.error.URLError, ConnectionError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


def copy_notebook_folder(source: Path, target: Path) -> list[Path]:
    """Copy `source` (with any data files beside the notebooks) to `target`.

    The copies' outputs and execution counts are cleared, so every output the
    tests see comes from this run.  Returns the copied notebooks, sorted.
    """
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"), dirs_exist_ok=True)
    notebooks = sorted(target.glob("*.ipynb"))
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        nbformat.write(nb, path)
    return notebooks
