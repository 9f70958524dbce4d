"""Hostile submissions (tests/hostile/*.py), each graded through `kit grade`'s pipeline, and all of
them together through `kit grade-batch`.

A case file's docstring says which question it attacks, the honest part it is added to
(`reference`, or a mutant of that question from tests/mutants), and the status and message
the grader must give. For every case: grading completes, a complete results file is written,
the question scores no more than its honest part alone, the other questions of the submission
keep what they earn honestly, nothing reached the harness's server, the kit's files and the
installed packages are unchanged, and nothing of the reference or hidden tests reaches the
results. A case "as: conftest" is written as the submission's conftest.py files instead of
into the solution, "as: symlink" makes the solution a link to the kit's reference; "encoding:
cp949" saves the file in that encoding with a PEP 263 cookie; "others: q5=stub|reference" grades
more questions of the same submission; "linger: 3" waits that long after grading before the
kit's files are checked (for processes a submission leaves behind); "advice: word" expects the
static policy's advice to name it (grade-batch, taking submissions as `kit grade` does, gives
every case the same outcome). "expect: timeout|failed" with "message:
ran past|tests failed" accepts either pair, where the outcome depends on how the worker was
started (forked by the zygote or cold), never on the grader. What is shown (results.json, JUnit,
the table, the gradebook) never holds a control or invisible format character, and a hidden test
shows its failure message only: no Hypothesis report of its name and generated arguments.
"""

import hashlib
import http.server
import json
import re
import shutil
import sysconfig
import threading
import time
import traceback
import unicodedata
from pathlib import Path

import pytest
import torch

from kit import text
from kit.authoring.mutants import MUTANTS, Mutant, mutant_source
from kit.grading import grader, reports
from kit.isolation import oracle, sandbox
from kit.learn import pytest_plugin
from kit.learn.concepts import ANSWERS_FILE
from kit.paths import EXERCISES, HIDDEN_TESTS, REFERENCE, ROOT, SOLUTION_FILE
from kit.questions import all_questions

CASES = sorted((HIDDEN_TESTS / "hostile").glob("*.py"))
LIMITS = grader.Limits(question_s=120.0, test_s=10.0, memory_mb=3072)
_honest_scores: dict[tuple[str, str], float] = {}


def header(path: Path) -> dict[str, str]:
    """The `key: value` lines of a case's docstring, plus its first line as "what"."""
    text = path.read_text(encoding="utf-8")
    doc = text.split('"""')[1]
    fields = {"what": doc.strip().splitlines()[0]}
    for line in doc.splitlines():
        key, sep, value = line.partition(": ")
        if sep and key.strip() in {"question", "base", "as", "others", "linger", "expect", "message", "encoding",
                                   "advice", "victim"}:
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

    def do_GET(self):
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


def tree_digest(roots: list[Path]) -> dict[str, str]:
    """Name -> content hash of every file under `roots` (caches left out)."""
    found = {}
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if "__pycache__" not in p.parts):
            if path.is_file() or path.is_symlink():
                data = path.read_bytes() if path.is_file() and not path.is_symlink() else str(path.readlink()).encode()
                found[str(path)] = hashlib.sha256(data).hexdigest()
    return found


def package_listing() -> set[str]:
    """The names in site-packages (a planted .pth or sitecustomize shows up here)."""
    return {p.name for p in Path(sysconfig.get_paths()["purelib"]).iterdir()}


@pytest.fixture
def kit_tests_kept():
    """Whatever a case does, the kit's files and the installed packages are as they were afterwards."""
    roots = [ROOT / "kit", ROOT / "exercises", ROOT / "tests", ROOT / "reference", ROOT / "data"]
    before, packages = tree_digest(roots), package_listing()
    yield
    after = tree_digest(roots)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"grading left the kit's files changed: {changed[:5]}"
    assert package_listing() == packages, sorted(package_listing() ^ packages)


