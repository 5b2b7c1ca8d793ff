"""Events and relations: wire-report conventions and speech acts (datelines, what is said,
references to earlier events, crowds and national forces, titles)."""
from __future__ import annotations

import pytest

from sitrep.errors import DataFileError
from helpers import one_event, relation_triples
from sitrep.events import BUNDLED, build_lexicon, read_lexicon_file


def _types(x):
    return [e.type for e in x.events]


_one = one_event
_rel = relation_triples


@pytest.mark.slow
def test_events_dateline_is_not_an_actor_and_does_not_break_the_sentence(extract):
    x = extract("BASRA, Iraq - Protesters stormed the Iranian consulate on Friday and set it on fire.")
    riot = _one(x, "riot")
    assert riot.actors == ("protesters",)
    assert riot.location is not None and riot.location.name.lower().startswith("basra")
    assert not any(a.name.isupper() for a in x.actors)


@pytest.mark.slow
@pytest.mark.parametrize("dateline, expected", [("BAGHDAD - ", "Baghdad"), ("WASHINGTON - ", None)])
def test_events_dateline_places_only_theatre_events(extract, dateline, expected):
    x = extract(dateline + "Unidentified gunmen shot dead a militia commander on Tuesday.")
    e = [e for e in x.events if e.type in ("attack", "assassination")][0]
    assert (e.location.name if e.location else None) == expected


@pytest.mark.slow
def test_events_said_would_be_punished_is_a_threat(extract):
    x = extract("Iran's supreme leader Ali Khamenei said Israel would be punished for the attack.")
    t = _one(x, "threat")
    assert t.actors == ("ali-khamenei",) and "israel" in t.targets


@pytest.mark.slow
def test_events_said_unacceptable_is_a_condemnation(extract):
    x = extract("Iraq's foreign ministry said the US decision was unacceptable and a violation of sovereignty.")
    assert _types(x) == ["condemnation"]


@pytest.mark.slow
def test_events_group_saying_it_launched_drones_claims_responsibility(extract):
    x = extract("Drone attacks hit two Saudi oil plants on Saturday. "
                "Houthi military spokesman Yahya Saree said the group had launched 10 drones at the facilities.")
    claim = _one(x, "claim_responsibility")
    assert "houthis" in claim.actors


@pytest.mark.slow
def test_events_claimed_by_phrase_names_the_perpetrator(extract):
    x = extract("Drone attacks claimed by Yemen's Houthi movement knocked out half of Saudi oil output.")
    e = [e for e in x.events if e.type == "air_strike"][0]
    assert "houthis" in e.actors and e.certainty == "reported" and e.claimed_by == "houthis"


@pytest.mark.slow
def test_events_security_forces_are_the_main_states_forces(extract):
    x = extract("Iraqi protesters gathered in Baghdad. Security forces opened fire on protesters, killing three.")
    e = _one(x, "repression")
    assert e.actors == ("iraqi-security-forces",) and e.targets == ("protesters",) and e.fatalities == 3
    assert {"iraqi-security-forces", "protesters"} <= {a.id for a in x.actors}


@pytest.mark.slow
def test_events_capturing_a_city_is_a_battle_not_an_arrest(extract):
    x = extract("Islamic State fighters captured Tikrit on June 11, 2014.")
    assert "arrest" not in _types(x) and "armed_clash" in _types(x)


@pytest.mark.slow
def test_events_killing_a_named_person_is_an_assassination(extract):
    x = extract("Militiamen shot dead the activist Reham Yacoub in Basra on Wednesday.")
    e = _one(x, "assassination")
    assert e.fatalities == 1 and e.targets == ("reham-yacoub",)


@pytest.mark.slow
def test_events_cause_phrase_is_a_reference_not_the_same_event(extract):
    x = extract("US aircraft struck weapons facilities of the militia Kataib Hezbollah across Iraq on Thursday "
                "night, a day after a rocket attack on Camp Taji killed two American soldiers and a British soldier.")
    strike, shelling = _one(x, "air_strike"), _one(x, "shelling")
    assert strike.fatalities is None and shelling.fatalities == 3
    assert shelling.location is not None and shelling.location.name == "Camp Taji"


