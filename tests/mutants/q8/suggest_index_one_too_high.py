"""suggest_max_length: percentile off by one: takes lengths[int(coverage * n)] (one past the
needed text whenever coverage * n is whole)."""


def suggest_max_length(tokenizer, texts, coverage=0.95):
    if not 0 < coverage <= 1:
        raise ValueError(coverage)
    lengths = sorted(len(tokenizer.tokenize(text)) + 2 for text in texts)
    return lengths[min(int(coverage * len(lengths)), len(lengths) - 1)]
