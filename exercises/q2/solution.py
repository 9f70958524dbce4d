"""Question 2 — BERT's pretraining tasks: masked LM and next sentence prediction.

Write the two functions below. `pytest exercises/q2` checks them; `kit hint q2` helps.
"""

from __future__ import annotations

import random

import torch
from transformers import PreTrainedTokenizerBase


def tokenize_and_mask(
    texts: list[str],
    tokenizer: PreTrainedTokenizerBase,
    mlm_probability: float = 0.15,
    max_length: int = 64,
    generator: torch.Generator | None = None,
) -> dict[str, torch.Tensor]:
    """Tokenize a batch and apply BERT's masked-LM corruption.

    Returns a dict of LongTensors (batch, seq), padded to the longest text and truncated
    at max_length:
      - "input_ids": the corrupted ids the model reads,
      - "attention_mask": the tokenizer's, 1 on real tokens and 0 on padding,
      - "labels": the original id at selected positions, -100 everywhere else.
    Each real token (never [CLS], [SEP] or [PAD]) is selected with probability
    mlm_probability; a selected token becomes [MASK] with probability 0.8, a random
    non-special token (ids in tokenizer.all_special_ids excluded) with probability 0.1,
    and stays as it is otherwise. All randomness comes from `generator` (torch's global
    generator when None), so the same seed gives the same result.

    About 20 lines.
    """
    # TODO(q2): tokenize, draw the selection with torch.bernoulli, then split it 80/10/10.
    raise NotImplementedError("q2.tokenize_and_mask")


def make_nsp_pairs(sentences: list[str], seed: int = 0) -> list[tuple[str, str, int]]:
    """Next-sentence-prediction pairs: one (a, b, label) for each sentence but the last.

    With probability 1/2, b is the sentence that really follows a and label is 0
    (BertForPreTraining's next_sentence_label: 0 = "is next"); otherwise b is a random
    sentence that is neither a nor a's true successor and label is 1 ("random").
    Deterministic for a given seed. Raises ValueError for fewer than three sentences.

    About 10 lines.
    """
    # TODO(q2): use random.Random(seed); flip a coin per sentence; pick negatives with care.
    raise NotImplementedError("q2.make_nsp_pairs")
