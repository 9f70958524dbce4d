"""all_layer_states: returns a list instead of the tuple the docstring asks for."""

import torch


def all_layer_states(model, tokenizer, text):
    with torch.no_grad():
        outputs = model(**tokenizer(text, return_tensors="pt"), output_hidden_states=True)
    return list(outputs.hidden_states)
