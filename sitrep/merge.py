"""Deciding which reports describe one real event, and the headline values of that event.

Pure functions over records (no SQL): the store fetches candidate events, this module
decides and computes.

Rules
-----
A new report (one article's :class:`~sitrep.records.Event`) merges into an existing
knowledge-base event when **all** of these hold:

1. *Type.* Both types are in the same family (:data:`FAMILIES`). Inside the ``violence``
   family the types must be equal, or one of them is the generic ``attack``, or both are
   remote violence (``air_strike``/``shelling``/``bombing``: sources often disagree on
   whether a drone or a rocket hit). Outside ``violence`` the types must be equal.
2. *Dates.* Both have a date; their day intervals overlap. When both are day-precise they
   may differ by at most :data:`DAY_TOLERANCE` day (reporting lag, time zones); a
   ``report`` date (an undated news event dated to its article's day) counts as
   day-precise here. Two
   day-precise dates further apart contradict each other: never merged. A report without
   a date is never merged (nothing tells it is the same event).
3. *Place or actors.* The two places are the same (coordinates within
   :data:`SAME_PLACE_KM` km, or the same place name), or the actor sets overlap and the
   target sets overlap (an empty side counts as unknown, not as a mismatch; at least one
   side must overlap).
4. *Never* when both places are specific (``site`` or ``city``) and different (two strikes
   on the same day in different towns), when the existing event already holds a report
   from the same article (the text itself tells them apart), or when one is an aggregate
   (``count`` > 1) and the other is not.

Among several matching candidates the best scored one wins (same place, shared actors,
closer dates), ties broken by id.

Headline values
---------------
Every headline value is a function of the *set* of reports, never of the order they were
ingested in or of the time they were stored: before anything is chosen, the reports are put
in the **report order** (:func:`report_order`), a total order on their content:

1. stronger certainty first (reported > claimed > denied > false);
2. more precise date first (:data:`DATE_RANK`), then more precise place (:data:`PLACE_RANK`);
3. then the *source order*: the article's content id (a hash of its text), the first
   evidence offset in that article and the event's id inside the article: two reports
   never tie.

"The first report" below means the first in the report order; lists gathered from every
report (actors, targets, evidence) follow the source order alone (docs/determinism.md).

* ``fatalities`` / ``injured``: the most conservative (lowest) figure among reports that
  state the event as fact (certainty ``reported``); figures of ``claimed``, ``false`` or
  ``denied`` reports, and ``claimed_fatalities``, never count (ACLED's rule). No such
  figure: null. Each report keeps its own figures.
* ``date``: the most precise report date (day > report > month > range > year); among equals the
  most frequent, then the earliest, then the first report's (its wording: "Sunday" or
  "last Sunday").
* ``location``: the most precise place (site > city > admin1 > region > country); among
  equals the first report's.
* ``type``: the most frequent specific type (``attack`` only when no report is more
  specific); ties by first report.
* ``certainty``: the strongest among reports: reported > claimed > denied > false.
* ``actors`` / ``targets``: the union over reports, in source order.
* ``evidence``: every report's evidence, in source order.
* Other fields (cameo, acled, weapon, claimed_by, caused_by, …): the first report that
  has one.

Analyst corrections (:func:`apply_corrections`) are laid over the headline after every
recomputation, so new reports never overwrite a human decision.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from .records import Event, EventDate, EventReport, MergedEvent, Place

SAME_PLACE_KM = 25.0
DAY_TOLERANCE = 1

# type -> family.  Families group types for merging, filtering and the overview charts.
FAMILIES: dict[str, str] = {
    "air_strike": "violence", "shelling": "violence", "bombing": "violence",
    "armed_clash": "violence", "attack": "violence", "assassination": "violence",
    "abduction": "violence",
    "protest": "unrest", "riot": "unrest", "repression": "unrest",
    "arrest": "coercion", "legal_action": "coercion", "sanction": "coercion",
    "military_posture": "posture", "withdrawal": "posture",
    "break_relations": "verbal", "threat": "verbal", "condemnation": "verbal",
    "demand": "verbal", "claim_responsibility": "verbal", "statement": "verbal",
    "agreement": "cooperation", "support": "cooperation", "meeting": "cooperation",
}
REMOTE_VIOLENCE = frozenset({"air_strike", "shelling", "bombing"})
GENERIC_TYPES = frozenset({"attack"})
SPECIFIC_PLACES = frozenset({"site", "city"})

DATE_RANK = {"day": 5, "report": 4, "month": 3, "range": 2, "year": 1}
PLACE_RANK = {"site": 5, "city": 4, "admin1": 3, "region": 2, "country": 1}
CERTAINTY_RANK = {"reported": 4, "claimed": 3, "denied": 2, "false": 1}


def family_of(event_type: str) -> str:
    """The family of an event type; unknown types form a family of their own."""
    return FAMILIES.get(event_type, event_type)


def kb_event_id(article_id: str, local_id: str) -> str:
    """Deterministic knowledge-base id of the event first created from this report."""
    digest = hashlib.sha1(f"{article_id}\x1f{local_id}".encode()).hexdigest()
    return "ev" + digest[:14]


def canonical_event_id(report_keys: Iterable[tuple[str, str]]) -> str:
    """The id a merged event should carry whatever the ingest order: the smallest
    :func:`kb_event_id` of its reports' ``(article_id, local_id)``.  ValueError when empty."""
    ids = [kb_event_id(a, e) for a, e in report_keys]
    if not ids:
        raise ValueError("canonical_event_id() needs at least one report")
    return min(ids)


