"""encode_pair: joins the texts into one string "A [SEP] B", so every token type is 0."""


def encode_pair(tokenizer, text_a, text_b, max_length=32):
    batch = tokenizer(f"{text_a} {tokenizer.sep_token} {text_b}", padding="max_length", truncation=True,
                      max_length=max_length, return_tensors="pt")
    return {key: batch[key] for key in ("input_ids", "token_type_ids", "attention_mask")}
