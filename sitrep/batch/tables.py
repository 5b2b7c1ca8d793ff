"""The batch output tables: their columns, rows built from records, and records read back.

Both engines write the same tables from the same rows (:func:`rows_for_extraction`,
:func:`error_row`, :func:`merged_row`), so a table written by Spark and one written with
pyarrow hold identical records.  Every table is partitioned by ``month`` (``YYYY-MM`` of the
article's publication date, ``unknown`` when it has none; for ``merged_events`` the month of
the headline date).  docs/batch.md documents each column.

A column is ``(name, kind)``; kinds are ``str``, ``int`` (64-bit), ``float`` (double),
``bool``, ``strs`` (list of strings) and ``spans`` (list of ``[start, end]`` pairs).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..merge import family_of, kb_event_id
from ..records import (Actor, Article, Event, Evidence, Extraction, MergedEvent, Relation, actor_from_dict,
                       event_from_dict, relation_from_dict, to_dict)

Column = tuple[str, str]

UNKNOWN_MONTH = "unknown"

_EVENT_COLUMNS: tuple[Column, ...] = (
    ("type", "str"), ("family", "str"), ("cameo", "str"), ("acled_event_type", "str"),
    ("acled_sub_event_type", "str"), ("actors", "strs"), ("targets", "strs"), ("date_start", "str"),
    ("date_end", "str"), ("date_precision", "str"), ("date_text", "str"), ("place_name", "str"),
    ("place_country", "str"), ("place_admin1", "str"), ("place_lat", "float"), ("place_lon", "float"),
    ("place_precision", "str"), ("fatalities", "int"), ("injured", "int"), ("count", "int"),
    ("weapon", "str"), ("certainty", "str"), ("claimed_by", "str"), ("caused_by", "str"),
    ("trigger", "str"), ("plover", "str"), ("claimed_fatalities", "int"), ("extra", "str"),
)
# Fields of the records the columns above hold; any other field a later sitrep adds to a record
# travels in its ``extra`` column (JSON), so no field of the extraction contract is ever lost.
_EVENT_KEYS = frozenset({"id", "type", "cameo", "acled", "actors", "targets", "date", "location", "fatalities",
                         "injured", "count", "weapon", "certainty", "claimed_by", "caused_by", "evidence",
                         "trigger", "plover", "claimed_fatalities"})
_ACTOR_KEYS = frozenset({"id", "name", "type", "country", "aliases", "role", "mentions", "known"})
_RELATION_KEYS = frozenset({"subject", "predicate", "object", "since", "until", "evidence"})

TABLES: dict[str, tuple[Column, ...]] = {
    "articles": (
        ("article_id", "str"), ("content_id", "str"), ("seq", "int"), ("title", "str"), ("source", "str"),
        ("url", "str"), ("published", "str"), ("language", "str"), ("origin", "str"), ("text", "str"),
        ("excluded", "spans"), ("forwarded_from", "str"), ("month", "str"),
    ),
    "events": (
        ("article_id", "str"), ("seq", "int"), ("event_id", "str"), ("pos", "int"), ("kb_id", "str"),
        *_EVENT_COLUMNS, ("published", "str"), ("month", "str"),
    ),
    "actors": (
        ("article_id", "str"), ("seq", "int"), ("actor_id", "str"), ("pos", "int"), ("name", "str"), ("type", "str"),
        ("country", "str"), ("aliases", "strs"), ("role", "str"), ("mentions", "spans"), ("known", "bool"),
        ("extra", "str"), ("month", "str"),
    ),
    "relations": (
        ("article_id", "str"), ("seq", "int"), ("relation_id", "str"), ("pos", "int"), ("subject", "str"), ("predicate", "str"),
        ("object", "str"), ("since", "str"), ("until", "str"), ("extra", "str"),
        ("month", "str"),
    ),
    "evidence": (
        ("article_id", "str"), ("seq", "int"), ("record", "str"), ("record_id", "str"), ("pos", "int"), ("text", "str"),
        ("start", "int"), ("end", "int"), ("month", "str"),
    ),
    "errors": (
        ("seq", "int"), ("origin", "str"), ("article_id", "str"), ("stage", "str"), ("code", "str"),
        ("message", "str"), ("month", "str"),
    ),
    "merged_events": (
        ("id", "str"), ("block", "str"), *_EVENT_COLUMNS, ("reports", "int"), ("report_ids", "strs"),
        ("article_ids", "strs"), ("month", "str"),
    ),
}
EXTRACTION_TABLES = ("articles", "events", "actors", "relations", "evidence", "errors")


def columns(table: str) -> tuple[str, ...]:
    return tuple(name for name, _ in TABLES[table])


def month_of(day: str | None) -> str:
    """'2020-01' from '2020-01-03' (or '2020-01'); ``unknown`` when there is no readable month."""
    if day and len(day) >= 7 and day[:4].isdigit() and day[4] == "-" and day[5:7].isdigit() and \
            1 <= int(day[5:7]) <= 12:
        return day[:7]
    return UNKNOWN_MONTH


# --- rows from records -------------------------------------------------------------------------

Row = tuple[Any, ...]


@dataclass(frozen=True)
class TableRow:
    """One row of one table, its values in the table's column order."""
    table: str
    values: Row


