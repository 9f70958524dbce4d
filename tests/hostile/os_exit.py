"""A solution that ends the test process with os._exit, written plainly (the static check refuses it).

question: q3
base: reference
expect: crashed
message: ended while importing q3/solution.py
"""

import os

os._exit(0)
