"""An event takes the date its own clause gives; news with no time of its own is dated to the
report; a weekday told of an earlier act does not carry over (issue 7, kind 7)."""
from __future__ import annotations

import pytest

PUBLISHED = "2023-05-12"  # a Friday


def violent(x):
    return [e for e in x.events if e.type in ("air_strike", "shelling", "bombing", "armed_clash", "attack")]


@pytest.mark.slow
def test_events_timing_news_without_a_time_is_dated_to_the_report(extract):
    x = extract("Rockets struck an airbase north of Baghdad, officials said.", published=PUBLISHED)
    e = violent(x)[0]
    assert (e.date.start, e.date.end, e.date.precision) == (PUBLISHED, PUBLISHED, "report")


@pytest.mark.slow
def test_events_timing_no_published_date_gives_no_report_date(extract):
    x = extract("Rockets struck an airbase north of Baghdad, officials said.", published=None)
    assert violent(x)[0].date is None


@pytest.mark.slow
def test_events_timing_weekday_of_an_earlier_act_does_not_carry_over(extract):
    x = extract("Gunmen attacked a police post near Kirkuk on Wednesday. In a separate incident, a roadside "
                "bomb killed two farmers near Hawija.", published=PUBLISHED)
    post, bomb = violent(x)
    assert post.date.start == "2023-05-10" and post.date.precision == "day"
    assert bomb.date.precision == "report"


@pytest.mark.slow
def test_events_timing_past_event_keeps_its_own_date(extract):
    x = extract("A 2019 rocket attack on the same base killed an American contractor.", published=PUBLISHED)
    assert violent(x)[0].date.start == "2019"


@pytest.mark.slow
def test_events_timing_own_clause_date_wins(extract):
    x = extract("On 3 May, insurgents ambushed an army convoy near Baiji.", published=PUBLISHED)
    assert violent(x)[0].date.start == "2023-05-03"


@pytest.mark.slow
def test_events_timing_date_of_another_clause_is_not_the_acts(extract):
    x = extract("Bombings kill 12 in Baghdad as March toll passes 400", published=PUBLISHED)
    e = violent(x)[0]
    assert e.date.precision == "report" and e.date.start == PUBLISHED
