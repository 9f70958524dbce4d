"""Public tests for question 5 (special tokens and sentence pairs). Run: pytest exercises/q5"""


import torch

from kit.learn.checks import check_equal, check_tensor_equal, check_type, fail, t
from kit.learn.pairs import encode_pair

SPECIALS = ["[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]"]
TEXT_A = "나는 은행에 갔다"
TEXT_B = "돈을 찾았다"
LONG_TEXT = "이 영화는 정말 재미있고 배우들의 연기도 훌륭해서 다시 보고 싶은 영화입니다"


def test_special_token_ids_names_the_five_tokens(solution, tokenizer):
    ids = solution.special_token_ids(tokenizer)
    check_type(ids, dict, "q5.special_token_ids")
    check_equal(sorted(ids), sorted(SPECIALS), "q5.special_token_ids", "returned keys")
    for token, token_id in ids.items():
        check_type(token_id, int, "q5.special_token_ids", t("returned the id of {token} as", token=token))
        check_equal(tokenizer.convert_ids_to_tokens(token_id), token, "q5.special_token_ids",
                    t("returned for {token} an id that the vocabulary spells", token=token))


def test_encode_pair_layout_cls_a_sep_b_sep_pad(solution, tokenizer):
    out = encode_pair(solution, tokenizer, TEXT_A, TEXT_B, 24)
    ids_a = tokenizer.convert_tokens_to_ids(tokenizer.tokenize(TEXT_A))
    ids_b = tokenizer.convert_tokens_to_ids(tokenizer.tokenize(TEXT_B))
    cls, sep, pad = tokenizer.cls_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id
    n_a, n_b = len(ids_a) + 2, len(ids_b) + 1
    n_pad = 24 - n_a - n_b
    check_tensor_equal(out["input_ids"], torch.tensor([[cls, *ids_a, sep, *ids_b, sep] + [pad] * n_pad]),
                       "q5.encode_pair", 'returned "input_ids"')
    check_tensor_equal(out["token_type_ids"], torch.tensor([[0] * n_a + [1] * n_b + [0] * n_pad]),
                       "q5.encode_pair", 'returned "token_type_ids" (0 for [CLS] A [SEP], 1 for B [SEP], 0 on padding)')
    check_tensor_equal(out["attention_mask"], torch.tensor([[1] * (n_a + n_b) + [0] * n_pad]),
                       "q5.encode_pair", 'returned "attention_mask"')


def test_encode_pair_cuts_the_longer_sentence_first(solution, tokenizer):
    out = encode_pair(solution, tokenizer, LONG_TEXT, TEXT_B, 14)
    ids = out["input_ids"][0].tolist()
    sep = tokenizer.sep_token_id
    if ids.count(sep) != 2 or ids[-1] != sep:
        fail("q5.encode_pair", t("returned {tokens} for a long pair; truncation must keep [CLS] A [SEP] B [SEP]",
                                 tokens=tokenizer.convert_ids_to_tokens(ids)))
    ids_b = tokenizer.convert_tokens_to_ids(tokenizer.tokenize(TEXT_B))
    check_equal(ids[ids.index(sep) + 1:-1], ids_b, "q5.encode_pair",
                "kept of the short sentence B (longest-first cuts the long A, not B)")
    check_tensor_equal(out["attention_mask"], torch.ones(1, 14, dtype=torch.long), "q5.encode_pair",
                       'returned, for a truncated pair, "attention_mask"')


def test_encode_pair_cuts_the_longer_sentence_first_when_it_is_b(solution, tokenizer):
    """Longest-first cuts whichever sentence is longer: here B, so A stays whole."""
    out = encode_pair(solution, tokenizer, TEXT_B, LONG_TEXT, 14)
    ids = out["input_ids"][0].tolist()
    sep = tokenizer.sep_token_id
    ids_a = tokenizer.convert_tokens_to_ids(tokenizer.tokenize(TEXT_B))
    check_equal(ids[1:ids.index(sep) if sep in ids else len(ids)], ids_a, "q5.encode_pair",
                "kept of the short sentence A (longest-first cuts the long B, not A)")


def test_special_token_positions_of_a_pair(solution, tokenizer):
    input_ids = tokenizer(TEXT_A, TEXT_B, padding="max_length", max_length=20, return_tensors="pt")["input_ids"]
    ids = input_ids[0].tolist()
    first_sep = ids.index(tokenizer.sep_token_id)
    second_sep = ids.index(tokenizer.sep_token_id, first_sep + 1)
    expected = {"[CLS]": [0], "[SEP]": [first_sep, second_sep], "[PAD]": list(range(second_sep + 1, 20))}
    check_equal(solution.special_token_positions(input_ids, tokenizer), expected,
                "q5.special_token_positions", "returned, for a (1, seq) tensor,")
    check_equal(solution.special_token_positions(input_ids[0], tokenizer), expected,
                "q5.special_token_positions", "returned, for a (seq,) tensor,")


def test_special_token_positions_finds_mask_and_unk(solution, tokenizer):
    word = tokenizer.convert_tokens_to_ids(tokenizer.tokenize("영화")[0])
    input_ids = torch.tensor([tokenizer.cls_token_id, tokenizer.mask_token_id, word, tokenizer.unk_token_id,
                              tokenizer.mask_token_id, tokenizer.sep_token_id])
    expected = {"[CLS]": [0], "[MASK]": [1, 4], "[UNK]": [3], "[SEP]": [5]}
    check_equal(solution.special_token_positions(input_ids, tokenizer), expected, "q5.special_token_positions",
                "returned, for [CLS] [MASK] 영화 [UNK] [MASK] [SEP],")