def test_there_is_a_case_for_every_attack_the_issue_lists():
    names = {p.stem for p in CASES}
    assert {"syntax_error", "import_error", "infinite_loop", "raise_system_exit", "os_exit", "segfault_ctypes",
            "memory_bomb", "network_call", "import_reference", "conftest_in_submission", "report_patch",
            "write_into_tests", "escape_process_group", "pytest_internals_by_path", "forge_records",
            "lying_objects", "rewrite_staged_file", "symlink_solution", "cp949_source", "network_raw_socket",
            "network_posix_spawn", "network_child_interpreter", "plant_files", "symlink_at_output",
            "escape_fork_loop", "signal_grader", "read_secrets", "bidi_text", "hypothesis_report",
            "oracle_input_tensor", "oracle_model_weights", "oracle_classifier_head", "oracle_flags_write",
            "forged_model_reply", "reply_flood", "tmp_fill", "fork_memory", "scratch_move_reference_input",
            "scratch_link_judge_write", "markdown_injection"} <= names


def build_case(case: Path, submission: Path, port: int) -> tuple[dict, list[str]]:
    """Write the case's submission folder; its header fields and the questions it grades."""
    spec = header(case)
    question = spec["question"]
    attack = case.read_text(encoding="utf-8").replace("KIT_TEST_PORT", str(port))
    honest = honest_source(question, spec["base"])
    if spec.get("as") == "conftest":
        write_solution(submission, question, honest)
        for folder in (submission, submission / question):
            (folder / "conftest.py").write_text(attack, encoding="utf-8")
    elif spec.get("as") == "symlink":
        (submission / question).mkdir(parents=True)
        (submission / question / SOLUTION_FILE).symlink_to(REFERENCE / question / SOLUTION_FILE)
    elif spec.get("encoding"):
        source = f"# -*- coding: {spec['encoding']} -*-\n{honest}\n\n# ---- hostile ----\n{attack}"
        (submission / question).mkdir(parents=True)
        (submission / question / SOLUTION_FILE).write_bytes(source.encode(spec["encoding"], errors="replace"))
    else:
        write_solution(submission, question, f"{honest}\n\n# ---- hostile ----\n{attack}")
    questions = [question]
    for other in filter(None, spec.get("others", "").split(",")):
        key, _, kind = other.partition("=")
        assert kind in ("stub", "reference"), other
        (submission / key).mkdir(parents=True)
        for name in (SOLUTION_FILE, ANSWERS_FILE):  # the concept answers too, where the question has them
            source = (EXERCISES if kind == "stub" else REFERENCE) / key / name
            if source.is_file():
                shutil.copyfile(source, submission / key / name)
        questions.append(key)
    return spec, questions


def outcome_expected(statuses: str, messages: str, status: str, message: str) -> bool:
    """A case's `expect` and `message` may list alternatives ("failed|timeout", "tests failed|ran past"),
    paired in order: where the outcome depends on how the worker was started, not on the grader."""
    return any(status == s and m in message for s, m in zip(statuses.split("|"), messages.split("|"), strict=True))


def invisible(shown: str) -> list[str]:
    """The control (but tab and newline), format (Cf: bidi overrides, zero-width) and surrogate characters."""
    return [f"U+{ord(c):04X}" for c in shown if unicodedata.category(c) in ("Cc", "Cf", "Cs") and c not in "\n\t"]


def strings(value) -> list[str]:
    """Every string in a JSON value (keys too)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings(k), *strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


# What Hypothesis writes about a failing example; hidden tests must not show it.
HYPOTHESIS_REPORT = ("Falsifying", "Failing test case", "Trying example", "You can reproduce", "reproduce_failure",
                     "reference_solution=")


def hidden_leaks(results: dict, question: str) -> list[str]:
    """The hidden tests' outputs (and the question's message) that name a hidden test or hold Hypothesis' report."""
    source = (HIDDEN_TESTS / question / "test_hidden.py").read_text(encoding="utf-8")
    names = set(re.findall(r"^def (test_\w+)", source, re.MULTILINE))
    shown = [t["output"] for t in results["tests"] if "hidden" in t["tags"]]
    shown += [q["message"] for q in results["extra_data"]["questions"].values()]
    return [out for out in shown if any(word in out for word in (*names, *HYPOTHESIS_REPORT))]


