"""How much a question's tests add to the import floor, as a ratio measured in one run.

floor  = wall time of `python -c "import torch; from transformers import BertModel, AutoTokenizer"`
         (transformers imports lazily: naming BertModel is what loads its modeling code, which
         every use of a BERT pays; importing the bare package would understate the floor by ~2 s)
q4     = wall time of `pytest exercises/q4 --impl reference -q`
Each is run --repeat times, interleaved, and the medians are compared (goal: ratio <= 1.3).

Usage: python bench/q4_vs_import_floor.py [--repeat 3] [--question q4]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = [sys.executable, "-c", "import torch; from transformers import BertModel, AutoTokenizer"]


def wall(command: list[str]) -> float:
    """Seconds one command takes, start to exit; a failing command aborts the benchmark."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--question", default="q4")
    args = parser.parse_args()
    tests = [sys.executable, "-m", "pytest", f"exercises/{args.question}", "--impl", "reference", "-q",
             "-p", "no:randomly"]
    floors, runs = [], []
    for _ in range(args.repeat):
        floors.append(wall(FLOOR))
        runs.append(wall(tests))
    floor, run = statistics.median(floors), statistics.median(runs)
    print(f"import floor: {floor:.2f} s   pytest exercises/{args.question} --impl reference: {run:.2f} s")
    print(f"ratio: {run / floor:.2f} (median of {args.repeat})")


if __name__ == "__main__":
    main()
