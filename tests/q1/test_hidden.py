"""Hidden tests for question 1: the reference on many inputs, and a causal run of the same weights."""

import pytest
import torch
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from transformers import AutoModel, pipeline

from kit.learn.checks import check_close, check_dtype, check_equal, check_tensor_equal, check_type, fail, t
from kit.learn.strategies import review_text

# No shrinking: a failing (or untouched) solution fails every example, and shrinking would
# spend a minute finding the smallest; the message already names the input.
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)

# Pairs that differ in one punctuation mark, which every BERT vocabulary keeps as one token,
# so both texts have the same length whatever the tokenizer.
PUNCTUATION_PAIRS = [
    ("나는 은행에 가서 돈을 찾았다 !", "나는 은행에 가서 돈을 찾았다 ?"),
    ("정말 재미있는 영화 ! 배우들의 연기도 최고", "정말 재미있는 영화 . 배우들의 연기도 최고"),
    ("? 스토리가 너무 지루했다", "! 스토리가 너무 지루했다"),
]


@pytest.fixture(scope="module")
def causal_encoder(model_name, encoder, tokenizer):
    """The same weights run as a decoder (is_decoder=True): a causal mask, GPT-style.

    Guarded here, not in a test of its own (which would pass against a stub): a change to the
    right must leave the states on its left untouched, and must move them in the encoder.
    """
    model = AutoModel.from_pretrained(model_name, is_decoder=True).eval()
    text_a, text_b = PUNCTUATION_PAIRS[0]
    changed = pair_and_change(tokenizer, text_a, text_b)
    causal = last_states(model, tokenizer, text_a) - last_states(model, tokenizer, text_b)
    bidirectional = last_states(encoder, tokenizer, text_a) - last_states(encoder, tokenizer, text_b)
    if not (causal[:changed].abs().max() < 1e-5 and bidirectional[:changed].norm(dim=-1).min() > 1e-4):
        raise RuntimeError("is_decoder=True did not give a causal model; the q1 hidden tests need one")
    return model


@pytest.fixture(scope="module")
def fill_mask_pipeline(mlm_model, tokenizer):
    return pipeline("fill-mask", model=mlm_model, tokenizer=tokenizer)


def pair_and_change(tokenizer, text_a: str, text_b: str) -> int:
    """The first token position where the two texts differ (they must have equal length)."""
    ids_a, ids_b = tokenizer(text_a)["input_ids"], tokenizer(text_b)["input_ids"]
    assert len(ids_a) == len(ids_b), (text_a, text_b)
    return next(i for i, (a, b) in enumerate(zip(ids_a, ids_b, strict=True)) if a != b)


def probe_positions(tokenizer, text_a: str, text_b: str) -> list[int]:
    """[CLS], the last position left of the change, the change, and the final [SEP]."""
    changed = pair_and_change(tokenizer, text_a, text_b)
    last = len(tokenizer(text_a)["input_ids"]) - 1
    return sorted({0, changed - 1, changed, last})


def last_states(model, tokenizer, text: str) -> torch.Tensor:
    with torch.no_grad():
        return model(**tokenizer(text, return_tensors="pt").to(model.device)).last_hidden_state[0]


# ---------------------------------------------------------------- attention_pattern


@given(seq_len=st.integers(1, 40), causal=st.booleans())
@settings(max_examples=30, phases=NO_SHRINK)
def test_attention_pattern_matches_the_reference(solution, reference_solution, seq_len, causal):
    pattern = solution.attention_pattern(seq_len, causal=causal)
    check_dtype(pattern, torch.bool, "q1.attention_pattern")
    check_tensor_equal(pattern, reference_solution.attention_pattern(seq_len, causal=causal),
                       "q1.attention_pattern", t("returned, for seq_len={seq_len}, causal={causal},",
                                                 seq_len=seq_len, causal=causal))


def test_attention_pattern_causal_is_the_mask_a_decoder_applies(solution):
    pattern = solution.attention_pattern(6, causal=True)
    for i in range(6):
        for j in range(6):
            if bool(pattern[i, j]) != (j <= i):
                fail("q1.attention_pattern",
                     t("returned [{i}, {j}] = {value}; a causal position i sees exactly j <= i",
                       i=i, j=j, value=bool(pattern[i, j])))


# ---------------------------------------------------------------- hidden_state_shift


@pytest.mark.parametrize("pair", PUNCTUATION_PAIRS)
def test_hidden_state_shift_bidirectional_matches_and_moves_left_of_the_change(solution, encoder, tokenizer, pair):
    text_a, text_b = pair
    changed = pair_and_change(tokenizer, text_a, text_b)
    positions = probe_positions(tokenizer, text_a, text_b)
    got = []
    for position in positions:
        shift = solution.hidden_state_shift(encoder, tokenizer, text_a, text_b, position)
        check_type(shift, float, "q1.hidden_state_shift")
        got.append(shift)
    # The reference's formula, from one forward pass per text.
    difference = last_states(encoder, tokenizer, text_a) - last_states(encoder, tokenizer, text_b)
    expected = torch.linalg.vector_norm(difference, dim=-1)[positions]
    # float32 rounding of the same forward pass: ~1e-7 relative.
    check_close(torch.tensor(got), expected, "q1.hidden_state_shift", atol=1e-6, rtol=1e-5,
                what=t("returned, at positions {positions} for {text_a!r} -> {text_b!r},",
                       positions=positions, text_a=text_a, text_b=text_b))
    for position, shift in zip(positions, got, strict=True):
        if position < changed and not shift > 1e-4:
            fail("q1.hidden_state_shift",
                 t("returned {shift:.3g} at position {position} (the change is at {changed}) for {text_a!r} -> "
                   "{text_b!r}; a bidirectional encoder moves there",
                   shift=shift, position=position, changed=changed, text_a=text_a, text_b=text_b))


