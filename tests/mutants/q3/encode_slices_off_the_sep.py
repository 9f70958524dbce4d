"""encode: encodes the whole text, then slices input_ids to max_length, which cuts off the closing [SEP]."""


def encode(text, tokenizer, max_length=20):
    tokens = tokenizer.tokenize(text)
    batch = tokenizer(text, padding="max_length", max_length=max_length, return_tensors="pt")
    return {"tokens": tokens, "token_ids": tokenizer.convert_tokens_to_ids(tokens),
            "input_ids": batch["input_ids"][:, :max_length], "attention_mask": batch["attention_mask"][:, :max_length]}
