"""The message catalogue: Korean by default, English with KIT_LANG=en, and every test's fragment translated."""

from __future__ import annotations

import ast
import re
import string

import pytest
import torch

from kit.checks import KitFailure, check_close, check_equal, check_shape, fail, t
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
