"""ACLED exports into the knowledge base (`sitrep import --acled FILE.csv`).

An ACLED export (the API's lower-case columns or the download's upper-case ones; comma,
semicolon or tab separated; ``event_date`` as ``2019-12-31``, ``20191231`` or
``31 December 2019``, see :func:`sitrep.evaluate.parse_acled_date`) becomes knowledge-base
events, one per row:

* the row is stored as a source of its own (an "article" with id ``acled:<event_id_cnty>``,
  source ``ACLED``, its ``notes`` as text and as the event's evidence), so a second import of
  the same rows adds nothing and every event keeps its ``event_id_cnty``;
* ``event_type``/``sub_event_type`` become a sitrep type through the table of
  ``sitrep/data/acled_import.yaml`` (data, not code; ``$SITREP_ACLED_IMPORT`` names a user
  copy), and are kept as the event's ACLED type;
* ``actor1`` with ``assoc_actor_1`` are the actors, ``actor2`` with ``assoc_actor_2`` the
  targets.  A name is matched to an actor the knowledge base holds (id, name or alias), else
  to the actor gazetteer (:class:`sitrep.escalation.series.AcledNames`, the reading ACLED
  names share with `sitrep escalation`), else it becomes a new actor typed from its
  ``inter`` code;
* ``location``/``admin1``/``country`` with ``latitude``/``longitude`` and ``geo_precision``
  are the place.

An ACLED row merges with an event extracted from articles when :mod:`sitrep.merge`'s rule
says they are one real event (same family and type rule, dates within a day, same place or
same actors); ACLED rows never merge with each other (ACLED has already done that).  Events
carry their ``coverage`` (1 articles only, 2 ACLED only, 3 both): ``sitrep events --only-in
articles|acled``.

Speed: rows are written in chunks (one transaction each) through the store's bulk path
(:meth:`sitrep.store.Store.bulk_add`: ``executemany`` on SQLite, ``COPY`` on PostgreSQL),
``ANALYZE`` after.  Rows that cannot be read are skipped and reported with their line
number (W410); a file that cannot be read or lacks a required column is E410.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import merge
from .csv_rows import RowProblem, csv_rows, header_of, sniff_delimiter
from .datafiles import read_yaml_mapping
from .errors import DataFileError, SitrepError
from .records import ACTOR_TYPES, PLACE_PRECISIONS, AcledType, Actor, Article, Event, EventDate, EventReport, \
    Evidence, Place

IMPORT_TABLE = Path(__file__).resolve().parent / "data" / "acled_import.yaml"
REQUIRED_COLUMNS = ("event_id_cnty", "event_date", "event_type", "actor1", "country")
SOURCE = "ACLED"
ARTICLE_PREFIX = "acled:"
CHUNK = 5000

csv.field_size_limit(min(sys.maxsize, 2 ** 31 - 1))


# --- the mapping table -------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportTable:
    """``types[(event_type, sub_event_type)]`` (lower case; sub-event ``*`` for any other),
    ``geo_precision[1|2|3]`` and ``inter[code or words]`` of ``acled_import.yaml``."""
    types: dict[tuple[str, str], str]
    geo_precision: dict[int, str]
    inter: dict[str, str]

    def type_of(self, event_type: str, sub_event_type: str) -> str | None:
        et, sub = _low(event_type), _low(sub_event_type)
        return self.types.get((et, sub)) or self.types.get((et, "*"))


@lru_cache(maxsize=4)
def load_import_table(path: str | None = None) -> ImportTable:
    """Read and check the table (``path``, else ``$SITREP_ACLED_IMPORT``, else the bundled one).
    E300 when it cannot be read or names a type, precision or actor type sitrep lacks."""
    chosen = path or os.environ.get("SITREP_ACLED_IMPORT") or str(IMPORT_TABLE)
    raw = read_yaml_mapping(chosen, "ACLED import table", "a mapping with 'types:'")
    types: dict[tuple[str, str], str] = {}
    if not isinstance(raw.get("types"), dict):
        raise DataFileError(f"{chosen}: no 'types' mapping", code="E300")
    for et, subs in raw["types"].items():
        if not isinstance(subs, dict):
            raise DataFileError(f"{chosen}: types.{et} must map sub-event types to sitrep types", code="E300")
        for sub, t in subs.items():
            if t not in merge.FAMILIES:
                raise DataFileError(f"{chosen}: types.{et}.{sub}: {t!r} is not a sitrep event type", code="E300")
            types[(_low(str(et)), _low(str(sub)))] = t
    geo = {int(k): str(v) for k, v in (raw.get("geo_precision") or {}).items()}
    bad = [v for v in geo.values() if v not in PLACE_PRECISIONS]
    inter = {_low(str(k)): str(v) for k, v in (raw.get("inter") or {}).items()}
    bad += [v for v in inter.values() if v not in ACTOR_TYPES]
    if bad:
        raise DataFileError(f"{chosen}: {bad[0]!r} is not a sitrep place precision or actor type", code="E300")
    return ImportTable(types=types, geo_precision=geo, inter=inter)


def _low(text: str) -> str:
    return " ".join((text or "").lower().split())


# --- reading rows ------------------------------------------------------------------------------

@dataclass(frozen=True)
class AcledRecord:
    """One readable row of an export (``line``: its first line in the file, 1 the header)."""
    line: int
    event_id: str
    day: dt.date
    event_type: str
    sub_event_type: str
    actors: tuple[tuple[str, str], ...]      # (name, inter) of actor1 and its associates
    targets: tuple[tuple[str, str], ...]     # (name, inter) of actor2 and its associates
    country: str | None                      # ISO alpha-2
    admin1: str | None
    location: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    fatalities: int | None
    notes: str
    source: str | None = None




def _open_text(path: str) -> Any:
    try:
        return open(path, encoding="utf-8-sig", errors="replace", newline="")
    except OSError as exc:
        raise SitrepError(f"cannot read ACLED export {path}: {exc}", code="E410") from exc


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value: str) -> dt.date:
    text = value.strip()
    if _ISO.match(text):
        return dt.date.fromisoformat(text[:10])
    from .evaluate import parse_acled_date
    return parse_acled_date(text)


@lru_cache(maxsize=4096)
def _country(name: str) -> str | None:
    from .evaluate import country_code
    name = name.strip()
    if len(name) == 2 and name.isalpha():
        return name.upper()
    return country_code(name) if name else None


def _float(value: str, name: str, lo: float, hi: float) -> float | None:
    value = value.strip()
    if not value:
        return None
    x = float(value)
    if not lo <= x <= hi:
        raise ValueError(f"{name} {value!r} out of range")
    return x


def _side(main: str, assoc: str, inter: str) -> tuple[tuple[str, str], ...]:
    names = [main.strip(), *(a.strip() for a in (assoc or "").split(";"))]
    return tuple((n, inter.strip() if i == 0 else "") for i, n in enumerate(dict.fromkeys(n for n in names if n)))


def _record(line: int, rec: dict[str, str]) -> AcledRecord:
    eid = rec.get("event_id_cnty", "").strip()
    if not eid:
        raise ValueError("no event_id_cnty")
    day = _day(rec.get("event_date", ""))
    deaths = rec.get("fatalities", "").strip()
    if deaths and not deaths.isdigit():
        raise ValueError(f"fatalities {deaths!r} is not a whole number")
    geo = rec.get("geo_precision", "").strip()
    if geo and geo not in ("1", "2", "3"):
        raise ValueError(f"geo_precision {geo!r} is not 1, 2 or 3")
    actors = _side(rec.get("actor1", ""), rec.get("assoc_actor_1", ""), rec.get("inter1", ""))
    if not actors:
        raise ValueError("no actor1")
    country = rec.get("country", "").strip()
    return AcledRecord(
        line=line, event_id=eid, day=day, event_type=rec.get("event_type", "").strip(),
        sub_event_type=rec.get("sub_event_type", "").strip(), actors=actors,
        targets=_side(rec.get("actor2", ""), rec.get("assoc_actor_2", ""), rec.get("inter2", "")),
        country=_country(country) if country else None, admin1=rec.get("admin1", "").strip() or None,
        location=rec.get("location", "").strip() or None,
        lat=_float(rec.get("latitude", ""), "latitude", -90, 90), lon=_float(rec.get("longitude", ""), "longitude", -180, 180),
        geo_precision=int(geo) if geo else None, fatalities=int(deaths) if deaths else None,
        notes=" ".join(rec.get("notes", "").split()), source=rec.get("source", "").strip() or None)


def read_acled(path: str, problem: Callable[[RowProblem], None]) -> Iterator[AcledRecord]:
    """The readable rows of an export, streamed; a malformed row goes to ``problem`` (with its
    line number) and is skipped.  E410 when the file cannot be read, has no header or lacks
    one of :data:`REQUIRED_COLUMNS`."""
    with _open_text(path) as fh:
        delimiter = sniff_delimiter(fh.readline())
        fh.seek(0)
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = header_of(reader)
        except csv.Error as exc:
            raise SitrepError(f"{path}: the header row cannot be read: {exc}", code="E410") from exc
        if not header:
            raise SitrepError(f"{path}: empty file, no header row", code="E410")
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise SitrepError(f"{path}: not an ACLED export: no {', '.join(missing)} column "
                              f"(found: {', '.join(header[:12])})", code="E410")
        for start, rec in csv_rows(reader, header, problem, skip_unreadable=True):
            try:
                yield _record(start, rec)
            except ValueError as exc:
                problem(RowProblem(start, str(exc)))

def count_rows(path: str) -> int:
    """Lines after the header (the progress bar's total; a note spanning lines counts more)."""
    n = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            n += chunk.count(b"\n")
    return max(0, n - 1)


# --- actors ------------------------------------------------------------------------------------

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    from .evaluate import fold
    return _SLUG.sub("-", fold(name)).strip("-") or "actor"


class ActorMatcher:
    """ACLED actor names -> knowledge-base actor ids (cached per name): an actor the knowledge
    base holds by that id, name or alias; else the gazetteer's actor (through
    :class:`~sitrep.escalation.series.AcledNames`), stored on first use; else a new actor
    (id: the folded name as a slug, type from the ``inter`` code).  New actors go to
    ``pending`` until the caller stores them."""

    def __init__(self, kb: Any, table: ImportTable, gazetteers: Sequence[str] = ()):
        from .escalation.series import acled_names
        self.kb, self.table = kb, table
        self.names = acled_names(gazetteers)
        self._cache: dict[str, str] = {}
        self.pending: dict[str, Actor] = {}
        self._known: set[str] = set()
        self.new = 0

    def id_of(self, name: str, inter: str) -> str:
        got = self._cache.get(name)
        if got is None:
            got = self._cache[name] = self._find(name, inter)
        return got

    def _find(self, name: str, inter: str) -> str:
        held = self.kb.resolve_actor(name)
        if held:
            return held[0]
        ref = self.names.ref(name)
        gaz = self.names.gazetteer.get(ref.key) if ref is not None else None
        if gaz is not None:
            found = self.kb.resolve_actor(gaz.id)
            aid = found[0] if found else gaz.id
            self._add(Actor(id=aid, name=gaz.name, type=gaz.type, country=gaz.country,
                            aliases=tuple(dict.fromkeys((*gaz.aliases, name)))), new=not found)
            return aid
        kind = self.table.inter.get(_low(inter), "other")
        state = ref.state if ref is not None else None
        aid = slug(name)
        self._add(Actor(id=aid, name=name, type="state_military" if state else kind, country=state, known=True),
                  new=not self.kb.resolve_actor(aid))
        return aid

    def _add(self, actor: Actor, new: bool = True) -> None:
        """Queue an actor (or more aliases of a queued one) for the next :meth:`flush`."""
        held = self.pending.get(actor.id)
        if held is not None:
            actor = Actor(id=held.id, name=held.name, type=held.type, country=held.country,
                          aliases=tuple(dict.fromkeys((*held.aliases, *actor.aliases))))
        elif new and actor.id not in self._known:
            self.new += 1
            self._known.add(actor.id)
        self.pending[actor.id] = actor

    def flush(self) -> list[Actor]:
        out, self.pending = list(self.pending.values()), {}
        return out


# --- the import --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportSummary:
    rows: int = 0                 # readable rows
    events_new: int = 0
    events_merged: int = 0        # rows that joined an event extracted from articles
    skipped: int = 0              # rows already imported (same event_id_cnty)
    malformed: int = 0
    actors_new: int = 0
    seconds: float = 0.0
    problems: tuple[RowProblem, ...] = field(default=(), repr=False)

    def line(self) -> str:
        rate = self.rows / self.seconds if self.seconds else 0.0
        return (f"ACLED rows: {self.rows} read, {self.events_new} new events, {self.events_merged} merged with "
                f"article events, {self.skipped} already imported, {self.malformed} malformed; "
                f"{self.actors_new} new actors ({self.seconds:.1f}s, {rate:.0f} rows/s)")

    def to_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "events_new": self.events_new, "events_merged": self.events_merged,
                "skipped": self.skipped, "malformed": self.malformed, "actors_new": self.actors_new,
                "seconds": self.seconds,
                "problems": [{"line": p.line, "message": p.message} for p in self.problems[:1000]]}


