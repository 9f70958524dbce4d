"""`kit grade` end to end: full marks for the reference, zero for the stubs, and a submission
whose questions loop, exit and blow up costs only those questions. (Each hostile submission on
its own: tests/harness/test_hostile.py.)

Each case runs `kit grade` in a subprocess, as an instructor or Gradescope would, on the fast
questions (q2, q3, q5, plus q4 as the question that must keep its points) with short limits.
"""

import csv
import json
import random
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kit.authoring.mutants import MUTANTS, Mutant, mutant_source
from kit.learn.policy import forbidden_imports
from kit.messages import msg
from kit.paths import EXERCISES, REFERENCE
from kit.questions import all_questions, total_points

VISIBILITY = {"visible", "hidden", "after_due_date", "after_published"}
STATUSES = {"passed", "failed", "not started", "timeout", "crashed"}
POINTS = {q.key: q.points for q in all_questions()}


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests name fragments of the grader's English table and messages; `kit grade` inherits KIT_LANG."""
    monkeypatch.setenv("KIT_LANG", "en")


def kit_grade(tmp_path: Path, *args: str, timeout: int = 300) -> tuple[subprocess.CompletedProcess, dict]:
    """Run `kit grade ... --results tmp/results.json`; (the process, the parsed results file)."""
    results = tmp_path / "results.json"
    command = [sys.executable, "-m", "kit.cli", "grade", *args, "--results", str(results)]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=timeout)
    assert results.exists(), f"no results file\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    return done, json.loads(results.read_text(encoding="utf-8"))


def check_gradescope_format(results: dict) -> None:
    """The fields and types of Gradescope's autograder results.json."""
    assert isinstance(results["score"], int | float) and "max_score" not in results  # not a spec field
    assert isinstance(results["extra_data"]["max_score"], int | float) and results["output_format"] == "md"
    assert isinstance(results["execution_time"], int | float) and results["execution_time"] > 0
    assert results["tests"], "no tests[] entries"
    for test in results["tests"]:
        assert set(test) == {"name", "number", "score", "max_score", "status", "output", "visibility", "tags"}, test
        assert re.fullmatch(r"\d+(\.\d+)?", test["number"]), test["number"]
        assert test["status"] in {"passed", "failed"} and test["visibility"] in VISIBILITY
        assert 0 <= test["score"] <= test["max_score"] + 1e-9
        assert isinstance(test["output"], str) and isinstance(test["tags"], list)
    extra = results["extra_data"]
    assert {"seeds", "versions", "model", "data", "limits", "questions", "solution_sha256"} <= set(extra)
    assert extra["versions"]["torch"] and re.fullmatch(r"[0-9a-f]{64}", extra["model"]["sha256"])
    assert all(q["status"] in STATUSES for q in extra["questions"].values())


def statuses(results: dict) -> dict[str, tuple[str, float]]:
    return {k: (q["status"], q["score"]) for k, q in results["extra_data"]["questions"].items()}


def test_every_question_has_points_and_the_kit_totals_100():
    assert all(points > 0 for points in POINTS.values()), POINTS
    assert total_points() == 100


def test_reference_gets_full_marks_and_a_valid_results_file(tmp_path):
    done, results = kit_grade(tmp_path, "--impl", "reference", "--questions", "q3,q5",
                              "--junit", str(tmp_path / "junit.xml"))
    assert done.returncode == 0, done.stderr
    check_gradescope_format(results)
    assert results["score"] == results["extra_data"]["max_score"] == POINTS["q3"] + POINTS["q5"]
    assert statuses(results) == {"q3": ("passed", POINTS["q3"]), "q5": ("passed", POINTS["q5"])}
    assert all(t["status"] == "passed" for t in results["tests"])
    assert {t["number"].split(".")[0] for t in results["tests"]} == {"3", "5"}
    for key in ("q3", "q5"):  # each question's tests add up to its points exactly, as do their scores
        tests = [t for t in results["tests"] if key in t["tags"]]
        assert round(sum(t["max_score"] for t in tests), 4) == round(sum(t["score"] for t in tests), 4) == POINTS[key]
    assert "total" in done.stdout and "passed" in done.stdout
    assert "<testsuite" in (tmp_path / "junit.xml").read_text(encoding="utf-8")


def test_untouched_stubs_score_zero_and_are_not_started(tmp_path):
    done, results = kit_grade(tmp_path, "--questions", "q3,q5")
    assert done.returncode == 0, done.stderr
    check_gradescope_format(results)
    assert results["score"] == 0
    assert statuses(results) == {"q3": ("not started", 0), "q5": ("not started", 0)}
    assert done.stdout.count("not started") == 2


