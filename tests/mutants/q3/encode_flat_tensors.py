"""encode: returns input_ids and attention_mask as (max_length,) instead of (1, max_length)."""


def encode(text, tokenizer, max_length=20):
    tokens = tokenizer.tokenize(text)
    batch = tokenizer(text, padding="max_length", truncation=True, max_length=max_length, return_tensors="pt")
    return {"tokens": tokens, "token_ids": tokenizer.convert_tokens_to_ids(tokens),
            "input_ids": batch["input_ids"][0], "attention_mask": batch["attention_mask"][0]}
