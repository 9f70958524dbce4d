"""A solution that ends the test process with os._exit, its name spelt at run time.

question: q3
base: reference
expect: crashed
message: ended while importing q3/solution.py
"""

import os

getattr(os, "_ex" + "it")(0)
