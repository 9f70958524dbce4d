"""Concept items (kit/learn/concepts.py): the private key, grading, "not started", wrong answers, staging,
and that a learner's copy holds nothing an answer can be computed from.

Fast: nothing here loads a model; the pytest runs touch only the concept test files.
"""

import hashlib
import itertools
import os
import re
import sys
import tomllib
from pathlib import Path

import pytest

from kit.authoring.mutants import build_submission, discover
from kit.authoring.release import build_bundle
from kit.grading.grader import stage_submission
from kit.impl import ImplError
from kit.learn.checks import KitFailure
from kit.learn.concepts import (
    ANSWERS_FILE,
    CONCEPTS_FILE,
    canonical,
    check_answer,
    key_problems,
    load_answers,
    load_items,
    load_key,
    questions_with_concepts,
)
from kit.paths import EXERCISES, REFERENCE
from kit.questions import load_question
from kit.records import run_pytest_records

QUESTIONS = questions_with_concepts()
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(autouse=True)
def _korean(monkeypatch):
    """These tests name fragments of the kit's Korean messages; the commands they run inherit KIT_LANG."""
    monkeypatch.delenv("KIT_LANG", raising=False)


def test_the_six_lesson_questions_have_concept_items():
    assert QUESTIONS == ["q1", "q2", "q5", "q6", "q7", "q8"]
    for q in QUESTIONS:
        assert 3 <= len(load_items(q)) <= 5
        assert len(load_question(EXERCISES / q).hints["concepts"]) >= 2


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_item_has_a_right_answer_and_an_explanation_in_the_private_key(question):
    assert key_problems(question) == []
    assert set(load_key(question)) == {item.id for item in load_items(question)}


def test_a_key_missing_an_explanation_or_naming_an_unknown_item_is_a_problem(tmp_path):
    (tmp_path / "q7").mkdir()
    (tmp_path / "q7" / ANSWERS_FILE).write_bytes((REFERENCE / "q7" / ANSWERS_FILE).read_bytes())
    assert any("explanations.toml" in p for p in key_problems("q7", tmp_path))
    (tmp_path / "q7" / "explanations.toml").write_text(
        'c1 = "a"\nc2 = "b"\nc3 = "c"\nc4 = "d"\nc9 = "e"\n', encoding="utf-8")
    assert any("c9 is not an item" in p for p in key_problems("q7", tmp_path))


def test_concepts_toml_may_not_hold_a_key_or_an_explanation(tmp_path):
    text = (EXERCISES / "q7" / CONCEPTS_FILE).read_text(encoding="utf-8")
    for extra in ('key = "d802c6943cb6b6c451ad"', 'explanation = "특성 추출은 헤드만"'):
        (tmp_path / "q7").mkdir(exist_ok=True)
        (tmp_path / "q7" / CONCEPTS_FILE).write_text(text.replace('id = "c1"\n', f'id = "c1"\n{extra}\n'),
                                                     encoding="utf-8")
        with pytest.raises(ValueError, match="only choices, choices_en, id, kind, text, text_en"):
            load_items("q7", tmp_path)


@pytest.mark.parametrize("question", QUESTIONS)
def test_reference_passes_and_stub_is_not_started(question):
    reference, stub = load_answers(REFERENCE, question), load_answers(EXERCISES, question)
    for item in load_items(question):
        assert check_answer(question, item.id, reference) is True
        with pytest.raises(NotImplementedError, match=rf"^{question}\.concepts$"):
            check_answer(question, item.id, stub)


