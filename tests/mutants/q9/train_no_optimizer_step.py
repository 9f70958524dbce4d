"""train_epoch: computes and clips gradients but never calls optimizer.step()."""

import torch


def train_epoch(model, loader, optimizer, device, scheduler=None, max_grad_norm=1.0):
    model.train()
    losses = []
    for batch in loader:
        batch = {k: v.to(device) for k, v in batch.items()}
        optimizer.zero_grad()
        loss = model(**batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_grad_norm)
        if scheduler is not None:
            scheduler.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
