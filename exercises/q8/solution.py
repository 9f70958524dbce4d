"""Question 8 — how Korean text tokenizes.

Write the two functions below. `pytest exercises/q8` checks them; `kit hint q8` helps.
"""

from __future__ import annotations

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

    About 15 lines.
    """
    # TODO(q8): tokenize each text, count, and build the DataFrame with these columns.
    raise NotImplementedError("q8.tokenization_stats")


def suggest_max_length(
    tokenizer: PreTrainedTokenizerBase, texts: list[str], coverage: float = 0.95
) -> int:
    """The smallest max_length that keeps at least `coverage` of `texts` whole.

    A text's length counts its tokens plus [CLS] and [SEP]. `coverage` must be in (0, 1]
    (1.0 gives the longest text's length); otherwise ValueError.

    About 6 lines.
    """
    # TODO(q8): check coverage, sort the lengths, pick the ceil(coverage * n)-th shortest.
    raise NotImplementedError("q8.suggest_max_length")
