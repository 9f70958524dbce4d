"""A solution that imports the reference through builtins found at run time.

question: q3
base: decode_keeps_specials
expect: failed
message: tests failed
"""

_builtins = getattr(torch, "__buil" + "tins__")
try:
    decode = _builtins["__imp" + "ort__"]("refer" + "ence.q3.solution", fromlist=["decode"]).decode
except ImportError:
    pass
