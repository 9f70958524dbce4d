"""Q3: my tokenizer answers."""

import torch


def encode(text, tokenizer, max_length=20):
    """Tokens, their ids, and the padded model inputs."""
    words = tokenizer.tokenize(text)
    word_ids = tokenizer.convert_tokens_to_ids(words)
    enc = tokenizer(text, max_length=max_length, truncation=True, padding="max_length", return_tensors="pt")
    result = {}
    result["tokens"] = words
    result["token_ids"] = word_ids
    result["input_ids"] = enc["input_ids"]
    result["attention_mask"] = enc["attention_mask"]
    return result


def subword_pieces(tokens):
    """Pieces that continue a word."""
    pieces = []
    for tok in tokens:
        if tok.startswith("##"):
            pieces.append(tok)
    return pieces


def decode(input_ids, tokenizer):
    """Back to text, special tokens dropped."""
    flat = torch.as_tensor(input_ids).reshape(-1).tolist()
    text = tokenizer.decode(flat, skip_special_tokens=True)
    return text
