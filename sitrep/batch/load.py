"""`sitrep ingest --parquet DIR`: the tables `sitrep batch` wrote, bulk-loaded into a knowledge base.

>>> from sitrep.kb import open_kb
>>> from sitrep.batch.load import load_batch
>>> with open_kb("postgresql://…") as kb:
...     load_batch(kb, "tables/")            # -> sitrep.kb.IngestSummary

The tables are read **one month partition at a time** (``articles/month=YYYY-MM``, months in
order, ``unknown`` last; inside a month, input order ``seq``), so memory holds one month of
rows, never the whole output.  ``merged_events`` is not read: it was merged against an empty
knowledge base.  Each month:

1. *Fresh articles.*  An article whose text is already stored (same content id,
   :func:`sitrep.kb.content_id`), or whose text came earlier in the load, adds nothing:
   loading the same folder twice, or after a plain ``sitrep ingest`` of the same
   articles, adds nothing (idempotence).
2. *Routing*, article by article in input order.  An article takes the **per-article
   path** (:meth:`sitrep.kb.KB.ingest`, exactly what ``sitrep ingest`` does) when

   - one of its reports would join an event the knowledge base already holds (the merge's
     own lookup and score: :meth:`~sitrep.store.Store.candidate_events` and
     :func:`sitrep.merge.match_score`), looked up only for reports that come within
     :data:`~sitrep.batch.blocks.WINDOW` days of a stored event of their family and
     country (:class:`StoredDays`, read once per month and family and kept up to date
     as the load stores events), or
   - it has a cause phrase ("in retaliation for …"): those are matched against the whole
     knowledge base (:mod:`sitrep.chains`).

   Every other article is **pending**: it is merged in memory with the other pending
   articles (blocked as :mod:`sitrep.batch.blocks` blocks, then
   :func:`sitrep.batch.blocks.merge_block`: the knowledge base's rule, in input order,
   actor ids made canonical first) and written with the store's bulk path
   (:meth:`sitrep.store.Store.bulk_add`: ``executemany`` on SQLite, ``COPY`` on
   PostgreSQL) -- articles, events with their reports, evidence and search documents --
   plus actors (folded in memory by the rule of :meth:`~sitrep.store.Store.upsert_actor`,
   new ones bulk-inserted), article-actor links, relations (one upsert each) and their
   evidence.  Pending articles are written before a per-article one whenever it could meet
   them (a cause phrase, or a report that would join one of their merged events:
   :class:`PendingMerge`), and at the end of each chunk.  After the write, the causes a
   pending article states between its own events (``caused_by``) are linked as
   ``sitrep ingest`` links them, and, when the knowledge base may hold cause phrases still
   waiting for their cause, each article's events are offered to them
   (:meth:`sitrep.kb.KB._answer_open_refs`).
3. ``chunk`` articles per transaction; ``ANALYZE`` after a load that added anything.

Why this gives the knowledge base ``sitrep ingest`` gives: a pending report joins no stored
event (looked up), so it can only join reports pending with it, and those merge in memory by
the same rule in the same order (blocking is exact for what it blocks); whatever a
per-article article could meet is stored before it.  What differs: (a) the load runs in
publication-month order, ``sitrep ingest`` in input order, so a corpus not in publication
order may merge otherwise where the order matters to the rule; (b) the limit of
:mod:`sitrep.batch.blocks` (pending reports placed in two different countries never meet);
(c) a per-article article written before pending articles that came earlier in the input
upserts its actors and relations first (an actor's country or a relation's dates, when two
articles give different ones, may come from the other); (d) a cause a pending article
states between its own events is checked against the event dates at the end of its chunk
(a link the dates refute is dropped), not at the article.

Errors: E901 (``out_dir`` is not a batch output), E900 (pyarrow missing).  A row that cannot
be read back as an extraction is reported (``report``) and skipped; a bulk chunk the
database refuses is retried through the per-article path, which reports the articles at
fault one by one.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .. import merge
from ..errors import SitrepError
from ..records import Actor, Event, EventReport, Extraction, MergedEvent, Relation, extraction_from_dict
from ..store import norm_alias, relation_id
from .blocks import WINDOW, chain_summaries, chains, link_chains, merge_block, sort_key
from .extract import Report
from .tables import UNKNOWN_MONTH, extractions_from_rows

log = logging.getLogger(__name__)

CHUNK = 500  # articles per transaction (whole groups: a group is never split)
LOAD_TABLES = ("articles", "events", "actors", "relations", "evidence")
MAX_DAYS = 800  # a report dated over more days than this is looked up in the store without the day index

Progress = Callable[[int, int], None]


# --- records -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Fresh:
    """An article the knowledge base does not hold yet: its extraction (article origin kept),
    its content id, input order, and its events with canonical actor ids."""
    seq: int
    content_id: str
    extraction: Extraction
    events: tuple[Event, ...]

    @property
    def states_cause(self) -> bool:
        """An event of the article names its cause (``caused_by``) or has a cause phrase."""
        return any(e.caused_by or e.cause_ref is not None for e in self.extraction.events)

    @property
    def states_cause_phrase(self) -> bool:
        """A cause phrase ("in retaliation for …"), matched against the whole knowledge base."""
        return any(e.cause_ref is not None for e in self.extraction.events)


@dataclass(frozen=True)
class Group:
    """Articles that share merge blocks (indexes into a list of fresh articles) and their
    reports by block id: what :func:`write_bulk` merges and writes together."""
    articles: tuple[int, ...]
    blocks: Mapping[str, tuple[Report, ...]] = field(default_factory=dict)


@dataclass
class _Tally:
    new: int = 0
    skipped: int = 0
    events_new: int = 0
    events_merged: int = 0
    done: int = 0
    bulk: int = 0  # articles stored by the bulk path
    ids: list[str] = field(default_factory=list)
    failures: list[Any] = field(default_factory=list)
    refs: bool = False  # the knowledge base may hold cause phrases waiting for their cause

    def add(self, o: _Tally) -> None:
        self.new += o.new
        self.skipped += o.skipped
        self.events_new += o.events_new
        self.events_merged += o.events_merged
        self.done += o.done
        self.bulk += o.bulk
        self.ids += o.ids
        self.failures += o.failures


# --- reading ----------------------------------------------------------------------------------

def months(out_dir: str) -> list[str]:
    """The month partitions of the ``articles`` table, in publication order (``unknown`` last)."""
    folder = os.path.join(out_dir, "articles")
    names = [n[len("month="):] for n in os.listdir(folder) if n.startswith("month=")]
    return sorted(names, key=lambda m: (m == UNKNOWN_MONTH, m))


def _rows(out_dir: str, table: str, month: str) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds
    folder = os.path.join(out_dir, table, f"month={month}")
    if not os.path.isdir(folder):
        return []
    return ds.dataset(folder, format="parquet", exclude_invalid_files=True).to_table().to_pylist()


def count_articles(out_dir: str) -> int:
    """Rows of the ``articles`` table (from the Parquet footers, no data read)."""
    import pyarrow.dataset as ds
    total = 0
    for m in months(out_dir):
        folder = os.path.join(out_dir, "articles", f"month={m}")
        total += ds.dataset(folder, format="parquet", exclude_invalid_files=True).count_rows()
    return total


def read_month(out_dir: str, month: str) -> Iterator[tuple[int, Extraction | Exception, dict[str, Any]]]:
    """(seq, extraction or the error reading it back, article row) of one month, in input order."""
    tables = {t: _rows(out_dir, t, month) for t in LOAD_TABLES}
    arts = sorted(tables.pop("articles"), key=lambda a: a["seq"])
    by_seq: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for table, rows in tables.items():
        for r in rows:
            by_seq.setdefault(r["seq"], {}).setdefault(table, []).append(r)
    del tables
    for a in arts:
        rows = by_seq.pop(a["seq"], {}) | {"articles": [a]}
        try:
            (d,) = extractions_from_rows(rows)
            x = extraction_from_dict(d, text=a["text"])
            yield a["seq"], replace(x, article=replace(x.article, origin=a["origin"])), a
        except (SitrepError, ValueError, TypeError, KeyError) as exc:
            yield a["seq"], exc, a


# --- routing ----------------------------------------------------------------------------------

def reports_of(f: Fresh) -> list[Report]:
    """The fresh article's events as merge reports (canonical actor ids, as the knowledge base merges them)."""
    out = []
    a = f.extraction.article
    for pos, e in enumerate(f.events):
        iv = merge.day_interval(e.date)
        country = (e.location.country or "") if e.location else ""
        out.append(Report(merge.family_of(e.type), country, iv[0].toordinal() if iv else -1,
                          iv[1].toordinal() if iv else -1, f.seq, pos, f.content_id, e, a.source, a.url, a.published))
    return out


