"""attention_pattern: returns torch.ones' default float 1.0/0.0 instead of a BoolTensor."""

import torch


def attention_pattern(seq_len, causal=False):
    if seq_len < 1:
        raise ValueError(f"seq_len must be at least 1, got {seq_len}")
    pattern = torch.ones(seq_len, seq_len)
    return torch.tril(pattern) if causal else pattern
