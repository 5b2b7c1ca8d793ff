"""Small helpers the extraction tests share (plain functions; fixtures live in conftest.py)."""
from __future__ import annotations

from sitrep.records import Event, Extraction


def events_of(x: Extraction, etype: str) -> list[Event]:
    return [e for e in x.events if e.type == etype]


def one_event(x: Extraction, etype: str) -> Event:
    """The single event of a type, failing with the events that were found."""
    found = events_of(x, etype)
    assert len(found) == 1, [(e.type, e.trigger, e.evidence[0].text[:60] if e.evidence else "") for e in x.events]
    return found[0]


def relation_triples(x: Extraction) -> set[tuple[str, str, str]]:
    return {(r.subject, r.predicate, r.object) for r in x.relations}