@pytest.mark.slow
def test_events_in_protest_is_a_manner_not_a_protest(extract):
    x = extract("Hundreds of men stormed the embassy compound in protest at the burning of a Koran.")
    assert "protest" not in _types(x) and "riot" in _types(x)


@pytest.mark.slow
def test_events_rockets_that_landed_are_shelling(extract):
    x = extract("Three Katyusha rockets landed inside the perimeter of Basra airport on Friday night.")
    assert _one(x, "shelling").weapon == "rocket"


@pytest.mark.slow
def test_relations_the_commander_of_leads(extract):
    x = extract("Qassem Soleimani, the commander of the Quds Force, visited the front.")
    assert ("qassem-soleimani", "leads", "quds-force") in _rel(x)


@pytest.mark.slow
def test_relations_title_without_state_uses_the_persons_state(extract):
    x = extract("Prime Minister Adel Abdul Mahdi announced his resignation.")
    assert ("adil-abdul-mahdi", "leads", "iraq") in _rel(x)


@pytest.mark.slow
def test_relations_persons_own_organisation(extract):
    x = extract("The group grew out of Muqtada al-Sadr's Mahdi Army in 2006.")
    assert ("muqtada-al-sadr", "leads", "mahdi-army") in _rel(x)


@pytest.mark.slow
def test_relations_led_by_is_not_reversed(extract):
    x = extract("In 2018 it ran as part of the Fatah Alliance led by Hadi al-Amiri.")
    rels = _rel(x)
    assert ("hadi-al-amiri", "leads", "fatah-alliance") in rels
    assert not any(s == "fatah-alliance" and p == "leads" for s, p, o in rels)


@pytest.mark.slow
def test_relations_weapons_and_money_from_is_backing(extract):
    x = extract("Asaib Ahl al-Haq grew rapidly with money and weapons from the Quds Force.")
    assert ("asaib-ahl-al-haq", "backed_by", "quds-force") in _rel(x)


def test_events_lexicon_rejects_yaml_booleans(tmp_path):
    bad = tmp_path / "triggers.yaml"
    bad.write_text("triggers:\n  - {lemma: call, pos: VERB, type: demand, needs_prep: [for, on]}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        build_lexicon([(str(BUNDLED), read_lexicon_file(BUNDLED)), (str(bad), read_lexicon_file(bad))])
    assert "E301" in str(err.value) and "boolean" in str(err.value)


@pytest.mark.slow
def test_actors_state_named_only_as_a_place_is_not_an_actor(extract):
    x = extract("Kataib Hezbollah fighters have been deployed in Syria since 2013, where they clashed with rebels.")
    ids = {a.id for a in x.actors}
    assert "kataib-hezbollah" in ids and "syria" not in ids


@pytest.mark.slow
def test_actors_state_taking_part_stays_an_actor(extract):
    x = extract("Syria condemned the Israeli strike near Damascus.")
    assert "syria" in {a.id for a in x.actors}


@pytest.mark.slow
def test_events_denial_is_a_statement_and_leaves_the_attack_alone(extract):
    x = extract("Rockets struck the US embassy in Baghdad on Sunday. "
                "Asaib Ahl al-Haq denied any role in the attack.")
    shelling = _one(x, "shelling")
    assert shelling.certainty == "reported" and "asaib-ahl-al-haq" not in shelling.actors
    assert _one(x, "statement").actors == ("asaib-ahl-al-haq",)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Trump warned Iran that he would hold it responsible if a single American is killed.",
    "Iran-aligned factions announced a conditional halt to attacks on US forces.",
])
def test_events_conditional_and_halted_acts_are_not_events(extract, text):
    assert not [e for e in extract(text).events if e.type in ("attack", "air_strike", "shelling")]


@pytest.mark.slow
def test_events_second_telling_of_an_arrest_is_the_same_arrest(extract):
    x = extract("Iraqi security forces detained a member of Asaib Ahl al-Haq in Baghdad. "
                "The suspect was arrested on Thursday, officials said.")
    assert len([e for e in x.events if e.type == "arrest"]) == 1


