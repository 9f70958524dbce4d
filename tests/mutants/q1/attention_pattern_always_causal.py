"""attention_pattern: applies the lower triangle whatever `causal` says, as if BERT were causal."""

import torch


def attention_pattern(seq_len, causal=False):
    if seq_len < 1:
        raise ValueError(f"seq_len must be at least 1, got {seq_len}")
    return torch.tril(torch.ones(seq_len, seq_len, dtype=torch.bool))
