"""encode: forgets truncation=True, so a long review comes back longer than max_length."""


def encode(text, tokenizer, max_length=20):
    tokens = tokenizer.tokenize(text)
    batch = tokenizer(text, padding="max_length", max_length=max_length, return_tensors="pt")
    return {"tokens": tokens, "token_ids": tokenizer.convert_tokens_to_ids(tokens),
            "input_ids": batch["input_ids"], "attention_mask": batch["attention_mask"]}