def test_without_the_key_only_the_form_is_checked(tmp_path):
    """A learner's copy has no reference/: a valid answer is neither right nor wrong there, a
    malformed or empty one is still reported."""
    wrong = {"c1": ["A", "B", "C", "D"], "c2": ["X", "A"], "c3": "D", "c4": "B"}
    for item in load_items("q7"):
        assert check_answer("q7", item.id, wrong, root=tmp_path / "reference") is False
    with pytest.raises(KitFailure, match="보기에 없습니다"):
        check_answer("q7", "c3", {"c3": "E"}, root=tmp_path / "reference")
    with pytest.raises(NotImplementedError):
        check_answer("q7", "c3", {"c3": ""}, root=tmp_path / "reference")


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_wrong_answer_mutant_fails_an_item_and_shows_the_explanation(tmp_path, monkeypatch, language):
    """In Korean by default; with KIT_LANG=en the item's English text and explanation, and no Korean at all."""
    if language == "en":
        monkeypatch.setenv("KIT_LANG", "en")
    mutants = [m for m in discover(QUESTIONS, answers=True) if m.is_answers]
    assert {m.question for m in mutants} == set(QUESTIONS)
    for mutant in mutants:
        impl = build_submission(mutant, tmp_path / mutant.key)
        answers = load_answers(impl, mutant.question)
        key = load_key(mutant.question)
        failures = []
        for item in load_items(mutant.question):
            try:
                check_answer(mutant.question, item.id, answers)
            except KitFailure as exc:
                failures.append(str(exc))
                if language == "ko":
                    assert f"해설: {key[item.id].explanation[:20]}" in str(exc)
                else:
                    assert f"Explanation: {key[item.id].explanation_en[:20]}" in str(exc)
                    assert item.text_en.strip().splitlines()[0] in str(exc)
                    assert not HANGUL.search(str(exc)), str(exc)
        assert failures, f"{mutant.key} passed every item"


def english_problems(question: str, exercises: Path = EXERCISES, reference: Path = REFERENCE) -> list[str]:
    """What the question's items lack in English: KIT_LANG=en shows text_en, choices_en and the explanation of
    the `[en]` table, and falls back to the Korean where one is missing, so each must be there (the same letters
    in the same order as choices) and hold no Hangul."""
    key = load_key(question, reference)
    problems = []
    for item in load_items(question, exercises):
        where = f"{question}.{item.id}"
        if not item.text_en.strip():
            problems.append(f"{where} has no text_en")
        if list(item.choices_en or {}) != list(item.choices):
            problems.append(f"{where}: choices_en gives {list(item.choices_en or {})}, choices {list(item.choices)}")
        if not key[item.id].explanation_en:
            problems.append(f"{where} has no English explanation (the [en] table of explanations.toml)")
        if any(HANGUL.search(text) for text in (item.text_en, *(item.choices_en or {}).values(),
                                                 key[item.id].explanation_en)):
            problems.append(f"{where} has Korean in its English")
    return problems


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_item_has_its_english_text_choices_and_explanation(question):
    assert english_problems(question) == []


def test_an_item_without_its_english_is_caught(tmp_path):
    """A copy of q7 that lost c1's text_en, c3's choices_en and c2's English explanation, with Korean in c4's."""
    concepts = (EXERCISES / "q7" / CONCEPTS_FILE).read_text(encoding="utf-8")
    concepts = re.sub(r'(id = "c1"\n(?:.*\n)*?)text_en = """\n.*\n"""\n', r"\1", concepts)
    concepts = re.sub(r'(id = "c3"\n(?:.*\n)*?)((?:choices_en\.[A-D] = .*\n)+)', r"\1", concepts)
    concepts = concepts.replace("Why, as the README advises,", "Why, as the README (안내) advises,")
    explanations = (REFERENCE / "q7" / "explanations.toml").read_text(encoding="utf-8")
    korean, english = explanations.split("\n[en]\n")
    english = re.sub(r'\nc2 = """\n(?:.*\n)*?"""\n', "\n", english)
    for folder, name, text in (("exercises", CONCEPTS_FILE, concepts), ("reference", "explanations.toml",
                                                                       f"{korean}\n[en]\n{english}")):
        (tmp_path / folder / "q7").mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "q7" / name).write_text(text, encoding="utf-8")
    (tmp_path / "reference" / "q7" / ANSWERS_FILE).write_bytes((REFERENCE / "q7" / ANSWERS_FILE).read_bytes())
    assert english_problems("q7", tmp_path / "exercises", tmp_path / "reference") == [
        "q7.c1 has no text_en",
        "q7.c2 has no English explanation (the [en] table of explanations.toml)",
        "q7.c3: choices_en gives [], choices ['A', 'B', 'C', 'D']",
        "q7.c4 has Korean in its English",
    ]


