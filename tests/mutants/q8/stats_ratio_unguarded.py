"""tokenization_stats: divides n_tokens by n_words without a guard: ZeroDivisionError on ""."""

import pandas as pd


def tokenization_stats(tokenizer, texts):
    rows = []
    for text in texts:
        tokens = tokenizer.tokenize(text)
        n_words = len(text.split())
        rows.append({"text": text, "n_chars": len(text), "n_words": n_words,
                     "n_tokens": len(tokens),
                     "n_subwords": sum(t.startswith("##") for t in tokens),
                     "n_unk": tokens.count(tokenizer.unk_token),
                     "tokens_per_word": len(tokens) / n_words})
    return pd.DataFrame(rows, columns=["text", "n_chars", "n_words", "n_tokens", "n_subwords",
                                       "n_unk", "tokens_per_word"])
