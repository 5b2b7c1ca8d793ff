"""Wire datelines and weekdays with no published date (issue 8, fault 5): a dateline's date is
the report's date, and a weekday told of a past act is the latest such day on or before the
story's date.  Sentences written for these tests."""
from __future__ import annotations

import pytest

from sitrep.dates import Timeline
from sitrep.ingest import dateline_date, find_dateline


def test_events_wire_dates_dateline_with_year_is_read():
    text = "NAJAF, Aug. 14, 2019 (Wire) - Gunmen attacked a shrine guard post."
    assert find_dateline(text) is not None and find_dateline(text)[2] == "Najaf"
    assert dateline_date(text) == "2019-08-14"
    assert dateline_date("NAJAF, Aug. 14 (Wire) - Gunmen attacked a post.") is None  # no year: no date
    assert dateline_date("NAJAF (Wire) - Gunmen attacked a post.") is None


def test_events_wire_dates_past_weekday_looks_back_from_the_anchor():
    t = Timeline(None)
    t.resolve("August 14, 2019")  # a Wednesday
    assert t.resolve("Monday", past=True).start == "2019-08-12"
    t2 = Timeline(None)
    t2.resolve("August 14, 2019")
    assert t2.resolve("Monday").start == "2019-08-19"  # an act still to come: forward, as before


@pytest.mark.slow
def test_events_wire_dates_dateline_date_is_the_report_date(extract):
    x = extract("NAJAF, Aug. 14, 2019 (Wire) - Asaib Ahl al-Haq fired mortars at a police station in Diyala "
                "on Monday.", published=None)
    assert x.article.published == "2019-08-14"
    e = next(e for e in x.events if e.type == "shelling")
    assert e.date is not None and e.date.start == "2019-08-12"
    assert e.actors == ("asaib-ahl-al-haq",)


@pytest.mark.slow
def test_events_wire_dates_past_act_on_a_weekday_before_the_story_date(extract):
    x = extract("On August 14, 2019, police said gunmen attacked a checkpoint near Samarra on Monday.",
                published=None)
    e = next(e for e in x.events if e.type == "attack")
    assert e.date is not None and e.date.start == "2019-08-12"
