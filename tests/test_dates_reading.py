"""Tests for sitrep.dates on the forms wire copy, incident summaries and event notes use:
numeric dates read in their source's order, the report date, weekday and night phrases,
day ranges, date spans the NER misses, and dates asked for by text span."""
from __future__ import annotations

import datetime as dt

import pytest

from sitrep.dates import (DateMention, Timeline, add_date_entities, find_date_spans,
                          numeric_order, parse_date)
from sitrep.errors import SitrepError
from sitrep.records import PRECISIONS, EventDate

THU = dt.date(2021, 7, 8)  # a Thursday


def _triple(d: EventDate | None) -> tuple[str | None, str | None, str] | None:
    return (d.start, d.end, d.precision) if d else None


# --- numeric dates in the order their source writes them -------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("01/05/2012", "2012-01-05"),           # ambiguous: month first by default (US style)
    ("01/05/2012:", "2012-01-05"),          # as it opens an incident summary
    ("1/5/2012", "2012-01-05"),
    ("13/05/2012", "2012-05-13"),           # only day-first can be right
    ("05/13/2012", "2012-05-13"),           # only month-first can be right
    ("01-05-2012", "2012-01-05"),
    ("05.01.2012", "2012-01-05"),           # dotted dates are day-first by default
    ("on 11/03/2015 at dawn", "2015-11-03"),
])
def test_dates_numeric_default_order(text, expected):
    assert _triple(parse_date(text)) == (expected, expected, "day")


@pytest.mark.parametrize("text", ["13/13/2012", "00/05/2012", "02/30/2012", "31/31/2012"])
def test_dates_numeric_impossible_is_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("order, expected", [("dmy", "2012-05-01"), ("mdy", "2012-01-05")])
def test_dates_numeric_given_order(order, expected):
    assert parse_date("01/05/2012", order=order).start == expected


def test_dates_numeric_unknown_order_is_coded_error():
    with pytest.raises(SitrepError) as err:
        parse_date("01/05/2012", order="ymd")
    assert err.value.code == "E601"


def test_dates_numeric_reading_after_publication_gives_way():
    # month-first would put it in May, four months after the report: day-first it is
    assert parse_date("05/01/2012", published=dt.date(2012, 1, 9)).start == "2012-01-05"
    # both readings before publication: the default holds
    assert parse_date("05/01/2012", published=dt.date(2012, 6, 9)).start == "2012-05-01"


@pytest.mark.parametrize("text, expected", [
    ("Attack on 25/12/2019; arrests on 01/02/2020.", "dmy"),
    ("Attack on 12/25/2019; arrests on 01/02/2020.", "mdy"),
    ("Attack on 01/02/2020.", None),
    ("Attack on 25/12/2019 and on 12/25/2019.", None),     # the text contradicts itself
    ("No dates here, only 3/4 of the fighters and 2019.", None),
    ("ISO only: 2019-12-25.", None),
])
def test_dates_numeric_order_of_a_text(text, expected):
    assert numeric_order(text) == expected


def test_dates_timeline_reads_order_from_whole_text():
    text = "01/05/2012: Gunmen attacked a convoy. A second attack followed on 14/05/2012."
    tl = Timeline(None, text=text)
    assert tl.resolve("01/05/2012").start == "2012-05-01"
    assert Timeline(None).resolve("01/05/2012").start == "2012-01-05"


def test_dates_timeline_learns_order_as_it_reads():
    tl = Timeline(None)
    assert tl.resolve("25/12/2019").start == "2019-12-25"
    assert tl.resolve("01/02/2020").start == "2020-02-01"


# --- the report date ------------------------------------------------------------------------

def test_dates_report_precision_is_in_the_contract():
    assert "report" in PRECISIONS


def test_dates_report_date_is_the_published_day():
    tl = Timeline("2021-07-08")
    assert tl.report_date() == EventDate("2021-07-08", "2021-07-08", "report", None)
    assert Timeline(None).report_date() is None


def test_dates_report_date_leaves_anchor_alone():
    tl = Timeline("2021-07-08")
    tl.resolve("3 March 2020")
    tl.report_date()
    assert _triple(tl.anchor) == ("2020-03-03", "2020-03-03", "day")


def test_dates_report_date_works_as_anchor_and_bounds():
    from sitrep.dates import date_bounds
    report = EventDate("2021-07-08", "2021-07-08", "report")
    assert date_bounds(report) == (dt.date(2021, 7, 8), dt.date(2021, 7, 8))
    assert parse_date("the next day", anchor=report).start == "2021-07-09"


