"""One memory and process budget per worker sandbox (and one per judge): a cgroup, else rlimits.

As root on Linux every process of a sandbox lives in one cgroup of its own, made for it under
`<the grading run's cgroup>/kit/` (cgroup v1 `memory` and `pids`, or cgroup v2 where both
controllers are delegated): the memory limit (`--memory-mb`, swap included) and `pids.max` hold
for all of them together, forked children and the sandbox's tmpfs /tmp included (its pages are
charged to whoever writes them). The first process of a sandbox joins before it runs anything:
a cold worker's bubblewrap and a zygote's anchor are started by `/bin/sh` that writes itself into
the group and only then execs (`command`); the zygote's child joins through descriptors of the
group's `cgroup.procs` the judge sends it, before it enters the sandbox's namespaces and forks the
worker (kit.isolation.zygote). When the kernel's OOM killer fires in a group, a watcher in the judge kills
everything else in it too, so a budget that ran out ends the whole sandbox, as cgroup v2's
`memory.oom.group` does, and the judge reports "out of memory" only then (`death_reason`): a
worker that kills itself is reported with its signal. Closing a budget kills what is left and
removes the group; `sweep` removes the groups a judge left behind after it ended, and a new
group's creation removes those of processes that are gone.

Where no group can be made (not root, macOS, a controller missing, `KIT_BUDGET=rlimit`) the
fallback is per process: RLIMIT_AS, RLIMIT_NPROC (kit.isolation.worker.lower_limits) and the sized tmpfs
(kit.isolation.sandbox); results.json records which held (`"budget": "cgroup"` or `"rlimit"`).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import select
import signal
import sys
import threading
import time
from functools import cache
from pathlib import Path

from kit.messages import msg

PIDS_MAX = 512  # processes and threads of one sandbox together (torch's threads count too)
GROUP = "kit"  # the folder every budget of a grading run lives in, under the run's own cgroup
SWITCH = "KIT_BUDGET"  # "rlimit": make no cgroup (the harness's tests switch the defence off with it)
CLOSE_S = 5.0
_names = itertools.count()


@cache
def _hierarchies() -> dict[str, Path]:
    """Where this process's cgroups are: {"memory": dir, "pids": dir} (v1) or {"unified": dir} (v2)."""
    own: dict[str, str] = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for name in controllers.split(",") if controllers else ["unified"]:
            own[name] = path
    mounts: dict[str, Path] = {}
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split(" - ", 1)
        if len(fields) != 2:
            continue
        root, point = line.split()[3], line.split()[4]
        kind, _source, options = (fields[1].split() + ["", ""])[:3]
        if root != "/":
            continue
        if kind == "cgroup":
            for name in ("memory", "pids"):
                if name in options.split(","):
                    mounts[name] = Path(point)
        elif kind == "cgroup2":
            mounts.setdefault("unified", Path(point))

    def base(name: str) -> Path:
        parts = [p for p in own[name].split("/") if p]
        if GROUP in parts:  # a judge inside its own group: its workers' groups are that group's siblings
            parts = parts[:parts.index(GROUP)]
        return mounts[name].joinpath(*parts) / GROUP

    if "memory" in mounts and "pids" in mounts and "memory" in own and "pids" in own:
        return {"memory": base("memory"), "pids": base("pids")}
    if "unified" in mounts and "unified" in own:
        return {"unified": base("unified")}
    return {}


@cache
def _unavailable() -> str | None:
    if not sys.platform.startswith("linux"):
        return f"no cgroups on {sys.platform}"
    if os.geteuid() != 0:
        return "not root: no cgroup can be made"
    try:
        places = _hierarchies()
    except (OSError, ValueError) as exc:
        return f"the cgroups cannot be read ({exc})"
    if not places:
        return "no cgroup memory and pids controllers are mounted here"
    try:
        for place in places.values():
            place.mkdir(exist_ok=True)
        if "unified" in places:
            parent = places["unified"]
            wanted = {"memory", "pids"}
            if not wanted <= set((parent.parent / "cgroup.controllers").read_text().split()):
                return "cgroup v2 without the memory and pids controllers delegated"
            (parent.parent / "cgroup.subtree_control").write_text("+memory +pids")
            (parent / "cgroup.subtree_control").write_text("+memory +pids")
    except OSError as exc:
        return f"no cgroup can be made here ({exc})"
    return None


