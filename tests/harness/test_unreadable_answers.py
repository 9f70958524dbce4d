"""An answers.toml the TOML parser cannot read (issue "Isolated grading, part 2", part 5): whatever it
raises (a RecursionError for 31,000 nested brackets, a decode error, anything) is reported as a bad
answers file for that question, with the message a malformed file gets, and the read is bounded.

A case in tests/hostile/ is appended to solution.py and cannot write answers.toml, so the attack
is graded here: the concept tests alone (fast), then `kit grade`'s whole pipeline once.
"""

import shutil
import tomllib

import pytest

from kit.grading import grader
from kit.impl import ImplError
from kit.learn.concepts import ANSWERS_FILE, load_answers
from kit.paths import EXERCISES, REFERENCE, SOLUTION_FILE
from kit.records import run_pytest_records

DEEP = "c1 = " + "[" * 31000 + "]" * 31000 + "\n"
# the existing message for a malformed answers file (kit.learn.concepts.load_answers)
BAD_FILE = "TOML로 읽을 수 없습니다"


@pytest.fixture(autouse=True)
def _korean(monkeypatch):
    """These tests name fragments of the kit's Korean messages; the commands they run inherit KIT_LANG."""
    monkeypatch.delenv("KIT_LANG", raising=False)


def answers_file(tmp_path, text: str, question: str = "q1"):
    (tmp_path / question).mkdir(parents=True, exist_ok=True)
    (tmp_path / question / ANSWERS_FILE).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_parser_itself_raises_what_a_decode_error_handler_misses():
    """The defence switched off: the old handler caught TOMLDecodeError and UnicodeDecodeError only."""
    with pytest.raises(RecursionError) as raised:
        tomllib.loads(DEEP)
    assert not isinstance(raised.value, tomllib.TOMLDecodeError | UnicodeDecodeError)


@pytest.mark.parametrize("text", [DEEP, "c1 = B\n", "c1 = \"B\"\n# " + "x" * 70_000 + "\n"],
                         ids=["deep", "malformed", "too large"])
def test_an_unreadable_answers_file_is_a_bad_answers_file(tmp_path, text):
    with pytest.raises(ImplError, match=BAD_FILE) as raised:
        load_answers(answers_file(tmp_path, text), "q1")
    assert "q1" in str(raised.value) and ANSWERS_FILE in str(raised.value)
    assert raised.value.__cause__ is None  # no 1,000-frame parser traceback rides along


def test_bytes_that_are_not_utf8_are_a_bad_answers_file(tmp_path):
    (tmp_path / "q1").mkdir()
    (tmp_path / "q1" / ANSWERS_FILE).write_bytes(b'c1 = "\xff"\n')
    with pytest.raises(ImplError, match=BAD_FILE):
        load_answers(tmp_path, "q1")


def test_the_concept_tests_report_a_deep_file_as_a_bad_answers_file(tmp_path):
    impl = answers_file(tmp_path, DEEP)
    done, records = run_pytest_records([str(EXERCISES / "q1" / "test_concepts.py"), "--impl", str(impl)])
    assert records, done.stdout[-2000:]
    for record in records:
        assert record["outcome"] == "error" and record["kind"] == "import", record
        assert BAD_FILE in record["summary"] and "RecursionError" not in record["message"], record


def test_kit_grade_reports_a_deep_answers_file_for_its_question_only(tmp_path):
    impl = answers_file(tmp_path, DEEP)
    shutil.copyfile(REFERENCE / "q1" / SOLUTION_FILE, impl / "q1" / SOLUTION_FILE)
    report = grader.grade(impl, ["q1"], grader.Limits(question_s=120.0, test_s=30.0))
    result = report.results[0]
    concept = [r for r in result.records if "test_concept" in r["nodeid"]]
    assert concept and all(r["outcome"] == "error" and BAD_FILE in r["summary"] for r in concept), concept
    assert all(r["outcome"] == "passed" for r in result.records if r not in concept)  # the code keeps its points
    assert result.status == grader.FAILED and BAD_FILE in result.message, result.message
    assert 0 < result.score < result.max_score
