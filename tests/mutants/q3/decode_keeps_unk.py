"""decode: removes [CLS], [SEP] and [PAD] by hand and decodes the rest, so [UNK] and [MASK] stay in the text."""

import torch


def decode(input_ids, tokenizer):
    dropped = {tokenizer.cls_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id}
    ids = [i for i in torch.as_tensor(input_ids).reshape(-1).tolist() if i not in dropped]
    return tokenizer.decode(ids)
