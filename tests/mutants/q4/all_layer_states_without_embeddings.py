"""all_layer_states: drops hidden_states[0], the embeddings output."""

import torch


def all_layer_states(model, tokenizer, text):
    with torch.no_grad():
        outputs = model(**tokenizer(text, return_tensors="pt"), output_hidden_states=True)
    return tuple(outputs.hidden_states[1:])
