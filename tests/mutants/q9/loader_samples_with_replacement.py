"""make_loader: shuffles by sampling with replacement (RandomSampler(replacement=True)): seeded, but not a permutation."""

import torch
from torch.utils.data import DataLoader, RandomSampler

_reference_make_loader = make_loader


def make_loader(df, tokenizer, batch_size=16, shuffle=False, max_length=128, seed=0):
    loader = _reference_make_loader(df, tokenizer, batch_size=batch_size, shuffle=False, max_length=max_length)
    if not shuffle:
        return loader
    sampler = RandomSampler(loader.dataset, replacement=True, generator=torch.Generator().manual_seed(seed))
    return DataLoader(loader.dataset, batch_size=batch_size, sampler=sampler, collate_fn=loader.collate_fn)
