"""What a grading child process may not do: reach the network, import the kit's answers or
tests, or grow past its memory limit.

The grader installs these guards in each question's child process before pytest starts, so
they are in place before the learner's module is imported. `forbidden_imports` is the static
half of the import rule: it reads a solution file without running it.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import importlib.abc
import os
import resource
import shutil
import signal
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

# Top-level packages a submission may not import: the answers and the hidden tests.
FORBIDDEN = {"reference": "the reference solutions", "tests": "the kit's tests"}
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "NO_PROXY": "",
    "no_proxy": "",
}
# Frames that are import machinery, never the code that asked for the import.
_MACHINERY = ("<frozen importlib", os.path.dirname(importlib.__file__), __file__)


class NetworkBlocked(PermissionError):
    """Raised on any socket connection (other than a local Unix socket) while grading."""


def _parse(path: Path) -> ast.Module | None:
    """A solution file's syntax tree; None when it does not parse (running it reports the SyntaxError)."""
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, ValueError, UnicodeDecodeError):
        return None


def _imports(tree: ast.Module) -> Iterator[tuple[int, str, str]]:
    """(line, module name, form) for every import in `tree`: form "import" (`import x`), "from"
    (`from x import y`) or "call" (`importlib.import_module("x")` / `__import__("x")` with a literal)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, "import"
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, "from"
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                yield node.lineno, node.args[0].value, "call"


def forbidden_imports(path: Path) -> list[str]:
    """Static check: "line N: imports `reference`" for each import of a forbidden package.

    Covers `import x`, `from x import y`, and `importlib.import_module("x...")` /
    `__import__("x...")` with a literal name. A file that does not parse returns no findings:
    running it reports the SyntaxError to the learner.
    """
    tree = _parse(path)
    if tree is None:
        return []
    return [f"line {line}: imports `{name}` ({FORBIDDEN[name.partition('.')[0]]})"
            for line, name, _ in _imports(tree) if name.partition(".")[0] in FORBIDDEN]


# What a solution to this lesson never needs, and what would let it reach the grading machinery:
# the test framework, processes and threads, raw memory, frames and interpreter internals.
BANNED_MODULES = {
    "pytest": "the test framework", "_pytest": "the test framework", "pluggy": "the test framework",
    "unittest": "the test framework", "conftest": "the test framework", "xdist": "the test framework",
    "hypothesis": "the test framework",
    "subprocess": "other processes", "multiprocessing": "other processes", "threading": "threads",
    "_thread": "threads", "concurrent": "threads", "signal": "signals", "ctypes": "raw memory",
    "cffi": "raw memory", "inspect": "frames", "importlib": "dynamic imports", "builtins": "the interpreter",
    "gc": "the interpreter", "atexit": "the interpreter", "sys": "the interpreter",
    "socket": "the network", "urllib": "the network", "http": "the network", "requests": "the network",
}
# The kit modules a solution may import names from (with `from kit.x import y` only).
ALLOWED_KIT = {"kit.assets", "kit.paths"}
BANNED_CALLS = {"exec", "eval", "compile", "__import__", "globals", "breakpoint", "exit", "quit"}
BANNED_OS = {"fork", "forkpty", "setsid", "setpgid", "kill", "killpg", "system", "popen", "_exit", "abort",
             "execv", "execve", "execl", "execlp", "execvp", "execvpe", "spawnv", "spawnl", "posix_spawn"}
BANNED_ATTRIBUTES = {"__globals__", "__builtins__", "__subclasses__", "__code__", "__closure__", "__loader__",
                     "__spec__", "f_back", "f_globals", "f_locals", "f_builtins", "tb_frame", "gi_frame",
                     "cr_frame", "ag_frame", "_getframe"}
POLICY = ("a solution may only compute its answers: no test framework, processes, threads, frames, "
          "network or interpreter internals")


def policy_violations(path: Path) -> list[str]:
    """Static check of everything but the answer imports: "line N: <what>" for each banned construct.

    The grader scores a question 0 when its solution has any (POLICY says why); the honest
    solutions of this lesson need torch, transformers, pandas, numpy, plotly and the standard
    library's maths, so nothing here stands in an honest learner's way.
    """
    tree = _parse(path)
    if tree is None:
        return []
    found: list[tuple[int, str]] = []
    for line, name, form in _imports(tree):
        top = name.partition(".")[0]
        if form == "call":
            continue  # `__import__(...)` is a banned call and `import_module` needs importlib
        if top in BANNED_MODULES:
            what = f"imports `{name}`" if form == "import" else f"imports from `{name}`"
            found.append((line, f"{what} ({BANNED_MODULES[top]})"))
        elif top == "kit" and form == "import":
            found.append((line, f"imports `{name}` (use `from kit.assets import ...` or `from kit.paths import ...`)"))
        elif top == "kit" and name not in ALLOWED_KIT:
            found.append((line, f"imports from `{name}` (only kit.assets and kit.paths are for solutions)"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in BANNED_CALLS:
            found.append((node.lineno, f"calls `{node.func.id}()`"))
        elif isinstance(node, ast.Attribute) and node.attr in BANNED_ATTRIBUTES:
            found.append((node.lineno, f"uses `.{node.attr}` (interpreter internals)"))
        elif (isinstance(node, ast.Attribute) and node.attr in BANNED_OS and isinstance(node.value, ast.Name)
              and node.value.id == "os"):
            found.append((node.lineno, f"uses `os.{node.attr}` (processes)"))
        elif isinstance(node, ast.Name) and node.id == "__builtins__":
            found.append((node.lineno, "uses `__builtins__` (interpreter internals)"))
    return [f"line {line}: {what}" for line, what in sorted(found, key=lambda item: item[0])]


def limit_memory(megabytes: int) -> None:
    """Cap the process's address space (RLIMIT_AS): a runaway allocation raises MemoryError."""
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def block_network() -> None:
    """Offline environment variables, and socket connections that fail at once."""
    os.environ.update(OFFLINE_ENV)
    original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self: socket.socket, address, *args):
        if self.family == getattr(socket, "AF_UNIX", None):
            return original_connect(self, address, *args)
        raise NetworkBlocked(f"network access is disabled while grading (connect to {address!r})")

    def connect_ex(self: socket.socket, address, *args):
        if self.family == getattr(socket, "AF_UNIX", None):
            return original_connect_ex(self, address, *args)
        raise NetworkBlocked(f"network access is disabled while grading (connect to {address!r})")

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex


