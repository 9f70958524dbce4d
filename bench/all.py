"""Every benchmark figure in one run on this machine, printed as a Markdown section.

1. the import floor (`import torch; from transformers import BertModel, AutoTokenizer`, median
   of 3) and, per question, `pytest exercises/qN --impl reference` as a ratio to it;
2. one full `kit grade --impl reference --jobs 2`: wall time and peak RSS (bench/grade_reference.py);
3. Q9's reference training: seconds and accuracy per strategy (bench/q9_training.py);
4. `kit grade-batch` throughput (bench/batch_throughput.py).
Each figure comes from a fresh process, one at a time. With --record, the section replaces the
one between the markers in bench/README.md.

Usage: python bench/all.py [--record] [--batch-size 6]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time

from q4_vs_import_floor import FLOOR, ROOT  # one definition of the import floor

BEGIN, END = "<!-- bench/all.py: begin -->", "<!-- bench/all.py: end -->"


def wall(command: list[str]) -> tuple[float, str]:
    """(seconds, stdout) of one command; a failing command aborts the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{tail}")
    return seconds, done.stdout


def number(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    if not found:
        raise SystemExit(f"benchmark output did not match {pattern!r}:\n{text}")
    return found.group(1)


def machine() -> str:
    import torch
    import transformers

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (f"{os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}, "
            f"torch {torch.__version__}, transformers {transformers.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write the section into bench/README.md")
    parser.add_argument("--batch-size", type=int, default=6)
    args = parser.parse_args()
    started = time.perf_counter()
    lines = [BEGIN, f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} by `python bench/all.py` on {machine()}.", ""]

    floor = statistics.median(wall(FLOOR)[0] for _ in range(3))
    lines += [f"Import floor: **{floor:.2f} s** (median of 3).", "",
              "| question | `pytest exercises/qN --impl reference` | ratio to the floor |", "|---|---|---|"]
    questions = sorted((p.name for p in (ROOT / "exercises").glob("q*")), key=lambda q: int(q[1:]))
    for q in questions:
        seconds, _ = wall([sys.executable, "-m", "pytest", f"exercises/{q}", "--impl", "reference", "-q",
                           "-p", "no:randomly"])
        lines.append(f"| {q} | {seconds:.2f} s | {seconds / floor:.2f} |")
        print(f"{q}: {seconds:.2f} s", file=sys.stderr, flush=True)

    _, grade = wall([sys.executable, "bench/grade_reference.py", "--jobs", "2"])
    grade_s, peak = number(r"([\d.]+) s wall", grade), number(r"peak (\d+) MB", grade)
    score = number(r"score ([\d.]+ / [\d.]+)", grade)
    lines += ["", f"Full `kit grade --impl reference --jobs 2`: **{grade_s} s**, peak RSS **{peak} MB**, "
              f"score {score}."]
    print("grade done", file=sys.stderr, flush=True)

    _, q9 = wall([sys.executable, "bench/q9_training.py"])
    full_s, full_acc = number(r"full\s+([\d.]+) s", q9), number(r"full.*epoch: ([\d., ]+)", q9)
    frozen_s, frozen_acc = number(r"frozen\s+([\d.]+) s", q9), number(r"frozen.*epoch: ([\d., ]+)", q9)
    both_s = number(r"both\s+([\d.]+) s", q9)
    lines += ["", f"Q9 reference training (1 thread, 2 epochs): full {full_s} s (accuracy by epoch {full_acc}), "
              f"frozen {frozen_s} s ({frozen_acc}); both **{both_s} s**."]
    print("q9 done", file=sys.stderr, flush=True)

    _, batch = wall([sys.executable, "bench/batch_throughput.py", "--size", str(args.batch_size), "--jobs", "2"])
    batch_s, rate = number(r": ([\d.]+) s,", batch), number(r"([\d.]+) submissions per", batch)
    lines += ["", f"`kit grade-batch --jobs 2`, {args.batch_size} submissions (reference / stubs / one mutant "
              f"per question): {batch_s} s, **{rate} submissions per minute**.",
              "", f"(The whole benchmark took {time.perf_counter() - started:.0f} s.)", END]
    section = "\n".join(lines)
    print(section)
    if args.record:
        readme = ROOT / "bench" / "README.md"
        text = readme.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END):]
        else:
            text = text.rstrip() + "\n\n## All figures, one run\n\n" + section + "\n"
        readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
