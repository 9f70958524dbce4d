"""hidden_state_shift: compares the embedding layer's output (hidden_states[0]), not the last layer."""

import torch


def hidden_state_shift(model, tokenizer, text_a, text_b, position):
    batch_a = tokenizer(text_a, return_tensors="pt")
    batch_b = tokenizer(text_b, return_tensors="pt")
    len_a, len_b = batch_a["input_ids"].shape[1], batch_b["input_ids"].shape[1]
    if len_a != len_b:
        raise ValueError(f"text_a has {len_a} tokens but text_b has {len_b}")
    with torch.no_grad():
        state_a = model(**batch_a, output_hidden_states=True).hidden_states[0][0, position]
        state_b = model(**batch_b, output_hidden_states=True).hidden_states[0][0, position]
    return float((state_a - state_b).norm())
