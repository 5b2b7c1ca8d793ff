"""Actors as official and military prose names them (issue 7, kind 8): "the Coalition" in a
release about the war on the Islamic State, ranks and titles before surnames, numbered
units, and the common spellings of the war's main actors."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _ids(x) -> set[str]:
    return {a.id for a in x.actors}


def _actor(x, actor_id):
    found = [a for a in x.actors if a.id == actor_id]
    assert found, sorted(_ids(x))
    return found[0]


@pytest.mark.parametrize("text", [
    "Coalition aircraft struck two ISIL fighting positions near Hit on Tuesday.",
    "The coalition has trained 20,000 soldiers since Daesh seized the city.",
    "Belgium flies with the Counter-ISIL Coalition over Syria.",
])
def test_actors_official_coalition_named_in_its_war(extract, text):
    a = _actor(extract(text), "cjtf-oir")
    assert a.mentions


def test_actors_official_coalition_keeps_the_form_the_text_uses(extract):
    a = _actor(extract("Coalition jets bombed an ISIS depot near Raqqa."), "cjtf-oir")
    assert "Coalition" in a.aliases


@pytest.mark.parametrize("text", [
    "The coalition government lost its majority in parliament on Monday.",
    "Coalition jets bombed a depot near Sanaa, the rebels said.",
    "The ruling coalition said ISIS remains a threat to the country.",
    "A new coalition of tribes said it would fight ISIS near the border.",
    "The Syrian Arab Coalition said it had pushed ISIS out of two villages.",
])
def test_actors_official_coalition_elsewhere_is_not_the_anti_isis_one(extract, text):
    x = extract(text)
    assert not [a for a in x.actors if a.id == "cjtf-oir" and a.mentions], sorted(_ids(x))


@pytest.mark.parametrize("text,surname", [
    ("Ambassador Whitcombe met the governor of Anbar on Sunday.", "Whitcombe"),
    ("Col. Brandtner told reporters the bridge was repaired.", "Brandtner"),
])
def test_actors_official_title_before_lone_surname_makes_a_person(extract, text, surname):
    x = extract(text)
    people = [a for a in x.actors if a.type == "person"]
    assert any(a.name == surname for a in people), [(a.name, a.type) for a in x.actors]


@pytest.mark.parametrize("text,surname", [
    ("Special Advisor Quillfeather met the governor on Sunday.", "Quillfeather"),
    ("The talks were led by Ambassador Brisk in Erbil.", "Brisk"),
])
def test_actors_official_title_before_untagged_surname_makes_a_person(extract, text, surname):
    x = extract(text)
    assert any(a.name == surname and a.type == "person" for a in x.actors), [(a.name, a.type) for a in x.actors]


def test_actors_official_title_before_a_weekday_or_place_is_no_person(extract):
    x = extract("The Defense Secretary Monday praised troops who had flown to General Baghdad Airport.")
    assert not [a for a in x.actors if a.type == "person" and a.name in ("Monday", "Baghdad")]


def test_actors_official_lone_surname_without_title_is_not_a_person(extract):
    x = extract("Brandtner told reporters the bridge was repaired.")
    assert not [a for a in x.actors if a.name == "Brandtner" and a.type == "person"]


def test_actors_official_surname_joins_the_full_name_and_is_kept_as_alias(extract):
    x = extract("Secretary of State John Kerry arrived in Baghdad. Kerry met the prime minister.")
    a = _actor(x, "john-kerry")
    assert len(a.mentions) == 2 and "Kerry" in a.aliases


@pytest.mark.parametrize("text,name", [
    ("Airmen of the 158th Fighter Wing deployed to Kuwait on Friday.", "158th Fighter Wing"),
    ("The 3rd Battalion fired artillery in support of Iraqi forces.", "3rd Battalion"),
])
def test_actors_official_numbered_unit_is_a_military_actor(extract, text, name):
    x = extract(text)
    units = [a for a in x.actors if a.name == name]
    assert units and units[0].type == "state_military", [(a.name, a.type) for a in x.actors]


@pytest.mark.parametrize("form", ["Daesh", "Da'esh", "ISIL", "ISIS", "the Islamic State of Iraq and the Levant",
                                  "the so-called Islamic State"])
def test_actors_official_islamic_state_spellings(extract, form):
    x = extract(f"Iraqi forces said {form} had withdrawn from the town.")
    assert "islamic-state" in _ids(x)


@pytest.mark.parametrize("text,actor_id", [
    ("The Asad regime dropped barrel bombs on the suburbs.", "syria"),
    ("Commodore Hale met officers of the US Fifth Fleet in Bahrain.", "us-fifth-fleet"),
    ("The UN rights office said dozens of civilians had died.", "ohchr"),
    ("The Syrian Arab Coalition advanced south of Hasakah.", "syrian-arab-coalition"),
])
def test_actors_official_gazetteer_covers_the_war(extract, text, actor_id):
    assert actor_id in _ids(extract(text))


def test_actors_official_people_word_kept_as_alias(extract):
    x = extract("We thank our coalition partners against ISIS, especially the Turks, for their help.")
    turkey = _actor(x, "turkey")
    assert "Turks" in turkey.aliases
