"""suggest_max_length: checks 0 <= coverage <= 1, so coverage 0 is accepted."""

import math


def suggest_max_length(tokenizer, texts, coverage=0.95):
    if not 0 <= coverage <= 1:
        raise ValueError(coverage)
    lengths = sorted(len(tokenizer.tokenize(text)) + 2 for text in texts)
    return lengths[max(math.ceil(coverage * len(lengths)), 1) - 1]
