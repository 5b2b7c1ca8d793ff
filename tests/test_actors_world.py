"""Actors worldwide (issue 7): every state, the forces and armed groups of the conflicts reported
since about 2015, forms read by where the article is set, and names that are no actor (time
zones, places the tagger took for organisations, an unclosed parenthesis)."""
from __future__ import annotations

import pycountry
import pytest
import yaml

from sitrep.actors import (
    DATA, ActorGazetteer, GazetteerEntry, bundled_entries, country_weights, is_clock_word, load_gazetteer,
    read_gazetteer_file,
)


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def _ids(x) -> set[str]:
    return {a.id for a in x.actors}


def _texts(x, actor_id: str) -> list[str]:
    actor = next(a for a in x.actors if a.id == actor_id)
    return [x.article.text[s:e] for s, e in actor.mentions]


# --- the states -----------------------------------------------------------------------------

NOT_STATES = {"AS", "AI", "AQ", "AW", "AX", "BL", "BM", "BQ", "BV", "CC", "CK", "CW", "CX", "EH", "FK", "FO",
              "GF", "GG", "GI", "GL", "GP", "GS", "GU", "HK", "HM", "IM", "IO", "JE", "KY", "MF", "MO", "MP",
              "MQ", "MS", "NC", "NF", "NU", "PF", "PM", "PN", "PR", "RE", "SH", "SJ", "SX", "TC", "TF", "TK",
              "UM", "VG", "VI", "WF", "YT"}


def test_actors_every_sovereign_state_is_a_state_actor(gazetteer):
    states = {e.country for e in gazetteer.entries.values() if e.type == "state"}
    missing = {c.alpha_2 for c in pycountry.countries} - NOT_STATES - states
    assert not missing, f"states without an actor: {sorted(missing)}"
    assert {"XK", "TW", "PS", "EH"} <= states  # Kosovo, Taiwan, Palestine, the Sahrawi Republic


def test_actors_dependent_territories_are_no_state_actors(gazetteer):
    states = {e.country for e in gazetteer.entries.values() if e.type == "state"}
    assert not states & {"PR", "GL", "HK", "GU"}


def test_actors_one_state_actor_per_country(gazetteer):
    seen: dict[str, str] = {}
    for e in gazetteer.entries.values():
        if e.type == "state":
            assert e.country not in seen, f"{e.id} and {seen[e.country]} are both the state of {e.country}"
            seen[e.country] = e.id


@pytest.mark.parametrize("form,actor_id", [
    ("Kenya", "kenya"), ("Kenyans", "kenya"), ("Somali", "somalia"), ("Burkinabe", "burkina-faso"),
    ("Burma", "myanmar"), ("Ivory Coast", "ivory-coast"), ("Cote d'Ivoire", "ivory-coast"),
    ("DRC", "democratic-republic-of-the-congo"), ("Congo", "democratic-republic-of-the-congo"),
    ("Congo-Brazzaville", "republic-of-the-congo"), ("DPRK", "north-korea"), ("North Korean", "north-korea"),
    ("Nairobi", "kenya"), ("Abidjan", "ivory-coast"), ("Bolivarian Republic of Venezuela", "venezuela"),
    ("Republic of Korea", "south-korea"), ("Swaziland", "eswatini"), ("Kosovar", "kosovo"),
    ("Yugoslavia", "serbia"), ("Soviet Union", "russia"), ("Ceylon", "sri-lanka"), ("Upper Volta", "burkina-faso"),
])
def test_actors_state_names_demonyms_and_seats(gazetteer, form, actor_id):
    e = gazetteer.lookup(form)
    assert e is not None and e.id == actor_id and e.type == "state"


def test_actors_hand_written_state_wins_over_the_generated_one(gazetteer):
    iraq = [e for e in gazetteer.entries.values() if e.type == "state" and e.country == "IQ"]
    assert [e.id for e in iraq] == ["iraq"]
    assert gazetteer.lookup("Iraqi").id == "iraq"


