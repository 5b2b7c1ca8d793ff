"""What pronouns, short names and owned nouns refer to (sitrep/actors.py): an object pronoun is
not its own verb's subject, a subject that points back stands for what it points at, a person's
organisation noun ("his network") is that person's organisation, a superlative plural is a
class, and a lone given name is the one person named in full with it."""
from __future__ import annotations

import pytest

from sitrep.actors import find_mentions, is_anaphoric, load_gazetteer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def _resolve(nlp, gazetteer, text: str, word: str, nth: int = 0) -> list[str]:
    doc = nlp(text)
    actors = find_mentions(doc, gazetteer)
    tok = [t for t in doc if t.text == word][nth]
    return actors.resolve_token(tok)


def test_actors_reference_object_pronoun_is_not_its_verbs_subject(nlp, gazetteer):
    text = ("Kataib Hezbollah attacked a US base in 2008. The US State Department listed it as a terrorist "
            "group a year later.")
    assert _resolve(nlp, gazetteer, text, "it") == ["kataib-hezbollah"]


def test_actors_reference_pronoun_through_a_pointing_subject(nlp, gazetteer):
    text = ("Asaib Ahl al-Haq joined the Popular Mobilization Forces in 2014. The group grew fast. "
            "Washington blacklisted it in 2020.")
    assert _resolve(nlp, gazetteer, text, "it") == ["asaib-ahl-al-haq"]


def test_actors_reference_main_clause_subject_before_a_subordinate_one(nlp, gazetteer):
    text = "After the Islamic State took Mosul, Kataib Hezbollah sent fighters north. Its men held the road."
    assert _resolve(nlp, gazetteer, text, "Its") == ["kataib-hezbollah"]


def test_actors_reference_his_network_is_the_persons_organisation(nlp, gazetteer):
    text = "Qais al-Khazali left prison in 2010. Within a year his network was stronger than ever."
    assert _resolve(nlp, gazetteer, text, "network") == ["asaib-ahl-al-haq"]


def test_actors_reference_owned_noun_of_a_person_without_organisation_is_nobody(nlp, gazetteer):
    text = "The Popular Mobilization Forces held a parade. Peter Moore said his group of friends watched it."
    assert _resolve(nlp, gazetteer, text, "group") == []


@pytest.mark.parametrize("text,expected", [
    ("the most feared groups", False), ("the largest factions", False), ("the groups", True),
])
def test_actors_reference_superlative_plural_is_a_class(nlp, text, expected):
    doc = nlp(f"Officials said {text} met yesterday.")
    noun = next(t for t in doc if t.lemma_.lower() in ("group", "faction"))
    assert is_anaphoric(noun) is expected


def test_actors_reference_lone_given_name_is_the_person_named_in_full(nlp, gazetteer):
    doc = nlp("Qais al-Khazali was freed in 2010. Officials said Qais then went to Iran.")
    actors = find_mentions(doc, gazetteer)
    assert [m.actor_id for m in actors.mentions if doc.text[m.start:m.end] == "Qais"] == ["qais-al-khazali"]


def test_actors_reference_protest_movement_is_one_named_party(nlp, gazetteer):
    doc = nlp("Leaders of the local protest movement met in Nasiriyah. The protest movement then called a strike.")
    actors = find_mentions(doc, gazetteer)
    found = [m for m in actors.mentions if m.actor_id == "protest-movement"]
    assert len(found) == 2 and actors.named("protest-movement")


def test_actors_reference_apposition_makes_a_person(nlp, gazetteer):
    doc = nlp("Gunmen killed Reem Haddad, a journalist and a well-known activist, in Basra.")
    actors = find_mentions(doc, gazetteer)
    ids = {m.actor_id for m in actors.mentions if doc.text[m.start:m.end].startswith("Reem")}
    assert ids and all(actors.entry_type(i) == "person" for i in ids)
