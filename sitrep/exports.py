"""Exports: knowledge-base records written in other tools' formats.

Pure functions over :class:`~sitrep.records.MergedEvent`, :class:`~sitrep.records.Actor`
and :class:`~sitrep.records.Relation` records (no database access):

==============  ==============================================================
``json``        envelope ``{"format": "sitrep-export/1", "events", "actors", "relations"}``;
                each event is the ``sitrep/1`` EVENT object plus its ``sources``
``jsonl``       one such event object per line
``acled-csv``   ACLED's columns and conventions; events ACLED does not code are skipped
``cameo-tsv``   Phoenix/PETRARCH event columns (with a header line), one row per actor-target dyad
``plover-json`` a JSON array of PLOVER event records
``stix``        a STIX 2.1 bundle (needs ``stix2``)
``geojson``     a FeatureCollection of events that have coordinates
``graphml``     the actor network (relations and event interactions) for Gephi
``parquet``     three tables: events, actors, relations (needs ``pyarrow``)
==============  ==============================================================

``out`` is a path, or an open text or binary stream. ``parquet`` writes three
files into the directory ``out`` names (created if missing): ``events.parquet``,
``actors.parquet`` and ``relations.parquet``; a name ending in ``.parquet`` is refused
(E203), since readers take such a directory for one table.

Mapping tables (our types to ACLED, CAMEO, PLOVER and STIX) are the data file
``sitrep/data/codes.yaml``; :func:`load_codes` reads another copy.

A record a format cannot hold (a statement in ACLED, an event without
coordinates in GeoJSON, a malformed event) is skipped and reported with the
warning W200; the rest of the batch is written.
"""
from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Sequence, TextIO

import yaml

from sitrep import settings
from sitrep.errors import DataFileError, FormatError, SitrepError, warn
from sitrep.ingest import URL_PLACEHOLDERS, real_url  # noqa: F401  (re-exported: pages and exports use it)
from sitrep.records import Actor, Event, EventDate, EventReport, MergedEvent, Place, Relation, to_dict

EXPORT_FORMAT = "sitrep-export/1"
CODES_PATH = Path(__file__).parent / "data" / "codes.yaml"

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
CAMEO_COLUMNS = (
    "EventID", "Date", "Year", "Month", "Day", "SourceActorFull", "SourceActorEntity",
    "SourceActorRole", "SourceActorAttribute", "TargetActorFull", "TargetActorEntity",
    "TargetActorRole", "TargetActorAttribute", "EventCode", "EventRootCode", "QuadClass",
    "GoldsteinScore", "Issues", "Lat", "Lon", "LocationName", "StateName", "CountryCode",
    "SentenceID", "URLs", "NewsSources",
)
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "DEMAND",
    "ACCUSE", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "FIGHT", "INVESTIGATE",
)
# ACLED event types whose first actor is the crowd itself, named after the country.
_ACLED_CROWDS = {"Protests": ("Protesters", 6), "Riots": ("Rioters", 5)}
# ACLED's name for an attacker the sources do not name.
_ACLED_UNNAMED = ("Unidentified Armed Group", 3)
_ACLED_VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")
# Namespace of the deterministic STIX ids (uuid5 of "sitrep:<kind>:<our id>").
_STIX_NAMESPACE = uuid.UUID("6f1c1a52-3c53-4b8e-9d0b-2a4f5e7c9a31")
_STIX_EPOCH = "2000-01-01T00:00:00Z"
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class Codes:
    """The mapping tables of ``codes.yaml``."""
    event_types: dict[str, dict[str, Any]]
    cameo_roots: dict[str, dict[str, Any]]
    actor_types: dict[str, dict[str, Any]]
    acled_civilian_target: dict[str, list[str]] = field(default_factory=dict)
    acled_disorder_types: dict[str, str] = field(default_factory=dict)
    plover_weapon_modes: dict[str, str] = field(default_factory=dict)
    inter_abroad: tuple[str, ...] = ()
    actor_inter_overrides: dict[str, int] = field(default_factory=dict)
    geo_precision: dict[str, int] = field(default_factory=dict)
    acled_regions: dict[str, str] = field(default_factory=dict)  # ISO2 -> region
    country_names: dict[str, str] = field(default_factory=dict)
    stix_relationships: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportStats:
    """What one export wrote: ``written`` records, and ``(record id, reason)`` for each skipped."""
    format: str
    written: int
    skipped: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Dataset:
    """The records to export, with an id -> actor index that also covers ids no actor record names."""
    events: tuple[MergedEvent, ...]
    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...]
    index: dict[str, Actor]
    codes: Codes


@dataclass(frozen=True)
class EventDay:
    """An event's calendar day for formats that need one, with ACLED's time precision."""
    day: date
    time_precision: int  # 1 day, 2 within a week or so, 3 a month or more


class _Skip(Exception):
    """A record the format cannot hold (not an error in the record)."""


# --------------------------------------------------------------------------- codes

def load_codes(path: str | Path | None = None) -> Codes:
    """Read and check a codes file: ``path``, else ``$SITREP_CODES``, else the bundled ``codes.yaml``."""
    chosen = path or settings.get("SITREP_CODES") or CODES_PATH
    return _load_codes(str(Path(chosen)))


