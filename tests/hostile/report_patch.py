"""A solution that imports pytest's reports and makes every report a pass (the static check refuses it).

question: q3
base: decode_keeps_specials
expect: failed
message: tests failed
"""

import _pytest.reports

_original = _pytest.reports.TestReport.from_item_and_call.__func__


def _passing(cls, item, call):
    report = _original(cls, item, call)
    report.outcome, report.longrepr = "passed", None
    return report


_pytest.reports.TestReport.from_item_and_call = classmethod(_passing)