def unavailable() -> str | None:
    """Why no budget can be a cgroup here (the rlimit fallback then holds), or None when it can."""
    if os.environ.get(SWITCH) == "rlimit":
        return f"{SWITCH}=rlimit"
    return _unavailable()


def mode() -> str:
    """What holds a sandbox's memory and processes here: "cgroup" (one budget for all) or "rlimit" (per process)."""
    return "rlimit" if unavailable() else "cgroup"


class Budget:
    """One cgroup (a folder per controller) with its memory and process limits."""

    def __init__(self, name: str, memory_mb: int, dirs: list[Path], unified: bool):
        self.name = name
        self.memory_mb = memory_mb
        self.dirs = dirs  # the memory controller's folder first
        self.unified = unified
        self._closed = threading.Event()
        self._events = 0  # OOM notifications seen (v1's eventfd)
        self._final: tuple[int, float] | None = None  # (OOM kills, peak MB) once the group is gone
        self._event_fd = -1
        self._watcher: threading.Thread | None = None

    # ---------------------------------------------------------------- joining

    def procs_files(self) -> list[Path]:
        """Each controller's cgroup.procs: writing a pid (or 0, oneself) there moves that process in."""
        return [d / "cgroup.procs" for d in self.dirs]

    def join(self) -> None:
        """Move this process into the group (its children from now on start there)."""
        for path in self.procs_files():
            path.write_text("0")

    def command(self, argv: list[str]) -> list[str]:
        """`argv` started by a shell that first moves itself into the group: nothing of `argv` runs outside."""
        files = [str(p) for p in self.procs_files()]
        script = 'echo 0 > "$1" || exit 125; shift; ' * len(files) + 'exec "$@"'
        return ["/bin/sh", "-c", script, "kit-budget", *files, *argv]

    # ---------------------------------------------------------------- watching and reading

    def watch(self) -> Budget:
        """Kill the whole group as soon as the OOM killer fires in it (one budget: its end is everyone's)."""
        if not self.unified:
            control = os.open(self.dirs[0] / "memory.oom_control", os.O_RDONLY | os.O_CLOEXEC)
            try:
                self._event_fd = os.eventfd(0, os.EFD_CLOEXEC)
                (self.dirs[0] / "cgroup.event_control").write_text(f"{self._event_fd} {control}")
            finally:
                os.close(control)
        self._watcher = threading.Thread(target=self._watch, name=f"kit budget {self.name}", daemon=True)
        self._watcher.start()
        return self

    def _watch(self) -> None:
        handled = 0
        while not self._closed.is_set():
            if self._event_fd >= 0:
                if select.select([self._event_fd], [], [], 0.5)[0]:
                    with contextlib.suppress(OSError):
                        os.read(self._event_fd, 8)
                        if not self._closed.is_set():
                            self._events += 1
            else:
                self._closed.wait(0.2)
            if self._closed.is_set():
                return
            with contextlib.suppress(OSError):
                if self.oom_kills() > handled:
                    handled = self.oom_kills()
                    self.kill_all()

    def _read(self, name: str) -> str:
        return (self.dirs[0] / name).read_text()

    def oom_kills(self) -> int:
        """How many processes the OOM killer ended in this group (its memory budget ran out)."""
        if self._final is not None:
            return self._final[0]
        if self.unified:
            fields = dict(line.split() for line in self._read("memory.events").splitlines())
            return int(fields.get("oom_kill", 0))
        fields = dict(line.split() for line in self._read("memory.oom_control").splitlines())
        return max(int(fields.get("oom_kill", 0)), self._events)

    def peak_mb(self) -> float:
        """The most memory the group held at once (MB; 0 where the kernel does not keep it)."""
        if self._final is not None:
            return self._final[1]
        name = "memory.peak" if self.unified else "memory.max_usage_in_bytes"
        try:
            return round(int(self._read(name)) / 2**20, 1)
        except (OSError, ValueError):
            return 0.0

    def pids(self) -> list[int]:
        """The processes in the group now."""
        try:
            return [int(p) for p in self.procs_files()[0].read_text().split()]
        except OSError:
            return []

    # ---------------------------------------------------------------- ending

    def kill_all(self) -> None:
        """SIGKILL every process in the group (each checked to be in it still when its pidfd is open)."""
        for pid in self.pids():
            try:
                handle = os.pidfd_open(pid)
            except OSError:
                continue
            try:
                if pid in self.pids():  # the pidfd is this process, not a reused pid
                    signal.pidfd_send_signal(handle, signal.SIGKILL)
            except OSError:
                pass
            finally:
                os.close(handle)

    def close(self) -> None:
        """Kill what is left, remember the counters, remove the group (idempotent)."""
        if self._final is not None:
            return
        try:
            final = (self.oom_kills(), self.peak_mb())
        except OSError:  # the group is already gone (swept)
            final = (self._events, 0.0)
        deadline = time.monotonic() + CLOSE_S
        removed = False
        while not removed and time.monotonic() < deadline:
            self.kill_all()
            try:
                for folder in self.dirs:
                    if folder.exists():
                        folder.rmdir()
                removed = True
            except OSError:
                time.sleep(0.02)  # processes still exiting, or zombies not reaped yet
        self._final = final
        self._closed.set()
        if self._watcher is not None:
            self._watcher.join(timeout=2)
        if self._event_fd >= 0:
            os.close(self._event_fd)
            self._event_fd = -1


