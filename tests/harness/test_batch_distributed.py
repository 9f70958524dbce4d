"""`kit grade-batch --scheduler`: a class graded on a real Dask cluster on loopback.

The cluster is what an instructor starts: `dask scheduler` and `dask worker` commands (each worker with
its nanny), not an in-process cluster. Questions q3 and q5 only (q3 alone where that proves the point), to
keep it to a few minutes; every process is started in a session of its own and ended with it.
"""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kit.grading import grader
from kit.grading.fingerprint import PARTS, kit_fingerprint
from kit.messages import msg
from kit.paths import EXERCISES, REFERENCE, ROOT

distributed = pytest.importorskip("distributed")

QUESTIONS = "q3,q5"
CRASH = b"import os\nos._exit(3)\n"


def env(tmp_path: Path, **more: str) -> dict[str, str]:
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "KIT_LANG": "en",
            "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "5s", **more}


class Cluster:
    """`dask scheduler` and `dask worker` processes on 127.0.0.1, each in its own session."""

    def __init__(self, tmp_path: Path):
        self.tmp_path, self.file = tmp_path, tmp_path / "scheduler.json"
        self.processes: list[subprocess.Popen] = []

    def start(self, *args: str, **extra: str) -> subprocess.Popen:
        with open(self.tmp_path / f"dask-{len(self.processes)}.log", "wb") as log:
            process = subprocess.Popen([shutil.which("dask") or "dask", *args], env=env(self.tmp_path, **extra),
                                       cwd=self.tmp_path, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self.processes.append(process)
        return process

    def scheduler(self, **extra: str) -> str:
        self.start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                   "--scheduler-file", str(self.file), **extra)
        deadline = time.monotonic() + 60
        while not self.file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        return json.loads(self.file.read_text(encoding="utf-8"))["address"]

    def worker(self, pythonpath: Path = ROOT) -> None:
        self.start("worker", "--scheduler-file", str(self.file), "--nthreads", "1", "--nworkers", "1",
                   "--host", "127.0.0.1", "--no-dashboard", "--memory-limit", "0", PYTHONPATH=str(pythonpath))

    def client(self, workers: int):
        client = distributed.Client(scheduler_file=str(self.file), timeout=30)
        client.wait_for_workers(workers, timeout=120)
        return client

    def stop(self) -> None:
        for process in self.processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def cluster(tmp_path):
    found = Cluster(tmp_path)
    yield found
    found.stop()


def kit(tmp_path: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kit.cli", *args], cwd=tmp_path, env=env(tmp_path),
                          capture_output=True, text=True, timeout=timeout)


def make_class(folder: Path) -> None:
    """An honest submission, the stubs, one whose q3 ends its process at import, and two identical copies."""
    for name, source in (("honest", REFERENCE), ("stub", EXERCISES), ("copy-a", REFERENCE), ("copy-b", REFERENCE),
                         ("crashing", REFERENCE)):
        for key in QUESTIONS.split(","):
            for file in ("solution.py", "answers.toml"):
                if (source / key / file).is_file():
                    (folder / name / key).mkdir(parents=True, exist_ok=True)
                    shutil.copy(source / key / file, folder / name / key / file)
    (folder / "crashing" / "q3" / "solution.py").write_bytes(CRASH)


def gradebook(out: Path) -> dict[str, dict]:
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == len({row["submission"] for row in rows}), "a submission has two rows"
    return {row["submission"]: row for row in rows}


def kill_a_grading_worker(client, killed: list[int], stop: threading.Event) -> None:
    """SIGKILL the Dask worker process (its nanny starts a new one) that has been grading for a few seconds."""
    while not stop.is_set():
        busy = {address for address, keys in client.processing().items() if keys}
        if busy:
            time.sleep(3)  # past warming up: the task's judges are running
            address = next(iter(busy))
            if client.processing().get(address):
                pid = client.run(os.getpid, workers=[address])[address]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
        time.sleep(0.2)


