"""subword_pieces: returns every token that is not a whole word start, i.e. confuses '#' with '##'."""


def subword_pieces(tokens):
    return [token for token in tokens if token.startswith("#")]
