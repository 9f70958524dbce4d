"""A solution that ends the test process with os._exit, its name spelt at run time.

question: q3
base: reference
expect: crashed
message: exited
"""

import os

getattr(os, "_ex" + "it")(0)