# --- phrases of wire copy and event notes ------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("On 12 March 2020,", ("2020-03-12", "2020-03-12", "day")),
    ("June 30th 2016:", ("2016-06-30", "2016-06-30", "day")),
    ("Tuesday", ("2021-07-06", "2021-07-06", "day")),
    ("on Thursday", ("2021-07-08", "2021-07-08", "day")),   # the report's own day
    ("Friday", ("2021-07-02", "2021-07-02", "day")),        # never after the report
    ("overnight", ("2021-07-07", "2021-07-07", "day")),
    ("Overnight", ("2021-07-07", "2021-07-07", "day")),
    ("overnight Tuesday", ("2021-07-06", "2021-07-06", "day")),
    ("Tuesday overnight", ("2021-07-06", "2021-07-06", "day")),
    ("late on Monday", ("2021-07-05", "2021-07-05", "day")),
    ("Late Monday", ("2021-07-05", "2021-07-05", "day")),
    ("late Monday night", ("2021-07-05", "2021-07-05", "day")),
    ("early Tuesday", ("2021-07-06", "2021-07-06", "day")),
    ("early on Tuesday morning", ("2021-07-06", "2021-07-06", "day")),
    ("earlier this week", ("2021-07-05", "2021-07-07", "range")),
    ("Earlier in the week", ("2021-07-05", "2021-07-07", "range")),
    ("last month", ("2021-06", "2021-06", "month")),
    ("earlier this month", ("2021-07-01", "2021-07-08", "range")),
    ("between 3 and 5 March", ("2021-03-03", "2021-03-05", "range")),
    ("between March 3 and 5", ("2021-03-03", "2021-03-05", "range")),
    ("from 3 to 5 March 2020", ("2020-03-03", "2020-03-05", "range")),
    ("March 3 to 5, 2020", ("2020-03-03", "2020-03-05", "range")),
    ("the night of 3-4 March", ("2021-03-03", "2021-03-04", "range")),
    ("the night of March 3", ("2021-03-03", "2021-03-03", "day")),
])
def test_dates_wire_phrases(text, expected):
    assert _triple(parse_date(text, published=THU)) == expected


@pytest.mark.parametrize("text", ["an overnight curfew", "the 5 to 3 vote", "between 5 and 3 March"])
def test_dates_wire_phrases_that_are_not_dates(text):
    assert parse_date(text, published=THU) is None


# --- date spans found in text (what the NER misses) --------------------------------------------

@pytest.mark.parametrize("text, found", [
    ("01/05/2012: Gunmen attacked a convoy.", ["01/05/2012"]),
    ("Gunmen attacked a convoy on 2012-05-13 near the border.", ["2012-05-13"]),
    ("Rockets struck the base overnight, police said.", ["overnight"]),
    ("An overnight curfew was imposed.", []),
    ("Militants attacked on the night of 3-4 March.", ["3-4 March"]),
    ("Talks ran March 3-5 in Geneva.", ["March 3-5"]),
    ("The vote was 3-4 in the end, and 3/4 of members came.", []),
])
def test_dates_find_date_spans(text, found):
    assert [text[s:e] for s, e in find_date_spans(text)] == found


# --- dates by span ------------------------------------------------------------------------------

def test_dates_timeline_dates_in_a_span():
    text = "On Tuesday rockets hit the base. Two days later, on 3 July, jets struck back."
    tl = Timeline("2021-07-08")
    for phrase in ("Tuesday", "Two days later", "3 July"):
        start = text.index(phrase)
        tl.resolve(phrase, at=(start, start + len(phrase)))
    second = text.index("Two days")
    got = tl.dates_in(second, len(text))
    assert [m.text for m in got] == ["Two days later", "3 July"]
    assert all(isinstance(m, DateMention) for m in got)
    assert got[1].date.start == "2021-07-03"
    assert tl.dates_in(0, second - 1)[0].date.start == "2021-07-06"
    assert tl.dates_in(0, 2) == []


def test_dates_timeline_dates_in_accepts_spacy_like_spans():
    class Span:  # the two attributes a spaCy Span or Token subtree exposes
        start_char, end_char = 0, 20
    tl = Timeline("2021-07-08")
    tl.resolve("Tuesday", at=(3, 10))
    tl.resolve("Friday", at=(30, 36))
    assert [m.text for m in tl.dates_in(Span())] == ["Tuesday"]


def test_dates_timeline_reset_keeps_mentions():
    tl = Timeline("2021-07-08")
    tl.resolve("Tuesday", at=(3, 10))
    tl.reset()
    assert len(tl.dates_in(0, 100)) == 1


@pytest.mark.slow
def test_dates_entities_added_to_a_parsed_doc():
    from sitrep.pipeline import load_nlp
    nlp = load_nlp()
    text = ("01/05/2012: Gunmen attacked a police post in Mosul. Rockets hit the airport overnight. "
            "Militants struck on the night of 3-4 March.")
    doc = add_date_entities(nlp(text))
    dates = [e.text for e in doc.ents if e.label_ in ("DATE", "TIME")]
    assert "01/05/2012" in dates
    assert "overnight" in dates
    assert any("3-4 March" in d for d in dates)
    assert "Mosul" in [e.text for e in doc.ents if e.label_ == "GPE"]
    tl = Timeline(None, text=text)
    assert tl.resolve(dates[0]).start == "2012-01-05"


def test_dates_report_date_merges_like_a_day():
    from sitrep.merge import DATE_RANK, dates_compatible
    report = EventDate("2021-07-08", "2021-07-08", "report")
    assert dates_compatible(report, EventDate("2021-07-07", "2021-07-07", "day"))
    assert not dates_compatible(report, EventDate("2021-07-04", "2021-07-04", "day"))
    assert DATE_RANK["day"] > DATE_RANK["report"] > DATE_RANK["month"]


def test_dates_timeline_resolve_span_remembers_offsets():
    class Ent:  # what a spaCy DATE entity exposes
        text, start_char, end_char = "last month", 40, 50
    tl = Timeline("2021-07-08")
    assert tl.resolve_span(Ent()).start == "2021-06"
    assert [(m.start, m.end, m.text) for m in tl.dates_in(0, 60)] == [(40, 50, "last month")]
