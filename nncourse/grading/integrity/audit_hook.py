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
    which no assignment in the source shows; the import of a module of the installation
    shadowed (see below); or IPython's machinery that reports a cell's errors and results changed
    (a method of its shell's classes replaced, ``set_custom_exc``), seen at the next cell;
``audit_channel``
    another audit hook added, the garbage collector's object lists read (a
    way to reach this hook's state), or the channel closed or replaced.
``changes_hidden_inputs``
    an open for writing, a removal, a rename, a link, a truncation or a change of mode of a
    ``protected`` file (the hidden checks' inputs the grader gave the kernel); refused
    (``PermissionError``), so the hidden checks still run on the grader's inputs. Behind the
    walls the file is not the kernel's to change anyway (``Sandbox.give``: a child process or
    ``ctypes`` gets past this hook); the hook names the attempt.

Records are JSON lines ``{"seq", "pid", "route", "detail", "count"}`` (``count``:
IPython's execution count, to name the cell) written with ``os.write`` to the
FIFO the grader reads (``integrity/audit.py``), numbered without gaps. A record
is written as the event happens, before anything is refused, so a blocked
attempt is recorded too. If the student closes the FIFO's descriptor or puts
another file in its place, the next record notices (``fstat``), reopens the
FIFO by its path and says so. Each hidden check's answer raises the
``nncourse.seal`` event; the hook writes a seal record and hands its number to
the answer, so the grader can tell a channel that went quiet.

The import wall (2026-12-02, H20f). Every top-level name the read-only installation provides
(the standard library, site-packages, the course's packages such as ``autograder``: the
``sys.path`` entries outside the kernel's writable folders when the hook is installed) resolves
to the installation's own file, whatever the student writes into the notebook's folder or home,
or does to ``sys.path``, ``sys.path_importer_cache``, ``sys.path_hooks`` or ``sys.modules``.
:class:`_ImportGuard`, first on ``sys.meta_path``, asks the hook for each module; the hook
searches only the installation's folders, with finders of its own (never the importer cache),
and a package's submodules only in its installed folders. What it finds besides, a module of
that name in a writable folder, is recorded as ``monkeypatch`` (the notebook forfeits its test
cells) and never loaded. The hook, which student code cannot reach or remove, also keeps the
guard in place: at every import statement and every cell it checks that the guard is still first
(put back and flagged if not) and that no module of the check stack (``autograder``, NumPy) in
``sys.modules`` was replaced by another object (put back and flagged); a change to the guard's
class or code is refused; an open, rename or link of a module file named like an installed module
in a writable folder is refused and flagged.

Standard library only: it runs by path, before ``site`` is of any help.
"""

from __future__ import annotations

import _thread
import json
import os
import sys
from importlib import machinery

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
#: module file endings (source, bytecode, extensions) the import system loads
_MODULE_SUFFIXES = tuple(machinery.all_suffixes())
_LOADERS = ((machinery.ExtensionFileLoader, machinery.EXTENSION_SUFFIXES),
            (machinery.SourceFileLoader, machinery.SOURCE_SUFFIXES),
            (machinery.SourcelessFileLoader, machinery.BYTECODE_SUFFIXES))
#: audit events that put a file at a path (the destination is args[1])
_PLACING_EVENTS = ("os.rename", "os.link", "os.symlink")
_SHADOW = ("a module named {name} was {how} {where}, outside the Python installation: the course's "
           "modules (its check library, NumPy, the standard library) cannot be replaced; every test "
           "cell scores 0")


class _Hook:
    """The hook's state: the channel, what is secret, and the record counter."""

    def __init__(self, config: dict) -> None:
        self.fifo = config["fifo"]
        self.secret = tuple(config.get("secret", ("solutions",)))
        self.secret_dirs = tuple(self._real(d) for d in config.get("secret_dirs", ()))
        self.grader_dirs = tuple(self._real(d) for d in config.get("grader_dirs", ()))
        self.allowed = tuple(self._real(d) for d in config.get("allowed", ()))
        self.protected_files = tuple(self._real(f) for f in config.get("protected", ()))
        self.writable = self.allowed  # the kernel's own: the notebook's folder (its cwd), its home (TMPDIR)
        self.config_allowed = tuple(config.get("allowed", ()))
        self.writable_spelled = tuple(dict.fromkeys(
            (*self.writable, *(os.path.abspath(d) for d in self.config_allowed))))
        self.installed = tuple(dict.fromkeys(
            self._real(p) for p in sys.path if p and not self._under(self._real(p), self.writable)))
        self.protected = self._installed_names(self.installed)
        self.finders: dict[str, machinery.FileFinder] = {}
        self.entries: dict[str, str] = {}
        self.guard = _ImportGuard()
        self.find_spec = vars(_ImportGuard)["find_spec"]
        self.stack: dict[str, object] = {}
        self.library: dict[str, dict[str, object]] = {}
        self.code_files: dict[str, bool] = {}
        self.shell: tuple | None = None
        self.issued: dict[str, object] = {}
        """Each spec the guard returned, by name: a module the installation loaded has one."""
        self.seq = 0
        self.armed = False
        # per thread: a thread inside the hook must not keep another's events out (ipykernel's
        # output thread in the hook while the main thread seals an answer lost the seal under load)
        self.busy: set[int] = set()
        self.lock = _thread.allocate_lock()  # one record number per record, whatever the threads
        self.fd = -1
        self.identity = None
        self._open()
        self._write("start", f"audit installed in kernel {os.getpid()}")
        os.register_at_fork(after_in_child=self._forked)

    def _forked(self) -> None:
        """A child of the kernel (os.fork) numbers its own records from 0, so no gap is seen."""
        self.seq, self.busy, self.lock = 0, set(), _thread.allocate_lock()
        self._emit("start", f"forked child {os.getpid()} of kernel {os.getppid()}")

    @staticmethod
    def _real(path) -> str:
        return os.path.realpath(os.fsdecode(path))


    @staticmethod
    def _installed_names(folders: tuple[str, ...]) -> frozenset[str]:
        """Every top-level module name the installation provides (FOLDERS: its ``sys.path`` entries)."""
        names = set(sys.stdlib_module_names) | set(sys.builtin_module_names)
        for folder in folders:
            try:
                entries = os.listdir(folder)
            except OSError:
                continue
            for entry in entries:
                suffix = next((s for s in _MODULE_SUFFIXES if entry.endswith(s)), "")
                if suffix:  # a module file (some, like _sysconfigdata_..., are not identifiers)
                    names.add(entry[: -len(suffix)])
                elif "." not in entry:  # a package folder (not a .dist-info)
                    names.add(entry)
        return frozenset(names)

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
        count = self._count()
        with self.lock:
            seq, self.seq = self.seq, self.seq + 1
            record = {"seq": seq, "pid": os.getpid(), "route": route, "detail": detail[:300], "count": count}
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
        if not self.protected_files or raw is None or isinstance(raw, int):
            return False
        try:
            path = self._real(raw)
        except (TypeError, ValueError):
            return False
        # the protected file itself, or a folder holding it (rmtree, a rename of the folder)
        return any(f == path or f.startswith(path.rstrip(os.sep) + os.sep) for f in self.protected_files)

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
        thread = _thread.get_ident()
        if thread in self.busy:
            return
        if not self.armed:
            if event == "exec" and "ipykernel_" in getattr(args[0], "co_filename", ""):
                self.armed = True  # the first notebook cell: student code from here on
                self.stack = self._stack_modules()
                self.shell = self._shell_state()
            elif event != SEAL_EVENT:
                return
        self.busy.add(thread)
        try:
            self._check(event, args)
        finally:
            self.busy.discard(thread)

    def _check(self, event: str, args: tuple) -> None:
        if event in ("import", FIND_EVENT):
            if str(args[0]).split(".")[0] in self.secret:
                self._write("reads_reference", f"import of {args[0]}")
                raise ModuleNotFoundError(REFUSED)
            self._keep_guard_first()
            if event == FIND_EVENT and len(args) == 3 and isinstance(args[2], list):
                args[2].append(self._resolve(str(args[0]), args[1]))
        elif event == "open" and self._changes_protected(args):
            self._write("changes_hidden_inputs", f"open for writing of {os.fsdecode(args[0])}")
            raise PermissionError(13, REFUSED)
        elif event in _CHANGE_EVENTS and self._touches_protected(args, _CHANGE_EVENTS[event]):
            self._write("changes_hidden_inputs", f"{event} of {self._shown(args[0])}")
            raise PermissionError(13, REFUSED)
        elif event == "exec" and "ipykernel_" in getattr(args[0], "co_filename", ""):
            self._keep_guard_first()  # every cell starts with the installation's modules
            self._keep_stack_modules()
            self._shell_unchanged()
        elif event in _PLACING_EVENTS and len(args) >= 2:
            self._refuse_module_file(args[1], f"placed by {event}")
        elif event == "open" and self._refuse_module_file(
                args[0], "written" if _writes(args[1:2]) else "opened"):
            pass
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
        elif event == "object.__setattr__" and _is_guard_code(args[0]):
            self._write("monkeypatch", f"changes {args[1]} of the import guard (refused)")
            raise PermissionError(13, REFUSED)
        elif event == "object.__setattr__" and len(args) >= 2 and args[1] in _FUNCTION_PARTS:
            # f.__code__ = ... replaces what a function does without any assignment a scan can see
            owner = getattr(args[0], "__module__", None) or ""
            if owner.split(".")[0] in _PROTECTED_OWNERS:
                self._write("monkeypatch", f"replaces {args[1]} of {owner}."
                            f"{getattr(args[0], '__qualname__', '?')}"[:200])
        elif event == SEAL_EVENT and args and isinstance(args[0], list):
            args[0].append(self._write("seal", "hidden check answer"))

    # -- the import wall ------------------------------------------------------
    def _finder(self, folder: str) -> machinery.FileFinder:
        """The hook's own finder for FOLDER (never ``sys.path_importer_cache``: the notebook reaches it)."""
        finder = self.finders.get(folder)
        if finder is None:
            finder = self.finders[folder] = machinery.FileFinder(folder, *_LOADERS)
        return finder

    def _find(self, name: str, folders) -> machinery.ModuleSpec | None:
        """NAME's spec in FOLDERS, as ``PathFinder`` finds it (a regular module first, else a namespace)."""
        portions: list[str] = []
        for folder in folders:
            spec = self._finder(folder).find_spec(name)
            if spec is None:
                continue
            if spec.loader is not None:
                return spec
            portions += spec.submodule_search_locations or []
        if portions:
            spec = machinery.ModuleSpec(name, None, is_package=True)
            spec.submodule_search_locations = portions
            return spec
        return None

    def _entry(self, entry) -> str:
        """A ``sys.path`` or ``__path__`` ENTRY as a real path ('' for what is not a folder name);
        remembered, since an import asks for the same few entries again and again."""
        if not isinstance(entry, str):
            return ""
        if entry == "":
            entry = os.getcwd()
        real = self.entries.get(entry)
        if real is None:
            try:
                real = self.entries[entry] = self._real(entry)
            except (TypeError, ValueError):
                real = ""
        return real

    def _resolve(self, name: str, path) -> machinery.ModuleSpec | None:
        """The installation's spec for NAME (PATH: the parent package's ``__path__``), or None to
        let the other finders look (a name the installation does not provide). A module of that
        name outside the installation (in the parent's ``__path__`` or under any ``sys.path``
        entry) is recorded and never loaded."""
        if name.partition(".")[0] not in self.protected:
            return None
        parents = name.split(".")[:-1]
        outside = [e for e in map(self._entry, list(sys.path)) if e and not self._under(e, self.installed)]
        elsewhere = [os.path.join(e, *parents) for e in outside]
        if not parents:
            for importer in (machinery.BuiltinImporter, machinery.FrozenImporter):
                spec = importer.find_spec(name)
                if spec is not None:
                    return spec
            folders = self.installed
        else:
            folders = []
            for real in map(self._entry, list(path or ())):
                (folders if real and self._under(real, self.installed) else elsewhere).append(real)
        spec = self._find(name, folders)
        if spec is not None:
            self.issued[name] = spec
        shadow = self._find(name, dict.fromkeys(e for e in elsewhere if e))
        if shadow is not None:
            places = shadow.submodule_search_locations or ["?"]
            where = shadow.origin if shadow.loader is not None else places[0]
            self._write("monkeypatch", _SHADOW.format(name=name, how="found at", where=self._tell(where)))
            if spec is None:
                raise ModuleNotFoundError(f"No module named {name!r} (the installation has none; "
                                          "a module outside it is not loaded while grading)")
        return spec

    def _tell(self, path: str) -> str:
        """PATH in words a student knows: relative to the notebook's folder or home."""
        folders = self.config_allowed
        for folder, words in zip(folders, ("the notebook's folder", "its home"), strict=False):
            for spelled in dict.fromkeys((folder, os.path.abspath(folder), self._real(folder))):
                if self._under(path, (spelled,)):
                    return f"{os.path.relpath(path, spelled)} in {words}"
        return path

    def _keep_guard_first(self) -> None:
        """The guard first on ``sys.meta_path`` and its class as it was: put back (and flagged) if
        the notebook changed either (a class's attributes raise no audit event, so they are compared)."""
        if vars(_ImportGuard).get("find_spec") is not self.find_spec or type(self.guard) is not _ImportGuard:
            self._write("monkeypatch", "the import guard's class was changed (put back): the course's "
                                       "modules cannot be replaced; every test cell scores 0")
            type.__setattr__(_ImportGuard, "find_spec", self.find_spec)
            object.__setattr__(self.guard, "__class__", _ImportGuard)
        meta_path = sys.meta_path
        if meta_path and meta_path[0] is self.guard:
            return
        self._write("monkeypatch", "sys.meta_path was changed ahead of the import guard (put back): "
                                   "the course's modules cannot be replaced; every test cell scores 0")
        while self.guard in meta_path:
            meta_path.remove(self.guard)
        meta_path.insert(0, self.guard)

    @staticmethod
    def _stack_modules() -> dict[str, object]:
        """The check stack's modules (``autograder``, NumPy) now in ``sys.modules``."""
        return {name: module for name, module in list(sys.modules.items())
                if name.partition(".")[0] in _PROTECTED_OWNERS}

    def _keep_stack_modules(self) -> None:
        """No module of the check stack in ``sys.modules`` replaced by another object: put back, flagged.
        A new one must come from the guard's own spec (a module object made by the notebook does not)."""
        for name, module in self._stack_modules().items():
            known = self.stack.get(name)
            self._keep_module_class(name, module)
            if known is module:
                continue
            spec = getattr(module, "__spec__", None) if isinstance(module, type(sys)) else None
            if spec is not None and spec is self.issued.get(name):  # loaded through the guard
                self.stack[name] = module
                continue
            self._write("monkeypatch", f"sys.modules[{name!r}] was replaced by an object the Python "
                                       "installation did not load (put back): every test cell scores 0")
            if known is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = known
        for name, module in self.stack.items():  # dropped ones come back as they were
            sys.modules.setdefault(name, module)
        self._keep_library_functions()

    def _keep_module_class(self, name: str, module: object) -> None:
        """A stack module's ``__class__``: a module type, or a class the installation defines. A class
        of the notebook's own (whose ``__getattribute__`` answers for the checks) leaves
        ``vars(module)`` unchanged, so the functions' put-back would not see it. Put back, flagged."""
        cls = type(module)
        if cls is type(sys) or not isinstance(module, type(sys)) or self._installed_class(cls):
            return
        self._write("monkeypatch", f"the class of module {name} was replaced (put back): every test "
                                   "cell scores 0")
        try:
            module.__class__ = type(sys)
        except TypeError:
            pass  # cannot be undone: the flag forfeits the notebook anyway

    def _keep_library_functions(self) -> None:
        """No function or class of the check library (``autograder``'s modules) replaced, however
        spelled (``vars(C)['check_x'] = ...`` is no assignment a scan sees): each is remembered
        when first seen, where it must be the installation's code, and put back (flagged) if it
        changes. A module's dict raises no audit event, so it is compared at every cell."""
        for name, module in self.stack.items():
            if name.partition(".")[0] != "autograder":
                continue
            entries = vars(module)
            known = self.library.setdefault(name, {})
            for key, value in list(entries.items()):
                if not (callable(value) and hasattr(value, "__module__")):
                    continue
                first = known.get(key)
                if first is None:
                    if self._library_value(value):
                        known[key] = value
                        continue
                elif first is value:
                    continue
                elif self._redefined(first, value):
                    known[key] = value  # importlib.reload ran the installation's file again
                    continue
                self._write("monkeypatch", f"{name}.{key} of the check library was replaced"
                            f"{' (put back)' if first is not None else ''}: every test cell scores 0")
                if first is not None:
                    entries[key] = first
                else:
                    known[key] = value  # said once

    @staticmethod
    def _shell_state() -> tuple | None:
        """What of IPython's shell reports a cell's errors and results: the functions of its
        IPython and ipykernel classes, the methods its instance shadows, and its
        ``custom_exceptions`` (``set_custom_exc``); None outside IPython."""
        try:
            shell = sys.modules["IPython"].get_ipython()
        except Exception:
            return None
        if shell is None:
            return None
        classes = [c for c in type(shell).__mro__
                   if str(getattr(c, "__module__", "")).split(".")[0] in ("IPython", "ipykernel")]
        functions = {(c.__qualname__, name): value for c in classes for name, value in vars(c).items()
                     if callable(value) or isinstance(value, staticmethod | classmethod)}
        shadowed = frozenset(n for n in vars(shell) if callable(getattr(type(shell), n, None)))
        handler = getattr(shell, "custom_exceptions", ()), vars(shell).get("CustomTB")
        return shell, functions, shadowed, *handler, _transformers(shell)

    def _shell_unchanged(self) -> None:
        """Flag (``monkeypatch``) a change to the shell's machinery since the first cell, such as
        ``InteractiveShell.showtraceback = ...`` or ``get_ipython().set_custom_exc(...)``; once."""
        if self.shell is None:
            return
        now = self._shell_state()
        if now is None or now[0] is not self.shell[0]:
            return
        # the installation may change it (the check library's own NameError hint does): only code
        # from outside the installation (the notebook's) counts
        replaced = [f"{owner}.{name}" for (owner, name), value in now[1].items()
                    if self.shell[1].get((owner, name)) is not value and not self._installed_code(value)]
        replaced += [f"{type(now[0]).__name__}.{name} (on the shell)" for name in now[2] - self.shell[2]
                     if not self._installed_code(vars(now[0]).get(name))]
        if (now[3], now[4]) != self.shell[3:5] and not self._installed_code(now[4]):
            replaced.append("set_custom_exc (a handler of its own for exceptions)")
        # what rewrites a cell's code before it runs (a test cell emptied to `pass`)
        added = [t for where, items in now[5].items() for t in items
                 if t not in self.shell[5].get(where, ()) and not self._installed_object(t)]
        if added:
            replaced.append("a transformer of the cells' code (input_transformers, ast_transformers)")
            _restore_transformers(now[0], self.shell[5])
            now = self._shell_state() or now
        if replaced:
            self._write("monkeypatch", f"IPython's machinery changed ({', '.join(sorted(replaced))[:150]}): "
                                       "what reports a cell's errors and results; every test cell scores 0")
            self.shell = now  # said once per change

    def _redefined(self, first: object, value: object) -> bool:
        """Whether VALUE is FIRST defined again by the installation's own file (importlib.reload):
        the same module and qualified name, and, for a function, the installation's code from the
        same file."""
        same_name = all(getattr(first, a, None) == getattr(value, a, None) and getattr(value, a, None)
                        for a in ("__module__", "__qualname__"))
        if not same_name or getattr(value, "__module__", None) == "__main__":
            return False
        if hasattr(first, "__wrapped__") and hasattr(value, "__wrapped__"):  # functools.lru_cache, wraps
            return type(first) is type(value) and self._redefined(first.__wrapped__, value.__wrapped__)
        if type(value) is type(_writes):
            return type(first) is type(_writes) and self._installed_code(value, depth=0) and \
                value.__code__.co_filename == first.__code__.co_filename
        return isinstance(value, type) and isinstance(first, type)

    def _installed_object(self, value: object) -> bool:
        """A function of the installation's code, or an instance of a class defined by it."""
        if type(value) is type(_writes) or hasattr(value, "__func__"):
            return self._installed_code(value)
        return self._installed_class(type(value))

    def _installed_class(self, cls: type) -> bool:
        """Whether CLS is defined by a module file of the installation (not a notebook cell)."""
        module = sys.modules.get(getattr(cls, "__module__", "__main__"))
        where = getattr(module, "__file__", None)
        return bool(where) and self._under(self._real(where), self.installed)

    def _library_value(self, value: object) -> bool:
        """Whether VALUE may be a name of the check library: a function of the installation's code,
        or another callable (a class, a builtin, a ufunc) that was not made in a notebook cell."""
        if type(value) is type(_writes):
            return self._installed_code(value, depth=0)
        return getattr(value, "__module__", None) != "__main__"

    def _installed_code(self, value: object, depth: int = 2) -> bool:
        """Whether VALUE (a function, method, static or class method) is the installation's code,
        and so are the functions its closure holds (a wrapper of IPython's around a notebook's
        handler is the notebook's), DEPTH closures deep."""
        while isinstance(value, staticmethod | classmethod) or hasattr(value, "__func__"):
            value = value.__func__
        code = getattr(value, "__code__", None) if type(value) is type(_writes) else None
        if code is None:
            return value is None or not callable(value)  # not code: nothing of the notebook's runs
        where = self.code_files.get(code.co_filename)
        if where is None:
            try:
                where = self.code_files[code.co_filename] = self._under(self._real(code.co_filename),
                                                                        self.installed)
            except (TypeError, ValueError):
                return False
        if not where:
            return False
        held = [c.cell_contents for c in value.__closure__ or () if _filled(c)]
        return depth == 0 or all(self._installed_code(h, depth - 1) for h in held if callable(h))

    def _refuse_module_file(self, raw, how: str) -> bool:
        """Refuse (PermissionError) and flag a module file named like an installed module in a
        writable folder: the second witness, should a fake get past the guard. False if not one.

        The path is read as spelled (no link resolved): a loader opens a module at its
        ``sys.path`` entry joined with the module's name, so a fake's path spells that name."""
        if isinstance(raw, int) or raw is None:
            return False
        try:
            text = os.fsdecode(raw)
        except (TypeError, ValueError):
            return False
        if not text.endswith(_MODULE_SUFFIXES):
            return False  # most opens
        path = os.path.normpath(os.path.join(os.getcwd(), text))
        folder = next((f for f in self.writable_spelled if path.startswith(f + os.sep)), None)
        if folder is None:
            return False
        names = [p.partition(".")[0] for p in path[len(folder) + 1:].split(os.sep) if p != "__pycache__"]
        first = next((i for i, n in enumerate(names) if n in self.protected), None)
        if first is None:
            return False
        names = names[first:]
        dotted = ".".join(names[:-1] if names[-1] == "__init__" and len(names) > 1 else names)
        self._write("monkeypatch", _SHADOW.format(name=dotted, how=how, where=f"at {self._tell(path)}"))
        raise PermissionError(13, REFUSED)


FIND_EVENT = "nncourse.find_spec"
"""Raised by :class:`_ImportGuard` for every module looked for: (name, path, a list for the spec)."""


def _filled(cell) -> bool:
    """Whether a closure CELL holds a value (an empty one raises on reading)."""
    try:
        cell.cell_contents  # noqa: B018
    except ValueError:
        return False
    return True


def _writes(mode: tuple) -> bool:
    """Whether an ``open`` event's MODE (a 1-tuple, or empty) writes."""
    return bool(mode) and isinstance(mode[0], str) and any(c in mode[0] for c in "wax+")


class _ImportGuard:
    """First on ``sys.meta_path``: shows the hook every module an import looks for, and returns
    the spec the hook found in the installation (the import wall, see the module's docstring).

    CPython raises the ``import`` audit event only for the import statement and ``__import__``;
    ``importlib.import_module`` and spec loaders go through the finders without it, and behind the
    walls the reference's files are not there to be opened, so without this an import of the
    reference by a name built at run time failed unseen. It holds no state the notebook could
    change: the hook searches, with its own finders; a change to its code is refused, and one to its
    class (which raises no audit event) is put back at the next import statement or cell.
    """

    __slots__ = ()

    def find_spec(self, name: str, path: object = None, target: object = None, _audit=sys.audit):
        # _audit bound at definition: a notebook that rebinds sys.audit does not silence the guard
        found: list = []
        _audit(FIND_EVENT, name, path, found)
        return found[0] if found else None


def _is_guard_code(obj: object) -> bool:
    """Whether OBJ is the import guard's class or one of its functions (neither may change)."""
    function = type(_writes)
    return obj is _ImportGuard or (type(obj) is function and obj.__qualname__.startswith("_ImportGuard."))


def install(environ=os.environ) -> bool:
    """Install the audit hook if ENVIRON holds its configuration (removed from it); whether it did."""
    raw = environ.pop(CONFIG_ENV, None)
    if not raw:
        return False
    hook = _Hook(json.loads(raw))
    sys.addaudithook(hook)
    sys.meta_path.insert(0, hook.guard)
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


#: where IPython keeps what rewrites a cell's code before it runs: (owner attribute or "", list)
_TRANSFORMER_LISTS = (("", "input_transformers_cleanup"), ("", "input_transformers_post"),
                      ("", "ast_transformers"), ("input_transformer_manager", "cleanup_transforms"),
                      ("input_transformer_manager", "line_transforms"),
                      ("input_transformer_manager", "token_transformers"))


def _transformer_list(shell: object, owner: str, name: str) -> list | None:
    holder = getattr(shell, owner, None) if owner else shell
    found = getattr(holder, name, None)
    return found if isinstance(found, list) else None


def _transformers(shell: object) -> dict[str, tuple]:
    """The shell's code transformers by list, as they are now (a tuple each)."""
    return {f"{owner}.{name}": tuple(found) for owner, name in _TRANSFORMER_LISTS
            if (found := _transformer_list(shell, owner, name)) is not None}


def _restore_transformers(shell: object, kept: dict[str, tuple]) -> None:
    """Each list back to what it held (in place: IPython holds the list objects)."""
    for owner, name in _TRANSFORMER_LISTS:
        found = _transformer_list(shell, owner, name)
        if found is not None and f"{owner}.{name}" in kept:
            found[:] = kept[f"{owner}.{name}"]
