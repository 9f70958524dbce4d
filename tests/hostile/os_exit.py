"""A solution that ends the test process with os._exit, written plainly (the static check refuses it).

question: q3
base: reference
expect: failed
message: os._exit
"""

import os

os._exit(0)
