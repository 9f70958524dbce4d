"""A solution that skips the tests of the function it got wrong, hoping skips are not counted.

question: q3
base: decode_keeps_specials
expect: failed
message: tests failed
"""

_builtins = getattr(torch, "__buil" + "tins__")
_SkipTest = _builtins["__imp" + "ort__"]("unit" + "test").SkipTest


def decode(*args, **kwargs):
    raise _SkipTest("not today")
