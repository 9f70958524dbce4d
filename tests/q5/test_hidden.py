"""Hidden tests for question 5: the reference on generated pairs and id sequences."""


import pytest
import torch
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from kit.learn.checks import check_equal, check_tensor_equal, fail, t
from kit.learn.pairs import KEYS, encode_pair
from kit.learn.strategies import review_text

# No shrinking: a failing (or untouched) solution fails every example, and shrinking would
# spend a minute finding the smallest; the message already names the input.
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)



def test_special_token_ids_match_the_reference(solution, reference_solution, tokenizer):
    check_equal(solution.special_token_ids(tokenizer), reference_solution.special_token_ids(tokenizer),
                "q5.special_token_ids")


@given(text_a=review_text(max_words=20), text_b=review_text(max_words=20), max_length=st.integers(6, 40))
@settings(max_examples=40, phases=NO_SHRINK)
def test_encode_pair_matches_the_reference(solution, reference_solution, tokenizer, text_a, text_b, max_length):
    out = encode_pair(solution, tokenizer, text_a, text_b, max_length)
    expected = reference_solution.encode_pair(tokenizer, text_a, text_b, max_length=max_length)
    for key in KEYS:
        check_tensor_equal(out[key], expected[key], "q5.encode_pair",
                           t('returned, for ({text_a!r}, {text_b!r}) and max_length={max_length}, "{key}"',
                             text_a=text_a, text_b=text_b, max_length=max_length, key=key))


@given(text_a=review_text(max_words=4), text_b=review_text(max_words=4))
@settings(max_examples=15, phases=NO_SHRINK)
def test_encode_pair_token_types_are_zero_on_padding(solution, tokenizer, text_a, text_b):
    out = encode_pair(solution, tokenizer, text_a, text_b, 48)
    padding = out["attention_mask"] == 0
    if (out["token_type_ids"][padding] != 0).any():
        fail("q5.encode_pair", t("returned token type 1 on padding for ({text_a!r}, {text_b!r}); padding has token "
                                 "type 0",
                                 text_a=text_a, text_b=text_b))
    types = out["token_type_ids"][0][~padding[0]].tolist()
    ids = out["input_ids"][0].tolist()
    first_sep = ids.index(tokenizer.sep_token_id)
    expected = [0] * (first_sep + 1) + [1] * (len(types) - first_sep - 1)
    check_equal(types, expected, "q5.encode_pair", t("returned for ({text_a!r}, {text_b!r}) real token types",
                                                     text_a=text_a, text_b=text_b))


def test_encode_pair_longest_first_cuts_both_when_both_are_long(solution, reference_solution, tokenizer):
    text_a = "이 영화는 정말 재미있고 배우들의 연기도 훌륭해서 다시 보고 싶은 영화입니다"
    text_b = "스토리가 너무 지루하고 결말도 허무해서 시간이 아까웠던 영화였습니다 별로"
    for max_length in (9, 12, 17):
        out = encode_pair(solution, tokenizer, text_a, text_b, max_length)
        expected = reference_solution.encode_pair(tokenizer, text_a, text_b, max_length=max_length)
        for key in KEYS:
            check_tensor_equal(out[key], expected[key], "q5.encode_pair",
                               t('returned, for two long sentences and max_length={max_length}, "{key}"',
                                 max_length=max_length, key=key))


# Syllables the kit's tokenizer keeps as one token each, so a sentence of n of them is n tokens long.
SYLLABLES = "가 나 다 라 마 바 사 아 자 차 카 타".split()


@pytest.mark.parametrize(("n_a", "n_b", "max_length"), [(6, 6, 10), (6, 6, 12), (7, 6, 10), (6, 7, 12), (5, 9, 10)])
def test_encode_pair_splits_the_budget_as_specified_on_ties_and_odd_budgets(solution, tokenizer, n_a, n_b,
                                                                           max_length):
    """The docstring's rule: both long -> budget // 2 each, the odd place to the longer (to B on a tie)."""
    text_a, text_b = " ".join(SYLLABLES[:n_a]), " ".join(SYLLABLES[-n_b:])
    assert len(tokenizer.tokenize(text_a)) == n_a and len(tokenizer.tokenize(text_b)) == n_b
    budget = max_length - 3
    short = min(n_a, n_b)
    if short <= budget // 2:
        keep_short, keep_long = short, budget - short
    else:
        keep_short, keep_long = budget // 2, budget - budget // 2
    keep_a, keep_b = (keep_long, keep_short) if n_a > n_b else (keep_short, keep_long)
    types = encode_pair(solution, tokenizer, text_a, text_b, max_length)["token_type_ids"][0].tolist()
    got = (types.count(0) - 2, types.count(1) - 1)  # A's tokens (less [CLS], [SEP]) and B's (less its [SEP])
    one_side = {"only_first": (budget - n_b, n_b), "only_second": (n_a, budget - n_a)}
    for strategy, kept in one_side.items():
        if got == kept != (keep_a, keep_b):
            fail("q5.encode_pair", t(
                "kept {got} tokens of (A, B) for {n_a} and {n_b} tokens and max_length={max_length}, as "
                "truncation=\"{strategy}\" does: one sentence was cut alone. The question's rule is longest-first "
                "(truncation=True): the longer one is cut first, both when both are long, so it keeps {expected}",
                got=got, n_a=n_a, n_b=n_b, max_length=max_length, strategy=strategy, expected=(keep_a, keep_b)))
    check_equal(got, (keep_a, keep_b), "q5.encode_pair",
                t("kept (tokens of A, tokens of B), for {n_a} and {n_b} tokens and max_length={max_length},",
                  n_a=n_a, n_b=n_b, max_length=max_length))


SPECIAL_NAMES = ["[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]"]


# Special tokens mixed with ordinary words, in any order and any number.
TOKEN_SEQUENCES = st.lists(st.sampled_from([*SPECIAL_NAMES, "영화", "정말", "최고", "!"]), min_size=1, max_size=30)


@given(tokens=TOKEN_SEQUENCES, batched=st.booleans())
@settings(max_examples=30, phases=NO_SHRINK)
def test_special_token_positions_match_the_reference(solution, reference_solution, tokenizer, tokens, batched):
    ids = [tokenizer.convert_tokens_to_ids(tokenizer.tokenize(t)[0]) if t not in SPECIAL_NAMES
           else tokenizer.convert_tokens_to_ids(t) for t in tokens]
    input_ids = torch.tensor([ids] if batched else ids)
    check_equal(solution.special_token_positions(input_ids, tokenizer),
                reference_solution.special_token_positions(input_ids, tokenizer),
                "q5.special_token_positions", t("returned, for {tokens} as a {shape} tensor,",
                                                tokens=tokens, shape=tuple(input_ids.shape)))


@given(text_a=review_text(), text_b=review_text(), max_length=st.integers(8, 40))
@settings(max_examples=15, phases=NO_SHRINK)
def test_special_token_positions_of_encoded_pairs(solution, reference_solution, tokenizer, text_a, text_b,
                                                  max_length):
    input_ids = tokenizer(text_a, text_b, padding="max_length", truncation=True, max_length=max_length,
                          return_tensors="pt")["input_ids"]
    check_equal(solution.special_token_positions(input_ids, tokenizer),
                reference_solution.special_token_positions(input_ids, tokenizer),
                "q5.special_token_positions", t("returned, for the pair ({text_a!r}, {text_b!r}),",
                                                text_a=text_a, text_b=text_b))
