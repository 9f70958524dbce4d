"""Question 7 — full fine-tuning vs feature extraction.

Write the five functions below. `pytest exercises/q7` checks them; `kit hint q7` helps.
"""

from __future__ import annotations

import pandas as pd
from transformers import PreTrainedModel


def count_parameters(model: PreTrainedModel, trainable_only: bool = False) -> int:
    """Number of parameter values (elements, not tensors) in `model`.

    With trainable_only=True, only those of parameters that require gradients. A parameter
    shared by two modules (tied weights) counts once.

    About 1 line.
    """
    # TODO(q7): sum numel() over model.parameters(), filtering on requires_grad when asked.
    raise NotImplementedError("q7.count_parameters")


def freeze_encoder(model: PreTrainedModel) -> PreTrainedModel:
    """Feature extraction: freeze the pretrained encoder, keep the task head trainable.

    Every parameter of `model.base_model` (embeddings, layers, pooler) stops requiring
    gradients; every other parameter (the classification head) requires them. Works for any
    AutoModelForSequenceClassification and any num_labels; calling it twice changes nothing.
    Returns the same model.

    About 5 lines.
    """
    # TODO(q7): set requires_grad on every parameter: False inside model.base_model, else True.
    raise NotImplementedError("q7.freeze_encoder")


def unfreeze_top_layers(model: PreTrainedModel, n: int) -> PreTrainedModel:
    """Gradual unfreezing of a BERT classifier: only the top `n` transformer layers learn.

    Embeddings frozen; of the layers in `model.base_model.encoder.layer`, the last `n`
    trainable and the others frozen; the pooler trainable when n > 0; the head always
    trainable. The result does not depend on what was frozen before. `n` below 0 or above
    the number of layers raises ValueError. Returns the same model.

    About 10 lines.
    """
    # TODO(q7): check n, freeze the encoder, then unfreeze the last n layers (and the pooler).
    raise NotImplementedError("q7.unfreeze_top_layers")


def choose_strategy(n_labeled: int) -> str:
    """The lesson's guide for how much of BERT to train, from the number of labelled examples.

    Fewer than 1,000 → "feature_extraction"; 1,000 to 10,000 inclusive → "compare_both";
    more than 10,000 → "full_finetuning". A negative count raises ValueError.

    About 7 lines.
    """
    # TODO(q7): reject negative counts, then compare with the two thresholds.
    raise NotImplementedError("q7.choose_strategy")


def trainable_summary(model: PreTrainedModel) -> pd.DataFrame:
    """One row per block of `model`, in model order, with columns
      - "block": "embeddings", "encoder.layer.0", ..., "pooler", then the head's modules
        (e.g. "classifier"); names are relative to model.base_model for its blocks,
      - "parameters": int, parameter values in the block,
      - "trainable": int, those that require gradients.
    The columns sum to count_parameters(model) and count_parameters(model, True).

    About 12 lines.
    """
    # TODO(q7): walk model.named_parameters() in order, map each name to its block, add up.
    raise NotImplementedError("q7.trainable_summary")
