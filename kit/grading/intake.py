"""What comes into grading: a submission (a folder or a .zip) turned into a clean folder, and
the instructor's output paths checked before any grading starts.

A submission is reduced to regular `qN/solution.py` files (and `qN/answers.*`, the concept
answers) in a fresh folder shaped like `exercises/`; nothing else of it is ever read by the
grader. A zip is read member by member within limits (member count, size, compression ratio),
and a member that would land outside the folder (absolute or `..` path) or is a symbolic link
refuses the whole submission, with a message saying which member and why.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kit.paths import SOLUTION_FILE

# What a submission contributes, at any depth in a zip, directly under the folder otherwise.
TAKEN = re.compile(rf"(?:^|/)(q\d+)/({re.escape(SOLUTION_FILE)}|answers\.\w+)$")
SUPPORTED_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate",
                     zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "lzma"}
CHUNK = 1 << 16


class IntakeError(Exception):
    """The submission cannot be taken as it is; the message says why, for the gradebook."""


@dataclass(frozen=True)
class ZipLimits:
    """How much of a zip is read. A class's solutions are a few kB each; these leave ample room."""

    members: int = 5000  # entries in the archive (folders and files the submission never uses included)
    file_bytes: int = 2_000_000  # one taken file, uncompressed
    total_bytes: int = 20_000_000  # all taken files together, uncompressed
    ratio: float = 200.0  # uncompressed / compressed size of one taken member (a zip bomb is far above)


def display_name(name: str | bytes) -> str:
    """A file name fit to print and to store as UTF-8: undecodable bytes become U+FFFD."""
    raw = name if isinstance(name, bytes) else os.fsencode(name)
    return raw.decode("utf-8", "replace")


def unpack_zip(archive: Path, dest: Path, limits: ZipLimits | None = None) -> Path:
    """Extract the taken members of `archive` into `dest/qN/`; raise IntakeError on any problem.

    Only regular `qN/solution.py` and `qN/answers.*` members are written. When a question's file
    appears at several depths, the shallowest wins; two at the same depth are ambiguous.
    """
    limits = limits or ZipLimits()
    created = not dest.exists()
    try:
        return _unpack(archive, dest, limits)
    except BaseException:
        if created:  # half a submission is never graded
            shutil.rmtree(dest, ignore_errors=True)
        raise


def _unpack(archive: Path, dest: Path, limits: ZipLimits) -> Path:
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            if len(members) > limits.members:
                raise IntakeError(f"the zip has {len(members)} entries, more than the {limits.members} allowed")
            chosen = _choose_members(members)
            _check_members(chosen.values(), limits)
            dest.mkdir(parents=True, exist_ok=True)
            for target, member in chosen.items():
                _extract(zf, member, dest / target, limits)
    except IntakeError:
        raise
    except UnicodeDecodeError as exc:
        raise IntakeError(f"a member's name is not valid UTF-8 although the zip says it is ({exc.reason})") from exc
    except zipfile.BadZipFile as exc:
        raise IntakeError(f"not a readable zip file ({exc})") from exc
    except (zlib.error, EOFError) as exc:
        raise IntakeError(f"the zip's data is corrupt ({type(exc).__name__}: {exc})") from exc
    except (NotImplementedError, RuntimeError) as exc:
        raise IntakeError(f"the zip cannot be read ({exc})") from exc
    except OSError as exc:
        raise IntakeError(f"the zip cannot be read ({exc.strerror or exc})") from exc
    return dest


