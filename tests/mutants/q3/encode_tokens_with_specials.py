"""encode: "tokens" taken from input_ids, so they include [CLS], [SEP] and [PAD]."""


def encode(text, tokenizer, max_length=20):
    batch = tokenizer(text, padding="max_length", truncation=True, max_length=max_length, return_tensors="pt")
    tokens = tokenizer.convert_ids_to_tokens(batch["input_ids"][0].tolist())
    return {"tokens": tokens, "token_ids": batch["input_ids"][0].tolist(),
            "input_ids": batch["input_ids"], "attention_mask": batch["attention_mask"]}
