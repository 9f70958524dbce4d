"""forward: passes only input_ids, so padded texts attend to their [PAD] tokens."""

import torch


def forward(model, tokenizer, texts):
    batch = tokenizer(texts, padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        return model(input_ids=batch["input_ids"])
