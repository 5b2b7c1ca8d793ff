"""Speakers are sources, not agents; accusations are claims; threats with conditions are
threats with a target (issue 7, kinds 5 and 9).  Sentences written for these tests."""
from __future__ import annotations

import pytest

VIOLENT = {"air_strike", "shelling", "bombing", "armed_clash", "attack", "assassination", "abduction"}


def violent(x):
    return [e for e in x.events if e.type in VIOLENT]


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "A coalition spokesman said rockets struck the airfield near Erbil.",
    "Provincial police said gunmen killed three farmers near Kirkuk.",
    "Officials told reporters that a car bomb exploded outside a mosque in Samarra.",
])
def test_events_speech_speaker_is_no_agent(extract, text):
    x = extract(text)
    e = violent(x)[0]
    speakers = {a.id for a in x.actors if any(w in a.name.lower() for w in ("coalition", "police", "official"))}
    assert not speakers & set(e.actors) and e.certainty == "reported"


@pytest.mark.slow
def test_events_speech_state_reporting_its_operation_is_a_source(extract):
    x = extract("A spokesman for the Iraqi army said troops killed 15 militants in Anbar on Monday.")
    e = violent(x)[0]
    assert e.certainty == "reported" and e.fatalities == 15
    assert not [s for s in x.events if s.type == "claim_responsibility"]


@pytest.mark.slow
def test_events_speech_armed_group_saying_it_attacked_claims_it(extract):
    x = extract("Islamic State said its fighters killed nine soldiers near Haditha.")
    e = violent(x)[0]
    assert e.certainty == "claimed" and e.claimed_by == "islamic-state"


@pytest.mark.slow
@pytest.mark.parametrize("text, accuser, accused", [
    ("Iraq accused Turkey of killing four civilians in an air strike near Duhok.", "iraq", "turkey"),
    ("Local officials blamed the Islamic State for the bombing of a market in Tikrit.", None, "islamic-state"),
])
def test_events_speech_accusation_is_a_claim(extract, text, accuser, accused):
    x = extract(text)
    e = violent(x)[0]
    assert e.certainty == "claimed" and accused in e.actors and accused not in e.targets
    if accuser:
        assert e.claimed_by == accuser


@pytest.mark.slow
def test_events_speech_conditional_threat_has_a_target_and_no_condition_place(extract):
    x = extract("Kataib Hezbollah said it would strike American bases if US troops did not leave Iraq.")
    threats = [e for e in x.events if e.type == "threat"]
    assert threats and "united-states" in threats[0].targets and "iraq" not in threats[0].targets
    assert not violent(x)  # the strike is only threatened


@pytest.mark.slow
def test_events_speech_statement_without_time_is_dated_to_the_report(extract):
    x = extract("Kataib Hezbollah said it would strike American bases if US troops did not leave Iraq.",
                published="2023-06-02")
    t = [e for e in x.events if e.type == "threat"][0]
    assert t.date is not None and t.date.start == "2023-06-02"


@pytest.mark.slow
def test_events_speech_claimed_attack_keeps_its_toll(extract):
    x = extract("Islamic State claimed responsibility for the car bombing in Baquba, which killed 14 people.")
    e = violent(x)[0]
    assert e.certainty == "reported" and e.claimed_by == "islamic-state" and e.fatalities == 14


@pytest.mark.slow
def test_events_speech_later_claim_names_the_unnamed_attackers(extract):
    x = extract("Gunmen attacked a police checkpoint near Tuz Khurmatu on Monday. "
                "On Tuesday, Islamic State claimed responsibility for the attack.")
    attacks = violent(x)
    assert len(attacks) == 1 and attacks[0].actors == ("islamic-state",)
    assert attacks[0].claimed_by == "islamic-state"


@pytest.mark.slow
def test_events_speech_condemned_bombing_is_the_bombing_not_the_next_shooting(extract):
    x = extract("A car bomb killed nine people at a market in Hilla on Monday. Later that day, gunmen shot dead "
                "two policemen near Diwaniyah. The governor condemned the bombing.")
    types = [e.type for e in violent(x)]
    assert types.count("bombing") == 1 and "attack" in types


@pytest.mark.slow
def test_events_speech_act_in_retaliation_phrase_is_the_cause(extract):
    x = extract("US aircraft struck three militia depots on Sunday in retaliation for a rocket attack on "
                "Friday that killed a contractor near Kirkuk.", published="2019-12-30")
    strike = [e for e in x.events if e.type == "air_strike"][0]
    rocket = [e for e in x.events if e.type == "shelling"][0]
    assert strike.caused_by == rocket.id and rocket.caused_by is None
