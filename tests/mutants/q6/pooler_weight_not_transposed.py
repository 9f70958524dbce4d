"""pooler_from_cls: computes cls @ W + b, forgetting that nn.Linear stores W as (out, in)."""

import torch


def pooler_from_cls(model, cls):
    dense = model.pooler.dense
    with torch.no_grad():
        return torch.tanh(cls @ dense.weight + dense.bias)
