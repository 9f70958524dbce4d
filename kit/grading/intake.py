"""What comes into grading: any submission (a folder, a .zip, a notebook, a Gradescope upload)
turned into one clean folder shaped like `exercises/`, with a line per question saying which
uploaded file was graded; and the instructor's output paths checked before grading starts.

Every caller takes a submission here (`kit grade`, `kit grade-batch`, the Gradescope
autograder), so the same files earn the same grade in every shape. Per question, the file graded:
  1. a `solution.py` in a folder named `qN` under a folder named `exercises` (the repository layout);
  2. otherwise the `qN/solution.py` with the fewest folders above it;
  3. between files at the same depth, the first in alphabetical order of their paths;
  4. a `solution.py` outside any `qN` folder, matched to the one question whose stub's public
     functions it defines, when that question has no `qN/solution.py`;
  5. a notebook's `# kit: qN` cells (kit.cells), when the submission is a notebook, or when it
     holds no solution.py for the question other than the untouched stub.
The question's concept answers come from the `answers.toml` beside the file graded, or from the
notebook's `# kit: qN answers` cells. Nothing else of a submission is ever read.

A symbolic link is never followed: a linked `solution.py` or `qN/` folder is not graded, and the
question says why. A zip is read member by member within limits (member count, size,
compression ratio); a member with an absolute or `..` path, an encrypted or unsupported member,
or a corrupt archive refuses the whole submission (IntakeError), naming the member and why.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kit.cells import CellsError, is_notebook, marked_cells
from kit.impl import public_definitions
from kit.learn.concepts import ANSWERS_FILE
from kit.messages import msg
from kit.paths import EXERCISES, SOLUTION_FILE
from kit.questions import Question

QUESTION_FOLDER = re.compile(r"q\d+")
SUPPORTED_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate",
                     zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "lzma"}
CHUNK = 1 << 16


class IntakeError(Exception):
    """The submission cannot be taken as it is; the message says why, for the gradebook."""


def refusal(key: str, **fields) -> IntakeError:
    """An IntakeError with the catalogue's message `key` (the learner reads it in their results)."""
    return IntakeError(msg(key, **fields))


@dataclass(frozen=True)
class ZipLimits:
    """How much of a submission is read. A class's solutions are a few kB each; these leave ample room."""

    members: int = 5000  # entries in a zip (folders and files the submission never uses included)
    file_bytes: int = 2_000_000  # one solution.py or answers.toml
    notebook_bytes: int = 40_000_000  # one notebook (its outputs, charts included, count)
    total_bytes: int = 60_000_000  # all files read from one zip together, uncompressed
    ratio: float = 200.0  # uncompressed / compressed size of one member (a zip bomb is far above)
    entries: int = 50_000  # files and folders walked in a folder submission

    def limit_of(self, name: str) -> int:
        return self.notebook_bytes if is_notebook(name) else self.file_bytes


@dataclass
class Taken:
    """One submission as grading sees it."""

    folder: Path  # qN/solution.py and qN/answers.toml, regular files only
    lines: dict[str, str] = field(default_factory=dict)  # per question: which file was graded, or why none was
    problems: dict[str, str] = field(default_factory=dict)  # per question: why its file cannot be graded
    refused: list[str] = field(default_factory=list)  # files that no question took, and why

    @property
    def digest(self) -> str:
        return folder_digest(self.folder)


def display_name(name: str | bytes) -> str:
    """A file name fit to print and to store as UTF-8: undecodable bytes become U+FFFD; a backtick or line
    break, which would end the Markdown code span the name is shown in, becomes ' or a space."""
    raw = name if isinstance(name, bytes) else os.fsencode(name)
    return raw.decode("utf-8", "replace").replace("`", "'").replace("\r", " ").replace("\n", " ")


def is_zip(path: Path) -> bool:
    """A regular file named *.zip (any case)."""
    return path.suffix.lower() == ".zip" and path.is_file()


