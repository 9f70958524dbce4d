"""encode_pair: encodes without truncation and slices to max_length, cutting B and its [SEP] off."""


def encode_pair(tokenizer, text_a, text_b, max_length=32):
    batch = tokenizer(text_a, text_b, padding="max_length", max_length=max_length, return_tensors="pt")
    return {key: batch[key][:, :max_length] for key in ("input_ids", "token_type_ids", "attention_mask")}
