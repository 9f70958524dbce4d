"""decode: joins the tokens with spaces, leaving "##" pieces apart from their words."""

import torch


def decode(input_ids, tokenizer):
    ids = torch.as_tensor(input_ids).reshape(-1).tolist()
    tokens = tokenizer.convert_ids_to_tokens(ids)
    return " ".join(t for t in tokens if t not in tokenizer.all_special_tokens)
