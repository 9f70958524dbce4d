"""attention_pattern: causal mask off by one (j < i), so a position cannot attend to itself."""

import torch


def attention_pattern(seq_len, causal=False):
    if seq_len < 1:
        raise ValueError(f"seq_len must be at least 1, got {seq_len}")
    pattern = torch.ones(seq_len, seq_len, dtype=torch.bool)
    return torch.tril(pattern, diagonal=-1) if causal else pattern
