"""The same class graded locally (`--jobs 2`) and on a 2-worker Dask cluster on loopback, side by side.

The cluster is started as an instructor starts one: `dask scheduler` and two `dask worker --nthreads 1`
processes on 127.0.0.1, started (and joined) before any clock starts, as a cluster is before a batch.
The class is then graded on it twice, each run timed from the command's start to its end:

- cold: the first batch on fresh workers. It includes the one-time warm-up: each worker starts its own
  grading process (torch imported, one zygote) when the client first checks it, and the first task waits
  for it;
- warm: the same class again on the same workers, as on a long-lived cluster. The grading processes are
  kept between batches (kit.clients.cluster keeps one per Dask worker process), so what remains is what
  every batch pays: connecting, checking every worker's kit, and sending and receiving each submission.

warm-up = cold - warm; the per-submission overhead compares the warm run with the local one (which starts
its one warm parent inside its own run). The class is bench/batch_throughput.py's: reference / stubs /
one mutant per question, cycled.

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
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        make_class(folder, args.size)
        batch = [sys.executable, "-m", "kit.cli", "grade-batch", str(folder), "--questions", args.questions]
        local = timed([*batch, "--out", str(Path(tmp) / "local"), "--jobs", "2"], env)
        address, processes = start_cluster(Path(tmp), env, 2)
        try:
            cold = timed([*batch, "--out", str(Path(tmp) / "cold"), "--scheduler", address], env)
            warm = timed([*batch, "--out", str(Path(tmp) / "warm"), "--scheduler", address], env)
        finally:
            stop(processes)
        books = {(Path(tmp) / run / "gradebook.csv").read_text("utf-8") for run in ("local", "cold", "warm")}
    size = args.size
    print(f"{size} submissions, {args.questions}; load average {load:.2f} before, {os.getloadavg()[0]:.2f} after:")
    print(f"  local --jobs 2:                 {local:6.1f} s  {local / size:5.2f} s per submission")
    print(f"  2-worker Dask cluster, cold:    {cold:6.1f} s  {cold / size:5.2f} s per submission")
    print(f"  2-worker Dask cluster, warm:    {warm:6.1f} s  {warm / size:5.2f} s per submission")
    print(f"  one-time warm-up of the workers (cold - warm): {cold - warm:.1f} s")
    print(f"  cluster overhead per submission, warm cluster vs local: {100 * (warm - local) / local:+.1f} % "
          f"(cold: {100 * (cold - local) / local:+.1f} %); gradebooks {'identical' if len(books) == 1 else 'DIFFER'}")


if __name__ == "__main__":
    main()
