"""Headline-style sentences whose parse loses the verb still give their event (issue 7,
kind 1: wire headlines).  Headlines written for these tests."""
from __future__ import annotations

import pytest

from sitrep.events.headlines import is_headline

VIOLENT = {"air_strike", "shelling", "bombing", "armed_clash", "attack", "assassination", "abduction"}


def violent(x):
    return [e for e in x.events if e.type in VIOLENT]


def names(x, ids):
    by = {a.id: a.name for a in x.actors}
    return [by.get(i, i) for i in ids]


@pytest.mark.slow
@pytest.mark.parametrize("text, etype, dead", [
    ("Mortars near Kirkuk base kill soldiers, shepherds", "shelling", None),
    ("More than 40 die as army battles jihadists north of Baghdad", "armed_clash", 40),
    ("Five policemen killed by roadside bomb in western Anbar", "bombing", 5),
    ("Nine killed in Diyala violence - police sources", "attack", 9),
])
def test_events_headline_gives_its_event(extract, text, etype, dead):
    found = violent(extract(text))
    assert [e.type for e in found] == [etype], [(e.type, e.trigger) for e in found]
    assert found[0].fatalities == dead


@pytest.mark.slow
def test_events_headline_victims_are_targets_and_by_phrase_is_the_agent(extract):
    x = extract("Two Kurdish fighters killed by Islamic State sniper near Sinjar")
    e = violent(x)[0]
    assert "islamic-state" in e.actors and "islamic-state" not in e.targets


@pytest.mark.slow
def test_events_headline_state_named_as_place_is_no_party(extract):
    x = extract("Six shepherds killed in Iraq's Salahuddin province")
    e = violent(x)[0]
    assert "iraq" not in e.actors + e.targets


def test_events_headline_detection(nlp):
    assert is_headline(next(nlp("Car bomb kills six in Baghdad market").sents))
    assert not is_headline(next(nlp("A car bomb killed six people in a Baghdad market.").sents))


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Iraqi lawmakers debate budget as oil prices fall",
    "Prime minister visits flood-hit villages in the south",
])
def test_events_headline_without_violence_gives_none(extract, text):
    assert violent(extract(text)) == []


@pytest.mark.slow
@pytest.mark.parametrize("text, etype", [
    ("Jihadists seize more ground in western Ramadi", "armed_clash"),
    ("Besieged town of Amerli falls to Islamic State", "armed_clash"),
    ("Army repels militant assault on Haditha dam", "armed_clash"),
    ("Toll from Baghdad car bomb rises to 23", "bombing"),
])
def test_events_headline_war_verbs(extract, text, etype):
    assert [e.type for e in violent(extract(text))][:1] == [etype]


@pytest.mark.slow
def test_events_headline_ground_taken_by_whom(extract):
    e = violent(extract("Besieged town of Amerli falls to Islamic State"))[0]
    assert e.actors == ("islamic-state",)


@pytest.mark.slow
def test_events_headline_country_only_is_the_place_not_the_agent(extract):
    e = violent(extract("Syria violence kills 30 as talks stall"))[0]
    assert e.location is not None and e.location.name == "Syria" and "syria" not in e.actors


@pytest.mark.slow
def test_events_headline_city_struck_is_the_place(extract):
    e = violent(extract("Five car bombs hit Baghdad as parliament meets"))[0]
    assert e.location is not None and e.location.name == "Baghdad"
