"""The student bundle's README: the learner's own guide in Korean (install, the per-question loop,
the notebook, what to upload or push), with no instructor material, which `kit release --verify`
checks. (The bundle installing and reaching "not started" on Q1: test_tools.py's release test.)
"""

import re

from kit.authoring.release import STUDENT_README, build_bundle, instructor_text, rules_lines
from kit.paths import ROOT
from kit.questions import all_questions


def test_bundle_readme_is_the_learners_guide(tmp_path):
    build_bundle(tmp_path / "bundle")
    readme = tmp_path / "bundle" / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert instructor_text(readme) == []
    assert text != (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(re.findall(r"[가-힣]", text)) > 500, "the learner's README is in Korean"
    # Install: the CPU build of torch first, then the kit; then the first command.
    install = [text.index(step) for step in ("download.pytorch.org/whl/cpu", "pip install -e .", "pytest exercises/q1")]
    assert install == sorted(install)
    for command in ("pytest exercises/q3", "kit hint q3", "kit watch q3", "kit status", "exercises/lesson.ipynb",
                    'kit.check("q3")'):
        assert command in text, command
    for q in all_questions():
        assert re.search(rf"\| Q{q.number} \| `exercises/{q.key}` \| {re.escape(q.title_ko)} \| {q.points:g} \|", text)
    upload = text.split("### Gradescope")[1].split("### GitHub Classroom")[0]
    assert "exercises" in upload and "qN/solution.py" in upload
    assert upload.index("1. `exercises/qN/`") < upload.index("2. ") < upload.index("3. ") and "알파벳" in upload
    classroom = text.split("### GitHub Classroom")[1].split("## ")[0]
    assert "git push" in classroom and "최종 점수가 아닙니다" in classroom


def test_verify_catches_instructor_text_in_a_readme(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text((ROOT / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
    found = instructor_text(readme)
    assert any("For instructors" in p for p in found) and any("--impl reference" in p for p in found)
    readme.write_text("`outputs.last_hidden_state`와 `kit.check(\"q3\")`\n", encoding="utf-8")
    assert instructor_text(readme) == [], "lesson words that merely contain a marker are not instructor text"
    readme.write_text("숨은 테스트(hidden tests)는 reference/에 있습니다\n", encoding="utf-8")
    assert len(instructor_text(readme)) == 2


def test_the_rules_come_from_the_catalogue_and_match_what_grading_does(tmp_path, monkeypatch):
    """The README's rules are the catalogue's `rules.*` statements; the template itself states none
    (no "0점", no list of what is graded), so the two cannot disagree. The statements say what the
    kit does: answers cells and answers.toml are graded, and the policy is advice, not a penalty."""
    monkeypatch.delenv("KIT_LANG", raising=False)
    build_bundle(tmp_path / "bundle")
    text = (tmp_path / "bundle" / "README.md").read_text(encoding="utf-8")
    rules = text.split("## 5. 채점 규칙")[1].split("\n## ")[0]
    assert [line.removeprefix("- ") for line in rules.strip().splitlines()] == rules_lines()
    template = STUDENT_README.read_text(encoding="utf-8")
    assert "0점" not in template and "하나만 가져옵니다" not in template
    graded, notebook, _, policy, *_ = rules_lines()
    assert "answers.toml" in graded and "# kit: qN answers" in graded
    assert "점수는 깎지 않지만" in policy and "0점" not in policy
    assert "lesson.ipynb" in notebook and "# kit: qN answers" in notebook