# --- dates -------------------------------------------------------------------------

def _parse_bound(value: str, *, end: bool) -> date | None:
    parts = value.strip().split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 12, 31) if end else date(year, 1, 1)
        month = int(parts[1])
        if len(parts) == 2:
            if not end:
                return date(year, month, 1)
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            return nxt - timedelta(days=1)
        return date(year, month, int(parts[2][:2]))
    except (ValueError, IndexError):
        return None


def day_interval(d: EventDate | None) -> tuple[date, date] | None:
    """The first and last day an event date can mean; None when unknown or unparsable."""
    if d is None or not (d.start or d.end):
        return None
    lo = _parse_bound(d.start or d.end or "", end=False)
    hi = _parse_bound(d.end or d.start or "", end=True)
    if lo is None or hi is None:
        return None
    return (lo, hi) if lo <= hi else (hi, lo)


def day_bounds(d: EventDate | None) -> tuple[str | None, str | None]:
    """``day_interval`` as ISO strings (what the store indexes)."""
    iv = day_interval(d)
    return (iv[0].isoformat(), iv[1].isoformat()) if iv else (None, None)


def dates_compatible(a: EventDate | None, b: EventDate | None) -> bool:
    """True when two dates can name the same event (rule 2 of the module docstring)."""
    ia, ib = day_interval(a), day_interval(b)
    if ia is None or ib is None:
        return False
    assert a is not None and b is not None
    if a.precision in ("day", "report") and b.precision in ("day", "report"):
        return abs((ia[0] - ib[0]).days) <= DAY_TOLERANCE
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def _date_gap(a: EventDate | None, b: EventDate | None) -> int:
    ia, ib = day_interval(a), day_interval(b)
    if ia is None or ib is None:
        return 9999
    return abs((ia[0] - ib[0]).days)


# --- places ------------------------------------------------------------------------

def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two places with coordinates, else None."""
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _norm_name(name: str | None) -> str:
    return " ".join((name or "").lower().replace("-", " ").split())


def place_relation(a: Place | None, b: Place | None) -> str:
    """``same``, ``different`` (both specific and apart) or ``unknown``."""
    if a is None or b is None:
        return "unknown"
    km = distance_km(a, b)
    if km is not None and km <= SAME_PLACE_KM:
        return "same"
    if _norm_name(a.name) and _norm_name(a.name) == _norm_name(b.name):
        return "same"
    if a.precision in SPECIFIC_PLACES and b.precision in SPECIFIC_PLACES:
        return "different"
    return "unknown"


# --- actors and types --------------------------------------------------------------

def _overlap(a: Iterable[str], b: Iterable[str]) -> bool | None:
    """True/False when both sides name someone; None when either is empty."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return None
    return bool(sa & sb)


def actors_match(a: Event, b: Event) -> bool:
    """Actor sets and target sets overlap (an empty side is unknown; one side must overlap)."""
    actors, targets = _overlap(a.actors, b.actors), _overlap(a.targets, b.targets)
    if actors is False or targets is False:
        return False
    return bool(actors or targets)