@pytest.mark.timeout(900)
def test_a_class_graded_on_a_cluster_with_a_worker_killed_equals_the_local_batch(tmp_path, cluster):
    make_class(tmp_path / "class")
    local = kit(tmp_path, "grade-batch", str(tmp_path / "class"), "--out", str(tmp_path / "local"),
                "--questions", QUESTIONS, "--jobs", "2")
    assert local.returncode == 0, local.stderr

    address = cluster.scheduler()
    cluster.worker()
    cluster.worker()
    client = cluster.client(2)
    killed: list[int] = []
    stop = threading.Event()
    killer = threading.Thread(target=kill_a_grading_worker, args=(client, killed, stop), daemon=True)
    killer.start()
    try:
        remote = kit(tmp_path, "grade-batch", str(tmp_path / "class"), "--out", str(tmp_path / "remote"),
                     "--questions", QUESTIONS, "--scheduler", address)
    finally:
        stop.set()
        killer.join(10)
        client.close()
    assert remote.returncode == 0, remote.stderr + remote.stdout
    assert killed, "no worker was killed while grading"

    mine, theirs = gradebook(tmp_path / "local"), gradebook(tmp_path / "remote")
    assert set(theirs) == {"honest", "stub", "crashing", "copy-a", "copy-b"}
    assert {name: row["total"] for name, row in theirs.items()} == {name: row["total"] for name, row in mine.items()}
    assert {name: [row[q] for q in QUESTIONS.split(",")] for name, row in theirs.items()} == \
        {name: [row[q] for q in QUESTIONS.split(",")] for name, row in mine.items()}
    assert float(theirs["honest"]["total"]) > 0 and theirs["honest"]["total"] == theirs["copy-a"]["total"]
    assert float(theirs["stub"]["total"]) == 0
    books = ["gradebook.csv", "item_analysis.csv", "report.html"]  # the class report too (kit.clients.report)
    assert sorted(os.listdir(tmp_path / "remote")) == sorted([*theirs, *books])
    for name in theirs:
        local_batch = json.loads((tmp_path / "local" / name / "results.json").read_text("utf-8"))["extra_data"]
        batch = json.loads((tmp_path / "remote" / name / "results.json").read_text("utf-8"))["extra_data"]
        assert batch["batch"]["kit_fingerprint"] == kit_fingerprint() == local_batch["batch"]["kit_fingerprint"]
        assert batch["batch"]["input_sha256"] == local_batch["batch"]["input_sha256"]
        assert {k: q["status"] for k, q in batch["questions"].items()} == \
            {k: q["status"] for k, q in local_batch["questions"].items()}
    assert (tmp_path / "remote" / "item_analysis.csv").read_text("utf-8") == \
        (tmp_path / "local" / "item_analysis.csv").read_text("utf-8")

    # --resume on the cluster: nothing changed, nothing graded again, the same gradebook.
    before = (tmp_path / "remote" / "gradebook.csv").read_text("utf-8")
    again = kit(tmp_path, "grade-batch", str(tmp_path / "class"), "--out", str(tmp_path / "remote"),
                "--questions", QUESTIONS, "--scheduler", address, "--resume")
    assert again.returncode == 0 and "0 graded" in again.stdout, again.stdout + again.stderr
    assert (tmp_path / "remote" / "gradebook.csv").read_text("utf-8") == before


def kill_whenever_grading(client, key: str, killed: list[int], stop: threading.Event) -> None:
    """SIGKILL every Dask worker process (its nanny starts a new one) the moment it runs the task `key`.

    This stands for a submission whose grading kills its worker (the machine's OOM killer, a kernel bug):
    from inside the sandbox a learner's code cannot reach the worker, so the fault is made from outside."""

    def running(dask_worker) -> tuple[int, list[str]]:
        return os.getpid(), [ts.key for ts in dask_worker.state.executing]

    while not stop.is_set():
        try:
            found = client.run(running, on_error="ignore")
        except Exception:  # the scheduler busy with a worker that just left: ask again
            found = {}
        for pid, keys in found.values():
            if key in keys and pid not in killed:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
        time.sleep(0.2)


