"""Question 6 — why sentence classification reads the [CLS] vector (reference solution)."""

from __future__ import annotations

from collections.abc import Mapping

import torch
from transformers import PreTrainedModel


def cls_embedding(model: PreTrainedModel, inputs: Mapping[str, torch.Tensor]) -> torch.Tensor:
    """The final hidden state of the [CLS] token of every text in a tokenized batch.

    `model` is a BERT encoder (AutoModel) in eval mode; `inputs` is what the tokenizer
    returned with return_tensors="pt" (input_ids, token_type_ids, attention_mask:
    (batch, seq)). Returns (batch, hidden), computed without gradients.
    """
    with torch.no_grad():
        outputs = model(**inputs)
    return outputs.last_hidden_state[:, 0]


def mean_pooling(last_hidden_state: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """The mean of each text's token vectors over its real tokens only.

    last_hidden_state: (batch, seq, hidden); attention_mask: (batch, seq), 1 on real tokens
    (including [CLS] and [SEP]) and 0 on padding. Returns (batch, hidden). Padding never
    counts; a row with no real token gives zeros, never NaN.
    """
    mask = attention_mask.unsqueeze(-1).to(last_hidden_state.dtype)
    total = (last_hidden_state * mask).sum(dim=1)
    count = mask.sum(dim=1).clamp(min=1.0)
    return total / count


def pooler_from_cls(model: PreTrainedModel, cls: torch.Tensor) -> torch.Tensor:
    """BERT's pooler applied by hand to [CLS] vectors: its dense layer, then tanh.

    cls: (batch, hidden), e.g. from cls_embedding. Returns (batch, hidden), equal to the
    model's pooler_output for the same texts.
    """
    with torch.no_grad():
        return torch.tanh(model.pooler.dense(cls))
