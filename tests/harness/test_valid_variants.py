"""Differently written right answers (tests/variants/qN/*.py) must pass their question's tests.

A variant is appended to the reference's solution.py like a mutant (kit/authoring/mutants.py), so its
definitions win; each one is a valid answer that an earlier version of the tests rejected:
a hand-written encode_pair that follows the docstring's truncation rule (or truncation=True), a
make_loader with its own seeded permutation, a FULL_LR at the low end of the range that meets the
targets, a pipeline built under the lesson's task name "sentiment-analysis".
"""

from pathlib import Path

import pytest

from kit.paths import HIDDEN_TESTS, REFERENCE, SOLUTION_FILE, question_test_dirs
from kit.records import run_pytest_records

VARIANTS = sorted((HIDDEN_TESTS / "variants").glob("q*/*.py"))
# The tests that grade the variant's function (-k), so each run stays in seconds.
SELECTION = {"q5": "encode_pair", "q9": "loader or learning_rate", "q10": "sentiment_pipeline or run_pipeline"}


@pytest.mark.parametrize("variant", VARIANTS, ids=[f"{p.parent.name}-{p.stem}" for p in VARIANTS])
def test_a_valid_variant_passes_every_test_of_its_function(variant: Path, tmp_path):
    question = variant.parent.name
    target = tmp_path / question / SOLUTION_FILE
    target.parent.mkdir()
    reference = (REFERENCE / question / SOLUTION_FILE).read_text(encoding="utf-8")
    target.write_text(f"{reference}\n\n# ---- variant {variant.stem} ----\n{variant.read_text(encoding='utf-8')}",
                      encoding="utf-8")
    done, records = run_pytest_records([*question_test_dirs(question), "--impl", str(tmp_path),
                                        "-k", SELECTION[question]])
    assert records, done.stdout + done.stderr
    failed = [(r["nodeid"], r["summary"]) for r in records if r["outcome"] != "passed"]
    assert not failed, failed
