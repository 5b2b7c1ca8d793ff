"""Generic participants: people named only by what they are become typed actors, one per
kind and country, named as ACLED names them (issue 7, kinds 3 and 4)."""
from __future__ import annotations

import pytest

from sitrep.errors import DataFileError
from sitrep.participants import build_participants, country_name, read_participant_file


def actor_named(x, ids):
    names = {a.id: a for a in x.actors}
    return [names[i] for i in ids if i in names]


def test_participants_country_name_is_short():
    assert country_name("IQ") == "Iraq" and country_name("SY") == "Syria"
    assert country_name("CD") == "Democratic Republic of Congo" and country_name("NG") == "Nigeria"


def test_participants_user_file_adds_nouns(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("kinds:\n  civilians: {type: civilians, name: 'Civilians ({country})', nouns: [beekeeper]}\n",
                    encoding="utf-8")
    from sitrep.participants import BUNDLED
    lex = build_participants([BUNDLED, path])
    assert "beekeeper" in lex.kinds["civilians"].nouns and "shepherd" in lex.kinds["civilians"].nouns


@pytest.mark.parametrize("content, code", [
    ("kinds:\n  x: {type: wizard, name: X}\n", "E301"),
    ("kinds:\n  x: {type: civilians}\n", "E300"),
    ("- a list\n", "E300"),
    ("kinds:\n  x: {type: civilians, name: X, modified: [one two three]}\n", "E300"),
])
def test_participants_malformed_file_is_coded(tmp_path, content, code):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        read_participant_file(path)
    assert info.value.code == code and "bad.yaml" in str(info.value)


@pytest.mark.slow
@pytest.mark.parametrize("text, role, want_type, name_part", [
    ("Gunmen killed two shepherds near Kirkuk.", "actors", "armed_group", "Unidentified Armed Group"),
    ("Armed men abducted a teacher in Mosul.", "actors", "armed_group", "Unidentified Armed Group"),
    ("Insurgents ambushed a convoy near Tikrit, killing five soldiers.", "targets", "state_military", ""),
    ("A bomb wounded three policemen in Basra.", "targets", "state_military", "Police"),
])
def test_participants_typed_actors_in_events(extract, text, role, want_type, name_part):
    x = extract(text)
    violent = [e for e in x.events if e.type in ("attack", "armed_clash", "bombing", "abduction", "shelling")]
    assert violent
    found = actor_named(x, getattr(violent[0], role))
    assert any(a.type == want_type and name_part in a.name for a in found), [(a.name, a.type) for a in found]


@pytest.mark.slow
def test_participants_named_for_their_country(extract):
    x = extract("Gunmen killed two policemen near Kirkuk.")
    assert "Police Forces of Iraq" in {a.name for a in x.actors} or "iraqi-federal-police" in {a.id for a in x.actors}
    assert "Unidentified Armed Group (Iraq)" in {a.name for a in x.actors}


@pytest.mark.slow
def test_participants_nationality_word_gives_the_country(extract):
    x = extract("Pakistani militants attacked a checkpoint near the border in Kunar.")
    assert any(a.name == "Unidentified Armed Group (Pakistan)" for a in x.actors)
    assert all("pakistan" not in e.actors for e in x.events)


@pytest.mark.slow
def test_participants_civilians_type_the_event_but_are_no_party(extract):
    x = extract("Gunmen killed two shepherds near Kirkuk.")
    e = [e for e in x.events if e.type == "attack"][0]
    assert e.acled.event_type == "Violence against civilians" and e.targets == ()
    assert not any(a.type == "civilians" for a in x.actors)


def test_participants_unlisted_kinds():
    from sitrep.participants import unlisted
    assert unlisted("civilians-iq") and unlisted("civilians-xx")
    assert not unlisted("military-iq") and not unlisted("armed-group-iq") and not unlisted("civilians")


@pytest.mark.slow
def test_participants_pointing_phrase_takes_the_named_group(extract):
    x = extract("Islamic State fighters attacked a village near Haditha. The militants killed four villagers.")
    kills = [e for e in x.events if "islamic-state" in e.actors]
    assert kills and not any(a.name.startswith("Unidentified") for a in x.actors if a.id in kills[-1].actors)


@pytest.mark.slow
def test_participants_named_group_wins_over_the_kind(extract):
    x = extract("Houthi fighters attacked a government position in Marib.")
    assert not any(a.name.startswith("Unidentified") for a in x.actors)


@pytest.mark.slow
def test_participants_security_forces_and_cadres_are_armed_sides(extract):
    x = extract("Security forces killed 12 Maoist cadres in a gunfight near Dantewada.")
    e = [e for e in x.events if e.type in ("attack", "armed_clash")][0]
    assert e.acled.event_type == "Battles"
    types = {a.id: a.type for a in x.actors}
    assert [types[a] for a in e.actors] == ["state_military"] and types[e.targets[0]] == "armed_group"


@pytest.mark.slow
def test_participants_former_soldier_is_a_civilian(extract):
    x = extract("Unidentified gunmen shot dead a former army soldier in Kandahar on Monday.")
    e = [e for e in x.events if e.type in ("attack", "assassination")][0]
    assert e.acled.event_type == "Violence against civilians"


@pytest.mark.slow
@pytest.mark.parametrize("text, side, want", [
    ("Kurdish forces shelled jihadist positions outside Makhmour on Thursday.", "actors", "peshmerga"),
    ("Kurdish security forces detained a smuggler in Dohuk on Saturday.", "actors", "peshmerga"),
    ("Kurdish fighters repelled an assault near Kobani in northern Syria on Monday.", "actors",
     "syrian-democratic-forces"),
    ("Turkish drones hit Kurdish fighters outside Manbij in Syria on Tuesday.", "targets", "syrian-democratic-forces"),
])
def test_participants_peoples_forces_by_country(extract, text, side, want):
    x = extract(text)
    assert any(want in getattr(e, side) for e in x.events), [(e.type, e.actors, e.targets) for e in x.events]


@pytest.mark.slow
def test_participants_people_without_listed_forces_stays_generic(extract):
    x = extract("Militants shot dead two Kurdish soldiers in Van, Turkey, on Sunday.")
    ids = {i for e in x.events for i in (*e.actors, *e.targets)}
    assert "peshmerga" not in ids and "syrian-democratic-forces" not in ids, ids


def test_participants_peoples_file_is_checked(tmp_path):
    from sitrep.participants import BUNDLED
    bad = tmp_path / "bad.yaml"
    bad.write_text("kinds: {}\npeoples:\n  x: {words: [X], forces: {iraq: peshmerga}}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        build_participants([BUNDLED, bad])
    assert info.value.code == "E300"
    good = tmp_path / "good.yaml"
    good.write_text("kinds: {}\npeoples:\n  kurdish: {words: [Kurdistani], forces: {IR: pjak}}\n", encoding="utf-8")
    lex = build_participants([BUNDLED, good])
    assert "kurdistani" in lex.peoples["kurdish"].words and lex.peoples["kurdish"].forces["IR"] == "pjak"
    assert lex.peoples["kurdish"].forces["IQ"] == "peshmerga"


@pytest.mark.slow
def test_participants_mourners_are_civilians_not_protesters(extract):
    x = extract("A car bomb tore through a crowd of mourners leaving a cemetery in Diyala on Sunday, killing nine.")
    x2 = extract("Gunmen killed five mourners at a wake in a village near Baquba on Saturday.")
    for e in (*x.events, *x2.events):
        assert e.type != "repression" and "protesters" not in (*e.actors, *e.targets), (e.type, e.actors, e.targets)


@pytest.mark.slow
def test_participants_a_bomb_among_protesters_stays_a_bombing(extract):
    x = extract("A roadside bomb exploded among protesters marching in Basra on Friday, wounding six.")
    assert any(e.type == "bombing" for e in x.events), [(e.type, e.actors, e.targets) for e in x.events]


@pytest.mark.slow
def test_participants_tribes_fighting_are_a_tribal_militia(extract):
    x = extract("Feuding clans exchanged fire in a village outside Amarah on Wednesday, killing four.")
    names = {a.id: a.name for a in x.actors}
    parties = [i for e in x.events for i in (*e.actors, *e.targets)]
    assert any(names.get(i, "").startswith("Unidentified Tribal Militia") for i in parties), \
        [(e.type, e.actors, e.targets) for e in x.events]


@pytest.mark.slow
def test_participants_victims_of_a_noun_attack_that_killed_and_wounded_are_targets(extract):
    x = extract("The mortar attack on Friday killed a farmer and wounded three policemen near Balad.")
    types = {a.id: a.type for a in x.actors}
    assert any(types.get(t) == "state_military" for e in x.events for t in e.targets), \
        [(e.type, e.actors, e.targets) for e in x.events]
