"""The tree keeps its architecture: every module of `kit/` imports only from its own layer or a lower
one (the order in `kit.LAYERS`), and no import circle exists, function-level imports included.

Imports are read from the source (AST), so a lazy import inside a function counts as much as one at
the top: a circle that only closes at run time is still a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import kit
from kit.paths import ROOT

PACKAGE = ROOT / "kit"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """The kit modules `path` imports: `from kit.x import y` names kit.x.y when that is a module, else kit.x."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                if name in known:
                    found.add(name)
                elif node.module in known:
                    found.add(node.module)
    return found - {module_name(path)}


def layer_of(name: str) -> int:
    best, rank = -1, None
    for index, (_, prefixes) in enumerate(kit.LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), index
    assert rank is not None, f"{name} is in no layer of kit.LAYERS"
    return rank


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(path, set(found)) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_module_is_in_a_layer():
    for name in modules():
        layer_of(name)


def test_no_module_imports_a_higher_layer():
    names = [layer for layer, _ in kit.LAYERS]
    wrong = [f"{m} ({names[layer_of(m)]}) imports {d} ({names[layer_of(d)]})"
             for m, deps in graph().items() for d in sorted(deps) if layer_of(d) > layer_of(m)]
    assert not wrong, wrong


def test_there_is_no_import_circle():
    assert not cycles(graph())


def test_the_check_sees_a_circle_and_a_layer_broken():
    """The wrong variants: a circle of two modules, and a core module importing the CLI."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    assert layer_of("kit.paths") < layer_of("kit.cli")
    edges = graph()
    edges["kit.paths"] = {"kit.cli"}
    assert cycles(edges), "kit.cli imports kit.paths, so kit.paths importing kit.cli closes a circle"
