"""tokenize_and_mask: ignores the caller's generator and seeds its own, so every seed gives the same masks."""

import torch


def tokenize_and_mask(texts, tokenizer, mlm_probability=0.15, max_length=64, generator=None):
    generator = torch.Generator().manual_seed(0)  # its own seed, whatever the caller passed
    batch = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    original = batch["input_ids"]
    special = torch.isin(original, torch.tensor(tokenizer.all_special_ids))
    probability = torch.full(original.shape, float(mlm_probability))
    probability[special] = 0.0
    selected = torch.bernoulli(probability, generator=generator).bool()
    labels = torch.where(selected, original, torch.full_like(original, -100))
    to_mask = selected & torch.bernoulli(torch.full(original.shape, 0.8), generator=generator).bool()
    to_random = selected & ~to_mask & torch.bernoulli(torch.full(original.shape, 0.5), generator=generator).bool()
    keep = torch.ones(len(tokenizer), dtype=torch.bool)
    keep[tokenizer.all_special_ids] = False
    candidates = keep.nonzero().flatten()
    random_ids = candidates[torch.randint(len(candidates), original.shape, generator=generator)]
    input_ids = original.clone()
    input_ids[to_mask] = tokenizer.mask_token_id
    input_ids[to_random] = random_ids[to_random]
    return {"input_ids": input_ids, "attention_mask": batch["attention_mask"], "labels": labels}
