"""tokenization_stats: counts tokens starting with "#" as pieces, so a "#" symbol counts too."""

import pandas as pd


def tokenization_stats(tokenizer, texts):
    rows = []
    for text in texts:
        tokens = tokenizer.tokenize(text)
        n_words = len(text.split())
        rows.append({"text": text, "n_chars": len(text), "n_words": n_words,
                     "n_tokens": len(tokens),
                     "n_subwords": sum(t.startswith("#") for t in tokens),
                     "n_unk": tokens.count(tokenizer.unk_token),
                     "tokens_per_word": len(tokens) / n_words if n_words else 0.0})
    return pd.DataFrame(rows, columns=["text", "n_chars", "n_words", "n_tokens", "n_subwords",
                                       "n_unk", "tokens_per_word"])