@pytest.mark.slow
def test_events_protest_at_an_embassy_targets_its_state(extract):
    x = extract("Thousands of supporters of Kataib Hezbollah demonstrated outside the US embassy in Baghdad. "
                "Some of them breached the reception area.")
    assert "united-states" in _one(x, "protest").targets
    assert "united-states" in _one(x, "riot").targets


@pytest.mark.slow
def test_events_agent_from_possessor_through_prepositions(extract):
    x = extract("Abu Mahdi al-Muhandis was sentenced to death in 1983 for his role in bombing the US embassy in Kuwait.")
    assert "abu-mahdi-al-muhandis" in _one(x, "bombing").actors


@pytest.mark.slow
def test_events_figures_in_the_next_sentence_belong_to_the_act(extract):
    x = extract("On 12 January 2022, unidentified gunmen threw a grenade at the headquarters of the "
                "Kurdistan Democratic Party in Baghdad. Two guards were wounded.")
    e = _one(x, "bombing")
    assert e.injured == 2 and e.targets == ("kurdistan-democratic-party",) and len(e.evidence) == 2


@pytest.mark.slow
def test_events_false_claim_in_next_sentence_gives_no_figure(extract):
    x = extract("Iran fired missiles at two bases in Iraq on Wednesday. "
                "Iranian television falsely claimed that the strikes killed 80 American soldiers.")
    assert all(e.fatalities != 80 for e in x.events if e.certainty == "reported")


@pytest.mark.slow
def test_events_protesting_as_a_purpose_is_still_a_protest(extract):
    x = extract("On 14 July 2020, demonstrators blocked roads in Nasiriyah to protest power cuts.")
    assert _one(x, "protest").actors == ("protesters",)


@pytest.mark.slow
def test_events_protesters_address_their_state(extract):
    x = extract("Thousands of Iraqis took to the streets of Baghdad. Protesters demanded jobs and clean water.")
    assert _one(x, "demand").targets == ("iraq",)


@pytest.mark.slow
def test_events_condemnation_of_a_named_attack_targets_its_authors(extract):
    x = extract("Iran's Revolutionary Guards fired ballistic missiles at Erbil on Monday. "
                "The missiles hit a house near the US consulate. Officials said four civilians were killed. "
                "Kurdish leaders met in the evening. Schools were closed on Tuesday. "
                "The United States condemned the reckless missile strikes.")
    assert "irgc" in _one(x, "condemnation").targets


@pytest.mark.slow
def test_actors_they_is_the_crowd(extract):
    x = extract("Protesters gathered outside the provincial council in Basra. Security forces dispersed them "
                "with tear gas.")
    assert "protesters" in _one(x, "repression").targets


@pytest.mark.parametrize("text, place", [
    ("BAGHDAD, Dec 26 - Rockets hit the Green Zone.", "Baghdad"),
    ("ERBIL, Iraq (Reuters) - Drones hit the airport.", "Erbil"),
    ("BASRA, 3 May - Protesters gathered.", "Basra"),
])
def test_ingest_dateline_with_country_agency_or_date(text, place):
    from sitrep.ingest import find_dateline
    found = find_dateline(text)
    assert found is not None and found[2] == place and text[found[1]:].strip()[0].isupper()


@pytest.mark.slow
def test_actors_local_forces_belong_to_the_country_of_the_places(extract):
    x = extract("Protesters stormed the Iranian consulate in Basra. "
                "Security forces shot dead a demonstrator in the province.")
    assert _one(x, "repression").actors == ("iraqi-security-forces",)


@pytest.mark.slow
def test_events_gunmen_killing_an_activist_is_not_repression(extract):
    x = extract("Gunmen opened fire on a car in Basra, killing Reham Yacoub, a leader of the protest movement.")
    assert "repression" not in _types(x)


