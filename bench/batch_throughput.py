"""Throughput of `kit grade-batch`: submissions graded per minute (goal: >= 4 on 2 cores).

Builds a small class of submissions with all ten questions: the reference, the untouched
stubs, and the reference with one known-wrong function per question (the first mutant of
each), repeated to --size submissions; then times one `kit grade-batch --jobs N`.

Usage: python bench/batch_throughput.py [--size 6] [--jobs 2]
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kit.authoring.mutants import discover, mutant_source  # noqa: E402
from kit.paths import EXERCISES, REFERENCE, SOLUTION_FILE  # noqa: E402


def make_class(folder: Path, size: int) -> None:
    """`size` submission folders cycling through reference / stubs / one-mutant-per-question."""
    first_mutant = {}
    for mutant in discover():
        first_mutant.setdefault(mutant.question, mutant)
    kinds = itertools.cycle(["reference", "stubs", "mutants"])
    for number, kind in zip(range(size), kinds, strict=False):
        target = folder / f"{kind}-{number}"
        if kind == "stubs":
            shutil.copytree(EXERCISES, target, ignore=shutil.ignore_patterns("test_*", "__pycache__"))
            continue
        shutil.copytree(REFERENCE, target, ignore=shutil.ignore_patterns("__pycache__"))
        if kind == "mutants":
            for question, mutant in first_mutant.items():
                (target / question / SOLUTION_FILE).write_text(mutant_source(mutant), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=6)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        make_class(folder, args.size)
        command = [sys.executable, "-m", "kit.cli", "grade-batch", str(folder), "--out", str(Path(tmp) / "out"),
                   "--jobs", str(args.jobs)]
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        wall = time.perf_counter() - start
        print((Path(tmp) / "out" / "gradebook.csv").read_text(encoding="utf-8").strip())
    print(f"{args.size} submissions (reference / stubs / one mutant per question), --jobs {args.jobs}: "
          f"{wall:.1f} s, {60 * args.size / wall:.1f} submissions per minute")


if __name__ == "__main__":
    main()
