"""A fork server for grading kernels: the interpreter, ipykernel, numpy and matplotlib loaded once.

A kernel costs about 1 s of CPU before the student's first line runs: a new
interpreter imports ipykernel, then the notebook's first cell imports numpy,
matplotlib and ipywidgets. nbgrader pays it for every notebook of every
student. A grading worker's :class:`~.sandbox.Sandbox` starts one fork server,
which imports these modules once (:data:`PRELOAD`) and forks a kernel for each
request. The child does what :mod:`.launcher` does before its exec (standard
streams, resource limits, umask, private user, environment: the same
:func:`~.launcher.apply_policy`), then runs ipykernel in place. It is a real
ipykernel, started from the connection file jupyter_client wrote; only the
imports are shared.

What the child changes cannot reach the server or the next kernel: it is
another process (under root, another uid), and each kernel is forked from the
server's untouched state. The server imports nothing of the course (the check
library is imported by the notebook, as with a fresh interpreter), and its own
modules are dropped from the child's ``sys.modules``. Random generators do not
repeat across kernels: Python's and NumPy's reseed in a forked child.

Protocol, on a Unix socket that only the server's user may open, one
connection per kernel (JSON lines)::

    -> {"args": ["-f", "kernel-1.json"], "env": {...}, "cwd": "/path/to/notebook/folder", "slot": 0}
    <- {"pid": 4242}        sent by the child, once it has its own session (its pgid is its pid)
    <- {"exit": -9}         when the child has exited (``Popen.returncode`` convention)

The child sends its own pid line so that the socket's credentials carry its pid
as the requester's PID namespace sees it (the server may sit in another one:
:mod:`.walls`; see :mod:`.provisioner`). ``slot`` names the sandbox slot
(:class:`~.box.Slot`): the child takes that slot's user and home from the policy's
``slots``, so one server serves a sandbox's two slots. Kernel code that wants something done
at its start, before the student's first line (an audit hook, say), belongs in
:func:`_run_kernel`, after the policy has been applied.

The server exits when its standard input closes (its worker is gone). The
sandbox starts it with :func:`main` (``-``, SOCKET) and the environment the launcher
would give a kernel (:func:`~.launcher.environment`), the policy in it
(:func:`~.launcher.read_policy`: no file of the grader's is bound inside the walls for it).

matplotlib remembers its config and cache folders at import (``get_configdir``,
``get_cachedir``, ``TexManager``'s cache): the server's ``MPLCONFIGDIR``, the first slot's
home. Each child points them at its own home once it has its user and environment
(:func:`_own_matplotlib_folders`), as a fresh interpreter in that slot would find them:
otherwise a kernel of the second slot inherits a folder it cannot write, where a font-cache
rebuild or ``usetex`` warns on stderr (and nbgrader scores that cell 0).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import os
import selectors
import signal
import socket
import sys
import traceback
from pathlib import Path

from ..integrity import audit_hook
from . import namespaces
from .launcher import apply_policy, die_with_parent, read_policy

KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger")
"""ipykernel's own modules. Imported before the audit hook by every kernel, forked or not
(:func:`boot_kernel`): importing the debugger loads libraries with ``ctypes`` and runs ``uname``."""
PRELOAD = (*KERNEL_MODULES, "numpy", "matplotlib.pyplot", "ipywidgets")
"""Modules imported once by the server; each is optional (a missing one is skipped)."""
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
_STARTUP_PATH = sys.path[0] if sys.path else None


def _preload(modules: tuple[str, ...] = PRELOAD) -> None:
    # ipykernel sets this itself when a kernel starts; matplotlib reads it at import
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    for name in modules:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def _send(conn: socket.socket, message: dict) -> None:
    try:
        conn.sendall((json.dumps(message) + "\n").encode())
    except OSError:
        pass  # the provisioner is gone; the kernel is not its concern any more


def _read_request(conn: socket.socket) -> dict:
    conn.settimeout(10)
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("the request ended early")
        data += chunk
    return json.loads(data)


class ForkServer:
    """The server's state: the policy, the listening socket, the children and their connections."""

    def __init__(self, policy: dict, socket_path: str) -> None:
        self.policy = policy
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(socket_path)
        os.chmod(socket_path, 0o600)
        self.listener.listen(8)
        self.wakeup_r, self.wakeup_w = os.pipe()
        os.set_blocking(self.wakeup_r, False)
        os.set_blocking(self.wakeup_w, False)
        self.children: dict[int, socket.socket] = {}
        self.selector = selectors.DefaultSelector()

    def serve(self) -> None:
        """Answer requests until standard input closes."""
        signal.set_wakeup_fd(self.wakeup_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the selector through the pipe
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(self.wakeup_r, selectors.EVENT_READ, "reap")
        self.selector.register(sys.stdin, selectors.EVENT_READ, "stdin")
        while True:
            for key, _ in self.selector.select(timeout=1.0):
                if key.data == "stdin":
                    if not os.read(sys.stdin.fileno(), 1024):
                        return
                elif key.data == "accept":
                    conn, _ = self.listener.accept()
                    self._launch(conn)
                elif key.data == "reap":
                    try:
                        while os.read(self.wakeup_r, 1024):
                            pass
                    except BlockingIOError:
                        pass
            self._reap()

    def _reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.children.pop(pid, None)
            if conn is not None:
                _send(conn, {"exit": os.waitstatus_to_exitcode(status)})
                conn.close()

    def _launch(self, conn: socket.socket) -> None:
        try:
            request = _read_request(conn)
        except (OSError, ValueError) as exc:
            _send(conn, {"error": f"bad request: {exc}"})
            conn.close()
            return
        ready_r, ready_w = os.pipe()
        server = os.getpid()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child becomes a kernel and never returns
            os.close(ready_r)
            self._become_kernel(request, ready_w, conn, server)
        os.close(ready_w)
        started = os.read(ready_r, 1)  # the child has its own session and said so (or died: EOF)
        os.close(ready_r)
        if not started:
            _send(conn, {"error": "the kernel process died as it started"})
            conn.close()
            return
        self.children[pid] = conn

    def _become_kernel(self, request: dict, ready_w: int, conn: socket.socket, server: int) -> None:
        """In the forked child of SERVER: the launcher's policy, then ipykernel in place. Never returns."""
        code = 1
        try:
            os.setsid()
            _send(conn, {"pid": os.getpid()})
            os.write(ready_w, b"1")
            os.close(ready_w)
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            for fd in (self.wakeup_r, self.wakeup_w):
                os.close(fd)
            self.selector.close()
            self.listener.close()
            conn.close()
            for other in self.children.values():
                other.close()
            try:
                os.chdir(request["cwd"])
                entered = True
            except PermissionError:  # inside the walls root keeps no capability to enter it
                entered = False
            if self.policy.get("own_namespaces"):
                namespaces.enter_own()  # still root: nothing of the last kernel's IPC or sockets
            os.environ.clear()
            os.environ.update(request["env"])
            env = apply_policy(slot_policy(self.policy, request.get("slot", 0)), server)
            os.environ.clear()
            os.environ.update(env)
            if not entered:
                os.chdir(request["cwd"])  # as the kernel's user, who owns it
            _own_matplotlib_folders()
            audit_hook.install()  # issue 16 (H16b): the runtime audit, before any student code
            code = _run_kernel(request["args"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)


def _own_matplotlib_folders() -> None:
    """Have the matplotlib the server imported find its config and cache folders again, from
    this kernel's environment (its ``MPLCONFIGDIR``), as at a fresh import."""
    mpl = sys.modules.get("matplotlib")
    if mpl is None:
        return
    for name in ("get_configdir", "get_cachedir"):
        remembered = getattr(mpl, name)
        # matplotlib's memo (_logged_cached) has no reset; a new one over the same function
        setattr(mpl, name, functools.wraps(remembered)(functools.cache(remembered.__wrapped__)))
    texmanager = sys.modules.get("matplotlib.texmanager")
    if texmanager is not None and hasattr(texmanager.TexManager, "_cache_dir"):
        texmanager.TexManager._cache_dir = Path(mpl.get_cachedir(), "tex.cache")


def slot_policy(policy: dict, slot: int) -> dict:
    """POLICY with the user and home of sandbox slot SLOT (the policy itself without ``slots``)."""
    slots = policy.get("slots") or []
    if not slots:
        return policy
    return {**policy, **slots[int(slot)]}


def _run_kernel(args: list[str]) -> int:
    """Run ipykernel with ARGS as ``python -m ipykernel_launcher ARGS`` would; its exit status."""
    import atexit

    if sys.path and sys.path[0] == _STARTUP_PATH:
        del sys.path[0]  # as ipykernel_launcher does; IPython puts the cwd back
    for name in [m for m in sys.modules if m == "nncourse" or m.startswith("nncourse.")]:
        del sys.modules[name]  # the server's own code; a kernel would not have imported it
    sys.argv = ["ipykernel_launcher", *args]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
    atexit._run_exitfuncs()
    return 0


def boot_kernel(args: list[str]) -> None:
    """A kernel started by the launcher, audited: ipykernel's own modules imported
    (:data:`KERNEL_MODULES`, as a forked kernel finds them), then the audit hook, then ipykernel
    with ARGS. Never returns."""
    _preload(KERNEL_MODULES)
    audit_hook.install()
    sys.exit(_run_kernel(args))


def main(argv: list[str]) -> None:
    """Serve kernels for the policy (argv[0], ``-``: :func:`~.launcher.read_policy`) on the Unix
    socket argv[1] until stdin closes.

    argv[2] is the pid of the grading worker that started the server: the server dies
    with it (and its kernels with the server, :func:`~.launcher.die_with_parent`).
    ``0`` means the server's parent, whatever its pid: inside the walls, that is
    bubblewrap, which dies with the worker (``--die-with-parent``).
    """
    die_with_parent(int(argv[2]) or os.getppid())
    policy = read_policy(argv[0])
    _preload()
    server = ForkServer(policy, argv[1])
    try:
        server.serve()
    finally:
        with contextlib.suppress(OSError):
            os.unlink(argv[1])


if __name__ == "__main__":
    main(sys.argv[1:])
