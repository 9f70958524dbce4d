"""Question 5 — BERT's special tokens and sentence pairs (reference solution)."""

from __future__ import annotations

import torch
from transformers import PreTrainedTokenizerBase

SPECIAL_TOKENS = ("[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]")


def special_token_ids(tokenizer: PreTrainedTokenizerBase) -> dict[str, int]:
    """The vocabulary ids of [CLS], [SEP], [PAD], [MASK] and [UNK], keyed by those strings."""
    return {token: tokenizer.convert_tokens_to_ids(token) for token in SPECIAL_TOKENS}


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
    """
    batch = tokenizer(
        text_a,
        text_b,
        padding="max_length",
        truncation="longest_first",
        max_length=max_length,
        return_tensors="pt",
    )
    return {key: batch[key] for key in ("input_ids", "token_type_ids", "attention_mask")}


def special_token_positions(
    input_ids: torch.Tensor, tokenizer: PreTrainedTokenizerBase
) -> dict[str, list[int]]:
    """Where each special token occurs in `input_ids` ((seq,) or (1, seq)).

    Keys are the special tokens present (e.g. "[CLS]", "[SEP]", "[PAD]"), values their
    positions in increasing order; a special token that does not occur has no key.
    """
    special = set(tokenizer.all_special_ids)
    positions: dict[str, list[int]] = {}
    for position, token_id in enumerate(input_ids.reshape(-1).tolist()):
        if token_id in special:
            positions.setdefault(tokenizer.convert_ids_to_tokens(token_id), []).append(position)
    return positions
