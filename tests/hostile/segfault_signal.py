"""A solution whose process dies of SIGSEGV, sent with names spelt at run time.

question: q3
base: reference
expect: crashed
message: ended while importing q3/solution.py
"""

import os

getattr(os, "ki" + "ll")(getattr(os, "get" + "pid")(), 11)
