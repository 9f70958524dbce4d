"""forward: wraps a list in another list and keeps only the first text."""

import torch


def forward(model, tokenizer, texts):
    text = texts if isinstance(texts, str) else texts[0]
    with torch.no_grad():
        return model(**tokenizer(text, return_tensors="pt"))
