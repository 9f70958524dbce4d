"""Public tests for question 8 (tokenization statistics). Run: pytest exercises/q8

Expected counts come from the tokenizer itself, so the tests pass with any BERT (`--model`).
"""

import pandas as pd
import pytest

from kit.learn.checks import check_equal, check_type, fail, t

COLUMNS = ["text", "n_chars", "n_words", "n_tokens", "n_subwords", "n_unk", "tokens_per_word"]
LESSON = ["자연어 처리", "Natural Language Processing"]


def stats_row(solution, tokenizer, text: str) -> dict:
    frame = solution.tokenization_stats(tokenizer, [text])
    check_type(frame, pd.DataFrame, "q8.tokenization_stats")
    check_equal(len(frame), 1, "q8.tokenization_stats", "returned, for one text, a number of rows")
    return frame.iloc[0].to_dict()


def with_lengths(count: int) -> list[str]:
    """`count` texts with distinct token counts (k repeated words, k = 1 .. count), shuffled."""
    texts = [" ".join(["영화"] * k) for k in range(1, count + 1)]
    return texts[::2] + texts[1::2]


def lengths_of(tokenizer, texts) -> list[int]:
    return sorted(len(tokenizer.tokenize(t)) + 2 for t in texts)


def test_tokenization_stats_has_one_row_per_text_in_order(solution, tokenizer):
    texts = [*LESSON, "정말 재미있는 영화"]
    frame = solution.tokenization_stats(tokenizer, texts)
    check_type(frame, pd.DataFrame, "q8.tokenization_stats")
    check_equal(list(frame.columns), COLUMNS, "q8.tokenization_stats", "returned columns")
    check_equal(list(frame["text"]), texts, "q8.tokenization_stats", 'returned "text"')


@pytest.mark.parametrize("text", LESSON, ids=["korean", "english"])
def test_tokenization_stats_counts_the_lesson_texts(solution, tokenizer, text):
    row = stats_row(solution, tokenizer, text)
    tokens = tokenizer.tokenize(text)
    n_words = len(text.split())
    expected = {
        "n_chars": len(text),
        "n_words": n_words,
        "n_tokens": len(tokens),
        "n_subwords": sum(t.startswith("##") for t in tokens),
        "n_unk": tokens.count(tokenizer.unk_token),
    }
    for column, value in expected.items():
        check_equal(int(row[column]), value, "q8.tokenization_stats",
                    t('returned, for {text!r} (tokens {tokens}), "{column}"',
                      text=text, tokens=tokens, column=column))
    ratio = len(tokens) / n_words
    value = float(row["tokens_per_word"])
    if not abs(value - ratio) <= 1e-12:  # NaN fails too
        rounded = [digits for digits in range(7) if value == round(ratio, digits)]
        if rounded:
            fail("q8.tokenization_stats", t('returned "tokens_per_word" {tokens_per_word} for {text!r}: '
                                            "n_tokens / n_words = {ratio!r} rounded to {digits} decimals. Keep the "
                                            "ratio as it is, unrounded", tokens_per_word=value, text=text,
                                            ratio=ratio, digits=rounded[0]))
        fail("q8.tokenization_stats", t('returned "tokens_per_word" {tokens_per_word} for {text!r}; expected '
                                        "n_tokens / n_words = {n_tokens}/{n_words}",
                                        tokens_per_word=row["tokens_per_word"], text=text, n_tokens=len(tokens),
                                        n_words=n_words))


def test_tokenization_stats_empty_text_and_unknown_symbols(solution, tokenizer):
    empty = stats_row(solution, tokenizer, "")
    for column in COLUMNS[1:]:
        check_equal(float(empty[column]), 0.0, "q8.tokenization_stats",
                    t('returned, for the empty text, "{column}"', column=column))
    text = "👍👍 최고"
    unknown = tokenizer.tokenize(text).count(tokenizer.unk_token)
    check_equal(int(stats_row(solution, tokenizer, text)["n_unk"]), unknown,
                "q8.tokenization_stats", t('returned, for {text!r}, "n_unk"', text=text))


def test_suggest_max_length_counts_cls_and_sep(solution, tokenizer):
    texts = with_lengths(20)
    got = solution.suggest_max_length(tokenizer, texts, coverage=1.0)
    check_type(got, int, "q8.suggest_max_length")
    check_equal(got, lengths_of(tokenizer, texts)[-1], "q8.suggest_max_length",
                "returned, with coverage 1.0, (the longest text's tokens + [CLS] + [SEP])")


@pytest.mark.parametrize(("count", "coverage", "kept"), [(20, 0.95, 19), (19, 0.95, 19),
                                                          (20, 0.5, 10), (10, 0.25, 3)])
def test_suggest_max_length_keeps_coverage_of_the_texts(solution, tokenizer, count, coverage,
                                                        kept):
    texts = with_lengths(count)
    check_equal(solution.suggest_max_length(tokenizer, texts, coverage=coverage),
                lengths_of(tokenizer, texts)[kept - 1], "q8.suggest_max_length",
                t("returned, for {count} texts of distinct lengths and coverage {coverage} (at least {kept} texts "
                  "must fit),",
                  count=count, coverage=coverage, kept=kept))


def test_suggest_max_length_counts_texts_longer_than_the_model_limit(solution, tokenizer):
    texts = [" ".join(["영화"] * (tokenizer.model_max_length + 10)), "영화"]
    check_equal(solution.suggest_max_length(tokenizer, texts, coverage=1.0),
                lengths_of(tokenizer, texts)[-1], "q8.suggest_max_length",
                "returned, for a text longer than the model's limit, (count it whole, without "
                "truncation)")


@pytest.mark.parametrize("coverage", [0.0, -0.5, 1.01, 95])
def test_suggest_max_length_rejects_coverage_outside_0_1(solution, tokenizer, coverage):
    try:
        solution.suggest_max_length(tokenizer, ["영화 최고"], coverage=coverage)
    except ValueError:
        return
    fail("q8.suggest_max_length", t("accepted coverage={coverage}; it must be in (0, 1]", coverage=coverage))
