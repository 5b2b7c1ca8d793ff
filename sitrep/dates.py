"""Resolve date expressions in news narrative into :class:`~sitrep.records.EventDate`.

A spaCy DATE span ("late June", "January 3, 2020", "a few days later", "mid-2018") is
resolved against the article's published date and the narrative anchor (the last
specific date read).  :func:`parse_date` resolves one expression; :class:`Timeline`
walks an article in reading order and keeps the anchor.

Resolution is rule-first: the span text is normalised, then matched against the
ordered rule table :data:`RULES` (each rule a regular expression and a small handler).
dateparser is a last resort, run on the span text alone (never its free-text search).
Durations ("four months", "two decades"), ages and bare numbers are not dates: ``None``.

Internally a resolved date is a :class:`_Span` (first and last calendar day, the
precision, and the grain its ends are written in: ``day``, ``month`` or ``year``).

Numeric dates are read in the order their source writes them (:func:`numeric_order`, a
document-level reading: one date that can only be day-first, "13/05/2012", makes the
text's ambiguous ones day-first too); with no such evidence "MM/DD/YYYY" is month-first
(US style, as incident summaries and US wire copy write it) and "DD.MM.YYYY" day-first.
An event told as news with no time of its own takes :meth:`Timeline.report_date`
(precision ``report``: the published day).  :func:`find_date_spans` and the spaCy
component :func:`add_date_entities` find the date expressions a statistical NER misses
(numeric dates, "overnight", "3-4 March"); :meth:`Timeline.dates_in` returns the dates
read inside a stretch of text, so an event can take the date of its own clause.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from .errors import SitrepError
from .records import PRECISIONS, EventDate

# --- rule tables -----------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
# Words that are dates only when capitalised ("May", "March", "Sun"): lowercase they are
# verbs or nouns ("may", "march", "sat"), so they are masked before lower-casing.
AMBIGUOUS_LOWER = ("may", "march", "mar", "sat", "sun", "wed", "fri")
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a couple of": 2, "couple of": 2, "a dozen": 12, "dozen": 12,
}
# Counts that are vague: "a few days later", "several weeks ago", "days later".
VAGUE_COUNTS = ("a few", "few", "several", "some", "a number of", "many", "")
# How far a vague count reaches, per unit: (least, most) units.
VAGUE_REACH = {"day": (1, 7), "week": (2, 6), "month": (2, 6), "year": (2, 5), "decade": (2, 3)}

# Parts of a month (days), of a year (months) and of a decade (years).
MONTH_PARTS = {"early": (1, 10), "mid": (10, 20), "late": (20, 31)}
YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
PART_WORDS = {
    "early": "early", "earlier": "early", "beginning of": "early", "start of": "early",
    "early part of": "early", "first days of": "early", "opening of": "early",
    "mid": "mid", "middle of": "mid", "mid part of": "mid",
    "late": "late", "end of": "late", "close of": "late", "latter part of": "late",
    "later part of": "late", "last days of": "late", "final days of": "late",
}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
           "winter": (12, 2)}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "final": -1,
            "latter": -1}
FRACTIONS = {"half": 6, "quarter": 3}  # months in each
# "recent weeks", "recently": days back from the published date, and the grain written.
RECENT = {"days": (7, "day"), "weeks": (30, "day"), "months": (182, "month"),
          "years": (1095, "year"), "": (30, "day")}
TIMES_OF_DAY = ("morning", "afternoon", "evening", "night", "overnight", "dawn", "noon",
                "midnight")
# Words that introduce a date and add nothing to it ("on", "in the", "as of").
LEADING_WORDS = (
    "on", "in", "during", "at", "by", "around", "about", "circa", "c", "approximately",
    "roughly", "sometime", "throughout", "through", "until", "till", "as of", "as early as",
    "as late as", "as recently as", "beginning in", "beginning on", "starting in",
    "starting on", "starting from", "from", "between", "the",
    "over", "within", "of", "this past", "dated",
)
LEADING_TIME_OF = ("early hours of", "early morning of", "morning of", "night of",
                   "evening of", "afternoon of", "eve of", "day of")

# Published-relative phrases (leading words already stripped): phrase -> (kind, argument).
PUBLISHED_PHRASES = {
    "today": ("day", 0), "tonight": ("day", 0), "this morning": ("day", 0),
    "this afternoon": ("day", 0), "this evening": ("day", 0), "earlier today": ("day", 0),
    "yesterday": ("day", -1), "last night": ("day", -1), "overnight": ("day", -1),
    "yesterday morning": ("day", -1), "yesterday afternoon": ("day", -1),
    "yesterday evening": ("day", -1), "day before yesterday": ("day", -2),
    "tomorrow": ("day", 1),
    "this week": ("week", 0), "last week": ("week", -1), "past week": ("past", (7, "day")),
    "next week": ("week", 1), "earlier this week": ("week_to_date", 0),
    "earlier in the week": ("week_to_date", 0), "later in the week": ("week_rest", 0),
    "earlier in the month": ("month_to_date", 0), "earlier in the year": ("year_to_date", 0),
    "later this week": ("week_rest", 0),
    "this month": ("month", 0), "last month": ("month", -1), "next month": ("month", 1),
    "earlier this month": ("month_to_date", 0), "later this month": ("month_rest", 0),
    "past month": ("past", (30, "day")),
    "this year": ("year", 0), "last year": ("year", -1), "next year": ("year", 1),
    "current year": ("year", 0), "earlier this year": ("year_to_date", 0),
    "later this year": ("year_rest", 0), "past year": ("past", (365, "month")),
    "weekend": ("weekend", 0), "this weekend": ("weekend", 0), "last weekend": ("weekend", 0),
    "past weekend": ("weekend", 0),
    "recently": ("past", RECENT[""]), "lately": ("past", RECENT[""]),
    "recent days": ("past", RECENT["days"]), "recent weeks": ("past", RECENT["weeks"]),
    "recent months": ("past", RECENT["months"]), "recent years": ("past", RECENT["years"]),
    "past few days": ("past", RECENT["days"]), "past few weeks": ("past", RECENT["weeks"]),
    "past few months": ("past", RECENT["months"]), "past few years": ("past", RECENT["years"]),
    "last few days": ("past", RECENT["days"]), "last few weeks": ("past", RECENT["weeks"]),
    "last few months": ("past", RECENT["months"]), "last few years": ("past", RECENT["years"]),
}
# Anchor-relative phrases (leading words already stripped): phrase -> (kind, argument).
ANCHOR_PHRASES = {
    **dict.fromkeys((
        "same day", "that day", "that same day", "that night", "that evening", "that morning",
        "that afternoon", "later that day", "earlier that day", "later that night",
        "same night", "same evening", "same morning", "hours later", "minutes later",
        "moments later", "hours after", "within hours", "a few hours later",
        "later in the day", "earlier in the day",
        "few hours later", "several hours later", "hours earlier", "moments after",
    ), ("same", "day")),
    **dict.fromkeys(("next day", "following day", "day after", "next morning",
                     "following morning", "next night", "following night", "next evening",
                     "following evening", "morrow"), ("shift_days", 1)),
    **dict.fromkeys(("previous day", "day before", "night before", "previous night",
                     "eve", "day earlier", "prior day"), ("shift_days", -1)),
    **dict.fromkeys(("that week", "same week", "later that week", "earlier that week"),
                    ("same", "week")),
    **dict.fromkeys(("following week", "week after"), ("shift_weeks", 1)),
    **dict.fromkeys(("previous week", "week before", "prior week"), ("shift_weeks", -1)),
    **dict.fromkeys(("that month", "same month", "later that month", "earlier that month"),
                    ("same", "month")),
    **dict.fromkeys(("following month", "month after"), ("shift_months", 1)),
    **dict.fromkeys(("previous month", "month before", "prior month"), ("shift_months", -1)),
    **dict.fromkeys(("that year", "same year", "later that year", "earlier that year"),
                    ("same", "year")),
    **dict.fromkeys(("following year", "year after"), ("shift_years", 1)),
    **dict.fromkeys(("previous year", "year before", "prior year"), ("shift_years", -1)),
    **dict.fromkeys(("aftermath", "shortly after", "shortly afterwards", "shortly afterward",
                     "shortly thereafter", "soon after", "soon afterwards", "soon afterward",
                     "soon thereafter", "immediately after", "immediately afterwards",
                     "wake", "just after", "right after"), ("window", (0, 30, "start"))),
    **dict.fromkeys(("days that followed", "following days", "days after", "ensuing days",
                     "subsequent days", "next few days", "following few days",
                     "days following"), ("window", (1, 7, "end"))),
    **dict.fromkeys(("weeks that followed", "following weeks", "weeks after", "ensuing weeks",
                     "subsequent weeks", "next few weeks", "weeks following"),
                    ("window", (7, 42, "end"))),
    **dict.fromkeys(("months that followed", "following months", "months after",
                     "ensuing months", "subsequent months", "next few months",
                     "months following"), ("window_months", (1, 6))),
}
# Days known by name (normalised spelling): name -> (month, day, year or None for any year).
NAMED_DAYS = {
    "christmas": (12, 25, None), "christmas day": (12, 25, None), "christmas eve": (12, 24, None),
    "boxing day": (12, 26, None), "new year day": (1, 1, None), "new year eve": (12, 31, None),
    "9/11": (9, 11, 2001),
}
# Durations, ages and frequencies: never dates.
# Ambiguous numeric dates ("01/05/2012") by separator, when the text proves no order
# (see _numeric_parts): US month-first for "/" and "-", European day-first for ".".
NUMERIC_DEFAULT_ORDER = {"/": "mdy", "-": "mdy", ".": "dmy"}
NUMERIC_ORDERS = ("mdy", "dmy")
DURATION_UNITS = r"(?:hour|minute|second|day|week|month|year|decade|centur(?:y|ie)|night)s?"
MIN_YEAR, MAX_YEAR = 1800, 2100


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MON = f"(?:{_alternation(MONTHS)})"
_WD = f"(?:{_alternation(WEEKDAYS)})"
_NUMW = f"(?:\\d{{1,3}}|{_alternation(NUMBER_WORDS)})"
_VAGUE = f"(?:{_alternation(v for v in VAGUE_COUNTS if v)})"
_PART = f"(?:{_alternation(PART_WORDS)})"
_SEASON = f"(?:{_alternation(SEASONS)})"
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"

# --- records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    """A resolved date: first and last day covered, precision, and grain of its ends.

    ``kind`` is ``abs`` (written out), ``pub`` (relative to the published date) or
    ``anchor`` (relative to the narrative); ``explicit`` marks a range whose year is
    written in the text ("2018-2019", "mid-2018").
    """
    start: dt.date
    end: dt.date
    precision: str
    grain: str
    kind: str = "abs"
    explicit: bool = False


@dataclass(frozen=True)
class _Ctx:
    published: dt.date | None
    anchor: _Span | None
    order: str | None = None  # "mdy" / "dmy" for ambiguous numeric dates, None: by separator
    past: bool = False  # told of an act in the past tense ("militants attacked … on Monday")


# --- date arithmetic -------------------------------------------------------------------

def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + n
    return idx // 12, idx % 12 + 1


def _day(d: dt.date, kind: str = "abs") -> _Span:
    return _Span(d, d, "day", "day", kind)


def _month(year: int, month: int, kind: str = "abs") -> _Span:
    return _Span(dt.date(year, month, 1), _month_end(year, month), "month", "month", kind)


def _year(year: int, kind: str = "abs") -> _Span:
    return _Span(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "year", kind)


def _range(start: dt.date, end: dt.date, grain: str, kind: str = "abs",
           explicit: bool = False) -> _Span | None:
    """A range, collapsed to one day/month/year when both ends fall in the same one."""
    if end < start:
        return None
    if grain == "day" and start == end:
        return _day(start, kind)
    if grain == "month" and (start.year, start.month) == (end.year, end.month):
        return _month(start.year, start.month, kind)
    if grain == "year" and start.year == end.year:
        return _year(start.year, kind)
    return _Span(start, end, "range", grain, kind, explicit)


def _month_range(y1: int, m1: int, y2: int, m2: int, kind: str = "abs",
                 explicit: bool = False) -> _Span | None:
    return _range(dt.date(y1, m1, 1), _month_end(y2, m2), "month", kind, explicit)


def _shift_days(span: _Span, lo: int, hi: int, base: str) -> _Span | None:
    """Days ``lo``..``hi`` after the anchor's end (or start) as a day or a range."""
    ref = span.end if base == "end" else span.start
    return _range(ref + dt.timedelta(days=lo), ref + dt.timedelta(days=hi), "day", "anchor")


