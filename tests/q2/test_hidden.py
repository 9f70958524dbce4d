"""Hidden tests for question 2: masking properties on generated batches, and rates within 5 sigma.

The corruption is random, so nothing here compares masked ids with the reference: any order
of drawing from the generator is a valid answer. What must hold for every draw is checked as
a property; the 15 % / 80 % / 10 % / 10 % rule is checked as rates over many tokens.
"""

import math
from collections.abc import Mapping

import pytest
import torch
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from kit.learn.checks import (
    Text,
    check_dtype,
    check_equal,
    check_keys,
    check_shape,
    check_tensor_equal,
    check_type,
    fail,
    t,
)
from kit.learn.strategies import review_text

# No shrinking: a failing (or untouched) solution fails every example, and shrinking would
# spend a minute finding the smallest; the message already names the input.
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)

KEYS = ["input_ids", "attention_mask", "labels"]
WHERE = "q2.tokenize_and_mask"


def run_mask(solution, texts, tokenizer, seed, **kwargs) -> dict:
    out = solution.tokenize_and_mask(texts, tokenizer, generator=torch.Generator().manual_seed(seed), **kwargs)
    if isinstance(out, Mapping):
        out = dict(out)
    check_keys(out, KEYS, WHERE)
    return out


def eligible_positions(tokenizer, original: torch.Tensor) -> torch.Tensor:
    """Real tokens whose id is not special. [UNK] may be selected or not: both are accepted."""
    return ~torch.isin(original, torch.tensor(tokenizer.all_special_ids))


def check_mask_properties(out: dict, expected: dict, tokenizer, what: Text) -> None:
    """Everything that must hold for any draw (the hypothesis properties)."""
    original = expected["input_ids"]
    batch, seq = original.shape
    for key in KEYS:
        check_shape(out[key], WHERE, t('returned, {what}, "{key}" with', what=what, key=key), batch=batch, seq=seq)
        check_dtype(out[key], torch.long, WHERE, t('returned, {what}, "{key}" with', what=what, key=key))
    check_tensor_equal(out["attention_mask"], expected["attention_mask"], WHERE,
                       t("returned, {what}, an \"attention_mask\" that, against the tokenizer's,", what=what))
    labels, input_ids = out["labels"], out["input_ids"]
    framing = torch.isin(original, torch.tensor([tokenizer.cls_token_id, tokenizer.sep_token_id,
                                                 tokenizer.pad_token_id]))
    framing |= expected["attention_mask"] == 0
    if (labels[framing] != -100).any():
        index = tuple(int(i) for i in (framing & (labels != -100)).nonzero()[0])
        fail(WHERE, t("{what}: label {label} at {index}, a [CLS]/[SEP]/[PAD] position; labels there must be -100",
                      what=what, label=int(labels[index]), index=index))
    selected = labels != -100
    check_tensor_equal(labels[selected], original[selected], WHERE,
                       t("returned, {what}, labels at selected positions that, against the original ids,", what=what))
    check_tensor_equal(input_ids[~selected], original[~selected], WHERE,
                       t("returned, {what}, input_ids at unselected positions that, against the original ids,",
                         what=what))
    changed = input_ids != original
    replaced = input_ids[changed & (input_ids != tokenizer.mask_token_id)]
    bad = replaced[torch.isin(replaced, torch.tensor(tokenizer.all_special_ids))]
    if len(bad):
        fail(WHERE, t("{what}: a random replacement is the special token {token}; draw from the non-special vocabulary",
                      what=what, token=tokenizer.convert_ids_to_tokens(int(bad[0]))))


# ---------------------------------------------------------------- properties


@given(
    texts=st.lists(review_text(max_words=15), min_size=1, max_size=4),
    mlm_probability=st.sampled_from([0.15, 0.5, 0.9]),
    max_length=st.integers(6, 40),
    seed=st.integers(0, 2**31 - 1),
)
@settings(max_examples=25, phases=NO_SHRINK)
def test_tokenize_and_mask_properties_on_reviews(solution, tokenizer, texts, mlm_probability, max_length, seed):
    out = run_mask(solution, texts, tokenizer, seed, mlm_probability=mlm_probability, max_length=max_length)
    expected = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    what = t("for {n} texts, mlm_probability={mlm_probability}, max_length={max_length}", n=len(texts),
             mlm_probability=mlm_probability, max_length=max_length)
    check_mask_properties(out, expected, tokenizer, what)
    again = run_mask(solution, texts, tokenizer, seed, mlm_probability=mlm_probability, max_length=max_length)
    for key in KEYS:
        check_tensor_equal(again[key], out[key], WHERE, t('returned, {what}, with the same seed, "{key}" that',
                                                          what=what, key=key))


