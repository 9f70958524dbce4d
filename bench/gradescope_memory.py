"""Peak memory of the whole Gradescope grading run (the process tree: parent + every child), next
to Gradescope's default limit (768 MB), for the reference solution.

Runs what run_autograder runs (`python -m kit.clients.gradescope`) with `reference/` as the upload and
samples /proc every 50 ms (Linux). Two sums over the tree:
  RSS  each process's resident set, summed: pages a forked child shares with the parent count
       twice, so this over-states the need (an upper bound);
  PSS  each shared page split among the processes sharing it: the sum is what the tree really
       holds in memory, the closest figure to what a container's memory limit counts.

Usage: python bench/gradescope_memory.py [--questions q3,q5] [--interval 0.05]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grade_reference import print_questions  # the same per-question lines

ROOT = Path(__file__).resolve().parents[1]
GRADESCOPE_DEFAULT_MB = 768


def children_map() -> dict[int, list[int]]:
    """Every live process's children, from /proc/<pid>/stat (field 4 is the parent's pid)."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stream:
                stat = stream.read()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry))
    return tree


def descendants(root: int) -> list[int]:
    """`root` and every process below it."""
    tree, found, todo = children_map(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; (0, 0) once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as stream:
            fields = dict(line.split(":", 1) for line in stream if ":" in line and not line[0].isdigit())
    except OSError:
        return 0, 0
    return int(fields.get("Rss", "0 kB").split()[0]), int(fields.get("Pss", "0 kB").split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default="", help="comma-separated (default: all)")
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between samples (default 0.05)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "results.json"
        command = [sys.executable, "-m", "kit.clients.gradescope", "--submission", str(ROOT / "reference"),
                   "--results", str(results), *(["--questions", args.questions] if args.questions else [])]
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak_rss = peak_pss = peak_count = 0
        while process.poll() is None:
            pids = descendants(process.pid)
            sizes = [memory_kb(pid) for pid in pids]
            rss, pss = sum(s[0] for s in sizes), sum(s[1] for s in sizes)
            if pss > peak_pss:
                peak_pss, peak_count = pss, len(pids)
            peak_rss = max(peak_rss, rss)
            time.sleep(args.interval)
        wall = time.perf_counter() - start
        data = json.loads(results.read_text(encoding="utf-8"))
    score, total = data["score"], data["extra_data"]["max_score"]
    print(f"python -m kit.clients.gradescope, reference upload, {args.questions or 'all questions'}: {wall:.1f} s, "
          f"score {score:g} / {total:g}")
    print(f"  peak of the process tree: PSS {peak_pss / 1024:.0f} MB ({peak_count} processes), "
          f"RSS summed {peak_rss / 1024:.0f} MB; Gradescope's default limit: {GRADESCOPE_DEFAULT_MB} MB")
    print_questions(data)


if __name__ == "__main__":
    main()
