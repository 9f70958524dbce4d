"""A solution that reads address 0 through ctypes (the static check refuses ctypes).

question: q3
base: reference
expect: crashed
message: ended while importing q3/solution.py
"""

import ctypes

ctypes.string_at(0)
