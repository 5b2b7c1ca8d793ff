"""Which language a text is written in, offline and deterministic, by the scripts of its letters.

sitrep extracts English.  Inputs that carry no language tag (Telegram posts above all) are
told apart with :func:`detect_language`: the letters of the text are counted by Unicode script
(ranges from the Unicode code charts); hashtags, @mentions and links are left out, so an English
post with an Arabic hashtag stays English.  A text whose letters are mostly of one non-Latin
script gets that script's language; inside a script, letters only some of its languages use tell
them apart (Arabic script: Arabic, Persian, Urdu, Sorani Kurdish; Cyrillic: Russian, Ukrainian,
Serbian).  Latin-script text is taken as English: the rule cannot tell French from English, and
the rest of the pipeline says so by finding nothing.

One pass over at most :data:`SAMPLE_CHARS` characters: linear, and bounded for any input.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

# How much of a text is read (characters); a post's language shows long before.
SAMPLE_CHARS = 20_000
# A text is in a non-Latin script's language when that script holds more than this share of its
# letters and Latin letters hold less than LATIN_KEEP (a bilingual post with its English half
# is kept as English).
SCRIPT_SHARE = 0.5
LATIN_KEEP = 0.35

# (first, last, script) code point ranges, from the Unicode code charts.
_RANGES = sorted([
    (0x0041, 0x005A, "Latin"), (0x0061, 0x007A, "Latin"), (0x00C0, 0x024F, "Latin"),
    (0x1E00, 0x1EFF, "Latin"),
    (0x0370, 0x03FF, "Greek"), (0x1F00, 0x1FFF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"), (0x2DE0, 0x2DFF, "Cyrillic"), (0xA640, 0xA69F, "Cyrillic"),
    (0x0530, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"), (0xFB1D, 0xFB4F, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"), (0x0750, 0x077F, "Arabic"), (0x08A0, 0x08FF, "Arabic"),
    (0xFB50, 0xFDFF, "Arabic"), (0xFE70, 0xFEFF, "Arabic"),
    (0x0700, 0x074F, "Syriac"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x10A0, 0x10FF, "Georgian"),
    (0x1200, 0x137F, "Ethiopic"),
    (0x3040, 0x30FF, "Kana"),
    (0x3400, 0x4DBF, "Han"), (0x4E00, 0x9FFF, "Han"),
    (0x1100, 0x11FF, "Hangul"), (0xAC00, 0xD7AF, "Hangul"),
])
_STARTS = [r[0] for r in _RANGES]

# The language a script's text is in when nothing inside the script says otherwise (ISO 639-1,
# or 639-3 where there is no two-letter code).
SCRIPT_LANGUAGE = {
    "Latin": "en", "Arabic": "ar", "Cyrillic": "ru", "Hebrew": "he", "Greek": "el", "Armenian": "hy",
    "Syriac": "syr", "Devanagari": "hi", "Thai": "th", "Georgian": "ka", "Ethiopic": "am",
    "Kana": "ja", "Han": "zh", "Hangul": "ko",
}
LANGUAGE_NAMES = {
    "en": "English", "ar": "Arabic", "fa": "Persian", "ur": "Urdu", "ckb": "Sorani Kurdish",
    "ru": "Russian", "uk": "Ukrainian", "sr": "Serbian", "he": "Hebrew", "el": "Greek",
    "hy": "Armenian", "syr": "Syriac", "hi": "Hindi", "th": "Thai", "ka": "Georgian", "am": "Amharic",
    "ja": "Japanese", "zh": "Chinese", "ko": "Korean", "und": "an undetermined language",
}
# Letters that only some languages of a script use.  Arabic script: Persian writes yeh and keheh
# as U+06CC and U+06A9 where Arabic writes U+064A and U+0643, and has four letters Arabic lacks;
# Urdu and Sorani add letters of their own (and a share of 2% of the script's letters is enough).
_SORANI = frozenset("\u06ce\u06c6\u06b5\u0695\u06d5")                    # ێ ۆ ڵ ڕ ە
_URDU = frozenset("\u0679\u0688\u0691\u06ba\u06d2\u06c1")                # ٹ ڈ ڑ ں ے ہ
_PERSIAN = frozenset("\u06cc\u06a9\u067e\u0686\u0698\u06af")             # ی ک پ چ ژ گ
_ARABIC = frozenset("\u064a\u0643\u0629\u0649")                          # ي ك ة ى
_UKRAINIAN = frozenset("\u0456\u0457\u0454\u0491\u0406\u0407\u0404\u0490")  # і ї є ґ
_RUSSIAN = frozenset("\u044b\u044d\u044a\u0451\u042b\u042d\u042a\u0401")    # ы э ъ ё
_SERBIAN = frozenset("\u0452\u045b\u045f\u0459\u045a\u0458\u0402\u040b\u040f\u0409\u040a\u0408")  # ђ ћ џ љ њ ј
MARKER_SHARE = 0.02

# Hashtags, @mentions and links say little about the language of the sentences around them.
_NOT_PROSE = re.compile(r"[#@]\w++|(?:https?://|www\.)\S++|t\.me/\S++", re.I)


@dataclass(frozen=True)
class LanguageGuess:
    """``code``: ISO 639 code ('en', 'ar', 'fa', ...; 'und' when the text has no letters or mixes
    non-Latin scripts with none holding most of them);
    ``script``: the script most of its letters are in (None without letters); ``share``: that
    script's share of the letters (0..1); ``letters``: how many letters were counted."""
    code: str
    script: str | None
    share: float
    letters: int

    @property
    def name(self) -> str:
        """The language's English name ('Arabic'), or its code when it has none here."""
        return LANGUAGE_NAMES.get(self.code, self.code)


