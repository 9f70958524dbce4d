"""A solution that allocates 8 GB while it is imported.

question: q3
base: reference
expect: crashed
message: ran out of memory
"""

BOMB = bytearray(8 * 1024**3)
