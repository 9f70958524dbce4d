"""fill_mask: uses the first [MASK] without checking that there is exactly one."""

import torch


def fill_mask(model, tokenizer, text, top_k=5):
    batch = tokenizer(text, return_tensors="pt")
    position = (batch["input_ids"][0] == tokenizer.mask_token_id).nonzero().flatten()[:1]
    with torch.no_grad():
        probabilities = model(**batch).logits[0, position[0] if len(position) else 0].softmax(dim=-1)
    scores, ids = probabilities.topk(top_k)
    return [(tokenizer.decode([i]), s) for i, s in zip(ids.tolist(), scores.tolist(), strict=True)]
