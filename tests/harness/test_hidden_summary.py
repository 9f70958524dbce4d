"""What a hidden test shows of a failure (kit.learn.pytest_plugin._summary): its message only, never
Hypothesis' report of the test's name and generated arguments (notes on the exception, or the
message of Hypothesis' own errors) nor a test's `note()`. The learner's traceback from the
worker, a note the kit adds itself, stays. The whole pipeline is proved by the hostile case
tests/hostile/hypothesis_report.py; public tests keep everything (their message is pytest's own).
"""

import sys
import traceback

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from kit.learn import pytest_plugin
from kit.messages import msg


def failure_of(test) -> pytest.ExceptionInfo:
    try:
        test()
    except Exception:
        return pytest.ExceptionInfo.from_exc_info(sys.exc_info())
    raise AssertionError("the property test did not fail")


@settings(database=None, derandomize=True)
@given(tokens=st.lists(st.sampled_from(["영화", "##는"])))
def secret_property(tokens):
    note(f"secret note about {tokens}")
    error = LookupError("no pieces")
    error.add_note(msg("worker.where") + "\nq3/solution.py:3: in subword_pieces")  # as kit.isolation.remote adds it
    raise error


def test_hypothesis_notes_are_dropped_and_the_learners_traceback_stays():
    info = failure_of(secret_property)
    assert any("secret_property(" in n for n in info.value.__notes__)  # what Hypothesis added
    summary = pytest_plugin._summary(info)
    assert summary.startswith("LookupError: no pieces") and "q3/solution.py:3: in subword_pieces" in summary
    for leak in ("secret_property", "tokens=", "Failing test case", "Falsifying", "secret note"):
        assert leak not in summary, summary


def test_hypothesis_own_errors_do_not_dump_the_test():
    calls = []

    @settings(database=None, derandomize=True)
    @given(x=st.integers())
    def secret_flaky(x):
        calls.append(x)
        if len(calls) == 1:
            raise ValueError("first call only")

    info = failure_of(secret_flaky)
    assert "secret_flaky(x=" in str(info.value)  # Hypothesis' FlakyFailure names the test and its arguments
    summary = pytest_plugin._summary(info)
    assert summary == msg("plugin.hypothesis", kind=info.typename), summary


def test_switched_off_the_report_is_shown(monkeypatch):
    """With every note kept (pytest's plain exconly, the old summary), the test and its input leak."""
    monkeypatch.setattr(pytest_plugin, "_exception_only",
                        lambda error: "".join(traceback.format_exception_only(error)).strip())
    summary = pytest_plugin._summary(failure_of(secret_property))
    assert "secret_property(" in summary and "secret note" in summary
