"""suggest_max_length: reads coverage as a percentage (0-100), so 95 passes and 0.95 means 0.95%."""

import math


def suggest_max_length(tokenizer, texts, coverage=0.95):
    if not 0 < coverage <= 100:
        raise ValueError(coverage)
    lengths = sorted(len(tokenizer.tokenize(text)) + 2 for text in texts)
    return lengths[max(math.ceil(coverage / 100 * len(lengths)), 1) - 1]
