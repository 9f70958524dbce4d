"""fill_mask: softmax over the sequence dimension (dim=1) instead of the vocabulary."""

import torch


def fill_mask(model, tokenizer, text, top_k=5):
    batch = tokenizer(text, return_tensors="pt")
    positions = (batch["input_ids"][0] == tokenizer.mask_token_id).nonzero().flatten()
    if len(positions) != 1:
        raise ValueError(f"text must hold exactly one [MASK], found {len(positions)}")
    with torch.no_grad():
        probabilities = model(**batch).logits.softmax(dim=1)[0, positions[0]]
    scores, ids = probabilities.topk(top_k)
    return [(tokenizer.decode([i]), s) for i, s in zip(ids.tolist(), scores.tolist(), strict=True)]
