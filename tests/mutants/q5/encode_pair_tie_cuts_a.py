"""encode_pair: hand-written one-token-at-a-time truncation that cuts A on a tie (the old README's rule)."""

import torch


def encode_pair(tokenizer, text_a, text_b, max_length=32):
    ids_a = tokenizer.convert_tokens_to_ids(tokenizer.tokenize(text_a))
    ids_b = tokenizer.convert_tokens_to_ids(tokenizer.tokenize(text_b))
    while len(ids_a) + len(ids_b) > max_length - 3:
        if len(ids_a) >= len(ids_b):
            ids_a = ids_a[:-1]
        else:
            ids_b = ids_b[:-1]
    ids = [tokenizer.cls_token_id, *ids_a, tokenizer.sep_token_id, *ids_b, tokenizer.sep_token_id]
    types = [0] * (len(ids_a) + 2) + [1] * (len(ids_b) + 1)
    n_pad = max_length - len(ids)
    return {
        "input_ids": torch.tensor([ids + [tokenizer.pad_token_id] * n_pad]),
        "token_type_ids": torch.tensor([types + [0] * n_pad]),
        "attention_mask": torch.tensor([[1] * len(ids) + [0] * n_pad]),
    }
