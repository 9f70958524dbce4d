"""A batch killed halfway loses nothing: `kit grade-batch --resume` grades only the rest.

Builds a class of --size submissions (reference / stubs / one known-wrong function per
question, as bench/batch_throughput.py does), grades it once without interruption, then again
into a fresh folder, killed (SIGKILL, every process of the run) once half the results are
written, then resumed. Prints the three wall times, how many submissions the resumed run
graded, and whether its gradebook and item analysis equal the uninterrupted run's. Each full
submission costs about a minute of one core, so --questions picks a fast subset by default.

Usage: python bench/batch_resume.py [--size 40] [--jobs 2] [--questions q3,q5]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from batch_throughput import make_class  # noqa: E402


def command(folder: Path, out: Path, args, *extra: str) -> list[str]:
    return [sys.executable, "-m", "kit.cli", "grade-batch", str(folder), "--out", str(out), "--jobs", str(args.jobs),
            "--questions", args.questions, *extra]


def finished(out: Path) -> int:
    return len(list(out.glob("*/results.json")))


def kill_session(leader: subprocess.Popen) -> None:
    """SIGKILL the run's whole session: the warm parent and every question child it forked."""
    sid = os.getsid(leader.pid)
    listed = subprocess.run(["ps", "-o", "pid=", "-s", str(sid)], capture_output=True, text=True).stdout.split()
    for pid in map(int, listed):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    leader.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--questions", default="q3,q5", help="the questions graded (default q3,q5: seconds each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kit-bench-resume-") as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}
        folder = tmp / "class"
        make_class(folder, args.size)

        start = time.perf_counter()
        subprocess.run(command(folder, tmp / "full", args), cwd=ROOT, env=env, check=True, capture_output=True)
        full_s = time.perf_counter() - start

        out = tmp / "resumed"
        start = time.perf_counter()
        run = subprocess.Popen(command(folder, out, args), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
        while finished(out) < args.size // 2 and run.poll() is None:
            time.sleep(0.1)
        kill_session(run)
        killed_s, kept = time.perf_counter() - start, finished(out)

        start = time.perf_counter()
        done = subprocess.run(command(folder, out, args, "--resume"), cwd=ROOT, env=env, check=True,
                              capture_output=True, text=True)
        resume_s = time.perf_counter() - start
        graded = int(re.search(r"(\d+) graded in", done.stdout).group(1))
        same = all((tmp / "full" / name).read_bytes() == (out / name).read_bytes()
                   for name in ("gradebook.csv", "item_analysis.csv"))
    print(f"{args.size} submissions ({args.questions}), --jobs {args.jobs}: uninterrupted {full_s:.1f} s; "
          f"killed after {killed_s:.1f} s with {kept} results written; resumed in {resume_s:.1f} s, "
          f"grading {graded} (expected {args.size - kept}); gradebook and item analysis "
          f"{'equal to' if same else 'DIFFERENT from'} the uninterrupted run's")
    if graded != args.size - kept or not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
