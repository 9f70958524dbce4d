"""build_optimizer: exempts biases from weight decay but forgets LayerNorm weights."""

import torch


def build_optimizer(model, lr=5e-5, weight_decay=0.01):
    params = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    decay = [p for n, p in params if not n.endswith("bias")]
    no_decay = [p for n, p in params if n.endswith("bias")]
    return torch.optim.AdamW([{"params": decay, "weight_decay": weight_decay},
                              {"params": no_decay, "weight_decay": 0.0}], lr=lr)
