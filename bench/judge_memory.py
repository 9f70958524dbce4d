"""The memory each question's judge and worker hold at their peak during a full grade of the reference,
read from their cgroups (kit.isolation.budget: memory.max_usage_in_bytes, page cache included), to choose
`--judge-memory-mb` (kit.defaults.JUDGE_MEMORY_MB) with a margin. Linux, as root, where cgroups can be made.

Usage: python bench/judge_memory.py [--questions q3,q9] [--jobs 1]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", help="comma-separated (default: all)")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    from kit.grading import grader
    from kit.isolation import budget

    if budget.unavailable():
        print(f"no cgroup here: {budget.unavailable()}")
        return 2
    peaks: dict[str, float] = {}
    close = budget.Budget.close

    def recording(self: budget.Budget) -> None:
        close(self)
        if self.name.startswith("judge-"):
            peaks[self.name] = self.peak_mb()

    budget.Budget.close = recording
    keys = args.questions.split(",") if args.questions else None
    report = grader.grade("reference", keys, parallel=args.jobs)
    ordered = [r.question.key for r in report.results]
    for (name, peak), key in zip(sorted(peaks.items(), key=lambda kv: int(kv[0].rsplit("-", 1)[1])), ordered,
                                 strict=False):
        print(f"{key:<4} judge peak {peak:8.1f} MB   ({name})")
    print(f"score {report.score} / {report.max_score}; largest judge {max(peaks.values(), default=0):.1f} MB, "
          f"budget {report.limits.judge_memory_mb} MB")
    return 0 if report.score == report.max_score else 1


if __name__ == "__main__":
    sys.exit(main())
