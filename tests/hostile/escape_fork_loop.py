"""A solution that double-forks again and again (each grandchild in a new session forks once more),
so that something survives its question and rewrites q5's hidden tests after grading.

question: q3
base: decode_keeps_specials
linger: 3
expect: failed
message: tests failed
"""

from kit.paths import ROOT as _ROOT

import os as _os
import time as _time

_fork, _setsid, _exit = (getattr(_os, n) for n in ("fo" + "rk", "set" + "sid", "_ex" + "it"))
if _fork() == 0:
    _setsid()
    for _generation in range(20):
        if _fork() != 0:
            _exit(0)
        _setsid()
        _time.sleep(0.5)
        try:
            with open(str(_ROOT / "tests" / "q5" / "test_hidden.py"), "w", encoding="utf-8") as _stream:
                _stream.write("def test_fine():\n    pass\n")
        except OSError:
            pass
    _exit(0)
