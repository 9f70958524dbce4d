"""One memory and process budget per sandbox (kit.isolation.budget): every process of a worker's sandbox is in
one cgroup, cold or forked by the zygote; their memory together is capped, /tmp included; the
budget's end is reported as out of memory only when it ran out; the group goes with the sandbox.
Each defence is also switched off, and its attack then gets through."""

import os
import signal
from pathlib import Path

import pytest

from kit.isolation import budget, launch, sandbox, zygote
from kit.isolation.remote import RemoteSession, RemoteSolution, WorkerFailure

pytestmark = pytest.mark.skipif(budget.unavailable() is not None or sandbox.unavailable() is not None,
                                reason="a budget needs Linux, root, cgroup memory and pids controllers, and a sandbox")

SMALL_MB = 600  # what the test lets the sandbox use beyond what the worker holds once started
PROBE = '''
import os, subprocess, sys, time

HOLD = "import sys, time; b = b'x' * (int(sys.argv[1]) << 20); print('held', flush=True); time.sleep(60)"

def family(children):
    started = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) for _ in range(children)]
    return len(started)

def hog(children, mb):
    # Fresh interpreters, each well inside its own address-space limit: only a budget for all of them stops them.
    started = [subprocess.Popen([sys.executable, "-c", HOLD, str(mb)], stdout=subprocess.PIPE) for _ in range(children)]
    held = [p.stdout.readline().strip() == b"held" for p in started]
    for p in started:
        p.kill()
        p.wait()
    return sum(held)

def fill_tmp(limit_mb):
    chunk, written = b"x" * (16 << 20), 0
    try:
        with open("/tmp/fill", "wb") as stream:
            while written < limit_mb << 20:
                stream.write(chunk)
                stream.flush()
                written += len(chunk)
    except OSError:
        pass
    os.remove("/tmp/fill")
    return written >> 20

def die():
    os.kill(os.getpid(), 9)
'''


@pytest.fixture(scope="module")
def zygote_env():
    with zygote.serving(True) as found:
        assert found, "the zygote did not start"
        yield found


@pytest.fixture(params=["cold", "zygote"])
def start(request, tmp_path, monkeypatch):
    """Start a worker on PROBE, cold or forked by the zygote; yields (solution proxy, its processes)."""
    env = request.getfixturevalue("zygote_env") if request.param == "zygote" else {"KIT_ZYGOTE": ""}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    solution = tmp_path / "submission" / "q5" / "solution.py"
    solution.parent.mkdir(parents=True)
    solution.write_text(PROBE, encoding="utf-8")
    scratch = tmp_path / "scratch"
    scratch.mkdir(mode=0o777)
    scratch.chmod(0o777)
    log = tmp_path / "worker.log"
    started: list = []
    sessions: list[RemoteSession] = []

    def start_one():
        process = launch.start_worker(solution, "q5", sandbox.WorkerLimits(), [scratch], True, log)
        started.append(process)
        return process, log

    def begin() -> RemoteSolution:
        session = RemoteSession("q5", start_one, 60.0, [scratch])
        sessions.append(session)
        session.wait_ready()
        kind = zygote.ForkedWorker if request.param == "zygote" else sandbox.ColdWorker
        assert type(started[-1]) is kind
        return RemoteSolution(session)

    yield begin, started
    for session in sessions:
        session.close()


def lower(group: budget.Budget, extra_mb: int) -> None:
    """Cap the group at what it holds now plus `extra_mb` (the worker itself fits a small budget so)."""
    usage, limits = ("memory.current", ["memory.max"]) if group.unified else \
        ("memory.usage_in_bytes", ["memory.limit_in_bytes", "memory.memsw.limit_in_bytes"])
    limit = str(int((group.dirs[0] / usage).read_text()) + (extra_mb << 20))
    for name in limits:
        if (group.dirs[0] / name).exists():
            (group.dirs[0] / name).write_text(limit)


