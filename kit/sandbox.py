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
import socket
import sys
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


def forbidden_imports(path: Path) -> list[str]:
    """Static check: "line N: imports `reference`" for each import of a forbidden package.

    Covers `import x`, `from x import y`, and `importlib.import_module("x...")` /
    `__import__("x...")` with a literal name. A file that does not parse returns no findings:
    running it reports the SyntaxError to the learner.
    """
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, ValueError, UnicodeDecodeError):
        return []
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
        for name in names:
            top = name.partition(".")[0]
            if top in FORBIDDEN:
                found.append(f"line {node.lineno}: imports `{name}` ({FORBIDDEN[top]})")
    return found


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
