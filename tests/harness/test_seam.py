"""The seam end to end: a copied submission folder, another model, and untouched stubs.

Each case runs pytest in a subprocess, as a learner or CI would.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit.paths import EXERCISES, REFERENCE, ROOT
from kit.tiny_models import save_random_bert


def run_pytest(tmp_path: Path, *args: str) -> tuple[int, list[dict]]:
    """Run pytest from the kit root with `args`; (exit code, one record per test)."""
    report = tmp_path / "records.json"
    command = [sys.executable, "-m", "pytest", *args, "-q", "-p", "no:randomly", "--kit-json", str(report)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    records = json.loads(report.read_text(encoding="utf-8")) if report.exists() else []
    return done.returncode, records


def test_a_copy_of_the_reference_passes_as_a_submission_folder(tmp_path):
    submission = tmp_path / "submission"
    shutil.copytree(REFERENCE, submission)
    code, records = run_pytest(tmp_path, str(EXERCISES / "q4"), "--impl", str(submission))
    assert code == 0 and records and all(r["outcome"] == "passed" for r in records), records


def test_another_model_passes_q4(tmp_path):
    other = save_random_bert(tmp_path / "random-bert", hidden=32, layers=1, heads=2)
    code, records = run_pytest(tmp_path, str(EXERCISES / "q4"), "--impl", "reference", "--model", str(other))
    assert code == 0 and records and all(r["outcome"] == "passed" for r in records), records


def test_untouched_stubs_are_reported_not_started(tmp_path):
    code, records = run_pytest(tmp_path, str(EXERCISES / "q3"))
    assert code == 1
    assert records and {r["outcome"] for r in records} == {"not_started"}
    assert {r["function"] for r in records} == {"q3.encode", "q3.subword_pieces", "q3.decode"}


def test_a_broken_submission_costs_only_its_question(tmp_path):
    submission = tmp_path / "broken"
    shutil.copytree(REFERENCE, submission)
    (submission / "q3" / "solution.py").write_text("def encode(:\n", encoding="utf-8")
    code, records = run_pytest(tmp_path, str(EXERCISES / "q3"), str(EXERCISES / "q4"), "--impl", str(submission))
    by_question = {q: {r["outcome"] for r in records if r["question"] == q} for q in ("q3", "q4")}
    assert code == 1
    assert by_question == {"q3": {"error"}, "q4": {"passed"}}, by_question
    assert "SyntaxError" in next(r["message"] for r in records if r["question"] == "q3")


def test_unknown_impl_folder_is_a_usage_error(tmp_path):
    code, _ = run_pytest(tmp_path, str(EXERCISES / "q3"), "--impl", str(tmp_path / "missing"))
    assert code == pytest.ExitCode.USAGE_ERROR