def test_actors_generated_state_yields_to_a_hand_written_state_of_its_country(tmp_path, monkeypatch):
    import sitrep.actors as actors
    hand = tmp_path / "hand.yaml"
    hand.write_text("actors:\n  - {id: kenya-republic, name: Republic of Kenya, type: state, country: KE}\n",
                    encoding="utf-8")
    made = tmp_path / "made.yaml"
    made.write_text("actors:\n  - {id: kenya, name: Kenya, type: state, country: KE}\n"
                    "  - {id: uganda, name: Uganda, type: state, country: UG}\n", encoding="utf-8")
    monkeypatch.setattr(actors, "BUNDLED_FILES", (hand,))
    monkeypatch.setattr(actors, "GENERATED_FILES", (made,))
    assert [e.id for e in bundled_entries()] == ["kenya-republic", "uganda"]


def test_actors_generated_states_file_is_well_formed():
    entries = read_gazetteer_file(DATA / "actors_states.yaml")
    assert len(entries) >= 140 and all(e.type == "state" and e.country for e in entries)
    data = yaml.safe_load((DATA / "actors_states.yaml").read_text(encoding="utf-8"))
    assert data["version"] == 1


@pytest.mark.slow
def test_actors_two_states_named_in_a_dispute(extract):
    x = extract("Kenya accused Somalia on Tuesday of backing the rebels, and Kenyan officials summoned "
                "the Somali envoy.")
    assert {"kenya", "somalia"} <= _ids(x)
    assert _texts(x, "kenya") == ["Kenya", "Kenyan"]


@pytest.mark.slow
def test_actors_capital_named_as_a_party_is_its_state(extract):
    x = extract("Kampala said on Monday it would send more troops, a claim Nairobi denied.")
    assert {"uganda", "kenya"} <= _ids(x)


@pytest.mark.slow
def test_actors_two_word_demonym_is_one_state(extract):
    x = extract("North Korean gunboats fired near the island, the South Korean navy said.")
    assert "north-korea" in _ids(x)
    assert "North Korean" in _texts(x, "north-korea")


# --- forces and armed groups --------------------------------------------------------------------

@pytest.mark.parametrize("form,actor_id,atype", [
    ("FARDC", "fardc", "state_military"), ("ENDF", "ethiopian-national-defense-force", "state_military"),
    ("Malian army", "malian-armed-forces", "state_military"), ("FAMa", "malian-armed-forces", "state_military"),
    ("Tatmadaw", "tatmadaw", "state_military"), ("TSK", "turkish-armed-forces", "state_military"),
    ("ANDSF", "andsf", "state_military"), ("Al-Shabab", "al-shabaab", "armed_group"),
    ("Taliban", "taliban", "armed_group"), ("ISWAP", "iswap", "armed_group"), ("IS-K", "islamic-state-khorasan",
                                                                                 "armed_group"),
    ("JNIM", "jnim", "armed_group"), ("Boko Haram", "boko-haram", "armed_group"),
    ("Rapid Support Forces", "rapid-support-forces", "armed_group"), ("M23", "march-23-movement", "armed_group"),
    ("CODECO", "codeco", "armed_group"), ("Fano militiamen", "fano", "armed_group"),
    ("CJNG", "cjng", "armed_group"), ("Sinaloa Cartel", "sinaloa-cartel", "armed_group"),
    ("Gulf Clan", "clan-del-golfo", "armed_group"), ("ELN", "eln", "armed_group"),
    ("FARC dissidents", "farc-dissidents", "armed_group"), ("CPI (Maoist)", "cpi-maoist", "armed_group"),
    ("Baloch Liberation Army", "balochistan-liberation-army", "armed_group"),
    ("Janjaweed", "janjaweed", "armed_group"), ("SPLA-IO", "splm-io", "armed_group"),
    ("Mayi-Mayi", "mai-mai", "armed_group"), ("AQAP", "aqap", "armed_group"),
    ("Fulani militiamen", "fulani-ethnic-militia", "armed_group"), ("Amba fighters", "ambazonian-separatists",
                                                                    "armed_group"),
    ("Africa Corps", "africa-corps", "armed_group"), ("Shining Path", "shining-path", "armed_group"),
    ("Basque Fatherland and Liberty", "eta", "armed_group"), ("Bosnian Serb forces", "army-of-republika-srpska",
                                                               "armed_group"),
    ("FMLN", "fmln", "armed_group"), ("Tupac Amaru Revolutionary Movement", "mrta", "armed_group"),
])
def test_actors_world_forces_and_groups(gazetteer, form, actor_id, atype):
    e = gazetteer.lookup(form)
    assert e is not None and e.id == actor_id and e.type == atype


