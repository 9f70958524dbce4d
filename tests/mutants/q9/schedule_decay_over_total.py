"""linear_warmup_schedule: decays as (total - step) / total, so the rate drops right after warmup."""

import torch


def linear_warmup_schedule(optimizer, num_warmup_steps, num_training_steps):
    def factor(step):
        if step < num_warmup_steps:
            return step / max(1, num_warmup_steps)
        return max(0.0, (num_training_steps - step) / num_training_steps)

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)
