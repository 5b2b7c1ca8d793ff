"""Relations as military releases, diplomatic statements and reference texts write them
(issue 7, kind 8): membership, leadership, alliance and hostility told through action nouns,
non-finite clauses, appositions and lists, each with its sentence as evidence."""
from __future__ import annotations

import pytest

from tests.helpers import relation_triples

pytestmark = pytest.mark.slow


def _has(x, triple):
    assert triple in relation_triples(x), sorted(relation_triples(x))


def _lacks(x, triple):
    assert triple not in relation_triples(x), sorted(relation_triples(x))


def _evidence_holds_both(x, triple, text):
    r = next(r for r in x.relations if (r.subject, r.predicate, r.object) == triple)
    ev = r.evidence[0]
    assert text[ev.start:ev.end] == ev.text
    spans = {a.id: a.mentions for a in x.actors}
    for actor_id in (r.subject, r.object):
        assert any(ev.start <= s and e <= ev.end for s, e in spans[actor_id]), actor_id


# --- hostility -----------------------------------------------------------------------------------

HOSTILITY = [
    ("Coalition jets flew 14 sorties against ISIS positions west of Mosul on Sunday.",
     ("cjtf-oir", "opposes", "islamic-state")),
    ("The Peshmerga have held the line in their fight against Daesh for two years.",
     ("peshmerga", "opposes", "islamic-state")),
    ("Kurdish fighters of the YPG joined the battle against the Islamic State in 2014.",
     ("peoples-protection-units", "opposes", "islamic-state")),
    ("The Syrian Democratic Forces, who are leading the campaign to defeat ISIL, entered the town.",
     ("syrian-democratic-forces", "opposes", "islamic-state")),
    ("Iraqi Security Forces freed the village of Badush from ISIL control last week.",
     ("iraqi-security-forces", "opposes", "islamic-state")),
    ("Hezbollah's positions against the Nusra Front came under fire overnight.",
     ("hezbollah", "opposes", "jabhat-al-nusra")),
    ("The commander was involved in the use of car bombs against the Peshmerga, ISIS said.",
     None),
]


@pytest.mark.parametrize("text,triple", [c for c in HOSTILITY if c[1]])
def test_relations_official_hostility(extract, text, triple):
    x = extract(text)
    _has(x, triple)
    _evidence_holds_both(x, triple, text)


def test_relations_official_who_after_a_place_is_the_party(extract):
    text = ("Canadian forces are advising Kurdish units, mostly Peshmerga brigades deployed in the north of the "
            "country who are leading the campaign to defeat ISIS.")
    assert ("peshmerga", "opposes", "islamic-state") in relation_triples(extract(text))


@pytest.mark.parametrize("text,triple", [
    # an owner named through a pronoun is not the enemy named
    ("Iran's campaign against its bases in Iraq worries the Pentagon, US officials said.",
     ("iran", "opposes", "us-department-of-defense")),
    # a place coordinated after the enemy is a place
    ("The coalition pressed its campaign against ISIS in Iraq and Syria on Friday.",
     ("cjtf-oir", "opposes", "syria")),
    # denied or demanded acts are not relations
    ("Turkey denied that it wanted to fight the Syrian Democratic Forces.",
     ("turkey", "opposes", "syrian-democratic-forces")),
    # an envoy who discusses 'our efforts to defeat ISIS' is not himself the party
    ("Brett McGurk will meet officials to discuss our efforts to defeat ISIS.",
     ("brett-mcgurk", "opposes", "islamic-state")),
])
def test_relations_official_hostility_not_stated(extract, text, triple):
    _lacks(extract(text), triple)


@pytest.mark.parametrize("name", ["The Global Coalition against Daesh", "The Counter-ISIL Coalition"])
def test_relations_official_enemy_in_the_name(extract, name):
    x = extract(f"{name} will meet in Washington in March.")
    _has(x, ("cjtf-oir", "opposes", "islamic-state"))
    assert "islamic-state" in {a.id for a in x.actors}


# --- membership ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,triples", [
    ("Coalition countries that have flown strikes against ISIS in Syria include Canada, Bahrain and Jordan.",
     [("canada", "member_of", "cjtf-oir"), ("bahrain", "member_of", "cjtf-oir"), ("jordan", "member_of", "cjtf-oir")]),
    ("The SDF, which includes the Syrian Arab Coalition, advanced on Tabqa.",
     [("syrian-arab-coalition", "member_of", "syrian-democratic-forces")]),
    ("Belgium and Denmark, both coalition members, sent jets to strike ISIL.",
     [("belgium", "member_of", "cjtf-oir"), ("denmark", "member_of", "cjtf-oir")]),
    ("Sgt. Lena Ortiz was assigned to the 2nd Battalion, 87th Infantry Regiment.",
     [("lena-ortiz", "member_of", "2nd-battalion"), ("2nd-battalion", "member_of", "87th-infantry-regiment")]),
    ("The talks covered Turkey's role within NATO.",
     [("turkey", "member_of", "nato")]),
    ("Abu Salim al-Tunisi, a senior ISIS commander in Mosul, was killed on Monday.",
     [("abu-salim-al-tunisi", "member_of", "islamic-state")]),
])
def test_relations_official_membership(extract, text, triples):
    x = extract(text)
    for triple in triples:
        _has(x, triple)


