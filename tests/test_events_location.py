"""An event's place: a capital before an event noun is where it happened, a capital acting is
its government and no place; a headline's one scene (issue 7, kind 6).  Sentences written
for these tests."""
from __future__ import annotations

import pytest

VIOLENT = {"air_strike", "shelling", "bombing", "armed_clash", "attack", "assassination", "abduction"}


def violent(x):
    return [e for e in x.events if e.type in VIOLENT]


@pytest.mark.slow
@pytest.mark.parametrize("text", ["Baghdad car bombs kill nine", "Two Baghdad cafe bombings wound 30 people."])
def test_events_location_capital_before_an_event_noun_is_the_place(extract, text):
    e = violent(extract(text))[0]
    assert e.location is not None and e.location.name == "Baghdad"
    assert "iraq" not in e.actors


@pytest.mark.slow
def test_events_location_capital_acting_is_no_place(extract):
    x = extract("Washington imposed sanctions on two militia leaders on Friday.")
    e = [e for e in x.events if e.type == "sanction"][0]
    assert e.location is None and "united-states" in e.actors


@pytest.mark.slow
def test_events_location_headline_takes_its_province(extract):
    e = violent(extract("Shelling and clashes as thousands flee Iraq's Diyala"))[0]
    assert e.location is not None and e.location.name == "Diyala"
