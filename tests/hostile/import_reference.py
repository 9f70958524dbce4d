"""A solution that imports the reference plainly (the static check refuses it).

question: q3
base: decode_keeps_specials
expect: failed
message: No module named 'reference'
"""

from reference.q3.solution import decode  # noqa: F401,E402
