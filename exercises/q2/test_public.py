"""Public tests for question 2 (masked LM and next sentence prediction). Run: pytest exercises/q2"""

from collections.abc import Mapping

import pytest
import torch

from kit.learn.checks import check_dtype, check_equal, check_keys, check_shape, check_tensor_equal, check_type, fail, t

TEXTS = ["정말 재미있는 영화였어요", "별로", "배우들의 연기가 훌륭하고 스토리도 좋았다 !"]
LONG_TEXT = "이 영화는 정말 재미있고 배우들의 연기도 훌륭해서 다시 보고 싶은 영화입니다 " * 6
SENTENCES = ["나는 은행에 갔다.", "돈을 찾았다.", "그리고 영화를 봤다.", "배우들의 연기가 좋았다.",
             "스토리도 재미있었다.", "집에 돌아왔다."]
KEYS = ["input_ids", "attention_mask", "labels"]


def masked(solution, texts, tokenizer, seed=0, **kwargs) -> dict:
    out = solution.tokenize_and_mask(texts, tokenizer, generator=torch.Generator().manual_seed(seed), **kwargs)
    if isinstance(out, Mapping):  # a BatchEncoding is fine too
        out = dict(out)
    check_keys(out, KEYS, "q2.tokenize_and_mask")
    return out


def tokenized(tokenizer, texts, max_length=64) -> dict:
    return tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")


def special_positions(tokenizer, input_ids: torch.Tensor) -> torch.Tensor:
    ids = torch.tensor([tokenizer.cls_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id])
    return torch.isin(input_ids, ids)


def test_tokenize_and_mask_pads_to_the_longest_text(solution, tokenizer):
    out = masked(solution, TEXTS, tokenizer)
    expected = tokenized(tokenizer, TEXTS)
    batch, seq = expected["input_ids"].shape
    for key in KEYS:
        check_shape(out[key], "q2.tokenize_and_mask", t('returned "{key}" with', key=key), batch=batch, seq=seq)
        check_dtype(out[key], torch.long, "q2.tokenize_and_mask", t('returned "{key}" with', key=key))
    check_tensor_equal(out["attention_mask"], expected["attention_mask"], "q2.tokenize_and_mask",
                       'returned "attention_mask"')


def test_tokenize_and_mask_truncates_at_max_length(solution, tokenizer):
    out = masked(solution, [LONG_TEXT, TEXTS[1]], tokenizer, max_length=24)
    check_shape(out["input_ids"], "q2.tokenize_and_mask", 'returned "input_ids" with', batch=2, max_length=24)


def test_tokenize_and_mask_labels_only_where_selected(solution, tokenizer):
    out = masked(solution, TEXTS, tokenizer, seed=1, mlm_probability=0.5)
    original = tokenized(tokenizer, TEXTS)["input_ids"]
    labels, input_ids = out["labels"], out["input_ids"]
    special = special_positions(tokenizer, original)
    if (labels[special] != -100).any():
        fail("q2.tokenize_and_mask", "selected a [CLS], [SEP] or [PAD] position (its label is not -100); "
             "only real tokens may be selected")
    selected = labels != -100
    if not selected.any():
        fail("q2.tokenize_and_mask", "selected nothing with mlm_probability=0.5")
    check_tensor_equal(labels[selected], original[selected], "q2.tokenize_and_mask",
                       "returned labels at selected positions that, against the original ids,")
    check_tensor_equal(input_ids[~selected], original[~selected], "q2.tokenize_and_mask",
                       "changed input_ids at unselected positions (label -100); there")


def test_tokenize_and_mask_replaces_most_selected_tokens_with_mask(solution, tokenizer):
    out = masked(solution, TEXTS * 30, tokenizer, seed=2, mlm_probability=1.0)
    selected = out["labels"] != -100
    masked_share = (out["input_ids"][selected] == tokenizer.mask_token_id).float().mean().item()
    # About 80 % of ~330 selected tokens (sigma ~2.2 %): both bounds are over 5 sigma away.
    if not 0.68 < masked_share < 0.92:
        fail("q2.tokenize_and_mask", t("turned {masked_share:.0%} of the selected tokens into [MASK]; expected about "
                                       "80 %",
                                       masked_share=masked_share))


