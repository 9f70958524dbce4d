"""The kit's Hypothesis settings, loaded before the first test module that uses Hypothesis is imported.

Importing Hypothesis costs about half a second, which a question whose tests never use it (Q4)
should not pay on every run. So the pytest plugin loads this profile only when a test file about
to be collected mentions Hypothesis (or Hypothesis is already imported): before the module's
`@settings(...)` decorators run, since those take their unnamed values from the profile in force
when they are created.
"""

from __future__ import annotations

import sys

MENTIONS = (b"hypothesis", b"kit.learn.strategies")
_loaded = False


def load() -> None:
    """Register and load the "kit" profile (once): derandomized, no database, no shrinking."""
    global _loaded
    if _loaded:
        return
    from hypothesis import HealthCheck, Phase, settings

    settings.register_profile(
        "kit",
        derandomize=True,
        database=None,
        deadline=None,
        max_examples=25,
        # No shrinking: a stub or a wrong answer fails at once instead of after a minute of shrinking.
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    settings.load_profile("kit")
    _loaded = True


def load_if_needed(source: bytes | None = None) -> None:
    """Load the profile when Hypothesis is already imported, or `source` (a test file) mentions it."""
    if "hypothesis" in sys.modules or (source is not None and any(word in source for word in MENTIONS)):
        load()
