"""Checks of the bundled actor gazetteer, sitrep/data/actors.yaml, read as plain YAML.

These tests do not use the loader in sitrep/actors.py: they check the data file itself
(schema, ids, references, surface-form collisions) so a bad edit is caught at its source.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest
import yaml

from sitrep.records import ACTOR_TYPES

ACTORS_FILE = Path(__file__).resolve().parent.parent / "sitrep" / "data" / "actors.yaml"

ALLOWED_KEYS = {"id", "name", "type", "country", "aliases", "acronyms", "demonyms", "metonyms",
                "parent", "ambiguous", "surnames", "role", "affiliation", "years", "generic", "context",
                "operates_in", "contextual"}
LIST_KEYS = ("aliases", "acronyms", "demonyms", "metonyms", "ambiguous", "surnames", "generic", "context",
             "operates_in", "contextual")
PERSON_ONLY = ("surnames", "role", "affiliation")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Words that must never be a case-insensitive alias: pronouns, bare common nouns.
FORBIDDEN_ALIASES = {"us", "is", "it", "we", "coalition", "army", "the army", "military", "parliament",
                     "group", "the group", "government", "militia", "forces", "movement", "party",
                     "alliance", "ministry", "police", "state", "resistance", "brigade", "brigades"}
# Acronyms that read as words in lower case and so must stay case-sensitive acronyms.
MUST_BE_ACRONYM = {"US": "united-states", "IS": "islamic-state", "UN": "united-nations",
                   "EU": "european-union", "KH": "kataib-hezbollah", "AAH": "asaib-ahl-al-haq",
                   "PMF": "popular-mobilization-forces", "PMU": "popular-mobilization-forces",
                   "KSS": "kataib-sayyid-al-shuhada", "ISF": "iraqi-security-forces",
                   "CTS": "counter-terrorism-service", "KDP": "kurdistan-democratic-party",
                   "PUK": "patriotic-union-of-kurdistan", "SDF": "syrian-democratic-forces",
                   "YPG": "peoples-protection-units", "PKK": "kurdistan-workers-party",
                   "IRGC": "irgc"}


# --- helpers ----------------------------------------------------------------------------------

def fold(text: str) -> str:
    """Case-, accent-, apostrophe- and hyphen-insensitive form, without a leading "al-"/"the"."""
    s = unicodedata.normalize("NFKD", text.lower())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"['’‘`ʼ´]", "", s)
    s = re.sub(r"[-‐‑‒–—\s]+", " ", s).strip()
    for prefix in ("al ", "the "):
        if s.startswith(prefix) and len(s) > len(prefix) + 2:
            s = s[len(prefix):]
    return s


def load_actors(path: Path = ACTORS_FILE) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: top level must be a mapping"
    assert data.get("version") == 1, f"{path}: version must be 1"
    assert isinstance(data.get("actors"), list), f"{path}: 'actors' must be a list"
    return data["actors"]


def folded_forms(actor: dict) -> set[str]:
    """Case-insensitive surface forms: name, aliases, metonyms (folded)."""
    texts = [actor["name"], *(actor.get("aliases") or ()), *(actor.get("metonyms") or ())]
    return {fold(t) for t in texts}


def exact_forms(actor: dict) -> set[str]:
    """Case-sensitive surface forms: acronyms and demonyms."""
    return {*(actor.get("acronyms") or ()), *(actor.get("demonyms") or ())}


def collisions(actors: list[dict]) -> dict[str, list[str]]:
    """Folded surface form -> ids of the actors that share it (only forms held by two or more).

    Acronyms and demonyms are folded too: a case-insensitive alias of one actor would also
    match another actor's acronym written the same way.
    """
    holders: dict[str, list[str]] = defaultdict(list)
    for actor in actors:
        forms = folded_forms(actor) | {fold(f) for f in exact_forms(actor)}
        for form in sorted(forms):
            holders[form].append(actor["id"])
    return {form: ids for form, ids in holders.items() if len(ids) > 1}


def undeclared_collisions(actors: list[dict]) -> list[str]:
    """Shared forms not declared ambiguous by exactly one sharer, listed before the others."""
    by_id = {a["id"]: a for a in actors}
    order = {a["id"]: i for i, a in enumerate(actors)}
    problems = []
    for form, ids in collisions(actors).items():
        declaring = [i for i in ids if form in {fold(x) for x in by_id[i].get("ambiguous") or ()}]
        if len(declaring) != 1:
            problems.append(f"{form!r} shared by {ids}, declared ambiguous by {declaring or 'none'}")
        elif min(ids, key=order.__getitem__) != declaring[0]:
            problems.append(f"{form!r}: default {declaring[0]} must come before {ids} in the file")
    return problems


@pytest.fixture(scope="module")
def actors() -> list[dict]:
    return load_actors()


@pytest.fixture(scope="module")
def by_id(actors) -> dict[str, dict]:
    return {a["id"]: a for a in actors}


# --- schema -----------------------------------------------------------------------------------

def test_actors_gazetteer_data_has_at_least_110_actors(actors):
    assert len(actors) >= 110


def test_actors_gazetteer_data_ids_unique_and_slug_shaped(actors):
    ids = [a.get("id") for a in actors]
    bad = [i for i in ids if not isinstance(i, str) or not SLUG.match(i)]
    assert not bad, f"ids not slug-shaped: {bad}"
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate ids: {dupes}"


def test_actors_gazetteer_data_required_fields_and_known_keys(actors):
    for a in actors:
        assert set(a) <= ALLOWED_KEYS, f"{a.get('id')}: unknown keys {set(a) - ALLOWED_KEYS}"
        for key in ("id", "name", "type"):
            assert isinstance(a.get(key), str) and a[key].strip(), f"{a.get('id')}: missing {key}"
        assert "country" in a, f"{a['id']}: country must be given (a code or null)"
        for key in LIST_KEYS:
            value = a.get(key, [])
            assert isinstance(value, list), f"{a['id']}: {key} must be a list"
            assert all(isinstance(v, str) and v.strip() == v and v for v in value), \
                f"{a['id']}: {key} holds an empty, padded or non-text item: {value}"
            folded = [v.casefold() for v in value] if key != "acronyms" else value
            assert len(folded) == len(set(folded)), f"{a['id']}: {key} repeats an item"


def test_actors_gazetteer_data_aliases_do_not_repeat_the_name(actors):
    for a in actors:
        repeats = [x for x in a.get("aliases") or () if x.casefold() == a["name"].casefold()]
        assert not repeats, f"{a['id']}: aliases repeat the name: {repeats}"


def test_actors_gazetteer_data_types_known_and_all_used(actors):
    used = {a["type"] for a in actors}
    assert used <= set(ACTOR_TYPES), f"unknown types: {used - set(ACTOR_TYPES)}"
    assert used == set(ACTOR_TYPES), f"types never used: {set(ACTOR_TYPES) - used}"


def test_actors_gazetteer_data_countries_are_alpha2_or_null(actors):
    for a in actors:
        code = a["country"]
        if code is None:
            continue
        assert isinstance(code, str) and len(code) == 2 and code.isupper(), f"{a['id']}: country {code!r}"
        assert pycountry.countries.get(alpha_2=code) is not None, f"{a['id']}: no country {code!r}"


def test_actors_gazetteer_data_references_exist_and_parents_acyclic(actors, by_id):
    for a in actors:
        for key in ("parent", "affiliation"):
            ref = a.get(key)
            if ref is not None:
                assert ref in by_id, f"{a['id']}: {key} {ref!r} is not an actor id"
                assert ref != a["id"], f"{a['id']}: {key} points to itself"
        for ref in a.get("context") or ():
            assert ref in by_id and ref != a["id"], f"{a['id']}: context {ref!r} is not another actor's id"
        seen = {a["id"]}
        node = a.get("parent")
        while node is not None:
            assert node not in seen, f"{a['id']}: parent chain loops at {node}"
            seen.add(node)
            node = by_id[node].get("parent")


def test_actors_gazetteer_data_persons_have_role_and_person_fields_only_on_persons(actors):
    for a in actors:
        if a["type"] == "person":
            assert isinstance(a.get("role"), str) and a["role"].strip(), f"{a['id']}: person without role"
        else:
            present = [k for k in PERSON_ONLY if a.get(k)]
            assert not present, f"{a['id']}: {present} are for persons only"


def test_actors_gazetteer_data_demonyms_on_states_metonyms_on_states_or_governments(actors):
    for a in actors:
        if a.get("demonyms"):
            assert a["type"] == "state", f"{a['id']}: demonyms belong to states only"
        if a.get("metonyms"):
            assert a["type"] in ("state", "government"), f"{a['id']}: metonyms on a {a['type']}"


def test_actors_gazetteer_data_acronyms_are_tokens(actors):
    for a in actors:
        for acr in a.get("acronyms") or ():
            assert not re.search(r"\s", acr), f"{a['id']}: acronym {acr!r} has a space"
            assert sum(ch.isupper() for ch in acr) >= 2, f"{a['id']}: acronym {acr!r} is not upper case"
            assert acr[0].isupper() or acr[0].isdigit(), f"{a['id']}: acronym {acr!r}"


@pytest.mark.parametrize("acronym,actor_id", sorted(MUST_BE_ACRONYM.items()))
def test_actors_gazetteer_data_word_like_acronyms_are_acronyms_not_aliases(actors, by_id, acronym, actor_id):
    assert acronym in by_id[actor_id].get("acronyms", []), f"{acronym} should be an acronym of {actor_id}"
    for a in actors:
        assert fold(acronym) not in {fold(x) for x in [a["name"], *(a.get("aliases") or ())]}, \
            f"{a['id']}: {acronym!r} listed as a case-insensitive alias"


def test_actors_gazetteer_data_no_bare_common_words(actors):
    for a in actors:
        for text in [a["name"], *(a.get("aliases") or ()), *(a.get("metonyms") or ())]:
            assert fold(text) not in FORBIDDEN_ALIASES, f"{a['id']}: bare common word {text!r}"


# --- collisions -------------------------------------------------------------------------------

def test_actors_gazetteer_data_no_undeclared_shared_forms(actors):
    assert undeclared_collisions(actors) == []


def test_actors_gazetteer_data_ambiguous_entries_are_own_forms(actors):
    for a in actors:
        own = folded_forms(a) | {fold(x) for x in exact_forms(a)}
        for text in a.get("ambiguous") or ():
            assert fold(text) in own, f"{a['id']}: ambiguous {text!r} is not one of its own names"


def test_actors_gazetteer_data_acronyms_unique(actors):
    holders: dict[str, list[str]] = defaultdict(list)
    for a in actors:
        for acr in a.get("acronyms") or ():
            holders[acr].append(a["id"])
    shared = {acr: ids for acr, ids in holders.items() if len(ids) > 1}
    assert not shared, f"acronyms on several actors: {shared}"


def test_actors_gazetteer_data_surnames_do_not_name_another_actor(actors):
    names = {}
    for a in actors:
        for form in folded_forms(a):
            names.setdefault(form, a["id"])
    for a in actors:
        for surname in a.get("surnames") or ():
            owner = names.get(fold(surname))
            assert owner in (None, a["id"]), f"{a['id']}: surname {surname!r} is a name of {owner}"


@pytest.mark.parametrize("form,default", [("Hezbollah", "hezbollah"), ("coalition forces", "cjtf-oir")])
def test_actors_gazetteer_data_ambiguous_default_reading(actors, form, default):
    first = next(a["id"] for a in actors if fold(form) in folded_forms(a))
    assert first == default


# --- the checks themselves catch bad data -----------------------------------------------------

def _actor(actor_id: str, name: str, **extra) -> dict:
    return {"id": actor_id, "name": name, "type": "armed_group", "country": "IQ", **extra}


def test_actors_gazetteer_data_collision_check_catches_shared_alias():
    bad = [_actor("kataib-hezbollah", "Kataib Hezbollah", aliases=["Hezbollah"]),
           _actor("hezbollah", "Hezbollah")]
    assert undeclared_collisions(bad), "a shared, undeclared alias must be reported"


@pytest.mark.parametrize("first,second", [("al-Nujaba", "Nujaba"), ("Kata'ib Hezbollah", "kataib hezbollah"),
                                          ("Saraya al-Salam", "Saraya al Salam"), ("Türkiye", "Turkiye")])
def test_actors_gazetteer_data_collision_check_folds_variants(first, second):
    bad = [_actor("a", "A", aliases=[first]), _actor("b", "B", aliases=[second])]
    assert undeclared_collisions(bad), f"{first!r} and {second!r} must count as the same form"


def test_actors_gazetteer_data_collision_check_catches_alias_equal_to_acronym():
    bad = [_actor("a", "A", acronyms=["HAN"]), _actor("b", "B", aliases=["Han"])]
    assert undeclared_collisions(bad)


def test_actors_gazetteer_data_collision_check_accepts_declared_default_first():
    ok = [_actor("hezbollah", "Hezbollah", ambiguous=["Hezbollah"]),
          _actor("other", "Other", aliases=["Hezbollah"])]
    assert undeclared_collisions(ok) == []
    assert undeclared_collisions(list(reversed(ok))), "the default must come first in the file"


def test_actors_gazetteer_data_loader_rejects_missing_version(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n  - id: x\n    name: X\n    type: state\n    country: IQ\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="version"):
        load_actors(path)


def test_actors_gazetteer_data_generic_forms_come_with_a_context(actors):
    """A common noun ("coalition") names an actor only where its context is named: both or neither."""
    for a in actors:
        assert bool(a.get("generic")) == bool(a.get("context")), f"{a['id']}: generic and context go together"
        for form in a.get("generic") or ():
            assert " " not in form and form == form.lower(), f"{a['id']}: generic {form!r} is one lower-case word"
