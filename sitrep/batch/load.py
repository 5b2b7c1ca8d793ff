"""`sitrep ingest --parquet DIR`: the tables `sitrep batch` wrote, bulk-loaded into a knowledge base.

>>> from sitrep.kb import open_kb
>>> from sitrep.batch.load import load_batch
>>> with open_kb("postgresql://…") as kb:
...     load_batch(kb, "tables/")            # -> sitrep.kb.IngestSummary

The tables are read **one month partition at a time** (``articles/month=YYYY-MM``, months in
order, ``unknown`` last; inside a month, input order ``seq``), so memory holds one month of
rows, never the whole output.  Each month is loaded in three steps:

1. *Fresh articles.*  An article whose text is already stored (same content id,
   :func:`sitrep.kb.content_id`), or whose text came earlier in the load, adds nothing:
   loading the same folder twice, or after a plain ``sitrep ingest`` of the same
   articles, adds nothing (idempotence).
2. *Routing* (the merge rule stays the knowledge base's).  The month's reports are blocked
   as :mod:`sitrep.batch.blocks` blocks them (chains of (event family, place country,
   first day) with gaps of at most :data:`~sitrep.batch.blocks.WINDOW` days; chains of
   reports without a country joined to the chains they overlap), and articles that share
   a block form a *group*.  A group goes through the **per-article path**
   (:meth:`sitrep.kb.KB.ingest`, exactly what ``sitrep ingest`` does) when

   - one of its blocks could meet an event the knowledge base already holds: a live stored
     event of the same family whose days come within ``WINDOW`` days of the chain's, in the
     same country (or either side without a country) -- the blocking key of
     :mod:`sitrep.batch.blocks` applied to the stored events, read once per month and family
     with :meth:`sitrep.store.Store.candidate_events` (the merge's own lookup); or
   - one of its articles states a cause (an event with ``caused_by`` or a cause phrase):
     cause links and cause phrases are matched across the whole knowledge base
     (:mod:`sitrep.chains`), one article at a time.

   Every other group is **bulk-loaded**: its blocks are merged in memory with
   :func:`sitrep.batch.blocks.merge_block` (the knowledge base's rule, on the reports with
   their actor ids made canonical, in input order) and written with the store's bulk path
   (:meth:`sitrep.store.Store.bulk_add`: ``executemany`` on SQLite, ``COPY`` on
   PostgreSQL) -- articles, events with their reports, evidence and search documents --
   plus actors (folded in memory by the rule of :meth:`~sitrep.store.Store.upsert_actor`),
   article-actor links, relations and their evidence; about ``chunk`` articles (whole
   groups) per transaction.  When the knowledge base may hold cause phrases still waiting
   for their cause, each bulk article's events are offered to them afterwards, as
   ``sitrep ingest`` does (:meth:`sitrep.kb.KB._answer_open_refs`).
3. The month's per-article groups follow, in input order, ``chunk`` articles per transaction.

``ANALYZE`` runs after a load that added anything.

Why this gives the knowledge base ``sitrep ingest`` gives: a bulk group's reports can only
merge with reports of their own blocks (blocking is exact for what it blocks, see
:mod:`sitrep.batch.blocks`), none of which is stored yet, and a group states no cause, so
nothing outside the group can change what the rule makes of it.  What differs: (a) the
load runs in publication-month order, ``sitrep ingest`` in input order, so a corpus not in
publication order may merge otherwise where the order matters to the rule; (b) the limit
of :mod:`sitrep.batch.blocks` (reports placed in two different countries never meet); (c)
inside a month the per-article groups run after the bulk groups, so a cause phrase finds
an event of its month told later in the input as if told earlier.

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
MAX_DAYS = 800  # a chain or stored event longer than this is taken to meet everything (per-article path)

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
        return any(e.caused_by or e.cause_ref is not None for e in self.extraction.events)


@dataclass(frozen=True)
class Group:
    """Articles of one month that share merge blocks (indexes into the month's fresh list),
    their reports by block id and the chains of those blocks.  ``bulk``: False when the
    group takes the per-article path."""
    articles: tuple[int, ...]
    blocks: Mapping[str, tuple[Report, ...]] = field(default_factory=dict)
    chain_ids: frozenset[str] = frozenset()  # the chains of its blocks (sitrep.batch.blocks.chain_id)
    bulk: bool = True


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


def group_articles(fresh: Sequence[Fresh]) -> tuple[list[Group], list[tuple[str, str, str, int, int]]]:
    """The month's groups (articles sharing a block, ordered by their first article) and the
    span of every dated chain (for :func:`stored_meets`)."""
    reports = [r for f in fresh for r in reports_of(f)]
    tagged = list(chains(sorted(reports, key=sort_key)))
    spans = chain_summaries(tagged)
    links = link_chains(spans)
    parent = list(range(len(fresh)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index = {f.seq: i for i, f in enumerate(fresh)}
    owner: dict[str, int] = {}  # block id -> an article of it
    by_block: dict[str, list[Report]] = {}
    chains_of: dict[str, set[str]] = {}
    for cid, r in tagged:
        block = links.get(cid, cid)
        by_block.setdefault(block, []).append(r)
        chains_of.setdefault(block, set()).add(cid)
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
    chains_by_root: dict[int, set[str]] = {}
    for block, reps in by_block.items():
        root = find(owner[block])
        blocks_of.setdefault(root, {})[block] = tuple(reps)
        chains_by_root.setdefault(root, set()).update(chains_of[block])
    groups = [Group(tuple(m), blocks_of.get(root, {}), frozenset(chains_by_root.get(root, ())))
              for root, m in sorted(members.items())]
    return groups, spans


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def stored_meets(kb: Any, spans: Iterable[tuple[str, str, str, int, int]]) -> set[str]:
    """The chain ids whose reports could meet an event the knowledge base holds: a live stored
    event of the chain's family within :data:`WINDOW` days of it, of its country (or either
    side without one).  One :meth:`~sitrep.store.Store.candidate_events` lookup per family and
    stretch of days the chains cover."""
    by_family: dict[str, list[tuple[str, str, int, int]]] = {}
    hit: set[str] = set()
    for cid, family, country, lo, hi in spans:
        if hi - lo > MAX_DAYS:
            hit.add(cid)
        else:
            by_family.setdefault(family, []).append((cid, country, lo, hi))
    for family, cs in by_family.items():
        days: dict[str, set[int]] = {}  # country ('' none) -> days stored events of it cover
        every: set[int] = set()
        for lo, hi in _stretches([(c[2] - WINDOW, c[3] + WINDOW) for c in cs]):
            for row in kb.store.candidate_events(family, _iso(lo), _iso(hi), 0):
                if not row["date_lo"] or not row["date_hi"]:
                    continue
                s_lo = date.fromisoformat(row["date_lo"]).toordinal()
                s_hi = date.fromisoformat(row["date_hi"]).toordinal()
                span = range(max(s_lo, lo), min(s_hi, hi) + 1)
                days.setdefault(row["place_country"] or "", set()).update(span)
                every.update(span)
        for cid, country, lo, hi in cs:
            pools = (days.get(country, set()), days.get("", set())) if country else (every,)
            if any(d in pool for d in range(lo - WINDOW, hi + WINDOW + 1) for pool in pools):
                hit.add(cid)
    return hit


def _stretches(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching day spans joined."""
    out: list[list[int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def route(kb: Any, fresh: Sequence[Fresh]) -> list[Group]:
    """The month's groups, each marked bulk or per-article (module docstring, step 2)."""
    groups, spans = group_articles(fresh)
    meets = stored_meets(kb, spans)
    return [replace(g, bulk=not (g.chain_ids & meets or any(fresh[i].states_cause for i in g.articles)))
            for g in groups]


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


def _may_hold_cause_refs(store: Any) -> bool:
    """True when the knowledge base holds cause phrases (which a new event may answer)."""
    return store._one("SELECT 1 AS x FROM cause_refs LIMIT 1") is not None


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
    from ..kb import IngestFailure, IngestSummary, _warn_failure, content_id
    started = time.monotonic()
    _check(out_dir)
    total = count_articles(out_dir)
    t = _Tally()
    warn = report or _warn_failure
    refs = _may_hold_cause_refs(kb.store)
    kb.store.bulk_memory(True)
    try:
        for month in months(out_dir):
            fresh: list[Fresh] = []
            taken: set[str] = set()
            rows = list(read_month(out_dir, month))
            stored = kb.store.existing_articles(sorted({content_id(a["text"]) for _, x, a in rows
                                                         if not isinstance(x, Exception)}))
            for seq, x, a in rows:
                if isinstance(x, Exception):
                    t.failures.append(IngestFailure(origin=a.get("origin") or a.get("article_id") or "?",
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
            del rows
            groups = route(kb, fresh)
            refs = _load_bulk(kb, fresh, [g for g in groups if g.bulk], chunk, t, refs, progress, total, warn)
            slow = sorted(i for g in groups if not g.bulk for i in g.articles)
            refs = _load_one_by_one(kb, [fresh[i] for i in slow], chunk, t, refs, progress, total, warn)
    finally:
        kb.store.bulk_memory(False)
    if t.new:
        kb.store.analyze()
    log.info("load %s: %d articles new (%d in bulk, %d article by article), %d skipped, %d failed", out_dir,
             t.new, t.bulk, t.new - t.bulk, t.skipped, len(t.failures))
    return IngestSummary(articles_new=t.new, articles_skipped=t.skipped, articles_failed=len(t.failures),
                         events_new=t.events_new, events_merged=t.events_merged, failures=tuple(t.failures),
                         article_ids=tuple(t.ids), seconds=round(time.monotonic() - started, 3))


def _chunks_of(groups: Sequence[Group], size: int) -> Iterator[list[Group]]:
    batch: list[Group] = []
    n = 0
    for g in groups:
        batch.append(g)
        n += len(g.articles)
        if n >= size:
            yield batch
            batch, n = [], 0
    if batch:
        yield batch


def _load_bulk(kb: Any, fresh: Sequence[Fresh], groups: Sequence[Group], chunk: int, t: _Tally, refs: bool,
               progress: Progress | None, total: int, warn: Callable[[Any], None]) -> bool:
    for part in _chunks_of(groups, chunk):
        arts = sorted(i for g in part for i in g.articles)
        try:
            with kb.store.transaction():
                ids = write_bulk(kb, fresh, part)
                if refs:
                    for i in arts:
                        kb._answer_open_refs(dict.fromkeys(ids[fresh[i].content_id]))
        except _database_errors() as exc:  # the database refused the chunk: retried article by article
            log.warning("a bulk chunk of %d articles failed (%s); loading it article by article", len(arts), exc)
            refs = _load_one_by_one(kb, [fresh[i] for i in arts], chunk, t, refs, progress, total, warn)
            continue
        reports = sum(len(v) for v in ids.values())
        events = len({i for v in ids.values() for i in v})
        t.new += len(arts)
        t.bulk += len(arts)
        t.events_new += events
        t.events_merged += reports - events
        t.ids += [fresh[i].content_id for i in arts]
        t.done += len(arts)
        if progress:
            progress(t.done, total)
    return refs


def _load_one_by_one(kb: Any, arts: Sequence[Fresh], chunk: int, t: _Tally, refs: bool,
                     progress: Progress | None, total: int, warn: Callable[[Any], None]) -> bool:
    from ..kb import IngestFailure
    for start in range(0, len(arts), chunk):
        with kb.store.transaction():
            for f in arts[start:start + chunk]:
                outcome = kb._ingest_one(f.extraction)
                t.done += 1
                if isinstance(outcome, IngestFailure):
                    t.failures.append(outcome)
                    warn(outcome)
                    continue
                t.ids.append(outcome.article_id)
                if outcome.new:
                    t.new += 1
                    refs = refs or any(e.cause_ref is not None for e in f.extraction.events)
                else:
                    t.skipped += 1
                t.events_new += outcome.events_new
                t.events_merged += outcome.events_merged
        if progress:
            progress(t.done, total)
    return refs


__all__ = ["load_batch", "months", "read_month", "count_articles", "route", "group_articles", "stored_meets",
           "write_bulk", "Fresh", "Group", "CHUNK"]
