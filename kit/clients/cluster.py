"""`kit grade-batch --scheduler tcp://HOST:PORT`: grade a class on a Dask cluster.

The client (kit.clients.batch) takes every submission exactly as the local batch does
(kit.grading.intake), then sends each one's taken files as bytes, with the questions, the limits and the
kit's fingerprint, as one Dask task (`grade_submission`). No shared filesystem is assumed: results come
back as data and only the client writes results.json and the gradebook.

On a worker, a task never grades in the Dask worker process itself (threads, an event loop: no place to
fork judges from). Each Dask worker keeps one grading process of its own between tasks (`serve`): a
plain interpreter that imports torch once, keeps one warm zygote (kit.isolation.zygote), and runs a
submission's questions through kit.grading.grader exactly as `kit grade-batch` does, one question at a
time. When the Dask worker dies (SIGKILL, OOM), that process notices, kills its judges and leaves; the
scheduler runs the task again elsewhere, and the client writes the one result that arrives. The client
keeps no more tasks in flight than the workers have threads (`grade_all`), so a death counts against the
task that was running, and a submission whose grading keeps killing workers is one `crashed` row.

A worker whose kit differs from the client's (kit.grading.fingerprint) refuses every task with the
two fingerprints; `connect` checks every worker before anything is graded.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from pathlib import Path, PurePosixPath

from kit.grading import grader, intake
from kit.grading.fingerprint import kit_fingerprint
from kit.isolation import sandbox
from kit.messages import msg
from kit.paths import ROOT

READY_S = 180.0  # for a worker's grading process to import torch and start its zygote
PARENT_POLL_S = 0.5


class KitMismatch(Exception):
    """This worker's kit is not the client's: grading here could give other scores."""


class ClusterError(Exception):
    """The cluster cannot grade (unreachable, no workers, every worker refuses); nothing was graded."""


# ---------------------------------------------------------------- the client's side


def connect_timeout() -> float:
    """Dask's own `distributed.comm.timeouts.connect` (30 s unless configured): to reach the scheduler, and for
    a first worker to join it."""
    import dask
    from dask.utils import parse_timedelta

    return parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"), default="seconds")


def connect(address: str, sandboxed: bool):
    """A distributed.Client on `address` with at least one worker, every worker checked: same kit
    fingerprint, a sandbox where one is wanted. ClusterError, with what to do, otherwise."""
    from distributed import Client

    timeout = connect_timeout()
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(msg("cluster.unreachable", address=address, reason=f"{type(exc).__name__}: {exc}")) \
            from None
    try:
        check_workers(client, sandboxed)
    except BaseException:
        client.close()
        raise
    return client


def check_workers(client, sandboxed: bool) -> None:
    """ClusterError unless at least one worker has joined and every worker can grade like this client."""
    timeout = connect_timeout()
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise ClusterError(msg("cluster.no_workers", address=client.scheduler.address, timeout=timeout)) from None
    mine = kit_fingerprint()
    problems = []
    for address, found in sorted(client.run(worker_check, sandboxed).items()):
        if found["fingerprint"] != mine:
            problems.append(mismatch(address, found["fingerprint"], mine))
        elif found["sandbox"]:
            problems.append(msg("cluster.no_sandbox", address=address, reason=found["sandbox"]))
    if problems:
        raise ClusterError("; ".join(problems))


def mismatch(address: str, theirs: str, mine: str) -> str:
    return msg("cluster.other_kit", address=address, theirs=theirs[:12], mine=mine[:12])


def grade_all(client, requests: Iterable[tuple[str, dict]], on_result: Callable[[str, dict | None, str], None],
              parallel: int = 1) -> None:
    """Run one task per (key, request) and call on_result(key, reply, error) once per key, as each arrives.

    No more tasks are in flight than the cluster has worker threads (at least one): the next request is
    taken and sent as a result comes back, so a task waits here rather than queued behind another on a
    worker. A worker that dies then takes with it only the task it was grading, and Dask counts that death
    (distributed.scheduler.allowed-failures) against that task alone, not against innocent ones queued there.
    A task that keeps killing its workers ends in Dask's KilledWorker; it and any other failure come back as
    an error for that key only. Each result is released once handled."""
    from distributed import KilledWorker, as_completed

    fingerprint = kit_fingerprint()
    untaken = iter(requests)
    keys: dict[str, str] = {}
    flying = as_completed(loop=client.loop)

    def send_more() -> None:
        slots = max(1, sum(client.nthreads().values()))
        while flying.count() < slots:
            try:
                key, request = next(untaken)
            except StopIteration:
                return
            future = client.submit(grade_submission, request, fingerprint, parallel, key=f"kit-grade-{key}",
                                   pure=False)
            keys[future.key] = key
            flying.add(future)

    send_more()
    handled: set[str] = set()
    for future in flying:
        key = keys[future.key]
        if key in handled:  # defensive: one row per submission however often Dask reports it
            continue
        reply, error = None, ""
        try:
            reply = future.result()
        except KilledWorker as exc:
            error = msg("cluster.killed_worker", times=exc.allowed_failures + 1,
                        worker=getattr(exc.last_worker, "address", exc.last_worker))
        except KitMismatch as exc:
            error = str(exc)
        except Exception as exc:
            error = msg("cluster.failed", reason=f"{type(exc).__name__}: {exc}")
        handled.add(key)
        future.release()
        on_result(key, reply, error)
        send_more()


def request_of(taken: intake.Taken, keys: list[str], limits: grader.Limits, sandboxed: bool) -> dict:
    """What a worker needs to grade one taken submission: its files as bytes, and what intake said of them."""
    files = {path.relative_to(taken.folder).as_posix(): path.read_bytes()
             for path in sorted(taken.folder.rglob("*")) if path.is_file()}
    return {"files": files, "digest": taken.digest, "lines": dict(taken.lines), "problems": dict(taken.problems),
            "refused": list(taken.refused), "questions": keys, "limits": limits, "sandboxed": sandboxed}


# ---------------------------------------------------------------- the worker's side (inside the Dask worker)


def worker_check(sandboxed: bool) -> dict:
    """This worker's fingerprint and why it cannot sandbox ("" when it can); starts its grading process early."""
    problem = sandbox.unavailable() if sandboxed else ""
    if not problem:
        _grading_process(sandboxed, wait=False)
    return {"fingerprint": kit_fingerprint(), "sandbox": problem or ""}


