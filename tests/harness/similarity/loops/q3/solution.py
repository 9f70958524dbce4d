"""Q3 written with loops: the ids padded by hand instead of the tokenizer's padding."""

import torch


def encode(text, tokenizer, max_length=20):
    pieces = tokenizer.tokenize(text)
    ids = tokenizer.convert_tokens_to_ids(pieces)
    body = ids[: max_length - 2]
    row = [tokenizer.cls_token_id] + body + [tokenizer.sep_token_id]
    mask = [1] * len(row) + [0] * (max_length - len(row))
    row = row + [tokenizer.pad_token_id] * (max_length - len(row))
    return {"tokens": pieces, "token_ids": ids,
            "input_ids": torch.tensor([row], dtype=torch.long),
            "attention_mask": torch.tensor([mask], dtype=torch.long)}


def subword_pieces(tokens):
    out = []
    for t in tokens:
        if t[:2] == "##":
            out.append(t)
    return out


def decode(input_ids, tokenizer):
    if isinstance(input_ids, torch.Tensor):
        input_ids = input_ids.flatten().tolist()
    keep = [i for i in input_ids if i not in set(tokenizer.all_special_ids)]
    return tokenizer.decode(keep)