def _choose_members(members: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """Target path ("q3/solution.py") -> the member to extract there; refuses unsafe names."""
    chosen: dict[str, zipfile.ZipInfo] = {}
    for member in members:
        name = member.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts:
            raise IntakeError(f"member {name!r} has an absolute or '..' path; refused")
        match = TAKEN.search(name)
        if not match or member.is_dir():
            continue
        if stat.S_ISLNK(member.external_attr >> 16):
            raise IntakeError(f"member {name!r} is a symbolic link; submit the file itself")
        target = f"{match.group(1)}/{match.group(2)}"
        if target in chosen:
            depth, other = name.count("/"), chosen[target].filename.count("/")
            if depth == other:
                raise IntakeError(f"two {target} in the zip ({chosen[target].filename!r} and {name!r}); keep one")
            if depth > other:
                continue
        chosen[target] = member
    return chosen


def _check_members(members, limits: ZipLimits) -> None:
    """Refuse encrypted, unsupported, oversized or bomb-like members before reading any data."""
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise IntakeError(f"{member.filename!r} is encrypted (a password-protected zip); "
                              "submit the zip without a password")
        if member.compress_type not in SUPPORTED_METHODS:
            raise IntakeError(f"{member.filename!r} uses compression method {member.compress_type}, which is not "
                              f"supported ({', '.join(SUPPORTED_METHODS.values())} are); zip it again")
        if member.file_size > limits.file_bytes:
            raise IntakeError(f"{member.filename!r} is {member.file_size} bytes uncompressed, over the "
                              f"{limits.file_bytes} allowed per file")
        if member.file_size > limits.ratio * max(member.compress_size, 1):
            raise IntakeError(f"{member.filename!r} compresses {member.file_size // max(member.compress_size, 1)}:1, "
                              f"over the {limits.ratio:g}:1 allowed (a zip bomb?)")
        total += member.file_size
    if total > limits.total_bytes:
        raise IntakeError(f"the solution files add up to {total} bytes, over the {limits.total_bytes} allowed")


def _extract(zf: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, limits: ZipLimits) -> None:
    """Copy one member, never more than its declared size (a lying header cannot fill the disk)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with zf.open(member) as source, open(target, "wb") as sink:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > min(member.file_size, limits.file_bytes):
                    raise IntakeError(f"{member.filename!r} holds more data than its header declares; refused")
                sink.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise IntakeError(f"the data of {member.filename!r} is corrupt ({exc}); zip it again") from exc


def copy_folder(folder: Path, dest: Path, limits: ZipLimits | None = None) -> Path:
    """Copy the taken files directly under `folder` (`qN/solution.py`, `qN/answers.*`) into `dest`.

    A symbolic link (the question folder or the file) refuses the submission: following it
    would grade whatever file it points at, anywhere on the machine.
    """
    limits = limits or ZipLimits()
    dest.mkdir(parents=True, exist_ok=True)
    try:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if not re.fullmatch(r"q\d+", entry.name):
                continue
            if entry.is_symlink():
                raise IntakeError(f"{display_name(entry.name)}/ is a symbolic link; submit the folder itself")
            if not entry.is_dir():
                continue
            for file in sorted(os.scandir(entry.path), key=lambda e: e.name):
                if not TAKEN.fullmatch(f"{entry.name}/{file.name}"):
                    continue
                shown = f"{entry.name}/{display_name(file.name)}"
                if file.is_symlink():
                    raise IntakeError(f"{shown} is a symbolic link; submit the file itself")
                if not file.is_file():
                    continue
                if file.stat().st_size > limits.file_bytes:
                    raise IntakeError(f"{shown} is {file.stat().st_size} bytes, over the {limits.file_bytes} allowed")
                (dest / entry.name).mkdir(exist_ok=True)
                shutil.copyfile(file.path, dest / entry.name / file.name)
    except OSError as exc:
        raise IntakeError(f"the folder cannot be read ({exc.strerror or exc})") from exc
    return dest


def take_submission(path: Path, dest: Path, limits: ZipLimits | None = None) -> Path:
    """A clean folder of `qN/solution.py` (and `qN/answers.*`) from a submission folder or .zip."""
    if path.is_dir():
        return copy_folder(path, dest, limits)
    if is_zip(path):
        return unpack_zip(path, dest, limits)
    raise IntakeError(f"{display_name(path.name)} is neither a folder nor a .zip file; only those are graded")


def is_zip(path: Path) -> bool:
    """A regular file named *.zip (any case)."""
    return path.suffix.lower() == ".zip" and path.is_file()


def folder_digest(folder: Path) -> str:
    """sha256 over a clean folder's files (relative names and contents): what was graded, exactly."""
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(os.fsencode(file.relative_to(folder).as_posix()) + b"\0")
        digest.update(file.read_bytes())
    return digest.hexdigest()


# ---------------------------------------------------------------- the instructor's paths


def output_file_problem(path: Path, option: str) -> str | None:
    """Why `path` cannot be written as a file (a folder there, a file above it, no permission); None if it can."""
    if path.is_dir():
        return f"{option} {path} is a folder; give a file name (e.g. {path / 'results.json'})"
    return _creatable(path.parent, option, path)


def output_folder_problem(path: Path, option: str) -> str | None:
    """Why `path` cannot be used as an output folder; None if it can (it may not exist yet)."""
    if path.exists() and not path.is_dir():
        return f"{option} {path} is a file, not a folder"
    if path.is_dir():
        return None if os.access(path, os.W_OK | os.X_OK) else f"{option} {path}: no permission to write there"
    return _creatable(path.parent, option, path)


def _creatable(parent: Path, option: str, path: Path) -> str | None:
    """The nearest existing ancestor must be a writable folder (the rest is created)."""
    ancestor = parent.absolute()
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        return f"{option} {path} is under {ancestor}, which is a file"
    if not os.access(ancestor, os.W_OK | os.X_OK):
        return f"{option} {path}: no permission to write in {ancestor}"
    return None
