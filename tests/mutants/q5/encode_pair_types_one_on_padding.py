"""encode_pair: builds token types by hand as 0 through the first [SEP] and 1 for everything after, padding too."""

import torch


def encode_pair(tokenizer, text_a, text_b, max_length=32):
    batch = tokenizer(text_a, text_b, padding="max_length", truncation=True, max_length=max_length,
                      return_tensors="pt")
    ids = batch["input_ids"][0].tolist()
    first_sep = ids.index(tokenizer.sep_token_id)
    types = torch.tensor([[0] * (first_sep + 1) + [1] * (max_length - first_sep - 1)])
    return {"input_ids": batch["input_ids"], "token_type_ids": types, "attention_mask": batch["attention_mask"]}