@pytest.mark.parametrize("text,triple", [
    ("ISIS targets near Raqqa included three tactical units and a Peshmerga checkpoint.",
     ("peshmerga", "member_of", "islamic-state")),
    ("US soldiers will join Jordan in a training exercise next month.",
     ("us-armed-forces", "member_of", "jordan")),
])
def test_relations_official_membership_not_stated(extract, text, triple):
    _lacks(extract(text), triple)


def test_relations_official_demonym_in_a_name_is_no_state(extract):
    x = extract("Abu Hamza al-Kuwaiti, an ISIS financier, was captured in Hajin.")
    assert "kuwait" not in {a.id for a in x.actors}


# --- leadership ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,triple", [
    ("Commodore Ian Pryce, commander of the 5th Fleet, welcomed the frigate.",
     ("ian-pryce", "leads", "us-fifth-fleet")),
    ("Gen. Dana Whitlock, commander, US Central Command, toured the base.",
     ("dana-whitlock", "leads", "us-central-command")),
    ("The CJTF-OIR commanding general, Lt. Gen. Dana Whitlock, spoke in Baghdad.",
     ("dana-whitlock", "leads", "cjtf-oir")),
    ("Col. Ray Beamon, 301st Fighter Wing commander, greeted the crews.",
     ("ray-beamon", "leads", "301st-fighter-wing")),
    ("ISIS leader Abu Bakr al-Baghdadi appeared in a video.",
     ("abu-bakr-al-baghdadi", "leads", "islamic-state")),
    ("Task Force 55 is led by the Royal Navy this year.",
     ("task-force-55", "commanded_by", "royal-navy")),
])
def test_relations_official_leadership(extract, text, triple):
    x = extract(text)
    _has(x, triple)
    _evidence_holds_both(x, triple, text)


@pytest.mark.parametrize("text,triple,instead", [
    ("Col. Ray Beamon, a spokesman for the UN refugee agency, spoke in Erbil.",
     ("ray-beamon", "leads", "unhcr"), ("ray-beamon", "member_of", "unhcr")),
    ("Staff Sgt. Ray Beamon, a crew chief in the 3rd Battalion, fired the first round.",
     ("ray-beamon", "leads", "3rd-battalion"), ("ray-beamon", "member_of", "3rd-battalion")),
    ("Ray Beamon, the Quds Force commander in Basra, fled.",
     ("ray-beamon", "leads", "quds-force"), ("ray-beamon", "member_of", "quds-force")),
])
def test_relations_official_office_is_membership_not_leadership(extract, text, triple, instead):
    x = extract(text)
    _lacks(x, triple)
    _has(x, instead)


# --- alliance ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,triple", [
    ("Coalition aircraft conducted five strikes against ISIS in support of the Iraqi Security Forces.",
     ("iraqi-security-forces", "backed_by", "cjtf-oir")),
    ("The coalition continues to support the Peshmerga with air strikes against ISIL.",
     ("peshmerga", "backed_by", "cjtf-oir")),
    ("US forces are advising and assisting the Syrian Democratic Forces near Raqqa.",
     ("syrian-democratic-forces", "backed_by", "us-armed-forces")),
    ("With the support of the Coalition, the SDF has cleared 300 villages of ISIS.",
     ("syrian-democratic-forces", "backed_by", "cjtf-oir")),
    ("Free Syrian Army units, fighting alongside Turkish troops, took the town.",
     ("free-syrian-army", "allied_with", "turkish-armed-forces")),
])
def test_relations_official_alliance(extract, text, triple):
    x = extract(text)
    _has(x, triple)
    _evidence_holds_both(x, triple, text)


@pytest.mark.parametrize("text,triple", [
    ("Iran denied supporting the Houthis.", ("houthis", "backed_by", "iran")),
    ("The Pentagon announced the death of a soldier who was supporting Operation Inherent Resolve.",
     ("cjtf-oir", "backed_by", "us-department-of-defense")),
    ("In 2017 the coalition supported the Iraqi army in the battle for Mosul.",
     ("iraqi-army", "backed_by", "cjtf-oir")),
])
def test_relations_official_alliance_not_stated(extract, text, triple):
    _lacks(extract(text), triple)