def types_compatible(a: str, b: str) -> bool:
    """Rule 1 of the module docstring."""
    if a == b:
        return True
    if family_of(a) != family_of(b) or family_of(a) != "violence":
        return False
    return a in GENERIC_TYPES or b in GENERIC_TYPES or (a in REMOTE_VIOLENCE and b in REMOTE_VIOLENCE)


# --- the decision -------------------------------------------------------------------

def match_score(report: Event, article_id: str, candidate: MergedEvent) -> int | None:
    """A score when ``report`` may merge into ``candidate`` (higher is better), else None."""
    head = candidate.event
    if any(r.article_id == article_id for r in candidate.reports):
        return None
    if (report.count > 1) != (head.count > 1):
        return None
    if not types_compatible(report.type, head.type) or not dates_compatible(report.date, head.date):
        return None
    place = place_relation(report.location, head.location)
    if place == "different":
        return None
    same_actors = actors_match(report, head)
    if place != "same" and not same_actors:
        return None
    return (4 if place == "same" else 0) + (2 if same_actors else 0) - min(_date_gap(report.date, head.date), 30)


def best_match(report: Event, article_id: str, candidates: Sequence[MergedEvent]) -> MergedEvent | None:
    """The candidate event this report merges into, or None for a new event."""
    scored = [(s, c.id, c) for c in candidates
              if (s := match_score(report, article_id, c)) is not None]
    if not scored:
        return None
    scored.sort(key=lambda t: (-t[0], t[1]))
    return scored[0][2]


# --- headline values ----------------------------------------------------------------

def headline_figure(reports: Sequence[EventReport], field: str) -> int | None:
    """The most conservative figure among reports stated as fact (``fatalities``/``injured``)."""
    figures = [getattr(r, field) for r in reports
               if r.certainty == "reported" and getattr(r, field) is not None]
    return min(figures) if figures else None


def report_order(report: EventReport, event: Event) -> tuple[Any, ...]:
    """Sort key of one report (``event`` is the extraction event behind it) in the report
    order of the module docstring: certainty, date precision, place precision, then the
    article's content id, the first evidence offset and the local event id.  Total: two
    reports of one knowledge base never share an article id and a local id."""
    return (-CERTAINTY_RANK.get(report.certainty, 0),
            -(DATE_RANK.get(event.date.precision, 0) if day_interval(event.date) else 0),
            -(PLACE_RANK.get(event.location.precision, 0) if event.location else 0),
            *source_order(report, event))


def source_order(report: EventReport, event: Event) -> tuple[str, int, str]:
    """The tail of :func:`report_order`: article content id, first evidence offset (-1 when
    none), local event id.  Total on the reports of one knowledge base."""
    evidence = event.evidence or report.evidence
    return report.article_id, min((ev.start for ev in evidence), default=-1), report.event_id


def in_report_order(events: Sequence[Event], reports: Sequence[EventReport]
                    ) -> tuple[list[Event], list[EventReport]]:
    """``events``/``reports`` (pairwise) sorted by :func:`report_order`."""
    if len(events) != len(reports):
        raise ValueError(f"{len(events)} events for {len(reports)} reports")
    pairs = sorted(zip(events, reports), key=lambda p: report_order(p[1], p[0]))
    return [e for e, _ in pairs], [r for _, r in pairs]


def _headline_date(events: Sequence[Event]) -> EventDate | None:
    dated = [e.date for e in events if day_interval(e.date) is not None]
    if not dated:
        return None
    best = max(DATE_RANK.get(d.precision, 0) for d in dated)  # type: ignore[union-attr]
    top = [d for d in dated if DATE_RANK.get(d.precision, 0) == best]  # type: ignore[union-attr]
    freq = Counter((d.start, d.end) for d in top)  # type: ignore[union-attr]
    # min() keeps the first of equal keys: the first report's wording among equal dates
    return min(top, key=lambda d: (-freq[(d.start, d.end)], day_interval(d)[0]))  # type: ignore


def _headline_place(events: Sequence[Event]) -> Place | None:
    places = [e.location for e in events if e.location is not None]
    if not places:
        return None
    best = max(PLACE_RANK.get(p.precision, 0) for p in places)
    return next(p for p in places if PLACE_RANK.get(p.precision, 0) == best)


def _headline_type(events: Sequence[Event]) -> str:
    specific = [e.type for e in events if e.type not in GENERIC_TYPES] or [e.type for e in events]
    freq = Counter(specific)
    return max(specific, key=lambda t: (freq[t], -specific.index(t)))


