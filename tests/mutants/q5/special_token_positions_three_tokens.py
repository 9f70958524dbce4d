"""special_token_positions: looks only for [CLS], [SEP] and [PAD], missing [MASK] and [UNK]."""


def special_token_positions(input_ids, tokenizer):
    wanted = {tokenizer.cls_token_id: "[CLS]", tokenizer.sep_token_id: "[SEP]", tokenizer.pad_token_id: "[PAD]"}
    positions = {}
    for position, token_id in enumerate(input_ids.reshape(-1).tolist()):
        if token_id in wanted:
            positions.setdefault(wanted[token_id], []).append(position)
    return positions
