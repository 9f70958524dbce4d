"""What isolation costs: a full grade of the reference with the learner's code in sandboxed workers
(what `kit grade` does) against the same grade run in-process, side by side (goal: <= 1.2 x).

Runs alternate (isolated, in-process, isolated, ...) so a busy machine slows both alike. Each run
is a fresh `python -c` that calls kit.grader.grade; its wall time and the peak of the whole
process tree's resident memory (the grader, each question's judge and its worker, sampled from
/proc every 50 ms) are printed, then the median ratio.

Usage: python bench/isolation_cost.py [--rounds 1] [--jobs 2] [--questions q3,q5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = """
import sys
from kit import grader
report = grader.grade("reference", {questions}, parallel={jobs}, isolate={isolate})
print(report.score, report.max_score)
sys.exit(0 if report.score == report.max_score else 1)
"""


def tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and all its descendants, in MB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stream:
                fields = stream.read().rpartition(")")[2].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total / (1 << 20)


def run(isolate: bool, jobs: int, questions: list[str] | None) -> tuple[float, float]:
    """(wall seconds, peak tree MB) of one full grade."""
    code = PROGRAM.format(questions=questions, jobs=jobs, isolate=isolate)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"grading {'isolated' if isolate else 'in-process'} did not earn full marks:\n{out}\n{err}")
    return wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--questions", default="", help="comma-separated (default: all)")
    args = parser.parse_args()
    questions = [q for q in args.questions.split(",") if q] or None
    walls: dict[bool, list[float]] = {True: [], False: []}
    peaks: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.rounds):
        for isolate in (True, False):
            wall, peak = run(isolate, args.jobs, questions)
            walls[isolate].append(wall)
            peaks[isolate].append(peak)
            print(f"{'isolated  ' if isolate else 'in-process'}: {wall:6.1f} s wall, peak {peak:6.0f} MB (tree)")
    ratio = statistics.median(walls[True]) / statistics.median(walls[False])
    print(f"isolation cost: {ratio:.2f} x wall time (goal <= 1.2), peak tree memory "
          f"{max(peaks[True]):.0f} MB isolated vs {max(peaks[False]):.0f} MB in-process "
          f"({args.questions or 'all questions'}, --jobs {args.jobs}, {args.rounds} round(s))")


if __name__ == "__main__":
    main()
