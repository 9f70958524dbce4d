"""encode_pair: hand-built token types switch to 1 at the first [SEP] instead of after it."""

import torch


def encode_pair(tokenizer, text_a, text_b, max_length=32):
    batch = tokenizer(text_a, text_b, padding="max_length", truncation=True, max_length=max_length,
                      return_tensors="pt")
    ids = batch["input_ids"][0].tolist()
    first_sep = ids.index(tokenizer.sep_token_id)
    real = int(batch["attention_mask"].sum())
    types = torch.tensor([[0] * first_sep + [1] * (real - first_sep) + [0] * (max_length - real)])
    return {"input_ids": batch["input_ids"], "token_type_ids": types, "attention_mask": batch["attention_mask"]}
