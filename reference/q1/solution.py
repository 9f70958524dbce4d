"""Question 1 — why BERT is bidirectional (reference solution)."""

from __future__ import annotations

import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase


def attention_pattern(seq_len: int, causal: bool = False) -> torch.Tensor:
    """Which positions may attend to which: BoolTensor (seq_len, seq_len).

    Entry [i, j] is True when position i may attend to position j: every entry for BERT's
    bidirectional encoder, only j <= i for a causal (GPT-style) model.
    Raises ValueError when seq_len < 1.
    """
    if seq_len < 1:
        raise ValueError(f"seq_len must be at least 1, got {seq_len}")
    pattern = torch.ones(seq_len, seq_len, dtype=torch.bool)
    return torch.tril(pattern) if causal else pattern


def hidden_state_shift(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    text_a: str,
    text_b: str,
    position: int,
) -> float:
    """How far the last hidden state at token `position` moves when text_a becomes text_b.

    Both texts are tokenized with [CLS] and [SEP] (position 0 is [CLS]); the result is the
    L2 norm of last_hidden_state[0, position] (hidden,) of text_a minus that of text_b,
    as a Python float, computed without gradients.
    Raises ValueError, naming both lengths, when the texts tokenize to different lengths.
    """
    # The inputs go where the model is (a notebook may have put it on a GPU).
    batch_a = tokenizer(text_a, return_tensors="pt").to(model.device)
    batch_b = tokenizer(text_b, return_tensors="pt").to(model.device)
    len_a, len_b = batch_a["input_ids"].shape[1], batch_b["input_ids"].shape[1]
    if len_a != len_b:
        raise ValueError(f"text_a has {len_a} tokens but text_b has {len_b}; they must match")
    with torch.no_grad():
        state_a = model(**batch_a).last_hidden_state[0, position]
        state_b = model(**batch_b).last_hidden_state[0, position]
    return float(torch.linalg.vector_norm(state_a - state_b))


def fill_mask(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, text: str, top_k: int = 5
) -> list[tuple[str, float]]:
    """The `top_k` most probable tokens for the one [MASK] in `text`, most probable first.

    `model` is a masked-LM model (logits: (1, seq, vocab)). Each entry is
    (token string as `tokenizer.decode([id])` writes it, softmax probability over the
    vocabulary). Raises ValueError unless `text` holds exactly one mask token.
    """
    batch = tokenizer(text, return_tensors="pt").to(model.device)
    positions = (batch["input_ids"][0] == tokenizer.mask_token_id).nonzero().flatten()
    if len(positions) != 1:
        raise ValueError(
            f"text must hold exactly one {tokenizer.mask_token}, found {len(positions)}"
        )
    with torch.no_grad():
        logits = model(**batch).logits[0, positions[0]]
    probabilities, ids = logits.softmax(dim=-1).topk(top_k)
    return [
        (tokenizer.decode([token_id]), probability)
        for token_id, probability in zip(ids.tolist(), probabilities.tolist(), strict=True)
    ]
