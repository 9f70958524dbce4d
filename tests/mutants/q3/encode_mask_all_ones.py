"""encode: builds the attention mask by hand as all ones, so padding is attended to."""

import torch


def encode(text, tokenizer, max_length=20):
    tokens = tokenizer.tokenize(text)
    batch = tokenizer(text, padding="max_length", truncation=True, max_length=max_length, return_tensors="pt")
    return {"tokens": tokens, "token_ids": tokenizer.convert_tokens_to_ids(tokens),
            "input_ids": batch["input_ids"], "attention_mask": torch.ones_like(batch["input_ids"])}
