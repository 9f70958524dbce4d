"""The learner's and instructor's tools around grading: `kit release`, `kit watch` and the hint
pointer on failures (`kit gradescope`: test_gradescope_package.py; the GitHub workflows:
test_workflows.py).

Subprocess cases use q3 and q5, the quickest questions.
"""

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kit.learn import watch as kit_watch
from kit.learn.pytest_plugin import hint_pointer
from kit.messages import msg
from kit.paths import EXERCISES, REFERENCE, ROOT


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """Some of these tests name English fragments of the kit's output; the commands inherit KIT_LANG."""
    monkeypatch.setenv("KIT_LANG", "en")


def kit(*args: str, cwd: Path = ROOT, timeout: int = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m kit.cli ARGS` in `cwd` (the kit imported from `cwd` first)."""
    return subprocess.run([sys.executable, "-m", "kit.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


# ---------------------------------------------------------------- kit release


def test_release_writes_a_bundle_without_answers_that_installs_and_runs(tmp_path):
    bundle = tmp_path / "bundle"
    done = kit("release", str(bundle), "--verify")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok: the bundle installs" in done.stdout
    top = {p.name for p in bundle.iterdir()}
    assert top == {"exercises", "kit", "data", "conftest.py", "pyproject.toml", "README.md", ".gitignore"}, top
    for q in ("q3", "q5"):
        assert {p.name for p in (bundle / "exercises" / q).iterdir()} >= {
            "solution.py", "test_public.py", "README.md", "question.toml"}
        # The stub, not the answer.
        assert (bundle / "exercises" / q / "solution.py").read_bytes() == (EXERCISES / q / "solution.py").read_bytes()
    assert (bundle / "data" / "tiny-bert-ko" / "config.json").is_file()
    # The lesson notebook travels, with its stub cells (never the reference's).
    assert (bundle / "exercises" / "lesson.ipynb").read_bytes() == (EXERCISES / "lesson.ipynb").read_bytes()
    assert not list(bundle.rglob("__pycache__")) and not list(bundle.glob("*.egg-info"))
    pyproject = tomllib.loads((bundle / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["pytest"]["ini_options"]["testpaths"] == ["exercises"]

    # Instructor commands explain themselves instead of failing with a traceback.
    for command in (["check"], ["mutants", "q3"], ["gradescope", str(tmp_path / "ag.zip")]):
        refused = kit(*command, cwd=bundle)
        assert refused.returncode == 2 and "student bundle" in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr
    # kit grade there grades the public tests and says so.
    results = tmp_path / "results.json"
    graded = kit("grade", "--questions", "q3", "--results", str(results), cwd=bundle)
    assert graded.returncode == 0, graded.stderr
    assert "no hidden tests" in graded.stdout
    data = json.loads(results.read_text(encoding="utf-8"))
    assert data["extra_data"]["hidden_tests"] == [] and data["extra_data"]["questions"]["q3"]["status"] == "not started"
    assert all(t["tags"][1] == "public" for t in data["tests"])


def test_release_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old.txt").write_text("keep me", encoding="utf-8")
    done = kit("release", str(tmp_path))
    assert done.returncode == 2 and "not empty" in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["old.txt"]


# ---------------------------------------------------------------- kit watch


def test_watch_notices_added_changed_and_removed_files(tmp_path):
    (tmp_path / "solution.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not python\n", encoding="utf-8")
    before = kit_watch.snapshot(tmp_path)
    assert set(before) == {"solution.py"}
    assert kit_watch.changes(before, kit_watch.snapshot(tmp_path)) == []
    os.utime(tmp_path / "solution.py", ns=(0, before["solution.py"] + 10**9))
    (tmp_path / "helper.py").write_text("", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("still not python\n", encoding="utf-8")
    assert kit_watch.changes(before, kit_watch.snapshot(tmp_path)) == ["helper.py", "solution.py"]
    assert kit_watch.changes({"gone.py": 1}, {}) == ["gone.py"]


def test_watch_reruns_once_per_change_and_stops_on_ctrl_c(tmp_path):
    source = tmp_path / "solution.py"
    source.write_text("x = 1\n", encoding="utf-8")
    runs, polls = [], []

    def sleep(_seconds):
        polls.append(1)
        if len(polls) == 3:  # the learner saves once, two polls after the first run
            os.utime(source, ns=(0, source.stat().st_mtime_ns + 10**9))
        if len(polls) == 6:
            raise KeyboardInterrupt

    said = []
    count = kit_watch.watch([tmp_path], lambda: runs.append(1), interval=0, sleep=sleep, say=said.append)
    assert count == len(runs) == 2
    changed = msg("watch.changed", files="solution.py")
    assert any(changed in line for line in said) and said[-1].strip() == msg("watch.stopped")
    assert kit_watch.watch([tmp_path], lambda: runs.append(1), sleep=sleep, max_runs=1, say=said.append) == 1


def test_watch_command_runs_the_public_tests(tmp_path):
    done = kit("watch", "q3", "--max-runs", "1", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "pytest exercises/q3" in done.stdout
    assert msg("plugin.still_a_stub", function="q3.encode", count=4, s="s") in done.stdout
    unknown = kit("watch", "q99")
    assert unknown.returncode == 2 and "q99" in unknown.stderr


# ---------------------------------------------------------------- failure output points at `kit hint`


def test_learner_exceptions_and_asserts_keep_their_traceback_and_end_with_a_hint(tmp_path):
    (tmp_path / "q3").mkdir()
    reference = (REFERENCE / "q3" / "solution.py").read_text(encoding="utf-8")
    (tmp_path / "q3" / "solution.py").write_text(reference + """

def _halve(tokens):
    return len(tokens) / 0


def subword_pieces(tokens):
    return _halve(tokens)


_encode = encode


def encode(text, tokenizer, max_length=20):
    assert max_length > 1000, "my max_length assumption"
    return _encode(text, tokenizer, max_length)
""", encoding="utf-8")
    records_path = tmp_path / "records.json"
    done = subprocess.run([sys.executable, "-m", "pytest", "exercises/q3", "--impl", str(tmp_path), "-q",
                           "-p", "no:randomly", "--kit-json", str(records_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout
    assert "in _halve" in done.stdout and "ZeroDivisionError: division by zero" in done.stdout
    assert "AssertionError: my max_length assumption" in done.stdout
    records = {r["nodeid"].split("::")[-1]: r for r in json.loads(records_path.read_text(encoding="utf-8"))}
    failed = {name: r["message"] for name, r in records.items() if r["outcome"] == "failed"}
    assert failed, records
    for name, message in failed.items():
        function = "subword_pieces" if "subword" in name else "encode"
        assert message.rstrip().splitlines()[-1] == hint_pointer("q3", function), message


def test_warm_watch_forks_a_run_per_save_and_sees_each_edit(tmp_path):
    import selectors
    import time

    impl = tmp_path / "copy"
    shutil.copytree(REFERENCE / "q3", impl / "q3")
    solution = impl / "q3" / "solution.py"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "kit.cli", "watch", "q3", "--impl", str(impl)], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)

    def next_summary() -> str:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and selector.select(timeout=deadline - time.monotonic()):
            line = process.stdout.readline()
            assert line, "kit watch exited"
            if " in " in line and ("passed" in line or "failed" in line):
                return line
        raise AssertionError("no pytest summary line from kit watch")

    try:
        assert next_summary().strip().startswith("7 passed")
        # The wrong variant: the edit must be graded, not the module the parent saw first.
        solution.write_text(solution.read_text(encoding="utf-8").replace('"##"', '"#!"'), encoding="utf-8")
        assert next_summary().strip().startswith("1 failed, 6 passed")
        solution.write_text(solution.read_text(encoding="utf-8").replace('"#!"', '"##"'), encoding="utf-8")
        assert next_summary().strip().startswith("7 passed")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_cold_watch_still_runs_a_fresh_pytest():
    done = kit("watch", "q3", "--cold", "--max-runs", "1", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "q3.encode: still a stub" in done.stdout
