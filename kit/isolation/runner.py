"""Run pytest children: forked from a warm parent, each in its own process group, within a wall clock.

The one warm-fork runner of the kit: `kit grade`, `kit grade-batch` and `kit mutants` run their
judges with it, and `kit watch` its re-runs (so it sits below both the learner's loop and the
grading pipeline). The parent imports torch, transformers and pytest once (`prewarm`); each task
forks a child that runs pytest and exits, so nothing one run does reaches the next. When grading,
the learner's code never runs in these children: it runs in the judge's sandboxed worker
(kit.isolation.remote, kit.isolation.sandbox). A child with a memory budget runs in a cgroup of
its own (kit.isolation.budget), so a reply that makes it allocate wildly costs its question, not
the machine. A child that outlives its limit is killed with its whole group; what it leaves behind
(exit status, records) is read by the caller, which trusts none of it blindly, and the workers'
groups it made go too. Ctrl-C in the parent kills the running children's groups and is re-raised.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kit.isolation import budget
from kit.paths import ROOT


@dataclass
class Task:
    """One pytest child: its arguments, where its output goes, and how long it may run."""

    key: str
    args: list[str]
    log: Path | None  # where the child's output goes; None: the parent's own terminal (kit watch)
    limit_s: float
    env: dict[str, str] = field(default_factory=dict)
    memory_mb: int | None = None  # the child's own memory budget (a cgroup where one can be made)
    group: budget.Budget | None = None
    pid: int = 0
    started: float = 0.0
    killed: bool = False


@dataclass
class Finished:
    """How a child ended: its exit code (negative: the signal), whether the runner killed it, its time and peak."""

    code: int
    killed: bool
    duration_s: float
    peak_rss_mb: float
    out_of_time: bool = False  # the whole run's deadline passed: killed, or never started
    out_of_memory: bool = False  # its memory budget ran out (the OOM killer fired in its cgroup)


_AT_FORK: list[Callable[[], None]] = []


def at_fork(forget: Callable[[], None]) -> None:
    """Have every child call `forget` before its pytest starts: what a module of the parent
    remembers from a run of its own (the pytest plugin's records) must not leak into a child's."""
    if forget not in _AT_FORK:
        _AT_FORK.append(forget)


def prewarm() -> None:
    """Import what every child needs once, in the parent, so forked children start warm.

    Callers import the kit's pytest plugin first (kit.grading.grader.prewarm, kit watch): it sets
    HF_HUB_OFFLINE, which huggingface_hub reads once, at import.
    """
    import kit.isolation.remote  # noqa: F401, I001
    import pytest  # noqa: F401
    import torch  # noqa: F401
    import transformers  # noqa: F401
    from transformers import AutoModel, AutoTokenizer  # noqa: F401


def _child(task: Task) -> int:
    if task.group is not None:
        task.group.join()  # before anything of the task runs
    os.setpgid(0, 0)
    if task.log is not None:
        log = os.open(task.log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.chdir(ROOT)
    os.environ.update(task.env)
    import pytest

    import kit.impl

    # A parent that ran tests itself (a harness test calling grade()) must not leak its records.
    for forget in _AT_FORK:
        forget()
    kit.impl.forget_loaded()
    return int(pytest.main(task.args))


def start(task: Task) -> None:
    """Fork the task's child; the child never returns into the caller."""
    sys.stdout.flush()
    sys.stderr.flush()
    task.group = budget.create(task.memory_mb, "judge") if task.memory_mb else None
    task.started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            code = _child(task)
        except BaseException:
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    task.pid = pid


def kill_group(pid: int) -> None:
    """Kill the child's process group (its worker and anything else it started go too)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run(tasks: list[Task], parallel: int, done: Callable[[Task, Finished], list[Task] | None],
        deadline: float | None = None, more: Callable[[], list[Task]] | None = None) -> None:
    """Run every task, `parallel` at a time; `done` gets each finished one and may queue more (first).

    Past `deadline` (a time.monotonic() value) running tasks are killed and queued ones end at
    once, both marked out of time. `more()`, when given, is asked for further tasks whenever the
    queue runs dry and a slot is free (grade-batch takes in each submission only then).
    """
    queue, running = list(tasks), {}
    try:
        _run(queue, running, parallel, done, deadline, more)
    finally:
        # Left early (Ctrl-C, which reaches only us since the children are in groups of their own; an
        # exception; a signal): no child outlives the run.
        for pid, task in running.items():
            kill_group(pid)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            if task.group is not None:
                task.group.close()


def run_one(args: list[str], limit_s: float = float("inf")) -> Finished:
    """One pytest run with `args` in a forked child writing to this terminal (kit watch); how it ended."""
    ended: list[Finished] = []
    run([Task("run", args, None, limit_s)], 1, lambda task, finished: ended.append(finished))
    return ended[0]


def _run(queue: list[Task], running: dict[int, Task], parallel: int,
         done: Callable[[Task, Finished], list[Task] | None], deadline: float | None,
         more: Callable[[], list[Task]] | None) -> None:
    out_of_time: set[int] = set()
    while True:
        while len(running) < max(1, parallel):
            if not queue and more is not None:
                queue.extend(more())
            if not queue:
                break
            task = queue.pop(0)
            if deadline is not None and time.monotonic() >= deadline:
                queue[:0] = done(task, Finished(-1, True, 0.0, 0.0, out_of_time=True)) or []
                continue
            start(task)
            running[task.pid] = task
        if not running and not queue:
            return
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            pid = 0
        if pid == 0:
            now = time.monotonic()
            for task in running.values():
                late = deadline is not None and now >= deadline
                if not task.killed and (now - task.started > task.limit_s or late):
                    task.killed = True
                    if late:
                        out_of_time.add(task.pid)
                    kill_group(task.pid)
            time.sleep(0.05)
            continue
        task = running.pop(pid, None)
        if task is None:
            continue
        kill_group(pid)  # nothing of a finished child may linger
        budget.sweep(f"worker-{pid}-")  # nor the groups of workers it made
        group, task.group = task.group, None
        if group is not None:
            group.close()
        finished = Finished(os.waitstatus_to_exitcode(status), task.killed,
                            round(time.monotonic() - task.started, 2), round(usage.ru_maxrss / 1024, 1),
                            pid in out_of_time, bool(group and group.oom_kills()))
        queue[:0] = done(task, finished) or []
