"""The runtime audit inside a grading kernel: a CPython audit hook installed before student code runs.

The kernel's start path calls :func:`install` (the fork server's child, in
``sandbox/forkserver.py``) or runs this file by path in place of
``-m ipykernel_launcher`` (``sandbox/launcher.py``), so the hook is in place
before the first cell. Audit hooks cannot be removed (PEP 578), and the events
are raised by the interpreter itself, whatever the spelling in the student's
code: ``importlib.import_module``, ``__import__``, ``runpy``, a spec loader and
``open`` on the reference's file all raise ``import`` or ``open``.

It records, once the first notebook cell runs (the kernel's own start-up is
not student code), these routes (the flag codes of ``integrity/cheats.py``):

``reads_reference``
    an import of a secret package (``solutions``) or an open of a file under
    one; both are refused (``ModuleNotFoundError``, ``PermissionError``);
``reads_grader_files``
    an open, sqlite connection, listing or glob of the grader's folders (the
    course copy outside the notebook's folder, other students) or of a
    gradebook-like file anywhere (``*.db``, ``*.sqlite``, ``gradebook``); opens refused;
``network``
    a Python socket's ``connect``, ``bind`` or ``sendto`` (the kernel's own
    ZeroMQ sockets are C code and raise no event);
``spawns_process``
    ``subprocess``, ``os.system``, ``os.exec*``, ``os.posix_spawn``, ``os.spawn*``, ``os.fork``, ``pty``;
``ctypes``
    loading a library or reading memory through ``ctypes``;
``monkeypatch``
    the code or defaults of a function of ``autograder`` or NumPy replaced (``f.__code__ = ...``),
    which no assignment in the source shows;
``audit_channel``
    another audit hook added, the garbage collector's object lists read (a
    way to reach this hook's state), or the channel closed or replaced.
``changes_hidden_inputs``
    an open for writing, a removal, a rename, a link, a truncation or a change of mode of a
    ``protected`` file (the hidden checks' inputs the grader put in the kernel's folder); refused
    (``PermissionError``), so the hidden checks still run on the grader's inputs.

Records are JSON lines ``{"seq", "pid", "route", "detail", "count"}`` (``count``:
IPython's execution count, to name the cell) written with ``os.write`` to the
FIFO the grader reads (``integrity/audit.py``), numbered without gaps. A record
is written as the event happens, before anything is refused, so a blocked
attempt is recorded too. If the student closes the FIFO's descriptor or puts
another file in its place, the next record notices (``fstat``), reopens the
FIFO by its path and says so. Each hidden check's answer raises the
``nncourse.seal`` event; the hook writes a seal record and hands its number to
the answer, so the grader can tell a channel that went quiet.

Standard library only: it runs by path, before ``site`` is of any help.
"""

from __future__ import annotations

import json
import os
import sys

CONFIG_ENV = "NNCOURSE_AUDIT"
"""Environment variable holding the hook's configuration (JSON); removed once read."""
SEAL_EVENT = "nncourse.seal"
REFUSED = "not available while grading (the runtime audit refused it)"
"""The message of a refused import or open; it names nothing, so a feedback page shows nothing."""
_PROCESS_EVENTS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                   "os.fork", "os.forkpty", "pty.spawn")
_CTYPES_EVENTS = ("ctypes.dlopen", "ctypes.dlsym", "ctypes.dlsym/handle", "ctypes.cdata",
                  "ctypes.addressof", "ctypes.string_at", "ctypes.wstring_at", "ctypes.PyObj_FromPtr",
                  "ctypes.call_function", "ctypes.cdata/buffer")
_SOCKET_EVENTS = ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg")
_GC_EVENTS = ("gc.get_objects", "gc.get_referrers", "gc.get_referents")
_LISTING_EVENTS = ("os.listdir", "os.scandir", "glob.glob", "glob.glob/2")
_DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
#: events that change a file by its path: (event, the positions of its path arguments)
_CHANGE_EVENTS = {"os.remove": (0,), "os.rename": (0, 1), "os.truncate": (0,), "os.chmod": (0,),
                  "os.chown": (0,), "os.link": (0, 1), "os.symlink": (1,), "os.utime": (0,),
                  "shutil.rmtree": (0,)}
#: a function's parts whose replacement changes what it does (CPython audits each as object.__setattr__)
_FUNCTION_PARTS = ("__code__", "__defaults__", "__kwdefaults__")
#: whose functions judge the notebook: the course's check library, and NumPy's comparisons under it
_PROTECTED_OWNERS = ("autograder", "numpy")