def test_right_verdict_wrong_reason_says_so():
    with pytest.raises(KitFailure, match="O/X 판단은 맞지만 이유가 틀렸습니다"):
        check_answer("q2", "c4", {"c4": ["O", "A"]})
    with pytest.raises(KitFailure, match=r"c4: 틀렸습니다"):
        check_answer("q2", "c4", {"c4": ["X", "C"]})


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

    from kit.grading.intake import take

    archive = tmp_path / "ann.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("repo/exercises/q5/solution.py", "X = 1\n")
        zf.writestr("repo/exercises/q5/answers.toml", 'c3 = "B"\n')
        zf.writestr("repo/exercises/q5/conftest.py", "raise SystemExit\n")
    out = take(archive, tmp_path / "out", [load_question(EXERCISES / "q5")]).folder
    assert sorted(p.name for p in (out / "q5").iterdir()) == ["answers.toml", "solution.py"]


def test_a_code_mutant_keeps_the_reference_answers_so_it_loses_points_for_its_code_only(tmp_path):
    mutant = next(m for m in discover(["q2"]) if not m.is_answers)
    impl = build_submission(mutant, tmp_path / mutant.key)
    answers = load_answers(impl, "q2")
    for item in load_items("q2"):
        assert check_answer("q2", item.id, answers) is True


# ---------------------------------------------------------------- the learner's copy gives no answer away

NUMBERS = range(1001)  # the number items ask for whole numbers of this size (80 %, 3 tokens, max_length 48)
HEX = re.compile(rb"[0-9a-fA-F]{12,}")  # a digest, or a prefix of one long enough to mean something
HASHES = ("md5", "sha1", "sha256", "sha512", "blake2b")


def every_answer(item) -> list[str]:
    """Every canonical answer the item can take: what an offline brute force tries (~120 per item)."""
    letters = list(item.choices)
    if item.kind == "number":
        return [format(float(n), "g") for n in NUMBERS]
    if item.kind == "choice":
        return letters
    if item.kind == "ox":
        return [f"{verdict}:{letter}" for verdict in "OX" for letter in letters]
    return [",".join(order) for order in itertools.permutations(letters)]


def fingerprints(item, text: str) -> list[str]:
    """Hex digests of one answer by the usual hashes: salted per item (as the old keys were) and bare."""
    salted = (f"{item.question}.{item.id}:{text}", f"{item.id}:{text}", text)
    return [hashlib.new(name, message.encode()).hexdigest() for message in salted for name in HASHES]


def brute_force(files: list[Path]) -> dict[tuple[str, str], set[str]]:
    """(question, item id) -> the answers whose fingerprint (whole, or a prefix of 12+ hex digits)
    appears anywhere in `files`: what a learner recovers offline from the copy they hold."""
    tokens = {match.group().lower().decode() for path in files for match in HEX.finditer(path.read_bytes())}
    lengths = sorted({len(token) for token in tokens if len(token) <= 128})
    return {(q, item.id): {text for text in every_answer(item)
                           if any(fp[:n] in tokens for fp in fingerprints(item, text) for n in lengths)}
            for q in QUESTIONS for item in load_items(q)}


