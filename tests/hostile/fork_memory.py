"""A solution that, while it is imported, starts 3 fresh interpreters that each fill and hold ~2.5 GB:
each stays inside its own address-space limit, together they hold 7.5 GB.

With a budget (a cgroup for the whole sandbox) the OOM killer fires in the sandbox's group and
the whole sandbox is ended: out of memory. Without one (the rlimit fallback) the children hold
their memory until the import's time limit ends the sandbox.

question: q3
base: reference
expect: crashed|timeout
message: out of memory|ran past
"""

import subprocess as _subprocess
import sys as _sys

_HOLD = "import time; held = b'\\x01' * (2560 << 20); time.sleep(600)"
_children = [_subprocess.Popen([_sys.executable, "-c", _HOLD]) for _ in range(3)]
for _child in _children:
    _child.wait()
