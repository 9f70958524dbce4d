"""Text shown to people: text safe to display, and the Korean particle a value takes."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls and escape sequences (everything but tab and newline) never reach a terminal or a report.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Nor do invisible format characters (category Cf: bidi overrides and isolates such as U+202E,
# zero-width spaces and joiners, U+FEFF) that reorder or hide what a reader sees, or lone
# surrogates (Cs), which no UTF-8 file can hold. Hangul (Lo) and other visible text stay.
_INVISIBLE = {"Cf", "Cs"}


def shown(text: str) -> str:
    """`text` without control characters, terminal escape sequences or invisible format
    characters (bidi overrides, zero-width characters); tab and newline stay."""
    return visible(_CONTROL.sub("", text))


def visible(text: str) -> str:
    """`text` without format characters (Unicode category Cf) or lone surrogates."""
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE)


# The ASCII characters that Markdown or the HTML inside it gives a meaning to (CommonMark lets a backslash
# make any of them literal), but the backtick: inside a code span nothing is interpreted, so the kit's own
# `code` keeps its look, and a learner's stray backtick can only turn text into literal code.
_MARKDOWN = re.compile(r"([\\*_{}\[\]()<>#+\-.!|~:@])")


def markdown_text(text: str) -> str:
    """`text` shown literally in Markdown (Gradescope's "md" output): safe to display (`shown`), every
    character with a meaning escaped, so that learner text can add no link, image, HTML or table cell."""
    return _MARKDOWN.sub(r"\\\1", shown(text))


# ---------------------------------------------------------------- Korean particles
# A Korean particle depends on the sound that ends the word before it: 이/을/은/과/으로 after a final
# consonant (batchim), 가/를/는/와/로 after a vowel (and 로 after ㄹ too). A message that puts a value before
# a particle writes the paired form (`{path}이(가)`); `particle` picks the one the value takes. Data, not a
# message: the same table whatever KIT_LANG says.
PARTICLES: dict[str, tuple[str, str, str]] = {  # paired form -> after a final consonant, a vowel, a final ㄹ
    "이(가)": ("이", "가", "이"),
    "을(를)": ("을", "를", "을"),
    "은(는)": ("은", "는", "은"),
    "과(와)": ("과", "와", "과"),
    "와(과)": ("과", "와", "과"),
    "(으)로": ("으로", "로", "로"),
    "(이)나": ("이나", "나", "이나"),
    "(이)라": ("이라", "라", "이라"),
}
# Whether the Korean reading of a digit ends in a consonant (영 일 이 삼 사 오 육 칠 팔 구), and whether
# that consonant is ㄹ (일 칠 팔), which takes 로 rather than 으로.
_DIGIT_CODA = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True, "7": True,
               "8": True, "9": False}
_DIGIT_RIEUL = set("178")
_RIEUL, _CODA, _VOWEL = "rieul", "coda", "vowel"
# A capital letter read by its name: L 엘 and R 알 end in ㄹ, M 엠 and N 엔 in a consonant, the rest in a vowel.
_LETTER_SOUND = {"L": _RIEUL, "R": _RIEUL, "M": _CODA, "N": _CODA}
_CLOSING = "'\"`)]}>»”’"
_NUMBER_END = re.compile(r"(\d+)(?:\.(\d+))?%?$")


def final_sound(word: str) -> str | None:
    """How the Korean reading of `word` ends: "vowel", "coda" (a final consonant) or "rieul" (final ㄹ);
    None when it cannot be told (an English word ending in a stop, a symbol).

    Hangul is exact; numbers are read in Korean (10 십, 100 백, 2.5 이 점 오); a capital letter by its name
    (L 엘, B 비); an English word by a heuristic on its spelling (...m/n/ng end in a consonant, ...l/le in ㄹ,
    ...a/e/i/o/u/y/r/s/x... in a vowel, as the loanword is written in Hangul).
    """
    word = word.rstrip().rstrip(_CLOSING).rstrip()
    if not word:
        return None
    last = word[-1]
    if 0xAC00 <= ord(last) <= 0xD7A3:  # a Hangul syllable: its final consonant is (code - 0xAC00) % 28
        coda = (ord(last) - 0xAC00) % 28
        return _VOWEL if coda == 0 else _RIEUL if coda == 8 else _CODA
    if last == "%":  # 퍼센트
        return _VOWEL
    number = _NUMBER_END.search(word.rstrip("%"))
    if number:
        whole, fraction = number.groups()
        if fraction is not None:  # digits after the point are read one by one
            digit = fraction[-1]
        elif whole.strip("0") == "":
            digit = "0"
        elif whole.endswith("0"):
            # Read by its last unit: 십 백 천, 만 (10^4..10^7), 억 (10^8..10^11) end in a consonant; 조 does not.
            return _CODA if len(whole) - len(whole.rstrip("0")) < 12 else _VOWEL
        else:
            digit = whole[-1]
        return (_RIEUL if digit in _DIGIT_RIEUL else _CODA) if _DIGIT_CODA[digit] else _VOWEL
    if not last.isascii() or not last.isalpha():
        return None
    token = re.search(r"[A-Za-z]+$", word).group()
    if token.isupper() and len(token) <= 4:  # an acronym or a letter, read letter by letter: [CLS] 씨엘에스
        return _LETTER_SOUND.get(token[-1], _VOWEL)
    lower = token.lower()
    if lower.endswith(("l", "le")):
        return _RIEUL
    if lower.endswith(("m", "n", "ng")):
        return _CODA
    if lower.endswith(("a", "e", "i", "o", "u", "y", "r", "s", "x", "z", "f", "v", "h")):
        return _VOWEL
    return None  # ...t, ...d, ...k, ...p: 테스트 but 인풋, 코드 but 북: not told by the spelling


def particle(word: str, paired: str) -> str:
    """The particle `paired` ("이(가)", "을(를)", "은(는)", "과(와)", "(으)로", ...) takes after `word`;
    the paired form itself when `word`'s final sound cannot be told."""
    forms = PARTICLES.get(paired)
    sound = final_sound(word)
    if forms is None or sound is None:
        return paired
    after_consonant, after_vowel, after_rieul = forms
    return {_CODA: after_consonant, _VOWEL: after_vowel, _RIEUL: after_rieul}[sound]