def article_id_of(event_id_cnty: str) -> str:
    return ARTICLE_PREFIX + event_id_cnty


def to_event(r: AcledRecord, table: ImportTable, actor_id: Callable[[str, str], str]) -> Event:
    """The extraction-shaped :class:`Event` of one row (local id ``acled``)."""
    etype = table.type_of(r.event_type, r.sub_event_type) or "attack"
    day = r.day.isoformat()
    precision = table.geo_precision.get(r.geo_precision or 0) or ("city" if r.location else "country")
    place = (Place(name=r.location or "", country=r.country, admin1=r.admin1, lat=r.lat, lon=r.lon,
                   precision=precision) if (r.location or r.country) else None)
    actors = tuple(dict.fromkeys(actor_id(n, i) for n, i in r.actors))
    targets = tuple(t for t in dict.fromkeys(actor_id(n, i) for n, i in r.targets) if t not in actors)
    ev = (Evidence(r.notes, 0, len(r.notes)),) if r.notes else ()
    return Event(id="acled", type=etype, cameo=_cameo(etype), acled=AcledType(r.event_type, r.sub_event_type) if r.event_type else None,
                 actors=actors, targets=targets, date=EventDate(day, day, "day"), location=place,
                 fatalities=r.fatalities, certainty="reported", evidence=ev)