def create(memory_mb: int, kind: str, pids_max: int = PIDS_MAX) -> Budget | None:
    """A new, empty group named `<kind>-<this pid>-<n>` holding `memory_mb` (swap included) and
    `pids_max` processes; None where no cgroup can be made (the rlimit fallback holds)."""
    if unavailable():
        return None
    places = _hierarchies()
    _sweep_orphans()
    name = f"{kind}-{os.getpid()}-{next(_names)}"
    dirs = [place / name for place in places.values()]
    budget = Budget(name, memory_mb, dirs, "unified" in places)
    limit = str(memory_mb << 20)
    try:
        for folder in dirs:
            folder.mkdir()
        if budget.unified:
            (dirs[0] / "memory.max").write_text(limit)
            with contextlib.suppress(FileNotFoundError):
                (dirs[0] / "memory.swap.max").write_text("0")
            (dirs[0] / "memory.oom.group").write_text("1")
            (dirs[0] / "pids.max").write_text(str(pids_max))
        else:
            (dirs[0] / "memory.limit_in_bytes").write_text(limit)
            with contextlib.suppress(FileNotFoundError):  # no swap accounting: swap cannot escape it either
                (dirs[0] / "memory.memsw.limit_in_bytes").write_text(limit)
            (dirs[1] / "pids.max").write_text(str(pids_max))
    except OSError:
        budget.close()
        return None
    return budget


def sweep(prefix: str) -> None:
    """Remove every group whose name starts with `prefix` (what a judge that ended left behind)."""
    if unavailable():
        return
    names = {p.name for place in _hierarchies().values() if place.is_dir() for p in place.iterdir()
             if p.is_dir() and p.name.startswith(prefix)}
    for name in names:
        dirs = [place / name for place in _hierarchies().values()]
        Budget(name, 0, dirs, "unified" in _hierarchies()).close()


def _sweep_orphans() -> None:
    """Remove the groups of processes that ended without removing them (a judge killed outright)."""
    for place in _hierarchies().values():
        for folder in place.iterdir() if place.is_dir() else ():
            owner = folder.name.split("-")[1:2]
            if folder.is_dir() and owner and owner[0].isdigit() and not Path(f"/proc/{owner[0]}").exists():
                sweep(folder.name)


def death_reason(code: int, budget: Budget | None) -> str:
    """How a worker that ended with `code` (negative: a signal) died, in the learner's language:
    out of memory only when its group's OOM killer fired, else the signal or the exit code."""
    if budget is not None and budget.oom_kills():
        return msg("worker.out_of_memory", limit=budget.memory_mb)
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals.__members__.values() else str(-code)
        return msg("worker.killed", signal=name)
    return msg("worker.exited", code=code)
