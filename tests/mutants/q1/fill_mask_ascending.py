"""fill_mask: sorts the top k by score ascending, so the most probable token comes last."""

import torch


def fill_mask(model, tokenizer, text, top_k=5):
    batch = tokenizer(text, return_tensors="pt")
    positions = (batch["input_ids"][0] == tokenizer.mask_token_id).nonzero().flatten()
    if len(positions) != 1:
        raise ValueError(f"text must hold exactly one [MASK], found {len(positions)}")
    with torch.no_grad():
        probabilities = model(**batch).logits[0, positions[0]].softmax(dim=-1)
    scores, ids = probabilities.topk(top_k)
    pairs = [(tokenizer.decode([i]), s) for i, s in zip(ids.tolist(), scores.tolist(), strict=True)]
    return sorted(pairs, key=lambda pair: pair[1])