@lru_cache(maxsize=8)
def _load_codes(path: str) -> Codes:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"cannot read codes file {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise DataFileError(f"codes file {path} is not a YAML mapping")
    for key in ("event_types", "cameo_roots", "actor_types"):
        if not isinstance(raw.get(key), dict):
            raise DataFileError(f"codes file {path} has no '{key}' mapping")
    _check_event_types(path, raw["event_types"])
    _check_actor_types(path, raw["actor_types"])
    return Codes(
        event_types=raw["event_types"], cameo_roots={str(k).zfill(2): v for k, v in raw["cameo_roots"].items()},
        actor_types=raw["actor_types"],
        acled_civilian_target=raw.get("acled_civilian_target") or {},
        acled_disorder_types=raw.get("acled_disorder_types") or {},
        plover_weapon_modes=raw.get("plover_weapon_modes") or {},
        inter_abroad=tuple(raw.get("inter_abroad") or ()),
        actor_inter_overrides=raw.get("actor_inter_overrides") or {},
        geo_precision=raw.get("geo_precision") or {},
        acled_regions={c: region for region, cs in (raw.get("acled_regions") or {}).items() for c in cs},
        country_names=raw.get("country_names") or {},
        stix_relationships=raw.get("stix_relationships") or {},
    )


def _check_event_types(path: str, table: dict[str, Any]) -> None:
    for name, entry in table.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("cameo"), str):
            raise DataFileError(f"codes file {path}: event type '{name}' needs a cameo string", code="E301")
        for key, size in (("acled", 2), ("plover", 3)):
            value = entry.get(key)
            if value is not None and (not isinstance(value, list) or len(value) != size):
                raise DataFileError(f"codes file {path}: event type '{name}' {key} must be null or "
                                    f"a list of {size}", code="E301")


def _check_actor_types(path: str, table: dict[str, Any]) -> None:
    if "other" not in table:
        raise DataFileError(f"codes file {path}: actor_types needs an 'other' entry", code="E301")
    for name, entry in table.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("inter"), int):
            raise DataFileError(f"codes file {path}: actor type '{name}' needs an integer inter code",
                                code="E301")


# --------------------------------------------------------------------------- entry points

def write_export(fmt: str, events: Sequence[MergedEvent], actors: Sequence[Actor],
                 relations: Sequence[Relation], out: str | Path | BinaryIO | TextIO) -> int:
    """Write ``events``/``actors``/``relations`` to ``out`` in ``fmt``; return the records written.

    The count is events for every format but ``cameo-tsv`` (dyad rows: an event with two
    actors or two targets gives several) and ``graphml`` (actor nodes).
    Unknown ``fmt`` raises :class:`FormatError` (E200); skipped records warn W200.
    """
    return export(fmt, events, actors, relations, out).written


def export(fmt: str, events: Sequence[MergedEvent], actors: Sequence[Actor], relations: Sequence[Relation],
           out: str | Path | BinaryIO | TextIO, *, codes: Codes | None = None) -> ExportStats:
    """Like :func:`write_export`, returning the full :class:`ExportStats` (skipped records and why)."""
    writer = FORMATS.get(fmt)
    if writer is None:
        raise FormatError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    data = build_dataset(events, actors, relations, codes or load_codes())
    stats = writer(data, out)
    _warn_skipped(stats)
    return stats


def build_dataset(events: Iterable[Any], actors: Iterable[Any], relations: Iterable[Any],
                  codes: Codes) -> Dataset:
    """Check the input records (bad ones warn W200 and are dropped) and index the actors."""
    evs = tuple(_valid(events, (MergedEvent, Event), "event"))
    evs = tuple(e if isinstance(e, MergedEvent) else MergedEvent(event=e) for e in evs)
    acts = tuple(_valid(actors, (Actor,), "actor"))
    rels = tuple(_valid(relations, (Relation,), "relation"))
    index: dict[str, Actor] = {}
    for actor in acts:
        index.setdefault(actor.id, actor)
    for actor_id in _referenced_ids(evs, rels):
        index.setdefault(actor_id, Actor(id=actor_id, name=actor_id, type="other", known=False))
    return Dataset(events=evs, actors=acts, relations=rels, index=index, codes=codes)


def _valid(items: Iterable[Any], kinds: tuple[type, ...], what: str) -> Iterator[Any]:
    for n, item in enumerate(items or ()):
        if isinstance(item, kinds):
            yield item
        else:
            warn("W200", f"{what} #{n} is a {type(item).__name__}, not a {kinds[0].__name__}; skipped")


def _referenced_ids(events: Sequence[MergedEvent], relations: Sequence[Relation]) -> list[str]:
    ids: list[str] = []
    for m in events:
        ids.extend(m.event.actors + m.event.targets)
    for r in relations:
        ids.extend((r.subject, r.object))
    return ids


def _warn_skipped(stats: ExportStats) -> None:
    by_reason: dict[str, list[str]] = defaultdict(list)
    for record_id, reason in stats.skipped:
        by_reason[reason].append(record_id)
    for reason, ids in by_reason.items():
        shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
        warn("W200", f"{stats.format}: skipped {len(ids)} record(s), {reason}: {shown}")


_BAD_RECORD = (ValueError, TypeError, KeyError, AttributeError, IndexError)


def _convert(events: Sequence[MergedEvent], build: Callable[[MergedEvent], Any],
             bad: tuple[type[Exception], ...] = ()) -> tuple[list[Any], list]:
    """Apply ``build`` to each event; a skip or a malformed event (``bad`` adds error types) is recorded."""
    rows, skipped = [], []
    for merged in events:
        try:
            rows.append(build(merged))
        except _Skip as why:
            skipped.append((merged.id, str(why)))
        except _BAD_RECORD + bad as exc:
            skipped.append((merged.id, f"malformed event ({type(exc).__name__}: {exc})"))
    return rows, skipped


# --------------------------------------------------------------------------- output plumbing

def _is_binary(out: Any) -> bool:
    if isinstance(out, io.TextIOBase):
        return False
    if isinstance(out, (io.BufferedIOBase, io.RawIOBase)):
        return True
    return "b" in str(getattr(out, "mode", ""))


