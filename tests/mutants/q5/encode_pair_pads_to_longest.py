"""encode_pair: padding=True pads to the longest in the batch, which for one pair is no padding."""


def encode_pair(tokenizer, text_a, text_b, max_length=32):
    batch = tokenizer(text_a, text_b, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    return {key: batch[key] for key in ("input_ids", "token_type_ids", "attention_mask")}
