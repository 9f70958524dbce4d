"""What isolation costs: a full grade of the reference with the learner's code in sandboxed workers
(what `kit grade` does) against the same grade run in-process, side by side (goal: <= 1.2 x).

Runs alternate (isolated, in-process, isolated, ...) so a busy machine slows both alike. Each run
is a fresh `python -c` that calls kit.grading.grader.grade; its wall time and the peak memory of the whole
process tree (the grader, the zygote, each question's judge and its worker, sampled from /proc
every 100 ms, as PSS and as resident sets summed) are printed, then the median ratio.

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
from kit.grading import grader
report = grader.grade("reference", {questions}, parallel={jobs}, isolate={isolate})
print(report.score, report.max_score)
sys.exit(0 if report.score == report.max_score else 1)
"""


def tree_memory_mb(root: int) -> tuple[float, float]:
    """Memory of `root` and all its descendants, in MB (Linux /proc): resident sets summed, and the
    proportional set (PSS: a page shared by n processes counts 1/n to each, so forks sharing their
    parent's imported libraries are not counted again and again)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stream:
                fields = stream.read().rpartition(")")[2].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    rss = pss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as stream:
                for line in stream:
                    name, _, value = line.partition(":")
                    if name == "Rss":
                        rss += int(value.split()[0])
                    elif name == "Pss":
                        pss += int(value.split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return rss / 1024, pss / 1024


def run(isolate: bool, jobs: int, questions: list[str] | None) -> tuple[float, float, float]:
    """(wall seconds, peak tree RSS MB, peak tree PSS MB) of one full grade."""
    code = PROGRAM.format(questions=questions, jobs=jobs, isolate=isolate)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0.0
    while process.poll() is None:
        rss, pss = tree_memory_mb(process.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.1)
    wall = time.perf_counter() - start
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"grading {'isolated' if isolate else 'in-process'} did not earn full marks:\n{out}\n{err}")
    return wall, peak_rss, peak_pss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--questions", default="", help="comma-separated (default: all)")
    args = parser.parse_args()
    questions = [q for q in args.questions.split(",") if q] or None
    walls: dict[bool, list[float]] = {True: [], False: []}
    rss: dict[bool, list[float]] = {True: [], False: []}
    pss: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.rounds):
        for isolate in (True, False):
            wall, peak_rss, peak_pss = run(isolate, args.jobs, questions)
            walls[isolate].append(wall)
            rss[isolate].append(peak_rss)
            pss[isolate].append(peak_pss)
            print(f"{'isolated  ' if isolate else 'in-process'}: {wall:6.1f} s wall, peak tree memory "
                  f"PSS {peak_pss:6.0f} MB (RSS summed {peak_rss:6.0f} MB)")
    ratio = statistics.median(walls[True]) / statistics.median(walls[False])
    print(f"isolation cost: {ratio:.2f} x wall time (goal <= 1.2), peak tree memory (PSS) "
          f"{max(pss[True]):.0f} MB isolated vs {max(pss[False]):.0f} MB in-process "
          f"({args.questions or 'all questions'}, --jobs {args.jobs}, {args.rounds} round(s))")


if __name__ == "__main__":
    main()
