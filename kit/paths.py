"""Where the kit's own files live, wherever it is installed from."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NSMC_SAMPLE = DATA / "nsmc"
TINY_BERT = DATA / "tiny-bert-ko"
STAR_MODEL = DATA / "tiny-bert-ko-stars"
EXERCISES = ROOT / "exercises"
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
