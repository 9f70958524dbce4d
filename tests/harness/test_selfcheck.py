"""`kit check`'s parts on made-up results: each must notice the problem it exists for.

The parts themselves run in CI (`kit check`); these tests feed them results with one thing
wrong and check that it is reported, so a part that always says "ok" cannot slip through.
"""

import copy
import subprocess
import sys

from kit.authoring import selfcheck
from kit.authoring.mutants import Kill, Mutant, score_kill
from kit.paths import ROOT


def results(score: float = 8.0, status: str = "passed", accuracy: float = 0.806) -> dict:
    """A results.json of one question (q3) with two tests, and one measured value."""
    return {
        "tests": [
            {"name": "q3: test_a", "status": "passed", "score": 4.0, "max_score": 4.0, "output": "", "tags": ["q3"]},
            {"name": "q3: test_b", "status": status, "score": score - 4.0, "max_score": 4.0,
             "output": "" if status == "passed" else "q3.encode returned shape (2,)", "tags": ["q3"]},
        ],
        "extra_data": {
            "questions": {"q3": {"score": score, "max_score": 8.0, "status": "passed" if score == 8 else "failed",
                                 "message": ""}},
            "measurements": {"tests/q3/test_hidden.py::test_b": {"accuracy": accuracy}},
        },
    }


def test_reference_part_reports_a_failing_test():
    assert not selfcheck.check_reference(results()).problems
    part = selfcheck.check_reference(results(score=4.0, status="failed"))
    assert any("test_b failed" in p for p in part.problems), part.problems
    assert part.cells["q3"] == "1/2 tests, 4/8 pts"


def test_flake_part_reports_a_changed_test_and_a_changed_measurement(monkeypatch, tmp_path):
    runs = iter([results(), results(accuracy=0.804), results(score=4.0, status="failed")])
    monkeypatch.setattr(selfcheck, "grade_reference", lambda *args: next(runs))
    first = next(runs)
    part = selfcheck.check_flakes(first, 3, 1, tmp_path)
    assert any("run 2: measurements" in p for p in part.problems), part.problems
    assert any("run 3:" in p and "test_b" in p for p in part.problems), part.problems
    assert part.cells["q3"] == "1/3 same"


def test_flake_part_accepts_identical_runs(monkeypatch, tmp_path):
    monkeypatch.setattr(selfcheck, "grade_reference", lambda *args: copy.deepcopy(results()))
    part = selfcheck.check_flakes(results(), 3, 1, tmp_path)
    assert not part.problems and part.cells["q3"] == "3/3 same"


def test_kill_scoring_counts_failures_and_marks_skipped_slow_tests():
    kill = Kill(Mutant("q9", "x", ROOT), max_points=18.0)
    records = [{"nodeid": "a::test_fast", "outcome": "failed", "weight": 1.0},
               {"nodeid": "a::test_ok", "outcome": "passed", "weight": 1.0},
               {"nodeid": "a::test_slow", "outcome": "skipped", "weight": 2.0}]
    score_kill(kill, records)
    assert kill.caught and kill.points_lost == 4.5 and kill.at_least and kill.caught_by == "test_fast"
    assert kill.shown == ">= 4.5"
    survivor = Kill(Mutant("q9", "y", ROOT), max_points=18.0)
    score_kill(survivor, [{"nodeid": "a::t", "outcome": "passed", "weight": 1.0}])
    assert not survivor.caught


def test_metadata_part_passes_on_the_kit():
    part = selfcheck.check_metadata(None)
    assert not part.problems, part.problems


def test_shuffle_changes_the_order_but_keeps_each_module_together():
    def order(*extra):
        done = subprocess.run([sys.executable, "-m", "pytest", "exercises/q3", "tests/q3", "--collect-only", "-q",
                               "--impl", "reference", *extra], cwd=ROOT, capture_output=True, text=True, timeout=120)
        return [line for line in done.stdout.splitlines() if "::" in line]

    plain, shuffled, again = order(), order("--kit-shuffle", "5"), order("--kit-shuffle", "5")
    assert sorted(plain) == sorted(shuffled) and plain != shuffled and shuffled == again
    modules = [nodeid.split("::")[0] for nodeid in shuffled]
    assert modules == sorted(modules, key=modules.index), "a module's tests were split apart"