def take(path: Path, dest: Path, questions: list[Question], limits: ZipLimits | None = None,
         stubs: Path = EXERCISES) -> Taken:
    """Take the submission at `path` (folder, .zip or .ipynb) into the fresh folder `dest`."""
    limits = limits or ZipLimits()
    if not path.exists():
        lesson = stubs / "lesson.ipynb"
        if is_notebook(path) and lesson.is_file():  # `--impl lesson.ipynb` from the kit's folder, most likely
            raise refusal("intake.no_such_notebook", path=display_name(str(path)), lesson=lesson)
        raise refusal("intake.no_such_file", path=display_name(str(path)))
    created = not dest.exists()
    dest.mkdir(parents=True, exist_ok=True)
    try:
        if path.is_dir():
            return _take_folder(path, path.name, dest, questions, limits, stubs)
        if is_zip(path):
            raw = Path(tempfile.mkdtemp(prefix="kit-unzip-"))
            try:
                links = _unpack(path, raw, limits)
                taken = _take_folder(raw, display_name(path.name), dest, questions, limits, stubs)
                for name, why in links.items():  # a linked qN/solution.py is that question's problem
                    parts = PurePosixPath(name).parts
                    key = parts[-2] if len(parts) > 1 and parts[-1] == SOLUTION_FILE else ""
                    if key in taken.lines and not (dest / key / SOLUTION_FILE).exists():
                        taken.problems.setdefault(key, why)
                        taken.lines[key] = taken.problems[key]
                    else:
                        taken.refused.append(why)
                return taken
            finally:
                shutil.rmtree(raw, ignore_errors=True)
        if is_notebook(path) and path.is_file():
            return _take_notebook(path, display_name(path.name), dest, questions, limits)
    except BaseException:
        if created:  # half a submission is never graded
            shutil.rmtree(dest, ignore_errors=True)
        raise
    raise refusal("intake.not_a_submission", path=display_name(path.name))


# ---------------------------------------------------------------- a notebook


def _take_notebook(notebook: Path, shown: str, dest: Path, questions: list[Question], limits: ZipLimits) -> Taken:
    """The notebook's marked cells as qN/solution.py and qN/answers.toml."""
    if notebook.stat().st_size > limits.notebook_bytes:
        raise refusal("intake.over_file_limit", path=shown, size=notebook.stat().st_size, limit=limits.notebook_bytes)
    try:
        cells = marked_cells(notebook)
    except CellsError as exc:
        raise refusal("intake.notebook_unreadable", path=shown,
                      reason=str(exc).partition(" (")[2][:-1] or str(exc)) from None
    taken = Taken(dest)
    if not cells.code and not cells.answers:
        taken.refused.append(msg("intake.no_marked_cells", path=shown))
    for q in questions:
        _write_cells(cells, q.key, dest)
        if q.key in cells.code:
            answers = msg("intake.notebook_answers", key=q.key) if q.key in cells.answers else ""
            taken.lines[q.key] = msg("intake.graded_notebook", path=shown, key=q.key, answers=answers, why="")
        else:
            taken.lines[q.key] = msg("intake.notebook_missing", path=shown, key=q.key)
    return taken


def _write_cells(cells, key: str, dest: Path) -> None:
    if key in cells.code:
        (dest / key).mkdir(exist_ok=True)
        (dest / key / SOLUTION_FILE).write_text(cells.code[key], encoding="utf-8")
    if key in cells.answers:
        (dest / key).mkdir(exist_ok=True)
        (dest / key / ANSWERS_FILE).write_text(cells.answers[key], encoding="utf-8")


# ---------------------------------------------------------------- a folder (an unpacked zip too)


@dataclass
class _Found:
    solutions: list[Path] = field(default_factory=list)  # relative paths of regular solution.py files
    notebooks: list[Path] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)  # qN -> why its qN/solution.py was not taken
    refused: list[str] = field(default_factory=list)


def _hidden(name: str) -> bool:
    """Folders never read: hidden ones (.git), macOS metadata (__MACOSX) and caches (__pycache__)."""
    return name.startswith((".", "__"))


