"""encode_pair: written by hand from the docstring's truncation rule, without the tokenizer's truncation."""

import torch


def encode_pair(tokenizer, text_a, text_b, max_length=32):
    ids_a = tokenizer.convert_tokens_to_ids(tokenizer.tokenize(text_a))
    ids_b = tokenizer.convert_tokens_to_ids(tokenizer.tokenize(text_b))
    budget = max_length - 3
    if len(ids_a) + len(ids_b) > budget:
        short = min(len(ids_a), len(ids_b))
        keep_short, keep_long = (short, budget - short) if short <= budget // 2 else (budget // 2, budget - budget // 2)
        a_longer = len(ids_a) > len(ids_b)
        ids_a = ids_a[: keep_long if a_longer else keep_short]
        ids_b = ids_b[: keep_short if a_longer else keep_long]
    ids = [tokenizer.cls_token_id, *ids_a, tokenizer.sep_token_id, *ids_b, tokenizer.sep_token_id]
    n_pad = max_length - len(ids)
    return {
        "input_ids": torch.tensor([ids + [tokenizer.pad_token_id] * n_pad]),
        "token_type_ids": torch.tensor([[0] * (len(ids_a) + 2) + [1] * (len(ids_b) + 1) + [0] * n_pad]),
        "attention_mask": torch.tensor([[1] * len(ids) + [0] * n_pad]),
    }
