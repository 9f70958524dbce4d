"""subword_pieces: strips the "##" marker, returning "어" instead of "##어"."""


def subword_pieces(tokens):
    return [token[2:] for token in tokens if token.startswith("##")]
