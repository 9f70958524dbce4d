"""A solution that stops and kills every process it can signal (its parents, its process group,
every process of its user), hoping to stop the grader before results are written.

question: q3
base: decode_keeps_specials
others: q5=reference
expect: failed
message: failed
"""

import os as _os
import signal as _signal

for _target in (_os.getppid(), 1, -_os.getpgid(0)):
    for _sig in (_signal.SIGSTOP, _signal.SIGTERM):
        try:
            getattr(_os, "ki" + "ll")(_target, _sig)
        except OSError:
            pass


def decode(input_ids, tokenizer) -> str:
    for _sig in (_signal.SIGSTOP, _signal.SIGKILL):
        try:
            getattr(_os, "ki" + "ll")(-1, _sig)
        except OSError:
            pass
    return ""
