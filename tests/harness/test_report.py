"""The class report (kit/clients/report.py): its similarity settings measured, and the page built from a
real batch and opened in a headless Chromium.

Similarity must leave independently written correct answers alone (they look alike: the functions are
short and the hints name the calls) and catch a copy whose variables are renamed and functions
reordered. The figures behind report.THRESHOLD are measured here, on the reference against
tests/harness/similarity (answers written apart from it) and tests/variants, and on disguised copies.
"""

import ast
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from kit.clients import report
from kit.paths import EXERCISES, HIDDEN_TESTS, REFERENCE, ROOT, SOLUTION_FILE

pytest.importorskip("copydetect", reason="copydetect (pip install -e '.[dev]') compares the code")

DATA = ROOT / "tests" / "harness" / "similarity"


def solution(root: Path, key: str) -> str:
    return (root / key / SOLUTION_FILE).read_text(encoding="utf-8")


def disguise(code: str, renames: dict[str, str]) -> str:
    """What a copier does: rename variables and parameters, put the functions in another order, drop the
    functions' docstrings (and the layout goes too: untokenize respaces every line)."""
    code = re.sub(r'\n    """.*?"""\n', "\n", code, flags=re.S)
    tokens = [(kind, renames.get(text, text) if kind == tokenize.NAME else text)
              for kind, text, *_ in tokenize.generate_tokens(io.StringIO(code).readline)]
    renamed = tokenize.untokenize(tokens)
    tree = ast.parse(renamed)
    lines = renamed.splitlines(keepends=True)
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    head = "".join(lines[:functions[0].lineno - 1])
    bodies = ["".join(lines[f.lineno - 1:f.end_lineno]) for f in functions]
    return head + "\n\n".join(reversed(bodies)) + "\n"


RENAMES = {"text": "review", "tokenizer": "tok", "tokens": "toks", "batch": "enc", "ids": "flat",
           "input_ids": "id_tensor", "token": "piece", "words": "pieces", "word_ids": "piece_ids",
           "result": "out", "tok": "t", "flat": "flat_ids", "positions": "where", "position": "pos",
           "token_id": "tid", "found": "where", "specials": "special_ids", "special": "special_ids",
           "name": "tok_name", "text_a": "first", "text_b": "second", "enc": "encoded"}


def score(key: str, a: str, b: str) -> float:
    return report.similarity(a, b, solution(EXERCISES, key))[0]


# Every pair: (question, first file, second file). Figures measured (k=25, window 1) in the comment
# above report.THRESHOLD: honest pairs 0.00-0.10, copies 0.60-0.87.
HONEST = [
    ("q3", REFERENCE, DATA / "honest"),
    ("q3", REFERENCE, DATA / "loops"),
    ("q3", DATA / "honest", DATA / "loops"),
    ("q5", REFERENCE, DATA / "honest"),
]
VARIANTS = sorted((HIDDEN_TESTS / "variants").glob("q*/*.py"))


@pytest.mark.parametrize("key, first, second", HONEST, ids=[f"{k}-{a.name}-{b.name}" for k, a, b in HONEST])
def test_independently_written_correct_answers_are_not_flagged(key, first, second):
    assert score(key, solution(first, key), solution(second, key)) < report.THRESHOLD - 0.2


@pytest.mark.parametrize("variant", VARIANTS, ids=[f"{p.parent.name}-{p.stem}" for p in VARIANTS])
def test_a_valid_variant_is_not_flagged_against_the_reference(variant):
    key = variant.parent.name
    assert score(key, solution(REFERENCE, key), variant.read_text(encoding="utf-8")) < report.THRESHOLD - 0.2


@pytest.mark.parametrize("key, root", [("q3", REFERENCE), ("q3", DATA / "honest"), ("q5", REFERENCE),
                                       ("q5", DATA / "honest")])
def test_a_copy_with_renamed_variables_and_reordered_functions_is_flagged(key, root):
    original = solution(root, key)
    copy = disguise(original, RENAMES)
    assert copy != original and compile(copy, "copy", "exec")
    assert score(key, original, copy) >= report.THRESHOLD + 0.15


def test_untouched_stubs_share_nothing():
    """The stub is boilerplate: two learners who handed in the starter code are not similar."""
    for key in ("q3", "q5"):
        stub = solution(EXERCISES, key)
        assert score(key, stub, stub) == 0
        assert score(key, stub, solution(REFERENCE, key)) == 0


# ---------------------------------------------------------------- a class, graded, then the page


def kit(tmp_path: Path, *args: str, timeout: int = 500) -> subprocess.CompletedProcess:
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(ROOT), "KIT_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "kit.cli", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=timeout)