class _ImportGuard(importlib.abc.MetaPathFinder):
    """Refuses forbidden packages when the import comes from the submission's code."""

    def __init__(self, submission: Path, log: Path):
        self.submission = str(submission.resolve())
        self.log = log

    def from_submission(self) -> bool:
        """Whether the code asking for an import (the first frame outside the machinery) is the submission's."""
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename.startswith(_MACHINERY):
            frame = frame.f_back
        return frame is not None and frame.f_code.co_filename.startswith(self.submission)

    def refuse(self, name: str) -> None:
        top = name.partition(".")[0]
        message = f"a submission may not import `{name}` ({FORBIDDEN[top]}); this question scores 0"
        with open(self.log, "a", encoding="utf-8") as stream:
            stream.write(message + "\n")
        raise ImportError(message, name=name)

    def check(self, name: str) -> None:
        if name.partition(".")[0] in FORBIDDEN and self.from_submission():
            self.refuse(name)

    def find_spec(self, fullname, path=None, target=None):
        self.check(fullname)
        return None


def guard_imports(submission: Path, log: Path) -> None:
    """Make imports of `reference` / `tests` from files under `submission` fail and be logged in `log`.

    Three doors, because a module already in sys.modules never reaches a meta-path finder:
    the `import` statement (builtins.__import__), importlib.import_module, and the finder for
    anything else that imports by name.
    """
    guard = _ImportGuard(submission, log)
    sys.meta_path.insert(0, guard)
    original_import, original_import_module = builtins.__import__, importlib.import_module

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0:
            guard.check(name)
        return original_import(name, globals, locals, fromlist, level)

    def guarded_import_module(name, package=None):
        if not name.startswith("."):
            guard.check(name)
        return original_import_module(name, package)

    builtins.__import__ = guarded_import
    importlib.import_module = guarded_import_module


_MISSING = object()


def listed(names: list[str], limit: int = 3) -> str:
    """The first `limit` names, comma-separated, and how many more there are."""
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more

# Plain values a module may rebind as it runs (a path, a flag); everything else is watched.
_SCALARS = (str, bytes, int, float, complex, bool, type(None))


def _own_rewrap(old: object, new: object) -> bool:
    """Whether `new` is the library's own wrapper around `old` (torch wraps some functions lazily,
    e.g. torch.manual_seed in torch/_compile.py): it wraps `old` and its code lives in the same package."""
    module = sys.modules.get(getattr(old, "__module__", "") or "")
    package = sys.modules.get((getattr(module, "__name__", "") or "").partition(".")[0])
    root = os.path.dirname(getattr(package, "__file__", "") or "")
    filename = getattr(getattr(new, "__code__", None), "co_filename", "")
    return bool(root) and getattr(new, "__wrapped__", None) is old and filename.startswith(root + os.sep)


