"""attention_pattern: keeps the upper triangle (j >= i), so position i sees the future instead."""

import torch


def attention_pattern(seq_len, causal=False):
    if seq_len < 1:
        raise ValueError(f"seq_len must be at least 1, got {seq_len}")
    pattern = torch.ones(seq_len, seq_len, dtype=torch.bool)
    return torch.triu(pattern) if causal else pattern
