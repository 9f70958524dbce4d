"""Question 2 — BERT's pretraining tasks: masked LM and next sentence prediction (reference solution)."""

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
    """
    batch = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    original = batch["input_ids"]
    special_ids = sorted(set(tokenizer.all_special_ids))
    special = torch.isin(original, torch.tensor(special_ids))

    probability = torch.full(original.shape, float(mlm_probability))
    probability[special] = 0.0
    selected = torch.bernoulli(probability, generator=generator).bool()
    labels = torch.where(selected, original, torch.full_like(original, -100))

    # Of the selected: 80 % [MASK]; half of the other 20 % a random token; the rest unchanged.
    to_mask = selected & torch.bernoulli(torch.full(original.shape, 0.8), generator=generator).bool()
    to_random = (
        selected
        & ~to_mask
        & torch.bernoulli(torch.full(original.shape, 0.5), generator=generator).bool()
    )
    keep = torch.ones(len(tokenizer), dtype=torch.bool)
    keep[special_ids] = False
    candidates = keep.nonzero().flatten()
    random_ids = candidates[torch.randint(len(candidates), original.shape, generator=generator)]

    input_ids = original.clone()
    input_ids[to_mask] = tokenizer.mask_token_id
    input_ids[to_random] = random_ids[to_random]
    return {"input_ids": input_ids, "attention_mask": batch["attention_mask"], "labels": labels}


def make_nsp_pairs(sentences: list[str], seed: int = 0) -> list[tuple[str, str, int]]:
    """Next-sentence-prediction pairs: one (a, b, label) for each sentence but the last.

    With probability 1/2, b is the sentence that really follows a and label is 0
    (BertForPreTraining's next_sentence_label: 0 = "is next"); otherwise b is a random
    sentence that is neither a nor a's true successor and label is 1 ("random").
    Deterministic for a given seed. Raises ValueError for fewer than three sentences.
    """
    if len(sentences) < 3:
        raise ValueError(f"need at least three sentences for NSP pairs, got {len(sentences)}")
    rng = random.Random(seed)
    pairs = []
    for i, sentence in enumerate(sentences[:-1]):
        if rng.random() < 0.5:
            pairs.append((sentence, sentences[i + 1], 0))
        else:
            other = rng.choice([j for j in range(len(sentences)) if j not in (i, i + 1)])
            pairs.append((sentence, sentences[other], 1))
    return pairs
