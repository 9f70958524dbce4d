"""attention_pattern: no seq_len check, so 0 gives an empty (0, 0) mask instead of ValueError."""

import torch


def attention_pattern(seq_len, causal=False):
    pattern = torch.ones(max(seq_len, 0), max(seq_len, 0), dtype=torch.bool)
    return torch.tril(pattern) if causal else pattern
