"""Question 8 — how Korean text tokenizes (reference solution)."""

from __future__ import annotations

import math

import pandas as pd
from transformers import PreTrainedTokenizerBase


def tokenization_stats(tokenizer: PreTrainedTokenizerBase, texts: list[str]) -> pd.DataFrame:
    """One row per text, in order, with columns
      - "text": the text,
      - "n_chars": len(text),
      - "n_words": white-space separated words (text.split()),
      - "n_tokens": WordPiece tokens, without [CLS] / [SEP],
      - "n_subwords": tokens that continue a word (start with "##"),
      - "n_unk": [UNK] tokens,
      - "tokens_per_word": n_tokens / n_words, 0.0 when the text has no words.
    """
    rows = []
    for text in texts:
        tokens = tokenizer.tokenize(text)
        n_words = len(text.split())
        rows.append({
            "text": text,
            "n_chars": len(text),
            "n_words": n_words,
            "n_tokens": len(tokens),
            "n_subwords": sum(token.startswith("##") for token in tokens),
            "n_unk": sum(token == tokenizer.unk_token for token in tokens),
            "tokens_per_word": len(tokens) / n_words if n_words else 0.0,
        })
    columns = ["text", "n_chars", "n_words", "n_tokens", "n_subwords", "n_unk", "tokens_per_word"]
    return pd.DataFrame(rows, columns=columns)


def suggest_max_length(
    tokenizer: PreTrainedTokenizerBase, texts: list[str], coverage: float = 0.95
) -> int:
    """The smallest max_length that keeps at least `coverage` of `texts` whole.

    A text's length counts its tokens plus [CLS] and [SEP]. `coverage` must be in (0, 1]
    (1.0 gives the longest text's length); otherwise ValueError.
    """
    if not 0 < coverage <= 1:
        raise ValueError(f"coverage must be in (0, 1], got {coverage}")
    lengths = sorted(len(tokenizer.tokenize(text)) + 2 for text in texts)
    # The k-th shortest length fits k texts; the smallest k with k >= coverage * n.
    needed = max(math.ceil(coverage * len(lengths)), 1)
    return lengths[needed - 1]