def _offset_days(span: _Span, n: int) -> _Span | None:
    """The anchor moved by ``n`` days: one day for a day anchor, else a moved range."""
    delta = dt.timedelta(days=n)
    if span.grain == "day" and span.precision == "day":
        return _day(span.start + delta, "anchor")
    return _range(span.start + delta, span.end + delta, "day", "anchor")


def _valid_year(y: int) -> bool:
    return MIN_YEAR <= y <= MAX_YEAR


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _number(word: str) -> int | None:
    word = word.strip()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


# --- normalisation ---------------------------------------------------------------------

_AMBIGUOUS_RE = re.compile(rf"\b(?:{'|'.join(AMBIGUOUS_LOWER)})\b")  # case-sensitive
_LEADING_RE = re.compile(rf"^(?:{_alternation(LEADING_WORDS)})\s+")
_LEADING_TIME_RE = re.compile(rf"^(?:{_alternation(LEADING_TIME_OF)})\s+")
# 'late on Monday', 'early Tuesday', 'overnight Sunday': the weekday is the date.
_WEEKDAY_PART_RE = re.compile(
    rf"^(?:early|late|overnight|earlier|later)(?: on)? (?=(?:last |this |past )?{_WD}\b)")
_TRAILING_TIME_RE = re.compile(
    rf"(?<=\w)\s+(?:{_alternation(TIMES_OF_DAY)})$")


def _normalize(text: str) -> str:
    """Lower-case, unify dashes and spacing, drop ordinals, commas and introducing words."""
    s = _AMBIGUOUS_RE.sub(" \u2205 ", text.strip())
    s = s.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", s)
    s = re.sub(r"\bmid-(?=[a-z\d])", "mid ", s)
    s = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", s)
    s = re.sub(r"[,;:()\"!?]", " ", s)
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"\s+", " ", s).strip(" -'")
    return _strip_leading(s)


def _strip_leading(s: str) -> str:
    while True:
        t = _LEADING_RE.sub("", s, count=1)
        t = _LEADING_TIME_RE.sub("", t, count=1)
        t = _WEEKDAY_PART_RE.sub("", t, count=1)
        if _TRAILING_TIME_RE.search(t) and re.search(
                rf"(?:\d|\b{_WD}|\b{_MON}|yesterday)\s+\w+$", t):
            t = _TRAILING_TIME_RE.sub("", t)
        if t == s or not t:
            return s
        s = t


# --- year filling for partial dates ----------------------------------------------------

def _reference_year(ctx: _Ctx) -> int | None:
    if ctx.anchor is not None:
        return ctx.anchor.end.year
    return ctx.published.year if ctx.published else None


def _fill_year(month: int, day: int, ctx: _Ctx) -> int | None:
    """Year of a date written without one: the narrative's year, else the published one,
    moved back a year when that would land after the published date.

    Narrative reads forward: after "December 2019", "January 8" is the next January
    (2020) when that lies nearer the anchor than the January before it."""
    year = _reference_year(ctx)
    if year is None:
        return None
    first = _safe_date(year, month, min(day, 28) if month == 2 else day)
    if first and _rolls_forward(first, ctx):
        return year + 1
    if ctx.published and first and first > ctx.published:
        year -= 1
    return year


