"""encode_pair: truncation=True, the tokenizer's name for the same longest-first rule."""


def encode_pair(tokenizer, text_a, text_b, max_length=32):
    batch = tokenizer(text_a, text_b, padding="max_length", truncation=True, max_length=max_length,
                      return_tensors="pt")
    return {key: batch[key] for key in ("input_ids", "token_type_ids", "attention_mask")}