def old_scheme_concepts(out: Path) -> list[Path]:
    """The concepts.toml files as the replaced scheme shipped them: every item with `key` (and for O/X
    `verdict_key`), a salted sha256 of the right answer, the way `python -m kit.learn.concepts` wrote them."""
    written = []
    for q in QUESTIONS:
        text = (EXERCISES / q / CONCEPTS_FILE).read_text(encoding="utf-8")
        for item_id, key in load_key(q).items():
            digest = hashlib.sha256(f"{q}.{item_id}:{key.answer}".encode()).hexdigest()[:20]
            verdict = hashlib.sha256(f"{q}.{item_id}:{key.answer.split(':')[0]}".encode()).hexdigest()[:20]
            lines = f'key = "{digest}"\n' + (f'verdict_key = "{verdict}"\n' if ":" in key.answer else "")
            text = text.replace(f'id = "{item_id}"\n', f'id = "{item_id}"\n{lines}')
        path = out / q / CONCEPTS_FILE
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The student bundle, as `kit release` writes it."""
    out = tmp_path_factory.mktemp("release") / "bundle"
    build_bundle(out)
    return out


def test_the_brute_force_recovers_every_answer_from_the_old_hashed_keys(tmp_path):
    recovered = brute_force(old_scheme_concepts(tmp_path))
    for q in QUESTIONS:
        for item_id, key in load_key(q).items():
            assert recovered[(q, item_id)] == {key.answer}, (q, item_id)


def test_the_learner_copy_holds_nothing_an_answer_can_be_computed_from(bundle):
    files = [path for path in bundle.rglob("*") if path.is_file()]
    assert not (bundle / "reference").exists() and not (bundle / "tests").exists()
    recovered = brute_force(files)
    assert len(recovered) == sum(len(load_items(q)) for q in QUESTIONS)
    assert {where: found for where, found in recovered.items() if found} == {}
    # Each item there is the question only (load_items refuses anything else) and ships unanswered.
    for q in QUESTIONS:
        assert [item.id for item in load_items(q, bundle / "exercises")] == [item.id for item in load_items(q)]
        for item in load_items(q, bundle / "exercises"):
            with pytest.raises(NotImplementedError):
                check_answer(q, item.id, load_answers(bundle / "exercises", q))
    # The explanations give the answers away: none is anywhere in the bundle's text.
    texts = [path.read_text(encoding="utf-8", errors="ignore") for path in files if path.suffix != ".safetensors"]
    for q in QUESTIONS:
        for item_id, key in load_key(q).items():
            opening = key.explanation.splitlines()[0][:30]
            assert not any(opening in text for text in texts), f"{q}.{item_id}'s explanation is in the bundle"
            english = key.explanation_en.splitlines()[0][:60]  # longer: many open with "The README says"
            assert not any(english in text for text in texts), f"{q}.{item_id}'s English explanation is in the bundle"


def test_in_the_learner_copy_a_valid_answer_is_graded_on_submission(bundle):
    """No key there: an answer of valid form is skipped with the catalogue's note, a malformed one still
    fails, an empty one is still not started; the points stay as they are."""
    answers = bundle / "exercises" / "q5" / ANSWERS_FILE
    original = answers.read_bytes()
    answers.write_text('c1 = ["A", "B", "C", "D"]\nc2 = 2\nc3 = "E"\n', encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    try:
        done, records = run_pytest_records(["exercises/q5/test_concepts.py", "-rs"], python=sys.executable,
                                           cwd=bundle, env=env)
    finally:
        answers.write_bytes(original)
    outcomes = {r["nodeid"].split("[")[-1].rstrip("]"): r for r in records}
    assert [outcomes[i]["outcome"] for i in ("c1", "c2", "c3", "c4")] == ["skipped", "skipped", "failed",
                                                                       "not_started"], done.stdout
    assert "q5.concepts c1" in outcomes["c1"]["message"] and "q5.concepts c1" in done.stdout
    assert all(r["weight"] == 1.5 for r in records)
    assert "해설:" not in done.stdout
    assert tomllib.loads(original.decode())["c1"] == []
