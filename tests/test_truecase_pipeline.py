"""Case-less articles extract like cased ones (issue 7, kind 10): the pipeline restores case before
parsing and before the gazetteers scan, and every offset still points into the article as given."""
from __future__ import annotations

import pytest

from sitrep.pipeline import Resources, parse_text
from sitrep.records import Article

WIRE = [
    "Ten soldiers were killed in fighting with rebels near Tikrit on Tuesday.",
    "Islamic State militants attacked an army checkpoint outside Mosul on Friday, killing three Iraqi soldiers.",
    "US troops in Syria came under rocket fire on Sunday, the Pentagon said.",
    "Turkish warplanes struck PKK positions in the Sinjar district of northern Iraq on Wednesday.",
    "A roadside bomb killed two policemen in Kirkuk on Thursday, police said.",
    "Protesters stormed the Iranian consulate in Basra on Friday and set it on fire.",
    "Iraqi Prime Minister Mustafa al-Kadhimi condemned the drone attack on his residence in Baghdad.",
]


def _facts(x):
    return ({a.id for a in x.actors},
            {e.location.name for e in x.events if e.location},
            {(e.type, e.location.name if e.location else None) for e in x.events})


@pytest.mark.slow
@pytest.mark.parametrize("text", WIRE)
@pytest.mark.parametrize("fold", [str.lower, str.upper], ids=["lower", "upper"])
def test_truecase_pipeline_caseless_extracts_like_cased(extract, text, fold):
    cased = _facts(extract(text))
    assert cased[0] or cased[1], "the cased sentence itself must give something to compare"
    assert _facts(extract(fold(text))) == cased


@pytest.mark.slow
def test_truecase_pipeline_offsets_point_into_the_original(extract):
    text = "TURKISH WARPLANES STRUCK PKK POSITIONS NEAR SINJAR ON WEDNESDAY, KILLING FOUR FIGHTERS."
    x = extract(text)
    assert x.events
    quotes = [ev for e in x.events for ev in e.evidence] + [ev for r in x.relations for ev in r.evidence]
    assert quotes
    for ev in quotes:
        assert text[ev.start:ev.end] == ev.text  # evidence quotes the article as given
    assert {a.id for a in x.actors} >= {"turkish-armed-forces", "kurdistan-workers-party"}


def test_truecase_pipeline_parse_text_restores_case_same_length():
    art = Article(id="x", text="gunmen shot dead a police officer in basra on monday, officials said.")
    parsed = parse_text(art, Resources())
    assert len(parsed) == len(art.text)
    assert parsed.startswith("Gunmen shot dead a police officer in Basra on Monday")


@pytest.mark.slow
def test_truecase_all_capitals_dateline_is_no_party(extract):
    x = extract("BASRA (REUTERS) - A CAR BOMB EXPLODED NEAR A MARKET IN BASRA ON MONDAY, KILLING SIX PEOPLE, "
                "POLICE SAID.", published="2021-03-02")
    bombs = [e for e in x.events if e.type == "bombing"]
    assert bombs and "iraq" not in bombs[0].actors