def test_a_loop_an_exit_and_a_memory_bomb_cost_only_their_questions(tmp_path):
    submission = tmp_path / "submission"
    shutil.copytree(REFERENCE, submission)
    with open(submission / "q3" / "solution.py", "a", encoding="utf-8") as f:
        f.write("\nwhile True:\n    pass\n")
    with open(submission / "q5" / "solution.py", "a", encoding="utf-8") as f:
        f.write("\nimport os\ngetattr(os, '_ex' + 'it')(0)\n")  # past the static check
    with open(submission / "q2" / "solution.py", "a", encoding="utf-8") as f:
        f.write("\nBOMB = bytearray(4 * 1024 ** 3)\n")
    # Only solution.py files are graded: a submission's conftest must never load.
    marker = tmp_path / "conftest-ran"
    for folder in (submission, submission / "q4"):
        (folder / "conftest.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")

    done, results = kit_grade(tmp_path, "--impl", str(submission), "--questions", "q2,q3,q4,q5",
                              "--test-timeout", "15", "--question-timeout", "120")
    assert done.returncode == 0, done.stderr
    check_gradescope_format(results)
    assert not marker.exists(), "the submission's conftest.py was loaded"
    got = statuses(results)
    assert got["q4"] == ("passed", POINTS["q4"]), got
    assert got["q3"] == ("timeout", 0), got
    # The crash costs the code's tests; the concept items (answers.toml, read as data) keep theirs.
    assert got["q5"][0] == "crashed" and got["q2"][0] == "crashed", got
    assert got["q5"][1] < POINTS["q5"] / 2 and got["q2"][1] < POINTS["q2"] / 2, got
    message = results["extra_data"]["questions"]["q2"]["message"]
    assert msg("grader.out_of_memory", limit=3072) in message or msg("grader.killed_oom") in message, message
    assert {t["number"].split(".")[0] for t in results["tests"]} == {"2", "3", "4", "5"}


def test_static_import_check_finds_every_form(tmp_path):
    source = tmp_path / "solution.py"
    source.write_text("import os\nimport reference.q3.solution\nfrom tests import q3\n"
                      "import importlib\nimportlib.import_module('reference')\n__import__('tests.q5')\n"
                      "from kit.learn import checks\n", encoding="utf-8")
    found = forbidden_imports(source)
    assert [line.split(":")[0] for line in found] == ["line 2", "line 3", "line 5", "line 6"], found


def test_an_unknown_question_still_writes_a_results_file(tmp_path):
    done, results = kit_grade(tmp_path, "--questions", "q99")
    assert done.returncode == 2 and "q99" in done.stderr
    assert results["score"] == 0 and results["tests"] == []


def test_grade_batch_writes_results_gradebook_and_item_analysis(tmp_path):
    folder = tmp_path / "class"
    for name in ("ann", "ben", "cat"):
        (folder / name / "q3").mkdir(parents=True)
    shutil.copyfile(REFERENCE / "q3" / "solution.py", folder / "ann" / "q3" / "solution.py")
    shutil.copyfile(EXERCISES / "q3" / "solution.py", folder / "ben" / "q3" / "solution.py")
    mutant = Mutant("q3", "decode_keeps_specials", MUTANTS / "q3" / "decode_keeps_specials.py")
    (folder / "cat" / "q3" / "solution.py").write_text(mutant_source(mutant), encoding="utf-8")
    with zipfile.ZipFile(folder / "dan.zip", "w") as zf:
        zf.write(REFERENCE / "q3" / "solution.py", "dan/q3/solution.py")
        zf.writestr("dan/conftest.py", "raise SystemExit(3)\n")
    (folder / "eve.zip").write_text("not a zip", encoding="utf-8")

    out = tmp_path / "out"
    command = [sys.executable, "-m", "kit.cli", "grade-batch", str(folder), "--out", str(out), "--questions", "q3",
               "--jobs", "1"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with open(out / "gradebook.csv", encoding="utf-8") as f:
        book = {row["folder"]: float(row["total"]) for row in csv.DictReader(f)}
    full = POINTS["q3"]
    assert book["ann"] == book["dan"] == full and book["ben"] == book["eve"] == 0, book
    assert 0 < book["cat"] < full, book
    for name in ("ann", "ben", "cat", "dan"):
        check_gradescope_format(json.loads((out / name / "results.json").read_text(encoding="utf-8")))
    assert json.loads((out / "eve" / "results.json").read_text(encoding="utf-8"))["score"] == 0
    with open(out / "item_analysis.csv", encoding="utf-8") as f:
        items = list(csv.DictReader(f))
    rates = [float(row["pass_rate"]) for row in items]
    assert rates == sorted(rates) and rates[-1] == 0.75 and rates[0] < 0.75, rates
    assert {row["question"] for row in items} == {"q3"}


def test_points_are_split_exactly_by_the_largest_remainder():
    from kit.grading.scoring import split_points

    assert split_points(10, [1, 1, 1]) == [3.3334, 3.3333, 3.3333]
    assert split_points(8, [2, 1, 1]) == [4.0, 2.0, 2.0]
    assert split_points(10, [1] * 7) == [1.4286, 1.4286, 1.4286, 1.4286, 1.4286, 1.4285, 1.4285]
    assert split_points(5, []) == [] and split_points(5, [0, 0]) == [0.0, 0.0]
    # Ties go by test id, so a shuffled order gives each test the same share (kit check's flake part).
    assert split_points(10, [1, 1, 1], ["c", "a", "b"]) == [3.3333, 3.3334, 3.3333]
    assert split_points(10, [1, 1, 1], ["a", "b", "c"]) == [3.3334, 3.3333, 3.3333]
    rng = random.Random(0)
    for _ in range(500):
        points = rng.choice([2, 5, 7.5, 8, 10, 12])
        weights = [rng.choice([0.5, 1, 1, 1, 2, 3]) for _ in range(rng.randint(1, 40))]
        shares = split_points(points, weights)
        assert round(sum(shares) * 10_000) == round(points * 10_000), (points, weights)
        assert all(abs(share - points * w / sum(weights)) < 1e-4 for share, w in zip(shares, weights, strict=True))
