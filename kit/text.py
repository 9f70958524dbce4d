"""Text shown to people: terminal columns that count Hangul as wide, and text safe to display."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls and escape sequences (everything but tab and newline) never reach a terminal or a report.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Nor do invisible format characters (category Cf: bidi overrides and isolates such as U+202E,
# zero-width spaces and joiners, U+FEFF) that reorder or hide what a reader sees, or lone
# surrogates (Cs), which no UTF-8 file can hold. Hangul (Lo) and other visible text stay.
_INVISIBLE = {"Cf", "Cs"}


def display_width(text: str) -> int:
    """Terminal columns of `text`, counting wide (Hangul) characters as two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """Justify for a terminal (left, or right with `right`), counting wide (Hangul) characters as two columns."""
    if right:
        return " " * max(0, width - display_width(text)) + text
    return text + " " * max(1, width - display_width(text))


def shown(text: str) -> str:
    """`text` without control characters, terminal escape sequences or invisible format
    characters (bidi overrides, zero-width characters); tab and newline stay."""
    return visible(_CONTROL.sub("", text))


def visible(text: str) -> str:
    """`text` without format characters (Unicode category Cf) or lone surrogates."""
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE)
