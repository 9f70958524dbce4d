"""A solution that starts another program with os.posix_spawn (a fresh process, with none of the
parent's Python-level guards) which fetches from the harness's server.

question: q3
base: decode_keeps_specials
expect: failed
message: tests failed
"""

import os as _os

_code = "import urllib.request; urllib.request.urlopen('http://127.0.0.1:KIT_TEST_PORT/posix-spawn', timeout=2)"
try:
    _pid = getattr(_os, "posix_" + "spawn")("/usr/bin/env", ["env", "python3", "-c", _code], dict(_os.environ))
    _os.waitpid(_pid, 0)
except OSError as _exc:
    SPAWN_ERROR = repr(_exc)
