"""A solution that runs a child Python interpreter (with the same executable) to fetch from the
harness's server.

question: q3
base: decode_keeps_specials
expect: failed
message: tests failed
"""

import sys as _sys

_run = getattr(__import__("subpro" + "cess"), "run")
try:
    _run([_sys.executable, "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:KIT_TEST_PORT/child', "
          "timeout=2)"], timeout=20, capture_output=True)
except Exception as _exc:  # noqa: BLE001
    CHILD_ERROR = repr(_exc)
