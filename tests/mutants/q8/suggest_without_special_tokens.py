"""suggest_max_length: measures the tokens only, forgetting the [CLS] and [SEP] the model adds."""

import math


def suggest_max_length(tokenizer, texts, coverage=0.95):
    if not 0 < coverage <= 1:
        raise ValueError(coverage)
    lengths = sorted(len(tokenizer.tokenize(text)) for text in texts)
    return lengths[max(math.ceil(coverage * len(lengths)), 1) - 1]
