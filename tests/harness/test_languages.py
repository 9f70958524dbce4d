"""Both languages end to end: with KIT_LANG=en the learner commands print no Korean but the learner's data
(reviews, tokens, quoted values); without it they speak Korean, with each particle fitting the word before it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from kit.assets import load_nsmc
from kit.learn import hints, lesson_run
from kit.learn.concepts import load_items, load_key
from kit.messages import CATALOGUE, _hidden, msg
from kit.paths import HIDDEN_TESTS, REFERENCE, ROOT
from kit.questions import all_questions
from kit.text import PARTICLES, final_sound, particle

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# A quoted value in a message (repr of a string, a list of tokens): the learner's data, in any language.
QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
# A code span in a hint: its Korean is the example input the hint calls a function with.
CODE = re.compile(r"`[^`]*`")
# What `kit run q10` shows of the learner's data: the reviews it rates and the sentiments the pipeline returns.
SENTIMENTS = ("긍정", "부정", "중립")


def run(*command: str, lang: str | None, impl: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "KIT_LANG"} | {"HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    if lang:
        env["KIT_LANG"] = lang
    done = subprocess.run([sys.executable, "-m", *command, *(["--impl", impl] if impl else [])], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    return done.stdout + done.stderr


def korean_lines(output: str, data: tuple[str, ...] = ()) -> list[str]:
    """The lines of `output` with Korean once quoted values and the known `data` strings are taken out."""
    found = []
    for line in output.splitlines():
        rest = QUOTED.sub("", line)
        for text in data:
            rest = rest.replace(text, "")
        if HANGUL.search(rest):
            found.append(line)
    return found


@pytest.fixture(scope="module")
def wrong_q3(tmp_path_factory):
    """A q3 submission with two known mistakes: decode keeps the special tokens, encode pads to the longest."""
    folder = tmp_path_factory.mktemp("wrong") / "q3"
    folder.mkdir()
    parts = [REFERENCE / "q3" / "solution.py", HIDDEN_TESTS / "mutants" / "q3" / "decode_keeps_specials.py",
             HIDDEN_TESTS / "mutants" / "q3" / "encode_pads_to_longest.py"]
    (folder / "solution.py").write_text("\n".join(p.read_text(encoding="utf-8") for p in parts), encoding="utf-8")
    return folder.parent


@pytest.mark.parametrize("impl", ["stubs", "wrong"])
def test_pytest_on_a_question_speaks_the_chosen_language(impl, wrong_q3):
    where = None if impl == "stubs" else str(wrong_q3)
    english = run("pytest", "exercises/q3", "-q", "-p", "no:randomly", lang="en", impl=where)
    assert ("not started" if impl == "stubs" else "failed") in english, english
    assert not korean_lines(english), "Korean under KIT_LANG=en:\n" + "\n".join(korean_lines(english))
    korean = run("pytest", "exercises/q3", "-q", "-p", "no:randomly", lang=None, impl=where)
    assert ("아직 시작하지 않은 함수" if impl == "stubs" else "힌트를 볼 수 있습니다") in korean, korean


@pytest.fixture(scope="module")
def wrong_q7(tmp_path_factory):
    """A q7 submission with the reference code and four concept answers that fail: c1 wrong, c2 the right verdict
    with a wrong reason, c3 wrong, c4 not a choice."""
    folder = tmp_path_factory.mktemp("wrong") / "q7"
    folder.mkdir()
    shutil.copy(REFERENCE / "q7" / "solution.py", folder / "solution.py")
    (folder / "answers.toml").write_text('c1 = ["A", "B", "C", "D"]\nc2 = ["O", "B"]\nc3 = "A"\nc4 = "E"\n',
                                         encoding="utf-8")
    return folder.parent


def test_pytest_on_concept_items_speaks_the_chosen_language(wrong_q7):
    """The items' text and the explanations of the wrong answers come in English with KIT_LANG=en."""
    items, key = {item.id: item for item in load_items("q7")}, load_key("q7")
    english = run("pytest", "exercises/q7", "-q", "-p", "no:randomly", lang="en", impl=str(wrong_q7))
    assert "4 failed" in english, english
    assert not korean_lines(english), "Korean under KIT_LANG=en:\n" + "\n".join(korean_lines(english))
    for item_id in ("c1", "c2", "c3"):
        assert items[item_id].text_en.strip().splitlines()[0] in english, english
        assert "Explanation: " + key[item_id].explanation_en.splitlines()[0] in english, english
    assert "c2: the O/X verdict is right but the reason is wrong" in english and "'E' is not a choice" in english
    korean = run("pytest", "exercises/q7/test_concepts.py", "-q", "-p", "no:randomly", lang=None, impl=str(wrong_q7))
    for item_id in ("c1", "c2", "c3"):
        assert "해설: " + key[item_id].explanation.splitlines()[0] in korean, korean
    assert "c2: O/X 판단은 맞지만 이유가 틀렸습니다" in korean and "보기에 없습니다" in korean


