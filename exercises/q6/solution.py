"""Question 6 — why sentence classification reads the [CLS] vector.

Write the three functions below. `pytest exercises/q6` checks them; `kit hint q6` helps.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch
from transformers import PreTrainedModel


def cls_embedding(model: PreTrainedModel, inputs: Mapping[str, torch.Tensor]) -> torch.Tensor:
    """The final hidden state of the [CLS] token of every text in a tokenized batch.

    `model` is a BERT encoder (AutoModel) in eval mode; `inputs` is what the tokenizer
    returned with return_tensors="pt" (input_ids, token_type_ids, attention_mask:
    (batch, seq)). Returns (batch, hidden), computed without gradients.

    About 3 lines.
    """
    # TODO(q6): run the model on all of `inputs` without gradients; keep position 0.
    raise NotImplementedError("q6.cls_embedding")


def mean_pooling(last_hidden_state: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """The mean of each text's token vectors over its real tokens only.

    last_hidden_state: (batch, seq, hidden); attention_mask: (batch, seq), 1 on real tokens
    (including [CLS] and [SEP]) and 0 on padding. Returns (batch, hidden). Padding never
    counts; a row with no real token gives zeros, never NaN.

    About 4 lines.
    """
    # TODO(q6): weight the vectors by the mask, sum over seq, divide by the real-token count.
    raise NotImplementedError("q6.mean_pooling")


def pooler_from_cls(model: PreTrainedModel, cls: torch.Tensor) -> torch.Tensor:
    """BERT's pooler applied by hand to [CLS] vectors: its dense layer, then tanh.

    cls: (batch, hidden), e.g. from cls_embedding. Returns (batch, hidden), equal to the
    model's pooler_output for the same texts.

    About 2 lines.
    """
    # TODO(q6): apply model.pooler.dense, then torch.tanh.
    raise NotImplementedError("q6.pooler_from_cls")
