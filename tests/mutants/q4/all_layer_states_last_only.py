"""all_layer_states: returns last_hidden_state repeated once per layer."""

import torch


def all_layer_states(model, tokenizer, text):
    with torch.no_grad():
        outputs = model(**tokenizer(text, return_tensors="pt"))
    return (outputs.last_hidden_state,) * (model.config.num_hidden_layers + 1)
