"""hidden_state_shift: no length check, so different lengths fail with a RuntimeError or pass silently."""

import torch


def hidden_state_shift(model, tokenizer, text_a, text_b, position):
    with torch.no_grad():
        state_a = model(**tokenizer(text_a, return_tensors="pt")).last_hidden_state[0, position]
        state_b = model(**tokenizer(text_b, return_tensors="pt")).last_hidden_state[0, position]
    return float((state_a - state_b).norm())