def test_tokenize_and_mask_same_seed_same_result(solution, tokenizer):
    first = masked(solution, TEXTS, tokenizer, seed=7, mlm_probability=0.5)
    second = masked(solution, TEXTS, tokenizer, seed=7, mlm_probability=0.5)
    for key in KEYS:
        check_tensor_equal(second[key], first[key], "q2.tokenize_and_mask",
                           t('returned, called twice with the same generator seed, "{key}" that', key=key))


def test_tokenize_and_mask_other_seed_other_result(solution, tokenizer):
    """The draws must come from `generator`: a solution that seeds its own generator gives every caller
    the same masks. With mlm_probability=0.5 over these texts (73 real tokens), two seeds
    select the same tokens by chance with probability about 2**-73."""
    texts = [*TEXTS, LONG_TEXT]
    first = masked(solution, texts, tokenizer, seed=7, mlm_probability=0.5)
    second = masked(solution, texts, tokenizer, seed=8, mlm_probability=0.5)
    if torch.equal(first["labels"], second["labels"]) and torch.equal(first["input_ids"], second["input_ids"]):
        fail("q2.tokenize_and_mask", "returned the same masks for generator seeds 7 and 8; draw every random "
             "number from `generator` (torch.bernoulli(..., generator=generator), torch.randint(..., "
             "generator=generator))")


def test_tokenize_and_mask_probability_zero_and_one(solution, tokenizer):
    original = tokenized(tokenizer, TEXTS)["input_ids"]
    none = masked(solution, TEXTS, tokenizer, mlm_probability=0.0)
    check_tensor_equal(none["labels"], torch.full_like(original, -100), "q2.tokenize_and_mask",
                       'returned, with mlm_probability=0, "labels"')
    check_tensor_equal(none["input_ids"], original, "q2.tokenize_and_mask",
                       'returned, with mlm_probability=0, "input_ids"')
    every = masked(solution, TEXTS, tokenizer, mlm_probability=1.0)
    real = ~torch.isin(original, torch.tensor(tokenizer.all_special_ids))
    if (every["labels"][real] == -100).any():
        fail("q2.tokenize_and_mask", "left a real token unselected with mlm_probability=1")


def test_make_nsp_pairs_one_pair_per_sentence_but_the_last(solution):
    pairs = solution.make_nsp_pairs(SENTENCES, seed=0)
    check_type(pairs, list, "q2.make_nsp_pairs")
    check_equal(len(pairs), len(SENTENCES) - 1, "q2.make_nsp_pairs", "returned a list of length")
    for i, pair in enumerate(pairs):
        check_type(pair, tuple, "q2.make_nsp_pairs", t("returned pair {i} as", i=i))
        check_equal(len(pair), 3, "q2.make_nsp_pairs", t("returned pair {i} of length", i=i))
        check_equal(pair[0], SENTENCES[i], "q2.make_nsp_pairs", t("returned pair {i} with a =", i=i))


def test_make_nsp_pairs_follows_next_sentence_label(solution):
    for seed in range(20):
        for i, (a, b, label) in enumerate(solution.make_nsp_pairs(SENTENCES, seed=seed)):
            if label not in (0, 1):
                fail("q2.make_nsp_pairs", t("returned label {label!r}; expected 0 (is next) or 1 (random)",
                                            label=label))
            if label == 0 and b != SENTENCES[i + 1]:
                fail("q2.make_nsp_pairs", t("returned ({a!r}, {b!r}, 0); label 0 means b is the next sentence",
                                            a=a, b=b))
            if label == 1 and b in (a, SENTENCES[i + 1]):
                fail("q2.make_nsp_pairs", t("returned ({a!r}, {b!r}, 1) with seed={seed}; a random b is neither a "
                                            "nor its true next sentence",
                                            a=a, b=b, seed=seed))
            if b not in SENTENCES:
                fail("q2.make_nsp_pairs", t("returned b = {b!r}, which is not one of the sentences", b=b))


def test_make_nsp_pairs_is_deterministic_per_seed(solution):
    check_equal(solution.make_nsp_pairs(SENTENCES, seed=3), solution.make_nsp_pairs(SENTENCES, seed=3),
                "q2.make_nsp_pairs", "returned, called again with seed=3,")


@pytest.mark.parametrize("count", [0, 1, 2])
def test_make_nsp_pairs_needs_three_sentences(solution, count):
    try:
        solution.make_nsp_pairs(SENTENCES[:count])
    except ValueError:
        return
    fail("q2.make_nsp_pairs", t("accepted {count} sentences; raise ValueError for fewer than three", count=count))
