"""special_token_ids: keys the ids by attribute names ("cls", "sep", ...) instead of "[CLS]", "[SEP]", ..."""


def special_token_ids(tokenizer):
    return {"cls": tokenizer.cls_token_id, "sep": tokenizer.sep_token_id, "pad": tokenizer.pad_token_id,
            "mask": tokenizer.mask_token_id, "unk": tokenizer.unk_token_id}
