"""special_token_positions: iterates over input_ids without flattening, so (1, seq) yields one row."""


def special_token_positions(input_ids, tokenizer):
    positions = {}
    for position, token_id in enumerate(input_ids.tolist()):
        if isinstance(token_id, int) and token_id in tokenizer.all_special_ids:
            positions.setdefault(tokenizer.convert_ids_to_tokens(token_id), []).append(position)
    return positions
