"""Actor mentions: gazetteer names, aliases, demonyms, metonyms, defined aliases, unknown
names, surnames, pronoun/generic resolution and user gazetteer files (issue 2)."""
from __future__ import annotations

import pytest

from sitrep.actors import (
    ActorGazetteer, GazetteerEntry, fold_with_map, infer_type, load_gazetteer, read_gazetteer_file, slug,
)
from sitrep.errors import DataFileError
from sitrep.records import Article

USER_GAZETTEER = """\
actors:
  - id: liwa-al-thar-al-muqaddas
    name: Liwa al-Thar al-Muqaddas
    type: armed_group
    country: IQ
    aliases: [Holy Revenge Brigade, Sacred Revenge Brigade]
    acronyms: [LTM]
  - id: kataib-hezbollah
    name: Hezbollah Brigades (Iraq)
    type: armed_group
    country: IQ
    aliases: [Kataib Hezbollah]
"""


def _ids(x) -> set[str]:
    return {a.id for a in x.actors}


def _actor(x, actor_id):
    return next(a for a in x.actors if a.id == actor_id)


def _mention_texts(x, actor_id) -> list[str]:
    text = x.article.text
    return [text[s:e] for s, e in _actor(x, actor_id).mentions]


# --- the gazetteer, without the spaCy model -----------------------------------------------------

@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize("name,actor_id", [
    ("Kata'ib Hizballah", "kataib-hezbollah"),
    ("Kata\u2019ib Hezbollah", "kataib-hezbollah"),
    ("KATAIB HIZBALLAH", "kataib-hezbollah"),
    ("Kataeb Hezbollah", "kataib-hezbollah"),
    ("PMU", "popular-mobilization-forces"),
    ("al-Hashd al-Shaabi", "popular-mobilization-forces"),
    ("Hashd al-Shaabi", "popular-mobilization-forces"),
    ("Popular Mobilisation Units", "popular-mobilization-forces"),
    ("Asaib Ahl al-Haqq", "asaib-ahl-al-haq"),
    ("Iranian", "iran"),
    ("Tehran", "iran"),
])
def test_actors_gazetteer_lookup_variants(gazetteer, name, actor_id):
    entry = gazetteer.lookup(name)
    assert entry is not None and entry.id == actor_id


@pytest.mark.parametrize("name", ["pmu", "kh", "Popular", "Brigades"])
def test_actors_gazetteer_acronyms_are_case_sensitive_and_words_are_not_names(gazetteer, name):
    assert gazetteer.lookup(name) is None


def test_actors_gazetteer_scan_is_word_bounded():
    g = ActorGazetteer([GazetteerEntry(id="badr-organization", name="Badr Organization", type="armed_group",
                                       aliases=("Badr",))])
    folded, _ = fold_with_map("Badrani tribesmen met Badr officials.")
    hits = g.scan(folded)
    assert [(folded[s:e], a) for s, e, a, _ in hits] == [("badr", "badr-organization")]


def test_actors_fold_with_map_points_back_into_text():
    text = "Kata\u2019ib   Hizballah\u2013linked"
    folded, where = fold_with_map(text)
    assert folded == "kata'ib hizballah linked"
    start = folded.index("hizballah")
    assert text[where[start]:where[start + len("hizballah") - 1] + 1] == "Hizballah"


@pytest.mark.parametrize("name,expected", [
    ("Kata'ib Hizballah", "kataib-hizballah"),
    ("Liwa al-Tafuf", "liwa-al-tafuf"),
    ("Asa\u2019ib Ahl al-Haq", "asaib-ahl-al-haq"),
])
def test_actors_slug_is_stable(name, expected):
    assert slug(name) == expected


@pytest.mark.parametrize("name,atype", [
    ("Liwa al-Tafuf Battalion", "armed_group"),
    ("Northern Shield Brigades", "armed_group"),
    ("National Wisdom Movement", "political_party"),
    ("Ministry of Water Resources", "government"),
    ("Karbala Youth Federation", "other"),
])
def test_actors_infer_type_from_name_words(name, atype):
    assert infer_type(name) == atype


# --- user gazetteer files ----------------------------------------------------------------------

