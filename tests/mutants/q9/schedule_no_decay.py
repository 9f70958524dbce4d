"""linear_warmup_schedule: warms up, then stays at the full rate instead of decaying to 0."""

import torch


def linear_warmup_schedule(optimizer, num_warmup_steps, num_training_steps):
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: min(1.0, step / max(1, num_warmup_steps)))
