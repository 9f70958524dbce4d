"""Question 4 — what a BERT encoder returns (reference solution)."""

from __future__ import annotations

import torch
from transformers import AutoModel, AutoTokenizer, PreTrainedModel, PreTrainedTokenizerBase
from transformers.modeling_outputs import BaseModelOutputWithPooling

from kit.assets import model_name_or_path


def load_encoder(name_or_path: str | None = None) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """(model, tokenizer) for `name_or_path` via AutoModel / AutoTokenizer, model in eval mode.

    `None` means the kit's model (`kit.assets.model_name_or_path()`: the tiny Korean BERT
    unless `--model` / KIT_MODEL names another).
    """
    name = name_or_path or model_name_or_path()
    model = AutoModel.from_pretrained(name)
    model.eval()
    return model, AutoTokenizer.from_pretrained(name)


def forward(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, texts: str | list[str]
) -> BaseModelOutputWithPooling:
    """Run the encoder on one text or a list, as one padded batch, without gradients.

    Output fields: last_hidden_state (batch, seq, hidden), pooler_output (batch, hidden).
    """
    batch = tokenizer(texts, padding=True, truncation=True, return_tensors="pt").to(model.device)
    with torch.no_grad():
        return model(**batch)


def output_shapes(outputs: BaseModelOutputWithPooling) -> dict[str, tuple[int, ...]]:
    """{"last_hidden_state": (batch, seq, hidden), "pooler_output": (batch, hidden)} as int tuples."""
    return {
        "last_hidden_state": tuple(int(n) for n in outputs.last_hidden_state.shape),
        "pooler_output": tuple(int(n) for n in outputs.pooler_output.shape),
    }


def all_layer_states(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, text: str
) -> tuple[torch.Tensor, ...]:
    """The embeddings output then every layer's output: num_hidden_layers + 1 tensors,
    each (1, seq, hidden), without gradients."""
    batch = tokenizer(text, return_tensors="pt").to(model.device)
    with torch.no_grad():
        outputs = model(**batch, output_hidden_states=True)
    return tuple(outputs.hidden_states)
