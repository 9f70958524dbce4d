"""Question 3 — how a BERT tokenizer turns a review into ids (reference solution)."""

from __future__ import annotations

import torch
from transformers import PreTrainedTokenizerBase


def encode(text: str, tokenizer: PreTrainedTokenizerBase, max_length: int = 20) -> dict:
    """Tokenize one text and build BERT's model inputs.

    Returns a dict with
      - "tokens": list[str], the WordPiece tokens of `text` (no special tokens),
      - "token_ids": list[int], the vocabulary ids of those tokens,
      - "input_ids": LongTensor (1, max_length), [CLS] tokens [SEP] then [PAD]s, truncated
        to max_length when too long,
      - "attention_mask": LongTensor (1, max_length), 1 on real tokens, 0 on padding.
    """
    tokens = tokenizer.tokenize(text)
    batch = tokenizer(
        text, padding="max_length", truncation=True, max_length=max_length, return_tensors="pt"
    )
    return {
        "tokens": tokens,
        "token_ids": tokenizer.convert_tokens_to_ids(tokens),
        "input_ids": batch["input_ids"],
        "attention_mask": batch["attention_mask"],
    }


def subword_pieces(tokens: list[str]) -> list[str]:
    """The WordPiece continuation pieces (those starting with "##"), in their order."""
    return [token for token in tokens if token.startswith("##")]


def decode(input_ids: torch.Tensor | list[int], tokenizer: PreTrainedTokenizerBase) -> str:
    """Text of `input_ids` ((seq,), (1, seq) or a list) without special or padding tokens.

    Every token in `tokenizer.all_special_ids` is dropped: [CLS], [SEP], [PAD], [MASK], and [UNK]
    too (an unknown character leaves no trace in the text).
    """
    ids = torch.as_tensor(input_ids).reshape(-1).tolist()
    return tokenizer.decode(ids, skip_special_tokens=True)
