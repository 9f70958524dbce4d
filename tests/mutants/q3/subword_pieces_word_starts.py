"""subword_pieces: returns the word starts that are followed by a piece, not the pieces."""


def subword_pieces(tokens):
    return [a for a, b in zip(tokens, tokens[1:], strict=False) if b.startswith("##")]