def _union(groups: Iterable[Sequence[str]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        for x in group:
            seen.setdefault(x, None)
    return tuple(seen)


def _first(values: Iterable[Any]) -> Any:
    return next((v for v in values if v not in (None, "")), None)


def headline(kb_id: str, events: Sequence[Event], reports: Sequence[EventReport],
             caused_by: str | None = None) -> Event:
    """The headline :class:`Event` of a merged event from its reports' own events.

    ``events[i]`` is the extraction event behind ``reports[i]`` (actor ids already
    canonical); ``caused_by`` is the knowledge-base id of the cause, if known.  The result
    depends only on the set of (event, report) pairs, not on their order: they are first put
    in :func:`report_order`.  ValueError when empty or when the two lengths differ.
    """
    if not events:
        raise ValueError("headline() needs at least one report")
    events, reports = in_report_order(events, reports)
    by_source = [e for e, _ in sorted(zip(events, reports), key=lambda p: source_order(p[1], p[0]))]
    etype = _headline_type(events)
    lead = next(e for e in events if e.type == etype)
    certainty = max((r.certainty for r in reports), key=lambda c: CERTAINTY_RANK.get(c, 0))
    return Event(
        id=kb_id, type=etype, cameo=lead.cameo, acled=lead.acled,
        actors=_union(e.actors for e in by_source), targets=_union(e.targets for e in by_source),
        date=_headline_date(events), location=_headline_place(events),
        fatalities=headline_figure(reports, "fatalities"), injured=headline_figure(reports, "injured"),
        count=max(e.count for e in events), weapon=_first(e.weapon for e in events),
        certainty=certainty, claimed_by=_first(e.claimed_by for e in events),
        caused_by=caused_by, evidence=tuple(ev for e in by_source for ev in e.evidence),
        trigger=lead.trigger, plover=lead.plover,
        claimed_fatalities=_first(e.claimed_fatalities for e in events),
    )


# --- analyst corrections -----------------------------------------------------------

CORRECTABLE = frozenset({
    "type", "date_start", "date_end", "date_precision", "place_name", "place_country",
    "place_admin1", "place_lat", "place_lon", "place_precision", "fatalities", "injured",
    "count", "weapon", "certainty", "claimed_by", "caused_by", "actors", "targets",
})


def _corrected_date(d: EventDate | None, c: Mapping[str, Any]) -> EventDate | None:
    if not {"date_start", "date_end", "date_precision"} & c.keys():
        return d
    base = d or EventDate(start=None, end=None, precision="day")
    start = c.get("date_start", base.start)
    return EventDate(start=start, end=c.get("date_end", base.end if "date_start" not in c else start),
                     precision=c.get("date_precision", base.precision), text=base.text)


def _corrected_place(p: Place | None, c: Mapping[str, Any]) -> Place | None:
    keys = {k for k in c if k.startswith("place_")}
    if not keys:
        return p
    base = p or Place(name="")
    return Place(name=c.get("place_name", base.name), country=c.get("place_country", base.country),
                 admin1=c.get("place_admin1", base.admin1), lat=c.get("place_lat", base.lat),
                 lon=c.get("place_lon", base.lon), precision=c.get("place_precision", base.precision))


def apply_corrections(event: Event, corrections: Mapping[str, Any]) -> Event:
    """The event with analyst corrections (field -> value, see :data:`CORRECTABLE`) laid over."""
    if not corrections:
        return event
    simple = {k: v for k, v in corrections.items()
              if k in {"type", "fatalities", "injured", "count", "weapon", "certainty", "claimed_by", "caused_by"}}
    lists = {k: tuple(v) for k, v in corrections.items() if k in {"actors", "targets"}}
    return replace(event, **simple, **lists, date=_corrected_date(event.date, corrections),
                   location=_corrected_place(event.location, corrections))


__all__ = [
    "FAMILIES", "SAME_PLACE_KM", "DAY_TOLERANCE", "CORRECTABLE", "family_of", "kb_event_id",
    "canonical_event_id",
    "day_interval", "day_bounds", "dates_compatible", "distance_km", "place_relation",
    "actors_match", "types_compatible", "match_score", "best_match", "headline_figure",
    "report_order", "source_order", "in_report_order", "headline", "apply_corrections",
]
