"""The same class graded locally (`--jobs 2`) and on a 2-worker Dask cluster on loopback, side by side.

The cluster is started as an instructor starts one: `dask scheduler` and two `dask worker --nthreads 1`
processes on 127.0.0.1, started (and joined) before any clock starts, as a cluster is before a batch.
Every run is timed from the command's start to its end. On the cluster the class is graded twice:

- cold: the first batch on fresh workers. It includes the one-time warm-up: each worker starts its own
  grading process (torch imported, one zygote) when the client first checks it, and the first task waits
  for it;
- warm: the same class again on the same workers, as on a long-lived cluster. The grading processes are
  kept between batches (kit.clients.cluster keeps one per Dask worker process), so what remains is what
  every batch pays: connecting, checking every worker's kit, and sending and receiving each submission.

warm-up = cold - warm. A local batch has a start of its own too (its one warm parent), so the figure per
submission is the marginal one, from a second, smaller class (`--small`, the first submissions of the
same cycle) graded both ways: (T(size) - T(small)) / (size - small), locally and on the warm cluster.
Keep both sizes even, so that the two workers share either class evenly.
The class is bench/batch_throughput.py's: reference / stubs / one mutant per question, cycled.

Usage: python bench/batch_distributed.py [--size 6] [--small 2] [--questions q3,q5]
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

LOADS: list[float] = []  # the 1-minute load average after each run: other jobs on the machine show here


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    LOADS.append(os.getloadavg()[0])
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
    parser.add_argument("--small", type=int, default=2, help="the smaller class, for the figure per submission")
    parser.add_argument("--questions", default="q3,q5")
    args = parser.parse_args()
    if not 0 < args.small < args.size:
        parser.error("--small must be between 0 and --size")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in (args.size, args.small):
            make_class(work / f"class-{size}", size)

        def grade(size: int, out: str, *how: str) -> float:
            return timed([sys.executable, "-m", "kit.cli", "grade-batch", str(work / f"class-{size}"),
                          "--questions", args.questions, "--out", str(work / out), *how], env)

        local, local_small = grade(args.size, "local", "--jobs", "2"), grade(args.small, "local-small", "--jobs", "2")
        address, processes = start_cluster(work, env, 2)
        try:
            cold = grade(args.size, "cold", "--scheduler", address)
            warm = grade(args.size, "warm", "--scheduler", address)
            warm_small = grade(args.small, "warm-small", "--scheduler", address)
        finally:
            stop(processes)
        books = {(work / run / "gradebook.csv").read_text("utf-8") for run in ("local", "cold", "warm")}
    size, extra = args.size, args.size - args.small
    each_local, each_warm = (local - local_small) / extra, (warm - warm_small) / extra
    after = ", ".join(f"{value:.2f}" for value in LOADS)
    print(f"{size} submissions, {args.questions}; load average {load:.2f} before, after each run {after}:")
    print(f"  local --jobs 2:              {local:6.1f} s ({args.small} submissions: {local_small:5.1f} s)")
    print(f"  2-worker Dask cluster, cold: {cold:6.1f} s (fresh workers)")
    print(f"  2-worker Dask cluster, warm: {warm:6.1f} s ({args.small} submissions: {warm_small:5.1f} s)")
    print(f"  one-time warm-up of the workers (cold - warm): {cold - warm:5.1f} s")
    print(f"  fixed cost of a batch: local {local - size * each_local:5.1f} s, warm cluster "
          f"{warm - size * each_warm:5.1f} s")
    print(f"  per submission (marginal): local {each_local:5.2f} s, warm cluster {each_warm:5.2f} s: "
          f"cluster overhead {100 * (each_warm - each_local) / each_local:+.1f} %")
    same = "identical" if len(books) == 1 else "DIFFER"
    print(f"  whole batch: cold cluster {100 * (cold - local) / local:+.1f} %, warm cluster "
          f"{100 * (warm - local) / local:+.1f} % against local; gradebooks {same}")


if __name__ == "__main__":
    main()
