"""Workers forked by the zygote are confined exactly like cold ones, hold nothing of the zygote, and
end with their sandbox. Each worker runs a small solution that reports what it can see and reach."""

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

from kit.isolation import launch, sandbox, zygote
from kit.isolation.remote import RemoteSession, RemoteSolution
from kit.paths import REFERENCE, ROOT

pytestmark = pytest.mark.skipif(not zygote.available() or sandbox.unavailable() is not None,
                                reason="the zygote needs Linux, root and bubblewrap")

PROBE = '''
import os, socket

def _link(fd):
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:  # the listing's own descriptor, gone
        return ""

def facts(reference, port):
    status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines() if ":" in line)
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        network = True
    except OSError:
        network = False
    return {"uid": os.getuid(), "ppid": os.getppid(), "cap_eff": status["CapEff"].strip(),
            "no_new_privs": status["NoNewPrivs"].strip(), "reference": os.path.exists(reference),
            "network": network, "fds": sorted(int(fd) for fd in os.listdir("/proc/self/fd")),
            "sockets": [fd for fd in os.listdir("/proc/self/fd") if _link(fd).startswith("socket:")],
            "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}

def leave_a_ticker(folder):
    # A grandchild in a new session that keeps touching a file: it must not outlive the worker's sandbox.
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            while True:
                with open(os.path.join(folder, "tick"), "a") as stream:
                    stream.write(".")
                import time
                time.sleep(0.05)
        os._exit(0)
    return True
'''


@pytest.fixture(scope="module")
def zygote_env():
    with zygote.serving(True) as found:
        assert found, "the zygote did not start"
        yield found


def session(tmp_path: Path, monkeypatch, env: dict[str, str]) -> RemoteSession:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    solution = tmp_path / "submission" / "q5" / "solution.py"
    solution.parent.mkdir(parents=True)
    solution.write_text(PROBE, encoding="utf-8")
    scratch = tmp_path / "scratch"
    scratch.mkdir(mode=0o777)
    scratch.chmod(0o777)
    log = tmp_path / "worker.log"

    def start_one():
        return launch.start_worker(solution, "q5", sandbox.WorkerLimits(), [scratch], True, log), log

    return RemoteSession("q5", start_one, 60.0, [scratch])


@pytest.fixture
def listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server.getsockname()[1]
    server.close()


def test_a_forked_worker_is_confined_like_a_cold_one(tmp_path, monkeypatch, zygote_env, listener):
    forked = session(tmp_path / "forked", monkeypatch, zygote_env)
    facts = RemoteSolution(forked).facts(str(REFERENCE / "q5" / "solution.py"), listener)
    assert type(forked.process.process) is zygote.ForkedWorker
    cold = session(tmp_path / "cold", monkeypatch, {"KIT_ZYGOTE": ""})
    cold_facts = RemoteSolution(cold).facts(str(REFERENCE / "q5" / "solution.py"), listener)
    assert type(cold.process.process) is not zygote.ForkedWorker
    try:
        for got in (facts, cold_facts):
            assert got["uid"] == sandbox.NOBODY and got["cap_eff"] == "0000000000000000"
            assert got["no_new_privs"] == "1" and not got["reference"] and not got["network"]
        # Only the protocol's pipes, the start-up log and the worker's output file: nothing of the zygote
        # (its listening socket, other judges' connections) is inherited.
        assert facts["fds"] == cold_facts["fds"], (facts["fds"], cold_facts["fds"])
        assert not facts["sockets"]
        assert facts["ppid"] == 0  # its parent is outside the sandbox's pid namespace: the zygote's child
        assert os.getpid() not in facts["pids"] and max(facts["pids"]) < 100
    finally:
        forked.close()
        cold.close()


def test_nothing_a_forked_worker_starts_outlives_it(tmp_path, monkeypatch, zygote_env):
    forked = session(tmp_path, monkeypatch, zygote_env)
    assert RemoteSolution(forked).leave_a_ticker(str(tmp_path / "scratch")) is True
    tick = tmp_path / "scratch" / "tick"
    deadline = time.monotonic() + 10
    while not tick.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert tick.exists(), "the ticker never ran"
    forked.close()
    time.sleep(0.3)
    size = tick.stat().st_size
    time.sleep(0.5)
    assert tick.stat().st_size == size, "a process of the worker outlived its sandbox"


def test_a_judge_whose_environment_differs_starts_its_worker_cold(tmp_path, monkeypatch, zygote_env):
    monkeypatch.setenv("KIT_LANG", "en" if os.environ.get("KIT_LANG") != "en" else "ko")
    other = session(tmp_path, monkeypatch, zygote_env)
    try:
        other.wait_ready()
        assert type(other.process.process) is not zygote.ForkedWorker
    finally:
        other.close()


def test_the_zygote_imports_nothing_of_the_kit_beyond_the_worker():
    """What every worker inherits: the zygote's modules. Nothing private (reference, tests) among them."""
    import sys

    prefixes = ("kit", "reference", "tests", "exercises")
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from kit.isolation import zygote; zygote._preload(); "
            f"print('\\n'.join(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))")
    names = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True,
                           env=sandbox.worker_env()).stdout.split()
    assert names and all(n == "kit" or n.startswith("kit.") for n in names), names
    judge_side = ("kit.grading.grader", "kit.clients.batch", "kit.learn.pytest_plugin", "kit.learn.checks")
    assert not any(n in names for n in judge_side), names


def test_with_inherited_descriptors_left_open_the_worker_holds_the_zygotes_socket(tmp_path, monkeypatch, listener):
    """The defence switched off: a zygote whose forks keep what they inherit hands the learner's code
    its listening socket (from which it could take other judges' requests and their pipes)."""
    real = subprocess.Popen

    def leaky(argv, **kwargs):
        argv = [*argv[:3], "import os; os.closerange = lambda *a: None; " + argv[3], *argv[4:]]
        return real(argv, **kwargs)

    monkeypatch.setattr(zygote.subprocess, "Popen", leaky)
    with zygote.serving(True) as found:
        monkeypatch.setattr(zygote.subprocess, "Popen", real)
        forked = session(tmp_path, monkeypatch, found)
        try:
            facts = RemoteSolution(forked).facts(str(REFERENCE / "q5" / "solution.py"), listener)
            assert type(forked.process.process) is zygote.ForkedWorker
            assert facts["sockets"], facts["fds"]
        finally:
            forked.close()
