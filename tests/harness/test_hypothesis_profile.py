"""The kit's Hypothesis profile (derandomized, no shrinking) is in force for every test that uses
Hypothesis, although the plugin loads Hypothesis only for such tests (kit.learn.hypothesis_profile)."""

import subprocess
import sys

from kit.paths import ROOT

USES_HYPOTHESIS = '''
from hypothesis import given, settings, strategies as st

DECORATED = settings(max_examples=3)  # takes its other values from the profile in force now


def test_the_profile_is_in_force_when_the_module_is_imported():
    assert DECORATED.derandomize and DECORATED.database is None and settings.default.derandomize


@given(st.integers())
def test_given_runs_derandomized(value):
    assert settings.default.derandomize
'''
NO_HYPOTHESIS = '''
import sys

LIBRARY = "hypo" + "thesis"  # not named whole: a test file that names it loads it


def test_the_library_is_not_imported():
    assert LIBRARY not in sys.modules and "pandas" not in sys.modules
'''


def run_pytest(folder, *files):
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "kit.learn.pytest_plugin", "-p", "no:randomly",
                           "-p", "no:cacheprovider", *files], cwd=folder, capture_output=True, text=True,
                          timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"})


def test_the_profile_loads_before_a_module_that_uses_hypothesis_and_not_otherwise(tmp_path):
    (tmp_path / "uses").mkdir()
    (tmp_path / "uses" / "test_uses.py").write_text(USES_HYPOTHESIS, encoding="utf-8")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "test_plain.py").write_text(NO_HYPOTHESIS, encoding="utf-8")
    done = run_pytest(tmp_path / "uses", "test_uses.py")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    done = run_pytest(tmp_path / "plain", "test_plain.py")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
