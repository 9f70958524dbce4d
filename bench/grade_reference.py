"""Wall time and peak memory of one `kit grade --impl reference` (goal: <= 60 s, <= 768 MB).

Peak memory is the largest resident set of any process of the run (the warm parent or one
question's child); the children share the parent's imported pages, so this is also close to
what the run needs at once with --jobs 1.

Usage: python bench/grade_reference.py [--questions q3,q5] [--jobs 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default="", help="comma-separated (default: all)")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "results.json"
        command = [sys.executable, "-m", "kit.cli", "grade", "--impl", "reference", "--results", str(results),
                   "--jobs", str(args.jobs), *(["--questions", args.questions] if args.questions else [])]
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        wall = time.perf_counter() - start
        data = json.loads(results.read_text(encoding="utf-8"))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"kit grade --impl reference {args.questions or '(all)'} --jobs {args.jobs}: {wall:.1f} s wall, "
          f"peak {peak:.0f} MB, score {data['score']:g} / {data['extra_data']['max_score']:g}")
    print_questions(data)


def print_questions(results: dict) -> None:
    """One line per question of a results.json: status, duration, its child's peak resident set."""
    for key, q in results["extra_data"]["questions"].items():
        print(f"  {key:<4} {q['status']:<12} {q['duration_s']:6.1f} s  child peak RSS {q['peak_rss_mb']:6.0f} MB")


if __name__ == "__main__":
    main()
