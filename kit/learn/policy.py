"""The static policy: what a solution to this lesson never needs, read from its source without running it.

It is advice, shown to learners in `pytest exercises/qN` and beside the grade in `kit grade`, so
they learn early what a solution should not do. It is not the defence: the learner's code runs in
a sandboxed worker (kit.isolation.sandbox) that cannot reach the kit's answers, tests, files or the network
whatever the source says. Files are read as bytes and decoded as Python does (PEP 263), so a file
the check cannot decode is reported rather than skipped.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from pathlib import Path

from kit.messages import msg

# Top-level packages a submission may not import: the answers and the hidden tests. Values name
# why (a `policy.why.*` message of kit.messages).
FORBIDDEN = {"reference": "reference", "tests": "kit_tests"}


class Unreadable(Exception):
    """A source file the check cannot decode or parse."""


def _parse(path: Path) -> ast.Module | None:
    """A solution file's syntax tree, decoded as Python decodes it (PEP 263); None when it does not parse."""
    data = path.read_bytes()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        raise Unreadable(str(exc)) from None
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
    return [msg("policy.line", line=line, what=msg("policy.imports", name=name,
                                                    why=_why(FORBIDDEN[name.partition(".")[0]])))
            for line, name, _ in _imports(tree) if name.partition(".")[0] in FORBIDDEN]


def _why(reason: str) -> str:
    return msg(f"policy.why.{reason}")


# What a solution to this lesson never needs, and what would let it reach the grading machinery:
# the test framework, processes and threads, raw memory, frames and interpreter internals.
BANNED_MODULES = {
    "pytest": "test_framework", "_pytest": "test_framework", "pluggy": "test_framework",
    "unittest": "test_framework", "conftest": "test_framework", "xdist": "test_framework",
    "hypothesis": "test_framework",
    "subprocess": "processes", "multiprocessing": "processes", "threading": "threads",
    "_thread": "threads", "concurrent": "threads", "signal": "signals", "ctypes": "raw_memory",
    "cffi": "raw_memory", "inspect": "frames", "importlib": "dynamic_imports", "builtins": "interpreter",
    "gc": "interpreter", "atexit": "interpreter", "sys": "interpreter",
    "socket": "network", "urllib": "network", "http": "network", "requests": "network",
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
            key = "policy.imports" if form == "import" else "policy.imports_from"
            found.append((line, msg(key, name=name, why=_why(BANNED_MODULES[top]))))
        elif top == "kit" and form == "import":
            found.append((line, msg("policy.kit_import", name=name)))
        elif top == "kit" and name not in ALLOWED_KIT:
            found.append((line, msg("policy.kit_from", name=name)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in BANNED_CALLS:
            found.append((node.lineno, msg("policy.calls", name=node.func.id)))
        elif isinstance(node, ast.Attribute) and node.attr in BANNED_ATTRIBUTES:
            found.append((node.lineno, msg("policy.uses", name=f".{node.attr}", why=_why("internals"))))
        elif (isinstance(node, ast.Attribute) and node.attr in BANNED_OS and isinstance(node.value, ast.Name)
              and node.value.id == "os"):
            found.append((node.lineno, msg("policy.uses", name=f"os.{node.attr}", why=_why("processes"))))
        elif isinstance(node, ast.Name) and node.id == "__builtins__":
            found.append((node.lineno, msg("policy.uses", name="__builtins__", why=_why("internals"))))
    return [msg("policy.line", line=line, what=what) for line, what in sorted(found, key=lambda item: item[0])]


def advice(path: Path) -> list[str]:
    """Every finding of the static policy for one solution file ("line N: ..."), the import rule first."""
    try:
        return forbidden_imports(path) + policy_violations(path)
    except Unreadable as exc:
        return [msg("policy.unreadable", error=exc)]


def listed(names: list[str], limit: int = 3) -> str:
    """The first `limit` names, comma-separated, and how many more there are."""
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more

# Plain values a module may rebind as it runs (a path, a flag); everything else is watched.
