"""Calling a learner's sentence-pair encoder (Q5's `encode_pair`) the way Q5's public and hidden
tests both do: a truncation the question does not allow is named as such, and the result is a
dict of (1, max_length) long tensors under the three keys, or a failure saying which part is off."""

from __future__ import annotations

from collections.abc import Mapping

import torch

from kit.learn.checks import check_dtype, check_keys, check_shape, fail, t

KEYS = ["input_ids", "token_type_ids", "attention_mask"]


def encode_pair(solution, tokenizer, text_a: str, text_b: str, max_length: int) -> dict:
    """`solution.encode_pair(tokenizer, text_a, text_b, max_length=max_length)`, checked."""
    try:
        out = solution.encode_pair(tokenizer, text_a, text_b, max_length=max_length)
    except Exception as error:
        if "Truncation error" not in str(error):
            raise
        fail("q5.encode_pair", t("raised {error!r} for a pair of {n_a} and {n_b} tokens with max_length={max_length}: "
                                 "a truncation that cuts only one of the sentences (\"only_first\", "
                                 "\"only_second\") fails when that one is the short one. The question's rule is "
                                 "longest-first (truncation=True or \"longest_first\"): the longer sentence is cut "
                                 "first", error=str(error)[:80], n_a=len(tokenizer.tokenize(text_a)),
                                 n_b=len(tokenizer.tokenize(text_b)), max_length=max_length))
    if isinstance(out, Mapping):  # a BatchEncoding is fine too
        out = dict(out)
    check_keys(out, KEYS, "q5.encode_pair")
    for key in KEYS:
        check_shape(out[key], "q5.encode_pair", t('returned "{key}" with', key=key), batch=1, max_length=max_length)
        check_dtype(out[key], torch.long, "q5.encode_pair", t('returned "{key}" with', key=key))
    return out