def test_actors_national_force_skips_branches_and_special_units(gazetteer):
    assert gazetteer.national_force("IN", "army").id == "indian-army"
    assert gazetteer.national_force("IN", "police") is None  # the Central Reserve Police Force is no "police"
    assert gazetteer.national_force("CD", "army").id == "fardc"  # "Armed Forces of ...": "the army"
    assert gazetteer.national_force("ML", "army").id == "malian-armed-forces"  # not the Malian Air Force


# --- forms read by where the article is set -----------------------------------------------------

def _two_readings() -> ActorGazetteer:
    return ActorGazetteer([
        GazetteerEntry(id="north-force", name="Northland Defence Force", type="state_military", country="NO",
                       acronyms=("NDF",), ambiguous=("NDF",)),
        GazetteerEntry(id="south-front", name="Southland Democratic Front", type="armed_group", country="SE",
                       acronyms=("NDF",)),
        GazetteerEntry(id="east-army", name="Eastland Independence Army", type="armed_group", country="FI",
                       acronyms=("EIA",), contextual=("EIA",)),
    ])


def test_actors_ambiguous_acronym_read_by_the_article_country():
    g = _two_readings()
    assert g.lookup("NDF").id == "north-force"                          # nowhere in particular: the default
    assert g.lookup("NDF", {"SE": 3.0}).id == "south-front"             # set in the other actor's country
    assert g.lookup("NDF", {"SE": 1.0, "NO": 3.0}).id == "north-force"  # the weightier country wins


def test_actors_contextual_form_names_nobody_elsewhere():
    g = _two_readings()
    assert g.lookup("EIA") is None
    assert g.lookup("EIA", {"NO": 3.0}) is None
    assert g.lookup("EIA", {"FI": 1.0}).id == "east-army"


def test_actors_country_weights_count_the_places_and_the_named_actors(gazetteer):
    w = country_weights("SO", gazetteer, ["kenya", "kenya", "al-shabaab"])
    assert w["SO"] == 4.0 and w["KE"] == 3.0 and w["ET"] == 1.0  # Al-Shabaab operates in Kenya and Ethiopia too


@pytest.mark.parametrize("form,weights,actor_id", [
    ("SNA", None, "syrian-national-army"), ("SNA", {"SO": 3.0}, "somali-national-army"),
    ("ADF", None, "australian-defence-force"), ("ADF", {"CD": 3.0}, "allied-democratic-forces"),
    ("ADF", {"UG": 3.0}, "allied-democratic-forces"), ("ADF", {"CM": 3.0}, "ambazonia-defence-forces"),
    ("Al-Shabaab", {"MZ": 3.0}, "islamic-state-mozambique"), ("Al-Shabaab", {"SO": 3.0}, "al-shabaab"),
    ("PNC", {"CO": 3.0}, "colombian-national-police"), ("PNC", {"CD": 3.0}, "congolese-national-police"),
    ("KIA", {"MM": 3.0}, "kachin-independence-army"), ("AFP", {"PH": 3.0}, "armed-forces-of-the-philippines"),
])
def test_actors_bundled_ambiguous_forms(gazetteer, form, weights, actor_id):
    assert gazetteer.lookup(form, weights).id == actor_id


@pytest.mark.parametrize("form", ["KIA", "PNC", "AFP", "Federal Police"])
def test_actors_bundled_contextual_forms_need_a_setting(gazetteer, form):
    assert gazetteer.lookup(form) is None


@pytest.mark.slow
def test_actors_acronym_resolved_by_the_towns_of_the_article(extract):
    x = extract("Soldiers of the SNA repelled an attack on their base in Beledweyne on Monday.")
    assert "somali-national-army" in _ids(x) and "syrian-national-army" not in _ids(x)
    y = extract("Fighters of the SNA clashed with Kurdish forces near Manbij on Monday.")
    assert "syrian-national-army" in _ids(y)


