"""Generic noun phrases are kinds, not named actors (issue 7, kind 4): a bare plural, an
indefinite or a quantified noun never takes an earlier named group as its referent, so no
relation or event argument is pinned on a group that merely happens to be nearby."""
from __future__ import annotations

import pytest

from tests.helpers import relation_triples

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("text,absent", [
    ("The Islamic State seized two villages on Monday. Iran-backed groups in Syria have also shelled the area.",
     ("islamic-state", "backed_by", "iran")),
    ("Kataib Hezbollah fired rockets at the airport. Militant groups armed by Iran often claim such attacks.",
     ("kataib-hezbollah", "backed_by", "iran")),
    ("Kataib Hezbollah fired rockets at the airport. A little-known group funded by Iran later claimed them.",
     ("kataib-hezbollah", "backed_by", "iran")),
    ("Kataib Hezbollah fired rockets at the airport. Two other groups, both backed by Iran, stayed quiet.",
     ("kataib-hezbollah", "backed_by", "iran")),
])
def test_actors_generic_plural_or_indefinite_takes_no_antecedent(extract, text, absent):
    assert absent not in relation_triples(extract(text))


def test_actors_generic_definite_noun_still_refers_back(extract):
    x = extract("Kataib Hezbollah fired rockets at the airport. The group is funded by Iran.")
    assert ("kataib-hezbollah", "backed_by", "iran") in relation_triples(x)


@pytest.mark.parametrize("text,expected", [
    ("militant groups", False), ("a group", False), ("two factions", False), ("other militias", False),
    ("the group", True), ("these militias", True), ("its faction", True),
])
def test_actors_generic_is_anaphoric_by_determiner(nlp, text, expected):
    from sitrep.actors import is_anaphoric
    doc = nlp(f"Officials said {text} met yesterday.")
    noun = next(t for t in doc if t.lemma_.lower() in ("group", "faction", "militia"))
    assert is_anaphoric(noun) is expected