@lru_cache(maxsize=64)
def _cameo(etype: str) -> str:
    """The default CAMEO code of a sitrep type (``codes.yaml``), '' when it has none."""
    from .exports import load_codes
    return str((load_codes().event_types.get(etype) or {}).get("cameo") or "")


def to_article(r: AcledRecord, origin: str) -> Article:
    title = f"ACLED {r.event_id}: {r.sub_event_type or r.event_type}" + (f" in {r.location}" if r.location else "")
    return Article(id=r.event_id, text=r.notes, title=title, source=SOURCE, published=r.day.isoformat(),
                   origin=f"{origin}:{r.line}")


def import_acled(kb: Any, path: str, *, gazetteers: Sequence[str] = (), chunk: int = CHUNK,
                 progress: Callable[[int, int], None] | None = None, total: int = 0,
                 report: Callable[[RowProblem], None] | None = None, table: ImportTable | None = None,
                 analyze: bool = True) -> ImportSummary:
    """Import an ACLED export into ``kb`` (a :class:`sitrep.kb.KB`); see the module doc.

    ``progress(rows done, total)`` after each chunk; ``report`` gets each malformed row (the
    caller warns W410).  Returns an :class:`ImportSummary`."""
    started = time.monotonic()
    table = table or load_import_table()
    matcher = ActorMatcher(kb, table, gazetteers)
    problems: list[RowProblem] = []

    def problem(p: RowProblem) -> None:
        problems.append(p)
        if report:
            report(p)

    counts = {"rows": 0, "new": 0, "merged": 0, "skipped": 0}
    match = kb.article_days()   # the days an ACLED row may meet an article's event (none: no lookups)
    seen: set[str] = set()
    batch: list[AcledRecord] = []

    def flush() -> None:
        if not batch:
            return
        ids = [article_id_of(r.event_id) for r in batch]
        held = kb.store.existing_articles(ids)
        todo = []
        for r, aid in zip(batch, ids):
            if aid in held or aid in seen:
                counts["skipped"] += 1
                continue
            seen.add(aid)
            todo.append(r)
        with kb.store.transaction():
            events = [(r, to_event(r, table, matcher.id_of)) for r in todo]
            actors = matcher.flush()
            for a in actors:
                kb.store.upsert_actor(a)
            counts["merged"] += kb.add_acled_events([(article_id_of(r.event_id), to_article(r, path), e)
                                                     for r, e in events], match=match)
        counts["new"] += len(todo)
        counts["rows"] += len(batch)
        batch.clear()
        if progress:
            progress(counts["rows"] + len(problems), total)  # malformed rows are read rows too

    kb.store.bulk_memory(True)
    try:
        for rec in read_acled(path, problem):
            batch.append(rec)
            if len(batch) >= chunk:
                flush()
        flush()
        if analyze and counts["new"]:
            kb.store.analyze()
    finally:
        kb.store.bulk_memory(False)
    return ImportSummary(rows=counts["rows"], events_new=counts["new"] - counts["merged"],
                         events_merged=counts["merged"], skipped=counts["skipped"], malformed=len(problems),
                         actors_new=matcher.new, seconds=round(time.monotonic() - started, 3),
                         problems=tuple(problems))


__all__ = ["ImportTable", "load_import_table", "AcledRecord", "RowProblem", "read_acled", "count_rows",
           "ActorMatcher", "ImportSummary", "import_acled", "to_event", "to_article", "article_id_of", "slug",
           "REQUIRED_COLUMNS", "SOURCE", "ARTICLE_PREFIX"]