def check_case(case: Path, spec: dict, questions: list[str], results: dict, got, tmp_path: Path) -> None:
    """What must hold for every case, read from its results file and its question's result."""
    assert {t["tags"][0] for t in results["tests"]} == set(questions), results["tests"]
    assert set(results["extra_data"]["questions"]) == set(questions)
    assert results["extra_data"]["sandbox"] is True
    assert outcome_expected(spec["expect"], spec["message"], got.status, got.message), (
        f"{case.name} ({spec['what']}): got {got.status!r} {got.message!r}")
    assert got.score <= honest_score(spec["question"], spec["base"], tmp_path) + 1e-9, (got.score, got.message)
    assert got.score < got.max_score
    if spec.get("advice"):
        assert any(spec["advice"] in a for a in got.advice), got.advice
    others = {q: d for q, d in results["extra_data"]["questions"].items() if q != spec["question"]}
    for key, other in others.items():
        kind = dict(o.partition("=")[::2] for o in spec["others"].split(","))[key]
        assert other["score"] == (other["max_score"] if kind == "reference" else 0), (key, other)
    text = json.dumps(results, ensure_ascii=False)
    public = {line.strip() for path in (EXERCISES / spec["question"]).glob("*.py")
              for line in path.read_text(encoding="utf-8").splitlines()}  # a line learners have is no secret
    for secret in (REFERENCE / spec["question"] / SOLUTION_FILE, HIDDEN_TESTS / spec["question"] / "test_hidden.py"):
        lines = [line.strip() for line in secret.read_text(encoding="utf-8").splitlines()
                 if len(line.strip()) > 30 and line.strip() not in public]
        assert not any(line in text for line in lines), f"{secret.name} reached results.json"
    assert not _Recorder.hits, f"the submission reached the network: {_Recorder.hits}"
    assert not [invisible(s) for s in strings(results) if invisible(s)], "results.json shows invisible characters"
    assert not hidden_leaks(results, spec["question"]), "a hidden test showed more than its failure message"
    assert not list(ROOT.glob("exercises/q*/conftest.py")) and not list(ROOT.glob("tests/q*/conftest.py"))
    if spec.get("victim"):
        assert not victim_written(spec["victim"]), "the judge wrote through a link the worker planted"
    assert not markdown_markup(results["output"]), markdown_markup(results["output"])


def markdown_markup(summary: str) -> list[str]:
    """Links, images and HTML tags that Markdown would act on in the summary (none of the kit's own)."""
    return re.findall(r"(?<!\\)!?\[[^\]\n]*(?<!\\)\]\(|(?<!\\)<[A-Za-z/][^>\n]*>", summary)


def victim_written(victim: str) -> list[str]:
    """The files found at a case's victim path (a folder outside the sandbox that a planted link points to)."""
    path = Path(victim)
    return sorted(p.name for p in path.rglob("*")) if path.is_dir() else ([path.name] if path.exists() else [])


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_hostile_submission_is_graded_safely(case, tmp_path, server, kit_tests_kept):
    submission = tmp_path / "submission"
    spec, questions = build_case(case, submission, server.server_address[1])
    _Recorder.hits.clear()
    if spec.get("victim"):
        shutil.rmtree(spec["victim"], ignore_errors=True)
        Path(spec["victim"]).mkdir()

    report = grader.grade(submission, questions, LIMITS)
    time.sleep(float(spec.get("linger", 0)))  # what the submission left running would act now

    results_path = tmp_path / "results.json"
    grader.write_results(report, results_path)
    check_case(case, spec, questions, json.loads(results_path.read_text(encoding="utf-8")), report.results[0],
               tmp_path)
    for shown in (reports.junit_xml(report), reports.table(report)):
        assert not invisible(shown), invisible(shown)


# ---------------------------------------------------------------- each defence, switched off


def _without(*flags: str):
    """kit.isolation.sandbox's namespace flags without `flags` (a defence switched off)."""
    original = sandbox._namespaces

    def namespaces():
        return [f for f in original() if f not in flags]

    return namespaces


