"""Text shown to people: terminal columns that count Hangul as wide, and text safe to display."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls and escape sequences (everything but tab and newline) never reach a terminal or a report.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def display_width(text: str) -> int:
    """Terminal columns of `text`, counting wide (Hangul) characters as two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """Justify for a terminal (left, or right with `right`), counting wide (Hangul) characters as two columns."""
    if right:
        return " " * max(0, width - display_width(text)) + text
    return text + " " * max(1, width - display_width(text))


def shown(text: str) -> str:
    """`text` without control characters or terminal escape sequences (tab and newline stay)."""
    return _CONTROL.sub("", text)
