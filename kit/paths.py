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
