"""A solution that never finishes importing.

question: q3
base: reference
expect: timeout
message: limit
"""

while True:
    pass