def _extra(record: Any, known: frozenset[str]) -> str | None:
    """The record's fields outside ``known`` that hold a value, as JSON (None when none do)."""
    extra = {k: v for k, v in to_dict(record).items() if k not in known and v not in (None, [], {})}
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None


def _event_values(e: Event) -> Row:
    d, p, a = e.date, e.location, e.acled
    return (
        e.type, family_of(e.type), e.cameo, a.event_type if a else None, a.sub_event_type if a else None,
        list(e.actors), list(e.targets), d.start if d else None, d.end if d else None,
        d.precision if d else None, d.text if d else None, p.name if p else None, p.country if p else None,
        p.admin1 if p else None, p.lat if p else None, p.lon if p else None, p.precision if p else None,
        e.fatalities, e.injured, e.count, e.weapon, e.certainty, e.claimed_by, e.caused_by, e.trigger,
        e.plover, e.claimed_fatalities, _extra(e, _EVENT_KEYS),
    )


def _evidence_rows(article_id: str, seq: int, record: str, record_id: str, evidence: Sequence[Evidence],
                   month: str) -> Iterator[TableRow]:
    for pos, ev in enumerate(evidence):
        yield TableRow("evidence", (article_id, seq, record, record_id, pos, ev.text, ev.start, ev.end, month))


def article_row(article: Article, content_id: str, seq: int) -> TableRow:
    return TableRow("articles", (
        article.id, content_id, seq, article.title, article.source, article.url, article.published,
        article.language, article.origin, article.text, [list(x) for x in article.excluded],
        article.forwarded_from, month_of(article.published)))


def rows_for_extraction(x: Extraction, content_id: str, seq: int) -> list[TableRow]:
    """Every row one article's extraction adds: its article, events, actors, relations, evidence."""
    art, month = x.article, month_of(x.article.published)
    rows = [article_row(art, content_id, seq)]
    for pos, e in enumerate(x.events):
        rows.append(TableRow("events", (art.id, seq, e.id, pos, kb_event_id(content_id, e.id), *_event_values(e),
                                        art.published, month)))
        rows.extend(_evidence_rows(art.id, seq, "event", e.id, e.evidence, month))
    for pos, a in enumerate(x.actors):
        rows.append(TableRow("actors", (art.id, seq, a.id, pos, a.name, a.type, a.country, list(a.aliases), a.role,
                                        [list(m) for m in a.mentions], a.known, _extra(a, _ACTOR_KEYS), month)))
    for pos, r in enumerate(x.relations):
        rid = f"r{pos + 1}"
        rows.append(TableRow("relations", (art.id, seq, rid, pos, r.subject, r.predicate, r.object, r.since, r.until,
                                           _extra(r, _RELATION_KEYS), month)))
        rows.extend(_evidence_rows(art.id, seq, "relation", rid, r.evidence, month))
    return rows


def error_row(seq: int, origin: str, article: Article | None, stage: str, code: str, message: str) -> TableRow:
    """An input that could not be read (``stage`` = ``read``) or extracted (``extract``)."""
    published = article.published if article else None
    return TableRow("errors", (seq, origin, article.id if article else None, stage, code, message,
                               month_of(published)))


def merged_row(m: MergedEvent, block: str) -> TableRow:
    e = m.event
    report_ids = [f"{r.article_id}:{r.event_id}" for r in m.reports]
    articles = list(dict.fromkeys(r.article_id for r in m.reports))
    return TableRow("merged_events", (e.id, block, *_event_values(e), len(m.reports), report_ids, articles,
                                      month_of(e.date.start if e.date else None)))


# --- records read back -------------------------------------------------------------------------

def _with_extra(d: dict[str, Any], extra: str | None) -> dict[str, Any]:
    return d | json.loads(extra) if extra else d


