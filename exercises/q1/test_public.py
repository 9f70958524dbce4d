"""Public tests for question 1 (why BERT is bidirectional). Run: pytest exercises/q1"""

import pytest
import torch
from transformers import pipeline

from kit.learn.checks import check_close, check_dtype, check_equal, check_shape, check_tensor_equal, check_type, fail, t

LESSON_PAIRS = [
    # The lesson's sentence with the verb on the right changed; the punctuation pair is the
    # fallback for a tokenizer that splits the verbs differently (both texts must have equal length).
    ("나는 은행에 가서 돈을 찾았다.", "나는 은행에 가서 돈을 넣었다."),
    ("나는 은행에 가서 돈을 찾았다 !", "나는 은행에 가서 돈을 찾았다 ?"),
]
LESSON_MASKED = "나는 [MASK]에 가서 돈을 찾았다."


def same_length_pair(tokenizer) -> tuple[str, str, int]:
    """(text_a, text_b, first token position where they differ) for the first pair of equal length."""
    for text_a, text_b in LESSON_PAIRS:
        ids_a, ids_b = tokenizer(text_a)["input_ids"], tokenizer(text_b)["input_ids"]
        if len(ids_a) == len(ids_b):
            return text_a, text_b, next(i for i, (a, b) in enumerate(zip(ids_a, ids_b, strict=True)) if a != b)
    raise RuntimeError("no lesson pair tokenizes to equal lengths with this tokenizer")


def test_attention_pattern_bidirectional_is_all_true(solution):
    pattern = solution.attention_pattern(5)
    check_shape(pattern, "q1.attention_pattern", "returned", query=5, key=5)
    check_dtype(pattern, torch.bool, "q1.attention_pattern")
    check_tensor_equal(pattern, torch.ones(5, 5, dtype=torch.bool), "q1.attention_pattern",
                       "returned, for causal=False,")


def test_attention_pattern_causal_sees_itself_and_the_left(solution):
    pattern = solution.attention_pattern(4, causal=True)
    check_shape(pattern, "q1.attention_pattern", "returned", query=4, key=4)
    check_dtype(pattern, torch.bool, "q1.attention_pattern")
    expected = torch.tensor([
        [True, False, False, False],
        [True, True, False, False],
        [True, True, True, False],
        [True, True, True, True],
    ])
    check_tensor_equal(pattern, expected, "q1.attention_pattern", "returned, for causal=True,")
    check_tensor_equal(solution.attention_pattern(1, causal=True), torch.ones(1, 1, dtype=torch.bool),
                       "q1.attention_pattern", "returned, for seq_len=1,")


@pytest.mark.parametrize("seq_len", [0, -3])
def test_attention_pattern_rejects_empty_lengths(solution, seq_len):
    try:
        solution.attention_pattern(seq_len)
    except ValueError:
        return
    fail("q1.attention_pattern", t("accepted seq_len={seq_len}; raise ValueError when seq_len < 1", seq_len=seq_len))


def test_hidden_state_shift_is_a_float_and_zero_for_the_same_text(solution, encoder, tokenizer):
    text = LESSON_PAIRS[0][0]
    shift = solution.hidden_state_shift(encoder, tokenizer, text, text, 1)
    check_type(shift, float, "q1.hidden_state_shift")
    if not abs(shift) <= 1e-6:  # NaN fails too
        fail("q1.hidden_state_shift", t("returned {shift:.3g} for two identical texts; expected 0.0", shift=shift))


def test_hidden_state_shift_bert_sees_the_right_context(solution, encoder, tokenizer):
    text_a, text_b, changed = same_length_pair(tokenizer)
    for position in sorted({1, changed - 1}):
        shift = solution.hidden_state_shift(encoder, tokenizer, text_a, text_b, position)
        check_type(shift, float, "q1.hidden_state_shift")
        # The change is to the right of `position`; a bidirectional encoder still moves by ~0.1.
        if not shift > 1e-4:
            fail("q1.hidden_state_shift",
                 t("returned {shift:.3g} at position {position} for {text_a!r} -> {text_b!r}; BERT attends to the "
                   "right, so the state there must move",
                   shift=shift, position=position, text_a=text_a, text_b=text_b))


