"""A solution whose process dies of SIGSEGV, sent with names spelt at run time.

question: q3
base: reference
expect: crashed
message: SIGSEGV
"""

import os

getattr(os, "ki" + "ll")(getattr(os, "get" + "pid")(), 11)