@given(texts=st.lists(review_text(), min_size=1, max_size=4), max_length=st.integers(6, 40))
@settings(max_examples=15, phases=NO_SHRINK)
def test_tokenize_and_mask_probability_zero_selects_nothing(solution, tokenizer, texts, max_length):
    out = run_mask(solution, texts, tokenizer, 0, mlm_probability=0.0, max_length=max_length)
    expected = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    check_tensor_equal(out["labels"], torch.full_like(expected["input_ids"], -100), WHERE,
                       'returned, with mlm_probability=0, "labels"')
    check_tensor_equal(out["input_ids"], expected["input_ids"], WHERE, 'returned, with mlm_probability=0, "input_ids"')


@given(texts=st.lists(review_text(), min_size=1, max_size=4), max_length=st.integers(6, 40),
       seed=st.integers(0, 2**31 - 1))
@settings(max_examples=15, phases=NO_SHRINK)
def test_tokenize_and_mask_probability_one_selects_every_real_token(solution, tokenizer, texts, max_length, seed):
    out = run_mask(solution, texts, tokenizer, seed, mlm_probability=1.0, max_length=max_length)
    expected = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    check_mask_properties(out, expected, tokenizer, "with mlm_probability=1")
    eligible = eligible_positions(tokenizer, expected["input_ids"])
    if (out["labels"][eligible] == -100).any():
        fail(WHERE, "left a real token unselected (label -100) with mlm_probability=1")


def test_tokenize_and_mask_uses_the_global_generator_when_none(solution, tokenizer):
    texts = ["정말 재미있는 영화였어요", "배우들의 연기가 훌륭하고 스토리도 좋았다 !"]
    out = solution.tokenize_and_mask(texts, tokenizer, mlm_probability=0.5)
    if isinstance(out, Mapping):
        out = dict(out)
    check_keys(out, KEYS, WHERE)
    expected = tokenizer(texts, padding=True, truncation=True, max_length=64, return_tensors="pt")
    check_mask_properties(out, expected, tokenizer, "with generator=None")


# ---------------------------------------------------------------- rates within 5 sigma


@pytest.fixture(scope="module")
def long_reviews(nsmc_train) -> list[str]:
    """256 texts of six joined reviews each: nearly every row fills max_length tokens."""
    documents = nsmc_train["document"].tolist()
    return [" ".join(documents[i:i + 6]) for i in range(0, 6 * 256, 6)]


def rate_check(name: str, count: int, total: int, p: float) -> None:
    """count / total must lie within 5 sigma of p (binomial)."""
    sigma = math.sqrt(p * (1 - p) / total)
    rate = count / total
    if not abs(rate - p) <= 5 * sigma:
        fail(WHERE, t("{name}: {rate:.2%} of {total} tokens; expected {p:.0%} +- {margin:.2%} (5 sigma)",
                      name=name, rate=rate, total=total, p=p, margin=5 * sigma))


def draw_counts(solution, tokenizer, texts, mlm_probability, draws, max_length) -> dict[str, int]:
    expected = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    original = expected["input_ids"]
    eligible = eligible_positions(tokenizer, original)
    counts = dict.fromkeys(["eligible", "selected", "mask", "random", "kept", "special_replacements"], 0)
    special = torch.tensor(tokenizer.all_special_ids)
    for seed in range(draws):
        out = run_mask(solution, texts, tokenizer, 1000 + seed, mlm_probability=mlm_probability,
                       max_length=max_length)
        check_shape(out["input_ids"], WHERE, 'returned "input_ids" with', batch=original.shape[0],
                    seq=original.shape[1])
        selected = (out["labels"] != -100) & eligible
        new = out["input_ids"][selected]
        old = original[selected]
        is_mask = new == tokenizer.mask_token_id
        is_random = (new != old) & ~is_mask
        counts["eligible"] += int(eligible.sum())
        counts["selected"] += int(selected.sum())
        counts["mask"] += int(is_mask.sum())
        counts["random"] += int(is_random.sum())
        counts["kept"] += int((new == old).sum())
        counts["special_replacements"] += int(torch.isin(new[is_random], special).sum())
    return counts


def test_masking_rates_within_five_sigma(solution, tokenizer, long_reviews):
    # ~26k eligible tokens per draw, 10 draws: 5 sigma is ~0.35 % on 15 % and ~0.75 % on 10 %.
    counts = draw_counts(solution, tokenizer, long_reviews, 0.15, draws=10, max_length=128)
    rate_check("selected (label != -100) among real tokens", counts["selected"], counts["eligible"], 0.15)
    rate_check("[MASK] among selected", counts["mask"], counts["selected"], 0.8)
    # A random draw equal to the original id (1 in ~10^4) counts as kept: far below 5 sigma.
    rate_check("random token among selected", counts["random"], counts["selected"], 0.1)
    rate_check("unchanged among selected", counts["kept"], counts["selected"], 0.1)