def test_actors_user_gazetteer_adds_and_overrides(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(USER_GAZETTEER, encoding="utf-8")
    g = load_gazetteer([path])
    added = g.lookup("Holy Revenge Brigade")
    assert added is not None and added.id == "liwa-al-thar-al-muqaddas" and added.country == "IQ"
    assert g.lookup("LTM").id == "liwa-al-thar-al-muqaddas"
    assert g.get("kataib-hezbollah").name == "Hezbollah Brigades (Iraq)"
    assert g.get("iran") is not None  # the bundled actors are still there
    assert load_gazetteer().get("liwa-al-thar-al-muqaddas") is None  # no leak into the default


def test_actors_user_gazetteer_plain_list(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- {id: saraya-al-tahrir, name: Saraya al-Tahrir, type: armed_group}\n", encoding="utf-8")
    entries = read_gazetteer_file(path)
    assert [e.id for e in entries] == ["saraya-al-tahrir"]


@pytest.mark.parametrize("content,code,words", [
    ("actors: [ {id: x, name: X", "E300", "YAML"),
    ("actors: just a string\n", "E300", "list"),
    ("actors:\n  - {id: x, type: armed_group}\n", "E300", "name"),
    ("actors:\n  - {id: x, name: X, type: militia}\n", "E301", "militia"),
    ("actors:\n  - a bare string entry\n", "E300", "mapping"),
])
def test_actors_malformed_gazetteer_raises_coded_error_naming_file(tmp_path, content, code, words):
    path = tmp_path / "broken-gazetteer.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_gazetteer([path])
    assert info.value.code == code
    assert "broken-gazetteer.yaml" in str(info.value)
    assert words in str(info.value)


def test_actors_missing_gazetteer_file_raises_e300(tmp_path):
    with pytest.raises(DataFileError) as info:
        read_gazetteer_file(tmp_path / "nowhere.yaml")
    assert info.value.code == "E300" and "nowhere.yaml" in str(info.value)


# --- mentions in text (spaCy) ------------------------------------------------------------------

@pytest.mark.slow
def test_actors_mentions_offsets_point_at_text(extract):
    text = ("Kata'ib Hizballah and the PMU rejected the plan. Officials of al-Hashd al-Shaabi "
            "said Kataeb Hezbollah had not been consulted.")
    x = extract(text)
    assert set(_mention_texts(x, "kataib-hezbollah")) == {"Kata'ib Hizballah", "Kataeb Hezbollah"}
    assert _mention_texts(x, "popular-mobilization-forces") == ["PMU", "al-Hashd al-Shaabi"]
    for actor in x.actors:
        assert list(actor.mentions) == sorted(actor.mentions)
        for s, e in actor.mentions:
            assert 0 <= s < e <= len(text) and text[s:e].strip() == text[s:e]


@pytest.mark.slow
def test_actors_mentions_never_overlap(extract):
    x = extract("The Iran-backed Popular Mobilization Forces (PMF) and US forces in Iraq traded accusations.")
    spans = sorted(m for a in x.actors for m in a.mentions)
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        assert e1 <= s2
    assert "us-armed-forces" in _ids(x) and "popular-mobilization-forces" in _ids(x)


@pytest.mark.slow
def test_actors_known_actor_record_carries_gazetteer_fields(extract):
    x = extract("Kataib Hezbollah fighters fired rockets at a US base in Syria on Monday.")
    kh = _actor(x, "kataib-hezbollah")
    assert (kh.name, kh.type, kh.country) == ("Kataib Hezbollah", "armed_group", "IQ")
    assert "KH" in kh.aliases and kh.known


@pytest.mark.slow
def test_actors_demonym_resolves_to_state(extract):
    x = extract("Iranian officials said the PMU would not be disbanded.")
    assert _mention_texts(x, "iran") == ["Iranian"]
    assert _actor(x, "iran").type == "state"


@pytest.mark.slow
def test_actors_metonym_as_party(extract):
    x = extract("Washington said it would respond, and Tehran denied any role in the attack.")
    assert _mention_texts(x, "united-states") == ["Washington"]
    assert _mention_texts(x, "iran") == ["Tehran"]


@pytest.mark.slow
@pytest.mark.parametrize("text,not_actor", [
    ("Thousands of people protested in Tehran on Sunday.", "iran"),
    ("In Baghdad, officials met to discuss the budget.", "iraq"),
    ("Iraqi officials held talks in Washington on Monday.", "united-states"),
])
def test_actors_metonym_as_place_is_no_actor(extract, text, not_actor):
    assert not_actor not in _ids(extract(text))


@pytest.mark.slow
def test_actors_alias_defined_in_text_creates_new_actor(extract):
    text = ("A new group calling itself the Supreme Islamic Assembly (SIA) claimed the attack. "
            "The SIA said it would continue.")
    x = extract(text)
    new = [a for a in x.actors if "SIA" in a.aliases]
    assert len(new) == 1
    sia = new[0]
    assert not sia.known and "Supreme Islamic Assembly" in sia.name
    assert [text[s:e] for s, e in sia.mentions].count("SIA") == 2


@pytest.mark.slow
def test_actors_defined_alias_name_drops_article(extract):
    x = extract("A new group calling itself the Supreme Islamic Assembly (SIA) claimed the attack.")
    sia = next(a for a in x.actors if "SIA" in a.aliases)
    assert sia.id == "supreme-islamic-assembly" and sia.name == "Supreme Islamic Assembly"


@pytest.mark.slow
def test_actors_defined_alias_of_known_actor(extract):
    x = extract("Fighters of the Islamic Resistance in Iraq (IRI) attacked a base in Syria. "
                "The IRI said more attacks would follow.")
    assert "iri" not in _ids(x)
    assert _mention_texts(x, "islamic-resistance-in-iraq").count("IRI") == 2


@pytest.mark.slow
def test_actors_unknown_person_becomes_person_actor(extract):
    x = extract("Hussein Falih Jaber, a tribal leader from Maysan, was kidnapped on Sunday.")
    a = _actor(x, "hussein-falih-jaber")
    assert a.type == "person" and not a.known and a.name == "Hussein Falih Jaber"


@pytest.mark.slow
def test_actors_unknown_organisation_type_inferred(extract):
    x = extract("Police arrested a member of the Liwa al-Tafuf Battalion in Basra.")
    a = _actor(x, "liwa-al-tafuf-battalion")
    assert a.type == "armed_group" and not a.known


@pytest.mark.slow
def test_actors_media_and_places_are_not_actors(extract):
    x = extract("Reuters reported that rockets hit Baghdad International Airport, citing two police sources.")
    assert "reuters" not in _ids(x)
    assert "iraq" not in _ids(x)  # "Baghdad" inside a place name is no party


@pytest.mark.slow
def test_actors_surname_after_full_name_known_person(extract):
    text = "Qassem Soleimani landed at Baghdad airport. Soleimani was killed minutes later."
    x = extract(text)
    assert _mention_texts(x, "qassem-soleimani") == ["Qassem Soleimani", "Soleimani"]


@pytest.mark.slow
def test_actors_surname_after_full_name_unknown_person(extract):
    x = extract("Ibrahim Saleh Mansour, a lawyer, was abducted in Baghdad. Mansour was released two days later.")
    assert _mention_texts(x, "ibrahim-saleh-mansour") == ["Ibrahim Saleh Mansour", "Mansour"]
    assert "mansour" not in _ids(x)


@pytest.mark.slow
def test_actors_he_resolves_to_person_subject(extract):
    x = extract("Defense Secretary Lloyd Austin arrived in Baghdad on Tuesday. He condemned the attacks on US troops.")
    cond = [e for e in x.events if e.type == "condemnation"]
    assert cond and cond[0].actors == ("lloyd-austin",)


@pytest.mark.slow
def test_actors_the_group_resolves_to_armed_group(extract):
    x = extract("Kataib Hezbollah fired rockets at the Victory base on Monday. "
                "The group also launched a drone at a US outpost near the Syrian border.")
    drones = [e for e in x.events if e.weapon == "drone"]
    assert drones and drones[0].actors == ("kataib-hezbollah",)


@pytest.mark.slow
def test_actors_user_gazetteer_used_in_extraction(nlp, tmp_path):
    from sitrep.pipeline import Resources, extract_doc, parse_text

    path = tmp_path / "user.yaml"
    path.write_text(USER_GAZETTEER, encoding="utf-8")
    text = "The Holy Revenge Brigade said it fired rockets at a US base. Kataib Hezbollah denied any role."
    article = Article(id="u", text=text, published="2024-02-10")
    x = extract_doc(article, nlp(parse_text(article)), Resources(gazetteers=(str(path),)))
    new = _actor(x, "liwa-al-thar-al-muqaddas")
    assert new.name == "Liwa al-Thar al-Muqaddas" and new.type == "armed_group"
    assert [text[s:e] for s, e in new.mentions] == ["Holy Revenge Brigade"]
    assert _actor(x, "kataib-hezbollah").name == "Hezbollah Brigades (Iraq)"


@pytest.mark.slow
def test_actors_excluded_stretch_has_no_mentions(extract):
    text = "RELATED: Kataib Hezbollah leader killed\n\nIraqi officials met in Baghdad on Monday."
    x = extract(text, excluded=[(0, text.index("\n"))])
    assert "kataib-hezbollah" not in _ids(x)
    assert "iraq" in _ids(x)


@pytest.mark.slow
def test_actors_base_name_is_not_a_surname(extract):
    x = extract("The Islamic Resistance in Iraq claimed that its drones struck the Ain al-Asad base.")
    assert "bashar-al-assad" not in _ids(x)


@pytest.mark.slow
def test_actors_metonym_the_tagger_calls_a_name_stays_a_place_before_a_site(extract):
    x = extract("A drone hit Erbil airport on Thursday night.")
    assert not any("kurdistan-regional-government" in (*e.actors, *e.targets) for e in x.events), \
        [(e.type, e.actors, e.targets) for e in x.events]
    y = extract("Erbil rejected the federal budget on Thursday.")
    assert any("kurdistan-regional-government" in e.actors for e in y.events), [(e.type, e.actors) for e in y.events]
