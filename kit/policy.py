"""The static policy: what a solution to this lesson never needs, read from its source without running it.

It is advice, shown to learners in `pytest exercises/qN` and beside the grade in `kit grade`, so
they learn early what a solution should not do. It is not the defence: the learner's code runs in
a sandboxed worker (kit.sandbox) that cannot reach the kit's answers, tests, files or the network
whatever the source says. Files are read as bytes and decoded as Python does (PEP 263), so a file
the check cannot decode is reported rather than skipped.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from pathlib import Path

# Top-level packages a submission may not import: the answers and the hidden tests.
FORBIDDEN = {"reference": "the reference solutions", "tests": "the kit's tests"}


class Unreadable(Exception):
    """A source file the check cannot decode or parse."""


def _parse(path: Path) -> ast.Module | None:
    """A solution file's syntax tree, decoded as Python decodes it (PEP 263); None when it does not parse."""
    data = path.read_bytes()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        raise Unreadable(f"cannot decode the source ({exc})") from None
    try:
        return ast.parse(text, filename=str(path))
    except (SyntaxError, ValueError):
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

    Advice only (POLICY says why); the honest
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


def advice(path: Path) -> list[str]:
    """Every finding of the static policy for one solution file ("line N: ..."), the import rule first."""
    try:
        return forbidden_imports(path) + policy_violations(path)
    except Unreadable as exc:
        return [f"{exc}: the static check could not read this file"]


def listed(names: list[str], limit: int = 3) -> str:
    """The first `limit` names, comma-separated, and how many more there are."""
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more

# Plain values a module may rebind as it runs (a path, a flag); everything else is watched.
