"""Public tests for question 3 (the tokenizer). Run: pytest exercises/q3"""

import torch

from kit.learn.checks import check_equal, check_keys, check_shape, check_tensor_equal, check_type, fail, t

LESSON_TEXT = "Hugging Face 라이브러리는 정말 편리합니다!"
LONG_TEXT = "이 영화는 정말 재미있고 배우들의 연기도 훌륭해서 다시 보고 싶은 영화입니다 " * 4


def test_encode_returns_tokens_ids_and_tensors(solution, tokenizer):
    out = solution.encode(LESSON_TEXT, tokenizer, max_length=20)
    check_keys(out, ["tokens", "token_ids", "input_ids", "attention_mask"], "q3.encode")
    check_type(out["tokens"], list, "q3.encode", 'returned "tokens" as')
    check_type(out["token_ids"], list, "q3.encode", 'returned "token_ids" as')
    check_shape(out["input_ids"], "q3.encode", 'returned "input_ids" with', batch=1, max_length=20)
    check_shape(out["attention_mask"], "q3.encode", 'returned "attention_mask" with', batch=1, max_length=20)


def test_encode_tokens_are_the_wordpieces_without_special_tokens(solution, tokenizer):
    out = solution.encode(LESSON_TEXT, tokenizer)
    check_equal(out["tokens"], tokenizer.tokenize(LESSON_TEXT), "q3.encode", 'returned "tokens"')
    check_equal(
        tokenizer.convert_ids_to_tokens(out["token_ids"]),
        out["tokens"],
        "q3.encode",
        'returned "token_ids" that spell',
    )


def test_encode_input_ids_are_cls_tokens_sep_then_padding(solution, tokenizer):
    out = solution.encode("정말 재미있는 영화", tokenizer, max_length=12)
    ids = out["token_ids"]
    pad = [tokenizer.pad_token_id] * (12 - len(ids) - 2)
    expected = torch.tensor([[tokenizer.cls_token_id, *ids, tokenizer.sep_token_id, *pad]])
    check_tensor_equal(out["input_ids"], expected, "q3.encode", 'returned "input_ids"')
    mask = torch.tensor([[1] * (len(ids) + 2) + [0] * len(pad)])
    check_tensor_equal(out["attention_mask"], mask, "q3.encode", 'returned "attention_mask"')


def test_encode_truncates_a_long_review_to_max_length(solution, tokenizer):
    out = solution.encode(LONG_TEXT, tokenizer, max_length=16)
    check_shape(out["input_ids"], "q3.encode", 'returned "input_ids" with', batch=1, max_length=16)
    last = int(out["input_ids"][0, -1])
    if last != tokenizer.sep_token_id:
        fail("q3.encode", t("ended a truncated text with {token} (id {last}) instead of [SEP]: the closing [SEP] was "
                            "cut off with the end of the text. Cut the tokens before the special tokens are added "
                            "(tokenizer(..., truncation=True, max_length=max_length)), so [SEP] stays last",
                            token=tokenizer.convert_ids_to_tokens(last), last=last))
    check_tensor_equal(out["attention_mask"], torch.ones(1, 16, dtype=torch.long), "q3.encode",
                       'returned "attention_mask"')


def test_subword_pieces_keeps_continuations_in_order(solution):
    tokens = ["#", "자연", "##어", "처", "##리", "Hug", "##ging", "!"]
    check_equal(solution.subword_pieces(tokens), ["##어", "##리", "##ging"], "q3.subword_pieces")
    check_equal(solution.subword_pieces(["영화", "최고"]), [], "q3.subword_pieces")


def test_decode_drops_special_and_padding_tokens(solution, tokenizer):
    input_ids = solution_free_encode(tokenizer, LESSON_TEXT, 24)
    text = solution.decode(input_ids, tokenizer)
    check_type(text, str, "q3.decode")
    for special in ("[CLS]", "[SEP]", "[PAD]"):
        if special in text:
            fail("q3.decode", t("returned {text!r}, which still contains {special}", text=text, special=special))
    check_equal(tokenizer.tokenize(text), tokenizer.tokenize(LESSON_TEXT), "q3.decode",
                "returned text that tokenizes to")


def test_decode_accepts_a_flat_tensor_and_a_list(solution, tokenizer):
    text = "배우 연기 최고"
    input_ids = solution_free_encode(tokenizer, text, 10)
    # Expected comes from the text itself, never from the learner's answer to the (1, seq) batch.
    for ids, what in ((input_ids[0], "returned, for a (seq,) tensor, text that tokenizes to"),
                      (input_ids[0].tolist(), "returned, for a list of ids, text that tokenizes to")):
        decoded = solution.decode(ids, tokenizer)
        check_type(decoded, str, "q3.decode")
        check_equal(tokenizer.tokenize(decoded), tokenizer.tokenize(text), "q3.decode", what)


def solution_free_encode(tokenizer, text: str, max_length: int) -> torch.Tensor:
    """(1, max_length) ids built by the tokenizer itself, so decode is tested on its own."""
    return tokenizer(text, padding="max_length", max_length=max_length, return_tensors="pt")["input_ids"]