def submission(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def chromium() -> str | None:
    return next(filter(None, (shutil.which(name) for name in ("chromium", "chromium-browser"))), None)


def open_in_browser(page: Path, tmp_path: Path) -> tuple[str, str]:
    """(the DOM once scripts have run, the browser's log with the page's console messages)."""
    done = subprocess.run([chromium(), "--headless=new", "--disable-gpu", "--no-sandbox", "--no-first-run",
                           f"--user-data-dir={tmp_path / 'chromium'}", "--enable-logging=stderr", "--v=0",
                           "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=120)
    return done.stdout, done.stderr


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """reference, a stub, a crashing answer, an honest independent answer (ana), and ben's copy of ana's."""
    tmp_path = tmp_path_factory.mktemp("class")
    cls = tmp_path / "class"
    ana = {"q3/solution.py": solution(DATA / "honest", "q3"), "q5/solution.py": solution(DATA / "honest", "q5"),
           "q5/answers.toml": 'c1 = ["B", "D", "C", "A"]\nc2 = 4\nc3 = "A"\nc4 = ["O", "A"]\n'}
    submission(cls / "ref", {f"{k}/{f}": (REFERENCE / k / f).read_text(encoding="utf-8")
                             for k, f in (("q3", SOLUTION_FILE), ("q5", SOLUTION_FILE), ("q5", "answers.toml"))})
    submission(cls / "stub", {f"{k}/{SOLUTION_FILE}": solution(EXERCISES, k) for k in ("q3", "q5")})
    submission(cls / "crash", {f"{k}/{SOLUTION_FILE}": "import os\nos.abort()\n" for k in ("q3", "q5")})
    submission(cls / "ana", ana)
    submission(cls / "ben", {**ana, **{f"{k}/{SOLUTION_FILE}": disguise(ana[f"{k}/{SOLUTION_FILE}"], RENAMES)
                                       for k in ("q3", "q5")}})
    out = tmp_path / "out"
    done = kit(tmp_path, "grade-batch", str(cls), "--out", str(out), "--questions", "q3,q5", "--jobs", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp_path, cls, out


def flagged_pairs(page: str) -> list[tuple[str, str]]:
    table = re.search(r"<table id='similar-pairs'>(.*?)</table>", page, re.S)
    rows = re.findall(r"<tr class='pair'><td>(.*?)</td><td>(.*?)</td>", table.group(1)) if table else []
    return sorted(tuple(sorted(row)) for row in rows)


def test_the_batch_writes_a_report_that_flags_the_copied_pair_only(graded_class):
    _, _, out = graded_class
    page = (out / report.REPORT_FILE).read_text(encoding="utf-8")
    assert flagged_pairs(page) == [("ana", "ben")]
    for side in ("a", "b"):  # the pair links to both files, shown in the page
        anchor = re.search(rf"href='#(pair-1-q\d+-{side})'", page).group(1)
        assert f"id='{anchor}'" in page
    assert page.count("<script") == len(re.findall(r'<div id="chart-\d+"', page)) + 1  # plotly.js once, the charts
    assert not re.search(r"<script[^>]*\bsrc=", page)  # offline: nothing loaded from elsewhere
    assert "never a verdict" in page
    # The failure messages and concept answers come through: the stub is "not started", ana chose c2 = 4.
    assert "NotImplementedError" in page or "not started" in page
    assert "c2" in page


def test_kit_report_rewrites_the_page_from_results_alone(graded_class):
    tmp_path, cls, out = graded_class
    (out / report.REPORT_FILE).unlink()
    done = kit(tmp_path, "report", str(out))
    assert done.returncode == 0, done.stderr
    page = (out / report.REPORT_FILE).read_text(encoding="utf-8")
    assert "Not computed" in page and flagged_pairs(page) == []
    done = kit(tmp_path, "report", str(out), "--submissions", str(cls))
    assert done.returncode == 0, done.stderr
    assert flagged_pairs((out / report.REPORT_FILE).read_text(encoding="utf-8")) == [("ana", "ben")]
    results = json.loads((out / "ana" / "results.json").read_text(encoding="utf-8"))
    assert results["extra_data"]["batch"]["name"] == "ana"


@pytest.mark.skipif(chromium() is None, reason="no Chromium: apt-get install -y chromium (Debian's package) "
                                                "to open the report in a real browser")
def test_the_report_opens_in_a_headless_browser_without_errors_and_every_chart_drawn(graded_class):
    tmp_path, _, out = graded_class
    dom, log = open_in_browser(out / report.REPORT_FILE, tmp_path)
    # Chromium logs every console message of the page as INFO:CONSOLE; a clean page logs none at all.
    console = [line for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not console, console
    charts = re.split(r'<div id="chart-\d+"', dom)[1:]
    assert len(charts) >= 5, dom[:2000]
    for chart in charts:
        drawn = chart.split('<div id="chart-')[0]
        assert 'class="main-svg"' in drawn and re.search(r'class="[^"]*\btrace\b', drawn), drawn[:500]


def test_statistics_flag_what_does_not_discriminate_and_name_the_message_not_the_traceback():
    assert report.Rate("t", "q3", 4, 4, None).flag == "everyone passes"
    assert report.Rate("t", "q3", 0, 4, None).flag == "everyone fails"
    assert report.Rate("t", "q3", 2, 4, -0.5).flag == "correlates negatively"
    assert report.Rate("t", "q3", 2, 4, 0.5).flag == ""
    traceback = "exercises/q5/test_public.py:53: in test_x\n    out = pair()\n    ^^^^\nE   ValueError: shape (2,)\n"
    assert report.failure_line(traceback) == "ValueError: shape (2,)"
    assert report.failure_line("not started: q5.encode_pair\nmore") == "not started: q5.encode_pair"