def _kit_visible(original):
    """kit.isolation.sandbox's worker command with the whole kit (reference and hidden tests too) bound read-only."""
    def command(solution, question, limits, writable, sandboxed):
        argv, env = original(solution, question, limits, writable, sandboxed)
        at = argv.index("--chdir")
        return [*argv[:at], "--ro-bind", str(ROOT), str(ROOT), *argv[at:]], env

    return command


def _tensors_mirrored(mp) -> None:
    """Tensor arguments mirrored like models (the learner's in-place changes copied back), not sent by value."""
    from kit.isolation import remote
    from kit.isolation.protocol import Ref

    original = remote.RemoteSession.pack

    def pack(self, value):
        if type(value) is torch.Tensor:
            return Ref("mirror", self.mirror(value))
        return original(self, value)

    mp.setattr(remote.RemoteSession, "pack", pack)


def _oracle_unguarded(mp) -> None:
    """The reference runs on whatever it is given, learner-changed objects included."""
    mp.setattr(oracle, "touched_by", lambda value: (False, None))


def _shared_writable(mp) -> None:
    """The learner's changes to shared fixtures are copied back like any other."""
    mp.setattr(oracle, "protected", lambda obj: False)


def _scratch_writable(mp) -> None:
    """As before the defence: the judge's scratch folder and every tmp_path in it writable by the worker, the
    whole scratch folder bound writable into the sandbox."""
    from _pytest.tmpdir import TempPathFactory

    original = TempPathFactory.mktemp

    def mktemp(self, basename, numbered=True):
        path = original(self, basename, numbered)
        path.chmod(0o777)
        path.parent.chmod(0o777)
        return path

    mp.setattr(TempPathFactory, "mktemp", mktemp)
    mp.setattr(sandbox, "WORKER_AREA", "no-such-area")


def _all(*switches):
    def switch(mp) -> None:
        for one in switches:
            one(mp)

    return switch


SWITCHES = {
    # The network namespace: the raw socket reaches the harness's server.
    "network_raw_socket": ("server hit", lambda mp: mp.setattr(sandbox, "_namespaces", _without("--unshare-net"))),
    # The kit's private parts kept out of the sandbox: the reference and hidden tests reach results.json.
    "read_secrets": ("secret leaked", lambda mp: mp.setattr(sandbox, "worker_command",
                                                            _kit_visible(sandbox.worker_command))),
    # The process boundary itself: in the judge's process the attack rewires the checks and scores more.
    "pytest_internals_by_path": ("more than honest", "in-process"),
    "lying_objects": ("more than honest", "in-process"),
    # The oracle (kit.isolation.oracle): tensors by value, shared fixtures read-only, the reference's guard. A case that
    # two defences stop wins only with both off (either alone leaves the other's failure).
    "oracle_input_tensor": ("more than honest", _all(_tensors_mirrored, _oracle_unguarded)),
    "oracle_model_weights": ("more than honest", _all(_shared_writable, _oracle_unguarded)),
    "oracle_flags_write": ("more than honest", _oracle_unguarded),
    "oracle_classifier_head": ("more than honest", _all(_shared_writable, _oracle_unguarded)),
    # The judge's scratch folder read-only to the worker but for its own area (kit.isolation.outfiles).
    "scratch_move_reference_input": ("more than honest", _scratch_writable),
    "scratch_link_judge_write": ("victim written", _scratch_writable),
    # Gradescope's Markdown summary without escaping (kit.text.markdown_text): the learner's link, image and tag act.
    "markdown_injection": ("markdown shown", lambda mp: mp.setattr(reports, "markdown_text", lambda shown: shown)),
    # kit.text.shown without its format-character stripping: the bidi override reaches results.json.
    "bidi_text": ("invisible shown", lambda mp: mp.setattr(text, "visible", lambda shown: shown)),
    # A hidden test's summary with every note (pytest's plain exconly): Hypothesis' report reaches results.json.
    "hypothesis_report": ("hidden report shown", lambda mp: mp.setattr(
        pytest_plugin, "_exception_only", lambda error: "".join(traceback.format_exception_only(error)).strip())),
}


