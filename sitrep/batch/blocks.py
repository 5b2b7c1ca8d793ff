"""Cross-source merge at scale: blocks of reports that may describe one event, and the
knowledge base's own merge rule (:mod:`sitrep.merge`) inside each block.

Blocking
--------
1. *Chains.*  Reports are keyed by (event family, country of the place) and sorted by their
   first day; a chain is a run of reports of one key whose day intervals follow each other
   with gaps of at most :data:`WINDOW` days (±2 days, wider than the rule's
   :data:`sitrep.merge.DAY_TOLERANCE`).  Undated reports are never merged (rule 2): each is
   a block of its own.
2. *Blocks.*  A report without a place country may merge with a report of any country
   when their actors match (rule 3), so a chain of such reports joins every chain of its
   family that it overlaps (within :data:`WINDOW` days) into one block (:func:`link_chains`).

Why this is exact for what it blocks: the rule only merges reports of one family
(rule 1) whose dates are compatible (rule 2: day-precise within one day, otherwise
overlapping), and a merged event's headline date is one of its reports' dates, so two
reports that can ever meet fall in one chain or in linked chains.  The country, not
admin1, is the place key: a report placed at a town and one placed only at the country
merge when their actors match, and admin1 blocks would part them.

What it cannot see (docs/batch.md, "Limits"): two reports placed in different countries
never meet, although the rule merges them when neither place is a site or town (or the two
towns lie within 25 km across a border) and their actors match.

Inside a block
--------------
Reports run in input order (article ``seq``, then the event's order in its article), the
order ``sitrep ingest`` stores them in; each joins the best matching merged event
(:func:`sitrep.merge.best_match`, among the events whose days come within a day of its
own) or starts a new one with id :func:`sitrep.merge.kb_event_id`; the headline is
recomputed with :func:`sitrep.merge.headline` after every report, as the knowledge base
does.  A report whose own id is smaller than the id of the event it joins renames the event
to it, as the knowledge base does (docs/determinism.md, "Event ids"): a merged event is
named :func:`sitrep.merge.canonical_event_id` of its reports, the ids the knowledge base gives.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from .. import merge
from ..records import EventReport, MergedEvent
from .extract import Report

WINDOW = 2  # days between the last day of one report and the first of the next in a chain


def sort_key(r: Report) -> tuple[str, str, int, int, int]:
    """Reports sorted by this key stream chain by chain (see :func:`chains`)."""
    return (r.family, r.country, r.lo, r.seq, r.pos)


def partition_key(r: Report) -> tuple[str, str]:
    """The part of the key a distributed sort partitions by: one (family, country) per partition."""
    return (r.family, r.country)


def chain_id(r: Report) -> str:
    """'violence|IQ|2020-01-03' (family, country, first day of the chain ``r`` opens);
    an undated report: 'violence|IQ|undated|<article>:<event>'."""
    if r.lo < 0:
        return f"{r.family}|{r.country or '-'}|undated|{r.content_id}:{r.event.id}"
    return f"{r.family}|{r.country or '-'}|{date.fromordinal(r.lo).isoformat()}"


def chains(sorted_reports: Iterable[Report]) -> Iterator[tuple[str, Report]]:
    """(chain id, report) for a stream sorted by :func:`sort_key` (memory: constant)."""
    current, key, hi = "", None, 0
    for r in sorted_reports:
        if r.lo < 0:
            yield chain_id(r), r
            continue
        if key != partition_key(r) or r.lo > hi + WINDOW:
            current, key, hi = chain_id(r), partition_key(r), r.hi
        hi = max(hi, r.hi)
        yield current, r


Chain = tuple[str, str, str, int, int]  # (chain id, family, country, first day, last day)


def chain_summaries(tagged: Iterable[tuple[str, Report]]) -> list[Chain]:
    """The span of every dated chain."""
    spans: dict[str, list] = {}
    for cid, r in tagged:
        if r.lo < 0:
            continue
        s = spans.setdefault(cid, [r.family, r.country, r.lo, r.hi])
        s[2], s[3] = min(s[2], r.lo), max(s[3], r.hi)
    return [(cid, *s) for cid, s in spans.items()]


def link_chains(summaries: Iterable[Chain]) -> dict[str, str]:
    """Block id of every chain joined to others (chains absent from the result are blocks of
    their own): a chain without a country joins every chain of its family within
    :data:`WINDOW` days.  The block id is the smallest chain id of the block."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_family: dict[str, list[Chain]] = {}
    for c in summaries:
        by_family.setdefault(c[1], []).append(c)
    for family_chains in by_family.values():
        active: list[Chain] = []
        for c in sorted(family_chains, key=lambda c: (c[3], c[0])):
            active = [a for a in active if a[4] + WINDOW >= c[3]]
            for a in active:
                if not c[2] or not a[2]:  # one side has no country
                    union(a[0], c[0])
            active.append(c)
    return {c: find(c) for c in list(parent)}


