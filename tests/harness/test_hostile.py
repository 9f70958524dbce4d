"""Hostile submissions (tests/hostile/*.py), each graded by the grader in this process.

A case file's docstring says which question it attacks, the honest part it is added to
(`reference`, or a mutant of that question from tests/mutants), and the status and message
the grader must give. For every case: grading completes, a complete results file is written,
and the question scores no more than its honest part alone. A case "as: conftest" is written
as the submission's conftest.py files instead of into the solution; "others: q5=stub" grades
more questions of the same submission; "linger: 3" waits that long after grading before the
kit's files are checked (for processes a submission leaves behind).
"""

import http.server
import json
import shutil
import threading
import time
from pathlib import Path

import pytest

from kit import grader
from kit.mutants import MUTANTS, Mutant, mutant_source
from kit.paths import EXERCISES, HIDDEN_TESTS, REFERENCE, ROOT, SOLUTION_FILE

CASES = sorted((HIDDEN_TESTS / "hostile").glob("*.py"))
LIMITS = grader.Limits(question_s=20.0, test_s=4.0, memory_mb=3072)
_honest_scores: dict[tuple[str, str], float] = {}


def header(path: Path) -> dict[str, str]:
    """The `key: value` lines of a case's docstring, plus its first line as "what"."""
    text = path.read_text(encoding="utf-8")
    doc = text.split('"""')[1]
    fields = {"what": doc.strip().splitlines()[0]}
    for line in doc.splitlines():
        key, sep, value = line.partition(": ")
        if sep and key.strip() in {"question", "base", "as", "others", "linger", "expect", "message"}:
            fields[key.strip()] = value.strip()
    return fields


def honest_source(question: str, base: str) -> str:
    """The reference of `question`, with the mutant `base` appended unless base is "reference"."""
    if base == "reference":
        return (REFERENCE / question / SOLUTION_FILE).read_text(encoding="utf-8")
    return mutant_source(Mutant(question, base, MUTANTS / question / f"{base}.py"))


def write_solution(folder: Path, question: str, source: str) -> None:
    (folder / question).mkdir(parents=True, exist_ok=True)
    (folder / question / SOLUTION_FILE).write_text(source, encoding="utf-8")


def honest_score(question: str, base: str, tmp: Path) -> float:
    """What the honest part earns alone (graded once per base)."""
    key = (question, base)
    if key not in _honest_scores:
        folder = tmp / f"honest-{question}-{base}"
        write_solution(folder, question, honest_source(question, base))
        report = grader.grade(folder, [question], LIMITS)
        _honest_scores[key] = report.results[0].score
    return _honest_scores[key]


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers any GET, and remembers that someone got through."""

    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        self.hits.append(self.path)
        body = b"answer\n42\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The cases name fragments of the grader's English messages (`message:`); the children inherit KIT_LANG."""
    monkeypatch.setenv("KIT_LANG", "en")


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()


@pytest.fixture
def kit_tests_kept():
    """Whatever a case does, the kit's test files are as they were afterwards (checked, then put back)."""
    paths = [p for p in (*EXERCISES.glob("q*/test_*.py"), *HIDDEN_TESTS.glob("q*/test_*.py"))]
    saved = {p: p.read_bytes() for p in paths}
    yield
    changed = [p for p, data in saved.items() if p.read_bytes() != data]
    for p in changed:
        p.write_bytes(saved[p])
    assert not changed, f"grading left the kit's tests changed: {changed}"


def test_there_is_a_case_for_every_attack_the_issue_lists():
    names = {p.stem for p in CASES}
    assert {"syntax_error", "import_error", "infinite_loop", "raise_system_exit", "os_exit", "segfault_ctypes",
            "memory_bomb", "network_call", "import_reference", "conftest_in_submission", "report_patch",
            "write_into_tests", "escape_process_group"} <= names


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_hostile_submission_is_graded_safely(case, tmp_path, server, kit_tests_kept):
    spec = header(case)
    question = spec["question"]
    port = server.server_address[1]
    attack = case.read_text(encoding="utf-8").replace("KIT_TEST_PORT", str(port))
    submission = tmp_path / "submission"
    honest = honest_source(question, spec["base"])
    if spec.get("as") == "conftest":
        write_solution(submission, question, honest)
        for folder in (submission, submission / question):
            (folder / "conftest.py").write_text(attack, encoding="utf-8")
    else:
        write_solution(submission, question, f"{honest}\n\n# ---- hostile ----\n{attack}")
    questions = [question]
    for other in filter(None, spec.get("others", "").split(",")):
        key, _, kind = other.partition("=")
        assert kind == "stub", other
        (submission / key).mkdir(parents=True)
        shutil.copyfile(EXERCISES / key / SOLUTION_FILE, submission / key / SOLUTION_FILE)
        questions.append(key)
    _Recorder.hits.clear()

    report = grader.grade(submission, questions, LIMITS)
    time.sleep(float(spec.get("linger", 0)))  # what the submission left running would act now

    results_path = tmp_path / "results.json"
    grader.write_results(report, results_path)
    results = json.loads(results_path.read_text(encoding="utf-8"))
    assert {t["tags"][0] for t in results["tests"]} == set(questions), results["tests"]
    assert set(results["extra_data"]["questions"]) == set(questions)
    got = report.results[0]
    assert (got.status, spec["message"]) == (spec["expect"], spec["message"]) and spec["message"] in got.message, (
        f"{case.name} ({spec['what']}): got {got.status!r} {got.message!r}")
    assert got.score <= honest_score(question, spec["base"], tmp_path) + 1e-9, (got.score, got.message)
    assert got.score < got.max_score
    for other in report.results[1:]:
        assert other.score == 0, (other.question.key, other.status, other.message)
    assert not _Recorder.hits, f"the submission reached the network: {_Recorder.hits}"
    assert not list(ROOT.glob("exercises/q*/conftest.py")) and not list(ROOT.glob("tests/q*/conftest.py"))
