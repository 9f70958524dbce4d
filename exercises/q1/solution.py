"""Question 1 — why BERT is bidirectional.

Write the three functions below. `pytest exercises/q1` checks them; `kit hint q1` helps.
"""

from __future__ import annotations

import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase


def attention_pattern(seq_len: int, causal: bool = False) -> torch.Tensor:
    """Which positions may attend to which: BoolTensor (seq_len, seq_len).

    Entry [i, j] is True when position i may attend to position j: every entry for BERT's
    bidirectional encoder, only j <= i for a causal (GPT-style) model.
    Raises ValueError when seq_len < 1.

    About 4 lines.
    """
    # TODO(q1): check seq_len, build an all-True square, keep its lower triangle when causal.
    raise NotImplementedError("q1.attention_pattern")


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

    About 9 lines.
    """
    # TODO(q1): tokenize both texts, compare lengths, run the model, take the norm of the difference.
    raise NotImplementedError("q1.hidden_state_shift")


def fill_mask(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, text: str, top_k: int = 5
) -> list[tuple[str, float]]:
    """The `top_k` most probable tokens for the one [MASK] in `text`, most probable first.

    `model` is a masked-LM model (logits: (1, seq, vocab)). Each entry is
    (token string as `tokenizer.decode([id])` writes it, softmax probability over the
    vocabulary). Raises ValueError unless `text` holds exactly one mask token.

    About 9 lines.
    """
    # TODO(q1): find the [MASK] position, softmax its logits over the vocabulary, take the top k.
    raise NotImplementedError("q1.fill_mask")
