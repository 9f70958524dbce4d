"""Question 7 — full fine-tuning vs feature extraction (reference solution)."""

from __future__ import annotations

import pandas as pd
from transformers import PreTrainedModel

FEATURE_EXTRACTION_BELOW = 1_000
FULL_FINETUNING_ABOVE = 10_000


def count_parameters(model: PreTrainedModel, trainable_only: bool = False) -> int:
    """Number of parameter values (elements, not tensors) in `model`.

    With trainable_only=True, only those of parameters that require gradients. A parameter
    shared by two modules (tied weights) counts once.
    """
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def freeze_encoder(model: PreTrainedModel) -> PreTrainedModel:
    """Feature extraction: freeze the pretrained encoder, keep the task head trainable.

    Every parameter of `model.base_model` (embeddings, layers, pooler) stops requiring
    gradients; every other parameter (the classification head) requires them. Works for any
    AutoModelForSequenceClassification and any num_labels; calling it twice changes nothing.
    Returns the same model.
    """
    encoder = {id(p) for p in model.base_model.parameters()}
    for parameter in model.parameters():
        parameter.requires_grad = id(parameter) not in encoder
    return model


def unfreeze_top_layers(model: PreTrainedModel, n: int) -> PreTrainedModel:
    """Gradual unfreezing of a BERT classifier: only the top `n` transformer layers learn.

    Embeddings frozen; of the layers in `model.base_model.encoder.layer`, the last `n`
    trainable and the others frozen; the pooler trainable when n > 0; the head always
    trainable. The result does not depend on what was frozen before. `n` below 0 or above
    the number of layers raises ValueError. Returns the same model.
    """
    layers = model.base_model.encoder.layer
    if not 0 <= n <= len(layers):
        raise ValueError(f"n must be between 0 and {len(layers)} (the number of layers), got {n}")
    freeze_encoder(model)
    trainable = list(layers[len(layers) - n :])
    pooler = getattr(model.base_model, "pooler", None)
    if n > 0 and pooler is not None:
        trainable.append(pooler)
    for module in trainable:
        for parameter in module.parameters():
            parameter.requires_grad = True
    return model


def choose_strategy(n_labeled: int) -> str:
    """The lesson's guide for how much of BERT to train, from the number of labelled examples.

    Fewer than 1,000 → "feature_extraction"; 1,000 to 10,000 inclusive → "compare_both";
    more than 10,000 → "full_finetuning". A negative count raises ValueError.
    """
    if n_labeled < 0:
        raise ValueError(f"n_labeled must be at least 0, got {n_labeled}")
    if n_labeled < FEATURE_EXTRACTION_BELOW:
        return "feature_extraction"
    if n_labeled <= FULL_FINETUNING_ABOVE:
        return "compare_both"
    return "full_finetuning"


def trainable_summary(model: PreTrainedModel) -> pd.DataFrame:
    """One row per block of `model`, in model order, with columns
      - "block": "embeddings", "encoder.layer.0", ..., "pooler", then the head's modules
        (e.g. "classifier"); names are relative to model.base_model for its blocks,
      - "parameters": int, parameter values in the block,
      - "trainable": int, those that require gradients.
    The columns sum to count_parameters(model) and count_parameters(model, True).
    """
    prefix = model.base_model_prefix + "."
    rows: dict[str, list[int]] = {}
    for name, parameter in model.named_parameters():
        parts = name.removeprefix(prefix).split(".")
        is_layer = len(parts) > 2 and parts[1] == "layer" and parts[2].isdigit()
        block = ".".join(parts[:3]) if is_layer else parts[0]
        counts = rows.setdefault(block, [0, 0])
        counts[0] += parameter.numel()
        counts[1] += parameter.numel() if parameter.requires_grad else 0
    return pd.DataFrame(
        [(block, total, trainable) for block, (total, trainable) in rows.items()],
        columns=["block", "parameters", "trainable"],
    )
