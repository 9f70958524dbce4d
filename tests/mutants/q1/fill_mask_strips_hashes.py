"""fill_mask: strips the "##" of continuation pieces, so tokens differ from the pipeline's."""

import torch


def fill_mask(model, tokenizer, text, top_k=5):
    batch = tokenizer(text, return_tensors="pt")
    positions = (batch["input_ids"][0] == tokenizer.mask_token_id).nonzero().flatten()
    if len(positions) != 1:
        raise ValueError(f"text must hold exactly one [MASK], found {len(positions)}")
    with torch.no_grad():
        probabilities = model(**batch).logits[0, positions[0]].softmax(dim=-1)
    scores, ids = probabilities.topk(top_k)
    tokens = [tokenizer.convert_ids_to_tokens(i).removeprefix("##") for i in ids.tolist()]
    return list(zip(tokens, scores.tolist(), strict=True))
