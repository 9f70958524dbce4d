"""encode_pair: truncation="only_first" cuts only A, even when B is the longer sentence."""


def encode_pair(tokenizer, text_a, text_b, max_length=32):
    batch = tokenizer(text_a, text_b, padding="max_length", truncation="only_first", max_length=max_length,
                      return_tensors="pt")
    return {key: batch[key] for key in ("input_ids", "token_type_ids", "attention_mask")}