def grade_submission(request: dict, fingerprint: str, parallel: int = 1) -> dict:
    """The Dask task: grade one submission in this worker's grading process; the report as data.

    Refuses (KitMismatch) when this worker's kit is not the client's."""
    mine = kit_fingerprint()
    if mine != fingerprint:
        from distributed import get_worker

        raise KitMismatch(mismatch(get_worker().address, mine, fingerprint))
    with _LOCK:  # one submission at a time per grading process (start workers with --nthreads 1)
        process = _grading_process(request["sandboxed"])
        try:
            process.requests.send({**request, "parallel": parallel})
            reply = process.replies.recv()
        except (EOFError, OSError) as exc:
            _PROCESSES.pop(request["sandboxed"], None)
            process.close()
            raise RuntimeError(msg("cluster.process_ended", reason=exc)) from None
    if "exception" in reply:
        raise RuntimeError(reply["exception"])
    return reply


class GradingProcess:
    """A Dask worker's own grading process (`serve`), reached over two pipes."""

    def __init__(self, sandboxed: bool):
        requests_r, requests_w = os.pipe()
        replies_r, replies_w = os.pipe()
        code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from kit.clients.cluster import serve; serve()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(requests_r), str(replies_w), "1" if sandboxed else "0"],
            pass_fds=(requests_r, replies_w), stdin=subprocess.DEVNULL, stdout=2, cwd=ROOT)
        os.close(requests_r)
        os.close(replies_w)
        self.requests = Connection(requests_w, readable=False)
        self.replies = Connection(replies_r, writable=False)
        self.ready = False

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.replies.poll(READY_S):
            raise RuntimeError(msg("cluster.process_slow", seconds=READY_S))
        if self.replies.recv() != "ready":
            raise RuntimeError(msg("cluster.process_failed"))
        self.ready = True

    def close(self) -> None:
        for connection in (self.requests, self.replies):
            connection.close()
        self.process.kill()
        self.process.wait()


_PROCESSES: dict[bool, GradingProcess] = {}
_LOCK = threading.Lock()


def _grading_process(sandboxed: bool, wait: bool = True) -> GradingProcess:
    process = _PROCESSES.get(sandboxed)
    if process is not None and process.process.poll() is not None:
        process.close()
        process = None
    if process is None:
        process = _PROCESSES[sandboxed] = GradingProcess(sandboxed)
    if wait:
        try:
            process.wait_ready()
        except (RuntimeError, EOFError, OSError):
            _PROCESSES.pop(sandboxed, None)
            process.close()
            raise
    return process


# ---------------------------------------------------------------- the grading process


def serve() -> None:
    """`python -c ... serve REQUESTS_FD REPLIES_FD SANDBOXED`: warm up once, then grade request after request.

    Leaves (killing its judges, its zygote and its temporary folders) when its Dask worker is gone."""
    from kit.grading import grader
    from kit.isolation import zygote

    requests = Connection(int(sys.argv[1]), writable=False)
    replies = Connection(int(sys.argv[2]), readable=False)
    sandboxed = sys.argv[3] == "1"
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    with zygote.serving(sandboxed) as found:
        grader.prewarm()
        replies.send("ready")
        while True:
            try:
                request = requests.recv()
            except EOFError:
                return
            try:
                reply = _grade(request, found)
            except Exception as exc:  # this submission only; the process keeps serving
                reply = {"exception": f"{type(exc).__name__}: {exc}"}
            replies.send(reply)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os.kill(os.getpid(), signal.SIGTERM)


def _grade(request: dict, warm: dict[str, str]) -> dict:
    """Grade one request as the local batch grades a taken submission (kit.clients.batch.Batch)."""
    started = time.monotonic()
    chosen = grader.select_questions(request["questions"])
    with tempfile.TemporaryDirectory(prefix="kit-sub-") as tmp:
        folder = Path(tmp) / "taken"
        for name, data in request["files"].items():
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts:
                raise ValueError(msg("cluster.file_name", name=repr(name)))
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(data)
        folder.mkdir(exist_ok=True)
        taken = intake.Taken(folder, request["lines"], request["problems"], request["refused"])
        if taken.digest != request["digest"]:
            raise ValueError(msg("cluster.not_intact"))
        results, jobs = grader.prepare(taken, chosen, Path(tmp) / "grade", request["limits"], request["sandboxed"])
        staged = Path(tmp) / "grade" / "submission"
        hashes = grader.solution_hashes(staged, chosen)
        if jobs:
            grader.run_jobs(jobs, request["parallel"], warm=warm)
        error = ""
        if grader.solution_hashes(staged, chosen) != hashes:
            error = msg("batch.staged_changed")
            for result in results.values():
                result.status, result.score, result.message = grader.CRASHED, 0.0, error
    return {"results": [results[q.key] for q in chosen], "hashes": hashes, "error": error,
            "duration": max(0.01, round(time.monotonic() - started, 2)), "host": os.uname().nodename}
