"""A solution that does not parse.

question: q3
base: reference
expect: failed
message: SyntaxError
"""


def broken(:
