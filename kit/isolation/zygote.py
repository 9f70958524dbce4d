"""The zygote: one warm, clean process that forks every sandboxed worker of a grading run.

A worker started cold imports torch and transformers inside its sandbox, seconds per question.
`kit grade` and `kit grade-batch` instead start one zygote per run (`serving`, from
kit.grading.grader.run_jobs): a fresh interpreter with the workers' environment that imports those
libraries and the worker's modules, and never anything of a submission, the reference or the
tests. A judge still builds each worker's sandbox with bubblewrap, exactly as for a cold start
(kit.isolation.sandbox.worker_command), but runs a placeholder in it (the anchor) and asks the zygote over
a Unix socket, in a folder only root can enter, for a worker there (`fork_worker`). The zygote
forks; the child joins the sandbox's budget (kit.isolation.budget: the anchor started in that cgroup, and
the judge sends the group's `cgroup.procs` files), then the anchor's namespaces with setns
(cgroup, IPC, UTS, network, pid, mount), and forks the worker into the sandbox's pid namespace.
The worker closes every descriptor it inherited, drops to the unprivileged uid (no capability
left, no_new_privs) and only then runs kit.isolation.worker.serve, which imports the learner's file. Ending
the anchor ends the sandbox's pid namespace, and the kernel kills everything in it.

Only as root (the CI, Gradescope, containers): joining another process's namespaces needs
CAP_SYS_ADMIN. Elsewhere, or when anything here fails, workers start cold as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kit.isolation import budget
from kit.paths import ROOT

NAMESPACES = ("cgroup", "ipc", "uts", "net", "pid", "mnt")  # mount last: it changes what paths mean
ANCHOR = "import os; os.write(1, b'.'); os.read(0, 1)"  # says it runs, then waits for the judge to go
START_S = 20.0
REQUEST_LIMIT = 1 << 16
PR_SET_PDEATHSIG = 1


def available() -> bool:
    """Whether workers can be forked into sandboxes here: Linux, as root."""
    return sys.platform.startswith("linux") and os.geteuid() == 0 and hasattr(socket, "send_fds")


def _digest(env: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(env, sort_keys=True).encode()).hexdigest()


# ---------------------------------------------------------------- the grading run's side


@contextlib.contextmanager
def serving(wanted: bool) -> Iterator[dict[str, str]]:
    """Run a zygote for the block when `wanted` and possible. Yields what a judge's environment needs to
    find it ({} without one: each worker then starts cold)."""
    if not wanted or not available():
        yield {}
        return
    from kit.isolation import sandbox

    folder = Path(tempfile.mkdtemp(prefix="kit-zygote-"))  # 0700: no sandbox and no worker can enter it
    path = folder / "socket"
    env = sandbox.worker_env()
    ready_r, ready_w = os.pipe()
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from kit.isolation.zygote import main; main()"
    process = None
    try:
        with open(folder / "zygote.log", "wb") as log:
            process = subprocess.Popen([sys.executable, "-I", "-c", code, str(path), str(ready_w)], env=env,
                                       pass_fds=[ready_w], stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                       start_new_session=True)
        os.close(ready_w)
        ready_w = -1
        started = select.select([ready_r], [], [], START_S)[0] and os.read(ready_r, 1) == b"."
        yield {"KIT_ZYGOTE": str(path), "KIT_ZYGOTE_ENV": _digest(env)} if started else {}
    finally:
        for fd in (ready_r, ready_w):
            if fd >= 0:
                os.close(fd)
        if process is not None:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- the judge's side


class ForkedWorker:
    """A worker the zygote forked, as the judge sees it: the protocol's pipes, and Popen's poll, wait
    and kill. Its exit status comes from the zygote; killing it ends its sandbox (the anchor)."""

    def __init__(self, anchor: subprocess.Popen, connection: socket.socket, requests: int, answers: int,
                 group: budget.Budget | None = None):
        self.anchor = anchor
        self.group = group
        self.connection = connection
        self.stdin = os.fdopen(requests, "wb")
        self.stdout = os.fdopen(answers, "rb", buffering=0)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self.connection], [], [], 0)[0]:
            self._ended()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not select.select([self.connection], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired("kit worker", timeout)
            self._ended()
        self._close()
        return self.returncode

    def kill(self) -> None:
        self.anchor.kill()  # bwrap goes, its pid 1 with it (--die-with-parent): the kernel kills the rest

    def death_reason(self, code: int) -> str:
        """How it ended: out of memory only if its budget ran out (kit.isolation.budget.death_reason)."""
        return budget.death_reason(code, self.group)

    def _ended(self) -> None:
        try:
            said = json.loads(self.connection.recv(4096))
            self.returncode = int(said["exit"])
        except (OSError, ValueError, KeyError, TypeError):
            self.returncode = -signal.SIGKILL  # the zygote itself went away

    def _close(self) -> None:
        self.anchor.kill()
        self.anchor.wait()
        if self.group is not None:
            self.group.close()
        for stream in (self.anchor.stdin, self.anchor.stdout, self.connection):
            with contextlib.suppress(OSError):
                stream.close()


def fork_worker(argv: list[str], env: dict[str, str], log: Path, group: budget.Budget | None = None
                ) -> ForkedWorker | None:
    """The worker kit.isolation.sandbox.worker_command describes, forked by this run's zygote into the same
    sandbox, and in `group` (the anchor and the worker both); None when there is no zygote or anything
    fails (the caller then starts it cold)."""
    path = os.environ.get("KIT_ZYGOTE")
    if not path or os.environ.get("KIT_ZYGOTE_ENV") != _digest(env) or "--" not in argv:
        return None
    at = argv.index("--")
    python, arguments = argv[at + 1], argv[-5:]
    # The anchor needs no capability (the worker drops its own uid, in the zygote's child).
    bwrap = [a for i, a in enumerate(argv[:at]) if a != "--cap-add" and (i == 0 or argv[i - 1] != "--cap-add")]
    request = {"solution": arguments[0], "question": arguments[1], "memory_mb": int(arguments[2]),
               "cpu_s": int(arguments[3]), "uid": int(arguments[4]), "env": env}
    opened: list[int] = []
    anchor = connection = None
    requests_w = answers_r = -1
    try:
        info_r, info_w = os.pipe()
        opened.append(info_r)
        try:
            command = [bwrap[0], "--info-fd", str(info_w), *bwrap[1:], "--", python, "-I", "-S", "-c", ANCHOR]
            anchor = subprocess.Popen(group.command(command) if group else command, stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, pass_fds=[info_w])
        finally:
            os.close(info_w)
        info = json.loads(_read_until(info_r, b"}"))
        if _read_until(anchor.stdout.fileno(), b".") != b".":  # the anchor runs: the mounts are all made
            raise OSError("the sandbox did not start")
        pid = int(info["child-pid"])
        names = [n for n in NAMESPACES if os.path.exists(f"/proc/{pid}/ns/{n}")]
        ns = [os.open(f"/proc/{pid}/ns/{n}", os.O_RDONLY | os.O_CLOEXEC) for n in names]
        opened += ns
        requests_r, requests_w = os.pipe()
        answers_r, answers_w = os.pipe()
        opened += [requests_r, answers_w]
        errors = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        opened.append(errors)
        groups = [os.open(p, os.O_WRONLY | os.O_CLOEXEC) for p in group.procs_files()] if group else []
        opened += groups
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        connection.settimeout(START_S)
        connection.connect(path)
        socket.send_fds(connection, [json.dumps({**request, "namespaces": names, "groups": len(groups)}).encode()],
                        [requests_r, answers_w, errors, *ns, *groups])
        connection.settimeout(None)
    except (OSError, ValueError, KeyError, TypeError):
        for fd in (requests_w, answers_r):
            if fd >= 0:
                os.close(fd)
        if connection is not None:
            connection.close()
        if anchor is not None:
            anchor.kill()
            anchor.wait()
        return None
    finally:
        for fd in opened:
            os.close(fd)
    return ForkedWorker(anchor, connection, requests_w, answers_r, group)


def _read_until(fd: int, end: bytes) -> bytes:
    """What `fd` gives up to and including `end` (small, from bwrap or the anchor), within START_S."""
    got = b""
    while end not in got:
        if not select.select([fd], [], [], START_S)[0]:
            raise TimeoutError
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        got += chunk
    return got


# ---------------------------------------------------------------- the zygote itself


def main() -> None:
    """`python -c ... kit.isolation.zygote.main SOCKET READY_FD`: listen, say so on READY_FD, import, then serve."""
    path, ready = sys.argv[1], int(sys.argv[2])
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(path)
    listener.listen(64)
    env = dict(os.environ)  # what the run asked for (importing may add to os.environ)
    os.write(ready, b".")
    os.close(ready)
    _preload()  # requests wait in the listener's queue meanwhile
    _serve(listener, env)


def _preload() -> None:
    """What workers import anyway: once here, shared by every fork."""
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import safetensors.torch  # noqa: F401
    import torch
    import torch.utils.data  # noqa: F401
    import transformers  # noqa: F401
    from transformers import (  # noqa: F401
        AutoModel,
        AutoModelForMaskedLM,
        AutoModelForSequenceClassification,
        AutoTokenizer,
        BertForMaskedLM,
        BertForSequenceClassification,
        BertModel,
        Pipeline,
        pipeline,
    )

    from kit.isolation import mirrors, probes, protocol, wire, worker  # noqa: F401

    with contextlib.suppress(ImportError):
        import plotly.graph_objects
        import plotly.subplots  # noqa: F401


def _serve(listener: socket.socket, env: dict[str, str]) -> None:
    """Fork a worker for each request; tell its judge how the worker ended."""
    children: dict[int, socket.socket] = {}
    while True:
        if select.select([listener], [], [], 0.05)[0]:
            connection, _ = listener.accept()
            pid = _spawn(connection, env)
            if pid:
                children[pid] = connection
            else:
                connection.close()
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            connection = children.pop(pid, None)
            if connection is not None:
                with contextlib.suppress(OSError):
                    connection.send(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode())
                connection.close()


def _spawn(connection: socket.socket, env: dict[str, str]) -> int:
    """Read one request and fork its worker; 0 when the request is not one this zygote serves."""
    connection.settimeout(START_S)
    try:
        data, fds, _flags, _address = socket.recv_fds(connection, REQUEST_LIMIT, 16)
    except OSError:
        return 0
    try:
        request = json.loads(data)
        names = request["namespaces"]
        ok = (request["env"] == env and len(fds) == 3 + len(names) + int(request["groups"])
              and set(names) <= set(NAMESPACES) and int(request["uid"]) > 0)
    except (ValueError, KeyError, TypeError):
        ok = False
    if not ok:
        for fd in fds:
            os.close(fd)
        return 0
    pid = os.fork()
    if pid == 0:
        try:
            _become_worker(request, fds)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.write(2, f"kit zygote: the worker could not start: {exc}\n".encode())
        os._exit(70)
    for fd in fds:
        os.close(fd)
    return pid


def _become_worker(request: dict, fds: list[int]) -> None:
    """In the zygote's child: join the sandbox, fork the worker into its pid namespace, report its end."""
    requests, answers, errors, *ns = fds
    groups = ns[len(request["namespaces"]):]
    ns = ns[:len(request["namespaces"])]
    os.dup2(errors, 2)
    for fd in groups:  # the sandbox's budget first: the worker is forked in it, and /sys is not seen from inside
        os.write(fd, b"0")
    libc = ctypes.CDLL(None, use_errno=True)
    for name, fd in zip(request["namespaces"], ns, strict=True):
        if libc.setns(fd, 0) != 0:
            raise OSError(ctypes.get_errno(), f"cannot join the sandbox's {name} namespace")
    worker = os.fork()
    if worker:
        os.closerange(3, os.sysconf("SC_OPEN_MAX"))
        _, status = os.waitpid(worker, 0)
        code = os.waitstatus_to_exitcode(status)
        if code < 0:  # end the same way, so the zygote reports the signal
            with contextlib.suppress(OSError, ValueError):
                signal.signal(-code, signal.SIG_DFL)
            os.kill(os.getpid(), -code)
        os._exit(code & 0xFF)
    # The worker: inside the sandbox's namespaces, still root, holding nothing but its three pipes.
    os.setsid()
    os.dup2(requests, 0)
    os.dup2(answers, 1)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    os.chdir("/tmp")
    if not os.path.isfile(request["solution"]):  # not inside the sandbox the judge built: stop
        raise OSError(f"{request['solution']} is not in the sandbox")
    os.environ.clear()
    os.environ.update(request["env"])
    from kit.isolation import worker as learner_worker

    learner_worker.serve(Path(request["solution"]), request["question"], int(request["memory_mb"]),
                         int(request["cpu_s"]), int(request["uid"]))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