class _Hook:
    """The hook's state: the channel, what is secret, and the record counter."""

    def __init__(self, config: dict) -> None:
        self.fifo = config["fifo"]
        self.secret = tuple(config.get("secret", ("solutions",)))
        self.secret_dirs = tuple(self._real(d) for d in config.get("secret_dirs", ()))
        self.grader_dirs = tuple(self._real(d) for d in config.get("grader_dirs", ()))
        self.allowed = tuple(self._real(d) for d in config.get("allowed", ()))
        self.protected = tuple(self._real(f) for f in config.get("protected", ()))
        self.seq = 0
        self.armed = False
        self.busy = False
        self.fd = -1
        self.identity = None
        self._open()
        self._write("start", f"audit installed in kernel {os.getpid()}")
        os.register_at_fork(after_in_child=self._forked)

    def _forked(self) -> None:
        """A child of the kernel (os.fork) numbers its own records from 0, so no gap is seen."""
        self.seq, self.busy = 0, False
        self._emit("start", f"forked child {os.getpid()} of kernel {os.getppid()}")

    @staticmethod
    def _real(path) -> str:
        return os.path.realpath(os.fsdecode(path))

    def _open(self) -> bool:
        try:
            fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
            os.set_blocking(fd, True)  # a flood slows the student down; it cannot drop records
            st = os.fstat(fd)
        except OSError:
            return False
        self.fd, self.identity = fd, (st.st_dev, st.st_ino)
        return True

    def _intact(self) -> bool:
        try:
            st = os.fstat(self.fd)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == self.identity

    def _write(self, route: str, detail: str) -> int:
        if not self._intact():
            if self._open():
                self._emit("audit_channel", "the audit channel was closed or replaced by the notebook")
        return self._emit(route, detail)

    def _emit(self, route: str, detail: str) -> int:
        seq, self.seq = self.seq, self.seq + 1
        record = {"seq": seq, "pid": os.getpid(), "route": route, "detail": detail[:300],
                  "count": self._count()}
        try:
            os.write(self.fd, (json.dumps(record) + "\n").encode())
        except OSError:
            pass  # the grader sees the gap in the numbers
        return seq

    @staticmethod
    def _count() -> int | None:
        ipython = sys.modules.get("IPython")
        try:
            return int(ipython.get_ipython().execution_count)
        except Exception:
            return None

    # -- classifying paths --------------------------------------------------
    def _under(self, path: str, folders: tuple[str, ...]) -> bool:
        return any(path == f or path.startswith(f + os.sep) for f in folders)

    def _path_route(self, raw) -> str | None:
        if isinstance(raw, int) or raw is None:
            return None
        try:
            path = self._real(raw)
        except (TypeError, ValueError):
            return None
        parts = path.split(os.sep)
        name = parts[-1].lower()
        if self._under(path, self.secret_dirs) or any(
                p in self.secret for p in parts[:-1]) or name in {f"{s}.py" for s in self.secret}:
            return "reads_reference"
        if self._under(path, self.allowed):
            return None
        if self._under(path, self.grader_dirs) or "gradebook" in name or name.endswith(_DB_SUFFIXES):
            return "reads_grader_files"
        return None

    def _is_protected(self, raw) -> bool:
        if not self.protected or raw is None or isinstance(raw, int):
            return False
        try:
            path = self._real(raw)
        except (TypeError, ValueError):
            return False
        # the protected file itself, or a folder holding it (rmtree, a rename of the folder)
        return any(f == path or f.startswith(path.rstrip(os.sep) + os.sep) for f in self.protected)

    def _changes_protected(self, args: tuple) -> bool:
        """An ``open`` event (path, mode, flags) that may change a protected file."""
        if len(args) < 3:
            return False
        mode, flags = args[1], args[2]
        writes = isinstance(mode, str) and any(c in mode for c in "wax+")
        writes = writes or (isinstance(flags, int) and bool(flags & _WRITE_FLAGS))
        return writes and self._is_protected(args[0])  # reads (most opens) resolve no path here

    def _touches_protected(self, args: tuple, positions: tuple[int, ...]) -> bool:
        return any(i < len(args) and self._is_protected(args[i]) for i in positions)

    @staticmethod
    def _shown(raw) -> str:
        return os.fsdecode(raw) if isinstance(raw, str | bytes | os.PathLike) else repr(raw)

    # -- the hook -----------------------------------------------------------
    def __call__(self, event: str, args: tuple) -> None:
        if self.busy:
            return
        if not self.armed:
            if event == "exec" and "ipykernel_" in getattr(args[0], "co_filename", ""):
                self.armed = True  # the first notebook cell: student code from here on
            elif event != SEAL_EVENT:
                return
        self.busy = True
        try:
            self._check(event, args)
        finally:
            self.busy = False

    def _check(self, event: str, args: tuple) -> None:
        if event in ("import", FIND_EVENT):
            if str(args[0]).split(".")[0] in self.secret:
                self._write("reads_reference", f"import of {args[0]}")
                raise ModuleNotFoundError(REFUSED)
        elif event == "open" and self._changes_protected(args):
            self._write("changes_hidden_inputs", f"open for writing of {os.fsdecode(args[0])}")
            raise PermissionError(13, REFUSED)
        elif event in _CHANGE_EVENTS and self._touches_protected(args, _CHANGE_EVENTS[event]):
            self._write("changes_hidden_inputs", f"{event} of {self._shown(args[0])}")
            raise PermissionError(13, REFUSED)
        elif event in ("open", "sqlite3.connect"):
            route = self._path_route(args[0])
            if route:
                self._write(route, f"{event} of {os.fsdecode(args[0])}")
                raise PermissionError(13, REFUSED)
        elif event in _LISTING_EVENTS:
            target = args[0] if args and args[0] is not None else "."
            text = os.fsdecode(target) if not isinstance(target, int) else ""
            # a listing reads names, not files: a grader folder, or a glob for gradebooks
            listed = text and self._path_route(target) == "reads_grader_files"
            wanted = "gradebook" in text.lower() or ".db" in text.lower()
            if listed or (event.startswith("glob") and wanted):
                self._write("reads_grader_files", f"{event} of {text}")
        elif event in _SOCKET_EVENTS:
            self._write("network", f"{event} to {args[1]!r}"[:200])
        elif event.startswith(_PROCESS_EVENTS):
            self._write("spawns_process", f"{event} {args[0]!r}"[:200] if args else event)
        elif event in _CTYPES_EVENTS:
            self._write("ctypes", event)
        elif event in _GC_EVENTS or event == "sys.addaudithook":
            self._write("audit_channel", f"{event} (a way to reach or silence the audit)")
        elif event == "object.__setattr__" and len(args) >= 2 and args[1] in _FUNCTION_PARTS:
            # f.__code__ = ... replaces what a function does without any assignment a scan can see
            owner = getattr(args[0], "__module__", None) or ""
            if owner.split(".")[0] in _PROTECTED_OWNERS:
                self._write("monkeypatch", f"replaces {args[1]} of {owner}."
                            f"{getattr(args[0], '__qualname__', '?')}"[:200])
        elif event == SEAL_EVENT and args and isinstance(args[0], list):
            args[0].append(self._write("seal", "hidden check answer"))


