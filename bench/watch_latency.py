"""`kit watch qN` re-run latency: time from a file's save to pytest's summary line, beside a cold run.

For each question: start `kit watch qN --impl COPY` (COPY: a copy of the reference, so every
test runs to the end), wait for its first run, then save COPY/qN/solution.py --saves times (a new
comment line each time, as an editor's save) and take the time from each save to the summary
line ("7 passed in 0.61s") the watch prints. Beside it, the wall time of one cold
`python -m pytest exercises/qN --impl COPY -q` (a fresh interpreter importing everything).
Goal: median re-run <= 1.5 s for every question but q9 (which trains a model in its tests).

Usage: python bench/watch_latency.py [--questions q3,q4] [--saves 5] [--record]
  --record writes the table into bench/README.md between the watch_latency markers.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(r"^=*\s*\d+ (passed|failed|error|errors|not started|skipped)\b.* in [\d.]+s")
QUESTIONS = [f"q{n}" for n in range(1, 11)]
BEGIN, END = "<!-- bench/watch_latency.py: begin -->", "<!-- bench/watch_latency.py: end -->"


def wait_for_summary(process: subprocess.Popen, selector: selectors.BaseSelector, timeout: float) -> float:
    """Read the watch's output until pytest's summary line; the time it arrived (perf_counter)."""
    deadline = time.perf_counter() + timeout
    buffer = b""
    while time.perf_counter() < deadline:
        if not selector.select(timeout=max(0.0, deadline - time.perf_counter())):
            break
        chunk = os.read(process.stdout.fileno(), 65536)
        if not chunk:
            raise RuntimeError("kit watch exited before printing a summary line")
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        if any(SUMMARY.match(line.decode("utf-8", "replace").strip()) for line in lines):
            return time.perf_counter()
    raise RuntimeError(f"no summary line within {timeout:.0f} s")


def rerun_latencies(question: str, impl: Path, saves: int, timeout: float) -> list[float]:
    """Seconds from each save of impl/question/solution.py to the watch's next summary line."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "kit.cli", "watch", question, "--impl", str(impl)],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    solution = impl / question / "solution.py"
    try:
        wait_for_summary(process, selector, timeout)  # the first run (the warm-up is not what is measured)
        latencies = []
        for i in range(saves):
            time.sleep(0.5)  # as a learner would: some time between saves
            text = solution.read_text(encoding="utf-8")
            saved = time.perf_counter()
            solution.write_text(text + f"# save {i}\n", encoding="utf-8")
            latencies.append(wait_for_summary(process, selector, timeout) - saved)
        return latencies
    finally:
        process.terminate()
        process.wait(timeout=30)


def cold_run(question: str, impl: Path) -> float:
    """Wall seconds of one `python -m pytest exercises/qN --impl impl` in a fresh interpreter."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", f"exercises/{question}", "--impl", str(impl), "-q",
                    "-p", "no:randomly"], cwd=ROOT, capture_output=True, check=False)
    return time.perf_counter() - start


def table(rows: list[tuple[str, float, list[float]]]) -> str:
    lines = ["| question | cold `pytest exercises/qN` | `kit watch` re-run, median of saves | all re-runs | goal |",
             "|---|---|---|---|---|"]
    for question, cold, latencies in rows:
        goal = "—" if question == "q9" else ("met" if statistics.median(latencies) <= 1.5 else "**not met**")
        every = ", ".join(f"{x:.2f}" for x in latencies)
        lines.append(f"| {question} | {cold:.2f} s | **{statistics.median(latencies):.2f} s** | {every} | {goal} |")
    return "\n".join(lines)


def record(text: str) -> None:
    readme = ROOT / "bench" / "README.md"
    current = readme.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in current:
        head, _, rest = current.partition(BEGIN)
        current = head + block + rest.partition(END)[2]
    else:
        current = current.rstrip("\n") + "\n\n## `kit watch` re-runs\n\n" + block + "\n"
    readme.write_text(current, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default=",".join(QUESTIONS), help="comma-separated (default: all ten)")
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for one summary line")
    parser.add_argument("--record", action="store_true", help="write the table into bench/README.md")
    args = parser.parse_args()
    questions = [q.strip() for q in args.questions.split(",") if q.strip()]
    unknown = [q for q in questions if q not in QUESTIONS]
    if unknown:
        parser.error(f"unknown question(s) {', '.join(unknown)}; choose from {', '.join(QUESTIONS)}")
    started = time.perf_counter()
    rows = []
    with tempfile.TemporaryDirectory(prefix="kit-watch-bench-") as tmp:
        for question in questions:
            impl = Path(tmp) / question
            shutil.copytree(ROOT / "reference" / question, impl / question)
            cold = cold_run(question, impl)
            latencies = rerun_latencies(question, impl, args.saves, args.timeout)
            rows.append((question, cold, latencies))
            print(f"{question}: cold {cold:.2f} s, re-runs {', '.join(f'{x:.2f}' for x in latencies)}", flush=True)
    import torch
    import transformers

    cores = os.cpu_count()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (f"Measured {when} by `python bench/watch_latency.py --questions {','.join(questions)} "
            f"--saves {args.saves}` on {cores} cores, Python {platform.python_version()}, torch {torch.__version__}, "
            f"transformers {transformers.__version__}; each re-run is the time from the save to the summary line "
            f"(the watch polls every 0.2 s).\n\n{table(rows)}\n\n"
            f"(The whole benchmark took {time.perf_counter() - started:.0f} s.)")
    print(text)
    if args.record:
        record(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