def script_of(char: str) -> str | None:
    """The script of one letter ('Arabic', 'Latin', ...), or None for other characters and
    scripts not in the table."""
    point = ord(char)
    i = bisect.bisect_right(_STARTS, point) - 1
    if i >= 0 and point <= _RANGES[i][1] and char.isalpha():
        return _RANGES[i][2]
    return None


def detect_language(text: str) -> LanguageGuess:
    """The language of ``text`` by the scripts of its letters (see the module docstring).

    Never raises; linear in ``min(len(text), SAMPLE_CHARS)``."""
    sample = _NOT_PROSE.sub(" ", text[:SAMPLE_CHARS])
    scripts: Counter[str] = Counter()
    letters: Counter[str] = Counter()
    for char in sample:
        script = script_of(char)
        if script is not None:
            scripts[script] += 1
            if script in ("Arabic", "Cyrillic"):
                letters[char] += 1
    total = sum(scripts.values())
    if not total:
        return LanguageGuess("und", None, 0.0, 0)
    script, count = max(scripts.items(), key=lambda kv: (kv[1], kv[0]))
    share = count / total
    latin = scripts["Latin"] / total
    if script == "Latin" or latin >= LATIN_KEEP:
        return LanguageGuess("en", "Latin", latin, total)
    if share <= SCRIPT_SHARE:  # several non-Latin scripts, none holding most of the letters
        return LanguageGuess("und", script, share, total)
    return LanguageGuess(_within_script(script, letters, count), script, share, total)


def _within_script(script: str, letters: Counter[str], count: int) -> str:
    def share(marks: frozenset[str]) -> float:
        return sum(letters[c] for c in marks) / count

    if script == "Arabic":
        if share(_SORANI) >= MARKER_SHARE:
            return "ckb"
        if share(_URDU) >= MARKER_SHARE:
            return "ur"
        return "fa" if share(_PERSIAN) > share(_ARABIC) else "ar"
    if script == "Cyrillic":
        if share(_SERBIAN) >= MARKER_SHARE:
            return "sr"
        return "uk" if share(_UKRAINIAN) > share(_RUSSIAN) else "ru"
    return SCRIPT_LANGUAGE.get(script, "und")


__all__ = ["LanguageGuess", "detect_language", "script_of", "SCRIPT_LANGUAGE", "LANGUAGE_NAMES",
           "SAMPLE_CHARS"]
