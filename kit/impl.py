"""The one seam between tests and learner code: which implementation a run grades.

`--impl` (or `KIT_IMPL`) is `exercises` (the default), `reference`, or the path of any
folder shaped like `exercises/` (q1/solution.py, q2/solution.py, ...). Tests never import
a question module themselves; they ask for it here.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

from kit.messages import msg
from kit.paths import EXERCISES, REFERENCE, SOLUTION_FILE

QUESTION_DIR = re.compile(r"^q(\d+)$")
# path -> (file stamp when it was imported, module): a stamp that no longer matches means reload.
_loaded: dict[Path, tuple[str, ModuleType]] = {}


def forget_loaded() -> None:
    """Forget every solution module loaded so far (the next load imports the file again)."""
    _loaded.clear()


class ImplError(Exception):
    """The chosen implementation folder or module cannot be used."""


def resolve_impl(value: str | None) -> Path:
    """Turn an `--impl` value into the folder that holds q1/, q2/, ..."""
    if value in (None, "", "exercises"):
        return EXERCISES
    if value == "reference":
        if not REFERENCE.is_dir():
            raise ImplError(msg("impl.no_reference"))
        return REFERENCE
    folder = Path(value).expanduser().resolve()
    if not folder.is_dir():
        raise ImplError(msg("impl.no_folder", value=repr(value)))
    return folder


def question_of(path: Path) -> str | None:
    """The question ("q4") a test file belongs to, from its folder name; None for harness tests."""
    for part in reversed(path.parts[:-1]):
        if QUESTION_DIR.match(part):
            return part
    return None


def load_solution(impl_dir: Path, question: str) -> ModuleType:
    """Import `<impl_dir>/<question>/solution.py` under a name unique to that file.

    A module is loaded once per process and loaded again when its file has changed since (a
    notebook kernel or `kit watch` runs pytest many times in one process: an edit must never
    be graded against the old code). Its import errors surface as ImplError naming the
    question, so a syntax error costs that question only.
    """
    path = (impl_dir / question / SOLUTION_FILE).resolve()
    try:
        stamp = _stamp(path)
    except OSError:
        raise ImplError(msg("impl.not_found", question=question, path=path)) from None
    cached = _loaded.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    digest = hashlib.sha1(str(path).encode()).hexdigest()[:8]
    name = f"kit_impl_{digest}_{question}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise ImplError(msg("impl.import_failed", question=question, path=path,
                            error=f"{type(exc).__name__}: {exc}")) from exc
    _loaded[path] = (stamp, module)
    return module


def _stamp(path: Path) -> str:
    """A hash of the file's bytes: unlike mtime and size, it sees two same-size saves within one clock tick."""
    return hashlib.sha1(path.read_bytes()).hexdigest()


def public_definitions(source: str, constants: bool = False) -> dict[str, ast.stmt]:
    """The public top-level functions and classes of a solution file's source, by name, in file order; with
    `constants`, its public one-name assignments too (`FULL_LR = 5e-5`)."""
    found: dict[str, ast.stmt] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = node.name
        elif constants and isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
        else:
            continue
        if not name.startswith("_"):
            found[name] = node
    return found
