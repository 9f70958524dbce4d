"""A conftest.py, in the submission's root and question folders, that reports every test as passed.

question: q3
base: decode_keeps_specials
as: conftest
expect: failed
message: tests failed
"""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    report.outcome, report.longrepr = "passed", None
