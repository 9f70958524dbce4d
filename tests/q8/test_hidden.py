"""Hidden tests for question 8: exact agreement with the reference on NSMC and mixed texts,
and properties of the statistics on generated reviews."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kit.learn.checks import Text, check_equal, fail, t
from kit.learn.strategies import review_text

MIXED = [
    "자연어 처리",
    "Natural Language Processing",
    "이 영화 진짜 재밌어요 ㅋㅋㅋ 👍👍",
    "",
    "   ",
    "최악... 돈 아깝다 ㅠㅠ 2점도 아깝다",
    "BERT fine-tuning 너무 어려워요 😭",
    "ㅋㅋㅋㅋㅋㅋㅋㅋ",
    "연기, 연출, 음악 모두 완벽했던 영화입니다. " * 6,
    "탭\t과\n줄바꿈도  공백",
    "#최고 #명작 C# 강추",
]
# Coverages whose "ceil(coverage * n)" and "count / n >= coverage" readings agree for n <= 2000.
COVERAGES = [0.1, 0.25, 0.5, 0.75, 0.8, 0.9, 0.95, 0.99, 1.0]
NSMC_COVERAGES = [0.5, 0.9, 0.95, 0.99, 1.0]  # each call tokenizes 2,000 reviews twice


def check_same_frame(got, want, what: Text) -> None:
    where = "q8.tokenization_stats"
    check_equal(list(got.columns), list(want.columns), where, t("returned, {what}, columns", what=what))
    check_equal(len(got), len(want), where, t("returned, {what}, a number of rows", what=what))
    for column in want.columns:
        plain = {"text": str, "tokens_per_word": float}.get(column, int)
        got_values = [plain(v) for v in got[column]]
        want_values = [plain(v) for v in want[column]]
        for i, (g, w) in enumerate(zip(got_values, want_values, strict=True)):
            close = abs(g - w) <= 1e-12 if plain is float else g == w
            if not close:
                fail(where, t('returned, {what}, "{column}" = {g!r} for {text!r}; expected {w!r}',
                              what=what, column=column, g=g, text=want["text"][i], w=w))


@pytest.fixture(scope="module")
def nsmc_texts(nsmc_train):
    return nsmc_train["document"].tolist()


def test_tokenization_stats_matches_reference_on_nsmc(solution, reference_solution, tokenizer,
                                                      nsmc_texts):
    check_same_frame(solution.tokenization_stats(tokenizer, nsmc_texts),
                     reference_solution.tokenization_stats(tokenizer, nsmc_texts),
                     t("on the NSMC sample"))


def test_tokenization_stats_matches_reference_on_mixed_texts(solution, reference_solution,
                                                             tokenizer):
    check_same_frame(solution.tokenization_stats(tokenizer, MIXED),
                     reference_solution.tokenization_stats(tokenizer, MIXED),
                     t("on Korean/English/emoji/empty texts"))


def test_tokenization_stats_of_no_texts_is_empty(solution, tokenizer):
    frame = solution.tokenization_stats(tokenizer, [])
    check_equal(len(frame), 0, "q8.tokenization_stats", "returned, for no texts, a number of rows")


@pytest.mark.parametrize("coverage", NSMC_COVERAGES)
def test_suggest_max_length_matches_reference_on_nsmc(solution, reference_solution, tokenizer,
                                                      nsmc_texts, coverage):
    check_equal(solution.suggest_max_length(tokenizer, nsmc_texts, coverage),
                reference_solution.suggest_max_length(tokenizer, nsmc_texts, coverage),
                "q8.suggest_max_length", t("returned, on the NSMC sample with coverage {coverage},", coverage=coverage))


@pytest.mark.parametrize("coverage", COVERAGES)
def test_suggest_max_length_matches_reference_on_mixed_texts(solution, reference_solution,
                                                             tokenizer, coverage):
    check_equal(solution.suggest_max_length(tokenizer, MIXED, coverage),
                reference_solution.suggest_max_length(tokenizer, MIXED, coverage),
                "q8.suggest_max_length", t("returned, on mixed texts with coverage {coverage},", coverage=coverage))


# The explicit @example runs first, so a stub or a plainly wrong answer fails at once
# instead of after seconds of shrinking.
@given(texts=st.lists(review_text(min_words=0, max_words=10), min_size=1, max_size=12))
@example(texts=["자연어 처리", "", "Natural Language Processing"])
def test_tokenization_stats_sums_are_consistent(solution, tokenizer, texts):
    frame = solution.tokenization_stats(tokenizer, texts)
    where = "q8.tokenization_stats"
    check_equal(len(frame), len(texts), where, t("returned, for {n_texts} texts, a number of rows", n_texts=len(texts)))
    check_equal(int(frame["n_chars"].sum()), sum(map(len, texts)), where,
                t("returned, for {texts}, an n_chars total", texts=texts))
    all_tokens = [tokenizer.tokenize(t) for t in texts]
    check_equal(int(frame["n_tokens"].sum()), sum(map(len, all_tokens)), where,
                t("returned, for {texts}, an n_tokens total", texts=texts))
    for (_, row), tokens in zip(frame.iterrows(), all_tokens, strict=True):
        n_tokens, n_words = int(row["n_tokens"]), int(row["n_words"])
        check_equal((n_tokens, n_words), (len(tokens), len(row["text"].split())), where,
                    t("returned, for {text!r}, (n_tokens, n_words)", text=row['text']))
        if int(row["n_subwords"]) + int(row["n_unk"]) > n_tokens:
            fail(where, t("returned, for {text!r}, more pieces and [UNK]s than tokens", text=row['text']))
        ratio = n_tokens / n_words if n_words else 0.0
        if not abs(float(row["tokens_per_word"]) - ratio) <= 1e-12:  # NaN fails too
            fail(where, t("returned tokens_per_word {tokens_per_word} for {text!r}; n_tokens / n_words is {ratio}",
                          tokens_per_word=row['tokens_per_word'], text=row['text'], ratio=ratio))


@given(texts=st.lists(review_text(min_words=0, max_words=12), min_size=1, max_size=15),
       coverages=st.lists(st.sampled_from(COVERAGES), min_size=2, max_size=4))
@example(texts=["자연어 처리", "영화", "", "Natural Language Processing"],
         coverages=[0.5, 0.75])
def test_suggest_max_length_properties(solution, tokenizer, texts, coverages):
    where = "q8.suggest_max_length"
    lengths = [len(tokenizer.tokenize(t)) + 2 for t in texts]
    check_equal(solution.suggest_max_length(tokenizer, texts, 1.0), max(lengths), where,
                t("returned, with coverage 1.0 for {texts}, (expected the longest)", texts=texts))
    results = [solution.suggest_max_length(tokenizer, texts, c) for c in sorted(coverages)]
    if results != sorted(results):
        fail(where, t("returned {results} for coverages {coverages}; a larger coverage never needs a shorter "
                      "max_length",
                      results=results, coverages=sorted(coverages)))
    for coverage, length in zip(sorted(coverages), results, strict=True):
        fits = sum(n <= length for n in lengths)
        if length not in lengths or fits < coverage * len(lengths) - 1e-9:
            fail(where, t("returned {length} for coverage {coverage}, lengths {lengths}: it keeps {fits} of "
                          "{n_lengths} texts whole",
                          length=length, coverage=coverage, lengths=sorted(lengths), fits=fits,
                          n_lengths=len(lengths)))
