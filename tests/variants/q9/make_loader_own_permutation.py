"""make_loader: shuffles with its own seeded permutation (a sampler), not DataLoader's generator order."""

import torch
from torch.utils.data import DataLoader

_reference_make_loader = make_loader  # noqa: F821 - the reference's, defined above this variant


def make_loader(df, tokenizer, batch_size=16, shuffle=False, max_length=128, seed=0):
    loader = _reference_make_loader(df, tokenizer, batch_size=batch_size, shuffle=False, max_length=max_length)
    order = list(range(len(df)))
    if shuffle:
        order = torch.randperm(len(df), generator=torch.Generator().manual_seed(1000 + seed)).tolist()
    return DataLoader(loader.dataset, batch_size=batch_size, sampler=order, collate_fn=loader.collate_fn)