@pytest.mark.slow
def test_actors_acronym_resolved_by_the_states_named(extract):
    x = extract("ADF rebels killed nine villagers, Congolese officials said.")
    assert "allied-democratic-forces" in _ids(x) and "australian-defence-force" not in _ids(x)


# --- names that are no actor --------------------------------------------------------------------

@pytest.mark.parametrize("word,clock", [("GMT", True), ("0400 GMT", True), ("hrs", True), ("local time", True),
                                        ("West", False), ("Gambia", False)])
def test_actors_clock_words_are_known(word, clock):
    assert is_clock_word(word) is clock


@pytest.mark.slow
def test_actors_time_zone_in_lower_case_text_is_no_actor(extract):
    x = extract("the bomb went off at 2100 gmt near the army barracks, and rebels later fired on a patrol.")
    assert not any(a.name.upper() == "GMT" for a in x.actors)


@pytest.mark.slow
def test_actors_location_list_names_are_places(extract):
    x = extract("On 3 May 2023, gunmen attacked a market in Beni (Beni, Nord-Kivu), killing 4 traders.")
    names = {a.name for a in x.actors}
    assert not names & {"Nord-Kivu", "Beni"}, names


@pytest.mark.slow
def test_actors_place_named_again_in_a_location_list_is_no_actor(extract):
    x = extract("Punjab police detained two activists near Lahore (Lahore, Punjab) on Friday.")
    assert "Punjab" not in {a.name for a in x.actors}


@pytest.mark.slow
def test_actors_unclosed_parenthesis_defines_its_acronym(extract):
    x = extract("Leaders of the Ruby Valley Liberation Front (RVLF said on Monday that RVLF fighters had left.")
    created = [a for a in x.actors if "Ruby Valley" in a.name]
    assert created and created[0].name == "Ruby Valley Liberation Front"
    assert "RVLF" in created[0].aliases
    assert any(x.article.text[s:e] == "RVLF" for s, e in created[0].mentions)


def test_actors_entity_with_an_unclosed_parenthesis_is_cut():
    from types import SimpleNamespace

    from sitrep.actors import _clean_entity, _unclosed_acronym
    ent = SimpleNamespace(text="Ruby Valley Liberation Front (RVLF", label_="ORG")
    assert _clean_entity(ent) == "Ruby Valley Liberation Front"
    assert _unclosed_acronym(ent.text, "Ruby Valley Liberation Front") == "RVLF"
    town = SimpleNamespace(text="Sarmada (Harem, Idleb", label_="ORG")
    assert _clean_entity(town) == "Sarmada" and _unclosed_acronym(town.text, "Sarmada") is None


@pytest.mark.slow
def test_actors_town_glued_to_a_group_name_is_cut_off(extract):
    x = extract("On 2 July 2022, gunmen of Los Halcones in Aguililla (Aguililla, Michoacan) shot 3 farmers.")
    names = {a.name for a in x.actors}
    assert not any("Aguililla" in n for n in names), names


@pytest.mark.slow
def test_actors_town_the_tagger_calls_an_organisation_is_no_actor(extract):
    x = extract("Ukrainian forces retook Kupiansk on Saturday after heavy fighting with Russian troops.")
    assert not any("Kupiansk" in a.name for a in x.actors)


@pytest.mark.slow
def test_actors_capital_inside_a_region_name_is_no_metonym(extract):
    x = extract("On 4 March 2023, militants executed a man in Jilib (Jilib, Middle Juba).")
    assert "south-sudan" not in _ids(x)


@pytest.mark.slow
def test_actors_seat_inside_a_region_name_is_no_party(extract):
    x = extract("Officials in Lower Juba said on Monday that the road had reopened.")
    assert "cape-verde" not in _ids(extract("Mocimboa da Praia fell to the insurgents on Wednesday."))
    assert "south-sudan" not in _ids(x)
    y = extract("Juba said on Monday it would not sign the deal.")
    assert "south-sudan" in _ids(y)
