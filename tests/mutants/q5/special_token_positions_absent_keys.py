"""special_token_positions: lists every special token, with [] for those that do not occur."""


def special_token_positions(input_ids, tokenizer):
    ids = input_ids.reshape(-1).tolist()
    return {token: [p for p, i in enumerate(ids) if i == tokenizer.convert_tokens_to_ids(token)]
            for token in tokenizer.all_special_tokens}
