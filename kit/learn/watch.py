"""`kit watch qN`: rerun a question's public tests whenever its Python files change.

Polls modification times five times a second (no file-watching dependency): cheap for a
handful of files, and it behaves the same on every OS and editor (including editors that save
by replacing the file). Ctrl-C stops it.

Re-runs are instant because one warm parent imports torch, transformers, pytest, the kit and the
question's test imports, and reads the model once; each run is a child forked from it by the kit's
one warm-fork runner (kit.isolation.runner, as grading uses it), so nothing a run does (a loaded
solution, a changed global) reaches the next.
`--cold` starts a fresh `python -m pytest` per run instead (where fork is unavailable).
"""

from __future__ import annotations

import ast
import gc
import importlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kit.impl import ImplError, resolve_impl
from kit.isolation import runner
from kit.messages import msg
from kit.paths import EXERCISES, ROOT

Snapshot = dict[str, int]


def snapshot(folder: Path) -> Snapshot:
    """Modification time (ns) of each `*.py` file directly in `folder`, by name."""
    stamps = {}
    for path in folder.glob("*.py"):
        try:
            stamps[path.name] = path.stat().st_mtime_ns
        except OSError:  # deleted between glob and stat: it counts as gone
            continue
    return stamps


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, removed or modified between two snapshots, by name."""
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def watch(folders: list[Path], run: Callable[[], object], interval: float = 0.2, max_runs: int | None = None,
          sleep: Callable[[float], None] = time.sleep, say: Callable[[str], None] = print) -> int:
    """Call `run` once, then again after every change under `folders`; the number of runs.

    Stops after `max_runs` runs (for tests) or on Ctrl-C.
    """
    runs = 0
    try:
        state = [snapshot(f) for f in folders]
        run()
        runs += 1
        while max_runs is None or runs < max_runs:
            say(msg("watch.watching", folders=", ".join(_display(f) for f in folders)))
            while True:
                sleep(interval)
                now = [snapshot(f) for f in folders]
                changed = [name for old, new in zip(state, now, strict=True) for name in changes(old, new)]
                if changed:
                    state = now
                    break
            say("\n" + msg("watch.changed", files=", ".join(changed)))
            run()
            runs += 1
    except KeyboardInterrupt:
        say("\n" + msg("watch.stopped"))
    return runs


def main(args) -> int:
    """`kit watch qN [--impl PATH]`."""
    question = args.question
    public = EXERCISES / question
    if not public.is_dir():
        known = sorted((p.name for p in EXERCISES.glob("q*") if p.is_dir()), key=lambda n: int(n[1:]))
        print(msg("cli.unknown_question", question=question, known=", ".join(known)), file=sys.stderr)
        return 2
    try:
        impl_dir = resolve_impl(args.impl)
    except ImplError as exc:
        print(f"kit watch: {exc}", file=sys.stderr)
        return 2
    folders = list(dict.fromkeys([impl_dir / question, public]))
    options = [str(public), "--impl", str(impl_dir), "-q", "--no-header", "-p", "no:randomly",
               # The warm parent imported the plugin and hypothesis before pytest could rewrite their asserts.
               "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    title = f"$ pytest {_display(public)}" + ("" if impl_dir == EXERCISES else f" --impl {impl_dir}")
    cold = args.cold or not hasattr(os, "fork")
    if not cold:
        warm_up(public)

    def run() -> None:
        print(title, flush=True)
        if cold:
            subprocess.run([sys.executable, "-m", "pytest", *options], cwd=ROOT)
        else:
            runner.run_one(options)

    watch(folders, run, args.interval, args.max_runs, say=lambda line: print(line, flush=True))
    return 0


def warm_up(public: Path) -> None:
    """Import, once, what every run of `public`'s tests needs, and read the model files.

    The plugin comes first: it sets HF_HUB_OFFLINE, which huggingface_hub reads once, at import.
    """
    import kit.learn.pytest_plugin  # noqa: F401
    runner.prewarm()
    import torch
    from transformers import AutoModelForMaskedLM, AutoTokenizer

    # As the plugin does in each run: one thread, so no thread pool exists when a child forks.
    torch.set_num_threads(int(os.environ.get("KIT_TORCH_THREADS", "1")))
    from transformers.utils import logging

    from kit import assets

    logging.set_verbosity_error()  # the load report of a model read without its heads is noise here
    try:
        # Loading once imports transformers' lazily loaded BERT modules and puts the files in the OS cache.
        AutoTokenizer.from_pretrained(assets.model_name_or_path())
        AutoModelForMaskedLM.from_pretrained(assets.model_name_or_path())
    except Exception:
        pass
    for module in [*pytest_plugin_modules(), *test_imports(public)]:
        try:
            importlib.import_module(module)
        except Exception:
            continue
    # pytest collects garbage five times as a session ends: without this, every child would walk
    # (and copy, page by page) the parent's million imported objects each time, seconds per run.
    gc.freeze()


def pytest_plugin_modules() -> list[str]:
    """pytest's own plugins and the installed ones (entry points): a run would import, and
    assert-rewrite, each of them again (about a second under load)."""
    from importlib.metadata import entry_points

    from _pytest.config import default_plugins

    installed = [entry.value.partition(":")[0] for entry in entry_points(group="pytest11")]
    return [f"_pytest.{name}" for name in default_plugins] + installed


def test_imports(public: Path) -> list[str]:
    """The modules the question's test files import at their top (the kit's checks, hypothesis, pandas ...)."""
    modules = []
    for path in sorted(public.glob("test_*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError):
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                modules.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.append(node.module)
    return list(dict.fromkeys(modules))


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)
