"""Files a learner's code wrote, taken by the judge without following anything the worker planted.

A question that asks the learner to save something (Q10's `save_for_pipeline`) hands its function a
folder in the worker's own area of the scratch folder, the one place under it the worker may write. The
judge never opens a path there directly: a link the worker planted, or a folder it swapped for a link
between two calls, would make the judge (root, outside the sandbox) read or write wherever the link
points. `copy_out` walks the learner's folder by descriptors from the judge's own scratch folder, every
step with O_NOFOLLOW, and copies regular files only, within a byte budget, into a folder of the judge's.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

WORKER_AREA = "learner-files"  # the one folder of the judge's scratch folder that the worker may write
DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
CHUNK = 1 << 20


def copy_out(root: Path, relative: Path, dest: Path, budget: int, entries: int = 10_000) -> list[str]:
    """Copy `root/relative` (a folder the worker wrote) into `dest`; what was left out, and why.

    `root` is trusted (the judge made it and the worker cannot write it); every component of `relative`
    and everything below it is not. Links, devices and pipes are left out, and so is whatever comes after
    `budget` bytes or `entries` entries."""
    left: list[str] = []
    try:
        fd = os.open(root, DIRECTORY)
    except OSError as exc:
        return [f"{root}: {exc.strerror}"]
    try:
        for part in relative.parts:
            try:
                inner = os.open(part, DIRECTORY, dir_fd=fd)
            except OSError as exc:
                return [f"{relative}: {exc.strerror or exc}"]
            os.close(fd)
            fd = inner
        state = {"budget": budget, "entries": entries}
        _copy_folder(fd, dest, relative.as_posix(), state, left)
    finally:
        os.close(fd)
    return left


def _copy_folder(fd: int, dest: Path, shown: str, state: dict, left: list[str]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    with os.scandir(fd) as listing:
        names = sorted(entry.name for entry in listing)
    for name in names:
        state["entries"] -= 1
        if state["entries"] < 0:
            left.append(f"{shown}/{name}: too many entries")
            return
        try:
            info = os.stat(name, dir_fd=fd, follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode):
            inner = _open_at(fd, name, DIRECTORY, f"{shown}/{name}", left)
            if inner is None:
                continue
            try:
                _copy_folder(inner, dest / name, f"{shown}/{name}", state, left)
            finally:
                os.close(inner)
        elif stat.S_ISREG(info.st_mode):
            _copy_file(fd, name, dest / name, f"{shown}/{name}", state, left)
        else:
            left.append(f"{shown}/{name}: not a regular file")


def _open_at(fd: int, name: str, flags: int, shown: str, left: list[str]) -> int | None:
    """`name` in the folder `fd`, opened without following a link; None (and a note) when it cannot be."""
    try:
        return os.open(name, flags, dir_fd=fd)
    except OSError as exc:
        left.append(f"{shown}: {exc.strerror or exc}")
        return None


def _copy_file(fd: int, name: str, target: Path, shown: str, state: dict, left: list[str]) -> None:
    source = _open_at(fd, name, FILE, shown, left)
    if source is None:
        return
    try:
        if not stat.S_ISREG(os.fstat(source).st_mode):
            left.append(f"{shown}: not a regular file")
            return
        with open(target, "wb") as out:
            while chunk := os.read(source, CHUNK):
                state["budget"] -= len(chunk)
                if state["budget"] < 0:
                    left.append(f"{shown}: over the size budget")
                    break
                out.write(chunk)
        if state["budget"] < 0:
            target.unlink()
    finally:
        os.close(source)
