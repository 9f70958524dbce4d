"""special_token_positions: records only the first occurrence of each special token (list.index)."""


def special_token_positions(input_ids, tokenizer):
    ids = input_ids.reshape(-1).tolist()
    return {tokenizer.convert_ids_to_tokens(i): [ids.index(i)] for i in tokenizer.all_special_ids if i in ids}
