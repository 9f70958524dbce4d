"""The same class graded locally (`--jobs 2`) and on a 2-worker Dask cluster on loopback, side by side.

The cluster is started as an instructor starts one: `dask scheduler` and two `dask worker --nthreads 1`
processes on 127.0.0.1. Both runs are timed from the command's start to its end, so the cluster's figure
includes connecting, checking every worker's kit and warming each worker's grading process; the
workers are started (and have joined) before the clock starts, as a cluster is before a batch.
The class is bench/batch_throughput.py's: reference / stubs / one mutant per question, cycled.

Usage: python bench/batch_distributed.py [--size 6] [--questions q3,q5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.batch_throughput import make_class  # noqa: E402


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def start_cluster(folder: Path, env: dict[str, str], workers: int) -> tuple[str, list[subprocess.Popen]]:
    dask = shutil.which("dask") or "dask"
    file = folder / "scheduler.json"
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                   "--scheduler-file", str(file)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)]
    while not file.exists():
        time.sleep(0.2)
    processes += [subprocess.Popen([dask, "worker", "--scheduler-file", str(file), "--nthreads", "1",
                                    "--host", "127.0.0.1", "--no-dashboard", "--memory-limit", "0"],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True) for _ in range(workers)]
    from distributed import Client

    with Client(scheduler_file=str(file), timeout=60) as client:
        client.wait_for_workers(workers, timeout=120)
    return json.loads(file.read_text(encoding="utf-8"))["address"], processes


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=6)
    parser.add_argument("--questions", default="q3,q5")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        make_class(folder, args.size)
        batch = [sys.executable, "-m", "kit.cli", "grade-batch", str(folder), "--questions", args.questions]
        local = timed([*batch, "--out", str(Path(tmp) / "local"), "--jobs", "2"], env)
        address, processes = start_cluster(Path(tmp), env, 2)
        try:
            remote = timed([*batch, "--out", str(Path(tmp) / "remote"), "--scheduler", address], env)
        finally:
            stop(processes)
        same = (Path(tmp) / "local" / "gradebook.csv").read_text("utf-8") == \
            (Path(tmp) / "remote" / "gradebook.csv").read_text("utf-8")
    print(f"{args.size} submissions, {args.questions}:")
    print(f"  local --jobs 2:        {local:6.1f} s  {local / args.size:5.2f} s per submission")
    print(f"  2-worker Dask cluster: {remote:6.1f} s  {remote / args.size:5.2f} s per submission")
    print(f"  cluster overhead per submission: {100 * (remote - local) / local:+.1f} %; "
          f"gradebooks {'identical' if same else 'DIFFER'}")


if __name__ == "__main__":
    main()
