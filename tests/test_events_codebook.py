"""ACLED typing follows the codebook from the arguments, not from the trigger word (issue 7,
kind 3): one test per rule of ``acled_type``, on hand-built facts, then the same rules read
from sentences written for these tests."""
from __future__ import annotations

import pytest

from sitrep.errors import DataFileError
from sitrep.events.codebook import CodingFacts, acled_type, read_cue_file


def facts(etype, family="violence", **kw):
    kw = {k: frozenset(v) if isinstance(v, (set, list, tuple)) else v for k, v in kw.items()}
    return CodingFacts(type=etype, family=family, **kw)


@pytest.mark.parametrize("f, want", [
    # no agent with hostile intent: not political violence
    (facts("bombing", intent="accident"), None),
    (facts("attack", intent="crime", targets={"civilians"}), None),
    # demonstrations by the force used on them, and by their own conduct
    (facts("protest", "unrest"), ("Protests", "Peaceful protest")),
    (facts("protest", "unrest", means={"intervention"}), ("Protests", "Protest with intervention")),
    (facts("protest", "unrest", means={"intervention", "lethal_force"}),
     ("Protests", "Excessive force against protesters")),
    (facts("repression", "unrest", means={"intervention"}), ("Protests", "Protest with intervention")),
    (facts("repression", "unrest", means={"lethal_force"}), ("Protests", "Excessive force against protesters")),
    (facts("riot", "unrest", means={"crowd"}), ("Riots", "Violent demonstration")),
    (facts("riot", "unrest", means={"mob"}), ("Riots", "Mob violence")),
    (facts("attack", means={"mob"}, agents={"civilians"}, targets={"civilians"}), ("Riots", "Mob violence")),
    # strategic developments
    (facts("arrest", "legal"), ("Strategic developments", "Arrests")),
    (facts("agreement", "cooperation"), ("Strategic developments", "Agreement")),
    (facts("withdrawal", "posture"), ("Strategic developments", "Other")),
    (facts("statement", "statement"), None),
    # explosions and remote violence by their means, whoever they hit
    (facts("attack", means={"chemical"}), ("Explosions/Remote violence", "Chemical weapon")),
    (facts("air_strike", targets={"civilians"}), ("Explosions/Remote violence", "Air/drone strike")),
    (facts("bombing", means={"suicide"}, targets={"state_military"}), ("Explosions/Remote violence", "Suicide bomb")),
    (facts("shelling", targets={"civilians"}), ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    (facts("bombing", means={"grenade"}), ("Explosions/Remote violence", "Grenade")),
    (facts("bombing"), ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    # violence against civilians
    (facts("attack", means={"sexual"}), ("Violence against civilians", "Sexual violence")),
    (facts("abduction", targets={"civilians"}), ("Violence against civilians", "Abduction/forced disappearance")),
    # territory
    (facts("armed_clash", means={"territory"}, agents={"state_military"}), ("Battles", "Government regains territory")),
    (facts("armed_clash", means={"territory"}, agents={"armed_group"}),
     ("Battles", "Non-state actor overtakes territory")),
    # by whom the violence is aimed at
    (facts("attack", agents={"armed_group"}, targets={"state_military"}), ("Battles", "Armed clash")),
    (facts("attack", agents={"armed_group"}, targets={"armed_group"}), ("Battles", "Armed clash")),
    (facts("attack", agents={"armed_group"}, sites={"armed"}), ("Battles", "Armed clash")),
    (facts("attack", agents={"armed_group"}, targets={"civilians"}), ("Violence against civilians", "Attack")),
    (facts("attack", agents={"armed_group"}, sites={"civilian"}), ("Violence against civilians", "Attack")),
    (facts("armed_clash"), ("Battles", "Armed clash")),
    (facts("armed_clash", targets={"civilians"}), ("Battles", "Armed clash")),
    (facts("attack", agents={"state_military"}), ("Battles", "Armed clash")),
    (facts("attack", agents={"armed_group"}), ("Violence against civilians", "Attack")),
])
def test_codebook_rules(f, want):
    got = acled_type(f)
    assert (None if got is None else (got.event_type, got.sub_event_type)) == want


def test_codebook_cue_file_malformed_is_e300(tmp_path):
    path = tmp_path / "cues.yaml"
    path.write_text("suicide: {not: a list}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        read_cue_file(path)
    assert info.value.code == "E300" and "cues.yaml" in str(info.value)


def first_coded(x):
    coded = [e for e in x.events if e.acled is not None]
    return (coded[0].acled.event_type, coded[0].acled.sub_event_type) if coded else None


@pytest.mark.slow
@pytest.mark.parametrize("text, want", [
    ("Gunmen shot dead two farmers outside their village near Kirkuk.", ("Violence against civilians", "Attack")),
    ("Militants attacked an army checkpoint near Baquba overnight.", ("Battles", "Armed clash")),
    ("Insurgents ambushed a police patrol in Diyala, killing three policemen.", ("Battles", "Armed clash")),
    ("A suicide bomber blew himself up at a checkpoint in Samarra, killing four soldiers.",
     ("Explosions/Remote violence", "Suicide bomb")),
    ("A roadside bomb struck a minibus near Hilla, killing six passengers.",
     ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("Riot police fired tear gas to disperse students protesting in Erbil.", ("Protests", "Protest with intervention")),
    ("Security forces opened fire on demonstrators in Nasiriyah, killing four.",
     ("Protests", "Excessive force against protesters")),
    ("Hundreds of teachers rallied peacefully in front of the ministry in Baghdad.", ("Protests", "Peaceful protest")),
    ("Demonstrators stormed the provincial council building in Basra and set fire to it.",
     ("Riots", "Violent demonstration")),
    ("An angry mob attacked and killed a man accused of theft in a village near Amara.", ("Riots", "Mob violence")),
    ("Police arrested three men suspected of planning attacks in Kirkuk.", ("Strategic developments", "Arrests")),
    ("The two factions signed a ceasefire agreement in Geneva on Monday.", ("Strategic developments", "Agreement")),
])
def test_codebook_typing_from_sentences(extract, text, want):
    assert first_coded(extract(text)) == want


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "An explosion at a fireworks warehouse killed nine workers in the city on Tuesday.",
    "A gas cylinder exploded in a restaurant kitchen, injuring five people.",
    "At least 30 people died when floods swept through villages after days of heavy rain.",
    "A fire broke out in a hospital ward, killing eleven patients.",
])
def test_codebook_disasters_and_accidents_are_not_political_violence(extract, text):
    coded = [e.acled.event_type for e in extract(text).events if e.acled is not None]
    assert not set(coded) & {"Battles", "Explosions/Remote violence", "Violence against civilians"}


@pytest.mark.slow
def test_codebook_ordinary_crime_is_not_coded(extract):
    x = extract("Robbers stabbed a shopkeeper to death during a robbery in the market.")
    assert [e for e in x.events if e.type in ("attack", "armed_clash")] == []


@pytest.mark.slow
def test_codebook_armed_men_storming_attack_rather_than_riot(extract):
    x = extract("Masked gunmen stormed the offices of a television channel in Basra on Sunday.")
    assert [e.type for e in x.events if e.type in ("riot", "attack")] == ["attack"]


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "A minibus plunged off a mountain road into a gorge, killing 14 passengers.",
    "Seven workers were killed when a warehouse roof collapsed during a storm.",
])
def test_codebook_road_and_building_accidents_are_no_violence(extract, text):
    assert [e for e in extract(text).events if e.acled and e.acled.event_type in
            ("Battles", "Explosions/Remote violence", "Violence against civilians")] == []