def _scan(folder: Path, limits: ZipLimits) -> _Found:
    """Every regular solution.py and notebook under `folder`, never through a symbolic link."""
    found = _Found()
    seen = 0

    def failed(exc: OSError) -> None:
        raise refusal("intake.unreadable_folder", reason=exc.strerror or exc)

    for root, dirs, files in os.walk(folder, onerror=failed):
        here = Path(root).relative_to(folder)
        seen += len(dirs) + len(files)
        if seen > limits.entries:
            raise refusal("intake.too_many_entries", limit=limits.entries)
        kept = []
        for name in sorted(dirs):
            if _hidden(name):
                continue
            if os.path.islink(os.path.join(root, name)):
                if QUESTION_FOLDER.fullmatch(name):
                    found.problems.setdefault(name, msg("grader.symlink", path=f"{display_name(name)}/"))
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name != SOLUTION_FILE and not is_notebook(name):
                continue
            relative = here / name
            shown = display_name(relative.as_posix())
            info = os.lstat(os.path.join(root, name))
            key = here.name if QUESTION_FOLDER.fullmatch(here.name) and name == SOLUTION_FILE else None
            why = ""
            if stat.S_ISLNK(info.st_mode):
                why = msg("grader.symlink", path=shown)
            elif not stat.S_ISREG(info.st_mode):
                why = msg("grader.not_regular", path=shown)
            elif info.st_size > limits.limit_of(name):
                why = msg("grader.too_large", path=shown, limit=limits.limit_of(name) // 1_000_000)
            if why:
                if key:
                    found.problems.setdefault(key, why)
                else:
                    found.refused.append(why)
                continue
            (found.solutions if name == SOLUTION_FILE else found.notebooks).append(relative)
    return found


def _order(path: Path) -> tuple:
    """Precedence: exercises/qN/ first, then the fewest folders above the file, then alphabetical."""
    in_exercises = len(path.parts) >= 3 and path.parts[-3] == EXERCISES.name
    return (not in_exercises, len(path.parts), path.as_posix())


def _why(chosen: Path, others: list[Path]) -> str:
    if not others:
        return ""
    if _order(chosen)[0] != _order(others[0])[0]:
        reason = msg("intake.why.exercises_first")
    elif len(chosen.parts) < len(others[0].parts):
        reason = msg("intake.why.shallowest")
    else:
        reason = msg("intake.why.alphabetical")
    skipped = ", ".join(f"`{display_name(p.as_posix())}`" for p in others)
    return f" ({msg('intake.why', count=len(others) + 1, reason=reason, skipped=skipped)})"


def _defined_names(path: Path) -> set[str] | None:
    """The public top-level functions and classes a Python file defines; None when it does not parse."""
    try:
        return set(public_definitions(path.read_bytes().decode("utf-8")))
    except (SyntaxError, ValueError):  # ValueError: not UTF-8, or a null byte
        return None


def _take_folder(folder: Path, shown_name: str, dest: Path, questions: list[Question], limits: ZipLimits,
                 stubs: Path) -> Taken:
    """Choose a file per question (see the module's rules) and copy it, with its answers, into `dest`."""
    found = _scan(folder, limits)
    taken = Taken(dest, refused=list(found.refused))
    files: dict[str, Path] = {}
    how = msg("intake.how_to_upload")
    for q in questions:
        mine = sorted((p for p in found.solutions if p.parent.name == q.key), key=_order)
        if mine:
            files[q.key] = mine[0]
            taken.lines[q.key] = msg("intake.graded", path=display_name(mine[0].as_posix()),
                                     why=_why(mine[0], mine[1:]))
    wanted = {q.key: _defined_names(stubs / q.key / SOLUTION_FILE) or set() for q in questions}
    matched: dict[str, list[Path]] = {}
    for path in sorted((p for p in found.solutions if not QUESTION_FOLDER.fullmatch(p.parent.name)), key=_order):
        shown = display_name(path.as_posix())
        names = _defined_names(folder / path)
        if names is None:
            taken.refused.append(msg("intake.unparsable", path=shown, how=how))
            continue
        overlap = {key: len(names & functions) for key, functions in wanted.items()}
        best = max(overlap.values(), default=0)
        keys = [key for key, count in overlap.items() if count == best]
        if best == 0:
            taken.refused.append(msg("intake.no_question", path=shown, how=how))
        elif len(keys) > 1:
            taken.refused.append(msg("intake.several_questions", path=shown, keys=", ".join(keys), how=how))
        else:
            matched.setdefault(keys[0], []).append(path)
    for key, paths in matched.items():
        if key in files:
            skipped = ", ".join(f"`{display_name(p.as_posix())}`" for p in paths)
            taken.lines[key] += f" ({msg('intake.loose_skipped', key=key, skipped=skipped)})"
            continue
        files[key] = paths[0]
        taken.lines[key] = msg("intake.graded_loose", path=display_name(paths[0].as_posix()), key=key,
                               functions=", ".join(sorted(wanted[key])), why=_why(paths[0], paths[1:]))
    for key, relative in files.items():
        _copy(folder / relative, dest / key / SOLUTION_FILE, limits.file_bytes)
        answers = (folder / relative).parent / ANSWERS_FILE  # the question's concept answers, read as data
        if answers.is_file() and not answers.is_symlink() and answers.stat().st_size <= limits.file_bytes:
            _copy(answers, dest / key / ANSWERS_FILE, limits.file_bytes)
    _take_notebook_cells(folder, found, files, taken, questions, stubs, limits)
    for q in questions:
        if q.key in found.problems and q.key not in files and q.key not in taken.lines:
            taken.problems[q.key] = found.problems[q.key]
            taken.lines[q.key] = found.problems[q.key]
        taken.lines.setdefault(q.key, msg("intake.missing", key=q.key, how=how))
    return taken


def _take_notebook_cells(folder: Path, found: _Found, files: dict[str, Path], taken: Taken,
                         questions: list[Question], stubs: Path, limits: ZipLimits) -> None:
    """A notebook in a folder answers the questions that have no solution.py, or only the untouched stub."""
    def untouched(key: str) -> bool:
        stub = stubs / key / SOLUTION_FILE
        return stub.is_file() and (folder / files[key]).read_bytes() == stub.read_bytes()

    open_keys = [q.key for q in questions if q.key not in files or untouched(q.key)]
    notebooks = sorted(found.notebooks, key=_order)
    if not notebooks:
        return
    if not open_keys:
        taken.refused.extend(msg("intake.notebook_unused", path=display_name(p.as_posix())) for p in notebooks)
        return
    for index, path in enumerate(notebooks):
        shown = display_name(path.as_posix())
        try:
            cells = marked_cells(folder / path)
        except CellsError as exc:
            taken.refused.append(msg("intake.notebook_unreadable", path=shown, reason=type(exc).__name__))
            continue
        if not cells.code:
            continue
        others = notebooks[index + 1:]
        for key in open_keys:
            if key not in cells.code or (key in files and _same_code(cells.code[key], folder / files[key])):
                continue  # the notebook's untouched stub cells do not replace the untouched stub file
            _write_cells(cells, key, taken.folder)
            answers = msg("intake.notebook_answers", key=key) if key in cells.answers else ""
            taken.lines[key] = msg("intake.graded_notebook", path=shown, key=key, answers=answers,
                                   why=_why(path, others))
        return


# Parsing takes about 500 times the text's size in memory, in the grading process itself: only texts of a
# stub's size (a few kB) are compared as programs; anything larger is not an untouched stub.
SAME_CODE_BYTES = 256_000


def _same_code(code: str, path: Path) -> bool:
    """Whether a notebook's cells hold the same program as a file (comments and layout aside)."""
    try:
        if len(code) > SAME_CODE_BYTES or path.stat().st_size > SAME_CODE_BYTES:
            return False
        return ast.dump(ast.parse(code)) == ast.dump(ast.parse(path.read_bytes()))
    except (SyntaxError, ValueError, OSError, RecursionError, MemoryError):
        return False


def _copy(source: Path, target: Path, limit: int) -> None:
    """Copy a regular file without following a link, never more than `limit` bytes."""
    try:
        fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise refusal("intake.unreadable_file", path=display_name(source.name), reason=exc.strerror or exc) from exc
    if len(data) > limit:
        raise refusal("intake.over_file_limit", path=display_name(source.name), size=len(data), limit=limit)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


# ---------------------------------------------------------------- a zip


def _wanted(name: str) -> bool:
    """Members read from a zip: solution.py, answers.toml and notebooks outside hidden folders."""
    parts = PurePosixPath(name).parts
    if any(_hidden(part) for part in parts[:-1]):
        return False
    return parts[-1] in (SOLUTION_FILE, ANSWERS_FILE) or is_notebook(parts[-1])


def _unpack(archive: Path, raw: Path, limits: ZipLimits) -> dict[str, str]:
    """Extract the members grading may read into `raw` (their paths kept); the links left out, and why."""
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            if len(members) > limits.members:
                raise refusal("intake.zip_entries", count=len(members), limit=limits.members)
            chosen, refused = _choose_members(members)
            _check_members(chosen.values(), limits)
            for target, member in chosen.items():
                _extract(zf, member, raw / target, limits)
            return refused
    except IntakeError:
        raise
    except UnicodeDecodeError as exc:
        raise refusal("intake.zip_name_not_utf8", reason=exc.reason) from exc
    except zipfile.BadZipFile as exc:
        raise refusal("intake.zip_unreadable", reason=exc) from exc
    except (zlib.error, EOFError) as exc:
        raise refusal("intake.zip_corrupt", reason=f"{type(exc).__name__}: {exc}") from exc
    except (NotImplementedError, RuntimeError) as exc:
        raise refusal("intake.zip_cannot_read", reason=exc) from exc
    except OSError as exc:
        raise refusal("intake.zip_cannot_read", reason=exc.strerror or exc) from exc


def _choose_members(members: list[zipfile.ZipInfo]) -> tuple[dict[str, zipfile.ZipInfo], dict[str, str]]:
    """(relative path -> member, for the members grading reads; the symbolic links left out); refuses unsafe names."""
    chosen: dict[str, zipfile.ZipInfo] = {}
    refused: dict[str, str] = {}
    for member in members:
        name = member.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts:
            raise refusal("intake.zip_escape", name=repr(name))
        if member.is_dir() or not _wanted(name):
            continue
        if stat.S_ISLNK(member.external_attr >> 16):
            refused[name] = msg("grader.symlink", path=name)
            continue
        target = PurePosixPath(*parts).as_posix()
        if target in chosen:
            raise refusal("intake.zip_twice", name=repr(target))
        chosen[target] = member
    return chosen, refused


def _check_members(members, limits: ZipLimits) -> None:
    """Refuse encrypted, unsupported, oversized or bomb-like members before reading any data."""
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise refusal("intake.zip_encrypted", name=repr(member.filename))
        if member.compress_type not in SUPPORTED_METHODS:
            raise refusal("intake.zip_method", name=repr(member.filename), method=member.compress_type,
                          supported=", ".join(SUPPORTED_METHODS.values()))
        limit = limits.limit_of(member.filename)
        if member.file_size > limit:
            raise refusal("intake.over_file_limit", path=repr(member.filename), size=member.file_size, limit=limit)
        if member.file_size > limits.ratio * max(member.compress_size, 1):
            raise refusal("intake.zip_bomb", name=repr(member.filename),
                          ratio=member.file_size // max(member.compress_size, 1), limit=f"{limits.ratio:g}")
        total += member.file_size
    if total > limits.total_bytes:
        raise refusal("intake.zip_total", total=total, limit=limits.total_bytes)


def _extract(zf: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, limits: ZipLimits) -> None:
    """Copy one member, never more than its declared size (a lying header cannot fill the disk)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with zf.open(member) as source, open(target, "wb") as sink:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > min(member.file_size, limits.limit_of(member.filename)):
                    raise refusal("intake.zip_lying_header", name=repr(member.filename))
                sink.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise refusal("intake.zip_member_corrupt", name=repr(member.filename), reason=exc) from exc


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
