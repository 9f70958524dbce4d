"""`kit run q9` / `kit run q10` (kit/learn/lesson_run.py): tables, targets, the offline chart, stubs.

The q9 run trains on 16 reviews for one epoch, so it takes seconds, not the graded minutes.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from kit.learn.lesson_run import HELDOUT_TARGET, TARGETS, target_lines
from kit.paths import HIDDEN_TESTS, ROOT


@pytest.fixture(autouse=True)
def _korean(monkeypatch):
    """These tests name fragments of the kit's Korean messages; the commands they run inherit KIT_LANG."""
    monkeypatch.delenv("KIT_LANG", raising=False)


def kit_run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kit.cli", "run", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=400)


def test_targets_are_the_hidden_tests_thresholds():
    tree = ast.parse((HIDDEN_TESTS / "q9" / "test_hidden.py").read_text(encoding="utf-8"))
    constants = {node.targets[0].id: node.value.value for node in tree.body
                 if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                 and isinstance(node.targets[0], ast.Name)}
    assert (constants["FULL_MIN"], constants["FROZEN_MIN"], constants["HELDOUT_MIN"]) == (
        TARGETS["full"], TARGETS["frozen"], HELDOUT_TARGET)


def test_a_loop_with_the_lessons_learning_rate_is_told_which_targets_it_misses():
    # What the reference loop reaches with lr 2e-5 for both strategies (bench/q9_wrong_loops.py).
    runs = {"full": {"history": {"eval_acc": [0.68, 0.710]}}, "frozen": {"history": {"eval_acc": [0.58, 0.596]}}}
    lines, missed = target_lines(runs, heldout=0.75)
    assert missed == 2
    assert [line.split()[0] for line in lines] == ["미달", "미달", "달성"]
    assert "0.710" in lines[0] and "0.75" in lines[0]


def test_run_q9_on_the_reference_prints_both_tables_and_writes_an_offline_plotly_page(tmp_path):
    out = tmp_path / "chart.html"
    done = kit_run("q9", "--impl", "reference", "--epochs", "1", "--train-size", "16", "--test-size", "16",
                   "--out", str(out))
    assert done.returncode == 0, done.stderr
    for strategy in ("전체 파인튜닝 (full)", "인코더 고정 (frozen)"):
        assert done.stdout.count(strategy) >= 2  # the training line and the table's title
    assert done.stdout.count("train loss") == 2
    assert "목표 0.75" in done.stdout and "목표 0.66" in done.stdout
    assert "epoch 1/1" in done.stderr  # the progress bar
    assert str(out.resolve()) in done.stdout
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith(("<html", "<!doctype html>")) and page.rstrip().endswith("</html>")
    assert "Plotly.newPlot" in page and '"name":"full"' in page and '"name":"frozen"' in page
    # plotly.js itself is in the page (megabytes), not fetched from a CDN: it opens offline.
    assert len(page) > 1_000_000 and 'src="https://cdn.plot.ly' not in page


def test_run_q10_rates_the_product_and_nsmc_reviews():
    done = kit_run("q10", "--impl", "reference")
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.rstrip()[-6:].replace(".", "").isdigit()]
    assert len(rows) == 8
    assert "배송도 빠르고" in done.stdout and "긍정" in done.stdout and "부정" in done.stdout


def test_run_on_the_stubs_says_what_to_write_first():
    done = kit_run("q9", "--epochs", "1", "--train-size", "16", "--test-size", "16",
                   "--out", str(Path("/nonexistent") / "x.html"))
    assert done.returncode == 1
    assert "아직 시작하지 않음: q9." in done.stderr and "exercises/q9/solution.py" in done.stderr