def event_from_row(r: Mapping[str, Any], event_id: str, evidence: Sequence[Evidence] = ()) -> Event:
    """The :class:`Event` a row of ``events`` (or ``merged_events``) holds, read by
    :func:`sitrep.records.event_from_dict`."""
    d = {
        "id": event_id, "type": r["type"], "cameo": r["cameo"],
        "acled": {"event_type": r["acled_event_type"], "sub_event_type": r["acled_sub_event_type"]}
        if r["acled_event_type"] else None,
        "actors": r["actors"], "targets": r["targets"],
        "date": {"start": r["date_start"], "end": r["date_end"], "precision": r["date_precision"],
                 "text": r["date_text"]} if r["date_precision"] else None,
        "location": {"name": r["place_name"], "country": r["place_country"], "admin1": r["place_admin1"],
                     "lat": r["place_lat"], "lon": r["place_lon"], "precision": r["place_precision"]}
        if r["place_precision"] else None,
        "fatalities": r["fatalities"], "injured": r["injured"], "count": r["count"], "weapon": r["weapon"],
        "certainty": r["certainty"], "claimed_by": r["claimed_by"], "caused_by": r["caused_by"],
        "evidence": [to_dict(e) for e in evidence], "trigger": r["trigger"], "plover": r["plover"],
        "claimed_fatalities": r["claimed_fatalities"],
    }
    return event_from_dict(_with_extra(d, r["extra"]))


def _actor_from_row(r: Mapping[str, Any]) -> Actor:
    d = {"id": r["actor_id"], "name": r["name"], "type": r["type"], "country": r["country"],
         "aliases": r["aliases"], "role": r["role"], "mentions": r["mentions"], "known": r["known"]}
    return actor_from_dict(_with_extra(d, r["extra"]))


def _relation_from_row(r: Mapping[str, Any], evidence: Sequence[Evidence]) -> Relation:
    d = {"subject": r["subject"], "predicate": r["predicate"], "object": r["object"], "since": r["since"],
         "until": r["until"], "evidence": [to_dict(e) for e in evidence]}
    return relation_from_dict(_with_extra(d, r["extra"]))


def extractions_from_rows(tables: Mapping[str, Iterable[Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """The ``sitrep/1`` objects (as ``sitrep extract`` prints them) the tables hold, in input
    order (``articles.seq``).  ``tables`` maps a table name to its rows as dicts."""
    evidence: dict[tuple[int, str, str], list[tuple[int, Evidence]]] = {}
    for r in tables.get("evidence", ()):
        evidence.setdefault((r["seq"], r["record"], r["record_id"]), []).append(
            (r["pos"], Evidence(r["text"], r["start"], r["end"])))

    def ev(seq: int, record: str, record_id: str) -> tuple[Evidence, ...]:
        return tuple(e for _, e in sorted(evidence.get((seq, record, record_id), []), key=lambda t: t[0]))

    per: dict[int, dict[str, list[tuple[int, Any]]]] = {}  # by article seq: ids may repeat, seq does not
    for r in tables.get("events", ()):
        per.setdefault(r["seq"], {}).setdefault("events", []).append(
            (r["pos"], event_from_row(r, r["event_id"], ev(r["seq"], "event", r["event_id"]))))
    for r in tables.get("actors", ()):
        per.setdefault(r["seq"], {}).setdefault("actors", []).append((r["pos"], _actor_from_row(r)))
    for r in tables.get("relations", ()):
        per.setdefault(r["seq"], {}).setdefault("relations", []).append(
            (r["pos"], _relation_from_row(r, ev(r["seq"], "relation", r["relation_id"]))))
    out = []
    for a in sorted(tables.get("articles", ()), key=lambda r: r["seq"]):
        article = Article(id=a["article_id"], text=a["text"], title=a["title"], source=a["source"], url=a["url"],
                          published=a["published"], language=a["language"], origin=a["origin"],
                          excluded=tuple(tuple(x) for x in a["excluded"] or ()),
                          forwarded_from=a.get("forwarded_from"))
        got = per.get(a["seq"], {})
        x = Extraction(article=article, **{k: tuple(v for _, v in sorted(got.get(k, []), key=lambda t: t[0]))
                                           for k in ("actors", "events", "relations")})
        out.append(x.to_dict())
    return out


def merged_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``merged_events`` rows as event dicts (the extraction contract's event fields)."""
    return [to_dict(event_from_row(r, r["id"])) | {"reports": r["reports"]} for r in rows]


__all__ = ["TABLES", "EXTRACTION_TABLES", "UNKNOWN_MONTH", "TableRow", "columns", "month_of", "article_row",
           "rows_for_extraction", "error_row", "merged_row", "event_from_row", "extractions_from_rows",
           "merged_from_rows"]
