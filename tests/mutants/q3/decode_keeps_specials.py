"""decode: forgets skip_special_tokens, so [CLS], [SEP] and [PAD] stay in the text."""

import torch


def decode(input_ids, tokenizer):
    return tokenizer.decode(torch.as_tensor(input_ids).reshape(-1).tolist())
