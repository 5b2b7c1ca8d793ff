"""Typed, frozen records passed between stages.

Stages produce these; they become dicts (the ``sitrep/1`` contract of
``spec/extraction-format.md``) only at the edges, through :func:`to_dict`,
and are read back with the ``*_from_dict`` functions.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

FORMAT = "sitrep/1"

ACTOR_TYPES = (
    "state", "state_military", "government", "armed_group", "political_party",
    "person", "international_org", "coalition", "civilians", "other",
)
CERTAINTIES = ("reported", "claimed", "false", "denied")
# Date precisions.  ``report``: an event told as news with no time of its own, dated to the
# report (start = end = the article's published day; it happened on or shortly before it).
PRECISIONS = ("day", "month", "year", "range", "report")
PLACE_PRECISIONS = ("site", "city", "admin1", "region", "country")
PREDICATES = (
    "backed_by", "commanded_by", "leads", "founded", "member_of", "subordinate_of",
    "political_wing_of", "designated_terrorist_by", "allied_with", "opposes",
)


@dataclass(frozen=True)
class Evidence:
    """A stretch of the article body an item was read from."""
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """One input article: metadata plus the cleaned body all offsets point into."""
    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str = "en"
    origin: str | None = None  # file name or "-" it came from
    # Stretches of ``text`` that produce no records (pull quotes, headings, "[related]" lines).
    # The text itself is kept intact so every offset points into the body as given.
    excluded: tuple[tuple[int, int], ...] = ()
    # Who a re-posted message came from (a Telegram post's "forwarded_from"); None otherwise.
    forwarded_from: str | None = None

    def meta(self) -> dict[str, Any]:
        """The ``article`` object of the ``sitrep/1`` contract; ``forwarded_from`` only when set."""
        meta: dict[str, Any] = {"id": self.id, "title": self.title, "source": self.source, "url": self.url,
                                "published": self.published, "language": self.language}
        if self.forwarded_from is not None:
            meta["forwarded_from"] = self.forwarded_from
        return meta


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    role: str | None = None
    mentions: tuple[tuple[int, int], ...] = ()
    known: bool = True  # False for actors created from an unknown name


@dataclass(frozen=True)
class EventDate:
    start: str | None
    end: str | None
    precision: str
    text: str | None = None


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str = "country"


@dataclass(frozen=True)
class AcledType:
    event_type: str
    sub_event_type: str


@dataclass(frozen=True)
class CauseRef:
    """What a cause phrase says was answered ("in retaliation for the killing of Soleimani"),
    kept so the knowledge base can match it to an event told by another article.

    ``text``/``start``/``end``: the phrase in the article body; ``type``: the event type the
    phrase names, if any; ``actors``/``targets``: who did it and to whom (the event told inside
    the phrase), ``names``: every actor named in the phrase; ``date``/``location``: what the
    phrase tells of when and where; ``event``: the id of the event of the same article told
    inside the phrase, if there is one."""
    text: str
    start: int
    end: int
    type: str | None = None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    date: EventDate | None = None
    location: Place | None = None
    event: str | None = None


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    cameo: str
    acled: AcledType | None = None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    date: EventDate | None = None
    location: Place | None = None
    fatalities: int | None = None
    injured: int | None = None
    count: int = 1
    weapon: str | None = None
    certainty: str = "reported"
    claimed_by: str | None = None
    caused_by: str | None = None
    evidence: tuple[Evidence, ...] = ()
    trigger: str | None = None
    plover: str | None = None
    claimed_fatalities: int | None = None
    cause_ref: CauseRef | None = None  # the cause phrase, when the event is told as an answer to another


@dataclass(frozen=True)
class Relation:
    subject: str
    predicate: str
    object: str
    since: str | None = None
    until: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Extraction:
    article: Article
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "article": self.article.meta(),
            "actors": [_actor_dict(a) for a in self.actors],
            "events": [to_dict(e) for e in self.events],
            "relations": [to_dict(r) for r in self.relations],
        }


@dataclass(frozen=True)
class EventReport:
    """One source's account of a knowledge-base event: its own figures, date and evidence."""
    article_id: str
    event_id: str  # the event's id inside that article's extraction ("e3")
    type: str
    date: EventDate | None = None
    location: Place | None = None
    fatalities: int | None = None
    injured: int | None = None
    certainty: str = "reported"
    evidence: tuple[Evidence, ...] = ()
    source: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class MergedEvent:
    """A real-world event in the knowledge base: headline values plus every source's report.

    ``event`` carries the headline values (its ``id`` is the knowledge-base id); the
    headline fatality figure follows the documented rule in ``sitrep.merge``.
    """
    event: Event
    reports: tuple[EventReport, ...] = ()

    @property
    def id(self) -> str:
        return self.event.id


def _actor_dict(actor: Actor) -> dict[str, Any]:
    d = to_dict(actor)
    d["mentions"] = [list(m) for m in actor.mentions]
    return d