@pytest.mark.timeout(480)
def test_a_submission_whose_grading_kills_its_worker_again_and_again_is_one_crashed_row(tmp_path, cluster,
                                                                                      monkeypatch):
    """Its worker dies each time it is graded: after `allowed-failures` + 1 deaths Dask gives up on it
    (KilledWorker), and it gets one `crashed` row with the catalogue's reason; the others are graded as
    usual (none of them was queued behind it on a dying worker), and the batch goes on to the gradebook."""
    monkeypatch.setenv("KIT_LANG", "en")
    for name, source in (("doomed", REFERENCE), ("honest", REFERENCE), ("stub", EXERCISES)):
        (tmp_path / "class" / name / "q3").mkdir(parents=True)
        shutil.copy(source / "q3" / "solution.py", tmp_path / "class" / name / "q3" / "solution.py")
    address = cluster.scheduler(DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="1")
    cluster.worker()
    cluster.worker()
    client = cluster.client(2)
    killed: list[int] = []
    stop = threading.Event()
    killer = threading.Thread(target=kill_whenever_grading, args=(client, "kit-grade-doomed", killed, stop),
                              daemon=True)
    killer.start()
    try:
        done = kit(tmp_path, "grade-batch", str(tmp_path / "class"), "--out", str(tmp_path / "out"),
                   "--questions", "q3", "--scheduler", address, timeout=360)
    finally:
        stop.set()
        killer.join(10)
        client.close()
    assert done.returncode == 0, done.stderr + done.stdout
    assert len(killed) == 2, f"the workers grading it were killed {len(killed)} times, not allowed-failures + 1"

    rows = gradebook(tmp_path / "out")
    assert set(rows) == {"doomed", "honest", "stub"}
    reason = msg("cluster.killed_worker", times=2, worker="\0").split("\0")[0]
    assert rows["doomed"]["note"].startswith(reason) and rows["doomed"]["q3"] == "0", rows["doomed"]
    result = json.loads((tmp_path / "out" / "doomed" / "results.json").read_text("utf-8"))["extra_data"]
    assert result["batch"]["error"] == rows["doomed"]["note"]
    assert result["questions"]["q3"]["status"] == grader.CRASHED
    q3 = grader.select_questions(["q3"])[0]
    assert float(rows["honest"]["q3"]) == q3.points and rows["honest"]["note"] == "", rows["honest"]
    assert float(rows["stub"]["q3"]) == 0 and rows["stub"]["note"] == "", rows["stub"]
    assert sorted(os.listdir(tmp_path / "out")) == ["doomed", "gradebook.csv", "honest", "item_analysis.csv",
                                                    "report.html", "stub"]
    assert sum(reason in line for line in done.stdout.splitlines()) == 1, done.stdout


def other_kit(tmp_path: Path) -> Path:
    """A copy of the kit with one hidden test changed: another fingerprint."""
    copy = tmp_path / "other-kit"
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        else:
            shutil.copy(source, copy / part)
    with open(copy / "tests" / "q3" / "test_hidden.py", "a", encoding="utf-8") as stream:
        stream.write("\n# a fix made on one machine only\n")
    return copy


def test_an_unreachable_scheduler_no_workers_and_another_kit_are_refused_before_grading(tmp_path, cluster):
    (tmp_path / "class" / "ann" / "q3").mkdir(parents=True)
    shutil.copy(REFERENCE / "q3" / "solution.py", tmp_path / "class" / "ann" / "q3" / "solution.py")
    out = tmp_path / "out"

    def grade(address: str) -> subprocess.CompletedProcess:
        return kit(tmp_path, "grade-batch", str(tmp_path / "class"), "--out", str(out), "--questions", "q3",
                   "--scheduler", address, timeout=120)

    done = grade("tcp://127.0.0.1:9")
    assert done.returncode == 2 and "cannot be reached" in done.stderr, done.stderr
    address = cluster.scheduler()
    done = grade(address)
    assert done.returncode == 2 and "no Dask worker joined" in done.stderr, done.stderr
    cluster.worker(pythonpath=other_kit(tmp_path))
    cluster.client(1).close()
    done = grade(address)
    assert done.returncode == 2 and "has another kit" in done.stderr, done.stderr
    assert not out.exists()
