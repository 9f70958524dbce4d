"""The message catalogue: Korean by default, English with KIT_LANG=en, and every test's fragment translated."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Collection

import pytest
import torch

from kit.learn.checks import KitFailure, check_close, check_equal, check_shape, fail, t
from kit.messages import CATALOGUE, entry_of, msg
from kit.paths import EXERCISES, HIDDEN_TESTS, ROOT

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Where each check takes its message (`what`, or fail's message) when passed by position.
MESSAGE_AT = {"fail": 1, "check_type": 3, "check_shape": 2, "check_dtype": 3, "check_equal": 3,
              "check_tensor_equal": 3, "check_close": None}


def failure_text(run) -> str:
    with pytest.raises(KitFailure) as caught:
        run()
    return str(caught.value)


FAILING = [
    lambda: check_shape([1.0, 2.0], "q6.cls_embedding", batch=3, hidden=8),
    lambda: check_equal(2, 3, "q9.NSMCDataset", "has length"),
    lambda: check_close(torch.ones(2), torch.zeros(2), "q6.mean_pooling", atol=1e-6, rtol=0),
    lambda: fail("q3.decode", t("returned {text!r}, which still contains {special}", text="[CLS] 영화",
                                special="[CLS]")),
]


@pytest.mark.parametrize("run", FAILING)
def test_a_failing_check_speaks_korean_by_default(run, monkeypatch):
    monkeypatch.delenv("KIT_LANG", raising=False)
    text = failure_text(run)
    assert HANGUL.search(text), text
    assert text.split(":")[0] in {"q6.cls_embedding", "q9.NSMCDataset", "q6.mean_pooling", "q3.decode"}


@pytest.mark.parametrize("run", FAILING)
def test_kit_lang_en_gives_english(run, monkeypatch):
    monkeypatch.setenv("KIT_LANG", "en")
    text = failure_text(run)
    assert not HANGUL.search(text.replace("영화", "")), text


def test_identifiers_and_values_stay_as_they_are(monkeypatch):
    monkeypatch.delenv("KIT_LANG", raising=False)
    text = failure_text(FAILING[0])
    assert "q6.cls_embedding" in text and "list" in text and "Tensor" in text
    monkeypatch.setenv("KIT_LANG", "en")
    assert failure_text(FAILING[0]) == "q6.cls_embedding returned a list; expected a Tensor"


def test_kit_messages_have_both_languages_with_the_same_fields():
    for key, entry in CATALOGUE.items():
        if " " not in key and "." in key:  # the kit's own ids give both languages; a fragment is its own English
            assert set(entry) == {"ko", "en"}, key
        # Korean may leave out a field English needs (a plural "s"), never add one.
        assert fields(entry["ko"]) <= fields(entry.get("en", key)), key


def test_every_message_fragment_a_test_uses_has_its_korean():
    files = sorted(EXERCISES.glob("q*/test_*.py")) + sorted(HIDDEN_TESTS.glob("q*/test_*.py"))
    assert files
    missing = []
    for path in files:
        for key in fragments(path):
            entry = entry_of(key)
            if "ko" not in entry or not fields(entry["ko"]) <= fields(key):
                missing.append(f"{path.relative_to(ROOT)}: {key!r}")
    assert not missing, "no Korean (or other fields) in the catalogue for:\n" + "\n".join(missing)


def test_every_t_call_fills_every_field_of_its_message():
    files = sorted(EXERCISES.glob("q*/test_*.py")) + sorted(HIDDEN_TESTS.glob("q*/test_*.py"))
    unfilled = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                given = {k.arg for k in node.keywords}
                if None not in given and not fields(node.args[0].value) <= given:
                    unfilled.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.args[0].value!r}")
    assert not unfilled, "\n".join(unfilled)


def test_a_missing_key_still_shows_the_message():
    assert msg("no such fragment {n}", n=3) == "no such fragment 3"


# Korean in kit/ that is data, not a message (the module, and the names it is assigned to): input the
# kit accepts or feeds to learner code, the same in every language.
KOREAN_DATA = {
    "kit/learn/concepts.py": {"VERDICTS"},  # O/X verdicts a learner may write as 참/거짓
    "kit/learn/strategies.py": {"COMMON_SYLLABLES", "OTHER_WORD"},  # generated review-like text
    "kit/learn/lesson_run.py": {"PRODUCT_REVIEWS"},  # reviews `kit run q10` rates with the learner's pipeline
    "kit/text.py": {"PARTICLES"},  # the particles a Korean message picks between, after a value
}


def test_no_module_but_the_catalogue_holds_korean_text():
    found = []
    for path in sorted((ROOT / "kit").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative == "kit/messages.py":
            continue
        source = path.read_text(encoding="utf-8")
        data = KOREAN_DATA.get(relative, set())
        assert data <= assigned_names(source), f"{relative}: KOREAN_DATA names {data - assigned_names(source)}"
        found += [f"{relative}:{line}: {text!r}" for line, text in korean_literals(source, data)]
    assert not found, "Korean text outside the catalogue; move it into kit/messages.py:\n" + "\n".join(found)


def test_the_korean_text_check_finds_a_hard_coded_message():
    source = ('def f(n):\n    """docstrings may be Korean: 설명."""\n    print(f"{n}개 리뷰")\n'
              '    raise ValueError("틀렸습니다")\nDATA = ["영화"]\nOK = "plain English"\n')
    assert [line for line, _ in korean_literals(source)] == [3, 4, 5]
    assert [line for line, _ in korean_literals(source, {"DATA"})] == [3, 4]


def test_kit_run_concept_and_upload_messages_follow_kit_lang(monkeypatch, tmp_path):
    from kit.grading.intake import take
    from kit.learn.concepts import canonical, load_items
    from kit.learn.lesson_run import target_lines
    from kit.questions import all_questions

    runs = {"full": {"history": {"eval_acc": [0.8]}}, "frozen": {"history": {"eval_acc": [0.5]}}}
    item = next(i for i in load_items("q1") if i.kind == "choice")
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "solution.py").write_text("def f(:\n", encoding="utf-8")

    def texts() -> list[str]:
        choice = take(tmp_path, tmp_path.with_name(tmp_path.name + "-taken"), all_questions()[:1])
        return [*target_lines(runs, 0.7)[0], failure_text(lambda: canonical(item, 3)), *choice.lines.values(),
                *choice.refused]

    monkeypatch.setenv("KIT_LANG", "en")
    english = texts()
    assert not any(HANGUL.search(text) for text in english), english
    assert english[1].startswith("  missed  frozen encoder") and "not in the expected form" in english[3], english
    monkeypatch.delenv("KIT_LANG")
    assert all(HANGUL.search(text) for text in texts())


def korean_literals(source: str, data: Collection[str] = ()) -> list[tuple[int, str]]:
    """(line, text) of each string literal with Hangul, leaving out docstrings and the values assigned to `data`."""
    tree = ast.parse(source)
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(target, ast.Name) and target.id in data for target in targets):
                skip.update(id(part) for part in ast.walk(node.value))
    return sorted((node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                  and HANGUL.search(node.value))


def assigned_names(source: str) -> set[str]:
    """The names a module assigns to at any level."""
    return {target.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Assign | ast.AnnAssign)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)}


def fragments(path) -> list[str]:
    """The message keys a test file passes: `what` / fail's message constants and every t("...")."""
    keys = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id == "t" and node.args and isinstance(node.args[0], ast.Constant):
            keys.append(node.args[0].value)
        elif node.func.id in MESSAGE_AT:
            at = MESSAGE_AT[node.func.id]
            args = [k.value for k in node.keywords if k.arg == "what"]
            args += node.args[at:at + 1] if at is not None else []
            keys += [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return keys


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
