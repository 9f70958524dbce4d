"""evaluate: takes argmax over the batch axis (dim 0) instead of the label axis."""

import torch


def evaluate(model, loader, device):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for batch in loader:
            batch = {k: v.to(device) for k, v in batch.items()}
            logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
            predictions = logits.argmax(0)[: len(batch["labels"])]
            correct += (predictions == batch["labels"][: len(predictions)]).sum().item()
            total += len(batch["labels"])
    return correct / total