@pytest.mark.parametrize("name", sorted(SWITCHES))
def test_each_defence_switched_off_lets_its_case_win(name, tmp_path, server, monkeypatch):
    """Proof that the defence is what stops the case: without it, the same case wins."""
    case = HIDDEN_TESTS / "hostile" / f"{name}.py"
    win, switch = SWITCHES[name]
    isolate = switch != "in-process"
    if isolate:
        switch(monkeypatch)
    submission = tmp_path / "submission"
    spec, questions = build_case(case, submission, server.server_address[1])
    _Recorder.hits.clear()
    if spec.get("victim"):
        shutil.rmtree(spec["victim"], ignore_errors=True)
        Path(spec["victim"]).mkdir()
    report = grader.grade(submission, questions, LIMITS, isolate=isolate)
    got = report.results[0]
    if win == "markdown shown":
        results = tmp_path / "results.json"
        grader.write_results(report, results)
        assert markdown_markup(json.loads(results.read_text(encoding="utf-8"))["output"]), "no markup reached"
    elif win == "victim written":
        assert victim_written(spec["victim"]), "with the scratch writable the judge should write through the link"
    elif win == "server hit":
        assert _Recorder.hits, "with the network namespace off the case should reach the server"
    elif win in ("invisible shown", "hidden report shown"):
        results = tmp_path / "results.json"
        grader.write_results(report, results)
        data = json.loads(results.read_text(encoding="utf-8"))
        if win == "invisible shown":
            assert "\u202e" in results.read_text(encoding="utf-8"), "no bidi override reached results.json"
        else:
            leaks = hidden_leaks(data, spec["question"])
            assert any("Failing test case" in out or "Falsifying" in out for out in leaks), leaks
    elif win == "secret leaked":
        results = tmp_path / "results.json"
        grader.write_results(report, results)
        text = results.read_text(encoding="utf-8")
        secret = (REFERENCE / spec["question"] / SOLUTION_FILE).read_text(encoding="utf-8").splitlines()
        assert any(len(line.strip()) > 30 and line.strip() in text for line in secret), "nothing leaked"
    else:
        assert got.score > honest_score(spec["question"], spec["base"], tmp_path) + 1e-9, (got.score, got.message)


def test_every_case_graded_together_by_grade_batch(tmp_path, server, kit_tests_kept):
    """All cases against q3 as one class folder, two at a time: each row as in its single grade, the
    honest questions keep their points, results for everyone, nothing reached the network. (The cases
    against other questions are graded one by one above; q9's would add minutes of training here.)"""
    from kit.clients.batch import grade_batch

    folder = tmp_path / "class"
    specs = {}
    for case in (c for c in CASES if header(c)["question"] == "q3"):
        specs[case.stem] = build_case(case, folder / case.stem, server.server_address[1])[0]
    _Recorder.hits.clear()
    rows = {row.name: row for row in grade_batch(folder, tmp_path / "out", ["q3", "q5"], LIMITS, parallel=2)}
    time.sleep(3)  # what a submission left running would act now
    assert set(rows) == set(specs)
    for name, spec in specs.items():
        status, score, message = rows[name].statuses["q3"]
        assert outcome_expected(spec["expect"], spec["message"], status, message), (
            name, status, message)
        assert score <= honest_score("q3", spec["base"], tmp_path) + 1e-9, (name, score)
        kind = dict(o.partition("=")[::2] for o in spec.get("others", "").split(",") if o).get("q5", "stub")
        q5 = next(q.points for q in all_questions() if q.key == "q5")
        assert rows[name].statuses["q5"][1] == (q5 if kind == "reference" else 0.0), (name, rows[name].statuses)
        assert (tmp_path / "out" / rows[name].folder / "results.json").is_file()
    assert not _Recorder.hits, f"a submission reached the network: {_Recorder.hits}"
    gradebook = (tmp_path / "out" / "gradebook.csv").read_text(encoding="utf-8")
    assert not invisible(gradebook.replace("\r", "")), invisible(gradebook)  # csv ends its rows with \r\n
