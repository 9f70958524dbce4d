"""Question 4 — what a BERT encoder returns.

Write the four functions below. `pytest exercises/q4` checks them; `kit hint q4` helps.
"""

from __future__ import annotations

import torch
from transformers import AutoModel, AutoTokenizer, PreTrainedModel, PreTrainedTokenizerBase
from transformers.modeling_outputs import BaseModelOutputWithPooling

from kit.assets import model_name_or_path


def load_encoder(name_or_path: str | None = None) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """(model, tokenizer) for `name_or_path` via AutoModel / AutoTokenizer, model in eval mode.

    `None` means the kit's model (`kit.assets.model_name_or_path()`: the tiny Korean BERT
    unless `--model` / KIT_MODEL names another). About 5 lines.
    """
    # TODO(q4): load both with from_pretrained and switch the model to eval mode.
    raise NotImplementedError("q4.load_encoder")


def forward(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, texts: str | list[str]
) -> BaseModelOutputWithPooling:
    """Run the encoder on one text or a list, as one padded batch, without gradients.

    Output fields: last_hidden_state (batch, seq, hidden), pooler_output (batch, hidden).
    About 4 lines.
    """
    # TODO(q4): tokenize with padding into tensors, then call the model under torch.no_grad().
    raise NotImplementedError("q4.forward")


def output_shapes(outputs: BaseModelOutputWithPooling) -> dict[str, tuple[int, ...]]:
    """{"last_hidden_state": (batch, seq, hidden), "pooler_output": (batch, hidden)} as int tuples.

    About 4 lines.
    """
    # TODO(q4): read the two shapes and turn them into plain tuples of ints.
    raise NotImplementedError("q4.output_shapes")


def all_layer_states(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, text: str
) -> tuple[torch.Tensor, ...]:
    """The embeddings output then every layer's output: num_hidden_layers + 1 tensors,
    each (1, seq, hidden), without gradients.

    About 4 lines.
    """
    # TODO(q4): ask the model for its hidden states.
    raise NotImplementedError("q4.all_layer_states")