def test_kit_status_titles_and_states_follow_kit_lang():
    english = run("kit.cli", "status", lang="en")
    assert not korean_lines(english), english
    for q in all_questions():
        assert re.search(rf"^{q.key}\s+{re.escape(q.title_en)}\s+\S", english, re.M), english


def test_kit_status_in_korean(monkeypatch, capsys):
    from kit import cli

    monkeypatch.delenv("KIT_LANG", raising=False)
    records = [{"question": "q3", "outcome": "not_started"}]
    monkeypatch.setattr(cli, "run_public_tests", lambda impl, questions: records)
    cli.main(["status"])
    shown = capsys.readouterr().out
    assert re.search(rf"^q3\s+{re.escape(all_questions()[2].title_ko)}\s+시작 전$", shown, re.M), shown


@pytest.mark.parametrize("lang", ["en", None])
def test_kit_hint_gives_every_tier_in_the_chosen_language(lang, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(hints, "HINT_STATE", tmp_path / "hints.json")
    if lang:
        monkeypatch.setenv("KIT_LANG", lang)
    else:
        monkeypatch.delenv("KIT_LANG", raising=False)
    for q in all_questions():
        for function, tiers in q.hints.items():
            for level in range(1, len(tiers) + 1):
                assert hints.show_hint(q.key, function, level) == 0
                shown = capsys.readouterr().out
                if lang:
                    assert q.hints_en[function][level - 1] in shown
                    assert not HANGUL.search(CODE.sub("", shown)), shown
                else:
                    assert tiers[level - 1] in shown and "힌트" in shown


def test_every_hint_and_title_has_its_english():
    for q in all_questions():
        assert q.title_en and not HANGUL.search(q.title_en), q.key
        assert set(q.hints_en) == set(q.hints), q.key
        for function, tiers in q.hints_en.items():
            assert len(tiers) == len(q.hints[function]), f"{q.key}.{function}"
            korean = [tier for tier in tiers if HANGUL.search(CODE.sub("", tier))]
            assert not korean, f"{q.key}.{function}: {korean}"


def test_an_english_hint_list_of_another_length_is_refused(tmp_path):
    from kit.questions import load_question

    (tmp_path / "q1").mkdir()
    (tmp_path / "q1" / "question.toml").write_text(
        'title_ko = "가"\ntitle_en = "a"\n[functions.f]\nhints = ["하나", "둘"]\nhints_en = ["one"]\n',
        encoding="utf-8")
    with pytest.raises(ValueError, match="hints_en"):
        load_question(tmp_path / "q1")


def test_kit_run_q10_speaks_the_chosen_language():
    data = (*lesson_run.PRODUCT_REVIEWS, *load_nsmc("test")["document"].iloc[:lesson_run.NSMC_REVIEWS], *SENTIMENTS)
    shown = tuple(review[:23] for review in data)  # kit run cuts a long review at 23 characters
    english = run("kit.cli", "run", "q10", lang="en", impl="reference")
    assert "the first 3 are examples" in english, english
    assert not korean_lines(english, shown), "\n".join(korean_lines(english, shown))
    korean = run("kit.cli", "run", "q10", lang=None, impl="reference")
    assert korean_lines(korean, shown), korean


def test_concept_items_may_carry_their_english(monkeypatch, tmp_path):
    from kit.learn import concepts

    (tmp_path / "q1").mkdir()
    (tmp_path / "q1" / "concepts.toml").write_text(
        '[[items]]\nid = "c1"\nkind = "choice"\ntext = "무엇?"\ntext_en = "What?"\n'
        'choices = {A = "가", B = "나"}\nchoices_en = {A = "a", B = "b"}\n', encoding="utf-8")
    monkeypatch.setenv("KIT_LANG", "en")
    item = concepts.load_items("q1", tmp_path)[0]
    assert (item.shown_text, item.shown_choices) == ("What?", {"A": "a", "B": "b"})
    monkeypatch.delenv("KIT_LANG")
    assert (item.shown_text, item.shown_choices) == ("무엇?", {"A": "가", "B": "나"})
    (tmp_path / "q1" / "concepts.toml").write_text(
        '[[items]]\nid = "c1"\nkind = "choice"\ntext = "무엇?"\nchoices = {A = "가"}\nchoices_en = {B = "b"}\n',
        encoding="utf-8")
    with pytest.raises(ValueError, match="choices_en"):
        concepts.load_items("q1", tmp_path)


# ---------------------------------------------------------------- Korean particles


@pytest.mark.parametrize(("word", "paired", "expected"), [
    ("10", "을(를)", "을"), ("2", "을(를)", "를"), ("3", "(으)로", "으로"), ("1", "(으)로", "로"),
    ("7", "이(가)", "이"), ("9", "이(가)", "가"), ("100", "은(는)", "은"), ("0", "이(가)", "이"),
    ("0.5", "을(를)", "를"), ("1.0", "이(가)", "이"), ("q10", "을(를)", "을"), ("q3", "(으)로", "으로"),
    ("50%", "을(를)", "를"), ("모델", "(으)로", "로"), ("모델", "을(를)", "을"), ("영화", "은(는)", "는"),
    ("'영화'", "이(가)", "가"), ("리뷰", "과(와)", "와"), ("토큰", "와(과)", "과"),
    ("solution.py", "이(가)", "가"), ("answers.toml", "(으)로", "로"), ("SIGKILL", "(으)로", "로"),
    ("SIGTERM", "(으)로", "으로"), ("[CLS]", "이(가)", "가"), ("B", "을(를)", "를"), ("M", "이(가)", "이"),
    ("q3.encode", "이(가)", "가"), ("labels", "이(가)", "가"),
    ("q9.NSMCDataset", "이(가)", "이(가)"), ("input", "을(를)", "을(를)"), ("…", "이(가)", "이(가)"),
])
def test_a_particle_fits_the_sound_before_it(word, paired, expected):
    assert particle(word, paired) == expected


def test_every_hangul_syllable_ending_is_read():
    assert [final_sound(w) for w in ("가", "각", "갈", "")] == ["vowel", "coda", "rieul", None]


def test_a_message_picks_its_particles_after_the_values(monkeypatch):
    monkeypatch.delenv("KIT_LANG", raising=False)
    assert msg("intake.no_such_file", path="solution.py") == "solution.py가 없습니다"
    assert msg("intake.no_such_file", path="answers.toml") == "answers.toml이 없습니다"
    assert msg("worker.exited", code=10) == "exit code 10으로 끝났습니다"
    assert msg("worker.exited", code=2) == "exit code 2로 끝났습니다"
    assert msg("accepted n={n} for a {layers}-layer model", n=10, layers=4) == "4층 모델에 n=10을 받아들였습니다"
    monkeypatch.setenv("KIT_LANG", "en")
    assert msg("worker.exited", code=10) == "it exited with code 10"


SINGLE = re.compile(r"\}[`'\"]*(이|가|을|를|은|는|과|와|으로|로)(?![\uac00-\ud7a3(])")


def test_a_value_before_a_particle_is_followed_by_the_paired_form():
    fixed = [f"{key!r}: {entry['ko']!r}" for table in (CATALOGUE, _hidden()) for key, entry in table.items()
             if "ko" in entry and SINGLE.search(entry["ko"])]
    assert not fixed, "after a field write the paired form (이(가), 을(를), (으)로...):\n" + "\n".join(fixed)
    assert set(PARTICLES) >= {"이(가)", "을(를)", "은(는)", "과(와)", "(으)로"}

