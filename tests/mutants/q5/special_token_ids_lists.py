"""special_token_ids: uses tokenizer.encode(token, add_special_tokens=False), giving [id] lists."""


def special_token_ids(tokenizer):
    return {token: tokenizer.encode(token, add_special_tokens=False)
            for token in ("[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]")}