def pid_namespace(pid: int) -> str:
    return os.readlink(f"/proc/{pid}/ns/pid")


def test_every_process_of_a_sandbox_is_in_its_group_and_the_group_goes_with_it(start):
    begin, started = start
    solution = begin()
    assert solution.family(3) == 3
    group = started[-1].group
    members = set(group.pids())
    own = pid_namespace(os.getpid())
    inside = {pid_namespace(p) for p in members} - {own}
    assert len(inside) == 1, "the group holds one sandbox's processes"
    everyone = {int(p) for p in os.listdir("/proc") if p.isdigit()}
    in_sandbox = set()
    for pid in everyone:
        try:
            if pid_namespace(pid) in inside:
                in_sandbox.add(pid)
        except OSError:
            continue
    assert len(in_sandbox) >= 5, in_sandbox  # bubblewrap's pid 1, the worker and its three children
    assert in_sandbox <= members, f"outside the budget: {in_sandbox - members}"
    started[-1].kill()
    started[-1].wait(timeout=10)
    assert not any(d.exists() for d in group.dirs), "the group outlived its sandbox"


def test_the_memory_of_all_a_sandboxs_processes_together_is_capped(start):
    begin, started = start
    solution = begin()
    lower(started[-1].group, SMALL_MB)
    assert solution.hog(2, 150) == 2  # 300 MB together: within the budget
    with pytest.raises(WorkerFailure):
        solution.hog(3, 300)  # 900 MB together, each far inside its own address-space limit
    ended = started[-1]
    code = ended.wait(timeout=10)
    assert code == -signal.SIGKILL
    assert ended.group.oom_kills() >= 1
    assert "out of memory" in ended.death_reason(code) or "메모리" in ended.death_reason(code)
    assert not any(d.exists() for d in ended.group.dirs)


def test_tmp_counts_against_the_budget(start):
    begin, started = start
    solution = begin()
    lower(started[-1].group, SMALL_MB)
    with pytest.raises(WorkerFailure):
        solution.fill_tmp(2 * SMALL_MB)
    assert started[-1].group.oom_kills() >= 1


def test_a_worker_that_kills_itself_is_reported_with_its_signal(start):
    begin, started = start
    solution = begin()
    with pytest.raises(WorkerFailure):
        solution.die()
    ended = started[-1]
    code = ended.wait(timeout=10)
    assert code in (-signal.SIGKILL, 128 + signal.SIGKILL) and ended.group.oom_kills() == 0  # bwrap says 137
    assert "SIGKILL" in ended.death_reason(code)
    assert "out of memory" not in ended.death_reason(code) and "메모리" not in ended.death_reason(code)


# ---------------------------------------------------------------- each defence, switched off


def test_without_a_group_children_together_exceed_the_budget(start, monkeypatch):
    monkeypatch.setenv(budget.SWITCH, "rlimit")
    begin, started = start
    solution = begin()
    assert started[-1].group is None
    assert solution.hog(3, 300) == 3  # 900 MB: what the budget above refused


def test_a_sized_tmp_stops_a_filler_where_no_group_counts_it(start, monkeypatch):
    monkeypatch.setenv(budget.SWITCH, "rlimit")
    monkeypatch.setattr(sandbox, "tmp_size", lambda limits: 256 << 20)
    begin, _ = start
    assert begin().fill_tmp(1024) <= 256
    monkeypatch.setattr(sandbox, "tmp_size", lambda limits: 0)  # the size switched off too
    assert begin().fill_tmp(1024) == 1024


def test_a_judge_sweeps_the_groups_its_workers_left(tmp_path):
    group = budget.create(SMALL_MB, "worker")
    assert group is not None and all(d.is_dir() for d in group.dirs)
    budget.sweep(f"worker-{os.getpid()}-")
    assert not any(d.exists() for d in group.dirs)
    assert Path(group.dirs[0]).parent.is_dir()
