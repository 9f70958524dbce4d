"""A solution whose decode returns an object that claims to equal anything, to be true, and to be
a str (its __eq__, __bool__ and __class__ lie).

question: q3
base: decode_keeps_specials
expect: failed
message: tests failed
"""


class _Liar(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __bool__(self):
        return True

    __hash__ = str.__hash__

    @property
    def __class__(self):
        return str


def decode(input_ids, tokenizer) -> str:
    return _Liar("anything")
