"""Arguments of acts that are not violence: who an act is addressed to ('to', 'with', an
indirect object), givers of what is received, and acts of one type with different codes kept
apart.  Sentences written for these tests."""
from __future__ import annotations

import pytest


def of_type(x, *types):
    return [e for e in x.events if e.type in types]


@pytest.mark.slow
@pytest.mark.parametrize("text, agent, target", [
    ("Iraq lodged a complaint with the UN Security Council over the raid.", "iraq", "un-security-council"),
    ("Iran sent a delegation to Saudi Arabia for talks on Tuesday.", "iran", "saudi-arabia"),
    ("Turkey supplied Qatar with armed drones last year.", "turkey", "qatar"),
])
def test_events_arguments_addressee_is_the_target(extract, text, agent, target):
    x = extract(text)
    found = [e for e in x.events if agent in e.actors]
    assert found and any(target in e.targets for e in found), [(e.type, e.actors, e.targets) for e in x.events]


@pytest.mark.slow
def test_events_arguments_acts_with_different_codes_stay_apart(extract):
    x = extract("The European Union welcomed the ceasefire plan. The European Union rejected the new budget.")
    statements = [e for e in x.events if "european-union" in e.actors]
    assert len({e.cameo for e in statements}) == 2


@pytest.mark.slow
@pytest.mark.parametrize("text, victim", [
    ("The assassination of the Jesuit rector Ignacio Ellacuria outraged the country.", "ignacio-ellacuria"),
    ("Police are investigating the murder of Jaime Pardo Leal near Bogota.", "jaime-pardo-leal"),
])
def test_events_arguments_victim_of_a_killing_noun(extract, text, victim):
    x = extract(text)
    found = [e for e in x.events if e.type in ("assassination", "attack")]
    assert found and victim in found[0].targets, [(e.type, e.targets) for e in x.events]


@pytest.mark.slow
@pytest.mark.parametrize("text, kind", [
    ("Gunmen burned the house of a border guard in Sinjar on Monday.", "state_military"),
    ("A drone struck vehicles belonging to insurgents near Baiji on Friday.", "armed_group"),
    ("Militants blew up the soldiers' barracks outside Tuz Khurmatu on Sunday.", "state_military"),
    # a force's noun right before a facility names its owner
    ("Rebels stormed a police post outside Rutba on Thursday.", "state_military"),
    ("A roadside bomb struck an army patrol near Tarmiyah on Thursday.", "state_military"),
])
def test_events_arguments_owner_of_the_thing_hit_is_the_target(extract, text, kind):
    x = extract(text)
    types = {a.id: a.type for a in x.actors}
    assert any(types.get(t) == kind for e in x.events for t in e.targets), \
        [(e.type, e.actors, e.targets) for e in x.events]


@pytest.mark.slow
def test_events_arguments_what_fire_is_set_to_is_the_target(extract):
    x = extract("Rioters set fire to the Turkish consulate in Mosul on Saturday.")
    assert any("turkey" in e.targets for e in x.events), [(e.type, e.actors, e.targets) for e in x.events]


@pytest.mark.slow
@pytest.mark.parametrize("text, side, want", [
    # a gerund tagged as a verb in a noun's place keeps its nationality word as its agent
    ("Four shepherds were killed by Iranian shelling outside Sidakan on Tuesday.", "actors", "iran"),
    ("A farmer was wounded by Turkish bombing near Batifa on Wednesday.", "actors", "turkey"),
    # soldiers named by their nationality are the state's forces, not the state
    ("Two Iraqi soldiers were killed when a roadside bomb struck their vehicle near Baiji.", "targets", "iraqi-army"),
    ("Militants ambushed Turkish soldiers near the border on Sunday.", "targets", "turkish-armed-forces"),
])
def test_events_arguments_party_named_by_a_nationality_word(extract, text, side, want):
    x = extract(text)
    assert any(want in getattr(e, side) for e in x.events), [(e.type, e.actors, e.targets) for e in x.events]


@pytest.mark.slow
def test_events_arguments_their_is_the_plural_subject_of_its_own_sentence(extract):
    x = extract("The ministry said on Monday it had sent aid to Mosul. "
                "Three policemen were wounded when a bomb hit their patrol car outside Kirkuk.")
    bomb = [e for e in x.events if e.type == "bombing"]
    types = {a.id: a.type for a in x.actors}
    assert bomb and all(types.get(t) == "state_military" for t in bomb[0].targets) and bomb[0].targets, \
        [(e.type, e.actors, e.targets) for e in x.events]


@pytest.mark.slow
@pytest.mark.parametrize("text, agent, target", [
    # what is given, and to whom
    ("Japan pledged to provide reconstruction funds for Iraq and Syria.", "japan", "syria"),
    # a third party's mediation is between the two others
    ("Oman began a mediation effort between Iran and Saudi Arabia on Sunday.", "oman", "iran"),
    # a capital visited stands for its state
    ("The Turkish president arrived in Baghdad on Sunday for talks.", "turkey", "iraq"),
])
def test_events_arguments_recipients_mediated_and_visited_are_targets(extract, text, agent, target):
    x = extract(text)
    assert any(target in e.targets and agent in e.actors for e in x.events), \
        [(e.type, e.actors, e.targets) for e in x.events]
    assert target in {a.id for a in x.actors if a.mentions}, "a target is grounded in a mention"


@pytest.mark.slow
def test_events_arguments_who_is_ready_or_willing_is_the_agent(extract):
    x = extract("Egypt is ready to send medical aid to Sudan, its foreign minister said.")
    assert any("egypt" in e.actors and "sudan" in e.targets for e in x.events), \
        [(e.type, e.actors, e.targets) for e in x.events]


@pytest.mark.slow
def test_events_arguments_a_border_named_by_a_state_is_a_place_and_state_forces_are_forces(extract):
    x = extract("Clashes on the Syrian border killed six Iraq soldiers on Friday.")
    parties = {i for e in x.events for i in (*e.actors, *e.targets)}
    assert "syria" not in parties and "iraqi-army" in parties, [(e.type, e.actors, e.targets) for e in x.events]
    assert any(e.location and "border" in e.location.name for e in x.events)