def _rolls_forward(first: dt.date, ctx: _Ctx) -> bool:
    """Is the same day a year later nearer a day/month anchor (and not after publication)?"""
    anchor = ctx.anchor
    if anchor is None or anchor.grain == "year" or first >= anchor.start:
        return False
    later = first.replace(year=first.year + 1)
    if ctx.published and later > ctx.published:
        return False
    return (later - anchor.end) < (anchor.start - first)


# --- absolute dates --------------------------------------------------------------------

_ISO_DAY = re.compile(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})")
_NUMERIC_DAY = re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})")
_YEAR_PAIR = re.compile(r"(?P<y>\d{4})[-/](?P<yy>\d{2})")
_WORDY = re.compile(
    rf"(?:(?P<d1>\d{{1,2}}) (?:of )?)?(?P<mon>{_MON})(?: (?P<d2>\d{{1,2}}))?"
    rf"(?: (?:of )?(?P<y>\d{{4}}))?")
_YEAR_ONLY = re.compile(r"(?:year |the year )?(?P<y>\d{4})")
_DECADE = re.compile(r"(?P<y>\d{3}0)s|'?(?P<yy>\d0)s")
DECADE_WORDS = {"twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950,
                "sixties": 1960, "seventies": 1970, "eighties": 1980, "nineties": 1990}


@dataclass(frozen=True)
class _Parts:
    """A written date, possibly partial: year, month and day as given."""
    year: int | None
    month: int | None = None
    day: int | None = None


def _abs_parts(s: str, ctx: _Ctx | None = None) -> _Parts | None:
    """The year/month/day an absolute date expression writes, or None."""
    m = _ISO_DAY.fullmatch(s)
    if m:
        return _Parts(int(m["y"]), int(m["m"]), int(m["d"]))
    m = _NUMERIC_DAY.fullmatch(s)
    if m:
        return _numeric_parts(int(m["a"]), int(m["b"]), int(m["y"]), m["sep"], ctx)
    m = _YEAR_PAIR.fullmatch(s)
    if m and int(m["yy"]) <= 12 and int(m["yy"]) <= int(m["y"]) % 100:
        return _Parts(int(m["y"]), int(m["yy"]))
    m = _WORDY.fullmatch(s)
    if m and not (m["d1"] and m["d2"]):
        day = m["d1"] or m["d2"]
        return _Parts(int(m["y"]) if m["y"] else None, MONTHS[m["mon"]],
                      int(day) if day else None)
    m = _YEAR_ONLY.fullmatch(s)
    if m:
        return _Parts(int(m["y"]))
    return None


def _numeric_parts(a: int, b: int, year: int, sep: str, ctx: _Ctx | None) -> _Parts | None:
    """A numeric date ``a<sep>b<sep>year`` read in the order its source writes.

    Only one reading a calendar allows wins ("13/05/2012" is day-first, "05/13/2012"
    month-first).  An ambiguous one ("01/05/2012") takes, in turn: the order of the
    document (``ctx.order``, see :func:`numeric_order`); else the reading on or before
    the published date when the other lies after it (news tells the past); else the
    separator's default, :data:`NUMERIC_DEFAULT_ORDER`: month first for ``/`` and ``-``
    (US style, as terrorism-database incident summaries and US wire copy write
    "MM/DD/YYYY"), day first for ``.`` (the European style that writes dots).
    """
    md, dm = _safe_date(year, a, b), _safe_date(year, b, a)
    if md is None or dm is None or md == dm:
        found = md or dm
        return _Parts(year, found.month, found.day) if found else None
    order = ctx.order if ctx is not None else None
    if order is None:
        order = NUMERIC_DEFAULT_ORDER[sep]
        pub = ctx.published if ctx is not None else None
        first, other = (md, dm) if order == "mdy" else (dm, md)
        if pub is not None and first > pub >= other:
            order = "dmy" if order == "mdy" else "mdy"
    chosen = md if order == "mdy" else dm
    return _Parts(year, chosen.month, chosen.day)


_NUMERIC_IN_TEXT = re.compile(
    r"(?<![\w/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\w/-]|\.\d)")


def numeric_order(text: str) -> str | None:
    """The order a text writes its numeric dates in: ``"dmy"`` when one of them can only be
    day-first ("13/05/2012"), ``"mdy"`` when one can only be month-first ("05/13/2012"),
    None when none decides or the text uses both (a document-level reading: the order
    proven by one date holds for the ambiguous ones of the same text)."""
    seen = set()
    for m in _NUMERIC_IN_TEXT.finditer(text or ""):
        a, b = int(m["a"]), int(m["b"])
        if a > 12 and 1 <= b <= 12:
            seen.add("dmy")
        elif b > 12 and 1 <= a <= 12:
            seen.add("mdy")
    return seen.pop() if len(seen) == 1 else None


def _parts_span(p: _Parts, ctx: _Ctx) -> _Span | None:
    """Resolve parts, filling a missing year from the narrative or published date."""
    year = p.year
    if year is None:
        if p.month is None:
            return None
        year = _fill_year(p.month, p.day or 1, ctx)
        if year is None:
            return None
    if not _valid_year(year):
        return None
    if p.month is None:
        return _year(year)
    if not 1 <= p.month <= 12:
        return None
    if p.day is None:
        return _month(year, p.month)
    d = _safe_date(year, p.month, p.day)
    return _day(d) if d else None


def _absolute(m: re.Match, ctx: _Ctx) -> _Span | None:
    parts = _abs_parts(m.string, ctx)
    return _parts_span(parts, ctx) if parts else None


def _decade_start(s: str) -> int | None:
    m = _DECADE.fullmatch(s)
    if m and m["y"]:
        return int(m["y"])
    if m:
        yy = int(m["yy"])
        return (1900 if yy >= 30 else 2000) + yy
    return DECADE_WORDS.get(s)


def _decade(m: re.Match, ctx: _Ctx) -> _Span | None:
    start = _decade_start(m.string)
    if start is None or not _valid_year(start):
        return None
    return _range(dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "year", explicit=True)


