"""Stage a submission: copy each regular `qN/solution.py` (and the question's concept answers,
`qN/answers.toml`, read as data only) and nothing else into a fresh folder.

The worker sees only the staged copy, read-only, so a file the submission later changes, a
symlink into the kit, or a conftest.py beside it never reaches grading. The static policy
(kit.learn.policy) is read here too, as advice shown with the grade: the sandbox is the defence.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kit.learn import policy
from kit.learn.concepts import ANSWERS_FILE
from kit.messages import msg
from kit.paths import SOLUTION_FILE
from kit.questions import Question

MAX_SOLUTION_BYTES = 1 << 20
MAX_ANSWERS_BYTES = 64_000


@dataclass
class Staged:
    """What staging found for one question: why it cannot run (""), and advice for the learner."""

    problem: str = ""
    advice: list[str] = field(default_factory=list)
    missing: bool = False  # no solution file at all: the question is "not started"


def _regular_file(path: Path, shown: str) -> str:
    """Why `path` cannot be taken ("" when it is a regular file of a sensible size); never follows a link."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return "missing"
    if stat.S_ISLNK(info.st_mode):
        return msg("grader.symlink", path=shown)
    if not stat.S_ISREG(info.st_mode):
        return msg("grader.not_regular", path=shown)
    if info.st_size > MAX_SOLUTION_BYTES:
        return msg("grader.too_large", path=shown, limit=MAX_SOLUTION_BYTES >> 20)
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
        shown = f"{q.key}/{SOLUTION_FILE}"
        if (impl_dir / q.key).is_symlink():
            staged[q.key] = Staged(msg("grader.symlink", path=f"{q.key}/"))
        else:
            why = _regular_file(source, shown)
            if why == "missing":
                staged[q.key] = Staged(msg("grader.no_solution", path=shown), missing=True)
            elif why:
                staged[q.key] = Staged(why)
            else:
                target = dest / q.key / SOLUTION_FILE
                _copy(source, target)
                staged[q.key] = Staged("", policy.advice(target))
                answers = impl_dir / q.key / ANSWERS_FILE
                # Without a regular answers file of modest size the concept items are "not started".
                if not _regular_file(answers, ANSWERS_FILE) and answers.stat().st_size <= MAX_ANSWERS_BYTES:
                    _copy(answers, target.parent / ANSWERS_FILE, MAX_ANSWERS_BYTES)
    return staged