@pytest.mark.slow
def test_codebook_crime_words_on_victims_do_not_make_crime(extract):
    x = extract("Angry villagers beat two suspected cattle thieves to death near Jos.")
    assert [e.acled.sub_event_type for e in x.events if e.acled] == ["Mob violence"]


@pytest.mark.slow
def test_codebook_cartel_fighting_the_army_is_a_battle(extract):
    x = extract("Soldiers clashed with gunmen of a drug cartel in Culiacan, leaving nine dead.")
    assert [e.acled.event_type for e in x.events if e.acled] == ["Battles"]


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Customs officers seized 300 kilograms of heroin hidden in a lorry at the border crossing.",
    "A gas cylinder exploded in a crowded bakery, killing two customers.",
])
def test_codebook_seizures_and_gas_blasts_are_no_battle(extract, text):
    assert [e for e in extract(text).events if e.acled and e.acled.event_type in
            ("Battles", "Explosions/Remote violence", "Violence against civilians")] == []


@pytest.mark.slow
@pytest.mark.parametrize("text, want", [
    ("Government troops recaptured the town of Baiji from the militants on Friday.",
     ("Battles", "Government regains territory")),
    ("Insurgents took control of Hawija after clashes with the army.", ("Battles", "Non-state actor overtakes territory")),
    ("Police beat students protesting outside the university in Sulaymaniyah.", ("Protests", "Protest with intervention")),
    ("A crowd attacked and killed a man accused of blasphemy in a village near Sialkot.", ("Riots", "Mob violence")),
    ("Settlers attacked Palestinian homes in a village near Nablus, beating three residents.",
     ("Violence against civilians", "Attack")),
    ("Russian forces struck Kharkiv with Shahed loitering munitions overnight.",
     ("Explosions/Remote violence", "Air/drone strike")),
    ("Four rockets were fired at an air base north of Baghdad.",
     ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
])
def test_codebook_genre_kinds(extract, text, want):
    assert first_coded(extract(text)) == want


@pytest.mark.slow
def test_codebook_a_person_described_as_accused_is_no_accusation(extract):
    x = extract("A crowd attacked and killed a man accused of blasphemy in a village near Sialkot.")
    assert not [e for e in x.events if e.type == "condemnation"]


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "A factory fire killed nine workers in Kirkuk on Monday, civil defence officials said.",
    "A gas explosion tore through a restaurant in Sulaymaniyah, killing four diners.",
])
def test_codebook_blazes_and_gas_explosions_are_accidents(extract, text):
    assert [e for e in extract(text).events if e.acled and e.acled.event_type in
            ("Battles", "Explosions/Remote violence", "Violence against civilians")] == []


@pytest.mark.slow
def test_codebook_gunfire_is_no_blaze(extract):
    x = extract("The convoy came under fire near Baiji, killing two soldiers.")
    assert [e.acled.event_type for e in x.events if e.acled] == ["Battles"]


@pytest.mark.slow
@pytest.mark.parametrize("text, want", [
    ("Armed herders burned dozens of houses in a village near Jos. No casualties were reported.",
     ("Strategic developments", "Looting/property destruction")),
    ("Militiamen looted shops and a pharmacy in Nyala on Saturday.",
     ("Strategic developments", "Looting/property destruction")),
    ("An angry mob lynched a suspected thief in Kano and set his body on fire.", ("Riots", "Mob violence")),
    ("The two sides carried out a prisoner exchange in Aden on Friday.", ("Strategic developments", "Agreement")),
])
def test_codebook_property_destruction_mobs_and_exchanges(extract, text, want):
    assert first_coded(extract(text)) == want
