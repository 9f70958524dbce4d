"""tokenize_and_mask: copies labels from input_ids after corrupting them, so labels hold [MASK]."""

import torch


def tokenize_and_mask(texts, tokenizer, mlm_probability=0.15, max_length=64, generator=None):
    batch = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    input_ids = batch["input_ids"].clone()
    special = torch.isin(input_ids, torch.tensor(tokenizer.all_special_ids))
    probability = torch.full(input_ids.shape, float(mlm_probability))
    probability[special] = 0.0
    selected = torch.bernoulli(probability, generator=generator).bool()
    to_mask = selected & torch.bernoulli(torch.full(input_ids.shape, 0.8), generator=generator).bool()
    to_random = selected & ~to_mask & torch.bernoulli(torch.full(input_ids.shape, 0.5), generator=generator).bool()
    keep = torch.ones(len(tokenizer), dtype=torch.bool)
    keep[tokenizer.all_special_ids] = False
    candidates = keep.nonzero().flatten()
    random_ids = candidates[torch.randint(len(candidates), input_ids.shape, generator=generator)]
    input_ids[to_mask] = tokenizer.mask_token_id
    input_ids[to_random] = random_ids[to_random]
    labels = torch.where(selected, input_ids, torch.full_like(input_ids, -100))
    return {"input_ids": input_ids, "attention_mask": batch["attention_mask"], "labels": labels}