@pytest.mark.parametrize("pair", PUNCTUATION_PAIRS)
def test_hidden_state_shift_causal_is_blind_to_the_right(solution, causal_encoder, tokenizer, pair):
    text_a, text_b = pair
    changed = pair_and_change(tokenizer, text_a, text_b)
    for position in probe_positions(tokenizer, text_a, text_b):
        shift = solution.hidden_state_shift(causal_encoder, tokenizer, text_a, text_b, position)
        check_type(shift, float, "q1.hidden_state_shift")
        # Left of the change a causal model computes the very same numbers: 0 up to rounding.
        if position < changed and not abs(shift) < 1e-5:
            fail("q1.hidden_state_shift",
                 t("returned {shift:.3g} at position {position} with the causal model; the change is at {changed}, "
                   "to the right, so the state there must not move",
                   shift=shift, position=position, changed=changed))
        if position >= changed and not shift > 1e-4:
            fail("q1.hidden_state_shift",
                 t("returned {shift:.3g} at position {position} with the causal model; the change is at {changed}, "
                   "so the state there must move",
                   shift=shift, position=position, changed=changed))


def test_hidden_state_shift_error_names_both_lengths(solution, encoder, tokenizer):
    text_a, text_b = "최고", "배우들의 연기가 훌륭하고 스토리도 좋았다 !"
    len_a, len_b = len(tokenizer(text_a)["input_ids"]), len(tokenizer(text_b)["input_ids"])
    try:
        solution.hidden_state_shift(encoder, tokenizer, text_b, text_a, 1)
    except ValueError as exc:
        if str(len_a) not in str(exc) or str(len_b) not in str(exc):
            fail("q1.hidden_state_shift", t("raised ValueError({error!r}); name both {len_b} and {len_a}",
                                            error=str(exc), len_b=len_b, len_a=len_a))
        return
    fail("q1.hidden_state_shift", t("accepted texts of {len_b} and {len_a} tokens; raise ValueError",
                                    len_b=len_b, len_a=len_a))


# ---------------------------------------------------------------- fill_mask


@st.composite
def masked_review(draw) -> str:
    words = draw(review_text(min_words=1, max_words=10)).split(" ")
    words.insert(draw(st.integers(0, len(words))), "[MASK]")
    return " ".join(words)


@given(text=masked_review(), top_k=st.integers(1, 8))
@settings(max_examples=8, phases=NO_SHRINK)
def test_fill_mask_matches_the_reference_on_reviews(solution, reference_solution, mlm_model, tokenizer, text, top_k):
    result = solution.fill_mask(mlm_model, tokenizer, text, top_k=top_k)
    expected = reference_solution.fill_mask(mlm_model, tokenizer, text, top_k=top_k)
    check_type(result, list, "q1.fill_mask")
    check_equal([token for token, _ in result], [token for token, _ in expected], "q1.fill_mask",
                t("returned, for {text!r} and top_k={top_k}, tokens", text=text, top_k=top_k))
    # Same logits, same softmax: only float32 rounding (~1e-8) may differ.
    check_close(torch.tensor([float(score) for _, score in result]), torch.tensor([s for _, s in expected]),
                "q1.fill_mask", atol=1e-6, rtol=1e-5, what=t("returned, for {text!r}, scores", text=text))


@pytest.mark.parametrize("text", ["[MASK] 영화 최고", "이 영화 정말 [MASK]", "배우 [MASK] ##의 연기 ㅋㅋ"])
def test_fill_mask_agrees_with_the_pipeline(solution, mlm_model, tokenizer, fill_mask_pipeline, text):
    expected = fill_mask_pipeline(text, top_k=10)
    result = solution.fill_mask(mlm_model, tokenizer, text, top_k=10)
    check_type(result, list, "q1.fill_mask")
    check_equal([token for token, _ in result], [e["token_str"] for e in expected], "q1.fill_mask",
                t("returned, for {text!r}, tokens", text=text))
    check_close(torch.tensor([float(score) for _, score in result]), torch.tensor([e["score"] for e in expected]),
                "q1.fill_mask", atol=1e-6, rtol=1e-5, what=t("returned, for {text!r}, scores", text=text))


def test_fill_mask_probabilities_cover_the_whole_vocabulary(solution, mlm_model, tokenizer):
    vocab = mlm_model.config.vocab_size
    result = solution.fill_mask(mlm_model, tokenizer, "정말 [MASK] 영화", top_k=vocab)
    check_equal(len(result), vocab, "q1.fill_mask", t("returned, for top_k={vocab}, a list of length", vocab=vocab))
    total = sum(score for _, score in result)
    # A softmax over the vocabulary sums to 1 (float32 sum over ~1e4 terms: ~1e-5).
    if not abs(total - 1.0) <= 1e-4:  # NaN fails too
        fail("q1.fill_mask", t("returned probabilities summing to {total:.6f} over the vocabulary; expected 1",
                               total=total))