class IntegrityGuard:
    """Notices a submission that rebinds what the tests and pytest's reporting rely on.

    `take()` (before the learner's module is imported) records the identity of every function,
    class, descriptor and container in the watched namespaces: torch's comparisons, the kit's
    checks and plugin, pytest's report machinery, builtins. `changed()` lists the names bound to something else
    since. The grader checks after every test, so a patch that is undone later is still seen.
    Installed as a pytest plugin object, it reports the first change to `log`.
    """

    def __init__(self, log: Path):
        self.log = log
        self.snapshot: dict[str, tuple[object, dict[str, object]]] = {}
        self.reported = False

    @staticmethod
    def watched() -> list[tuple[str, object]]:
        import json
        import math

        import _pytest.outcomes
        import _pytest.reports
        import _pytest.runner
        import numpy
        import torch
        import torch.nn.functional

        import kit.checks
        import kit.impl
        import kit.pytest_plugin

        return [("builtins", builtins), ("math", math), ("json", json), ("numpy", numpy), ("torch", torch),
                ("torch.Tensor", torch.Tensor), ("torch.nn.functional", torch.nn.functional),
                ("torch.testing", torch.testing), ("kit.checks", kit.checks), ("kit.impl", kit.impl),
                ("kit.pytest_plugin", kit.pytest_plugin), ("_pytest.runner", _pytest.runner),
                ("_pytest.runner.CallInfo", _pytest.runner.CallInfo), ("_pytest.reports", _pytest.reports),
                ("_pytest.reports.BaseReport", _pytest.reports.BaseReport),
                ("_pytest.reports.TestReport", _pytest.reports.TestReport), ("_pytest.outcomes", _pytest.outcomes)]

    def take(self) -> None:
        for label, namespace in self.watched():
            names = {k: v for k, v in vars(namespace).items() if not isinstance(v, _SCALARS)}
            self.snapshot[label] = (namespace, names)

    def changed(self) -> list[str]:
        found = []
        for label, (namespace, names) in self.snapshot.items():
            now = vars(namespace)
            found += [f"{label}.{name}" for name, value in names.items()
                      if now.get(name, _MISSING) is not value and not _own_rewrap(value, now.get(name))]
        return found

    def verify(self) -> bool:
        """Log the first change (once); True while nothing has changed."""
        changed = self.changed()
        if changed and not self.reported:
            self.reported = True
            with open(self.log, "a", encoding="utf-8") as stream:
                stream.write(f"the submission replaced {listed(changed)} while its tests ran (tampering with "
                             "the checks or their reporting); this question scores 0\n")
        return not changed

    def pytest_runtest_logreport(self, report) -> None:
        """A pytest hook: check after every test (the grader checks once more when pytest returns)."""
        self.verify()


class KitFiles:
    """The kit's own files that grading reads, held in memory so a submission's writes are undone.

    `snapshot()` reads every file under the given folders (tests, reference, checks, plugin,
    data); `undo()` puts the snapshot back, removes added files and names what had changed.
    Caches (__pycache__) are ignored.
    """

    def __init__(self, roots: list[Path], files: list[Path]):
        self.roots, self.files = roots, files
        self.saved: dict[Path, bytes] = {}

    def _paths(self) -> list[Path]:
        found = [f for f in self.files if f.is_file()]
        for root in self.roots:
            if root.is_dir():
                found += [p for p in root.rglob("*")
                          if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
        return sorted(set(found))

    def snapshot(self) -> None:
        self.saved = {path: path.read_bytes() for path in self._paths()}

    def undo(self, keep: Path) -> list[str]:
        """Put the snapshot back and name what had changed (modified, removed, then added files);
        the changed and added files are first copied under `keep`. [] when nothing changed."""
        changed = sorted(path for path, data in self.saved.items() if not self._same(path, data))
        added = sorted(set(self._paths()) - set(self.saved))
        for path in changed + added:
            if path.is_file():
                copy = keep / self._name(path)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, copy)
        for path in added:
            path.unlink()
        for path in changed:
            if path.is_symlink() or path.is_file():
                path.unlink()
            elif path.is_dir():
                shutil.rmtree(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(self.saved[path])
        return [self._name(path) for path in changed + added]

    @staticmethod
    def _same(path: Path, data: bytes) -> bool:
        return not path.is_symlink() and path.is_file() and path.read_bytes() == data

    @staticmethod
    def _name(path: Path) -> str:
        from kit.paths import ROOT

        try:
            return str(path.relative_to(ROOT))
        except ValueError:
            return str(path)


# ---------------------------------------------------------------- processes a submission leaves behind

PR_SET_CHILD_SUBREAPER = 36


def set_subreaper(on: bool) -> bool:
    """Adopt (or stop adopting) orphaned descendants: a process a submission detached (double fork,
    setsid) then becomes this process's child, where `kill_strays` finds it. Linux only; False elsewhere."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def clock_ticks() -> int:
    """Now, in the clock ticks since boot that /proc/<pid>/stat uses for a process's start time."""
    with open("/proc/uptime", encoding="ascii") as stream:
        return int(float(stream.read().split()[0]) * os.sysconf("SC_CLK_TCK"))


def kill_strays(keep: set[int], since: int) -> list[int]:
    """Kill and reap this process's children that are not in `keep` and started at or after `since`
    (clock ticks): what a finished question's code left running. Returns their pids."""
    me, killed = os.getpid(), []
    try:
        entries = [int(e) for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return killed
    for pid in entries:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stream:
                fields = stream.read().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == me and pid not in keep and int(fields[19]) >= since:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                killed.append(pid)
            except (ProcessLookupError, ChildProcessError):
                pass
    return killed
