"""Hidden tests for question 3: exact agreement with the reference and properties on generated text."""

import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st

from kit.learn.checks import check_equal, check_shape, check_tensor_equal, fail, t
from kit.learn.strategies import review_text

FIXED_TEXTS = [
    "Hugging Face 라이브러리는 정말 편리합니다!",
    "Natural Language Processing",
    "자연어 처리",
    "이 영화 진짜 재밌어요 ㅋㅋㅋ 👍👍",
    "",
    "최악... 돈 아깝다 ㅠㅠ 2점도 아깝다",
    "연기, 연출, 음악 모두 완벽했던 영화입니다. " * 6,
]


def check_sep_kept(got, want, tokenizer, text) -> None:
    """Name a missing closing [SEP] (cut off by truncating after the special tokens) before comparing ids."""
    sep = tokenizer.sep_token_id
    ids = got[0].tolist() if hasattr(got, "tolist") and getattr(got, "ndim", 0) == 2 else None
    if ids is not None and sep in want[0].tolist() and sep not in ids:
        fail("q3.encode", t("returned {ids} for {text!r}, without [SEP]: the closing [SEP] was cut off with the end "
                            "of the text. Cut the tokens before the special tokens are added (truncation=True), so "
                            "[SEP] stays last", ids=ids, text=text[:30]))


@pytest.mark.parametrize("max_length", [8, 20, 64])
@pytest.mark.parametrize("text", FIXED_TEXTS)
def test_encode_matches_reference(solution, reference_solution, tokenizer, text, max_length):
    got = solution.encode(text, tokenizer, max_length=max_length)
    want = reference_solution.encode(text, tokenizer, max_length=max_length)
    check_equal(got["tokens"], want["tokens"], "q3.encode", 'returned "tokens"')
    check_equal(list(got["token_ids"]), want["token_ids"], "q3.encode", 'returned "token_ids"')
    check_sep_kept(got["input_ids"], want["input_ids"], tokenizer, text)
    for key in ("input_ids", "attention_mask"):
        check_tensor_equal(got[key], want[key], "q3.encode", t('returned "{key}"', key=key))


@pytest.mark.parametrize("text", FIXED_TEXTS)
def test_decode_matches_reference(solution, reference_solution, tokenizer, text):
    input_ids = reference_solution.encode(text, tokenizer, max_length=32)["input_ids"]
    check_equal(solution.decode(input_ids, tokenizer), reference_solution.decode(input_ids, tokenizer),
                "q3.decode", t("returned, for {text!r},", text=text[:30]))


@given(text=review_text(), max_length=st.integers(min_value=6, max_value=40))
def test_encode_layout_holds_for_any_review(solution, tokenizer, text, max_length):
    out = solution.encode(text, tokenizer, max_length=max_length)
    check_shape(out["input_ids"], "q3.encode", 'returned "input_ids" with', batch=1, max_length=max_length)
    ids, mask = out["input_ids"][0].tolist(), out["attention_mask"][0].tolist()
    real = sum(mask)
    if mask != [1] * real + [0] * (max_length - real):
        fail("q3.encode", t("returned attention_mask {mask} for {text!r}; expected ones then zeros",
                            mask=mask, text=text))
    expected_real = min(len(out["tokens"]) + 2, max_length)
    if real != expected_real:
        fail("q3.encode", t("marks {real} real positions for {text!r}; expected {expected_real}",
                            real=real, text=text, expected_real=expected_real))
    check_sep_kept(out["input_ids"], torch.tensor([[tokenizer.sep_token_id]]), tokenizer, text)
    if ids[0] != tokenizer.cls_token_id or ids[real - 1] != tokenizer.sep_token_id:
        fail("q3.encode", t("returned {ids} for {text!r}; expected [CLS] first and [SEP] last of the real tokens",
                            ids=ids, text=text))
    if any(i != tokenizer.pad_token_id for i in ids[real:]):
        fail("q3.encode", t("returned {ids} for {text!r}; expected [PAD] after [SEP]", ids=ids, text=text))


@given(text=review_text(max_words=8))
def test_decode_round_trips_any_review(solution, tokenizer, text):
    tokens = tokenizer.tokenize(text)
    assume(tokenizer.unk_token not in tokens)  # [UNK] is a special token: decode drops it
    input_ids = tokenizer(text, padding="max_length", max_length=len(tokens) + 6, return_tensors="pt")["input_ids"]
    decoded = solution.decode(input_ids, tokenizer)
    check_equal(tokenizer.tokenize(decoded), tokens, "q3.decode",
                t("returned {decoded!r} for {text!r}, which tokenizes to", decoded=decoded, text=text))


def test_decode_drops_unk_and_mask_too(solution, tokenizer):
    """The docstring: every special token goes, [UNK] and [MASK] included (skip_special_tokens does that)."""
    text = f"영화 😀 최고 {tokenizer.mask_token} 影"
    assert tokenizer.unk_token in tokenizer.tokenize(text)  # the kit's vocabulary has no emoji or this hanja
    input_ids = tokenizer(text, padding="max_length", max_length=16, return_tensors="pt")["input_ids"]
    decoded = solution.decode(input_ids, tokenizer)
    for special in (tokenizer.unk_token, tokenizer.mask_token):
        if special in decoded:
            fail("q3.decode", f"returned {decoded!r}, which still contains {special}; the docstring drops every "
                 "special token (tokenizer.all_special_ids)")


@given(tokens=st.lists(st.sampled_from(["영화", "##는", "#", "재미", "##있", "##다", "!", "Hug", "##ging", "##"])))
def test_subword_pieces_matches_reference(solution, reference_solution, tokens):
    check_equal(solution.subword_pieces(tokens), reference_solution.subword_pieces(tokens), "q3.subword_pieces",
                t("returned, for {tokens},", tokens=tokens))
