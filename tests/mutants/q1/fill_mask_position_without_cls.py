"""fill_mask: finds [MASK] in tokenizer.tokenize(text), whose index lacks the [CLS] offset."""

import torch


def fill_mask(model, tokenizer, text, top_k=5):
    tokens = tokenizer.tokenize(text)
    count = tokens.count(tokenizer.mask_token)
    if count != 1:
        raise ValueError(f"text must hold exactly one [MASK], found {count}")
    with torch.no_grad():
        logits = model(**tokenizer(text, return_tensors="pt")).logits[0, tokens.index(tokenizer.mask_token)]
    scores, ids = logits.softmax(dim=-1).topk(top_k)
    return [(tokenizer.decode([i]), s) for i, s in zip(ids.tolist(), scores.tolist(), strict=True)]
