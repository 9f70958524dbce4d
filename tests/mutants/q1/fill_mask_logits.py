"""fill_mask: returns the raw logits as scores, without the softmax."""

import torch


def fill_mask(model, tokenizer, text, top_k=5):
    batch = tokenizer(text, return_tensors="pt")
    positions = (batch["input_ids"][0] == tokenizer.mask_token_id).nonzero().flatten()
    if len(positions) != 1:
        raise ValueError(f"text must hold exactly one [MASK], found {len(positions)}")
    with torch.no_grad():
        logits = model(**batch).logits[0, positions[0]]
    scores, ids = logits.topk(top_k)
    return [(tokenizer.decode([i]), s) for i, s in zip(ids.tolist(), scores.tolist(), strict=True)]
