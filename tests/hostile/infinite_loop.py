"""A solution that never finishes importing.

question: q3
base: reference
expect: timeout
message: importing q3/solution.py ran past
"""

while True:
    pass
