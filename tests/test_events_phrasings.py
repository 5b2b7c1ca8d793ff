"""Events told in the common phrasings of wire copy and headlines (issue 7, kind 1): deaths
"in fighting", "in clashes", headlines in the present tense, passive clauses with a noun
trigger.  Snippets are written for these tests."""
from __future__ import annotations

import pytest

VIOLENT = {"air_strike", "shelling", "bombing", "armed_clash", "attack", "assassination", "abduction"}


def violent(x):
    return [e for e in x.events if e.type in VIOLENT]


@pytest.mark.slow
@pytest.mark.parametrize("text, etype, dead", [
    ("Eight policemen were killed in fighting with insurgents near Ramadi on Sunday.", "armed_clash", 8),
    ("Three fighters died in clashes with the army outside Fallujah.", "armed_clash", 3),
    ("Two shepherds were wounded in shelling near the border.", "shelling", None),
    ("Four people were killed in airstrikes on a market in Idlib.", "air_strike", 4),
])
def test_events_deaths_in_a_bare_noun_event(extract, text, etype, dead):
    found = violent(extract(text))
    assert [e.type for e in found] == [etype]
    assert found[0].fatalities == dead


@pytest.mark.slow
@pytest.mark.parametrize("text, etype, dead", [
    ("Car bombs in northern Baghdad kill nine", "bombing", 9),
    ("Blasts near Kirkuk market kill three, wound 20", "bombing", 3),
    ("Rocket attack on Basra airport kills two", "shelling", 2),
])
def test_events_headline_present_tense_is_a_particular_act(extract, text, etype, dead):
    found = violent(extract(text))
    assert found and found[0].type == etype
    assert found[0].fatalities == dead


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Roadside bombs are a constant danger on these highways.",
    "Militant attacks are meant to frighten voters, analysts say.",
])
def test_events_generic_present_tense_is_no_event(extract, text):
    assert violent(extract(text)) == []


@pytest.mark.slow
def test_events_manner_phrase_is_still_no_event(extract):
    x = extract("Shopkeepers closed their stores in protest at the new tax.")
    assert [e.type for e in x.events if e.type in ("protest", "riot")] == []


@pytest.mark.slow
@pytest.mark.parametrize("text, etype", [
    ("At least nine people were killed when a car bomb tore through a bus station in Hilla.", "bombing"),
    ("Two soldiers were killed when mortar rounds slammed into their post near Baiji.", "shelling"),
])
def test_events_killing_takes_the_means_told_in_its_clause(extract, text, etype):
    found = violent(extract(text))
    assert [e.type for e in found] == [etype]


@pytest.mark.slow
def test_events_leader_of_an_act_carries_it_out(extract):
    x = extract("Turkish-led raids hit PKK positions in the Qandil mountains on Sunday.")
    assert "turkey" in violent(x)[0].actors
    y = extract("Iran-backed fighters fired rockets at the base.")
    assert "iran" not in violent(y)[0].actors


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "More than 300 people have been killed since the protests began in October.",
    "Dozens have been killed in the unrest, rights groups say.",
    "Around 90 people have been killed in two weeks of fighting, the monitor said.",
])
def test_events_running_toll_is_no_event(extract, text):
    assert [e for e in violent(extract(text)) if e.fatalities] == []


@pytest.mark.slow
def test_events_perfect_tense_of_one_act_is_an_event(extract):
    x = extract("At least ten people have been killed in clashes in Tripoli, officials said.")
    assert [e.type for e in violent(x)] == ["armed_clash"]


@pytest.mark.slow
@pytest.mark.parametrize("text, etype", [
    ("Heavy fighting broke out between two rival militias in Zawiya, leaving nine dead.", "armed_clash"),
    ("A soldier raped a teenage girl near a checkpoint in Goma, witnesses said.", "attack"),
])
def test_events_trigger_found_when_the_tagger_errs(extract, text, etype):
    assert [e.type for e in violent(extract(text))] == [etype]


@pytest.mark.slow
def test_events_the_one_who_planted_the_device_is_the_agent(extract):
    x = extract("A bomb placed by insurgents went off beside a patrol near Ghazni, killing three soldiers.")
    e = violent(x)[0]
    assert e.type == "bombing" and e.actors and e.fatalities == 3


@pytest.mark.slow
@pytest.mark.parametrize("text, etype, weapon", [
    ("Guerrillas dynamited two electricity pylons near the dam last night.", "bombing", None),
    ("Rebels set off a bomb outside the town hall, wounding a guard.", "bombing", "bomb"),
    ("Gunmen armed with rifles attacked a bus on the coastal road.", "attack", None),
])
def test_events_older_wire_verbs_and_weapon_names(extract, text, etype, weapon):
    e = violent(extract(text))[0]
    assert e.type == etype
    if weapon:
        assert e.weapon == weapon


@pytest.mark.slow
def test_events_weapon_subject_slams_into_a_place_is_no_criticism(extract):
    x = extract("Two rockets slammed into a residential compound near the airport on Friday.")
    assert [e.type for e in x.events] == ["shelling"]


@pytest.mark.slow
def test_events_protests_spoken_of_are_not_told_here(extract):
    x = extract("Masked gunmen raided a radio station in Nasiriyah that had covered the protests.")
    assert "protest" not in [e.type for e in x.events] and "riot" not in [e.type for e in x.events]


@pytest.mark.slow
def test_events_firing_into_the_air_is_no_attack(extract):
    x = extract("Police fired into the air and beat students protesting outside the university in Erbil.")
    assert [e.type for e in x.events if e.type in VIOLENT] == []
