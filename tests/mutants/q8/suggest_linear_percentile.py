"""suggest_max_length: np.percentile interpolates between lengths; int() then rounds down to
a length that does not fit the share of texts asked for."""

import numpy as np


def suggest_max_length(tokenizer, texts, coverage=0.95):
    if not 0 < coverage <= 1:
        raise ValueError(coverage)
    lengths = [len(tokenizer.tokenize(text)) + 2 for text in texts]
    return int(np.percentile(lengths, coverage * 100))
