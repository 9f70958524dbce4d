"""Where the kit's own files live, wherever it is installed from, and what each artefact built from them holds."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NSMC_SAMPLE = DATA / "nsmc"
TINY_BERT = DATA / "tiny-bert-ko"
STAR_MODEL = DATA / "tiny-bert-ko-stars"
EXERCISES = ROOT / "exercises"
# What `kit run` writes (charts): one folder, ignored by git, whose path every run prints.
OUTPUTS = ROOT / "outputs"
REFERENCE = ROOT / "reference"
HIDDEN_TESTS = ROOT / "tests"
SOLUTION_FILE = "solution.py"


def question_test_dirs(question: str) -> list[str]:
    """The folders holding a question's tests: its public tests, then its hidden tests where this copy has them."""
    return [str(folder / question) for folder in (EXERCISES, HIDDEN_TESTS) if (folder / question).is_dir()]


def missing_instructor_files() -> list[str]:
    """The instructor-only folders this copy of the kit lacks ([] in the full kit; a student bundle lacks both)."""
    return [f"{p.name}/" for p in (REFERENCE, HIDDEN_TESTS) if not p.is_dir()]


def instructor_only(command: str) -> str | None:
    """Why `command` cannot run in this copy of the kit, or None when it can."""
    missing = missing_instructor_files()
    if not missing:
        return None
    return (f"{command} needs the kit's {' and '.join(missing)} (reference solutions and hidden tests), which a "
            "student bundle leaves out; run it in the instructor's copy of the kit")


# ---------------------------------------------------------------- what each artefact holds
# Paths relative to the kit's root. A folder stands for everything under it; a segment may be a pattern
# (fnmatch: "tests/q[0-9]*" is every question's hidden tests).

# Never in front of a learner: the answers, the hidden tests, their data and their messages, and the
# instructor's tools. Only the grader's package holds some of it (GRADESCOPE.includes says which).
PRIVATE = ("reference", "tests", "scripts", "bench")
# Of those, what no artefact holds: the harness's own tests, the known-wrong and known-right variants,
# the attacks, the scripts that rebuild data/ and the benchmarks. Grading needs none of it.
INSTRUCTOR_ONLY = ("tests/harness", "tests/mutants", "tests/hostile", "tests/variants", "scripts", "bench")
# Build and run leftovers, skipped wherever they lie inside an included folder.
LEFTOVERS = ("__pycache__", "*.pyc", ".pytest_cache", ".hypothesis", "*.egg-info", ".kit", "outputs")


@dataclass(frozen=True)
class Artefact:
    """What one thing built from the kit holds, as an inclusion list: nothing outside it goes in."""

    name: str
    includes: tuple[str, ...]  # copied from the kit's root
    written: tuple[str, ...] = ()  # written by the builder itself, at these paths of the artefact
    private: bool = False  # whether it may hold PRIVATE paths (never INSTRUCTOR_ONLY ones)


# `kit release`: what a learner needs, nothing that gives answers away. Its README is the learner's own
# (kit/templates/STUDENT_README.md), and its pyproject's `testpaths` is cut to the folders it has.
BUNDLE = Artefact("bundle", ("exercises", "kit", "data", "conftest.py", "pyproject.toml", ".gitignore"),
                  written=("README.md",))
# `kit gradescope`: the kit as graders need it (its folder in the zip; setup.sh, run_autograder and
# constraints.txt are written beside it). README.md: pyproject names it, so `pip install -e` needs it.
GRADESCOPE = Artefact("gradescope", ("kit", "exercises", "reference", "tests/q[0-9]*", "tests/data",
                                     "tests/messages.py", "data", "conftest.py", "pyproject.toml", "README.md"),
                      private=True)
# What of the kit exists inside the learner's sandbox (kit.isolation.sandbox binds it read-only).
SANDBOX = Artefact("sandbox", ("kit", "data"))
ARTEFACTS = {artefact.name: artefact for artefact in (BUNDLE, GRADESCOPE, SANDBOX)}


def under(relative: str | PurePosixPath, entries: tuple[str, ...]) -> bool:
    """Whether `relative` (a path from the kit's root) is one of `entries` or lies inside one."""
    parts = PurePosixPath(relative).parts
    return any(len(parts) >= len(entry) and all(map(fnmatchcase, parts, entry))
               for entry in (PurePosixPath(e).parts for e in entries))


def is_leftover(relative: str | PurePosixPath) -> bool:
    """Whether `relative` is, or lies inside, a build or run leftover (bytecode, caches, egg-info)."""
    return any(fnmatchcase(part, pattern) for part in PurePosixPath(relative).parts for pattern in LEFTOVERS)


def artefact_files(artefact: Artefact, root: Path = ROOT) -> list[PurePosixPath]:
    """Every file `artefact` copies from `root` (relative to it), sorted, leftovers skipped."""
    found: set[PurePosixPath] = set()
    for entry in artefact.includes:
        for path in root.glob(entry):
            files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
            found |= {PurePosixPath(p.relative_to(root).as_posix()) for p in files}
    return sorted(p for p in found if not is_leftover(p))


def artefact_problems(artefact: Artefact, files: list[str] | list[PurePosixPath]) -> list[str]:
    """What is wrong with an artefact holding `files` (paths inside it): one line per file it must not hold."""
    problems = []
    for file in map(PurePosixPath, files):
        if under(file, INSTRUCTOR_ONLY):
            problems.append(f"the {artefact.name} holds {file}, which is instructor-only")
        elif under(file, PRIVATE) and not artefact.private:
            problems.append(f"the {artefact.name} holds {file}, which is private (answers or hidden tests)")
        elif not under(file, artefact.includes + artefact.written):
            problems.append(f"the {artefact.name} holds {file}, which its inclusion list (kit.paths) leaves out")
    return problems
