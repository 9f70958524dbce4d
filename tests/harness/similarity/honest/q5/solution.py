"""Q5: special tokens and pairs."""


def special_token_ids(tokenizer):
    """Ids of the five special tokens."""
    ids = {}
    for name in ["[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]"]:
        ids[name] = tokenizer.convert_tokens_to_ids(name)
    return ids


def encode_pair(tokenizer, text_a, text_b, max_length=32):
    """A sentence pair as BERT's three tensors."""
    enc = tokenizer(text_a, text_b, max_length=max_length, padding="max_length", truncation=True,
                    return_tensors="pt")
    return {"input_ids": enc["input_ids"], "token_type_ids": enc["token_type_ids"],
            "attention_mask": enc["attention_mask"]}


def special_token_positions(input_ids, tokenizer):
    """Positions of each special token present."""
    ids = input_ids.reshape(-1).tolist()
    specials = tokenizer.all_special_ids
    found = {}
    for i, token_id in enumerate(ids):
        if token_id in specials:
            found.setdefault(tokenizer.convert_ids_to_tokens(token_id), []).append(i)
    return found
