"""Matching a cause phrase to an event another article told (sitrep/chains.py, issue 8): the
place-and-date route when the phrase names no party.  Records written for these tests (no spaCy)."""
from __future__ import annotations

import pytest

from sitrep import chains
from sitrep.records import CauseRef, Event, EventDate, Evidence, Place

HAWIJA = Place("Hawija", "IQ", "Kirkuk", 35.32, 43.77, "city")
KIRKUK_PROVINCE = Place("Kirkuk", "IQ", "Kirkuk", 35.4, 44.2, "admin1")
KIRKUK_CITY = Place("Kirkuk", "IQ", "Kirkuk", 35.47, 44.39, "city")
TIKRIT = Place("Tikrit", "IQ", "Salah al-Din", 34.6, 43.68, "city")
SALAHADDIN = Place("Salah al-Din", "IQ", "Salah al-Din", 34.5, 43.5, "admin1")
RAMADI = Place("Ramadi", "IQ", "Anbar", 33.42, 43.31, "city")


def _day(d: str) -> EventDate:
    return EventDate(d, d, "day", "Tuesday")


def _ev(eid: str, etype: str, date: str, place: Place | None, actors=(), targets=()) -> Event:
    text = "a report"
    return Event(id=eid, type=etype, cameo="190", actors=tuple(actors), targets=tuple(targets), date=_day(date),
                 location=place, evidence=(Evidence(text, 0, len(text)),))


def _sides(ids):
    return set(ids)


ANSWER = _ev("answer", "air_strike", "2023-05-11", RAMADI, actors=("united-states",))


def _ref(place: Place | None, date: str | None = "2023-05-09") -> CauseRef:
    return CauseRef(text="in reprisal for Tuesday's mortar attack on a base in Kirkuk province", start=0, end=60,
                    type="shelling", date=_day(date) if date else None, location=place)


def test_chains_match_place_fit_province_holds_its_towns():
    assert chains.place_fit(KIRKUK_PROVINCE, HAWIJA) == "within"
    assert chains.place_fit(HAWIJA, KIRKUK_PROVINCE) == "within"
    assert chains.place_fit(KIRKUK_PROVINCE, TIKRIT) == "unknown"
    assert chains.place_fit(HAWIJA, TIKRIT) == "different"
    assert chains.place_fit(KIRKUK_CITY, KIRKUK_PROVINCE) == "same"


def test_chains_match_unnamed_doer_found_by_province_and_day():
    cand = _ev("c1", "shelling", "2023-05-09", HAWIJA, actors=("kataib-hezbollah",), targets=("united-states",))
    s = chains.score(_ref(KIRKUK_PROVINCE), ANSWER, cand, _sides)
    assert s is not None
    same = _ev("c2", "shelling", "2023-05-09", KIRKUK_CITY)
    assert chains.score(_ref(KIRKUK_PROVINCE), ANSWER, same, _sides) > s  # the very place scores higher


def test_chains_match_province_route_needs_the_day_and_the_province():
    cand = _ev("c1", "shelling", "2023-05-09", HAWIJA)
    assert chains.score(_ref(KIRKUK_PROVINCE, date=None), ANSWER, cand, _sides) is None  # no day: too vague
    elsewhere = _ev("c3", "shelling", "2023-05-09", TIKRIT)
    assert chains.score(_ref(KIRKUK_PROVINCE), ANSWER, elsewhere, _sides) is None
    other_province = _ev("c4", "shelling", "2023-05-09", SALAHADDIN)
    assert chains.score(_ref(KIRKUK_PROVINCE), ANSWER, other_province, _sides) is None
    later = _ev("c5", "shelling", "2023-05-10", HAWIJA)
    assert chains.score(_ref(KIRKUK_PROVINCE), ANSWER, later, _sides) is None  # "Tuesday's" names one day


def test_chains_match_best_prefers_the_event_in_the_named_place():
    in_province = _ev("c1", "shelling", "2023-05-09", HAWIJA, actors=("kataib-hezbollah",))
    elsewhere = _ev("c2", "shelling", "2023-05-09", TIKRIT, actors=("asaib-ahl-al-haq",))
    hit = chains.best(_ref(KIRKUK_PROVINCE), ANSWER, [elsewhere, in_province], _sides)
    assert hit is not None and hit[0].id == "c1"


# --- in the knowledge base: the mention told only inside the phrase joins the event told elsewhere


def _wire_shelling():
    from sitrep.records import Actor, Article, Extraction
    t = "Kataib Hezbollah fired mortars at a US outpost in Hawija on Tuesday."
    kh = Actor("kataib-hezbollah", "Kataib Hezbollah", "armed_group", "IQ")
    us = Actor("united-states", "United States", "state", "US")
    e = _ev("e1", "shelling", "2023-05-09", HAWIJA, actors=("kataib-hezbollah",), targets=("united-states",))
    return Extraction(article=Article(id="w1", text=t, published="2023-05-10", source="wire"), actors=(kh, us),
                      events=(Event(**{**e.__dict__, "evidence": (Evidence(t, 0, len(t)),)}),))


def _wire_answer():
    from sitrep.records import Actor, Article, Extraction
    phrase = "in reprisal for Tuesday's mortar attack on a base in Kirkuk province"
    t = f"US jets struck a depot near Ramadi on Thursday {phrase}."
    s = t.index(phrase)
    ref = CauseRef(text=phrase, start=s, end=s + len(phrase), type="shelling", date=_day("2023-05-09"),
                   location=KIRKUK_PROVINCE, event="e2")
    ev = (Evidence(t, 0, len(t)),)
    strike = Event(id="e1", type="air_strike", cameo="195", actors=("united-states",), date=_day("2023-05-11"),
                   location=RAMADI, evidence=ev, caused_by="e2", cause_ref=ref)
    mention = Event(id="e2", type="shelling", cameo="190", date=_day("2023-05-09"), location=KIRKUK_PROVINCE,
                    evidence=ev)
    us = Actor("united-states", "United States", "state", "US")
    return Extraction(article=Article(id="w2", text=t, published="2023-05-12", source="wire"), actors=(us,),
                      events=(strike, mention))


@pytest.mark.parametrize("first", ["shelling", "answer"])
def test_chains_match_mention_joins_the_event_in_the_named_province(tmp_path, first):
    from sitrep.kb import open_kb
    kb = open_kb(str(tmp_path / "kb.db"))
    try:
        pair = [_wire_shelling(), _wire_answer()]
        for x in (pair if first == "shelling" else pair[::-1]):
            kb.ingest(x)
        [link] = kb.cause_links()
        cause = kb.event(link.cause_id).event.event
        assert cause.actors == ("kataib-hezbollah",)  # the mention joined the event told by the first wire
        assert len(kb.events(type="shelling")) == 1
    finally:
        kb.close()
