"""Question 3 — how a BERT tokenizer turns a review into ids.

Write the three functions below. `pytest exercises/q3` checks them; `kit hint q3` helps.
"""

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

    About 8 lines. transformers 5 has no `encode_plus`: call the tokenizer itself.
    """
    # TODO(q3): tokenize, convert tokens to ids, and call the tokenizer for the tensors.
    raise NotImplementedError("q3.encode")


def subword_pieces(tokens: list[str]) -> list[str]:
    """The WordPiece continuation pieces (those starting with "##"), in their order.

    About 1 line.
    """
    # TODO(q3): keep the tokens that continue a word.
    raise NotImplementedError("q3.subword_pieces")


def decode(input_ids: torch.Tensor | list[int], tokenizer: PreTrainedTokenizerBase) -> str:
    """Text of `input_ids` ((seq,), (1, seq) or a list) without special or padding tokens.

    Every token in `tokenizer.all_special_ids` is dropped: [CLS], [SEP], [PAD], [MASK], and [UNK]
    too (an unknown character leaves no trace in the text).

    About 2 lines.
    """
    # TODO(q3): flatten the ids and let the tokenizer decode them, skipping special tokens.
    raise NotImplementedError("q3.decode")
