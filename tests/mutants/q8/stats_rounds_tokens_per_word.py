"""tokenization_stats: rounds tokens_per_word to two decimals instead of keeping n_tokens / n_words."""


def tokenization_stats(tokenizer, texts):
    import pandas as pd

    rows = []
    for text in texts:
        tokens = tokenizer.tokenize(text)
        n_words = len(text.split())
        rows.append({"text": text, "n_chars": len(text), "n_words": n_words, "n_tokens": len(tokens),
                     "n_subwords": sum(t.startswith("##") for t in tokens),
                     "n_unk": sum(t == tokenizer.unk_token for t in tokens),
                     "tokens_per_word": round(len(tokens) / n_words, 2) if n_words else 0.0})
    return pd.DataFrame(rows, columns=["text", "n_chars", "n_words", "n_tokens", "n_subwords", "n_unk",
                                       "tokens_per_word"])