def test_random_replacements_are_never_special_tokens(solution, tokenizer, long_reviews):
    # mlm_probability=1 over ~265k tokens gives ~27k random draws; a draw over the whole
    # vocabulary (~10k ids, 4 specials besides [MASK]) would hit a special id ~10 times.
    counts = draw_counts(solution, tokenizer, long_reviews, 1.0, draws=10, max_length=128)
    check_equal(counts["selected"], counts["eligible"], WHERE,
                "selected, with mlm_probability=1, this many of the real tokens:")
    rate_check("[MASK] among selected (mlm_probability=1)", counts["mask"], counts["selected"], 0.8)
    rate_check("random token among selected (mlm_probability=1)", counts["random"], counts["selected"], 0.1)
    if counts["special_replacements"]:
        fail(WHERE, t("drew {special_replacements} special ids as random replacements in {random} draws; exclude "
                      "tokenizer.all_special_ids",
                      special_replacements=counts['special_replacements'], random=counts['random']))


# ---------------------------------------------------------------- make_nsp_pairs

NSP = "q2.make_nsp_pairs"


def check_nsp_pairs(pairs, sentences: list[str], what: Text) -> None:
    check_type(pairs, list, NSP)
    check_equal(len(pairs), len(sentences) - 1, NSP, t("returned, {what}, a list of length", what=what))
    for i, pair in enumerate(pairs):
        check_type(pair, tuple, NSP, t("returned pair {i} as", i=i))
        check_equal(len(pair), 3, NSP, t("returned pair {i} of length", i=i))
        a, b, label = pair
        check_equal(a, sentences[i], NSP, t("returned, {what}, pair {i} with a =", what=what, i=i))
        if label not in (0, 1) or isinstance(label, bool):
            fail(NSP, t("returned label {label!r}; expected the int 0 (is next) or 1 (random)", label=label))
        if label == 0 and b != sentences[i + 1]:
            fail(NSP, t("returned, {what}, ({a!r}, {b!r}, 0); label 0 means b is the next sentence",
                        what=what, a=a, b=b))
        if label == 1 and (b in (a, sentences[i + 1]) or b not in sentences):
            fail(NSP, t("returned, {what}, ({a!r}, {b!r}, 1); a random b is another of the sentences, neither a nor "
                        "its true next sentence",
                        what=what, a=a, b=b))


@given(sentences=st.lists(review_text(max_words=6), min_size=3, max_size=25, unique=True),
       seed=st.integers(0, 2**31 - 1))
@settings(max_examples=30, phases=NO_SHRINK)
def test_make_nsp_pairs_properties(solution, sentences, seed):
    pairs = solution.make_nsp_pairs(sentences, seed=seed)
    check_nsp_pairs(pairs, sentences, t("for {count} sentences and seed={seed}", count=len(sentences), seed=seed))
    check_equal(solution.make_nsp_pairs(sentences, seed=seed), pairs, NSP, t("returned, again with seed={seed},",
                                                                             seed=seed))


def test_make_nsp_pairs_negatives_avoid_the_true_next_in_short_lists(solution):
    # With three or four sentences a careless negative is the true next (or a itself) 1/3 of the time.
    for count in (3, 4):
        sentences = [f"문장 {i}번" for i in range(count)]
        for seed in range(60):
            check_nsp_pairs(solution.make_nsp_pairs(sentences, seed=seed), sentences,
                            t("for {count} sentences and seed={seed}", count=count, seed=seed))


def test_make_nsp_pairs_balance_within_five_sigma(solution):
    sentences = [f"리뷰 문장 {i}번" for i in range(1001)]
    labels = [label for seed in range(4) for _, _, label in solution.make_nsp_pairs(sentences, seed=seed)]
    total, is_next = len(labels), labels.count(0)
    sigma = math.sqrt(0.25 / total)
    if not abs(is_next / total - 0.5) <= 5 * sigma:
        fail(NSP, t("gave label 0 (is next) to {share:.1%} of {total} pairs; expected 50 % +- {margin:.1%} (5 sigma)",
                    share=is_next / total, total=total, margin=5 * sigma))


def test_make_nsp_pairs_seed_changes_the_pairs(solution):
    sentences = [f"리뷰 문장 {i}번" for i in range(40)]
    results = [solution.make_nsp_pairs(sentences, seed=seed) for seed in range(5)]
    labels = {tuple(label for _, _, label in pairs) for pairs in results}
    if len(labels) < 4:
        fail(NSP, t("returned only {n_labels} different label sequences for seeds 0..4 over 39 pairs; the coin flips "
                    "must come from random.Random(seed)",
                    n_labels=len(labels)))