def test_hidden_state_shift_matches_the_norm_of_the_difference(solution, encoder, tokenizer):
    text_a, text_b, changed = same_length_pair(tokenizer)
    with torch.no_grad():
        state_a = encoder(**tokenizer(text_a, return_tensors="pt").to(encoder.device)).last_hidden_state[0]
        state_b = encoder(**tokenizer(text_b, return_tensors="pt").to(encoder.device)).last_hidden_state[0]
    positions = [0, 1, changed, len(state_a) - 1]
    expected = torch.linalg.vector_norm(state_a - state_b, dim=-1)[positions]
    got = torch.tensor([solution.hidden_state_shift(encoder, tokenizer, text_a, text_b, p)
                        for p in positions])
    # float32 rounding of the same forward pass: ~1e-7 relative.
    check_close(got, expected, "q1.hidden_state_shift", atol=1e-6, rtol=1e-5,
                what=t("returned, at positions {positions} ([CLS] is position 0),", positions=positions))


def test_hidden_state_shift_rejects_texts_of_different_lengths(solution, encoder, tokenizer):
    text_a, text_b = "영화 최고", "이 영화는 정말 재미있고 배우들의 연기도 훌륭했다"
    len_a, len_b = len(tokenizer(text_a)["input_ids"]), len(tokenizer(text_b)["input_ids"])
    try:
        solution.hidden_state_shift(encoder, tokenizer, text_a, text_b, 1)
    except ValueError as exc:
        if str(len_a) not in str(exc) or str(len_b) not in str(exc):
            fail("q1.hidden_state_shift",
                 t("raised ValueError({error!r}); the message should name both lengths, {len_a} and {len_b}",
                   error=str(exc), len_a=len_a, len_b=len_b))
        return
    fail("q1.hidden_state_shift", t("accepted texts of {len_a} and {len_b} tokens; raise ValueError",
                                    len_a=len_a, len_b=len_b))


def test_fill_mask_returns_top_k_tokens_with_probabilities(solution, mlm_model, tokenizer):
    result = solution.fill_mask(mlm_model, tokenizer, LESSON_MASKED, top_k=3)
    check_type(result, list, "q1.fill_mask")
    check_equal(len(result), 3, "q1.fill_mask", "returned, for top_k=3, a list of length")
    for entry in result:
        check_type(entry, tuple, "q1.fill_mask", "returned an entry as")
        check_equal(len(entry), 2, "q1.fill_mask", "returned an entry of length")
        check_type(entry[0], str, "q1.fill_mask", "returned a token as")
        check_type(entry[1], float, "q1.fill_mask", "returned a score as")
    scores = [score for _, score in result]
    if not all(0.0 < s <= 1.0 for s in scores) or sum(scores) > 1.0 + 1e-5:
        fail("q1.fill_mask", t("returned scores {scores}; softmax probabilities lie in (0, 1] and sum to <= 1",
                               scores=scores))
    if scores != sorted(scores, reverse=True):
        fail("q1.fill_mask", t("returned scores {scores}; the most probable token comes first", scores=scores))


def test_fill_mask_agrees_with_the_fill_mask_pipeline(solution, mlm_model, tokenizer):
    expected = pipeline("fill-mask", model=mlm_model, tokenizer=tokenizer)(LESSON_MASKED, top_k=5)
    result = solution.fill_mask(mlm_model, tokenizer, LESSON_MASKED, top_k=5)
    check_type(result, list, "q1.fill_mask")
    check_equal([token for token, _ in result], [e["token_str"] for e in expected], "q1.fill_mask",
                "returned tokens")
    # Same logits, same softmax: only float32 rounding (~1e-8) may differ.
    check_close(torch.tensor([score for _, score in result]), torch.tensor([e["score"] for e in expected]),
                "q1.fill_mask", atol=1e-6, rtol=1e-5, what="returned scores that, against the pipeline's,")


@pytest.mark.parametrize("text", ["나는 은행에 가서 돈을 찾았다.", "나는 [MASK]에 가서 [MASK]을 찾았다."])
def test_fill_mask_needs_exactly_one_mask(solution, mlm_model, tokenizer, text):
    try:
        solution.fill_mask(mlm_model, tokenizer, text)
    except ValueError:
        return
    fail("q1.fill_mask", t("accepted {text!r}; raise ValueError unless the text holds exactly one [MASK]", text=text))
