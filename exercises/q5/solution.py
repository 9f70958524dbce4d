"""Question 5 — BERT's special tokens and sentence pairs.

Write the three functions below. `pytest exercises/q5` checks them; `kit hint q5` helps.
"""

from __future__ import annotations

import torch
from transformers import PreTrainedTokenizerBase


def special_token_ids(tokenizer: PreTrainedTokenizerBase) -> dict[str, int]:
    """The vocabulary ids of [CLS], [SEP], [PAD], [MASK] and [UNK], keyed by those strings.

    About 2 lines.
    """
    # TODO(q5): look each special token up in the tokenizer's vocabulary.
    raise NotImplementedError("q5.special_token_ids")


def encode_pair(
    tokenizer: PreTrainedTokenizerBase, text_a: str, text_b: str, max_length: int = 32
) -> dict[str, torch.Tensor]:
    """Encode a sentence pair for BERT as LongTensors (1, max_length).

    Returns "input_ids" laid out as [CLS] A [SEP] B [SEP] [PAD]..., "token_type_ids"
    (0 up to and including the first [SEP], 1 for B and its [SEP], 0 on padding) and
    "attention_mask" (1 on real tokens, 0 on padding). A pair that does not fit is cut
    longest-first, from the ends, the way `tokenizer(text_a, text_b, truncation=True)` does:
    A and B share budget = max_length - 3 places. When the shorter fits in budget // 2 it is
    kept whole and the longer gets the rest; otherwise both get budget // 2 and an odd extra
    place goes to the longer sentence (to B when they are equally long).

    About 4 lines.
    """
    # TODO(q5): call the tokenizer with both texts, padding and truncation to max_length.
    raise NotImplementedError("q5.encode_pair")


def special_token_positions(
    input_ids: torch.Tensor, tokenizer: PreTrainedTokenizerBase
) -> dict[str, list[int]]:
    """Where each special token occurs in `input_ids` ((seq,) or (1, seq)).

    Keys are the special tokens present (e.g. "[CLS]", "[SEP]", "[PAD]"), values their
    positions in increasing order; a special token that does not occur has no key.

    About 6 lines.
    """
    # TODO(q5): flatten the ids, walk through them, and collect the positions of special ids.
    raise NotImplementedError("q5.special_token_positions")
