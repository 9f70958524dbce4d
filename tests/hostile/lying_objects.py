"""A solution whose decode returns its honest text inside an object that claims to equal anything,
to be true, and to be a str (its __eq__, __bool__ and __class__ lie).

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


_honest_decode = decode


def decode(input_ids, tokenizer) -> str:
    """The honest answer, dressed in an object that says yes to every comparison."""
    return _Liar(_honest_decode(input_ids, tokenizer))
