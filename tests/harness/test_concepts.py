"""Concept items (kit/concepts.py): keys, grading, "not started", wrong answers, and staging.

Fast: nothing here loads a model; the pytest runs touch only the concept test files.
"""

import pytest

from kit.checks import KitFailure
from kit.concepts import (
    canonical,
    check_answer,
    key_problems,
    load_answers,
    load_items,
    questions_with_concepts,
)
from kit.grader import stage_submission
from kit.impl import ImplError
from kit.mutants import build_submission, discover
from kit.paths import EXERCISES, REFERENCE
from kit.questions import load_question
from kit.records import run_pytest_records

QUESTIONS = questions_with_concepts()


def test_the_six_lesson_questions_have_concept_items():
    assert QUESTIONS == ["q1", "q2", "q5", "q6", "q7", "q8"]
    for q in QUESTIONS:
        assert 3 <= len(load_items(q)) <= 5
        assert len(load_question(EXERCISES / q).hints["concepts"]) >= 2


@pytest.mark.parametrize("question", QUESTIONS)
def test_keys_match_the_reference_answers(question):
    assert key_problems(question) == []


@pytest.mark.parametrize("question", QUESTIONS)
def test_reference_passes_and_stub_is_not_started(question):
    reference, stub = load_answers(REFERENCE, question), load_answers(EXERCISES, question)
    for item in load_items(question):
        check_answer(question, item.id, reference)
        with pytest.raises(NotImplementedError, match=rf"^{question}\.concepts$"):
            check_answer(question, item.id, stub)


def test_every_wrong_answer_mutant_fails_an_item_and_shows_the_explanation(tmp_path):
    mutants = [m for m in discover(QUESTIONS, answers=True) if m.is_answers]
    assert {m.question for m in mutants} == set(QUESTIONS)
    for mutant in mutants:
        impl = build_submission(mutant, tmp_path / mutant.key)
        answers = load_answers(impl, mutant.question)
        failures = []
        for item in load_items(mutant.question):
            try:
                check_answer(mutant.question, item.id, answers)
            except KitFailure as exc:
                failures.append(str(exc))
                assert f"해설: {item.explanation.strip()[:20]}" in str(exc)
        assert failures, f"{mutant.key} passed every item"


def test_equivalent_spellings_of_an_answer_are_accepted():
    items = {item.id: item for item in load_items("q2")}
    assert canonical(items["c1"], 80) == canonical(items["c1"], 80.0) == canonical(items["c1"], "80")
    assert canonical(items["c2"], " b ") == canonical(items["c2"], "B")
    assert canonical(items["c4"], ["참", "c"]) == canonical(items["c4"], ["O", "C"])


@pytest.mark.parametrize("answer", ["E", ["O", "A", "B"], ["예", "A"], True])
def test_malformed_answers_say_what_is_expected(answer):
    items = {item.id: item for item in load_items("q1")}
    item = items["c2"] if isinstance(answer, list) else items["c1"]
    with pytest.raises(KitFailure, match="q1.concepts"):
        canonical(item, answer)


def test_an_order_must_use_every_choice_once():
    item = next(i for i in load_items("q5") if i.kind == "order")
    with pytest.raises(KitFailure, match="한 번씩"):
        canonical(item, ["B", "D", "C", "C"])


def test_a_toml_error_names_the_file(tmp_path):
    (tmp_path / "q1").mkdir()
    (tmp_path / "q1" / "answers.toml").write_text("c1 = B\n", encoding="utf-8")
    with pytest.raises(ImplError, match="answers.toml"):
        load_answers(tmp_path, "q1")
    assert load_answers(tmp_path / "nowhere", "q1") == {}  # no file: every item not started


def test_pytest_reports_unanswered_items_as_not_started_pointing_at_answers_toml():
    done, records = run_pytest_records([str(EXERCISES / "q5" / "test_concepts.py"), "--impl", "exercises"])
    assert records and all(r["outcome"] == "not_started" for r in records), done.stdout
    assert all(r["weight"] == 1.5 for r in records)
    assert "exercises/q5/answers.toml" in records[0]["message"]


def test_a_wrong_answer_fails_with_its_explanation_in_pytest(tmp_path):
    (tmp_path / "q5").mkdir()
    (tmp_path / "q5" / "answers.toml").write_text('c1 = ["B", "D", "C", "A"]\nc2 = 2\n', encoding="utf-8")
    _, records = run_pytest_records([str(EXERCISES / "q5" / "test_concepts.py"), "--impl", str(tmp_path)])
    outcomes = {r["nodeid"].split("[")[-1].rstrip("]"): r for r in records}
    assert outcomes["c1"]["outcome"] == "passed"
    assert outcomes["c2"]["outcome"] == "failed" and "해설:" in outcomes["c2"]["summary"]
    assert outcomes["c3"]["outcome"] == "not_started"


def test_the_grader_stages_answers_toml_beside_solution_py(tmp_path):
    submission = tmp_path / "submission"
    (submission / "q5").mkdir(parents=True)
    (submission / "q5" / "solution.py").write_text("X = 1\n", encoding="utf-8")
    (submission / "q5" / "answers.toml").write_text('c3 = "B"\n', encoding="utf-8")
    (submission / "q5" / "notes.txt").write_text("not graded\n", encoding="utf-8")
    staged = tmp_path / "staged"
    stage_submission(submission, [load_question(EXERCISES / "q5")], staged)
    assert sorted(p.name for p in (staged / "q5").iterdir()) == ["answers.toml", "solution.py"]


def test_a_batch_zip_yields_answers_toml_beside_solution_py(tmp_path):
    import zipfile

    from kit.intake import unpack_zip as unpack

    archive = tmp_path / "ann.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("repo/exercises/q5/solution.py", "X = 1\n")
        zf.writestr("repo/exercises/q5/answers.toml", 'c3 = "B"\n')
        zf.writestr("repo/exercises/q5/conftest.py", "raise SystemExit\n")
    out = unpack(archive, tmp_path / "out")
    assert sorted(p.name for p in (out / "q5").iterdir()) == ["answers.toml", "solution.py"]


def test_a_code_mutant_keeps_the_reference_answers_so_it_loses_points_for_its_code_only(tmp_path):
    mutant = next(m for m in discover(["q2"]) if not m.is_answers)
    impl = build_submission(mutant, tmp_path / mutant.key)
    answers = load_answers(impl, "q2")
    for item in load_items("q2"):
        check_answer("q2", item.id, answers)
