"""Text shown to people (kit.text.shown): no control characters, escape sequences or invisible
format characters (Unicode category Cf: bidi overrides and isolates, zero-width characters, the
byte order mark), in results.json, JUnit, the table and the gradebook alike; Korean stays intact.
The whole pipeline is proved by the hostile case tests/hostile/bidi_text.py.
"""

import unicodedata

import pytest

from kit import text
from kit.clients.batch import cell
from kit.grading.reports import readable, readable_test_name
from kit.text import shown

KOREAN = "한국어 리뷰: 정말 재밌어요 ㅋㅋ 👍 (가나다 ㄱㄴㄷ ㅏㅓㅗ)"
FORMAT = "\u202e\u202a\u202b\u202c\u202d\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\ufeff\u00ad\u2060\u061c"


def test_every_format_character_goes_and_korean_stays():
    assert all(unicodedata.category(c) == "Cf" for c in FORMAT)
    assert shown(KOREAN) == KOREAN
    assert shown(f"{FORMAT[:7]}{KOREAN}{FORMAT[7:]}") == KOREAN
    assert shown("a\u202eb\tc\nd\x1b[31me\x07\x85f\ud800") == "ab\tc\nde" + "f"
    assert shown("👩\u200d💻") == "👩💻"  # a ZWJ sequence falls apart into its emoji: acceptable


def test_hangul_jamo_and_syllables_are_visible_text():
    """Every Hangul syllable and compatibility jamo survives (they are letters, category Lo)."""
    hangul = "".join(chr(c) for c in [*range(0xAC00, 0xD7A4), *range(0x3131, 0x318F)])
    assert shown(hangul) == hangul


@pytest.mark.parametrize("show", [readable, readable_test_name, cell])
def test_every_exit_strips_them(show):
    assert show(f"\u202e{KOREAN}\u2066") == KOREAN


def test_a_format_character_cannot_hide_a_formula_from_the_gradebook():
    assert cell("\u200b=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"


def test_switched_off_they_reach_the_reader(monkeypatch):
    """Without the format-character stripping (the old shown), a bidi override is shown as it is."""
    monkeypatch.setattr(text, "visible", lambda shown: shown)
    assert "\u202e" in readable(f"\u202e{KOREAN}")
