"""Stage a submission: copy each regular `qN/solution.py` (and the question's concept answers,
`qN/answers.toml`, read as data only) and nothing else into a fresh folder.

The worker sees only the staged copy, read-only, so a file the submission later changes, a
symlink into the kit, or a conftest.py beside it never reaches grading. The static policy
(kit.policy) is read here too, as advice shown with the grade: the sandbox is the defence.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kit import policy
from kit.concepts import ANSWERS_FILE
from kit.paths import SOLUTION_FILE
from kit.questions import Question

MAX_SOLUTION_BYTES = 1 << 20
MAX_ANSWERS_BYTES = 64_000


@dataclass
class Staged:
    """What staging found for one question: why it cannot run (""), and advice for the learner."""

    problem: str = ""
    advice: list[str] = field(default_factory=list)


def _regular_file(path: Path) -> str:
    """Why `path` cannot be taken ("" when it is a regular file of a sensible size); never follows a link."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return "missing"
    if stat.S_ISLNK(info.st_mode):
        return "a symbolic link, which grading does not follow; upload the file itself"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_size > MAX_SOLUTION_BYTES:
        return f"larger than {MAX_SOLUTION_BYTES >> 20} MB"
    return ""


def _copy(source: Path, target: Path, limit: int = MAX_SOLUTION_BYTES) -> None:
    """Copy without following links, into a file readable by the sandboxed worker's user."""
    fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as stream:
        data = stream.read(limit + 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(target.parent, 0o755)
    target.write_bytes(data)
    os.chmod(target, 0o644)


def stage_submission(impl_dir: Path, questions: list[Question], dest: Path) -> dict[str, Staged]:
    """Copy each `<impl_dir>/qN/solution.py` that is a regular file into `dest/qN/`."""
    dest.mkdir(parents=True, exist_ok=True)
    os.chmod(dest, 0o755)
    staged = {}
    for q in questions:
        source = impl_dir / q.key / SOLUTION_FILE
        for parent in (impl_dir / q.key,):
            if parent.is_symlink():
                staged[q.key] = Staged(f"{q.key}/ is a symbolic link, which grading does not follow")
                break
        else:
            why = _regular_file(source)
            if why == "missing":
                staged[q.key] = Staged(f"no {q.key}/{SOLUTION_FILE} in the submission")
            elif why:
                staged[q.key] = Staged(f"{q.key}/{SOLUTION_FILE} is {why}")
            else:
                target = dest / q.key / SOLUTION_FILE
                _copy(source, target)
                staged[q.key] = Staged("", policy.advice(target))
                answers = impl_dir / q.key / ANSWERS_FILE
                # Without a regular answers file of modest size the concept items are "not started".
                if not _regular_file(answers) and answers.stat().st_size <= MAX_ANSWERS_BYTES:
                    _copy(answers, target.parent / ANSWERS_FILE, MAX_ANSWERS_BYTES)
    return staged