def to_dict(record: Any) -> Any:
    """A record (or tuple of records) as plain JSON-ready values."""
    if is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in fields(record)}
    if isinstance(record, (tuple, list)):
        return [to_dict(x) for x in record]
    return record


def evidence_from_dict(d: dict[str, Any]) -> Evidence:
    return Evidence(text=d.get("text", ""), start=int(d.get("start") or 0), end=int(d.get("end") or 0))


def actor_from_dict(d: dict[str, Any]) -> Actor:
    return Actor(id=d["id"], name=d.get("name") or d["id"], type=d.get("type") or "other",
                 country=d.get("country"), aliases=tuple(d.get("aliases") or ()),
                 role=d.get("role"), mentions=tuple(tuple(m) for m in d.get("mentions") or ()),
                 known=d.get("known", True))


def _date_from_dict(date: dict[str, Any] | None) -> EventDate | None:
    return EventDate(start=date.get("start"), end=date.get("end"), precision=date.get("precision") or "day",
                     text=date.get("text")) if date else None


def _place_from_dict(loc: dict[str, Any] | None) -> Place | None:
    return Place(name=loc.get("name") or "", country=loc.get("country"), admin1=loc.get("admin1"),
                 lat=loc.get("lat"), lon=loc.get("lon"), precision=loc.get("precision") or "country") if loc else None


def cause_ref_from_dict(d: dict[str, Any] | None) -> CauseRef | None:
    if not d:
        return None
    return CauseRef(text=d.get("text") or "", start=int(d.get("start") or 0), end=int(d.get("end") or 0),
                    type=d.get("type"), actors=tuple(d.get("actors") or ()), targets=tuple(d.get("targets") or ()),
                    names=tuple(d.get("names") or ()), date=_date_from_dict(d.get("date")),
                    location=_place_from_dict(d.get("location")), event=d.get("event"))


def event_from_dict(d: dict[str, Any]) -> Event:
    date = d.get("date")
    loc = d.get("location")
    acled = d.get("acled")
    return Event(
        id=d["id"], type=d["type"], cameo=str(d.get("cameo") or ""),
        acled=AcledType(**acled) if acled else None,
        actors=tuple(d.get("actors") or ()), targets=tuple(d.get("targets") or ()),
        date=EventDate(start=date.get("start"), end=date.get("end"),
                       precision=date.get("precision") or "day", text=date.get("text")) if date else None,
        location=Place(name=loc.get("name") or "", country=loc.get("country"), admin1=loc.get("admin1"),
                       lat=loc.get("lat"), lon=loc.get("lon"),
                       precision=loc.get("precision") or "country") if loc else None,
        fatalities=d.get("fatalities"), injured=d.get("injured"), count=d.get("count") or 1,
        weapon=d.get("weapon"), certainty=d.get("certainty") or "reported",
        claimed_by=d.get("claimed_by"), caused_by=d.get("caused_by"),
        evidence=tuple(evidence_from_dict(e) for e in d.get("evidence") or ()),
        trigger=d.get("trigger"), plover=d.get("plover"),
        claimed_fatalities=d.get("claimed_fatalities"), cause_ref=cause_ref_from_dict(d.get("cause_ref")),
    )


def relation_from_dict(d: dict[str, Any]) -> Relation:
    return Relation(subject=d["subject"], predicate=d["predicate"], object=d["object"],
                    since=d.get("since"), until=d.get("until"),
                    evidence=tuple(evidence_from_dict(e) for e in d.get("evidence") or ()))


def extraction_from_dict(d: dict[str, Any], text: str = "") -> Extraction:
    """Read a ``sitrep/1`` object back (the article body is not in the contract)."""
    if d.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} object: format={d.get('format')!r}")
    a = d.get("article") or {}
    article = Article(id=str(a.get("id") or ""), text=text, title=a.get("title"), source=a.get("source"),
                      url=a.get("url"), published=a.get("published"), language=a.get("language") or "en",
                      forwarded_from=a.get("forwarded_from"))
    return Extraction(
        article=article,
        actors=tuple(actor_from_dict(x) for x in d.get("actors") or ()),
        events=tuple(event_from_dict(x) for x in d.get("events") or ()),
        relations=tuple(relation_from_dict(x) for x in d.get("relations") or ()),
    )


__all__ = [
    "FORMAT", "ACTOR_TYPES", "CERTAINTIES", "PRECISIONS", "PLACE_PRECISIONS", "PREDICATES",
    "Evidence", "Article", "Actor", "EventDate", "Place", "AcledType", "CauseRef", "Event", "Relation",
    "Extraction", "EventReport", "MergedEvent", "to_dict", "actor_from_dict", "event_from_dict", "cause_ref_from_dict", "relation_from_dict",
    "extraction_from_dict", "field",
]