def _report(r: Report) -> EventReport:
    e = r.event
    return EventReport(article_id=r.content_id, event_id=e.id, type=e.type, date=e.date, location=e.location,
                       fatalities=e.fatalities, injured=e.injured, certainty=e.certainty, evidence=e.evidence,
                       source=r.source, url=r.url, published=r.published)


def merge_block(block: Sequence[Report]) -> list[MergedEvent]:
    """The merged events of one block, by the knowledge base's rule (module docstring).
    Candidates are looked up by day (every day a merged event's reports can match), so a
    long block costs its reports × their spans in days, not reports²."""
    parts: dict[str, tuple[list, list]] = {}  # kb id -> (events, reports)
    heads: dict[str, MergedEvent] = {}
    by_day: dict[int, set[str]] = {}
    days: dict[str, set[int]] = {}            # kb id -> its days in by_day
    slot: dict[str, int] = {}                 # kb id -> when its event began (the output order)
    for r in sorted(block, key=lambda r: (r.seq, r.pos)):
        match = None
        if r.lo >= 0:
            near = set().union(*(by_day.get(d, ()) for d in range(r.lo, r.hi + 1)))
            match = merge.best_match(r.event, r.content_id, [heads[i] for i in sorted(near)])
        own = merge.kb_event_id(r.content_id, r.event.id)
        kb_id = min(match.id, own) if match else own
        if match and kb_id != match.id:  # renamed to the smaller id of the report that joins
            parts[kb_id], slot[kb_id], days[kb_id] = parts.pop(match.id), slot.pop(match.id), days.pop(match.id)
            del heads[match.id]
            for d in days[kb_id]:
                by_day[d].discard(match.id)
                by_day[d].add(kb_id)
        slot.setdefault(kb_id, len(slot))
        events, reports = parts.setdefault(kb_id, ([], []))
        events.append(r.event)
        reports.append(_report(r))
        heads[kb_id] = MergedEvent(merge.headline(kb_id, events, reports), tuple(reports))
        span = days.setdefault(kb_id, set())
        if r.lo >= 0:
            for d in range(r.lo - merge.DAY_TOLERANCE, r.hi + merge.DAY_TOLERANCE + 1):
                by_day.setdefault(d, set()).add(kb_id)
                span.add(d)
    return [heads[k] for k in sorted(parts, key=slot.__getitem__)]


def merge_grouped(keyed: Iterable[tuple[tuple[str, int, int], Report]]) -> Iterator[tuple[str, MergedEvent]]:
    """(block id, merged event) from ((block id, seq, pos), report) pairs sorted by key."""
    block: list[Report] = []
    name = None
    for (bid, _, _), r in keyed:
        if bid != name and block:
            yield from ((name, m) for m in merge_block(block))
            block = []
        name = bid
        block.append(r)
    if block:
        yield from ((name, m) for m in merge_block(block))


def merge_all(reports: Iterable[Report]) -> Iterator[tuple[str, MergedEvent]]:
    """Blocking and merging in one process (the local engine): (block id, merged event)."""
    tagged = list(chains(sorted(first_articles(reports), key=sort_key)))
    links = link_chains(chain_summaries(tagged))
    keyed = sorted((((links.get(c, c), r.seq, r.pos), r) for c, r in tagged), key=lambda t: t[0])
    return merge_grouped(keyed)


def first_articles(reports: Iterable[Report]) -> list[Report]:
    """The reports of the first article of each text (the knowledge base stores a text once)."""
    reports = list(reports)
    first: dict[str, int] = {}
    for r in reports:
        first[r.content_id] = min(r.seq, first.get(r.content_id, r.seq))
    return [r for r in reports if first[r.content_id] == r.seq]


__all__ = ["WINDOW", "sort_key", "partition_key", "chain_id", "chains", "chain_summaries", "link_chains",
           "merge_block", "merge_grouped", "merge_all", "first_articles"]