def group_articles(fresh: Sequence[Fresh]) -> list[Group]:
    """The articles as groups sharing merge blocks (:mod:`sitrep.batch.blocks`), ordered by
    their first article."""
    tagged = list(chains(sorted((r for f in fresh for r in reports_of(f)), key=sort_key)))
    links = link_chains(chain_summaries(tagged))
    parent = list(range(len(fresh)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index = {f.seq: i for i, f in enumerate(fresh)}
    owner: dict[str, int] = {}  # block id -> an article of it
    by_block: dict[str, list[Report]] = {}
    for cid, r in tagged:
        block = links.get(cid, cid)
        by_block.setdefault(block, []).append(r)
        i = index[r.seq]
        if block in owner:
            x, y = find(owner[block]), find(i)
            if x != y:
                parent[max(x, y)] = min(x, y)
        else:
            owner[block] = i
    members: dict[int, list[int]] = {}
    for i in range(len(fresh)):
        members.setdefault(find(i), []).append(i)
    blocks_of: dict[int, dict[str, tuple[Report, ...]]] = {}
    for block, reps in by_block.items():
        blocks_of.setdefault(find(owner[block]), {})[block] = tuple(reps)
    return [Group(tuple(m), blocks_of.get(root, {})) for root, m in sorted(members.items())]


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _stretches(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching day spans joined."""
    out: list[list[int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


class StoredDays:
    """The days on which the knowledge base holds live events, per event family and place
    country ('' for none), around one month's reports: a report whose days come within
    :data:`WINDOW` days of none of them, in its family and country (or either side without
    one), cannot join a stored event, and skips the lookup.  Read once per month and family
    with :meth:`~sitrep.store.Store.candidate_events`; events the load stores are added."""

    def __init__(self) -> None:
        self.days: dict[tuple[str, str], set[int]] = {}
        self.every: dict[str, set[int]] = {}

    @classmethod
    def around(cls, kb: Any, reports: Iterable[Report]) -> StoredDays:
        out = cls()
        spans: dict[str, list[tuple[int, int]]] = {}
        for r in reports:
            if r.lo >= 0:
                spans.setdefault(r.family, []).append((r.lo - WINDOW, r.hi + WINDOW))
        for family, fam_spans in spans.items():
            for lo, hi in _stretches(fam_spans):
                for row in kb.store.candidate_events(family, _iso(lo), _iso(hi), 0):
                    if row["date_lo"] and row["date_hi"]:
                        out.add(family, row["place_country"] or "", date.fromisoformat(row["date_lo"]).toordinal(),
                                date.fromisoformat(row["date_hi"]).toordinal(), lo, hi)
        return out

    def add(self, family: str, country: str, lo: int, hi: int, floor: int | None = None,
            ceiling: int | None = None) -> None:
        """A stored event's days (clipped to [floor, ceiling] when given)."""
        lo = max(lo, floor) if floor is not None else lo
        hi = min(hi, ceiling) if ceiling is not None else hi
        span = range(lo, hi + 1)
        self.days.setdefault((family, country), set()).update(span)
        self.every.setdefault(family, set()).update(span)

    def add_reports(self, reports: Iterable[Report]) -> None:
        for r in reports:
            if r.lo >= 0:
                self.add(r.family, r.country, r.lo, r.hi)

    def near(self, r: Report) -> bool:
        """True when a stored event of the report's family may lie within WINDOW days of it."""
        if r.lo < 0:
            return False
        if r.hi - r.lo > MAX_DAYS:
            return True
        pools = ((self.days.get((r.family, r.country), ()), self.days.get((r.family, ""), ())) if r.country
                 else (self.every.get(r.family, ()),))
        return any(d in pool for d in range(r.lo - WINDOW, r.hi + WINDOW + 1) for pool in pools)


class PendingMerge:
    """The merged events the pending articles make, kept up to date report by report (the
    knowledge base's rule, as :func:`sitrep.batch.blocks.merge_block` applies it), so an
    article about to take the per-article path can tell whether one of its reports would
    join one of them.  Only that question is asked of it: the rows are written from
    :func:`~sitrep.batch.blocks.merge_block`'s own result."""

    def __init__(self) -> None:
        self.parts: list[tuple[list[Event], list[EventReport]]] = []
        self.heads: list[MergedEvent] = []
        self.by_day: dict[tuple[str, int], set[int]] = {}  # (family, day) -> heads within a day of it

    def _near(self, r: Report) -> list[int]:
        if r.lo < 0:
            return []
        return sorted(set().union(*(self.by_day.get((r.family, d), ()) for d in range(r.lo, r.hi + 1))))

    def add(self, reports: Iterable[Report]) -> None:
        for r in reports:
            a = r.event
            rep = EventReport(article_id=r.content_id, event_id=a.id, type=a.type, date=a.date, location=a.location,
                              fatalities=a.fatalities, injured=a.injured, certainty=a.certainty,
                              evidence=a.evidence, source=r.source, url=r.url, published=r.published)
            near = self._near(r)
            best = merge.best_match(a, r.content_id, [self.heads[i] for i in near]) if near else None
            if best is None:
                k = len(self.parts)
                self.parts.append(([], []))
                self.heads.append(best)  # type: ignore[arg-type] - set just below
            else:
                k = next(i for i in near if self.heads[i] is best)
            events, reps = self.parts[k]
            events.append(a)
            reps.append(rep)
            self.heads[k] = MergedEvent(merge.headline(f"pending-{k}", events, reps), tuple(reps))
            if r.lo >= 0:
                for d in range(r.lo - merge.DAY_TOLERANCE, r.hi + merge.DAY_TOLERANCE + 1):
                    self.by_day.setdefault((r.family, d), set()).add(k)

    def meets(self, content_id: str, reports: Iterable[Report]) -> bool:
        """True when one of these reports would join a pending merged event."""
        return any(merge.match_score(r.event, content_id, self.heads[i]) is not None
                   for r in reports for i in self._near(r))


def joins_stored(kb: Any, f: Fresh, reports: Sequence[Report], days: StoredDays) -> bool:
    """True when a report of ``f`` would join an event the knowledge base holds (the merge's
    own candidate lookup and score, :meth:`sitrep.kb.KB.ingest`), looked up only for reports
    :class:`StoredDays` puts near a stored event."""
    for r in reports:
        if not days.near(r):
            continue
        lo, hi = merge.day_bounds(r.event.date)
        if lo is None or hi is None:
            continue
        rows = kb.store.candidate_events(r.family, lo, hi, merge.DAY_TOLERANCE)
        if rows and any(merge.match_score(r.event, f.content_id, m) is not None
                        for m in kb.store.events_from_rows(rows, with_reports=False)):
            return True
    return False


# --- writing ----------------------------------------------------------------------------------

def write_bulk(kb: Any, fresh: Sequence[Fresh], groups: Sequence[Group]) -> dict[str, list[str]]:
    """Write bulk groups (one transaction is the caller's); returns the knowledge-base event
    ids of each article (content id -> ids, in the article's event order)."""
    store = kb.store
    arts = [fresh[i] for g in groups for i in g.articles]
    merged: list[MergedEvent] = [m for g in groups for reps in g.blocks.values() for m in merge_block(reps)]
    local = {(f.content_id, e.id): e for f in arts for e in f.events}
    events = [(m.event, merge.family_of(m.event.type), 1) for m in merged]
    reports: list[tuple[str, str, EventReport, Event]] = [
        (f"{r.article_id}:{r.event_id}", m.id, r, local[(r.article_id, r.event_id)]) for m in merged for r in m.reports]
    store.bulk_add([(f.content_id, f.extraction.article) for f in arts], events, reports, search_articles=True)
    _write_actors(kb, arts)
    _write_relations(kb, arts)
    kb_ids = {(r.article_id, r.event_id): eid for _, eid, r, _ in reports}
    return {f.content_id: [kb_ids[(f.content_id, e.id)] for e in f.events] for f in arts}


def _write_actors(kb: Any, arts: Sequence[Fresh]) -> None:
    """Actors and article-actor links, as :meth:`sitrep.kb.KB._store_actors` stores them one
    article at a time: each actor's successive upserts folded in memory, new actors
    bulk-inserted, stored actors updated once when the fold changed them."""
    store = kb.store
    seen: list[tuple[str, Actor | None, str]] = []  # (canonical id, actor, or None: "create if absent" of name)
    links: dict[tuple[str, str], int] = {}
    for f in arts:
        x = f.extraction
        for a in x.actors:
            canon = kb._canon(a.id)
            seen.append((canon, replace(a, id=canon), a.id))
            links[(f.content_id, canon)] = links.get((f.content_id, canon), 0) + len(a.mentions)
        known = {a.id for a in x.actors}
        referenced = {a for e in x.events for a in (*e.actors, *e.targets)}
        referenced |= {i for r in x.relations for i in (r.subject, r.object)}
        for missing in sorted(referenced - known):
            seen.append((kb._canon(missing), None, missing))
    ids = list(dict.fromkeys(c for c, _, _ in seen))
    stored = store.get_actors(ids)
    stored_aliases = store.aliases(list(stored))
    state: dict[str, _ActorState] = {i: _ActorState.of(a, stored_aliases.get(i, ())) for i, a in stored.items()}
    before = dict(state)
    for canon, actor, name in seen:
        if actor is None:
            if canon not in state:
                state[canon] = _ActorState.of(Actor(id=canon, name=name, type="other", known=False))
            continue
        state[canon] = state[canon].upsert(actor) if canon in state else _ActorState.of(actor)
    new = [i for i in ids if i not in stored]
    store._bulk("actors", "id, name, type, country, role, known",
                [(i, s.name, s.type, s.country, s.role, int(s.known)) for i in new for s in (state[i],)])
    store._bulk("actor_aliases", "actor_id, alias, norm",
                [(i, alias, norm) for i in new for norm, alias in state[i].aliases.items()])
    for i in ids:
        if i in stored and state[i] != before[i]:
            store.upsert_actor(state[i].actor(i))
    store._bulk("article_actors", "article_id, actor_id, mentions", [(a, c, n) for (a, c), n in links.items()])


@dataclass(frozen=True)
class _ActorState:
    """An actor row and its aliases (norm -> alias, first spelling kept), as the store holds them."""
    name: str
    type: str
    country: str | None
    role: str | None
    known: bool
    aliases: Mapping[str, str]

    @classmethod
    def of(cls, a: Actor, stored: Iterable[str] | None = None) -> _ActorState:
        """A new actor's row (``stored`` None), or a stored one with its stored aliases."""
        al: dict[str, str] = {}
        for alias in ((a.name, *a.aliases) if stored is None else stored):
            n = norm_alias(alias)
            if n and n not in al:
                al[n] = alias
        return cls(a.name, a.type, a.country, a.role, a.known, al)

    def upsert(self, a: Actor) -> _ActorState:
        """:meth:`sitrep.store.Store.upsert_actor` applied to this state."""
        upgrade = a.known and not self.known
        al = dict(self.aliases)
        for alias in (a.name, *a.aliases):
            n = norm_alias(alias)
            if n and n not in al:
                al[n] = alias
        return _ActorState(a.name if upgrade else self.name, a.type if upgrade or self.type == "other" else self.type,
                           self.country or a.country, self.role or a.role, self.known or a.known, al)

    def actor(self, actor_id: str) -> Actor:
        """An actor whose one upsert onto the stored row gives this state."""
        return Actor(id=actor_id, name=self.name, type=self.type, country=self.country, role=self.role,
                     known=self.known, aliases=tuple(self.aliases.values()))


def _write_relations(kb: Any, arts: Sequence[Fresh]) -> None:
    """Relations as :meth:`sitrep.kb.KB._store_relations` stores them: one upsert per distinct
    relation (its first ``since`` and ``until``), evidence and search documents in bulk."""
    store = kb.store
    rels: dict[str, Relation] = {}
    evidence, docs = [], []
    seqs: dict[tuple[str, str], int] = {}
    for f in arts:
        for rel in f.extraction.relations:
            canon = replace(rel, subject=kb._canon(rel.subject), object=kb._canon(rel.object))
            if canon.subject == canon.object:
                continue
            rid = relation_id(canon.subject, canon.predicate, canon.object)
            old = rels.get(rid)
            rels[rid] = canon if old is None else replace(old, since=old.since or canon.since,
                                                         until=old.until or canon.until)
            if canon.evidence:
                first = seqs.get((rid, f.content_id), 0)
                evidence += [("relation", rid, f.content_id, first + k, e.text, e.start, e.end)
                             for k, e in enumerate(canon.evidence)]
                seqs[(rid, f.content_id)] = first + len(canon.evidence)
                docs.append(("relation", rid, f.content_id, "\n".join(e.text for e in canon.evidence)))
    for rel in rels.values():
        store.upsert_relation(replace(rel, evidence=()), None, ())
    store._bulk("evidence", "owner_kind, owner_id, article_id, seq, text, start_off, end_off", evidence)
    if docs:
        store._insert_search_docs(docs)


def _database_errors() -> tuple[type[BaseException], ...]:
    """What a backend raises when it refuses rows (a bulk chunk is then retried article by article)."""
    import sqlite3
    errors: list[type[BaseException]] = [SitrepError, sqlite3.Error, ValueError, TypeError]
    try:
        import psycopg
        errors.append(psycopg.Error)
    except ImportError:
        pass
    return tuple(errors)


# --- the load --------------------------------------------------------------------------------

def _check(out_dir: str) -> None:
    if not os.path.isdir(os.path.join(out_dir, "articles")):
        raise SitrepError(f"{out_dir}: no 'articles' table: not the output of sitrep batch", code="E901")
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise SitrepError("sitrep ingest --parquet needs pyarrow: pip install 'sitrep[kb]'", code="E900") from exc


def load_batch(kb: Any, out_dir: str, *, chunk: int = CHUNK, progress: Progress | None = None,
               report: Callable[[Any], None] | None = None) -> Any:
    """Bulk-load the tables ``sitrep batch`` wrote to ``out_dir`` into ``kb`` (a
    :class:`sitrep.kb.KB`); returns a :class:`sitrep.kb.IngestSummary` (articles new /
    skipped / failed, events new / merged).  ``progress(done, total)`` after each chunk;
    ``report(failure)`` for each article that could not be stored (default: a warning).
    The rule and its limits: module docstring.  Raises E901, E900."""
    from ..kb import IngestFailure, IngestSummary, _warn_failure
    started = time.monotonic()
    _check(out_dir)
    total = count_articles(out_dir)
    t = _Tally()
    warn = report or _warn_failure
    refs = kb.store.has_cause_refs()
    kb.store.bulk_memory(True)
    try:
        for month in months(out_dir):
            fresh = _fresh(kb, read_month(out_dir, month), t, warn, IngestFailure)
            reports = {f.seq: reports_of(f) for f in fresh}
            days = StoredDays.around(kb, (r for rs in reports.values() for r in rs))
            for start in range(0, len(fresh), chunk):
                window = fresh[start:start + chunk]
                w = _Tally(refs=refs)
                try:
                    with kb.store.transaction():
                        _load_window(kb, window, reports, days, w, warn)
                except _database_errors() as exc:  # the database refused a bulk write: article by article
                    log.warning("a chunk of %d articles failed (%s); loading it article by article", len(window), exc)
                    w = _Tally(refs=refs)
                    for f in window:
                        with kb.store.transaction():
                            _one(kb, f, w, warn)
                t.add(w)
                refs = w.refs
                if progress:
                    progress(t.done, total)
    finally:
        kb.store.bulk_memory(False)
    if t.new:
        kb.store.analyze()
    log.info("load %s: %d articles new (%d in bulk, %d article by article), %d skipped, %d failed", out_dir,
             t.new, t.bulk, t.new - t.bulk, t.skipped, len(t.failures))
    return IngestSummary(articles_new=t.new, articles_skipped=t.skipped, articles_failed=len(t.failures),
                         events_new=t.events_new, events_merged=t.events_merged, failures=tuple(t.failures),
                         article_ids=tuple(t.ids), seconds=round(time.monotonic() - started, 3))


def _fresh(kb: Any, rows: Iterable[tuple[int, Extraction | Exception, dict[str, Any]]], t: _Tally,
           warn: Callable[[Any], None], failure: Callable[..., Any]) -> list[Fresh]:
    """The month's articles the knowledge base does not hold (step 1); the others are
    counted as skipped, rows that cannot be read back as failed."""
    from ..kb import content_id
    rows = list(rows)
    stored = kb.store.existing_articles(sorted({content_id(a["text"]) for _, x, a in rows
                                                 if not isinstance(x, Exception)}))
    fresh: list[Fresh] = []
    taken: set[str] = set()
    for seq, x, a in rows:
        if isinstance(x, Exception):
            t.failures.append(failure(origin=a.get("origin") or a.get("article_id") or "?",
                                      code=getattr(x, "code", "E400"), message=str(x)))
            warn(t.failures[-1])
            t.done += 1
            continue
        cid = content_id(x.article.text)
        if cid in stored or cid in taken:
            t.skipped += 1
            t.ids.append(cid)
            t.done += 1
            continue
        taken.add(cid)
        fresh.append(Fresh(seq, cid, x, tuple(kb._canon_event(e) for e in x.events)))
    return fresh


def _load_window(kb: Any, window: Sequence[Fresh], reports: Mapping[int, Sequence[Report]], days: StoredDays,
                 w: _Tally, warn: Callable[[Any], None]) -> None:
    """One transaction's articles, in input order (module docstring, steps 2-3)."""
    pending: list[Fresh] = []
    merged = PendingMerge()  # what the pending articles make of their reports

    def flush() -> None:
        nonlocal merged
        merged = PendingMerge()
        if not pending:
            return
        ids = write_bulk(kb, pending, group_articles(pending))
        days.add_reports(r for f in pending for r in reports[f.seq])
        for f in pending:
            if f.states_cause:
                link_causes(kb, f, ids[f.content_id])
            if w.refs:
                kb._answer_open_refs(dict.fromkeys(ids[f.content_id]))
        n_reports = sum(len(v) for v in ids.values())
        n_events = len({i for v in ids.values() for i in v})
        w.new += len(pending)
        w.bulk += len(pending)
        w.events_new += n_events
        w.events_merged += n_reports - n_events
        w.ids += [f.content_id for f in pending]
        w.done += len(pending)
        pending.clear()

    for f in window:
        if f.states_cause_phrase or joins_stored(kb, f, reports[f.seq], days):
            # written first only when it could meet them: a cause phrase is matched against everything stored
            if f.states_cause_phrase or merged.meets(f.content_id, reports[f.seq]):
                flush()
            _one(kb, f, w, warn)
            days.add_reports(reports[f.seq])
        else:
            pending.append(f)
            merged.add(reports[f.seq])
    flush()


def link_causes(kb: Any, f: Fresh, kb_ids: Sequence[str]) -> None:
    """The causes a bulk article states between its own events (``caused_by``), linked as
    :meth:`sitrep.kb.KB.ingest` links them (the link, the report's cause, the effect's headline)."""
    from ..kb import _link_evidence
    local_to_kb = {e.id: k for e, k in zip(f.extraction.events, kb_ids)}
    for raw in f.extraction.events:
        effect, cause = local_to_kb[raw.id], local_to_kb.get(raw.caused_by or "")
        if cause and cause != effect:
            report_id = f"{f.content_id}:{raw.id}"
            kb.store.set_report_cause(report_id, cause)
            kb._link(cause, effect, report_id, "text", f.content_id, _link_evidence(raw, None))
            kb._recompute(effect)


def _one(kb: Any, f: Fresh, w: _Tally, warn: Callable[[Any], None]) -> None:
    """One article through the per-article path (:meth:`sitrep.kb.KB.ingest`)."""
    from ..kb import IngestFailure
    outcome = kb._ingest_one(f.extraction)
    w.done += 1
    if isinstance(outcome, IngestFailure):
        w.failures.append(outcome)
        warn(outcome)
        return
    w.ids.append(outcome.article_id)
    if outcome.new:
        w.new += 1
        w.refs = w.refs or any(e.cause_ref is not None for e in f.extraction.events)
    else:
        w.skipped += 1
    w.events_new += outcome.events_new
    w.events_merged += outcome.events_merged


__all__ = ["load_batch", "months", "read_month", "count_articles", "group_articles", "StoredDays", "joins_stored",
           "write_bulk", "Fresh", "Group", "CHUNK"]
