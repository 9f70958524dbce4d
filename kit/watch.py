"""`kit watch qN`: rerun a question's public tests whenever its Python files change.

Polls modification times once a second (no file-watching dependency): cheap for a handful of
files, and it behaves the same on every OS and editor (including editors that save by
replacing the file). Ctrl-C stops it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kit.impl import ImplError, resolve_impl
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


def watch(folders: list[Path], run: Callable[[], object], interval: float = 1.0, max_runs: int | None = None,
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
    command = [sys.executable, "-m", "pytest", str(public), "--impl", str(impl_dir), "-q", "--no-header",
               "-p", "no:randomly"]

    def run() -> None:
        print(f"$ pytest {_display(public)}" + ("" if impl_dir == EXERCISES else f" --impl {impl_dir}"), flush=True)
        subprocess.run(command, cwd=ROOT)

    watch(folders, run, args.interval, args.max_runs)
    return 0


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)