FIND_EVENT = "nncourse.find_spec"
"""Raised by :class:`_ImportWitness` for every module looked for."""


class _ImportWitness:
    """First on ``sys.meta_path``: shows the hook every module an import looks for.

    CPython raises the ``import`` audit event only for the import statement and ``__import__``;
    ``importlib.import_module`` and spec loaders go through the finders without it, and behind the
    walls the reference's files are not there to be opened, so without this an import of the
    reference by a name built at run time failed unseen. It finds nothing itself.
    """

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> None:
        sys.audit(FIND_EVENT, name)
        return None


def install(environ=os.environ) -> bool:
    """Install the audit hook if ENVIRON holds its configuration (removed from it); whether it did."""
    raw = environ.pop(CONFIG_ENV, None)
    if not raw:
        return False
    sys.addaudithook(_Hook(json.loads(raw)))
    sys.meta_path.insert(0, _ImportWitness())
    return True


def main(argv: list[str]) -> None:
    """``python audit_hook.py -m ipykernel_launcher ARGS``: install the hook, then run the kernel."""
    import runpy

    install()
    if argv[:1] != ["-m"] or len(argv) < 2:
        raise SystemExit("usage: audit_hook.py -m MODULE ARGS...")
    sys.argv = [argv[1], *argv[2:]]
    del sys.path[0]  # this file's folder; the kernel's own path comes from its launcher
    runpy.run_module(argv[1], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
