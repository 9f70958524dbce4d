"""Each artefact built from the kit, checked against its inclusion list (kit.paths.ARTEFACTS): the
student bundle (`kit release`), the Gradescope package (`kit gradescope`) and what of the kit the
learner's sandbox sees. Every file lies under an included path; nothing private (answers, hidden
tests) reaches the learner; nothing instructor-only (harness tests, mutants, variants, hostile
cases, scripts, benchmarks) reaches any artefact; the Gradescope package holds everything its
hidden tests need, tests/messages.py included. The check itself is shown to catch each wrong variant.
"""

import subprocess
import zipfile
from pathlib import PurePosixPath

import pytest

from kit.authoring.release import build_bundle
from kit.clients.gradescope import CONSTRAINTS, KIT_DIR, build_package
from kit.isolation import sandbox
from kit.paths import (
    BUNDLE,
    GRADESCOPE,
    HIDDEN_TESTS,
    INSTRUCTOR_ONLY,
    ROOT,
    SANDBOX,
    Artefact,
    artefact_files,
    artefact_problems,
    is_leftover,
    under,
)
from kit.questions import all_questions

# What the hidden tests read besides the kit and the reference: their message catalogue and their data.
GRADING_NEEDS = ["tests/messages.py", "tests/data/heldout.tsv", "reference/q3/solution.py", "conftest.py",
                 "pyproject.toml", "README.md", *(f"tests/{q.key}/test_hidden.py" for q in all_questions())]


def check(artefact: Artefact, files: list[str], needed: list[str] = ()) -> list[str]:
    """Everything wrong with `artefact` holding `files`: files off its list, private or instructor-only
    files, and files it needs but lacks."""
    held = set(files)
    return artefact_problems(artefact, files) + [f"the {artefact.name} lacks {path}" for path in needed
                                                 if path not in held]


def copied(artefact: Artefact) -> set[str]:
    """The files of the kit that `artefact` should copy, as posix paths."""
    return {str(p) for p in artefact_files(artefact)}


# ---------------------------------------------------------------- the artefacts as built


def test_student_bundle_holds_its_list_and_nothing_private(tmp_path):
    out = tmp_path / "bundle"
    build_bundle(out)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert check(BUNDLE, files, ["README.md", "exercises/q3/solution.py", "kit/paths.py"]) == []
    assert set(files) == copied(BUNDLE) | set(BUNDLE.written)
    assert not [f for f in files if f.startswith(("reference/", "tests/"))]


def test_gradescope_package_holds_what_its_hidden_tests_need_and_no_instructor_tools(tmp_path):
    package = tmp_path / "autograder.zip"
    build_package(package)
    with zipfile.ZipFile(package) as zf:
        names = zf.namelist()
    kit = sorted(n.removeprefix(f"{KIT_DIR}/") for n in names if n.startswith(f"{KIT_DIR}/"))
    assert sorted(set(names) - {f"{KIT_DIR}/{n}" for n in kit}) == sorted(["setup.sh", "run_autograder", CONSTRAINTS])
    assert check(GRADESCOPE, kit, GRADING_NEEDS) == []
    assert set(kit) == copied(GRADESCOPE)
    assert "tests/messages.py" in kit
    assert not [n for n in kit if n.startswith(tuple(f"{p}/" for p in INSTRUCTOR_ONLY)) or is_leftover(n)]


def sandbox_files(*extra: str) -> list[str]:
    """The kit's files that exist inside the learner's sandbox (listed from inside it), leftovers skipped;
    `extra` bubblewrap options go in before the command (a wrong variant's additional binds)."""
    solution = ROOT / "exercises" / "q3" / "solution.py"
    argv, env = sandbox.worker_command(solution, "q3", sandbox.WorkerLimits(), [], sandboxed=True)
    at = argv.index("--chdir")
    argv = [*argv[:at], *extra, "--chdir", "/tmp", "--", "find", str(ROOT), "-type", "f"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    inside = (PurePosixPath(line).relative_to(ROOT) for line in done.stdout.splitlines())
    return sorted(str(p) for p in inside if not is_leftover(p))


@pytest.mark.skipif(sandbox.unavailable() is not None, reason="no sandbox here (bubblewrap cannot start)")
def test_sandbox_shows_the_kit_package_and_data_only():
    files = sandbox_files()
    assert check(SANDBOX, files, ["kit/paths.py", "data/tiny-bert-ko/config.json"]) == []
    assert set(files) == copied(SANDBOX)

    # The wrong variant: the whole kit bound (tests/harness/test_hostile.py's read_secrets switch).
    leaked = check(SANDBOX, sandbox_files("--ro-bind", str(ROOT), str(ROOT)))
    assert any("reference/q3/solution.py, which is private" in p for p in leaked)
    assert any("tests/hostile/" in p and "instructor-only" in p for p in leaked)


# ---------------------------------------------------------------- the lists themselves, and the check


def test_every_folder_under_tests_is_either_shipped_to_graders_or_instructor_only():
    """A new folder under tests/ must be placed: hidden-test material the package needs, or instructor-only."""
    entries = [f"{HIDDEN_TESTS.name}/{p.name}" for p in HIDDEN_TESTS.iterdir() if not is_leftover(p.name)]
    assert entries
    assert [e for e in entries if under(e, GRADESCOPE.includes) == under(e, INSTRUCTOR_ONLY)] == []
    for artefact in (BUNDLE, SANDBOX):
        assert not [e for e in artefact.includes if under(e, ("reference", "tests"))], artefact.name


def test_the_check_catches_each_wrong_variant():
    gradescope = sorted(copied(GRADESCOPE))
    assert check(GRADESCOPE, gradescope, GRADING_NEEDS) == []
    for stray in ("tests/hostile/x.py", "tests/mutants/q1/x.py", "tests/variants/q5/x.py", "tests/harness/test_x.py",
                  "bench/x.py", "scripts/x.py"):
        assert check(GRADESCOPE, [*gradescope, stray]) == [f"the gradescope holds {stray}, which is instructor-only"]
    assert check(GRADESCOPE, [*gradescope, "notes/todo.md"]) == [
        "the gradescope holds notes/todo.md, which its inclusion list (kit.paths) leaves out"]
    # Gradescope without the hidden tests' message catalogue (what the old exclusion list built).
    without = [f for f in gradescope if f != "tests/messages.py"]
    assert check(GRADESCOPE, without, GRADING_NEEDS) == ["the gradescope lacks tests/messages.py"]

    bundle = sorted(copied(BUNDLE) | set(BUNDLE.written))
    for private in ("reference/q3/solution.py", "tests/q3/test_hidden.py", "tests/messages.py", "tests/data/x.tsv"):
        assert check(BUNDLE, [*bundle, private]) == [
            f"the bundle holds {private}, which is private (answers or hidden tests)"]
    assert check(BUNDLE, [*bundle, "tests/hostile/x.py"]) == [
        "the bundle holds tests/hostile/x.py, which is instructor-only"]