def _since(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'since 2003': from the date given to the published date."""
    begin = _resolve_norm(_strip_leading(m["rest"]), ctx)
    if begin is None:
        return None
    if ctx.published is None or ctx.published < begin.start:
        return begin
    end = ctx.published
    if begin.grain == "year":
        end = dt.date(end.year, 12, 31)
    elif begin.grain == "month":
        end = _month_end(end.year, end.month)
    return _range(begin.start, end, begin.grain)


def _named_day(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'Christmas Day 2019', 'New Year's Eve', '9/11'."""
    month, day, fixed = NAMED_DAYS[m["name"]]
    year = int(m["y"]) if m["y"] else fixed or _fill_year(month, day, ctx)
    if year is None or not _valid_year(year):
        return None
    return _day(dt.date(year, month, day))


def _weekday_date(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'Saturday, Jan. 4': the weekday picks the year when the date leaves it out."""
    span = _resolve_norm(m["rest"], ctx)
    if span is None or span.precision != "day" or re.search(r"\b\d{4}\b", m["rest"]):
        return span
    target = WEEKDAYS[m["wd"]]
    for shift in (0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6):
        day = _safe_date(span.start.year + shift, span.start.month, span.start.day)
        if day and day.weekday() == target and not (ctx.published and day > ctx.published):
            return _day(day, span.kind)
    return span


def _week_of(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'the week of January 6, 2020': the seven days from the date given."""
    first = _resolve_norm(m["rest"], ctx)
    if first is None or first.precision != "day":
        return None
    return _range(first.start, first.start + dt.timedelta(days=6), "day", explicit=True)


# --- ranges between two written dates --------------------------------------------------

_DAY_RANGE_MD = re.compile(
    rf"(?P<mon>{_MON}) (?P<d1>\d{{1,2}})-(?P<d2>\d{{1,2}})(?: (?:of )?(?P<y>\d{{4}}))?")
_DAY_RANGE_DM = re.compile(
    rf"(?P<d1>\d{{1,2}})-(?P<d2>\d{{1,2}}) (?:of )?(?P<mon>{_MON})(?: (?P<y>\d{{4}}))?")
_BARE_DAY = re.compile(r"(?P<d>\d{1,2})(?: (?P<y>\d{4}))?")
_CONNECTED = re.compile(r"(?P<a>.+?)(?:-| to | until | till | through | thru | and | into )"
                        r"(?P<b>.+)")


def _day_range(m: re.Match, ctx: _Ctx) -> _Span | None:
    month = MONTHS[m["mon"]]
    d1, d2 = int(m["d1"]), int(m["d2"])
    year = int(m["y"]) if m["y"] else _fill_year(month, d1, ctx)
    if year is None or not _valid_year(year):
        return None
    start, end = _safe_date(year, month, d1), _safe_date(year, month, d2)
    if not (start and end):
        return None
    return _range(start, end, "day", explicit=bool(m["y"]))


def _year_pair(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'2018-19', '2014/15': a span of years written with a short second year."""
    y, yy = int(m["y"]), int(m["yy"])
    end = y - y % 100 + yy
    if end <= y or not _valid_year(y):
        return None
    return _range(dt.date(y, 1, 1), dt.date(end, 12, 31), "year", explicit=True)


def _inherit(a: _Parts, b: _Parts, b_span: _Span) -> _Parts:
    """Fill what the first end of a range leaves out ('January' in 'January-March 2020')."""
    if a.year is not None:
        return a
    month = a.month if a.month is not None else (b.month if a.day is not None else None)
    if month is None:
        return a
    year = b_span.start.year
    if b.month is not None and month > b_span.start.month:
        year -= 1
    return _Parts(year, month, a.day)


def _connected(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'2018-2019', 'between 2014 and 2017', 'January to March 2020', 'June 30 - July 2'."""
    a_text, b_text = _strip_leading(m["a"]), _strip_leading(m["b"])
    b = _abs_parts(b_text, ctx)
    a = _abs_parts(a_text, ctx) or (_Parts(None, None, int(a_text)) if a_text.isdigit()
                                and len(a_text) <= 2 else None)
    bare = _BARE_DAY.fullmatch(b_text)
    if b is None and bare and a is not None and a.month is not None and a.day is not None:
        # 'between March 3 and 5', 'March 3 to 5, 2020': the second end is a day of the same month
        b = _Parts(int(bare["y"]) if bare["y"] else a.year, a.month, int(bare["d"]))
    if a is None or b is None:
        return _connected_spans(a_text, b_text, ctx)
    b_span = _parts_span(b, ctx)
    if b_span is None:
        return None
    a_span = _parts_span(_inherit(a, b, b_span), ctx)
    if a_span is None:
        return None
    grain = _finer(a_span.grain, b_span.grain)
    return _range(a_span.start, b_span.end, grain, explicit=b.year is not None)


def _connected_spans(a_text: str, b_text: str, ctx: _Ctx) -> _Span | None:
    """'late 2019 and early 2020', 'the 1990s and 2000s': a range over two dated ends."""
    a_span, b_span = _resolve_norm(a_text, ctx), _resolve_norm(b_text, ctx)
    if a_span is None or b_span is None or a_span.start > b_span.end:
        return None
    kind = a_span.kind if a_span.kind == b_span.kind else "abs"
    explicit = a_span.explicit or b_span.explicit or b_span.precision != "range"
    return _range(a_span.start, b_span.end, _finer(a_span.grain, b_span.grain), kind, explicit)


def _finer(g1: str, g2: str) -> str:
    order = ("day", "month", "year")
    return order[min(order.index(g1), order.index(g2))]


# --- vague parts, fractions and seasons ------------------------------------------------

_YEAR_WORDS = {"this year": 0, "current year": 0, "last year": -1, "past year": -1,
               "next year": 1, "previous year": -1}


def _year_of(s: str, ctx: _Ctx) -> tuple[int, bool, str] | None:
    """The year a phrase names: (year, written out?, kind)."""
    m = _YEAR_ONLY.fullmatch(s)
    if m:
        return int(m["y"]), True, "abs"
    if s in _YEAR_WORDS and ctx.published:
        return ctx.published.year + _YEAR_WORDS[s], False, "pub"
    if s in ("that year", "same year", "year") and ctx.anchor:
        return ctx.anchor.end.year, False, "anchor"
    if s == "year" and ctx.published:
        return ctx.published.year, False, "pub"
    return None


def _month_of(s: str, ctx: _Ctx) -> tuple[int, int, bool, str] | None:
    """The month a phrase names: (year, month, year written?, kind)."""
    parts = _abs_parts(s, ctx)
    if parts and parts.month is not None and parts.day is None:
        span = _parts_span(parts, ctx)
        return (span.start.year, span.start.month, parts.year is not None, "abs") if span \
            else None
    shifts = {"this month": 0, "last month": -1, "next month": 1}
    if s in shifts and ctx.published:
        y, mo = _add_months(ctx.published.year, ctx.published.month, shifts[s])
        return y, mo, False, "pub"
    base = ctx.anchor.end if ctx.anchor else ctx.published
    if s in ("that month", "same month", "month") and base:
        return base.year, base.month, False, "anchor" if ctx.anchor else "pub"
    return None


def _vague(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'late June', 'mid-2018', 'early this year', 'the end of 2019', 'the early 1990s'."""
    part, rest = PART_WORDS[m["part"]], _strip_leading(m["rest"])
    month = _month_of(rest, ctx)
    if month:
        y, mo, written, kind = month
        lo, hi = MONTH_PARTS[part]
        if not written and kind == "abs" and ctx.published and dt.date(y, mo, lo) > ctx.published:
            y -= 1
        end = min(hi, calendar.monthrange(y, mo)[1])
        return _range(dt.date(y, mo, lo), dt.date(y, mo, end), "day", kind, written)
    year = _year_of(rest, ctx)
    if year:
        y, written, kind = year
        if not _valid_year(y):
            return None
        lo, hi = YEAR_PARTS[part]
        return _month_range(y, lo, y, hi, kind, written)
    decade = _decade_start(rest)
    if decade is not None and _valid_year(decade):
        lo, hi = DECADE_PARTS[part]
        return _range(dt.date(decade + lo, 1, 1), dt.date(decade + hi, 12, 31), "year",
                      explicit=True)
    return None


def _fraction(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'the first half of 2020', 'the second quarter of 2019', 'the last quarter of 2018'."""
    year = _year_of(_strip_leading(m["rest"]), ctx)
    if not year or not _valid_year(year[0]):
        return None
    size, ordinal = FRACTIONS[m["frac"]], ORDINALS[m["ord"]]
    count = 12 // size
    if ordinal > count:
        return None
    index = count if ordinal == -1 else ordinal
    y = year[0]
    return _month_range(y, (index - 1) * size + 1, y, index * size, year[2], year[1])


def _quarter(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'Q2 2019'."""
    y, q = int(m["y"]), int(m["q"])
    return _month_range(y, 3 * q - 2, y, 3 * q, explicit=True) if _valid_year(y) else None


def _first_units(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'the first four months of 2021', 'the last two weeks of June'."""
    n = _number(m["n"])
    rest = _strip_leading(m["rest"])
    if not n:
        return None
    first = m["ord"] == "first"
    if m["unit"] == "month":
        year = _year_of(rest, ctx)
        if not year or n > 12 or not _valid_year(year[0]):
            return None
        y = year[0]
        lo, hi = (1, n) if first else (13 - n, 12)
        return _month_range(y, lo, y, hi, year[2], year[1])
    return _first_days(n * (7 if m["unit"] == "week" else 1), first, rest, ctx)


def _first_days(days: int, first: bool, rest: str, ctx: _Ctx) -> _Span | None:
    month = _month_of(rest, ctx)
    year = None if month else _year_of(rest, ctx)
    if month:
        y, mo, written, kind = month
        begin, finish = dt.date(y, mo, 1), _month_end(y, mo)
    elif year and _valid_year(year[0]):
        y, written, kind = year
        begin, finish = dt.date(y, 1, 1), dt.date(y, 12, 31)
    else:
        return None
    span = dt.timedelta(days=days - 1)
    lo, hi = (begin, min(begin + span, finish)) if first else (max(finish - span, begin),
                                                               finish)
    return _range(lo, hi, "day", kind, written)


def _nth_week(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'the first week of January', 'the last week of March 2020'."""
    month = _month_of(_strip_leading(m["rest"]), ctx)
    if month is None:
        return None
    y, mo, written, kind = month
    ordinal, last = ORDINALS[m["ord"]], calendar.monthrange(y, mo)[1]
    lo = last - 6 if ordinal == -1 else 7 * (ordinal - 1) + 1
    return _range(dt.date(y, mo, lo), dt.date(y, mo, min(lo + 6, last)), "day", kind, written)


def _season(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'the summer of 2014', 'last summer', 'the winter' (Dec to Feb of the next year)."""
    lo, hi = SEASONS[m["season"]]
    rest = _strip_leading(m["rest"] or "")
    if rest:
        year = _year_of(rest, ctx)
        if not year or not _valid_year(year[0]):
            return None
        y, written, kind = year
    else:
        y = _fill_year(lo, 1, ctx)
        if y is None:
            return None
        written, kind = False, "abs"
    y2 = y + 1 if hi < lo else y
    return _month_range(y, lo, y2, hi, kind, written)


def _season_relative(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'last summer', 'this spring': the latest such season begun before publication."""
    if ctx.published is None:
        return None
    lo, hi = SEASONS[m["season"]]
    y = ctx.published.year
    if dt.date(y, lo, 1) > ctx.published:
        y -= 1
    if m["which"] == "last" and _month_end(*_add_months(y, hi, 12 if hi < lo else 0)) \
            >= ctx.published:
        y -= 1
    y2 = y + 1 if hi < lo else y
    return _month_range(y, lo, y2, hi, "pub")


# --- relative to the published date ----------------------------------------------------

def _published_phrase(m: re.Match, ctx: _Ctx) -> _Span | None:
    pub = ctx.published
    if pub is None:
        return None
    kind, arg = PUBLISHED_PHRASES[m.string]
    return _PUBLISHED_KINDS[kind](pub, arg)


def _pub_week(pub: dt.date, n: int) -> _Span | None:
    start = _monday(pub) + dt.timedelta(weeks=n)
    end = start + dt.timedelta(days=6)
    if n == 0:
        end = min(end, pub)
    return _range(start, end, "day", "pub")


def _pub_week_to_date(pub: dt.date, _n: int) -> _Span | None:
    start = _monday(pub)
    return _range(start, max(start, pub - dt.timedelta(days=1)), "day", "pub")


def _pub_weekend(pub: dt.date, _n: int) -> _Span | None:
    saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
    if saturday == pub:
        saturday -= dt.timedelta(weeks=1)
    return _range(saturday, min(saturday + dt.timedelta(days=1), pub), "day", "pub")


def _pub_month(pub: dt.date, n: int) -> _Span | None:
    return _month(*_add_months(pub.year, pub.month, n), kind="pub")


def _pub_past(pub: dt.date, arg: tuple[int, str]) -> _Span | None:
    days, grain = arg
    return _range(pub - dt.timedelta(days=days), pub, grain, "pub")


_PUBLISHED_KINDS: dict[str, Callable[[dt.date, object], _Span | None]] = {
    "day": lambda pub, n: _day(pub + dt.timedelta(days=n), "pub"),
    "week": _pub_week,
    "week_to_date": _pub_week_to_date,
    "week_rest": lambda pub, n: _range(pub, _monday(pub) + dt.timedelta(days=6), "day", "pub"),
    "weekend": _pub_weekend,
    "month": _pub_month,
    "month_to_date": lambda pub, n: _range(pub.replace(day=1), pub, "day", "pub"),
    "month_rest": lambda pub, n: _range(pub, _month_end(pub.year, pub.month), "day", "pub"),
    "year": lambda pub, n: _year(pub.year + n, "pub"),
    "year_to_date": lambda pub, n: _month_range(pub.year, 1, pub.year, pub.month, "pub"),
    "year_rest": lambda pub, n: _month_range(pub.year, pub.month, pub.year, 12, "pub"),
    "past": _pub_past,
}


def _weekday(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'Tuesday': the latest Tuesday on or before publication ('last Tuesday': before it).

    Without a published date, relative to a day anchor: told of a past act ("attacked … on
    Monday"), the latest such weekday on or before it; else the first on or after it."""
    target = WEEKDAYS[m["wd"]]
    which = m["which"] or ""
    if ctx.published is None:
        if ctx.past and which != "next":
            return _weekday_before_anchor(target, ctx, strictly=which == "last")
        return _weekday_after_anchor(target, ctx)
    pub = ctx.published
    if which == "next":
        return _day(pub + dt.timedelta(days=(target - pub.weekday() - 1) % 7 + 1), "pub")
    back = (pub.weekday() - target) % 7
    if back == 0 and which == "last":
        back = 7
    return _day(pub - dt.timedelta(days=back), "pub")


def _weekday_before_anchor(target: int, ctx: _Ctx, strictly: bool = False) -> _Span | None:
    anchor = ctx.anchor
    if anchor is None or anchor.grain != "day":
        return None
    back = (anchor.end.weekday() - target) % 7
    if back == 0 and strictly:
        back = 7
    return _day(anchor.end - dt.timedelta(days=back), "anchor")


def _weekday_after_anchor(target: int, ctx: _Ctx) -> _Span | None:
    anchor = ctx.anchor
    if anchor is None or anchor.grain != "day":
        return None
    ahead = (target - anchor.end.weekday()) % 7
    return _day(anchor.end + dt.timedelta(days=ahead), "anchor")


def _ago(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'two days ago', 'a week ago', 'three years ago', 'a few weeks ago'."""
    if ctx.published is None:
        return None
    base = _Span(ctx.published, ctx.published, "day", "day")
    return _unit_offset(base, m["n"] or "", m["unit"], -1, "pub")


def _past_units(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'the past two decades', 'the last 18 months': a range ending at publication."""
    pub = ctx.published
    n = _number(m["n"]) if m["n"] else 1
    if pub is None or not n:
        return None
    unit = m["unit"]
    if unit in ("day", "week"):
        days = n * (7 if unit == "week" else 1)
        return _range(pub - dt.timedelta(days=days), pub, "day", "pub")
    if unit == "month":
        y, mo = _add_months(pub.year, pub.month, -n)
        return _month_range(y, mo, pub.year, pub.month, "pub")
    years = n * (10 if unit == "decade" else 1)
    return _range(dt.date(pub.year - years, 1, 1), dt.date(pub.year, 12, 31), "year", "pub")


# --- relative to the narrative anchor --------------------------------------------------

def _anchor_or_published(ctx: _Ctx) -> _Span | None:
    if ctx.anchor is not None:
        return ctx.anchor
    if ctx.published is not None:
        return _day(ctx.published)
    return None


def _anchor_phrase(m: re.Match, ctx: _Ctx) -> _Span | None:
    base = _anchor_or_published(ctx)
    if base is None:
        return None
    kind, arg = ANCHOR_PHRASES[m.string]
    return _ANCHOR_KINDS[kind](base, arg)


def _same(base: _Span, unit: str) -> _Span | None:
    """'the same day', 'that month': the anchor itself, or its week/month/year."""
    grains = ("day", "week", "month", "year")
    if base.precision != "range" and grains.index(base.grain) >= grains.index(unit):
        return replace(base, kind="anchor", explicit=False)
    if unit == "day":
        return replace(base, kind="anchor", explicit=False)
    d = base.end
    if unit == "week":
        return _range(_monday(d), _monday(d) + dt.timedelta(days=6), "day", "anchor")
    if unit == "month":
        return _month(d.year, d.month, "anchor")
    return _year(d.year, "anchor")


def _shift_months(base: _Span, n: int) -> _Span | None:
    y, mo = _add_months(base.end.year if n > 0 else base.start.year,
                        base.end.month if n > 0 else base.start.month, n)
    return _month(y, mo, "anchor") if _valid_year(y) else None


def _shift_years(base: _Span, n: int) -> _Span | None:
    y = (base.end.year if n > 0 else base.start.year) + n
    return _year(y, "anchor") if _valid_year(y) else None


def _shift_weeks(base: _Span, n: int) -> _Span | None:
    ref = base.end if n > 0 else base.start
    start = _monday(ref) + dt.timedelta(weeks=n)
    return _range(start, start + dt.timedelta(days=6), "day", "anchor")


def _window_months(base: _Span, arg: tuple[int, int]) -> _Span | None:
    lo, hi = arg
    y1, m1 = _add_months(base.end.year, base.end.month, lo)
    y2, m2 = _add_months(base.end.year, base.end.month, hi)
    return _month_range(y1, m1, y2, m2, "anchor")


_ANCHOR_KINDS: dict[str, Callable[[_Span, object], _Span | None]] = {
    "same": _same,
    "shift_days": lambda base, n: _offset_days(base, n),
    "shift_weeks": _shift_weeks,
    "shift_months": _shift_months,
    "shift_years": _shift_years,
    "window": lambda base, arg: _shift_days(base, *arg),
    "window_months": _window_months,
}


def _unit_offset(base: _Span, count: str, unit: str, sign: int, kind: str) -> _Span | None:
    """``count`` ``unit``s after (sign 1) or before (sign -1) ``base``."""
    n = _number(count)
    if n is None and count.strip() not in VAGUE_COUNTS:
        return None
    ref = base.end if sign > 0 else base.start
    if n is None:
        lo, hi = VAGUE_REACH[unit]
        return _reach(ref, lo, hi, unit, sign, kind)
    if unit in ("day", "week"):
        days = n * (7 if unit == "week" else 1) * sign
        if kind == "anchor":
            return _offset_days(base, days)
        return _day(ref + dt.timedelta(days=days), kind)
    if unit == "month":
        y, mo = _add_months(ref.year, ref.month, n * sign)
        return _month(y, mo, kind) if _valid_year(y) else None
    y = ref.year + n * sign * (10 if unit == "decade" else 1)
    return _year(y, kind) if _valid_year(y) else None


def _reach(ref: dt.date, lo: int, hi: int, unit: str, sign: int, kind: str) -> _Span | None:
    """A vague count of units away from ``ref`` ('a few days later', 'several weeks ago')."""
    if unit in ("day", "week"):
        k = 7 if unit == "week" else 1
        a, b = ref + dt.timedelta(days=sign * lo * k), ref + dt.timedelta(days=sign * hi * k)
        return _range(min(a, b), max(a, b), "day", kind)
    if unit == "month":
        a, b = _add_months(ref.year, ref.month, sign * lo), _add_months(ref.year, ref.month,
                                                                        sign * hi)
        (y1, m1), (y2, m2) = min(a, b), max(a, b)
        return _month_range(y1, m1, y2, m2, kind)
    k = 10 if unit == "decade" else 1
    a, b = ref.year + sign * lo * k, ref.year + sign * hi * k
    return _range(dt.date(min(a, b), 1, 1), dt.date(max(a, b), 12, 31), "year", kind)


def _later(m: re.Match, ctx: _Ctx) -> _Span | None:
    """'two days later', 'a few days later', 'weeks later', 'three years earlier'."""
    base = _anchor_or_published(ctx)
    if base is None:
        return None
    sign = 1 if m["dir"] in ("later", "after", "afterwards", "afterward", "on") else -1
    span = _unit_offset(base, m["n"] or "", m["unit"], sign, "anchor")
    return _clip_to_published(span, ctx) if span and sign > 0 else span


def _clip_to_published(span: _Span, ctx: _Ctx) -> _Span:
    """A vague 'later' window does not reach past the article's own date."""
    pub = ctx.published
    if pub is None or span.precision != "range" or not span.start <= pub < span.end:
        return span
    return _range(span.start, pub, span.grain, span.kind) or span


# --- the rule table --------------------------------------------------------------------

Handler = Callable[[re.Match, _Ctx], "_Span | None"]


def _phrases(table) -> str:
    return f"(?:{_alternation(table)})"


RULES: tuple[tuple[re.Pattern, Handler], ...] = tuple(
    (re.compile(pattern), handler) for pattern, handler in (
        (r"since (?P<rest>.+)", _since),
        (r"week of (?P<rest>.+)", _week_of),
        (rf"(?P<wd>{_WD}) (?P<rest>(?:\d|{_MON}\b).*)", _weekday_date),
        (rf"(?P<name>{_alternation(NAMED_DAYS)})(?: of)?(?: (?P<y>\d{{4}}))?", _named_day),
        (_ISO_DAY.pattern, _absolute),
        (_NUMERIC_DAY.pattern, _absolute),
        (_YEAR_PAIR.pattern, lambda m, ctx: _absolute(m, ctx) or _year_pair(m, ctx)),
        (_WORDY.pattern, _absolute),
        (_YEAR_ONLY.pattern, _absolute),
        (_DECADE.pattern, _decade),
        (_phrases(DECADE_WORDS), _decade),
        (_DAY_RANGE_MD.pattern, _day_range),
        (_DAY_RANGE_DM.pattern, _day_range),
        (r"q(?P<q>[1-4]) (?P<y>\d{4})", _quarter),
        (_phrases(PUBLISHED_PHRASES), _published_phrase),
        (_phrases(ANCHOR_PHRASES), _anchor_phrase),
        (rf"(?P<which>last|this|next|past|this past)? ?(?P<wd>{_WD})", _weekday),
        (rf"(?P<which>last|this|past) (?P<season>{_SEASON})", _season_relative),
        (rf"(?P<season>{_SEASON})(?: of)?(?: (?P<rest>.+))?", _season),
        (rf"(?P<ord>first|second|third|fourth|last|final|latter) (?P<frac>half|quarter)"
         rf"(?: of (?P<rest>.+))", _fraction),
        (rf"(?P<ord>first|last|final) (?P<n>{_NUMW}) (?P<unit>month|week|day)s? of (?P<rest>.+)",
         _first_units),
        (rf"(?P<ord>first|second|third|fourth|last|final) week (?:of|in) (?P<rest>.+)",
         _nth_week),
        (rf"(?P<part>{_PART})[ -](?P<rest>.+)", _vague),
        (rf"(?P<n>{_NUMW}|{_VAGUE}) {_UNIT} ago", _ago),
        (rf"(?:past|last|previous) (?:(?P<n>{_NUMW}) )?{_UNIT}", _past_units),
        (rf"(?:(?P<n>{_NUMW}|{_VAGUE}) )?{_UNIT} (?P<dir>later|after|afterwards|afterward|on|"
         rf"earlier|before|prior)", _later),
        (_CONNECTED.pattern, _connected),
    )
)
_DURATION_RE = re.compile(
    rf"(?:(?:about|around|nearly|almost|more than|less than|over|under|at least|up to|"
    rf"some|only|just|another|the) )*(?:{_NUMW}|{_VAGUE}|[\d.]+)?[ -]?{DURATION_UNITS}"
    rf"(?:[ -](?:long|old|long-running|old|of age|running))?"
    rf"|(?:\d+|{_NUMW})-(?:year|month|week|day)-old|age of \d+|\d+ years? of age"
    rf"|(?:daily|weekly|monthly|yearly|annually|nightly|each|every|per) ?\w*"
    rf"|(?:\d+|{_NUMW})(?: years?)? old")
_EMBEDDED = (
    re.compile(rf"\b(?:(?:\d{{1,2}} (?:of )?)?{_MON}(?: \d{{1,2}})? \d{{4}})\b"),
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),
    re.compile(r"\b\d{1,2}([/.-])\d{1,2}\1\d{4}\b"),
    re.compile(r"\b\d{4}-(?:\d{2}|\d{4})\b"),
)
_FOUR_DIGITS = re.compile(r"\b\d{4}\b")


def _match_rules(s: str, ctx: _Ctx) -> _Span | None:
    for pattern, handler in RULES:
        m = pattern.fullmatch(s)
        if m:
            span = handler(m, ctx)
            if span is not None:
                return span
    return None


def _embedded(s: str, ctx: _Ctx) -> _Span | None:
    """A written date inside a longer span ('a few days later on january 3 2020')."""
    for pattern in _EMBEDDED:
        m = pattern.search(s)
        if m and m.group(0) != s:
            return _match_rules(m.group(0), ctx)
    return None


def _embedded_year(s: str, ctx: _Ctx) -> _Span | None:
    """The one year a longer span names ('the 2003 invasion', 'the war of 1991')."""
    years = _FOUR_DIGITS.findall(s)
    if len(years) != 1 or years[0] == s or len(re.findall(r"\d+", s)) > 1:
        return None
    if re.search(rf"\b{_MON}\b", s):
        return None  # a month date that failed to resolve ('Feb 30, 2020') is not a year
    return _match_rules(years[0], ctx)


@lru_cache(maxsize=8192)
def _resolve_norm(s: str, ctx: _Ctx) -> _Span | None:
    """Resolve a normalised expression: rules, embedded dates, dateparser, a lone year."""
    if not s or _DURATION_RE.fullmatch(s):
        return None
    return (_match_rules(s, ctx) or _embedded(s, ctx) or _fallback(s, ctx.published)
            or _embedded_year(s, ctx))


# --- dateparser fallback ---------------------------------------------------------------

_DATE_SIGNAL = re.compile(rf"\b(?:{_MON}|{_WD})\b|\b\d{{4}}\b")
_DATEPARSER_PERIODS = {"day": "day", "time": "day", "month": "month", "year": "year"}


def _fallback(s: str, published: dt.date | None) -> _Span | None:
    """dateparser on the span text alone, only when it names a month, weekday or year
    ('9/11' or '3/4' alone are too ambiguous to guess)."""
    if not _DATE_SIGNAL.search(s) or "\u2205" in s or _NUMERIC_DAY.fullmatch(s):
        return None  # a numeric day no calendar order allows is no date
    if published is None and not re.search(r"\b\d{4}\b", s):
        return None  # dateparser would complete the date from today's clock
    found = _dateparser_parse(s, published)
    if found is None:
        return None
    day, period = found
    if not _valid_year(day.year):
        return None
    if period == "week":
        return _range(_monday(day), _monday(day) + dt.timedelta(days=6), "day")
    if period == "month":
        return _month(day.year, day.month)
    if period == "year":
        return _year(day.year)
    return _day(day)


@lru_cache(maxsize=64)
def _date_data_parser(published: dt.date | None):
    from dateparser.date import DateDataParser  # slow import: only when needed

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PARSERS": ["relative-time", "absolute-time"]}
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time())
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def _dateparser_parse(s: str, published: dt.date | None) -> tuple[dt.date, str] | None:
    data = _date_data_parser(published).get_date_data(s)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), _DATEPARSER_PERIODS.get(data.period or "day", data.period)


# --- public API ------------------------------------------------------------------------

_PART_RE = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")


def _parse_bound(value: str | None, last: bool) -> tuple[dt.date, str]:
    """A ``YYYY[-MM[-DD]]`` string as its first (or last) day and its grain."""
    m = _PART_RE.fullmatch(value or "")
    if m is None:
        raise SitrepError(f"date value {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD",
                          code="E601")
    y = int(m["y"])
    try:
        if m["d"]:
            return dt.date(y, int(m["m"]), int(m["d"])), "day"
        if m["m"]:
            mo = int(m["m"])
            return (_month_end(y, mo) if last else dt.date(y, mo, 1)), "month"
    except (ValueError, calendar.IllegalMonthError) as exc:
        raise SitrepError(f"date value {value!r} is not a calendar date", code="E601") from exc
    return (dt.date(y, 12, 31) if last else dt.date(y, 1, 1)), "year"


def span_from_event_date(date: EventDate) -> _Span:
    """An :class:`EventDate` read back as the internal span (for anchors).  A ``report``
    date (the published day an undated news event takes) reads as that day."""
    start, grain = _parse_bound(date.start, last=False)
    end, _ = _parse_bound(date.end or date.start, last=True)
    if date.precision not in PRECISIONS:
        raise SitrepError(f"date precision {date.precision!r} is not one of {'/'.join(PRECISIONS)}",
                          code="E601")
    precision = "day" if date.precision == "report" else date.precision
    return _Span(start, end, precision, grain)


def date_bounds(date: EventDate) -> tuple[dt.date, dt.date]:
    """First and last calendar day an :class:`EventDate` covers ('2019-12' -> Dec 1..31)."""
    span = span_from_event_date(date)
    return span.start, span.end


def _format(d: dt.date, grain: str) -> str:
    if grain == "year":
        return f"{d.year:04d}"
    if grain == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def to_event_date(span: _Span, text: str | None) -> EventDate:
    return EventDate(start=_format(span.start, span.grain), end=_format(span.end, span.grain),
                     precision=span.precision, text=text)


def coerce_published(published: dt.date | str | None) -> dt.date | None:
    """A published date as a ``date``: accepts a date, a datetime or ``YYYY-MM-DD[...]``."""
    if published is None or published == "":
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    if isinstance(published, str):
        try:
            return dt.date.fromisoformat(published.strip()[:10])
        except ValueError:
            pass
    raise SitrepError(f"published date {published!r} is not YYYY-MM-DD", code="E600")


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise SitrepError(f"date expression {text!r} is not text", code="E601")
    return text


def _check_order(order: str | None) -> str | None:
    if order is not None and order not in NUMERIC_ORDERS:
        raise SitrepError(f"numeric date order {order!r} is not one of {', '.join(NUMERIC_ORDERS)}",
                          code="E601")
    return order


MAX_EXPRESSION_CHARS = 200  # the longest date expression read; a longer "date" entity is noise


def _resolve(text: str, published: dt.date | None, anchor: _Span | None,
             order: str | None = None, past: bool = False) -> _Span | None:
    """None also when the arithmetic leaves the calendar: "yesterday" of 0001-01-01, "next year"
    of 9999-12-31, a day or year Python's ``datetime.date`` cannot hold (OverflowError,
    ValueError) is no date, whatever rule reached it."""
    ctx = _Ctx(published, anchor, order, past)
    if len(_check_text(text)) > MAX_EXPRESSION_CHARS:
        return None  # no date is written in hundreds of characters; the rules' cost grows with length
    norm = _normalize(text)
    try:
        return _resolve_norm(norm, ctx)
    except (OverflowError, ValueError):
        return None


def parse_date(text: str, *, published: dt.date | None = None,
               anchor: EventDate | None = None, order: str | None = None) -> EventDate | None:
    """Resolve one date expression. None when it is not a date (durations like "four
    months", ages, "decades", bare numbers that are not years, "today" when nothing to
    anchor...).

    ``order`` (``"mdy"`` or ``"dmy"``) reads an ambiguous numeric date ("01/05/2012");
    without it the separator's default applies (month first for ``/`` and ``-``, day first
    for ``.``; see :data:`NUMERIC_DEFAULT_ORDER`).  Raises ``SitrepError`` E600 for a bad
    ``published``, E601 for text that is not a string, a malformed ``anchor`` or an
    unknown ``order``."""
    span = _resolve(text, coerce_published(published),
                    span_from_event_date(anchor) if anchor is not None else None,
                    _check_order(order))
    return to_event_date(span, text.strip()) if span else None


def _moves_anchor(span: _Span) -> bool:
    """Days, months, years, narrow or explicitly dated ranges, and anchor-relative dates."""
    if span.precision != "range" or span.kind == "anchor" or span.explicit:
        return True
    return (span.end - span.start).days <= 31


# --- date spans in running text (what the NER misses) -------------------------------------

_SUFFIX = r"(?:st|nd|rd|th)?"
# Month names for the scanner: "May" and "March" only capitalised (else a verb).
_MON_SCAN = (r"(?:May|March|Mar|MAY|MARCH|(?i:" + _alternation(
    m for m in MONTHS if m not in ("may", "march", "mar")) + r"))")
_SCAN_PATTERNS = (
    # 01/05/2012, 13.05.2012, 1-5-2012 (only when some reading is a calendar day)
    ("numeric", re.compile(
        r"(?<![\w/.-])\d{1,2}(?P<sep>[/.-])\d{1,2}(?P=sep)\d{4}(?![\w/-]|\.\d)")),
    # 2012-05-13
    ("iso", re.compile(r"(?<![\w/.-])\d{4}-\d{1,2}-\d{1,2}(?![\w/-]|\.\d)")),
    # 3-4 March, 3rd-4th of March 2020
    ("range", re.compile(rf"\b\d{{1,2}}{_SUFFIX}\s?[-\u2013]\s?\d{{1,2}}{_SUFFIX}\s(?:of\s)?"
                         rf"{_MON_SCAN}(?![\w])(?:,?\s\d{{4}}\b)?")),
    # March 3-5, March 3-5, 2020
    ("range", re.compile(rf"(?<![\w]){_MON_SCAN}\.?\s\d{{1,2}}{_SUFFIX}\s?[-\u2013]\s?\d{{1,2}}{_SUFFIX}"
                         rf"\b(?:,?\s\d{{4}}\b)?")),
    # overnight (an adverb: not 'an overnight curfew', 'the overnight shift')
    ("overnight", re.compile(r"(?<![\w-])(?<!\ban )(?<!\bthe )(?<!\ba )(?<!\bAn )(?<!\bThe )"
                             r"(?<!\bA )(?i:overnight)(?![\w-])(?!\s(?:curfews?|stays?|shifts?|flights?)\b)")),
)


def find_date_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of date expressions a statistical NER tends to miss or mislabel:
    numeric dates ("01/05/2012", often tagged as a work of art or nothing when they open
    an incident summary), ISO days, day ranges of one month ("3-4 March", "March 3-5")
    and the adverb "overnight".  In text order, not overlapping; linear in the text."""
    spans: list[tuple[int, int]] = []
    for kind, pattern in _SCAN_PATTERNS:
        for m in pattern.finditer(text or ""):
            if kind == "numeric" and _abs_parts(_normalize(m.group(0))) is None:
                continue  # '31/31/2012' is no day in any order
            spans.append((m.start(), m.end()))
    spans.sort(key=lambda se: (se[0], -se[1]))
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


# Entity labels a date span may replace when they lie inside it ("01/05/2012" read as a
# WORK_OF_ART or CARDINAL); any entity that only partly overlaps, and is not a DATE or TIME,
# keeps its place and the date span is dropped.
_DATE_LABELS = ("DATE", "TIME")


def add_date_entities(doc):
    """A spaCy pipeline component (after ``ner``): add the spans of :func:`find_date_spans`
    to ``doc.ents`` as ``DATE``, joined with any DATE/TIME entity they overlap.  Register
    it with ``Language.component("sitrep_dates", func=add_date_entities)`` and add it with
    ``nlp.add_pipe("sitrep_dates", after="ner")``.  Returns the same doc."""
    found = find_date_spans(doc.text)
    if not found:
        return doc
    from spacy.tokens import Span

    ents = list(doc.ents)
    for start_char, end_char in found:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None:
            continue
        overlap = [e for e in ents if e.start < span.end and span.start < e.end]
        inside = [e for e in overlap if span.start <= e.start and e.end <= span.end]
        partial = [e for e in overlap if e not in inside]
        if any(e.label_ not in _DATE_LABELS for e in partial):
            continue
        start = min([span.start] + [e.start for e in partial])
        end = max([span.end] + [e.end for e in partial])
        ents = [e for e in ents if e not in overlap] + [Span(doc, start, end, label="DATE")]
    doc.ents = sorted(ents, key=lambda e: e.start)
    return doc


@dataclass(frozen=True)
class DateMention:
    """A date expression resolved at a place in the text: character offsets ``start`` and
    ``end`` (as given to :meth:`Timeline.resolve`), the words, and the resolved date."""
    start: int
    end: int
    text: str
    date: EventDate


class Timeline:
    """Narrative state for one article: resolves expressions in reading order and remembers
    the last specific date as the anchor for the next relative ones.

    Bare years ("in 1983", "2018-2019") are weak anchors: a year that lies before the
    last finer anchor (a day or month) is a flashback and does not take the story's
    place, and :meth:`new_paragraph` lets weak anchors lapse so an aside ("created in
    2003") does not date the undated "late June" of a later paragraph.

    Numeric dates are read in the order of the document: ``text`` (the article body) is
    scanned once with :func:`numeric_order`; without it, the first unambiguous numeric
    date resolved fixes the order for the ones after it; ``order`` forces one.

    Every date resolved with ``at=(start, end)`` is remembered as a :class:`DateMention`,
    so a caller can ask for the dates inside a clause or phrase with :meth:`dates_in`.
    """

    def __init__(self, published: dt.date | str | None, *, text: str | None = None,
                 order: str | None = None):
        self.published = coerce_published(published)
        self.order = _check_order(order) or (numeric_order(text) if text else None)
        self._latest: _Span | None = None
        self._fine: _Span | None = None  # last anchor finer than a year
        self._mentions: list[DateMention] = []

    def resolve(self, text: str, *, at: tuple[int, int] | None = None, past: bool = False) -> EventDate | None:
        """Resolve ``text`` and, when the result is specific, make it the new anchor.

        ``at``: the expression's character offsets in the article, to find it again with
        :meth:`dates_in`; ``past``: the expression dates an act told in the past tense (with
        no published date, "Monday" is then the latest Monday on or before the anchor)."""
        if self.order is None and isinstance(text, str):
            self.order = numeric_order(text)
        span = _resolve(text, self.published, self._current(), self.order, past)
        if span is None:
            return None
        if _moves_anchor(span):
            self._latest = span
            if span.grain != "year":
                self._fine = span
        date = to_event_date(span, text.strip())
        if at is not None:
            self._mentions.append(DateMention(int(at[0]), int(at[1]), text.strip(), date))
        return date

    def resolve_span(self, span, past: bool = False) -> EventDate | None:
        """Resolve a spaCy ``Span`` (a DATE entity), remembered at its character offsets
        (``past``: see :meth:`resolve`)."""
        return self.resolve(span.text, at=(span.start_char, span.end_char), past=past)

    def dates_in(self, start, end: int | None = None) -> list[DateMention]:
        """The dates resolved so far (with ``at``) that lie inside a stretch of text, in
        reading order: ``dates_in(start_char, end_char)``, or ``dates_in(span)`` for
        anything with ``start_char``/``end_char`` (a spaCy Span, a sentence, a clause's
        subtree made a span).  This is how an event takes the date of its own clause."""
        if end is None:
            start, end = start.start_char, start.end_char
        found = [m for m in self._mentions if start <= m.start and m.end <= end]
        return sorted(found, key=lambda m: (m.start, m.end))

    def report_date(self) -> EventDate | None:
        """The date of an event told as news with no time of its own: the day of the report,
        ``EventDate(published, published, "report", None)`` (the spec's precision
        ``report``: on or shortly before that day, as ACLED dates such events); None when
        the article has no published date.  It does not move the narrative anchor."""
        if self.published is None:
            return None
        day = self.published.isoformat()
        return EventDate(day, day, "report", None)

    def _current(self) -> _Span | None:
        latest, fine = self._latest, self._fine
        if latest is None or fine is None or latest.grain != "year":
            return latest
        return fine if latest.end < fine.start else latest

    @property
    def anchor(self) -> EventDate | None:
        current = self._current()
        return to_event_date(current, None) if current else None

    def new_paragraph(self) -> None:
        """A paragraph break: a weak (year-only) anchor lapses back to the last finer one."""
        if self._latest is not None and self._latest.grain == "year":
            self._latest = self._fine

    def reset(self) -> None:
        """A new section: forget the narrative anchor (dates already read stay findable)."""
        self._latest = None
        self._fine = None


__all__ = ["parse_date", "Timeline", "DateMention", "coerce_published", "span_from_event_date",
           "date_bounds", "to_event_date", "numeric_order", "find_date_spans", "add_date_entities",
           "NUMERIC_DEFAULT_ORDER", "RULES"]
