"""A solution that fetches from a server while it is imported (the harness serves on 127.0.0.1).

Through pandas, so no banned name appears in the file: the socket guard must refuse it. The
honest part keeps its own (partial) points.

question: q3
base: decode_keeps_specials
expect: failed
message: tests failed
"""

import pandas  # noqa: E402

try:
    ANSWERS = pandas.read_csv("http://127.0.0.1:KIT_TEST_PORT/answers.csv")
except Exception as exc:  # noqa: BLE001
    NETWORK_ERROR = repr(exc)