@contextmanager
def _text_out(out: Any, newline: str | None = None) -> Iterator[TextIO]:
    """A text stream over a path, a binary stream or a text stream."""
    if isinstance(out, (str, Path)):
        try:
            fh = open(out, "w", encoding="utf-8", newline=newline)
        except OSError as exc:
            raise SitrepError(f"cannot write export to {out}: {exc}", code="E203") from exc
        with fh:
            yield fh
    elif _is_binary(out):
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline=newline, write_through=True)
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()
    else:
        yield out


def _write_json_text(out: Any, value: Any) -> None:
    with _text_out(out) as fh:
        json.dump(value, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


def _need(module: str) -> Any:
    try:
        return __import__(module)
    except ImportError as exc:
        raise FormatError(f"this export needs the '{module}' package: pip install 'sitrep[kb]'",
                          code="E202") from exc


# --------------------------------------------------------------------------- shared helpers

def _names(ids: Iterable[str], data: Dataset) -> list[str]:
    return [data.index[i].name for i in ids]


def _evidence_texts(merged: MergedEvent) -> list[str]:
    texts = [e.text for e in merged.event.evidence]
    texts += [e.text for r in merged.reports for e in r.evidence]
    return list(dict.fromkeys(t.strip() for t in texts if t and t.strip()))


def _unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _sources(merged: MergedEvent) -> list[str]:
    return _unique(r.source for r in merged.reports)


#: Placeholders that some sources write where a URL is unknown; never a URL to show or export.
def _urls(merged: MergedEvent) -> list[str]:
    return _unique(real_url(r.url) for r in merged.reports)


def _parse_date(text: str) -> tuple[int, int | None, int | None]:
    match = _DATE_RE.match(text.strip())
    if not match:
        raise ValueError(f"bad date {text!r} (expects YYYY, YYYY-MM or YYYY-MM-DD)")
    y, m, d = (int(g) if g else None for g in match.groups())
    try:
        date(y, m or 1, d or 1)
    except ValueError as exc:
        raise ValueError(f"impossible date {text!r}: {exc}") from exc
    return y, m, d


def _first_date(merged: MergedEvent) -> EventDate | None:
    if merged.event.date and merged.event.date.start:
        return merged.event.date
    for report in merged.reports:
        if report.date and report.date.start:
            return report.date
    return None


def event_day(merged: MergedEvent) -> EventDay | None:
    """The day to file an event under: its (first) date, else the earliest report's publication.

    A partial date (``2019-12``) gives its first day; ACLED's ``time_precision`` says how
    exact it is (1 day, 2 a span of up to about a week, 3 a month or more or a fallback).
    """
    when = _first_date(merged)
    if when is None:
        published = sorted(r.published for r in merged.reports if r.published)
        if not published:
            return None
        y, m, d = _parse_date(published[0])
        return EventDay(date(y, m or 1, d or 1), 3)
    y, m, d = _parse_date(when.start)
    start = date(y, m or 1, d or 1)
    return EventDay(start, _time_precision(when, start, d is not None))


def _time_precision(when: EventDate, start: date, full_day: bool) -> int:
    """ACLED's time_precision: 1 the day is known, 2 within a week, 3 within a month; a date
    taken from the report ("on or shortly before publication") is 2."""
    if not full_day:
        return 3
    if when.precision == "report":
        return 2
    end_text = when.end or when.start
    ey, em, ed = _parse_date(end_text)
    if ed is None:
        return 3
    span = (date(ey, em or 1, ed) - start).days
    if span <= 0:
        return 1
    return 2 if span <= 7 else 3


def _country_name(iso2: str | None, codes: Codes) -> str:
    if not iso2:
        return ""
    if iso2 in codes.country_names:
        return codes.country_names[iso2]
    country = _pycountry(iso2)
    return getattr(country, "common_name", None) or country.name if country else iso2


def _iso3(iso2: str | None) -> str:
    country = _pycountry(iso2) if iso2 else None
    return country.alpha_3 if country else ""


@lru_cache(maxsize=512)
def _pycountry(iso2: str) -> Any:
    import pycountry
    return pycountry.countries.get(alpha_2=iso2.upper())


def _type_codes(event: Event, codes: Codes) -> dict[str, Any]:
    return codes.event_types.get(event.type) or {}


# --------------------------------------------------------------------------- json / jsonl

def event_record(merged: MergedEvent) -> dict[str, Any]:
    """The ``sitrep/1`` EVENT object of the headline event plus one ``sources`` entry per report."""
    record = to_dict(merged.event)
    record["sources"] = [_report_record(r) for r in merged.reports]
    return record


def _report_record(report: EventReport) -> dict[str, Any]:
    return {
        "article_id": report.article_id, "event_id": report.event_id, "source": report.source,
        "url": real_url(report.url), "published": report.published, "type": report.type,
        "date": to_dict(report.date), "location": to_dict(report.location),
        "fatalities": report.fatalities, "injured": report.injured, "certainty": report.certainty,
        "evidence": to_dict(report.evidence),
    }


def write_json(data: Dataset, out: Any) -> ExportStats:
    events, skipped = _convert(data.events, event_record)
    _write_json_text(out, {
        "format": EXPORT_FORMAT,
        "events": events,
        "actors": [to_dict(a) for a in data.actors],
        "relations": [to_dict(r) for r in data.relations],
    })
    return ExportStats("json", len(events), tuple(skipped))


def write_jsonl(data: Dataset, out: Any) -> ExportStats:
    events, skipped = _convert(data.events, event_record)
    with _text_out(out) as fh:
        for record in events:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return ExportStats("jsonl", len(events), tuple(skipped))


# --------------------------------------------------------------------------- ACLED

def acled_types(merged: MergedEvent, data: Dataset) -> tuple[str, str]:
    """ACLED (event_type, sub_event_type): the event's own, else the type default; _Skip if none."""
    event = merged.event
    if event.acled:
        return event.acled.event_type, event.acled.sub_event_type
    default = _type_codes(event, data.codes).get("acled")
    if not default:
        raise _Skip("no ACLED event type")
    civilian = data.codes.acled_civilian_target.get(event.type)
    if civilian and event.targets and all(data.index[t].type == "civilians" for t in event.targets):
        return civilian[0], civilian[1]
    return default[0], default[1]


def acled_inter(actor: Actor, place_country: str | None, codes: Codes) -> int:
    """ACLED inter code of an actor; a state's forces outside their own country are 8."""
    if actor.id in codes.actor_inter_overrides:
        return int(codes.actor_inter_overrides[actor.id])
    spec = codes.actor_types.get(actor.type) or codes.actor_types["other"]
    abroad = actor.country and place_country and actor.country.upper() != place_country.upper()
    if actor.type in codes.inter_abroad and abroad:
        return 8
    return int(spec["inter"])


def acled_interaction(inter1: int, inter2: int) -> int:
    """The two inter codes as a sorted two-digit number; a lone actor gives ``inter1 * 10``."""
    if not inter1 or not inter2:
        return (inter1 or inter2) * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _acled_side(ids: Sequence[str], country: str | None, data: Dataset) -> tuple[str, str, int | str]:
    if not ids:
        return "", "", ""
    actors = [data.index[i] for i in ids]
    return actors[0].name, "; ".join(a.name for a in actors[1:]), acled_inter(actors[0], country, data.codes)


def _acled_actor1(event_type: str, merged: MergedEvent, country: str | None,
                  data: Dataset) -> tuple[str, str, int | str]:
    """Actor 1: a crowd for protests and riots (named groups become associates), else the first actor."""
    place = _country_name(country, data.codes) or "International"
    named = _names(merged.event.actors, data)
    if event_type in _ACLED_CROWDS:
        crowd, inter = _ACLED_CROWDS[event_type]
        return f"{crowd} ({place})", "; ".join(named), inter
    if not named and event_type in _ACLED_VIOLENCE:
        return f"{_ACLED_UNNAMED[0]} ({place})", "", _ACLED_UNNAMED[1]
    return _acled_side(merged.event.actors, country, data)


def acled_row(merged: MergedEvent, data: Dataset) -> dict[str, Any]:
    """One ACLED row; raises _Skip for events ACLED does not code."""
    event = merged.event
    if event.certainty == "false":
        raise _Skip("the sources call the event false")
    event_type, sub_event_type = acled_types(merged, data)
    day = event_day(merged)
    if day is None:
        raise _Skip("no date")
    place = event.location or _report_place(merged) or Place(name="")
    actor1, assoc1, inter1 = _acled_actor1(event_type, merged, place.country, data)
    actor2, assoc2, inter2 = _acled_side(event.targets, place.country, data)
    if not actor2 and event_type == "Violence against civilians":  # victims are civilians by the codebook
        actor2, inter2 = f"Civilians ({_country_name(place.country, data.codes) or 'International'})", 7
    row = {
        "event_id_cnty": _acled_id(event.id, place.country), "event_date": day.day.isoformat(),
        "year": day.day.year, "time_precision": day.time_precision,
        "disorder_type": data.codes.acled_disorder_types.get(event_type, ""),
        "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": actor1, "assoc_actor_1": assoc1, "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": assoc2, "inter2": inter2,
        "interaction": acled_interaction(int(inter1 or 0), int(inter2 or 0)),
        "civilian_targeting": _civilian_targeting(event, data),
        "source": "; ".join(_sources(merged)), "source_scale": "",
        "notes": " ".join(_evidence_texts(merged)), "fatalities": event.fatalities or 0,
        "tags": "; ".join(_acled_tags(merged, data)), "timestamp": _timestamp(merged),
    }
    row.update(_acled_place(place, data.codes))
    return row


def _report_place(merged: MergedEvent) -> Place | None:
    return next((r.location for r in merged.reports if r.location), None)


def _acled_id(event_id: str, country: str | None) -> str:
    iso3 = _iso3(country)
    return f"{iso3}{event_id}" if event_id.isdigit() else "-".join(p for p in (iso3, event_id) if p)


def _acled_place(place: Place, codes: Codes) -> dict[str, Any]:
    country = _pycountry(place.country) if place.country else None
    return {
        "iso": int(country.numeric) if country else "", "region": codes.acled_regions.get(place.country or "", ""),
        "country": _country_name(place.country, codes), "admin1": place.admin1 or "", "admin2": "", "admin3": "",
        "location": place.name or "",
        "latitude": "" if place.lat is None else round(float(place.lat), 4),
        "longitude": "" if place.lon is None else round(float(place.lon), 4),
        "geo_precision": codes.geo_precision.get(place.precision, 3) if place.name else "",
    }


def _civilian_targeting(event: Event, data: Dataset) -> str:
    if any(data.index[t].type == "civilians" for t in event.targets):
        return "Civilian targeting"
    return ""


def _acled_tags(merged: MergedEvent, data: Dataset) -> list[str]:
    tags = []
    figures = _unique(str(r.fatalities) for r in merged.reports if r.fatalities is not None)
    if len(figures) > 1:
        tags.append("fatalities reported: " + ", ".join(figures))
    if merged.event.certainty in ("claimed", "denied"):
        by = data.index[merged.event.claimed_by].name if merged.event.claimed_by in data.index else ""
        tags.append(f"{merged.event.certainty}" + (f" by {by}" if by else ""))
    return tags


def _timestamp(merged: MergedEvent) -> int | str:
    published = sorted(r.published for r in merged.reports if r.published)
    if not published:
        return ""
    y, m, d = _parse_date(published[-1])
    return int(datetime(y, m or 1, d or 1, tzinfo=timezone.utc).timestamp())


def write_acled_csv(data: Dataset, out: Any) -> ExportStats:
    rows, skipped = _convert(data.events, lambda m: acled_row(m, data))
    with _text_out(out, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return ExportStats("acled-csv", len(rows), tuple(skipped))


# --------------------------------------------------------------------------- CAMEO / Phoenix

def cameo_code(event: Event, codes: Codes) -> str:
    """The event's CAMEO code (digits only), else the default for its type."""
    digits = re.match(r"\s*(\d{2,4})", event.cameo or "")
    if digits:
        return digits.group(1)
    default = _type_codes(event, codes).get("cameo")
    if not default:
        raise _Skip("no CAMEO code")
    return default


def cameo_actor_code(actor: Actor | None, codes: Codes) -> tuple[str, str, str]:
    """(full code, entity, role): entity is the ISO3 country (or IGO/IMG/---), role from the actor type."""
    if actor is None:
        return "", "", ""
    spec = codes.actor_types.get(actor.type) or codes.actor_types["other"]
    entity = _iso3(actor.country) or spec.get("cameo_entity") or "---"
    role = spec.get("cameo_role") or ""
    return entity + role, entity, role


def cameo_dyads(event: Event) -> list[tuple[str | None, str | None]]:
    """(source, target) actor-id pairs: every actor with every target, as Phoenix codes one dyad a row."""
    sources = list(event.actors) or [None]
    targets = list(event.targets) or [None]
    return [(s, t) for s in sources for t in targets if s is None or s != t]


def cameo_rows(merged: MergedEvent, data: Dataset) -> list[dict[str, Any]]:
    """One Phoenix row per dyad; EventID is the event id, suffixed ``-2``, ``-3``... for further dyads."""
    event = merged.event
    code = cameo_code(event, data.codes)
    root = code[:2]
    if root not in data.codes.cameo_roots:
        raise ValueError(f"CAMEO code {code!r} has no known root")
    common = _cameo_common(merged, data, code, root)
    rows = []
    for n, (source, target) in enumerate(cameo_dyads(event), start=1):
        src = cameo_actor_code(data.index[source] if source else None, data.codes)
        tgt = cameo_actor_code(data.index[target] if target else None, data.codes)
        rows.append({**common, "EventID": event.id if n == 1 else f"{event.id}-{n}",
                     "SourceActorFull": src[0], "SourceActorEntity": src[1], "SourceActorRole": src[2],
                     "TargetActorFull": tgt[0], "TargetActorEntity": tgt[1], "TargetActorRole": tgt[2]})
    return rows


def _cameo_common(merged: MergedEvent, data: Dataset, code: str, root: str) -> dict[str, Any]:
    day = event_day(merged)
    place = merged.event.location or _report_place(merged) or Place(name="")
    return {
        "Date": day.day.strftime("%Y%m%d") if day else "",
        "Year": day.day.year if day else "", "Month": day.day.month if day else "",
        "Day": day.day.day if day else "", "SourceActorAttribute": "", "TargetActorAttribute": "",
        "EventCode": code, "EventRootCode": root, "QuadClass": data.codes.cameo_roots[root]["quad"],
        "GoldsteinScore": data.codes.cameo_roots[root]["goldstein"], "Issues": "",
        "Lat": "" if place.lat is None else place.lat, "Lon": "" if place.lon is None else place.lon,
        "LocationName": place.name, "StateName": place.admin1 or "", "CountryCode": _iso3(place.country),
        "SentenceID": _sentence_id(merged), "URLs": ";".join(_urls(merged)),
        "NewsSources": ";".join(_sources(merged)),
    }


def _sentence_id(merged: MergedEvent) -> str:
    if merged.reports:
        return f"{merged.reports[0].article_id}_{merged.reports[0].event_id}"
    return merged.id


def write_cameo_tsv(data: Dataset, out: Any) -> ExportStats:
    per_event, skipped = _convert(data.events, lambda m: cameo_rows(m, data))
    rows = [row for event_rows in per_event for row in event_rows]
    with _text_out(out, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CAMEO_COLUMNS, delimiter="\t", lineterminator="\n",
                                quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)
    return ExportStats("cameo-tsv", len(rows), tuple(skipped))


# --------------------------------------------------------------------------- PLOVER

def plover_type(event: Event, codes: Codes) -> tuple[str, str | None, str | None]:
    """(event_type, mode, context): the event's own PLOVER type if valid, else the table's."""
    table = _type_codes(event, codes).get("plover")
    own = (event.plover or "").strip().upper()
    if own in PLOVER_TYPES:
        mode, context = (table[1], table[2]) if table and table[0] == own else (None, None)
        event_type = own
    elif table:
        event_type, mode, context = table
    else:
        raise _Skip("no PLOVER event type")
    if event_type == "ASSAULT" and not mode:
        mode = _weapon_mode(event.weapon, codes)
    return event_type, mode, context


def _weapon_mode(weapon: str | None, codes: Codes) -> str | None:
    text = (weapon or "").lower()
    return next((mode for word, mode in codes.plover_weapon_modes.items() if word in text), None)


def plover_record(merged: MergedEvent, data: Dataset) -> dict[str, Any]:
    event = merged.event
    event_type, mode, context = plover_type(event, data.codes)
    day = event_day(merged)
    actor = data.index[event.actors[0]] if event.actors else None
    recipient = data.index[event.targets[0]] if event.targets else None
    place = event.location or _report_place(merged)
    return {
        "id": event.id, "date": day.day.isoformat() if day else None,
        "date_precision": event.date.precision if event.date else None,
        "event_type": event_type, "mode": mode, "context": context,
        "actor": actor.name if actor else None, "actor_country": _iso3(actor.country) or None if actor else None,
        "recipient": recipient.name if recipient else None,
        "recipient_country": _iso3(recipient.country) or None if recipient else None,
        "source": "; ".join(_sources(merged)) or None, "urls": _urls(merged),
        "location": to_dict(place), "fatalities": event.fatalities, "certainty": event.certainty,
        "text": " ".join(_evidence_texts(merged)),
    }


def write_plover_json(data: Dataset, out: Any) -> ExportStats:
    records, skipped = _convert(data.events, lambda m: plover_record(m, data))
    _write_json_text(out, records)
    return ExportStats("plover-json", len(records), tuple(skipped))


# --------------------------------------------------------------------------- STIX 2.1

def stix_id(kind: str, key: str) -> str:
    """A deterministic STIX id: ``kind--uuid5(sitrep namespace, kind:key)``."""
    return f"{kind}--{uuid.uuid5(_STIX_NAMESPACE, f'{kind}:{key}')}"


def _stix_time(day: date | None) -> str:
    return f"{day.isoformat()}T00:00:00Z" if day else _STIX_EPOCH


def _as_of(data: Dataset) -> str:
    """The latest publication date in the export: the created/modified time of every object."""
    dates = [r.published for m in data.events for r in m.reports if r.published]
    days = []
    for text in dates:
        try:
            y, m, d = _parse_date(text)
        except ValueError:
            continue
        days.append(date(y, m or 1, d or 1))
    return _stix_time(max(days) if days else None)


def stix_actor(actor: Actor, codes: Codes, stamp: str) -> Any:
    """An intrusion-set (armed groups) or identity (everything else) for an actor."""
    import stix2
    spec = codes.actor_types.get(actor.type) or codes.actor_types["other"]
    common = {"name": actor.name, "created": stamp, "modified": stamp, "allow_custom": True,
              "x_sitrep_id": actor.id, "x_sitrep_type": actor.type}
    if actor.country:
        common["x_sitrep_country"] = actor.country
    if spec.get("stix") == "intrusion-set":
        aliases = [a for a in actor.aliases if a != actor.name]
        return stix2.v21.IntrusionSet(id=stix_id("intrusion-set", actor.id), aliases=aliases or None, **common)
    return stix2.v21.Identity(id=stix_id("identity", actor.id), identity_class=spec.get("identity_class", "unknown"),
                              description=actor.role, **common)


def stix_location(place: Place, stamp: str) -> Any | None:
    """A location with coordinates when known, else the country; None when the place has neither."""
    import stix2
    key = f"{place.name}|{place.country}|{place.lat}|{place.lon}"
    common = {"id": stix_id("location", key), "name": place.name or None, "created": stamp, "modified": stamp}
    if place.lat is not None and place.lon is not None:
        return stix2.v21.Location(latitude=float(place.lat), longitude=float(place.lon),
                                  country=place.country or None, **common)
    if place.country:
        return stix2.v21.Location(country=place.country, **common)
    return None


def stix_relationship(relation: Relation, data: Dataset, objects: dict[str, Any], stamp: str) -> Any:
    import stix2
    rel_type = data.codes.stix_relationships.get(relation.predicate, relation.predicate.replace("_", "-"))
    key = f"{relation.subject}|{relation.predicate}|{relation.object}"
    description = " ".join(e.text for e in relation.evidence) or None
    return stix2.v21.Relationship(
        id=stix_id("relationship", key), relationship_type=rel_type,
        source_ref=objects[relation.subject].id, target_ref=objects[relation.object].id,
        description=description, start_time=_relation_time(relation.since),
        stop_time=_relation_time(relation.until), created=stamp, modified=stamp,
    )


def _relation_time(text: str | None) -> str | None:
    if not text:
        return None
    y, m, d = _parse_date(text)
    return _stix_time(date(y, m or 1, d or 1))


def stix_report(merged: MergedEvent, data: Dataset, objects: dict[str, Any], location: Any | None,
                stamp: str) -> Any:
    """A report for one event, referring to its actors, targets and place."""
    import stix2
    event = merged.event
    refs = _unique([objects[i].id for i in event.actors + event.targets if i in objects]
                   + [location.id if location else None])
    if not refs:
        raise _Skip("no actor or place to refer to")
    day = event_day(merged)
    return stix2.v21.Report(
        id=stix_id("report", event.id), name=_report_name(merged, data), report_types=["threat-report"],
        published=_stix_time(day.day) if day else stamp, object_refs=refs,
        description=" ".join(_evidence_texts(merged)) or None, created=stamp, modified=stamp,
        external_references=_stix_sources(merged) or None, allow_custom=True,
        x_sitrep_event_type=event.type, x_sitrep_cameo=event.cameo, x_sitrep_certainty=event.certainty,
        x_sitrep_fatalities=event.fatalities, x_sitrep_actors=list(event.actors),
        x_sitrep_targets=list(event.targets),
    )


def _report_name(merged: MergedEvent, data: Dataset) -> str:
    event = merged.event
    who = ", ".join(_names(event.actors, data)) or "unknown actor"
    whom = ", ".join(_names(event.targets, data))
    where = f" at {event.location.name}" if event.location and event.location.name else ""
    return f"{event.type.replace('_', ' ')}: {who}" + (f" against {whom}" if whom else "") + where


def _stix_sources(merged: MergedEvent) -> list[dict[str, str]]:
    refs = []
    for report in merged.reports:
        ref = {"source_name": report.source or report.article_id, "external_id": report.article_id}
        if real_url(report.url):
            ref["url"] = real_url(report.url)
        refs.append(ref)
    return refs


def write_stix(data: Dataset, out: Any) -> ExportStats:
    stix2 = _need("stix2")
    stamp = _as_of(data)
    bad = (stix2.exceptions.STIXError,)
    actors, actor_skipped = _stix_actors(data, stamp, bad)
    locations: dict[str, Any] = {}
    reports, skipped = _convert(data.events, lambda m: _stix_event(m, data, actors, locations, stamp), bad)
    relationships, rel_skipped = _stix_relationships(data, actors, stamp, bad)
    objects = list(actors.values()) + list(locations.values()) + relationships + reports
    bundle_id = stix_id("bundle", "|".join(o.id for o in objects))
    bundle = stix2.v21.Bundle(objects=objects, id=bundle_id, allow_custom=True)
    with _text_out(out) as fh:
        fh.write(bundle.serialize(indent=2) + "\n")
    return ExportStats("stix", len(reports), tuple(actor_skipped + skipped + rel_skipped))


def _stix_actors(data: Dataset, stamp: str, bad: tuple[type[Exception], ...]) -> tuple[dict[str, Any], list]:
    made, skipped = {}, []
    for actor_id, actor in data.index.items():
        try:
            made[actor_id] = stix_actor(actor, data.codes, stamp)
        except _BAD_RECORD + bad as exc:
            skipped.append((actor_id, f"malformed actor ({type(exc).__name__}: {exc})"))
    return made, skipped


def _stix_event(merged: MergedEvent, data: Dataset, actors: dict[str, Any], locations: dict[str, Any],
                stamp: str) -> Any:
    place = merged.event.location or _report_place(merged)
    location = stix_location(place, stamp) if place else None
    if location is not None:
        location = locations.setdefault(location.id, location)
    return stix_report(merged, data, actors, location, stamp)


def _stix_relationships(data: Dataset, actors: dict[str, Any], stamp: str,
                        bad: tuple[type[Exception], ...]) -> tuple[list[Any], list]:
    made, skipped = [], []
    for relation in data.relations:
        try:
            made.append(stix_relationship(relation, data, actors, stamp))
        except _BAD_RECORD + bad as exc:
            skipped.append((f"{relation.subject} {relation.predicate} {relation.object}",
                            f"malformed relation ({type(exc).__name__}: {exc})"))
    return made, skipped


# --------------------------------------------------------------------------- GeoJSON

def geojson_feature(merged: MergedEvent, data: Dataset) -> dict[str, Any]:
    event = merged.event
    place = event.location or _report_place(merged)
    if place is None or place.lat is None or place.lon is None:
        raise _Skip("no coordinates")
    day = event_day(merged)
    return {
        "type": "Feature", "id": event.id,
        "geometry": {"type": "Point", "coordinates": [float(place.lon), float(place.lat)]},
        "properties": {
            "id": event.id, "type": event.type, "date": day.day.isoformat() if day else None,
            "date_precision": event.date.precision if event.date else None,
            "actors": _names(event.actors, data), "actor_ids": list(event.actors),
            "targets": _names(event.targets, data), "target_ids": list(event.targets),
            "fatalities": event.fatalities, "injured": event.injured, "certainty": event.certainty,
            "location": place.name, "country": place.country, "location_precision": place.precision,
            "sources": len(merged.reports),
        },
    }


def write_geojson(data: Dataset, out: Any) -> ExportStats:
    features, skipped = _convert(data.events, lambda m: geojson_feature(m, data))
    _write_json_text(out, {"type": "FeatureCollection", "features": features})
    return ExportStats("geojson", len(features), tuple(skipped))


# --------------------------------------------------------------------------- GraphML

def actor_graph(data: Dataset) -> Any:
    """The actor network: nodes are actors, edges relations and aggregated event interactions.

    Every attribute is a str, int, float or bool so the GraphML opens in Gephi, which reads
    ``weight`` (the number of events or 1 for a relation) as the edge weight.
    """
    import networkx as nx
    graph = nx.MultiDiGraph()
    counts = Counter(i for m in data.events for i in set(m.event.actors + m.event.targets))
    for actor_id, actor in data.index.items():
        graph.add_node(actor_id, label=actor.name, name=actor.name, type=actor.type,
                       country=actor.country or "", event_count=counts[actor_id], known=actor.known)
    for n, relation in enumerate(data.relations):
        graph.add_edge(relation.subject, relation.object, key=f"relation-{n}", kind="relation",
                       label=relation.predicate, count=1, weight=1.0, fatalities=0,
                       since=relation.since or "", until=relation.until or "")
    for (source, target, event_type), (count, dead) in _interactions(data.events).items():
        graph.add_edge(source, target, key=f"event-{event_type}", kind="event", label=event_type,
                       count=count, weight=float(count), fatalities=dead, since="", until="")
    return graph


def _interactions(events: Sequence[MergedEvent]) -> dict[tuple[str, str, str], tuple[int, int]]:
    totals: dict[tuple[str, str, str], tuple[int, int]] = {}
    for merged in events:
        event = merged.event
        for source in event.actors:
            for target in event.targets:
                count, dead = totals.get((source, target, event.type), (0, 0))
                totals[(source, target, event.type)] = (count + 1, dead + (event.fatalities or 0))
    return totals


def write_graphml(data: Dataset, out: Any) -> ExportStats:
    import networkx as nx
    graph = actor_graph(data)
    if isinstance(out, (str, Path)) or _is_binary(out):
        try:
            nx.write_graphml(graph, out)
        except OSError as exc:
            raise SitrepError(f"cannot write export to {out}: {exc}", code="E203") from exc
    else:
        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer)
        out.write(buffer.getvalue().decode("utf-8"))
    return ExportStats("graphml", graph.number_of_nodes())


# --------------------------------------------------------------------------- Parquet

def parquet_paths(out: str | Path) -> dict[str, Path]:
    """Where the three tables go: ``out`` is always the directory the user named, holding
    ``events.parquet``, ``actors.parquet`` and ``relations.parquet``.

    E203 when ``out`` is an existing file, or when its name ends in ``.parquet``: pyarrow,
    Spark and DuckDB read a directory so named as one dataset, and would silently mix the
    three tables (their rows in one table, their columns merged)."""
    path = Path(out)
    if path.name.lower().endswith(".parquet"):
        stem = path.name[:-len(".parquet")] or "tables"
        raise SitrepError(f"{out}: the parquet export writes a directory of three tables (events, actors, "
                          "relations), and a directory named *.parquet is read by pyarrow, Spark or DuckDB as "
                          f"one table mixing them: name a directory, e.g. --out {path.parent / stem}/",
                          code="E203")
    if path.exists() and not path.is_dir():
        raise SitrepError(f"{path} is a file; the parquet export writes a directory of three tables "
                          "(events, actors, relations): name a directory", code="E203")
    return {t: path / f"{t}.parquet" for t in ("events", "actors", "relations")}


def _parquet_schemas(pa: Any) -> dict[str, Any]:
    s, f, i, texts = pa.string(), pa.float64(), pa.int64(), pa.list_(pa.string())
    return {
        "events": pa.schema([
            ("id", s), ("type", s), ("cameo", s), ("acled_event_type", s), ("acled_sub_event_type", s),
            ("plover", s), ("actors", texts), ("targets", texts), ("date_start", s), ("date_end", s),
            ("date_precision", s), ("date_text", s), ("location", s), ("country", s), ("admin1", s),
            ("lat", f), ("lon", f), ("location_precision", s), ("fatalities", i), ("injured", i),
            ("count", i), ("weapon", s), ("certainty", s), ("claimed_by", s), ("caused_by", s),
            ("source_count", i), ("sources", texts), ("urls", texts), ("article_ids", texts),
            ("source_fatalities", pa.list_(i)), ("evidence", texts),
        ]),
        "actors": pa.schema([("id", s), ("name", s), ("type", s), ("country", s), ("aliases", texts),
                             ("role", s), ("known", pa.bool_())]),
        "relations": pa.schema([("subject", s), ("predicate", s), ("object", s), ("since", s),
                                ("until", s), ("evidence", texts)]),
    }


def parquet_event_row(merged: MergedEvent) -> dict[str, Any]:
    event, date_, place = merged.event, merged.event.date, merged.event.location
    return {
        "id": event.id, "type": event.type, "cameo": event.cameo,
        "acled_event_type": event.acled.event_type if event.acled else None,
        "acled_sub_event_type": event.acled.sub_event_type if event.acled else None, "plover": event.plover,
        "actors": list(event.actors), "targets": list(event.targets),
        "date_start": date_.start if date_ else None, "date_end": date_.end if date_ else None,
        "date_precision": date_.precision if date_ else None, "date_text": date_.text if date_ else None,
        "location": place.name if place else None, "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "lat": float(place.lat) if place and place.lat is not None else None,
        "lon": float(place.lon) if place and place.lon is not None else None,
        "location_precision": place.precision if place else None,
        "fatalities": event.fatalities, "injured": event.injured, "count": event.count, "weapon": event.weapon,
        "certainty": event.certainty, "claimed_by": event.claimed_by, "caused_by": event.caused_by,
        "source_count": len(merged.reports), "sources": _sources(merged), "urls": _urls(merged),
        "article_ids": [r.article_id for r in merged.reports],
        "source_fatalities": [r.fatalities for r in merged.reports], "evidence": _evidence_texts(merged),
    }


def _actor_row(actor: Actor) -> dict[str, Any]:
    return {"id": actor.id, "name": actor.name, "type": actor.type, "country": actor.country,
            "aliases": list(actor.aliases), "role": actor.role, "known": actor.known}


def _relation_row(relation: Relation) -> dict[str, Any]:
    return {"subject": relation.subject, "predicate": relation.predicate, "object": relation.object,
            "since": relation.since, "until": relation.until, "evidence": [e.text for e in relation.evidence]}


def write_parquet(data: Dataset, out: Any) -> ExportStats:
    if not isinstance(out, (str, Path)):
        raise SitrepError("the parquet export writes three files: give a directory, "
                          f"not a stream ({type(out).__name__})", code="E203")
    paths = parquet_paths(out)
    pa = _need("pyarrow")
    import pyarrow.parquet as pq
    events, skipped = _convert(data.events, parquet_event_row)
    rows = {"events": events, "actors": [_actor_row(a) for a in data.actors],
            "relations": [_relation_row(r) for r in data.relations]}
    schemas = _parquet_schemas(pa)
    try:
        paths["events"].parent.mkdir(parents=True, exist_ok=True)
        for table, path in paths.items():
            pq.write_table(pa.Table.from_pylist(rows[table], schema=schemas[table]), path)
    except OSError as exc:
        raise SitrepError(f"cannot write export to {out}: {exc}", code="E203") from exc
    return ExportStats("parquet", len(events), tuple(skipped))


# --------------------------------------------------------------------------- registry

Writer = Callable[[Dataset, Any], ExportStats]

FORMATS: dict[str, Writer] = {
    "json": write_json,
    "jsonl": write_jsonl,
    "acled-csv": write_acled_csv,
    "cameo-tsv": write_cameo_tsv,
    "plover-json": write_plover_json,
    "stix": write_stix,
    "geojson": write_geojson,
    "graphml": write_graphml,
    "parquet": write_parquet,
}

__all__ = [
    "EXPORT_FORMAT", "FORMATS", "ACLED_COLUMNS", "CAMEO_COLUMNS", "PLOVER_TYPES", "Codes", "ExportStats",
    "Dataset", "EventDay", "load_codes", "write_export", "export", "build_dataset", "event_record", "event_day",
    "acled_row", "acled_types", "acled_inter", "acled_interaction", "cameo_rows", "cameo_dyads", "cameo_code",
    "cameo_actor_code", "plover_record", "plover_type", "stix_id", "stix_actor", "stix_location",
    "stix_report", "stix_relationship", "geojson_feature", "actor_graph", "parquet_paths", "parquet_event_row",
    "real_url", "URL_PLACEHOLDERS",
]
