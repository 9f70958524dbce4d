"""Hypothesis strategies for review-like text: Korean syllables, English words, digits, marks."""

from __future__ import annotations

from hypothesis import strategies as st

from kit.learn import hypothesis_profile

hypothesis_profile.load()

# Common Hangul syllables from reviews, plus the whole syllable block drawn at random.
COMMON_SYLLABLES = "영화정말재미있다없는최고진짜배우연기스토리감동너무보고싶은"
KOREAN_WORD = st.text(
    alphabet=st.one_of(st.sampled_from(COMMON_SYLLABLES), st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)),
    min_size=1,
    max_size=5,
)
ENGLISH_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8)
OTHER_WORD = st.sampled_from(["!", "?", "...", "ㅋㅋ", "10점", "2024", "^^", ",", "ㅠㅠ"])
WORD = st.one_of(KOREAN_WORD, KOREAN_WORD, ENGLISH_WORD, OTHER_WORD)


def review_text(min_words: int = 1, max_words: int = 12) -> st.SearchStrategy[str]:
    """A short review-like text: words joined by single spaces."""
    return st.lists(WORD, min_size=min_words, max_size=max_words).map(" ".join)
