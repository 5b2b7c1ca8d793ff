"""Actor finding made cheaper without changing what it finds (issue 7, speed): folding by one
translate table, acronyms and demonyms found by one scan of the text, the capitalised tokens
read from the doc's arrays."""
from __future__ import annotations

import random
import unicodedata

import pytest

from sitrep.actors import _fold_char, fold, fold_with_map, load_gazetteer, name_variants


def _reference_fold(text: str) -> tuple[str, list[int]]:
    """The character-by-character fold the translate table replaces."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        if f == " " and out and out[-1] == " ":
            continue
        out.append(f)
        where.append(i)
    where.append(len(text))
    return "".join(out), where


ALPHABET = "aZ é’'-–—\u00a0\t\nİßÅçØ汉ـ".replace("", "|").split("|")


@pytest.mark.parametrize("seed", range(20))
def test_actors_fold_with_map_matches_the_char_by_char_fold(seed):
    rng = random.Random(seed)
    text = "".join(rng.choice([c for c in ALPHABET if c]) for _ in range(rng.randint(0, 80)))
    assert fold_with_map(text) == _reference_fold(text)


@pytest.mark.parametrize("text", ["", " ", "  lead", "trail  ", "Kata\u2019ib   Hizballah\u2013linked",
                                  "Côte d'Ivoire", "A \u2014 B", "x\n\n\ny"])
def test_actors_fold_with_map_edge_cases(text):
    assert fold_with_map(text) == _reference_fold(text)


def test_actors_fold_and_variants_are_cached_and_unchanged():
    assert fold("  Al-Qa’ida ") == "al qa'ida"
    assert name_variants("Al-Qa’ida") == {"al qa'ida", "al qaida", "qa'ida", "qaida"}
    assert name_variants("Al-Qa’ida") is name_variants("Al-Qa’ida")


def test_actors_every_folded_character_is_one_character():
    for code in range(0x250):
        ch = chr(code)
        if unicodedata.category(ch) != "Cs":
            assert len(_fold_char(ch)) == 1


@pytest.mark.slow
def test_actors_word_tokens_are_the_tokens_written_as_a_known_word(nlp):
    g = load_gazetteer()
    doc = nlp("The U.S. and UK envoys met Kenyan and Somali officials; USAID, the PMF's PMU and "
              "Iraqis (IQ) watched as ISIS-K and IS fighters fled.")
    expected = [t for t in doc if t.text in g.by_acronym or t.text in g.acronym_readings or t.text in g.by_demonym]
    assert g.word_tokens(doc, doc.text) == expected
    assert [t.text for t in expected][:4] == ["UK", "Kenyan", "Somali", "PMF"]