@pytest.mark.slow
def test_events_unplaced_unrest_happens_where_the_article_is(extract):
    x = extract("Thousands marched in Basra on Monday. Protesters in Basra demanded jobs. "
                "Police fired tear gas at the crowd.")
    e = _one(x, "repression")
    assert e.location is not None and e.location.name == "Basra"


@pytest.mark.slow
def test_relations_reduced_relative_backer_is_not_the_subject(extract):
    x = extract("Kataib Hezbollah was founded in 2007. The group, trained and armed by the Quds Force of "
                "Iran's Revolutionary Guards, waged a campaign of roadside bombs against US troops.")
    rels = _rel(x)
    assert ("kataib-hezbollah", "backed_by", "quds-force") in rels
    assert not any(o == "quds-force" and s in ("irgc", "iran", "quds-force") for s, p, o in rels)


@pytest.mark.slow
def test_relations_joining_is_membership(extract):
    x = extract("In 2014 Asaib Ahl al-Haq joined the Popular Mobilization Forces.")
    assert ("asaib-ahl-al-haq", "member_of", "popular-mobilization-forces") in _rel(x)


@pytest.mark.slow
def test_actors_followers_spokesmen_and_its_leaders(extract):
    x = extract("Hundreds of supporters of Muqtada al-Sadr stormed the Swedish embassy in Baghdad. "
                "Riot police used water cannon to disperse them.")
    riot, rep = _one(x, "riot"), _one(x, "repression")
    assert riot.actors == ("sadrist-movement",) and "sweden" in riot.targets
    assert rep.actors == ("iraqi-federal-police",)
    assert {"sadrist-movement", "iraqi-federal-police"} <= {a.id for a in x.actors}


@pytest.mark.slow
def test_events_unnamed_protesters_protest(extract):
    x = extract("Anti-government protests erupted in Basra on Monday.")
    assert _one(x, "protest").actors == ("protesters",)


@pytest.mark.slow
def test_events_strikes_that_set_fire_are_not_a_riot(extract):
    x = extract("The strikes hit the Abqaiq processing plant and set fire to two units.")
    assert "riot" not in _types(x)


@pytest.mark.slow
def test_events_casualty_report_is_not_a_statement(extract):
    x = extract("Rioters set fire to the consulate in Najaf. Staff escaped and no one was hurt, police said.")
    assert "statement" not in _types(x)


@pytest.mark.slow
def test_actors_defined_agreement_is_not_an_actor(extract):
    x = extract("The United States withdrew from the Joint Comprehensive Plan of Action (JCPOA) in 2018.")
    assert not any("plan" in a.name.lower() for a in x.actors)


@pytest.mark.slow
def test_actors_other_groups_are_not_the_named_group(extract):
    x = extract("Kataib Hezbollah fired rockets at the base. Other groups, however, fought the coalition for years.")
    assert not any(s == "kataib-hezbollah" and p == "opposes" for s, p, o in _rel(x))


@pytest.mark.slow
def test_events_town_named_as_object_is_the_place(extract):
    x = extract("Islamic State fighters seized Mosul on June 10, 2014.")
    e = _one(x, "armed_clash")
    assert e.location is not None and e.location.name == "Mosul"


@pytest.mark.slow
def test_events_dateline_counts_toward_the_articles_place(extract):
    x = extract("BASRA, Iraq - Protesters stormed the Iranian consulate on Friday. "
                "Police arrested dozens of demonstrators. Protests continued in Basra on Saturday.")
    e = _one(x, "arrest")
    assert e.location is not None and e.location.name == "Basra"


@pytest.mark.slow
def test_events_rules_raid_verb_is_an_act_and_a_raid_for_an_arrest_is_the_arrest(extract):
    x = extract("Commandos raided an insurgent safe house near Rawa on Tuesday, killing two fighters.")
    assert any(e.type in ("attack", "armed_clash") and e.trigger == "raided" for e in x.events), \
        [(e.type, e.trigger) for e in x.events]
    y = extract("Counter-terrorism police raided a flat in Erbil on Tuesday and detained four men.")
    assert [e.type for e in y.events] == ["arrest"], [(e.type, e.trigger) for e in y.events]
