"""build_optimizer: one group, weight decay on biases and LayerNorm weights too."""

import torch


def build_optimizer(model, lr=5e-5, weight_decay=0.01):
    return torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=weight_decay)
