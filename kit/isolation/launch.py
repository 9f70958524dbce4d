"""Starting a worker: forked by the run's zygote when there is one, else cold, in its sandbox and budget.

Apart from kit.isolation.sandbox (which says what a sandbox is) and kit.isolation.zygote (which
forks into one), so that neither of the two needs the other's way of starting.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from kit.isolation import budget, sandbox, zygote


def start_worker(solution: Path, question: str, limits: sandbox.WorkerLimits, writable: list[Path], sandboxed: bool,
                 log: Path):
    """Start the worker for `solution`: forked by the run's zygote when there is one (kit.isolation.zygote), else
    cold, either way in a budget (cgroup) of its own where one can be made (kit.isolation.budget). Returns a
    subprocess.Popen or its like (stdin, stdout, poll, kill, wait, death_reason); start-up errors go to `log`."""
    argv, env = sandbox.worker_command(solution, question, limits, writable, sandboxed)
    group = budget.create(limits.memory_mb, "worker")
    if group is not None:
        group.watch()
    if sandboxed:
        forked = zygote.fork_worker(argv, env, log, group)
        if forked is not None:
            return forked
    try:
        with open(log, "wb") as errors:
            process = sandbox.ColdWorker(group.command(argv) if group else argv, stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=errors, env=env, close_fds=True)
    except BaseException:
        if group is not None:
            group.close()
        raise
    process.group, process.sandboxed = group, sandboxed
    return process
